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
import { REPORT_FILTER_COLUMNS } from '../audit-columns.js';

/** The WHERE clause (on `audits`) for a report filter, with bound parameters only. */
export function reportFilterSql(tenant: string, f: ReportFilter): { where: string; params: string[] } {
  const clauses = ['audits.tenant = ?'];
  const params: string[] = [tenant];
  for (const [key, column] of REPORT_FILTER_COLUMNS) {
    const value = f[key];
    if (value === undefined) continue;
    clauses.push(`audits.${column} = ?`);
    params.push(value);
  }
  // Each bound twice: on the column (exact: no audit without a completion time matches) and on the
  // expression that audits_report_recent holds, so SQLite can read only the range of that index.
  if (f.completedFrom !== undefined) {
    clauses.push("audits.completed_at >= ? AND coalesce(audits.completed_at, '') >= ?");
    params.push(f.completedFrom, f.completedFrom);
  }
  if (f.completedTo !== undefined) {
    clauses.push("audits.completed_at < ? AND coalesce(audits.completed_at, '') < ?");
    params.push(f.completedTo, f.completedTo);
  }
  return { where: clauses.join(' AND '), params };
}

/**
 * Section grades with the three audit columns reports filter on most (status,
 * framework, cycle), so counting a cycle's section grades reads one index in
 * order, GROUP BY without sorting, and never joins 12 rows per audit back to
 * `audits`. Triggers keep it equal to `audit_sections` joined with `audits`:
 * on every insert, update and delete of a section, and when an audit's status,
 * framework or cycle changes.
 */
const REPORT_GRADES_MIGRATION = `
  DROP INDEX IF EXISTS audit_sections_report;
  CREATE TABLE report_section_grades (
    tenant       TEXT NOT NULL,
    audit_id     TEXT NOT NULL,
    section_id   TEXT NOT NULL,
    grade        TEXT,
    status       TEXT NOT NULL,
    framework_id TEXT NOT NULL,
    cycle_id     TEXT,
    PRIMARY KEY (tenant, audit_id, section_id)
  ) WITHOUT ROWID;
  CREATE INDEX report_section_grades_counts ON report_section_grades (tenant, status, framework_id, section_id, grade, cycle_id);
  INSERT INTO report_section_grades (tenant, audit_id, section_id, grade, status, framework_id, cycle_id)
    SELECT s.tenant, s.audit_id, s.section_id, s.grade, a.status, a.framework_id, a.cycle_id
      FROM audit_sections s JOIN audits a ON a.tenant = s.tenant AND a.id = s.audit_id;
  CREATE TRIGGER report_section_grades_insert AFTER INSERT ON audit_sections BEGIN
    INSERT OR REPLACE INTO report_section_grades (tenant, audit_id, section_id, grade, status, framework_id, cycle_id)
      SELECT NEW.tenant, NEW.audit_id, NEW.section_id, NEW.grade, a.status, a.framework_id, a.cycle_id
        FROM audits a WHERE a.tenant = NEW.tenant AND a.id = NEW.audit_id;
  END;
  CREATE TRIGGER report_section_grades_update AFTER UPDATE ON audit_sections BEGIN
    DELETE FROM report_section_grades WHERE tenant = OLD.tenant AND audit_id = OLD.audit_id AND section_id = OLD.section_id;
    INSERT OR REPLACE INTO report_section_grades (tenant, audit_id, section_id, grade, status, framework_id, cycle_id)
      SELECT NEW.tenant, NEW.audit_id, NEW.section_id, NEW.grade, a.status, a.framework_id, a.cycle_id
        FROM audits a WHERE a.tenant = NEW.tenant AND a.id = NEW.audit_id;
  END;
  CREATE TRIGGER report_section_grades_delete AFTER DELETE ON audit_sections BEGIN
    DELETE FROM report_section_grades WHERE tenant = OLD.tenant AND audit_id = OLD.audit_id AND section_id = OLD.section_id;
  END;
  CREATE TRIGGER report_section_grades_audit AFTER UPDATE OF status, framework_id, cycle_id ON audits
    WHEN OLD.status IS NOT NEW.status OR OLD.framework_id IS NOT NEW.framework_id OR OLD.cycle_id IS NOT NEW.cycle_id BEGIN
    UPDATE report_section_grades SET status = NEW.status, framework_id = NEW.framework_id, cycle_id = NEW.cycle_id
      WHERE tenant = NEW.tenant AND audit_id = NEW.id;
  END;
  CREATE INDEX audits_report_grades ON audits (tenant, status, framework_id, overall_grade, cycle_id);
  CREATE INDEX audits_report_time ON audits (tenant, status, framework_id, active_seconds, cycle_id);
  CREATE INDEX audits_report_recent ON audits (tenant, coalesce(completed_at, ''), id);
`;

/**
 * Running counts, so a summary of a whole authority or of one cycle (the reports
 * people open most) reads a few dozen rows however many audits there are:
 * audits per overall grade, and sections per grade, keyed by tenant, status,
 * framework and cycle (`''` for no cycle / no grade). Triggers on `audits` and on
 * `report_section_grades` (which already carries each section's key) keep them
 * equal to a GROUP BY over the source tables; the tests check that.
 */
