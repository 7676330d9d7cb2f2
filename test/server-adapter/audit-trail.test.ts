// The audit trail over HTTP with a real SQLite file (issue 12, item 16): every write
// appends an entry in the same transaction, chained by hash; admins list and verify
// it; an audit's history is readable by those who may read the audit; no free text
// from a section is copied into it; a row edited behind the adapter's back is found.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ehcpPlanV1 } from 'ehcp-qa/criteria';
import type { SqliteStorage } from 'ehcp-qa/storage/sqlite';
import { goodCriteria, harness, newAudit, type Harness, type Person } from './helpers.js';

async function gradeAll(h: Harness, who: Person, auditId: string, version: number): Promise<number> {
  let v = version;
  for (const s of ehcpPlanV1.sections) {
    const res = await h.call(who, 'PUT', `/audits/${auditId}/sections/${s.id}`, { ifMatch: v, body: { criteriaMet: goodCriteria(s.id), grade: 'good', comment: 'SECRET-COMMENT about the child' } });
    assert.equal(res.status, 200, await res.clone().text());
    v = (await res.json()).version;
  }
  return v;
}

test('every write is in the trail, chained, without free text; admins list, filter, page and verify it; a tampered row is found', async () => {
  const h = await harness();
  try {
    const cycle = await (await h.call(h.la.manager, 'POST', '/cycles', { body: { name: 'SECRET-CYCLE-NAME', startDate: '2026-09-01', endDate: '2026-12-18' } })).json();
    const audit = await (await h.call(h.la.auditor, 'POST', '/audits', { body: newAudit({ cycleId: cycle.id }) })).json();
    // A section graded away from the suggestion, with a reason: the trail keeps the grade, not the reason.
    const overridden = await h.call(h.la.auditor, 'PUT', `/audits/${audit.id}/sections/A`, { ifMatch: 1, body: { criteriaMet: [], grade: 'good', overrideReason: 'SECRET-REASON text', comment: 'SECRET-COMMENT' } });
    assert.equal(overridden.status, 200, await overridden.clone().text());
    // A stale write is refused and leaves no entry.
    assert.equal((await h.call(h.la.auditor, 'PUT', `/audits/${audit.id}/sections/A`, { ifMatch: 1, body: { criteriaMet: [], grade: null } })).status, 412);
    let v = await gradeAll(h, h.la.auditor, audit.id, 2);
    const completed = await (await h.call(h.la.auditor, 'POST', `/audits/${audit.id}/complete`, { ifMatch: v })).json();
    v = completed.version;
    assert.equal((await h.call(h.la.moderator, 'POST', `/audits/${audit.id}/reopen`, { ifMatch: v, body: { reason: 'SECRET-REOPEN reason' } })).status, 200);
    assert.equal((await h.call(h.la.manager, 'PUT', `/cycles/${cycle.id}/narrative`, { ifMatch: 0, body: { context: 'SECRET-NARRATIVE', recommendations: { F: 'SECRET-RECOMMENDATION' } } })).status, 200);

    const all = await h.call(h.la.admin, 'GET', '/audit-trail?limit=100');
    assert.equal(all.status, 200);
    const trail = await all.json();
    const sections = ehcpPlanV1.sections.length;
    assert.deepEqual(trail.items.map((e: { operation: string }) => e.operation), [
      'cycle.created', 'audit.created', 'audit.section-saved', ...Array(sections).fill('audit.section-saved'), 'audit.completed', 'audit.reopened', 'narrative.edited',
    ]);
    assert.deepEqual(trail.items.map((e: { seq: number }) => e.seq), trail.items.map((_: unknown, i: number) => i + 1));
    const first = trail.items[2];
    assert.deepEqual([first.actor, first.auditId, first.beforeVersion, first.afterVersion, first.details.sectionId, first.details.grade, first.details.overridden], [h.la.auditor.sub, audit.id, 1, 2, 'A', 'good', true]);
    assert.equal(trail.items.at(-3).details.overallGrade, completed.overall.grade);
    assert.doesNotMatch(JSON.stringify(trail), /SECRET/, 'no comment, reason, note, narrative or cycle name is copied into the trail');
    for (let i = 1; i < trail.items.length; i++) assert.equal(trail.items[i].prevHash, trail.items[i - 1].hash);

    // Filters and paging.
    const mine = await (await h.call(h.la.admin, 'GET', `/audit-trail?userId=${h.la.moderator.sub}`)).json();
    assert.deepEqual(mine.items.map((e: { operation: string }) => e.operation), ['audit.reopened']);
    assert.equal((await (await h.call(h.la.admin, 'GET', `/audit-trail?auditId=${audit.id}&limit=100`)).json()).items.length, sections + 4);
    const today = new Date().toISOString().slice(0, 10);
    assert.equal((await (await h.call(h.la.admin, 'GET', `/audit-trail?from=${today}&to=${today}&limit=100`)).json()).items.length, trail.items.length);
    assert.equal((await (await h.call(h.la.admin, 'GET', '/audit-trail?to=2001-01-01')).json()).items.length, 0);
    const p1 = await (await h.call(h.la.admin, 'GET', '/audit-trail?limit=5')).json();
    const p2 = await (await h.call(h.la.admin, 'GET', `/audit-trail?limit=5&cursor=${encodeURIComponent(p1.nextCursor)}`)).json();
    assert.deepEqual(p2.items.map((e: { seq: number }) => e.seq), [6, 7, 8, 9, 10]);
    const bad = await h.call(h.la.admin, 'GET', '/audit-trail?from=2026-12-01&to=2026-11-01');
    assert.equal(bad.status, 400);
    assert.equal((await bad.json()).errors[0].field, 'query.from');
    for (const who of [h.la.manager, h.la.moderator, h.la.auditor]) {
      assert.equal((await h.call(who, 'GET', '/audit-trail')).status, 403);
      assert.equal((await h.call(who, 'GET', '/audit-trail/verification')).status, 403);
    }
    assert.deepEqual((await (await h.call(h.other.admin, 'GET', '/audit-trail')).json()).items, [], 'another LA sees none of it');

    // Verification: the chain holds; then a row is edited in the SQLite file behind the adapter's back.
    const ok = await (await h.call(h.la.admin, 'GET', '/audit-trail/verification')).json();
    assert.deepEqual(ok, { ok: true, entries: trail.items.length, head: trail.items.at(-1).hash, tombstones: 0, firstBroken: null });
    await (h.storage as SqliteStorage).db.run("UPDATE audit_trail SET details = json_set(details, '$.grade', 'outstanding') WHERE tenant = ? AND seq = 3", [h.la.admin.tenant]);
    const broken = await (await h.call(h.la.admin, 'GET', '/audit-trail/verification')).json();
    assert.equal(broken.ok, false);
    assert.deepEqual(broken.firstBroken, { seq: 3, expectedSeq: 3, reason: 'hash-mismatch' });
    // Deleting a row is found too.
    await (h.storage as SqliteStorage).db.run('DELETE FROM audit_trail WHERE tenant = ? AND seq = 3', [h.la.admin.tenant]);
    assert.deepEqual((await (await h.call(h.la.admin, 'GET', '/audit-trail/verification')).json()).firstBroken, { seq: 4, expectedSeq: 3, reason: 'sequence-gap' });
  } finally {
    await h.close();
  }
});

