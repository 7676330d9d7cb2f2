import { expect, fixture, fixtureSync, html, oneEvent } from '@open-wc/testing';
import { EhcpModeration, ModerationResolveEvent, type ModerationData, type ModerationDetail, type ModerationStatsResponse, type ModerationClient } from 'ehcp-qa/components/moderation';
import { testFramework } from './support/framework.js';
import { deepActiveElement, press, tabUntil } from './support/keys.js';

const q = <T extends Element = HTMLElement>(el: EhcpModeration, selector: string) => el.shadowRoot!.querySelector<T>(selector)!;
const qa = <T extends Element = HTMLElement>(el: EhcpModeration, selector: string) => [...el.shadowRoot!.querySelectorAll<T>(selector)];
const text = (node: Element | null) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
const side = (grade: string | null, criteriaMet: string[] = [], extra: { comment?: string; overrideReason?: string } = {}) => ({
  grade, suggestedGrade: grade, criteriaMet, overrideReason: extra.overrideReason ?? null, comment: extra.comment ?? null,
});

function pair(id: string, planRef: string, status: ModerationDetail['status']): ModerationDetail {
  return {
    id, cycleId: 'cycle-2026-autumn', planRef, frameworkId: 'test-plan', frameworkVersion: '1.0.0',
    firstAuditId: `${id}-first`, firstAuditorId: 'auditor-amber', secondAuditorId: 'auditor-basil', secondAuditId: `${id}-second`,
    status, assignedAt: '2026-11-01T09:00:00Z', resolvedAt: status === 'resolved' ? '2026-11-10T09:00:00Z' : null,
    differingSections: 2, version: 3, note: null, resolvedBy: null, cancelledAt: null, cancelledBy: null, cancelReason: null,
    sections: [
      { sectionId: 'B', first: side('good', ['B.good.every-need', 'B.good.impact', 'B.good.current']), second: side('good', ['B.good.every-need', 'B.good.impact', 'B.good.current']),
        gradesAgree: true, criteriaOnlyFirst: [], criteriaOnlySecond: [], agreed: status === 'resolved' ? { grade: 'good', note: null } : null },
      { sectionId: 'D', first: side('na', ['D.na.no-needs']), second: side('good', ['D.good.described', 'D.good.advice'], { comment: 'Needs are set out.' }),
        gradesAgree: false, criteriaOnlyFirst: ['D.na.no-needs'], criteriaOnlySecond: ['D.good.described', 'D.good.advice'], agreed: status === 'resolved' ? { grade: 'good', note: 'Advice shows needs.' } : null },
      { sectionId: 'F', first: side('good', ['F.good.quantified', 'F.good.every-need', 'F.good.specific']), second: side('inadequate', ['F.good.every-need', 'F.inadequate.vague'], { overrideReason: 'Hours are missing.' }),
        gradesAgree: false, criteriaOnlyFirst: ['F.good.quantified', 'F.good.specific'], criteriaOnlySecond: ['F.inadequate.vague'], agreed: status === 'resolved' ? { grade: 'requires-improvement', note: null } : null },
    ],
  };
}

