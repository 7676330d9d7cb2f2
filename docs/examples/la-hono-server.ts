// An LA developer's existing Hono server, with the QA adapter mounted under /qa.
// Install: npm install ehcp-qa hono @hono/node-server sqlite3
// Run:     QA_JWT_SECRET='a long random secret shared with your system' node server.js
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import { createQaApp, jwtAuth } from 'ehcp-qa/server';
import { createSqliteStorage } from 'ehcp-qa/storage/sqlite';

const secret = process.env.QA_JWT_SECRET;
if (!secret) throw new Error('Set QA_JWT_SECRET: the secret your system signs QA tokens with (32+ characters)');

const storage = await createSqliteStorage({ filename: process.env.QA_SQLITE_FILE ?? 'qa.sqlite' });

const app = new Hono();
app.get('/', (c) => c.text('Your own routes stay as they are.'));
app.route('/qa', createQaApp({ storage, auth: jwtAuth({ secret }) }));

serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 3000) }, (info) => {
  console.log(`Listening on http://localhost:${info.port}/ with the QA API under /qa`);
});
