/**
 * Schema migrations for the PostgreSQL backend, versioned in code and applied in `id`
 * order when a storage is created. Each pending migration runs in its own transaction
 * that first takes a transaction-scoped advisory lock for the schema, then re-reads
 * `schema_migrations`: two processes starting at once queue on the lock, and the
 * second finds the work done. A migration that fails rolls back whole, recording nothing.
 *
 * Id ranges, so features never collide (the same as the SQLite backend's):
 *   1–199  core (audits, cycles, records, trail)
 *   200–299 reports    300–399 moderation    400–499 benchmark
 *   500–599 audit trail    600–699 feedback    700–799 contributions    800–899 planning
 * A feature contributes its migrations through its `PostgresFeature` (features.ts).
 * Never edit a migration that has shipped: add a new one.
 *
 * Every table with a `tenant` column must have row-level security: end its migration
 * with {@link tenantRowSecurity}. After migrating, the storage refuses to start if any
 * such table lacks it (see docs/postgres.md).
 */
import { quoteIdent, type PostgresDb, type PgTx } from './db.js';

/** What a migration's SQL may need to name: both already quoted. */
export interface MigrationContext {
  /** The schema, quoted (for function bodies, which do not see the migration's search_path). */
  schema: string;
  /** The role tenant transactions run as, quoted. */
  appRole: string;
}

export interface PostgresMigration {
  id: number;
  name: string;
  /**
   * SQL statements, without parameters. They run with `search_path` set to the
   * storage's schema, as the connecting role (the owner of what they create).
   * A function gets the context, for names inside function bodies.
   */
  up: string | ((context: MigrationContext) => string);
}

/**
 * Row-level security for a tenant-keyed table: ENABLE and FORCE (so the table's owner
 * is held to it too), a policy that shows and accepts only rows whose `tenant` equals
 * the transaction's `ehcp_qa.tenant` setting (nothing at all when it is not set), and a
 * maintenance policy for the owner alone, used by migrations that must see every
 * tenant (it needs `ehcp_qa.maintenance = on`, which only the storage's maintenance
 * transactions set, and only the owner's own role can use it).
 */
export function tenantRowSecurity(table: string): string {
  const t = quoteIdent(table);
  return `
    ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY;
    ALTER TABLE ${t} FORCE ROW LEVEL SECURITY;
    CREATE POLICY tenant_isolation ON ${t}
      USING (tenant = current_setting('ehcp_qa.tenant', true))
      WITH CHECK (tenant = current_setting('ehcp_qa.tenant', true));
    CREATE POLICY owner_maintenance ON ${t} TO CURRENT_USER
      USING (current_setting('ehcp_qa.maintenance', true) = 'on')
      WITH CHECK (current_setting('ehcp_qa.maintenance', true) = 'on');
  `;
}

/**
 * The one narrow way across tenants: a function that finds a row by a key unique across
 * every tenant (for example a feedback link's token hash) and returns only the columns
 * named in `returns` (by default the tenant and the id), nothing else of the row.
 *
 * It is SECURITY DEFINER (it runs as the tables' owner) and turns `ehcp_qa.maintenance` on
 * for its one query only, so the owner's maintenance policy lets it see every tenant (the
 * policy is for the owner's role alone: the setting means nothing to the app role);
 * its search_path is fixed; only the app role may call it. Call it in
 * `db.withoutTenant(tx => tx.get('SELECT tenant, id FROM <name>($1)', [key]))`, then read
 * the row itself in `db.transaction(tenant, …)` like any other.
 *
 * @example
 * up: (context) => `CREATE TABLE feedback_requests (…); ${tenantRowSecurity('feedback_requests')}
 *   ${crossTenantLookup({ name: 'feedback_request_by_token', table: 'feedback_requests', by: 'token_hash' })(context)}`
 */
export function crossTenantLookup(options: { name: string; table: string; by: string; returns?: readonly string[] }): (context: MigrationContext) => string {
  const name = quoteIdent(options.name);
  const table = quoteIdent(options.table);
  const by = quoteIdent(options.by);
  const returns = (options.returns ?? ['tenant', 'id']).map(quoteIdent);
  return ({ schema, appRole }) => `
    CREATE FUNCTION ${schema}.${name}(p_key text) RETURNS TABLE (${returns.map((c) => `${c} text`).join(', ')})
      LANGUAGE plpgsql VOLATILE SECURITY DEFINER
      SET search_path = ${schema}, pg_temp
    AS $lookup$
    BEGIN
      -- On for this one query only (a function's SET clause cannot name a custom setting unless a superuser creates it).
      PERFORM set_config('ehcp_qa.maintenance', 'on', true);
      RETURN QUERY SELECT ${returns.map((c) => `t.${c}::text`).join(', ')} FROM ${schema}.${table} t WHERE t.${by} = p_key;
      PERFORM set_config('ehcp_qa.maintenance', 'off', true);
    END
    $lookup$;
    REVOKE ALL ON FUNCTION ${schema}.${name}(text) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION ${schema}.${name}(text) TO ${appRole};
  `;
}

