// The SQLite storage's remembered answers (storage/sqlite/answers.ts): a repeated small read is
// answered from memory only while nothing has been written to the file, by any means in this
// process; with `sharedFile` (other processes write) nothing is remembered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStorage, type SqliteStorage } from 'ehcp-qa/storage/sqlite';
import type { ReportFilter } from '../../server-adapter/storage/types.js';
import type { ReportAggregates } from '../../server-adapter/reports/aggregate.js';

const tenant = 'la-answers';
const filter: ReportFilter = { status: 'in-progress', frameworkId: 'ehcp-plan', phase: 'primary' };
type WithAggregates = SqliteStorage & { reportAggregates(tenant: string, f: ReportFilter): Promise<ReportAggregates> };

function audit(id: string, grade: string) {
  return {
    id, frameworkId: 'ehcp-plan', frameworkVersion: '1.0.0', planRef: `PLAN-${id}`, cycleId: null, auditorId: 'aud-1', auditorRole: 'health' as const,
    plan: { planType: 'new' as const, phase: 'primary' as const, primaryNeed: 'ASD' as const, settingType: 'mainstream' as const }, status: 'in-progress' as const, version: 1,
    sections: { A: { criteriaMet: [], grade, suggestedGrade: 'good', overrideReason: null, comment: null, savedAt: '2026-01-01T00:00:00.000Z' } },
    overall: null, startedAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', completedAt: null, activeSeconds: 10, reopenings: [],
  };
}

test('remembered answers: the same read is not run again until something is written, and a copy is returned each time', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ehcp-qa-answers-'));
  const storage = (await createSqliteStorage({ filename: join(dir, 'qa.sqlite') })) as WithAggregates;
  try {
    await storage.createAudit(tenant, audit('a1', 'good'));
    const first = await storage.reportAggregates(tenant, filter);
    assert.deepEqual(first.sections.A, { good: 1 });
    // A change made straight through storage.db (as a feature or a tool in this process would) is seen.
    await storage.db.run("UPDATE audit_sections SET grade = 'inadequate' WHERE tenant = ? AND audit_id = 'a1'", [tenant]);
    assert.deepEqual((await storage.reportAggregates(tenant, filter)).sections.A, { inadequate: 1 });
    // As is a write through the storage.
    await storage.createAudit(tenant, audit('a2', 'good'));
    const again = await storage.reportAggregates(tenant, filter);
    assert.equal(again.audits, 2);
    // Answers are copies: changing one does not change the next.
    again.audits = 999;
    assert.equal((await storage.reportAggregates(tenant, filter)).audits, 2);
  } finally {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('remembered answers: a file other processes write (sharedFile) is read afresh every time', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ehcp-qa-answers-'));
  const file = join(dir, 'qa.sqlite');
  const one = (await createSqliteStorage({ filename: file, sharedFile: true })) as WithAggregates;
  const other = await createSqliteStorage({ filename: file, sharedFile: true });
  try {
    await one.createAudit(tenant, audit('b1', 'good'));
    assert.equal((await one.reportAggregates(tenant, filter)).audits, 1);
    await other.createAudit(tenant, audit('b2', 'good'));
    assert.equal((await one.reportAggregates(tenant, filter)).audits, 2, 'the other connection\'s write is seen at once');
  } finally {
    await one.close();
    await other.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
