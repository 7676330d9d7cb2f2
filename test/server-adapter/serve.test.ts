// serveQa over real HTTP: port from PORT, secret from QA_JWT_SECRET, SQLite file
// from QA_SQLITE_FILE; the document is public, everything else needs a token.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveQa, signQaToken } from 'ehcp-qa/server';
import { SECRET } from './helpers.js';

test('serveQa starts on PORT, serves the OpenAPI document, and answers 401 problem+json without a token', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ehcp-qa-serve-'));
  const saved = { PORT: process.env.PORT, QA_JWT_SECRET: process.env.QA_JWT_SECRET, QA_SQLITE_FILE: process.env.QA_SQLITE_FILE };
  process.env.PORT = '0'; // 0: the system picks a free port
  process.env.QA_JWT_SECRET = SECRET;
  process.env.QA_SQLITE_FILE = join(dir, 'qa.sqlite');
  const qa = await serveQa();
  try {
    assert.ok(qa.port > 0);
    assert.ok(existsSync(join(dir, 'qa.sqlite')));
    const doc = await fetch(`${qa.url}/openapi.json`);
    assert.equal(doc.status, 200);
    assert.equal((await doc.json()).openapi, '3.1.0');
    const anonymous = await fetch(`${qa.url}/audits`);
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.headers.get('content-type'), 'application/problem+json');
    const body = await anonymous.json();
    assert.equal(body.status, 401);
    assert.equal(body.title, 'Sign-in required');
    const token = await signQaToken({ sub: 'm1', tenant: 'la-serve', roles: ['manager'] }, SECRET);
    const cycles = await fetch(`${qa.url}/cycles`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(cycles.status, 200);
    assert.deepEqual(await cycles.json(), { items: [], nextCursor: null });
    assert.equal((await fetch(`http://127.0.0.1:${qa.port}/elsewhere`)).status, 404);
  } finally {
    await qa.close();
    Object.assign(process.env, saved);
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
    rmSync(dir, { recursive: true, force: true });
  }
});

test('serveQa refuses to start without a secret', async () => {
  const saved = process.env.QA_JWT_SECRET;
  delete process.env.QA_JWT_SECRET;
  try {
    await assert.rejects(serveQa({ port: 0, sqliteFile: ':memory:' }), /QA_JWT_SECRET/);
  } finally {
    if (saved !== undefined) process.env.QA_JWT_SECRET = saved;
  }
});

test('serveQa serves the adapter under its base path by the adapter\'s own fetch: unknown paths, inside the base path or not, and wrong methods answer problem+json', async () => {
  for (const basePath of ['/api/qa', '']) {
    const qa = await serveQa({ port: 0, hostname: '127.0.0.1', sqliteFile: ':memory:', jwtSecret: SECRET, basePath });
    try {
      const origin = `http://127.0.0.1:${qa.port}`;
      assert.equal(qa.url, `${origin}${basePath}`);
      assert.equal((await fetch(`${qa.url}/openapi.json`)).status, 200);
      const token = await signQaToken({ sub: 'm1', tenant: 'la-serve', roles: ['manager'] }, SECRET);
      assert.equal((await fetch(`${qa.url}/cycles`, { headers: { authorization: `Bearer ${token}` } })).status, 200);
      const inside = await fetch(`${qa.url}/nowhere`);
      assert.equal(inside.status, 404);
      assert.equal(inside.headers.get('content-type'), 'application/problem+json');
      // The path named is the one under the base path, as the API's own paths are written.
      assert.match((await inside.json()).detail, /GET \/nowhere\b/);
      const wrongMethod = await fetch(`${qa.url}/openapi.json`, { method: 'DELETE' });
      assert.equal(wrongMethod.status, 405);
      assert.equal(wrongMethod.headers.get('allow'), 'GET, HEAD');
      if (basePath) {
        const outside = await fetch(`${origin}/elsewhere`);
        assert.equal(outside.status, 404);
        assert.equal(outside.headers.get('content-type'), 'application/problem+json');
      }
    } finally {
      await qa.close();
    }
  }
});
