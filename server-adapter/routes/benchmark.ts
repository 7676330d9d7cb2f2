/**
 * Benchmarking, LA side: build the LA's contribution from its own audits (counts
 * only), send it to the hub, bring published benchmarks in (fetched from the hub,
 * or imported as a signed file), and show the LA's figures beside its region and
 * England. Needs the `benchmark` option of createQaApp (501 without it).
 */
import * as z from 'zod';
import type { Framework } from '../../criteria/schema.js';
import { auditInPeriod, buildContribution, EmptyContributionError } from '../benchmark/contribution.js';
import { feedbackForBenchmark } from '../feedback/benchmark.js';
import { feedbackStore } from '../feedback/store.js';
import { builtInQuestionnaires } from '../../criteria/questionnaires/index.js';
import '../feedback/schemas.js';
import { allRecords, recordId } from '../benchmark/hub.js';
import { BenchmarkContributionSchema, BenchmarkPeriodSchema, PublishedBenchmarkSchema, periodFromDates, periodKey, RegionSchema, type BenchmarkPeriod, type PublishedBenchmark } from '../benchmark/model.js';
import { laOptionsOf, perTenant, verificationKeyOf, type BenchmarkLaOptions } from '../benchmark/options.js';
import { SignatureError, verifyDocument, type SignedDocument } from '../benchmark/signing.js';
import { BenchmarkViewSchema, buildBenchmarkView } from '../benchmark/view.js';
import { compareVersions } from '../catalog.js';
import { assertReportNotBlinded } from '../moderation/blindness.js';
import type { QaUser } from '../auth.js';
import { defineOperation, type QaDeps } from '../operation.js';
import { commit, entry } from '../audit-trail.js';
import { HUB_BAD_ANSWER_TYPE, HUB_UNREACHABLE_TYPE, QaProblem, fieldErrors, validationProblem } from '../problem.js';
import { IdSchema, named } from '../schemas.js';
import { SignedPublishedBenchmarkSchema, periodOrProblem } from './hub.js';

/** Publications an LA holds, one per framework version and period (the latest received wins). */
export const RECEIVED = 'benchmark-received';

interface ReceivedRecord {
  frameworkId: string;
  frameworkVersion: string;
  periodKey: string;
  via: 'hub' | 'file';
  receivedAt: string;
  document: SignedDocument<PublishedBenchmark>;
}

const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'use lower-case letters, digits and hyphens').max(60);
const semver = z.string().regex(/^\d+\.\d+\.\d+$/, 'use a semantic version such as 1.0.0');

const selection = {
  /** A quarter (`2025-Q3`) or two dates (`2025-09-01..2026-01-31`). */
  period: z.optional(z.string().min(1).max(30)),
  /** An audit cycle of this LA: its dates are the period. */
  cycleId: z.optional(IdSchema),
  frameworkId: z.optional(slug),
  frameworkVersion: z.optional(semver),
};
const onePeriod = (s: { period?: string | undefined; cycleId?: string | undefined }) => (s.period === undefined) !== (s.cycleId === undefined);
const onePeriodMessage = { message: 'give either period or cycleId', path: ['period'] };
const SelectionQuerySchema = z.strictObject(selection).refine(onePeriod, onePeriodMessage);
const SelectionBodySchema = named(z.strictObject(selection).refine(onePeriod, onePeriodMessage), 'BenchmarkSelection', 'Which period (a quarter, two dates, or a cycle) and framework version.');

const ReceivedSummarySchema = named(
  z.strictObject({
    frameworkId: z.string(),
    frameworkVersion: z.string(),
    period: BenchmarkPeriodSchema,
    hubId: z.string(),
    publicationId: z.string(),
    publishedAt: z.string(),
    sampleData: z.boolean(),
    via: z.enum(['hub', 'file']),
    receivedAt: z.string(),
    region: z.nullable(RegionSchema),
  }),
  'ReceivedBenchmark',
);

const HubAnswerSchema = named(
  z.strictObject({ outcome: z.enum(['created', 'replaced', 'unchanged']), frameworkId: z.string(), frameworkVersion: z.string(), period: BenchmarkPeriodSchema, receivedAt: z.string() }),
  'BenchmarkSendResult',
);

/**
 * The framework version asked for. Without a version: the newest one that `prefer`
 * says has something for the period (audits, a publication), else the newest served.
 * Without an id: `ehcp-plan` when served, else the first framework.
 */
