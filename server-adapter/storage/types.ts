/**
 * `QaStorage`: what the adapter needs from a database. Small on purpose, so a
 * vendor can put it over their own database in an afternoon and prove it with
 * `runStorageConformance` from `ehcp-qa/testing` (see docs/storage.md).
 *
 * Rules every backend keeps:
 * - Every method takes the tenant first and only ever sees that tenant's rows.
 *   Another tenant's id behaves exactly like an unknown id.
 * - Writes to an audit are compare-and-swap on its `version`: nothing is lost
 *   when two people save at once.
 * - A write that touches several rows is one transaction.
 *
 * Extending:
 * - Optional capabilities (like `summarizeAudits`) are methods marked `?`. The core
 *   checks for them and falls back to the required methods when absent. A feature
 *   declares a new one in its own file by augmenting this interface:
 *     declare module '../storage/types.js' { interface QaStorage { myCapability?(tenant: string): Promise<X> } }
 * - Feature data (moderation assignments, benchmark contributions, narratives)
 *   lives in the record store (`putRecord`/`getRecord`/`listRecords`/`deleteRecord`):
 *   tenant-scoped JSON documents in named collections, with versions. Every backend
 *   has it, so a feature that uses it works on all of them without backend code.
 */
import type { Audit, Cycle, PlanMetadata } from '../schemas.js';

export type { Audit, Cycle, PlanMetadata, SectionRecord } from '../schemas.js';

/** One page of results, and the cursor of the next page (null on the last). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Filters for {@link QaStorage.listAudits}. All present filters must match. */
export interface AuditFilter {
  cycleId?: string;
  status?: Audit['status'];
  planRef?: string;
  auditorId?: string;
  frameworkId?: string;
  /** Audits of plans whose `plan.caseworkerRef` is this. */
  caseworkerRef?: string;
}

/** Paging for {@link QaStorage.listAudits}: newest `startedAt` first, ties by id. */
export interface PageRequest {
  /** An opaque cursor from a previous page. */
  cursor?: string;
  /** 1–100; backends default to 50. */
  limit?: number;
}

/** Filters for {@link QaStorage.listAuditsForReport}. All present filters must match. */
export interface ReportFilter {
  cycleId?: string;
  /** `in-progress`, `completed`; absent means both. */
  status?: Audit['status'];
  frameworkId?: string;
  frameworkVersion?: string;
  /** Completed on or after this instant (ISO date or date-time), compared with `completedAt`. */
  completedFrom?: string;
  /** Completed before this instant (exclusive). */
  completedTo?: string;
  planType?: PlanMetadata['planType'];
  phase?: PlanMetadata['phase'];
  primaryNeed?: PlanMetadata['primaryNeed'];
  settingType?: PlanMetadata['settingType'];
  teamRef?: string;
  caseworkerRef?: string;
  auditorId?: string;
  auditorRole?: Audit['auditorRole'];
}

/** A compact audit row for reports: everything reports aggregate, nothing they do not. */
export interface AuditReportRow {
  id: string;
  planRef: string;
  cycleId: string | null;
  frameworkId: string;
  frameworkVersion: string;
  plan: PlanMetadata;
  auditorId: string;
  auditorRole: Audit['auditorRole'];
  status: Audit['status'];
  startedAt: string;
  completedAt: string | null;
  activeSeconds: number;
  /** The overall grade, or null when not completed or nothing graded. */
  overallGrade: string | null;
  /** Chosen grade per section id (null while ungraded). */
  sectionGrades: Record<string, string | null>;
  /** Criterion ids met, per section id. */
  criteriaMet: Record<string, string[]>;
  /** The plan's facts (frameworks that ask them), which decide the criteria that apply. */
  facts?: Record<string, string>;
  /** Per section id: the auditor's nil-statement answer, where given. */
  nilStatements?: Record<string, boolean>;
  /** Per section id: criteria answered "cannot tell", where any. */
  cannotTell?: Record<string, string[]>;
}

