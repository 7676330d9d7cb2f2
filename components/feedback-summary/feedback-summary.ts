/**
 * `<ehcp-feedback-summary>`: experiential feedback for managers and quality leads. Response
 * rates by who was asked, each question's answers with counts and percentages, the
 * comparison with another cycle (95% intervals, as the audit reports), quality and
 * experience side by side (answers by the plan's audit grade), free text for managers
 * (names masked by the adapter) and a CSV export. Small numbers are suppressed by the
 * adapter; the element shows "fewer than 5" where a figure is held back.
 *
 * @example
 * <ehcp-feedback-summary api-base="/qa" cycle-id="…"></ehcp-feedback-summary>
 * <script type="module">document.querySelector('ehcp-feedback-summary').token = myBearerToken;</script>
 */
import { consume } from '@lit/context';
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { QaClient } from '../shared/api.js';
import { qaClientContext } from '../shared/context.js';
import { connect, type Connection } from '../shared/client-host.js';
import { tokens } from '../shared/tokens.js';
import { formStyles } from '../shared/form.styles.js';
import { mergeStrings } from '../shared/strings.js';
import { styles as summaryStyles } from './feedback-summary.styles.js';
import {
  FeedbackReportsHttpClient, type FeedbackCycle, type FeedbackQuery, type FeedbackReportsClient, type FeedbackSummary, type QualityAndExperience,
} from './feedback-reports-client.js';
import { feedbackSummaryStrings, type FeedbackSummaryStrings } from './feedback-summary.strings.js';

const PHASES = [['early-years', 'Early years'], ['primary', 'Primary'], ['secondary', 'Secondary'], ['post-16', 'Post-16'], ['post-19', 'Post-19']] as const;
const NEEDS = [['SPLD', 'Specific learning difficulty'], ['MLD', 'Moderate learning difficulty'], ['SLD', 'Severe learning difficulty'], ['PMLD', 'Profound and multiple learning difficulty'], ['SEMH', 'Social, emotional and mental health'], ['SLCN', 'Speech, language and communication needs'], ['HI', 'Hearing impairment'], ['VI', 'Visual impairment'], ['MSI', 'Multi-sensory impairment'], ['PD', 'Physical disability'], ['ASD', 'Autistic spectrum disorder'], ['OTH', 'Other difficulty or disability']] as const;
const SETTINGS = [['mainstream', 'Mainstream'], ['resourced-provision', 'Resourced provision'], ['special', 'Special school'], ['independent-special', 'Independent special'], ['alternative-provision', 'Alternative provision'], ['further-education', 'Further education'], ['early-years', 'Early years setting'], ['other', 'Other']] as const;
const RESPONDENTS = ['parent-carer', 'child-young-person', 'professional'] as const;

const pctNumber = (share: number | null | undefined): string => (share === null || share === undefined ? '–' : (Math.round(share * 1000 + 1e-9) / 10).toFixed(1));
const points = (pp: number | null) => {
  if (pp === null) return '–';
  const r = (Math.round(Math.abs(pp) * 10 + 1e-9) / 10).toFixed(1);
  return Number(r) === 0 ? '0.0' : `${pp > 0 ? '+' : '\u2212'}${r}`;
};
type Proportion = NonNullable<FeedbackSummary['questionnaires'][number]['questions'][number]['positive']>;

type FilterProp = 'cycleId' | 'compareCycleId' | 'respondentType' | 'phase' | 'primaryNeed' | 'settingType' | 'teamRef';

@customElement('ehcp-feedback-summary')
export class EhcpFeedbackSummary extends LitElement {
  static override styles = [tokens, formStyles, summaryStyles];

  @consume({ context: qaClientContext, subscribe: true })
  @state()
  private providedClient?: QaClient;

  /** Where the adapter is mounted, for example `/qa`. */
  @property({ attribute: 'api-base' }) apiBase = '';
  /** Bearer token for the default client (property only). Until it is set, an element with only `api-base` waits. */
  @property({ attribute: false }) token?: string;
  /** `same-origin` or `include` when the adapter signs users in with a cookie: the default client then sends requests without a token. */
  @property() credentials = '';
  /** A client of the host's own, instead of the provided or default one. */
  @property({ attribute: false }) client?: FeedbackReportsClient;
  @property({ attribute: 'cycle-id', reflect: true }) cycleId = '';
  @property({ attribute: 'compare-cycle-id', reflect: true }) compareCycleId = '';
  @property({ attribute: 'respondent-type', reflect: true }) respondentType = '';
  @property({ reflect: true }) phase = '';
  @property({ attribute: 'primary-need', reflect: true }) primaryNeed = '';
  @property({ attribute: 'setting-type', reflect: true }) settingType = '';
  @property({ attribute: 'team-ref', reflect: true }) teamRef = '';
  @property({ type: Number, attribute: 'heading-level' }) headingLevel = 2;
  @property({ attribute: false }) strings?: Partial<FeedbackSummaryStrings>;

