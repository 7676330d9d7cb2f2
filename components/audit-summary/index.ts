/** `ehcp-qa/components/audit-summary`: registers `<ehcp-audit-summary>`. */
export { EhcpAuditSummary, ReportFilterChangeEvent, type AuditSummaryData } from './audit-summary.js';
export { auditSummaryStrings, type AuditSummaryStrings } from './audit-summary.strings.js';
export { ReportsHttpClient, ReportsApiError, type ReportsClient, type ReportsHttpClientOptions, type ReportQuery, type AuditSummary, type CycleComparison, type Trend, type CriteriaGaps } from './reports-client.js';
