import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  ehcpPlanV1,
  builtInFrameworks,
  loadFramework,
  FrameworkValidationError,
  FrameworkSchema,
  suggestSectionGrade,
  overallGrade,
  allowedGrades,
  NOT_APPLICABLE,
} from 'ehcp-qa/criteria';
import { goldSilverData, goldSilverFramework } from '../fixtures/gold-silver-framework.js';

const SECTION_IDS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H1', 'H2', 'I', 'J', 'K'];
const NA_SECTIONS = new Set(['C', 'D', 'G', 'H1', 'H2', 'I', 'J']);

/** A deep copy of the framework data that a test may break. */
function clone(): any {
  return structuredClone(ehcpPlanV1);
}

/** Runs loadFramework on broken data and returns the error it must throw. */
function rejection(data: unknown): FrameworkValidationError {
  try {
    loadFramework(data, 'broken.json');
  } catch (error) {
    assert.ok(error instanceof FrameworkValidationError, `expected FrameworkValidationError, got ${String(error)}`);
    return error;
  }
  assert.fail('loadFramework accepted broken data');
}

describe('ehcp-plan 1.0.0', () => {
  test('validates against the schema and is the built-in framework', () => {
    assert.equal(FrameworkSchema.safeParse(ehcpPlanV1).success, true);
    assert.equal(ehcpPlanV1.id, 'ehcp-plan');
    assert.equal(ehcpPlanV1.version, '1.0.0');
    assert.ok(builtInFrameworks.includes(ehcpPlanV1));
  });

  test('uses the Ofsted-style scale, best first, expecting Good', () => {
    const { scale } = ehcpPlanV1;
    assert.equal(scale.id, 'ofsted-style');
    assert.deepEqual(
      scale.levels.map((l) => [l.id, l.label, l.rank, l.colour, l.points]),
      [
        ['outstanding', 'Outstanding', 1, 'outstanding', 4],
        ['good', 'Good', 2, 'good', 3],
        ['requires-improvement', 'Requires improvement', 3, 'requires-improvement', 2],
        ['inadequate', 'Inadequate', 4, 'inadequate', 1],
      ],
    );
    assert.equal(scale.expected, 'good');
    assert.equal(scale.notApplicableLabel, 'Not applicable');
  });

  test('has the twelve sections A to K in order, with H split into H1 and H2', () => {
    assert.deepEqual(
      ehcpPlanV1.sections.map((s) => s.id),
      SECTION_IDS,
    );
    for (const section of ehcpPlanV1.sections) {
      assert.match(section.title, new RegExp(`^Section ${section.id}: `), section.id);
    }
  });

  test('weights count needs, outcomes and provision most', () => {
    const weight = Object.fromEntries(ehcpPlanV1.sections.map((s) => [s.id, s.weight]));
    for (const core of ['B', 'E', 'F']) {
      for (const other of SECTION_IDS.filter((id) => !['B', 'E', 'F'].includes(id))) {
        assert.ok(weight[core]! > weight[other]!, `${core} should outweigh ${other}`);
      }
    }
    assert.ok(weight.A! > 1 && weight.K! > 1, 'A and K count more than the remaining sections');
  });

  describe('minimum criteria per level in each section', () => {
    const minimum = { good: 5, 'requires-improvement': 3, inadequate: 2, outstanding: 1 } as const;
    for (const section of ehcpPlanV1.sections) {
      test(`section ${section.id}`, () => {
        for (const [level, min] of Object.entries(minimum)) {
          const count = section.criteria.filter((c) => c.level === level).length;
          assert.ok(count >= min, `${section.id} has ${count} "${level}" criteria; at least ${min} needed`);
        }
      });
    }
  });

  test('criterion ids are unique and follow <section>.<level>.<name>', () => {
    const ids = ehcpPlanV1.sections.flatMap((s) => s.criteria.map((c) => c.id));
    assert.equal(new Set(ids).size, ids.length);
    for (const section of ehcpPlanV1.sections) {
      for (const c of section.criteria) {
        assert.ok(c.id.startsWith(`${section.id}.${c.level}.`), c.id);
        assert.match(c.id.split('.')[2]!, /^[a-z0-9]+(?:-[a-z0-9]+)*$/, c.id);
      }
    }
  });

  test('Not applicable is allowed exactly in C, D, G, H1, H2, I and J, each with one NA criterion', () => {
    for (const section of ehcpPlanV1.sections) {
      const naCriteria = section.criteria.filter((c) => c.level === NOT_APPLICABLE);
      if (NA_SECTIONS.has(section.id)) {
        assert.ok(section.notApplicableWhen, `${section.id} should say when it is not applicable`);
        assert.equal(naCriteria.length, 1, section.id);
        assert.ok(allowedGrades(ehcpPlanV1, section).includes(NOT_APPLICABLE));
      } else {
        assert.equal(section.notApplicableWhen, undefined, section.id);
        assert.equal(naCriteria.length, 0, section.id);
        assert.ok(!allowedGrades(ehcpPlanV1, section).includes(NOT_APPLICABLE));
      }
    }
  });

  test('named criteria cover the required statutory content', () => {
    const ids = new Set(ehcpPlanV1.sections.flatMap((s) => s.criteria.map((c) => c.id)));
    for (const id of [
      'A.good.child-voice',
      'A.good.how-gathered',
      'B.good.impact-described',
      'B.good.strengths',
      'B.good.attainment',
      'C.na.no-health-needs-confirmed',
      'C.inadequate.blank-or-bare-na',
      'D.na.no-social-care-needs-confirmed',
      'D.inadequate.blank-or-bare-na',
      'E.good.linked-to-needs',
      'E.good.reflects-aspirations',
      'E.good.personal',
      'E.good.preparing-for-adulthood',
      'E.requires-improvement.aspiration-as-outcome',
      'F.good.every-need-has-provision',
      'F.good.quantified',
      'F.good.who-and-expertise',
      'F.good.group-size',
      'F.inadequate.vague-wording',
      'G.good.named-service',
      'H1.good.section-2-only',
      'H2.good.adult-care',
      'I.na.draft-left-blank',
      'I.inadequate.draft-names-school',
      'J.good.direct-payment-arrangements',
      'K.good.author-role-date',
    ]) {
      assert.ok(ids.has(id), `missing ${id}`);
    }
  });

  test('the vague-wording criteria name every vague phrase', () => {
    const f = ehcpPlanV1.sections.find((s) => s.id === 'F')!;
    const text = f.criteria.find((c) => c.id === 'F.good.no-vague-wording')!.text;
    for (const phrase of ['access to', 'opportunities for', 'regular', 'as required', 'as appropriate', 'up to', 'should', 'may', 'support', 'input', 'small group']) {
      assert.ok(text.includes(`"${phrase}"`), phrase);
    }
  });

  test('every section has a purpose and complete guidance', () => {
    for (const section of ehcpPlanV1.sections) {
      assert.ok(section.purpose.length > 20, section.id);
      assert.ok(section.guidance.choosing && section.guidance.goodLooksLike && section.guidance.example, section.id);
      assert.ok(section.guidance.recommendations.length >= 3, section.id);
    }
  });

  test('the overall rule has monotonic thresholds and the required limits', () => {
    const { thresholds, limits } = ehcpPlanV1.overall;
    assert.deepEqual(
      thresholds.map((t) => [t.level, t.minMeanPoints]),
      [
        ['outstanding', 3.5],
        ['good', 2.75],
        ['requires-improvement', 1.9],
        ['inadequate', 0],
      ],
    );
    assert.ok(
      limits.some((r) => ['B', 'E', 'F'].every((id) => r.sections.includes(id)) && r.atOrBelow === 'inadequate' && r.capAt === 'requires-improvement'),
      'an Inadequate in B, E or F caps at Requires improvement',
    );
    assert.ok(
      limits.some((r) => SECTION_IDS.every((id) => r.sections.includes(id)) && r.atOrBelow === 'requires-improvement' && r.capAt === 'good'),
      'Outstanding only when no section is below Good',
    );
  });
});

