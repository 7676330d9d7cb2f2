/**
 * `ehcp-qa/client`: the typed HTTP clients for the adapter's API, on their own.
 * No Lit, no elements and no DOM: use them from a host page's own code, a worker,
 * a Node script or a test. The elements use these same classes.
 *
 * @example
 * import { QaHttpClient } from 'ehcp-qa/client';
 * const qa = new QaHttpClient({ baseUrl: 'https://lms.example/qa', headers: () => ({ Authorization: `Bearer ${token}` }) });
 * const audit = await qa.createAudit({ frameworkId: 'ehcp-plan', planRef: 'PLAN-1', plan, auditorRole: 'send-caseworker' });
 *
 * The types of every request and response, generated from the OpenAPI document,
 * are in `ehcp-qa/api-types` (`import type { components, operations } from 'ehcp-qa/api-types'`).
 */
export { QaHttpClient, QaApiError, QaConflictError, QaNetworkError } from './shared/api.js';
export type {
  Audit, AuditList, CreateAuditBody, FrameworkSummary, Phase, PlanMetadata, PlanType, Problem, QaClient, QaHttpClientOptions,
  SaveSectionBody, StoredSection,
} from './shared/api.js';
export { ReportsHttpClient, ReportsApiError, type ReportsClient, type ReportsHttpClientOptions, type ReportQuery, type AuditSummary, type CycleComparison, type Trend, type CriteriaGaps } from './audit-summary/reports-client.js';
export * from './moderation/moderation-client.js';
export * from './benchmark-chart/benchmark-client.js';
export type { components, operations, paths } from './shared/api-types.js';
export type { Framework } from '../criteria/schema.js';