  @state() private _cycles: FeedbackCycle[] = [];
  @state() private _summary?: FeedbackSummary;
  @state() private _quality?: QualityAndExperience | null;
  @state() private _loading = false;
  @state() private _error = '';
  private _request = 0;

  private get t(): FeedbackSummaryStrings {
    return mergeStrings(feedbackSummaryStrings, this.strings);
  }
  /** How the element reaches the adapter: its own client, the page's provided one, or `api-base` with a token (see shared/client-host.ts). */
  private get connection(): Connection<FeedbackReportsClient> {
    return connect<FeedbackReportsClient>({
      own: this.client, provided: this.providedClient, apiBase: this.apiBase, token: this.token, credentials: this.credentials,
      fromHttp: (options) => new FeedbackReportsHttpClient(options),
    });
  }
  private get api(): FeedbackReportsClient | undefined {
    const connection = this.connection;
    return connection.kind === 'client' ? connection.client : undefined;
  }
  private get query(): FeedbackQuery {
    const q: FeedbackQuery = {};
    for (const key of ['cycleId', 'compareCycleId', 'respondentType', 'phase', 'primaryNeed', 'settingType', 'teamRef'] as const) if (this[key]) q[key] = this[key];
    if (!q.cycleId) delete q.compareCycleId;
    return q;
  }

  override willUpdate(changed: PropertyValues<this>): void {
    const keys = ['apiBase', 'token', 'credentials', 'client', 'providedClient', 'cycleId', 'compareCycleId', 'respondentType', 'phase', 'primaryNeed', 'settingType', 'teamRef'] as (keyof EhcpFeedbackSummary)[];
    if (keys.some((k) => changed.has(k)) && this.api) void this.load();
  }

  /** Loads the cycles, the summary and quality and experience for the current filters. */
  async load(): Promise<void> {
    const api = this.api;
    if (!api) return;
    const request = ++this._request;
    this._loading = true;
    this._error = '';
    try {
      const [cycles, summary, quality] = await Promise.all([
        api.listCycles(),
        api.getFeedbackSummary(this.query),
        api.getQualityAndExperience(this.query).catch(() => null),
      ]);
      if (request !== this._request) return;
      this._cycles = cycles;
      this._summary = summary;
      this._quality = quality;
    } catch (error) {
      if (request !== this._request) return;
      this._error = error instanceof Error ? error.message : String(error);
    } finally {
      if (request === this._request) this._loading = false;
    }
  }

  private setFilter(prop: FilterProp, value: string): void {
    this[prop] = value;
    if (prop === 'cycleId' && (this.compareCycleId === value || !value)) this.compareCycleId = '';
  }

  private async exportCsv(): Promise<void> {
    const api = this.api;
    if (!api) return;
    try {
      const blob = await api.exportFeedback(this.query);
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = 'ehcp-qa-feedback.csv';
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      this._error = error instanceof Error ? error.message : String(error);
    }
  }

  private heading(level: number, text: string, id?: string): TemplateResult {
    const l = Math.min(6, Math.max(1, level));
    switch (l) {
      case 1: return html`<h1 id=${id ?? nothing}>${text}</h1>`;
      case 2: return html`<h2 id=${id ?? nothing}>${text}</h2>`;
      case 3: return html`<h3 id=${id ?? nothing}>${text}</h3>`;
      case 4: return html`<h4 id=${id ?? nothing}>${text}</h4>`;
      case 5: return html`<h5 id=${id ?? nothing}>${text}</h5>`;
      default: return html`<h6 id=${id ?? nothing}>${text}</h6>`;
    }
  }

  private count(n: number | null, min: number): string {
    return n === null ? this.t.fewerThan(min) : String(n);
  }
  private share(p: Proportion | null): string {
    return p ? `${pctNumber(p.share)}% (${p.count} of ${p.n})` : this.t.notShown;
  }

