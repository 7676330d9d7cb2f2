/**
 * `ehcp-qa/testing`: the conformance suite every `QaStorage` backend runs.
 *
 * Each case gets a fresh storage from `makeStorage`, uses random tenants and ids,
 * and closes the storage afterwards, so cases never depend on each other's order.
 *
 * @example
 * import { test } from 'node:test';
 * import { runStorageConformance } from 'ehcp-qa/testing';
 * runStorageConformance(test, () => createMyStorage(), { name: 'my backend' });
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  summarizeRows, toReportRow,
  type Audit, type Cycle, type QaStorage, type SectionRecord, type TrailEntry, type TrailInput,
} from '../storage/types.js';
import { GENESIS_HASH, verifyAuditTrail } from '../storage/trail.js';

/** A test registration function: node:test's `test`, or `it` from describe/it runners. */
export type TestFn = (name: string, fn: () => Promise<void>) => unknown;

/** Raw reads that bypass the storage's read methods, to confirm a write really persisted. */
export interface ConformanceBackdoor {
  readAudit(tenant: string, auditId: string): Promise<{ version: number; status: string; sectionIds: string[] } | null>;
  readRecord?(tenant: string, collection: string, id: string): Promise<{ version: number; data: unknown } | null>;
  /** Changes a stored trail entry behind the storage's back; with it, the suite checks that verification notices. */
  tamperTrail?(tenant: string, seq: number, patch: Partial<TrailEntry>): Promise<void>;
}

export interface ConformanceOptions {
  /** Prefix of every test name, for example "sqlite". */
  name?: string;
  /** Raw reads for this backend; when absent, the persistence checks use the storage's own reads. */
  backdoor?: (storage: QaStorage) => ConformanceBackdoor;
  /** Optional capabilities the backend claims; the suite fails if a claimed one is missing. */
  capabilities?: { summarizeAudits?: boolean };
}

/**
 * Registers the conformance cases with `test`.
 *
 * @param test - `test` from node:test (or `it`)
 * @param makeStorage - returns a fresh, empty storage; it is closed after each case
 * @param options - name prefix, backdoor and claimed capabilities
 */
