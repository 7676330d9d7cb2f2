// 5. Start-up and memory.
//  - Start-up: time from spawning `npm run demo` to its first successful request
//    (polled every 10 ms), median of several cold starts.
//  - Memory: resident memory (RSS, from /proc) of serveQa idle, then after each of
//    two identical load runs (getAudit then saveSection, 50 connections); the second
//    run must not grow it by more than 10%.
//
//   node test/bench/startup-memory.mjs [--quick] [--starts=5]
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flag, quick, root, round, rssOf, runBench, stats } from './lib.mjs';
import { cannon, ensureCompiledAdapter, getAuditRequests, prepareDatabase, saveSectionRequests, sleep, startServer } from './server-harness.mjs';

const starts = Number(flag('starts', quick ? 2 : 5));
const loadSeconds = Number(flag('duration', quick ? 3 : 10));

/** Where the demo answers, and on which port it listens (env PORT). */
const demoPort = 18787;
const demoProbe = process.env.BENCH_DEMO_PROBE ?? '/';

async function timeDemoStart(sqliteFile) {
  const started = performance.now();
  const child = spawn('npm', ['run', '--silent', 'demo'], {
    cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PORT: String(demoPort), HOST: '127.0.0.1', DEMO_SQLITE_FILE: sqliteFile, QA_JWT_SECRET: 'bench-secret-that-is-long-enough-for-hs256-0123456789' },
  });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  let exited = false;
  child.on('exit', () => { exited = true; });
  try {
    for (;;) {
      if (exited) throw new Error(`npm run demo exited before answering: ${output.trim().split('\n').slice(-3).join(' / ')}`);
      if (performance.now() - started > 60_000) throw new Error('npm run demo did not answer within 60 s');
      try {
        const response = await fetch(`http://127.0.0.1:${demoPort}${demoProbe}`);
        await response.arrayBuffer();
        if (response.ok) return performance.now() - started;
      } catch { /* not listening yet */ }
      await sleep(10);
    }
  } finally {
    // npm starts a shell and tsx under it: end the whole group we started.
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* already gone */ }
    await new Promise((resolve) => { if (exited) resolve(); else { child.once('exit', resolve); setTimeout(resolve, 5000); } });
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
  }
}

await runBench('startup-memory', async () => {
  const figures = { unavailable: {} };
  const notes = [];
  const rows = [];
  const mb = (b) => (b === undefined ? '—' : `${(b / 1e6).toFixed(1)} MB`);

  // Start-up
  const hasDemo = existsSync(join(root, 'demo', 'server.ts'));
  if (hasDemo) {
    const dir = mkdtempSync(join(tmpdir(), 'ehcp-qa-demo-'));
    try {
      const file = join(dir, 'demo.sqlite');
      // The very first start creates and seeds the demo database; later starts reuse it.
      figures.demoFirstStartMs = round(await timeDemoStart(file), 1);
      const samples = [];
      for (let i = 0; i < starts; i++) samples.push(await timeDemoStart(file));
      figures.demoStart = stats(samples);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    rows.push(
      [`npm run demo: process start to first successful request (GET ${demoProbe}), database already seeded`, `${figures.demoStart.median.toFixed(0)} ms median (min ${figures.demoStart.min.toFixed(0)}, max ${figures.demoStart.max.toFixed(0)}, ${starts} starts)`],
      ['npm run demo: very first start (creates and seeds the demo database)', `${figures.demoFirstStartMs.toFixed(0)} ms`],
    );
  } else {
    figures.unavailable.demoStart = 'demo/server.ts does not exist yet';
    notes.push('Start-up: not measured: demo/server.ts does not exist yet.');
  }

  // Memory across two identical load runs
  const compileNote = ensureCompiledAdapter();
  if (compileNote) notes.push(compileNote);
  const db = prepareDatabase(2000);
  const server = await startServer({ file: db.file, seed: db.seed });
  try {
    const { info, child } = server;
    figures.serveQaStartMs = round(info.startMs, 1);
    await sleep(2000);
    figures.rssIdle = rssOf(child.pid);
    const origin = new URL(info.qaUrl).origin;
    const save = saveSectionRequests(info, db.seed);
    const oneRun = async () => {
      await cannon({ url: origin, connections: 50, duration: loadSeconds, requests: getAuditRequests(info, db.seed) });
      await cannon({ url: origin, connections: 50, duration: loadSeconds, requests: save.requests });
      await sleep(2000);
      return rssOf(child.pid);
    };
    figures.rssAfterRun1 = await oneRun();
    figures.rssAfterRun2 = await oneRun();
    figures.rssGrowthBetweenRuns = round((figures.rssAfterRun2 - figures.rssAfterRun1) / figures.rssAfterRun1, 4);
    rows.push(
      ['serveQa (dist/, SQLite): start to listening, in-process', `${figures.serveQaStartMs} ms`],
      ['serveQa resident memory, idle after start', mb(figures.rssIdle)],
      [`after load run 1 (getAudit ${loadSeconds} s + saveSection ${loadSeconds} s, 50 connections)`, mb(figures.rssAfterRun1)],
      ['after load run 2 (identical)', mb(figures.rssAfterRun2)],
      ['growth from run 1 to run 2', `${(figures.rssGrowthBetweenRuns * 100).toFixed(1)}%`],
    );
    if (save.tally.conflicts || save.tally.unexpected) notes.push(`During the memory runs saveSection met ${save.tally.conflicts} conflicts and ${save.tally.unexpected} other non-200 answers.`);
  } finally {
    await server.stop();
    db.cleanup();
  }
  return {
    settings: { 'demo starts': starts, 'load per run (s)': `${loadSeconds} getAudit + ${loadSeconds} saveSection` },
    figures,
    tables: [{ title: 'Start-up and memory', head: ['what', 'figure'], rows }],
    notes: [...notes, 'Resident memory is VmRSS from /proc/<pid>/status, read 2 s after each phase.'],
  };
});
