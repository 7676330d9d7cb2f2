// The adapter on its own port over the SQLite file given as the first argument, for
// crash.test.ts, which kills it with SIGKILL in the middle of writes.
import { serveQa } from 'ehcp-qa/server';

const qa = await serveQa({ port: 0, hostname: '127.0.0.1', jwtSecret: process.argv[3]!, sqliteFile: process.argv[2]!, logger: { error: () => {} } });
process.stdout.write(`PORT ${qa.port}\n`);
