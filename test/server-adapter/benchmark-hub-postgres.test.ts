// The benchmark hub on PostgreSQL with 30 contributing LAs: 26 submit straight to the
// hub and 4 are real LA adapters (also on PostgreSQL, in their own schema) sending
// their contributions from their audits, all at once. The hub holds one contribution
// per LA, publishes over all 30 (regions with enough LAs shown, the others withheld),
// and each LA reads its own position. Contributions live in the operator tenant only:
// row-level security shows none of them to an LA's tenant. Skipped, loudly, without PostgreSQL.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { ehcpPlanV1, overallGrade } from 'ehcp-qa/criteria';
import {
  createBenchmarkHub, createQaApp, generateHubKeyPair, jwtAuth, parsePeriod, signQaToken,
  type Audit, type BenchmarkContribution, type QaRole, type QaStorage,
} from 'ehcp-qa/server';
import { createPostgresStorage, type PostgresStorage } from 'ehcp-qa/storage/postgres';
import { dropSchemaAndRole, postgresForTests } from './postgres-helpers.js';

const db = await postgresForTests('the benchmark hub on PostgreSQL with 30 LAs');
const HUB_SECRET = 'hub-secret-that-is-long-enough-0123456789';
const LA_SECRET = 'la-secret-that-is-long-enough-0123456789!';
const keys = generateHubKeyPair();
const period = parsePeriod('2026-Q1');
const levels = ['outstanding', 'good', 'requires-improvement', 'inadequate'];
type Who = { sub: string; tenant: string; roles: QaRole[] };

