/**
 * `npm run calibrate`: how well the framework's suggestions match the grades the
 * calibration plans were written to, and how well auditors agree with each other.
 *
 * Reads test/calibration/<set>/key/*.json (intended grades) and
 * test/calibration/<set>/ticks/<auditor>/*.json (the criteria each auditor ticked).
 * Sets: suite (the repository's calibration suite, tuned on), dev (the shared
 * development plans, tuned on) and study (held-out plans, never tuned on).
 *
 *   npm run calibrate                 every set
 *   npm run calibrate -- suite        one set
 *   npm run calibrate -- --check FILE…  validate tick files only (prints no grades)
 *   npm run calibrate -- --explain suite  also say, for each disagreement, what decided the suggestion
 */
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { suggestSectionGrade } from '../criteria/index.js';
import {
  frameworkFor, type Ticks,
  agreement, betweenAuditors, checkTicks, compareWithKeys, confusion, loadDataset, LEVELS, SECTION_IDS, SHORT, TicksSchema,
  type Agreement, type Grade,
} from '../test/calibration/lib.js';

const root = join(import.meta.dirname, '..', 'test', 'calibration');
const args = process.argv.slice(2);

if (args[0] === '--check') {
  let bad = 0;
  for (const file of args.slice(1)) {
    const problems = checkTicks(TicksSchema.parse(JSON.parse(readFileSync(file, 'utf8'))));
    for (const p of problems) console.log(`${file}: ${p}`);
    bad += problems.length;
    if (problems.length === 0) console.log(`${file}: ok`);
  }
  process.exit(bad ? 1 : 0);
}

const pct = (n: number, d: number) => (d === 0 ? '–' : `${Math.round((100 * n) / d)}%`);
const k = (v: number | null) => (v === null ? '–' : v.toFixed(2));
function line(label: string, a: Agreement): string {
  return `| ${label} | ${a.n} | ${k(a.kappa)} | ${pct(a.exact, a.n)} | ${pct(a.withinOne, a.n)} | ${a.lower} | ${a.higher} |`;
}
const header = '| comparison | sections | κw (quadratic) | exact | within one | lower | higher |\n|---|---:|---:|---:|---:|---:|---:|';

function matrix(pairs: [Grade, Grade][]): string {
  const cats = [...LEVELS, 'na'];
  const t = confusion(pairs);
  const rows = cats.map((c, i) => `| **${SHORT[c]}** | ${t[i]!.join(' | ')} |`);
  return [`| intended ↓ / suggested → | ${cats.map((c) => SHORT[c]).join(' | ')} |`, `|---|${cats.map(() => '---:').join('|')}|`, ...rows].join('\n');
}

