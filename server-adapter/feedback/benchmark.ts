/**
 * Feedback in a benchmark contribution: for each questionnaire version with at least 5
 * responses in the period, and each single-choice or scale question whose share of
 * positive answers may be shown (docs/feedback.md#small-numbers), how many answered and
 * how many answered positively. Never free text, never an option count, never a figure
 * from fewer than 5 answers.
 */
import type { Questionnaire } from '../../criteria/questionnaire-schema.js';
import type { BenchmarkPeriod, FeedbackContribution } from '../benchmark/model.js';
import type { FeedbackResponse } from './store.js';
import { MIN_COUNT, questionFigures } from './summary.js';

export function feedbackForBenchmark(questionnaires: readonly Questionnaire[], responses: readonly FeedbackResponse[], period: Pick<BenchmarkPeriod, 'start' | 'end'>): FeedbackContribution[] {
  const inPeriod = responses.filter((r) => r.submittedOn >= period.start && r.submittedOn <= period.end);
  const out: FeedbackContribution[] = [];
  for (const q of questionnaires) {
    const answers = inPeriod.filter((r) => r.questionnaireId === q.id && r.questionnaireVersion === q.version).map((r) => r.answers);
    if (answers.length < MIN_COUNT) continue;
    const questions: FeedbackContribution['questions'] = {};
    for (const question of q.questions) {
      if (question.type !== 'single' && question.type !== 'scale') continue;
      const positive = questionFigures(question, answers).positive;
      if (positive) questions[question.id] = { answered: positive.n, positive: positive.count };
    }
    if (Object.keys(questions).length) out.push({ questionnaireId: q.id, questionnaireVersion: q.version, responses: answers.length, questions });
  }
  return out;
}
