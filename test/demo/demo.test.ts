// The demo host: its seed (fictional, realistic spread) and its server (pages,
// bundle, demo tokens, the adapter at /qa over a real SQLite file).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStorage } from 'ehcp-qa/storage/sqlite';
import { ehcpPlanV2 } from 'ehcp-qa/criteria';
import { DEMO_TENANT, isDemoSeeded, seedDemo } from '../../demo/seed.js';
import { startDemo } from '../../demo/server.js';

test('the demo seed writes at least 200 varied, fictional audits over three cycles by two auditors', async () => {
  const storage = await createSqliteStorage({ filename: ':memory:' });
  try {
    assert.equal(await isDemoSeeded(storage), false);
    const { cycles, audits } = await seedDemo(storage, { framework: ehcpPlanV2, now: new Date('2026-11-23T12:00:00Z') });
    assert.equal(await isDemoSeeded(storage), true);
    assert.equal(cycles.length, 3);
    assert.ok(audits.length >= 200, `${audits.length} audits`);
    const rows = await storage.listAuditsForReport(DEMO_TENANT, {});
    assert.equal(rows.length, audits.length, 'every audit is stored');
    assert.deepEqual(new Set(rows.map((r) => r.cycleId)), new Set(cycles.map((c) => c.id)));
    assert.equal(new Set(rows.map((r) => r.auditorId)).size, 2);
    const completed = rows.filter((r) => r.status === 'completed');
    assert.ok(completed.length >= 200);
    assert.ok(rows.some((r) => r.status === 'in-progress'));
    const overall = new Set(completed.map((r) => r.overallGrade));
    assert.ok(overall.size >= 3, `overall grades: ${[...overall]}`);
    const sectionGrades = new Set(completed.flatMap((r) => Object.values(r.sectionGrades)));
    for (const grade of ['outstanding', 'good', 'requires-improvement', 'inadequate', 'na']) assert.ok(sectionGrades.has(grade), `a section graded ${grade}`);
    assert.ok(new Set(rows.map((r) => r.plan.phase)).size >= 4);
    assert.ok(new Set(rows.map((r) => r.plan.primaryNeed)).size >= 6);
    // Plan references only: nothing that looks like a person's name.
    for (const row of rows) assert.match(row.planRef, /^NCC-EHCP-\d{4}-\d{4}$/);
    // Deterministic: the same seed gives the same data.
    const again = await createSqliteStorage({ filename: ':memory:' });
    const second = await seedDemo(again, { framework: ehcpPlanV2, now: new Date('2026-11-23T12:00:00Z') });
    assert.deepEqual(second.audits.map((a) => [a.planRef, a.overall?.grade]), audits.map((a) => [a.planRef, a.overall?.grade]));
    await again.close();
  } finally {
    await storage.close();
  }
});

