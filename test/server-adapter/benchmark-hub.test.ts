/**
 * Benchmarking across two adapters in one process: an LA (SQLite) and a hub
 * (SQLite), each with its own users and token secret. The LA reaches the hub
 * through an injected fetch that calls the hub app, and once over real HTTP.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import { ehcpPlanV1, loadFramework, overallGrade, type Framework } from 'ehcp-qa/criteria';
import {
  createBenchmarkHub, createQaApp, generateHubKeyPair, jwtAuth, parsePeriod, signDocument, signQaToken,
  type Audit, type BenchmarkContribution, type BenchmarkLaOptions, type QaLogger, type QaRole, type QaStorage,
} from 'ehcp-qa/server';
import { createSqliteStorage } from 'ehcp-qa/storage/sqlite';

const HUB_SECRET = 'hub-secret-that-is-long-enough-0123456789';
const LA_SECRET = 'la-secret-that-is-long-enough-0123456789!';
const ehcpPlanV11: Framework = loadFramework({ ...ehcpPlanV1, version: '1.1.0' }, 'ehcp-plan 1.1.0 (test copy)');
const frameworks = [ehcpPlanV1, ehcpPlanV11];
const keys = generateHubKeyPair();
const period = parsePeriod('2025-Q3');
const levels = ['outstanding', 'good', 'requires-improvement', 'inadequate'];
type Who = { sub: string; tenant: string; roles: QaRole[] };
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

const dirs: string[] = [];
async function sqlite(name: string): Promise<QaStorage> {
  const dir = mkdtempSync(join(tmpdir(), `ehcp-qa-${name}-`));
  dirs.push(dir);
  return createSqliteStorage({ filename: join(dir, `${name}.sqlite`) });
}

function caller(app: Hono, secret: string) {
  return async (who: Who | null, method: string, path: string, body?: unknown): Promise<{ status: number; type: string | null; json: Json }> => {
    const headers: Record<string, string> = {};
    if (who) headers.authorization = `Bearer ${await signQaToken(who, secret)}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await app.request(`/qa${path}`, { method, headers, ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}) });
    const text = await res.text();
    return { status: res.status, type: res.headers.get('content-type'), json: text ? JSON.parse(text) : null };
  };
}

/** A hub with its operators in `hub-ops`. */
async function makeHub(rules?: { minContributors?: number }) {
  const storage = await sqlite('hub');
  const hubApp = createBenchmarkHub({
    storage, auth: jwtAuth({ secret: HUB_SECRET }), frameworks,
    hub: { hubId: 'test-hub', operatorTenant: 'hub-ops', signing: { algorithm: 'ed25519', privateKey: keys.privateKey, keyId: 'test-1' }, ...(rules ? { rules } : {}) },
  });
  const host = new Hono().route('/qa', hubApp);
  const call = caller(host, HUB_SECRET);
  const operator: Who = { sub: 'op-1', tenant: 'hub-ops', roles: ['admin'] };
  const contributor = (la: string): Who => ({ sub: `${la}-svc`, tenant: la, roles: ['benchmark-contributor'] });
  return { storage, host, call, operator, contributor };
}

/** An LA adapter whose id at the hub is `hubLaId`. */
async function makeLa(hubLaId: string, benchmark: Partial<BenchmarkLaOptions>, extra: { logger?: QaLogger } = {}) {
  const storage = await sqlite('la');
  const tenant = `la-${randomUUID().slice(0, 8)}`;
  const app = createQaApp({
    storage, auth: jwtAuth({ secret: LA_SECRET }), frameworks, ...extra,
    benchmark: {
      region: 'north-west', hubPublicKey: keys.publicKey, hubLaId, contributorToken: () => signQaToken({ sub: `${hubLaId}-svc`, tenant: hubLaId, roles: ['benchmark-contributor'] }, HUB_SECRET),
      ...benchmark,
    },
  });
  const host = new Hono().route('/qa', app);
  const call = caller(host, LA_SECRET);
  const manager: Who = { sub: 'man-1', tenant, roles: ['manager'] };
  return { storage, tenant, call, manager };
}

