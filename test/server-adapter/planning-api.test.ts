// Running an audit cycle through the adapter over a real SQLite file: registering
// plans (JSON and CSV), the sums before drawing, a seeded sample, allocation,
// reassignment with If-Match, progress from real audits, the auditor's own list,
// roles and tenancy. The webhook is tested against a real HTTP receiver.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CycleWebhook, verifyWebhookSignature, type CycleEvent } from 'ehcp-qa/server';
import { gradeAll, harness, newAudit, type Harness, type Person } from './helpers.js';

function regPlan(ref: string, extra: Record<string, unknown> = {}) {
  return { planRef: ref, status: 'final', planType: 'new', requestDate: '2026-01-10', issueDate: '2026-05-20', phase: 'primary', primaryNeed: 'ASD', settingType: 'mainstream', caseworkerRef: 'cw-x', ...extra };
}

async function cycle(h: Harness, who: Person = h.la.manager): Promise<string> {
  const res = await h.call(who, 'POST', '/cycles', { body: { name: 'Summer term', startDate: '2026-04-01', endDate: '2026-07-31' } });
  assert.equal(res.status, 201);
  return (await res.json()).id;
}

test('registerPlans: idempotent on planRef, manager or admin only, refuses names and duplicates, tenant-scoped', async () => {
  const h = await harness();
  try {
    const plans = [regPlan('P-1'), regPlan('P-2', { teamRef: 'team-n' })];
    let res = await h.call(h.la.manager, 'POST', '/plans', { body: { plans } });
    assert.deepEqual(await res.json(), { created: 2, updated: 0, unchanged: 0, dryRun: false });
    res = await h.call(h.la.admin, 'POST', '/plans', { body: { plans: [regPlan('P-1'), regPlan('P-2', { teamRef: 'team-s' })] } });
    assert.deepEqual(await res.json(), { created: 0, updated: 1, unchanged: 1, dryRun: false });
    assert.equal((await h.call(h.la.auditor, 'POST', '/plans', { body: { plans } })).status, 403);
    assert.equal((await h.call(null, 'GET', '/plans')).status, 401);

    res = await h.call(h.la.manager, 'POST', '/plans', { body: { plans: [regPlan('Amy Jones')] } });
    assert.equal(res.status, 422);
    assert.equal(res.headers.get('content-type'), 'application/problem+json');
    assert.equal((await res.json()).errors[0].field, 'plans[0].planRef');
    res = await h.call(h.la.manager, 'POST', '/plans', { body: { plans: [regPlan('P-9'), regPlan('P-9')] } });
    assert.deepEqual((await res.json()).errors, [{ field: 'plans[1].planRef', message: '"P-9" is also plans[0]' }]);

    const list = await (await h.call(h.la.moderator, 'GET', '/plans')).json();
    assert.deepEqual(list.items.map((p: { planRef: string }) => p.planRef), ['P-1', 'P-2']);
    assert.equal(list.items[1].teamRef, 'team-s');
    assert.equal((await (await h.call(h.other.manager, 'GET', '/plans')).json()).total, 0);
  } finally {
    await h.close();
  }
});

