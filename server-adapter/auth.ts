/**
 * Identity is the host's: the adapter only asks "who is calling?" through a
 * {@link QaAuth} function. `jwtAuth` verifies bearer JWTs: HS256 with a shared secret,
 * or RS256/ES256 with an identity provider's JWKS; `exp` is required and the lifetime
 * bounded; `iss`/`aud` checked when configured; claims mapped to a {@link QaUser}
 * (with `service`, the service a `service-lead` leads).
 */
import type { Context } from 'hono';
import { sign, verify } from 'hono/jwt';
import * as z from 'zod';
import { requestHeader } from './node-request.js';

/** Access roles. A user may hold several. */
export const QA_ROLES = ['auditor', 'moderator', 'manager', 'admin', 'caseworker', 'benchmark-contributor', 'service-lead'] as const;
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
  /**
   * The host's id of the service the user leads (the JWT `service` claim by default).
   * A `service-lead` sees only this service's advice reports; without it, none.
   */
  serviceRef?: string;
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
const MappedClaimsSchema = z.object({
  id: claimRef,
  tenant: claimRef,
  roles: z.array(z.string().max(200)).max(50),
  name: z.string().max(200).optional(),
  service: claimRef.optional(),
});

/** Where a QA user's fields are found in a token: a claim name (dots for nested claims) or a function of the payload. */
export type ClaimSource = string | ((payload: Record<string, unknown>) => unknown);

/** Which claims hold the user id, the tenant, the roles and the name. Defaults: `sub`, `tenant`, `roles`, `name`. */
export interface ClaimMapping {
  userId?: ClaimSource;
  tenant?: ClaimSource;
  /** A claim holding an array of role names (or one role as a string). */
  roles?: ClaimSource;
  name?: ClaimSource;
  /** The service a `service-lead` leads. Default `service`. */
  service?: ClaimSource;
}

/** Asymmetric algorithms accepted from an identity provider's JWKS. */
export type JwksAlgorithm = 'RS256' | 'ES256';

/** Options shared by both kinds of {@link jwtAuth}. */
export interface JwtCommonOptions {
  /** When set, the token's `iss` must equal it. */
  issuer?: string;
  /** When set, the token's `aud` (a string or an array) must include it (or one of them). */
  audience?: string | readonly string[];
  /**
   * Longest lifetime accepted, in seconds: `exp` minus `iat` (or minus `nbf`, or minus now when the
   * token has neither). Default 43200 (12 hours). A token without `exp` is always refused.
   */
  maxLifetimeSeconds?: number;
  /** Clock difference tolerated for `exp`, `nbf` and `iat`, in seconds (0 to 600). Default 0. */
  clockToleranceSeconds?: number;
  /** Which claims hold the user id, tenant, roles and name. */
  claims?: ClaimMapping;
  /** Role names in the token → QA roles, for example `{ 'QA.Auditor': 'auditor' }`. Without it, role names are taken as they are. Unknown roles are ignored. */
  roleMap?: Readonly<Record<string, QaRole>>;
}

/** HS256 with a secret shared with the host. */
export interface JwtSecretOptions extends JwtCommonOptions {
  secret: string;
  jwksUrl?: undefined;
}

/** RS256/ES256 with the public keys an OpenID Connect provider publishes (its `jwks_uri`). */
export interface JwtJwksOptions extends JwtCommonOptions {
  /** The provider's JWKS URL (https; http only for localhost). Keys are cached and refetched when a token names an unknown `kid`. */
  jwksUrl: string;
  /** Algorithms accepted. Default `['RS256', 'ES256']`. Symmetric algorithms are never accepted from a JWKS. */
  algorithms?: readonly JwksAlgorithm[];
  /** How long fetched keys are used before they are fetched again, in seconds. Default 3600. */
  jwksCacheSeconds?: number;
  /** Least time between two fetches caused by unknown `kid`s, in seconds, so bad tokens cannot make the adapter hammer the provider. Default 30. */
  jwksRefreshCooldownSeconds?: number;
  secret?: undefined;
}

export type JwtAuthOptions = JwtSecretOptions | JwtJwksOptions;

/** How many verified tokens each {@link jwtAuth} remembers (oldest forgotten first): a few MB at most. */
const VERIFIED_TOKENS_KEPT = 10_000;

/** Default maximum token lifetime: 12 hours. */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 12 * 3600;

/**
 * Bearer-token auth. Two kinds:
 *
 * - `jwtAuth({ secret })`: HS256 tokens your own server signs (see {@link signQaToken}).
 * - `jwtAuth({ jwksUrl, issuer, audience, algorithms })`: RS256/ES256 tokens from your identity
 *   provider (Microsoft Entra ID, Okta, Google, Keycloak…), verified with the public keys it publishes.
 *
 * Either way the token must carry `exp`, must not live longer than `maxLifetimeSeconds` (default
 * 12 hours), must match `issuer` and `audience` when they are set, and `nbf`/`iat` must not be in the
 * future. `claims` says where the user id, tenant and roles are (default `sub`, `tenant`, `roles`);
 * `roleMap` translates the provider's role names. Any failure means 401.
 *
 * @example
 * createQaApp({ storage, auth: jwtAuth({ secret: process.env.QA_JWT_SECRET! }) })
 * @example
 * // Microsoft Entra ID (docs/adapter.md)
 * jwtAuth({
 *   jwksUrl: `https://login.microsoftonline.com/${tid}/discovery/v2.0/keys`,
 *   issuer: `https://login.microsoftonline.com/${tid}/v2.0`,
 *   audience: 'api://ehcp-qa',
 *   claims: { userId: 'oid', tenant: 'tid', roles: 'roles' },
 *   roleMap: { 'QA.Auditor': 'auditor', 'QA.Moderator': 'moderator', 'QA.Manager': 'manager', 'QA.Admin': 'admin' },
 * })
 */
