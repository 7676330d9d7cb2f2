// Moderation that holds under attack and carelessness (issue 12, items 1-5), over HTTP
// with a real SQLite file (and the in-memory backend where concurrency is tested):
// blindness through sibling pairs, neither side seeing the other early, no reopening
// an audit in an open pair, atomic assignment under concurrent requests, a directory
// of users, cancelling a pair, and plans (not pairs) counted in reports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ehcpPlanV1 } from 'ehcp-qa/criteria';
import { createMemoryStorage, type QaDirectory } from 'ehcp-qa/server';
import { goodCriteria, harness, newAudit, problem, type Harness, type Person } from './helpers.js';

async function gradeAndComplete(h: Harness, who: Person, auditId: string, grades: Record<string, string> = {}): Promise<void> {
  let v = (await (await h.call(who, 'GET', `/audits/${auditId}`)).json()).version as number;
  for (const s of ehcpPlanV1.sections) {
    const grade = grades[s.id] ?? 'good';
    const body = { criteriaMet: goodCriteria(s.id), grade, ...(grade !== 'good' ? { overrideReason: 'Second look.' } : {}), comment: `comment by ${who.sub}` };
    const res = await h.call(who, 'PUT', `/audits/${auditId}/sections/${s.id}`, { ifMatch: v, body });
    assert.equal(res.status, 200, await res.clone().text());
    v = (await res.json()).version;
  }
  const done = await h.call(who, 'POST', `/audits/${auditId}/complete`, { ifMatch: v });
  assert.equal(done.status, 200, await done.clone().text());
}

async function completedAudit(h: Harness, who: Person, cycleId: string, grades: Record<string, string> = {}): Promise<string> {
  const created = await h.call(who, 'POST', '/audits', { body: newAudit({ cycleId }) });
  assert.equal(created.status, 201);
  const id = (await created.json()).id as string;
  await gradeAndComplete(h, who, id, grades);
  return id;
}

async function cycle(h: Harness): Promise<string> {
  const res = await h.call(h.la.manager, 'POST', '/cycles', { body: { name: 'Autumn 2026', startDate: '2026-09-01', endDate: '2026-12-18' } });
  assert.equal(res.status, 201);
  return (await res.json()).id;
}

async function assign(h: Harness, firstAuditId: string, cycleId: string, second: Person) {
  const res = await h.call(h.la.moderator, 'POST', '/moderations', { body: { cycleId, assignments: [{ firstAuditId, secondAuditor: { id: second.sub } }] } });
  assert.equal(res.status, 201, await res.clone().text());
  return (await res.json()).items[0] as { id: string; secondAuditId: string; planRef: string; version: number };
}

const who = (h: Harness, sub: string, roles: Person['roles']): Person => ({ sub, tenant: h.la.auditor.tenant, roles });

test('item 1: a blind second auditor who also holds moderator cannot read the first audit through a sibling pair', async () => {
  const h = await harness();
  try {
    const cycleId = await cycle(h);
    const firstId = await completedAudit(h, h.la.auditor, cycleId, { F: 'requires-improvement' });
    const blind = who(h, 'ep-blind', ['auditor', 'moderator', 'manager']);
    const sibling = who(h, 'ep-sibling', ['auditor']);
    const mine = await assign(h, firstId, cycleId, blind);
    const other = await assign(h, firstId, cycleId, sibling);
    await gradeAndComplete(h, sibling, other.secondAuditId);

    // Before the fix, this answered 200 with the first audit's grades, reasons and comments.
    const viaSibling = await problem(await h.call(blind, 'GET', `/moderations/${other.id}`));
    assert.equal(viaSibling.status, 403);
    assert.equal(viaSibling.type, 'application/problem+json');
    assert.ok(!JSON.stringify(viaSibling.body).includes('requires-improvement'));
    assert.equal((await h.call(blind, 'GET', `/audits/${firstId}`)).status, 403);
    assert.equal((await h.call(blind, 'GET', `/audits/${other.secondAuditId}`)).status, 403, 'nor the sibling second audit');
    // The list holds only the caller's own pair of that plan, with no differences counted.
    const listed = await (await h.call(blind, 'GET', '/moderations')).json();
    assert.deepEqual(listed.items.map((i: { id: string }) => i.id), [mine.id]);
    assert.equal(listed.items[0].differingSections, null);
    // Resolving the sibling pair would answer with both audits: refused too.
    const agreed = Object.fromEntries(ehcpPlanV1.sections.map((s) => [s.id, { grade: 'good' }]));
    const detail = await (await h.call(h.la.moderator, 'GET', `/moderations/${other.id}`)).json();
    assert.equal((await h.call(blind, 'POST', `/moderations/${other.id}/resolve`, { ifMatch: detail.version, body: { sections: agreed } })).status, 403);
    // The statistics would hold the sibling pair (the first audit's grades): withheld like reports.
    const stats = await problem(await h.call(blind, 'GET', `/moderations/stats?cycleId=${cycleId}`));
    assert.equal(stats.status, 403);
    assert.equal(stats.body.type, 'urn:ehcp-qa:problem:report-withheld-during-moderation');
    assert.equal(stats.body.pendingModerations[0].moderationId, mine.id);
    // Once the blind auditor completes, everything opens.
    await gradeAndComplete(h, blind, mine.secondAuditId);
    assert.equal((await h.call(blind, 'GET', `/moderations/${other.id}`)).status, 200);
    assert.equal((await h.call(blind, 'GET', `/moderations/stats?cycleId=${cycleId}`)).status, 200);
    assert.equal((await (await h.call(blind, 'GET', '/moderations')).json()).items.length, 2);
  } finally {
    await h.close();
  }
});

