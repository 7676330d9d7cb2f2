// <ehcp-audit> with the plan checks' findings: proposals, against the real adapter.
import { expect, fixtureSync, html, oneEvent } from '@open-wc/testing';
import { EhcpAudit, ProposalsRecordedEvent } from 'ehcp-qa/components/audit';
import type { EhcpSectionGrader } from 'ehcp-qa/components/section-grader';
import type { Audit } from 'ehcp-qa/components';
import { checkPlan, parsePlanText, type Finding } from '../../criteria/index.js';
import { ehcpPlanV2 } from '../../criteria/frameworks/index.js';
import { createTestAudit, testUser, type TestUser } from './support/api-helpers.js';
import { deepActiveElement, press, tabUntil } from './support/keys.js';

const text = (el: Node | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
const root = (el: EhcpAudit) => el.shadowRoot!;
const grader = (el: EhcpAudit) => root(el).querySelector<EhcpSectionGrader>('ehcp-section-grader')!;
const ticked = (el: EhcpAudit, id: string) => grader(el).shadowRoot!.querySelector<HTMLInputElement>(`input[value="${id}"]`)!.checked;

async function until(check: () => boolean, what: string, tries = 200): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

const PLAN = [
  'Section C: Health needs',
  'None.',
  'Section F: Special educational provision',
  'Speech and language therapy input as required.',
  'Small group work on reading with a teaching assistant.',
  'Section I: Placement',
  'Greyfield Academy',
].join('\n');

const findings = (status: 'draft' | 'final'): Finding[] => checkPlan(parsePlanText(PLAN), { framework: ehcpPlanV2, status });

async function open(user: TestUser, audit: Audit, planFindings?: Finding[]): Promise<EhcpAudit> {
  const wrapper = fixtureSync<HTMLDivElement>(html`<div><button id="before">Before</button>
    <ehcp-audit api-base="/qa" audit-id=${audit.id} .token=${user.token} .planFindings=${planFindings}></ehcp-audit></div>`);
  const el = wrapper.querySelector('ehcp-audit')!;
  await until(() => !!root(el).querySelector('ehcp-section-grader'), 'the audit to load');
  await el.updateComplete;
  return el;
}

async function openSection(el: EhcpAudit, id: string): Promise<void> {
  root(el).querySelector<HTMLButtonElement>(`[part="nav-item"][data-section="${id}"]`)!.click();
  await until(() => grader(el).sectionId === id, `section ${id}`);
  await grader(el).updateComplete;
  await el.updateComplete;
}

describe('<ehcp-audit> with the plan checks\' findings: proposals', () => {
  it('shows the weaknesses the checks found as proposals, clearly marked, with nothing ticked or saved', async () => {
    const user = await testUser();
    const audit = await createTestAudit(user, undefined, { frameworkVersion: '2.0.0', facts: { 'plan-status': 'draft', 'age-band': 'reception-to-year-8' } });
    const el = await open(user, audit, findings('draft'));
    await openSection(el, 'F');
    const panel = root(el).querySelector('[part="proposals"]')!;
    expect(text(panel.querySelector('[role="heading"]'))).to.equal('Proposed by the plan checks');
    const criteria = [...panel.querySelectorAll('.proposal')].map((p) => p.getAttribute('data-criterion'));
    expect(criteria).to.include.members(['F.requires-improvement.amount-or-kind-left-open', 'F.requires-improvement.not-fully-quantified']);
    expect(text(panel)).to.contain('as required');
    expect([...panel.querySelectorAll('.proposal__state')].every((s) => text(s) === 'Proposal: not decided.')).to.equal(true);
    expect(ticked(el, 'F.requires-improvement.amount-or-kind-left-open')).to.equal(false);
    expect((await user.client.getAudit(audit.id)).version).to.equal(audit.version);
    await openSection(el, 'I');
    expect([...root(el).querySelectorAll('.proposal')].map((p) => p.getAttribute('data-criterion'))).to.deep.equal(['I.inadequate.draft-names-school']);
    await expect(el).to.be.accessible();
  });

  it('by keyboard: accept ticks the criterion, reject does not; only saving stores it, and the counts are recorded', async () => {
    const user = await testUser();
    const audit = await createTestAudit(user, undefined, { frameworkVersion: '2.0.0', facts: { 'plan-status': 'final', 'age-band': 'reception-to-year-8' } });
    const el = await open(user, audit, findings('final'));
    await openSection(el, 'F');
    root(el).querySelector<HTMLButtonElement>('[part="nav-item"][data-section="F"]')!.focus();
    const accept = await tabUntil((a) => a instanceof HTMLButtonElement && a.classList.contains('accept') && a.closest('.proposal')?.getAttribute('data-criterion') === 'F.requires-improvement.amount-or-kind-left-open');
    expect(text(accept)).to.match(/^Accept and tick “.+”$/);
    await press('Enter');
    await el.updateComplete;
    await grader(el).updateComplete;
    expect(ticked(el, 'F.requires-improvement.amount-or-kind-left-open')).to.equal(true);
    expect(accept.getAttribute('aria-pressed')).to.equal('true');
    expect(text(accept.closest('.proposal')!.querySelector('.proposal__state'))).to.equal('Accepted: ticked below, not saved yet.');
    const reject = await tabUntil((a) => a instanceof HTMLButtonElement && a.classList.contains('reject') && a.closest('.proposal')?.getAttribute('data-criterion') === 'F.requires-improvement.not-fully-quantified');
    await press('Space');
    await el.updateComplete;
    expect(ticked(el, 'F.requires-improvement.not-fully-quantified')).to.equal(false);
    expect(text(reject.closest('.proposal')!.querySelector('.proposal__state'))).to.equal('Rejected: not ticked.');
    expect(deepActiveElement()).to.equal(reject);
    // Not saved until the auditor saves the section.
    expect((await user.client.getAudit(audit.id)).sections['F']).to.equal(undefined);
    await expect(el).to.be.accessible();

    grader(el).shadowRoot!.querySelector<HTMLInputElement>('input[name="grade"][value="requires-improvement"]')!.click();
    await grader(el).updateComplete;
    const recorded = oneEvent(el, 'ehcp-proposals-recorded') as Promise<ProposalsRecordedEvent>;
    expect(await el.saveSection('F')).to.equal(true);
    const e = await recorded;
    const shown = root(el).querySelectorAll('[part="proposals"] .proposal').length;
    expect(e.sectionId).to.equal('F');
    expect(e.accepted).to.equal(1);
    expect(e.changed).to.equal(shown - 1);
    expect(el.proposalTotals).to.deep.equal({ accepted: 1, changed: shown - 1 });
    const stored = await user.client.getAudit(audit.id);
    expect(stored.sections['F']!.criteriaMet).to.include('F.requires-improvement.amount-or-kind-left-open');
    expect(stored.sections['F']!.criteriaMet).to.not.include('F.requires-improvement.not-fully-quantified');
  });

  it('shows no proposals without findings', async () => {
    const user = await testUser();
    const audit = await createTestAudit(user, undefined, { frameworkVersion: '2.0.0', facts: { 'plan-status': 'final', 'age-band': 'post-16' } });
    const el = await open(user, audit);
    await openSection(el, 'F');
    expect(root(el).querySelector('[part="proposals"]')).to.equal(null);
  });
});
