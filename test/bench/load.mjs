// 3. The adapter under load on loopback: autocannon, 50 connections, 10 s after a
// warm-up, against `serveQa` on SQLite (durable settings: WAL, synchronous = FULL),
// beside a bare Hono route on the same server library in the same process (the
// ceiling). The server runs the compiled dist/ build in its own process; autocannon
// runs in this one, so each has one of the two cores.
//
//   node test/bench/load.mjs [--quick] [--duration=10] [--connections=50]
import { flag, quick, round, rssOf, runBench } from './lib.mjs';
import { cannon, ensureCompiledAdapter, getAuditRequests, prepareDatabase, storedVersions, saveSectionRequests, sleep, startServer } from './server-harness.mjs';

const duration = Number(flag('duration', quick ? 3 : 10));
const warmupSeconds = Number(flag('warmup', quick ? 1 : 3));
const connections = Number(flag('connections', 50));
const summaryAudits = 2000;

// Filled in during the run and completed after the server has stopped.
let lastFigures;
let lastNotes = [];
let saveTally = { ok: 0 };
let savePool;

await runBench('load', async () => {
  const notes = [];
  const compileNote = ensureCompiledAdapter();
  if (compileNote) notes.push(compileNote);
  const db = prepareDatabase(summaryAudits);
  const server = await startServer({ file: db.file, seed: db.seed });
  const { info, child } = server;
  const origin = new URL(info.qaUrl).origin;
  const auth = { authorization: `Bearer ${info.token}` };
  try {
    await sleep(500);
    const rssIdle = rssOf(child.pid);
    const base = { connections, duration, warmup: { connections, duration: warmupSeconds } };
    const scenarios = [
      { name: 'ceiling', label: 'bare Hono route, same JSON size (ceiling)', options: { url: info.ceilingUrl } },
      { name: 'getAudit', label: 'getAudit', options: { url: origin, requests: getAuditRequests(info, db.seed) } },
    ];
    if (info.paths.getAuditSummary) {
      const path = info.paths.getAuditSummary.replace('{cycleId}', db.seed.summaryCycle);
      const query = info.paths.getAuditSummary.includes('{cycleId}') ? '' : `?cycleId=${db.seed.summaryCycle}`;
      scenarios.push({ name: 'getAuditSummary', label: `getAuditSummary, cycle of ${summaryAudits.toLocaleString('en-GB')} audits`, options: { url: `${new URL(info.qaUrl).pathname}${path}${query}`.replace(/^/, origin), headers: auth } });
    } else notes.push('getAuditSummary: not measured: the adapter has no getAuditSummary operation yet.');
    const save = saveSectionRequests(info, db.seed);
    saveTally = save.tally;
    savePool = save.pool;
    scenarios.push({ name: 'saveSection', label: 'saveSection (real write, If-Match)', options: { url: origin, requests: save.requests }, tally: save.tally });

    const figures = { getAuditBytes: info.getAuditBytes, rssIdle, unavailable: {} };
    lastFigures = figures;
    lastNotes = notes;
    let totalErrors = 0;
    for (const scenario of scenarios) {
      process.stdout.write(`  ${scenario.name}: warm-up ${warmupSeconds} s, then ${duration} s with ${connections} connections… `);
      const result = await cannon({ ...base, ...scenario.options });
      const ok = result.statusCodeStats?.['200']?.count ?? 0;
      const errors = result.errors + result.timeouts + result.non2xx + result.mismatches;
      totalErrors += errors;
      figures[scenario.name] = {
        requestsPerSecond: round(result.requests.average, 1),
        p50: result.latency.p50,
        p99: result.latency.p99,
        max: result.latency.max,
        requests: result.requests.total,
        warmupRequests: result.warmup?.requests?.total ?? 0,
        ok: Number(ok),
        errors: result.errors,
        timeouts: result.timeouts,
        non2xx: result.non2xx,
        statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count])),
        ...(scenario.tally ? { conflicts412: scenario.tally.conflicts, unexpected: scenario.tally.unexpected, poolExhausted: scenario.tally.poolExhausted } : {}),
      };
      console.log(`${figures[scenario.name].requestsPerSecond} req/s`);
    }
    const ceiling = figures.ceiling.requestsPerSecond;
    for (const name of ['getAudit', 'getAuditSummary', 'saveSection']) {
      if (figures[name]) figures[name].shareOfCeiling = round(figures[name].requestsPerSecond / ceiling, 4);
    }
    figures.totalErrors = totalErrors;
    await sleep(1000);
    figures.rssAfterLoad = rssOf(child.pid);

    const mb = (b) => (b === undefined ? '—' : `${(b / 1e6).toFixed(1)} MB`);
    const rows = scenarios.map(({ name, label }) => {
      const f = figures[name];
      return [label, f.requestsPerSecond.toFixed(0), `${f.p50} ms`, `${f.p99} ms`, name === 'ceiling' ? '100%' : `${(f.shareOfCeiling * 100).toFixed(1)}%`,
        String(f.errors + f.timeouts + f.non2xx), f.requests.toLocaleString('en-GB')];
    });
    if (figures.saveSection?.conflicts412) notes.push(`saveSection met ${figures.saveSection.conflicts412} answers 412 (version conflicts); each connection saves an audit no other connection holds, so these are counted as errors.`);
    notes.push(`The ceiling answers the very JSON of a getAudit response (${figures.getAuditBytes.toLocaleString('en-GB')} bytes) from a bare Hono app mounted on serveQa's own HTTP server (same process, same port).`);
    notes.push(`Server resident memory: ${mb(rssIdle)} idle after start, ${mb(figures.rssAfterLoad)} after these runs.`);
    notes.push('Latency percentiles are autocannon\'s, in whole milliseconds.');
    return {
      settings: { connections, 'duration (s)': duration, 'warm-up (s)': warmupSeconds, server: 'serveQa from dist/ (node, NODE_ENV=production), SQLite WAL + synchronous=FULL, JWT auth', client: 'autocannon in a separate process' },
      figures,
      tables: [{ title: 'Adapter under load (loopback)', head: ['route', 'req/s', 'p50', 'p99', 'share of ceiling', 'errors', 'requests'], rows }],
      notes,
    };
  } finally {
    await server.stop();
    // Every acknowledged save must be in the file once the server has gone: for each
    // audit, the stored version is the last one an answer acknowledged, or one more
    // when a save was still in flight as autocannon stopped (its answer never read).
    try {
      const stored = await storedVersions(db.file, db.seed);
      if (lastFigures?.saveSection && savePool) {
        let lost = 0;
        let inFlight = 0;
        for (const slot of savePool) {
          const version = stored.get(slot.id) ?? 0;
          if (version < slot.version || version > slot.version + 1) lost++;
          else if (version === slot.version + 1) inFlight++;
        }
        lastFigures.saveSection.acknowledged = saveTally.ok;
        lastFigures.saveSection.lostOrUnexplained = lost;
        lastFigures.totalErrors += lost;
        lastNotes.push(lost
          ? `saveSection: ${lost} audits in the SQLite file do not hold their last acknowledged version.`
          : `saveSection: after the server stopped, every one of the ${savePool.length} audits in the SQLite file held its last acknowledged version (${inFlight} one version further: a save in flight when the load stopped, never acknowledged).`);
      }
    } finally {
      db.cleanup();
    }
  }
});
