/**
 * Fills the PostgreSQL storage with many realistic audits, fast and set-based: the
 * same template audits as generate.ts (real framework, real grading: fixtures.ts) go
 * to the server once as JSON, then ONE `INSERT … SELECT` over `generate_series`
 * writes the audits and one more their sections, with fresh ids, cycles and dates,
 * in one transaction, as the storage's app role with the tenant set (row-level
 * security checks every row, and the report counters are kept by the same
 * statement-level triggers the adapter's writes fire). Then VACUUM ANALYZE, as
 * autovacuum would do soon after, so the planner has statistics and index-only
 * scans can skip the heap.
 *
 * The rows are exactly what the storage writes (same columns, same JSON), so every
 * query the adapter runs sees ordinary data.
 */
import type { PostgresStorage } from 'ehcp-qa/storage/postgres';
import { completedAudit, framework, seeded } from './fixtures.js';
import type { GenerateOptions } from './generate.js';

const templateCache = new Map<number, { audits: string; sections: string }>();

function templates(count: number) {
  if (!templateCache.has(count)) {
    const random = seeded(2026);
    const audits = Array.from({ length: count }, (_, k) => completedAudit(random, k));
    templateCache.set(count, {
      audits: JSON.stringify(audits.map((a, k) => ({
        k, auditor_id: a.auditorId, auditor_role: a.auditorRole, plan_type: a.plan.planType, phase: a.plan.phase, primary_need: a.plan.primaryNeed,
        setting_type: a.plan.settingType, team_ref: a.plan.teamRef, caseworker_ref: a.plan.caseworkerRef, overall: a.overall, overall_grade: a.overall.grade,
        active_seconds: a.activeSeconds,
      }))),
      sections: JSON.stringify(audits.flatMap((a, k) => Object.entries(a.sections).map(([id, s]) => ({
        k, section_id: id, criteria_met: s.criteriaMet, grade: s.grade, suggested_grade: s.suggestedGrade, comment: s.comment ?? null,
      })))),
    });
  }
  return templateCache.get(count)!;
}

/** Adds `count` audits (completed, or in progress with every section graded). Returns the seconds it took. */
export async function generateAuditsPostgres(storage: PostgresStorage, options: GenerateOptions): Promise<number> {
  const started = performance.now();
  const count = options.templates ?? 5000;
  const status = options.status ?? 'completed';
  const { audits, sections } = templates(count);
  const last = options.from + options.count - 1;
  const cycleIds = options.cycles.map((c) => c.id);
  const cycleStarts = options.cycles.map((c) => c.startDate);
  // Each audit starts on one of 90 days after its cycle's start and is completed the same day (as in generate.ts).
  const startedAt = (starts = '$6') => `to_char(((${starts}::text[])[n.i % ${cycleIds.length} + 1]::date + (n.i::bigint * 7919 % 90) * interval '1 day' + (n.i % 480) * interval '1 minute'),
                            'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  const cycleOf = (ids = '$5') => `(${ids}::text[])[n.i % ${cycleIds.length} + 1]`;
  const timings: string[] = [];
  const timed = async <T>(label: string, fn: () => Promise<T>) => {
    const t0 = performance.now();
    const value = await fn();
    timings.push(`${label} ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return value;
  };
  await storage.db.transaction(options.tenant, async (tx) => {
    await tx.query('SET LOCAL synchronous_commit = off');
    await tx.query("SET LOCAL work_mem = '256MB'");
    // The templates once, in temporary tables (no tenant: they vanish with the transaction).
    await timed('templates', async () => {
      await tx.query(`CREATE TEMP TABLE bench_audit_template ON COMMIT DROP AS SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(k int, auditor_id text,
        auditor_role text, plan_type text, phase text, primary_need text, setting_type text, team_ref text, caseworker_ref text, overall jsonb,
        overall_grade text, active_seconds int)`, [audits]);
      await tx.query(`CREATE TEMP TABLE bench_section_template ON COMMIT DROP AS SELECT * FROM jsonb_to_recordset($1::jsonb) AS st(k int, section_id text,
        criteria_met jsonb, grade text, suggested_grade text, comment text)`, [sections]);
      await tx.query('ANALYZE bench_audit_template');
      await tx.query('ANALYZE bench_section_template');
    });
    await timed('audits', () => tx.query(
      `INSERT INTO audits (tenant, id, framework_id, framework_version, plan_ref, cycle_id, auditor_id, auditor_role, plan_type, phase,
         primary_need, setting_type, team_ref, caseworker_ref, status, version, overall, overall_grade, started_at, updated_at,
         completed_at, active_seconds, reopenings)
       SELECT $1, 'gen-' || lpad(n.i::text, 8, '0'), $2, $3, 'PLAN-' || lpad(n.i::text, 8, '0'), ${cycleOf()},
         coalesce($8, t.auditor_id), t.auditor_role, t.plan_type, t.phase, t.primary_need, t.setting_type, t.team_ref, t.caseworker_ref,
         $9, 14, t.overall, t.overall_grade, s.at, s.at, CASE WHEN $9 = 'completed' THEN s.at END, t.active_seconds, '[]'::jsonb
       FROM generate_series($4::int, $7::int) AS n(i)
       CROSS JOIN LATERAL (SELECT ${startedAt()} AS at) s
       JOIN bench_audit_template t ON t.k = n.i % ${count}`,
      [options.tenant, framework.id, framework.version, options.from, cycleIds, cycleStarts, last, options.auditorId ?? null, status],
    ));
    await timed('sections', () => tx.query(
      `INSERT INTO audit_sections (tenant, audit_id, section_id, criteria_met, grade, suggested_grade, override_reason, comment, saved_at,
         status, framework_id, cycle_id)
       SELECT $1, 'gen-' || lpad(n.i::text, 8, '0'), st.section_id, st.criteria_met, st.grade, st.suggested_grade, NULL, st.comment, s.at,
         $7, $2, ${cycleOf('$4')}
       FROM generate_series($3::int, $6::int) AS n(i)
       CROSS JOIN LATERAL (SELECT ${startedAt('$5')} AS at) s
       JOIN bench_section_template st ON st.k = n.i % ${count}`,
      [options.tenant, framework.id, options.from, cycleIds, cycleStarts, last, status],
    ));
  });
  if (process.env.BENCH_VERBOSE) console.log(`    (${timings.join(', ')})`);
  await vacuumAnalyze(storage);
  return (performance.now() - started) / 1000;
}

/** VACUUM ANALYZE of the storage's tables (outside any transaction, as VACUUM needs). */
export async function vacuumAnalyze(storage: PostgresStorage): Promise<void> {
  const client = await storage.db.pool.connect();
  try {
    for (const table of ['audits', 'audit_sections', 'report_overall_counts', 'report_grade_counts']) {
      await client.query(`VACUUM (ANALYZE) "${storage.db.schema}"."${table}"`);
    }
  } finally {
    client.release();
  }
}
