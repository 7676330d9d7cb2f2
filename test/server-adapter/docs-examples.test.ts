// The mounting example of docs/adapter.md for a plain Node server, run for real.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import { getRequestListener } from '@hono/node-server';
import { createQaApp, jwtAuth, signQaToken } from 'ehcp-qa/server';
import { createSqliteStorage } from 'ehcp-qa/storage/sqlite';
import { SECRET } from './helpers.js';

test('docs/adapter.md: mounting beside an existing node:http handler', async () => {
  const storage = await createSqliteStorage({ filename: ':memory:' });
  const qa = getRequestListener(new Hono().route('/qa', createQaApp({ storage, auth: jwtAuth({ secret: SECRET }) })).fetch);
  const yourExistingHandler = (_req: http.IncomingMessage, res: http.ServerResponse) => res.end('the host page');
  const server = http.createServer((req, res) => {
    if (req.url?.startsWith('/qa/')) return qa(req, res);
    yourExistingHandler(req, res);
  }).listen(0, '127.0.0.1');
  try {
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const token = await signQaToken({ sub: 'a1', tenant: 'la-doc', roles: ['auditor'] }, SECRET);
    const frameworks = await fetch(`${base}/qa/frameworks`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(frameworks.status, 200);
    assert.equal((await fetch(`${base}/qa/audits`)).status, 401);
    assert.equal(await (await fetch(`${base}/somewhere-else`)).text(), 'the host page');
  } finally {
    await new Promise((resolve) => server.close(resolve));
    await storage.close();
  }
});
