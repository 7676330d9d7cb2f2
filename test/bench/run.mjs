// `npm run bench`: runs every benchmark in turn, each in its own process, then writes
// the figures into the generated section of docs/performance.md.
//
//   npm run bench                    the issue's settings (about 8 minutes on 2 cores)
//   npm run bench -- --quick         fewer runs and shorter load, for development
//   npm run bench -- weight render   only these benchmarks (the others keep their last figures)
//
// Benchmarks are not tests: nothing here fails on a slow figure. `npm run bench:check`
// compares the figures with the budgets in test/bench/budgets.mjs.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { environment, readResults, resultsPath, root, writeDocs } from './lib.mjs';

const all = ['weight', 'render', 'load', 'reports', 'startup-memory', 'plan-checks', 'import', 'peer', 'postgres'];
const chosen = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const unknown = chosen.filter((name) => !all.includes(name));
if (unknown.length) {
  console.error(`Unknown benchmark ${unknown.join(', ')}; choose from ${all.join(', ')}.`);
  process.exit(2);
}
const benches = chosen.length ? chosen : all;
const passOn = process.argv.slice(2).filter((a) => a.startsWith('--'));

const started = Date.now();
let failed = 0;
for (const name of benches) {
  console.log(`\n━━ ${name} ━━`);
  const t0 = Date.now();
  const result = spawnSync(process.execPath, [join(root, 'test', 'bench', `${name}.mjs`), ...passOn], { stdio: 'inherit', cwd: root });
  if (result.status !== 0) failed++;
  console.log(`(${name}: ${((Date.now() - t0) / 1000).toFixed(1)} s${result.status !== 0 ? `, exit ${result.status ?? result.signal}` : ''})`);
}

const results = readResults();
results.environment = environment();
results.totalSeconds = (Date.now() - started) / 1000;
results.benchesRun = benches;
writeFileSync(resultsPath, `${JSON.stringify(results, null, 2)}\n`);
writeDocs(results);
console.log(`\nWrote docs/performance.md and docs/performance.json in ${results.totalSeconds.toFixed(0)} s total.`);
console.log('Compare with the budgets: npm run bench:check');
process.exit(failed ? 1 : 0);
