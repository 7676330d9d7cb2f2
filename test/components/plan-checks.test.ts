import { expect, fixtureSync, html, oneEvent } from '@open-wc/testing';
import { EhcpPlanChecks, PlanJumpEvent, PlanInsertEvent, PlanCheckedEvent } from 'ehcp-qa/components/plan-checks';
import { ehcpPlanV2 } from '../../criteria/frameworks/index.js';
import { deepActiveElement, press, tabUntil } from './support/keys.js';

const q = <T extends Element = HTMLElement>(el: EhcpPlanChecks, selector: string) => el.shadowRoot!.querySelector<T>(selector)!;
const qa = <T extends Element = HTMLElement>(el: EhcpPlanChecks, selector: string) => [...el.shadowRoot!.querySelectorAll<T>(selector)];
const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

const PLAN = [
  'EDUCATION, HEALTH AND CARE PLAN - DRAFT',
  'Section A: Views, interests and aspirations',
  'Sam likes buses. His teacher asked him about school using photographs. Sam says: "I like the bus."',
  'Section C: Health needs',
  'None.',
  'Section E: Outcomes',
  '1. By July 2027 Sam will ask for help using a five-word sentence on 4 of 5 occasions, currently two words (B1).',
  'Section F: Special educational provision',
  'Speech and language therapy input as required.',
  'A teaching assistant trained by the therapist will read with Sam for 20 minutes daily.',
  'Section I: Placement',
  'Greyfield Academy',
].join('\n');

async function checks(plan: unknown = PLAN) {
  const wrapper = fixtureSync<HTMLDivElement>(html`<div>
    <button id="before">Before</button>
    <ehcp-plan-checks .framework=${ehcpPlanV2} .plan=${plan}></ehcp-plan-checks>
  </div>`);
  const el = wrapper.querySelector('ehcp-plan-checks')!;
  await el.updateComplete;
  return el;
}

describe('<ehcp-plan-checks>', () => {
  it('shows findings by section with the offending words highlighted, severity in words, the rewrite and the criterion', async () => {
    const el = await checks();
    expect(el).to.be.instanceOf(EhcpPlanChecks);
    const sections = qa(el, '[part="section"]').map((s) => s.getAttribute('data-section'));
    expect(sections).to.deep.equal(['C', 'F', 'I']);
    const vague = qa(el, '[data-check="vague-wording"]');
    expect(vague.map((f) => text(f.querySelector('mark')))).to.have.members(['input', 'as required']);
    expect(text(vague[0]!.querySelector('.tag'))).to.equal('Weakness');
    expect(text(vague[0]!)).to.contain('Try:');
    expect(text(vague[0]!.querySelector('.criterion'))).to.contain('F.requires-improvement.amount-or-kind-left-open');
    const draft = q(el, '[data-check="draft-names-school"]');
    expect(text(draft.querySelector('mark'))).to.equal('Greyfield Academy');
    expect(text(q(el, '[part="summary"]'))).to.match(/^\d+ weaknesses and \d+ pieces? of advice\.$/);
    await expect(el).to.be.accessible();
  });

  it('re-checks when the host calls setText (once per render, ehcp-plan-checked with the findings), and says when there is nothing to find', async () => {
    const el = await checks();
    const events: PlanCheckedEvent[] = [];
    el.addEventListener('ehcp-plan-checked', (e) => events.push(e));
    el.setText('Section F: Special educational provision\nSupport as required.');
    el.setText('Section F: Special educational provision\nA teaching assistant trained in the programme will read with Sam for 20 minutes daily, all year.');
    await el.updateComplete;
    expect(qa(el, '[part="finding"]')).to.have.length(0);
    expect(text(q(el, '[part="summary"]'))).to.equal('No findings.');
    expect(events).to.have.length(1);
    expect(events[0]!.findings).to.deep.equal([]);
    await expect(el).to.be.accessible();
  });

  it('takes structured sections and the status from the host', async () => {
    const el = await checks({ sections: [{ id: 'I', text: 'Oakfield Special School.' }] });
    expect(qa(el, '[part="finding"]')).to.have.length(0);
    el.status = 'draft';
    await el.updateComplete;
    expect(qa(el, '[data-check="draft-names-school"]')).to.have.length(1);
  });

  it('by keyboard: "Go to this text" fires ehcp-plan-jump with the section and the offsets', async () => {
    const el = await checks();
    const before = el.parentElement!.querySelector<HTMLButtonElement>('#before')!;
    before.focus();
    const target = await tabUntil((a) => a instanceof HTMLButtonElement && a.classList.contains('go') && a.getAttribute('data-section') === 'F');
    expect(text(target)).to.match(/^Go to this text \(“.+” in Section F\)$/);
    const event = oneEvent(el, 'ehcp-plan-jump') as Promise<PlanJumpEvent>;
    await press('Enter');
    const jump = await event;
    expect(jump.section).to.equal('F');
    const section = PLAN.indexOf('Section F: Special educational provision\n') + 'Section F: Special educational provision\n'.length;
    expect(PLAN.slice(jump.planStart!, jump.planEnd!)).to.equal(jump.finding.text);
    expect(jump.planStart! - section).to.equal(jump.start);
  });

  it('by keyboard: a bare nil statement offers the standard statement, inserted through ehcp-plan-insert', async () => {
    const el = await checks();
    const insert = q<HTMLButtonElement>(el, '[data-section="C"] .insert');
    expect(text(insert)).to.equal('Insert the standard statement into Section C');
    insert.focus();
    const event = oneEvent(el, 'ehcp-plan-insert') as Promise<PlanInsertEvent>;
    await press('Space');
    const e = await event;
    expect(e.section).to.equal('C');
    expect(e.text).to.contain('has no health needs');
  });

  it('the statements and the writer checklist open by keyboard, are replaceable data, and stay accessible', async () => {
    const el = await checks();
    el.statements = [{ section: 'J', label: 'Ours', text: 'Our own J statement.' }];
    el.questions = { 'F.good.quantified': 'Have I said how much and how often?' };
    await el.updateComplete;
    const summaries = qa(el, 'summary');
    (summaries[0] as HTMLElement).focus();
    await press('Enter');
    expect((q(el, '[part="statements"]') as HTMLDetailsElement).open).to.equal(true);
    expect(text(q(el, '[part="statements"]'))).to.contain('Our own J statement.');
    await tabUntil((a) => a === summaries[1]);
    expect(deepActiveElement()).to.equal(summaries[1]);
    await press('Enter');
    const checklist = q(el, '[part="checklist"]');
    expect(text(checklist.querySelector('[data-criterion="F.good.quantified"]'))).to.equal('Have I said how much and how often?');
    const core = ehcpPlanV2.sections.flatMap((s) => s.criteria.filter((c) => c.core)).length;
    expect(checklist.querySelectorAll('li')).to.have.length(core);
    await expect(el).to.be.accessible();
  });

  it('waits for the framework before checking', async () => {
    const wrapper = fixtureSync<HTMLDivElement>(html`<div><ehcp-plan-checks .plan=${PLAN}></ehcp-plan-checks></div>`);
    const el = wrapper.querySelector('ehcp-plan-checks')!;
    await el.updateComplete;
    expect(text(q(el, '[role="status"]'))).to.equal('Loading the quality framework…');
    el.framework = ehcpPlanV2;
    await el.updateComplete;
    expect(qa(el, '[part="finding"]').length).to.be.greaterThan(0);
  });
});
