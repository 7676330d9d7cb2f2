/**
 * Reports pushed down into PostgreSQL: the PostgreSQL twin of `storage/sqlite/reports.ts`.
 * Each answer equals what the in-memory fallback in `reports/capabilities.ts` computes
 * from rows (the report conformance suite checks both over the same data).
 *
 * - Running counts (migrations 201 and 203): audits per overall grade, sections per grade
 *   and a histogram of active seconds, keyed by tenant, status, framework and cycle, kept
 *   by statement-level triggers (one grouped upsert per statement, in key order, whatever
 *   the number of rows). A summary of a whole authority, or of one status, framework or
 *   cycle (the reports people open most), reads a few dozen counter rows and one row per
 *   distinct active time, however many audits there are. Each key is split over 8 shards
 *   (by audit id) so that concurrent saves of different audits in several processes
 *   seldom wait on one counter row.
 * - Any other filter reads only the matching audits (through the indexes of migration
 *   200), with their section grades from the audit row's `section_grades` (migration 202),
 *   never the sections themselves.
 * - Sections carry their audit's status, framework and cycle (core migration 1), so no
 *   trigger needs a join, deleting an audit (whose sections go by cascade) still subtracts
 *   the right counts, and criteria counts for a cycle read that cycle's sections by index.
 */
import type { PostgresFeature } from './features.js';
import type { PostgresDb, PgTx } from './db.js';
import { tenantRowSecurity } from './migrations.js';
import { REPORT_FILTER_COLUMNS } from '../audit-columns.js';
import { decodeCursor, encodeCursor, InvalidCursorError, pageSize, type AuditGradeSummary, type ReportFilter } from '../types.js';
import type { CriteriaCounts, ReportAggregates } from '../../reports/aggregate.js';
import type { ReportAuditItem } from '../../reports/capabilities.js';


/** The WHERE clause on `audits` (as `alias`) for a report filter: `$1` is the tenant, then one parameter per filter. */
export function reportFilterSql(tenant: string, f: ReportFilter, alias = 'audits'): { where: string; params: string[] } {
  const clauses = [`${alias}.tenant = $1`];
  const params: string[] = [tenant];
  for (const [key, column] of REPORT_FILTER_COLUMNS) {
    const value = f[key];
    if (value === undefined) continue;
    params.push(value);
    clauses.push(`${alias}.${column} = $${params.length}`);
  }
  if (f.completedFrom !== undefined) {
    params.push(f.completedFrom);
    clauses.push(`${alias}.completed_at >= $${params.length}`);
  }
  if (f.completedTo !== undefined) {
    params.push(f.completedTo);
    clauses.push(`${alias}.completed_at < $${params.length}`);
  }
  return { where: clauses.join(' AND '), params };
}

/** The filters that sections carry themselves (copies of their audit's columns). */
const SECTION_KEYS: readonly [keyof ReportFilter, string][] = [['status', 'status'], ['frameworkId', 'framework_id'], ['cycleId', 'cycle_id']];

/**
 * The WHERE clause on `audit_sections s` for a report filter: status, framework and cycle
 * on the section's own columns (an index reads only the matching sections), any other
 * filter as membership in the matching audits (found through their indexes, then their
 * sections by primary key). `$1` is the tenant.
 */
export function sectionFilterSql(tenant: string, f: ReportFilter): { where: string; params: string[] } {
  const clauses = ['s.tenant = $1'];
  const params: string[] = [tenant];
  const rest: ReportFilter = { ...f };
  for (const [key, column] of SECTION_KEYS) {
    const value = f[key];
    delete rest[key];
    if (value === undefined) continue;
    params.push(value);
    clauses.push(`s.${column} = $${params.length}`);
  }
  if (Object.values(rest).some((v) => v !== undefined)) {
    const audits = reportFilterSql(tenant, rest, 'a');
    // Renumber the audits' parameters after ours; the tenant stays $1.
    const offset = params.length - 1;
    const where = audits.where.replace(/\$(\d+)/g, (_, n: string) => (n === '1' ? '$1' : `$${Number(n) + offset}`));
    params.push(...audits.params.slice(1));
    clauses.push(`s.audit_id IN (SELECT a.id FROM audits a WHERE ${where})`);
  }
  return { where: clauses.join(' AND '), params };
}

