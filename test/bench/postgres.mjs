// 8. PostgreSQL beside SQLite, in the same run: the adapter under load (`serveQa` from
// dist/ on PostgreSQL as 1 and as 4 processes, autocannon as in load.mjs) and reports
// as data grows (getAuditSummary, compareCycles and a filtered summary through the
// adapter over 1,000 to 1,000,000 audits, as in reports.mjs). The SQLite figures in the
// tables are the ones load.mjs and reports.mjs measured in this run (or their last run:
// the date is shown). Audits are generated in PostgreSQL with set-based SQL
// (generate-postgres.ts). Needs PostgreSQL at QA_BENCH_POSTGRES_URL (default
// postgres://postgres@127.0.0.1:5432/test); skipped, saying why, without it.
//
//   node test/bench/postgres.mjs [--quick] [--sizes=1000,10000,100000,1000000] [--duration=10] [--connections=50] [--processes=1,4]
import { ensureTsx, flag, quick, readResults, round, runBench, stats } from './lib.mjs';
ensureTsx();

const { spawn } = await import('node:child_process');
const { randomBytes } = await import('node:crypto');
const os = await import('node:os');
const { createInterface } = await import('node:readline');
const { join } = await import('node:path');
const { root } = await import('./lib.mjs');
const { cannon, ensureCompiledAdapter, getAuditRequests, saveSectionRequests, secret, sleep } = await import('./server-harness.mjs');
const { createQaApp, jwtAuth, signQaToken, qaOperations } = await import('ehcp-qa/server');
const { createPostgresStorage } = await import('ehcp-qa/storage/postgres');
const { generateAuditsPostgres } = await import('./generate-postgres.ts');
const { saveBodies } = await import('./fixtures.ts');
const pg = (await import('pg')).default;

const url = process.env.QA_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const sizes = flag('sizes', quick ? '1000,10000,100000' : '1000,10000,100000,1000000').split(',').map(Number);
const duration = Number(flag('duration', quick ? 3 : 10));
const warmupSeconds = Number(flag('warmup', quick ? 1 : 3));
const connections = Number(flag('connections', 50));
const processCounts = flag('processes', '1,4').split(',').map(Number);
const targetRuns = Number(flag('runs', quick ? 3 : 10));
const capMs = Number(flag('cap-ms', quick ? 5_000 : 15_000));

async function unavailable() {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try { await client.connect(); await client.query('SELECT 1'); return null; } catch (error) { return `PostgreSQL is not answering at ${url} (${error.message})`; } finally { await client.end().catch(() => {}); }
}

/** A fresh schema (and its app role), and a function that drops both. */
function freshSchema(pool, prefix) {
  const schema = `${prefix}_${randomBytes(4).toString('hex')}`;
  return {
    schema,
    drop: async () => {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      if ((await pool.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [`${schema}_app`])).rowCount) {
        await pool.query(`DROP OWNED BY "${schema}_app"`);
        await pool.query(`DROP ROLE "${schema}_app"`);
      }
    },
  };
}

function startPostgresServer(env) {
  const child = spawn(process.execPath, [join(root, 'test', 'bench', 'postgres-server.mjs')], {
    cwd: root, env: { ...process.env, ...env, QA_JWT_SECRET: secret, NODE_ENV: 'production' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`the server did not start within 60 s: ${stderr.slice(0, 300)}`)); }, 60_000);
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`the server exited (${code}): ${stderr.split('\n').slice(0, 4).join(' / ')}`)); });
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (!line.startsWith('READY ')) return;
      clearTimeout(timer);
      const info = JSON.parse(line.slice(6));
      const stop = () => new Promise((done) => {
        if (child.exitCode !== null) return done();
        child.removeAllListeners('exit');
        child.once('exit', () => done());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
      });
      resolve({ info, child, stop });
    });
  });
}

