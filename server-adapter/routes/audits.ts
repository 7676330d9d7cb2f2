/**
 * Audits: one auditor grading one plan against one framework version. The server
 * computes every suggested grade and the overall grade with the functions from
 * `criteria/grading.ts`; it never takes a grade the client computed on trust.
 * Writes need `If-Match` with the audit's version.
 */
import { randomUUID } from 'node:crypto';
import { checkPlanFacts, checkSection, findSection, notApplicableReason, overallGrade, regradeForFacts, suggestSectionGrade } from '../../criteria/grading.js';
import { frameworkSubject, type Framework } from '../../criteria/schema.js';
import { contributionStore } from '../contributions/store.js';
import { canEditAudit, canReadAudit, readsAllAudits } from '../access.js';
import { assertNotBlinded, withoutBlindedAudits } from '../moderation/blindness.js';
import { openModerationsOfAudit } from '../moderation/records.js';
import { hasRole, type QaUser } from '../auth.js';
import { defineOperation, type OperationResult, type QaDeps } from '../operation.js';
import { forbidden, notFound, QaProblem, validationProblem } from '../problem.js';
import {
  AuditPageSchema, AuditParamsSchema, AuditSchema, CompleteAuditBodySchema, CreateAuditBodySchema, ListAuditsQuerySchema,
  ApplicabilitySchema, ReopenAuditBodySchema, SaveSectionBodySchema, SectionParamsSchema, UpdateFactsBodySchema, type Audit,
} from '../schemas.js';
import type { AuditFilter, TrailInput, WriteResult } from '../storage/types.js';
import { auditEntry, commit } from '../audit-trail.js';
import { sameJson } from '../storage/copy.js';
import { childUrl } from './cycles.js';

const AUDIT_READERS = ['auditor', 'moderator', 'manager', 'admin', 'caseworker'] as const;

/** Loads an audit the caller may read: 404 when absent (or another tenant's), 403 when not theirs to see. */
export async function loadReadableAudit(deps: QaDeps, user: QaUser, tenant: string, auditId: string): Promise<Audit> {
  const audit = await deps.storage.getAudit(tenant, auditId);
  if (!audit) throw notFound('audit', auditId);
  if (!canReadAudit(user, audit)) throw forbidden('You may not read this audit.');
  await assertNotBlinded(deps.storage, tenant, user, audit); // moderation: a second auditor is blind until they complete
  return audit;
}

/** The framework version an audit was made with; 409 if the adapter no longer serves it. */
export function frameworkOf(deps: QaDeps, audit: Audit): Framework {
  const framework = deps.frameworks.get(audit.frameworkId, audit.frameworkVersion);
  if (!framework) {
    throw new QaProblem(409, { detail: `Framework ${audit.frameworkId} ${audit.frameworkVersion}, which this audit was made with, is not served by this adapter.` });
  }
  return framework;
}

/** 412 with the current version, as a problem. */
export function versionConflict(currentVersion: number): QaProblem {
  return new QaProblem(412, {
    detail: `The audit has changed: its current version is ${currentVersion}. Reload it, then apply your change again.`,
    headers: { etag: `"${currentVersion}"` },
    extensions: { currentVersion },
  });
}

/** Turns a compare-and-swap result into the stored audit, or throws 404 / 412. */
export function written(result: WriteResult<Audit>, auditId: string): Audit {
  if (result.ok) return result.value;
  if (result.reason === 'not-found') throw notFound('audit', auditId);
  throw versionConflict(result.currentVersion);
}

/** Writes the next version of an audit with its trail entry, in one transaction; 404/412 problems. */
async function saveAudit(deps: QaDeps, tenant: string, previous: Audit, next: Audit, trail: TrailInput): Promise<Audit> {
  const changedSections = sectionsChanged(previous, next);
  return (await commit(deps, tenant, { updateAudits: [{ next, expectedVersion: previous.version, changedSections }], trail: [trail] })).updatedAudits[0]!;
}

/** Ids of the sections `next` adds, changes or removes against `previous` (the stored version it was made from). */
function sectionsChanged(previous: Audit, next: Audit): string[] {
  const changed: string[] = [];
  for (const id of Object.keys(next.sections)) {
    if (!sameJson(previous.sections[id], next.sections[id])) changed.push(id);
  }
  for (const id of Object.keys(previous.sections)) if (!(id in next.sections)) changed.push(id);
  return changed;
}

