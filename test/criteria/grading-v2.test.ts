// The core-and-quality rule, applicability and nil statements, on ehcp-plan 2.0.0.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ehcpPlanV2, conditionHolds, describeCondition, suggestSectionGrade, builtInFrameworks, type Section } from 'ehcp-qa/criteria';
import { frameworkDocFile, frameworkDocText } from '../../scripts/generate-framework-docs.js';

const fw = ehcpPlanV2;
const F = fw.sections.find((s) => s.id === 'F')!;
const facts = { 'plan-status': 'final', 'age-band': 'reception-to-year-8', 'personal-budget-requested': 'no', 'follows-annual-review': 'no' };
const applicable = (s: Section, pick: (c: Section['criteria'][number]) => boolean, nil = false) =>
  s.criteria.filter((c) => pick(c) && (c.appliesWhen === undefined || conditionHolds(c.appliesWhen, { facts, nilStatement: nil }))).map((c) => c.id);
const core = (s: Section, nil = false) => applicable(s, (c) => c.level === 'good' && !!c.core, nil);
const quality = (s: Section, nil = false) => applicable(s, (c) => c.level === 'good' && !c.core, nil);
const outstanding = (s: Section) => applicable(s, (c) => c.level === 'outstanding');

test('every section uses the core-and-quality rule, and every core criterion has a weakness mirror', () => {
  for (const s of fw.sections) {
    assert.ok(s.qualityMayMiss !== undefined, s.id);
    for (const c of s.criteria.filter((x) => x.core)) assert.ok(s.criteria.some((x) => x.mirrors === c.id), `${c.id} has no mirror`);
  }
});

