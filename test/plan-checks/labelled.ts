/**
 * The labelled set of fictional plan passages (test/plan-checks/*.txt) and how the
 * checks are scored against it. Used by the Node tests (the set is well formed) and
 * by `npm run bench` (precision and recall per check).
 *
 * File format: comment lines start with "#"; "# Scored checks: a, b" names the checks
 * a file labels (only those are scored on its passages). Each passage starts with
 * "### <id> <section> [draft|final|amended]", then "expect: none" or
 * "expect: <check> "exact words"; <check>; …" (words optional: any span then matches),
 * then its text up to the next "###". Section "plan" means the text is a small whole
 * plan with headings, read by parsePlanText.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkPlan, parsePlanText, type Finding, type PlanSectionId, type PlanStatus, type PlanText, type Framework } from '../../criteria/index.js';

export const setDir = dirname(fileURLToPath(import.meta.url));

export interface Expected { check: string; words?: string }
export interface Passage { id: string; file: string; section: PlanSectionId | 'plan'; status?: PlanStatus; text: string; expected: Expected[]; scored: string[] }

export function readSet(dir = setDir): Passage[] {
  const out: Passage[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.txt')).sort()) {
    const raw = readFileSync(join(dir, file), 'utf8');
    const scoredLine = /^# Scored checks: (.*)$/m.exec(raw);
    if (!scoredLine) throw new Error(`${file}: no "# Scored checks:" line`);
    const scored = scoredLine[1]!.split(',').map((s) => s.trim()).filter(Boolean);
    const blocks = raw.split(/^### /m).slice(1);
    for (const block of blocks) {
      const nl = block.indexOf('\n');
      const [id, section, status] = block.slice(0, nl).trim().split(/\s+/);
      const rest = block.slice(nl + 1);
      const expectLine = /^expect: (.*)$/m.exec(rest);
      if (!id || !section || !expectLine) throw new Error(`${file}: passage "${block.slice(0, 40)}" needs an id, a section and an expect line`);
      const text = rest.slice(expectLine.index + expectLine[0].length + 1).replace(/\n+$/, '');
      const expected: Expected[] = expectLine[1]!.trim() === 'none' ? [] : expectLine[1]!.split(';').map((part) => {
        const m = /^\s*([a-z-]+)(?:\s+"(.*)")?\s*$/.exec(part);
        if (!m) throw new Error(`${file} ${id}: cannot read expectation "${part}"`);
        return { check: m[1]!, words: m[2] };
      });
      out.push({ id, file, section: section as Passage['section'], status: status as PlanStatus | undefined, text, expected, scored });
    }
  }
  return out;
}

export function planOf(p: Passage): PlanText {
  if (p.section === 'plan') { const plan = parsePlanText(p.text); return { ...plan, status: p.status ?? plan.status }; }
  return { sections: [{ id: p.section, text: p.text }], status: p.status };
}

export interface Tally { tp: number; fp: number; fn: number; passages: number }
export interface Miss { passage: string; check: string; kind: 'false positive' | 'missed'; words: string }

/** Scores every scored check over the set: a finding matches an expectation of its check whose words it overlaps. */
export function score(passages: Passage[], framework: Framework): { perCheck: Map<string, Tally>; misses: Miss[] } {
  const perCheck = new Map<string, Tally>();
  const misses: Miss[] = [];
  const tally = (check: string) => { let t = perCheck.get(check); if (!t) perCheck.set(check, (t = { tp: 0, fp: 0, fn: 0, passages: 0 })); return t; };
  for (const p of passages) {
    const plan = planOf(p);
    const findings = checkPlan(plan, { framework }).filter((f) => p.scored.includes(f.check));
    for (const check of p.scored) tally(check).passages++;
    const used = new Set<Finding>();
    for (const e of p.expected) {
      const hit = findings.find((f) => f.check === e.check && !used.has(f) && overlaps(plan, f, e.words));
      if (hit) { used.add(hit); tally(e.check).tp++; } else { tally(e.check).fn++; misses.push({ passage: p.id, check: e.check, kind: 'missed', words: e.words ?? '' }); }
    }
    for (const f of findings) if (!used.has(f)) { tally(f.check).fp++; misses.push({ passage: p.id, check: f.check, kind: 'false positive', words: f.text.slice(0, 80) }); }
  }
  return { perCheck, misses };
}

function overlaps(plan: PlanText, f: Finding, words?: string): boolean {
  if (!words) return true;
  const text = plan.sections.find((s) => s.id === f.section)?.text ?? '';
  const at = text.toLowerCase().indexOf(words.toLowerCase());
  if (at < 0) return false;
  return f.start < at + words.length && f.end > at || (f.start === f.end && at === f.start);
}