/** Whether the filter uses only the keys of the running counts (status, framework, cycle). */
function runningCountsServe(f: ReportFilter): boolean {
  return Object.entries(f).every(([key, value]) => value === undefined || key === 'status' || key === 'frameworkId' || key === 'cycleId');
}

/**
 * WHERE on a running-counts table for a filter that {@link runningCountsServe}; with
 * `audits`, the same clauses on `audits a`, with the same parameters in the same order.
 */
function runningCountsWhere(tenant: string, f: ReportFilter, audits = false): { where: string; params: string[] } {
  const p = audits ? 'a.' : '';
  const clauses = [`${p}tenant = $1`];
  const params: string[] = [tenant];
  const add = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    params.push(value);
    clauses.push(`${p}${column} = $${params.length}`);
  };
  add('status', f.status);
  add('framework_id', f.frameworkId);
  add(audits ? 'cycle_id' : 'cycle_key', f.cycleId);
  return { where: clauses.join(' AND '), params };
}

/**
 * Grade counts (overall and per section) for the filter. With `running` (the reports
 * feature's tables and columns exist): from the running counts when they serve the
 * filter, else from the matching audit rows alone (their `section_grades`). Without:
 * from the matching audits and their sections.
 */
async function gradeCounts(tx: PgTx, tenant: string, filter: ReportFilter, running: boolean): Promise<AuditGradeSummary> {
  const result: AuditGradeSummary = { audits: 0, overall: {}, sections: {} };
  let overall: { grade: string | null; n: number }[];
  let sections: { section_id: string; grade: string; n: number }[] = [];
  if (running && runningCountsServe(filter)) {
    const { where, params } = runningCountsWhere(tenant, filter);
    overall = await tx.all(`SELECT grade_key AS grade, sum(n)::integer AS n FROM report_overall_counts WHERE ${where} GROUP BY grade_key`, params);
    if (overall.some((o) => o.n > 0)) {
      sections = await tx.all(
        `SELECT section_id, grade, sum(n)::integer AS n FROM report_grade_counts WHERE ${where} GROUP BY section_id, grade HAVING sum(n) > 0`,
        params,
      );
    }
  } else {
    const { where, params } = reportFilterSql(tenant, filter, 'a');
    overall = await tx.all(`SELECT a.overall_grade AS grade, count(*)::integer AS n FROM audits a WHERE ${where} GROUP BY a.overall_grade`, params);
    if (overall.some((o) => o.n > 0)) {
      if (running) {
        sections = await tx.all(
          `SELECT g.key AS section_id, g.value AS grade, count(*)::integer AS n
             FROM audits a CROSS JOIN LATERAL jsonb_each_text(a.section_grades) AS g
            WHERE ${where} GROUP BY g.key, g.value`,
          params,
        );
      } else {
        const own = sectionFilterSql(tenant, filter);
        sections = await tx.all(
          `SELECT s.section_id, s.grade, count(*)::integer AS n FROM audit_sections s WHERE ${own.where} AND s.grade IS NOT NULL GROUP BY s.section_id, s.grade`,
          own.params,
        );
      }
    }
  }
  for (const o of overall) {
    if (o.n === 0) continue;
    result.audits += o.n;
    if (o.grade !== null && o.grade !== '') result.overall[o.grade] = o.n;
  }
  for (const s of sections) (result.sections[s.section_id] ??= {})[s.grade] = s.n;
  return result;
}

/** `summarizeAudits` without the reports feature's counters (the core's): from the matching rows. */
export function summarizeAudits(tx: PgTx, tenant: string, filter: ReportFilter): Promise<AuditGradeSummary> {
  return gradeCounts(tx, tenant, filter, false);
}

async function aggregates(tx: PgTx, tenant: string, filter: ReportFilter): Promise<ReportAggregates> {
  const counts = await gradeCounts(tx, tenant, filter, true);
  return { ...counts, medianActiveSeconds: counts.audits === 0 ? null : await medianActiveSeconds(tx, tenant, filter, []) };
}