export function runStorageConformance(test: TestFn, makeStorage: () => QaStorage | Promise<QaStorage>, options: ConformanceOptions = {}): void {
  const prefix = options.name ? `${options.name}: ` : '';
  const withStorage = (name: string, fn: (s: QaStorage) => Promise<void>) =>
    test(`${prefix}${name}`, async () => {
      const storage = await makeStorage();
      try {
        await fn(storage);
      } finally {
        await storage.close();
      }
    });
  const backdoorOf = (s: QaStorage): ConformanceBackdoor =>
    options.backdoor?.(s) ?? {
      async readAudit(tenant, id) {
        const a = await s.getAudit(tenant, id);
        return a ? { version: a.version, status: a.status, sectionIds: Object.keys(a.sections).sort() } : null;
      },
      async readRecord(tenant, collection, id) {
        const r = await s.getRecord(tenant, collection, id);
        return r ? { version: r.version, data: r.data } : null;
      },
    };

  // ── audits ──
  withStorage('createAudit then getAudit returns the same audit', async (s) => {
    const tenant = rid('la');
    const audit = makeAudit({ sections: { A: section('good'), B: section(null) } });
    assert.deepEqual(await s.createAudit(tenant, audit), audit);
    assert.deepEqual(await s.getAudit(tenant, audit.id), audit);
    const raw = await backdoorOf(s).readAudit(tenant, audit.id);
    assert.deepEqual(raw, { version: 1, status: 'in-progress', sectionIds: ['A', 'B'] });
  });

  withStorage('getAudit of an unknown id is null', async (s) => {
    assert.equal(await s.getAudit(rid('la'), randomUUID()), null);
  });

  withStorage('createAudit refuses an id that exists in the tenant', async (s) => {
    const tenant = rid('la');
    const audit = makeAudit();
    await s.createAudit(tenant, audit);
    await assert.rejects(s.createAudit(tenant, { ...audit, planRef: 'other' }));
    assert.equal((await s.getAudit(tenant, audit.id))?.planRef, audit.planRef);
  });

  withStorage('returned audits are copies: changing them changes nothing stored', async (s) => {
    const tenant = rid('la');
    const audit = makeAudit({ sections: { A: section('good') } });
    const created = await s.createAudit(tenant, audit);
    created.planRef = 'changed';
    created.sections.A!.criteriaMet.push('changed');
    audit.plan.phase = 'post-19';
    const read = await s.getAudit(tenant, audit.id);
    assert.ok(read);
    assert.notEqual(read.planRef, 'changed');
    assert.deepEqual(read.sections.A!.criteriaMet, ['A.good.one']);
    assert.equal(read.plan.phase, 'primary');
  });

  withStorage('updateAudit writes when the version matches and bumps it', async (s) => {
    const tenant = rid('la');
    const audit = makeAudit({ sections: { A: section('good'), B: section('inadequate') } });
    await s.createAudit(tenant, audit);
    const next: Audit = {
      ...audit,
      version: 2,
      status: 'completed',
      sections: { A: section('outstanding', 'a comment'), C: section('na') },
      overall: { grade: 'good', meanPoints: 2.5, pointsGrade: 'good', limitedBy: null, explanation: 'x' },
      completedAt: iso(5),
      activeSeconds: 120,
      reopenings: [{ at: iso(4), by: 'mod-1', reason: 'check' }],
    };
    const result = await s.updateAudit(tenant, next, 1);
    assert.ok(result.ok);
    assert.equal(result.value.version, 2);
    assert.deepEqual(await s.getAudit(tenant, audit.id), { ...next, version: 2 });
    assert.deepEqual(await backdoorOf(s).readAudit(tenant, audit.id), { version: 2, status: 'completed', sectionIds: ['A', 'C'] });
  });

  withStorage('updateAudit with a stale version is a conflict and changes nothing', async (s) => {
    const tenant = rid('la');
    const audit = makeAudit();
    await s.createAudit(tenant, audit);
    assert.ok((await s.updateAudit(tenant, { ...audit, activeSeconds: 10, version: 2 }, 1)).ok);
    const stale = await s.updateAudit(tenant, { ...audit, activeSeconds: 99, version: 2 }, 1);
    assert.deepEqual(stale, { ok: false, reason: 'conflict', currentVersion: 2 });
    assert.equal((await s.getAudit(tenant, audit.id))?.activeSeconds, 10);
    assert.equal((await backdoorOf(s).readAudit(tenant, audit.id))?.version, 2);
  });

  withStorage('updateAudit of an unknown audit is not-found', async (s) => {
    const audit = makeAudit();
    assert.deepEqual(await s.updateAudit(rid('la'), audit, 1), { ok: false, reason: 'not-found' });
  });

  withStorage('two writers with the same version: exactly one wins, nothing half-written', async (s) => {
    const tenant = rid('la');
    const audit = makeAudit();
    await s.createAudit(tenant, audit);
    const first = { ...audit, sections: { A: section('good', 'first') }, activeSeconds: 1, version: 2 };
    const second = { ...audit, sections: { B: section('inadequate', 'second') }, activeSeconds: 2, version: 2 };
    const results = await Promise.all([s.updateAudit(tenant, first, 1), s.updateAudit(tenant, second, 1)]);
    const wins = results.filter((r) => r.ok);
    assert.equal(wins.length, 1);
    assert.deepEqual(results.find((r) => !r.ok), { ok: false, reason: 'conflict', currentVersion: 2 });
    const stored = await s.getAudit(tenant, audit.id);
    const winner = results[0]!.ok ? first : second;
    assert.deepEqual(stored, { ...winner, version: 2 });
  });

  withStorage('listAudits filters by every field', async (s) => {
    const tenant = rid('la');
    const cycle = await s.createCycle(tenant, makeCycle());
    const a1 = makeAudit({ cycleId: cycle.id, auditorId: 'aud-1', planRef: 'PLAN-1', status: 'completed', plan: { ...basePlan, caseworkerRef: 'cw-1' } });
    const a2 = makeAudit({ auditorId: 'aud-2', planRef: 'PLAN-2', frameworkId: 'other-fw' });
    const a3 = makeAudit({ cycleId: cycle.id, auditorId: 'aud-2', planRef: 'PLAN-1', plan: { ...basePlan, caseworkerRef: 'cw-2' } });
    for (const a of [a1, a2, a3]) await s.createAudit(tenant, a);
    const ids = async (filter: Parameters<QaStorage['listAudits']>[1]) =>
      (await s.listAudits(tenant, filter, {})).items.map((a) => a.id).sort();
    assert.deepEqual(await ids({}), [a1.id, a2.id, a3.id].sort());
    assert.deepEqual(await ids({ cycleId: cycle.id }), [a1.id, a3.id].sort());
    assert.deepEqual(await ids({ status: 'completed' }), [a1.id]);
    assert.deepEqual(await ids({ status: 'in-progress' }), [a2.id, a3.id].sort());
    assert.deepEqual(await ids({ planRef: 'PLAN-1' }), [a1.id, a3.id].sort());
    assert.deepEqual(await ids({ auditorId: 'aud-2' }), [a2.id, a3.id].sort());
    assert.deepEqual(await ids({ frameworkId: 'other-fw' }), [a2.id]);
    assert.deepEqual(await ids({ caseworkerRef: 'cw-1' }), [a1.id]);
    assert.deepEqual(await ids({ cycleId: cycle.id, auditorId: 'aud-2' }), [a3.id]);
    assert.deepEqual(await ids({ planRef: 'nothing' }), []);
  });

  withStorage('listAudits pages newest first, ties by id, every audit exactly once', async (s) => {
    const tenant = rid('la');
    const audits = [0, 1, 2, 3, 3, 3, 4].map((minute) => makeAudit({ startedAt: iso(minute), updatedAt: iso(minute) }));
    for (const a of shuffled(audits)) await s.createAudit(tenant, a);
    const expected = [...audits].sort((a, b) => (a.startedAt === b.startedAt ? (a.id < b.id ? 1 : -1) : a.startedAt < b.startedAt ? 1 : -1)).map((a) => a.id);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await s.listAudits(tenant, {}, cursor === undefined ? { limit: 3 } : { limit: 3, cursor });
      assert.ok(page.items.length <= 3);
      seen.push(...page.items.map((a) => a.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor !== undefined && pages < 10);
    assert.equal(pages, 3);
    assert.deepEqual(seen, expected);
    const all = await s.listAudits(tenant, {}, {});
    assert.equal(all.nextCursor, null);
    assert.equal(all.items.length, 7);
  });

  withStorage('listAudits rejects a cursor it did not make', async (s) => {
    await assert.rejects(s.listAudits(rid('la'), {}, { cursor: 'not-a-cursor' }));
  });

  withStorage('listAuditsForReport gives compact rows and applies every filter', async (s) => {
    const tenant = rid('la');
    const cycle = await s.createCycle(tenant, makeCycle());
    const done = makeAudit({
      cycleId: cycle.id, status: 'completed', completedAt: '2025-03-10T10:00:00.000Z', activeSeconds: 600, auditorRole: 'health',
      plan: { planType: 'annual-review', phase: 'secondary', primaryNeed: 'SEMH', settingType: 'special', teamRef: 'team-n', caseworkerRef: 'cw-9' },
      sections: { A: section('good'), B: section('requires-improvement') },
      overall: { grade: 'requires-improvement', meanPoints: 2, pointsGrade: 'requires-improvement', limitedBy: null, explanation: 'x' },
    });
    const open = makeAudit({ sections: { A: section(null) } });
    await s.createAudit(tenant, done);
    await s.createAudit(tenant, open);
    const rows = await s.listAuditsForReport(tenant, {});
    assert.deepEqual(rows.find((r) => r.id === done.id), toReportRow(done));
    assert.deepEqual(rows.find((r) => r.id === open.id), toReportRow(open));
    const only = async (filter: Parameters<QaStorage['listAuditsForReport']>[1]) => (await s.listAuditsForReport(tenant, filter)).map((r) => r.id);
    const filters: Parameters<QaStorage['listAuditsForReport']>[1][] = [
      { cycleId: cycle.id }, { status: 'completed' }, { planType: 'annual-review' }, { phase: 'secondary' }, { primaryNeed: 'SEMH' },
      { settingType: 'special' }, { teamRef: 'team-n' }, { caseworkerRef: 'cw-9' }, { auditorRole: 'health' }, { auditorId: done.auditorId },
      { completedFrom: '2025-03-01' }, { completedTo: '2025-04-01' }, { completedFrom: '2025-03-10T10:00:00.000Z', completedTo: '2025-03-10T10:00:00.001Z' },
    ];
    for (const filter of filters) assert.deepEqual(await only(filter), [done.id], JSON.stringify(filter));
    assert.deepEqual(await only({ status: 'in-progress' }), [open.id]);
    assert.deepEqual(await only({ completedFrom: '2025-03-11' }), []);
    assert.deepEqual(await only({ completedTo: '2025-03-10' }), []);
    assert.deepEqual(await only({ frameworkId: 'ehcp-plan', frameworkVersion: '9.9.9' }), []);
  });

  if (options.capabilities?.summarizeAudits) {
    withStorage('summarizeAudits (claimed capability) agrees with the rows', async (s) => {
      assert.equal(typeof s.summarizeAudits, 'function', 'the backend claims summarizeAudits but has none');
      const tenant = rid('la');
      const grades = ['good', 'good', 'inadequate', null] as const;
      for (const g of grades) {
        await s.createAudit(tenant, makeAudit({
          status: g ? 'completed' : 'in-progress',
          sections: { A: section(g), B: section('good') },
          overall: g ? { grade: g, meanPoints: 1, pointsGrade: g, limitedBy: null, explanation: 'x' } : null,
        }));
      }
      await s.createAudit(rid('other'), makeAudit({ status: 'completed', sections: { A: section('good') } }));
      for (const filter of [{}, { status: 'completed' as const }]) {
        const rows = await s.listAuditsForReport(tenant, filter);
        assert.deepEqual(await s.summarizeAudits!(tenant, filter), summarizeRows(rows));
      }
      assert.deepEqual((await s.summarizeAudits!(tenant, {})).overall, { good: 2, inadequate: 1 });
    });
  }

  // ── cycles ──
  withStorage('cycles: create, get, list newest first', async (s) => {
    const tenant = rid('la');
    const older = makeCycle({ startDate: '2025-01-01', endDate: '2025-03-31' });
    const newer = makeCycle({ startDate: '2025-04-01', endDate: '2025-07-31', kpiTarget: { level: 'good', share: 0.8, by: '2025-07-31' } });
    await s.createCycle(tenant, older);
    assert.deepEqual(await s.createCycle(tenant, newer), newer);
    assert.deepEqual(await s.getCycle(tenant, newer.id), newer);
    assert.deepEqual(await s.listCycles(tenant), [newer, older]);
    assert.equal(await s.getCycle(tenant, randomUUID()), null);
    await assert.rejects(s.createCycle(tenant, { ...older, name: 'again' }));
  });

  // ── tenancy ──
  withStorage('tenant isolation: nothing of one tenant is visible or writable from another', async (s) => {
    const mine = rid('la');
    const theirs = rid('la');
    const cycle = await s.createCycle(mine, makeCycle());
    const audit = makeAudit({ cycleId: cycle.id, status: 'completed' });
    await s.createAudit(mine, audit);
    await s.putRecord(mine, 'notes', 'n1', { text: 'mine' });
    assert.equal(await s.getAudit(theirs, audit.id), null);
    assert.deepEqual((await s.listAudits(theirs, {}, {})).items, []);
    assert.deepEqual(await s.listAuditsForReport(theirs, {}), []);
    assert.deepEqual(await s.updateAudit(theirs, { ...audit, version: 2 }, 1), { ok: false, reason: 'not-found' });
    assert.equal(await s.getCycle(theirs, cycle.id), null);
    assert.deepEqual(await s.listCycles(theirs), []);
    assert.equal(await s.getRecord(theirs, 'notes', 'n1'), null);
    assert.deepEqual((await s.listRecords(theirs, 'notes')).items, []);
    assert.equal(await s.deleteRecord(theirs, 'notes', 'n1'), false);
    assert.deepEqual(await s.putRecord(theirs, 'notes', 'n1', { text: 'x' }, { expectedVersion: 1 }), { ok: false, reason: 'not-found' });
    // The same ids can exist in both tenants without touching each other.
    await s.createAudit(theirs, { ...audit, cycleId: null, planRef: 'THEIRS' });
    assert.equal((await s.getAudit(mine, audit.id))?.planRef, audit.planRef);
    assert.equal((await backdoorOf(s).readAudit(mine, audit.id))?.status, 'completed');
    if (s.summarizeAudits) assert.equal((await s.summarizeAudits(rid('la'), {})).audits, 0);
  });

  // ── record store ──
  withStorage('records: create only, update with version, upsert, conflicts', async (s) => {
    const tenant = rid('la');
    const id = rid('rec');
    const created = await s.putRecord(tenant, 'moderation-pairs', id, { status: 'open', n: 1 }, { expectedVersion: null });
    assert.ok(created.ok);
    assert.equal(created.value.version, 1);
    assert.deepEqual(await s.putRecord(tenant, 'moderation-pairs', id, { x: 1 }, { expectedVersion: null }), { ok: false, reason: 'conflict', currentVersion: 1 });
    const updated = await s.putRecord(tenant, 'moderation-pairs', id, { status: 'resolved', n: 2 }, { expectedVersion: 1 });
    assert.ok(updated.ok);
    assert.equal(updated.value.version, 2);
    assert.equal(updated.value.createdAt, created.value.createdAt);
    assert.deepEqual(await s.putRecord(tenant, 'moderation-pairs', id, { n: 3 }, { expectedVersion: 1 }), { ok: false, reason: 'conflict', currentVersion: 2 });
    assert.deepEqual(await s.putRecord(tenant, 'moderation-pairs', rid('missing'), { n: 3 }, { expectedVersion: 4 }), { ok: false, reason: 'not-found' });
    const upserted = await s.putRecord(tenant, 'moderation-pairs', id, { status: 'reopened' });
    assert.ok(upserted.ok);
    assert.equal(upserted.value.version, 3);
    const read = await s.getRecord(tenant, 'moderation-pairs', id);
    assert.deepEqual(read?.data, { status: 'reopened' });
    assert.deepEqual(await backdoorOf(s).readRecord?.(tenant, 'moderation-pairs', id), { version: 3, data: { status: 'reopened' } });
    assert.equal(await s.getRecord(tenant, 'other-collection', id), null);
    assert.equal(await s.deleteRecord(tenant, 'moderation-pairs', id), true);
    assert.equal(await s.getRecord(tenant, 'moderation-pairs', id), null);
    assert.equal(await s.deleteRecord(tenant, 'moderation-pairs', id), false);
  });

  withStorage('records: two writers with the same version, one wins', async (s) => {
    const tenant = rid('la');
    await s.putRecord(tenant, 'things', 't1', { v: 0 });
    const results = await Promise.all([
      s.putRecord(tenant, 'things', 't1', { v: 1 }, { expectedVersion: 1 }),
      s.putRecord(tenant, 'things', 't1', { v: 2 }, { expectedVersion: 1 }),
    ]);
    assert.equal(results.filter((r) => r.ok).length, 1);
    const winner = results[0]!.ok ? 1 : 2;
    assert.deepEqual((await s.getRecord(tenant, 'things', 't1'))?.data, { v: winner });
  });

  withStorage('records: list filters by top-level fields and pages oldest first', async (s) => {
    const tenant = rid('la');
    const docs = [
      { id: 'r1', data: { status: 'open', score: 1, flag: true, note: null } },
      { id: 'r2', data: { status: 'open', score: 2, flag: false } },
      { id: 'r3', data: { status: 'closed', score: 1, flag: true, note: 'x' } },
      { id: 'r4', data: { status: 'open', score: 1, flag: true, nested: { status: 'closed' } } },
      { id: 'r5', data: { status: '1', score: '1' } },
    ];
    for (const d of docs) await s.putRecord(tenant, 'items', d.id, d.data);
    await s.putRecord(tenant, 'elsewhere', 'r9', { status: 'open' });
    const ids = async (where: Record<string, string | number | boolean | null>) =>
      (await s.listRecords(tenant, 'items', { where })).items.map((r) => r.id);
    assert.deepEqual(await ids({}), ['r1', 'r2', 'r3', 'r4', 'r5']);
    assert.deepEqual(await ids({ status: 'open' }), ['r1', 'r2', 'r4']);
    assert.deepEqual(await ids({ status: 'open', score: 1 }), ['r1', 'r4']);
    assert.deepEqual(await ids({ score: 1 }), ['r1', 'r3', 'r4']);
    assert.deepEqual(await ids({ score: '1' }), ['r5']);
    assert.deepEqual(await ids({ flag: false }), ['r2']);
    assert.deepEqual(await ids({ flag: true, status: 'closed' }), ['r3']);
    assert.deepEqual(await ids({ note: null }), ['r1']);
    const first = await s.listRecords(tenant, 'items', { limit: 2 });
    assert.deepEqual(first.items.map((r) => r.id), ['r1', 'r2']);
    assert.ok(first.nextCursor);
    const second = await s.listRecords(tenant, 'items', { limit: 2, cursor: first.nextCursor });
    assert.deepEqual(second.items.map((r) => r.id), ['r3', 'r4']);
    const third = await s.listRecords(tenant, 'items', { limit: 2, cursor: second.nextCursor! });
    assert.deepEqual(third.items.map((r) => r.id), ['r5']);
    assert.equal(third.nextCursor, null);
  });

  // ── writeBatch: several writes, all or nothing, with unique keys ──
  withStorage('writeBatch creates audits and records together', async (s) => {
    const tenant = rid('la');
    const audit = makeAudit();
    const result = await s.writeBatch(tenant, {
      createAudits: [audit],
      records: [{ collection: 'pairs', id: 'p1', data: { auditId: audit.id }, expectedVersion: null, unique: ['open:a1:u1'] }],
    });
    assert.ok(result.ok);
    assert.deepEqual(result.audits, [audit]);
    assert.equal(result.records[0]!.version, 1);
    assert.deepEqual(await s.getAudit(tenant, audit.id), audit);
    assert.deepEqual((await backdoorOf(s).readRecord?.(tenant, 'pairs', 'p1'))?.data, { auditId: audit.id });
  });

  withStorage('writeBatch: a unique key held by another record refuses the whole batch, and writes nothing', async (s) => {
    const tenant = rid('la');
    assert.ok((await s.writeBatch(tenant, { records: [{ collection: 'pairs', id: 'p1', data: { n: 1 }, unique: ['open:a1:u1'] }] })).ok);
    const audit = makeAudit();
    const refused = await s.writeBatch(tenant, {
      createAudits: [audit],
      records: [
        { collection: 'pairs', id: 'p2', data: { n: 2 }, unique: ['open:a2:u1'] },
        { collection: 'pairs', id: 'p3', data: { n: 3 }, unique: ['open:a1:u1'] },
      ],
    });
    assert.deepEqual(refused, { ok: false, reason: 'duplicate-key', collection: 'pairs', id: 'p3', key: 'open:a1:u1' });
    assert.equal(await s.getAudit(tenant, audit.id), null, 'the audit of a refused batch is not created');
    assert.equal(await s.getRecord(tenant, 'pairs', 'p2'), null, 'nor its other records');
    assert.equal((await backdoorOf(s).readAudit(tenant, audit.id)), null);
    // Two records of one batch cannot claim the same key either.
    const twice = await s.writeBatch(tenant, { records: [
      { collection: 'pairs', id: 'p4', data: {}, unique: ['k'] }, { collection: 'pairs', id: 'p5', data: {}, unique: ['k'] },
    ] });
    assert.equal(twice.ok, false);
    assert.equal(await s.getRecord(tenant, 'pairs', 'p4'), null);
    // Keys are per tenant and per collection.
    assert.ok((await s.writeBatch(rid('la'), { records: [{ collection: 'pairs', id: 'p9', data: {}, unique: ['open:a1:u1'] }] })).ok);
    assert.ok((await s.writeBatch(tenant, { records: [{ collection: 'other-pairs', id: 'p9', data: {}, unique: ['open:a1:u1'] }] })).ok);
  });

  withStorage('writeBatch: keys are replaced when given, kept when absent, released on [] and on delete', async (s) => {
    const tenant = rid('la');
    const claim = (id: string, key: string) => s.writeBatch(tenant, { records: [{ collection: 'pairs', id, data: { id }, unique: [key] }] });
    assert.ok((await claim('p1', 'k1')).ok);
    // An update without `unique` keeps the key.
    assert.ok((await s.writeBatch(tenant, { records: [{ collection: 'pairs', id: 'p1', data: { note: 'x' }, expectedVersion: 1 }] })).ok);
    assert.equal((await claim('p2', 'k1')).ok, false);
    // Re-claiming its own key is fine; releasing it with [] frees it for another record.
    assert.ok((await s.writeBatch(tenant, { records: [{ collection: 'pairs', id: 'p1', data: { id: 'p1' }, unique: ['k1', 'k2'] }] })).ok);
    assert.ok((await s.writeBatch(tenant, { records: [{ collection: 'pairs', id: 'p1', data: { cancelled: true }, expectedVersion: 3, unique: [] }] })).ok);
    assert.ok((await claim('p2', 'k1')).ok);
    assert.equal(await s.deleteRecord(tenant, 'pairs', 'p2'), true);
    assert.ok((await claim('p3', 'k1')).ok, 'deleting a record releases its keys');
    // Versions are checked as in putRecord.
    assert.deepEqual(await s.writeBatch(tenant, { records: [{ collection: 'pairs', id: 'p3', data: {}, expectedVersion: 7 }] }),
      { ok: false, reason: 'conflict', collection: 'pairs', id: 'p3', currentVersion: 1 });
    assert.deepEqual(await s.writeBatch(tenant, { records: [{ collection: 'pairs', id: 'nope', data: {}, expectedVersion: 1 }] }),
      { ok: false, reason: 'not-found', collection: 'pairs', id: 'nope' });
    await assert.rejects(s.writeBatch(tenant, { records: [{ collection: 'pairs', id: 'p4', data: {}, unique: [''] }] }));
  });

  withStorage('writeBatch: ten concurrent batches claiming one unique key, exactly one wins', async (s) => {
    const tenant = rid('la');
    const audits = Array.from({ length: 10 }, () => makeAudit());
    const results = await Promise.all(audits.map((audit, i) => s.writeBatch(tenant, {
      createAudits: [audit],
      records: [{ collection: 'pairs', id: `p${i}`, data: { auditId: audit.id }, expectedVersion: null, unique: ['open:first-1:auditor-2'] }],
    })));
    assert.equal(results.filter((r) => r.ok).length, 1);
    assert.equal((await s.listRecords(tenant, 'pairs')).items.length, 1);
    assert.equal((await s.listAudits(tenant, {}, {})).items.length, 1, 'no audit is left behind by a losing batch');
  });

  withStorage('writeBatch: a duplicate audit id throws and writes nothing', async (s) => {
    const tenant = rid('la');
    const audit = makeAudit();
    await s.createAudit(tenant, audit);
    await assert.rejects(s.writeBatch(tenant, { createAudits: [makeAudit(), audit], records: [{ collection: 'pairs', id: 'p1', data: {} }] }));
    assert.equal(await s.getRecord(tenant, 'pairs', 'p1'), null);
    assert.equal((await s.listAudits(tenant, {}, {})).items.length, 1);
  });

  // ── writeBatch: audit updates, cycles, and the audit trail in the same transaction ──
  const entry = (auditId: string | null, operation: string, extra: Partial<TrailInput> = {}): TrailInput => ({
    actor: 'u-1', operation, subjectType: 'audit', subjectId: auditId ?? 'none', auditId, beforeVersion: null, afterVersion: 1, details: { grade: 'good', criteriaMet: ['A.good.one'] }, ...extra,
  });

  withStorage('writeBatch: updates audits and creates cycles with their trail entries, chained by hash', async (s) => {
    const tenant = rid('la');
    const audit = makeAudit();
    const cycle = makeCycle();
    const first = await s.writeBatch(tenant, { createAudits: [audit], createCycles: [cycle], trail: [entry(audit.id, 'audit.created'), entry(null, 'cycle.created', { subjectType: 'cycle', subjectId: cycle.id })] });
    assert.ok(first.ok);
    assert.deepEqual(first.cycles, [cycle]);
    assert.deepEqual(first.trail.map((e) => [e.seq, e.operation]), [[1, 'audit.created'], [2, 'cycle.created']]);
    assert.equal(first.trail[0]!.prevHash, GENESIS_HASH);
    assert.equal(first.trail[1]!.prevHash, first.trail[0]!.hash);
    assert.match(first.trail[1]!.hash, /^[0-9a-f]{64}$/);
    assert.deepEqual(await s.getCycle(tenant, cycle.id), cycle);
    const next = { ...audit, activeSeconds: 30, version: 2 };
    const updated = await s.writeBatch(tenant, { updateAudits: [{ next, expectedVersion: 1 }], trail: [entry(audit.id, 'audit.section-saved', { beforeVersion: 1, afterVersion: 2 })] });
    assert.ok(updated.ok);
    assert.equal(updated.updatedAudits[0]!.version, 2);
    assert.equal((await s.getAudit(tenant, audit.id))?.activeSeconds, 30);
    // A stale version refuses the whole batch: no audit change, no record, no trail entry.
    const stale = await s.writeBatch(tenant, {
      updateAudits: [{ next: { ...audit, activeSeconds: 99, version: 2 }, expectedVersion: 1 }],
      records: [{ collection: 'notes', id: 'n1', data: {} }], trail: [entry(audit.id, 'audit.section-saved')],
    });
    assert.deepEqual(stale, { ok: false, reason: 'conflict', collection: 'audits', id: audit.id, currentVersion: 2 });
    assert.deepEqual(await s.writeBatch(tenant, { updateAudits: [{ next: makeAudit(), expectedVersion: 1 }] }).then((r) => (r.ok ? 'ok' : r.reason)), 'not-found');
    assert.equal(await s.getRecord(tenant, 'notes', 'n1'), null);
    assert.equal((await s.getAudit(tenant, audit.id))?.activeSeconds, 30);
    const trail = await s.listAuditTrail(tenant, {}, {});
    assert.deepEqual(trail.items.map((e) => e.seq), [1, 2, 3]);
    assert.deepEqual(trail.items[0]!.details, { grade: 'good', criteriaMet: ['A.good.one'] });
    assert.deepEqual(await verifyAuditTrail(s, tenant), { ok: true, entries: 3, head: trail.items[2]!.hash, tombstones: 0, firstBroken: null });
    // A refused unique key writes no trail entry either.
    await s.writeBatch(tenant, { records: [{ collection: 'pairs', id: 'p1', data: {}, unique: ['k'] }], trail: [entry(null, 'x')] });
    await s.writeBatch(tenant, { records: [{ collection: 'pairs', id: 'p2', data: {}, unique: ['k'] }], trail: [entry(null, 'y')] });
    assert.deepEqual((await s.listAuditTrail(tenant, {}, {})).items.map((e) => e.operation), ['audit.created', 'cycle.created', 'audit.section-saved', 'x']);
  });

  withStorage('audit trail: filters by audit, actor and time, pages by seq, and keeps tenants apart', async (s) => {
    const tenant = rid('la');
    const [a1, a2] = [makeAudit(), makeAudit()];
    await s.writeBatch(tenant, { createAudits: [a1, a2], trail: [entry(a1.id, 'audit.created'), entry(a2.id, 'audit.created', { actor: 'u-2' })] });
    for (let i = 0; i < 3; i++) await s.writeBatch(tenant, { trail: [entry(a1.id, 'audit.section-saved')] });
    assert.deepEqual((await s.listAuditTrail(tenant, { auditId: a2.id }, {})).items.map((e) => e.seq), [2]);
    assert.deepEqual((await s.listAuditTrail(tenant, { actor: 'u-2' }, {})).items.map((e) => e.seq), [2]);
    assert.equal((await s.listAuditTrail(tenant, { auditId: a1.id }, {})).items.length, 4);
    assert.equal((await s.listAuditTrail(tenant, { from: '2000-01-01', to: '2999-01-01' }, {})).items.length, 5);
    assert.equal((await s.listAuditTrail(tenant, { to: '2000-01-01' }, {})).items.length, 0);
    const page1 = await s.listAuditTrail(tenant, {}, { limit: 2 });
    const page2 = await s.listAuditTrail(tenant, {}, { limit: 2, cursor: page1.nextCursor! });
    const page3 = await s.listAuditTrail(tenant, {}, { limit: 2, cursor: page2.nextCursor! });
    assert.deepEqual([...page1.items, ...page2.items, ...page3.items].map((e) => e.seq), [1, 2, 3, 4, 5]);
    assert.equal(page3.nextCursor, null);
    await assert.rejects(s.listAuditTrail(tenant, {}, { cursor: 'nonsense' }));
    const other = rid('la');
    assert.deepEqual((await s.listAuditTrail(other, {}, {})).items, []);
    const theirs = await s.writeBatch(other, { trail: [entry(null, 'cycle.created')] });
    assert.ok(theirs.ok);
    assert.equal(theirs.trail[0]!.seq, 1, 'each tenant has its own chain');
    assert.equal(theirs.trail[0]!.prevHash, GENESIS_HASH);
  });

  withStorage('audit trail: ten concurrent writers give ten entries, 1 to 10, and a chain that verifies', async (s) => {
    const tenant = rid('la');
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => s.writeBatch(tenant, { createAudits: [makeAudit()], trail: [entry(null, `op-${i}`)] })));
    assert.ok(results.every((r) => r.ok));
    assert.deepEqual((await s.listAuditTrail(tenant, {}, {})).items.map((e) => e.seq), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.equal((await verifyAuditTrail(s, tenant)).ok, true);
  });

  withStorage('writeBatch: erasing a plan deletes its audits and records and leaves tombstones that keep the chain valid', async (s) => {
    const tenant = rid('la');
    const [gone, kept] = [makeAudit({ planRef: 'PLAN-ERASE' }), makeAudit({ planRef: 'PLAN-KEEP' })];
    await s.writeBatch(tenant, { createAudits: [gone], records: [{ collection: 'pairs', id: 'p1', data: { firstAuditId: gone.id }, unique: ['open:x'] }], trail: [entry(gone.id, 'audit.created', { details: { planRef: 'PLAN-ERASE' } })] });
    await s.writeBatch(tenant, { createAudits: [kept], trail: [entry(kept.id, 'audit.created')] });
    await s.writeBatch(tenant, { trail: [entry(gone.id, 'audit.section-saved')] });
    const erased = await s.writeBatch(tenant, {
      deleteAudits: [gone.id], deleteRecords: [{ collection: 'pairs', id: 'p1' }], tombstoneTrail: [1, 3],
      trail: [{ actor: 'admin-1', operation: 'plan.erased', subjectType: 'plan', subjectId: 'erasure-1', auditId: null, beforeVersion: null, afterVersion: null, details: { tombstoned: ['1', '3'], audits: 1 } }],
    });
    assert.ok(erased.ok);
    assert.equal(await s.getAudit(tenant, gone.id), null);
    assert.equal((await backdoorOf(s).readAudit(tenant, gone.id)), null);
    assert.ok(await s.getAudit(tenant, kept.id));
    assert.equal(await s.getRecord(tenant, 'pairs', 'p1'), null);
    assert.ok((await s.writeBatch(tenant, { records: [{ collection: 'pairs', id: 'p2', data: {}, unique: ['open:x'] }] })).ok, 'its keys are released');
    const items = (await s.listAuditTrail(tenant, {}, {})).items;
    assert.deepEqual(items.map((e) => [e.seq, e.operation, e.tombstone === true]), [[1, 'tombstone', true], [2, 'audit.created', false], [3, 'tombstone', true], [4, 'plan.erased', false]]);
    assert.deepEqual([items[0]!.actor, items[0]!.auditId, items[0]!.details], ['', null, {}], 'nothing of the erased entry is left but its place in the chain');
    assert.ok(!JSON.stringify(items).includes('PLAN-ERASE'));
    assert.deepEqual((await s.listAuditTrail(tenant, { auditId: gone.id }, {})).items, []);
    const verified = await verifyAuditTrail(s, tenant);
    assert.deepEqual([verified.ok, verified.entries, verified.tombstones], [true, 4, 2]);
  });

  if (options.backdoor) {
    withStorage('audit trail: an entry changed behind the storage\'s back is found by verification', async (s) => {
      const tamper = backdoorOf(s).tamperTrail;
      assert.ok(tamper, 'the backdoor can change a trail entry');
      const tenant = rid('la');
      for (const grade of ['good', 'good', 'inadequate', 'good']) await s.writeBatch(tenant, { trail: [entry('a-1', 'audit.section-saved', { details: { grade } })] });
      assert.equal((await verifyAuditTrail(s, tenant)).ok, true);
      await tamper(tenant, 3, { details: { grade: 'good' } });
      assert.deepEqual((await verifyAuditTrail(s, tenant)).firstBroken, { seq: 3, expectedSeq: 3, reason: 'hash-mismatch' });
      // Recomputing that entry's hash does not help: the next entry no longer points to it.
      const [third] = (await s.listAuditTrail(tenant, {}, { limit: 1, cursor: (await s.listAuditTrail(tenant, {}, { limit: 2 })).nextCursor! })).items;
      const { trailHash } = await import('../storage/trail.js');
      const { hash: _h, ...rest } = third!;
      await tamper(tenant, 3, { hash: trailHash(tenant, rest) });
      assert.deepEqual((await verifyAuditTrail(s, tenant)).firstBroken, { seq: 4, expectedSeq: 4, reason: 'prev-hash-mismatch' });
      // Turning an entry into a tombstone without an erasure entry owning it is found too.
      const other = rid('la');
      for (let i = 0; i < 3; i++) await s.writeBatch(other, { trail: [entry('a-2', 'audit.section-saved')] });
      await tamper(other, 2, { tombstone: true });
      assert.deepEqual((await verifyAuditTrail(s, other)).firstBroken, { seq: 2, expectedSeq: 2, reason: 'unexplained-tombstone' });
    });
  }

  withStorage('records: refuses collection, id and field names outside the patterns', async (s) => {
    const tenant = rid('la');
    await assert.rejects(s.putRecord(tenant, 'Bad Name', 'x', {}));
    await assert.rejects(s.putRecord(tenant, 'ok', 'has space', {}));
    await assert.rejects(s.listRecords(tenant, 'ok', { where: { "x') OR 1=1 --": 'y' } }));
  });
}

