/**
 * Contributions: the audits of one plan linked by its reference (plan, annual review,
 * advice), "weakened by the advice" markings on plan-audit sections, and reports by
 * contributing service with the feedback sent to the service.
 *
 * Access: linked audits follow the audit-reading rules. Marking a section is for the
 * auditor of the plan audit while it is in progress. Service reports are for
 * managers, moderators and admins (any service) and for a `service-lead` (only the
 * service in their token's `service` claim).
 */
import { findSection } from '../../criteria/grading.js';
import { frameworkSubject, type Framework } from '../../criteria/schema.js';
import { canEditAudit, canReadAudit, readsAllAudits } from '../access.js';
import { hasRole, type QaUser } from '../auth.js';
import { assertReportNotBlinded, withoutBlindedAudits } from '../moderation/blindness.js';
import { defineOperation, type QaDeps } from '../operation.js';
import { forbidden, notFound, QaProblem, validationProblem } from '../problem.js';
import type { Audit } from '../schemas.js';
import type { AuditFilter, Cycle, QaStorage, ReportFilter } from '../storage/types.js';
import { compareService, serviceFigures, SUPPRESS_BELOW } from '../contributions/report.js';
import { contributionStore, type SectionWeakening } from '../contributions/store.js';
import { serviceFeedbackCsv, serviceFeedbackHtml, type ServiceSummary } from '../contributions/feedback.js';
import {
  LinkedAuditsSchema, PlanParamsSchema, SectionParams, ServiceFeedbackQuerySchema, ServiceListSchema, ServiceParamsSchema, ServiceSummaryQuerySchema,
  ServiceSummarySchema, SetWeakenedByBodySchema, WeakeningListSchema,
} from '../contributions/schemas.js';
import { AuditParamsSchema, named } from '../schemas.js';
import { loadReadableAudit } from './audits.js';
import { auditEntry, commit } from '../audit-trail.js';
import * as z from 'zod';

const AUDIT_READERS = ['auditor', 'moderator', 'manager', 'admin', 'caseworker'] as const;
const SERVICE_READERS = ['manager', 'moderator', 'admin', 'service-lead'] as const;

const SUPPRESSION_NOTE = `Counts from 1 to ${SUPPRESS_BELOW - 1} are shown as "fewer than ${SUPPRESS_BELOW}", with their shares, and so is the next smallest count where a hidden one could be worked out from the total.`;

const subjectOf = (deps: QaDeps, a: Pick<Audit, 'frameworkId' | 'frameworkVersion'>) => {
  const f = deps.frameworks.get(a.frameworkId, a.frameworkVersion);
  return f ? frameworkSubject(f) : 'plan';
};

const toWeakeningItem = (w: SectionWeakening) => ({ sectionId: w.sectionId, adviceAuditId: w.adviceAuditId, serviceRef: w.serviceRef, teamRef: w.teamRef, markedAt: w.markedAt });

