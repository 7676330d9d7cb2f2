import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  answerProblems, builtInQuestionnaires, childYoungPersonQuestionnaireV1, loadQuestionnaire, parentCarerQuestionnaireV1,
  PICTURE_IDS, QuestionnaireValidationError, RESPONDENT_TYPES,
} from 'ehcp-qa/criteria';

function rejection(data: unknown): QuestionnaireValidationError {
  try {
    loadQuestionnaire(data, 'broken.json');
  } catch (error) {
    assert.ok(error instanceof QuestionnaireValidationError, `expected QuestionnaireValidationError, got ${String(error)}`);
    return error;
  }
  assert.fail('loadQuestionnaire accepted broken data');
}
const clone = (): any => structuredClone(parentCarerQuestionnaireV1);

describe('built-in questionnaires', () => {
  test('one per respondent type, each with at most two free-text questions, ids unique', () => {
    assert.deepEqual(builtInQuestionnaires.map((q) => q.respondentType).sort(), [...RESPONDENT_TYPES].sort());
    for (const q of builtInQuestionnaires) {
      assert.ok(q.questions.filter((x) => x.type === 'text').length <= 2, q.id);
      assert.equal(new Set(q.questions.map((x) => x.id)).size, q.questions.length, q.id);
      // Process, plan and difference are each asked about.
      for (const topic of ['process', 'plan', 'difference']) assert.ok(q.questions.some((x) => x.topic === topic), `${q.id} asks about ${topic}`);
      // Every question type but text has at least one positive option (so the summary can report agreement)
      assert.ok(q.questions.some((x) => x.options?.some((o) => o.positive)), q.id);
    }
  });

  test('the children and young people questionnaire has an easy-read form of every question and option, with shipped pictures', () => {
    const q = childYoungPersonQuestionnaireV1;
    assert.ok(q.easyRead);
    for (const question of q.questions) {
      assert.ok(question.easyRead, question.id);
      assert.ok((PICTURE_IDS as readonly string[]).includes(question.easyRead.picture));
      assert.ok(question.easyRead.text.length <= 90);
      for (const o of question.options ?? []) assert.ok(o.easyRead, `${question.id}.${o.id}`);
    }
  });

  test('uses every question type: single, several, five-point scale and free text', () => {
    const types = new Set(builtInQuestionnaires.flatMap((q) => q.questions.map((x) => x.type)));
    assert.deepEqual([...types].sort(), ['multiple', 'scale', 'single', 'text']);
  });
});

describe('questionnaire validation names the path at fault', () => {
  test('duplicate question ids', () => {
    const data = clone();
    data.questions[1].id = data.questions[0].id;
    const e = rejection(data);
    assert.ok(e.problems.some((p) => p.path === 'questions[1].id' && /duplicate/.test(p.message)));
  });

  test('a third free-text question', () => {
    const data = clone();
    data.questions.push({ id: 'extra-1', type: 'text', topic: 'process', text: 'More?', maxLength: 100 }, { id: 'extra-2', type: 'text', topic: 'process', text: 'Even more?', maxLength: 100 });
    const e = rejection(data);
    assert.ok(e.problems.some((p) => p.path === 'questions' && /at most 2 free-text/.test(p.message)));
  });

  test('a scale without five options, a choice without options, text with options', () => {
    const data = clone();
    data.questions[0].options = data.questions[0].options.slice(0, 4);
    delete data.questions[2].options;
    data.questions.at(-1).options = [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }];
    const e = rejection(data);
    assert.ok(e.problems.some((p) => p.path === 'questions[0].options' && /exactly five/.test(p.message)));
    assert.ok(e.problems.some((p) => p.path === 'questions[2].options' && /needs options/.test(p.message)));
    assert.ok(e.problems.some((p) => p.path === `questions[${data.questions.length - 1}].options` && /no options/.test(p.message)));
  });

  test('an easy-read questionnaire missing one easy-read option', () => {
    const data: any = structuredClone(childYoungPersonQuestionnaireV1);
    delete data.questions[0].options[1].easyRead;
    assert.ok(rejection(data).problems.some((p) => p.path === 'questions[0].options[1].easyRead'));
  });

  test('a picture the package does not ship', () => {
    const data: any = structuredClone(childYoungPersonQuestionnaireV1);
    data.questions[1].easyRead.picture = 'clipart-from-the-web';
    assert.ok(rejection(data).problems.some((p) => p.path === 'questions[1].easyRead.picture'));
  });

  test('a bad version and unknown fields', () => {
    const data = clone();
    data.version = '1';
    data.colour = 'red';
    const e = rejection(data);
    assert.ok(e.problems.some((p) => p.path === 'version'));
    assert.equal(e.problems.length, 2);
  });
});

describe('answerProblems', () => {
  const q = parentCarerQuestionnaireV1;
  test('accepts a partial, valid set of answers (every question is optional)', () => {
    assert.deepEqual(answerProblems(q, {}), []);
    assert.deepEqual(answerProblems(q, { 'listened-to': 'agree', 'who-involved': ['school', 'health'], 'one-change': 'Shorter forms.' }), []);
  });
  test('refuses unknown questions and options, wrong shapes, duplicates and long text', () => {
    const problems = answerProblems(q, {
      'not-a-question': 'x', 'listened-to': 'maybe', 'who-involved': ['school', 'school'], 'on-time': ['yes'], 'one-change': 'x'.repeat(801),
    });
    const paths = problems.map((p) => p.path).sort();
    assert.deepEqual(paths, ['answers.listened-to', 'answers.not-a-question', 'answers.on-time', 'answers.one-change', 'answers.who-involved']);
  });
});

test('docs/feedback.md: the example of a questionnaire of your own loads', async () => {
  const { readFileSync } = await import('node:fs');
  const doc = readFileSync(new URL('../../docs/feedback.md', import.meta.url), 'utf8');
  const block = doc.match(/const annualReview = loadQuestionnaire\((\{[\s\S]*?\n\})/);
  assert.ok(block, 'the example is in the document');
  // The example is plain data: evaluate the object literal and load it.
  const data: unknown = new Function(`return (${block[1]});`)();
  const q = loadQuestionnaire(data, 'docs example');
  assert.equal(q.questions[0]!.id, 'papers-in-time');
  assert.deepEqual(answerProblems(q, { 'papers-in-time': 'yes' }), []);
});
