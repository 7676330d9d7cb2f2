// The adapter as several processes on one PostgreSQL database (issue 16): four separate
// `serveQa` processes (as behind a load balancer) and one four-worker cluster, real HTTP,
// a fresh schema dropped at the end. Writers going through different processes lose no
// update, moderation assignment makes no duplicates, and a read through one process right
// after a write through another sees the write. Skipped, loudly, without PostgreSQL.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { ehcpPlanV1 } from 'ehcp-qa/criteria';
import { signQaToken } from 'ehcp-qa/server';
import { SECRET, goodCriteria, newAudit, people, type Person } from './helpers.js';
import { POSTGRES_URL, postgresForTests } from './postgres-helpers.js';
import { httpRequest, startQaProcess, type QaProcess } from './processes.js';

// A fresh schema and app role for this file, dropped at the end (after the processes stop: see below).
const db = await postgresForTests('several adapter processes on one PostgreSQL database');
const skip = !db;
const PROCESSES = 4;
let procs: QaProcess[] = [];
const la = people(`la-mp-${randomUUID().slice(0, 8)}`);
const tokens = new Map<string, string>();

type Answer = { status: number; body: any; headers: Headers };

/** One request through process `i` (modulo the number of processes). */
async function call(i: number, who: Person, method: string, path: string, init: { body?: unknown; ifMatch?: number } = {}): Promise<Answer> {
  const key = `${who.tenant}/${who.sub}/${who.roles.join()}`;
  if (!tokens.has(key)) tokens.set(key, await signQaToken(who, SECRET));
  const headers: Record<string, string> = { authorization: `Bearer ${tokens.get(key)}` };
  if (init.ifMatch !== undefined) headers['if-match'] = `"${init.ifMatch}"`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await httpRequest(`${procs[i % procs.length]!.url}${path}`, { method, headers, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) });
  return { status: res.status, body: res.text ? JSON.parse(res.text) : null, headers: res.headers };
}

const env = () => ({ QA_DATABASE_URL: POSTGRES_URL, QA_DATABASE_SCHEMA: db!.schema, QA_JWT_SECRET: SECRET });

before(async () => {
  if (skip) return;
  // All four start at once on an empty schema: their migrations meet at the storage's advisory lock.
  procs = await Promise.all(Array.from({ length: PROCESSES }, () => startQaProcess(env())));
});
// Whatever happened, no process outlives the file (stopping twice is harmless).
after(() => Promise.all(procs.map((p) => p.stop())));

