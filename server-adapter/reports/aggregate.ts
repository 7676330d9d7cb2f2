/**
 * Report figures from grade counts: pure functions, no storage and no HTTP.
 *
 * The storage layer answers "how many audits had each grade" (pushed down into SQL
 * where it can, see `storage/sqlite/reports.ts`, or counted in memory by
 * {@link aggregateRows}); everything here turns those counts into the figures a
 * report shows. Because both paths meet at the same {@link ReportAggregates}, the
 * SQL and the in-memory results are identical by construction from that point on.
 *
 * Rules kept everywhere:
 * - The grade scale and the sections come from the framework, never from code.
 * - Not applicable is counted on its own and never enters a graded percentage.
 * - Shares are computed from unrounded counts; rounding is for display only.
 * - "Good or better" means a level whose rank is at most the rank of the scale's
 *   expected level.
 */
import { criterionApplies } from '../../criteria/grading.js';
import { NOT_APPLICABLE, type Framework, type GradeScale } from '../../criteria/schema.js';
import type { AuditReportRow } from '../storage/types.js';
import { change, linearFit, median, proportion, type Change, type Interval, type Proportion } from './stats.js';

// ── inputs ───────────────────────────────────────────────────────────────────

/**
 * Counts over a set of completed audits: what the storage computes (in SQL or in
 * memory) and everything else is derived from.
 */
export interface ReportAggregates {
  /** Audits in the set. */
  audits: number;
  /** Overall grade id → count (audits without an overall grade are left out). */
  overall: Record<string, number>;
  /** Section id → grade id (a level or `na`) → count (ungraded sections left out). */
  sections: Record<string, Record<string, number>>;
  /** Median of the audits' active seconds; null for no audits. */
  medianActiveSeconds: number | null;
}

/** How often each criterion was met, among sections graded at a level (not NA, not ungraded). */
export interface CriteriaCounts {
  /**
   * Section id → sections graded at a level, criterion id → times met among them, and
   * criterion id → times it did not apply to the plan or was answered "cannot tell"
   * (frameworks with `appliesWhen` or `needsAdvice`; those sections leave its denominator).
   */
  sections: Record<string, { assessed: number; met: Record<string, number>; notAssessed?: Record<string, number> }>;
}

/** Whether a framework has criteria that apply only to some plans, or can be answered "cannot tell". */
export function hasConditionalCriteria(framework: Pick<Framework, 'sections'>): boolean {
  return framework.sections.some((s) => s.criteria.some((c) => c.appliesWhen !== undefined || c.needsAdvice));
}

/** Counts from report rows: the in-memory path, and the reference the SQL path must match. */
export function aggregateRows(rows: readonly AuditReportRow[]): ReportAggregates {
  const result: ReportAggregates = { audits: rows.length, overall: {}, sections: {}, medianActiveSeconds: median(rows.map((r) => r.activeSeconds)) };
  for (const row of rows) {
    if (row.overallGrade !== null) result.overall[row.overallGrade] = (result.overall[row.overallGrade] ?? 0) + 1;
    for (const [sectionId, grade] of Object.entries(row.sectionGrades)) {
      if (grade === null) continue;
      const counts = (result.sections[sectionId] ??= {});
      counts[grade] = (counts[grade] ?? 0) + 1;
    }
  }
  return result;
}

/**
 * Criteria met per section among sections graded at a level: the in-memory path.
 * With `frameworkOf`, criteria that did not apply to a row's plan (its facts, the
 * section's nil-statement answer) or were answered "cannot tell" are counted in
 * `notAssessed`, so they never count as "not met".
 */
export function countCriteria(rows: readonly AuditReportRow[], frameworkOf?: (row: AuditReportRow) => Framework | undefined): CriteriaCounts {
  const result: CriteriaCounts = { sections: {} };
  for (const row of rows) {
    const framework = frameworkOf?.(row);
    for (const [sectionId, grade] of Object.entries(row.sectionGrades)) {
      if (grade === null || grade === NOT_APPLICABLE) continue;
      const section = (result.sections[sectionId] ??= { assessed: 0, met: {} });
      section.assessed++;
      for (const id of new Set(row.criteriaMet[sectionId] ?? [])) section.met[id] = (section.met[id] ?? 0) + 1;
      const definition = framework?.sections.find((s) => s.id === sectionId);
      if (!framework || !definition) continue;
      const unsure = new Set(row.cannotTell?.[sectionId] ?? []);
      const context = { facts: row.facts, nilStatement: row.nilStatements?.[sectionId] };
      for (const criterion of definition.criteria) {
        if (unsure.has(criterion.id) || !criterionApplies(criterion, context)) {
          const notAssessed = (section.notAssessed ??= {});
          notAssessed[criterion.id] = (notAssessed[criterion.id] ?? 0) + 1;
        }
      }
    }
  }
  return result;
}

