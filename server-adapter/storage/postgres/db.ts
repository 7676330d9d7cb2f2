/**
 * A small wrapper over a `pg` (node-postgres) pool, shared by the core backend and
 * by feature modules that keep their own tables in the same schema.
 *
 * Every statement the adapter runs is inside a transaction that first does, in one
 * round trip:
 *
 *     BEGIN;
 *     SELECT set_config('role', '<app role>', true),             -- SET LOCAL ROLE: subject to row-level security
 *            set_config('search_path', '"<schema>"', true),      -- unqualified names mean this storage's tables
 *            set_config('ehcp_qa.tenant', '<tenant>', true);     -- what the row-level security policies compare with
 *
 * All three are local to the transaction (SET LOCAL semantics): when it ends the
 * connection goes back to the pool as it came, with no tenant and its own role, so
 * a connection can never carry one LA's setting into another LA's request.
 * Values in statements are always bound parameters (`$1`), never pasted into SQL.
 */
import type pg from 'pg';

/** A value bound to a `$n` parameter. Objects and arrays go as JSON text (cast with `::jsonb`). */
export type PgValue = string | number | boolean | null | readonly string[] | readonly number[];
export type PgParams = readonly PgValue[];
export type PgRow = Record<string, unknown>;

/** Statements inside a transaction (see {@link PostgresDb.transaction}). */
export interface PgTx {
  /** Runs one statement; `rowCount` is the number of rows inserted, updated, deleted or returned. */
  query<T = PgRow>(sql: string, params?: PgParams): Promise<{ rows: T[]; rowCount: number }>;
  /** The first row, or undefined. */
  get<T = PgRow>(sql: string, params?: PgParams): Promise<T | undefined>;
  /** Every row. */
  all<T = PgRow>(sql: string, params?: PgParams): Promise<T[]>;
}

export interface TransactionOptions {
  /**
   * For reads: `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`, so every statement of the
   * transaction sees the same snapshot (counts agree with each other), and any write is refused.
   */
  readOnly?: boolean;
}

