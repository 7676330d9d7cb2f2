/**
 * Who may see and change what, in one place. Tenancy is not checked here: every
 * storage call is already scoped to the caller's tenant, so another tenant's audit
 * never reaches these functions (it answers 404 as if absent).
 */
import { hasRole, type QaUser } from './auth.js';
import type { Audit } from './schemas.js';

/** Moderators, managers and admins read every audit of their tenant. */
export function readsAllAudits(user: QaUser): boolean {
  return hasRole(user, 'moderator', 'manager', 'admin');
}

/**
 * Whether `user` may read `audit`: all-audit readers; the auditor who owns it; the
 * plan's caseworker once the audit is completed.
 */
export function canReadAudit(user: QaUser, audit: Audit): boolean {
  if (readsAllAudits(user)) return true;
  if (hasRole(user, 'auditor') && audit.auditorId === user.id) return true;
  return hasRole(user, 'caseworker') && audit.status === 'completed' && audit.plan.caseworkerRef === user.id;
}

/** Only the auditor who started an audit edits or completes it. */
export function canEditAudit(user: QaUser, audit: Audit): boolean {
  return hasRole(user, 'auditor') && audit.auditorId === user.id;
}
