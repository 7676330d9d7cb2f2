/**
 * What a sample size buys: the 95% margin of error of a proportion estimated from
 * a simple random sample of `n` plans out of `population`, and the reverse, the
 * sample size a chosen margin needs. Both use the finite population correction,
 * because an LA's plans of a term are a small, known population: auditing 50 of
 * 120 plans tells far more than 50 of 12,000.
 *
 * The proportion is taken as 0.5 unless given: the worst case, so the margin holds
 * whatever share of plans turns out Good or better.
 */

/** The two-sided 95% normal quantile. */
export const Z_95 = 1.959963984540054;

/**
 * Margin of error (as a proportion, 0–1) for a sample of `n` out of `population`.
 *
 * MoE = z · √(p(1−p)/n) · √((N−n)/(N−1)); 0 when the whole population is audited.
 *
 * @example
 * marginOfError(50, 500); // ≈ 0.1316: "Good or better: 60% ± 13 points"
 */
export function marginOfError(n: number, population: number, p = 0.5, z = Z_95): number {
  assertCounts(n, population);
  if (n === 0) return 1;
  if (n >= population) return 0;
  const standardError = Math.sqrt((p * (1 - p)) / n);
  const fpc = population > 1 ? Math.sqrt((population - n) / (population - 1)) : 0;
  return z * standardError * fpc;
}

/**
 * The smallest sample whose margin of error is at most `margin` (0–1).
 *
 * n₀ = z²p(1−p)/e², then n = n₀ / (1 + (n₀ − 1)/N), rounded up; never above N.
 *
 * @example
 * sampleSizeFor(0.05, 1000); // 278
 */
export function sampleSizeFor(margin: number, population: number, p = 0.5, z = Z_95): number {
  if (!(margin > 0 && margin < 1)) throw new RangeError('margin must be between 0 and 1');
  assertCounts(0, population);
  if (population === 0) return 0;
  const n0 = (z * z * p * (1 - p)) / (margin * margin);
  const n = n0 / (1 + (n0 - 1) / population);
  // Guard against 277.99999… rounding up to 279 through floating point.
  return Math.min(population, Math.ceil(n - 1e-9));
}

function assertCounts(n: number, population: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError('n must be a whole number ≥ 0');
  if (!Number.isInteger(population) || population < 0) throw new RangeError('population must be a whole number ≥ 0');
  if (n > population) throw new RangeError('n cannot exceed the population');
}
