// The adapter as its own small process, beside a server that is not Node
// (.NET, Java, PHP…); your reverse proxy sends /qa/ to it.
// Install: npm install ehcp-qa hono @hono/node-server sqlite3
// Run:     QA_JWT_SECRET='a long random secret shared with your system' PORT=8787 node qa-server.mjs
import { serveQa } from 'ehcp-qa/server';

const qa = await serveQa();
console.log(`QA API on ${qa.url}`);
