/**
 * Quadratic-weighted Cohen's kappa for two ratings per unit on an ordinal scale,
 * with a large-sample 95% confidence interval.
 *
 * Pure functions over numbers: no storage, no HTTP. Categories are 0-based
 * indexes into an ordered scale of `categories` levels.
 */

/** A statistic that may be undefined for the data, with the reason in plain English. */
export type Statistic<T extends object> = ({ value: number } & T) | { value: null; reason: string };

export interface KappaDetails {
  /** Number of pairs used. */
  n: number;
  /** Weighted observed agreement, p_o. */
  observed: number;
  /** Weighted agreement expected by chance from the two margins, p_e. */
  expected: number;
  /** Large-sample standard error (Fleiss, Cohen & Everitt 1969), not assuming kappa = 0. */
  standardError: number;
  /** 95% confidence interval, kappa ± 1.96 SE, clipped to [-1, 1]. */
  ci95: [number, number];
}

export type KappaResult = Statistic<KappaDetails>;

/** Quadratic agreement weights: 1 on the diagonal, 0 for the two ends of the scale. */
export function quadraticWeights(categories: number): number[][] {
  if (!Number.isInteger(categories) || categories < 2) throw new RangeError('a scale needs at least two categories');
  const span = (categories - 1) ** 2;
  return Array.from({ length: categories }, (_, i) => Array.from({ length: categories }, (_, j) => 1 - (i - j) ** 2 / span));
}

/** The k × k table of counts: rows are the first rating, columns the second. */
export function contingencyTable(pairs: readonly (readonly [number, number])[], categories: number): number[][] {
  const table = Array.from({ length: categories }, () => new Array<number>(categories).fill(0));
  for (const [a, b] of pairs) {
    if (!Number.isInteger(a) || !Number.isInteger(b) || a < 0 || b < 0 || a >= categories || b >= categories) {
      throw new RangeError(`rating pair (${a}, ${b}) is outside 0…${categories - 1}`);
    }
    table[a]![b]!++;
  }
  return table;
}

const Z95 = 1.959963984540054;

/**
 * Weighted kappa from a contingency table of counts.
 *
 * κw = (p_o − p_e) / (1 − p_e) with p_o = Σ w_ij p_ij and p_e = Σ w_ij p_i. p_.j.
 * The variance is the large-sample (non-null) formula of Fleiss, Cohen & Everitt
 * (1969, Psychological Bulletin 72, 323–327):
 *
 *   var = [Σ p_ij (w_ij − (w̄_i. + w̄_.j)(1 − κw))² − (κw − p_e(1 − κw))²] / (n (1 − p_e)²)
 *
 * where w̄_i. = Σ_j p_.j w_ij and w̄_.j = Σ_i p_i. w_ij.
 *
 * Undefined (value null, with a reason) when there are no pairs, or when chance
 * agreement is already total (both raters used one and the same category only).
 */
export function weightedKappaFromTable(table: readonly (readonly number[])[], weights: readonly (readonly number[])[] = quadraticWeights(table.length)): KappaResult {
  const k = table.length;
  const n = table.reduce((sum, row) => sum + row.reduce((s, x) => s + x, 0), 0);
  if (n === 0) return { value: null, reason: 'No section was graded by both auditors, so there is nothing to compare.' };
  const p = table.map((row) => row.map((x) => x / n));
  const rows = p.map((row) => row.reduce((s, x) => s + x, 0));
  const cols = Array.from({ length: k }, (_, j) => p.reduce((s, row) => s + row[j]!, 0));
  let observed = 0;
  let expected = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      observed += weights[i]![j]! * p[i]![j]!;
      expected += weights[i]![j]! * rows[i]! * cols[j]!;
    }
  }
  // Guard against rounding: p_e is 1 only when every weight touched is 1.
  if (1 - expected < 1e-12) {
    return { value: null, reason: 'No variation: both auditors gave every section the same grade, so agreement by chance is already total and kappa is undefined.' };
  }
  const kappa = (observed - expected) / (1 - expected);
  const rowMeanWeight = Array.from({ length: k }, (_, i) => cols.reduce((s, c, j) => s + c * weights[i]![j]!, 0));
  const colMeanWeight = Array.from({ length: k }, (_, j) => rows.reduce((s, r, i) => s + r * weights[i]![j]!, 0));
  let sum = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      sum += p[i]![j]! * (weights[i]![j]! - (rowMeanWeight[i]! + colMeanWeight[j]!) * (1 - kappa)) ** 2;
    }
  }
  const variance = Math.max(0, (sum - (kappa - expected * (1 - kappa)) ** 2) / (n * (1 - expected) ** 2));
  const standardError = Math.sqrt(variance);
  const clip = (x: number) => Math.min(1, Math.max(-1, x));
  return {
    value: kappa,
    n,
    observed,
    expected,
    standardError,
    ci95: [clip(kappa - Z95 * standardError), clip(kappa + Z95 * standardError)],
  };
}

/**
 * Quadratic-weighted kappa for pairs of ratings (0-based category indexes).
 *
 * @example
 * quadraticWeightedKappa([[0, 0], [1, 2], [2, 2]], 4).value
 */
export function quadraticWeightedKappa(pairs: readonly (readonly [number, number])[], categories: number): KappaResult {
  return weightedKappaFromTable(contingencyTable(pairs, categories), quadraticWeights(categories));
}
