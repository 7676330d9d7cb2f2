import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import { gradeLabel, isAtLeast, notApplicableReason, overallGrade, type OverallGrade } from '../../criteria/grading.js';
import { NOT_APPLICABLE } from '../../criteria/constants.js';
import type { Framework, Section } from '../../criteria/schema.js';
import type { Audit, AuditTrailEntry, QaClient } from '../shared/api.js';
import { qaClientContext } from '../shared/context.js';
import { connectQaClient, describeError, fetchFramework, type Connection } from '../shared/client-host.js';
import { qaBus } from '../shared/event-bus.js';
import { gradeBadge } from '../shared/grade.js';
import { mergeStrings } from '../shared/strings.js';
import { bareSectionTitle, sectionWord } from '../shared/section-title.js';
import { factAnswerLabel } from '../shared/facts.js';

const sentenceCase = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
import { planReportStrings, type PlanReportStrings } from './plan-report.strings.js';
import styles from './plan-report.styles.js';

/**
 * The feedback for the caseworker on one audit: each section's grade and comments in
 * a compact, printable table, the overall grade and why, and the criteria not met
 * per section as a list of improvements.
 *
 * Give it `audit` and `framework` as properties, or `api-base` (or a provided client)
 * and `audit-id` to load them. It reloads when an `<ehcp-audit>` on the page saves
 * or completes the same audit.
 *
 * @summary Printable report of one plan's audit, with the improvement list for the caseworker.
 *
 * @csspart base - The whole report.
 * @csspart header - Title and audit details.
 * @csspart overall - The overall grade and its explanation.
 * @csspart table - The table of section grades.
 * @csspart improvements - The improvement list.
 * @csspart badge - A grade badge.
 * @csspart print-button - The print button (hidden when printing).
 * @csspart history - The audit's history (with `show-history`).
 *
 * @cssproperty [--ehcp-font-family='GDS Transport', arial, sans-serif] - Typeface.
 * @cssproperty [--ehcp-colour-border=#b1b4b6] - Table rules.
 * @cssproperty --ehcp-grade-<colour> - Background of a grade badge (`--ehcp-grade-<colour>-text` for its text).
 */
@customElement('ehcp-plan-report')
export class EhcpPlanReport extends LitElement {
  static override styles = styles;

  @consume({ context: qaClientContext, subscribe: true })
  @state()
  private providedClient?: QaClient;
  @state() private loaded?: { audit: Audit; framework: Framework };
  @state() private loadError?: string;
  @state() private loading = false;
  @state() private loadedHistory?: AuditTrailEntry[];
  @state() private historyError?: string;

  /** The audit to show (as returned by the adapter). Takes precedence over `audit-id`. */
  @property({ attribute: false }) audit?: Audit;
  /** The framework the audit was graded against. */
  @property({ attribute: false }) framework?: Framework;
  /** Loads this audit through the API client. */
  @property({ attribute: 'audit-id' }) auditId = '';
  /** Where the adapter is mounted, for example `/qa`. */
  @property({ attribute: 'api-base' }) apiBase = '';
  /** Bearer token for the default client (property only: tokens do not belong in markup). Until it is set, an element with only `api-base` waits. */
  @property({ attribute: false }) token?: string;
  /** `same-origin` or `include` when the adapter signs users in with a cookie: the default client then sends requests without a token. */
  @property() credentials = '';
  /** An API client to use instead of the provided or default one. */
  @property({ attribute: false }) client?: QaClient;
  /**
   * Shows the audit's history (from the audit trail: who changed what, when, and the grades) below the
   * report. The adapter decides who may read it, with the same rules as the audit itself.
   */
  @property({ type: Boolean, attribute: 'show-history' }) showHistory = false;
  /** The history to show, supplied by the host (then nothing is loaded for it). */
  @property({ attribute: false }) history?: AuditTrailEntry[];
  /** Hides the print button. */
  @property({ type: Boolean, attribute: 'no-print-button' }) noPrintButton = false;
  /** Heading level of the report title (1 to 5); the sub-headings follow. */
  @property({ type: Number, attribute: 'heading-level' }) headingLevel = 2;
  /** Wording overrides; see `planReportStrings` for every key. */
  @property({ attribute: false }) strings?: Partial<PlanReportStrings>;

