/**
 * How an element finds its API client. Every element that loads data decides the same
 * way, in this order:
 *
 * 1. its own client property (`client`, or `reportsClient` on `<ehcp-audit-summary>`);
 * 2. a client provided to the page or an ancestor with `provideQaClient` (context). An
 *    element with calls of its own (reports, moderation, benchmarks) reaches the same
 *    adapter the same way, with the provided `QaHttpClient`'s connection;
 * 3. a client built from its `api-base` attribute, with its `token` property as a
 *    Bearer header. Until the token is set the element waits (it sends nothing), unless
 *    its `credentials` attribute says the adapter signs users in with a cookie.
 *
 * With none of these the element says so, in words, where its content would be.
 */
import { QaHttpClient, type QaClient, type QaHttpClientOptions } from './api.js';

/** What an element has to reach the server with. */
export type Connection<C> =
  | { kind: 'client'; client: C; from: 'property' | 'context' | 'api-base' }
  /** `api-base` is set but neither a `token` nor `credentials` yet: the element waits, sending nothing. */
  | { kind: 'waiting-for-token' }
  /** No client property, no provided client and no `api-base`. */
  | { kind: 'none' };

export interface ConnectionInputs<C> {
  /** The element's own client property. */
  own: C | undefined;
  /** The client provided through context, if any. */
  provided: QaClient | undefined;
  apiBase: string;
  token: string | undefined;
  /** The element's `credentials` attribute: `same-origin` or `include` for cookie sign-in; empty for a token. */
  credentials: string;
  /** Builds the element's client over HTTP. */
  fromHttp(options: QaHttpClientOptions): C;
  /** Uses a provided client directly when it is of the element's own kind (the audit elements). */
  direct?: boolean;
}

/** Decides how the element reaches the server (see the top of this file). */
export function connect<C>(inputs: ConnectionInputs<C>): Connection<C> {
  if (inputs.own) return { kind: 'client', client: inputs.own, from: 'property' };
  const provided = inputs.provided;
  if (provided) {
    if (inputs.direct) return { kind: 'client', client: provided as unknown as C, from: 'context' };
    // Duck-typed, so a client from another copy of the package (the bundle and npm both on a page) works too.
    const connection = (provided as Partial<QaHttpClient>).connection;
    if (connection) return { kind: 'client', client: inputs.fromHttp(connection), from: 'context' };
  }
  if (inputs.apiBase) {
    const credentials = credentialsOf(inputs.credentials);
    if (!inputs.token && !credentials) return { kind: 'waiting-for-token' };
    const token = inputs.token;
    return {
      kind: 'client',
      from: 'api-base',
      client: inputs.fromHttp({ baseUrl: inputs.apiBase, headers: token ? () => ({ Authorization: `Bearer ${token}` }) : undefined, credentials }),
    };
  }
  return { kind: 'none' };
}

function credentialsOf(value: string): RequestCredentials | undefined {
  return value === 'include' || value === 'omit' ? value : value ? 'same-origin' : undefined;
}

const cache = new Map<string, QaClient>();

/** A default client for these options (one per base URL, token and credentials, so elements share it and its framework cache). */
export function defaultClient(options: QaHttpClientOptions, token?: string): QaClient {
  const key = `${options.baseUrl}\u0000${token ?? ''}\u0000${options.credentials ?? ''}`;
  let client = cache.get(key);
  if (!client) {
    client = new QaHttpClient(options);
    cache.set(key, client);
  }
  return client;
}

/** The audit elements' connection: their own `QaClient`, the provided one, or a shared default one. */
export function connectQaClient(own: QaClient | undefined, provided: QaClient | undefined, apiBase: string, token: string | undefined, credentials: string): Connection<QaClient> {
  return connect<QaClient>({ own, provided, apiBase, token, credentials, direct: true, fromHttp: (options) => defaultClient(options, token) });
}

/** Plain-language message for an error from the client, for an error summary. */
export function describeError(error: unknown): string {
  if (error && typeof error === 'object' && 'message' in error && typeof error.message === 'string') return error.message;
  return String(error);
}

const frameworks = new WeakMap<QaClient, Map<string, Promise<import('../../criteria/schema.js').Framework>>>();

/** The framework for an audit, fetched once per client and version (frameworks never change within a version). */
export function fetchFramework(client: QaClient, frameworkId: string, version: string): Promise<import('../../criteria/schema.js').Framework> {
  let byKey = frameworks.get(client);
  if (!byKey) frameworks.set(client, (byKey = new Map()));
  const key = `${frameworkId}@${version}`;
  let pending = byKey.get(key);
  if (!pending) {
    pending = client.getFramework(frameworkId, version);
    pending.catch(() => byKey!.delete(key));
    byKey.set(key, pending);
  }
  return pending;
}
