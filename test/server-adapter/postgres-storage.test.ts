// The PostgreSQL storage beyond the conformance suites: migrations that several
// processes may run at once and that roll back whole, the refusal of a tenant-keyed
// table without row-level security, the running report counts kept equal to the rows
// through every kind of write, and compare-and-swap across several pools (as several
// adapter processes would have). Skipped, loudly, when PostgreSQL is not answering.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { verifyAuditTrail, type Audit, type SectionRecord } from 'ehcp-qa/server';
import { builtInPostgresFeatures, coreMigrations, createPostgresStorage, type PostgresStorage } from 'ehcp-qa/storage/postgres';
import { dropSchemaAndRole, POSTGRES_URL, postgresForTests } from './postgres-helpers.js';

const db = await postgresForTests('migrations, running counts and compare-and-swap across pools');

const section = (grade: string | null): SectionRecord => ({ criteriaMet: [], grade, suggestedGrade: 'good', overrideReason: null, comment: null, savedAt: '2025-01-02T00:00:00.000Z' });
function audit(overrides: Partial<Audit> = {}): Audit {
  return {
    id: randomUUID(), frameworkId: 'ehcp-plan', frameworkVersion: '1.0.0', planRef: `PLAN-${randomUUID()}`, cycleId: null, auditorId: 'aud-1',
    auditorRole: 'health', plan: { planType: 'new', phase: 'primary', primaryNeed: 'ASD', settingType: 'special' }, status: 'in-progress', version: 1,
    sections: {}, overall: null, startedAt: '2025-01-02T00:00:00.000Z', updatedAt: '2025-01-02T00:00:00.000Z', completedAt: null, activeSeconds: 0,
    reopenings: [], ...overrides,
  };
}
const allIds = [...coreMigrations, ...builtInPostgresFeatures.flatMap((f) => f.migrations ?? [])].map((m) => m.id).sort((a, b) => a - b);
const freshSchema = () => `ehcp_qa_test_${randomBytes(5).toString('hex')}`;

