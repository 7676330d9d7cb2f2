import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { frameworkSubject, NOT_APPLICABLE } from '../../criteria/constants.js';
import type { Framework } from '../../criteria/schema.js';
import { tokens } from '../shared/tokens.js';
import { gradeBadge } from '../shared/grade.js';
import { mergeStrings } from '../shared/strings.js';
import { sectionWord } from '../shared/section-title.js';
import { chartFigure, chartLegend, chartStyles, lineChart, lineLegend, stackedBarChart, type BarRow, type LineSeries } from '../shared/charts/index.js';
import '../plan-report/plan-report.js';
import { consume } from '@lit/context';
import type { QaClient } from '../shared/api.js';
import { connect, type Connection } from '../shared/client-host.js';
import { qaClientContext } from '../shared/context.js';
import styles from './audit-summary.styles.js';
import { auditSummaryStrings, auditSummarySubjectStrings, type AuditSummaryStrings } from './audit-summary.strings.js';
import {
  ReportsHttpClient, type AuditSummary, type CriteriaGaps, type Cycle, type CycleComparison, type GradeDistribution, type Proportion,
  type ReportAuditItem, type ReportQuery, type ReportsClient, type Trend,
} from './reports-client.js';

/** Everything the element shows; pass it as `data` to render without a server. */
export interface AuditSummaryData {
  summary: AuditSummary;
  /** The framework of the summary (grade scale and sections). Fetched when absent and a client is available. */
  framework?: Framework;
  cycles?: Cycle[];
  comparison?: CycleComparison | null;
  trend?: Trend | null;
  gaps?: CriteriaGaps | null;
}

/** Fired when the user changes a filter. `query` holds every filter now in force. */
export class ReportFilterChangeEvent extends Event {
  constructor(readonly query: ReportQuery) {
    super('ehcp-report-filter-change', { bubbles: true, composed: true });
  }
}

const PHASES = [['early-years', 'Early years'], ['primary', 'Primary'], ['secondary', 'Secondary'], ['post-16', 'Post-16'], ['post-19', 'Post-19']] as const;
const NEEDS = [['SPLD', 'Specific learning difficulty'], ['MLD', 'Moderate learning difficulty'], ['SLD', 'Severe learning difficulty'], ['PMLD', 'Profound and multiple learning difficulty'], ['SEMH', 'Social, emotional and mental health'], ['SLCN', 'Speech, language and communication needs'], ['HI', 'Hearing impairment'], ['VI', 'Visual impairment'], ['MSI', 'Multi-sensory impairment'], ['PD', 'Physical disability'], ['ASD', 'Autistic spectrum disorder'], ['OTH', 'Other difficulty or disability']] as const;
const SETTINGS = [['mainstream', 'Mainstream'], ['resourced-provision', 'Resourced provision'], ['special', 'Special school'], ['independent-special', 'Independent special'], ['alternative-provision', 'Alternative provision'], ['further-education', 'Further education'], ['early-years', 'Early years setting'], ['other', 'Other']] as const;
const PLAN_TYPES = [['new', 'New plan'], ['annual-review', 'After annual review'], ['transfer', 'Transfer']] as const;
const AUDITOR_ROLES = [['send-caseworker', 'SEND caseworker'], ['send-manager', 'SEND manager'], ['educational-psychologist', 'Educational psychologist'], ['health', 'Health'], ['social-care', 'Social care'], ['parent-carer-forum', 'Parent carer forum'], ['senior-leader', 'Senior leader'], ['other', 'Other']] as const;

/** Filter attributes: attribute name → query key. */
const FILTERS = [
  ['phase', 'phase'], ['primaryNeed', 'primaryNeed'], ['settingType', 'settingType'], ['planType', 'planType'],
  ['auditorRole', 'auditorRole'], ['teamRef', 'teamRef'], ['caseworkerRef', 'caseworkerRef'], ['from', 'from'], ['to', 'to'],
  ['frameworkId', 'frameworkId'],
] as const;

const pct = (share: number | null | undefined) => {
  if (share === null || share === undefined) return '–';
  return `${(Math.round(share * 1000 + 1e-9) / 10).toFixed(1)}%`;
};
const points = (pp: number | null) => {
  if (pp === null) return '–';
  const r = (Math.round(Math.abs(pp) * 10 + 1e-9) / 10).toFixed(1);
  return Number(r) === 0 ? '0.0' : `${pp > 0 ? '+' : '\u2212'}${r}`;
};
const interval = (ci: { lower: number; upper: number } | null) => (ci ? `${pct(ci.lower)} to ${pct(ci.upper)}` : '–');

