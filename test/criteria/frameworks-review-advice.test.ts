// ehcp-annual-review 1.0.0 and ehcp-advice 1.0.0: they load, keep the 2.0.0 rules, and grade as written.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  builtInFrameworks, ehcpAdviceV1, ehcpAnnualReviewV1, conditionHolds, frameworkSubject, overallGrade, suggestSectionGrade,
  FrameworkSchema, NOT_APPLICABLE, type Framework, type Section,
} from 'ehcp-qa/criteria';

const section = (fw: Framework, id: string) => fw.sections.find((s) => s.id === id)!;
const applicable = (fw: Framework, s: Section, facts: Record<string, string>, pick: (c: Section['criteria'][number]) => boolean) =>
  s.criteria.filter((c) => pick(c) && (c.appliesWhen === undefined || conditionHolds(c.appliesWhen, { facts }))).map((c) => c.id);
/** The applicable core criteria and all applicable quality criteria: a Good section. */
const goodTicks = (fw: Framework, s: Section, facts: Record<string, string>) => applicable(fw, s, facts, (c) => c.level === 'good');

for (const fw of [ehcpAnnualReviewV1, ehcpAdviceV1]) {
  describe(`${fw.id} ${fw.version}`, () => {
    test('is built in, validates, and says what it audits', () => {
      assert.ok(builtInFrameworks.includes(fw));
      assert.equal(FrameworkSchema.safeParse(fw).success, true);
      assert.equal(frameworkSubject(fw), fw.id === 'ehcp-advice' ? 'advice' : 'annual-review');
      assert.equal(fw.scale.expected, 'good');
    });

    test('every part uses core and quality, with guidance, and every core criterion has a mirror at the same applicability', () => {
      for (const s of fw.sections) {
        assert.ok(s.qualityMayMiss !== undefined && s.outstandingNeeds !== undefined, s.id);
        assert.ok(s.criteria.some((c) => c.core), `${s.id} has no core criterion`);
        assert.ok(s.criteria.some((c) => c.level === 'inadequate'), `${s.id} has no Inadequate indicator`);
        assert.ok(s.guidance.recommendations.length >= 2, s.id);
        for (const c of s.criteria.filter((x) => x.core)) {
          const mirror = s.criteria.find((x) => x.mirrors === c.id);
          assert.ok(mirror, `${c.id} has no mirror`);
          assert.deepEqual(mirror.appliesWhen, c.appliesWhen, `${mirror.id} applies when ${c.id} does`);
        }
      }
    });

    test('a part is Good with its applicable Good criteria, Requires improvement without a core one, Inadequate with an Inadequate indicator', () => {
      const facts = Object.fromEntries((fw.facts ?? []).map((f) => [f.id, f.options[1]!.id]));
      for (const s of fw.sections) {
        const ticks = goodTicks(fw, s, facts);
        if (ticks.length === 0) continue;
        assert.equal(suggestSectionGrade(fw, s, ticks, { facts }).grade, 'good', s.id);
        const core = applicable(fw, s, facts, (c) => !!c.core);
        if (core.length > 0) assert.equal(suggestSectionGrade(fw, s, ticks.filter((id) => id !== core[0]), { facts }).grade, 'requires-improvement', s.id);
        const worst = applicable(fw, s, facts, (c) => c.level === 'inadequate');
        if (worst.length > 0) assert.equal(suggestSectionGrade(fw, s, [...ticks, worst[0]!], { facts }).grade, 'inadequate', s.id);
      }
    });
  });
}

