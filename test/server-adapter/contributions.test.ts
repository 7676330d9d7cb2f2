// Review and advice audits through the same routes, linked by plan reference;
// "weakened by the advice"; reports and feedback by contributing service; the
// service-lead role. Real HTTP through the adapter over a real SQLite file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { ehcpAdviceV1, ehcpAnnualReviewV1, conditionHolds, type Framework } from 'ehcp-qa/criteria';
import { harness, plan, problem, type Harness, type Person } from './helpers.js';

/** Good ticks for a section of `fw` under `facts` (every applicable Good criterion), or the NA tick where only it applies. */
function goodTicks(fw: Framework, sectionId: string, facts: Record<string, string>): { criteriaMet: string[]; grade: string } {
  const s = fw.sections.find((x) => x.id === sectionId)!;
  const applies = (c: (typeof s.criteria)[number]) => c.appliesWhen === undefined || conditionHolds(c.appliesWhen, { facts });
  const good = s.criteria.filter((c) => c.level === 'good' && applies(c)).map((c) => c.id);
  if (good.length > 0) return { criteriaMet: good, grade: 'good' };
  return { criteriaMet: s.criteria.filter((c) => c.level === 'na' && applies(c)).map((c) => c.id), grade: 'na' };
}
function worstTicks(fw: Framework, sectionId: string, facts: Record<string, string>): { criteriaMet: string[]; grade: string } {
  const s = fw.sections.find((x) => x.id === sectionId)!;
  const id = s.criteria.find((c) => c.level === 'inadequate' && (c.appliesWhen === undefined || conditionHolds(c.appliesWhen, { facts })))!.id;
  return { criteriaMet: [id], grade: 'inadequate' };
}

const reviewFacts = { 'age-band': 'reception-to-year-8', 'phase-transfer': 'none', 'review-decision': 'amend' };
const adviceFacts = (kind: string) => ({ 'advice-type': kind, 'age-band': 'reception-to-year-8' });

async function startAudit(h: Harness, who: Person, body: Record<string, unknown>) {
  const res = await h.call(who, 'POST', '/audits', { body: { plan, auditorRole: 'send-caseworker', ...body } });
  assert.equal(res.status, 201, await res.clone().text());
  return res.json();
}

/** Grades every section (all good, or all inadequate) and completes the audit. */
async function gradeAndComplete(h: Harness, who: Person, audit: any, fw: Framework, facts: Record<string, string>, weak = false) {
  let v = audit.version;
  for (const s of fw.sections) {
    const ticks = weak ? worstTicks(fw, s.id, facts) : goodTicks(fw, s.id, facts);
    const res = await h.call(who, 'PUT', `/audits/${audit.id}/sections/${s.id}`, { ifMatch: v, body: ticks });
    assert.equal(res.status, 200, `${s.id}: ${await res.clone().text()}`);
    v = (await res.json()).version;
  }
  const done = await h.call(who, 'POST', `/audits/${audit.id}/complete`, { ifMatch: v });
  assert.equal(done.status, 200, await done.clone().text());
  return done.json();
}