test('CSV upload: every bad row named by row and column and nothing written; dry run; re-import changes nothing', async () => {
  const h = await harness();
  try {
    const header = 'planRef,status,planType,requestDate,issueDate,phase,primaryNeed,settingType,teamRef,caseworkerRef';
    const bad = [header, 'P-1,final,new,2026-01-01,2026-05-01,primary,ASD,mainstream,team-n,cw-1', 'P-2,final,new,,2026-05-01,reception,ASD,mainstream,,', 'P-3,issued,new,,,primary,ASD,mainstream,,'].join('\r\n');
    let res = await h.call(h.la.manager, 'POST', '/plans/csv', { body: { csv: bad } });
    assert.equal(res.status, 422);
    const problem = await res.json();
    assert.deepEqual(problem.errors.map((e: { field: string }) => e.field), ['row 3, column phase', 'row 4, column status']);
    assert.match(problem.detail, /CSV file has 2 problems/);
    assert.equal((await (await h.call(h.la.manager, 'GET', '/plans')).json()).total, 0, 'nothing written');

    const good = [header, 'P-1,final,new,2026-01-01,2026-05-01,primary,ASD,mainstream,team-n,cw-1', 'P-2,draft,new,2026-03-01,,secondary,SEMH,special,,'].join('\n');
    res = await h.call(h.la.manager, 'POST', '/plans/csv', { body: { csv: good, dryRun: true } });
    assert.deepEqual(await res.json(), { created: 2, updated: 0, unchanged: 0, dryRun: true });
    assert.equal((await (await h.call(h.la.manager, 'GET', '/plans')).json()).total, 0, 'a dry run writes nothing');
    res = await h.call(h.la.manager, 'POST', '/plans/csv', { body: { csv: good } });
    assert.deepEqual(await res.json(), { created: 2, updated: 0, unchanged: 0, dryRun: false });
    const before = await (await h.call(h.la.manager, 'GET', '/plans')).json();
    res = await h.call(h.la.manager, 'POST', '/plans/csv', { body: { csv: good } });
    assert.deepEqual(await res.json(), { created: 0, updated: 0, unchanged: 2, dryRun: false });
    assert.deepEqual(await (await h.call(h.la.manager, 'GET', '/plans')).json(), before, 're-import changes nothing, timestamps included');
  } finally {
    await h.close();
  }
});