const NONE: readonly { field: string; message: string }[] = [];

/** A problem for each id listed more than once, in the order of their second listing's first id; none (no allocation) for the usual list. */
function listedTwice(field: string, list: readonly string[]): readonly { field: string; message: string }[] {
  let repeated = false;
  for (let i = 1; i < list.length && !repeated; i++) repeated = list.indexOf(list[i]!) < i;
  if (!repeated) return NONE;
  return [...new Set(list.filter((id, i) => list.indexOf(id) !== i))].map((id) => ({ field, message: `"${id}" is listed more than once` }));
}

/** Loads an audit for a write by its owner, checking If-Match against the stored version. */
async function loadForEdit(deps: QaDeps, user: QaUser, tenant: string, auditId: string, ifMatch: number): Promise<Audit> {
  const audit = await deps.storage.getAudit(tenant, auditId);
  if (!audit) throw notFound('audit', auditId);
  if (!canEditAudit(user, audit)) {
    throw forbidden(canReadAudit(user, audit) ? 'Only the auditor who started this audit may change it.' : 'You may not change this audit.');
  }
  if (audit.version !== ifMatch) throw versionConflict(audit.version);
  if (audit.status === 'completed') {
    throw new QaProblem(409, { detail: 'The audit is completed. A moderator or admin must reopen it before it can change.' });
  }
  return audit;
}

const auditResponse = (description: string) => ({ description, schema: AuditSchema, etag: true });

/** Whether an audit grades advice (its framework says `subject: advice`). */
function auditsAdvice(deps: QaDeps, audit: Pick<Audit, 'frameworkId' | 'frameworkVersion'>): boolean {
  const framework = deps.frameworks.get(audit.frameworkId, audit.frameworkVersion);
  return framework !== undefined && frameworkSubject(framework) === 'advice';
}

/**
 * Audits as the API answers them: advice audits carry their contributor, which is
 * stored apart from the audit (contributions/store.ts).
 */
export async function presentAudits(deps: QaDeps, tenant: string, audits: readonly Audit[]): Promise<Audit[]> {
  const adviceIds = audits.filter((a) => auditsAdvice(deps, a)).map((a) => a.id);
  if (adviceIds.length === 0) return [...audits];
  const contributors = new Map((await contributionStore(deps.storage).getContributors(tenant, adviceIds)).map((c) => [c.auditId, c]));
  return audits.map((a) => {
    const c = contributors.get(a.id);
    return c ? { ...a, contributor: { serviceRef: c.serviceRef, teamRef: c.teamRef } } : a;
  });
}

/** One audit as the API answers it; see {@link presentAudits}. */
export async function presentAudit(deps: QaDeps, tenant: string, audit: Audit): Promise<Audit> {
  return (await presentAudits(deps, tenant, [audit]))[0]!;
}

/**
 * The answer of a route that returns one audit, with its version as the ETag. Every check has run on
 * `audit` by then; when it is the read cache's own copy and presenting adds nothing to it, its JSON
 * text is already written (read-cache.ts) and is sent as it is, rather than written again.
 */
async function auditAnswer(deps: QaDeps, tenant: string, audit: Audit): Promise<OperationResult> {
  // Only an advice audit has anything added (its contributor), so only its answer waits for presenting.
  const body = auditsAdvice(deps, audit) ? await presentAudit(deps, tenant, audit) : audit;
  const json = body === audit ? deps.auditCache?.jsonOf(tenant, audit) : undefined;
  if (json !== undefined) return { status: 200, json, version: audit.version };
  return { status: 200, body, version: audit.version };
}

