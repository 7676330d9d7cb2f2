// The server under load: `serveQa` on a prepared SQLite file, exactly as a host
// would start it (JWT auth, SQLite with the adapter's own settings), plus, on the
// same HTTP server, a bare Hono route returning the very JSON of a getAudit answer
// (the ceiling our routes are compared with) and a bare PUT route that also reads
// and parses a save's body (the floor under saveSection).
//
// Started by load.mjs and startup-memory.mjs, which read one line `READY {json}`.
// Env: QA_SQLITE_FILE, QA_JWT_SECRET, BENCH_TENANT, BENCH_AUDITOR, BENCH_AUDIT_ID.
import { getRequestListener } from '@hono/node-server';
import { Hono } from 'hono';
import { serveQa, signQaToken, qaOperations } from 'ehcp-qa/server';

const startedAt = performance.now();
const qa = await serveQa({ port: 0, hostname: '127.0.0.1' });
const token = await signQaToken({ sub: process.env.BENCH_AUDITOR ?? 'bench-auditor', tenant: process.env.BENCH_TENANT ?? 'la-bench', roles: ['auditor', 'manager'] }, process.env.QA_JWT_SECRET, { expiresInSeconds: 6 * 3600 });

// The ceiling answers with the very JSON of a getAudit response (same size, same shape).
const sample = await fetch(`${qa.url}/audits/${process.env.BENCH_AUDIT_ID}`, { headers: { authorization: `Bearer ${token}` } });
if (!sample.ok) throw new Error(`getAudit for the ceiling sample answered ${sample.status}: ${await sample.text()}`);
const sampleText = await sample.text();
const payload = JSON.parse(sampleText);
const bare = new Hono();
bare.get('/ceiling', (c) => c.json(payload));
// The floor under saveSection: a bare Hono PUT route that reads the JSON body straight from Node's request (as the
// adapter does), parses it and answers the same JSON with an ETag, with no auth, checks or storage behind it.
const bodyOf = (incoming) => new Promise((resolve, reject) => {
  const chunks = [];
  incoming.on('data', (chunk) => chunks.push(chunk));
  incoming.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  incoming.on('error', reject);
});
bare.put('/save-floor', async (c) => {
  JSON.parse(await bodyOf(c.env.incoming));
  c.header('etag', '"1"');
  return c.json(payload);
});
// For the read cache's bound (load.mjs): live heap after a full garbage collection, when started with --expose-gc.
bare.get('/bench-memory', (c) => {
  if (typeof globalThis.gc === 'function') { globalThis.gc(); globalThis.gc(); }
  return c.json({ collected: typeof globalThis.gc === 'function', ...process.memoryUsage() });
});
// Mounted on serveQa's own HTTP server: requests for /ceiling go to the bare app,
// everything else to the adapter's listener, so both share one socket and process.
const adapterListeners = qa.server.listeners('request');
if (adapterListeners.length !== 1) throw new Error(`serveQa's server has ${adapterListeners.length} request listeners; expected 1`);
const bareListener = getRequestListener(bare.fetch);
qa.server.removeAllListeners('request');
qa.server.on('request', (req, res) => (req.url === '/ceiling' || req.url === '/save-floor' || req.url === '/bench-memory' ? bareListener(req, res) : adapterListeners[0].call(qa.server, req, res)));

const path = (operationId) => qaOperations.find((o) => o.operationId === operationId)?.path ?? null;
console.log(`READY ${JSON.stringify({
  pid: process.pid,
  qaUrl: qa.url,
  ceilingUrl: `${new URL(qa.url).origin}/ceiling`,
  saveFloorUrl: `${new URL(qa.url).origin}/save-floor`,
  token,
  getAuditBytes: Buffer.byteLength(sampleText),
  paths: { getAudit: path('getAudit'), saveSection: path('saveSection'), getAuditSummary: path('getAuditSummary'), compareCycles: path('compareCycles') },
  startMs: performance.now() - startedAt,
})}`);

const stop = async () => { await qa.close(); process.exit(0); };
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
