// 4. Reports as data grows: getAuditSummary (every audit of the authority) and
// compareCycles (the two cycles the audits are split between) through the adapter
// (`app.request`, so routing, auth, validation and JSON are included), over 1,000,
// 10,000, 100,000 and 1,000,000 completed audits in one SQLite file that grows in
// steps. Each is measured with the SQL pushed down (the SQLite storage as shipped)
// and with the in-memory fallback (the same storage with its optional report
// capabilities removed, as a storage without them would run).
//
//   node test/bench/reports.mjs [--quick] [--sizes=1000,10000,100000,1000000] [--fallback-max=100000]
import { ensureTsx, flag, quick, round, runBench, stats } from './lib.mjs';
ensureTsx();

const { mkdtempSync, rmSync, statSync } = await import('node:fs');
const { tmpdir } = await import('node:os');
const { join } = await import('node:path');
const { createQaApp, jwtAuth, signQaToken, qaOperations } = await import('ehcp-qa/server');
const { createSqliteStorage } = await import('ehcp-qa/storage/sqlite');
const { generateAudits } = await import('./generate.ts');

const sizes = flag('sizes', quick ? '1000,10000,100000' : '1000,10000,100000,1000000').split(',').map(Number);
const fallbackMax = Number(flag('fallback-max', 100_000));
const targetRuns = Number(flag('runs', quick ? 3 : 10));
/** Stop repeating a measurement after this long (the first run after warm-up always counts). */
const capMs = Number(flag('cap-ms', quick ? 5_000 : 15_000));
const secret = 'bench-secret-that-is-long-enough-for-hs256-0123456789';
const tenant = 'la-reports';
const cycles = [
  { id: 'cycle-autumn-2025', name: 'Autumn 2025', startDate: '2025-09-01', endDate: '2025-12-19' },
  { id: 'cycle-spring-2026', name: 'Spring 2026', startDate: '2026-01-05', endDate: '2026-03-27' },
];
/** The storage methods every backend must have; everything else is an optional capability. */
const required = ['createAudit', 'getAudit', 'listAudits', 'updateAudit', 'listAuditsForReport', 'createCycle', 'getCycle', 'listCycles',
  'putRecord', 'getRecord', 'listRecords', 'deleteRecord', 'writeBatch', 'listAuditTrail', 'close'];

