// 8. Against a peer form library: the same audit content rendered by our
// `<ehcp-section-grader>` (the production bundle, dist/ehcp-qa.bundle.js) and by
// SurveyJS (survey-core + its plain-JS UI survey-js-ui, the version pinned in
// devDependencies; used by this benchmark only), side by side in one page of one
// headless Chromium, in the same run.
//
// The content is the same: the survey JSON is built here from the framework the
// other benchmarks use (test/bench/fixtures.ts: twelve sections, 190 criteria), one
// page per section with its purpose, its guidance, one checkbox group of criteria per
// level, the grade and a comment; the answers are the same audit's.
//
// Three steps, each timed from the action until the DOM shows the section's
// criteria, followed by a forced synchronous style and layout:
//   one  render one section into an empty container (the twelve taken in turn)
//   switch  show the next section in a form already on screen
//   all  render all twelve sections on one page (the review view)
// Each run alternates which library goes first; warm-up runs are dropped; the figure
// is the median, and the ratio is the peer's median over ours.
//
//   node test/bench/peer.mjs [--quick] [--runs=30] [--warmup=5]
import { ensureTsx, flag, quick, root, runBench, stats } from './lib.mjs';
ensureTsx();

const { existsSync, readFileSync } = await import('node:fs');
const { execSync } = await import('node:child_process');
const { createServer } = await import('node:http');
const { createRequire } = await import('node:module');
const { dirname, join } = await import('node:path');
const puppeteer = (await import('puppeteer-core')).default;
const { findChromium, chromiumArgs } = await import('../../scripts/chromium.mjs');
const fixtures = await import('./fixtures.ts');
const { allowedGrades, gradeLabel } = await import('ehcp-qa/criteria');

const runs = Number(flag('runs', quick ? 10 : 30));
const warmup = Number(flag('warmup', quick ? 2 : 5));

const escapeHtml = (text) => String(text).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

/**
 * The peer's survey for a framework: one page per section with the same text our
 * grader shows (title, purpose, the two guidance blocks, the criteria grouped by
 * level with their hints as the group's description, the grade choices, the comment).
 */
export function surveyJson(framework) {
  const levels = [...framework.scale.levels.map((l) => l.id), 'na'];
  return {
    showQuestionNumbers: 'off',
    showProgressBar: 'off',
    checkErrorsMode: 'onComplete',
    pages: framework.sections.map((section) => ({
      name: section.id,
      title: `Section ${section.id}: ${section.title}`,
      description: section.purpose,
      elements: [
        {
          type: 'html',
          name: `${section.id}-guidance`,
          html: `<details><summary>How to choose a grade</summary><p>${escapeHtml(section.guidance.choosing)}</p></details>`
            + `<details><summary>What good looks like</summary><p>${escapeHtml(section.guidance.goodLooksLike)}</p><p>Example</p><blockquote>${escapeHtml(section.guidance.example)}</blockquote></details>`,
        },
        ...levels
          .map((level) => ({ level, criteria: section.criteria.filter((c) => c.level === level) }))
          .filter(({ criteria }) => criteria.length)
          .map(({ level, criteria }) => ({
            type: 'checkbox',
            name: `${section.id}-${level}`,
            title: level === 'na' ? 'Not applicable' : gradeLabel(framework, level),
            description: criteria.filter((c) => c.hint).map((c) => c.hint).join(' ') || undefined,
            choices: criteria.map((c) => ({ value: c.id, text: c.text })),
          })),
        {
          type: 'radiogroup',
          name: `${section.id}-grade`,
          title: 'Grade for this section',
          description: 'The suggested grade follows the criteria you ticked. You can choose another grade and say why.',
          choices: allowedGrades(framework, section).map((id) => ({ value: id, text: gradeLabel(framework, id) })),
        },
        { type: 'comment', name: `${section.id}-comment`, title: 'Comment (optional)', rows: 4 },
      ],
    })),
  };
}

/** The audit's answers in the survey's terms. */
export function surveyData(framework, audit) {
  const data = {};
  for (const section of framework.sections) {
    const saved = audit.sections[section.id];
    if (!saved) continue;
    for (const level of new Set(section.criteria.map((c) => c.level))) {
      const met = saved.criteriaMet.filter((id) => section.criteria.find((c) => c.id === id)?.level === level);
      if (met.length) data[`${section.id}-${level}`] = met;
    }
    if (saved.grade) data[`${section.id}-grade`] = saved.grade;
    if (saved.comment) data[`${section.id}-comment`] = saved.comment;
  }
  return data;
}

