// The edge: every error is problem+json, bad input is never a 500, and an
// unexpected failure is a 500 without a stack trace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMemoryStorage, type QaLogger, type QaStorage } from 'ehcp-qa/server';
import { harness, newAudit, problem } from './helpers.js';

const PROBLEM_KEYS = ['type', 'title', 'status'];

function assertProblem(body: Record<string, unknown>, status: number) {
  for (const key of PROBLEM_KEYS) assert.ok(key in body, `problem has ${key}`);
  assert.equal(body.status, status);
  assert.match(String(body.type), /^urn:ehcp-qa:problem:/);
  assert.doesNotMatch(JSON.stringify(body), /at .*\.(ts|js):\d+/, 'no stack trace');
}

test('unknown paths are 404 and wrong methods 405 with Allow, as problem+json', async () => {
  const h = await harness();
  try {
    const notFound = await problem(await h.call(h.la.manager, 'GET', '/nothing/here'));
    assert.equal(notFound.status, 404);
    assert.equal(notFound.type, 'application/problem+json');
    assertProblem(notFound.body, 404);
    const res = await h.call(h.la.manager, 'DELETE', '/audits/00000000-0000-0000-0000-000000000000');
    assert.equal(res.status, 405);
    assert.equal(res.headers.get('allow'), 'GET, HEAD');
    assertProblem(await res.json(), 405);
    const put = await h.call(h.la.manager, 'PATCH', '/cycles');
    assert.equal(put.status, 405);
    assert.equal(put.headers.get('allow'), 'POST, GET, HEAD');
  } finally {
    await h.close();
  }
});

test('routing: HEAD answers as GET without a body, path parameters are decoded, and a fixed segment wins over a parameter declared after it', async () => {
  const h = await harness();
  try {
    const created = await h.call(h.la.auditor, 'POST', '/audits', { body: newAudit() });
    assert.equal(created.status, 201);
    const { id } = await created.json();
    const get = await h.call(h.la.auditor, 'GET', `/audits/${id}`);
    const head = await h.call(h.la.auditor, 'HEAD', `/audits/${id}`);
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('etag'), get.headers.get('etag'));
    assert.equal(await head.text(), '');
    // %41 is "A": the route sees the decoded parameter (and a malformed escape is left as it is, then refused by the schema).
    const encoded = await problem(await h.call(h.la.auditor, 'GET', '/audits/notthere%41bc'));
    assert.equal(encoded.status, 404);
    assert.match(String(encoded.body.detail), /"notthereAbc"/);
    assert.equal((await h.call(h.la.auditor, 'GET', '/audits/notthere%E0%A4%Abc')).status, 400);
    // /moderations/stats is declared before /moderations/{moderationId}: the fixed segment wins.
    const stats = await h.call(h.la.manager, 'GET', '/moderations/stats');
    assert.equal(stats.status, 200, await stats.clone().text());
    const moderation = await problem(await h.call(h.la.manager, 'GET', '/moderations/not-a-moderation'));
    assert.equal(moderation.status, 404);
  } finally {
    await h.close();
  }
});

