// The plan checks and the plan-text parser (criteria/plan-checks): realistic fictional
// plans of every phase, the heading forms, and the checks against the labelled set.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  CHECKS, PLAN_SECTION_IDS, checkPlan, ehcpPlanV2, headingOf, loadFramework, parsePlanText, writerChecklist,
  STANDARD_STATEMENTS, isNilText, type Framework,
} from '../../criteria/index.js';
import { readSet, score, planOf } from '../plan-checks/labelled.js';

const calibration = join(import.meta.dirname, '..', 'calibration');
const plans = ['suite', 'study', 'study-2'].flatMap((set) =>
  readdirSync(join(calibration, set, 'plans')).map((f) => ({ name: `${set}/${f}`, text: readFileSync(join(calibration, set, 'plans', f), 'utf8') })));

test('the parser finds all twelve sections, in order, in each calibration plan (under 5 to 19–25, draft, final and amended)', () => {
  assert.ok(plans.length >= 20);
  const statuses = new Set<string>();
  for (const { name, text } of plans) {
    const plan = parsePlanText(text);
    assert.deepEqual(plan.sections.map((s) => s.id), [...PLAN_SECTION_IDS], name);
    for (const s of plan.sections) assert.equal(text.slice(s.start!, s.start! + s.text.length), s.text, `${name} ${s.id}: text is an exact slice`);
    assert.match(plan.preamble, /EDUCATION, HEALTH AND CARE PLAN/);
    statuses.add(plan.status ?? 'unknown');
  }
  assert.deepEqual([...statuses].sort(), ['amended', 'draft', 'final']);
});

test('heading forms: "Section A: …", "A. Views…", "SECTION F - …", "Section H1", "F) …", markdown; prose is not a heading', () => {
  const yes: [string, string][] = [
    ['Section A: Views, interests and aspirations', 'A'], ['A. Views, interests and aspirations', 'A'], ['SECTION F - SPECIAL EDUCATIONAL PROVISION', 'F'],
    ['Section H1', 'H1'], ['Section H2: Other social care provision', 'H2'], ['F) Special educational provision', 'F'], ['## Section B', 'B'],
    ['H1. Social care provision under section 2', 'H1'], ['Section E (outcomes)', 'E'], ['K: Advice and information', 'K'], ['Section I', 'I'],
    ['Section H: Social care provision', 'H1'],
  ];
  for (const [line, id] of yes) assert.equal(headingOf(line), id, line);
  const no = ['A. The teaching assistant will read with her daily.', 'B: she finds reading hard', 'Section C of the plan says he has asthma.', 'I will go to college.', 'E1 (B1) By July 2027 Ava will read.', 'F. 20 minutes daily'];
  for (const line of no) assert.equal(headingOf(line), undefined, line);
});

test('plain text with other heading forms, numbered items and a flattened table', () => {
  const text = [
    'EHC PLAN (DRAFT)',
    'A. Views, interests and aspirations', 'I like buses.',
    'B. Special educational needs', '1. Communication: Sam speaks in short phrases.', 'A. The assistant will help.',
    'E. Outcomes', 'E1 (B1) By July 2027 Sam will use five-word sentences.',
    'F. Special educational provision', '| Need | Provision | Who | How often |', '| B1 | Language group | SaLT | as required |',
    'C. Health needs', 'Out of order: this stays in F.',
    'I. Placement', 'Greyfield Academy',
  ].join('\n');
  const plan = parsePlanText(text);
  assert.deepEqual(plan.sections.map((s) => s.id), ['A', 'B', 'E', 'F', 'I']);
  assert.equal(plan.status, 'draft');
  assert.match(plan.sections.find((s) => s.id === 'B')!.text, /A\. The assistant will help\./);
  assert.match(plan.sections.find((s) => s.id === 'F')!.text, /Out of order/);
  const findings = checkPlan(plan, { framework: ehcpPlanV2 });
  const vague = findings.find((f) => f.check === 'vague-wording' && f.section === 'F');
  assert.equal(vague?.text, 'as required');
  assert.ok(findings.some((f) => f.check === 'draft-names-school' && f.text === 'Greyfield Academy'));
});

test('every check names 2.0.0 criteria that exist, and every finding carries section, exact span, severity, message, rewrite and criterion', () => {
  const ids = new Set(ehcpPlanV2.sections.flatMap((s) => s.criteria.map((c) => c.id)));
  for (const check of CHECKS) {
    assert.ok(Object.keys(check.criteria).length > 0, check.id);
    for (const id of Object.values(check.criteria)) assert.ok(ids.has(id!), `${check.id} → ${id}`);
  }
  for (const { name, text } of plans) {
    const plan = parsePlanText(text);
    for (const f of checkPlan(plan, { framework: ehcpPlanV2 })) {
      const section = plan.sections.find((s) => s.id === f.section)!;
      assert.equal(section.text.slice(f.start, f.end), f.text, `${name} ${f.check}`);
      assert.ok(ids.has(f.criterion) && f.message && f.rewrite && (f.severity === 'weakness' || f.severity === 'advice'));
      assert.ok(f.criterion.startsWith(`${f.section}.`) || ['need-without-outcome', 'need-without-provision', 'outcome-without-provision'].includes(f.check), `${f.check} ${f.criterion}`);
    }
  }
});

