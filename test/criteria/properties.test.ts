/**
 * Properties the grading must keep for every section of every framework, whatever
 * the auditor ticks. Run over ehcp-plan 1.0.0 and the Gold / Silver fixture.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  ehcpPlanV1,
  suggestSectionGrade,
  overallGrade,
  checkSectionInput,
  checkSection,
  criterionApplies,
  builtInFrameworks,
  allowedGrades,
  NOT_APPLICABLE,
  type Framework,
  type Section,
} from 'ehcp-qa/criteria';
import { goldSilverFramework } from '../fixtures/gold-silver-framework.js';

const frameworks: Framework[] = [ehcpPlanV1, goldSilverFramework];
const runs = { numRuns: 300 };

/** Position in the scale, 0 = best. `na` is not a level, so it has no position. */
function index(fw: Framework, grade: string): number {
  const i = fw.scale.levels.findIndex((l) => l.id === grade);
  assert.ok(i >= 0, `"${grade}" is not a level of ${fw.id}`);
  return i;
}

function expectedIndex(fw: Framework): number {
  return index(fw, fw.scale.expected);
}

/** Criterion ids of a section, split by how they should move a grade. */
function split(fw: Framework, section: Section) {
  const e = expectedIndex(fw);
  const at = (c: Section['criteria'][number]) => (c.level === NOT_APPLICABLE ? -1 : index(fw, c.level));
  return {
    all: section.criteria.map((c) => c.id),
    withoutNa: section.criteria.filter((c) => c.level !== NOT_APPLICABLE).map((c) => c.id),
    below: section.criteria.filter((c) => c.level !== NOT_APPLICABLE && at(c) > e).map((c) => c.id),
    atOrAbove: section.criteria.filter((c) => c.level !== NOT_APPLICABLE && at(c) <= e).map((c) => c.id),
    expected: section.criteria.filter((c) => c.level === fw.scale.expected).map((c) => c.id),
  };
}

/** A grade for one section as stored: a level, `na` where allowed, or not graded. */
function sectionGradeArb(fw: Framework, section: Section) {
  return fc.constantFrom<(string | null)[]>(...allowedGrades(fw, section), null);
}

/** Two levels of the scale, the first at least as good as the second. */
function levelPairArb(fw: Framework) {
  const levels = fw.scale.levels.map((l) => l.id);
  const n = fc.nat({ max: levels.length - 1 });
  return fc.tuple(n, n).map(([i, j]) => [levels[Math.min(i, j)]!, levels[Math.max(i, j)]!] as const);
}

function gradesArb(fw: Framework) {
  return fc.record(Object.fromEntries(fw.sections.map((s) => [s.id, sectionGradeArb(fw, s)])) as Record<string, fc.Arbitrary<string | null>>);
}

