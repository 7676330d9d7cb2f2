/** Shared pieces every element uses, re-exported from `ehcp-qa/components`. */
export { QaHttpClient, QaApiError, QaConflictError, QaNetworkError } from './api.js';
export { qaClientContext } from './context.js';
export type { Audit, AuditList, CreateAuditBody, FrameworkSummary, LinkedAudits, PlanFacts, PlanMetadata, Problem, QaClient, QaHttpClientOptions, SaveSectionBody, SectionWeakeningList, StoredSection } from './api.js';
export { qaBus, type QaBusEvents } from './event-bus.js';
export { tokens, gradeColourDefaults } from './tokens.js';
export { gradeBadge, gradeIcon } from './grade.js';
export { mergeStrings } from './strings.js';
export { provideQaClient, type QaClientProvision } from './provide.js';
export { PlanningHttpClient, progressSentence } from './planning-client.js';
export type { PlanningClient, Sample, SamplePlan, SampleMethod, DrawSampleBody, Allocation, AllocateBody, ReassignBody, CycleProgress, ProgressCounts, Agency, AuditorRef } from './planning-client.js';