test('four processes: 50 writers on one audit with If-Match, through different processes, lose no update', { skip: skip && 'PostgreSQL is not answering' }, async () => {
  assert.equal(new Set(procs.map((p) => p.pids[0])).size, PROCESSES, 'four distinct processes');
  const created = await call(0, la.auditor, 'POST', '/audits', { body: newAudit() });
  assert.equal(created.status, 201);
  const id = created.body.id as string;

  // Round 1: all 50 save from version 1 at once. Exactly one wins; the 49 others are told the truth.
  const round1 = await Promise.all(Array.from({ length: 50 }, (_, i) =>
    call(i, la.auditor, 'PUT', `/audits/${id}/sections/F`, { ifMatch: 1, body: { criteriaMet: goodCriteria('F'), grade: 'good', comment: `round 1 writer ${i}` } })));
  assert.deepEqual(round1.map((r) => r.status).sort(), [200, ...Array(49).fill(412)]);
  for (const r of round1.filter((a) => a.status === 412)) {
    assert.equal(r.headers.get('content-type'), 'application/problem+json');
    assert.equal(r.body.currentVersion, 2, 'a 412 names the version that won');
  }

  // Round 2: 50 writers, each reloading through one process and saving through another until
  // its save is accepted. Each writes a section of its own choosing (several writers per section).
  const sections = ehcpPlanV1.sections.map((s) => s.id);
  const acknowledged: { version: number; section: string; comment: string }[] = [
    { version: 2, section: 'F', comment: round1.find((r) => r.status === 200)!.body.sections.F.comment },
  ];
  let conflicts = 0;
  await Promise.all(Array.from({ length: 50 }, async (_, i) => {
    const section = sections[i % sections.length]!;
    const comment = `round 2 writer ${i}`;
    for (let attempt = 0; attempt < 500; attempt++) {
      const current = await call(i + attempt, la.auditor, 'GET', `/audits/${id}`);
      assert.equal(current.status, 200);
      const sent = current.body.version as number;
      const saved = await call(i + attempt + 1, la.auditor, 'PUT', `/audits/${id}/sections/${section}`, { ifMatch: sent, body: { criteriaMet: goodCriteria(section), grade: 'good', comment } });
      if (saved.status === 200) {
        assert.equal(saved.body.version, sent + 1);
        acknowledged.push({ version: saved.body.version, section, comment });
        return;
      }
      assert.equal(saved.status, 412, JSON.stringify(saved.body));
      assert.ok(saved.body.currentVersion > sent, `412 only when the audit really moved on (sent ${sent}, current ${saved.body.currentVersion})`);
      conflicts++;
    }
    assert.fail(`writer ${i} never got its save in`);
  }));
  assert.ok(conflicts > 0, 'the writers really did race');

  // Every acknowledged save holds its own version (no two saves both accepted from one version)…
  assert.deepEqual(acknowledged.map((a) => a.version).sort((a, b) => a - b), Array.from({ length: 51 }, (_, k) => k + 2));
  // …and what is stored is the last acknowledged save of each section, read through every process.
  for (let p = 0; p < PROCESSES; p++) {
    const stored = await call(p, la.auditor, 'GET', `/audits/${id}`);
    assert.equal(stored.body.version, 52);
    for (const section of sections) {
      const last = acknowledged.filter((a) => a.section === section).sort((a, b) => b.version - a.version)[0];
      if (last) assert.equal(stored.body.sections[section].comment, last.comment, `section ${section} through process ${p}`);
    }
  }
  // One audit-trail entry per acknowledged write (1 creation + 51 saves), in an unbroken chain.
  const trail = await call(1, la.admin, 'GET', `/audit-trail?auditId=${id}&limit=100`);
  assert.equal(trail.status, 200);
  assert.equal(trail.body.items.length, 52);
  assert.deepEqual(trail.body.items.filter((e: any) => e.afterVersion > 1).map((e: any) => e.afterVersion).sort((a: number, b: number) => a - b), Array.from({ length: 51 }, (_, k) => k + 2));
  assert.equal((await call(2, la.admin, 'GET', '/audit-trail/verification')).body.ok, true);
});

test('four processes: the same moderation assignment sent through each at once makes one pair', { skip: skip && 'PostgreSQL is not answering' }, async () => {
  const cycle = await call(0, la.manager, 'POST', '/cycles', { body: { name: 'Spring 2027', startDate: '2027-01-04', endDate: '2027-03-31' } });
  assert.equal(cycle.status, 201);
  const cycleId = cycle.body.id as string;
  const firsts: string[] = [];
  for (let n = 0; n < 5; n++) {
    const a = await call(n, la.auditor, 'POST', '/audits', { body: newAudit({ cycleId }) });
    let v = a.body.version as number;
    for (const s of ehcpPlanV1.sections) {
      const saved = await call(n + v, la.auditor, 'PUT', `/audits/${a.body.id}/sections/${s.id}`, { ifMatch: v, body: { criteriaMet: goodCriteria(s.id), grade: 'good' } });
      assert.equal(saved.status, 200);
      v = saved.body.version;
    }
    assert.equal((await call(n + 1, la.auditor, 'POST', `/audits/${a.body.id}/complete`, { ifMatch: v })).status, 200);
    firsts.push(a.body.id);
  }
  const body = { cycleId, assignments: [{ firstAuditId: firsts[0], secondAuditor: { id: la.auditor2.sub } }] };
  const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => call(i, la.moderator, 'POST', '/moderations', { body })));
  assert.equal(answers.filter((r) => r.status === 201).length, 1, answers.map((r) => r.status).join());
  assert.ok(answers.every((r) => [201, 409, 422].includes(r.status)), answers.map((r) => r.status).join());
  for (let p = 0; p < PROCESSES; p++) {
    assert.equal((await call(p, la.moderator, 'GET', '/moderations')).body.items.length, 1, `one pair, seen through process ${p}`);
  }
  assert.equal((await call(3, la.auditor2, 'GET', '/audits')).body.items.length, 1, 'one second audit, no orphans');

  // Concurrent samples through different processes never draw one first audit twice.
  const samples = await Promise.all(Array.from({ length: 8 }, (_, i) =>
    call(i, la.moderator, 'POST', '/moderations', { body: { cycleId, sample: { share: 0.5, secondAuditors: [{ id: la.auditor2.sub }, { id: 'ep-9' }] } } })));
  assert.ok(samples.every((r) => [201, 409, 422].includes(r.status)), samples.map((r) => r.status).join());
  assert.ok(samples.some((r) => r.status === 201));
  const all = (await call(1, la.moderator, 'GET', '/moderations')).body.items as { firstAuditId: string }[];
  assert.equal(new Set(all.map((m) => m.firstAuditId)).size, all.length, 'no first audit in two pairs');
  const inProgress = (await call(2, la.moderator, 'GET', `/audits?cycleId=${cycleId}&status=in-progress&limit=100`)).body.items;
  assert.equal(inProgress.length, all.length, 'every second audit belongs to a pair');
});

