import { expect, fixture, fixtureSync, html, oneEvent } from '@open-wc/testing';
import { EhcpSectionGrader, GradeChangeEvent } from 'ehcp-qa/components/section-grader';
import { testFramework } from './support/framework.js';
import { v2FeaturesFramework } from '../fixtures/v2-features-framework.js';
import { notApplicableReason } from '../../criteria/grading.js';
import { deepActiveElement, press, tabUntil, type } from './support/keys.js';

const q = <T extends Element = HTMLElement>(el: EhcpSectionGrader, selector: string) => el.shadowRoot!.querySelector<T>(selector)!;
const qa = <T extends Element = HTMLElement>(el: EhcpSectionGrader, selector: string) => [...el.shadowRoot!.querySelectorAll<T>(selector)];
const text = (el: Element | null) => (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
const legendTexts = (el: EhcpSectionGrader) => [...el.shadowRoot!.querySelectorAll('.level__legend')].map((l) => l.textContent!.replace(/\s+/g, ' ').trim());
const suggestionText = (el: EhcpSectionGrader) => q(el, '[part="suggestion"]').textContent!.replace(/\s+/g, ' ');
const isInput = (type: string, value?: string) => (el: Element | null) =>
  el instanceof HTMLInputElement && el.type === type && (value === undefined || el.value === value);

async function grader(sectionId = 'B', value?: object) {
  // fixtureSync: a plain wrapper would make fixture() wait for an animation frame,
  // which never comes while another test file's page has the focus.
  const wrapper = fixtureSync<HTMLDivElement>(html`<div>
    <button id="before">Before</button>
    <ehcp-section-grader .framework=${testFramework} section-id=${sectionId} .value=${value}></ehcp-section-grader>
  </div>`);
  const el = wrapper.querySelector('ehcp-section-grader')!;
  await el.updateComplete;
  return { el, before: wrapper.querySelector<HTMLButtonElement>('#before')! };
}

function recordEvents(el: EhcpSectionGrader): GradeChangeEvent[] {
  const events: GradeChangeEvent[] = [];
  el.addEventListener('ehcp-grade-change', (e) => events.push(e));
  return events;
}

describe('<ehcp-section-grader>', () => {
  it('renders the section, its purpose, criteria grouped by level with counts, and the guidance', async () => {
    const { el } = await grader('B');
    expect(el).to.be.instanceOf(EhcpSectionGrader);
    expect(q(el, '[part="title"]').textContent).to.equal('Section B: Special educational needs');
    expect(q(el, '[part="title"]').getAttribute('aria-level')).to.equal('2');
    expect(q(el, '[part="purpose"]').textContent).to.contain('Every special educational need');
    const legends = qa(el, '.level__legend').map((l) => l.textContent!.replace(/\s+/g, ' ').trim());
    expect(legends).to.deep.equal([
      'Outstanding 0/1 (0 of 1 ticked)',
      'Good 0/3 (0 of 3 ticked)',
      'Requires improvement 0/1 (0 of 1 ticked)',
      'Inadequate 0/1 (0 of 1 ticked)',
    ]);
    expect(qa(el, 'input[type=checkbox]')).to.have.length(6);
    expect(qa<HTMLInputElement>(el, 'input[type=radio]').map((r) => r.value)).to.deep.equal(['outstanding', 'good', 'requires-improvement', 'inadequate']);
    const summaries = qa(el, 'summary').map((s) => s.textContent!.trim());
    expect(summaries).to.deep.equal(['How do I choose the correct criteria?', 'What does good look like?']);
    expect(q(el, '.example').textContent).to.contain('Sam (fictional)');
    expect(q(el, '#reason')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('shows Not applicable as a grade only where the section allows it', async () => {
    const { el } = await grader('D');
    expect(qa<HTMLInputElement>(el, 'input[type=radio]').map((r) => r.value)).to.include('na');
    expect(q(el, '[data-level="na"]').textContent).to.contain('Not applicable only when');
  });

  it('shows the saved value it is given, and fires no event when code sets it', async () => {
    const { el } = await grader('B');
    const events = recordEvents(el);
    el.value = { criteriaMet: ['B.good.every-need', 'B.good.impact', 'B.good.current'], grade: 'good', comment: 'Clear and current.' };
    await el.updateComplete;
    expect(qa<HTMLInputElement>(el, 'input[type=checkbox]:checked').map((c) => c.value)).to.deep.equal(['B.good.every-need', 'B.good.impact', 'B.good.current']);
    expect(q<HTMLInputElement>(el, 'input[type=radio][value="good"]').checked).to.equal(true);
    expect(q<HTMLTextAreaElement>(el, '#comment').value).to.equal('Clear and current.');
    expect(suggestionText(el)).to.contain('Good');
    el.sectionId = 'F';
    await el.updateComplete;
    expect(events).to.have.length(0);
  });

  it('grades a section by keyboard alone: Tab, Enter, Space, arrow keys, typing', async () => {
    const { el, before } = await grader('B');
    const events = recordEvents(el);
    before.focus();

    // Enter opens the first guidance block.
    const summary = await tabUntil((a) => a?.tagName === 'SUMMARY');
    await press('Enter');
    expect((summary.parentElement as HTMLDetailsElement).open).to.equal(true);

    // Space ticks the three Good criteria; the suggestion follows live.
    await tabUntil(isInput('checkbox', 'B.good.every-need'));
    await press('Space');
    expect(suggestionText(el)).to.contain('Requires improvement');
    expect(suggestionText(el)).to.contain('1 of 3');
    await press('Tab');
    await press('Space');
    await press('Tab');
    await press('Space');
    await el.updateComplete;
    expect(suggestionText(el)).to.contain('Suggested grade: ✓Good');
    expect(q(el, '[data-level="good"] .count').textContent).to.equal('3/3');
    expect(events.at(-1)!.result.criteriaMet).to.deep.equal(['B.good.every-need', 'B.good.impact', 'B.good.current']);
    expect(events.at(-1)!.result.suggestedGrade).to.equal('good');

    // Tab into the radio group, arrow keys choose a grade.
    await tabUntil(isInput('radio'));
    await press('ArrowDown');
    await el.updateComplete;
    expect((deepActiveElement() as HTMLInputElement).value).to.equal('good');
    expect(events.at(-1)!.result.grade).to.equal('good');
    expect(events.at(-1)!.valid).to.equal(true);
    expect(q(el, '#reason')).to.equal(null);

    // A grade other than the suggestion makes the reason appear and required.
    await press('ArrowUp');
    await el.updateComplete;
    expect(events.at(-1)!.result.grade).to.equal('outstanding');
    expect(events.at(-1)!.valid).to.equal(false);
    const reason = q<HTMLTextAreaElement>(el, '#reason');
    expect(reason.required).to.equal(true);
    await press('Tab');
    expect(deepActiveElement()).to.equal(reason);
    await type('Strengths run through every need.');
    expect(events.at(-1)!.valid).to.equal(true);
    expect(events.at(-1)!.result.overrideReason).to.equal('Strengths run through every need.');

    await press('Tab');
    expect(deepActiveElement()).to.equal(q(el, '#comment'));
    await type('Good use of the advice.');
    const last = events.at(-1)!;
    expect(last).to.be.instanceOf(GradeChangeEvent);
    expect(last.bubbles && last.composed).to.equal(true);
    expect(last.result).to.deep.equal({
      sectionId: 'B',
      criteriaMet: ['B.good.every-need', 'B.good.impact', 'B.good.current'],
      grade: 'outstanding',
      suggestedGrade: 'good',
      comment: 'Good use of the advice.',
      overrideReason: 'Strengths run through every need.',
    });
    await expect(el).to.be.accessible();
  });

  it('suggests a lower grade as soon as a weakness indicator is ticked', async () => {
    const { el } = await grader('F', { criteriaMet: ['F.good.quantified', 'F.good.every-need'], grade: 'good' });
    expect(suggestionText(el)).to.contain('Good');
    const box = q<HTMLInputElement>(el, 'input[value="F.inadequate.vague"]');
    setTimeout(() => box.click());
    const event = (await oneEvent(el, 'ehcp-grade-change')) as unknown as GradeChangeEvent;
    expect(event.result.suggestedGrade).to.equal('inadequate');
    expect(event.valid).to.equal(false);
    expect(suggestionText(el)).to.contain('Inadequate');
  });

  it('is accessible partly graded, and shows the counts', async () => {
    const { el } = await grader('B', { criteriaMet: ['B.good.every-need'], grade: null });
    expect(q(el, '[data-level="good"] .count').textContent).to.equal('1/3');
    await expect(el).to.be.accessible();
  });

  it('accepts Not applicable when the NA criterion is ticked, and stays accessible', async () => {
    const { el } = await grader('D');
    q<HTMLInputElement>(el, 'input[value="D.na.no-needs"]').click();
    await el.updateComplete;
    expect(suggestionText(el)).to.contain('Not applicable');
    const radio = q<HTMLInputElement>(el, 'input[type=radio][value="na"]');
    setTimeout(() => radio.click());
    const event = (await oneEvent(el, 'ehcp-grade-change')) as unknown as GradeChangeEvent;
    expect(event.result.grade).to.equal('na');
    expect(event.valid).to.equal(true);
    expect(q(el, '#reason')).to.equal(null);
    await expect(el).to.be.accessible();
  });

  it('shows an error and moves focus to the reason when validated without one', async () => {
    const { el } = await grader('B', { criteriaMet: [], grade: 'good' });
    expect(el.valid).to.equal(false);
    expect(await el.validate()).to.equal(false);
    const reason = q<HTMLTextAreaElement>(el, '#reason');
    expect(reason.getAttribute('aria-invalid')).to.equal('true');
    expect(q(el, '#reason-error').textContent).to.contain('Enter why your grade differs');
    expect(reason.getAttribute('aria-describedby')).to.contain('reason-error');
    expect(deepActiveElement()).to.equal(reason);
    await expect(el).to.be.accessible();
  });

  it('shows comments and reasons containing HTML or script as text', async () => {
    const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    const { el } = await grader('B', { criteriaMet: [], grade: 'good', overrideReason: hostile, comment: hostile });
    expect(q<HTMLTextAreaElement>(el, '#comment').value).to.equal(hostile);
    expect(q<HTMLTextAreaElement>(el, '#reason').value).to.equal(hostile);
    expect(el.shadowRoot!.querySelector('img, script:not([type])')).to.equal(null);
    expect((window as { __pwned?: number }).__pwned).to.equal(undefined);
  });

  it('locks every field when readonly', async () => {
    const { el } = await grader('B', { criteriaMet: ['B.good.impact'], grade: 'good', overrideReason: 'x' });
    el.readonly = true;
    await el.updateComplete;
    expect(qa<HTMLInputElement>(el, 'input').every((i) => i.disabled)).to.equal(true);
    expect(q<HTMLTextAreaElement>(el, '#comment').readOnly).to.equal(true);
  });

  it('lets a host change the wording through strings', async () => {
    const { el } = await grader('B');
    el.strings = { commentLabel: 'Notes for the caseworker', sectionTitle: (id, title) => `${title} (${id})` };
    await el.updateComplete;
    expect(q(el, 'label[for="comment"]').textContent).to.equal('Notes for the caseworker');
    expect(q(el, '[part="title"]').textContent).to.equal('Special educational needs (B)');
  });

  // The criteria rows and grade radios are built once per section and cloned (section-grader.ts):
  // these check that every copy shows this element's own state, never another's.
  describe('cloned criteria rows and grade radios', () => {
    const checked = (el: EhcpSectionGrader) => qa<HTMLInputElement>(el, 'input[name="criteria"]:checked').map((c) => c.value);
    const gradeChecked = (el: EhcpSectionGrader) => qa<HTMLInputElement>(el, 'input[name="grade"]:checked').map((r) => r.value);
    const suggestedTags = (el: EhcpSectionGrader) => qa(el, '.suggested-tag').map((t) => text(t.closest('label')));
    const ids = (el: EhcpSectionGrader) => qa(el, '[id]').map((e) => e.id);

    it('ticks what each new value says, across section switches and back to a section already shown', async () => {
      const { el } = await grader('B', { criteriaMet: ['B.good.impact'], grade: 'good' });
      expect(checked(el)).to.deep.equal(['B.good.impact']);
      el.value = { criteriaMet: ['B.good.every-need', 'B.good.current'], grade: 'requires-improvement' };
      await el.updateComplete;
      expect(checked(el)).to.deep.equal(['B.good.every-need', 'B.good.current']);
      expect(gradeChecked(el)).to.deep.equal(['requires-improvement']);
      el.sectionId = 'D';
      el.value = { criteriaMet: ['D.good.described'], grade: 'good' };
      await el.updateComplete;
      expect(checked(el)).to.deep.equal(['D.good.described']);
      expect(qa<HTMLInputElement>(el, 'input[name="criteria"]').map((c) => c.value)).to.deep.equal(['D.good.described', 'D.good.advice', 'D.requires-improvement.vague', 'D.na.no-needs']);
      // Back to B with nothing ticked: the copy carries nothing over from the first visit.
      el.sectionId = 'B';
      el.value = undefined;
      await el.updateComplete;
      expect(checked(el)).to.deep.equal([]);
      expect(gradeChecked(el)).to.deep.equal([]);
      expect(legendTexts(el)).to.deep.equal(['Outstanding 0/1 (0 of 1 ticked)', 'Good 0/3 (0 of 3 ticked)', 'Requires improvement 0/1 (0 of 1 ticked)', 'Inadequate 0/1 (0 of 1 ticked)']);
      await expect(el).to.be.accessible();
    });

    it('gives two graders of one section their own boxes, labels, hints and unique ids', async () => {
      const wrapper = fixtureSync<HTMLDivElement>(html`<div>
        <ehcp-section-grader .framework=${testFramework} section-id="B" .value=${{ criteriaMet: ['B.good.impact'] }}></ehcp-section-grader>
        <ehcp-section-grader .framework=${testFramework} section-id="B"></ehcp-section-grader>
      </div>`);
      const [first, second] = [...wrapper.querySelectorAll('ehcp-section-grader')];
      await Promise.all([first!.updateComplete, second!.updateComplete]);
      expect(checked(first!)).to.deep.equal(['B.good.impact']);
      expect(checked(second!)).to.deep.equal([]);
      q<HTMLInputElement>(second!, 'input[value="B.good.current"]').click();
      await second!.updateComplete;
      expect(checked(first!)).to.deep.equal(['B.good.impact']);
      expect(checked(second!)).to.deep.equal(['B.good.current']);
      for (const el of [first!, second!]) {
        expect(new Set(ids(el)).size).to.equal(ids(el).length);
        const box = q<HTMLInputElement>(el, 'input[value="B.good.every-need"]');
        expect(q(el, `label[for="${box.id}"]`).textContent).to.equal('Every need found in the advice is described.');
        expect(q(el, `#${box.getAttribute('aria-describedby')}`).textContent).to.contain('Check against section K.');
        await expect(el).to.be.accessible();
      }
    });

    it('moves the "(suggested)" tag with the suggestion, once, and follows readonly both ways', async () => {
      const { el } = await grader('B');
      expect(suggestedTags(el)).to.have.length(1);
      q<HTMLInputElement>(el, 'input[value="B.inadequate.missing"]').click();
      await el.updateComplete;
      expect(suggestedTags(el)).to.deep.equal(['✕Inadequate (suggested grade)']);
      expect(q(el, '.suggested-tag').closest('label')!.getAttribute('for')).to.equal(q<HTMLInputElement>(el, 'input[name="grade"][value="inadequate"]').id);
      el.readonly = true;
      await el.updateComplete;
      expect(qa<HTMLInputElement>(el, 'input').every((i) => i.disabled)).to.equal(true);
      el.readonly = false;
      await el.updateComplete;
      expect(qa<HTMLInputElement>(el, 'input').some((i) => i.disabled)).to.equal(false);
      el.strings = { suggestionLabel: 'Proposed grade' };
      await el.updateComplete;
      expect(text(q(el, '.suggested-tag'))).to.equal('(proposed grade)');
    });

    it('builds the rows again for other wording and for another framework with the same section ids', async () => {
      const { el } = await grader('B');
      el.strings = { core: 'Essential' };
      await el.updateComplete;
      expect(qa(el, 'input[name="criteria"]')).to.have.length(6);
      // The same section objects in a framework object whose scale says otherwise: the radios follow it.
      el.framework = { ...testFramework, scale: { ...testFramework.scale, levels: testFramework.scale.levels.map((l) => (l.id === 'good' ? { ...l, label: 'Fine' } : l)) } };
      await el.updateComplete;
      expect(text(q(el, 'label[for="grade-1"]'))).to.contain('Fine');
      // Same section ids, other criteria: the rows come from the new framework.
      const other = structuredClone(testFramework);
      other.sections[0]!.criteria = [
        { id: 'B.good.other', level: 'good', text: 'A criterion only the other framework has.' },
        { id: 'B.inadequate.other', level: 'inadequate', text: 'Another one.' },
      ];
      el.framework = other;
      el.value = { criteriaMet: ['B.good.other'], grade: 'good' };
      await el.updateComplete;
      expect(qa<HTMLInputElement>(el, 'input[name="criteria"]').map((c) => c.value)).to.deep.equal(['B.good.other', 'B.inadequate.other']);
      expect(checked(el)).to.deep.equal(['B.good.other']);
      el.framework = testFramework;
      el.value = { criteriaMet: ['B.good.impact'] };
      await el.updateComplete;
      expect(checked(el)).to.deep.equal(['B.good.impact']);
      expect(text(q(el, 'label[for="grade-1"]'))).to.contain('Good');
    });
  });

  it('says so when the section is not in the framework', async () => {
    const { el } = await grader('Z');
    expect(q(el, '[role="alert"]').textContent).to.contain('Section "Z" is not in this framework');
    await expect(el).to.be.accessible();
  });
});

// Framework version 2 features, on a small fixture framework (test/fixtures/v2-features-framework.ts).
describe('<ehcp-section-grader> with plan facts, core criteria, nil statements and "cannot tell"', () => {
  async function v2grader(sectionId: string, { facts, value }: { facts?: Record<string, string>; value?: object } = {}) {
    const wrapper = fixtureSync<HTMLDivElement>(html`<div>
      <button id="before">Before</button>
      <ehcp-section-grader .framework=${v2FeaturesFramework} section-id=${sectionId} .facts=${facts} .value=${value}></ehcp-section-grader>
    </div>`);
    const el = wrapper.querySelector('ehcp-section-grader')!;
    await el.updateComplete;
    return { el, before: wrapper.querySelector<HTMLButtonElement>('#before')! };
  }
  const checkboxValues = (el: EhcpSectionGrader) => qa<HTMLInputElement>(el, 'input[name="criteria"]').map((c) => c.value);
  const notApplicableIds = (el: EhcpSectionGrader) => qa(el, '[part="not-applicable"] li').map((li) => li.dataset['criterion']);
  const legend = (el: EhcpSectionGrader, level: string) => q(el, `[data-level="${level}"] .level__legend`).textContent!.replace(/\s+/g, ' ').trim();

  it('marks core criteria in words, says what Good needs, and shows a glossary\'s terms in the hint', async () => {
    const { el } = await v2grader('F');
    const label = (id: string) => q(el, `[data-criterion="${id}"] label`).textContent!.replace(/\s+/g, ' ').trim();
    expect(label('F.good.every-need')).to.equal('There is provision for every need in section B. Core');
    expect(label('F.good.dated')).to.equal('The provision is dated.');
    expect(q(el, '[data-criterion="F.good.every-need"] [part="core"]').textContent).to.equal('Core');
    expect(q(el, '#core-hint').textContent).to.equal('Good needs every criterion marked Core; up to 1 of the others may be missed.');
    expect(q(el, '[data-level="good"]').getAttribute('aria-describedby')).to.equal('core-hint');
    // Weakness indicators and Outstanding criteria are never "Core".
    expect(qa(el, '[data-level="requires-improvement"] [part="core"], [data-level="outstanding"] [part="core"]')).to.have.length(0);

    const box = q<HTMLInputElement>(el, 'input[value="F.good.quantified"]');
    const hint = q(el, `#${box.getAttribute('aria-describedby')}`);
    expect(hint.textContent!.replace(/\s+/g, ' ').trim()).to.equal(
      'Look for the frequency and the length of each session. Vague wording: “access to”, “as determined by the school”, “if needed”, “regular”.');
    // A criterion with a glossary and no hint of its own gets one.
    const vague = q<HTMLInputElement>(el, 'input[value="F.requires-improvement.vague"]');
    expect(q(el, `#${vague.getAttribute('aria-describedby')}`).textContent).to.contain('“as determined by the school”');
    await expect(el).to.be.accessible();
  });

  it('leaves criteria that do not apply to the plan out of the checkboxes and the counts, listed apart with the reason', async () => {
    const { el } = await v2grader('F');
    // No facts answered: every criterion applies and nothing is listed apart.
    expect(checkboxValues(el)).to.include('F.good.adulthood');
    expect(legend(el, 'good')).to.equal('Good 0/6 (0 of 6 ticked)');
    expect(q(el, '[part="not-applicable"]')).to.equal(null);

    el.facts = { 'plan-status': 'final', 'age-band': 'reception-to-year-8' };
    await el.updateComplete;
    expect(checkboxValues(el)).not.to.include('F.good.adulthood');
    expect(legend(el, 'good')).to.equal('Good 0/5 (0 of 5 ticked)');
    const details = q<HTMLDetailsElement>(el, 'details[part="not-applicable"]');
    expect(details.open).to.equal(false);
    expect(details.querySelector('summary')!.textContent!.trim()).to.equal('Criteria that do not apply to this plan (1)');
    expect(notApplicableIds(el)).to.deep.equal(['F.good.adulthood']);
    const item = text(details.querySelector('li'));
    expect(item).to.contain('Good: Provision prepares the young person for adulthood.');
    const adulthood = v2FeaturesFramework.sections[0]!.criteria.find((c) => c.id === 'F.good.adulthood')!;
    const reason = notApplicableReason(v2FeaturesFramework, adulthood, { facts: el.facts })!;
    expect(reason).to.match(/^Applies only when .*Year 9 to Year 11 or 16 to 25\.$/);
    expect(item).to.contain(reason);
    expect(details.querySelector('input')).to.equal(null);
    expect(suggestionText(el)).to.contain('1 criterion does not apply to this plan.');
    details.open = true;
    await expect(el).to.be.accessible();
  });

  it('drops a tick on a criterion that stops applying from the result, and the suggestion follows', async () => {
    const met = ['F.good.every-need', 'F.good.quantified', 'F.good.dated', 'F.good.headings', 'F.good.adulthood', 'F.outstanding.accountable'];
    const { el } = await v2grader('F', { value: { criteriaMet: met, grade: 'outstanding' } });
    expect(el.result.criteriaMet).to.deep.equal(['F.outstanding.accountable', 'F.good.every-need', 'F.good.quantified', 'F.good.dated', 'F.good.headings', 'F.good.adulthood']);
    expect(el.suggestion!.quality).to.deep.equal({ met: 3, total: 4, mayMiss: 1 });

    el.facts = { 'age-band': 'under-5' };
    await el.updateComplete;
    expect(el.result.criteriaMet).to.deep.equal(['F.outstanding.accountable', 'F.good.every-need', 'F.good.quantified', 'F.good.dated', 'F.good.headings']);
    expect(el.suggestion!.quality).to.deep.equal({ met: 2, total: 3, mayMiss: 1 });
    expect(el.result.suggestedGrade).to.equal('outstanding');
  });

  it('shows the grading function\'s reason: core met, quality met and how many may be missed', async () => {
    const { el } = await v2grader('F', { facts: { 'age-band': 'post-16' } });
    for (const id of ['F.good.every-need', 'F.good.quantified', 'F.good.dated', 'F.good.headings', 'F.good.adulthood']) q<HTMLInputElement>(el, `input[value="${id}"]`).click();
    await el.updateComplete;
    expect(suggestionText(el)).to.contain('Suggested grade: ✓Good');
    expect(suggestionText(el)).to.contain('All 2 core criteria met; 3 of 4 quality criteria met, 1 may be missed.');
    // Missing one core criterion is Requires improvement, and the reason names it.
    q<HTMLInputElement>(el, 'input[value="F.good.every-need"]').click();
    await el.updateComplete;
    expect(suggestionText(el)).to.contain('Requires improvement');
    expect(suggestionText(el)).to.contain('1 of 2 core criteria met');
    expect(suggestionText(el)).to.contain('not met: "There is provision for every need in section B".');
    expect(q(el, '[part="suggestion"]').getAttribute('role')).to.equal('status');
  });

  it('offers "Cannot tell without the advice" for a criterion that needs the advice, exclusive with ticking it', async () => {
    const { el } = await v2grader('F');
    const events = recordEvents(el);
    // Only the needsAdvice criterion has it.
    expect(qa<HTMLInputElement>(el, 'input[name="cannotTell"]').map((i) => i.dataset['criterion'])).to.deep.equal(['F.good.advice-followed']);
    const met = q<HTMLInputElement>(el, 'input[value="F.good.advice-followed"]');
    const unsure = q<HTMLInputElement>(el, 'input[name="cannotTell"]');
    expect(q(el, `label[for="${unsure.id}"]`).textContent).to.equal('Cannot tell without the advice');
    expect(q(el, `#${unsure.getAttribute('aria-describedby')}`).textContent).to.contain('The provision matches what the advice recommends.');

    met.click();
    await el.updateComplete;
    expect(legend(el, 'good')).to.equal('Good 1/6 (1 of 6 ticked)');
    unsure.click();
    await el.updateComplete;
    expect(met.checked).to.equal(false);
    expect(unsure.checked).to.equal(true);
    // Left out of the count, and the reason says so.
    expect(legend(el, 'good')).to.equal('Good 0/5 (0 of 5 ticked)');
    expect(suggestionText(el)).to.contain('1 criterion answered "cannot tell" is left out.');
    expect(events.at(-1)!.result.cannotTell).to.deep.equal(['F.good.advice-followed']);
    expect(events.at(-1)!.result.criteriaMet).to.deep.equal([]);

    met.click();
    await el.updateComplete;
    expect(unsure.checked).to.equal(false);
    expect(events.at(-1)!.result.cannotTell).to.deep.equal([]);
    expect(events.at(-1)!.result.criteriaMet).to.deep.equal(['F.good.advice-followed']);
    await expect(el).to.be.accessible();

    // A saved "cannot tell" is shown from the value.
    el.value = { criteriaMet: [], grade: null, cannotTell: ['F.good.advice-followed'] };
    await el.updateComplete;
    expect(q<HTMLInputElement>(el, 'input[name="cannotTell"]').checked).to.equal(true);
    expect(el.result.cannotTell).to.deep.equal(['F.good.advice-followed']);
  });

  it('asks the nil-statement question first, by keyboard; the answer decides which criteria apply and is in the result', async () => {
    const { el, before } = await v2grader('G');
    const events = recordEvents(el);
    const nil = q(el, 'fieldset[part="nil-statement"]');
    expect(text(nil.querySelector('legend'))).to.equal('Does this section say the child has no health needs related to their SEN?');
    expect(nil.getAttribute('aria-describedby')).to.equal('nil-hint');
    expect(q(el, '#nil-hint').textContent).to.contain('Your answer decides which criteria apply to this section.');
    // It comes before the criteria.
    expect(nil.compareDocumentPosition(q(el, '[part="criteria"]')) & Node.DOCUMENT_POSITION_FOLLOWING).to.not.equal(0);
    // Unanswered: the section describes provision, so the content criteria apply.
    expect(checkboxValues(el)).to.include('G.good.every-need');
    expect(checkboxValues(el)).not.to.include('G.good.nil-clear');
    expect(el.result).not.to.have.property('nilStatement');

    before.focus();
    await tabUntil((a) => a?.tagName === 'SUMMARY');
    await tabUntil(isInput('radio'));
    expect((deepActiveElement() as HTMLInputElement).name).to.equal('nilStatement');
    await press('Space');
    await el.updateComplete;
    expect((deepActiveElement() as HTMLInputElement).value).to.equal('yes');
    expect(events.at(-1)!.result.nilStatement).to.equal(true);
    expect(checkboxValues(el)).to.deep.equal(['G.good.nil-clear', 'G.good.nil-advice', 'G.good.nil-review', 'G.requires-improvement.bare', 'G.inadequate.contradicted']);
    expect(notApplicableIds(el)).to.deep.equal(['G.outstanding.joined-up', 'G.good.every-need', 'G.good.commissioner', 'G.good.dated', 'G.requires-improvement.undated']);
    expect(text(q(el, '[part="not-applicable"] li'))).to.contain('Applies only when the section describes needs or provision.');

    // Tick the two core nil-statement criteria by keyboard: Good.
    await tabUntil(isInput('checkbox', 'G.good.nil-clear'));
    await press('Space');
    await press('Tab');
    await press('Space');
    await el.updateComplete;
    expect(suggestionText(el)).to.contain('Suggested grade: ✓Good');
    expect(suggestionText(el)).to.contain('All 2 core criteria met; 0 of 1 quality criterion met, 1 may be missed.');
    expect(events.at(-1)!.result.criteriaMet).to.deep.equal(['G.good.nil-clear', 'G.good.nil-advice']);
    await expect(el).to.be.accessible();

    // Back to "No": the nil-statement ticks leave the result (and come back with "Yes").
    q<HTMLInputElement>(el, '#nil-no').click();
    await el.updateComplete;
    expect(events.at(-1)!.result.nilStatement).to.equal(false);
    expect(events.at(-1)!.result.criteriaMet).to.deep.equal([]);
    expect(checkboxValues(el)).to.include('G.good.every-need');
    q<HTMLInputElement>(el, '#nil-yes').click();
    await el.updateComplete;
    expect(events.at(-1)!.result.criteriaMet).to.deep.equal(['G.good.nil-clear', 'G.good.nil-advice']);
  });

  it('shows a saved nil-statement answer from the value, and Not applicable only where the facts allow it', async () => {
    const { el } = await v2grader('G', { value: { criteriaMet: ['G.good.nil-clear'], grade: null, nilStatement: true } });
    expect(q<HTMLInputElement>(el, '#nil-yes').checked).to.equal(true);
    expect(q<HTMLInputElement>(el, 'input[value="G.good.nil-clear"]').checked).to.equal(true);

    const draft = await v2grader('I', { facts: { 'plan-status': 'draft' } });
    expect(checkboxValues(draft.el)).to.deep.equal(['I.inadequate.draft-names-school', 'I.na.draft-blank']);
    expect(text(q(draft.el, '[data-level="na"]'))).to.contain('Not applicable only when');
    q<HTMLInputElement>(draft.el, 'input[value="I.na.draft-blank"]').click();
    await draft.el.updateComplete;
    expect(suggestionText(draft.el)).to.contain('Not applicable');
    await expect(draft.el).to.be.accessible();

    const final = await v2grader('I', { facts: { 'plan-status': 'final' } });
    expect(checkboxValues(final.el)).to.deep.equal(['I.good.named', 'I.good.start-date']);
    expect(final.el.shadowRoot!.querySelector('[data-level="na"]')).to.equal(null);
    expect(notApplicableIds(final.el)).to.deep.equal(['I.na.draft-blank', 'I.inadequate.draft-names-school']);
  });

  it('takes the facts as a JSON attribute, and ignores an attribute that is not JSON of strings', async () => {
    const el = await fixture<EhcpSectionGrader>(html`<ehcp-section-grader section-id="F" facts='{"age-band":"under-5"}'></ehcp-section-grader>`);
    el.framework = v2FeaturesFramework;
    await el.updateComplete;
    expect(el.facts).to.deep.equal({ 'age-band': 'under-5' });
    expect(notApplicableIds(el)).to.deep.equal(['F.good.adulthood']);
    el.setAttribute('facts', 'not json');
    await el.updateComplete;
    expect(el.facts).to.equal(undefined);
    expect(el.shadowRoot!.querySelector('[part="not-applicable"]')).to.equal(null);
  });

  it('locks the nil-statement answer and "cannot tell" when readonly', async () => {
    const { el } = await v2grader('G', { value: { criteriaMet: [], grade: null, nilStatement: false } });
    el.readonly = true;
    await el.updateComplete;
    expect(qa<HTMLInputElement>(el, 'input').every((i) => i.disabled)).to.equal(true);
    const f = await v2grader('F');
    f.el.readonly = true;
    await f.el.updateComplete;
    expect(q<HTMLInputElement>(f.el, 'input[name="cannotTell"]').disabled).to.equal(true);
  });
});