// ── distributions ───────────────────────────────────────────────────────────

/** One grade's count and share of the graded total. */
export interface GradeShare extends Proportion {
  grade: string;
  label: string;
  /** The scale's colour token name, for charts. */
  colour: string;
  rank: number;
}

/** How a set of grades splits over the scale. */
export interface Distribution {
  /** Graded at a level of the scale: the denominator of every share. */
  graded: number;
  /** Not applicable: counted here and never inside the graded shares. */
  notApplicable: number;
  /** Not applicable as a share of graded + not applicable; null when both are 0. */
  notApplicableShare: number | null;
  /** In the set but without a grade (or with a grade the scale does not know). */
  ungraded: number;
  /** One entry per level of the scale, best first. */
  grades: GradeShare[];
  /** Graded at the expected level or better. */
  goodOrBetter: Proportion;
}

/** Ids of the levels at `level` or better on the scale (by rank). */
export function levelsAtOrAbove(scale: GradeScale, level: string): Set<string> {
  const target = scale.levels.find((l) => l.id === level);
  if (!target) return new Set();
  return new Set(scale.levels.filter((l) => l.rank <= target.rank).map((l) => l.id));
}

/**
 * The distribution of `counts` (grade id → count) over the scale, for `total`
 * items (audits). Grades the scale does not know count as ungraded.
 *
 * @example
 * distribution(scale, { good: 31, 'requires-improvement': 18, inadequate: 22 }, 71)
 * // grades: Good 31 (0.4366), Requires improvement 18 (0.2535), Inadequate 22 (0.3099)
 */
export function distribution(scale: GradeScale, counts: Readonly<Record<string, number>>, total: number): Distribution {
  const graded = scale.levels.reduce((sum, level) => sum + (counts[level.id] ?? 0), 0);
  const notApplicable = counts[NOT_APPLICABLE] ?? 0;
  const goodLevels = levelsAtOrAbove(scale, scale.expected);
  const good = scale.levels.reduce((sum, level) => sum + (goodLevels.has(level.id) ? counts[level.id] ?? 0 : 0), 0);
  return {
    graded,
    notApplicable,
    notApplicableShare: graded + notApplicable === 0 ? null : notApplicable / (graded + notApplicable),
    ungraded: Math.max(0, total - graded - notApplicable),
    grades: scale.levels.map((level) => ({
      grade: level.id,
      label: level.label,
      colour: level.colour,
      rank: level.rank,
      ...proportion(counts[level.id] ?? 0, graded),
    })),
    goodOrBetter: proportion(good, graded),
  };
}

/** Share of graded items at `level` or better (for a KPI whose level is not the expected one). */
export function shareAtOrAbove(scale: GradeScale, counts: Readonly<Record<string, number>>, level: string): Proportion {
  const levels = levelsAtOrAbove(scale, level);
  let hit = 0;
  let graded = 0;
  for (const l of scale.levels) {
    const c = counts[l.id] ?? 0;
    graded += c;
    if (levels.has(l.id)) hit += c;
  }
  return proportion(hit, graded);
}

// ── summary ─────────────────────────────────────────────────────────────────

export interface SectionDistribution extends Distribution {
  sectionId: string;
  title: string;
}

/** The figures of a summary (the route adds scope, narrative and the audit list). */
export interface SummaryFigures {
  /** Completed audits in scope: "the number of plans audited". */
  audits: number;
  /** Whole-plan grades. */
  overall: Distribution;
  /** One per section of the framework, in the framework's order. */
  sections: SectionDistribution[];
  /** Median active time per audit, in seconds; null for no audits. */
  medianActiveSeconds: number | null;
}