test('sample plan, seeded draw, balanced allocation, reassignment, progress and the auditor\'s own list', async () => {
  const h = await harness();
  try {
    const cycleId = await cycle(h);
    const plans = Array.from({ length: 60 }, (_, i) => regPlan(`P-${String(i).padStart(3, '0')}`, {
      phase: i < 36 ? 'primary' : i < 54 ? 'secondary' : 'post-16',
      caseworkerRef: i % 3 === 0 ? h.la.auditor.sub : 'cw-x',
      // 40 new plans issued in the cycle; 20 older or annual reviews.
      ...(i >= 40 ? { planType: 'annual-review', requestDate: '2025-01-10', issueDate: '2025-06-01' } : {}),
    }));
    plans.push(regPlan('P-ceased', { status: 'ceased' }));
    await h.call(h.la.manager, 'POST', '/plans', { body: { plans } });

    let res = await h.call(h.la.manager, 'GET', `/cycles/${cycleId}/sample-plan?population=new&size=20&margin=10`);
    let body = await res.json();
    assert.equal(body.populationSize, 40);
    // 1.96 × √(0.25/20) × √(20/39) = 0.15692; for ±10 points of 40: n₀ = 96.04, 96.04 / (1 + 95.04/40) = 28.43 → 29.
    assert.ok(Math.abs(body.marginOfError - 0.156921) < 1e-5, String(body.marginOfError));
    assert.equal(body.sizeForMargin, 29);
    assert.deepEqual(body.table.map((r: { size: number }) => r.size), [10, 20, 30, 40]);
    assert.equal(body.table[3].marginOfError, 0);
    res = await h.call(h.la.manager, 'GET', `/cycles/${cycleId}/sample-plan?margin=150`);
    assert.equal((await res.json()).errors[0].field, 'query.margin');

    res = await h.call(h.la.manager, 'POST', `/cycles/${cycleId}/sample`, { body: { population: 'all', sample: { method: 'proportional', size: 12, stratifyBy: 'phase' }, seed: 2026 } });
    assert.equal(res.status, 201);
    const sample = await res.json();
    assert.equal(sample.seed, 2026);
    assert.equal(sample.populationSize, 60, 'the ceased plan is never sampled');
    assert.deepEqual(sample.strata, [
      { stratum: 'post-16', population: 6, sampled: 1 },
      { stratum: 'primary', population: 36, sampled: 7 },
      { stratum: 'secondary', population: 18, sampled: 4 },
    ]);
    assert.deepEqual((await (await h.call(h.la.moderator, 'GET', `/cycles/${cycleId}/sample`)).json()).planRefs, sample.planRefs);
    // Reproducible: the same seed over the same plans in another LA gives the same plans.
    const otherCycle = await cycle(h, h.other.manager);
    await h.call(h.other.manager, 'POST', '/plans', { body: { plans: [...plans].reverse() } });
    const again = await (await h.call(h.other.manager, 'POST', `/cycles/${otherCycle}/sample`, { body: { population: 'all', sample: { method: 'proportional', size: 12, stratifyBy: 'phase' }, seed: 2026 } })).json();
    assert.deepEqual(again.planRefs, sample.planRefs);
    assert.equal((await h.call(h.la.manager, 'POST', `/cycles/${cycleId}/sample`, { body: { population: 'all', sample: { method: 'all' } } })).status, 409);
    assert.equal((await h.call(h.other.manager, 'GET', `/cycles/${cycleId}/sample`)).status, 404, 'another LA sees no such cycle');

    // By hand: the plan's own caseworker is refused, naming the field; nothing written.
    const ownPlan = sample.planRefs.find((r: string) => plans.find((p) => p.planRef === r)!.caseworkerRef === h.la.auditor.sub);
    assert.ok(ownPlan, 'the sample holds a plan of auditor 1');
    res = await h.call(h.la.manager, 'POST', `/cycles/${cycleId}/allocations`, { body: { mode: 'by-hand', assignments: [
      { planRef: sample.planRefs.find((r: string) => r !== ownPlan), auditorId: h.la.auditor2.sub, agency: 'health', dueDate: '2026-06-30' },
      { planRef: ownPlan, auditorId: h.la.auditor.sub, agency: 'education', dueDate: '2026-06-30' },
    ] } });
    assert.equal(res.status, 422);
    assert.equal((await res.json()).errors[0].field, 'assignments[1].auditorId');
    assert.equal((await (await h.call(h.la.manager, 'GET', `/cycles/${cycleId}/allocations`)).json()).items.length, 0);

    // Balanced over three auditors, one past due date so it is overdue at once.
    res = await h.call(h.la.manager, 'POST', `/cycles/${cycleId}/allocations`, { body: { mode: 'balanced', dueDate: '2020-01-31', auditors: [
      { auditorId: h.la.auditor.sub, agency: 'education' }, { auditorId: h.la.auditor2.sub, agency: 'health' }, { auditorId: 'pcf-1', agency: 'parent-carer-forum' },
    ] } });
    assert.equal(res.status, 201);
    const allocations = (await res.json()).items as { id: string; planRef: string; auditorId: string; version: number; plan: { caseworkerRef?: string } }[];
    assert.equal(allocations.length, 12);
    const counts = new Map<string, number>();
    for (const a of allocations) {
      counts.set(a.auditorId, (counts.get(a.auditorId) ?? 0) + 1);
      assert.notEqual(a.auditorId, a.plan.caseworkerRef);
    }
    assert.deepEqual([...counts.values()], [4, 4, 4]);

    // The auditor's own list; they start one audit and complete another.
    const mine = (await (await h.call(h.la.auditor, 'GET', '/my-allocations')).json()).items;
    assert.equal(mine.length, 4);
    assert.ok(mine.every((a: { auditorId: string; overdue: boolean; state: string }) => a.auditorId === h.la.auditor.sub && a.overdue && a.state === 'not-started'));
    assert.equal((await h.call(h.la.manager, 'GET', '/my-allocations')).status, 403);
    const start = async (a: { planRef: string; plan: Record<string, unknown> }) => {
      const r = await h.call(h.la.auditor, 'POST', '/audits', { body: { ...newAudit(), planRef: a.planRef, plan: a.plan, cycleId } });
      assert.equal(r.status, 201);
      return r.json();
    };
    const first = await start(mine[0]);
    const v = await gradeAll(h, h.la.auditor, first.id, first.version);
    assert.equal((await h.call(h.la.auditor, 'POST', `/audits/${first.id}/complete`, { ifMatch: v, body: {} })).status, 200);
    await start(mine[1]);

    // Reassign one of auditor 2's to pcf-1 with a later date: If-Match required, stale refused.
    const target = allocations.find((a) => a.auditorId === h.la.auditor2.sub)!;
    const path = `/cycles/${cycleId}/allocations/${target.id}`;
    const move = { auditorId: 'pcf-1', agency: 'parent-carer-forum', dueDate: '2099-01-31', reason: 'leave' };
    assert.equal((await h.call(h.la.manager, 'PUT', path, { body: move })).status, 428);
    res = await h.call(h.la.manager, 'PUT', path, { body: move, ifMatch: target.version });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('etag'), '"2"');
    const moved = await res.json();
    assert.equal(moved.reassignments[0].fromAuditorId, h.la.auditor2.sub);
    assert.equal(moved.overdue, false);
    assert.equal((await h.call(h.la.manager, 'PUT', path, { body: move, ifMatch: 1 })).status, 412);
    res = await h.call(h.la.manager, 'PUT', path, { body: { ...move, auditorId: target.plan.caseworkerRef ?? 'cw-x' }, ifMatch: 2 });
    assert.equal((await res.json()).errors[0].field, 'auditorId');
    assert.equal((await h.call(h.other.manager, 'PUT', path.replace(cycleId, otherCycle), { body: move, ifMatch: 2 })).status, 404);

    const progress = await (await h.call(h.la.manager, 'GET', `/cycles/${cycleId}/progress`)).json();
    assert.equal(progress.sampled, 12);
    assert.equal(progress.unallocated, 0);
    assert.deepEqual(progress.total, { allocated: 12, audited: 1, inProgress: 1, notStarted: 10, overdue: 10 });
    const byAgency = Object.fromEntries(progress.byAgency.map((a: { agency: string; allocated: number }) => [a.agency, a.allocated]));
    assert.deepEqual(byAgency, { education: 4, health: 3, 'parent-carer-forum': 5 });
    const aud1 = progress.byAuditor.find((a: { auditorId: string }) => a.auditorId === h.la.auditor.sub);
    assert.deepEqual({ ...aud1, auditorId: undefined }, { auditorId: undefined, agency: 'education', allocated: 4, audited: 1, inProgress: 1, notStarted: 2, overdue: 3 });
    assert.equal((await h.call(h.la.auditor, 'GET', `/cycles/${cycleId}/progress`)).status, 403);

    // Every planning write is in the audit trail, by who made it, with ids and dates only.
    const trail = (await (await h.call(h.la.admin, 'GET', `/audit-trail?userId=${h.la.manager.sub}&limit=100`)).json()).items as { operation: string; details: Record<string, unknown> }[];
    const count = (op: string) => trail.filter((e) => e.operation === op).length;
    assert.deepEqual([count('plans.registered'), count('cycle.sample-drawn'), count('cycle.plan-allocated'), count('cycle.plan-reassigned')], [1, 1, 12, 1]);
    assert.equal(trail.find((e) => e.operation === 'cycle.plan-reassigned')!.details.fromAuditorId, h.la.auditor2.sub);
    assert.ok(trail.every((e) => !JSON.stringify(e.details).includes('leave')), 'the reassignment reason (free text) is not in the trail');
  } finally {
    await h.close();
  }
});

