/**
 * Feedback to a contributing service: the service summary of one cycle as CSV and as
 * a printable HTML document, for the LA to send to the service lead. Only what the
 * service summary holds: grades, criteria (the framework's own wording), plan section
 * ids, counts with small numbers suppressed. No plan reference, no comment, no name.
 */
import { csvLines } from '../reports/csv.js';
import { escapeHtml } from '../reports/html.js';
import type { z } from 'zod';
import type { ServiceSummarySchema } from './schemas.js';

export type ServiceSummary = z.infer<typeof ServiceSummarySchema>;

const FEWER = 'fewer than 5';
const count = (c: { count: number | null; suppressed: boolean }) => (c.suppressed ? FEWER : String(c.count ?? 0));
const percent = (share: number | null) => (share === null ? '' : `${Math.round(share * 1000) / 10}%`);

/** The CSV: one measure per row (`measure, part, item, count, share`). */
export function serviceFeedbackCsv(s: ServiceSummary): string {
  const head = [s.scope.serviceRef, s.scope.contributorTeamRef ?? '', s.scope.cycle?.name ?? ''];
  const rows: (string | number | null)[][] = [['service', 'team', 'cycle', 'measure', 'part', 'item', 'count', 'share']];
  const add = (measure: string, part: string, item: string, c: { count: number | null; suppressed: boolean }, share: number | null) =>
    rows.push([...head, measure, part, item, count(c), percent(share)]);
  add('advice audits', '', '', s.audits, null);
  for (const g of s.overall.grades) add('overall grade', '', g.label, g.count, g.share);
  add('overall good or better', '', '', s.overall.goodOrBetter.count, s.overall.goodOrBetter.share);
  for (const sec of s.sections) {
    for (const g of sec.grades) add('part grade', sec.sectionId, g.label, g.count, g.share);
    add('part not applicable', sec.sectionId, '', sec.notApplicable, null);
  }
  for (const c of s.criteriaMissed) add('criterion not met', c.sectionId, `${c.criterionId}: ${c.text}`, c.notMet, c.share);
  for (const w of s.weakenedPlanSections) add('plan section weakened by this advice', w.sectionId, w.title, w.count, null);
  if (s.comparison) {
    const pp = (x: { percentagePoints: number | null; suppressed: boolean }) => (x.suppressed ? FEWER : x.percentagePoints === null ? '' : `${Math.round(x.percentagePoints * 10) / 10} points`);
    rows.push([...head, `change in good or better since ${s.comparison.baseline.name}`, '', '', pp(s.comparison.overall), percent(s.comparison.overall.current)]);
  }
  return csvLines(rows);
}

/** The printable document: self-contained, no script, prints to PDF. */
export function serviceFeedbackHtml(s: ServiceSummary, generatedAt: string): string {
  const e = escapeHtml;
  const title = `Advice quality feedback: ${s.scope.serviceRef}${s.scope.contributorTeamRef ? `, team ${s.scope.contributorTeamRef}` : ''}`;
  const gradeTable = (caption: string, rows: { name: string; d: ServiceSummary['overall'] }[]) => `
    <table><caption>${e(caption)}</caption>
      <thead><tr><th scope="col">Part</th>${s.overall.grades.map((g) => `<th scope="col">${e(g.label)}</th>`).join('')}<th scope="col">Good or better</th></tr></thead>
      <tbody>${rows.map((r) => `<tr><th scope="row">${e(r.name)}</th>${r.d.grades.map((g) => `<td>${e(count(g.count))}${g.share !== null ? ` (${e(percent(g.share))})` : ''}</td>`).join('')}<td>${e(percent(r.d.goodOrBetter.share) || count(r.d.goodOrBetter.count))}</td></tr>`).join('')}</tbody>
    </table>`;
  const comparison = s.comparison
    ? `<h2>Change since ${e(s.comparison.baseline.name)}</h2><p>${s.comparison.overall.suppressed
      ? 'Too few audits in one of the cycles to compare (fewer than 5).'
      : `Good or better: ${e(percent(s.comparison.overall.baseline))} then, ${e(percent(s.comparison.overall.current))} now (${e(Math.round((s.comparison.overall.percentagePoints ?? 0) * 10) / 10)} percentage points${s.comparison.overall.significant ? ', larger than chance' : ', within what chance could give'}).`}</p>`
    : '';
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>${e(title)}</title>
<style>
  body { font: 11pt/1.45 system-ui, sans-serif; color: #1a1a1a; margin: 2rem; max-width: 60rem; }
  table { border-collapse: collapse; margin: 0 0 1.5rem; width: 100%; }
  caption { text-align: left; font-weight: 600; padding: 0 0 .25rem; }
  th, td { border: 1px solid #767676; padding: .25rem .5rem; text-align: left; vertical-align: top; }
  thead th { background: #f0f0f0; }
  @media print { body { margin: 0; } h2 { break-after: avoid; } table { break-inside: avoid; } }
</style></head>
<body>
<h1>${e(title)}</h1>
<p>${e(s.scope.framework.title)} ${e(s.scope.framework.version)}${s.scope.cycle ? `, cycle ${e(s.scope.cycle.name)} (${e(s.scope.cycle.startDate)} to ${e(s.scope.cycle.endDate)})` : ''}. Advice audits completed: ${e(count(s.audits))}.</p>
<p>${e(s.suppression.note)}</p>
<h2>Grades</h2>
${gradeTable('Overall grade of the advice', [{ name: 'Overall', d: s.overall }])}
${gradeTable('Grade of each part', s.sections.map((sec) => ({ name: `${sec.sectionId}: ${sec.title}`, d: sec })))}
<h2>Criteria most often not met</h2>
${s.criteriaMissed.length === 0 ? '<p>No criterion was missed.</p>' : `<table><caption>Criteria most often not met</caption><thead><tr><th scope="col">Part</th><th scope="col">Criterion</th><th scope="col">Not met</th><th scope="col">Share</th></tr></thead><tbody>${s.criteriaMissed.map((c) => `<tr><td>${e(c.sectionId)}</td><td>${e(c.text)}</td><td>${e(count(c.notMet))}</td><td>${e(percent(c.share))}</td></tr>`).join('')}</tbody></table>`}
<h2>Plan sections marked as weakened by this advice</h2>
${s.weakenedPlanSections.length === 0 ? '<p>No plan section was marked as weakened by this advice.</p>' : `<table><caption>Plan sections weakened by the advice</caption><thead><tr><th scope="col">Section</th><th scope="col">Times marked</th></tr></thead><tbody>${s.weakenedPlanSections.map((w) => `<tr><th scope="row">${e(w.title)}</th><td>${e(count(w.count))}</td></tr>`).join('')}</tbody></table>`}
${comparison}
<p><small>Generated ${e(generatedAt.slice(0, 10))}. This summary holds no plan references and no free text.</small></p>
</body></html>
`;
}
