/**
 * The audit trail: every write the adapter makes is appended to a per-tenant list of
 * entries, in the same transaction as the change (`writeBatch` with `trail`). Each
 * entry carries the hash of the one before it, so changing, removing or reordering an
 * entry behind the adapter's back breaks the chain, and `verifyAuditTrail` says where.
 *
 * hash = SHA-256(prevHash + "\n" + canonical JSON of the entry without its hash), in hex.
 * The canonical JSON (sorted keys, no white space) is the one the benchmark signatures
 * use, so the chain can be checked again with any language's JSON and SHA-256.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../benchmark/canonical-json.js';
import type { QaStorage, TrailEntry, TrailInput } from './types.js';

/** The `prevHash` of a tenant's first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields an entry's hash covers (everything but the hash), with the tenant so an entry cannot be moved to another. */
function hashedFields(tenant: string, entry: Omit<TrailEntry, 'hash'>): Record<string, unknown> {
  return {
    tenant, seq: entry.seq, at: entry.at, actor: entry.actor, operation: entry.operation,
    subjectType: entry.subjectType, subjectId: entry.subjectId, auditId: entry.auditId,
    beforeVersion: entry.beforeVersion, afterVersion: entry.afterVersion, details: entry.details, prevHash: entry.prevHash,
  };
}

/** The hash of an entry (see the module comment). */
export function trailHash(tenant: string, entry: Omit<TrailEntry, 'hash'>): string {
  return createHash('sha256').update(`${entry.prevHash}\n${canonicalJson(hashedFields(tenant, entry))}`, 'utf8').digest('hex');
}

/**
 * The stored entries for `inputs`, chained after the entry with `last` (null for none).
 * Backends call this inside the transaction that writes the change.
 */
export function chainEntries(tenant: string, last: { seq: number; hash: string } | null, inputs: readonly TrailInput[], at: string): TrailEntry[] {
  const out: TrailEntry[] = [];
  let seq = last?.seq ?? 0;
  let prevHash = last?.hash ?? GENESIS_HASH;
  for (const input of inputs) {
    seq++;
    const entry: Omit<TrailEntry, 'hash'> = {
      seq, at, actor: input.actor, operation: input.operation, subjectType: input.subjectType, subjectId: input.subjectId,
      auditId: input.auditId, beforeVersion: input.beforeVersion, afterVersion: input.afterVersion,
      details: structuredClone(input.details) as TrailEntry['details'], prevHash,
    };
    const hash = trailHash(tenant, entry);
    out.push({ ...entry, hash });
    prevHash = hash;
  }
  return out;
}

/** What {@link verifyAuditTrail} found. */
export interface TrailVerification {
  ok: boolean;
  /** Entries checked. */
  entries: number;
  /** The hash of the last entry (the head of the chain), or null when there is none. Keep it elsewhere to detect a truncated trail. */
  head: string | null;
  /** The first entry that does not fit the chain, and why; null when all do. */
  firstBroken: { seq: number; expectedSeq: number; reason: 'hash-mismatch' | 'prev-hash-mismatch' | 'sequence-gap' } | null;
}

/**
 * Reads the tenant's whole trail in order and recomputes every hash.
 *
 * @example
 * const result = await verifyAuditTrail(storage, 'la-northshire');
 * if (!result.ok) console.error(`broken at entry ${result.firstBroken!.seq}`);
 */
export async function verifyAuditTrail(storage: QaStorage, tenant: string): Promise<TrailVerification> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let entries = 0;
  let cursor: string | undefined;
  do {
    const page = await storage.listAuditTrail(tenant, {}, { limit: 100, ...(cursor ? { cursor } : {}) });
    for (const entry of page.items) {
      entries++;
      const broken = (reason: NonNullable<TrailVerification['firstBroken']>['reason']): TrailVerification => ({ ok: false, entries, head: null, firstBroken: { seq: entry.seq, expectedSeq, reason } });
      if (entry.seq !== expectedSeq) return broken('sequence-gap');
      if (entry.prevHash !== prevHash) return broken('prev-hash-mismatch');
      const { hash, ...rest } = entry;
      if (trailHash(tenant, rest) !== hash) return broken('hash-mismatch');
      prevHash = hash;
      expectedSeq++;
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { ok: true, entries, head: entries > 0 ? prevHash : null, firstBroken: null };
}