test('vague wording comes from the framework glossary, not a copy: a term removed from the data is no longer found, a term added is', () => {
  const data = structuredClone(ehcpPlanV2) as Framework;
  const glossary = data.glossaries!.find((g) => g.id === 'vague-wording')!;
  glossary.terms = glossary.terms.filter((t) => t !== 'as required');
  glossary.terms.push('when staff are free');
  const edited = loadFramework(data, 'edited');
  const plan = { sections: [{ id: 'F' as const, text: 'Speech and language sessions as required.\nReading with an adult when staff are free.' }] };
  const before = checkPlan(plan, { framework: ehcpPlanV2 }).filter((f) => f.check === 'vague-wording').map((f) => f.text);
  const after = checkPlan(plan, { framework: edited }).filter((f) => f.check === 'vague-wording').map((f) => f.text);
  assert.deepEqual(before, ['as required']);
  assert.deepEqual(after, ['when staff are free']);
});

test('structured sections in (as a case system holds them), with the status given by the host', () => {
  const findings = checkPlan({ status: 'draft', sections: [{ id: 'I', text: 'Oakfield Special School.' }, { id: 'C', text: '' }, { id: 'J', text: 'N/A' }] }, { framework: ehcpPlanV2 });
  assert.deepEqual(findings.map((f) => `${f.section} ${f.check} ${f.criterion}`), [
    'C nil-bare C.requires-improvement.nil-bare', 'I draft-names-school I.inadequate.draft-names-school', 'J nil-bare J.requires-improvement.nil-bare',
  ]);
  assert.deepEqual(checkPlan({ status: 'final', sections: [{ id: 'I', text: 'Oakfield Special School.' }] }, { framework: ehcpPlanV2 }), []);
});

test('an LA can replace the wording of a check, the standard statements and the checklist', () => {
  const plan = { sections: [{ id: 'G' as const, text: 'None.' }] };
  const [f] = checkPlan(plan, { framework: ehcpPlanV2, wording: { 'nil-bare': { message: 'Ours.', rewrite: 'Our pattern.' } } });
  assert.equal(f!.message, 'Ours.');
  assert.equal(f!.rewrite, 'Our pattern.');
  const checklist = writerChecklist(ehcpPlanV2, { 'F.good.quantified': 'How much, how often?' });
  const core = ehcpPlanV2.sections.flatMap((s) => s.criteria.filter((c) => c.core));
  assert.equal(checklist.length, core.length);
  assert.equal(checklist.find((q) => q.criterion === 'F.good.quantified')!.question, 'How much, how often?');
  for (const s of STANDARD_STATEMENTS) {
    assert.ok(isNilText(s.text), `${s.section}: a standard statement reads as a nil statement`);
    const findings = checkPlan({ sections: [{ id: s.section, text: s.text }] }, { framework: ehcpPlanV2 });
    assert.deepEqual(findings.filter((x) => x.check.startsWith('nil-')), [], `${s.section}: the standard statement passes the nil checks`);
  }
});

test('the labelled set: at least 300 fictional passages, well formed, every weakness check at precision 0.9 or better', () => {
  const set = readSet();
  assert.ok(set.length >= 300, `${set.length} passages`);
  const known = new Set(CHECKS.map((c) => c.id));
  for (const p of set) {
    for (const c of p.scored) assert.ok(known.has(c), `${p.file}: unknown check ${c}`);
    for (const e of p.expected) {
      assert.ok(p.scored.includes(e.check), `${p.id}: ${e.check} is not scored in ${p.file}`);
      if (e.words) assert.ok(planOf(p).sections.some((s) => s.text.toLowerCase().includes(e.words!.toLowerCase())), `${p.id}: "${e.words}" is not in the passage`);
    }
  }
  const ids = new Set(set.map((p) => p.id));
  assert.equal(ids.size, set.length, 'passage ids are unique');
  const { perCheck } = score(set, ehcpPlanV2);
  for (const check of CHECKS) {
    const t = perCheck.get(check.id);
    assert.ok(t && t.tp + t.fn > 0, `${check.id} has labelled examples`);
    if (check.severity === 'weakness') assert.ok(t.tp / (t.tp + t.fp) >= 0.9, `${check.id}: precision ${t.tp}/${t.tp + t.fp}`);
  }
});
