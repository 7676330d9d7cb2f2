/**
 * The blindness rule of moderation, enforced by the API (not only the interface):
 * while a pair's second audit is not complete, neither of its auditors can read any
 * other audit of that plan, whatever roles they hold. Every route that returns audit
 * content asks {@link moderationVisibility}; nothing else decides it.
 */
import type { QaUser } from '../auth.js';
import { forbidden, PROBLEM_TYPE_BASE, QaProblem } from '../problem.js';
import type { Audit } from '../schemas.js';
import { matchesReportFilter, toReportRow, type QaStorage, type ReportFilter } from '../storage/types.js';
import { isOpenModeration, listModerationRecords, type ModerationRecord } from './records.js';

/** A moderation that keeps `user` blind: they are its second auditor and have not completed their audit. */
export interface PendingBlindModeration {
  moderationId: string;
  planRef: string;
  cycleId: string | null;
  secondAuditId: string;
}

/**
 * What one user may not see because of moderation, decided in ONE place for every
 * route that returns audit content (audits, lists, moderations, reopen answers,
 * resolve answers, statistics and reports).
 *
 * The rule: neither side of a pair sees the other before both audits are complete.
 * While a pair's second audit is not complete, its second auditor AND its first
 * auditor see no audit of that plan but their own, whatever roles they hold: not
 * through `getAudit`, `listAudits`, `reopenAudit`, nor through any moderation of the
 * plan (their own pair or a sibling pair of the same first audit). Resolved and
 * cancelled pairs blind nobody.
 */
export interface ModerationVisibility {
  /** Plans (planRef) the user sees only their own audits of, with the pairs that cause it. */
  readonly blindPlans: ReadonlyMap<string, readonly { moderationId: string; side: 'first' | 'second' }[]>;
  /** Pairs where the user is the second auditor and has not completed: these also withhold reports. */
  readonly pendingSecondAudits: readonly PendingBlindModeration[];
  /** Whether `audit` is hidden from the user. Their own audits never are. */
  hidesAudit(audit: Pick<Audit, 'planRef' | 'auditorId'>): boolean;
  /** Whether a moderation's content (the audits it compares) is hidden from the user. */
  hidesModeration(record: Pick<ModerationRecord, 'planRef'>): boolean;
}

/** Loads {@link ModerationVisibility} for `user` (two record-store queries and one audit read per pair they are in). */
export async function moderationVisibility(storage: QaStorage, tenant: string, user: Pick<QaUser, 'id'>): Promise<ModerationVisibility> {
  const blindPlans = new Map<string, { moderationId: string; side: 'first' | 'second' }[]>();
  const pendingSecondAudits: PendingBlindModeration[] = [];
  const asSecond = await listModerationRecords(storage, tenant, { secondAuditorId: user.id });
  const asFirst = await listModerationRecords(storage, tenant, { firstAuditorId: user.id });
  for (const [side, records] of [['second', asSecond], ['first', asFirst]] as const) {
    for (const { data } of records) {
      if (!isOpenModeration(data)) continue; // resolved or cancelled pairs blind nobody
      const second = await storage.getAudit(tenant, data.secondAuditId);
      if (second?.status === 'completed') continue;
      const list = blindPlans.get(data.planRef) ?? [];
      list.push({ moderationId: data.id, side });
      blindPlans.set(data.planRef, list);
      if (side === 'second') pendingSecondAudits.push({ moderationId: data.id, planRef: data.planRef, cycleId: data.cycleId, secondAuditId: data.secondAuditId });
    }
  }
  return {
    blindPlans,
    pendingSecondAudits,
    hidesAudit: (audit) => audit.auditorId !== user.id && blindPlans.has(audit.planRef),
    hidesModeration: (record) => blindPlans.has(record.planRef),
  };
}

/** The moderations in which `user` is a second auditor whose audit is not completed. */
export async function pendingBlindModerations(storage: QaStorage, tenant: string, user: Pick<QaUser, 'id'>): Promise<PendingBlindModeration[]> {
  return [...(await moderationVisibility(storage, tenant, user)).pendingSecondAudits];
}

/** The reason given when the API refuses. */
export const BLIND_DETAIL =
  'You are the first or second auditor of this plan in a moderation that is not complete. Other audits of the plan, and its moderations, stay hidden ' +
  'from both auditors until both audits are complete, so that the two audits are independent.';

/** Throws 403 when `audit` is hidden from `user` by moderation. */
export async function assertNotBlinded(storage: QaStorage, tenant: string, user: Pick<QaUser, 'id'>, audit: Pick<Audit, 'planRef' | 'auditorId'>): Promise<void> {
  if (audit.auditorId === user.id) return;
  if ((await moderationVisibility(storage, tenant, user)).hidesAudit(audit)) throw forbidden(BLIND_DETAIL);
}

/** `audits` without those hidden from `user` by moderation. */
export async function withoutBlindedAudits<T extends Pick<Audit, 'planRef' | 'auditorId'>>(storage: QaStorage, tenant: string, user: Pick<QaUser, 'id'>, audits: readonly T[]): Promise<T[]> {
  const visibility = await moderationVisibility(storage, tenant, user);
  return audits.filter((audit) => !visibility.hidesAudit(audit));
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
  throw reportWithheld(withheld);
}

/** The 403 problem of a report (or statistics) withheld because of `withheld` pending second audits. */
export function reportWithheld(withheld: readonly PendingBlindModeration[]): QaProblem {
  const plans = [...new Set(withheld.map((p) => p.planRef))].join(', ');
  return new QaProblem(403, {
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
