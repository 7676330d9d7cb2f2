// Shared by the load and memory benchmarks: prepare the SQLite file, start
// load-server.mjs in its own process (the compiled dist/ build, as a host runs it),
// and drive it with autocannon.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createRequire } from 'node:module';
import autocannon from 'autocannon';
import { root } from './lib.mjs';

export const secret = 'bench-secret-that-is-long-enough-for-hs256-0123456789';

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Makes sure dist/ holds the adapter compiled from the current sources (tsc emits
 * even when someone else's half-done file has a type error). Returns a note when
 * the compile reported errors.
 */
export function ensureCompiledAdapter() {
  const entry = join(root, 'dist', 'server-adapter', 'index.js');
  const fresh = existsSync(entry) && statSync(entry).mtimeMs >= Math.max(newestMtime(join(root, 'server-adapter')), newestMtime(join(root, 'criteria')));
  if (fresh) return null;
  const result = spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, encoding: 'utf8' });
  if (!existsSync(entry)) throw new Error(`could not compile the adapter: ${(result.stdout || result.stderr).split('\n')[0]}`);
  return result.status === 0 ? null : `tsc reported type errors elsewhere while compiling dist/ (${(result.stdout || '').split('\n')[0]})`;
}

/** A fresh temp folder and the seeded SQLite file in it. Returns the seed description. */
export function prepareDatabase(summaryAudits = 2000) {
  const dir = mkdtempSync(join(tmpdir(), 'ehcp-qa-bench-'));
  const file = join(dir, 'qa.sqlite');
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'test', 'bench', 'seed-load.ts'), file], {
    cwd: root, encoding: 'utf8', env: { ...process.env, BENCH_SUMMARY_AUDITS: String(summaryAudits) }, maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) throw new Error(`seeding failed: ${result.stderr.split('\n').find((l) => /error/i.test(l)) ?? result.stderr.slice(0, 300)}`);
  const seed = JSON.parse(result.stdout.trim().split('\n').at(-1));
  return { dir, file, seed, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Starts load-server.mjs on the prepared file; resolves when it prints READY. */
export function startServer({ file, seed, fromSource = false, nodeArgs = [] }) {
  const args = [...nodeArgs, ...(fromSource ? ['--import', 'tsx'] : []), join(root, 'test', 'bench', 'load-server.mjs')];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, QA_SQLITE_FILE: file, QA_JWT_SECRET: secret, BENCH_TENANT: seed.tenant, BENCH_AUDITOR: seed.auditorId, BENCH_AUDIT_ID: seed.workAuditIds[0], NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.kill(); reject(new Error('the server did not start within 30 s')); }, 30_000);
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
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      });
      resolve({ info, child, stop, stderr: () => stderr });
    });
  });
}

/**
 * Runs autocannon and returns its result. The promise form on purpose: autocannon
 * runs the `warmup` phase only when no callback is given.
 */
export async function cannon(options) {
  const result = await autocannon({ timeout: 10, ...options });
  if (options.warmup && !result.warmup) throw new Error('autocannon skipped the warm-up');
  return result;
}

/** A save's headers (bearer token, JSON, If-Match): the same for saveSection and for its floor, so both parse alike. */
const saveHeaders = (info, version) => ({ authorization: `Bearer ${info.token}`, 'content-type': 'application/json', 'if-match': `"${version}"` });

/**
 * Requests for autocannon that save sections with a real If-Match: every request
 * takes an audit nobody else is saving at that moment from a pool, sends its current
 * version, and puts it back with the version from the answer's ETag. So no two
 * connections race on one audit, and a 412 would mean a real bug (it is counted).
 */
export function saveSectionRequests(info, seed) {
  const pool = seed.workAuditIds.map((id) => ({ id, version: seed.workVersion }));
  const free = [...pool];
  const tally = { ok: 0, conflicts: 0, unexpected: 0, poolExhausted: 0 };
  let next = 0;
  const request = {
    method: 'PUT',
    setupRequest(req, context) {
      let slot = free.pop();
      if (!slot) { tally.poolExhausted++; slot = pool[next % pool.length]; }
      context.slot = slot;
      const { sectionId, body } = seed.saveBodies[next++ % seed.saveBodies.length];
      return {
        ...req,
        path: `${new URL(info.qaUrl).pathname}/audits/${slot.id}/sections/${sectionId}`,
        headers: saveHeaders(info, slot.version),
        body: JSON.stringify(body),
      };
    },
    onResponse(status, _body, context, headers) {
      const slot = context.slot;
      if (!slot) return;
      const etag = headers.etag ?? headers.ETag ?? headers.Etag;
      if (status === 200 && etag) { slot.version = Number(String(etag).replace(/[^0-9]/g, '')); tally.ok++; }
      else if (status === 412) tally.conflicts++;
      else tally.unexpected++;
      if (!free.includes(slot)) free.push(slot);
    },
  };
  return { requests: [request], tally, pool };
}

/** PUTs of the save bodies and headers (as saveSectionRequests sends them, in turn) to the bare floor route. */
export function saveFloorRequests(info, seed) {
  let next = 0;
  return [{
    method: 'PUT',
    setupRequest(req) {
      const { body } = seed.saveBodies[next++ % seed.saveBodies.length];
      return { ...req, headers: saveHeaders(info, seed.workVersion), body: JSON.stringify(body) };
    },
  }];
}

/** getAudit over the pool of audits, one after another. */
export function getAuditRequests(info, seed) {
  let next = 0;
  const base = new URL(info.qaUrl).pathname;
  return [{
    method: 'GET',
    setupRequest: (req) => ({ ...req, path: `${base}/audits/${seed.workAuditIds[next++ % seed.workAuditIds.length]}`, headers: { authorization: `Bearer ${info.token}` } }),
  }];
}

/** listAudits of the work cycle, a page of `limit` at a time, following each answer's cursor round the 200 audits. */
export function listAuditsRequests(info, seed, limit = 20) {
  const base = new URL(info.qaUrl).pathname;
  const first = `${base}/audits?cycleId=cycle-work&limit=${limit}`;
  const cursors = [];
  return [{
    method: 'GET',
    setupRequest: (req) => ({ ...req, path: cursors.shift() ?? first, headers: { authorization: `Bearer ${info.token}` } }),
    onResponse: (status, body) => {
      if (status !== 200) return;
      const next = JSON.parse(body).nextCursor;
      if (next && cursors.length < 1000) cursors.push(`${first}&cursor=${encodeURIComponent(next)}`);
    },
  }];
}

/** Sleeps, so the server's idle memory settles between phases. */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** After the server has stopped: each work audit's version, read straight from the file. */
export function storedVersions(file, seed) {
  const sqlite3 = createRequire(import.meta.url)('sqlite3');
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY, (error) => {
      if (error) return reject(error);
      const ids = seed.workAuditIds;
      db.all(`SELECT id, version FROM audits WHERE tenant = ? AND id IN (${ids.map(() => '?').join(', ')})`, [seed.tenant, ...ids],
        (err, rows) => db.close(() => (err ? reject(err) : resolve(new Map(rows.map((r) => [r.id, r.version]))))));
    });
  });
}
