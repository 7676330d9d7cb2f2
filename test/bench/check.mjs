// `npm run bench:check`: compares the figures in docs/performance.json (written by
// `npm run bench`) with the budgets in test/bench/budgets.mjs. Exits 1 when a budget
// is missed or a figure was never measured, so a regression is visible.
import { checkBudgets, readResults } from './lib.mjs';
import { formatValue } from './budgets.mjs';

const results = readResults();
if (!results.benches || Object.keys(results.benches).length === 0) {
  console.error('No figures yet: run `npm run bench` first.');
  process.exit(1);
}
const rows = checkBudgets(results);
let bad = 0;
console.log(`Figures from ${results.environment?.date ?? 'an unknown date'} (${results.environment?.cores ?? '?'} cores, Node ${results.environment?.node ?? '?'})\n`);
for (const { budget, value, verdict, quick, benchStatus, reason } of rows) {
  const limit = `${budget.kind === 'max' ? '≤' : '≥'} ${formatValue(budget.unit, budget.limit)}`;
  const mark = verdict === 'pass' ? 'pass ' : verdict === 'miss' ? 'MISS ' : 'NONE ';
  const shown = verdict === 'missing' ? `not measured (${(reason ?? benchStatus).slice(0, 160)}${(reason ?? '').length > 160 ? '…' : ''})` : formatValue(budget.unit, value);
  console.log(`${mark} ${budget.id.padEnd(28)} ${shown.padStart(12)}  (${limit})  ${budget.what}${quick ? '  [quick run]' : ''}`);
  if (verdict !== 'pass') bad++;
}
const quickOnes = rows.filter((r) => r.quick).length;
if (quickOnes) console.log(`\nNote: ${quickOnes} figure(s) come from a --quick run, not the issue's settings.`);
if (bad) {
  console.error(`\n${bad} of ${rows.length} budgets missed or not measured.`);
  process.exit(1);
}
console.log(`\nAll ${rows.length} budgets met.`);
