/**
 * Running an audit cycle: the plans the adapter knows, the cycle's sample, who
 * audits which plan by when, and how far along the cycle is. Quality leads
 * (managers, admins) plan and allocate; moderators may look; auditors see their own list.
 * The pure logic is in server-adapter/planning/.
 */
import { randomInt } from 'node:crypto';
import * as z from 'zod';
import { auditEntry, commit, entry } from '../audit-trail.js';
import type { QaUser } from '../auth.js';
import { defineOperation, type QaDeps } from '../operation.js';
import { notFound, QaProblem, validationProblem, type FieldError } from '../problem.js';
import { CycleParamsSchema, type Cycle } from '../schemas.js';
import type { StoredRecord } from '../storage/types.js';
import { allocationState, balanceAllocations, countProgress } from '../planning/allocation.js';
import { plansFromCsv } from '../planning/csv.js';
import { auditsFromHistoryCsv } from '../planning/history.js';
import { drawSample } from '../planning/draw.js';
import { timelinessFigures } from '../planning/timeliness.js';
import { levelsAtOrAbove } from '../reports/aggregate.js';
import { marginOfError, sampleSizeFor } from '../planning/maths.js';
import {
  AllocateBodySchema, AllocationListSchema, ImportHistoryBodySchema, ImportHistoryResultSchema, AllocationParamsSchema, AllocationSchema, CycleProgressSchema, DrawSampleBodySchema,
  ImportPlansCsvBodySchema, PlanListSchema, ReassignBodySchema, RegisterPlansBodySchema, RegisterPlansResultSchema,
  SamplePlanQuerySchema, SamplePlanSchema, SampleSchema, TimelinessQuerySchema, TimelinessReportSchema,
  type Allocation, type PlanRegistration, type RegisteredPlan, type Sample,
} from '../planning/schemas.js';
import { ALLOCATION_COLLECTION, planningStore, refKey, SAMPLE_COLLECTION, type AllocationRecord } from '../planning/store.js';
import type { CycleEvent, CycleWebhook } from '../planning/webhook.js';

declare module '../operation.js' {
  interface QaAppOptions {
    /** Signed webhook for cycle events (sample drawn, allocations, overdue reminders): `new CycleWebhook({ url, secret })`. */
    cycleWebhook?: CycleWebhook;
  }
}

const PLANNERS = ['manager', 'admin'] as const;
const VIEWERS = ['manager', 'admin', 'moderator'] as const;

const today = () => new Date().toISOString().slice(0, 10);

async function cycleOrThrow(deps: QaDeps, tenant: string, cycleId: string): Promise<Cycle> {
  const cycle = await deps.storage.getCycle(tenant, cycleId);
  if (!cycle) throw notFound('cycle', cycleId);
  return cycle;
}

/** The plans a sample is drawn from. */
function eligible(plans: readonly RegisteredPlan[], population: 'all' | 'new', cycle: Cycle): RegisteredPlan[] {
  return plans.filter((p) => p.status !== 'ceased' && (population === 'all'
    || (p.planType === 'new' && p.issueDate !== null && p.issueDate >= cycle.startDate && p.issueDate <= cycle.endDate)));
}