  private unsubscribe?: () => void;

  override connectedCallback(): void {
    super.connectedCallback();
    const refresh = ({ auditId }: { auditId: string }) => {
      if (!this.audit && auditId === this.auditId) void this.load();
    };
    qaBus.on('section-saved', refresh);
    qaBus.on('facts-saved', refresh);
    qaBus.on('audit-completed', refresh);
    this.unsubscribe = () => {
      qaBus.off('section-saved', refresh);
      qaBus.off('facts-saved', refresh);
      qaBus.off('audit-completed', refresh);
    };
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.unsubscribe?.();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const inputs = ['auditId', 'apiBase', 'client', 'providedClient', 'token', 'credentials'] as (keyof EhcpPlanReport)[];
    if (!this.audit && inputs.some((k) => changed.has(k))) void this.load();
  }

  private get connection(): Connection<QaClient> {
    return connectQaClient(this.client, this.providedClient, this.apiBase, this.token, this.credentials);
  }

  /** Loads (or reloads) the audit named by `audit-id`. */
  async load(): Promise<void> {
    const connection = this.connection;
    if (connection.kind !== 'client' || !this.auditId) return;
    const client = connection.client;
    this.loading = true;
    this.loadError = undefined;
    try {
      const audit = await client.getAudit(this.auditId);
      const framework = this.framework ?? (await fetchFramework(client, audit.frameworkId, audit.frameworkVersion));
      this.loaded = { audit, framework };
      if (this.showHistory && !this.history && client.getAuditHistory) {
        this.historyError = undefined;
        try {
          this.loadedHistory = await client.getAuditHistory(audit.id);
        } catch (error) {
          this.loadedHistory = undefined;
          this.historyError = describeError(error);
        }
      }
    } catch (error) {
      this.loadError = describeError(error);
    } finally {
      this.loading = false;
    }
  }

  private heading(offset: number, content: unknown, id?: string): TemplateResult {
    const level = Math.min(6, Math.max(1, Math.trunc(this.headingLevel) || 2) + offset);
    return html`<div class="heading heading--${offset}" role="heading" aria-level=${level} id=${id ?? nothing}>${content}</div>`;
  }

  private renderOverall(framework: Framework, overall: OverallGrade | null, complete: boolean, s: PlanReportStrings): TemplateResult {
    return html`<section class="overall" part="overall" aria-labelledby="overall-heading">
      ${this.heading(1, s.overallHeading, 'overall-heading')}
      ${overall?.grade && complete
        ? html`<p class="overall__grade">${gradeBadge(framework, overall.grade, 'badge')}</p><p>${overall.explanation}</p>`
        : html`<p>${s.overallPending}</p>`}
    </section>`;
  }

  private renderTable(framework: Framework, audit: Audit, s: PlanReportStrings): TemplateResult {
    return html`<section aria-labelledby="sections-heading">
      ${this.heading(1, s.sectionsHeading, 'sections-heading')}
      <div class="table-wrap" role="region" aria-label=${s.sectionsCaption} tabindex="0">
      <table part="table">
        <caption class="visually-hidden">${s.sectionsCaption}</caption>
        <thead><tr><th scope="col">${sectionWord(framework) === 'Part' ? s.columnPart : s.columnSection}</th><th scope="col">${s.columnGrade}</th><th scope="col">${s.columnComments}</th></tr></thead>
        <tbody>
          ${framework.sections.map((section) => {
            const result = audit.sections[section.id];
            const grade = result?.grade ?? null;
            return html`<tr data-section=${section.id}>
              <th scope="row"><span class="section-id">${section.id}</span> ${bareSectionTitle(section)}</th>
              <td>${grade ? gradeBadge(framework, grade, 'badge') : html`<span class="muted">${s.notGraded}</span>`}
                ${section.nilStatement && result?.nilStatement ? html`<div class="muted small nil-statement">${s.nilStatement}</div>` : nothing}
                ${grade && result && result.suggestedGrade && grade !== result.suggestedGrade
                  ? html`<div class="muted small">${s.suggestedWas(gradeLabel(framework, result.suggestedGrade))}</div>` : nothing}</td>
              <td>
                ${result?.overrideReason ? html`<p class="small"><strong>${s.reasonLabel}</strong> <span class="user-text">${result.overrideReason}</span></p>` : nothing}
                ${result?.comment ? html`<p class="user-text">${result.comment}</p>` : html`<span class="muted">${s.noComment}</span>`}
              </td>
            </tr>`;
          })}
        </tbody>
      </table>
      </div>
    </section>`;
  }

