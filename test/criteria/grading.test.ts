import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  ehcpPlanV1,
  loadFramework,
  suggestSectionGrade,
  needsOverrideReason,
  checkSectionInput,
  overallGrade,
  allowedGrades,
  gradeLabel,
  findSection,
  isAtLeast,
  NOT_APPLICABLE,
  type Framework,
  type Section,
} from 'ehcp-qa/criteria';

const fw = ehcpPlanV1;
const section = (id: string): Section => {
  const s = findSection(fw, id);
  assert.ok(s, `no section ${id}`);
  return s;
};
const ids = (s: Section, level: string): string[] => s.criteria.filter((c) => c.level === level).map((c) => c.id);
const allGood = (s: Section) => ids(s, 'good');

/** Section grades for all twelve sections, `base` everywhere unless overridden. */
function grades(base: string, overrides: Record<string, string | null> = {}): Record<string, string | null> {
  return { ...Object.fromEntries(fw.sections.map((s) => [s.id, base])), ...overrides };
}

describe('suggestSectionGrade', () => {
  const F = section('F');
  const C = section('C');

  test('rule 1: Not applicable when the section allows it and its NA criterion is met', () => {
    const s = suggestSectionGrade(fw, C, ['C.na.no-health-needs-confirmed']);
    assert.equal(s.grade, NOT_APPLICABLE);
    assert.equal(s.reason, 'The section is not applicable to this plan.');
    assert.deepEqual(s.metByLevel.na, { met: 1, total: 1 });
  });

  test('a weakness beats Not applicable: an Inadequate indicator ticked with the NA criterion suggests Inadequate', () => {
    assert.equal(suggestSectionGrade(fw, C, ['C.na.no-health-needs-confirmed', 'C.inadequate.blank-or-bare-na']).grade, 'inadequate');
    assert.equal(suggestSectionGrade(fw, C, ['C.na.no-health-needs-confirmed']).grade, NOT_APPLICABLE);
  });

  test('saving the NA criterion together with a weakness is refused, naming both', () => {
    const problems = checkSectionInput(fw, C, { criteriaMet: ['C.na.no-health-needs-confirmed', 'C.inadequate.blank-or-bare-na'], grade: 'inadequate' });
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.field, 'criteriaMet');
    assert.match(problems[0]!.message, /C\.na\.no-health-needs-confirmed/);
    assert.match(problems[0]!.message, /C\.inadequate\.blank-or-bare-na/);
  });

  test('rule 2: an Inadequate indicator gives Inadequate even when every Good criterion is met', () => {
    const s = suggestSectionGrade(fw, F, [...allGood(F), 'F.inadequate.vague-wording']);
    assert.equal(s.grade, 'inadequate');
    assert.equal(s.reason, 'An indicator of "Inadequate" is present.');
  });

  test('rule 2: a Requires improvement indicator gives Requires improvement', () => {
    const s = suggestSectionGrade(fw, F, [...allGood(F), ...ids(F, 'outstanding'), 'F.requires-improvement.group-size-missing']);
    assert.equal(s.grade, 'requires-improvement');
    assert.equal(s.reason, 'An indicator of "Requires improvement" is present.');
  });

  test('rule 2: the worst indicator decides when several are met', () => {
    assert.equal(
      suggestSectionGrade(fw, F, ['F.requires-improvement.not-quantified', 'F.inadequate.need-without-provision']).grade,
      'inadequate',
    );
  });

  test('rule 3: missing a Good criterion gives the level just below Good', () => {
    const good = allGood(F);
    const s = suggestSectionGrade(fw, F, good.slice(1));
    assert.equal(s.grade, 'requires-improvement');
    assert.equal(s.reason, `${good.length - 1} of ${good.length} "Good" criteria are met; ${good.length} are needed.`);
  });

  test('rule 3: an empty checklist suggests Requires improvement, not Inadequate', () => {
    assert.equal(suggestSectionGrade(fw, section('A'), []).grade, 'requires-improvement');
  });

  test('rule 3 with an expectedThreshold: meeting the threshold is enough for Good', () => {
    const data: any = structuredClone(fw);
    data.sections[5].expectedThreshold = 6;
    const adapted: Framework = loadFramework(data);
    const adaptedF = adapted.sections[5]!;
    const good = allGood(adaptedF);
    assert.equal(suggestSectionGrade(adapted, adaptedF, good.slice(0, 5)).grade, 'requires-improvement');
    assert.equal(suggestSectionGrade(adapted, adaptedF, good.slice(0, 6)).grade, 'good');
    // Outstanding still needs every Good criterion as well as every Outstanding one.
    assert.equal(suggestSectionGrade(adapted, adaptedF, [...good.slice(0, 6), ...ids(adaptedF, 'outstanding')]).grade, 'good');
    assert.equal(suggestSectionGrade(adapted, adaptedF, [...good, ...ids(adaptedF, 'outstanding')]).grade, 'outstanding');
  });

  test('rule 4: every Good and every Outstanding criterion gives Outstanding', () => {
    const s = suggestSectionGrade(fw, F, [...allGood(F), ...ids(F, 'outstanding')]);
    assert.equal(s.grade, 'outstanding');
    assert.equal(s.reason, 'Every "Good" criterion is met, with criteria of "Outstanding".');
  });

  test('rule 5: every Good criterion and only some Outstanding ones gives Good', () => {
    const s = suggestSectionGrade(fw, F, [...allGood(F), ids(F, 'outstanding')[0]!]);
    assert.equal(s.grade, 'good');
    assert.equal(s.reason, 'The "Good" criteria needed are met.');
  });

  test('Outstanding criteria alone do not lift a section without its Good criteria', () => {
    assert.equal(suggestSectionGrade(fw, F, ids(F, 'outstanding')).grade, 'requires-improvement');
  });

  test('an NA criterion id in a section that does not allow NA is ignored', () => {
    // B has no NA criterion; a stray id from another section counts for nothing.
    assert.equal(suggestSectionGrade(fw, section('B'), [...allGood(section('B')), 'C.na.no-health-needs-confirmed']).grade, 'good');
  });

  test('metByLevel counts met and total per level', () => {
    const s = suggestSectionGrade(fw, F, [allGood(F)[0]!, allGood(F)[1]!, 'F.requires-improvement.not-quantified']);
    assert.deepEqual(s.metByLevel.good, { met: 2, total: allGood(F).length });
    assert.deepEqual(s.metByLevel['requires-improvement'], { met: 1, total: ids(F, 'requires-improvement').length });
    assert.deepEqual(s.metByLevel.inadequate, { met: 0, total: ids(F, 'inadequate').length });
    assert.deepEqual(s.metByLevel.na, { met: 0, total: 0 });
  });

  test('accepts any iterable of criterion ids', () => {
    assert.equal(suggestSectionGrade(fw, F, new Set(allGood(F))).grade, 'good');
  });
});

