/** Audit-cycle planning: registered plans, samples, allocation, progress, webhook. */
export { marginOfError, sampleSizeFor, Z_95 } from './maths.js';
export { drawSample, allocateToStrata, stratumOf, type DrawResult, type StratumCount } from './draw.js';
export { balanceAllocations, allocationState, countProgress, type AuditorChoice, type AllocationState } from './allocation.js';
export { parseCsv, plansFromCsv, PLAN_CSV_COLUMNS } from './csv.js';
export { planningStore, type PlanningStore, type AllocationRecord } from './store.js';
export { planningSqlite } from './sqlite.js';
export { timelinessFigures, suppressedProportion, daysToIssue, STATUTORY_DAYS, SUPPRESS_BELOW, type SuppressedProportion, type TimelinessFigures } from './timeliness.js';
export { auditsFromHistoryCsv, parseAuditDate, importedAuditId, IMPORTED_AUDITOR, IMPORTED_EXPLANATION, HistoryColumnsSchema, type HistoryColumns, type HistoryMapping } from './history.js';
export { CycleWebhook, signWebhook, verifyWebhookSignature, type CycleEvent, type CycleEventType, type CycleWebhookOptions } from './webhook.js';
export * from './schemas.js';
