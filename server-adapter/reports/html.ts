/**
 * The printable report: one self-contained HTML document (inline CSS, inline SVG,
 * no script, no external resources) laid out like an inspection-ready document,
 * which prints to PDF well from a browser: A4 pages, a cover block, tables that
 * never split a row, headings kept with what follows, and each chart followed by
 * its figures in a table, so nothing depends on colour or on seeing the chart.
 *
 * Every value from storage or from users is HTML-escaped.
 */
import { frameworkSubject, NOT_APPLICABLE, type Framework } from '../../criteria/schema.js';
import type { Cycle } from '../storage/types.js';
import type { ComparisonFigures, CriteriaGapFigures, Distribution, KpiAssessment, SummaryFigures, TrendPoint } from './aggregate.js';
import type { ReportAuditItem } from './capabilities.js';
import { formatPercent, formatPoints } from './stats.js';
import { gradeColourDefaults } from '../../criteria/colours.js';

export interface PrintableReportInput {
  framework: Pick<Framework, 'id' | 'version' | 'title' | 'scale' | 'sections' | 'subject'>;
  /** The local authority's name or id, shown on the cover. */
  tenantLabel: string;
  cycle: Cycle | null;
  from: string | null;
  to: string | null;
  /** Filters as label → value, for the scope line. */
  filters: Record<string, string>;
  figures: SummaryFigures;
  narrative: { context: string; recommendations: Record<string, string>; updatedAt: string | null } | null;
  comparison: { baseline: Cycle; figures: ComparisonFigures } | null;
  trend: { points: TrendPoint[]; kpi: KpiAssessment } | null;
  gaps: CriteriaGapFigures | null;
  audits: ReportAuditItem[];
  /** How many of the plans were moderated, and how many are still being moderated; absent or null to say nothing. */
  moderation?: { moderatedPlans: number; plansInModeration: number } | null;
  /** When the report was made (ISO). */
  generatedAt: string;
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

const colourOf = (c: string): readonly [string, string] => gradeColourDefaults[c] ?? gradeColourDefaults['grey']!;
const PATTERNS = ['', 'M-1,1 l2,-2 M0,8 l8,-8 M7,9 l2,-2', 'dots', 'M0,0 L8,8 M8,0 L0,8', 'M0,4 H8', 'M4,0 V8'];

const pct = (share: number | null) => (share === null ? '–' : `${formatPercent(share)}%`);
const ci = (c: { lower: number; upper: number } | null) => (c ? `${formatPercent(c.lower)}–${formatPercent(c.upper)}%` : '–');
/**
 * The moderation line under the headline figures, or '' when no plan in the report
 * was moderated: "12 of 71 plans were moderated; agreed grades are used for them."
 */
export function moderationSentence(moderation: PrintableReportInput['moderation'], plans: number): string {
  if (!moderation || (moderation.moderatedPlans === 0 && moderation.plansInModeration === 0)) return '';
  const m = moderation.moderatedPlans;
  const k = moderation.plansInModeration;
  const of = `of ${plans} ${plans === 1 ? 'plan' : 'plans'}`;
  const done = m === 0 ? '' : `${m} ${of} ${m === 1 ? 'was' : 'were'} moderated; agreed grades are used for ${m === 1 ? 'it' : 'them'}.`;
  const pending = k === 0 ? '' : `${m === 0 ? `${k} ${of}` : `${k} more`} ${k === 1 ? 'is' : 'are'} being moderated: the first audit's grades count until grades are agreed.`;
  return [done, pending].filter(Boolean).join(' ');
}
const minutes = (seconds: number | null) => (seconds === null ? '–' : `${Math.round(seconds / 60)} min`);

function gradeLabel(framework: PrintableReportInput['framework'], grade: string | null | undefined): string {
  if (grade == null) return '–';
  if (grade === NOT_APPLICABLE) return framework.scale.notApplicableLabel;
  return framework.scale.levels.find((l) => l.id === grade)?.label ?? grade;
}

function patternDefs(framework: PrintableReportInput['framework']): string {
  return framework.scale.levels
    .map((level, i) => {
      const [fill, ink] = colourOf(level.colour);
      const p = PATTERNS[i % PATTERNS.length]!;
      const marks = p === '' ? '' : p === 'dots' ? `<circle cx="4" cy="4" r="1.6" fill="${ink}"/>` : `<path d="${p}" stroke="${ink}" stroke-width="1.4"/>`;
      return `<pattern id="p-${escapeHtml(level.id)}" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="${fill}"/>${marks}</pattern>`;
    })
    .join('');
}

/** One stacked bar as inline SVG (decorative: the table beside it carries the numbers). */
function bar(d: Distribution): string {
  const width = 360;
  if (d.graded === 0) return `<svg class="bar" viewBox="0 0 ${width} 22" aria-hidden="true"><rect x="0" y="0" width="${width}" height="22" fill="#f3f2f1" stroke="#b1b4b6"/></svg>`;
  let x = 0;
  const parts = d.grades.map((g) => {
    const w = (g.share ?? 0) * width;
    const [fill, ink] = colourOf(g.colour);
    const text = w > 40 ? `<text x="${x + w / 2}" y="10" text-anchor="middle" dominant-baseline="central" fill="${ink}">${pct(g.share)}</text>` : '';
    const out = `<rect x="${x}" y="0" width="${w}" height="20" fill="${fill}"/><rect x="${x}" y="14" width="${w}" height="6" fill="url(#p-${escapeHtml(g.grade)})"/><rect x="${x}" y="0" width="${w}" height="20" fill="none" stroke="${ink}"/>${text}`;
    x += w;
    return out;
  });
  return `<svg class="bar" viewBox="0 0 ${width} 20" aria-hidden="true">${parts.join('')}</svg>`;
}

function legend(framework: PrintableReportInput['framework']): string {
  return `<ul class="legend" aria-label="Key">${framework.scale.levels
    .map((l) => `<li><svg width="22" height="14" aria-hidden="true"><rect x="0.5" y="0.5" width="21" height="13" fill="url(#p-${escapeHtml(l.id)})" stroke="${colourOf(l.colour)[1]}"/></svg>${escapeHtml(l.label)}</li>`)
    .join('')}</ul>`;
}

function distributionTable(framework: PrintableReportInput['framework'], d: Distribution, caption: string): string {
  const rows = d.grades.map((g) => `<tr><th scope="row">${escapeHtml(g.label)}</th><td class="num">${g.count}</td><td class="num">${pct(g.share)}</td><td class="num">${ci(g.ci)}</td></tr>`).join('');
  const na = d.notApplicable > 0 ? `<tr class="aside"><th scope="row">${escapeHtml(framework.scale.notApplicableLabel)} (not in the shares)</th><td class="num">${d.notApplicable}</td><td class="num">–</td><td class="num">–</td></tr>` : '';
  return `<table><caption>${escapeHtml(caption)}</caption><thead><tr><th scope="col">Grade</th><th scope="col" class="num">Plans</th><th scope="col" class="num">Share</th><th scope="col" class="num">95% interval</th></tr></thead>
    <tbody>${rows}${na}</tbody><tfoot><tr><th scope="row">Graded</th><td class="num">${d.graded}</td><td class="num">100%</td><td></td></tr></tfoot></table>`;
}

/** The words of a report for what the framework audits: plans (the usual case), annual reviews or advice. */
function wordsFor(framework: PrintableReportInput['framework']) {
  const subject = frameworkSubject(framework);
  if (subject === 'plan') return { title: 'EHC plan quality assurance', section: 'Section', sections: 'sections', items: 'plans', Items: 'Plans', whole: 'Whole-plan grades', wholeItems: 'whole plans' };
  const items = subject === 'advice' ? 'advice items' : 'annual reviews';
  return {
    title: subject === 'advice' ? 'EHC advice quality assurance' : 'EHC annual review quality assurance',
    section: 'Part', sections: 'parts', items, Items: items[0]!.toUpperCase() + items.slice(1), whole: 'Overall grades', wholeItems: items,
  };
}

function sectionsTable(input: PrintableReportInput): string {
  const { framework, figures } = input;
  const head = framework.scale.levels.map((l) => `<th scope="col" class="num">${escapeHtml(l.label)}</th>`).join('');
  const rows = figures.sections
    .map((s) => {
      const cells = s.grades.map((g) => `<td class="num">${pct(g.share)}<span class="count"> (${g.count})</span></td>`).join('');
      return `<tr><th scope="row">${escapeHtml(s.title)}</th><td class="chart-cell">${bar(s)}</td>${cells}<td class="num">${pct(s.goodOrBetter.share)}</td><td class="num">${s.notApplicable}</td><td class="num">${s.graded}</td></tr>`;
    })
    .join('');
  const w = wordsFor(framework);
  return `<table class="sections"><caption>${w.section} by ${w.section.toLowerCase()}: share of ${w.sections} graded at a level (Not applicable counted apart)</caption>
    <thead><tr><th scope="col">${w.section}</th><th scope="col">Distribution</th>${head}<th scope="col" class="num">${escapeHtml(expectedLabel(framework))} or better</th><th scope="col" class="num">${escapeHtml(framework.scale.notApplicableLabel)}</th><th scope="col" class="num">Graded</th></tr></thead>
    <tbody>${rows}</tbody></table>`;
}

function expectedLabel(framework: PrintableReportInput['framework']): string {
  return framework.scale.levels.find((l) => l.id === framework.scale.expected)?.label ?? framework.scale.expected;
}

function comparisonSection(input: PrintableReportInput): string {
  if (!input.comparison || !input.cycle) return '';
  const { baseline, figures } = input.comparison;
  const good = expectedLabel(input.framework);
  const row = (label: string, c: ComparisonFigures['overall']['goodOrBetter']) =>
    `<tr><th scope="row">${escapeHtml(label)}</th><td class="num">${pct(c.baseline.share)} <span class="count">(${c.baseline.count}/${c.baseline.n})</span></td><td class="num">${pct(c.current.share)} <span class="count">(${c.current.count}/${c.current.n})</span></td><td class="num">${formatPoints(c.change.percentagePoints)}</td><td class="num">${c.change.ci ? `${formatPoints(c.change.ci.lower * 100)} to ${formatPoints(c.change.ci.upper * 100)}` : '–'}</td><td>${c.change.significant ? '<strong>Yes</strong>' : 'No'}</td></tr>`;
  const rows = [
    row(`Whole plan: ${good} or better`, figures.overall.goodOrBetter),
    ...figures.overall.grades.map((g) => row(`Whole plan: ${g.label}`, g)),
    ...figures.sections.map((s) => row(`${s.title}: ${good} or better`, s.goodOrBetter)),
  ].join('');
  return `<section class="page"><h2>Cycle comparison</h2>
    <p>${escapeHtml(baseline.name)} (baseline) compared with ${escapeHtml(input.cycle.name)}. A change is marked as larger than chance when its 95% interval (Newcombe's hybrid score method) leaves out zero. With small cycles many apparent changes are not; read the interval, not only the change.</p>
    <table class="compare"><caption>Change in percentage points, ${escapeHtml(input.cycle.name)} minus ${escapeHtml(baseline.name)}</caption>
    <thead><tr><th scope="col">Measure</th><th scope="col" class="num">${escapeHtml(baseline.name)}</th><th scope="col" class="num">${escapeHtml(input.cycle.name)}</th><th scope="col" class="num">Change (points)</th><th scope="col" class="num">95% interval</th><th scope="col">Larger than chance</th></tr></thead>
    <tbody>${rows}</tbody></table></section>`;
}

function trendSection(input: PrintableReportInput): string {
  if (!input.trend || input.trend.points.length === 0) return '';
  const { points, kpi } = input.trend;
  const good = expectedLabel(input.framework);
  const width = 560;
  const height = 180;
  const left = 40;
  const plot = width - left - 110;
  const xAt = (i: number) => left + (points.length > 1 ? (i * plot) / (points.length - 1) : plot / 2);
  const yAt = (v: number) => 10 + (1 - v) * (height - 40);
  const grid = [0, 0.2, 0.4, 0.6, 0.8, 1].map((v) => `<line x1="${left}" x2="${left + plot}" y1="${yAt(v)}" y2="${yAt(v)}" stroke="#b1b4b6"/><text x="${left - 4}" y="${yAt(v)}" text-anchor="end" dominant-baseline="central">${Math.round(v * 100)}%</text>`).join('');
  const values = points.map((p, i) => (p.goodOrBetter.share === null ? null : ([xAt(i), yAt(p.goodOrBetter.share)] as const)));
  const path = values.reduce((d, v, i) => (v ? `${d}${d && values[i - 1] ? 'L' : 'M'}${v[0].toFixed(1)},${v[1].toFixed(1)} ` : d), '');
  const marks = values.map((v) => (v ? `<circle cx="${v[0]}" cy="${v[1]}" r="4" fill="#fff" stroke="#005a30" stroke-width="2"/>` : '')).join('');
  const labels = points.map((p, i) => `<text x="${xAt(i)}" y="${height - 12}" text-anchor="middle">${escapeHtml(p.name.slice(0, 18))}</text>`).join('');
  const target = kpi.target !== null ? `<line x1="${left}" x2="${left + plot}" y1="${yAt(kpi.target)}" y2="${yAt(kpi.target)}" stroke="#0b0c0c" stroke-width="2" stroke-dasharray="2 4"/><text x="${left + plot + 6}" y="${yAt(kpi.target)}" dominant-baseline="central" font-weight="700">Target ${pct(kpi.target)}</text>` : '';
  const svg = `<svg class="trend" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(`${good} or better across cycles`)}">${grid}${target}<path d="${path}" fill="none" stroke="#005a30" stroke-width="2.5"/>${marks}${labels}</svg>`;
  const rows = points
    .map((p) => `<tr><th scope="row">${escapeHtml(p.name)}</th><td>${escapeHtml(p.startDate)} to ${escapeHtml(p.endDate)}</td><td class="num">${p.audits}</td><td class="num">${pct(p.goodOrBetter.share)}</td><td class="num">${ci(p.goodOrBetter.ci)}</td><td class="num">${p.kpi ? `${pct(p.kpi.target)}${p.kpi.by ? ` by ${escapeHtml(p.kpi.by)}` : ''}` : '–'}</td></tr>`)
    .join('');
  const status: Record<KpiAssessment['status'], string> = { met: 'Target met', 'on-track': 'On track', 'off-track': 'Not on track', 'no-target': 'No target set', 'no-data': 'No data yet' };
  return `<section class="page"><h2>Trend across cycles</h2>
    <p class="kpi kpi--${kpi.status}"><strong>${status[kpi.status]}.</strong> ${escapeHtml(kpi.explanation)}</p>
    <figure>${svg}<figcaption>${escapeHtml(good)} or better, ${wordsFor(input.framework).wholeItems}, per cycle; dashed line: the KPI target.</figcaption></figure>
    <table><caption>${escapeHtml(good)} or better per cycle</caption><thead><tr><th scope="col">Cycle</th><th scope="col">Dates</th><th scope="col" class="num">${wordsFor(input.framework).Items}</th><th scope="col" class="num">${escapeHtml(good)} or better</th><th scope="col" class="num">95% interval</th><th scope="col" class="num">Target</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

function gapsSection(input: PrintableReportInput): string {
  if (!input.gaps) return '';
  const top = input.gaps.top;
  const rows = top.map((g) => `<tr><th scope="row">${escapeHtml(g.sectionId)}</th><td>${escapeHtml(g.text)}</td><td class="num">${g.notMet} of ${g.assessed}</td><td class="num">${pct(g.share)}</td></tr>`).join('');
  return `<section class="page"><h2>Criteria most often not met</h2>
    <p>The expected-level criteria that graded sections most often missed: a guide to what to train on next.</p>
    ${top.length ? `<table><caption>Top ${top.length} criteria not met</caption><thead><tr><th scope="col">${wordsFor(input.framework).section}</th><th scope="col">Criterion</th><th scope="col" class="num">Not met</th><th scope="col" class="num">Share</th></tr></thead><tbody>${rows}</tbody></table>` : '<p>No graded sections yet.</p>'}
  </section>`;
}

function recommendationsSection(input: PrintableReportInput): string {
  const recs = input.narrative?.recommendations ?? {};
  const items = input.framework.sections.filter((s) => recs[s.id]?.trim());
  if (!items.length) return '';
  return `<section class="page"><h2>Recommendations by section</h2>${items
    .map((s) => `<div class="rec"><h3>${escapeHtml(s.title)}</h3>${paragraphs(recs[s.id]!)}</div>`)
    .join('')}</section>`;
}

function paragraphs(text: string): string {
  return text
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeHtml(p).replaceAll('\n', '<br>')}</p>`)
    .join('');
}

