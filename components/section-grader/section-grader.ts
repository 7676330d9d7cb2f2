import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { guard } from 'lit/directives/guard.js';
import {
  allowedGrades, findSection, gradeLabel, needsOverrideReason, notApplicableReason, suggestSectionGrade,
  type GradingContext, type SectionSuggestion,
} from '../../criteria/grading.js';
import { NOT_APPLICABLE } from '../../criteria/constants.js';
import { frameworkSubject } from '../../criteria/constants.js';
import type { Criterion, Framework, Section, SectionResult } from '../../criteria/schema.js';
import { gradeBadge, gradeColour, gradeIcon } from '../shared/grade.js';
import { gradeStyle } from '../shared/tokens.js';
import { factsAttributeConverter, type PlanFactValues } from '../shared/facts.js';
import { mergeStrings } from '../shared/strings.js';
import { bareSectionTitle, sectionWord } from '../shared/section-title.js';
import { sectionGraderStrings, type SectionGraderStrings } from './section-grader.strings.js';
import styles from './section-grader.styles.js';

/** A section's saved input as the grader accepts it (the adapter stores empty text as null). */
export interface SectionValue {
  criteriaMet?: readonly string[];
  grade?: string | null;
  overrideReason?: string | null;
  comment?: string | null;
  /** Criteria answered "Cannot tell without the advice" (only criteria the framework marks `needsAdvice`). */
  cannotTell?: readonly string[];
  /** The answer to the section's nil-statement question, where it has one. */
  nilStatement?: boolean | null;
}

/** Built levels of criteria, by section, wording overrides (the `strings` object, or none) and the criteria that apply. */
const levelTemplates = new WeakMap<Section, WeakMap<object, Map<string, { framework: Framework; levels: DocumentFragment }>>>();
const defaultWording = {};

/**
 * The section's criteria grouped by level (each level a fieldset with its legend, its
 * hints and a row per criterion: checkbox, label, hint, "cannot tell"), built with the
 * DOM once per section, wording and set of applicable criteria. Never shown itself: the
 * element deep-clones it natively (far cheaper than template instances) or updates the
 * levels on screen to match it. Boxes unticked and enabled, counts empty: `updated()`
 * sets them.
 */
function criteriaLevels(framework: Framework, section: Section, applicable: readonly Criterion[], key: string,
  s: SectionGraderStrings, overrides: object | undefined): DocumentFragment {
  let byWording = levelTemplates.get(section);
  if (!byWording) levelTemplates.set(section, (byWording = new WeakMap()));
  const wording = overrides ?? defaultWording;
  let byApplicable = byWording.get(wording);
  if (!byApplicable) byWording.set(wording, (byApplicable = new Map()));
  let template = byApplicable.get(key);
  if (template?.framework !== framework) {
    // Labels and glossaries are the framework's: a section reused in another framework object gets its own copy.
    template = { framework, levels: document.createDocumentFragment() };
    const levels = [...framework.scale.levels.map((l) => l.id), NOT_APPLICABLE].filter((id) => applicable.some((c) => c.level === id));
    for (const levelId of levels) {
      const criteria = applicable.filter((c) => c.level === levelId);
      const coreHint = levelId === framework.scale.expected && section.qualityMayMiss !== undefined && criteria.some((c) => c.core);
      // The counts are filled in by updated(): "met/total" for the eye, "(met of total ticked)" for screen readers.
      const level = element('fieldset', { class: 'level', part: 'level', 'data-level': levelId, ...(coreHint ? { 'aria-describedby': 'core-hint' } : {}) },
        element('legend', { class: 'level__legend' }, gradeLabel(framework, levelId), ' ',
          element('span', { class: 'count', 'aria-hidden': 'true' }), ' ', element('span', { class: 'visually-hidden' })));
      if (coreHint) level.append(element('p', { id: 'core-hint', class: 'hint' }, s.coreQualityHint(gradeLabel(framework, levelId), section.qualityMayMiss!)));
      if (levelId === NOT_APPLICABLE && section.notApplicableWhen) level.append(element('p', { class: 'hint' }, `${s.notApplicableWhen} ${section.notApplicableWhen}`));
      for (const criterion of criteria) level.append(criterionRow(framework, section, criterion, s));
      template.levels.append(level);
    }
    byApplicable.set(key, template);
  }
  return template.levels;
}

