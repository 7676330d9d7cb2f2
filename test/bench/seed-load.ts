/**
 * Prepares the SQLite file the load and memory benchmarks serve: a cycle of 2,000
 * completed audits (for getAuditSummary) and 200 in-progress audits owned by the
 * benchmark's auditor (for getAudit and saveSection), all with every section graded.
 * Prints what the load driver needs as one JSON line.
 *
 *   node --import tsx test/bench/seed-load.ts <file.sqlite>
 */
import { createSqliteStorage } from 'ehcp-qa/storage/sqlite';
import { generateAudits } from './generate.js';
import { saveBodies } from './fixtures.js';

const file = process.argv[2];
if (!file) throw new Error('usage: seed-load.ts <file.sqlite>');
const tenant = 'la-bench';
const auditorId = 'bench-auditor';
const summaryAudits = Number(process.env.BENCH_SUMMARY_AUDITS ?? 2000);
const workAudits = 200;

const storage = await createSqliteStorage({ filename: file });
const now = new Date().toISOString();
await storage.createCycle(tenant, { id: 'cycle-load', name: 'Autumn 2025', startDate: '2025-09-01', endDate: '2025-12-19', kpiTarget: null, createdAt: now });
await storage.createCycle(tenant, { id: 'cycle-work', name: 'Spring 2026', startDate: '2026-01-05', endDate: '2026-03-27', kpiTarget: null, createdAt: now });
await generateAudits(storage, { tenant, from: 0, count: summaryAudits, cycles: [{ id: 'cycle-load', startDate: '2025-09-01' }] });
await generateAudits(storage, {
  tenant, from: summaryAudits, count: workAudits, cycles: [{ id: 'cycle-work', startDate: '2026-01-05' }], status: 'in-progress', auditorId,
});
await storage.close();
const ids = Array.from({ length: workAudits }, (_, i) => `gen-${String(summaryAudits + i).padStart(8, '0')}`);
console.log(JSON.stringify({ tenant, auditorId, summaryCycle: 'cycle-load', summaryAudits, workAuditIds: ids, workVersion: 14, saveBodies: saveBodies(240) }));
