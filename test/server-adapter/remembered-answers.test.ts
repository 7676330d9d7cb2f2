// The adapter's remembered answers (server-adapter/read-cache.ts `RememberedAnswers`), its answers
// written from the read cache's JSON (getAudit, saves, listAudits pages via `listAuditVersions`) and
// the group commit's deferred rows (db.ts `deferRows`), over a real SQLite file through the adapter.
// A summary asked again while nothing was written is not computed again; every kind of write makes
// the next one fresh; one LA's remembered answer is never another's; and with a storage that does
// not own its writes nothing is remembered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ehcpPlanV1 } from 'ehcp-qa/criteria';
import { createSqliteStorage, type SqliteStorage } from 'ehcp-qa/storage/sqlite';
import { aggregateRows } from '../../server-adapter/reports/aggregate.js';
import type { Audit, TrailInput } from '../../server-adapter/storage/types.js';
import { verifyAuditTrail } from '../../server-adapter/storage/trail.js';
import { goodCriteria, gradeAll, harness, newAudit, type Harness, type Person } from './helpers.js';

/** The storage, counting the summary's aggregate reads; `ownsWrites` as given. */
function counted(storage: SqliteStorage, ownsWrites: boolean) {
  const calls = { reportAggregates: 0, listAudits: 0, listAuditVersions: 0 };
  const proxy = new Proxy(storage, {
    get(target, property) {
      if (property === 'ownsWrites') return ownsWrites;
      const value: unknown = Reflect.get(target, property);
      if (typeof value !== 'function') return value;
      if (typeof property === 'string' && property in calls) {
        return (...args: unknown[]) => {
          calls[property as keyof typeof calls]++;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
  return { storage: proxy, calls };
}

async function withFile(fn: (dir: string) => Promise<void>) {
  const dir = mkdtempSync(join(tmpdir(), 'ehcp-qa-answers-'));
  try {
    await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function completedAudit(h: Harness, who: Person, cycleId: string) {
  const created = await h.call(who, 'POST', '/audits', { body: newAudit({ cycleId }) });
  assert.equal(created.status, 201, await created.clone().text());
  const audit = await created.json();
  const v = await gradeAll(h, who, audit.id, audit.version);
  const done = await h.call(who, 'POST', `/audits/${audit.id}/complete`, { ifMatch: v });
  assert.equal(done.status, 200, await done.clone().text());
  return done.json();
}

async function cycle(h: Harness, who: Person, id: string) {
  const res = await h.call(who, 'POST', '/cycles', { body: { name: `Cycle ${id}`, startDate: '2026-01-05', endDate: '2026-03-27' } });
  assert.equal(res.status, 201, await res.clone().text());
  return (await res.json()).id as string;
}

test('remembered summary: asked again while nothing is written it is not computed again; each kind of write makes the next one fresh', async () => {
  await withFile(async (dir) => {
    const raw = await createSqliteStorage({ filename: join(dir, 'qa.sqlite') });
    const { storage, calls } = counted(raw, true);
    const h = await harness({ storage });
    try {
      const cycleId = await cycle(h, h.la.manager, 'one');
      const first = await completedAudit(h, h.la.auditor, cycleId);
      const summary = async () => {
        const res = await h.call(h.la.manager, 'GET', `/reports/summary?cycleId=${cycleId}`);
        assert.equal(res.status, 200, await res.clone().text());
        assert.equal(res.headers.get('cache-control'), 'no-store');
        return res.json();
      };
      const a = await summary();
      const computed = calls.reportAggregates;
      assert.ok(computed > 0);
      const b = await summary();
      assert.equal(calls.reportAggregates, computed, 'the same question with nothing written: answered from memory');
      assert.deepEqual(b, a);
      assert.equal(a.figures.audits, 1);

      // Each kind of write: the next summary is computed again and shows it.
      const writes: [string, () => Promise<void>, (body: any) => void][] = [
        ['a new audit (in progress: not counted)', async () => {
          assert.equal((await h.call(h.la.auditor, 'POST', '/audits', { body: newAudit({ cycleId }) })).status, 201);
        }, (body) => assert.equal(body.figures.audits, 1)],
        ['a completed audit', async () => { await completedAudit(h, h.la.auditor, cycleId); }, (body) => assert.equal(body.figures.audits, 2)],
        ['the narrative', async () => {
          assert.equal((await h.call(h.la.manager, 'PUT', `/cycles/${cycleId}/narrative`, { body: { context: 'Monthly panel.', recommendations: {} }, ifMatch: 0 })).status, 200);
        }, (body) => assert.equal(body.narrative.context, 'Monthly panel.')],
        ['a reopening', async () => {
          assert.equal((await h.call(h.la.admin, 'POST', `/audits/${first.id}/reopen`, { body: { reason: 'Wrong plan attached.' }, ifMatch: first.version })).status, 200);
        }, (body) => assert.equal(body.figures.audits, 1)],
        ['a section saved on the reopened audit, then completed again', async () => {
          const saved = await h.call(h.la.auditor, 'PUT', `/audits/${first.id}/sections/A`, { ifMatch: first.version + 1, body: { criteriaMet: [], grade: 'inadequate', overrideReason: 'Nothing in the plan meets the criteria.' } });
          assert.equal(saved.status, 200, await saved.clone().text());
          assert.equal((await h.call(h.la.auditor, 'POST', `/audits/${first.id}/complete`, { ifMatch: first.version + 2 })).status, 200);
        }, (body) => {
          assert.equal(body.figures.audits, 2);
          const a = body.figures.sections.find((s: { sectionId: string }) => s.sectionId === 'A');
          assert.equal(a.grades.find((g: { grade: string }) => g.grade === 'inadequate').count, 1);
        }],
        ['a write behind the routes, through the same storage', async () => {
          const stored = (await raw.getAudit(h.la.auditor.tenant, first.id))!;
          assert.ok((await raw.updateAudit(h.la.auditor.tenant, { ...stored, status: 'in-progress', completedAt: null, overall: null, version: stored.version + 1 }, stored.version)).ok);
        }, (body) => assert.equal(body.figures.audits, 1)],
      ];
      for (const [what, write, check] of writes) {
        await summary();
        const before = calls.reportAggregates;
        await write();
        const body = await summary();
        assert.ok(calls.reportAggregates > before, `computed again after ${what}`);
        check(body);
        const after = calls.reportAggregates;
        assert.deepEqual(await summary(), body);
        assert.equal(calls.reportAggregates, after, `remembered again after ${what}`);
      }
    } finally {
      await h.close();
    }
  });
});

test('remembered summary: one LA never gets another\'s, an auditor gets their own, and roles are checked on every request', async () => {
  await withFile(async (dir) => {
    const raw = await createSqliteStorage({ filename: join(dir, 'qa.sqlite') });
    const { storage } = counted(raw, true);
    const h = await harness({ storage });
    try {
      const mine = await cycle(h, h.la.manager, 'mine');
      const theirs = await cycle(h, h.other.manager, 'theirs');
      await completedAudit(h, h.la.auditor, mine);
      await completedAudit(h, h.la.auditor2, mine);
      const ours = await (await h.call(h.la.manager, 'GET', `/reports/summary?cycleId=${mine}`)).json();
      assert.equal(ours.figures.audits, 2);
      // The other LA asks the very same question (same path): their own data, or 404 for our cycle.
      assert.equal((await h.call(h.other.manager, 'GET', `/reports/summary?cycleId=${mine}`)).status, 404);
      const other = await (await h.call(h.other.manager, 'GET', `/reports/summary?cycleId=${theirs}`)).json();
      assert.equal(other.figures.audits, 0);
      assert.equal((await h.call(h.other.manager, 'GET', '/reports/summary')).status, 200);
      assert.equal((await (await h.call(h.other.manager, 'GET', '/reports/summary')).json()).figures.audits, 0);
      assert.equal((await (await h.call(h.la.manager, 'GET', '/reports/summary')).json()).figures.audits, 2);
      // An auditor asking the manager's question gets their own audits only, not the remembered answer.
      const own = await (await h.call(h.la.auditor, 'GET', `/reports/summary?cycleId=${mine}`)).json();
      assert.equal(own.figures.audits, 1);
      // Roles are still checked on a remembered answer.
      assert.equal((await h.call(h.la.caseworker, 'GET', `/reports/summary?cycleId=${mine}`)).status, 403);
    } finally {
      await h.close();
    }
  });
});

test('remembered summary and listAudits from the cache: off when the storage does not own its writes', async () => {
  await withFile(async (dir) => {
    const file = join(dir, 'qa.sqlite');
    for (const owns of [true, false]) {
      const raw = await createSqliteStorage({ filename: file });
      const { storage, calls } = counted(raw, owns);
      const h = await harness({ storage });
      try {
        const cycleId = await cycle(h, h.la.manager, `c-${owns}`);
        await completedAudit(h, h.la.auditor, cycleId);
        for (let i = 0; i < 3; i++) assert.equal((await h.call(h.la.manager, 'GET', `/reports/summary?cycleId=${cycleId}`)).status, 200);
        // Remembered: computed once. Not owned: computed every time.
        assert.equal(calls.reportAggregates, owns ? 1 : 3, `ownsWrites ${owns}`);
        for (let i = 0; i < 2; i++) assert.equal((await h.call(h.la.manager, 'GET', `/audits?cycleId=${cycleId}`)).status, 200);
        // With the read cache the page is listed by ids and versions; without it, read whole.
        assert.deepEqual([calls.listAuditVersions > 0, calls.listAudits], owns ? [true, 0] : [false, 2], `ownsWrites ${owns}`);
      } finally {
        await h.close();
      }
    }
  });
});

test('listAudits from the read cache: the same pages, bodies and cursors as read from the file, and a save is seen at once', async () => {
  await withFile(async (dir) => {
    const file = join(dir, 'qa.sqlite');
    const cachedStorage = await createSqliteStorage({ filename: file });
    const cached = await harness({ storage: cachedStorage });
    try {
      const plainStorage = await createSqliteStorage({ filename: file, sharedFile: true });
      const plain = await harness({ storage: plainStorage });
      plain.la = cached.la; // the same people (tenant) on both
      const cycleId = await cycle(cached, cached.la.manager, 'list');
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await cached.call(cached.la.auditor, 'POST', '/audits', { body: newAudit({ cycleId }) });
        ids.push((await res.json()).id);
      }
      const pages = async (h: Harness) => {
        const texts: string[] = [];
        let cursor: string | null = null;
        do {
          const res: Response = await h.call(h.la.manager, 'GET', `/audits?cycleId=${cycleId}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
          assert.equal(res.status, 200);
          assert.equal(res.headers.get('cache-control'), 'no-store');
          const text = await res.text();
          texts.push(text);
          cursor = JSON.parse(text).nextCursor;
        } while (cursor);
        return texts;
      };
      // Warm the cache with two of the audits, then list: some items from memory, some read.
      await cached.call(cached.la.manager, 'GET', `/audits/${ids[1]}`);
      await cached.call(cached.la.manager, 'GET', `/audits/${ids[3]}`);
      const fromCache = await pages(cached);
      assert.equal(fromCache.length, 3);
      assert.deepEqual(fromCache.map((t) => JSON.parse(t)), (await pages(plain)).map((t) => JSON.parse(t)));
      // A save through the adapter: the next page shows it.
      const saved = await cached.call(cached.la.auditor, 'PUT', `/audits/${ids[4]}/sections/A`, { ifMatch: 1, body: { criteriaMet: goodCriteria('A'), grade: 'good' } });
      assert.equal(saved.status, 200);
      const savedBody = await saved.json();
      const first = JSON.parse((await pages(cached))[0]!);
      const item = first.items.find((a: Audit) => a.id === ids[4]);
      assert.deepEqual(item, savedBody);
      assert.equal(item.version, 2);
      await plainStorage.close();
    } finally {
      await cached.close();
    }
  });
});

test('save answers written from the cache equal the audit read afterwards, with or without the cache', async () => {
  for (const readCache of [undefined, false] as const) {
    const h = await harness(readCache === false ? { readCache } : {});
    try {
      const created = await (await h.call(h.la.auditor, 'POST', '/audits', { body: newAudit() })).json();
      let version = created.version;
      for (const section of ehcpPlanV1.sections.slice(0, 3)) {
        const res = await h.call(h.la.auditor, 'PUT', `/audits/${created.id}/sections/${section.id}`, { ifMatch: version, body: { criteriaMet: goodCriteria(section.id), grade: 'good', comment: `about ${section.id}` } });
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('etag'), `"${version + 1}"`);
        assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
        const answered = await res.json();
        version = answered.version;
        assert.deepEqual(await (await h.call(h.la.auditor, 'GET', `/audits/${created.id}`)).json(), answered);
      }
    } finally {
      await h.close();
    }
  }
});

// ── group commit: deferred rows ────────────────────────────────────────────────

const tenant = 'la-deferred';
function audit(id: string, version = 1, grade = 'good'): Audit {
  const section = (g: string) => ({ criteriaMet: [], grade: g, suggestedGrade: 'good', overrideReason: null, comment: null, savedAt: '2026-01-01T00:00:00.000Z' });
  return {
    id, frameworkId: 'ehcp-plan', frameworkVersion: '1.0.0', planRef: `PLAN-${id}`, cycleId: null, auditorId: 'aud-1', auditorRole: 'health',
    plan: { planType: 'new', phase: 'primary', primaryNeed: 'ASD', settingType: 'mainstream' }, status: 'in-progress', version,
    sections: { A: section(grade), B: section('good') }, overall: null,
    startedAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', completedAt: null, activeSeconds: 0, reopenings: [],
  };
}
const entry = (id: string, before: number): TrailInput => ({ actor: 'aud-1', operation: 'audit.section-saved', subjectType: 'audit', subjectId: id, auditId: id, beforeVersion: before, afterVersion: before + 1, details: {} });

test('group commit with deferred rows: successive saves of one section in one group, a save then a delete, and the report counts', async () => {
  await withFile(async (dir) => {
    const storage = await createSqliteStorage({ filename: join(dir, 'qa.sqlite') });
    try {
      await Promise.all(['x', 'y', 'z'].map((id) => storage.createAudit(tenant, audit(id))));
      // Queued together: one group. x is saved three times (versions 1→2→3→4), y saved then deleted, z completed.
      const results = await Promise.all([
        storage.writeBatch(tenant, { updateAudits: [{ next: audit('x', 2, 'requires-improvement'), expectedVersion: 1, changedSections: ['A'] }], trail: [entry('x', 1)] }),
        storage.writeBatch(tenant, { updateAudits: [{ next: audit('y', 2, 'inadequate'), expectedVersion: 1, changedSections: ['A'] }], trail: [entry('y', 1)] }),
        storage.writeBatch(tenant, { updateAudits: [{ next: audit('x', 3, 'inadequate'), expectedVersion: 2, changedSections: ['A'] }], trail: [entry('x', 2)] }),
        storage.writeBatch(tenant, { deleteAudits: ['y'], trail: [entry('y', 2)] }),
        storage.writeBatch(tenant, { updateAudits: [{ next: { ...audit('z', 2, 'outstanding'), status: 'completed', completedAt: '2026-02-01T00:00:00.000Z', overall: { grade: 'good', rule: 'x' } as unknown as Audit['overall'] }, expectedVersion: 1, changedSections: ['A'] }], trail: [entry('z', 1)] }),
        storage.writeBatch(tenant, { updateAudits: [{ next: audit('x', 4, 'outstanding'), expectedVersion: 3, changedSections: ['A'] }], trail: [entry('x', 3)] }),
      ]);
      assert.ok(results.every((r) => r.ok), JSON.stringify(results.filter((r) => !r.ok)));
      assert.equal((await storage.getAudit(tenant, 'x'))!.sections.A!.grade, 'outstanding');
      assert.equal((await storage.getAudit(tenant, 'x'))!.version, 4);
      assert.equal(await storage.getAudit(tenant, 'y'), null);
      assert.equal((await storage.db.all(`SELECT 1 FROM audit_sections WHERE tenant = ? AND audit_id = 'y'`, [tenant])).length, 0);
      // The trigger-kept report counts equal the counts from the rows.
      for (const filter of [{}, { status: 'completed' as const }, { status: 'in-progress' as const }]) {
        const fromTables = await storage.reportAggregates!(tenant, filter);
        const fromRows = aggregateRows(await storage.listAuditsForReport(tenant, filter));
        assert.deepEqual({ ...fromTables, medianActiveSeconds: null }, { ...fromRows, medianActiveSeconds: null }, JSON.stringify(filter));
      }
      const trail = await verifyAuditTrail(storage, tenant);
      assert.equal(trail.ok, true);
      assert.equal(trail.entries, 6);
    } finally {
      await storage.close();
    }
  });
});
