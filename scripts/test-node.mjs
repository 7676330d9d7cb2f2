// Runs every Node test (test/**/*.test.ts outside test/components and test/bench)
// with Node's own test runner; TypeScript is loaded by tsx, and the package's own
// entry points resolve to source through the "source" export condition.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

// test/hardening runs with `npm run test:hardening` (fuzzing and kill -9 rounds take longer than npm test's budget).
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
const result = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', '--test', '--test-concurrency=2', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
