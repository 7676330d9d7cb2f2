// `QA_DATABASE_URL=postgres://… npm run demo`: the demo server on PostgreSQL, seeded on
// first start (every seed hook), serving the pages and the adapter; a second start on
// the same schema finds the data and does not seed again. The public feedback link
// (the one lookup across tenants) works. Skipped, loudly, without PostgreSQL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startDemo } from '../../demo/server.js';
import { POSTGRES_URL, postgresForTests } from '../server-adapter/postgres-helpers.js';

const db = await postgresForTests('the demo on PostgreSQL');

test('the demo runs on PostgreSQL (QA_DATABASE_URL), seeded once', { skip: !db && 'PostgreSQL is not answering' }, async () => {
  const saved = { url: process.env.QA_DATABASE_URL, schema: process.env.QA_DATABASE_SCHEMA };
  process.env.QA_DATABASE_URL = POSTGRES_URL;
  process.env.QA_DATABASE_SCHEMA = db!.schema;
  const logs: string[] = [];
  try {
    let demo = await startDemo({ port: 0, secret: 'x'.repeat(40), log: (m) => logs.push(m) });
    try {
      assert.ok(logs.some((l) => l.includes(`PostgreSQL`) && l.includes(db!.schema)), logs.join('\n'));
      assert.ok(logs.some((l) => l.startsWith('Creating the demo database')));
      const get = (path: string, init?: RequestInit) => fetch(new URL(path, demo.url), init);
      assert.equal((await get('/case')).status, 200);
      const { token } = (await (await get('/demo/token?role=manager')).json()) as { token: string };
      const auth = { authorization: `Bearer ${token}` };
      const summary = (await (await get('/qa/reports/summary', { headers: auth })).json()) as { figures: { audits: number } };
      assert.ok(summary.figures.audits >= 200, JSON.stringify(summary).slice(0, 200));
      const progress = await get('/qa/cycles/cycle-2026-autumn/progress', { headers: auth });
      assert.equal(progress.status, 200);
      const created = await get('/qa/feedback-requests', {
        method: 'POST', headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ planRef: 'NCC-EHCP-2026-0417', plan: { planType: 'new', phase: 'secondary', primaryNeed: 'SLCN', settingType: 'mainstream' }, respondentType: 'child-young-person' }),
      });
      assert.equal(created.status, 201);
      const { link } = (await created.json()) as { link: string };
      assert.equal((await fetch(link)).status, 200, 'the public link finds its request across tenants');
    } finally {
      await demo.close();
    }
    logs.length = 0;
    demo = await startDemo({ port: 0, secret: 'x'.repeat(40), log: (m) => logs.push(m) });
    await demo.close();
    assert.ok(!logs.some((l) => l.startsWith('Creating the demo database')), 'seeded only once');
  } finally {
    for (const [k, v] of [['QA_DATABASE_URL', saved.url], ['QA_DATABASE_SCHEMA', saved.schema]] as const) {
      if (v === undefined) delete process.env[k]; else process.env[k] = v;
    }
  }
});
