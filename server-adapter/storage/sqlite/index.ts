/**
 * `ehcp-qa/storage/sqlite`: the default storage, one SQLite file.
 *
 * Opened in WAL mode (readers never block the writer), with foreign keys on and
 * `synchronous = FULL` (a committed audit survives a power cut, at the cost of one
 * extra fsync per commit; see docs/storage.md). Migrations are applied on open.
 * Every multi-row write is one transaction; values are always bound parameters.
 */
import { AUDIT_COLUMNS, auditColumnValues } from '../audit-columns.js';
import { jsonRowsSelect, openSqliteDb, type SqliteDb, type SqlTx } from './db.js';
import { applyMigrations, coreMigrations, type SqliteMigration } from './migrations.js';
import { builtInSqliteFeatures, type SqliteFeature } from './features.js';
import { rememberAnswers } from './answers.js';
import { chainPrepared, prepareTrail } from '../trail.js';
import { copyData } from '../copy.js';
import {
  assertBatchNames, assertRecordNames, decodeCursor, DuplicateIdError, encodeCursor, InvalidCursorError, pageSize,
  type Audit, type AuditFilter, type AuditGradeSummary, type AuditReportRow, type BatchResult, type Cycle, type Page, type PageRequest,
  type QaStorage, type RecordQuery, type ReportFilter, type SectionRecord, type StoredRecord, type TrailEntry, type TrailFilter, type WriteResult,
} from '../types.js';

export type { SqliteDb, SqlTx, SqlParams, SqlValue, SqlRow } from './db.js';
export type { SqliteMigration } from './migrations.js';
export type { SqliteFeature } from './features.js';
export { coreMigrations } from './migrations.js';
export { builtInSqliteFeatures } from './features.js';

export interface SqliteStorageOptions {
  /** Path of the database file (created if missing), or `:memory:`. */
  filename: string;
  /** Features with their own tables or SQL capabilities. Default: the built-in ones. */
  features?: readonly SqliteFeature[];
  /** Extra migrations (for example a host's own indexes), applied with the others. */
  migrations?: readonly SqliteMigration[];
  /** Milliseconds to wait for a lock held by another process before failing. Default 5000. */
  busyTimeoutMs?: number;
  /**
   * Set when several processes write this one file (for example several adapter processes behind one
   * load balancer). The storage then says `ownsWrites: false`, so the adapter's read cache is off by
   * default (docs/storage.md). Default false: this process is the only writer.
   */
  sharedFile?: boolean;
  /**
   * Give a small read (report figures, a page of report rows, records, cycles) again from memory
   * while nothing has been written to the file (server-adapter/storage/sqlite/answers.ts). Default:
   * on unless `sharedFile`. Turn it off to measure the SQL itself.
   */
  rememberAnswers?: boolean;
  /** Read-only connections beside the writer (WAL). Default 2; 0 reads on the writer. */
  readConnections?: number;
  /**
   * Every this many writes, a connection of its own copies the write-ahead log into the file in the background
   * (a PASSIVE checkpoint), so the writer's own checkpoint after a commit finds little left to copy. Runs while
   * the read connections are open. Default 8; 0 leaves checkpoints to the writer alone.
   */
  checkpointEvery?: number;
}

/** Raw reads straight from the tables, bypassing the storage's read methods (for the conformance suite). */
export interface SqliteBackdoor {
  /** Changes a stored trail entry in place, as someone editing the file behind the adapter's back would. */
  tamperTrail(tenant: string, seq: number, patch: Partial<TrailEntry>): Promise<void>;
  readAudit(tenant: string, auditId: string): Promise<{ version: number; status: string; sectionIds: string[] } | null>;
  readRecord(tenant: string, collection: string, id: string): Promise<{ version: number; data: unknown } | null>;
}

export interface SqliteStorage extends QaStorage {
  /** The database, for feature modules that write their own SQL against the same file. */
  readonly db: SqliteDb;
  readonly backdoor: SqliteBackdoor;
  /** Ids of the migrations applied when this storage opened. */
  readonly appliedMigrations: readonly number[];
}

interface AuditRow {
  id: string; framework_id: string; framework_version: string; plan_ref: string; cycle_id: string | null;
  auditor_id: string; auditor_role: string; plan_type: string; phase: string; primary_need: string; setting_type: string;
  team_ref: string | null; caseworker_ref: string | null; status: string; version: number; overall: string | null;
  overall_grade: string | null; started_at: string; updated_at: string; completed_at: string | null; active_seconds: number; reopenings: string;
  facts: string | null;
}
interface SectionRow {
  audit_id: string; section_id: string;
  /** JSON text as stored, or already parsed (the one-statement read). */
  criteria_met: string | string[]; grade: string | null; suggested_grade: string;
  override_reason: string | null; comment: string | null; saved_at: string; cannot_tell: string | string[] | null; nil_statement: number | null;
}
interface CycleRow { id: string; name: string; start_date: string; end_date: string; kpi_target: string | null; created_at: string }
interface RecordRow { collection: string; id: string; version: number; data: string; created_at: string; updated_at: string }
interface TrailRow {
  seq: number; at: string; actor: string; operation: string; subject_type: string; subject_id: string; audit_id: string | null;
  before_version: number | null; after_version: number | null; details: string; prev_hash: string; hash: string; tombstone: number;
}

function toTrailEntry(r: TrailRow): TrailEntry {
  return {
    seq: r.seq, at: r.at, actor: r.actor, operation: r.operation, subjectType: r.subject_type as TrailEntry['subjectType'], subjectId: r.subject_id,
    auditId: r.audit_id, beforeVersion: r.before_version, afterVersion: r.after_version, details: JSON.parse(r.details) as TrailEntry['details'],
    prevHash: r.prev_hash, hash: r.hash, ...(r.tombstone ? { tombstone: true } : {}),
  };
}

