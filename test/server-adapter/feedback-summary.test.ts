// Suppression and name masking for feedback figures (pure functions).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parentCarerQuestionnaireV1 } from 'ehcp-qa/criteria';
import { maskNames, questionFigures, suppressCells } from '../../server-adapter/feedback/summary.js';

const scale = parentCarerQuestionnaireV1.questions.find((q) => q.id === 'describes-child')!;
const multiple = parentCarerQuestionnaireV1.questions.find((q) => q.id === 'who-involved')!;
const ids = scale.options!.map((o) => o.id);

test('one small cell in a row is hidden with the next smallest, so it cannot be worked out from the total', () => {
  assert.deepEqual(suppressCells([10, 3, 0, 7, 6], [[0, 1, 2, 3, 4]]), [false, true, true, false, false]);
  assert.deepEqual(suppressCells([10, 6, 0, 7, 6], [[0, 1, 2, 3, 4]]), [false, false, false, false, false]);
  assert.deepEqual(suppressCells([1, 2, 9], [[0, 1, 2]]), [true, true, false]);
});

test('property: for any answers to a scale question, no shown count is 1–4 and no line hides exactly one cell', () => {
  fc.assert(fc.property(fc.array(fc.constantFrom(...ids), { maxLength: 60 }), (chosen) => {
    const f = questionFigures(scale, chosen.map((id) => ({ [scale.id]: id })));
    if (chosen.length < 5) {
      assert.equal(f.answered, null);
      assert.ok(f.options.every((o) => o.count === null));
      return;
    }
    for (const o of f.options) if (o.count !== null) assert.ok(o.count === 0 || o.count >= 5);
    const hidden = f.options.filter((o) => o.suppressed).length;
    assert.notEqual(hidden, 1);
    for (const group of [f.options.slice(0, 2), f.options.slice(2)]) assert.notEqual(group.filter((o) => o.suppressed).length, 1);
    if (f.positive) assert.ok(f.positive.count >= 5 || f.positive.count === 0);
    if (f.positive) assert.ok(f.positive.n - f.positive.count >= 5 || f.positive.n === f.positive.count);
  }));
});

test('a multiple-choice option is hidden when 1–4 chose it or 1–4 did not', () => {
  const answers = [...Array(12)].map((_, i) => ({ 'who-involved': i < 9 ? ['school', 'caseworker'] : ['caseworker'] }));
  answers[0]!['who-involved'].push('health');
  const f = questionFigures(multiple, answers);
  const byId = Object.fromEntries(f.options.map((o) => [o.id, o.count]));
  assert.equal(byId.caseworker, 12);
  assert.equal(byId.school, null); // 3 did not choose it
  assert.equal(byId.health, null); // 1 chose it
  assert.equal(byId.none, 0);
});

test('maskNames hides name-like words, titles, e-mails and phone numbers but keeps sentence starts and common words', () => {
  assert.equal(maskNames('We met Mrs Patel and Sam at school.'), 'We met Mrs [name] and [name] at school.');
  assert.equal(maskNames('The SENCO said I should e-mail jo.bloggs@example.org or ring 01234 567890.'), 'The SENCO said I should e-mail [email] or ring [number].');
  assert.equal(maskNames('Thanks. Everything took until March.'), 'Thanks. Everything took until March.');
  assert.equal(maskNames('dr smith was late'), 'dr [name] was late');
});
