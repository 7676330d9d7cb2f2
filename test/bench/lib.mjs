// Shared helpers for the benchmarks: settings, statistics, tables, the results file
// (docs/performance.json) and the generated section of docs/performance.md.
import { closeSync, existsSync, fsyncSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import os from 'node:os';
import { createRequire } from 'node:module';
import { budgets, meets, formatValue } from './budgets.mjs';
import { findChromium } from '../../scripts/chromium.mjs';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const resultsPath = join(root, 'docs', 'performance.json');
export const docsPath = join(root, 'docs', 'performance.md');
export const START = '<!-- bench:generated:start -->';
export const END = '<!-- bench:generated:end -->';

/** `--quick`: fewer runs and shorter load, for development only. Figures are marked as quick. */
export const quick = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';

/** Value of `--name=value` on the command line, or the fallback. */
export function flag(name, fallback) {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? hit.slice(name.length + 3) : fallback;
}

/** Median, p95, min, max and mean of a list of numbers (milliseconds, usually). */
export function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  const mid = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(mid)] : (sorted[mid - 1] + sorted[mid]) / 2;
  return {
    runs: sorted.length,
    median: round(median),
    p95: round(at(0.95)),
    min: round(sorted[0]),
    max: round(sorted.at(-1)),
    mean: round(sorted.reduce((a, b) => a + b, 0) / sorted.length),
  };
}

export function round(value, digits = 3) {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Prints a table to the terminal. `rows` are arrays of cells (strings or numbers). */
export function printTable({ title, head, rows, notes = [] }) {
  const cells = [head, ...rows].map((r) => r.map((c) => String(c)));
  const widths = head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(`\n${title}`);
  console.log(line(cells[0]));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of cells.slice(1)) console.log(line(r));
  for (const n of notes) console.log(`  ${n}`);
}

/**
 * How fast this machine is at the two things the load figures are made of, so figures from different
 * machines (or one virtual machine on different days) can be compared: `jsMs`, one thread doing a fixed
 * piece of work like a save's (JSON written and read back, a SHA-256, small objects made), the median
 * of 7 runs; `fsyncMs`, a 4 kB append and fsync in the temporary folder, the median of 200. Takes
 * about a second. A save's CPU scales with the first; a commit waits for the second.
 */
export function machineReference() {
  const record = { id: 'gen-00000001', sections: Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`S${i}`, { criteriaMet: ['a1', 'a2', 'a3', 'b1'], grade: 'good', comment: `Comment ${i} `.repeat(8), savedAt: '2026-01-05T10:00:00.000Z', cannotTell: [] }])) };
  const work = () => {
    let bytes = 0;
    for (let i = 0; i < 2000; i++) {
      const text = JSON.stringify({ ...record, version: i });
      bytes += JSON.parse(text).sections.S3.comment.length;
      bytes += createHash('sha256').update(text).digest('hex').length;
    }
    return bytes;
  };
  work();
  const js = [];
  for (let r = 0; r < 7; r++) { const t = performance.now(); work(); js.push(performance.now() - t); }
  const dir = mkdtempSync(join(os.tmpdir(), 'ehcp-qa-fsync-'));
  const sync = [];
  try {
    const fd = openSync(join(dir, 'probe'), 'a');
    const page = Buffer.alloc(4096, 1);
    try {
      for (let r = 0; r < 200; r++) { const t = performance.now(); writeSync(fd, page); fsyncSync(fd); sync.push(performance.now() - t); }
    } finally { closeSync(fd); }
  } finally { rmSync(dir, { recursive: true, force: true }); }
  return { jsMs: round(stats(js).median, 1), fsyncMs: round(stats(sync).median, 2), fsyncP95Ms: round(stats(sync).p95, 2) };
}

