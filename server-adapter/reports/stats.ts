/**
 * The statistics behind the reports, as small pure functions: no I/O, no framework.
 *
 * - {@link wilsonInterval}: a 95% interval for one proportion (Wilson 1927), which
 *   behaves well for the small samples and extreme shares audit cycles produce
 *   (0 of 20 plans, 71 of 71) where the textbook "p ± 1.96·SE" interval breaks.
 * - {@link newcombeDifference}: a 95% interval for the difference of two
 *   independent proportions, Newcombe's hybrid score method ("method 10" in
 *   Newcombe 1998b), built from the two Wilson intervals.
 *
 * References (the tests check our figures against their worked examples):
 * - E. B. Wilson (1927). Probable inference, the law of succession, and statistical
 *   inference. Journal of the American Statistical Association 22, 209–212.
 * - R. G. Newcombe (1998a). Two-sided confidence intervals for the single
 *   proportion: comparison of seven methods. Statistics in Medicine 17, 857–872.
 * - R. G. Newcombe (1998b). Interval estimation for the difference between
 *   independent proportions: comparison of eleven methods. Statistics in Medicine
 *   17, 873–890.
 */

/** The standard normal quantile for a two-sided 95% interval. */
export const Z_95 = 1.959963984540054;

/** A confidence interval; bounds are shares (0–1) or differences of shares (−1…1). */
export interface Interval {
  lower: number;
  upper: number;
}

/** A share with its count, denominator and Wilson interval. `share` is null when n is 0. */
export interface Proportion {
  count: number;
  n: number;
  share: number | null;
  /** 95% Wilson interval; null when n is 0. */
  ci: Interval | null;
}

/**
 * Wilson's score interval for `count` successes out of `n`.
 *
 * @example
 * wilsonInterval(81, 263) // { lower: 0.2553…, upper: 0.3662… } (Newcombe 1998a, example a)
 */
export function wilsonInterval(count: number, n: number, z = Z_95): Interval {
  if (!Number.isInteger(count) || !Number.isInteger(n) || n <= 0 || count < 0 || count > n) {
    throw new RangeError(`wilsonInterval needs whole numbers 0 ≤ count ≤ n and n > 0 (got ${count} of ${n})`);
  }
  const p = count / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = p + z2 / (2 * n);
  const spread = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // Clamp away rounding noise at the ends (count 0 or n gives exactly 0 or 1).
  const lower = count === 0 ? 0 : Math.max(0, (centre - spread) / denominator);
  const upper = count === n ? 1 : Math.min(1, (centre + spread) / denominator);
  return { lower, upper };
}

/** A share with its Wilson interval; share and interval are null when `n` is 0. */
export function proportion(count: number, n: number): Proportion {
  if (n === 0) return { count, n, share: null, ci: null };
  return { count, n, share: count / n, ci: wilsonInterval(count, n) };
}

/**
 * Newcombe's hybrid score interval for p1 − p2 (independent samples): the
 * difference plus or minus the root of the squared distances from each share to
 * the relevant end of its own Wilson interval.
 *
 * @example
 * newcombeDifference(56, 70, 48, 80) // { lower: 0.0524…, upper: 0.3339… } (Newcombe 1998b, example a)
 */
export function newcombeDifference(count1: number, n1: number, count2: number, n2: number, z = Z_95): Interval {
  const p1 = count1 / n1;
  const p2 = count2 / n2;
  const a = wilsonInterval(count1, n1, z);
  const b = wilsonInterval(count2, n2, z);
  const d = p1 - p2;
  return {
    lower: d - Math.sqrt((p1 - a.lower) ** 2 + (b.upper - p2) ** 2),
    upper: d + Math.sqrt((a.upper - p1) ** 2 + (p2 - b.lower) ** 2),
  };
}

/** A change between two proportions: `to` minus `from`. */
export interface Change {
  /** Difference of shares (`to.share − from.share`), null when either sample is empty. */
  difference: number | null;
  /** Difference in percentage points, unrounded; null when either sample is empty. */
  percentagePoints: number | null;
  /** 95% Newcombe interval for the difference; null when either sample is empty. */
  ci: Interval | null;
  /**
   * True when the interval leaves out 0: a change larger than sampling chance alone
   * would usually give (at the 5% level, one comparison at a time).
   */
  significant: boolean;
}

/** The change from `from` to `to`, with its Newcombe interval. */
export function change(from: Pick<Proportion, 'count' | 'n'>, to: Pick<Proportion, 'count' | 'n'>): Change {
  if (from.n === 0 || to.n === 0) return { difference: null, percentagePoints: null, ci: null, significant: false };
  const difference = to.count / to.n - from.count / from.n;
  const ci = newcombeDifference(to.count, to.n, from.count, from.n);
  return { difference, percentagePoints: difference * 100, ci, significant: ci.lower > 0 || ci.upper < 0 };
}

/** The median of the values (mean of the middle two for an even count); null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((x, y) => x - y);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * A share as a percentage with one decimal, for display only: 31 of 71 → "43.7".
 * Reports always compute from counts and round at the very end.
 */
export function formatPercent(share: number | null, digits = 1): string {
  if (share === null || !Number.isFinite(share)) return '–';
  // Round half away from zero on the decimal value (toFixed alone rounds 0.125 down on binary doubles).
  const factor = 10 ** digits;
  const rounded = Math.round(share * 100 * factor + Math.sign(share) * 1e-9) / factor;
  return rounded.toFixed(digits);
}

/** A signed difference in percentage points for display: "+12.3", "−4.0", "0.0". */
export function formatPoints(points: number | null, digits = 1): string {
  if (points === null || !Number.isFinite(points)) return '–';
  const text = formatPercent(Math.abs(points) / 100, digits);
  if (Number(text) === 0) return (0).toFixed(digits);
  return `${points > 0 ? '+' : '\u2212'}${text}`;
}

/**
 * Least-squares line through points (x, y); null with fewer than two distinct x.
 * Used to project a KPI share forward to its target date.
 */
export function linearFit(points: readonly { x: number; y: number }[]): { slope: number; intercept: number } | null {
  if (points.length < 2) return null;
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    sxx += (p.x - mx) ** 2;
    sxy += (p.x - mx) * (p.y - my);
  }
  if (sxx === 0) return null;
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}
