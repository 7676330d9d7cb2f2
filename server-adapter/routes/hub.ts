/**
 * Hub mode (`createQaApp({ hub })` or `createBenchmarkHub`): LAs submit counts,
 * the hub's operators publish, LAs read signed publications. Without the `hub`
 * option these routes answer 404, as if absent.
 *
 * Who may do what:
 * - `benchmark-contributor` (an LA's token at the hub): submit its own contribution,
 *   read publications (its copy carries its own quartiles only).
 * - `admin` of the operator tenant: list raw contributions, publish, read any
 *   LA's copy (`for=`) to send as a file to an LA that cannot reach the hub.
 * - Anyone else, including other tenants' admins: 403 or 404.
 */
import * as z from 'zod';
import { hasRole, type QaUser } from '../auth.js';
import type { Framework } from '../../criteria/schema.js';
import { gradeColumns } from '../benchmark/contribution.js';
import { CONTRIBUTIONS, allRecords, getPublication, publish, publishedVersions, signedCopy, storeContribution, type ContributionRecord } from '../benchmark/hub.js';
import { BenchmarkContributionSchema, BenchmarkPeriodSchema, PeriodFormatError, PublishedBenchmarkSchema, parsePeriod, periodKey, type BenchmarkContribution, type BenchmarkPeriod } from '../benchmark/model.js';
import { hubOptionsOf, type BenchmarkHubOptions } from '../benchmark/options.js';
import { defineOperation, type QaDeps } from '../operation.js';
import { QaProblem, validationProblem, type FieldError } from '../problem.js';
import { named } from '../schemas.js';

