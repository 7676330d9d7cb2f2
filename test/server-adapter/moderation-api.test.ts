// Moderation through the HTTP API over a real SQLite file (and once over the
// in-memory backend): assignment by hand and by seeded sample, blindness on every
// route that could show the first audit, resolution, statistics, tenancy, and the
// report rows with agreed grades applied.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ehcpPlanV1 } from 'ehcp-qa/criteria';
import { createMemoryStorage } from 'ehcp-qa/server';
import { applyModerationToRows, correctAggregates, correctCriteriaCounts, loadModerationOverlay, moderationCorrections, seededSample, withModeration } from '../../server-adapter/moderation/index.js';
import { aggregateRows, countCriteria } from '../../server-adapter/reports/aggregate.js';
import { loadAggregates, loadCriteriaCounts } from '../../server-adapter/reports/capabilities.js';
import { moderationSentence } from '../../server-adapter/reports/html.js';
import { goodCriteria, harness, newAudit, problem, type Harness, type Person } from './helpers.js';

/** Starts, grades (good unless `grades` says otherwise) and completes an audit; returns its id. */
async function completedAudit(h: Harness, who: Person, cycleId: string, grades: Record<string, string> = {}, planRef?: string): Promise<string> {
  const created = await h.call(who, 'POST', '/audits', { body: newAudit({ cycleId, ...(planRef ? { planRef } : {}) }) });
  assert.equal(created.status, 201, await created.clone().text());
  const audit = await created.json();
  return gradeAndComplete(h, who, audit.id, audit.version, grades);
}

async function gradeAndComplete(h: Harness, who: Person, auditId: string, version: number, grades: Record<string, string> = {}): Promise<string> {
  let v = version;
  for (const s of ehcpPlanV1.sections) {
    const grade = grades[s.id] ?? 'good';
    const body = { criteriaMet: goodCriteria(s.id), grade, ...(grade !== 'good' ? { overrideReason: 'The moderation test says so.' } : {}) };
    const res = await h.call(who, 'PUT', `/audits/${auditId}/sections/${s.id}`, { ifMatch: v, body });
    assert.equal(res.status, 200, await res.clone().text());
    v = (await res.json()).version;
  }
  const done = await h.call(who, 'POST', `/audits/${auditId}/complete`, { ifMatch: v });
  assert.equal(done.status, 200, await done.clone().text());
  return auditId;
}

async function cycle(h: Harness, who: Person): Promise<string> {
  const res = await h.call(who, 'POST', '/cycles', { body: { name: 'Autumn 2026', startDate: '2026-09-01', endDate: '2026-12-18' } });
  assert.equal(res.status, 201);
  return (await res.json()).id;
}

async function assignOne(h: Harness, firstAuditId: string, cycleId: string, second: Person) {
  const res = await h.call(h.la.moderator, 'POST', '/moderations', { body: { cycleId, assignments: [{ firstAuditId, secondAuditor: { id: second.sub, role: 'educational-psychologist' } }] } });
  assert.equal(res.status, 201, await res.clone().text());
  const body = await res.json();
  assert.equal(body.items.length, 1);
  return body.items[0];
}

/** Every report route that reads audit figures, for a cycle (and a baseline cycle). */
function reportPaths(cycleId: string, baselineId: string): string[] {
  return [
    `/reports/summary?cycleId=${cycleId}`,
    '/reports/summary',
    '/reports/summary?from=2000-01-01&to=2100-12-31',
    `/reports/compare?cycleId=${cycleId}&compareCycleId=${baselineId}`,
    '/reports/trend',
    `/reports/criteria-gaps?cycleId=${cycleId}`,
    '/reports/criteria-gaps',
    `/reports/export?format=csv&cycleId=${cycleId}`,
    `/reports/export?format=html&cycleId=${cycleId}`,
    '/reports/export?format=html',
  ];
}