async function timeRequest(app, path, headers) {
  const t0 = performance.now();
  const response = await app.request(path, { headers });
  const body = await response.text();
  const ms = performance.now() - t0;
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${body.slice(0, 300)}`);
  return { ms, body };
}

/** One warm-up, then up to `targetRuns` runs or `capMs` (at least one), as reports.mjs measures. */
async function measure(app, path, headers) {
  const warm = await timeRequest(app, path, headers);
  if (warm.ms > capMs) return { ...stats([warm.ms]), body: warm.body };
  const samples = [];
  const started = performance.now();
  while (samples.length < targetRuns && (samples.length === 0 || performance.now() - started < capMs)) samples.push((await timeRequest(app, path, headers)).ms);
  return { ...stats(samples), body: warm.body };
}

const why = await unavailable();
await runBench('postgres', async () => {
  if (why) return { status: 'skipped', reason: why };
  const notes = [];
  const loadAtStart = os.loadavg().map((l) => l.toFixed(1)).join(', ');
  const compileNote = ensureCompiledAdapter();
  if (compileNote) notes.push(compileNote);
  const admin = new pg.Pool({ connectionString: url, max: 4 });
  const version = (await admin.query('SHOW server_version')).rows[0].server_version;
  const settings = Object.fromEntries((await admin.query("SELECT name, setting, unit FROM pg_settings WHERE name IN ('shared_buffers', 'synchronous_commit', 'fsync', 'max_connections')")).rows.map((r) => [r.name, `${r.setting}${r.unit ? ` ${r.unit}` : ''}`]));
  const figures = { postgresVersion: version, load: {}, reports: { sizes: {} } };
  const sqliteResults = readResults().benches ?? {};

  // ── Load: 2,000 completed audits in one cycle (the summary) and 200 in progress for the auditor (getAudit, saveSection).
  const loadSchema = freshSchema(admin, 'bench_load');
  try {
    const storage = await createPostgresStorage({ connectionString: url, schema: loadSchema.schema });
    const tenant = 'la-bench';
    const auditorId = 'bench-auditor';
    const now = new Date().toISOString();
    await storage.createCycle(tenant, { id: 'cycle-load', name: 'Autumn 2025', startDate: '2025-09-01', endDate: '2025-12-19', kpiTarget: null, createdAt: now });
    await storage.createCycle(tenant, { id: 'cycle-work', name: 'Spring 2026', startDate: '2026-01-05', endDate: '2026-03-27', kpiTarget: null, createdAt: now });
    await generateAuditsPostgres(storage, { tenant, from: 0, count: 2000, cycles: [{ id: 'cycle-load', startDate: '2025-09-01' }] });
    await generateAuditsPostgres(storage, { tenant, from: 2000, count: 200, cycles: [{ id: 'cycle-work', startDate: '2026-01-05' }], status: 'in-progress', auditorId });
    await storage.close();
    const seed = { tenant, auditorId, summaryCycle: 'cycle-load', workAuditIds: Array.from({ length: 200 }, (_, i) => `gen-${String(2000 + i).padStart(8, '0')}`), workVersion: 14, saveBodies: saveBodies(240) };

    for (const processes of processCounts) {
      const server = await startPostgresServer({ QA_DATABASE_URL: url, QA_DATABASE_SCHEMA: loadSchema.schema, QA_PROCESSES: String(processes), BENCH_TENANT: tenant, BENCH_AUDITOR: auditorId });
      const { info } = server;
      const origin = new URL(info.qaUrl).origin;
      const save = saveSectionRequests(info, seed);
      // Each round starts from the versions the previous one left (saveSectionRequests starts them all at seed.workVersion).
      if (seed.versions) for (const slot of save.pool) slot.version = seed.versions.get(slot.id);
      const scenarios = [
        { name: 'getAudit', options: { url: origin, requests: getAuditRequests(info, seed) } },
        { name: 'getAuditSummary', options: { url: `${info.qaUrl}${info.paths.getAuditSummary}?cycleId=${seed.summaryCycle}`, headers: { authorization: `Bearer ${info.token}` } } },
        { name: 'saveSection', options: { url: origin, requests: save.requests }, tally: save.tally },
      ];
      const entry = { pids: info.pids.length };
      try {
        await sleep(500);
        for (const scenario of scenarios) {
          process.stdout.write(`  PostgreSQL, ${processes} process${processes > 1 ? 'es' : ''}, ${scenario.name}: warm-up ${warmupSeconds} s, then ${duration} s with ${connections} connections… `);
          const result = await cannon({ connections, duration, warmup: { connections, duration: warmupSeconds }, ...scenario.options });
          entry[scenario.name] = {
            requestsPerSecond: round(result.requests.average, 1), p50: result.latency.p50, p99: result.latency.p99, requests: result.requests.total,
            errors: result.errors + result.timeouts + result.non2xx,
            ...(scenario.tally ? { conflicts412: scenario.tally.conflicts, unexpected: scenario.tally.unexpected } : {}),
          };
          console.log(`${entry[scenario.name].requestsPerSecond} req/s`);
        }
      } finally {
        await server.stop();
      }
      // Every acknowledged save is in the database: each work audit holds its last acknowledged version (or one more, in flight at the stop).
      const check = await createPostgresStorage({ connectionString: url, schema: loadSchema.schema });
      const stored = new Map((await check.db.transaction(tenant, (tx) => tx.all('SELECT id, version FROM audits WHERE tenant = $1 AND id = ANY($2::text[])', [tenant, seed.workAuditIds]))).map((r) => [r.id, r.version]));
      await check.close();
      let lost = 0;
      for (const slot of save.pool) {
        const v = stored.get(slot.id) ?? 0;
        if (v < slot.version || v > slot.version + 1) lost++;
      }
      seed.versions = stored;
      entry.saveSection.lostOrUnexplained = lost;
      figures.load[`processes${processes}`] = entry;
    }
  } finally {
    await loadSchema.drop();
  }

  // ── Reports as data grows.
  const reportSchema = freshSchema(admin, 'bench_reports');
  try {
    const storage = await createPostgresStorage({ connectionString: url, schema: reportSchema.schema });
    const tenant = 'la-reports';
    const cycles = [
      { id: 'cycle-autumn-2025', name: 'Autumn 2025', startDate: '2025-09-01', endDate: '2025-12-19' },
      { id: 'cycle-spring-2026', name: 'Spring 2026', startDate: '2026-01-05', endDate: '2026-03-27' },
    ];
    const now = new Date().toISOString();
    for (const c of cycles) await storage.createCycle(tenant, { ...c, kpiTarget: null, createdAt: now });
    const app = createQaApp({ storage, auth: jwtAuth({ secret }) });
    const headers = { authorization: `Bearer ${await signQaToken({ sub: 'bench-manager', tenant, roles: ['manager'] }, secret)}` };
    const summaryPath = qaOperations.find((o) => o.operationId === 'getAuditSummary').path;
    const comparePath = qaOperations.find((o) => o.operationId === 'compareCycles').path;
    const paths = { summary: summaryPath, compare: `${comparePath}?cycleId=${cycles[1].id}&compareCycleId=${cycles[0].id}`, filtered: `${summaryPath}?phase=secondary` };
    let have = 0;
    for (const size of sizes) {
      process.stdout.write(`  PostgreSQL, ${size.toLocaleString('en-GB')} audits: generating… `);
      const seconds = await generateAuditsPostgres(storage, { tenant, from: have, count: size - have, cycles: cycles.map((c) => ({ id: c.id, startDate: c.startDate })) });
      have = size;
      const entry = { generateSeconds: round(seconds, 1) };
      process.stdout.write(`${seconds.toFixed(1)} s; measuring… `);
      for (const [name, path] of Object.entries(paths)) {
        const m = await measure(app, `/${path.replace(/^\//, '')}`, headers);
        const answer = JSON.parse(m.body);
        if (name === 'summary' && answer.figures?.audits !== size) throw new Error(`the summary counted ${answer.figures?.audits} audits where ${size} were generated`);
        if (name === 'compare' && answer.baseline?.audits + answer.current?.audits !== size) throw new Error('compareCycles counted the wrong number of audits');
        if (name === 'filtered' && !(answer.figures?.audits > 0 && answer.figures.audits < size)) throw new Error('the filtered summary counted the wrong number of audits');
        entry[name] = m.median;
        entry[`${name}Runs`] = m.runs;
      }
      const size2 = await storage.db.maintenance((tx) => tx.get(`SELECT pg_total_relation_size('audits') + pg_total_relation_size('audit_sections') + pg_total_relation_size('report_overall_counts') + pg_total_relation_size('report_grade_counts') AS bytes`));
      entry.databaseMB = round(Number(size2.bytes) / 1e6, 0);
      figures.reports.sizes[String(size)] = entry;
      console.log(`summary ${entry.summary.toFixed(1)} ms, compare ${entry.compare.toFixed(1)} ms, filtered ${entry.filtered.toFixed(1)} ms; ${entry.databaseMB} MB`);
    }
    await storage.close();
  } finally {
    await reportSchema.drop();
    await admin.end();
  }

  // ── Tables, with SQLite's figures from this run beside them.
  const sqliteLoad = sqliteResults.load?.status === 'ok' ? sqliteResults.load : null;
  const sqliteReports = sqliteResults.reports?.status === 'ok' ? sqliteResults.reports : null;
  const cell = (f) => (f ? `${f.requestsPerSecond.toFixed(0)} req/s, p99 ${f.p99} ms` : '—');
  const loadRows = ['getAudit', 'getAuditSummary', 'saveSection'].map((name) => [
    name, cell(sqliteLoad?.figures?.[name]), ...processCounts.map((p) => cell(figures.load[`processes${p}`]?.[name])),
  ]);
  const ms = (v) => (v === undefined ? '—' : v < 10 ? v.toFixed(2) : v.toFixed(0));
  const reportRows = sizes.map((size) => {
    const s = sqliteReports?.figures?.sizes?.[String(size)];
    const p = figures.reports.sizes[String(size)];
    return [size.toLocaleString('en-GB'), ms(s?.summary?.pushdown), ms(p.summary), ms(s?.compare?.pushdown), ms(p.compare), ms(s?.filtered?.pushdown), ms(p.filtered), `${p.generateSeconds} s`, `${p.databaseMB} MB`];
  });
  const lost = processCounts.reduce((a, p) => a + (figures.load[`processes${p}`]?.saveSection?.lostOrUnexplained ?? 0), 0);
  const errors = processCounts.reduce((a, p) => a + ['getAudit', 'getAuditSummary', 'saveSection'].reduce((b, n) => b + (figures.load[`processes${p}`]?.[n]?.errors ?? 0), 0), 0);
  figures.totalErrors = errors + lost;
  notes.push(
    `SQLite figures: load.mjs ${sqliteLoad ? `of ${sqliteLoad.ranAt.slice(0, 16).replace('T', ' ')} UTC` : 'not available'}, reports.mjs ${sqliteReports ? `of ${sqliteReports.ranAt.slice(0, 16).replace('T', ' ')} UTC` : 'not available'}${sqliteLoad?.quick || sqliteReports?.quick ? ' (quick)' : ''}. SQLite cannot run as several processes (serveQa refuses it).`,
    `PostgreSQL ${version} on the same machine (${Object.entries(settings).map(([k, v]) => `${k} ${v}`).join(', ')}), over TCP on loopback; the adapter's pool is 10 connections per process. On 2 cores the database, the adapter processes and autocannon share the CPU, so 4 processes show the cost of coordination here more than the gain a larger machine would give.`,
    lost ? `saveSection: ${lost} audits do not hold their last acknowledged version.` : 'saveSection: after each server stopped, every work audit held its last acknowledged version (none lost), with 1 and with 4 processes.',
    `Load errors (non-2xx, timeouts): ${errors}.`,
    `Machine load average (1, 5, 15 min) at the start: ${loadAtStart}; at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(', ')} (other work on the machine slows every figure here).`,
    'Reports in PostgreSQL: the same push-down as SQLite (running counts kept by statement-level triggers for whole-authority and per-cycle summaries; the filtered summary reads an index). The database size counts audits, sections, their indexes and the counters.',
    `Audits were generated with two set-based INSERT … SELECT statements over generate_series (as the app role, tenant set, so row-level security and the counters' triggers run), then VACUUM ANALYZE as autovacuum would.`,
  );
  return {
    settings: { 'PostgreSQL': version, processes: processCounts.join(' and '), connections, 'duration (s)': duration, 'warm-up (s)': warmupSeconds, sizes: sizes.join(', '), 'runs (target)': targetRuns },
    figures,
    tables: [
      { title: 'Adapter under load (loopback, 50 connections): SQLite and PostgreSQL', head: ['route', 'SQLite, 1 process', ...processCounts.map((p) => `PostgreSQL, ${p} process${p > 1 ? 'es' : ''}`)], rows: loadRows },
      { title: 'Reports: median ms per request through the adapter (push-down), SQLite and PostgreSQL', head: ['audits', 'summary SQLite', 'summary PostgreSQL', 'compare SQLite', 'compare PostgreSQL', 'filtered SQLite', 'filtered PostgreSQL', 'PostgreSQL generated in', 'PostgreSQL size'], rows: reportRows },
    ],
    notes,
  };
});
