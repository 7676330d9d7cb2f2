// The report operations over HTTP (Hono app.request, real SQLite file), against
// the hand-counted fixture in reports-fixture.ts, plus role rules, tenant scoping,
// validation, the narrative, and the CSV and HTML exports. The same requests on
// the in-memory backend must give the same figures.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createMemoryStorage } from 'ehcp-qa/server';
import { harness, newAudit, gradeAll, type Harness } from './helpers.js';
import { seedReportFixture, CYCLES } from './reports-fixture.js';
import { formatPercent } from '../../server-adapter/reports/stats.js';

const [spring, summer, autumn] = CYCLES as [typeof CYCLES[0], typeof CYCLES[0], typeof CYCLES[0]];

let h: Harness;
let memory: Harness;
before(async () => {
  h = await harness();
  await seedReportFixture(h.storage, h.la.manager.tenant, h.la.auditor.sub);
  memory = await harness({ storage: createMemoryStorage() });
  // The same people and audits in the in-memory backend.
  memory.la = h.la;
  memory.other = h.other;
  await seedReportFixture(memory.storage, h.la.manager.tenant, h.la.auditor.sub);
});
after(async () => {
  await h.close();
  await memory.close();
});

const share = (g: { share: number | null }) => formatPercent(g.share);
const byGrade = (grades: { grade: string; count: number; share: number | null }[]) => Object.fromEntries(grades.map((g) => [g.grade, [g.count, formatPercent(g.share)]]));