/** A blind second auditor gets 403 problem+json naming the pending moderation from every report route. */
async function assertReportsWithheld(h: Harness, who: Person, cycleId: string, baselineId: string, m: { id: string; planRef: string; secondAuditId: string }) {
  for (const path of reportPaths(cycleId, baselineId)) {
    const res = await problem(await h.call(who, 'GET', path));
    assert.equal(res.status, 403, path);
    assert.equal(res.type, 'application/problem+json', path);
    assert.equal(res.body.type, 'urn:ehcp-qa:problem:report-withheld-during-moderation', path);
    assert.match(res.body.detail, new RegExp(`second auditor of plan ${m.planRef}.*moderation ${m.id}`), path);
    assert.deepEqual(res.body.pendingModerations, [{ moderationId: m.id, planRef: m.planRef, cycleId, secondAuditId: m.secondAuditId }], path);
    assert.ok(!JSON.stringify(res.body).includes('requires-improvement'), path);
  }
}

test('assignModeration by hand: a blind second audit of the same plan and framework version is created for the second auditor', async () => {
  const h = await harness();
  try {
    const cycleId = await cycle(h, h.la.manager);
    const firstId = await completedAudit(h, h.la.auditor, cycleId);
    const first = await (await h.call(h.la.moderator, 'GET', `/audits/${firstId}`)).json();
    const m = await assignOne(h, firstId, cycleId, h.la.auditor2);
    assert.equal(m.status, 'awaiting-second-audit');
    assert.equal(m.firstAuditorId, h.la.auditor.sub);
    assert.equal(m.secondAuditorId, h.la.auditor2.sub);
    assert.equal(m.differingSections, null);
    const second = await (await h.call(h.la.auditor2, 'GET', `/audits/${m.secondAuditId}`)).json();
    assert.deepEqual([second.planRef, second.frameworkId, second.frameworkVersion, second.cycleId, second.auditorId, second.auditorRole, second.status],
      [first.planRef, first.frameworkId, first.frameworkVersion, cycleId, h.la.auditor2.sub, 'educational-psychologist', 'in-progress']);
    assert.deepEqual(second.sections, {});
    assert.deepEqual(second.plan, first.plan);
    // The second auditor finds the assignment in their own list.
    const mine = await (await h.call(h.la.auditor2, 'GET', '/moderations')).json();
    assert.deepEqual(mine.items.map((i: { id: string }) => i.id), [m.id]);
    const unrelated = await (await h.call({ ...h.la.auditor, sub: 'aud-3' }, 'GET', '/moderations')).json();
    assert.deepEqual(unrelated.items, []);
  } finally {
    await h.close();
  }
});

test('assignModeration refuses bad input with a problem naming each field, and writes nothing', async () => {
  const h = await harness();
  try {
    const cycleId = await cycle(h, h.la.manager);
    const firstId = await completedAudit(h, h.la.auditor, cycleId);
    const open = await (await h.call(h.la.auditor, 'POST', '/audits', { body: newAudit({ cycleId }) })).json();
    const bad = await problem(await h.call(h.la.moderator, 'POST', '/moderations', {
      body: { cycleId, assignments: [
        { firstAuditId: firstId, secondAuditor: { id: h.la.auditor.sub } },
        { firstAuditId: open.id, secondAuditor: { id: h.la.auditor2.sub } },
        { firstAuditId: 'no-such-audit-0000', secondAuditor: { id: h.la.auditor2.sub } },
      ] },
    }));
    assert.equal(bad.status, 422);
    assert.equal(bad.type, 'application/problem+json');
    assert.deepEqual(bad.body.errors.map((e: { field: string }) => e.field), ['assignments[0].secondAuditor.id', 'assignments[1].firstAuditId', 'assignments[2].firstAuditId']);
    assert.deepEqual((await (await h.call(h.la.moderator, 'GET', '/moderations')).json()).items, []);
    const both = await problem(await h.call(h.la.moderator, 'POST', '/moderations', { body: { cycleId, assignments: [{ firstAuditId: firstId, secondAuditor: { id: 'x' } }], sample: { size: 1, secondAuditors: [{ id: 'x' }] } } }));
    assert.equal(both.status, 422);
    assert.equal(both.body.errors[0].field, 'assignments');
    const unknown = await problem(await h.call(h.la.moderator, 'POST', '/moderations', { body: { cycleId, sample: { size: 1, share: 0.1, secondAuditors: [{ id: 'x' }] }, colour: 'red' } }));
    assert.equal(unknown.status, 422);
    assert.deepEqual(unknown.body.errors.map((e: { field: string }) => e.field).sort(), ['colour', 'sample.size']);
    const noCycle = await problem(await h.call(h.la.moderator, 'POST', '/moderations', { body: { cycleId: 'no-such-cycle-0', sample: { size: 1, secondAuditors: [{ id: 'x' }] } } }));
    assert.equal(noCycle.body.errors[0].field, 'cycleId');
    // Roles: auditors and managers may not assign.
    for (const who of [h.la.auditor, h.la.manager, h.la.caseworker]) {
      assert.equal((await h.call(who, 'POST', '/moderations', { body: { cycleId, sample: { size: 1, secondAuditors: [{ id: 'x' }] } } })).status, 403);
    }
  } finally {
    await h.close();
  }
});

