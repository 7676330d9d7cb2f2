/**
 * A small promise wrapper over one `sqlite3` connection, shared by the core
 * backend and by feature modules that keep their own tables in the same file.
 *
 * Every call on the writer is queued through one lock, so a transaction's
 * statements never interleave with another request's: with a single writing
 * connection that is what makes `BEGIN … COMMIT` mean something. Writes queued while
 * a commit is being written are committed together ({@link SqliteDb.groupWrite}).
 * Reads that need no write lock go to read-only connections beside the writer
 * ({@link SqliteDb.read}). Values are always bound as parameters (`?`), never pasted
 * into SQL text.
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
  /**
   * Inside a group commit without savepoints only: facts one write of the group leaves for the next
   * (for example the head of a tenant's audit trail). They are carried on to the next group while each
   * group commits and no other write goes through this connection; any failure or other write forgets
   * them all. So a fact must either be checked by the database (the trail's `(tenant, seq)` key refuses a
   * head another process has moved on) or hold only for this process's own writes. Absent elsewhere: read
   * from the database.
   */
  readonly groupMemo?: Map<string, unknown>;
  /**
   * Inside a group commit without savepoints only: rows to insert with ONE statement per kind
   * (`head` + `VALUES (…), (…)` + `tail`, `width` values a row) for the whole group, written before
   * the COMMIT, so a group of saves costs a few statements more than its compare-and-swap UPDATEs
   * rather than three per save. Any other statement on this transaction writes the pending rows
   * first, so every statement sees them, in order; {@link runBeforeDeferred} is the one exception.
   */
  deferRows?(head: string, tail: string, width: number, values: readonly SqlValue[]): void;
  /**
   * Inside a group commit: runs a statement WITHOUT first writing the deferred rows. Only for a
   * statement whose effect does not depend on them and does not change them (the compare-and-swap
   * UPDATE of an `audits` row, whose triggers reach other tables only).
   */
  runBeforeDeferred?(sql: string, params?: SqlParams): Promise<{ changes: number; lastID: number }>;
  /**
   * Inside a group commit: one read that writes neither the deferred rows nor the deferred UPDATEs
   * first. Only for a read whose answer none of them can change (the head of a tenant's audit trail
   * before this group has written any entry of that tenant).
   */
  getBeforeDeferred?<T = SqlRow>(sql: string, params?: SqlParams): Promise<T | undefined>;
  /**
   * Inside a group commit without savepoints only: a compare-and-swap UPDATE of one row (`row` names it),
   * run later together with the others of its `kind` in as few statements as `build` makes of them, before
   * any other statement of the transaction (deferred rows included). Each entry must change exactly one
   * row: when the statements change fewer rows than there are entries, the group is rolled back and
   * written again one savepoint per write, where this method is absent and each write checks its own
   * version. So a write that defers its UPDATE may carry on as if it succeeded. A second entry for a
   * row already waiting runs the waiting ones first.
   */
  deferUpdate?<E>(kind: string, row: string, entry: E, build: (entries: readonly E[]) => { sql: string; params: SqlValue[] }[]): Promise<void>;
}

