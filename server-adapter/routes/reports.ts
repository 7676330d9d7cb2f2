/**
 * Reports: the summary of a cycle or date range, the comparison of two cycles, the
 * trend over every cycle with the KPI line, the criteria most often not met, the
 * cycle narrative, and the CSV and printable HTML exports.
 *
 * Access: managers, moderators and admins read the whole tenant's reports;
 * auditors get reports over their own audits only; anyone else gets 403. Every
 * storage call is scoped to the caller's tenant, so another tenant's cycle is 404.
 * Only completed audits are counted. A second auditor who has not yet completed
 * a blind moderation audit gets 403 for any report that would count another audit
 * of that plan, whatever their roles (`assertReportNotBlinded`, docs/moderation.md).
 */
import type { Framework } from '../../criteria/schema.js';
import { readsAllAudits } from '../access.js';
import type { QaUser } from '../auth.js';
import { defineOperation, type QaDeps } from '../operation.js';
import { forbidden, notFound, QaProblem, validationProblem } from '../problem.js';
import { CycleParamsSchema, named, type Cycle } from '../schemas.js';
import type { QaStorage, ReportFilter, StoredRecord } from '../storage/types.js';
import {
  buildTrend, compareSummaries, criteriaGaps, summarize, type SummaryFigures, type TrendCycleInput,
} from '../reports/aggregate.js';
import { loadAggregates, loadAuditPage, loadCriteriaCounts, toItem } from '../reports/capabilities.js';
import { auditsToCsv } from '../reports/csv.js';
import { assertReportNotBlinded } from '../moderation/blindness.js';
import { moderationCorrections } from '../moderation/reporting.js';
import { renderPrintableReport } from '../reports/html.js';
import { loadNarrative, narrativeOf, narrativeWrite, type StoredNarrative } from '../reports/narrative.js';
import { commit, entry } from '../audit-trail.js';
import {
  AuditSummarySchema, CompareQuerySchema, CriteriaGapsQuerySchema, CriteriaGapsSchema, CycleComparisonSchema, CycleNarrativeSchema,
  ExportQuerySchema, reportFilterFields, SummaryQuerySchema, TrendQuerySchema, TrendSchema, UpdateNarrativeBodySchema,
} from '../reports/schemas.js';
import * as z from 'zod';

/** Who reads reports. Auditors are limited to their own audits by {@link reportFilter}. */
const REPORT_READERS = ['manager', 'moderator', 'admin', 'auditor'] as const;

type FilterQuery = { [K in keyof typeof reportFilterFields]?: z.output<(typeof reportFilterFields)[K]> };

/** The framework a report uses: the one asked for, else the adapter's only one, else `ehcp-plan`. */
export function reportFramework(deps: QaDeps, query: FilterQuery): Framework {
  const ids = [...new Set(deps.frameworks.list().map((f) => f.id))];
  const id = query.frameworkId ?? (ids.length === 1 ? ids[0]! : ids.includes('ehcp-plan') ? 'ehcp-plan' : ids[0]!);
  const framework = query.frameworkVersion ? deps.frameworks.get(id, query.frameworkVersion) : deps.frameworks.latest(id);
  if (!framework) {
    const field = query.frameworkVersion && deps.frameworks.latest(id) ? 'query.frameworkVersion' : 'query.frameworkId';
    throw validationProblem([{ field, message: `no framework ${id}${query.frameworkVersion ? ` ${query.frameworkVersion}` : ''} is served; use one of ${ids.join(', ')}` }], 400, 'query string');
  }
  return framework;
}

/**
 * The storage filter for a report: completed audits of the framework, the
 * caller's filters, and the role rule (an auditor sees only their own audits).
 * Also returns the filters as applied, for the report's scope line.
 */
export function reportFilter(user: QaUser, framework: Framework, query: FilterQuery): { filter: ReportFilter; applied: Record<string, string> } {
  const filter: ReportFilter = { status: 'completed', frameworkId: framework.id };
  if (query.frameworkVersion) filter.frameworkVersion = query.frameworkVersion;
  const applied: Record<string, string> = {};
  const copy = <K extends 'phase' | 'primaryNeed' | 'settingType' | 'planType' | 'teamRef' | 'caseworkerRef' | 'auditorRole' | 'auditorId'>(key: K) => {
    const value = query[key];
    if (value === undefined) return;
    (filter as Record<string, unknown>)[key] = value;
    applied[key] = value;
  };
  (['phase', 'primaryNeed', 'settingType', 'planType', 'teamRef', 'caseworkerRef', 'auditorRole', 'auditorId'] as const).forEach(copy);
  if (!readsAllAudits(user)) {
    if (query.auditorId !== undefined && query.auditorId !== user.id) throw forbidden('Auditors may see report figures for their own audits only.');
    filter.auditorId = user.id;
    applied.auditorId = user.id;
  }
  return { filter, applied };
}

