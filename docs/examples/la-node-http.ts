// An existing Node server (node:http here; Express and Fastify work the same way)
// that hands every request under /qa/ to the adapter.
// Install: npm install ehcp-qa hono @hono/node-server sqlite3
import http from 'node:http';
import { Hono } from 'hono';
import { getRequestListener } from '@hono/node-server';
import { createQaApp, jwtAuth } from 'ehcp-qa/server';
import { createSqliteStorage } from 'ehcp-qa/storage/sqlite';

const secret = process.env.QA_JWT_SECRET;
if (!secret) throw new Error('Set QA_JWT_SECRET: the secret your system signs QA tokens with (32+ characters)');

const storage = await createSqliteStorage({ filename: process.env.QA_SQLITE_FILE ?? 'qa.sqlite' });
const qa = getRequestListener(new Hono().route('/qa', createQaApp({ storage, auth: jwtAuth({ secret }) })).fetch);

function yourExistingHandler(_req: http.IncomingMessage, res: http.ServerResponse) {
  res.end('Your own pages stay as they are.');
}

const server = http.createServer((req, res) => {
  if (req.url?.startsWith('/qa/')) return qa(req, res);
  yourExistingHandler(req, res);
});
server.listen(Number(process.env.PORT ?? 3000), () => {
  const address = server.address();
  console.log(`Listening on http://localhost:${typeof address === 'object' && address ? address.port : ''}/ with the QA API under /qa`);
});