if (db) {
  const { pool } = db;

  test('postgres migrations: four processes starting at once on an empty schema apply each migration exactly once', async () => {
    const schema = freshSchema();
    const pools = Array.from({ length: 4 }, () => new pg.Pool({ connectionString: POSTGRES_URL, max: 2 }));
    try {
      const storages = await Promise.all(pools.map((p) => createPostgresStorage({ pool: p, schema })));
      const applied = storages.flatMap((s) => s.appliedMigrations).sort((a, b) => a - b);
      assert.deepEqual(applied, allIds, 'every migration applied once, by one of the four');
      const recorded = await pool.query<{ id: number }>(`SELECT id FROM "${schema}".schema_migrations ORDER BY id`);
      assert.deepEqual(recorded.rows.map((r) => r.id), allIds);
      // Each of the four works.
      await Promise.all(storages.map((s, i) => s.createAudit(`la-${i}`, audit())));
      const again = await createPostgresStorage({ pool, schema });
      assert.deepEqual(again.appliedMigrations, [], 'a later start finds nothing to do');
      for (const s of [...storages, again]) await s.close();
    } finally {
      await Promise.all(pools.map((p) => p.end()));
      await dropSchemaAndRole(pool, schema, `${schema}_app`);
    }
  });

  test('postgres migrations: a failing migration rolls back whole and is not recorded; a tenant table without row-level security is refused', async () => {
    const schema = freshSchema();
    try {
      const failing = { id: 9000, name: 'test: half a migration', up: 'CREATE TABLE half_done (a integer); SELECT 1 / 0;' };
      await assert.rejects(createPostgresStorage({ pool, schema, migrations: [failing] }), /migration 9000 \(test: half a migration\) failed: division by zero/);
      const half = await pool.query(`SELECT to_regclass('"${schema}".half_done') AS t`);
      assert.equal(half.rows[0]!.t, null, 'its first statement was rolled back');
      const recorded = await pool.query<{ id: number }>(`SELECT id FROM "${schema}".schema_migrations ORDER BY id`);
      assert.deepEqual(recorded.rows.map((r) => r.id), allIds, 'the migrations before it stay applied; it is not recorded');
      const fixed = await createPostgresStorage({ pool, schema, migrations: [{ ...failing, up: 'CREATE TABLE half_done (a integer)' }] });
      assert.deepEqual(fixed.appliedMigrations, [9000]);
      await fixed.close();

      const leaky = { id: 9001, name: 'test: a tenant table someone forgot to protect', up: 'CREATE TABLE leaky (tenant text NOT NULL, secret text)' };
      await assert.rejects(createPostgresStorage({ pool, schema, migrations: [leaky] }), /leaky .*no row-level security.*tenantRowSecurity/);
    } finally {
      await dropSchemaAndRole(pool, schema, `${schema}_app`);
    }
  });

  test('postgres reports: the running counts, the audits\' section grades and the sections\' copies of their audit\'s keys stay equal to the rows through every kind of write', async () => {
    const s = await createPostgresStorage({ pool, schema: db.schema });
    const tenant = `la-${randomUUID()}`;
    const compare = async (what: string) => s.db.maintenance(async (tx) => {
      const stale = await tx.all(`SELECT s.audit_id, s.section_id FROM audit_sections s JOIN audits a ON a.tenant = s.tenant AND a.id = s.audit_id
        WHERE (s.status, s.framework_id, s.cycle_id) IS DISTINCT FROM (a.status, a.framework_id, a.cycle_id)`);
      assert.deepEqual(stale, [], `${what}: sections carry their audit's status, framework and cycle`);
      const unsynced = await tx.all(`SELECT a.id FROM audits a WHERE a.section_grades IS DISTINCT FROM coalesce((SELECT jsonb_object_agg(s.section_id, s.grade)
        FROM audit_sections s WHERE s.tenant = a.tenant AND s.audit_id = a.id AND s.grade IS NOT NULL), '{}')`);
      assert.deepEqual(unsynced, [], `${what}: each audit's section_grades equal its graded sections`);
      const overallWant = await tx.all(`SELECT tenant, status, framework_id, coalesce(cycle_id, '') AS cycle_key, coalesce(overall_grade, '') AS grade_key, count(*)::int AS n
        FROM audits GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`);
      const overallHave = await tx.all(`SELECT tenant, status, framework_id, cycle_key, grade_key, sum(n)::int AS n FROM report_overall_counts
        GROUP BY 1, 2, 3, 4, 5 HAVING sum(n) <> 0 ORDER BY 1, 2, 3, 4, 5`);
      assert.deepEqual(overallHave, overallWant, `${what}: overall counts`);
      const gradesWant = await tx.all(`SELECT s.tenant, a.status, a.framework_id, coalesce(a.cycle_id, '') AS cycle_key, s.section_id, s.grade, count(*)::int AS n
        FROM audit_sections s JOIN audits a ON a.tenant = s.tenant AND a.id = s.audit_id WHERE s.grade IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`);
      const gradesHave = await tx.all(`SELECT tenant, status, framework_id, cycle_key, section_id, grade, sum(n)::int AS n FROM report_grade_counts
        GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(n) <> 0 ORDER BY 1, 2, 3, 4, 5, 6`);
      assert.deepEqual(gradesHave, gradesWant, `${what}: section grade counts`);
      const timesWant = await tx.all(`SELECT tenant, status, framework_id, coalesce(cycle_id, '') AS cycle_key, active_seconds, count(*)::int AS n
        FROM audits GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`);
      const timesHave = await tx.all(`SELECT tenant, status, framework_id, cycle_key, active_seconds, sum(n)::int AS n FROM report_time_counts
        GROUP BY 1, 2, 3, 4, 5 HAVING sum(n) <> 0 ORDER BY 1, 2, 3, 4, 5`);
      assert.deepEqual(timesHave, timesWant, `${what}: active-time histogram`);
      const negative = await tx.get<{ n: number }>(`SELECT (SELECT count(*) FROM report_overall_counts WHERE n < 0)::int + (SELECT count(*) FROM report_grade_counts WHERE n < 0)::int
        + (SELECT count(*) FROM report_time_counts WHERE n < 0)::int AS n`);
      assert.equal(negative?.n, 0, `${what}: no counter below zero`);
      return (gradesWant as unknown[]).length;
    });
    try {
      const cycle = (id: string) => ({ id, name: id, startDate: '2025-01-01', endDate: '2025-03-31', kpiTarget: null, createdAt: '2025-01-01T00:00:00.000Z' });
      await s.createCycle(tenant, cycle('cycle-one'));
      await s.createCycle(tenant, cycle('cycle-two'));
      const a = audit({ cycleId: 'cycle-one', sections: { A: section('good'), B: section(null) } });
      await s.createAudit(tenant, a);
      assert.ok((await compare('after create')) > 0);
      assert.ok((await s.updateAudit(tenant, { ...a, version: 2, activeSeconds: 90, sections: { A: section('inadequate'), B: section('na'), C: section('good') } }, 1)).ok);
      await compare('after a save changes grades and adds a section');
      const done = { ...a, version: 3, status: 'completed' as const, cycleId: 'cycle-two', completedAt: '2025-01-03T00:00:00.000Z', sections: { A: section('good') },
        overall: { grade: 'good', meanPoints: 3, pointsGrade: 'good', limitedBy: null, explanation: 'x' } };
      assert.ok((await s.updateAudit(tenant, done, 2)).ok);
      await compare('after completing, moving cycle and dropping sections');
      // Behind the storage's back: a section's grade, then the audit's status, changed in SQL.
      await s.db.transaction(tenant, (tx) => tx.query("UPDATE audit_sections SET grade = 'requires-improvement' WHERE tenant = $1 AND audit_id = $2", [tenant, a.id]));
      await compare('after a direct update of a section');
      await s.db.transaction(tenant, (tx) => tx.query("UPDATE audits SET status = 'in-progress', cycle_id = NULL WHERE tenant = $1 AND id = $2", [tenant, a.id]));
      await compare('after a direct update of the audit\'s status and cycle (the sections follow)');
      // Many audits in one batch, then concurrent saves of them through four pools, then deletes.
      const many = Array.from({ length: 30 }, (_, i) => audit({ cycleId: i % 2 ? 'cycle-one' : null, sections: { A: section('good'), B: section(i % 3 ? 'good' : 'outstanding') } }));
      assert.ok((await s.writeBatch(tenant, { createAudits: many })).ok);
      await compare('after a batch of 30');
      const pools = Array.from({ length: 4 }, () => new pg.Pool({ connectionString: POSTGRES_URL, max: 3 }));
      try {
        const others = await Promise.all(pools.map((p) => createPostgresStorage({ pool: p, schema: db.schema })));
        await Promise.all(many.map((m, i) => others[i % 4]!.updateAudit(tenant, {
          ...m, version: 2, activeSeconds: (i * 37) % 11, status: i % 2 ? 'completed' : 'in-progress', cycleId: i % 5 ? m.cycleId : 'cycle-two',
          sections: { A: section(i % 4 ? 'inadequate' : 'good'), ...(i % 3 ? {} : { C: section('na') }) },
          overall: i % 2 ? { grade: 'inadequate', meanPoints: 1, pointsGrade: 'inadequate', limitedBy: null, explanation: 'x' } : null,
        }, 1).then((r) => assert.ok(r.ok))));
        for (const o of others) await o.close();
      } finally {
        await Promise.all(pools.map((p) => p.end()));
      }
      await compare('after 30 concurrent saves through four pools');
      assert.ok((await s.writeBatch(tenant, { deleteAudits: many.slice(0, 10).map((m) => m.id) })).ok);
      await compare('after deleting audits (their sections go by cascade)');
      await s.db.transaction(tenant, (tx) => tx.query('DELETE FROM audits WHERE tenant = $1', [tenant]));
      assert.equal(await compare('after deleting them all'), 0);
    } finally {
      await s.close();
    }
  });

  test('postgres: 50 writers on one audit through four pools, each retrying on conflict, lose no update', async () => {
    const pools = Array.from({ length: 4 }, () => new pg.Pool({ connectionString: POSTGRES_URL, max: 3 }));
    try {
      const storages: PostgresStorage[] = await Promise.all(pools.map((p) => createPostgresStorage({ pool: p, schema: db.schema })));
      const tenant = `la-${randomUUID()}`;
      const a = audit();
      await storages[0]!.createAudit(tenant, a);
      let conflicts = 0;
      await Promise.all(Array.from({ length: 50 }, async (_, i) => {
        const s = storages[i % 4]!;
        for (;;) {
          const current = (await s.getAudit(tenant, a.id))!;
          const result = await s.updateAudit(tenant, { ...current, version: current.version + 1, activeSeconds: current.activeSeconds + 1,
            sections: { ...current.sections, [`S${i}`]: section('good') } }, current.version);
          if (result.ok) return;
          assert.equal(result.reason, 'conflict');
          conflicts++;
        }
      }));
      const final = (await storages[3]!.getAudit(tenant, a.id))!;
      assert.equal(final.version, 51);
      assert.equal(final.activeSeconds, 50, 'every increment is there');
      assert.equal(Object.keys(final.sections).length, 50, 'every writer\'s section is there');
      assert.ok(conflicts > 0, 'the writers did collide');
      for (const s of storages) await s.close();
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });

  test('postgres: through four pools at once, one unique key goes to exactly one batch, and one LA\'s trail stays numbered 1 to 40 with a chain that verifies', async () => {
    const pools = Array.from({ length: 4 }, () => new pg.Pool({ connectionString: POSTGRES_URL, max: 3 }));
    try {
      const storages = await Promise.all(pools.map((p) => createPostgresStorage({ pool: p, schema: db.schema })));
      const tenant = `la-${randomUUID()}`;
      const claims = await Promise.all(Array.from({ length: 20 }, (_, i) => storages[i % 4]!.writeBatch(tenant, {
        createAudits: [audit()],
        records: [{ collection: 'moderation-assignments', id: `m${i}`, data: { i }, expectedVersion: null, unique: ['open:first-1:second-2'] }],
        trail: [{ actor: 'u', operation: 'moderation.assigned', subjectType: 'moderation', subjectId: `m${i}`, auditId: null, beforeVersion: null, afterVersion: 1, details: {} }],
      })));
      assert.equal(claims.filter((r) => r.ok).length, 1, 'one batch wins the key');
      assert.equal((await storages[0]!.listRecords(tenant, 'moderation-assignments')).items.length, 1);
      assert.equal((await storages[1]!.listAudits(tenant, {}, {})).items.length, 1, 'the losers left no audit');
      await Promise.all(Array.from({ length: 39 }, (_, i) => storages[i % 4]!.writeBatch(tenant, {
        trail: [{ actor: 'u', operation: 'audit.section-saved', subjectType: 'audit', subjectId: `a${i}`, auditId: null, beforeVersion: 1, afterVersion: 2, details: { i } }],
      }).then((r) => assert.ok(r.ok))));
      const seqs: number[] = [];
      let cursor: string | undefined;
      do {
        const page = await storages[2]!.listAuditTrail(tenant, {}, { limit: 100, ...(cursor ? { cursor } : {}) });
        seqs.push(...page.items.map((e) => e.seq));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      assert.deepEqual(seqs, Array.from({ length: 40 }, (_, i) => i + 1));
      assert.equal((await verifyAuditTrail(storages[3]!, tenant)).ok, true);
      for (const s of storages) await s.close();
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });

  test('postgres: with a connection string the storage makes its own named pool and ends it on close; a pool it is given stays open', async () => {
    const s = await createPostgresStorage({ connectionString: POSTGRES_URL, schema: db.schema, poolSize: 2 });
    const tenant = `la-${randomUUID()}`;
    await s.putRecord(tenant, 'notes', 'n1', { text: 'x' });
    assert.equal((await s.getRecord(tenant, 'notes', 'n1'))?.version, 1);
    const names = await pool.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'ehcp-qa' AND datname = current_database()");
    assert.ok(names.rows[0]!.n >= 1, 'its connections are named ehcp-qa');
    await s.close();
    assert.equal(s.db.pool.ending, true, 'its own pool is ended');
    const given = await createPostgresStorage({ pool, schema: db.schema });
    await given.close();
    assert.equal(pool.ending, false, 'a pool it was given stays open');
    assert.equal((await pool.query('SELECT 1 AS one')).rows[0].one, 1);
  });
}
