/**
 * `ehcp-qa/storage/postgres`: the storage for many LAs, several adapter processes
 * and managed databases. One PostgreSQL schema (default `ehcp_qa`) holds every
 * tenant's rows; row-level security keeps each transaction to one tenant (see
 * db.ts and docs/postgres.md). Migrations are applied on creation, safely when
 * several processes start at once. Writes to an audit are compare-and-swap on its
 * version in one UPDATE, so nothing is lost however many processes write.
 *
 * @example
 * const storage = await createPostgresStorage({ connectionString: process.env.QA_DATABASE_URL });
 * const app = createQaApp({ storage, auth: jwtAuth({ secret }) });
 */
import { AUDIT_COLUMNS, auditColumnValues } from '../audit-columns.js';
import type pg from 'pg';
import { loadPg, quoteIdent, wrapPool, type PgTx, type PostgresDb } from './db.js';
import { applyMigrations, coreMigrations, type PostgresMigration } from './migrations.js';
import { builtInPostgresFeatures, type PostgresFeature } from './features.js';
import { chainEntries } from '../trail.js';
import {
  assertBatchNames, assertRecordNames, decodeCursor, DuplicateIdError, encodeCursor, InvalidCursorError, pageSize,
  type Audit, type AuditFilter, type AuditReportRow, type BatchResult, type Cycle, type Page, type PageRequest,
  type QaStorage, type RecordQuery, type ReportFilter, type SectionRecord, type StoredRecord, type TrailEntry, type TrailFilter, type WriteResult,
} from '../types.js';
import { reportFilterSql, summarizeAudits } from './reports.js';

export type { PostgresDb, PgTx, PgParams, PgValue, PgRow, TransactionOptions } from './db.js';
export type { PostgresMigration, MigrationContext } from './migrations.js';
export type { PostgresFeature } from './features.js';
export { coreMigrations, crossTenantLookup, tenantRowSecurity } from './migrations.js';
export { builtInPostgresFeatures } from './features.js';

export interface PostgresStorageOptions {
  /** `postgres://user@host:5432/db`: the storage creates (and on close ends) its own pool. */
  connectionString?: string;
  /** Or a pool of your own (`new pg.Pool(…)`), which `close()` leaves open. */
  pool?: pg.Pool;
  /** Connections in the pool the storage creates. Default 10. */
  poolSize?: number;
  /** The schema for this storage's tables, created if missing. Default `ehcp_qa`. */
  schema?: string;
  /**
   * The role tenant transactions run as (`SET LOCAL ROLE`), subject to row-level
   * security. Default `<schema>_app`, created if missing (docs/postgres.md).
   */
  appRole?: string;
  /** Features with their own tables or SQL capabilities. Default: the built-in ones. */
  features?: readonly PostgresFeature[];
  /** Extra migrations (for example a host's own indexes), applied with the others. */
  migrations?: readonly PostgresMigration[];
}

/** Raw reads and writes straight on the tables, as the owner (for the conformance suite). */
export interface PostgresBackdoor {
  /** Changes a stored trail entry in place, as someone editing the database behind the adapter's back would. */
  tamperTrail(tenant: string, seq: number, patch: Partial<TrailEntry>): Promise<void>;
  readAudit(tenant: string, auditId: string): Promise<{ version: number; status: string; sectionIds: string[] } | null>;
  readRecord(tenant: string, collection: string, id: string): Promise<{ version: number; data: unknown } | null>;
}

export interface PostgresStorage extends QaStorage {
  /** The database, for feature modules that write their own SQL in the same schema. */
  readonly db: PostgresDb;
  readonly backdoor: PostgresBackdoor;
  /** Ids of the migrations applied when this storage was created (empty when another process had applied them). */
  readonly appliedMigrations: readonly number[];
}

/**
 * Connects, brings the schema up to date and returns the storage.
 * Give either `connectionString` or `pool`.
 */