function auditsSection(input: PrintableReportInput): string {
  const { framework } = input;
  const head = framework.sections.map((s) => `<th scope="col" class="grade-col">${escapeHtml(s.id)}</th>`).join('');
  const short = (grade: string | null | undefined) => {
    if (grade == null) return '<span aria-label="not graded">–</span>';
    if (grade === NOT_APPLICABLE) return `<abbr title="${escapeHtml(framework.scale.notApplicableLabel)}">NA</abbr>`;
    const label = gradeLabel(framework, grade);
    const initials = label.split(/\s+/).map((w) => w[0]?.toUpperCase() ?? '').join('');
    return `<abbr title="${escapeHtml(label)}">${escapeHtml(initials)}</abbr>`;
  };
  const rows = input.audits
    .map((a) => `<tr><th scope="row">${escapeHtml(a.planRef)}</th><td>${escapeHtml(a.completedAt?.slice(0, 10) ?? '–')}</td><td>${escapeHtml(a.auditorRole)}</td><td>${escapeHtml(gradeLabel(framework, a.overallGrade))}</td>${framework.sections.map((s) => `<td class="grade-col">${short(a.sectionGrades[s.id])}</td>`).join('')}</tr>`)
    .join('');
  const key = [...framework.scale.levels.map((l) => `${l.label.split(/\s+/).map((w) => w[0]?.toUpperCase()).join('')} = ${l.label}`), `NA = ${framework.scale.notApplicableLabel}`].join('; ');
  return `<section class="page"><h2>Individual plan audits</h2><p>${input.audits.length} audits. Key: ${escapeHtml(key)}.</p>
    <table class="audits"><caption>Each audit's overall and section grades</caption><thead><tr><th scope="col">Plan</th><th scope="col">Completed</th><th scope="col">Auditor role</th><th scope="col">Overall</th>${head}</tr></thead><tbody>${rows}</tbody></table></section>`;
}

