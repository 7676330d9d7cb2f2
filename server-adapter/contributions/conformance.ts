/**
 * Conformance cases for advice contributors and "weakened by the advice" markings:
 * every backend, through its own capability or the record-store fallback, must give
 * the same answers. Exported from `ehcp-qa/testing` as `runContributionConformance`.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { DuplicateIdError, type Audit, type QaStorage } from '../storage/types.js';
import { contributionStore, type AdviceContributor, type SectionWeakening } from './store.js';
import type { TestFn } from '../testing/index.js';

export interface ContributionConformanceOptions {
  name?: string;
  /** Require the backend's own capability methods (for SQLite); otherwise either path may answer. */
  expectCapabilities?: boolean;
  /** Hide the backend's capability methods so the record-store fallback answers on the same backend. */
  forceFallback?: boolean;
}

const CAPABILITIES = ['putAdviceContributor', 'getAdviceContributors', 'listAdviceContributors', 'replaceSectionWeakenings', 'listSectionWeakenings'] as const;

function audit(planRef: string, frameworkId: string, startedAt: string): Audit {
  return {
    id: randomUUID(), frameworkId, frameworkVersion: '1.0.0', planRef, cycleId: null, auditorId: 'aud-1', auditorRole: 'send-caseworker',
    plan: { planType: 'new', phase: 'primary', primaryNeed: 'ASD', settingType: 'mainstream' }, status: 'in-progress', version: 1,
    sections: {}, overall: null, startedAt, updatedAt: startedAt, completedAt: null, activeSeconds: 0, reopenings: [],
  };
}

export function runContributionConformance(test: TestFn, makeStorage: () => QaStorage | Promise<QaStorage>, options: ContributionConformanceOptions = {}): void {
  const prefix = `${options.name ? `${options.name}: ` : ''}contributions: `;
  const withStorage = (name: string, fn: (s: QaStorage) => Promise<void>) =>
    test(`${prefix}${name}`, async () => {
      const raw = await makeStorage();
      try {
        if (options.expectCapabilities) for (const m of CAPABILITIES) assert.equal(typeof raw[m], 'function', `the backend should have ${m}`);
        const storage: QaStorage = options.forceFallback
          ? Object.assign(Object.create(raw) as QaStorage, Object.fromEntries(CAPABILITIES.map((m) => [m, undefined])))
          : raw;
        await fn(storage);
      } finally {
        await raw.close();
      }
    });

  withStorage('contributors are stored once per audit, listed by service, team and plan, and kept per tenant', async (s) => {
    const store = contributionStore(s);
    const tenant = `la-${randomUUID()}`;
    const other = `la-${randomUUID()}`;
    const a1 = await s.createAudit(tenant, audit('PLAN-1', 'ehcp-advice', '2026-01-01T10:00:00.000Z'));
    const a2 = await s.createAudit(tenant, audit('PLAN-1', 'ehcp-advice', '2026-01-02T10:00:00.000Z'));
    const a3 = await s.createAudit(tenant, audit('PLAN-2', 'ehcp-advice', '2026-01-03T10:00:00.000Z'));
    const c = (a: Audit, serviceRef: string, teamRef: string | null, createdAt: string): AdviceContributor => ({ auditId: a.id, planRef: a.planRef, serviceRef, teamRef, createdAt });
    const c1 = c(a1, 'ep-service', 'ep-north', '2026-01-01T10:00:00.000Z');
    const c2 = c(a2, 'salt-service', null, '2026-01-02T10:00:00.000Z');
    const c3 = c(a3, 'ep-service', 'ep-south', '2026-01-03T10:00:00.000Z');
    for (const x of [c3, c1, c2]) await store.putContributor(tenant, x);
    await assert.rejects(store.putContributor(tenant, { ...c1, serviceRef: 'other' }), DuplicateIdError);
    assert.deepEqual(await store.getContributors(tenant, [a3.id, randomUUID(), a1.id]), [c3, c1]);
    assert.deepEqual(await store.getContributor(tenant, a2.id), c2);
    assert.deepEqual(await store.listContributors(tenant, { serviceRef: 'ep-service' }), [c1, c3]);
    assert.deepEqual(await store.listContributors(tenant, { serviceRef: 'ep-service', teamRef: 'ep-south' }), [c3]);
    assert.deepEqual(await store.listContributors(tenant, { planRef: 'PLAN-1' }), [c1, c2]);
    assert.deepEqual(await store.listContributors(tenant, {}), [c1, c2, c3]);
    assert.deepEqual(await store.listContributors(other, {}), []);
    assert.deepEqual(await store.getContributors(other, [a1.id]), []);
  });

  withStorage('weakenings replace the markings of one section at a time and are listed by plan audit, service and plan', async (s) => {
    const store = contributionStore(s);
    const tenant = `la-${randomUUID()}`;
    const plan = await s.createAudit(tenant, audit('PLAN-9', 'ehcp-plan', '2026-02-01T10:00:00.000Z'));
    const ep = await s.createAudit(tenant, audit('PLAN-9', 'ehcp-advice', '2026-02-01T11:00:00.000Z'));
    const salt = await s.createAudit(tenant, audit('PLAN-9', 'ehcp-advice', '2026-02-01T12:00:00.000Z'));
    const w = (sectionId: string, advice: Audit, serviceRef: string): SectionWeakening => ({
      planAuditId: plan.id, sectionId, adviceAuditId: advice.id, planRef: 'PLAN-9', serviceRef, teamRef: null, markedBy: 'aud-1', markedAt: '2026-02-02T10:00:00.000Z',
    });
    const sorted = (items: SectionWeakening[]) => [...items].sort((a, b) => (a.sectionId + a.adviceAuditId < b.sectionId + b.adviceAuditId ? -1 : 1));
    await store.replaceWeakenings(tenant, plan.id, 'F', [w('F', ep, 'ep-service'), w('F', salt, 'salt-service')]);
    await store.replaceWeakenings(tenant, plan.id, 'B', [w('B', ep, 'ep-service')]);
    assert.deepEqual(await store.listWeakenings(tenant, { planAuditId: plan.id }), sorted([w('B', ep, 'ep-service'), w('F', ep, 'ep-service'), w('F', salt, 'salt-service')]));
    assert.deepEqual(await store.listWeakenings(tenant, { serviceRef: 'salt-service' }), [w('F', salt, 'salt-service')]);
    await store.replaceWeakenings(tenant, plan.id, 'F', [w('F', salt, 'salt-service')]);
    assert.deepEqual(await store.listWeakenings(tenant, { serviceRef: 'ep-service' }), [w('B', ep, 'ep-service')]);
    await store.replaceWeakenings(tenant, plan.id, 'B', []);
    assert.deepEqual(await store.listWeakenings(tenant, { planRef: 'PLAN-9' }), [w('F', salt, 'salt-service')]);
    assert.deepEqual(await store.listWeakenings(`la-${randomUUID()}`, { planRef: 'PLAN-9' }), []);
  });
}