/** Summary figures from counts. Sections follow the framework's order. */
export function summarize(framework: Pick<Framework, 'scale' | 'sections'>, aggregates: ReportAggregates): SummaryFigures {
  return {
    audits: aggregates.audits,
    overall: distribution(framework.scale, aggregates.overall, aggregates.audits),
    sections: framework.sections.map((section) => ({
      sectionId: section.id,
      title: section.title,
      ...distribution(framework.scale, aggregates.sections[section.id] ?? {}, aggregates.audits),
    })),
    medianActiveSeconds: aggregates.medianActiveSeconds,
  };
}

// ── comparison ──────────────────────────────────────────────────────────────

/** One share in two samples and the change between them (`current − baseline`). */
export interface ShareComparison {
  baseline: Proportion;
  current: Proportion;
  change: Change;
}

export interface GradeComparison extends ShareComparison {
  grade: string;
  label: string;
}

export interface DistributionComparison {
  goodOrBetter: ShareComparison;
  grades: GradeComparison[];
}

export interface SectionComparison extends DistributionComparison {
  sectionId: string;
  title: string;
}

/** A change whose 95% interval leaves out zero. */
export interface SignificantChange {
  /** `overall` or a section id. */
  scope: string;
  /** `good-or-better` or a grade id. */
  measure: string;
  percentagePoints: number;
  ci: Interval;
}

export interface ComparisonFigures {
  overall: DistributionComparison;
  sections: SectionComparison[];
  /** Every flagged change, overall first, then sections in framework order. */
  significant: SignificantChange[];
}

function compareDistributions(baseline: Distribution, current: Distribution): DistributionComparison {
  return {
    goodOrBetter: { baseline: baseline.goodOrBetter, current: current.goodOrBetter, change: change(baseline.goodOrBetter, current.goodOrBetter) },
    grades: current.grades.map((g, i) => {
      const b = baseline.grades[i]!;
      return { grade: g.grade, label: g.label, baseline: strip(b), current: strip(g), change: change(b, g) };
    }),
  };
}

function strip(p: Proportion): Proportion {
  return { count: p.count, n: p.n, share: p.share, ci: p.ci };
}

/**
 * Two summaries side by side: each share with its Wilson interval, and each change
 * (current − baseline) with its Newcombe interval and a flag when the interval
 * leaves out zero. Both summaries must come from the same framework.
 */
export function compareSummaries(baseline: SummaryFigures, current: SummaryFigures): ComparisonFigures {
  const overall = compareDistributions(baseline.overall, current.overall);
  const sections = current.sections.map((s) => {
    const b = baseline.sections.find((x) => x.sectionId === s.sectionId)!;
    return { sectionId: s.sectionId, title: s.title, ...compareDistributions(b, s) };
  });
  const significant: SignificantChange[] = [];
  const collect = (scope: string, d: DistributionComparison) => {
    const push = (measure: string, c: Change) => {
      if (c.significant && c.ci && c.percentagePoints !== null) significant.push({ scope, measure, percentagePoints: c.percentagePoints, ci: c.ci });
    };
    push('good-or-better', d.goodOrBetter.change);
    for (const g of d.grades) push(g.grade, g.change);
  };
  collect('overall', overall);
  for (const s of sections) collect(s.sectionId, s);
  return { overall, sections, significant };
}

// ── trend and KPI ───────────────────────────────────────────────────────────

/** What a cycle contributes to a trend. */
export interface TrendCycleInput {
  cycleId: string;
  name: string;
  startDate: string;
  endDate: string;
  kpiTarget: { level: string; share: number; by?: string | undefined } | null;
  figures: SummaryFigures;
  /** Overall grade counts, for a KPI whose level is not the expected one. */
  overallCounts: Record<string, number>;
}

export interface TrendPoint {
  cycleId: string;
  name: string;
  startDate: string;
  endDate: string;
  audits: number;
  goodOrBetter: Proportion;
  /** Each grade's share of the graded plans, best first. */
  grades: GradeShare[];
  /** This cycle's KPI: its target and the share it reached, or null when it sets none. */
  kpi: { level: string; target: number; by: string | null; actual: Proportion } | null;
  /** Per section: the Good-or-better share and each grade's share. */
  sections: { sectionId: string; goodOrBetter: Proportion; grades: GradeShare[] }[];
}