/**
 * The local-area audit summary: whole-plan grades, the section-by-section grid,
 * the comparison with another cycle, the trend across cycles with the KPI line,
 * the criteria most often not met, the narrative, and every audit (each opens
 * `<ehcp-plan-report>`). Filters are form controls that update the view; exports
 * download the CSV or open the printable report.
 *
 * Every chart is SVG with a visible title and an accessible name, and its data is
 * one "Show data" toggle away as a table. Grades are shown with patterns and
 * labels as well as colours.
 *
 * @summary Quality dashboard for SEND and quality leads: a cycle's audit results, live.
 *
 * @event ehcp-report-filter-change - {@link ReportFilterChangeEvent} when the user changes a filter.
 *
 * @csspart chart - Each chart figure.
 * @csspart grade - A grade badge in the audit list.
 *
 * @cssproperty [--ehcp-font-family='GDS Transport', arial, sans-serif] - Typeface.
 * @cssproperty --ehcp-grade-<colour> - Fill of a grade in charts and badges (`--ehcp-grade-<colour>-text` for its ink).
 */
@customElement('ehcp-audit-summary')
export class EhcpAuditSummary extends LitElement {
  static override styles = [tokens, chartStyles, styles];

  /** Where the adapter is mounted, for example `/qa`. */
  @property({ attribute: 'api-base' }) apiBase = '';
  /** Bearer token for the default client (property only). Until it is set, an element with only `api-base` waits. */
  @property({ attribute: false }) token?: string;
  /** `same-origin` or `include` when the adapter signs users in with a cookie: the default client then sends requests without a token. */
  @property() credentials = '';
  /** A client to use instead of the provided or default one. */
  @property({ attribute: false }) reportsClient?: ReportsClient;
  /** The cycle to report on; empty for a date range or all audits. */
  @property({ attribute: 'cycle-id', reflect: true }) cycleId = '';
  /** A second cycle to compare with (the baseline). */
  @property({ attribute: 'compare-cycle-id', reflect: true }) compareCycleId = '';
  /** Filter: phase (`primary`, `secondary`…). */
  @property({ reflect: true }) phase = '';
  /** Filter: primary need (SEN2 code). */
  @property({ attribute: 'primary-need', reflect: true }) primaryNeed = '';
  /** Filter: setting type. */
  @property({ attribute: 'setting-type', reflect: true }) settingType = '';
  /** Filter: plan type. */
  @property({ attribute: 'plan-type', reflect: true }) planType = '';
  /** Filter: the auditor's profession. */
  @property({ attribute: 'auditor-role', reflect: true }) auditorRole = '';
  /** Filter: team reference. */
  @property({ attribute: 'team-ref', reflect: true }) teamRef = '';
  /** Filter: caseworker reference. */
  @property({ attribute: 'caseworker-ref', reflect: true }) caseworkerRef = '';
  /** Filter: completed on or after (ISO date). */
  /**
   * The framework reported on: `ehcp-plan` (the default on the server),
   * `ehcp-annual-review` or `ehcp-advice`. The summary of each is its own.
   */
  @property({ attribute: 'framework-id', reflect: true }) frameworkId = '';
  @property({ reflect: true }) from = '';
  /** Filter: completed on or before (ISO date). */
  @property({ reflect: true }) to = '';
  /** The figures to show; set it to render without fetching (fetched results are stored here too). */
  @property({ attribute: false }) data?: AuditSummaryData;
  /** Shows an editor for the cycle's narrative (set it for managers; the server still checks the role). */
  @property({ type: Boolean, attribute: 'editable-narrative' }) editableNarrative = false;
  /** Heading level of the element's title (default 2). */
  @property({ type: Number, attribute: 'heading-level' }) headingLevel = 2;
  /** Wording overrides. */
  @property({ attribute: false }) strings?: Partial<AuditSummaryStrings>;

  @consume({ context: qaClientContext, subscribe: true })
  @state()
  private providedClient?: QaClient;
  @state() private _loading = false;
  @state() private _error = '';
  @state() private _sort: 'order' | 'worst' = 'order';
  @state() private _openAuditId = '';
  @state() private _moreAudits: ReportAuditItem[] = [];
  @state() private _nextCursor: string | null = null;
  @state() private _editing = false;
  @state() private _saveMessage = '';
  private _request = 0;

  override willUpdate(changed: PropertyValues<this>): void {
    const watched = ['apiBase', 'token', 'credentials', 'reportsClient', 'providedClient', 'cycleId', 'compareCycleId', ...FILTERS.map(([p]) => p)] as const;
    if (watched.some((p) => changed.has(p as keyof EhcpAuditSummary)) && this.client) void this.load();
  }

  private get connection(): Connection<ReportsClient> {
    return connect<ReportsClient>({
      own: this.reportsClient, provided: this.providedClient, apiBase: this.apiBase, token: this.token, credentials: this.credentials,
      fromHttp: (options) => new ReportsHttpClient(options),
    });
  }

  private get client(): ReportsClient | undefined {
    const connection = this.connection;
    return connection.kind === 'client' ? connection.client : undefined;
  }

  private get t(): AuditSummaryStrings {
    const framework = this.data?.framework;
    const subject = framework ? frameworkSubject(framework) : 'plan';
    const base = subject === 'plan' ? auditSummaryStrings : { ...auditSummaryStrings, ...auditSummarySubjectStrings[subject] };
    return mergeStrings(base, this.strings);
  }

