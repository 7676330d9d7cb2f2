// Optimistic concurrency over HTTP on a real SQLite file: two writers holding
// the same version, one wins with 200, the other gets 412 and, after reloading,
// saves too. Nothing is lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goodCriteria, harness, newAudit } from './helpers.js';

test('two writers with the same version: one 200, one 412 with the current version; nothing lost', async () => {
  const h = await harness();
  try {
    const audit = await (await h.call(h.la.auditor, 'POST', '/audits', { body: newAudit() })).json();
    // The same auditor in two browser tabs, each editing a different section from version 1.
    const [a, b] = await Promise.all([
      h.call(h.la.auditor, 'PUT', `/audits/${audit.id}/sections/A`, { ifMatch: 1, body: { criteriaMet: goodCriteria('A'), grade: 'good', comment: 'tab one' } }),
      h.call(h.la.auditor, 'PUT', `/audits/${audit.id}/sections/B`, { ifMatch: 1, body: { criteriaMet: goodCriteria('B'), grade: 'good', comment: 'tab two' } }),
    ]);
    const statuses = [a.status, b.status].sort();
    assert.deepEqual(statuses, [200, 412]);
    const [winner, loser] = a.status === 200 ? [a, b] : [b, a];
    const loserSection = a.status === 200 ? 'B' : 'A';
    const conflict = await loser.json();
    assert.equal(conflict.currentVersion, 2);
    assert.equal(loser.headers.get('etag'), '"2"');
    assert.equal(loser.headers.get('content-type'), 'application/problem+json');
    assert.equal(winner.headers.get('etag'), '"2"');
    // The losing tab reloads and saves again: both sections are kept.
    const retry = await h.call(h.la.auditor, 'PUT', `/audits/${audit.id}/sections/${loserSection}`, {
      ifMatch: conflict.currentVersion, body: { criteriaMet: goodCriteria(loserSection), grade: 'good', comment: 'saved after reload' },
    });
    assert.equal(retry.status, 200);
    const final = await (await h.call(h.la.auditor, 'GET', `/audits/${audit.id}`)).json();
    assert.equal(final.version, 3);
    assert.deepEqual(Object.keys(final.sections).sort(), ['A', 'B']);
    assert.equal(final.sections[loserSection].comment, 'saved after reload');
  } finally {
    await h.close();
  }
});

test('many writers racing on one version: exactly one succeeds', async () => {
  const h = await harness();
  try {
    const audit = await (await h.call(h.la.auditor, 'POST', '/audits', { body: newAudit() })).json();
    const sections = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'K'];
    const results = await Promise.all(sections.map((s) =>
      h.call(h.la.auditor, 'PUT', `/audits/${audit.id}/sections/${s}`, { ifMatch: 1, body: { criteriaMet: [], grade: null, activeSeconds: 10 } })));
    assert.equal(results.filter((r) => r.status === 200).length, 1);
    assert.equal(results.filter((r) => r.status === 412).length, sections.length - 1);
    const final = await (await h.call(h.la.auditor, 'GET', `/audits/${audit.id}`)).json();
    assert.equal(final.version, 2);
    assert.equal(final.activeSeconds, 10);
    assert.equal(Object.keys(final.sections).length, 1);
  } finally {
    await h.close();
  }
});
