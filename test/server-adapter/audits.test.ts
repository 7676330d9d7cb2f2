// Audits through the HTTP API: every operation, every role, a second tenant.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ehcpPlanV1, suggestSectionGrade, overallGrade } from 'ehcp-qa/criteria';
import { goodCriteria, gradeAll, harness, newAudit, problem, type Harness, type Person } from './helpers.js';

async function start(h: Harness, who: Person = h.la.auditor, extra: Record<string, unknown> = {}, caseworkerRef = h.la.caseworker.sub) {
  const res = await h.call(who, 'POST', '/audits', { body: newAudit(extra, caseworkerRef) });
  assert.equal(res.status, 201, await res.clone().text());
  return res.json();
}

test('createAudit: auditors only; the server records framework version, auditor, times', async () => {
  const h = await harness();
  try {
    const cycle = await (await h.call(h.la.manager, 'POST', '/cycles', { body: { name: 'T', startDate: '2025-01-01', endDate: '2025-03-31' } })).json();
    const res = await h.call(h.la.auditor, 'POST', '/audits', { body: newAudit({ cycleId: cycle.id, auditorRole: 'educational-psychologist' }) });
    assert.equal(res.status, 201);
    assert.equal(res.headers.get('etag'), '"1"');
    const audit = await res.json();
    assert.equal(new URL(res.headers.get('location')!, 'http://localhost/qa/audits').href, `http://localhost/qa/audits/${audit.id}`);
    assert.equal(audit.frameworkId, 'ehcp-plan');
    assert.equal(audit.frameworkVersion, '1.0.0');
    assert.equal(audit.auditorId, h.la.auditor.sub);
    assert.equal(audit.auditorRole, 'educational-psychologist');
    assert.equal(audit.cycleId, cycle.id);
    assert.equal(audit.status, 'in-progress');
    assert.equal(audit.version, 1);
    assert.deepEqual(audit.sections, {});
    assert.equal(audit.completedAt, null);
    assert.equal(audit.activeSeconds, 0);
    assert.ok(Date.parse(audit.startedAt) <= Date.now());
    for (const who of [h.la.moderator, h.la.manager, h.la.admin, h.la.caseworker]) {
      assert.equal((await h.call(who, 'POST', '/audits', { body: newAudit() })).status, 403, who.sub);
    }
  } finally {
    await h.close();
  }
});

test('createAudit: refuses names, dates of birth, unknown frameworks and foreign cycles, naming the field', async () => {
  const h = await harness();
  try {
    const foreignCycle = await (await h.call(h.other.manager, 'POST', '/cycles', { body: { name: 'T', startDate: '2025-01-01', endDate: '2025-03-31' } })).json();
    const cases: [Record<string, unknown>, string][] = [
      [{ childName: 'Amy Jones' }, 'childName'],
      [{ dateOfBirth: '2015-04-01' }, 'dateOfBirth'],
      [{ planRef: 'Amy Jones' }, 'planRef'],
      [{ planRef: 'x'.repeat(129) }, 'planRef'],
      [{ plan: { planType: 'new', phase: 'primary', primaryNeed: 'ASD', settingType: 'mainstream', childName: 'Amy' } }, 'plan.childName'],
      [{ plan: { planType: 'emergency', phase: 'primary', primaryNeed: 'ASD', settingType: 'mainstream' } }, 'plan.planType'],
      [{ frameworkId: 'no-such-framework' }, 'frameworkId'],
      [{ frameworkVersion: '9.0.0' }, 'frameworkVersion'],
      [{ cycleId: foreignCycle.id }, 'cycleId'],
      [{ auditorRole: 'wizard' }, 'auditorRole'],
      [{ auditorId: 'someone-else' }, 'auditorId'],
    ];
    for (const [extra, field] of cases) {
      const res = await problem(await h.call(h.la.auditor, 'POST', '/audits', { body: newAudit(extra) }));
      assert.equal(res.status, 422, JSON.stringify(extra));
      assert.equal(res.type, 'application/problem+json');
      assert.ok(res.body.errors.some((e: { field: string }) => e.field === field), `${field}: ${JSON.stringify(res.body.errors)}`);
    }
    assert.equal((await (await h.call(h.la.moderator, 'GET', '/audits')).json()).items.length, 0);
  } finally {
    await h.close();
  }
});

