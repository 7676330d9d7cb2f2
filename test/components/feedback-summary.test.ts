// <ehcp-feedback-summary> against the real adapter: responses sent through the public API,
// audits completed through the API, figures read back with suppression, axe-clean.
import { expect, fixture, html } from '@open-wc/testing';
import { EhcpFeedbackSummary } from 'ehcp-qa/components/feedback-summary';
import type { Framework } from '../../criteria/schema.js';
import { testUser, type TestUser } from './support/api-helpers.js';

const text = (el: Node | null | undefined) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
const $ = <T extends Element = HTMLElement>(el: EhcpFeedbackSummary, s: string) => el.shadowRoot!.querySelector<T>(s)!;

async function until(check: () => boolean, what: string, tries = 400): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

const plan = { planType: 'new', phase: 'primary', primaryNeed: 'ASD', settingType: 'mainstream' } as const;

async function api(user: TestUser, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`/qa${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${user.token}` }, ...(body ? { body: JSON.stringify(body) } : {}) });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** A completed ehcp-plan 1.0.0 audit of `planRef`, every section graded `grade`. */
async function audit(auditor: TestUser, framework: Framework, planRef: string, cycleId: string, grade: 'good' | 'inadequate'): Promise<void> {
  let a = await auditor.client.createAudit({ frameworkId: 'ehcp-plan', frameworkVersion: '1.0.0', planRef, cycleId, auditorRole: 'send-caseworker', plan: { ...plan } });
  for (const section of framework.sections) {
    const criteriaMet = grade === 'good' ? section.criteria.filter((c) => c.level === 'good').map((c) => c.id) : section.criteria.filter((c) => c.level === 'inadequate').slice(0, 1).map((c) => c.id);
    a = await auditor.client.saveSection(a.id, section.id, { criteriaMet, grade, overrideReason: 'Judged on the whole section.' }, a.version);
  }
  await auditor.client.completeAudit(a.id, a.version);
}

interface Seeded { manager: TestUser; moderator: TestUser; cycleId: string }
let seeded: Promise<Seeded> | undefined;