interface Received { headers: IncomingMessage['headers']; body: string }

async function receiver(failFirst: number) {
  const received: Received[] = [];
  let calls = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      calls += 1;
      if (calls <= failFirst) { res.statusCode = 503; res.end(); return; }
      received.push({ headers: req.headers, body });
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, received, calls: () => calls, close: () => new Promise<void>((r) => server.close(() => r())) };
}

test('webhook: signed, retried after failures, one id per fact; overdue reminders sent once', async () => {
  const hook = await receiver(2);
  const secret = 'webhook-secret-0123456789';
  const cycleWebhook = new CycleWebhook({ url: hook.url, secret, backoffMs: 20 }, { error: () => {}, warn: () => {} });
  const h = await harness({ cycleWebhook });
  try {
    const cycleId = await cycle(h);
    await h.call(h.la.manager, 'POST', '/plans', { body: { plans: [regPlan('P-1'), regPlan('P-2')] } });
    await h.call(h.la.manager, 'POST', `/cycles/${cycleId}/sample`, { body: { population: 'all', sample: { method: 'all' }, seed: 1 } });
    await cycleWebhook.idle();
    assert.equal(hook.calls(), 3, 'two 503s, then delivered');
    assert.equal(hook.received.length, 1);
    const [drawn] = hook.received;
    const event = JSON.parse(drawn!.body) as CycleEvent;
    assert.equal(event.type, 'sample.drawn');
    assert.equal(event.tenant, h.la.manager.tenant);
    assert.equal(drawn!.headers['x-ehcp-qa-event-id'], event.id);
    assert.ok(verifyWebhookSignature(secret, drawn!.headers['x-ehcp-qa-timestamp'] as string, drawn!.headers['x-ehcp-qa-signature'] as string, drawn!.body));
    assert.equal(verifyWebhookSignature('another-secret-0123456789', drawn!.headers['x-ehcp-qa-timestamp'] as string, drawn!.headers['x-ehcp-qa-signature'] as string, drawn!.body), false);
    assert.equal(verifyWebhookSignature(secret, drawn!.headers['x-ehcp-qa-timestamp'] as string, drawn!.headers['x-ehcp-qa-signature'] as string, drawn!.body.replace('sample.drawn', 'sample.drawm')), false);

    await h.call(h.la.manager, 'POST', `/cycles/${cycleId}/allocations`, { body: { mode: 'balanced', dueDate: '2020-01-01', auditors: [{ auditorId: 'aud-9', agency: 'health' }] } });
    let res = await h.call(h.la.manager, 'POST', `/cycles/${cycleId}/reminders`);
    assert.deepEqual(await res.json(), { sent: 2, overdue: 2 });
    res = await h.call(h.la.manager, 'POST', `/cycles/${cycleId}/reminders`);
    assert.deepEqual(await res.json(), { sent: 0, overdue: 2 }, 'a reminder is sent once per allocation and due date');
    await cycleWebhook.idle();
    const types = hook.received.map((r) => JSON.parse(r.body).type);
    assert.deepEqual(types.sort(), ['allocation.assigned', 'allocation.assigned', 'allocation.overdue', 'allocation.overdue', 'sample.drawn']);
    const ids = hook.received.map((r) => r.headers['x-ehcp-qa-event-id']);
    assert.equal(new Set(ids).size, ids.length);
  } finally {
    await h.close();
    await hook.close();
  }
});

test('webhook: a 4xx is not retried; reminders need a configured webhook', async () => {
  const server = createServer((_req, res) => { res.statusCode = 400; res.end(); });
  let calls = 0;
  server.on('request', () => (calls += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const warnings: unknown[] = [];
  const hook = new CycleWebhook({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, secret: 'x'.repeat(16), backoffMs: 5 }, { error: () => {}, warn: (_m, d) => warnings.push(d) });
  hook.send({ id: 'e1', type: 'sample.drawn', tenant: 't', cycleId: 'c', occurredAt: new Date().toISOString(), data: {} });
  await hook.idle();
  assert.equal(calls, 1);
  assert.equal(warnings.length, 1);
  await new Promise<void>((r) => server.close(() => r()));
  assert.throws(() => new CycleWebhook({ url: 'http://x/', secret: 'short' }), /16 characters/);
  const h = await harness();
  try {
    const cycleId = await cycle(h);
    assert.equal((await h.call(h.la.manager, 'POST', `/cycles/${cycleId}/reminders`)).status, 501);
  } finally {
    await h.close();
  }
});
