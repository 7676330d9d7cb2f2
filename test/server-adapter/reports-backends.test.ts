// Report queries on every backend: the in-memory backend (fallback path), a real
// SQLite file with the SQL push-down, and the same SQLite file with the push-down
// switched off (fallback over SQL rows). Each must match figures computed from the
// audits the test wrote, and the push-down must equal the fallback exactly.
import { test, after } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import assert from 'node:assert/strict';
import { createMemoryStorage, type QaStorage } from 'ehcp-qa/server';
import { createSqliteStorage } from 'ehcp-qa/storage/sqlite';
import { runReportConformance } from '../../server-adapter/reports/conformance.js';

const dir = mkdtempSync(join(tmpdir(), 'ehcp-qa-reports-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const sqlite = () => createSqliteStorage({ filename: join(dir, `${randomUUID()}.sqlite`) });

runReportConformance(test, () => createMemoryStorage(), { name: 'memory' });

runReportConformance(test, sqlite, {
  name: 'sqlite push-down',
  capabilities: { reportAggregates: true, reportCriteriaCounts: true, reportAuditPage: true },
});

runReportConformance(
  test,
  async () => {
    const s = await sqlite();
    // The same storage without the report capabilities: every report falls back to rows.
    const rest: Record<string, unknown> = { ...s };
    for (const capability of ['reportAggregates', 'reportCriteriaCounts', 'reportAuditPage']) delete rest[capability];
    return rest as unknown as QaStorage;
  },
  { name: 'sqlite fallback' },
);

test('sqlite: migration 200 adds the covering index for reports', async () => {
  const s = await sqlite();
  try {
    assert.ok(s.appliedMigrations.includes(200));
    const index = await s.db.get<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'audit_sections_report'");
    assert.equal(index?.name, 'audit_sections_report');
  } finally {
    await s.close();
  }
});
