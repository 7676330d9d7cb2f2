// Shared by the SQLite tests that check the trigger-kept report tables: each table equals a recount from
// `audits` and `audit_sections`.
import assert from 'node:assert/strict';
import type { SqliteStorage } from 'ehcp-qa/storage/sqlite';

/**
 * The report tables next to a recount from `audits` and `audit_sections` (zero counters aside); returns the
 * number of section rows that have an audit. From migration 208 on, the section grade counts hold the sections
 * of completed audits only; before it, of every audit.
 */
export async function assertCountersEqualRecount(s: SqliteStorage, what: string): Promise<number> {
  const applied = (await s.db.all<{ id: number }>('SELECT id FROM schema_migrations WHERE id = 208')).length > 0;
  const counted = applied ? "a.status = 'completed'" : 'true';
  const { n: sections } = (await s.db.get<{ n: number }>('SELECT count(*) AS n FROM audit_sections s JOIN audits a ON a.tenant = s.tenant AND a.id = s.audit_id'))!;
  const overallWant = await s.db.all(`SELECT tenant, status, framework_id, coalesce(cycle_id, '') AS cycle_key, coalesce(overall_grade, '') AS grade_key, count(*) AS n
    FROM audits GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`);
  const overallHave = await s.db.all('SELECT tenant, status, framework_id, cycle_key, grade_key, n FROM report_overall_counts WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5');
  assert.deepEqual(overallHave, overallWant, `${what}: overall counts`);
  const gradesWant = await s.db.all(`SELECT s.tenant, a.status, a.framework_id, coalesce(a.cycle_id, '') AS cycle_key, s.section_id, s.grade, count(*) AS n
    FROM audit_sections s JOIN audits a ON a.tenant = s.tenant AND a.id = s.audit_id WHERE s.grade IS NOT NULL AND ${counted} GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`);
  const gradesHave = await s.db.all('SELECT tenant, status, framework_id, cycle_key, section_id, grade, n FROM report_grade_counts WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5, 6');
  assert.deepEqual(gradesHave, gradesWant, `${what}: section grade counts`);
  for (const column of ['plan_type', 'phase', 'primary_need', 'setting_type', 'auditor_role']) {
    const byWant = await s.db.all(`SELECT s.tenant, a.status, a.framework_id, coalesce(a.cycle_id, '') AS cycle_key, a.${column} AS value, s.section_id, s.grade, count(*) AS n
      FROM audit_sections s JOIN audits a ON a.tenant = s.tenant AND a.id = s.audit_id WHERE s.grade IS NOT NULL AND ${counted} GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7`);
    const byHave = await s.db.all(`SELECT tenant, status, framework_id, cycle_key, value, section_id, grade, n FROM report_filter_grade_counts
      WHERE filter = ? AND n <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7`, [column]);
    assert.deepEqual(byHave, byWant, `${what}: section grade counts by ${column}`);
    const overallByWant = await s.db.all(`SELECT tenant, status, framework_id, coalesce(cycle_id, '') AS cycle_key, ${column} AS value, coalesce(overall_grade, '') AS grade_key, count(*) AS n
      FROM audits GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`);
    const overallByHave = await s.db.all(`SELECT tenant, status, framework_id, cycle_key, value, grade_key, n FROM report_filter_overall_counts
      WHERE filter = ? AND n <> 0 ORDER BY 1, 2, 3, 4, 5, 6`, [column]);
    assert.deepEqual(overallByHave, overallByWant, `${what}: overall counts by ${column}`);
  }
  return sections;
}
