// The calibration suite: fictional plans written to intended grades (suite/key), and
// the criteria a careful auditor ticks on them (suite/reference). The framework's
// suggestions from those ticks must match the intended grades. `npm run calibrate`
// prints the full figures, including the blind auditors'.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { agreement, checkTicks, compareWithKeys, loadDataset, SECTION_IDS, SHORT, type Grade } from './lib.js';

const suite = loadDataset('suite', join(import.meta.dirname, 'suite'));

test('the suite covers every section, every grade and Not applicable, over at least 60 sections', () => {
  assert.ok(suite.keys.size >= 5, `${suite.keys.size} plans`);
  const grades = new Set<string>();
  let sections = 0;
  for (const key of suite.keys.values()) {
    for (const id of SECTION_IDS) {
      assert.ok(key.sections[id], `${key.plan} ${id} has an intended grade`);
      assert.ok(key.reasons[id]?.trim(), `${key.plan} ${id} has a reason`);
      grades.add(key.sections[id]!);
      sections++;
    }
  }
  assert.ok(sections >= 60, `${sections} sections`);
  assert.deepEqual([...grades].sort(), ['good', 'inadequate', 'na', 'outstanding', 'requires-improvement']);
});

test('every plan of the suite has reference ticks, valid against the framework', () => {
  assert.deepEqual([...suite.reference.keys()].sort(), [...suite.keys.keys()].sort());
  for (const ticks of suite.reference.values()) assert.deepEqual(checkTicks(ticks), [], ticks.plan);
});

test('suggestions from the reference ticks equal the intended grade for at least 90% of sections, and are never more than one level off', () => {
  const [ref] = compareWithKeys(suite, { reference: true });
  const pairs = ref!.sectionPairs.map((p) => [p.intended, p.suggested] as [Grade, Grade]);
  const a = agreement(pairs);
  const misses = ref!.sectionPairs.filter((p) => p.intended !== p.suggested).map((p) => `${p.plan} ${p.section}: ${SHORT[p.intended]} → ${SHORT[p.suggested]}`);
  assert.ok(a.exact / a.n >= 0.9, `exact ${a.exact} of ${a.n}; misses: ${misses.join(', ')}`);
  assert.equal(a.withinOne, a.n, `more than one level off: ${misses.join(', ')}`);
});

test('the overall grade from the suggestions equals the intended overall grade for at least 7 plans in 8', () => {
  const [ref] = compareWithKeys(suite, { reference: true });
  const right = ref!.overall.filter((o) => o.fromSuggestions === o.intended).length;
  assert.ok(right / ref!.overall.length >= 7 / 8, `${right} of ${ref!.overall.length}: ${ref!.overall.map((o) => `${o.plan} ${SHORT[o.intended]}→${SHORT[o.fromSuggestions]}`).join(', ')}`);
});