test('blindness: until the second audit is complete, no route shows the first audit to the second auditor, whatever their roles', async () => {
  const h = await harness();
  try {
    const cycleId = await cycle(h, h.la.manager);
    const planRef = 'PLAN-BLIND-1';
    const firstId = await completedAudit(h, h.la.auditor, cycleId, { F: 'requires-improvement' }, planRef);
    // The second auditor also holds moderator and manager roles: roles must not open a way round.
    const blindOne: Person = { sub: h.la.auditor2.sub, tenant: h.la.auditor2.tenant, roles: ['auditor', 'moderator', 'manager'] };
    const m = await assignOne(h, firstId, cycleId, blindOne);

    const getFirst = await problem(await h.call(blindOne, 'GET', `/audits/${firstId}`));
    assert.equal(getFirst.status, 403);
    assert.match(getFirst.body.detail, /second auditor/);
    for (const query of [`?planRef=${planRef}`, `?cycleId=${cycleId}`, '', '?status=completed', `?auditorId=${h.la.auditor.sub}`]) {
      const list = await (await h.call(blindOne, 'GET', `/audits${query}`)).json();
      const expected = query === '?status=completed' || query.startsWith('?auditorId') ? [] : [m.secondAuditId];
      assert.deepEqual(list.items.map((a: { id: string }) => a.id), expected, `listAudits${query}`);
    }
    const getModeration = await problem(await h.call(blindOne, 'GET', `/moderations/${m.id}`));
    assert.equal(getModeration.status, 403);
    const listed = await (await h.call(blindOne, 'GET', '/moderations')).json();
    assert.equal(listed.items[0].differingSections, null);
    assert.ok(!JSON.stringify(listed).includes('requires-improvement'));
    const reopen = await problem(await h.call(blindOne, 'POST', `/audits/${firstId}/reopen`, { ifMatch: 1, body: { reason: 'peek' } }));
    assert.equal(reopen.status, 403);
    assert.ok(!JSON.stringify(reopen.body).includes('requires-improvement'));
    const stats = await (await h.call(blindOne, 'GET', `/moderations/stats?cycleId=${cycleId}`)).json();
    assert.equal(stats.pairs, 0, 'an unfinished pair is not in the statistics');
    assert.equal(stats.awaitingSecondAudit, 1);
    // Reports: every report that would count the first audit is refused (403), so no figure can give its grades away.
    const baselineId = (await (await h.call(h.la.manager, 'POST', '/cycles', { body: { name: 'Summer 2026', startDate: '2026-04-01', endDate: '2026-07-20' } })).json()).id;
    await assertReportsWithheld(h, blindOne, cycleId, baselineId, m);
    const seenByModerator = await (await h.call(h.la.moderator, 'GET', `/reports/summary?cycleId=${cycleId}`)).json();
    assert.ok(seenByModerator.audits.items.some((a: { id: string }) => a.id === firstId), 'others still see it in reports');
    assert.deepEqual(seenByModerator.moderation, { moderatedPlans: 0, plansInModeration: 1 });
    const printable = await (await h.call(h.la.moderator, 'GET', `/reports/export?format=html&cycleId=${cycleId}`)).text();
    assert.ok(printable.includes("1 of 1 plan is being moderated: the first audit&#39;s grades count until grades are agreed."), 'the printable report says a plan is in moderation');
    // The first audit is still readable by everyone else who could read it before.
    assert.equal((await h.call(h.la.moderator, 'GET', `/audits/${firstId}`)).status, 200);
    assert.equal((await h.call(h.la.auditor, 'GET', `/audits/${firstId}`)).status, 200);

    // Once the second audit is complete, the way opens.
    const second = await (await h.call(blindOne, 'GET', `/audits/${m.secondAuditId}`)).json();
    await gradeAndComplete(h, blindOne, m.secondAuditId, second.version);
    assert.equal((await h.call(blindOne, 'GET', `/audits/${firstId}`)).status, 200);
    for (const path of reportPaths(cycleId, baselineId)) assert.equal((await h.call(blindOne, 'GET', path)).status, 200, `${path} once the second audit is complete`);
    const opened = await h.call(blindOne, 'GET', `/moderations/${m.id}`);
    assert.equal(opened.status, 200);
    assert.equal((await h.call(blindOne, 'GET', `/audits?planRef=${planRef}`).then((r) => r.json())).items.length, 2);
    // Neither audit of an open pair can be reopened (one side could change to match the other): 409 naming the pair.
    const current = await (await h.call(h.la.moderator, 'GET', `/audits/${m.secondAuditId}`)).json();
    const reopenSecond = await problem(await h.call(h.la.moderator, 'POST', `/audits/${m.secondAuditId}/reopen`, { ifMatch: current.version, body: { reason: 'Correct section F' } }));
    assert.equal(reopenSecond.status, 409);
    assert.deepEqual(reopenSecond.body.moderationIds, [m.id]);
    assert.equal((await h.call(blindOne, 'GET', `/audits/${firstId}`)).status, 200);
  } finally {
    await h.close();
  }
});

