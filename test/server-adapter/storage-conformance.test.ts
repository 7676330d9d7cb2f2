// The conformance suite from `ehcp-qa/testing`, on the in-memory backend and on a
// real SQLite file (a fresh file in a temporary directory for every case).
import { test, after } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { createMemoryStorage, type QaStorage } from 'ehcp-qa/server';
import { createSqliteStorage, type SqliteStorage } from 'ehcp-qa/storage/sqlite';
import { runContributionConformance, runPlanningConformance, runStorageConformance } from 'ehcp-qa/testing';

const dir = mkdtempSync(join(tmpdir(), 'ehcp-qa-conformance-'));
after(() => rmSync(dir, { recursive: true, force: true }));

runStorageConformance(test, () => createMemoryStorage(), {
  name: 'memory',
  backdoor: (s: QaStorage) => (s as ReturnType<typeof createMemoryStorage>).backdoor,
});

runStorageConformance(test, () => createSqliteStorage({ filename: join(dir, `${randomUUID()}.sqlite`) }), {
  name: 'sqlite',
  backdoor: (s: QaStorage) => (s as SqliteStorage).backdoor,
  capabilities: { summarizeAudits: true },
});

// Advice contributors and "weakened by the advice": memory (record store), SQLite's own
// tables (migration 700), and SQLite through the record-store fallback.
runContributionConformance(test, () => createMemoryStorage(), { name: 'memory' });
runContributionConformance(test, () => createSqliteStorage({ filename: join(dir, `${randomUUID()}.sqlite`) }), { name: 'sqlite', expectCapabilities: true });
runContributionConformance(test, () => createSqliteStorage({ filename: join(dir, `${randomUUID()}.sqlite`) }), { name: 'sqlite fallback', forceFallback: true });

// Audit-cycle planning: the record-store fallback (memory) and SQLite's own table.
runPlanningConformance(test, () => createMemoryStorage(), { name: 'memory' });
runPlanningConformance(test, () => createSqliteStorage({ filename: join(dir, `${randomUUID()}.sqlite`) }), {
  name: 'sqlite',
  capabilities: { registerPlans: true },
});
