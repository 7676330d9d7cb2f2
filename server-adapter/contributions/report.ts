/**
 * Reports by contributing service: how the advice of one service (or one of its
 * teams) was graded, the criteria it most often missed, and which plan sections its
 * advice was marked as weakening. Built from the same aggregates as the audit
 * summary (reports/aggregate.ts), then passed through small-number suppression,
 * because these figures leave the LA's QA team: they are sent to the service.
 *
 * Suppression: a count from 1 to 4 is shown as "fewer than 5" (count null,
 * suppressed true), and so is its share. Where a row of grade counts would let a
 * single hidden count be worked out from the total, the next smallest count in the
 * row is hidden too. When fewer than 5 audits are in scope, every count but zero is
 * hidden. No plan reference and no free text is ever part of a service report.
 */
import { criterionApplies } from '../../criteria/grading.js';
import { NOT_APPLICABLE, type Framework } from '../../criteria/schema.js';
import { aggregateRows, compareSummaries, summarize, type SummaryFigures } from '../reports/aggregate.js';
import type { Audit, AuditReportRow } from '../storage/types.js';
import type { SectionWeakening } from './store.js';

/** Counts below this (and above 0) are hidden. */
export const SUPPRESS_BELOW = 5;

export interface Cell {
  /** The count, or null when hidden. */
  count: number | null;
  suppressed: boolean;
}

export interface ServiceDistribution {
  graded: Cell;
  notApplicable: Cell;
  grades: { grade: string; label: string; count: Cell; share: number | null }[];
  goodOrBetter: { count: Cell; share: number | null };
}

export interface ServiceFigures {
  audits: Cell;
  overall: ServiceDistribution;
  sections: (ServiceDistribution & { sectionId: string; title: string })[];
  criteriaMissed: { criterionId: string; sectionId: string; text: string; assessed: Cell; notMet: Cell; share: number | null }[];
  weakenedPlanSections: { sectionId: string; title: string; count: Cell }[];
}

export interface ServiceComparison {
  baselineAudits: Cell;
  overall: { baseline: number | null; current: number | null; percentagePoints: number | null; significant: boolean; suppressed: boolean };
  sections: { sectionId: string; baseline: number | null; current: number | null; percentagePoints: number | null; significant: boolean; suppressed: boolean }[];
}

const small = (n: number) => n > 0 && n < SUPPRESS_BELOW;
const cell = (count: number, hide = false): Cell => (hide || small(count) ? { count: null, suppressed: true } : { count, suppressed: false });

/**
 * Which counts of one row to hide: every count from 1 to 4, and, when exactly one
 * is hidden, also the smallest other non-zero count (so the hidden one cannot be
 * worked out from the row total).
 */
export function suppressRow(counts: readonly number[]): boolean[] {
  const hide = counts.map(small);
  if (hide.filter(Boolean).length === 1) {
    let pick = -1;
    counts.forEach((c, i) => {
      if (!hide[i] && c > 0 && (pick < 0 || c < counts[pick]!)) pick = i;
    });
    if (pick >= 0) hide[pick] = true;
  }
  return hide;
}

function distribution(framework: Pick<Framework, 'scale'>, d: SummaryFigures['overall'], tooFew: boolean): ServiceDistribution {
  const counts = d.grades.map((g) => g.count);
  const hide = tooFew ? counts.map((c) => c > 0) : suppressRow(counts);
  const graded = cell(d.graded, tooFew && d.graded > 0);
  const share = (count: number, hidden: boolean) => (hidden || graded.suppressed || d.graded === 0 ? null : count / d.graded);
  const gobHidden = tooFew ? d.goodOrBetter.count > 0 : small(d.goodOrBetter.count) || small(d.graded - d.goodOrBetter.count);
  return {
    graded,
    notApplicable: cell(d.notApplicable, tooFew && d.notApplicable > 0),
    grades: d.grades.map((g, i) => ({
      grade: g.grade,
      label: framework.scale.levels.find((l) => l.id === g.grade)?.label ?? g.grade,
      count: cell(g.count, hide[i]),
      share: share(g.count, !!hide[i] || small(g.count)),
    })),
    goodOrBetter: { count: cell(d.goodOrBetter.count, gobHidden), share: share(d.goodOrBetter.count, gobHidden) },
  };
}

export interface CriterionMiss { criterionId: string; sectionId: string; text: string; assessed: number; notMet: number; share: number | null }

/**
 * The expected-level criteria most often not met. Unlike the audit summary's criteria
 * gaps, a criterion counts only in the audits where it applied (from each audit's
 * facts and nil-statement answers) and was not answered "cannot tell": advice of one
 * kind is never counted as missing another kind's criteria.
 */
