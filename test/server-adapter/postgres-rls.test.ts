// Tenant isolation in the database itself: row-level security on every tenant-keyed
// table, whatever SQL runs. The test server's users are superusers (who always bypass
// row-level security), so these tests look at what the storage really runs as: its app
// role (SET LOCAL ROLE per transaction), and, in the last tests, a storage that
// connects as an ordinary owner role, as a vendor's deployment would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Audit } from 'ehcp-qa/server';
import { builtInPostgresFeatures, createPostgresStorage, crossTenantLookup, tenantRowSecurity, type PostgresFeature, type PostgresStorage } from 'ehcp-qa/storage/postgres';
import { dropSchemaAndRole, POSTGRES_URL, postgresForTests } from './postgres-helpers.js';

const db = await postgresForTests('row-level security');

function audit(overrides: Partial<Audit> = {}): Audit {
  return {
    id: randomUUID(), frameworkId: 'ehcp-plan', frameworkVersion: '1.0.0', planRef: `PLAN-${randomUUID()}`, cycleId: null, auditorId: 'aud-1',
    auditorRole: 'send-caseworker', plan: { planType: 'new', phase: 'primary', primaryNeed: 'ASD', settingType: 'mainstream' }, status: 'completed',
    version: 1, sections: { A: { criteriaMet: ['A.1'], grade: 'good', suggestedGrade: 'good', overrideReason: null, comment: null, savedAt: '2025-01-01T00:00:00.000Z' } },
    overall: { grade: 'good', meanPoints: 3, pointsGrade: 'good', limitedBy: null, explanation: 'x' },
    startedAt: '2025-01-01T00:00:00.000Z', updatedAt: '2025-01-01T00:00:00.000Z', completedAt: '2025-01-02T00:00:00.000Z', activeSeconds: 60, reopenings: [],
    ...overrides,
  };
}

/** Writes something in every core, report and feature table for `tenant`. */
async function fill(s: PostgresStorage, tenant: string): Promise<void> {
  const cycle = { id: `cycle-${randomUUID()}`, name: 'Spring', startDate: '2025-01-01', endDate: '2025-03-31', kpiTarget: null, createdAt: '2025-01-01T00:00:00.000Z' };
  const [planAudit, adviceAudit] = [audit({ cycleId: cycle.id }), audit()];
  const result = await s.writeBatch(tenant, {
    createCycles: [cycle],
    createAudits: [planAudit, adviceAudit],
    records: [{ collection: 'pairs', id: `p-${randomUUID()}`, data: { secret: tenant }, unique: [`k-${tenant}`] }],
    trail: [{ actor: 'u-1', operation: 'audit.created', subjectType: 'audit', subjectId: 'x', auditId: null, beforeVersion: null, afterVersion: 1, details: {} }],
  });
  assert.ok(result.ok);
  // The feature tables (contributions, feedback, planning), through their capabilities.
  const at = '2025-01-02T00:00:00.000Z';
  await s.putAdviceContributor!(tenant, { auditId: adviceAudit.id, planRef: adviceAudit.planRef, serviceRef: 'ep', teamRef: null, createdAt: at });
  await s.replaceSectionWeakenings!(tenant, planAudit.id, 'A', [{
    planAuditId: planAudit.id, sectionId: 'A', adviceAuditId: adviceAudit.id, planRef: planAudit.planRef, serviceRef: 'ep', teamRef: null, markedBy: 'u-1', markedAt: at,
  }]);
  const request = {
    id: `fbq_${randomUUID().replaceAll('-', '')}`, tokenHash: randomUUID(), planRef: planAudit.planRef, cycleId: null, respondentType: 'parent-carer' as const,
    questionnaireId: 'parent-carer', questionnaireVersion: '1.0.0', linked: true, plan: planAudit.plan, createdBy: 'u-1', createdAt: at,
    expiresAt: '2099-01-01T00:00:00.000Z', status: 'open' as const, usedAt: null, revokedAt: null, submissionKeyHash: null, version: 1,
  };
  await s.createFeedbackRequest!(tenant, request);
  const submitted = await s.submitFeedback!(tenant, request.id, 'key', {
    id: `fbr_${randomUUID().replaceAll('-', '')}`, cycleId: null, respondentType: 'parent-carer', questionnaireId: 'parent-carer', questionnaireVersion: '1.0.0',
    linked: true, planRef: planAudit.planRef, plan: planAudit.plan, answers: {}, submittedOn: '2025-01-02',
  }, at);
  assert.ok(submitted.ok);
  await s.registerPlans!(tenant, [{ planRef: planAudit.planRef, status: 'final', planType: 'new', phase: 'primary', primaryNeed: 'ASD', settingType: 'mainstream' }], at);
}