/** Columns of text compared or ordered like JavaScript strings (byte order), whatever the database's collation. */
const C = 'COLLATE "C"';

export const coreMigrations: readonly PostgresMigration[] = [
  {
    id: 1,
    name: 'core: cycles, audits, audit sections, records, unique keys, audit trail; row-level security on each',
    up: ({ schema }) => `
      CREATE TABLE cycles (
        tenant      text ${C} NOT NULL CHECK (tenant <> ''),
        id          text ${C} NOT NULL,
        name        text NOT NULL,
        start_date  text ${C} NOT NULL,
        end_date    text ${C} NOT NULL,
        kpi_target  jsonb,
        created_at  text ${C} NOT NULL,
        PRIMARY KEY (tenant, id)
      );
      ${tenantRowSecurity('cycles')}

      -- fillfactor 85: room on each page, so a save (which changes no indexed column) is a HOT update.
      CREATE TABLE audits (
        tenant            text ${C} NOT NULL CHECK (tenant <> ''),
        id                text ${C} NOT NULL,
        framework_id      text ${C} NOT NULL,
        framework_version text ${C} NOT NULL,
        plan_ref          text ${C} NOT NULL,
        cycle_id          text ${C},
        auditor_id        text ${C} NOT NULL,
        auditor_role      text ${C} NOT NULL,
        plan_type         text ${C} NOT NULL,
        phase             text ${C} NOT NULL,
        primary_need      text ${C} NOT NULL,
        setting_type      text ${C} NOT NULL,
        team_ref          text ${C},
        caseworker_ref    text ${C},
        status            text ${C} NOT NULL CHECK (status IN ('in-progress', 'completed')),
        version           integer NOT NULL CHECK (version >= 1),
        overall           jsonb,
        overall_grade     text ${C},
        started_at        text ${C} NOT NULL,
        updated_at        text ${C} NOT NULL,
        completed_at      text ${C},
        active_seconds    integer NOT NULL DEFAULT 0 CHECK (active_seconds >= 0),
        reopenings        jsonb NOT NULL DEFAULT '[]',
        facts             jsonb,
        PRIMARY KEY (tenant, id),
        FOREIGN KEY (tenant, cycle_id) REFERENCES cycles (tenant, id)
      ) WITH (fillfactor = 85);
      CREATE INDEX audits_by_started ON audits (tenant, started_at, id);
      CREATE INDEX audits_by_cycle ON audits (tenant, cycle_id, status);
      CREATE INDEX audits_by_auditor ON audits (tenant, auditor_id);
      CREATE INDEX audits_by_plan ON audits (tenant, plan_ref);
      CREATE INDEX audits_by_caseworker ON audits (tenant, caseworker_ref) WHERE caseworker_ref IS NOT NULL;
      ${tenantRowSecurity('audits')}

      -- Each section carries its audit's status, framework and cycle (kept equal by the storage
      -- and by the trigger below), so report counts over sections need no join.
      CREATE TABLE audit_sections (
        tenant           text ${C} NOT NULL,
        audit_id         text ${C} NOT NULL,
        section_id       text ${C} NOT NULL,
        criteria_met     jsonb NOT NULL,
        grade            text ${C},
        suggested_grade  text ${C} NOT NULL,
        override_reason  text,
        comment          text,
        saved_at         text ${C} NOT NULL,
        cannot_tell      jsonb,
        nil_statement    boolean,
        status           text ${C} NOT NULL,
        framework_id     text ${C} NOT NULL,
        cycle_id         text ${C},
        PRIMARY KEY (tenant, audit_id, section_id),
        FOREIGN KEY (tenant, audit_id) REFERENCES audits (tenant, id) ON DELETE CASCADE
      );
      ${tenantRowSecurity('audit_sections')}

      CREATE FUNCTION audit_sections_follow_audit() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        UPDATE ${schema}.audit_sections SET status = NEW.status, framework_id = NEW.framework_id, cycle_id = NEW.cycle_id
         WHERE tenant = NEW.tenant AND audit_id = NEW.id
           AND (status, framework_id, cycle_id) IS DISTINCT FROM (NEW.status, NEW.framework_id, NEW.cycle_id);
        RETURN NULL;
      END
      $fn$;
      CREATE TRIGGER audit_sections_follow_audit AFTER UPDATE OF status, framework_id, cycle_id ON audits
        FOR EACH ROW WHEN ((OLD.status, OLD.framework_id, OLD.cycle_id) IS DISTINCT FROM (NEW.status, NEW.framework_id, NEW.cycle_id))
        EXECUTE FUNCTION audit_sections_follow_audit();

      CREATE TABLE records (
        tenant      text ${C} NOT NULL CHECK (tenant <> ''),
        collection  text ${C} NOT NULL,
        id          text ${C} NOT NULL,
        version     integer NOT NULL CHECK (version >= 1),
        data        jsonb NOT NULL,
        created_at  text ${C} NOT NULL,
        updated_at  text ${C} NOT NULL,
        PRIMARY KEY (tenant, collection, id)
      );
      CREATE INDEX records_by_created ON records (tenant, collection, created_at, id);
      ${tenantRowSecurity('records')}

      CREATE TABLE record_keys (
        tenant      text ${C} NOT NULL,
        collection  text ${C} NOT NULL,
        key         text ${C} NOT NULL,
        record_id   text ${C} NOT NULL,
        PRIMARY KEY (tenant, collection, key),
        FOREIGN KEY (tenant, collection, record_id) REFERENCES records (tenant, collection, id) ON DELETE CASCADE
      );
      CREATE INDEX record_keys_by_record ON record_keys (tenant, collection, record_id);
      ${tenantRowSecurity('record_keys')}

      CREATE TABLE audit_trail (
        tenant          text ${C} NOT NULL CHECK (tenant <> ''),
        seq             integer NOT NULL CHECK (seq >= 1),
        at              text ${C} NOT NULL,
        actor           text ${C} NOT NULL,
        operation       text ${C} NOT NULL,
        subject_type    text ${C} NOT NULL,
        subject_id      text ${C} NOT NULL,
        audit_id        text ${C},
        before_version  integer,
        after_version   integer,
        details         jsonb NOT NULL,
        prev_hash       text ${C} NOT NULL,
        hash            text ${C} NOT NULL,
        tombstone       boolean NOT NULL DEFAULT false,
        PRIMARY KEY (tenant, seq)
      );
      CREATE INDEX audit_trail_by_audit ON audit_trail (tenant, audit_id, seq) WHERE audit_id IS NOT NULL;
      CREATE INDEX audit_trail_by_actor ON audit_trail (tenant, actor, seq);
      ${tenantRowSecurity('audit_trail')}
    `,
  },
];