/** The result of a compare-and-swap write. */
export type WriteResult<T> =
  | { ok: true; value: T }
  | { ok: false; reason: 'not-found' }
  | { ok: false; reason: 'conflict'; currentVersion: number };

/** A feature's JSON document in the record store. */
export interface StoredRecord<T = unknown> {
  collection: string;
  id: string;
  /** 1 on create, +1 on every put. */
  version: number;
  data: T;
  createdAt: string;
  updatedAt: string;
}

/** Filters for {@link QaStorage.listRecords}: equality on top-level fields of `data`. */
export interface RecordQuery extends PageRequest {
  /** Field name → value. Field names are letters, digits and `_`. */
  where?: Record<string, string | number | boolean | null>;
}

export interface PutRecordOptions {
  /**
   * Absent: write whatever is there (upsert). `null`: create only (conflict if it
   * exists). A number: update only if the stored version equals it.
   */
  expectedVersion?: number | null;
}

/** One record write inside {@link QaStorage.writeBatch}. */
export interface BatchRecordPut {
  collection: string;
  id: string;
  data: unknown;
  /** As in {@link PutRecordOptions}: absent upserts, `null` creates only, a number updates that version only. */
  expectedVersion?: number | null;
  /**
   * Unique keys the record holds in its collection (for example `open:<firstAuditId>:<auditorId>`).
   * No two records of a tenant's collection hold the same key: a write that would is refused with
   * `duplicate-key` and nothing in the batch is written. Given, it replaces the record's keys
   * (`[]` releases them all); absent, the record keeps the keys it has. Deleting a record releases its keys.
   */
  unique?: readonly string[];
}

/** Several writes that succeed or fail together (one transaction); see {@link QaStorage.writeBatch}. */
export interface WriteBatch {
  /** New audits (each `version` 1). An id that exists throws {@link DuplicateIdError}. */
  createAudits?: readonly Audit[];
  /**
   * Compare-and-swap updates, as {@link QaStorage.updateAudit}; a stale version refuses the batch (`collection: 'audits'`).
   * `changedSections`, when given, is a promise from the caller: `next` differs from the stored audit at
   * `expectedVersion` in those sections only (added, changed or removed), so a backend may rewrite just
   * those. Absent, any section may have changed. A backend is free to ignore it.
   */
  updateAudits?: readonly { next: Audit; expectedVersion: number; changedSections?: readonly string[] }[];
  /** New cycles. An id that exists throws {@link DuplicateIdError}. */
  createCycles?: readonly Cycle[];
  records?: readonly BatchRecordPut[];
  /** Audits deleted with their sections (retention and erasure). An unknown id is ignored. */
  deleteAudits?: readonly string[];
  /** Records deleted (their unique keys are released). An unknown one is ignored. */
  deleteRecords?: readonly { collection: string; id: string }[];
  /**
   * Trail entries (by `seq`) replaced by tombstones: their content is removed, and `seq`, `at`,
   * `prevHash` and `hash` are kept so the chain still links. The batch's own `trail` must say which
   * (see `verifyAuditTrail`).
   */
  tombstoneTrail?: readonly number[];
  /** Audit-trail entries appended, in order, in the same transaction (see {@link TrailInput}). */
  trail?: readonly TrailInput[];
}

/** The result of {@link QaStorage.writeBatch}: everything written, or nothing and why. */
export type BatchResult =
  | { ok: true; audits: Audit[]; updatedAudits: Audit[]; cycles: Cycle[]; records: StoredRecord[]; trail: TrailEntry[] }
  | { ok: false; reason: 'not-found'; collection: string; id: string }
  // `collection` is 'audits' for an audit in `updateAudits`.
  | { ok: false; reason: 'conflict'; collection: string; id: string; currentVersion: number }
  | { ok: false; reason: 'duplicate-key'; collection: string; id: string; key: string };

/**
 * One change, as the adapter describes it for the audit trail. Ids, versions and
 * grades only: never free text from a section (comments, reasons, notes).
 */