// ── fixtures ──

const basePlan: Audit['plan'] = { planType: 'new', phase: 'primary', primaryNeed: 'ASD', settingType: 'mainstream' };

function rid(prefix: string): string {
  return `${prefix}-${randomUUID()}`;
}

/** Minutes after a fixed instant, as ISO date-time. */
function iso(minutes: number): string {
  return new Date(Date.UTC(2025, 0, 15, 9, 0, 0) + minutes * 60_000).toISOString();
}

function section(grade: string | null, comment: string | null = null): SectionRecord {
  return {
    criteriaMet: ['A.good.one'],
    grade,
    suggestedGrade: grade ?? 'requires-improvement',
    overrideReason: null,
    comment,
    savedAt: iso(1),
  };
}

function makeAudit(overrides: Partial<Audit> = {}): Audit {
  return {
    id: randomUUID(),
    frameworkId: 'ehcp-plan',
    frameworkVersion: '1.0.0',
    planRef: rid('PLAN'),
    cycleId: null,
    auditorId: rid('aud'),
    auditorRole: 'send-caseworker',
    plan: { ...basePlan },
    status: 'in-progress',
    version: 1,
    sections: {},
    overall: null,
    startedAt: iso(0),
    updatedAt: iso(0),
    completedAt: null,
    activeSeconds: 0,
    reopenings: [],
    ...overrides,
  };
}

function makeCycle(overrides: Partial<Cycle> = {}): Cycle {
  return {
    id: randomUUID(),
    name: 'Spring term',
    startDate: '2025-01-01',
    endDate: '2025-03-31',
    kpiTarget: null,
    createdAt: iso(0),
    ...overrides,
  };
}

function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}


/** The report conformance cases (push-down equals fallback equals the written audits); see docs/reports.md. */
export { runReportConformance, type ReportConformanceOptions } from '../reports/conformance.js';

/** The contribution conformance cases (advice contributors and "weakened by the advice"); see docs/reports.md. */
export { runContributionConformance, type ContributionConformanceOptions } from '../contributions/conformance.js';

/** The feedback conformance cases (single use, replays, revocation, expiry, anonymity); see docs/feedback.md. */
export { runFeedbackConformance, type FeedbackConformanceOptions } from '../feedback/conformance.js';
export { runPlanningConformance, type PlanningConformanceOptions } from '../planning/conformance.js';
