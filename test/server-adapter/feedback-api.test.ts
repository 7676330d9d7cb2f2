// Feedback over real HTTP through the adapter on a real SQLite file: invitations, the
// public form by token (single use, replays, expiry, withdrawal), the summary with
// suppression, the CSV export, and answers beside the plans' audit grades.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { loadQuestionnaire, parentCarerQuestionnaireV1 } from 'ehcp-qa/criteria';
import type { Audit } from 'ehcp-qa/server';
import { feedbackStore } from '../../server-adapter/feedback/store.js';
import { harness, plan, type Harness, type Person } from './helpers.js';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const key = () => randomUUID().replaceAll('-', '');

async function createRequest(h: Harness, who: Person, extra: Record<string, unknown> = {}) {
  const res = await h.call(who, 'POST', '/feedback-requests', {
    body: { planRef: `PLAN-${randomUUID().slice(0, 8)}`, plan: { ...plan, caseworkerRef: who.sub }, respondentType: 'parent-carer', ...extra },
  });
  assert.equal(res.status, 201, await res.clone().text());
  return (await res.json()) as { request: { id: string; planRef: string; version: number; status: string; linked: boolean }; token: string; link: string };
}

const submit = (h: Harness, token: string, answers: Record<string, unknown>, submissionKey = key()) =>
  h.call(null, 'POST', `/feedback/${token}/responses`, { body: { submissionKey, answers } });

