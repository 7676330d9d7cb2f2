// Request bodies over real HTTP (serveQa) and through app.request give the same answers. Under
// @hono/node-server the adapter reads a body straight from the Node request; everywhere else it
// reads the web Request. The size limit (with and without Content-Length), empty, malformed and
// non-JSON bodies, NUL characters, a byte order mark, bytes that are not UTF-8, and a handler that
// reads the body a second time must not tell the two apart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import * as z from 'zod';
import { createQaApp, defineOperation, jwtAuth, serveQa, signQaToken, type QaStorage } from 'ehcp-qa/server';
import { createSqliteStorage } from 'ehcp-qa/storage/sqlite';
import { goodCriteria, newAudit, SECRET } from './helpers.js';

const LIMIT = 4096;

/** A host's operation that reads the body again in its handler, as importPublishedBenchmark does. */
const echo = defineOperation({
  operationId: 'echoBodyTwice',
  method: 'post',
  path: '/test-echo',
  summary: 'Test only: the body as validated, and as read again by the handler',
  tags: ['test'],
  roles: 'any-user',
  body: z.strictObject({ text: z.string() }),
  responses: { 200: { description: 'The body, three ways' } },
  async handler({ c, body }) {
    return { status: 200, body: { validated: body.text, text: await c.req.text(), json: await c.req.json() } };
  },
});

interface Sent { method: string; path: string; headers?: Record<string, string>; chunks: Buffer[]; chunked?: boolean; token?: boolean }
interface Answer { status: number; type: string | null; body: unknown }

const tenant = 'la-bodies';
const auditor = { sub: 'aud-bodies', tenant, roles: ['auditor' as const] };

