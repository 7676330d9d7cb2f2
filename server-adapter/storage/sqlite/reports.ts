/**
 * Reports pushed down into SQLite: grade counts with GROUP BY, the median active
 * time with ORDER BY … LIMIT/OFFSET, criteria counts with `json_each`, and the
 * audit list as a keyset-paged query. Each answer equals what the in-memory
 * fallback in `reports/capabilities.ts` computes from rows (the backend tests
 * check both over the same data).
 *
 * Migration 200 adds a covering index, so counting section grades reads the index
 * alone and never the section rows with their criteria and comments.
 */
import type { SqliteFeature } from './features.js';
import type { SqliteDb, SqlTx } from './db.js';
import { decodeCursor, encodeCursor, InvalidCursorError, pageSize, type ReportFilter } from '../types.js';
import type { CriteriaCounts, ReportAggregates } from '../../reports/aggregate.js';
import type { ReportAuditItem } from '../../reports/capabilities.js';

/** The WHERE clause (on `audits`) for a report filter, with bound parameters only. */
export function reportFilterSql(tenant: string, f: ReportFilter): { where: string; params: string[] } {
  const clauses = ['audits.tenant = ?'];
  const params: string[] = [tenant];
  const columns: [keyof ReportFilter, string][] = [
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
  for (const [key, column] of columns) {
    const value = f[key];
    if (value === undefined) continue;
    clauses.push(`audits.${column} = ?`);
    params.push(value);
  }
  if (f.completedFrom !== undefined) {
    clauses.push('audits.completed_at >= ?');
    params.push(f.completedFrom);
  }
  if (f.completedTo !== undefined) {
    clauses.push('audits.completed_at < ?');
    params.push(f.completedTo);
  }
  return { where: clauses.join(' AND '), params };
}

async function aggregates(tx: SqlTx, tenant: string, filter: ReportFilter): Promise<ReportAggregates> {
  const { where, params } = reportFilterSql(tenant, filter);
  const counts = await tx.all<{ grade: string | null; n: number }>(
    `SELECT overall_grade AS grade, count(*) AS n FROM audits WHERE ${where} GROUP BY overall_grade`,
    params,
  );
  const result: ReportAggregates = { audits: 0, overall: {}, sections: {}, medianActiveSeconds: null };
  for (const c of counts) {
    result.audits += c.n;
    if (c.grade !== null) result.overall[c.grade] = c.n;
  }
  if (result.audits === 0) return result;
  const sections = await tx.all<{ section_id: string; grade: string; n: number }>(
    `SELECT s.section_id, s.grade, count(*) AS n
       FROM audits JOIN audit_sections s ON s.tenant = audits.tenant AND s.audit_id = audits.id
      WHERE ${where} AND s.grade IS NOT NULL
      GROUP BY s.section_id, s.grade`,
    params,
  );
  for (const s of sections) (result.sections[s.section_id] ??= {})[s.grade] = s.n;
  // The median: the middle value, or the mean of the middle two.
  const n = result.audits;
  const middle = await tx.all<{ v: number }>(
    `SELECT active_seconds AS v FROM audits WHERE ${where} ORDER BY active_seconds LIMIT ? OFFSET ?`,
    [...params, n % 2 === 1 ? 1 : 2, n % 2 === 1 ? (n - 1) / 2 : n / 2 - 1],
  );
  result.medianActiveSeconds = middle.length === 1 ? middle[0]!.v : (middle[0]!.v + middle[1]!.v) / 2;
  return result;
}

async function criteriaCounts(tx: SqlTx, tenant: string, filter: ReportFilter): Promise<CriteriaCounts> {
  const { where, params } = reportFilterSql(tenant, filter);
  const graded = `s.grade IS NOT NULL AND s.grade <> 'na'`;
  const assessed = await tx.all<{ section_id: string; n: number }>(
    `SELECT s.section_id, count(*) AS n
       FROM audits JOIN audit_sections s ON s.tenant = audits.tenant AND s.audit_id = audits.id
      WHERE ${where} AND ${graded}
      GROUP BY s.section_id`,
    params,
  );
  const met = await tx.all<{ section_id: string; criterion: string; n: number }>(
    `SELECT s.section_id, j.value AS criterion, count(DISTINCT s.audit_id) AS n
       FROM audits JOIN audit_sections s ON s.tenant = audits.tenant AND s.audit_id = audits.id, json_each(s.criteria_met) j
      WHERE ${where} AND ${graded}
      GROUP BY s.section_id, j.value`,
    params,
  );
  const result: CriteriaCounts = { sections: {} };
  for (const a of assessed) result.sections[a.section_id] = { assessed: a.n, met: {} };
  for (const m of met) {
    const section = (result.sections[m.section_id] ??= { assessed: 0, met: {} });
    section.met[m.criterion] = m.n;
  }
  return result;
}

interface PageRow {
  id: string; plan_ref: string; cycle_id: string | null; framework_id: string; framework_version: string;
  auditor_id: string; auditor_role: string; plan_type: string; phase: string; primary_need: string; setting_type: string;
  team_ref: string | null; caseworker_ref: string | null; completed_at: string | null; active_seconds: number; overall_grade: string | null;
}

async function auditPage(tx: SqlTx, tenant: string, filter: ReportFilter, page: { cursor?: string; limit?: number }) {
  const limit = pageSize(page.limit);
  const { where, params } = reportFilterSql(tenant, filter);
  let keyset = '';
  if (page.cursor !== undefined) {
    const after = decodeCursor(page.cursor, 2);
    if (!after) throw new InvalidCursorError();
    keyset = ` AND (coalesce(audits.completed_at, ''), audits.id) < (?, ?)`;
    params.push(String(after[0]), String(after[1]));
  }
  const rows = await tx.all<PageRow>(
    `SELECT id, plan_ref, cycle_id, framework_id, framework_version, auditor_id, auditor_role, plan_type, phase, primary_need,
            setting_type, team_ref, caseworker_ref, completed_at, active_seconds, overall_grade
       FROM audits WHERE ${where}${keyset}
      ORDER BY coalesce(audits.completed_at, '') DESC, audits.id DESC LIMIT ?`,
    [...params, limit + 1],
  );
  const pageRows = rows.slice(0, limit);
  const grades = new Map<string, Record<string, string | null>>(pageRows.map((r) => [r.id, {}]));
  if (pageRows.length > 0) {
    const sections = await tx.all<{ audit_id: string; section_id: string; grade: string | null }>(
      `SELECT audit_id, section_id, grade FROM audit_sections WHERE tenant = ? AND audit_id IN (${pageRows.map(() => '?').join(', ')})`,
      [tenant, ...pageRows.map((r) => r.id)],
    );
    for (const s of sections) grades.get(s.audit_id)![s.section_id] = s.grade;
  }
  const items: ReportAuditItem[] = pageRows.map((r) => {
    const plan: ReportAuditItem['plan'] = {
      planType: r.plan_type as ReportAuditItem['plan']['planType'],
      phase: r.phase as ReportAuditItem['plan']['phase'],
      primaryNeed: r.primary_need as ReportAuditItem['plan']['primaryNeed'],
      settingType: r.setting_type as ReportAuditItem['plan']['settingType'],
    };
    if (r.team_ref !== null) plan.teamRef = r.team_ref;
    if (r.caseworker_ref !== null) plan.caseworkerRef = r.caseworker_ref;
    return {
      id: r.id,
      planRef: r.plan_ref,
      cycleId: r.cycle_id,
      frameworkId: r.framework_id,
      frameworkVersion: r.framework_version,
      auditorId: r.auditor_id,
      auditorRole: r.auditor_role as ReportAuditItem['auditorRole'],
      plan,
      completedAt: r.completed_at,
      activeSeconds: r.active_seconds,
      overallGrade: r.overall_grade,
      sectionGrades: grades.get(r.id)!,
    };
  });
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.completedAt ?? '', last.id]) : null };
}

/** The reports feature of the SQLite backend: one index, and three capabilities in SQL. */
export const reportsSqlite: SqliteFeature = {
  name: 'reports',
  migrations: [
    {
      id: 200,
      name: 'reports: covering index for section grade counts',
      up: 'CREATE INDEX IF NOT EXISTS audit_sections_report ON audit_sections (tenant, audit_id, section_id, grade)',
    },
  ],
  capabilities: (db: SqliteDb) => ({
    // Each answer reads inside one transaction, so its counts agree with each other.
    reportAggregates: (tenant, filter) => db.transaction((tx) => aggregates(tx, tenant, filter)),
    reportCriteriaCounts: (tenant, filter) => db.transaction((tx) => criteriaCounts(tx, tenant, filter)),
    reportAuditPage: (tenant, filter, page) => db.transaction((tx) => auditPage(tx, tenant, filter, page)),
  }),
};
