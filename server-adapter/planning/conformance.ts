/**
 * The planning part of the conformance suite: registering plans (idempotent on the
 * reference, tenant-scoped), samples stored once, allocations with versions. Runs
 * over `planningStore(storage)`, so it checks a backend's own capabilities where it
 * has them and the record-store fallback where it does not.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { QaStorage } from '../storage/types.js';
import type { PlanRegistration, Sample } from './schemas.js';
import { planningStore, type AllocationRecord } from './store.js';

type TestFn = (name: string, fn: () => Promise<void>) => unknown;

export interface PlanningConformanceOptions {
  name?: string;
  /** The backend claims `registerPlans` and `listRegisteredPlans`; the suite fails if they are missing. */
  capabilities?: { registerPlans?: boolean };
}

const rid = (p: string) => `${p}-${randomUUID().slice(0, 8)}`;
const plan = (ref: string, extra: Partial<PlanRegistration> = {}): PlanRegistration => ({
  planRef: ref, status: 'final', planType: 'new', requestDate: '2026-01-05', issueDate: '2026-05-01',
  phase: 'primary', primaryNeed: 'ASD', settingType: 'mainstream', teamRef: 'team-north', caseworkerRef: 'cw-1', ...extra,
});

/**
 * Registers the planning conformance cases with `test`.
 *
 * @example
 * runPlanningConformance(test, () => createSqliteStorage({ filename }), { name: 'sqlite', capabilities: { registerPlans: true } });
 */
