/**
 * Fills the SQLite storage with many realistic audits, fast: a few thousand
 * template audits are made in JavaScript with the real framework and grading
 * (see fixtures.ts), then SQLite copies them into the real `audits` and
 * `audit_sections` tables with fresh ids, cycles and dates, inside ONE transaction
 * with bound parameters. A million audits (twelve million section rows) take well
 * under a minute this way, where one API call per audit would take hours.
 *
 * The rows are exactly what the adapter writes (same columns, same JSON), so every
 * query the adapter runs sees ordinary data.
 */
import type { SqliteStorage } from 'ehcp-qa/storage/sqlite';
import { completedAudit, framework, seeded } from './fixtures.js';

export interface GenerateOptions {
  tenant: string;
  /** Index of the first audit (ids are `gen-<index>`), so a table can be grown in steps. */
  from: number;
  /** How many audits to add. */
  count: number;
  /** Audits go round-robin into these cycles (which must exist), with `startedAt` inside each cycle's dates. */
  cycles: { id: string; startDate: string }[];
  /** Distinct template audits (default 5,000). */
  templates?: number;
  /** `completed` (default) or `in-progress` (every section graded, not yet completed). */
  status?: 'completed' | 'in-progress';
  /** Give every audit this auditor (so one token may edit them all); default: the templates' auditors. */
  auditorId?: string;
}

const TEMPLATE_TABLES = `
  CREATE TEMP TABLE IF NOT EXISTS bench_audit_template (
    k INTEGER PRIMARY KEY, auditor_id TEXT, auditor_role TEXT, plan_type TEXT, phase TEXT, primary_need TEXT, setting_type TEXT,
    team_ref TEXT, caseworker_ref TEXT, overall TEXT, overall_grade TEXT, active_seconds INTEGER);
  CREATE TEMP TABLE IF NOT EXISTS bench_section_template (
    k INTEGER, section_id TEXT, criteria_met TEXT, grade TEXT, suggested_grade TEXT, comment TEXT, PRIMARY KEY (k, section_id));`;