async function timeRequest(app, path, headers) {
  const t0 = performance.now();
  const response = await app.request(path, { headers });
  const body = await response.text();
  const ms = performance.now() - t0;
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${body.slice(0, 300)}`);
  return { ms, bytes: body.length, body };
}

/**
 * One warm-up, then up to `targetRuns` runs or `capMs`, whichever comes first (at
 * least one run). When the previous size predicts a run longer than `capMs`, the
 * single run is the measurement (no warm-up), to keep the whole benchmark under
 * 10 minutes.
 */
async function measure(app, path, headers, predictedMs = 0) {
  if (predictedMs > capMs) {
    const only = await timeRequest(app, path, headers);
    return { ...stats([only.ms]), bytes: only.bytes, body: only.body };
  }
  const warm = await timeRequest(app, path, headers);
  const samples = [];
  const started = performance.now();
  // Too slow to repeat within the 10-minute run: the warm-up is the one (slightly cold) run that counts.
  if (warm.ms > capMs) return { ...stats([warm.ms]), bytes: warm.bytes, body: warm.body };
  while (samples.length < targetRuns && (samples.length === 0 || performance.now() - started < capMs)) {
    samples.push((await timeRequest(app, path, headers)).ms);
  }
  return { ...stats(samples), bytes: warm.bytes, body: warm.body };
}

await runBench('reports', async () => {
  const summaryOp = qaOperations.find((o) => o.operationId === 'getAuditSummary');
  const compareOp = qaOperations.find((o) => o.operationId === 'compareCycles');
  if (!summaryOp || !compareOp) return { status: 'skipped', reason: 'the adapter has no getAuditSummary/compareCycles operations yet' };

  const dir = mkdtempSync(join(tmpdir(), 'ehcp-qa-reports-'));
  const file = join(dir, 'reports.sqlite');
  // Answers are not remembered here: this measures the SQL, not a repeated read from memory.
  const storage = await createSqliteStorage({ filename: file, rememberAnswers: false });
  const fallbackStorage = Object.fromEntries(required.map((name) => [name, storage[name].bind(storage)]));
  const auth = jwtAuth({ secret });
  // No read cache and no remembered answers in the adapter either: every request is answered by the
  // storage, as the first one after a write is (otherwise all but the warm-up would be lookups in memory).
  const pushdownApp = createQaApp({ storage, auth, readCache: false });
  const fallbackApp = createQaApp({ storage: fallbackStorage, auth, readCache: false });
  const token = await signQaToken({ sub: 'bench-manager', tenant, roles: ['manager'] }, secret);
  const headers = { authorization: `Bearer ${token}` };
  const now = new Date().toISOString();
  for (const c of cycles) await storage.createCycle(tenant, { ...c, createdAt: now });
  const paths = {
    summary: summaryOp.path,
    compare: `${compareOp.path}?cycleId=${cycles[1].id}&compareCycleId=${cycles[0].id}`,
    // One phase: the SQLite storage answers it from its running counts per phase (migration 205).
    filtered: `${summaryOp.path}?phase=secondary`,
  };

  const figures = { sizes: {}, unavailable: {} };
  const notes = [];
  let have = 0;
  try {
    for (const size of sizes) {
      process.stdout.write(`  ${size.toLocaleString('en-GB')} audits: generating… `);
      const seconds = await generateAudits(storage, { tenant, from: have, count: size - have, cycles: cycles.map((c) => ({ id: c.id, startDate: c.startDate })) });
      have = size;
      const entry = { generateSeconds: round(seconds, 2), summary: {}, compare: {}, filtered: {}, runs: {} };
      process.stdout.write(`${seconds.toFixed(1)} s; measuring… `);
      const previous = figures.sizes[String(sizes[sizes.indexOf(size) - 1])];
      const predict = (name, mode) => (previous?.[name]?.[mode] ?? 0) * (size / sizes[sizes.indexOf(size) - 1]);
      for (const [name, path] of Object.entries(paths)) {
        const pushed = await measure(pushdownApp, path, headers, predict(name, 'pushdown'));
        entry[name].pushdown = pushed.median;
        entry.runs[`${name}.pushdown`] = pushed.runs;
        // Sanity checks, so a fast wrong answer cannot pass for a fast right one.
        const answer = JSON.parse(pushed.body);
        if (name === 'summary' && answer.figures?.audits !== size) throw new Error(`the summary counted ${answer.figures?.audits} audits where ${size} were generated`);
        if (name === 'compare' && answer.baseline?.audits + answer.current?.audits !== size) throw new Error(`compareCycles counted ${answer.baseline?.audits} + ${answer.current?.audits} audits where ${size} were generated`);
        if (name === 'filtered' && !(answer.figures?.audits > 0 && answer.figures.audits < size)) throw new Error(`the filtered summary counted ${answer.figures?.audits} of ${size} audits`);
        if (size <= fallbackMax) {
          const fallback = await measure(fallbackApp, path, headers, predict(name, 'fallback'));
          entry[name].fallback = fallback.median;
          entry.runs[`${name}.fallback`] = fallback.runs;
          if (fallback.body !== pushed.body) notes.push(`At ${size.toLocaleString('en-GB')} audits the fallback's ${name} answer differs from the push-down's.`);
        }
      }
      figures.sizes[String(size)] = entry;
      console.log(`summary ${entry.summary.pushdown.toFixed(1)} ms, compare ${entry.compare.pushdown.toFixed(1)} ms, filtered summary ${entry.filtered.pushdown.toFixed(1)} ms (push-down)`);
    }
    figures.fileMB = round(statSync(file).size / 1e6, 0);
  } finally {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }

  // Growth between consecutive sizes: time ratio over size ratio (1 = linear), shown
  // per step; and, for the budget, the exponent k of time ∝ size^k fitted by least
  // squares on log-log over every size from 10,000 up (1 = linear). A fit over the
  // whole range tells algorithmic growth from one noisy step.
  const growthRows = [];
  for (let i = 1; i < sizes.length; i++) {
    const a = figures.sizes[String(sizes[i - 1])];
    const b = figures.sizes[String(sizes[i])];
    const sizeRatio = sizes[i] / sizes[i - 1];
    const cells = [`${sizes[i - 1].toLocaleString('en-GB')} → ${sizes[i].toLocaleString('en-GB')}`];
    for (const name of ['summary', 'compare', 'filtered']) {
      for (const mode of ['pushdown', 'fallback']) {
        if (a[name][mode] === undefined || b[name][mode] === undefined) { cells.push('—'); continue; }
        const ratio = b[name][mode] / a[name][mode];
        cells.push(`×${ratio.toFixed(1)} (${(ratio / sizeRatio).toFixed(2)})`);
      }
    }
    growthRows.push(cells);
  }
  const fitted = sizes.filter((n) => n >= 10_000);
  if (fitted.length >= 2) {
    const exponentRow = ['exponent k, 10,000 and up (time ∝ audits^k)'];
    let worst = 0;
    for (const name of ['summary', 'compare', 'filtered']) {
      for (const mode of ['pushdown', 'fallback']) {
        const points = fitted.filter((n) => figures.sizes[String(n)][name][mode] !== undefined).map((n) => [Math.log(n), Math.log(figures.sizes[String(n)][name][mode])]);
        if (points.length < 2) { exponentRow.push('—'); continue; }
        const mx = points.reduce((a, [x]) => a + x, 0) / points.length;
        const my = points.reduce((a, [, y]) => a + y, 0) / points.length;
        const k = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0) / points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
        figures[`exponent.${name}.${mode}`] = round(k, 3);
        exponentRow.push(k.toFixed(2));
        // The budget is on the push-down, what the SQLite storage ships with.
        if (mode === 'pushdown') worst = Math.max(worst, k);
      }
    }
    growthRows.push(exponentRow);
    figures.worstGrowth = round(worst, 3);
  }

  const ms = (v) => (v === undefined ? `not run (> ${fallbackMax.toLocaleString('en-GB')})` : v < 10 ? v.toFixed(2) : v.toFixed(0));
  const rows = sizes.map((size) => {
    const e = figures.sizes[String(size)];
    return [size.toLocaleString('en-GB'), ms(e.summary.pushdown), ms(e.summary.fallback), ms(e.compare.pushdown), ms(e.compare.fallback),
      ms(e.filtered.pushdown), ms(e.filtered.fallback), `${e.generateSeconds} s`];
  });
  if (!sizes.includes(1_000_000)) {
    figures.unavailable['reports.summary.1m'] = figures.unavailable['reports.compare.1m'] = 'this run stopped before 1,000,000 audits (--sizes)';
  }
  return {
    settings: { sizes: sizes.join(', '), 'runs (target)': targetRuns, 'cap per measurement (ms)': capMs, 'fallback up to': fallbackMax, data: 'completed audits, every section graded, split evenly over two cycles' },
    figures,
    tables: [
      { title: 'Reports: median ms per request through the adapter', head: ['audits', 'summary push-down', 'summary fallback', 'compare push-down', 'compare fallback', 'filtered summary push-down', 'filtered summary fallback', 'generated in'], rows },
      { title: 'Growth: time ratio per step (in brackets, divided by the size ratio: 1.00 = linear), and the fitted exponent', head: ['step', 'summary push-down', 'summary fallback', 'compare push-down', 'compare fallback', 'filtered push-down', 'filtered fallback'], rows: growthRows },
    ],
    notes: [
      'getAuditSummary is asked for every audit of the authority (no filter); compareCycles compares the two cycles, each holding half the audits; the filtered summary asks for one phase (secondary, about a fifth of the audits), which the SQLite storage answers from its running counts per value of each common filter. The adapter\'s read cache and remembered answers are off here, so every request is answered by the storage, as the first one after a write is.',
      `Each figure is the median of up to ${targetRuns} runs after one warm-up, fewer when a run takes long (at least one).`,
      ...notes,
    ],
  };
});
