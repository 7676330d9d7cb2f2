import { LitElement, html, nothing, svg, type PropertyValues, type SVGTemplateResult, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { chartFigure } from '../shared/charts/index.js';
import { consume } from '@lit/context';
import type { QaClient } from '../shared/api.js';
import { connect, describeError, type Connection } from '../shared/client-host.js';
import { qaClientContext } from '../shared/context.js';
import { mergeStrings } from '../shared/strings.js';
import { BenchmarkHttpClient, type BenchmarkClient, type BenchmarkDistribution, type BenchmarkView, type PublishedDistribution } from './benchmark-client.js';
import { benchmarkChartStrings, type BenchmarkChartStrings } from './benchmark-chart.strings.js';
import styles from './benchmark-chart.styles.js';

type SeriesKey = 'la' | 'region' | 'nation';
/** One bar's figure: a share (with its count and, for the LA, its interval), a suppressed cell, or nothing to show. */
type BarValue =
  | { kind: 'value'; share: number; count: number; interval?: { lower: number; upper: number } | null }
  | { kind: 'suppressed' }
  | { kind: 'none' };

/** Chart widths in SVG units: small multiples use a narrower box so their text stays readable when scaled down. */
const WIDTH = 640;
const COMPACT_WIDTH = 400;
const LEFT = 48;
const RIGHT = 8;
const TOP = 20;

const pct = (share: number, digits = 1) => `${(share * 100).toFixed(digits)}%`;

const longDate = (iso: string) => new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** A quarter as given (`2026-Q3`); two dates in words (`1 September 2026 to 18 December 2026`). */
function periodText(period: BenchmarkView['period']): string {
  return /^\d{4}-\d{2}-\d{2}\.\.\d{4}-\d{2}-\d{2}$/.test(period.label) ? `${longDate(period.start)} to ${longDate(period.end)}` : period.label;
}

/**
 * Compares an LA's plan grades with its region and England, from a hub's published
 * benchmark: grouped bars per grade (this LA, its region, England), the LA's 95%
 * interval, suppressed cells shown as "fewer than 5" (never as zero), the LA's
 * quartile, and every figure as a table behind "Show data".
 *
 * Give it `api-base` (or a `client`) and `period` or `cycle-id`; or give it the
 * `data` property alone (a `BenchmarkView`, for hosts that fetch benchmarks their own way).
 *
 * @summary An LA's grades beside its region and England.
 * @csspart chart - each chart figure (title, chart, key and data table)
 * @cssproperty [--ehcp-benchmark-la=#1d70b8] - fill of this LA's bars
 * @cssproperty [--ehcp-benchmark-region=#d2e2f1] - background of the region's hatched bars
 * @cssproperty [--ehcp-benchmark-nation=#f3f2f1] - background of England's dotted bars
 */
@customElement('ehcp-benchmark-chart')
export class EhcpBenchmarkChart extends LitElement {
  static override styles = styles;

  @consume({ context: qaClientContext, subscribe: true })
  @state()
  private providedClient?: QaClient;
  @state() private loaded?: BenchmarkView;
  @state() private error?: string;
  @state() private loading = false;

  /** Where the adapter is mounted, e.g. `/qa`. */
  @property({ attribute: 'api-base' }) apiBase = '';
  /** Bearer token for the default client (property only). Until it is set, an element with only `api-base` waits. */
  @property({ attribute: false }) token?: string;
  /** `same-origin` or `include` when the adapter signs users in with a cookie: the default client then sends requests without a token. */
  @property() credentials = '';
  /** A client to use instead of the provided or default one. */
  @property({ attribute: false }) client?: BenchmarkClient;
  /** The period: a quarter (`2025-Q3`) or two dates (`2025-09-01..2026-01-31`). */
  @property() period = '';
  /** An audit cycle whose dates are the period (instead of `period`). */
  @property({ attribute: 'cycle-id' }) cycleId = '';
  /** The framework version to compare (default: the newest with a publication for the period). */
  @property({ attribute: 'framework-version' }) frameworkVersion = '';
  /** `overall` (default), a section id such as `F`, or `all` for every section as small multiples. */
  @property() section = 'overall';
  /** What the region and England bars show: `pooled` (share of all plans, default) or `mean` (mean of LA shares). */
  @property() measure: 'pooled' | 'mean' = 'pooled';
  /** Heading level of the title (2 by default; charts use the next level). */
  @property({ type: Number, attribute: 'heading-level' }) headingLevel: 2 | 3 = 2;
  /** The figures to show; when set, nothing is fetched. */
  @property({ attribute: false }) data?: BenchmarkView;
  /** Wording overrides (any subset of `benchmarkChartStrings`). */
  @property({ attribute: false }) strings?: Partial<BenchmarkChartStrings>;

  override willUpdate(changed: PropertyValues<this>): void {
    const inputs = ['apiBase', 'client', 'providedClient', 'token', 'credentials', 'period', 'cycleId', 'frameworkVersion'] as (keyof EhcpBenchmarkChart)[];
    if (!this.data && inputs.some((k) => changed.has(k))) void this.load();
  }

  private get s(): BenchmarkChartStrings {
    return mergeStrings(benchmarkChartStrings, this.strings);
  }

  private get connection(): Connection<BenchmarkClient> {
    return connect<BenchmarkClient>({
      own: this.client, provided: this.providedClient, apiBase: this.apiBase, token: this.token, credentials: this.credentials,
      fromHttp: (options) => new BenchmarkHttpClient(options),
    });
  }

  private resolveClient(): BenchmarkClient | undefined {
    const connection = this.connection;
    return connection.kind === 'client' ? connection.client : undefined;
  }

  private async load(): Promise<void> {
    const client = this.resolveClient();
    if (!client || (!this.period && !this.cycleId)) return;
    this.loading = true;
    this.error = undefined;
    try {
      this.loaded = await client.getBenchmark({
        ...(this.period ? { period: this.period } : { cycleId: this.cycleId }),
        ...(this.frameworkVersion ? { frameworkVersion: this.frameworkVersion } : {}),
      });
    } catch (error) {
      this.loaded = undefined;
      this.error = describeError(error);
    } finally {
      this.loading = false;
    }
  }

  private cellValue(dist: BenchmarkDistribution, series: SeriesKey, grade: string): BarValue {
    if (series === 'la') {
      const cell = dist.la.cells[grade];
      return cell && cell.share !== null ? { kind: 'value', share: cell.share, count: cell.count, interval: cell.interval } : { kind: 'none' };
    }
    const area = series === 'region' ? dist.region : dist.nation;
    if (!area.published) return { kind: 'none' };
    const cell = area.cells[grade];
    if (!cell) return { kind: 'none' };
    if (cell.suppressed) return { kind: 'suppressed' };
    return { kind: 'value', share: this.measure === 'mean' ? cell.meanOfLaShares : cell.pooledShare, count: cell.count };
  }

  private gradeLabel(view: BenchmarkView, grade: string): string {
    return view.grades.find((g) => g.id === grade)?.label ?? grade;
  }

  private seriesOf(view: BenchmarkView, dist: BenchmarkDistribution): { key: SeriesKey; label: string }[] {
    const s = this.s;
    const all: { key: SeriesKey; label: string; area?: PublishedDistribution }[] = [
      { key: 'la', label: s.seriesLa },
      { key: 'region', label: s.seriesRegion(view.regionLabel), area: dist.region },
      { key: 'nation', label: s.seriesNation, area: dist.nation },
    ];
    return all.filter((x) => !x.area || x.area.published).map(({ key, label }) => ({ key, label }));
  }

  private patterns(id: string): SVGTemplateResult {
    return svg`<defs>
      <pattern id="${id}-region" width="8" height="8" patternUnits="userSpaceOnUse">
        <rect width="8" height="8" fill="var(--ehcp-benchmark-region, #d2e2f1)"/>
        <path d="M-1,1 l2,-2 M0,8 l8,-8 M7,9 l2,-2" stroke="#003078" stroke-width="1.5"/>
      </pattern>
      <pattern id="${id}-nation" width="8" height="8" patternUnits="userSpaceOnUse">
        <rect width="8" height="8" fill="var(--ehcp-benchmark-nation, #f3f2f1)"/>
        <circle cx="4" cy="4" r="1.6" fill="#0b0c0c"/>
      </pattern>
    </defs>`;
  }

  private fillOf(id: string, series: SeriesKey): string {
    return series === 'la' ? '' : `url(#${id}-${series})`;
  }

  private renderBars(view: BenchmarkView, dist: BenchmarkDistribution, id: string, title: string, compact: boolean): TemplateResult {
    const s = this.s;
    const series = this.seriesOf(view, dist);
    const plot = compact ? 150 : 210;
    const width = compact ? COMPACT_WIDTH : WIDTH;
    const height = TOP + plot + 44;
    const groupWidth = (width - LEFT - RIGHT) / dist.grades.length;
    const barWidth = Math.min(40, (groupWidth * 0.84) / series.length);
    const y = (share: number) => TOP + (1 - Math.min(1, Math.max(0, share))) * plot;
    const min = view.rules.minCellCount;
    const grid = [0, 0.25, 0.5, 0.75, 1].map((v) => svg`<g class="chart__grid">
      <line x1=${LEFT} x2=${width - RIGHT} y1=${y(v)} y2=${y(v)}/>
      <text x=${LEFT - 6} y=${y(v)} text-anchor="end" dominant-baseline="central">${Math.round(v * 100)}%</text></g>`);
    const groups = dist.grades.map((grade, gi) => {
      const gx = LEFT + gi * groupWidth;
      const start = gx + (groupWidth - series.length * barWidth) / 2;
      const label = this.gradeLabel(view, grade);
      const words = label.split(' ');
      const lines = words.length > 1 && label.length > 12 ? [words.slice(0, Math.ceil(words.length / 2)).join(' '), words.slice(Math.ceil(words.length / 2)).join(' ')] : [label];
      const bars = series.map((ser, si) => {
        const x = start + si * barWidth;
        const value = this.cellValue(dist, ser.key, grade);
        const cx = x + barWidth / 2;
        if (value.kind === 'suppressed') {
          return svg`<g class="bar" data-series=${ser.key} data-grade=${grade} data-suppressed="">
            <title>${ser.label}, ${label}: ${s.fewerThan(min)}</title>
            <rect class="suppressed-slot" x=${x + 1} y=${TOP + plot * 0.35} width=${barWidth - 2} height=${plot * 0.65}/>
            <text class="suppressed-text" transform="translate(${cx} ${TOP + plot - 6}) rotate(-90)" dominant-baseline="central">${s.fewerThan(min)}</text>
          </g>`;
        }
        if (value.kind === 'none') return nothing;
        const top = y(value.share);
        const interval = value.interval && !compact ? svg`<g class="interval" data-lower=${value.interval.lower} data-upper=${value.interval.upper}>
            <line x1=${cx} x2=${cx} y1=${y(value.interval.upper)} y2=${y(value.interval.lower)}/>
            <line x1=${cx - barWidth / 4} x2=${cx + barWidth / 4} y1=${y(value.interval.upper)} y2=${y(value.interval.upper)}/>
            <line x1=${cx - barWidth / 4} x2=${cx + barWidth / 4} y1=${y(value.interval.lower)} y2=${y(value.interval.lower)}/></g>`
          : nothing;
        return svg`<g class="bar" data-series=${ser.key} data-grade=${grade}>
          <title>${ser.label}, ${label}: ${pct(value.share)} (${value.count})</title>
          <rect class=${ser.key === 'la' ? 'bar-la' : ''} data-value=${value.share} x=${x} y=${top} width=${barWidth} height=${TOP + plot - top} fill=${this.fillOf(id, ser.key) || nothing}/>
          <rect class="bar-outline" x=${x} y=${top} width=${barWidth} height=${TOP + plot - top}/>
          ${interval}
          ${compact ? nothing : svg`<text class="chart__value" x=${cx} y=${Math.min(top, value.interval ? y(value.interval.upper) : top) - 5} text-anchor="middle">${pct(value.share, 0)}</text>`}
        </g>`;
      });
      return svg`<g class="group" data-grade=${grade}>
        ${bars}
        <text class="chart__label" x=${gx + groupWidth / 2} y=${TOP + plot + 16} text-anchor="middle" style=${compact ? "font-size: 11px" : nothing}>
          ${lines.map((line, li) => svg`<tspan x=${gx + groupWidth / 2} dy=${li === 0 ? 0 : 14}>${line}</tspan>`)}
        </text>
      </g>`;
    });
    const desc = dist.grades.map((grade) => `${this.gradeLabel(view, grade)}: ${series.map((ser) => {
      const v = this.cellValue(dist, ser.key, grade);
      return `${ser.label} ${v.kind === 'value' ? pct(v.share) : v.kind === 'suppressed' ? s.fewerThan(min) : s.notPublished}`;
    }).join(', ')}`).join('; ');
    return html`<svg class="chart chart--grouped" role="img" aria-labelledby="${id}-title ${id}-desc" viewBox="0 0 ${width} ${height}" width="100%" preserveAspectRatio="xMinYMin meet" focusable="false">
      <title id="${id}-title">${title}</title>
      <desc id="${id}-desc">${desc}.</desc>
      ${this.patterns(id)}
      ${grid}
      <line class="axis" x1=${LEFT} x2=${width - RIGHT} y1=${TOP + plot} y2=${TOP + plot}/>
      ${groups}
    </svg>`;
  }

  private renderLegend(view: BenchmarkView, dist: BenchmarkDistribution, id: string): TemplateResult {
    const swatch = (key: SeriesKey) => html`<svg width="22" height="16" aria-hidden="true" focusable="false">
      ${key === 'la' ? nothing : this.patterns(`${id}-key`)}
      <rect x="0.5" y="0.5" width="21" height="15" class=${key === 'la' ? 'bar-la' : ''} fill=${key === 'la' ? 'var(--ehcp-benchmark-la, #1d70b8)' : `url(#${id}-key-${key})`} stroke="#0b0c0c"/></svg>`;
    return html`<ul class="chart-legend" aria-label="Key">
      ${this.seriesOf(view, dist).map((ser) => html`<li>${swatch(ser.key)}${ser.label}</li>`)}
    </ul>`;
  }

  private renderTable(view: BenchmarkView, dist: BenchmarkDistribution, title: string): TemplateResult {
    const s = this.s;
    const min = view.rules.minCellCount;
    const areaCells = (key: 'region' | 'nation', grade: string) => {
      const area = dist[key];
      if (!area.published) return html`<td class="suppressed" colspan="3">${s.notPublished}</td>`;
      const cell = area.cells[grade];
      if (!cell || cell.suppressed) {
        return html`<td class="num suppressed" data-series=${key} data-grade=${grade} data-suppressed="">${s.fewerThan(min)}</td>
          <td class="num suppressed">${s.fewerThan(min)}</td><td class="num suppressed">${s.fewerThan(min)}</td>`;
      }
      const shown = this.measure === 'mean' ? cell.meanOfLaShares : cell.pooledShare;
      return html`<td class="num">${cell.count}</td>
        <td class="num" data-series=${key} data-grade=${grade} data-value=${shown} ?data-shown=${this.measure === 'pooled'}>${pct(cell.pooledShare)}</td>
        <td class="num" ?data-shown=${this.measure === 'mean'}>${pct(cell.meanOfLaShares)}</td>`;
    };
    const areaTotal = (key: 'region' | 'nation') => {
      const area = dist[key];
      return area.published ? html`<td class="num">${area.plans}</td><td colspan="2">${s.contributors(area.contributors)}</td>` : html`<td colspan="3">${s.notPublished}</td>`;
    };
    return html`<div class="table-wrap" tabindex="0" role="region" aria-label=${s.tableCaption(title)}>
      <table>
        <caption>${s.tableCaption(title)}</caption>
        <thead>
          <tr>
            <td></td>
            <th scope="colgroup" colspan="3">${s.seriesLa}</th>
            <th scope="colgroup" colspan="3">${s.seriesRegion(view.regionLabel)}</th>
            <th scope="colgroup" colspan="3">${s.seriesNation}</th>
          </tr>
          <tr>
            <th scope="col">${s.columnGrade}</th>
            <th scope="col" class="num">${s.columnPlans}</th><th scope="col" class="num">${s.columnShare}</th><th scope="col" class="num">${s.columnInterval}</th>
            <th scope="col" class="num">${s.columnPlans}</th><th scope="col" class="num">${s.columnPooled}</th><th scope="col" class="num">${s.columnMean}</th>
            <th scope="col" class="num">${s.columnPlans}</th><th scope="col" class="num">${s.columnPooled}</th><th scope="col" class="num">${s.columnMean}</th>
          </tr>
        </thead>
        <tbody>
          ${dist.grades.map((grade) => {
            const own = dist.la.cells[grade];
            return html`<tr>
              <th scope="row">${this.gradeLabel(view, grade)}</th>
              <td class="num">${own?.count ?? 0}</td>
              <td class="num" data-series="la" data-grade=${grade} data-value=${own?.share ?? ''}>${own?.share != null ? pct(own.share) : '–'}</td>
              <td class="num">${own?.interval ? `${pct(own.interval.lower)} to ${pct(own.interval.upper)}` : '–'}</td>
              ${areaCells('region', grade)}
              ${areaCells('nation', grade)}
            </tr>`;
          })}
          <tr>
            <th scope="row">${s.rowTotal}</th>
            <td class="num">${dist.la.plans}</td><td colspan="2"></td>
            ${areaTotal('region')}
            ${areaTotal('nation')}
          </tr>
        </tbody>
      </table>
    </div>`;
  }

  private renderFigure(view: BenchmarkView, dist: BenchmarkDistribution, compact: boolean, level: 2 | 3 | 4): TemplateResult {
    const id = `benchmark-${dist.id}`;
    const title = this.s.chartTitle(dist.title);
    const notes = [dist.region, dist.nation].flatMap((area, i) => (area.published ? [] : [this.s.areaNotPublished(i === 0 ? view.regionLabel : this.s.seriesNation, area.reason)]));
    return html`<div class="distribution" data-distribution=${dist.id}>
      ${chartFigure({
        id,
        title,
        level,
        chart: this.renderBars(view, dist, id, title, compact),
        legend: html`${this.renderLegend(view, dist, id)}${notes.length ? html`<p class="notes">${notes.join(' ')}</p>` : nothing}`,
        table: this.renderTable(view, dist, dist.title),
        toggleLabel: this.s.showData,
      })}
    </div>`;
  }

  private renderPositions(view: BenchmarkView, dist: BenchmarkDistribution): TemplateResult {
    const s = this.s;
    const expected = view.grades.find((g) => g.id === view.expected)?.label ?? s.expectedOrBetter;
    const line = (area: string, q: BenchmarkDistribution['position']['nation']) =>
      q ? s.position(area, q.quartile, s.quartileLabel(q.quartile), q.among, expected) : s.positionUnknown(area);
    return html`<p class="positions-lead">${s.positionsLead(dist.title)}</p>
    <ul class="positions">
      <li data-position="region">${line(view.regionLabel, dist.position.region)}</li>
      <li data-position="nation">${line(s.seriesNation, dist.position.nation)}</li>
    </ul>`;
  }

  private heading(level: 2 | 3, text: string): TemplateResult {
    return level === 3 ? html`<h3 class="heading">${text}</h3>` : html`<h2 class="heading">${text}</h2>`;
  }

  override render(): TemplateResult {
    const s = this.s;
    const view = this.data ?? this.loaded;
    if (!view) {
      if (this.error) {
        return html`<div class="error" role="alert">${this.heading(this.headingLevel, s.errorTitle)}<p>${this.error}</p></div>`;
      }
      const connection = this.connection;
      if (!this.loading && (this.period || this.cycleId) && connection.kind === 'none') return html`<p>${s.noClient}</p>`;
      if (!this.loading && (this.period || this.cycleId) && connection.kind === 'waiting-for-token') return html`<p role="status">${s.waitingForToken}</p>`;
      return html`<p role="status">${this.loading ? s.loading : s.noData}</p>`;
    }
    const level = this.headingLevel;
    const sub = (level + 1) as 3 | 4;
    const all = this.section === 'all';
    const chosen = view.distributions.find((d) => d.id === (all ? 'overall' : this.section)) ?? view.distributions.find((d) => d.id === 'overall') ?? view.distributions[0]!;
    const published = new Date(view.source.publishedAt);
    const date = Number.isNaN(published.getTime()) ? view.source.publishedAt : published.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    return html`
      ${this.heading(level, s.title(periodText(view.period)))}
      ${view.source.sampleData ? html`<p class="sample" data-sample="">${s.sampleData}</p>` : nothing}
      <p class="meta">${s.source(view.source.hubId, date, view.source.via)} ${s.framework(view.frameworkId, view.frameworkVersion)}</p>
      ${this.renderPositions(view, chosen)}
      <p class="notes">${this.measure === 'mean' ? s.meanNote : s.pooledNote} ${s.intervalNote}</p>
      ${all
        ? html`${this.heading(sub === 4 ? 3 : 2, s.allSectionsTitle)}
            <div class="multiples">${view.distributions.filter((d) => d.id !== 'overall').map((d) => this.renderFigure(view, d, true, sub === 4 ? 4 : 3))}</div>`
        : this.renderFigure(view, chosen, false, sub)}
      ${this.renderFeedback(view, sub === 4 ? 3 : 2)}
    `;
  }

  /** Feedback shares beside the region and England, when the publication has them. */
  private renderFeedback(view: BenchmarkView, level: 2 | 3): TemplateResult | typeof nothing {
    const s = this.s;
    if (!view.feedback?.length) return nothing;
    const area = (a: NonNullable<BenchmarkView['feedback']>[number]['nation'], label: string) =>
      a.published ? s.feedbackShare(a.share, a.answered) : html`<span title=${a.reason}>${s.feedbackNotPublished}</span><span class="visually-hidden"> (${label}: ${a.reason})</span>`;
    return html`<section class="feedback" data-feedback="">
      ${this.heading(level, s.feedbackHeading)}
      <table>
        <caption>${s.feedbackCaption}</caption>
        <thead><tr><th scope="col">${s.columnQuestion}</th><th scope="col">${s.columnThisLa}</th><th scope="col">${view.regionLabel}</th><th scope="col">England</th></tr></thead>
        <tbody>${view.feedback.map((f) => html`<tr data-question=${`${f.questionnaireId}/${f.questionId}`}>
          <th scope="row">${f.text}</th>
          <td>${f.la ? s.feedbackShare(f.la.share, f.la.answered) : s.feedbackNotShown}</td>
          <td>${area(f.region, view.regionLabel)}</td>
          <td>${area(f.nation, 'England')}</td>
        </tr>`)}</tbody>
      </table>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ehcp-benchmark-chart': EhcpBenchmarkChart;
  }
}
