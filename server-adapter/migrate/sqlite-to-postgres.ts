/**
 * Moves an SQLite database (every tenant) into PostgreSQL, and proves the move.
 *
 * The rows are copied table by table, exactly (ids, versions, timestamps, the audit
 * trail with its hashes, feature tables), inside ONE PostgreSQL transaction: either
 * everything arrives or nothing does. Tables the database keeps up to date itself
 * (report running counts) are not copied: PostgreSQL's own triggers fill them as the
 * rows arrive. Then the move is verified through the storage interfaces of both sides:
 * row counts per table and tenant, a SHA-256 checksum of every audit (its canonical
 * JSON, read back through `getAudit`) and of every feature record, and each tenant's
 * audit trail re-verified in PostgreSQL with the same head hash.
 *
 * Used by the `ehcp-qa-migrate` command (cli.ts); see docs/storage.md.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { PoolClient } from 'pg';
import { canonicalJson } from '../benchmark/canonical-json.js';
import { verifyAuditTrail } from '../storage/trail.js';
import type { Audit, QaStorage } from '../storage/types.js';
import type { PostgresDb, PostgresStorage } from '../storage/postgres/index.js';
import type { SqliteStorage } from '../storage/sqlite/index.js';

export interface MigrateOptions {
  /** The SQLite file to read (it is opened, and its schema brought up to date, but its data is never changed). */
  sqliteFile: string;
  /** `postgres://…` of the target database. */
  postgresUrl: string;
  /** The PostgreSQL schema to fill. Default: the PostgreSQL storage's default. */
  schema?: string;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
  /** Rows per INSERT statement (default 500). */
  batchRows?: number;
}

export interface TableCount { table: string; tenant: string; source: number; target: number }

export interface MigrateReport {
  tenants: string[];
  /** Rows copied per table (all tenants). */
  copied: Record<string, number>;
  counts: TableCount[];
  audits: number;
  /** SHA-256 over every audit's checksum in tenant and id order: the same on both sides. */
  auditsChecksum: string;
  records: number;
  recordsChecksum: string;
  /** Per tenant: entries in the audit trail and the head hash, verified in PostgreSQL. */
  trails: Record<string, { entries: number; head: string | null }>;
  seconds: number;
}

/** Tables PostgreSQL fills itself from the copied rows (running counts for reports), never copied. */
const DERIVED_TABLES = new Set([
  'report_section_grades', 'report_overall_counts', 'report_grade_counts', 'report_filter_grade_counts', 'report_filter_overall_counts',
]);
/**
 * Columns PostgreSQL has and SQLite does not, computed from SQLite's rows: each section
 * carries its audit's status, framework and cycle in PostgreSQL (so report counts need no join).
 */
const COMPUTED_COLUMNS: Record<string, Record<string, string>> = {
  audit_sections: Object.fromEntries(['status', 'framework_id', 'cycle_id'].map((c) =>
    [c, `(SELECT a.${c} FROM audits a WHERE a.tenant = audit_sections.tenant AND a.id = audit_sections.audit_id)`])),
};
/** SQLite's own bookkeeping. */
const SKIPPED_TABLES = new Set(['schema_migrations']);

/** An error the command reports in one line, without a stack. */
export class MigrateError extends Error {
  override name = 'MigrateError';
}

interface SourceTable { name: string; columns: string[]; key: string[]; hasTenant: boolean }

