// The pack test: the package as a vendor and an LA developer get it.
//
// `npm pack` (which builds through `prepack`), then two throw-away projects install
// the tarball with production dependencies only, offline, from the npm cache that
// `npm ci` filled:
//   - vendor/: `ehcp-qa` alone (no hono, no sqlite3): the browser elements and the
//     typed client;
//   - la/: `ehcp-qa` with the optional peers the adapter needs (hono,
//     @hono/node-server, sqlite3).
// Both get the files of docs/examples/ (the very files the docs show), type-check
// them with tsc as a consumer would, and run them: the LA servers answer over HTTP,
// the typed client creates and completes an audit, and headless Chromium loads the
// plain page (one script tag) and the bundled vendor app.
//
// Versions come from this repository's package-lock.json, so nothing is fetched.
// One shortcut, said plainly: sqlite3's native addon is copied from this repository's
// own install instead of compiled again (its install script would try to download a
// prebuilt binary and then compile SQLite from C for 1.5-3 minutes).
//
//   node --test test/pack/pack.test.mjs        (after `npm ci`; part of `npm test`)
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { rollup } from 'rollup';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import puppeteer from 'puppeteer-core';
import { findChromium } from '../../scripts/chromium.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const examples = join(root, 'docs', 'examples');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const SECRET = 'pack-test-secret-0123456789-0123456789';
const keep = process.env.EHCP_QA_KEEP_PACK === '1';
const work = mkdtempSync(join(tmpdir(), 'ehcp-qa-pack-'));
const vendor = join(work, 'vendor');
const la = join(work, 'la');
const children = [];
let tarball;
let files;
let pkg;
let packOutput;

function run(command, args, cwd, env = {}) {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd} (${error.message.split('\n')[0]}):\n${error.stdout ?? ''}${error.stderr ?? ''}`);
  }
}

/** Starts `node <file>` in `cwd` and resolves with the first URL it prints. */
function start(cwd, file, env) {
  const child = spawn(process.execPath, [file], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${file} printed no URL in 20 s:\n${output}`)), 20_000);
    const look = (chunk) => {
      output += chunk;
      const url = /https?:\/\/[^\s]+/.exec(output)?.[0];
      if (url) { clearTimeout(timer); resolve({ child, url, output: () => output }); }
    };
    child.stdout.on('data', look);
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`${file} exited (${code}) before listening:\n${output}`)); });
  });
}

/** The entries of this repository's package-lock.json that `names` need, at the same paths. */
function lockClosure(names) {
  const packages = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')).packages;
  const out = {};
  const visit = (from, name, optional) => {
    for (let base = from; ; base = base.includes('/node_modules/') ? base.slice(0, base.lastIndexOf('/node_modules/')) : '') {
      const path = `${base ? `${base}/` : ''}node_modules/${name}`;
      const entry = packages[path];
      if (entry) {
        if (out[path]) return;
        const { dev, devOptional, peer, optional: _o, ...clean } = entry;
        out[path] = clean;
        for (const dep of Object.keys(entry.dependencies ?? {})) visit(path, dep, false);
        for (const dep of Object.keys(entry.optionalDependencies ?? {})) visit(path, dep, true);
        for (const [dep] of Object.entries(entry.peerDependencies ?? {}).filter(([d]) => !entry.peerDependenciesMeta?.[d]?.optional)) visit(path, dep, false);
        return;
      }
      if (!base) {
        if (optional) return;
        throw new Error(`${name} (needed from ${from || 'the project'}) is not in package-lock.json`);
      }
    }
  };
  for (const name of names) visit('', name, false);
  return out;
}

