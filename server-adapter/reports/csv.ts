/**
 * CSV export: one row per audit, RFC 4180 quoting, and protection against
 * formula injection (a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage
 * return is turned into text by a leading apostrophe, as OWASP advises), because
 * these files are opened in spreadsheets.
 */
import { NOT_APPLICABLE, type Framework } from '../../criteria/schema.js';
import type { AuditReportRow } from '../storage/types.js';

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell: neutralised against formula injection, then quoted when it holds a
 * comma, a quote or a line break (quotes doubled).
 *
 * @example
 * csvCell('=HYPERLINK("x")') // "\"'=HYPERLINK(\"\"x\"\")\""
 * csvCell('plain')           // "plain"
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' ? String(value) : value;
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Lines joined with CRLF (RFC 4180), ending with a line break. */
export function csvLines(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Fixed columns before the grade columns. */
export const CSV_META_COLUMNS = [
  'audit_id',
  'plan_ref',
  'cycle_id',
  'cycle_name',
  'framework',
  'framework_version',
  'status',
  'started_at',
  'completed_at',
  'active_minutes',
  'auditor_id',
  'auditor_role',
  'plan_type',
  'phase',
  'primary_need',
  'setting_type',
  'team_ref',
  'caseworker_ref',
  'overall_grade',
] as const;

/**
 * The audits as CSV: a header row, then one row per audit with its metadata, the
 * overall grade and one column per section (`section_A` …), grades as the scale's
 * labels ("Not applicable" for NA, empty while ungraded).
 */
export function auditsToCsv(framework: Pick<Framework, 'scale' | 'sections'>, rows: readonly AuditReportRow[], cycleNames: ReadonlyMap<string, string> = new Map()): string {
  const label = (grade: string | null | undefined): string => {
    if (grade == null) return '';
    if (grade === NOT_APPLICABLE) return framework.scale.notApplicableLabel;
    return framework.scale.levels.find((l) => l.id === grade)?.label ?? grade;
  };
  const header = [...CSV_META_COLUMNS, ...framework.sections.map((s) => `section_${s.id}`)];
  const body = rows.map((r) => [
    r.id,
    r.planRef,
    r.cycleId ?? '',
    r.cycleId ? cycleNames.get(r.cycleId) ?? '' : '',
    r.frameworkId,
    r.frameworkVersion,
    r.status,
    r.startedAt,
    r.completedAt ?? '',
    Math.round((r.activeSeconds / 60) * 10) / 10,
    r.auditorId,
    r.auditorRole,
    r.plan.planType,
    r.plan.phase,
    r.plan.primaryNeed,
    r.plan.settingType,
    r.plan.teamRef ?? '',
    r.plan.caseworkerRef ?? '',
    label(r.overallGrade),
    ...framework.sections.map((s) => label(r.sectionGrades[s.id])),
  ]);
  return csvLines([header, ...body]);
}