for (const fw of frameworks) {
  describe(`${fw.id} ${fw.version}: section suggestions`, () => {
    for (const section of fw.sections) {
      const ids = split(fw, section);
      describe(`section ${section.id}`, () => {
        test('adding a below-expected indicator never raises the grade', () => {
          fc.assert(
            fc.property(fc.subarray(ids.all), fc.constantFrom(...ids.below), (met, indicator) => {
              const before = suggestSectionGrade(fw, section, met).grade;
              const after = suggestSectionGrade(fw, section, [...met, indicator]).grade;
              // A weakness beats Not applicable: the section is graded on it.
              assert.notEqual(after, NOT_APPLICABLE);
              if (before === NOT_APPLICABLE) return index(fw, after) > expectedIndex(fw);
              assert.ok(index(fw, after) >= index(fw, before), `${before} → ${after} after ${indicator}`);
              // And the section is then below the expected level.
              assert.ok(index(fw, after) > expectedIndex(fw));
              return true;
            }),
            runs,
          );
        });

        test('meeting more Good (or better) criteria never lowers the grade', () => {
          fc.assert(
            fc.property(fc.subarray(ids.all), fc.constantFrom(...ids.atOrAbove), (met, extra) => {
              const before = suggestSectionGrade(fw, section, met).grade;
              const after = suggestSectionGrade(fw, section, [...met, extra]).grade;
              if (before === NOT_APPLICABLE) return after === NOT_APPLICABLE;
              assert.notEqual(after, NOT_APPLICABLE);
              assert.ok(index(fw, after) <= index(fw, before), `${before} → ${after} after ${extra}`);
              return true;
            }),
            runs,
          );
        });

        test('monotonic in the whole set: a superset of strengths and a subset of weaknesses is never worse', () => {
          fc.assert(
            fc.property(fc.subarray(ids.withoutNa), fc.subarray(ids.atOrAbove), (met, moreStrengths) => {
              const weaker = met;
              const stronger = [...new Set([...met.filter((id) => !ids.below.includes(id)), ...moreStrengths])];
              const a = suggestSectionGrade(fw, section, weaker).grade;
              const b = suggestSectionGrade(fw, section, stronger).grade;
              assert.ok(index(fw, b) <= index(fw, a), `${a} vs ${b}`);
            }),
            runs,
          );
        });

        test('the suggestion is always a grade the section allows, and needs no override reason', () => {
          fc.assert(
            fc.property(fc.subarray(ids.all), (met) => {
              const suggestion = suggestSectionGrade(fw, section, met);
              assert.ok(allowedGrades(fw, section).includes(suggestion.grade));
              const problems = checkSectionInput(fw, section, { criteriaMet: met, grade: suggestion.grade });
              // The only input refused is Not applicable ticked together with a weakness.
              const naWithWeakness = met.some((id) => id.includes('.na.')) && met.some((id) => ids.below.includes(id));
              assert.deepEqual(problems.map((p) => p.field), naWithWeakness ? ['criteriaMet'] : []);
            }),
            runs,
          );
        });

        test('order and repetition of ticked criteria do not matter', () => {
          fc.assert(
            fc.property(fc.array(fc.constantFrom(...ids.all), { maxLength: 40 }), (met) => {
              const a = suggestSectionGrade(fw, section, met);
              const b = suggestSectionGrade(fw, section, [...new Set(met)].reverse());
              assert.deepEqual(a, b);
            }),
            runs,
          );
        });

        test('every expected-level criterion with no indicator reaches at least the expected level', () => {
          fc.assert(
            fc.property(fc.subarray(ids.atOrAbove), (extra) => {
              const grade = suggestSectionGrade(fw, section, [...ids.expected, ...extra]).grade;
              assert.ok(index(fw, grade) <= expectedIndex(fw));
            }),
            runs,
          );
        });
      });
    }
  });

  describe(`${fw.id} ${fw.version}: overall grade`, () => {
    test('is monotonic in each section grade', () => {
      fc.assert(
        fc.property(gradesArb(fw), fc.constantFrom(...fw.sections), levelPairArb(fw), (grades, section, [hi, lo]) => {
          const a = overallGrade(fw, { ...grades, [section.id]: hi }).grade;
          const b = overallGrade(fw, { ...grades, [section.id]: lo }).grade;
          assert.ok(a !== null && b !== null);
          assert.ok(index(fw, a) <= index(fw, b), `${section.id}: ${hi} gives ${a}, ${lo} gives ${b}`);
        }),
        { numRuns: 1000 },
      );
    });

    test('never grades better than the best section or worse than the worst', () => {
      fc.assert(
        fc.property(gradesArb(fw), (grades) => {
          const graded = Object.values(grades).filter((g): g is string => g !== null && g !== NOT_APPLICABLE);
          const result = overallGrade(fw, grades);
          if (graded.length === 0) {
            assert.equal(result.grade, null);
            return;
          }
          assert.ok(result.grade !== null && result.meanPoints !== null);
          const best = Math.min(...graded.map((g) => index(fw, g)));
          const worst = Math.max(...graded.map((g) => index(fw, g)));
          for (const g of [result.pointsGrade!, result.grade]) {
            assert.ok(index(fw, g) >= best && index(fw, g) <= worst, `${g} outside ${best}..${worst}`);
          }
          assert.ok(index(fw, result.grade) >= index(fw, result.pointsGrade!), 'a limit never raises the grade');
        }),
        { numRuns: 1000 },
      );
    });

    const naSections = fw.sections.filter((s) => s.notApplicableWhen !== undefined);
    test('a Not applicable section changes nothing: the same as leaving it out', () => {
      fc.assert(
        fc.property(gradesArb(fw), fc.constantFrom(...naSections), (grades, section) => {
          const withNa = overallGrade(fw, { ...grades, [section.id]: NOT_APPLICABLE });
          const omitted = { ...grades };
          delete omitted[section.id];
          assert.deepEqual(withNa, overallGrade(fw, omitted));
        }),
        { numRuns: 1000 },
      );
    });

    test('is a pure function of the grades (key order does not matter)', () => {
      fc.assert(
        fc.property(gradesArb(fw), (grades) => {
          const reversed = Object.fromEntries(Object.entries(grades).reverse());
          assert.deepEqual(overallGrade(fw, grades), overallGrade(fw, reversed));
        }),
        runs,
      );
    });
  });
}