test('getModeration and resolveModeration: side by side, NA against a grade is a difference, agreed grades with validation, If-Match and roles', async () => {
  const h = await harness();
  try {
    const cycleId = await cycle(h, h.la.manager);
    const firstId = await completedAudit(h, h.la.auditor, cycleId, { C: 'na', F: 'good' });
    const m = await assignOne(h, firstId, cycleId, h.la.auditor2);
    const second = await (await h.call(h.la.auditor2, 'GET', `/audits/${m.secondAuditId}`)).json();
    await gradeAndComplete(h, h.la.auditor2, m.secondAuditId, second.version, { C: 'good', F: 'inadequate' });

    const res = await h.call(h.la.moderator, 'GET', `/moderations/${m.id}`);
    assert.equal(res.status, 200);
    const detail = await res.json();
    assert.equal(res.headers.get('etag'), `"${detail.version}"`);
    assert.equal(detail.status, 'awaiting-resolution');
    assert.equal(detail.differingSections, 2);
    const byId = Object.fromEntries(detail.sections.map((s: { sectionId: string }) => [s.sectionId, s]));
    assert.deepEqual([byId.C.first.grade, byId.C.second.grade, byId.C.gradesAgree], ['na', 'good', false]);
    assert.deepEqual([byId.F.first.grade, byId.F.second.grade, byId.F.gradesAgree], ['good', 'inadequate', false]);
    assert.equal(byId.F.second.overrideReason, 'The moderation test says so.');
    assert.equal(byId.A.gradesAgree, true);
    assert.deepEqual(detail.sections.map((s: { sectionId: string }) => s.sectionId), ehcpPlanV1.sections.map((s) => s.id));

    const agreed = Object.fromEntries(ehcpPlanV1.sections.map((s) => [s.id, { grade: 'good' }]));
    const body = { sections: { ...agreed, F: { grade: 'requires-improvement', note: 'Hours are given for most provision.' } }, note: 'Discussed with both auditors.' };
    assert.equal((await h.call(h.la.moderator, 'POST', `/moderations/${m.id}/resolve`, { body })).status, 428);
    assert.equal((await h.call(h.la.moderator, 'POST', `/moderations/${m.id}/resolve`, { body, ifMatch: detail.version + 1 })).status, 412);
    for (const who of [h.la.manager, h.la.auditor2, h.la.caseworker]) {
      assert.equal((await h.call(who, 'POST', `/moderations/${m.id}/resolve`, { body, ifMatch: detail.version })).status, 403);
    }
    const selfResolve = { sub: h.la.auditor.sub, tenant: h.la.auditor.tenant, roles: ['auditor', 'moderator'] } as Person;
    assert.equal((await h.call(selfResolve, 'POST', `/moderations/${m.id}/resolve`, { body, ifMatch: detail.version })).status, 403);
    const { K: _k, ...withoutK } = agreed;
    const invalid = await problem(await h.call(h.la.moderator, 'POST', `/moderations/${m.id}/resolve`, {
      ifMatch: detail.version,
      body: { sections: { ...withoutK, A: { grade: 'na' }, F: { grade: 'excellent' }, Z: { grade: 'good' } } },
    }));
    assert.equal(invalid.status, 422);
    assert.deepEqual(invalid.body.errors.map((e: { field: string }) => e.field).sort(), ['sections.A.grade', 'sections.F.grade', 'sections.K', 'sections.Z'].sort());

    const resolved = await h.call(h.la.moderator, 'POST', `/moderations/${m.id}/resolve`, { body, ifMatch: detail.version });
    assert.equal(resolved.status, 200, await resolved.clone().text());
    const after = await resolved.json();
    assert.equal(after.status, 'resolved');
    assert.equal(after.resolvedBy, h.la.moderator.sub);
    assert.equal(after.note, 'Discussed with both auditors.');
    assert.deepEqual(after.sections.find((s: { sectionId: string }) => s.sectionId === 'F').agreed, { grade: 'requires-improvement', note: 'Hours are given for most provision.' });
    assert.equal(resolved.headers.get('etag'), `"${after.version}"`);
    // Both auditors may read the outcome; a stranger auditor may not; another LA sees nothing.
    assert.equal((await h.call(h.la.auditor, 'GET', `/moderations/${m.id}`)).status, 200);
    assert.equal((await h.call({ ...h.la.auditor, sub: 'aud-stranger' }, 'GET', `/moderations/${m.id}`)).status, 403);
    assert.equal((await h.call(h.other.moderator, 'GET', `/moderations/${m.id}`)).status, 404);
    assert.equal((await h.call(h.other.moderator, 'POST', `/moderations/${m.id}/resolve`, { body, ifMatch: after.version })).status, 404);
    assert.deepEqual((await (await h.call(h.other.moderator, 'GET', '/moderations')).json()).items, []);

    // Statistics for the cycle: C (NA vs good) and F (good vs inadequate) disagree; 10 of 12 agree.
    const stats = await (await h.call(h.la.manager, 'GET', `/moderations/stats?cycleId=${cycleId}`)).json();
    assert.equal(stats.pairs, 1);
    assert.equal(stats.resolved, 1);
    assert.equal(stats.overall.compared, 12);
    assert.equal(stats.overall.exact, 10);
    assert.equal(stats.overall.naMismatches, 1);
    // Kappa over the 11 graded pairs (C's NA pair left out). The first auditor graded every one Good, so
    // observed agreement equals chance agreement: kappa is 0 (defined, since the second auditor varied).
    assert.equal(stats.overall.kappa.n, 11);
    assert.equal(stats.overall.kappa.value, 0);
    const auditor2 = stats.auditors.find((a: { auditorId: string }) => a.auditorId === h.la.auditor2.sub);
    assert.equal(auditor2.meanSignedDifference, -1 / 12, 'graded F one step lower than agreed, the other 11 sections as agreed');
    assert.deepEqual(stats.mostDisagreedSections.map((s: { sectionId: string }) => s.sectionId).sort(), ['C', 'F']);
    assert.equal((await h.call(h.la.auditor, 'GET', `/moderations/stats?cycleId=${cycleId}`)).status, 403);
    const range = await problem(await h.call(h.la.manager, 'GET', '/moderations/stats?from=2026-12-01&to=2026-11-01'));
    assert.equal(range.status, 400);
    assert.equal(range.body.errors[0].field, 'query.from');
    const outOfRange = await (await h.call(h.la.manager, 'GET', '/moderations/stats?from=2001-01-01&to=2001-12-31')).json();
    assert.equal(outOfRange.pairs, 0);

    // Reports through the API: one plan (not two), graded with the agreed grade, and said to be moderated.
    const report = await (await h.call(h.la.manager, 'GET', `/reports/summary?cycleId=${cycleId}`)).json();
    assert.deepEqual(report.moderation, { moderatedPlans: 1, plansInModeration: 0 });
    assert.deepEqual(report.audits.items.map((a: { id: string; sectionGrades: Record<string, string> }) => [a.id, a.sectionGrades.F]), [[firstId, 'requires-improvement']]);
    assert.equal(report.figures.audits, 1, "the second audit is not counted as a plan");
    const printable = await (await h.call(h.la.manager, 'GET', `/reports/export?format=html&cycleId=${cycleId}`)).text();
    assert.match(printable, /<p class="moderation">1 of 1 plan was moderated; agreed grades are used for it\.<\/p>/);
    const csv = await (await h.call(h.la.manager, 'GET', `/reports/export?format=csv&cycleId=${cycleId}`)).text();
    assert.equal(csv.trim().split('\n').length, 2, 'a header and one plan');
    // Reports: the agreed grades replace the first audit's, and the second audit is not a plan of its own.
    const rows = await h.storage.listAuditsForReport(h.la.manager.tenant, { cycleId });
    assert.equal(rows.length, 2);
    const overlay = await loadModerationOverlay(h.storage, h.la.manager.tenant);
    const applied = applyModerationToRows(rows, overlay, (id, v) => (id === ehcpPlanV1.id && v === ehcpPlanV1.version ? ehcpPlanV1 : undefined));
    assert.equal(applied.rows.length, 1);
    assert.equal(applied.rows[0]!.id, firstId);
    assert.equal(applied.rows[0]!.sectionGrades.F, 'requires-improvement');
    assert.equal(applied.rows[0]!.sectionGrades.C, 'good');
    assert.equal(applied.moderatedPlans, 1);
    assert.equal(rows.find((r) => r.id === firstId)!.sectionGrades.F, 'good', 'the stored first audit itself is unchanged');
    // The push-down path (SQLite counts) corrected by the moderated rows gives the same counts as the row path.
    const frameworkOf = (id: string, v: string) => (id === ehcpPlanV1.id && v === ehcpPlanV1.version ? ehcpPlanV1 : undefined);
    const corrections = await moderationCorrections(h.storage, h.la.manager.tenant, { cycleId }, frameworkOf);
    assert.equal(corrections.moderatedPlans, 1);
    const { medianActiveSeconds: _m1, ...pushedDown } = correctAggregates(await loadAggregates(h.storage, h.la.manager.tenant, { cycleId }), corrections);
    const { medianActiveSeconds: _m2, ...fromRows } = aggregateRows(applied.rows);
    assert.deepEqual(pushedDown, fromRows);
    assert.deepEqual(correctCriteriaCounts(await loadCriteriaCounts(h.storage, h.la.manager.tenant, { cycleId }), corrections), countCriteria(applied.rows));
    assert.equal(pushedDown.sections.F!['requires-improvement'], 1);
    // createQaApp wraps its storage with withModeration: every report question gets the agreed result.
    const wrapped = withModeration(h.storage);
    assert.deepEqual(await wrapped.listAuditsForReport(h.la.manager.tenant, { cycleId }), applied.rows);
    if (h.storage.reportAggregates) {
      const { medianActiveSeconds: _m3, ...viaWrapper } = await wrapped.reportAggregates!(h.la.manager.tenant, { cycleId });
      assert.deepEqual(viaWrapper, fromRows);
    }
    if (h.storage.reportAuditPage) {
      const page = await wrapped.reportAuditPage!(h.la.manager.tenant, { cycleId }, { limit: 10 });
      assert.deepEqual(page.items.map((i) => [i.id, i.sectionGrades.F, i.overallGrade]), [[firstId, 'requires-improvement', applied.rows[0]!.overallGrade]]);
    }
  } finally {
    await h.close();
  }
});

