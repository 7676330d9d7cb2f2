// <ehcp-feedback-form> against the real adapter (createQaApp over a temporary SQLite
// file at /qa): links made through the API, answered by keyboard, axe-clean in every state.
import { expect, fixture, html } from '@open-wc/testing';
import { EhcpFeedbackForm } from 'ehcp-qa/components/feedback-form';
import { failNext, testUser, type TestUser } from './support/api-helpers.js';
import { deepActiveElement, press, tabUntil, type } from './support/keys.js';

const text = (el: Node | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
const $ = <T extends Element = HTMLElement>(el: EhcpFeedbackForm, s: string) => el.shadowRoot!.querySelector<T>(s)!;
const $$ = <T extends Element = HTMLElement>(el: EhcpFeedbackForm, s: string) => [...el.shadowRoot!.querySelectorAll<T>(s)];

async function until(check: () => boolean, what: string, tries = 300): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

let manager: Promise<TestUser> | undefined;
async function link(respondentType: 'parent-carer' | 'child-young-person' = 'parent-carer'): Promise<string> {
  manager ??= testUser(['manager']);
  const user = await manager;
  const res = await fetch('/qa/feedback-requests', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${user.token}` },
    body: JSON.stringify({ planRef: `PLAN-${crypto.randomUUID().slice(0, 8)}`, plan: { planType: 'new', phase: 'primary', primaryNeed: 'ASD', settingType: 'mainstream' }, respondentType }),
  });
  return ((await res.json()) as { token: string }).token;
}

async function open(token: string): Promise<EhcpFeedbackForm> {
  const el = await fixture<EhcpFeedbackForm>(html`<ehcp-feedback-form api-base="/qa" token=${token} heading-level="1"></ehcp-feedback-form>`);
  await until(() => !el.shadowRoot!.querySelector('[role="status"]') || !text(el.shadowRoot).startsWith('Loading'), 'the questionnaire');
  await el.updateComplete;
  return el;
}

describe('<ehcp-feedback-form>', () => {
  afterEach(() => {
    for (const key of Object.keys(localStorage)) if (key.startsWith('ehcp-qa-feedback-draft:')) localStorage.removeItem(key);
  });

  it('standard form: answered and sent by keyboard, axe-clean before, during and after; the link then refuses a second use', async () => {
    const token = await link();
    const el = await open(token);
    expect(text($(el, 'h1'))).to.equal("Your experience of your child's EHC plan");
    expect(text($(el, '#notice'))).to.contain("kept with your child's plan");
    expect(deepActiveElement()?.id).to.equal('title');
    await expect(el).to.be.accessible();

    $(el, '#start').focus();
    await press('Enter');
    await el.updateComplete;
    expect($$(el, 'fieldset').length).to.be.greaterThan(5);
    // Keyboard: Tab to the first question's radios, arrow to "Agree".
    await tabUntil((a) => (a as HTMLInputElement | null)?.name === 'q-listened-to');
    await press('ArrowDown');
    await el.updateComplete;
    expect($<HTMLInputElement>(el, '#q-listened-to-agree').checked).to.equal(true);
    // Every question is optional: an answer can be cleared again, by keyboard.
    await tabUntil((a) => a?.id === 'q-listened-to-clear');
    expect(text(deepActiveElement())).to.equal('Clear my answer: We felt listened to while the plan was being written or reviewed.');
    await press('Enter');
    await el.updateComplete;
    expect($$<HTMLInputElement>(el, 'input[name="q-listened-to"]').some((i) => i.checked)).to.equal(false);
    expect(el.shadowRoot!.querySelector('#q-listened-to-clear')).to.equal(null);
    expect(deepActiveElement()?.id).to.equal('q-listened-to-strongly-agree');
    await press('ArrowDown');
    await el.updateComplete;
    expect($<HTMLInputElement>(el, '#q-listened-to-agree').checked).to.equal(true);
    // Several choice: Space ticks a checkbox.
    await tabUntil((a) => (a as HTMLInputElement | null)?.id === 'q-who-involved-school');
    await press('Space');
    // Free text, with a count of what is left.
    await tabUntil((a) => a?.id === 'q-one-change');
    await type('Shorter letters');
    await el.updateComplete;
    expect(text($(el, '#q-one-change-count'))).to.equal('785 characters left');
    // Screen reader names: each radio and checkbox is named by its label, each group by its question.
    const radio = $<HTMLInputElement>(el, '#q-describes-child-agree');
    expect(text(el.shadowRoot!.querySelector(`label[for="${radio.id}"]`))).to.equal('Agree');
    expect(text(radio.closest('fieldset')!.querySelector('legend'))).to.contain('describes our child well');
    await expect(el).to.be.accessible();

    const sent = new Promise<Event>((resolve) => el.addEventListener('ehcp-feedback-sent', resolve, { once: true }));
    await tabUntil((a) => a?.getAttribute('type') === 'submit');
    await press('Enter');
    await sent;
    await el.updateComplete;
    expect(text($(el, 'h1'))).to.equal('Thank you');
    expect(text(el.shadowRoot)).to.contain('never one family on its own');
    expect(deepActiveElement()?.id).to.equal('title');
    await expect(el).to.be.accessible();

    const again = await open(token);
    expect(text($(again, '[role="alert"] h1'))).to.equal('This link has already been used');
    await expect(again).to.be.accessible();
  });

  it('easy-read form: one question a screen with pictures, large choices, read aloud, Next and Back by keyboard, axe-clean on every screen', async () => {
    const el = await open(await link('child-young-person'));
    const toggle = $<HTMLButtonElement>(el, '#switch');
    expect(text(toggle)).to.equal('Use the easy-read version');
    toggle.click();
    await el.updateComplete;
    expect(text($(el, 'h1'))).to.equal('Your plan. What do you think?');
    expect(toggle.getAttribute('aria-pressed')).to.equal('true');
    expect(text($(el, '#notice'))).to.equal("Your answers go with your plan. We only look at them with other people's answers.");
    await expect(el).to.be.accessible();
    $<HTMLButtonElement>(el, '#start').click();
    await el.updateComplete;

    const screens = 9;
    for (let i = 0; i < screens; i++) {
      await el.updateComplete;
      expect(text($(el, '.progress'))).to.equal(`Question ${i + 1} of ${screens}`);
      expect(deepActiveElement()?.id).to.equal('question-text');
      // Pictures are decorative: hidden from assistive technology, the sentence beside them says it.
      const pictures = $$(el, 'svg.picture');
      expect(pictures.length).to.be.greaterThan(0);
      expect(pictures.every((p) => p.getAttribute('aria-hidden') === 'true')).to.equal(true);
      if ('speechSynthesis' in window) expect($$(el, 'button').some((b) => text(b) === 'Read aloud')).to.equal(true);
      if (i === 0) {
        // Large targets: each choice at least 44 px high.
        for (const label of $$(el, '.choice label')) expect(label.getBoundingClientRect().height).to.be.at.least(44);
        await tabUntil((a) => (a as HTMLInputElement | null)?.type === 'radio');
        await press('Space');
        await el.updateComplete;
        expect($<HTMLInputElement>(el, '#q-asked-views-yes').checked).to.equal(true);
        expect(text(el.shadowRoot!.querySelector('label[for="q-asked-views-yes"]'))).to.contain('Yes');
      }
      await expect(el).to.be.accessible();
      if (i === 1) {
        // Back keeps the answer given.
        const back = $$(el, 'button').find((b) => text(b) === 'Back')!;
        back.click();
        await el.updateComplete;
        expect($<HTMLInputElement>(el, '#q-asked-views-yes').checked).to.equal(true);
        $<HTMLButtonElement>(el, 'button[type="submit"]').click();
        await el.updateComplete;
      }
      if (i < screens - 1) {
        $<HTMLButtonElement>(el, 'button[type="submit"]').click();
      }
    }
    expect(text($(el, 'button[type="submit"]'))).to.equal('Send my answers');
    const sent = new Promise<Event>((resolve) => el.addEventListener('ehcp-feedback-sent', resolve, { once: true }));
    $<HTMLButtonElement>(el, 'button[type="submit"]').click();
    await sent;
    await el.updateComplete;
    expect(text(el.shadowRoot)).to.contain('It helps us make plans better.');
    await expect(el).to.be.accessible();
  });

  it('keeps a partly completed questionnaire on the device until it is sent; a failed send keeps the answers, and they can be sent again', async () => {
    const token = await link();
    const first = await open(token);
    $<HTMLButtonElement>(first, '#start').click();
    await first.updateComplete;
    $<HTMLInputElement>(first, '#q-help-clear-disagree').click();
    await first.updateComplete;
    const keys = Object.keys(localStorage).filter((k) => k.startsWith('ehcp-qa-feedback-draft:'));
    expect(keys.length).to.equal(1);
    expect(keys[0]).not.to.contain(token);
    expect(localStorage.getItem(keys[0]!)).not.to.contain(token);
    first.remove();

    const el = await open(token);
    expect(text(el.shadowRoot)).to.contain('Your unfinished answers on this device have been restored.');
    await expect(el).to.be.accessible();
    $<HTMLButtonElement>(el, '#start').click();
    await el.updateComplete;
    expect($<HTMLInputElement>(el, '#q-help-clear-disagree').checked).to.equal(true);

    // This test's own token only: other test files run at the same time against the same server.
    await failNext('POST', `/feedback/${token}/responses`);
    $<HTMLButtonElement>(el, 'button[type="submit"]').click();
    await until(() => Boolean(el.shadowRoot!.querySelector('#send-error')), 'the send error');
    expect(text($(el, '#send-error'))).to.contain('Your answers are kept on this device');
    expect($<HTMLInputElement>(el, '#q-help-clear-disagree').checked).to.equal(true);
    await expect(el).to.be.accessible();

    const sent = new Promise<Event>((resolve) => el.addEventListener('ehcp-feedback-sent', resolve, { once: true }));
    $<HTMLButtonElement>(el, 'button[type="submit"]').click();
    await sent;
    expect(Object.keys(localStorage).filter((k) => k.startsWith('ehcp-qa-feedback-draft:'))).to.deep.equal([]);
  });

  it('the ready page served by the adapter at the link runs the form under its Content-Security-Policy', async function () {
    this.timeout(30_000);
    manager ??= testUser(['manager']);
    const user = await manager;
    const created = await (await fetch('/qa/feedback-requests', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${user.token}` },
      body: JSON.stringify({ planRef: 'PLAN-PAGE-1', plan: { planType: 'new', phase: 'primary', primaryNeed: 'ASD', settingType: 'mainstream' }, respondentType: 'professional' }),
    })).json() as { link: string };
    expect(new URL(created.link).origin).to.equal(location.origin);
    const head = await fetch(created.link);
    expect(head.headers.get('content-security-policy')).to.contain("script-src 'self'");
    const win = window.open(created.link, '_blank')!;
    try {
      const form = () => win.document.querySelector('ehcp-feedback-form') as EhcpFeedbackForm | null;
      await until(() => Boolean(form()?.shadowRoot?.querySelector('#start')), 'the form on the ready page', 1000);
      expect(win.document.title).to.equal('Tell us about your EHC plan');
      expect(text(form()!.shadowRoot!.querySelector('h1'))).to.equal('Your experience as a professional who contributed to an EHC plan');
      (form()!.shadowRoot!.querySelector('#start') as HTMLButtonElement).click();
      await until(() => Boolean(form()!.shadowRoot!.querySelector('#q-service-health')), 'the questions');
      (form()!.shadowRoot!.querySelector('#q-service-health') as HTMLInputElement).click();
      (form()!.shadowRoot!.querySelector('button[type="submit"]') as HTMLButtonElement).click();
      await until(() => text(form()!.shadowRoot!.querySelector('h1')) === 'Thank you', 'the thank-you page');
    } finally {
      win.close();
    }
  });

  it('says clearly when a link is incomplete or unknown', async () => {
    const bad = await open('not-a-token');
    expect(text($(bad, 'h1'))).to.equal('This link is not complete');
    await expect(bad).to.be.accessible();
    const unknown = await open('A'.repeat(43));
    expect(text($(unknown, 'h1'))).to.equal('This link is not recognised');
    await expect(unknown).to.be.accessible();
  });
});