const STYLES = `
  @page { size: A4; margin: 16mm 14mm 18mm; }
  :root { color: #0b0c0c; font-family: arial, sans-serif; font-size: 11pt; line-height: 1.4; }
  body { margin: 0 auto; max-width: 190mm; padding: 12px; }
  h1 { font-size: 24pt; margin: 0 0 8px; line-height: 1.15; }
  h2 { font-size: 16pt; margin: 18px 0 8px; border-bottom: 2px solid #0b0c0c; padding-bottom: 2px; break-after: avoid; page-break-after: avoid; }
  h3 { font-size: 12pt; margin: 12px 0 4px; break-after: avoid; page-break-after: avoid; }
  p { margin: 0 0 8px; orphans: 3; widows: 3; }
  .cover { border-left: 8px solid #1d70b8; padding: 4px 0 4px 14px; margin-bottom: 16px; }
  .meta { color: #505a5f; }
  .headline { display: flex; flex-wrap: wrap; gap: 12px; margin: 12px 0; padding: 0; list-style: none; }
  .headline li { border: 1px solid #b1b4b6; padding: 8px 12px; min-width: 8em; }
  .headline strong { display: block; font-size: 18pt; }
  table { border-collapse: collapse; width: 100%; margin: 6px 0 14px; font-size: 9.5pt; }
  caption { text-align: left; font-weight: 700; padding: 4px 0; caption-side: top; }
  th, td { border-bottom: 1px solid #b1b4b6; padding: 4px 6px; text-align: left; vertical-align: top; }
  thead th { border-bottom: 2px solid #0b0c0c; }
  thead { display: table-header-group; }
  tfoot { display: table-row-group; }
  tr, figure, .rec, .kpi, svg { break-inside: avoid; page-break-inside: avoid; }
  .num { text-align: right; white-space: nowrap; }
  .count { color: #505a5f; }
  .aside th, .aside td { color: #505a5f; font-style: italic; }
  .bar { width: 100%; height: auto; display: block; }
  .sections { table-layout: fixed; }
  .sections thead th:first-child { width: 24%; }
  .sections thead th:nth-child(2) { width: 18%; }
  .sections td.num { white-space: normal; }
  .sections th.num { white-space: normal; font-size: 8pt; hyphens: auto; }
  .bar text, .trend text { font-size: 9px; font-family: arial, sans-serif; }
  .trend { width: 100%; max-width: 150mm; height: auto; }
  .legend { display: flex; gap: 14px; list-style: none; padding: 0; margin: 4px 0 8px; font-size: 9.5pt; }
  .legend li { display: inline-flex; gap: 6px; align-items: center; }
  .audits { font-size: 8.5pt; }
  .grade-col { text-align: center; }
  abbr { text-decoration: none; }
  .kpi { border-left: 6px solid #505a5f; padding: 6px 10px; background: #f3f2f1; }
  .kpi--met, .kpi--on-track { border-color: #00703c; }
  .kpi--off-track { border-color: #d4351c; }
  .narrative { white-space: normal; }
  .page { break-before: page; page-break-before: always; }
  .screen-note { background: #f3f2f1; padding: 8px; }
  @media print { .screen-note { display: none; } body { padding: 0; max-width: none; } }
`;

