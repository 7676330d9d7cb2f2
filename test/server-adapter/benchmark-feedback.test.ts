// Feedback in benchmarking: what an LA sends (positive answers per question, never a small
// number or free text), what the hub refuses, and what it publishes beside the audit figures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ehcpPlanV1, parentCarerQuestionnaireV1 } from 'ehcp-qa/criteria';
import {
  BenchmarkContributionSchema, parsePeriod, publishBenchmark, PublishedBenchmarkSchema,
  type BenchmarkContribution, type HeldContribution, type RegionId,
} from '../../server-adapter/benchmark/index.js';
import { feedbackForBenchmark } from '../../server-adapter/feedback/benchmark.js';
import type { FeedbackResponse } from '../../server-adapter/feedback/store.js';

const period = parsePeriod('2025-Q3');

function response(answers: FeedbackResponse['answers'], submittedOn = '2025-08-01', questionnaireId = 'parent-carer'): FeedbackResponse {
  return { id: `r-${Math.random()}`, cycleId: null, respondentType: 'parent-carer', questionnaireId, questionnaireVersion: '1.0.0', linked: false, planRef: null, plan: null, answers, submittedOn };
}

test('an LA sends positive answers per question only where no figure comes from fewer than 5 answers; never free text or options', () => {
  const responses = [
    // 12 in the period: listened-to 6 agree / 6 disagree (sent); describes-child 8 agree / 4 disagree (4 is small: not sent).
    ...Array.from({ length: 12 }, (_, i) => response({ 'listened-to': i < 6 ? 'agree' : 'disagree', 'describes-child': i < 8 ? 'strongly-agree' : 'neither', 'one-change': 'Names here' })),
    // Outside the period: left out.
    ...Array.from({ length: 20 }, () => response({ 'listened-to': 'agree' }, '2025-10-02')),
  ];
  const out = feedbackForBenchmark([parentCarerQuestionnaireV1], responses, period);
  assert.deepEqual(out, [{ questionnaireId: 'parent-carer', questionnaireVersion: '1.0.0', responses: 12, questions: { 'listened-to': { answered: 12, positive: 6 } } }]);
  assert.ok(!JSON.stringify(out).includes('Names'));
  // Fewer than 5 responses in the period: nothing.
  assert.deepEqual(feedbackForBenchmark([parentCarerQuestionnaireV1], responses.slice(0, 4), period), []);
});

function contribution(region: RegionId, feedback?: BenchmarkContribution['feedback']): BenchmarkContribution {
  const counts = { outstanding: 1, good: 5, 'requires-improvement': 3, inadequate: 1 };
  return {
    format: 'ehcp-qa/benchmark-contribution', frameworkId: ehcpPlanV1.id, frameworkVersion: ehcpPlanV1.version, period, region, plansAudited: 10, overall: counts,
    sections: Object.fromEntries(ehcpPlanV1.sections.map((s) => [s.id, s.notApplicableWhen ? { ...counts, na: 0 } : { ...counts }])),
    ...(feedback ? { feedback } : {}),
  };
}
const fb = (answered: number, positive: number): BenchmarkContribution['feedback'] => [{ questionnaireId: 'parent-carer', questionnaireVersion: '1.0.0', responses: answered, questions: { 'listened-to': { answered, positive } } }];

test('the hub refuses a contribution holding a feedback figure from fewer than 5 answers', () => {
  const ok = BenchmarkContributionSchema.safeParse(contribution('london', fb(10, 5)));
  assert.equal(ok.success, true);
  for (const [answered, positive] of [[10, 3], [10, 7], [4, 0]] as const) {
    const result = BenchmarkContributionSchema.safeParse(contribution('london', fb(answered, positive)));
    assert.equal(result.success, false, `${positive} of ${answered}`);
  }
});

test('published beside the audit figures: pooled where enough LAs sent the question, regions withheld so none can be worked out from England', () => {
  const contributions: HeldContribution[] = [
    ...Array.from({ length: 5 }, (_, i) => ({ la: `nw-${i}`, contribution: contribution('north-west', i < 4 ? fb(10, 5) : undefined) })),
    ...Array.from({ length: 5 }, (_, i) => ({ la: `ld-${i}`, contribution: contribution('london', fb(20, 15)) })),
  ];
  const { benchmark } = publishBenchmark({ hubId: 'h', publicationId: 'p', publishedAt: '2025-10-01T09:00:00Z', sampleData: false, framework: ehcpPlanV1, period, contributions });
  assert.equal(PublishedBenchmarkSchema.safeParse(benchmark).success, true);
  const q = benchmark.feedback!.find((x) => x.questionId === 'listened-to')!;
  assert.deepEqual(q.nation, { published: true, contributors: 9, answered: 140, positive: 95, share: 95 / 140 });
  // North West has 4 LAs with the question: withheld, and London with it (England − London would give North West).
  assert.equal(q.regions['north-west']!.published, false);
  assert.equal(q.regions.london!.published, false);
  // The audit figures are unchanged by feedback: both regions are published there.
  assert.equal(benchmark.regions['north-west']!.published, true);

  // Without any feedback the publication has no feedback field at all.
  const plain = publishBenchmark({ hubId: 'h', publicationId: 'p', publishedAt: '2025-10-01T09:00:00Z', sampleData: false, framework: ehcpPlanV1, period, contributions: contributions.map((c) => ({ la: c.la, contribution: contribution(c.contribution.region) })) });
  assert.equal('feedback' in plain.benchmark, false);
});