/** The tables of the schema that have a tenant column. */
async function tenantTables(client: pg.PoolClient | pg.Pool, schema: string): Promise<string[]> {
  const rows = await client.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.columns WHERE table_schema = $1 AND column_name = 'tenant' ORDER BY 1", [schema]);
  return rows.rows.map((r) => r.table_name);
}

/** Runs `fn` on one connection inside BEGIN … ROLLBACK, as the app role, with the tenant setting given (or none). */
async function asAppRole<T>(pool: pg.Pool, schema: string, appRole: string, tenant: string | null, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`SET LOCAL ROLE "${appRole}"`);
    await client.query(`SET LOCAL search_path = "${schema}"`);
    if (tenant !== null) await client.query("SELECT set_config('ehcp_qa.tenant', $1, true)", [tenant]);
    return await fn(client);
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
    client.release();
  }
}

if (db) {
  const { pool, schema, appRole } = db;

  test('postgres rls: every tenant-keyed table has row-level security enabled and forced, with the tenant policy', async () => {
    const s = await createPostgresStorage({ pool, schema });
    await s.close();
    const tables = await tenantTables(pool, schema);
    assert.ok(tables.length >= 8, tables.join(', '));
    const rows = await pool.query<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean; policies: string[] }>(
      `SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, array(SELECT polname::text FROM pg_policy WHERE polrelid = c.oid ORDER BY 1) AS policies
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = ANY ($2::text[]) ORDER BY 1`,
      [schema, tables],
    );
    assert.equal(rows.rows.length, tables.length);
    for (const r of rows.rows) assert.deepEqual([r.relname, r.relrowsecurity, r.relforcerowsecurity, r.policies], [r.relname, true, true, ['owner_maintenance', 'tenant_isolation']]);
  });

  test('postgres rls: the storage runs as its app role, not a superuser, without BYPASSRLS, with the tenant set for the transaction only', async () => {
    const one = new pg.Pool({ connectionString: POSTGRES_URL, max: 1 });
    try {
      const s = await createPostgresStorage({ pool: one, schema });
      const inside = await s.db.transaction('la-inside', (tx) => tx.get<{ who: string; tenant: string; super: boolean; bypass: boolean; path: string }>(
        `SELECT current_user AS who, current_setting('ehcp_qa.tenant') AS tenant, r.rolsuper AS super, r.rolbypassrls AS bypass, current_setting('search_path') AS path
           FROM pg_roles r WHERE r.rolname = current_user`));
      assert.deepEqual(inside, { who: appRole, tenant: 'la-inside', super: false, bypass: false, path: `"${schema}"` });
      // The same (only) connection afterwards: back to its own role, no tenant.
      const afterwards = await one.query<{ who: string; tenant: string | null }>("SELECT current_user AS who, current_setting('ehcp_qa.tenant', true) AS tenant");
      assert.notEqual(afterwards.rows[0]!.who, appRole);
      assert.ok(!afterwards.rows[0]!.tenant, 'no tenant is left on the pooled connection');
      // A failed transaction leaves nothing behind either.
      await assert.rejects(s.db.transaction('la-failed', (tx) => tx.query('SELECT 1/0')));
      const afterFailure = await one.query<{ tenant: string | null }>("SELECT current_setting('ehcp_qa.tenant', true) AS tenant");
      assert.ok(!afterFailure.rows[0]!.tenant);
      await s.close();
    } finally {
      await one.end();
    }
  });

  test('postgres rls: a query without the tenant setting sees nothing, and with tenant A sees none of B\'s rows', async () => {
    const s = await createPostgresStorage({ pool, schema });
    const [a, b] = [`la-a-${randomUUID()}`, `la-b-${randomUUID()}`];
    await fill(s, a);
    await fill(s, b);
    await s.close();
    const tables = await tenantTables(pool, schema);
    // As the owner (a superuser here), both tenants' rows are there in every table.
    for (const table of tables) {
      const owner = await pool.query<{ n: number }>(`SELECT count(DISTINCT tenant)::int AS n FROM "${schema}"."${table}" WHERE tenant IN ($1, $2)`, [a, b]);
      assert.equal(owner.rows[0]!.n, 2, `${table} has rows of both tenants`);
    }
    await asAppRole(pool, schema, appRole, null, async (c) => {
      for (const table of tables) {
        const seen = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}"`);
        assert.equal(seen.rows[0]!.n, 0, `${table}: no tenant set, no rows`);
      }
    });
    await asAppRole(pool, schema, appRole, a, async (c) => {
      for (const table of tables) {
        // No WHERE on tenant at all: the policy alone keeps B out.
        const seen = await c.query<{ tenant: string }>(`SELECT DISTINCT tenant FROM "${table}"`);
        assert.deepEqual(seen.rows.map((r) => r.tenant), [a], `${table}: only A's rows`);
        const asked = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}" WHERE tenant = $1`, [b]);
        assert.equal(asked.rows[0]!.n, 0, `${table}: asking for B by name finds nothing`);
      }
      // B's rows cannot be changed or removed, and no row can be written for B.
      assert.equal((await c.query('UPDATE audits SET plan_ref = $1 WHERE tenant = $2', ['HIJACKED', b])).rowCount, 0);
      assert.equal((await c.query('DELETE FROM records WHERE tenant = $1', [b])).rowCount, 0);
      await c.query('SAVEPOINT s');
      await assert.rejects(
        c.query("INSERT INTO records (tenant, collection, id, version, data, created_at, updated_at) VALUES ($1, 'pairs', 'x', 1, '{}', 'now', 'now')", [b]),
        /row-level security/,
      );
      await c.query('ROLLBACK TO SAVEPOINT s');
      // Moving one of A's rows to B is refused too (WITH CHECK).
      await assert.rejects(c.query('UPDATE records SET tenant = $1', [b]), /row-level security/);
    });
    // And through the storage's own transactions, with SQL that forgets the tenant:
    const again = await createPostgresStorage({ pool, schema });
    const tenants = await again.db.transaction(a, (tx) => tx.all<{ tenant: string }>('SELECT DISTINCT tenant FROM audits'));
    assert.deepEqual(tenants.map((r) => r.tenant), [a]);
    const none = await again.db.withoutTenant((tx) => tx.get<{ n: number }>('SELECT count(*)::int AS n FROM audits'));
    assert.equal(none?.n, 0);
    await again.close();
  });

  test('postgres rls: the app role may append to the audit trail and blank an entry (a tombstone), never delete one or change its place in the chain', async () => {
    const s = await createPostgresStorage({ pool, schema });
    const tenant = `la-${randomUUID()}`;
    await fill(s, tenant);
    await s.close();
    await asAppRole(pool, schema, appRole, tenant, async (c) => {
      await c.query('SAVEPOINT s');
      await assert.rejects(c.query('DELETE FROM audit_trail'), /permission denied/);
      await c.query('ROLLBACK TO SAVEPOINT s');
      await assert.rejects(c.query("UPDATE audit_trail SET hash = 'x'"), /permission denied/);
      await c.query('ROLLBACK TO SAVEPOINT s');
      await assert.rejects(c.query('SELECT * FROM schema_migrations'), /permission denied/);
      await c.query('ROLLBACK TO SAVEPOINT s');
      assert.equal((await c.query("UPDATE audit_trail SET details = '{}', tombstone = true")).rowCount, 1);
    });
  });

  test('postgres rls: a storage connecting as an ordinary owner role works, is held to row-level security, and crosses tenants only through its lookup function', async () => {
    const suffix = randomUUID().replace(/-/g, '').slice(0, 10);
    const owner = `ehcp_qa_test_owner_${suffix}`;
    const ownSchema = `ehcp_qa_test_owned_${suffix}`;
    const ownApp = `${ownSchema}_app`;
    const database = (await pool.query<{ db: string }>('SELECT current_database() AS db')).rows[0]!.db;
    await pool.query(`CREATE ROLE "${owner}" LOGIN CREATEROLE`);
    await pool.query(`GRANT CREATE ON DATABASE "${database}" TO "${owner}"`);
    const url = new URL(POSTGRES_URL);
    url.username = owner;
    // A feature with its own tenant-keyed table and a lookup across tenants by a unique key.
    const links: PostgresFeature = {
      name: 'test-links',
      migrations: [{
        id: 9100,
        name: 'test: links with a token unique across tenants',
        up: (context) => `
          CREATE TABLE links (tenant text NOT NULL, id text NOT NULL, token text NOT NULL UNIQUE, note text, PRIMARY KEY (tenant, id));
          ${tenantRowSecurity('links')}
          ${crossTenantLookup({ name: 'link_by_token', table: 'links', by: 'token' })(context)}`,
      }],
    };
    const ownerPool = new pg.Pool({ connectionString: url.toString(), max: 4 });
    try {
      const s = await createPostgresStorage({ pool: ownerPool, schema: ownSchema, features: [...builtInPostgresFeatures, links] });
      const [a, b] = [`la-a-${randomUUID()}`, `la-b-${randomUUID()}`];
      await fill(s, a);
      await fill(s, b);
      assert.equal((await s.listAudits(a, {}, {})).items.length, 2);
      assert.deepEqual(Object.keys((await s.summarizeAudits!(b, {})).overall), ['good']);
      await s.db.transaction(a, (tx) => tx.query("INSERT INTO links (tenant, id, token, note) VALUES ($1, 'l1', 'token-a', 'private note')", [a]));
      await s.db.transaction(b, (tx) => tx.query("INSERT INTO links (tenant, id, token, note) VALUES ($1, 'l1', 'token-b', 'private note')", [b]));
      // The owner itself, connected directly, sees nothing without a tenant (FORCE ROW LEVEL SECURITY) …
      const direct = await ownerPool.query<{ n: number }>(`SELECT (SELECT count(*) FROM "${ownSchema}".audits)::int + (SELECT count(*) FROM "${ownSchema}".links)::int AS n`);
      assert.equal(direct.rows[0]!.n, 0);
      // … and everything in a maintenance transaction (migrations, operators' tools).
      const maintained = await s.db.maintenance((tx) => tx.get<{ n: number }>('SELECT count(DISTINCT tenant)::int AS n FROM audits WHERE tenant IN ($1, $2)', [a, b]));
      assert.equal(maintained?.n, 2);
      // The lookup finds a link's tenant and id from its token, with no tenant set, and nothing else of the row.
      const found = await s.db.withoutTenant((tx) => tx.all('SELECT * FROM link_by_token($1)', ['token-b']));
      assert.deepEqual(found, [{ tenant: b, id: 'l1' }]);
      assert.deepEqual(await s.db.withoutTenant((tx) => tx.all('SELECT * FROM link_by_token($1)', ['no-such-token'])), []);
      // Outside the function, the app role still sees no link without its tenant.
      assert.equal((await s.db.withoutTenant((tx) => tx.get<{ n: number }>('SELECT count(*)::int AS n FROM links')))?.n, 0);
      // It runs as the owner, and nobody but the owner and the app role may call it (not PUBLIC).
      const fn = await pool.query<{ definer: boolean; grantees: string[] }>(
        `SELECT p.prosecdef AS definer, array(SELECT coalesce(r.rolname::text, 'PUBLIC') FROM aclexplode(p.proacl) x LEFT JOIN pg_roles r ON r.oid = x.grantee
                                           WHERE x.privilege_type = 'EXECUTE' ORDER BY 1) AS grantees
           FROM pg_proc p WHERE p.proname = 'link_by_token' AND p.pronamespace = $1::regnamespace`, [ownSchema]);
      assert.deepEqual(fn.rows, [{ definer: true, grantees: [ownApp, owner].sort() }]);
      await s.close();
    } finally {
      await ownerPool.end();
      await dropSchemaAndRole(pool, ownSchema, ownApp, owner);
    }
  });
}