const RUNNING_COUNTS_MIGRATION = `
  CREATE TABLE report_overall_counts (
    tenant TEXT NOT NULL, status TEXT NOT NULL, framework_id TEXT NOT NULL, cycle_key TEXT NOT NULL, grade_key TEXT NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (tenant, status, framework_id, cycle_key, grade_key)
  ) WITHOUT ROWID;
  CREATE TABLE report_grade_counts (
    tenant TEXT NOT NULL, status TEXT NOT NULL, framework_id TEXT NOT NULL, cycle_key TEXT NOT NULL, section_id TEXT NOT NULL, grade TEXT NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (tenant, status, framework_id, cycle_key, section_id, grade)
  ) WITHOUT ROWID;
  INSERT INTO report_overall_counts
    SELECT tenant, status, framework_id, coalesce(cycle_id, ''), coalesce(overall_grade, ''), count(*) FROM audits GROUP BY 1, 2, 3, 4, 5;
  INSERT INTO report_grade_counts
    SELECT tenant, status, framework_id, coalesce(cycle_id, ''), section_id, grade, count(*) FROM report_section_grades WHERE grade IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6;
  CREATE TRIGGER report_overall_counts_insert AFTER INSERT ON audits BEGIN
    INSERT INTO report_overall_counts VALUES (NEW.tenant, NEW.status, NEW.framework_id, coalesce(NEW.cycle_id, ''), coalesce(NEW.overall_grade, ''), 1)
      ON CONFLICT DO UPDATE SET n = n + 1;
  END;
  CREATE TRIGGER report_overall_counts_update AFTER UPDATE OF status, framework_id, cycle_id, overall_grade ON audits
    WHEN OLD.status IS NOT NEW.status OR OLD.framework_id IS NOT NEW.framework_id OR OLD.cycle_id IS NOT NEW.cycle_id OR OLD.overall_grade IS NOT NEW.overall_grade BEGIN
    UPDATE report_overall_counts SET n = n - 1
      WHERE tenant = OLD.tenant AND status = OLD.status AND framework_id = OLD.framework_id AND cycle_key = coalesce(OLD.cycle_id, '') AND grade_key = coalesce(OLD.overall_grade, '');
    INSERT INTO report_overall_counts VALUES (NEW.tenant, NEW.status, NEW.framework_id, coalesce(NEW.cycle_id, ''), coalesce(NEW.overall_grade, ''), 1)
      ON CONFLICT DO UPDATE SET n = n + 1;
  END;
  CREATE TRIGGER report_overall_counts_delete AFTER DELETE ON audits BEGIN
    UPDATE report_overall_counts SET n = n - 1
      WHERE tenant = OLD.tenant AND status = OLD.status AND framework_id = OLD.framework_id AND cycle_key = coalesce(OLD.cycle_id, '') AND grade_key = coalesce(OLD.overall_grade, '');
  END;
  CREATE TRIGGER report_grade_counts_insert AFTER INSERT ON report_section_grades WHEN NEW.grade IS NOT NULL BEGIN
    INSERT INTO report_grade_counts VALUES (NEW.tenant, NEW.status, NEW.framework_id, coalesce(NEW.cycle_id, ''), NEW.section_id, NEW.grade, 1)
      ON CONFLICT DO UPDATE SET n = n + 1;
  END;
  CREATE TRIGGER report_grade_counts_delete AFTER DELETE ON report_section_grades WHEN OLD.grade IS NOT NULL BEGIN
    UPDATE report_grade_counts SET n = n - 1
      WHERE tenant = OLD.tenant AND status = OLD.status AND framework_id = OLD.framework_id AND cycle_key = coalesce(OLD.cycle_id, '') AND section_id = OLD.section_id AND grade = OLD.grade;
  END;
  CREATE TRIGGER report_grade_counts_update AFTER UPDATE ON report_section_grades BEGIN
    UPDATE report_grade_counts SET n = n - 1
      WHERE OLD.grade IS NOT NULL AND tenant = OLD.tenant AND status = OLD.status AND framework_id = OLD.framework_id AND cycle_key = coalesce(OLD.cycle_id, '') AND section_id = OLD.section_id AND grade = OLD.grade;
    INSERT INTO report_grade_counts SELECT NEW.tenant, NEW.status, NEW.framework_id, coalesce(NEW.cycle_id, ''), NEW.section_id, NEW.grade, 1 WHERE NEW.grade IS NOT NULL
      ON CONFLICT DO UPDATE SET n = n + 1;
  END;
`;

/** The plan and auditor columns a report can filter on, as `report_section_grades` carries them (migration 204). */
const PLAN_FILTER_COLUMNS: [keyof ReportFilter, string][] = [
  ['planType', 'plan_type'],
  ['phase', 'phase'],
  ['primaryNeed', 'primary_need'],
  ['settingType', 'setting_type'],
  ['teamRef', 'team_ref'],
  ['caseworkerRef', 'caseworker_ref'],
  ['auditorRole', 'auditor_role'],
];
/**
 * Filters with an index of their own on `report_section_grades` and on `audits`: the plan facts
 * dashboards filter by most. Each index costs every section insert and grade change a little, so
 * plan type and auditor role (two or three values each) and team and caseworker (read through
 * `audits`' own indexes) have none.
 */
const INDEXED_FILTERS = ['phase', 'primary_need', 'setting_type'] as const;

/**
 * Filter columns in the report table, and triggers that do only the work a change needs.
 *
 * - `report_section_grades` gains the audit's plan type, phase, primary need, setting, team,
 *   caseworker and auditor role, kept by the triggers, with an index for phase, primary need and setting that
 *   starts (tenant, filter, status, framework, section, grade): a summary filtered to one phase
 *   reads that phase's rows of the index, in GROUP BY order, and nothing else.
 * - `audits` gains an index per common filter ending in `active_seconds`, so the median of the
 *   filtered audits walks only theirs.
 * - Saving a section no longer deletes and re-inserts its report row on every update: the row
 *   changes only when the grade does (one column), and the running counts only then.
 */