/**
 * Makes `into` look like `from` (attributes, text, children), reusing `into`'s nodes where
 * the element names match and replacing them with `from`'s where they do not.
 */
function morph(into: Element, from: Element): void {
  for (const { name } of [...into.attributes]) if (!from.hasAttribute(name)) into.removeAttribute(name);
  for (const { name, value } of from.attributes) if (into.getAttribute(name) !== value) into.setAttribute(name, value);
  let at = into.firstChild;
  for (let next = from.firstChild; next; ) {
    const source = next;
    next = next.nextSibling;
    if (at && at.nodeType === source.nodeType && at.nodeName === source.nodeName) {
      if (at instanceof Element) morph(at, source as Element);
      else if (at.nodeValue !== source.nodeValue) at.nodeValue = source.nodeValue;
      at = at.nextSibling;
    } else into.insertBefore(source.cloneNode(true), at);
  }
  while (at) {
    const extra = at;
    at = at.nextSibling;
    extra.remove();
  }
}

/** Sets an element's text only when it differs (no needless layout). */
function setText(node: Element, text: string): void {
  if (node.textContent !== text) node.textContent = text;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string>, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  el.append(...children);
  return el;
}

/** One criterion: its checkbox and label, its hint and glossary terms, and "cannot tell" where it needs the advice. */
function criterionRow(framework: Framework, section: Section, criterion: Criterion, s: SectionGraderStrings): HTMLElement {
  const id = `criterion-${section.criteria.indexOf(criterion)}`;
  const glossary = criterion.glossary ? framework.glossaries?.find((g) => g.id === criterion.glossary) : undefined;
  const hasHint = !!(criterion.hint || glossary);
  const box = element('input', { type: 'checkbox', id, name: 'criteria', value: criterion.id, ...(hasHint ? { 'aria-describedby': `${id}-hint` } : {}) });
  const label = element('label', { for: id, id: `${id}-label` }, criterion.text);
  if (criterion.core && section.qualityMayMiss !== undefined) label.append(' ', element('span', { class: 'tag', part: 'core' }, s.core));
  const row = element('div', { class: 'checkbox', 'data-criterion': criterion.id }, box, label);
  if (hasHint) {
    const hint = element('div', { id: `${id}-hint`, class: 'hint checkbox__hint' });
    if (criterion.hint) hint.append(element('span', {}, criterion.hint));
    if (criterion.hint && glossary) hint.append(' ');
    if (glossary) hint.append(element('span', { class: 'glossary' }, s.glossaryTerms(glossary.label, glossary.terms)));
    row.append(hint);
  }
  if (criterion.needsAdvice) {
    row.append(element('div', { class: 'checkbox checkbox--nested' },
      element('input', { type: 'checkbox', id: `${id}-cannot-tell`, name: 'cannotTell', 'data-criterion': criterion.id, 'aria-describedby': `${id}-label` }),
      element('label', { for: `${id}-cannot-tell` }, s.cannotTell)));
  }
  return row;
}

const radioTemplates = new WeakMap<Framework, Map<string, DocumentFragment>>();

/**
 * The grade radios (one per allowed grade, with its badge), built once per framework and
 * list of grades and cloned: unchecked, enabled, no "suggested" tag. Sections with the
 * same grades share them, so switching section keeps the radios on screen.
 */