test('item 2: the first auditor does not see the unfinished second audit, and an audit in an open pair cannot be reopened', async () => {
  const h = await harness();
  try {
    const cycleId = await cycle(h);
    const firstAuditor = who(h, 'aud-first', ['auditor', 'manager']);
    const firstId = await completedAudit(h, firstAuditor, cycleId);
    const m = await assign(h, firstId, cycleId, h.la.auditor2);
    // The second auditor saves a section: their unfinished work.
    const second = await (await h.call(h.la.auditor2, 'GET', `/audits/${m.secondAuditId}`)).json();
    const saved = await h.call(h.la.auditor2, 'PUT', `/audits/${m.secondAuditId}/sections/A`, { ifMatch: second.version, body: { criteriaMet: goodCriteria('A'), grade: 'good', comment: 'unfinished thought' } });
    assert.equal(saved.status, 200);
    for (const person of [firstAuditor, { ...firstAuditor, roles: ['auditor'] } as Person]) {
      const res = await problem(await h.call(person, 'GET', `/moderations/${m.id}`));
      assert.equal(res.status, 403, person.roles.join());
      assert.ok(!JSON.stringify(res.body).includes('unfinished thought'));
    }
    assert.equal((await h.call(firstAuditor, 'GET', `/audits/${m.secondAuditId}`)).status, 403, 'not even as a manager');
    const list = await (await h.call(firstAuditor, 'GET', '/audits')).json();
    assert.deepEqual(list.items.map((a: { id: string }) => a.id), [firstId]);
    // A moderator cannot reopen the first audit while the pair is open: 409 naming the pair.
    const first = await (await h.call(h.la.moderator, 'GET', `/audits/${firstId}`)).json();
    const reopen = await problem(await h.call(h.la.moderator, 'POST', `/audits/${firstId}/reopen`, { ifMatch: first.version, body: { reason: 'Align with the second audit' } }));
    assert.equal(reopen.status, 409);
    assert.equal(reopen.type, 'application/problem+json');
    assert.deepEqual(reopen.body.moderationIds, [m.id]);
    assert.match(reopen.body.detail, new RegExp(m.id));
    assert.equal((await (await h.call(h.la.moderator, 'GET', `/audits/${firstId}`)).json()).status, 'completed', 'nothing changed');
    // Still refused once both are complete and the pair waits for resolution.
    await gradeAndComplete(h, h.la.auditor2, m.secondAuditId);
    assert.equal((await h.call(firstAuditor, 'GET', `/moderations/${m.id}`)).status, 200, 'both complete: both sides may compare');
    assert.equal((await h.call(h.la.moderator, 'POST', `/audits/${firstId}/reopen`, { ifMatch: first.version, body: { reason: 'x' } })).status, 409);
    // Once resolved, the audit can be reopened as usual.
    const detail = await (await h.call(h.la.moderator, 'GET', `/moderations/${m.id}`)).json();
    const agreed = Object.fromEntries(ehcpPlanV1.sections.map((s) => [s.id, { grade: 'good' }]));
    assert.equal((await h.call(h.la.moderator, 'POST', `/moderations/${m.id}/resolve`, { ifMatch: detail.version, body: { sections: agreed } })).status, 200);
    assert.equal((await h.call(h.la.moderator, 'POST', `/audits/${firstId}/reopen`, { ifMatch: first.version, body: { reason: 'New evidence' } })).status, 200);
  } finally {
    await h.close();
  }
});

