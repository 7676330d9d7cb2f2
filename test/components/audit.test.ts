// <ehcp-audit> against the real adapter (createQaApp over a temporary SQLite file,
// served at /qa by support/qa-server.mjs).
import { expect, fixture, fixtureSync, html, oneEvent } from '@open-wc/testing';
import { nothing } from 'lit';
import { EhcpAudit, AuditCompleteEvent, FactsSavedEvent, SectionSavedEvent } from 'ehcp-qa/components/audit';
import type { EhcpSectionGrader } from 'ehcp-qa/components/section-grader';
import { qaBus, type Audit } from 'ehcp-qa/components';
import { suggestSectionGrade } from '../../criteria/grading.js';
import { createTestAudit, failNext, samplePlan, testUser, type TestUser } from './support/api-helpers.js';
import { deepActiveElement, press, tabUntil } from './support/keys.js';

const text = (el: Node | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
const root = (el: EhcpAudit) => el.shadowRoot!;
const grader = (el: EhcpAudit) => root(el).querySelector<EhcpSectionGrader>('ehcp-section-grader')!;
const navStates = (el: EhcpAudit) =>
  [...root(el).querySelectorAll('[part="nav-item"]')].map((b) => text(b.querySelector('.state, .grade')));

/** Waits until `check` holds, re-rendering between tries (no timing assertions: only a bound on waiting). */
async function until(check: () => boolean, what: string, tries = 200): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

async function openAudit(user: TestUser, audit: Audit): Promise<EhcpAudit> {
  // fixtureSync: see section-grader.test.ts (a plain wrapper would wait for an animation frame).
  const wrapper = fixtureSync<HTMLDivElement>(html`<div><button id="before">Before</button>
    <ehcp-audit api-base="/qa" audit-id=${audit.id} .token=${user.token}></ehcp-audit></div>`);
  const el = wrapper.querySelector('ehcp-audit')!;
  await until(() => !!root(el).querySelector('ehcp-section-grader'), 'the audit to load');
  await grader(el).updateComplete;
  return el;
}

/** Saves every section through the API with the suggested grade for no criteria, except `skip`. */
async function gradeAllByApi(user: TestUser, audit: Audit, skip: string[] = []): Promise<Audit> {
  const framework = await user.client.getFramework(audit.frameworkId, audit.frameworkVersion);
  let current = audit;
  for (const section of framework.sections) {
    if (skip.includes(section.id)) continue;
    const grade = suggestSectionGrade(framework, section, [], { facts: audit.facts }).grade;
    current = await user.client.saveSection(current.id, section.id, { criteriaMet: [], grade, comment: `Comment on ${section.id}` }, current.version);
  }
  return current;
}

describe('<ehcp-audit>', () => {
  it('loads an audit from the adapter: twelve sections, their state, progress, and no events', async () => {
    const user = await testUser();
    const audit = await createTestAudit(user);
    const saved: Event[] = [];
    document.addEventListener('ehcp-section-saved', (e) => saved.push(e));
    const el = await openAudit(user, audit);
    expect(el).to.be.instanceOf(EhcpAudit);
    expect(text(root(el).querySelector('[part="progress"]'))).to.equal('0 of 12 sections graded');
    const ids = [...root(el).querySelectorAll('[part="nav-item"]')].map((b) => b.getAttribute('data-section'));
    expect(ids).to.deep.equal(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H1', 'H2', 'I', 'J', 'K']);
    expect(navStates(el).every((s) => s === 'Not started')).to.equal(true);
    expect(root(el).querySelector('[aria-current="step"]')!.getAttribute('data-section')).to.equal('A');
    expect(grader(el).sectionId).to.equal('A');
    expect(text(root(el).querySelector('[part="overall"]'))).to.contain('appears when every section is graded');
    expect(saved).to.have.length(0);
    await expect(el).to.be.accessible();
  });

  it('starts an audit for a plan with none yet, when the host gives the plan details', async () => {
    const user = await testUser();
    const planRef = `PLAN-${crypto.randomUUID().slice(0, 8)}`;
    const el = await fixture<EhcpAudit>(html`<ehcp-audit api-base="/qa" plan-ref=${planRef} auditor-role="send-caseworker" framework="ehcp-plan@1.0.0"
      .plan=${{ ...samplePlan }} .token=${user.token}></ehcp-audit>`);
    await until(() => !!root(el).querySelector('#start'), 'the start button');
    expect(text(root(el))).to.contain('There is no audit of this plan yet.');
    await expect(el).to.be.accessible();
    root(el).querySelector<HTMLButtonElement>('#start')!.click();
    await until(() => !!root(el).querySelector('ehcp-section-grader'), 'the new audit');
    const list = await user.client.listAudits({ planRef });
    expect(list.items).to.have.length(1);
    expect(list.items[0]!.auditorId).to.equal(user.sub);
  });

  it('grades, saves with Save and go to next by keyboard, and the server has it', async () => {
    const user = await testUser();
    const audit = await createTestAudit(user);
    const el = await openAudit(user, audit);
    root(el).querySelector<HTMLElement>('[aria-current="step"]')!.focus();

    // Tick the first criterion with Space, choose a grade with the arrow keys.
    await tabUntil((a) => a instanceof HTMLInputElement && a.type === 'checkbox');
    const ticked = (deepActiveElement() as HTMLInputElement).value;
    await press('Space');
    await tabUntil((a) => a instanceof HTMLInputElement && a.type === 'radio');
    await press('ArrowDown');
    await grader(el).updateComplete;
    await el.updateComplete;
    expect(navStates(el)[0]).to.match(/Not saved|Needs reason/);
    await expect(el).to.be.accessible();

    // Make the grade match the suggestion so no reason is needed.
    const suggested = grader(el).suggestion!.grade;
    const radios = [...grader(el).shadowRoot!.querySelectorAll<HTMLInputElement>('input[type=radio]')];
    for (let i = 0; i < radios.length && !radios.find((r) => r.checked && r.value === suggested); i++) await press('ArrowDown');
    expect(radios.find((r) => r.checked)!.value).to.equal(suggested);

    await tabUntil((a) => a?.id === 'save-next');
    const savedEvent = oneEvent(el, 'ehcp-section-saved');
    await press('Enter');
    const event = (await savedEvent) as unknown as SectionSavedEvent;
    expect(event).to.be.instanceOf(SectionSavedEvent);
    expect(event.sectionId).to.equal('A');
    expect(event.bubbles && event.composed).to.equal(true);
    await until(() => grader(el).sectionId === 'B', 'section B');
    await el.updateComplete;

    const stored = await user.client.getAudit(audit.id);
    expect(stored.sections['A']!.criteriaMet).to.deep.equal([ticked]);
    expect(stored.sections['A']!.grade).to.equal(suggested);
    expect(stored.version).to.equal(audit.version + 1);
    expect(text(root(el).querySelector('[part="progress"]'))).to.equal('1 of 12 sections graded');
    expect(text(root(el).querySelector('[part="status"]'))).to.contain('All changes saved');
    // Focus moved to the new section's heading, for screen-reader users.
    expect(text(deepActiveElement())).to.contain('Section B');
  });

  it('says when someone else changed the audit (412), never overwrites, and reloads on request', async () => {
    const user = await testUser();
    const audit = await createTestAudit(user);
    const el = await openAudit(user, audit);
    // Someone else saves section A after the element loaded the audit.
    await user.client.saveSection(audit.id, 'A', { criteriaMet: [], grade: null, comment: 'Theirs' }, audit.version);

    grader(el).shadowRoot!.querySelector<HTMLInputElement>('input[type=checkbox]')!.click();
    const comment = grader(el).shadowRoot!.querySelector<HTMLTextAreaElement>('#comment')!;
    comment.value = 'Mine <b>bold</b>';
    comment.dispatchEvent(new Event('input'));
    expect(await el.saveSection()).to.equal(false);
    await el.updateComplete;
    const alert = root(el).querySelector('[role="alert"]')!;
    expect(text(alert)).to.contain('Someone else changed this audit');
    expect(text(alert)).to.contain('Mine <b>bold</b>');
    expect(alert.querySelector('b')).to.equal(null);
    expect((root(el).querySelector('#save-next') as HTMLButtonElement).disabled).to.equal(true);
    await expect(el).to.be.accessible();

    const stored = await user.client.getAudit(audit.id);
    expect(stored.sections['A']!.comment).to.equal('Theirs');

    root(el).querySelector<HTMLButtonElement>('#reload')!.click();
    await until(() => !root(el).querySelector('[role="alert"]'), 'the reload');
    await grader(el).updateComplete;
    expect(grader(el).shadowRoot!.querySelector<HTMLTextAreaElement>('#comment')!.value).to.equal('Theirs');
  });

  it('keeps unsaved input through a network failure and saves it on retry', async () => {
    const user = await testUser();
    const audit = await createTestAudit(user);
    const el = await openAudit(user, audit);
    const comment = grader(el).shadowRoot!.querySelector<HTMLTextAreaElement>('#comment')!;
    comment.value = 'Typed before the network dropped';
    comment.dispatchEvent(new Event('input'));

    await failNext('PUT', `/audits/${audit.id}/`);
    expect(await el.saveSection()).to.equal(false);
    await el.updateComplete;
    const alert = root(el).querySelector('[role="alert"]')!;
    expect(text(alert)).to.contain('the connection to the server failed');
    expect(navStates(el)[0]).to.equal('Not saved');
    expect(comment.value).to.equal('Typed before the network dropped');
    expect((await user.client.getAudit(audit.id)).version).to.equal(audit.version);
    await expect(el).to.be.accessible();

    const saved = oneEvent(el, 'ehcp-section-saved');
    root(el).querySelector<HTMLButtonElement>('#retry')!.click();
    await saved;
    await el.updateComplete;
    expect(root(el).querySelector('[role="alert"]')).to.equal(null);
    expect((await user.client.getAudit(audit.id)).sections['A']!.comment).to.equal('Typed before the network dropped');
  });

  it('shows the audit without any way to change it when readonly', async () => {
    const user = await testUser();
    const audit = await gradeAllByApi(user, await createTestAudit(user), ['K']);
    const el = await openAudit(user, audit);
    el.readonly = true;
    await el.updateComplete;
    await grader(el).updateComplete;
    expect(root(el).querySelector('[part="actions"]')).to.equal(null);
    expect(grader(el).readonly).to.equal(true);
    expect([...grader(el).shadowRoot!.querySelectorAll('input')].every((i) => (i as HTMLInputElement).disabled)).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('lists what is missing when asked to complete too early', async () => {
    const user = await testUser();
    const audit = await gradeAllByApi(user, await createTestAudit(user), ['E', 'K']);
    const el = await openAudit(user, audit);
    expect(text(root(el).querySelector('[part="progress"]'))).to.equal('10 of 12 sections graded');
    expect(await el.complete()).to.equal(false);
    await el.updateComplete;
    const missing = root(el).querySelector('#missing')!;
    const items = [...missing.querySelectorAll('li')].map((li) => text(li));
    expect(items).to.have.length(2);
    expect(items[0]).to.match(/^Section E .*choose a grade$/);
    expect(items[1]).to.match(/^Section K .*choose a grade$/);
    expect(deepActiveElement()).to.equal(missing);
    await expect(el).to.be.accessible();
    // The links open the section.
    missing.querySelectorAll<HTMLButtonElement>('button')[1]!.click();
    await until(() => grader(el).sectionId === 'K', 'section K');
    expect((await user.client.getAudit(audit.id)).status).to.equal('in-progress');
  });

  it('lets the host veto completion, then completes and shows the overall grade', async () => {
    const user = await testUser();
    const audit = await gradeAllByApi(user, await createTestAudit(user));
    const el = await openAudit(user, audit);
    expect(text(root(el).querySelector('[part="overall"]'))).to.contain('Weighted mean');

    const veto = (e: AuditCompleteEvent) => e.preventDefault();
    el.addEventListener('ehcp-audit-complete', veto, { once: true });
    expect(await el.complete()).to.equal(false);
    await el.updateComplete;
    expect(text(root(el))).to.contain('The audit was not completed.');
    expect((await user.client.getAudit(audit.id)).status).to.equal('in-progress');

    const completedOnBus = new Promise<string>((resolve) => qaBus.on('audit-completed', ({ auditId }) => resolve(auditId)));
    const event = oneEvent(el, 'ehcp-audit-complete');
    const done = el.complete();
    const fired = (await event) as unknown as AuditCompleteEvent;
    expect(fired.cancelable).to.equal(true);
    expect(fired.overall.grade).to.be.a('string');
    expect(await done).to.equal(true);
    expect(await completedOnBus).to.equal(audit.id);
    await el.updateComplete;
    const stored = await user.client.getAudit(audit.id);
    expect(stored.status).to.equal('completed');
    expect(text(root(el))).to.contain('This audit is complete.');
    expect(root(el).querySelector('#complete')).to.equal(null);
    await grader(el).updateComplete;
    expect(grader(el).readonly).to.equal(true);
    await expect(el).to.be.accessible();
  });

  it('lets a keyboard-only user grade all twelve sections and complete the audit; a reload shows it saved', async function () {
    // Many key presses and twelve saves: more than the default 10 s on a busy 2-core machine.
    this.timeout(90_000);
    const user = await testUser();
    const audit = await createTestAudit(user);
    const el = await openAudit(user, audit);
    root(el).querySelector<HTMLElement>('[aria-current="step"]')!.focus();
    const ids = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H1', 'H2', 'I', 'J', 'K'];
    for (const id of ids) {
      expect(grader(el).sectionId).to.equal(id);
      await tabUntil((a) => a instanceof HTMLInputElement && a.type === 'radio');
      const suggested = grader(el).suggestion!.grade;
      const radios = () => [...grader(el).shadowRoot!.querySelectorAll<HTMLInputElement>('input[type=radio]')];
      for (let i = 0; i <= radios().length && radios().find((r) => r.checked)?.value !== suggested; i++) await press('ArrowDown');
      expect(radios().find((r) => r.checked)?.value).to.equal(suggested);
      const last = id === 'K';
      await tabUntil((a) => a?.id === (last ? 'save' : 'save-next'));
      await press('Enter');
      if (!last) await until(() => grader(el).sectionId !== id, `the section after ${id}`);
    }
    await until(() => text(root(el).querySelector('[part="progress"]')) === '12 of 12 sections graded', 'all sections saved');
    await tabUntil((a) => a?.id === 'complete');
    await press('Enter');
    await until(() => text(root(el)).includes('This audit is complete.'), 'completion');

    // A reload (a new element, as after refreshing the page) shows the saved, completed audit.
    const again = await openAudit(user, audit);
    expect(text(root(again))).to.contain('This audit is complete.');
    expect(navStates(again).every((s) => s.length > 0 && s !== 'Not started')).to.equal(true);
    expect(text(root(again).querySelector('[part="overall"]'))).to.contain('Weighted mean');
  });
});

// Plan facts, nil statements and "cannot tell", on the v2-features fixture framework
// (test/fixtures/v2-features-framework.ts), which the test adapter serves.
describe('<ehcp-audit> with a framework that asks facts of the plan', () => {
  const v2 = { frameworkId: 'v2-features', frameworkVersion: '2.0.0' };
  const factsStep = (el: EhcpAudit) => root(el).querySelector<HTMLElement>('[part="facts"]');
  const checkedFact = (el: EhcpAudit, factId: string) =>
    root(el).querySelector<HTMLInputElement>(`[part="facts"] input[name="${factId}"]:checked`)?.value ?? null;
  const factSummary = (el: EhcpAudit) =>
    Object.fromEntries([...root(el).querySelectorAll<HTMLElement>('[part="plan-facts"] [data-fact]')].map((d) => [d.dataset['fact'], text(d.querySelector('dd'))]));
  const gq = <T extends Element = HTMLElement>(el: EhcpAudit, selector: string) => grader(el).shadowRoot!.querySelector<T>(selector)!;

  async function openV2(user: TestUser, audit: Audit, hostFacts?: string): Promise<EhcpAudit> {
    const wrapper = fixtureSync<HTMLDivElement>(html`<div><button id="before">Before</button>
      <ehcp-audit api-base="/qa" audit-id=${audit.id} .token=${user.token} facts=${hostFacts ?? nothing}></ehcp-audit></div>`);
    const el = wrapper.querySelector('ehcp-audit')!;
    await until(() => !!(factsStep(el) || root(el).querySelector('ehcp-section-grader')), 'the audit to load');
    await el.updateComplete;
    return el;
  }

  async function openSectionByNav(el: EhcpAudit, sectionId: string): Promise<void> {
    root(el).querySelector<HTMLButtonElement>(`[part="nav-item"][data-section="${sectionId}"]`)!.click();
    await until(() => grader(el).sectionId === sectionId, `section ${sectionId}`);
    await grader(el).updateComplete;
  }

  it('starts with "About this plan", prefilled from the host, and saves the answers with If-Match by keyboard', async () => {
    const user = await testUser();
    const audit = await createTestAudit(user, undefined, v2);
    expect(audit.facts).to.equal(undefined);
    const el = await openV2(user, audit, '{"plan-status":"final","not-a-fact":"x"}');
    const step = factsStep(el)!;
    expect(step).to.not.equal(null);
    expect(root(el).querySelector('ehcp-section-grader')).to.equal(null);
    expect(text(step.querySelector('[role="heading"]'))).to.equal('About this plan');
    const legends = [...step.querySelectorAll('fieldset legend')].map((l) => text(l));
    expect(legends).to.deep.equal(['What is the status of this plan?', 'Which age band is the child or young person in?']);
    expect(step.querySelector('fieldset[data-fact="age-band"]')!.getAttribute('aria-describedby')).to.match(/hint/);
    expect(checkedFact(el, 'plan-status')).to.equal('final');
    expect(checkedFact(el, 'age-band')).to.equal(null);
    expect(text(step)).to.contain('filled in from what this page already knows');
    // No way to skip the first time.
    expect(root(el).querySelector('#cancel-facts')).to.equal(null);
    await expect(el).to.be.accessible();

    const saved = oneEvent(el, 'ehcp-facts-saved');
    wrapperFocus(el);
    await tabUntil((a) => a instanceof HTMLInputElement && a.name === 'plan-status');
    expect((deepActiveElement() as HTMLInputElement).value).to.equal('final');
    await press('Tab');
    expect((deepActiveElement() as HTMLInputElement).name).to.equal('age-band');
    await press('ArrowDown');
    await el.updateComplete;
    expect(checkedFact(el, 'age-band')).to.equal('reception-to-year-8');
    await tabUntil((a) => a?.id === 'save-facts');
    await press('Enter');
    const event = (await saved) as unknown as FactsSavedEvent;
    expect(event).to.be.instanceOf(FactsSavedEvent);
    expect(event.facts).to.deep.equal({ 'plan-status': 'final', 'age-band': 'reception-to-year-8' });

    const stored = await user.client.getAudit(audit.id);
    expect(stored.facts).to.deep.equal({ 'plan-status': 'final', 'age-band': 'reception-to-year-8' });
    expect(stored.version).to.equal(audit.version + 1);
    await until(() => !!root(el).querySelector('ehcp-section-grader'), 'the first section');
    await grader(el).updateComplete;
    expect(grader(el).sectionId).to.equal('F');
    expect(grader(el).facts).to.deep.equal({ 'plan-status': 'final', 'age-band': 'reception-to-year-8' });
    // The facts reach the grader: a criterion for Year 9 onwards does not apply.
    expect(gq(el, 'input[value="F.good.adulthood"]')).to.equal(null);
    expect(text(gq(el, '[part="not-applicable"] summary'))).to.equal('Criteria that do not apply to this plan (1)');
    expect(factSummary(el)).to.deep.equal({ 'plan-status': 'Final', 'age-band': 'Reception to Year 8' });
    expect(text(deepActiveElement())).to.contain('Section F');
    await expect(el).to.be.accessible();
  });

  it('starting a new audit opens "About this plan" with focus on it, prefilled from the host', async () => {
    const user = await testUser();
    const planRef = `PLAN-${crypto.randomUUID().slice(0, 8)}`;
    const el = await fixture<EhcpAudit>(html`<ehcp-audit api-base="/qa" plan-ref=${planRef} auditor-role="send-caseworker" framework="v2-features@2.0.0"
      facts='{"age-band":"post-16"}' .plan=${{ ...samplePlan }} .token=${user.token}></ehcp-audit>`);
    await until(() => !!root(el).querySelector('#start'), 'the start button');
    root(el).querySelector<HTMLButtonElement>('#start')!.click();
    await until(() => !!factsStep(el), 'the facts step');
    await el.updateComplete;
    expect(text(deepActiveElement())).to.equal('About this plan');
    expect(checkedFact(el, 'age-band')).to.equal('post-16');
    expect(checkedFact(el, 'plan-status')).to.equal(null);
    // Nothing is stored until the auditor saves the step.
    const [created] = (await user.client.listAudits({ planRef })).items;
    expect(created!.frameworkId).to.equal('v2-features');
    expect(created!.facts).to.equal(undefined);
    await expect(el).to.be.accessible();
  });

  it('follows the host\'s facts when they arrive after loading, until the auditor answers', async () => {
    const user = await testUser();
    const audit = await createTestAudit(user, undefined, v2);
    const el = await openV2(user, audit);
    expect(text(factsStep(el))).not.to.contain('filled in from what this page already knows');
    el.facts = { 'plan-status': 'amended' };
    await el.updateComplete;
    expect(checkedFact(el, 'plan-status')).to.equal('amended');
    expect(text(factsStep(el))).to.contain('filled in from what this page already knows');
    root(el).querySelector<HTMLInputElement>('input[name="plan-status"][value="draft"]')!.click();
    el.facts = { 'plan-status': 'final' };
    await el.updateComplete;
    expect(checkedFact(el, 'plan-status')).to.equal('draft');
  });

  it('prefers the stored facts to the host\'s, and "Change plan details" changes them; saved sections are graded again', async () => {
    const user = await testUser();
    let audit = await createTestAudit(user, undefined, { ...v2, facts: { 'plan-status': 'draft', 'age-band': 'post-16' } });
    audit = await user.client.saveSection(audit.id, 'I', { criteriaMet: ['I.na.draft-blank'], grade: 'na', comment: '' }, audit.version);
    const el = await openV2(user, audit, '{"plan-status":"final"}');
    // Facts already stored: straight to the sections, with the facts shown and a way to change them.
    expect(factsStep(el)).to.equal(null);
    expect(factSummary(el)).to.deep.equal({ 'plan-status': 'Draft', 'age-band': '16 to 25' });
    const change = root(el).querySelector<HTMLButtonElement>('#change-facts')!;
    expect(text(change)).to.equal('Change plan details');
    await expect(el).to.be.accessible();

    change.click();
    await until(() => !!factsStep(el), 'the facts step');
    expect(text(deepActiveElement())).to.equal('About this plan');
    expect(checkedFact(el, 'plan-status')).to.equal('draft');
    expect(checkedFact(el, 'age-band')).to.equal('post-16');
    expect(text(factsStep(el))).not.to.contain('filled in from what this page already knows');
    // Cancel keeps everything as it was.
    root(el).querySelector<HTMLButtonElement>('#cancel-facts')!.click();
    await until(() => !factsStep(el), 'the step to close');
    expect(deepActiveElement()).to.equal(root(el).querySelector('#change-facts'));
    expect((await user.client.getAudit(audit.id)).version).to.equal(audit.version);

    root(el).querySelector<HTMLButtonElement>('#change-facts')!.click();
    await until(() => !!factsStep(el), 'the facts step');
    root(el).querySelector<HTMLInputElement>('input[name="plan-status"][value="final"]')!.click();
    await el.updateComplete;
    expect(await el.saveFacts()).to.equal(true);
    const stored = await user.client.getAudit(audit.id);
    expect(stored.facts).to.deep.equal({ 'plan-status': 'final', 'age-band': 'post-16' });
    // Section I's "draft" NA tick no longer applies: the server dropped it and regraded.
    expect(stored.sections['I']!.criteriaMet).to.deep.equal([]);
    expect(stored.sections['I']!.grade).to.equal('requires-improvement');
    await el.updateComplete;
    expect(factSummary(el)['plan-status']).to.equal('Final');
    await openSectionByNav(el, 'I');
    expect(grader(el).value!.criteriaMet).to.deep.equal([]);
    expect(gq(el, 'input[value="I.good.named"]')).to.not.equal(null);
  });

  it('sends the nil-statement answer and "cannot tell" answers with saveSection', async () => {
    const user = await testUser();
    const audit = await createTestAudit(user, undefined, { ...v2, facts: { 'plan-status': 'final' } });
    const el = await openV2(user, audit);
    await openSectionByNav(el, 'G');
    gq<HTMLInputElement>(el, '#nil-yes').click();
    await grader(el).updateComplete;
    gq<HTMLInputElement>(el, 'input[value="G.good.nil-clear"]').click();
    gq<HTMLInputElement>(el, 'input[value="G.good.nil-advice"]').click();
    await grader(el).updateComplete;
    gq<HTMLInputElement>(el, 'input[name="grade"][value="good"]').click();
    expect(await el.saveSection()).to.equal(true);
    let stored = await user.client.getAudit(audit.id);
    expect(stored.sections['G']).to.include({ nilStatement: true, grade: 'good', suggestedGrade: 'good' });
    expect(stored.sections['G']!.criteriaMet).to.deep.equal(['G.good.nil-clear', 'G.good.nil-advice']);

    await openSectionByNav(el, 'F');
    for (const id of ['F.good.every-need', 'F.good.quantified', 'F.good.dated', 'F.good.headings']) gq<HTMLInputElement>(el, `input[value="${id}"]`).click();
    gq<HTMLInputElement>(el, 'input[name="cannotTell"]').click();
    await grader(el).updateComplete;
    gq<HTMLInputElement>(el, 'input[name="grade"][value="good"]').click();
    expect(await el.saveSection()).to.equal(true);
    stored = await user.client.getAudit(audit.id);
    expect(stored.sections['F']!.cannotTell).to.deep.equal(['F.good.advice-followed']);
    expect(stored.sections['F']!.suggestedGrade).to.equal('good');

    // A reload shows both answers again (the first element goes, as on a new page).
    el.parentElement!.remove();
    const again = await openV2(user, stored);
    await openSectionByNav(again, 'G');
    expect(gq<HTMLInputElement>(again, '#nil-yes').checked).to.equal(true);
    await openSectionByNav(again, 'F');
    expect(gq<HTMLInputElement>(again, 'input[name="cannotTell"]').checked).to.equal(true);
    await expect(again).to.be.accessible();
  });

  it('brings unsaved sections in line when the facts change, so they still save', async () => {
    const user = await testUser();
    const audit = await createTestAudit(user, undefined, { ...v2, facts: { 'age-band': 'post-16' } });
    const el = await openV2(user, audit);
    expect(grader(el).sectionId).to.equal('F');
    for (const id of ['F.good.every-need', 'F.good.quantified', 'F.good.adulthood']) gq<HTMLInputElement>(el, `input[value="${id}"]`).click();
    await grader(el).updateComplete;
    const suggested = grader(el).suggestion!.grade;
    gq<HTMLInputElement>(el, `input[name="grade"][value="${suggested}"]`).click();
    await el.updateComplete;
    expect(navStates(el)[0]).to.equal('Not saved');

    await el.openFacts();
    root(el).querySelector<HTMLInputElement>('input[name="age-band"][value="under-5"]')!.click();
    expect(await el.saveFacts()).to.equal(true);
    await grader(el).updateComplete;
    // The tick on the Year 9 criterion is gone from the unsaved section, which still saves.
    expect(grader(el).result.criteriaMet).to.deep.equal(['F.good.every-need', 'F.good.quantified']);
    expect(navStates(el)[0]).to.equal('Not saved');
    expect(await el.saveSection()).to.equal(true);
    const stored = await user.client.getAudit(audit.id);
    expect(stored.sections['F']!.criteriaMet).to.deep.equal(['F.good.every-need', 'F.good.quantified']);
  });

  it('says when someone else changed the audit before the facts were saved (412), and overwrites nothing', async () => {
    const user = await testUser();
    const audit = await createTestAudit(user, undefined, v2);
    const el = await openV2(user, audit);
    await user.client.updateAuditFacts(audit.id, { 'plan-status': 'draft' }, audit.version);
    root(el).querySelector<HTMLInputElement>('input[name="plan-status"][value="final"]')!.click();
    expect(await el.saveFacts()).to.equal(false);
    await el.updateComplete;
    const alert = root(el).querySelector('[role="alert"]')!;
    expect(text(alert)).to.contain('Someone else changed this audit');
    expect(deepActiveElement()).to.equal(alert);
    expect(root(el).querySelector<HTMLButtonElement>('#save-facts')!.disabled).to.equal(true);
    expect((await user.client.getAudit(audit.id)).facts).to.deep.equal({ 'plan-status': 'draft' });
    await expect(el).to.be.accessible();
    root(el).querySelector<HTMLButtonElement>('#reload')!.click();
    await until(() => !root(el).querySelector('[role="alert"]'), 'the reload');
    // Their facts are now stored, so the audit opens on the sections.
    expect(factSummary(el)['plan-status']).to.equal('Draft');
  });

  it('keeps the answers through a network failure and saves them on retry; shows a 422 naming the field', async () => {
    const user = await testUser();
    const audit = await createTestAudit(user, undefined, v2);
    const el = await openV2(user, audit);
    root(el).querySelector<HTMLInputElement>('input[name="age-band"][value="under-5"]')!.click();
    await failNext('PUT', `/audits/${audit.id}/facts`);
    expect(await el.saveFacts()).to.equal(false);
    await el.updateComplete;
    expect(text(root(el).querySelector('[role="alert"]'))).to.contain('the connection to the server failed');
    expect(checkedFact(el, 'age-band')).to.equal('under-5');
    expect((await user.client.getAudit(audit.id)).facts).to.equal(undefined);
    await expect(el).to.be.accessible();
    const saved = oneEvent(el, 'ehcp-facts-saved');
    root(el).querySelector<HTMLButtonElement>('#retry')!.click();
    await saved;
    expect((await user.client.getAudit(audit.id)).facts).to.deep.equal({ 'age-band': 'under-5' });

    // A client that sends an answer the framework does not know gets the adapter's 422.
    const other = await createTestAudit(user, undefined, v2);
    const wrapper = fixtureSync<HTMLDivElement>(html`<div><ehcp-audit audit-id=${other.id}></ehcp-audit></div>`);
    const bad = wrapper.querySelector('ehcp-audit')!;
    const client = user.client;
    bad.client = Object.assign(Object.create(client) as typeof client, {
      updateAuditFacts: (id: string, facts: Record<string, string>, version: number) => client.updateAuditFacts(id, { ...facts, 'age-band': 'year-14' }, version),
    });
    await until(() => !!factsStep(bad), 'the facts step');
    expect(await bad.saveFacts()).to.equal(false);
    await bad.updateComplete;
    const alert = text(root(bad).querySelector('[role="alert"]'));
    expect(alert).to.contain('Not saved:');
    expect(alert).to.contain('facts.age-band');
    expect(factsStep(bad)).to.not.equal(null);
    expect((await user.client.getAudit(other.id)).facts).to.equal(undefined);
  });

  it('lists "About this plan" as missing when asked to complete before the facts are saved', async () => {
    const user = await testUser();
    const audit = await createTestAudit(user, undefined, v2);
    const el = await openV2(user, audit);
    expect(await el.complete()).to.equal(false);
    await el.updateComplete;
    const items = [...root(el).querySelectorAll('#missing li')].map((li) => text(li));
    expect(items[0]).to.equal('About this plan: answer the questions about the plan and save them');
    await expect(el).to.be.accessible();
    // Going to a section, then following the link, brings the step back.
    await el.openSection('G');
    expect(factsStep(el)).to.equal(null);
    root(el).querySelector<HTMLButtonElement>('#missing li button')!.click();
    await until(() => !!factsStep(el), 'the facts step');
    expect(text(deepActiveElement())).to.equal('About this plan');
  });

  it('shows the facts of a completed audit without a way to change them', async () => {
    const user = await testUser();
    let audit = await createTestAudit(user, undefined, { ...v2, facts: { 'plan-status': 'final', 'age-band': 'under-5' } });
    audit = await gradeAllByApi(user, audit);
    audit = await user.client.completeAudit(audit.id, audit.version);
    const el = await openV2(user, audit);
    expect(factsStep(el)).to.equal(null);
    expect(factSummary(el)).to.deep.equal({ 'plan-status': 'Final', 'age-band': 'Under 5' });
    expect(root(el).querySelector('#change-facts')).to.equal(null);
    await expect(el).to.be.accessible();
  });
});

/** Puts focus just before the element (on the wrapper's "Before" button). */
function wrapperFocus(el: EhcpAudit): void {
  el.parentElement!.querySelector<HTMLButtonElement>('#before')!.focus();
}
