/**
 * SVG chart primitives for the elements: a horizontal stacked bar chart and a line
 * chart with an optional target line, plus a figure wrapper that gives every chart
 * a visible title and its data as a table behind a "Show data" toggle.
 *
 * Rules they keep, so any element using them is accessible:
 * - every chart is `<svg role="img">` with an accessible name (its title) and a
 *   short description;
 * - nobody has to read a colour: each segment has a pattern and a dark outline,
 *   each series a distinct marker and dash, and labels carry the numbers;
 * - the same figures are in a real table (`chartFigure`'s `table`), inside a
 *   native `<details>` so the toggle works by keyboard without any script.
 *
 * They are plain functions returning Lit templates: no state, no custom element.
 * Include `chartStyles` in the host element's `static styles`.
 *
 * @example
 * import { chartFigure, stackedBarChart, chartStyles } from '../shared/charts/index.js';
 * chartFigure({
 *   id: 'overall',
 *   title: 'Whole-plan grades',
 *   chart: stackedBarChart({ id: 'overall', title: 'Whole-plan grades', rows: [{ label: 'Autumn', segments: [
 *     { key: 'good', label: 'Good', value: 0.437, text: '43.7%', colour: 'good' },
 *     { key: 'requires-improvement', label: 'Requires improvement', value: 0.254, text: '25.4%', colour: 'requires-improvement' },
 *   ] }] }),
 *   table: html`<table>…</table>`,
 * });
 */
import { html, nothing, svg, type SVGTemplateResult, type TemplateResult } from 'lit';
import { gradeColourDefaults } from '../tokens.js';

/** Pattern names, given to segments by position so neighbours always differ. */
export const CHART_PATTERNS = ['solid', 'diagonal', 'dots', 'crosshatch', 'horizontal', 'vertical'] as const;
export type ChartPattern = (typeof CHART_PATTERNS)[number];

/** One piece of a stacked bar. */
export interface BarSegment {
  /** Stable key (a grade id). */
  key: string;
  /** What the segment is, for the legend and the tooltip. */
  label: string;
  /** Its share of the bar, 0–1. Segments of a row should add up to at most 1. */
  value: number;
  /** The text drawn on the segment when it fits, e.g. "43.7%". */
  text?: string;
  /** Colour token name (the scale's `colour`), e.g. `good`; see `gradeColourDefaults`. */
  colour: string;
  /** Defaults to the segment's position in `CHART_PATTERNS`. */
  pattern?: ChartPattern;
}

/** One bar: a label and its segments. */
export interface BarRow {
  label: string;
  segments: BarSegment[];
  /** Shown instead of a bar when there is nothing to draw, e.g. "No graded plans". */
  emptyText?: string;
  /** Extra text after the bar (e.g. "n = 71"). */
  note?: string;
}

export interface StackedBarOptions {
  /** Unique within the host's shadow root; prefixes the ids of titles and patterns. */
  id: string;
  /** The accessible name (also shown by `chartFigure`). */
  title: string;
  /** A sentence that sums the chart up for screen-reader users. */
  description?: string;
  rows: BarRow[];
  /** Width of the label column in SVG units (the chart is 640 wide). Default 150. */
  labelWidth?: number;
}

const WIDTH = 640;

/** Colours of a token name: the host's CSS custom property, falling back to the default pair. */
function colours(colour: string): { fill: string; ink: string } {
  const [bg, text] = gradeColourDefaults[colour] ?? gradeColourDefaults['grey']!;
  return { fill: `var(--ehcp-grade-${colour}, ${bg})`, ink: `var(--ehcp-grade-${colour}-text, ${text})` };
}

function patternOf(segment: BarSegment, index: number): ChartPattern {
  return segment.pattern ?? CHART_PATTERNS[index % CHART_PATTERNS.length]!;
}

/** The `<pattern>` for a fill: drawn in the dark ink over the pale fill. */
function patternDef(id: string, pattern: ChartPattern, colour: string): SVGTemplateResult {
  const { fill, ink } = colours(colour);
  const marks: Record<ChartPattern, SVGTemplateResult> = {
    solid: svg``,
    diagonal: svg`<path d="M-1,1 l2,-2 M0,8 l8,-8 M7,9 l2,-2" stroke=${ink} stroke-width="1.5"/>`,
    dots: svg`<circle cx="4" cy="4" r="1.6" fill=${ink}/>`,
    crosshatch: svg`<path d="M0,0 L8,8 M8,0 L0,8" stroke=${ink} stroke-width="1.2"/>`,
    horizontal: svg`<path d="M0,4 H8" stroke=${ink} stroke-width="1.5"/>`,
    vertical: svg`<path d="M4,0 V8" stroke=${ink} stroke-width="1.5"/>`,
  };
  return svg`<pattern id=${id} width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill=${fill}/>${marks[pattern]}</pattern>`;
}

