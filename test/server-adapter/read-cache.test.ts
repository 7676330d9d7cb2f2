// The adapter's read cache of audits (server-adapter/read-cache.ts) over a real SQLite file:
// it is on by default for a storage that owns its writes and off otherwise; every write
// through the adapter is seen by the next read; it stays within its bounds; and a cached
// audit still goes through sign-in, role, ownership, tenancy and moderation blindness on
// every request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ehcpPlanV1 } from 'ehcp-qa/criteria';
import { createSqliteStorage } from 'ehcp-qa/storage/sqlite';
import { AuditReadCache, withReadCache } from '../../server-adapter/read-cache.js';
import type { Audit } from '../../server-adapter/schemas.js';
import { goodCriteria, harness, newAudit, problem, type Harness, type Person } from './helpers.js';

function sampleAudit(id: string, extra: Partial<Audit> = {}): Audit {
  return {
    id, frameworkId: ehcpPlanV1.id, frameworkVersion: ehcpPlanV1.version, planRef: `PLAN-${id}`, cycleId: null, auditorId: 'aud-x', auditorRole: 'health',
    plan: { planType: 'new', phase: 'primary', primaryNeed: 'ASD', settingType: 'mainstream' }, status: 'in-progress', version: 1,
    sections: { A: { criteriaMet: ['A.good.1'], grade: 'good', suggestedGrade: 'good', overrideReason: null, comment: `comment of ${id}`, savedAt: '2026-01-01T00:00:00.000Z' } },
    overall: null, startedAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', completedAt: null, activeSeconds: 0, reopenings: [], ...extra,
  };
}

async function createdAudit(h: Harness, who: Person, extra: Record<string, unknown> = {}, caseworkerRef?: string) {
  const res = await h.call(who, 'POST', '/audits', { body: newAudit(extra, caseworkerRef) });
  assert.equal(res.status, 201, await res.clone().text());
  return res.json();
}

