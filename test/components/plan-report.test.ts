import { expect, fixture, html } from '@open-wc/testing';
import { EhcpPlanReport } from 'ehcp-qa/components/plan-report';
import { testFramework } from './support/framework.js';
import { completedAudit, storedSection } from './support/audits.js';
import { v2FeaturesFramework } from '../fixtures/v2-features-framework.js';
import { overallGrade, suggestSectionGrade } from '../../criteria/grading.js';
import { qaBus, type StoredSection } from 'ehcp-qa/components';
import { createTestAudit, testUser } from './support/api-helpers.js';

const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();

function sampleAudit() {
  return completedAudit({
    B: storedSection('B', ['B.good.every-need', 'B.good.impact', 'B.good.current', 'B.outstanding.strengths'], 'outstanding', { comment: 'Needs are vivid and current.' }),
    D: storedSection('D', ['D.na.no-needs'], 'na'),
    F: storedSection('F', ['F.good.quantified', 'F.inadequate.vague'], 'requires-improvement', {
      overrideReason: 'Only one part is vague; the rest is quantified.',
      comment: 'Speech therapy has no frequency.',
    }),
  });
}

async function report(audit = sampleAudit()) {
  const el = await fixture<EhcpPlanReport>(html`<ehcp-plan-report .audit=${audit} .framework=${testFramework}></ehcp-plan-report>`);
  await el.updateComplete;
  return el;
}