export interface SqliteDb extends SqlTx {
  /**
   * Runs `fn` inside `BEGIN … COMMIT`, rolling back if it throws. Use only `tx`
   * inside, never `db` (that would wait for this transaction: a deadlock).
   * `immediate` (the default) takes the write lock at once, for writes; `deferred`
   * gives reads one consistent snapshot without blocking other processes' writers.
   */
  transaction<T>(fn: (tx: SqlTx) => Promise<T>, mode?: 'immediate' | 'deferred'): Promise<T>;
  /**
   * Runs `fn` in one read transaction on one of the read-only connections (WAL lets them read
   * beside the writer), so reads never wait for a write's commit. `fn` must only read. Without
   * read connections (`:memory:`), runs on the writer like a deferred transaction.
   */
  read<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T>;
  /** One statement on a read connection (no transaction needed for a single statement). */
  readOne<T = SqlRow>(sql: string, params?: SqlParams): Promise<T | undefined>;
  readAll<T = SqlRow>(sql: string, params?: SqlParams): Promise<T[]>;
  /**
   * Group commit: runs `fn` inside a transaction shared with the other writes queued while the
   * previous commit was being written, so one `fsync` serves them all. Each write runs in its own
   * SAVEPOINT: one that throws is rolled back alone and rejects with its error, the others commit.
   * Each promise settles only after the COMMIT has returned (with `synchronous = FULL`, after the
   * log is on the disk). Writes run one after another, in the order they were queued.
   */
  groupWrite<T>(fn: (tx: SqlTx) => Promise<T>): Promise<T>;
  /**
   * Closes the read connections (the next read opens them again). Needed before a change that
   * requires the only connection to the file, such as `PRAGMA journal_mode` out of WAL.
   */
  releaseReaders(): Promise<void>;
  /** Counts every write and every statement that may write, through any method: a cache built on this file compares it. */
  readonly writeCount: number;
  /** Background checkpoints run so far (see {@link OpenSqliteOptions.checkpointEvery}), for tests and diagnostics. */
  readonly checkpoints: { runs: number; failures: number; pagesCopied: number };
  /** The underlying sqlite3 connection, for what this wrapper does not cover. Bypasses the lock. */
  readonly raw: sqlite3.Database;
  close(): Promise<void>;
}