describe('needsOverrideReason', () => {
  test('only when a chosen grade differs from the suggestion', () => {
    assert.equal(needsOverrideReason('good', 'good'), false);
    assert.equal(needsOverrideReason('good', 'outstanding'), true);
    assert.equal(needsOverrideReason('requires-improvement', 'inadequate'), true);
    assert.equal(needsOverrideReason(NOT_APPLICABLE, 'good'), true);
    assert.equal(needsOverrideReason('good', null), false);
  });
});

describe('checkSectionInput', () => {
  const B = section('B');
  const C = section('C');

  test('accepts a grade that matches the suggestion', () => {
    assert.deepEqual(checkSectionInput(fw, B, { criteriaMet: allGood(B), grade: 'good' }), []);
  });

  test('accepts no grade yet', () => {
    assert.deepEqual(checkSectionInput(fw, B, { criteriaMet: [], grade: null }), []);
  });

  test('names an unknown criterion', () => {
    const problems = checkSectionInput(fw, B, { criteriaMet: ['B.good.impact-described', 'F.good.quantified', 'B.good.nonsense'], grade: null });
    assert.deepEqual(
      problems.map((p) => p.field),
      ['criteriaMet', 'criteriaMet'],
    );
    assert.match(problems[0]!.message, /"F\.good\.quantified" is not a criterion of section B in ehcp-plan 1\.0\.0/);
    assert.match(problems[1]!.message, /"B\.good\.nonsense"/);
  });

  test('rejects a grade outside the scale', () => {
    const problems = checkSectionInput(fw, B, { criteriaMet: [], grade: 'gold' });
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.field, 'grade');
    assert.match(problems[0]!.message, /"gold" is not a grade section B allows; use one of outstanding, good, requires-improvement, inadequate$/);
  });

  test('rejects Not applicable where the section does not allow it', () => {
    const problems = checkSectionInput(fw, B, { criteriaMet: [], grade: NOT_APPLICABLE, overrideReason: 'no needs' });
    assert.deepEqual(problems.map((p) => p.field), ['grade']);
  });

  test('accepts Not applicable where allowed and suggested', () => {
    assert.deepEqual(checkSectionInput(fw, C, { criteriaMet: ['C.na.no-health-needs-confirmed'], grade: NOT_APPLICABLE }), []);
  });

  test('requires a reason when the chosen grade differs from the suggestion', () => {
    const input = { criteriaMet: allGood(B), grade: 'outstanding' };
    const problems = checkSectionInput(fw, B, input);
    assert.deepEqual(problems.map((p) => p.field), ['overrideReason']);
    assert.match(problems[0]!.message, /chosen grade "outstanding" differs from the suggested grade "good"/);
    assert.deepEqual(checkSectionInput(fw, B, { ...input, overrideReason: '   ' }).map((p) => p.field), ['overrideReason']);
    assert.deepEqual(checkSectionInput(fw, B, { ...input, overrideReason: 'Exceptional co-production, not captured by the checklist.' }), []);
  });

  test('does not ask for a reason while other problems remain', () => {
    const problems = checkSectionInput(fw, B, { criteriaMet: ['B.good.unknown'], grade: 'inadequate' });
    assert.deepEqual(problems.map((p) => p.field), ['criteriaMet']);
  });
});

