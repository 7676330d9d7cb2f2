// <ehcp-audit-summary> against the real adapter (createQaApp over a temporary
// SQLite file, served at /qa by support/qa-server.mjs), and from a `data` property.
import { expect, fixture, fixtureSync, html } from '@open-wc/testing';
import { EhcpAuditSummary, type AuditSummaryData } from 'ehcp-qa/components/audit-summary';
import type { Framework } from '../../criteria/schema.js';
import { suggestSectionGrade } from '../../criteria/grading.js';
import { testUser, type TestUser } from './support/api-helpers.js';
import { deepActiveElement, press } from './support/keys.js';

const text = (el: Node | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
const $ = <T extends Element = HTMLElement>(el: EhcpAuditSummary, s: string) => el.shadowRoot!.querySelector<T>(s)!;
const $$ = <T extends Element = HTMLElement>(el: EhcpAuditSummary, s: string) => [...el.shadowRoot!.querySelectorAll<T>(s)];

async function until(check: () => boolean, what: string, tries = 300): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

async function createCycle(user: TestUser, name: string, startDate: string, endDate: string, kpiTarget?: object): Promise<{ id: string }> {
  const res = await fetch('/qa/cycles', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${user.token}` }, body: JSON.stringify({ name, startDate, endDate, ...(kpiTarget ? { kpiTarget } : {}) }) });
  return res.json();
}

/** An audit graded through the API: every section `grade`, section C Not applicable when asked. */
async function completedAudit(user: TestUser, framework: Framework, cycleId: string, grade: 'good' | 'requires-improvement' | 'inadequate', phase: string, cNotApplicable = false): Promise<void> {
  let audit = await user.client.createAudit({ frameworkId: 'ehcp-plan', frameworkVersion: '1.0.0', planRef: `PLAN-${crypto.randomUUID().slice(0, 8)}`, cycleId, auditorRole: 'send-caseworker', plan: { planType: 'new', phase: phase as 'primary', primaryNeed: 'ASD', settingType: 'mainstream' } });
  for (const section of framework.sections) {
    let criteriaMet: string[];
    let g: string = grade;
    if (section.id === 'C' && cNotApplicable) {
      criteriaMet = section.criteria.filter((c) => c.level === 'na').map((c) => c.id);
      g = 'na';
    } else if (grade === 'good') criteriaMet = section.criteria.filter((c) => c.level === 'good').map((c) => c.id);
    else if (grade === 'inadequate') criteriaMet = section.criteria.filter((c) => c.level === 'inadequate').slice(0, 1).map((c) => c.id);
    else criteriaMet = [];
    const suggested = suggestSectionGrade(framework, section, criteriaMet).grade;
    audit = await user.client.saveSection(audit.id, section.id, { criteriaMet, grade: g, ...(suggested !== g ? { overrideReason: 'Judged on the whole section.' } : {}) }, audit.version);
  }
  await user.client.completeAudit(audit.id, audit.version);
}

interface Seeded { manager: TestUser; spring: string; summer: string }
let seeded: Promise<Seeded> | undefined;

/** One tenant: Spring (1 Good, 3 Inadequate) and Summer (3 Good, 1 Requires improvement, 1 Inadequate). */
function seed(): Promise<Seeded> {
  seeded ??= (async () => {
    const tenant = `t-${crypto.randomUUID().slice(0, 12)}`;
    const manager = await testUser(['manager'], tenant);
    const auditor = await testUser(['auditor'], tenant);
    const framework = await auditor.client.getFramework('ehcp-plan', '1.0.0');
    const spring = await createCycle(manager, 'Spring', '2025-01-01', '2025-03-31');
    const summer = await createCycle(manager, 'Summer', '2025-04-01', '2025-07-31', { level: 'good', share: 0.8, by: '2026-03-31' });
    await completedAudit(auditor, framework, spring.id, 'good', 'primary');
    for (let i = 0; i < 3; i++) await completedAudit(auditor, framework, spring.id, 'inadequate', 'primary');
    await completedAudit(auditor, framework, summer.id, 'good', 'secondary', true);
    await completedAudit(auditor, framework, summer.id, 'good', 'secondary');
    await completedAudit(auditor, framework, summer.id, 'good', 'primary');
    await completedAudit(auditor, framework, summer.id, 'requires-improvement', 'primary');
    await completedAudit(auditor, framework, summer.id, 'inadequate', 'secondary');
    return { manager, spring: spring.id, summer: summer.id };
  })();
  return seeded;
}

async function loaded(s: Seeded, extra: { compare?: boolean } = {}): Promise<EhcpAuditSummary> {
  const wrapper = fixtureSync<HTMLDivElement>(html`<div><button id="before">Before</button>
    <ehcp-audit-summary api-base="/qa" cycle-id=${s.summer} compare-cycle-id=${extra.compare ? s.spring : ''} .token=${s.manager.token}></ehcp-audit-summary></div>`);
  const el = wrapper.querySelector('ehcp-audit-summary')!;
  await until(() => !!el.data?.summary && $(el, '.summary').getAttribute('aria-busy') === 'false', 'the summary to load');
  await el.updateComplete;
  return el;
}

const figure = (el: EhcpAuditSummary, name: string) => text($(el, `[data-figure="${name}"]`));

describe('<ehcp-audit-summary>', function () {
  this.timeout(60000);

  it('renders a cycle from the adapter: headline, distribution, sections, comparison, trend, gaps and audits', async () => {
    const s = await seed();
    const el = await loaded(s, { compare: true });
    expect(figure(el, 'audits')).to.equal('5');
    expect(figure(el, 'good-or-better')).to.equal('60.0%');
    expect(figure(el, 'worst')).to.equal('20.0%');
    const overallRows = $$(el, '[data-chart="overall"] tbody tr').map((r) => [...r.children].map((c) => text(c)));
    expect(overallRows.slice(0, 4)).to.deep.equal([
      ['Outstanding', '0', '0.0%', '0.0% to 43.4%'],
      ['Good', '3', '60.0%', '23.1% to 88.2%'],
      ['Requires improvement', '1', '20.0%', '3.6% to 62.4%'],
      ['Inadequate', '1', '20.0%', '3.6% to 62.4%'],
    ]);
    // Section C: one Not applicable, counted apart; 2 Good of 4 graded.
    const c = $(el, '.sections-table tr[data-section="C"]');
    expect(text(c.querySelector('[data-grade="good"]'))).to.equal('50.0% (2)');
    expect(text(c.children[6])).to.equal('1');
    expect(text(c.children[7])).to.equal('4');
    expect($$(el, '.sections-table tbody tr').length).to.equal(12);
    // Comparison: Spring 25.0% → Summer 60.0% Good or better.
    const compare = $(el, '.compare-table tr[data-measure="overall:good-or-better"]');
    expect(text(compare.children[1])).to.equal('25.0% (1/4)');
    expect(text(compare.children[2])).to.equal('60.0% (3/5)');
    expect(text(compare.children[3])).to.equal('+35.0');
    expect(text(compare.children[5])).to.equal('Within chance');
    // Trend: two cycles, KPI line from Summer.
    expect($$(el, '.trend-table tbody tr').map((r) => text(r.children[0]))).to.deep.equal(['Spring', 'Summer']);
    expect(text($(el, '[data-kpi]'))).to.match(/Not on track|On track/);
    expect($(el, '.chart--line .chart__target')).to.exist;
    expect($$(el, '.gaps-table tbody tr').length).to.be.greaterThan(0);
    expect($$(el, '.audits-table tbody tr').length).to.equal(5);
  });

  it('filters change the figures', async () => {
    const s = await seed();
    const el = await loaded(s);
    const events: string[] = [];
    el.addEventListener('ehcp-report-filter-change', (e) => events.push(JSON.stringify(e.query)));
    const phase = $<HTMLSelectElement>(el, '#f-phase');
    phase.value = 'secondary';
    phase.dispatchEvent(new Event('change'));
    await until(() => el.data?.summary.scope.filters.phase === 'secondary' && $(el, '.summary').getAttribute('aria-busy') === 'false', 'the filtered summary');
    await el.updateComplete;
    expect(figure(el, 'audits')).to.equal('3');
    expect(figure(el, 'good-or-better')).to.equal('66.7%');
    expect(el.getAttribute('phase')).to.equal('secondary');
    expect(events).to.deep.equal([JSON.stringify({ cycleId: s.summer, phase: 'secondary' })]);
    const cycle = $<HTMLSelectElement>(el, '#f-cycleId');
    cycle.value = s.spring;
    cycle.dispatchEvent(new Event('change'));
    await until(() => el.data?.summary.scope.cycle?.id === s.spring && $(el, '.summary').getAttribute('aria-busy') === 'false', 'the Spring summary');
    await el.updateComplete;
    expect(figure(el, 'audits')).to.equal('0', 'Spring has no secondary plans');
    $<HTMLButtonElement>(el, 'fieldset button').click();
    await until(() => el.data?.summary.figures.audits === 4 && $(el, '.summary').getAttribute('aria-busy') === 'false', 'filters cleared');
    await el.updateComplete;
    expect(figure(el, 'good-or-better')).to.equal('25.0%');
  });

  it('the data tables match the charts', async () => {
    const s = await seed();
    const el = await loaded(s, { compare: true });
    // Overall: each segment's label and width agree with the table.
    const segments = $$(el, '[data-chart="overall"] .chart__segment');
    const rows = $$(el, '[data-chart="overall"] tbody tr[data-grade]');
    const width = Number($(el, '[data-chart="overall"] svg').getAttribute('viewBox')!.split(' ')[2]) - 158 - 64;
    for (const seg of segments) {
      const grade = seg.getAttribute('data-key')!;
      const row = rows.find((r) => r.getAttribute('data-grade') === grade)!;
      const share = text(row.children[2]);
      expect(text(seg.querySelector('title'))).to.contain(share);
      const w = Number(seg.querySelector('rect')!.getAttribute('width'));
      expect(Math.abs(w / width - parseFloat(share) / 100)).to.be.lessThan(0.001);
    }
    // Sections: one bar per table row, and each bar's Good share matches the table's.
    const bars = $$(el, '[data-chart="sections"] svg > g');
    const sectionRows = $$(el, '.sections-table tbody tr');
    expect(bars.length).to.equal(sectionRows.length);
    sectionRows.forEach((row, i) => {
      const goodCell = text(row.querySelector('[data-grade="good"]')).split(' ')[0]!;
      const good = bars[i]!.querySelector('[data-key="good"] title');
      expect(text(good)).to.contain(goodCell);
    });
    // Trend: every point's tooltip is in the table.
    const trendCells = $$(el, '.trend-table tbody td').map((td) => text(td));
    for (const title of $$(el, '.chart--line .chart__series title')) expect(trendCells).to.include(text(title).split(': ').at(-1)!.replace(/^(\d+)%$/, (_m, n) => `${Number(n).toFixed(1)}%`));
  });

  it('is accessible when loaded, with data tables open, and with an audit open', async () => {
    const s = await seed();
    const el = await loaded(s, { compare: true });
    await expect(el).to.be.accessible();
    for (const d of $$<HTMLDetailsElement>(el, 'details')) d.open = true;
    await expect(el).to.be.accessible();
    $<HTMLButtonElement>(el, '.open-button').click();
    await el.updateComplete;
    const report = $(el, 'ehcp-plan-report');
    await until(() => !!report.shadowRoot?.querySelector('table'), 'the plan report');
    await expect(el).to.be.accessible();
  });

  it('keyboard reaches every control in order', async () => {
    const s = await seed();
    const el = await loaded(s, { compare: true });
    const controls = $$(el, 'select, input, button, summary');
    expect(controls.length).to.be.greaterThan(15);
    document.getElementById('before')!.focus();
    const reached = new Set<Element>();
    for (let i = 0; i < controls.length + 5 && reached.size < controls.length; i++) {
      await press('Tab');
      const active = deepActiveElement();
      if (active && controls.includes(active as HTMLElement)) reached.add(active);
    }
    expect(controls.filter((c) => !reached.has(c)).map((c) => c.outerHTML.slice(0, 60))).to.deep.equal([]);
    // A "Show data" toggle opens with the keyboard.
    const summary = $(el, '[data-chart="overall"] summary');
    summary.focus();
    await press('Enter');
    expect((summary.parentElement as HTMLDetailsElement).open).to.equal(true);
  });

  it('a manager edits the narrative: the form is accessible, the text is saved through the adapter and shown', async () => {
    const s = await seed();
    const el = await loaded(s);
    el.editableNarrative = true;
    await el.updateComplete;
    $<HTMLButtonElement>(el, '.edit-narrative').click();
    await el.updateComplete;
    await expect(el).to.be.accessible();
    $<HTMLTextAreaElement>(el, '#n-context').value = 'Audited by a multi-agency panel.';
    $<HTMLTextAreaElement>(el, '#n-rec-F').value = 'Quantify every provision.';
    $<HTMLButtonElement>(el, '.narrative-form button[type="submit"]').click();
    await until(() => text($(el, '.save-message')) === 'Saved.', 'the narrative to save');
    await el.updateComplete;
    expect(text($(el, '.narrative'))).to.contain('Audited by a multi-agency panel.');
    expect(text($(el, '.narrative dl'))).to.contain('Quantify every provision.');
    const stored = await (await fetch(`/qa/cycles/${s.summer}/narrative`, { headers: { authorization: `Bearer ${s.manager.token}` } })).json();
    expect(stored.recommendations).to.deep.equal({ F: 'Quantify every provision.' });
    expect(el.data!.summary.narrative!.version).to.equal(stored.version);
  });

  it('opens the printable report as a one-time adapter page with noopener, never as a blob: page of this origin', async () => {
    const s = await seed();
    const el = await loaded(s);
    const opened: { href: string; target: string; rel: string; download: string }[] = [];
    const click = HTMLAnchorElement.prototype.click;
    const createObjectURL = URL.createObjectURL;
    let blobs = 0;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) { opened.push({ href: this.href, target: this.target, rel: this.rel, download: this.download }); };
    URL.createObjectURL = (obj: Blob | MediaSource) => { blobs++; return createObjectURL(obj); };
    try {
      const button = $$<HTMLButtonElement>(el, '.exports button').find((b) => text(b) === 'Printable report')!;
      button.click();
      await until(() => opened.length === 1, 'the link to open');
    } finally {
      HTMLAnchorElement.prototype.click = click;
      URL.createObjectURL = createObjectURL;
    }
    const [link] = opened;
    expect(blobs).to.equal(0);
    expect(link!.target).to.equal('_blank');
    expect(link!.rel.split(' ')).to.include('noopener');
    const url = new URL(link!.href);
    expect(url.origin).to.equal(location.origin);
    expect(url.pathname).to.match(/^\/qa\/reports\/export-links\//);
    // The page is the adapter's, with the report's own CSP; no token is needed, and it works once.
    const page = await fetch(link!.href);
    expect(page.status).to.equal(200);
    expect(page.headers.get('content-security-policy')).to.contain("frame-ancestors 'none'");
    expect(await page.text()).to.contain('Summer');
    expect((await fetch(link!.href)).status).to.equal(404);
  });

  it('renders from a data property without a server: the 71-plan report', async () => {
    const grade = (g: string, label: string, colour: string, rank: number, count: number) => ({ grade: g, label, colour, rank, count, n: 71, share: count / 71, ci: null });
    const overall = { graded: 71, notApplicable: 0, notApplicableShare: 0, ungraded: 0, goodOrBetter: { count: 31, n: 71, share: 31 / 71, ci: null },
      grades: [grade('outstanding', 'Outstanding', 'outstanding', 1, 0), grade('good', 'Good', 'good', 2, 31), grade('requires-improvement', 'Requires improvement', 'requires-improvement', 3, 18), grade('inadequate', 'Inadequate', 'inadequate', 4, 22)] };
    const data = {
      summary: {
        scope: { framework: { id: 'ehcp-plan', version: '1.0.0', title: 'EHC plan quality' }, cycle: { id: 'cycle-0002', name: 'April to August', startDate: '2023-04-01', endDate: '2023-08-31', kpiTarget: null, createdAt: '2023-04-01T00:00:00Z' }, from: null, to: null, filters: {} },
        figures: { audits: 71, overall, sections: [{ sectionId: 'A', title: 'Section A', ...overall }], medianActiveSeconds: 2400 },
        narrative: { cycleId: 'cycle-0002', context: 'Second cycle of auditing.', recommendations: {}, version: 1, updatedAt: null, updatedBy: null },
        audits: { items: [], nextCursor: null },
      },
    } as unknown as AuditSummaryData;
    const el = await fixture<EhcpAuditSummary>(html`<ehcp-audit-summary .data=${data}></ehcp-audit-summary>`);
    expect(figure(el, 'audits')).to.equal('71');
    expect(text($(el, '[data-figure="audits"]').parentElement)).to.equal('71plans audited');
    expect(figure(el, 'good-or-better')).to.equal('43.7%');
    expect($$(el, '[data-chart="overall"] tbody tr[data-grade]').map((r) => text(r.children[2]))).to.deep.equal(['0.0%', '43.7%', '25.4%', '31.0%']);
    expect(text($(el, '.narrative'))).to.contain('Second cycle of auditing.');
    expect($(el, 'fieldset')).to.equal(null, 'no filters without a data source');
    expect($(el, '[data-figure="moderation"]')).to.equal(null, 'no moderation line when the summary has no moderated plans');
    await expect(el).to.be.accessible();

    // The same report with moderated plans says how many, and that their agreed grades are used.
    el.data = { ...data, summary: { ...data.summary, moderation: { moderatedPlans: 12, plansInModeration: 0 } } };
    await el.updateComplete;
    expect(text($(el, '[data-figure="moderation"]'))).to.equal('12 of 71 plans were moderated; agreed grades are used for them.');
    el.data = { ...data, summary: { ...data.summary, moderation: { moderatedPlans: 12, plansInModeration: 2 } } };
    await el.updateComplete;
    expect(text($(el, '[data-figure="moderation"]'))).to.equal("12 of 71 plans were moderated; agreed grades are used for them. 2 more are being moderated: the first audit's grades count until grades are agreed.");
    await expect(el).to.be.accessible();
    el.data = { ...data, summary: { ...data.summary, moderation: { moderatedPlans: 0, plansInModeration: 0 } } };
    await el.updateComplete;
    expect($(el, '[data-figure="moderation"]')).to.equal(null);

    // One plan: "1 plan audited", not "1 plans audited".
    el.data = { ...data, summary: { ...data.summary, figures: { ...data.summary.figures, audits: 1 } } };
    await el.updateComplete;
    expect(text($(el, '[data-figure="audits"]').parentElement)).to.equal('1plan audited');
    expect(text($(el, '[role="status"]'))).to.equal('1 plan audited');
  });
});
