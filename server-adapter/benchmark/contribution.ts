/**
 * Builds an LA's benchmark contribution from its own audits: counts per grade for
 * the whole plan and for each section. Pure: the caller passes the audit rows.
 */
import { NOT_APPLICABLE, type Framework } from '../../criteria/schema.js';
import type { BenchmarkContribution, BenchmarkPeriod, GradeCounts, RegionId } from './model.js';

/** The parts of an audit a contribution reads: a storage report row (`AuditReportRow`) has them. */
export interface BenchmarkAuditRow {
  frameworkId: string;
  frameworkVersion: string;
  status: string;
  completedAt: string | null;
  overallGrade: string | null;
  sectionGrades: Readonly<Record<string, string | null | undefined>>;
}

/** The grade columns of a distribution: the scale's levels, best first, then `na` where the section allows it. */
export function gradeColumns(framework: Pick<Framework, 'scale' | 'sections'>, distribution: string): string[] {
  const levels = framework.scale.levels.map((l) => l.id);
  if (distribution === 'overall') return levels;
  const section = framework.sections.find((s) => s.id === distribution);
  return section?.notApplicableWhen !== undefined ? [...levels, NOT_APPLICABLE] : levels;
}

/** Whether a completed audit of this framework version falls in the period (by its completion date, UTC). */
export function auditInPeriod(audit: BenchmarkAuditRow, framework: Pick<Framework, 'id' | 'version'>, period: Pick<BenchmarkPeriod, 'start' | 'end'>): boolean {
  if (audit.status !== 'completed' || !audit.completedAt) return false;
  if (audit.frameworkId !== framework.id || audit.frameworkVersion !== framework.version) return false;
  const day = new Date(audit.completedAt).toISOString().slice(0, 10);
  return day >= period.start && day <= period.end;
}

/** Counts per grade: the overall grade and each section's grade, over the given audits. */
export function countGrades(framework: Pick<Framework, 'scale' | 'sections'>, audits: readonly BenchmarkAuditRow[]): { plans: number; overall: GradeCounts; sections: Record<string, GradeCounts> } {
  const zeros = (distribution: string) => Object.fromEntries(gradeColumns(framework, distribution).map((g) => [g, 0])) as GradeCounts;
  const overall = zeros('overall');
  const sections = Object.fromEntries(framework.sections.map((s) => [s.id, zeros(s.id)])) as Record<string, GradeCounts>;
  for (const audit of audits) {
    const grade = audit.overallGrade;
    if (grade != null && grade in overall) overall[grade]!++;
    for (const section of framework.sections) {
      const g = audit.sectionGrades[section.id];
      const counts = sections[section.id]!;
      if (g != null && g in counts) counts[g]!++;
    }
  }
  return { plans: audits.length, overall, sections };
}

/** Raised when there is nothing to contribute: no completed audits of the framework version in the period. */
export class EmptyContributionError extends Error {
  override name = 'EmptyContributionError';
}

/**
 * The contribution for one period and framework version, from the LA's audit rows.
 * Audits of other framework versions, in progress, or completed outside the period
 * are left out.
 *
 * @example
 * const contribution = buildContribution(ehcpPlanV1, audits, { period: parsePeriod('2025-Q3'), region: 'north-west' });
 */
export function buildContribution(
  framework: Pick<Framework, 'id' | 'version' | 'scale' | 'sections'>,
  audits: readonly BenchmarkAuditRow[],
  options: { period: BenchmarkPeriod; region: RegionId },
): BenchmarkContribution {
  const inPeriod = audits.filter((a) => auditInPeriod(a, framework, options.period));
  if (inPeriod.length === 0) {
    throw new EmptyContributionError(`no completed ${framework.id} ${framework.version} audits between ${options.period.start} and ${options.period.end}`);
  }
  const counts = countGrades(framework, inPeriod);
  return {
    format: 'ehcp-qa/benchmark-contribution',
    frameworkId: framework.id,
    frameworkVersion: framework.version,
    period: { label: options.period.label, start: options.period.start, end: options.period.end },
    region: options.region,
    plansAudited: counts.plans,
    overall: counts.overall,
    sections: counts.sections,
  };
}
