import { expect, fixtureSync, html, oneEvent } from '@open-wc/testing';
import { AllocationsChangedEvent, EhcpMyAudits, EhcpSamplePlanner, OpenAllocationEvent, SampleDrawnEvent } from 'ehcp-qa/components';
import { testUser, type TestUser } from './support/api-helpers.js';
import { deepActiveElement, press, tabUntil, type } from './support/keys.js';

const $ = <T extends Element = HTMLElement>(el: Element, selector: string) => el.shadowRoot!.querySelector<T>(selector)!;
const $$ = <T extends Element = HTMLElement>(el: Element, selector: string) => [...el.shadowRoot!.querySelectorAll<T>(selector)];
const text = (node: Element | null) => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

async function until(check: () => boolean, what: string, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function api(user: TestUser, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`/qa${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${user.token}` }, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** A tenant with 40 registered plans (none the auditor's own) and an empty cycle. */
async function seed() {
  const manager = await testUser(['manager']);
  const auditor = await testUser(['auditor'], manager.tenant);
  const plans = Array.from({ length: 40 }, (_, i) => ({
    planRef: `EHCP-${String(i + 1).padStart(3, '0')}`, status: 'final', planType: 'new', requestDate: '2026-01-05', issueDate: '2026-05-01',
    phase: i % 2 ? 'primary' : 'secondary', primaryNeed: 'ASD', settingType: 'mainstream', caseworkerRef: 'cw-1',
  }));
  await api(manager, 'POST', '/plans', { plans });
  const cycle = await api(manager, 'POST', '/cycles', { name: 'Summer term', startDate: '2026-04-01', endDate: '2026-07-31' });
  return { manager, auditor, cycleId: cycle.id as string };
}

/** Selects the text of the focused field and types over it. */
async function retype(value: string): Promise<void> {
  const input = deepActiveElement() as HTMLInputElement;
  input.select?.();
  await type(value);
}

describe('<ehcp-sample-planner>', function () {
  this.timeout(60000);

  it("runs the quality lead's flow by keyboard: the sums, a seeded draw, sharing out, reassigning, progress; axe-clean in each state", async () => {
    const { manager, auditor, cycleId } = await seed();
    const wrapper = fixtureSync<HTMLDivElement>(html`<div><button id="before">Before</button>
      <ehcp-sample-planner api-base="/qa" cycle-id=${cycleId} .token=${manager.token}></ehcp-sample-planner></div>`);
    const el = wrapper.querySelector('ehcp-sample-planner')!;
    expect(el).to.be.instanceOf(EhcpSamplePlanner);
    await until(() => !!el.shadowRoot?.querySelector('[data-buys]'), 'the sums to load');
    expect(text($(el, '[data-buys]'))).to.contain('40 plans to draw from');
    await expect(el).to.be.accessible();

    // Sample size 20, target ±10 points: what it buys shows before drawing.
    wrapper.querySelector<HTMLButtonElement>('#before')!.focus();
    await tabUntil((a) => a?.id === 'size');
    await retype('20');
    await tabUntil((a) => a?.id === 'margin');
    await type('10');
    await tabUntil((a) => a?.id === 'seed');
    await until(() => text(el.shadowRoot!.querySelector('[data-figure="needed"]')).includes('29'), 'the size for ±10 points');
    // 1.96 × √(0.25/20) × √(20/39) = ±15.7 points; ±10 needs 29 of 40.
    expect(text($(el, '[data-figure="margin"]'))).to.contain('Auditing 20 gives a margin of error of ±15.7 percentage points');
    expect(text($(el, '[data-figure="needed"]'))).to.equal('For ±10 points you need 29 plans.');
    await type('77');
    await tabUntil((a) => a?.id === 'draw');
    const drawn = oneEvent(el, 'ehcp-sample-drawn');
    await press('Enter');
    const { sample } = (await drawn) as unknown as SampleDrawnEvent;
    expect(sample.seed).to.equal(77);
    expect(sample.planRefs).to.have.length(20);
    await until(() => !!el.shadowRoot!.querySelector('[data-seed]'), 'the sample summary');
    expect(text($(el, '[data-seed]'))).to.equal('77');
    expect(text($(el, '[data-sample-summary]'))).to.equal('Sample drawn: 20 of 40 plans.');
    await expect(el).to.be.accessible();

    // An empty due date is named in the error summary, which takes focus.
    await tabUntil((a) => a?.id === 'auditor-id');
    await type(auditor.sub);
    await press('Enter');
    await type('pcf-7');
    await press('Enter');
    expect($$(el, '.auditors li')).to.have.length(2);
    await tabUntil((a) => a?.id === 'balance');
    await press('Enter');
    await until(() => !!el.shadowRoot!.querySelector('.error-summary'), 'the error summary');
    expect(text($(el, '.error-summary'))).to.contain('dueDate').and.contain('Enter a due date');
    await expect(el).to.be.accessible();

    await tabUntil((a) => a?.id === 'due-date');
    await type('01312020'); // a date already past: every allocation is overdue at once
    await tabUntil((a) => a?.id === 'balance');
    const changed = oneEvent(el, 'ehcp-allocations-changed');
    await press('Enter');
    expect(((await changed) as unknown as AllocationsChangedEvent).allocations).to.have.length(20);
    await until(() => !!el.shadowRoot!.querySelector('[data-progress]'), 'progress');
    expect(text($(el, '[data-progress]'))).to.equal('0 of 20 audited, 0 in progress, 20 overdue.');
    expect($$(el, '[data-table="auditor"] tbody tr').map((r) => text(r.querySelector('td')))).to.deep.equal(['10', '10']);
    expect(text($(el, '[data-table="agency"] tbody tr th'))).to.equal('Education');
    await expect(el).to.be.accessible();

    // Reassign the first plan by keyboard with a later due date: no longer overdue.
    await tabUntil((a) => a?.getAttribute('data-reassign') !== null && a?.getAttribute('data-reassign') !== undefined && a?.tagName === 'BUTTON');
    const allocationId = deepActiveElement()!.getAttribute('data-reassign')!;
    await press('Enter');
    await until(() => deepActiveElement()?.id === 'reassign-auditor', 'focus on the reassign form');
    await expect(el).to.be.accessible();
    await retype('edu-9');
    await tabUntil((a) => a?.id === 'reassign-due');
    await type('12312099');
    await tabUntil((a) => a?.id === 'reassign-save');
    await press('Enter');
    await until(() => deepActiveElement()?.getAttribute('data-reassign') === allocationId, 'focus back on the row');
    const row = $(el, `tr[data-allocation="${allocationId}"]`);
    expect(text(row)).to.contain('edu-9').and.contain('2099-12-31').and.not.contain('Overdue');
    expect(text($(el, '[data-progress]'))).to.equal('0 of 20 audited, 0 in progress, 19 overdue.');
    await expect(el).to.be.accessible();
  });

  it('names the field when a choice is not valid, before asking the server', async () => {
    const { manager, cycleId } = await seed();
    const el = fixtureSync<EhcpSamplePlanner>(html`<ehcp-sample-planner api-base="/qa" cycle-id=${cycleId} .token=${manager.token}></ehcp-sample-planner>`);
    await until(() => !!el.shadowRoot?.querySelector('[data-buys]'), 'the sums to load');
    $<HTMLInputElement>(el, '#population-new').click(); // new plans issued in the cycle: all 40
    ($<HTMLInputElement>(el, '#seed')).value = '-4';
    $(el, '#seed').dispatchEvent(new Event('change'));
    $<HTMLButtonElement>(el, '#draw').click();
    await until(() => !!el.shadowRoot!.querySelector('.error-summary'), 'the error summary');
    expect(text($(el, '.error-summary'))).to.contain('seed');
    await expect(el).to.be.accessible();
  });
});

describe('<ehcp-my-audits>', function () {
  this.timeout(60000);

  it("lists the auditor's own plans with status in words, and opens one by keyboard; axe-clean", async () => {
    const { manager, auditor, cycleId } = await seed();
    await api(manager, 'POST', `/cycles/${cycleId}/sample`, { population: 'all', sample: { method: 'random', size: 6 }, seed: 5 });
    await api(manager, 'POST', `/cycles/${cycleId}/allocations`, { mode: 'balanced', dueDate: '2020-02-01', auditors: [{ auditorId: auditor.sub, agency: 'health' }, { auditorId: 'other-1', agency: 'education' }] });
    const wrapper = fixtureSync<HTMLDivElement>(html`<div><button id="before">Before</button><ehcp-my-audits api-base="/qa" .token=${auditor.token}></ehcp-my-audits></div>`);
    const el = wrapper.querySelector('ehcp-my-audits')!;
    expect(el).to.be.instanceOf(EhcpMyAudits);
    await until(() => !!el.shadowRoot?.querySelector('[data-summary]'), 'the list');
    expect(text($(el, '[data-summary]'))).to.equal('3 to do, 3 overdue.');
    expect($$(el, 'tbody tr')).to.have.length(3);
    expect(text($(el, 'tbody tr'))).to.contain('Not started').and.contain('Overdue');
    await expect(el).to.be.accessible();
    wrapper.querySelector<HTMLButtonElement>('#before')!.focus();
    await tabUntil((a) => a?.textContent?.trim() === 'Start audit');
    const opened = oneEvent(el, OpenAllocationEvent.eventName);
    await press('Enter');
    const { allocation } = (await opened) as unknown as OpenAllocationEvent;
    expect(allocation.cycleId).to.equal(cycleId);
    expect(allocation.plan?.phase).to.be.oneOf(['primary', 'secondary']);
  });
});