const explain = args.includes('--explain');
const named = args.filter((a) => !a.startsWith('--'));
const sets = named.length ? named : ['suite', 'dev', 'study', 'study-2'];
for (const name of sets) {
  const ds = loadDataset(name, join(root, name));
  if (ds.ticks.size === 0) {
    console.log(`\n## ${name}: no ticks recorded\n`);
    continue;
  }
  console.log(`\n## ${name}: ${ds.keys.size} plans, auditors: ${[...ds.ticks.keys()].join(', ')}\n`);
  const results = compareWithKeys(ds);
  if (ds.reference.size > 0) {
    const ref = compareWithKeys(ds, { reference: true })[0]!;
    const a = agreement(ref.sectionPairs.map((p) => [p.intended, p.suggested] as [Grade, Grade]));
    const right = ref.overall.filter((o) => o.fromSuggestions === o.intended).length;
    console.log(`Reference ticks (a careful auditor's, adjudicated; what test/calibration checks): ${a.n} sections, κw ${k(a.kappa)}, exact ${pct(a.exact, a.n)}, within one ${pct(a.withinOne, a.n)}; overall grade right for ${right} of ${ref.overall.length} plans.\n`);
  }
  console.log('Blind auditors:\n');
  console.log(header);
  const all: [Grade, Grade][] = [];
  for (const r of results) {
    const pairs = r.sectionPairs.map((p) => [p.intended, p.suggested] as [Grade, Grade]);
    all.push(...pairs);
    console.log(line(`${r.auditor}: suggestion vs intended`, agreement(pairs)));
  }
  if (results.length > 1) console.log(line('all auditors: suggestion vs intended', agreement(all)));
  for (const b of betweenAuditors(ds)) console.log(line(`${b.a} vs ${b.b} (suggestions)`, b.agreement));

  console.log('\nOverall grade (from the suggested section grades, and from the intended section grades):\n');
  console.log(`| auditor | plan | intended | from suggestions | from intended sections |\n|---|---|---|---|---|`);
  for (const r of results) {
    for (const o of r.overall) console.log(`| ${r.auditor} | ${o.plan} | ${SHORT[o.intended]} | ${SHORT[o.fromSuggestions]}${o.fromSuggestions === o.intended ? '' : ' ✗'} | ${SHORT[o.fromIntendedSections]}${o.fromIntendedSections === o.intended ? '' : ' ✗'} |`);
    const right = r.overall.filter((o) => o.fromSuggestions === o.intended).length;
    const rightIntended = r.overall.filter((o) => o.fromIntendedSections === o.intended).length;
    console.log(`| ${r.auditor} | **total** | | ${right} of ${r.overall.length} | ${rightIntended} of ${r.overall.length} |`);
  }

  console.log('\nConfusion matrix, all sections, all auditors:\n');
  console.log(matrix(all));
  console.log('\nPer section (all auditors):\n');
  console.log(header);
  for (const s of SECTION_IDS) {
    const pairs = results.flatMap((r) => r.sectionPairs.filter((p) => p.section === s).map((p) => [p.intended, p.suggested] as [Grade, Grade]));
    console.log(line(s, agreement(pairs)));
  }
  const misses = results.flatMap((r) => r.sectionPairs.filter((p) => p.intended !== p.suggested).map((p) => {
    const head = `${r.auditor} ${p.plan} ${p.section}: intended ${SHORT[p.intended]}, suggested ${SHORT[p.suggested]}`;
    return explain ? `${head}\n  ${explainSection(ds.ticks.get(r.auditor)!.get(p.plan)!, p.section)}` : head;
  }));
  if (misses.length) console.log(`\nDisagreements with the intended grade (${misses.length}):\n${misses.map((m) => `- ${m}`).join('\n')}`);
}

/** What decided one section's suggestion: the rule's reason, weaknesses ticked, core and quality criteria not met. */
function explainSection(ticks: Ticks, sectionId: string): string {
  const fw = frameworkFor(ticks.framework, ticks.version);
  const section = fw.sections.find((s) => s.id === sectionId)!;
  const t = ticks.sections[sectionId as keyof Ticks['sections']]!;
  const context = { facts: ticks.facts, nilStatement: t.nilStatement, cannotTell: t.cannotTell };
  const s = suggestSectionGrade(fw, section, t.criteriaMet, context);
  const out = new Set(s.notApplicable.map((n) => n.id));
  const met = new Set(t.criteriaMet);
  const live = section.criteria.filter((c) => !out.has(c.id) && !t.cannotTell.includes(c.id));
  const weak = live.filter((c) => met.has(c.id) && ['requires-improvement', 'inadequate'].includes(c.level)).map((c) => c.id);
  const coreMissed = live.filter((c) => c.level === 'good' && c.core && !met.has(c.id)).map((c) => c.id);
  const qualityMissed = live.filter((c) => c.level === 'good' && !c.core && !met.has(c.id)).map((c) => c.id);
  const above = live.filter((c) => c.level === 'outstanding');
  return [s.reason, weak.length ? `weaknesses: ${weak.join(', ')}` : '', coreMissed.length ? `core not met: ${coreMissed.join(', ')}` : '',
    qualityMissed.length ? `quality not met: ${qualityMissed.join(', ')}` : '', `outstanding ${above.filter((c) => met.has(c.id)).length}/${above.length}`,
    t.note ? `note: ${t.note}` : ''].filter(Boolean).join(' | ');
}