test('getAudit: owner, moderators, managers and admins read; other auditors 403; another tenant 404', async () => {
  const h = await harness();
  try {
    const audit = await start(h);
    for (const who of [h.la.auditor, h.la.moderator, h.la.manager, h.la.admin]) {
      const res = await h.call(who, 'GET', `/audits/${audit.id}`);
      assert.equal(res.status, 200, who.sub);
      assert.equal(res.headers.get('etag'), '"1"');
    }
    for (const who of [h.la.auditor2, h.la.caseworker, h.la.caseworker2]) {
      assert.equal((await h.call(who, 'GET', `/audits/${audit.id}`)).status, 403, who.sub);
    }
    for (const who of Object.values(h.other)) {
      const res = await problem(await h.call(who, 'GET', `/audits/${audit.id}`));
      assert.equal(res.status, 404, who.sub);
      assert.equal(res.body.detail, `No audit with id "${audit.id}".`);
    }
  } finally {
    await h.close();
  }
});

test('saveSection: the server computes the suggestion; overrides need a reason; time adds up', async () => {
  const h = await harness();
  try {
    const audit = await start(h);
    const section = ehcpPlanV1.sections.find((s) => s.id === 'F')!;
    const some = goodCriteria('F').slice(0, 3);
    const first = await h.call(h.la.auditor, 'PUT', `/audits/${audit.id}/sections/F`, {
      ifMatch: 1, body: { criteriaMet: some, grade: null, comment: '  Provision is vague in places.  ', activeSeconds: 300 },
    });
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('etag'), '"2"');
    const a2 = await first.json();
    assert.equal(a2.sections.F.suggestedGrade, suggestSectionGrade(ehcpPlanV1, section, some).grade);
    assert.equal(a2.sections.F.suggestedGrade, 'requires-improvement');
    assert.equal(a2.sections.F.grade, null);
    assert.equal(a2.sections.F.comment, 'Provision is vague in places.');
    assert.equal(a2.activeSeconds, 300);

    const noReason = await problem(await h.call(h.la.auditor, 'PUT', `/audits/${audit.id}/sections/F`, { ifMatch: 2, body: { criteriaMet: some, grade: 'good' } }));
    assert.equal(noReason.status, 422);
    assert.equal(noReason.body.errors[0].field, 'overrideReason');

    const override = await h.call(h.la.auditor, 'PUT', `/audits/${audit.id}/sections/F`, {
      ifMatch: 2, body: { criteriaMet: some, grade: 'good', overrideReason: 'Provision is quantified in the appendix.', activeSeconds: 60 },
    });
    assert.equal(override.status, 200);
    const a3 = await override.json();
    assert.deepEqual(
      { grade: a3.sections.F.grade, suggested: a3.sections.F.suggestedGrade, reason: a3.sections.F.overrideReason, time: a3.activeSeconds, version: a3.version },
      { grade: 'good', suggested: 'requires-improvement', reason: 'Provision is quantified in the appendix.', time: 360, version: 3 },
    );
    // A client cannot slip in its own suggestion.
    const sneaky = await problem(await h.call(h.la.auditor, 'PUT', `/audits/${audit.id}/sections/F`, {
      ifMatch: 3, body: { criteriaMet: some, grade: 'good', suggestedGrade: 'good' },
    }));
    assert.equal(sneaky.status, 422);
    assert.equal(sneaky.body.errors[0].field, 'suggestedGrade');
    // Persisted: a fresh read shows the same.
    const read = await (await h.call(h.la.moderator, 'GET', `/audits/${audit.id}`)).json();
    assert.deepEqual(read.sections, a3.sections);
  } finally {
    await h.close();
  }
});

