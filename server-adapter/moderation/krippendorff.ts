/**
 * Krippendorff's alpha for any number of raters, with missing ratings, computed
 * from the coincidence matrix (Krippendorff 2011, "Computing Krippendorff's
 * Alpha-Reliability", sections C–E).
 */
import type { Statistic } from './kappa.js';

export type AlphaMetric = 'nominal' | 'ordinal' | 'interval';

export interface AlphaDetails {
  /** Number of units with at least two ratings (the pairable units). */
  units: number;
  /** Number of pairable values, n.. in Krippendorff's notation. */
  pairableValues: number;
  /** Largest number of raters that rated one unit. */
  maxRatersPerUnit: number;
  /** Observed disagreement D_o. */
  observedDisagreement: number;
  /** Disagreement expected by chance D_e. */
  expectedDisagreement: number;
}

export type AlphaResult = Statistic<AlphaDetails>;

/**
 * Alpha for reliability data given unit by unit: each unit is the list of values
 * the raters gave it, with null (or undefined) for a missing rating. Values are
 * category indexes 0…categories−1 of an ordered scale.
 *
 * α = 1 − D_o / D_e, where D_o and D_e are built from the coincidence matrix
 * o_ck = Σ_u (number of c–k pairs in u) / (m_u − 1) and its margins n_c.
 * The ordinal metric is δ²_ck = (Σ_{g=c}^{k} n_g − (n_c + n_k)/2)².
 *
 * Undefined (value null, with a reason) when fewer than two pairable values exist,
 * or when all pairable values are the same (no variation: D_e = 0).
 *
 * @example
 * krippendorffAlpha([[0, 0, null], [1, 2, 1]], 4, 'ordinal').value
 */
export function krippendorffAlpha(units: readonly (readonly (number | null | undefined)[])[], categories: number, metric: AlphaMetric = 'ordinal'): AlphaResult {
  const coincidence = Array.from({ length: categories }, () => new Array<number>(categories).fill(0));
  let pairableUnits = 0;
  let maxRaters = 0;
  for (const unit of units) {
    const values = unit.filter((v): v is number => v !== null && v !== undefined);
    for (const v of values) {
      if (!Number.isInteger(v) || v < 0 || v >= categories) throw new RangeError(`rating ${v} is outside 0…${categories - 1}`);
    }
    const m = values.length;
    if (m < 2) continue;
    pairableUnits++;
    maxRaters = Math.max(maxRaters, m);
    const counts = new Array<number>(categories).fill(0);
    for (const v of values) counts[v]!++;
    for (let c = 0; c < categories; c++) {
      for (let k = 0; k < categories; k++) {
        const pairs = c === k ? counts[c]! * (counts[c]! - 1) : counts[c]! * counts[k]!;
        if (pairs) coincidence[c]![k]! += pairs / (m - 1);
      }
    }
  }
  const margins = coincidence.map((row) => row.reduce((s, x) => s + x, 0));
  const total = margins.reduce((s, x) => s + x, 0);
  if (total < 2 || pairableUnits === 0) {
    return { value: null, reason: 'No plan section was rated by two or more auditors.' };
  }
  const delta = distanceFunction(metric, margins);
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < categories; c++) {
    for (let k = 0; k < categories; k++) {
      const d = delta(c, k);
      observed += coincidence[c]![k]! * d;
      expected += margins[c]! * margins[k]! * d;
    }
  }
  observed /= total;
  expected /= total * (total - 1);
  if (expected === 0) {
    return { value: null, reason: 'No variation: every rating has the same value, so disagreement by chance is zero and alpha is undefined.' };
  }
  return {
    value: 1 - observed / expected,
    units: pairableUnits,
    pairableValues: total,
    maxRatersPerUnit: maxRaters,
    observedDisagreement: observed,
    expectedDisagreement: expected,
  };
}

function distanceFunction(metric: AlphaMetric, margins: readonly number[]): (c: number, k: number) => number {
  if (metric === 'nominal') return (c, k) => (c === k ? 0 : 1);
  if (metric === 'interval') return (c, k) => (c - k) ** 2;
  return (c, k) => {
    if (c === k) return 0;
    const lo = Math.min(c, k);
    const hi = Math.max(c, k);
    let sum = 0;
    for (let g = lo; g <= hi; g++) sum += margins[g]!;
    return (sum - (margins[lo]! + margins[hi]!) / 2) ** 2;
  };
}