/**
 * The median active seconds of the matching audits less `exclude` (ids): the middle value,
 * or the mean of the middle two. When the running counts serve the filter, from the
 * histogram of active seconds (one row per distinct value, however many audits), less the
 * excluded audits (read by primary key); otherwise over the matching audits.
 */
async function medianActiveSeconds(tx: PgTx, tenant: string, filter: ReportFilter, exclude: readonly string[]): Promise<number | null> {
  if (runningCountsServe(filter)) {
    const { where, params } = runningCountsWhere(tenant, filter);
    const audits = runningCountsWhere(tenant, filter, true);
    const bound: (string | readonly string[])[] = [...params];
    let excluded = 'SELECT NULL::integer AS v, 0::bigint AS n WHERE false';
    if (exclude.length > 0) {
      bound.push(exclude);
      excluded = `SELECT a.active_seconds AS v, count(*) AS n FROM audits a WHERE ${audits.where} AND a.id = ANY ($${bound.length}::text[]) GROUP BY 1`;
    }
    const row = await tx.get<{ m: number | null }>(
      `WITH histogram AS (
         SELECT h.v, h.n - coalesce(x.n, 0) AS n
           FROM (SELECT active_seconds AS v, sum(n)::bigint AS n FROM report_time_counts WHERE ${where} GROUP BY active_seconds) h
           LEFT JOIN (${excluded}) x ON x.v = h.v),
       running AS (SELECT v, (sum(n) OVER (ORDER BY v))::bigint AS cum, (sum(n) OVER ())::bigint AS total FROM histogram WHERE n > 0)
       SELECT ((min(v) FILTER (WHERE cum >= (total + 1) / 2) + min(v) FILTER (WHERE cum >= total / 2 + 1)) / 2.0)::float8 AS m FROM running`,
      bound,
    );
    return row?.m ?? null;
  }
  const { where, params } = reportFilterSql(tenant, filter, 'a');
  const bound: (string | readonly string[])[] = [...params];
  let without = '';
  if (exclude.length > 0) {
    bound.push(exclude);
    without = ` AND NOT (a.id = ANY ($${bound.length}::text[]))`;
  }
  const row = await tx.get<{ m: number | null }>(
    `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY a.active_seconds) AS m FROM audits a WHERE ${where}${without}`,
    bound,
  );
  return row?.m ?? null;
}

async function criteriaCounts(tx: PgTx, tenant: string, filter: ReportFilter): Promise<CriteriaCounts> {
  const { where, params } = sectionFilterSql(tenant, filter);
  const graded = `s.grade IS NOT NULL AND s.grade <> 'na'`;
  const assessed = await tx.all<{ section_id: string; n: number }>(
    `SELECT s.section_id, count(*)::integer AS n FROM audit_sections s WHERE ${where} AND ${graded} GROUP BY s.section_id`,
    params,
  );
  const result: CriteriaCounts = { sections: {} };
  if (assessed.length === 0) return result;
  // A section row is one audit's section, so counting rows after removing repeats within
  // each row's list counts each criterion once per audit, with no DISTINCT over the whole set.
  const met = await tx.all<{ section_id: string; criterion: string; n: number }>(
    `SELECT s.section_id, c.criterion, count(*)::integer AS n
       FROM audit_sections s CROSS JOIN LATERAL (SELECT DISTINCT e FROM jsonb_array_elements_text(s.criteria_met) AS e) AS c(criterion)
      WHERE ${where} AND ${graded}
      GROUP BY s.section_id, c.criterion`,
    params,
  );
  for (const a of assessed) result.sections[a.section_id] = { assessed: a.n, met: {} };
  for (const m of met) (result.sections[m.section_id] ??= { assessed: 0, met: {} }).met[m.criterion] = m.n;
  return result;
}

interface PageRow {
  id: string; plan_ref: string; cycle_id: string | null; framework_id: string; framework_version: string;
  auditor_id: string; auditor_role: string; plan_type: string; phase: string; primary_need: string; setting_type: string;
  team_ref: string | null; caseworker_ref: string | null; completed_at: string | null; active_seconds: number; overall_grade: string | null;
  grades: Record<string, string | null> | null;
}