const FILTER_COLUMNS_MIGRATION = `
  DROP TRIGGER report_section_grades_insert;
  DROP TRIGGER report_section_grades_update;
  DROP TRIGGER report_section_grades_audit;
  DROP TRIGGER report_grade_counts_update;
  ${PLAN_FILTER_COLUMNS.map(([, c]) => `ALTER TABLE report_section_grades ADD COLUMN ${c} TEXT;`).join('\n  ')}
  UPDATE report_section_grades SET ${PLAN_FILTER_COLUMNS.map(([, c]) => `${c} = a.${c}`).join(', ')}
    FROM audits a WHERE a.tenant = report_section_grades.tenant AND a.id = report_section_grades.audit_id;
  CREATE TRIGGER report_section_grades_insert AFTER INSERT ON audit_sections BEGIN
    INSERT OR REPLACE INTO report_section_grades (tenant, audit_id, section_id, grade, status, framework_id, cycle_id, ${PLAN_FILTER_COLUMNS.map(([, c]) => c).join(', ')})
      SELECT NEW.tenant, NEW.audit_id, NEW.section_id, NEW.grade, a.status, a.framework_id, a.cycle_id, ${PLAN_FILTER_COLUMNS.map(([, c]) => `a.${c}`).join(', ')}
        FROM audits a WHERE a.tenant = NEW.tenant AND a.id = NEW.audit_id;
  END;
  CREATE TRIGGER report_section_grades_grade AFTER UPDATE OF grade ON audit_sections
    WHEN OLD.grade IS NOT NEW.grade AND OLD.tenant = NEW.tenant AND OLD.audit_id = NEW.audit_id AND OLD.section_id = NEW.section_id BEGIN
    UPDATE report_section_grades SET grade = NEW.grade WHERE tenant = NEW.tenant AND audit_id = NEW.audit_id AND section_id = NEW.section_id;
  END;
  CREATE TRIGGER report_section_grades_rekey AFTER UPDATE OF tenant, audit_id, section_id ON audit_sections
    WHEN OLD.tenant IS NOT NEW.tenant OR OLD.audit_id IS NOT NEW.audit_id OR OLD.section_id IS NOT NEW.section_id BEGIN
    DELETE FROM report_section_grades WHERE tenant = OLD.tenant AND audit_id = OLD.audit_id AND section_id = OLD.section_id;
    INSERT OR REPLACE INTO report_section_grades (tenant, audit_id, section_id, grade, status, framework_id, cycle_id, ${PLAN_FILTER_COLUMNS.map(([, c]) => c).join(', ')})
      SELECT NEW.tenant, NEW.audit_id, NEW.section_id, NEW.grade, a.status, a.framework_id, a.cycle_id, ${PLAN_FILTER_COLUMNS.map(([, c]) => `a.${c}`).join(', ')}
        FROM audits a WHERE a.tenant = NEW.tenant AND a.id = NEW.audit_id;
  END;
  CREATE TRIGGER report_section_grades_audit AFTER UPDATE OF status, framework_id, cycle_id, ${PLAN_FILTER_COLUMNS.map(([, c]) => c).join(', ')} ON audits
    WHEN OLD.status IS NOT NEW.status OR OLD.framework_id IS NOT NEW.framework_id OR OLD.cycle_id IS NOT NEW.cycle_id
      OR ${PLAN_FILTER_COLUMNS.map(([, c]) => `OLD.${c} IS NOT NEW.${c}`).join(' OR ')} BEGIN
    UPDATE report_section_grades SET status = NEW.status, framework_id = NEW.framework_id, cycle_id = NEW.cycle_id,
        ${PLAN_FILTER_COLUMNS.map(([, c]) => `${c} = NEW.${c}`).join(', ')}
      WHERE tenant = NEW.tenant AND audit_id = NEW.id;
  END;
  CREATE TRIGGER report_grade_counts_update AFTER UPDATE OF grade, status, framework_id, cycle_id ON report_section_grades
    WHEN OLD.grade IS NOT NEW.grade OR OLD.status IS NOT NEW.status OR OLD.framework_id IS NOT NEW.framework_id OR OLD.cycle_id IS NOT NEW.cycle_id BEGIN
    UPDATE report_grade_counts SET n = n - 1
      WHERE OLD.grade IS NOT NULL AND tenant = OLD.tenant AND status = OLD.status AND framework_id = OLD.framework_id AND cycle_key = coalesce(OLD.cycle_id, '') AND section_id = OLD.section_id AND grade = OLD.grade;
    INSERT INTO report_grade_counts SELECT NEW.tenant, NEW.status, NEW.framework_id, coalesce(NEW.cycle_id, ''), NEW.section_id, NEW.grade, 1 WHERE NEW.grade IS NOT NULL
      ON CONFLICT DO UPDATE SET n = n + 1;
  END;
  ${INDEXED_FILTERS.map((c) => `CREATE INDEX report_section_grades_by_${c} ON report_section_grades (tenant, ${c}, status, framework_id, section_id, grade, cycle_id);`).join('\n  ')}
  ${INDEXED_FILTERS.map((c) => `CREATE INDEX audits_report_by_${c} ON audits (tenant, ${c}, status, framework_id, active_seconds, overall_grade);`).join('\n  ')}
`;

/**
 * Filters with running counts of their own (few values each): a summary filtered by ONE of them
 * (with or without status, framework and cycle) reads a few dozen counters, however many audits
 * match. Team and caseworker have as many values as an authority has teams and staff, so they are
 * counted from the rows (through an index) instead.
 */
const COUNTED_FILTERS: [keyof ReportFilter, string][] = [
  ['planType', 'plan_type'],
  ['phase', 'phase'],
  ['primaryNeed', 'primary_need'],
  ['settingType', 'setting_type'],
  ['auditorRole', 'auditor_role'],
];
/** `(filter, value)` pairs of a row, as a subquery over `row` (NEW or OLD). */
const filterPairs = (row: 'NEW' | 'OLD') => COUNTED_FILTERS.map(([, c]) => `SELECT '${c}' AS filter, ${row}.${c} AS value`).join(' UNION ALL ');
const filterPairsIn = (row: 'NEW' | 'OLD') => `(filter, value) IN (VALUES ${COUNTED_FILTERS.map(([, c]) => `('${c}', ${row}.${c})`).join(', ')})`;
const gradeKey = (row: 'NEW' | 'OLD') => `tenant = ${row}.tenant AND status = ${row}.status AND framework_id = ${row}.framework_id AND cycle_key = coalesce(${row}.cycle_id, '')`;

/**
 * Running counts per filter value (migration 205), kept like `report_grade_counts` but with the
 * filter and its value in the key: sections per grade from `report_section_grades`, audits per
 * overall grade from `audits`. Only a change of a counted column touches them.
 */