describe('getAuditSummary', () => {
  test('the 71-plan cycle: 31 / 18 / 22 gives 43.7% / 25.4% / 31.0%', async () => {
    const res = await h.call(h.la.manager, 'GET', `/reports/summary?cycleId=${summer.id}`);
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.figures.audits, 71);
    assert.deepEqual(byGrade(body.figures.overall.grades), {
      outstanding: [0, '0.0'], good: [31, '43.7'], 'requires-improvement': [18, '25.4'], inadequate: [22, '31.0'],
    });
    assert.equal(body.figures.overall.goodOrBetter.count, 31);
    assert.equal(share(body.figures.overall.goodOrBetter), '43.7');
    // Median of 600 + 10·i for i = 0…70 is 600 + 350.
    assert.equal(body.figures.medianActiveSeconds, 950);
    assert.equal(body.scope.cycle.name, 'Summer 2025');
    // Grades of every version of the framework count; the scope names the newest (the criteria-gaps report is per version).
    assert.deepEqual(body.scope.framework, { id: 'ehcp-plan', version: '2.0.0', title: body.scope.framework.title });
    assert.equal(body.narrative.version, 0);
  });

  test('Not applicable is counted apart: section C has 18 NA and 23 / 13 / 17 of 53 graded', async () => {
    const body = await (await h.call(h.la.manager, 'GET', `/reports/summary?cycleId=${summer.id}`)).json();
    const c = body.figures.sections.find((s: { sectionId: string }) => s.sectionId === 'C');
    assert.equal(c.notApplicable, 18);
    assert.equal(c.graded, 53);
    assert.deepEqual(byGrade(c.grades), { outstanding: [0, '0.0'], good: [23, '43.4'], 'requires-improvement': [13, '24.5'], inadequate: [17, '32.1'] });
    assert.equal(formatPercent(c.notApplicableShare), '25.4');
    assert.deepEqual(body.figures.sections.map((s: { sectionId: string }) => s.sectionId), ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H1', 'H2', 'I', 'J', 'K']);
  });

  test('filters change the figures: phase, date range, auditor role', async () => {
    const phase = await (await h.call(h.la.manager, 'GET', `/reports/summary?cycleId=${summer.id}&phase=secondary`)).json();
    assert.equal(phase.figures.audits, 24);
    assert.deepEqual(phase.figures.overall.grades.map((g: { count: number }) => g.count), [0, 11, 6, 7]);
    assert.deepEqual(phase.scope.filters, { phase: 'secondary' });
    // Completed 1–7 of a month: i % 28 in 0…6. Summer: i = 0…6, 28…34, 56…62 → 21 audits.
    const range = await (await h.call(h.la.manager, 'GET', '/reports/summary?from=2025-04-01&to=2025-04-07')).json();
    assert.equal(range.figures.audits, 21);
    assert.equal(range.scope.cycle, null);
    const role = await (await h.call(h.la.manager, 'GET', `/reports/summary?cycleId=${summer.id}&auditorRole=health`)).json();
    assert.equal(role.figures.audits, 35, 'odd i are health');
    const all = await (await h.call(h.la.manager, 'GET', '/reports/summary')).json();
    assert.equal(all.figures.audits, 52 + 71 + 60);
  });

  test('the audit list is cursor-paginated, newest completion first', async () => {
    const first = await (await h.call(h.la.manager, 'GET', `/reports/summary?cycleId=${summer.id}&limit=30`)).json();
    assert.equal(first.audits.items.length, 30);
    assert.ok(first.audits.nextCursor);
    const second = await (await h.call(h.la.manager, 'GET', `/reports/summary?cycleId=${summer.id}&limit=30&cursor=${encodeURIComponent(first.audits.nextCursor)}`)).json();
    const third = await (await h.call(h.la.manager, 'GET', `/reports/summary?cycleId=${summer.id}&limit=30&cursor=${encodeURIComponent(second.audits.nextCursor)}`)).json();
    assert.equal(third.audits.items.length, 11);
    assert.equal(third.audits.nextCursor, null);
    const ids = [...first.audits.items, ...second.audits.items, ...third.audits.items].map((a: { id: string }) => a.id);
    assert.equal(new Set(ids).size, 71);
    const dates = [...first.audits.items, ...second.audits.items].map((a: { completedAt: string }) => a.completedAt);
    assert.deepEqual(dates, [...dates].sort().reverse());
    const bad = await h.call(h.la.manager, 'GET', `/reports/summary?cycleId=${summer.id}&cursor=nonsense`);
    assert.equal(bad.status, 400);
  });

  test('an audit completed through the API is counted', async () => {
    const created = await h.call(h.la.auditor2, 'POST', '/audits', { body: newAudit({ cycleId: autumn.id }) });
    assert.equal(created.status, 201);
    const audit = await created.json();
    const version = await gradeAll(h, h.la.auditor2, audit.id, audit.version);
    const before = await (await h.call(h.la.manager, 'GET', `/reports/summary?cycleId=${autumn.id}&auditorId=${h.la.auditor2.sub}`)).json();
    assert.equal(before.figures.audits, 0, 'in-progress audits are not counted');
    const done = await h.call(h.la.auditor2, 'POST', `/audits/${audit.id}/complete`, { ifMatch: version });
    assert.equal(done.status, 200);
    const after = await (await h.call(h.la.manager, 'GET', `/reports/summary?cycleId=${autumn.id}&auditorId=${h.la.auditor2.sub}`)).json();
    assert.equal(after.figures.audits, 1);
    assert.equal(after.figures.overall.goodOrBetter.count, 1);
    assert.equal(after.audits.items[0].id, audit.id);
  });
});