function caller(app: Hono, secret: string) {
  return async (who: Who, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> => {
    const headers: Record<string, string> = { authorization: `Bearer ${await signQaToken(who, secret)}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await app.request(`/qa${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : null };
  };
}

function contribution(region: string, counts: number[]): BenchmarkContribution {
  const overall = Object.fromEntries(levels.map((g, i) => [g, counts[i]!]));
  return {
    format: 'ehcp-qa/benchmark-contribution', frameworkId: 'ehcp-plan', frameworkVersion: '1.0.0', period, region: region as 'london',
    plansAudited: counts.reduce((a, b) => a + b, 0), overall, sections: Object.fromEntries(ehcpPlanV1.sections.map((s) => [s.id, { ...overall }])),
  } as BenchmarkContribution;
}

async function seedAudits(storage: QaStorage, tenant: string, grades: string[]) {
  const at = '2026-02-10T10:00:00.000Z';
  for (const grade of grades) {
    const sectionGrades = Object.fromEntries(ehcpPlanV1.sections.map((s) => [s.id, grade]));
    const audit: Audit = {
      id: randomUUID(), frameworkId: 'ehcp-plan', frameworkVersion: '1.0.0', planRef: `PLAN-${randomUUID().slice(0, 8)}`, cycleId: null,
      auditorId: 'aud-1', auditorRole: 'send-caseworker', plan: { planType: 'new', phase: 'primary', primaryNeed: 'ASD', settingType: 'mainstream' },
      status: 'completed', version: 1,
      sections: Object.fromEntries(Object.entries(sectionGrades).map(([id, g]) => [id, { criteriaMet: [], grade: g, suggestedGrade: g, overrideReason: null, comment: null, savedAt: at }])),
      overall: overallGrade(ehcpPlanV1, sectionGrades), startedAt: at, updatedAt: at, completedAt: at, activeSeconds: 600, reopenings: [],
    };
    await storage.createAudit(tenant, audit);
  }
}

test('the hub on PostgreSQL: 30 LAs contribute at once, one publication over all 30, each LA reads its own position', { skip: !db && 'PostgreSQL is not answering' }, async () => {
  const laSchema = `${db!.schema}_las`;
  after(() => dropSchemaAndRole(db!.pool, laSchema, `${laSchema}_app`));
  const hubStorage = await createPostgresStorage({ pool: db!.pool, schema: db!.schema });
  const laStorage = await createPostgresStorage({ pool: db!.pool, schema: laSchema });
  try {
    const hub = new Hono().route('/qa', createBenchmarkHub({
      storage: hubStorage, auth: jwtAuth({ secret: HUB_SECRET }), frameworks: [ehcpPlanV1],
      hub: { hubId: 'national', operatorTenant: 'hub-ops', signing: { algorithm: 'ed25519', privateKey: keys.privateKey, keyId: 'k1' } },
    }));
    const callHub = caller(hub, HUB_SECRET);
    const operator: Who = { sub: 'op-1', tenant: 'hub-ops', roles: ['admin'] };
    const contributor = (la: string): Who => ({ sub: `${la}-svc`, tenant: la, roles: ['benchmark-contributor'] });

    // 26 LAs over four regions: 12 North West, 8 London, 3 North East and 3 South West (too few to show alone;
    // withheld together they are 6, so nobody can work them out from England's figures).
    const regionOf = (i: number) => (i < 12 ? 'north-west' : i < 20 ? 'london' : i < 23 ? 'north-east' : 'south-west');
    const direct = Array.from({ length: 26 }, (_, i) => ({ la: `la-${String(i + 1).padStart(2, '0')}`, region: regionOf(i), counts: [2 + (i % 3), 10 + i, 6, 2 + (i % 4)] }));
    // 4 real LA adapters (North West), each with its own tenant in the LAs' schema.
    const real = await Promise.all(Array.from({ length: 4 }, async (_, i) => {
      const hubLaId = `la-real-${i + 1}`;
      const tenant = `tenant-${hubLaId}`;
      await seedAudits(laStorage, tenant, [...Array(5 + i).fill('good'), ...Array(3).fill('requires-improvement'), 'inadequate']);
      const app = new Hono().route('/qa', createQaApp({
        storage: laStorage, auth: jwtAuth({ secret: LA_SECRET }), frameworks: [ehcpPlanV1],
        benchmark: {
          region: 'north-west', hubPublicKey: keys.publicKey, hubLaId, hubUrl: 'http://hub.test/qa',
          fetch: (input, init) => Promise.resolve(hub.request(String(input), init)),
          contributorToken: () => signQaToken(contributor(hubLaId), HUB_SECRET),
        },
      }));
      return { hubLaId, tenant, call: caller(app, LA_SECRET), manager: { sub: `man-${i}`, tenant, roles: ['manager'] as QaRole[] } };
    }));

    const sent = await Promise.all([
      ...direct.map(async (d) => (await callHub(contributor(d.la), 'POST', '/hub/contributions', contribution(d.region, d.counts))).status),
      ...real.map(async (r) => {
        const res = await r.call(r.manager, 'POST', '/benchmark/contribution/send', { period: '2026-Q1' });
        assert.equal(res.status, 200, JSON.stringify(res.json));
        return res.json.outcome === 'created' ? 201 : res.status;
      }),
    ]);
    assert.deepEqual(sent, Array(30).fill(201));
    // Everyone sends again at once: identical contributions change nothing.
    const again = await Promise.all(direct.map(async (d) => (await callHub(contributor(d.la), 'POST', '/hub/contributions', contribution(d.region, d.counts))).json.outcome));
    assert.deepEqual(new Set(again), new Set(['unchanged']));

    const list = await callHub(operator, 'GET', '/hub/contributions?period=2026-Q1');
    assert.equal(list.status, 200);
    assert.equal(list.json.items.length, 30);
    assert.equal(new Set(list.json.items.map((x: { la: string }) => x.la)).size, 30);

    // Row-level security: the contributions are the operator tenant's rows; an LA's tenant sees none.
    const visible = (tenant: string) => (hubStorage as PostgresStorage).db.transaction(tenant, (tx) => tx.get<{ n: string }>("SELECT count(*) AS n FROM records WHERE collection = 'benchmark-contributions'"));
    assert.equal(Number((await visible('hub-ops'))!.n), 30);
    assert.equal(Number((await visible('la-01'))!.n), 0);
    assert.equal((await callHub({ sub: 'x', tenant: 'la-01', roles: ['admin'] }, 'GET', '/hub/contributions')).status, 404, 'an LA admin is not an operator');

    const published = await callHub(operator, 'POST', '/hub/publications', { frameworkId: 'ehcp-plan', frameworkVersion: '1.0.0', period: '2026-Q1' });
    assert.equal(published.status, 201, JSON.stringify(published.json));
    const payload = published.json.payload;
    assert.equal(payload.nation.contributors, 30);
    assert.equal(payload.regions['north-west'].published, true);
    assert.equal(payload.regions['north-west'].contributors, 16);
    assert.equal(payload.regions.london.published, true);
    assert.equal(payload.regions['north-east'].published, false, 'three LAs are too few to show');
    assert.equal(payload.regions['south-west'].published, false);

    for (const r of real) {
      const view = await r.call(r.manager, 'GET', '/benchmark?period=2026-Q1');
      assert.equal(view.status, 200, JSON.stringify(view.json));
      const overall = view.json.distributions.find((d: { id: string }) => d.id === 'overall');
      assert.equal(overall.nation.published, true);
      assert.equal(overall.position.nation.among, 30);
      assert.equal(overall.position.region.among, 16);
      const text = JSON.stringify(view.json);
      for (const other of [...direct.map((d) => d.la), ...real.map((x) => x.hubLaId)].filter((id) => id !== r.hubLaId)) assert.ok(!text.includes(`"${other}"`), `no ${other} in ${r.hubLaId}'s view`);
    }
  } finally {
    await laStorage.close();
    await hubStorage.close();
  }
});