/**
 * Whether the latest cycle is on course for its KPI:
 * - `met`: the latest cycle's share at the target level or better already reaches the target;
 * - `on-track`: not yet, but a least-squares line through every cycle's share
 *   (against each cycle's end date) reaches the target by the target's date;
 * - `off-track`: neither (including when there is no date, or too few cycles to
 *   draw a line, and the target is not met);
 * - `no-target`: no cycle sets a target;
 * - `no-data`: the latest cycle has no graded plans.
 */
export type KpiStatus = 'met' | 'on-track' | 'off-track' | 'no-target' | 'no-data';

export interface KpiAssessment {
  status: KpiStatus;
  /** The cycle whose target is assessed (the latest cycle that sets one). */
  targetCycleId: string | null;
  level: string | null;
  target: number | null;
  by: string | null;
  /** The latest cycle's share at the target level or better. */
  latest: Proportion | null;
  /** The share the fitted line gives on the target date; null without a line or date. */
  projected: number | null;
  /** Plain-English sentence saying why. */
  explanation: string;
}

const DAY = 86_400_000;
const dayNumber = (date: string) => Date.parse(`${date.slice(0, 10)}T00:00:00Z`) / DAY;

/**
 * The trend over cycles (oldest first) and the KPI assessment of the latest cycle.
 * The target is the latest cycle's own, or else that of the latest cycle that sets one.
 */
export function buildTrend(scale: GradeScale, cycles: readonly TrendCycleInput[]): { points: TrendPoint[]; kpi: KpiAssessment } {
  const ordered = [...cycles].sort((a, b) => (a.startDate === b.startDate ? a.cycleId.localeCompare(b.cycleId) : a.startDate.localeCompare(b.startDate)));
  const points: TrendPoint[] = ordered.map((c) => ({
    cycleId: c.cycleId,
    name: c.name,
    startDate: c.startDate,
    endDate: c.endDate,
    audits: c.figures.audits,
    goodOrBetter: c.figures.overall.goodOrBetter,
    grades: c.figures.overall.grades,
    kpi: c.kpiTarget
      ? { level: c.kpiTarget.level, target: c.kpiTarget.share, by: c.kpiTarget.by ?? null, actual: shareAtOrAbove(scale, c.overallCounts, c.kpiTarget.level) }
      : null,
    sections: c.figures.sections.map((s) => ({ sectionId: s.sectionId, goodOrBetter: s.goodOrBetter, grades: s.grades })),
  }));
  return { points, kpi: assessKpi(scale, ordered) };
}

function assessKpi(scale: GradeScale, ordered: readonly TrendCycleInput[]): KpiAssessment {
  const latest = ordered.at(-1);
  const targetCycle = [...ordered].reverse().find((c) => c.kpiTarget !== null);
  const none: KpiAssessment = { status: 'no-target', targetCycleId: null, level: null, target: null, by: null, latest: null, projected: null, explanation: 'No cycle sets a KPI target.' };
  if (!latest || !targetCycle?.kpiTarget) return none;
  const { level, share: target } = targetCycle.kpiTarget;
  const by = targetCycle.kpiTarget.by ?? null;
  const levelLabel = scale.levels.find((l) => l.id === level)?.label ?? level;
  const pct = (x: number) => `${(Math.round(x * 1000) / 10).toFixed(1)}%`;
  const base = { targetCycleId: targetCycle.cycleId, level, target, by };
  const latestShare = shareAtOrAbove(scale, latest.overallCounts, level);
  if (latestShare.share === null) {
    return { ...base, status: 'no-data', latest: latestShare, projected: null, explanation: `The latest cycle (${latest.name}) has no graded plans yet.` };
  }
  const goal = `${pct(target)} ${levelLabel} or better${by ? ` by ${by}` : ''}`;
  if (latestShare.share >= target) {
    return { ...base, status: 'met', latest: latestShare, projected: null, explanation: `${latest.name}: ${pct(latestShare.share)} ${levelLabel} or better, which meets the target of ${goal}.` };
  }
  const series = ordered
    .map((c) => ({ x: dayNumber(c.endDate), share: shareAtOrAbove(scale, c.overallCounts, level).share }))
    .filter((p): p is { x: number; share: number } => p.share !== null)
    .map((p) => ({ x: p.x, y: p.share }));
  const fit = linearFit(series);
  const projected = fit && by ? Math.min(1, Math.max(0, fit.intercept + fit.slope * dayNumber(by))) : null;
  if (projected !== null && projected >= target && fit!.slope > 0) {
    return {
      ...base,
      status: 'on-track',
      latest: latestShare,
      projected,
      explanation: `${latest.name}: ${pct(latestShare.share)} ${levelLabel} or better, below the target of ${goal}; the trend across ${series.length} cycles reaches ${pct(projected)} by then.`,
    };
  }
  const why = !by
    ? 'the target has no date to project to'
    : !fit
      ? 'there are too few cycles to show a trend'
      : `the trend across ${series.length} cycles reaches only ${pct(projected ?? 0)} by then`;
  return { ...base, status: 'off-track', latest: latestShare, projected, explanation: `${latest.name}: ${pct(latestShare.share)} ${levelLabel} or better, below the target of ${goal}; ${why}.` };
}

