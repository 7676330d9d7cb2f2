// `npm test`: type check, Node tests, the hardening tests, browser tests, then the pack test (the package
// as vendors and LA developers install it). Stops at the first failure.
import { spawnSync } from 'node:child_process';

const steps = [
  ['type check (whole project)', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']],
  ['type check (criteria/ without DOM or Node)', 'npx', ['tsc', '--noEmit', '-p', 'criteria/tsconfig.json']],
  ['Node tests', 'node', ['scripts/test-node.mjs']],
  ['hardening (the adapter fuzzed over every operation, kill -9 rounds of a writing server)', 'node', ['scripts/test-node.mjs', 'test/hardening/fuzz.test.ts', 'test/hardening/crash.test.ts']],
  ['browser tests', 'npm', ['run', '--silent', 'test:browser']],
  ['pack test (npm pack, install offline, run docs/examples)', 'node', ['--test', '--test-reporter=spec', 'test/pack/pack.test.mjs']],
];
for (const [name, command, args] of steps) {
  console.log(`\n▶ ${name}`);
  const started = Date.now();
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`\n✖ ${name} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status || 1);
  }
  console.log(`✔ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
