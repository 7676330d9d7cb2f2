/**
 * Moderation statistics checked against published worked examples and against
 * independent implementations written differently here in the test.
 *
 * What was verified, and how:
 * - Krippendorff's alpha: the reliability data of Krippendorff (2011), "Computing
 *   Krippendorff's Alpha-Reliability" (Annenberg School for Communication, Departmental
 *   Papers 43): 4 observers × 12 units with missing values. Published values:
 *   nominal α = 0.743 (section C), interval α = 0.849 (section E). The ordinal value
 *   was computed independently by `pairwiseAlpha` below, straight from the definition
 *   α = 1 − D_o/D_e summing δ² over every ordered pair of pairable values (no
 *   coincidence matrix; the ordinal δ uses value frequencies counted from the raw
 *   data): 0.8154. That matches the ordinal α = 0.815 usually quoted for this data,
 *   but the paper itself could not be consulted while writing this, so the test's
 *   authority for the ordinal value is the independent computation, not the quote.
 *   The adapter's implementation builds the coincidence matrix instead.
 * - Quadratic-weighted kappa: the weighting example in scikit-learn's test suite for
 *   `cohen_kappa_score` (sklearn/metrics/tests/test_classification.py; 100 pairs on
 *   3 categories: unweighted 0.9315, linear 0.9412, quadratic 0.9541), and, on random
 *   data, the exact identity κw = 2·s_xy / (s_x² + s_y² + (x̄ − ȳ)²) with population
 *   moments (Fleiss & Cohen 1973: quadratic-weighted kappa is an intraclass
 *   correlation), computed here from the raw ratings without a contingency table.
 * - Its standard error (Fleiss, Cohen & Everitt 1969, large-sample, non-null) is
 *   checked against the delta method done numerically: the gradient of κw with
 *   respect to the cell proportions by central differences, then
 *   var = (Σ p g² − (Σ p g)²) / n, which is what the closed form expands to.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  contingencyTable,
  computeModerationStats,
  krippendorffAlpha,
  mulberry32,
  quadraticWeightedKappa,
  quadraticWeights,
  sampleCount,
  seededSample,
  weightedKappaFromTable,
  type ModeratedPair,
  type RatedAudit,
} from '../../server-adapter/moderation/index.js';

const close = (actual: number | null, expected: number, tolerance: number, label = '') => {
  assert.ok(actual !== null, `${label}: expected a number, got null`);
  assert.ok(Math.abs(actual - expected) <= tolerance, `${label}: ${actual} is not within ${tolerance} of ${expected}`);
};

// Krippendorff (2011), reliability data matrix: rows are observers A–D, columns units 1–12; null = missing.
const N = null;
const krippendorff2011 = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
  [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
];
/** Units as lists of 0-based values (the data's 1…5 become 0…4). */
const kUnits = krippendorff2011[0]!.map((_, u) => krippendorff2011.map((row) => (row[u] == null ? null : row[u]! - 1)));

/** Alpha from the definition, pair by pair, written without a coincidence matrix. */
function pairwiseAlpha(units: (number | null)[][], metric: 'nominal' | 'ordinal' | 'interval'): number {
  const pairable = units.map((u) => u.filter((v): v is number => v !== null)).filter((u) => u.length >= 2);
  const all = pairable.flat();
  const frequency = new Map<number, number>();
  for (const v of all) frequency.set(v, (frequency.get(v) ?? 0) + 1);
  const delta = (a: number, b: number): number => {
    if (metric === 'nominal') return a === b ? 0 : 1;
    if (metric === 'interval') return (a - b) ** 2;
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    let between = 0;
    for (const [value, count] of frequency) if (value >= lo && value <= hi) between += count;
    return (between - ((frequency.get(lo) ?? 0) + (frequency.get(hi) ?? 0)) / 2) ** 2;
  };
  let observed = 0;
  for (const u of pairable) {
    let sum = 0;
    for (let i = 0; i < u.length; i++) for (let j = 0; j < u.length; j++) if (i !== j) sum += delta(u[i]!, u[j]!);
    observed += sum / (u.length - 1);
  }
  observed /= all.length;
  let expected = 0;
  for (let i = 0; i < all.length; i++) for (let j = 0; j < all.length; j++) if (i !== j) expected += delta(all[i]!, all[j]!);
  expected /= all.length * (all.length - 1);
  return 1 - observed / expected;
}