test('an annual review audit and an advice audit run through the same routes; the plan reference links them with the plan audit', async () => {
  const h = await harness();
  try {
    const planRef = `PLAN-${randomUUID().slice(0, 8)}`;
    const review = await startAudit(h, h.la.auditor, { frameworkId: 'ehcp-annual-review', planRef, facts: reviewFacts });
    assert.equal(review.frameworkVersion, '1.0.0');
    assert.equal(review.contributor, undefined);
    const done = await gradeAndComplete(h, h.la.auditor, review, ehcpAnnualReviewV1, reviewFacts);
    assert.equal(done.overall.grade, 'good');
    assert.equal(done.sections.A.grade, 'na', 'adulthood does not apply below Year 9');

    // An advice audit needs its contributor; a plan audit refuses one.
    const missing = await problem(await h.call(h.la.auditor, 'POST', '/audits', { body: { frameworkId: 'ehcp-advice', planRef, plan, auditorRole: 'educational-psychologist' } }));
    assert.equal(missing.status, 422);
    assert.equal(missing.type, 'application/problem+json');
    assert.deepEqual(missing.body.errors.map((e: any) => e.field), ['contributor']);
    const refused = await problem(await h.call(h.la.auditor, 'POST', '/audits', { body: { frameworkId: 'ehcp-plan', planRef, plan, auditorRole: 'send-caseworker', contributor: { serviceRef: 'ep-service' } } }));
    assert.equal(refused.status, 422);
    assert.match(refused.body.errors[0].message, /does not audit advice/);
    const named = await problem(await h.call(h.la.auditor, 'POST', '/audits', { body: { frameworkId: 'ehcp-advice', planRef, plan, auditorRole: 'send-caseworker', contributor: { serviceRef: 'Dr Amy Jones' } } }));
    assert.equal(named.status, 422, 'a name is refused at the edge');
    assert.equal(named.body.errors[0].field, 'contributor.serviceRef');

    const advice = await startAudit(h, h.la.auditor, { frameworkId: 'ehcp-advice', planRef, facts: adviceFacts('psychological'), contributor: { serviceRef: 'ep-service', teamRef: 'ep-north' } });
    assert.deepEqual(advice.contributor, { serviceRef: 'ep-service', teamRef: 'ep-north' });
    const read = await (await h.call(h.la.manager, 'GET', `/audits/${advice.id}`)).json();
    assert.deepEqual(read.contributor, { serviceRef: 'ep-service', teamRef: 'ep-north' });
    const completedAdvice = await gradeAndComplete(h, h.la.auditor, advice, ehcpAdviceV1, adviceFacts('psychological'));
    assert.deepEqual(completedAdvice.contributor, { serviceRef: 'ep-service', teamRef: 'ep-north' });
    const listed = await (await h.call(h.la.auditor, 'GET', `/audits?planRef=${planRef}&frameworkId=ehcp-advice`)).json();
    assert.deepEqual(listed.items.map((a: any) => [a.id, a.contributor.serviceRef]), [[advice.id, 'ep-service']]);

    // The reports work for any framework: the review framework's summary counts review audits only, per part.
    const reviewSummary = await (await h.call(h.la.manager, 'GET', '/reports/summary?frameworkId=ehcp-annual-review')).json();
    assert.equal(reviewSummary.figures.audits, 1);
    assert.deepEqual(reviewSummary.figures.sections.map((s: any) => s.sectionId), ['M', 'P', 'U', 'A', 'T', 'D']);
    const reviewCsv = await (await h.call(h.la.manager, 'GET', '/reports/export?format=csv&frameworkId=ehcp-annual-review')).text();
    assert.equal(reviewCsv.trim().split('\r\n').length, 2, 'a header and the one review audit');
    const reviewHtml = await (await h.call(h.la.manager, 'GET', '/reports/export?format=html&frameworkId=ehcp-annual-review')).text();
    assert.match(reviewHtml, /<h1>EHC annual review quality assurance report<\/h1>/);
    assert.match(reviewHtml, /<strong>1<\/strong>annual reviews audited/);
    assert.match(reviewHtml, /<h2>Part by part<\/h2>/);
    const planSummary = await (await h.call(h.la.manager, 'GET', '/reports/summary')).json();
    assert.equal(planSummary.figures.audits, 0, 'the plan summary never counts review or advice audits');

    const planAudit = await startAudit(h, h.la.auditor, { frameworkId: 'ehcp-plan', planRef });
    const linked = await (await h.call(h.la.manager, 'GET', `/plans/${planRef}/audits`)).json();
    assert.deepEqual(linked.items.map((a: any) => [a.id, a.subject]), [[review.id, 'annual-review'], [advice.id, 'advice'], [planAudit.id, 'plan']]);
    assert.deepEqual(linked.items[1].contributor, { serviceRef: 'ep-service', teamRef: 'ep-north' });
    assert.equal(linked.items[0].contributor, null);
    // Another local authority sees nothing of this plan.
    assert.deepEqual((await (await h.call(h.other.manager, 'GET', `/plans/${planRef}/audits`)).json()).items, []);
    // An auditor sees only their own audits of the plan.
    assert.deepEqual((await (await h.call(h.la.auditor2, 'GET', `/plans/${planRef}/audits`)).json()).items, []);
  } finally {
    await h.close();
  }
});