for (const backend of ['sqlite', 'memory'] as const) {
  test(`item 3 (${backend}): ten identical concurrent assignments give one pair; concurrent samples never take a first audit twice`, async () => {
    const h = await harness(backend === 'memory' ? { storage: createMemoryStorage() } : {});
    try {
      const cycleId = await cycle(h);
      const firstId = await completedAudit(h, h.la.auditor, cycleId);
      const body = { cycleId, assignments: [{ firstAuditId: firstId, secondAuditor: { id: h.la.auditor2.sub } }] };
      const answers = await Promise.all(Array.from({ length: 10 }, () => h.call(h.la.moderator, 'POST', '/moderations', { body })));
      // One wins. The others are refused: 409 when they lost the race in storage (the unique key), or 422 when
      // the winner was already stored before they checked (which order happens depends on the backend's timing).
      assert.equal(answers.filter((r) => r.status === 201).length, 1);
      assert.ok(answers.every((r) => [201, 409, 422].includes(r.status)), answers.map((r) => r.status).join());
      for (const refused of answers.filter((r) => r.status !== 201)) assert.equal(refused.headers.get('content-type'), 'application/problem+json');
      const conflict = answers.find((r) => r.status === 409);
      if (conflict) assert.equal((await conflict.json()).firstAuditId, firstId);
      assert.equal((await (await h.call(h.la.moderator, 'GET', '/moderations')).json()).items.length, 1);
      assert.equal((await (await h.call(h.la.auditor2, 'GET', '/audits')).json()).items.length, 1, 'one second audit, no orphans');

      // Six concurrent samples over five more completed audits.
      for (let i = 0; i < 5; i++) await completedAudit(h, h.la.auditor, cycleId);
      const secondAuditors = [{ id: h.la.auditor2.sub }, { id: 'ep-9' }];
      const samples = await Promise.all(Array.from({ length: 6 }, () =>
        h.call(h.la.moderator, 'POST', '/moderations', { body: { cycleId, sample: { share: 0.5, secondAuditors } } })));
      assert.ok(samples.every((r) => [201, 409, 422].includes(r.status)), samples.map((r) => r.status).join()); // 422: nothing left to draw
      assert.ok(samples.some((r) => r.status === 201));
      const all = (await (await h.call(h.la.moderator, 'GET', '/moderations')).json()).items as { firstAuditId: string; secondAuditId: string }[];
      const sampled = all.filter((i) => i.firstAuditId !== firstId);
      assert.equal(new Set(sampled.map((i) => i.firstAuditId)).size, sampled.length, 'no first audit drawn by two samples');
      const secondAudits = (await (await h.call(h.la.moderator, 'GET', `/audits?cycleId=${cycleId}&status=in-progress&limit=100`)).json()).items;
      assert.equal(secondAudits.length, all.length, 'every second audit belongs to a pair');
    } finally {
      await h.close();
    }
  });
}

test('item 4: with a directory, a second auditor must exist and hold the auditor role; without one, nothing is checked', async () => {
  const users: Record<string, Person['roles']> = { 'aud-known': ['auditor'], 'man-known': ['manager'] };
  const directory: QaDirectory = { async getUser(_tenant, id) { return users[id] ? { id, roles: users[id]! } : null; } };
  const h = await harness({ directory });
  try {
    const cycleId = await cycle(h);
    const firstId = await completedAudit(h, h.la.auditor, cycleId);
    const bad = await problem(await h.call(h.la.moderator, 'POST', '/moderations', { body: { cycleId, assignments: [
      { firstAuditId: firstId, secondAuditor: { id: 'nobody-1' } },
      { firstAuditId: firstId, secondAuditor: { id: 'man-known' } },
    ] } }));
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.body.errors.map((e: { field: string }) => e.field), ['assignments[0].secondAuditor.id', 'assignments[1].secondAuditor.id']);
    assert.match(bad.body.errors[1].message, /auditor role/);
    const badSample = await problem(await h.call(h.la.moderator, 'POST', '/moderations', { body: { cycleId, sample: { size: 1, secondAuditors: [{ id: 'aud-known' }, { id: 'ghost' }] } } }));
    assert.equal(badSample.status, 422);
    assert.deepEqual(badSample.body.errors.map((e: { field: string }) => e.field), ['sample.secondAuditors[1].id']);
    assert.deepEqual((await (await h.call(h.la.moderator, 'GET', '/moderations')).json()).items, [], 'nothing written');
    const ok = await h.call(h.la.moderator, 'POST', '/moderations', { body: { cycleId, assignments: [{ firstAuditId: firstId, secondAuditor: { id: 'aud-known' } }] } });
    assert.equal(ok.status, 201);
  } finally {
    await h.close();
  }
  const plain = await harness();
  try {
    const cycleId = await cycle(plain);
    const firstId = await completedAudit(plain, plain.la.auditor, cycleId);
    const res = await plain.call(plain.la.moderator, 'POST', '/moderations', { body: { cycleId, assignments: [{ firstAuditId: firstId, secondAuditor: { id: 'not-checked' } }] } });
    assert.equal(res.status, 201, 'no directory: the id is taken as given (docs/moderation.md says so)');
  } finally {
    await plain.close();
  }
});