/**
 * Renders the printable report. The caller decides what to include: pass null
 * for the comparison, trend or gaps to leave that part out.
 */
export function renderPrintableReport(input: PrintableReportInput): string {
  const { framework, figures } = input;
  const good = expectedLabel(framework);
  const scope = input.cycle ? `${input.cycle.name} (${input.cycle.startDate} to ${input.cycle.endDate})` : input.from || input.to ? `Audits completed ${input.from ?? 'any time'} to ${input.to ?? 'now'}` : 'All audits';
  const filters = Object.entries(input.filters).map(([k, v]) => `${k}: ${v}`).join('; ');
  const inadequate = figures.overall.grades.at(-1)!;
  const context = input.narrative?.context?.trim();
  const moderated = moderationSentence(input.moderation, figures.audits);
  const w = wordsFor(framework);
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${w.title}: ${scope}`)}</title>
<style>${STYLES}</style>
</head>
<body>
<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs>${patternDefs(framework)}</defs></svg>
<main>
<header class="cover">
  <h1>${w.title} report</h1>
  <p><strong>${escapeHtml(input.tenantLabel)}</strong>: ${escapeHtml(scope)}</p>
  <p class="meta">Framework: ${escapeHtml(framework.title)} ${escapeHtml(framework.version)}. ${filters ? `Filters: ${escapeHtml(filters)}. ` : ''}Produced ${escapeHtml(input.generatedAt.slice(0, 16).replace('T', ' '))} UTC.</p>
</header>
<p class="screen-note">To save as PDF, use your browser's Print command and choose "Save as PDF".</p>

<section>
  <h2>Summary</h2>
  <ul class="headline">
    <li><strong>${figures.audits}</strong>${w.items} audited</li>
    <li><strong>${pct(figures.overall.goodOrBetter.share)}</strong>${escapeHtml(good)} or better (${figures.overall.goodOrBetter.count})</li>
    <li><strong>${pct(inadequate.share)}</strong>${escapeHtml(inadequate.label)} (${inadequate.count})</li>
    <li><strong>${minutes(figures.medianActiveSeconds)}</strong>median time per audit</li>
  </ul>
  ${moderated ? `<p class="moderation">${escapeHtml(moderated)}</p>` : ''}
  <h3>${w.whole}</h3>
  ${bar(figures.overall)}
  ${legend(framework)}
  ${distributionTable(framework, figures.overall, `${w.whole}: ${w.items} and share of graded ${w.items}`)}
</section>

${context ? `<section><h2>Context from the local area</h2><div class="narrative">${paragraphs(context)}</div></section>` : ''}

<section class="page">
  <h2>${w.section} by ${w.section.toLowerCase()}</h2>
  ${legend(framework)}
  ${sectionsTable(input)}
</section>

${comparisonSection(input)}
${trendSection(input)}
${gapsSection(input)}
${recommendationsSection(input)}
${auditsSection(input)}

<footer><p class="meta">Shares are of plans or sections graded at a level; Not applicable is counted apart. Intervals are 95% Wilson score intervals (Wilson 1927); changes use Newcombe's hybrid score interval (Newcombe 1998). Percentages are rounded for display only.</p></footer>
</main>
</body>
</html>`;
}