describe("Krippendorff's alpha", () => {
  test('reproduces the published values for Krippendorff (2011)', () => {
    const nominal = krippendorffAlpha(kUnits, 5, 'nominal');
    const ordinal = krippendorffAlpha(kUnits, 5, 'ordinal');
    const interval = krippendorffAlpha(kUnits, 5, 'interval');
    close(nominal.value, 0.743, 0.0005, 'nominal');
    close(interval.value, 0.849, 0.0005, 'interval');
    close(ordinal.value, 0.815, 0.0005, 'ordinal');
    assert.ok(nominal.value !== null && nominal.pairableValues === 40 && nominal.units === 11 && nominal.maxRatersPerUnit === 4);
  });

  test('matches the pairwise definition to machine precision', () => {
    for (const metric of ['nominal', 'ordinal', 'interval'] as const) {
      close(krippendorffAlpha(kUnits, 5, metric).value, pairwiseAlpha(kUnits, metric), 1e-12, metric);
    }
  });

  test('matches the pairwise definition on random data with missing ratings', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.option(fc.integer({ min: 0, max: 3 }), { nil: null, freq: 3 }), { minLength: 1, maxLength: 5 }), { minLength: 2, maxLength: 25 }),
        (units) => {
          const result = krippendorffAlpha(units, 4, 'ordinal');
          const pairableValues = units.map((u) => u.filter((v) => v !== null)).filter((u) => u.length >= 2).flat();
          if (new Set(pairableValues).size < 2) return result.value === null;
          return result.value !== null && Math.abs(result.value - pairwiseAlpha(units, 'ordinal')) < 1e-9;
        },
      ),
      { seed: 20261123, numRuns: 300 },
    );
  });

  test('is 1 for perfect agreement with variation', () => {
    assert.equal(krippendorffAlpha([[0, 0, 0], [2, 2], [3, 3, null]], 4, 'ordinal').value, 1);
  });

  test('is undefined, with a reason, when every rating is the same', () => {
    const result = krippendorffAlpha([[1, 1], [1, 1, 1]], 4, 'ordinal');
    assert.equal(result.value, null);
    assert.match(result.value === null ? result.reason : '', /no variation/i);
  });

  test('ignores units with fewer than two ratings (missing data) and says when nothing is pairable', () => {
    const withLonely = krippendorffAlpha([[0, 1], [2, 2], [3, null, null], [null]], 4, 'ordinal');
    const without = krippendorffAlpha([[0, 1], [2, 2]], 4, 'ordinal');
    assert.equal(withLonely.value, without.value);
    const none = krippendorffAlpha([[0, null], [null, 3]], 4, 'ordinal');
    assert.equal(none.value, null);
  });
});

/** The scikit-learn weighting example as pairs: 46+44+10 against 50+40+10, index by index. */
const sklearnPairs: [number, number][] = [];
{
  const y1 = [...Array(46).fill(0), ...Array(44).fill(1), ...Array(10).fill(2)] as number[];
  const y2 = [...Array(50).fill(0), ...Array(40).fill(1), ...Array(10).fill(2)] as number[];
  y1.forEach((a, i) => sklearnPairs.push([a, y2[i]!]));
}

/** Quadratic-weighted kappa as an intraclass correlation, from the raw ratings. */
function kappaFromMoments(pairs: [number, number][]): number {
  const n = pairs.length;
  const mx = pairs.reduce((s, [x]) => s + x, 0) / n;
  const my = pairs.reduce((s, [, y]) => s + y, 0) / n;
  const vx = pairs.reduce((s, [x]) => s + (x - mx) ** 2, 0) / n;
  const vy = pairs.reduce((s, [, y]) => s + (y - my) ** 2, 0) / n;
  const cxy = pairs.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0) / n;
  return (2 * cxy) / (vx + vy + (mx - my) ** 2);
}

