// Group commit in the SQLite storage (db.ts `groupWrite`): writes that arrive together share
// one transaction, and yet each keeps its own outcome. Concurrent saves to different audits
// all land; concurrent saves to one audit from the same version give one winner and exact
// 412s; a write that fails inside a group is rolled back alone; the trail stays one unbroken
// chain; a save rewrites only the section it changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStorage, type SqliteStorage } from 'ehcp-qa/storage/sqlite';
import { jsonRowsSelect, openSqliteDb } from '../../server-adapter/storage/sqlite/db.js';
import { verifyAuditTrail } from '../../server-adapter/storage/trail.js';
import type { Audit, TrailInput } from '../../server-adapter/storage/types.js';
import { goodCriteria, harness, newAudit } from './helpers.js';

const tenant = 'la-group';

function audit(id: string, version = 1): Audit {
  const section = (grade: string) => ({ criteriaMet: [], grade, suggestedGrade: 'good', overrideReason: null, comment: null, savedAt: '2026-01-01T00:00:00.000Z' });
  return {
    id, frameworkId: 'ehcp-plan', frameworkVersion: '1.0.0', planRef: `PLAN-${id}`, cycleId: null, auditorId: 'aud-1', auditorRole: 'health',
    plan: { planType: 'new', phase: 'primary', primaryNeed: 'ASD', settingType: 'mainstream' }, status: 'in-progress', version,
    sections: { A: section('good'), B: section('good'), C: section('good') }, overall: null,
    startedAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', completedAt: null, activeSeconds: 0, reopenings: [],
  };
}
const entry = (id: string, before: number): TrailInput => ({ actor: 'aud-1', operation: 'audit.section-saved', subjectType: 'audit', subjectId: id, auditId: id, beforeVersion: before, afterVersion: before + 1, details: {} });