test('item 4: cancelModeration (moderators and admins, with a reason, If-Match) keeps the pair in the history and ends blindness', async () => {
  const h = await harness();
  try {
    const cycleId = await cycle(h);
    const firstId = await completedAudit(h, h.la.auditor, cycleId);
    // A moderator assigned themselves as second auditor by mistake: they are blind and lose their reports.
    const m = await assign(h, firstId, cycleId, h.la.moderator);
    assert.equal((await h.call(h.la.moderator, 'GET', `/reports/summary?cycleId=${cycleId}`)).status, 403);
    const path = `/moderations/${m.id}/cancel`;
    const reason = { reason: 'Assigned by mistake: the moderator cannot second-audit.' };
    for (const person of [h.la.auditor, h.la.manager, h.la.caseworker]) assert.equal((await h.call(person, 'POST', path, { ifMatch: m.version, body: reason })).status, 403);
    assert.equal((await h.call(h.other.moderator, 'POST', path, { ifMatch: m.version, body: reason })).status, 404);
    assert.equal((await h.call(h.la.admin, 'POST', path, { body: reason })).status, 428);
    const noReason = await problem(await h.call(h.la.admin, 'POST', path, { ifMatch: m.version, body: { reason: '  ' } }));
    assert.equal(noReason.status, 422);
    assert.equal(noReason.body.errors[0].field, 'reason');
    assert.equal((await h.call(h.la.admin, 'POST', path, { ifMatch: m.version + 1, body: reason })).status, 412);
    const cancelled = await h.call(h.la.admin, 'POST', path, { ifMatch: m.version, body: reason });
    assert.equal(cancelled.status, 200, await cancelled.clone().text());
    const summary = await cancelled.json();
    assert.equal(summary.status, 'cancelled');
    assert.ok(summary.cancelledAt);
    assert.equal(cancelled.headers.get('etag'), `"${summary.version}"`);
    // Kept in the history, with who and why.
    const listed = await (await h.call(h.la.manager, 'GET', '/moderations?status=cancelled')).json();
    assert.deepEqual(listed.items.map((i: { id: string }) => i.id), [m.id]);
    const detail = await (await h.call(h.la.manager, 'GET', `/moderations/${m.id}`)).json();
    assert.deepEqual([detail.cancelledBy, detail.cancelReason], [h.la.admin.sub, reason.reason]);
    // Nobody is blind any more; reports are back, and the cancelled second audit is not counted as a plan.
    assert.equal((await h.call(h.la.moderator, 'GET', `/audits/${firstId}`)).status, 200);
    const report = await (await h.call(h.la.moderator, 'GET', `/reports/summary?cycleId=${cycleId}`)).json();
    assert.equal(report.figures.audits, 1);
    assert.deepEqual(report.moderation, { moderatedPlans: 0, plansInModeration: 0 });
    // The audit can be reopened, and the same person may be assigned again.
    assert.equal((await h.call(h.la.moderator, 'POST', '/moderations', { body: { cycleId, assignments: [{ firstAuditId: firstId, secondAuditor: { id: h.la.moderator.sub } }] } })).status, 201);
    // A cancelled pair cannot be cancelled again or resolved.
    assert.equal((await h.call(h.la.admin, 'POST', path, { ifMatch: summary.version, body: reason })).status, 409);
    const agreed = Object.fromEntries(ehcpPlanV1.sections.map((s) => [s.id, { grade: 'good' }]));
    assert.equal((await h.call(h.la.admin, 'POST', `/moderations/${m.id}/resolve`, { ifMatch: summary.version, body: { sections: agreed } })).status, 409);
    // A stats request does not count it.
    const stats = await (await h.call(h.la.manager, 'GET', `/moderations/stats?cycleId=${cycleId}`)).json();
    assert.equal(stats.awaitingSecondAudit, 1, 'only the new pair');
  } finally {
    await h.close();
  }
});

test('item 5: plansInModeration counts plans: one first audit in two open pairs is one plan', async () => {
  const h = await harness();
  try {
    const cycleId = await cycle(h);
    const firstId = await completedAudit(h, h.la.auditor, cycleId);
    await assign(h, firstId, cycleId, h.la.auditor2);
    await assign(h, firstId, cycleId, who(h, 'ep-3', ['auditor']));
    const report = await (await h.call(h.la.manager, 'GET', `/reports/summary?cycleId=${cycleId}`)).json();
    assert.deepEqual(report.moderation, { moderatedPlans: 0, plansInModeration: 1 });
    const printable = await (await h.call(h.la.manager, 'GET', `/reports/export?format=html&cycleId=${cycleId}`)).text();
    assert.ok(printable.includes('1 of 1 plan is being moderated'), 'not "2 of 1 plan"');
  } finally {
    await h.close();
  }
});