/** Delta-method standard error by numerical differentiation of kappa over the cell proportions. */
function deltaMethodSE(table: number[][]): number {
  const k = table.length;
  const n = table.flat().reduce((s, x) => s + x, 0);
  const p = table.map((row) => row.map((x) => x / n));
  const w = quadraticWeights(k);
  const kappaOf = (q: number[][]) => {
    // κ as a function of (unnormalised) proportions: normalise first, so the gradient respects Σp = 1.
    const total = q.flat().reduce((s, x) => s + x, 0);
    const r = q.map((row) => row.map((x) => x / total));
    const rows = r.map((row) => row.reduce((s, x) => s + x, 0));
    const cols = r[0]!.map((_, j) => r.reduce((s, row) => s + row[j]!, 0));
    let po = 0;
    let pe = 0;
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) { po += w[i]![j]! * r[i]![j]!; pe += w[i]![j]! * rows[i]! * cols[j]!; }
    return (po - pe) / (1 - pe);
  };
  const h = 1e-6;
  const grad = p.map((row, i) => row.map((_, j) => {
    const up = p.map((r) => [...r]);
    const down = p.map((r) => [...r]);
    up[i]![j]! += h;
    down[i]![j]! -= h;
    return (kappaOf(up) - kappaOf(down)) / (2 * h);
  }));
  let mean = 0;
  let square = 0;
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) { mean += p[i]![j]! * grad[i]![j]!; square += p[i]![j]! * grad[i]![j]! ** 2; }
  return Math.sqrt((square - mean ** 2) / n);
}

describe('quadratic-weighted kappa', () => {
  test('reproduces the scikit-learn weighting example (unweighted, linear, quadratic)', () => {
    const table = contingencyTable(sklearnPairs, 3);
    const identity = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
    const linear = [[1, 0.5, 0], [0.5, 1, 0.5], [0, 0.5, 1]];
    close(weightedKappaFromTable(table, identity).value, 0.9315, 0.00005, 'unweighted');
    close(weightedKappaFromTable(table, linear).value, 0.9412, 0.00005, 'linear');
    close(quadraticWeightedKappa(sklearnPairs, 3).value, 0.9541, 0.00005, 'quadratic');
  });

  test('equals the intraclass form 2·s_xy / (s_x² + s_y² + (x̄ − ȳ)²) on random data', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })), { minLength: 2, maxLength: 60 }), (pairs) => {
        const result = quadraticWeightedKappa(pairs, 4);
        const values = new Set(pairs.flat());
        if (values.size === 1) return result.value === null;
        return result.value !== null && Math.abs(result.value - kappaFromMoments(pairs)) < 1e-9;
      }),
      { seed: 1969, numRuns: 300 },
    );
  });

  test('standard error matches the delta method, and the 95% interval is kappa ± 1.96 SE', () => {
    const cases: [number, number][][] = [
      sklearnPairs,
      [[0, 0], [0, 1], [1, 1], [1, 1], [2, 1], [2, 2], [3, 3], [3, 2], [1, 0], [2, 2], [0, 0], [3, 3]],
    ];
    for (const pairs of cases) {
      const result = quadraticWeightedKappa(pairs, pairs === sklearnPairs ? 3 : 4);
      assert.ok(result.value !== null);
      close(result.standardError, deltaMethodSE(contingencyTable(pairs, pairs === sklearnPairs ? 3 : 4)), 1e-6, 'SE');
      close(result.ci95[0], Math.max(-1, result.value - 1.959964 * result.standardError), 1e-6, 'lower');
      close(result.ci95[1], Math.min(1, result.value + 1.959964 * result.standardError), 1e-6, 'upper');
    }
  });

  test('is 1 with a zero-width interval for perfect agreement', () => {
    const result = quadraticWeightedKappa([[0, 0], [1, 1], [3, 3], [2, 2]], 4);
    assert.ok(result.value !== null);
    close(result.value, 1, 1e-12);
    close(result.standardError, 0, 1e-9);
    assert.deepEqual(result.ci95.map((x) => Math.round(x * 1e9) / 1e9), [1, 1]);
  });

  test('is null with a reason (never NaN) when there is no variation or no data', () => {
    const flat = quadraticWeightedKappa([[1, 1], [1, 1], [1, 1]], 4);
    assert.equal(flat.value, null);
    assert.match(flat.value === null ? flat.reason : '', /no variation/i);
    const empty = quadraticWeightedKappa([], 4);
    assert.equal(empty.value, null);
  });

  test('rejects ratings outside the scale', () => {
    assert.throws(() => quadraticWeightedKappa([[0, 4]], 4), RangeError);
  });
});