export async function createPostgresStorage(options: PostgresStorageOptions): Promise<PostgresStorage> {
  const schema = options.schema ?? 'ehcp_qa';
  quoteIdent(schema);
  const appRole = options.appRole ?? `${schema}_app`;
  quoteIdent(appRole);
  if (!options.pool && !options.connectionString) throw new Error('createPostgresStorage needs a connectionString or a pool');
  let pool = options.pool;
  const ownsPool = !pool;
  if (!pool) {
    const { Pool } = await loadPg();
    // Named, so a DBA sees which connections are the adapter's (unless the connection string names them).
    const named = /[?&]application_name=/.test(options.connectionString ?? '');
    pool = new Pool({ connectionString: options.connectionString, max: options.poolSize ?? 10, ...(named ? {} : { application_name: 'ehcp-qa' }) });
    // An idle connection that drops (a restart, a failover) must not crash the process; the next query reconnects.
    pool.on('error', () => undefined);
  }
  const db = wrapPool(pool, schema, appRole, ownsPool);
  try {
    const features = options.features ?? builtInPostgresFeatures;
    const migrations = [...coreMigrations, ...features.flatMap((f) => f.migrations ?? []), ...(options.migrations ?? [])];
    const appliedMigrations = await applyMigrations(db, migrations);
    const storage: PostgresStorage = { ...postgresCore(db), db, backdoor: postgresBackdoor(db), appliedMigrations };
    for (const feature of features) Object.assign(storage, feature.capabilities?.(db) ?? {});
    return storage;
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
}

interface AuditRow {
  id: string; framework_id: string; framework_version: string; plan_ref: string; cycle_id: string | null;
  auditor_id: string; auditor_role: string; plan_type: string; phase: string; primary_need: string; setting_type: string;
  team_ref: string | null; caseworker_ref: string | null; status: string; version: number; overall: Audit['overall'];
  overall_grade: string | null; started_at: string; updated_at: string; completed_at: string | null; active_seconds: number;
  reopenings: Audit['reopenings']; facts: Record<string, string> | null;
  /** [section_id, criteria_met, grade, suggested_grade, override_reason, comment, saved_at, cannot_tell, nil_statement] per section. */
  sections: SectionTuple[] | null;
}
type SectionTuple = [string, string[], string | null, string, string | null, string | null, string, string[] | null, boolean | null];
interface CycleRow { id: string; name: string; start_date: string; end_date: string; kpi_target: Cycle['kpiTarget']; created_at: string }
interface RecordRow { collection: string; id: string; version: number; data: unknown; created_at: string; updated_at: string }
interface TrailRow {
  seq: number; at: string; actor: string; operation: string; subject_type: string; subject_id: string; audit_id: string | null;
  before_version: number | null; after_version: number | null; details: TrailEntry['details']; prev_hash: string; hash: string; tombstone: boolean;
}

/** The audit's columns and its sections, one row per audit (`a` is `audits`). */
const AUDIT_WITH_SECTIONS = `SELECT ${AUDIT_COLUMNS.split(',').map((c) => `a.${c.trim()}`).join(', ')},
  (SELECT jsonb_agg(jsonb_build_array(s.section_id, s.criteria_met, s.grade, s.suggested_grade, s.override_reason, s.comment, s.saved_at,
                                      s.cannot_tell, s.nil_statement))
     FROM audit_sections s WHERE s.tenant = a.tenant AND s.audit_id = a.id) AS sections
  FROM audits a`;
const RECORD_COLUMNS = 'collection, id, version, data, created_at, updated_at';
const TRAIL_COLUMNS = 'seq, at, actor, operation, subject_type, subject_id, audit_id, before_version, after_version, details, prev_hash, hash, tombstone';

/** Thrown inside a transaction to roll it back with a result. */
class Refused { constructor(readonly result: BatchResult) {} }

function json(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) throw new Error('record data must be JSON');
  return text;
}

