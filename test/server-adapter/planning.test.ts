// Audit-cycle planning, the pure parts: the margin-of-error sums against worked
// examples, seeded drawing, stratified allocation, balanced allocation, progress
// states and reading a CSV of plans.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  allocateToStrata, allocationState, balanceAllocations, countProgress, drawSample, marginOfError, plansFromCsv, parseCsv, sampleSizeFor,
  type RegisteredPlan,
} from 'ehcp-qa/server';

const close = (actual: number, expected: number, tolerance = 5e-6) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${actual} is not within ${tolerance} of ${expected}`);

test('margin of error: worked examples, with the finite population correction', () => {
  // 1.96 × √(0.25/50) × √(450/499) = 0.138590 × 0.949634
  close(marginOfError(50, 500), 0.131610);
  // A term's 120 new plans: 50 audited gives ±10.6 points, 30 gives ±15.6.
  close(marginOfError(50, 120), 0.106294);
  close(marginOfError(30, 120), 0.155598);
  // A huge population: the textbook 384 for ±5% (the correction vanishes).
  close(marginOfError(384, 1_000_000_000), 0.050009);
  // Another proportion than the worst case: p = 0.3.
  close(marginOfError(50, 120, 0.3), 0.097420);
  // Auditing every plan leaves no sampling error; the correction makes it exactly 0.
  assert.equal(marginOfError(120, 120), 0);
  assert.equal(marginOfError(0, 120), 1);
  assert.throws(() => marginOfError(121, 120), RangeError);
});

test('sample size for a margin: published table values, finite population corrected', () => {
  // The widely used table for ±5% at 95%: 80 of 100, 278 of 1,000, 384 for a very large population.
  assert.equal(sampleSizeFor(0.05, 100), 80);
  assert.equal(sampleSizeFor(0.05, 1000), 278);
  assert.equal(sampleSizeFor(0.05, 1_000_000_000), 385); // 384.15 rounded up
  assert.equal(sampleSizeFor(0.1, 120), 54); // 53.59 up
  assert.equal(sampleSizeFor(0.1, 500), 81); // 80.70 up
  assert.equal(sampleSizeFor(0.01, 40), 40); // never more than the population
  // The two agree: the size found gives a margin within the target, one fewer does not.
  for (const N of [37, 120, 500, 2400]) {
    for (const e of [0.05, 0.08, 0.1, 0.15]) {
      const n = sampleSizeFor(e, N);
      assert.ok(marginOfError(n, N) <= e + 1e-12, `N=${N} e=${e} n=${n}`);
      if (n > 1) assert.ok(marginOfError(n - 1, N) > e, `N=${N} e=${e} n-1=${n - 1}`);
    }
  }
});

function plans(n: number, each: (i: number) => Partial<RegisteredPlan> = () => ({})): RegisteredPlan[] {
  return Array.from({ length: n }, (_, i) => ({
    planRef: `P-${String(i).padStart(4, '0')}`, status: 'final', planType: 'new', requestDate: null, issueDate: null,
    phase: 'primary', primaryNeed: 'ASD', settingType: 'mainstream', teamRef: null, caseworkerRef: null,
    registeredAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', ...each(i),
  }));
}

test('random sample: same seed and plans give the same sample in any order; another seed another', () => {
  const all = plans(200);
  const a = drawSample(all, { method: 'random', size: 25 }, 1234);
  const b = drawSample([...all].reverse(), { method: 'random', size: 25 }, 1234);
  const c = drawSample(all, { method: 'random', size: 25 }, 1235);
  assert.equal(a.planRefs.length, 25);
  assert.equal(new Set(a.planRefs).size, 25);
  assert.deepEqual(a.planRefs, b.planRefs);
  assert.notDeepEqual(a.planRefs, c.planRefs);
  assert.equal(drawSample(all, { method: 'random', size: 500 }, 1).planRefs.length, 200);
  assert.deepEqual(drawSample(plans(3), { method: 'all' }, 1).planRefs, ['P-0000', 'P-0001', 'P-0002']);
});

test('random sample: every plan has an equal chance (seeds 0–1999, 10 of 40)', () => {
  const all = plans(40);
  const hits = new Map<string, number>();
  for (let seed = 0; seed < 2000; seed++) for (const ref of drawSample(all, { method: 'random', size: 10 }, seed).planRefs) hits.set(ref, (hits.get(ref) ?? 0) + 1);
  // Expected 500 each; the binomial SD is about 19, so 420–580 is more than 4 SD.
  for (const [ref, n] of hits) assert.ok(n > 420 && n < 580, `${ref} drawn ${n} times`);
});

test('proportional allocation to strata: largest remainder, adds up to n exactly', () => {
  const sizes = new Map([['primary', 60], ['secondary', 30], ['post-16', 10]]);
  assert.deepEqual(Object.fromEntries(allocateToStrata(sizes, 20, 'proportional')), { 'post-16': 2, primary: 12, secondary: 6 });
  // 7 × (60, 30, 10)/100 = 4.2, 2.1, 0.7: floors 4, 2, 0, the one left to the largest remainder (post-16).
  assert.deepEqual(Object.fromEntries(allocateToStrata(sizes, 7, 'proportional')), { 'post-16': 1, primary: 4, secondary: 2 });
  assert.deepEqual(Object.fromEntries(allocateToStrata(sizes, 500, 'proportional')), { 'post-16': 10, primary: 60, secondary: 30 });
});

test('at least k per stratum: small strata get k first, the rest proportionally', () => {
  const sizes = new Map([['ASD', 80], ['SEMH', 15], ['HI', 3], ['VI', 2]]);
  const take = allocateToStrata(sizes, 20, { atLeast: 4 });
  // Minimums: 4, 4, 3 (all of HI), 2 (all of VI) = 13; 7 more shared over what is left (76, 11).
  assert.deepEqual(Object.fromEntries(take), { ASD: 10, HI: 3, SEMH: 5, VI: 2 });
  assert.equal([...take.values()].reduce((a, b) => a + b), 20);
  // n smaller than the minimums: the minimums win.
  assert.equal([...allocateToStrata(sizes, 5, { atLeast: 4 }).values()].reduce((a, b) => a + b), 13);
});

test('stratified draw: counts per stratum, reproducible, refs from the right stratum', () => {
  const all = plans(100, (i) => ({ phase: i < 60 ? 'primary' : i < 90 ? 'secondary' : 'post-16', teamRef: i % 2 ? 'team-a' : null }));
  const drawn = drawSample(all, { method: 'proportional', size: 20, stratifyBy: 'phase' }, 42);
  assert.deepEqual(drawn.strata, [
    { stratum: 'post-16', population: 10, sampled: 2 },
    { stratum: 'primary', population: 60, sampled: 12 },
    { stratum: 'secondary', population: 30, sampled: 6 },
  ]);
  const phaseOf = new Map(all.map((p) => [p.planRef, p.phase]));
  assert.equal(drawn.planRefs.slice(0, 2).every((r) => phaseOf.get(r) === 'post-16'), true);
  assert.deepEqual(drawSample([...all].reverse(), { method: 'proportional', size: 20, stratifyBy: 'phase' }, 42), drawn);
  const byTeam = drawSample(all, { method: 'at-least', size: 10, stratifyBy: 'teamRef', atLeast: 3 }, 1);
  assert.deepEqual(byTeam.strata.map((s) => s.stratum), ['(none)', 'team-a']);
});

test('balanced allocation: even workloads counting existing ones, never the plan\'s caseworker', () => {
  const auditors = [{ auditorId: 'a', agency: 'education' as const }, { auditorId: 'b', agency: 'health' as const }, { auditorId: 'c', agency: 'social-care' as const }];
  const open = Array.from({ length: 10 }, (_, i) => ({ planRef: `P-${i}`, caseworkerRef: i < 5 ? 'a' : null }));
  const { pairs, impossible } = balanceAllocations(open, auditors, new Map([['c', 2]]));
  assert.deepEqual(impossible, []);
  const load = new Map<string, number>([['c', 2]]);
  for (const p of pairs) load.set(p.auditor.auditorId, (load.get(p.auditor.auditorId) ?? 0) + 1);
  assert.deepEqual(Object.fromEntries(load), { a: 4, b: 4, c: 4 });
  for (const p of pairs) assert.notEqual(p.auditor.auditorId, open.find((o) => o.planRef === p.planRef)!.caseworkerRef);
  assert.deepEqual(balanceAllocations([{ planRef: 'X', caseworkerRef: 'a' }], [auditors[0]!], new Map()).impossible, ['X']);
});

test('allocation state and progress counts', () => {
  const alloc = { planRef: 'P-1', auditorId: 'a', dueDate: '2026-03-01' };
  assert.deepEqual(allocationState(alloc, [], '2026-02-01'), { state: 'not-started', overdue: false, auditId: null });
  assert.deepEqual(allocationState(alloc, [], '2026-03-02'), { state: 'not-started', overdue: true, auditId: null });
  const audits = [
    { id: 'x1', planRef: 'P-1', auditorId: 'b', status: 'completed' as const }, // another auditor's (a moderation audit)
    { id: 'x2', planRef: 'P-1', auditorId: 'a', status: 'in-progress' as const },
  ];
  assert.deepEqual(allocationState(alloc, audits, '2026-03-02'), { state: 'in-progress', overdue: true, auditId: 'x2' });
  assert.deepEqual(allocationState(alloc, [...audits, { id: 'x3', planRef: 'P-1', auditorId: 'a', status: 'completed' }], '2026-09-01'), { state: 'audited', overdue: false, auditId: 'x3' });
  assert.deepEqual(countProgress([
    { state: 'audited', overdue: false }, { state: 'in-progress', overdue: true }, { state: 'not-started', overdue: true }, { state: 'not-started', overdue: false },
  ]), { allocated: 4, audited: 1, inProgress: 1, notStarted: 2, overdue: 2 });
});

test('CSV: quotes, doubled quotes, CRLF, byte-order mark, blank lines', () => {
  assert.deepEqual(parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\r\n\r\n"multi\nline",2'), [['a', 'b'], ['x, y', 'say "hi"'], ['multi\nline', '2']]);
  assert.throws(() => parseCsv('a\n"open'), /not closed/);
});

test('CSV of plans: columns in any order, optional ones blank; every problem named by row and column', () => {
  const good = plansFromCsv('status,planRef,planType,phase,primaryNeed,settingType,issueDate,caseworkerRef\nfinal,P-1,new,primary,ASD,mainstream,2026-02-01,cw-9\ndraft,P-2,new,secondary,SEMH,special,,\n');
  assert.ok(good.ok);
  assert.deepEqual(good.plans[1], { planRef: 'P-2', status: 'draft', planType: 'new', phase: 'secondary', primaryNeed: 'SEMH', settingType: 'special' });
  const bad = plansFromCsv([
    'planRef,status,planType,phase,primaryNeed,settingType,requestDate,issueDate',
    'P-1,final,new,primary,ASD,mainstream,2026-01-01,2025-12-01',
    'Amy Jones,final,new,year 5,ASD,mainstream,,',
    'P-3,final,new,primary,ASD',
    'P-1,final,new,primary,ASD,mainstream,,',
  ].join('\n'));
  assert.equal(bad.ok, false);
  assert.ok(!bad.ok);
  assert.deepEqual(bad.errors.map((e) => e.field), ['row 2, column issueDate', 'row 3, column planRef', 'row 3, column phase', 'row 4', 'row 5, column planRef']);
  assert.match(bad.errors[2]!.message, /found "year 5"/);
  assert.match(bad.errors[4]!.message, /already in row 2/);
  const header = plansFromCsv('planRef,status,childName\nP-1,final,x\n');
  assert.ok(!header.ok);
  assert.deepEqual(header.errors[0], { field: 'row 1, column 3', message: '"childName" is not a known column; use planRef, status, planType, requestDate, issueDate, phase, primaryNeed, settingType, teamRef, caseworkerRef' });
});
