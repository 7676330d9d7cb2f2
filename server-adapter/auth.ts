/**
 * Identity is the host's: the adapter only asks "who is calling?" through a
 * {@link QaAuth} function. `jwtAuth` is the default: an HS256 bearer token with the
 * claims `sub`, `tenant`, `roles` and optional `name`.
 */
import type { Context } from 'hono';
import { sign, verify } from 'hono/jwt';
import * as z from 'zod';

/** Access roles. A user may hold several. */
export const QA_ROLES = ['auditor', 'moderator', 'manager', 'admin', 'caseworker', 'benchmark-contributor'] as const;
export type QaRole = (typeof QA_ROLES)[number];

/** The caller, as the host's identity system describes them. */
export interface QaUser {
  /** The host's stable user id (the JWT `sub`). Stored as the auditor id. */
  id: string;
  /** The local authority the user works for. Every query is scoped to it. */
  tenant: string;
  roles: readonly QaRole[];
  /** Display name; never stored by the adapter. */
  name?: string;
}

/** Resolves the caller from the request, or null when there is no valid identity (401). */
export type QaAuth = (c: Context) => Promise<QaUser | null>;

/**
 * Who the host's users are, for checks the adapter cannot make from a token alone:
 * today, that a moderator assigns a second audit to someone who exists in the LA and
 * holds the auditor role. Optional: without it those checks are not made (see
 * docs/moderation.md).
 *
 * @example
 * const directory: QaDirectory = { async getUser(tenant, id) { return (await hr.find(tenant, id)) ?? null; } };
 */
export interface QaDirectory {
  /** The user with this id in this tenant, with their roles, or null when there is none. */
  getUser(tenant: string, userId: string): Promise<{ id: string; roles: readonly QaRole[] } | null>;
}

/** Whether the user holds at least one of `roles`. */
export function hasRole(user: QaUser, ...roles: readonly QaRole[]): boolean {
  return user.roles.some((r) => roles.includes(r));
}

const claimRef = z.string().min(1).max(128).regex(/^[A-Za-z0-9][A-Za-z0-9._:/@#-]*$/);
const ClaimsSchema = z.object({
  sub: claimRef,
  tenant: claimRef,
  roles: z.array(z.string()).max(20),
  name: z.string().max(200).optional(),
});

/**
 * Default auth: verifies an HS256 bearer token with hono/jwt. Claims: `sub` (user
 * id), `tenant` (the LA), `roles` (unknown roles are ignored), optional `name`.
 * `exp` and `nbf` are honoured when present.
 *
 * @param options.secret - the shared HS256 secret (at least 32 characters)
 * @example
 * createQaApp({ storage, auth: jwtAuth({ secret: process.env.QA_JWT_SECRET! }) })
 */
export function jwtAuth(options: { secret: string }): QaAuth {
  if (!options.secret || options.secret.length < 32) {
    throw new Error('jwtAuth needs a secret of at least 32 characters');
  }
  const { secret } = options;
  return async (c) => {
    const header = c.req.header('authorization');
    const match = header?.match(/^Bearer\s+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)\s*$/i);
    if (!match?.[1]) return null;
    let payload: unknown;
    try {
      payload = await verify(match[1], secret, 'HS256');
    } catch {
      return null;
    }
    const claims = ClaimsSchema.safeParse(payload);
    if (!claims.success) return null;
    const roles = claims.data.roles.filter((r): r is QaRole => (QA_ROLES as readonly string[]).includes(r));
    return {
      id: claims.data.sub,
      tenant: claims.data.tenant,
      roles,
      ...(claims.data.name !== undefined ? { name: claims.data.name } : {}),
    };
  };
}

/**
 * Mints an HS256 token that {@link jwtAuth} accepts: for tests, the demo, and
 * hosts that issue tokens themselves.
 *
 * @example
 * const token = await signQaToken({ sub: 'u1', tenant: 'la-1', roles: ['auditor'] }, secret);
 * await app.request('/qa/audits', { headers: { authorization: `Bearer ${token}` } });
 */
export async function signQaToken(
  claims: { sub: string; tenant: string; roles: readonly QaRole[]; name?: string },
  secret: string,
  options: { expiresInSeconds?: number } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return sign({ ...claims, roles: [...claims.roles], iat: now, exp: now + (options.expiresInSeconds ?? 3600) }, secret, 'HS256');
}
