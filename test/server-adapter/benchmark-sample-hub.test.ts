/**
 * The demo's sample hub: 50 fictional LAs in the nine regions, the demo LA's own
 * contribution sent through its adapter, publications marked as sample data.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { ehcpPlanV1, overallGrade } from 'ehcp-qa/criteria';
import { createMemoryStorage, createQaApp, jwtAuth, REGION_IDS, signQaToken, type Audit } from 'ehcp-qa/server';
import { SAMPLE_LAS, withSampleBenchmarking } from '../../demo/sample-hub.js';

const TENANT = 'demo-la';

test('50 fictional LAs cover all nine regions and are labelled as fictional', () => {
  assert.equal(SAMPLE_LAS.length, 50);
  assert.deepEqual(new Set(SAMPLE_LAS.map((la) => la.region)), new Set(REGION_IDS));
  assert.ok(SAMPLE_LAS.every((la) => la.name.endsWith('(fictional)')));
  assert.equal(new Set(SAMPLE_LAS.map((la) => la.id)).size, 50);
});

test('the demo LA benchmarks its cycles against the sample hub', async () => {
  const storage = createMemoryStorage();
  await storage.createCycle(TENANT, { id: 'cycle-2026-summer', name: 'Summer term 2026', startDate: '2026-04-13', endDate: '2026-07-22', kpiTarget: null, createdAt: '2026-04-13T09:00:00Z' });
  const grades = ['good', 'good', 'good', 'requires-improvement', 'requires-improvement', 'inadequate', 'outstanding', 'good'];
  for (const [i, grade] of grades.entries()) {
    const sectionGrades = Object.fromEntries(ehcpPlanV1.sections.map((s) => [s.id, grade]));
    const at = `2026-05-${String(10 + i).padStart(2, '0')}T10:00:00Z`;
    const audit: Audit = {
      id: randomUUID(), frameworkId: 'ehcp-plan', frameworkVersion: '1.0.0', planRef: `NCC-${i}`, cycleId: 'cycle-2026-summer', auditorId: 'a', auditorRole: 'send-manager',
      plan: { planType: 'new', phase: 'primary', primaryNeed: 'ASD', settingType: 'mainstream' }, status: 'completed', version: 1,
      sections: Object.fromEntries(Object.entries(sectionGrades).map(([id, g]) => [id, { criteriaMet: [], grade: g, suggestedGrade: g, overrideReason: null, comment: null, savedAt: at }])),
      overall: overallGrade(ehcpPlanV1, sectionGrades), startedAt: at, updatedAt: at, completedAt: at, activeSeconds: 300, reopenings: [],
    };
    await storage.createAudit(TENANT, audit);
  }
  const secret = 'demo-test-secret-that-is-long-enough-01234';
  const options = await withSampleBenchmarking({ storage, auth: jwtAuth({ secret }) }, { tenant: TENANT });
  const app = createQaApp(options);
  const token = await signQaToken({ sub: 'manager-dev', tenant: TENANT, roles: ['manager'] }, secret);
  const res = await app.request('/benchmark?cycleId=cycle-2026-summer', { headers: { authorization: `Bearer ${token}` } });
  assert.equal(res.status, 200, await res.clone().text());
  const view = await res.json() as any; // eslint-disable-line @typescript-eslint/no-explicit-any
  assert.equal(view.source.sampleData, true);
  assert.equal(view.period.start, '2026-04-13');
  assert.equal(view.region, 'north-west');
  const overall = view.distributions.find((d: { id: string }) => d.id === 'overall');
  assert.equal(overall.nation.contributors, 51);
  assert.equal(overall.region.contributors, 9); // eight fictional North West LAs and the demo LA
  assert.ok(overall.position.nation.quartile >= 1 && overall.position.nation.quartile <= 4);
  assert.equal(overall.la.plans, 8);
  assert.equal(overall.la.cells.good.count, 4);
  // The quarter holding the audits was contributed and published too.
  const quarter = await app.request('/benchmark?period=2026-Q2', { headers: { authorization: `Bearer ${token}` } });
  assert.equal(quarter.status, 200);
  await storage.close();
});
