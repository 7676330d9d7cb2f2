// An LA's own framework and scale are data: the adapter grades a Gold/Silver
// framework with no code change, and refuses grades outside that scale.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ehcpPlanV1 } from 'ehcp-qa/criteria';
import { qaOperations } from 'ehcp-qa/server';
import { goldSilverFramework } from '../fixtures/gold-silver-framework.js';
import { harness, newAudit, problem } from './helpers.js';

test('a Gold/Silver framework: grades on its own scale, NA where allowed, overall from its rules', async () => {
  const h = await harness({ frameworks: [ehcpPlanV1, goldSilverFramework] });
  try {
    const list = await (await h.call(h.la.auditor, 'GET', '/frameworks')).json();
    assert.deepEqual(list.items.map((f: { id: string }) => f.id), ['annual-review-gold-silver', 'ehcp-plan']);
    const audit = await (await h.call(h.la.auditor, 'POST', '/audits', { body: newAudit({ frameworkId: 'annual-review-gold-silver', frameworkVersion: undefined }) })).json();
    assert.equal(audit.frameworkVersion, '0.1.0');
    const url = (s: string) => `/audits/${audit.id}/sections/${s}`;
    const outside = await problem(await h.call(h.la.auditor, 'PUT', url('PREP'), { ifMatch: 1, body: { criteriaMet: [], grade: 'good' } }));
    assert.equal(outside.status, 422);
    assert.equal(outside.body.errors[0].field, 'grade');
    assert.match(outside.body.errors[0].message, /gold, silver, bronze, significant-gaps/);
    const naNotAllowed = await problem(await h.call(h.la.auditor, 'PUT', url('PREP'), { ifMatch: 1, body: { criteriaMet: [], grade: 'na' } }));
    assert.equal(naNotAllowed.status, 422);
    const silver = ['PREP.silver.invites-two-weeks', 'PREP.silver.advice-requested', 'PREP.silver.reports-circulated'];
    const prep = await (await h.call(h.la.auditor, 'PUT', url('PREP'), { ifMatch: 1, body: { criteriaMet: [...silver, 'PREP.gold.child-prepared'], grade: 'gold' } })).json();
    assert.equal(prep.sections.PREP.suggestedGrade, 'gold');
    const prog = await (await h.call(h.la.auditor, 'PUT', url('PROG'), { ifMatch: 2, body: { criteriaMet: ['PROG.bronze.some-outcomes-skipped'], grade: 'bronze' } })).json();
    assert.equal(prog.sections.PROG.suggestedGrade, 'bronze');
    const sc = await (await h.call(h.la.auditor, 'PUT', url('SC'), { ifMatch: 3, body: { criteriaMet: ['SC.na.no-involvement'], grade: 'na' } })).json();
    assert.equal(sc.sections.SC.suggestedGrade, 'na');
    const done = await (await h.call(h.la.auditor, 'POST', `/audits/${audit.id}/complete`, { ifMatch: 4 })).json();
    assert.equal(done.status, 'completed');
    assert.ok(['gold', 'silver', 'bronze', 'significant-gaps'].includes(done.overall.grade));
    // A cycle KPI must name a level of a served scale.
    const cycle = await h.call(h.la.manager, 'POST', '/cycles', { body: { name: 'T', startDate: '2025-01-01', endDate: '2025-02-01', kpiTarget: { level: 'silver', share: 0.7 } } });
    assert.equal(cycle.status, 201);
  } finally {
    await h.close();
  }
});

test('every operation that is not public answers 401 without a token, as problem+json', async () => {
  const h = await harness();
  try {
    for (const op of qaOperations) {
      if (op.roles === 'public') continue;
      const path = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => (name === 'version' ? '1.0.0' : name === 'sectionId' ? 'A' : '00000000-0000-4000-8000-000000000000'));
      const res = await h.app.request(`/qa${path}`, { method: op.method.toUpperCase(), headers: { 'content-type': 'application/json' }, ...(op.method === 'get' ? {} : { body: '{}' }) });
      assert.equal(res.status, 401, `${op.operationId} ${op.method} ${path}`);
      assert.equal(res.headers.get('content-type'), 'application/problem+json');
    }
  } finally {
    await h.close();
  }
});