test('saveSection: invalid input is 4xx naming the field, and nothing is written', async () => {
  const h = await harness();
  try {
    const audit = await start(h);
    const url = `/audits/${audit.id}/sections/B`;
    const cases: [unknown, number, string][] = [
      [{ criteriaMet: ['F.good.quantified'], grade: null }, 422, 'criteriaMet'],
      [{ criteriaMet: ['B.good.nope'], grade: null }, 422, 'criteriaMet'],
      [{ criteriaMet: [], grade: 'excellent' }, 422, 'grade'],
      [{ criteriaMet: [], grade: 'na' }, 422, 'grade'],
      [{ criteriaMet: ['B.good.strengths', 'B.good.strengths'], grade: null }, 422, 'criteriaMet'],
      [{ criteriaMet: 'B.good.strengths', grade: null }, 422, 'criteriaMet'],
      [{ criteriaMet: [], grade: 3 }, 422, 'grade'],
      [{ grade: null }, 422, 'criteriaMet'],
      [{ criteriaMet: [], grade: null, comment: 'x'.repeat(4001) }, 422, 'comment'],
      [{ criteriaMet: [], grade: 'inadequate', overrideReason: 'x'.repeat(2001) }, 422, 'overrideReason'],
      [{ criteriaMet: [], grade: null, activeSeconds: 3601 }, 422, 'activeSeconds'],
      [{ criteriaMet: [], grade: null, activeSeconds: -1 }, 422, 'activeSeconds'],
      [{ criteriaMet: [], grade: null, activeSeconds: 1.5 }, 422, 'activeSeconds'],
      [{ criteriaMet: [], grade: null, childName: 'Amy' }, 422, 'childName'],
      [[], 422, '(body)'],
      [null, 422, '(body)'],
    ];
    for (const [body, status, field] of cases) {
      const res = await problem(await h.call(h.la.auditor, 'PUT', url, { ifMatch: 1, body }));
      assert.equal(res.status, status, JSON.stringify(body));
      assert.equal(res.type, 'application/problem+json');
      assert.ok(res.body.errors.some((e: { field: string }) => e.field === field), `${field}: ${JSON.stringify(res.body.errors)}`);
      assert.ok(res.body.detail.includes(field) || res.body.errors.length > 0);
    }
    const unknownSection = await problem(await h.call(h.la.auditor, 'PUT', `/audits/${audit.id}/sections/Z`, { ifMatch: 1, body: { criteriaMet: [], grade: null } }));
    assert.equal(unknownSection.status, 404);
    const stored = await (await h.call(h.la.auditor, 'GET', `/audits/${audit.id}`)).json();
    assert.equal(stored.version, 1);
    assert.deepEqual(stored.sections, {});
  } finally {
    await h.close();
  }
});

test('saveSection: ids listed more than once are named once each, in order, before the other problems; a list without any saves', async () => {
  const h = await harness();
  try {
    const audit = await start(h);
    const url = `/audits/${audit.id}/sections/B`;
    const [a, b, c] = goodCriteria('B') as [string, string, string];
    const twice = (field: string, id: string) => ({ field, message: `"${id}" is listed more than once` });
    const cases: [string[], string[] | undefined, { field: string; message: string }[]][] = [
      [[a, b, a, c, b, a], undefined, [twice('criteriaMet', a), twice('criteriaMet', b)]],
      [[a, b, c, a], undefined, [twice('criteriaMet', a)]], // the only repeat is the last id
      [[a, b], [c, c], [twice('cannotTell', c)]],
      [[b, b], [c, a, c], [twice('criteriaMet', b), twice('cannotTell', c)]],
    ];
    for (const [criteriaMet, cannotTell, expected] of cases) {
      const res = await problem(await h.call(h.la.auditor, 'PUT', url, { ifMatch: 1, body: { criteriaMet, grade: null, ...(cannotTell ? { cannotTell } : {}) } }));
      assert.equal(res.status, 422);
      assert.deepEqual(res.body.errors.slice(0, expected.length), expected, JSON.stringify(criteriaMet));
      assert.ok(res.body.errors.slice(expected.length).every((e: { message: string }) => !e.message.includes('more than once')));
    }
    const saved = await h.call(h.la.auditor, 'PUT', url, { ifMatch: 1, body: { criteriaMet: [a, b, c], grade: null } });
    assert.equal(saved.status, 200);
  } finally {
    await h.close();
  }
});