  private improvementsFor(framework: Framework, section: Section, audit: Audit) {
    const result = audit.sections[section.id];
    if (!result || result.grade === null || result.grade === NOT_APPLICABLE) return undefined;
    const met = new Set(result.criteriaMet);
    const expected = framework.scale.expected;
    // Criteria that do not apply to this plan, or that the auditor could not tell without the advice, are not "not met".
    const context = { facts: audit.facts, nilStatement: result.nilStatement };
    const applicable = section.criteria.filter((c) => notApplicableReason(framework, c, context) === null);
    const unsureIds = new Set(result.cannotTell ?? []);
    const unsure = applicable.filter((c) => unsureIds.has(c.id) && !met.has(c.id));
    const notMet = framework.scale.levels
      .filter((level) => isAtLeast(framework, level.id, expected))
      .reverse() // expected level first, then the levels above it
      .map((level) => ({ level, criteria: applicable.filter((c) => c.level === level.id && !met.has(c.id) && !unsureIds.has(c.id)) }))
      .filter((group) => group.criteria.length > 0);
    const weaknesses = section.criteria.filter((c) => c.level !== NOT_APPLICABLE && !isAtLeast(framework, c.level, expected) && met.has(c.id));
    const belowExpected = !isAtLeast(framework, result.grade, expected);
    return { notMet, weaknesses, unsure, recommendations: belowExpected ? section.guidance.recommendations : [] };
  }

  private renderImprovements(framework: Framework, audit: Audit, s: PlanReportStrings): TemplateResult {
    return html`<section class="improvements" part="improvements" aria-labelledby="improvements-heading">
      ${this.heading(1, s.improvementsHeading, 'improvements-heading')}
      <p>${s.improvementsIntro}</p>
      ${framework.sections.map((section) => {
        const items = this.improvementsFor(framework, section, audit);
        if (!items) return nothing;
        const empty = items.notMet.length === 0 && items.weaknesses.length === 0 && items.unsure.length === 0;
        return html`<div class="improvement" data-section=${section.id}>
          ${this.heading(2, html`${sectionWord(framework)} ${section.id}: ${bareSectionTitle(section)}`)}
          ${empty ? html`<p>${s.nothingToImprove}</p>` : nothing}
          ${items.weaknesses.length
            ? html`<p class="list-label">${s.weaknessesHeading}</p><ul>${items.weaknesses.map((c) => html`<li>${c.text}</li>`)}</ul>` : nothing}
          ${items.notMet.map((group) => html`<p class="list-label">${s.notMetHeading(group.level.label)}</p>
            <ul>${group.criteria.map((c) => html`<li>${c.text}</li>`)}</ul>`)}
          ${items.unsure.length
            ? html`<p class="list-label">${s.cannotTellHeading}</p><ul class="unsure">${items.unsure.map((c) => html`<li>${c.text}</li>`)}</ul>` : nothing}
          ${items.recommendations.length
            ? html`<p class="list-label">${s.recommendationsHeading}</p><ul>${items.recommendations.map((r) => html`<li>${r}</li>`)}</ul>` : nothing}
        </div>`;
      })}
    </section>`;
  }

