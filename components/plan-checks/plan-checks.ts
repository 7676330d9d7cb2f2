import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { Framework } from '../../criteria/schema.js';
import { checkPlan, type CheckDefinition, type Finding } from '../../criteria/plan-checks/checks.js';
import { parsePlanText, PLAN_SECTION_IDS, type PlanSectionId, type PlanStatus, type PlanText } from '../../criteria/plan-checks/parse.js';
import { STANDARD_STATEMENTS, WRITER_QUESTIONS, writerChecklist, type StandardStatement } from '../../criteria/plan-checks/writer-data.js';
import { mergeStrings } from '../shared/strings.js';
import { planChecksStrings, type PlanChecksStrings } from './plan-checks.strings.js';
import styles from './plan-checks.styles.js';

/** Asks the host to move its editor to a place in the plan. */
export class PlanJumpEvent extends Event {
  static readonly eventName = 'ehcp-plan-jump';
  constructor(
    readonly section: PlanSectionId,
    /** Offsets into the section's text. */
    readonly start: number,
    readonly end: number,
    /** Offsets into the whole plan text, when the plan was given as text (or sections with `start`). */
    readonly planStart: number | undefined,
    readonly planEnd: number | undefined,
    readonly finding: Finding,
  ) {
    super(PlanJumpEvent.eventName, { bubbles: true, composed: true });
  }
}

/** The checks ran on a changed plan: every finding, for example for `<ehcp-audit>`'s `planFindings`. */
export class PlanCheckedEvent extends Event {
  static readonly eventName = 'ehcp-plan-checked';
  constructor(readonly findings: readonly Finding[]) {
    super(PlanCheckedEvent.eventName, { bubbles: true, composed: true });
  }
}

/** Asks the host to insert a standard statement into a section of its editor. */
export class PlanInsertEvent extends Event {
  static readonly eventName = 'ehcp-plan-insert';
  constructor(readonly section: PlanSectionId, readonly text: string) {
    super(PlanInsertEvent.eventName, { bubbles: true, composed: true });
  }
}

const NIL_CHECKS = new Set(['nil-bare', 'nil-advice', 'nil-consistent']);

/**
 * Checks on an EHC plan while it is written, for the caseworker: findings by section
 * with the words highlighted, a button per finding that asks the host to move its
 * editor there, standard statements for sections with nothing to record, and the
 * writer's checklist. Nothing leaves the browser.
 *
 * Give it the plan as text (`plan = '…'`, or `setText(text)` as the text changes) or as
 * structured sections (`plan = { sections: [{ id: 'F', text }], status }`), and the
 * quality framework (`framework`, for its vague-wording glossary and core criteria).
 *
 * @summary Checks an EHC plan as it is written and points at the words to fix.
 *
 * @event ehcp-plan-jump - {PlanJumpEvent} The user asked to go to a finding: `section`, `start`, `end` (offsets in the section text) and `planStart`, `planEnd` (in the whole text, when known).
 * @event ehcp-plan-checked - {PlanCheckedEvent} The checks ran on a changed plan: `findings` (pass them to `<ehcp-audit>`'s `planFindings` for proposals).
 * @event ehcp-plan-insert - {PlanInsertEvent} The user asked to insert a standard statement: `section`, `text`.
 *
 * @csspart base - The whole element.
 * @csspart summary - The count of findings (announced politely when it changes).
 * @csspart section - The findings of one section.
 * @csspart finding - One finding.
 * @csspart statements - The standard statements.
 * @csspart checklist - The writer's checklist.
 *
 * @cssproperty [--ehcp-colour-highlight=#fff2a8] - Background of highlighted words (also bold and underlined).
 */
@customElement('ehcp-plan-checks')
export class EhcpPlanChecks extends LitElement {
  static override styles = styles;

  /** The plan: plain text (parsed by its headings) or structured sections. */
  @property({ attribute: false }) plan: string | PlanText | undefined;
  /** The quality framework whose glossary and core criteria the checks use. */
  @property({ attribute: false }) framework: Framework | undefined;
  /** The plan's status, when the host knows it (otherwise read from the text). */
  @property() status: PlanStatus | undefined;
  /** Standard statements (replace with the LA's own wording). */
  @property({ attribute: false }) statements: readonly StandardStatement[] = STANDARD_STATEMENTS;
  /** The writer's questions by core criterion id (replace with the LA's own wording). */
  @property({ attribute: false }) questions: Readonly<Record<string, string>> = WRITER_QUESTIONS;
  /** Replacement message or rewrite pattern per check id. */
  @property({ attribute: false }) wording: Record<string, Partial<Pick<CheckDefinition, 'message' | 'rewrite' | 'label'>>> | undefined;
  /** Any subset of the element's wording. */
  @property({ attribute: false }) strings: Partial<PlanChecksStrings> | undefined;
  /** Heading level of the element's own heading (sections are one below). */
  @property({ type: Number, attribute: 'heading-level' }) headingLevel = 2;

  @state() private parsed: PlanText | undefined;
  @state() private findings: Finding[] = [];

  /** The findings as last computed (section order). */
  get currentFindings(): readonly Finding[] {
    return this.findings;
  }

