/**
 * An in-memory `QaStorage` for tests and quick trials. Nothing survives a restart.
 * It runs the same conformance suite as SQLite. Values are copied on the way in and
 * out, so a caller can never change stored data by mutating an object it holds.
 */
import {
  assertBatchNames, assertRecordNames, decodeCursor, DuplicateIdError, encodeCursor, InvalidCursorError, matchesReportFilter, pageSize, toReportRow,
  type Audit, type AuditFilter, type BatchResult, type Cycle, type TrailEntry, type Page, type PageRequest, type QaStorage, type RecordQuery, type StoredRecord, type WriteResult,
} from './types.js';
import { chainEntries, tombstoneOf } from './trail.js';

interface TenantData {
  audits: Map<string, Audit>;
  cycles: Map<string, Cycle>;
  records: Map<string, Map<string, StoredRecord>>;
  /** Collection → unique key → id of the record holding it. */
  keys: Map<string, Map<string, string>>;
  trail: TrailEntry[];
}

/** Raw reads that bypass the storage's own read methods; used by the conformance suite. */
export interface MemoryBackdoor {
  /** Changes a stored trail entry in place, as someone editing the database behind the adapter's back would. */
  tamperTrail(tenant: string, seq: number, patch: Partial<TrailEntry>): Promise<void>;
  readAudit(tenant: string, auditId: string): Promise<{ version: number; status: string; sectionIds: string[] } | null>;
  readRecord(tenant: string, collection: string, id: string): Promise<{ version: number; data: unknown } | null>;
}

export interface MemoryStorage extends QaStorage {
  readonly backdoor: MemoryBackdoor;
}

const copy = <T>(value: T): T => structuredClone(value);

/**
 * Creates an empty in-memory storage.
 *
 * @example
 * const app = createQaApp({ storage: createMemoryStorage(), auth: jwtAuth({ secret }) });
 */
