/**
 * Experiential feedback (docs/feedback.md): invitations without accounts, the public form
 * reached by a single-use link, and the summary with small numbers suppressed.
 *
 * Access: caseworkers (for their own plans) and managers create, read and revoke requests;
 * anyone holding a valid link reads its questionnaire and sends one response, without
 * signing in; managers, moderators and admins read the summary, the export and quality
 * and experience side by side; free-text answers go to managers only, name-like words
 * masked. Every call but the public ones is scoped to the caller's tenant.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import * as z from 'zod';
import { answerProblems, type Questionnaire } from '../../criteria/questionnaire-schema.js';
import { builtInQuestionnaires } from '../../criteria/questionnaires/index.js';
import { hasRole, type QaUser } from '../auth.js';
import { defineOperation, type QaDeps } from '../operation.js';
import { forbidden, notFound, QaProblem, validationProblem, PROBLEM_TYPE_BASE } from '../problem.js';
import { named, type Cycle, type PlanMetadata } from '../schemas.js';
import { reportFramework } from './reports.js';
import {
  CreatedFeedbackRequestSchema, CreateFeedbackRequestBodySchema, FeedbackExportQuerySchema, FeedbackReceiptSchema, FeedbackRequestListQuerySchema,
  FeedbackRequestListSchema, FeedbackRequestParamsSchema, FeedbackRequestSchema, FeedbackSummaryQuerySchema, FeedbackSummarySchema,
  PublicFeedbackFormSchema, QualityExperienceQuerySchema, QualityExperienceSchema, QuestionnaireListSchema, SubmitFeedbackBodySchema, TokenParamsSchema,
  type FeedbackOptions,
} from '../feedback/schemas.js';
import { feedbackStore, hasPlanFilter, newResponseId, type FeedbackFilter, type FeedbackRequest, type FeedbackResponse } from '../feedback/store.js';
import { comparePositive, maskNames, MIN_COUNT, questionnaireFigures, shownCount } from '../feedback/summary.js';
import { BUNDLE_FILE, builtBundleFile, FEEDBACK_ASSETS, FEEDBACK_SCRIPT, pageHeaders, renderFeedbackPage } from '../feedback/page.js';
import { csvLines } from '../reports/csv.js';
import { proportion } from '../reports/stats.js';

const REQUESTERS = ['caseworker', 'manager'] as const;
const READERS = ['manager', 'moderator', 'admin'] as const;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const optionsOf = (deps: QaDeps): FeedbackOptions => deps.options.feedback ?? {};
const questionnairesOf = (deps: QaDeps): readonly Questionnaire[] => optionsOf(deps).questionnaires ?? builtInQuestionnaires;

function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i]! - pb[i]!;
  return 0;
}

function findQuestionnaire(deps: QaDeps, id: string, version: string): Questionnaire | undefined {
  return questionnairesOf(deps).find((q) => q.id === id && q.version === version);
}

/** The questionnaire a new request uses: the one asked for, else the newest for the respondent type. */
function chooseQuestionnaire(deps: QaDeps, body: { respondentType: string; questionnaireId?: string | undefined; questionnaireVersion?: string | undefined }): Questionnaire {
  const all = questionnairesOf(deps).filter((q) => (body.questionnaireId ? q.id === body.questionnaireId : q.respondentType === body.respondentType));
  const chosen = body.questionnaireVersion ? all.find((q) => q.version === body.questionnaireVersion) : [...all].sort((a, b) => compareVersions(b.version, a.version))[0];
  if (!chosen) {
    const field = body.questionnaireId ? (body.questionnaireVersion ? 'questionnaireVersion' : 'questionnaireId') : 'respondentType';
    throw validationProblem([{ field, message: `no questionnaire is served for this; served: ${questionnairesOf(deps).map((q) => `${q.id} ${q.version}`).join(', ')}` }]);
  }
  if (chosen.respondentType !== body.respondentType) {
    throw validationProblem([{ field: 'questionnaireId', message: `${chosen.id} is for ${chosen.respondentType}, not ${body.respondentType}` }]);
  }
  return chosen;
}