test('assignModeration by seeded sample: reproducible from the seed, never the first auditor, never an audit twice (in-memory backend)', async () => {
  const h = await harness({ storage: createMemoryStorage() });
  try {
    const cycleId = await cycle(h, h.la.manager);
    const firstIds: string[] = [];
    for (let i = 0; i < 6; i++) firstIds.push(await completedAudit(h, i % 2 ? h.la.auditor : h.la.auditor2, cycleId));
    const secondAuditors = [{ id: h.la.auditor.sub }, { id: h.la.auditor2.sub }];
    const res = await h.call(h.la.moderator, 'POST', '/moderations', { body: { cycleId, sample: { share: 0.5, seed: 20261123, secondAuditors } } });
    assert.equal(res.status, 201, await res.clone().text());
    const body = await res.json();
    assert.equal(body.seed, 20261123);
    assert.equal(body.population, 6);
    assert.deepEqual(body.items.map((i: { firstAuditId: string }) => i.firstAuditId), seededSample(firstIds, { share: 0.5 }, 20261123));
    for (const item of body.items) assert.notEqual(item.firstAuditorId, item.secondAuditorId);
    // A second sample draws only from audits not yet moderated (and never from second audits).
    const again = await (await h.call(h.la.moderator, 'POST', '/moderations', { body: { cycleId, sample: { size: 10, secondAuditors } } })).json();
    assert.equal(again.population, 3);
    assert.equal(typeof again.seed, 'number');
    const all = [...body.items, ...again.items].map((i: { firstAuditId: string }) => i.firstAuditId);
    assert.equal(new Set(all).size, 6);
    const none = await problem(await h.call(h.la.moderator, 'POST', '/moderations', { body: { cycleId, sample: { size: 1, secondAuditors } } }));
    assert.equal(none.status, 422);
    assert.equal(none.body.errors[0].field, 'sample');
  } finally {
    await h.close();
  }
});

