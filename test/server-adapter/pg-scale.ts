// PostgreSQL for the several-processes, migration and hub tests: the development and CI
// machines run PostgreSQL at 127.0.0.1:5432 (trust authentication, database `test`).
// Each test file works in a fresh schema and drops it at the end. When PostgreSQL is not
// answering, the tests are skipped, and say so loudly on stderr and in the skip reason.
import { randomUUID } from 'node:crypto';
import pg from 'pg';

/** The server to test against; `QA_TEST_POSTGRES_URL` overrides it. */
export const PG_URL = process.env.QA_TEST_POSTGRES_URL ?? 'postgres://127.0.0.1:5432/test';

let availability: Promise<string | null> | undefined;

/** Null when PostgreSQL answers; otherwise why not (for the skip message). */
export function postgresUnavailable(): Promise<string | null> {
  return (availability ??= (async () => {
    const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return null;
    } catch (error) {
      return `PostgreSQL is not answering at ${PG_URL} (${(error as Error).message})`;
    } finally {
      await client.end().catch(() => {});
    }
  })());
}

/** The skip option for `test(…, { skip })`: false when PostgreSQL answers, else the reason (also printed on stderr). */
export async function skipWithoutPostgres(what: string): Promise<false | string> {
  const reason = await postgresUnavailable();
  if (!reason) return false;
  const message = `SKIPPED (${what}): ${reason}. Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`;
  console.error(`\n⚠⚠⚠ ${message}\n`);
  return message;
}

/** A fresh schema for one test file, and a function that drops it with everything in it. */
export async function freshSchema(prefix: string): Promise<{ schema: string; drop(): Promise<void> }> {
  const schema = `${prefix}_${randomUUID().replaceAll('-', '').slice(0, 12)}`.toLowerCase();
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`bad schema name ${schema}`);
  await sql(`CREATE SCHEMA ${schema}`);
  return { schema, drop: () => sql(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).then(() => {}) };
}

/** Runs one statement on its own connection (test set-up and checks only). */
export async function sql<R extends pg.QueryResultRow = pg.QueryResultRow>(text: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    return (await client.query<R>(text, params)).rows;
  } finally {
    await client.end();
  }
}