test('the contribution an LA previews includes its feedback counts for the period', async () => {
  const { harness } = await import('./helpers.js');
  const { generateHubKeyPair } = await import('../../server-adapter/benchmark/index.js');
  const h = await harness({ benchmark: { region: 'london', hubPublicKey: generateHubKeyPair().publicKey } });
  try {
    const tenant = h.la.manager.tenant;
    const today = new Date().toISOString().slice(0, 10);
    const at = `${today}T08:00:00.000Z`;
    await h.storage.createAudit(tenant, {
      id: 'audit-bench-fb-1', frameworkId: 'ehcp-plan', frameworkVersion: '1.0.0', planRef: 'PLAN-B1', cycleId: null, auditorId: 'a', auditorRole: 'send-caseworker',
      plan: { planType: 'new', phase: 'primary', primaryNeed: 'ASD', settingType: 'mainstream' }, status: 'completed', version: 1, sections: {},
      overall: { grade: 'good', meanPoints: null, pointsGrade: null, limitedBy: null, explanation: 'x' }, startedAt: at, updatedAt: at, completedAt: at, activeSeconds: 1, reopenings: [],
    });
    for (let i = 0; i < 6; i++) {
      const created = await (await h.call(h.la.manager, 'POST', '/feedback-requests', { body: { planRef: `PLAN-F${i}`, plan: { planType: 'new', phase: 'primary', primaryNeed: 'ASD', settingType: 'mainstream' }, respondentType: 'parent-carer' } })).json();
      const sent = await h.call(null, 'POST', `/feedback/${created.token}/responses`, { body: { submissionKey: `key-${i}-0123456789abcdef`, answers: { 'listened-to': i < 5 ? 'agree' : 'disagree', 'on-time': 'yes' } } });
      assert.equal(sent.status, 201);
    }
    const res = await h.call(h.la.manager, 'GET', `/benchmark/contribution?period=${today}..${today}&frameworkId=ehcp-plan&frameworkVersion=1.0.0`);
    assert.equal(res.status, 200, await res.clone().text());
    const body = await res.json();
    // listened-to: 5 positive, 1 other (small): not sent. on-time: 6 of 6 yes: sent.
    assert.deepEqual(body.feedback, [{ questionnaireId: 'parent-carer', questionnaireVersion: '1.0.0', responses: 6, questions: { 'on-time': { answered: 6, positive: 6 } } }]);
  } finally {
    await h.close();
  }
});

test('the LA\'s benchmark view sets its own feedback shares beside the published region and England', async () => {
  const { buildBenchmarkView } = await import('../../server-adapter/benchmark/view.js');
  const contributions: HeldContribution[] = [
    ...Array.from({ length: 5 }, (_, i) => ({ la: `nw-${i}`, contribution: contribution('north-west', fb(10, 5)) })),
    ...Array.from({ length: 5 }, (_, i) => ({ la: `ld-${i}`, contribution: contribution('london', fb(20, 15)) })),
  ];
  const { benchmark } = publishBenchmark({ hubId: 'h', publicationId: 'p', publishedAt: '2025-10-01T09:00:00Z', sampleData: false, framework: ehcpPlanV1, period, contributions });
  const view = buildBenchmarkView({
    framework: ehcpPlanV1, audits: [], published: benchmark, via: 'file', receivedAt: '2025-10-02T09:00:00Z', region: 'london',
    feedback: { own: fb(20, 15)!, questionText: (id, version, q) => (id === 'parent-carer' && version === '1.0.0' && q === 'listened-to' ? 'Listened to?' : undefined) },
  });
  assert.deepEqual(view.feedback, [{
    questionnaireId: 'parent-carer', questionnaireVersion: '1.0.0', questionId: 'listened-to', text: 'Listened to?',
    la: { answered: 20, positive: 15, share: 0.75 },
    region: { published: true, contributors: 5, answered: 100, positive: 75, share: 0.75 },
    nation: { published: true, contributors: 10, answered: 150, positive: 100, share: 100 / 150 },
  }]);
});
