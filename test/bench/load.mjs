// 3. The adapter under load on loopback: autocannon, 50 connections, 10 s after a
// warm-up, against `serveQa` on SQLite (durable settings: WAL, synchronous = FULL),
// beside a bare Hono route on the same server library in the same process (the
// ceiling). The server runs the compiled dist/ build in its own process; autocannon
// runs in this one, so each has one of the two cores.
//
// Then two checks of their own: `kill -9` of the server in the middle of a save load
// (every save acknowledged before the kill must be in the file afterwards), and the
// read cache's memory bound under a getAudit load that touches 100,000 distinct audits.
//
//   node test/bench/load.mjs [--quick] [--duration=10] [--connections=50] [--distinct=100000]
//                            [--server-node-args="--max-semi-space-size=32"]  (Node options for the server, as a host may set them)
import { flag, machineReference, quick, round, rssOf, runBench } from './lib.mjs';
import { cannon, ensureCompiledAdapter, getAuditRequests, listAuditsRequests, prepareDatabase, storedVersions, saveFloorRequests, saveSectionRequests, sleep, startServer } from './server-harness.mjs';

const duration = Number(flag('duration', quick ? 3 : 10));
const warmupSeconds = Number(flag('warmup', quick ? 1 : 3));
const connections = Number(flag('connections', 50));
/** Node options the server is started with, beyond the benchmark's own (none by default: Node's defaults). */
const serverNodeArgs = String(flag('server-node-args', '')).split(' ').filter(Boolean);
const summaryAudits = 2000;
/** Bytes as megabytes for the tables and notes. */
const mb = (b) => (b === undefined ? '—' : `${(b / 1e6).toFixed(1)} MB`);

// Filled in during the run and completed after the server has stopped.
let lastFigures;
let lastNotes = [];
let saveTally = { ok: 0 };
let savePool;

