/**
 * The demo's sample hub: 50 fictional LAs in the nine regions, the demo LA's own
 * contribution sent through its adapter, publications marked as sample data.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ehcpPlanV1 } from 'ehcp-qa/criteria';
import { createMemoryStorage, createQaApp, jwtAuth, REGION_IDS, signQaToken } from 'ehcp-qa/server';
import { DEMO_CYCLES, DEMO_TENANT, seedDemo } from '../../demo/seed.js';
import { SAMPLE_LAS, withSampleBenchmarking } from '../../demo/sample-hub.js';

test('50 fictional LAs cover all nine regions and are labelled as fictional', () => {
  assert.equal(SAMPLE_LAS.length, 50);
  assert.deepEqual(new Set(SAMPLE_LAS.map((la) => la.region)), new Set(REGION_IDS));
  assert.ok(SAMPLE_LAS.every((la) => la.name.endsWith('(fictional)')));
  assert.equal(new Set(SAMPLE_LAS.map((la) => la.id)).size, 50);
});

test('the demo LA benchmarks its cycles against the sample hub', async () => {
  const storage = createMemoryStorage();
  await seedDemo(storage, { framework: ehcpPlanV1, now: new Date('2026-11-23T12:00:00Z') });
  const secret = 'demo-test-secret-that-is-long-enough-01234';
  const options = await withSampleBenchmarking({ storage, auth: jwtAuth({ secret }) }, { tenant: DEMO_TENANT });
  const app = createQaApp(options);
  const token = await signQaToken({ sub: 'manager-dev', tenant: DEMO_TENANT, roles: ['manager'] }, secret);
  const res = await app.request(`/benchmark?cycleId=${DEMO_CYCLES[1]!.id}`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200, await res.clone().text());
  const view = await res.json() as any; // eslint-disable-line @typescript-eslint/no-explicit-any
  assert.equal(view.source.sampleData, true);
  assert.equal(view.region, 'north-west');
  const overall = view.distributions.find((d: { id: string }) => d.id === 'overall');
  assert.equal(overall.nation.contributors, 51);
  assert.equal(overall.region.contributors, 9); // eight fictional North West LAs and the demo LA
  assert.ok(overall.position.nation.quartile >= 1 && overall.position.nation.quartile <= 4);
  assert.equal(overall.la.plans, DEMO_CYCLES[1]!.audits);
  await storage.close();
});