export function createMemoryStorage(): MemoryStorage {
  const tenants = new Map<string, TenantData>();
  let closed = false;
  const data = (tenant: string): TenantData => {
    if (closed) throw new Error('storage is closed');
    let d = tenants.get(tenant);
    if (!d) tenants.set(tenant, (d = { audits: new Map(), cycles: new Map(), records: new Map(), keys: new Map(), trail: [] }));
    return d;
  };
  const collection = (tenant: string, name: string) => {
    const d = data(tenant);
    let c = d.records.get(name);
    if (!c) d.records.set(name, (c = new Map()));
    return c;
  };

  const storage: MemoryStorage = {
    async createAudit(tenant, audit) {
      const d = data(tenant);
      if (d.audits.has(audit.id)) throw new DuplicateIdError('audit', audit.id);
      d.audits.set(audit.id, copy(audit));
      return copy(audit);
    },
    async getAudit(tenant, auditId) {
      const a = data(tenant).audits.get(auditId);
      return a ? copy(a) : null;
    },
    async listAudits(tenant, filter: AuditFilter, page: PageRequest): Promise<Page<Audit>> {
      const limit = pageSize(page.limit);
      let after: (string | number)[] | null = null;
      if (page.cursor !== undefined) {
        after = decodeCursor(page.cursor, 2);
        if (!after) throw new InvalidCursorError();
      }
      const matching = [...data(tenant).audits.values()]
        .filter((a) =>
          (filter.cycleId === undefined || a.cycleId === filter.cycleId) &&
          (filter.status === undefined || a.status === filter.status) &&
          (filter.planRef === undefined || a.planRef === filter.planRef) &&
          (filter.auditorId === undefined || a.auditorId === filter.auditorId) &&
          (filter.frameworkId === undefined || a.frameworkId === filter.frameworkId) &&
          (filter.caseworkerRef === undefined || a.plan.caseworkerRef === filter.caseworkerRef))
        .sort((a, b) => (a.startedAt === b.startedAt ? cmp(b.id, a.id) : cmp(b.startedAt, a.startedAt)))
        .filter((a) => !after || a.startedAt < String(after[0]) || (a.startedAt === after[0] && a.id < String(after[1])));
      const items = matching.slice(0, limit).map(copy);
      const last = items.at(-1);
      return { items, nextCursor: matching.length > limit && last ? encodeCursor([last.startedAt, last.id]) : null };
    },
    async updateAudit(tenant, next, expectedVersion): Promise<WriteResult<Audit>> {
      const audits = data(tenant).audits;
      const current = audits.get(next.id);
      if (!current) return { ok: false, reason: 'not-found' };
      if (current.version !== expectedVersion) return { ok: false, reason: 'conflict', currentVersion: current.version };
      const stored = copy({ ...next, version: expectedVersion + 1 });
      audits.set(next.id, stored);
      return { ok: true, value: copy(stored) };
    },
    async listAuditsForReport(tenant, filter) {
      return [...data(tenant).audits.values()]
        .sort((a, b) => (a.startedAt === b.startedAt ? cmp(a.id, b.id) : cmp(a.startedAt, b.startedAt)))
        .map(toReportRow)
        .filter((row) => matchesReportFilter(row, filter));
    },

    async createCycle(tenant, cycle) {
      const d = data(tenant);
      if (d.cycles.has(cycle.id)) throw new DuplicateIdError('cycle', cycle.id);
      d.cycles.set(cycle.id, copy(cycle));
      return copy(cycle);
    },
    async getCycle(tenant, cycleId) {
      const c = data(tenant).cycles.get(cycleId);
      return c ? copy(c) : null;
    },
    async listCycles(tenant) {
      return [...data(tenant).cycles.values()]
        .sort((a, b) => (a.startDate === b.startDate ? cmp(a.id, b.id) : cmp(b.startDate, a.startDate)))
        .map(copy);
    },

    async putRecord<T>(tenant: string, name: string, id: string, value: T, options: { expectedVersion?: number | null } = {}): Promise<WriteResult<StoredRecord<T>>> {
      assertRecordNames(name, id);
      const c = collection(tenant, name);
      const current = c.get(id);
      const expected = options.expectedVersion;
      if (expected === null && current) return { ok: false, reason: 'conflict', currentVersion: current.version };
      if (typeof expected === 'number') {
        if (!current) return { ok: false, reason: 'not-found' };
        if (current.version !== expected) return { ok: false, reason: 'conflict', currentVersion: current.version };
      }
      const now = new Date().toISOString();
      const record: StoredRecord = {
        collection: name,
        id,
        version: (current?.version ?? 0) + 1,
        data: copy(value),
        createdAt: current?.createdAt ?? now,
        updatedAt: now,
      };
      c.set(id, record);
      return { ok: true, value: copy(record) as StoredRecord<T> };
    },
    async getRecord<T>(tenant: string, name: string, id: string) {
      assertRecordNames(name, id);
      const r = data(tenant).records.get(name)?.get(id);
      return r ? (copy(r) as StoredRecord<T>) : null;
    },
    async listRecords<T>(tenant: string, name: string, query: RecordQuery = {}): Promise<Page<StoredRecord<T>>> {
      assertRecordNames(name, undefined, query.where);
      const limit = pageSize(query.limit);
      let after: (string | number)[] | null = null;
      if (query.cursor !== undefined) {
        after = decodeCursor(query.cursor, 2);
        if (!after) throw new InvalidCursorError();
      }
      const where = Object.entries(query.where ?? {});
      const matching = [...(data(tenant).records.get(name)?.values() ?? [])]
        .filter((r) => where.every(([field, value]) => fieldOf(r.data, field) === value))
        .sort((a, b) => (a.createdAt === b.createdAt ? cmp(a.id, b.id) : cmp(a.createdAt, b.createdAt)))
        .filter((r) => !after || r.createdAt > String(after[0]) || (r.createdAt === after[0] && r.id > String(after[1])));
      const items = matching.slice(0, limit).map((r) => copy(r) as StoredRecord<T>);
      const last = items.at(-1);
      return { items, nextCursor: matching.length > limit && last ? encodeCursor([last.createdAt, last.id]) : null };
    },
    async deleteRecord(tenant, name, id) {
      assertRecordNames(name, id);
      const keys = data(tenant).keys.get(name);
      for (const [key, holder] of keys ?? []) if (holder === id) keys!.delete(key);
      return data(tenant).records.get(name)?.delete(id) ?? false;
    },
    async writeBatch(tenant, batch): Promise<BatchResult> {
      assertBatchNames(batch);
      const d = data(tenant);
      // Check everything first (no await in between, so nothing can interleave), then apply.
      const seenAudits = new Set<string>();
      for (const a of batch.createAudits ?? []) {
        if (d.audits.has(a.id) || seenAudits.has(a.id)) throw new DuplicateIdError('audit', a.id);
        seenAudits.add(a.id);
      }
      for (const c of batch.createCycles ?? []) if (d.cycles.has(c.id)) throw new DuplicateIdError('cycle', c.id);
      for (const { next, expectedVersion } of batch.updateAudits ?? []) {
        const current = d.audits.get(next.id);
        if (!current) return { ok: false, reason: 'not-found', collection: 'audits', id: next.id };
        if (current.version !== expectedVersion) return { ok: false, reason: 'conflict', collection: 'audits', id: next.id, currentVersion: current.version };
      }
      const claimed = new Map<string, string>();
      for (const r of batch.records ?? []) {
        const current = d.records.get(r.collection)?.get(r.id);
        if (r.expectedVersion === null && current) return { ok: false, reason: 'conflict', collection: r.collection, id: r.id, currentVersion: current.version };
        if (typeof r.expectedVersion === 'number') {
          if (!current) return { ok: false, reason: 'not-found', collection: r.collection, id: r.id };
          if (current.version !== r.expectedVersion) return { ok: false, reason: 'conflict', collection: r.collection, id: r.id, currentVersion: current.version };
        }
        for (const key of r.unique ?? []) {
          const holder = d.keys.get(r.collection)?.get(key);
          const inBatch = claimed.get(`${r.collection}\u0000${key}`);
          if ((holder !== undefined && holder !== r.id) || (inBatch !== undefined && inBatch !== r.id)) {
            return { ok: false, reason: 'duplicate-key', collection: r.collection, id: r.id, key };
          }
          claimed.set(`${r.collection}\u0000${key}`, r.id);
        }
      }
      const audits = (batch.createAudits ?? []).map((a) => {
        d.audits.set(a.id, copy(a));
        return copy(a);
      });
      const updatedAudits = (batch.updateAudits ?? []).map(({ next, expectedVersion }) => {
        const stored = copy({ ...next, version: expectedVersion + 1 });
        d.audits.set(next.id, stored);
        return copy(stored);
      });
      const cycles = (batch.createCycles ?? []).map((c) => {
        d.cycles.set(c.id, copy(c));
        return copy(c);
      });
      const now = new Date().toISOString();
      const records = (batch.records ?? []).map((r) => {
        const c = collection(tenant, r.collection);
        const current = c.get(r.id);
        const record: StoredRecord = {
          collection: r.collection, id: r.id, version: (current?.version ?? 0) + 1, data: copy(r.data), createdAt: current?.createdAt ?? now, updatedAt: now,
        };
        c.set(r.id, record);
        if (r.unique) {
          let keys = d.keys.get(r.collection);
          if (!keys) d.keys.set(r.collection, (keys = new Map()));
          for (const [key, holder] of keys) if (holder === r.id) keys.delete(key);
          for (const key of r.unique) keys.set(key, r.id);
        }
        return copy(record);
      });
      for (const id of batch.deleteAudits ?? []) d.audits.delete(id);
      for (const { collection: name, id } of batch.deleteRecords ?? []) {
        const keys = d.keys.get(name);
        for (const [key, holder] of keys ?? []) if (holder === id) keys!.delete(key);
        d.records.get(name)?.delete(id);
      }
      const erase = new Set(batch.tombstoneTrail ?? []);
      if (erase.size > 0) d.trail = d.trail.map((e) => (erase.has(e.seq) ? tombstoneOf(e) : e));
      const last = d.trail.at(-1);
      const trail = chainEntries(tenant, last ? { seq: last.seq, hash: last.hash } : null, batch.trail ?? [], now);
      d.trail.push(...trail.map(copy));
      return { ok: true, audits, updatedAudits, cycles, records, trail };
    },
    async listAuditTrail(tenant, filter, page): Promise<Page<TrailEntry>> {
      const limit = pageSize(page.limit);
      let after = 0;
      if (page.cursor !== undefined) {
        const parts = decodeCursor(page.cursor, 1);
        if (!parts || typeof parts[0] !== 'number') throw new InvalidCursorError();
        after = parts[0];
      }
      const matching = data(tenant).trail.filter((e) =>
        e.seq > after &&
        (filter.auditId === undefined || e.auditId === filter.auditId) &&
        (filter.actor === undefined || e.actor === filter.actor) &&
        (filter.from === undefined || e.at >= filter.from) &&
        (filter.to === undefined || e.at < filter.to));
      const items = matching.slice(0, limit).map(copy);
      const lastItem = items.at(-1);
      return { items, nextCursor: matching.length > limit && lastItem ? encodeCursor([lastItem.seq]) : null };
    },

    async close() {
      closed = true;
      tenants.clear();
    },

    backdoor: {
      async tamperTrail(tenant, seq, patch) {
        const entry = tenants.get(tenant)?.trail.find((e) => e.seq === seq);
        if (entry) Object.assign(entry, patch);
      },
      async readAudit(tenant, auditId) {
        const a = tenants.get(tenant)?.audits.get(auditId);
        return a ? { version: a.version, status: a.status, sectionIds: Object.keys(a.sections).sort() } : null;
      },
      async readRecord(tenant, name, id) {
        const r = tenants.get(tenant)?.records.get(name)?.get(id);
        return r ? { version: r.version, data: copy(r.data) } : null;
      },
    },
  };
  return storage;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A top-level field of a record's data, or undefined; `null` only when the field is null. */
function fieldOf(value: unknown, field: string): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  return Object.hasOwn(value, field) ? (value as Record<string, unknown>)[field] : undefined;
}
