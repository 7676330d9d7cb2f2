// Responses (issue 12, items 9-13): no caching of LA data, framing and referrer rules on
// the printable report, Location never from Host, a title for every status, over-long
// URLs and headers as problem+json (and what Node answers before the adapter sees a
// request, over real HTTP), and a narrative write that answers with what it wrote.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryStorage, serveQa, signQaToken, type QaStorage } from 'ehcp-qa/server';
import { problemTitle, QaProblem } from '../../server-adapter/problem.js';
import { goodCriteria, harness, newAudit, SECRET } from './helpers.js';

test('item 9: every answer carrying audit content is no-store; the printable report cannot be framed and sends no referrer', async () => {
  const h = await harness();
  try {
    const cycle = await (await h.call(h.la.manager, 'POST', '/cycles', { body: { name: 'Autumn', startDate: '2026-09-01', endDate: '2026-12-18' } })).json();
    const created = await h.call(h.la.auditor, 'POST', '/audits', { body: newAudit({ cycleId: cycle.id }) });
    const audit = await created.json();
    assert.equal(created.headers.get('cache-control'), 'no-store');
    const saved = await h.call(h.la.auditor, 'PUT', `/audits/${audit.id}/sections/A`, { ifMatch: 1, body: { criteriaMet: goodCriteria('A'), grade: 'good', comment: 'private' } });
    assert.equal(saved.headers.get('cache-control'), 'no-store');
    for (const [who, path] of [
      [h.la.auditor, `/audits/${audit.id}`], [h.la.auditor, '/audits'], [h.la.manager, `/reports/summary?cycleId=${cycle.id}`],
      [h.la.manager, `/reports/export?format=csv&cycleId=${cycle.id}`], [h.la.manager, `/reports/export?format=html&cycleId=${cycle.id}`],
      [h.la.manager, '/moderations'], [h.la.manager, `/cycles/${cycle.id}/narrative`], [h.la.manager, '/reports/criteria-gaps'],
    ] as const) {
      const res = await h.call(who, 'GET', path);
      assert.equal(res.status, 200, path);
      assert.equal(res.headers.get('cache-control'), 'no-store', path);
    }
    const html = await h.call(h.la.manager, 'GET', `/reports/export?format=html&cycleId=${cycle.id}`);
    assert.match(html.headers.get('content-security-policy')!, /frame-ancestors 'none'/);
    assert.match(html.headers.get('content-security-policy')!, /default-src 'none'/);
    assert.equal(html.headers.get('x-frame-options'), 'DENY');
    assert.equal(html.headers.get('referrer-policy'), 'no-referrer');
    // Problems too (a 412 carries the current version), and a 401.
    const stale = await h.call(h.la.auditor, 'PUT', `/audits/${audit.id}/sections/A`, { ifMatch: 1, body: { criteriaMet: [], grade: null } });
    assert.equal(stale.status, 412);
    assert.equal(stale.headers.get('cache-control'), 'no-store');
    assert.equal((await h.call(null, 'GET', '/audits')).headers.get('cache-control'), 'no-store');
    // The public contract may be cached.
    assert.notEqual((await h.call(null, 'GET', '/openapi.json')).headers.get('cache-control'), 'no-store');
  } finally {
    await h.close();
  }
});

test('item 10: Location is built from the mount path, never from the Host header', async () => {
  const h = await harness();
  try {
    const res = await h.app.request('http://evil.example/qa/audits', {
      method: 'POST',
      headers: { host: 'evil.example', 'x-forwarded-host': 'evil.example', authorization: `Bearer ${await signQaToken(h.la.auditor, SECRET)}`, 'content-type': 'application/json' },
      body: JSON.stringify(newAudit()),
    });
    assert.equal(res.status, 201);
    const id = (await res.json()).id;
    const location = res.headers.get('location')!;
    assert.ok(!location.includes('evil.example'), location);
    assert.ok(!/^[a-z]+:/i.test(location) && !location.startsWith('//'), `relative to the request: ${location}`);
    // Resolved against the URL the client used, it names the new audit under the mount.
    assert.equal(new URL(location, 'https://qa.la.example/qa/audits').href, `https://qa.la.example/qa/audits/${id}`);
    assert.equal((await h.call(h.la.auditor, 'GET', `/audits/${id}`)).status, 200);
    const cycle = await h.call(h.la.manager, 'POST', '/cycles', { body: { name: 'Spring', startDate: '2026-01-05', endDate: '2026-03-27' }, headers: { host: 'evil.example' } });
    assert.ok(!cycle.headers.get('location')!.includes('evil'));
  } finally {
    await h.close();
  }
});