test('Good with every core criterion and all but the allowed quality criteria; one fewer is Requires improvement, naming why', () => {
  const q = quality(F);
  const allowed = F.qualityMayMiss!;
  const good = suggestSectionGrade(fw, F, [...core(F), ...q.slice(allowed)], { facts });
  assert.equal(good.grade, 'good');
  assert.match(good.reason, new RegExp(`^All ${core(F).length} core criteria met; ${q.length - allowed} of ${q.length} quality criteria met, ${allowed} may be missed\\.$`));
  const tooFew = suggestSectionGrade(fw, F, [...core(F), ...q.slice(allowed + 1)], { facts });
  assert.equal(tooFew.grade, 'requires-improvement');
  const noCore = suggestSectionGrade(fw, F, [...core(F).slice(1), ...q], { facts });
  assert.equal(noCore.grade, 'requires-improvement');
  assert.match(noCore.reason, /Every core criterion is needed for "Good"; not met: "/);
});

test('Outstanding needs Good and the stated number of Outstanding criteria', () => {
  const base = [...core(F), ...quality(F)];
  const o = outstanding(F);
  const need = F.outstandingNeeds ?? o.length;
  assert.equal(suggestSectionGrade(fw, F, [...base, ...o.slice(0, need)], { facts }).grade, 'outstanding');
  assert.equal(suggestSectionGrade(fw, F, [...base, ...o.slice(0, need - 1)], { facts }).grade, 'good');
  assert.equal(suggestSectionGrade(fw, F, [...core(F).slice(1), ...o], { facts }).grade, 'requires-improvement');
});

test('criteria that do not apply leave every count; "cannot tell" leaves it too', () => {
  const pfa = F.criteria.filter((c) => c.level === 'good' && c.core && JSON.stringify(c.appliesWhen ?? '').includes('year-9'));
  assert.ok(pfa.length > 0, 'F has preparing-for-adulthood provision from Year 9');
  const primary = suggestSectionGrade(fw, F, [...core(F), ...quality(F)], { facts });
  assert.equal(primary.grade, 'good');
  assert.ok(primary.notApplicable.some((n) => n.id === pfa[0]!.id));
  const year10 = suggestSectionGrade(fw, F, [...core(F), ...quality(F)], { facts: { ...facts, 'age-band': 'year-9-to-year-11' } });
  assert.equal(year10.grade, 'requires-improvement', 'from Year 9 the adulthood criterion counts');
  const advice = F.criteria.find((c) => c.needsAdvice)!;
  const withUnsure = suggestSectionGrade(fw, F, [...core(F), ...quality(F)].filter((id) => id !== advice.id), { facts, cannotTell: [advice.id] });
  assert.deepEqual(withUnsure.cannotTell, [advice.id]);
  assert.match(withUnsure.reason, /answered "cannot tell" is left out/);
});

test('a complete nil statement is Good and can never be Outstanding; a bare one is Requires improvement; a contradicted one Inadequate', () => {
  for (const id of ['C', 'D', 'G', 'H1', 'H2', 'J']) {
    const s = fw.sections.find((x) => x.id === id)!;
    assert.ok(s.nilStatement, `${id} asks the nil-statement question`);
    const complete = [...core(s, true), ...quality(s, true)];
    assert.equal(suggestSectionGrade(fw, s, complete, { facts, nilStatement: true }).grade, 'good', id);
    assert.equal(suggestSectionGrade(fw, s, [], { facts, nilStatement: true }).grade, 'requires-improvement', id);
    const contradicted = applicable(s, (c) => c.level === 'inadequate', true).filter((c) => /contradict|mention/.test(c));
    assert.ok(contradicted.length > 0, `${id} has an Inadequate indicator for a contradicted nil statement`);
    assert.equal(suggestSectionGrade(fw, s, [...complete, contradicted[0]!], { facts, nilStatement: true }).grade, 'inadequate', id);
    assert.equal(applicable(s, (c) => c.level === 'outstanding', true).length, 0, `${id}: no Outstanding criterion applies to a nil statement`);
  }
});

test('conditions: an unanswered fact counts as applying, also under "not"; descriptions are plain English', () => {
  const cond = { fact: 'age-band', in: ['under-5'] };
  assert.equal(conditionHolds(cond, {}), true);
  assert.equal(conditionHolds({ not: cond }, {}), true);
  assert.equal(conditionHolds({ not: cond }, { facts: { 'age-band': 'under-5' } }), false);
  assert.equal(conditionHolds({ all: [cond, { nilStatement: true }] }, { nilStatement: false }), false);
  assert.equal(conditionHolds({ any: [cond, { nilStatement: true }] }, { facts: { 'age-band': 'post-16' }, nilStatement: true }), true);
  assert.equal(describeCondition(fw, { fact: 'age-band', in: ['under-5', 'post-19'] }), 'the age band is Under 5 or 19 to 25');
});

test('docs/frameworks/*.md are generated from the data and up to date (run `npm run generate`)', () => {
  for (const f of builtInFrameworks) assert.equal(readFileSync(frameworkDocFile(f), 'utf8'), frameworkDocText(f), `${f.id} ${f.version}`);
});

test('the worked example in docs/criteria.md: Good at 3.05; an Inadequate F makes the plan Inadequate', async () => {
  const { overallGrade } = await import('ehcp-qa/criteria');
  const grades: Record<string, string> = { A: 'outstanding', B: 'good', C: 'good', D: 'good', E: 'good', F: 'good', G: 'good', H1: 'good', H2: 'requires-improvement', I: 'good', J: 'good', K: 'good' };
  const good = overallGrade(fw, grades);
  assert.equal(good.grade, 'good');
  assert.equal(Math.round(good.meanPoints! * 100) / 100, 3.05);
  const f = overallGrade(fw, { ...grades, F: 'inadequate' });
  assert.equal(f.pointsGrade, 'requires-improvement');
  assert.equal(Math.round(f.meanPoints! * 100) / 100, 2.74);
  assert.equal(f.grade, 'inadequate');
  assert.deepEqual(f.limitedBy?.sections, ['F']);
  assert.equal(overallGrade(fw, { ...grades, F: 'requires-improvement' }).grade, 'requires-improvement', 'F below Good caps at Requires improvement');
  assert.equal(overallGrade(fw, { ...grades, H2: 'inadequate' }).grade, 'good', 'a contradicted nil statement alone does not cap the plan');
});