async function auditPage(tx: PgTx, tenant: string, filter: ReportFilter, page: { cursor?: string; limit?: number }) {
  const limit = pageSize(page.limit);
  const { where, params } = reportFilterSql(tenant, filter, 'a');
  const bound: (string | number)[] = [...params];
  let keyset = '';
  if (page.cursor !== undefined) {
    const after = decodeCursor(page.cursor, 2);
    if (!after) throw new InvalidCursorError();
    bound.push(String(after[0]), String(after[1]));
    keyset = ` AND (coalesce(a.completed_at, ''), a.id) < ($${bound.length - 1}, $${bound.length})`;
  }
  bound.push(limit + 1);
  const rows = await tx.all<PageRow>(
    `SELECT a.id, a.plan_ref, a.cycle_id, a.framework_id, a.framework_version, a.auditor_id, a.auditor_role, a.plan_type, a.phase,
            a.primary_need, a.setting_type, a.team_ref, a.caseworker_ref, a.completed_at, a.active_seconds, a.overall_grade,
            (SELECT jsonb_object_agg(s.section_id, s.grade) FROM audit_sections s WHERE s.tenant = a.tenant AND s.audit_id = a.id) AS grades
       FROM audits a WHERE ${where}${keyset}
      ORDER BY coalesce(a.completed_at, '') DESC, a.id DESC LIMIT $${bound.length}`,
    bound,
  );
  const items: ReportAuditItem[] = rows.slice(0, limit).map((r) => {
    const plan: ReportAuditItem['plan'] = {
      planType: r.plan_type as ReportAuditItem['plan']['planType'],
      phase: r.phase as ReportAuditItem['plan']['phase'],
      primaryNeed: r.primary_need as ReportAuditItem['plan']['primaryNeed'],
      settingType: r.setting_type as ReportAuditItem['plan']['settingType'],
    };
    if (r.team_ref !== null) plan.teamRef = r.team_ref;
    if (r.caseworker_ref !== null) plan.caseworkerRef = r.caseworker_ref;
    return {
      id: r.id, planRef: r.plan_ref, cycleId: r.cycle_id, frameworkId: r.framework_id, frameworkVersion: r.framework_version,
      auditorId: r.auditor_id, auditorRole: r.auditor_role as ReportAuditItem['auditorRole'], plan, completedAt: r.completed_at,
      activeSeconds: r.active_seconds, overallGrade: r.overall_grade, sectionGrades: r.grades ?? {},
    };
  });
  const last = items.at(-1);
  return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.completedAt ?? '', last.id]) : null };
}

const C = 'COLLATE "C"';
/** The shard of an audit's counters: any fixed function of its id would do, since reads sum every shard. */
const SHARD = (idColumn: string) => `(hashtextextended(${idColumn}, 0) & 7)::smallint`;
const OVERALL_KEY = (t: string) => `${t}.tenant, ${t}.status, ${t}.framework_id, coalesce(${t}.cycle_id, ''), coalesce(${t}.overall_grade, ''), ${SHARD(`${t}.id`)}`;
const GRADE_KEY = (t: string) => `${t}.tenant, ${t}.status, ${t}.framework_id, coalesce(${t}.cycle_id, ''), ${t}.section_id, ${t}.grade, ${SHARD(`${t}.audit_id`)}`;

/**
 * Running counts and the statement-level triggers that keep them. Each trigger adds the
 * new rows' keys and subtracts the old rows' keys in ONE grouped upsert, ordered by key
 * (so two transactions take counter-row locks in the same order), and skips keys whose
 * net change is zero (a save that changes no grade touches no counter).
 */
