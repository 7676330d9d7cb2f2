// Frameworks and cycles through the HTTP API, every role, and a second tenant.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signQaToken } from 'ehcp-qa/server';
import { harness, problem, SECRET } from './helpers.js';

test('listFrameworks and getFramework: every role may read; no token is 401', async () => {
  const h = await harness();
  try {
    for (const who of Object.values(h.la)) {
      const res = await h.call(who, 'GET', '/frameworks');
      assert.equal(res.status, 200, who.sub);
      const body = await res.json();
      assert.deepEqual(body.items.map((f: { id: string; version: string }) => `${f.id}@${f.version}`), ['ehcp-advice@1.0.0', 'ehcp-annual-review@1.0.0', 'ehcp-plan@1.0.0', 'ehcp-plan@2.0.0']);
      const byId = (id: string) => body.items.find((f: { id: string }) => f.id === id);
      assert.equal(byId('ehcp-plan').sectionIds.length, 12);
      assert.equal(byId('ehcp-plan').subject, 'plan');
      assert.deepEqual(byId('ehcp-annual-review').sectionIds, ['M', 'P', 'U', 'A', 'T', 'D']);
      assert.equal(byId('ehcp-annual-review').subject, 'annual-review');
      assert.deepEqual(byId('ehcp-advice').sectionIds, ['N', 'O', 'P', 'Q', 'S']);
      assert.equal(byId('ehcp-advice').subject, 'advice');
    }
    const fw = await h.call(h.la.caseworker, 'GET', '/frameworks/ehcp-plan/versions/1.0.0');
    assert.equal(fw.status, 200);
    const framework = await fw.json();
    assert.equal(framework.sections.length, 12);
    assert.ok(framework.sections[0].guidance.goodLooksLike);
    const none = await problem(await h.call(null, 'GET', '/frameworks'));
    assert.equal(none.status, 401);
    assert.equal(none.type, 'application/problem+json');
    const missing = await problem(await h.call(h.la.auditor, 'GET', '/frameworks/ehcp-plan/versions/9.9.9'));
    assert.equal(missing.status, 404);
    assert.match(missing.body.detail, /ehcp-plan 9\.9\.9/);
    const badVersion = await problem(await h.call(h.la.auditor, 'GET', '/frameworks/ehcp-plan/versions/latest'));
    assert.equal(badVersion.status, 400);
    assert.equal(badVersion.body.errors[0].field, 'path.version');
  } finally {
    await h.close();
  }
});

test('auth: bad, foreign, expired and claim-less tokens are 401 problems', async () => {
  const h = await harness();
  try {
    const foreign = await signQaToken(h.la.manager, 'another-secret-that-is-long-enough-000000');
    const expired = await signQaToken(h.la.manager, SECRET, { expiresInSeconds: -10 });
    const { sign } = await import('hono/jwt');
    const noTenant = await sign({ sub: 'x', roles: ['manager'] }, SECRET, 'HS256');
    for (const authorization of ['Bearer nonsense', `Bearer ${foreign}`, `Bearer ${expired}`, `Bearer ${noTenant}`, `Basic abc`]) {
      const res = await h.app.request('/qa/cycles', { headers: { authorization } });
      assert.equal(res.status, 401, authorization);
      assert.equal(res.headers.get('content-type'), 'application/problem+json');
      assert.equal(res.headers.get('www-authenticate'), 'Bearer');
    }
    const unknownRole = await signQaToken({ sub: 'x', tenant: 'la', roles: ['superuser' as never] }, SECRET);
    const res = await h.app.request('/qa/cycles', { method: 'POST', headers: { authorization: `Bearer ${unknownRole}`, 'content-type': 'application/json' }, body: '{}' });
    assert.equal(res.status, 403);
  } finally {
    await h.close();
  }
});

test('cycles: managers and admins create; everyone in the tenant reads; other roles 403', async () => {
  const h = await harness();
  try {
    const body = { name: 'Autumn 2025', startDate: '2025-09-01', endDate: '2025-12-19', kpiTarget: { level: 'good', share: 0.8, by: '2025-12-19' } };
    const created = await h.call(h.la.manager, 'POST', '/cycles', { body });
    assert.equal(created.status, 201);
    const cycle = await created.json();
    assert.equal(new URL(created.headers.get('location')!, 'http://localhost/qa/cycles').href, `http://localhost/qa/cycles/${cycle.id}`);
    assert.deepEqual({ ...cycle, id: undefined, createdAt: undefined }, { ...body, id: undefined, createdAt: undefined });
    assert.equal((await h.call(h.la.admin, 'POST', '/cycles', { body: { ...body, name: 'Spring 2026', startDate: '2026-01-05', endDate: '2026-03-27' } })).status, 201);
    for (const who of [h.la.auditor, h.la.moderator, h.la.caseworker]) {
      const res = await problem(await h.call(who, 'POST', '/cycles', { body }));
      assert.equal(res.status, 403, who.sub);
      assert.match(res.body.detail, /manager, admin/);
    }
    for (const who of Object.values(h.la)) {
      const list = await h.call(who, 'GET', '/cycles');
      assert.equal(list.status, 200);
      assert.deepEqual((await list.json()).items.map((c: { name: string }) => c.name), ['Spring 2026', 'Autumn 2025']);
      assert.equal((await h.call(who, 'GET', `/cycles/${cycle.id}`)).status, 200);
    }
    // The other local authority sees nothing, and the cycle answers 404 as if absent.
    assert.deepEqual((await (await h.call(h.other.manager, 'GET', '/cycles')).json()).items, []);
    const foreign = await problem(await h.call(h.other.manager, 'GET', `/cycles/${cycle.id}`));
    assert.equal(foreign.status, 404);
    const absent = await problem(await h.call(h.other.manager, 'GET', '/cycles/00000000-0000-0000-0000-000000000000'));
    assert.deepEqual({ ...foreign.body, detail: undefined }, { ...absent.body, detail: undefined });
  } finally {
    await h.close();
  }
});

test('cycles: invalid bodies are 422 naming the field', async () => {
  const h = await harness();
  try {
    const base = { name: 'Term', startDate: '2025-09-01', endDate: '2025-12-19' };
    const cases: [unknown, string][] = [
      [{ ...base, endDate: '2025-08-01' }, 'endDate'],
      [{ ...base, startDate: '2025-13-01' }, 'startDate'],
      [{ ...base, name: '' }, 'name'],
      [{ ...base, name: 'x'.repeat(121) }, 'name'],
      [{ ...base, kpiTarget: { level: 'gold', share: 0.5 } }, 'kpiTarget.level'],
      [{ ...base, kpiTarget: { level: 'good', share: 1.5 } }, 'kpiTarget.share'],
      [{ ...base, colour: 'red' }, 'colour'],
      [{ name: 'Term' }, 'startDate'],
    ];
    for (const [body, field] of cases) {
      const res = await problem(await h.call(h.la.manager, 'POST', '/cycles', { body }));
      assert.equal(res.status, 422, JSON.stringify(body));
      assert.ok(res.body.errors.some((e: { field: string }) => e.field === field), `${field} in ${JSON.stringify(res.body.errors)}`);
    }
    assert.deepEqual((await (await h.call(h.la.manager, 'GET', '/cycles')).json()).items, []);
  } finally {
    await h.close();
  }
});
