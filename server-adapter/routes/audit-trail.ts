/**
 * The audit trail through the API: the whole trail for admins (filtered, paged), its
 * verification, and one audit's history for whoever may read that audit. Entries are
 * written by the write routes themselves (server-adapter/audit-trail.ts); nothing here
 * changes them.
 */
import * as z from 'zod';
import { defineOperation } from '../operation.js';
import { named, IdSchema, limitParam, RefSchema, AuditParamsSchema } from '../schemas.js';
import { verifyAuditTrail } from '../storage/trail.js';
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
    firstBroken: z.strictObject({ seq: z.int(), expectedSeq: z.int(), reason: z.enum(['hash-mismatch', 'prev-hash-mismatch', 'sequence-gap']) }).nullable(),
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

const HistoryQuerySchema = z.strictObject({ cursor: z.string().max(400).optional(), limit: limitParam.optional() });

export const auditTrailOperations = [
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