async function loadCycle(storage: QaStorage, tenant: string, cycleId: string): Promise<Cycle> {
  const cycle = await storage.getCycle(tenant, cycleId);
  if (!cycle) throw notFound('cycle', cycleId);
  return cycle;
}

/** Adds the cycle or date range to the filter. `to` is inclusive (a whole day). */
function scoped(filter: ReportFilter, cycle: Cycle | null, from?: string, to?: string): ReportFilter {
  const out = { ...filter };
  if (cycle) out.cycleId = cycle.id;
  if (from) out.completedFrom = from;
  if (to) out.completedTo = nextDay(to);
  return out;
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

const frameworkRef = (f: Framework) => ({ id: f.id, version: f.version, title: f.title });

async function summaryOf(deps: QaDeps, tenant: string, framework: Framework, filter: ReportFilter): Promise<SummaryFigures> {
  return summarize(framework, await loadAggregates(deps.storage, tenant, filter));
}

/** The storage filters a trend reads: one per cycle. */
/** A trend (and the printable report's trend) covers at most this many cycles: the newest. */
export const TREND_MAX_CYCLES = 12;

/** The cycles a trend covers: the newest {@link TREND_MAX_CYCLES}. */
async function trendCycles(deps: QaDeps, tenant: string): Promise<Cycle[]> {
  return (await deps.storage.listCycles(tenant)).slice(0, TREND_MAX_CYCLES); // newest first
}

async function trendFilters(deps: QaDeps, tenant: string, filter: ReportFilter): Promise<ReportFilter[]> {
  return (await trendCycles(deps, tenant)).map((cycle) => ({ ...filter, cycleId: cycle.id }));
}

async function trendOf(deps: QaDeps, tenant: string, framework: Framework, filter: ReportFilter) {
  const cycles = await trendCycles(deps, tenant);
  const inputs: TrendCycleInput[] = [];
  for (const cycle of cycles) {
    const aggregates = await loadAggregates(deps.storage, tenant, { ...filter, cycleId: cycle.id });
    inputs.push({
      cycleId: cycle.id,
      name: cycle.name,
      startDate: cycle.startDate,
      endDate: cycle.endDate,
      kpiTarget: cycle.kpiTarget,
      figures: summarize(framework, aggregates),
      overallCounts: aggregates.overall,
    });
  }
  return buildTrend(framework.scale, inputs);
}

/** The cycle that started last before `cycle`, for the default comparison; null if none. */
async function previousCycle(storage: QaStorage, tenant: string, cycle: Cycle): Promise<Cycle | null> {
  const cycles = await storage.listCycles(tenant); // newest first
  return cycles.find((c) => c.id !== cycle.id && c.startDate < cycle.startDate) ?? null;
}

const METHOD =
  'Shares are of graded plans (Not applicable counted apart). Each share has a 95% Wilson score interval (Wilson 1927); each change (current − baseline, in percentage points) has a 95% interval by Newcombe\'s hybrid score method (Newcombe 1998, method 10). A change is flagged as larger than chance when its interval leaves out zero; with many measures compared at once, expect about one in twenty flags by chance alone.';

const ExportTextSchema = named(z.string(), 'AuditSummaryExport', 'CSV (one row per audit) or, with format=html, the printable report as an HTML document.');

export const reportOperations = [
  defineOperation({
    operationId: 'getAuditSummary',
    method: 'get',
    path: '/reports/summary',
    summary: 'Grade distribution of a cycle or date range, overall and per section, with the audits',
    description:
      'Counts completed audits. Give `cycleId`, or `from`/`to` (completion dates, inclusive), or neither for all audits. ' +
      'Not applicable sections are counted apart and never inside the shares. Auditors get their own audits only.',
    tags: ['reports'],
    roles: REPORT_READERS,
    query: SummaryQuerySchema,
    responses: { 200: { description: 'The summary', schema: AuditSummarySchema } },
    async handler({ user, tenant, query, deps }) {
      const since = deps.answers?.now(); // before the first read the answer uses
      const framework = reportFramework(deps, query);
      const { filter, applied } = reportFilter(user, framework, query);
      const cycle = query.cycleId ? await loadCycle(deps.storage, tenant, query.cycleId) : null;
      const where = scoped(filter, cycle, query.from, query.to);
      await assertReportNotBlinded(deps.storage, tenant, user, [where]);
      const build = async () => {
        const figures = await summaryOf(deps, tenant, framework, where);
        const page = await loadAuditPage(deps.storage, tenant, where, { ...(query.cursor !== undefined ? { cursor: query.cursor } : {}), ...(query.limit !== undefined ? { limit: query.limit } : {}) });
        return {
          scope: { framework: frameworkRef(framework), cycle, from: query.from ?? null, to: query.to ?? null, filters: applied },
          figures,
          narrative: cycle ? await loadNarrative(deps.storage, tenant, cycle.id) : null,
          // No audit hidden from the caller by a blind moderation is in `where` (checked above).
          audits: page,
          moderation: await moderationCorrections(deps.storage, tenant, where).then(({ moderatedPlans, plansInModeration }) => ({ moderatedPlans, plansInModeration })),
        };
      };
      if (!deps.answers) return { status: 200, body: await build() };
      // Every check above ran for this caller; the answer itself depends only on what the key holds
      // (the filter includes the auditor for an auditor's own figures) and on the stored data.
      const key = JSON.stringify(['getAuditSummary', framework.id, framework.version, where, applied, query.from ?? null, query.to ?? null, query.cursor ?? null, query.limit ?? null]);
      const text = await deps.answers.text(tenant, key, async () => JSON.stringify(await build()), since);
      return { status: 200, json: text };
    },
  }),

  defineOperation({
    operationId: 'compareCycles',
    method: 'get',
    path: '/reports/compare',
    summary: 'Two cycles side by side, with the change and its 95% interval',
    description: `\`cycleId\` is the current cycle and \`compareCycleId\` the baseline. ${METHOD}`,
    tags: ['reports'],
    roles: REPORT_READERS,
    query: CompareQuerySchema,
    responses: { 200: { description: 'The comparison', schema: CycleComparisonSchema } },
    async handler({ user, tenant, query, deps }) {
      const framework = reportFramework(deps, query);
      const { filter, applied } = reportFilter(user, framework, query);
      const current = await loadCycle(deps.storage, tenant, query.cycleId);
      const baseline = await loadCycle(deps.storage, tenant, query.compareCycleId);
      await assertReportNotBlinded(deps.storage, tenant, user, [scoped(filter, baseline), scoped(filter, current)]);
      const a = await summaryOf(deps, tenant, framework, scoped(filter, baseline));
      const b = await summaryOf(deps, tenant, framework, scoped(filter, current));
      return {
        status: 200,
        body: {
          scope: { framework: frameworkRef(framework), filters: applied },
          baseline: { cycle: baseline, audits: a.audits, medianActiveSeconds: a.medianActiveSeconds },
          current: { cycle: current, audits: b.audits, medianActiveSeconds: b.medianActiveSeconds },
          ...compareSummaries(a, b),
          method: METHOD,
        },
      };
    },
  }),

  defineOperation({
    operationId: 'getTrend',
    method: 'get',
    path: '/reports/trend',
    summary: 'Good-or-better and each grade\'s share across the newest 12 cycles, with the KPI line',
    description:
      'Cycles oldest first: the newest 12 (older ones are left out). The KPI assessed is the latest cycle\'s target, or that of the latest cycle that sets one: ' +
      '`met` when the latest share reaches it; `on-track` when a straight line fitted through every cycle\'s share (by end date) reaches it by the target date; otherwise `off-track`.',
    tags: ['reports'],
    roles: REPORT_READERS,
    query: TrendQuerySchema,
    responses: { 200: { description: 'The trend', schema: TrendSchema } },
    async handler({ user, tenant, query, deps }) {
      const framework = reportFramework(deps, query);
      const { filter, applied } = reportFilter(user, framework, query);
      await assertReportNotBlinded(deps.storage, tenant, user, await trendFilters(deps, tenant, filter));
      const trend = await trendOf(deps, tenant, framework, filter);
      return { status: 200, body: { scope: { framework: frameworkRef(framework), filters: applied }, ...trend } };
    },
  }),

  defineOperation({
    operationId: 'getCriteriaGaps',
    method: 'get',
    path: '/reports/criteria-gaps',
    summary: 'The criteria most often not met, per section: what to train on next',
    description: 'Shares are of sections graded at a level (Not applicable and ungraded sections left out). `top` (default 10) limits the cross-section list.',
    tags: ['reports'],
    roles: REPORT_READERS,
    query: CriteriaGapsQuerySchema,
    responses: { 200: { description: 'Criteria gaps', schema: CriteriaGapsSchema } },
    async handler({ user, tenant, query, deps }) {
      const framework = reportFramework(deps, query);
      const { filter, applied } = reportFilter(user, framework, query);
      const cycle = query.cycleId ? await loadCycle(deps.storage, tenant, query.cycleId) : null;
      const where = scoped(filter, cycle, query.from, query.to);
      await assertReportNotBlinded(deps.storage, tenant, user, [where]);
      const counts = await loadCriteriaCounts(deps.storage, tenant, where, deps.frameworks);
      return {
        status: 200,
        body: {
          scope: { framework: frameworkRef(framework), cycle, from: query.from ?? null, to: query.to ?? null, filters: applied },
          ...criteriaGaps(framework, counts, query.top ?? 10),
        },
      };
    },
  }),

  defineOperation({
    operationId: 'getCycleNarrative',
    method: 'get',
    path: '/cycles/{cycleId}/narrative',
    summary: 'The free text and per-section recommendations of a cycle',
    tags: ['reports'],
    roles: REPORT_READERS,
    params: CycleParamsSchema,
    responses: { 200: { description: 'The narrative (version 0 when nothing is written yet)', schema: CycleNarrativeSchema, etag: true } },
    async handler({ tenant, params, deps }) {
      await loadCycle(deps.storage, tenant, params.cycleId);
      const narrative = await loadNarrative(deps.storage, tenant, params.cycleId);
      return { status: 200, body: narrative, version: narrative.version };
    },
  }),

  defineOperation({
    operationId: 'updateCycleNarrative',
    method: 'put',
    path: '/cycles/{cycleId}/narrative',
    summary: 'Replace the free text and per-section recommendations of a cycle',
    description:
      'Context for inspectors and recommendations per section id. Needs `If-Match` with the version you edited (from the ETag; `"0"` when nothing is written yet), ' +
      'so another manager\'s edit is never silently overwritten. The answer is what this request wrote, with its version.',
    tags: ['reports'],
    roles: ['manager', 'admin'],
    params: CycleParamsSchema,
    body: UpdateNarrativeBodySchema,
    ifMatch: true,
    responses: { 200: { description: 'The saved narrative', schema: CycleNarrativeSchema, etag: true } },
    errors: [412],
    async handler({ user, tenant, params, body, ifMatch, deps }) {
      await loadCycle(deps.storage, tenant, params.cycleId);
      const known = new Set(deps.frameworks.list().flatMap((f) => f.sections.map((s) => s.id)));
      const unknown = Object.keys(body.recommendations).filter((id) => !known.has(id));
      if (unknown.length) {
        throw validationProblem(unknown.map((id) => ({ field: `recommendations.${id}`, message: `"${id}" is not a section of any framework served; use one of ${[...known].join(', ')}` })));
      }
      // The trail records that the narrative changed (its sections), not its text.
      const done = await commit(deps, tenant, {
        records: [narrativeWrite(params.cycleId, body, user.id, ifMatch!)],
        trail: [entry(user, 'narrative.edited', 'narrative', params.cycleId, { before: ifMatch!, after: ifMatch! + 1 }, {
          recommendationSections: Object.keys(body.recommendations).filter((id) => body.recommendations[id]!.trim() !== '').sort(),
        })],
      }, 'narrative').catch((error: unknown) => {
        // Nothing written yet is version 0: If-Match for a later version is stale, not a missing resource.
        if (error instanceof QaProblem && error.status === 404) {
          throw new QaProblem(412, { detail: 'The narrative has changed: its current version is 0. Reload it, then apply your change again.', headers: { etag: '"0"' }, extensions: { currentVersion: 0 } });
        }
        throw error;
      });
      const result = { value: done.records[0] as StoredRecord<StoredNarrative> };
      const saved = narrativeOf(params.cycleId, result.value);
      return { status: 200, body: saved, version: saved.version };
    },
  }),

  defineOperation({
    operationId: 'exportAuditSummary',
    method: 'get',
    path: '/reports/export',
    summary: 'Export a summary: CSV of the audits, or the printable HTML report',
    description:
      '`format=csv`: UTF-8 CSV with a header row, one row per audit (metadata, overall grade, one column per section); cells that a spreadsheet would run as a formula are escaped. ' +
      '`format=html`: a self-contained HTML document (text/html) with the summary, section grid, comparison with `compareCycleId` (default: the previous cycle), trend, criteria gaps, narrative and the audit list, laid out to print to PDF.',
    tags: ['reports'],
    roles: REPORT_READERS,
    query: ExportQuerySchema,
    responses: { 200: { description: 'The export', schema: ExportTextSchema, contentType: 'text/csv', headers: { 'Content-Disposition': { description: 'attachment (CSV) or inline (HTML), with a file name' } } } },
    async handler({ user, tenant, query, deps }) {
      return renderExport(deps, user, tenant, query);
    },
  }),
];

/** The export for `user` (CSV or the printable HTML), with its headers; problems for bad filters, unknown cycles, blindness. */
export async function renderExport(deps: QaDeps, user: QaUser, tenant: string, query: z.infer<typeof ExportQuerySchema>): Promise<Response> {
  const framework = reportFramework(deps, query);
  const { filter, applied } = reportFilter(user, framework, query);
  const cycle = query.cycleId ? await loadCycle(deps.storage, tenant, query.cycleId) : null;
  const where = scoped(filter, cycle, query.from, query.to);
  const cycles = await deps.storage.listCycles(tenant);
  const slug = (cycle?.name ?? (query.from || query.to ? `${query.from ?? 'start'}-to-${query.to ?? 'now'}` : 'all')).toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'report';
  if (query.format === 'csv') {
    await assertReportNotBlinded(deps.storage, tenant, user, [where]);
    const rows = await deps.storage.listAuditsForReport(tenant, where);
    rows.sort((a, b) => ((b.completedAt ?? '') === (a.completedAt ?? '') ? (b.id < a.id ? -1 : 1) : (b.completedAt ?? '') < (a.completedAt ?? '') ? -1 : 1));
    const csv = auditsToCsv(framework, rows, new Map(cycles.map((c) => [c.id, c.name])));
    return new Response(csv, {
      status: 200,
      headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="ehcp-qa-audits-${slug}.csv"`, 'x-content-type-options': 'nosniff', 'cache-control': 'no-store' },
    });
  }
  const baseline = query.compareCycleId ? await loadCycle(deps.storage, tenant, query.compareCycleId) : cycle ? await previousCycle(deps.storage, tenant, cycle) : null;
  // The printable report holds the summary, the comparison and the trend over every cycle.
  await assertReportNotBlinded(deps.storage, tenant, user, [where, ...(baseline ? [scoped(filter, baseline)] : []), ...(await trendFilters(deps, tenant, filter))]);
  const figures = await summaryOf(deps, tenant, framework, where);
  const comparison = cycle && baseline && baseline.id !== cycle.id
    ? { baseline, figures: compareSummaries(await summaryOf(deps, tenant, framework, scoped(filter, baseline)), figures) }
    : null;
  const rows = await deps.storage.listAuditsForReport(tenant, where);
  const html = renderPrintableReport({
    framework,
    tenantLabel: tenant,
    cycle,
    from: query.from ?? null,
    to: query.to ?? null,
    filters: applied,
    figures,
    narrative: cycle ? await loadNarrative(deps.storage, tenant, cycle.id) : null,
    comparison,
    trend: await trendOf(deps, tenant, framework, filter),
    gaps: criteriaGaps(framework, await loadCriteriaCounts(deps.storage, tenant, where, deps.frameworks), 10),
    moderation: await moderationCorrections(deps.storage, tenant, where).then(({ moderatedPlans, plansInModeration }) => ({ moderatedPlans, plansInModeration })),
    audits: rows.map(toItem).sort((a, b) => ((b.completedAt ?? '') === (a.completedAt ?? '') ? (b.id < a.id ? -1 : 1) : (b.completedAt ?? '') < (a.completedAt ?? '') ? -1 : 1)),
    generatedAt: new Date().toISOString(),
  });
  return new Response(html, {
    status: 200,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'content-disposition': `inline; filename="ehcp-qa-report-${slug}.html"`,
      // The document needs nothing from outside: no script, no fetches.
      // Nor may another site frame it (clickjacking), and following a link from it sends no address.
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
      'x-frame-options': 'DENY',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
