// Migrations 206, 207 and 208 on files written before them (each test opens the file with the migrations up to the one it tests). 206: the report tables as migrations 200-205 left them (with
// report_section_grades and its indexes, kept by their triggers) are upgraded in place. The running counts
// come through unchanged and equal to a recount, every report answer equals one computed from the rows,
// and the new triggers keep the counts right through the writes that follow.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtInSqliteFeatures, createSqliteStorage, type SqliteStorage } from 'ehcp-qa/storage/sqlite';
import { aggregateRows } from '../../server-adapter/reports/aggregate.js';
import type { Audit, ReportFilter, SectionRecord } from '../../server-adapter/storage/types.js';
import { assertCountersEqualRecount } from './report-recount.js';

const tenants = ['la-up-1', 'la-up-2'];
const GRADES = ['outstanding', 'good', 'requires-improvement', 'inadequate', 'na', null] as const;
const SECTIONS = ['A', 'B', 'C', 'D', 'E'];
const PHASES = ['primary', 'secondary', 'post-16'] as const;
const NEEDS = ['ASD', 'SLCN', 'SEMH'] as const;

/** A small deterministic random source, so a failure can be replayed. */
function seeded(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}
const random = seeded(206);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const section = (grade: string | null): SectionRecord =>
  ({ criteriaMet: [], grade, suggestedGrade: 'good', overrideReason: null, comment: null, savedAt: '2026-01-01T00:00:00.000Z' });

function newAudit(id: string): Audit {
  return {
    id, frameworkId: 'ehcp-plan', frameworkVersion: '1.0.0', planRef: `PLAN-${id}`, cycleId: pick(['cycle-a', 'cycle-b', null]),
    auditorId: pick(['aud-1', 'aud-2']), auditorRole: pick(['health', 'social-care'] as const),
    plan: { planType: pick(['new', 'annual-review'] as const), phase: pick(PHASES), primaryNeed: pick(NEEDS), settingType: pick(['mainstream', 'special'] as const),
      teamRef: pick(['team-n', 'team-s']) },
    status: 'in-progress', version: 1,
    sections: Object.fromEntries(SECTIONS.map((s) => [s, section(pick(GRADES))])), overall: null,
    startedAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', completedAt: null, activeSeconds: Math.floor(random() * 3600), reopenings: [],
  };
}

/** One random write per audit: a regrade, a completion, a reopening, a plan change or a deletion. */
async function writeRound(s: SqliteStorage, tenant: string, audits: Map<string, Audit>, round: number) {
  const now = `2026-02-${String(1 + round).padStart(2, '0')}T00:00:00.000Z`;
  for (const base of [...audits.values()]) {
    const roll = random();
    if (roll < 0.05) {
      assert.ok((await s.writeBatch(tenant, { deleteAudits: [base.id] })).ok);
      audits.delete(base.id);
      continue;
    }
    let next: Audit = { ...base, version: base.version + 1, updatedAt: now, activeSeconds: base.activeSeconds + 30 };
    let changed: string[] = [];
    if (roll < 0.25 && base.status === 'in-progress') {
      next = { ...next, status: 'completed', completedAt: now, overall: { grade: pick(['good', 'inadequate']) } as unknown as Audit['overall'] };
    } else if (roll < 0.3 && base.status === 'completed') {
      next = { ...next, status: 'in-progress', completedAt: null, overall: null };
    } else if (roll < 0.4) {
      next = { ...next, cycleId: pick(['cycle-a', 'cycle-b', null]), auditorRole: pick(['health', 'social-care'] as const),
        plan: { ...base.plan, phase: pick(PHASES), primaryNeed: pick(NEEDS) } };
    } else {
      const id = pick(SECTIONS);
      changed = [id];
      next = { ...next, sections: { ...base.sections, [id]: section(pick(GRADES)) } };
    }
    const result = await s.writeBatch(tenant, { updateAudits: [{ next, expectedVersion: base.version, changedSections: changed }] });
    assert.ok(result.ok, `save of ${base.id}`);
    audits.set(base.id, result.updatedAudits[0]!);
  }
}

