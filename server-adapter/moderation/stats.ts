/**
 * Moderation statistics over moderated pairs: agreement rates, weighted kappa,
 * Krippendorff's alpha, per-auditor direction, and where auditors disagree.
 *
 * Pure: takes plain rows, returns plain numbers. The route collects the rows.
 *
 * Not applicable (`na`) is treated explicitly:
 * - in agreement counts it is a category of its own: NA and NA agree; NA against
 *   a graded section is a disagreement (exact and within-one), never dropped;
 * - in ordinal statistics (kappa, alpha, signed differences) it has no place on
 *   the scale, so those pairs are left out and counted in `naMismatches`.
 * A section left ungraded (null or absent) by either auditor is missing and counted in `missing`.
 */
import { quadraticWeightedKappa, type KappaResult } from './kappa.js';
import { krippendorffAlpha, type AlphaResult } from './krippendorff.js';

/** The marker for Not applicable, as in `criteria/schema.ts`. */
const NA = 'na';

/** One section as an auditor recorded it. */
export interface RatedSection {
  /** A level id, `na`, or null when not graded. */
  grade: string | null;
  criteriaMet: readonly string[];
}

/** One audit of a plan, reduced to what the statistics need. */
export interface RatedAudit {
  auditId: string;
  auditorId: string;
  planRef: string;
  sections: Readonly<Record<string, RatedSection | undefined>>;
}

/** A first audit, the blind second audit, and the agreed grades once resolved. */
export interface ModeratedPair {
  moderationId: string;
  first: RatedAudit;
  second: RatedAudit;
  /** Agreed grade per section (level id or `na`); null until resolved. */
  agreed: Readonly<Record<string, string | null | undefined>> | null;
}

/** The ordered scale (level ids, best first) and the sections, in framework order. */
export interface StatsScale {
  levels: readonly string[];
  sections: readonly string[];
}

export interface AgreementCounts {
  /** Section pairs where both auditors recorded a grade (including Not applicable). */
  compared: number;
  /** Same grade, including both Not applicable. */
  exact: number;
  /** Grades at most one step apart, including both Not applicable; NA against a grade is never within one. */
  withinOne: number;
  exactRate: number | null;
  withinOneRate: number | null;
  /** One auditor Not applicable, the other graded: disagreements, left out of ordinal statistics. */
  naMismatches: number;
  /** Both auditors Not applicable: agreements, left out of ordinal statistics. */
  naBoth: number;
  /** Section pairs where at least one auditor gave no grade: not compared. */
  missing: number;
}

export interface SectionAgreement extends AgreementCounts {
  sectionId: string;
  disagreements: number;
  kappa: KappaResult;
}

export interface AuditorConsistency {
  auditorId: string;
  /** Moderated audits this auditor wrote, as first or second auditor. */
  moderatedAudits: number;
  asFirst: number;
  asSecond: number;
  /** Sections compared with an agreed grade (resolved moderations only). */
  comparedWithAgreed: number;
  /** Sections where this auditor's grade was the agreed grade. */
  matchedAgreed: number;
  agreementWithAgreed: number | null;
  /**
   * Mean of (agreed step − auditor's step) over graded sections, in grade steps.
   * Positive: the auditor tends to grade higher (more generously) than the agreed grade.
   */
  meanSignedDifference: number | null;
  /** `higher` or `lower` when |mean| ≥ 0.25 steps over at least 3 sections; `in-line` otherwise; null with no data. */
  direction: 'higher' | 'lower' | 'in-line' | null;
}

export interface CriterionDisagreement {
  criterionId: string;
  sectionId: string;
  /** Pairs where one auditor ticked it and the other did not. */
  timesDifferent: number;
  /** Pairs where both auditors graded the section. */
  compared: number;
}

export interface ModerationStats {
  /** Moderated pairs (second audit completed). */
  pairs: number;
  /** Pairs with agreed grades recorded. */
  resolved: number;
  /** Distinct plans in those pairs. */
  plans: number;
  overall: AgreementCounts & { kappa: KappaResult };
  sections: SectionAgreement[];
  /** Ordinal alpha over every auditor's grade of every moderated plan section. */
  alpha: AlphaResult;
  /** True when some plan section was rated by more than two auditors. */
  moreThanTwoRaters: boolean;
  auditors: AuditorConsistency[];
  /** Sections with at least one disagreement, most disagreement first. */
  mostDisagreedSections: { sectionId: string; disagreements: number; compared: number; disagreementRate: number }[];
  /** Criteria most often ticked by one auditor and not the other (top 10). */
  criteriaTickedDifferently: CriterionDisagreement[];
}