  /** The filters now in force, as a report query. */
  get query(): ReportQuery {
    const q: ReportQuery = {};
    if (this.cycleId) q.cycleId = this.cycleId;
    if (this.compareCycleId) q.compareCycleId = this.compareCycleId;
    for (const [prop, key] of FILTERS) if (this[prop]) q[key] = this[prop];
    return q;
  }

  /** Fetches every part of the report for the current filters. */
  async load(): Promise<void> {
    const client = this.client;
    if (!client) return;
    const request = ++this._request;
    this._loading = true;
    this._error = '';
    try {
      const query = this.query;
      const [summary, cycles, trend] = await Promise.all([client.getAuditSummary(query), client.listCycles(), client.getTrend(query)]);
      const framework = this.data?.framework && this.data.framework.id === summary.scope.framework.id && this.data.framework.version === summary.scope.framework.version
        ? this.data.framework
        : await client.getFramework(summary.scope.framework.id, summary.scope.framework.version);
      const comparison = query.cycleId && query.compareCycleId && query.compareCycleId !== query.cycleId
        ? await client.compareCycles({ ...query, cycleId: query.cycleId, compareCycleId: query.compareCycleId })
        : null;
      const gaps = await client.getCriteriaGaps({ ...query, top: 10 });
      if (request !== this._request) return;
      this.data = { summary, framework, cycles, comparison, trend, gaps };
      this._moreAudits = [];
      this._nextCursor = summary.audits.nextCursor;
    } catch (error) {
      if (request === this._request) this._error = error instanceof Error ? error.message : String(error);
    } finally {
      if (request === this._request) this._loading = false;
    }
  }

  private _onFilter(prop: (typeof FILTERS)[number][0] | 'cycleId' | 'compareCycleId', value: string): void {
    (this as unknown as Record<string, string>)[prop] = value;
    this.dispatchEvent(new ReportFilterChangeEvent(this.query));
  }

  private _clearFilters(): void {
    for (const [prop] of FILTERS) (this as unknown as Record<string, string>)[prop] = '';
    this.dispatchEvent(new ReportFilterChangeEvent(this.query));
  }

  private async _more(): Promise<void> {
    const client = this.client;
    if (!client || !this._nextCursor) return;
    try {
      const page = await client.getAuditSummary({ ...this.query, cursor: this._nextCursor });
      this._moreAudits = [...this._moreAudits, ...page.audits.items];
      this._nextCursor = page.audits.nextCursor;
    } catch (error) {
      this._error = error instanceof Error ? error.message : String(error);
    }
  }