export interface TrailInput {
  /** The user who made the change. */
  actor: string;
  /** What happened, for example `audit.section-saved`. */
  operation: string;
  subjectType: 'audit' | 'cycle' | 'moderation' | 'narrative' | 'benchmark' | 'plan';
  subjectId: string;
  /** The audit the change concerns, when there is one (for filtering and an audit's history). */
  auditId: string | null;
  beforeVersion: number | null;
  afterVersion: number | null;
  /** Ids, versions, grades and counts: strings, numbers, booleans, null, arrays of strings. */
  details: Readonly<Record<string, string | number | boolean | null | readonly string[]>>;
}

/** A stored audit-trail entry: the input plus its place in the tenant's chain. */
export interface TrailEntry extends TrailInput {
  /** 1, 2, 3… per tenant, with no gaps. */
  seq: number;
  at: string;
  /** The previous entry's hash (64 zeros for the first). */
  prevHash: string;
  /** SHA-256 (hex) over `prevHash` and the entry's canonical JSON: see `trailHash` in storage/trail.ts. */
  hash: string;
  /** True when the entry's content was erased (retention or erasure); its hash can then no longer be recomputed. */
  tombstone?: boolean;
}

/** Filters for {@link QaStorage.listAuditTrail}. */
export interface TrailFilter {
  auditId?: string;
  actor?: string;
  /** Entries at or after this instant (ISO date or date-time). */
  from?: string;
  /** Entries before this instant (exclusive). */
  to?: string;
}

/** Unique keys: 1–200 characters, no control characters. */
export const UNIQUE_KEY_PATTERN = /^[^\u0000-\u001f]{1,200}$/;

/** Collection names: lower-case letters, digits and `-`, for example `moderation-assignments`. */
export const COLLECTION_PATTERN = /^[a-z][a-z0-9-]{0,62}$/;
/** Record ids and `where` field names follow these patterns. */
export const RECORD_ID_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;
export const RECORD_FIELD_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export interface QaStorage {
  /** True when every write to this database goes through this storage object (one process owns
   *  it). The adapter's per-process read cache is on by default only when this is true. */
  readonly ownsWrites?: boolean;

  // ── audits ──────────────────────────────────────────────────────────────────
  /** Stores a new audit (its `version` is 1). Throws if the id exists for the tenant. */
  createAudit(tenant: string, audit: Audit): Promise<Audit>;
  /** The audit, or null when the tenant has none with this id. */
  getAudit(tenant: string, auditId: string): Promise<Audit | null>;
  /** Audits matching the filter, newest `startedAt` first (ties: id descending). */
  listAudits(tenant: string, filter: AuditFilter, page: PageRequest): Promise<Page<Audit>>;
  /**
   * Replaces the audit with `next` if the stored version equals `expectedVersion`.
   * `next.version` must be `expectedVersion + 1`; sections are replaced as a whole.
   */
  updateAudit(tenant: string, next: Audit, expectedVersion: number): Promise<WriteResult<Audit>>;
  /** Compact rows of every matching audit, for reports (not paged; order by startedAt, id). */
  listAuditsForReport(tenant: string, filter: ReportFilter): Promise<AuditReportRow[]>;

  // ── cycles ──────────────────────────────────────────────────────────────────
  createCycle(tenant: string, cycle: Cycle): Promise<Cycle>;
  getCycle(tenant: string, cycleId: string): Promise<Cycle | null>;
  /** Every cycle of the tenant, newest `startDate` first (ties: id). */
  listCycles(tenant: string): Promise<Cycle[]>;

  // ── record store for features ──────────────────────────────────────────────
  putRecord<T>(tenant: string, collection: string, id: string, data: T, options?: PutRecordOptions): Promise<WriteResult<StoredRecord<T>>>;
  getRecord<T>(tenant: string, collection: string, id: string): Promise<StoredRecord<T> | null>;
  /** Records of a collection, oldest `createdAt` first (ties: id), paged. */
  listRecords<T>(tenant: string, collection: string, query?: RecordQuery): Promise<Page<StoredRecord<T>>>;
  /** True when a record was deleted. */
  deleteRecord(tenant: string, collection: string, id: string): Promise<boolean>;
  /**
   * Creates audits and writes records in one transaction: all of them, or (on a
   * version conflict, a missing record or a unique key held by another record)
   * none. Unique keys are how a feature makes a rule like "one open moderation
   * per first audit and second auditor" hold under concurrent requests.
   */
  writeBatch(tenant: string, batch: WriteBatch): Promise<BatchResult>;
  /**
   * The tenant's audit trail, oldest first (by `seq`), paged. Entries are written only by
   * `writeBatch` (with its `trail`) and never changed; the chain of hashes lets
   * `verifyAuditTrail` find any that were.
   */
  listAuditTrail(tenant: string, filter: TrailFilter, page: PageRequest): Promise<Page<TrailEntry>>;

  /** Releases connections. The storage is unusable afterwards. */
  close(): Promise<void>;

  // ── optional capabilities (the core falls back when absent) ────────────────
  /**
   * Counts of overall and section grades for the filter, computed in the
   * database. Without it the core aggregates {@link listAuditsForReport} rows.
   */
  summarizeAudits?(tenant: string, filter: ReportFilter): Promise<AuditGradeSummary>;
  /**
   * The ids and versions of the page {@link listAudits} would answer (same order, same cursor),
   * without the audits themselves. With it, the adapter's read cache answers `listAudits` from
   * the audits it keeps at those versions and reads only the others.
   */
  listAuditVersions?(tenant: string, filter: AuditFilter, page: PageRequest): Promise<Page<{ id: string; version: number }>>;
  /**
   * A number that changes whenever anything is written to the database through this storage
   * (any tenant, any table). Only meaningful with `ownsWrites: true`: the adapter then gives a
   * computed answer again while the number has not moved (docs/storage.md).
   */
  writeGeneration?(): number;
}

