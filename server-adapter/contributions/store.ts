/**
 * Who contributed the advice an audit looked at, and which plan-audit sections the
 * advice weakened. Both are kept apart from the audit itself, so any backend
 * supports them through the record store; a backend may answer in its own tables
 * instead (SQLite does: `contributions/sqlite.ts`, migrations 700–799). The
 * conformance suite (`contributions/conformance.ts`) runs both paths.
 *
 * Only references from the host are kept (service, team, audit ids): never a name.
 */
import { DuplicateIdError, type BatchRecordPut, type QaStorage, type StoredRecord, type WriteBatch } from '../storage/types.js';

/** The service (and team) that contributed the advice an advice audit grades. */
export interface AdviceContributor {
  /** The advice audit. */
  auditId: string;
  /** The plan the advice was written for (links the advice audit to the plan's other audits). */
  planRef: string;
  /** The host's id of the contributing service, for example `ep-service`. */
  serviceRef: string;
  /** The host's id of the team within the service, or null. */
  teamRef: string | null;
  createdAt: string;
}

/** One plan-audit section marked "weakened by the advice" of one advice audit. */
export interface SectionWeakening {
  planAuditId: string;
  sectionId: string;
  adviceAuditId: string;
  planRef: string;
  /** Copied from the advice audit's contributor when marked. */
  serviceRef: string;
  teamRef: string | null;
  markedBy: string;
  markedAt: string;
}

export interface ContributorFilter {
  serviceRef?: string;
  teamRef?: string;
  planRef?: string;
}

export interface WeakeningFilter {
  planAuditId?: string;
  serviceRef?: string;
  planRef?: string;
}

declare module '../storage/types.js' {
  interface QaStorage {
    /** Stores the contributor of a new advice audit. Throws `DuplicateIdError` when the audit already has one. */
    putAdviceContributor?(tenant: string, contributor: AdviceContributor): Promise<void>;
    /** The contributors of these audits (audits without one are left out), in the order of `auditIds`. */
    getAdviceContributors?(tenant: string, auditIds: readonly string[]): Promise<AdviceContributor[]>;
    /** Contributors matching every filter given, oldest first (ties: audit id). */
    listAdviceContributors?(tenant: string, filter: ContributorFilter): Promise<AdviceContributor[]>;
    /** Replaces, in one transaction, the advice marked as weakening one section of a plan audit. */
    replaceSectionWeakenings?(tenant: string, planAuditId: string, sectionId: string, items: readonly SectionWeakening[]): Promise<void>;
    /** Markings matching every filter given, by plan audit id, section id, advice audit id. */
    listSectionWeakenings?(tenant: string, filter: WeakeningFilter): Promise<SectionWeakening[]>;
  }
}

const CONTRIBUTORS = 'advice-contributors';
const WEAKENINGS = 'section-weakenings';