const FILTER_COUNTS_MIGRATION = `
  CREATE TABLE report_filter_grade_counts (
    tenant TEXT NOT NULL, status TEXT NOT NULL, framework_id TEXT NOT NULL, cycle_key TEXT NOT NULL, filter TEXT NOT NULL, value TEXT NOT NULL,
    section_id TEXT NOT NULL, grade TEXT NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (tenant, filter, value, status, framework_id, cycle_key, section_id, grade)
  ) WITHOUT ROWID;
  CREATE TABLE report_filter_overall_counts (
    tenant TEXT NOT NULL, status TEXT NOT NULL, framework_id TEXT NOT NULL, cycle_key TEXT NOT NULL, filter TEXT NOT NULL, value TEXT NOT NULL,
    grade_key TEXT NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (tenant, filter, value, status, framework_id, cycle_key, grade_key)
  ) WITHOUT ROWID;
  ${COUNTED_FILTERS.map(([, c]) => `INSERT INTO report_filter_grade_counts
    SELECT tenant, status, framework_id, coalesce(cycle_id, ''), '${c}', ${c}, section_id, grade, count(*) FROM report_section_grades
     WHERE grade IS NOT NULL AND ${c} IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;
  INSERT INTO report_filter_overall_counts
    SELECT tenant, status, framework_id, coalesce(cycle_id, ''), '${c}', ${c}, coalesce(overall_grade, ''), count(*) FROM audits
     WHERE ${c} IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7;`).join('\n  ')}
  CREATE TRIGGER report_filter_grade_counts_insert AFTER INSERT ON report_section_grades WHEN NEW.grade IS NOT NULL BEGIN
    INSERT INTO report_filter_grade_counts
      SELECT NEW.tenant, NEW.status, NEW.framework_id, coalesce(NEW.cycle_id, ''), d.filter, d.value, NEW.section_id, NEW.grade, 1
        FROM (${filterPairs('NEW')}) d WHERE d.value IS NOT NULL
      ON CONFLICT DO UPDATE SET n = n + 1;
  END;
  CREATE TRIGGER report_filter_grade_counts_delete AFTER DELETE ON report_section_grades WHEN OLD.grade IS NOT NULL BEGIN
    UPDATE report_filter_grade_counts SET n = n - 1
      WHERE ${gradeKey('OLD')} AND section_id = OLD.section_id AND grade = OLD.grade AND ${filterPairsIn('OLD')};
  END;
  CREATE TRIGGER report_filter_grade_counts_update AFTER UPDATE OF grade, status, framework_id, cycle_id, ${COUNTED_FILTERS.map(([, c]) => c).join(', ')} ON report_section_grades
    WHEN OLD.grade IS NOT NEW.grade OR OLD.status IS NOT NEW.status OR OLD.framework_id IS NOT NEW.framework_id OR OLD.cycle_id IS NOT NEW.cycle_id
      OR ${COUNTED_FILTERS.map(([, c]) => `OLD.${c} IS NOT NEW.${c}`).join(' OR ')} BEGIN
    UPDATE report_filter_grade_counts SET n = n - 1
      WHERE OLD.grade IS NOT NULL AND ${gradeKey('OLD')} AND section_id = OLD.section_id AND grade = OLD.grade AND ${filterPairsIn('OLD')};
    INSERT INTO report_filter_grade_counts
      SELECT NEW.tenant, NEW.status, NEW.framework_id, coalesce(NEW.cycle_id, ''), d.filter, d.value, NEW.section_id, NEW.grade, 1
        FROM (${filterPairs('NEW')}) d WHERE d.value IS NOT NULL AND NEW.grade IS NOT NULL
      ON CONFLICT DO UPDATE SET n = n + 1;
  END;
  CREATE TRIGGER report_filter_overall_counts_insert AFTER INSERT ON audits BEGIN
    INSERT INTO report_filter_overall_counts
      SELECT NEW.tenant, NEW.status, NEW.framework_id, coalesce(NEW.cycle_id, ''), d.filter, d.value, coalesce(NEW.overall_grade, ''), 1
        FROM (${filterPairs('NEW')}) d WHERE d.value IS NOT NULL
      ON CONFLICT DO UPDATE SET n = n + 1;
  END;
  CREATE TRIGGER report_filter_overall_counts_delete AFTER DELETE ON audits BEGIN
    UPDATE report_filter_overall_counts SET n = n - 1
      WHERE ${gradeKey('OLD')} AND grade_key = coalesce(OLD.overall_grade, '') AND ${filterPairsIn('OLD')};
  END;
  CREATE TRIGGER report_filter_overall_counts_update AFTER UPDATE OF status, framework_id, cycle_id, overall_grade, ${COUNTED_FILTERS.map(([, c]) => c).join(', ')} ON audits
    WHEN OLD.status IS NOT NEW.status OR OLD.framework_id IS NOT NEW.framework_id OR OLD.cycle_id IS NOT NEW.cycle_id OR OLD.overall_grade IS NOT NEW.overall_grade
      OR ${COUNTED_FILTERS.map(([, c]) => `OLD.${c} IS NOT NEW.${c}`).join(' OR ')} BEGIN
    UPDATE report_filter_overall_counts SET n = n - 1
      WHERE ${gradeKey('OLD')} AND grade_key = coalesce(OLD.overall_grade, '') AND ${filterPairsIn('OLD')};
    INSERT INTO report_filter_overall_counts
      SELECT NEW.tenant, NEW.status, NEW.framework_id, coalesce(NEW.cycle_id, ''), d.filter, d.value, coalesce(NEW.overall_grade, ''), 1
        FROM (${filterPairs('NEW')}) d WHERE d.value IS NOT NULL
      ON CONFLICT DO UPDATE SET n = n + 1;
  END;
`;