export function runPlanningConformance(test: TestFn, makeStorage: () => QaStorage | Promise<QaStorage>, options: PlanningConformanceOptions = {}): void {
  const prefix = options.name ? `${options.name}: planning: ` : 'planning: ';
  const withStorage = (name: string, fn: (s: QaStorage) => Promise<void>) =>
    test(`${prefix}${name}`, async () => {
      const storage = await makeStorage();
      try { await fn(storage); } finally { await storage.close(); }
    });

  if (options.capabilities?.registerPlans) {
    withStorage('claims registerPlans and listRegisteredPlans', async (s) => {
      assert.equal(typeof s.registerPlans, 'function');
      assert.equal(typeof s.listRegisteredPlans, 'function');
    });
  }

  withStorage('registers plans and lists them by planRef with every field', async (s) => {
    const store = planningStore(s);
    const tenant = rid('la');
    const result = await store.registerPlans(tenant, [plan('P-2'), plan('P-1', { teamRef: undefined, caseworkerRef: undefined, issueDate: null })], '2026-06-01T10:00:00.000Z');
    assert.deepEqual(result, { created: 2, updated: 0, unchanged: 0 });
    const plans = await store.listPlans(tenant);
    assert.deepEqual(plans.map((p) => p.planRef), ['P-1', 'P-2']);
    assert.deepEqual(plans[0], {
      planRef: 'P-1', status: 'final', planType: 'new', requestDate: '2026-01-05', issueDate: null, phase: 'primary', primaryNeed: 'ASD',
      settingType: 'mainstream', teamRef: null, caseworkerRef: null, registeredAt: '2026-06-01T10:00:00.000Z', updatedAt: '2026-06-01T10:00:00.000Z',
    });
  });

  withStorage('registering again is idempotent: same facts unchanged, changed facts updated, first registration kept', async (s) => {
    const store = planningStore(s);
    const tenant = rid('la');
    await store.registerPlans(tenant, [plan('P-1'), plan('P-2')], '2026-06-01T10:00:00.000Z');
    assert.deepEqual(await store.registerPlans(tenant, [plan('P-1'), plan('P-2')], '2026-06-02T10:00:00.000Z'), { created: 0, updated: 0, unchanged: 2 });
    assert.deepEqual(await store.registerPlans(tenant, [plan('P-1', { status: 'ceased' }), plan('P-3')], '2026-06-03T10:00:00.000Z'), { created: 1, updated: 1, unchanged: 0 });
    const plans = await store.listPlans(tenant);
    assert.equal(plans.length, 3);
    assert.equal(plans[0]!.status, 'ceased');
    assert.equal(plans[0]!.registeredAt, '2026-06-01T10:00:00.000Z');
    assert.equal(plans[0]!.updatedAt, '2026-06-03T10:00:00.000Z');
    assert.equal(plans[1]!.updatedAt, '2026-06-01T10:00:00.000Z');
  });

  withStorage('lists only the asked refs, ignoring unknown ones', async (s) => {
    const store = planningStore(s);
    const tenant = rid('la');
    await store.registerPlans(tenant, [plan('P-1'), plan('P-2'), plan('P-3')]);
    assert.deepEqual((await store.listPlans(tenant, ['P-3', 'P-1', 'nope', 'P-1'])).map((p) => p.planRef), ['P-1', 'P-3']);
  });

  withStorage('another tenant never sees the plans, samples or allocations', async (s) => {
    const store = planningStore(s);
    const [a, b] = [rid('la'), rid('la')];
    await store.registerPlans(a, [plan('P-1')]);
    assert.deepEqual(await store.listPlans(b), []);
    assert.deepEqual(await store.listPlans(b, ['P-1']), []);
    assert.deepEqual(await store.registerPlans(b, [plan('P-1')]), { created: 1, updated: 0, unchanged: 0 });
    const cycleId = randomUUID();
    assert.equal(await store.createSample(a, sample(cycleId)), true);
    assert.equal(await store.getSample(b, cycleId), null);
    await store.putAllocation(a, allocation(cycleId, 'P-1'), null);
    assert.deepEqual(await store.listAllocations(b, { cycleId }), []);
  });

  withStorage('a cycle keeps its first sample', async (s) => {
    const store = planningStore(s);
    const tenant = rid('la');
    const cycleId = randomUUID();
    assert.equal(await store.createSample(tenant, sample(cycleId)), true);
    assert.equal(await store.createSample(tenant, { ...sample(cycleId), seed: 99 }), false);
    assert.equal((await store.getSample(tenant, cycleId))?.seed, 7);
  });

  withStorage('allocations: create once, update by version, list by cycle and by auditor', async (s) => {
    const store = planningStore(s);
    const tenant = rid('la');
    const [c1, c2] = [randomUUID(), randomUUID()];
    const first = await store.putAllocation(tenant, allocation(c1, 'P-1'), null);
    assert.ok(first.ok);
    assert.equal(first.value.version, 1);
    assert.equal((await store.putAllocation(tenant, allocation(c1, 'P-1'), null)).ok, false);
    await store.putAllocation(tenant, allocation(c1, 'P-2', 'aud-2'), null);
    await store.putAllocation(tenant, allocation(c2, 'P-1'), null);
    const moved = await store.putAllocation(tenant, { ...allocation(c1, 'P-1'), auditorId: 'aud-2' }, 1);
    assert.ok(moved.ok);
    assert.equal(moved.value.version, 2);
    const stale = await store.putAllocation(tenant, allocation(c1, 'P-1'), 1);
    assert.deepEqual(stale, { ok: false, reason: 'conflict', currentVersion: 2 });
    assert.equal((await store.listAllocations(tenant, { cycleId: c1 })).length, 2);
    assert.deepEqual((await store.listAllocations(tenant, { auditorId: 'aud-2' })).map((r) => r.data.planRef).sort(), ['P-1', 'P-2']);
    assert.equal((await store.getAllocation(tenant, first.value.id))?.data.auditorId, 'aud-2');
  });
}

function sample(cycleId: string): Sample {
  return {
    cycleId, population: 'all', sample: { method: 'random', size: 1 }, seed: 7, populationSize: 1, planRefs: ['P-1'],
    strata: [{ stratum: '(all)', population: 1, sampled: 1 }], marginOfError: 0, drawnAt: '2026-06-01T10:00:00.000Z', drawnBy: 'man-1',
  };
}
function allocation(cycleId: string, planRef: string, auditorId = 'aud-1'): AllocationRecord {
  return { cycleId, planRef, auditorId, agency: 'education', dueDate: '2026-07-01', assignedAt: '2026-06-01T10:00:00.000Z', assignedBy: 'man-1', reassignments: [] };
}
