// Importing an LA's past audits from a spreadsheet: columns and grade words mapped in
// the upload, every problem named by row and column with nothing written, a dry run,
// re-import changing nothing, and the imported audits counting in the trend.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAuditDate } from 'ehcp-qa/server';
import { harness, type Harness } from './helpers.js';

async function cycles(h: Harness) {
  const make = async (name: string, startDate: string, endDate: string) =>
    (await (await h.call(h.la.manager, 'POST', '/cycles', { body: { name, startDate, endDate } })).json()).id as string;
  return { autumn: await make('Autumn 2024', '2024-09-01', '2024-12-31'), spring: await make('Spring 2025', '2025-01-01', '2025-04-30') };
}

const header = 'Plan ID,Date audited,Role,Overall,Sec A,Sec B,Sec F,Notes,Phase,Need,Setting,Type';
const mapping = {
  frameworkId: 'ehcp-plan',
  frameworkVersion: '1.0.0',
  columns: {
    planRef: 'Plan ID', auditDate: 'Date audited', auditorRole: 'Role', overallGrade: 'Overall', comments: 'Notes',
    sections: { A: 'Sec A', B: 'Sec B', F: 'Sec F' }, phase: 'Phase', primaryNeed: 'Need', settingType: 'Setting', planType: 'Type',
  },
  grades: { Gold: 'outstanding', Silver: 'good', Bronze: 'requires-improvement', 'Significant gaps': 'inadequate', RI: 'requires-improvement', 'N/A': 'na' },
  auditorRoles: { EP: 'educational-psychologist', Caseworker: 'send-caseworker', DCO: 'health' },
};

test('parseAuditDate: ISO and UK day-first dates; impossible dates refused', () => {
  assert.equal(parseAuditDate('2024-10-05'), '2024-10-05');
  assert.equal(parseAuditDate('5/10/2024'), '2024-10-05');
  assert.equal(parseAuditDate('31/02/2024'), null);
  assert.equal(parseAuditDate('10-05-2024'), null);
});

test('legacy import: every problem by row and column and nothing written; dry run; import; re-import changes nothing; counts in the trend', async () => {
  const h = await harness();
  try {
    const { autumn, spring } = await cycles(h);
    const bad = [
      header,
      'EHCP-001,05/10/2024,EP,Silver,Gold,Silver,RI,"Clear, specific",primary,ASD,mainstream,new',
      'Jane Smith,2024-10-06,EP,Amber,Gold,Silver,Silver,,primary,ASD,mainstream,new',
      'EHCP-003,2023-01-01,Teacher,Silver,,Silver,Silver,,year 4,ASD,mainstream,new',
    ].join('\n');
    let res = await h.call(h.la.manager, 'POST', '/audit-history/csv', { body: { ...mapping, csv: bad } });
    assert.equal(res.status, 422);
    const problem = await res.json();
    assert.deepEqual(problem.errors.map((e: { field: string }) => e.field), [
      'row 3, column Plan ID', 'row 3, column Overall',
      'row 4, column Date audited', 'row 4, column Role', 'row 4, column Phase',
    ]);
    assert.match(problem.errors[1].message, /"Amber" is not mapped to a grade/);
    assert.match(problem.errors[2].message, /2023-01-01 is in no audit cycle/);
    const audits = async () => (await (await h.call(h.la.manager, 'GET', '/audits?limit=100')).json()).items as { id: string; auditorId: string }[];
    assert.equal((await audits()).length, 0, 'nothing written');

    res = await h.call(h.la.manager, 'POST', '/audit-history/csv', { body: { ...mapping, columns: { ...mapping.columns, sections: { Z: 'Sec A' } }, csv: bad } });
    assert.equal((await res.json()).errors[0].field, 'columns.sections.Z');
    res = await h.call(h.la.manager, 'POST', '/audit-history/csv', { body: { ...mapping, grades: { Gold: 'platinum' }, csv: bad } });
    assert.equal((await res.json()).errors[0].field, 'grades.Gold');

    const good = [
      header,
      'EHCP-001,05/10/2024,EP,Silver,Gold,Silver,RI,"Clear, specific",primary,ASD,mainstream,new',
      'EHCP-002,2024-11-20,Caseworker,Significant gaps,Bronze,Significant gaps,Significant gaps,,secondary,SEMH,special,annual-review',
      'EHCP-003,2025-02-03,DCO,Gold,Gold,Gold,Gold,,primary,SLCN,mainstream,new',
      'EHCP-004,2025-03-12,EP,silver,N/A,Silver,,,post-16,MLD,further-education,transfer',
    ].join('\r\n');
    res = await h.call(h.la.manager, 'POST', '/audit-history/csv', { body: { ...mapping, csv: good, dryRun: true } });
    const dry = await res.json();
    assert.equal(res.status, 200);
    assert.deepEqual({ ...dry, cycles: undefined }, { rows: 4, created: 4, unchanged: 0, dryRun: true, cycles: undefined });
    assert.deepEqual(dry.cycles, [{ cycleId: spring, name: 'Spring 2025', audits: 2 }, { cycleId: autumn, name: 'Autumn 2024', audits: 2 }]);
    assert.equal((await audits()).length, 0, 'a dry run writes nothing');

    res = await h.call(h.la.manager, 'POST', '/audit-history/csv', { body: { ...mapping, csv: good } });
    assert.deepEqual({ ...(await res.json()), cycles: undefined }, { rows: 4, created: 4, unchanged: 0, dryRun: false, cycles: undefined });
    const stored = await audits();
    assert.equal(stored.length, 4);
    assert.ok(stored.every((a) => a.auditorId === 'imported'));
    const one = await (await h.call(h.la.manager, 'GET', `/audits/${stored.find((a) => a.id)!.id}`)).json();
    assert.equal(one.status, 'completed');
    assert.ok(Object.values(one.sections).every((s: any) => s.criteriaMet.length === 0));
    assert.match(one.overall.explanation, /Imported from a spreadsheet/);

    res = await h.call(h.la.manager, 'POST', '/audit-history/csv', { body: { ...mapping, csv: good } });
    assert.deepEqual({ ...(await res.json()), cycles: undefined }, { rows: 4, created: 0, unchanged: 4, dryRun: false, cycles: undefined });
    assert.equal((await audits()).length, 4, 're-import changes nothing');

    // The history shows in the trend: autumn 1 of 2 Good or better, spring 2 of 2.
    const trend = await (await h.call(h.la.manager, 'GET', '/reports/trend?frameworkId=ehcp-plan&frameworkVersion=1.0.0')).json();
    assert.deepEqual(trend.points.map((p: any) => [p.name, p.audits, p.goodOrBetter.count]), [['Autumn 2024', 2, 1], ['Spring 2025', 2, 2]]);
    assert.equal((await h.call(h.la.auditor, 'POST', '/audit-history/csv', { body: { ...mapping, csv: good } })).status, 403);
    const trail = (await (await h.call(h.la.admin, 'GET', '/audit-trail?limit=100')).json()).items as { operation: string; auditId: string | null }[];
    assert.deepEqual(trail.filter((e) => e.operation === 'audit.imported').map((e) => e.auditId).sort(), stored.map((a) => a.id).sort(), 'one trail entry per imported audit, once');
    assert.equal((await (await h.call(h.other.manager, 'GET', '/audits')).json()).items.length, 0);
  } finally {
    await h.close();
  }
});
