// The server under load: `serveQa` on a prepared SQLite file, exactly as a host
// would start it (JWT auth, SQLite with the adapter's own settings), plus in the
// same process a bare Hono route on the same @hono/node-server returning JSON of the
// same size as a getAudit answer: the ceiling our routes are compared with.
//
// Started by load.mjs and startup-memory.mjs, which read one line `READY {json}`.
// Env: QA_SQLITE_FILE, QA_JWT_SECRET, BENCH_TENANT, BENCH_AUDITOR, BENCH_AUDIT_ID.
import { serve } from '@hono/node-server';
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
const ceiling = await new Promise((resolve) => { const s = serve({ fetch: bare.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s)); });

const path = (operationId) => qaOperations.find((o) => o.operationId === operationId)?.path ?? null;
console.log(`READY ${JSON.stringify({
  pid: process.pid,
  qaUrl: qa.url,
  ceilingUrl: `http://127.0.0.1:${ceiling.address().port}/ceiling`,
  token,
  getAuditBytes: Buffer.byteLength(sampleText),
  paths: { getAudit: path('getAudit'), saveSection: path('saveSection'), getAuditSummary: path('getAuditSummary'), compareCycles: path('compareCycles') },
  startMs: performance.now() - startedAt,
})}`);

const stop = async () => { ceiling.close(); await qa.close(); process.exit(0); };
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