// ── criteria gaps ───────────────────────────────────────────────────────────

export interface CriterionGap {
  criterionId: string;
  sectionId: string;
  text: string;
  /** Sections graded at a level (the denominator). */
  assessed: number;
  /** Of those, how many did not meet this criterion. */
  notMet: number;
  share: number | null;
  ci: Interval | null;
}

export interface WeaknessIndicator {
  criterionId: string;
  sectionId: string;
  /** The level the indicator points to (below expected). */
  level: string;
  text: string;
  assessed: number;
  /** How many graded sections showed this indicator. */
  present: number;
  share: number | null;
  ci: Interval | null;
}

export interface SectionGaps {
  sectionId: string;
  title: string;
  assessed: number;
  /** Expected-level ("Good") criteria, most often not met first. */
  gaps: CriterionGap[];
  /** Indicators of weakness (criteria of levels below expected), most often present first. */
  indicators: WeaknessIndicator[];
}

export interface CriteriaGapFigures {
  sections: SectionGaps[];
  /** The `top` criteria most often not met across all sections: what to train on next. */
  top: CriterionGap[];
}

const byShareThenId = <T extends { share: number | null; criterionId: string }>(a: T, b: T) =>
  (b.share ?? -1) - (a.share ?? -1) || a.criterionId.localeCompare(b.criterionId);

/**
 * The expected-level criteria most often not met, per section and across sections,
 * and the weakness indicators most often present. Shares are of sections graded
 * at a level (Not applicable and ungraded sections are left out).
 */
export function criteriaGaps(framework: Pick<Framework, 'scale' | 'sections'>, counts: CriteriaCounts, top = 10): CriteriaGapFigures {
  const expectedRank = framework.scale.levels.find((l) => l.id === framework.scale.expected)!.rank;
  const below = new Set(framework.scale.levels.filter((l) => l.rank > expectedRank).map((l) => l.id));
  const sections = framework.sections.map((section): SectionGaps => {
    const c = counts.sections[section.id] ?? { assessed: 0, met: {} };
    const gaps: CriterionGap[] = [];
    const indicators: WeaknessIndicator[] = [];
    for (const criterion of section.criteria) {
      const met = c.met[criterion.id] ?? 0;
      // Sections where the criterion did not apply, or was answered "cannot tell", leave its denominator.
      const assessed = Math.max(met, c.assessed - (c.notAssessed?.[criterion.id] ?? 0));
      if (criterion.level === framework.scale.expected) {
        const p = proportion(assessed - met, assessed);
        gaps.push({ criterionId: criterion.id, sectionId: section.id, text: criterion.text, assessed, notMet: p.count, share: p.share, ci: p.ci });
      } else if (below.has(criterion.level)) {
        const p = proportion(met, assessed);
        indicators.push({ criterionId: criterion.id, sectionId: section.id, level: criterion.level, text: criterion.text, assessed, present: met, share: p.share, ci: p.ci });
      }
    }
    gaps.sort(byShareThenId);
    indicators.sort(byShareThenId);
    return { sectionId: section.id, title: section.title, assessed: c.assessed, gaps, indicators };
  });
  const all = sections.flatMap((s) => s.gaps).filter((g) => g.assessed > 0 && g.notMet > 0);
  all.sort(byShareThenId);
  return { sections, top: all.slice(0, top) };
}