function postgresCore(db: PostgresDb): QaStorage {
  /** Makes the stored sections equal `audit.sections`: deletes the others, writes only those that changed. */
  async function writeSections(tx: PgTx, tenant: string, audit: Audit, fresh: boolean): Promise<void> {
    const ids = Object.keys(audit.sections);
    if (!fresh) await tx.query('DELETE FROM audit_sections WHERE tenant = $1 AND audit_id = $2 AND NOT (section_id = ANY ($3::text[]))', [tenant, audit.id, ids]);
    if (ids.length === 0) return;
    const rows = Object.entries(audit.sections).map(([sectionId, s]) => ({
      section_id: sectionId, criteria_met: s.criteriaMet, grade: s.grade, suggested_grade: s.suggestedGrade, override_reason: s.overrideReason,
      comment: s.comment, saved_at: s.savedAt, cannot_tell: s.cannotTell ?? null, nil_statement: s.nilStatement ?? null,
    }));
    await tx.query(
      `INSERT INTO audit_sections AS t (tenant, audit_id, section_id, criteria_met, grade, suggested_grade, override_reason, comment, saved_at,
         cannot_tell, nil_statement, status, framework_id, cycle_id)
       SELECT $1, $2, x.section_id, x.criteria_met, x.grade, x.suggested_grade, x.override_reason, x.comment, x.saved_at,
              x.cannot_tell, x.nil_statement, $3, $4, $5
         FROM jsonb_to_recordset($6::jsonb) AS x(section_id text, criteria_met jsonb, grade text, suggested_grade text, override_reason text,
              comment text, saved_at text, cannot_tell jsonb, nil_statement boolean)
       ON CONFLICT (tenant, audit_id, section_id) DO UPDATE SET
         criteria_met = EXCLUDED.criteria_met, grade = EXCLUDED.grade, suggested_grade = EXCLUDED.suggested_grade,
         override_reason = EXCLUDED.override_reason, comment = EXCLUDED.comment, saved_at = EXCLUDED.saved_at,
         cannot_tell = EXCLUDED.cannot_tell, nil_statement = EXCLUDED.nil_statement,
         status = EXCLUDED.status, framework_id = EXCLUDED.framework_id, cycle_id = EXCLUDED.cycle_id
       WHERE (t.criteria_met, t.grade, t.suggested_grade, t.override_reason, t.comment, t.saved_at, t.cannot_tell, t.nil_statement,
              t.status, t.framework_id, t.cycle_id)
             IS DISTINCT FROM
             (EXCLUDED.criteria_met, EXCLUDED.grade, EXCLUDED.suggested_grade, EXCLUDED.override_reason, EXCLUDED.comment, EXCLUDED.saved_at,
              EXCLUDED.cannot_tell, EXCLUDED.nil_statement, EXCLUDED.status, EXCLUDED.framework_id, EXCLUDED.cycle_id)`,
      [tenant, audit.id, audit.status, audit.frameworkId, audit.cycleId, JSON.stringify(rows)],
    );
  }

  async function insertAudit(tx: PgTx, tenant: string, audit: Audit): Promise<Audit> {
    const inserted = await tx.query(
      `INSERT INTO audits (tenant, ${AUDIT_COLUMNS}) VALUES ($1, ${Array.from({ length: 23 }, (_, i) => `$${i + 2}`).join(', ')})
       ON CONFLICT (tenant, id) DO NOTHING RETURNING 1`,
      [tenant, audit.id, ...auditColumnValues(audit)],
    );
    if (inserted.rowCount === 0) throw new DuplicateIdError('audit', audit.id);
    await writeSections(tx, tenant, audit, true);
    return structuredClone(audit);
  }

  async function updateAuditTx(tx: PgTx, tenant: string, next: Audit, expectedVersion: number): Promise<WriteResult<Audit>> {
    const stored: Audit = { ...structuredClone(next), version: expectedVersion + 1 };
    const values = auditColumnValues(stored);
    const result = await tx.query(
      `UPDATE audits SET framework_id = $1, framework_version = $2, plan_ref = $3, cycle_id = $4, auditor_id = $5, auditor_role = $6,
         plan_type = $7, phase = $8, primary_need = $9, setting_type = $10, team_ref = $11, caseworker_ref = $12, status = $13, version = $14,
         overall = $15, overall_grade = $16, started_at = $17, updated_at = $18, completed_at = $19, active_seconds = $20, reopenings = $21,
         facts = $22
       WHERE tenant = $23 AND id = $24 AND version = $25`,
      [...values, tenant, next.id, expectedVersion],
    );
    if (result.rowCount === 0) {
      const current = await tx.get<{ version: number }>('SELECT version FROM audits WHERE tenant = $1 AND id = $2', [tenant, next.id]);
      return current ? { ok: false, reason: 'conflict', currentVersion: current.version } : { ok: false, reason: 'not-found' };
    }
    await writeSections(tx, tenant, stored, false);
    return { ok: true, value: stored };
  }

  async function insertCycle(tx: PgTx, tenant: string, cycle: Cycle): Promise<Cycle> {
    const inserted = await tx.query(
      `INSERT INTO cycles (tenant, id, name, start_date, end_date, kpi_target, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (tenant, id) DO NOTHING RETURNING 1`,
      [tenant, cycle.id, cycle.name, cycle.startDate, cycle.endDate, cycle.kpiTarget ? JSON.stringify(cycle.kpiTarget) : null, cycle.createdAt],
    );
    if (inserted.rowCount === 0) throw new DuplicateIdError('cycle', cycle.id);
    return structuredClone(cycle);
  }

  /**
   * Writes one record as `expectedVersion` says (absent: upsert; null: create only; a number: that version only),
   * each case in one statement, so concurrent writers are decided by the row lock and the primary key.
   */
  async function writeRecord(tx: PgTx, tenant: string, collection: string, id: string, data: string, expectedVersion: number | null | undefined, now: string):
    Promise<WriteResult<RecordRow>> {
    let row: RecordRow | undefined;
    if (expectedVersion === undefined) {
      row = await tx.get<RecordRow>(
        `INSERT INTO records AS r (tenant, collection, id, version, data, created_at, updated_at) VALUES ($1, $2, $3, 1, $4, $5, $5)
         ON CONFLICT (tenant, collection, id) DO UPDATE SET version = r.version + 1, data = EXCLUDED.data, updated_at = EXCLUDED.updated_at
         RETURNING ${RECORD_COLUMNS}`,
        [tenant, collection, id, data, now],
      );
    } else if (expectedVersion === null) {
      row = await tx.get<RecordRow>(
        `INSERT INTO records (tenant, collection, id, version, data, created_at, updated_at) VALUES ($1, $2, $3, 1, $4, $5, $5)
         ON CONFLICT (tenant, collection, id) DO NOTHING RETURNING ${RECORD_COLUMNS}`,
        [tenant, collection, id, data, now],
      );
    } else {
      row = await tx.get<RecordRow>(
        `UPDATE records SET version = version + 1, data = $4, updated_at = $5 WHERE tenant = $1 AND collection = $2 AND id = $3 AND version = $6
         RETURNING ${RECORD_COLUMNS}`,
        [tenant, collection, id, data, now, expectedVersion],
      );
    }
    if (row) return { ok: true, value: row };
    const current = await tx.get<{ version: number }>('SELECT version FROM records WHERE tenant = $1 AND collection = $2 AND id = $3', [tenant, collection, id]);
    return current ? { ok: false, reason: 'conflict', currentVersion: current.version } : { ok: false, reason: 'not-found' };
  }

  const read = { readOnly: true };

  return {
    createAudit(tenant, audit) {
      return db.transaction(tenant, (tx) => insertAudit(tx, tenant, audit));
    },

    getAudit(tenant, auditId) {
      return db.transaction(tenant, async (tx) => {
        const row = await tx.get<AuditRow>(`${AUDIT_WITH_SECTIONS} WHERE a.tenant = $1 AND a.id = $2`, [tenant, auditId]);
        return row ? toAudit(row) : null;
      }, read);
    },

    listAudits(tenant, filter: AuditFilter, page: PageRequest): Promise<Page<Audit>> {
      const limit = pageSize(page.limit);
      const where = ['a.tenant = $1'];
      const params: (string | number)[] = [tenant];
      const add = (column: string, value: string | undefined) => {
        if (value === undefined) return;
        params.push(value);
        where.push(`a.${column} = $${params.length}`);
      };
      add('cycle_id', filter.cycleId);
      add('status', filter.status);
      add('plan_ref', filter.planRef);
      add('auditor_id', filter.auditorId);
      add('framework_id', filter.frameworkId);
      add('caseworker_ref', filter.caseworkerRef);
      if (page.cursor !== undefined) {
        const after = decodeCursor(page.cursor, 2);
        if (!after) return Promise.reject(new InvalidCursorError());
        params.push(String(after[0]), String(after[1]));
        where.push(`(a.started_at, a.id) < ($${params.length - 1}, $${params.length})`);
      }
      params.push(limit + 1);
      return db.transaction(tenant, async (tx) => {
        const rows = await tx.all<AuditRow>(
          `${AUDIT_WITH_SECTIONS} WHERE ${where.join(' AND ')} ORDER BY a.started_at DESC, a.id DESC LIMIT $${params.length}`,
          params,
        );
        const items = rows.slice(0, limit).map(toAudit);
        const last = items.at(-1);
        return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.startedAt, last.id]) : null };
      }, read);
    },

    updateAudit(tenant, next, expectedVersion): Promise<WriteResult<Audit>> {
      return db.transaction(tenant, (tx) => updateAuditTx(tx, tenant, next, expectedVersion));
    },

    listAuditsForReport(tenant, filter: ReportFilter): Promise<AuditReportRow[]> {
      const { where, params } = reportFilterSql(tenant, filter, 'a');
      return db.transaction(tenant, async (tx) => {
        const rows = await tx.all<AuditRow>(`${AUDIT_WITH_SECTIONS} WHERE ${where} ORDER BY a.started_at, a.id`, params);
        return rows.map((r) => {
          const a = toAudit(r);
          const row: AuditReportRow = {
            id: a.id, planRef: a.planRef, cycleId: a.cycleId, frameworkId: a.frameworkId, frameworkVersion: a.frameworkVersion,
            plan: a.plan, auditorId: a.auditorId, auditorRole: a.auditorRole, status: a.status, startedAt: a.startedAt,
            completedAt: a.completedAt, activeSeconds: a.activeSeconds, overallGrade: r.overall_grade, sectionGrades: {}, criteriaMet: {},
            ...(a.facts ? { facts: a.facts } : {}),
          };
          for (const [id, s] of Object.entries(a.sections)) {
            row.sectionGrades[id] = s.grade;
            row.criteriaMet[id] = s.criteriaMet;
            if (s.nilStatement !== undefined) (row.nilStatements ??= {})[id] = s.nilStatement;
            if (s.cannotTell !== undefined) (row.cannotTell ??= {})[id] = s.cannotTell;
          }
          return row;
        });
      }, read);
    },

    summarizeAudits(tenant, filter: ReportFilter) {
      return db.transaction(tenant, (tx) => summarizeAudits(tx, tenant, filter), read);
    },

    createCycle(tenant, cycle) {
      return db.transaction(tenant, (tx) => insertCycle(tx, tenant, cycle));
    },
    getCycle(tenant, cycleId) {
      return db.transaction(tenant, async (tx) => {
        const row = await tx.get<CycleRow>('SELECT id, name, start_date, end_date, kpi_target, created_at FROM cycles WHERE tenant = $1 AND id = $2', [tenant, cycleId]);
        return row ? toCycle(row) : null;
      }, read);
    },
    listCycles(tenant) {
      return db.transaction(tenant, async (tx) => {
        const rows = await tx.all<CycleRow>(
          'SELECT id, name, start_date, end_date, kpi_target, created_at FROM cycles WHERE tenant = $1 ORDER BY start_date DESC, id',
          [tenant],
        );
        return rows.map(toCycle);
      }, read);
    },

    async putRecord<T>(tenant: string, collection: string, id: string, data: T, options: { expectedVersion?: number | null } = {}): Promise<WriteResult<StoredRecord<T>>> {
      assertRecordNames(collection, id);
      const text = json(data);
      const result = await db.transaction(tenant, (tx) => writeRecord(tx, tenant, collection, id, text, options.expectedVersion, new Date().toISOString()));
      return result.ok ? { ok: true, value: toRecord<T>(result.value) } : result;
    },
    async getRecord<T>(tenant: string, collection: string, id: string) {
      assertRecordNames(collection, id);
      const row = await db.transaction(tenant, (tx) => tx.get<RecordRow>(
        `SELECT ${RECORD_COLUMNS} FROM records WHERE tenant = $1 AND collection = $2 AND id = $3`, [tenant, collection, id]), read);
      return row ? toRecord<T>(row) : null;
    },
    async listRecords<T>(tenant: string, collection: string, query: RecordQuery = {}): Promise<Page<StoredRecord<T>>> {
      assertRecordNames(collection, undefined, query.where);
      const limit = pageSize(query.limit);
      const where = ['tenant = $1', 'collection = $2'];
      const params: (string | number)[] = [tenant, collection];
      for (const [field, value] of Object.entries(query.where ?? {})) {
        // jsonb equality: the same JSON type and value (1 and "1" differ; a missing field matches nothing, not even null).
        params.push(field, JSON.stringify(value));
        where.push(`data -> $${params.length - 1} = $${params.length}::jsonb`);
      }
      if (query.cursor !== undefined) {
        const after = decodeCursor(query.cursor, 2);
        if (!after) throw new InvalidCursorError();
        params.push(String(after[0]), String(after[1]));
        where.push(`(created_at, id) > ($${params.length - 1}, $${params.length})`);
      }
      params.push(limit + 1);
      const rows = await db.transaction(tenant, (tx) => tx.all<RecordRow>(
        `SELECT ${RECORD_COLUMNS} FROM records WHERE ${where.join(' AND ')} ORDER BY created_at, id LIMIT $${params.length}`, params), read);
      const items = rows.slice(0, limit).map((r) => toRecord<T>(r));
      const last = items.at(-1);
      return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.createdAt, last.id]) : null };
    },
    async deleteRecord(tenant, collection, id) {
      assertRecordNames(collection, id);
      const result = await db.transaction(tenant, (tx) => tx.query('DELETE FROM records WHERE tenant = $1 AND collection = $2 AND id = $3', [tenant, collection, id]));
      return result.rowCount > 0;
    },

    async writeBatch(tenant, batch): Promise<BatchResult> {
      assertBatchNames(batch);
      const texts = (batch.records ?? []).map((r) => json(r.data));
      try {
        return await db.transaction(tenant, async (tx) => {
          const now = new Date().toISOString();
          // Cycles first, so a batch may create a cycle and the audits in it.
          const cycles: Cycle[] = [];
          for (const c of batch.createCycles ?? []) cycles.push(await insertCycle(tx, tenant, c));
          const audits: Audit[] = [];
          for (const a of batch.createAudits ?? []) audits.push(await insertAudit(tx, tenant, a));
          const updatedAudits: Audit[] = [];
          for (const { next, expectedVersion } of batch.updateAudits ?? []) {
            const result = await updateAuditTx(tx, tenant, next, expectedVersion);
            if (!result.ok) {
              throw new Refused(result.reason === 'conflict'
                ? { ok: false, reason: 'conflict', collection: 'audits', id: next.id, currentVersion: result.currentVersion }
                : { ok: false, reason: 'not-found', collection: 'audits', id: next.id });
            }
            updatedAudits.push(result.value);
          }
          const records: StoredRecord[] = [];
          for (const [i, r] of (batch.records ?? []).entries()) {
            const result = await writeRecord(tx, tenant, r.collection, r.id, texts[i]!, r.expectedVersion, now);
            if (!result.ok) {
              throw new Refused(result.reason === 'conflict'
                ? { ok: false, reason: 'conflict', collection: r.collection, id: r.id, currentVersion: result.currentVersion }
                : { ok: false, reason: 'not-found', collection: r.collection, id: r.id });
            }
            if (r.unique) {
              await tx.query('DELETE FROM record_keys WHERE tenant = $1 AND collection = $2 AND record_id = $3', [tenant, r.collection, r.id]);
              for (const key of r.unique) {
                // DO NOTHING waits for a concurrent claim of the key to commit or roll back, then decides: no race, no error.
                const claimed = await tx.query(
                  'INSERT INTO record_keys (tenant, collection, key, record_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING 1',
                  [tenant, r.collection, key, r.id],
                );
                if (claimed.rowCount === 0) throw new Refused({ ok: false, reason: 'duplicate-key', collection: r.collection, id: r.id, key });
              }
            }
            records.push(toRecord(result.value));
          }
          if (batch.deleteAudits?.length) await tx.query('DELETE FROM audits WHERE tenant = $1 AND id = ANY ($2::text[])', [tenant, batch.deleteAudits]);
          for (const { collection, id } of batch.deleteRecords ?? []) {
            await tx.query('DELETE FROM records WHERE tenant = $1 AND collection = $2 AND id = $3', [tenant, collection, id]); // keys cascade
          }
          if (batch.tombstoneTrail?.length) {
            await tx.query(
              `UPDATE audit_trail SET actor = '', operation = 'tombstone', subject_type = 'plan', subject_id = '', audit_id = NULL,
                 before_version = NULL, after_version = NULL, details = '{}', tombstone = true WHERE tenant = $1 AND seq = ANY ($2::int[])`,
              [tenant, batch.tombstoneTrail],
            );
          }
          let trail: TrailEntry[] = [];
          if (batch.trail?.length) {
            // One writer per tenant's chain at a time: a transaction-scoped lock on the tenant's chain, taken
            // before reading its head, so two processes can never both append entry n.
            await tx.query("SELECT pg_advisory_xact_lock(hashtextextended('ehcp-qa trail ' || current_schema() || ' ' || $1, 0))", [tenant]);
            const last = await tx.get<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_trail WHERE tenant = $1 ORDER BY seq DESC LIMIT 1', [tenant]);
            trail = chainEntries(tenant, last ?? null, batch.trail, now);
            await tx.query(
              `INSERT INTO audit_trail (tenant, seq, at, actor, operation, subject_type, subject_id, audit_id, before_version, after_version, details, prev_hash, hash)
               SELECT $1, x.seq, x.at, x.actor, x.operation, x.subject_type, x.subject_id, x.audit_id, x.before_version, x.after_version, x.details, x.prev_hash, x.hash
                 FROM jsonb_to_recordset($2::jsonb) AS x(seq integer, at text, actor text, operation text, subject_type text, subject_id text, audit_id text,
                      before_version integer, after_version integer, details jsonb, prev_hash text, hash text)`,
              [tenant, JSON.stringify(trail.map((e) => ({
                seq: e.seq, at: e.at, actor: e.actor, operation: e.operation, subject_type: e.subjectType, subject_id: e.subjectId, audit_id: e.auditId,
                before_version: e.beforeVersion, after_version: e.afterVersion, details: e.details, prev_hash: e.prevHash, hash: e.hash,
              })))],
            );
          }
          return { ok: true as const, audits, updatedAudits, cycles, records, trail };
        });
      } catch (error) {
        if (error instanceof Refused) return error.result;
        throw error;
      }
    },

    listAuditTrail(tenant, filter: TrailFilter, page: PageRequest): Promise<Page<TrailEntry>> {
      const limit = pageSize(page.limit);
      const where = ['tenant = $1'];
      const params: (string | number)[] = [tenant];
      const add = (clause: (n: string) => string, value: string | number) => { params.push(value); where.push(clause(`$${params.length}`)); };
      if (page.cursor !== undefined) {
        const parts = decodeCursor(page.cursor, 1);
        if (!parts || typeof parts[0] !== 'number') return Promise.reject(new InvalidCursorError());
        add((n) => `seq > ${n}`, parts[0]);
      }
      if (filter.auditId !== undefined) add((n) => `audit_id = ${n}`, filter.auditId);
      if (filter.actor !== undefined) add((n) => `actor = ${n}`, filter.actor);
      if (filter.from !== undefined) add((n) => `at >= ${n}`, filter.from);
      if (filter.to !== undefined) add((n) => `at < ${n}`, filter.to);
      params.push(limit + 1);
      return db.transaction(tenant, async (tx) => {
        const rows = await tx.all<TrailRow>(`SELECT ${TRAIL_COLUMNS} FROM audit_trail WHERE ${where.join(' AND ')} ORDER BY seq LIMIT $${params.length}`, params);
        const items = rows.slice(0, limit).map(toTrailEntry);
        const last = items.at(-1);
        return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.seq]) : null };
      }, read);
    },

    close: () => db.close(),
  };
}

