// Browser tests: web-test-runner in the system's headless Chromium (never a downloaded one).
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { findChromium, chromiumArgs } from './scripts/chromium.mjs';
import { qaTestServer } from './test/components/support/qa-server.mjs';

// The real adapter over a temporary SQLite file at /qa (loaded on first use).
const qa = qaTestServer();

export default {
  files: ['test/components/**/*.test.ts'],
  nodeResolve: { exportConditions: ['source', 'browser', 'development'] },
  middleware: [qa.middleware],
  plugins: [esbuildPlugin({ ts: true, tsconfig: './tsconfig.json', target: 'es2022' }), qa.plugin],
  browsers: [chromeLauncher({ launchOptions: { executablePath: findChromium() ?? undefined, headless: true, args: chromiumArgs } })],
  // Lit's development build (used here for its extra checks) announces itself once per test file.
  filterBrowserLogs: ({ args }) => !(typeof args[0] === 'string' && args[0].startsWith('Lit is in dev mode')),
  concurrency: 2,
  testFramework: { config: { timeout: 10000 } },
  testsFinishTimeout: 300000,
};
