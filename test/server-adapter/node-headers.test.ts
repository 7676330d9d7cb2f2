// Request headers over real HTTP (serveQa, @hono/node-server) and through app.request give the same
// answers. Under @hono/node-server the adapter reads the few headers it needs (authorization,
// content-type, if-match, and the size of them all) from the Node request's raw lines rather than
// building web Headers (server-adapter/node-request.ts); the answers must be the Headers' own: a name
// sent on several lines is all of them joined with ", ", in any case of the name. And a host whose
// middleware changed the Headers before the adapter ran must have its change seen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createQaApp, jwtAuth, serveQa, signQaToken } from 'ehcp-qa/server';
import { createSqliteStorage } from 'ehcp-qa/storage/sqlite';
import { goodCriteria, newAudit, SECRET } from './helpers.js';

const tenant = 'la-headers';
const auditor = { sub: 'aud-headers', tenant, roles: ['auditor' as const] };
const MAX_HEADERS = 600;

interface Answer { status: number; body: string }

/** One request over a raw socket, its header lines exactly as given (names in their case, repeated names on lines of their own). */
function rawRequest(url: string, method: string, path: string, lines: [string, string][], body = ''): Promise<Answer> {
  const { hostname, port, pathname } = new URL(url);
  const bytes = Buffer.from(body);
  const head = [`${method} ${pathname.replace(/\/$/, '')}${path} HTTP/1.1`, `Host: ${hostname}:${port}`, 'Connection: close', ...lines.map(([k, v]) => `${k}: ${v}`), `Content-Length: ${bytes.length}`, '', ''].join('\r\n');
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.write(Buffer.concat([Buffer.from(head), bytes])));
    const parts: Buffer[] = [];
    socket.on('data', (d: Buffer) => parts.push(d));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(parts).toString('utf8');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1]);
      const rest = text.slice(text.indexOf('\r\n\r\n') + 4);
      // Chunked or not, the tests compare the JSON text only.
      const json = /\{[\s\S]*\}/.exec(rest)?.[0] ?? '';
      resolve({ status, body: json });
    });
  });
}

/** The same request through app.request, its lines appended one by one to web Headers. */
async function webRequest(app: Hono, method: string, path: string, lines: [string, string][], body = ''): Promise<Answer> {
  const headers = new Headers();
  for (const [k, v] of lines) headers.append(k, v);
  const res = await app.request(path, { method, headers, ...(method === 'GET' ? {} : { body }) });
  return { status: res.status, body: await res.text() };
}

/** The answer with what differs by nature between the two databases (ids, times) taken out */
// (and the total of the headers, as a socket sends Host, Connection and Content-Length that app.request does not).
const comparable = (answer: Answer, id: string) => ({
  status: answer.status,
  body: answer.body.replaceAll(id, '<id>').replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, '<time>').replace(/take \d+ bytes/, 'take <n> bytes'),
});

test('headers read from the Node request answer as the web Headers do: repeated names, any case, the size limit', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ehcp-qa-headers-'));
  const httpStorage = await createSqliteStorage({ filename: join(dir, 'http.sqlite') });
  const webStorage = await createSqliteStorage({ filename: join(dir, 'web.sqlite') });
  const qa = await serveQa({ port: 0, hostname: '127.0.0.1', storage: httpStorage, jwtSecret: SECRET, maxHeaderBytes: MAX_HEADERS });
  const app = new Hono();
  app.route('/', createQaApp({ storage: webStorage, auth: jwtAuth({ secret: SECRET }), maxHeaderBytes: MAX_HEADERS }));
  try {
    const token = await signQaToken(auditor, SECRET);
    const bearer = `Bearer ${token}`;
    const create = JSON.stringify(newAudit());
    const json: [string, string] = ['Content-Type', 'application/json'];
    const made = await rawRequest(qa.url, 'POST', '/audits', [['Authorization', bearer], json], create);
    assert.equal(made.status, 201, made.body);
    const onHttp = JSON.parse(made.body) as { id: string };
    const onWeb = JSON.parse((await webRequest(app, 'POST', '/audits', [['Authorization', bearer], json], create)).body) as { id: string };
    const save = JSON.stringify({ criteriaMet: goodCriteria('B'), grade: 'good' });
    const cases: [string, 'GET' | 'PUT', (id: string) => string, [string, string][], string, number][] = [
      ['the token on two lines (joined: not one token)', 'GET', (id) => `/audits/${id}`, [['Authorization', bearer], ['authorization', bearer]], '', 401],
      ['the token under a name in capitals', 'GET', (id) => `/audits/${id}`, [['AUTHORIZATION', bearer]], '', 200],
      ['If-Match on two lines (joined: not one version)', 'PUT', (id) => `/audits/${id}/sections/B`, [['Authorization', bearer], json, ['If-Match', '"1"'], ['if-match', '"1"']], save, 428],
      ['Content-Type on two lines (joined: not JSON)', 'PUT', (id) => `/audits/${id}/sections/B`, [['Authorization', bearer], json, ['content-type', 'application/json'], ['If-Match', '"1"']], save, 415],
      // 50 lines of 8 bytes each, counted line by line, pass the limit; joined into one header, as the Headers count them, they do not.
      ['a name repeated on many short lines, within the limit once joined', 'GET', (id) => `/audits/${id}`, [['Authorization', bearer], ...Array.from({ length: 50 }, (): [string, string] => ['x-a', 'v'])], '', 200],
      ['headers over the limit', 'GET', (id) => `/audits/${id}`, [['Authorization', bearer], ['x-padding', 'p'.repeat(MAX_HEADERS)]], '', 431],
      ['a save with If-Match in capitals', 'PUT', (id) => `/audits/${id}/sections/B`, [['Authorization', bearer], ['CONTENT-TYPE', 'application/json'], ['IF-MATCH', '"1"']], save, 200],
    ];
    for (const [label, method, path, lines, body, status] of cases) {
      const viaHttp = await rawRequest(qa.url, method, path(onHttp.id), lines, body);
      const viaApp = await webRequest(app, method, path(onWeb.id), lines, body);
      assert.equal(viaHttp.status, status, `${label} over HTTP: ${viaHttp.body}`);
      assert.deepEqual(comparable(viaHttp, onHttp.id), comparable(viaApp, onWeb.id), label);
    }
  } finally {
    await qa.close();
    await Promise.all([httpStorage.close(), webStorage.close()] as Promise<void>[]);
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a host's middleware that changes the request's headers before the adapter runs is seen over real HTTP", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ehcp-qa-headers-'));
  const storage = await createSqliteStorage({ filename: join(dir, 'qa.sqlite') });
  const token = await signQaToken(auditor, SECRET);
  const host = new Hono();
  // A host that signs its users in with a session of its own and hands the adapter a bearer token (the lightweight
  // request of @hono/node-server lets its Headers be changed).
  host.use('/qa/*', async (c, next) => {
    if (c.req.header('x-session') === 'ok') c.req.raw.headers.set('authorization', `Bearer ${token}`);
    await next();
  });
  host.route('/qa', createQaApp({ storage, auth: jwtAuth({ secret: SECRET }) }));
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: host.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  try {
    const address = server.address() as net.AddressInfo;
    const url = `http://127.0.0.1:${address.port}`;
    const listed = await rawRequest(url, 'GET', '/qa/audits', [['X-Session', 'ok']]);
    assert.equal(listed.status, 200, listed.body);
    const refused = await rawRequest(url, 'GET', '/qa/audits', [['X-Session', 'no']]);
    assert.equal(refused.status, 401, refused.body);
  } finally {
    await new Promise((resolve) => server.close(resolve));
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