describe('loadFramework rejects broken data, naming the path', () => {
  test('an unknown level on a criterion', () => {
    const data = clone();
    data.sections[2].criteria[0].level = 'excellent';
    const error = rejection(data);
    assert.match(error.message, /sections\[2\]\.criteria\[0\]\.level: unknown level "excellent"/);
    assert.match(error.message, /^Framework broken\.json is not valid/);
    assert.ok(error.problems.some((p) => p.path === 'sections[2].criteria[0].level'));
  });

  test('a duplicate criterion id', () => {
    const data = clone();
    data.sections[1].criteria[1].id = data.sections[1].criteria[0].id;
    const error = rejection(data);
    assert.ok(error.problems.some((p) => p.path === 'sections[1].criteria[1].id' && /duplicate criterion id/.test(p.message)), error.message);
  });

  test('a duplicate section id', () => {
    const data = clone();
    data.sections[3].id = 'C';
    for (const c of data.sections[3].criteria) c.id = c.id.replace(/^D\./, 'C.');
    const error = rejection(data);
    assert.ok(error.problems.some((p) => p.path === 'sections[3].id' && /duplicate section id/.test(p.message)), error.message);
  });

  test('a version that is not semantic', () => {
    const data = clone();
    data.version = 'v1';
    const error = rejection(data);
    assert.ok(error.problems.some((p) => p.path === 'version'), error.message);
    assert.match(error.message, /version: .*semantic version/);
  });

  test('an NA criterion in a section that does not allow Not applicable', () => {
    const data = clone();
    data.sections[0].criteria.push({ id: 'A.na.not-needed', level: 'na', text: 'The section is not needed.' });
    const error = rejection(data);
    assert.ok(error.problems.some((p) => p.path === 'sections[0].notApplicableWhen'), error.message);
  });

  test('a section that allows Not applicable but has no NA criterion', () => {
    const data = clone();
    data.sections[2].criteria = data.sections[2].criteria.filter((c: { level: string }) => c.level !== 'na');
    const error = rejection(data);
    assert.ok(error.problems.some((p) => p.path === 'sections[2].criteria' && /exactly one "na"/.test(p.message)), error.message);
  });

  test('a criterion id whose prefix does not match its section and level', () => {
    const data = clone();
    data.sections[5].criteria[0].id = 'E.good.misfiled';
    const error = rejection(data);
    assert.ok(error.problems.some((p) => p.path === 'sections[5].criteria[0].id' && /must start with "F.good."/.test(p.message)), error.message);
  });

  test('an expected threshold larger than the number of Good criteria', () => {
    const data = clone();
    data.sections[0].expectedThreshold = 99;
    const error = rejection(data);
    assert.ok(error.problems.some((p) => p.path === 'sections[0].expectedThreshold'), error.message);
  });

  test('thresholds that rise, or a last threshold above zero', () => {
    const data = clone();
    data.overall.thresholds[2].minMeanPoints = 3;
    data.overall.thresholds[3].minMeanPoints = 0.5;
    const error = rejection(data);
    const paths = error.problems.map((p) => p.path);
    assert.ok(paths.includes('overall.thresholds[2].minMeanPoints'), error.message);
    assert.ok(paths.includes('overall.thresholds'), error.message);
  });

  test('a limit naming an unknown section or level', () => {
    const data = clone();
    data.overall.limits[0].sections.push('Z');
    data.overall.limits[0].capAt = 'bronze';
    const error = rejection(data);
    const paths = error.problems.map((p) => p.path);
    assert.ok(paths.includes('overall.limits[0].sections[3]'), error.message);
    assert.ok(paths.includes('overall.limits[0].capAt'), error.message);
  });

  test('a worse level with more points, and ranks out of order', () => {
    const data = clone();
    data.scale.levels[3].points = 9;
    data.scale.levels[1].rank = 5;
    const error = rejection(data);
    const paths = error.problems.map((p) => p.path);
    assert.ok(paths.includes('scale.levels[3].points'), error.message);
    assert.ok(paths.includes('scale.levels[1].rank'), error.message);
  });

  test('an unknown property and an empty criterion text', () => {
    const data = clone();
    data.sections[4].criteria[0].text = '   ';
    data.sections[4].colour = 'red';
    const error = rejection(data);
    const paths = error.problems.map((p) => p.path);
    assert.ok(paths.includes('sections[4].criteria[0].text'), error.message);
    assert.ok(paths.some((p) => p.startsWith('sections[4]')), error.message);
  });

  test('lists every problem, not only the first', () => {
    const data = clone();
    data.sections[2].criteria[0].level = 'excellent';
    data.sections[1].criteria[1].id = data.sections[1].criteria[0].id;
    const error = rejection(data);
    assert.ok(error.problems.length >= 2);
    assert.match(error.message, /sections\[2\]\.criteria\[0\]\.level/);
    assert.match(error.message, /sections\[1\]\.criteria\[1\]\.id/);
  });

  test('data that is not an object at all', () => {
    const error = rejection('not a framework');
    assert.ok(error.problems.length >= 1);
  });
});