test('four processes: a read through one process right after a write through another returns the new version', { skip: skip && 'PostgreSQL is not answering' }, async () => {
  const created = await call(0, la.auditor, 'POST', '/audits', { body: newAudit() });
  let version = created.body.version as number;
  for (let i = 0; i < 24; i++) {
    const writer = i % PROCESSES;
    const reader = (i + 1) % PROCESSES;
    // The reader has served this audit just before (a read cache, if it kept one, would now hold the old version).
    assert.equal((await call(reader, la.auditor, 'GET', `/audits/${created.body.id}`)).body.version, version);
    const section = ehcpPlanV1.sections[i % ehcpPlanV1.sections.length]!.id;
    const saved = await call(writer, la.auditor, 'PUT', `/audits/${created.body.id}/sections/${section}`, { ifMatch: version, body: { criteriaMet: goodCriteria(section), grade: 'good', comment: `edit ${i}` } });
    assert.equal(saved.status, 200);
    version = saved.body.version;
    const read = await call(reader, la.auditor, 'GET', `/audits/${created.body.id}`);
    assert.equal(read.body.version, version, `process ${reader} read version ${read.body.version} after process ${writer} wrote ${version}`);
    assert.equal(read.body.sections[section].comment, `edit ${i}`);
    assert.equal(read.headers.get('etag'), `"${version}"`);
  }
});

test('serveQa({ processes: 4 }): a cluster of four workers on one port shares the database, and stops them all', { skip: skip && 'PostgreSQL is not answering' }, async () => {
  const cluster = await startQaProcess({ ...env(), QA_PROCESSES: String(PROCESSES) });
  try {
    assert.equal(cluster.pids.length, PROCESSES);
    assert.equal(new Set(cluster.pids).size, PROCESSES);
    const at = (path: string) => `${cluster.url}${path}`;
    const token = await signQaToken(la.auditor, SECRET);
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const created = await Promise.all(Array.from({ length: 40 }, () => httpRequest(at('/audits'), { method: 'POST', headers, body: JSON.stringify(newAudit()) })));
    assert.ok(created.every((r) => r.status === 201));
    const ids = created.map((r) => JSON.parse(r.text).id as string);
    // Each save is followed at once by a read on a new connection (which may reach any worker: every request has its own).
    await Promise.all(ids.map(async (id) => {
      const saved = await httpRequest(at(`/audits/${id}/sections/A`), { method: 'PUT', headers: { ...headers, 'if-match': '"1"' }, body: JSON.stringify({ criteriaMet: goodCriteria('A'), grade: 'good' }) });
      assert.equal(saved.status, 200);
      const read = JSON.parse((await httpRequest(at(`/audits/${id}`), { headers })).text);
      assert.equal(read.version, 2);
    }));
    // The separate processes see the cluster's writes too: one database.
    for (const id of ids.slice(0, 4)) assert.equal((await call(0, la.auditor, 'GET', `/audits/${id}`)).body.sections.A.grade, 'good');
  } finally {
    await cluster.stop();
  }
  for (const pid of cluster.pids) assert.throws(() => process.kill(pid, 0), /ESRCH/, `worker ${pid} stopped`);
});

test('serveQa refuses several processes on an SQLite file', async () => {
  const { serveQa } = await import('ehcp-qa/server');
  await assert.rejects(serveQa({ jwtSecret: SECRET, port: 0, processes: 2, sqliteFile: ':memory:' }), /PostgreSQL/);
});

test('four processes: stop cleanly (SIGTERM closes each server and its pool)', { skip: skip && 'PostgreSQL is not answering' }, async () => {
  await Promise.all(procs.map((p) => p.stop()));
  for (const p of procs) assert.equal(p.child.exitCode, 0, `process ${p.pids[0]} exit code`);
});