/** Grade counts over a set of audits; see {@link QaStorage.summarizeAudits}. */
export interface AuditGradeSummary {
  audits: number;
  /** Overall grade id → count (audits with no overall grade are left out). */
  overall: Record<string, number>;
  /** Section id → grade id → count (ungraded sections left out). */
  sections: Record<string, Record<string, number>>;
}

/** Thrown by a backend when asked to create an id that already exists. */
export class DuplicateIdError extends Error {
  override name = 'DuplicateIdError';
  constructor(kind: string, id: string) {
    super(`A ${kind} with id "${id}" already exists`);
  }
}

/** Encodes a page cursor (opaque to callers). */
export function encodeCursor(parts: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');
}

/** Decodes a cursor made by {@link encodeCursor}; null when it is not one. */
export function decodeCursor(cursor: string, arity: number): (string | number)[] | null {
  try {
    const parts: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(parts) || parts.length !== arity) return null;
    if (!parts.every((p) => typeof p === 'string' || typeof p === 'number')) return null;
    return parts as (string | number)[];
  } catch {
    return null;
  }
}

/** Thrown by a backend for a cursor it did not make; the adapter answers 400. */
export class InvalidCursorError extends Error {
  override name = 'InvalidCursorError';
  constructor() {
    super('cursor is not valid: use the nextCursor of a previous page');
  }
}

/** Clamps a page size to 1–100, default 50. */
export function pageSize(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return 50;
  return Math.min(100, Math.max(1, Math.floor(limit)));
}

/** Checks a batch's names and unique keys before any write; throws a plain Error for a programming mistake. */
export function assertBatchNames(batch: WriteBatch): void {
  for (const r of batch.records ?? []) {
    assertRecordNames(r.collection, r.id);
    for (const key of r.unique ?? []) if (!UNIQUE_KEY_PATTERN.test(key)) throw new Error(`invalid unique key "${key}"`);
  }
}