describe('seeded sampling', () => {
  const ids = Array.from({ length: 50 }, (_, i) => `audit-${i}`);
  test('the same seed gives the same sample, whatever the input order', () => {
    const a = seededSample(ids, { size: 5 }, 42);
    const b = seededSample([...ids].reverse(), { size: 5 }, 42);
    assert.deepEqual(a, b);
    assert.equal(new Set(a).size, 5);
    assert.ok(a.every((id) => ids.includes(id)));
    assert.notDeepEqual(seededSample(ids, { size: 5 }, 43), a);
  });
  test('a share is rounded and at least one; a size never exceeds the population', () => {
    assert.equal(sampleCount(50, { share: 0.1 }), 5);
    assert.equal(sampleCount(3, { share: 0.1 }), 1);
    assert.equal(sampleCount(0, { share: 0.1 }), 0);
    assert.equal(sampleCount(4, { size: 10 }), 4);
    assert.equal(seededSample(ids, { share: 1 }, 1).length, 50);
  });
  test('mulberry32 is deterministic and stays in [0, 1)', () => {
    const first = mulberry32(7);
    const second = mulberry32(7);
    for (let i = 0; i < 1000; i++) {
      const x = first();
      assert.equal(x, second());
      assert.ok(x >= 0 && x < 1);
    }
  });
});

const LEVELS = ['outstanding', 'good', 'requires-improvement', 'inadequate'];
function audit(auditId: string, auditorId: string, planRef: string, grades: Record<string, string | null>, ticks: Record<string, string[]> = {}): RatedAudit {
  return {
    auditId,
    auditorId,
    planRef,
    sections: Object.fromEntries(Object.entries(grades).map(([s, g]) => [s, { grade: g, criteriaMet: ticks[s] ?? [] }])),
  };
}

