// Every performance budget, in one place. `npm run bench:check` compares the figures
// in docs/performance.json with these and exits non-zero when one is missed.
// kB here means 1,000 bytes.

/** @typedef {{ id: string, bench: string, what: string, limit: number, unit: 'bytes'|'ms'|'share'|'count'|'ratio', kind: 'max'|'min', get: (figures: any) => number | undefined }} Budget */

/** @type {Budget[]} */
export const budgets = [
  // 1. Weight
  { id: 'weight.bundle.gzip', bench: 'weight', what: 'dist/ehcp-qa.bundle.js, the file every plain page loads (elements used rarely are files beside it), gzip', limit: 45_000, unit: 'bytes', kind: 'max', get: (f) => f.bundle?.gzip },
  { id: 'weight.audit-workflow.gzip', bench: 'weight', what: 'the audit workflow imported alone, first load (what arrives before <ehcp-audit> first renders; the grader and <ehcp-plan-report> follow), gzip', limit: 20_000, unit: 'bytes', kind: 'max', get: (f) => f.auditWorkflow?.firstLoad?.gzip },
  { id: 'weight.section-grader.gzip', bench: 'weight', what: '<ehcp-section-grader> imported alone, gzip', limit: 30_000, unit: 'bytes', kind: 'max', get: (f) => f.entries?.['section-grader']?.gzip },

  // 2. Render (median of the runs)
  { id: 'render.audit.first', bench: 'render', what: '<ehcp-audit> first complete render, 12 sections graded', limit: 50, unit: 'ms', kind: 'max', get: (f) => f.auditFirstRender?.median },
  { id: 'render.audit.switch', bench: 'render', what: '<ehcp-audit> switch section', limit: 16, unit: 'ms', kind: 'max', get: (f) => f.sectionSwitch?.median },
  { id: 'render.grader.tick', bench: 'render', what: 'tick a criterion until the suggested grade updates', limit: 16, unit: 'ms', kind: 'max', get: (f) => f.tick?.median },
  { id: 'render.summary', bench: 'render', what: '<ehcp-audit-summary> over a cycle of 500 audits', limit: 100, unit: 'ms', kind: 'max', get: (f) => f.summary500?.median },

  // 8. Against a peer form library (test/bench/peer.mjs): the peer's median over ours, same page, same run
  { id: 'peer.one-section', bench: 'peer', what: 'render one section: times faster than SurveyJS', limit: 5, unit: 'ratio', kind: 'min', get: (f) => f.one?.ratio },
  { id: 'peer.switch-section', bench: 'peer', what: 'switch section: times faster than SurveyJS', limit: 5, unit: 'ratio', kind: 'min', get: (f) => f.switch?.ratio },
  { id: 'peer.all-sections', bench: 'peer', what: 'all twelve sections on one page (review view): times faster than SurveyJS', limit: 5, unit: 'ratio', kind: 'min', get: (f) => f.all?.ratio },

  // 3. Adapter under load
  { id: 'load.getAudit.share', bench: 'load', what: 'getAudit throughput as a share of the bare-Hono ceiling', limit: 0.6, unit: 'share', kind: 'min', get: (f) => f.getAudit?.shareOfCeiling },
  { id: 'load.saveSection.p99', bench: 'load', what: 'saveSection p99 latency at 50 connections (durable SQLite settings)', limit: 20, unit: 'ms', kind: 'max', get: (f) => f.saveSection?.p99 },
  { id: 'load.saveSection.rate', bench: 'load', what: 'durable saveSection answers a second at 50 connections', limit: 2000, unit: 'count', kind: 'min', get: (f) => f.saveSection?.requestsPerSecond },
  { id: 'load.getAuditSummary.rate', bench: 'load', what: 'getAuditSummary answers a second at 50 connections, cycle of 2,000 audits', limit: 2000, unit: 'count', kind: 'min', get: (f) => f.getAuditSummary?.requestsPerSecond },
  { id: 'load.kill9.lost', bench: 'load', what: 'acknowledged saves missing from the file after kill -9 of the server during the load', limit: 0, unit: 'count', kind: 'max', get: (f) => f.killDuringLoad?.lost },
  { id: 'load.cache.memory', bench: 'load', what: 'live heap growth (after a full garbage collection) over a second pass of getAudit on 50,000 new audits (100,000 distinct in all): the read cache stays within its bound', limit: 0.10, unit: 'share', kind: 'max', get: (f) => f.cacheMemory?.growthSecondPass },
  { id: 'load.errors', bench: 'load', what: 'errors, timeouts and unexpected statuses across every load run', limit: 0, unit: 'count', kind: 'max', get: (f) => f.totalErrors },

  // 6. Importing files (test/bench/import.mjs)
  { id: 'import.history.10k', bench: 'import', what: 'legacy import of a 10,000-row CSV of past audits', limit: 60_000, unit: 'ms', kind: 'max', get: (f) => f.history?.rows === 10_000 ? f.history.importMs : undefined },
  { id: 'import.plans.10k', bench: 'import', what: 'registering plans from a 10,000-row CSV', limit: 10_000, unit: 'ms', kind: 'max', get: (f) => f.plans?.rows === 10_000 ? f.plans.importMs : undefined },

  // 4. Reports as data grows (pushed-down SQL, the adapter's default on SQLite)
  { id: 'reports.summary.10k', bench: 'reports', what: 'getAuditSummary over 10,000 audits', limit: 50, unit: 'ms', kind: 'max', get: (f) => f.sizes?.['10000']?.summary?.pushdown },
  { id: 'reports.compare.10k', bench: 'reports', what: 'compareCycles over 10,000 audits', limit: 50, unit: 'ms', kind: 'max', get: (f) => f.sizes?.['10000']?.compare?.pushdown },
  { id: 'reports.summary.1m', bench: 'reports', what: 'getAuditSummary over 1,000,000 audits', limit: 2000, unit: 'ms', kind: 'max', get: (f) => f.sizes?.['1000000']?.summary?.pushdown },
  { id: 'reports.compare.1m', bench: 'reports', what: 'compareCycles over 1,000,000 audits', limit: 2000, unit: 'ms', kind: 'max', get: (f) => f.sizes?.['1000000']?.compare?.pushdown },
  // Growth no worse than linear: the exponent k of time ∝ audits^k, fitted by least
  // squares on log-log over every size from 10,000 up, worst of the reports measured
  // (summary, comparison, filtered summary; 1 = linear, no slack).
  // Per-step ratios are in the table.
  { id: 'reports.filtered.1m', bench: 'reports', what: 'getAuditSummary filtered to one phase over 1,000,000 audits', limit: 300, unit: 'ms', kind: 'max', get: (f) => f.sizes?.['1000000']?.filtered?.pushdown },
  { id: 'reports.growth', bench: 'reports', what: 'growth exponent k (time ∝ audits^k) from 10,000 up, pushed-down SQL, worst of summary, comparison and filtered summary', limit: 1.0, unit: 'ratio', kind: 'max', get: (f) => f.worstGrowth },

  // 5. Start-up and memory
  // 6. Plan checks
  { id: 'plan-checks.15-pages', bench: 'plan-checks', what: 'parse and check a 15-page plan (median)', limit: 10, unit: 'ms', kind: 'max', get: (f) => f.fifteenPages?.median },
  { id: 'plan-checks.precision', bench: 'plan-checks', what: 'lowest precision of a check that proposes a weakness (development set)', limit: 0.9, unit: 'ratio', kind: 'min', get: (f) => f.minWeaknessPrecision },
  { id: 'memory.growth', bench: 'startup-memory', what: 'resident memory growth between two identical load runs', limit: 0.10, unit: 'share', kind: 'max', get: (f) => f.rssGrowthBetweenRuns },
];

/** Whether a figure meets its budget. */
export function meets(budget, value) {
  return budget.kind === 'max' ? value <= budget.limit : value >= budget.limit;
}

/** A figure in the budget's unit, for tables and messages. */
export function formatValue(unit, value) {
  if (value === undefined || value === null || Number.isNaN(value)) return '—';
  switch (unit) {
    case 'bytes': return `${(value / 1000).toFixed(1)} kB`;
    case 'ms': return `${value < 10 ? value.toFixed(2) : value.toFixed(1)} ms`;
    case 'share': return `${(value * 100).toFixed(1)}%`;
    case 'ratio': return value.toFixed(2);
    default: return String(value);
  }
}
