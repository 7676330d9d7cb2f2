// Screenshots of the demo for docs/screenshots/ (linked from the README):
//   node scripts/screenshots.mjs
// Starts the demo on a free port over a temporary database, drives the system
// Chromium with puppeteer-core (never a downloaded browser), and writes:
//   case-page.png        the case page with the audit beside the plan
//   section-grading.png  a section part-way through grading (reason required)
//   plan-report.png      the plan report of a completed audit
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { findChromium, chromiumArgs } from './chromium.mjs';

const out = 'docs/screenshots';
mkdirSync(out, { recursive: true });
const dir = mkdtempSync(join(tmpdir(), 'ehcp-qa-shots-'));
const port = 8000 + Math.floor(Math.random() * 900);

const server = spawn('npx', ['tsx', 'demo/server.ts'], {
  env: { ...process.env, PORT: String(port), DEMO_SQLITE_FILE: join(dir, 'demo.sqlite') },
  stdio: ['ignore', 'pipe', 'inherit'],
});
const url = await new Promise((resolve, reject) => {
  let text = '';
  server.stdout.on('data', (chunk) => {
    text += chunk;
    const match = text.match(/demo: (http:\/\/\S+)/);
    if (match) resolve(match[1]);
  });
  server.on('exit', (code) => reject(new Error(`demo server exited (${code})`)));
  setTimeout(() => reject(new Error('demo server did not start within 120 s')), 120_000);
});

const browser = await puppeteer.launch({ executablePath: findChromium(), headless: true, args: chromiumArgs });
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1440, height: 1000 });
  const deep = (selector) => page.waitForFunction((s) => {
    const find = (root) => root.querySelector(s) ?? [...root.querySelectorAll('*')].map((e) => e.shadowRoot && find(e.shadowRoot)).find(Boolean);
    return find(document);
  }, { timeout: 20_000 }, selector);

  // Case page: start the audit as the auditor.
  await page.goto(`${url}case?role=auditor`, { waitUntil: 'networkidle0' });
  const start = await deep('#start');
  await start.asElement().click();
  await deep('ehcp-section-grader');
  await new Promise((r) => setTimeout(r, 300));
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(out, 'case-page.png') });

  // A section mid-grading: open F, tick some criteria, choose a grade other than the suggestion.
  await page.evaluate(() => {
    const audit = document.querySelector('ehcp-audit');
    return audit.openSection('F', false);
  });
  await page.evaluate(async () => {
    const grader = document.querySelector('ehcp-audit').shadowRoot.querySelector('ehcp-section-grader');
    await grader.updateComplete;
    const boxes = [...grader.shadowRoot.querySelectorAll('input[type=checkbox]')];
    const good = boxes.filter((b) => b.value.startsWith('F.good.'));
    for (const b of good.slice(0, 5)) b.click();
    boxes.find((b) => b.value.startsWith('F.requires-improvement.'))?.click();
    await grader.updateComplete;
    grader.shadowRoot.querySelector('input[type=radio][value="good"]').click();
    await grader.updateComplete;
    const reason = grader.shadowRoot.querySelector('#reason');
    reason.focus();
    reason.value = 'Most provision is quantified; only the quiet-space line is vague.';
    reason.dispatchEvent(new Event('input'));
    grader.shadowRoot.querySelector('#comment').value = 'Therapy is well specified. Say how often the key adult checks in.';
    grader.shadowRoot.querySelector('#comment').dispatchEvent(new Event('input'));
    grader.shadowRoot.querySelector('.suggestion').scrollIntoView({ block: 'center' });
  });
  await new Promise((r) => setTimeout(r, 300));
  await page.screenshot({ path: join(out, 'section-grading.png') });

  // The plan report of a completed (seeded) audit.
  const auditId = await page.evaluate(async () => {
    const { demoReady } = await import('/static/demo.js');
    const { client } = await demoReady;
    const pageOf = await client.listAudits({ status: 'completed', limit: 20 });
    return (pageOf.items.find((a) => Object.values(a.sections).some((s) => s.comment && s.grade === 'requires-improvement')) ?? pageOf.items[0]).id;
  });
  await page.goto(`${url}report?audit=${auditId}`, { waitUntil: 'networkidle0' });
  await deep('[part="table"]');
  await new Promise((r) => setTimeout(r, 300));
  await page.screenshot({ path: join(out, 'plan-report.png'), fullPage: false });
  console.log(`Wrote ${out}/case-page.png, section-grading.png, plan-report.png`);
} finally {
  await browser.close();
  server.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