/** The counted filters as rows of one column, `filter`, to join with an audit or a section. */
const FILTER_NAMES = COUNTED_FILTERS.map(([, c]) => `SELECT '${c}' AS filter`).join(' UNION ALL ');
/** The value of the filter named by `f.filter` in the audit `row` (an alias of `audits`, or NEW or OLD). */
const filterValue = (row: string) => `CASE f.filter ${COUNTED_FILTERS.map(([, c]) => `WHEN '${c}' THEN ${row}.${c}`).join(' ')} END`;
const GRADE_COUNTS = 'report_grade_counts (tenant, status, framework_id, cycle_key, section_id, grade, n)';
const FILTER_GRADE_COUNTS = 'report_filter_grade_counts (tenant, status, framework_id, cycle_key, filter, value, section_id, grade, n)';
// Every change is an upsert of +1 or -1 on the counter's primary key: one seek each, whatever the sign.
const ADD = 'ON CONFLICT DO UPDATE SET n = n + excluded.n';
/**
 * A section row (`row`, NEW or OLD of `audit_sections`) counted `sign` times under its audit's key, read from
 * `audits` by primary key (nothing is counted while the audit does not exist). The five counted filter columns
 * are NOT NULL in `audits`, so every section has a counter for each.
 */
const sectionCounted = (row: 'NEW' | 'OLD', sign: 1 | -1, also = '') => `
    INSERT INTO ${GRADE_COUNTS}
      SELECT a.tenant, a.status, a.framework_id, coalesce(a.cycle_id, ''), ${row}.section_id, ${row}.grade, ${sign}
        FROM audits a WHERE ${row}.grade IS NOT NULL AND a.tenant = ${row}.tenant AND a.id = ${row}.audit_id${also}
      ${ADD};
    INSERT INTO ${FILTER_GRADE_COUNTS}
      SELECT a.tenant, a.status, a.framework_id, coalesce(a.cycle_id, ''), f.filter, ${filterValue('a')}, ${row}.section_id, ${row}.grade, ${sign}
        FROM audits a, (${FILTER_NAMES}) f WHERE ${row}.grade IS NOT NULL AND a.tenant = ${row}.tenant AND a.id = ${row}.audit_id${also}
      ${ADD};`;
/** Every graded section of the audit `row` (NEW or OLD of `audits`) counted `sign` times under that row's key. */
const auditGradesCounted = (row: 'NEW' | 'OLD', sign: 1 | -1, also = '') => `
    INSERT INTO ${GRADE_COUNTS}
      SELECT ${row}.tenant, ${row}.status, ${row}.framework_id, coalesce(${row}.cycle_id, ''), s.section_id, s.grade, ${sign}
        FROM audit_sections s WHERE s.tenant = ${row}.tenant AND s.audit_id = ${row}.id AND s.grade IS NOT NULL${also}
      ${ADD};`;
const auditFilterGradesCounted = (row: 'NEW' | 'OLD', sign: 1 | -1, also = '') => `
    INSERT INTO ${FILTER_GRADE_COUNTS}
      SELECT ${row}.tenant, ${row}.status, ${row}.framework_id, coalesce(${row}.cycle_id, ''), f.filter, ${filterValue(row)}, s.section_id, s.grade, ${sign}
        FROM audit_sections s, (${FILTER_NAMES}) f WHERE s.tenant = ${row}.tenant AND s.audit_id = ${row}.id AND s.grade IS NOT NULL${also}
      ${ADD};`;
const changed = (columns: readonly string[]) => columns.map((c) => `OLD.${c} IS NOT NEW.${c}`).join(' OR ');
const GRADE_KEY_COLUMNS = ['tenant', 'id', 'status', 'framework_id', 'cycle_id'];
const FILTER_KEY_COLUMNS = [...GRADE_KEY_COLUMNS, ...COUNTED_FILTERS.map(([, c]) => c)];

/**
 * The section grade counts kept from `audit_sections` and `audits` directly (migration 206), without
 * `report_section_grades`. That table copied every section with its audit's key and filter columns so the
 * counts' triggers had them at hand and the rarer filtered summaries could read one of its five indexes.
 * Each index held the grade, so a save that changed a grade rewrote a row and five index entries in six
 * b-trees (about 45% of the pages a save wrote to the WAL). Since the running counts (203, 205) serve
 * status, framework, cycle and one counted filter, only summaries with two or more plan filters, or a
 * filter that is not counted (team, caseworker, auditor, framework version, dates), read it; those now find
 * their audits through `audits`' indexes and each audit's sections by primary key.
 *
 * - A section inserted, deleted or regraded moves its counters by one, under its audit's key read from
 *   `audits` by primary key; a section whose grade does not change fires nothing.
 * - An audit whose key (status, framework, cycle; and for the counts per filter, a counted filter column)
 *   changes moves its graded sections from the old key to the new one.
 * - An audit being deleted takes its sections out of the counts BEFORE the row goes; the sections its
 *   deletion then cascades to find no audit and count nothing. An audit inserted counts any sections
 *   already stored under its id (none, while foreign keys are on).
 * The counters themselves are already equal to the sections joined with their audits and stay as they are.
 */
const COUNTS_FROM_SECTIONS_MIGRATION = `
  DROP TRIGGER report_section_grades_insert;
  DROP TRIGGER report_section_grades_grade;
  DROP TRIGGER report_section_grades_rekey;
  DROP TRIGGER report_section_grades_delete;
  DROP TRIGGER report_section_grades_audit;
  DROP TABLE report_section_grades;
  CREATE TRIGGER report_counts_section_insert AFTER INSERT ON audit_sections WHEN NEW.grade IS NOT NULL BEGIN${sectionCounted('NEW', 1)}
  END;
  CREATE TRIGGER report_counts_section_delete AFTER DELETE ON audit_sections WHEN OLD.grade IS NOT NULL BEGIN${sectionCounted('OLD', -1)}
  END;
  CREATE TRIGGER report_counts_section_update AFTER UPDATE OF tenant, audit_id, section_id, grade ON audit_sections
    WHEN ${changed(['grade', 'tenant', 'audit_id', 'section_id'])} BEGIN${sectionCounted('OLD', -1)}${sectionCounted('NEW', 1)}
  END;
  CREATE TRIGGER report_counts_audit_insert AFTER INSERT ON audits BEGIN${auditGradesCounted('NEW', 1)}${auditFilterGradesCounted('NEW', 1)}
  END;
  CREATE TRIGGER report_counts_audit_delete BEFORE DELETE ON audits BEGIN${auditGradesCounted('OLD', -1)}${auditFilterGradesCounted('OLD', -1)}
  END;
  CREATE TRIGGER report_grade_counts_audit AFTER UPDATE OF ${GRADE_KEY_COLUMNS.join(', ')} ON audits
    WHEN ${changed(GRADE_KEY_COLUMNS)} BEGIN${auditGradesCounted('OLD', -1)}${auditGradesCounted('NEW', 1)}
  END;
  CREATE TRIGGER report_filter_grade_counts_audit AFTER UPDATE OF ${FILTER_KEY_COLUMNS.join(', ')} ON audits
    WHEN ${changed(FILTER_KEY_COLUMNS)} BEGIN${auditFilterGradesCounted('OLD', -1)}${auditFilterGradesCounted('NEW', 1)}
  END;
`;