describe('overallGrade', () => {
  const totalWeight = fw.sections.reduce((sum, s) => sum + s.weight, 0);

  test('the weights sum to 19.5', () => {
    assert.equal(totalWeight, 19.5);
  });

  test('every section Good gives Good with 3 points', () => {
    const o = overallGrade(fw, grades('good'));
    assert.equal(o.grade, 'good');
    assert.equal(o.meanPoints, 3);
    assert.equal(o.pointsGrade, 'good');
    assert.equal(o.limitedBy, null);
    assert.equal(o.explanation, 'Weighted mean of 3 points gives "Good".');
  });

  test('every section Outstanding gives Outstanding', () => {
    assert.equal(overallGrade(fw, grades('outstanding')).grade, 'outstanding');
  });

  test('the weighted mean uses section weights', () => {
    // B, E and F Outstanding (3 × 3 × 4 = 36), the rest Good (10.5 × 3 = 31.5): 67.5 / 19.5 ≈ 3.46.
    const o = overallGrade(fw, grades('good', { B: 'outstanding', E: 'outstanding', F: 'outstanding' }));
    assert.ok(Math.abs(o.meanPoints! - 67.5 / 19.5) < 1e-9);
    assert.equal(o.grade, 'good');
    assert.match(o.explanation, /^Weighted mean of 3\.46 points gives "Good"\.$/);
    // The same three grades in light sections barely move the mean.
    const light = overallGrade(fw, grades('good', { C: 'outstanding', D: 'outstanding', G: 'outstanding' }));
    assert.ok(light.meanPoints! < o.meanPoints!);
  });

  test('thresholds are inclusive', () => {
    // B Outstanding (3 × 4) and E Good (3 × 3): 21 / 6 = 3.5 → Outstanding.
    assert.equal(overallGrade(fw, { B: 'outstanding', E: 'good' }).grade, 'outstanding');
    // B Good (3 × 3) and C Requires improvement (1 × 2): 11 / 4 = 2.75 → Good.
    const o = overallGrade(fw, { B: 'good', C: 'requires-improvement' });
    assert.equal(o.meanPoints, 2.75);
    assert.equal(o.pointsGrade, 'good');
  });

  test('points alone: a Requires improvement in F still leaves the plan Good; in B and F, Requires improvement', () => {
    // 19.5 × 3 − 3 = 55.5; / 19.5 ≈ 2.85.
    assert.equal(overallGrade(fw, grades('good', { F: 'requires-improvement' })).grade, 'good');
    // 19.5 × 3 − 6 = 52.5; / 19.5 ≈ 2.69.
    assert.equal(overallGrade(fw, grades('good', { B: 'requires-improvement', F: 'requires-improvement' })).grade, 'requires-improvement');
  });

  test('every section Inadequate gives Inadequate; mostly Requires improvement gives Requires improvement', () => {
    assert.equal(overallGrade(fw, grades('inadequate')).grade, 'inadequate');
    assert.equal(overallGrade(fw, grades('requires-improvement')).grade, 'requires-improvement');
  });

  for (const core of ['B', 'E', 'F']) {
    test(`an Inadequate ${core} caps an otherwise Outstanding plan at Requires improvement`, () => {
      const o = overallGrade(fw, grades('outstanding', { [core]: 'inadequate' }));
      assert.equal(o.pointsGrade, 'outstanding');
      assert.equal(o.grade, 'requires-improvement');
      assert.deepEqual(o.limitedBy?.sections, [core]);
      assert.equal(o.limitedBy?.capAt, 'requires-improvement');
      assert.match(o.explanation, new RegExp(`Capped at "Requires improvement" because section ${core} is graded "Inadequate": needs, outcomes and provision`));
    });
  }

  test('an Inadequate in any other section also caps at Requires improvement', () => {
    const o = overallGrade(fw, grades('outstanding', { K: 'inadequate' }));
    assert.equal(o.pointsGrade, 'outstanding');
    assert.equal(o.grade, 'requires-improvement');
    assert.deepEqual(o.limitedBy?.sections, ['K']);
    assert.match(o.explanation, /section K is graded "Inadequate": a section that fails its statutory purpose/);
  });

  test('any section below Good keeps the plan from Outstanding', () => {
    const o = overallGrade(fw, grades('outstanding', { J: 'requires-improvement' }));
    assert.equal(o.pointsGrade, 'outstanding');
    assert.equal(o.grade, 'good');
    assert.match(o.explanation, /Capped at "Good" because section J is graded "Requires improvement": a plan is Outstanding only when no section is below Good\./);
  });

  test('a cap never raises a grade', () => {
    const o = overallGrade(fw, grades('inadequate', { K: 'outstanding' }));
    assert.equal(o.grade, 'inadequate');
    assert.equal(o.limitedBy, null);
  });

  test('Not applicable sections are left out of the mean', () => {
    const withNa = overallGrade(fw, grades('good', { B: 'outstanding', C: NOT_APPLICABLE, D: NOT_APPLICABLE, G: NOT_APPLICABLE }));
    // C, D and G (weight 3) drop out: B 3 × 4 = 12, the other 13.5 of weight × 3, over 16.5.
    assert.ok(Math.abs(withNa.meanPoints! - (12 + 13.5 * 3) / 16.5) < 1e-9);
  });

  test('Not applicable sections never trigger a limit', () => {
    const o = overallGrade(fw, grades('outstanding', { C: NOT_APPLICABLE, H1: NOT_APPLICABLE, I: NOT_APPLICABLE }));
    assert.equal(o.grade, 'outstanding');
    assert.equal(o.limitedBy, null);
  });

  test('no graded section gives null', () => {
    const allNa = overallGrade(fw, { C: NOT_APPLICABLE, D: NOT_APPLICABLE });
    assert.deepEqual(allNa, { grade: null, meanPoints: null, pointsGrade: null, limitedBy: null, explanation: 'No section has a grade yet.' });
    assert.equal(overallGrade(fw, {}).grade, null);
    assert.equal(overallGrade(fw, grades('good', Object.fromEntries(fw.sections.map((s) => [s.id, null])))).grade, null);
  });

  test('missing and null sections are treated as not graded', () => {
    assert.deepEqual(overallGrade(fw, { B: 'good', E: 'good', F: null }), overallGrade(fw, { B: 'good', E: 'good' }));
  });

  test('the worked example in docs/criteria.md', () => {
    const o = overallGrade(fw, {
      A: 'outstanding',
      B: 'good',
      C: 'good',
      D: NOT_APPLICABLE,
      E: 'good',
      F: 'requires-improvement',
      G: 'good',
      H1: NOT_APPLICABLE,
      H2: NOT_APPLICABLE,
      I: 'good',
      J: NOT_APPLICABLE,
      K: 'outstanding',
    });
    // A 2×4=8, B 9, C 3, E 9, F 3×2=6, G 3, I 3, K 1.5×4=6 → 47 over weight 15.5.
    assert.ok(Math.abs(o.meanPoints! - 47 / 15.5) < 1e-9);
    assert.equal(o.pointsGrade, 'good');
    assert.equal(o.grade, 'good');
    assert.equal(o.explanation, 'Weighted mean of 3.03 points gives "Good".');

    const weaker = overallGrade(fw, {
      A: 'outstanding',
      B: 'good',
      C: 'good',
      D: NOT_APPLICABLE,
      E: 'good',
      F: 'inadequate',
      G: 'good',
      H1: NOT_APPLICABLE,
      H2: NOT_APPLICABLE,
      I: 'good',
      J: NOT_APPLICABLE,
      K: 'outstanding',
    });
    // F drops from 6 to 3 points: 44 / 15.5 ≈ 2.84 → Good by points, capped by F.
    assert.equal(weaker.pointsGrade, 'good');
    assert.equal(weaker.grade, 'requires-improvement');
    assert.equal(
      weaker.explanation,
      'Weighted mean of 2.84 points gives "Good". Capped at "Requires improvement" because section F is graded "Inadequate": needs, outcomes and provision are the core of a plan, so an Inadequate grade in any of them limits the plan to Requires improvement.',
    );
  });
});

describe('helpers', () => {
  test('allowedGrades, gradeLabel and isAtLeast', () => {
    assert.deepEqual(allowedGrades(fw, section('A')), ['outstanding', 'good', 'requires-improvement', 'inadequate']);
    assert.deepEqual(allowedGrades(fw, section('I')), ['outstanding', 'good', 'requires-improvement', 'inadequate', NOT_APPLICABLE]);
    assert.equal(gradeLabel(fw, NOT_APPLICABLE), 'Not applicable');
    assert.equal(gradeLabel(fw, 'requires-improvement'), 'Requires improvement');
    assert.equal(isAtLeast(fw, 'outstanding', 'good'), true);
    assert.equal(isAtLeast(fw, 'good', 'good'), true);
    assert.equal(isAtLeast(fw, 'inadequate', 'good'), false);
    assert.equal(isAtLeast(fw, NOT_APPLICABLE, 'good'), false);
  });
});