describe('gold / silver / bronze fixture', () => {
  test('validates with no code changes', () => {
    assert.equal(goldSilverFramework.scale.expected, 'silver');
    assert.deepEqual(
      goldSilverFramework.scale.levels.map((l) => l.id),
      ['gold', 'silver', 'bronze', 'significant-gaps'],
    );
    assert.doesNotThrow(() => loadFramework(goldSilverData));
  });

  test('grades sections on its own scale', () => {
    const [prep, prog, sc] = goldSilverFramework.sections as [any, any, any];
    assert.equal(suggestSectionGrade(goldSilverFramework, prep, []).grade, 'bronze');
    assert.equal(
      suggestSectionGrade(goldSilverFramework, prep, ['PREP.silver.invites-two-weeks', 'PREP.silver.advice-requested', 'PREP.silver.reports-circulated']).grade,
      'silver',
    );
    assert.equal(
      suggestSectionGrade(goldSilverFramework, prep, [
        'PREP.silver.invites-two-weeks',
        'PREP.silver.advice-requested',
        'PREP.silver.reports-circulated',
        'PREP.gold.child-prepared',
      ]).grade,
      'gold',
    );
    assert.equal(suggestSectionGrade(goldSilverFramework, prep, ['PREP.significant-gaps.no-advice']).grade, 'significant-gaps');
    // expectedThreshold 2: two of three Silver criteria are enough.
    assert.equal(suggestSectionGrade(goldSilverFramework, prog, ['PROG.silver.each-outcome-reviewed', 'PROG.silver.evidence-cited']).grade, 'silver');
    assert.equal(suggestSectionGrade(goldSilverFramework, sc, ['SC.na.no-involvement']).grade, NOT_APPLICABLE);
  });

  test('gives an overall grade with its own thresholds and limit', () => {
    assert.equal(overallGrade(goldSilverFramework, { PREP: 'silver', PROG: 'silver', SC: 'silver' }).grade, 'silver');
    assert.equal(overallGrade(goldSilverFramework, { PREP: 'gold', PROG: 'gold', SC: NOT_APPLICABLE }).grade, 'gold');
    // Weights PREP 2, PROG 1, SC 1: (2×3 + 1×0 + 1×3) / 4 = 2.25 → Silver by points, capped at Bronze.
    const capped = overallGrade(goldSilverFramework, { PREP: 'gold', PROG: 'significant-gaps', SC: 'gold' });
    assert.equal(capped.meanPoints, 2.25);
    assert.equal(capped.pointsGrade, 'silver');
    assert.equal(capped.grade, 'bronze');
    assert.match(capped.explanation, /Capped at "Bronze" because section PROG is graded "Significant gaps"/);
    assert.equal(overallGrade(goldSilverFramework, { SC: NOT_APPLICABLE }).grade, null);
  });
});
