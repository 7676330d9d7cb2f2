// Not part of `npm run bench`: where a getAudit's time goes, layer by layer, with
// 50 concurrent callers in one process (no HTTP). Backs the explanation in
// docs/performance.md ("What the figures say").
//
//   node test/bench/diagnose-getaudit.mjs [--seconds=3]
import { ensureTsx, flag } from './lib.mjs';
ensureTsx();

const { prepareDatabase, secret } = await import('./server-harness.mjs');
const { createSqliteStorage } = await import('ehcp-qa/storage/sqlite');
const { createQaApp, jwtAuth, signQaToken } = await import('ehcp-qa/server');

const seconds = Number(flag('seconds', 3));
const db = prepareDatabase(200);
const storage = await createSqliteStorage({ filename: db.file });
const { tenant, workAuditIds: ids, auditorId } = db.seed;

async function drive(label, fn) {
  let done = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(Array.from({ length: 50 }, async () => { while (performance.now() < end) await fn(done++); }));
  console.log(`${label.padEnd(58)} ${String(Math.round(done / seconds)).padStart(7)} per second`);
}

try {
  const app = createQaApp({ storage, auth: jwtAuth({ secret }) });
  const headers = { authorization: `Bearer ${await signQaToken({ sub: auditorId, tenant, roles: ['auditor', 'manager'] }, secret)}` };
  await drive('one-row SELECT through the storage\'s connection', (i) => storage.db.get('SELECT * FROM audits WHERE tenant = ? AND id = ?', [tenant, ids[i % ids.length]]));
  await drive('storage.getAudit (audit and its sections)', (i) => storage.getAudit(tenant, ids[i % ids.length]));
  await drive('getAudit through the adapter (app.request, no HTTP)', async (i) => (await app.request(`/audits/${ids[i % ids.length]}`, { headers })).text());
  await drive('listFrameworks through the adapter (no storage call)', async () => (await app.request('/frameworks', { headers })).text());
} finally {
  await storage.close();
  db.cleanup();
}