export interface OpenSqliteOptions {
  /** Read-only connections opened beside the writer (files only; `:memory:` has none). Default 2. */
  readConnections?: number;
  /** Statements run on every connection after it opens (PRAGMAs). */
  pragmas?: readonly string[];
  /** Most writes in one group commit. Default 256. */
  maxGroup?: number;
  /**
   * Files in WAL mode only: every this many writes, a connection of its own copies the log's pages into the
   * database file (a PASSIVE checkpoint, which never waits for and never blocks the writer). SQLite's own
   * automatic checkpoint on the writer still runs, after a commit that grows the log past 1,000 pages, but
   * then finds nearly every page already copied, so that commit is not held up copying them all. Runs while
   * the read connections are open (not after {@link SqliteDb.releaseReaders} until the next read). 0 turns
   * the background checkpoints off. Default 8.
   */
  checkpointEvery?: number;
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

/** One sqlite3 connection with promise helpers and its own lock. */
async function connect(Database: typeof sqlite3.Database, filename: string, mode?: number) {
  const raw = await new Promise<sqlite3.Database>((resolve, reject) => {
    const db: sqlite3.Database = mode === undefined
      ? new Database(filename, (err) => (err ? reject(openError(err, filename)) : resolve(db)))
      : new Database(filename, mode, (err) => (err ? reject(openError(err, filename)) : resolve(db)));
  });
  // Statements with parameters are prepared once per connection and kept (the lock means one use at a time):
  // a save's UPDATE and its triggers are compiled once, not on every save.
  const prepared = new Map<string, sqlite3.Statement>();
  const run = (sql: string, params: SqlParams = []) =>
    new Promise<{ changes: number; lastID: number }>((resolve, reject) => {
      const done = function (this: sqlite3.RunResult, err: Error | null) {
        if (err) reject(err);
        else resolve({ changes: this.changes, lastID: this.lastID });
      };
      if (params.length === 0) {
        raw.run(sql, [], done);
        return;
      }
      let statement = prepared.get(sql);
      if (!statement) {
        if (prepared.size >= 200) {
          const [oldest, old] = prepared.entries().next().value!;
          prepared.delete(oldest);
          old.finalize();
        }
        statement = raw.prepare(sql);
        prepared.set(sql, statement);
      }
      const kept = statement;
      kept.run(params as unknown[], function (this: sqlite3.RunResult, err: Error | null) {
        // A kept statement that failed stays active until it is reset, and an active statement makes this
        // connection's next BEGIN IMMEDIATE fail at once with SQLITE_BUSY instead of waiting its busy_timeout
        // for another process's write: reset it before the caller rolls back and begins again.
        if (err) kept.reset(() => done.call(this, err));
        else done.call(this, err);
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
  // One lock per connection: each call waits for the previous one to settle.
  let tail: Promise<unknown> = Promise.resolve();
  let queued = 0;
  const locked = <T>(fn: () => Promise<T>): Promise<T> => {
    queued++;
    const result = tail.then(fn, fn);
    tail = result.then(() => { queued--; }, () => { queued--; });
    return result;
  };
  const close = async () => {
    for (const statement of prepared.values()) await new Promise<void>((resolve) => statement.finalize(() => resolve()));
    prepared.clear();
    await new Promise<void>((resolve, reject) => raw.close((err) => (err ? reject(err) : resolve())));
  };
  return { raw, tx: { run, get, all, exec } as SqlTx, locked, close, busy: () => queued };
}

/** Opens (creating if needed) a database file. `:memory:` gives a private in-memory database. */
export async function openSqliteDb(filename: string, options: OpenSqliteOptions = {}): Promise<SqliteDb> {
  const { Database, OPEN_READONLY } = await loadSqlite3();
  const writer = await connect(Database, filename);
  const { run, get, all, exec } = writer.tx;
  rowsFunction = await get("SELECT 1 FROM jsonb_each('[]')").then(() => 'jsonb_each' as const, () => 'json_each' as const);
  const tx = writer.tx;
  /**
   * True when the last group's COMMIT also began the next group's transaction (`COMMIT; BEGIN DEFERRED`, one
   * trip to SQLite's thread instead of two). Any other use of the writer first ends that empty transaction.
   */
  let txOpen = false;
  /** Facts carried from one committed group to the next (`groupMemo`); forgotten on any other write or any failure. */
  const carried = new Map<string, unknown>();
  /** The writer's lock for everything but a group commit: ends a transaction the last group left open. */
  const locked = <T>(fn: () => Promise<T>): Promise<T> => writer.locked(async () => {
    carried.clear();
    if (txOpen) {
      txOpen = false;
      await run('COMMIT'); // nothing was written in it
    }
    return fn();
  });
  let writeCount = 0;
  /** After every write, whichever way it went through: counted, and the log copied in the background when due. */
  const countWrite = () => {
    writeCount++;
    checkpointSoon();
  };
  const wrote = <T>(p: Promise<T>): Promise<T> => p.finally(countWrite);

  // Read connections: only for a file (each `:memory:` connection would be a database of its own).
  const memory = filename === '' || filename === ':memory:' || filename.startsWith('file::memory:');
  const readers: Awaited<ReturnType<typeof connect>>[] = [];
  let readersOpening: Promise<void> | null = null;
  const wanted = memory ? 0 : Math.max(0, Math.floor(options.readConnections ?? 2));
  /** Opened on first use, after the writer has created the file and set WAL. */
  const openReaders = () => (readersOpening ??= (async () => {
    for (let i = 0; i < wanted; i++) {
      const reader = await connect(Database, filename, OPEN_READONLY);
      for (const pragma of options.pragmas ?? []) await reader.tx.exec(pragma).catch(() => undefined);
      readers.push(reader);
    }
  })());
  const pickReader = () => {
    let best = readers[0]!;
    for (const r of readers) if (r.busy() < best.busy()) best = r;
    return best;
  };
  const onWriterDeferred = <T>(fn: (tx: SqlTx) => Promise<T>) => locked(async () => {
    await run('BEGIN DEFERRED');
    try {
      const value = await fn(tx);
      await run('COMMIT');
      return value;
    } catch (error) {
      await run('ROLLBACK').catch(() => undefined);
      throw error;
    }
  });
  const read = async <T>(fn: (tx: SqlTx) => Promise<T>): Promise<T> => {
    if (wanted > 0) await openReaders();
    if (readers.length === 0) return onWriterDeferred(fn);
    const reader = pickReader();
    return reader.locked(async () => {
      await reader.tx.run('BEGIN DEFERRED');
      try {
        const value = await fn(reader.tx);
        await reader.tx.run('COMMIT');
        return value;
      } catch (error) {
        await reader.tx.run('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  };
  const readOne = async <T>(sql: string, params?: SqlParams): Promise<T | undefined> => {
    if (wanted > 0) await openReaders();
    if (readers.length === 0) return locked(() => get<T>(sql, params));
    const reader = pickReader();
    return reader.locked(() => reader.tx.get<T>(sql, params));
  };
  const readAll = async <T>(sql: string, params?: SqlParams): Promise<T[]> => {
    if (wanted > 0) await openReaders();
    if (readers.length === 0) return locked(() => all<T>(sql, params));
    const reader = pickReader();
    return reader.locked(() => reader.tx.all<T>(sql, params));
  };

  // Background checkpoints: on a connection of their own, opened on first use (after the storage has set WAL).
  const checkpointEvery = memory ? 0 : Math.max(0, Math.floor(options.checkpointEvery ?? 8));
  const checkpoints = { runs: 0, failures: 0, pagesCopied: 0 };
  let checkpointer: Awaited<ReturnType<typeof connect>> | null = null;
  let checkpointing: Promise<void> | null = null;
  let writesAtCheckpoint = 0;
  let shuttingDown = false;
  /** After a write: copies the log into the file in the background when enough writes have come since the last copy. */
  const checkpointSoon = () => {
    if (checkpointEvery === 0 || checkpointing || shuttingDown || writeCount - writesAtCheckpoint < checkpointEvery) return;
    // Only while the read connections are open: after releaseReaders() the writer has the file to itself (to leave
    // WAL, for example) until the next read opens them again.
    if (readersOpening === null) return;
    writesAtCheckpoint = writeCount;
    checkpointing = (async () => {
      checkpointer ??= await connect(Database, filename);
      // PASSIVE copies what it can without waiting for readers or the writer. Its row: busy, pages in the log, pages copied.
      const row = await checkpointer.tx.get<{ log: number; checkpointed: number }>('PRAGMA wal_checkpoint(PASSIVE)');
      checkpoints.runs++;
      if (row && row.checkpointed > 0) checkpoints.pagesCopied += row.checkpointed;
    })().catch(() => {
      // Nothing is lost: every commit is in the log, and the writer's own automatic checkpoint copies it later.
      checkpoints.failures++;
    }).finally(() => { checkpointing = null; });
  };
  const closeCheckpointer = async () => {
    await checkpointing;
    const closed = checkpointer;
    checkpointer = null;
    await closed?.close();
  };

  // Group commit.
  interface Job { fn: (tx: SqlTx) => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void }
  const queue: Job[] = [];
  let flushQueued = false;
  const maxGroup = Math.max(1, options.maxGroup ?? 256);
  /**
   * The last group's answers, while they wait for the next group to send its statements (see the end of
   * {@link flush}): run once, by whichever comes first, the next group's sending or the event loop's next
   * check phase.
   */
  let waitingAnswers: (() => void) | null = null;
  const answerWaiting = () => {
    const answer = waitingAnswers;
    waitingAnswers = null;
    answer?.();
  };
  const flush = async () => {
    flushQueued = false;
    const jobs = queue.splice(0, maxGroup);
    if (queue.length > 0) scheduleFlush();
    if (jobs.length === 0) return;
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    // Begun DEFERRED, the transaction takes the write lock at its first write: with another process writing
    // the file, a write that read first may then be refused (SQLITE_BUSY_SNAPSHOT), so a failure is always
    // retried below under BEGIN IMMEDIATE before it counts as the write's own.
    const begunDeferred = txOpen;
    try {
      // A transaction the previous group's COMMIT began is this group's (it has not been used).
      if (txOpen) txOpen = false;
      else await run('BEGIN IMMEDIATE');
    } catch (error) {
      for (const job of jobs) job.reject(error);
      return;
    }
    try {
      // First without savepoints (two statements fewer per write): when every write succeeds, as nearly
      // all do, that is the whole group. When one throws, the transaction is rolled back and the group
      // is written again with a savepoint per write, so only the failing one is undone.
      let failed = false;
      let deferredFailed = false;
      const deferred = new Map<string, { head: string; tail: string; width: number; values: SqlValue[] }>();
      const updates = new Map<string, { rows: Set<string>; entries: unknown[]; build: (entries: readonly unknown[]) => { sql: string; params: SqlValue[] }[] }>();
      const writeUpdates = async () => {
        if (updates.size === 0) return;
        const kinds = [...updates.values()];
        updates.clear();
        for (const { entries, build } of kinds) {
          let changed = 0;
          for (const { sql, params } of build(entries)) changed += (await run(sql, params)).changes;
          if (changed !== entries.length) {
            // A version (or a column the UPDATE checks) did not match: which write it was is not known here.
            deferredFailed = true;
            throw new DeferredUpdateFailed(entries.length - changed);
          }
        }
      };
      const writeKind = async ({ head, tail, width, values }: { head: string; tail: string; width: number; values: SqlValue[] }) => {
        if (values.every((v) => v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)))) {
          // All rows as ONE parameter, a JSON array of rows: binding one string costs the event loop far less
          // than binding each value (about 0.8 µs a value with sqlite3), SQLite reads the rows in its own
          // thread, and the statement's text is the same for any number of rows, so it is prepared once.
          const rows: SqlValue[][] = [];
          for (let i = 0; i < values.length; i += width) rows.push(values.slice(i, i + width));
          await run(`${head} ${jsonRowsSelect(width)} ${tail}`, [JSON.stringify(rows)]);
          return;
        }
        // At most 800 values a statement: far under SQLite's limit on bound values.
        const perStatement = Math.max(1, Math.floor(800 / width)) * width;
        for (let i = 0; i < values.length; i += perStatement) {
          const chunk = values.slice(i, i + perStatement);
          const row = `(${Array(width).fill('?').join(', ')})`;
          await run(`${head} VALUES ${Array(chunk.length / width).fill(row).join(', ')} ${tail}`, chunk);
        }
      };
      /**
       * The deferred UPDATEs and the deferred rows of each kind, all sent at once: SQLite runs them one at a
       * time on this connection (each statement holds the connection's mutex), in whatever order its threads
       * take them, with no trip back to the event loop between them. None depends on another's effect (the
       * report triggers give the same counts in either order: save-cas.test.ts recounts them). Every one is
       * awaited before anything else happens, so a ROLLBACK never overtakes a statement still queued.
       */
      const writeDeferred = async () => {
        const kinds = [...deferred.values()];
        deferred.clear();
        const settled = await Promise.allSettled([writeUpdates(), ...kinds.map(writeKind)]);
        const failure = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
        if (failure) throw failure.reason;
      };
      const flushing = <A extends unknown[], R>(fn: (...args: A) => Promise<R>) => async (...args: A): Promise<R> => {
        await writeDeferred();
        return fn(...args);
      };
      const groupTx: SqlTx = {
        run: flushing(run),
        get: flushing(get) as SqlTx['get'],
        all: flushing(all) as SqlTx['all'],
        exec: flushing(exec),
        groupMemo: carried,
        deferRows(head, tail, width, values) {
          if (values.length === 0) return;
          if (values.length % width !== 0) throw new Error(`deferRows: ${values.length} values are not rows of ${width}`);
          const key = `${head}\u0000${tail}\u0000${width}`;
          const kind = deferred.get(key) ?? { head, tail, width, values: [] };
          deferred.set(key, kind);
          for (const v of values) kind.values.push(v);
        },
        // The deferred UPDATEs still go first: a statement run before the deferred rows must see them.
        runBeforeDeferred: async (sql, params) => {
          await writeUpdates();
          return run(sql, params);
        },
        getBeforeDeferred: get as SqlTx['get'],
        async deferUpdate<E>(kind: string, row: string, entry: E, build: (entries: readonly E[]) => { sql: string; params: SqlValue[] }[]) {
          if (updates.get(kind)?.rows.has(row)) await writeUpdates();
          const pending = updates.get(kind) ?? { rows: new Set<string>(), entries: [], build: build as (entries: readonly unknown[]) => { sql: string; params: SqlValue[] }[] };
          updates.set(kind, pending);
          pending.rows.add(row);
          pending.entries.push(entry);
        },
      };
      for (const job of jobs) {
        try {
          outcomes.push({ ok: true, value: await job.fn(groupTx) });
        } catch (error) {
          outcomes.push({ ok: false, error });
          failed = true;
          break;
        }
      }
      // A write that caught the error of a deferred UPDATE (run before one of its statements) must not commit.
      if (deferredFailed) failed = true;
      if (!failed) {
        try {
          // The statements are on their way to SQLite's thread once writeDeferred is called: the last group's
          // answers are written now, while SQLite works, rather than after everything else the event loop holds.
          const sent = writeDeferred();
          answerWaiting();
          await sent;
        } catch (error) {
          // Which write's rows failed is not known: the group is written again one savepoint per write.
          failed = true;
          deferredFailed = true;
          deferred.clear();
          updates.clear();
          outcomes.length = 0;
          outcomes.push({ ok: false, error });
        }
      }
      updates.clear();
      if (failed) carried.clear();
      if (failed && jobs.length === 1 && !deferredFailed && !begunDeferred) {
        await run('ROLLBACK');
        jobs[0]!.reject((outcomes[0] as { error: unknown }).error);
        return;
      }
      if (failed) {
        await run('ROLLBACK');
        outcomes.length = 0;
        await run('BEGIN IMMEDIATE');
        for (const job of jobs) {
          await run('SAVEPOINT group_write');
          try {
            const value = await job.fn(tx);
            await run('RELEASE group_write');
            outcomes.push({ ok: true, value });
          } catch (error) {
            // Undoes this write only; if SQLite has already rolled back the whole transaction
            // (an I/O error, a full disk), this throws and the group fails below.
            await run('ROLLBACK TO group_write');
            await run('RELEASE group_write');
            outcomes.push({ ok: false, error });
          }
        }
      }
      // This trip to SQLite's thread also begins the next group's transaction, so that group starts with its
      // statements. BEGIN DEFERRED takes no lock and no snapshot until a statement runs, so an idle connection
      // holds nothing, and it cannot be refused: an error here is the COMMIT's (handled below as one).
      await exec('COMMIT; BEGIN DEFERRED');
      txOpen = true;
    } catch (error) {
      // The transaction could not be completed: nothing in it is stored, and nothing is acknowledged.
      carried.clear();
      txOpen = false;
      await run('ROLLBACK').catch(() => undefined);
      for (const job of jobs) job.reject(error);
      return;
    } finally {
      countWrite();
    }
    const answer = () => jobs.forEach((job, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.error);
    });
    // With writes waiting, the next group goes first: it takes the lock as this function returns, runs its writes'
    // code and sends its statements to SQLite's thread; only then are this group's writes answered, so their
    // responses are written while SQLite works on the next group instead of before it starts. The next group
    // answers them as soon as its statements are sent; the event loop's check phase does, if that comes first.
    if (queue.length > 0) {
      answerWaiting(); // (never two groups waiting)
      waitingAnswers = answer;
      setImmediate(answerWaiting);
    } else answer();
  };
  const scheduleFlush = () => {
    if (flushQueued) return;
    flushQueued = true;
    void writer.locked(flush);
  };
  const groupWrite = <T>(fn: (tx: SqlTx) => Promise<T>) => new Promise<T>((resolve, reject) => {
    queue.push({ fn, resolve: resolve as (v: unknown) => void, reject });
    scheduleFlush();
  });

  return {
    run: (sql, params) => wrote(locked(() => run(sql, params))),
    get: <T>(sql: string, params?: SqlParams) => wrote(locked(() => get<T>(sql, params))),
    all: <T>(sql: string, params?: SqlParams) => wrote(locked(() => all<T>(sql, params))),
    exec: (sql) => wrote(locked(() => exec(sql))),
    transaction: <T>(fn: (tx: SqlTx) => Promise<T>, mode: 'immediate' | 'deferred' = 'immediate') =>
      wrote(locked(async () => {
        await run(mode === 'deferred' ? 'BEGIN DEFERRED' : 'BEGIN IMMEDIATE');
        try {
          const value = await fn(tx);
          await run('COMMIT');
          return value;
        } catch (error) {
          await run('ROLLBACK').catch(() => undefined);
          throw error;
        }
      })),
    read,
    readOne,
    readAll,
    groupWrite,
    get writeCount() { return writeCount; },
    checkpoints,
    releaseReaders: async () => {
      const opening = readersOpening;
      readersOpening = null;
      await opening?.catch(() => undefined);
      const closing = readers.splice(0);
      for (const reader of closing) await reader.locked(reader.close);
      await closeCheckpointer(); // opened again by the next checkpoint
    },
    raw: writer.raw,
    close: async () => {
      shuttingDown = true;
      await closeCheckpointer();
      await readersOpening?.catch(() => undefined);
      for (const reader of readers) await reader.locked(reader.close);
      await locked(writer.close);
    },
  };
}

/**
 * The function that splits a group statement's one JSON parameter into rows. `jsonb_each` (SQLite 3.45 and
 * later) hands each row to `->>` in SQLite's binary JSON, which `->>` reads a value from directly; `json_each`
 * hands it over as text, which SQLite parses again for every column read (25 for an audit's compare-and-swap).
 * Chosen when a database is opened: `json_each` only where the library is older.
 */
let rowsFunction: 'jsonb_each' | 'json_each' = 'json_each';

/**
 * `SELECT` of the rows of a JSON array of arrays bound as the one parameter, `width` columns each, in
 * the array's order (`WHERE true` lets an upsert's `ON CONFLICT` follow it). JSON strings, numbers and
 * nulls come out as TEXT, INTEGER or REAL, and NULL, as if each value had been bound (except that an
 * integer beyond 32 bits comes out INTEGER, where sqlite3 binds it as REAL).
 */
export function jsonRowsSelect(width: number): string {
  const columns = Array.from({ length: width }, (_, i) => `value ->> ${i}`).join(', ');
  return `SELECT ${columns} FROM ${rowsFunction}(?) WHERE true ORDER BY key`;
}

/** The deferred compare-and-swap UPDATEs of a group changed fewer rows than they were given (the group is then written again). */
class DeferredUpdateFailed extends Error {
  constructor(missed: number) {
    super(`${missed} deferred compare-and-swap UPDATE(s) of a group commit changed no row`);
  }
}

/** An error from opening the file, with the path that could not be opened (sqlite3's own message names none). */
function openError(error: Error & { code?: string }, filename: string): Error {
  const where = filename === ':memory:' || filename === '' || isAbsolute(filename) ? filename : `${filename} (${resolvePath(filename)})`;
  const hint = error.code === 'SQLITE_CANTOPEN' ? ': check that its folder exists and that this process may write there' : '';
  const wrapped = new Error(`Cannot open the SQLite database ${where}${hint}. ${error.message}`, { cause: error });
  return Object.assign(wrapped, { code: error.code });
}
