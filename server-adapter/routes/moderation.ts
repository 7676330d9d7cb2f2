/**
 * Moderation: a moderator assigns completed audits to second auditors (by hand or
 * as a seeded random sample); each second auditor audits the same plan with the
 * same framework version, blind; the two audits are compared section by section;
 * the moderator records the agreed grades; and the statistics show how consistent
 * the auditors are. See docs/moderation.md.
 */
import { randomInt, randomUUID } from 'node:crypto';
import * as z from 'zod';
import { allowedGrades, findSection, overallGrade } from '../../criteria/grading.js';
import type { Framework } from '../../criteria/schema.js';
import { readsAllAudits } from '../access.js';
import { hasRole, type QaUser } from '../auth.js';
import { BLIND_DETAIL, moderationVisibility, reportWithheld, type ModerationVisibility } from '../moderation/blindness.js';
import {
  getModerationRecord, isOpenModeration, listModerationRecords, MODERATION_COLLECTION, moderationKeys, moderationStatus, type ModerationRecord,
} from '../moderation/records.js';
import { seededSample } from '../moderation/sampling.js';
import { computeModerationStats, type ModeratedPair, type RatedAudit } from '../moderation/stats.js';
import { defineOperation, type QaDeps } from '../operation.js';
import { forbidden, notFound, QaProblem, validationProblem, type FieldError } from '../problem.js';
import { AuditorRoleSchema, IdSchema, limitParam, named, RefSchema, type Audit } from '../schemas.js';
import type { StoredRecord, TrailInput } from '../storage/types.js';
import { auditEntry, entry } from '../audit-trail.js';
import { frameworkOf } from './audits.js';

