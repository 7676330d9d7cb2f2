// Background checkpoints in the SQLite wrapper (db.ts, `checkpointEvery`): a connection of their
// own copies the write-ahead log into the database file while writes go on, so the writer's own
// automatic checkpoint finds little left to copy. They never hold the file when the writer needs
// it alone (after releaseReaders, to leave WAL), they stop on close, and nothing written is lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteDb, type OpenSqliteOptions, type SqliteDb } from '../../server-adapter/storage/sqlite/db.js';

async function withDb(options: OpenSqliteOptions, fn: (db: SqliteDb, file: string) => Promise<void>) {
  const dir = mkdtempSync(join(tmpdir(), 'ehcp-qa-ckpt-'));
  const file = join(dir, 'qa.sqlite');
  const db = await openSqliteDb(file, options);
  try {
    await db.exec('PRAGMA journal_mode = WAL');
    await db.exec('PRAGMA synchronous = FULL');
    await db.exec('CREATE TABLE notes (n INTEGER PRIMARY KEY, body BLOB NOT NULL)');
    await fn(db, file);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `count` group writes of a 3 kB row each (about a page of the log apiece), 25 at a time. */
async function writeNotes(db: SqliteDb, from: number, count: number) {
  for (let i = from; i < from + count; i += 25) {
    await Promise.all(Array.from({ length: Math.min(25, from + count - i) }, (_, k) =>
      db.groupWrite((tx) => tx.run('INSERT INTO notes (n, body) VALUES (?, ?)', [i + k, randomBytes(3000)]))));
  }
}

const until = async (what: string, check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(check(), what);
};

test('background checkpoints copy the log into the file while group writes go on, and every row is kept', async () => {
  await withDb({ checkpointEvery: 4 }, async (db, file) => {
    await db.readOne('SELECT 1'); // the read connections open, and with them the checkpoints
    await writeNotes(db, 0, 400);
    await until('a background checkpoint has run', () => db.checkpoints.runs > 0);
    assert.equal(db.checkpoints.failures, 0);
    assert.ok(db.checkpoints.pagesCopied > 0, `pages copied: ${db.checkpoints.pagesCopied}`);
    assert.equal((await db.readOne<{ n: number }>('SELECT count(*) AS n FROM notes'))!.n, 400);
    // Another process opening the file reads every row (from the file and what is left of the log).
    const other = await openSqliteDb(file, { checkpointEvery: 0 });
    try {
      assert.equal((await other.get<{ n: number }>('SELECT count(*) AS n FROM notes'))!.n, 400);
    } finally {
      await other.close();
    }
  });
});

test('no background checkpoint holds the file after releaseReaders: the writer can leave WAL, and they resume with the next read', async () => {
  await withDb({ checkpointEvery: 2 }, async (db) => {
    await db.readOne('SELECT 1');
    await writeNotes(db, 0, 50);
    await until('a background checkpoint has run', () => db.checkpoints.runs > 0);
    await db.releaseReaders();
    const runs = db.checkpoints.runs;
    await writeNotes(db, 50, 50);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(db.checkpoints.runs, runs, 'none while the readers are released');
    // Leaving WAL needs the only connection to the file: a checkpointer left open would make this fail.
    assert.equal((await db.get<{ journal_mode: string }>('PRAGMA journal_mode = DELETE'))!.journal_mode, 'delete');
    assert.equal((await db.get<{ journal_mode: string }>('PRAGMA journal_mode = WAL'))!.journal_mode, 'wal');
    await db.readOne('SELECT 1');
    await writeNotes(db, 100, 50);
    await until('checkpoints resume once the readers are open again', () => db.checkpoints.runs > runs);
    assert.equal((await db.readOne<{ n: number }>('SELECT count(*) AS n FROM notes'))!.n, 150);
  });
});

test('checkpointEvery: 0 runs no background checkpoint', async () => {
  await withDb({ checkpointEvery: 0 }, async (db) => {
    await db.readOne('SELECT 1');
    await writeNotes(db, 0, 100);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(db.checkpoints, { runs: 0, failures: 0, pagesCopied: 0 });
  });
});