/** Stores completed audits directly (as if graded through the API): `grades[i]` is every section's grade of plan i. */
async function seedAudits(storage: QaStorage, tenant: string, grades: string[], completedAt = '2025-08-15T10:00:00Z', framework = ehcpPlanV1) {
  for (const [i, grade] of grades.entries()) {
    const sectionGrades = Object.fromEntries(framework.sections.map((s) => [s.id, s.notApplicableWhen && i % 3 === 0 ? 'na' : grade]));
    const audit: Audit = {
      id: randomUUID(), frameworkId: framework.id, frameworkVersion: framework.version, planRef: `PLAN-${randomUUID().slice(0, 8)}`, cycleId: null,
      auditorId: 'aud-1', auditorRole: 'send-caseworker', plan: { planType: 'new', phase: 'primary', primaryNeed: 'ASD', settingType: 'mainstream' },
      status: 'completed', version: 1,
      sections: Object.fromEntries(Object.entries(sectionGrades).map(([id, g]) => [id, { criteriaMet: [], grade: g, suggestedGrade: g, overrideReason: null, comment: null, savedAt: completedAt }])),
      overall: overallGrade(framework, sectionGrades), startedAt: completedAt, updatedAt: completedAt, completedAt, activeSeconds: 600, reopenings: [],
    };
    await storage.createAudit(tenant, audit);
  }
}

function contribution(region: string, counts: number[], extra: Record<string, unknown> = {}): BenchmarkContribution {
  const overall = Object.fromEntries(levels.map((g, i) => [g, counts[i]!]));
  return {
    format: 'ehcp-qa/benchmark-contribution', frameworkId: 'ehcp-plan', frameworkVersion: '1.0.0', period, region: region as 'london',
    plansAudited: counts.reduce((a, b) => a + b, 0), overall,
    sections: Object.fromEntries(ehcpPlanV1.sections.map((s) => [s.id, { ...overall }])), ...extra,
  } as BenchmarkContribution;
}

after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