/** Machine and software the figures were measured on. */
export function environment() {
  let chromium = 'not found';
  const path = findChromium();
  if (path) {
    try {
      chromium = execFileSync(path, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch { chromium = `${path} (version unknown)`; }
  }
  let sqlite = 'unknown';
  try { sqlite = createRequire(import.meta.url)('sqlite3').VERSION ?? 'unknown'; } catch { /* not installed */ }
  return {
    date: new Date().toISOString(),
    node: process.version,
    chromium,
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model?.trim() ?? 'unknown',
    memoryGB: round(os.totalmem() / 1e9, 1),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    sqlite,
    reference: machineReference(),
  };
}

export function readResults() {
  if (!existsSync(resultsPath)) return { benches: {} };
  try { return JSON.parse(readFileSync(resultsPath, 'utf8')); } catch { return { benches: {} }; }
}

/**
 * Stores one benchmark's outcome in docs/performance.json, replacing its previous one.
 * @param {string} bench name, e.g. `weight`
 * @param {{ status: 'ok'|'skipped'|'failed', reason?: string, settings?: object, figures?: object, tables?: object[], notes?: string[] }} result
 */
export function saveResult(bench, result) {
  const all = readResults();
  all.benches ??= {};
  all.benches[bench] = { ranAt: new Date().toISOString(), quick, ...result };
  writeFileSync(resultsPath, `${JSON.stringify(all, null, 2)}\n`);
}

/** Records that a benchmark could not run, and says why on the terminal. */
export function skip(bench, reason) {
  console.log(`\n${bench}: not available yet: ${reason}`);
  saveResult(bench, { status: 'skipped', reason });
}

/** Runs a benchmark's main function; prints its tables and saves its result. A throw is recorded as a failure. */
export async function runBench(bench, main) {
  try {
    const result = await main();
    if (!result) return;
    if (result.status === 'skipped') return skip(bench, result.reason);
    for (const table of result.tables ?? []) printTable(table);
    for (const note of result.notes ?? []) console.log(`  ${note}`);
    saveResult(bench, { status: 'ok', ...result });
  } catch (error) {
    console.error(`\n${bench}: failed: ${error?.stack ?? error}`);
    saveResult(bench, { status: 'failed', reason: String(error?.message ?? error).split('\n')[0] });
    process.exitCode = 1;
  }
}

/** Each budget with its figure and verdict: `pass`, `miss`, or `missing` (not measured). */
export function checkBudgets(results = readResults()) {
  return budgets.map((budget) => {
    const bench = results.benches?.[budget.bench];
    const value = bench?.status === 'ok' ? budget.get(bench.figures ?? {}) : undefined;
    const verdict = value === undefined || value === null || Number.isNaN(value) ? 'missing' : meets(budget, value) ? 'pass' : 'miss';
    const reason = bench?.reason ?? bench?.figures?.unavailable?.[budget.id];
    return { budget, value, verdict, quick: Boolean(bench?.quick), benchStatus: bench?.status ?? 'not run', reason };
  });
}

const benchTitles = {
  weight: '1. Weight',
  render: '2. Render in headless Chromium',
  load: '3. Adapter under load',
  reports: '4. Reports as data grows',
  'startup-memory': '5. Start-up and memory',
  'plan-checks': '6. Plan checks (details in docs/plan-checks.md)',
  import: '7. Importing files',
  peer: '8. Against a peer form library (SurveyJS)',
  postgres: '9. PostgreSQL beside SQLite (details in docs/storage.md)',
};

/** Element names in Markdown as code, so `<ehcp-audit>` is shown and not taken for HTML. */
function codeTags(text) {
  return text.replace(/(?<!`)<(ehcp-[a-z-]+)>(?!`)/g, '`<$1>`');
}

function markdownTable({ title, head, rows, notes = [] }) {
  const esc = (c) => String(c).replaceAll('|', '\\|');
  const out = [`**${title}**`, '', `| ${head.map(esc).join(' | ')} |`, `|${head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`];
  for (const r of rows) out.push(`| ${r.map(esc).join(' | ')} |`);
  if (notes.length) out.push('', ...notes.map((n) => `- ${n}`));
  return out.join('\n');
}

/** Rewrites the generated section of docs/performance.md from docs/performance.json. */
export function writeDocs(results = readResults()) {
  const env = results.environment ?? environment();
  const lines = [START, '', '<!-- Generated by `npm run bench` from docs/performance.json. Do not edit by hand. -->', ''];
  lines.push(`Measured on ${env.date.slice(0, 10)} (${env.date.slice(11, 16)} UTC) with Node ${env.node}, ${env.chromium}, ${env.cores} cores (${env.cpu}), ${env.memoryGB} GB RAM, ${env.platform}.`);
  if (env.sqlite && env.sqlite !== 'unknown') lines.push(`SQLite ${env.sqlite} through the \`sqlite3\` package.`);
  if (env.reference) lines.push(`Machine reference (test/bench/lib.mjs \`machineReference\`; lower is faster): a fixed piece of save-like JavaScript took ${env.reference.jsMs} ms on one thread, a 4 kB append with fsync ${env.reference.fsyncMs} ms (median).`);
  if (results.totalSeconds) lines.push(`The whole run took ${Math.round(results.totalSeconds)} s.`);
  const anyQuick = Object.values(results.benches ?? {}).some((b) => b.quick);
  if (anyQuick) lines.push('', '> **Quick run** (`--quick`): fewer repetitions and shorter load than the issue asks for. Development figures only.');
  lines.push('', '### Budgets', '', '| budget | limit | measured | verdict |', '|---|---:|---:|---|');
  for (const { budget, value, verdict, benchStatus, reason } of checkBudgets(results)) {
    const limit = `${budget.kind === 'max' ? '≤' : '≥'} ${formatValue(budget.unit, budget.limit)}`;
    const shown = verdict === 'missing' ? `not measured (${(reason ?? benchStatus).slice(0, 160)}${(reason ?? '').length > 160 ? '…' : ''})` : formatValue(budget.unit, value);
    lines.push(`| ${codeTags(budget.what)} | ${limit} | ${codeTags(shown).replaceAll('|', '\\|')} | ${verdict === 'pass' ? 'pass' : verdict === 'miss' ? '**MISS**' : '**not measured**'} |`);
  }
  for (const [name, title] of Object.entries(benchTitles)) {
    const bench = results.benches?.[name];
    lines.push('', `### ${title}`, '');
    if (!bench) { lines.push('Not run.'); continue; }
    if (bench.status !== 'ok') { lines.push(`Not measured: ${bench.status}${bench.reason ? ` (${bench.reason})` : ''}.`); continue; }
    if (bench.settings) lines.push(`Settings: ${Object.entries(bench.settings).map(([k, v]) => `${k} ${typeof v === 'object' ? JSON.stringify(v) : v}`).join('; ')}.`, '');
    for (const table of bench.tables ?? []) lines.push(codeTags(markdownTable(table)), '');
    for (const note of bench.notes ?? []) lines.push(codeTags(`- ${note}`));
  }
  lines.push('', END);
  const generated = lines.join('\n');
  let doc = existsSync(docsPath) ? readFileSync(docsPath, 'utf8') : `# Performance\n\n${START}\n${END}\n`;
  if (!doc.includes(START) || !doc.includes(END)) doc = `${doc.trimEnd()}\n\n## Figures\n\n${START}\n${END}\n`;
  const before = doc.slice(0, doc.indexOf(START));
  const after = doc.slice(doc.indexOf(END) + END.length);
  writeFileSync(docsPath, `${before}${generated}${after}`);
}

/**
 * Re-runs this script with TypeScript support (tsx) when it was started without
 * it, so benchmarks can import the package's own TypeScript entry points (tsx maps
 * `ehcp-qa/…` to the sources with tsconfig.json's paths). Returns only in the child.
 */
export function ensureTsx() {
  const ready = process.execArgv.some((a) => a.includes('tsx'));
  if (ready) return;
  const result = spawnSync(process.execPath, ['--import', 'tsx', ...process.execArgv, process.argv[1], ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}

/** Resident memory of a process in bytes (Linux /proc), or undefined elsewhere. */
export function rssOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kB = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1]);
    return Number.isFinite(kB) ? kB * 1024 : undefined;
  } catch { return undefined; }
}