function toAudit(r: AuditRow): Audit {
  const plan: Audit['plan'] = {
    planType: r.plan_type as Audit['plan']['planType'],
    phase: r.phase as Audit['plan']['phase'],
    primaryNeed: r.primary_need as Audit['plan']['primaryNeed'],
    settingType: r.setting_type as Audit['plan']['settingType'],
  };
  if (r.team_ref !== null) plan.teamRef = r.team_ref;
  if (r.caseworker_ref !== null) plan.caseworkerRef = r.caseworker_ref;
  const sections: Record<string, SectionRecord> = {};
  for (const [id, criteriaMet, grade, suggestedGrade, overrideReason, comment, savedAt, cannotTell, nilStatement] of r.sections ?? []) {
    const s: SectionRecord = { criteriaMet, grade, suggestedGrade, overrideReason, comment, savedAt };
    if (cannotTell !== null) s.cannotTell = cannotTell;
    if (nilStatement !== null) s.nilStatement = nilStatement;
    sections[id] = s;
  }
  return {
    id: r.id,
    frameworkId: r.framework_id,
    frameworkVersion: r.framework_version,
    planRef: r.plan_ref,
    cycleId: r.cycle_id,
    auditorId: r.auditor_id,
    auditorRole: r.auditor_role as Audit['auditorRole'],
    plan,
    status: r.status as Audit['status'],
    version: r.version,
    sections,
    overall: r.overall,
    startedAt: r.started_at,
    updatedAt: r.updated_at,
    completedAt: r.completed_at,
    activeSeconds: r.active_seconds,
    reopenings: r.reopenings,
    ...(r.facts !== null ? { facts: r.facts } : {}),
  };
}