await runBench('load', async () => {
  let result;
  const notes = [];
  const compileNote = ensureCompiledAdapter();
  if (compileNote) notes.push(compileNote);
  // Before anything else runs: how fast this machine is today, so these figures can be set beside another machine's.
  const machine = machineReference();
  notes.push(`Machine reference just before this run (lower is faster): save-like JavaScript ${machine.jsMs} ms on one thread; a 4 kB append with fsync ${machine.fsyncMs} ms median, ${machine.fsyncP95Ms} ms p95 (test/bench/lib.mjs machineReference).`);
  const db = prepareDatabase(summaryAudits);
  const server = await startServer({ file: db.file, seed: db.seed, nodeArgs: serverNodeArgs });
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
      { name: 'listAudits', label: 'listAudits, pages of 20 over 200 audits', options: { url: origin, requests: listAuditsRequests(info, db.seed, 20) } },
    ];
    if (info.paths.getAuditSummary) {
      const path = info.paths.getAuditSummary.replace('{cycleId}', db.seed.summaryCycle);
      const query = info.paths.getAuditSummary.includes('{cycleId}') ? '' : `?cycleId=${db.seed.summaryCycle}`;
      scenarios.push({ name: 'getAuditSummary', label: `getAuditSummary, cycle of ${summaryAudits.toLocaleString('en-GB')} audits`, options: { url: `${new URL(info.qaUrl).pathname}${path}${query}`.replace(/^/, origin), headers: auth } });
    } else notes.push('getAuditSummary: not measured: the adapter has no getAuditSummary operation yet.');
    scenarios.push({ name: 'saveFloor', label: 'bare Hono PUT route: reads and parses a save\'s body, same JSON answer (floor under saveSection)', options: { url: info.saveFloorUrl, requests: saveFloorRequests(info, db.seed) } });
    const save = saveSectionRequests(info, db.seed);
    saveTally = save.tally;
    savePool = save.pool;
    scenarios.push({ name: 'saveSection', label: 'saveSection (real write, If-Match)', options: { url: origin, requests: save.requests }, tally: save.tally });

    const figures = { getAuditBytes: info.getAuditBytes, rssIdle, machine, unavailable: {} };
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
        bytesPerSecond: Math.round(result.throughput.average),
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
    for (const name of ['getAudit', 'listAudits', 'getAuditSummary', 'saveFloor', 'saveSection']) {
      if (figures[name]) figures[name].shareOfCeiling = round(figures[name].requestsPerSecond / ceiling, 4);
    }
    figures.totalErrors = totalErrors;
    await sleep(1000);
    figures.rssAfterLoad = rssOf(child.pid);

    const rows = scenarios.map(({ name, label }) => {
      const f = figures[name];
      return [label, f.requestsPerSecond.toFixed(0), `${f.p50} ms`, `${f.p99} ms`, name === 'ceiling' ? '100%' : `${(f.shareOfCeiling * 100).toFixed(1)}%`,
        String(f.errors + f.timeouts + f.non2xx), f.requests.toLocaleString('en-GB')];
    });
    if (figures.listAudits?.bytesPerSecond && figures.ceiling.bytesPerSecond) {
      // A page carries twenty audits, so requests a second undersell it: set its bytes beside the ceiling's.
      notes.push(`listAudits answered ${mb(figures.listAudits.bytesPerSecond)} a second against the ceiling's ${mb(figures.ceiling.bytesPerSecond)} (${((figures.listAudits.bytesPerSecond / figures.ceiling.bytesPerSecond) * 100).toFixed(0)}% of the ceiling's bytes; a page is about twenty getAudit answers).`);
    }
    if (figures.saveSection && figures.saveFloor) {
      // What the save costs above what any PUT route with this body and this answer costs on this machine, at the same concurrency.
      notes.push(`saveSection against its floor (the bare PUT route): ${figures.saveSection.requestsPerSecond.toFixed(0)} vs ${figures.saveFloor.requestsPerSecond.toFixed(0)} req/s (${((figures.saveSection.requestsPerSecond / figures.saveFloor.requestsPerSecond) * 100).toFixed(0)}%), p50 ${figures.saveSection.p50} vs ${figures.saveFloor.p50} ms, p99 ${figures.saveSection.p99} vs ${figures.saveFloor.p99} ms.`);
    }
    if (figures.saveSection?.conflicts412) notes.push(`saveSection met ${figures.saveSection.conflicts412} answers 412 (version conflicts); each connection saves an audit no other connection holds, so these are counted as errors.`);
    notes.push(`The ceiling answers the very JSON of a getAudit response (${figures.getAuditBytes.toLocaleString('en-GB')} bytes) from a bare Hono app mounted on serveQa's own HTTP server (same process, same port).`);
    notes.push(`Server resident memory: ${mb(rssIdle)} idle after start, ${mb(figures.rssAfterLoad)} after these runs.`);
    notes.push('Latency percentiles are autocannon\'s, in whole milliseconds.');
    result = {
      settings: { connections, 'duration (s)': duration, 'warm-up (s)': warmupSeconds, server: `serveQa from dist/ (node${serverNodeArgs.length ? ` ${serverNodeArgs.join(' ')}` : ', default options'}, NODE_ENV=production), SQLite WAL + synchronous=FULL, JWT auth`, client: 'autocannon in a separate process' },
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
  const figures = result.figures;
  figures.killDuringLoad = await killDuringLoad(result.notes);
  figures.totalErrors += figures.killDuringLoad.lost;
  figures.cacheMemory = await cacheMemory(result.notes);
  figures.totalErrors += figures.cacheMemory.errors;
  const k = figures.killDuringLoad;
  const m = figures.cacheMemory;
  result.tables.push({
    title: 'Durability and memory checks',
    head: ['check', 'figure'],
    rows: [
      [`kill -9 of the server after ${k.killAfterSeconds} s of saveSection load (50 connections)`, `${k.acknowledged.toLocaleString('en-GB')} saves acknowledged, ${k.lost} missing from the file afterwards`],
      [`getAudit over ${m.distinct.toLocaleString('en-GB')} distinct audits, two passes over two halves (read cache bound ${m.maxEntries.toLocaleString('en-GB')} audits / ${mb(m.maxBytes)})`,
        `live heap after a full collection ${mb(m.heapBefore)} before, ${mb(m.heapFirst)} after the first half, ${mb(m.heapSecond)} after the second (${(m.growthSecondPass * 100).toFixed(1)}%); resident ${mb(m.rssFirst)} and ${mb(m.rssSecond)}`],
    ],
  });
  return result;
});

/**
 * Saves under load, then `kill -9` of the server in the middle of it. Every save the
 * server acknowledged before it died must be in the file: each audit holds its last
 * acknowledged version, or one more (a save committed whose answer never arrived).
 */