async function setUp() {
  const dir = mkdtempSync(join(tmpdir(), 'ehcp-qa-bodies-'));
  const token = await signQaToken(auditor, SECRET);
  const httpStorage = await createSqliteStorage({ filename: join(dir, 'http.sqlite') });
  const webStorage = await createSqliteStorage({ filename: join(dir, 'web.sqlite') });
  const qa = await serveQa({ port: 0, hostname: '127.0.0.1', basePath: '/qa', storage: httpStorage, jwtSecret: SECRET, bodyLimitBytes: LIMIT, operations: [echo] });
  const app = new Hono();
  app.route('/qa', createQaApp({ storage: webStorage, auth: jwtAuth({ secret: SECRET }), bodyLimitBytes: LIMIT, operations: [echo] }));

  const overHttp = (s: Sent) =>
    new Promise<Answer>((resolve, reject) => {
      const headers: Record<string, string | number> = { ...s.headers };
      if (s.token !== false) headers.authorization = `Bearer ${token}`;
      const whole = Buffer.concat(s.chunks);
      if (!s.chunked) headers['content-length'] = whole.length;
      const req = http.request(`${qa.url}${s.path}`, { method: s.method, headers }, (res) => {
        const parts: Buffer[] = [];
        res.on('data', (d: Buffer) => parts.push(d));
        res.on('end', () => resolve({ status: res.statusCode!, type: res.headers['content-type'] ?? null, body: JSON.parse(Buffer.concat(parts).toString('utf8')) }));
        res.on('error', reject);
      });
      req.on('error', reject);
      if (s.chunked) {
        // One write per chunk, no Content-Length: sent with Transfer-Encoding: chunked, each chunk as it is written.
        for (const chunk of s.chunks) req.write(chunk);
        req.end();
      } else req.end(whole);
    });
  const throughApp = async (s: Sent): Promise<Answer> => {
    const headers: Record<string, string> = { ...s.headers };
    if (s.token !== false) headers.authorization = `Bearer ${token}`;
    const body = s.chunked
      ? new ReadableStream<Uint8Array>({ start(controller) { for (const chunk of s.chunks) controller.enqueue(new Uint8Array(chunk)); controller.close(); } })
      : new Uint8Array(Buffer.concat(s.chunks));
    const res = await app.request(`/qa${s.path}`, { method: s.method, headers, body, duplex: 'half' } as RequestInit);
    return { status: res.status, type: res.headers.get('content-type'), body: await res.json() };
  };
  return {
    overHttp, throughApp,
    async audits(): Promise<[{ id: string; version: number }, { id: string; version: number }]> {
      const create = JSON.stringify(newAudit());
      const a = (await overHttp({ method: 'POST', path: '/audits', headers: { 'content-type': 'application/json' }, chunks: [Buffer.from(create)] })).body as { id: string; version: number };
      const b = (await throughApp({ method: 'POST', path: '/audits', headers: { 'content-type': 'application/json' }, chunks: [Buffer.from(create)] })).body as { id: string; version: number };
      return [a, b];
    },
    async close() {
      await qa.close();
      await Promise.all([httpStorage.close(), webStorage.close()] as Promise<void>[]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The answer with what differs by nature between the two databases (ids, times) taken out. */
function comparable(answer: Answer, id: string): unknown {
  return JSON.parse(JSON.stringify(answer).replaceAll(id, '<id>').replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, '<time>'));
}

test('bodies over real HTTP and through app.request: the same limit, the same refusals, the same text', async () => {
  const s = await setUp();
  try {
    const [onHttp, onWeb] = await s.audits();
    assert.equal(onHttp.version, 1);
    const json = { 'content-type': 'application/json' };
    const save = (version: number, more: Partial<Sent>) => (id: string): Sent =>
      ({ method: 'PUT', path: `/audits/${id}/sections/B`, headers: { ...json, 'if-match': `"${version}"` }, chunks: [], ...more, ...(more.headers ? { headers: { ...json, 'if-match': `"${version}"`, ...more.headers } } : {}) });
    const good = { criteriaMet: goodCriteria('B'), grade: 'good' };
    const big = Buffer.from(JSON.stringify({ ...good, comment: 'x'.repeat(LIMIT) }));
    // Refused, nothing written: each is sent both ways and must get the same answer.
    const refusals: [string, (id: string) => Sent, number][] = [
      ['malformed JSON', save(1, { chunks: [Buffer.from('{"criteriaMet": [')] }), 400],
      ['text/plain', save(1, { headers: { 'content-type': 'text/plain' }, chunks: [Buffer.from(JSON.stringify(good))] }), 415],
      ['no body', save(1, { chunks: [] }), 400],
      ['white space only', save(1, { chunks: [Buffer.from(' \n\t ')] }), 400],
      ['over the limit, with Content-Length', save(1, { chunks: [big] }), 413],
      ['over the limit, chunked', save(1, { chunks: [big.subarray(0, 1000), big.subarray(1000, 3000), big.subarray(3000)], chunked: true }), 413],
      ['over the limit, before sign-in', save(1, { chunks: [big], token: false }), 413],
      ['over the limit by one byte', save(1, { chunks: [big.subarray(0, LIMIT + 1)] }), 413],
      ['over the limit by one byte, before sign-in', save(1, { chunks: [big.subarray(0, LIMIT + 1)], token: false }), 413],
      ['over the limit by one byte, chunked, before sign-in', save(1, { chunks: [big.subarray(0, LIMIT), big.subarray(LIMIT, LIMIT + 1)], chunked: true, token: false }), 413],
      ['a NUL character', save(1, { chunks: [Buffer.from(JSON.stringify({ ...good, comment: 'a\u0000b' }))] }), 422],
      ['a NUL character in a key', save(1, { chunks: [Buffer.from(JSON.stringify({ ...good, ['k\u0000']: 1 }))] }), 422],
      ['an unknown field', save(1, { chunks: [Buffer.from(JSON.stringify({ ...good, colour: 'red' }))] }), 422],
      ['an array', save(1, { chunks: [Buffer.from('[1]')] }), 422],
      ['a stale If-Match', save(7, { chunks: [Buffer.from(JSON.stringify(good))] }), 412],
    ];
    for (const [label, request, status] of refusals) {
      const viaHttp = await s.overHttp(request(onHttp.id));
      const viaApp = await s.throughApp(request(onWeb.id));
      assert.equal(viaHttp.status, status, `${label} over HTTP: ${JSON.stringify(viaHttp.body)}`);
      assert.equal(viaHttp.type, 'application/problem+json', label);
      assert.deepEqual(comparable(viaHttp, onHttp.id), comparable(viaApp, onWeb.id), label);
    }
    // Exactly at the limit is accepted (the 413 above is for one byte more).
    const atLimit = Buffer.from(JSON.stringify({ ...good, comment: '' }));
    const padded = Buffer.concat([atLimit.subarray(0, -1), Buffer.from(' '.repeat(LIMIT - atLimit.length)), atLimit.subarray(-1)]);
    assert.equal(padded.length, LIMIT);

    // Accepted: a byte order mark, bytes that are not UTF-8 (replaced), a character split across chunks,
    // and an escaped backslash before "u0000" (text, not a NUL). Both ways store the same comment.
    const bytes = Buffer.concat([
      Buffer.from('\ufeff'),
      Buffer.from(JSON.stringify({ ...good, comment: 'QQ' }).split('QQ')[0]!),
      Buffer.from([0xff, 0x41, 0xc3]), Buffer.from('\\\\u0000 é £ 😀'),
      Buffer.from(JSON.stringify({ ...good, comment: 'QQ' }).split('QQ')[1]!),
    ]);
    const cut = bytes.indexOf(Buffer.from('😀')) + 2; // inside the four bytes of the emoji
    const accepted: [string, (id: string) => Sent][] = [
      ['at the limit', save(1, { chunks: [padded] })],
      ['odd bytes, chunked', save(2, { chunks: [bytes.subarray(0, 5), bytes.subarray(5, cut), bytes.subarray(cut)], chunked: true })],
      ['odd bytes, with Content-Length', save(3, { chunks: [bytes], headers: { 'content-type': 'application/json; charset=utf-8' } })],
    ];
    for (const [label, request] of accepted) {
      const viaHttp = await s.overHttp(request(onHttp.id));
      const viaApp = await s.throughApp(request(onWeb.id));
      assert.equal(viaHttp.status, 200, `${label} over HTTP: ${JSON.stringify(viaHttp.body)}`);
      assert.deepEqual(comparable(viaHttp, onHttp.id), comparable(viaApp, onWeb.id), label);
    }
    const comment = ((await s.overHttp({ method: 'GET', path: `/audits/${onHttp.id}`, chunks: [] })).body as { sections: Record<string, { comment: string }> }).sections.B!.comment;
    assert.equal(comment, '\ufffdA\ufffd\\u0000 é £ 😀');

    // A handler that reads the body again gets the same text, both ways.
    const text = '{"text":"twice \\u00e9"}';
    for (const chunked of [false, true]) {
      const request: Sent = { method: 'POST', path: '/test-echo', headers: json, chunks: [Buffer.from(text.slice(0, 9)), Buffer.from(text.slice(9))], chunked };
      const viaHttp = await s.overHttp(request);
      assert.equal(viaHttp.status, 200, JSON.stringify(viaHttp.body));
      assert.deepEqual(viaHttp.body, { validated: 'twice é', text, json: { text: 'twice é' } });
      assert.deepEqual(viaHttp, await s.throughApp(request));
    }
  } finally {
    await s.close();
  }
});
