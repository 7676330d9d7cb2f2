/**
 * Feedback conformance: the rules of {@link FeedbackStore} checked on a backend, through
 * `feedbackStore(storage)` (the backend's own methods when it has them, else the
 * record-store implementation). Exported from `ehcp-qa/testing`.
 *
 * @example
 * runFeedbackConformance(test, () => createMyStorage(), { name: 'my backend' });
 */
import assert from 'node:assert/strict';
import { randomUUID, createHash } from 'node:crypto';
import type { QaStorage } from '../storage/types.js';
import { feedbackStore, type FeedbackRequest, type FeedbackResponse } from './store.js';

type TestFn = (name: string, fn: () => Promise<void>) => unknown;

export interface FeedbackConformanceOptions {
  name?: string;
  /** The backend claims its own feedback methods; the suite fails if any is missing. */
  ownMethods?: boolean;
}

const hash = (s: string) => createHash('sha256').update(s).digest('hex');

function request(extra: Partial<FeedbackRequest> = {}): FeedbackRequest {
  return {
    id: `fbq_${randomUUID().replaceAll('-', '')}`,
    tokenHash: hash(randomUUID()),
    planRef: `PLAN-${randomUUID().slice(0, 6)}`,
    cycleId: 'cycle-autumn-01',
    respondentType: 'parent-carer',
    questionnaireId: 'parent-carer',
    questionnaireVersion: '1.0.0',
    linked: true,
    plan: { planType: 'new', phase: 'primary', primaryNeed: 'ASD', settingType: 'mainstream', teamRef: 'team-north' },
    createdBy: 'cw-1',
    createdAt: '2026-01-10T10:00:00.000Z',
    expiresAt: '2026-02-10T10:00:00.000Z',
    status: 'open',
    usedAt: null,
    revokedAt: null,
    submissionKeyHash: null,
    version: 1,
    ...extra,
  };
}

function responseFor(r: FeedbackRequest, answers: FeedbackResponse['answers'] = { 'listened-to': 'agree' }): FeedbackResponse {
  return {
    id: `fbr_${randomUUID().replaceAll('-', '')}`,
    cycleId: r.cycleId,
    respondentType: r.respondentType,
    questionnaireId: r.questionnaireId,
    questionnaireVersion: r.questionnaireVersion,
    linked: r.linked,
    planRef: r.linked ? r.planRef : null,
    plan: r.linked ? r.plan : null,
    answers,
    submittedOn: '2026-01-12',
  };
}

const NOW = '2026-01-12T09:00:00.000Z';

