/**
 * Moderation records: the link between a first audit and the blind second audit of
 * the same plan, and the agreed grades once a moderator resolves the pair.
 *
 * They live in the storage's record store (collection `moderations`), so every
 * backend (memory, SQLite, a vendor's own) keeps them without backend code; the
 * top-level fields used in queries (`cycleId`, `firstAuditId`, `secondAuditId`,
 * `secondAuditorId`, `planRef`) are plain strings for the record store's `where`.
 */
import type { Audit } from '../schemas.js';
import type { QaStorage, StoredRecord } from '../storage/types.js';

export const MODERATION_COLLECTION = 'moderations';

/** One agreed section grade. */
export interface AgreedSection {
  /** A level id or `na`. */
  grade: string;
  note: string | null;
}

export interface ModerationRecord {
  id: string;
  cycleId: string | null;
  planRef: string;
  frameworkId: string;
  frameworkVersion: string;
  firstAuditId: string;
  firstAuditorId: string;
  secondAuditorId: string;
  secondAuditId: string;
  assignedBy: string;
  assignedAt: string;
  /** The seed of the random sample this pair came from, or null when picked by hand. */
  sampleSeed: number | null;
  agreed: Record<string, AgreedSection> | null;
  /**
   * The plan's overall grade from the agreed section grades (the framework's rule,
   * computed when resolved), so reports need no framework to use it. Absent in
   * records written before it existed: reports then recompute it when they can.
   */
  agreedOverall?: string | null;
  note: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
  /** Set when a moderator cancelled the pair (absent in records written before cancelling existed). */
  cancelledAt?: string | null;
  cancelledBy?: string | null;
  cancelReason?: string | null;
}

export type ModerationStatus = 'awaiting-second-audit' | 'awaiting-resolution' | 'resolved' | 'cancelled';

/** Where a moderation stands, from its record and the second audit's status. */
export function moderationStatus(record: ModerationRecord, secondAudit: Pick<Audit, 'status'> | null): ModerationStatus {
  if (record.cancelledAt) return 'cancelled';
  if (!secondAudit || secondAudit.status !== 'completed') return 'awaiting-second-audit';
  return record.agreed ? 'resolved' : 'awaiting-resolution';
}

/** Whether a pair is still open: neither resolved nor cancelled. */
export function isOpenModeration(record: ModerationRecord): boolean {
  return !record.cancelledAt && !record.agreed;
}

/**
 * The unique keys a moderation record holds in storage (see `writeBatch`): while open,
 * one pair per first audit and second auditor; for a pair drawn by a sample, the first
 * audit for good (a sample never takes it again) unless the pair is cancelled.
 */
export function moderationKeys(record: ModerationRecord): string[] {
  if (record.cancelledAt) return [];
  const keys = record.sampleSeed !== null ? [`sampled:${record.firstAuditId}`] : [];
  if (!record.agreed) keys.push(`open:${record.firstAuditId}:${record.secondAuditorId}`);
  return keys;
}

/** Every record matching `where`, across pages. */
export async function listModerationRecords(storage: QaStorage, tenant: string, where: Record<string, string | null> = {}): Promise<StoredRecord<ModerationRecord>[]> {
  const out: StoredRecord<ModerationRecord>[] = [];
  let cursor: string | undefined;
  do {
    const page = await storage.listRecords<ModerationRecord>(tenant, MODERATION_COLLECTION, { where, limit: 100, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

export function getModerationRecord(storage: QaStorage, tenant: string, id: string): Promise<StoredRecord<ModerationRecord> | null> {
  return storage.getRecord<ModerationRecord>(tenant, MODERATION_COLLECTION, id);
}

/** Open pairs (neither resolved nor cancelled) in which `auditId` is the first or the second audit. */
export async function openModerationsOfAudit(storage: QaStorage, tenant: string, auditId: string): Promise<StoredRecord<ModerationRecord>[]> {
  const [asFirst, asSecond] = await Promise.all([
    listModerationRecords(storage, tenant, { firstAuditId: auditId }),
    listModerationRecords(storage, tenant, { secondAuditId: auditId }),
  ]);
  return [...asFirst, ...asSecond].filter((r) => isOpenModeration(r.data));
}