/** How a request is shown: without its token hash or submission key, and `expired` when past its time. */
function publicView(r: FeedbackRequest, now = new Date().toISOString()) {
  return {
    id: r.id, planRef: r.planRef, cycleId: r.cycleId, respondentType: r.respondentType, questionnaireId: r.questionnaireId,
    questionnaireVersion: r.questionnaireVersion, linked: r.linked, plan: r.plan, createdBy: r.createdBy, createdAt: r.createdAt,
    expiresAt: r.expiresAt, status: r.status === 'open' && r.expiresAt <= now ? ('expired' as const) : r.status, usedAt: r.usedAt,
    revokedAt: r.revokedAt, version: r.version,
  };
}

/** Caseworkers see the requests of their own plans (or that they made); managers all of the tenant's. */
function canSeeRequest(user: QaUser, r: FeedbackRequest): boolean {
  if (hasRole(user, 'manager')) return true;
  return hasRole(user, 'caseworker') && (r.plan.caseworkerRef === user.id || r.createdBy === user.id);
}

async function loadRequest(deps: QaDeps, tenant: string, user: QaUser, id: string): Promise<FeedbackRequest> {
  const r = await feedbackStore(deps.storage).getFeedbackRequest(tenant, id);
  if (!r || !canSeeRequest(user, r)) throw notFound('feedback request', id);
  return r;
}

/** A problem for a link that cannot be used, with its own type so the form can say why. */
function linkProblem(reason: 'not-found' | 'used' | 'revoked' | 'expired'): QaProblem {
  switch (reason) {
    case 'used':
      return new QaProblem(410, { type: `${PROBLEM_TYPE_BASE}feedback-link-used`, title: 'This link has already been used', detail: 'Answers have already been sent with this link. Each link can be used once.' });
    case 'expired':
      return new QaProblem(410, { type: `${PROBLEM_TYPE_BASE}feedback-link-expired`, title: 'This link has expired', detail: 'This link is too old to use. Ask the council for a new one if you would still like to answer.' });
    case 'revoked':
      return new QaProblem(410, { type: `${PROBLEM_TYPE_BASE}feedback-link-withdrawn`, title: 'This link has been withdrawn', detail: 'The council has withdrawn this link. Ask them for a new one if you would still like to answer.' });
    default:
      return new QaProblem(404, { type: `${PROBLEM_TYPE_BASE}feedback-link-unknown`, title: 'This link is not recognised', detail: 'Check that the whole link was copied. If it still does not work, ask the council for a new one.' });
  }
}

async function requestByToken(deps: QaDeps, token: string): Promise<{ tenant: string; request: FeedbackRequest }> {
  const found = await feedbackStore(deps.storage).findFeedbackRequestByTokenHash(sha256(token));
  if (!found) throw linkProblem('not-found');
  const { request } = found;
  if (request.status === 'revoked') throw linkProblem('revoked');
  if (request.status === 'used') throw linkProblem('used');
  if (request.expiresAt <= new Date().toISOString()) throw linkProblem('expired');
  return found;
}

/** The adapter's mount path, from a request to `<mount><suffix>`. */
function mountOf(path: string, suffix: string): string {
  const at = path.lastIndexOf(suffix);
  return at >= 0 ? path.slice(0, at) : '';
}

type FilterQuery = { cycleId?: string | undefined; respondentType?: FeedbackFilter['respondentType'] | undefined; phase?: PlanMetadata['phase'] | undefined; primaryNeed?: PlanMetadata['primaryNeed'] | undefined; settingType?: PlanMetadata['settingType'] | undefined; teamRef?: string | undefined };

