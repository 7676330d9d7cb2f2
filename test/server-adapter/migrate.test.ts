// `ehcp-qa-migrate`: the demo's SQLite database (every seed hook: audits, cycles,
// moderation, advice contributors, feedback, planning, narratives) plus a second LA
// written through the adapter (so its audit trail has entries), moved into a fresh
// PostgreSQL schema by the command itself, then proved lossless independently: every
// audit and record compared, the feature tables compared, and the adapter answering
// the same JSON on both databases for the routes managers read. Skipped, loudly,
// without PostgreSQL.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { builtInFrameworks, ehcpPlanV1, ehcpPlanV2 } from 'ehcp-qa/criteria';
import { createQaApp, jwtAuth, signQaToken, verifyAuditTrail, type QaStorage } from 'ehcp-qa/server';
import { createSqliteStorage } from 'ehcp-qa/storage/sqlite';
import { createPostgresStorage } from 'ehcp-qa/storage/postgres';
import { DEMO_TENANT, seedDemo } from '../../demo/seed.js';
import { demoSeedHooks } from '../../demo/seed-hooks.js';
import { SECRET, goodCriteria, newAudit } from './helpers.js';
import { POSTGRES_URL, postgresForTests } from './postgres-helpers.js';

const db = await postgresForTests('ehcp-qa-migrate (SQLite into PostgreSQL)');
const dir = mkdtempSync(join(tmpdir(), 'ehcp-qa-migrate-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const cli = join(import.meta.dirname, '..', '..', 'server-adapter', 'migrate', 'cli.ts');
const migrate = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', cli, ...args], { encoding: 'utf8', timeout: 300_000 });

const SECOND_LA = 'la-second';

/** The demo's database, as `npm run demo` creates it, plus a second LA that used the adapter. */
async function demoDatabase(file: string): Promise<void> {
  const storage = await createSqliteStorage({ filename: file });
  try {
    await seedDemo(storage, { framework: ehcpPlanV2, hooks: demoSeedHooks, now: new Date('2026-11-23T12:00:00Z') });
    const app = new Hono().route('/qa', createQaApp({ storage, auth: jwtAuth({ secret: SECRET }) }));
    const token = await signQaToken({ sub: 'aud-second', tenant: SECOND_LA, roles: ['auditor'] }, SECRET);
    const call = (method: string, path: string, body?: unknown, ifMatch?: number) => app.request(`/qa${path}`, {
      method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(ifMatch ? { 'if-match': `"${ifMatch}"` } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    for (let i = 0; i < 3; i++) {
      const created = await (await call('POST', '/audits', newAudit())).json() as { id: string; version: number };
      const saved = await call('PUT', `/audits/${created.id}/sections/A`, { criteriaMet: goodCriteria('A', ehcpPlanV1), grade: 'good', comment: `second LA ${i}` }, created.version);
      assert.equal(saved.status, 200);
    }
  } finally {
    await storage.close();
  }
}

/** The JSON the adapter answers for `paths`, one manager token per tenant. */
async function answers(storage: QaStorage, tenant: string, paths: string[]): Promise<unknown[]> {
  const app = new Hono().route('/qa', createQaApp({ storage, auth: jwtAuth({ secret: SECRET }), frameworks: builtInFrameworks }));
  const token = await signQaToken({ sub: 'manager-dev', tenant, roles: ['manager', 'admin', 'moderator'] }, SECRET);
  const out: unknown[] = [];
  for (const path of paths) {
    const res = await app.request(`/qa${path}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(res.status, 200, `${path}: ${res.status}`);
    out.push(await res.json());
  }
  return out;
}

test('ehcp-qa-migrate moves the demo database into PostgreSQL losslessly, and proves it', { skip: !db && 'PostgreSQL is not answering' }, async () => {
  const file = join(dir, 'demo.sqlite');
  await demoDatabase(file);

  const result = migrate('--from', `sqlite:${file}`, '--to', POSTGRES_URL, '--schema', db!.schema);
  assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
  assert.match(result.stdout, /Moved and verified: 2 tenant\(s\)/);
  assert.match(result.stdout, /advice_contributors \(demo-la\): \d+ rows/, 'progress output, table by table');
  assert.match(result.stdout, /Audits checksum \(SHA-256\): [0-9a-f]{64}/);

  // Independently of the command's own checks: both databases, through the storage interfaces.
  const sqlite = await createSqliteStorage({ filename: file });
  const postgres = await createPostgresStorage({ pool: db!.pool, schema: db!.schema });
  try {
    for (const tenant of [DEMO_TENANT, SECOND_LA]) {
      const before = await sqlite.listAuditsForReport(tenant, {});
      assert.ok(before.length > 0);
      assert.deepEqual(await postgres.listAuditsForReport(tenant, {}), before);
      for (const row of before) assert.deepEqual(await postgres.getAudit(tenant, row.id), await sqlite.getAudit(tenant, row.id));
      assert.deepEqual(await postgres.listCycles(tenant), await sqlite.listCycles(tenant));
      const [trailBefore, trailAfter] = [await verifyAuditTrail(sqlite, tenant), await verifyAuditTrail(postgres, tenant)];
      assert.equal(trailAfter.ok, true);
      assert.deepEqual(trailAfter, trailBefore);
      const collections = await sqlite.db.all<{ collection: string }>('SELECT DISTINCT collection FROM records WHERE tenant = ?', [tenant]);
      for (const { collection } of collections) {
        const all = async (s: QaStorage) => {
          const out = [];
          let cursor: string | undefined;
          do { const page = await s.listRecords(tenant, collection, { limit: 100, ...(cursor ? { cursor } : {}) }); out.push(...page.items); cursor = page.nextCursor ?? undefined; } while (cursor);
          return out;
        };
        assert.deepEqual(await all(postgres), await all(sqlite), `records of ${collection}`);
      }
    }
    // The feature tables came across with their rows (and the demo has rows in each).
    const contributors = await sqlite.listAdviceContributors!(DEMO_TENANT, {});
    assert.ok(contributors.length > 0);
    assert.deepEqual(await postgres.listAdviceContributors!(DEMO_TENANT, {}), contributors);
    assert.deepEqual(await postgres.listSectionWeakenings!(DEMO_TENANT, {}), await sqlite.listSectionWeakenings!(DEMO_TENANT, {}));
    const requests = await sqlite.listFeedbackRequests!(DEMO_TENANT, {});
    assert.ok(requests.length > 0);
    assert.deepEqual(await postgres.listFeedbackRequests!(DEMO_TENANT, {}), requests);
    assert.deepEqual(await postgres.listFeedbackResponses!(DEMO_TENANT, {}), await sqlite.listFeedbackResponses!(DEMO_TENANT, {}));
    const plans = await sqlite.listRegisteredPlans!(DEMO_TENANT);
    assert.ok(plans.length > 0);
    assert.deepEqual(await postgres.listRegisteredPlans!(DEMO_TENANT), plans);

    // The adapter gives the same answers on both (reports read PostgreSQL's running counts, filled as the rows arrived).
    const paths = [
      '/cycles', '/audits?limit=100', '/reports/summary?cycleId=cycle-2026-autumn', '/reports/summary?frameworkId=ehcp-plan&phase=secondary',
      '/reports/compare?cycleId=cycle-2026-summer&compareCycleId=cycle-2026-spring', '/reports/trend?frameworkId=ehcp-plan', '/reports/criteria-gaps?cycleId=cycle-2026-summer',
      '/moderations', '/moderations/stats', '/cycles/cycle-2026-autumn/progress', '/reports/services', '/reports/feedback',
      '/audit-trail?limit=100', '/audit-trail/verification',
    ];
    assert.deepEqual(await answers(postgres, DEMO_TENANT, paths), await answers(sqlite, DEMO_TENANT, paths));
  } finally {
    await postgres.close();
    await sqlite.close();
  }

  // Run again: the schema holds data now, so the command refuses and writes nothing.
  const again = migrate('--from', `sqlite:${file}`, '--to', POSTGRES_URL, '--schema', db!.schema);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /already holds data/);
});

test('ehcp-qa-migrate: clear errors for wrong arguments and a missing file', () => {
  const none = migrate();
  assert.equal(none.status, 2);
  assert.match(none.stderr, /Both --from and --to are needed/);
  const unknown = migrate('--from', 'x.sqlite', '--to', 'postgres://h/db', '--colour');
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /Unknown option '--colour'/);
  const badSchema = migrate('--from', 'x.sqlite', '--to', 'postgres://h/db', '--schema', 'drop table;');
  assert.equal(badSchema.status, 2);
  const missing = migrate('--from', `sqlite:${join(dir, 'nothing-here.sqlite')}`, '--to', 'postgres://127.0.0.1:5432/test');
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /does not exist/);
  const notPostgres = migrate('--from', `sqlite:${join(dir, 'nothing-here.sqlite')}`, '--to', 'mysql://h/db');
  assert.equal(notPostgres.status, 1);
  assert.match(notPostgres.stderr, /does not exist|must be a PostgreSQL URL/);
  assert.match(migrate('--help').stdout, /ehcp-qa-migrate --from sqlite:<file> --to postgres:/);
});
