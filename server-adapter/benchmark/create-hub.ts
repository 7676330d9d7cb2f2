import type { Hono } from 'hono';
import { createQaApp } from '../app.js';
import type { QaAppOptions, QaEnv } from '../operation.js';
import { assertHubOptions, type BenchmarkHubOptions } from './options.js';

/**
 * A benchmark hub: the adapter in hub mode. LAs submit contributions to it and read
 * published benchmarks from it; its operators (admins of `hub.operatorTenant`)
 * list contributions and publish. The same as `createQaApp({ …, hub })`.
 *
 * @example
 * const hubApp = createBenchmarkHub({
 *   storage: await createSqliteStorage({ filename: 'hub.sqlite' }),
 *   auth: jwtAuth({ secret: process.env.HUB_JWT_SECRET! }),
 *   hub: { hubId: 'north-west', operatorTenant: 'hub-operators', signing: { algorithm: 'ed25519', privateKey: process.env.HUB_PRIVATE_KEY! } },
 * });
 */
export function createBenchmarkHub(options: QaAppOptions & { hub: BenchmarkHubOptions }): Hono<QaEnv> {
  // Refuse unsafe rules when the hub starts, not at its first publication.
  assertHubOptions(options.hub);
  return createQaApp(options);
}