export function criteriaMissed(framework: Framework, audits: readonly Pick<Audit, 'facts' | 'sections'>[], top = 10): CriterionMiss[] {
  const counts = new Map<string, { assessed: number; notMet: number }>();
  for (const audit of audits) {
    for (const section of framework.sections) {
      const saved = audit.sections[section.id];
      if (!saved || saved.grade === null || saved.grade === NOT_APPLICABLE) continue;
      const met = new Set(saved.criteriaMet);
      const unsure = new Set(saved.cannotTell ?? []);
      for (const c of section.criteria) {
        if (c.level !== framework.scale.expected || unsure.has(c.id)) continue;
        if (!criterionApplies(c, { facts: audit.facts, nilStatement: saved.nilStatement })) continue;
        const entry = counts.get(c.id) ?? { assessed: 0, notMet: 0 };
        entry.assessed++;
        if (!met.has(c.id)) entry.notMet++;
        counts.set(c.id, entry);
      }
    }
  }
  const out: CriterionMiss[] = [];
  for (const section of framework.sections) {
    for (const c of section.criteria) {
      const entry = counts.get(c.id);
      if (!entry || entry.notMet === 0) continue;
      out.push({ criterionId: c.id, sectionId: section.id, text: c.text, assessed: entry.assessed, notMet: entry.notMet, share: entry.notMet / entry.assessed });
    }
  }
  out.sort((a, b) => b.share! - a.share! || b.notMet - a.notMet || (a.criterionId < b.criterionId ? -1 : 1));
  return out.slice(0, top);
}

/**
 * The figures of one service over the advice audits in scope (`rows`, already only
 * this service's completed audits, and `audits`, the same audits in full, for which
 * criteria applied) and the markings of its advice on plan audits.
 */
export function serviceFigures(
  framework: Framework,
  rows: readonly AuditReportRow[],
  audits: readonly Pick<Audit, 'facts' | 'sections'>[],
  weakenings: readonly SectionWeakening[],
  planFramework: Pick<Framework, 'sections'> | undefined,
  top = 10,
): { figures: ServiceFigures; raw: SummaryFigures } {
  const raw = summarize(framework, aggregateRows(rows));
  const tooFew = small(rows.length);
  const gaps = { top: criteriaMissed(framework, audits, top) };
  const inScope = new Set(rows.map((r) => r.id));
  const weakened = new Map<string, number>();
  for (const w of weakenings) if (inScope.has(w.adviceAuditId)) weakened.set(w.sectionId, (weakened.get(w.sectionId) ?? 0) + 1);
  const planOrder = planFramework?.sections.map((s) => s.id) ?? [];
  const order = (id: string) => (planOrder.includes(id) ? planOrder.indexOf(id) : planOrder.length);
  return {
    raw,
    figures: {
      audits: cell(rows.length),
      overall: distribution(framework, raw.overall, tooFew),
      sections: raw.sections.map((s) => ({ sectionId: s.sectionId, title: s.title, ...distribution(framework, s, tooFew) })),
      criteriaMissed: gaps.top.map((g) => {
        const hidden = tooFew || small(g.notMet) || small(g.assessed - g.notMet);
        return {
          criterionId: g.criterionId, sectionId: g.sectionId, text: g.text,
          assessed: cell(g.assessed, tooFew && g.assessed > 0), notMet: cell(g.notMet, hidden), share: hidden ? null : g.share,
        };
      }),
      weakenedPlanSections: [...weakened.entries()]
        .sort(([a], [b]) => order(a) - order(b) || (a < b ? -1 : 1))
        .map(([sectionId, count]) => ({
          sectionId,
          title: planFramework?.sections.find((s) => s.id === sectionId)?.title ?? `Section ${sectionId}`,
          count: cell(count),
        })),
    },
  };
}

/** The change in the share Good or better from `baseline` to `current`, hidden where either side is suppressed. */
export function compareService(baseline: SummaryFigures, current: SummaryFigures): ServiceComparison {
  const c = compareSummaries(baseline, current);
  const hidden = (b: SummaryFigures['overall'], a: SummaryFigures['overall']) =>
    [b, a].some((d) => d.graded < SUPPRESS_BELOW || small(d.goodOrBetter.count) || small(d.graded - d.goodOrBetter.count));
  const row = (b: SummaryFigures['overall'], a: SummaryFigures['overall'], cmp: (typeof c)['overall']) => {
    const suppressed = hidden(b, a);
    return {
      baseline: suppressed ? null : cmp.goodOrBetter.baseline.share,
      current: suppressed ? null : cmp.goodOrBetter.current.share,
      percentagePoints: suppressed ? null : cmp.goodOrBetter.change.percentagePoints,
      significant: suppressed ? false : cmp.goodOrBetter.change.significant,
      suppressed,
    };
  };
  return {
    baselineAudits: cell(baseline.audits),
    overall: row(baseline.overall, current.overall, c.overall),
    sections: c.sections.map((s, i) => ({ sectionId: s.sectionId, ...row(baseline.sections[i]!, current.sections[i]!, s) })),
  };
}