function emptyCounts(): AgreementCounts {
  return { compared: 0, exact: 0, withinOne: 0, exactRate: null, withinOneRate: null, naMismatches: 0, naBoth: 0, missing: 0 };
}

function finishRates<T extends AgreementCounts>(c: T): T {
  c.exactRate = c.compared ? c.exact / c.compared : null;
  c.withinOneRate = c.compared ? c.withinOne / c.compared : null;
  return c;
}

/** Direction threshold: a quarter of a grade step on average, over at least 3 sections. */
export const DIRECTION_MIN_STEPS = 0.25;
export const DIRECTION_MIN_SECTIONS = 3;

/**
 * Compares two grades on the scale. `kind` says how the pair counts.
 */
export function compareGrades(levels: readonly string[], a: string | null | undefined, b: string | null | undefined):
  | { kind: 'missing' }
  | { kind: 'na-both' }
  | { kind: 'na-mismatch' }
  | { kind: 'graded'; first: number; second: number } {
  if (a == null || b == null) return { kind: 'missing' };
  if (a === NA && b === NA) return { kind: 'na-both' };
  if (a === NA || b === NA) return { kind: 'na-mismatch' };
  const first = levels.indexOf(a);
  const second = levels.indexOf(b);
  if (first < 0 || second < 0) return { kind: 'missing' };
  return { kind: 'graded', first, second };
}

/**
 * All moderation statistics for a set of moderated pairs.
 *
 * @example
 * const stats = computeModerationStats(pairs, { levels: ['outstanding', 'good', 'requires-improvement', 'inadequate'], sections: ['A', 'B'] });
 * stats.overall.kappa.value; // quadratic-weighted kappa, or null with a reason
 */