  override render(): TemplateResult {
    const t = this.t;
    const s = this._summary;
    return html`<div class="summary">
      ${this.heading(this.headingLevel, t.heading, 'heading')}
      ${this.renderFilters()}
      ${this._error ? html`<div class="error" role="alert"><p><strong>${t.errorTitle}</strong></p><p>${this._error}</p></div>` : nothing}
      <p role="status" class="summary__scope">${this._loading ? t.loading : this.connection.kind === 'waiting-for-token' ? t.waitingForToken : ''}</p>
      ${this.connection.kind === 'none' ? html`<p>${t.noClient}</p>` : nothing}
      ${s ? this.renderSummary(s) : nothing}
    </div>`;
  }

  private renderFilters(): TemplateResult {
    const t = this.t;
    const select = (prop: FilterProp, label: string, options: readonly (readonly [string, string])[], anyLabel = t.any) => html`<div class="field">
      <label for="f-${prop}">${label}</label>
      <select id="f-${prop}" .value=${this[prop]} @change=${(e: Event) => this.setFilter(prop, (e.target as HTMLSelectElement).value)}>
        <option value="" ?selected=${!this[prop]}>${anyLabel}</option>
        ${options.map(([value, text]) => html`<option value=${value} ?selected=${this[prop] === value}>${text}</option>`)}
      </select>
    </div>`;
    const cycles = this._cycles.map((c) => [c.id, c.name] as const);
    return html`<form class="filters-form" @submit=${(e: Event) => e.preventDefault()}>
      <fieldset>
        <legend>${t.filtersHeading}</legend>
        <div class="filters">
          ${select('cycleId', t.cycleLabel, cycles, t.allCycles)}
          ${this.cycleId ? select('compareCycleId', t.compareLabel, cycles.filter(([id]) => id !== this.cycleId), t.noComparison) : nothing}
          ${select('respondentType', t.respondentLabel, RESPONDENTS.map((r) => [r, t.respondentTypes[r] ?? r] as const), t.everyone)}
          ${select('phase', t.phaseLabel, PHASES)}
          ${select('primaryNeed', t.primaryNeedLabel, NEEDS)}
          ${select('settingType', t.settingTypeLabel, SETTINGS)}
          <div class="field">
            <label for="f-teamRef">${t.teamLabel}</label>
            <input id="f-teamRef" type="text" autocomplete="off" .value=${this.teamRef} @change=${(e: Event) => this.setFilter('teamRef', (e.target as HTMLInputElement).value.trim())}>
          </div>
        </div>
      </fieldset>
    </form>`;
  }

  private renderSummary(s: FeedbackSummary): TemplateResult {
    const t = this.t;
    const min = s.scope.minimumCount;
    const level = this.headingLevel + 1;
    return html`
      ${s.scope.linkedOnly ? html`<p class="kpi">${t.linkedOnly}</p>` : nothing}
      <p>${t.suppressedNote(min)}</p>
      <div class="toolbar"><button type="button" class="button button--secondary" @click=${() => void this.exportCsv()}>${t.exportCsv}</button></div>
      <section class="block" aria-labelledby="rates-heading">
        ${this.heading(level, t.ratesHeading, 'rates-heading')}
        ${s.responseRates.length === 0 ? html`<p>${t.noResponses}</p>` : html`<table>
          <caption>${t.ratesCaption}</caption>
          <thead><tr><th scope="col">${t.respondentLabel}</th><th scope="col" class="num">${t.sent}</th><th scope="col" class="num">${t.responses}</th><th scope="col" class="num">${t.rate}</th></tr></thead>
          <tbody>${s.responseRates.map((r) => html`<tr data-respondent=${r.respondentType}>
            <th scope="row">${t.respondentTypes[r.respondentType] ?? r.respondentType}</th>
            <td class="num">${r.sent}</td><td class="num">${this.count(r.responses, min)}</td><td class="num">${r.rate ? `${pctNumber(r.rate.share)}%` : '–'}</td>
          </tr>`)}</tbody>
        </table>`}
      </section>
      ${s.questionnaires.map((q) => html`<section class="block" aria-labelledby="q-${q.id}-${q.version}" data-questionnaire=${q.id}>
        ${this.heading(level, `${t.respondentTypes[q.respondentType] ?? q.respondentType}: ${q.title}`, `q-${q.id}-${q.version}`)}
        <p>${t.responsesLine(q.responses, min)}</p>
        ${q.suppressed ? nothing : q.questions.filter((x) => x.type !== 'text').map((x) => html`<table data-question=${x.id}>
          <caption>${x.text}</caption>
          <thead><tr><th scope="col">${t.answer}</th><th scope="col" class="num">${t.count}</th><th scope="col" class="num">${t.percent}</th></tr></thead>
          <tbody>${x.options.map((o) => html`<tr><th scope="row">${o.label}</th><td class="num">${x.suppressed || o.suppressed ? t.fewerThan(min) : o.count}</td><td class="num">${o.share === null ? '–' : `${pctNumber(o.share)}%`}</td></tr>`)}</tbody>
          <tfoot><tr><td colspan="3">${t.answeredLine(x.answered, min)}
            ${x.positive?.ci ? t.positiveLine(pctNumber(x.positive.share), pctNumber(x.positive.ci.lower), pctNumber(x.positive.ci.upper)) : nothing}</td></tr></tfoot>
        </table>`)}
      </section>`)}
      ${s.comparison ? this.renderComparison(s) : nothing}
      ${this._quality ? this.renderQuality(this._quality) : nothing}
      ${s.freeText && s.freeText.length ? html`<section class="block" aria-labelledby="free-text-heading">
        ${this.heading(level, t.freeTextHeading, 'free-text-heading')}
        <p>${t.freeTextNote}</p>
        ${s.freeText.map((f) => html`<details data-free-text=${f.questionId}><summary><span class="summary-text">${f.text} (${f.answers.length})</span></summary>
          <ul>${f.answers.map((a) => html`<li>${a}</li>`)}</ul></details>`)}
      </section>` : nothing}`;
  }

