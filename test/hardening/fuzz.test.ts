// Fuzzing every operation of the OpenAPI document over the real adapter (SQLite file):
// random and malformed paths, queries, bodies, headers and tokens, as an attacker or a
// careless client would send them. Whatever arrives, the adapter answers below 500,
// errors are problem+json with a type and title and never a stack trace, and nothing
// another tenant owns is ever answered. Then script and formula payloads in every
// free-text field come back inert in the printable report and the CSV.
// Runs with `npm run test:hardening` (HARDENING_RUNS, default 2500 requests).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sign } from 'hono/jwt';
import { ehcpPlanV1 } from 'ehcp-qa/criteria';
import { goodCriteria, harness, newAudit, SECRET, type Harness, type Person } from '../server-adapter/helpers.js';

const RUNS = Number(process.env.HARDENING_RUNS ?? 2500);

interface Op { method: string; path: string; params: string[]; query: string[]; hasBody: boolean }

function operations(doc: any): Op[] {
  const out: Op[] = [];
  for (const [path, item] of Object.entries<any>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(item)) {
      const parameters: any[] = op.parameters ?? [];
      out.push({
        method: method.toUpperCase(), path,
        params: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        query: parameters.filter((p) => p.in === 'query').map((p) => p.name),
        hasBody: !!op.requestBody,
      });
    }
  }
  return out;
}

export const PAYLOADS = [
  '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "javascript:alert('x')", '<svg onload=alert(1)>', '{{constructor.constructor("alert(1)")()}}',
  '=HYPERLINK("http://evil.example","x")', '+SUM(1,2)', '-2+3', '@SUM(1)', '\t=1+1', '\r=1+1', '=cmd|\' /C calc\'!A0',
  '</style><script>x</script>', '<!--', ']]>', '${7*7}', '\u202e\u0000null',
];

async function seed(h: Harness) {
  const cycle = await (await h.call(h.la.manager, 'POST', '/cycles', { body: { name: 'Autumn', startDate: '2026-09-01', endDate: '2026-12-18' } })).json();
  const audit = await (await h.call(h.la.auditor, 'POST', '/audits', { body: newAudit({ cycleId: cycle.id }) })).json();
  let v = audit.version;
  for (const s of ehcpPlanV1.sections) {
    v = (await (await h.call(h.la.auditor, 'PUT', `/audits/${audit.id}/sections/${s.id}`, { ifMatch: v, body: { criteriaMet: goodCriteria(s.id), grade: 'good' } })).json()).version;
  }
  await h.call(h.la.auditor, 'POST', `/audits/${audit.id}/complete`, { ifMatch: v });
  const pair = (await (await h.call(h.la.moderator, 'POST', '/moderations', { body: { cycleId: cycle.id, assignments: [{ firstAuditId: audit.id, secondAuditor: { id: h.la.auditor2.sub } }] } })).json()).items[0];
  return { cycleId: cycle.id as string, auditId: audit.id as string, moderationId: pair.id as string, planRef: audit.planRef as string };
}