/** The code that runs in the page: returns samples (ms) per library and step, and what each rendered. */
async function measureInPage({ framework, audit, json, data, runs, warmup }) {
  const yieldTask = () => new Promise((resolve) => { const { port1, port2 } = new MessageChannel(); port1.onmessage = () => resolve(); port2.postMessage(0); });
  const pause = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  const gc = () => globalThis.gc?.();
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
  /** Polls (one task at a time) until `shown()` holds, then forces style and layout. */
  const until = async (shown, limitMs = 5000) => {
    const start = performance.now();
    while (!shown()) {
      if (performance.now() - start > limitMs) throw new Error('the content was not shown within 5 s');
      await yieldTask();
    }
    void document.body.offsetHeight; // forced synchronous style and layout
  };
  /** Ours: every Lit element inside is up to date and `shown()` holds. */
  const settle = async (root, shown) => {
    const start = performance.now();
    for (;;) {
      const results = await Promise.all(litIn(root).map((e) => e.updateComplete));
      if (!results.includes(false) && shown()) break;
      if (performance.now() - start > 5000) throw new Error('the element did not finish rendering within 5 s');
      await yieldTask();
    }
    void document.body.offsetHeight;
  };
  const deepCount = (root, selector) => {
    let n = root.querySelectorAll(selector).length;
    for (const el of root.querySelectorAll('*')) if (el.shadowRoot) n += deepCount(el.shadowRoot, selector);
    return n;
  };
  const sections = framework.sections;
  const lastCriterion = (section) => section.criteria.at(-1).id;
  const box = (id) => `input[type=checkbox][value="${CSS.escape(id)}"]`;
  const host = document.createElement('div');
  host.style.width = '960px';
  document.body.append(host);
  const fresh = () => { const c = document.createElement('div'); host.append(c); return c; };
  const { Model } = globalThis.Survey;
  const { renderSurvey, unmountComponentAtNode } = globalThis.SurveyUI;
  /** Takes the peer's form out of the page as a host would (unmount, then remove), so no run's tree stays in memory. */
  const unmountPeer = (c) => { unmountComponentAtNode(c); c.remove(); };
  const peerModel = (mode) => {
    const model = new Model(json);
    if (mode) model.questionsOnPageMode = mode;
    model.data = data;
    return model;
  };

  const ours = {
    one: async (i) => {
      const section = sections[i % sections.length];
      const c = fresh();
      const grader = document.createElement('ehcp-section-grader');
      grader.framework = framework;
      grader.sectionId = section.id;
      grader.value = audit.sections[section.id];
      const t0 = performance.now();
      c.append(grader);
      await settle(grader, () => !!grader.shadowRoot?.querySelector(box(lastCriterion(section))));
      const ms = performance.now() - t0;
      c.remove();
      return ms;
    },
    all: async () => {
      const c = fresh();
      const graders = sections.map((section) => {
        const grader = document.createElement('ehcp-section-grader');
        grader.framework = framework;
        grader.sectionId = section.id;
        grader.value = audit.sections[section.id];
        return grader;
      });
      const last = graders.at(-1);
      const t0 = performance.now();
      c.append(...graders);
      await settle(c, () => !!last.shadowRoot?.querySelector(box(lastCriterion(sections.at(-1)))));
      const ms = performance.now() - t0;
      ours.allCount = deepCount(c, 'input[type=checkbox][name=criteria]');
      c.remove();
      return ms;
    },
    switchSetup: async () => {
      const c = fresh();
      const grader = document.createElement('ehcp-section-grader');
      grader.framework = framework;
      grader.sectionId = sections[0].id;
      grader.value = audit.sections[sections[0].id];
      c.append(grader);
      await settle(grader, () => !!grader.shadowRoot?.querySelector(box(lastCriterion(sections[0]))));
      let at = 0;
      return {
        next: async () => {
          at = (at + 1) % sections.length;
          const section = sections[at];
          const t0 = performance.now();
          grader.sectionId = section.id;
          grader.value = audit.sections[section.id];
          await settle(grader, () => !!grader.shadowRoot?.querySelector(box(lastCriterion(section))));
          return performance.now() - t0;
        },
        done: () => c.remove(),
      };
    },
  };
  const peer = {
    one: async (i) => {
      const section = sections[i % sections.length];
      const c = fresh();
      const model = peerModel();
      model.currentPageNo = i % sections.length;
      const t0 = performance.now();
      renderSurvey(model, c);
      await until(() => !!c.querySelector(box(lastCriterion(section))));
      const ms = performance.now() - t0;
      unmountPeer(c);
      model.dispose?.();
      return ms;
    },
    all: async () => {
      const c = fresh();
      const model = peerModel('singlePage');
      const t0 = performance.now();
      renderSurvey(model, c);
      await until(() => !!c.querySelector(box(lastCriterion(sections.at(-1)))));
      const ms = performance.now() - t0;
      peer.allCount = c.querySelectorAll('input[type=checkbox]').length;
      unmountPeer(c);
      model.dispose?.();
      return ms;
    },
    switchSetup: async () => {
      const c = fresh();
      const model = peerModel();
      renderSurvey(model, c);
      await until(() => !!c.querySelector(box(lastCriterion(sections[0]))));
      let at = 0;
      return {
        next: async () => {
          at = (at + 1) % sections.length;
          const section = sections[at];
          const t0 = performance.now();
          model.currentPageNo = at;
          await until(() => !!c.querySelector(box(lastCriterion(section))));
          return performance.now() - t0;
        },
        done: () => { unmountPeer(c); model.dispose?.(); },
      };
    },
  };

  const samples = { ours: { one: [], switch: [], all: [] }, peer: { one: [], switch: [], all: [] } };
  const both = [['ours', ours], ['peer', peer]];
  for (const step of ['one', 'all']) {
    for (let i = 0; i < warmup + runs; i++) {
      const order = i % 2 ? [...both].reverse() : both;
      for (const [name, lib] of order) {
        gc();
        await pause();
        const ms = await lib[step](i);
        if (i >= warmup) samples[name][step].push(ms);
      }
    }
  }
  // Switching: each library's form stays on screen for its runs; the two alternate in blocks of one switch.
  const forms = { ours: await ours.switchSetup(), peer: await peer.switchSetup() };
  for (let i = 0; i < warmup + runs; i++) {
    const order = i % 2 ? ['peer', 'ours'] : ['ours', 'peer'];
    for (const name of order) {
      await pause();
      const ms = await forms[name].next();
      if (i >= warmup) samples[name].switch.push(ms);
    }
  }
  forms.ours.done();
  forms.peer.done();

  // What model construction from the JSON costs the peer (left out of its times above).
  const modelMs = [];
  for (let i = 0; i < warmup + runs; i++) {
    const t0 = performance.now();
    peerModel('singlePage');
    if (i >= warmup) modelMs.push(performance.now() - t0);
  }
  host.remove();
  return { samples, modelMs, rendered: { ours: ours.allCount, peer: peer.allCount } };
}

