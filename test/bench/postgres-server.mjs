// The server for the PostgreSQL benchmark: `serveQa` exactly as a host would start it on
// PostgreSQL (QA_DATABASE_URL, QA_DATABASE_SCHEMA), as one process or as a cluster
// (QA_PROCESSES). The primary prints one line `READY {json}`; SIGTERM stops it all.
// Env: QA_JWT_SECRET, BENCH_TENANT, BENCH_AUDITOR.
import cluster from 'node:cluster';
import { serveQa, signQaToken, qaOperations } from 'ehcp-qa/server';

const startedAt = performance.now();
const qa = await serveQa({ port: 0, hostname: '127.0.0.1' });
if (cluster.isPrimary) {
  const token = await signQaToken({ sub: process.env.BENCH_AUDITOR ?? 'bench-auditor', tenant: process.env.BENCH_TENANT ?? 'la-bench', roles: ['auditor', 'manager'] }, process.env.QA_JWT_SECRET, { expiresInSeconds: 6 * 3600 });
  const path = (operationId) => qaOperations.find((o) => o.operationId === operationId)?.path ?? null;
  console.log(`READY ${JSON.stringify({ pids: qa.pids, qaUrl: qa.url, token, paths: { getAuditSummary: path('getAuditSummary') }, startMs: performance.now() - startedAt })}`);
  const stop = async () => { await qa.close(); process.exit(0); };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
