// Not part of `npm run bench`: where a getAudit's time goes, layer by layer, with
// 50 concurrent callers in one process (no HTTP). Backs the explanation in
// docs/performance.md ("What the figures say"). Each line gives the rate and the CPU time (all threads)
// per request, which depends less on other load than the rate does.
//
//   node test/bench/diagnose-getaudit.mjs [--seconds=3] [--only=listAudits]
//   (--only runs the lines whose label contains the word: with node --cpu-prof, a profile of one route)
import { readdirSync, readFileSync } from 'node:fs';
import { ensureTsx, flag } from './lib.mjs';
ensureTsx();

const { prepareDatabase, secret } = await import('./server-harness.mjs');
const { createSqliteStorage } = await import('ehcp-qa/storage/sqlite');
const { createQaApp, jwtAuth, signQaToken } = await import('ehcp-qa/server');

const seconds = Number(flag('seconds', 3));
const db = prepareDatabase(200);
const storage = await createSqliteStorage({ filename: db.file });
const { tenant, workAuditIds: ids, auditorId } = db.seed;

const only = flag('only', '');
/** CPU ticks (user + system, 10 ms each) of this process's main thread and of all its other threads (Linux /proc; empty elsewhere). */
function threadTicks() {
  const byName = new Map();
  try {
    for (const tid of readdirSync('/proc/self/task')) {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const kind = tid === String(process.pid) ? 'main' : 'other threads';
      byName.set(kind, (byName.get(kind) ?? 0) + Number(fields[11]) + Number(fields[12]));
    }
  } catch { /* not Linux */ }
  return byName;
}
async function drive(label, fn) {
  if (only && !label.includes(only)) return;
  let done = 0;
  const end = performance.now() + seconds * 1000;
  const cpu = process.cpuUsage();
  const ticks = threadTicks();
  await Promise.all(Array.from({ length: 50 }, async () => { while (performance.now() < end) await fn(done++); }));
  const used = process.cpuUsage(cpu);
  const split = [...threadTicks()].map(([kind, t]) => `${kind} ${Math.round(((t - (ticks.get(kind) ?? 0)) * 10_000) / done)}`).join(', ');
  // CPU time of the whole process (every thread, SQLite's included) per request: less sensitive to other load than the rate.
  console.log(`${label.padEnd(58)} ${String(Math.round(done / seconds)).padStart(7)} per second, ${String(Math.round((used.user + used.system) / done)).padStart(6)} µs CPU each${split ? ` (${split} µs, threads of 10 ms ticks)` : ''}`);
}

try {
  const app = createQaApp({ storage, auth: jwtAuth({ secret }) });
  const headers = { authorization: `Bearer ${await signQaToken({ sub: auditorId, tenant, roles: ['auditor', 'manager'] }, secret)}` };
  await drive('one-row SELECT through the storage\'s connection', (i) => storage.db.get('SELECT * FROM audits WHERE tenant = ? AND id = ?', [tenant, ids[i % ids.length]]));
  await drive('storage.getAudit (audit and its sections)', (i) => storage.getAudit(tenant, ids[i % ids.length]));
  await drive('getAudit through the adapter (app.request, no HTTP)', async (i) => (await app.request(`/audits/${ids[i % ids.length]}`, { headers })).text());
  await drive('listFrameworks through the adapter (no storage call)', async () => (await app.request('/frameworks', { headers })).text());
  await drive('listAudits through the adapter, pages of 20', async () => (await app.request('/audits?cycleId=cycle-work&limit=20', { headers })).text());
  await drive(`getAuditSummary through the adapter, cycle of ${db.seed.summaryAudits} audits`, async () => (await app.request(`/reports/summary?cycleId=${db.seed.summaryCycle}`, { headers })).text());
  // Saves: each caller owns one audit at a time, as in the load benchmark (no 412s).
  const versions = new Map(ids.map((id) => [id, db.seed.workVersion]));
  const free = [...ids];
  let saveErrors = 0;
  let saves = 0;
  const writesBefore = storage.db.writeCount;
  await drive('saveSection through the adapter (durable, grouped commits)', async (i) => {
    const id = free.pop();
    const { sectionId, body } = db.seed.saveBodies[i % db.seed.saveBodies.length];
    const res = await app.request(`/audits/${id}/sections/${sectionId}`, { method: 'PUT', headers: { ...headers, 'content-type': 'application/json', 'if-match': `"${versions.get(id)}"` }, body: JSON.stringify(body) });
    if (res.status === 200) { saves++; versions.set(id, Number(res.headers.get('etag').replace(/"/g, ''))); }
    else { saveErrors++; if (saveErrors < 3) console.log(res.status, (await res.clone().text()).slice(0, 300)); }
    await res.text();
    free.push(id);
  });
  if (saveErrors) console.log(`  (${saveErrors} saves answered other than 200)`);
  if (saves) console.log(`  (${saves} saves in ${storage.db.writeCount - writesBefore} transactions: ${(saves / Math.max(1, storage.db.writeCount - writesBefore)).toFixed(1)} a commit)`);
} finally {
  await storage.close();
  db.cleanup();
}
