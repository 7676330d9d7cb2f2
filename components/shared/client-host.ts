/**
 * How an element finds its API client, in order: the `client` property, a client
 * provided by an ancestor through @lit/context, or a default `QaHttpClient` built
 * from the element's `api-base` (with its `token`, if set, as a Bearer header).
 */
import { QaHttpClient, type QaClient } from './api.js';

const cache = new Map<string, QaClient>();

/** A default client for this base URL and token (one per pair, so elements share it). */
export function defaultClient(apiBase: string, token?: string): QaClient {
  const key = `${apiBase}\u0000${token ?? ''}`;
  let client = cache.get(key);
  if (!client) {
    client = new QaHttpClient({ baseUrl: apiBase, headers: token ? () => ({ Authorization: `Bearer ${token}` }) : undefined });
    cache.set(key, client);
  }
  return client;
}

export function resolveClient(own: QaClient | undefined, provided: QaClient | undefined, apiBase: string, token: string | undefined): QaClient | undefined {
  return own ?? provided ?? (apiBase ? defaultClient(apiBase, token) : undefined);
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
