// Sign-in (issue 12, items 6 and 7): tokens must expire and not live too long, iss/aud
// are checked when configured, and asymmetric tokens (RS256, ES256) are verified with the
// keys of an OpenID Connect provider's JWKS, served here by a real local HTTP server with
// keys generated in the test, refreshed on an unknown kid, with claim mapping.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { webcrypto } from 'node:crypto';
import { Hono } from 'hono';
import { sign } from 'hono/jwt';
import { createMemoryStorage, createQaApp, jwtAuth, type QaAuth } from 'ehcp-qa/server';
import { newAudit, SECRET } from './helpers.js';

const { subtle } = webcrypto;
const now = () => Math.floor(Date.now() / 1000);

function appWith(auth: QaAuth) {
  const app = new Hono();
  app.route('/qa', createQaApp({ storage: createMemoryStorage(), auth }));
  return app;
}

async function status(app: Hono, token: string, path = '/qa/cycles'): Promise<number> {
  return (await app.request(path, { headers: { authorization: `Bearer ${token}` } })).status;
}

const claims = { sub: 'u-1', tenant: 'la-auth', roles: ['manager'] };

test('item 6: a token without exp is refused; so is one that lives longer than the maximum (default 12 hours, configurable)', async () => {
  const app = appWith(jwtAuth({ secret: SECRET }));
  assert.equal(await status(app, await sign({ ...claims }, SECRET, 'HS256')), 401, 'no exp: refused (it never expired before)');
  assert.equal(await status(app, await sign({ ...claims, iat: now() }, SECRET, 'HS256')), 401);
  assert.equal(await status(app, await sign({ ...claims, iat: now(), exp: now() + 11 * 3600 }, SECRET, 'HS256')), 200);
  assert.equal(await status(app, await sign({ ...claims, iat: now(), exp: now() + 13 * 3600 }, SECRET, 'HS256')), 401, '13 hours is over the default maximum');
  assert.equal(await status(app, await sign({ ...claims, exp: now() + 13 * 3600 }, SECRET, 'HS256')), 401, 'without iat, the remaining lifetime counts');
  assert.equal(await status(app, await sign({ ...claims, iat: now() - 7200, exp: now() - 10 * 60 }, SECRET, 'HS256')), 401, 'expired');
  assert.equal(await status(app, await sign({ ...claims, iat: now() + 3600, exp: now() + 7200 }, SECRET, 'HS256')), 401, 'issued in the future');
  assert.equal(await status(app, await sign({ ...claims, nbf: now() + 3600, exp: now() + 7200 }, SECRET, 'HS256')), 401, 'not yet valid');
  assert.equal(await status(app, await sign({ ...claims, iat: now(), exp: '9999999999' as unknown as number }, SECRET, 'HS256')), 401, 'exp must be a number');
  const short = appWith(jwtAuth({ secret: SECRET, maxLifetimeSeconds: 3600 }));
  assert.equal(await status(short, await sign({ ...claims, iat: now(), exp: now() + 7200 }, SECRET, 'HS256')), 401);
  assert.equal(await status(short, await sign({ ...claims, iat: now(), exp: now() + 1800 }, SECRET, 'HS256')), 200);
  assert.throws(() => jwtAuth({ secret: SECRET, maxLifetimeSeconds: 0 }));
});

test('item 6: iss and aud, when set, must match', async () => {
  const app = appWith(jwtAuth({ secret: SECRET, issuer: 'https://idp.example', audience: 'ehcp-qa' }));
  const base = { ...claims, iat: now(), exp: now() + 600 };
  assert.equal(await status(app, await sign({ ...base, iss: 'https://idp.example', aud: 'ehcp-qa' }, SECRET, 'HS256')), 200);
  assert.equal(await status(app, await sign({ ...base, iss: 'https://idp.example', aud: ['other', 'ehcp-qa'] }, SECRET, 'HS256')), 200);
  assert.equal(await status(app, await sign({ ...base, aud: 'ehcp-qa' }, SECRET, 'HS256')), 401, 'no iss');
  assert.equal(await status(app, await sign({ ...base, iss: 'https://evil.example', aud: 'ehcp-qa' }, SECRET, 'HS256')), 401, 'wrong iss');
  assert.equal(await status(app, await sign({ ...base, iss: 'https://idp.example' }, SECRET, 'HS256')), 401, 'no aud');
  assert.equal(await status(app, await sign({ ...base, iss: 'https://idp.example', aud: 'another-api' }, SECRET, 'HS256')), 401, 'wrong aud');
  assert.throws(() => jwtAuth({ secret: SECRET, audience: [] }), /audience/);
  assert.throws(() => jwtAuth({ secret: SECRET, issuer: '' }), /issuer/);
  // Without the options, iss and aud are not required.
  assert.equal(await status(appWith(jwtAuth({ secret: SECRET })), await sign(base, SECRET, 'HS256')), 200);
});

