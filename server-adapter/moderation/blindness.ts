/**
 * The blindness rule of moderation, enforced by the API (not only the interface):
 * while a second auditor has not completed their audit of a plan, they cannot read
 * any other audit of that plan, whatever roles they hold. The audit routes call
 * these functions wherever an audit is read.
 */
import type { QaUser } from '../auth.js';
import { forbidden } from '../problem.js';
import type { Audit } from '../schemas.js';
import type { QaStorage } from '../storage/types.js';
import { listModerationRecords } from './records.js';

/**
 * Plans the user must not see other audits of: those where they are the second
 * auditor of a moderation and their second audit is not completed.
 */
export async function blindPlanRefs(storage: QaStorage, tenant: string, user: Pick<QaUser, 'id'>): Promise<Set<string>> {
  const records = await listModerationRecords(storage, tenant, { secondAuditorId: user.id });
  const blind = new Set<string>();
  for (const { data } of records) {
    if (blind.has(data.planRef)) continue;
    const second = await storage.getAudit(tenant, data.secondAuditId);
    if (!second || second.status !== 'completed') blind.add(data.planRef);
  }
  return blind;
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