export interface PostgresDb {
  /** The schema this storage's tables live in (unquoted; checked against `[a-z_][a-z0-9_]*`). */
  readonly schema: string;
  /** The role every tenant transaction runs as (no BYPASSRLS, not the tables' owner). */
  readonly appRole: string;
  /** The pool (the caller's when it gave one). */
  readonly pool: pg.Pool;
  /**
   * Runs `fn` in a transaction for one tenant, as the app role: row-level security
   * then shows and accepts only that tenant's rows, whatever the SQL says. Rolled back
   * if `fn` throws. Retried (up to 5 times) when PostgreSQL reports a deadlock or a
   * serialization failure, so `fn` must not have effects outside the transaction.
   */
  transaction<T>(tenant: string, fn: (tx: PgTx) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /**
   * Runs `fn` in a transaction as the app role with NO tenant set: every tenant-keyed
   * table then looks empty. Only for calling the narrow SECURITY DEFINER functions a
   * feature provides for cross-tenant lookups (for example finding a feedback link's
   * tenant from its token hash); see docs/postgres.md.
   */
  withoutTenant<T>(fn: (tx: PgTx) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /**
   * Runs `fn` as the connecting role (the tables' owner), with `ehcp_qa.maintenance`
   * on so the owner's maintenance policy shows every tenant's rows. For migrations,
   * the test backdoor and operators' tools; never for serving a request.
   */
  maintenance<T>(fn: (tx: PgTx) => Promise<T>): Promise<T>;
  /** Ends the pool when this storage created it; leaves a caller's pool open. */
  close(): Promise<void>;
}

/** Names of schemas and roles this module will put in SQL text (it never quotes anything else). */
export const IDENTIFIER_PATTERN = /^[a-z_][a-z0-9_]{0,62}$/;

/** `"name"`, after checking the name against {@link IDENTIFIER_PATTERN}. */
export function quoteIdent(name: string): string {
  if (!IDENTIFIER_PATTERN.test(name)) throw new Error(`"${name}" is not a valid name here: use lower-case letters, digits and _ (at most 63)`);
  return `"${name}"`;
}

/** A string as an SQL literal (for the few SET-like values sent without parameters). */
function literal(value: string): string {
  if (value.includes('\u0000')) throw new Error('a tenant cannot contain a NUL character');
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * `pg` is an optional peer dependency of this package: only this backend needs it,
 * so it is loaded when a storage is first created, never when the package is
 * imported. Without it the error says what to install.
 */
export async function loadPg(): Promise<typeof pg> {
  try {
    const module = await import('pg');
    return (module as { default?: typeof pg }).default ?? (module as unknown as typeof pg);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new Error(
        'ehcp-qa/storage/postgres needs the "pg" package, which is not installed. Install it beside ehcp-qa ' +
          '(npm install pg), or give the adapter another storage (see docs/storage.md).',
        { cause: error },
      );
    }
    throw error;
  }
}

/** PostgreSQL error codes worth running the whole transaction again for. */
const RETRYABLE = new Set(['40001', '40P01']);

export function wrapPool(pool: pg.Pool, schema: string, appRole: string, ownsPool: boolean): PostgresDb {
  const schemaLiteral = literal(quoteIdent(schema));
  const roleLiteral = literal(appRole);
  quoteIdent(appRole);

  function txOf(client: pg.PoolClient): PgTx {
    const query = async <T>(sql: string, params: PgParams = []) => {
      const result = await client.query(sql, params as unknown[]);
      return { rows: result.rows as T[], rowCount: result.rowCount ?? 0 };
    };
    return {
      query,
      get: async <T>(sql: string, params?: PgParams) => (await query<T>(sql, params)).rows[0],
      all: async <T>(sql: string, params?: PgParams) => (await query<T>(sql, params)).rows,
    };
  }

  async function run<T>(prologue: string, fn: (tx: PgTx) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const client = await pool.connect();
      /** Set when the connection cannot be trusted any more: it is then closed, not returned to the pool. */
      let broken: Error | undefined;
      let retry = false;
      try {
        await client.query(prologue);
        const value = await fn(txOf(client));
        await client.query('COMMIT');
        return value;
      } catch (error) {
        // Whatever failed (the prologue, a statement, `fn`'s own code, COMMIT), end the transaction. ROLLBACK
        // outside one only warns; if ROLLBACK itself fails, the connection is lost or mid-statement: close it.
        await client.query('ROLLBACK').catch((e: Error) => { broken = e; });
        const code = (error as { code?: string }).code;
        retry = code !== undefined && RETRYABLE.has(code) && attempt < 5 && !broken;
        if (!retry) throw error;
      } finally {
        client.release(broken);
      }
      // A deadlock or serialization failure: PostgreSQL rolled it back; run it again after a short random wait.
      if (retry) await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
    }
  }

  // Reads see one snapshot for all their statements (REPEATABLE READ), and a read-only one never fails to serialize.
  const begin = (readOnly: boolean | undefined) => (readOnly ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : 'BEGIN');
  return {
    schema,
    appRole,
    pool,
    transaction(tenant, fn, options = {}) {
      if (typeof tenant !== 'string' || tenant === '') return Promise.reject(new Error('a tenant is required'));
      return run(
        `${begin(options.readOnly)}; SELECT set_config('role', ${roleLiteral}, true), set_config('search_path', ${schemaLiteral}, true), ` +
          `set_config('ehcp_qa.tenant', ${literal(tenant)}, true)`,
        fn,
      );
    },
    withoutTenant(fn, options = {}) {
      return run(
        `${begin(options.readOnly)}; SELECT set_config('role', ${roleLiteral}, true), set_config('search_path', ${schemaLiteral}, true), ` +
          `set_config('ehcp_qa.tenant', '', true)`,
        fn,
      );
    },
    maintenance(fn) {
      return run(`BEGIN; SELECT set_config('search_path', ${schemaLiteral}, true), set_config('ehcp_qa.maintenance', 'on', true)`, fn);
    },
    async close() {
      if (ownsPool) await pool.end();
    },
  };
}