describe('benchmarking between an LA and a hub', () => {
  let hub: Awaited<ReturnType<typeof makeHub>>;
  let la: Awaited<ReturnType<typeof makeLa>>;
  const others = ['la-a', 'la-b', 'la-c', 'la-d', 'la-e'];

  before(async () => {
    hub = await makeHub();
    la = await makeLa('la-demo', { hubUrl: 'http://hub.test/qa', fetch: (input, init) => Promise.resolve(hub.host.request(String(input), init)) });
    // 12 plans: 6 good, 4 requires improvement, 2 inadequate; plus one in progress and one outside the period.
    await seedAudits(la.storage, la.tenant, [...Array(6).fill('good'), ...Array(4).fill('requires-improvement'), 'inadequate', 'inadequate']);
    await seedAudits(la.storage, la.tenant, ['outstanding'], '2025-10-02T09:00:00Z');
  });

  test('export: the contribution is counts only, for managers and admins', async () => {
    const res = await la.call(la.manager, 'GET', '/benchmark/contribution?period=2025-Q3');
    assert.equal(res.status, 200, JSON.stringify(res.json));
    const c = res.json;
    assert.deepEqual(Object.keys(c).sort(), ['format', 'frameworkId', 'frameworkVersion', 'overall', 'period', 'plansAudited', 'region', 'sections']);
    assert.equal(c.plansAudited, 12);
    assert.equal(c.region, 'north-west');
    assert.equal(c.overall.good, 6);
    assert.equal(c.sections.C.na, 4);
    assert.doesNotMatch(JSON.stringify(c), /PLAN-|aud-1|ASD|mainstream/);
    assert.equal((await la.call({ ...la.manager, roles: ['auditor'] }, 'GET', '/benchmark/contribution?period=2025-Q3')).status, 403);
    assert.equal((await la.call(la.manager, 'GET', '/benchmark/contribution?period=2024-Q1')).status, 404);
    const bad = await la.call(la.manager, 'GET', '/benchmark/contribution?period=autumn');
    assert.equal(bad.status, 400);
    assert.equal(bad.type, 'application/problem+json');
    assert.equal(bad.json.errors[0].field, 'query.period');
    const both = await la.call(la.manager, 'GET', '/benchmark/contribution?period=2025-Q3&cycleId=abcdefgh12');
    assert.equal(both.status, 400);
  });

  test('submit: one per LA, period and version; resubmission replaces, identical resubmission changes nothing', async () => {
    for (const [i, other] of others.entries()) {
      const res = await hub.call(hub.contributor(other), 'POST', '/hub/contributions', contribution(i < 3 ? 'north-west' : 'london', [2, 10 + i, 6, 2]));
      assert.equal(res.status, 201, JSON.stringify(res.json));
      assert.equal(res.json.la, other);
    }
    const first = await la.call(la.manager, 'POST', '/benchmark/contribution/send', { period: '2025-Q3' });
    assert.equal(first.status, 200, JSON.stringify(first.json));
    assert.equal(first.json.outcome, 'created');
    const again = await la.call(la.manager, 'POST', '/benchmark/contribution/send', { period: '2025-Q3' });
    assert.equal(again.json.outcome, 'unchanged');
    assert.equal(again.json.receivedAt, first.json.receivedAt);
    // A 13th plan arrives: the LA's contribution is replaced, not added.
    await seedAudits(la.storage, la.tenant, ['good'], '2025-09-01T12:00:00Z');
    const replaced = await la.call(la.manager, 'POST', '/benchmark/contribution/send', { period: '2025-Q3' });
    assert.equal(replaced.json.outcome, 'replaced');
    const list = await hub.call(hub.operator, 'GET', '/hub/contributions?period=2025-Q3');
    assert.equal(list.status, 200);
    assert.equal(list.json.items.length, 6);
    assert.equal(list.json.items.find((x: Json) => x.la === 'la-demo').contribution.plansAudited, 13);
    // Each sending is in the LA's audit trail (counts and outcome only).
    const sent = (await la.storage.listAuditTrail(la.tenant, {}, { limit: 100 })).items.filter((e) => e.operation === 'benchmark.sent');
    assert.deepEqual(sent.map((e) => [e.actor, e.details.period, e.details.plans, e.details.outcome]), [
      [la.manager.sub, '2025-07-01..2025-09-30', 12, 'created'], [la.manager.sub, '2025-07-01..2025-09-30', 12, 'unchanged'], [la.manager.sub, '2025-07-01..2025-09-30', 13, 'replaced'],
    ]);
  });

  test('the hub refuses contributions that do not fit its frameworks, naming the field', async () => {
    const who = hub.contributor('la-x');
    const unknownGrade = await hub.call(who, 'POST', '/hub/contributions', contribution('london', [1, 1, 1, 1], { overall: { good: 2, excellent: 2 } }));
    assert.equal(unknownGrade.status, 422);
    assert.equal(unknownGrade.json.errors[0].field, 'overall.excellent');
    const extraField = await hub.call(who, 'POST', '/hub/contributions', { ...contribution('london', [1, 1, 1, 1]), planRefs: ['PLAN-1'] });
    assert.equal(extraField.status, 422);
    assert.equal(extraField.json.errors[0].field, 'planRefs');
    const unknownVersion = await hub.call(who, 'POST', '/hub/contributions', contribution('london', [1, 1, 1, 1], { frameworkVersion: '9.0.0' }));
    assert.equal(unknownVersion.status, 422);
    assert.match(unknownVersion.json.errors[0].message, /1\.0\.0, 1\.1\.0/);
    const badRegion = await hub.call(who, 'POST', '/hub/contributions', contribution('wessex', [1, 1, 1, 1]));
    assert.equal(badRegion.status, 422);
    assert.equal(badRegion.json.errors[0].field, 'region');
  });

  test("no one but the hub's own admins reads raw contributions", async () => {
    const roles: QaRole[] = ['auditor', 'moderator', 'manager', 'caseworker', 'benchmark-contributor'];
    for (const role of roles) {
      const res = await hub.call({ sub: 'x', tenant: 'la-a', roles: [role] }, 'GET', '/hub/contributions');
      assert.equal(res.status, 403, role);
    }
    // Another tenant's admin, even with every role: as if absent.
    const res = await hub.call({ sub: 'x', tenant: 'la-a', roles: ['admin', 'benchmark-contributor', 'manager'] }, 'GET', '/hub/contributions');
    assert.equal(res.status, 404);
    assert.equal((await hub.call({ sub: 'x', tenant: 'la-a', roles: ['admin'] }, 'POST', '/hub/publications', { frameworkId: 'ehcp-plan', frameworkVersion: '1.0.0', period: '2025-Q3' })).status, 404);
    // Operators' non-admin users neither.
    assert.equal((await hub.call({ sub: 'y', tenant: 'hub-ops', roles: ['manager'] }, 'GET', '/hub/contributions')).status, 403);
    // A token from the LA's own adapter means nothing at the hub.
    const foreign = await caller(hub.host, LA_SECRET)({ sub: 'op-1', tenant: 'hub-ops', roles: ['admin'] }, 'GET', '/hub/contributions');
    assert.equal(foreign.status, 401);
  });

  test('publish: thresholds applied, signed, final', async () => {
    const body = { frameworkId: 'ehcp-plan', frameworkVersion: '1.0.0', period: '2025-Q3' };
    const res = await hub.call(hub.operator, 'POST', '/hub/publications', body);
    assert.equal(res.status, 201, JSON.stringify(res.json));
    const doc = res.json;
    assert.equal(doc.format, 'ehcp-qa/signed-document');
    assert.equal(doc.signature.algorithm, 'ed25519');
    assert.equal(doc.payload.recipient, undefined);
    assert.equal(doc.payload.nation.published, true);
    assert.equal(doc.payload.nation.contributors, 6);
    // North West: la-a, la-b, la-c and la-demo (4 LAs): withheld. London has 2: withheld. Together they are 6.
    assert.equal(doc.payload.regions['north-west'].published, false);
    assert.equal(doc.payload.regions.london.published, false);
    // Outstanding: 2+2+2+2+2 = 10 plans; inadequate 2×5 + 2 = 12: both published; nothing below 5 is shown.
    const cells = doc.payload.nation.overall.cells;
    for (const g of levels) if (!cells[g].suppressed) assert.ok(cells[g].count >= 5);
    assert.equal((await hub.call(hub.operator, 'POST', '/hub/publications', body)).status, 409);
    // After publication the period is closed to changes.
    const late = await hub.call(hub.contributor('la-a'), 'POST', '/hub/contributions', contribution('north-west', [3, 10, 6, 2]));
    assert.equal(late.status, 409);
    const same = await hub.call(hub.contributor('la-a'), 'POST', '/hub/contributions', contribution('north-west', [2, 10, 6, 2]));
    assert.equal(same.status, 200);
    assert.equal(same.json.outcome, 'unchanged');
  });

  test("fetch: the LA's figures beside region and England, with its interval and quartile", async () => {
    const res = await la.call(la.manager, 'GET', '/benchmark?period=2025-Q3');
    assert.equal(res.status, 200, JSON.stringify(res.json));
    const view = res.json;
    assert.equal(view.source.via, 'hub');
    assert.equal(view.region, 'north-west');
    assert.equal(view.regionLabel, 'North West');
    const overall = view.distributions.find((d: Json) => d.id === 'overall');
    assert.equal(overall.la.plans, 13);
    assert.equal(overall.la.cells.good.count, 7);
    assert.equal(overall.la.cells.good.share, 7 / 13);
    assert.ok(overall.la.cells.good.interval.lower < 7 / 13 && overall.la.cells.good.interval.upper > 7 / 13);
    assert.equal(overall.nation.published, true);
    assert.equal(overall.region.published, false);
    // Good or better: la-demo 7/13 ≈ 0.54; others 12/20, 13/21, 14/22, 15/23, 16/24 ≈ 0.60–0.67: the lowest of six.
    assert.deepEqual(overall.position.nation, { quartile: 4, among: 6 });
    assert.equal(overall.position.region, null);
    assert.equal(view.distributions.length, 13);
    // Only the LA's own quartile travels: the view holds no other LA's id.
    assert.doesNotMatch(JSON.stringify(view), /la-a|la-b|la-e/);
    // A contributor cannot ask for another LA's copy.
    const other = await hub.call(hub.contributor('la-demo'), 'GET', '/hub/benchmarks?frameworkId=ehcp-plan&frameworkVersion=1.0.0&period=2025-Q3&for=la-a');
    assert.equal(other.status, 403);
  });

  test('another framework version is refused, saying which versions there are', async () => {
    const res = await la.call(la.manager, 'GET', '/benchmark?period=2025-Q3&frameworkVersion=1.1.0');
    assert.equal(res.status, 404);
    assert.match(res.json.detail, /only within one framework version.*1\.0\.0/);
    assert.deepEqual(res.json.availableVersions, ['1.0.0']);
    const atHub = await hub.call(hub.contributor('la-demo'), 'GET', '/hub/benchmarks?frameworkId=ehcp-plan&frameworkVersion=1.1.0&period=2025-Q3');
    assert.equal(atHub.status, 404);
    assert.deepEqual(atHub.json.availableVersions, ['1.0.0']);
  });

  test('import a signed file; refuse a tampered one, one for another LA, or one signed with another key', async () => {
    const offline = await makeLa('la-b', {}); // no hub URL: files only
    await seedAudits(offline.storage, offline.tenant, ['good', 'good', 'inadequate']);
    const noFile = await offline.call(offline.manager, 'GET', '/benchmark?period=2025-Q3');
    assert.equal(noFile.status, 404);
    assert.match(noFile.json.detail, /import the hub's signed file/);
    const file = (await hub.call(hub.operator, 'GET', '/hub/benchmarks?frameworkId=ehcp-plan&frameworkVersion=1.0.0&period=2025-Q3&for=la-b')).json;
    assert.equal(file.payload.recipient.la, 'la-b');

    const tampered = structuredClone(file);
    tampered.payload.nation.plansAudited += 1;
    const refused = await offline.call(offline.manager, 'POST', '/benchmark/published', tampered);
    assert.equal(refused.status, 422);
    assert.equal(refused.type, 'application/problem+json');
    assert.match(refused.json.detail, /signature does not match/);

    // LA ids are looked up in a map: names of object properties are just unknown LAs (issue 12, item 14).
    for (const id of ['constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
      const odd = await hub.call(hub.operator, 'GET', `/hub/benchmarks?frameworkId=ehcp-plan&frameworkVersion=1.0.0&period=2025-Q3&for=${id}`);
      assert.equal(odd.status, 404, id);
      assert.equal(odd.type, 'application/problem+json', id);
    }
    const forOther = (await hub.call(hub.operator, 'GET', '/hub/benchmarks?frameworkId=ehcp-plan&frameworkVersion=1.0.0&period=2025-Q3&for=la-demo')).json;
    const wrongLa = await offline.call(offline.manager, 'POST', '/benchmark/published', forOther);
    assert.equal(wrongLa.status, 422);
    assert.match(wrongLa.json.detail, /made for another LA/);

    const forged = signDocument({ ...file.payload, sampleData: true }, { algorithm: 'ed25519', privateKey: generateHubKeyPair().privateKey });
    assert.equal((await offline.call(offline.manager, 'POST', '/benchmark/published', forged)).status, 422);
    const hmac = signDocument(file.payload, { algorithm: 'hmac-sha256', secret: 'guessable' });
    assert.match((await offline.call(offline.manager, 'POST', '/benchmark/published', hmac)).json.detail, /expects "ed25519"/);
    // Nothing refused was kept.
    assert.equal((await offline.call(offline.manager, 'GET', '/benchmark?period=2025-Q3')).status, 404);

    // Re-indented, as a file saved by hand would be: still verifies.
    const imported = await offline.call(offline.manager, 'POST', '/benchmark/published', JSON.stringify(file, null, 2));
    assert.equal(imported.status, 201, JSON.stringify(imported.json));
    assert.equal(imported.json.via, 'file');
    assert.equal(imported.json.region, 'north-west');
    const importedEntries = (await offline.storage.listAuditTrail(offline.tenant, {}, {})).items;
    assert.deepEqual(importedEntries.map((e) => [e.operation, e.details.via, e.details.period]), [['benchmark.imported', 'file', '2025-07-01..2025-09-30']], 'refused files left no entry');
    const view = await offline.call(offline.manager, 'GET', '/benchmark?period=2025-Q3');
    assert.equal(view.status, 200);
    assert.equal(view.json.source.via, 'file');
    const overall = view.json.distributions.find((d: Json) => d.id === 'overall');
    assert.equal(overall.la.plans, 3);
    assert.ok(overall.position.nation.quartile >= 1);
    assert.equal((await offline.call({ ...offline.manager, roles: ['auditor'] }, 'POST', '/benchmark/published', file)).status, 403);
  });
});

describe('benchmarking: thresholds end to end, and set-up errors', () => {
  test('four LAs: the hub will not publish, and the LA is told there is no benchmark yet', async () => {
    const hub = await makeHub();
    for (const la of ['p', 'q', 'r']) await hub.call(hub.contributor(la), 'POST', '/hub/contributions', contribution('london', [5, 20, 10, 5]));
    const la = await makeLa('la-s', { hubUrl: 'http://hub.test/qa', region: 'london', fetch: (input, init) => Promise.resolve(hub.host.request(String(input), init)) });
    await seedAudits(la.storage, la.tenant, ['good', 'good', 'good', 'good', 'good', 'inadequate']);
    assert.equal((await la.call(la.manager, 'POST', '/benchmark/contribution/send', { period: '2025-Q3' })).json.outcome, 'created');
    const refused = await hub.call(hub.operator, 'POST', '/hub/publications', { frameworkId: 'ehcp-plan', frameworkVersion: '1.0.0', period: '2025-Q3' });
    assert.equal(refused.status, 409);
    assert.match(refused.json.detail, /Only 4 LAs have contributed.*at least 5/);
    const view = await la.call(la.manager, 'GET', '/benchmark?period=2025-Q3');
    assert.equal(view.status, 404);
    assert.match(view.json.detail, /not published|published for/);
    // A fifth LA arrives: now it publishes, and the period is still open until then.
    await hub.call(hub.contributor('t'), 'POST', '/hub/contributions', contribution('london', [5, 20, 10, 5]));
    assert.equal((await hub.call(hub.operator, 'POST', '/hub/publications', { frameworkId: 'ehcp-plan', frameworkVersion: '1.0.0', period: '2025-Q3' })).status, 201);
    const overall = (await la.call(la.manager, 'GET', '/benchmark?period=2025-Q3')).json.distributions.find((d: Json) => d.id === 'overall');
    assert.equal(overall.nation.published, true);
    assert.equal(overall.region.published, true);
    assert.equal(overall.la.cells.good.count, 5);
  });

  test('an HMAC-signing hub with pinned regions', async () => {
    const storage = await sqlite('hub-hmac');
    const secret = 'a-secret-the-network-shares-0123456789';
    const host = new Hono().route('/qa', createBenchmarkHub({
      storage, auth: jwtAuth({ secret: HUB_SECRET }), frameworks,
      hub: { hubId: 'hmac-hub', operatorTenant: 'ops', signing: { algorithm: 'hmac-sha256', secret }, rules: { minContributors: 3 }, laRegions: { 'la-m': 'london' } },
    }));
    const call = caller(host, HUB_SECRET);
    const who = (tenant: string): Who => ({ sub: `${tenant}-svc`, tenant, roles: ['benchmark-contributor'] });
    const wrongRegion = await call(who('la-m'), 'POST', '/hub/contributions', contribution('south-east', [5, 20, 10, 5]));
    assert.equal(wrongRegion.status, 422);
    assert.deepEqual(wrongRegion.json.errors, [{ field: 'region', message: 'this hub has la-m in london' }]);
    for (const la of ['la-m', 'la-n', 'la-o']) assert.equal((await call(who(la), 'POST', '/hub/contributions', contribution('london', [5, 20, 10, 5]))).status, 201);
    assert.equal((await call({ sub: 'op', tenant: 'ops', roles: ['admin'] }, 'POST', '/hub/publications', { frameworkId: 'ehcp-plan', frameworkVersion: '1.0.0', period: '2025-Q3' })).status, 201);
    const file = (await call(who('la-n'), 'GET', '/hub/benchmarks?frameworkId=ehcp-plan&frameworkVersion=1.0.0&period=2025-Q3')).json;
    assert.equal(file.signature.algorithm, 'hmac-sha256');
    const la = await makeLa('la-n', { hubPublicKey: undefined, hubHmacSecret: secret, region: 'london' });
    await seedAudits(la.storage, la.tenant, ['good']);
    assert.equal((await la.call(la.manager, 'POST', '/benchmark/published', file)).status, 201);
    const overall = (await la.call(la.manager, 'GET', '/benchmark?period=2025-Q3')).json.distributions.find((d: Json) => d.id === 'overall');
    assert.deepEqual(overall.position.region, { quartile: 1, among: 3 });
    const wrongSecret = await makeLa('la-n', { hubPublicKey: undefined, hubHmacSecret: `${secret}x` });
    assert.equal((await wrongSecret.call(wrongSecret.manager, 'POST', '/benchmark/published', file)).status, 422);
  });

  test('a hub whose minContributors is below 3 does not start', async () => {
    await assert.rejects(makeHub({ minContributors: 2 }), /at least 3/);
  });

  test('createQaApp({ hub }) checks the hub options at construction, not at the first publication', async () => {
    const storage = await sqlite('hub-options');
    const hub = { hubId: 'test-hub', operatorTenant: 'hub-ops', signing: { algorithm: 'ed25519' as const, privateKey: keys.privateKey } };
    const make = (extra: object) => () => createQaApp({ storage, auth: jwtAuth({ secret: HUB_SECRET }), frameworks, hub: { ...hub, ...extra } });
    assert.throws(make({ rules: { minContributors: 2 } }), (e: Error) => e.name === 'PublicationRulesError' && /minContributors is 2; it must be a whole number of at least 3/.test(e.message));
    assert.throws(make({ rules: { minContributors: 3.5 } }), /at least 3/);
    assert.throws(make({ rules: { minCellCount: 0 } }), /minCellCount is 0/);
    assert.throws(make({ hubId: '  ' }), /must not be empty/);
    assert.doesNotThrow(make({ rules: { minContributors: 3 } }));
    assert.doesNotThrow(make({}));
  });

  test('an adapter without the options: LA routes answer 501, hub routes 404', async () => {
    const storage = await sqlite('plain');
    const host = new Hono().route('/qa', createQaApp({ storage, auth: jwtAuth({ secret: LA_SECRET }), logger: { error() {} } }));
    const call = caller(host, LA_SECRET);
    const res = await call({ sub: 'm', tenant: 't', roles: ['manager'] }, 'GET', '/benchmark?period=2025-Q3');
    assert.equal(res.status, 501);
    assert.match(res.json.detail, /benchmark: \{ region/);
    assert.equal((await call({ sub: 'm', tenant: 't', roles: ['benchmark-contributor'] }, 'POST', '/hub/contributions', contribution('london', [1, 1, 1, 1]))).status, 404);
  });

  test('an unreachable hub: 502 with its own problem type, naming the hub but not its address or the network error', async () => {
    const logged: unknown[] = [];
    const logger: QaLogger = { error: (m, d) => logged.push([m, d]), warn: (m, d) => logged.push([m, d]) };
    const la = await makeLa('la-down', { hubUrl: 'http://127.0.0.1:1/qa', hubName: 'the North West SEND hub' }, { logger });
    await seedAudits(la.storage, la.tenant, Array(3).fill('good'));
    for (const [method, path, body] of [['POST', '/benchmark/contribution/send', { period: '2025-Q3' }], ['POST', '/benchmark/published/fetch', { period: '2025-Q3' }]] as const) {
      const res = await la.call(la.manager, method, path, body);
      assert.equal(res.status, 502, path);
      assert.equal(res.type, 'application/problem+json');
      assert.equal(res.json.type, 'urn:ehcp-qa:problem:hub-unreachable');
      assert.equal(res.json.title, 'The benchmark hub cannot be reached');
      assert.equal(res.json.hub, 'the North West SEND hub');
      assert.match(res.json.detail, /The North West SEND hub did not answer/);
      assert.doesNotMatch(JSON.stringify(res.json), /127\.0\.0\.1|ECONNREFUSED|fetch failed|:1\//);
    }
    assert.ok(JSON.stringify(logged).includes('127.0.0.1:1'), 'the address is in the operator\'s log');
  });

  test('over real HTTP: the hub on a random port, the LA with the global fetch', async () => {
    const hub = await makeHub({ minContributors: 3 });
    const server = serve({ fetch: hub.host.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    try {
      const { port } = server.address() as AddressInfo;
      for (const x of ['h1', 'h2']) await hub.call(hub.contributor(x), 'POST', '/hub/contributions', contribution('south-west', [5, 20, 10, 5]));
      const la = await makeLa('la-http', { hubUrl: `http://127.0.0.1:${port}/qa`, region: 'south-west' });
      await seedAudits(la.storage, la.tenant, Array(8).fill('good'));
      const sent = await la.call(la.manager, 'POST', '/benchmark/contribution/send', { period: '2025-Q3' });
      assert.equal(sent.status, 200, JSON.stringify(sent.json));
      assert.equal((await hub.call(hub.operator, 'POST', '/hub/publications', { frameworkId: 'ehcp-plan', frameworkVersion: '1.0.0', period: '2025-Q3' })).status, 201);
      const fetched = await la.call(la.manager, 'POST', '/benchmark/published/fetch', { period: '2025-Q3' });
      assert.equal(fetched.status, 200, JSON.stringify(fetched.json));
      assert.equal(fetched.json.via, 'hub');
      const view = (await la.call(la.manager, 'GET', '/benchmark?period=2025-Q3')).json;
      const overall = view.distributions.find((d: Json) => d.id === 'overall');
      assert.equal(overall.region.published, true);
      assert.deepEqual(overall.position.region, { quartile: 1, among: 3 });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