async function allRecords<T>(storage: QaStorage, tenant: string, collection: string, where?: Record<string, string>): Promise<StoredRecord<T>[]> {
  const out: StoredRecord<T>[] = [];
  let cursor: string | undefined;
  do {
    const page = await storage.listRecords<T>(tenant, collection, { limit: 100, ...(where ? { where } : {}), ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

const byWeakening = (a: SectionWeakening, b: SectionWeakening) =>
  a.planAuditId !== b.planAuditId ? (a.planAuditId < b.planAuditId ? -1 : 1)
    : a.sectionId !== b.sectionId ? (a.sectionId < b.sectionId ? -1 : 1)
      : a.adviceAuditId < b.adviceAuditId ? -1 : a.adviceAuditId > b.adviceAuditId ? 1 : 0;

/** Contributor and weakening storage over any backend: its own capability, else the record store. */
export function contributionStore(storage: QaStorage) {
  return {
    async putContributor(tenant: string, contributor: AdviceContributor): Promise<void> {
      if (storage.putAdviceContributor) return storage.putAdviceContributor(tenant, contributor);
      const result = await storage.putRecord(tenant, CONTRIBUTORS, contributor.auditId, contributor, { expectedVersion: null });
      if (!result.ok) throw new DuplicateIdError('advice contributor', contributor.auditId);
    },

    async getContributors(tenant: string, auditIds: readonly string[]): Promise<AdviceContributor[]> {
      if (storage.getAdviceContributors) return storage.getAdviceContributors(tenant, auditIds);
      const out: AdviceContributor[] = [];
      for (const id of new Set(auditIds)) {
        const record = await storage.getRecord<AdviceContributor>(tenant, CONTRIBUTORS, id);
        if (record) out.push(record.data);
      }
      return out;
    },

    async getContributor(tenant: string, auditId: string): Promise<AdviceContributor | null> {
      return (await this.getContributors(tenant, [auditId]))[0] ?? null;
    },

    async listContributors(tenant: string, filter: ContributorFilter): Promise<AdviceContributor[]> {
      if (storage.listAdviceContributors) return storage.listAdviceContributors(tenant, filter);
      const where: Record<string, string> = {};
      if (filter.serviceRef !== undefined) where.serviceRef = filter.serviceRef;
      if (filter.teamRef !== undefined) where.teamRef = filter.teamRef;
      if (filter.planRef !== undefined) where.planRef = filter.planRef;
      const records = await allRecords<AdviceContributor>(storage, tenant, CONTRIBUTORS, where);
      return records.map((r) => r.data).sort((a, b) => (a.createdAt === b.createdAt ? (a.auditId < b.auditId ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1));
    },

    /**
     * On the record-store path: the record that stores a new contributor, to write in the
     * same batch as its audit (so both or neither are stored). Null when the backend keeps
     * contributors in its own tables: then call {@link putContributor} after the batch.
     */
    contributorBatchRecord(contributor: AdviceContributor): BatchRecordPut | null {
      if (storage.putAdviceContributor) return null;
      return { collection: CONTRIBUTORS, id: contributor.auditId, data: contributor, expectedVersion: null };
    },

    /**
     * On the record-store path: the batch operations that replace one section's markings,
     * to write with their trail entry. Null when the backend keeps them in its own tables.
     */
    weakeningBatch(planAuditId: string, sectionId: string, items: readonly SectionWeakening[]): Pick<WriteBatch, 'records' | 'deleteRecords'> | null {
      if (storage.replaceSectionWeakenings) return null;
      const id = `${planAuditId}.${sectionId}`;
      return items.length === 0
        ? { deleteRecords: [{ collection: WEAKENINGS, id }] }
        : { records: [{ collection: WEAKENINGS, id, data: { planAuditId, sectionId, items: [...items] } }] };
    },

    async replaceWeakenings(tenant: string, planAuditId: string, sectionId: string, items: readonly SectionWeakening[]): Promise<void> {
      if (storage.replaceSectionWeakenings) return storage.replaceSectionWeakenings(tenant, planAuditId, sectionId, items);
      // One record per section, so the replacement is one write.
      const id = `${planAuditId}.${sectionId}`;
      if (items.length === 0) await storage.deleteRecord(tenant, WEAKENINGS, id);
      else await storage.putRecord(tenant, WEAKENINGS, id, { planAuditId, sectionId, items: [...items] });
    },

    async listWeakenings(tenant: string, filter: WeakeningFilter): Promise<SectionWeakening[]> {
      if (storage.listSectionWeakenings) return storage.listSectionWeakenings(tenant, filter);
      const records = await allRecords<{ planAuditId: string; items: SectionWeakening[] }>(
        storage, tenant, WEAKENINGS, filter.planAuditId !== undefined ? { planAuditId: filter.planAuditId } : undefined,
      );
      return records
        .flatMap((r) => r.data.items)
        .filter((w) => (filter.serviceRef === undefined || w.serviceRef === filter.serviceRef) && (filter.planRef === undefined || w.planRef === filter.planRef))
        .sort(byWeakening);
    },
  };
}
export type ContributionStore = ReturnType<typeof contributionStore>;

/**
 * The record-store documents of contributions that belong to these audits of one plan,
 * to delete with them (erasure and retention). A backend with its own tables removes
 * its rows with the audits (SQLite: foreign keys with ON DELETE CASCADE), so this is
 * empty for it. Unknown ids are harmless: a batch ignores them.
 */
export async function contributionRecordsOf(storage: QaStorage, tenant: string, planRef: string, auditIds: readonly string[]): Promise<{ collection: string; id: string }[]> {
  if (storage.listAdviceContributors && storage.listSectionWeakenings) return [];
  const weakened = await contributionStore(storage).listWeakenings(tenant, { planRef });
  return [
    ...auditIds.map((id) => ({ collection: CONTRIBUTORS, id })),
    ...[...new Set(weakened.map((w) => `${w.planAuditId}.${w.sectionId}`))].map((id) => ({ collection: WEAKENINGS, id })),
  ];
}