/**
 * The counts per filter value re-keyed so that one save's counters sit together (migration 207). 205 led both
 * keys with (tenant, filter, value): a save that regrades a section moves ten counters (one -1 and one +1 for
 * each of the five counted filters) and those lay in five regions of the table, one per filter, each on a page
 * of its own, so `report_filter_grade_counts` was about 28% of the pages a save wrote to the WAL. Now both keys
 * lead with the key every change shares, (tenant, status, framework, cycle), and the section counts then with
 * the section: a regrade's ten counters are neighbours, on one page or two. The overall counts per cycle are
 * few (counted filter values times grades), so there (filter, value) comes straight after the cycle.
 *
 * The reports always name the status and framework, so a summary by one counted filter reads the part of the
 * table under its (tenant, status, framework) and, when it names a cycle, only that cycle: a range of a few
 * thousand rows at most, the filter and value checked on each. A storage-level filter without a status reads
 * the tenant's part; it stays correct, only slower.
 *
 * The tables are rebuilt in place through a temporary copy, under the same names, so the triggers that keep
 * them (205, 206), which name them in their bodies, carry on unchanged; the counters are copied as they are.
 */
const FILTER_COUNTS_REKEY_MIGRATION = `
  CREATE TEMP TABLE rekey_filter_grade_counts AS SELECT * FROM report_filter_grade_counts;
  CREATE TEMP TABLE rekey_filter_overall_counts AS SELECT * FROM report_filter_overall_counts;
  DROP TABLE report_filter_grade_counts;
  DROP TABLE report_filter_overall_counts;
  CREATE TABLE report_filter_grade_counts (
    tenant TEXT NOT NULL, status TEXT NOT NULL, framework_id TEXT NOT NULL, cycle_key TEXT NOT NULL, filter TEXT NOT NULL, value TEXT NOT NULL,
    section_id TEXT NOT NULL, grade TEXT NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (tenant, status, framework_id, cycle_key, section_id, filter, value, grade)
  ) WITHOUT ROWID;
  CREATE TABLE report_filter_overall_counts (
    tenant TEXT NOT NULL, status TEXT NOT NULL, framework_id TEXT NOT NULL, cycle_key TEXT NOT NULL, filter TEXT NOT NULL, value TEXT NOT NULL,
    grade_key TEXT NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (tenant, status, framework_id, cycle_key, filter, value, grade_key)
  ) WITHOUT ROWID;
  INSERT INTO report_filter_grade_counts (tenant, status, framework_id, cycle_key, filter, value, section_id, grade, n)
    SELECT tenant, status, framework_id, cycle_key, filter, value, section_id, grade, n FROM temp.rekey_filter_grade_counts;
  INSERT INTO report_filter_overall_counts (tenant, status, framework_id, cycle_key, filter, value, grade_key, n)
    SELECT tenant, status, framework_id, cycle_key, filter, value, grade_key, n FROM temp.rekey_filter_overall_counts;
  DROP TABLE temp.rekey_filter_grade_counts;
  DROP TABLE temp.rekey_filter_overall_counts;
`;

/**
 * The status whose audits the section grade counts and the active-time indexes hold (migration 208). Every report
 * the adapter serves asks for completed audits, and a completed audit cannot change until it is reopened, so the
 * writes that come most, section saves of audits in progress, now touch no report counter and no report index.
 */
const COUNTED_STATUS = 'completed';
const isCounted = (row: string) => `${row}.status = '${COUNTED_STATUS}'`;
/** The condition a section trigger adds: its audit (`a`) is counted. */
const AUDIT_COUNTED = ` AND ${isCounted('a')}`;
/** The audits' indexes that hold `active_seconds` (201, 202, 204), each with the columns it had after `status`. */
const TIME_INDEXES: [string, string][] = [
  ['audits_report_time', 'tenant, framework_id, active_seconds, cycle_id'],
  ['audits_report_cycle_time', 'tenant, cycle_id, framework_id, active_seconds'],
  ...INDEXED_FILTERS.map((c): [string, string] => [`audits_report_by_${c}`, `tenant, ${c}, framework_id, active_seconds, overall_grade`]),
];

/**
 * Section grades counted for completed audits only, and the indexes on `active_seconds` kept for completed audits
 * only (migration 208). Every save of an audit in progress changed `active_seconds`, so SQLite rewrote five index
 * entries for it, and nearly every save regraded a section, so the triggers moved about a dozen counters for it;
 * no report read either for an audit in progress. Measured by replaying the statements of 20,000 saves of the load
 * benchmark on its file: together about a third of SQLite's CPU time and half the pages a save wrote to the WAL.
 *
 * - The counters of audits that are not completed are deleted; the section triggers count a section only while
 *   its audit is completed; an audit completed, reopened, re-keyed, inserted or deleted moves its graded sections
 *   in or out of the counts as its status before and after says.
 * - A summary that does not ask for completed audits (only the storage interface allows one) counts from the rows.
 * - The five indexes become partial (`WHERE status = 'completed'`), under the same names, without `status` in the
 *   key: a report's `status = ?` bound to 'completed' lets SQLite use them, as before.
 */