test('a plan-audit section is marked weakened by advice of the same plan only, by its own auditor, while in progress', async () => {
  const h = await harness();
  try {
    const planRef = `PLAN-${randomUUID().slice(0, 8)}`;
    const planAudit = await startAudit(h, h.la.auditor, { frameworkId: 'ehcp-plan', planRef });
    const ep = await startAudit(h, h.la.auditor2, { frameworkId: 'ehcp-advice', planRef, contributor: { serviceRef: 'ep-service' } });
    const salt = await startAudit(h, h.la.auditor2, { frameworkId: 'ehcp-advice', planRef, contributor: { serviceRef: 'salt-service', teamRef: 'salt-east' } });
    const elsewhere = await startAudit(h, h.la.auditor2, { frameworkId: 'ehcp-advice', planRef: 'PLAN-OTHER-1', contributor: { serviceRef: 'ep-service' } });
    const mark = (who: Person, sectionId: string, ids: string[]) => h.call(who, 'PUT', `/audits/${planAudit.id}/sections/${sectionId}/weakened-by`, { body: { adviceAuditIds: ids } });

    const ok = await mark(h.la.auditor, 'F', [ep.id, salt.id]);
    assert.equal(ok.status, 200);
    assert.deepEqual((await ok.json()).items.map((w: any) => [w.sectionId, w.serviceRef, w.teamRef]).sort(), [['F', 'ep-service', null], ['F', 'salt-service', 'salt-east']]);
    await mark(h.la.auditor, 'B', [salt.id]);
    const bad = await problem(await mark(h.la.auditor, 'E', [elsewhere.id, randomUUID(), planAudit.id, salt.id, salt.id]));
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.body.errors.map((e: any) => e.field), ['adviceAuditIds[4]', 'adviceAuditIds[0]', 'adviceAuditIds[1]', 'adviceAuditIds[2]']);
    assert.equal((await problem(await mark(h.la.auditor2, 'F', []))).status, 403);
    assert.equal((await problem(await mark(h.other.auditor, 'F', []))).status, 404);
    assert.equal((await problem(await h.call(h.la.auditor2, 'PUT', `/audits/${ep.id}/sections/N/weakened-by`, { body: { adviceAuditIds: [] } }))).status, 409, 'only plan audits are marked');
    assert.equal((await problem(await mark(h.la.auditor, 'Z', []))).status, 404);

    const linked = await (await h.call(h.la.auditor, 'GET', `/plans/${planRef}/audits`)).json();
    assert.deepEqual(linked.items.find((a: any) => a.id === planAudit.id).weakenedSections.map((w: any) => w.sectionId).sort(), ['B', 'F', 'F']);
    await mark(h.la.auditor, 'F', []);
    const after = await (await h.call(h.la.moderator, 'GET', `/audits/${planAudit.id}/weakened-by`)).json();
    assert.deepEqual(after.items.map((w: any) => [w.sectionId, w.adviceAuditId]), [['B', salt.id]]);
  } finally {
    await h.close();
  }
});

