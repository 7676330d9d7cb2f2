// 7. Importing files: a 10,000-row CSV of past audits (the legacy import) and a
// 10,000-row CSV of plans (registerPlans), through the adapter (`app.request`, so
// auth, validation and JSON are included) over a real SQLite file with the durable
// settings. Each import is timed as a dry run (parse and check every row), as the
// import itself, and as the re-import of the same file (which changes nothing).
//
//   node test/bench/import.mjs [--rows=10000]
import { ensureTsx, flag, round, runBench } from './lib.mjs';
ensureTsx();

const { mkdtempSync, rmSync } = await import('node:fs');
const { tmpdir } = await import('node:os');
const { join } = await import('node:path');
const { createQaApp, jwtAuth, signQaToken } = await import('ehcp-qa/server');
const { createSqliteStorage } = await import('ehcp-qa/storage/sqlite');

const rows = Number(flag('rows', 10_000));
const secret = 'bench-secret-that-is-long-enough-for-hs256-0123456789';
const phases = ['early-years', 'primary', 'secondary', 'post-16'];
const needs = ['ASD', 'SEMH', 'SLCN', 'MLD', 'SPLD'];
const words = ['Gold', 'Silver', 'Bronze', 'Significant gaps'];

function historyCsv() {
  const lines = ['Plan ID,Date audited,Role,Overall,A,B,C,D,E,F,G,H1,H2,I,J,K,Notes,Phase,Need,Setting,Type'];
  for (let i = 0; i < rows; i++) {
    // Four terms over a year; about one in four plans audited twice (another term).
    const month = String(1 + (i % 12)).padStart(2, '0');
    const grade = (k) => words[(i * 7 + k * 3) % 4];
    lines.push([`EHCP-${String(i % 8000).padStart(6, '0')}`, `1${i % 9}/${month}/2024`, i % 3 ? 'Caseworker' : 'EP', grade(0),
      ...Array.from({ length: 12 }, (_, k) => grade(k + 1)), i % 10 ? '' : '"Good outcomes, vague provision"',
      phases[i % 4], needs[i % 5], 'mainstream', 'new'].join(','));
  }
  return lines.join('\r\n');
}

function plansCsv() {
  const lines = ['planRef,status,planType,requestDate,issueDate,phase,primaryNeed,settingType,teamRef,caseworkerRef'];
  for (let i = 0; i < rows; i++) lines.push([`EHCP-${String(i).padStart(6, '0')}`, 'final', 'new', '2025-01-06', '2025-05-19', phases[i % 4], needs[i % 5], 'mainstream', `team-${i % 6}`, `cw-${i % 40}`].join(','));
  return lines.join('\n');
}

async function timed(app, path, body, headers) {
  const t0 = performance.now();
  const response = await app.request(path, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  const ms = performance.now() - t0;
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return { ms: round(ms, 0), result: JSON.parse(text) };
}

await runBench('import', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ehcp-qa-import-'));
  const storage = await createSqliteStorage({ filename: join(dir, 'import.sqlite') });
  try {
    // A 10,000-row file is about 1.3 MB of JSON: the host raises the body limit for the import.
    const app = createQaApp({ storage, auth: jwtAuth({ secret }), bodyLimitBytes: 8 * 1024 * 1024 });
    const headers = { authorization: `Bearer ${await signQaToken({ sub: 'bench-lead', tenant: 'la-import', roles: ['manager'] }, secret)}` };
    for (const [name, startDate, endDate] of [['Spring 2024', '2024-01-01', '2024-03-31'], ['Summer 2024', '2024-04-01', '2024-07-31'], ['Autumn 2024', '2024-08-01', '2024-12-31']]) {
      await app.request('/cycles', { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ name, startDate, endDate }) });
    }
    const history = historyCsv();
    const sections = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H1', 'H2', 'I', 'J', 'K'];
    const mapping = {
      frameworkId: 'ehcp-plan', frameworkVersion: '1.0.0',
      columns: { planRef: 'Plan ID', auditDate: 'Date audited', auditorRole: 'Role', overallGrade: 'Overall', comments: 'Notes', phase: 'Phase', primaryNeed: 'Need', settingType: 'Setting', planType: 'Type', sections: Object.fromEntries(sections.map((s) => [s, s])) },
      grades: { Gold: 'outstanding', Silver: 'good', Bronze: 'requires-improvement', 'Significant gaps': 'inadequate' },
      auditorRoles: { EP: 'educational-psychologist', Caseworker: 'send-caseworker' },
    };
    const dry = await timed(app, '/audit-history/csv', { ...mapping, csv: history, dryRun: true }, headers);
    const first = await timed(app, '/audit-history/csv', { ...mapping, csv: history }, headers);
    const again = await timed(app, '/audit-history/csv', { ...mapping, csv: history }, headers);
    if (first.result.created !== rows || again.result.unchanged !== rows) throw new Error(`unexpected counts ${JSON.stringify([first.result, again.result])}`);
    const plans = plansCsv();
    const plansDry = await timed(app, '/plans/csv', { csv: plans, dryRun: true }, headers);
    const plansFirst = await timed(app, '/plans/csv', { csv: plans }, headers);
    const plansAgain = await timed(app, '/plans/csv', { csv: plans }, headers);
    const kb = (text) => Math.round(Buffer.byteLength(text) / 1000);
    return {
      settings: { rows, sqlite: 'file, WAL, synchronous FULL' },
      figures: {
        history: { rows, fileKB: kb(history), dryRunMs: dry.ms, importMs: first.ms, reimportMs: again.ms },
        plans: { rows, fileKB: kb(plans), dryRunMs: plansDry.ms, importMs: plansFirst.ms, reimportMs: plansAgain.ms },
      },
      tables: [{
        title: `Importing a ${rows.toLocaleString('en-GB')}-row CSV through the adapter (one run each, ms)`,
        head: ['file', 'size', 'dry run', 'import', 're-import (no change)'],
        rows: [
          ['past audits (12 sections each)', `${kb(history)} kB`, dry.ms, first.ms, again.ms],
          ['plans (registerPlans)', `${kb(plans)} kB`, plansDry.ms, plansFirst.ms, plansAgain.ms],
        ],
      }],
      notes: ['Past audits are written by writeBatch in one transaction, each with its audit-trail entry; plans are registered in one transaction. The dry run and the import read each row\'s audit by id first, to count what is new.'],
    };
  } finally {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