const patternId = (chartId: string, key: string) => `${chartId}-pat-${key.replace(/[^A-Za-z0-9_-]/g, '_')}`;

/**
 * A horizontal stacked bar chart: one bar per row, segments left to right. Each
 * segment is the pale grade colour with a patterned strip along its bottom and a
 * dark outline, and shows its `text` when wide enough.
 */
export function stackedBarChart(options: StackedBarOptions): TemplateResult {
  const { id, title, rows } = options;
  const labelWidth = options.labelWidth ?? 150;
  const barX = labelWidth + 8;
  const barWidth = WIDTH - barX - 64;
  const rowHeight = 34;
  const barHeight = 26;
  const height = rows.length * rowHeight + 4;
  const defs = new Map<string, SVGTemplateResult>();
  rows.forEach((row) => row.segments.forEach((s, i) => {
    const pid = patternId(id, s.key);
    if (!defs.has(pid)) defs.set(pid, patternDef(pid, patternOf(s, i), s.colour));
  }));
  const bars = rows.map((row, r) => {
    const y = r * rowHeight + 2;
    const label = svg`<text class="chart__label" x=${labelWidth} y=${y + barHeight / 2} text-anchor="end" dominant-baseline="central">${truncate(row.label, labelWidth)}</text>`;
    const total = row.segments.reduce((s, x) => s + Math.max(0, x.value), 0);
    if (total <= 0) {
      return svg`<g>${label}<rect x=${barX} y=${y} width=${barWidth} height=${barHeight} class="chart__empty"/><text class="chart__empty-text" x=${barX + 8} y=${y + barHeight / 2} dominant-baseline="central">${row.emptyText ?? 'No data'}</text></g>`;
    }
    let x = barX;
    const pieces = row.segments.map((s) => {
      const w = Math.max(0, s.value) * barWidth;
      const { fill, ink } = colours(s.colour);
      const piece = svg`<g class="chart__segment" data-key=${s.key}>
        <title>${row.label}: ${s.label} ${s.text ?? ''}</title>
        <rect x=${x} y=${y} width=${w} height=${barHeight} fill=${fill}/>
        <rect x=${x} y=${y + barHeight - 9} width=${w} height="9" fill=${`url(#${patternId(id, s.key)})`}/>
        <rect x=${x} y=${y} width=${w} height=${barHeight} fill="none" stroke=${ink} stroke-width="1"/>
        ${s.text && w >= textWidth(s.text) + 6 ? svg`<text class="chart__value" x=${x + w / 2} y=${y + (barHeight - 9) / 2 + 1} text-anchor="middle" dominant-baseline="central" fill=${ink}>${s.text}</text>` : nothing}
      </g>`;
      x += w;
      return piece;
    });
    const note = row.note ? svg`<text class="chart__note" x=${barX + barWidth + 6} y=${y + barHeight / 2} dominant-baseline="central">${row.note}</text>` : nothing;
    return svg`<g>${label}${pieces}${note}</g>`;
  });
  return html`<svg class="chart chart--bars" role="img" aria-labelledby="${id}-title${options.description ? ` ${id}-desc` : ''}"
      viewBox="0 0 ${WIDTH} ${height}" width="100%" preserveAspectRatio="xMinYMin meet" focusable="false">
    <title id="${id}-title">${title}</title>
    ${options.description ? svg`<desc id="${id}-desc">${options.description}</desc>` : nothing}
    <defs>${[...defs.values()]}</defs>
    ${bars}
  </svg>`;
}

/** A legend for segments: a patterned swatch and the label of each key, in order. */
export function chartLegend(id: string, items: Pick<BarSegment, 'key' | 'label' | 'colour' | 'pattern'>[]): TemplateResult {
  return html`<ul class="chart-legend" aria-label="Key">
    ${items.map((item, i) => {
      const pid = `${id}-legend-${item.key.replace(/[^A-Za-z0-9_-]/g, '_')}`;
      const { ink } = colours(item.colour);
      return html`<li>
        <svg width="22" height="16" aria-hidden="true" focusable="false"><defs>${patternDef(pid, item.pattern ?? CHART_PATTERNS[i % CHART_PATTERNS.length]!, item.colour)}</defs
          ><rect x="0.5" y="0.5" width="21" height="15" fill="url(#${pid})" stroke=${ink}/></svg
        >${item.label}
      </li>`;
    })}
  </ul>`;
}

/** One line of a line chart. */
export interface LineSeries {
  key: string;
  label: string;
  /** One value per x label, 0–1; null leaves a gap. */
  values: (number | null)[];
  /** Colour token name; the line uses the dark ink of that token. */
  colour: string;
  /** Marker drawn at each point, so lines differ without colour. Defaults by position. */
  marker?: 'circle' | 'square' | 'triangle' | 'diamond' | 'cross';
  /** Dashed line. Defaults by position (every other series is dashed). */
  dashed?: boolean;
}

export interface LineChartOptions {
  id: string;
  title: string;
  description?: string;
  /** Category labels along the x axis (cycle names), oldest first. */
  xLabels: string[];
  series: LineSeries[];
  /** A horizontal target line, e.g. `{ value: 0.8, label: 'Target 80%' }`. */
  target?: { value: number; label: string } | null;
  /** Formats axis ticks and point labels. Default: whole percentages. */
  format?: (value: number) => string;
}

const MARKERS = ['circle', 'square', 'triangle', 'diamond', 'cross'] as const;

function marker(kind: (typeof MARKERS)[number], x: number, y: number, ink: string): SVGTemplateResult {
  switch (kind) {
    case 'square': return svg`<rect x=${x - 4} y=${y - 4} width="8" height="8" fill="#fff" stroke=${ink} stroke-width="2"/>`;
    case 'triangle': return svg`<path d="M${x},${y - 5} L${x + 5},${y + 4} L${x - 5},${y + 4} Z" fill="#fff" stroke=${ink} stroke-width="2"/>`;
    case 'diamond': return svg`<path d="M${x},${y - 5} L${x + 5},${y} L${x},${y + 5} L${x - 5},${y} Z" fill="#fff" stroke=${ink} stroke-width="2"/>`;
    case 'cross': return svg`<path d="M${x - 4},${y - 4} L${x + 4},${y + 4} M${x + 4},${y - 4} L${x - 4},${y + 4}" stroke=${ink} stroke-width="2.5"/>`;
    default: return svg`<circle cx=${x} cy=${y} r="4.5" fill="#fff" stroke=${ink} stroke-width="2"/>`;
  }
}

/**
 * A line chart of shares (0–1) over categories, with gridlines at every 20%, a
 * distinct marker and dash per series, the last value labelled at the end of each
 * line, and an optional dashed target line with its label.
 */
export function lineChart(options: LineChartOptions): TemplateResult {
  const { id, title, xLabels, series } = options;
  const format = options.format ?? ((v: number) => `${Math.round(v * 100)}%`);
  const left = 44;
  const right = 150;
  const top = 12;
  const plotHeight = 200;
  const height = top + plotHeight + 44;
  const plotWidth = WIDTH - left - right;
  const step = xLabels.length > 1 ? plotWidth / (xLabels.length - 1) : 0;
  const xAt = (i: number) => (xLabels.length > 1 ? left + i * step : left + plotWidth / 2);
  const yAt = (v: number) => top + (1 - Math.min(1, Math.max(0, v))) * plotHeight;
  const grid = [0, 0.2, 0.4, 0.6, 0.8, 1].map((v) => svg`<g class="chart__grid">
      <line x1=${left} x2=${left + plotWidth} y1=${yAt(v)} y2=${yAt(v)}/>
      <text x=${left - 6} y=${yAt(v)} text-anchor="end" dominant-baseline="central">${format(v)}</text></g>`);
  const xAxis = xLabels.map((label, i) => svg`<text class="chart__label" x=${xAt(i)} y=${top + plotHeight + 18} text-anchor="middle">${truncate(label, Math.max(60, step - 4))}</text>`);
  const target = options.target
    ? svg`<g class="chart__target"><line x1=${left} x2=${left + plotWidth} y1=${yAt(options.target.value)} y2=${yAt(options.target.value)}/>
        <text x=${left + 6} y=${yAt(options.target.value) - 7}>${options.target.label}</text></g>`
    : nothing;
  const lines = series.map((s, si) => {
    const { ink } = colours(s.colour);
    const kind = s.marker ?? MARKERS[si % MARKERS.length]!;
    const dashed = s.dashed ?? si % 2 === 1;
    const segments: string[] = [];
    let open = false;
    s.values.forEach((v, i) => {
      if (v === null) { open = false; return; }
      segments.push(`${open ? 'L' : 'M'}${xAt(i).toFixed(1)},${yAt(v).toFixed(1)}`);
      open = true;
    });
    return svg`<g class="chart__series" data-key=${s.key}>
      <path d=${segments.join(' ')} fill="none" stroke=${ink} stroke-width="2.5" stroke-dasharray=${dashed ? '7 4' : 'none'}/>
      ${s.values.map((v, i) => (v === null ? nothing : svg`<g>${marker(kind, xAt(i), yAt(v), ink)}<title>${s.label}, ${xLabels[i]}: ${format(v)}</title></g>`))}
    </g>`;
  });
  // Labels at the end of each line, moved apart so none overlaps another.
  const ends = series
    .map((s) => {
      const lastIndex = s.values.reduce<number>((last, v, i) => (v === null ? last : i), -1);
      return lastIndex < 0 ? null : { x: xAt(lastIndex) + 10, y: yAt(s.values[lastIndex]!), text: `${s.label} ${format(s.values[lastIndex]!)}`, ink: colours(s.colour).ink };
    })
    .filter((e): e is { x: number; y: number; text: string; ink: string } => e !== null)
    .sort((a, b) => a.y - b.y);
  const gap = 15;
  for (let i = 1; i < ends.length; i++) ends[i]!.y = Math.max(ends[i]!.y, ends[i - 1]!.y + gap);
  const overflow = (ends.at(-1)?.y ?? 0) - (top + plotHeight + 6);
  if (overflow > 0) for (const e of ends) e.y -= overflow;
  for (let i = ends.length - 2; i >= 0; i--) ends[i]!.y = Math.min(ends[i]!.y, ends[i + 1]!.y - gap);
  const endLabels = ends.map((e) => svg`<text class="chart__end-label" x=${e.x} y=${e.y} dominant-baseline="central" fill=${e.ink}>${e.text}</text>`);
  return html`<svg class="chart chart--line" role="img" aria-labelledby="${id}-title${options.description ? ` ${id}-desc` : ''}"
      viewBox="0 0 ${WIDTH} ${height}" width="100%" preserveAspectRatio="xMinYMin meet" focusable="false">
    <title id="${id}-title">${title}</title>
    ${options.description ? svg`<desc id="${id}-desc">${options.description}</desc>` : nothing}
    ${grid}${xAxis}${target}${lines}${endLabels}
  </svg>`;
}

/** A line chart's legend: marker, dash and label of each series. */
export function lineLegend(series: LineSeries[]): TemplateResult {
  return html`<ul class="chart-legend" aria-label="Key">
    ${series.map((s, si) => {
      const { ink } = colours(s.colour);
      const dashed = s.dashed ?? si % 2 === 1;
      return html`<li><svg width="30" height="16" aria-hidden="true" focusable="false">
          <line x1="0" x2="30" y1="8" y2="8" stroke=${ink} stroke-width="2.5" stroke-dasharray=${dashed ? '7 4' : 'none'}/>
          ${marker(s.marker ?? MARKERS[si % MARKERS.length]!, 15, 8, ink)}</svg>${s.label}</li>`;
    })}
  </ul>`;
}

export interface ChartFigureOptions {
  id: string;
  /** Shown above the chart; the chart's accessible name should match it. */
  title: string;
  /** Heading level of the title (default 3). */
  level?: 2 | 3 | 4;
  chart: TemplateResult;
  legend?: TemplateResult;
  /** The same data as a table: shown by the "Show data" toggle. */
  table: TemplateResult;
  /** Label of the toggle; default "Show data". */
  toggleLabel?: string;
  /** Open the data table from the start. */
  open?: boolean;
}

/**
 * A chart with a visible title, its key, and its data as a table behind a native
 * `<details>` toggle (keyboard and screen-reader friendly without script).
 */
export function chartFigure(options: ChartFigureOptions): TemplateResult {
  const heading = options.level ?? 3;
  const titleTemplate =
    heading === 2
      ? html`<h2 class="chart-figure__title" id="${options.id}-heading">${options.title}</h2>`
      : heading === 4
        ? html`<h4 class="chart-figure__title" id="${options.id}-heading">${options.title}</h4>`
        : html`<h3 class="chart-figure__title" id="${options.id}-heading">${options.title}</h3>`;
  return html`<figure class="chart-figure" part="chart" aria-labelledby="${options.id}-heading" data-chart=${options.id}>
    ${titleTemplate}
    ${options.chart}
    ${options.legend ?? nothing}
    <details class="chart-figure__data" ?open=${options.open ?? false}>
      <summary>${options.toggleLabel ?? 'Show data'}<span class="visually-hidden">: ${options.title}</span></summary>
      ${options.table}
    </details>
  </figure>`;
}

/** Rough width of a label in SVG units at the chart's 12–13px font. */
function textWidth(text: string): number {
  return text.length * 7;
}

function truncate(text: string, width: number): string {
  const max = Math.max(4, Math.floor(width / 7));
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