describe('<ehcp-plan-report>', () => {
  it('renders each section grade in a table with comments, and the overall grade with why', async () => {
    const el = await report();
    expect(el).to.be.instanceOf(EhcpPlanReport);
    const root = el.shadowRoot!;
    expect(text(root.querySelector('#report-title'))).to.equal('Quality audit of plan PLAN-2026-0042');
    const rows = [...root.querySelectorAll('tbody tr')].map((row) => [...row.children].map((cell) => text(cell)));
    expect(rows.map((r) => r[0])).to.deep.equal(['B Special educational needs', 'D Social care needs', 'F Special educational provision']);
    expect(rows[0]![1]).to.equal('★Outstanding');
    expect(rows[0]![2]).to.equal('Needs are vivid and current.');
    expect(rows[1]![1]).to.equal('–Not applicable');
    expect(rows[2]![1]).to.contain('!Requires improvement');
    expect(rows[2]![1]).to.contain('Suggested: Inadequate.');
    expect(rows[2]![2]).to.contain('Reason for the grade: Only one part is vague');
    const overall = text(root.querySelector('[part="overall"]'));
    expect(overall).to.contain('Overall grade');
    expect(overall).to.contain('Good');
    expect(overall).to.contain('Weighted mean');
    await expect(el).to.be.accessible();
  });

  it('lists the criteria not met per section as the improvement list', async () => {
    const el = await report();
    const root = el.shadowRoot!;
    const f = root.querySelector('.improvement[data-section="F"]')!;
    expect(text(f)).to.contain('Weaknesses found');
    expect(text(f)).to.contain('Most provision is vague and unenforceable.');
    expect(text(f)).to.contain('Not yet met (Good)');
    expect(text(f)).to.contain('Every need in B has provision.');
    expect(text(f)).to.not.contain('Provision is quantified');
    expect(text(f)).to.contain('Write the provision section with the family.');
    // A Not applicable section has nothing to improve and is left out.
    expect(root.querySelector('.improvement[data-section="D"]')).to.equal(null);
    expect(text(root.querySelector('.improvement[data-section="B"]'))).to.contain('Every criterion expected of this plan is met.');
  });

  it('shows comments and reasons containing HTML or script as text, never executed', async () => {
    const hostile = '<img src=x onerror="window.__pwnedReport=1"><script>window.__pwnedReport=2</script><b>bold</b>';
    const audit = sampleAudit();
    audit.sections['F'] = { ...audit.sections['F']!, comment: hostile, overrideReason: hostile };
    const el = await report(audit);
    const root = el.shadowRoot!;
    expect(root.querySelector('img, script, b')).to.equal(null);
    expect(text(root.querySelector('tr[data-section="F"]'))).to.contain('<img src=x onerror="window.__pwnedReport=1">');
    expect((window as { __pwnedReport?: number }).__pwnedReport).to.equal(undefined);
  });

  it('says the overall grade is pending for an audit in progress, and marks it as not complete', async () => {
    const audit = completedAudit({ B: storedSection('B', [], null) }, { status: 'in-progress', completedAt: null });
    const el = await report(audit);
    const root = el.shadowRoot!;
    expect(text(root.querySelector('.note'))).to.contain('not complete');
    expect(text(root.querySelector('[part="overall"]'))).to.contain('appears when every section is graded');
    expect(text(root.querySelector('tr[data-section="D"]'))).to.contain('Not graded');
    await expect(el).to.be.accessible();
  });

  it('shows an error with a retry when loading fails', async () => {
    const failing = {
      getAudit: () => Promise.reject(new Error('The connection to the server failed.')),
    } as unknown as import('ehcp-qa/components').QaClient;
    const el = await fixture<EhcpPlanReport>(html`<ehcp-plan-report audit-id="audit_missing_01" .client=${failing}></ehcp-plan-report>`);
    await el.load();
    await el.updateComplete;
    const alert = el.shadowRoot!.querySelector('[role="alert"]')!;
    expect(text(alert)).to.contain('The audit could not be loaded.');
    expect(alert.querySelector('button')!.textContent).to.equal('Try again');
    await expect(el).to.be.accessible();
  });

  it('leaves criteria that do not apply and "cannot tell" answers out of "not yet met", lists the latter, and shows the plan facts', async () => {
    const fw = v2FeaturesFramework;
    const facts = { 'plan-status': 'final', 'age-band': 'under-5' };
    const section = (id: string, criteriaMet: string[], grade: string, extra: Partial<StoredSection> = {}): StoredSection => ({
      criteriaMet, grade, overrideReason: null, comment: null, savedAt: '2026-03-02T10:00:00.000Z', ...extra,
      suggestedGrade: suggestSectionGrade(fw, fw.sections.find((s) => s.id === id)!, criteriaMet, { facts, nilStatement: extra.nilStatement, cannotTell: extra.cannotTell }).grade,
    });
    const sections = {
      F: section('F', ['F.good.every-need', 'F.good.quantified', 'F.good.dated'], 'good', { cannotTell: ['F.good.advice-followed'] }),
      G: section('G', ['G.good.nil-clear'], 'requires-improvement', { nilStatement: true }),
      I: section('I', ['I.good.named', 'I.good.start-date'], 'good'),
    };
    const audit = completedAudit(sections, {
      frameworkId: fw.id, frameworkVersion: fw.version, facts,
      overall: overallGrade(fw, Object.fromEntries(Object.entries(sections).map(([id, r]) => [id, r.grade]))),
    });
    const el = await fixture<EhcpPlanReport>(html`<ehcp-plan-report .audit=${audit} .framework=${fw}></ehcp-plan-report>`);
    const root = el.shadowRoot!;
    const fact = (id: string) => [...root.querySelectorAll(`.meta [data-fact="${id}"] dt, .meta [data-fact="${id}"] dd`)].map((n) => text(n));
    expect(fact('plan-status')).to.deep.equal(['Plan status', 'Final']);
    expect(fact('age-band')).to.deep.equal(['Age band', 'Under 5']);

    const f = text(root.querySelector('.improvement[data-section="F"]'));
    expect(f).to.contain('Not checked: the auditor could not tell without the advice');
    expect(text(root.querySelector('.improvement[data-section="F"] .unsure'))).to.equal('The provision matches what the advice recommends.');
    expect(f).to.contain('Headings match the needs in section B.');
    // Neither the "cannot tell" criterion nor the one for Year 9 onwards is "not yet met".
    const notMet = [...root.querySelectorAll('.improvement[data-section="F"] ul:not(.unsure) li')].map((li) => text(li));
    expect(notMet).not.to.include('The provision matches what the advice recommends.');
    expect(notMet).not.to.include('Provision prepares the young person for adulthood.');

    // A nil statement: only its own criteria count, and the table says so.
    const g = text(root.querySelector('.improvement[data-section="G"]'));
    expect(g).to.contain('It says which health professional was asked for advice.');
    expect(g).not.to.contain('There is provision for every health need in section C.');
    expect(text(root.querySelector('tr[data-section="G"]'))).to.contain('The section says there are none.');
    // Section I of a final plan: the draft-only criteria are not listed.
    expect(text(root.querySelector('.improvement[data-section="I"]'))).to.equal('Section I: Placement Every criterion expected of this plan is met.');
    await expect(el).to.be.accessible();
  });

  it('loads again when the plan facts of its audit are saved', async () => {
    const user = await testUser();
    const audit = await createTestAudit(user, undefined, { frameworkId: 'v2-features', frameworkVersion: '2.0.0', facts: { 'plan-status': 'draft' } });
    const el = await fixture<EhcpPlanReport>(html`<ehcp-plan-report api-base="/qa" audit-id=${audit.id} .token=${user.token}></ehcp-plan-report>`);
    const factText = () => text(el.shadowRoot!.querySelector('.meta [data-fact="plan-status"] dd'));
    for (let i = 0; i < 200 && factText() !== 'Draft'; i++) await new Promise((r) => setTimeout(r, 20));
    expect(factText()).to.equal('Draft');
    const saved = await user.client.updateAuditFacts(audit.id, { 'plan-status': 'final' }, audit.version);
    qaBus.emit('facts-saved', { auditId: audit.id, audit: saved });
    for (let i = 0; i < 200 && factText() !== 'Final'; i++) await new Promise((r) => setTimeout(r, 20));
    expect(factText()).to.equal('Final');
  });

  it('shows the audit\'s history from the audit trail to those allowed to read it, accessibly and without comments', async () => {
    const user = await testUser();
    let audit = await createTestAudit(user);
    const framework = await user.client.getFramework('ehcp-plan', '1.0.0');
    const section = framework.sections.find((x) => x.id === 'F')!;
    const criteriaMet = section.criteria.filter((c) => c.level === 'good').map((c) => c.id);
    audit = await user.client.saveSection(audit.id, 'F', { criteriaMet, grade: 'good', comment: 'A private comment' }, audit.version);
    const el = await fixture<EhcpPlanReport>(html`<ehcp-plan-report api-base="/qa" audit-id=${audit.id} show-history .token=${user.token}></ehcp-plan-report>`);
    const rows = () => [...el.shadowRoot!.querySelectorAll('[part="history"] tbody tr')].map((row) => [...row.children].map((cell) => text(cell)));
    for (let i = 0; i < 200 && rows().length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    expect(rows().map((r) => [r[1], r[2], r[3]])).to.deep.equal([[user.sub, 'Audit started', '1'], [user.sub, 'Section saved. Section F: Good', '2']]);
    expect(text(el.shadowRoot!.querySelector('[part="history"]'))).to.not.contain('A private comment');
    expect(el.shadowRoot!.querySelector('#history-heading')!.getAttribute('aria-level')).to.equal('3');
    await expect(el).to.be.accessible();
    // Another auditor may not read the audit, so sees neither the report nor its history.
    const stranger = await testUser(['auditor'], user.tenant);
    const other = await fixture<EhcpPlanReport>(html`<ehcp-plan-report api-base="/qa" audit-id=${audit.id} show-history .token=${stranger.token}></ehcp-plan-report>`);
    for (let i = 0; i < 200 && !other.shadowRoot!.querySelector('.error'); i++) await new Promise((r) => setTimeout(r, 20));
    expect(other.shadowRoot!.querySelector('[part="history"]')).to.equal(null);
    // Without show-history, nothing is asked for.
    const plain = await fixture<EhcpPlanReport>(html`<ehcp-plan-report api-base="/qa" audit-id=${audit.id} .token=${user.token}></ehcp-plan-report>`);
    for (let i = 0; i < 200 && !plain.shadowRoot!.querySelector('[part="overall"]'); i++) await new Promise((r) => setTimeout(r, 20));
    expect(plain.shadowRoot!.querySelector('[part="history"]')).to.equal(null);
  });
});