const agreement = (compared: number, exact: number, withinOne: number) => ({
  compared, exact, withinOne, exactRate: compared ? exact / compared : null, withinOneRate: compared ? withinOne / compared : null, naMismatches: 0, naBoth: 0, missing: 0,
});
const stats: ModerationStatsResponse = {
  cycleId: 'cycle-2026-autumn', from: null, to: null, frameworkId: 'test-plan', frameworkVersion: '1.0.0',
  pairs: 6, resolved: 4, plans: 6, awaitingSecondAudit: 1, otherFrameworkPairs: 0,
  overall: { ...agreement(18, 11, 16), naMismatches: 1, kappa: { value: 0.62, n: 17, observed: 0.9, expected: 0.74, standardError: 0.1, ci95: [0.42, 0.82] } },
  sections: [
    { sectionId: 'B', ...agreement(6, 5, 6), disagreements: 1, kappa: { value: 0.8, n: 6, observed: 0.97, expected: 0.85, standardError: 0.1, ci95: [0.6, 1] } },
    { sectionId: 'D', ...agreement(6, 4, 5), naMismatches: 1, disagreements: 2, kappa: { value: null, reason: 'No variation: both auditors gave every section the same grade.' } },
    { sectionId: 'F', ...agreement(6, 2, 5), disagreements: 4, kappa: { value: 0.35, n: 6, observed: 0.8, expected: 0.7, standardError: 0.2, ci95: [-0.05, 0.75] } },
  ],
  alpha: { value: 0.58, units: 18, pairableValues: 36, maxRatersPerUnit: 2, observedDisagreement: 10, expectedDisagreement: 24 },
  moreThanTwoRaters: false,
  auditors: [
    { auditorId: 'auditor-amber', moderatedAudits: 4, asFirst: 4, asSecond: 0, comparedWithAgreed: 12, matchedAgreed: 7, agreementWithAgreed: 7 / 12, meanSignedDifference: 0.6, direction: 'higher' },
    { auditorId: 'auditor-basil', moderatedAudits: 4, asFirst: 0, asSecond: 4, comparedWithAgreed: 12, matchedAgreed: 11, agreementWithAgreed: 11 / 12, meanSignedDifference: -0.1, direction: 'in-line' },
  ],
  mostDisagreedSections: [{ sectionId: 'F', disagreements: 4, compared: 6, disagreementRate: 4 / 6 }, { sectionId: 'D', disagreements: 2, compared: 6, disagreementRate: 2 / 6 }],
  criteriaTickedDifferently: [{ criterionId: 'F.good.quantified', sectionId: 'F', timesDifferent: 3, compared: 6 }],
};

function data(): ModerationData {
  return { framework: testFramework, moderations: [pair('mod-0001', 'PLAN-001', 'awaiting-resolution'), pair('mod-0002', 'PLAN-002', 'resolved')], stats };
}

async function moderation(d: ModerationData = data()) {
  // fixtureSync: fixture() on a plain wrapper waits for an animation frame, which a
  // background test page may never get while another test file runs beside it.
  const wrapper = fixtureSync<HTMLDivElement>(html`<div><button id="before">Before</button><ehcp-moderation .data=${d}></ehcp-moderation></div>`);
  const el = wrapper.querySelector('ehcp-moderation')!;
  await el.updateComplete;
  return { el, before: wrapper.querySelector<HTMLButtonElement>('#before')! };
}

