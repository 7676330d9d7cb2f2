// 6. Plan checks: precision and recall of every check over the labelled set
// (test/plan-checks/), apart for the held-out passages, and the time to parse and
// check a 15-page plan. Writes the figures into docs/plan-checks.md too.
//
//   node test/bench/plan-checks.mjs [--quick] [--runs=300]
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ensureTsx, flag, quick, root, runBench, stats, environment } from './lib.mjs';

ensureTsx();
const { readSet, score } = await import('../plan-checks/labelled.ts');
const { CHECKS, checkPlan, parsePlanText, ehcpPlanV2 } = await import('../../criteria/index.ts');

/** A 15-page plan (about 7,500 words, 500 a page): the calibration plans' sections, each section's text from several plans in turn. */
export function fifteenPagePlan() {
  const dir = join(root, 'test', 'calibration');
  const texts = ['suite', 'study', 'study-2'].flatMap((set) => readdirSync(join(dir, set, 'plans')).sort().map((f) => readFileSync(join(dir, set, 'plans', f), 'utf8')));
  const parsed = texts.map((t) => parsePlanText(t));
  const ids = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H1', 'H2', 'I', 'J', 'K'];
  const titles = { A: 'Views, interests and aspirations', B: 'Special educational needs', C: 'Health needs', D: 'Social care needs', E: 'Outcomes', F: 'Special educational provision', G: 'Health provision', H1: 'Social care provision (section 2)', H2: 'Other social care provision', I: 'Placement', J: 'Personal budget', K: 'Advice and information' };
  const body = Object.fromEntries(ids.map((id) => [id, []]));
  let words = 0;
  for (let round = 0; words < 7500; round++) {
    for (const id of ids) {
      const p = parsed[round % parsed.length];
      const text = p.sections.find((s) => s.id === id)?.text.trim() ?? '';
      body[id].push(text);
      words += text.split(/\s+/).length;
    }
  }
  const plan = ['EDUCATION, HEALTH AND CARE PLAN - FINAL', ''].concat(ids.flatMap((id) => [`Section ${id}: ${titles[id]}`, '', body[id].join('\n\n'), ''])).join('\n');
  return { text: plan, words: plan.split(/\s+/).length };
}

function figuresFor(passages) {
  const { perCheck, misses } = score(passages, ehcpPlanV2);
  const rows = {};
  for (const check of CHECKS) {
    const t = perCheck.get(check.id) ?? { tp: 0, fp: 0, fn: 0, passages: 0 };
    rows[check.id] = {
      ...t,
      precision: t.tp + t.fp ? t.tp / (t.tp + t.fp) : null,
      recall: t.tp + t.fn ? t.tp / (t.tp + t.fn) : null,
    };
  }
  return { rows, misses };
}

const pct = (v) => (v === null ? 'n/a' : v.toFixed(2));

await runBench('plan-checks', async () => {
  const set = readSet();
  const heldOut = set.filter((p) => p.file.startsWith('holdout'));
  const development = set.filter((p) => !p.file.startsWith('holdout'));
  const dev = figuresFor(development);
  const held = figuresFor(heldOut);

  const { text, words } = fifteenPagePlan();
  const runs = Number(flag('runs', quick ? 60 : 300));
  for (let i = 0; i < 30; i++) checkPlan(parsePlanText(text), { framework: ehcpPlanV2 });
  const whole = [];
  const checksOnly = [];
  const plan = parsePlanText(text);
  let findings = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const p = parsePlanText(text);
    findings = checkPlan(p, { framework: ehcpPlanV2 }).length;
    whole.push(performance.now() - t0);
    const t1 = performance.now();
    checkPlan(plan, { framework: ehcpPlanV2 });
    checksOnly.push(performance.now() - t1);
  }
  const wholeStats = stats(whole);
  const checkStats = stats(checksOnly);
  const weakness = CHECKS.filter((c) => c.severity === 'weakness');
  const minWeaknessPrecision = Math.min(...weakness.map((c) => dev.rows[c.id].precision ?? 1));

  const table = (title, fig, n) => ({
    title: `${title} (${n} passages)`,
    head: ['check', 'kind', 'criterion (F or first)', 'passages scored', 'expected', 'found right', 'false', 'missed', 'precision', 'recall'],
    rows: CHECKS.map((c) => {
      const r = fig.rows[c.id];
      return [c.id, c.severity, c.criteria.F ?? Object.values(c.criteria)[0], r.passages, r.tp + r.fn, r.tp, r.fp, r.fn, pct(r.precision), pct(r.recall)];
    }),
  });
  const tables = [
    table('Precision and recall per check, development set', dev, development.length),
    table('Precision and recall per check, held-out set', held, heldOut.length),
    {
      title: `Time to check a 15-page plan (${words} words, ${text.length} characters, ${findings} findings), ${runs} runs after 30 warm-up runs`,
      head: ['what', 'median ms', 'p95 ms', 'max ms'],
      rows: [
        ['parse the text and run every check', wholeStats.median, wholeStats.p95, wholeStats.max],
        ['run every check on sections already parsed', checkStats.median, checkStats.p95, checkStats.max],
      ],
    },
  ];
  const notes = [
    `Held-out misses and false findings: ${held.misses.map((m) => `${m.passage} ${m.check} (${m.kind})`).join('; ') || 'none'}.`,
  ];
  writePlanChecksDoc(tables, notes);
  return {
    settings: { runs, passages: set.length, heldOut: heldOut.length },
    figures: { fifteenPages: wholeStats, checksOnly: checkStats, minWeaknessPrecision },
    tables,
    notes,
  };
});

function writePlanChecksDoc(tables, notes) {
  const path = join(root, 'docs', 'plan-checks.md');
  const START = '<!-- plan-checks:generated:start -->';
  const END = '<!-- plan-checks:generated:end -->';
  const env = environment();
  const esc = (c) => String(c).replaceAll('|', '\\|');
  const lines = [START, '', '<!-- Generated by `npm run bench -- plan-checks` (or `npm run bench`). Do not edit by hand. -->', ''];
  lines.push(`Measured on ${env.date.slice(0, 10)} with Node ${env.node}, ${env.cores} cores (${env.cpu})${quick ? ', quick run' : ''}.`, '');
  for (const t of tables) {
    lines.push(`**${t.title}**`, '', `| ${t.head.map(esc).join(' | ')} |`, `|${t.head.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`);
    for (const r of t.rows) lines.push(`| ${r.map(esc).join(' | ')} |`);
    lines.push('');
  }
  for (const n of notes) lines.push(`- ${n}`);
  lines.push('', END);
  let doc = existsSync(path) ? readFileSync(path, 'utf8') : `# Plan checks\n\n${START}\n${END}\n`;
  if (!doc.includes(START)) doc = `${doc.trimEnd()}\n\n## Figures\n\n${START}\n${END}\n`;
  writeFileSync(path, `${doc.slice(0, doc.indexOf(START))}${lines.join('\n')}${doc.slice(doc.indexOf(END) + END.length)}`);
}