test('blindness in reports: only reports that would count the hidden audit are withheld; plain auditors and other cycles are answered; benchmark figures too', async () => {
  const h = await harness({ benchmark: { region: 'london' } });
  try {
    const blindCycle = await cycle(h, h.la.manager);
    const res = await h.call(h.la.manager, 'POST', '/cycles', { body: { name: 'Spring 2026', startDate: '2026-01-05', endDate: '2026-03-27' } });
    const otherCycle = (await res.json()).id as string;
    const firstId = await completedAudit(h, h.la.auditor, blindCycle, { F: 'requires-improvement' }, 'PLAN-BLIND-2');
    await completedAudit(h, h.la.auditor, otherCycle);
    const blindManager: Person = { sub: 'man-and-ep-7', tenant: h.la.manager.tenant, roles: ['manager', 'moderator'] };
    const m = await assignOne(h, firstId, blindCycle, blindManager);
    // The report of another cycle does not count the plan: answered as usual.
    const other = await h.call(blindManager, 'GET', `/reports/summary?cycleId=${otherCycle}`);
    assert.equal(other.status, 200);
    assert.equal((await other.json()).figures.audits, 1);
    assert.equal((await h.call(blindManager, 'GET', `/reports/criteria-gaps?cycleId=${otherCycle}`)).status, 200);
    assert.equal((await h.call(blindManager, 'GET', `/reports/export?format=csv&cycleId=${otherCycle}`)).status, 200);
    // Filters that leave the plan out are answered too (the plan is primary, ASD).
    assert.equal((await h.call(blindManager, 'GET', `/reports/summary?cycleId=${blindCycle}&phase=secondary`)).status, 200);
    // A comparison or a trend that includes the blind cycle, and the printable report (it holds the trend), are withheld.
    await assertReportsWithheld(h, blindManager, blindCycle, otherCycle, m);
    assert.equal((await h.call(blindManager, 'GET', `/reports/compare?cycleId=${otherCycle}&compareCycleId=${blindCycle}`)).status, 403);
    assert.equal((await h.call(blindManager, 'GET', `/reports/export?format=html&cycleId=${otherCycle}`)).status, 403);
    // Benchmark figures of the LA for a period that holds the plan's audit: withheld; another period: answered (404, nothing there).
    for (const path of [`/benchmark/contribution?cycleId=${blindCycle}`, `/benchmark?cycleId=${blindCycle}`]) {
      const withheld = await problem(await h.call(blindManager, 'GET', path));
      assert.equal(withheld.status, 403, path);
      assert.equal(withheld.body.pendingModerations[0].moderationId, m.id, path);
    }
    assert.equal((await h.call(blindManager, 'GET', '/benchmark/contribution?period=2025-Q1')).status, 404);
    assert.equal((await h.call(h.la.manager, 'GET', `/benchmark/contribution?cycleId=${blindCycle}`)).status, 200, 'other managers are not affected');
    // Everyone else still gets every report.
    for (const path of reportPaths(blindCycle, otherCycle)) assert.equal((await h.call(h.la.manager, 'GET', path)).status, 200, path);

    // A plain auditor as second auditor: their reports cover only their own audits, so nothing is withheld or leaked.
    const secondPair = await completedAudit(h, h.la.auditor, blindCycle, {}, 'PLAN-BLIND-3');
    const m2 = await assignOne(h, secondPair, blindCycle, h.la.auditor2);
    for (const path of reportPaths(blindCycle, otherCycle)) {
      const answer = await h.call(h.la.auditor2, 'GET', path);
      assert.equal(answer.status, 200, path);
      assert.ok(!(await answer.text()).includes('PLAN-BLIND-3'), path);
    }
    assert.equal(m2.status, 'awaiting-second-audit');
  } finally {
    await h.close();
  }
});

test('the moderation line of the printable report', () => {
  assert.equal(moderationSentence({ moderatedPlans: 12, plansInModeration: 0 }, 71), '12 of 71 plans were moderated; agreed grades are used for them.');
  assert.equal(moderationSentence({ moderatedPlans: 12, plansInModeration: 3 }, 71),
    "12 of 71 plans were moderated; agreed grades are used for them. 3 more are being moderated: the first audit's grades count until grades are agreed.");
  assert.equal(moderationSentence({ moderatedPlans: 0, plansInModeration: 1 }, 5), "1 of 5 plans is being moderated: the first audit's grades count until grades are agreed.");
  assert.equal(moderationSentence({ moderatedPlans: 0, plansInModeration: 0 }, 5), '');
  assert.equal(moderationSentence(null, 5), '');
});
