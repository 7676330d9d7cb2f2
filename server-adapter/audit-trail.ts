/**
 * How the routes write: every change goes through {@link commit}, which hands the
 * storage the change and its audit-trail entries together (`writeBatch`), so an
 * entry is stored exactly when its change is. The entries hold ids, versions and
 * grades only: never a comment, a reason or a note (docs/data-protection.md).
 */
import type { QaUser } from './auth.js';
import type { QaDeps } from './operation.js';
import { notFound, QaProblem } from './problem.js';
import type { Audit } from './schemas.js';
import type { BatchResult, TrailInput, WriteBatch } from './storage/types.js';

type Ok = Extract<BatchResult, { ok: true }>;

/**
 * Writes `batch` with its trail; failures become problems: a stale audit 412 (with
 * `currentVersion`), a missing audit or record 404, a held unique key 409.
 */
export async function commit(deps: QaDeps, tenant: string, batch: WriteBatch, what = 'resource'): Promise<Ok> {
  const result = await deps.storage.writeBatch(tenant, batch);
  if (result.ok) return result;
  if (result.reason === 'not-found') throw notFound(result.collection === 'audits' ? 'audit' : what, result.id);
  if (result.reason === 'conflict') {
    const noun = result.collection === 'audits' ? 'audit' : what;
    throw new QaProblem(412, {
      detail: `The ${noun} has changed: its current version is ${result.currentVersion}. Reload it, then apply your change again.`,
      headers: { etag: `"${result.currentVersion}"` },
      extensions: { currentVersion: result.currentVersion },
    });
  }
  throw new QaProblem(409, { detail: `The ${what} could not be saved: "${result.key}" is already taken (another request got there first). Reload and try again.` });
}

/** A trail entry about an audit. */
export function auditEntry(user: QaUser, operation: string, audit: Pick<Audit, 'id'>, beforeVersion: number | null, afterVersion: number | null, details: TrailInput['details'] = {}): TrailInput {
  return { actor: user.id, operation, subjectType: 'audit', subjectId: audit.id, auditId: audit.id, beforeVersion, afterVersion, details };
}

/** A trail entry about something else (a cycle, a moderation, a narrative, a benchmark). */
export function entry(user: QaUser, operation: string, subjectType: TrailInput['subjectType'], subjectId: string, versions: { before: number | null; after: number | null }, details: TrailInput['details'] = {}, auditId: string | null = null): TrailInput {
  return { actor: user.id, operation, subjectType, subjectId, auditId, beforeVersion: versions.before, afterVersion: versions.after, details };
}
