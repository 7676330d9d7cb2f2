/**
 * Demo data for experiential feedback: links sent to parents and carers, young people and
 * professionals for a share of the audited plans, and their answers, a little more
 * positive where the plan was graded Good or better (so "quality and experience side by
 * side" has something to show). Linked responses, as the demo server configures. The
 * tokens are random and thrown away: the seeded links cannot be opened. Everything here
 * is fictional.
 */
import { createHash, randomBytes } from 'node:crypto';
import { builtInQuestionnaires, type FeedbackAnswers, type Question, type Questionnaire } from 'ehcp-qa/criteria';
import type { DemoSeedHook } from './seed.js';
import { feedbackStore, newResponseId, type FeedbackRequest } from '../server-adapter/feedback/store.js';

const COMMENTS: Record<string, string[]> = {
  'one-change': [
    'Being told who to contact when the draft was late.',
    'A meeting before the draft, not after it.',
    'Ms Hartley at school explained everything, but the council never rang back.',
    'Fewer forms asking the same questions.',
    'Plain words in the plan instead of jargon.',
  ],
  'tell-us': ['I like my new reading group.', 'I want to do more art.', 'Nobody told me what the plan was for.'],
  improve: ['More notice before advice is due.', 'Seeing the draft before it goes to the family.', 'A template that asks for amounts of provision.'],
};

function answersFor(questionnaire: Questionnaire, positiveChance: number, random: () => number): FeedbackAnswers {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const answers: FeedbackAnswers = {};
  for (const q of questionnaire.questions as Question[]) {
    if (random() < 0.08) continue; // skipped: every question is optional
    const options = q.options ?? [];
    if (q.type === 'text') {
      if (random() < 0.3) answers[q.id] = pick(COMMENTS[q.id] ?? ['Thank you.']);
    } else if (q.type === 'multiple') {
      const chosen = options.filter((o) => o.id !== 'none' && random() < 0.4).map((o) => o.id);
      answers[q.id] = chosen.length ? chosen : [options[0]!.id];
    } else if (options.some((o) => o.positive)) {
      const positive = options.filter((o) => o.positive);
      const other = options.filter((o) => !o.positive);
      answers[q.id] = random() < positiveChance ? pick(positive).id : pick(other).id;
    } else {
      answers[q.id] = pick(options).id;
    }
  }
  return answers;
}

export const seedFeedbackHook: DemoSeedHook = async ({ storage, tenant, framework, cycles, audits, users, random }) => {
  const store = feedbackStore(storage);
  const expectedRank = framework.scale.levels.find((l) => l.id === framework.scale.expected)!.rank;
  const rank = new Map(framework.scale.levels.map((l) => [l.id, l.rank]));
  const latest = (type: string) => builtInQuestionnaires.filter((q) => q.respondentType === type).at(-1)!;
  const sendAndAnswer = async (audit: (typeof audits)[number], respondentType: FeedbackRequest['respondentType'], answerChance: number, good: boolean) => {
    const questionnaire = latest(respondentType);
    const sentAt = new Date(Date.parse(audit.completedAt ?? audit.startedAt) + 2 * 86_400_000);
    const request: FeedbackRequest = {
      id: `fbq_demo_${randomBytes(10).toString('hex')}`,
      tokenHash: createHash('sha256').update(randomBytes(32)).digest('hex'),
      planRef: audit.planRef, cycleId: audit.cycleId, respondentType, questionnaireId: questionnaire.id, questionnaireVersion: questionnaire.version,
      linked: true, plan: audit.plan, createdBy: users.manager.sub, createdAt: sentAt.toISOString(),
      expiresAt: new Date(sentAt.getTime() + 28 * 86_400_000).toISOString(), status: 'open', usedAt: null, revokedAt: null, submissionKeyHash: null, version: 1,
    };
    await store.createFeedbackRequest(tenant, request);
    if (random() >= answerChance) return;
    const answeredAt = new Date(sentAt.getTime() + (1 + Math.floor(random() * 10)) * 86_400_000).toISOString();
    await store.submitFeedback(tenant, request.id, createHash('sha256').update(randomBytes(16)).digest('hex'), {
      id: newResponseId(), cycleId: request.cycleId, respondentType, questionnaireId: questionnaire.id, questionnaireVersion: questionnaire.version,
      linked: true, planRef: request.planRef, plan: request.plan, answers: answersFor(questionnaire, good ? 0.8 : 0.45, random), submittedOn: answeredAt.slice(0, 10),
    }, answeredAt);
  };
  for (const audit of audits) {
    if (audit.status !== 'completed' || !audit.overall?.grade || !cycles.some((c) => c.id === audit.cycleId)) continue;
    const good = (rank.get(audit.overall.grade) ?? 99) <= expectedRank;
    if (random() < 0.6) await sendAndAnswer(audit, 'parent-carer', 0.65, good);
    if (audit.plan.phase !== 'early-years' && random() < 0.25) await sendAndAnswer(audit, 'child-young-person', 0.5, good);
    if (random() < 0.3) await sendAndAnswer(audit, 'professional', 0.6, good);
  }
};
