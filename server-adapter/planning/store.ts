/**
 * Where planning data lives. Registered plans can be many (every plan of an LA), so
 * a backend may keep them in its own table through two optional capabilities
 * (`registerPlans`, `listRegisteredPlans`; the SQLite backend does, see sqlite.ts).
 * Without them they live in the record store, which every backend has. Samples and
 * allocations are few per cycle and always live in the record store.
 *
 * `runPlanningConformance` (ehcp-qa/testing) checks both paths give the same answers.
 */
import { createHash } from 'node:crypto';
import type { QaStorage, StoredRecord, WriteResult } from '../storage/types.js';
import type { PlanRegistration, RegisterPlansResult, RegisteredPlan, Sample } from './schemas.js';

declare module '../storage/types.js' {
  interface QaStorage {
    /**
     * Optional capability: registers plans in one transaction, idempotent on
     * `planRef` (a plan registered again with the same facts is `unchanged`).
     */
    registerPlans?(tenant: string, plans: readonly PlanRegistration[], now: string): Promise<Omit<RegisterPlansResult, 'dryRun'>>;
    /** Optional capability: the tenant's registered plans (all, or those with the given refs), by planRef. */
    listRegisteredPlans?(tenant: string, planRefs?: readonly string[]): Promise<RegisteredPlan[]>;
  }
}

export const PLAN_COLLECTION = 'registered-plans';
export const SAMPLE_COLLECTION = 'cycle-samples';
export const ALLOCATION_COLLECTION = 'cycle-allocations';

/** What an allocation record holds (its version is the record's). */
export interface AllocationRecord {
  cycleId: string;
  planRef: string;
  auditorId: string;
  agency: 'education' | 'health' | 'social-care' | 'parent-carer-forum' | 'other';
  dueDate: string;
  assignedAt: string;
  assignedBy: string;
  reassignments: { at: string; by: string; fromAuditorId: string; reason: string | null }[];
}

/** A record id for a plan reference (references may hold characters record ids may not). */
export function refKey(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

/** A registration as stored: optional fields made explicit. */
export function normalisePlan(p: PlanRegistration, registeredAt: string, updatedAt: string): RegisteredPlan {
  return {
    planRef: p.planRef,
    status: p.status,
    planType: p.planType,
    requestDate: p.requestDate ?? null,
    issueDate: p.issueDate ?? null,
    phase: p.phase,
    primaryNeed: p.primaryNeed,
    settingType: p.settingType,
    teamRef: p.teamRef ?? null,
    caseworkerRef: p.caseworkerRef ?? null,
    registeredAt,
    updatedAt,
  };
}

/** Whether two plans hold the same facts (timestamps aside). */
export function samePlanFacts(a: RegisteredPlan, b: RegisteredPlan): boolean {
  const keys = ['status', 'planType', 'requestDate', 'issueDate', 'phase', 'primaryNeed', 'settingType', 'teamRef', 'caseworkerRef'] as const;
  return keys.every((k) => a[k] === b[k]);
}

async function allRecords<T>(storage: QaStorage, tenant: string, collection: string, where?: Record<string, string>): Promise<StoredRecord<T>[]> {
  const out: StoredRecord<T>[] = [];
  let cursor: string | undefined;
  do {
    const page = await storage.listRecords<T>(tenant, collection, { limit: 100, cursor, where });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

/** Planning reads and writes over any `QaStorage`. */
export interface PlanningStore {
  registerPlans(tenant: string, plans: readonly PlanRegistration[], now?: string): Promise<Omit<RegisterPlansResult, 'dryRun'>>;
  listPlans(tenant: string, planRefs?: readonly string[]): Promise<RegisteredPlan[]>;
  getSample(tenant: string, cycleId: string): Promise<Sample | null>;
  /** Stores a cycle's sample once; false when the cycle already has one. */
  createSample(tenant: string, sample: Sample): Promise<boolean>;
  listAllocations(tenant: string, filter: { cycleId?: string; auditorId?: string }): Promise<StoredRecord<AllocationRecord>[]>;
  getAllocation(tenant: string, id: string): Promise<StoredRecord<AllocationRecord> | null>;
  /** Creates (expectedVersion null) or updates (a number) one allocation. */
  putAllocation(tenant: string, record: AllocationRecord, expectedVersion: number | null): Promise<WriteResult<StoredRecord<AllocationRecord>>>;
}

/**
 * The planning store of `storage`: its own capabilities where it has them, the record store otherwise.
 *
 * @example
 * const plans = await planningStore(storage).listPlans(tenant);
 */
export function planningStore(storage: QaStorage): PlanningStore {
  return {
    async registerPlans(tenant, plans, now = new Date().toISOString()) {
      if (storage.registerPlans) return storage.registerPlans(tenant, plans, now);
      let created = 0, updated = 0, unchanged = 0;
      for (const p of plans) {
        const id = refKey(p.planRef);
        const existing = await storage.getRecord<RegisteredPlan>(tenant, PLAN_COLLECTION, id);
        if (!existing) {
          await storage.putRecord(tenant, PLAN_COLLECTION, id, normalisePlan(p, now, now), { expectedVersion: null });
          created += 1;
          continue;
        }
        const next = normalisePlan(p, existing.data.registeredAt, now);
        if (samePlanFacts(existing.data, next)) { unchanged += 1; continue; }
        await storage.putRecord(tenant, PLAN_COLLECTION, id, next);
        updated += 1;
      }
      return { created, updated, unchanged };
    },
    async listPlans(tenant, planRefs) {
      if (storage.listRegisteredPlans) return storage.listRegisteredPlans(tenant, planRefs);
      let plans: RegisteredPlan[];
      if (planRefs) {
        const found = await Promise.all([...new Set(planRefs)].map((ref) => storage.getRecord<RegisteredPlan>(tenant, PLAN_COLLECTION, refKey(ref))));
        plans = found.filter((r): r is StoredRecord<RegisteredPlan> => r !== null).map((r) => r.data);
      } else {
        plans = (await allRecords<RegisteredPlan>(storage, tenant, PLAN_COLLECTION)).map((r) => r.data);
      }
      return plans.sort((a, b) => (a.planRef < b.planRef ? -1 : a.planRef > b.planRef ? 1 : 0));
    },
    async getSample(tenant, cycleId) {
      return (await storage.getRecord<Sample>(tenant, SAMPLE_COLLECTION, cycleId))?.data ?? null;
    },
    async createSample(tenant, sample) {
      const result = await storage.putRecord(tenant, SAMPLE_COLLECTION, sample.cycleId, sample, { expectedVersion: null });
      return result.ok;
    },
    async listAllocations(tenant, filter) {
      const where: Record<string, string> = {};
      if (filter.cycleId) where.cycleId = filter.cycleId;
      if (filter.auditorId) where.auditorId = filter.auditorId;
      return allRecords<AllocationRecord>(storage, tenant, ALLOCATION_COLLECTION, where);
    },
    getAllocation(tenant, id) {
      return storage.getRecord<AllocationRecord>(tenant, ALLOCATION_COLLECTION, id);
    },
    putAllocation(tenant, record, expectedVersion) {
      return storage.putRecord(tenant, ALLOCATION_COLLECTION, refKey(record.cycleId, record.planRef), record, { expectedVersion });
    },
  };
}
