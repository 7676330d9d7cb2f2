/**
 * Reproducible random samples for moderation: the same seed and the same audits
 * always give the same sample, so a moderator can show how a sample was drawn.
 */

/**
 * mulberry32: a small, fast 32-bit PRNG (Tommy Ettinger, public domain). Good
 * enough for drawing samples; not for anything secret.
 *
 * @example
 * const next = mulberry32(42); next(); // 0 ≤ x < 1
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** How many to draw: a fixed number, or a share of the population (rounded, at least one). */
export type SampleSize = { size: number } | { share: number };

/** The number of items a {@link SampleSize} asks for out of `population`. */
export function sampleCount(population: number, want: SampleSize): number {
  if ('size' in want) return Math.min(population, Math.max(0, Math.floor(want.size)));
  if (population === 0 || want.share <= 0) return 0;
  return Math.min(population, Math.max(1, Math.round(population * want.share)));
}

/**
 * Draws a sample without replacement. The ids are sorted first, so the result
 * depends only on the set of ids and the seed, never on the order they came in.
 * Returns the sample in the order drawn.
 *
 * @example
 * seededSample(['a1', 'a2', 'a3', 'a4'], { share: 0.5 }, 7); // always the same two
 */
export function seededSample(ids: readonly string[], want: SampleSize, seed: number): string[] {
  const pool = [...new Set(ids)].sort();
  const count = sampleCount(pool.length, want);
  const random = mulberry32(seed);
  // Partial Fisher–Yates: the first `count` places are the sample.
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, count);
}