describe('role rules and tenant scoping', () => {
  test('moderators read reports; caseworkers get 403; no token 401', async () => {
    assert.equal((await h.call(h.la.moderator, 'GET', `/reports/summary?cycleId=${summer.id}`)).status, 200);
    const cw = await h.call(h.la.caseworker, 'GET', `/reports/summary?cycleId=${summer.id}`);
    assert.equal(cw.status, 403);
    assert.match(cw.headers.get('content-type') ?? '', /application\/problem\+json/);
    assert.equal((await h.call(h.la.caseworker, 'GET', `/reports/trend`)).status, 403);
    assert.equal((await h.call(h.la.caseworker, 'GET', `/reports/export?format=csv`)).status, 403);
    assert.equal((await h.call(null, 'GET', `/reports/summary`)).status, 401);
  });

  test('an auditor sees only their own audits, and may not ask for another auditor', async () => {
    const own = await (await h.call(h.la.auditor, 'GET', `/reports/summary?cycleId=${summer.id}`)).json();
    // i % 7 === 0 of 0…70: 5 Good, 2 Requires improvement, 4 Inadequate.
    assert.equal(own.figures.audits, 11);
    assert.deepEqual(own.figures.overall.grades.map((g: { count: number }) => g.count), [0, 5, 2, 4]);
    assert.equal(own.scope.filters.auditorId, h.la.auditor.sub);
    assert.ok(own.audits.items.every((a: { auditorId: string }) => a.auditorId === h.la.auditor.sub));
    const other = await h.call(h.la.auditor, 'GET', `/reports/summary?cycleId=${summer.id}&auditorId=aud-someone-else`);
    assert.equal(other.status, 403);
    const csv = await (await h.call(h.la.auditor, 'GET', `/reports/export?format=csv&cycleId=${summer.id}`)).text();
    assert.equal(csv.trim().split('\r\n').length, 12, 'header + 11 own audits');
  });

  test("another local authority's cycle answers 404, and its figures never mix in", async () => {
    assert.equal((await h.call(h.other.manager, 'GET', `/reports/summary?cycleId=${summer.id}`)).status, 404);
    assert.equal((await h.call(h.other.manager, 'GET', `/reports/compare?cycleId=${summer.id}&compareCycleId=${spring.id}`)).status, 404);
    assert.equal((await h.call(h.other.manager, 'PUT', `/cycles/${summer.id}/narrative`, { body: { context: 'x', recommendations: {} }, ifMatch: 0 })).status, 404);
    const theirs = await (await h.call(h.other.manager, 'GET', '/reports/summary')).json();
    assert.equal(theirs.figures.audits, 0);
    const trend = await (await h.call(h.other.manager, 'GET', '/reports/trend')).json();
    assert.deepEqual(trend.points, []);
  });
});

describe('validation', () => {
  const field = async (path: string) => {
    const res = await h.call(h.la.manager, 'GET', path);
    const body = await res.json();
    return { status: res.status, fields: (body.errors ?? []).map((e: { field: string }) => e.field), type: res.headers.get('content-type') };
  };
  test('bad filters are 400 problem+json naming the field', async () => {
    assert.deepEqual(await field('/reports/summary?phase=nursery'), { status: 400, fields: ['query.phase'], type: 'application/problem+json' });
    assert.deepEqual((await field('/reports/summary?from=2025-05-01&to=2025-04-01')).fields, ['query.to']);
    assert.deepEqual((await field('/reports/summary?colour=red')).fields, ['query.colour']);
    assert.deepEqual((await field('/reports/summary?limit=0')).fields, ['query.limit']);
    assert.deepEqual((await field('/reports/summary?frameworkId=nope')).fields, ['query.frameworkId']);
    assert.deepEqual((await field(`/reports/compare?cycleId=${summer.id}`)).fields, ['query.compareCycleId']);
    assert.deepEqual((await field(`/reports/compare?cycleId=${summer.id}&compareCycleId=${summer.id}`)).fields, ['query.compareCycleId']);
    assert.deepEqual((await field('/reports/export?format=pdf')).fields, ['query.format']);
    assert.equal((await field('/reports/summary?cycleId=cycle-does-not-exist')).status, 404);
  });
});