  private async _export(format: 'csv' | 'html'): Promise<void> {
    const client = this.client;
    if (!client) return;
    const slug = this.data?.summary.scope.cycle?.name.toLowerCase().replace(/[^a-z0-9]+/g, '-') ?? 'all';
    try {
      if (format === 'html' && client.createExportLink) {
        // A one-time link to the adapter, opened with noopener: the report is a page of the adapter with its own
        // Content-Security-Policy, never a blob: page in this page's origin, and it cannot reach this page.
        const { url } = await client.createExportLink({ ...this.query, format });
        const a = document.createElement('a');
        a.href = url;
        a.target = '_blank';
        a.rel = 'noopener noreferrer';
        a.click();
        return;
      }
      // CSV, or a client without links: a download (a saved file does not run in this page's origin).
      const blob = await client.exportAuditSummary({ ...this.query, format });
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = format === 'csv' ? `ehcp-qa-audits-${slug}.csv` : `ehcp-qa-report-${slug}.html`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (error) {
      this._error = error instanceof Error ? error.message : String(error);
    }
  }

  private async _saveNarrative(form: HTMLFormElement): Promise<void> {
    const client = this.client;
    const summary = this.data?.summary;
    const narrative = summary?.narrative;
    if (!client || !summary || !narrative || !this.data) return;
    const data = new FormData(form);
    const recommendations: Record<string, string> = {};
    for (const s of summary.figures.sections) recommendations[s.sectionId] = String(data.get(`rec-${s.sectionId}`) ?? '');
    try {
      const saved = await client.updateCycleNarrative(narrative.cycleId, { context: String(data.get('context') ?? ''), recommendations }, narrative.version);
      this.data = { ...this.data, summary: { ...summary, narrative: saved } };
      this._editing = false;
      this._saveMessage = this.t.narrativeSaved;
    } catch (error) {
      this._saveMessage = `${this.t.narrativeNotSaved} ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  // ── rendering helpers ──────────────────────────────────────────────────────

  private heading(level: number, text: string, id?: string): TemplateResult {
    const l = Math.min(6, Math.max(2, level));
    switch (l) {
      case 2: return html`<h2 id=${id ?? nothing}>${text}</h2>`;
      case 3: return html`<h3 id=${id ?? nothing}>${text}</h3>`;
      case 4: return html`<h4 id=${id ?? nothing}>${text}</h4>`;
      case 5: return html`<h5 id=${id ?? nothing}>${text}</h5>`;
      default: return html`<h6 id=${id ?? nothing}>${text}</h6>`;
    }
  }

  private barRow(label: string, d: GradeDistribution, note?: string): BarRow {
    return {
      label,
      note: note ?? `n = ${d.graded}`,
      emptyText: this.t.noGraded,
      segments: d.grades.map((g) => ({ key: g.grade, label: g.label, value: g.share ?? 0, text: pct(g.share), colour: g.colour })),
    };
  }

  private distributionTable(caption: string, d: GradeDistribution, framework?: Framework): TemplateResult {
    const t = this.t;
    return html`<table>
      <caption>${caption}</caption>
      <thead><tr><th scope="col">${t.grade}</th><th scope="col" class="num">${t.plans}</th><th scope="col" class="num">${t.share}</th><th scope="col" class="num">${t.interval}</th></tr></thead>
      <tbody>
        ${d.grades.map((g) => html`<tr data-grade=${g.grade}><th scope="row">${g.label}</th><td class="num">${g.count}</td><td class="num">${pct(g.share)}</td><td class="num">${interval(g.ci)}</td></tr>`)}
        ${d.notApplicable > 0 ? html`<tr data-grade="na"><th scope="row">${framework?.scale.notApplicableLabel ?? t.notApplicable} ${framework ? '(not in shares)' : ''}</th><td class="num">${d.notApplicable}</td><td class="num">–</td><td class="num">–</td></tr>` : nothing}
        <tr><th scope="row">${t.graded}</th><td class="num">${d.graded}</td><td class="num">${d.graded ? '100.0%' : '–'}</td><td></td></tr>
      </tbody>
    </table>`;
  }

  private expectedLabel(summary: AuditSummary, framework?: Framework): string {
    const id = framework?.scale.expected;
    return summary.figures.overall.grades.find((g) => g.grade === id)?.label ?? framework?.scale.levels.find((l) => l.id === id)?.label ?? 'Good';
  }

  private renderFilters(): TemplateResult {
    const t = this.t;
    const cycles = this.data?.cycles ?? [];
    const select = (prop: (typeof FILTERS)[number][0] | 'cycleId' | 'compareCycleId', label: string, options: readonly (readonly [string, string])[], anyLabel = t.any) => html`
      <div class="field">
        <label for="f-${prop}">${label}</label>
        <select id="f-${prop}" name=${prop} .value=${(this as unknown as Record<string, string>)[prop] ?? ''}
          @change=${(e: Event) => this._onFilter(prop, (e.target as HTMLSelectElement).value)}>
          <option value="" ?selected=${!(this as unknown as Record<string, string>)[prop]}>${anyLabel}</option>
          ${options.map(([value, text]) => html`<option value=${value} ?selected=${(this as unknown as Record<string, string>)[prop] === value}>${text}</option>`)}
        </select>
      </div>`;
    const input = (prop: 'teamRef' | 'caseworkerRef' | 'from' | 'to', label: string, type: 'text' | 'date') => html`
      <div class="field">
        <label for="f-${prop}">${label}</label>
        <input id="f-${prop}" name=${prop} type=${type} .value=${this[prop]} autocomplete="off"
          @change=${(e: Event) => this._onFilter(prop, (e.target as HTMLInputElement).value.trim())} />
      </div>`;
    const cycleOptions = cycles.map((c) => [c.id, c.name] as const);
    return html`<form class="filters-form" @submit=${(e: Event) => e.preventDefault()}>
      <fieldset>
        <legend>${t.filtersHeading}</legend>
        <div class="filters">
          ${select('cycleId', t.cycleLabel, cycleOptions, t.allCycles)}
          ${select('compareCycleId', t.compareLabel, cycleOptions.filter(([id]) => id !== this.cycleId), t.noComparison)}
          ${this.cycleId ? nothing : html`${input('from', t.fromLabel, 'date')}${input('to', t.toLabel, 'date')}`}
          ${select('phase', t.phaseLabel, PHASES)}
          ${select('primaryNeed', t.primaryNeedLabel, NEEDS)}
          ${select('settingType', t.settingTypeLabel, SETTINGS)}
          ${select('planType', t.planTypeLabel, PLAN_TYPES)}
          ${select('auditorRole', t.auditorRoleLabel, AUDITOR_ROLES)}
          ${input('teamRef', t.teamLabel, 'text')}
          ${input('caseworkerRef', t.caseworkerLabel, 'text')}
        </div>
        <p><button type="button" class="button button--secondary" @click=${() => this._clearFilters()}>${t.resetFilters}</button></p>
      </fieldset>
    </form>`;
  }

  private renderHeadline(summary: AuditSummary, framework?: Framework): TemplateResult {
    const t = this.t;
    const f = summary.figures;
    const worst = f.overall.grades.at(-1);
    const minutes = f.medianActiveSeconds === null ? '–' : `${Math.round(f.medianActiveSeconds / 60)} min`;
    return html`<ul class="headline" aria-label="Headline figures">
      <li><strong data-figure="audits">${f.audits}</strong>${t.plansAudited(f.audits)}</li>
      <li><strong data-figure="good-or-better">${pct(f.overall.goodOrBetter.share)}</strong>${this.expectedLabel(summary, framework)} ${t.orBetter} (${f.overall.goodOrBetter.count})</li>
      ${worst ? html`<li><strong data-figure="worst">${pct(worst.share)}</strong>${worst.label} (${worst.count})</li>` : nothing}
      <li><strong data-figure="median">${minutes}</strong>${t.medianTime}</li>
    </ul>
    ${this.renderModeration(summary)}`;
  }

  /** How many plans were moderated (their agreed grades are used); nothing when none was. */
  private renderModeration(summary: AuditSummary): TemplateResult | typeof nothing {
    const m = summary.moderation;
    if (!m || (m.moderatedPlans === 0 && m.plansInModeration === 0)) return nothing;
    const t = this.t;
    const plans = summary.figures.audits;
    return html`<p class="summary__moderation" data-figure="moderation">${[
      m.moderatedPlans > 0 ? t.moderatedPlans(m.moderatedPlans, plans) : '',
      m.plansInModeration > 0 ? t.plansInModeration(m.plansInModeration, plans, m.moderatedPlans > 0) : '',
    ].filter(Boolean).join(' ')}</p>`;
  }

  private legend(id: string, d: GradeDistribution): TemplateResult {
    return chartLegend(id, d.grades.map((g) => ({ key: g.grade, label: g.label, colour: g.colour })));
  }

  private renderOverall(summary: AuditSummary, framework?: Framework): TemplateResult {
    const t = this.t;
    const d = summary.figures.overall;
    const scope = summary.scope.cycle?.name ?? t.heading;
    return chartFigure({
      id: 'overall',
      title: `${t.overallHeading}: share of graded plans`,
      level: 4,
      chart: stackedBarChart({ id: 'overall-chart', title: `${t.overallHeading}: ${scope}`, description: d.grades.map((g) => `${g.label} ${pct(g.share)} (${g.count})`).join(', '), rows: [this.barRow(scope, d)] }),
      legend: this.legend('overall', d),
      table: this.distributionTable(`${t.overallHeading}, ${scope}`, d, framework),
      toggleLabel: t.showData,
    });
  }

  private renderSections(summary: AuditSummary, framework?: Framework): TemplateResult {
    const t = this.t;
    const sections = [...summary.figures.sections];
    const ranked = sections.filter((s) => s.goodOrBetter.share !== null).sort((a, b) => a.goodOrBetter.share! - b.goodOrBetter.share!);
    const weakest = new Set(ranked.slice(0, 3).map((s) => s.sectionId));
    if (this._sort === 'worst') sections.sort((a, b) => (a.goodOrBetter.share ?? 2) - (b.goodOrBetter.share ?? 2) || a.sectionId.localeCompare(b.sectionId));
    const good = this.expectedLabel(summary, framework);
    const levels = summary.figures.overall.grades;
    return html`<section class="block" aria-labelledby="sections-heading">
      ${this.heading(this.headingLevel + 1, t.sectionsHeading, 'sections-heading')}
      <div class="toolbar">
        <div class="field">
          <label for="sort">${t.sortLabel}</label>
          <select id="sort" .value=${this._sort} @change=${(e: Event) => (this._sort = (e.target as HTMLSelectElement).value as 'order' | 'worst')}>
            <option value="order" ?selected=${this._sort === 'order'}>${t.sortOrder}</option>
            <option value="worst" ?selected=${this._sort === 'worst'}>${t.sortWorst}</option>
          </select>
        </div>
      </div>
      ${chartFigure({
        id: 'sections',
        title: `${t.sectionsHeading}: share of graded sections`,
        level: 4,
        chart: stackedBarChart({
          id: 'sections-chart',
          title: `${t.sectionsHeading}: share of graded sections per grade`,
          description: `Weakest sections: ${ranked.slice(0, 3).map((s) => `${s.sectionId} (${pct(s.goodOrBetter.share)} ${good} ${t.orBetter})`).join(', ')}.`,
          labelWidth: 110,
          rows: sections.map((s) => this.barRow(`${weakest.has(s.sectionId) ? '▼ ' : ''}${sectionWord(framework)} ${s.sectionId}`, s, `${pct(s.goodOrBetter.share)} ≥ ${good}`)),
        }),
        legend: this.legend('sections', summary.figures.overall),
        toggleLabel: t.showData,
        table: html`<table class="sections-table">
          <caption>${t.sectionsHeading}: sections graded at each level (Not applicable counted apart)</caption>
          <thead><tr><th scope="col">${sectionWord(framework) === 'Part' ? t.part : t.section}</th>${levels.map((l) => html`<th scope="col" class="num">${l.label}</th>`)}<th scope="col" class="num">${good} ${t.orBetter}</th><th scope="col" class="num">${t.notApplicable}</th><th scope="col" class="num">${t.graded}</th></tr></thead>
          <tbody>${sections.map((s) => html`<tr data-section=${s.sectionId}>
            <th scope="row">${s.title}${weakest.has(s.sectionId) ? html`<span class="tag">${t.weakest}</span>` : nothing}</th>
            ${s.grades.map((g) => html`<td class="num" data-grade=${g.grade}>${pct(g.share)} (${g.count})</td>`)}
            <td class="num" data-figure="good-or-better">${pct(s.goodOrBetter.share)}</td><td class="num">${s.notApplicable}</td><td class="num">${s.graded}</td></tr>`)}</tbody>
        </table>`,
      })}
    </section>`;
  }

  private renderComparison(comparison: CycleComparison, summary: AuditSummary, framework?: Framework): TemplateResult {
    const t = this.t;
    const good = this.expectedLabel(summary, framework);
    const a = comparison.baseline.cycle.name;
    const b = comparison.current.cycle.name;
    const toDistribution = (which: 'baseline' | 'current'): GradeDistribution => {
      const grades = comparison.overall.grades.map((g) => {
        const src = summary.figures.overall.grades.find((x) => x.grade === g.grade);
        return { ...g[which], grade: g.grade, label: g.label, colour: src?.colour ?? 'grey', rank: src?.rank ?? 0 };
      });
      return { graded: comparison[which].audits, notApplicable: 0, notApplicableShare: null, ungraded: 0, grades, goodOrBetter: comparison.overall.goodOrBetter[which] };
    };
    const row = (label: string, c: { baseline: Proportion; current: Proportion; change: CycleComparison['overall']['goodOrBetter']['change'] }, key: string) => html`<tr data-measure=${key}>
      <th scope="row">${label}</th>
      <td class="num">${pct(c.baseline.share)} (${c.baseline.count}/${c.baseline.n})</td>
      <td class="num">${pct(c.current.share)} (${c.current.count}/${c.current.n})</td>
      <td class="num">${points(c.change.percentagePoints)}</td>
      <td class="num">${c.change.ci ? `${points(c.change.ci.lower * 100)} to ${points(c.change.ci.upper * 100)}` : '–'}</td>
      <td>${c.change.significant ? html`<span class="tag tag--significant">${t.largerThanChance}</span>` : t.withinChance}</td></tr>`;
    return html`<section class="block" aria-labelledby="compare-heading">
      ${this.heading(this.headingLevel + 1, `${t.comparisonHeading}: ${a} and ${b}`, 'compare-heading')}
      ${chartFigure({
        id: 'compare',
        title: `${t.overallHeading}: ${a} and ${b}`,
        level: 4,
        chart: stackedBarChart({ id: 'compare-chart', title: `${t.overallHeading}, ${a} compared with ${b}`, rows: [this.barRow(a, toDistribution('baseline')), this.barRow(b, toDistribution('current'))] }),
        legend: this.legend('compare', summary.figures.overall),
        toggleLabel: t.showData,
        open: true,
        table: html`<table class="compare-table">
          <caption>Change from ${a} to ${b}, in percentage points, with 95% intervals</caption>
          <thead><tr><th scope="col">Measure</th><th scope="col" class="num">${a}</th><th scope="col" class="num">${b}</th><th scope="col" class="num">${t.change}</th><th scope="col" class="num">${t.interval}</th><th scope="col">${t.significance}</th></tr></thead>
          <tbody>
            ${row(`Whole plan: ${good} ${t.orBetter}`, comparison.overall.goodOrBetter, 'overall:good-or-better')}
            ${comparison.overall.grades.map((g) => row(`Whole plan: ${g.label}`, g, `overall:${g.grade}`))}
            ${comparison.sections.map((s) => row(`${sectionWord(framework)} ${s.sectionId}: ${good} ${t.orBetter}`, s.goodOrBetter, `${s.sectionId}:good-or-better`))}
          </tbody>
        </table>
        <p>${comparison.method}</p>`,
      })}
    </section>`;
  }

  private renderTrend(trend: Trend, summary: AuditSummary, framework?: Framework): TemplateResult {
    const t = this.t;
    if (trend.points.length === 0) return html``;
    const good = this.expectedLabel(summary, framework);
    const series: LineSeries[] = [
      { key: 'good-or-better', label: `${good} ${t.orBetter}`, values: trend.points.map((p) => p.goodOrBetter.share), colour: 'grey', marker: 'circle', dashed: false },
      ...summary.figures.overall.grades.map((g, i): LineSeries => ({
        key: g.grade, label: g.label, colour: g.colour, values: trend.points.map((p) => p.grades.find((x) => x.grade === g.grade)?.share ?? null),
        marker: (['square', 'triangle', 'diamond', 'cross'] as const)[i % 4], dashed: true,
      })),
    ];
    const kpi = trend.kpi;
    const status = { met: t.kpiMet, 'on-track': t.kpiOnTrack, 'off-track': t.kpiOffTrack, 'no-target': t.kpiNoTarget, 'no-data': t.kpiNoData }[kpi.status];
    return html`<section class="block" aria-labelledby="trend-heading">
      ${this.heading(this.headingLevel + 1, t.trendHeading, 'trend-heading')}
      <p class="kpi kpi--${kpi.status}" data-kpi=${kpi.status}><strong>${status}.</strong> ${kpi.explanation}</p>
      ${chartFigure({
        id: 'trend',
        title: `${t.trendHeading}: share of graded plans`,
        level: 4,
        chart: lineChart({
          id: 'trend-chart',
          title: `${t.trendHeading}: ${good} ${t.orBetter} and each grade's share`,
          xLabels: trend.points.map((p) => p.name),
          series,
          target: kpi.target !== null ? { value: kpi.target, label: `${t.target} ${pct(kpi.target)}` } : null,
        }),
        legend: lineLegend(series),
        toggleLabel: t.showData,
        table: html`<table class="trend-table">
          <caption>${t.trendHeading}</caption>
          <thead><tr><th scope="col">${t.cycle}</th><th scope="col" class="num">${t.plans}</th>${series.map((s) => html`<th scope="col" class="num">${s.label}</th>`)}<th scope="col" class="num">${t.target}</th></tr></thead>
          <tbody>${trend.points.map((p, i) => html`<tr data-cycle=${p.cycleId}><th scope="row">${p.name}</th><td class="num">${p.audits}</td>${series.map((s) => html`<td class="num">${pct(s.values[i])}</td>`)}<td class="num">${p.kpi ? `${pct(p.kpi.target)}${p.kpi.by ? ` by ${p.kpi.by}` : ''}` : '–'}</td></tr>`)}</tbody>
        </table>`,
      })}
    </section>`;
  }

  private renderGaps(gaps: CriteriaGaps, framework?: Framework): TemplateResult {
    const t = this.t;
    return html`<section class="block" aria-labelledby="gaps-heading">
      ${this.heading(this.headingLevel + 1, t.gapsHeading, 'gaps-heading')}
      ${gaps.top.length === 0 ? html`<p>${t.noGraded}.</p>` : html`<table class="gaps-table">
        <caption>Expected-level criteria most often missed in graded sections</caption>
        <thead><tr><th scope="col">${sectionWord(framework) === 'Part' ? t.part : t.section}</th><th scope="col">${t.criterion}</th><th scope="col" class="num">${t.notMet}</th><th scope="col" class="num">${t.share}</th></tr></thead>
        <tbody>${gaps.top.map((g) => html`<tr data-criterion=${g.criterionId}><th scope="row">${g.sectionId}</th><td>${g.text}</td><td class="num">${g.notMet} of ${g.assessed}</td><td class="num">${pct(g.share)}</td></tr>`)}</tbody>
      </table>`}
    </section>`;
  }

  private renderNarrative(summary: AuditSummary, framework?: Framework): TemplateResult {
    const n = summary.narrative;
    const t = this.t;
    const editable = this.editableNarrative && !!n && !!this.client;
    const empty = !n || (!n.context.trim() && Object.keys(n.recommendations).length === 0);
    if (empty && !editable) return html``;
    const paragraphs = (text: string) => text.split(/\n{2,}/).filter((p) => p.trim()).map((p) => html`<p>${p}</p>`);
    const sections = framework?.sections ?? summary.figures.sections.map((s) => ({ id: s.sectionId, title: s.title }));
    const message = this._saveMessage ? html`<p role="status" class="save-message">${this._saveMessage}</p>` : nothing;
    if (editable && this._editing && n) {
      return html`<section class="block narrative" aria-labelledby="narrative-heading">
        ${this.heading(this.headingLevel + 1, t.narrativeHeading, 'narrative-heading')}
        <form class="narrative-form" @submit=${(e: Event) => { e.preventDefault(); void this._saveNarrative(e.target as HTMLFormElement); }}>
          <div class="field"><label for="n-context">${t.contextLabel}</label>
            <textarea id="n-context" name="context" rows="6" maxlength="10000" .value=${n.context}></textarea></div>
          <fieldset><legend>${t.recommendationsHeading}</legend>
            ${sections.map((s) => html`<div class="field"><label for="n-rec-${s.id}">${s.title}</label>
              <textarea id="n-rec-${s.id}" name="rec-${s.id}" rows="2" maxlength="4000" .value=${n.recommendations[s.id] ?? ''}></textarea></div>`)}
          </fieldset>
          <button type="submit" class="button">${t.saveNarrative}</button>
          <button type="button" class="button button--secondary" @click=${() => { this._editing = false; }}>${t.cancel}</button>
        </form>
        ${message}
      </section>`;
    }
    return html`<section class="block narrative" aria-labelledby="narrative-heading">
      ${this.heading(this.headingLevel + 1, t.narrativeHeading, 'narrative-heading')}
      ${n ? paragraphs(n.context) : nothing}
      ${n && Object.keys(n.recommendations).length ? html`${this.heading(this.headingLevel + 2, t.recommendationsHeading)}
        <dl>${sections.filter((s) => n.recommendations[s.id]).map((s) => html`<dt><strong>${s.title}</strong></dt><dd>${paragraphs(n.recommendations[s.id]!)}</dd>`)}</dl>` : nothing}
      ${editable ? html`<button type="button" class="button button--secondary edit-narrative" @click=${() => { this._editing = true; this._saveMessage = ''; }}>${t.editNarrative}</button>` : nothing}
      ${message}
    </section>`;
  }

  private renderAudits(summary: AuditSummary, framework?: Framework): TemplateResult {
    const t = this.t;
    const items = [...summary.audits.items, ...this._moreAudits];
    const grade = (g: string | null) => (g === null ? '–' : framework ? gradeBadge(framework, g) : g === NOT_APPLICABLE ? 'NA' : g);
    return html`<section class="block" aria-labelledby="audits-heading">
      ${this.heading(this.headingLevel + 1, t.auditsHeading, 'audits-heading')}
      <table class="audits-table">
        <caption>${items.length} of ${summary.figures.audits} audits, newest first</caption>
        <thead><tr><th scope="col">${t.plan}</th><th scope="col">${t.completed}</th><th scope="col">${t.auditorRole}</th><th scope="col">${t.overall}</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
        <tbody>${items.map((a) => html`<tr data-audit=${a.id}>
          <th scope="row">${a.planRef}</th>
          <td>${a.completedAt?.slice(0, 10) ?? '–'}</td>
          <td>${AUDITOR_ROLES.find(([v]) => v === a.auditorRole)?.[1] ?? a.auditorRole}</td>
          <td>${grade(a.overallGrade)}</td>
          <td><button type="button" class="link-button open-button" aria-expanded=${this._openAuditId === a.id ? 'true' : 'false'}
            @click=${() => (this._openAuditId = this._openAuditId === a.id ? '' : a.id)}>${this._openAuditId === a.id ? t.close : t.open}<span class="visually-hidden"> ${a.planRef}</span></button></td>
        </tr>`)}</tbody>
      </table>
      ${this._nextCursor && this.client ? html`<button type="button" class="button button--secondary more" @click=${() => this._more()}>${t.more}</button>` : nothing}
      ${this._openAuditId ? html`<div class="report-panel">
        <ehcp-plan-report audit-id=${this._openAuditId} api-base=${this.apiBase} .token=${this.token} credentials=${this.credentials} heading-level=${Math.min(6, this.headingLevel + 2)}></ehcp-plan-report>
      </div>` : nothing}
    </section>`;
  }

  override render(): TemplateResult {
    const t = this.t;
    const data = this.data;
    const summary = data?.summary;
    const framework = data?.framework;
    const scope = summary?.scope.cycle
      ? `${summary.scope.cycle.name} (${summary.scope.cycle.startDate} to ${summary.scope.cycle.endDate})`
      : summary ? (summary.scope.from || summary.scope.to ? `Completed ${summary.scope.from ?? '…'} to ${summary.scope.to ?? '…'}` : 'All audits') : '';
    return html`<div class="summary" part="base" aria-busy=${this._loading ? 'true' : 'false'}>
      ${this.heading(this.headingLevel, t.heading)}
      ${summary ? html`<p class="summary__scope">${scope}. ${summary.scope.framework.title} ${summary.scope.framework.version}.</p>` : nothing}
      ${this.client || data?.cycles ? this.renderFilters() : nothing}
      <div role="status" class="visually-hidden">${this._loading ? t.loading : summary ? `${summary.figures.audits} ${t.plansAudited(summary.figures.audits)}` : ''}</div>
      ${this._error ? html`<div class="error" role="alert"><h3>${t.errorTitle}</h3><p>${this._error}</p></div>` : nothing}
      ${summary ? html`
        ${this.renderHeadline(summary, framework)}
        ${this.client ? html`<section class="exports block" aria-labelledby="exports-heading">
          ${this.heading(this.headingLevel + 1, t.exportsHeading, 'exports-heading')}
          <button type="button" class="button button--secondary" @click=${() => this._export('csv')}>${t.exportCsv}</button>
          <button type="button" class="button button--secondary" @click=${() => this._export('html')}>${t.exportHtml}</button>
        </section>` : nothing}
        <section class="block" aria-labelledby="overall-heading">
          ${this.heading(this.headingLevel + 1, t.overallHeading, 'overall-heading')}
          ${this.renderOverall(summary, framework)}
        </section>
        ${this.renderSections(summary, framework)}
        ${data?.comparison ? this.renderComparison(data.comparison, summary, framework) : nothing}
        ${data?.trend ? this.renderTrend(data.trend, summary, framework) : nothing}
        ${data?.gaps ? this.renderGaps(data.gaps, data.framework) : nothing}
        ${this.renderNarrative(summary, framework)}
        ${this.renderAudits(summary, framework)}
      ` : this._loading ? html`<p>${t.loading}</p>` : data ? nothing : this.renderNoConnection(t)}
    </div>`;
  }

  /** Says why nothing is shown when the element has no data and cannot fetch any. */
  private renderNoConnection(t: AuditSummaryStrings): TemplateResult | typeof nothing {
    const kind = this.connection.kind;
    if (kind === 'none') return html`<p>${t.noClient}</p>`;
    if (kind === 'waiting-for-token') return html`<p role="status">${t.waitingForToken}</p>`;
    return nothing;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ehcp-audit-summary': EhcpAuditSummary;
  }
  interface HTMLElementEventMap {
    'ehcp-report-filter-change': ReportFilterChangeEvent;
  }
}
