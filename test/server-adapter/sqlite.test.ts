// The SQLite backend itself: pragmas, migrations applied once and in order,
// feature migrations, data surviving a reopen, and rollback of a failed write.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createSqliteStorage, coreMigrations, type SqliteFeature } from 'ehcp-qa/storage/sqlite';
import type { Audit } from 'ehcp-qa/server';

function tempFile() {
  const dir = mkdtempSync(join(tmpdir(), 'ehcp-qa-sqlite-'));
  return { file: join(dir, 'qa.sqlite'), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function audit(overrides: Partial<Audit> = {}): Audit {
  const now = new Date().toISOString();
  return {
    id: randomUUID(), frameworkId: 'ehcp-plan', frameworkVersion: '1.0.0', planRef: 'P-1', cycleId: null, auditorId: 'a1',
    auditorRole: 'health', plan: { planType: 'new', phase: 'primary', primaryNeed: 'ASD', settingType: 'mainstream' },
    status: 'in-progress', version: 1, sections: {}, overall: null, startedAt: now, updatedAt: now, completedAt: null,
    activeSeconds: 0, reopenings: [], ...overrides,
  };
}

test('opens in WAL mode with foreign keys on and synchronous FULL', async () => {
  const { file, cleanup } = tempFile();
  const s = await createSqliteStorage({ filename: file, features: [] });
  try {
    assert.equal((await s.db.get<{ journal_mode: string }>('PRAGMA journal_mode'))?.journal_mode, 'wal');
    assert.equal((await s.db.get<{ foreign_keys: number }>('PRAGMA foreign_keys'))?.foreign_keys, 1);
    assert.equal((await s.db.get<{ synchronous: number }>('PRAGMA synchronous'))?.synchronous, 2);
  } finally {
    await s.close();
    cleanup();
  }
});

test('migrations run once, in id order, including a feature\'s; data survives a reopen', async () => {
  const { file, cleanup } = tempFile();
  const feature: SqliteFeature = {
    name: 'test-feature',
    migrations: [
      { id: 901, name: 'second', up: 'ALTER TABLE feature_notes ADD COLUMN extra TEXT' },
      { id: 900, name: 'first', up: 'CREATE TABLE feature_notes (tenant TEXT NOT NULL, id TEXT NOT NULL, note TEXT, PRIMARY KEY (tenant, id))' },
    ],
    capabilities: (db) => ({
      async summarizeAudits() {
        const row = await db.get<{ n: number }>('SELECT count(*) AS n FROM feature_notes');
        return { audits: row?.n ?? 0, overall: {}, sections: {} };
      },
    }),
  };
  const first = await createSqliteStorage({ filename: file, features: [feature] });
  const a = audit();
  try {
    assert.deepEqual(first.appliedMigrations, [...coreMigrations.map((m) => m.id), 900, 901]);
    await first.db.run('INSERT INTO feature_notes (tenant, id, note, extra) VALUES (?, ?, ?, ?)', ['t', 'n1', 'hello', 'x']);
    assert.equal((await first.summarizeAudits!('t', {})).audits, 1, 'the feature\'s capability replaced the core one');
    await first.createAudit('t', a);
  } finally {
    await first.close();
  }
  const second = await createSqliteStorage({ filename: file, features: [feature] });
  try {
    assert.deepEqual(second.appliedMigrations, []);
    assert.deepEqual(await second.getAudit('t', a.id), a);
    const rows = await second.db.all<{ id: number }>('SELECT id FROM schema_migrations ORDER BY id');
    assert.deepEqual(rows.map((r) => r.id), [...coreMigrations.map((m) => m.id), 900, 901]);
  } finally {
    await second.close();
    cleanup();
  }
});

test('duplicate migration ids and broken migrations refuse to open, leaving no half-applied schema', async () => {
  const { file, cleanup } = tempFile();
  try {
    await assert.rejects(
      createSqliteStorage({ filename: file, migrations: [{ id: 950, name: 'a', up: 'SELECT 1' }, { id: 950, name: 'b', up: 'SELECT 1' }] }),
      /share id 950/,
    );
    await assert.rejects(createSqliteStorage({ filename: file, migrations: [{ id: 960, name: 'bad', up: 'CREATE TABLE ok_table (x INTEGER); CREATE TABLE nonsense (' }] }));
    const s = await createSqliteStorage({ filename: file });
    try {
      assert.equal(await s.db.get("SELECT name FROM sqlite_master WHERE name = 'ok_table'"), undefined, 'the failed migration was rolled back');
    } finally {
      await s.close();
    }
  } finally {
    cleanup();
  }
});

test('a failed multi-row write rolls back as a whole', async () => {
  const { file, cleanup } = tempFile();
  const s = await createSqliteStorage({ filename: file });
  try {
    const a = audit({ sections: { A: { criteriaMet: [], grade: null, suggestedGrade: 'good', overrideReason: null, comment: null, savedAt: new Date().toISOString() } } });
    await s.createAudit('t', a);
    // The audit row updates and the old sections are deleted before the bad
    // section row (no suggested grade) fails its NOT NULL constraint.
    const bad = { criteriaMet: [], grade: null, suggestedGrade: undefined as unknown as string, overrideReason: null, comment: null, savedAt: a.startedAt };
    const next = { ...a, status: 'completed' as const, sections: { B: bad }, version: 2 };
    await assert.rejects(s.updateAudit('t', next, 1), /NOT NULL/);
    // A cycle id that does not exist breaks the foreign key.
    await assert.rejects(s.updateAudit('t', { ...a, cycleId: randomUUID(), version: 2 }, 1), /FOREIGN KEY/);
    assert.deepEqual(await s.getAudit('t', a.id), a);
    assert.deepEqual(await s.backdoor.readAudit('t', a.id), { version: 1, status: 'in-progress', sectionIds: ['A'] });
  } finally {
    await s.close();
    cleanup();
  }
});

test('a file that cannot be opened: the error names the path (as given and absolute) and keeps the SQLite code', async () => {
  const { file, cleanup } = tempFile();
  try {
    const missing = join(file, '..', 'no-such-dir', 'qa.sqlite');
    await assert.rejects(createSqliteStorage({ filename: missing }), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'SQLITE_CANTOPEN');
      assert.ok(error.message.includes(missing), error.message);
      assert.match(error.message, /folder exists/);
      return true;
    });
    const relative = join('no-such-dir-here', 'qa.sqlite');
    await assert.rejects(createSqliteStorage({ filename: relative }), (error: Error) => {
      assert.ok(error.message.includes(`${relative} (${join(process.cwd(), relative)})`), error.message);
      return true;
    });
  } finally {
    cleanup();
  }
});