describe('compareCycles, getTrend, getCriteriaGaps', () => {
  test('spring → summer: 23.1% → 43.7% Good or better is larger than chance; Inadequate 38.5% → 31.0% is not', async () => {
    const res = await h.call(h.la.manager, 'GET', `/reports/compare?cycleId=${summer.id}&compareCycleId=${spring.id}`);
    assert.equal(res.status, 200);
    const c = await res.json();
    assert.equal(c.baseline.audits, 52);
    assert.equal(c.current.audits, 71);
    const g = c.overall.goodOrBetter;
    assert.equal(share(g.baseline), '23.1');
    assert.equal(share(g.current), '43.7');
    assert.ok(Math.abs(g.change.percentagePoints - (31 / 71 - 12 / 52) * 100) < 1e-9);
    assert.equal(g.change.significant, true);
    assert.ok(g.change.ci.lower > 0);
    const inadequate = c.overall.grades.find((x: { grade: string }) => x.grade === 'inadequate');
    assert.equal(inadequate.change.significant, false);
    assert.ok(c.significant.some((s: { scope: string; measure: string }) => s.scope === 'overall' && s.measure === 'good-or-better'));
    assert.match(c.method, /Newcombe/);
  });

  test('trend: three cycles oldest first with the KPI line; on track for 80% by March 2026', async () => {
    // teamRef leaves out the audits other tests complete through the API (their plans have no team).
    const t = await (await h.call(h.la.manager, 'GET', '/reports/trend?teamRef=team-north')).json();
    assert.deepEqual(t.points.map((p: { name: string }) => p.name).slice(0, 3), ['Spring 2025', 'Summer 2025', 'Autumn 2025']);
    t.points = t.points.slice(0, 3);
    assert.deepEqual(t.points.map((p: { goodOrBetter: { share: number } }) => formatPercent(p.goodOrBetter.share)), ['23.1', '43.7', '66.7']);
    assert.equal(t.points[0].kpi, null);
    assert.equal(t.points[2].kpi.target, 0.8);
    assert.equal(t.kpi.status, 'on-track');
    assert.equal(t.kpi.targetCycleId, autumn.id);
    assert.ok(t.kpi.projected >= 0.8);
    assert.equal(t.points[1].sections.length, 12);
  });

  test('criteria gaps: the first Good criterion of each section is never met in Good sections', async () => {
    const g = await (await h.call(h.la.manager, 'GET', `/reports/criteria-gaps?cycleId=${summer.id}&top=3`)).json();
    const f = g.sections.find((s: { sectionId: string }) => s.sectionId === 'F');
    assert.equal(f.assessed, 71);
    // Good sections (31) meet every Good criterion but the first; the others meet none: so the first is never met.
    assert.equal(f.gaps[0].notMet, 71);
    assert.equal(f.gaps.at(-1).notMet, 40);
    assert.equal(g.top.length, 3);
    assert.ok(g.top.every((x: { share: number }) => x.share === 1));
    const c = g.sections.find((s: { sectionId: string }) => s.sectionId === 'C');
    assert.equal(c.assessed, 53, 'Not applicable sections are not assessed');
  });

  test('the in-memory backend gives the same figures as SQLite', async () => {
    for (const path of [
      `/reports/summary?cycleId=${summer.id}&limit=100`,
      `/reports/summary?cycleId=${spring.id}&phase=primary&primaryNeed=ASD`,
      `/reports/compare?cycleId=${summer.id}&compareCycleId=${spring.id}`,
      `/reports/criteria-gaps?cycleId=${summer.id}`,
      `/reports/export?format=csv&cycleId=${summer.id}`,
    ]) {
      const a = await h.call(h.la.moderator, 'GET', path);
      const b = await memory.call(h.la.moderator, 'GET', path);
      assert.equal(a.status, 200);
      assert.deepEqual(await b.text(), await a.text(), path);
    }
  });
});

describe('updateCycleNarrative', () => {
  test('managers write it with If-Match; it appears in the summary; stale writes are 412', async () => {
    const body = { context: 'Plans are audited monthly by a multi-agency panel.', recommendations: { F: 'Quantify every provision.', C: 'Say clearly when there are no health needs.', G: '' } };
    const first = await h.call(h.la.manager, 'PUT', `/cycles/${summer.id}/narrative`, { body, ifMatch: 0 });
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('etag'), '"1"');
    const saved = await first.json();
    assert.deepEqual(saved.recommendations, { F: 'Quantify every provision.', C: 'Say clearly when there are no health needs.' });
    assert.equal(saved.updatedBy, h.la.manager.sub);
    const stale = await h.call(h.la.admin, 'PUT', `/cycles/${summer.id}/narrative`, { body: { ...body, context: 'Other' }, ifMatch: 0 });
    assert.equal(stale.status, 412);
    assert.equal((await stale.json()).currentVersion, 1);
    const second = await h.call(h.la.admin, 'PUT', `/cycles/${summer.id}/narrative`, { body: { ...body, context: 'Updated' }, ifMatch: 1 });
    assert.equal(second.status, 200);
    const summary = await (await h.call(h.la.moderator, 'GET', `/reports/summary?cycleId=${summer.id}`)).json();
    assert.equal(summary.narrative.context, 'Updated');
    assert.equal(summary.narrative.version, 2);
    const got = await h.call(h.la.auditor, 'GET', `/cycles/${summer.id}/narrative`);
    assert.equal(got.status, 200);
    assert.equal(got.headers.get('etag'), '"2"');
  });

  test('auditors and moderators may not write it; unknown sections and long text are 422', async () => {
    const body = { context: 'x', recommendations: {} };
    assert.equal((await h.call(h.la.auditor, 'PUT', `/cycles/${spring.id}/narrative`, { body })).status, 403);
    assert.equal((await h.call(h.la.moderator, 'PUT', `/cycles/${spring.id}/narrative`, { body })).status, 403);
    const unknown = await h.call(h.la.manager, 'PUT', `/cycles/${spring.id}/narrative`, { body: { context: '', recommendations: { Z: 'x' } }, ifMatch: 0 });
    assert.equal(unknown.status, 422);
    assert.deepEqual((await unknown.json()).errors.map((e: { field: string }) => e.field), ['recommendations.Z']);
    const long = await h.call(h.la.manager, 'PUT', `/cycles/${spring.id}/narrative`, { body: { context: 'x'.repeat(10_001), recommendations: {} }, ifMatch: 0 });
    assert.equal(long.status, 422);
    assert.deepEqual((await long.json()).errors.map((e: { field: string }) => e.field), ['context']);
    const lost = await h.call(h.la.manager, 'GET', `/cycles/${spring.id}/narrative`);
    assert.equal((await lost.json()).version, 0, 'nothing was written');
  });
});