/** A consumer project that depends on the tarball (and `peers`), installed offline. */
function installProject(dir, peers) {
  mkdirSync(dir, { recursive: true });
  const packages = lockClosure([...Object.keys(pkg.dependencies), ...peers]);
  const pinned = Object.fromEntries(peers.map((name) => [name, packages[`node_modules/${name}`].version]));
  const spec = `file:../${tarball}`;
  const manifest = { name: `consumer-${dir.split('/').pop()}`, version: '1.0.0', private: true, type: 'module', dependencies: { 'ehcp-qa': spec, ...pinned } };
  const integrity = `sha512-${createHash('sha512').update(readFileSync(join(work, tarball))).digest('base64')}`;
  const { devDependencies: _d, scripts: _s, files: _f, exports: _e, ...own } = pkg;
  const lock = {
    name: manifest.name, version: '1.0.0', lockfileVersion: 3, requires: true,
    packages: {
      '': { name: manifest.name, version: '1.0.0', dependencies: manifest.dependencies },
      'node_modules/ehcp-qa': {
        version: pkg.version, resolved: spec, integrity, license: own.license,
        dependencies: own.dependencies, engines: own.engines, bin: own.bin, peerDependencies: own.peerDependencies, peerDependenciesMeta: own.peerDependenciesMeta,
      },
      ...packages,
    },
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(join(dir, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`);
  run('npm', ['install', '--offline', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], dir, { npm_config_update_notifier: 'false' });
  for (const name of ['.ts', '.mjs', '.html']) {
    for (const file of readdirSync(examples).filter((f) => f.endsWith(name))) copyFileSync(join(examples, file), join(dir, file));
  }
}

/** Type-checks the project's TypeScript examples as a consumer's tsc does, and emits them as JavaScript. */
function typecheck(dir, entries) {
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: false,
      lib: ['ES2023', 'DOM', 'DOM.Iterable'], types: ['node'], typeRoots: [join(root, 'node_modules', '@types')],
    },
    files: entries,
  }, null, 2));
  run(process.execPath, [tsc, '-p', dir], dir);
}

async function token(roles = ['auditor'], tenant = 'la-pack') {
  const script = `import { signQaToken } from 'ehcp-qa/server'; process.stdout.write(await signQaToken(${JSON.stringify({ sub: 'u-pack', tenant, roles })}, ${JSON.stringify(SECRET)}));`;
  return run(process.execPath, ['--input-type=module', '-e', script], la);
}

before(() => {
  pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const packed = spawnSync('npm', ['pack', '--pack-destination', work, '--loglevel=error'], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
  packOutput = `${packed.stdout}${packed.stderr}`;
  assert.equal(packed.status, 0, `npm pack failed:\n${packOutput}`);
  tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
  assert.ok(tarball, 'npm pack made no tarball');
  files = run('tar', ['-tzf', join(work, tarball)], work).split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));
});

after(() => {
  for (const child of children) child.kill();
  if (keep) console.log(`Kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
});

describe('npm pack', () => {
  it('builds through prepack: every export target is in the tarball', () => {
    const targets = [];
    const walk = (value) => (typeof value === 'string' ? targets.push(value) : Object.values(value).forEach(walk));
    for (const [key, value] of Object.entries(pkg.exports)) {
      walk(value);
      assert.ok(typeof value === 'string' || (value.types && value.default), `${key} has types and default`);
    }
    for (const target of targets) {
      const path = target.replace(/^\.\//, '');
      if (path.includes('*')) {
        const [head, tail] = path.split('*');
        assert.ok(files.some((f) => f.startsWith(head) && f.endsWith(tail)), `nothing in the tarball matches ${target}`);
      } else {
        assert.ok(files.includes(path), `${target} is exported but not in the tarball`);
      }
    }
    for (const element of ['audit', 'section-grader', 'plan-report', 'moderation', 'audit-summary', 'benchmark-chart']) {
      assert.ok(files.includes(`dist/components/${element}/index.js`), `dist/components/${element}/index.js`);
    }
  });

  it('the build it runs prints no warnings', () => {
    assert.doesNotMatch(packOutput, /\(!\)|warning/i, packOutput);
  });

  it('ships no screenshots, no TypeScript sources and no source maps', () => {
    assert.deepEqual(files.filter((f) => f.includes('screenshots/') || /\.(png|jpe?g|map)$/.test(f)), []);
    assert.deepEqual(files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && !f.startsWith('docs/examples/')), []);
  });
});

describe('a vendor: the elements and the client, without the adapter\'s peers', () => {
  before(() => installProject(vendor, []));

  it('installs without hono, @hono/node-server, sqlite3 or pg', () => {
    for (const name of ['hono', '@hono/node-server', 'sqlite3', 'pg']) assert.equal(existsSync(join(vendor, 'node_modules', name)), false, name);
    assert.ok(existsSync(join(vendor, 'node_modules', 'ehcp-qa', 'dist', 'ehcp-qa.bundle.js')));
  });

  it('type-checks docs/examples/vendor-app.ts and audit-from-node.ts', () => {
    typecheck(vendor, ['vendor-app.ts', 'audit-from-node.ts']);
  });

  it('ehcp-qa/storage/sqlite says that sqlite3 is needed, and only when a database is opened', () => {
    const script = `const { createSqliteStorage } = await import('ehcp-qa/storage/sqlite');
      try { await createSqliteStorage({ filename: ':memory:' }); console.log('opened'); } catch (e) { console.log(e.message); }`;
    const output = run(process.execPath, ['--input-type=module', '-e', script], vendor);
    assert.match(output, /needs the "sqlite3" package.*npm install sqlite3/);
  });

  it('ehcp-qa/storage/postgres says that pg is needed, and only when a storage is created', () => {
    const script = `const { createPostgresStorage } = await import('ehcp-qa/storage/postgres');
      try { await createPostgresStorage({ connectionString: 'postgres://nobody@127.0.0.1:1/none' }); console.log('connected'); } catch (e) { console.log(e.message); }`;
    const output = run(process.execPath, ['--input-type=module', '-e', script], vendor);
    assert.match(output, /needs the "pg" package.*npm install pg/);
  });

  it('installs the ehcp-qa-migrate command, which explains itself and names a missing file', () => {
    const bin = join(vendor, 'node_modules', '.bin', 'ehcp-qa-migrate');
    assert.match(run(bin, ['--help'], vendor), /ehcp-qa-migrate --from sqlite:<file> --to postgres:/);
    const missing = spawnSync(bin, ['--from', 'sqlite:nothing-here.sqlite', '--to', 'postgres://127.0.0.1:1/none'], { cwd: vendor, encoding: 'utf8' });
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /nothing-here\.sqlite does not exist/);
  });
});

describe('an LA developer: the adapter in a Hono or Node server', () => {
  let server;
  before(() => {
    installProject(la, ['hono', '@hono/node-server', 'sqlite3']);
    // The shortcut described at the top: sqlite3's compiled addon, from this repository's install.
    cpSync(join(root, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node'), join(la, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node'));
  });

  it('imports every export of the package', () => {
    const script = `
      const pkg = (await import('ehcp-qa/package.json', { with: { type: 'json' } })).default;
      const out = {};
      for (const key of Object.keys(pkg.exports)) {
        const spec = 'ehcp-qa' + key.slice(1);
        if (key.includes('*') || key === './bundle' || key.startsWith('./components')) continue;
        const mod = key.endsWith('.json') ? await import(spec, { with: { type: 'json' } }) : await import(spec);
        out[key] = Object.keys(mod).length;
      }
      console.log(JSON.stringify(out));`;
    const counts = JSON.parse(run(process.execPath, ['--input-type=module', '-e', script], la));
    for (const key of ['./server', './storage/sqlite', './storage/postgres', './testing', './criteria', './client', './openapi.json', './package.json', './custom-elements.json']) {
      assert.ok(counts[key] > 0, `${key} exports something`);
    }
    assert.ok('./api-types' in counts, './api-types resolves (types only)');
  });

  it('type-checks the docs\' LA examples and the typed client', () => {
    typecheck(la, ['la-hono-server.ts', 'la-node-http.ts', 'audit-from-node.ts']);
  });

  it('createSqliteStorage names the path it cannot open', () => {
    const script = `import { createSqliteStorage } from 'ehcp-qa/storage/sqlite';
      try { await createSqliteStorage({ filename: 'no-such-dir/qa.sqlite' }); } catch (e) { console.log(e.message); }`;
    assert.match(run(process.execPath, ['--input-type=module', '-e', script], la), /no-such-dir\/qa\.sqlite/);
  });

  it('la-hono-server.ts serves the API; the typed client creates and completes an audit over HTTP', async () => {
    server = await start(la, 'la-hono-server.js', { PORT: '0', QA_JWT_SECRET: SECRET, QA_SQLITE_FILE: join(la, 'hono.sqlite') });
    const base = new URL('/qa', server.url).href;
    assert.equal((await fetch(`${base}/frameworks`)).status, 401);
    const auditor = await token();
    const output = run(process.execPath, ['audit-from-node.js', 'PACK-0001'], la, { QA_URL: base, QA_TOKEN: auditor });
    assert.match(output, /^Audit \S+ of PACK-0001: completed, overall \S+/);
    const list = await (await fetch(`${base}/audits?planRef=PACK-0001`, { headers: { authorization: `Bearer ${auditor}` } })).json();
    assert.equal(list.items.length, 1);
    assert.equal(list.items[0].status, 'completed');
  });

  it('la-node-http.ts hands /qa/ to the adapter and keeps the host\'s own pages', async () => {
    const host = await start(la, 'la-node-http.js', { PORT: '0', QA_JWT_SECRET: SECRET, QA_SQLITE_FILE: join(la, 'node-http.sqlite') });
    const response = await fetch(new URL('/qa/frameworks', host.url), { headers: { authorization: `Bearer ${await token()}` } });
    assert.equal(response.status, 200);
    assert.equal(await (await fetch(new URL('/somewhere', host.url))).text(), 'Your own pages stay as they are.');
  });

  it('qa-server.mjs runs the adapter standalone', async () => {
    const qa = await start(la, 'qa-server.mjs', { PORT: '0', QA_JWT_SECRET: SECRET, QA_SQLITE_FILE: join(la, 'standalone.sqlite') });
    assert.match(qa.url, /\/qa$/);
    assert.equal((await fetch(`${qa.url}/frameworks`, { headers: { authorization: `Bearer ${await token()}` } })).status, 200);
  });

  describe('in headless Chromium', () => {
    let browser;
    let site;
    let siteUrl;
    let vendorApp;
    before(async () => {
      // The vendor's bundler: docs/examples/vendor-app.ts (as tsc emitted it), resolved from vendor/node_modules.
      const build = await rollup({ input: join(vendor, 'vendor-app.js'), plugins: [nodeResolve({ browser: true, exportConditions: ['production'] })], onwarn: () => {} });
      vendorApp = (await build.generate({ format: 'es', inlineDynamicImports: true })).output[0].code;
      await build.close();
      const qaBase = new URL('/qa', server.url).href;
      const bundle = join(vendor, 'node_modules', 'ehcp-qa', pkg.exports['./bundle']);
      const userToken = await token(['auditor', 'manager']);
      // The vendor's web server: static files, the host's own token endpoint, and /qa/ proxied to the LA's server.
      site = createServer(async (req, res) => {
        const send = (type, body, status = 200) => res.writeHead(status, { 'content-type': type }).end(body);
        // The bundle and the files of the elements it loads later, copied as the docs say.
        const asset = /^\/assets\/(ehcp-qa\.bundle(?:\.[a-z-]+)?\.js)$/.exec(req.url ?? '');
        if (asset) return send('text/javascript', readFileSync(join(dirname(bundle), asset[1])));
        if (req.url === '/plain-page.html') return send('text/html', readFileSync(join(vendor, 'plain-page.html')));
        if (req.url === '/vendor-app.js') return send('text/javascript', vendorApp);
        if (req.url?.startsWith('/vendor-page.html')) {
          const planRef = new URL(req.url, 'http://x').searchParams.get('plan');
          return send('text/html', `<!doctype html><html lang="en"><head><title>Case</title><link rel="icon" href="data:,"></head><body><main><h1>Case</h1>
            <div id="qa-audit" data-plan-ref="${planRef}"></div><div id="qa-report"></div></main><script type="module" src="/vendor-app.js"></script></body></html>`);
        }
        if (req.url === '/my-app/qa-token') return send('application/json', JSON.stringify({ token: userToken }));
        if (req.url?.startsWith('/qa/')) {
          const chunks = [];
          for await (const chunk of req) chunks.push(chunk);
          const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'connection', 'content-length'].includes(k)));
          const upstream = await fetch(`${qaBase}${req.url.slice(3)}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
          res.writeHead(upstream.status, Object.fromEntries(upstream.headers));
          return res.end(Buffer.from(await upstream.arrayBuffer()));
        }
        send('text/plain', 'not found', 404);
      }).listen(0, '127.0.0.1');
      await new Promise((resolve) => site.once('listening', resolve));
      siteUrl = `http://127.0.0.1:${site.address().port}`;
      const executablePath = findChromium();
      assert.ok(executablePath, 'no system Chromium (set CHROME_PATH)');
      browser = await puppeteer.launch({ executablePath, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    });
    after(async () => {
      await browser?.close();
      await new Promise((resolve) => (site ? site.close(resolve) : resolve()));
    });

    async function open(path) {
      const page = await browser.newPage();
      const problems = [];
      page.on('console', (message) => { if (['error', 'warn', 'warning'].includes(message.type())) problems.push(`console ${message.type()}: ${message.text()}`); });
      page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()}`));
      page.on('response', (response) => { if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`); });
      await page.goto(`${siteUrl}${path}`);
      return { page, problems };
    }

    /** Waits for `fn` in the page; on a timeout, says what the page showed and what went wrong. */
    async function waitIn({ page, problems }, fn, what) {
      try {
        return await page.waitForFunction(fn, { timeout: 15_000 });
      } catch {
        const shown = await page.evaluate(() => [...document.querySelectorAll('ehcp-audit')].map((el) => el.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim().slice(0, 300)));
        assert.fail(`Timed out waiting for ${what}; the audit element showed ${JSON.stringify(shown)}; problems: ${JSON.stringify(problems)}`);
      }
    }

    it('docs/examples/plain-page.html: one script tag, the bundle\'s client and bus, an audit opened', async () => {
      const auditor = await token();
      const created = await fetch(new URL('/qa/audits', server.url), {
        method: 'POST', headers: { authorization: `Bearer ${auditor}`, 'content-type': 'application/json' },
        body: JSON.stringify({ frameworkId: 'ehcp-plan', planRef: 'NCC-EHCP-2026-0417', plan: { planType: 'new', phase: 'primary', primaryNeed: 'ASD', settingType: 'mainstream' }, auditorRole: 'send-caseworker' }),
      });
      assert.equal(created.status, 201);
      const opened = await open('/plain-page.html');
      const { page, problems } = opened;
      await waitIn(opened, () => /^0 of 12 sections graded/.test(document.querySelector('ehcp-audit')?.shadowRoot?.querySelector('[part="progress"]')?.textContent?.trim() ?? ''), 'the audit to load');
      await waitIn(opened, () => document.getElementById('qa-status')?.textContent === 'Audit of NCC-EHCP-2026-0417 open.', 'the bus event in the page');
      const scripts = await page.$$eval('script', (all) => all.map((s) => s.src || 'inline'));
      assert.deepEqual(scripts, ['inline']);
      // An element kept out of the main file is fetched and registered when the page adds it.
      await page.evaluate(() => document.querySelector('main').append(document.createElement('ehcp-audit-summary')));
      await waitIn(opened, () => !!customElements.get('ehcp-audit-summary') && !!document.querySelector('ehcp-audit-summary').shadowRoot, '<ehcp-audit-summary> to load when added');
      assert.deepEqual(problems, []);
      await page.close();
    });

    it('docs/examples/vendor-app.ts, bundled: starts an audit from the page with the provided client', async () => {
      const opened = await open('/vendor-page.html?plan=PACK-VENDOR-1');
      const { page, problems } = opened;
      const startButton = await waitIn(opened, () => [...(document.querySelector('ehcp-audit')?.shadowRoot?.querySelectorAll('button') ?? [])].find((b) => /start the audit/i.test(b.textContent ?? '')), 'the "Start the audit" button');
      await startButton.asElement().click();
      await waitIn(opened, () => /^0 of 12 sections graded/.test(document.querySelector('ehcp-audit')?.shadowRoot?.querySelector('[part="progress"]')?.textContent?.trim() ?? ''), 'the new audit to load');
      assert.deepEqual(problems, []);
      await page.close();
      const list = await (await fetch(new URL('/qa/audits?planRef=PACK-VENDOR-1', server.url), { headers: { authorization: `Bearer ${await token()}` } })).json();
      assert.equal(list.items.length, 1);
    });
  });
});