async function frameworkOf(deps: QaDeps, id: string | undefined, version: string | undefined, where: string, prefer?: (versions: string[]) => Promise<string[]>): Promise<Framework> {
  const frameworkId = id ?? (deps.frameworks.latest('ehcp-plan') ? 'ehcp-plan' : deps.frameworks.list()[0]?.id);
  let framework = frameworkId && version ? deps.frameworks.get(frameworkId, version) : undefined;
  if (frameworkId && !version) {
    const served = deps.frameworks.list().filter((f) => f.id === frameworkId).map((f) => f.version);
    const preferred = prefer ? await prefer(served) : [];
    const pick = [...(preferred.length ? preferred : served)].sort(compareVersions).at(-1);
    framework = pick ? deps.frameworks.get(frameworkId, pick) : undefined;
  }
  if (framework) return framework;
  const known = deps.frameworks.list().map((f) => `${f.id} ${f.version}`).join(', ');
  throw validationProblem([{ field: `${where}frameworkVersion`, message: `${frameworkId ?? '?'} ${version ?? ''} is not served here; use one of ${known}` }], where === 'query.' ? 400 : 422, where === 'query.' ? 'query string' : 'request body');
}

/** Versions with completed audits in the period. */
const withAudits = (deps: QaDeps, tenant: string, period: BenchmarkPeriod, frameworkId: string | undefined) => async (versions: string[]) => {
  const rows = await deps.storage.listAuditsForReport(tenant, { status: 'completed', ...(frameworkId ? { frameworkId } : {}), completedFrom: period.start, completedTo: nextDay(period.end) });
  return versions.filter((v) => rows.some((r) => r.frameworkVersion === v));
};

/** Versions with a publication held for the period. */
const withPublication = (deps: QaDeps, tenant: string, period: BenchmarkPeriod) => async (versions: string[]) => {
  const held = await allRecords<ReceivedRecord>(deps.storage, tenant, RECEIVED, { periodKey: periodKey(period) });
  return versions.filter((v) => held.some((r) => r.data.frameworkVersion === v));
};

async function periodOf(deps: QaDeps, tenant: string, s: { period?: string | undefined; cycleId?: string | undefined }, where: string): Promise<BenchmarkPeriod> {
  if (s.period !== undefined) return periodOrProblem(s.period, `${where}period`, where === 'query.' ? 400 : 422);
  const cycle = await deps.storage.getCycle(tenant, s.cycleId!);
  if (!cycle) throw new QaProblem(404, { detail: `No cycle with id "${s.cycleId}".` });
  return periodFromDates(cycle.startDate, cycle.endDate);
}

const nextDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** The report filter of a period's audits of one framework version. */
const periodFilter = (framework: Framework, period: BenchmarkPeriod) => ({
  status: 'completed' as const, frameworkId: framework.id, frameworkVersion: framework.version, completedFrom: period.start, completedTo: nextDay(period.end),
});

/**
 * The LA's figures are shown to the caller: refused (403) while the caller is a blind
 * second auditor of a plan audited in the period (docs/moderation.md).
 */
const assertNotBlindedIn = (deps: QaDeps, tenant: string, user: QaUser, framework: Framework, period: BenchmarkPeriod) =>
  assertReportNotBlinded(deps.storage, tenant, user, [periodFilter(framework, period)]);

/** The LA's completed audits of the framework version, completed within the period. */
async function auditsIn(deps: QaDeps, tenant: string, framework: Framework, period: BenchmarkPeriod) {
  const rows = await deps.storage.listAuditsForReport(tenant, periodFilter(framework, period));
  return rows.filter((r) => auditInPeriod(r, framework, period));
}

/** The questionnaires the adapter serves (docs/feedback.md). */
const questionnairesServed = (deps: QaDeps) => deps.options.feedback?.questionnaires ?? builtInQuestionnaires;

async function contributionFor(deps: QaDeps, tenant: string, la: BenchmarkLaOptions, framework: Framework, period: BenchmarkPeriod) {
  try {
    const contribution = buildContribution(framework, await auditsIn(deps, tenant, framework, period), { period, region: perTenant(la.region, tenant) });
    // Experiential feedback in the period, as counts per question (docs/feedback.md); left out when there is none.
    const feedback = feedbackForBenchmark(questionnairesServed(deps), await feedbackStore(deps.storage).listFeedbackResponses(tenant, {}), period);
    return feedback.length ? { ...contribution, feedback } : contribution;
  } catch (error) {
    if (error instanceof EmptyContributionError) throw new QaProblem(404, { detail: `There is nothing to contribute: ${error.message}.` });
    throw error;
  }
}