/**
 * Opens (or creates) the SQLite storage and brings its schema up to date.
 *
 * @example
 * const storage = await createSqliteStorage({ filename: './qa.sqlite' });
 * const app = createQaApp({ storage, auth: jwtAuth({ secret }) });
 */
export async function createSqliteStorage(options: SqliteStorageOptions): Promise<SqliteStorage> {
  const busy = `PRAGMA busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`;
  const db = await openSqliteDb(options.filename, {
    pragmas: [busy],
    ...(options.readConnections !== undefined ? { readConnections: options.readConnections } : {}),
    ...(options.checkpointEvery !== undefined ? { checkpointEvery: options.checkpointEvery } : {}),
  });
  try {
    await db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    await db.exec('PRAGMA journal_mode = WAL');
    await db.exec('PRAGMA foreign_keys = ON');
    await db.exec('PRAGMA synchronous = FULL');
    const features = options.features ?? builtInSqliteFeatures;
    const migrations = [...coreMigrations, ...features.flatMap((f) => f.migrations ?? []), ...(options.migrations ?? [])];
    const appliedMigrations = await applyMigrations(db, migrations);
    const core = sqliteCore(db);
    const storage: SqliteStorage = {
      ...core, ownsWrites: options.sharedFile !== true, writeGeneration: () => db.writeCount, db, backdoor: sqliteBackdoor(db), appliedMigrations,
    };
    for (const feature of features) Object.assign(storage, feature.capabilities?.(db) ?? {});
    // One writer: small repeated reads are answered again until the file changes (answers.ts).
    if (options.rememberAnswers ?? storage.ownsWrites) rememberAnswers(storage as unknown as Record<string, unknown>, db);
    return storage;
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
}

/** The section upsert, around its `VALUES (…), …` (11 values a row, {@link sectionValues} after the ids). */
const SECTION_UPSERT_HEAD = `INSERT INTO audit_sections (tenant, audit_id, section_id, criteria_met, grade, suggested_grade, override_reason, comment, saved_at,
    cannot_tell, nil_statement)`;
const SECTION_UPSERT_TAIL = `ON CONFLICT (tenant, audit_id, section_id) DO UPDATE SET criteria_met = excluded.criteria_met, grade = excluded.grade,
    suggested_grade = excluded.suggested_grade, override_reason = excluded.override_reason, comment = excluded.comment,
    saved_at = excluded.saved_at, cannot_tell = excluded.cannot_tell, nil_statement = excluded.nil_statement`;


/** An audit's sections as one JSON array of arrays, in section order (see {@link sectionRowsFromJson}); correlated with `audits`. */
const SECTIONS_JSON = `(SELECT json_group_array(json_array(section_id, json(criteria_met), grade, suggested_grade, override_reason,
    comment, saved_at, json(cannot_tell), nil_statement))
  FROM (SELECT * FROM audit_sections s WHERE s.tenant = audits.tenant AND s.audit_id = audits.id ORDER BY s.section_id))`;


/** The columns of `audits` after `id`, in the order of `auditColumnValues`. */
const UPDATE_COLUMNS = AUDIT_COLUMNS.split(',').map((c) => c.trim()).slice(1);
const VERSION_INDEX = UPDATE_COLUMNS.indexOf('version');
/** At most this many audits' last written values are kept for narrow UPDATEs (about 1 kB each). */
const LAST_WRITTEN_MAX = 4096;
/** The compare-and-swap UPDATE of every column (22 values, then tenant, id and the expected version). */
const FULL_UPDATE = `UPDATE audits SET ${UPDATE_COLUMNS.map((c) => `${c} = ?`).join(', ')} WHERE tenant = ? AND id = ? AND version = ?`;

/**
 * The compare-and-swap UPDATE of the columns whose value differs between `before` (the values written
 * for the expected version) and `after`; every other column is compared instead (`IS ?`), so the row
 * changes only if it holds exactly `before`. Parameters: `setParams`, tenant, id, expected version, `whereParams`.
 */
function narrowUpdate(before: readonly (string | number | null)[], after: readonly (string | number | null)[]): { sql: string; setParams: (string | number | null)[]; whereParams: (string | number | null)[] } {
  const set: string[] = [];
  const same: string[] = [];
  const setParams: (string | number | null)[] = [];
  const whereParams: (string | number | null)[] = [];
  for (let i = 0; i < UPDATE_COLUMNS.length; i++) {
    if (i === VERSION_INDEX) continue;
    if (before[i] === after[i]) { same.push(`${UPDATE_COLUMNS[i]} IS ?`); whereParams.push(before[i]!); }
    else { set.push(`${UPDATE_COLUMNS[i]} = ?`); setParams.push(after[i]!); }
  }
  set.push('version = ?');
  setParams.push(after[VERSION_INDEX]!);
  return { sql: `UPDATE audits SET ${set.join(', ')} WHERE tenant = ? AND id = ? AND version = ?${same.map((c) => ` AND ${c}`).join('')}`, setParams, whereParams };
}

/** One save's compare-and-swap in a group commit: the values written for the expected version, and the new ones. */
interface CasEntry { tenant: string; id: string; expectedVersion: number; before: readonly (string | number | null)[]; after: readonly (string | number | null)[] }

/**
 * The compare-and-swap UPDATEs of a group's saves as one statement: `WITH v(…) AS (SELECT … FROM json_each(?))
 * UPDATE audits SET … FROM v`. It sets the columns that change in any of them (each row gets its own new values) and
 * compares every other column with the values expected, as {@link narrowUpdate} does for one. Each entry
 * names a different audit (db.ts `deferUpdate`), so the group succeeded when the changes equal the entries.
 */
function casStatements(entries: readonly CasEntry[]): { sql: string; params: string[] }[] {
  const changing = new Set<number>();
  for (const e of entries) {
    for (let i = 0; i < UPDATE_COLUMNS.length; i++) if (i !== VERSION_INDEX && e.before[i] !== e.after[i]) changing.add(i);
  }
  const names = UPDATE_COLUMNS.map((c, i) => (i === VERSION_INDEX ? 'new_version' : c));
  const set = [...changing].map((i) => `${UPDATE_COLUMNS[i]} = v.${UPDATE_COLUMNS[i]}`);
  set.push('version = v.new_version');
  const same = UPDATE_COLUMNS.flatMap((c, i) => (i === VERSION_INDEX || changing.has(i) ? [] : [` AND audits.${c} IS v.${c}`])).join('');
  // Every save as one row of ONE JSON parameter (db.ts `jsonRowsSelect`): one string to bind, whatever the group's size.
  const sql = `WITH v(v_tenant, v_id, v_expected, ${names.join(', ')}) AS (${jsonRowsSelect(3 + UPDATE_COLUMNS.length)})
    UPDATE audits SET ${set.join(', ')} FROM v
     WHERE audits.tenant = v.v_tenant AND audits.id = v.v_id AND audits.version = v.v_expected${same}`;
  return [{ sql, params: [JSON.stringify(entries.map((e) => [e.tenant, e.id, e.expectedVersion, ...e.after]))] }];
}

function sqliteCore(db: SqliteDb): QaStorage {
  /**
   * Writes the sections of `audit` that `changed` names (all of them when absent): rows for sections
   * it has are inserted or updated in one statement, rows for sections it no longer has are deleted.
   * Unchanged rows are not touched, so their report triggers do not fire either.
   */
  async function writeSections(tx: SqlTx, tenant: string, audit: Audit, changed?: readonly string[], rows?: SectionRows): Promise<void> {
    const { kept, removed, values } = rows ?? sectionRows(tenant, audit, changed);
    if (removed.length > 0) {
      await tx.run(`DELETE FROM audit_sections WHERE tenant = ? AND audit_id = ? AND section_id IN (${removed.map(() => '?').join(', ')})`, [tenant, audit.id, ...removed]);
    }
    if (removed.length === 0 && tx.deferRows) {
      // In a group commit: one statement for the whole group's section rows (db.ts `deferRows`).
      tx.deferRows(SECTION_UPSERT_HEAD, SECTION_UPSERT_TAIL, 11, values);
      return;
    }
    // 11 values a row: chunks of 80 rows stay far under SQLite's limit on bound values.
    for (let i = 0; i < kept.length; i += 80) {
      const chunk = kept.slice(i, i + 80);
      await tx.run(
        `${SECTION_UPSERT_HEAD} VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')} ${SECTION_UPSERT_TAIL}`,
        chunk.flatMap((id) => [tenant, audit.id, id, ...sectionValues(audit.sections[id]!)]),
      );
    }
  }

  /** The sections of `next` that differ from the rows stored for it (added, changed or removed). */
  async function changedSectionsOf(tx: SqlTx, tenant: string, next: Audit): Promise<string[]> {
    const rows = await tx.all<SectionRow>(
      `SELECT section_id, criteria_met, grade, suggested_grade, override_reason, comment, saved_at, cannot_tell, nil_statement
         FROM audit_sections WHERE tenant = ? AND audit_id = ?`,
      [tenant, next.id],
    );
    const changed: string[] = [];
    const stored = new Set<string>();
    for (const row of rows) {
      stored.add(row.section_id);
      const section = next.sections[row.section_id];
      const now = section ? sectionValues(section) : null;
      const before = [row.criteria_met, row.grade, row.suggested_grade, row.override_reason, row.comment, row.saved_at, row.cannot_tell, row.nil_statement];
      if (!now || now.some((v, i) => v !== before[i])) changed.push(row.section_id);
    }
    for (const id of Object.keys(next.sections)) if (!stored.has(id)) changed.push(id);
    return changed;
  }

  async function insertAudit(tx: SqlTx, tenant: string, audit: Audit): Promise<Audit> {
    const exists = await tx.get('SELECT 1 AS found FROM audits WHERE tenant = ? AND id = ?', [tenant, audit.id]);
    if (exists) throw new DuplicateIdError('audit', audit.id);
    const columnValues = auditColumnValues(audit);
    await tx.run(
      `INSERT INTO audits (tenant, ${AUDIT_COLUMNS}) VALUES (?, ${Array(23).fill('?').join(', ')})`,
      [tenant, audit.id, ...columnValues],
    );
    remember(tenant, audit.id, columnValues);
    await writeSections(tx, tenant, audit);
    return copyData(audit);
  }

  /**
   * The column values (after `id`) this storage last wrote for an audit, by tenant and id: the
   * "before" of its next compare-and-swap, so that UPDATE sets only the columns that change
   * ({@link narrowUpdate}). Only a hint: the UPDATE checks every column it leaves alone, so a stale
   * or rolled-back entry costs a second, full UPDATE and never a wrong row. Bounded, oldest out first.
   */
  const lastWritten = new Map<string, (string | number | null)[]>();
  const remember = (tenant: string, id: string, values: (string | number | null)[]) => {
    const key = `${tenant}\u0000${id}`;
    lastWritten.delete(key);
    lastWritten.set(key, values);
    if (lastWritten.size > LAST_WRITTEN_MAX) lastWritten.delete(lastWritten.keys().next().value!);
  };

  async function updateAuditTx(tx: SqlTx, tenant: string, next: Audit, expectedVersion: number, changedSections?: readonly string[], prepared?: PreparedUpdate): Promise<WriteResult<Audit>> {
    const { stored, values, rows } = prepared ?? prepareUpdate(tenant, next, expectedVersion, changedSections);
    const key = `${tenant}\u0000${next.id}`;
    const before = lastWritten.get(key);
    lastWritten.delete(key);
    // The compare-and-swap UPDATE: it does not depend on rows a group commit has deferred (sections, trail).
    const runCas = tx.runBeforeDeferred ?? tx.run;
    let changes = 0;
    if (before && before[VERSION_INDEX] === expectedVersion) {
      if (tx.deferUpdate) {
        // In a group commit: the group's compare-and-swap UPDATEs go in one statement (casStatements), checked
        // there; if any matches no row, the group is written again with each write checking its own.
        await tx.deferUpdate<CasEntry>('audits-cas', key, { tenant, id: next.id, expectedVersion, before, after: values }, casStatements);
        remember(tenant, next.id, values);
        await writeSections(tx, tenant, stored, changedSections ?? (await changedSectionsOf(tx, tenant, stored)), rows);
        return { ok: true, value: stored };
      }
      // Sets only the columns whose value changes: SQLite then rewrites only the indexes on those columns and
      // fires only the triggers on them. Every other column must still hold its value, or nothing is updated.
      const narrow = narrowUpdate(before, values);
      changes = (await runCas(narrow.sql, [...narrow.setParams, tenant, next.id, expectedVersion, ...narrow.whereParams])).changes;
    }
    if (changes === 0) changes = (await runCas(FULL_UPDATE, [...values, tenant, next.id, expectedVersion])).changes;
    if (changes === 0) {
      const current = await tx.get<{ version: number }>('SELECT version FROM audits WHERE tenant = ? AND id = ?', [tenant, next.id]);
      return current ? { ok: false, reason: 'conflict', currentVersion: current.version } : { ok: false, reason: 'not-found' };
    }
    remember(tenant, next.id, values);
    // The caller's list of changed sections is exact once the version matched; without one, compare with the stored rows.
    await writeSections(tx, tenant, stored, changedSections ?? (await changedSectionsOf(tx, tenant, stored)), rows);
    return { ok: true, value: stored };
  }

  async function insertCycle(tx: SqlTx, tenant: string, cycle: Cycle): Promise<Cycle> {
    const exists = await tx.get('SELECT 1 AS found FROM cycles WHERE tenant = ? AND id = ?', [tenant, cycle.id]);
    if (exists) throw new DuplicateIdError('cycle', cycle.id);
    await tx.run(
      'INSERT INTO cycles (tenant, id, name, start_date, end_date, kpi_target, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [tenant, cycle.id, cycle.name, cycle.startDate, cycle.endDate, cycle.kpiTarget ? JSON.stringify(cycle.kpiTarget) : null, cycle.createdAt],
    );
    return structuredClone(cycle);
  }

  return {
    async createAudit(tenant, audit) {
      return db.groupWrite((tx) => insertAudit(tx, tenant, audit));
    },

    async getAudit(tenant, auditId) {
      // One statement: the audit row with its sections as one JSON array (no transaction needed).
      const row = await db.readOne<AuditRow & { sections: string }>(
        `SELECT ${AUDIT_COLUMNS}, ${SECTIONS_JSON} AS sections FROM audits WHERE tenant = ? AND id = ?`,
        [tenant, auditId],
      );
      if (!row) return null;
      return toAudit(row, sectionRowsFromJson(auditId, row.sections));
    },

    async listAudits(tenant, filter: AuditFilter, page: PageRequest): Promise<Page<Audit>> {
      const limit = pageSize(page.limit);
      const { where, params } = auditListWhere(tenant, filter, page);
      // One statement: the page of audits, each with its sections as one JSON array.
      const rows = await db.readAll<AuditRow & { sections: string }>(
        `SELECT ${AUDIT_COLUMNS}, ${SECTIONS_JSON} AS sections FROM audits WHERE ${where} ORDER BY started_at DESC, id DESC LIMIT ?`,
        [...params, limit + 1],
      );
      const items = rows.slice(0, limit).map((r) => toAudit(r, sectionRowsFromJson(r.id, r.sections)));
      const last = items.at(-1);
      return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.startedAt, last.id]) : null };
    },

    async listAuditVersions(tenant, filter: AuditFilter, page: PageRequest) {
      const limit = pageSize(page.limit);
      const { where, params } = auditListWhere(tenant, filter, page);
      const rows = await db.readAll<{ id: string; version: number; started_at: string }>(
        `SELECT id, version, started_at FROM audits WHERE ${where} ORDER BY started_at DESC, id DESC LIMIT ?`,
        [...params, limit + 1],
      );
      const items = rows.slice(0, limit).map((r) => ({ id: r.id, version: r.version }));
      const last = rows[limit - 1];
      return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.started_at, last.id]) : null };
    },

    async updateAudit(tenant, next, expectedVersion): Promise<WriteResult<Audit>> {
      return db.groupWrite((tx) => updateAuditTx(tx, tenant, next, expectedVersion));
    },

    async listAuditsForReport(tenant, filter: ReportFilter): Promise<AuditReportRow[]> {
      const { where, params } = reportWhere(tenant, filter);
      return db.read(async (tx) => {
        const rows = await tx.all<AuditRow>(`SELECT ${AUDIT_COLUMNS} FROM audits WHERE ${where} ORDER BY started_at, id`, params);
        const sections = await tx.all<SectionRow & { audit_id: string }>(
          `SELECT s.audit_id, s.section_id, s.criteria_met, s.grade, s.nil_statement, s.cannot_tell FROM audit_sections s
             JOIN audits ON audits.tenant = s.tenant AND audits.id = s.audit_id
            WHERE ${where} ORDER BY s.section_id`,
          params,
        );
        type Extra = Pick<AuditReportRow, 'sectionGrades' | 'criteriaMet' | 'nilStatements' | 'cannotTell'>;
        const byAudit = new Map<string, Extra>();
        for (const r of rows) byAudit.set(r.id, { sectionGrades: {}, criteriaMet: {} });
        for (const s of sections) {
          const entry = byAudit.get(s.audit_id);
          if (!entry) continue;
          entry.sectionGrades[s.section_id] = s.grade;
          entry.criteriaMet[s.section_id] = JSON.parse(s.criteria_met as string) as string[];
          if (s.nil_statement !== null) (entry.nilStatements ??= {})[s.section_id] = s.nil_statement === 1;
          if (s.cannot_tell !== null) (entry.cannotTell ??= {})[s.section_id] = JSON.parse(s.cannot_tell as string) as string[];
        }
        return rows.map((r) => {
          const a = toAudit(r, []);
          const extra = byAudit.get(r.id)!;
          return {
            id: a.id, planRef: a.planRef, cycleId: a.cycleId, frameworkId: a.frameworkId, frameworkVersion: a.frameworkVersion,
            plan: a.plan, auditorId: a.auditorId, auditorRole: a.auditorRole, status: a.status, startedAt: a.startedAt,
            completedAt: a.completedAt, activeSeconds: a.activeSeconds, overallGrade: r.overall_grade, ...extra,
            ...(a.facts ? { facts: a.facts } : {}),
          };
        });
      });
    },

    async summarizeAudits(tenant, filter: ReportFilter): Promise<AuditGradeSummary> {
      const { where, params } = reportWhere(tenant, filter);
      return db.read(async (tx) => {
        const count = await tx.get<{ n: number }>(`SELECT count(*) AS n FROM audits WHERE ${where}`, params);
        const overall = await tx.all<{ grade: string; n: number }>(
          `SELECT overall_grade AS grade, count(*) AS n FROM audits WHERE ${where} AND overall_grade IS NOT NULL GROUP BY overall_grade`,
          params,
        );
        const sections = await tx.all<{ section_id: string; grade: string; n: number }>(
          `SELECT s.section_id, s.grade, count(*) AS n FROM audit_sections s
             JOIN audits ON audits.tenant = s.tenant AND audits.id = s.audit_id
            WHERE ${where} AND s.grade IS NOT NULL
            GROUP BY s.section_id, s.grade`,
          params,
        );
        const summary: AuditGradeSummary = { audits: count?.n ?? 0, overall: {}, sections: {} };
        for (const o of overall) summary.overall[o.grade] = o.n;
        for (const s of sections) (summary.sections[s.section_id] ??= {})[s.grade] = s.n;
        return summary;
      });
    },

    async createCycle(tenant, cycle) {
      return db.groupWrite((tx) => insertCycle(tx, tenant, cycle));
    },
    async getCycle(tenant, cycleId) {
      const row = await db.readOne<CycleRow>('SELECT id, name, start_date, end_date, kpi_target, created_at FROM cycles WHERE tenant = ? AND id = ?', [tenant, cycleId]);
      return row ? toCycle(row) : null;
    },
    async listCycles(tenant) {
      const rows = await db.readAll<CycleRow>(
        'SELECT id, name, start_date, end_date, kpi_target, created_at FROM cycles WHERE tenant = ? ORDER BY start_date DESC, id',
        [tenant],
      );
      return rows.map(toCycle);
    },

    async putRecord<T>(tenant: string, collection: string, id: string, data: T, options: { expectedVersion?: number | null } = {}): Promise<WriteResult<StoredRecord<T>>> {
      assertRecordNames(collection, id);
      const json = JSON.stringify(data);
      if (json === undefined) throw new Error('record data must be JSON');
      return db.groupWrite(async (tx) => {
        const current = await tx.get<RecordRow>(
          'SELECT collection, id, version, data, created_at, updated_at FROM records WHERE tenant = ? AND collection = ? AND id = ?',
          [tenant, collection, id],
        );
        const expected = options.expectedVersion;
        if (expected === null && current) return { ok: false, reason: 'conflict', currentVersion: current.version };
        if (typeof expected === 'number') {
          if (!current) return { ok: false, reason: 'not-found' };
          if (current.version !== expected) return { ok: false, reason: 'conflict', currentVersion: current.version };
        }
        const now = new Date().toISOString();
        const record: StoredRecord<T> = {
          collection, id, version: (current?.version ?? 0) + 1, data: JSON.parse(json) as T, createdAt: current?.created_at ?? now, updatedAt: now,
        };
        if (current) {
          await tx.run('UPDATE records SET version = ?, data = ?, updated_at = ? WHERE tenant = ? AND collection = ? AND id = ?',
            [record.version, json, now, tenant, collection, id]);
        } else {
          await tx.run('INSERT INTO records (tenant, collection, id, version, data, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
            [tenant, collection, id, record.version, json, now, now]);
        }
        return { ok: true, value: record };
      });
    },
    async getRecord<T>(tenant: string, collection: string, id: string) {
      assertRecordNames(collection, id);
      const row = await db.readOne<RecordRow>(
        'SELECT collection, id, version, data, created_at, updated_at FROM records WHERE tenant = ? AND collection = ? AND id = ?',
        [tenant, collection, id],
      );
      return row ? toRecord<T>(row) : null;
    },
    async listRecords<T>(tenant: string, collection: string, query: RecordQuery = {}): Promise<Page<StoredRecord<T>>> {
      assertRecordNames(collection, undefined, query.where);
      const limit = pageSize(query.limit);
      const where = ['tenant = ?', 'collection = ?'];
      const params: (string | number)[] = [tenant, collection];
      for (const [field, value] of Object.entries(query.where ?? {})) {
        const path = `$.${field}`;
        if (value === null) {
          where.push("json_type(data, ?) = 'null'");
          params.push(path);
        } else if (typeof value === 'boolean') {
          where.push('json_type(data, ?) = ?');
          params.push(path, value ? 'true' : 'false');
        } else if (typeof value === 'number') {
          where.push("json_type(data, ?) IN ('integer', 'real') AND json_extract(data, ?) = ?");
          params.push(path, path, value);
        } else {
          where.push("json_type(data, ?) = 'text' AND json_extract(data, ?) = ?");
          params.push(path, path, value);
        }
      }
      if (query.cursor !== undefined) {
        const after = decodeCursor(query.cursor, 2);
        if (!after) throw new InvalidCursorError();
        where.push('(created_at, id) > (?, ?)');
        params.push(String(after[0]), String(after[1]));
      }
      const rows = await db.readAll<RecordRow>(
        `SELECT collection, id, version, data, created_at, updated_at FROM records WHERE ${where.join(' AND ')} ORDER BY created_at, id LIMIT ?`,
        [...params, limit + 1],
      );
      const items = rows.slice(0, limit).map((r) => toRecord<T>(r));
      const last = items.at(-1);
      return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.createdAt, last.id]) : null };
    },
    async writeBatch(tenant, batch): Promise<BatchResult> {
      assertBatchNames(batch);
      const json = (batch.records ?? []).map((r) => {
        const text = JSON.stringify(r.data);
        if (text === undefined) throw new Error('record data must be JSON');
        return text;
      });
      // Everything that does not depend on what is stored is built here, before the write joins a group commit: the
      // group's writes run one after another while it holds the writer, so their own work there is kept to a minimum.
      const now = new Date().toISOString();
      const updates = (batch.updateAudits ?? []).map((u) => ({ ...u, prepared: prepareUpdate(tenant, u.next, u.expectedVersion, u.changedSections) }));
      const preparedTrail = prepareTrail(tenant, batch.trail ?? [], now);
      const detailsJson = preparedTrail.map((p) => JSON.stringify(p.entry.details));
      try {
        return await db.groupWrite(async (tx) => {
          const audits: Audit[] = [];
          for (const a of batch.createAudits ?? []) audits.push(await insertAudit(tx, tenant, a));
          const updatedAudits: Audit[] = [];
          for (const { next, expectedVersion, changedSections, prepared } of updates) {
            const result = await updateAuditTx(tx, tenant, next, expectedVersion, changedSections, prepared);
            if (!result.ok) {
              throw new Refused(result.reason === 'conflict'
                ? { ok: false, reason: 'conflict', collection: 'audits', id: next.id, currentVersion: result.currentVersion }
                : { ok: false, reason: 'not-found', collection: 'audits', id: next.id });
            }
            updatedAudits.push(result.value);
          }
          const cycles: Cycle[] = [];
          for (const c of batch.createCycles ?? []) cycles.push(await insertCycle(tx, tenant, c));
          const records: StoredRecord[] = [];
          for (const [i, r] of (batch.records ?? []).entries()) {
            const current = await tx.get<RecordRow>(
              'SELECT collection, id, version, data, created_at, updated_at FROM records WHERE tenant = ? AND collection = ? AND id = ?',
              [tenant, r.collection, r.id],
            );
            if (r.expectedVersion === null && current) throw new Refused({ ok: false, reason: 'conflict', collection: r.collection, id: r.id, currentVersion: current.version });
            if (typeof r.expectedVersion === 'number') {
              if (!current) throw new Refused({ ok: false, reason: 'not-found', collection: r.collection, id: r.id });
              if (current.version !== r.expectedVersion) throw new Refused({ ok: false, reason: 'conflict', collection: r.collection, id: r.id, currentVersion: current.version });
            }
            const version = (current?.version ?? 0) + 1;
            if (current) {
              await tx.run('UPDATE records SET version = ?, data = ?, updated_at = ? WHERE tenant = ? AND collection = ? AND id = ?',
                [version, json[i]!, now, tenant, r.collection, r.id]);
            } else {
              await tx.run('INSERT INTO records (tenant, collection, id, version, data, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
                [tenant, r.collection, r.id, version, json[i]!, now, now]);
            }
            if (r.unique) {
              await tx.run('DELETE FROM record_keys WHERE tenant = ? AND collection = ? AND record_id = ?', [tenant, r.collection, r.id]);
              for (const key of r.unique) {
                const held = await tx.get<{ record_id: string }>('SELECT record_id FROM record_keys WHERE tenant = ? AND collection = ? AND key = ?', [tenant, r.collection, key]);
                if (held) throw new Refused({ ok: false, reason: 'duplicate-key', collection: r.collection, id: r.id, key });
                await tx.run('INSERT INTO record_keys (tenant, collection, key, record_id) VALUES (?, ?, ?, ?)', [tenant, r.collection, key, r.id]);
              }
            }
            records.push({ collection: r.collection, id: r.id, version, data: JSON.parse(json[i]!) as unknown, createdAt: current?.created_at ?? now, updatedAt: now });
          }
          for (const id of batch.deleteAudits ?? []) await tx.run('DELETE FROM audits WHERE tenant = ? AND id = ?', [tenant, id]); // sections cascade
          for (const { collection, id } of batch.deleteRecords ?? []) await tx.run('DELETE FROM records WHERE tenant = ? AND collection = ? AND id = ?', [tenant, collection, id]); // keys cascade
          for (const seq of batch.tombstoneTrail ?? []) {
            await tx.run(
              `UPDATE audit_trail SET actor = '', operation = 'tombstone', subject_type = 'plan', subject_id = '', audit_id = NULL,
                 before_version = NULL, after_version = NULL, details = '{}', tombstone = 1 WHERE tenant = ? AND seq = ?`,
              [tenant, seq],
            );
          }
          // The head of the chain: from the previous write of this group commit when there was one.
          const memoKey = `trail-head:${tenant}`;
          const last = tx.groupMemo?.has(memoKey)
            ? (tx.groupMemo.get(memoKey) as { seq: number; hash: string } | null)
            // Not yet known in this group, so no entry of this tenant waits in it: the read need not write the group's rows first.
            : (await (tx.getBeforeDeferred ?? tx.get)<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_trail WHERE tenant = ? ORDER BY seq DESC LIMIT 1', [tenant]));
          const trail = chainPrepared(tenant, last ?? null, preparedTrail);
          const head = trail.at(-1);
          if (head) tx.groupMemo?.set(memoKey, { seq: head.seq, hash: head.hash });
          else tx.groupMemo?.set(memoKey, last ?? null);
          const trailHead = 'INSERT INTO audit_trail (tenant, seq, at, actor, operation, subject_type, subject_id, audit_id, before_version, after_version, details, prev_hash, hash)';
          for (const [i, e] of trail.entries()) {
            const values = [tenant, e.seq, e.at, e.actor, e.operation, e.subjectType, e.subjectId, e.auditId, e.beforeVersion, e.afterVersion, detailsJson[i]!, e.prevHash, e.hash];
            // In a group commit, one statement for the whole group's entries (db.ts `deferRows`).
            if (tx.deferRows) tx.deferRows(trailHead, '', 13, values);
            else await tx.run(`${trailHead} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, values);
          }
          return { ok: true as const, audits, updatedAudits, cycles, records, trail };
        });
      } catch (error) {
        if (error instanceof Refused) return error.result;
        throw error;
      }
    },
    async listAuditTrail(tenant, filter: TrailFilter, page: PageRequest): Promise<Page<TrailEntry>> {
      const limit = pageSize(page.limit);
      const where = ['tenant = ?'];
      const params: (string | number)[] = [tenant];
      if (page.cursor !== undefined) {
        const parts = decodeCursor(page.cursor, 1);
        if (!parts || typeof parts[0] !== 'number') throw new InvalidCursorError();
        where.push('seq > ?');
        params.push(parts[0]);
      }
      if (filter.auditId !== undefined) { where.push('audit_id = ?'); params.push(filter.auditId); }
      if (filter.actor !== undefined) { where.push('actor = ?'); params.push(filter.actor); }
      if (filter.from !== undefined) { where.push('at >= ?'); params.push(filter.from); }
      if (filter.to !== undefined) { where.push('at < ?'); params.push(filter.to); }
      const rows = await db.readAll<TrailRow>(
        `SELECT seq, at, actor, operation, subject_type, subject_id, audit_id, before_version, after_version, details, prev_hash, hash, tombstone
           FROM audit_trail WHERE ${where.join(' AND ')} ORDER BY seq LIMIT ?`,
        [...params, limit + 1],
      );
      const items = rows.slice(0, limit).map(toTrailEntry);
      const last = items.at(-1);
      return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.seq]) : null };
    },
    async deleteRecord(tenant, collection, id) {
      assertRecordNames(collection, id);
      const result = await db.groupWrite((tx) => tx.run('DELETE FROM records WHERE tenant = ? AND collection = ? AND id = ?', [tenant, collection, id]));
      return result.changes > 0;
    },

    close: () => db.close(),
  };
}

/** A section's column values after the ids, in the order `writeSections` binds them. */
/** A save's section rows: the ids to upsert and to delete, and the upsert's values (11 a row, ids first). */
interface SectionRows { kept: string[]; removed: string[]; values: (string | number | null)[] }

/** The rows for the sections of `audit` that `changed` names (all of them when absent). */
function sectionRows(tenant: string, audit: Audit, changed?: readonly string[]): SectionRows {
  const ids = changed ?? Object.keys(audit.sections);
  const kept = ids.filter((id) => audit.sections[id] !== undefined);
  const removed = ids.filter((id) => audit.sections[id] === undefined);
  return { kept, removed, values: kept.flatMap((id) => [tenant, audit.id, id, ...sectionValues(audit.sections[id]!)]) };
}

/**
 * Thrown inside a batch's transaction to roll it back with a result (a version conflict, a missing row, a
 * duplicate key). Defined once, not per batch: a class made on every call costs a save its own prototype and
 * hidden classes. A batch's error reaches only that batch's promise, so `instanceof` still means "this batch refused".
 */
class Refused {
  constructor(readonly result: BatchResult) {}
}

/**
 * The audit a save returns: a copy of `next`, except that when the caller names the sections it changed, the
 * others are returned as the caller gave them (they were read from what is stored, and an adapter with its read
 * cache keeps its own frozen copies of them anyway: copying all twelve to keep one was most of a save's copying).
 */
function copyOfUpdate(next: Audit, changedSections?: readonly string[]): Audit {
  if (!changedSections) return copyData(next);
  const sections: Audit['sections'] = { ...next.sections };
  for (const id of changedSections) if (sections[id] !== undefined) sections[id] = copyData(sections[id]!);
  // Key by key, in the caller's order: the answer's JSON keeps its field order.
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(next)) out[key] = key === 'sections' ? sections : copyData((next as unknown as Record<string, unknown>)[key]);
  return out as unknown as Audit;
}

/** An audit update's stored form, column values and (when the changed sections are known) section rows, built before the write's transaction. */
interface PreparedUpdate { stored: Audit; values: (string | number | null)[]; rows?: SectionRows }

function prepareUpdate(tenant: string, next: Audit, expectedVersion: number, changedSections?: readonly string[]): PreparedUpdate {
  const stored: Audit = { ...copyOfUpdate(next, changedSections), version: expectedVersion + 1 };
  return { stored, values: auditColumnValues(stored), ...(changedSections ? { rows: sectionRows(tenant, stored, changedSections) } : {}) };
}

function sectionValues(s: SectionRecord): (string | number | null)[] {
  return [JSON.stringify(s.criteriaMet), s.grade, s.suggestedGrade, s.overrideReason, s.comment, s.savedAt,
    s.cannotTell !== undefined ? JSON.stringify(s.cannotTell) : null, s.nilStatement === undefined ? null : s.nilStatement ? 1 : 0];
}

/** The WHERE clause of a page of `listAudits` (and of `listAuditVersions`, the same page). */
function auditListWhere(tenant: string, filter: AuditFilter, page: PageRequest): { where: string; params: (string | number)[] } {
  const where = ['tenant = ?'];
  const params: (string | number)[] = [tenant];
  const add = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    where.push(`${column} = ?`);
    params.push(value);
  };
  add('cycle_id', filter.cycleId);
  add('status', filter.status);
  add('plan_ref', filter.planRef);
  add('auditor_id', filter.auditorId);
  add('framework_id', filter.frameworkId);
  add('caseworker_ref', filter.caseworkerRef);
  if (page.cursor !== undefined) {
    const after = decodeCursor(page.cursor, 2);
    if (!after) throw new InvalidCursorError();
    where.push('(started_at, id) < (?, ?)');
    params.push(String(after[0]), String(after[1]));
  }
  return { where: where.join(' AND '), params };
}

function reportWhere(tenant: string, f: ReportFilter): { where: string; params: string[] } {
  const clauses = ['audits.tenant = ?'];
  const params: string[] = [tenant];
  const eq = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    clauses.push(`audits.${column} = ?`);
    params.push(value);
  };
  eq('cycle_id', f.cycleId);
  eq('status', f.status);
  eq('framework_id', f.frameworkId);
  eq('framework_version', f.frameworkVersion);
  eq('plan_type', f.planType);
  eq('phase', f.phase);
  eq('primary_need', f.primaryNeed);
  eq('setting_type', f.settingType);
  eq('team_ref', f.teamRef);
  eq('caseworker_ref', f.caseworkerRef);
  eq('auditor_id', f.auditorId);
  eq('auditor_role', f.auditorRole);
  if (f.completedFrom !== undefined) {
    clauses.push('audits.completed_at >= ?');
    params.push(f.completedFrom);
  }
  if (f.completedTo !== undefined) {
    clauses.push('audits.completed_at < ?');
    params.push(f.completedTo);
  }
  return { where: clauses.join(' AND '), params };
}

/** Section rows from the JSON array the one-statement audit read builds (see `getAudit`). */
function sectionRowsFromJson(auditId: string, json: string): SectionRow[] {
  type Cells = [string, string[], string | null, string, string | null, string | null, string, string[] | null, number | null];
  return (JSON.parse(json) as Cells[]).map(([section_id, criteria, grade, suggested_grade, override_reason, comment, saved_at, cannot, nil_statement]) => ({
    audit_id: auditId, section_id, criteria_met: criteria, grade, suggested_grade, override_reason, comment, saved_at, cannot_tell: cannot, nil_statement,
  }));
}

function toAudit(r: AuditRow, sections: readonly SectionRow[]): Audit {
  const plan: Audit['plan'] = {
    planType: r.plan_type as Audit['plan']['planType'],
    phase: r.phase as Audit['plan']['phase'],
    primaryNeed: r.primary_need as Audit['plan']['primaryNeed'],
    settingType: r.setting_type as Audit['plan']['settingType'],
  };
  if (r.team_ref !== null) plan.teamRef = r.team_ref;
  if (r.caseworker_ref !== null) plan.caseworkerRef = r.caseworker_ref;
  const bySection: Record<string, SectionRecord> = {};
  for (const s of sections) {
    bySection[s.section_id] = {
      criteriaMet: typeof s.criteria_met === 'string' ? (JSON.parse(s.criteria_met) as string[]) : s.criteria_met,
      grade: s.grade,
      suggestedGrade: s.suggested_grade,
      overrideReason: s.override_reason,
      comment: s.comment,
      savedAt: s.saved_at,
    };
    if (s.cannot_tell !== null) bySection[s.section_id]!.cannotTell = typeof s.cannot_tell === 'string' ? (JSON.parse(s.cannot_tell) as string[]) : s.cannot_tell;
    if (s.nil_statement !== null) bySection[s.section_id]!.nilStatement = s.nil_statement === 1;
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
    sections: bySection,
    overall: r.overall ? (JSON.parse(r.overall) as Audit['overall']) : null,
    startedAt: r.started_at,
    updatedAt: r.updated_at,
    completedAt: r.completed_at,
    activeSeconds: r.active_seconds,
    reopenings: JSON.parse(r.reopenings) as Audit['reopenings'],
    ...(r.facts !== null ? { facts: JSON.parse(r.facts) as Record<string, string> } : {}),
  };
}

function toCycle(r: CycleRow): Cycle {
  return {
    id: r.id,
    name: r.name,
    startDate: r.start_date,
    endDate: r.end_date,
    kpiTarget: r.kpi_target ? (JSON.parse(r.kpi_target) as Cycle['kpiTarget']) : null,
    createdAt: r.created_at,
  };
}

function toRecord<T>(r: RecordRow): StoredRecord<T> {
  return { collection: r.collection, id: r.id, version: r.version, data: JSON.parse(r.data) as T, createdAt: r.created_at, updatedAt: r.updated_at };
}

function sqliteBackdoor(db: SqliteDb): SqliteBackdoor {
  return {
    async tamperTrail(tenant, seq, patch) {
      const columns: Record<string, string> = { tombstone: 'tombstone', actor: 'actor', operation: 'operation', afterVersion: 'after_version', beforeVersion: 'before_version', details: 'details', hash: 'hash', prevHash: 'prev_hash', at: 'at' };
      for (const [key, value] of Object.entries(patch)) {
        const column = columns[key];
        if (!column) throw new Error(`tamperTrail cannot change ${key}`);
        await db.run(`UPDATE audit_trail SET ${column} = ? WHERE tenant = ? AND seq = ?`, [key === 'details' ? JSON.stringify(value) : key === 'tombstone' ? (value ? 1 : 0) : (value as string | number | null), tenant, seq]);
      }
    },
    async readAudit(tenant, auditId) {
      const row = await db.get<{ version: number; status: string }>('SELECT version, status FROM audits WHERE tenant = ? AND id = ?', [tenant, auditId]);
      if (!row) return null;
      const sections = await db.all<{ section_id: string }>(
        'SELECT section_id FROM audit_sections WHERE tenant = ? AND audit_id = ? ORDER BY section_id', [tenant, auditId]);
      return { version: row.version, status: row.status, sectionIds: sections.map((s) => s.section_id).sort() };
    },
    async readRecord(tenant, collection, id) {
      const row = await db.get<{ version: number; data: string }>(
        'SELECT version, data FROM records WHERE tenant = ? AND collection = ? AND id = ?', [tenant, collection, id]);
      return row ? { version: row.version, data: JSON.parse(row.data) } : null;
    },
  };
}