test("a service's summary counts only its own advice, suppresses small numbers, and a service lead sees only their own service", async () => {
  const h = await harness();
  try {
    const cycle = await (await h.call(h.la.manager, 'POST', '/cycles', { body: { name: 'Autumn', startDate: '2026-09-01', endDate: '2026-12-31' } })).json();
    const ep = { serviceRef: 'ep-service', teamRef: 'ep-north' };
    const salt = { serviceRef: 'salt-service' };
    const planAudits: any[] = [];
    // Six good EP advice audits, five weak speech and language advice audits, each on its own plan.
    for (let i = 0; i < 11; i++) {
      const planRef = `PLAN-${randomUUID().slice(0, 8)}`;
      const isEp = i < 6;
      const kind = isEp ? 'psychological' : 'health';
      const a = await startAudit(h, h.la.auditor, { frameworkId: 'ehcp-advice', planRef, cycleId: cycle.id, facts: adviceFacts(kind), contributor: isEp ? ep : salt });
      await gradeAndComplete(h, h.la.auditor, a, ehcpAdviceV1, adviceFacts(kind), !isEp);
      const p = await startAudit(h, h.la.auditor, { frameworkId: 'ehcp-plan', planRef, cycleId: cycle.id });
      planAudits.push(p);
      if (!isEp) assert.equal((await h.call(h.la.auditor, 'PUT', `/audits/${p.id}/sections/F/weakened-by`, { body: { adviceAuditIds: [a.id] } })).status, 200);
    }
    // A plan audit in the same cycle is never counted in a service summary.
    const summary = async (who: Person, service: string, q = '') => h.call(who, 'GET', `/reports/services/${service}/summary?cycleId=${cycle.id}${q}`);

    const epSummary = await (await summary(h.la.manager, 'ep-service')).json();
    assert.deepEqual(epSummary.audits, { count: 6, suppressed: false });
    assert.deepEqual(epSummary.overall.grades.map((g: any) => [g.grade, g.count.count]), [['outstanding', 0], ['good', 6], ['requires-improvement', 0], ['inadequate', 0]]);
    assert.equal(epSummary.overall.goodOrBetter.share, 1);
    assert.deepEqual(epSummary.weakenedPlanSections, []);
    assert.equal(epSummary.scope.framework.id, 'ehcp-advice');
    assert.ok(!JSON.stringify(epSummary).includes('PLAN-'), 'no plan reference in a service summary');

    const saltSummary = await (await summary(h.la.manager, 'salt-service')).json();
    assert.deepEqual(saltSummary.audits, { count: 5, suppressed: false });
    assert.deepEqual(saltSummary.overall.grades.map((g: any) => [g.grade, g.count.count]), [['outstanding', 0], ['good', 0], ['requires-improvement', 0], ['inadequate', 5]]);
    assert.deepEqual(saltSummary.weakenedPlanSections.map((w: any) => [w.sectionId, w.count.count]), [['F', 5]]);
    assert.ok(saltSummary.criteriaMissed.length > 0 && saltSummary.criteriaMissed.every((c: any) => c.criterionId.split('.')[0] === c.sectionId));

    // One team of the service: fewer than 5, so every count is hidden.
    const team = await (await summary(h.la.manager, 'ep-service', '&contributorTeamRef=ep-north&phase=primary')).json();
    assert.deepEqual(team.audits, { count: 6, suppressed: false });
    const oneTeam = await (await summary(h.la.manager, 'salt-service', '&auditorRole=health')).json();
    assert.deepEqual(oneTeam.audits, { count: 0, suppressed: false }, 'the filters of the audit summary apply');

    // The service lead of speech and language sees theirs, not the EP service's nor the LA's audit summary.
    const lead: Person = { sub: 'lead-salt', tenant: h.la.manager.tenant, roles: ['service-lead'], service: 'salt-service' };
    assert.equal((await summary(lead, 'salt-service')).status, 200);
    const denied = await problem(await summary(lead, 'ep-service'));
    assert.equal(denied.status, 403);
    assert.equal(denied.type, 'application/problem+json');
    assert.equal((await problem(await h.call(lead, 'GET', '/reports/summary'))).status, 403);
    assert.equal((await problem(await h.call(lead, 'GET', `/audits/${planAudits[0].id}`))).status, 403);
    assert.deepEqual((await (await h.call(lead, 'GET', '/reports/services')).json()).items.map((s: any) => s.serviceRef), ['salt-service']);
    assert.deepEqual((await (await h.call(h.la.manager, 'GET', '/reports/services')).json()).items.map((s: any) => [s.serviceRef, s.teamRefs, s.adviceAudits.count]), [['ep-service', ['ep-north'], 6], ['salt-service', [], 5]]);
    const otherLa: Person = { sub: 'lead-x', tenant: h.other.manager.tenant, roles: ['service-lead'], service: 'salt-service' };
    assert.equal((await problem(await summary(otherLa, 'salt-service'))).status, 404, "another LA's cycle is unknown");
    const leadNoService: Person = { sub: 'lead-y', tenant: h.la.manager.tenant, roles: ['service-lead'] };
    assert.equal((await problem(await summary(leadNoService, 'salt-service'))).status, 403);
    const personFilter = await problem(await summary(lead, 'salt-service', '&auditorId=aud-1'));
    assert.equal(personFilter.status, 403);
    assert.equal(personFilter.body.errors[0].field, 'query.auditorId');
  } finally {
    await h.close();
  }
});

