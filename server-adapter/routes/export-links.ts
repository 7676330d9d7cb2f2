/**
 * One-time export links. A browser cannot send an Authorization header when it opens
 * a page, so `<ehcp-audit-summary>` used to fetch the printable report and open it as a
 * `blob:` URL: that page ran in the host's origin and lost the report's
 * Content-Security-Policy. Instead, the element asks for a link (with its token, like
 * any call), then opens the link in a new browsing context with `noopener`: the report
 * is then a page of the adapter, served with its own CSP, framing and referrer rules.
 *
 * A link is a random id kept in the record store (collection `export-links`) with who
 * asked and what to export. It works once, within 60 seconds, and the export is made
 * for the user who asked, with their roles and the moderation rules, when it is opened.
 */
import { randomBytes } from 'node:crypto';
import * as z from 'zod';
import type { QaRole, QaUser } from '../auth.js';
import { defineOperation } from '../operation.js';
import { QaProblem } from '../problem.js';
import { CreateExportLinkBodySchema, ExportLinkSchema, ExportQuerySchema } from '../reports/schemas.js';
import { renderExport } from './reports.js';

export const EXPORT_LINK_COLLECTION = 'export-links';
/** How long a link works, in seconds. */
export const EXPORT_LINK_SECONDS = 60;

interface ExportLinkRecord {
  user: { id: string; roles: QaRole[] };
  query: z.infer<typeof ExportQuerySchema>;
  expiresAt: string;
}

const LinkParamsSchema = z.strictObject({
  link: z.string().regex(/^[A-Za-z0-9_-]{1,400}\.[A-Za-z0-9_-]{43}$/, 'is not an export link'),
});

const gone = () => new QaProblem(404, { title: 'Not found', detail: 'There is no such export link, or it was used already or has expired (links work once, for 60 seconds). Export again.' });

export const exportLinkOperations = [
  defineOperation({
    operationId: 'createExportLink',
    method: 'post',
    path: '/reports/export-links',
    summary: 'A one-time link to an export, to open in a new tab without a token',
    description:
      'Takes the same fields as `exportAuditSummary`. The answer\'s `url` (relative to this operation\'s URL) works once, for 60 seconds, ' +
      'without an Authorization header, and serves the export made for the caller when it is opened. The same checks as the export apply now, ' +
      'so a bad filter or an unknown cycle is reported here rather than in the new tab.',
    tags: ['reports'],
    roles: ['manager', 'moderator', 'admin', 'auditor'],
    body: CreateExportLinkBodySchema,
    errors: [404],
    responses: { 201: { description: 'The link', schema: ExportLinkSchema, headers: { Location: { description: 'The link, relative to this URL' } } } },
    async handler({ user, tenant, body, deps }) {
      // The export must be possible now (filters, cycles, roles, moderation); its bytes are made again when the link is opened.
      await renderExport(deps, user, tenant, body);
      const id = randomBytes(32).toString('base64url');
      const expiresAt = new Date(Date.now() + EXPORT_LINK_SECONDS * 1000).toISOString();
      const record: ExportLinkRecord = { user: { id: user.id, roles: [...user.roles] }, query: body, expiresAt };
      const written = await deps.storage.putRecord(tenant, EXPORT_LINK_COLLECTION, id, record, { expectedVersion: null });
      if (!written.ok) throw new QaProblem(409, { detail: 'Could not make a link; try again.' });
      await sweepExpired(deps.storage, tenant);
      const url = `export-links/${Buffer.from(tenant, 'utf8').toString('base64url')}.${id}`;
      return { status: 201, body: { url, expiresAt }, headers: { location: url } };
    },
  }),
  defineOperation({
    operationId: 'openExportLink',
    method: 'get',
    path: '/reports/export-links/{link}',
    summary: 'Open a one-time export link: the export, as `exportAuditSummary` answers it',
    description: 'No sign-in: the link itself is the permission, once, within 60 seconds of being made. A used, expired or unknown link answers 404.',
    tags: ['reports'],
    roles: 'public',
    params: LinkParamsSchema,
    responses: { 200: { description: 'The export (text/html or text/csv)', schema: z.string(), contentType: 'text/html' } },
    async handler({ params, deps }) {
      const [tenantPart, id] = params.link.split('.') as [string, string];
      const tenant = Buffer.from(tenantPart, 'base64url').toString('utf8');
      if (!tenant || Buffer.from(tenant, 'utf8').toString('base64url') !== tenantPart) throw gone();
      const record = await deps.storage.getRecord<ExportLinkRecord>(tenant, EXPORT_LINK_COLLECTION, id);
      if (!record) throw gone();
      // Used once: whoever deletes it serves it.
      if (!(await deps.storage.deleteRecord(tenant, EXPORT_LINK_COLLECTION, id))) throw gone();
      if (Date.parse(record.data.expiresAt) <= Date.now()) throw gone();
      const user: QaUser = { id: record.data.user.id, tenant, roles: record.data.user.roles };
      const query = ExportQuerySchema.parse(record.data.query);
      return renderExport(deps, user, tenant, query);
    },
  }),
];

/** Deletes the tenant's links that expired more than a minute ago (unused links do not pile up). */
async function sweepExpired(storage: import('../storage/types.js').QaStorage, tenant: string): Promise<void> {
  const cutoff = new Date(Date.now() - 60_000).toISOString();
  const page = await storage.listRecords<ExportLinkRecord>(tenant, EXPORT_LINK_COLLECTION, { limit: 100 });
  for (const r of page.items) if (r.data.expiresAt < cutoff) await storage.deleteRecord(tenant, EXPORT_LINK_COLLECTION, r.id);
}
