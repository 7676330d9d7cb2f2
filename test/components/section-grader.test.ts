import { expect, fixture, fixtureSync, html, oneEvent } from '@open-wc/testing';
import { EhcpSectionGrader, GradeChangeEvent } from 'ehcp-qa/components/section-grader';
import { testFramework } from './support/framework.js';
import { deepActiveElement, press, tabUntil, type } from './support/keys.js';

const q = <T extends Element = HTMLElement>(el: EhcpSectionGrader, selector: string) => el.shadowRoot!.querySelector<T>(selector)!;
const qa = <T extends Element = HTMLElement>(el: EhcpSectionGrader, selector: string) => [...el.shadowRoot!.querySelectorAll<T>(selector)];
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

  it('says so when the section is not in the framework', async () => {
    const { el } = await grader('Z');
    expect(q(el, '[role="alert"]').textContent).to.contain('Section "Z" is not in this framework');
    await expect(el).to.be.accessible();
  });
});