function toCycle(r: CycleRow): Cycle {
  return { id: r.id, name: r.name, startDate: r.start_date, endDate: r.end_date, kpiTarget: r.kpi_target, createdAt: r.created_at };
}

function toRecord<T>(r: RecordRow): StoredRecord<T> {
  return { collection: r.collection, id: r.id, version: r.version, data: r.data as T, createdAt: r.created_at, updatedAt: r.updated_at };
}

function toTrailEntry(r: TrailRow): TrailEntry {
  return {
    seq: r.seq, at: r.at, actor: r.actor, operation: r.operation, subjectType: r.subject_type as TrailEntry['subjectType'], subjectId: r.subject_id,
    auditId: r.audit_id, beforeVersion: r.before_version, afterVersion: r.after_version, details: r.details,
    prevHash: r.prev_hash, hash: r.hash, ...(r.tombstone ? { tombstone: true } : {}),
  };
}

function postgresBackdoor(db: PostgresDb): PostgresBackdoor {
  return {
    async tamperTrail(tenant, seq, patch) {
      const columns: Record<string, string> = {
        tombstone: 'tombstone', actor: 'actor', operation: 'operation', afterVersion: 'after_version', beforeVersion: 'before_version',
        details: 'details', hash: 'hash', prevHash: 'prev_hash', at: 'at',
      };
      await db.maintenance(async (tx) => {
        for (const [key, value] of Object.entries(patch)) {
          const column = columns[key];
          if (!column) throw new Error(`tamperTrail cannot change ${key}`);
          await tx.query(`UPDATE audit_trail SET ${column} = $1 WHERE tenant = $2 AND seq = $3`,
            [key === 'details' ? JSON.stringify(value) : (value as string | number | boolean | null), tenant, seq]);
        }
      });
    },
    readAudit(tenant, auditId) {
      return db.maintenance(async (tx) => {
        const row = await tx.get<{ version: number; status: string }>('SELECT version, status FROM audits WHERE tenant = $1 AND id = $2', [tenant, auditId]);
        if (!row) return null;
        const sections = await tx.all<{ section_id: string }>('SELECT section_id FROM audit_sections WHERE tenant = $1 AND audit_id = $2 ORDER BY section_id', [tenant, auditId]);
        return { version: row.version, status: row.status, sectionIds: sections.map((s) => s.section_id) };
      });
    },
    readRecord(tenant, collection, id) {
      return db.maintenance(async (tx) => {
        const row = await tx.get<{ version: number; data: unknown }>('SELECT version, data FROM records WHERE tenant = $1 AND collection = $2 AND id = $3', [tenant, collection, id]);
        return row ? { version: row.version, data: row.data } : null;
      });
    },
  };
}