await runBench('peer', async () => {
  const chromium = findChromium();
  if (!chromium) return { status: 'skipped', reason: 'no Chromium found (see scripts/chromium.mjs)' };
  const require = createRequire(import.meta.url);
  let peerFiles;
  try {
    const core = dirname(require.resolve('survey-core'));
    const ui = dirname(require.resolve('survey-js-ui'));
    peerFiles = {
      version: JSON.parse(readFileSync(join(core, 'package.json'), 'utf8')).version,
      uiVersion: JSON.parse(readFileSync(join(ui, 'package.json'), 'utf8')).version,
      '/survey.core.min.js': join(core, 'survey.core.min.js'),
      '/survey-js-ui.min.js': join(ui, 'survey-js-ui.min.js'),
      '/survey-core.min.css': join(core, 'survey-core.min.css'),
    };
  } catch {
    return { status: 'skipped', reason: 'survey-core and survey-js-ui are not installed (npm install: they are devDependencies)' };
  }
  const bundlePath = join(root, 'dist', 'ehcp-qa.bundle.js');
  if (!existsSync(bundlePath)) {
    try { execSync('npm run --silent build', { cwd: root, stdio: 'ignore' }); } catch { /* reported below */ }
    if (!existsSync(bundlePath)) return { status: 'skipped', reason: 'dist/ehcp-qa.bundle.js could not be built (npm run build fails)' };
  }
  const framework = fixtures.framework;
  const audit = { ...fixtures.completedAudit(fixtures.seeded(42), 1), status: 'in-progress', completedAt: null };
  const json = surveyJson(framework);
  const data = surveyData(framework, audit);
  const criteria = framework.sections.reduce((n, s) => n + s.criteria.length, 0);

  const page = '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>ehcp-qa and peer benchmark</title>'
    + '<link rel="stylesheet" href="/survey-core.min.css">'
    + '<script src="/survey.core.min.js"></script><script src="/survey-js-ui.min.js"></script>'
    + '<script type="module">import * as qa from "/ehcp-qa.bundle.js"; globalThis.qaLoaded = true;</script></head><body></body></html>';
  const isolation = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp', 'cross-origin-resource-policy': 'same-origin' };
  const later = (url) => /^\/(ehcp-qa\.bundle(\.[a-z-]+)?\.js)$/.exec(url)?.[1];
  const server = createServer((req, res) => {
    const file = peerFiles[req.url] ?? (later(req.url) ? join(root, 'dist', later(req.url)) : null);
    if (file && existsSync(file)) {
      const type = file.endsWith('.css') ? 'text/css' : 'text/javascript';
      res.writeHead(200, { 'content-type': type, ...isolation }).end(readFileSync(file));
    } else if (req.url === '/') res.writeHead(200, { 'content-type': 'text/html', ...isolation }).end(page);
    else res.writeHead(404, isolation).end();
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
    await tab.waitForFunction(() => globalThis.qaLoaded && customElements.get('ehcp-section-grader') && globalThis.Survey && globalThis.SurveyUI, { timeout: 10_000 });
    const measured = await tab.evaluate(measureInPage, { framework, audit, json, data, runs, warmup });
    const figures = { peer: `survey-core ${peerFiles.version}, survey-js-ui ${peerFiles.uiVersion}`, criteria, sections: framework.sections.length, rendered: measured.rendered };
    const steps = [
      ['one', 'render one section'],
      ['switch', 'switch to the next section'],
      ['all', 'all twelve sections on one page (review view)'],
    ];
    const rows = [];
    for (const [step, label] of steps) {
      const ours = stats(measured.samples.ours[step]);
      const peer = stats(measured.samples.peer[step]);
      const ratio = peer.median / ours.median;
      figures[step] = { ours, peer, ratio };
      rows.push([label, ours.median.toFixed(2), ours.p95.toFixed(2), peer.median.toFixed(2), peer.p95.toFixed(2), `${ratio.toFixed(1)}×`]);
    }
    figures.peerModel = stats(measured.modelMs);
    const notes = [
      `Same content in both: ${framework.id} ${framework.version}, ${framework.sections.length} sections, ${criteria} criteria; the review view rendered ${measured.rendered.ours} criteria checkboxes with ours and ${measured.rendered.peer} with the peer.`,
      `The peer's times leave out building its model from the JSON (new Model(json) and setting the answers): ${figures.peerModel.median.toFixed(2)} ms median for the whole survey, measured apart. Ours take the framework object as it is.`,
      'Ours also computes and shows the live suggested grade, which the peer\'s form does not have.',
    ];
    if (errors.length) notes.push(`Page errors: ${errors.slice(0, 3).join(' / ')}`);
    if (measured.rendered.ours !== criteria || measured.rendered.peer !== criteria) notes.push(`**The two did not render the same number of criteria (${criteria} expected): the comparison is not like for like.**`);
    return {
      settings: { runs, warmup, viewport: '1280×900', peer: figures.peer, ours: 'dist/ehcp-qa.bundle.js (production, minified)', page: 'one page, both libraries loaded, order alternated per run' },
      figures,
      tables: [{ title: `Against SurveyJS (${figures.peer}): ms, median and p95 after warm-up, same page and run`, head: ['step', 'ours median', 'ours p95', 'peer median', 'peer p95', 'peer ÷ ours'], rows }],
      notes,
    };
  } finally {
    await browser.close();
    server.close();
  }
});