async function killDuringLoad(notes) {
  const db = prepareDatabase(200);
  const killAfterSeconds = quick ? 2 : 5;
  try {
    const server = await startServer({ file: db.file, seed: db.seed, nodeArgs: serverNodeArgs });
    const save = saveSectionRequests(server.info, db.seed);
    const run = cannon({ connections, duration: killAfterSeconds + 2, url: new URL(server.info.qaUrl).origin, requests: save.requests });
    await sleep(killAfterSeconds * 1000);
    server.child.kill('SIGKILL');
    await new Promise((resolve) => (server.child.exitCode !== null || server.child.signalCode !== null ? resolve() : server.child.once('exit', resolve)));
    await run.catch(() => undefined); // connections refused after the kill are expected
    const stored = await storedVersions(db.file, db.seed);
    let lost = 0;
    let inFlight = 0;
    for (const slot of save.pool) {
      const version = stored.get(slot.id) ?? 0;
      if (version < slot.version || version > slot.version + 1) lost++;
      else if (version === slot.version + 1) inFlight++;
    }
    notes.push(lost
      ? `kill -9: ${lost} audits in the SQLite file do not hold their last acknowledged version.`
      : `kill -9: after the server was killed mid-load, all ${save.pool.length} audits held their last acknowledged version (${inFlight} one further: committed, answer never read); ${save.tally.ok.toLocaleString('en-GB')} saves had been acknowledged.`);
    return { killAfterSeconds, acknowledged: save.tally.ok, lost, inFlight };
  } finally {
    db.cleanup();
  }
}

/**
 * The read cache's bound: getAudit over many distinct audits (100,000 by default) in two passes
 * over two halves of them, so nearly every read misses and is kept until the bound evicts it.
 * With a bounded cache the server's resident memory is level from the end of the first pass
 * (the cache full) to the end of the second (as many new audits again); an unbounded one would
 * grow by the second half's audits.
 */
async function cacheMemory(notes) {
  const distinct = Number(flag('distinct', quick ? 20_000 : 100_000));
  const db = prepareDatabase(distinct);
  try {
    // --expose-gc: the live heap is read after a full collection (resident memory also holds garbage not yet collected
    // and heap V8 keeps for later, so it rises with any load and says little about what the cache keeps).
    const server = await startServer({ file: db.file, seed: db.seed, nodeArgs: ['--expose-gc', ...serverNodeArgs] });
    const heap = async () => {
      const memory = await (await fetch(`${new URL(server.info.qaUrl).origin}/bench-memory`)).json();
      if (!memory.collected) throw new Error('the load server was not started with --expose-gc');
      return memory.heapUsed;
    };
    try {
      await sleep(500);
      const rssBefore = rssOf(server.child.pid);
      const heapBefore = await heap();
      const base = new URL(server.info.qaUrl).pathname;
      const seen = new Set();
      let requests = 0;
      let errors = 0;
      const pass = async (from, count) => {
        let next = 0;
        const outcome = await cannon({
          connections, amount: count, url: new URL(server.info.qaUrl).origin,
          requests: [{
            method: 'GET',
            setupRequest: (req, context) => {
              context.id = `gen-${String(from + (next++ % count)).padStart(8, '0')}`;
              return { ...req, path: `${base}/audits/${context.id}`, headers: { authorization: `Bearer ${server.info.token}` } };
            },
            onResponse: (status, _body, context) => { if (status === 200) seen.add(context.id); },
          }],
        });
        requests += outcome.requests.total;
        errors += outcome.errors + outcome.timeouts + outcome.non2xx;
        await sleep(2000);
        return { rss: rssOf(server.child.pid), heap: await heap() };
      };
      const half = Math.floor(distinct / 2);
      const first = await pass(0, half);
      const second = await pass(half, distinct - half);
      const growth = (second.heap - first.heap) / first.heap;
      const rssGrowth = (second.rss - first.rss) / first.rss;
      notes.push(`Read cache bound: getAudit went through ${seen.size.toLocaleString('en-GB')} distinct audits in two passes over two halves (${requests.toLocaleString('en-GB')} requests, ${errors} errors), with the cache's default bound of 10,000 audits or 64 MB. Live heap after a full garbage collection: ${mb(heapBefore)} before, ${mb(first.heap)} after the first half, ${mb(second.heap)} after the second (${(growth * 100).toFixed(1)}%). Resident memory, which also holds garbage and heap V8 keeps for later: ${mb(rssBefore)}, ${mb(first.rss)}, ${mb(second.rss)} (${(rssGrowth * 100).toFixed(1)}%).`);
      return {
        distinct: seen.size, requests, errors, heapBefore, heapFirst: first.heap, heapSecond: second.heap, growthSecondPass: round(growth, 4),
        rssBefore, rssFirst: first.rss, rssSecond: second.rss, rssGrowthSecondPass: round(rssGrowth, 4), maxEntries: 10_000, maxBytes: 64 * 1024 * 1024,
      };
    } finally {
      await server.stop();
    }
  } finally {
    db.cleanup();
  }
}