function runningCountsMigration(schema: string): string {
  const overallUpsert = (source: string) => `
    INSERT INTO ${schema}.report_overall_counts AS c (tenant, status, framework_id, cycle_key, grade_key, shard, n)
    SELECT k1, k2, k3, k4, k5, k6, sum(d) FROM (${source}) AS changes (k1, k2, k3, k4, k5, k6, d)
     GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(d) <> 0 ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (tenant, status, framework_id, cycle_key, grade_key, shard) DO UPDATE SET n = c.n + EXCLUDED.n`;
  const gradeUpsert = (source: string) => `
    INSERT INTO ${schema}.report_grade_counts AS c (tenant, status, framework_id, cycle_key, section_id, grade, shard, n)
    SELECT k1, k2, k3, k4, k5, k6, k7, sum(d) FROM (${source}) AS changes (k1, k2, k3, k4, k5, k6, k7, d)
     GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(d) <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT (tenant, status, framework_id, cycle_key, section_id, grade, shard) DO UPDATE SET n = c.n + EXCLUDED.n`;
  const fn = (name: string, body: string) => `
    CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      ${body};
      RETURN NULL;
    END
    $fn$;`;
  return `
    CREATE TABLE report_overall_counts (
      tenant text ${C} NOT NULL, status text ${C} NOT NULL, framework_id text ${C} NOT NULL, cycle_key text ${C} NOT NULL,
      grade_key text ${C} NOT NULL, shard smallint NOT NULL, n integer NOT NULL,
      PRIMARY KEY (tenant, status, framework_id, cycle_key, grade_key, shard)
    );
    CREATE INDEX report_overall_counts_cycle ON report_overall_counts (tenant, cycle_key);
    CREATE TABLE report_grade_counts (
      tenant text ${C} NOT NULL, status text ${C} NOT NULL, framework_id text ${C} NOT NULL, cycle_key text ${C} NOT NULL,
      section_id text ${C} NOT NULL, grade text ${C} NOT NULL, shard smallint NOT NULL, n integer NOT NULL,
      PRIMARY KEY (tenant, status, framework_id, cycle_key, section_id, grade, shard)
    );
    CREATE INDEX report_grade_counts_cycle ON report_grade_counts (tenant, cycle_key);
    INSERT INTO report_overall_counts SELECT ${OVERALL_KEY('a')}, count(*) FROM audits a GROUP BY 1, 2, 3, 4, 5, 6;
    INSERT INTO report_grade_counts SELECT ${GRADE_KEY('s')}, count(*) FROM audit_sections s WHERE s.grade IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7;

    ${fn('report_overall_counts_insert', overallUpsert(`SELECT ${OVERALL_KEY('r')}, 1 FROM new_rows r`))}
    ${fn('report_overall_counts_delete', overallUpsert(`SELECT ${OVERALL_KEY('r')}, -1 FROM old_rows r`))}
    ${fn('report_overall_counts_update', overallUpsert(`SELECT ${OVERALL_KEY('r')}, 1 FROM new_rows r UNION ALL SELECT ${OVERALL_KEY('r')}, -1 FROM old_rows r`))}
    ${fn('report_grade_counts_insert', gradeUpsert(`SELECT ${GRADE_KEY('r')}, 1 FROM new_rows r WHERE r.grade IS NOT NULL`))}
    ${fn('report_grade_counts_delete', gradeUpsert(`SELECT ${GRADE_KEY('r')}, -1 FROM old_rows r WHERE r.grade IS NOT NULL`))}
    ${fn('report_grade_counts_update', gradeUpsert(
      `SELECT ${GRADE_KEY('r')}, 1 FROM new_rows r WHERE r.grade IS NOT NULL UNION ALL SELECT ${GRADE_KEY('r')}, -1 FROM old_rows r WHERE r.grade IS NOT NULL`))}
    CREATE TRIGGER report_overall_counts_insert AFTER INSERT ON audits REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION report_overall_counts_insert();
    CREATE TRIGGER report_overall_counts_delete AFTER DELETE ON audits REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION report_overall_counts_delete();
    CREATE TRIGGER report_overall_counts_update AFTER UPDATE ON audits REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION report_overall_counts_update();
    CREATE TRIGGER report_grade_counts_insert AFTER INSERT ON audit_sections REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION report_grade_counts_insert();
    CREATE TRIGGER report_grade_counts_delete AFTER DELETE ON audit_sections REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION report_grade_counts_delete();
    CREATE TRIGGER report_grade_counts_update AFTER UPDATE ON audit_sections REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION report_grade_counts_update();
  `;
}