const COMPLETED_ONLY_MIGRATION = `
  DELETE FROM report_grade_counts WHERE status <> '${COUNTED_STATUS}';
  DELETE FROM report_filter_grade_counts WHERE status <> '${COUNTED_STATUS}';
  DROP TRIGGER report_counts_section_insert;
  DROP TRIGGER report_counts_section_delete;
  DROP TRIGGER report_counts_section_update;
  DROP TRIGGER report_counts_audit_insert;
  DROP TRIGGER report_counts_audit_delete;
  DROP TRIGGER report_grade_counts_audit;
  DROP TRIGGER report_filter_grade_counts_audit;
  CREATE TRIGGER report_counts_section_insert AFTER INSERT ON audit_sections WHEN NEW.grade IS NOT NULL BEGIN${sectionCounted('NEW', 1, AUDIT_COUNTED)}
  END;
  CREATE TRIGGER report_counts_section_delete AFTER DELETE ON audit_sections WHEN OLD.grade IS NOT NULL BEGIN${sectionCounted('OLD', -1, AUDIT_COUNTED)}
  END;
  CREATE TRIGGER report_counts_section_update AFTER UPDATE OF tenant, audit_id, section_id, grade ON audit_sections
    WHEN ${changed(['grade', 'tenant', 'audit_id', 'section_id'])} BEGIN${sectionCounted('OLD', -1, AUDIT_COUNTED)}${sectionCounted('NEW', 1, AUDIT_COUNTED)}
  END;
  CREATE TRIGGER report_counts_audit_insert AFTER INSERT ON audits WHEN ${isCounted('NEW')} BEGIN${auditGradesCounted('NEW', 1)}${auditFilterGradesCounted('NEW', 1)}
  END;
  CREATE TRIGGER report_counts_audit_delete BEFORE DELETE ON audits WHEN ${isCounted('OLD')} BEGIN${auditGradesCounted('OLD', -1)}${auditFilterGradesCounted('OLD', -1)}
  END;
  CREATE TRIGGER report_grade_counts_audit AFTER UPDATE OF ${GRADE_KEY_COLUMNS.join(', ')} ON audits
    WHEN (${changed(GRADE_KEY_COLUMNS)}) AND (${isCounted('OLD')} OR ${isCounted('NEW')}) BEGIN${auditGradesCounted('OLD', -1, ` AND ${isCounted('OLD')}`)}${auditGradesCounted('NEW', 1, ` AND ${isCounted('NEW')}`)}
  END;
  CREATE TRIGGER report_filter_grade_counts_audit AFTER UPDATE OF ${FILTER_KEY_COLUMNS.join(', ')} ON audits
    WHEN (${changed(FILTER_KEY_COLUMNS)}) AND (${isCounted('OLD')} OR ${isCounted('NEW')}) BEGIN${auditFilterGradesCounted('OLD', -1, ` AND ${isCounted('OLD')}`)}${auditFilterGradesCounted('NEW', 1, ` AND ${isCounted('NEW')}`)}
  END;
  ${TIME_INDEXES.map(([name, columns]) => `DROP INDEX ${name};
  CREATE INDEX ${name} ON audits (${columns}) WHERE status = '${COUNTED_STATUS}';`).join('\n  ')}
`;

/** The one counted filter a filter uses beside status, framework and cycle, when that is all it uses. */
function countedFilterOf(f: ReportFilter): [string, string] | null {
  let found: [string, string] | null = null;
  for (const [key, value] of Object.entries(f)) {
    if (value === undefined || key === 'status' || key === 'frameworkId' || key === 'cycleId') continue;
    const counted = COUNTED_FILTERS.find(([k]) => k === key);
    if (!counted || found) return null;
    found = [counted[1], value as string];
  }
  return found;
}

/** Whether the filter uses only the keys of the running counts (status, framework, cycle). */
function runningCountsServe(f: ReportFilter): boolean {
  return Object.entries(f).every(([key, value]) => value === undefined || key === 'status' || key === 'frameworkId' || key === 'cycleId');
}

/** WHERE on a running-counts table for a filter that {@link runningCountsServe}. */
function runningCountsWhere(tenant: string, f: ReportFilter): { where: string; params: string[] } {
  const clauses = ['tenant = ?'];
  const params: string[] = [tenant];
  if (f.status !== undefined) { clauses.push('status = ?'); params.push(f.status); }
  if (f.frameworkId !== undefined) { clauses.push('framework_id = ?'); params.push(f.frameworkId); }
  if (f.cycleId !== undefined) { clauses.push('cycle_key = ?'); params.push(f.cycleId); }
  return { where: clauses.join(' AND '), params };
}