test("an audit's history is readable by whoever may read the audit, under the same rules (moderation blindness included)", async () => {
  const h = await harness();
  try {
    const cycle = await (await h.call(h.la.manager, 'POST', '/cycles', { body: { name: 'Autumn', startDate: '2026-09-01', endDate: '2026-12-18' } })).json();
    const audit = await (await h.call(h.la.auditor, 'POST', '/audits', { body: newAudit({ cycleId: cycle.id }) })).json();
    const v = await gradeAll(h, h.la.auditor, audit.id, 1);
    assert.equal((await h.call(h.la.auditor, 'POST', `/audits/${audit.id}/complete`, { ifMatch: v })).status, 200);
    const own = await h.call(h.la.auditor, 'GET', `/audits/${audit.id}/history`);
    assert.equal(own.status, 200);
    const history = await own.json();
    assert.equal(history.items[0].operation, 'audit.created');
    assert.equal(history.items.at(-1).operation, 'audit.completed');
    assert.equal((await h.call(h.la.auditor2, 'GET', `/audits/${audit.id}/history`)).status, 403);
    assert.equal((await h.call(h.la.manager, 'GET', `/audits/${audit.id}/history`)).status, 200);
    assert.equal((await h.call(h.other.manager, 'GET', `/audits/${audit.id}/history`)).status, 404);
    // Moderation: the assignment is in the first audit's history; the blind second auditor cannot read it.
    const blind: Person = { sub: 'ep-blind', tenant: h.la.manager.tenant, roles: ['auditor', 'manager'] };
    const assigned = await h.call(h.la.moderator, 'POST', '/moderations', { body: { cycleId: cycle.id, assignments: [{ firstAuditId: audit.id, secondAuditor: { id: blind.sub } }] } });
    assert.equal(assigned.status, 201);
    const pair = (await assigned.json()).items[0];
    assert.equal((await h.call(blind, 'GET', `/audits/${audit.id}/history`)).status, 403);
    const secondHistory = await (await h.call(blind, 'GET', `/audits/${pair.secondAuditId}/history`)).json();
    assert.deepEqual(secondHistory.items.map((e: { operation: string }) => e.operation), ['audit.created']);
    const firstHistory = await (await h.call(h.la.manager, 'GET', `/audits/${audit.id}/history`)).json();
    assert.equal(firstHistory.items.at(-1).operation, 'moderation.assigned');
    assert.equal(firstHistory.items.at(-1).details.secondAuditId, pair.secondAuditId);
    // Cancelling is recorded, without the reason.
    assert.equal((await h.call(h.la.moderator, 'POST', `/moderations/${pair.id}/cancel`, { ifMatch: pair.version, body: { reason: 'SECRET-CANCEL' } })).status, 200);
    const afterCancel = await (await h.call(h.la.admin, 'GET', `/audit-trail?auditId=${audit.id}`)).json();
    assert.equal(afterCancel.items.at(-1).operation, 'moderation.cancelled');
    assert.doesNotMatch(JSON.stringify(afterCancel), /SECRET/);
  } finally {
    await h.close();
  }
});

