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
import { runReportConformance } from 'ehcp-qa/testing';
import { assertCountersEqualRecount } from './report-recount.js';

const dir = mkdtempSync(join(tmpdir(), 'ehcp-qa-reports-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const sqlite = () => createSqliteStorage({ filename: join(dir, `${randomUUID()}.sqlite`) });

runReportConformance(test, () => createMemoryStorage(), { name: 'memory' });

runReportConformance(test, sqlite, {
  name: 'sqlite push-down',
  capabilities: { reportAggregates: true, reportCriteriaCounts: true, reportAuditPage: true, reportMedianActiveSeconds: true },
});

runReportConformance(
  test,
  async () => {
    const s = await sqlite();
    // The same storage without the report capabilities: every report falls back to rows.
    const rest: Record<string, unknown> = { ...s };
    for (const capability of ['reportAggregates', 'reportCriteriaCounts', 'reportAuditPage', 'reportMedianActiveSeconds']) delete rest[capability];
    return rest as unknown as QaStorage;
  },
  { name: 'sqlite fallback' },
);

test('sqlite: migrations 200 to 206 add the running counts, their triggers and the audits\' report indexes; 206 drops report_section_grades', async () => {
  const s = await sqlite();
  try {
    assert.ok([200, 201, 202, 203, 204, 205, 206].every((id) => s.appliedMigrations.includes(id)));
    const names = (await s.db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE name LIKE 'report_%' OR name LIKE 'audits_report_%' ORDER BY name")).map((r) => r.name);
    assert.deepEqual(names, [
      'audits_report_by_phase', 'audits_report_by_primary_need', 'audits_report_by_setting_type',
      'audits_report_cycle_grades', 'audits_report_cycle_recent', 'audits_report_cycle_time', 'audits_report_grades', 'audits_report_recent',
      'audits_report_time', 'report_counts_audit_delete', 'report_counts_audit_insert', 'report_counts_section_delete', 'report_counts_section_insert',
      'report_counts_section_update', 'report_filter_grade_counts', 'report_filter_grade_counts_audit',
      'report_filter_overall_counts', 'report_filter_overall_counts_delete', 'report_filter_overall_counts_insert',
      'report_filter_overall_counts_update', 'report_grade_counts', 'report_grade_counts_audit',
      'report_overall_counts', 'report_overall_counts_delete', 'report_overall_counts_insert', 'report_overall_counts_update',
    ]);
  } finally {
    await s.close();
  }
});

test('sqlite: the triggers keep the running counts equal to the sections joined with their audits through every kind of write', async () => {
  const s = await sqlite();
  const tenant = `t-${randomUUID()}`;
  const compare = (what: string) => assertCountersEqualRecount(s, what);
  try {
    const cycle = (id: string) => ({ id, name: id, startDate: '2025-01-01', endDate: '2025-03-31', kpiTarget: null, createdAt: '2025-01-01T00:00:00.000Z' });
    await s.createCycle(tenant, cycle('cycle-one-0001'));
    await s.createCycle(tenant, cycle('cycle-two-0002'));
    const section = (grade: string | null) => ({ criteriaMet: [], grade, suggestedGrade: 'good', overrideReason: null, comment: null, savedAt: '2025-01-02T00:00:00.000Z' });
    const audit = {
      id: 'audit-trigger-1', frameworkId: 'ehcp-plan', frameworkVersion: '1.0.0', planRef: 'PLAN-1', cycleId: 'cycle-one-0001', auditorId: 'a1',
      auditorRole: 'health' as const, plan: { planType: 'new' as const, phase: 'primary' as const, primaryNeed: 'ASD' as const, settingType: 'special' as const },
      status: 'in-progress' as const, version: 1, sections: { A: section('good'), B: section(null) }, overall: null,
      startedAt: '2025-01-02T00:00:00.000Z', updatedAt: '2025-01-02T00:00:00.000Z', completedAt: null, activeSeconds: 0, reopenings: [],
    };
    await s.createAudit(tenant, audit);
    assert.equal(await compare('after create'), 2);
    const saved = await s.updateAudit(tenant, { ...audit, version: 2, sections: { A: section('inadequate'), B: section('na'), C: section('good') } }, 1);
    assert.ok(saved.ok);
    assert.equal(await compare('after a save replaces the sections'), 3);
    const moved = await s.updateAudit(tenant, { ...audit, version: 3, status: 'completed', cycleId: 'cycle-two-0002', completedAt: '2025-01-03T00:00:00.000Z', sections: { A: section('good') } }, 2);
    assert.ok(moved.ok);
    assert.equal(await compare('after completing, moving cycle and dropping sections'), 1);
    const replanned = await s.updateAudit(tenant, { ...audit, version: 4, status: 'completed', cycleId: 'cycle-two-0002', completedAt: '2025-01-03T00:00:00.000Z',
      plan: { planType: 'annual-review' as const, phase: 'secondary' as const, primaryNeed: 'SLCN' as const, settingType: 'mainstream' as const, teamRef: 'team-9', caseworkerRef: 'cw-9' },
      auditorRole: 'send-manager' as const, sections: { A: section('good'), D: section('outstanding') } }, 3);
    assert.ok(replanned.ok);
    assert.equal(await compare('after the plan details and auditor role change'), 2);
    const regraded = await s.writeBatch(tenant, { updateAudits: [{ next: { ...audit, version: 5, status: 'completed', cycleId: 'cycle-two-0002', completedAt: '2025-01-03T00:00:00.000Z',
      plan: { planType: 'annual-review' as const, phase: 'secondary' as const, primaryNeed: 'SLCN' as const, settingType: 'mainstream' as const, teamRef: 'team-9', caseworkerRef: 'cw-9' },
      auditorRole: 'send-manager' as const, sections: { A: section('inadequate'), D: section('outstanding') } }, expectedVersion: 4, changedSections: ['A'] }] });
    assert.ok(regraded.ok);
    assert.equal(await compare('after a save that names the one section it changes'), 2);
    await s.db.run("UPDATE audit_sections SET grade = 'requires-improvement' WHERE tenant = ? AND audit_id = ?", [tenant, audit.id]);
    await compare('after a direct update of a section');
    await s.db.run('DELETE FROM audits WHERE tenant = ? AND id = ?', [tenant, audit.id]);
    assert.equal(await compare('after the audit is deleted (cascade)'), 0);
  } finally {
    await s.close();
  }
});