test('small numbers: counts from 1 to 4 are hidden, with one more where the total would give them away', async () => {
  const { suppressRow } = await import('../../server-adapter/contributions/report.js');
  assert.deepEqual(suppressRow([0, 6, 2, 9]), [false, true, true, false], 'the smallest other count hides the lone small one');
  assert.deepEqual(suppressRow([0, 6, 2, 3]), [false, false, true, true]);
  assert.deepEqual(suppressRow([0, 10, 0, 0]), [false, false, false, false]);
  assert.deepEqual(suppressRow([4, 0, 0, 0]), [true, false, false, false], 'nothing else to hide');
  const h = await harness();
  try {
    const cycle = await (await h.call(h.la.manager, 'POST', '/cycles', { body: { name: 'Spring', startDate: '2027-01-01', endDate: '2027-03-31' } })).json();
    for (let i = 0; i < 3; i++) {
      const a = await startAudit(h, h.la.auditor, { frameworkId: 'ehcp-advice', planRef: `PLAN-S${i}`, cycleId: cycle.id, facts: adviceFacts('education'), contributor: { serviceRef: 'school-a' } });
      await gradeAndComplete(h, h.la.auditor, a, ehcpAdviceV1, adviceFacts('education'));
    }
    const s = await (await h.call(h.la.manager, 'GET', `/reports/services/school-a/summary?cycleId=${cycle.id}`)).json();
    assert.deepEqual(s.audits, { count: null, suppressed: true });
    assert.ok(s.overall.grades.every((g: any) => g.count.count === 0 || g.count.suppressed), JSON.stringify(s.overall.grades));
    assert.equal(s.overall.goodOrBetter.share, null);
    assert.ok(s.sections.every((sec: any) => sec.grades.every((g: any) => g.share === null)));
  } finally {
    await h.close();
  }
});