test('the demo server serves the case page, the bundle, demo tokens and the adapter', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ehcp-qa-demo-test-'));
  const demo = await startDemo({ port: 0, secret: 'x'.repeat(40), sqliteFile: join(dir, 'demo.sqlite'), log: () => {} });
  try {
    const get = (path: string, init?: RequestInit) => fetch(new URL(path, demo.url), init);
    const home = await get('/');
    assert.equal(home.status, 200);
    assert.match(await home.text(), /<ehcp-audit|ehcp-audit/);
    const bundle = await get('/assets/ehcp-qa.js');
    assert.equal(bundle.status, 200);
    assert.match(bundle.headers.get('content-type') ?? '', /javascript/);
    assert.match(await bundle.text(), /ehcp-section-grader/);
    assert.equal((await get('/static/demo.css')).status, 200);
    // Every page names its icon, so no browser asks for a missing /favicon.ico.
    for (const page of ['/case', '/audits', '/report', '/dashboard', '/moderation', '/no-such-page']) {
      assert.match(await (await get(page)).text(), /<link rel="icon" href="\/static\/favicon\.svg"/, page);
    }
    const icon = await get('/static/favicon.svg');
    assert.equal(icon.status, 200);
    assert.match(icon.headers.get('content-type') ?? '', /image\/svg\+xml/);

    const { token } = (await (await get('/demo/token?role=manager')).json()) as { token: string };
    const list = await get('/qa/audits?limit=5', { headers: { authorization: `Bearer ${token}` } });
    assert.equal(list.status, 200);
    assert.equal(((await list.json()) as { items: unknown[] }).items.length, 5);
    assert.equal((await get('/qa/audits')).status, 401);
    assert.equal((await get('/demo/token?role=superuser')).status, 400);

    // Seeded feedback for the dashboard, and a link from the case page that opens the public form.
    const auth = { authorization: `Bearer ${token}` };
    const feedback = (await (await get('/qa/reports/feedback', { headers: auth })).json()) as { questionnaires: { id: string; responses: number | null }[] };
    assert.ok(feedback.questionnaires.find((q) => q.id === 'parent-carer')!.responses! >= 20, JSON.stringify(feedback.questionnaires));
    const quality = (await (await get('/qa/reports/feedback/by-audit-grade', { headers: auth })).json()) as { matched: { belowExpected: number | null; expectedOrBetter: number | null } };
    assert.ok((quality.matched.belowExpected ?? 0) >= 5 && (quality.matched.expectedOrBetter ?? 0) >= 5, JSON.stringify(quality.matched));
    const created = await get('/qa/feedback-requests', {
      method: 'POST', headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ planRef: 'NCC-EHCP-2026-0417', plan: { planType: 'new', phase: 'secondary', primaryNeed: 'SLCN', settingType: 'mainstream' }, respondentType: 'child-young-person' }),
    });
    assert.equal(created.status, 201);
    const { link } = (await created.json()) as { link: string };
    assert.ok(link.startsWith(new URL('/qa/feedback/', demo.url).href), link);
    const page = await fetch(link);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<script type="module" src="\/assets\/ehcp-qa.js">/);
    assert.equal((await fetch(`${link}/form`)).status, 200);
    assert.equal((await get('/feedback')).status, 200);
    assert.equal((await get('/no-such-page')).status, 404);
  } finally {
    await demo.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the demo seeds annual review and advice audits from four services, linked to the audited plans by reference', async () => {
  const { demoSeedHooks } = await import('../../demo/seed-hooks.js');
  const { contributionStore } = await import('../../server-adapter/contributions/store.js');
  const storage = await createSqliteStorage({ filename: ':memory:' });
  try {
    const { audits } = await seedDemo(storage, { framework: ehcpPlanV2, now: new Date('2026-11-23T12:00:00Z'), hooks: demoSeedHooks });
    const rows = await storage.listAuditsForReport(DEMO_TENANT, {});
    const planRefs = new Set(audits.map((a) => a.planRef));
    const reviews = rows.filter((r) => r.frameworkId === 'ehcp-annual-review');
    const advice = rows.filter((r) => r.frameworkId === 'ehcp-advice');
    assert.ok(reviews.length >= 20, `${reviews.length} review audits`);
    assert.ok(advice.length >= 100, `${advice.length} advice audits`);
    for (const r of [...reviews, ...advice]) {
      assert.ok(planRefs.has(r.planRef), `${r.id} is linked to an audited plan`);
      assert.equal(r.status, 'completed');
      assert.ok(r.overallGrade);
    }
    assert.ok(new Set(advice.map((r) => r.overallGrade)).size >= 3, 'advice grades vary');
    const store = contributionStore(storage);
    const contributors = await store.listContributors(DEMO_TENANT, {});
    assert.equal(contributors.length, advice.length, 'every advice audit has its contributor');
    const services = new Set(contributors.map((c) => c.serviceRef));
    assert.equal(services.size, 4);
    for (const c of contributors) assert.match(c.serviceRef, /^ncc-[a-z-]+$/, 'service ids, never names');
    assert.ok((await store.listWeakenings(DEMO_TENANT, {})).length > 0, 'some plan sections are marked as weakened by advice');
  } finally {
    await storage.close();
  }
});
