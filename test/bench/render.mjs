// 2. Render: the production bundle (dist/ehcp-qa.bundle.js) in the same headless
// Chromium the browser tests use, timed with performance.now() inside the page.
//
// Each figure is the time from the user's action (or the element's insertion) until
// the element and every element inside it have finished updating and the browser
// has laid the page out (a forced synchronous layout), so style and layout costs
// are included. Data comes from an in-page client that answers at once, so the
// figures are our rendering cost, not the network's.
//
//   node test/bench/render.mjs [--quick] [--runs=30] [--warmup=5] [--bundle=dist/ehcp-qa.bundle.js]
import { ensureTsx, flag, quick, root, runBench, stats } from './lib.mjs';
ensureTsx();

const { existsSync, readFileSync } = await import('node:fs');
const { execSync } = await import('node:child_process');
const { createServer } = await import('node:http');
const { dirname, join } = await import('node:path');
const puppeteer = (await import('puppeteer-core')).default;
const { findChromium, chromiumArgs } = await import('../../scripts/chromium.mjs');
const fixtures = await import('./fixtures.ts');

const runs = Number(flag('runs', quick ? 10 : 30));
const warmup = Number(flag('warmup', quick ? 2 : 5));

/** Everything the page needs, made in Node with the real framework and grading. */
async function pageData() {
  const random = fixtures.seeded(42);
  const audit = { ...fixtures.completedAudit(random, 1), status: 'in-progress', completedAt: null };
  // For each section, a criterion whose tick (and untick) changes the suggested grade of the saved section.
  const { suggestSectionGrade } = await import('ehcp-qa/criteria');
  const flips = {};
  for (const section of fixtures.framework.sections) {
    const met = audit.sections[section.id].criteriaMet;
    const now = suggestSectionGrade(fixtures.framework, section, met).grade;
    const flip = section.criteria.find((c) => {
      const toggled = met.includes(c.id) ? met.filter((id) => id !== c.id) : [...met, c.id];
      return suggestSectionGrade(fixtures.framework, section, toggled).grade !== now;
    });
    if (flip) flips[section.id] = flip.id;
  }
  const data = { framework: fixtures.framework, audit, flips, reports: null, reportsCompared: null };
  // What <ehcp-audit-summary> is sent for a cycle of 500 audits: the adapter's own
  // answers, from a SQLite file holding that cycle and the one before it.
  try {
    data.reports = await reportAnswers();
  } catch (error) {
    data.reportsError = String(error?.message ?? error);
  }
  return data;
}

