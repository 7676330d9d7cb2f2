/**
 * The `audits` table's columns, shared by the SQL backends (SQLite and PostgreSQL keep the same
 * columns in the same order): the list for `SELECT`/`INSERT`, and an audit's values for them.
 */
import type { Audit } from '../schemas.js';
import type { ReportFilter } from './types.js';

/** Every column of `audits` but `tenant`, in the order {@link auditColumnValues} gives values. */
export const AUDIT_COLUMNS = `id, framework_id, framework_version, plan_ref, cycle_id, auditor_id, auditor_role, plan_type, phase, primary_need,
  setting_type, team_ref, caseworker_ref, status, version, overall, overall_grade, started_at, updated_at, completed_at, active_seconds, reopenings,
  facts`;

/** The values of {@link AUDIT_COLUMNS} after `id` (22 of them), JSON columns as text. */
export function auditColumnValues(a: Audit): (string | number | null)[] {
  return [
    a.frameworkId, a.frameworkVersion, a.planRef, a.cycleId, a.auditorId, a.auditorRole,
    a.plan.planType, a.plan.phase, a.plan.primaryNeed, a.plan.settingType, a.plan.teamRef ?? null, a.plan.caseworkerRef ?? null,
    a.status, a.version, a.overall ? JSON.stringify(a.overall) : null, a.overall?.grade ?? null,
    a.startedAt, a.updatedAt, a.completedAt, a.activeSeconds, JSON.stringify(a.reopenings),
    a.facts !== undefined ? JSON.stringify(a.facts) : null,
  ];
}

/** The report filters that are equality on one `audits` column, and that column. */
export const REPORT_FILTER_COLUMNS: readonly [keyof ReportFilter & string, string][] = [
  ['cycleId', 'cycle_id'],
  ['status', 'status'],
  ['frameworkId', 'framework_id'],
  ['frameworkVersion', 'framework_version'],
  ['planType', 'plan_type'],
  ['phase', 'phase'],
  ['primaryNeed', 'primary_need'],
  ['settingType', 'setting_type'],
  ['teamRef', 'team_ref'],
  ['caseworkerRef', 'caseworker_ref'],
  ['auditorId', 'auditor_id'],
  ['auditorRole', 'auditor_role'],
];
