// For the benchmark chart's browser tests: makes a signed publication for one LA of
// the test adapter, the way a real hub would. A fresh in-memory hub gets five
// fictional LAs' contributions and the LA's own (built by the LA's adapter from its
// audits), publishes, and signs the LA's copy with the key the test adapter trusts.
import { randomBytes } from 'node:crypto';

const levels = ['outstanding', 'good', 'requires-improvement', 'inadequate'];

/**
 * @param {{ server: any, storage: any, keys: { privateKey: string, publicKey: string }, tenant: string, period: string }} options
 * @returns {Promise<unknown>} the signed file
 */
export async function makeBenchmarkFile({ server, storage, keys, tenant, period }) {
  const { Hono } = await import('hono');
  const la = server.createQaApp({
    storage, auth: async () => ({ id: 'test-benchmark', tenant, roles: ['manager'] }), logger: { error() {} },
    benchmark: { region: 'north-west', hubPublicKey: keys.publicKey },
  });
  const exported = await la.request(`/benchmark/contribution?period=${encodeURIComponent(period)}`);
  if (!exported.ok) throw new Error(`export: ${exported.status} ${await exported.text()}`);
  const own = await exported.json();

  const secret = randomBytes(32).toString('hex');
  const hub = new Hono().route('/qa', server.createBenchmarkHub({
    storage: server.createMemoryStorage(), auth: server.jwtAuth({ secret }),
    hub: { hubId: 'browser-test-hub', operatorTenant: 'ops', signing: { algorithm: 'ed25519', privateKey: keys.privateKey }, sampleData: true },
  }));
  const call = async (who, method, path, body) => {
    const token = await server.signQaToken(who, secret);
    const res = await hub.request(`/qa${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  // Five fictional LAs: three in the North West (with the test LA, four: the region is withheld), two in London.
  const others = [[2, 20, 12, 6], [1, 18, 14, 7], [3, 25, 10, 2], [0, 15, 15, 10], [2, 22, 11, 5]];
  for (const [i, counts] of others.entries()) {
    const overall = Object.fromEntries(levels.map((g, k) => [g, counts[k]]));
    const sections = Object.fromEntries(Object.entries(own.sections).map(([id, cells]) => [id, { ...overall, ...('na' in cells ? { na: 0 } : {}) }]));
    await call({ sub: `x${i}`, tenant: `fictional-${i}`, roles: ['benchmark-contributor'] }, 'POST', '/hub/contributions',
      { ...own, region: i < 3 ? 'north-west' : 'london', plansAudited: counts.reduce((a, b) => a + b, 0), overall, sections });
  }
  await call({ sub: 'la', tenant, roles: ['benchmark-contributor'] }, 'POST', '/hub/contributions', own);
  await call({ sub: 'op', tenant: 'ops', roles: ['admin'] }, 'POST', '/hub/publications', { frameworkId: own.frameworkId, frameworkVersion: own.frameworkVersion, period });
  const qs = new URLSearchParams({ frameworkId: own.frameworkId, frameworkVersion: own.frameworkVersion, period, for: tenant });
  return call({ sub: 'op', tenant: 'ops', roles: ['admin'] }, 'GET', `/hub/benchmarks?${qs}`);
}