test('saveSection: only the owning auditor writes; If-Match is required and checked', async () => {
  const h = await harness();
  try {
    const audit = await start(h);
    const url = `/audits/${audit.id}/sections/A`;
    const body = { criteriaMet: goodCriteria('A'), grade: 'good' };
    for (const who of [h.la.auditor2, h.la.moderator, h.la.manager, h.la.admin, h.la.caseworker]) {
      assert.equal((await h.call(who, 'PUT', url, { ifMatch: 1, body })).status, 403, who.sub);
    }
    const foreign = await problem(await h.call(h.other.auditor, 'PUT', url, { ifMatch: 1, body }));
    assert.equal(foreign.status, 404);
    assert.equal((await h.call(h.other.auditor, 'POST', `/audits/${audit.id}/complete`, { ifMatch: 1 })).status, 404);
    assert.equal((await h.call(h.other.moderator, 'POST', `/audits/${audit.id}/reopen`, { ifMatch: 1, body: { reason: 'x' } })).status, 404);
    assert.equal((await h.call(h.other.moderator, 'GET', `/audits?planRef=${audit.planRef}`).then((r) => r.json())).items.length, 0);
    const missing = await problem(await h.call(h.la.auditor, 'PUT', url, { body }));
    assert.equal(missing.status, 428);
    assert.equal(missing.body.errors[0].field, 'If-Match');
    assert.equal((await h.call(h.la.auditor, 'PUT', url, { ifMatch: '*', body })).status, 428);
    const stale = await problem(await h.call(h.la.auditor, 'PUT', url, { ifMatch: 7, body }));
    assert.equal(stale.status, 412);
    assert.equal(stale.body.currentVersion, 1);
    assert.equal((await h.call(h.la.auditor, 'PUT', url, { ifMatch: 'W/"1"', body })).status, 200);
  } finally {
    await h.close();
  }
});

test('completeAudit: refused naming ungraded sections; then computes the overall grade', async () => {
  const h = await harness();
  try {
    const audit = await start(h);
    const partial = await h.call(h.la.auditor, 'PUT', `/audits/${audit.id}/sections/A`, { ifMatch: 1, body: { criteriaMet: goodCriteria('A'), grade: 'good' } });
    const refused = await problem(await h.call(h.la.auditor, 'POST', `/audits/${audit.id}/complete`, { ifMatch: 2 }));
    assert.equal(refused.status, 422);
    assert.match(refused.body.detail, /Still ungraded: B, C, D, E, F, G, H1, H2, I, J, K\./);
    assert.deepEqual(refused.body.errors.map((e: { field: string }) => e.field), ['sections.B', 'sections.C', 'sections.D', 'sections.E', 'sections.F', 'sections.G', 'sections.H1', 'sections.H2', 'sections.I', 'sections.J', 'sections.K']);
    assert.equal(partial.status, 200);
    const version = await gradeAll(h, h.la.auditor, audit.id, 2);
    for (const who of [h.la.auditor2, h.la.moderator, h.la.admin]) {
      assert.equal((await h.call(who, 'POST', `/audits/${audit.id}/complete`, { ifMatch: version })).status, 403, who.sub);
    }
    assert.equal((await h.call(h.la.auditor, 'POST', `/audits/${audit.id}/complete`)).status, 428);
    const done = await h.call(h.la.auditor, 'POST', `/audits/${audit.id}/complete`, { ifMatch: version, body: { activeSeconds: 30 } });
    assert.equal(done.status, 200);
    const completed = await done.json();
    assert.equal(completed.status, 'completed');
    assert.ok(completed.completedAt);
    const grades = Object.fromEntries(ehcpPlanV1.sections.map((s) => [s.id, 'good']));
    assert.deepEqual(completed.overall, overallGrade(ehcpPlanV1, grades));
    assert.equal(completed.overall.grade, 'good');
    assert.equal(completed.activeSeconds, 30);
    // A completed audit cannot change until reopened.
    const again = await problem(await h.call(h.la.auditor, 'PUT', `/audits/${audit.id}/sections/A`, { ifMatch: completed.version, body: { criteriaMet: [], grade: null } }));
    assert.equal(again.status, 409);
    assert.equal((await h.call(h.la.auditor, 'POST', `/audits/${audit.id}/complete`, { ifMatch: completed.version })).status, 409);
  } finally {
    await h.close();
  }
});