  private renderHistory(framework: Framework, s: PlanReportStrings): TemplateResult | typeof nothing {
    if (!this.showHistory && !this.history) return nothing;
    const entries = this.history ?? this.loadedHistory;
    const when = (iso: string) => new Date(iso).toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
    const grade = (id: unknown) => (typeof id === 'string' ? gradeLabel(framework, id) : '');
    const what = (e: AuditTrailEntry) => {
      const label = s.historyOperations[e.operation] ?? e.operation;
      if (e.operation === 'audit.section-saved' && typeof e.details.sectionId === 'string') {
        return `${label}. ${s.historySection(e.details.sectionId, e.details.grade === null ? s.notGraded : grade(e.details.grade))}`;
      }
      if (e.operation === 'audit.completed' && typeof e.details.overallGrade === 'string') return `${label}. ${s.historyOverall(grade(e.details.overallGrade))}`;
      return label;
    };
    return html`<section class="history" part="history" aria-labelledby="history-heading">
      ${this.heading(1, s.historyHeading, 'history-heading')}
      ${this.historyError ? html`<p role="alert">${s.historyFailed} ${this.historyError}</p>` : nothing}
      ${entries && entries.length === 0 ? html`<p>${s.historyEmpty}</p>` : nothing}
      ${entries && entries.length > 0 ? html`<div class="table-wrap" role="region" aria-label=${s.historyCaption} tabindex="0">
        <table>
          <caption class="visually-hidden">${s.historyCaption}</caption>
          <thead><tr><th scope="col">${s.historyWhen}</th><th scope="col">${s.historyWho}</th><th scope="col">${s.historyWhat}</th><th scope="col">${s.historyVersion}</th></tr></thead>
          <tbody>${entries.map((e) => html`<tr data-seq=${e.seq}>
            <td><time datetime=${e.at}>${when(e.at)}</time></td>
            <td>${e.actor}</td>
            <td>${what(e)}</td>
            <td>${e.afterVersion ?? ''}</td>
          </tr>`)}</tbody>
        </table></div>` : nothing}
    </section>`;
  }

  override render(): TemplateResult {
    const s = mergeStrings(planReportStrings, this.strings);
    const audit = this.audit ?? this.loaded?.audit;
    const framework = this.framework ?? this.loaded?.framework;
    if (!audit || !framework) {
      if (this.loadError) {
        return html`<div class="error" part="base" role="alert"><p><strong>${s.loadFailed}</strong> ${this.loadError}</p>
          <button class="button button--secondary" type="button" @click=${() => this.load()}>${s.retry}</button></div>`;
      }
      const connection = this.connection;
      if (this.auditId && !this.loading && connection.kind === 'none') return html`<p part="base">${s.noClient}</p>`;
      if (this.auditId && !this.loading && connection.kind === 'waiting-for-token') return html`<p part="base" role="status">${s.waitingForToken}</p>`;
      return html`<p part="base" role="status">${this.loading || this.auditId ? s.loading : s.noAudit}</p>`;
    }
    const complete = audit.status === 'completed';
    const overall = audit.overall ?? overallGrade(framework, Object.fromEntries(Object.entries(audit.sections).map(([id, r]) => [id, r.grade])));
    const date = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' }) : '');
    return html`<article class="base" part="base" aria-labelledby="report-title">
      <header part="header">
        ${this.heading(0, s.title(audit.planRef), 'report-title')}
        ${complete ? nothing : html`<p class="note">${s.inProgressNote}</p>`}
        <dl class="meta">
          <div><dt>${complete ? s.completedOn : s.startedOn}</dt><dd>${date(complete ? audit.completedAt : audit.startedAt)}</dd></div>
          <div><dt>${s.auditorRole}</dt><dd>${s.auditorRoleLabels[audit.auditorRole] ?? audit.auditorRole}</dd></div>
          <div><dt>${s.framework}</dt><dd>${framework.title} ${framework.version}</dd></div>
          ${(framework.facts ?? []).map((fact) => {
            const answer = factAnswerLabel(framework, fact.id, audit.facts);
            return answer ? html`<div data-fact=${fact.id}><dt>${sentenceCase(fact.label)}</dt><dd>${answer}</dd></div>` : nothing;
          })}
        </dl>
        ${this.noPrintButton ? nothing : html`<button class="button button--secondary print-button" part="print-button" type="button" @click=${() => window.print()}>${s.print}</button>`}
      </header>
      ${this.renderOverall(framework, overall, complete, s)}
      ${this.renderTable(framework, audit, s)}
      ${this.renderImprovements(framework, audit, s)}
      ${this.renderHistory(framework, s)}
    </article>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ehcp-plan-report': EhcpPlanReport;
  }
}