export function computeModerationStats(pairs: readonly ModeratedPair[], scale: StatsScale): ModerationStats {
  const k = scale.levels.length;
  const overall = emptyCounts();
  const overallPairs: [number, number][] = [];
  const perSection = new Map<string, { counts: SectionAgreement; pairs: [number, number][] }>();
  for (const sectionId of scale.sections) {
    perSection.set(sectionId, { counts: { sectionId, ...emptyCounts(), disagreements: 0, kappa: { value: null, reason: '' } }, pairs: [] });
  }
  const criteria = new Map<string, CriterionDisagreement>();
  const auditors = new Map<string, AuditorConsistency & { signedSum: number; signedCount: number }>();
  const auditor = (id: string) => {
    let a = auditors.get(id);
    if (!a) {
      a = { auditorId: id, moderatedAudits: 0, asFirst: 0, asSecond: 0, comparedWithAgreed: 0, matchedAgreed: 0, agreementWithAgreed: null, meanSignedDifference: null, direction: null, signedSum: 0, signedCount: 0 };
      auditors.set(id, a);
    }
    return a;
  };
  // Alpha units: plan × section, one value per auditor (an auditor's first audit of the plan counts once).
  const alphaUnits = new Map<string, Map<string, number>>();
  const seenAudits = new Set<string>();
  // Pairs where both auditors graded a section: the denominator for its criteria.
  const sectionCompared = new Map<string, number>();
  let resolved = 0;

  for (const pair of pairs) {
    if (pair.agreed) resolved++;
    for (const [audit, role] of [[pair.first, 'first'], [pair.second, 'second']] as const) {
      const a = auditor(audit.auditorId);
      if (!seenAudits.has(audit.auditId)) {
        seenAudits.add(audit.auditId);
        a.moderatedAudits++;
        if (role === 'first') a.asFirst++;
        else a.asSecond++;
        for (const sectionId of scale.sections) {
          const grade = audit.sections[sectionId]?.grade;
          const index = grade == null || grade === NA ? -1 : scale.levels.indexOf(grade);
          if (index < 0) continue;
          const key = `${audit.planRef}\u0000${sectionId}`;
          let unit = alphaUnits.get(key);
          if (!unit) alphaUnits.set(key, (unit = new Map()));
          if (!unit.has(audit.auditorId)) unit.set(audit.auditorId, index);
        }
      }
      if (pair.agreed) {
        for (const sectionId of scale.sections) {
          const mine = audit.sections[sectionId]?.grade ?? null;
          const agreed = pair.agreed[sectionId] ?? null;
          if (mine === null || agreed === null) continue;
          a.comparedWithAgreed++;
          if (mine === agreed) a.matchedAgreed++;
          const cmp = compareGrades(scale.levels, mine, agreed);
          if (cmp.kind === 'graded') {
            a.signedSum += cmp.second - cmp.first; // agreed index − auditor index: positive = auditor graded better
            a.signedCount++;
          }
        }
      }
    }

    for (const sectionId of scale.sections) {
      const entry = perSection.get(sectionId)!;
      const s1 = pair.first.sections[sectionId];
      const s2 = pair.second.sections[sectionId];
      const cmp = compareGrades(scale.levels, s1?.grade, s2?.grade);
      for (const c of [overall, entry.counts]) {
        if (cmp.kind === 'missing') { c.missing++; continue; }
        c.compared++;
        if (cmp.kind === 'na-both') { c.naBoth++; c.exact++; c.withinOne++; }
        else if (cmp.kind === 'na-mismatch') c.naMismatches++;
        else {
          if (cmp.first === cmp.second) c.exact++;
          if (Math.abs(cmp.first - cmp.second) <= 1) c.withinOne++;
        }
      }
      if (cmp.kind === 'graded') {
        entry.pairs.push([cmp.first, cmp.second]);
        overallPairs.push([cmp.first, cmp.second]);
      }
      if (cmp.kind !== 'missing' && s1 && s2) {
        const ticked1 = new Set(s1.criteriaMet);
        const ticked2 = new Set(s2.criteriaMet);
        for (const id of new Set([...ticked1, ...ticked2])) {
          let c = criteria.get(id);
          if (!c) criteria.set(id, (c = { criterionId: id, sectionId, timesDifferent: 0, compared: 0 }));
          if (ticked1.has(id) !== ticked2.has(id)) c.timesDifferent++;
        }
        sectionCompared.set(sectionId, (sectionCompared.get(sectionId) ?? 0) + 1);
      }
    }
  }

  const sections = [...perSection.values()].map(({ counts, pairs: p }) => {
    finishRates(counts);
    counts.disagreements = counts.compared - counts.exact;
    counts.kappa = quadraticWeightedKappa(p, k);
    return counts;
  });
  finishRates(overall);

  const alphaData = [...alphaUnits.values()].map((unit) => [...unit.values()]);
  const alpha = krippendorffAlpha(alphaData, k, 'ordinal');

  const auditorRows: AuditorConsistency[] = [...auditors.values()]
    .map(({ signedSum, signedCount, ...a }) => {
      a.agreementWithAgreed = a.comparedWithAgreed ? a.matchedAgreed / a.comparedWithAgreed : null;
      a.meanSignedDifference = signedCount ? signedSum / signedCount : null;
      if (a.meanSignedDifference === null) a.direction = null;
      else if (signedCount >= DIRECTION_MIN_SECTIONS && a.meanSignedDifference >= DIRECTION_MIN_STEPS) a.direction = 'higher';
      else if (signedCount >= DIRECTION_MIN_SECTIONS && a.meanSignedDifference <= -DIRECTION_MIN_STEPS) a.direction = 'lower';
      else a.direction = 'in-line';
      return a;
    })
    .sort((x, y) => x.auditorId.localeCompare(y.auditorId));

  const mostDisagreedSections = sections
    .filter((s) => s.disagreements > 0)
    .map((s) => ({ sectionId: s.sectionId, disagreements: s.disagreements, compared: s.compared, disagreementRate: s.disagreements / s.compared }))
    .sort((x, y) => y.disagreementRate - x.disagreementRate || y.disagreements - x.disagreements || scale.sections.indexOf(x.sectionId) - scale.sections.indexOf(y.sectionId));

  const criteriaTickedDifferently = [...criteria.values()]
    .map((c) => ({ ...c, compared: sectionCompared.get(c.sectionId) ?? 0 }))
    .filter((c) => c.timesDifferent > 0)
    .sort((x, y) => y.timesDifferent - x.timesDifferent || x.criterionId.localeCompare(y.criterionId))
    .slice(0, 10);

  return {
    pairs: pairs.length,
    resolved,
    plans: new Set(pairs.map((p) => p.first.planRef)).size,
    overall: { ...overall, kappa: quadraticWeightedKappa(overallPairs, k) },
    sections,
    alpha,
    moreThanTwoRaters: alphaData.some((unit) => unit.length > 2),
    auditors: auditorRows,
    mostDisagreedSections,
    criteriaTickedDifferently,
  };
}