async function aggregates(tx: SqlTx, tenant: string, filter: ReportFilter): Promise<ReportAggregates> {
  const { where, params } = reportFilterSql(tenant, filter);
  const result: ReportAggregates = { audits: 0, overall: {}, sections: {}, medianActiveSeconds: null };
  const byFilter = countedFilterOf(filter);
  // The section grade counts hold completed audits only (migration 208): any other status is counted from the rows.
  const running = filter.status === COUNTED_STATUS && (byFilter !== null || runningCountsServe(filter));
  const keyed = runningCountsWhere(tenant, filter);
  if (byFilter) {
    // The counts per filter value lead with (tenant, status, framework, cycle) (migration 207). A key column the
    // filter leaves open becomes the list of its values this tenant has, read from the small `report_overall_counts`,
    // so SQLite still seeks each (status, framework, cycle) and reads only that part, never the tenant's whole range.
    for (const [given, column] of [[filter.frameworkId, 'framework_id'], [filter.cycleId, 'cycle_key']] as const) {
      if (given !== undefined) continue;
      keyed.where += ` AND ${column} IN (SELECT DISTINCT ${column} FROM report_overall_counts WHERE tenant = ?)`;
      keyed.params.push(tenant);
    }
    keyed.where += ' AND filter = ? AND value = ?';
    keyed.params.push(...byFilter);
  }
  const overallTable = byFilter ? 'report_filter_overall_counts' : 'report_overall_counts';
  const gradesTable = byFilter ? 'report_filter_grade_counts' : 'report_grade_counts';
  const counts = running
    ? await tx.all<{ grade: string; n: number }>(`SELECT grade_key AS grade, sum(n) AS n FROM ${overallTable} WHERE ${keyed.where} GROUP BY grade_key`, keyed.params)
    : await tx.all<{ grade: string | null; n: number }>(`SELECT overall_grade AS grade, count(*) AS n FROM audits WHERE ${where} GROUP BY overall_grade`, params);
  for (const c of counts) {
    if (c.n === 0) continue;
    result.audits += c.n;
    if (c.grade !== null && c.grade !== '') result.overall[c.grade] = c.n;
  }
  if (result.audits === 0) return result;
  const sections = running
    ? await tx.all<{ section_id: string; grade: string; n: number }>(
        `SELECT section_id, grade, sum(n) AS n FROM ${gradesTable} WHERE ${keyed.where} GROUP BY section_id, grade HAVING sum(n) > 0`,
        keyed.params,
      )
    : // Any other filter (two plan filters, team, caseworker, auditor, dates, a status other than completed): the matching audits through
      // their own indexes, then each one's sections by primary key (migration 206). CROSS JOIN keeps
      // `audits` the outer loop: left to itself, SQLite walks every section of the tenant instead.
      await tx.all<{ section_id: string; grade: string; n: number }>(
        `SELECT s.section_id, s.grade, count(*) AS n
           FROM audits CROSS JOIN audit_sections s ON s.tenant = audits.tenant AND s.audit_id = audits.id
          WHERE ${where} AND s.grade IS NOT NULL
          GROUP BY s.section_id, s.grade`,
        params,
      );
  for (const s of sections) (result.sections[s.section_id] ??= {})[s.grade] = s.n;
  result.medianActiveSeconds = await medianActiveSeconds(tx, tenant, filter, [], result.audits);
  return result;
}

/**
 * The median active seconds of the matching audits less `exclude` (ids): the middle
 * value, or the mean of the middle two, read by walking an index to the middle row.
 * `count` is the number of audits left, when the caller already knows it.
 */
async function medianActiveSeconds(tx: SqlTx, tenant: string, filter: ReportFilter, exclude: readonly string[], count?: number): Promise<number | null> {
  const { where, params } = reportFilterSql(tenant, filter);
  // One JSON parameter, however many ids: no limit on bound variables to meet.
  const without = exclude.length > 0 ? ' AND audits.id NOT IN (SELECT value FROM json_each(?))' : '';
  const bound = exclude.length > 0 ? [...params, JSON.stringify(exclude)] : params;
  const n = count ?? (await tx.all<{ n: number }>(`SELECT count(*) AS n FROM audits WHERE ${where}${without}`, bound))[0]!.n;
  if (n === 0) return null;
  const middle = await tx.all<{ v: number }>(
    `SELECT active_seconds AS v FROM audits WHERE ${where}${without} ORDER BY active_seconds LIMIT ? OFFSET ?`,
    [...bound, n % 2 === 1 ? 1 : 2, n % 2 === 1 ? (n - 1) / 2 : n / 2 - 1],
  );
  return middle.length === 1 ? middle[0]!.v : (middle[0]!.v + middle[1]!.v) / 2;
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

/** The reports feature of the SQLite backend: its indexes and tables, and four capabilities in SQL. */
export const reportsSqlite: SqliteFeature = {
  name: 'reports',
  migrations: [
    {
      id: 200,
      name: 'reports: covering index for section grade counts',
      up: 'CREATE INDEX IF NOT EXISTS audit_sections_report ON audit_sections (tenant, audit_id, section_id, grade)',
    },
    { id: 201, name: 'reports: section grades with their audit\'s status, framework and cycle, kept by triggers; report indexes', up: REPORT_GRADES_MIGRATION },
    {
      id: 202,
      name: 'reports: cycle-first indexes, so one cycle\'s counts read only that cycle',
      up: `
        CREATE INDEX report_section_grades_cycle ON report_section_grades (tenant, cycle_id, status, framework_id, section_id, grade);
        CREATE INDEX audits_report_cycle_grades ON audits (tenant, cycle_id, status, framework_id, overall_grade);
        CREATE INDEX audits_report_cycle_time ON audits (tenant, cycle_id, status, framework_id, active_seconds);
        CREATE INDEX audits_report_cycle_recent ON audits (tenant, cycle_id, coalesce(completed_at, ''), id);
      `,
    },
    { id: 203, name: 'reports: running grade counts per status, framework and cycle, kept by triggers', up: RUNNING_COUNTS_MIGRATION },
    { id: 204, name: 'reports: filter columns (plan and auditor) in report_section_grades with an index per common filter; triggers only on a real change', up: FILTER_COLUMNS_MIGRATION },
    { id: 205, name: 'reports: running grade counts per value of each plan filter with few values (plan type, phase, need, setting, auditor role)', up: FILTER_COUNTS_MIGRATION },
    {
      id: 206,
      name: 'reports: section grade counts kept from audit_sections and audits directly; report_section_grades and its five indexes dropped',
      up: COUNTS_FROM_SECTIONS_MIGRATION,
    },
    {
      id: 207,
      name: 'reports: counts per filter value keyed by (tenant, status, framework, cycle) first, so one save\'s counters sit together',
      up: FILTER_COUNTS_REKEY_MIGRATION,
    },
    {
      id: 208,
      name: 'reports: section grade counts and the active-time indexes for completed audits only, so saving an audit in progress touches neither',
      up: COMPLETED_ONLY_MIGRATION,
    },
  ],
  capabilities: (db: SqliteDb) => ({
    // Each answer reads inside one transaction, so its counts agree with each other.
    // On a read connection, beside the writer (WAL).
    reportAggregates: (tenant, filter) => db.read((tx) => aggregates(tx, tenant, filter)),
    reportCriteriaCounts: (tenant, filter) => db.read((tx) => criteriaCounts(tx, tenant, filter)),
    reportAuditPage: (tenant, filter, page) => db.read((tx) => auditPage(tx, tenant, filter, page)),
    reportMedianActiveSeconds: (tenant, filter, exclude) => db.read((tx) => medianActiveSeconds(tx, tenant, filter, exclude)),
  }),
};
