/**
 * The blindness rule of moderation, enforced by the API (not only the interface):
 * while a second auditor has not completed their audit of a plan, they cannot read
 * any other audit of that plan, whatever roles they hold. The audit routes call
 * these functions wherever an audit is read.
 */
import type { QaUser } from '../auth.js';
import { forbidden, PROBLEM_TYPE_BASE, QaProblem } from '../problem.js';
import type { Audit } from '../schemas.js';
import { matchesReportFilter, toReportRow, type QaStorage, type ReportFilter } from '../storage/types.js';
import { listModerationRecords } from './records.js';

/**
 * Plans the user must not see other audits of: those where they are the second
 * auditor of a moderation and their second audit is not completed.
 */
export async function blindPlanRefs(storage: QaStorage, tenant: string, user: Pick<QaUser, 'id'>): Promise<Set<string>> {
  return new Set((await pendingBlindModerations(storage, tenant, user)).map((p) => p.planRef));
}

/** A moderation that keeps `user` blind: they are its second auditor and have not completed their audit. */
export interface PendingBlindModeration {
  moderationId: string;
  planRef: string;
  cycleId: string | null;
  secondAuditId: string;
}

/** The moderations in which `user` is a second auditor whose audit is not completed. */
export async function pendingBlindModerations(storage: QaStorage, tenant: string, user: Pick<QaUser, 'id'>): Promise<PendingBlindModeration[]> {
  const out: PendingBlindModeration[] = [];
  for (const { data } of await listModerationRecords(storage, tenant, { secondAuditorId: user.id })) {
    const second = await storage.getAudit(tenant, data.secondAuditId);
    if (!second || second.status !== 'completed') {
      out.push({ moderationId: data.id, planRef: data.planRef, cycleId: data.cycleId, secondAuditId: data.secondAuditId });
    }
  }
  return out;
}

/** Whether `audit` is hidden from `user` by a blind second audit. Their own audits never are. */
export function isBlinded(blind: ReadonlySet<string>, user: Pick<QaUser, 'id'>, audit: Pick<Audit, 'planRef' | 'auditorId'>): boolean {
  return audit.auditorId !== user.id && blind.has(audit.planRef);
}

/** The reason given when the API refuses. */
export const BLIND_DETAIL =
  'You are the second auditor of this plan in a moderation. Other audits of the plan stay hidden until you complete your own audit, so that the two audits are independent.';

/** Throws 403 when `audit` is hidden from `user` by a blind second audit. */
export async function assertNotBlinded(storage: QaStorage, tenant: string, user: Pick<QaUser, 'id'>, audit: Pick<Audit, 'planRef' | 'auditorId'>): Promise<void> {
  if (audit.auditorId === user.id) return;
  if (isBlinded(await blindPlanRefs(storage, tenant, user), user, audit)) throw forbidden(BLIND_DETAIL);
}

/** `audits` without those hidden from `user` by a blind second audit. */
export async function withoutBlindedAudits<T extends Pick<Audit, 'planRef' | 'auditorId'>>(storage: QaStorage, tenant: string, user: Pick<QaUser, 'id'>, audits: readonly T[]): Promise<T[]> {
  const blind = await blindPlanRefs(storage, tenant, user);
  if (blind.size === 0) return [...audits];
  return audits.filter((audit) => !isBlinded(blind, user, audit));
}

/** The problem `type` of a report withheld while the caller has a blind second audit to finish. */
export const REPORT_WITHHELD_TYPE = `${PROBLEM_TYPE_BASE}report-withheld-during-moderation`;

/**
 * The report rule of blindness. Report figures are counts over many audits, so a
 * second auditor who is also a manager or moderator could read the first audit's
 * grades out of them (for example by filtering a cycle's counts down to the
 * plan's phase, need and setting). Leaving the hidden audits out of their figures would avoid that, but it
 * would hand them figures that silently differ from everyone else's, which they
 * might print for an inspector. So a report is refused instead: 403, naming the
 * pending moderations, whenever any of `filters` would count an audit of a plan
 * the caller is blind to (other than their own). A report whose filters leave
 * those plans out (another cycle, another phase) is answered as usual, and
 * auditors, whose reports cover only their own audits, are never refused.
 *
 * @param filters - every storage filter the report reads (one per cycle for a trend)
 * @throws QaProblem 403 with `pendingModerations` ({@link PendingBlindModeration}[])
 */
export async function assertReportNotBlinded(storage: QaStorage, tenant: string, user: Pick<QaUser, 'id'>, filters: readonly ReportFilter[]): Promise<void> {
  const pending = await pendingBlindModerations(storage, tenant, user);
  if (pending.length === 0 || filters.length === 0) return;
  const withheld: PendingBlindModeration[] = [];
  const byPlan = new Map<string, boolean>();
  for (const p of pending) {
    let hit = byPlan.get(p.planRef);
    if (hit === undefined) {
      hit = false;
      let cursor: string | undefined;
      do {
        const page = await storage.listAudits(tenant, { planRef: p.planRef }, { limit: 100, ...(cursor ? { cursor } : {}) });
        hit = page.items.some((audit) => audit.auditorId !== user.id && filters.some((f) => matchesReportFilter(toReportRow(audit), f)));
        cursor = hit ? undefined : page.nextCursor ?? undefined;
      } while (cursor);
      byPlan.set(p.planRef, hit);
    }
    if (hit) withheld.push(p);
  }
  if (withheld.length === 0) return;
  const plans = [...new Set(withheld.map((p) => p.planRef))].join(', ');
  throw new QaProblem(403, {
    type: REPORT_WITHHELD_TYPE,
    title: 'Report withheld until your moderation audit is complete',
    detail:
      `You are the second auditor of plan ${plans} in a moderation that is still waiting for your audit ` +
      `(moderation ${withheld.map((p) => p.moderationId).join(', ')}). This report would count another audit of that plan, ` +
      'and its figures could show you that audit\'s grades, so it is withheld until you complete your second audit. ' +
      'Reports that leave the plan out (for example another cycle) are still available.',
    extensions: { pendingModerations: withheld },
  });
}