async function scopeOf(deps: QaDeps, tenant: string, query: FilterQuery): Promise<{ filter: FeedbackFilter; cycle: Cycle | null; applied: Record<string, string> }> {
  const cycle = query.cycleId ? await deps.storage.getCycle(tenant, query.cycleId) : null;
  if (query.cycleId && !cycle) throw notFound('cycle', query.cycleId);
  const filter: FeedbackFilter = {};
  const applied: Record<string, string> = {};
  for (const key of ['cycleId', 'respondentType', 'phase', 'primaryNeed', 'settingType', 'teamRef'] as const) {
    const value = query[key];
    if (value === undefined) continue;
    (filter as Record<string, string>)[key] = value;
    applied[key] = value;
  }
  return { filter, cycle, applied };
}

const scopeBody = (cycle: Cycle | null, filter: FeedbackFilter, applied: Record<string, string>) => ({
  cycle, respondentType: filter.respondentType ?? null, filters: applied, minimumCount: MIN_COUNT, linkedOnly: hasPlanFilter(filter),
});

/** Responses grouped by questionnaire version, in the order the questionnaires are served. */
function byQuestionnaire(deps: QaDeps, responses: readonly FeedbackResponse[]): { questionnaire: Questionnaire; responses: FeedbackResponse[] }[] {
  return questionnairesOf(deps)
    .map((q) => ({ questionnaire: q, responses: responses.filter((r) => r.questionnaireId === q.id && r.questionnaireVersion === q.version) }))
    .filter((g) => g.responses.length > 0);
}

async function responseRates(deps: QaDeps, tenant: string, filter: FeedbackFilter) {
  const store = feedbackStore(deps.storage);
  let requests = await store.listFeedbackRequests(tenant, filter);
  // With plan filters only linked responses can match, so only linked requests count as sent.
  if (hasPlanFilter(filter)) requests = requests.filter((r) => r.linked);
  const responses = await store.listFeedbackResponses(tenant, filter);
  const types = [...new Set([...requests.map((r) => r.respondentType), ...responses.map((r) => r.respondentType)])].sort();
  return types.map((respondentType) => {
    const sent = requests.filter((r) => r.respondentType === respondentType).length;
    const received = responses.filter((r) => r.respondentType === respondentType).length;
    const shown = shownCount(received);
    return {
      respondentType,
      sent,
      responses: shown,
      rate: shown === null || sent === 0 || received > sent ? null : proportion(received, sent),
    };
  });
}

const SUMMARY_METHOD =
  `No figure from fewer than ${MIN_COUNT} responses is shown: an option chosen by 1–4 people is hidden, with another option where the hidden one could otherwise be worked out by subtraction; a question with fewer than ${MIN_COUNT} answers shows no figures. ` +
  'Positive shares have a 95% Wilson interval; changes between cycles a 95% Newcombe interval, as in the audit reports. Plan filters (phase, primary need, setting, team) match linked responses only.';