async function reportAnswers() {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { createQaApp, jwtAuth, signQaToken } = await import('ehcp-qa/server');
  const { createSqliteStorage } = await import('ehcp-qa/storage/sqlite');
  const { generateAudits } = await import('./generate.ts');
  const dir = mkdtempSync(join(tmpdir(), 'ehcp-qa-render-'));
  const storage = await createSqliteStorage({ filename: join(dir, 'summary.sqlite') });
  try {
    const tenant = 'la-render';
    const cycles = [
      { id: 'cycle-autumn-2025', name: 'Autumn 2025', startDate: '2025-09-01', endDate: '2025-12-19' },
      { id: 'cycle-spring-2026', name: 'Spring 2026', startDate: '2026-01-05', endDate: '2026-03-27' },
    ];
    const now = new Date().toISOString();
    for (const c of cycles) await storage.createCycle(tenant, { ...c, createdAt: now });
    await generateAudits(storage, { tenant, from: 0, count: 500, cycles: [cycles[0]] });
    await generateAudits(storage, { tenant, from: 500, count: 500, cycles: [cycles[1]] });
    const secret = 'bench-secret-that-is-long-enough-for-hs256-0123456789';
    const app = createQaApp({ storage, auth: jwtAuth({ secret }) });
    const headers = { authorization: `Bearer ${await signQaToken({ sub: 'bench-manager', tenant, roles: ['manager'] }, secret)}` };
    const get = async (path) => {
      const response = await app.request(path, { headers });
      if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
      return response.json();
    };
    const current = cycles[1].id;
    const summary = await get(`/reports/summary?cycleId=${current}`);
    if (summary.figures.audits !== 500) throw new Error(`the summary counts ${summary.figures.audits} audits, not 500`);
    return {
      summary,
      cycles: await get('/cycles'),
      trend: await get(`/reports/trend`),
      gaps: await get(`/reports/criteria-gaps?cycleId=${current}&top=10`),
      comparison: await get(`/reports/compare?cycleId=${current}&compareCycleId=${cycles[0].id}`),
      framework: await get(`/frameworks/${summary.scope.framework.id}/versions/${summary.scope.framework.version}`),
    };
  } finally {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The code that runs in the page: measures and returns samples in milliseconds. */
async function measureInPage({ data, runs, warmup }) {
  const yieldTask = () => new Promise((resolve) => { const { port1, port2 } = new MessageChannel(); port1.onmessage = () => resolve(); port2.postMessage(0); });
  const litIn = (root) => {
    const found = [];
    const walk = (node) => {
      for (const el of node.querySelectorAll('*')) {
        if ('updateComplete' in el) found.push(el);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    if ('updateComplete' in root) found.push(root);
    if (root.shadowRoot) walk(root.shadowRoot);
    return found;
  };
  /** Waits until every Lit element inside `el` is up to date and `ready()` holds; then forces layout. */
  const settle = async (el, ready = () => true, limitMs = 3000) => {
    const start = performance.now();
    for (;;) {
      const results = await Promise.all(litIn(el).map((e) => e.updateComplete));
      if (!results.includes(false) && ready()) break;
      if (performance.now() - start > limitMs) throw new Error('the element did not finish rendering within 3 s');
      await yieldTask();
    }
    void document.body.offsetHeight; // forced synchronous style and layout
  };
  const pause = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const gc = () => globalThis.gc?.();
  const deepQuery = (root, selector) => {
    const direct = root.querySelector(selector);
    if (direct) return direct;
    for (const el of root.querySelectorAll('*')) {
      if (el.shadowRoot) { const hit = deepQuery(el.shadowRoot, selector); if (hit) return hit; }
    }
    return null;
  };
  /** A client that answers from memory at once (the QaClient interface of components/shared/api.ts). */
  const memoryClient = () => ({
    listFrameworks: async () => [{ id: data.framework.id, version: data.framework.version, title: data.framework.title }],
    getFramework: async () => data.framework,
    getAudit: async () => structuredClone(data.audit),
    listAudits: async () => ({ items: [structuredClone(data.audit)], nextCursor: null }),
    createAudit: async () => structuredClone(data.audit),
    saveSection: async (id, sectionId, body, version) => ({ ...structuredClone(data.audit), version: version + 1 }),
    completeAudit: async () => structuredClone(data.audit),
  });
  /** The reports client of <ehcp-audit-summary>, answering at once with the adapter's own answers. */
  const reportsClient = () => ({
    listCycles: async () => structuredClone(data.reports.cycles.items ?? data.reports.cycles),
    getFramework: async () => structuredClone(data.reports.framework),
    getAuditSummary: async () => structuredClone(data.reports.summary),
    compareCycles: async () => structuredClone(data.reports.comparison),
    getTrend: async () => structuredClone(data.reports.trend),
    getCriteriaGaps: async () => structuredClone(data.reports.gaps),
    exportAuditSummary: async () => new Blob(['']),
  });
  const repeat = async (fn) => {
    const samples = [];
    for (let i = 0; i < warmup + runs; i++) {
      gc();
      await pause();
      const ms = await fn(i);
      if (i >= warmup) samples.push(ms);
    }
    return samples;
  };

  const out = { samples: {}, unavailable: {}, notes: [] };

  // Tick a criterion in <ehcp-section-grader> on its own, until the suggested grade shows the change.
  if (customElements.get('ehcp-section-grader')) {
    const section = data.framework.sections.find((s) => s.id === 'F') ?? data.framework.sections[0];
    const grader = document.createElement('ehcp-section-grader');
    grader.framework = data.framework;
    grader.sectionId = section.id;
    grader.value = data.audit.sections[section.id];
    document.body.append(grader);
    await settle(grader);
    out.samples.tickStandalone = await repeat(async () => {
      const box = grader.shadowRoot.querySelector(`input[type=checkbox][value="${data.flips[section.id]}"]`);
      // The suggested grade's badge (not only the sentence) must change.
      const suggestion = () => grader.shadowRoot.querySelector('[part~="suggestion"] [part~="badge"]')?.textContent ?? '';
      const before = suggestion();
      const t0 = performance.now();
      box.click();
      await settle(grader, () => suggestion() !== before);
      return performance.now() - t0;
    });
    grader.remove();
  } else out.unavailable['render.grader.tick'] = '<ehcp-section-grader> is not in the bundle';

  if (customElements.get('ehcp-audit')) {
    const sectionIds = data.framework.sections.map((sec) => sec.id);
    const graderOf = (audit) => audit.shadowRoot?.querySelector('ehcp-section-grader');
    const showsSection = (audit, id) => {
      const grader = graderOf(audit);
      return !!grader?.shadowRoot?.querySelector(`input[type=checkbox][value^="${id}."]`);
    };
    const fullyRendered = (audit) => audit.shadowRoot?.querySelectorAll('[part~="nav-item"]').length === sectionIds.length && showsSection(audit, sectionIds[0]);
    // First complete render: from insertion (client and audit id set) until the list of
    // twelve sections and the first section's criteria are on screen.
    out.samples.auditFirstRender = await repeat(async () => {
      const audit = document.createElement('ehcp-audit');
      audit.client = memoryClient(); // a fresh client each time, so nothing is cached between runs
      audit.auditId = data.audit.id;
      const t0 = performance.now();
      document.body.append(audit);
      await settle(audit, () => fullyRendered(audit));
      const ms = performance.now() - t0;
      audit.remove();
      return ms;
    });

    const audit = document.createElement('ehcp-audit');
    audit.client = memoryClient();
    audit.auditId = data.audit.id;
    document.body.append(audit);
    await settle(audit, () => fullyRendered(audit));
    // Switch section: click the next section in the list until its criteria are shown.
    let at = 0;
    out.samples.sectionSwitch = await repeat(async () => {
      at = (at + 1) % sectionIds.length;
      const id = sectionIds[at];
      const button = audit.shadowRoot.querySelector(`[part~="nav-item"][data-section="${id}"]`);
      const t0 = performance.now();
      button.click();
      await settle(audit, () => showsSection(audit, id));
      return performance.now() - t0;
    });
    // Tick a criterion of the open section until the suggested grade shows the change.
    const open = sectionIds.find((id) => data.flips[id]);
    audit.shadowRoot.querySelector(`[part~="nav-item"][data-section="${open}"]`).click();
    await settle(audit, () => showsSection(audit, open));
    out.samples.tickInAudit = await repeat(async () => {
      const grader = graderOf(audit);
      const box = grader.shadowRoot.querySelector(`input[type=checkbox][value="${data.flips[open]}"]`);
      const suggestion = () => grader.shadowRoot.querySelector('[part~="suggestion"] [part~="badge"]')?.textContent ?? '';
      const before = suggestion();
      const t0 = performance.now();
      box.click();
      await settle(audit, () => suggestion() !== before);
      return performance.now() - t0;
    });
    audit.remove();
  } else {
    out.unavailable['render.audit.first'] = out.unavailable['render.audit.switch'] = out.unavailable['render.grader.tick'] = '<ehcp-audit> is not in the bundle yet';
  }
  if (!customElements.get('ehcp-audit-summary')) out.unavailable['render.summary'] = '<ehcp-audit-summary> is not in the bundle yet';
  else if (!data.reports) out.unavailable['render.summary'] = `no report data: ${data.reportsError}`;
  else {
    // From insertion (client and cycle set) until the figures, charts and audit list are shown.
    const rendered = (el) => {
      const base = el.shadowRoot?.querySelector('[part~="base"]');
      return base?.getAttribute('aria-busy') === 'false' && el.shadowRoot.querySelectorAll('[part~="chart"]').length >= 2;
    };
    const summaryRun = (compare) => async () => {
      const el = document.createElement('ehcp-audit-summary');
      el.reportsClient = reportsClient();
      el.cycleId = data.reports.summary.scope.cycle.id;
      if (compare) el.compareCycleId = data.reports.comparison.baseline.cycle.id;
      const t0 = performance.now();
      document.body.append(el);
      await settle(el, () => rendered(el));
      const ms = performance.now() - t0;
      out.summaryCharts = el.shadowRoot.querySelectorAll('[part~="chart"]').length;
      el.remove();
      return ms;
    };
    out.samples.summary500 = await repeat(summaryRun(false));
    out.samples.summary500Compared = await repeat(summaryRun(true));
  }
  return out;
}

await runBench('render', async () => {
  const chromium = findChromium();
  if (!chromium) return { status: 'skipped', reason: 'no Chromium found (see scripts/chromium.mjs)' };
  // --bundle=<file> measures another bundle (for development while the build is broken).
  const bundlePath = flag('bundle', join(root, 'dist', 'ehcp-qa.bundle.js'));
  if (!existsSync(bundlePath)) {
    try { execSync('npm run --silent build', { cwd: root, stdio: 'ignore' }); } catch { /* reported below */ }
    if (!existsSync(bundlePath)) return { status: 'skipped', reason: 'dist/ehcp-qa.bundle.js could not be built (npm run build fails)' };
  }
  const data = await pageData();
  const bundle = readFileSync(bundlePath);
  // The summary is one of the elements the bundle loads when first used: load it up
  // front, so its timing starts at insertion as for the others.
  const page = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>ehcp-qa render benchmark</title></head>'
    + '<body><script type="module">import * as qa from "/ehcp-qa.bundle.js"; qa.loadElement?.("ehcp-audit-summary");</script></body></html>';
  const later = (url) => /^\/(ehcp-qa\.bundle\.[a-z-]+\.js)$/.exec(url)?.[1];
  // Cross-origin isolation gives performance.now() 5 µs resolution instead of 100 µs.
  const isolation = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp', 'cross-origin-resource-policy': 'same-origin' };
  const server = createServer((req, res) => {
    if (req.url === '/ehcp-qa.bundle.js') res.writeHead(200, { 'content-type': 'text/javascript', ...isolation }).end(bundle);
    else if (later(req.url) && existsSync(join(dirname(bundlePath), later(req.url)))) {
      res.writeHead(200, { 'content-type': 'text/javascript', ...isolation }).end(readFileSync(join(dirname(bundlePath), later(req.url))));
    }
    else res.writeHead(200, { 'content-type': 'text/html', ...isolation }).end(page);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    args: [...chromiumArgs.filter((a) => !a.startsWith('--headless')), '--js-flags=--expose-gc', '--window-size=1280,900'],
  });
  try {
    const tab = await browser.newPage();
    await tab.setViewport({ width: 1280, height: 900 });
    const errors = [];
    tab.on('pageerror', (e) => errors.push(String(e)));
    await tab.goto(`http://127.0.0.1:${server.address().port}/`, { waitUntil: 'load' });
    await tab.waitForFunction(() => customElements.get('ehcp-section-grader') !== undefined, { timeout: 10_000 }).catch(() => {});
    await tab.waitForFunction(() => customElements.get('ehcp-audit-summary') !== undefined, { timeout: 10_000 }).catch(() => {});
    const isolated = await tab.evaluate(() => globalThis.crossOriginIsolated);
    const measured = await tab.evaluate(measureInPage, { data, runs, warmup });
    if (!isolated) measured.notes.push('The page was not cross-origin isolated: performance.now() has 0.1 ms resolution.');
    if (errors.length) measured.notes.push(`Page errors: ${errors.slice(0, 3).join(' / ')}`);
    const figures = { unavailable: measured.unavailable };
    const rows = [];
    const add = (key, label, samples, budgetMs) => {
      if (!samples) return;
      figures[key] = stats(samples);
      const s = figures[key];
      rows.push([label, s.median.toFixed(2), s.p95.toFixed(2), s.min.toFixed(2), s.max.toFixed(2), String(s.runs), budgetMs ? `< ${budgetMs} ms` : '']);
    };
    add('auditFirstRender', '<ehcp-audit> first complete render (12 sections, all graded)', measured.samples.auditFirstRender, 50);
    add('sectionSwitch', '<ehcp-audit> switch section', measured.samples.sectionSwitch, 16);
    add('tick', 'tick a criterion in <ehcp-audit> until the suggestion updates', measured.samples.tickInAudit, 16);
    add('tickStandalone', 'tick a criterion in <ehcp-section-grader> alone', measured.samples.tickStandalone);
    add('summary500', '<ehcp-audit-summary>, cycle of 500 audits', measured.samples.summary500, 100);
    add('summary500Compared', '<ehcp-audit-summary>, cycle of 500 audits compared with the one before', measured.samples.summary500Compared);
    return {
      settings: { runs, warmup, viewport: '1280×900', bundle: 'dist/ehcp-qa.bundle.js (production, minified)' },
      figures,
      tables: [{ title: 'Render (ms; after warm-up)', head: ['what', 'median', 'p95', 'min', 'max', 'runs', 'budget (median)'], rows }],
      notes: [
        ...Object.entries(measured.unavailable).map(([id, why]) => `${id}: not measured: ${why}.`),
        ...measured.notes,
      ],
    };
  } finally {
    await browser.close();
    server.close();
  }
});
