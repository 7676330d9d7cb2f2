// Browser tests: web-test-runner in the system's headless Chromium (never a downloaded one).
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { readFileSync } from 'node:fs';
import { findChromium, chromiumArgs } from './scripts/chromium.mjs';
import { qaTestServer } from './test/components/support/qa-server.mjs';

// The real adapter over a temporary SQLite file at /qa (loaded on first use).
const qa = qaTestServer();

// The package's own entry points (`ehcp-qa/components/audit`, …) resolve to their
// sources, with the same paths as tsc and tsx (tsconfig.json), never to a stale dist/.
const paths = JSON.parse(readFileSync(new URL('./tsconfig.json', import.meta.url), 'utf8')).compilerOptions.paths;
const ownSources = {
  name: 'ehcp-qa-sources',
  resolveImport({ source }) {
    for (const [pattern, [target]] of Object.entries(paths)) {
      if (pattern.endsWith('/*') ? source.startsWith(pattern.slice(0, -1)) : source === pattern) {
        const rest = pattern.endsWith('/*') ? source.slice(pattern.length - 1) : '';
        return target.replace('*', rest).replace(/^\./, '');
      }
    }
    return undefined;
  },
};

export default {
  files: ['test/components/**/*.test.ts'],
  nodeResolve: { exportConditions: ['browser', 'development'] },
  middleware: [qa.middleware],
  plugins: [ownSources, esbuildPlugin({ ts: true, tsconfig: './tsconfig.json', target: 'es2022' }), qa.plugin],
  browsers: [chromeLauncher({ launchOptions: { executablePath: findChromium() ?? undefined, headless: true, args: chromiumArgs } })],
  // Lit's development build (used here for its extra checks) announces itself once per test file.
  filterBrowserLogs: ({ args }) => !(typeof args[0] === 'string' && args[0].startsWith('Lit is in dev mode')),
  concurrency: 2,
  // 20 s: the first test of a file also waits for its modules (and the lazily loaded parts of <ehcp-audit>) to be compiled, which is slow on a busy 2-core machine.
  testFramework: { config: { timeout: 20000 } },
  testsFinishTimeout: 300000,
};