describe('feedback requests and the public form', () => {
  let h: Harness;
  before(async () => { h = await harness({ feedback: { linkResponses: true } }); });
  after(async () => { await h.close(); });

  test('a caseworker creates a link for their plan: token shown once, only its hash stored, ETag sent', async () => {
    const res = await h.call(h.la.caseworker, 'POST', '/feedback-requests', {
      body: { planRef: 'PLAN-0001', plan: { ...plan }, respondentType: 'child-young-person' },
    });
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('etag'), '"1"');
    const body = await res.json();
    assert.match(body.token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(body.link, `http://localhost/qa/feedback/${body.token}`);
    assert.equal(body.request.plan.caseworkerRef, h.la.caseworker.sub);
    assert.equal(body.request.questionnaireId, 'child-young-person');
    assert.equal(body.request.linked, true);
    assert.equal('tokenHash' in body.request, false);
    const stored = await feedbackStore(h.storage).getFeedbackRequest(h.la.caseworker.tenant, body.request.id);
    assert.equal(stored?.tokenHash, sha(body.token));
    assert.ok(!JSON.stringify(stored).includes(body.token));
  });

  test('roles, ownership, tenancy and validation', async () => {
    const body = { planRef: 'PLAN-0002', plan: { ...plan }, respondentType: 'parent-carer' };
    assert.equal((await h.call(null, 'POST', '/feedback-requests', { body })).status, 401);
    assert.equal((await h.call(h.la.auditor, 'POST', '/feedback-requests', { body })).status, 403);
    const notMine = await h.call(h.la.caseworker, 'POST', '/feedback-requests', { body: { ...body, plan: { ...plan, caseworkerRef: h.la.caseworker2.sub } } });
    assert.equal(notMine.status, 403);
    const bad = await h.call(h.la.manager, 'POST', '/feedback-requests', { body: { ...body, respondentType: 'grandparent', planRef: 'Amy Jones' } });
    assert.equal(bad.status, 422);
    assert.equal(bad.headers.get('content-type'), 'application/problem+json');
    assert.deepEqual((await bad.json()).errors.map((e: { field: string }) => e.field).sort(), ['planRef', 'respondentType']);
    const noCycle = await h.call(h.la.manager, 'POST', '/feedback-requests', { body: { ...body, cycleId: 'no-such-cycle' } });
    assert.equal((await noCycle.json()).errors[0].field, 'cycleId');
    const wrongType = await h.call(h.la.manager, 'POST', '/feedback-requests', { body: { ...body, questionnaireId: 'professional' } });
    assert.equal(wrongType.status, 422);

    const created = await createRequest(h, h.la.caseworker);
    assert.equal((await h.call(h.other.manager, 'GET', `/feedback-requests/${created.request.id}`)).status, 404);
    assert.equal((await h.call(h.la.caseworker2, 'GET', `/feedback-requests/${created.request.id}`)).status, 404);
    const mine = await h.call(h.la.manager, 'GET', `/feedback-requests/${created.request.id}`);
    assert.equal(mine.status, 200);
    assert.equal(mine.headers.get('etag'), '"1"');
    const list = await h.call(h.la.caseworker, 'GET', `/feedback-requests?planRef=${created.request.planRef}`);
    assert.deepEqual((await list.json()).items.map((r: { id: string }) => r.id), [created.request.id]);
  });

  test('the form opens without sign-in; the answers are taken once, and the same submission sent twice is not counted twice', async () => {
    const { request, token } = await createRequest(h, h.la.caseworker);
    const form = await h.call(null, 'GET', `/feedback/${token}/form`);
    assert.equal(form.status, 200);
    assert.equal(form.headers.get('cache-control'), 'no-store');
    const formBody = await form.json();
    assert.equal(formBody.questionnaire.id, 'parent-carer');
    assert.equal(formBody.linked, true);
    assert.equal(JSON.stringify(formBody).includes(request.planRef), false);

    const submissionKey = key();
    const first = await submit(h, token, { 'listened-to': 'agree', 'who-involved': ['school'], 'one-change': '' }, submissionKey);
    assert.equal(first.status, 201, await first.clone().text());
    assert.deepEqual(await first.json(), { status: 'received', replay: false, thankYou: parentCarerQuestionnaireV1.thankYou });
    const again = await submit(h, token, { 'listened-to': 'agree' }, submissionKey);
    assert.equal(again.status, 200);
    assert.equal((await again.json()).replay, true);
    const other = await submit(h, token, { 'listened-to': 'disagree' });
    assert.equal(other.status, 410);
    assert.equal((await other.json()).type, 'urn:ehcp-qa:problem:feedback-link-used');
    const reopened = await h.call(null, 'GET', `/feedback/${token}/form`);
    assert.equal(reopened.status, 410);

    const stored = await feedbackStore(h.storage).listFeedbackResponses(h.la.caseworker.tenant, {});
    const forPlan = stored.filter((r) => r.planRef === request.planRef);
    assert.equal(forPlan.length, 1);
    assert.deepEqual(forPlan[0]!.answers, { 'listened-to': 'agree', 'who-involved': ['school'] });
    assert.equal((await (await h.call(h.la.manager, 'GET', `/feedback-requests/${request.id}`)).json()).status, 'used');
  });

  test('an expired link is refused, to read and to send; an unknown or malformed one too', async () => {
    const token = 'E'.repeat(43);
    const tenant = h.la.manager.tenant;
    await feedbackStore(h.storage).createFeedbackRequest(tenant, {
      id: `fbq_${key()}`, tokenHash: sha(token), planRef: 'PLAN-OLD', cycleId: null, respondentType: 'parent-carer', questionnaireId: 'parent-carer',
      questionnaireVersion: '1.0.0', linked: true, plan: { ...plan }, createdBy: 'x', createdAt: '2025-01-01T00:00:00.000Z', expiresAt: '2025-01-29T00:00:00.000Z',
      status: 'open', usedAt: null, revokedAt: null, submissionKeyHash: null, version: 1,
    });
    const form = await h.call(null, 'GET', `/feedback/${token}/form`);
    assert.equal(form.status, 410);
    assert.equal((await form.json()).type, 'urn:ehcp-qa:problem:feedback-link-expired');
    const sent = await submit(h, token, { 'listened-to': 'agree' });
    assert.equal(sent.status, 410);
    assert.equal((await feedbackStore(h.storage).listFeedbackResponses(tenant, {})).some((r) => r.planRef === 'PLAN-OLD'), false);
    const unknown = await h.call(null, 'GET', `/feedback/${'U'.repeat(43)}/form`);
    assert.equal(unknown.status, 404);
    assert.equal((await unknown.json()).type, 'urn:ehcp-qa:problem:feedback-link-unknown');
    const malformed = await h.call(null, 'GET', '/feedback/short/form');
    assert.equal(malformed.status, 400);
    assert.equal((await malformed.json()).errors[0].field, 'path.token');
  });

  test('answers are checked against the questionnaire; a refused submission stores nothing and leaves the link open', async () => {
    const { token } = await createRequest(h, h.la.caseworker);
    const res = await submit(h, token, { 'listened-to': 'sort-of', 'no-such-question': 'x' });
    assert.equal(res.status, 422);
    assert.deepEqual((await res.json()).errors.map((e: { field: string }) => e.field).sort(), ['answers.listened-to', 'answers.no-such-question']);
    assert.equal((await h.call(null, 'GET', `/feedback/${token}/form`)).status, 200);
    const badKey = await h.call(null, 'POST', `/feedback/${token}/responses`, { body: { submissionKey: 'x', answers: {} } });
    assert.equal((await badKey.json()).errors[0].field, 'submissionKey');
  });

  test('withdrawing a link needs If-Match, checks the version, and refuses a used link', async () => {
    const { request, token } = await createRequest(h, h.la.caseworker);
    const path = `/feedback-requests/${request.id}/revoke`;
    assert.equal((await h.call(h.la.caseworker, 'POST', path)).status, 428);
    const stale = await h.call(h.la.caseworker, 'POST', path, { ifMatch: 5 });
    assert.equal(stale.status, 412);
    assert.equal((await stale.json()).currentVersion, 1);
    assert.equal((await h.call(h.other.manager, 'POST', path, { ifMatch: 1 })).status, 404);
    const ok = await h.call(h.la.caseworker, 'POST', path, { ifMatch: 1 });
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('etag'), '"2"');
    assert.equal((await ok.json()).status, 'revoked');
    const form = await h.call(null, 'GET', `/feedback/${token}/form`);
    assert.equal((await form.json()).type, 'urn:ehcp-qa:problem:feedback-link-withdrawn');
    assert.equal((await submit(h, token, {})).status, 410);
    assert.equal((await h.call(h.la.caseworker, 'POST', path, { ifMatch: 2 })).status, 409);
  });

  test('the ready page: HTML with the form element, a strict CSP, no referrer, no caching', async () => {
    const { token } = await createRequest(h, h.la.caseworker);
    const res = await h.call(null, 'GET', `/feedback/${token}`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, /^text\/html/);
    const csp = res.headers.get('content-security-policy')!;
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
    assert.equal(res.headers.get('cache-control'), 'no-store');
    const html = await res.text();
    assert.ok(html.includes(`<ehcp-feedback-form api-base="/qa" token="${token}" heading-level="1">`));
    assert.ok(html.includes('<script type="module" src="/qa/feedback-assets/ehcp-qa.bundle.js">'));
    // The bundle's files only, by name: nothing else under the package can be read this way.
    for (const name of ['server.js', '..%2Fpackage.json', 'ehcp-qa.bundle.js.map']) {
      const res = await h.call(null, 'GET', `/feedback-assets/${name}`);
      assert.equal(res.status, 400, name);
      assert.equal((await res.json()).errors[0].field, 'path.file');
    }
    const hostile = await h.call(null, 'GET', `/feedback/${encodeURIComponent('"><script>alert(1)</script>')}`);
    assert.equal((await hostile.text()).includes('<script>alert'), false);
  });
});

