// Framework ehcp-plan 2.0.0 through the HTTP API over SQLite: plan facts, criteria
// that do not apply, nil statements, "cannot tell", and Not applicable with a weakness.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ehcpPlanV2 } from 'ehcp-qa/criteria';
import { harness, newAudit, problem, type Harness } from './helpers.js';

const DRAFT_PRIMARY = { 'plan-status': 'draft', 'age-band': 'reception-to-year-8', 'personal-budget-requested': 'no', 'follows-annual-review': 'no' };
const section = (id: string) => ehcpPlanV2.sections.find((s) => s.id === id)!;
const ids = (id: string, pick: (c: (typeof ehcpPlanV2.sections)[number]['criteria'][number]) => boolean) => section(id).criteria.filter(pick).map((c) => c.id);

async function startV2(h: Harness, extra: Record<string, unknown> = {}) {
  const res = await h.call(h.la.auditor, 'POST', '/audits', { body: newAudit({ frameworkVersion: undefined, ...extra }) });
  assert.equal(res.status, 201, await res.clone().text());
  return res.json();
}

test('new audits use ehcp-plan 2.0.0 and keep the plan facts the host sends; unknown facts or answers are refused by name', async () => {
  const h = await harness();
  try {
    const audit = await startV2(h, { facts: DRAFT_PRIMARY });
    assert.equal(audit.frameworkVersion, '2.0.0');
    assert.deepEqual(audit.facts, DRAFT_PRIMARY);
    assert.deepEqual((await (await h.call(h.la.auditor, 'GET', `/audits/${audit.id}`)).json()).facts, DRAFT_PRIMARY);
    for (const [facts, field] of [
      [{ 'age-band': 'year-14' }, 'facts.age-band'],
      [{ 'shoe-size': 'large' }, 'facts.shoe-size'],
    ] as const) {
      const res = await problem(await h.call(h.la.auditor, 'POST', '/audits', { body: newAudit({ frameworkVersion: undefined, facts }) }));
      assert.equal(res.status, 422);
      assert.equal(res.body.errors[0].field, field);
    }
    const count = (await (await h.call(h.la.auditor, 'GET', '/audits')).json()).items.length;
    assert.equal(count, 1, 'a refused audit writes nothing');
  } finally {
    await h.close();
  }
});

test('Not applicable ticked with a weakness answers 422 naming both criteria, and writes nothing', async () => {
  const h = await harness();
  try {
    const audit = await startV2(h, { facts: DRAFT_PRIMARY });
    const res = await problem(await h.call(h.la.auditor, 'PUT', `/audits/${audit.id}/sections/I`, {
      ifMatch: 1, body: { criteriaMet: ['I.na.draft-plan-blank', 'I.inadequate.draft-names-school'], grade: 'inadequate' },
    }));
    assert.equal(res.status, 422);
    assert.equal(res.body.errors[0].field, 'criteriaMet');
    assert.match(res.body.errors[0].message, /I\.na\.draft-plan-blank/);
    assert.match(res.body.errors[0].message, /I\.inadequate\.draft-names-school/);
    const after = await (await h.call(h.la.auditor, 'GET', `/audits/${audit.id}`)).json();
    assert.equal(after.version, 1);
    assert.deepEqual(after.sections, {});
    const ok = await h.call(h.la.auditor, 'PUT', `/audits/${audit.id}/sections/I`, { ifMatch: 1, body: { criteriaMet: ['I.na.draft-plan-blank'], grade: 'na' } });
    assert.equal(ok.status, 200);
    assert.equal((await ok.json()).sections.I.suggestedGrade, 'na');
  } finally {
    await h.close();
  }
});

test('criteria that do not apply to the plan cannot be ticked, and the applicability route says why', async () => {
  const h = await harness();
  try {
    const audit = await startV2(h, { facts: DRAFT_PRIMARY });
    // Section I's content criteria apply to final plans only.
    const res = await problem(await h.call(h.la.auditor, 'PUT', `/audits/${audit.id}/sections/I`, { ifMatch: 1, body: { criteriaMet: ['I.good.name'], grade: null } }));
    assert.equal(res.status, 422);
    assert.match(res.body.errors[0].message, /"I\.good\.name" does not apply to this plan.*plan status is Final/);
    const caseworker = await h.call(h.la.caseworker, 'GET', `/audits/${audit.id}/applicability`);
    assert.equal(caseworker.status, 403, 'caseworkers cannot read an audit in progress');
    assert.equal((await h.call(h.other.manager, 'GET', `/audits/${audit.id}/applicability`)).status, 404, 'nor can another LA');
    const body = await (await h.call(h.la.auditor, 'GET', `/audits/${audit.id}/applicability`)).json();
    assert.deepEqual(body.unansweredFacts, []);
    const iOut = body.sections.I.map((x: { criterionId: string }) => x.criterionId);
    assert.ok(iOut.includes('I.good.name'));
    assert.ok(!iOut.includes('I.na.draft-plan-blank'));
    // Preparing for adulthood does not apply in primary school.
    const pfa = ehcpPlanV2.sections.flatMap((s) => s.criteria).filter((c) => JSON.stringify(c.appliesWhen ?? {}).includes('year-9-to-year-11') && !JSON.stringify(c.appliesWhen).includes('reception-to-year-8'));
    assert.ok(pfa.length > 0);
    const listed = new Set(Object.values(body.sections).flat().map((x) => (x as { criterionId: string }).criterionId));
    for (const c of pfa) if (!JSON.stringify(c.appliesWhen).includes('nilStatement')) assert.ok(listed.has(c.id), c.id);
    for (const reasons of Object.values(body.sections) as { reason: string }[][]) for (const r of reasons) assert.match(r.reason, /^Applies only when /);
  } finally {
    await h.close();
  }
});

