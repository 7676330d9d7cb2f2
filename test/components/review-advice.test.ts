// <ehcp-audit> with the annual review and advice frameworks, against the real adapter:
// the same element audits a review and an advice item by keyboard alone, and a plan
// audit marks a section as weakened by the plan's advice. axe-clean in each state.
import { expect, fixtureSync, html } from '@open-wc/testing';
import type { EhcpAudit } from 'ehcp-qa/components/audit';
import type { EhcpSectionGrader } from 'ehcp-qa/components/section-grader';
import { conditionHolds } from '../../criteria/grading.js';
import { createTestAudit, samplePlan, testUser } from './support/api-helpers.js';
import { deepActiveElement, press, tabUntil } from './support/keys.js';

const text = (el: Node | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
const root = (el: EhcpAudit) => el.shadowRoot!;
const grader = (el: EhcpAudit) => root(el).querySelector<EhcpSectionGrader>('ehcp-section-grader')!;

async function until(check: () => boolean, what: string, tries = 250): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

/** From the "About this …" step prefilled by the host: save the answers by keyboard. */
async function saveFactsByKeyboard(el: EhcpAudit): Promise<void> {
  await until(() => !!root(el).querySelector('#save-facts'), 'the facts step');
  await tabUntil((a) => a?.id === 'save-facts');
  await press('Enter');
  await until(() => !!root(el).querySelector('ehcp-section-grader'), 'the first part');
  await grader(el).updateComplete;
}

/** In the current part: tick the applicable core (or every Good) criteria with Space, then choose the suggested grade with the arrow keys. */
async function gradePartByKeyboard(el: EhcpAudit, tick: 'none' | 'core' | 'good'): Promise<string> {
  const g = grader(el);
  const boxes = () => [...g.shadowRoot!.querySelectorAll<HTMLInputElement>('input[type=checkbox]')];
  if (tick !== 'none') {
    const criteria = g.framework!.sections.find((s) => s.id === g.sectionId)!.criteria;
    const core = new Set(criteria.filter((c) => (tick === 'core' ? c.core : c.level === 'good')).map((c) => c.id));
    for (let guard = 0; guard < 40 && boxes().some((b) => core.has(b.value) && !b.checked && !b.disabled); guard++) {
      await tabUntil((a) => a instanceof HTMLInputElement && a.type === 'checkbox' && core.has(a.value) && !a.checked);
      await press('Space');
      await g.updateComplete;
    }
  }
  await tabUntil((a) => a instanceof HTMLInputElement && a.type === 'radio' && a.name === 'grade');
  const suggested = g.suggestion!.grade;
  const radios = () => [...g.shadowRoot!.querySelectorAll<HTMLInputElement>('input[type=radio][name="grade"]')];
  for (let i = 0; i <= 8 && radios().find((r) => r.checked)?.value !== suggested; i++) await press('ArrowDown');
  expect(radios().find((r) => r.checked)?.value).to.equal(suggested);
  return suggested;
}

async function saveAndGoOn(el: EhcpAudit, last: boolean): Promise<void> {
  const before = grader(el).sectionId;
  await tabUntil((a) => a?.id === (last ? 'save' : 'save-next'));
  await press('Enter');
  if (!last) await until(() => grader(el).sectionId !== before, `the part after ${before}`);
}

describe('<ehcp-audit> with the annual review and advice frameworks', () => {
  it('audits an annual review by keyboard alone: its own title, parts, facts and overall grade; axe-clean', async function () {
    this.timeout(90_000);
    const user = await testUser();
    const planRef = `PLAN-${crypto.randomUUID().slice(0, 8)}`;
    const facts = { 'age-band': 'year-9-to-year-11', 'phase-transfer': 'none', 'review-decision': 'amend' };
    const wrapper = fixtureSync<HTMLDivElement>(html`<div><button id="before">Before</button>
      <ehcp-audit api-base="/qa" plan-ref=${planRef} framework="ehcp-annual-review" auditor-role="send-caseworker"
        .plan=${{ ...samplePlan }} .facts=${facts} .token=${user.token}></ehcp-audit></div>`);
    const el = wrapper.querySelector('ehcp-audit')!;
    await until(() => !!root(el).querySelector('#start'), 'the start button');
    expect(text(root(el))).to.contain('Annual review audit for plan');
    wrapper.querySelector<HTMLButtonElement>('#before')!.focus();
    await tabUntil((a) => a?.id === 'start');
    await press('Enter');
    await until(() => !!root(el).querySelector('#facts-heading'), 'About this review');
    expect(text(root(el).querySelector('#facts-heading'))).to.equal('About this review');
    await expect(el).to.be.accessible();
    await saveFactsByKeyboard(el);

    expect(text(root(el).querySelector('[part="progress"]'))).to.equal('0 of 6 parts graded');
    expect(root(el).querySelector('nav')!.getAttribute('aria-label')).to.equal('Parts of the audit');
    expect([...root(el).querySelectorAll('[part="nav-item"]')].map((b) => b.getAttribute('data-section'))).to.deep.equal(['M', 'P', 'U', 'A', 'T', 'D']);
    expect(text(grader(el).shadowRoot!.querySelector('#title, [role="heading"]'))).to.equal('Part M: The review meeting');
    expect(text(grader(el).shadowRoot!.querySelector('#criteria-hint'))).to.equal('Tick every statement that the review paperwork shows to be true.');
    await expect(el).to.be.accessible();

    root(el).querySelector<HTMLElement>('[aria-current="step"]')!.focus();
    const ids = ['M', 'P', 'U', 'A', 'T', 'D'];
    for (const id of ids) {
      expect(grader(el).sectionId).to.equal(id);
      // Part T does not apply (no move due): its Not applicable statement is ticked by keyboard instead.
      if (id === 'T') {
        await tabUntil((a) => a instanceof HTMLInputElement && a.type === 'checkbox' && a.value === 'T.na.no-transfer');
        await press('Space');
        await grader(el).updateComplete;
      }
      const grade = await gradePartByKeyboard(el, id === 'T' ? 'none' : 'good');
      expect(grade, id).to.equal(id === 'T' ? 'na' : 'good');
      await saveAndGoOn(el, id === 'D');
    }
    await until(() => text(root(el).querySelector('[part="progress"]')) === '6 of 6 parts graded', 'every part saved');
    await tabUntil((a) => a?.id === 'complete');
    await press('Enter');
    await until(() => text(root(el)).includes('This audit is complete.'), 'completion');
    await until(() => text(deepActiveElement()).includes('Overall grade'), 'focus on the overall grade');
    expect(text(root(el).querySelector('[part="overall"]'))).to.contain('Good');
    const stored = (await user.client.listAudits({ planRef, frameworkId: 'ehcp-annual-review' })).items[0]!;
    expect(stored.status).to.equal('completed');
    expect(stored.overall!.grade).to.equal('good');
    expect(stored.sections['T']!.grade).to.equal('na');
    await expect(el).to.be.accessible();
  });

  it('audits one advice item by keyboard alone, recording the service and team it came from; axe-clean', async function () {
    this.timeout(90_000);
    const user = await testUser();
    const planRef = `PLAN-${crypto.randomUUID().slice(0, 8)}`;
    const facts = { 'advice-type': 'psychological', 'age-band': 'reception-to-year-8' };
    const wrapper = fixtureSync<HTMLDivElement>(html`<div><button id="before">Before</button>
      <ehcp-audit api-base="/qa" plan-ref=${planRef} framework="ehcp-advice" service-ref="ep-service" team-ref="ep-north"
        auditor-role="educational-psychologist" .plan=${{ ...samplePlan }} .facts=${facts} .token=${user.token}></ehcp-audit></div>`);
    const el = wrapper.querySelector('ehcp-audit')!;
    await until(() => !!root(el).querySelector('#start'), 'the start button');
    expect(text(root(el))).to.contain('Advice audit for plan');
    wrapper.querySelector<HTMLButtonElement>('#before')!.focus();
    await tabUntil((a) => a?.id === 'start');
    await press('Enter');
    await until(() => !!root(el).querySelector('#facts-heading'), 'About this advice');
    expect(text(root(el).querySelector('#facts-heading'))).to.equal('About this advice');
    await saveFactsByKeyboard(el);
    expect(text(root(el).querySelector('[part="contributor"]'))).to.equal('Advice contributed by service ep-service, team ep-north');
    expect(text(root(el).querySelector('[part="progress"]'))).to.equal('0 of 5 parts graded');
    await expect(el).to.be.accessible();

    root(el).querySelector<HTMLElement>('[aria-current="step"]')!.focus();
    for (const id of ['N', 'O', 'P', 'Q', 'S']) {
      expect(grader(el).sectionId).to.equal(id);
      // Core criteria only: Good where no more quality criteria are missed than allowed, else Requires improvement.
      await gradePartByKeyboard(el, 'core');
      await saveAndGoOn(el, id === 'S');
    }
    await until(() => text(root(el).querySelector('[part="progress"]')) === '5 of 5 parts graded', 'every part saved');
    await tabUntil((a) => a?.id === 'complete');
    await press('Enter');
    await until(() => text(root(el)).includes('This audit is complete.'), 'completion');
    const stored = (await user.client.listAudits({ planRef, frameworkId: 'ehcp-advice' })).items[0]!;
    expect(stored.status).to.equal('completed');
    expect(stored.contributor).to.deep.equal({ serviceRef: 'ep-service', teamRef: 'ep-north' });
    expect(stored.sections['N']!.criteriaMet).to.include('N.good.needs-with-impact');
    await expect(el).to.be.accessible();
  });

  it("marks a plan-audit section as weakened by the plan's advice, by keyboard; the server has it; axe-clean", async () => {
    const user = await testUser();
    const planRef = `PLAN-${crypto.randomUUID().slice(0, 8)}`;
    const advice = await user.client.createAudit({
      frameworkId: 'ehcp-advice', planRef, plan: { ...samplePlan }, auditorRole: 'send-caseworker', contributor: { serviceRef: 'salt-service' },
    });
    const planAudit = await createTestAudit(user, planRef);
    const wrapper = fixtureSync<HTMLDivElement>(html`<div><ehcp-audit api-base="/qa" audit-id=${planAudit.id} .token=${user.token}></ehcp-audit></div>`);
    const el = wrapper.querySelector('ehcp-audit')!;
    await until(() => !!root(el).querySelector('[part="weakened"]'), 'the weakened-by question');
    expect(text(root(el).querySelector('[part="weakened"] legend'))).to.equal('Was this section weakened by the advice?');
    expect(text(root(el).querySelector('[part="weakened"] label'))).to.equal('Advice from salt-service');
    await expect(el).to.be.accessible();
    root(el).querySelector<HTMLElement>('[aria-current="step"]')!.focus();
    await tabUntil((a) => a?.id === 'weakened-0');
    await press('Space');
    await until(() => text(root(el).querySelector('[part="weakened"] [role="status"]')) === 'Marking saved.', 'the marking to save');
    const linked = await user.client.listPlanAudits(planRef);
    expect(linked.items.find((a) => a.id === planAudit.id)!.weakenedSections).to.deep.equal([{ sectionId: 'A', adviceAuditId: advice.id }]);
    await expect(el).to.be.accessible();
  });
});

describe('<ehcp-audit-summary framework-id="ehcp-advice">', () => {
  it('reports advice audits only, in parts, with advice wording; axe-clean', async () => {
    const tenant = `t-${crypto.randomUUID().slice(0, 12)}`;
    const manager = await testUser(['manager'], tenant);
    const auditor = await testUser(['auditor'], tenant);
    const framework = await auditor.client.getFramework('ehcp-advice', '1.0.0');
    const facts = { 'advice-type': 'education', 'age-band': 'reception-to-year-8' };
    for (let i = 0; i < 2; i++) {
      let audit = await auditor.client.createAudit({
        frameworkId: 'ehcp-advice', planRef: `PLAN-${crypto.randomUUID().slice(0, 8)}`, plan: { ...samplePlan }, auditorRole: 'send-caseworker', facts, contributor: { serviceRef: 'school-a' },
      });
      for (const section of framework.sections) {
        const criteriaMet = section.criteria.filter((c) => c.level === 'good' && (!c.appliesWhen || conditionHolds(c.appliesWhen, { facts }))).map((c) => c.id);
        audit = await auditor.client.saveSection(audit.id, section.id, { criteriaMet, grade: 'good' }, audit.version);
      }
      await auditor.client.completeAudit(audit.id, audit.version);
    }
    await createTestAudit(auditor); // a plan audit in progress: never in the advice summary
    const el = fixtureSync(html`<ehcp-audit-summary api-base="/qa" framework-id="ehcp-advice" .token=${manager.token}></ehcp-audit-summary>`) as HTMLElement & { data?: unknown };
    await until(() => !!el.shadowRoot?.querySelector('[data-figure="audits"]'), 'the advice summary');
    await (el as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    expect(text(el.shadowRoot!.querySelector('[data-figure="audits"]')!.parentElement)).to.equal('2advice items audited'); // the figure and its label are separate blocks
    expect(text(el.shadowRoot!)).to.contain('Overall grades');
    expect(text(el.shadowRoot!)).to.contain('Part N');
    expect(text(el.shadowRoot!)).to.not.contain('Whole-plan grades');
    await expect(el).to.be.accessible();
  });
});
