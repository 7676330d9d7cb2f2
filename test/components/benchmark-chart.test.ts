import { expect, fixture, html } from '@open-wc/testing';
import { EhcpBenchmarkChart, type BenchmarkClient, type BenchmarkView } from 'ehcp-qa/components/benchmark-chart';
import { sampleBenchmarkView } from './support/benchmark-view.js';
import { deepActiveElement, press, tabUntil } from './support/keys.js';
import { testUser } from './support/api-helpers.js';

/** Completes `grades.length` audits through the real adapter, every section at the given grade. */
async function completeAudits(user: Awaited<ReturnType<typeof testUser>>, grades: string[]): Promise<void> {
  const framework = await user.client.getFramework('ehcp-plan', '1.0.0');
  for (const grade of grades) {
    const audit = await user.client.createAudit({ frameworkId: 'ehcp-plan', frameworkVersion: '1.0.0', planRef: `PLAN-${crypto.randomUUID().slice(0, 8)}`, plan: { planType: 'new', phase: 'primary', primaryNeed: 'ASD', settingType: 'mainstream' }, auditorRole: 'send-caseworker' });
    let version = audit.version;
    for (const section of framework.sections) {
      const criteriaMet = section.criteria.filter((c) => c.level === framework.scale.expected).map((c) => c.id);
      const body = grade === 'good' ? { criteriaMet, grade } : { criteriaMet, grade, overrideReason: 'Test: graded below the suggestion on purpose.' };
      version = (await user.client.saveSection(audit.id, section.id, body, version)).version;
    }
    await user.client.completeAudit(audit.id, version);
  }
}

const q = <T extends Element = HTMLElement>(el: Element, selector: string) => el.shadowRoot!.querySelector<T>(selector)!;
const qa = <T extends Element = HTMLElement>(el: Element, selector: string) => [...el.shadowRoot!.querySelectorAll<T>(selector)];
const text = (node: Element | null) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const pct = (share: number) => `${(share * 100).toFixed(1)}%`;

async function chart(data: BenchmarkView = sampleBenchmarkView(), attrs: { section?: string; measure?: 'pooled' | 'mean' } = {}): Promise<EhcpBenchmarkChart> {
  const el = await fixture<EhcpBenchmarkChart>(html`<ehcp-benchmark-chart .data=${data} section=${attrs.section ?? 'overall'} measure=${attrs.measure ?? 'pooled'}></ehcp-benchmark-chart>`);
  await el.updateComplete;
  return el;
}

/** Checks every drawn bar against the data table: the same unrounded share, shown in the table, and a height in proportion. */
function assertTableMatchesBars(el: EhcpBenchmarkChart, distribution: string) {
  const root = q(el, `[data-distribution="${distribution}"]`);
  const bars = [...root.querySelectorAll<SVGRectElement>('g.bar rect[data-value]')];
  expect(bars.length).to.be.greaterThan(0);
  const axis = root.querySelector<SVGLineElement>('line.axis')!;
  const baseline = Number(axis.getAttribute('y1'));
  const gridLines = [...root.querySelectorAll('.chart__grid line')];
  const full = baseline - Number(gridLines.at(-1)!.getAttribute('y1'));
  for (const bar of bars) {
    const g = bar.closest('g.bar')!;
    const series = g.getAttribute('data-series');
    const grade = g.getAttribute('data-grade');
    const cell = root.querySelector(`td[data-series="${series}"][data-grade="${grade}"]`)!;
    expect(cell, `table cell for ${series} ${grade}`).to.exist;
    const value = Number(bar.getAttribute('data-value'));
    expect(Number(cell.getAttribute('data-value'))).to.equal(value);
    expect(text(cell)).to.equal(pct(value));
    expect(Number(bar.getAttribute('height'))).to.be.closeTo(value * full, 0.01);
  }
  // And every suppressed bar is suppressed in the table.
  for (const g of root.querySelectorAll('g.bar[data-suppressed]')) {
    const cell = root.querySelector(`td[data-series="${g.getAttribute('data-series')}"][data-grade="${g.getAttribute('data-grade')}"]`)!;
    expect(cell.hasAttribute('data-suppressed')).to.be.true;
  }
}

