// A real adapter for the browser tests: web-test-runner middleware that serves
// createQaApp over a temporary SQLite file at /qa, plus a few test-only control
// routes under /test-qa/ (minting tokens, forcing a network failure).
//
// The adapter's TypeScript sources are loaded with tsx on the first request, so
// test files that never call /qa do not pay for it.
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getRequestListener } from '@hono/node-server';
import { tsImport } from 'tsx/esm/api';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * @returns {{ middleware: import('koa').Middleware, plugin: { name: string, serverStop(): Promise<void> } }}
 */
export function qaTestServer() {
  const secret = randomBytes(32).toString('hex');
  const filename = join(tmpdir(), `ehcp-qa-wtr-${process.pid}-${randomUUID().slice(0, 8)}.sqlite`);
  /** @type {Promise<{ listener: ReturnType<typeof getRequestListener>, signQaToken: Function, storage: { close(): Promise<void> } }> | undefined} */
  let started;
  /** Requests to fail on purpose: { method, pathIncludes, remaining }. */
  const failures = [];

  function start() {
    started ??= (async () => {
      const server = await tsImport(join(root, 'server-adapter/index.ts'), import.meta.url);
      const sqlite = await tsImport(join(root, 'server-adapter/storage/sqlite/index.ts'), import.meta.url);
      const { Hono } = await import('hono');
      const storage = await sqlite.createSqliteStorage({ filename });
      const app = new Hono();
      const benchmarkKeys = server.generateHubKeyPair(); // the key of a test hub (see benchmark-file.mjs)
      // The built-in frameworks, plus a small one with every framework-version-2 feature
      // (plan facts, nil statements, "cannot tell"), test/fixtures/v2-features-framework.ts.
      const { builtInFrameworks } = await tsImport(join(root, 'criteria/frameworks/index.ts'), import.meta.url);
      const { v2FeaturesFramework } = await tsImport(join(root, 'test/fixtures/v2-features-framework.ts'), import.meta.url);
      const frameworks = [...builtInFrameworks, v2FeaturesFramework];
      app.route('/qa', server.createQaApp({ storage, frameworks, auth: server.jwtAuth({ secret }), logger: { error: console.error, warn: () => {} }, benchmark: { region: 'north-west', hubPublicKey: benchmarkKeys.publicKey },
        // Feedback linked to plans, so quality and experience can be shown side by side.
        // The ready feedback page loads the test bundle (same origin, allowed by its CSP).
        feedback: { linkResponses: true, formScriptUrl: '/test-qa/ehcp-qa.bundle.js' } }));
      return { listener: getRequestListener(app.fetch), signQaToken: server.signQaToken, storage, server, benchmarkKeys };
    })();
    return started;
  }

  let bundled;
  function bundle() {
    bundled ??= (async () => {
      if (process.env.EHCP_QA_BUNDLE === 'dist') return readFileSync(join(root, 'dist/ehcp-qa.bundle.js'), 'utf8');
      const { build } = await import('esbuild');
      const result = await build({
        entryPoints: [join(root, 'components/bundle.ts')], bundle: true, format: 'esm', target: 'es2022', minify: true, write: false,
        conditions: ['browser', 'production'], tsconfig: join(root, 'tsconfig.json'), logLevel: 'silent',
      });
      return result.outputFiles[0].text;
    })();
    return bundled;
  }

  async function readJson(req) {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    return chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
  }

  /** @type {import('koa').Middleware} */
  async function middleware(ctx, next) {
    if (ctx.path === '/test-qa/token' && ctx.method === 'POST') {
      const { signQaToken } = await start();
      const body = await readJson(ctx.req);
      ctx.body = { token: await signQaToken({ sub: body.sub, tenant: body.tenant, roles: body.roles }, secret) };
      return;
    }
    if (ctx.path === '/test-qa/benchmark-file' && ctx.method === 'POST') {
      const { server, storage, benchmarkKeys } = await start();
      const { makeBenchmarkFile } = await import('./benchmark-file.mjs');
      ctx.body = await makeBenchmarkFile({ server, storage, keys: benchmarkKeys, ...(await readJson(ctx.req)) });
      return;
    }
    if (ctx.path === '/test-qa/ehcp-qa.bundle.js') {
      // The browser bundle: built from source with esbuild (tests need no prior build;
      // the elements loaded later are inside this one file), or the real
      // dist/ehcp-qa.bundle.js when EHCP_QA_BUNDLE=dist (its later files just below).
      ctx.type = 'text/javascript';
      ctx.body = await bundle();
      return;
    }
    const later = /^\/test-qa\/(ehcp-qa\.bundle\.[a-z-]+\.js)$/.exec(ctx.path);
    if (later && process.env.EHCP_QA_BUNDLE === 'dist') {
      ctx.type = 'text/javascript';
      ctx.body = readFileSync(join(root, 'dist', later[1]), 'utf8');
      return;
    }
    if (ctx.path === '/test-qa/fail-next' && ctx.method === 'POST') {
      const body = await readJson(ctx.req);
      failures.push({ method: body.method ?? 'PUT', pathIncludes: body.pathIncludes ?? '', remaining: body.count ?? 1 });
      ctx.body = { ok: true };
      return;
    }
    if (ctx.path === '/qa' || ctx.path.startsWith('/qa/')) {
      const failure = failures.find((f) => f.remaining > 0 && f.method === ctx.method && ctx.path.includes(f.pathIncludes));
      if (failure) {
        // A broken connection: the browser's fetch rejects, as on a real network failure.
        // (Some bytes are sent first: a socket closed with no answer at all is retried
        // by Chromium on its own, which would hide the failure.)
        failure.remaining--;
        ctx.status = 200; // only so the dev server does not log it as a 404
        ctx.respond = false;
        ctx.req.socket.end('NOT HTTP\r\n\r\n');
        return;
      }
      const { listener } = await start();
      ctx.respond = false;
      await listener(ctx.req, ctx.res);
      return;
    }
    return next();
  }

  const plugin = {
    name: 'ehcp-qa-test-server',
    async serverStop() {
      if (started) await (await started).storage.close().catch(() => {});
      for (const suffix of ['', '-wal', '-shm']) rmSync(filename + suffix, { force: true });
    },
  };
  return { middleware, plugin };
}
