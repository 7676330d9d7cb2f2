/**
 * Schema migrations for the SQLite backend, versioned in code and applied in `id`
 * order when the database opens. Each runs in its own transaction and is recorded
 * in `schema_migrations`; one that is already recorded never runs again.
 *
 * Id ranges, so features never collide:
 *   1–199  core (audits, cycles, records)
 *   200–299 reports    300–399 moderation    400–499 benchmark
 *   500–599 audit trail    600–699 feedback    700–799 contributions    800–899 planning
 * A feature contributes its migrations through its `SqliteFeature` (features.ts).
 * Never edit a migration that has shipped: add a new one.
 */
import type { SqliteDb } from './db.js';

export interface SqliteMigration {
  id: number;
  name: string;
  /** SQL statements, without parameters. */
  up: string;
}

export const coreMigrations: readonly SqliteMigration[] = [
  {
    id: 1,
    name: 'core: cycles, audits, audit sections, records',
    up: `
      CREATE TABLE cycles (
        tenant      TEXT NOT NULL,
        id          TEXT NOT NULL,
        name        TEXT NOT NULL,
        start_date  TEXT NOT NULL,
        end_date    TEXT NOT NULL,
        kpi_target  TEXT,
        created_at  TEXT NOT NULL,
        PRIMARY KEY (tenant, id)
      );
      CREATE TABLE audits (
        tenant            TEXT NOT NULL,
        id                TEXT NOT NULL,
        framework_id      TEXT NOT NULL,
        framework_version TEXT NOT NULL,
        plan_ref          TEXT NOT NULL,
        cycle_id          TEXT,
        auditor_id        TEXT NOT NULL,
        auditor_role      TEXT NOT NULL,
        plan_type         TEXT NOT NULL,
        phase             TEXT NOT NULL,
        primary_need      TEXT NOT NULL,
        setting_type      TEXT NOT NULL,
        team_ref          TEXT,
        caseworker_ref    TEXT,
        status            TEXT NOT NULL CHECK (status IN ('in-progress', 'completed')),
        version           INTEGER NOT NULL CHECK (version >= 1),
        overall           TEXT,
        overall_grade     TEXT,
        started_at        TEXT NOT NULL,
        updated_at        TEXT NOT NULL,
        completed_at      TEXT,
        active_seconds    INTEGER NOT NULL DEFAULT 0 CHECK (active_seconds >= 0),
        reopenings        TEXT NOT NULL DEFAULT '[]',
        PRIMARY KEY (tenant, id),
        FOREIGN KEY (tenant, cycle_id) REFERENCES cycles (tenant, id)
      );
      CREATE INDEX audits_by_started ON audits (tenant, started_at, id);
      CREATE INDEX audits_by_cycle ON audits (tenant, cycle_id, status);
      CREATE INDEX audits_by_auditor ON audits (tenant, auditor_id);
      CREATE INDEX audits_by_plan ON audits (tenant, plan_ref);
      CREATE INDEX audits_by_caseworker ON audits (tenant, caseworker_ref);
      CREATE TABLE audit_sections (
        tenant           TEXT NOT NULL,
        audit_id         TEXT NOT NULL,
        section_id       TEXT NOT NULL,
        criteria_met     TEXT NOT NULL,
        grade            TEXT,
        suggested_grade  TEXT NOT NULL,
        override_reason  TEXT,
        comment          TEXT,
        saved_at         TEXT NOT NULL,
        PRIMARY KEY (tenant, audit_id, section_id),
        FOREIGN KEY (tenant, audit_id) REFERENCES audits (tenant, id) ON DELETE CASCADE
      );
      CREATE TABLE records (
        tenant      TEXT NOT NULL,
        collection  TEXT NOT NULL,
        id          TEXT NOT NULL,
        version     INTEGER NOT NULL CHECK (version >= 1),
        data        TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        PRIMARY KEY (tenant, collection, id)
      );
      CREATE INDEX records_by_created ON records (tenant, collection, created_at, id);
    `,
  },
  {
    id: 10,
    name: 'core: plan facts on audits; "cannot tell" and nil-statement answers on sections (framework ehcp-plan 2.0.0)',
    up: `
      ALTER TABLE audits ADD COLUMN facts TEXT;
      ALTER TABLE audit_sections ADD COLUMN cannot_tell TEXT;
      ALTER TABLE audit_sections ADD COLUMN nil_statement INTEGER CHECK (nil_statement IN (0, 1));
    `,
  },
  {
    id: 20,
    name: 'core: unique keys of records (writeBatch)',
    up: `
      CREATE TABLE record_keys (
        tenant      TEXT NOT NULL,
        collection  TEXT NOT NULL,
        key         TEXT NOT NULL,
        record_id   TEXT NOT NULL,
        PRIMARY KEY (tenant, collection, key),
        FOREIGN KEY (tenant, collection, record_id) REFERENCES records (tenant, collection, id) ON DELETE CASCADE
      );
      CREATE INDEX record_keys_by_record ON record_keys (tenant, collection, record_id);
    `,
  },
  {
    id: 21,
    name: 'core: audit trail (hash-chained, one chain per tenant)',
    up: `
      CREATE TABLE audit_trail (
        tenant          TEXT NOT NULL,
        seq             INTEGER NOT NULL CHECK (seq >= 1),
        at              TEXT NOT NULL,
        actor           TEXT NOT NULL,
        operation       TEXT NOT NULL,
        subject_type    TEXT NOT NULL,
        subject_id      TEXT NOT NULL,
        audit_id        TEXT,
        before_version  INTEGER,
        after_version   INTEGER,
        details         TEXT NOT NULL,
        prev_hash       TEXT NOT NULL,
        hash            TEXT NOT NULL,
        tombstone       INTEGER NOT NULL DEFAULT 0 CHECK (tombstone IN (0, 1)),
        PRIMARY KEY (tenant, seq)
      );
      CREATE INDEX audit_trail_by_audit ON audit_trail (tenant, audit_id, seq);
      CREATE INDEX audit_trail_by_actor ON audit_trail (tenant, actor, seq);
    `,
  },
];

/** Applies every migration not yet recorded, in id order. Throws on duplicate ids. */
export async function applyMigrations(db: SqliteDb, migrations: readonly SqliteMigration[]): Promise<number[]> {
  const ids = new Set<number>();
  for (const m of migrations) {
    if (!Number.isInteger(m.id) || m.id < 1) throw new Error(`migration "${m.name}" needs a positive integer id`);
    if (ids.has(m.id)) throw new Error(`two migrations share id ${m.id}`);
    ids.add(m.id);
  }
  await db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const applied = new Set((await db.all<{ id: number }>('SELECT id FROM schema_migrations')).map((r) => r.id));
  const done: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.id - b.id)) {
    if (applied.has(m.id)) continue;
    await db.transaction(async (tx) => {
      await tx.exec(m.up);
      await tx.run('INSERT INTO schema_migrations (id, name, applied_at) VALUES (?, ?, ?)', [m.id, m.name, new Date().toISOString()]);
    });
    done.push(m.id);
  }
  return done;
}