/** Ten audited plans (5 Good, 5 Inadequate), each with a parent's answers, and 2 children's answers (too few to show). */
function seed(): Promise<Seeded> {
  seeded ??= (async () => {
    const tenant = `t-${crypto.randomUUID().slice(0, 12)}`;
    const manager = await testUser(['manager'], tenant);
    const moderator = await testUser(['moderator'], tenant);
    const auditor = await testUser(['auditor'], tenant);
    const framework = await auditor.client.getFramework('ehcp-plan', '1.0.0');
    const cycle = await api(manager, 'POST', '/cycles', { name: 'Spring', startDate: '2026-01-01', endDate: '2026-03-31' });
    const respond = async (respondentType: string, planRef: string, answers: Record<string, unknown>) => {
      const { token } = await api(manager, 'POST', '/feedback-requests', { planRef, plan: { ...plan }, cycleId: cycle.id, respondentType });
      const res = await fetch(`/qa/feedback/${token}/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ submissionKey: crypto.randomUUID().replaceAll('-', ''), answers }) });
      if (res.status !== 201) throw new Error(await res.text());
    };
    for (let i = 0; i < 10; i++) {
      const planRef = `PLAN-${crypto.randomUUID().slice(0, 8)}`;
      const good = i < 5;
      await audit(auditor, framework, planRef, cycle.id, good ? 'good' : 'inadequate');
      await respond('parent-carer', planRef, { 'describes-child': good ? 'agree' : 'disagree', ...(i < 5 ? { 'one-change': i === 0 ? 'Thanks to Mrs Okafor for the visits.' : 'Quicker replies.' } : {}) });
    }
    for (let i = 0; i < 2; i++) await respond('child-young-person', `PLAN-c${i}-${crypto.randomUUID().slice(0, 6)}`, { 'about-me': 'agree' });
    return { manager, moderator, cycleId: cycle.id };
  })();
  return seeded;
}

async function open(user: TestUser, cycleId: string): Promise<EhcpFeedbackSummary> {
  const el = await fixture<EhcpFeedbackSummary>(html`<ehcp-feedback-summary api-base="/qa" .token=${user.token} cycle-id=${cycleId}></ehcp-feedback-summary>`);
  await until(() => Boolean(el.shadowRoot!.querySelector('[data-questionnaire]')), 'the summary');
  await el.updateComplete;
  return el;
}

describe('<ehcp-feedback-summary>', () => {
  // Seeding completes ten audits (twelve sections each) through the API: allow it time on a busy machine.
  before(async function () {
    this.timeout(120_000);
    await seed();
  });

  it('shows response rates, each question with counts and percentages, small numbers as "fewer than 5", and is accessible', async () => {
    const { manager, cycleId } = await seed();
    const el = await open(manager, cycleId);
    const cells = (s: string) => [...el.shadowRoot!.querySelectorAll(`${s} th, ${s} td`)].map(text);
    expect(cells('tr[data-respondent="parent-carer"]')).to.deep.equal(['Parents and carers', '10', '10', '100.0%']);
    expect(cells('tr[data-respondent="child-young-person"]')).to.deep.equal(['Children and young people', '2', 'fewer than 5', '–']);
    const describes = $(el, '[data-questionnaire="parent-carer"] table[data-question="describes-child"]');
    expect(text(describes.querySelector('caption'))).to.contain('describes our child well');
    const rows = [...describes.querySelectorAll('tbody tr')].map((r) => [...r.children].map(text));
    expect(rows).to.deep.include(['Agree', '5', '50.0%']);
    expect(rows).to.deep.include(['Disagree', '5', '50.0%']);
    expect(rows).to.deep.include(['Strongly agree', '0', '0.0%']);
    expect(text(describes.querySelector('tfoot'))).to.contain('Positive answers: 50.0% (95% interval');
    expect(text($(el, '[data-questionnaire="child-young-person"]'))).to.contain('Fewer than 5 responses: no figures are shown.');
    await expect(el).to.be.accessible();
  });

  it('puts quality and experience side by side, and shows managers the free text with names masked', async () => {
    const { manager, cycleId } = await seed();
    const el = await open(manager, cycleId);
    const row = $(el, 'tr[data-quality="parent-carer/describes-child"]');
    expect(text(row)).to.contain('0.0% (0 of 5)');
    expect(text(row)).to.contain('100.0% (5 of 5)');
    expect(text(row)).to.contain('Larger than chance');
    const details = $<HTMLDetailsElement>(el, 'details[data-free-text="one-change"]');
    details.open = true;
    expect(text(details)).to.contain('Thanks to Mrs [name] for the visits.');
    expect(text(el.shadowRoot)).not.to.contain('Okafor');
    await expect(el).to.be.accessible();
  });

  it('waits for sign-in when it has an api-base but no token yet, sending nothing, then loads', async () => {
    const { manager, cycleId } = await seed();
    const el = await fixture<EhcpFeedbackSummary>(html`<ehcp-feedback-summary api-base="/qa" cycle-id=${cycleId}></ehcp-feedback-summary>`);
    await el.updateComplete;
    expect(text($(el, '[role="status"]'))).to.equal('Waiting for sign-in…');
    expect(el.shadowRoot!.querySelector('[data-questionnaire]')).to.equal(null);
    el.token = manager.token;
    await until(() => Boolean(el.shadowRoot!.querySelector('[data-questionnaire]')), 'the summary after sign-in');
    await expect(el).to.be.accessible();
  });

  it('moderators see the figures but no free text; filters by phase apply to linked responses only', async () => {
    const { moderator, cycleId } = await seed();
    const el = await open(moderator, cycleId);
    expect(el.shadowRoot!.querySelector('details[data-free-text]')).to.equal(null);
    const select = $<HTMLSelectElement>(el, '#f-phase');
    select.value = 'secondary';
    select.dispatchEvent(new Event('change'));
    await until(() => text(el.shadowRoot).includes('Plan filters apply to responses linked to a plan only'), 'the filtered summary');
    expect(el.phase).to.equal('secondary');
    await expect(el).to.be.accessible();
  });
});