test('contributions: migration 700 upgrades a file written without it, keeping its audits; deleting an audit removes its contributor and markings', async () => {
  const { file, cleanup } = tempFile();
  try {
    const old = await createSqliteStorage({ filename: file, features: [] });
    const a = audit({ planRef: 'P-700' });
    await old.createAudit('la-1', a);
    await old.close();
    const upgraded = await createSqliteStorage({ filename: file });
    try {
      assert.ok(upgraded.appliedMigrations.includes(700), `applied ${upgraded.appliedMigrations}`);
      assert.equal((await upgraded.getAudit('la-1', a.id))?.planRef, 'P-700');
      await upgraded.putAdviceContributor!('la-1', { auditId: a.id, planRef: 'P-700', serviceRef: 'ep', teamRef: null, createdAt: a.startedAt });
      await upgraded.replaceSectionWeakenings!('la-1', a.id, 'F', [{ planAuditId: a.id, sectionId: 'F', adviceAuditId: a.id, planRef: 'P-700', serviceRef: 'ep', teamRef: null, markedBy: 'a1', markedAt: a.startedAt }]);
      await upgraded.db.run('DELETE FROM audits WHERE tenant = ? AND id = ?', ['la-1', a.id]);
      assert.deepEqual(await upgraded.listAdviceContributors!('la-1', {}), []);
      assert.deepEqual(await upgraded.listSectionWeakenings!('la-1', {}), []);
    } finally {
      await upgraded.close();
    }
  } finally {
    cleanup();
  }
});
