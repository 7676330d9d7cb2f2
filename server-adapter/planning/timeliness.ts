/**
 * Timeliness beside quality: from the registered plans' dates, the share of new
 * plans issued within 20 weeks of the request for an assessment, and whether late
 * plans were graded worse than plans issued on time. Pure functions over rows.
 *
 * Small numbers are suppressed as published statistics usually are: a count of 1–4
 * (or a group of fewer than 5) is not shown, only "fewer than 5", and neither is its
 * share, so no single child's plan can be picked out.
 */
import { wilsonInterval } from '../reports/stats.js';
import type { RegisteredPlan } from './schemas.js';

/** 20 weeks, in days. */
export const STATUTORY_DAYS = 140;
/** Counts from 1 to this are suppressed. */
export const SUPPRESS_BELOW = 5;

/** A share that may be suppressed: then count, share and ci are null. */
export interface SuppressedProportion {
  count: number | null;
  n: number | null;
  share: number | null;
  ci: { lower: number; upper: number } | null;
  suppressed: boolean;
}

/** Days from the request to the issue of a plan, or null when a date is missing. */
export function daysToIssue(plan: Pick<RegisteredPlan, 'requestDate' | 'issueDate'>): number | null {
  if (!plan.requestDate || !plan.issueDate) return null;
  return Math.round((Date.parse(`${plan.issueDate}T00:00:00Z`) - Date.parse(`${plan.requestDate}T00:00:00Z`)) / 86_400_000);
}

/**
 * `count` of `n` with its Wilson interval, or suppressed when the count, the rest
 * (n − count) or n itself is between 1 and 4.
 *
 * @example
 * suppressedProportion(3, 40); // suppressed: 3 plans
 * suppressedProportion(18, 40); // { count: 18, n: 40, share: 0.45, … }
 */
export function suppressedProportion(count: number, n: number): SuppressedProportion {
  const small = (x: number) => x >= 1 && x < SUPPRESS_BELOW;
  if (small(n)) return { count: null, n: null, share: null, ci: null, suppressed: true };
  if (small(count) || small(n - count)) return { count: null, n, share: null, ci: null, suppressed: true };
  if (n === 0) return { count: 0, n: 0, share: null, ci: null, suppressed: false };
  return { count, n, share: count / n, ci: wilsonInterval(count, n), suppressed: false };
}

export interface TimelinessInput {
  /** New plans issued in the period (already filtered). */
  plans: readonly RegisteredPlan[];
  /** Overall grades of completed audits in the period, by plan reference. */
  gradesByPlan: ReadonlyMap<string, readonly (string | null)[]>;
  /** Grade ids that count as "good or better". */
  goodOrBetter: ReadonlySet<string>;
}

export interface TimelinessFigures {
  /** New plans issued in the period with both dates registered. */
  issued: number;
  /** Issued plans without a request or issue date (left out). */
  missingDates: number;
  within20Weeks: SuppressedProportion;
  /** Median weeks from request to issue (one decimal), null with fewer than 5 plans. */
  medianWeeks: number | null;
  quality: {
    onTime: { audits: number | null; goodOrBetter: SuppressedProportion };
    late: { audits: number | null; goodOrBetter: SuppressedProportion };
  };
}

/** Timeliness and quality by timeliness for one period. */
export function timelinessFigures({ plans, gradesByPlan, goodOrBetter }: TimelinessInput): TimelinessFigures {
  const dated = plans.map((p) => ({ plan: p, days: daysToIssue(p) })).filter((x): x is { plan: RegisteredPlan; days: number } => x.days !== null);
  const onTime = dated.filter((x) => x.days <= STATUTORY_DAYS);
  const sorted = dated.map((x) => x.days).sort((a, b) => a - b);
  const mid = sorted.length / 2;
  const medianDays = sorted.length === 0 ? null : sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const quality = (group: typeof dated) => {
    const grades = group.flatMap((x) => gradesByPlan.get(x.plan.planRef) ?? []).filter((g): g is string => g !== null);
    const good = grades.filter((g) => goodOrBetter.has(g)).length;
    const shown = suppressedProportion(good, grades.length);
    return { audits: shown.n, goodOrBetter: shown };
  };
  return {
    issued: dated.length,
    missingDates: plans.length - dated.length,
    within20Weeks: suppressedProportion(onTime.length, dated.length),
    medianWeeks: medianDays === null || dated.length < SUPPRESS_BELOW ? null : Math.round((medianDays / 7) * 10) / 10,
    quality: { onTime: quality(onTime), late: quality(dated.filter((x) => x.days > STATUTORY_DAYS)) },
  };
}