export function runFeedbackConformance(test: TestFn, makeStorage: () => QaStorage | Promise<QaStorage>, options: FeedbackConformanceOptions = {}): void {
  const prefix = options.name ? `${options.name}: feedback: ` : 'feedback: ';
  const withStore = (name: string, fn: (s: QaStorage) => Promise<void>) =>
    test(`${prefix}${name}`, async () => {
      const storage = await makeStorage();
      try {
        await fn(storage);
      } finally {
        await storage.close();
      }
    });
  const tenant = () => `la-${randomUUID().slice(0, 8)}`;

  if (options.ownMethods) {
    withStore('the backend has its own feedback methods', async (s) => {
      for (const m of ['createFeedbackRequest', 'getFeedbackRequest', 'findFeedbackRequestByTokenHash', 'revokeFeedbackRequest', 'submitFeedback', 'listFeedbackRequests', 'listFeedbackResponses', 'eraseFeedbackOfPlan'] as const) {
        assert.equal(typeof s[m], 'function', `${m} is missing`);
      }
    });
  }

  withStore('a request is stored, read by id in its tenant only, and found by its token hash', async (s) => {
    const f = feedbackStore(s);
    const la = tenant();
    const r = request();
    assert.deepEqual(await f.createFeedbackRequest(la, r), r);
    assert.deepEqual(await f.getFeedbackRequest(la, r.id), r);
    assert.equal(await f.getFeedbackRequest(tenant(), r.id), null);
    assert.deepEqual(await f.findFeedbackRequestByTokenHash(r.tokenHash), { tenant: la, request: r });
    assert.equal(await f.findFeedbackRequestByTokenHash(hash('not a token')), null);
    await assert.rejects(f.createFeedbackRequest(la, { ...request(), id: r.id }));
    await assert.rejects(f.createFeedbackRequest(tenant(), { ...request(), tokenHash: r.tokenHash }));
  });

  withStore('a response is stored once: the same submission again is a replay, another is refused as used', async (s) => {
    const f = feedbackStore(s);
    const la = tenant();
    const r = await f.createFeedbackRequest(la, request());
    const first = await f.submitFeedback(la, r.id, hash('key-1'), responseFor(r), NOW);
    assert.equal(first.ok && !first.replay, true);
    assert.deepEqual(await f.submitFeedback(la, r.id, hash('key-1'), responseFor(r), NOW), { ok: true, replay: true });
    assert.deepEqual(await f.submitFeedback(la, r.id, hash('key-2'), responseFor(r), NOW), { ok: false, reason: 'used' });
    assert.equal((await f.listFeedbackResponses(la, {})).length, 1);
    const stored = await f.getFeedbackRequest(la, r.id);
    assert.equal(stored?.status, 'used');
    assert.equal(stored?.usedAt, NOW);
    assert.equal(stored?.version, 2);
  });

  withStore('two different submissions racing for one request: exactly one is stored', async (s) => {
    const f = feedbackStore(s);
    const la = tenant();
    const r = await f.createFeedbackRequest(la, request());
    const results = await Promise.all([1, 2, 3, 4].map((i) => f.submitFeedback(la, r.id, hash(`key-${i}`), responseFor(r), NOW)));
    assert.equal(results.filter((x) => x.ok).length, 1);
    assert.equal((await f.listFeedbackResponses(la, {})).length, 1);
  });

  withStore('a revoked or expired request takes no response; revoking checks the version', async (s) => {
    const f = feedbackStore(s);
    const la = tenant();
    const r = await f.createFeedbackRequest(la, request());
    assert.deepEqual(await f.revokeFeedbackRequest(la, r.id, 7, NOW), { ok: false, reason: 'conflict', currentVersion: 1 });
    assert.deepEqual(await f.revokeFeedbackRequest(tenant(), r.id, 1, NOW), { ok: false, reason: 'not-found' });
    const revoked = await f.revokeFeedbackRequest(la, r.id, 1, NOW);
    assert.ok(revoked.ok);
    assert.equal(revoked.value.status, 'revoked');
    assert.equal(revoked.value.version, 2);
    assert.deepEqual(await f.submitFeedback(la, r.id, hash('k'), responseFor(r), NOW), { ok: false, reason: 'revoked' });
    const old = await f.createFeedbackRequest(la, request({ expiresAt: '2026-01-11T00:00:00.000Z' }));
    assert.deepEqual(await f.submitFeedback(la, old.id, hash('k'), responseFor(old), NOW), { ok: false, reason: 'expired' });
    assert.deepEqual(await f.submitFeedback(tenant(), old.id, hash('k'), responseFor(old), NOW), { ok: false, reason: 'not-found' });
    assert.equal((await f.listFeedbackResponses(la, {})).length, 0);
  });

  withStore('anonymous responses keep no plan; plan filters match linked responses only; tenants never mix', async (s) => {
    const f = feedbackStore(s);
    const la = tenant();
    const other = tenant();
    const linked = await f.createFeedbackRequest(la, request());
    const anonymous = await f.createFeedbackRequest(la, request({ linked: false, respondentType: 'child-young-person', questionnaireId: 'child-young-person' }));
    const secondary = await f.createFeedbackRequest(la, request({ cycleId: 'cycle-spring-02', plan: { planType: 'new', phase: 'secondary', primaryNeed: 'SEMH', settingType: 'special' } }));
    const elsewhere = await f.createFeedbackRequest(other, request());
    for (const [t, r] of [[la, linked], [la, anonymous], [la, secondary], [other, elsewhere]] as const) {
      assert.ok((await f.submitFeedback(t, r.id, hash(r.id), responseFor(r), NOW)).ok);
    }
    const all = await f.listFeedbackResponses(la, {});
    assert.equal(all.length, 3);
    const anon = all.find((x) => !x.linked)!;
    assert.equal(anon.planRef, null);
    assert.equal(anon.plan, null);
    // An anonymous request does not keep when it was used (no matching by time).
    const usedAnonymous = await f.getFeedbackRequest(la, anonymous.id);
    assert.deepEqual([usedAnonymous?.status, usedAnonymous?.usedAt], ['used', null]);
    assert.equal(anon.respondentType, 'child-young-person');
    assert.deepEqual((await f.listFeedbackResponses(la, { phase: 'primary' })).map((x) => x.planRef), [linked.planRef]);
    assert.equal((await f.listFeedbackResponses(la, { cycleId: 'cycle-spring-02' })).length, 1);
    assert.equal((await f.listFeedbackResponses(la, { respondentType: 'child-young-person' })).length, 1);
    assert.equal((await f.listFeedbackRequests(la, {})).length, 3);
    assert.equal((await f.listFeedbackRequests(la, { cycleId: 'cycle-autumn-01', respondentType: 'parent-carer' })).length, 1);
    assert.equal((await f.listFeedbackResponses(other, {})).length, 1);
    assert.deepEqual((await f.listFeedbackRequests(la, { planRef: secondary.planRef })).map((r) => r.id), [secondary.id]);
    assert.deepEqual((await f.listFeedbackResponses(la, { planRef: linked.planRef })).map((r) => r.planRef), [linked.planRef]);
    assert.deepEqual(await f.listFeedbackResponses(la, { planRef: anonymous.planRef }), []);
  });

  withStore('erasing a plan deletes its requests (and their tokens) and linked responses, in its tenant only', async (s) => {
    const f = feedbackStore(s);
    const la = tenant();
    const other = tenant();
    const planRef = 'PLAN-ERASE-FB';
    const linked = await f.createFeedbackRequest(la, request({ planRef }));
    const open = await f.createFeedbackRequest(la, request({ planRef }));
    const keep = await f.createFeedbackRequest(la, request());
    const elsewhere = await f.createFeedbackRequest(other, request({ planRef }));
    for (const [t, r] of [[la, linked], [la, keep], [other, elsewhere]] as const) assert.ok((await f.submitFeedback(t, r.id, hash(r.id), responseFor(r), NOW)).ok);
    assert.deepEqual(await f.eraseFeedbackOfPlan(la, planRef), { requests: 2, responses: 1 });
    assert.equal(await f.getFeedbackRequest(la, open.id), null);
    assert.equal(await f.findFeedbackRequestByTokenHash(open.tokenHash), null);
    assert.deepEqual((await f.listFeedbackResponses(la, {})).map((r) => r.planRef), [keep.planRef]);
    assert.equal((await f.listFeedbackResponses(other, {})).length, 1);
    assert.deepEqual(await f.eraseFeedbackOfPlan(la, planRef), { requests: 0, responses: 0 });
  });
}