describe('exportAuditSummary', () => {
  test('CSV: UTF-8, header row, one row per audit, formula-looking cycle names escaped', async () => {
    const cycle = await (await h.call(h.la.manager, 'POST', '/cycles', { body: { name: '=HYPERLINK("http://evil.example")', startDate: '2026-01-01', endDate: '2026-03-31' } })).json();
    const audit = await (await h.call(h.la.auditor2, 'POST', '/audits', { body: newAudit({ cycleId: cycle.id }) })).json();
    const v = await gradeAll(h, h.la.auditor2, audit.id, audit.version);
    assert.equal((await h.call(h.la.auditor2, 'POST', `/audits/${audit.id}/complete`, { ifMatch: v })).status, 200);
    const res = await h.call(h.la.manager, 'GET', `/reports/export?format=csv&cycleId=${cycle.id}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.match(res.headers.get('content-disposition') ?? '', /^attachment; filename="ehcp-qa-audits-hyperlink-http-evil-example.csv"$/);
    const lines = (await res.text()).split('\r\n');
    assert.equal(lines[0]!.split(',')[0], 'audit_id');
    assert.ok(lines[0]!.endsWith('section_K'));
    assert.ok(lines[1]!.includes(`"'=HYPERLINK(""http://evil.example"")"`), lines[1]);
    assert.ok(lines[1]!.includes(',Good,'));
    const summer71 = await (await h.call(h.la.manager, 'GET', `/reports/export?format=csv&cycleId=${summer.id}`)).text();
    assert.equal(summer71.split('\r\n').filter(Boolean).length, 72);
  });

  test('HTML: a self-contained printable document with every part, values escaped', async () => {
    const cycle = await (await h.call(h.la.manager, 'POST', '/cycles', { body: { name: '<script>alert(1)</script>', startDate: '2026-04-01', endDate: '2026-06-30' } })).json();
    const escaped = await (await h.call(h.la.manager, 'GET', `/reports/export?format=html&cycleId=${cycle.id}`)).text();
    assert.ok(!escaped.includes('<script>'));
    assert.ok(escaped.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
    const res = await h.call(h.la.manager, 'GET', `/reports/export?format=html&cycleId=${summer.id}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    const html = await res.text();
    assert.match(html, /^<!doctype html>/);
    for (const part of ['43.7%', '25.4%', '31.0%', 'Section by section', 'Cycle comparison', 'Spring 2025 (baseline)', 'Trend across cycles', 'Criteria most often not met', 'Individual plan audits', 'Recommendations by section', 'Quantify every provision.', '@page', 'break-inside: avoid']) {
      assert.ok(html.includes(part), `missing ${part}`);
    }
    assert.ok(!/<script|src="http|href="http/.test(html), 'no script and nothing fetched');
  });
});
