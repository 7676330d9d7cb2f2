import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { allowedGrades, findSection, gradeLabel, needsOverrideReason, suggestSectionGrade, type SectionSuggestion } from '../../criteria/grading.js';
import { NOT_APPLICABLE } from '../../criteria/constants.js';
import type { Framework, Section, SectionResult } from '../../criteria/schema.js';
import { gradeBadge } from '../shared/grade.js';
import { mergeStrings } from '../shared/strings.js';
import { bareSectionTitle } from '../shared/section-title.js';
import { sectionGraderStrings, type SectionGraderStrings } from './section-grader.strings.js';
import styles from './section-grader.styles.js';

/** A section's saved input as the grader accepts it (the adapter stores empty text as null). */
export interface SectionValue {
  criteriaMet?: readonly string[];
  grade?: string | null;
  overrideReason?: string | null;
  comment?: string | null;
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
 * @summary Grades one section of an EHC plan against the framework's criteria.
 *
 * @event ehcp-grade-change - {GradeChangeEvent} The user changed a criterion, the grade, the reason or the comment. `event.result` is the new section result, `event.valid` is false while a required reason is missing.
 *
 * @csspart base - The whole section.
 * @csspart title - The section heading.
 * @csspart purpose - The statutory purpose under the heading.
 * @csspart guidance - Each expandable guidance block.
 * @csspart criteria - The group of criteria checkboxes.
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
  @state() private grade: string | null = null;
  @state() private overrideReason = '';
  @state() private comment = '';
  @state() private showErrors = false;

