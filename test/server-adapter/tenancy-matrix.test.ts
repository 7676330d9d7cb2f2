// A tenant × role matrix over every operation of the OpenAPI document: every role of
// another LA (and nobody at all) calls every operation with this LA's ids in the path
// and in the body. Nothing of this LA is ever answered, and nothing of it changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ehcpPlanV1 } from 'ehcp-qa/criteria';
import { goodCriteria, harness, newAudit, type Harness, type Person } from './helpers.js';

async function seed(h: Harness, la: Harness['la']) {
  const cycle = await (await h.call(la.manager, 'POST', '/cycles', { body: { name: 'Autumn', startDate: '2026-09-01', endDate: '2026-12-18' } })).json();
  const audit = await (await h.call(la.auditor, 'POST', '/audits', { body: newAudit({ cycleId: cycle.id }) })).json();
  let v = audit.version;
  for (const s of ehcpPlanV1.sections) v = (await (await h.call(la.auditor, 'PUT', `/audits/${audit.id}/sections/${s.id}`, { ifMatch: v, body: { criteriaMet: goodCriteria(s.id), grade: 'good' } })).json()).version;
  await h.call(la.auditor, 'POST', `/audits/${audit.id}/complete`, { ifMatch: v });
  const pair = (await (await h.call(la.moderator, 'POST', '/moderations', { body: { cycleId: cycle.id, assignments: [{ firstAuditId: audit.id, secondAuditor: { id: la.auditor2.sub } }] } })).json()).items[0];
  await h.call(la.manager, 'PUT', `/cycles/${cycle.id}/narrative`, { ifMatch: 0, body: { context: 'Our context', recommendations: {} } });
  return { cycleId: cycle.id as string, auditId: audit.id as string, moderationId: pair.id as string, secondAuditId: pair.secondAuditId as string, planRef: audit.planRef as string };
}

test('tenant × role: no role of another LA reads, changes or erases anything of this LA, through any operation', async () => {
  const h = await harness({ logger: { error: () => {}, warn: () => {} } });
  try {
    const mine = await seed(h, h.la);
    const doc = await (await h.call(null, 'GET', '/openapi.json')).json();
    const before = await (await h.call(h.la.admin, 'GET', '/audit-trail?limit=100')).json();
    const auditBefore = await (await h.call(h.la.manager, 'GET', `/audits/${mine.auditId}`)).json();
    const strangers: (Person | null)[] = [...Object.values(h.other), { sub: 'all-roles', tenant: h.other.admin.tenant, roles: ['auditor', 'moderator', 'manager', 'admin', 'caseworker', 'benchmark-contributor'] }, null];
    const values: Record<string, string> = { auditId: mine.auditId, cycleId: mine.cycleId, moderationId: mine.moderationId, planRef: mine.planRef, sectionId: 'F', frameworkId: 'ehcp-plan', version: '1.0.0', link: 'bGEtMQ.' + 'a'.repeat(43) };
    const bodies = [
      {},
      { cycleId: mine.cycleId, assignments: [{ firstAuditId: mine.auditId, secondAuditor: { id: 'x-1' } }] },
      { criteriaMet: goodCriteria('F'), grade: 'good' },
      { reason: 'Looking around', sections: { F: { grade: 'good' } } },
      { context: 'Overwritten', recommendations: {} },
      { format: 'html', cycleId: mine.cycleId },
      { basis: 'retention', confirmPlanRef: mine.planRef },
      { frameworkId: 'ehcp-plan', planRef: mine.planRef, cycleId: mine.cycleId, plan: { planType: 'new', phase: 'primary', primaryNeed: 'ASD', settingType: 'mainstream' }, auditorRole: 'other' },
    ];
    let calls = 0;
    for (const [template, item] of Object.entries<any>(doc.paths)) {
      for (const method of Object.keys(item)) {
        const path = template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? 'x'));
        const queries = ['', `?cycleId=${mine.cycleId}`, `?auditId=${mine.auditId}&planRef=${mine.planRef}`];
        for (const who of strangers) {
          for (const q of queries) {
            for (const body of method === 'get' ? [undefined] : bodies) {
              calls++;
              const res = await h.call(who, method.toUpperCase(), `${path}${q}`, { ...(body !== undefined ? { body } : {}), ifMatch: 1 });
              const text = await res.text();
              assert.ok(res.status < 500 || res.status === 501, `${method} ${path}${q}: ${res.status}`); // 501: benchmarking not configured here
              // An error may echo the id the caller sent; an answer never holds this LA's data: the second audit's id and the
              // narrative were never sent by the caller, and a read never holds this LA's audit, pair or plan.
              const forbidden = res.status < 400 ? [mine.secondAuditId, 'Our context', ...(method === 'get' ? [mine.auditId, mine.moderationId, mine.planRef] : [])] : [mine.secondAuditId, 'Our context'];
              for (const id of forbidden) {
                assert.ok(!text.includes(id), `${method} ${path}${q} as ${who ? `${who.tenant}/${who.roles}` : 'nobody'} → ${res.status} shows ${id}: ${text.slice(0, 200)}`);
              }
            }
          }
        }
      }
    }
    assert.ok(calls > 500, `${calls} calls`);
    // Nothing of this LA changed: the audit, its moderation, its narrative, its trail.
    const auditAfter = await (await h.call(h.la.manager, 'GET', `/audits/${mine.auditId}`)).json();
    assert.deepEqual(auditAfter, auditBefore);
    assert.equal((await (await h.call(h.la.manager, 'GET', `/moderations/${mine.moderationId}`)).json()).status, 'awaiting-second-audit');
    assert.equal((await (await h.call(h.la.manager, 'GET', `/cycles/${mine.cycleId}/narrative`)).json()).context, 'Our context');
    const after = await (await h.call(h.la.admin, 'GET', '/audit-trail?limit=100')).json();
    assert.deepEqual(after.items, before.items, 'no entry was added to this LA\'s trail');
  } finally {
    await h.close();
  }
});