/** Filters of every kind: answered by the running counts (status, framework, cycle, one counted filter) and not. */
const FILTERS: ReportFilter[] = [
  { status: 'completed', frameworkId: 'ehcp-plan' },
  { status: 'in-progress', cycleId: 'cycle-a' },
  { status: 'completed', phase: 'secondary' },
  { cycleId: 'cycle-b', primaryNeed: 'ASD' },
  { status: 'completed', phase: 'primary', primaryNeed: 'SLCN' },
  { cycleId: 'cycle-a', phase: 'secondary', settingType: 'special', auditorRole: 'health' },
  { status: 'completed', teamRef: 'team-n' },
  { auditorId: 'aud-2' },
  { status: 'completed', completedFrom: '2026-02-02', completedTo: '2026-02-05' },
  // In-progress audits have no completion time: a bound alone must leave them out.
  { completedTo: '2026-02-05' },
  { cycleId: 'cycle-a', completedFrom: '2026-02-03' },
];

/** The built-in features with the reports' migrations before `id` only: the storage as it was before that migration. */
const featuresBefore = (id: number) => builtInSqliteFeatures.map((f) => (f.name === 'reports' ? { ...f, migrations: f.migrations!.filter((m) => m.id < id) } : f));

/** Rounds 3 to 8 of writes on every tenant, the counters checked against a recount after each, then every report against the rows. */
async function writeRoundsAndCheck(s: SqliteStorage, audits: Map<string, Map<string, Audit>>, file: string) {
  for (let round = 3; round < 9; round++) {
    for (const tenant of tenants) await writeRound(s, tenant, audits.get(tenant)!, round);
    await assertCountersEqualRecount(s, `after round ${round} on the ${file}`);
  }
  await assertReportsEqualRows(s, `after writes on the ${file}`);
}

/** Each filter's push-down answer equals the one computed from the audits' rows. */
async function assertReportsEqualRows(s: SqliteStorage, what: string) {
  for (const tenant of tenants) {
    for (const filter of FILTERS) {
      const want = aggregateRows(await s.listAuditsForReport(tenant, filter));
      assert.deepEqual(await s.reportAggregates!(tenant, filter), want, `${what}: ${tenant} ${JSON.stringify(filter)}`);
    }
  }
}