test('caseworkers read completed audits of their own plans only', async () => {
  const h = await harness();
  try {
    const mine = await start(h, h.la.auditor, {}, h.la.caseworker.sub);
    const theirs = await start(h, h.la.auditor, {}, h.la.caseworker2.sub);
    assert.equal((await h.call(h.la.caseworker, 'GET', `/audits/${mine.id}`)).status, 403);
    assert.deepEqual((await (await h.call(h.la.caseworker, 'GET', '/audits')).json()).items, []);
    for (const a of [mine, theirs]) {
      const v = await gradeAll(h, h.la.auditor, a.id, 1);
      assert.equal((await h.call(h.la.auditor, 'POST', `/audits/${a.id}/complete`, { ifMatch: v })).status, 200);
    }
    assert.equal((await h.call(h.la.caseworker, 'GET', `/audits/${mine.id}`)).status, 200);
    assert.equal((await h.call(h.la.caseworker, 'GET', `/audits/${theirs.id}`)).status, 403);
    const listed = await (await h.call(h.la.caseworker, 'GET', '/audits')).json();
    assert.deepEqual(listed.items.map((a: { id: string }) => a.id), [mine.id]);
    assert.equal((await h.call(h.la.caseworker, 'GET', '/audits?status=in-progress')).status, 403);
    assert.equal((await h.call(h.other.caseworker, 'GET', `/audits/${mine.id}`)).status, 404);
  } finally {
    await h.close();
  }
});

test('reopenAudit: moderators and admins only, with a reason; the auditor can then edit', async () => {
  const h = await harness();
  try {
    const audit = await start(h);
    const notDone = await problem(await h.call(h.la.moderator, 'POST', `/audits/${audit.id}/reopen`, { ifMatch: 1, body: { reason: 'x' } }));
    assert.equal(notDone.status, 409);
    const v = await gradeAll(h, h.la.auditor, audit.id, 1);
    const completed = await (await h.call(h.la.auditor, 'POST', `/audits/${audit.id}/complete`, { ifMatch: v })).json();
    const url = `/audits/${audit.id}/reopen`;
    for (const who of [h.la.auditor, h.la.manager, h.la.caseworker]) {
      assert.equal((await h.call(who, 'POST', url, { ifMatch: completed.version, body: { reason: 'Check F' } })).status, 403, who.sub);
    }
    assert.equal((await h.call(h.other.moderator, 'POST', url, { ifMatch: completed.version, body: { reason: 'Check F' } })).status, 404);
    const noReason = await problem(await h.call(h.la.moderator, 'POST', url, { ifMatch: completed.version, body: { reason: '   ' } }));
    assert.equal(noReason.status, 422);
    assert.equal(noReason.body.errors[0].field, 'reason');
    assert.equal((await h.call(h.la.moderator, 'POST', url, { body: { reason: 'Check F' } })).status, 428);
    assert.equal((await h.call(h.la.moderator, 'POST', url, { ifMatch: completed.version - 1, body: { reason: 'Check F' } })).status, 412);
    const reopened = await h.call(h.la.moderator, 'POST', url, { ifMatch: completed.version, body: { reason: 'Section F needs a second look.' } });
    assert.equal(reopened.status, 200);
    const r = await reopened.json();
    assert.equal(r.status, 'in-progress');
    assert.equal(r.completedAt, null);
    assert.equal(r.overall, null);
    assert.deepEqual(r.reopenings.map((x: { by: string; reason: string }) => [x.by, x.reason]), [[h.la.moderator.sub, 'Section F needs a second look.']]);
    const edit = await h.call(h.la.auditor, 'PUT', `/audits/${audit.id}/sections/F`, { ifMatch: r.version, body: { criteriaMet: [], grade: 'requires-improvement' } });
    assert.equal(edit.status, 200);
    const v2 = (await edit.json()).version;
    const done2 = await (await h.call(h.la.auditor, 'POST', `/audits/${audit.id}/complete`, { ifMatch: v2 })).json();
    assert.equal(done2.sections.F.grade, 'requires-improvement');
    assert.equal((await h.call(h.la.admin, 'POST', url, { ifMatch: done2.version, body: { reason: 'Admin reopen' } })).status, 200);
  } finally {
    await h.close();
  }
});