async function registerOrPreview(deps: QaDeps, tenant: string, user: QaUser, plans: readonly PlanRegistration[], dryRun: boolean, via: 'json' | 'csv') {
  const store = planningStore(deps.storage);
  if (!dryRun) {
    const counts = await store.registerPlans(tenant, plans);
    // Registered plans may live in a backend's own table, outside writeBatch: the trail entry follows in its own transaction.
    if (counts.created + counts.updated > 0) {
      await commit(deps, tenant, { trail: [entry(user, 'plans.registered', 'plan', 'registered-plans', { before: null, after: null }, { ...counts, via })] });
    }
    return { ...counts, dryRun: false };
  }
  const existing = new Map((await store.listPlans(tenant, plans.map((p) => p.planRef))).map((p) => [p.planRef, p]));
  let created = 0, updated = 0, unchanged = 0;
  for (const p of plans) {
    const old = existing.get(p.planRef);
    if (!old) created += 1;
    else if (old.status === p.status && old.planType === p.planType && old.requestDate === (p.requestDate ?? null) && old.issueDate === (p.issueDate ?? null)
      && old.phase === p.phase && old.primaryNeed === p.primaryNeed && old.settingType === p.settingType
      && old.teamRef === (p.teamRef ?? null) && old.caseworkerRef === (p.caseworkerRef ?? null)) unchanged += 1;
    else updated += 1;
  }
  return { created, updated, unchanged, dryRun: true };
}

function emit(deps: QaDeps, event: Omit<CycleEvent, 'occurredAt'>): void {
  deps.options.cycleWebhook?.send({ ...event, occurredAt: new Date().toISOString() });
}

/** Allocation records with their state from the audits of the cycle, and the plan's facts. */
async function views(deps: QaDeps, tenant: string, records: readonly StoredRecord<AllocationRecord>[]): Promise<Allocation[]> {
  if (records.length === 0) return [];
  const cycleIds = [...new Set(records.map((r) => r.data.cycleId))];
  // The raw storage: every audit counts here, second (moderation) audits included.
  const audits = (await Promise.all(cycleIds.map((cycleId) => deps.options.storage.listAuditsForReport(tenant, { cycleId })))).flat();
  const plans = new Map((await planningStore(deps.storage).listPlans(tenant, records.map((r) => r.data.planRef))).map((p) => [p.planRef, p]));
  const now = today();
  return records.map((r) => {
    const plan = plans.get(r.data.planRef);
    return {
      id: r.id,
      ...r.data,
      version: r.version,
      ...allocationState(r.data, audits.filter((a) => a.cycleId === r.data.cycleId), now),
      plan: plan ? {
        planType: plan.planType, phase: plan.phase, primaryNeed: plan.primaryNeed, settingType: plan.settingType,
        ...(plan.teamRef ? { teamRef: plan.teamRef } : {}), ...(plan.caseworkerRef ? { caseworkerRef: plan.caseworkerRef } : {}),
      } : null,
    };
  }).sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.planRef < b.planRef ? -1 : 1));
}

const SIZES = [10, 20, 30, 50, 75, 100, 150, 200];