describe('checkSection: checkSectionInput\'s problems, and the suggestion it computed on the way', () => {
  // Every built-in framework, with plan facts, nil statements and "cannot tell" answers, so that the suggestion's context matters.
  for (const fw of builtInFrameworks) {
    test(`${fw.id} ${fw.version}: the same problems, and suggestSectionGrade's grade whenever the input is valid with a grade`, () => {
      const factsArb = fc.record(Object.fromEntries((fw.facts ?? []).map((f) => [f.id, fc.constantFrom(...f.options.map((o) => o.id))])), { requiredKeys: [] }) as fc.Arbitrary<Record<string, string>>;
      const inputArb = fc.constantFrom(...fw.sections).chain((section) => {
        const ids = [...section.criteria.map((c) => c.id), 'not-a-criterion'];
        const expected = section.criteria.filter((c) => c.level === fw.scale.expected).map((c) => c.id);
        const advice = section.criteria.filter((c) => c.needsAdvice).map((c) => c.id);
        return fc.record({
          section: fc.constant(section),
          // Mostly ticks of the expected level (valid more often than not), sometimes any, an unknown one among them.
          criteriaMet: fc.oneof({ arbitrary: fc.subarray(expected), weight: 3 }, { arbitrary: fc.subarray(ids), weight: 1 }),
          // Mostly criteria that may be answered "cannot tell" (those needing the advice), sometimes any.
          cannotTell: fc.option(fc.oneof({ arbitrary: fc.subarray(advice), weight: 3 }, { arbitrary: fc.subarray(ids, { maxLength: 2 }), weight: 1 }), { nil: undefined, freq: 2 }),
          // Mostly only where the section asks it (elsewhere it is a problem).
          nilStatement: section.nilStatement ? fc.option(fc.boolean(), { nil: undefined }) : fc.option(fc.boolean(), { nil: undefined, freq: 8 }),
          grade: fc.constantFrom<(string | null)[]>(...allowedGrades(fw, section), null),
          overrideReason: fc.option(fc.constantFrom('', 'a reason'), { nil: undefined }),
          facts: fc.option(factsArb, { nil: undefined }),
        });
      });
      let suggested = 0;
      fc.assert(fc.property(inputArb, ({ section, facts, ...answers }) => {
        const input = Object.fromEntries(Object.entries(answers).filter(([, v]) => v !== undefined)) as Parameters<typeof checkSectionInput>[2];
        const checked = checkSection(fw, section, input, facts);
        assert.deepEqual(checked.problems, checkSectionInput(fw, section, input, facts));
        const expected = suggestSectionGrade(fw, section, input.criteriaMet, { facts, nilStatement: input.nilStatement, cannotTell: input.cannotTell }).grade;
        if (checked.suggestedGrade !== undefined) {
          suggested++;
          assert.equal(checked.suggestedGrade, expected);
        } else assert.ok(input.grade === null || checked.problems.some((p) => p.field !== 'overrideReason'), 'computed whenever the input is valid with a grade');
      }), { numRuns: 1000 });
      assert.ok(suggested > 25, `${suggested} suggestions compared`);
    });
  }
  test('every built-in section with "cannot tell" or a nil statement, ticks dropped one by one: the suggestion with its whole context', () => {
    let differ = 0;
    for (const fw of builtInFrameworks) {
      for (const section of fw.sections.filter((s) => s.nilStatement || s.criteria.some((c) => c.needsAdvice))) {
        for (const nilStatement of section.nilStatement ? [undefined, true, false] : [undefined]) {
          // The expected level's criteria that apply with this answer (the others cannot be ticked).
          const expected = section.criteria.filter((c) => c.level === fw.scale.expected && criterionApplies(c, { nilStatement })).map((c) => c.id);
          for (let drop = 0; drop <= expected.length; drop++) {
            const criteriaMet = expected.slice(drop);
            const unsure = section.criteria.filter((c) => c.needsAdvice && !criteriaMet.includes(c.id)).map((c) => c.id);
            for (const cannotTell of [undefined, unsure]) {
              const input = { criteriaMet, grade: fw.scale.expected, overrideReason: 'a reason', ...(cannotTell ? { cannotTell } : {}), ...(nilStatement !== undefined ? { nilStatement } : {}) };
              const checked = checkSection(fw, section, input, {});
              if (checked.problems.length > 0) continue;
              const grade = suggestSectionGrade(fw, section, criteriaMet, { facts: {}, nilStatement, cannotTell }).grade;
              assert.equal(checked.suggestedGrade, grade, `${fw.id} ${section.id} ${JSON.stringify(input)}`);
              if (grade !== suggestSectionGrade(fw, section, criteriaMet).grade) differ++;
            }
          }
        }
      }
    }
    assert.ok(differ > 0, 'some of these suggestions depend on "cannot tell" or the nil statement');
  });
});