export function jwtAuth(options: JwtAuthOptions): QaAuth {
  const maxLifetime = options.maxLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
  if (!Number.isFinite(maxLifetime) || maxLifetime <= 0) throw new Error('jwtAuth: maxLifetimeSeconds must be a positive number');
  const tolerance = options.clockToleranceSeconds ?? 0;
  if (!Number.isFinite(tolerance) || tolerance < 0 || tolerance > 600) throw new Error('jwtAuth: clockToleranceSeconds must be 0 to 600');
  if (options.issuer !== undefined && options.issuer === '') throw new Error('jwtAuth: issuer must not be empty');
  if (options.audience !== undefined && (typeof options.audience === 'string' ? options.audience === '' : options.audience.length === 0 || options.audience.some((a) => a === ''))) {
    throw new Error('jwtAuth: audience must be a non-empty string or a non-empty list of them');
  }

  let verifySignature: (token: string) => Promise<unknown>;
  const claimChecks = {
    exp: false, nbf: false, iat: false,
    ...(options.issuer !== undefined ? { iss: options.issuer } : {}),
    ...(options.audience !== undefined ? { aud: typeof options.audience === 'string' ? options.audience : [...options.audience] } : {}),
  };
  if (options.jwksUrl !== undefined) {
    if (options.secret !== undefined) throw new Error('jwtAuth: give either secret or jwksUrl, not both');
    const keys = jwksCache(options);
    const algorithms = options.algorithms ?? ['RS256', 'ES256'];
    if (algorithms.length === 0 || algorithms.some((a) => a !== 'RS256' && a !== 'ES256')) throw new Error('jwtAuth: algorithms must be RS256 and/or ES256');
    verifySignature = async (token) => {
      const header = decodeHeader(token) as { alg?: unknown; kid?: unknown };
      if (typeof header.alg !== 'string' || !(algorithms as readonly string[]).includes(header.alg)) return null;
      if (typeof header.kid !== 'string' || header.kid === '' || header.kid.length > 200) return null;
      const key = await keys.get(header.kid, header.alg as JwksAlgorithm);
      if (!key) return null;
      return verify(token, key, { alg: header.alg as JwksAlgorithm, ...claimChecks });
    };
  } else {
    if (!options.secret || options.secret.length < 32) throw new Error('jwtAuth needs a secret of at least 32 characters');
    // The HMAC key is imported once per secret, not once per request.
    const key = crypto.subtle.importKey('raw', new TextEncoder().encode(options.secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
    key.catch(() => undefined);
    verifySignature = async (token) => verify(token, await key, { alg: 'HS256', ...claimChecks });
  }
  // With a shared secret, a token whose signature (and issuer, audience) this function has already
  // verified is not verified again: the same bytes give the same answer. Its times are still checked
  // on every request. (Not with a JWKS, where a key withdrawn by the provider must stop its tokens.)
  const remember = options.jwksUrl === undefined;
  const verified = new Map<string, { payload: Record<string, unknown>; user: QaUser | null }>();

  return async (c) => {
    const header = requestHeader(c, 'authorization');
    const match = header?.match(/^Bearer\s+([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)\s*$/i);
    const token = match?.[1];
    if (!token || token.length > 16_384) return null;
    let known = verified.get(token);
    if (!known) {
      let payload: unknown;
      try {
        payload = await verifySignature(token);
      } catch {
        return null;
      }
      if (!payload || typeof payload !== 'object' || Array.isArray(payload)) return null;
      const claims = payload as Record<string, unknown>;
      const user = mapClaims(claims, options.claims ?? {}, options.roleMap);
      known = { payload: claims, user: user ? Object.freeze({ ...user, roles: Object.freeze([...user.roles]) }) : null };
      if (remember) {
        if (verified.size >= VERIFIED_TOKENS_KEPT) verified.delete(verified.keys().next().value!);
        verified.set(token, known);
      }
    }
    if (!timesAcceptable(known.payload, maxLifetime, tolerance)) return null;
    return known.user;
  };
}

/** The JOSE header of a compact JWT, or an empty object when it is not JSON. */
function decodeHeader(token: string): Record<string, unknown> {
  try {
    const header: unknown = JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8'));
    return header && typeof header === 'object' && !Array.isArray(header) ? (header as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** `exp` is required and in the future; `nbf`/`iat` not in the future; lifetime at most `maxLifetime`. */
function timesAcceptable(payload: Record<string, unknown>, maxLifetime: number, tolerance: number): boolean {
  const now = Math.floor(Date.now() / 1000);
  const { exp, nbf, iat } = payload;
  const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  if (!isTime(exp) || exp + tolerance <= now) return false;
  if (nbf !== undefined && (!isTime(nbf) || nbf - tolerance > now)) return false;
  if (iat !== undefined && (!isTime(iat) || iat - tolerance > now)) return false;
  const start = isTime(iat) ? iat : isTime(nbf) ? nbf : now;
  return exp - start <= maxLifetime;
}

function readClaim(payload: Record<string, unknown>, source: ClaimSource): unknown {
  if (typeof source === 'function') return source(payload);
  let value: unknown = payload;
  for (const part of source.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

function mapClaims(payload: Record<string, unknown>, claims: ClaimMapping, roleMap: Readonly<Record<string, QaRole>> | undefined): QaUser | null {
  let rawRoles = readClaim(payload, claims.roles ?? 'roles');
  if (typeof rawRoles === 'string') rawRoles = [rawRoles];
  const parsed = MappedClaimsSchema.safeParse({
    id: readClaim(payload, claims.userId ?? 'sub'),
    tenant: readClaim(payload, claims.tenant ?? 'tenant'),
    roles: rawRoles ?? [],
    name: readClaim(payload, claims.name ?? 'name'),
    service: readClaim(payload, claims.service ?? 'service'),
  });
  if (!parsed.success) return null;
  const mapped = parsed.data.roles.map((r) => (roleMap ? (Object.hasOwn(roleMap, r) ? roleMap[r] : undefined) : r));
  const roles = [...new Set(mapped.filter((r): r is QaRole => r !== undefined && (QA_ROLES as readonly string[]).includes(r)))];
  return {
    id: parsed.data.id, tenant: parsed.data.tenant, roles,
    ...(parsed.data.name !== undefined ? { name: parsed.data.name } : {}),
    ...(parsed.data.service !== undefined ? { serviceRef: parsed.data.service } : {}),
  };
}

/** A JWK as published in a JWKS (only the members we read). */
interface PublicJwk { kty?: string; kid?: string; alg?: string; use?: string; n?: string; e?: string; crv?: string; x?: string; y?: string }

/**
 * The provider's keys, fetched from `jwksUrl`, cached for `jwksCacheSeconds`, and fetched again when
 * a token names a `kid` not in the cache (at most once per `jwksRefreshCooldownSeconds`). Concurrent
 * requests share one fetch.
 */
function jwksCache(options: JwtJwksOptions) {
  let url: URL;
  try {
    url = new URL(options.jwksUrl);
  } catch {
    throw new Error(`jwtAuth: jwksUrl "${options.jwksUrl}" is not a URL`);
  }
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) throw new Error('jwtAuth: jwksUrl must use https (http only for localhost)');
  const maxAgeMs = (options.jwksCacheSeconds ?? 3600) * 1000;
  const cooldownMs = (options.jwksRefreshCooldownSeconds ?? 30) * 1000;
  let keys = new Map<string, PublicJwk>();
  let fetchedAt = -Infinity;
  let inFlight: Promise<void> | null = null;

  const refresh = () => {
    inFlight ??= (async () => {
      try {
        const response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(5000), redirect: 'error' });
        if (!response.ok) return;
        const body = (await response.json()) as { keys?: unknown };
        if (!Array.isArray(body.keys)) return;
        const next = new Map<string, PublicJwk>();
        for (const k of body.keys as PublicJwk[]) {
          if (k && typeof k === 'object' && typeof k.kid === 'string' && (k.use === undefined || k.use === 'sig')) next.set(k.kid, k);
        }
        keys = next;
      } catch {
        // An unreachable provider: keep the keys we have.
      } finally {
        fetchedAt = Date.now();
        inFlight = null;
      }
    })();
    return inFlight;
  };

  return {
    /** The public key for `kid`, usable with `alg`, or null. */
    async get(kid: string, alg: JwksAlgorithm): Promise<Record<string, string> | null> {
      const stale = Date.now() - fetchedAt > maxAgeMs;
      if (stale || (!keys.has(kid) && Date.now() - fetchedAt >= cooldownMs)) await refresh();
      else if (inFlight) await inFlight;
      const jwk = keys.get(kid);
      if (!jwk || (jwk.alg !== undefined && jwk.alg !== alg)) return null;
      // Only the public members, and only a key type that fits the algorithm (no algorithm confusion).
      if (alg === 'RS256' && jwk.kty === 'RSA' && jwk.n && jwk.e) return { kty: 'RSA', n: jwk.n, e: jwk.e };
      if (alg === 'ES256' && jwk.kty === 'EC' && jwk.crv === 'P-256' && jwk.x && jwk.y) return { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y };
      return null;
    },
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
  claims: { sub: string; tenant: string; roles: readonly QaRole[]; name?: string; service?: string },
  secret: string,
  options: { expiresInSeconds?: number } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return sign({ ...claims, roles: [...claims.roles], iat: now, exp: now + (options.expiresInSeconds ?? 3600) }, secret, 'HS256');
}