// ── Schemas ────────────────────────────────────────────────────────────────────
const isoDate = z.iso.date();
const isoDateTime = z.iso.datetime({ offset: true });
const SectionIdSchema = z.string().regex(/^[A-Z][A-Z0-9]{0,9}$/, 'section ids are capital letters and digits, for example H1');
const note = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`);

export const ModerationStatusSchema = named(
  z.enum(['awaiting-second-audit', 'awaiting-resolution', 'resolved', 'cancelled']),
  'ModerationStatus',
  'Where a moderation stands: the second auditor is still auditing; both audits are complete and differences wait for the moderator; agreed grades are recorded; a moderator cancelled the pair.',
);

export const ModerationSummarySchema = named(
  z.strictObject({
    id: IdSchema,
    cycleId: IdSchema.nullable(),
    planRef: RefSchema,
    frameworkId: z.string(),
    frameworkVersion: z.string(),
    firstAuditId: IdSchema,
    firstAuditorId: z.string(),
    secondAuditorId: z.string(),
    secondAuditId: IdSchema,
    status: ModerationStatusSchema,
    assignedAt: isoDateTime,
    resolvedAt: isoDateTime.nullable(),
    /** When a moderator cancelled the pair; null otherwise. */
    cancelledAt: isoDateTime.nullable(),
    /** Sections where the grades differ; null until the second audit is complete. */
    differingSections: z.int().min(0).nullable(),
    /** Increases on every write; sent as the ETag and needed as If-Match to resolve. */
    version: z.int().min(1),
  }),
  'ModerationSummary',
);

const ModerationSideSchema = named(
  z.strictObject({
    grade: z.string().nullable(),
    suggestedGrade: z.string().nullable(),
    criteriaMet: z.array(z.string()),
    overrideReason: z.string().nullable(),
    comment: z.string().nullable(),
  }),
  'ModerationSide',
  'What one auditor recorded for a section.',
);

export const ModerationDetailSchema = named(
  z.strictObject({
    ...ModerationSummarySchema.shape,
    sections: z.array(
      z.strictObject({
        sectionId: z.string(),
        first: ModerationSideSchema,
        second: ModerationSideSchema,
        gradesAgree: z.boolean(),
        criteriaOnlyFirst: z.array(z.string()),
        criteriaOnlySecond: z.array(z.string()),
        agreed: z.strictObject({ grade: z.string(), note: z.string().nullable() }).nullable(),
      }),
    ),
    note: z.string().nullable(),
    resolvedBy: z.string().nullable(),
    cancelledBy: z.string().nullable(),
    /** Why the pair was cancelled (kept with the pair). */
    cancelReason: z.string().nullable(),
  }),
  'ModerationDetail',
  'Both audits of a plan side by side, section by section, with the differences listed and the agreed grades once resolved.',
);

const SecondAuditorSchema = z.strictObject({
  id: RefSchema,
  /** The second auditor's profession, stored on their audit for report filters. Default `other`. */
  role: AuditorRoleSchema.optional(),
});

export const AssignModerationBodySchema = named(
  z
    .strictObject({
      cycleId: IdSchema,
      /** Pick audits by hand: each completed first audit and its second auditor. */
      assignments: z.array(z.strictObject({ firstAuditId: IdSchema, secondAuditor: SecondAuditorSchema })).min(1).max(200).optional(),
      /** Or draw a random sample of the cycle's completed audits, reproducible from `seed`. */
      sample: z
        .strictObject({
          size: z.int().min(1).max(1000).optional(),
          share: z.number().gt(0).max(1).optional(),
          /** 0 to 4294967295. The same seed and the same audits give the same sample. Omitted: the server draws one and returns it. */
          seed: z.int().min(0).max(0xffffffff).optional(),
          /** Second auditors, assigned in turn; nobody second-audits their own audit. */
          secondAuditors: z.array(SecondAuditorSchema).min(1).max(100),
        })
        .refine((s) => (s.size === undefined) !== (s.share === undefined), { message: 'give either size or share', path: ['size'] })
        .optional(),
    })
    .refine((b) => (b.assignments === undefined) !== (b.sample === undefined), { message: 'give either assignments or sample', path: ['assignments'] }),
  'AssignModerationBody',
);

export const AssignModerationResultSchema = named(
  z.strictObject({
    items: z.array(ModerationSummarySchema),
    /** The seed used for a sample (null when picked by hand). */
    seed: z.int().nullable(),
    /** How many audits the sample was drawn from (null when picked by hand). */
    population: z.int().nullable(),
  }),
  'AssignModerationResult',
);

export const ResolveModerationBodySchema = named(
  z.strictObject({
    /** Agreed grade per section (a level id or `na`), with an optional note. Every section either auditor graded needs one. */
    sections: z.record(SectionIdSchema, z.strictObject({ grade: z.string().min(1).max(60), note: note(2000).optional() })),
    note: note(4000).optional(),
  }),
  'ResolveModerationBody',
);

const ModerationParamsSchema = z.strictObject({ moderationId: IdSchema });

export const CancelModerationBodySchema = named(
  z.strictObject({
    /** Why the pair is cancelled, for example "assigned to someone who has left". Kept with the pair. */
    reason: z.string().trim().min(1, 'is required').max(2000, 'must be at most 2000 characters'),
  }),
  'CancelModerationBody',
);

const ListModerationsQuerySchema = z.strictObject({
  cycleId: IdSchema.optional(),
  status: ModerationStatusSchema.optional(),
  planRef: RefSchema.optional(),
  cursor: z.string().max(400).optional(),
  limit: limitParam.optional(),
});

export const ModerationListSchema = named(
  z.strictObject({ items: z.array(ModerationSummarySchema), nextCursor: z.string().nullable() }),
  'ModerationList',
  'One page of moderations, oldest first (at most `limit`, default 50; a page may hold fewer when filters leave some out). Pass `nextCursor` as `cursor` for the next page; null on the last.',
);

/** The most pairs one statistics request reads; beyond it, narrow by cycle or dates (docs/moderation.md). */
export const MAX_STATS_PAIRS = 5000;
/** The most records one list request scans looking for a visible item before it answers (with a cursor). */
const MAX_SCAN = 1000;

const StatsQuerySchema = z
  .strictObject({
    cycleId: IdSchema.optional(),
    /** Second audits completed on or after this date. */
    from: isoDate.optional(),
    /** Second audits completed on or before this date. */
    to: isoDate.optional(),
    frameworkId: z.string().max(80).optional(),
    frameworkVersion: z.string().regex(/^\d+\.\d+\.\d+$/, 'use a semantic version such as 1.0.0').optional(),
  })
  .refine((q) => !(q.from && q.to) || q.from <= q.to, { message: 'must not be after to', path: ['from'] });

const StatisticSchema = <T extends z.ZodRawShape>(shape: T) =>
  z.union([z.strictObject({ value: z.number(), ...shape }), z.strictObject({ value: z.null(), reason: z.string() })]);
const KappaSchema = StatisticSchema({ n: z.int(), observed: z.number(), expected: z.number(), standardError: z.number(), ci95: z.tuple([z.number(), z.number()]) });
const AgreementShape = {
  compared: z.int(), exact: z.int(), withinOne: z.int(), exactRate: z.number().nullable(), withinOneRate: z.number().nullable(),
  naMismatches: z.int(), naBoth: z.int(), missing: z.int(),
};

export const ModerationStatsSchema = named(
  z.strictObject({
    cycleId: IdSchema.nullable(),
    from: isoDate.nullable(),
    to: isoDate.nullable(),
    frameworkId: z.string(),
    frameworkVersion: z.string(),
    pairs: z.int(),
    resolved: z.int(),
    plans: z.int(),
    awaitingSecondAudit: z.int(),
    /** Pairs left out because they used another framework version. */
    otherFrameworkPairs: z.int(),
    overall: z.strictObject({ ...AgreementShape, kappa: KappaSchema }),
    sections: z.array(z.strictObject({ sectionId: z.string(), ...AgreementShape, disagreements: z.int(), kappa: KappaSchema })),
    alpha: StatisticSchema({ units: z.int(), pairableValues: z.number(), maxRatersPerUnit: z.int(), observedDisagreement: z.number(), expectedDisagreement: z.number() }),
    moreThanTwoRaters: z.boolean(),
    auditors: z.array(z.strictObject({
      auditorId: z.string(), moderatedAudits: z.int(), asFirst: z.int(), asSecond: z.int(), comparedWithAgreed: z.int(), matchedAgreed: z.int(),
      agreementWithAgreed: z.number().nullable(), meanSignedDifference: z.number().nullable(), direction: z.enum(['higher', 'lower', 'in-line']).nullable(),
    })),
    mostDisagreedSections: z.array(z.strictObject({ sectionId: z.string(), disagreements: z.int(), compared: z.int(), disagreementRate: z.number() })),
    criteriaTickedDifferently: z.array(z.strictObject({ criterionId: z.string(), sectionId: z.string(), timesDifferent: z.int(), compared: z.int() })),
  }),
  'ModerationStats',
  'Agreement between first and second audits: exact and within-one agreement, quadratic-weighted kappa with a 95% CI, ordinal Krippendorff alpha, and each auditor against the agreed grades.',
);

// ── Helpers ────────────────────────────────────────────────────────────────────
type Loaded = { record: StoredRecord<ModerationRecord>; first: Audit | null; second: Audit | null };

async function loadPair(deps: QaDeps, tenant: string, record: StoredRecord<ModerationRecord>): Promise<Loaded> {
  const [first, second] = await Promise.all([deps.storage.getAudit(tenant, record.data.firstAuditId), deps.storage.getAudit(tenant, record.data.secondAuditId)]);
  return { record, first, second };
}

function differing(framework: Framework | undefined, first: Audit, second: Audit): number {
  const ids = framework ? framework.sections.map((s) => s.id) : [...new Set([...Object.keys(first.sections), ...Object.keys(second.sections)])];
  return ids.filter((id) => (first.sections[id]?.grade ?? null) !== (second.sections[id]?.grade ?? null)).length;
}

function summary(deps: QaDeps, { record, first, second }: Loaded): z.infer<typeof ModerationSummarySchema> {
  const d = record.data;
  const status = moderationStatus(d, second);
  const framework = deps.frameworks.get(d.frameworkId, d.frameworkVersion);
  return {
    id: d.id, cycleId: d.cycleId, planRef: d.planRef, frameworkId: d.frameworkId, frameworkVersion: d.frameworkVersion,
    firstAuditId: d.firstAuditId, firstAuditorId: d.firstAuditorId, secondAuditorId: d.secondAuditorId, secondAuditId: d.secondAuditId,
    status, assignedAt: d.assignedAt, resolvedAt: d.resolvedAt, cancelledAt: d.cancelledAt ?? null,
    differingSections: (status === 'awaiting-resolution' || status === 'resolved') && first && second ? differing(framework, first, second) : null,
    version: record.version,
  };
}

function side(audit: Audit | null, sectionId: string): z.infer<typeof ModerationSideSchema> {
  const s = audit?.sections[sectionId];
  return { grade: s?.grade ?? null, suggestedGrade: s?.suggestedGrade ?? null, criteriaMet: s ? [...s.criteriaMet] : [], overrideReason: s?.overrideReason ?? null, comment: s?.comment ?? null };
}

function detail(deps: QaDeps, loaded: Loaded): z.infer<typeof ModerationDetailSchema> {
  const d = loaded.record.data;
  const framework = deps.frameworks.get(d.frameworkId, d.frameworkVersion);
  const sectionIds = framework ? framework.sections.map((s) => s.id) : Object.keys(loaded.first?.sections ?? {});
  return {
    ...summary(deps, loaded),
    sections: sectionIds.map((sectionId) => {
      const first = side(loaded.first, sectionId);
      const second = side(loaded.second, sectionId);
      const a = new Set(first.criteriaMet);
      const b = new Set(second.criteriaMet);
      const agreed = d.agreed?.[sectionId];
      return {
        sectionId, first, second,
        gradesAgree: first.grade === second.grade,
        criteriaOnlyFirst: first.criteriaMet.filter((id) => !b.has(id)),
        criteriaOnlySecond: second.criteriaMet.filter((id) => !a.has(id)),
        agreed: agreed ? { grade: agreed.grade, note: agreed.note } : null,
      };
    }),
    note: d.note,
    resolvedBy: d.resolvedBy,
    cancelledBy: d.cancelledBy ?? null,
    cancelReason: d.cancelReason ?? null,
  };
}

/** Loads a moderation the caller may read; 404 when absent, 403 when not theirs or while they are blind. */
async function loadReadable(deps: QaDeps, user: QaUser, tenant: string, id: string): Promise<Loaded> {
  const record = await getModerationRecord(deps.storage, tenant, id);
  if (!record) throw notFound('moderation', id);
  const d = record.data;
  const involved = d.firstAuditorId === user.id || d.secondAuditorId === user.id;
  if (!readsAllAudits(user) && !involved) throw forbidden('You may read only moderations of audits you made.');
  // Blindness (decided in moderation/blindness.ts): neither auditor of a plan in an unfinished pair sees
  // any moderation of that plan, their own or a sibling pair, whatever their roles.
  if ((await moderationVisibility(deps.storage, tenant, user)).hidesModeration(d)) throw forbidden(BLIND_DETAIL);
  return loadPair(deps, tenant, record);
}

/** A moderation summary as `user` may see it: pairs of a plan they are blind to are theirs only, with no differences counted. */
function visibleSummaries(user: QaUser, visibility: ModerationVisibility, items: z.infer<typeof ModerationSummarySchema>[]) {
  return items.flatMap((item) => {
    if (!visibility.hidesModeration(item)) return [item];
    if (item.firstAuditorId !== user.id && item.secondAuditorId !== user.id) return [];
    return [{ ...item, differingSections: null }];
  });
}

/** 422 errors for second auditors the host's directory does not know as auditors of this LA (no directory: no check). */
async function directoryErrors(deps: QaDeps, tenant: string, assignees: readonly { field: string; id: string }[]): Promise<FieldError[]> {
  const directory = deps.options.directory;
  if (!directory) return [];
  const errors: FieldError[] = [];
  const known = new Map<string, Awaited<ReturnType<typeof directory.getUser>>>();
  for (const { field, id } of assignees) {
    if (!known.has(id)) known.set(id, await directory.getUser(tenant, id));
    const person = known.get(id);
    if (!person) errors.push({ field, message: `no user "${id}" in this local authority` });
    else if (!person.roles.includes('auditor')) errors.push({ field, message: `"${id}" does not hold the auditor role, so could never complete the second audit` });
  }
  return errors;
}

async function completedAudits(deps: QaDeps, tenant: string, cycleId: string): Promise<Audit[]> {
  const out: Audit[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.storage.listAudits(tenant, { cycleId, status: 'completed' }, { limit: 100, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

function secondAuditFor(first: Audit, auditorId: string, role: Audit['auditorRole'], now: string): Audit {
  return {
    id: randomUUID(),
    frameworkId: first.frameworkId,
    frameworkVersion: first.frameworkVersion,
    planRef: first.planRef,
    cycleId: first.cycleId,
    auditorId,
    auditorRole: role,
    plan: { ...first.plan },
    status: 'in-progress',
    version: 1,
    sections: {},
    overall: null,
    startedAt: now,
    updatedAt: now,
    completedAt: null,
    activeSeconds: 0,
    reopenings: [],
  };
}

function rated(audit: Audit): RatedAudit {
  return {
    auditId: audit.id, auditorId: audit.auditorId, planRef: audit.planRef,
    sections: Object.fromEntries(Object.entries(audit.sections).map(([id, s]) => [id, { grade: s.grade, criteriaMet: s.criteriaMet }])),
  };
}

const MODERATION_READERS = ['moderator', 'manager', 'admin', 'auditor'] as const;

// ── Operations ─────────────────────────────────────────────────────────────────
export const moderationOperations = [
  defineOperation({
    operationId: 'assignModeration',
    method: 'post',
    path: '/moderations',
    summary: 'Assign completed audits to second auditors for blind moderation',
    description:
      'Give `assignments` (audits picked by hand) or `sample` (a random sample of the cycle\'s completed audits, by `size` or `share`, ' +
      'reproducible from `seed`). Each pair gets a new, empty audit of the same plan and framework version for the second auditor, who ' +
      'cannot read the first audit until they complete theirs. Audits already moderated and second audits are never sampled.',
    tags: ['moderation'],
    roles: ['moderator', 'admin'],
    body: AssignModerationBodySchema,
    errors: [409],
    responses: { 201: { description: 'The new moderations', schema: AssignModerationResultSchema } },
    async handler({ user, tenant, body, deps }) {
      if (!(await deps.storage.getCycle(tenant, body.cycleId))) throw validationProblem([{ field: 'cycleId', message: `no cycle with id "${body.cycleId}"` }]);
      const existing = await listModerationRecords(deps.storage, tenant);
      const secondIds = new Set(existing.map((r) => r.data.secondAuditId));
      const pairsTaken = new Set(existing.filter((r) => isOpenModeration(r.data)).map((r) => `${r.data.firstAuditId}\u0000${r.data.secondAuditorId}`));
      const plans: { first: Audit; second: { id: string; role: Audit['auditorRole'] } }[] = [];
      const errors: FieldError[] = [];
      let seed: number | null = null;
      let population: number | null = null;

      if (body.assignments) {
        for (const [i, a] of body.assignments.entries()) {
          const at = `assignments[${i}]`;
          const first = await deps.storage.getAudit(tenant, a.firstAuditId);
          if (!first) { errors.push({ field: `${at}.firstAuditId`, message: `no audit with id "${a.firstAuditId}"` }); continue; }
          if (first.status !== 'completed') errors.push({ field: `${at}.firstAuditId`, message: 'is not completed: only completed audits can be moderated' });
          if (first.cycleId !== body.cycleId) errors.push({ field: `${at}.firstAuditId`, message: `is not in cycle "${body.cycleId}"` });
          if (secondIds.has(first.id)) errors.push({ field: `${at}.firstAuditId`, message: 'is itself a second audit' });
          if (a.secondAuditor.id === first.auditorId) errors.push({ field: `${at}.secondAuditor.id`, message: 'is the first auditor: choose someone else' });
          const key = `${first.id}\u0000${a.secondAuditor.id}`;
          if (pairsTaken.has(key)) errors.push({ field: `${at}.secondAuditor.id`, message: 'is already the second auditor of this audit' });
          pairsTaken.add(key);
          plans.push({ first, second: { id: a.secondAuditor.id, role: a.secondAuditor.role ?? 'other' } });
        }
      } else if (body.sample) {
        const moderatedFirst = new Set(existing.filter((r) => !r.data.cancelledAt).map((r) => r.data.firstAuditId));
        const pool = (await completedAudits(deps, tenant, body.cycleId)).filter((a) => !secondIds.has(a.id) && !moderatedFirst.has(a.id));
        population = pool.length;
        seed = body.sample.seed ?? randomInt(0, 0xffffffff);
        const want = body.sample.size !== undefined ? { size: body.sample.size } : { share: body.sample.share! };
        const byId = new Map(pool.map((a) => [a.id, a]));
        const drawn = seededSample([...byId.keys()], want, seed);
        if (pool.length === 0) errors.push({ field: 'sample', message: 'the cycle has no completed audits that are not already moderated' });
        const auditors = body.sample.secondAuditors;
        drawn.forEach((id, i) => {
          const first = byId.get(id)!;
          // In turn, starting from the i-th auditor, skipping the first auditor.
          const pick = Array.from({ length: auditors.length }, (_, k) => auditors[(i + k) % auditors.length]!).find((s) => s.id !== first.auditorId);
          if (!pick) errors.push({ field: 'sample.secondAuditors', message: `only the first auditor of audit "${id}" is listed: add another second auditor` });
          else plans.push({ first, second: { id: pick.id, role: pick.role ?? 'other' } });
        });
      }
      for (const p of plans) frameworkOf(deps, p.first); // 409 when the framework version is no longer served
      errors.push(...(await directoryErrors(deps, tenant, body.assignments
        ? body.assignments.map((a, i) => ({ field: `assignments[${i}].secondAuditor.id`, id: a.secondAuditor.id }))
        : (body.sample?.secondAuditors ?? []).map((a, i) => ({ field: `sample.secondAuditors[${i}].id`, id: a.id })))));
      if (errors.length > 0) throw validationProblem(errors);

      // Every pair and its second audit in one transaction. The unique keys make the rules hold even
      // when requests race: one open pair per first audit and second auditor; a sample never takes a first audit twice.
      const now = new Date().toISOString();
      const pairs = plans.map((p) => {
        const second = secondAuditFor(p.first, p.second.id, p.second.role, now);
        const record: ModerationRecord = {
          id: randomUUID(), cycleId: p.first.cycleId, planRef: p.first.planRef, frameworkId: p.first.frameworkId, frameworkVersion: p.first.frameworkVersion,
          firstAuditId: p.first.id, firstAuditorId: p.first.auditorId, secondAuditorId: p.second.id, secondAuditId: second.id,
          assignedBy: user.id, assignedAt: now, sampleSeed: seed, agreed: null, note: null, resolvedBy: null, resolvedAt: null,
          cancelledAt: null, cancelledBy: null, cancelReason: null,
        };
        return { first: p.first, second, record };
      });
      const result = await deps.storage.writeBatch(tenant, {
        createAudits: pairs.map((p) => p.second),
        records: pairs.map((p) => ({ collection: MODERATION_COLLECTION, id: p.record.id, data: p.record, expectedVersion: null, unique: moderationKeys(p.record) })),
        trail: pairs.flatMap((p) => [
          entry(user, 'moderation.assigned', 'moderation', p.record.id, { before: null, after: 1 }, {
            firstAuditId: p.first.id, secondAuditId: p.second.id, secondAuditorId: p.record.secondAuditorId, sampleSeed: p.record.sampleSeed,
          }, p.first.id),
          auditEntry(user, 'audit.created', p.second, null, 1, { planRef: p.second.planRef, cycleId: p.second.cycleId, moderationId: p.record.id, secondAudit: true }),
        ]),
      });
      if (!result.ok) {
        const clash = pairs.find((p) => p.record.id === result.id);
        const what = result.reason === 'duplicate-key' && result.key.startsWith('sampled:')
          ? `audit ${clash?.first.id} was taken by another sample at the same time`
          : `audit ${clash?.first.id} already has an open moderation with second auditor "${clash?.record.secondAuditorId}" (assigned at the same time)`;
        throw new QaProblem(409, { detail: `Nothing was assigned: ${what}. Reload the moderations and try again.`, extensions: { firstAuditId: clash?.first.id ?? null } });
      }
      const items = pairs.map((p, i) => summary(deps, { record: result.records[i] as StoredRecord<ModerationRecord>, first: p.first, second: p.second }));
      return { status: 201, body: { items, seed, population } };
    },
  }),

  defineOperation({
    operationId: 'listModerations',
    method: 'get',
    path: '/moderations',
    summary: 'Moderations, oldest first, a page at a time: all of them for moderators, managers and admins; an auditor\'s own otherwise',
    tags: ['moderation'],
    roles: MODERATION_READERS,
    query: ListModerationsQuerySchema,
    responses: { 200: { description: 'Moderations', schema: ModerationListSchema } },
    async handler({ user, tenant, query, deps }) {
      const where: Record<string, string> = {};
      if (query.cycleId) where.cycleId = query.cycleId;
      if (query.planRef) where.planRef = query.planRef;
      const visibility = await moderationVisibility(deps.storage, tenant, user);
      const limit = query.limit ?? 50;
      const items: z.infer<typeof ModerationSummarySchema>[] = [];
      let cursor = query.cursor;
      let nextCursor: string | null = null;
      let scanned = 0;
      // One storage page per round; more rounds only while the filters have left nothing to show.
      do {
        const page = await deps.storage.listRecords<ModerationRecord>(tenant, MODERATION_COLLECTION, { where, limit, ...(cursor !== undefined ? { cursor } : {}) });
        scanned += page.items.length;
        const mine = readsAllAudits(user) ? page.items : page.items.filter((r) => r.data.firstAuditorId === user.id || r.data.secondAuditorId === user.id);
        const summaries = (await Promise.all(mine.map((r) => loadPair(deps, tenant, r)))).map((l) => summary(deps, l));
        items.push(...visibleSummaries(user, visibility, summaries).filter((i) => !query.status || i.status === query.status));
        nextCursor = page.nextCursor;
        cursor = nextCursor ?? undefined;
      } while (items.length === 0 && nextCursor !== null && scanned < MAX_SCAN);
      return { status: 200, body: { items, nextCursor } };
    },
  }),

  defineOperation({
    operationId: 'getModerationStats',
    method: 'get',
    path: '/moderations/stats',
    summary: 'How consistent the auditors are, for a cycle or a date range',
    description:
      'Counts pairs whose second audit is complete (in the date range, by its completion date, when `from`/`to` are given). ' +
      'Not applicable against a grade counts as a disagreement; such pairs are left out of kappa and alpha and counted in `naMismatches`. ' +
      'Kappa is quadratic-weighted with a large-sample 95% CI (Fleiss, Cohen & Everitt 1969); alpha is Krippendorff\'s ordinal alpha over every auditor.',
    tags: ['moderation'],
    roles: ['moderator', 'manager', 'admin'],
    query: StatsQuerySchema,
    responses: { 200: { description: 'The figures', schema: ModerationStatsSchema } },
    async handler({ user, tenant, query, deps }) {
      if (query.cycleId && !(await deps.storage.getCycle(tenant, query.cycleId))) throw notFound('cycle', query.cycleId);
      const records = (await listModerationRecords(deps.storage, tenant, query.cycleId ? { cycleId: query.cycleId } : {})).filter((r) => !r.data.cancelledAt);

      const loaded = await Promise.all(records.map((r) => loadPair(deps, tenant, r)));
      const toExclusive = query.to ? new Date(Date.parse(`${query.to}T00:00:00Z`) + 86_400_000).toISOString() : undefined;
      const inRange = (l: Loaded) => {
        const at = l.second?.completedAt;
        if (!at) return !query.from && !query.to;
        return (!query.from || at >= query.from) && (!toExclusive || at < toExclusive);
      };
      const complete = loaded.filter((l) => l.first && l.second?.status === 'completed' && inRange(l));
      if (complete.length > MAX_STATS_PAIRS) {
        throw validationProblem([{ field: query.cycleId ? 'query.cycleId' : 'query.from', message: `covers ${complete.length} moderated pairs; the figures are worked out over at most ${MAX_STATS_PAIRS}: choose a cycle, or a shorter date range` }], 400, 'query string');
      }
      // The report rule of blindness: figures that would hold another pair of a plan the caller still
      // has a second audit to finish are withheld, as reports are.
      const pending = (await moderationVisibility(deps.storage, tenant, user)).pendingSecondAudits;
      const withheld = pending.filter((p) => complete.some((l) => l.record.data.planRef === p.planRef));
      if (withheld.length > 0) throw reportWithheld(withheld);
      const awaiting = loaded.filter((l) => l.second?.status !== 'completed').length;
      // One scale per answer: the framework asked for, or the newest one among the pairs.
      let framework: Framework | undefined;
      if (query.frameworkId) {
        framework = query.frameworkVersion ? deps.frameworks.get(query.frameworkId, query.frameworkVersion) : deps.frameworks.latest(query.frameworkId);
        if (!framework) throw validationProblem([{ field: 'query.frameworkId', message: `no framework "${query.frameworkId}"${query.frameworkVersion ? ` ${query.frameworkVersion}` : ''}` }], 400, 'query string');
      } else {
        const used = complete.map((l) => deps.frameworks.get(l.record.data.frameworkId, l.record.data.frameworkVersion)).filter((f): f is Framework => !!f);
        framework = used.sort((a, b) => b.version.localeCompare(a.version, undefined, { numeric: true }))[0] ?? deps.frameworks.list()[0];
      }
      if (!framework) throw new QaProblem(409, { detail: 'This adapter serves no framework.' });
      const same = complete.filter((l) => l.record.data.frameworkId === framework.id && l.record.data.frameworkVersion === framework.version);
      const pairs: ModeratedPair[] = same.map((l) => ({
        moderationId: l.record.data.id, first: rated(l.first!), second: rated(l.second!),
        agreed: l.record.data.agreed ? Object.fromEntries(Object.entries(l.record.data.agreed).map(([id, a]) => [id, a.grade])) : null,
      }));
      const stats = computeModerationStats(pairs, { levels: framework.scale.levels.map((l) => l.id), sections: framework.sections.map((s) => s.id) });
      return {
        status: 200,
        body: {
          cycleId: query.cycleId ?? null, from: query.from ?? null, to: query.to ?? null,
          frameworkId: framework.id, frameworkVersion: framework.version,
          awaitingSecondAudit: awaiting, otherFrameworkPairs: complete.length - same.length,
          ...stats,
        },
      };
    },
  }),

  defineOperation({
    operationId: 'getModeration',
    method: 'get',
    path: '/moderations/{moderationId}',
    summary: 'Both audits of a plan side by side, with the differences marked',
    description: 'Refused (403) to the second auditor until their audit is complete, whatever roles they hold.',
    tags: ['moderation'],
    roles: MODERATION_READERS,
    params: ModerationParamsSchema,
    responses: { 200: { description: 'The comparison', schema: ModerationDetailSchema, etag: true } },
    async handler({ user, tenant, params, deps }) {
      const loaded = await loadReadable(deps, user, tenant, params.moderationId);
      return { status: 200, body: detail(deps, loaded), version: loaded.record.version };
    },
  }),

  defineOperation({
    operationId: 'resolveModeration',
    method: 'post',
    path: '/moderations/{moderationId}/resolve',
    summary: 'Record the agreed grade of each section (moderators and admins)',
    description:
      'Every section either auditor graded needs an agreed grade: either auditor\'s or another one the section allows. ' +
      'From then on, reports use the agreed grades as the plan\'s result. A moderator cannot resolve a pair they audited. Needs If-Match.',
    tags: ['moderation'],
    roles: ['moderator', 'admin'],
    params: ModerationParamsSchema,
    body: ResolveModerationBodySchema,
    ifMatch: true,
    errors: [409],
    responses: { 200: { description: 'The resolved comparison', schema: ModerationDetailSchema, etag: true } },
    async handler({ user, tenant, params, body, ifMatch, deps }) {
      const record = await getModerationRecord(deps.storage, tenant, params.moderationId);
      if (!record) throw notFound('moderation', params.moderationId);
      const d = record.data;
      if (d.firstAuditorId === user.id || d.secondAuditorId === user.id) throw forbidden('You audited this plan in the pair: another moderator must resolve it.');
      if ((await moderationVisibility(deps.storage, tenant, user)).hidesModeration(d)) throw forbidden(BLIND_DETAIL);
      if (d.cancelledAt) throw new QaProblem(409, { detail: `Moderation ${d.id} was cancelled, so it cannot be resolved.` });
      if (record.version !== ifMatch) {
        throw new QaProblem(412, { detail: `The moderation has changed: its current version is ${record.version}. Reload it, then resolve again.`, headers: { etag: `"${record.version}"` }, extensions: { currentVersion: record.version } });
      }
      const loaded = await loadPair(deps, tenant, record);
      if (!loaded.first || !loaded.second || loaded.second.status !== 'completed') {
        throw new QaProblem(409, { detail: 'The second audit is not complete yet, so there is nothing to resolve.' });
      }
      const framework = frameworkOf(deps, loaded.first);
      const errors: FieldError[] = [];
      for (const [sectionId, agreed] of Object.entries(body.sections)) {
        const section = findSection(framework, sectionId);
        if (!section) { errors.push({ field: `sections.${sectionId}`, message: `is not a section of ${framework.id} ${framework.version}` }); continue; }
        const allowed = allowedGrades(framework, section);
        if (!allowed.includes(agreed.grade)) errors.push({ field: `sections.${sectionId}.grade`, message: `"${agreed.grade}" is not a grade section ${sectionId} allows; use one of ${allowed.join(', ')}` });
      }
      for (const section of framework.sections) {
        const graded = loaded.first.sections[section.id]?.grade != null || loaded.second.sections[section.id]?.grade != null;
        if (graded && !body.sections[section.id]) errors.push({ field: `sections.${section.id}`, message: 'needs an agreed grade: an auditor graded it' });
      }
      if (errors.length > 0) throw validationProblem(errors);
      const now = new Date().toISOString();
      const agreedGrades = { ...Object.fromEntries(Object.entries(loaded.first.sections).map(([id, sec]) => [id, sec.grade])), ...Object.fromEntries(Object.entries(body.sections).map(([id, a]) => [id, a.grade])) };
      const next: ModerationRecord = {
        ...d,
        agreed: Object.fromEntries(Object.entries(body.sections).map(([id, a]) => [id, { grade: a.grade, note: a.note ? a.note : null }])),
        agreedOverall: overallGrade(framework, agreedGrades).grade,
        note: body.note ? body.note : null,
        resolvedBy: user.id,
        resolvedAt: now,
      };
      // The trail keeps the agreed grades; the notes stay with the pair.
      const stored = await writeModeration(deps, tenant, next, record.version, entry(user, 'moderation.resolved', 'moderation', d.id, { before: record.version, after: record.version + 1 }, {
        agreed: Object.entries(next.agreed ?? {}).map(([id, a]) => `${id}:${a.grade}`), agreedOverall: next.agreedOverall ?? null, secondAuditId: d.secondAuditId,
      }, d.firstAuditId));
      return { status: 200, body: detail(deps, { ...loaded, record: stored }), version: stored.version };
    },
  }),

  defineOperation({
    operationId: 'cancelModeration',
    method: 'post',
    path: '/moderations/{moderationId}/cancel',
    summary: 'Cancel a pair that cannot or should not be finished (moderators and admins), with a reason',
    description:
      'For example when the second auditor has left, or was assigned by mistake. The reason, who cancelled and when are kept with the pair, ' +
      'which stays listed with the status `cancelled`. Its second audit is kept but never counted in reports, and nobody is blind because of it. ' +
      'A resolved or already cancelled pair answers 409. Needs If-Match.',
    tags: ['moderation'],
    roles: ['moderator', 'admin'],
    params: ModerationParamsSchema,
    body: CancelModerationBodySchema,
    ifMatch: true,
    errors: [409],
    responses: { 200: { description: 'The cancelled pair', schema: ModerationSummarySchema, etag: true } },
    async handler({ user, tenant, params, body, ifMatch, deps }) {
      const record = await getModerationRecord(deps.storage, tenant, params.moderationId);
      if (!record) throw notFound('moderation', params.moderationId);
      const d = record.data;
      if (d.cancelledAt) throw new QaProblem(409, { detail: `Moderation ${d.id} is already cancelled.` });
      if (d.agreed) throw new QaProblem(409, { detail: `Moderation ${d.id} is resolved: its agreed grades are the plan's result and it cannot be cancelled.` });
      if (record.version !== ifMatch) {
        throw new QaProblem(412, { detail: `The moderation has changed: its current version is ${record.version}. Reload it, then cancel again.`, headers: { etag: `"${record.version}"` }, extensions: { currentVersion: record.version } });
      }
      const next: ModerationRecord = { ...d, cancelledAt: new Date().toISOString(), cancelledBy: user.id, cancelReason: body.reason };
      // The reason stays with the pair; the trail records who cancelled it.
      const stored = await writeModeration(deps, tenant, next, record.version, entry(user, 'moderation.cancelled', 'moderation', d.id, { before: record.version, after: record.version + 1 }, { secondAuditId: d.secondAuditId }, d.firstAuditId));
      const loaded = await loadPair(deps, tenant, stored);
      // The summary carries no audit content; differences are not counted for a cancelled pair.
      return { status: 200, body: summary(deps, loaded), version: stored.version };
    },
  }),
];

/** Writes a changed moderation record (compare-and-swap) with the unique keys its new state holds; 404/412 problems. */
async function writeModeration(deps: QaDeps, tenant: string, next: ModerationRecord, expectedVersion: number, trail: TrailInput): Promise<StoredRecord<ModerationRecord>> {
  const result = await deps.storage.writeBatch(tenant, {
    records: [{ collection: MODERATION_COLLECTION, id: next.id, data: next, expectedVersion, unique: moderationKeys(next) }],
    trail: [trail],
  });
  if (result.ok) return result.records[0] as StoredRecord<ModerationRecord>;
  if (result.reason === 'not-found') throw notFound('moderation', next.id);
  if (result.reason === 'conflict') {
    throw new QaProblem(412, { detail: 'The moderation changed while saving. Reload it, then try again.', headers: { etag: `"${result.currentVersion}"` }, extensions: { currentVersion: result.currentVersion } });
  }
  throw new QaProblem(409, { detail: `The moderation could not be saved: its key "${result.key}" is held by another pair.` });
}

/** For hosts and tests: whether the user may run moderation (assign and resolve). */
export function canModerate(user: QaUser): boolean {
  return hasRole(user, 'moderator', 'admin');
}
