// The demo's audit cycle: the autumn term planned, sampled, allocated and part-way
// done, and a year of 2025 audits imported from a spreadsheet, seen through the adapter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Hono } from 'hono';
import { ehcpPlanV2 } from 'ehcp-qa/criteria';
import { createQaApp, jwtAuth, signQaToken } from 'ehcp-qa/server';
import { createSqliteStorage } from 'ehcp-qa/storage/sqlite';
import { DEMO_TENANT, seedDemo } from '../../demo/seed.js';
import { DEMO_SAMPLE_SEED, seedPlanning } from '../../demo/seed-planning.js';

test('demo: the autumn cycle is sampled with its seed, allocated and part-way done; the 2025 history is in the trend', async () => {
  const storage = await createSqliteStorage({ filename: ':memory:' });
  try {
    await seedDemo(storage, { framework: ehcpPlanV2, now: new Date('2026-11-23T12:00:00Z'), hooks: [{ name: 'planning', run: seedPlanning }] });
    const secret = 'demo-planning-test-secret-0123456789';
    const app = new Hono().route('/qa', createQaApp({ storage, auth: jwtAuth({ secret }) }));
    const token = await signQaToken({ sub: 'manager-dev', tenant: DEMO_TENANT, roles: ['manager'] }, secret);
    const get = async (path: string) => (await app.request(`/qa${path}`, { headers: { authorization: `Bearer ${token}` } })).json() as Promise<any>;

    const sample = await get('/cycles/cycle-2026-autumn/sample');
    assert.equal(sample.seed, DEMO_SAMPLE_SEED);
    assert.equal(sample.planRefs.length, 40);
    const progress = await get('/cycles/cycle-2026-autumn/progress');
    assert.equal(progress.total.allocated, 40);
    assert.ok(progress.total.audited > 0 && progress.total.audited < 40, `part-way: ${progress.total.audited} audited`);
    assert.ok(progress.total.notStarted > 0);
    assert.deepEqual(progress.byAgency.map((a: { agency: string }) => a.agency), ['education', 'health', 'parent-carer-forum']);

    const trend = await get('/reports/trend?frameworkId=ehcp-plan');
    assert.deepEqual(trend.points.map((p: { name: string }) => p.name).slice(0, 3), ['Spring term 2025', 'Summer term 2025', 'Autumn term 2025']);
    assert.deepEqual(trend.points.slice(0, 3).map((p: { goodOrBetter: { count: number } }) => p.goodOrBetter.count), [6, 8, 10]);
    const imported = await get('/audits?cycleId=cycle-2025-spring&limit=100');
    assert.ok(imported.items.every((a: { auditorId: string }) => a.auditorId === 'imported'));
  } finally {
    await storage.close();
  }
});