test('item 11: every status the adapter can answer has a title and a type of its own', async () => {
  const h = await harness();
  try {
    const doc = await (await h.call(null, 'GET', '/openapi.json')).json();
    const statuses = new Set<number>([405, 414, 431, 502]);
    for (const item of Object.values(doc.paths) as Record<string, { responses: Record<string, unknown> }>[]) {
      for (const op of Object.values(item)) for (const status of Object.keys(op.responses ?? {})) if (Number(status) >= 400) statuses.add(Number(status));
    }
    for (const status of statuses) {
      const title = problemTitle(status);
      assert.ok(title, `status ${status} has a title`);
      const body = new QaProblem(status).body;
      assert.notEqual(body.title, 'Error', `status ${status}`);
      assert.notEqual(body.type, 'urn:ehcp-qa:problem:error', `status ${status}`);
    }
  } finally {
    await h.close();
  }
});

test('item 12: over-long URLs and headers answer problem+json where the adapter sees them; malformed paths are 400 problems', async () => {
  const h = await harness();
  try {
    const long = await h.call(h.la.manager, 'GET', `/cycles?x=${'a'.repeat(9000)}`);
    assert.equal(long.status, 414);
    assert.equal(long.headers.get('content-type'), 'application/problem+json');
    assert.equal((await long.json()).title, 'The URL is too long');
    const headers = await h.call(h.la.manager, 'GET', '/cycles', { headers: { 'x-padding': 'p'.repeat(13_000) } });
    assert.equal(headers.status, 431);
    assert.equal(headers.headers.get('content-type'), 'application/problem+json');
    assert.equal((await headers.json()).errors[0].field, 'x-padding');
    for (const path of ['/audits/%E0%A4%A', '/audits/%', '/audits/%00', '/cycles/..%2F..%2Fetc']) {
      const res = await h.call(h.la.manager, 'GET', path);
      assert.equal(res.status, 400, path);
      assert.equal(res.headers.get('content-type'), 'application/problem+json', path);
    }
  } finally {
    await h.close();
  }
  // Over real HTTP: under Node's own 16 kB limit the adapter answers; over it, Node answers 431 itself (docs/adapter.md).
  const dir = mkdtempSync(join(tmpdir(), 'ehcp-qa-limits-'));
  const qa = await serveQa({ port: 0, jwtSecret: SECRET, sqliteFile: join(dir, 'qa.sqlite') });
  try {
    const token = await signQaToken({ sub: 'm1', tenant: 'la-limits', roles: ['manager'] }, SECRET);
    const url = await fetch(`${qa.url}/cycles?x=${'a'.repeat(10_000)}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(url.status, 414);
    assert.equal(url.headers.get('content-type'), 'application/problem+json');
    const big = await fetch(`${qa.url}/cycles`, { headers: { authorization: `Bearer ${token}`, 'x-padding': 'p'.repeat(13_000) } });
    assert.equal(big.status, 431);
    assert.equal(big.headers.get('content-type'), 'application/problem+json');
    const huge = await fetch(`${qa.url}/cycles`, { headers: { authorization: `Bearer ${token}`, 'x-padding': 'p'.repeat(20_000) } }).catch((error: unknown) => error);
    if (huge instanceof Response) {
      assert.equal(huge.status, 431, 'Node answers before the adapter sees the request');
      assert.notEqual(huge.headers.get('content-type'), 'application/problem+json');
    } // (or Node closes the connection first)
  } finally {
    await qa.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('item 13: updateCycleNarrative needs If-Match and answers with what this request wrote', async () => {
  // A storage where another manager saves right after each narrative write, before the adapter could read it back.
  const inner = createMemoryStorage();
  let interleave = true;
  const storage: QaStorage = new Proxy(inner, {
    get(target, property) {
      if (property !== 'writeBatch') return Reflect.get(target, property);
      return async (tenant: string, batch: Parameters<QaStorage['writeBatch']>[1]) => {
        const result = await target.writeBatch(tenant, batch);
        const narrative = batch.records?.find((r) => r.collection === 'cycle-narratives');
        if (narrative && result.ok && interleave) {
          await target.putRecord(tenant, narrative.collection, narrative.id, { ...(narrative.data as object), context: 'A later writer\'s text', updatedBy: 'someone-else' });
        }
        return result;
      };
    },
  });
  const h = await harness({ storage });
  try {
    const cycle = await (await h.call(h.la.manager, 'POST', '/cycles', { body: { name: 'Autumn', startDate: '2026-09-01', endDate: '2026-12-18' } })).json();
    const body = { context: 'Audited by a multi-agency panel.', recommendations: { F: 'Quantify provision.' } };
    const missing = await h.call(h.la.manager, 'PUT', `/cycles/${cycle.id}/narrative`, { body });
    assert.equal(missing.status, 428);
    assert.equal((await missing.json()).errors[0].field, 'If-Match');
    assert.equal((await (await h.call(h.la.manager, 'GET', `/cycles/${cycle.id}/narrative`)).json()).version, 0, 'nothing written');
    const res = await h.call(h.la.manager, 'PUT', `/cycles/${cycle.id}/narrative`, { body, ifMatch: 0 });
    assert.equal(res.status, 200);
    const answered = await res.json();
    assert.equal(answered.context, body.context, 'not the later writer\'s text');
    assert.equal(answered.updatedBy, h.la.manager.sub);
    assert.equal(answered.version, 1);
    assert.equal(res.headers.get('etag'), '"1"');
    interleave = false;
    const now = await (await h.call(h.la.manager, 'GET', `/cycles/${cycle.id}/narrative`)).json();
    assert.deepEqual([now.version, now.context], [2, 'A later writer\'s text']);
  } finally {
    await h.close();
  }
});

test('item 15: moderations and cycles are paged; the trend (also in the printable report) covers the newest 12 cycles', async () => {
  const h = await harness();
  try {
    // 14 cycles, one a month.
    const ids: string[] = [];
    for (let i = 0; i < 14; i++) {
      const month = String((i % 12) + 1).padStart(2, '0');
      const year = 2025 + Math.floor(i / 12);
      const res = await h.call(h.la.manager, 'POST', '/cycles', { body: { name: `Cycle ${i + 1}`, startDate: `${year}-${month}-01`, endDate: `${year}-${month}-20` } });
      ids.push((await res.json()).id);
    }
    const first = await (await h.call(h.la.manager, 'GET', '/cycles?limit=5')).json();
    assert.equal(first.items.length, 5);
    assert.equal(first.items[0].name, 'Cycle 14', 'newest first');
    const seen = [...first.items];
    let cursor: string | null = first.nextCursor;
    while (cursor) {
      const page = await (await h.call(h.la.manager, 'GET', `/cycles?limit=5&cursor=${encodeURIComponent(cursor)}`)).json();
      seen.push(...page.items);
      cursor = page.nextCursor;
    }
    assert.equal(new Set(seen.map((c: { id: string }) => c.id)).size, 14);
    assert.equal((await (await h.call(h.la.manager, 'GET', '/cycles')).json()).items.length, 14, 'default page of 100');
    const badCursor = await h.call(h.la.manager, 'GET', '/cycles?cursor=nonsense');
    assert.equal(badCursor.status, 400);
    assert.equal((await badCursor.json()).errors[0].field, 'query.cursor');
    assert.equal((await h.call(h.la.manager, 'GET', '/cycles?limit=101')).status, 400);

    const trend = await (await h.call(h.la.manager, 'GET', '/reports/trend')).json();
    assert.equal(trend.points.length, 12);
    assert.deepEqual(trend.points.map((p: { name: string }) => p.name), Array.from({ length: 12 }, (_, i) => `Cycle ${i + 3}`));
    const printable = await (await h.call(h.la.manager, 'GET', `/reports/export?format=html&cycleId=${ids[13]}`)).text();
    assert.ok(printable.includes('Cycle 3') && !printable.includes('Cycle 2<') && !/>Cycle 1</.test(printable), 'the printable trend holds the newest 12 cycles');

    // Moderations: three pairs, two a page.
    const cycleId = ids[13]!;
    const firsts: string[] = [];
    for (let i = 0; i < 3; i++) {
      const audit = await (await h.call(h.la.auditor, 'POST', '/audits', { body: newAudit({ cycleId }) })).json();
      let v = audit.version;
      for (const s of (await import('ehcp-qa/criteria')).ehcpPlanV1.sections) {
        v = (await (await h.call(h.la.auditor, 'PUT', `/audits/${audit.id}/sections/${s.id}`, { ifMatch: v, body: { criteriaMet: goodCriteria(s.id), grade: 'good' } })).json()).version;
      }
      assert.equal((await h.call(h.la.auditor, 'POST', `/audits/${audit.id}/complete`, { ifMatch: v })).status, 200);
      firsts.push(audit.id);
    }
    const assigned = await h.call(h.la.moderator, 'POST', '/moderations', { body: { cycleId, assignments: firsts.map((firstAuditId) => ({ firstAuditId, secondAuditor: { id: h.la.auditor2.sub } })) } });
    assert.equal(assigned.status, 201);
    const page1 = await (await h.call(h.la.manager, 'GET', '/moderations?limit=2')).json();
    assert.equal(page1.items.length, 2);
    assert.ok(page1.nextCursor);
    const page2 = await (await h.call(h.la.manager, 'GET', `/moderations?limit=2&cursor=${encodeURIComponent(page1.nextCursor)}`)).json();
    assert.equal(page2.items.length, 1);
    assert.equal(page2.nextCursor, null);
    assert.deepEqual([...page1.items, ...page2.items].map((m: { firstAuditId: string }) => m.firstAuditId).sort(), [...firsts].sort());
    const bad = await h.call(h.la.manager, 'GET', '/moderations?cursor=xyz');
    assert.equal(bad.status, 400);
    assert.equal((await bad.json()).errors[0].field, 'query.cursor');
  } finally {
    await h.close();
  }
});

test('item 8: a one-time export link opens the printable report as a page of the adapter, with its CSP, once, without a token', async () => {
  const h = await harness();
  try {
    const cycle = await (await h.call(h.la.manager, 'POST', '/cycles', { body: { name: 'Autumn', startDate: '2026-09-01', endDate: '2026-12-18' } })).json();
    const created = await h.call(h.la.manager, 'POST', '/reports/export-links', { body: { format: 'html', cycleId: cycle.id } });
    assert.equal(created.status, 201, await created.clone().text());
    const link = await created.json();
    assert.ok(!/^[a-z]+:/i.test(link.url) && link.url.startsWith('export-links/'), link.url);
    assert.equal(created.headers.get('location'), link.url);
    assert.ok(Date.parse(link.expiresAt) - Date.now() <= 60_000);
    const path = new URL(link.url, 'http://localhost/qa/reports/export-links').pathname;
    const opened = await h.app.request(path); // no Authorization header
    assert.equal(opened.status, 200);
    assert.match(opened.headers.get('content-type')!, /^text\/html/);
    assert.match(opened.headers.get('content-security-policy')!, /default-src 'none'.*frame-ancestors 'none'/);
    assert.equal(opened.headers.get('cache-control'), 'no-store');
    assert.match(await opened.text(), /Autumn/);
    const again = await h.app.request(path);
    assert.equal(again.status, 404, 'a link works once');
    assert.equal(again.headers.get('content-type'), 'application/problem+json');
    // Bad input is reported when the link is made, not in the new tab.
    const bad = await h.call(h.la.manager, 'POST', '/reports/export-links', { body: { format: 'pdf', cycleId: 'no-such-cycle-0000' } });
    assert.equal(bad.status, 422);
    assert.equal((await bad.json()).errors[0].field, 'format');
    assert.equal((await h.call(h.la.manager, 'POST', '/reports/export-links', { body: { format: 'html', cycleId: 'no-such-cycle-0000' } })).status, 404);
    assert.equal((await h.call(h.la.caseworker, 'POST', '/reports/export-links', { body: { format: 'html' } })).status, 403);
    assert.equal((await h.call(null, 'POST', '/reports/export-links', { body: { format: 'html' } })).status, 401);
    // An expired link, a malformed one, and another tenant's id under this tenant's name: all refused.
    const csv = await (await h.call(h.la.manager, 'POST', '/reports/export-links', { body: { format: 'csv' } })).json();
    const [tenantPart, id] = csv.url.slice('export-links/'.length).split('.');
    const record = await h.storage.getRecord<{ expiresAt: string }>(h.la.manager.tenant, 'export-links', id);
    await h.storage.putRecord(h.la.manager.tenant, 'export-links', id, { ...record!.data, expiresAt: new Date(Date.now() - 1000).toISOString() });
    assert.equal((await h.app.request(`/qa/reports/export-links/${tenantPart}.${id}`)).status, 404, 'expired');
    assert.equal((await h.app.request('/qa/reports/export-links/not-a-link')).status, 400);
    const theirs = Buffer.from(h.other.manager.tenant).toString('base64url');
    const other = await (await h.call(h.la.manager, 'POST', '/reports/export-links', { body: { format: 'csv' } })).json();
    const otherId = other.url.split('.').at(-1);
    assert.equal((await h.app.request(`/qa/reports/export-links/${theirs}.${otherId}`)).status, 404, 'the id is only valid in its own tenant');
  } finally {
    await h.close();
  }
});

test('item 15: moderation figures are worked out over at most 5000 pairs; beyond that, 400 asking for a narrower scope', async () => {
  const storage = createMemoryStorage();
  const h = await harness({ storage });
  try {
    const tenant = h.la.manager.tenant;
    const cycle = await (await h.call(h.la.manager, 'POST', '/cycles', { body: { name: 'Big', startDate: '2026-09-01', endDate: '2026-12-18' } })).json();
    const now = new Date().toISOString();
    const audit = (id: string, auditorId: string) => ({
      id, frameworkId: 'ehcp-plan', frameworkVersion: '1.0.0', planRef: `PLAN-${id}`, cycleId: cycle.id, auditorId, auditorRole: 'other' as const,
      plan: { planType: 'new' as const, phase: 'primary' as const, primaryNeed: 'ASD' as const, settingType: 'mainstream' as const },
      status: 'completed' as const, version: 2, sections: {}, overall: null, startedAt: now, updatedAt: now, completedAt: now, activeSeconds: 0, reopenings: [],
    });
    for (let i = 0; i < 5001; i++) {
      const first = audit(`first-${String(i).padStart(5, '0')}`, 'aud-1');
      const second = audit(`second-${String(i).padStart(5, '0')}`, 'aud-2');
      await storage.writeBatch(tenant, {
        createAudits: [first, second],
        records: [{ collection: 'moderations', id: `m-${i}`, data: {
          id: `m-${i}`, cycleId: cycle.id, planRef: first.planRef, frameworkId: 'ehcp-plan', frameworkVersion: '1.0.0', firstAuditId: first.id, firstAuditorId: 'aud-1',
          secondAuditorId: 'aud-2', secondAuditId: second.id, assignedBy: 'mod', assignedAt: now, sampleSeed: null, agreed: null, note: null, resolvedBy: null, resolvedAt: null,
        } }],
      });
    }
    const res = await h.call(h.la.manager, 'GET', `/moderations/stats?cycleId=${cycle.id}`);
    assert.equal(res.status, 400);
    const body = await res.json();
    assert.equal(body.errors[0].field, 'query.cycleId');
    assert.match(body.errors[0].message, /5001 moderated pairs.*at most 5000/);
  } finally {
    await h.close();
  }
});