test('feedback to a service: CSV and printable HTML for one cycle, with no plan references and no free text', async () => {
  const h = await harness();
  try {
    const spring = await (await h.call(h.la.manager, 'POST', '/cycles', { body: { name: 'Spring', startDate: '2026-01-01', endDate: '2026-04-30' } })).json();
    const summer = await (await h.call(h.la.manager, 'POST', '/cycles', { body: { name: 'Summer', startDate: '2026-05-01', endDate: '2026-08-31' } })).json();
    const secret = 'COMMENT-THAT-MUST-NOT-LEAK';
    for (const [cycle, n, weak] of [[spring, 5, true], [summer, 6, false]] as const) {
      for (let i = 0; i < n; i++) {
        const planRef = `PLAN-${randomUUID().slice(0, 8)}`;
        const a = await startAudit(h, h.la.auditor, { frameworkId: 'ehcp-advice', planRef, cycleId: cycle.id, facts: adviceFacts('social-care'), contributor: { serviceRef: 'sc-service' } });
        const res = await h.call(h.la.auditor, 'PUT', `/audits/${a.id}/sections/N`, { ifMatch: a.version, body: { ...(weak ? worstTicks(ehcpAdviceV1, 'N', adviceFacts('social-care')) : goodTicks(ehcpAdviceV1, 'N', adviceFacts('social-care'))), comment: secret } });
        await gradeAndComplete(h, h.la.auditor, await res.json(), ehcpAdviceV1, adviceFacts('social-care'), weak);
      }
    }
    const lead: Person = { sub: 'lead-sc', tenant: h.la.manager.tenant, roles: ['service-lead'], service: 'sc-service' };
    const csv = await h.call(lead, 'GET', `/reports/services/sc-service/feedback?format=csv&cycleId=${summer.id}&compareCycleId=${spring.id}`);
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type')!, /^text\/csv/);
    assert.match(csv.headers.get('content-disposition')!, /attachment; filename="ehcp-qa-advice-feedback-sc-service-summer\.csv"/);
    const text = await csv.text();
    assert.match(text.split('\r\n')[0]!, /^service,team,cycle,measure,part,item,count,share$/);
    assert.match(text, /sc-service,,Summer,advice audits,,,6,/);
    assert.match(text, /overall grade,,Good,6,100%/);
    assert.match(text, /change in good or better since Spring,,,100 points,100%/);
    assert.ok(!text.includes('PLAN-') && !text.includes(secret));

    const html = await h.call(h.la.manager, 'GET', `/reports/services/sc-service/feedback?format=html&cycleId=${spring.id}`);
    assert.equal(html.status, 200);
    assert.match(html.headers.get('content-security-policy')!, /default-src 'none'/);
    const page = await html.text();
    assert.match(page, /<h1>Advice quality feedback: sc-service<\/h1>/);
    assert.match(page, /Advice audits completed: 5\./);
    assert.ok(!page.includes('PLAN-') && !page.includes(secret) && !page.includes('<script'));

    const noCycle = await problem(await h.call(h.la.manager, 'GET', '/reports/services/sc-service/feedback?format=csv'));
    assert.equal(noCycle.status, 400);
    assert.equal(noCycle.body.errors[0].field, 'query.cycleId');
    const notAdvice = await problem(await h.call(h.la.manager, 'GET', `/reports/services/sc-service/summary?frameworkId=ehcp-plan`));
    assert.equal(notAdvice.status, 400);
    assert.equal(notAdvice.body.errors[0].field, 'query.frameworkId');
  } finally {
    await h.close();
  }
});

test("criteria missed count only where they applied: advice of one kind never misses another kind's criteria", async () => {
  const { criteriaMissed } = await import('../../server-adapter/contributions/report.js');
  const section = (grade: string, criteriaMet: string[], cannotTell?: string[]) => ({
    criteriaMet, grade, suggestedGrade: grade, overrideReason: null, comment: null, savedAt: '2026-01-01T00:00:00.000Z', ...(cannotTell ? { cannotTell } : {}),
  });
  const ep = { facts: adviceFacts('psychological'), sections: { S: section('requires-improvement', []), Q: section('good', ['Q.good.dated-and-authored'], ['Q.good.within-six-weeks']) } };
  const missed = criteriaMissed(ehcpAdviceV1, [ep, ep], 50).map((m) => [m.criterionId, m.assessed, m.notMet]);
  assert.ok(missed.some(([id]) => id === 'S.good.learning-profile-interpreted'));
  assert.ok(!missed.some(([id]) => String(id).startsWith('S.good.health') || String(id).startsWith('S.good.care') || String(id).startsWith('S.good.attainment')), JSON.stringify(missed));
  assert.ok(!missed.some(([id]) => id === 'Q.good.within-six-weeks'), '"cannot tell" leaves the count');
  assert.ok(!missed.some(([id]) => id === 'Q.good.dated-and-authored'), 'met');
  assert.deepEqual(missed.find(([id]) => id === 'Q.good.sources-listed'), ['Q.good.sources-listed', 2, 2]);
});