export const auditOperations = [
  defineOperation({
    operationId: 'createAudit',
    method: 'post',
    path: '/audits',
    summary: 'Start an audit of a plan',
    description: 'The caller becomes the auditor. The plan is an opaque reference from the host: never a name.',
    tags: ['audits'],
    roles: ['auditor'],
    body: CreateAuditBodySchema,
    responses: { 201: { ...auditResponse('The new audit'), headers: { Location: { description: 'The URL of the new audit' } } } },
    async handler({ c, user, tenant, body, deps }) {
      const framework = body.frameworkVersion
        ? deps.frameworks.get(body.frameworkId, body.frameworkVersion)
        : deps.frameworks.latest(body.frameworkId);
      if (!framework) {
        const known = deps.frameworks.list().map((f) => `${f.id} ${f.version}`).join(', ');
        const field = body.frameworkVersion && deps.frameworks.latest(body.frameworkId) ? 'frameworkVersion' : 'frameworkId';
        throw validationProblem([{ field, message: `no framework "${body.frameworkId}"${body.frameworkVersion ? ` version ${body.frameworkVersion}` : ''}; this adapter serves ${known}` }]);
      }
      const factProblems = body.facts ? checkPlanFacts(framework, body.facts) : [];
      const advice = frameworkSubject(framework) === 'advice';
      if (advice && !body.contributor) factProblems.push({ field: 'contributor', message: `${framework.id} audits advice: give the contributing service (serviceRef, and teamRef where known)` });
      if (!advice && body.contributor) factProblems.push({ field: 'contributor', message: `${framework.id} does not audit advice; leave contributor out` });
      if (factProblems.length > 0) throw validationProblem(factProblems);
      const cycleId = body.cycleId ?? null;
      if (cycleId !== null && !(await deps.storage.getCycle(tenant, cycleId))) {
        throw validationProblem([{ field: 'cycleId', message: `no cycle with id "${cycleId}"` }]);
      }
      const now = new Date().toISOString();
      const audit: Audit = {
        id: randomUUID(),
        frameworkId: framework.id,
        frameworkVersion: framework.version,
        planRef: body.planRef,
        cycleId,
        auditorId: user.id,
        auditorRole: body.auditorRole,
        plan: body.plan,
        status: 'in-progress',
        version: 1,
        sections: {},
        overall: null,
        startedAt: now,
        updatedAt: now,
        completedAt: null,
        activeSeconds: 0,
        reopenings: [],
        ...(body.facts ? { facts: body.facts } : {}),
      };
      // The contributor of an advice audit is stored with it: in the same batch on the record-store path.
      const store = contributionStore(deps.storage);
      const contributor = body.contributor
        ? { auditId: audit.id, planRef: audit.planRef, serviceRef: body.contributor.serviceRef, teamRef: body.contributor.teamRef ?? null, createdAt: now }
        : null;
      const contributorRecord = contributor ? store.contributorBatchRecord(contributor) : null;
      const done = await commit(deps, tenant, {
        createAudits: [audit],
        ...(contributorRecord ? { records: [contributorRecord] } : {}),
        trail: [auditEntry(user, 'audit.created', audit, null, 1, {
          planRef: audit.planRef, cycleId: audit.cycleId, frameworkId: audit.frameworkId, frameworkVersion: audit.frameworkVersion,
          ...(contributor ? { serviceRef: contributor.serviceRef, teamRef: contributor.teamRef } : {}),
        })],
      });
      const stored = done.audits[0]!;
      if (contributor && !contributorRecord) await store.putContributor(tenant, contributor);
      return { status: 201, body: await presentAudit(deps, tenant, stored), version: stored.version, headers: { location: childUrl(c.req.url, stored.id) } };
    },
  }),

  defineOperation({
    operationId: 'getAudit',
    method: 'get',
    path: '/audits/{auditId}',
    summary: 'One audit, with its sections and grades',
    tags: ['audits'],
    roles: AUDIT_READERS,
    params: AuditParamsSchema,
    responses: { 200: auditResponse('The audit') },
    async handler({ user, tenant, params, deps }) {
      return auditAnswer(deps, tenant, await loadReadableAudit(deps, user, tenant, params.auditId));
    },
  }),

  defineOperation({
    operationId: 'listAudits',
    method: 'get',
    path: '/audits',
    summary: 'Audits the caller may read, newest first, a page at a time',
    description:
      'Moderators, managers and admins see every audit of their local authority. Auditors see their own. ' +
      'Caseworkers see completed audits of the plans they are caseworker for.',
    tags: ['audits'],
    roles: AUDIT_READERS,
    query: ListAuditsQuerySchema,
    responses: { 200: { description: 'A page of audits', schema: AuditPageSchema } },
    async handler({ user, tenant, query, deps }) {
      const { cursor, limit, ...filters } = query;
      const filter: AuditFilter = { ...filters };
      if (!readsAllAudits(user)) {
        if (hasRole(user, 'auditor')) {
          if (filters.auditorId !== undefined && filters.auditorId !== user.id) throw forbidden('Auditors may list only their own audits.');
          filter.auditorId = user.id;
        } else {
          if (filters.status === 'in-progress') throw forbidden('Caseworkers may list only completed audits.');
          filter.status = 'completed';
          filter.caseworkerRef = user.id;
        }
      }
      const page = await deps.storage.listAudits(tenant, filter, { ...(cursor !== undefined ? { cursor } : {}), ...(limit !== undefined ? { limit } : {}) });
      const visible = await withoutBlindedAudits(deps.storage, tenant, user, page.items);
      const items = await presentAudits(deps, tenant, visible);
      // Items that are the read cache's own copies, with nothing added: their JSON is already written.
      const texts = deps.auditCache && items.every((a, i) => a === visible[i]) ? items.map((a) => deps.auditCache!.jsonOf(tenant, a)) : undefined;
      if (texts?.every((t) => t !== undefined) && Object.keys(page).length === 2) {
        return { status: 200, json: `{"items":[${texts.join(',')}],"nextCursor":${JSON.stringify(page.nextCursor)}}` };
      }
      return { status: 200, body: { ...page, items } };
    },
  }),

  defineOperation({
    operationId: 'saveSection',
    method: 'put',
    path: '/audits/{auditId}/sections/{sectionId}',
    summary: "Save one section's criteria, grade and comment",
    description:
      'The server computes the suggested grade from `criteriaMet`. A chosen grade that differs from it needs `overrideReason`. ' +
      '`activeSeconds` adds the time spent since the last save.',
    tags: ['audits'],
    roles: ['auditor'],
    params: SectionParamsSchema,
    body: SaveSectionBodySchema,
    ifMatch: true,
    errors: [409],
    responses: { 200: auditResponse('The audit after the save') },
    async handler({ user, tenant, params, body, ifMatch, deps }) {
      const audit = await loadForEdit(deps, user, tenant, params.auditId, ifMatch!);
      const framework = frameworkOf(deps, audit);
      const section = findSection(framework, params.sectionId);
      if (!section) throw notFound('section', `${params.sectionId} in ${framework.id} ${framework.version}`);
      // The body as it is (checkSection reads only the answers' fields); the suggestion as the check computed it, when it did.
      const checked = checkSection(framework, section, body, audit.facts);
      const twice = listedTwice('criteriaMet', body.criteriaMet);
      const twiceUnsure = body.cannotTell ? listedTwice('cannotTell', body.cannotTell) : NONE;
      if (twice.length > 0 || twiceUnsure.length > 0 || checked.problems.length > 0) throw validationProblem([...twice, ...twiceUnsure, ...checked.problems]);
      const suggestedGrade = checked.suggestedGrade ?? suggestSectionGrade(framework, section, body.criteriaMet, {
        facts: audit.facts, nilStatement: body.nilStatement, cannotTell: body.cannotTell,
      }).grade;
      const now = new Date().toISOString();
      const reason = body.overrideReason?.trim();
      const comment = body.comment?.trim();
      const next: Audit = {
        ...audit,
        sections: {
          ...audit.sections,
          [section.id]: {
            criteriaMet: body.criteriaMet,
            grade: body.grade,
            suggestedGrade,
            // A reason is kept only where it explains a difference from the suggestion.
            overrideReason: body.grade !== null && body.grade !== suggestedGrade && reason ? reason : null,
            comment: comment ? comment : null,
            savedAt: now,
            ...(body.cannotTell !== undefined && body.cannotTell.length > 0 ? { cannotTell: body.cannotTell } : {}),
            ...(body.nilStatement !== undefined ? { nilStatement: body.nilStatement } : {}),
          },
        },
        activeSeconds: audit.activeSeconds + (body.activeSeconds ?? 0),
        updatedAt: now,
        version: audit.version + 1,
      };
      // The trail keeps the grade and the ids ticked; never the comment or the reason.
      const stored = await saveAudit(deps, tenant, audit, next, auditEntry(user, 'audit.section-saved', audit, audit.version, audit.version + 1, {
        sectionId: section.id, grade: body.grade, suggestedGrade, criteriaMet: body.criteriaMet,
        ...(body.cannotTell?.length ? { cannotTell: body.cannotTell } : {}), ...(body.nilStatement !== undefined ? { nilStatement: body.nilStatement } : {}),
        overridden: body.grade !== null && body.grade !== suggestedGrade,
      }));
      return auditAnswer(deps, tenant, stored);
    },
  }),

  defineOperation({
    operationId: 'completeAudit',
    method: 'post',
    path: '/audits/{auditId}/complete',
    summary: 'Complete an audit: every section must have a grade',
    description: 'Computes the overall grade on the server. Refused (422) with the list of sections still ungraded.',
    tags: ['audits'],
    roles: ['auditor'],
    params: AuditParamsSchema,
    body: CompleteAuditBodySchema,
    bodyOptional: true,
    ifMatch: true,
    errors: [409],
    responses: { 200: auditResponse('The completed audit') },
    async handler({ user, tenant, params, body, ifMatch, deps }) {
      const audit = await loadForEdit(deps, user, tenant, params.auditId, ifMatch!);
      const framework = frameworkOf(deps, audit);
      const ungraded = framework.sections.filter((s) => audit.sections[s.id]?.grade == null).map((s) => s.id);
      if (ungraded.length > 0) {
        throw new QaProblem(422, {
          title: 'The audit has ungraded sections',
          detail: `Grade every section before completing. Still ungraded: ${ungraded.join(', ')}.`,
          errors: ungraded.map((id) => ({ field: `sections.${id}`, message: 'has no grade' })),
        });
      }
      const grades = Object.fromEntries(Object.entries(audit.sections).map(([id, s]) => [id, s.grade]));
      const now = new Date().toISOString();
      const next: Audit = {
        ...audit,
        status: 'completed',
        overall: overallGrade(framework, grades),
        completedAt: now,
        updatedAt: now,
        activeSeconds: audit.activeSeconds + (body.activeSeconds ?? 0),
        version: audit.version + 1,
      };
      const stored = await saveAudit(deps, tenant, audit, next, auditEntry(user, 'audit.completed', audit, audit.version, audit.version + 1, { overallGrade: next.overall?.grade ?? null }));
      return auditAnswer(deps, tenant, stored);
    },
  }),

  defineOperation({
    operationId: 'reopenAudit',
    method: 'post',
    path: '/audits/{auditId}/reopen',
    summary: 'Reopen a completed audit so its auditor can change it (moderators and admins)',
    tags: ['audits'],
    roles: ['moderator', 'admin'],
    params: AuditParamsSchema,
    body: ReopenAuditBodySchema,
    ifMatch: true,
    errors: [409],
    responses: { 200: auditResponse('The reopened audit') },
    async handler({ user, tenant, params, body, ifMatch, deps }) {
      const audit = await deps.storage.getAudit(tenant, params.auditId);
      if (!audit) throw notFound('audit', params.auditId);
      await assertNotBlinded(deps.storage, tenant, user, audit); // the answer carries the audit
      if (audit.version !== ifMatch) throw versionConflict(audit.version);
      if (audit.status !== 'completed') throw new QaProblem(409, { detail: 'Only a completed audit can be reopened; this one is in progress.' });
      // An audit in an open moderation stays as it was compared: reopening it would let one side change to match the other.
      const open = await openModerationsOfAudit(deps.storage, tenant, audit.id);
      if (open.length > 0) {
        const ids = open.map((r) => r.data.id);
        throw new QaProblem(409, {
          title: 'The audit is in an open moderation',
          detail: `The audit is in moderation ${ids.join(', ')}, which is not resolved. Resolve or cancel the moderation first, then reopen the audit.`,
          extensions: { moderationIds: ids },
        });
      }
      const now = new Date().toISOString();
      const next: Audit = {
        ...audit,
        status: 'in-progress',
        overall: null,
        completedAt: null,
        updatedAt: now,
        reopenings: [...audit.reopenings, { at: now, by: user.id, reason: body.reason }],
        version: audit.version + 1,
      };
      // The reason stays with the audit; the trail records only that it was reopened, and by whom.
      const stored = await saveAudit(deps, tenant, audit, next, auditEntry(user, 'audit.reopened', audit, audit.version, audit.version + 1, { previousOverallGrade: audit.overall?.grade ?? null }));
      return auditAnswer(deps, tenant, stored);
    },
  }),
  defineOperation({
    operationId: 'updateAuditFacts',
    method: 'put',
    path: '/audits/{auditId}/facts',
    summary: "Record the plan's facts (status, age band, …) that decide which criteria apply",
    description:
      'Replaces the facts. Every saved section is graded again with them: ticks and "cannot tell" answers on criteria that no ' +
      'longer apply are dropped, and a grade that followed the old suggestion follows the new one (a grade the auditor chose ' +
      'with a reason is kept).',
    tags: ['audits'],
    roles: ['auditor'],
    params: AuditParamsSchema,
    body: UpdateFactsBodySchema,
    ifMatch: true,
    errors: [409],
    responses: { 200: auditResponse('The audit with its new facts') },
    async handler({ user, tenant, params, body, ifMatch, deps }) {
      const audit = await loadForEdit(deps, user, tenant, params.auditId, ifMatch!);
      const framework = frameworkOf(deps, audit);
      const problems = checkPlanFacts(framework, body.facts);
      if (problems.length > 0) throw validationProblem(problems);
      const sections: Audit['sections'] = {};
      for (const [sectionId, saved] of Object.entries(audit.sections)) {
        const section = findSection(framework, sectionId);
        if (!section) {
          sections[sectionId] = saved;
          continue;
        }
        const { criteriaMet, cannotTell, suggestedGrade, grade } = regradeForFacts(framework, section, saved, body.facts);
        const { cannotTell: _dropped, ...rest } = saved;
        sections[sectionId] = {
          ...rest,
          criteriaMet,
          suggestedGrade,
          grade,
          overrideReason: grade !== null && grade !== suggestedGrade ? saved.overrideReason : null,
          ...(cannotTell.length > 0 ? { cannotTell } : {}),
        };
      }
      const now = new Date().toISOString();
      const next: Audit = { ...audit, facts: body.facts, sections, updatedAt: now, version: audit.version + 1 };
      const stored = await saveAudit(deps, tenant, audit, next, auditEntry(user, 'audit.facts-saved', audit, audit.version, audit.version + 1, {
        facts: Object.keys(body.facts).sort(),
        regraded: Object.entries(sections).filter(([id, sec]) => sec.grade !== audit.sections[id]?.grade).map(([id, sec]) => `${id}:${sec.grade ?? ''}`),
      }));
      return auditAnswer(deps, tenant, stored);
    },
  }),

  defineOperation({
    operationId: 'getAuditApplicability',
    method: 'get',
    path: '/audits/{auditId}/applicability',
    summary: 'Which criteria do not apply to this plan, section by section, and why',
    description: "Decided from the audit's plan facts and each saved section's nil-statement answer, with the same functions the grader uses.",
    tags: ['audits'],
    roles: AUDIT_READERS,
    params: AuditParamsSchema,
    responses: { 200: { description: 'The criteria that do not apply, per section', schema: ApplicabilitySchema } },
    async handler({ user, tenant, params, deps }) {
      const audit = await loadReadableAudit(deps, user, tenant, params.auditId);
      const framework = frameworkOf(deps, audit);
      const facts = audit.facts ?? {};
      const sections: Record<string, { criterionId: string; reason: string }[]> = {};
      for (const section of framework.sections) {
        const context = { facts, nilStatement: audit.sections[section.id]?.nilStatement };
        sections[section.id] = section.criteria.flatMap((criterion) => {
          const reason = notApplicableReason(framework, criterion, context);
          return reason === null ? [] : [{ criterionId: criterion.id, reason }];
        });
      }
      return {
        status: 200,
        body: {
          frameworkId: framework.id,
          frameworkVersion: framework.version,
          facts,
          unansweredFacts: (framework.facts ?? []).map((f) => f.id).filter((id) => facts[id] === undefined),
          sections,
        },
      };
    },
  }),
];