test('listAudits: scoped by role and tenant, filtered, paged with a cursor', async () => {
  const h = await harness();
  try {
    const cycle = await (await h.call(h.la.manager, 'POST', '/cycles', { body: { name: 'T', startDate: '2025-01-01', endDate: '2025-03-31' } })).json();
    const mine = [];
    for (let i = 0; i < 5; i++) mine.push(await start(h, h.la.auditor, i < 2 ? { cycleId: cycle.id } : {}));
    const theirs = await start(h, h.la.auditor2, { planRef: 'PLAN-SHARED' });
    await start(h, h.other.auditor);
    const ids = async (who: Person, query = '') => {
      const res = await h.call(who, 'GET', `/audits${query}`);
      assert.equal(res.status, 200, await res.clone().text());
      return (await res.json()).items.map((a: { id: string }) => a.id).sort();
    };
    assert.deepEqual(await ids(h.la.auditor), mine.map((a) => a.id).sort());
    assert.deepEqual(await ids(h.la.auditor2), [theirs.id]);
    assert.equal((await h.call(h.la.auditor, 'GET', `/audits?auditorId=${h.la.auditor2.sub}`)).status, 403);
    for (const who of [h.la.moderator, h.la.manager, h.la.admin]) assert.equal((await ids(who)).length, 6, who.sub);
    assert.deepEqual(await ids(h.la.moderator, `?cycleId=${cycle.id}`), mine.slice(0, 2).map((a) => a.id).sort());
    assert.deepEqual(await ids(h.la.moderator, '?planRef=PLAN-SHARED'), [theirs.id]);
    assert.deepEqual(await ids(h.la.moderator, `?auditorId=${h.la.auditor2.sub}`), [theirs.id]);
    assert.deepEqual(await ids(h.la.moderator, '?status=completed'), []);
    assert.equal((await ids(h.other.moderator)).length, 1);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = await (await h.call(h.la.manager, 'GET', `/audits?limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)).json();
      assert.ok(page.items.length <= 4);
      seen.push(...page.items.map((a) => a.id));
      cursor = page.nextCursor;
    } while (cursor);
    assert.equal(seen.length, 6);
    assert.equal(new Set(seen).size, 6);
    for (const query of ['?limit=0', '?limit=101', '?limit=ten', '?cursor=garbage', '?status=done', '?sort=asc', '?status=completed&status=in-progress']) {
      const res = await problem(await h.call(h.la.manager, 'GET', `/audits${query}`));
      assert.equal(res.status, 400, query);
      assert.match(res.body.errors[0].field, /^query\./);
    }
  } finally {
    await h.close();
  }
});

test('a framework change never rewrites old audits: each keeps the version it was made with', async () => {
  const v2 = structuredClone(ehcpPlanV1) as typeof ehcpPlanV1;
  v2.version = '2.0.0';
  const sectionA = v2.sections.find((s) => s.id === 'A')!;
  sectionA.criteria = sectionA.criteria.filter((c) => c.id !== 'A.good.current');
  const h = await harness({ frameworks: [ehcpPlanV1, v2] });
  try {
    const old = await start(h, h.la.auditor, { frameworkVersion: '1.0.0' });
    const latest = await start(h, h.la.auditor, { frameworkVersion: undefined });
    assert.equal(old.frameworkVersion, '1.0.0');
    assert.equal(latest.frameworkVersion, '2.0.0');
    const full = goodCriteria('A', ehcpPlanV1);
    const oldSave = await h.call(h.la.auditor, 'PUT', `/audits/${old.id}/sections/A`, { ifMatch: 1, body: { criteriaMet: full, grade: 'good' } });
    assert.equal(oldSave.status, 200);
    const newSave = await problem(await h.call(h.la.auditor, 'PUT', `/audits/${latest.id}/sections/A`, { ifMatch: 1, body: { criteriaMet: full, grade: 'good' } }));
    assert.equal(newSave.status, 422);
    assert.match(newSave.body.detail, /A\.good\.current.*2\.0\.0/);
    assert.equal((await (await h.call(h.la.auditor, 'GET', `/audits/${old.id}`)).json()).frameworkVersion, '1.0.0');
  } finally {
    await h.close();
  }
});
