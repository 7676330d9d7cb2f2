/**
 * Feature modules that keep their own tables in the PostgreSQL schema, or push a
 * capability down into SQL: the PostgreSQL twin of `storage/sqlite/features.ts`.
 *
 * To add one: in your own file (for example `server-adapter/planning/postgres.ts`)
 * export a `PostgresFeature`, then add ONE import line and ONE list entry below.
 * Migration ids as in SQLite: reports 200–299, moderation 300–399, benchmark 400–499,
 * audit trail 500–599, feedback 600–699, contributions 700–799, planning 800–899.
 *
 * Rules a feature keeps (docs/postgres.md explains them):
 * - Every table with a `tenant` column ends its migration with `tenantRowSecurity('<table>')`;
 *   the storage refuses to start otherwise.
 * - Capabilities read and write inside `db.transaction(tenant, tx => …)`, which runs as the
 *   app role with the tenant set: row-level security then holds whatever the SQL says.
 *   Keep `WHERE tenant = $1` in the SQL too (it picks the index; the policy is the safety net).
 * - A lookup across tenants (a public link's token, say) is a SECURITY DEFINER function that
 *   returns only what the lookup needs (the tenant and an id), called through
 *   `db.withoutTenant(tx => …)`; then the rest is read with `db.transaction(thatTenant, …)`.
 * - Text that is compared or sorted like a JavaScript string is declared `COLLATE "C"`.
 *
 * @example
 * export const planningPostgres: PostgresFeature = {
 *   name: 'planning',
 *   migrations: [{ id: 800, name: 'planning: plans', up: `CREATE TABLE plans (tenant text COLLATE "C" NOT NULL, …); ${tenantRowSecurity('plans')}` }],
 *   capabilities: (db) => ({
 *     async registerPlans(tenant, plans) { return db.transaction(tenant, async (tx) => { … tx.query('INSERT INTO plans …', [tenant, …]) … }); },
 *   }),
 * };
 */
import type { QaStorage } from '../types.js';
import type { PostgresDb } from './db.js';
import type { PostgresMigration } from './migrations.js';

export interface PostgresFeature {
  name: string;
  migrations?: readonly PostgresMigration[];
  /** Optional capability methods built on the database; merged into the storage object. */
  capabilities?(db: PostgresDb): Partial<QaStorage>;
}

// ── one import line per feature ──
import { reportsPostgres } from './reports.js';
import { contributionsPostgres } from '../../contributions/postgres.js';
import { feedbackPostgres } from './feedback.js';
import { planningPostgres } from '../../planning/postgres.js';

/** The features every `createPostgresStorage` includes unless told otherwise. */
export const builtInPostgresFeatures: readonly PostgresFeature[] = [
  // ── one entry per feature ──
  reportsPostgres,
  contributionsPostgres,
  feedbackPostgres,
  planningPostgres,
];