export async function migrateSqliteToPostgres(options: MigrateOptions): Promise<MigrateReport> {
  const log = options.log ?? (() => {});
  const started = Date.now();
  if (!existsSync(options.sqliteFile)) throw new MigrateError(`The SQLite file ${options.sqliteFile} does not exist.`);
  if (!/^postgres(ql)?:\/\//i.test(options.postgresUrl)) throw new MigrateError('--to must be a PostgreSQL URL: postgres://user@host:5432/database');

  const { createSqliteStorage } = await import('../storage/sqlite/index.js');
  const { createPostgresStorage } = await loadPostgres();

  log(`Opening ${options.sqliteFile}…`);
  const source = await createSqliteStorage({ filename: options.sqliteFile });
  let target: PostgresStorage | undefined;
  try {
    log(`Opening PostgreSQL (schema ${options.schema ?? 'ehcp_qa'}) and bringing its schema up to date…`);
    try {
      target = await createPostgresStorage({ connectionString: options.postgresUrl, ...(options.schema ? { schema: options.schema } : {}) });
    } catch (error) {
      throw new MigrateError(`Cannot open the PostgreSQL database: ${(error as Error).message}`);
    }
    const db = target.db;

    const tables = await sourceTables(source);
    const targetColumns = await columnsOf(db);
    const tenants = await tenantsOf(source, tables);
    log(`Found ${tenants.length} tenant${tenants.length === 1 ? '' : 's'} and ${tables.length} tables to copy.`);

    // Every table must exist in PostgreSQL with every column; otherwise a feature is missing there.
    for (const t of tables) {
      const have = targetColumns.get(t.name);
      const rows = await count(source, t, null);
      if (!have) {
        if (rows === 0) continue;
        throw new MigrateError(`PostgreSQL has no table "${t.name}" (${rows} rows in SQLite): add the feature that owns it to the PostgreSQL storage first.`);
      }
      const missing = t.columns.filter((c) => !have.has(c));
      if (missing.length) throw new MigrateError(`PostgreSQL's table "${t.name}" lacks the columns ${missing.join(', ')}: is it at the same package version?`);
    }
    const copyable = tables.filter((t) => targetColumns.has(t.name));
    if (copyable.some((t) => !t.hasTenant)) {
      throw new MigrateError(`The tables ${copyable.filter((t) => !t.hasTenant).map((t) => t.name).join(', ')} have no tenant column; this command copies tenant-keyed tables only.`);
    }
    const occupied = await targetRows(db, copyable);
    if (occupied.length) {
      throw new MigrateError(
        `The PostgreSQL schema "${db.schema}" already holds data (${occupied.map((o) => `${o.table}: ${o.rows}`).join(', ')}). ` +
          'Migrate into an empty database or schema, so two databases are never mixed.',
      );
    }

    const copied: Record<string, number> = {};
    const client = await db.pool.connect();
    try {
      // One transaction for everything. Each tenant's rows are written as the storage's app role with that
      // tenant set, exactly as the adapter writes them, so row-level security checks every row on the way in.
      await client.query('BEGIN');
      for (const tenant of tenants) {
        await client.query("SELECT set_config('role', $1, true), set_config('search_path', $2, true), set_config('ehcp_qa.tenant', $3, true)", [db.appRole, `"${db.schema}"`, tenant]);
        for (const t of copyable) {
          copied[t.name] = (copied[t.name] ?? 0) + (await copyTable(source, client, t, tenant, targetColumns.get(t.name)!, options.batchRows ?? 500, log));
        }
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error instanceof MigrateError ? error : new MigrateError(`Copying failed, nothing was written to PostgreSQL: ${(error as Error).message}`);
    } finally {
      client.release();
    }
    log(`Copied ${Object.values(copied).reduce((a, b) => a + b, 0).toLocaleString('en-GB')} rows in ${((Date.now() - started) / 1000).toFixed(1)} s. Verifying…`);

    const report = await verify(source, target, copyable, tenants, log);
    return { ...report, copied, seconds: (Date.now() - started) / 1000 };
  } finally {
    await target?.close().catch(() => {});
    await source.close().catch(() => {});
  }
}

/** Compares the two sides through their storage interfaces; throws a MigrateError naming the first difference. */
async function verify(source: SqliteStorage, target: PostgresStorage, tables: SourceTable[], tenants: string[], log: (l: string) => void) {
  const counts: TableCount[] = [];
  for (const tenant of tenants) {
    const inTarget = await target.db.transaction(tenant, async (tx) => {
      const out = new Map<string, number>();
      for (const t of tables) out.set(t.name, Number((await tx.get<{ n: string }>(`SELECT count(*) AS n FROM ${quoteIdent(t.name)} WHERE tenant = $1`, [tenant]))!.n));
      return out;
    }, { readOnly: true });
    for (const t of tables) counts.push({ table: t.name, tenant, source: await count(source, t, tenant), target: inTarget.get(t.name)! });
  }
  const wrong = counts.find((c) => c.source !== c.target);
  if (wrong) throw new MigrateError(`Verification failed: ${wrong.table} of ${wrong.tenant} has ${wrong.source} rows in SQLite but ${wrong.target} in PostgreSQL.`);
  log(`Row counts match in ${counts.length} table-tenant pairs.`);

  const all = createHash('sha256');
  let audits = 0;
  for (const tenant of tenants) {
    for await (const audit of everyAudit(source, tenant)) {
      const copy = await target.getAudit(tenant, audit.id);
      const a = digest(audit);
      if (!copy || digest(copy) !== a) throw new MigrateError(`Verification failed: audit ${audit.id} of ${tenant} reads back differently from PostgreSQL.`);
      all.update(`${tenant}\u0000${audit.id}\u0000${a}\n`);
      audits++;
      if (audits % 5000 === 0) log(`  checked ${audits.toLocaleString('en-GB')} audits…`);
    }
    let inTarget = 0;
    for await (const _ of everyAudit(target, tenant)) inTarget++;
    const inSource = counts.find((c) => c.table === 'audits' && c.tenant === tenant)?.source ?? 0;
    if (inTarget !== inSource) throw new MigrateError(`Verification failed: ${tenant} lists ${inTarget} audits in PostgreSQL, ${inSource} in SQLite.`);
  }
  log(`Every audit (${audits.toLocaleString('en-GB')}) reads back identically (checksum ${all.copy().digest('hex').slice(0, 16)}…).`);

  const recordsHash = createHash('sha256');
  let records = 0;
  for (const tenant of tenants) {
    const collections = await source.db.all<{ collection: string }>('SELECT DISTINCT collection FROM records WHERE tenant = ? ORDER BY collection', [tenant]);
    for (const { collection } of collections) {
      const mine = await everyRecord(source, tenant, collection);
      const theirs = await everyRecord(target, tenant, collection);
      if (mine.length !== theirs.length || mine.some((r, i) => r !== theirs[i])) {
        throw new MigrateError(`Verification failed: the records of "${collection}" of ${tenant} differ between SQLite and PostgreSQL.`);
      }
      for (const r of mine) recordsHash.update(`${tenant}\u0000${collection}\u0000${r}\n`);
      records += mine.length;
    }
  }
  log(`Every feature record (${records.toLocaleString('en-GB')}) reads back identically.`);

  const trails: MigrateReport['trails'] = {};
  for (const tenant of tenants) {
    const [before, after] = [await verifyAuditTrail(source, tenant), await verifyAuditTrail(target, tenant)];
    if (!after.ok || after.entries !== before.entries || after.head !== before.head) {
      throw new MigrateError(`Verification failed: the audit trail of ${tenant} (${before.entries} entries in SQLite) does not verify in PostgreSQL (${after.entries} entries, ${after.firstBroken?.reason ?? 'different head'}).`);
    }
    trails[tenant] = { entries: after.entries, head: after.head };
  }
  log(`Every audit trail verifies in PostgreSQL with the same head hash.`);
  return { tenants, counts, audits, auditsChecksum: all.digest('hex'), records, recordsChecksum: recordsHash.digest('hex'), trails };
}

const digest = (audit: Audit) => createHash('sha256').update(canonicalJson(audit)).digest('hex');

async function* everyAudit(storage: QaStorage, tenant: string): AsyncGenerator<Audit> {
  let cursor: string | undefined;
  do {
    const page = await storage.listAudits(tenant, {}, { limit: 100, ...(cursor ? { cursor } : {}) });
    yield* page.items;
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/** Every record of a collection as canonical JSON (id, version, data, times), in the store's order. */
async function everyRecord(storage: QaStorage, tenant: string, collection: string): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await storage.listRecords(tenant, collection, { limit: 100, ...(cursor ? { cursor } : {}) });
    out.push(...page.items.map((r) => canonicalJson(r)));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

/** The SQLite tables to copy, parents before children (foreign keys). */
async function sourceTables(source: SqliteStorage): Promise<SourceTable[]> {
  const names = (await source.db.all<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"))
    .map((r) => r.name)
    .filter((n) => !DERIVED_TABLES.has(n) && !SKIPPED_TABLES.has(n));
  const info = new Map<string, SourceTable & { parents: string[] }>();
  for (const name of names) {
    const cols = await source.db.all<{ name: string; pk: number }>(`PRAGMA table_info(${quoteIdent(name)})`);
    const fks = await source.db.all<{ table: string }>(`PRAGMA foreign_key_list(${quoteIdent(name)})`);
    const key = cols.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
    info.set(name, { name, columns: cols.map((c) => c.name), key, hasTenant: cols.some((c) => c.name === 'tenant'), parents: fks.map((f) => f.table).filter((t) => t !== name) });
  }
  const ordered: SourceTable[] = [];
  const placed = new Set<string>();
  const visit = (name: string, path: string[]) => {
    if (placed.has(name) || !info.has(name)) return;
    if (path.includes(name)) throw new MigrateError(`The tables ${[...path, name].join(' → ')} refer to each other in a loop.`);
    const t = info.get(name)!;
    for (const p of t.parents) visit(p, [...path, name]);
    placed.add(name);
    const { parents: _p, ...table } = t;
    ordered.push(table);
  };
  for (const name of names) visit(name, []);
  return ordered;
}

async function tenantsOf(source: SqliteStorage, tables: SourceTable[]): Promise<string[]> {
  const union = tables.filter((t) => t.hasTenant).map((t) => `SELECT tenant FROM ${quoteIdent(t.name)}`).join(' UNION ');
  if (!union) return [];
  return (await source.db.all<{ tenant: string }>(`SELECT DISTINCT tenant FROM (${union}) ORDER BY tenant`)).map((r) => r.tenant);
}

async function count(source: SqliteStorage, t: SourceTable, tenant: string | null): Promise<number> {
  const row = await source.db.get<{ n: number }>(`SELECT count(*) AS n FROM ${quoteIdent(t.name)}${tenant !== null ? ' WHERE tenant = ?' : ''}`, tenant !== null ? [tenant] : []);
  return row?.n ?? 0;
}

/** Column name → data type of every table in the storage's schema. */
async function columnsOf(db: PostgresDb): Promise<Map<string, Map<string, string>>> {
  const rows = await db.maintenance((tx) => tx.all<{ table_name: string; column_name: string; data_type: string }>(
    'SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = $1 ORDER BY table_name, ordinal_position',
    [db.schema],
  ));
  const out = new Map<string, Map<string, string>>();
  for (const r of rows) {
    if (!out.has(r.table_name)) out.set(r.table_name, new Map());
    out.get(r.table_name)!.set(r.column_name, r.data_type);
  }
  return out;
}

/** Tables of the target that already hold rows, whatever the tenant (read as the owner, in maintenance mode). */
async function targetRows(db: PostgresDb, tables: SourceTable[]): Promise<{ table: string; rows: number }[]> {
  return db.maintenance(async (tx) => {
    const out: { table: string; rows: number }[] = [];
    for (const t of tables) {
      const n = Number((await tx.get<{ n: string }>(`SELECT count(*) AS n FROM ${quoteIdent(t.name)}`))!.n);
      if (n > 0) out.push({ table: t.name, rows: n });
    }
    return out;
  });
}

/** Copies one tenant's rows of one table (keyset-paged reads, multi-row INSERTs); returns the number copied. */
async function copyTable(source: SqliteStorage, client: PoolClient, t: SourceTable, tenant: string | null, types: Map<string, string>, batchRows: number, log: (l: string) => void): Promise<number> {
  const total = await count(source, t, tenant);
  if (total === 0) return 0;
  const key = t.key.length ? t.key : ['rowid'];
  const rowsPerInsert = Math.max(1, Math.min(batchRows, Math.floor(30000 / (t.columns.length + 3))));
  const computed = Object.entries(COMPUTED_COLUMNS[t.name] ?? {}).filter(([c]) => types.has(c) && !t.columns.includes(c));
  const columns = [...t.columns, ...computed.map(([c]) => c)];
  const columnList = columns.map(quoteIdent).join(', ');
  const selectList = [...t.columns.map(quoteIdent), ...computed.map(([c, expr]) => `${expr} AS ${quoteIdent(c)}`)].join(', ');
  let last: unknown[] | null = null;
  let done = 0;
  let lastLog = Date.now();
  for (;;) {
    const where: string[] = [];
    const params: unknown[] = [];
    if (tenant !== null) { where.push('tenant = ?'); params.push(tenant); }
    if (last) { where.push(`(${key.map(quoteIdent).join(', ')}) > (${key.map(() => '?').join(', ')})`); params.push(...last); }
    const rows = await source.db.all<Record<string, unknown>>(
      `SELECT ${key.includes('rowid') ? 'rowid, ' : ''}${selectList} FROM ${quoteIdent(t.name)}${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY ${key.map(quoteIdent).join(', ')} LIMIT ${rowsPerInsert}`,
      params as never,
    );
    if (!rows.length) break;
    const values: unknown[] = [];
    const tuples = rows.map((row) => `(${columns.map((c) => {
      values.push(convert(row[c], types.get(c)!, t.name, c));
      return `$${values.length}`;
    }).join(', ')})`);
    await client.query(`INSERT INTO ${quoteIdent(t.name)} (${columnList}) VALUES ${tuples.join(', ')}`, values);
    done += rows.length;
    last = key.map((k) => rows.at(-1)![k]);
    if (Date.now() - lastLog > 2000) {
      log(`  ${t.name}${tenant !== null ? ` (${tenant})` : ''}: ${done.toLocaleString('en-GB')} of ${total.toLocaleString('en-GB')} rows`);
      lastLog = Date.now();
    }
  }
  log(`  ${t.name}${tenant !== null ? ` (${tenant})` : ''}: ${done.toLocaleString('en-GB')} rows`);
  return done;
}

/** An SQLite value as the PostgreSQL column wants it (SQLite keeps booleans as 0/1, JSON and times as text). */
function convert(value: unknown, type: string, table: string, column: string): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'boolean') return value === 1 || value === '1' || value === true;
  if (type === 'json' || type === 'jsonb') {
    if (typeof value !== 'string') return JSON.stringify(value);
    try { JSON.parse(value); } catch { throw new MigrateError(`${table}.${column} holds text that is not JSON: ${value.slice(0, 60)}`); }
    return value;
  }
  if (Buffer.isBuffer(value)) return value;
  return value;
}

async function loadPostgres() {
  try {
    return await import('../storage/postgres/index.js');
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') throw new MigrateError('The migration needs the "pg" package: npm install pg');
    throw error;
  }
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