/**
 * Each audit's graded sections as one small JSON object on the audit row
 * (`{"A": "good", "B": "na"}`; ungraded sections left out), kept by statement-level
 * triggers on `audit_sections`. A summary with any filter then reads only the matching
 * audit rows, never their sections (five times the rows). A trigger writes only when
 * the object changes, and never an indexed column, so a save stays a HOT update.
 */
function sectionGradesMigration(schema: string): string {
  const sync = (name: string, changed: string) => `
    CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      UPDATE ${schema}.audits a SET section_grades = g.grades
        FROM (SELECT k.tenant, k.audit_id,
                     coalesce((SELECT jsonb_object_agg(s.section_id, s.grade) FROM ${schema}.audit_sections s
                                WHERE s.tenant = k.tenant AND s.audit_id = k.audit_id AND s.grade IS NOT NULL), '{}') AS grades
                FROM (${changed}) AS k (tenant, audit_id)) AS g
       WHERE a.tenant = g.tenant AND a.id = g.audit_id AND a.section_grades IS DISTINCT FROM g.grades;
      RETURN NULL;
    END
    $fn$;`;
  return `
    ALTER TABLE audits ADD COLUMN section_grades jsonb NOT NULL DEFAULT '{}';
    UPDATE audits a SET section_grades = g.grades
      FROM (SELECT tenant, audit_id, jsonb_object_agg(section_id, grade) AS grades FROM audit_sections WHERE grade IS NOT NULL GROUP BY 1, 2) g
     WHERE a.tenant = g.tenant AND a.id = g.audit_id;
    ${sync('audits_section_grades_insert', 'SELECT DISTINCT tenant, audit_id FROM new_rows')}
    ${sync('audits_section_grades_delete', 'SELECT DISTINCT tenant, audit_id FROM old_rows')}
    ${sync('audits_section_grades_update', 'SELECT tenant, audit_id FROM new_rows UNION SELECT tenant, audit_id FROM old_rows')}
    CREATE TRIGGER audits_section_grades_insert AFTER INSERT ON audit_sections REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION audits_section_grades_insert();
    CREATE TRIGGER audits_section_grades_delete AFTER DELETE ON audit_sections REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION audits_section_grades_delete();
    CREATE TRIGGER audits_section_grades_update AFTER UPDATE ON audit_sections REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION audits_section_grades_update();
  `;
}

/**
 * A histogram of active seconds per status, framework and cycle (sharded like the grade
 * counters), kept by statement-level triggers on `audits`, so the median of a whole
 * authority or a cycle reads one row per distinct value rather than every audit.
 */
function timeCountsMigration(schema: string): string {
  const key = (t: string) => `${t}.tenant, ${t}.status, ${t}.framework_id, coalesce(${t}.cycle_id, ''), ${t}.active_seconds, ${SHARD(`${t}.id`)}`;
  const upsert = (source: string) => `
    CREATE FUNCTION %NAME%() RETURNS trigger LANGUAGE plpgsql AS $fn$
    BEGIN
      INSERT INTO ${schema}.report_time_counts AS c (tenant, status, framework_id, cycle_key, active_seconds, shard, n)
      SELECT k1, k2, k3, k4, k5, k6, sum(d) FROM (${source}) AS changes (k1, k2, k3, k4, k5, k6, d)
       GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(d) <> 0 ORDER BY 1, 2, 3, 4, 5, 6
      ON CONFLICT (tenant, status, framework_id, cycle_key, active_seconds, shard) DO UPDATE SET n = c.n + EXCLUDED.n;
      RETURN NULL;
    END
    $fn$;`;
  return `
    CREATE TABLE report_time_counts (
      tenant text ${C} NOT NULL, status text ${C} NOT NULL, framework_id text ${C} NOT NULL, cycle_key text ${C} NOT NULL,
      active_seconds integer NOT NULL, shard smallint NOT NULL, n integer NOT NULL,
      PRIMARY KEY (tenant, status, framework_id, cycle_key, active_seconds, shard)
    );
    CREATE INDEX report_time_counts_cycle ON report_time_counts (tenant, cycle_key, active_seconds);
    INSERT INTO report_time_counts SELECT ${key('a')}, count(*) FROM audits a GROUP BY 1, 2, 3, 4, 5, 6;
    ${upsert(`SELECT ${key('r')}, 1 FROM new_rows r`).replace('%NAME%', 'report_time_counts_insert')}
    ${upsert(`SELECT ${key('r')}, -1 FROM old_rows r`).replace('%NAME%', 'report_time_counts_delete')}
    ${upsert(`SELECT ${key('r')}, 1 FROM new_rows r UNION ALL SELECT ${key('r')}, -1 FROM old_rows r`).replace('%NAME%', 'report_time_counts_update')}
    CREATE TRIGGER report_time_counts_insert AFTER INSERT ON audits REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION report_time_counts_insert();
    CREATE TRIGGER report_time_counts_delete AFTER DELETE ON audits REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION report_time_counts_delete();
    CREATE TRIGGER report_time_counts_update AFTER UPDATE ON audits REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION report_time_counts_update();
    ${tenantRowSecurity('report_time_counts')}
  `;
}