export const feedbackOperations = [
  defineOperation({
    operationId: 'listQuestionnaires',
    method: 'get',
    path: '/questionnaires',
    summary: 'The feedback questionnaires served',
    tags: ['feedback'],
    roles: 'any-user',
    responses: { 200: { description: 'Every questionnaire', schema: QuestionnaireListSchema } },
    async handler({ deps }) {
      return { status: 200, body: { items: [...questionnairesOf(deps)] } };
    },
  }),

  defineOperation({
    operationId: 'createFeedbackRequest',
    method: 'post',
    path: '/feedback-requests',
    summary: 'Create a single-use feedback link for one plan and one respondent type',
    description:
      'Returns the token and link once; only the token\'s hash is stored. Send the link with your own letters, e-mail or SMS: the package sends nothing and stores no contact details. ' +
      'Caseworkers may ask only for their own plans (`plan.caseworkerRef` is set to them when absent). Whether the response is linked to the plan follows the adapter\'s `feedback.linkResponses` setting.',
    tags: ['feedback'],
    roles: REQUESTERS,
    body: CreateFeedbackRequestBodySchema,
    responses: { 201: { description: 'The request, its token and link', schema: CreatedFeedbackRequestSchema, etag: true } },
    async handler({ c, user, tenant, body, deps }) {
      const plan: PlanMetadata = { ...body.plan };
      if (!hasRole(user, 'manager')) {
        if (plan.caseworkerRef !== undefined && plan.caseworkerRef !== user.id) throw forbidden('Caseworkers may ask for feedback on their own plans only.');
        plan.caseworkerRef = user.id;
      }
      const cycleId = body.cycleId ?? null;
      if (cycleId && !(await deps.storage.getCycle(tenant, cycleId))) {
        throw validationProblem([{ field: 'cycleId', message: `no cycle "${cycleId}" in this local authority` }]);
      }
      const questionnaire = chooseQuestionnaire(deps, body);
      const options = optionsOf(deps);
      const days = body.expiresInDays ?? options.defaultExpiryDays ?? 28;
      const now = new Date();
      const token = randomBytes(32).toString('base64url');
      const request: FeedbackRequest = {
        id: `fbq_${randomUUID().replaceAll('-', '')}`,
        tokenHash: sha256(token),
        planRef: body.planRef,
        cycleId,
        respondentType: body.respondentType,
        questionnaireId: questionnaire.id,
        questionnaireVersion: questionnaire.version,
        linked: options.linkResponses ?? false,
        plan,
        createdBy: user.id,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + days * 86_400_000).toISOString(),
        status: 'open',
        usedAt: null,
        revokedAt: null,
        submissionKeyHash: null,
        version: 1,
      };
      const stored = await feedbackStore(deps.storage).createFeedbackRequest(tenant, request);
      const base = options.publicBaseUrl?.replace(/\/$/, '') ?? `${new URL(c.req.url).origin}${mountOf(c.req.path, '/feedback-requests')}`;
      return { status: 201, body: { request: publicView(stored), token, link: `${base}/feedback/${token}` }, version: stored.version };
    },
  }),

  defineOperation({
    operationId: 'listFeedbackRequests',
    method: 'get',
    path: '/feedback-requests',
    summary: 'The feedback requests of one plan',
    tags: ['feedback'],
    roles: REQUESTERS,
    query: FeedbackRequestListQuerySchema,
    responses: { 200: { description: 'Requests, oldest first (never their tokens)', schema: FeedbackRequestListSchema } },
    async handler({ user, tenant, query, deps }) {
      const all = await feedbackStore(deps.storage).listFeedbackRequests(tenant, { planRef: query.planRef });
      return { status: 200, body: { items: all.filter((r) => canSeeRequest(user, r)).map((r) => publicView(r)) } };
    },
  }),

  defineOperation({
    operationId: 'getFeedbackRequest',
    method: 'get',
    path: '/feedback-requests/{requestId}',
    summary: 'One feedback request (never its token)',
    tags: ['feedback'],
    roles: REQUESTERS,
    params: FeedbackRequestParamsSchema,
    responses: { 200: { description: 'The request', schema: FeedbackRequestSchema, etag: true } },
    async handler({ user, tenant, params, deps }) {
      const r = await loadRequest(deps, tenant, user, params.requestId);
      return { status: 200, body: publicView(r), version: r.version };
    },
  }),

  defineOperation({
    operationId: 'revokeFeedbackRequest',
    method: 'post',
    path: '/feedback-requests/{requestId}/revoke',
    summary: 'Withdraw an unused feedback link',
    description: 'Send `If-Match` with the request\'s ETag. A used link cannot be withdrawn (409): its response is kept.',
    tags: ['feedback'],
    roles: REQUESTERS,
    params: FeedbackRequestParamsSchema,
    ifMatch: true,
    responses: { 200: { description: 'The withdrawn request', schema: FeedbackRequestSchema, etag: true } },
    errors: [409, 412],
    async handler({ user, tenant, params, ifMatch, deps }) {
      const r = await loadRequest(deps, tenant, user, params.requestId);
      if (r.status !== 'open') throw new QaProblem(409, { detail: `This request is already ${r.status}.` });
      const result = await feedbackStore(deps.storage).revokeFeedbackRequest(tenant, r.id, ifMatch!, new Date().toISOString());
      if (!result.ok) {
        if (result.reason === 'not-found') throw notFound('feedback request', r.id);
        throw new QaProblem(412, {
          detail: `The request has changed: its current version is ${result.currentVersion}. Reload it first.`,
          headers: { etag: `"${result.currentVersion}"` },
          extensions: { currentVersion: result.currentVersion },
        });
      }
      return { status: 200, body: publicView(result.value), version: result.value.version };
    },
  }),

  defineOperation({
    operationId: 'getFeedbackPage',
    method: 'get',
    path: '/feedback/{token}',
    summary: 'The public feedback form: a ready HTML page (no sign-in)',
    description: 'A plain page that loads `<ehcp-feedback-form>` as a JavaScript module. Sent with a strict Content-Security-Policy, no referrer and no caching. The form itself says when a link is used, expired or withdrawn.',
    tags: ['feedback'],
    roles: 'public',
    params: z.strictObject({ token: z.string().max(200) }),
    responses: { 200: { description: 'The page', schema: named(z.string(), 'FeedbackPage', 'An HTML document.'), contentType: 'text/html' } },
    async handler({ c, params, deps }) {
      const mount = mountOf(c.req.path, '/feedback/');
      const scriptUrl = optionsOf(deps).formScriptUrl ?? `${mount}${FEEDBACK_SCRIPT}`;
      const token = /^[A-Za-z0-9_-]{43}$/.test(params.token) ? params.token : '';
      return new Response(renderFeedbackPage({ apiBase: mount, token, scriptUrl }), { status: 200, headers: pageHeaders(scriptUrl, c.req.url) });
    },
  }),

  defineOperation({
    operationId: 'getFeedbackFormScript',
    method: 'get',
    path: `${FEEDBACK_ASSETS}/{file}`,
    summary: 'The elements\' browser bundle, for the ready feedback page (no sign-in)',
    description: 'Serves `ehcp-qa.bundle.js` and the element files beside it (the form is loaded from one of them when its tag appears) from the built package\'s dist/. 404 when the package has not been built and `feedback.formScriptUrl` is not set.',
    tags: ['feedback'],
    roles: 'public',
    params: z.strictObject({ file: z.string().regex(BUNDLE_FILE, 'is not a file of the bundle') }),
    responses: { 200: { description: 'JavaScript', schema: named(z.string(), 'FeedbackFormScript', 'A JavaScript module.'), contentType: 'text/javascript' } },
    async handler({ params }) {
      const bundle = builtBundleFile(params.file);
      if (bundle === null) throw new QaProblem(404, { detail: `${params.file} is not built: run \`npm run build\`, or set \`feedback.formScriptUrl\` to where you serve dist/ehcp-qa.bundle.js and the files beside it.` });
      return new Response(bundle, { status: 200, headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=3600', 'x-content-type-options': 'nosniff' } });
    },
  }),

  defineOperation({
    operationId: 'getFeedbackForm',
    method: 'get',
    path: '/feedback/{token}/form',
    summary: 'The questionnaire behind a feedback link (no sign-in)',
    description: '404 for an unknown link; 410 for one used, expired or withdrawn, each with its own problem `type` (`…:feedback-link-used`, `…-expired`, `…-withdrawn`).',
    tags: ['feedback'],
    roles: 'public',
    params: TokenParamsSchema,
    responses: { 200: { description: 'The questionnaire and what happens to the answers', schema: PublicFeedbackFormSchema } },
    errors: [410],
    async handler({ c, params, deps }) {
      const { tenant, request } = await requestByToken(deps, params.token);
      const questionnaire = findQuestionnaire(deps, request.questionnaireId, request.questionnaireVersion);
      if (!questionnaire) throw new QaProblem(503, { detail: 'This questionnaire is no longer served. Please ask the council for a new link.' });
      const org = optionsOf(deps).organisationName;
      c.header('cache-control', 'no-store');
      c.header('referrer-policy', 'no-referrer');
      return { status: 200, body: { questionnaire, linked: request.linked, organisationName: typeof org === 'function' ? org(tenant) : org ?? null, expiresAt: request.expiresAt } };
    },
  }),

  defineOperation({
    operationId: 'submitFeedback',
    method: 'post',
    path: '/feedback/{token}/responses',
    summary: 'Send the answers of a feedback link, once (no sign-in)',
    description:
      'Every question is optional. The same `submissionKey` sent again (a retry after a lost connection) answers 200 with `replay: true` and stores nothing; ' +
      'another submission on a used link is refused (410). An anonymous response keeps no plan reference, plan details or time of day.',
    tags: ['feedback'],
    roles: 'public',
    params: TokenParamsSchema,
    body: SubmitFeedbackBodySchema,
    responses: {
      201: { description: 'Received', schema: FeedbackReceiptSchema },
      200: { description: 'Already received (the same submission sent again)', schema: FeedbackReceiptSchema },
    },
    errors: [410],
    async handler({ params, body, deps }) {
      const found = await feedbackStore(deps.storage).findFeedbackRequestByTokenHash(sha256(params.token));
      if (!found) throw linkProblem('not-found');
      const { tenant, request } = found;
      const questionnaire = findQuestionnaire(deps, request.questionnaireId, request.questionnaireVersion);
      if (!questionnaire) throw new QaProblem(503, { detail: 'This questionnaire is no longer served. Please ask the council for a new link.' });
      // Empty answers (a cleared text box, no option ticked) are left out rather than stored.
      const answers = Object.fromEntries(Object.entries(body.answers).filter(([, v]) => (Array.isArray(v) ? v.length > 0 : v.trim() !== '')));
      const problems = answerProblems(questionnaire, answers);
      if (problems.length) throw validationProblem(problems.map((p) => ({ field: p.path, message: p.message })));
      const now = new Date().toISOString();
      const response: FeedbackResponse = {
        id: newResponseId(),
        cycleId: request.cycleId,
        respondentType: request.respondentType,
        questionnaireId: questionnaire.id,
        questionnaireVersion: questionnaire.version,
        linked: request.linked,
        planRef: request.linked ? request.planRef : null,
        plan: request.linked ? request.plan : null,
        answers: answers as FeedbackResponse['answers'],
        submittedOn: now.slice(0, 10),
      };
      const result = await feedbackStore(deps.storage).submitFeedback(tenant, request.id, sha256(body.submissionKey), response, now);
      if (!result.ok) throw linkProblem(result.reason);
      return { status: result.replay ? 200 : 201, body: { status: 'received', replay: result.replay, thankYou: questionnaire.thankYou } };
    },
  }),

  defineOperation({
    operationId: 'getFeedbackSummary',
    method: 'get',
    path: '/reports/feedback',
    summary: 'Feedback: response rates, each question\'s answers, comparison with another cycle; small numbers suppressed',
    description: SUMMARY_METHOD,
    tags: ['feedback', 'reports'],
    roles: READERS,
    query: FeedbackSummaryQuerySchema,
    responses: { 200: { description: 'The summary', schema: FeedbackSummarySchema } },
    async handler({ user, tenant, query, deps }) {
      const { filter, cycle, applied } = await scopeOf(deps, tenant, query);
      const store = feedbackStore(deps.storage);
      const responses = await store.listFeedbackResponses(tenant, filter);
      const groups = byQuestionnaire(deps, responses);
      let comparison = null;
      if (query.compareCycleId) {
        const baseline = await deps.storage.getCycle(tenant, query.compareCycleId);
        if (!baseline) throw notFound('cycle', query.compareCycleId);
        const before = await store.listFeedbackResponses(tenant, { ...filter, cycleId: baseline.id });
        comparison = {
          baseline,
          questions: questionnairesOf(deps).flatMap((q) => {
            const pick = (rs: readonly FeedbackResponse[]) => rs.filter((r) => r.questionnaireId === q.id && r.questionnaireVersion === q.version).map((r) => r.answers);
            const a = pick(before);
            const b = pick(responses);
            return a.length || b.length ? comparePositive(q, a, b) : [];
          }),
        };
      }
      const freeText = hasRole(user, 'manager')
        ? groups.flatMap(({ questionnaire, responses: rs }) => questionnaire.questions.filter((q) => q.type === 'text').flatMap((q) => {
          const texts = rs.map((r) => r.answers[q.id]).filter((v): v is string => typeof v === 'string' && v.trim() !== '');
          return texts.length >= MIN_COUNT ? [{ questionnaireId: questionnaire.id, questionnaireVersion: questionnaire.version, questionId: q.id, text: q.text, answers: texts.map(maskNames) }] : [];
        }))
        : null;
      return {
        status: 200,
        body: {
          scope: scopeBody(cycle, filter, applied),
          responseRates: await responseRates(deps, tenant, filter),
          questionnaires: groups.map((g) => questionnaireFigures(g.questionnaire, g.responses.map((r) => r.answers))),
          comparison,
          freeText,
          method: SUMMARY_METHOD,
        },
      };
    },
  }),

  defineOperation({
    operationId: 'exportFeedback',
    method: 'get',
    path: '/reports/feedback/export',
    summary: 'Feedback figures as CSV, small numbers suppressed (never free text, never single responses)',
    description: 'One row per option of each question (and one per respondent type for response rates). Suppressed cells read "fewer than 5" or "hidden"; cells a spreadsheet would run as a formula are escaped.',
    tags: ['feedback', 'reports'],
    roles: READERS,
    query: FeedbackExportQuerySchema,
    responses: { 200: { description: 'CSV', schema: named(z.string(), 'FeedbackExport', 'CSV with a header row.'), contentType: 'text/csv', headers: { 'Content-Disposition': { description: 'attachment, with a file name' } } } },
    async handler({ tenant, query, deps }) {
      const { filter, cycle } = await scopeOf(deps, tenant, query);
      const responses = await feedbackStore(deps.storage).listFeedbackResponses(tenant, filter);
      const pct = (share: number | null) => (share === null ? '' : (Math.round(share * 1000) / 10).toFixed(1));
      const rows: (string | number | null)[][] = [['part', 'questionnaire', 'version', 'question_id', 'question', 'option_id', 'option', 'count', 'answered', 'percent', 'note']];
      for (const rate of await responseRates(deps, tenant, filter)) {
        rows.push(['response rate', rate.respondentType, '', '', '', '', '', rate.responses ?? '', rate.sent, pct(rate.rate?.share ?? null), rate.responses === null ? `fewer than ${MIN_COUNT} responses` : 'count is responses; answered is requests sent']);
      }
      for (const g of byQuestionnaire(deps, responses)) {
        const figures = questionnaireFigures(g.questionnaire, g.responses.map((r) => r.answers));
        for (const q of figures.questions) {
          if (q.type === 'text') {
            rows.push(['question', figures.id, figures.version, q.id, q.text, '', '', '', q.answered ?? '', '', q.suppressed ? `fewer than ${MIN_COUNT} answers` : 'free text is not exported']);
            continue;
          }
          for (const o of q.options) {
            const note = q.suppressed ? `fewer than ${MIN_COUNT} answers` : o.suppressed ? 'hidden: small number' : '';
            rows.push(['question', figures.id, figures.version, q.id, q.text, o.id, o.label, o.count ?? '', q.answered ?? '', pct(o.share), note]);
          }
        }
      }
      const slug = (cycle?.name ?? 'all').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'all';
      return new Response(csvLines(rows), {
        status: 200,
        headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="ehcp-qa-feedback-${slug}.csv"`, 'x-content-type-options': 'nosniff' },
      });
    },
  }),

  defineOperation({
    operationId: 'getQualityAndExperience',
    method: 'get',
    path: '/reports/feedback/by-audit-grade',
    summary: 'Quality and experience side by side: answers by the plan\'s audit grade',
    description:
      'Linked responses whose plan has a completed audit (the agreed grade where moderated; the audit of the response\'s cycle, else the latest), split by the plan\'s overall grade: below the expected level (a) or at it or better (b). ' +
      `For each question, the share of positive answers in each group and the difference b − a with its 95% Newcombe interval. No figure from fewer than ${MIN_COUNT} responses is shown.`,
    tags: ['feedback', 'reports'],
    roles: READERS,
    query: QualityExperienceQuerySchema,
    responses: { 200: { description: 'The comparison', schema: QualityExperienceSchema } },
    async handler({ tenant, query, deps }) {
      const { filter, cycle, applied } = await scopeOf(deps, tenant, query);
      const framework = reportFramework(deps, query);
      const rank = new Map(framework.scale.levels.map((l) => [l.id, l.rank]));
      const expectedRank = rank.get(framework.scale.expected)!;
      const responses = (await feedbackStore(deps.storage).listFeedbackResponses(tenant, filter)).filter((r) => r.linked && r.planRef);
      const audits = await deps.storage.listAuditsForReport(tenant, { status: 'completed', frameworkId: framework.id, ...(query.frameworkVersion ? { frameworkVersion: query.frameworkVersion } : {}) });
      const byPlan = new Map<string, typeof audits>();
      for (const a of audits) if (a.overallGrade !== null && rank.has(a.overallGrade)) (byPlan.get(a.planRef) ?? byPlan.set(a.planRef, []).get(a.planRef)!).push(a);
      const gradeOf = (r: FeedbackResponse): string | null => {
        const list = byPlan.get(r.planRef!) ?? [];
        const sameCycle = list.filter((a) => r.cycleId !== null && a.cycleId === r.cycleId);
        const pool = sameCycle.length ? sameCycle : list;
        const latest = [...pool].sort((x, y) => ((y.completedAt ?? '') < (x.completedAt ?? '') ? -1 : 1))[0];
        return latest?.overallGrade ?? null;
      };
      const below: FeedbackResponse[] = [];
      const atOrAbove: FeedbackResponse[] = [];
      let unmatched = 0;
      for (const r of responses) {
        const grade = gradeOf(r);
        if (grade === null) unmatched++;
        else if (rank.get(grade)! <= expectedRank) atOrAbove.push(r);
        else below.push(r);
      }
      const expectedLabel = framework.scale.levels.find((l) => l.id === framework.scale.expected)?.label ?? framework.scale.expected;
      const questions = questionnairesOf(deps).flatMap((q) => {
        const pick = (rs: readonly FeedbackResponse[]) => rs.filter((r) => r.questionnaireId === q.id && r.questionnaireVersion === q.version).map((r) => r.answers);
        const a = pick(below);
        const b = pick(atOrAbove);
        return a.length || b.length ? comparePositive(q, a, b) : [];
      });
      return {
        status: 200,
        body: {
          scope: { ...scopeBody(cycle, filter, applied), linkedOnly: true },
          framework: { id: framework.id, version: framework.version, title: framework.title },
          expectedLabel,
          matched: { belowExpected: shownCount(below.length), expectedOrBetter: shownCount(atOrAbove.length) },
          unmatched: shownCount(unmatched),
          questions,
          method: `Group a: plans graded below ${expectedLabel}; group b: ${expectedLabel} or better. ${SUMMARY_METHOD}`,
        },
      };
    },
  }),
];