test('nil statements: the answer is stored, chooses the criteria, and a complete nil statement is Good', async () => {
  const h = await harness();
  try {
    const audit = await startV2(h, { facts: DRAFT_PRIMARY });
    const nilCore = ids('C', (c) => c.level === 'good' && !!c.core && JSON.stringify(c.appliesWhen) === '{"nilStatement":true}');
    assert.ok(nilCore.length >= 2);
    const nilAll = ids('C', (c) => c.level === 'good' && JSON.stringify(c.appliesWhen) === '{"nilStatement":true}');
    const res = await h.call(h.la.auditor, 'PUT', `/audits/${audit.id}/sections/C`, { ifMatch: 1, body: { nilStatement: true, criteriaMet: nilAll, grade: 'good' } });
    assert.equal(res.status, 200, await res.clone().text());
    const saved = (await res.json()).sections.C;
    assert.equal(saved.nilStatement, true);
    assert.equal(saved.suggestedGrade, 'good');
    const content = ids('C', (c) => JSON.stringify(c.appliesWhen) === '{"nilStatement":false}')[0]!;
    const refused = await problem(await h.call(h.la.auditor, 'PUT', `/audits/${audit.id}/sections/C`, { ifMatch: 2, body: { nilStatement: true, criteriaMet: [content], grade: null } }));
    assert.equal(refused.status, 422);
    assert.match(refused.body.errors[0].message, /says there are none|describes needs/);
    const noQuestion = await problem(await h.call(h.la.auditor, 'PUT', `/audits/${audit.id}/sections/A`, { ifMatch: 2, body: { nilStatement: true, criteriaMet: [], grade: null } }));
    assert.equal(noQuestion.status, 422);
    assert.equal(noQuestion.body.errors[0].field, 'nilStatement');
  } finally {
    await h.close();
  }
});

test('"cannot tell" only where the framework allows it; it leaves the count and is stored', async () => {
  const h = await harness();
  try {
    const audit = await startV2(h, { facts: DRAFT_PRIMARY });
    const advice = ids('B', (c) => !!c.needsAdvice && c.level === 'good');
    assert.ok(advice.length > 0);
    const others = ids('B', (c) => c.level === 'good' && !c.needsAdvice);
    const res = await h.call(h.la.auditor, 'PUT', `/audits/${audit.id}/sections/B`, { ifMatch: 1, body: { criteriaMet: others, cannotTell: advice, grade: 'good' } });
    assert.equal(res.status, 200, await res.clone().text());
    const saved = (await res.json()).sections.B;
    assert.deepEqual(saved.cannotTell, advice);
    assert.equal(saved.suggestedGrade, 'good', 'a core criterion answered "cannot tell" does not pull the section down');
    const wrong = await problem(await h.call(h.la.auditor, 'PUT', `/audits/${audit.id}/sections/B`, { ifMatch: 2, body: { criteriaMet: [], cannotTell: [others[0]], grade: null } }));
    assert.equal(wrong.status, 422);
    assert.equal(wrong.body.errors[0].field, 'cannotTell');
    const both = await problem(await h.call(h.la.auditor, 'PUT', `/audits/${audit.id}/sections/B`, { ifMatch: 2, body: { criteriaMet: advice, cannotTell: advice, grade: null } }));
    assert.equal(both.status, 422);
    assert.match(both.body.errors[0].message, /both ticked/);
  } finally {
    await h.close();
  }
});