/** Every audit of a plan the caller may read (the listAudits rules), all pages. */
async function readablePlanAudits(deps: QaDeps, user: QaUser, tenant: string, planRef: string): Promise<Audit[]> {
  const filter: AuditFilter = { planRef };
  if (!readsAllAudits(user)) {
    if (hasRole(user, 'auditor')) filter.auditorId = user.id;
    else {
      filter.status = 'completed';
      filter.caseworkerRef = user.id;
    }
  }
  const out: Audit[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.storage.listAudits(tenant, filter, { limit: 100, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return withoutBlindedAudits(deps.storage, tenant, user, out);
}

/** 403 unless the caller may see this service's reports. */
function assertServiceAccess(user: QaUser, serviceRef: string): void {
  if (readsAllAudits(user)) return;
  if (hasRole(user, 'service-lead') && user.serviceRef === serviceRef) return;
  throw forbidden(hasRole(user, 'service-lead') ? 'A service lead sees only the reports of their own service.' : 'You may not see reports by service.');
}

/** The advice framework a service report uses: the one asked for (it must audit advice), else the newest one served. */
function adviceFramework(deps: QaDeps, query: { frameworkId?: string | undefined; frameworkVersion?: string | undefined }): Framework {
  const advice = deps.frameworks.list().filter((f) => frameworkSubject(f) === 'advice');
  const id = query.frameworkId ?? advice.at(-1)?.id;
  const framework = id === undefined ? undefined : query.frameworkVersion ? deps.frameworks.get(id, query.frameworkVersion) : deps.frameworks.latest(id);
  if (!framework || frameworkSubject(framework) !== 'advice') {
    const ids = [...new Set(advice.map((f) => `${f.id}`))];
    throw validationProblem([{ field: query.frameworkVersion && framework === undefined && id && deps.frameworks.latest(id) ? 'query.frameworkVersion' : 'query.frameworkId', message: ids.length ? `no advice framework ${id ?? ''}${query.frameworkVersion ? ` ${query.frameworkVersion}` : ''} is served; use ${ids.join(', ')}` : 'this adapter serves no framework that audits advice' }], 400, 'query string');
  }
  return framework;
}

type ServiceQuery = z.output<typeof ServiceSummaryQuerySchema> | z.output<typeof ServiceFeedbackQuerySchema>;
const FILTER_KEYS = ['phase', 'primaryNeed', 'settingType', 'planType', 'teamRef', 'caseworkerRef', 'auditorRole', 'auditorId'] as const;

function serviceFilter(user: QaUser, framework: Framework, query: ServiceQuery): { filter: ReportFilter; applied: Record<string, string> } {
  const filter: ReportFilter = { status: 'completed', frameworkId: framework.id };
  if (query.frameworkVersion) filter.frameworkVersion = query.frameworkVersion;
  const applied: Record<string, string> = {};
  for (const key of FILTER_KEYS) {
    const value = query[key];
    if (value === undefined) continue;
    if (!readsAllAudits(user) && (key === 'auditorId' || key === 'caseworkerRef')) {
      throw validationProblem([{ field: `query.${key}`, message: 'a service lead may not filter by a person; leave it out' }], 403, 'query string');
    }
    (filter as Record<string, unknown>)[key] = value;
    applied[key] = value;
  }
  if (query.contributorTeamRef) applied.contributorTeamRef = query.contributorTeamRef;
  return { filter, applied };
}

async function loadCycle(storage: QaStorage, tenant: string, cycleId: string): Promise<Cycle> {
  const cycle = await storage.getCycle(tenant, cycleId);
  if (!cycle) throw notFound('cycle', cycleId);
  return cycle;
}

function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/** The service's completed advice audits in scope, as report rows. */
async function serviceRows(deps: QaDeps, tenant: string, serviceRef: string, teamRef: string | undefined, where: ReportFilter) {
  const contributors = await contributionStore(deps.storage).listContributors(tenant, { serviceRef, ...(teamRef ? { teamRef } : {}) });
  const ids = new Set(contributors.map((c) => c.auditId));
  if (ids.size === 0) return [];
  return (await deps.storage.listAuditsForReport(tenant, where)).filter((r) => ids.has(r.id));
}

/** Builds the service summary: figures, the plan sections weakened, and the comparison with a baseline cycle. */
async function buildServiceSummary(deps: QaDeps, user: QaUser, tenant: string, serviceRef: string, query: ServiceQuery & { from?: string; to?: string }): Promise<ServiceSummary> {
  assertServiceAccess(user, serviceRef);
  const framework = adviceFramework(deps, query);
  const { filter, applied } = serviceFilter(user, framework, query);
  const cycle = query.cycleId ? await loadCycle(deps.storage, tenant, query.cycleId) : null;
  const baseline = query.compareCycleId ? await loadCycle(deps.storage, tenant, query.compareCycleId) : null;
  const where: ReportFilter = { ...filter, ...(cycle ? { cycleId: cycle.id } : {}), ...(query.from ? { completedFrom: query.from } : {}), ...(query.to ? { completedTo: nextDay(query.to) } : {}) };
  const baseWhere: ReportFilter | null = baseline ? { ...filter, cycleId: baseline.id } : null;
  await assertReportNotBlinded(deps.storage, tenant, user, baseWhere ? [where, baseWhere] : [where]);
  const team = query.contributorTeamRef;
  const rows = await serviceRows(deps, tenant, serviceRef, team, where);
  // The audits in full: which criteria applied to each depends on its facts.
  const audits = (await Promise.all(rows.map((r) => deps.storage.getAudit(tenant, r.id)))).filter((a): a is Audit => a !== null);
  const weakenings = (await contributionStore(deps.storage).listWeakenings(tenant, { serviceRef })).filter((w) => !team || w.teamRef === team);
  const planFramework = deps.frameworks.latest('ehcp-plan') ?? deps.frameworks.list().find((f) => frameworkSubject(f) === 'plan');
  const { figures, raw } = serviceFigures(framework, rows, audits, weakenings, planFramework);
  let comparison: ServiceSummary['comparison'] = null;
  if (baseline && baseWhere) {
    const base = serviceFigures(framework, await serviceRows(deps, tenant, serviceRef, team, baseWhere), [], [], planFramework);
    comparison = { baseline, ...compareService(base.raw, raw) };
  }
  return {
    scope: {
      framework: { id: framework.id, version: framework.version, title: framework.title },
      serviceRef, contributorTeamRef: team ?? null, cycle, from: query.from ?? null, to: query.to ?? null, filters: applied,
    },
    suppression: { below: SUPPRESS_BELOW, note: SUPPRESSION_NOTE },
    ...figures,
    comparison,
  };
}

const FeedbackTextSchema = named(z.string(), 'ServiceFeedbackExport', 'CSV (one measure per row) or, with format=html, the printable feedback as an HTML document.');

export const contributionOperations = [
  defineOperation({
    operationId: 'listPlanAudits',
    method: 'get',
    path: '/plans/{planRef}/audits',
    summary: "Every audit of one plan: the plan's, its annual reviews' and its advice's, linked by the plan reference",
    description: 'The audits the caller may read (the rules of listAudits), oldest first, each with what it audited; advice audits with their contributor, plan audits with the sections marked as weakened by advice.',
    tags: ['contributions'],
    roles: AUDIT_READERS,
    params: PlanParamsSchema,
    responses: { 200: { description: 'The linked audits', schema: LinkedAuditsSchema } },
    async handler({ user, tenant, params, deps }) {
      const audits = (await readablePlanAudits(deps, user, tenant, params.planRef)).reverse();
      const store = contributionStore(deps.storage);
      const contributors = new Map((await store.getContributors(tenant, audits.filter((a) => subjectOf(deps, a) === 'advice').map((a) => a.id))).map((c) => [c.auditId, c]));
      const weakenings = await store.listWeakenings(tenant, { planRef: params.planRef });
      return {
        status: 200,
        body: {
          items: audits.map((a) => {
            const c = contributors.get(a.id);
            return {
              id: a.id,
              frameworkId: a.frameworkId,
              frameworkVersion: a.frameworkVersion,
              subject: subjectOf(deps, a),
              status: a.status,
              overallGrade: a.overall?.grade ?? null,
              startedAt: a.startedAt,
              completedAt: a.completedAt,
              contributor: c ? { serviceRef: c.serviceRef, teamRef: c.teamRef } : null,
              weakenedSections: weakenings.filter((w) => w.planAuditId === a.id).map((w) => ({ sectionId: w.sectionId, adviceAuditId: w.adviceAuditId })),
            };
          }),
        },
      };
    },
  }),

  defineOperation({
    operationId: 'listWeakenings',
    method: 'get',
    path: '/audits/{auditId}/weakened-by',
    summary: 'The sections of a plan audit marked as weakened by advice, with the advice audit and its service',
    tags: ['contributions'],
    roles: AUDIT_READERS,
    params: AuditParamsSchema,
    responses: { 200: { description: 'The markings', schema: WeakeningListSchema } },
    async handler({ user, tenant, params, deps }) {
      const audit = await loadReadableAudit(deps, user, tenant, params.auditId);
      const items = await contributionStore(deps.storage).listWeakenings(tenant, { planAuditId: audit.id });
      return { status: 200, body: { planAuditId: audit.id, items: items.map(toWeakeningItem) } };
    },
  }),

  defineOperation({
    operationId: 'setWeakenedBy',
    method: 'put',
    path: '/audits/{auditId}/sections/{sectionId}/weakened-by',
    summary: 'Mark a plan-audit section as weakened by the advice of one or more advice audits of the same plan',
    description:
      'Replaces the marking of this section; an empty list clears it. Each advice audit must be an audit of advice for the same plan reference. ' +
      'Only the auditor of the plan audit, while it is in progress. The marking does not change any grade.',
    tags: ['contributions'],
    roles: ['auditor'],
    params: SectionParams,
    body: SetWeakenedByBodySchema,
    errors: [409],
    responses: { 200: { description: 'Every marking of the plan audit after the change', schema: WeakeningListSchema } },
    async handler({ user, tenant, params, body, deps }) {
      const audit = await deps.storage.getAudit(tenant, params.auditId);
      if (!audit) throw notFound('audit', params.auditId);
      if (!canEditAudit(user, audit)) throw forbidden(canReadAudit(user, audit) ? 'Only the auditor who started this audit may mark it.' : 'You may not change this audit.');
      if (audit.status === 'completed') throw new QaProblem(409, { detail: 'The audit is completed. A moderator or admin must reopen it before it can change.' });
      if (subjectOf(deps, audit) !== 'plan') throw new QaProblem(409, { detail: 'Only sections of a plan audit can be marked as weakened by advice.' });
      const framework = deps.frameworks.get(audit.frameworkId, audit.frameworkVersion);
      if (!framework || !findSection(framework, params.sectionId)) throw notFound('section', `${params.sectionId} in ${audit.frameworkId} ${audit.frameworkVersion}`);
      const ids = body.adviceAuditIds;
      const problems: { field: string; message: string }[] = [];
      ids.forEach((id, i) => { if (ids.indexOf(id) !== i) problems.push({ field: `adviceAuditIds[${i}]`, message: `"${id}" is listed more than once` }); });
      const store = contributionStore(deps.storage);
      const contributors = new Map((await store.getContributors(tenant, ids)).map((c) => [c.auditId, c]));
      const now = new Date().toISOString();
      const items: SectionWeakening[] = [];
      for (const [i, id] of ids.entries()) {
        if (ids.indexOf(id) !== i) continue;
        const c = contributors.get(id);
        if (!c) problems.push({ field: `adviceAuditIds[${i}]`, message: `no advice audit with id "${id}"` });
        else if (c.planRef !== audit.planRef) problems.push({ field: `adviceAuditIds[${i}]`, message: `"${id}" is an audit of advice for another plan` });
        else items.push({ planAuditId: audit.id, sectionId: params.sectionId, adviceAuditId: id, planRef: audit.planRef, serviceRef: c.serviceRef, teamRef: c.teamRef, markedBy: user.id, markedAt: now });
      }
      if (problems.length > 0) throw validationProblem(problems);
      // The trail records the marking (ids only). On the record-store path it is one batch with the
      // change; a backend with its own tables writes the marking, then the entry.
      const trail = [auditEntry(user, 'audit.weakened-by', audit, audit.version, audit.version, {
        sectionId: params.sectionId, adviceAuditIds: items.map((w) => w.adviceAuditId), serviceRefs: [...new Set(items.map((w) => w.serviceRef))],
      })];
      const batch = store.weakeningBatch(audit.id, params.sectionId, items);
      if (batch) await commit(deps, tenant, { ...batch, trail });
      else {
        await store.replaceWeakenings(tenant, audit.id, params.sectionId, items);
        await commit(deps, tenant, { trail });
      }
      const all = await store.listWeakenings(tenant, { planAuditId: audit.id });
      return { status: 200, body: { planAuditId: audit.id, items: all.map(toWeakeningItem) } };
    },
  }),

  defineOperation({
    operationId: 'listServices',
    method: 'get',
    path: '/reports/services',
    summary: 'The contributing services with advice audits, with their teams',
    description: 'Managers, moderators and admins see every service of their local authority; a service lead sees only their own.',
    tags: ['contributions'],
    roles: SERVICE_READERS,
    responses: { 200: { description: 'The services', schema: ServiceListSchema } },
    async handler({ user, tenant, deps }) {
      const all = await contributionStore(deps.storage).listContributors(tenant, readsAllAudits(user) ? {} : { serviceRef: user.serviceRef ?? '\u0000' });
      const byService = new Map<string, { teams: Set<string>; count: number }>();
      for (const c of all) {
        const entry = byService.get(c.serviceRef) ?? { teams: new Set<string>(), count: 0 };
        if (c.teamRef) entry.teams.add(c.teamRef);
        entry.count++;
        byService.set(c.serviceRef, entry);
      }
      const items = [...byService.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([serviceRef, e]) => ({
        serviceRef,
        teamRefs: [...e.teams].sort(),
        adviceAudits: e.count > 0 && e.count < SUPPRESS_BELOW ? { count: null, suppressed: true } : { count: e.count, suppressed: false },
      }));
      return { status: 200, body: { items } };
    },
  }),

  defineOperation({
    operationId: 'getServiceSummary',
    method: 'get',
    path: '/reports/services/{serviceRef}/summary',
    summary: "How one service's advice was graded: distribution, criteria most often missed, plan sections weakened, change from a baseline",
    description:
      'Completed advice audits whose contributor is the service (or `contributorTeamRef`, one of its teams), with the filters of the audit summary. ' +
      '`compareCycleId` adds the change in the share Good or better from that cycle. Counts from 1 to 4 are suppressed. No plan references and no free text.',
    tags: ['contributions'],
    roles: SERVICE_READERS,
    params: ServiceParamsSchema,
    query: ServiceSummaryQuerySchema,
    responses: { 200: { description: 'The service summary', schema: ServiceSummarySchema } },
    async handler({ user, tenant, params, query, deps }) {
      return { status: 200, body: await buildServiceSummary(deps, user, tenant, params.serviceRef, query) };
    },
  }),

  defineOperation({
    operationId: 'exportServiceFeedback',
    method: 'get',
    path: '/reports/services/{serviceRef}/feedback',
    summary: 'Feedback for one service and cycle, to send to the service lead: CSV or printable HTML',
    description: 'The service summary of one cycle (optionally compared with `compareCycleId`). No plan references, no free text, small counts suppressed.',
    tags: ['contributions'],
    roles: SERVICE_READERS,
    params: ServiceParamsSchema,
    query: ServiceFeedbackQuerySchema,
    responses: { 200: { description: 'The feedback', schema: FeedbackTextSchema, contentType: 'text/csv', headers: { 'Content-Disposition': { description: 'attachment (CSV) or inline (HTML), with a file name' } } } },
    async handler({ user, tenant, params, query, deps }) {
      const summary = await buildServiceSummary(deps, user, tenant, params.serviceRef, query);
      const slug = `${params.serviceRef}-${summary.scope.cycle?.name ?? 'cycle'}`.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'feedback';
      if (query.format === 'csv') {
        return new Response(serviceFeedbackCsv(summary), {
          status: 200,
          headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="ehcp-qa-advice-feedback-${slug}.csv"`, 'x-content-type-options': 'nosniff' },
        });
      }
      return new Response(serviceFeedbackHtml(summary, new Date().toISOString()), {
        status: 200,
        headers: {
          'content-type': 'text/html; charset=utf-8',
          'content-disposition': `inline; filename="ehcp-qa-advice-feedback-${slug}.html"`,
          'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
          'x-content-type-options': 'nosniff',
        },
      });
    },
  }),
];