/** Adds `count` completed audits, each with every section graded. Returns the seconds it took. */
export async function generateAudits(storage: SqliteStorage, options: GenerateOptions): Promise<number> {
  const started = performance.now();
  const templates = options.templates ?? 5000;
  const status = options.status ?? 'completed';
  const db = storage.db;
  await db.exec(TEMPLATE_TABLES);
  const have = (await db.get<{ n: number }>('SELECT count(*) AS n FROM bench_audit_template'))?.n ?? 0;
  if (have !== templates) {
    const random = seeded(2026);
    const audits = Array.from({ length: templates }, (_, k) => completedAudit(random, k));
    await db.transaction(async (tx) => {
      await tx.run('DELETE FROM bench_audit_template');
      await tx.run('DELETE FROM bench_section_template');
      for (let i = 0; i < audits.length; i += 200) {
        const chunk = audits.slice(i, i + 200);
        await tx.run(
          `INSERT INTO bench_audit_template VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
          chunk.flatMap((a, j) => [i + j, a.auditorId, a.auditorRole, a.plan.planType, a.plan.phase, a.plan.primaryNeed, a.plan.settingType,
            a.plan.teamRef, a.plan.caseworkerRef, JSON.stringify(a.overall), a.overall.grade, a.activeSeconds]),
        );
        const sections = chunk.flatMap((a, j) => Object.entries(a.sections).map(([id, s]) => [i + j, id, JSON.stringify(s.criteriaMet), s.grade, s.suggestedGrade, s.comment ?? null]));
        await tx.run(`INSERT INTO bench_section_template VALUES ${sections.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`, sections.flat());
      }
    });
  }
  const cycleCount = options.cycles.length;
  const cycleCase = (field: 'id' | 'startDate') =>
    `CASE n.i % ${cycleCount} ${options.cycles.map((_, c) => `WHEN ${c} THEN ?`).join(' ')} END`;
  const cycleParams = (field: 'id' | 'startDate') => options.cycles.map((c) => c[field]);
  const last = options.from + options.count - 1;
  const series = 'WITH RECURSIVE n(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM n WHERE i < ?)';
  // Each audit starts on one of 90 days after its cycle's start and is completed the same day.
  const started_at = `strftime('%Y-%m-%dT%H:%M:%fZ', julianday(${cycleCase('startDate')}) + (n.i * 7919 % 90) + (n.i % 480) / 1440.0)`;
  // A bigger page cache while generating only (index pages stay in memory instead of
  // spilling to the WAL mid-transaction); the adapter's own setting is restored after.
  // The rollback journal in memory without syncs while generating (only test data
  // is at stake, and it saves writing every page twice through the WAL); the
  // adapter's WAL and synchronous = FULL are put back before anything is measured.
  const cache = (await db.get<{ cache_size: number }>('PRAGMA cache_size'))?.cache_size ?? -2000;
  const journal = (await db.get<{ journal_mode: string }>('PRAGMA journal_mode'))?.journal_mode ?? 'wal';
  const synchronous = (await db.get<{ synchronous: number }>('PRAGMA synchronous'))?.synchronous ?? 2;
  // Leaving WAL needs the only connection to the file: the storage's read connections close (and reopen on the next read).
  await db.releaseReaders();
  await db.exec('PRAGMA cache_size = -524288');
  await db.exec('PRAGMA journal_mode = MEMORY');
  await db.exec('PRAGMA synchronous = OFF');
  try {
  await db.transaction(async (tx) => {
    await tx.run(
      `INSERT INTO audits (tenant, id, framework_id, framework_version, plan_ref, cycle_id, auditor_id, auditor_role, plan_type, phase,
         primary_need, setting_type, team_ref, caseworker_ref, status, version, overall, overall_grade, started_at, updated_at,
         completed_at, active_seconds, reopenings)
       ${series}
       SELECT ?, 'gen-' || printf('%08d', n.i), ?, ?, 'PLAN-' || printf('%08d', n.i), ${cycleCase('id')}, coalesce(?, t.auditor_id), t.auditor_role,
         t.plan_type, t.phase, t.primary_need, t.setting_type, t.team_ref, t.caseworker_ref, ?, 14, t.overall, t.overall_grade,
         s.at, s.at, CASE WHEN ? = 'completed' THEN s.at END, t.active_seconds, '[]'
       FROM n JOIN bench_audit_template t ON t.k = n.i % ${templates}
       JOIN (SELECT n.i AS i, ${started_at} AS at FROM n) s ON s.i = n.i`,
      [options.from, last, options.tenant, framework.id, framework.version, ...cycleParams('id'), options.auditorId ?? null, status, status, ...cycleParams('startDate')],
    );
    await tx.run(
      `INSERT INTO audit_sections (tenant, audit_id, section_id, criteria_met, grade, suggested_grade, override_reason, comment, saved_at)
       ${series}
       SELECT ?, 'gen-' || printf('%08d', n.i), st.section_id, st.criteria_met, st.grade, st.suggested_grade, NULL, st.comment, a.started_at
       FROM n JOIN bench_section_template st ON st.k = n.i % ${templates}
       JOIN audits a ON a.tenant = ? AND a.id = 'gen-' || printf('%08d', n.i)
       ORDER BY n.i, st.section_id`,
      [options.from, last, options.tenant, options.tenant],
    );
  });
  } finally {
    await db.exec(`PRAGMA cache_size = ${Number(cache)}`);
    await db.exec(`PRAGMA journal_mode = ${/^[a-z]+$/i.test(journal) ? journal : 'wal'}`);
    await db.exec(`PRAGMA synchronous = ${Number(synchronous)}`);
  }
  const restored = await db.get<{ journal_mode: string }>('PRAGMA journal_mode');
  const restoredSync = await db.get<{ synchronous: number }>('PRAGMA synchronous');
  if (restored?.journal_mode !== journal || restoredSync?.synchronous !== synchronous) {
    throw new Error(`after generating, journal_mode is ${restored?.journal_mode} and synchronous ${restoredSync?.synchronous}, not ${journal} and ${synchronous}`);
  }
  return (performance.now() - started) / 1000;
}