function gradeRadios(framework: Framework, grades: readonly string[]): DocumentFragment {
  let byGrades = radioTemplates.get(framework);
  if (!byGrades) radioTemplates.set(framework, (byGrades = new Map()));
  const key = grades.join(' ');
  let radios = byGrades.get(key);
  if (!radios) {
    radios = document.createDocumentFragment();
    grades.forEach((gradeId, index) => {
      radios!.append(element('div', { class: 'radio' },
        element('input', { type: 'radio', id: `grade-${index}`, name: 'grade', value: gradeId }),
        element('label', { for: `grade-${index}` }, gradeBadgeElement(framework, gradeId, 'badge'))));
    });
    byGrades.set(key, radios);
  }
  return radios.cloneNode(true) as DocumentFragment;
}

/** The same badge as `gradeBadge` (shared/grade.ts), built with the DOM for the cloned radios; here so that the first load of <ehcp-audit> does not carry it. */
function gradeBadgeElement(framework: Pick<Framework, 'scale'>, grade: string, part = 'grade'): HTMLSpanElement {
  const badge = document.createElement('span');
  badge.className = 'grade';
  badge.setAttribute('part', part);
  badge.dataset['grade'] = grade;
  badge.setAttribute('style', gradeStyle(gradeColour(framework, grade)));
  const icon = document.createElement('span');
  icon.className = 'grade__icon';
  icon.setAttribute('aria-hidden', 'true');
  icon.textContent = gradeIcon(framework, grade);
  badge.append(icon, gradeLabel(framework, grade));
  return badge;
}

/** Fired when the user changes anything in the section (never when code sets `value`). */
export class GradeChangeEvent extends Event {
  static readonly eventName = 'ehcp-grade-change';
  constructor(
    /** The section as it now stands, with the suggestion computed from the ticked criteria. */
    readonly result: SectionResult,
    /** False while a required reason is missing. */
    readonly valid: boolean,
  ) {
    super(GradeChangeEvent.eventName, { bubbles: true, composed: true });
  }
}

/**
 * One section of one audit: the criteria as checkboxes grouped by level, the
 * suggested grade updating live, the grade choice, a reason when the grade differs
 * from the suggestion, a comment, and guidance. Works from properties alone, so a
 * vendor can keep the result in its own database.
 *
 * With a framework that has them (version 2): the section's nil-statement question is
 * asked first; criteria that do not apply to the plan (from `facts` and that answer)
 * are listed apart with the reason and cannot be ticked; core criteria say "Core";
 * criteria that need the advice offer "Cannot tell without the advice"; a criterion
 * that refers to a glossary shows its terms.
 *
 * @summary Grades one section of an EHC plan against the framework's criteria.
 *
 * @event ehcp-grade-change - {GradeChangeEvent} The user changed a criterion, the grade, the reason or the comment. `event.result` is the new section result, `event.valid` is false while a required reason is missing.
 *
 * @csspart base - The whole section.
 * @csspart title - The section heading.
 * @csspart purpose - The statutory purpose under the heading.
 * @csspart guidance - Each expandable guidance block.
 * @csspart nil-statement - The nil-statement question (yes/no), where the section has one.
 * @csspart criteria - The group of criteria checkboxes.
 * @csspart core - The "Core" tag of a core criterion.
 * @csspart not-applicable - The collapsed list of criteria that do not apply to this plan.
 * @csspart level - One level's group of criteria.
 * @csspart suggestion - The live suggested grade.
 * @csspart grade - The grade radio group.
 * @csspart reason - The override reason field (with its label and error).
 * @csspart comment - The comment field.
 * @csspart badge - A grade badge.
 *
 * @cssproperty [--ehcp-font-family='GDS Transport', arial, sans-serif] - Typeface.
 * @cssproperty [--ehcp-colour-text=#0b0c0c] - Text colour.
 * @cssproperty [--ehcp-colour-focus=#ffdd00] - Focus highlight.
 * @cssproperty [--ehcp-colour-error=#d4351c] - Error colour (always with a text message).
 * @cssproperty [--ehcp-colour-panel=#f3f2f1] - Background of the suggestion and guidance panels.
 * @cssproperty --ehcp-grade-<colour> - Background of a grade badge; `<colour>` is the scale level's `colour` (for example `--ehcp-grade-good`). `--ehcp-grade-<colour>-text` is its text colour.
 */
