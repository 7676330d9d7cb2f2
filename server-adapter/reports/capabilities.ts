/**
 * What reports ask of the storage, with a fallback for every question.
 *
 * A backend may answer these in its database (the SQLite backend does, with
 * GROUP BY: see `storage/sqlite/reports.ts`). When it does not, the same answers
 * are computed here from `listAuditsForReport` rows. The conformance tests run
 * both paths over the same data and require identical results.
 */
import type { Framework } from '../../criteria/schema.js';
import type { Page, PageRequest, ReportFilter, QaStorage, AuditReportRow } from '../storage/types.js';
import { decodeCursor, encodeCursor, InvalidCursorError, pageSize } from '../storage/types.js';
import { aggregateRows, countCriteria, hasConditionalCriteria, type CriteriaCounts, type ReportAggregates } from './aggregate.js';

/** One audit in a report's list: enough to show a row and open the audit. */
export interface ReportAuditItem {
  id: string;
  planRef: string;
  cycleId: string | null;
  frameworkId: string;
  frameworkVersion: string;
  auditorId: string;
  auditorRole: AuditReportRow['auditorRole'];
  plan: AuditReportRow['plan'];
  completedAt: string | null;
  activeSeconds: number;
  overallGrade: string | null;
  /** Section id → grade (a level, `na`, or null). */
  sectionGrades: Record<string, string | null>;
}

declare module '../storage/types.js' {
  interface QaStorage {
    /**
     * Grade counts and the median active time of the audits matching `filter`,
     * computed in the database. Must equal `aggregateRows(listAuditsForReport(…))`.
     */
    reportAggregates?(tenant: string, filter: ReportFilter): Promise<ReportAggregates>;
    /**
     * How often each criterion was met among sections graded at a level.
     * Must equal `countCriteria(listAuditsForReport(…))`.
     */
    reportCriteriaCounts?(tenant: string, filter: ReportFilter): Promise<CriteriaCounts>;
    /**
     * One page of the matching audits, newest `completedAt` first (ties: id
     * descending; audits without `completedAt` last). Cursor: `[completedAt ?? '', id]`.
     */
    reportAuditPage?(tenant: string, filter: ReportFilter, page: PageRequest): Promise<Page<ReportAuditItem>>;
    /**
     * The median active seconds of the audits matching `filter`, leaving out the
     * audits whose ids are in `exclude` (moderation leaves second audits out this
     * way); null when none is left. Must equal `median(…)` over the
     * `listAuditsForReport(…)` rows whose id is not in `exclude`.
     */
    reportMedianActiveSeconds?(tenant: string, filter: ReportFilter, exclude: readonly string[]): Promise<number | null>;
  }
}

/** Counts for a report, from the database when the storage can, else from rows. */
export async function loadAggregates(storage: QaStorage, tenant: string, filter: ReportFilter): Promise<ReportAggregates> {
  if (storage.reportAggregates) return storage.reportAggregates(tenant, filter);
  return aggregateRows(await storage.listAuditsForReport(tenant, filter));
}

/** Criteria counts for a report, from the database when the storage can, else from rows. */
/**
 * Criteria counts for a report. With `frameworks` that have criteria applying only to
 * some plans (ehcp-plan 2.0.0 and later), the counts come from the rows so that a
 * criterion is never "not met" where it did not apply; otherwise from the database
 * when the storage can.
 */
export async function loadCriteriaCounts(
  storage: QaStorage,
  tenant: string,
  filter: ReportFilter,
  frameworks?: { get(id: string, version: string): Framework | undefined; list(): readonly Framework[] },
): Promise<CriteriaCounts> {
  const conditional = frameworks?.list().some((f) => (filter.frameworkId === undefined || f.id === filter.frameworkId) && hasConditionalCriteria(f));
  if (storage.reportCriteriaCounts && !conditional) return storage.reportCriteriaCounts(tenant, filter);
  return countCriteria(await storage.listAuditsForReport(tenant, filter), frameworks ? (row) => frameworks.get(row.frameworkId, row.frameworkVersion) : undefined);
}

/** A page of the report's audits, from the database when the storage can, else from rows. */
export async function loadAuditPage(storage: QaStorage, tenant: string, filter: ReportFilter, page: PageRequest): Promise<Page<ReportAuditItem>> {
  if (storage.reportAuditPage) return storage.reportAuditPage(tenant, filter, page);
  return pageRows(await storage.listAuditsForReport(tenant, filter), page);
}

/** The in-memory paging rule, shared by every backend without `reportAuditPage`. */
export function pageRows(rows: readonly AuditReportRow[], page: PageRequest): Page<ReportAuditItem> {
  const limit = pageSize(page.limit);
  const key = (r: AuditReportRow): [string, string] => [r.completedAt ?? '', r.id];
  const sorted = [...rows].sort((a, b) => compareKeys(key(b), key(a)));
  let start = 0;
  if (page.cursor !== undefined) {
    const after = decodeCursor(page.cursor, 2);
    if (!after) throw new InvalidCursorError();
    const cursorKey: [string, string] = [String(after[0]), String(after[1])];
    start = sorted.findIndex((r) => compareKeys(key(r), cursorKey) < 0);
    if (start < 0) start = sorted.length;
  }
  const items = sorted.slice(start, start + limit).map(toItem);
  const last = items.at(-1);
  const more = start + limit < sorted.length;
  return { items, nextCursor: more && last ? encodeCursor([last.completedAt ?? '', last.id]) : null };
}

function compareKeys(a: [string, string], b: [string, string]): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  return a[1] === b[1] ? 0 : a[1] < b[1] ? -1 : 1;
}

/** A report row as a list item (criteria left out). */
export function toItem(r: AuditReportRow): ReportAuditItem {
  return {
    id: r.id,
    planRef: r.planRef,
    cycleId: r.cycleId,
    frameworkId: r.frameworkId,
    frameworkVersion: r.frameworkVersion,
    auditorId: r.auditorId,
    auditorRole: r.auditorRole,
    plan: { ...r.plan },
    completedAt: r.completedAt,
    activeSeconds: r.activeSeconds,
    overallGrade: r.overallGrade,
    sectionGrades: { ...r.sectionGrades },
  };
}