/** The hub as users know it: its configured name, never its address. */
const hubNameOf = (la: BenchmarkLaOptions) => la.hubName ?? 'the benchmark hub';

/** A 502 for a hub that answered with something this adapter cannot use. */
function hubBadAnswer(la: BenchmarkLaOptions, detail: string): QaProblem {
  return new QaProblem(502, { type: HUB_BAD_ANSWER_TYPE, title: 'The benchmark hub answered badly', detail, extensions: { hub: hubNameOf(la) } });
}

async function hubRequest(deps: QaDeps, la: BenchmarkLaOptions, tenant: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
  if (!la.hubUrl) throw new QaProblem(501, { detail: 'No hub URL is configured (`benchmark.hubUrl`): import the hub\'s signed file instead.' });
  const token = la.contributorToken === undefined ? undefined : await perTenant(la.contributorToken, tenant);
  const doFetch = la.fetch ?? globalThis.fetch.bind(globalThis);
  let response: Response;
  try {
    response = await doFetch(`${la.hubUrl.replace(/\/+$/, '')}${path}`, {
      method,
      headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    // The address and the network error (ECONNREFUSED 10.…) are for the operator's log, not for the caller.
    deps.logger.warn?.('benchmark hub unreachable', { hubUrl: la.hubUrl, error: error instanceof Error ? error.message : String(error) });
    const name = hubNameOf(la);
    throw new QaProblem(502, {
      type: HUB_UNREACHABLE_TYPE,
      title: 'The benchmark hub cannot be reached',
      detail: `${name[0]!.toUpperCase()}${name.slice(1)} did not answer. Try again later; if it keeps failing, ask your system administrator to check the connection to the hub (the details are in the server's log).`,
      extensions: { hub: name },
    });
  }
  let answer: unknown = null;
  try {
    answer = await response.json();
  } catch { /* not JSON */ }
  if (response.ok) return answer;
  const said = answer && typeof answer === 'object' && 'detail' in answer && typeof answer.detail === 'string' ? answer.detail : response.statusText;
  if (response.status === 404) {
    const available = answer && typeof answer === 'object' && 'availableVersions' in answer && Array.isArray(answer.availableVersions) ? answer.availableVersions : undefined;
    throw new QaProblem(404, { detail: `The hub says: ${said}`, ...(available ? { extensions: { availableVersions: available } } : {}) });
  }
  if (response.status === 409) throw new QaProblem(409, { detail: `The hub says: ${said}` });
  deps.logger.warn?.('benchmark hub refused a request', { hubUrl: la.hubUrl, status: response.status, said });
  throw hubBadAnswer(la, `${hubNameOf(la)} refused the request (status ${response.status}). The details are in the server's log.`);
}

/** Verifies a signed publication, checks it is for this LA, and keeps it. */
async function receive(deps: QaDeps, user: QaUser, tenant: string, la: BenchmarkLaOptions, document: unknown, via: 'hub' | 'file'): Promise<ReceivedRecord> {
  let payload: unknown;
  try {
    payload = verifyDocument(document, verificationKeyOf(la));
  } catch (error) {
    if (error instanceof SignatureError) {
      throw new QaProblem(422, { title: 'The signature does not verify', detail: `The benchmark was refused: ${error.message}.`, errors: [{ field: 'signature', message: error.message }] });
    }
    throw error;
  }
  const parsed = PublishedBenchmarkSchema.safeParse(payload);
  if (!parsed.success) throw validationProblem(fieldErrors(parsed.error.issues, 'payload'));
  const benchmark = parsed.data;
  const hubLaId = la.hubLaId === undefined ? tenant : perTenant(la.hubLaId, tenant);
  if (benchmark.recipient && benchmark.recipient.la !== hubLaId) {
    throw new QaProblem(422, { detail: `This copy was made for another LA (${benchmark.recipient.la}), not for ${hubLaId}: ask the hub for your own.`, errors: [{ field: 'payload.recipient.la', message: 'is another LA' }] });
  }
  const record: ReceivedRecord = {
    frameworkId: benchmark.frameworkId,
    frameworkVersion: benchmark.frameworkVersion,
    periodKey: periodKey(benchmark.period),
    via,
    receivedAt: new Date().toISOString(),
    document: { format: 'ehcp-qa/signed-document', payload: benchmark, signature: (document as SignedDocument<unknown>).signature },
  };
  const id = recordId(record.frameworkId, record.frameworkVersion, record.periodKey);
  await commit(deps, tenant, {
    records: [{ collection: RECEIVED, id, data: record }],
    trail: [entry(user, 'benchmark.imported', 'benchmark', id, { before: null, after: null }, { frameworkId: record.frameworkId, frameworkVersion: record.frameworkVersion, period: record.periodKey, via })],
  }, 'benchmark');
  return record;
}

const summaryOf = (r: ReceivedRecord) => ({
  frameworkId: r.frameworkId,
  frameworkVersion: r.frameworkVersion,
  period: r.document.payload.period,
  hubId: r.document.payload.hubId,
  publicationId: r.document.payload.publicationId,
  publishedAt: r.document.payload.publishedAt,
  sampleData: r.document.payload.sampleData,
  via: r.via,
  receivedAt: r.receivedAt,
  region: r.document.payload.recipient?.region ?? null,
});

async function fetchFromHub(deps: QaDeps, user: QaUser, tenant: string, la: BenchmarkLaOptions, framework: Framework, period: BenchmarkPeriod): Promise<ReceivedRecord> {
  const qs = new URLSearchParams({ frameworkId: framework.id, frameworkVersion: framework.version, period: `${period.start}..${period.end}` });
  const document = await hubRequest(deps, la, tenant, 'GET', `/hub/benchmarks?${qs}`);
  const record = await receive(deps, user, tenant, la, document, 'hub');
  if (record.frameworkVersion !== framework.version || record.periodKey !== periodKey(period)) {
    throw hubBadAnswer(la, 'The hub answered with a benchmark for another version or period.');
  }
  return record;
}

export const benchmarkOperations = [
  defineOperation({
    operationId: 'exportBenchmarkContribution',
    method: 'get',
    path: '/benchmark/contribution',
    summary: "This LA's contribution for a period: exactly what would leave its network",
    description: 'Counts per grade for the whole plan and each section, the number of plans audited and the region; with experiential feedback, positive answers per question (never free text, never a figure from fewer than 5 answers). Nothing about any single plan.',
    tags: ['benchmark'],
    roles: ['manager', 'admin'],
    query: SelectionQuerySchema,
    responses: { 200: { description: 'The contribution', schema: BenchmarkContributionSchema } },
    async handler({ user, tenant, query, deps }) {
      const la = laOptionsOf(deps.options);
      const period = await periodOf(deps, tenant, query, 'query.');
      const framework = await frameworkOf(deps, query.frameworkId, query.frameworkVersion, 'query.', withAudits(deps, tenant, period, query.frameworkId));
      await assertNotBlindedIn(deps, tenant, user, framework, period);
      return { status: 200, body: await contributionFor(deps, tenant, la, framework, period) };
    },
  }),
  defineOperation({
    operationId: 'sendBenchmarkContribution',
    method: 'post',
    path: '/benchmark/contribution/send',
    summary: "Build this LA's contribution and submit it to the configured hub",
    tags: ['benchmark'],
    roles: ['manager', 'admin'],
    body: SelectionBodySchema,
    responses: { 200: { description: "The hub's answer", schema: HubAnswerSchema } },
    errors: [404, 409, 501, 502],
    async handler({ user, tenant, body, deps }) {
      const la = laOptionsOf(deps.options);
      const period = await periodOf(deps, tenant, body, '');
      const framework = await frameworkOf(deps, body.frameworkId, body.frameworkVersion, '', withAudits(deps, tenant, period, body.frameworkId));
      const contribution = await contributionFor(deps, tenant, la, framework, period);
      const answer = await hubRequest(deps, la, tenant, 'POST', '/hub/contributions', contribution) as Record<string, unknown>;
      const parsed = HubAnswerSchema.safeParse({ outcome: answer?.outcome, frameworkId: answer?.frameworkId, frameworkVersion: answer?.frameworkVersion, period: answer?.period, receivedAt: answer?.receivedAt });
      if (!parsed.success) throw hubBadAnswer(la, 'The hub answered in a shape this adapter does not understand.');
      // Sending writes nothing here but the record of having sent it (counts only, as the contribution).
      await commit(deps, tenant, { trail: [entry(user, 'benchmark.sent', 'benchmark', `${framework.id}@${framework.version}@${periodKey(period)}`, { before: null, after: null }, {
        frameworkId: framework.id, frameworkVersion: framework.version, period: periodKey(period), plans: contribution.plansAudited, outcome: parsed.data.outcome,
      })] }, 'benchmark');
      return { status: 200, body: parsed.data };
    },
  }),
  defineOperation({
    operationId: 'fetchPublishedBenchmark',
    method: 'post',
    path: '/benchmark/published/fetch',
    summary: 'Fetch the published benchmark for a period from the configured hub, verify its signature and keep it',
    tags: ['benchmark'],
    roles: ['manager', 'admin'],
    body: SelectionBodySchema,
    responses: { 200: { description: 'What was received', schema: ReceivedSummarySchema } },
    errors: [404, 501, 502],
    async handler({ user, tenant, body, deps }) {
      const la = laOptionsOf(deps.options);
      const period = await periodOf(deps, tenant, body, '');
      const framework = await frameworkOf(deps, body.frameworkId, body.frameworkVersion, '', withAudits(deps, tenant, period, body.frameworkId));
      return { status: 200, body: summaryOf(await fetchFromHub(deps, user, tenant, la, framework, period)) };
    },
  }),
  defineOperation({
    operationId: 'importPublishedBenchmark',
    method: 'post',
    path: '/benchmark/published',
    summary: "Import a published benchmark from the hub's signed JSON file",
    description: 'For LA networks that cannot reach the hub. The signature must verify with the configured hub key, and a copy made for another LA is refused.',
    tags: ['benchmark'],
    roles: ['manager', 'admin'],
    body: SignedPublishedBenchmarkSchema,
    responses: { 201: { description: 'What was imported', schema: ReceivedSummarySchema } },
    errors: [501],
    async handler({ user, tenant, c, deps }) {
      const la = laOptionsOf(deps.options);
      // Verify the bytes as sent (zod has already checked the shape): parse again so nothing zod normalised is signed over.
      const raw: unknown = JSON.parse(await c.req.text());
      return { status: 201, body: summaryOf(await receive(deps, user, tenant, la, raw, 'file')) };
    },
  }),
  defineOperation({
    operationId: 'getBenchmark',
    method: 'get',
    path: '/benchmark',
    summary: "This LA's figures beside its region and England, for one period and framework version",
    description: 'Uses the publication held for the period (fetching it from the hub when one is configured and none is held). Figures are compared only within one framework version.',
    tags: ['benchmark'],
    roles: ['manager', 'admin', 'moderator'],
    query: SelectionQuerySchema,
    responses: { 200: { description: 'The comparison', schema: BenchmarkViewSchema } },
    errors: [404, 501, 502],
    async handler({ user, tenant, query, deps }) {
      const la = laOptionsOf(deps.options);
      const period = await periodOf(deps, tenant, query, 'query.');
      const framework = await frameworkOf(deps, query.frameworkId, query.frameworkVersion, 'query.', async (versions) => {
        const published = await withPublication(deps, tenant, period)(versions);
        return published.length ? published : withAudits(deps, tenant, period, query.frameworkId)(versions);
      });
      await assertNotBlindedIn(deps, tenant, user, framework, period);
      const key = periodKey(period);
      let record = (await deps.storage.getRecord<ReceivedRecord>(tenant, RECEIVED, recordId(framework.id, framework.version, key)))?.data;
      if (!record) {
        const held = await allRecords<ReceivedRecord>(deps.storage, tenant, RECEIVED, { frameworkId: framework.id, periodKey: key });
        if (held.length > 0 || !la.hubUrl) {
          const versions = held.map((r) => r.data.frameworkVersion);
          throw new QaProblem(404, {
            detail: versions.length
              ? `There is no benchmark of ${framework.id} ${framework.version} for ${period.label}. Figures are compared only within one framework version; for this period there is: ${versions.join(', ')}.`
              : `There is no benchmark of ${framework.id} for ${period.label} yet: import the hub's signed file, or configure the hub URL.`,
            extensions: { availableVersions: versions },
          });
        }
        record = await fetchFromHub(deps, user, tenant, la, framework, period);
      }
      const view = buildBenchmarkView({
        framework,
        audits: await auditsIn(deps, tenant, framework, period),
        published: record.document.payload,
        via: record.via,
        receivedAt: record.receivedAt,
        region: perTenant(la.region, tenant),
        feedback: {
          own: feedbackForBenchmark(questionnairesServed(deps), await feedbackStore(deps.storage).listFeedbackResponses(tenant, {}), period),
          questionText: (id, version, questionId) => questionnairesServed(deps).find((q) => q.id === id && q.version === version)?.questions.find((x) => x.id === questionId)?.text,
        },
      });
      return { status: 200, body: view };
    },
  }),
];