@customElement('ehcp-section-grader')
export class EhcpSectionGrader extends LitElement {
  static override styles = styles;

  @state() private criteriaMet = new Set<string>();
  @state() private cannotTell = new Set<string>();
  @state() private nilStatement: boolean | undefined = undefined;
  @state() private grade: string | null = null;
  @state() private overrideReason = '';
  @state() private comment = '';
  @state() private showErrors = false;

  /**
   * The quality framework (as served by the adapter at `GET /frameworks/{id}/versions/{version}`).
   * Treated as immutable: the element keeps DOM built from its sections, so give a new
   * object (with new section objects) rather than changing this one in place.
   */
  @property({ attribute: false }) framework?: Framework;
  /**
   * The plan's facts (fact id → option id), as the audit records them: they decide which
   * criteria apply. An unanswered fact counts as "applies". As an attribute: JSON.
   */
  @property({ attribute: 'facts', converter: factsAttributeConverter }) facts?: PlanFactValues;
  /** Which section of the framework to grade, for example `F`. */
  @property({ attribute: 'section-id' }) sectionId = '';
  /** The saved section to show. Setting it replaces the user's input and fires no event. */
  @property({ attribute: false }) value?: SectionValue;
  /** Shows the section without letting the user change it (a completed audit). */
  @property({ type: Boolean, reflect: true }) readonly = false;
  /** Hides the guidance blocks. */
  @property({ type: Boolean, attribute: 'no-guidance' }) noGuidance = false;
  /** Heading level of the section title (2 to 6). */
  @property({ type: Number, attribute: 'heading-level' }) headingLevel = 2;
  /** Wording overrides; see `sectionGraderStrings` for every key. */
  @property({ attribute: false }) strings?: Partial<SectionGraderStrings>;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('value') || changed.has('sectionId')) {
      const value = this.value ?? {};
      this.criteriaMet = new Set(value.criteriaMet ?? []);
      this.cannotTell = new Set(value.cannotTell ?? []);
      this.nilStatement = value.nilStatement ?? undefined;
      this.grade = value.grade ?? null;
      this.overrideReason = value.overrideReason ?? '';
      this.comment = value.comment ?? '';
      this.showErrors = false;
    }
  }

  /**
   * The criteria levels and the grade radios are cloned DOM (see `criteriaLevels` and
   * `gradeRadios`), not template bindings: after each update, their ticks, `disabled`,
   * counts and the "(suggested)" tag are set from the state here.
   */
  protected override updated(): void {
    const boxes = this.renderRoot.querySelectorAll<HTMLInputElement>('.level input');
    const readonly = this.readonly;
    for (const box of boxes) {
      const id = box.name === 'criteria' ? box.value : box.dataset['criterion']!;
      box.checked = box.name === 'criteria' ? this.criteriaMet.has(id) : this.cannotTell.has(id) && !this.criteriaMet.has(id);
      box.disabled = readonly;
    }
    if (this.rendered) {
      const { suggestion, s } = this.rendered;
      for (const level of this.renderRoot.querySelectorAll<HTMLElement>('.level')) {
        const { met, total } = suggestion.metByLevel[level.dataset['level']!] ?? { met: 0, total: 0 };
        const [count, spoken] = level.querySelectorAll('.level__legend > span');
        setText(count!, `${met}/${total}`);
        setText(spoken!, `(${s.levelCount(met, total)})`);
      }
    }
    const suggested = this.rendered?.suggestion.grade;
    let tagged: HTMLLabelElement | undefined;
    for (const radio of this.renderRoot.querySelectorAll<HTMLInputElement>('.grades input')) {
      radio.checked = this.grade === radio.value;
      radio.disabled = readonly;
      if (radio.value === suggested) tagged = radio.nextElementSibling as HTMLLabelElement;
    }
    // The suggested grade's label ends with " (suggested)".
    const tag = (this.suggestedTag ??= [document.createTextNode(' '), element('span', { class: 'suggested-tag' })]);
    if (tagged) {
      tag[1].textContent = `(${this.rendered!.s.suggestionLabel.toLowerCase()})`;
      if (tag[1].parentNode !== tagged) tagged.append(...tag);
    } else tag.forEach((node) => node.remove());
  }

  private suggestedTag?: [Text, HTMLSpanElement];
  /** What the last render computed, for `updated()`: the suggestion and the wording. */
  private rendered?: { suggestion: SectionSuggestion; s: SectionGraderStrings };

  /** The section definition in the framework, or undefined. */
  get section(): Section | undefined {
    return this.framework ? findSection(this.framework, this.sectionId) : undefined;
  }

  /** What decides which criteria apply and count: the facts, the nil-statement answer, "cannot tell". */
  private get context(): GradingContext {
    return { facts: this.facts, nilStatement: this.nilStatement, cannotTell: this.cannotTell };
  }

  private applies(criterion: Criterion): boolean {
    return !this.framework || notApplicableReason(this.framework, criterion, this.context) === null;
  }

  /** Applicable criteria of the section whose ids are in `ids`, in criteria order (ticks on criteria that no longer apply are left out). */
  private applicableIn(section: Section, ids: ReadonlySet<string>): string[] {
    return section.criteria.filter((c) => ids.has(c.id) && this.applies(c)).map((c) => c.id);
  }

  /** The suggestion from the ticked criteria, or undefined without a framework. */
  get suggestion(): SectionSuggestion | undefined {
    const section = this.section;
    if (!this.framework || !section) return undefined;
    return suggestSectionGrade(this.framework, section, this.applicableIn(section, this.criteriaMet), this.context);
  }

  /** Whether the chosen grade differs from the suggestion, so a reason is required. */
  get reasonRequired(): boolean {
    const suggestion = this.suggestion;
    return !!suggestion && needsOverrideReason(suggestion.grade, this.grade);
  }

  /** True when nothing required is missing (a reason where the grade differs from the suggestion). */
  get valid(): boolean {
    return !this.reasonRequired || !this.reasonMissing();
  }

  /** Whether the override reason is empty (blank counts as empty). */
  private reasonMissing(): boolean {
    return this.overrideReason.trim().length === 0;
  }

  /** The section as it now stands, in criteria order. */
  get result(): SectionResult {
    const section = this.section;
    const criteriaMet = section ? this.applicableIn(section, this.criteriaMet) : [...this.criteriaMet];
    const result: SectionResult = {
      sectionId: this.sectionId,
      criteriaMet,
      grade: this.grade,
      suggestedGrade: this.suggestion?.grade ?? '',
      comment: this.comment,
    };
    if (this.reasonRequired) result.overrideReason = this.overrideReason;
    if (section?.criteria.some((c) => c.needsAdvice)) {
      const met = new Set(criteriaMet);
      result.cannotTell = this.applicableIn(section, this.cannotTell).filter((id) => !met.has(id));
    }
    if (section?.nilStatement && this.nilStatement !== undefined) result.nilStatement = this.nilStatement;
    return result;
  }

  /** Shows any error and moves focus to the first field in error. Returns whether the section is valid. */
  async validate(): Promise<boolean> {
    this.showErrors = true;
    await this.updateComplete;
    if (!this.valid) this.renderRoot.querySelector<HTMLTextAreaElement>('#reason')?.focus();
    return this.valid;
  }

  /** Moves focus to the section heading (used when a host opens the section). */
  focusHeading(): void {
    this.renderRoot.querySelector<HTMLElement>('#title')?.focus();
  }

  /**
   * Ticks or unticks a criterion as if the user had, and fires `ehcp-grade-change`. For
   * a host acting on the user's explicit choice (for example accepting a proposal);
   * criteria that do not apply, and unknown ids, are ignored. Returns whether it changed.
   */
  setCriterion(criterionId: string, met: boolean): boolean {
    const section = this.section;
    const criterion = section?.criteria.find((c) => c.id === criterionId);
    if (!criterion || this.readonly || !this.applies(criterion) || this.criteriaMet.has(criterionId) === met) return false;
    const next = new Set(this.criteriaMet);
    if (met) next.add(criterionId);
    else next.delete(criterionId);
    this.criteriaMet = next;
    if (met && this.cannotTell.has(criterionId)) {
      const unsure = new Set(this.cannotTell);
      unsure.delete(criterionId);
      this.cannotTell = unsure;
    }
    this.emitChange();
    return true;
  }

  private emitChange(): void {
    const event = new GradeChangeEvent(this.result, this.valid);
    this.dispatchEvent(event);
  }

  private onCriteriaChange(event: Event): void {
    const name = (event.target as HTMLInputElement).name;
    if (name === 'criteria') this.onCriterion(event);
    else if (name === 'cannotTell') this.onCannotTell(event);
  }

  private onCriterion(event: Event): void {
    const input = event.target as HTMLInputElement;
    const next = new Set(this.criteriaMet);
    if (input.checked) next.add(input.value);
    else next.delete(input.value);
    this.criteriaMet = next;
    // Met and "cannot tell" exclude each other.
    if (input.checked && this.cannotTell.has(input.value)) {
      const unsure = new Set(this.cannotTell);
      unsure.delete(input.value);
      this.cannotTell = unsure;
    }
    this.emitChange();
  }

  private onCannotTell(event: Event): void {
    const input = event.target as HTMLInputElement;
    const id = input.dataset['criterion']!;
    const next = new Set(this.cannotTell);
    if (input.checked) next.add(id);
    else next.delete(id);
    this.cannotTell = next;
    if (input.checked && this.criteriaMet.has(id)) {
      const met = new Set(this.criteriaMet);
      met.delete(id);
      this.criteriaMet = met;
    }
    this.emitChange();
  }

  private onNilStatement(event: Event): void {
    this.nilStatement = (event.target as HTMLInputElement).value === 'yes';
    this.emitChange();
  }

  private onGrade(event: Event): void {
    this.grade = (event.target as HTMLInputElement).value;
    this.emitChange();
  }

  private onReason(event: Event): void {
    this.overrideReason = (event.target as HTMLTextAreaElement).value;
    this.emitChange();
  }

  private onComment(event: Event): void {
    this.comment = (event.target as HTMLTextAreaElement).value;
    this.emitChange();
  }

  private heading(content: TemplateResult | string): TemplateResult {
    const level = Math.min(6, Math.max(2, Math.trunc(this.headingLevel) || 2));
    // aria-level keeps the outline right whatever level the host asks for.
    return html`<div id="title" class="title" part="title" role="heading" aria-level=${level} tabindex="-1">${content}</div>`;
  }

  private renderNilStatement(section: Section, s: SectionGraderStrings): TemplateResult | typeof nothing {
    const question = section.nilStatement;
    if (!question) return nothing;
    const options = [{ value: 'yes', label: s.yes, checked: this.nilStatement === true }, { value: 'no', label: s.no, checked: this.nilStatement === false }];
    return html`<fieldset class="nil-statement" part="nil-statement" aria-describedby="nil-hint">
      <legend class="legend">${question.question}</legend>
      <p id="nil-hint" class="hint">${question.hint ? html`${question.hint} ` : nothing}${s.nilStatementHint}</p>
      <div class="radios radios--inline">
        ${options.map((o) => html`<div class="radio">
          <input type="radio" id="nil-${o.value}" name="nilStatement" .value=${o.value} .checked=${o.checked}
            ?disabled=${this.readonly} @change=${this.onNilStatement} />
          <label for="nil-${o.value}">${o.label}</label>
        </div>`)}
      </div>
    </fieldset>`;
  }

  /** The levels on screen (see `levels`), and the fragment last given to the template. */
  private shownLevels: { fragment: DocumentFragment; nodes: Element[] } | undefined;

  /**
   * Puts a copy of the built levels on screen. When levels are already on screen (a
   * section switch), they are updated in place to match, as a template would reuse its
   * DOM, which costs less style and layout than replacing them.
   */
  private levels(built: DocumentFragment): DocumentFragment {
    const shown = this.shownLevels;
    const nodes = [...built.children];
    if (shown && shown.nodes.length && shown.nodes.every((n) => n.getRootNode() === this.renderRoot)) {
      const kept: Element[] = [];
      nodes.forEach((node, i) => {
        const old = shown.nodes[i];
        if (old) morph(old, node);
        else kept[i - 1]!.after(node.cloneNode(true));
        kept.push(old ?? (kept[i - 1]!.nextElementSibling as Element));
      });
      for (const old of shown.nodes.slice(nodes.length)) old.remove();
      shown.nodes = kept;
      return shown.fragment; // the template already holds it: nothing to insert
    }
    const copy = built.cloneNode(true) as DocumentFragment;
    this.shownLevels = { fragment: copy, nodes: [...copy.children] };
    return copy;
  }

  private renderCriteria(framework: Framework, section: Section, s: SectionGraderStrings): TemplateResult {
    const applicable = section.criteria.filter((c) => this.applies(c));
    // Names the set of criteria that apply ('' when all do): the guard's key and the key of the built levels.
    const applicableKey = applicable.length === section.criteria.length ? '' : applicable.map((c) => c.id).join(' ');
    // One listener for every checkbox of the section (criteria and "cannot tell"), not one each.
    // The levels are cloned (see criteriaLevels); their counts and ticks are set in updated().
    return html`<fieldset class="criteria" part="criteria" aria-describedby="criteria-hint" @change=${this.onCriteriaChange}>
      <legend class="legend">${s.criteriaLegend}</legend>
      <p id="criteria-hint" class="hint">${this.subjectText(s.criteriaHint, s.criteriaHintReview, s.criteriaHintAdvice)}</p>
      ${guard([framework, section, applicableKey, this.strings], () => this.levels(criteriaLevels(framework, section, applicable, applicableKey, s, this.strings)))}
    </fieldset>`;
  }

  private renderNotApplicable(framework: Framework, section: Section, suggestion: SectionSuggestion, s: SectionGraderStrings): TemplateResult | typeof nothing {
    if (suggestion.notApplicable.length === 0) return nothing;
    const byId = new Map(section.criteria.map((c) => [c.id, c]));
    return html`<details class="not-applicable" part="not-applicable">
      <summary><span class="summary-text">${s.notApplicableSummary(suggestion.notApplicable.length, this.subjectText('plan', 'review', 'advice'))}</span></summary>
      <div class="details-text">
        <p class="hint">${s.notApplicableIntro}</p>
        <ul class="not-applicable__list">
          ${suggestion.notApplicable.map(({ id, reason }) => {
            const criterion = byId.get(id)!;
            return html`<li data-criterion=${id}>
              <span class="not-applicable__level">${gradeLabel(framework, criterion.level)}${criterion.core && section.qualityMayMiss !== undefined ? html`, ${s.core}` : nothing}:</span>
              ${criterion.text}
              <span class="not-applicable__reason">${reason}</span>
            </li>`;
          })}
        </ul>
      </div>
    </details>`;
  }

  private renderGrades(framework: Framework, section: Section, s: SectionGraderStrings): TemplateResult {
    const grades = allowedGrades(framework, section);
    // One listener for the radios; the radios themselves are cloned (see gradeRadios) and set in updated().
    return html`<fieldset class="grades" part="grade" aria-describedby="grade-hint">
      <legend class="legend">${s.gradeLegend}</legend>
      <p id="grade-hint" class="hint">${s.gradeHint}</p>
      <div class="radios" @change=${this.onGrade}>${guard([framework, grades.join(' ')], () => gradeRadios(framework, grades))}</div>
    </fieldset>`;
  }

  private renderReason(s: SectionGraderStrings, suggestion: SectionSuggestion): TemplateResult | typeof nothing {
    // From the suggestion render() already has (the same test as `reasonRequired` and `valid`).
    if (!needsOverrideReason(suggestion.grade, this.grade)) return nothing;
    const error = this.showErrors && this.reasonMissing();
    return html`<div class="form-group ${error ? 'form-group--error' : ''}" part="reason">
      <label class="label" for="reason">${s.reasonLabel}</label>
      <div id="reason-hint" class="hint">${s.reasonHint}</div>
      ${error ? html`<p id="reason-error" class="error-message"><span class="visually-hidden">${s.errorPrefix}</span> ${s.reasonMissing}</p>` : nothing}
      <textarea id="reason" name="overrideReason" rows="3" required aria-required="true" ?readonly=${this.readonly}
        aria-invalid=${error ? 'true' : 'false'} aria-describedby=${error ? 'reason-hint reason-error' : 'reason-hint'}
        .value=${this.overrideReason} @input=${this.onReason}></textarea>
    </div>`;
  }

  private renderGuidance(section: Section, s: SectionGraderStrings): TemplateResult | typeof nothing {
    if (this.noGuidance) return nothing;
    return html`<div class="guidance">
      <details part="guidance">
        <summary><span class="summary-text">${s.guidanceChoosing}</span></summary>
        <div class="details-text"><p>${section.guidance.choosing}</p></div>
      </details>
      <details part="guidance">
        <summary><span class="summary-text">${s.guidanceGood}</span></summary>
        <div class="details-text">
          <p>${section.guidance.goodLooksLike}</p>
          <p class="example-label">${s.guidanceExample}</p>
          <blockquote class="example">${section.guidance.example}</blockquote>
        </div>
      </details>
    </div>`;
  }

  /** Wording for what the framework audits: a plan, an annual review or advice. */
  private subjectText(plan: string, review: string, advice: string): string {
    const subject = this.framework ? frameworkSubject(this.framework) : 'plan';
    return subject === 'annual-review' ? review : subject === 'advice' ? advice : plan;
  }

  override render(): TemplateResult {
    const s = mergeStrings(sectionGraderStrings, this.strings);
    const framework = this.framework;
    this.rendered = undefined;
    if (!framework) return html`<p class="hint" part="base">${s.noFramework}</p>`;
    const section = this.section;
    if (!section) return html`<p class="error-message" part="base" role="alert">${s.unknownSection(this.sectionId)}</p>`;
    const suggestion = this.suggestion!;
    this.rendered = { suggestion, s };
    return html`<section class="base" part="base" aria-labelledby="title">
      ${this.heading(s.sectionTitle(section.id, bareSectionTitle(section), sectionWord(framework)))}
      <p class="purpose" part="purpose">${section.purpose}</p>
      ${this.renderGuidance(section, s)}
      ${this.renderNilStatement(section, s)}
      ${this.renderCriteria(framework, section, s)}
      ${this.renderNotApplicable(framework, section, suggestion, s)}
      <div class="suggestion" part="suggestion" role="status" aria-live="polite">
        <span class="suggestion__label">${s.suggestionLabel}:</span> ${gradeBadge(framework, suggestion.grade, 'badge')}
        <span class="suggestion__reason">${suggestion.reason}${suggestion.notApplicable.length
          ? html` ${s.notApplicableNote(suggestion.notApplicable.length, this.subjectText('plan', 'review', 'advice'))}` : nothing}</span>
      </div>
      ${this.renderGrades(framework, section, s)}
      ${this.renderReason(s, suggestion)}
      <div class="form-group" part="comment">
        <label class="label" for="comment">${s.commentLabel}</label>
        <div id="comment-hint" class="hint">${this.subjectText(s.commentHint, s.commentHintReview, s.commentHintAdvice)}</div>
        <textarea id="comment" name="comment" rows="4" ?readonly=${this.readonly} aria-describedby="comment-hint"
          .value=${this.comment} @input=${this.onComment}></textarea>
      </div>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ehcp-section-grader': EhcpSectionGrader;
  }
  interface HTMLElementEventMap {
    'ehcp-grade-change': GradeChangeEvent;
  }
}