  /** The quality framework (as served by the adapter at `GET /frameworks/{id}/versions/{version}`). */
  @property({ attribute: false }) framework?: Framework;
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
      this.grade = value.grade ?? null;
      this.overrideReason = value.overrideReason ?? '';
      this.comment = value.comment ?? '';
      this.showErrors = false;
    }
  }

  /** The section definition in the framework, or undefined. */
  get section(): Section | undefined {
    return this.framework ? findSection(this.framework, this.sectionId) : undefined;
  }

  /** The suggestion from the ticked criteria, or undefined without a framework. */
  get suggestion(): SectionSuggestion | undefined {
    const section = this.section;
    return this.framework && section ? suggestSectionGrade(this.framework, section, this.criteriaMet) : undefined;
  }

  /** Whether the chosen grade differs from the suggestion, so a reason is required. */
  get reasonRequired(): boolean {
    const suggestion = this.suggestion;
    return !!suggestion && needsOverrideReason(suggestion.grade, this.grade);
  }

  /** True when nothing required is missing (a reason where the grade differs from the suggestion). */
  get valid(): boolean {
    return !this.reasonRequired || this.overrideReason.trim().length > 0;
  }

  /** The section as it now stands, in criteria order. */
  get result(): SectionResult {
    const section = this.section;
    const order = section?.criteria.map((c) => c.id) ?? [];
    const criteriaMet = [...this.criteriaMet].sort((a, b) => order.indexOf(a) - order.indexOf(b));
    const result: SectionResult = {
      sectionId: this.sectionId,
      criteriaMet,
      grade: this.grade,
      suggestedGrade: this.suggestion?.grade ?? '',
      comment: this.comment,
    };
    if (this.reasonRequired) result.overrideReason = this.overrideReason;
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

  private emitChange(): void {
    const event = new GradeChangeEvent(this.result, this.valid);
    this.dispatchEvent(event);
  }

  private onCriterion(event: Event): void {
    const input = event.target as HTMLInputElement;
    const next = new Set(this.criteriaMet);
    if (input.checked) next.add(input.value);
    else next.delete(input.value);
    this.criteriaMet = next;
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

  private renderCriteria(framework: Framework, section: Section, suggestion: SectionSuggestion, s: SectionGraderStrings): TemplateResult {
    const levels = [...framework.scale.levels.map((l) => l.id), NOT_APPLICABLE].filter((id) => (suggestion.metByLevel[id]?.total ?? 0) > 0);
    return html`<fieldset class="criteria" part="criteria" aria-describedby="criteria-hint">
      <legend class="legend">${s.criteriaLegend}</legend>
      <p id="criteria-hint" class="hint">${s.criteriaHint}</p>
      ${levels.map((levelId) => {
        const count = suggestion.metByLevel[levelId]!;
        const criteria = section.criteria.filter((c) => c.level === levelId);
        return html`<fieldset class="level" part="level" data-level=${levelId}>
          <legend class="level__legend">
            ${gradeLabel(framework, levelId)}
            <span class="count" aria-hidden="true">${count.met}/${count.total}</span>
            <span class="visually-hidden">(${s.levelCount(count.met, count.total)})</span>
          </legend>
          ${levelId === NOT_APPLICABLE && section.notApplicableWhen ? html`<p class="hint">${s.notApplicableWhen} ${section.notApplicableWhen}</p>` : nothing}
          ${criteria.map((criterion) => {
            const id = `criterion-${section.criteria.indexOf(criterion)}`;
            return html`<div class="checkbox">
              <input type="checkbox" id=${id} name="criteria" .value=${criterion.id} .checked=${this.criteriaMet.has(criterion.id)}
                ?disabled=${this.readonly} aria-describedby=${criterion.hint ? `${id}-hint` : nothing} @change=${this.onCriterion} />
              <label for=${id}>${criterion.text}</label>
              ${criterion.hint ? html`<div id="${id}-hint" class="hint checkbox__hint">${criterion.hint}</div>` : nothing}
            </div>`;
          })}
        </fieldset>`;
      })}
    </fieldset>`;
  }

  private renderGrades(framework: Framework, section: Section, suggestion: SectionSuggestion, s: SectionGraderStrings): TemplateResult {
    return html`<fieldset class="grades" part="grade" aria-describedby="grade-hint">
      <legend class="legend">${s.gradeLegend}</legend>
      <p id="grade-hint" class="hint">${s.gradeHint}</p>
      <div class="radios">
        ${allowedGrades(framework, section).map((gradeId, index) => html`<div class="radio">
          <input type="radio" id="grade-${index}" name="grade" .value=${gradeId} .checked=${this.grade === gradeId}
            ?disabled=${this.readonly} @change=${this.onGrade} />
          <label for="grade-${index}">${gradeBadge(framework, gradeId, 'badge')}${gradeId === suggestion.grade
            ? html` <span class="suggested-tag">(${s.suggestionLabel.toLowerCase()})</span>` : nothing}</label>
        </div>`)}
      </div>
    </fieldset>`;
  }

  private renderReason(s: SectionGraderStrings): TemplateResult | typeof nothing {
    if (!this.reasonRequired) return nothing;
    const error = this.showErrors && !this.valid;
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

  override render(): TemplateResult {
    const s = mergeStrings(sectionGraderStrings, this.strings);
    const framework = this.framework;
    if (!framework) return html`<p class="hint" part="base">${s.noFramework}</p>`;
    const section = this.section;
    if (!section) return html`<p class="error-message" part="base" role="alert">${s.unknownSection(this.sectionId)}</p>`;
    const suggestion = suggestSectionGrade(framework, section, this.criteriaMet);
    return html`<section class="base" part="base" aria-labelledby="title">
      ${this.heading(s.sectionTitle(section.id, bareSectionTitle(section)))}
      <p class="purpose" part="purpose">${section.purpose}</p>
      ${this.renderGuidance(section, s)}
      ${this.renderCriteria(framework, section, suggestion, s)}
      <div class="suggestion" part="suggestion" role="status" aria-live="polite">
        <span class="suggestion__label">${s.suggestionLabel}:</span> ${gradeBadge(framework, suggestion.grade, 'badge')}
        <span class="suggestion__reason">${suggestion.reason}</span>
      </div>
      ${this.renderGrades(framework, section, suggestion, s)}
      ${this.renderReason(s)}
      <div class="form-group" part="comment">
        <label class="label" for="comment">${s.commentLabel}</label>
        <div id="comment-hint" class="hint">${s.commentHint}</div>
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
