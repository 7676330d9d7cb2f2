/**
 * The narrative of a cycle: free text for inspectors and recommendations per
 * section, kept in the record store (collection `cycle-narratives`, one record per
 * cycle id), so it works on every storage backend without a table of its own.
 */
import type { BatchRecordPut, QaStorage, WriteResult, StoredRecord } from '../storage/types.js';

export const NARRATIVE_COLLECTION = 'cycle-narratives';

/** A narrative as the API sends it; version 0 means nothing is written yet. */
export interface CycleNarrative {
  cycleId: string;
  context: string;
  recommendations: Record<string, string>;
  version: number;
  updatedAt: string | null;
  updatedBy: string | null;
}

/** What is stored. */
export interface StoredNarrative {
  cycleId: string;
  context: string;
  recommendations: Record<string, string>;
  updatedBy: string;
}

/** The cycle's narrative, or an empty one with version 0. */
export async function loadNarrative(storage: QaStorage, tenant: string, cycleId: string): Promise<CycleNarrative> {
  const record = await storage.getRecord<StoredNarrative>(tenant, NARRATIVE_COLLECTION, cycleId);
  if (!record) return { cycleId, context: '', recommendations: {}, version: 0, updatedAt: null, updatedBy: null };
  return narrativeOf(cycleId, record);
}

/** The API shape of a stored narrative record. */
export function narrativeOf(cycleId: string, record: StoredRecord<StoredNarrative>): CycleNarrative {
  return {
    cycleId,
    context: record.data.context,
    recommendations: record.data.recommendations,
    version: record.version,
    updatedAt: record.updatedAt,
    updatedBy: record.data.updatedBy,
  };
}

/**
 * The record write of a narrative (for `writeBatch`). Empty recommendations are dropped. `expectedVersion`: absent
 * to replace whatever is there, 0 to create only, n to update version n only.
 * Callers check that the cycle exists and the section ids are known.
 *
 * @example
 * await saveNarrative(storage, 'la-1', cycle.id, { context: 'Audited by a multi-agency panel.', recommendations: { F: 'Quantify provision.' } }, 'manager-1');
 */
export function narrativeWrite(
  cycleId: string,
  input: { context: string; recommendations: Record<string, string> },
  updatedBy: string,
  expectedVersion?: number,
): BatchRecordPut {
  const recommendations = Object.fromEntries(Object.entries(input.recommendations).filter(([, text]) => text.trim() !== ''));
  const data: StoredNarrative = { cycleId, context: input.context, recommendations, updatedBy };
  return { collection: NARRATIVE_COLLECTION, id: cycleId, data, ...(expectedVersion === undefined ? {} : { expectedVersion: expectedVersion === 0 ? null : expectedVersion }) };
}

/** Writes a narrative straight to the record store, without a trail entry (the demo's seed; the API uses {@link narrativeWrite} with `commit`). */
export function saveNarrative(
  storage: QaStorage,
  tenant: string,
  cycleId: string,
  input: { context: string; recommendations: Record<string, string> },
  updatedBy: string,
  expectedVersion?: number,
): Promise<WriteResult<StoredRecord<StoredNarrative>>> {
  const recommendations = Object.fromEntries(Object.entries(input.recommendations).filter(([, text]) => text.trim() !== ''));
  const data: StoredNarrative = { cycleId, context: input.context, recommendations, updatedBy };
  const options = expectedVersion === undefined ? {} : { expectedVersion: expectedVersion === 0 ? null : expectedVersion };
  return storage.putRecord(tenant, NARRATIVE_COLLECTION, cycleId, data, options);
}
