// Feature tables on PostgreSQL: advice contributors and weakenings (migration 700),
// feedback (600) and registered plans (800), each through the conformance suite the
// SQLite tables pass, plus the record-store fallback on the same database. Each table
// has row-level security: a query without the tenant setting sees none of its rows.
// Skipped, loudly, when PostgreSQL is not answering (see postgres-helpers.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID, createHash } from 'node:crypto';
import { createPostgresStorage, type PostgresStorage } from 'ehcp-qa/storage/postgres';
import { runContributionConformance, runFeedbackConformance, runPlanningConformance } from 'ehcp-qa/testing';
import { feedbackStore } from '../../server-adapter/feedback/store.js';
import { postgresForTests } from './postgres-helpers.js';

const db = await postgresForTests('feature tables (contributions, feedback, planning) conformance');
if (db) {
  const postgres = () => createPostgresStorage({ pool: db.pool, schema: db.schema });

  runContributionConformance(test, postgres, { name: 'postgres', expectCapabilities: true });
  runContributionConformance(test, postgres, { name: 'postgres fallback', forceFallback: true });
  runFeedbackConformance(test, postgres, { name: 'postgres', ownMethods: true });
  runPlanningConformance(test, postgres, { name: 'postgres', capabilities: { registerPlans: true } });

  test('postgres: feature tables have row-level security; without the tenant setting the app role sees none of their rows', async () => {
    const storage = await postgres();
    try {
      const tenant = `la-${randomUUID()}`;
      const audit = await storage.createAudit(tenant, {
        id: randomUUID(), frameworkId: 'ehcp-advice', frameworkVersion: '1.0.0', planRef: 'PLAN-RLS', cycleId: null, auditorId: 'a1', auditorRole: 'send-caseworker',
        plan: { planType: 'new', phase: 'primary', primaryNeed: 'ASD', settingType: 'mainstream' }, status: 'in-progress', version: 1, sections: {}, overall: null,
        startedAt: '2026-01-01T10:00:00.000Z', updatedAt: '2026-01-01T10:00:00.000Z', completedAt: null, activeSeconds: 0, reopenings: [],
      });
      await storage.putAdviceContributor!(tenant, { auditId: audit.id, planRef: 'PLAN-RLS', serviceRef: 'ep', teamRef: null, createdAt: '2026-01-01T10:00:00.000Z' });
      await storage.registerPlans!(tenant, [{ planRef: 'PLAN-RLS', status: 'final', planType: 'new', phase: 'primary', primaryNeed: 'ASD', settingType: 'mainstream' }], '2026-01-02T00:00:00.000Z');
      const tokenHash = createHash('sha256').update(randomUUID()).digest('hex');
      await feedbackStore(storage).createFeedbackRequest(tenant, {
        id: `fbq_${randomUUID().replaceAll('-', '')}`, tokenHash, planRef: 'PLAN-RLS', cycleId: null, respondentType: 'parent-carer', questionnaireId: 'parent-carer',
        questionnaireVersion: '1.0.0', linked: true, plan: { planType: 'new', phase: 'primary', primaryNeed: 'ASD', settingType: 'mainstream' }, createdBy: 'cw',
        createdAt: '2026-01-02T00:00:00.000Z', expiresAt: '2026-02-02T00:00:00.000Z', status: 'open', usedAt: null, revokedAt: null, submissionKeyHash: null, version: 1,
      });
      const tables = ['advice_contributors', 'section_weakenings', 'feedback_requests', 'feedback_responses', 'registered_plans'];
      const s = storage as PostgresStorage;
      for (const table of tables) {
        const flags: { rows: { relrowsecurity: boolean; relforcerowsecurity: boolean }[] } = await db.pool.query('SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE oid = $1::regclass', [`"${db.schema}".${table}`]);
        assert.deepEqual(flags.rows[0], { relrowsecurity: true, relforcerowsecurity: true }, table);
        const unset = await s.db.withoutTenant((tx) => tx.get<{ n: string }>(`SELECT count(*) AS n FROM ${table}`));
        assert.equal(Number(unset!.n), 0, `${table} without a tenant`);
        const other = await s.db.transaction(`la-${randomUUID()}`, (tx) => tx.get<{ n: string }>(`SELECT count(*) AS n FROM ${table}`));
        assert.equal(Number(other!.n), 0, `${table} for another tenant`);
      }
      const own = await s.db.transaction(tenant, (tx) => tx.get<{ n: string }>('SELECT (SELECT count(*) FROM advice_contributors) + (SELECT count(*) FROM registered_plans) + (SELECT count(*) FROM feedback_requests) AS n'));
      assert.equal(Number(own!.n), 3, 'the tenant sees its own three rows');
      // The app role cannot write a row into another tenant either.
      await assert.rejects(s.db.transaction(tenant, (tx) => tx.query(
        "INSERT INTO registered_plans (tenant, plan_ref, status, plan_type, phase, primary_need, setting_type, registered_at, updated_at) VALUES ('la-else', 'P', 'final', 'new', 'primary', 'ASD', 'mainstream', 'x', 'x')")),
        /row-level security/);
      // The public link's lookup finds the request across tenants, and only by its exact hash.
      assert.equal((await feedbackStore(storage).findFeedbackRequestByTokenHash(tokenHash))?.tenant, tenant);
      assert.equal(await feedbackStore(storage).findFeedbackRequestByTokenHash(tokenHash.replace(/^./, (c) => (c === '0' ? '1' : '0'))), null);
    } finally {
      await storage.close();
    }
  });
}