test('changing the facts grades saved sections again: ticks that no longer apply go, a followed suggestion follows, a reasoned choice stays', async () => {
  const h = await harness();
  try {
    const audit = await startV2(h, { facts: { ...DRAFT_PRIMARY, 'plan-status': 'final' } });
    const name = await h.call(h.la.auditor, 'PUT', `/audits/${audit.id}/sections/I`, { ifMatch: 1, body: { criteriaMet: ['I.good.name'], grade: 'requires-improvement' } });
    assert.equal(name.status, 200, await name.clone().text());
    assert.equal((await name.json()).sections.I.suggestedGrade, 'requires-improvement');
    const chosen = await h.call(h.la.auditor, 'PUT', `/audits/${audit.id}/sections/A`, { ifMatch: 2, body: { criteriaMet: [], grade: 'good', overrideReason: 'Strong voice the checklist misses.' } });
    assert.equal(chosen.status, 200);
    const bad = await problem(await h.call(h.la.auditor, 'PUT', `/audits/${audit.id}/facts`, { ifMatch: 3, body: { facts: { 'plan-status': 'sent' } } }));
    assert.equal(bad.status, 422);
    assert.equal(bad.body.errors[0].field, 'facts.plan-status');
    const stale = await h.call(h.la.auditor, 'PUT', `/audits/${audit.id}/facts`, { ifMatch: 1, body: { facts: DRAFT_PRIMARY } });
    assert.equal(stale.status, 412);
    const res = await h.call(h.la.auditor, 'PUT', `/audits/${audit.id}/facts`, { ifMatch: 3, body: { facts: DRAFT_PRIMARY } });
    assert.equal(res.status, 200, await res.clone().text());
    const after = await res.json();
    assert.deepEqual(after.facts, DRAFT_PRIMARY);
    assert.deepEqual(after.sections.I.criteriaMet, [], 'I.good.name does not apply to a draft');
    assert.equal(after.sections.I.grade, after.sections.I.suggestedGrade);
    assert.equal(after.sections.A.grade, 'good');
    assert.equal(after.sections.A.overrideReason, 'Strong voice the checklist misses.');
    const other = await h.call(h.other.auditor, 'PUT', `/audits/${audit.id}/facts`, { ifMatch: 4, body: { facts: DRAFT_PRIMARY } });
    assert.equal(other.status, 404, 'another LA cannot see the audit');
    const moderator = await h.call(h.la.moderator, 'PUT', `/audits/${audit.id}/facts`, { ifMatch: 4, body: { facts: DRAFT_PRIMARY } });
    assert.equal(moderator.status, 403);
  } finally {
    await h.close();
  }
});

test('criteria gaps count a criterion only where it applied: not applicable and "cannot tell" leave its denominator (SQLite)', async () => {
  const { ehcpPlanV2: fw, suggestSectionGrade: suggest, conditionHolds } = await import('ehcp-qa/criteria');
  const h = await harness();
  try {
    const F = fw.sections.find((s) => s.id === 'F')!;
    const pfa = F.criteria.find((c) => c.level === 'good' && c.core && JSON.stringify(c.appliesWhen ?? '').includes('year-9'))!;
    const advice = F.criteria.find((c) => c.needsAdvice)!;
    const applies = (facts: Record<string, string>) => F.criteria.filter((c) => c.level === 'good' && (!c.appliesWhen || conditionHolds(c.appliesWhen, { facts }))).map((c) => c.id);
    const primary = { ...DRAFT_PRIMARY, 'plan-status': 'final' };
    const year10 = { ...primary, 'age-band': 'year-9-to-year-11' };
    const now = new Date().toISOString();
    const make = (i: number, facts: Record<string, string>, met: string[], cannotTell: string[] = []) => {
      const g = suggest(fw, F, met, { facts, cannotTell }).grade;
      return {
        id: `gaps-audit-${i}`, frameworkId: fw.id, frameworkVersion: fw.version, planRef: `PLAN-GAPS-${i}`, cycleId: null, auditorId: h.la.auditor.sub,
        auditorRole: 'send-caseworker' as const, plan: { planType: 'new' as const, phase: 'primary' as const, primaryNeed: 'ASD' as const, settingType: 'mainstream' as const },
        status: 'completed' as const, version: 2, facts,
        sections: { F: { criteriaMet: met, grade: g, suggestedGrade: g, overrideReason: null, comment: null, savedAt: now, ...(cannotTell.length ? { cannotTell } : {}) } },
        overall: { grade: g, meanPoints: 3, pointsGrade: g, limitedBy: null, explanation: 'test' }, startedAt: now, updatedAt: now, completedAt: now, activeSeconds: 60, reopenings: [],
      };
    };
    // Two primary plans (adulthood provision does not apply), one Year 10 plan that lacks it; one answer "cannot tell".
    await h.storage.createAudit(h.la.auditor.tenant, make(1, primary, applies(primary)));
    await h.storage.createAudit(h.la.auditor.tenant, make(2, primary, applies(primary).filter((id) => id !== advice.id), [advice.id]));
    await h.storage.createAudit(h.la.auditor.tenant, make(3, year10, applies(year10).filter((id) => id !== pfa.id)));
    const res = await h.call(h.la.manager, 'GET', `/reports/criteria-gaps?frameworkVersion=2.0.0`);
    assert.equal(res.status, 200, await res.clone().text());
    const gaps = (await res.json()).sections.find((s: { sectionId: string }) => s.sectionId === 'F').gaps;
    const gap = (id: string) => gaps.find((g: { criterionId: string }) => g.criterionId === id);
    assert.deepEqual([gap(pfa.id).assessed, gap(pfa.id).notMet], [1, 1], 'only the Year 10 plan is assessed on adulthood provision');
    assert.deepEqual([gap(advice.id).assessed, gap(advice.id).notMet], [2, 0], '"cannot tell" is neither met nor missed');
  } finally {
    await h.close();
  }
});