test('bad JSON is 400, a non-JSON content type 415, a body over 256 kB 413, a missing body 400', async () => {
  const h = await harness();
  try {
    const bad = await problem(await h.call(h.la.auditor, 'POST', '/audits', { rawBody: '{"frameworkId": ' }));
    assert.equal(bad.status, 400);
    assertProblem(bad.body, 400);
    assert.match(bad.body.detail, /not valid JSON/);
    const text = await problem(await h.call(h.la.auditor, 'POST', '/audits', { rawBody: 'frameworkId=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
    assert.equal(text.status, 415);
    assert.equal(text.body.errors[0].field, 'Content-Type');
    const big = await problem(await h.call(h.la.auditor, 'POST', '/audits', { body: { ...newAudit(), padding: 'x'.repeat(300 * 1024) } }));
    assert.equal(big.status, 413);
    assertProblem(big.body, 413);
    const empty = await problem(await h.call(h.la.auditor, 'POST', '/audits', { rawBody: '' }));
    assert.equal(empty.status, 400);
    assert.equal((await (await h.call(h.la.moderator, 'GET', '/audits')).json()).items.length, 0);
  } finally {
    await h.close();
  }
});

test('field errors say what is wrong: missing, wrong type, unknown', async () => {
  const h = await harness();
  try {
    const res = await problem(await h.call(h.la.manager, 'POST', '/cycles', { body: { name: 7, endDate: '2025-01-01', extra: true } }));
    assert.equal(res.status, 422);
    const byField = Object.fromEntries(res.body.errors.map((e: { field: string; message: string }) => [e.field, e.message]));
    assert.deepEqual(byField, { name: 'must be a string', startDate: 'is required', extra: 'is not a known field' });
  } finally {
    await h.close();
  }
});

test('no input shape makes a 500: a battery of hostile bodies and queries', async () => {
  const h = await harness();
  try {
    const audit = await (await h.call(h.la.auditor, 'POST', '/audits', { body: newAudit() })).json();
    const deep: unknown = JSON.parse('['.repeat(500) + ']'.repeat(500));
    const bodies: unknown[] = [
      null, 0, 'text', true, [], [{}], {}, deep, { __proto__: { grade: 'good' } }, { constructor: { prototype: {} } },
      { criteriaMet: [null], grade: null }, { criteriaMet: [{}], grade: {} }, { criteriaMet: Array(500).fill('A.good.x'), grade: null },
      { frameworkId: 'ehcp-plan', planRef: '\u0000', plan: {}, auditorRole: null }, { name: '💥'.repeat(200), startDate: 'x', endDate: 1 },
      { reason: ['a'] }, { activeSeconds: 1e308 }, { activeSeconds: '5' },
    ];
    const targets: [string, string, boolean][] = [
      ['POST', '/audits', false], ['POST', '/cycles', false],
      ['PUT', `/audits/${audit.id}/sections/A`, true], ['POST', `/audits/${audit.id}/complete`, true], ['POST', `/audits/${audit.id}/reopen`, true],
    ];
    for (const [method, path, needsVersion] of targets) {
      for (const body of bodies) {
        for (const who of [h.la.auditor, h.la.manager, h.la.moderator]) {
          const res = await h.call(who, method, path, { body, ...(needsVersion ? { ifMatch: 1 } : {}) });
          assert.ok(res.status >= 400 && res.status < 500, `${method} ${path} ${JSON.stringify(body)?.slice(0, 60)} → ${res.status}`);
          assert.equal(res.headers.get('content-type'), 'application/problem+json');
          assertProblem(await res.json(), res.status);
        }
      }
    }
    for (const path of ['/audits/%00', '/audits/..%2F..', `/audits/${'a'.repeat(5000)}`, '/audits?limit=1e3', '/audits?cursor=%FF', '/frameworks/%E0%A4%A/versions/1.0.0']) {
      const res = await h.call(h.la.manager, 'GET', path);
      assert.ok(res.status >= 400 && res.status < 500, `${path} → ${res.status}`);
      assert.equal(res.headers.get('content-type'), 'application/problem+json');
    }
  } finally {
    await h.close();
  }
});

test('an unexpected failure is a 500 problem without internals, and is logged', async () => {
  const logged: unknown[] = [];
  const logger: QaLogger = { error: (message, details) => logged.push({ message, details }) };
  const inner = createMemoryStorage();
  const broken: QaStorage = { ...inner, async listCycles() { throw new Error('disk on fire at /var/lib/secret.sqlite'); } };
  const h = await harness({ storage: broken, logger });
  try {
    const res = await problem(await h.call(h.la.manager, 'GET', '/cycles'));
    assert.equal(res.status, 500);
    assertProblem(res.body, 500);
    assert.doesNotMatch(JSON.stringify(res.body), /disk on fire|secret|Error/);
    assert.equal(logged.length, 1);
    assert.match(JSON.stringify(logged[0]), /disk on fire/);
  } finally {
    await h.close();
  }
});

test('GET /openapi.json needs no token', async () => {
  const h = await harness();
  try {
    const res = await h.app.request('/qa/openapi.json');
    assert.equal(res.status, 200);
    const doc = await res.json();
    assert.equal(doc.openapi, '3.1.0');
  } finally {
    await h.close();
  }
});

test('the NUL character is refused at the edge in a body, a query string and a path, naming the field, and nothing is written', async () => {
  const h = await harness();
  try {
    const created = await h.call(h.la.auditor, 'POST', '/audits', { body: newAudit() });
    assert.equal(created.status, 201);
    const audit = await created.json();
    const save = await problem(await h.call(h.la.auditor, 'PUT', `/audits/${audit.id}/sections/A`, {
      body: { criteriaMet: [], grade: null, comment: 'before\u0000after' },
      headers: { 'if-match': `"${audit.version}"` },
    }));
    assert.equal(save.status, 422);
    assertProblem(save.body, 422);
    assert.equal(save.body.errors[0].field, 'comment');
    assert.match(save.body.detail, /NUL/);
    const after = await (await h.call(h.la.auditor, 'GET', `/audits/${audit.id}`)).json();
    assert.equal(after.version, audit.version, 'nothing written');
    const query = await problem(await h.call(h.la.moderator, 'GET', `/audits?planRef=${encodeURIComponent('P\u0000')}`));
    assert.equal(query.status, 400);
    assert.equal(query.body.errors[0].field, 'query.planRef');
    const path = await problem(await h.call(h.la.auditor, 'GET', `/audits/${encodeURIComponent('a\u0000b')}`));
    assert.equal(path.status, 400);
    assert.equal(path.body.errors[0].field, 'path.auditId');
  } finally {
    await h.close();
  }
});
