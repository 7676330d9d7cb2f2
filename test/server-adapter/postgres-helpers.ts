// Shared by the PostgreSQL test files: finds the test server (127.0.0.1:5432, trust
// authentication; QA_TEST_POSTGRES_URL overrides), gives each file its own schema and
// app role (so files running in parallel never meet), and drops both at the end.
// When no server answers, the files skip their tests, loudly, saying why.
import { after, test } from 'node:test';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const POSTGRES_URL = process.env.QA_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The server's answer to a first connection: null when it answered, else why not. */
async function unavailableBecause(): Promise<string | null> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return (error as Error).message || String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface PostgresTestDatabase {
  /** A pool on the test database, shared by the file's storages (they leave it open). */
  pool: pg.Pool;
  /** The file's own schema, `ehcp_qa_test_<random>`, and its app role. */
  schema: string;
  appRole: string;
}

/**
 * The file's PostgreSQL, or null after registering one skipped test that says why.
 * Everything it creates is dropped when the file's tests are done.
 */
export async function postgresForTests(what: string): Promise<PostgresTestDatabase | null> {
  const reason = await unavailableBecause();
  if (reason !== null) {
    const message = `PostgreSQL is not answering at ${POSTGRES_URL.replace(/\/\/[^@]*@/, '//…@')} (${reason}): ${what} SKIPPED`;
    console.warn(`\n!!! ${message}\n`);
    test(`postgres: ${what}`, { skip: message }, () => undefined);
    return null;
  }
  const schema = `ehcp_qa_test_${randomBytes(5).toString('hex')}`;
  const appRole = `${schema}_app`;
  const pool = new pg.Pool({ connectionString: POSTGRES_URL, max: 8 });
  pool.on('error', () => undefined);
  after(async () => {
    await dropSchemaAndRole(pool, schema, appRole);
    await pool.end();
  });
  return { pool, schema, appRole };
}

/** Drops a test schema and its role (the role's grants in this database first). */
export async function dropSchemaAndRole(pool: pg.Pool, schema: string, ...roles: string[]): Promise<void> {
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  for (const role of roles) {
    const exists = await pool.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    if (exists.rowCount === 0) continue;
    await pool.query(`DROP OWNED BY "${role}"`);
    await pool.query(`DROP ROLE "${role}"`);
  }
}
