// Concurrent writers over the real adapter and a SQLite file: 50 saves of one section
// from the same version (one wins, the others are told 412), 50 audits created at once,
// 50 audits saved at once. Every acknowledged write is stored, and the audit trail has
// exactly one entry per acknowledged write, in an unbroken chain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goodCriteria, harness, newAudit } from './helpers.js';

test('50 concurrent writers: one wins per version, nothing acknowledged is lost, the trail has one entry per write', async () => {
  const h = await harness();
  try {
    const audit = await (await h.call(h.la.auditor, 'POST', '/audits', { body: newAudit() })).json();
    const same = await Promise.all(Array.from({ length: 50 }, (_, i) =>
      h.call(h.la.auditor, 'PUT', `/audits/${audit.id}/sections/F`, { ifMatch: 1, body: { criteriaMet: goodCriteria('F'), grade: 'good', comment: `writer ${i}` } })));
    const statuses = same.map((r) => r.status).sort();
    assert.deepEqual(statuses, [200, ...Array(49).fill(412)]);
    const winner = await same.find((r) => r.status === 200)!.json();
    const stored = await (await h.call(h.la.auditor, 'GET', `/audits/${audit.id}`)).json();
    assert.equal(stored.version, 2);
    assert.equal(stored.sections.F.comment, winner.sections.F.comment, 'the stored save is the acknowledged one');

    const created = await Promise.all(Array.from({ length: 50 }, () => h.call(h.la.auditor, 'POST', '/audits', { body: newAudit() })));
    assert.ok(created.every((r) => r.status === 201));
    const ids = await Promise.all(created.map(async (r) => (await r.json()).id as string));
    assert.equal(new Set(ids).size, 50);
    const saved = await Promise.all(ids.map((id) => h.call(h.la.auditor, 'PUT', `/audits/${id}/sections/A`, { ifMatch: 1, body: { criteriaMet: goodCriteria('A'), grade: 'good' } })));
    assert.ok(saved.every((r) => r.status === 200));
    for (const id of ids) assert.equal((await (await h.call(h.la.auditor, 'GET', `/audits/${id}`)).json()).sections.A.grade, 'good');

    let entries = 0;
    let cursor: string | null = null;
    do {
      const page: { items: unknown[]; nextCursor: string | null } = await (await h.call(h.la.admin, 'GET', `/audit-trail?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).json();
      entries += page.items.length;
      cursor = page.nextCursor;
    } while (cursor);
    assert.equal(entries, 1 + 1 + 50 + 50, 'one entry per acknowledged write, none for the 49 refused');
    const verified = await (await h.call(h.la.admin, 'GET', '/audit-trail/verification')).json();
    assert.equal(verified.ok, true);
  } finally {
    await h.close();
  }
});