export const planningOperations = [
  defineOperation({
    operationId: 'registerPlans',
    method: 'post',
    path: '/plans',
    summary: 'Register plans (idempotent on planRef)',
    description: 'Adds or updates the plans the adapter knows, in one go. A plan sent again with the same facts is counted as unchanged. References and facts only: never a name.',
    tags: ['planning'],
    roles: PLANNERS,
    body: RegisterPlansBodySchema,
    responses: { 200: { description: 'What changed', schema: RegisterPlansResultSchema } },
    async handler({ body, tenant, user, deps }) {
      const refs = new Map<string, number>();
      const errors: FieldError[] = [];
      body.plans.forEach((p, i) => {
        const first = refs.get(p.planRef);
        if (first !== undefined) errors.push({ field: `plans[${i}].planRef`, message: `"${p.planRef}" is also plans[${first}]` });
        else refs.set(p.planRef, i);
      });
      if (errors.length > 0) throw validationProblem(errors);
      return { status: 200, body: await registerOrPreview(deps, tenant, user, body.plans, false, 'json') };
    },
  }),
  defineOperation({
    operationId: 'importPlansCsv',
    method: 'post',
    path: '/plans/csv',
    summary: 'Register plans from a CSV file (all or nothing)',
    description: 'Every row is checked first; any bad row answers 422 with every problem by row and column, and nothing is written. `dryRun: true` checks and counts without writing.',
    tags: ['planning'],
    roles: PLANNERS,
    body: ImportPlansCsvBodySchema,
    responses: { 200: { description: 'What changed (or would change, in a dry run)', schema: RegisterPlansResultSchema } },
    async handler({ body, tenant, user, deps }) {
      const parsed = plansFromCsv(body.csv);
      if (!parsed.ok) throw validationProblem(parsed.errors, 422, 'CSV file');
      return { status: 200, body: await registerOrPreview(deps, tenant, user, parsed.plans, body.dryRun ?? false, 'csv') };
    },
  }),
  defineOperation({
    operationId: 'listPlans',
    method: 'get',
    path: '/plans',
    summary: 'The registered plans, by planRef',
    tags: ['planning'],
    roles: VIEWERS,
    responses: { 200: { description: 'Registered plans', schema: PlanListSchema } },
    async handler({ tenant, deps }) {
      const items = await planningStore(deps.storage).listPlans(tenant);
      return { status: 200, body: { items, total: items.length } };
    },
  }),
  defineOperation({
    operationId: 'getSamplePlan',
    method: 'get',
    path: '/cycles/{cycleId}/sample-plan',
    summary: 'What a sample size buys, before drawing',
    description: 'The 95% margin of error of a proportion for `size`, the size needed for `margin` (percentage points), and a table of usual sizes; all finite population corrected for the eligible plans.',
    tags: ['planning'],
    roles: PLANNERS,
    params: CycleParamsSchema,
    query: SamplePlanQuerySchema,
    responses: { 200: { description: 'The sums', schema: SamplePlanSchema } },
    async handler({ params, query, tenant, deps }) {
      const cycle = await cycleOrThrow(deps, tenant, params.cycleId);
      const N = eligible(await planningStore(deps.storage).listPlans(tenant), query.population, cycle).length;
      const size = query.size === undefined ? null : Math.min(query.size, N);
      return {
        status: 200,
        body: {
          population: query.population,
          populationSize: N,
          size,
          marginOfError: size === null ? null : marginOfError(size, N),
          margin: query.margin ?? null,
          sizeForMargin: query.margin === undefined ? null : sampleSizeFor(query.margin / 100, N),
          table: [...new Set([...SIZES.filter((n) => n < N), N])].filter((n) => n > 0).map((n) => ({ size: n, marginOfError: marginOfError(n, N) })),
        },
      };
    },
  }),
  defineOperation({
    operationId: 'drawSample',
    method: 'post',
    path: '/cycles/{cycleId}/sample',
    summary: "Draw the cycle's sample (once; seeded and reproducible)",
    tags: ['planning'],
    roles: PLANNERS,
    params: CycleParamsSchema,
    body: DrawSampleBodySchema,
    errors: [409],
    responses: { 201: { description: 'The sample, with its seed', schema: SampleSchema } },
    async handler({ params, body, tenant, user, deps }) {
      const cycle = await cycleOrThrow(deps, tenant, params.cycleId);
      const store = planningStore(deps.storage);
      if (await store.getSample(tenant, cycle.id)) throw new QaProblem(409, { detail: 'This cycle already has a sample. A sample is drawn once, so it can be shown how it was drawn.' });
      const plans = eligible(await store.listPlans(tenant), body.population, cycle);
      if (plans.length === 0) {
        throw validationProblem([{ field: 'population', message: body.population === 'new' ? `no new plans issued between ${cycle.startDate} and ${cycle.endDate} are registered` : 'no plans are registered' }]);
      }
      const seed = body.seed ?? randomInt(0, 2 ** 32 - 1);
      const drawn = drawSample(plans, body.sample, seed);
      const sample: Sample = {
        cycleId: cycle.id, population: body.population, sample: body.sample, seed, populationSize: plans.length,
        planRefs: drawn.planRefs, strata: drawn.strata, marginOfError: marginOfError(drawn.planRefs.length, plans.length),
        drawnAt: new Date().toISOString(), drawnBy: user.id,
      };
      const written = await deps.storage.writeBatch(tenant, {
        records: [{ collection: SAMPLE_COLLECTION, id: cycle.id, data: sample, expectedVersion: null }],
        trail: [entry(user, 'cycle.sample-drawn', 'cycle', cycle.id, { before: null, after: null }, { seed, method: body.sample.method, population: body.population, size: sample.planRefs.length, populationSize: plans.length })],
      });
      if (!written.ok) throw new QaProblem(409, { detail: 'This cycle already has a sample.' });
      emit(deps, { id: `sample.drawn:${cycle.id}`, type: 'sample.drawn', tenant, cycleId: cycle.id, data: { seed, size: sample.planRefs.length, populationSize: plans.length } });
      return { status: 201, body: sample };
    },
  }),
  defineOperation({
    operationId: 'getSample',
    method: 'get',
    path: '/cycles/{cycleId}/sample',
    summary: "The cycle's sample",
    tags: ['planning'],
    roles: VIEWERS,
    params: CycleParamsSchema,
    responses: { 200: { description: 'The sample', schema: SampleSchema } },
    async handler({ params, tenant, deps }) {
      await cycleOrThrow(deps, tenant, params.cycleId);
      const sample = await planningStore(deps.storage).getSample(tenant, params.cycleId);
      if (!sample) throw new QaProblem(404, { detail: 'This cycle has no sample yet.' });
      return { status: 200, body: sample };
    },
  }),
  defineOperation({
    operationId: 'allocatePlans',
    method: 'post',
    path: '/cycles/{cycleId}/allocations',
    summary: 'Give sampled plans to auditors, by hand or balanced by workload',
    description: "Never to the plan's own caseworker. Every assignment is checked before any is written. A plan already allocated is reassigned with PUT instead.",
    tags: ['planning'],
    roles: PLANNERS,
    params: CycleParamsSchema,
    body: AllocateBodySchema,
    responses: { 201: { description: 'The new allocations', schema: AllocationListSchema } },
    async handler({ params, body, tenant, user, deps }) {
      const cycle = await cycleOrThrow(deps, tenant, params.cycleId);
      const store = planningStore(deps.storage);
      const sample = await store.getSample(tenant, cycle.id);
      if (!sample) throw validationProblem([{ field: '(body)', message: 'draw the cycle\'s sample before allocating' }]);
      const existing = await store.listAllocations(tenant, { cycleId: cycle.id });
      const allocated = new Set(existing.map((r) => r.data.planRef));
      const inSample = new Set(sample.planRefs);
      const plans = new Map((await store.listPlans(tenant, sample.planRefs)).map((p) => [p.planRef, p]));
      const now = new Date().toISOString();
      let wanted: Omit<AllocationRecord, 'assignedAt' | 'assignedBy' | 'reassignments' | 'cycleId'>[];
      if (body.mode === 'by-hand') {
        const errors: FieldError[] = [];
        const seen = new Set<string>();
        body.assignments.forEach((a, i) => {
          if (!inSample.has(a.planRef)) errors.push({ field: `assignments[${i}].planRef`, message: `"${a.planRef}" is not in this cycle's sample` });
          else if (allocated.has(a.planRef)) errors.push({ field: `assignments[${i}].planRef`, message: `"${a.planRef}" is already allocated; reassign it instead` });
          else if (seen.has(a.planRef)) errors.push({ field: `assignments[${i}].planRef`, message: `"${a.planRef}" is given twice` });
          else if (plans.get(a.planRef)?.caseworkerRef === a.auditorId) errors.push({ field: `assignments[${i}].auditorId`, message: "is the plan's own caseworker; a plan is never audited by its caseworker" });
          seen.add(a.planRef);
        });
        if (errors.length > 0) throw validationProblem(errors);
        wanted = body.assignments.map((a) => ({ planRef: a.planRef, auditorId: a.auditorId, agency: a.agency, dueDate: a.dueDate }));
      } else {
        const ids = body.auditors.map((a) => a.auditorId);
        const dup = ids.findIndex((id, i) => ids.indexOf(id) !== i);
        if (dup >= 0) throw validationProblem([{ field: `auditors[${dup}].auditorId`, message: 'is listed twice' }]);
        const load = new Map<string, number>();
        for (const r of existing) load.set(r.data.auditorId, (load.get(r.data.auditorId) ?? 0) + 1);
        const open = sample.planRefs.filter((ref) => !allocated.has(ref)).map((ref) => ({ planRef: ref, caseworkerRef: plans.get(ref)?.caseworkerRef ?? null }));
        const { pairs, impossible } = balanceAllocations(open, body.auditors, load);
        if (impossible.length > 0) {
          throw validationProblem([{ field: 'auditors', message: `every auditor listed is the caseworker of ${impossible.join(', ')}; add another auditor` }]);
        }
        wanted = pairs.map((p) => ({ planRef: p.planRef, auditorId: p.auditor.auditorId, agency: p.auditor.agency, dueDate: body.dueDate }));
      }
      // One transaction: every allocation with its trail entry, or none.
      const records = wanted.map((w) => ({ ...w, cycleId: cycle.id, assignedAt: now, assignedBy: user.id, reassignments: [] } satisfies AllocationRecord));
      const written = await deps.storage.writeBatch(tenant, {
        records: records.map((r) => ({ collection: ALLOCATION_COLLECTION, id: refKey(r.cycleId, r.planRef), data: r, expectedVersion: null })),
        trail: records.map((r) => entry(user, 'cycle.plan-allocated', 'cycle', cycle.id, { before: null, after: 1 }, { allocationId: refKey(r.cycleId, r.planRef), planRef: r.planRef, auditorId: r.auditorId, agency: r.agency, dueDate: r.dueDate })),
      });
      if (!written.ok) throw new QaProblem(409, { detail: 'A plan was allocated by someone else meanwhile; reload and try again.' });
      const created = written.records as StoredRecord<AllocationRecord>[];
      for (const r of created) {
        emit(deps, { id: `allocation.assigned:${r.id}:1`, type: 'allocation.assigned', tenant, cycleId: cycle.id, data: { allocationId: r.id, planRef: r.data.planRef, auditorId: r.data.auditorId, agency: r.data.agency, dueDate: r.data.dueDate } });
      }
      return { status: 201, body: { items: await views(deps, tenant, created) } };
    },
  }),
  defineOperation({
    operationId: 'listAllocations',
    method: 'get',
    path: '/cycles/{cycleId}/allocations',
    summary: "The cycle's allocations, soonest due first, with where each stands",
    tags: ['planning'],
    roles: VIEWERS,
    params: CycleParamsSchema,
    responses: { 200: { description: 'Allocations', schema: AllocationListSchema } },
    async handler({ params, tenant, deps }) {
      await cycleOrThrow(deps, tenant, params.cycleId);
      return { status: 200, body: { items: await views(deps, tenant, await planningStore(deps.storage).listAllocations(tenant, { cycleId: params.cycleId })) } };
    },
  }),
  defineOperation({
    operationId: 'reassignAllocation',
    method: 'put',
    path: '/cycles/{cycleId}/allocations/{allocationId}',
    summary: 'Give an allocated plan to another auditor, or change its due date',
    tags: ['planning'],
    roles: PLANNERS,
    params: AllocationParamsSchema,
    body: ReassignBodySchema,
    ifMatch: true,
    responses: { 200: { description: 'The allocation', schema: AllocationSchema, etag: true } },
    async handler({ params, body, ifMatch, tenant, user, deps }) {
      const store = planningStore(deps.storage);
      const current = await store.getAllocation(tenant, params.allocationId);
      if (!current || current.data.cycleId !== params.cycleId) throw notFound('allocation', params.allocationId);
      if (current.version !== ifMatch) throw new QaProblem(412, { detail: 'The allocation has changed since you loaded it. Reload it and decide again.', extensions: { currentVersion: current.version } });
      const [plan] = await store.listPlans(tenant, [current.data.planRef]);
      if (plan?.caseworkerRef === body.auditorId) throw validationProblem([{ field: 'auditorId', message: "is the plan's own caseworker; a plan is never audited by its caseworker" }]);
      const changedAuditor = body.auditorId !== current.data.auditorId;
      const next: AllocationRecord = {
        ...current.data, auditorId: body.auditorId, agency: body.agency, dueDate: body.dueDate,
        reassignments: changedAuditor ? [...current.data.reassignments, { at: new Date().toISOString(), by: user.id, fromAuditorId: current.data.auditorId, reason: body.reason ?? null }] : current.data.reassignments,
      };
      const written = await commit(deps, tenant, {
        records: [{ collection: ALLOCATION_COLLECTION, id: current.id, data: next, expectedVersion: current.version }],
        trail: [entry(user, 'cycle.plan-reassigned', 'cycle', params.cycleId, { before: current.version, after: current.version + 1 }, { allocationId: current.id, planRef: next.planRef, auditorId: next.auditorId, fromAuditorId: current.data.auditorId, agency: next.agency, dueDate: next.dueDate })],
      }, 'allocation');
      const result = { value: written.records[0] as StoredRecord<AllocationRecord> };
      emit(deps, { id: `allocation.reassigned:${result.value.id}:${result.value.version}`, type: 'allocation.reassigned', tenant, cycleId: params.cycleId, data: { allocationId: result.value.id, planRef: next.planRef, auditorId: next.auditorId, fromAuditorId: current.data.auditorId, agency: next.agency, dueDate: next.dueDate } });
      const [view] = await views(deps, tenant, [result.value]);
      return { status: 200, body: view, version: result.value.version };
    },
  }),
  defineOperation({
    operationId: 'getCycleProgress',
    method: 'get',
    path: '/cycles/{cycleId}/progress',
    summary: 'How far along the cycle is: for the cycle, per auditor and per agency',
    tags: ['planning'],
    roles: VIEWERS,
    params: CycleParamsSchema,
    responses: { 200: { description: 'Progress', schema: CycleProgressSchema } },
    async handler({ params, tenant, deps }) {
      await cycleOrThrow(deps, tenant, params.cycleId);
      const store = planningStore(deps.storage);
      const sample = await store.getSample(tenant, params.cycleId);
      const items = await views(deps, tenant, await store.listAllocations(tenant, { cycleId: params.cycleId }));
      const group = <K extends string>(key: (a: Allocation) => K) => {
        const m = new Map<K, Allocation[]>();
        for (const a of items) (m.get(key(a)) ?? m.set(key(a), []).get(key(a))!).push(a);
        return [...m].sort(([a], [b]) => (a < b ? -1 : 1));
      };
      return {
        status: 200,
        body: {
          cycleId: params.cycleId,
          asOf: today(),
          sampled: sample?.planRefs.length ?? 0,
          unallocated: (sample?.planRefs.length ?? 0) - items.length,
          total: countProgress(items),
          byAuditor: group((a) => a.auditorId).map(([auditorId, list]) => ({ auditorId, agency: list[list.length - 1]!.agency, ...countProgress(list) })),
          byAgency: group((a) => a.agency).map(([agency, list]) => ({ agency, ...countProgress(list) })),
        },
      };
    },
  }),
  defineOperation({
    operationId: 'sendOverdueReminders',
    method: 'post',
    path: '/cycles/{cycleId}/reminders',
    summary: 'Send an allocation.overdue webhook event for each overdue allocation (once per allocation and due date)',
    description: 'For a host that sends its own reminders: call it daily. An allocation already reminded for its current due date is not sent again.',
    tags: ['planning'],
    roles: PLANNERS,
    params: CycleParamsSchema,
    bodyOptional: true,
    body: z.strictObject({}),
    responses: { 200: { description: 'How many events were sent now', schema: z.strictObject({ sent: z.int(), overdue: z.int() }) } },
    async handler({ params, tenant, user, deps }) {
      await cycleOrThrow(deps, tenant, params.cycleId);
      if (!deps.options.cycleWebhook) throw new QaProblem(501, { detail: 'No cycle webhook is configured (the cycleWebhook option).' });
      const items = (await views(deps, tenant, await planningStore(deps.storage).listAllocations(tenant, { cycleId: params.cycleId }))).filter((a) => a.overdue);
      let sent = 0;
      for (const a of items) {
        const id = `allocation.overdue:${a.id}:${a.dueDate}`;
        const marker = await deps.storage.writeBatch(tenant, {
          records: [{ collection: 'cycle-reminders', id: refKey(id), data: { id, sentAt: new Date().toISOString() }, expectedVersion: null }],
          trail: [entry(user, 'cycle.reminder-sent', 'cycle', params.cycleId, { before: null, after: null }, { allocationId: a.id, planRef: a.planRef, auditorId: a.auditorId, dueDate: a.dueDate })],
        });
        if (!marker.ok) continue;
        emit(deps, { id, type: 'allocation.overdue', tenant, cycleId: params.cycleId, data: { allocationId: a.id, planRef: a.planRef, auditorId: a.auditorId, agency: a.agency, dueDate: a.dueDate, state: a.state } });
        sent += 1;
      }
      return { status: 200, body: { sent, overdue: items.length } };
    },
  }),
  defineOperation({
    operationId: 'importAuditHistory',
    method: 'post',
    path: '/audit-history/csv',
    summary: "Import past audits from a spreadsheet (all or nothing; re-import changes nothing)",
    description: 'Columns and grade words are mapped in the upload. Every row is checked first: any problem answers 422 with every problem by row and column, and nothing is written. Each row goes into the cycle its date falls in. Imported audits are completed, by the auditor `imported`, with no criteria ticked; they count in reports, comparisons and trends.',
    tags: ['planning'],
    roles: PLANNERS,
    body: ImportHistoryBodySchema,
    responses: { 200: { description: 'What was (or, in a dry run, would be) imported', schema: ImportHistoryResultSchema } },
    async handler({ body, tenant, user, deps }) {
      const framework = deps.frameworks.get(body.frameworkId, body.frameworkVersion);
      if (!framework) throw validationProblem([{ field: 'frameworkVersion', message: `${body.frameworkId} ${body.frameworkVersion} is not a framework this adapter serves` }]);
      const cycles = await deps.storage.listCycles(tenant);
      const plans = new Map((await planningStore(deps.storage).listPlans(tenant)).map((p) => [p.planRef, p]));
      const parsed = auditsFromHistoryCsv(body.csv, { framework, columns: body.columns, grades: body.grades, auditorRoles: body.auditorRoles }, cycles, plans);
      if (!parsed.ok) throw validationProblem(parsed.errors, 422, 'import');
      const fresh = [];
      for (const audit of parsed.audits) if (!(await deps.storage.getAudit(tenant, audit.id))) fresh.push(audit);
      if (!body.dryRun && fresh.length > 0) {
        // One transaction: every new audit with its trail entry, or nothing.
        await commit(deps, tenant, {
          createAudits: fresh,
          trail: fresh.map((a) => auditEntry(user, 'audit.imported', a, null, 1, { planRef: a.planRef, cycleId: a.cycleId, overallGrade: a.overall?.grade ?? null })),
        }, 'audit');
      }
      const created = fresh.length;
      const perCycle = new Map<string, number>();
      for (const a of parsed.audits) perCycle.set(a.cycleId!, (perCycle.get(a.cycleId!) ?? 0) + 1);
      return {
        status: 200,
        body: {
          rows: parsed.audits.length, created, unchanged: parsed.audits.length - created, dryRun: body.dryRun ?? false,
          cycles: cycles.filter((c) => perCycle.has(c.id)).map((c) => ({ cycleId: c.id, name: c.name, audits: perCycle.get(c.id)! })),
        },
      };
    },
  }),
  defineOperation({
    operationId: 'getTimeliness',
    method: 'get',
    path: '/reports/timeliness',
    summary: 'Timeliness beside quality: new plans issued within 20 weeks, and whether late plans were graded worse',
    description: 'From the registered plans\' request and issue dates, per cycle (new plans issued between its dates), with the plan filters. Quality is the share of completed audits Good or better (the framework\'s expected level or above), for plans issued on time and late. Counts of 1–4 are suppressed.',
    tags: ['reports', 'planning'],
    roles: VIEWERS,
    query: TimelinessQuerySchema,
    responses: { 200: { description: 'Timeliness per cycle', schema: TimelinessReportSchema } },
    async handler({ query, tenant, deps }) {
      const framework = deps.frameworks.latest(query.frameworkId);
      if (!framework) throw validationProblem([{ field: 'query.frameworkId', message: `"${query.frameworkId}" is not a framework this adapter serves` }], 400, 'query string');
      const cycles = (await deps.storage.listCycles(tenant)).filter((c) => !query.cycleId || c.id === query.cycleId).sort((a, b) => (a.startDate < b.startDate ? -1 : 1));
      if (query.cycleId && cycles.length === 0) throw notFound('cycle', query.cycleId);
      const plans = (await planningStore(deps.storage).listPlans(tenant)).filter((p) => p.planType === 'new'
        && (!query.phase || p.phase === query.phase) && (!query.primaryNeed || p.primaryNeed === query.primaryNeed)
        && (!query.settingType || p.settingType === query.settingType) && (!query.teamRef || p.teamRef === query.teamRef)
        && (!query.caseworkerRef || p.caseworkerRef === query.caseworkerRef));
      const good = levelsAtOrAbove(framework.scale, framework.scale.expected);
      const points = [];
      for (const cycle of cycles) {
        const issued = plans.filter((p) => p.issueDate !== null && p.issueDate >= cycle.startDate && p.issueDate <= cycle.endDate);
        // Agreed grades for moderated plans, second audits not counted (the moderation-aware storage).
        const rows = await deps.storage.listAuditsForReport(tenant, { cycleId: cycle.id, status: 'completed', frameworkId: framework.id });
        const gradesByPlan = new Map<string, (string | null)[]>();
        for (const r of rows) (gradesByPlan.get(r.planRef) ?? gradesByPlan.set(r.planRef, []).get(r.planRef)!).push(r.overallGrade);
        points.push({ cycleId: cycle.id, name: cycle.name, startDate: cycle.startDate, endDate: cycle.endDate, ...timelinessFigures({ plans: issued, gradesByPlan, goodOrBetter: good }) });
      }
      const filters = Object.fromEntries(Object.entries(query).filter(([k, v]) => v !== undefined && k !== 'frameworkId')) as Record<string, string>;
      return { status: 200, body: { filters, statutoryWeeks: 20, points } };
    },
  }),
  defineOperation({
    operationId: 'listMyAllocations',
    method: 'get',
    path: '/my-allocations',
    summary: "The caller's own allocated plans in every cycle, soonest due first",
    tags: ['planning'],
    roles: ['auditor'],
    responses: { 200: { description: 'Allocations', schema: AllocationListSchema } },
    async handler({ user, tenant, deps }) {
      return { status: 200, body: { items: await views(deps, tenant, await planningStore(deps.storage).listAllocations(tenant, { auditorId: user.id })) } };
    },
  }),
];