describe('computeModerationStats', () => {
  // Three pairs over sections A, C, F. "lenient" grades one step better than agreed in F.
  const pairs: ModeratedPair[] = [
    {
      moderationId: 'm1',
      first: audit('a1', 'lenient', 'P1', { A: 'good', C: 'na', F: 'good' }, { F: ['F.good.quantified', 'F.good.specific'] }),
      second: audit('b1', 'steady', 'P1', { A: 'good', C: 'na', F: 'requires-improvement' }, { F: ['F.good.specific'] }),
      agreed: { A: 'good', C: 'na', F: 'requires-improvement' },
    },
    {
      moderationId: 'm2',
      first: audit('a2', 'lenient', 'P2', { A: 'outstanding', C: 'na', F: 'requires-improvement' }, { F: ['F.good.quantified'] }),
      second: audit('b2', 'steady', 'P2', { A: 'good', C: 'good', F: 'inadequate' }, { F: ['F.inadequate.vague'] }),
      agreed: { A: 'good', C: 'good', F: 'inadequate' },
    },
    {
      moderationId: 'm3',
      first: audit('a3', 'steady', 'P3', { A: 'good', C: 'good', F: 'good' }),
      second: audit('b3', 'lenient', 'P3', { A: 'good', C: null, F: 'good' }),
      agreed: null,
    },
  ];
  const stats = computeModerationStats(pairs, { levels: LEVELS, sections: ['A', 'C', 'F'] });

  test('counts exact and within-one agreement, with NA against a grade as a disagreement', () => {
    const c = stats.sections.find((s) => s.sectionId === 'C')!;
    assert.deepEqual([c.compared, c.exact, c.withinOne, c.naBoth, c.naMismatches, c.missing], [2, 1, 1, 1, 1, 1]);
    assert.equal(c.disagreements, 1);
    const f = stats.sections.find((s) => s.sectionId === 'F')!;
    assert.deepEqual([f.compared, f.exact, f.withinOne], [3, 1, 3]);
    assert.equal(stats.overall.compared, 8);
    assert.equal(stats.overall.exact, 4); // A: 2 of 3, C: 1 of 2 (both NA), F: 1 of 3
    assert.equal(stats.overall.withinOne, 7);
    close(stats.overall.exactRate, 4 / 8, 1e-12);
  });

  test('leaves NA and missing pairs out of kappa and says how many', () => {
    // Graded pairs only: A (3), F (3) → 6 pairs; C's NA pairs and missing pair are excluded.
    assert.ok(stats.overall.kappa.value !== null);
    assert.equal(stats.overall.kappa.n, 6);
    assert.equal(stats.overall.naMismatches, 1);
    assert.equal(stats.overall.naBoth, 1);
    assert.equal(stats.overall.missing, 1);
    const expected = kappaFromMoments([[1, 1], [0, 1], [1, 1], [1, 2], [2, 3], [1, 1]]);
    close(stats.overall.kappa.value, expected, 1e-12, 'overall kappa');
  });

  test('reports each auditor’s agreement with the agreed grade and direction', () => {
    const lenient = stats.auditors.find((a) => a.auditorId === 'lenient')!;
    const steady = stats.auditors.find((a) => a.auditorId === 'steady')!;
    assert.deepEqual([lenient.moderatedAudits, lenient.asFirst, lenient.asSecond], [3, 2, 1]);
    // Resolved pairs only (m1, m2): lenient matched A, C in m1; none of A, C, F in m2 (C was NA vs good).
    assert.equal(lenient.comparedWithAgreed, 6);
    assert.equal(lenient.matchedAgreed, 2);
    // Signed differences over graded sections: m1 A 0, F +1; m2 A +1, F +1 → mean 0.75 → higher.
    close(lenient.meanSignedDifference, 0.75, 1e-12);
    assert.equal(lenient.direction, 'higher');
    assert.equal(steady.agreementWithAgreed, 1);
    assert.equal(steady.direction, 'in-line');
  });

  test('ranks sections by disagreement and criteria by how often they were ticked differently', () => {
    assert.deepEqual(stats.mostDisagreedSections.map((s) => s.sectionId), ['F', 'C', 'A']);
    assert.deepEqual(stats.criteriaTickedDifferently[0], { criterionId: 'F.good.quantified', sectionId: 'F', timesDifferent: 2, compared: 3 });
    assert.ok(!stats.criteriaTickedDifferently.some((c) => c.criterionId === 'F.good.specific'));
  });

  test('computes ordinal alpha over plans and notes when more than two auditors rated a plan', () => {
    assert.ok(stats.alpha.value !== null);
    assert.equal(stats.moreThanTwoRaters, false);
    const third: ModeratedPair = { moderationId: 'm4', first: pairs[0]!.first, second: audit('c1', 'third', 'P1', { A: 'good', C: 'na', F: 'inadequate' }), agreed: null };
    const more = computeModerationStats([...pairs, third], { levels: LEVELS, sections: ['A', 'C', 'F'] });
    assert.equal(more.moreThanTwoRaters, true);
    assert.equal(more.auditors.find((a) => a.auditorId === 'lenient')!.moderatedAudits, 3, 'a first audit moderated twice counts once');
  });

  test('with no pairs, rates and statistics are null with reasons, not NaN', () => {
    const empty = computeModerationStats([], { levels: LEVELS, sections: ['A'] });
    assert.equal(empty.overall.exactRate, null);
    assert.equal(empty.overall.kappa.value, null);
    assert.equal(empty.alpha.value, null);
    assert.ok(!JSON.stringify(empty).includes('NaN'));
  });
});