describe('<ehcp-benchmark-chart>', () => {
  it('renders from the data property: title, sample-data label, quartiles, three series with the LA interval', async () => {
    const el = await chart();
    expect(text(q(el, 'h2'))).to.equal("How this LA's plans compare: 2025-Q3");
    expect(text(q(el, '[data-sample]'))).to.match(/Sample data/);
    expect(text(q(el, '[data-position="nation"]'))).to.equal('England: in the top quarter (quartile 1 of 4) of 52 LAs for plans graded Good or better.');
    expect(text(q(el, '[data-position="region"]'))).to.contain('second quarter');
    const svg = q(el, 'svg[role="img"]');
    expect(svg.getAttribute('aria-labelledby')).to.match(/-title .*-desc/);
    expect(text(svg.querySelector('title'))).to.equal('Whole plan: share of plans at each grade');
    const series = new Set(qa(el, 'g.bar').map((g) => g.getAttribute('data-series')));
    expect([...series].sort()).to.deep.equal(['la', 'nation', 'region']);
    expect(qa(el, 'g.interval').length).to.equal(4);
    expect(text(q(el, '.chart-legend'))).to.contain('North West');
    await expect(el).to.be.accessible();
  });

  it('shows suppressed cells as "fewer than 5", never as zero', async () => {
    const el = await chart();
    const suppressed = q(el, 'g.bar[data-series="region"][data-grade="outstanding"]');
    expect(suppressed.hasAttribute('data-suppressed')).to.be.true;
    expect(text(suppressed.querySelector('text'))).to.equal('fewer than 5');
    expect(suppressed.querySelector('rect[data-value]')).to.equal(null);
    const row = qa(el, 'tbody tr').find((tr) => text(tr.querySelector('th')) === 'Outstanding')!;
    const cells = [...row.querySelectorAll('td')].map(text);
    expect(cells.slice(3, 6)).to.deep.equal(['fewer than 5', 'fewer than 5', 'fewer than 5']);
    expect(cells).not.to.include('0');
    expect(cells).not.to.include('0.0%');
  });

  it('the table matches the bars, with either measure', async () => {
    const el = await chart();
    assertTableMatchesBars(el, 'overall');
    const mean = await chart(sampleBenchmarkView(), { measure: 'mean' });
    const bar = q(mean, 'g.bar[data-series="nation"][data-grade="good"] rect[data-value]');
    const view = sampleBenchmarkView();
    const nation = view.distributions[0]!.nation as Extract<BenchmarkView['distributions'][number]['nation'], { published: true }>;
    const good = nation.cells.good as { meanOfLaShares: number };
    expect(Number(bar.getAttribute('data-value'))).to.equal(good.meanOfLaShares);
    expect(text(q(mean, '.notes'))).to.contain('mean of each LA');
  });

  it('shows all twelve sections as small multiples, leaving out a withheld region', async () => {
    const el = await chart(sampleBenchmarkView(), { section: 'all' });
    const figures = qa(el, '.multiples [data-distribution]');
    expect(figures.map((f) => f.getAttribute('data-distribution'))).to.deep.equal(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H1', 'H2', 'I', 'J', 'K']);
    const d = q(el, '[data-distribution="D"]');
    expect(d.querySelector('g.bar[data-series="region"]')).to.equal(null);
    expect(text(d.querySelector('.notes'))).to.contain('North West: not published');
    expect(d.querySelectorAll('g.group').length).to.equal(5); // with Not applicable
    for (const id of ['A', 'C', 'F']) assertTableMatchesBars(el, id);
    await expect(el).to.be.accessible();
  });

  it('opens its data table by keyboard', async () => {
    const el = await chart();
    const summary = await tabUntil((a) => a?.tagName === 'SUMMARY');
    expect(deepActiveElement()).to.equal(summary);
    await press('Enter');
    await el.updateComplete;
    expect(q<HTMLDetailsElement>(el, 'details').open).to.be.true;
    expect(text(q(el, 'caption'))).to.equal('Whole plan: plans and shares at each grade');
    await expect(el).to.be.accessible();
  });

  it('renders from the adapter: audits completed, a signed file imported, the benchmark fetched', async () => {
    const manager = await testUser(['manager']);
    const auditor = await testUser(['auditor'], manager.tenant);
    await completeAudits(auditor, ['good', 'good', 'good', 'good', 'inadequate', 'inadequate']);
    const now = new Date();
    const period = `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
    const file = await (await fetch('/test-qa/benchmark-file', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tenant: manager.tenant, period }) })).json();
    const imported = await fetch('/qa/benchmark/published', { method: 'POST', headers: { authorization: `Bearer ${manager.token}`, 'content-type': 'application/json' }, body: JSON.stringify(file) });
    expect(imported.status).to.equal(201);

    const el = await fixture<EhcpBenchmarkChart>(html`<ehcp-benchmark-chart api-base="/qa" period=${period} .token=${manager.token}></ehcp-benchmark-chart>`);
    for (let i = 0; i < 100 && !el.shadowRoot!.querySelector('svg[role="img"]'); i++) await new Promise((r) => setTimeout(r, 20));
    expect(text(q(el, 'h2'))).to.equal(`How this LA's plans compare: ${period}`);
    const good = q(el, 'g.bar[data-series="la"][data-grade="good"] rect[data-value]');
    expect(Number(good.getAttribute('data-value'))).to.be.closeTo(4 / 6, 1e-9);
    // Six LAs in England: published. Four in the North West, two in London: both withheld.
    expect(q(el, 'g.bar[data-series="nation"]')).to.exist;
    expect(q(el, 'g.bar[data-series="region"]')).to.equal(null);
    expect(text(q(el, '.notes'))).to.match(/pooled/);
    expect(text(q(el, '[data-position="nation"]'))).to.match(/quartile \d of 4\) of 6 LAs/);
    expect(text(q(el, '.meta'))).to.contain('imported from a signed file');
    assertTableMatchesBars(el, 'overall');
    await expect(el).to.be.accessible();
  });

  it('names a cycle period by its dates in words', async () => {
    const el = await chart(sampleBenchmarkView({ period: { label: '2026-09-01..2026-12-18', start: '2026-09-01', end: '2026-12-18' } }));
    expect(text(q(el, 'h2'))).to.equal("How this LA's plans compare: 1 September 2026 to 18 December 2026");
  });

  it('shows feedback shares beside the region and England when the publication has them, "not shown" or "not published" otherwise, and is accessible', async () => {
    const data: BenchmarkView = {
      ...sampleBenchmarkView(),
      feedback: [
        { questionnaireId: 'parent-carer', questionnaireVersion: '1.0.0', questionId: 'describes-child', text: 'The plan describes our child well.', la: { answered: 20, positive: 15, share: 0.75 },
          region: { published: true, contributors: 6, answered: 120, positive: 78, share: 0.65 }, nation: { published: true, contributors: 40, answered: 900, positive: 612, share: 0.68 } },
        { questionnaireId: 'parent-carer', questionnaireVersion: '1.0.0', questionId: 'on-time', text: 'Did you receive the final plan on time?', la: null,
          region: { published: false, reason: 'fewer than 5 LAs sent answers to this question' }, nation: { published: true, contributors: 12, answered: 300, positive: 150, share: 0.5 } },
      ],
    };
    const el = await chart(data);
    const rows = qa(el, '[data-feedback] tbody tr').map((r) => [...r.children].map((c) => text(c)));
    expect(rows[0]).to.deep.equal(['The plan describes our child well.', '75.0% of 20', '65.0% of 120', '68.0% of 900']);
    expect(rows[1]![1]).to.equal('not shown (fewer than 5)');
    expect(rows[1]![2]).to.contain('not published');
    expect(rows[1]![3]).to.equal('50.0% of 300');
    await expect(el).to.be.accessible();
    // Without feedback in the publication, nothing is added.
    const plain = await chart();
    expect(plain.shadowRoot!.querySelector('[data-feedback]')).to.equal(null);
  });

  it('shows a load error in an alert', async () => {
    const failing: BenchmarkClient = { getBenchmark: () => Promise.reject(new Error('There is no benchmark of ehcp-plan 2.0.0 for 2025-Q3.')) };
    const el = await fixture<EhcpBenchmarkChart>(html`<ehcp-benchmark-chart period="2025-Q3" .client=${failing}></ehcp-benchmark-chart>`);
    await new Promise((r) => setTimeout(r, 0));
    await el.updateComplete;
    expect(text(q(el, '[role="alert"]'))).to.contain('ehcp-plan 2.0.0');
    await expect(el).to.be.accessible();
  });
});