describe('ehcp-annual-review 1.0.0 applicability', () => {
  const fw = ehcpAnnualReviewV1;
  test('the 12-month rule is core at every age; under 5 the advised 6 months is a quality criterion', () => {
    const M = section(fw, 'M');
    const core = (age: string) => applicable(fw, M, { 'age-band': age }, (c) => !!c.core);
    const quality = (age: string) => applicable(fw, M, { 'age-band': age }, (c) => c.level === 'good' && !c.core);
    for (const age of ['under-5', 'reception-to-year-8', 'post-19']) assert.ok(core(age).includes('M.good.held-within-12-months'), age);
    assert.ok(quality('under-5').includes('M.good.held-within-6-months'));
    assert.ok(!quality('reception-to-year-8').includes('M.good.held-within-6-months'));
    // Under 5, a review at 9 months misses one quality criterion: still Good when the rest is.
    const facts = { 'age-band': 'under-5' };
    const ticks = applicable(fw, M, facts, (c) => c.level === 'good' && c.id !== 'M.good.held-within-6-months');
    assert.equal(suggestSectionGrade(fw, M, ticks, { facts }).grade, 'good');
  });

  test('preparing for adulthood is Not applicable below Year 9 and graded from Year 9', () => {
    const A = section(fw, 'A');
    assert.equal(suggestSectionGrade(fw, A, ['A.na.below-year-9'], { facts: { 'age-band': 'reception-to-year-8' } }).grade, NOT_APPLICABLE);
    assert.deepEqual(applicable(fw, A, { 'age-band': 'reception-to-year-8' }, (c) => c.level === 'good'), []);
    assert.equal(suggestSectionGrade(fw, A, [], { facts: { 'age-band': 'year-9-to-year-11' } }).grade, 'requires-improvement');
  });

  test('phase transfer: only the deadline for the kind of move applies (15 February for school, 31 March for post-16)', () => {
    const T = section(fw, 'T');
    const ids = (move: string) => applicable(fw, T, { 'phase-transfer': move }, (c) => !!c.core);
    assert.ok(ids('school').includes('T.good.school-deadline-met') && !ids('school').includes('T.good.post-16-deadline-met'));
    assert.ok(ids('post-16').includes('T.good.post-16-deadline-met') && !ids('post-16').includes('T.good.school-deadline-met'));
    assert.match(T.criteria.find((c) => c.id === 'T.good.school-deadline-met')!.text, /15 February/);
    assert.match(T.criteria.find((c) => c.id === 'T.good.post-16-deadline-met')!.text, /31 March/);
    assert.equal(suggestSectionGrade(fw, T, ['T.na.no-transfer'], { facts: { 'phase-transfer': 'none' } }).grade, NOT_APPLICABLE);
  });

  test('the decision: four weeks always; the amended-plan deadline only for an amendment; appeal rights otherwise', () => {
    const D = section(fw, 'D');
    const core = (decision: string) => applicable(fw, D, { 'review-decision': decision }, (c) => !!c.core);
    assert.deepEqual(core('amend'), ['D.good.decision-within-4-weeks', 'D.good.amended-plan-on-time']);
    assert.deepEqual(core('cease'), ['D.good.decision-within-4-weeks', 'D.good.rights-explained']);
    assert.deepEqual(core('none'), ['D.good.decision-within-4-weeks']);
  });

  test('an Inadequate progress part caps the review at Requires improvement', () => {
    const grades = Object.fromEntries(fw.sections.map((s) => [s.id, 'outstanding']));
    assert.equal(overallGrade(fw, grades).grade, 'outstanding');
    assert.equal(overallGrade(fw, { ...grades, P: 'inadequate' }).grade, 'requires-improvement');
  });
});

describe('ehcp-advice 1.0.0 applicability', () => {
  const fw = ehcpAdviceV1;
  const S = section(fw, 'S');
  test('each kind of advice has its own core additions, and other advice makes part S Not applicable', () => {
    const core = (kind: string) => applicable(fw, S, { 'advice-type': kind }, (c) => !!c.core);
    assert.deepEqual(core('psychological'), ['S.good.learning-profile-interpreted']);
    assert.deepEqual(core('health'), ['S.good.health-effect-on-learning', 'S.good.health-provision-separated']);
    assert.deepEqual(core('social-care'), ['S.good.care-needs-or-none', 'S.good.care-status-stated']);
    assert.deepEqual(core('education'), ['S.good.attainment-dated', 'S.good.support-already-given']);
    assert.deepEqual(core('other'), []);
    assert.equal(suggestSectionGrade(fw, S, ['S.na.other-advice'], { facts: { 'advice-type': 'other' } }).grade, NOT_APPLICABLE);
  });

  test('the provision part refers to the vague-wording glossary defined in the framework', () => {
    const P = section(fw, 'P');
    assert.ok(fw.glossaries?.some((g) => g.id === 'vague-wording'));
    assert.ok(P.criteria.some((c) => c.core && c.glossary === 'vague-wording'));
  });

  test('the six-week criterion may be answered "cannot tell" and then leaves the count', () => {
    const Q = section(fw, 'Q');
    const core = Q.criteria.filter((c) => c.core).map((c) => c.id);
    const result = suggestSectionGrade(fw, Q, [...core, 'Q.good.terms-explained'], { cannotTell: ['Q.good.within-six-weeks'] });
    assert.equal(result.grade, 'good');
    assert.deepEqual(result.cannotTell, ['Q.good.within-six-weeks']);
  });
});