function assertSane(res: Response, text: string, what: string) {
  assert.ok(res.status < 500 || res.status === 501, `${what} → ${res.status} ${text.slice(0, 300)}`); // 501: a feature not configured
  assert.doesNotMatch(text, /\n\s+at [\w$.<>]+ \(|node:internal|\.ts:\d+:\d+/, `${what}: a stack trace leaked`);
  if (res.status >= 400) {
    assert.equal(res.headers.get('content-type'), 'application/problem+json', `${what} → ${res.status} is problem+json`);
    const body = JSON.parse(text);
    assert.equal(body.status, res.status, what);
    assert.ok(typeof body.type === 'string' && body.type.startsWith('urn:ehcp-qa:problem:'), what);
    assert.ok(typeof body.title === 'string' && body.title !== 'Error', `${what}: ${res.status} has a title`);
  }
}

test(`fuzz: ${RUNS} random and malformed requests over every operation: never a 5xx, always problem+json, never another tenant's data`, async () => {
  const h = await harness({ logger: { error: () => {}, warn: () => {} } });
  try {
    const mine = await seed(h);
    const theirs = await seed({ ...h, la: h.other, other: h.la } as Harness);
    const doc = await (await h.call(null, 'GET', '/openapi.json')).json();
    const ops = operations(doc);
    assert.ok(ops.length >= 35, `${ops.length} operations`);
    const people = [...Object.values(h.la), ...Object.values(h.other)] as Person[];
    const badTokens = [
      'garbage', 'a.b.c', `${'x'.repeat(20_000)}.y.z`,
      await sign({ sub: 'u', tenant: 't', roles: ['admin'] }, SECRET, 'HS256'), // no exp
      await sign({ sub: 'u', tenant: 't', roles: ['admin'], exp: Math.floor(Date.now() / 1000) - 10 }, SECRET, 'HS256'),
      await sign({ sub: 'u', tenant: 't', roles: ['admin'], exp: Math.floor(Date.now() / 1000) + 60 }, 'another-secret-that-is-long-enough-012345', 'HS256'),
      `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"sub":"u","tenant":"t","roles":["admin"]}').toString('base64url')}.`,
    ];
    const ids = [mine.auditId, mine.cycleId, mine.moderationId, theirs.auditId, theirs.cycleId, theirs.moderationId, mine.planRef];
    const value = fc.oneof(
      fc.constantFrom(...ids, ...PAYLOADS, '', '0', '-1', '1e309', 'null', '%00', '%', '..%2F..%2Fetc%2Fpasswd', 'constructor', '__proto__', 'a'.repeat(5000)),
      fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 }),
    );
    const json = fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.record({ criteriaMet: fc.array(value, { maxLength: 4 }), grade: fc.oneof(value, fc.constant(null)), comment: value, overrideReason: value }, { requiredKeys: [] }),
      fc.record({ cycleId: fc.constantFrom(mine.cycleId, theirs.cycleId), assignments: fc.array(fc.record({ firstAuditId: fc.constantFrom(...ids), secondAuditor: fc.record({ id: value }) }), { maxLength: 3 }) }),
      fc.record({ format: fc.constantFrom('html', 'csv', 'pdf'), cycleId: fc.constantFrom(...ids) }, { requiredKeys: [] }),
      fc.record({ reason: value, context: value, recommendations: fc.dictionary(value, value, { maxKeys: 3 }), basis: value, confirmPlanRef: value }, { requiredKeys: [] }),
    );
    const request = fc.record({
      op: fc.constantFrom(...ops),
      params: fc.array(value, { minLength: 3, maxLength: 3 }),
      query: fc.dictionary(fc.oneof(fc.constantFrom('cycleId', 'status', 'limit', 'cursor', 'format', 'from', 'to', 'planRef', 'period', 'auditId', 'userId', 'for', 'frameworkId'), fc.string({ maxLength: 8 })), value, { maxKeys: 4 }),
      body: fc.oneof(json.map((j) => JSON.stringify(j)), fc.string({ maxLength: 60 }), fc.constant(undefined), fc.constant('{"a":'), fc.constant('x'.repeat(300_000))),
      who: fc.oneof(fc.constantFrom(...people), fc.constant(null), fc.constantFrom(...badTokens)),
      ifMatch: fc.oneof(fc.constant(undefined), fc.constantFrom('"1"', '"2"', '*', 'W/"3"', '"999999999999999999"', '', 'garbage')),
      contentType: fc.constantFrom('application/json', 'text/plain', 'application/problem+json', 'multipart/form-data', ''),
    });
    let count = 0;
    await fc.assert(fc.asyncProperty(request, async (r) => {
      count++;
      let path = r.op.path;
      r.op.params.forEach((name, i) => { path = path.replace(`{${name}}`, encodeURIComponent(String(r.params[i] ?? ''))); });
      const qs = new URLSearchParams(Object.entries(r.query).map(([k, v]) => [k, String(v)])).toString();
      const headers: Record<string, string> = {};
      if (r.ifMatch !== undefined) headers['if-match'] = r.ifMatch;
      if (r.body !== undefined && r.contentType) headers['content-type'] = r.contentType;
      let res: Response;
      if (typeof r.who === 'string') {
        res = await h.app.request(`/qa${path}${qs ? `?${qs}` : ''}`, { method: r.op.method, headers: { ...headers, authorization: `Bearer ${r.who}` }, ...(r.body !== undefined && r.op.method !== 'GET' ? { body: r.body } : {}) });
      } else {
        res = await h.call(r.who, r.op.method, `${path}${qs ? `?${qs}` : ''}`, { headers, ...(r.body !== undefined && r.op.method !== 'GET' ? { rawBody: r.body } : {}) });
      }
      const text = await res.text();
      const what = `${r.op.method} ${path}?${qs} as ${typeof r.who === 'string' ? 'bad token' : r.who ? `${r.who.tenant}/${r.who.roles}` : 'nobody'}`;
      assertSane(res, text, what);
      if (res.status < 300 && r.who && typeof r.who !== 'string') {
        const foreign = r.who.tenant === h.la.auditor.tenant ? theirs : mine;
        for (const id of [foreign.auditId, foreign.moderationId]) assert.ok(!text.includes(id), `${what} answered another tenant's ${id}`);
      }
    }), { numRuns: RUNS, seed: Number(process.env.HARDENING_SEED ?? 20261127), endOnFailure: true });
    assert.equal(count, RUNS);
  } finally {
    await h.close();
  }
});