/** Statements run after every migration: what the app role may do. */
function grantsSql(schema: string, appRole: string): string {
  return `
    GRANT USAGE ON SCHEMA ${schema} TO ${appRole};
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${schema} TO ${appRole};
    GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ${appRole};
    REVOKE ALL ON ${schema}.schema_migrations FROM ${appRole};
    -- The trail is append-only for the app: entries are never deleted, and an update (a tombstone)
    -- may blank their content but never move them in the chain.
    REVOKE UPDATE, DELETE, TRUNCATE ON ${schema}.audit_trail FROM ${appRole};
    GRANT UPDATE (actor, operation, subject_type, subject_id, audit_id, before_version, after_version, details, tombstone)
      ON ${schema}.audit_trail TO ${appRole};
  `;
}

/** A 64-bit key for the schema's migration lock (the same in every process). */
const LOCK_SQL = `SELECT pg_advisory_xact_lock(hashtextextended('ehcp-qa migrations ' || $1, 0))`;

/**
 * Creates the schema and the app role if needed, applies every migration not yet
 * recorded (in id order, each in its own locked transaction), grants the app role
 * its rights and checks that every tenant-keyed table has row-level security.
 * Returns the ids this call applied.
 */
export async function applyMigrations(db: PostgresDb, migrations: readonly PostgresMigration[]): Promise<number[]> {
  const ids = new Set<number>();
  for (const m of migrations) {
    if (!Number.isInteger(m.id) || m.id < 1) throw new Error(`migration "${m.name}" needs a positive integer id`);
    if (ids.has(m.id)) throw new Error(`two migrations share id ${m.id}`);
    ids.add(m.id);
  }
  const context: MigrationContext = { schema: quoteIdent(db.schema), appRole: quoteIdent(db.appRole) };
  const sorted = [...migrations].sort((a, b) => a.id - b.id);

  await db.maintenance(async (tx) => {
    await tx.query(LOCK_SQL, [db.schema]);
    // Only when missing: CREATE SCHEMA IF NOT EXISTS would still need CREATE on the database,
    // which a role given a schema made by an administrator may not have.
    const exists = await tx.get('SELECT 1 FROM pg_namespace WHERE nspname = $1', [db.schema]);
    if (!exists) await tx.query(`CREATE SCHEMA ${context.schema}`);
    await tx.query(`CREATE TABLE IF NOT EXISTS ${context.schema}.schema_migrations (id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    await ensureAppRole(tx, db.appRole);
  });

  const done: number[] = [];
  for (const m of sorted) {
    const applied = await db.maintenance(async (tx) => {
      await tx.query(LOCK_SQL, [db.schema]);
      const already = await tx.get(`SELECT 1 FROM ${context.schema}.schema_migrations WHERE id = $1`, [m.id]);
      if (already) return false;
      try {
        await tx.query(typeof m.up === 'function' ? m.up(context) : m.up);
      } catch (error) {
        throw new Error(`PostgreSQL migration ${m.id} (${m.name}) failed: ${(error as Error).message}`, { cause: error });
      }
      await tx.query(`INSERT INTO ${context.schema}.schema_migrations (id, name) VALUES ($1, $2)`, [m.id, m.name]);
      return true;
    });
    if (applied) done.push(m.id);
  }

  await db.maintenance(async (tx) => {
    await tx.query(LOCK_SQL, [db.schema]);
    await tx.query(grantsSql(context.schema, context.appRole));
    const unprotected = await tx.all<{ table_name: string }>(
      `SELECT c.relname AS table_name
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')
          AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant' AND NOT a.attisdropped)
          AND NOT (c.relrowsecurity AND c.relforcerowsecurity
                   AND EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid AND p.polname = 'tenant_isolation'))
        ORDER BY 1`,
      [db.schema],
    );
    if (unprotected.length > 0) {
      throw new Error(
        `PostgreSQL storage: table(s) ${unprotected.map((r) => r.table_name).join(', ')} in schema ${db.schema} have a tenant column but no ` +
          'row-level security. End the migration that creates each with tenantRowSecurity(<table>) (see docs/postgres.md).',
      );
    }
  });
  return done;
}

/**
 * The role tenant transactions run as: no login, no BYPASSRLS, not a superuser, owning
 * nothing. Created when missing; the connecting role must be allowed to create roles, or an
 * administrator creates it first (docs/postgres.md gives the statements). The connecting
 * role is made a member so that it may `SET ROLE` to it.
 */
async function ensureAppRole(tx: PgTx, appRole: string): Promise<void> {
  const role = quoteIdent(appRole);
  const found = await tx.get<{ rolsuper: boolean; rolbypassrls: boolean }>('SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = $1', [appRole]);
  if (!found) {
    try {
      await tx.query('SAVEPOINT create_role');
      await tx.query(`CREATE ROLE ${role} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT`);
      await tx.query('RELEASE SAVEPOINT create_role');
    } catch (error) {
      await tx.query('ROLLBACK TO SAVEPOINT create_role');
      const code = (error as { code?: string }).code;
      // Another process (for another schema sharing the role) created it first: fine.
      if (code !== '42710' && code !== '23505') {
        throw new Error(
          `PostgreSQL storage: cannot create the role ${appRole} that tenant transactions run as (${(error as Error).message}). ` +
            `Ask an administrator to run: CREATE ROLE ${role} NOLOGIN NOBYPASSRLS; GRANT ${role} TO <the role this storage connects as>; ` +
            'or give the appRole option an existing role without BYPASSRLS (docs/postgres.md).',
          { cause: error },
        );
      }
    }
  } else if (found.rolsuper || found.rolbypassrls) {
    throw new Error(`PostgreSQL storage: the role ${appRole} is a superuser or has BYPASSRLS, so row-level security would not hold for it. Use a role without either.`);
  }
  const member = await tx.get<{ ok: boolean }>(
    "SELECT pg_has_role(current_user, $1, 'MEMBER') AS ok, (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS super",
    [appRole],
  );
  if (!member?.ok) {
    try {
      await tx.query('SAVEPOINT grant_role');
      await tx.query(`GRANT ${role} TO CURRENT_USER`);
      await tx.query('RELEASE SAVEPOINT grant_role');
    } catch (error) {
      await tx.query('ROLLBACK TO SAVEPOINT grant_role');
      throw new Error(
        `PostgreSQL storage: the connecting role may not SET ROLE ${appRole} (${(error as Error).message}). ` +
          `Ask an administrator to run: GRANT ${role} TO <the role this storage connects as>.`,
        { cause: error },
      );
    }
  }
}