test('migration 206 upgrades a file written by migrations 200-205 in place: counts carried over, equal to a recount, and kept by the new triggers', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ehcp-qa-reports-206-'));
  const file = join(dir, 'qa.sqlite');
  try {
    // The file as the storage wrote it before 206: the same features, with the reports' migrations up to 205.
    const before = builtInSqliteFeatures.map((f) => (f.name === 'reports' ? { ...f, migrations: f.migrations!.filter((m) => m.id < 206) } : f));
    const old = await createSqliteStorage({ filename: file, features: before });
    const audits = new Map(tenants.map((t) => [t, new Map<string, Audit>()]));
    try {
      assert.ok(old.appliedMigrations.includes(205) && !old.appliedMigrations.includes(206));
      for (const tenant of tenants) {
        for (const id of ['cycle-a', 'cycle-b']) await old.createCycle(tenant, { id, name: id, startDate: '2026-01-01', endDate: '2026-03-31', kpiTarget: null, createdAt: '2026-01-01T00:00:00.000Z' });
        for (let i = 0; i < 30; i++) {
          const a = await old.createAudit(tenant, newAudit(`up-${i}`));
          audits.get(tenant)!.set(a.id, a);
        }
        for (let round = 0; round < 3; round++) await writeRound(old, tenant, audits.get(tenant)!, round);
      }
      const sectionRows = (await old.db.get<{ n: number }>('SELECT count(*) AS n FROM report_section_grades'))!.n;
      assert.ok(sectionRows > 100, `the old file has its report_section_grades rows (${sectionRows})`);
      await assertCountersEqualRecount(old, 'before the upgrade');
    } finally {
      await old.close();
    }

    const s = await createSqliteStorage({ filename: file, features: featuresBefore(208) });
    try {
      assert.deepEqual(s.appliedMigrations, [206, 207]);
      const gone = await s.db.all("SELECT name FROM sqlite_master WHERE name LIKE 'report_section_grades%'");
      assert.deepEqual(gone, [], 'report_section_grades, its indexes and its triggers are gone');
      assert.ok(await assertCountersEqualRecount(s, 'right after the upgrade') > 100);
      await assertReportsEqualRows(s, 'right after the upgrade');
      await writeRoundsAndCheck(s, audits, 'upgraded file');
    } finally {
      await s.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Every row of the two counts-per-filter tables, zero counters included, in one order. */
async function filterCountRows(s: SqliteStorage) {
  return {
    grades: await s.db.all('SELECT tenant, status, framework_id, cycle_key, filter, value, section_id, grade, n FROM report_filter_grade_counts ORDER BY 1, 2, 3, 4, 5, 6, 7, 8'),
    overall: await s.db.all('SELECT tenant, status, framework_id, cycle_key, filter, value, grade_key, n FROM report_filter_overall_counts ORDER BY 1, 2, 3, 4, 5, 6, 7'),
  };
}
/** A table's primary key columns, in key order. */
async function primaryKey(s: SqliteStorage, table: string) {
  const columns = await s.db.all<{ name: string; pk: number }>(`SELECT name, pk FROM pragma_table_info('${table}') WHERE pk > 0 ORDER BY pk`);
  return columns.map((c) => c.name);
}

test('migration 207 re-keys a file written by migrations 200-206 in place: every counter carried over, equal to a recount, kept by the same triggers', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ehcp-qa-reports-207-'));
  const file = join(dir, 'qa.sqlite');
  try {
    const before = builtInSqliteFeatures.map((f) => (f.name === 'reports' ? { ...f, migrations: f.migrations!.filter((m) => m.id < 207) } : f));
    const old = await createSqliteStorage({ filename: file, features: before });
    const audits = new Map(tenants.map((t) => [t, new Map<string, Audit>()]));
    let rowsBefore: Awaited<ReturnType<typeof filterCountRows>>;
    let triggersBefore: unknown[];
    try {
      assert.ok(old.appliedMigrations.includes(206) && !old.appliedMigrations.includes(207));
      assert.deepEqual(await primaryKey(old, 'report_filter_grade_counts'), ['tenant', 'filter', 'value', 'status', 'framework_id', 'cycle_key', 'section_id', 'grade']);
      for (const tenant of tenants) {
        for (const id of ['cycle-a', 'cycle-b']) await old.createCycle(tenant, { id, name: id, startDate: '2026-01-01', endDate: '2026-03-31', kpiTarget: null, createdAt: '2026-01-01T00:00:00.000Z' });
        for (let i = 0; i < 30; i++) {
          const a = await old.createAudit(tenant, newAudit(`rk-${i}`));
          audits.get(tenant)!.set(a.id, a);
        }
        for (let round = 0; round < 3; round++) await writeRound(old, tenant, audits.get(tenant)!, round);
      }
      await assertCountersEqualRecount(old, 'before the re-key');
      rowsBefore = await filterCountRows(old);
      assert.ok(rowsBefore.grades.length > 200 && rowsBefore.overall.length > 50, 'the old file has counters to carry over');
      triggersBefore = await old.db.all("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name");
    } finally {
      await old.close();
    }

    const s = await createSqliteStorage({ filename: file, features: featuresBefore(208) });
    try {
      assert.deepEqual(s.appliedMigrations, [207]);
      assert.deepEqual(await primaryKey(s, 'report_filter_grade_counts'), ['tenant', 'status', 'framework_id', 'cycle_key', 'section_id', 'filter', 'value', 'grade']);
      assert.deepEqual(await primaryKey(s, 'report_filter_overall_counts'), ['tenant', 'status', 'framework_id', 'cycle_key', 'filter', 'value', 'grade_key']);
      assert.deepEqual(await filterCountRows(s), rowsBefore, 'every counter, zeros included, carried over as it was');
      assert.deepEqual(await s.db.all("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"), triggersBefore, 'the triggers that keep the counts are unchanged');
      assert.deepEqual(await s.db.all("SELECT name FROM sqlite_temp_master WHERE name LIKE 'rekey_%'"), [], 'the temporary copies are gone');
      assert.ok(await assertCountersEqualRecount(s, 'right after the re-key') > 100);
      await assertReportsEqualRows(s, 'right after the re-key');
      await writeRoundsAndCheck(s, audits, 're-keyed file');
    } finally {
      await s.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The audits' indexes on `active_seconds` that migration 208 makes partial, with the SQL that creates each. */
async function timeIndexes(s: SqliteStorage) {
  return s.db.all<{ name: string; sql: string }>(
    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audits' AND sql LIKE '%active_seconds%' ORDER BY name");
}
/** The grade counters (both tables) of one audit's key, zero counters aside. */
async function sectionCounters(s: SqliteStorage) {
  return {
    grades: await s.db.all('SELECT * FROM report_grade_counts WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5, 6'),
    byFilter: await s.db.all('SELECT * FROM report_filter_grade_counts WHERE n <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8'),
  };
}

test('migration 208 upgrades a file written by migrations 200-207 in place: section grade counts and time indexes for completed audits only, same report answers', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ehcp-qa-reports-208-'));
  const file = join(dir, 'qa.sqlite');
  try {
    const old = await createSqliteStorage({ filename: file, features: featuresBefore(208) });
    const audits = new Map(tenants.map((t) => [t, new Map<string, Audit>()]));
    try {
      assert.ok(old.appliedMigrations.includes(207) && !old.appliedMigrations.includes(208));
      for (const tenant of tenants) {
        for (const id of ['cycle-a', 'cycle-b']) await old.createCycle(tenant, { id, name: id, startDate: '2026-01-01', endDate: '2026-03-31', kpiTarget: null, createdAt: '2026-01-01T00:00:00.000Z' });
        for (let i = 0; i < 30; i++) {
          const a = await old.createAudit(tenant, newAudit(`cp-${i}`));
          audits.get(tenant)!.set(a.id, a);
        }
        for (let round = 0; round < 3; round++) await writeRound(old, tenant, audits.get(tenant)!, round);
      }
      await assertCountersEqualRecount(old, 'before 208');
      const inProgress = (await old.db.get<{ n: number }>("SELECT count(*) AS n FROM report_grade_counts WHERE status <> 'completed' AND n > 0"))!.n;
      assert.ok(inProgress > 20, `the old file counts the sections of audits in progress (${inProgress} counters)`);
      assert.equal((await timeIndexes(old)).filter((i) => i.sql.includes('WHERE')).length, 0, 'no partial index before 208');
    } finally {
      await old.close();
    }

    const s = await createSqliteStorage({ filename: file });
    try {
      assert.deepEqual(s.appliedMigrations, [208]);
      const indexes = await timeIndexes(s);
      assert.deepEqual(indexes.map((i) => i.name), [
        'audits_report_by_phase', 'audits_report_by_primary_need', 'audits_report_by_setting_type', 'audits_report_cycle_time', 'audits_report_time',
      ]);
      for (const i of indexes) assert.match(i.sql, /WHERE status = 'completed'$/, `${i.name} is partial`);
      // The reports bind the status: SQLite still walks the partial index for the median of completed audits.
      const plan = await s.db.all<{ detail: string }>(
        'EXPLAIN QUERY PLAN SELECT active_seconds FROM audits WHERE audits.tenant = ? AND audits.status = ? AND audits.framework_id = ? ORDER BY active_seconds LIMIT 1 OFFSET 3',
        [tenants[0]!, 'completed', 'ehcp-plan']);
      assert.match(plan.map((p) => p.detail).join(' / '), /COVERING INDEX audits_report_time /);
      assert.equal((await s.db.get<{ n: number }>("SELECT count(*) AS n FROM report_grade_counts WHERE status <> 'completed'"))!.n, 0);
      assert.equal((await s.db.get<{ n: number }>("SELECT count(*) AS n FROM report_filter_grade_counts WHERE status <> 'completed'"))!.n, 0);
      assert.ok(await assertCountersEqualRecount(s, 'right after 208') > 100);
      await assertReportsEqualRows(s, 'right after 208');

      // Regrading a section of an audit in progress, and removing a graded one, moves no counter.
      const tenant = tenants[0]!;
      const open = [...audits.get(tenant)!.values()].find((a) => a.status === 'in-progress'
        && SECTIONS.filter((id) => a.sections[id] !== undefined && a.sections[id]!.grade !== null).length >= 2)!;
      const countersBefore = await sectionCounters(s);
      const [removedId, sectionId] = SECTIONS.filter((id) => open.sections[id] !== undefined && open.sections[id]!.grade !== null);
      const { [removedId!]: _removed, ...kept } = open.sections;
      const regraded = await s.writeBatch(tenant, { updateAudits: [{
        next: { ...open, version: open.version + 1, sections: { ...kept, [sectionId!]: section(open.sections[sectionId!]!.grade === 'inadequate' ? 'good' : 'inadequate') } },
        expectedVersion: open.version, changedSections: [sectionId!, removedId!] }] });
      assert.ok(regraded.ok);
      audits.get(tenant)!.set(open.id, regraded.updatedAudits[0]!);
      assert.deepEqual(await sectionCounters(s), countersBefore, 'a save of an audit in progress leaves the counters as they were');
      await assertCountersEqualRecount(s, 'after a regrade in progress');

      await writeRoundsAndCheck(s, audits, 'upgraded file');
    } finally {
      await s.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
