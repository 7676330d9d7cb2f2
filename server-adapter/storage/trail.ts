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
import { hash as digest } from 'node:crypto';
import { canonicalJson } from '../benchmark/canonical-json.js';
import { copyData } from './copy.js';
import type { QaStorage, TrailEntry, TrailInput } from './types.js';

/** The operation of the entry that records an erasure; its `details.tombstoned` lists the seqs it erased. */
export const ERASURE_OPERATION = 'plan.erased';

/** What is left of an erased entry: its place in the chain, nothing else. */
export function tombstoneOf(entry: TrailEntry): TrailEntry {
  return {
    seq: entry.seq, at: entry.at, actor: '', operation: 'tombstone', subjectType: 'plan', subjectId: '', auditId: null,
    beforeVersion: null, afterVersion: null, details: {}, prevHash: entry.prevHash, hash: entry.hash, tombstone: true,
  };
}

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
  return digest('sha256', `${entry.prevHash}\n${canonicalJson(hashedFields(tenant, entry))}`, 'hex');
}

/**
 * The stored entries for `inputs`, chained after the entry with `last` (null for none).
 * Backends call this inside the transaction that writes the change.
 */
export function chainEntries(tenant: string, last: { seq: number; hash: string } | null, inputs: readonly TrailInput[], at: string): TrailEntry[] {
  return chainPrepared(tenant, last, prepareTrail(tenant, inputs, at));
}

/**
 * Entries made ready to chain before their place in the chain is known: everything but `seq`, `prevHash` and
 * `hash`, with the canonical JSON around those two already written, so {@link chainPrepared} costs one SHA-256 an
 * entry. A storage prepares them before it takes its write lock, and chains them inside it.
 */
export interface PreparedTrailEntry {
  readonly entry: Omit<TrailEntry, 'seq' | 'prevHash' | 'hash'>;
  /** The canonical JSON split where the prevHash string and the seq number go; null for an entry to be hashed whole. */
  readonly parts: readonly [string, string, string] | null;
}

/** The entries for `inputs` at time `at`, ready for {@link chainPrepared}. */
export function prepareTrail(tenant: string, inputs: readonly TrailInput[], at: string): PreparedTrailEntry[] {
  return inputs.map((input) => {
    const entry = {
      at, actor: input.actor, operation: input.operation, subjectType: input.subjectType, subjectId: input.subjectId,
      auditId: input.auditId, beforeVersion: input.beforeVersion, afterVersion: input.afterVersion,
      details: copyData(input.details),
    };
    return { entry, parts: partsOf(tenant, entry) };
  });
}

/** `,"key":value` in canonical JSON; nothing for an undefined value, which canonical JSON leaves out. */
const field = (key: string, value: unknown) => (value === undefined ? '' : `,"${key}":${canonicalJson(value)}`);

/**
 * The canonical JSON of {@link hashedFields} split where the prevHash string and the seq number go, written field
 * by field in the keys' sorted order, in which prevHash and seq come next to each other (…, operation, prevHash,
 * seq, subjectId, …). A value canonical JSON refuses throws here what {@link trailHash} would throw for the entry.
 */
function partsOf(tenant: string, entry: Omit<TrailEntry, 'seq' | 'prevHash' | 'hash'>): [string, string, string] {
  try {
    const head = field('actor', entry.actor) + field('afterVersion', entry.afterVersion) + field('at', entry.at) + field('auditId', entry.auditId)
      + field('beforeVersion', entry.beforeVersion) + field('details', entry.details) + field('operation', entry.operation);
    const tail = field('subjectId', entry.subjectId) + field('subjectType', entry.subjectType) + field('tenant', tenant);
    return [`{${head.slice(1)}${head === '' ? '' : ','}"prevHash":`, ',"seq":', `${tail}}`];
  } catch (error) {
    canonicalJson(hashedFields(tenant, { ...entry, seq: 0, prevHash: '' })); // the error with the field's place in the entry
    throw error;
  }
}

/** Chains prepared entries after the entry with `last` (null for none); each hash is {@link trailHash} of its entry. */
export function chainPrepared(tenant: string, last: { seq: number; hash: string } | null, prepared: readonly PreparedTrailEntry[]): TrailEntry[] {
  const out: TrailEntry[] = [];
  let seq = last?.seq ?? 0;
  let prevHash = last?.hash ?? GENESIS_HASH;
  for (const { entry, parts } of prepared) {
    seq++;
    // The keys in chainEntries' order, so the entries serialise alike.
    const full = {
      seq, at: entry.at, actor: entry.actor, operation: entry.operation, subjectType: entry.subjectType, subjectId: entry.subjectId,
      auditId: entry.auditId, beforeVersion: entry.beforeVersion, afterVersion: entry.afterVersion, details: entry.details, prevHash,
    };
    const hash = parts
      ? digest('sha256', `${prevHash}\n${parts[0]}${JSON.stringify(prevHash)}${parts[1]}${seq}${parts[2]}`, 'hex')
      : trailHash(tenant, full);
    out.push({ ...full, hash });
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
  firstBroken: { seq: number; expectedSeq: number; reason: 'hash-mismatch' | 'prev-hash-mismatch' | 'sequence-gap' | 'unexplained-tombstone' } | null;
  /** Entries erased (tombstones), each accounted for by a later erasure entry. */
  tombstones: number;
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
  let tombstones = 0;
  /** Tombstones not yet accounted for by an erasure entry. */
  const unexplained = new Set<number>();
  let cursor: string | undefined;
  do {
    const page = await storage.listAuditTrail(tenant, {}, { limit: 100, ...(cursor ? { cursor } : {}) });
    for (const entry of page.items) {
      entries++;
      const broken = (reason: NonNullable<TrailVerification['firstBroken']>['reason'], seq = entry.seq): TrailVerification =>
        ({ ok: false, entries, head: null, tombstones, firstBroken: { seq, expectedSeq: reason === 'unexplained-tombstone' ? seq : expectedSeq, reason } });
      if (entry.seq !== expectedSeq) return broken('sequence-gap');
      if (entry.prevHash !== prevHash) return broken('prev-hash-mismatch');
      if (entry.tombstone) {
        // Its content is gone, so its hash cannot be recomputed; it still links the chain, and an erasure entry must own it.
        tombstones++;
        unexplained.add(entry.seq);
      } else {
        const { hash, tombstone: _t, ...rest } = entry;
        if (trailHash(tenant, rest) !== hash) return broken('hash-mismatch');
        if (entry.operation === ERASURE_OPERATION && Array.isArray(entry.details.tombstoned)) {
          for (const seq of entry.details.tombstoned) unexplained.delete(Number(seq));
        }
      }
      prevHash = entry.hash;
      expectedSeq++;
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  const stray = [...unexplained].sort((a, b) => a - b)[0];
  if (stray !== undefined) return { ok: false, entries, head: null, tombstones, firstBroken: { seq: stray, expectedSeq: stray, reason: 'unexplained-tombstone' } };
  return { ok: true, entries, head: entries > 0 ? prevHash : null, tombstones, firstBroken: null };
}
