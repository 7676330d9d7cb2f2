/**
 * A small promise wrapper over one `sqlite3` connection, shared by the core
 * backend and by feature modules that keep their own tables in the same file.
 *
 * Every call is queued through one lock, so a transaction's statements never
 * interleave with another request's: with a single connection that is what makes
 * `BEGIN … COMMIT` mean something. Values are always bound as parameters (`?`),
 * never pasted into SQL text.
 */
import type sqlite3 from 'sqlite3';
import { isAbsolute, resolve as resolvePath } from 'node:path';

export type SqlValue = string | number | bigint | null | Buffer;
export type SqlParams = readonly SqlValue[];
export type SqlRow = Record<string, SqlValue>;

/** Statements inside a transaction (see {@link SqliteDb.transaction}). */
export interface SqlTx {
  run(sql: string, params?: SqlParams): Promise<{ changes: number; lastID: number }>;
  get<T = SqlRow>(sql: string, params?: SqlParams): Promise<T | undefined>;
  all<T = SqlRow>(sql: string, params?: SqlParams): Promise<T[]>;
  /** Runs several statements without parameters (schema changes only). */
  exec(sql: string): Promise<void>;
}

export interface SqliteDb extends SqlTx {
  /**
   * Runs `fn` inside `BEGIN … COMMIT`, rolling back if it throws. Use only `tx`
   * inside, never `db` (that would wait for this transaction: a deadlock).
   * `immediate` (the default) takes the write lock at once, for writes; `deferred`
   * gives reads one consistent snapshot without blocking other processes' writers.
   */
  transaction<T>(fn: (tx: SqlTx) => Promise<T>, mode?: 'immediate' | 'deferred'): Promise<T>;
  /** The underlying sqlite3 connection, for what this wrapper does not cover. Bypasses the lock. */
  readonly raw: sqlite3.Database;
  close(): Promise<void>;
}

/**
 * `sqlite3` is an optional peer dependency of this package: only this backend needs
 * it, so it is loaded when a database is first opened, never when the package is
 * imported. Without it the error says what to install.
 */
async function loadSqlite3(): Promise<typeof sqlite3> {
  try {
    const module = await import('sqlite3');
    return (module as { default?: typeof sqlite3 }).default ?? (module as unknown as typeof sqlite3);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new Error(
        'ehcp-qa/storage/sqlite needs the "sqlite3" package, which is not installed. Install it beside ehcp-qa ' +
          '(npm install sqlite3), or give the adapter another storage (see docs/storage.md).',
        { cause: error },
      );
    }
    throw error;
  }
}

/** Opens (creating if needed) a database file. `:memory:` gives a private in-memory database. */
export async function openSqliteDb(filename: string): Promise<SqliteDb> {
  const { Database } = await loadSqlite3();
  const raw = await new Promise<sqlite3.Database>((resolve, reject) => {
    const db: sqlite3.Database = new Database(filename, (err) => (err ? reject(openError(err, filename)) : resolve(db)));
  });

  const run = (sql: string, params: SqlParams = []) =>
    new Promise<{ changes: number; lastID: number }>((resolve, reject) => {
      raw.run(sql, params as unknown[], function (this: sqlite3.RunResult, err: Error | null) {
        if (err) reject(err);
        else resolve({ changes: this.changes, lastID: this.lastID });
      });
    });
  const get = <T>(sql: string, params: SqlParams = []) =>
    new Promise<T | undefined>((resolve, reject) => {
      raw.get(sql, params as unknown[], (err: Error | null, row: T | undefined) => (err ? reject(err) : resolve(row)));
    });
  const all = <T>(sql: string, params: SqlParams = []) =>
    new Promise<T[]>((resolve, reject) => {
      raw.all(sql, params as unknown[], (err: Error | null, rows: T[]) => (err ? reject(err) : resolve(rows)));
    });
  const exec = (sql: string) => new Promise<void>((resolve, reject) => raw.exec(sql, (err) => (err ? reject(err) : resolve())));

  // One lock for the connection: each call waits for the previous one to settle.
  let tail: Promise<unknown> = Promise.resolve();
  const locked = <T>(fn: () => Promise<T>): Promise<T> => {
    const result = tail.then(fn, fn);
    tail = result.then(() => undefined, () => undefined);
    return result;
  };
  const tx: SqlTx = { run, get, all, exec };

  return {
    run: (sql, params) => locked(() => run(sql, params)),
    get: <T>(sql: string, params?: SqlParams) => locked(() => get<T>(sql, params)),
    all: <T>(sql: string, params?: SqlParams) => locked(() => all<T>(sql, params)),
    exec: (sql) => locked(() => exec(sql)),
    transaction: <T>(fn: (tx: SqlTx) => Promise<T>, mode: 'immediate' | 'deferred' = 'immediate') =>
      locked(async () => {
        await run(mode === 'deferred' ? 'BEGIN DEFERRED' : 'BEGIN IMMEDIATE');
        try {
          const value = await fn(tx);
          await run('COMMIT');
          return value;
        } catch (error) {
          await run('ROLLBACK').catch(() => undefined);
          throw error;
        }
      }),
    raw,
    close: () => locked(() => new Promise<void>((resolve, reject) => raw.close((err) => (err ? reject(err) : resolve())))),
  };
}

/** An error from opening the file, with the path that could not be opened (sqlite3's own message names none). */
function openError(error: Error & { code?: string }, filename: string): Error {
  const where = filename === ':memory:' || filename === '' || isAbsolute(filename) ? filename : `${filename} (${resolvePath(filename)})`;
  const hint = error.code === 'SQLITE_CANTOPEN' ? ': check that its folder exists and that this process may write there' : '';
  const wrapped = new Error(`Cannot open the SQLite database ${where}${hint}. ${error.message}`, { cause: error });
  return Object.assign(wrapped, { code: error.code });
}
