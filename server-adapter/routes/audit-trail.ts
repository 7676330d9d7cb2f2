/**
 * The audit trail through the API: the whole trail for admins (filtered, paged), its
 * verification, and one audit's history for whoever may read that audit. Entries are
 * written by the write routes themselves (server-adapter/audit-trail.ts); nothing here
 * changes them.
 */
import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { commit, entry } from '../audit-trail.js';
import { contributionRecordsOf } from '../contributions/store.js';
import { feedbackStore } from '../feedback/store.js';
import { listModerationRecords, MODERATION_COLLECTION } from '../moderation/records.js';
import { defineOperation, type QaDeps } from '../operation.js';
import { notFound, validationProblem } from '../problem.js';
import { named, IdSchema, limitParam, RefSchema, AuditParamsSchema } from '../schemas.js';
import { ERASURE_OPERATION, verifyAuditTrail } from '../storage/trail.js';
import type { TrailFilter } from '../storage/types.js';
import { loadReadableAudit } from './audits.js';

const isoDate = z.iso.date();

const detailValue = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())]);

export const TrailEntrySchema = named(
  z.strictObject({
    seq: z.int().min(1),
    at: z.iso.datetime({ offset: true }),
    actor: z.string(),
    operation: z.string(),
    subjectType: z.enum(['audit', 'cycle', 'moderation', 'narrative', 'benchmark', 'plan']),
    subjectId: z.string(),
    auditId: z.string().nullable(),
    beforeVersion: z.int().nullable(),
    afterVersion: z.int().nullable(),
    /** Ids, versions, grades and counts only: never a comment, a reason or a note. */
    details: z.record(z.string(), detailValue),
    prevHash: z.string(),
    hash: z.string(),
    /** The entry's content was erased (retention or erasure); it keeps its place in the chain. */
    tombstone: z.boolean().optional(),
  }),
  'AuditTrailEntry',
  'One change: who, when, what operation, on what, the versions before and after, and a SHA-256 hash chained to the previous entry of the LA.',
);

export const TrailPageSchema = named(
  z.strictObject({ items: z.array(TrailEntrySchema), nextCursor: z.string().nullable() }),
  'AuditTrailPage',
  'Entries oldest first; pass `nextCursor` as `cursor` for the next page.',
);

export const TrailVerificationSchema = named(
  z.strictObject({
    ok: z.boolean(),
    entries: z.int().min(0),
    head: z.string().nullable(),
    tombstones: z.int().min(0),
    firstBroken: z.strictObject({ seq: z.int(), expectedSeq: z.int(), reason: z.enum(['hash-mismatch', 'prev-hash-mismatch', 'sequence-gap', 'unexplained-tombstone']) }).nullable(),
  }),
  'AuditTrailVerification',
  'The chain recomputed from the first entry: `ok`, how many entries, the last hash (keep it elsewhere to notice a cut-off trail), and the first entry that does not fit.',
);

const TrailQuerySchema = z
  .strictObject({
    auditId: IdSchema.optional(),
    userId: RefSchema.optional(),
    /** Entries on or after this date. */
    from: isoDate.optional(),
    /** Entries on or before this date. */
    to: isoDate.optional(),
    cursor: z.string().max(400).optional(),
    limit: limitParam.optional(),
  })
  .refine((q) => !(q.from && q.to) || q.from <= q.to, { message: 'must not be after to', path: ['from'] });

export const ErasePlanBodySchema = named(
  z.strictObject({
    /** Why: the LA's retention schedule, or a request to erase (UK GDPR Art. 17). Recorded in the trail. */
    basis: z.enum(['retention', 'erasure-request']),
    /** The plan reference again, to confirm. */
    confirmPlanRef: RefSchema,
  }),
  'ErasePlanBody',
);

export const ErasureResultSchema = named(
  z.strictObject({
    erasureId: z.string(),
    basis: z.enum(['retention', 'erasure-request']),
    audits: z.int().min(0),
    moderations: z.int().min(0),
    trailEntriesErased: z.int().min(0),
    /** Experiential feedback links for the plan, and the responses linked to it, deleted (docs/feedback.md). */
    feedbackRequests: z.int().min(0),
    feedbackResponses: z.int().min(0),
  }),
  'ErasureResult',
);

const HistoryQuerySchema = z.strictObject({ cursor: z.string().max(400).optional(), limit: limitParam.optional() });