test('erasing a plan removes its advice contributors and "weakened by the advice" markings, on SQLite and on the record store', async () => {
  const { createMemoryStorage } = await import('ehcp-qa/server');
  const { contributionStore } = await import('../../server-adapter/contributions/store.js');
  for (const backend of ['sqlite', 'memory'] as const) {
    const h = await harness(backend === 'memory' ? { storage: createMemoryStorage() } : {});
    try {
      const planRef = `PLAN-${randomUUID().slice(0, 8)}`;
      const keep = `PLAN-${randomUUID().slice(0, 8)}`;
      const planAudit = await startAudit(h, h.la.auditor, { frameworkId: 'ehcp-plan', planRef });
      const advice = await startAudit(h, h.la.auditor, { frameworkId: 'ehcp-advice', planRef, contributor: { serviceRef: 'ep-service' } });
      const other = await startAudit(h, h.la.auditor, { frameworkId: 'ehcp-advice', planRef: keep, contributor: { serviceRef: 'ep-service' } });
      assert.equal((await h.call(h.la.auditor, 'PUT', `/audits/${planAudit.id}/sections/F/weakened-by`, { body: { adviceAuditIds: [advice.id] } })).status, 200);
      const erased = await h.call(h.la.admin, 'POST', `/plans/${planRef}/erasure`, { body: { basis: 'erasure-request', confirmPlanRef: planRef } });
      assert.equal(erased.status, 200, backend);
      const store = contributionStore(h.storage);
      assert.deepEqual((await store.listContributors(h.la.admin.tenant, {})).map((c) => c.auditId), [other.id], backend);
      assert.deepEqual(await store.listWeakenings(h.la.admin.tenant, {}), [], backend);
      assert.deepEqual((await (await h.call(h.la.manager, 'GET', '/reports/services')).json()).items.map((s: any) => s.serviceRef), ['ep-service']);
    } finally {
      await h.close();
    }
  }
});

test('the audit trail records an advice audit with its service, and each weakened-by marking (ids only), on SQLite and on the record store', async () => {
  const { createMemoryStorage } = await import('ehcp-qa/server');
  for (const backend of ['sqlite', 'memory'] as const) {
    const h = await harness(backend === 'memory' ? { storage: createMemoryStorage() } : {});
    try {
      const planRef = `PLAN-${randomUUID().slice(0, 8)}`;
      const planAudit = await startAudit(h, h.la.auditor, { frameworkId: 'ehcp-plan', planRef });
      const advice = await startAudit(h, h.la.auditor, { frameworkId: 'ehcp-advice', planRef, contributor: { serviceRef: 'salt-service', teamRef: 'salt-east' } });
      assert.equal((await h.call(h.la.auditor, 'PUT', `/audits/${planAudit.id}/sections/F/weakened-by`, { body: { adviceAuditIds: [advice.id] } })).status, 200);
      const created = (await (await h.call(h.la.manager, 'GET', `/audits/${advice.id}/history`)).json()).items;
      assert.equal(created[0].operation, 'audit.created');
      assert.equal(created[0].details.serviceRef, 'salt-service', backend);
      const marked = (await (await h.call(h.la.manager, 'GET', `/audits/${planAudit.id}/history`)).json()).items.find((e: any) => e.operation === 'audit.weakened-by');
      assert.deepEqual([marked.details.sectionId, marked.details.adviceAuditIds, marked.details.serviceRefs], ['F', [advice.id], ['salt-service']], backend);
      const verified = await (await h.call(h.la.admin, 'GET', '/audit-trail/verification')).json();
      assert.equal(verified.ok, true);
    } finally {
      await h.close();
    }
  }
});