// ── reports ──────────────────────────────────────────────────────────────────
function audit(planRef: string, overall: string, cycleId: string | null): Audit {
  const at = '2026-01-05T10:00:00.000Z';
  return {
    id: `aud_${key()}`, frameworkId: 'ehcp-plan', frameworkVersion: '2.0.0', planRef, cycleId, auditorId: 'aud-x', auditorRole: 'send-caseworker',
    plan: { ...plan }, status: 'completed', version: 1, sections: {},
    overall: { grade: overall, meanPoints: null, pointsGrade: null, limitedBy: null, explanation: 'test' },
    startedAt: at, updatedAt: at, completedAt: at, activeSeconds: 60, reopenings: [],
  };
}

describe('feedback reports', () => {
  let h: Harness;
  let tenant: string;
  const cycles = { spring: 'cycle-spring-2026', autumn: 'cycle-autumn-2025' };
  before(async () => {
    h = await harness({ feedback: { linkResponses: true } });
    tenant = h.la.manager.tenant;
    await h.storage.createCycle(tenant, { id: cycles.autumn, name: 'Autumn 2025', startDate: '2025-09-01', endDate: '2025-12-31', kpiTarget: null, createdAt: '2025-09-01T00:00:00.000Z' });
    await h.storage.createCycle(tenant, { id: cycles.spring, name: 'Spring 2026', startDate: '2026-01-01', endDate: '2026-03-31', kpiTarget: null, createdAt: '2026-01-01T00:00:00.000Z' });
    // Spring: 12 parents of plans graded Good or better (10 agree they are described well, 2 disagree),
    // 8 of plans graded below (2 agree, 6 disagree); 3 children (a small group).
    const answer = async (grade: string, describes: string, extra: Record<string, unknown> = {}, cycleId = cycles.spring, respondentType = 'parent-carer') => {
      const planRef = `PLAN-${randomUUID().slice(0, 8)}`;
      if (grade) await h.storage.createAudit(tenant, audit(planRef, grade, cycleId));
      const { token } = await createRequest(h, h.la.manager, { planRef, cycleId, respondentType, plan: { ...plan } });
      const field = respondentType === 'parent-carer' ? 'describes-child' : 'about-me';
      const res = await submit(h, token, { [field]: describes, ...extra });
      assert.equal(res.status, 201, await res.clone().text());
    };
    for (let i = 0; i < 12; i++) await answer(i % 3 === 0 ? 'outstanding' : 'good', i < 10 ? 'agree' : 'disagree', i < 6 ? { 'one-change': i === 0 ? 'Mrs Patel at Greenfield school was kind. Call 07700 900123.' : 'More time to read the draft.' } : {});
    for (let i = 0; i < 8; i++) await answer(i < 4 ? 'requires-improvement' : 'inadequate', i < 2 ? 'agree' : 'disagree');
    for (let i = 0; i < 3; i++) await answer('', 'agree', {}, cycles.spring, 'child-young-person');
    // Autumn: 10 parents, 5 agree.
    for (let i = 0; i < 10; i++) await answer('good', i < 5 ? 'agree' : 'strongly-disagree', {}, cycles.autumn);
    // Unanswered requests: response rates.
    for (let i = 0; i < 5; i++) await createRequest(h, h.la.manager, { cycleId: cycles.spring });
  });
  after(async () => { await h.close(); });

  test('summary: response rates, distributions with small numbers hidden (and a second cell where subtraction would reveal one)', async () => {
    const res = await h.call(h.la.moderator, 'GET', `/reports/feedback?cycleId=${cycles.spring}`);
    assert.equal(res.status, 200, await res.clone().text());
    const body = await res.json();
    const parents = body.responseRates.find((r: { respondentType: string }) => r.respondentType === 'parent-carer');
    assert.deepEqual([parents.sent, parents.responses], [25, 20]);
    assert.equal(parents.rate.share, 0.8);
    const children = body.responseRates.find((r: { respondentType: string }) => r.respondentType === 'child-young-person');
    assert.deepEqual([children.sent, children.responses, children.rate], [3, null, null]);

    const q = body.questionnaires.find((x: { id: string }) => x.id === 'parent-carer');
    assert.equal(q.responses, 20);
    const describes = q.questions.find((x: { id: string }) => x.id === 'describes-child');
    assert.equal(describes.answered, 20);
    const byId = Object.fromEntries(describes.options.map((o: { id: string; count: number | null }) => [o.id, o.count]));
    assert.deepEqual(byId, { 'strongly-agree': 0, agree: 12, neither: 0, disagree: 8, 'strongly-disagree': 0 });
    assert.equal(describes.positive.count, 12);
    // 'one-change' (free text): 6 answers; 'listened-to': none answered -> suppressed.
    assert.equal(q.questions.find((x: { id: string }) => x.id === 'listened-to').suppressed, true);
    // Children: 3 responses, nothing shown.
    const cyp = body.questionnaires.find((x: { id: string }) => x.id === 'child-young-person');
    assert.equal(cyp.suppressed, true);
    assert.equal(cyp.responses, null);
    assert.ok(cyp.questions.every((x: { answered: number | null; options: { count: number | null }[] }) => x.answered === null && x.options.every((o) => o.count === null)));
    // Moderators get no free text.
    assert.equal(body.freeText, null);
    assert.equal(JSON.stringify(body).includes('Patel'), false);
  });

  test('summary: managers read free text with names, numbers masked; other roles and tenants cannot read the summary', async () => {
    const body = await (await h.call(h.la.manager, 'GET', `/reports/feedback?cycleId=${cycles.spring}&respondentType=parent-carer`)).json();
    assert.equal(body.freeText.length, 1);
    const texts: string[] = body.freeText[0].answers;
    assert.equal(texts.length, 6);
    assert.ok(texts.includes('Mrs [name] at [name] school was kind. Call [number].'), texts.join(' | '));
    assert.equal((await h.call(h.la.caseworker, 'GET', '/reports/feedback')).status, 403);
    assert.equal((await h.call(h.la.auditor, 'GET', '/reports/feedback')).status, 403);
    const other = await (await h.call(h.other.manager, 'GET', '/reports/feedback')).json();
    assert.deepEqual(other.questionnaires, []);
    assert.equal((await h.call(h.other.manager, 'GET', `/reports/feedback?cycleId=${cycles.spring}`)).status, 404);
  });

  test('summary: comparison with another cycle, with a 95% interval for the change', async () => {
    const body = await (await h.call(h.la.manager, 'GET', `/reports/feedback?cycleId=${cycles.spring}&compareCycleId=${cycles.autumn}`)).json();
    const row = body.comparison.questions.find((x: { questionId: string; questionnaireId: string }) => x.questionnaireId === 'parent-carer' && x.questionId === 'describes-child');
    assert.deepEqual([row.a.count, row.a.n, row.b.count, row.b.n], [5, 10, 12, 20]);
    assert.ok(Math.abs(row.change.difference - 0.1) < 1e-12);
    assert.ok(row.change.ci.lower < 0 && row.change.ci.upper > 0.1);
    assert.equal(row.change.significant, false);
    // A question with a small group on either side shows no share and no change.
    const listened = body.comparison.questions.find((x: { questionId: string; questionnaireId: string }) => x.questionnaireId === 'parent-carer' && x.questionId === 'listened-to');
    assert.deepEqual([listened.a, listened.b, listened.change], [null, null, null]);
    const bad = await h.call(h.la.manager, 'GET', `/reports/feedback?compareCycleId=${cycles.autumn}`);
    assert.equal(bad.status, 400);
    assert.equal((await bad.json()).errors[0].field, 'query.compareCycleId');
  });

  test('quality and experience: answers split by the plan\'s audit grade, with counts and the same suppression', async () => {
    const res = await h.call(h.la.manager, 'GET', `/reports/feedback/by-audit-grade?cycleId=${cycles.spring}&respondentType=parent-carer`);
    assert.equal(res.status, 200, await res.clone().text());
    const body = await res.json();
    assert.equal(body.expectedLabel, 'Good');
    assert.deepEqual(body.matched, { belowExpected: 8, expectedOrBetter: 12 });
    const row = body.questions.find((x: { questionId: string }) => x.questionId === 'describes-child');
    // Good or better: 10 of 12 agree (2 disagree: small, so the share is hidden); below: 2 of 8 (small).
    assert.equal(row.b, null);
    assert.equal(row.a, null);
    // Over both cycles the autumn plans (all Good) add 5 agree and 5 disagree: 15 of 22 agree.
    const all = await (await h.call(h.la.manager, 'GET', '/reports/feedback/by-audit-grade?respondentType=parent-carer')).json();
    const both = all.questions.find((x: { questionId: string }) => x.questionId === 'describes-child');
    assert.deepEqual([both.b.count, both.b.n], [15, 22]);
    assert.equal(both.a, null);
    assert.equal((await h.call(h.la.caseworker, 'GET', '/reports/feedback/by-audit-grade')).status, 403);
  });

  test('export: CSV of figures only, small numbers hidden, free text never exported', async () => {
    const res = await h.call(h.la.manager, 'GET', `/reports/feedback/export?cycleId=${cycles.spring}`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type')!, /^text\/csv/);
    assert.match(res.headers.get('content-disposition')!, /ehcp-qa-feedback-spring-2026\.csv/);
    const csv = await res.text();
    assert.ok(csv.startsWith('part,questionnaire,version,question_id,question,option_id,option,count,answered,percent,note\r\n'));
    assert.ok(csv.includes('question,parent-carer,1.0.0,describes-child,'));
    assert.ok(csv.includes(',agree,Agree,12,20,60.0,'));
    assert.ok(csv.includes('response rate,child-young-person,,,,,,,3,,fewer than 5 responses'));
    assert.equal(csv.includes('Greenfield'), false);
    assert.equal(csv.includes('kind'), false);
    for (const line of csv.trim().split('\r\n')) {
      const count = line.split(',')[7];
      if (count && /^\d+$/.test(count)) assert.ok(Number(count) === 0 || Number(count) >= 5, line);
    }
  });
});

test('export cells a spreadsheet would run as formulas are escaped', async () => {
  const questionnaire = loadQuestionnaire({
    id: 'formula-test', version: '1.0.0', respondentType: 'parent-carer', title: 'Test', introduction: 'Test.', thankYou: 'Thanks.',
    questions: [{ id: 'q', type: 'single', topic: 'plan', text: '=HYPERLINK("http://x")', options: [{ id: 'a', label: '@SUM(1)', positive: true }, { id: 'b', label: '+1' }] }],
  });
  const h = await harness({ feedback: { questionnaires: [questionnaire] } });
  try {
    for (let i = 0; i < 5; i++) {
      const { token } = await createRequest(h, h.la.manager, { questionnaireId: 'formula-test' });
      assert.equal((await submit(h, token, { q: 'a' })).status, 201);
    }
    const csv = await (await h.call(h.la.manager, 'GET', '/reports/feedback/export')).text();
    assert.ok(csv.includes(`"'=HYPERLINK(""http://x"")",a,'@SUM(1),5,5,100.0,`), csv);
    assert.ok(csv.includes(",b,'+1,0,5,0.0,"), csv);
    // Anonymous by default: the stored responses carry no plan.
    const stored = await feedbackStore(h.storage).listFeedbackResponses(h.la.manager.tenant, {});
    assert.ok(stored.every((r) => r.planRef === null && r.plan === null && !r.linked));
  } finally {
    await h.close();
  }
});

test('erasing a plan (POST /plans/{planRef}/erasure) deletes its feedback links and linked responses too', async () => {
  const h = await harness({ feedback: { linkResponses: true } });
  try {
    const tenant = h.la.admin.tenant;
    const planRef = 'PLAN-ERASE-FEEDBACK';
    await h.storage.createAudit(tenant, audit(planRef, 'good', null));
    const used = await createRequest(h, h.la.manager, { planRef });
    assert.equal((await submit(h, used.token, { 'listened-to': 'agree' })).status, 201);
    const open = await createRequest(h, h.la.manager, { planRef });
    const other = await createRequest(h, h.la.manager);
    assert.equal((await submit(h, other.token, { 'listened-to': 'agree' })).status, 201);
    const res = await h.call(h.la.admin, 'POST', `/plans/${planRef}/erasure`, { body: { basis: 'erasure-request', confirmPlanRef: planRef } });
    assert.equal(res.status, 200, await res.clone().text());
    const body = await res.json();
    assert.deepEqual([body.feedbackRequests, body.feedbackResponses], [2, 1]);
    assert.equal((await h.call(null, 'GET', `/feedback/${open.token}/form`)).status, 404);
    assert.equal((await h.call(h.la.manager, 'GET', `/feedback-requests/${used.request.id}`)).status, 404);
    const left = await feedbackStore(h.storage).listFeedbackResponses(tenant, {});
    assert.deepEqual(left.map((r) => r.planRef), [other.request.planRef]);
  } finally {
    await h.close();
  }
});
