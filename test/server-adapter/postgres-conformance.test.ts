// The storage and report conformance suites from `ehcp-qa/testing`, on a real
// PostgreSQL: one schema for this file, every case with its own storage object
// (and its own random tenants), the migrations applied once and found applied after.
// Skipped, loudly, when PostgreSQL is not answering (see postgres-helpers.ts).
import { test } from 'node:test';
import type { QaStorage } from 'ehcp-qa/server';
import { createPostgresStorage, type PostgresStorage } from 'ehcp-qa/storage/postgres';
import { runReportConformance, runStorageConformance } from 'ehcp-qa/testing';
import { postgresForTests } from './postgres-helpers.js';

const db = await postgresForTests('storage and report conformance');
if (db) {
  const postgres = () => createPostgresStorage({ pool: db.pool, schema: db.schema });

  runStorageConformance(test, postgres, {
    name: 'postgres',
    backdoor: (s: QaStorage) => (s as PostgresStorage).backdoor,
    capabilities: { summarizeAudits: true },
  });

  // The core alone (no feature tables, no report counters): summarizeAudits from the rows.
  runStorageConformance(test, () => createPostgresStorage({ pool: db.pool, schema: db.schema, features: [] }), {
    name: 'postgres core only',
    backdoor: (s: QaStorage) => (s as PostgresStorage).backdoor,
    capabilities: { summarizeAudits: true },
  });

  runReportConformance(test, postgres, {
    name: 'postgres push-down',
    capabilities: { reportAggregates: true, reportCriteriaCounts: true, reportAuditPage: true, reportMedianActiveSeconds: true },
  });

  runReportConformance(
    test,
    async () => {
      const s = await postgres();
      // The same storage without the report capabilities: every report falls back to rows.
      const rest: Record<string, unknown> = { ...s };
      for (const capability of ['reportAggregates', 'reportCriteriaCounts', 'reportAuditPage', 'reportMedianActiveSeconds']) delete rest[capability];
      return rest as unknown as QaStorage;
    },
    { name: 'postgres fallback' },
  );
}
