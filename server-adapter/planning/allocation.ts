/**
 * Sharing a cycle's sampled plans among auditors, and counting how far along they are.
 * Pure functions: the routes read the data and store the answers.
 */
import type { AuditReportRow } from '../storage/types.js';
import type { AllocationRecord } from './store.js';
import type { ProgressCounts } from './schemas.js';

export interface AuditorChoice {
  auditorId: string;
  agency: AllocationRecord['agency'];
}

/**
 * Balanced allocation: each plan (in planRef order) goes to the auditor with the
 * fewest plans in the cycle so far (existing allocations count), never to the
 * plan's own caseworker; ties go to the auditor listed first. Returns the pairs,
 * and the plans nobody could take (every auditor is their caseworker).
 *
 * @example
 * balanceAllocations([{ planRef: 'P1', caseworkerRef: 'cw-1' }], [{ auditorId: 'cw-1', agency: 'education' }, { auditorId: 'a-2', agency: 'health' }], new Map());
 * // → P1 to a-2
 */
export function balanceAllocations(
  plans: readonly { planRef: string; caseworkerRef: string | null }[],
  auditors: readonly AuditorChoice[],
  existingLoad: ReadonlyMap<string, number>,
): { pairs: { planRef: string; auditor: AuditorChoice }[]; impossible: string[] } {
  const load = new Map(auditors.map((a) => [a.auditorId, existingLoad.get(a.auditorId) ?? 0]));
  const pairs: { planRef: string; auditor: AuditorChoice }[] = [];
  const impossible: string[] = [];
  for (const plan of [...plans].sort((a, b) => (a.planRef < b.planRef ? -1 : 1))) {
    let best: AuditorChoice | undefined;
    for (const a of auditors) {
      if (a.auditorId === plan.caseworkerRef) continue;
      if (!best || load.get(a.auditorId)! < load.get(best.auditorId)!) best = a;
    }
    if (!best) { impossible.push(plan.planRef); continue; }
    load.set(best.auditorId, load.get(best.auditorId)! + 1);
    pairs.push({ planRef: plan.planRef, auditor: best });
  }
  return { pairs, impossible };
}

export type AllocationState = 'not-started' | 'in-progress' | 'audited';

/**
 * Where an allocation stands: the allocated auditor's audit of the plan in the cycle
 * (completed wins over in progress). Overdue: not audited and the due date has passed.
 */
export function allocationState(
  allocation: Pick<AllocationRecord, 'planRef' | 'auditorId' | 'dueDate'>,
  audits: readonly Pick<AuditReportRow, 'id' | 'planRef' | 'auditorId' | 'status'>[],
  today: string,
): { state: AllocationState; overdue: boolean; auditId: string | null } {
  const mine = audits.filter((a) => a.planRef === allocation.planRef && a.auditorId === allocation.auditorId);
  const done = mine.find((a) => a.status === 'completed');
  const state: AllocationState = done ? 'audited' : mine.length > 0 ? 'in-progress' : 'not-started';
  return { state, overdue: state !== 'audited' && allocation.dueDate < today, auditId: (done ?? mine[0])?.id ?? null };
}

/** Adds allocations (with their state) up into progress counts. */
export function countProgress(items: readonly { state: AllocationState; overdue: boolean }[]): ProgressCounts {
  const counts: ProgressCounts = { allocated: 0, audited: 0, inProgress: 0, notStarted: 0, overdue: 0 };
  for (const i of items) {
    counts.allocated += 1;
    if (i.state === 'audited') counts.audited += 1;
    else if (i.state === 'in-progress') counts.inProgress += 1;
    else counts.notStarted += 1;
    if (i.overdue) counts.overdue += 1;
  }
  return counts;
}