// ── JWKS ──

interface TestKey { kid: string; alg: 'RS256' | 'ES256'; publicJwk: JsonWebKey; privateJwk: JsonWebKey & { kid: string; alg: string } }

async function generate(kid: string, alg: 'RS256' | 'ES256'): Promise<TestKey> {
  const params = alg === 'RS256'
    ? { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }
    : { name: 'ECDSA', namedCurve: 'P-256' };
  const pair = await subtle.generateKey(params, true, ['sign', 'verify']) as CryptoKeyPair;
  const publicJwk = { ...(await subtle.exportKey('jwk', pair.publicKey)), kid, use: 'sig' } as JsonWebKey;
  const privateJwk = { ...(await subtle.exportKey('jwk', pair.privateKey)), kid, alg };
  return { kid, alg, publicJwk, privateJwk };
}

const served: { keys: JsonWebKey[]; fetches: number } = { keys: [], fetches: 0 };
let server: http.Server;
let jwksUrl: string;

before(async () => {
  server = http.createServer((req, res) => {
    if (req.url !== '/discovery/v2.0/keys') { res.writeHead(404).end(); return; }
    served.fetches++;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: served.keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/discovery/v2.0/keys`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

const TID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const ISSUER = `https://login.microsoftonline.com/${TID}/v2.0`;
const entra = { iss: ISSUER, aud: 'api://ehcp-qa', oid: '00000000-0000-0000-0000-0000000000a1', tid: TID, roles: ['QA.Auditor'], name: 'Sam Patel' };
const entraOptions = {
  issuer: ISSUER,
  audience: 'api://ehcp-qa',
  claims: { userId: 'oid', tenant: 'tid', roles: 'roles' },
  roleMap: { 'QA.Auditor': 'auditor', 'QA.Moderator': 'moderator', 'QA.Manager': 'manager', 'QA.Admin': 'admin' },
} as const;

async function createAuditAs(app: Hono, token: string): Promise<Response> {
  return app.request('/qa/audits', { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(newAudit()) });
}

test('item 7: RS256 and ES256 tokens verified with the provider\'s JWKS, with Entra claims mapped to the QA user', async () => {
  const rsa = await generate('rsa-1', 'RS256');
  const ec = await generate('ec-1', 'ES256');
  served.keys = [rsa.publicJwk, ec.publicJwk];
  const app = appWith(jwtAuth({ jwksUrl, ...entraOptions, jwksRefreshCooldownSeconds: 0 }));
  const times = { iat: now(), exp: now() + 3600 };
  for (const key of [rsa, ec]) {
    const res = await createAuditAs(app, await sign({ ...entra, ...times }, key.privateJwk));
    assert.equal(res.status, 201, `${key.alg}: ${await res.clone().text()}`);
    assert.equal((await res.json()).auditorId, entra.oid, 'the user id comes from oid');
  }
  // The tenant comes from tid: another tid is another LA and sees nothing of this one.
  const listed = await (await app.request('/qa/audits', { headers: { authorization: `Bearer ${await sign({ ...entra, ...times, tid: '11111111-2222-3333-4444-555555555555' }, rsa.privateJwk)}` } })).json();
  assert.deepEqual(listed.items, []);
  // Roles are mapped: an unmapped provider role gives no QA role (403 on a role-protected operation).
  assert.equal((await createAuditAs(app, await sign({ ...entra, ...times, roles: ['Something.Else'] }, rsa.privateJwk))).status, 403);
  // iss, aud, exp and lifetime are checked as for HS256.
  assert.equal((await createAuditAs(app, await sign({ ...entra, ...times, iss: 'https://login.example/other' }, rsa.privateJwk))).status, 401);
  assert.equal((await createAuditAs(app, await sign({ ...entra, ...times, aud: 'api://another' }, rsa.privateJwk))).status, 401);
  const { exp: _exp, ...noExp } = { ...entra, ...times };
  assert.equal((await createAuditAs(app, await sign(noExp, rsa.privateJwk))).status, 401);
  assert.equal((await createAuditAs(app, await sign({ ...entra, iat: now(), exp: now() + 24 * 3600 }, rsa.privateJwk))).status, 401);
});

test('item 7: forged, confused and unknown keys are refused', async () => {
  const rsa = await generate('rsa-2', 'RS256');
  const ec = await generate('ec-2', 'ES256');
  const impostor = await generate('rsa-2', 'RS256'); // same kid, different key
  served.keys = [rsa.publicJwk, ec.publicJwk];
  const app = appWith(jwtAuth({ jwksUrl, ...entraOptions }));
  const payload = { ...entra, iat: now(), exp: now() + 3600 };
  assert.equal((await createAuditAs(app, await sign(payload, rsa.privateJwk))).status, 201);
  assert.equal((await createAuditAs(app, await sign(payload, impostor.privateJwk))).status, 401, 'signature by another key');
  // HS256 signed with the RSA key's public modulus as a secret (algorithm confusion), and alg "none".
  const hsHeader = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid: 'rsa-2' })).toString('base64url');
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  const hmacKey = await subtle.importKey('raw', new TextEncoder().encode(String(rsa.publicJwk.n)), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const hsSig = Buffer.from(await subtle.sign('HMAC', hmacKey, new TextEncoder().encode(`${hsHeader}.${body}`))).toString('base64url');
  assert.equal((await createAuditAs(app, `${hsHeader}.${body}.${hsSig}`)).status, 401, 'HS256 is never accepted from a JWKS');
  const noneHeader = Buffer.from(JSON.stringify({ alg: 'none', kid: 'rsa-2' })).toString('base64url');
  assert.equal((await createAuditAs(app, `${noneHeader}.${body}.x`)).status, 401);
  // An ES256 header naming the RSA key's kid.
  const ecAsRsa = { ...ec.privateJwk, kid: 'rsa-2' };
  assert.equal((await createAuditAs(app, await sign(payload, ecAsRsa))).status, 401, 'a key type that does not fit the algorithm');
  // Only the algorithms allowed.
  const rsOnly = appWith(jwtAuth({ jwksUrl, ...entraOptions, algorithms: ['RS256'] }));
  assert.equal((await createAuditAs(rsOnly, await sign(payload, ec.privateJwk))).status, 401);
  assert.equal((await createAuditAs(rsOnly, await sign(payload, rsa.privateJwk))).status, 201);
  assert.throws(() => jwtAuth({ jwksUrl: 'http://idp.example/keys' }), /https/);
  assert.throws(() => jwtAuth({ jwksUrl, algorithms: ['HS256' as 'RS256'] }));
});

test('item 7: keys are cached, refetched when a token names an unknown kid (key rotation), and not refetched for every bad kid', async () => {
  const first = await generate('rot-1', 'RS256');
  served.keys = [first.publicJwk];
  served.fetches = 0;
  const app = appWith(jwtAuth({ jwksUrl, ...entraOptions, jwksRefreshCooldownSeconds: 0 }));
  const payload = () => ({ ...entra, iat: now(), exp: now() + 3600 });
  assert.equal((await createAuditAs(app, await sign(payload(), first.privateJwk))).status, 201);
  assert.equal((await createAuditAs(app, await sign(payload(), first.privateJwk))).status, 201);
  assert.equal(served.fetches, 1, 'the keys are cached');
  // The provider rotates: a new key appears; a token signed with it makes the adapter fetch again.
  const second = await generate('rot-2', 'ES256');
  served.keys = [first.publicJwk, second.publicJwk];
  assert.equal((await createAuditAs(app, await sign(payload(), second.privateJwk))).status, 201);
  assert.equal(served.fetches, 2);

  // With the default cooldown, a stream of tokens naming unknown kids causes at most one fetch.
  served.fetches = 0;
  const guarded = appWith(jwtAuth({ jwksUrl, ...entraOptions }));
  assert.equal((await createAuditAs(guarded, await sign(payload(), first.privateJwk))).status, 201);
  for (let i = 0; i < 5; i++) {
    const stranger = await generate(`unknown-${i}`, 'RS256');
    assert.equal((await createAuditAs(guarded, await sign(payload(), stranger.privateJwk))).status, 401);
  }
  assert.equal(served.fetches, 1, 'unknown kids within the cooldown do not refetch');
});