test('script and formula payloads in every free-text field come back inert: escaped in the printable report, defused in the CSV', async () => {
  const h = await harness();
  try {
    const cycle = await (await h.call(h.la.manager, 'POST', '/cycles', { body: { name: PAYLOADS[0], startDate: '2026-09-01', endDate: '2026-12-18' } })).json();
    const audit = await (await h.call(h.la.auditor, 'POST', '/audits', { body: newAudit({ cycleId: cycle.id }) })).json();
    let v = audit.version;
    // A NUL character (U+0000) is refused at the edge (storages such as PostgreSQL cannot hold it): a 422
    // naming the field and nothing written. Every other payload is stored as it is.
    const withNul = PAYLOADS.filter((p) => p.includes('\u0000'));
    assert.ok(withNul.length > 0, 'the payloads include a NUL character');
    for (const payload of withNul) {
      const res = await h.call(h.la.auditor, 'PUT', `/audits/${audit.id}/sections/${ehcpPlanV1.sections[0]!.id}`, { ifMatch: v, body: { criteriaMet: [], grade: 'good', overrideReason: payload, comment: payload } });
      assert.equal(res.status, 422, await res.clone().text());
      assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
      const problem = await res.json();
      assert.deepEqual(problem.errors.map((e: { field: string }) => e.field), ['overrideReason']);
      assert.equal((await (await h.call(h.la.auditor, 'GET', `/audits/${audit.id}`)).json()).version, v, 'nothing was written');
    }
    const stored = PAYLOADS.filter((p) => !p.includes('\u0000'));
    for (const [i, s] of ehcpPlanV1.sections.entries()) {
      const payload = stored[i % stored.length]!;
      const res = await h.call(h.la.auditor, 'PUT', `/audits/${audit.id}/sections/${s.id}`, { ifMatch: v, body: { criteriaMet: [], grade: 'good', overrideReason: payload, comment: payload } });
      assert.equal(res.status, 200, await res.clone().text());
      v = (await res.json()).version;
    }
    assert.equal((await h.call(h.la.auditor, 'POST', `/audits/${audit.id}/complete`, { ifMatch: v })).status, 200);
    const narrative = await h.call(h.la.manager, 'PUT', `/cycles/${cycle.id}/narrative`, { ifMatch: 0, body: { context: stored.join(' '), recommendations: { F: stored[1]! } } });
    assert.equal(narrative.status, 200);
    const html = await (await h.call(h.la.manager, 'GET', `/reports/export?format=html&cycleId=${cycle.id}`)).text();
    for (const payload of stored.filter((p) => /[<>"]/.test(p))) assert.ok(!html.includes(payload), `${payload} appears unescaped in the printable report`);
    assert.doesNotMatch(html, /<script[\s>]/i, 'no script element at all');
    assert.ok(html.includes('&lt;script&gt;'), 'the payload is shown, escaped');
    const csv = await (await h.call(h.la.manager, 'GET', `/reports/export?format=csv&cycleId=${cycle.id}`)).text();
    for (const cell of csv.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)|\n/)) {
      const raw = cell.startsWith('"') ? cell.slice(1, -1).replace(/""/g, '"') : cell;
      assert.ok(!/^[=+\-@\t\r]/.test(raw) || /^-?\d/.test(raw), `CSV cell ${JSON.stringify(raw)} would run as a formula`);
    }
  } finally {
    await h.close();
  }
});