test('item 17: an admin erases a plan: its audits, pairs and trail content go, tombstones keep the chain valid, other plans stay', async () => {
  const h = await harness();
  try {
    const cycle = await (await h.call(h.la.manager, 'POST', '/cycles', { body: { name: 'Autumn', startDate: '2026-09-01', endDate: '2026-12-18' } })).json();
    const gone = await (await h.call(h.la.auditor, 'POST', '/audits', { body: newAudit({ cycleId: cycle.id, planRef: 'PLAN-ERASE-1' }) })).json();
    const v = await gradeAll(h, h.la.auditor, gone.id, 1);
    assert.equal((await h.call(h.la.auditor, 'POST', `/audits/${gone.id}/complete`, { ifMatch: v })).status, 200);
    const pair = (await (await h.call(h.la.moderator, 'POST', '/moderations', { body: { cycleId: cycle.id, assignments: [{ firstAuditId: gone.id, secondAuditor: { id: h.la.auditor2.sub } }] } })).json()).items[0];
    const kept = await (await h.call(h.la.auditor, 'POST', '/audits', { body: newAudit({ cycleId: cycle.id, planRef: 'PLAN-KEEP-1' }) })).json();
    const before = (await (await h.call(h.la.admin, 'GET', '/audit-trail?limit=100')).json()).items.length;

    const path = '/plans/PLAN-ERASE-1/erasure';
    for (const who of [h.la.manager, h.la.moderator, h.la.auditor]) assert.equal((await h.call(who, 'POST', path, { body: { basis: 'retention', confirmPlanRef: 'PLAN-ERASE-1' } })).status, 403);
    const wrong = await h.call(h.la.admin, 'POST', path, { body: { basis: 'retention', confirmPlanRef: 'PLAN-KEEP-1' } });
    assert.equal(wrong.status, 422);
    assert.equal((await wrong.json()).errors[0].field, 'confirmPlanRef');
    const badBasis = await h.call(h.la.admin, 'POST', path, { body: { basis: 'because', confirmPlanRef: 'PLAN-ERASE-1' } });
    assert.equal((await badBasis.json()).errors[0].field, 'basis');
    assert.equal((await h.call(h.other.admin, 'POST', path, { body: { basis: 'retention', confirmPlanRef: 'PLAN-ERASE-1' } })).status, 404, 'another LA cannot erase it');
    assert.equal((await h.call(h.la.admin, 'POST', '/plans/PLAN-NONE/erasure', { body: { basis: 'retention', confirmPlanRef: 'PLAN-NONE' } })).status, 404);

    const res = await h.call(h.la.admin, 'POST', path, { body: { basis: 'erasure-request', confirmPlanRef: 'PLAN-ERASE-1' } });
    assert.equal(res.status, 200, await res.clone().text());
    const result = await res.json();
    const sections = ehcpPlanV1.sections.length;
    assert.deepEqual([result.basis, result.audits, result.moderations, result.trailEntriesErased], ['erasure-request', 2, 1, 1 + sections + 1 + 2]);
    // Gone: both audits of the plan, the pair, and every trace of the plan reference in the trail.
    assert.deepEqual((await (await h.call(h.la.manager, 'GET', '/audits?planRef=PLAN-ERASE-1')).json()).items, []);
    assert.equal((await h.call(h.la.manager, 'GET', `/audits/${gone.id}`)).status, 404);
    assert.equal((await h.call(h.la.manager, 'GET', `/moderations/${pair.id}`)).status, 404);
    const trail = await (await h.call(h.la.admin, 'GET', '/audit-trail?limit=100')).json();
    assert.equal(trail.items.length, before + 1, 'entries are replaced, not removed, and one records the erasure');
    assert.ok(!JSON.stringify(trail).includes('PLAN-ERASE-1'));
    assert.ok(!JSON.stringify(trail).includes(gone.id));
    const erasure = trail.items.at(-1);
    assert.deepEqual([erasure.operation, erasure.actor, erasure.details.basis, erasure.details.audits, erasure.details.tombstoned.length], ['plan.erased', h.la.admin.sub, 'erasure-request', 2, result.trailEntriesErased]);
    assert.equal(trail.items.filter((e: { tombstone?: boolean }) => e.tombstone).length, result.trailEntriesErased);
    const verified = await (await h.call(h.la.admin, 'GET', '/audit-trail/verification')).json();
    assert.deepEqual([verified.ok, verified.tombstones, verified.firstBroken], [true, result.trailEntriesErased, null]);
    // The other plan is untouched, and so is its history.
    assert.equal((await h.call(h.la.auditor, 'GET', `/audits/${kept.id}`)).status, 200);
    assert.equal((await (await h.call(h.la.auditor, 'GET', `/audits/${kept.id}/history`)).json()).items.length, 1);
  } finally {
    await h.close();
  }
});