  private changeCell(d: { percentagePoints: number | null; ci: { lower: number; upper: number } | null; significant: boolean } | null): TemplateResult {
    const t = this.t;
    if (!d || d.percentagePoints === null || !d.ci) return html`${t.notShown}`;
    return html`${points(d.percentagePoints)} (${points(d.ci.lower * 100)} to ${points(d.ci.upper * 100)})
      <span class="tag ${d.significant ? 'tag--significant' : ''}">${d.significant ? t.largerThanChance : t.withinChance}</span>`;
  }

  private renderComparison(s: FeedbackSummary): TemplateResult {
    const t = this.t;
    const baseline = s.comparison!.baseline.name;
    const current = s.scope.cycle?.name ?? '';
    return html`<section class="block" aria-labelledby="compare-heading">
      ${this.heading(this.headingLevel + 1, t.comparisonHeading, 'compare-heading')}
      <table>
        <caption>${t.comparisonCaption(baseline, current)}</caption>
        <thead><tr><th scope="col">${t.question}</th><th scope="col" class="num">${baseline}</th><th scope="col" class="num">${current}</th><th scope="col">${t.change}</th></tr></thead>
        <tbody>${s.comparison!.questions.map((r) => html`<tr data-compare=${`${r.questionnaireId}/${r.questionId}`}>
          <th scope="row">${r.text}</th><td class="num">${this.share(r.a)}</td><td class="num">${this.share(r.b)}</td><td>${this.changeCell(r.change)}</td>
        </tr>`)}</tbody>
      </table>
    </section>`;
  }

  private renderQuality(q: QualityAndExperience): TemplateResult {
    const t = this.t;
    const min = q.scope.minimumCount;
    const label = q.expectedLabel;
    return html`<section class="block" aria-labelledby="quality-heading">
      ${this.heading(this.headingLevel + 1, t.qualityHeading, 'quality-heading')}
      <p>${t.qualityIntro(label)}</p>
      <p>${t.qualityMatched(this.count(q.matched.belowExpected, min), this.count(q.matched.expectedOrBetter, min))}</p>
      ${q.questions.length === 0 ? html`<p>${t.noResponses}</p>` : html`<table>
        <caption>${t.qualityHeading}</caption>
        <thead><tr><th scope="col">${t.question}</th><th scope="col" class="num">${t.qualityBelow(label)}</th><th scope="col" class="num">${t.qualityAtOrAbove(label)}</th><th scope="col">${t.change}</th></tr></thead>
        <tbody>${q.questions.map((r) => html`<tr data-quality=${`${r.questionnaireId}/${r.questionId}`}>
          <th scope="row">${r.text}</th><td class="num">${this.share(r.a)}</td><td class="num">${this.share(r.b)}</td><td>${this.changeCell(r.change)}</td>
        </tr>`)}</tbody>
      </table>`}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ehcp-feedback-summary': EhcpFeedbackSummary;
  }
}
