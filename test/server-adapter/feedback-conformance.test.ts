// The feedback conformance suite on the in-memory backend (record-store implementation),
// on a real SQLite file with its own feedback tables, and on the same SQLite file with
// those methods removed (record-store implementation over SQL).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createMemoryStorage, type QaStorage } from 'ehcp-qa/server';
import { createSqliteStorage } from 'ehcp-qa/storage/sqlite';
import { runFeedbackConformance } from 'ehcp-qa/testing';

const dir = mkdtempSync(join(tmpdir(), 'ehcp-qa-feedback-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const sqlite = () => createSqliteStorage({ filename: join(dir, `${randomUUID()}.sqlite`) });

runFeedbackConformance(test, () => createMemoryStorage(), { name: 'memory' });
runFeedbackConformance(test, sqlite, { name: 'sqlite', ownMethods: true });
runFeedbackConformance(
  test,
  async () => {
    const s = await sqlite();
    const rest: Record<string, unknown> = { ...s };
    for (const m of ['createFeedbackRequest', 'getFeedbackRequest', 'findFeedbackRequestByTokenHash', 'revokeFeedbackRequest', 'submitFeedback', 'listFeedbackRequests', 'listFeedbackResponses', 'eraseFeedbackOfPlan']) delete rest[m];
    return rest as unknown as QaStorage;
  },
  { name: 'sqlite record store' },
);

test('sqlite: migration 600 adds the feedback tables; no column can hold a token, and responses keep no order of arrival', async () => {
  const s = await sqlite();
  try {
    assert.ok(s.appliedMigrations.includes(600));
    const columns = (await s.db.all<{ name: string }>("SELECT name FROM pragma_table_info('feedback_requests')")).map((c) => c.name);
    assert.ok(columns.includes('token_hash'));
    assert.ok(!columns.includes('token'));
    const responseColumns = (await s.db.all<{ name: string }>("SELECT name FROM pragma_table_info('feedback_responses')")).map((c) => c.name);
    assert.ok(!responseColumns.some((c) => /request|token|name|email|phone|seq|_at$/.test(c)), responseColumns.join());
    // No row ids: the physical order of responses is by random id, never the order they arrived.
    const table = await s.db.get<{ sql: string }>("SELECT sql FROM sqlite_master WHERE name = 'feedback_responses'");
    assert.match(table!.sql, /WITHOUT ROWID/);
  } finally {
    await s.close();
  }
});
