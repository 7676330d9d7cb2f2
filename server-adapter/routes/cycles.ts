/** Audit cycles (a term, a month): audits are reported per cycle. Managers and admins create them. */
import { randomUUID } from 'node:crypto';
import { commit, entry } from '../audit-trail.js';
import { defineOperation } from '../operation.js';
import { notFound, validationProblem } from '../problem.js';
import { CreateCycleBodySchema, CycleListSchema, CycleParamsSchema, CycleSchema, ListCyclesQuerySchema, type Cycle } from '../schemas.js';
import { decodeCursor, encodeCursor, InvalidCursorError } from '../storage/types.js';

export const cycleOperations = [
  defineOperation({
    operationId: 'createCycle',
    method: 'post',
    path: '/cycles',
    summary: 'Create an audit cycle',
    tags: ['cycles'],
    roles: ['manager', 'admin'],
    body: CreateCycleBodySchema,
    responses: { 201: { description: 'The new cycle', schema: CycleSchema, headers: { Location: { description: 'The URL of the new cycle' } } } },
    async handler({ c, user, body, tenant, deps }) {
      if (body.kpiTarget) {
        const levels = new Set(deps.frameworks.list().flatMap((f) => f.scale.levels.map((l) => l.id)));
        if (!levels.has(body.kpiTarget.level)) {
          throw validationProblem([{ field: 'kpiTarget.level', message: `"${body.kpiTarget.level}" is not a grade level; use one of ${[...levels].join(', ')}` }]);
        }
      }
      const cycle: Cycle = {
        id: randomUUID(),
        name: body.name,
        startDate: body.startDate,
        endDate: body.endDate,
        kpiTarget: body.kpiTarget ?? null,
        createdAt: new Date().toISOString(),
      };
      // The trail keeps the dates; the name is free text and stays with the cycle.
      const stored = (await commit(deps, tenant, {
        createCycles: [cycle],
        trail: [entry(user, 'cycle.created', 'cycle', cycle.id, { before: null, after: null }, { startDate: cycle.startDate, endDate: cycle.endDate })],
      }, 'cycle')).cycles[0]!;
      return { status: 201, body: stored, headers: { location: childUrl(c.req.url, stored.id) } };
    },
  }),
  defineOperation({
    operationId: 'listCycles',
    method: 'get',
    path: '/cycles',
    summary: "Every cycle of the caller's local authority, newest first",
    tags: ['cycles'],
    roles: 'any-user',
    query: ListCyclesQuerySchema,
    responses: { 200: { description: 'Cycles', schema: CycleListSchema } },
    async handler({ tenant, query, deps }) {
      const all = await deps.storage.listCycles(tenant);
      let offset = 0;
      if (query.cursor !== undefined) {
        const parts = decodeCursor(query.cursor, 2);
        if (!parts || parts[0] !== 'cycles' || typeof parts[1] !== 'number' || !Number.isInteger(parts[1]) || parts[1] < 0) throw new InvalidCursorError();
        offset = parts[1];
      }
      const limit = query.limit ?? 100;
      const items = all.slice(offset, offset + limit);
      return { status: 200, body: { items, nextCursor: offset + limit < all.length ? encodeCursor(['cycles', offset + limit]) : null } };
    },
  }),
  defineOperation({
    operationId: 'getCycle',
    method: 'get',
    path: '/cycles/{cycleId}',
    summary: 'One cycle',
    tags: ['cycles'],
    roles: 'any-user',
    params: CycleParamsSchema,
    responses: { 200: { description: 'The cycle', schema: CycleSchema } },
    async handler({ params, tenant, deps }) {
      const cycle = await deps.storage.getCycle(tenant, params.cycleId);
      if (!cycle) throw notFound('cycle', params.cycleId);
      return { status: 200, body: cycle };
    },
  }),
];

/**
 * The `Location` of a new child of the collection at `url` (for example `/qa/audits`), as a
 * relative reference (`audits/<id>`). It is never built from the request's `Host` header, which a
 * client chooses, and it resolves against the URL the client used, so it is right wherever the
 * adapter is mounted, also behind a proxy or a server that strips the mount path.
 */
export function childUrl(url: string, id: string): string {
  const segments = new URL(url).pathname.split('/').filter(Boolean);
  const collection = segments.at(-1) ?? '';
  return `${collection}/${encodeURIComponent(id)}`;
}