/** The reports feature of the PostgreSQL backend: its indexes and counters, and four capabilities in SQL. */
export const reportsPostgres: PostgresFeature = {
  name: 'reports',
  migrations: [
    {
      id: 200,
      name: 'reports: indexes for the report filters, the audit list and the median',
      up: `
        CREATE INDEX audits_report_recent ON audits (tenant, (coalesce(completed_at, '')), id);
        CREATE INDEX audits_report_cycle_recent ON audits (tenant, cycle_id, (coalesce(completed_at, '')), id);
        CREATE INDEX audits_report_completed ON audits (tenant, completed_at) WHERE completed_at IS NOT NULL;
        CREATE INDEX audits_report_team ON audits (tenant, team_ref) WHERE team_ref IS NOT NULL;
        CREATE INDEX audits_report_plan ON audits (tenant, primary_need, phase, setting_type, plan_type);
        -- Sections by their audit's cycle, status and framework (their own copies), with the grade: counting a
        -- cycle's grades reads this index alone. active_seconds is deliberately in no index, so a save stays a HOT update.
        CREATE INDEX audit_sections_report ON audit_sections (tenant, cycle_id, status, framework_id, section_id, grade);
        CREATE INDEX audit_sections_report_status ON audit_sections (tenant, status, framework_id, section_id, grade);
      `,
    },
    {
      id: 201,
      name: 'reports: running grade counts per status, framework and cycle, sharded, kept by statement-level triggers',
      up: ({ schema }) => `${runningCountsMigration(schema)} ${tenantRowSecurity('report_overall_counts')} ${tenantRowSecurity('report_grade_counts')}`,
    },
    {
      id: 202,
      name: 'reports: each audit\'s section grades on its row, kept by statement-level triggers, for filtered summaries',
      up: ({ schema }) => sectionGradesMigration(schema),
    },
    {
      id: 203,
      name: 'reports: a histogram of active seconds per status, framework and cycle, kept by statement-level triggers, for the median',
      up: ({ schema }) => timeCountsMigration(schema),
    },
  ],
  capabilities: (db: PostgresDb) => ({
    // Each answer reads one snapshot (a REPEATABLE READ transaction), so its counts agree with each other.
    summarizeAudits: (tenant, filter) => db.transaction(tenant, (tx) => gradeCounts(tx, tenant, filter, true), { readOnly: true }),
    reportAggregates: (tenant, filter) => db.transaction(tenant, (tx) => aggregates(tx, tenant, filter), { readOnly: true }),
    reportCriteriaCounts: (tenant, filter) => db.transaction(tenant, (tx) => criteriaCounts(tx, tenant, filter), { readOnly: true }),
    reportAuditPage: (tenant, filter, page) => db.transaction(tenant, (tx) => auditPage(tx, tenant, filter, page), { readOnly: true }),
    reportMedianActiveSeconds: (tenant, filter, exclude) => db.transaction(tenant, (tx) => medianActiveSeconds(tx, tenant, filter, exclude), { readOnly: true }),
  }),
};