describe('<ehcp-moderation>', () => {
  it('lists pairs awaiting resolution and the consistency figures, and is accessible', async () => {
    const { el } = await moderation();
    expect(el).to.be.instanceOf(EhcpModeration);
    const rows = qa(el, '[part="pending"] tbody tr');
    expect(rows).to.have.length(1);
    expect(text(rows[0]!)).to.contain('PLAN-001').and.contain('auditor-amber').and.contain('auditor-basil');
    expect(text(q(el, '[data-figure="exact"]'))).to.equal('61%');
    expect(text(q(el, '[data-figure="kappa"]'))).to.contain('0.62').and.contain('95% CI 0.42 to 0.82');
    expect(text(q(el, '[data-auditor="auditor-amber"]'))).to.contain('+0.60').and.contain('Grades higher than agreed');
    expect(text(q(el, '[data-list="hotspots"] li'))).to.contain('Section F');
    await expect(el).to.be.accessible();
  });

  it('draws agreement per section as an SVG chart with a title and the same data as a table', async () => {
    const { el } = await moderation();
    const chart = q(el, '[data-chart="agreement"]');
    expect(text(chart.querySelector('.chart-figure__title'))).to.equal('Agreement per section');
    const svgEl = chart.querySelector('svg.chart')!;
    expect(svgEl.getAttribute('role')).to.equal('img');
    expect(text(svgEl.querySelector('title'))).to.equal('Agreement per section');
    expect(text(svgEl.querySelector('desc'))).to.contain('further apart');
    // One bar per section with its three parts; the numbers are written on the bars, not left to colour.
    const segments = [...svgEl.querySelectorAll('.chart__segment')].map((g) => `${g.getAttribute('data-key')} ${text(g.querySelector('title'))}`);
    expect(segments).to.include('exact Section F: Same grade 33%');
    expect(segments).to.include('within-one Section F: One step apart 50%');
    expect(segments).to.include('further Section F: Further apart, or Not applicable against a grade 17%');
    expect(text(chart.querySelector('.chart-legend'))).to.contain('Same grade').and.contain('One step apart');
    const details = chart.querySelector('details')!;
    expect(details.open).to.equal(false);
    chart.querySelector<HTMLElement>('summary')!.focus();
    await press('Enter');
    expect(details.open).to.equal(true);
    const cells = [...chart.querySelectorAll('tr[data-section="F"] td')].map((td) => text(td));
    expect(cells).to.deep.equal(['6', '33%', '83%', '0.35']);
    await expect(el).to.be.accessible();
  });

  it('shows both audits side by side with differences marked in words, not colour alone', async () => {
    const { el } = await moderation();
    q<HTMLButtonElement>(el, 'button[data-moderation="mod-0001"]').click();
    await el.updateComplete;
    expect(text(q(el, '#comparison-heading'))).to.contain('PLAN-001');
    expect(el.shadowRoot!.activeElement?.id).to.equal('comparison-heading');
    expect(text(q(el, '[data-section="B"] .flag'))).to.equal('= Grades agree');
    expect(text(q(el, '[data-section="F"] .flag'))).to.equal('≠ Grades differ');
    const onlyFirst = qa(el, '[data-section="F"] .side')[0]!.querySelectorAll('[data-only]');
    expect([...onlyFirst].map((li) => li.getAttribute('data-only'))).to.deep.equal(['F.good.quantified', 'F.good.specific']);
    expect(text(onlyFirst[0]!)).to.contain('ticked by this auditor only');
    expect(text(q(el, '[data-section="F"]'))).to.contain('Hours are missing.');
    // Agreed sections start with the shared grade; differing ones start empty.
    expect(q<HTMLInputElement>(el, '#agreed-B-good').checked).to.equal(true);
    expect(qa<HTMLInputElement>(el, 'input[name="agreed-F"]').some((r) => r.checked)).to.equal(false);
    expect(text(q(el, 'label[for="agreed-F-good"]'))).to.contain('(first auditor)');
    expect(text(q(el, 'label[for="agreed-D-na"]'))).to.contain('(first auditor)');
    await expect(el).to.be.accessible();
  });

  it('in readonly mode shows the comparison without the form to agree grades', async () => {
    const { el } = await moderation();
    el.readonly = true;
    q<HTMLButtonElement>(el, 'button[data-moderation="mod-0001"]').click();
    await el.updateComplete;
    expect(qa(el, 'input[type="radio"]')).to.have.length(0);
    expect(el.shadowRoot!.querySelector('button[type="submit"]')).to.equal(null);
    expect(text(q(el, '[data-section="F"] .flag'))).to.equal('≠ Grades differ');
    expect(text(q(el, '[data-section="F"]'))).to.contain('Agreed grade: Not agreed yet');
    await expect(el).to.be.accessible();
  });

  it('resolves a pair with the keyboard alone', async () => {
    const { el, before } = await moderation();
    before.focus();
    await tabUntil((a) => a instanceof HTMLButtonElement && a.dataset['moderation'] === 'mod-0001');
    await press('Enter');
    await el.updateComplete;
    // Section D: Tab into the group (first option), then the arrow key moves to and selects "Good".
    await tabUntil((a) => a instanceof HTMLInputElement && a.name === 'agreed-D');
    await press('ArrowRight');
    // Section F: a third grade, "Requires improvement", two steps from the first option.
    await tabUntil((a) => a instanceof HTMLInputElement && a.name === 'agreed-F');
    await press('ArrowRight', 2);
    await tabUntil((a) => a instanceof HTMLTextAreaElement && a.id === 'note-F');
    await press('KeyH');
    await press('KeyI');
    await tabUntil((a) => a instanceof HTMLButtonElement && a.type === 'submit');
    const resolving = oneEvent(el, 'ehcp-moderation-resolve') as Promise<ModerationResolveEvent>;
    await press('Enter');
    const event = await resolving;
    expect(event.moderationId).to.equal('mod-0001');
    expect(event.body.sections).to.deep.equal({ B: { grade: 'good' }, D: { grade: 'good' }, F: { grade: 'requires-improvement', note: 'hi' } });
    await el.updateComplete;
    const message = q(el, '.message');
    expect(text(message)).to.equal('Agreed grades saved for plan PLAN-001.');
    expect(deepActiveElement()).to.equal(message);
    expect(text(q(el, '[data-section="F"]'))).to.match(/Agreed grade: \W?Requires improvement/);
    await expect(el).to.be.accessible();
    // Back in the list, the resolved pair is gone.
    await tabUntil((a) => a instanceof HTMLButtonElement && a.textContent === 'Back to the list');
    await press('Enter');
    await el.updateComplete;
    expect(text(q(el, '[part="pending"]'))).to.contain('No moderated pairs are waiting');
  });

  it('refuses to save without an agreed grade for every graded section, with an error summary that links to it', async () => {
    const { el } = await moderation();
    const events: Event[] = [];
    el.addEventListener('ehcp-moderation-resolve', (e) => events.push(e));
    q<HTMLButtonElement>(el, 'button[data-moderation="mod-0001"]').click();
    await el.updateComplete;
    q<HTMLButtonElement>(el, 'button[type="submit"]').click();
    await el.updateComplete;
    expect(events).to.have.length(0);
    const summary = q(el, '.error-summary');
    expect(deepActiveElement()).to.equal(summary);
    expect(qa(el, '.error-summary a').map((a) => text(a))).to.deep.equal(['Choose the agreed grade for section D', 'Choose the agreed grade for section F']);
    expect(q(el, '[data-section="F"] fieldset').getAttribute('aria-describedby')).to.equal('error-F');
    await expect(el).to.be.accessible();
    q<HTMLAnchorElement>(el, '.error-summary a').click();
    expect((deepActiveElement() as HTMLInputElement).name).to.equal('agreed-D');
  });

  it('saves through a client with the version as If-Match when one is given, and reloads', async () => {
    const calls: string[] = [];
    const d = data();
    const client: ModerationClient = {
      getFramework: async () => testFramework,
      listModerations: async (query) => { calls.push(`list ${query.cycleId} ${query.status}`); return { items: d.moderations.filter((m) => m.status === 'awaiting-resolution') }; },
      getModeration: async (id) => { calls.push(`get ${id}`); return d.moderations.find((m) => m.id === id)!; },
      resolveModeration: async (id, body, version) => {
        calls.push(`resolve ${id} v${version} ${Object.keys(body.sections).join(',')}`);
        const resolved = pair(id, 'PLAN-001', 'resolved');
        d.moderations = d.moderations.map((m) => (m.id === id ? resolved : m));
        return resolved;
      },
      getModerationStats: async (query) => { calls.push(`stats ${query.cycleId}`); return stats; },
    };
    const el = await fixture<EhcpModeration>(html`<ehcp-moderation no-title cycle-id="cycle-2026-autumn" .client=${client}></ehcp-moderation>`);
    await new Promise((r) => setTimeout(r, 0));
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('.heading--0'), 'no-title hides the title').to.equal(null);
    expect(calls).to.include.members(['list cycle-2026-autumn awaiting-resolution', 'stats cycle-2026-autumn']);
    q<HTMLButtonElement>(el, 'button[data-moderation="mod-0001"]').click();
    await new Promise((r) => setTimeout(r, 0));
    await el.updateComplete;
    q<HTMLInputElement>(el, '#agreed-D-good').click();
    q<HTMLInputElement>(el, '#agreed-F-requires-improvement').click();
    await el.updateComplete;
    q<HTMLButtonElement>(el, 'button[type="submit"]').click();
    await oneEvent(el, 'ehcp-moderation-resolved');
    expect(calls).to.include('resolve mod-0001 v3 B,D,F');
  });
});
