/**
 * The shape of one HTTP operation, declared ONCE and used twice: `app.ts` registers
 * it as a Hono handler (auth, roles, validation, If-Match, problem+json), and
 * `openapi.ts` writes it into the OpenAPI document. Nothing else describes a route.
 *
 * @example
 * export const getThing = defineOperation({
 *   operationId: 'getThing', method: 'get', path: '/things/{thingId}',
 *   summary: 'A thing by id', tags: ['things'], roles: ['manager'],
 *   params: z.strictObject({ thingId: IdSchema }),
 *   responses: { 200: { description: 'The thing', schema: ThingSchema } },
 *   async handler({ params, tenant, deps }) {
 *     const thing = await deps.storage.getRecord(tenant, 'things', params.thingId);
 *     if (!thing) throw notFound('thing', params.thingId);
 *     return { status: 200, body: thing.data };
 *   },
 * });
 */
import type { Context } from 'hono';
import type * as z from 'zod';
import type { Framework } from '../criteria/schema.js';
import type { QaAuth, QaDirectory, QaRole, QaUser } from './auth.js';
import type { QaStorage } from './storage/types.js';
import type { AuditReadCache, ReadCacheOptions, RememberedAnswers } from './read-cache.js';

/** Per-request values, typed for `c.var`. */
export type QaEnv = { Variables: { user: QaUser | null; deps: QaDeps } };

export interface QaLogger {
  error(message: string, details?: Record<string, unknown>): void;
  warn?(message: string, details?: Record<string, unknown>): void;
  info?(message: string, details?: Record<string, unknown>): void;
}

/** The frameworks the adapter serves, by id and version. */
export interface FrameworkCatalog {
  list(): readonly Framework[];
  get(id: string, version: string): Framework | undefined;
  /** The highest version of a framework id. */
  latest(id: string): Framework | undefined;
}

/**
 * Options of `createQaApp`. Features that need their own options add them with
 * `declare module '../operation.js' { interface QaAppOptions { myFeature?: … } }`
 * and read them from `deps.options` in their handlers.
 */
export interface QaAppOptions {
  storage: QaStorage;
  auth: QaAuth;
  /** Frameworks served; default: the built-in ones from `ehcp-qa/criteria`. */
  frameworks?: readonly Framework[];
  /** Where 500s are logged (never sent to the client). Default: console.error. */
  logger?: QaLogger;
  /** Extra operations to serve alongside the built-in ones (a host's own). */
  operations?: readonly AnyQaOperation[];
  /** Largest request body accepted, in bytes. Default 256 kB. */
  bodyLimitBytes?: number;
  /** Longest request URL (in characters) answered; longer ones get 414 problem+json. Default 8192. */
  maxUrlLength?: number;
  /** Most header bytes (names and values) answered; more get 431 problem+json. Default 12288 (Node itself refuses over 16 kB). */
  maxHeaderBytes?: number;
  /** Who the host's users are; lets moderation check that a second auditor exists and holds the auditor role. */
  directory?: QaDirectory;
  /**
   * The per-process cache of audits read and written (docs/storage.md, "The read cache"). Default: on,
   * with its default bounds, when the storage says `ownsWrites: true` (the SQLite storage of one
   * process), off otherwise. `false` turns it off; an object turns it on with these bounds whatever
   * the storage says: do that only when no other process writes to the same database.
   */
  readCache?: ReadCacheOptions | false;
}

/** What every handler can reach. */
export interface QaDeps {
  storage: QaStorage;
  frameworks: FrameworkCatalog;
  logger: QaLogger;
  options: QaAppOptions;
  /** The read cache `storage` goes through, when it is on. */
  auditCache?: AuditReadCache;
  /** Whole answers kept while nothing is written (read-cache.ts), when the storage owns and counts its writes. */
  answers?: RememberedAnswers;
}

type SchemaOrNone = z.core.$ZodType | undefined;
type Out<S> = S extends z.core.$ZodType ? z.core.output<S> : undefined;

export interface OperationInput<P extends SchemaOrNone, Q extends SchemaOrNone, B extends SchemaOrNone> {
  c: Context<QaEnv>;
  /** The caller (operations with `roles: 'public'` get null). */
  user: QaUser;
  /** The caller's tenant: pass it to every storage call. */
  tenant: string;
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
  /** The version from `If-Match` (operations with `ifMatch: true` only; otherwise undefined). */
  ifMatch: number | undefined;
  deps: QaDeps;
}

/**
 * A handler's answer: JSON with a status, optional ETag version and headers; or the same with the
 * JSON text already written (`json`, for answers kept as text, such as the read cache's); or a ready Response.
 */
export type OperationResult =
  | { status: number; body: unknown; version?: number; headers?: Record<string, string> }
  | { status: number; json: string; version?: number; headers?: Record<string, string> }
  | Response;

export interface OperationResponse {
  description: string;
  /** The JSON body's schema; absent for an empty body. */
  schema?: z.core.$ZodType;
  /** The response carries `ETag: "<version>"`. */
  etag?: boolean;
  /** Media type, default `application/json`. */
  contentType?: string;
  /** Other response headers, for the document. */
  headers?: Record<string, { description: string }>;
}

export interface QaOperation<P extends SchemaOrNone = SchemaOrNone, Q extends SchemaOrNone = SchemaOrNone, B extends SchemaOrNone = SchemaOrNone> {
  /** Stable, unique, camelCase: clients are generated from it. */
  operationId: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI style, relative to the mount: `/audits/{auditId}`. */
  path: string;
  summary: string;
  description?: string;
  tags: readonly string[];
  /**
   * Who may call: the roles (any one suffices; the handler checks ownership),
   * `'any-user'` for every signed-in user, or `'public'` for no sign-in at all.
   */
  roles: readonly QaRole[] | 'any-user' | 'public';
  params?: P;
  query?: Q;
  body?: B;
  /** Body may be omitted (treated as `{}`). Default false: a body is required when `body` is set. */
  bodyOptional?: boolean;
  /** Requires `If-Match: "<version>"` (428 when missing). */
  ifMatch?: boolean;
  /** Success responses, by status. Error responses (problem+json) are added to the document automatically. */
  responses: Readonly<Record<number, OperationResponse>>;
  /** Extra error statuses this operation can answer, for the document (e.g. 409). */
  errors?: readonly number[];
  handler(input: OperationInput<P, Q, B>): Promise<OperationResult>;
}

/** Any operation, whatever its schemas (for lists). */
export type AnyQaOperation = QaOperation<SchemaOrNone, SchemaOrNone, SchemaOrNone>;

/** Declares an operation with its input types inferred from its schemas. */
export function defineOperation<P extends SchemaOrNone = undefined, Q extends SchemaOrNone = undefined, B extends SchemaOrNone = undefined>(
  operation: QaOperation<P, Q, B>,
): AnyQaOperation {
  return operation as unknown as AnyQaOperation;
}
