/**
 * Drawing a cycle's sample from the registered plans: every eligible plan, a simple
 * random sample, or a stratified one (proportional, or at least k per stratum).
 * Seeded: the same plans, method and seed always give the same sample, whatever
 * order the plans came in, so the quality lead can show how it was drawn.
 */
import { mulberry32 } from '../moderation/sampling.js';
import type { RegisteredPlan, SampleMethod, StratifyBy } from './schemas.js';

export interface StratumCount {
  stratum: string;
  population: number;
  sampled: number;
}

export interface DrawResult {
  planRefs: string[];
  strata: StratumCount[];
}

/** The stratum a plan falls in ("(none)" when the host did not give the field). */
export function stratumOf(plan: RegisteredPlan, by: StratifyBy): string {
  const value = plan[by];
  return value === undefined || value === null || value === '' ? '(none)' : String(value);
}

/**
 * How many to take from each stratum.
 * - `proportional`: n shared in proportion to stratum sizes (largest remainder,
 *   ties to the larger stratum, then by name), so the counts add up to n exactly.
 * - `at-least`: every stratum gets min(k, its size) first; the rest of n is shared
 *   in proportion to what is left in each stratum. n is raised to the sum of the
 *   minimums when it is smaller.
 */
export function allocateToStrata(sizes: ReadonlyMap<string, number>, n: number, method: 'proportional' | { atLeast: number }): Map<string, number> {
  const names = [...sizes.keys()].sort();
  const total = names.reduce((sum, s) => sum + sizes.get(s)!, 0);
  const take = new Map(names.map((s) => [s, 0]));
  let wanted = Math.min(n, total);
  if (method !== 'proportional') {
    for (const s of names) take.set(s, Math.min(method.atLeast, sizes.get(s)!));
    const floor = [...take.values()].reduce((a, b) => a + b, 0);
    wanted = Math.max(wanted, floor) - floor;
  }
  const room = new Map(names.map((s) => [s, sizes.get(s)! - take.get(s)!]));
  const roomTotal = [...room.values()].reduce((a, b) => a + b, 0);
  if (wanted <= 0 || roomTotal === 0) return take;
  wanted = Math.min(wanted, roomTotal);
  const quotas = names.map((s) => ({ s, exact: (wanted * room.get(s)!) / roomTotal }));
  let given = 0;
  for (const q of quotas) {
    const whole = Math.floor(q.exact);
    take.set(q.s, take.get(q.s)! + whole);
    given += whole;
  }
  const byRemainder = [...quotas].sort((a, b) =>
    (b.exact - Math.floor(b.exact)) - (a.exact - Math.floor(a.exact)) || room.get(b.s)! - room.get(a.s)! || a.s.localeCompare(b.s));
  for (const q of byRemainder) {
    if (given >= wanted) break;
    take.set(q.s, take.get(q.s)! + 1);
    given += 1;
  }
  return take;
}

/** Partial Fisher–Yates over sorted refs with a shared generator. */
function pick(refs: string[], count: number, random: () => number): string[] {
  const pool = [...refs].sort();
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, count);
}

/**
 * Draws the sample.
 *
 * @param plans - the eligible plans (already filtered: for example only new plans)
 * @param method - `all`, `random`, `proportional` or `at-least`
 * @example
 * drawSample(plans, { method: 'proportional', size: 40, stratifyBy: 'phase' }, 1234);
 */
export function drawSample(plans: readonly RegisteredPlan[], method: SampleMethod, seed: number): DrawResult {
  const random = mulberry32(seed);
  if (method.method === 'all' || method.method === 'random') {
    const refs = plans.map((p) => p.planRef);
    const count = method.method === 'all' ? refs.length : Math.min(method.size, refs.length);
    const planRefs = method.method === 'all' ? [...refs].sort() : pick(refs, count, random);
    return { planRefs, strata: [{ stratum: '(all)', population: refs.length, sampled: planRefs.length }] };
  }
  const groups = new Map<string, string[]>();
  for (const p of plans) {
    const s = stratumOf(p, method.stratifyBy);
    (groups.get(s) ?? groups.set(s, []).get(s)!).push(p.planRef);
  }
  const sizes = new Map([...groups].map(([s, refs]) => [s, refs.length]));
  const takes = allocateToStrata(sizes, method.size, method.method === 'proportional' ? 'proportional' : { atLeast: method.atLeast });
  const planRefs: string[] = [];
  const strata: StratumCount[] = [];
  for (const s of [...groups.keys()].sort()) {
    const chosen = pick(groups.get(s)!, takes.get(s)!, random);
    planRefs.push(...chosen);
    strata.push({ stratum: s, population: groups.get(s)!.length, sampled: chosen.length });
  }
  return { planRefs, strata };
}
