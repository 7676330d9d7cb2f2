/**
 * The demo host: a small, fictional local authority case-management screen with
 * the audit embedded beside the plan. `npm run demo`, then open the address it prints.
 *
 * - mounts the adapter at /qa over an SQLite file (`.demo-data/demo.sqlite`, or
 *   `DEMO_SQLITE_FILE`), seeded with fictional data on first run;
 * - bundles the elements from source with esbuild on start (no build step needed);
 * - serves the pages in demo/pages and the files in demo/static;
 * - mints demo tokens for the role switcher at /demo/token (demo only: a real host
 *   issues tokens from its own sign-in).
 *
 * Environment: PORT (default 8080), HOST (default 127.0.0.1), QA_JWT_SECRET (default:
 * a random one, printed), DEMO_SQLITE_FILE; or QA_DATABASE_URL=postgres://… (and
 * optionally QA_DATABASE_SCHEMA, default `ehcp_qa`) to run the demo on PostgreSQL.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { build } from 'esbuild';
import { Hono } from 'hono';
import { createQaApp, jwtAuth, signQaToken, type QaAppOptions } from 'ehcp-qa/server';
import { createSqliteStorage } from 'ehcp-qa/storage/sqlite';
import type { QaStorage } from 'ehcp-qa/server';
import { builtInFrameworks, ehcpPlanV2 } from 'ehcp-qa/criteria';
import { DEMO_CASE, DEMO_LA_NAME, DEMO_TENANT, DEMO_USERS, isDemoSeeded, seedDemo, type DemoRole } from './seed.js';
import { demoSeedHooks } from './seed-hooks.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');

/** Builds the browser bundle of every element from the TypeScript sources. */
export async function bundleElements(): Promise<string> {
  const result = await build({
    // Every element, and <ehcp-plan-checks> (not in the package's own bundle).
    stdin: {
      contents: "export * from './components/index.ts';\nexport * from './components/plan-checks/index.ts';\n",
      resolveDir: root,
      sourcefile: 'demo-elements.ts',
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    write: false,
    conditions: ['browser', 'production'],
    tsconfig: join(root, 'tsconfig.json'),
    legalComments: 'none',
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

export interface DemoServer {
  url: string;
  close(): Promise<void>;
}

export interface DemoOptions {
  port?: number;
  hostname?: string;
  secret?: string;
  sqliteFile?: string;
  /** `postgres://…`: run on PostgreSQL instead of the SQLite file. Default: `QA_DATABASE_URL`. */
  databaseUrl?: string;
  /** The PostgreSQL schema. Default: `QA_DATABASE_SCHEMA`, else the storage's default (`ehcp_qa`). */
  databaseSchema?: string;
  log?: (m: string) => void;
}

/** The demo's database: PostgreSQL when a URL is given, else the SQLite file. */
async function openDemoStorage(options: DemoOptions): Promise<{ storage: QaStorage; where: string }> {
  const url = options.databaseUrl ?? process.env.QA_DATABASE_URL;
  if (url && !url.startsWith('sqlite:')) {
    if (!/^postgres(ql)?:\/\//i.test(url)) throw new Error(`QA_DATABASE_URL must start with postgres://, postgresql:// or sqlite: (it was "${url.split(':')[0]}:…")`);
    const { createPostgresStorage } = await import('ehcp-qa/storage/postgres');
    const schema = options.databaseSchema ?? process.env.QA_DATABASE_SCHEMA;
    const storage = await createPostgresStorage({ connectionString: url, ...(schema ? { schema } : {}) });
    return { storage, where: `PostgreSQL ${url.replace(/\/\/[^@/]*@/, '//…@')} (schema ${schema ?? 'ehcp_qa'})` };
  }
  const sqliteFile = options.sqliteFile ?? (url ? url.slice('sqlite:'.length) : undefined) ?? process.env.DEMO_SQLITE_FILE ?? join(root, '.demo-data', 'demo.sqlite');
  if (sqliteFile !== ':memory:') mkdirSync(dirname(sqliteFile), { recursive: true });
  return { storage: await createSqliteStorage({ filename: sqliteFile }), where: sqliteFile };
}

export async function startDemo(options: DemoOptions = {}): Promise<DemoServer> {
  const log = options.log ?? ((m: string) => console.log(m));
  const secret = options.secret ?? process.env.QA_JWT_SECRET ?? randomBytes(32).toString('hex');
  if (!options.secret && !process.env.QA_JWT_SECRET) log(`QA_JWT_SECRET not set: using a random secret for this run (${secret}).`);
  const { storage, where } = await openDemoStorage(options);
  log(`Demo data: ${where}.`);
  if (!(await isDemoSeeded(storage))) {
    log(`Creating the demo database in ${where}…`);
    await seedDemo(storage, { framework: ehcpPlanV2, hooks: demoSeedHooks, log });
  }

  let qaOptions: QaAppOptions = {
    storage, auth: jwtAuth({ secret }), frameworks: builtInFrameworks,
    // Feedback linked to plans (so the dashboard can set answers beside audit grades); the
    // public form's page loads the demo's own bundle.
    feedback: { linkResponses: true, formScriptUrl: '/assets/ehcp-qa.js', organisationName: `${DEMO_LA_NAME} (fictional)` },
  };
  try {
    // Sample regional and national figures for the benchmark element (a fictional hub in memory).
    const { withSampleBenchmarking } = await import('./sample-hub.js');
    qaOptions = await withSampleBenchmarking(qaOptions, { tenant: DEMO_TENANT });
  } catch (error) {
    log(`Benchmark sample not available (${(error as Error).message}); the rest of the demo works without it.`);
  }

  const bundle = await bundleElements();
  log(`Bundled the elements (${Math.round(bundle.length / 1024)} kB minified).`);

  const app = new Hono();
  app.route('/qa', createQaApp(qaOptions));

  app.get('/demo/config', (c) =>
    c.json({
      laName: DEMO_LA_NAME,
      tenant: DEMO_TENANT,
      case: DEMO_CASE,
      roles: Object.entries(DEMO_USERS).map(([id, user]) => ({ id, name: user.name, roles: user.roles, auditorRole: user.auditorRole })),
    }),
  );
  // Demo only: anyone who can reach this server can act as any demo user.
  app.get('/demo/token', async (c) => {
    const role = (c.req.query('role') ?? 'auditor') as DemoRole;
    const user = DEMO_USERS[role];
    if (!user) return c.json({ title: 'Unknown demo role', status: 400 }, 400);
    const token = await signQaToken({ sub: user.sub, tenant: DEMO_TENANT, roles: [...user.roles], name: user.name, ...('service' in user ? { service: user.service } : {}) }, secret, { expiresInSeconds: 8 * 3600 });
    return c.json({ token, role, user: { id: user.sub, name: user.name, roles: user.roles, auditorRole: user.auditorRole } });
  });
  app.get('/assets/ehcp-qa.js', (c) => c.body(bundle, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' }));
  app.get('/static/:file{[a-z0-9-]+\\.(?:css|js|svg)}', (c) => {
    const file = c.req.param('file');
    const path = join(here, 'static', file);
    if (!existsSync(path)) return c.notFound();
    const type = file.endsWith('.css') ? 'text/css' : file.endsWith('.svg') ? 'image/svg+xml' : 'text/javascript';
    return c.body(readFileSync(path, 'utf8'), 200, { 'content-type': `${type}; charset=utf-8`, 'cache-control': 'no-cache' });
  });
  app.get('/', (c) => c.redirect('/case'));
  app.get('/:page{[a-z][a-z0-9-]*}', (c) => {
    const path = join(here, 'pages', `${c.req.param('page')}.html`);
    if (!existsSync(path)) return c.notFound();
    return c.html(readFileSync(path, 'utf8'));
  });
  app.notFound((c) =>
    c.html(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Page not found – ${DEMO_LA_NAME} (demo)</title><link rel="icon" href="/static/favicon.svg" type="image/svg+xml"><link rel="stylesheet" href="/static/demo.css"></head>` +
        `<body><main class="page" id="main"><h1>Page not found</h1><p>This page is not part of the demo (yet). <a href="/case">Go to the case page</a>.</p></main></body></html>`,
      404,
    ),
  );

  const port = options.port ?? Number(process.env.PORT ?? 8080);
  const hostname = options.hostname ?? process.env.HOST ?? '127.0.0.1';
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port, hostname }, () => resolve(s));
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const url = `http://${hostname === '127.0.0.1' || hostname === '0.0.0.0' ? 'localhost' : hostname}:${actualPort}/`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => server.close(() => resolve())).then(() => storage.close()),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const demo = await startDemo();
  console.log(`\n${DEMO_LA_NAME} (fictional) case-management demo: ${demo.url}`);
  console.log('Open it in a browser; switch role (auditor, moderator, manager) in the page header. Ctrl+C stops it.');
  const stop = () => void demo.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