const slug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'use lower-case letters, digits and hyphens').max(60);
const semver = z.string().regex(/^\d+\.\d+\.\d+$/, 'use a semantic version such as 1.0.0');
const periodText = z.string().min(1).max(30).describe('A quarter such as 2025-Q3, or two dates such as 2025-09-01..2026-01-31');
const laRef = z.string().min(1).max(128).regex(/^[A-Za-z0-9][A-Za-z0-9._:/@#-]*$/, "an LA's id at the hub");

export const SignedPublishedBenchmarkSchema = named(
  z.strictObject({
    format: z.literal('ehcp-qa/signed-document'),
    payload: PublishedBenchmarkSchema,
    signature: z.strictObject({
      algorithm: z.enum(['ed25519', 'hmac-sha256']),
      keyId: z.optional(z.string().max(200)),
      value: z.string().max(200).regex(/^[A-Za-z0-9+/=]+$/, 'base64'),
    }),
  }),
  'SignedPublishedBenchmark',
  'A published benchmark with the hub\'s signature over the canonical JSON of `payload`. Save it as a file to import it at an LA.',
);

const SubmitResultSchema = named(
  z.strictObject({
    outcome: z.enum(['created', 'replaced', 'unchanged']),
    la: z.string(),
    frameworkId: z.string(),
    frameworkVersion: z.string(),
    period: BenchmarkPeriodSchema,
    receivedAt: z.string(),
  }),
  'BenchmarkSubmitResult',
);

const ContributionListSchema = named(
  z.strictObject({ items: z.array(z.strictObject({ la: z.string(), receivedAt: z.string(), contribution: BenchmarkContributionSchema })) }),
  'BenchmarkContributionList',
);

const HubBenchmarkQuerySchema = z.strictObject({
  frameworkId: slug,
  frameworkVersion: semver,
  period: periodText,
  /** Operators only: the LA whose copy (with its quartiles) to sign. */
  for: z.optional(laRef),
});

const PublishBodySchema = named(
  z.strictObject({ frameworkId: slug, frameworkVersion: semver, period: periodText }),
  'PublishBenchmarkBody',
);

const ListQuerySchema = z.strictObject({ frameworkId: z.optional(slug), frameworkVersion: z.optional(semver), period: z.optional(periodText) });

/** Reads a period text, or a 400/422 naming the field. */
export function periodOrProblem(text: string, field: string, status = 400): BenchmarkPeriod {
  try {
    return parsePeriod(text);
  } catch (error) {
    if (error instanceof PeriodFormatError) throw validationProblem([{ field, message: error.message }], status, status === 400 ? 'query string' : 'request body');
    throw error;
  }
}

/** Whether the caller runs the hub. */
const isOperator = (user: QaUser, hub: BenchmarkHubOptions) => user.tenant === hub.operatorTenant && hasRole(user, 'admin');

/** Only the hub's operators: others get 404, as if the resource were absent. */
function requireOperator(user: QaUser, hub: BenchmarkHubOptions): void {
  if (!isOperator(user, hub)) throw new QaProblem(404, { detail: 'There is no such resource.' });
}

function hubFramework(deps: QaDeps, frameworkId: string, frameworkVersion: string, field: string, status = 422): Framework {
  const framework = deps.frameworks.get(frameworkId, frameworkVersion);
  if (framework) return framework;
  const versions = deps.frameworks.list().filter((f) => f.id === frameworkId).map((f) => f.version);
  throw validationProblem([{
    field,
    message: versions.length
      ? `this hub does not know ${frameworkId} ${frameworkVersion}; it knows versions ${versions.join(', ')}`
      : `this hub does not know the framework "${frameworkId}"; it knows ${deps.frameworks.list().map((f) => `${f.id} ${f.version}`).join(', ')}`,
  }], status);
}

/** Grade and section ids a contribution uses that its framework does not have. */
function contributionProblems(framework: Framework, c: BenchmarkContribution): FieldError[] {
  const problems: FieldError[] = [];
  const overall = new Set(gradeColumns(framework, 'overall'));
  for (const g of Object.keys(c.overall)) if (!overall.has(g)) problems.push({ field: `overall.${g}`, message: `"${g}" is not a level of ${framework.id} ${framework.version}; use ${[...overall].join(', ')}` });
  for (const [sectionId, counts] of Object.entries(c.sections)) {
    if (!framework.sections.some((s) => s.id === sectionId)) {
      problems.push({ field: `sections.${sectionId}`, message: `${framework.id} ${framework.version} has no section ${sectionId}` });
      continue;
    }
    const allowed = new Set(gradeColumns(framework, sectionId));
    for (const g of Object.keys(counts)) if (!allowed.has(g)) problems.push({ field: `sections.${sectionId}.${g}`, message: `"${g}" is not a grade section ${sectionId} allows; use ${[...allowed].join(', ')}` });
  }
  return problems;
}

async function notPublished(deps: QaDeps, hub: BenchmarkHubOptions, frameworkId: string, frameworkVersion: string, period: BenchmarkPeriod): Promise<QaProblem> {
  const forPeriod = await publishedVersions(deps.storage, hub, frameworkId, periodKey(period));
  const detail = forPeriod.length
    ? `No benchmark of ${frameworkId} ${frameworkVersion} is published for ${period.label}. Figures are compared only within one framework version; for this period the hub has: ${forPeriod.map((p) => p.frameworkVersion).join(', ')}.`
    : `No benchmark of ${frameworkId} is published for ${period.label} yet.`;
  return new QaProblem(404, { detail, extensions: { availableVersions: forPeriod.map((p) => p.frameworkVersion) } });
}

export const hubOperations = [
  defineOperation({
    operationId: 'submitBenchmarkContribution',
    method: 'post',
    path: '/hub/contributions',
    summary: "Submit (or replace) the caller's LA's contribution for one period and framework version",
    description: 'Counts only. The LA is the tenant of the caller\'s token. A resubmission replaces the earlier one; an identical one changes nothing. After publication the period is closed (409).',
    tags: ['benchmark hub'],
    roles: ['benchmark-contributor'],
    body: BenchmarkContributionSchema,
    responses: {
      201: { description: 'The first contribution of this LA for this period and version', schema: SubmitResultSchema },
      200: { description: 'An earlier contribution was replaced, or this one was identical', schema: SubmitResultSchema },
    },
    errors: [409],
    async handler({ user, body, deps }) {
      const hub = hubOptionsOf(deps.options);
      const framework = hubFramework(deps, body.frameworkId, body.frameworkVersion, 'frameworkVersion');
      const problems = contributionProblems(framework, body);
      const pinned = hub.laRegions && Object.hasOwn(hub.laRegions, user.tenant) ? hub.laRegions[user.tenant] : undefined;
      if (pinned && pinned !== body.region) problems.push({ field: 'region', message: `this hub has ${user.tenant} in ${pinned}` });
      if (problems.length) throw validationProblem(problems);
      const result = await storeContribution(deps.storage, hub, user.tenant, body);
      if (result.outcome === 'closed') {
        throw new QaProblem(409, { detail: `The benchmark for ${body.frameworkId} ${body.frameworkVersion}, ${body.period.label}, was published on ${result.publishedAt}; contributions for it are closed.` });
      }
      return {
        status: result.outcome === 'created' ? 201 : 200,
        body: { outcome: result.outcome, la: user.tenant, frameworkId: body.frameworkId, frameworkVersion: body.frameworkVersion, period: body.period, receivedAt: result.receivedAt },
      };
    },
  }),
  defineOperation({
    operationId: 'listBenchmarkContributions',
    method: 'get',
    path: '/hub/contributions',
    summary: 'Raw contributions (hub operators only)',
    description: "Only admins of the hub's operator tenant; everyone else gets 403 or 404.",
    tags: ['benchmark hub'],
    roles: ['admin'],
    query: ListQuerySchema,
    responses: { 200: { description: 'Contributions, oldest first', schema: ContributionListSchema } },
    async handler({ user, query, deps }) {
      const hub = hubOptionsOf(deps.options);
      requireOperator(user, hub);
      const where: Record<string, string> = {};
      if (query.frameworkId) where.frameworkId = query.frameworkId;
      if (query.frameworkVersion) where.frameworkVersion = query.frameworkVersion;
      if (query.period) where.periodKey = periodKey(periodOrProblem(query.period, 'query.period'));
      const records = await allRecords<ContributionRecord>(deps.storage, hub.operatorTenant, CONTRIBUTIONS, where);
      return { status: 200, body: { items: records.map((r) => ({ la: r.data.la, receivedAt: r.data.receivedAt, contribution: r.data.contribution })) } };
    },
  }),
  defineOperation({
    operationId: 'publishBenchmark',
    method: 'post',
    path: '/hub/publications',
    summary: 'Publish the benchmark of one period and framework version (hub operators only; final)',
    description: 'Applies the publication rules to the contributions held and signs the result. A publication is final (409 on a second try), so two editions can never be compared to work out one LA\'s figures. With fewer contributions than the threshold nothing is published (409).',
    tags: ['benchmark hub'],
    roles: ['admin'],
    body: PublishBodySchema,
    responses: { 201: { description: 'The public copy, signed', schema: SignedPublishedBenchmarkSchema } },
    errors: [409],
    async handler({ user, body, deps }) {
      const hub = hubOptionsOf(deps.options);
      requireOperator(user, hub);
      const framework = hubFramework(deps, body.frameworkId, body.frameworkVersion, 'frameworkVersion');
      const period = periodOrProblem(body.period, 'period', 422);
      const result = await publish(deps.storage, hub, framework, period);
      if (result.outcome === 'already-published') {
        throw new QaProblem(409, { detail: `The benchmark for ${framework.id} ${framework.version}, ${period.label}, was already published on ${result.record.benchmark.publishedAt}; publications are final.` });
      }
      if (result.outcome === 'too-few') {
        throw new QaProblem(409, { detail: `Only ${result.contributors} LA${result.contributors === 1 ? ' has' : 's have'} contributed for ${framework.id} ${framework.version}, ${period.label}; at least ${result.needed} are needed before anything can be published.` });
      }
      return { status: 201, body: signedCopy(hub, result.record, null) };
    },
  }),
  defineOperation({
    operationId: 'getPublishedBenchmark',
    method: 'get',
    path: '/hub/benchmarks',
    summary: 'A published benchmark, signed; an LA\'s copy carries its own quartiles',
    tags: ['benchmark hub'],
    roles: ['benchmark-contributor', 'admin'],
    query: HubBenchmarkQuerySchema,
    responses: { 200: { description: 'The signed publication', schema: SignedPublishedBenchmarkSchema } },
    async handler({ user, query, deps }) {
      const hub = hubOptionsOf(deps.options);
      const operator = isOperator(user, hub);
      if (!operator && !hasRole(user, 'benchmark-contributor')) throw new QaProblem(404, { detail: 'There is no such resource.' });
      if (query.for !== undefined && !operator) throw new QaProblem(403, { detail: "Only the hub's operators can ask for another LA's copy." });
      const period = periodOrProblem(query.period, 'query.period');
      const record = await getPublication(deps.storage, hub, query.frameworkId, query.frameworkVersion, periodKey(period));
      if (!record) throw await notPublished(deps, hub, query.frameworkId, query.frameworkVersion, period);
      const la = operator ? query.for ?? null : user.tenant;
      // Positions by LA id as a Map: an id like "constructor" is just an id, never an object's property.
      if (operator && la !== null && !new Map(Object.entries(record.positions)).has(la)) throw new QaProblem(404, { detail: `${la} did not contribute to this publication.` });
      return { status: 200, body: signedCopy(hub, record, la), headers: { 'cache-control': 'private, no-store' } };
    },
  }),
];
