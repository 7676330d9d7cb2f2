// Timeliness beside quality: plans issued within 20 weeks of the request, and whether
// late plans were graded worse, with counts of 1–4 suppressed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { daysToIssue, suppressedProportion, timelinessFigures, type RegisteredPlan } from 'ehcp-qa/server';
import { gradeAll, harness, newAudit } from './helpers.js';

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-6, `${a} vs ${b}`);

test('20 weeks is 140 days: issued on day 140 is on time, day 141 late; missing dates are left out', () => {
  assert.equal(daysToIssue({ requestDate: '2026-01-01', issueDate: '2026-05-21' }), 140);
  assert.equal(daysToIssue({ requestDate: '2026-01-01', issueDate: '2026-05-22' }), 141);
  assert.equal(daysToIssue({ requestDate: null, issueDate: '2026-05-22' }), null);
});

test('suppression: counts of 1–4, their complement, or a group under 5 are hidden', () => {
  assert.deepEqual(suppressedProportion(3, 40), { count: null, n: 40, share: null, ci: null, suppressed: true });
  assert.deepEqual(suppressedProportion(37, 40), { count: null, n: 40, share: null, ci: null, suppressed: true });
  assert.deepEqual(suppressedProportion(2, 3), { count: null, n: null, share: null, ci: null, suppressed: true });
  const shown = suppressedProportion(18, 40);
  assert.equal(shown.share, 0.45);
  close(shown.ci!.lower, 0.307053);
  close(shown.ci!.upper, 0.601709);
  assert.deepEqual(suppressedProportion(0, 6), { count: 0, n: 6, share: 0, ci: { lower: 0, upper: suppressedProportion(0, 6).ci!.upper }, suppressed: false });
  assert.deepEqual(suppressedProportion(0, 0), { count: 0, n: 0, share: null, ci: null, suppressed: false });
});

function plan(ref: string, requestDate: string | null, issueDate: string | null, extra: Partial<RegisteredPlan> = {}): RegisteredPlan {
  return { planRef: ref, status: 'final', planType: 'new', requestDate, issueDate, phase: 'primary', primaryNeed: 'ASD', settingType: 'mainstream', teamRef: null, caseworkerRef: null, registeredAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', ...extra };
}

test('timelinessFigures: 7 of 12 on time (Wilson 32.0% to 80.7%), median weeks, quality on time and late', () => {
  const plans = [
    ...Array.from({ length: 7 }, (_, i) => plan(`T-${i}`, '2026-01-01', '2026-05-14')), // 133 days
    ...Array.from({ length: 5 }, (_, i) => plan(`L-${i}`, '2026-01-01', '2026-06-25')), // 175 days
    plan('X-1', null, '2026-05-01'),
  ];
  const grades = new Map<string, string[]>([
    ...Array.from({ length: 6 }, (_, i): [string, string[]] => [`T-${i}`, ['good']]),
    ...Array.from({ length: 5 }, (_, i): [string, string[]] => [`L-${i}`, [i === 0 ? 'inadequate' : 'requires-improvement']]),
  ]);
  const f = timelinessFigures({ plans, gradesByPlan: grades, goodOrBetter: new Set(['outstanding', 'good']) });
  assert.equal(f.issued, 12);
  assert.equal(f.missingDates, 1);
  assert.equal(f.within20Weeks.count, 7);
  close(f.within20Weeks.share!, 7 / 12);
  close(f.within20Weeks.ci!.lower, 0.319511);
  close(f.within20Weeks.ci!.upper, 0.806740);
  assert.equal(f.medianWeeks, 19); // the middle of 7 × 133 days and 5 × 175 days is 133 days
  assert.deepEqual({ audits: f.quality.onTime.audits, count: f.quality.onTime.goodOrBetter.count, share: f.quality.onTime.goodOrBetter.share }, { audits: 6, count: 6, share: 1 });
  assert.deepEqual({ audits: f.quality.late.audits, count: f.quality.late.goodOrBetter.count, share: f.quality.late.goodOrBetter.share }, { audits: 5, count: 0, share: 0 });
});

test('GET /reports/timeliness: per cycle, with filters, suppression, roles and tenancy', async () => {
  const h = await harness();
  try {
    const cycleId = (await (await h.call(h.la.manager, 'POST', '/cycles', { body: { name: 'Summer', startDate: '2026-04-01', endDate: '2026-07-31' } })).json()).id;
    const reg = (ref: string, requestDate: string, issueDate: string, phase: string) => ({ planRef: ref, status: 'final', planType: 'new', requestDate, issueDate, phase, primaryNeed: 'ASD', settingType: 'mainstream' });
    const plans = [
      ...Array.from({ length: 8 }, (_, i) => reg(`ON-${i}`, '2026-01-05', '2026-05-18', 'primary')), // 133 days
      ...Array.from({ length: 6 }, (_, i) => reg(`LATE-${i}`, '2025-12-01', '2026-06-01', 'primary')), // 182 days
      ...Array.from({ length: 3 }, (_, i) => reg(`SEC-${i}`, '2026-01-05', '2026-05-18', 'secondary')),
      reg('OLD-1', '2025-01-05', '2025-05-18', 'primary'), // issued before the cycle
    ];
    assert.equal((await h.call(h.la.manager, 'POST', '/plans', { body: { plans } })).status, 200);
    // Five late plans audited (all graded Good by this helper), so the late group's share is shown.
    for (let i = 0; i < 5; i++) {
      const created = await (await h.call(h.la.auditor, 'POST', '/audits', { body: { ...newAudit(), planRef: `LATE-${i}`, cycleId } })).json();
      const v = await gradeAll(h, h.la.auditor, created.id, created.version);
      assert.equal((await h.call(h.la.auditor, 'POST', `/audits/${created.id}/complete`, { ifMatch: v, body: {} })).status, 200);
    }
    let body = await (await h.call(h.la.manager, 'GET', `/reports/timeliness?cycleId=${cycleId}&frameworkId=ehcp-plan`)).json();
    assert.equal(body.points.length, 1);
    const [p] = body.points;
    assert.equal(p.issued, 17);
    assert.deepEqual([p.within20Weeks.count, p.within20Weeks.n], [11, 17]);
    assert.equal(p.quality.late.goodOrBetter.count, 5);
    assert.equal(p.quality.onTime.audits, 0);
    body = await (await h.call(h.la.manager, 'GET', `/reports/timeliness?cycleId=${cycleId}&phase=secondary`)).json();
    assert.deepEqual(body.filters, { cycleId, phase: 'secondary' });
    assert.equal(body.points[0].within20Weeks.suppressed, true, 'three plans: fewer than 5');
    assert.equal(body.points[0].within20Weeks.n, null);
    assert.equal((await h.call(h.la.auditor, 'GET', '/reports/timeliness')).status, 403);
    assert.equal((await h.call(h.la.manager, 'GET', '/reports/timeliness?phase=year-5')).status, 400);
    assert.equal((await h.call(h.other.manager, 'GET', `/reports/timeliness?cycleId=${cycleId}`)).status, 404);
  } finally {
    await h.close();
  }
});