/** Checks the names a record-store call uses; throws a plain Error for a programming mistake. */
export function assertRecordNames(collection: string, id?: string, where?: Record<string, unknown>): void {
  if (!COLLECTION_PATTERN.test(collection)) throw new Error(`invalid collection name "${collection}"`);
  if (id !== undefined && !RECORD_ID_PATTERN.test(id)) throw new Error(`invalid record id "${id}"`);
  for (const field of Object.keys(where ?? {})) {
    if (!RECORD_FIELD_PATTERN.test(field)) throw new Error(`invalid field name "${field}"`);
  }
}

/** Compact report row from a full audit (used by backends without a dedicated query). */
export function toReportRow(audit: Audit): AuditReportRow {
  const sectionGrades: Record<string, string | null> = {};
  const criteriaMet: Record<string, string[]> = {};
  const nilStatements: Record<string, boolean> = {};
  const cannotTell: Record<string, string[]> = {};
  for (const [id, s] of Object.entries(audit.sections)) {
    sectionGrades[id] = s.grade;
    criteriaMet[id] = [...s.criteriaMet];
    if (s.nilStatement !== undefined) nilStatements[id] = s.nilStatement;
    if (s.cannotTell?.length) cannotTell[id] = [...s.cannotTell];
  }
  return {
    id: audit.id,
    planRef: audit.planRef,
    cycleId: audit.cycleId,
    frameworkId: audit.frameworkId,
    frameworkVersion: audit.frameworkVersion,
    plan: { ...audit.plan },
    auditorId: audit.auditorId,
    auditorRole: audit.auditorRole,
    status: audit.status,
    startedAt: audit.startedAt,
    completedAt: audit.completedAt,
    activeSeconds: audit.activeSeconds,
    overallGrade: audit.overall?.grade ?? null,
    sectionGrades,
    criteriaMet,
    ...(audit.facts ? { facts: { ...audit.facts } } : {}),
    ...(Object.keys(nilStatements).length ? { nilStatements } : {}),
    ...(Object.keys(cannotTell).length ? { cannotTell } : {}),
  };
}

/** Whether an audit matches a report filter (shared by backends that filter in code). */
export function matchesReportFilter(row: AuditReportRow, f: ReportFilter): boolean {
  if (f.cycleId !== undefined && row.cycleId !== f.cycleId) return false;
  if (f.status !== undefined && row.status !== f.status) return false;
  if (f.frameworkId !== undefined && row.frameworkId !== f.frameworkId) return false;
  if (f.frameworkVersion !== undefined && row.frameworkVersion !== f.frameworkVersion) return false;
  if (f.completedFrom !== undefined && (row.completedAt === null || row.completedAt < f.completedFrom)) return false;
  if (f.completedTo !== undefined && (row.completedAt === null || row.completedAt >= f.completedTo)) return false;
  if (f.planType !== undefined && row.plan.planType !== f.planType) return false;
  if (f.phase !== undefined && row.plan.phase !== f.phase) return false;
  if (f.primaryNeed !== undefined && row.plan.primaryNeed !== f.primaryNeed) return false;
  if (f.settingType !== undefined && row.plan.settingType !== f.settingType) return false;
  if (f.teamRef !== undefined && row.plan.teamRef !== f.teamRef) return false;
  if (f.caseworkerRef !== undefined && row.plan.caseworkerRef !== f.caseworkerRef) return false;
  if (f.auditorId !== undefined && row.auditorId !== f.auditorId) return false;
  if (f.auditorRole !== undefined && row.auditorRole !== f.auditorRole) return false;
  return true;
}

/** Grade counts from report rows: the fallback for {@link QaStorage.summarizeAudits}. */
export function summarizeRows(rows: readonly AuditReportRow[]): AuditGradeSummary {
  const summary: AuditGradeSummary = { audits: rows.length, overall: {}, sections: {} };
  for (const row of rows) {
    if (row.overallGrade !== null) summary.overall[row.overallGrade] = (summary.overall[row.overallGrade] ?? 0) + 1;
    for (const [sectionId, grade] of Object.entries(row.sectionGrades)) {
      if (grade === null) continue;
      const counts = (summary.sections[sectionId] ??= {});
      counts[grade] = (counts[grade] ?? 0) + 1;
    }
  }
  return summary;
}