test('read cache: on by default for a storage that owns its writes, off for one that does not, and the option decides', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ehcp-qa-cache-'));
  const owned = await createSqliteStorage({ filename: join(dir, 'owned.sqlite') });
  const shared = await createSqliteStorage({ filename: join(dir, 'shared.sqlite'), sharedFile: true });
  try {
    assert.equal(owned.ownsWrites, true);
    assert.equal(shared.ownsWrites, false);
    for (const [storage, options, cached] of [
      [owned, {}, true], [owned, { readCache: false as const }, false], [shared, {}, false], [shared, { readCache: { maxEntries: 10 } }, true],
    ] as const) {
      const h = await harness({ storage, ...options });
      const audit = await createdAudit(h, h.la.auditor);
      assert.equal((await h.call(h.la.auditor, 'GET', `/audits/${audit.id}`)).status, 200);
      // A change made behind the adapter's back (another process would do this): seen only without the cache.
      const stored = (await storage.getAudit(h.la.auditor.tenant, audit.id))!;
      const behind = await storage.updateAudit(h.la.auditor.tenant, { ...stored, activeSeconds: 99, version: 2 }, 1);
      assert.ok(behind.ok);
      const read = await (await h.call(h.la.auditor, 'GET', `/audits/${audit.id}`)).json();
      assert.equal(read.version, cached ? 1 : 2, `${storage === owned ? 'owned' : 'shared'} file, ${JSON.stringify(options)}`);
    }
  } finally {
    await owned.close();
    await shared.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('read cache: every write through the adapter is seen by the next read, with the same body and ETag as an uncached read', async () => {
  const cached = await harness();
  try {
    const audit = await createdAudit(cached, cached.la.auditor);
    let version = audit.version as number;
    const read = async () => {
      const res = await cached.call(cached.la.auditor, 'GET', `/audits/${audit.id}`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('cache-control'), 'no-store');
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
      return { etag: res.headers.get('etag'), body: await res.json() };
    };
    await read(); // fills the cache
    for (const sectionId of ['A', 'B', 'A']) {
      const saved = await cached.call(cached.la.auditor, 'PUT', `/audits/${audit.id}/sections/${sectionId}`, { ifMatch: version, body: { criteriaMet: goodCriteria(sectionId), grade: 'good', comment: `v${version}` } });
      assert.equal(saved.status, 200);
      const answer = await saved.json();
      version = answer.version;
      const again = await read();
      assert.equal(again.etag, `"${version}"`);
      assert.deepEqual(again.body, answer, 'the next read returns what the save answered');
      // The same as reading the storage itself.
      const fresh = await cached.storage.getAudit(cached.la.auditor.tenant, audit.id);
      assert.deepEqual(again.body, JSON.parse(JSON.stringify(fresh)));
    }
    const facts = await cached.call(cached.la.auditor, 'PUT', `/audits/${audit.id}/facts`, { ifMatch: version, body: { facts: {} } });
    assert.ok(facts.status === 200 || facts.status === 422, await facts.clone().text());
    const stale = await cached.call(cached.la.auditor, 'PUT', `/audits/${audit.id}/sections/C`, { ifMatch: 1, body: { criteriaMet: goodCriteria('C'), grade: 'good' } });
    assert.equal(stale.status, 412, 'a stale If-Match is still refused with the cache on');
  } finally {
    await cached.close();
  }
});

test('read cache: a cached audit still goes through roles, ownership, tenancy and caseworker rules on every request', async () => {
  const h = await harness();
  try {
    const audit = await createdAudit(h, h.la.auditor, {}, h.la.caseworker.sub);
    // Warm the cache with readers who may see it.
    assert.equal((await h.call(h.la.auditor, 'GET', `/audits/${audit.id}`)).status, 200);
    assert.equal((await h.call(h.la.manager, 'GET', `/audits/${audit.id}`)).status, 200);
    assert.equal(h.app !== undefined, true);
    // Then everyone who may not.
    assert.equal((await h.call(h.la.auditor2, 'GET', `/audits/${audit.id}`)).status, 403, 'another auditor');
    assert.equal((await h.call(h.la.caseworker, 'GET', `/audits/${audit.id}`)).status, 403, 'the caseworker, before completion');
    assert.equal((await h.call(h.la.caseworker2, 'GET', `/audits/${audit.id}`)).status, 403, 'another caseworker');
    assert.equal((await h.call(h.other.manager, 'GET', `/audits/${audit.id}`)).status, 404, 'another LA\'s manager');
    assert.equal((await h.call(h.other.auditor, 'GET', `/audits/${audit.id}`)).status, 404, 'another LA\'s auditor');
    assert.equal((await h.call(null, 'GET', `/audits/${audit.id}`)).status, 401, 'no token');
    assert.equal((await h.call(h.la.auditor2, 'PUT', `/audits/${audit.id}/sections/A`, { ifMatch: audit.version, body: { criteriaMet: goodCriteria('A'), grade: 'good' } })).status, 403, 'edits by another auditor');
    assert.equal((await h.call(h.other.auditor, 'PUT', `/audits/${audit.id}/sections/A`, { ifMatch: audit.version, body: { criteriaMet: goodCriteria('A'), grade: 'good' } })).status, 404, 'edits from another LA');
  } finally {
    await h.close();
  }
});

test('read cache: two LAs holding an audit with the same id each read only their own, warm or cold', async () => {
  const h = await harness();
  try {
    const id = 'same-id-in-two-tenants';
    await h.storage.createAudit(h.la.auditor.tenant, sampleAudit(id, { auditorId: h.la.auditor.sub, planRef: 'PLAN-LA' }));
    await h.storage.createAudit(h.other.auditor.tenant, sampleAudit(id, { auditorId: h.other.auditor.sub, planRef: 'PLAN-OTHER' }));
    for (let round = 0; round < 2; round++) {
      const mine = await (await h.call(h.la.manager, 'GET', `/audits/${id}`)).json();
      const theirs = await (await h.call(h.other.manager, 'GET', `/audits/${id}`)).json();
      assert.equal(mine.planRef, 'PLAN-LA');
      assert.equal(theirs.planRef, 'PLAN-OTHER');
    }
    // A save in one LA leaves the other's cached audit as it was.
    const saved = await h.call(h.la.auditor, 'PUT', `/audits/${id}/sections/B`, { ifMatch: 1, body: { criteriaMet: goodCriteria('B'), grade: 'good' } });
    assert.equal(saved.status, 200, await saved.clone().text());
    assert.equal((await (await h.call(h.la.manager, 'GET', `/audits/${id}`)).json()).version, 2);
    assert.equal((await (await h.call(h.other.manager, 'GET', `/audits/${id}`)).json()).version, 1);
  } finally {
    await h.close();
  }
});

test('read cache: moderation blindness holds for an audit already in the cache', async () => {
  const h = await harness();
  try {
    const cycle = await (await h.call(h.la.manager, 'POST', '/cycles', { body: { name: 'Autumn 2026', startDate: '2026-09-01', endDate: '2026-12-18' } })).json();
    const first = await createdAudit(h, h.la.auditor, { cycleId: cycle.id, planRef: 'PLAN-CACHE-BLIND' });
    let version = first.version as number;
    for (const s of ehcpPlanV1.sections) {
      const res = await h.call(h.la.auditor, 'PUT', `/audits/${first.id}/sections/${s.id}`, { ifMatch: version, body: { criteriaMet: goodCriteria(s.id), grade: 'good' } });
      version = (await res.json()).version;
    }
    assert.equal((await h.call(h.la.auditor, 'POST', `/audits/${first.id}/complete`, { ifMatch: version })).status, 200);
    const blindOne: Person = { sub: h.la.auditor2.sub, tenant: h.la.auditor2.tenant, roles: ['auditor', 'moderator', 'manager'] };
    // The blind user reads it once before the moderation exists: it is now in the cache.
    assert.equal((await h.call(blindOne, 'GET', `/audits/${first.id}`)).status, 200);
    const assigned = await h.call(h.la.moderator, 'POST', '/moderations', { body: { cycleId: cycle.id, assignments: [{ firstAuditId: first.id, secondAuditor: { id: blindOne.sub, role: 'educational-psychologist' } }] } });
    assert.equal(assigned.status, 201, await assigned.clone().text());
    const moderation = (await assigned.json()).items[0];
    assert.equal((await h.call(h.la.manager, 'GET', `/audits/${first.id}`)).status, 200, 'others still read it (from the cache)');
    const refused = await problem(await h.call(blindOne, 'GET', `/audits/${first.id}`));
    assert.equal(refused.status, 403, 'the cached audit is still hidden from the blind second auditor');
    const list = await (await h.call(blindOne, 'GET', '/audits?planRef=PLAN-CACHE-BLIND')).json();
    assert.deepEqual(list.items.map((a: { id: string }) => a.id), [moderation.secondAuditId]);
    // The first auditor is blind to the second audit too.
    assert.equal((await h.call(h.la.auditor, 'GET', `/audits/${moderation.secondAuditId}`)).status, 403);
  } finally {
    await h.close();
  }
});

test('read cache: bounded by entries and by bytes, least recently used out first, including over 100,000 distinct audits', async () => {
  const byCount = new AuditReadCache({ maxEntries: 100 });
  for (let i = 0; i < 100_000; i++) await byCount.get('t', `a-${i}`, async () => sampleAudit(`a-${i}`));
  assert.equal(byCount.size.entries, 100);
  assert.equal(byCount.stats.evictions, 100_000 - 100);
  assert.ok(byCount.peek('t', 'a-99999'), 'the newest is kept');
  assert.equal(byCount.peek('t', 'a-0'), undefined, 'the oldest is gone');

  const one = JSON.stringify(sampleAudit('b-00000')).length * 4;
  const byBytes = new AuditReadCache({ maxEntries: 1_000_000, maxBytes: one * 10 });
  for (let i = 0; i < 1000; i++) await byBytes.get('t', `b-${String(i).padStart(5, '0')}`, async () => sampleAudit(`b-${String(i).padStart(5, '0')}`));
  assert.ok(byBytes.size.bytes <= byBytes.maxBytes, `${byBytes.size.bytes} bytes kept, bound ${byBytes.maxBytes}`);
  assert.ok(byBytes.size.entries >= 5 && byBytes.size.entries < 10, `${byBytes.size.entries} entries`);

  // Recently used stays: touch the first, add one more, the second goes.
  const lru = new AuditReadCache({ maxEntries: 2 });
  await lru.get('t', 'x', async () => sampleAudit('x'));
  await lru.get('t', 'y', async () => sampleAudit('y'));
  await lru.get('t', 'x', async () => assert.fail('x is cached'));
  await lru.get('t', 'z', async () => sampleAudit('z'));
  assert.ok(lru.peek('t', 'x'));
  assert.equal(lru.peek('t', 'y'), undefined);

  assert.throws(() => new AuditReadCache({ maxEntries: 0 }), /at least 1/);
});

test('read cache: a read in flight when a write completes is not kept; cached audits are frozen; concurrent misses share one read', async () => {
  const cache = new AuditReadCache();
  let release!: (audit: Audit) => void;
  const slow = cache.get('t', 'a', () => new Promise<Audit>((resolve) => { release = resolve; }));
  cache.wrote('t', sampleAudit('a', { version: 2 }));
  release(sampleAudit('a', { version: 1 }));
  assert.equal((await slow)!.version, 1, 'the caller gets what it read');
  assert.equal(cache.peek('t', 'a')!.version, 2, 'but the cache keeps the written version');
  cache.wrote('t', sampleAudit('a', { version: 1 }));
  assert.equal(cache.peek('t', 'a')!.version, 2, 'an older version never replaces a newer one');

  let loads = 0;
  const audits = await Promise.all(Array.from({ length: 10 }, () => cache.get('t', 'b', async () => { loads++; return sampleAudit('b'); })));
  assert.equal(loads, 1);
  assert.ok(audits.every((a) => a === audits[0]));
  assert.ok(Object.isFrozen(audits[0]) && Object.isFrozen(audits[0]!.sections.A) && Object.isFrozen(audits[0]!.sections.A!.criteriaMet));
  assert.throws(() => { (audits[0] as { status: string }).status = 'completed'; }, TypeError);

  // Unknown writes forget everything; a miss is never cached as "absent".
  const dir = mkdtempSync(join(tmpdir(), 'ehcp-qa-cache-'));
  const storage = await createSqliteStorage({ filename: join(dir, 'qa.sqlite') });
  try {
    const wrapped = withReadCache(storage, cache);
    assert.equal(await wrapped.getAudit('t', 'c'), null);
    await storage.createAudit('t', sampleAudit('c'));
    assert.equal((await wrapped.getAudit('t', 'c'))?.id, 'c');
    assert.ok(cache.peek('t', 'c'));
    await (wrapped as unknown as { registerPlans(tenant: string, plans: unknown[], now: string): Promise<unknown> }).registerPlans('t', [], new Date().toISOString());
    assert.ok(cache.peek('t', 'c'), 'a write known not to touch audits keeps them');
    const custom = Object.assign(storage, { async rewriteSomething() { return 1; } });
    await (withReadCache(custom, cache) as unknown as { rewriteSomething(): Promise<number> }).rewriteSomething();
    assert.equal(cache.peek('t', 'c'), undefined, 'a method the cache does not know is taken for a write to audits');
  } finally {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('read cache: after a save, the kept text is JSON.stringify of the kept audit, the sections the save did not change are reused, and the answer is the stored audit to the byte', async () => {
  // Unit level: a write that names its changed sections, made from the kept version.
  const cache = new AuditReadCache();
  const first = cache.wrote('t', sampleAudit('x', { sections: { A: sampleAudit('x').sections.A!, C: { ...sampleAudit('x').sections.A!, comment: 'C "quoted" é 😀' } } }));
  assert.equal(cache.jsonOf('t', first), JSON.stringify(first));
  let previous = first;
  // Each step changes one section, and some also a field of the audit itself (the storage returns every field as a new copy).
  const steps: [string, Partial<Audit['sections'][string]> | null, Partial<Audit>][] = [
    ['B', { comment: 'new B' }, {}],
    ['A', { comment: 'changed A', grade: null }, { plan: { ...first.plan, phase: 'secondary' } }],
    ['B', { comment: 'B again' }, { reopenings: [{ at: '2026-01-04T00:00:00.000Z', by: 'mod-1', reason: 'ré-ouvert "again"' }] }],
    ['C', null, { cycleId: 'cycle-2', activeSeconds: 40 }],
  ];
  for (const [id, change, fields] of steps) {
    const sections = { ...structuredClone(previous.sections) };
    if (change) sections[id] = { ...sampleAudit('x').sections.A!, ...change };
    else delete sections[id];
    const next: Audit = { ...structuredClone(previous), ...structuredClone(fields), sections, version: previous.version + 1, updatedAt: `2026-01-0${previous.version + 1}T00:00:00.000Z` };
    const kept = cache.wrote('t', structuredClone(next), { expectedVersion: previous.version, changedSections: [id] });
    assert.deepEqual(kept, next);
    // The first answer joins the pieces; later ones answer with the joined text kept: the same text every time.
    for (let i = 0; i < 3; i++) assert.equal(cache.jsonOf('t', kept), JSON.stringify(kept), `text (answer ${i + 1}) after changing ${id} and ${Object.keys(fields).join(', ') || 'no field'}`);
    for (const other of Object.keys(kept.sections)) {
      if (other !== id && other in previous.sections) assert.equal(kept.sections[other], previous.sections[other], `section ${other} reused`);
    }
    // Fields that are objects: the kept (frozen) one where the data is unchanged, the new one where it changed.
    for (const field of ['plan', 'reopenings'] as const) {
      if (field in fields) assert.notEqual(kept[field], previous[field], `${field} changed`);
      else assert.equal(kept[field], previous[field], `${field} reused`);
    }
    assert.ok(Object.isFrozen(kept.sections) && Object.isFrozen(kept.sections[Object.keys(kept.sections)[0]!]) && Object.isFrozen(kept.plan));
    previous = kept;
  }
  // Made from another version than the one kept: nothing is reused, the text is still right.
  const other = cache.wrote('t', { ...structuredClone(previous), version: previous.version + 2 }, { expectedVersion: previous.version + 1, changedSections: [] });
  assert.notEqual(other.sections.A, previous.sections.A);
  assert.equal(cache.jsonOf('t', other), JSON.stringify(other));

  // Through the adapter: each save's answer and the next read are the text of the stored audit, byte for byte.
  const h = await harness();
  try {
    const audit = await createdAudit(h, h.la.auditor);
    let version = audit.version as number;
    for (const sectionId of ['B', 'A', 'B', 'F', 'A']) {
      const saved = await h.call(h.la.auditor, 'PUT', `/audits/${audit.id}/sections/${sectionId}`, { ifMatch: version, body: { criteriaMet: goodCriteria(sectionId), grade: 'good', comment: `v${version} "é"` } });
      assert.equal(saved.status, 200);
      const text = await saved.text();
      version = (JSON.parse(text) as Audit).version;
      const read = await (await h.call(h.la.auditor, 'GET', `/audits/${audit.id}`)).text();
      assert.equal(read, text);
      assert.equal(text, JSON.stringify(await h.storage.getAudit(h.la.auditor.tenant, audit.id)));
    }
  } finally {
    await h.close();
  }
});
