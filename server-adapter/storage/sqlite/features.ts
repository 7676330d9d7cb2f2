/**
 * Feature modules that keep their own tables in the SQLite file, or push a
 * capability down into SQL.
 *
 * To add one: in your own folder (for example `server-adapter/reports/sqlite.ts`)
 * export a `SqliteFeature`, then add ONE import line and ONE list entry below.
 * Migration ids: reports 200–299, moderation 300–399, benchmark 400–499, audit trail 500–599,
 * feedback 600–699, contributions 700–799, planning 800–899.
 *
 * @example
 * export const reportsSqlite: SqliteFeature = {
 *   name: 'reports',
 *   migrations: [{ id: 200, name: 'reports: narratives', up: 'CREATE TABLE report_narratives (…)' }],
 *   capabilities: (db) => ({
 *     async summarizeAudits(tenant, filter) { … db.all('SELECT … WHERE tenant = ?', [tenant]) … },
 *   }),
 * };
 */
import type { QaStorage } from '../types.js';
import type { SqliteDb } from './db.js';
import type { SqliteMigration } from './migrations.js';

export interface SqliteFeature {
  name: string;
  migrations?: readonly SqliteMigration[];
  /** Optional capability methods built on the database; merged into the storage object. */
  capabilities?(db: SqliteDb): Partial<QaStorage>;
}

// ── one import line per feature ──
import { reportsSqlite } from './reports.js';
import { contributionsSqlite } from '../../contributions/sqlite.js';
import { feedbackSqlite } from './feedback.js';
import { planningSqlite } from '../../planning/sqlite.js';

/** The features every `createSqliteStorage` includes unless told otherwise. */
export const builtInSqliteFeatures: readonly SqliteFeature[] = [
  // ── one entry per feature ──
  reportsSqlite,
  contributionsSqlite,
  feedbackSqlite,
  planningSqlite,
];