/** Every trail entry about the given audits (seqs, oldest first). */
async function trailSeqsOf(deps: QaDeps, tenant: string, auditIds: readonly string[]): Promise<number[]> {
  const seqs: number[] = [];
  for (const auditId of auditIds) {
    let cursor: string | undefined;
    do {
      const page = await deps.storage.listAuditTrail(tenant, { auditId }, { limit: 100, ...(cursor ? { cursor } : {}) });
      seqs.push(...page.items.filter((e) => !e.tombstone).map((e) => e.seq));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  return [...new Set(seqs)].sort((a, b) => a - b);
}

export const auditTrailOperations = [
  defineOperation({
    operationId: 'erasePlan',
    method: 'post',
    path: '/plans/{planRef}/erasure',
    summary: "Delete every audit of a plan, its moderation pairs, and the content of their audit-trail entries (admins)",
    description:
      'For retention schedules and erasure requests. In one transaction: the plan\'s audits (with their sections) and the moderation pairs of them ' +
      'are deleted, and each audit-trail entry about them is replaced by a tombstone that keeps its place in the hash chain, so `verifyAuditTrail` ' +
      'still holds. One new entry records the erasure: who, when, the basis, how many, and which entries were erased; never the plan reference. ' +
      'The plan\'s experiential-feedback links and the responses linked to it are deleted too (anonymous responses hold no plan reference). ' +
      'Reports counted before are not changed. Backups keep the data until they expire.',
    tags: ['audit trail'],
    roles: ['admin'],
    params: z.strictObject({ planRef: RefSchema }),
    body: ErasePlanBodySchema,
    responses: { 200: { description: 'What was erased', schema: ErasureResultSchema } },
    async handler({ user, tenant, params, body, deps }) {
      if (body.confirmPlanRef !== params.planRef) throw validationProblem([{ field: 'confirmPlanRef', message: `must repeat the plan reference in the URL ("${params.planRef}")` }]);
      const auditIds: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await deps.storage.listAudits(tenant, { planRef: params.planRef }, { limit: 100, ...(cursor ? { cursor } : {}) });
        auditIds.push(...page.items.map((a) => a.id));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      if (auditIds.length === 0) throw notFound('plan with audits', params.planRef);
      const moderations = (await listModerationRecords(deps.storage, tenant, { planRef: params.planRef })).map((r) => r.data.id);
      const seqs = await trailSeqsOf(deps, tenant, auditIds);
      // Feedback about the plan first (its own tables): should the audits' transaction then fail, a retry still finds them.
      const feedback = await feedbackStore(deps.storage).eraseFeedbackOfPlan(tenant, params.planRef);
      const erasureId = randomUUID();
      await commit(deps, tenant, {
        deleteAudits: auditIds,
        deleteRecords: [
          ...moderations.map((id) => ({ collection: MODERATION_COLLECTION, id })),
          // Advice contributors and "weakened by the advice" markings kept in the record store.
          ...(await contributionRecordsOf(deps.storage, tenant, params.planRef, auditIds)),
        ],
        tombstoneTrail: seqs,
        trail: [entry(user, ERASURE_OPERATION, 'plan', erasureId, { before: null, after: null }, {
          basis: body.basis, audits: auditIds.length, moderations: moderations.length, tombstoned: seqs.map(String),
          feedbackRequests: feedback.requests, feedbackResponses: feedback.responses,
        })],
      }, 'plan');
      return { status: 200, body: { erasureId, basis: body.basis, audits: auditIds.length, moderations: moderations.length, trailEntriesErased: seqs.length, feedbackRequests: feedback.requests, feedbackResponses: feedback.responses } };
    },
  }),
  defineOperation({
    operationId: 'listAuditTrail',
    method: 'get',
    path: '/audit-trail',
    summary: "The LA's audit trail: every change, oldest first, filtered by audit, user or dates (admins)",
    tags: ['audit trail'],
    roles: ['admin'],
    query: TrailQuerySchema,
    responses: { 200: { description: 'A page of entries', schema: TrailPageSchema } },
    async handler({ tenant, query, deps }) {
      const filter: TrailFilter = {};
      if (query.auditId) filter.auditId = query.auditId;
      if (query.userId) filter.actor = query.userId;
      if (query.from) filter.from = query.from;
      if (query.to) filter.to = new Date(Date.parse(`${query.to}T00:00:00Z`) + 86_400_000).toISOString();
      const page = await deps.storage.listAuditTrail(tenant, filter, { ...(query.cursor ? { cursor: query.cursor } : {}), ...(query.limit ? { limit: query.limit } : {}) });
      return { status: 200, body: page };
    },
  }),
  defineOperation({
    operationId: 'verifyAuditTrail',
    method: 'get',
    path: '/audit-trail/verification',
    summary: "Recompute the LA's whole hash chain and report the first broken link (admins)",
    tags: ['audit trail'],
    roles: ['admin'],
    responses: { 200: { description: 'The result (200 whether or not the chain holds; see `ok`)', schema: TrailVerificationSchema } },
    async handler({ tenant, deps }) {
      return { status: 200, body: await verifyAuditTrail(deps.storage, tenant) };
    },
  }),
  defineOperation({
    operationId: 'getAuditHistory',
    method: 'get',
    path: '/audits/{auditId}/history',
    summary: "One audit's history from the audit trail, for whoever may read the audit",
    description: 'The same rules as `getAudit` (roles, ownership, moderation blindness) decide who may read it.',
    tags: ['audit trail'],
    roles: ['auditor', 'moderator', 'manager', 'admin', 'caseworker'],
    params: AuditParamsSchema,
    query: HistoryQuerySchema,
    responses: { 200: { description: 'A page of entries about the audit, oldest first', schema: TrailPageSchema } },
    async handler({ user, tenant, params, query, deps }) {
      await loadReadableAudit(deps, user, tenant, params.auditId);
      const page = await deps.storage.listAuditTrail(tenant, { auditId: params.auditId }, { ...(query.cursor ? { cursor: query.cursor } : {}), ...(query.limit ? { limit: query.limit } : {}) });
      return { status: 200, body: page };
    },
  }),
];