async function withStorage(fn: (storage: SqliteStorage) => Promise<void>) {
  const dir = mkdtempSync(join(tmpdir(), 'ehcp-qa-group-'));
  const storage = await createSqliteStorage({ filename: join(dir, 'qa.sqlite') });
  try {
    await fn(storage);
  } finally {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function trailOf(storage: SqliteStorage) {
  const items = [];
  let cursor: string | undefined;
  do {
    const page = await storage.listAuditTrail(tenant, {}, { limit: 100, ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

test('group commit: 50 saves of different audits arriving together share few transactions, all land, and the trail is one chain', async () => {
  await withStorage(async (storage) => {
    const ids = Array.from({ length: 50 }, (_, i) => `audit-${i}`);
    await Promise.all(ids.map((id) => storage.createAudit(tenant, audit(id))));
    const before = storage.db.writeCount;
    const results = await Promise.all(ids.map((id) => storage.writeBatch(tenant, {
      updateAudits: [{ next: { ...audit(id, 2), activeSeconds: 5 }, expectedVersion: 1, changedSections: [] }], trail: [entry(id, 1)],
    })));
    const transactions = storage.db.writeCount - before;
    assert.ok(results.every((r) => r.ok));
    assert.ok(transactions < 10, `50 saves took ${transactions} transactions: they were not grouped`);
    for (const id of ids) assert.equal((await storage.getAudit(tenant, id))!.version, 2);
    const trail = await trailOf(storage);
    assert.deepEqual(trail.map((e) => e.seq), Array.from({ length: 50 }, (_, i) => i + 1));
    assert.equal((await verifyAuditTrail(storage, tenant)).ok, true);
  });
});

test('group commit: saves to one audit from the same version in one group: exactly one wins, the others conflict with the exact current version', async () => {
  await withStorage(async (storage) => {
    await storage.createAudit(tenant, audit('one'));
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => storage.writeBatch(tenant, {
      updateAudits: [{ next: { ...audit('one', 2), activeSeconds: i + 1 }, expectedVersion: 1 }], trail: [entry('one', 1)],
    })));
    const won = results.filter((r) => r.ok);
    assert.equal(won.length, 1);
    for (const r of results.filter((x) => !x.ok)) assert.deepEqual(r, { ok: false, reason: 'conflict', collection: 'audits', id: 'one', currentVersion: 2 });
    // Chained saves in one group (each from the version the previous one writes) all succeed, in order.
    const chained = await Promise.all([2, 3, 4].map((v) => storage.updateAudit(tenant, { ...audit('one', v + 1), activeSeconds: 100 + v }, v)));
    assert.deepEqual(chained.map((r) => r.ok && r.value.version), [3, 4, 5]);
    assert.equal((await storage.getAudit(tenant, 'one'))!.activeSeconds, 104);
    assert.equal((await trailOf(storage)).length, 1, 'one trail entry: the refused batches wrote none');
  });
});

test('group commit: a write that fails inside a group is undone alone; the others in its group commit', async () => {
  await withStorage(async (storage) => {
    await storage.createCycle(tenant, { id: 'cycle-taken', name: 'Taken', startDate: '2026-01-01', endDate: '2026-03-31', kpiTarget: null, createdAt: '2026-01-01T00:00:00.000Z' });
    const before = storage.db.writeCount;
    const outcomes = await Promise.allSettled([
      ...Array.from({ length: 5 }, (_, i) => storage.writeBatch(tenant, { createAudits: [audit(`good-${i}`)] })),
      // Writes an audit, then fails on a cycle id that exists: the audit must be undone with it.
      storage.writeBatch(tenant, { createAudits: [audit('doomed')], createCycles: [{ id: 'cycle-taken', name: 'Again', startDate: '2026-01-01', endDate: '2026-03-31', kpiTarget: null, createdAt: '2026-01-01T00:00:00.000Z' }] }),
      // Fails on a constraint inside SQLite after a first statement succeeded.
      storage.writeBatch(tenant, { createAudits: [audit('also-doomed'), { ...audit('bad'), activeSeconds: -1 }] }),
      ...Array.from({ length: 5 }, (_, i) => storage.writeBatch(tenant, { createAudits: [audit(`late-${i}`)] })),
    ]);
    assert.ok(storage.db.writeCount - before < 5, 'the writes were grouped');
    assert.deepEqual(outcomes.map((o) => o.status), [...Array(5).fill('fulfilled'), 'rejected', 'rejected', ...Array(5).fill('fulfilled')]);
    assert.match(String((outcomes[5] as PromiseRejectedResult).reason), /already exists/);
    for (let i = 0; i < 5; i++) {
      assert.ok(await storage.getAudit(tenant, `good-${i}`));
      assert.ok(await storage.getAudit(tenant, `late-${i}`));
    }
    for (const id of ['doomed', 'also-doomed', 'bad']) assert.equal(await storage.getAudit(tenant, id), null, `${id} was rolled back`);
    assert.equal((await storage.getCycle(tenant, 'cycle-taken'))!.name, 'Taken');
  });
});

test('a save rewrites only the section it changes; without a list of changed sections the storage finds them', async () => {
  await withStorage(async (storage) => {
    await storage.createAudit(tenant, audit('s'));
    const savedAt = async () => Object.fromEntries((await storage.db.all<{ section_id: string; saved_at: string; rowid: number }>(
      'SELECT section_id, saved_at FROM audit_sections WHERE tenant = ? AND audit_id = ? ORDER BY section_id', [tenant, 's'])).map((r) => [r.section_id, r.saved_at]));
    const changes = async () => (await storage.db.get<{ n: number }>('SELECT total_changes() AS n'))!.n;
    const commented = audit('s', 2);
    commented.sections.B = { ...commented.sections.B!, comment: 'a comment', savedAt: '2026-02-01T00:00:00.000Z' };
    let t0 = await changes();
    assert.ok((await storage.updateAudit(tenant, commented, 1)).ok);
    assert.equal((await changes()) - t0, 2, 'a comment: the audit row and one section row, no report row, no count');
    const next = { ...commented, version: 3, sections: { ...commented.sections, B: { ...commented.sections.B!, grade: 'inadequate', savedAt: '2026-02-02T00:00:00.000Z' } } };
    t0 = await changes();
    assert.ok((await storage.updateAudit(tenant, next, 2)).ok);
    // A grade: the audit row, one section row, its report row, one running count down and one up, and the
    // same for each of the five counted filters (down and up).
    const written = (await changes()) - t0;
    assert.ok(written <= 15, `${written} rows changed for a one-section grade change`);
    assert.deepEqual(await savedAt(), { A: '2026-01-01T00:00:00.000Z', B: '2026-02-02T00:00:00.000Z', C: '2026-01-01T00:00:00.000Z' });
    const third = audit('s', 4);
    third.sections = { A: third.sections.A!, C: { ...third.sections.C!, comment: 'changed' }, D: third.sections.A! };
    assert.ok((await storage.writeBatch(tenant, { updateAudits: [{ next: third, expectedVersion: 3, changedSections: ['B', 'C', 'D'] }] })).ok);
    const stored = (await storage.getAudit(tenant, 's'))!;
    assert.deepEqual(Object.keys(stored.sections), ['A', 'C', 'D']);
    assert.equal(stored.sections.C!.comment, 'changed');
  });
});

test('group commit through the adapter: 50 auditors saving their own audits at once and 50 saves racing on one audit', async () => {
  const h = await harness();
  try {
    const created = await Promise.all(Array.from({ length: 50 }, () => h.call(h.la.auditor, 'POST', '/audits', { body: newAudit() }).then((r) => r.json())));
    const saves = await Promise.all(created.map((a) => h.call(h.la.auditor, 'PUT', `/audits/${a.id}/sections/A`, { ifMatch: a.version, body: { criteriaMet: goodCriteria('A'), grade: 'good', comment: a.id } })));
    assert.deepEqual(saves.map((r) => r.status), Array(50).fill(200));
    for (const a of created) {
      const read = await (await h.call(h.la.auditor, 'GET', `/audits/${a.id}`)).json();
      assert.equal(read.version, 2);
      assert.equal(read.sections.A.comment, a.id);
    }
    const target = created[0];
    const race = await Promise.all(Array.from({ length: 50 }, (_, i) => h.call(h.la.auditor, 'PUT', `/audits/${target.id}/sections/B`, { ifMatch: 2, body: { criteriaMet: goodCriteria('B'), grade: 'good', comment: `racer ${i}` } })));
    assert.deepEqual(race.map((r) => r.status).sort(), [200, ...Array(49).fill(412)]);
    for (const r of race.filter((x) => x.status === 412)) assert.equal(r.headers.get('etag'), '"3"');
    const winner = await race.find((r) => r.status === 200)!.json();
    const stored = await (await h.call(h.la.auditor, 'GET', `/audits/${target.id}`)).json();
    assert.equal(stored.sections.B.comment, winner.sections.B.comment);
  } finally {
    await h.close();
  }
});

test('group commit: two storages appending to one tenant\'s trail on one file keep one unbroken chain (a carried trail head that another writer has moved on is refused by the key, and the group written again)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ehcp-qa-group-'));
  const file = join(dir, 'qa.sqlite');
  const a = await createSqliteStorage({ filename: file, sharedFile: true });
  const b = await createSqliteStorage({ filename: file, sharedFile: true });
  try {
    const ids = Array.from({ length: 12 }, (_, i) => `shared-${i}`);
    await Promise.all(ids.map((id) => a.createAudit(tenant, audit(id))));
    // Rounds of concurrent saves through both storages: each storage carries its own idea of the trail's head.
    const versions = new Map(ids.map((id) => [id, 1]));
    for (let round = 0; round < 6; round++) {
      const results = await Promise.all(ids.map((id, i) => {
        const storage = (i + round) % 2 === 0 ? a : b;
        const v = versions.get(id)!;
        return storage.writeBatch(tenant, { updateAudits: [{ next: { ...audit(id, v + 1), activeSeconds: round + 1 }, expectedVersion: v, changedSections: [] }], trail: [entry(id, v)] });
      }));
      assert.ok(results.every((r) => r.ok), JSON.stringify(results.find((r) => !r.ok)));
      for (const id of ids) versions.set(id, versions.get(id)! + 1);
    }
    const trail = await trailOf(a);
    assert.deepEqual(trail.map((e) => e.seq), Array.from({ length: 12 * 6 }, (_, i) => i + 1));
    assert.deepEqual(await verifyAuditTrail(b, tenant).then((v) => [v.ok, v.entries, v.firstBroken]), [true, 72, null]);
  } finally {
    await a.close();
    await b.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('group commit: rows sent as one JSON parameter (db.ts jsonRowsSelect, read with jsonb_each) come out as the text path json_each gave and as values bound one by one', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ehcp-qa-rows-'));
  const db = await openSqliteDb(join(dir, 'rows.sqlite'));
  try {
    assert.match(jsonRowsSelect(2), /FROM jsonb_each\(\?\)/, 'the bundled SQLite has jsonb_each');
    const strings = ['', 'plain', 'quote " and \\ backslash', 'line\nbreak\ttab\r', 'accents é ü, 日本語, 😀', '\u0000nul inside', '\u001f\u007f',
      '{"looks":"like json"}', '[1,2]', 'null', '123', '1e3', ' spaced ', '\u2028\u2029', '/slash/'];
    const numbers = [0, 1, -1, 42, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 - 1, -(2 ** 53) + 1, 1.5, 0.1, -2.75, 1e21, 1e-7, 123456789.123, 3.141592653589793, Number.MAX_VALUE, Number.MIN_VALUE];
    const values: (string | number | null)[] = [...strings, ...numbers, null];
    // Three columns a row: the value, its index, and a null or the value again, so each row differs.
    const rows = values.map((v, i) => [i, v, i % 2 === 0 ? null : v]);
    await db.exec('CREATE TABLE deferred (k INTEGER, v, w); CREATE TABLE bound (k INTEGER, v, w); CREATE TABLE text_path (k INTEGER, v, w)');
    await db.groupWrite(async (tx) => {
      assert.ok(tx.deferRows, 'a group commit defers rows');
      tx.deferRows('INSERT INTO deferred (k, v, w)', '', 3, rows.flat());
    });
    for (const row of rows) await db.run('INSERT INTO bound (k, v, w) VALUES (?, ?, ?)', row);
    await db.run(`INSERT INTO text_path (k, v, w) ${jsonRowsSelect(3).replace('jsonb_each', 'json_each')}`, [JSON.stringify(rows)]);
    const read = (table: string) => db.all(`SELECT k, v, typeof(v) AS tv, w, typeof(w) AS tw, hex(v) AS hv FROM ${table} ORDER BY rowid`);
    const deferred = await read('deferred');
    assert.equal(deferred.length, values.length);
    assert.deepEqual(deferred, await read('text_path'), 'as the text path read them');
    // sqlite3 binds an integer beyond 32 bits as REAL, where JSON gives INTEGER (the same before jsonb_each): those rows aside.
    const wide = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && Math.abs(v) >= 2 ** 31;
    const narrow = (table: { v: unknown }[]) => table.filter((r) => !wide(r.v));
    assert.deepEqual(narrow(deferred as { v: unknown }[]), narrow(await read('bound') as { v: unknown }[]), 'as values bound one by one');
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