  /**
   * For hosts that call on every change of their editor: sets the plan text. The checks
   * run once before the next render, however many calls come in between.
   */
  setText(text: string): void {
    this.plan = text;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('plan') || changed.has('framework') || changed.has('status') || changed.has('wording')) {
      const plan = this.plan;
      this.parsed = plan === undefined ? undefined : typeof plan === 'string' ? parsePlanText(plan) : plan;
      this.findings = this.parsed && this.framework
        ? checkPlan(this.parsed, { framework: this.framework, status: this.status ?? this.parsed.status, wording: this.wording })
        : [];
      this.checked = this.parsed !== undefined && this.framework !== undefined;
    }
  }

  private checked = false;

  protected override updated(): void {
    if (this.checked) {
      this.checked = false;
      this.dispatchEvent(new PlanCheckedEvent(this.findings));
    }
  }

  private get s(): PlanChecksStrings {
    return mergeStrings(planChecksStrings, this.strings);
  }

  private sectionStart(id: PlanSectionId): number | undefined {
    return this.parsed?.sections.find((x) => x.id === id)?.start;
  }

  private jump(f: Finding): void {
    const base = this.sectionStart(f.section);
    this.dispatchEvent(new PlanJumpEvent(f.section, f.start, f.end, base === undefined ? undefined : base + f.start, base === undefined ? undefined : base + f.end, f));
  }

  private insert(statement: StandardStatement): void {
    this.dispatchEvent(new PlanInsertEvent(statement.section, statement.text));
  }

  private heading(level: number, content: TemplateResult | string, id?: string): TemplateResult {
    return html`<div role="heading" aria-level=${Math.min(6, level)} id=${id ?? nothing} class=${level === this.headingLevel ? 'h2' : 'h3'}>${content}</div>`;
  }

  /** The line of the section around the finding, with the words marked. */
  private quote(f: Finding): TemplateResult {
    const text = this.parsed?.sections.find((x) => x.id === f.section)?.text ?? '';
    if (f.start === f.end) return html`<p class="quote">${this.s.blankSection}</p>`;
    const lineStart = text.lastIndexOf('\n', f.start - 1) + 1;
    let lineEnd = text.indexOf('\n', f.end);
    if (lineEnd < 0) lineEnd = text.length;
    const from = Math.max(lineStart, f.start - 120);
    const to = Math.min(lineEnd, f.end + 120);
    return html`<p class="quote">${from > lineStart ? '…' : ''}${text.slice(from, f.start)}<mark>${text.slice(f.start, f.end)}</mark>${text.slice(f.end, to)}${to < lineEnd ? '…' : ''}</p>`;
  }

  private renderFinding(f: Finding): TemplateResult {
    const s = this.s;
    const words = f.text.length > 60 ? `${f.text.slice(0, 57)}…` : f.text || s.blankSection;
    const statement = NIL_CHECKS.has(f.check) ? this.statements.find((x) => x.section === f.section) : undefined;
    return html`<li class="finding" part="finding" data-check=${f.check} data-severity=${f.severity}>
      <p><span class="tag" data-severity=${f.severity}>${f.severity === 'weakness' ? s.weakness : s.advice}</span>${f.message}</p>
      ${this.quote(f)}
      <p class="rewrite"><strong>${s.tryThis}</strong> ${f.rewrite}</p>
      <p class="criterion">${s.criterion} <code>${f.criterion}</code></p>
      <button type="button" class="go" data-section=${f.section} @click=${() => this.jump(f)}>${s.goTo}<span class="visually-hidden"> ${s.goToDetail(f.section, words)}</span></button>
      ${statement ? html`<button type="button" class="insert" @click=${() => this.insert(statement)}>${s.insert}<span class="visually-hidden"> ${s.insertDetail(f.section)}</span></button>` : nothing}
    </li>`;
  }

  protected override render(): TemplateResult {
    const s = this.s;
    const level = this.headingLevel;
    if (!this.framework) return html`<div part="base"><p role="status">${s.noFramework}</p></div>`;
    const weaknesses = this.findings.filter((f) => f.severity === 'weakness').length;
    const advice = this.findings.length - weaknesses;
    const bySection = PLAN_SECTION_IDS.map((id) => [id, this.findings.filter((f) => f.section === id)] as const).filter(([, list]) => list.length > 0);
    const checklist = writerChecklist(this.framework, this.questions);
    return html`<section part="base" aria-labelledby="heading">
      ${this.heading(level, s.heading, 'heading')}
      <p>${s.intro}</p>
      <p class="summary" part="summary" role="status" aria-live="polite">${this.parsed ? s.summary(weaknesses, advice) : s.noPlan}</p>
      ${bySection.map(([id, list]) => html`<section part="section" data-section=${id} aria-labelledby=${`section-${id}`}>
        ${this.heading(level + 1, s.sectionHeading(id, list.length), `section-${id}`)}
        <ol class="findings">${list.map((f) => this.renderFinding(f))}</ol>
      </section>`)}
      <details part="statements">
        <summary>${s.statementsHeading}</summary>
        ${this.statements.map((st) => html`<div class="statement" data-section=${st.section}>
          <p><strong>${s.statementFor(st.section)}: ${st.label}</strong></p>
          <p>${st.text}</p>
          <button type="button" class="insert" @click=${() => this.insert(st)}>${s.insert}<span class="visually-hidden"> ${s.insertDetail(st.section)}</span></button>
        </div>`)}
      </details>
      <details part="checklist">
        <summary>${s.checklistHeading}</summary>
        <p>${s.checklistIntro}</p>
        ${PLAN_SECTION_IDS.map((id) => {
          const qs = checklist.filter((q) => q.section === id);
          return qs.length ? html`<p><strong>${s.checklistSection(id)}</strong></p><ul>${qs.map((q) => html`<li data-criterion=${q.criterion}>${q.question}</li>`)}</ul>` : nothing;
        })}
      </details>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ehcp-plan-checks': EhcpPlanChecks;
  }
  interface HTMLElementEventMap {
    'ehcp-plan-jump': PlanJumpEvent;
    'ehcp-plan-insert': PlanInsertEvent;
    'ehcp-plan-checked': PlanCheckedEvent;
  }
}
