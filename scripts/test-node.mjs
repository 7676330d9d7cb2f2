// Runs every Node test (test/**/*.test.ts outside test/components and test/bench)
// with Node's own test runner; TypeScript is loaded by tsx, and the package's own
// entry points (`ehcp-qa/…`) resolve to their sources through tsconfig.json's paths.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

// test/hardening has its own step in `npm test` (scripts/test.mjs) and its own script, `npm run test:hardening`.
const skip = new Set(['test/components', 'test/bench', 'test/fixtures', 'test/hardening']);
function find(dir) {
  if (skip.has(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return find(path);
    return name.endsWith('.test.ts') ? [path] : [];
  });
}
const files = process.argv.length > 2 ? process.argv.slice(2) : find('test').sort();
// On a terminal, Node's own reporter (one line per test); elsewhere (CI logs) a dot per
// test, the failures in full, and the counts, instead of thousands of lines of TAP.
const reporters = process.stdout.isTTY
  ? []
  : ['--test-reporter=dot', '--test-reporter-destination=stdout', '--test-reporter=./scripts/test-counts-reporter.mjs', '--test-reporter-destination=stdout'];
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...reporters, ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
