/**
 * Demo data for running an audit cycle: the autumn term planned, sampled, allocated
 * and part-way done, and a year of audits from before (2025) imported from a
 * spreadsheet, so the trend starts a year earlier. Everything here is fictional:
 * plan references such as NCC-EHCP-2026-0417, no names.
 */
import type { Cycle, PlanRegistration } from 'ehcp-qa/server';
import { auditsFromHistoryCsv } from '../server-adapter/planning/history.js';
import { drawSample } from '../server-adapter/planning/draw.js';
import { marginOfError } from '../server-adapter/planning/maths.js';
import { planningStore, type AllocationRecord } from '../server-adapter/planning/store.js';
import { balanceAllocations } from '../server-adapter/planning/allocation.js';
import type { DemoSeedHook } from './seed.js';

/** The seed of the autumn sample, shown on the dashboard. */
export const DEMO_SAMPLE_SEED = 20260901;

const EXTRA_AUDITORS = [
  { auditorId: 'dco-ines', agency: 'health' as const },
  { auditorId: 'pcf-joss', agency: 'parent-carer-forum' as const },
];

export const seedPlanning: DemoSeedHook = async ({ storage, tenant, framework, cycles, audits, users, random }) => {
  const store = planningStore(storage);
  const autumn = cycles.find((c) => c.id === 'cycle-2026-autumn') ?? [...cycles].sort((a, b) => b.startDate.localeCompare(a.startDate))[0]!;

  // 1. The plans of the term: every plan audited in autumn so far, and 50 more new plans not audited yet.
  const day = (offset: number) => new Date(Date.parse(`${autumn.startDate}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
  const plans = new Map<string, PlanRegistration>();
  for (const a of audits.filter((x) => x.cycleId === autumn.id)) {
    const issue = day(Math.floor(random() * 70));
    plans.set(a.planRef, { planRef: a.planRef, status: 'final', planType: a.plan.planType, requestDate: day(Math.floor(random() * 30) - 150), issueDate: issue,
      phase: a.plan.phase, primaryNeed: a.plan.primaryNeed, settingType: a.plan.settingType, teamRef: a.plan.teamRef, caseworkerRef: a.plan.caseworkerRef });
  }
  const phases = ['early-years', 'primary', 'primary', 'secondary', 'secondary', 'post-16'] as const;
  const needs = ['ASD', 'SEMH', 'SLCN', 'MLD', 'SPLD', 'PD'] as const;
  for (let i = 0; i < 50; i++) {
    const ref = `NCC-EHCP-2026-${String(900 + i).padStart(4, '0')}`;
    plans.set(ref, { planRef: ref, status: 'final', planType: 'new', requestDate: day(-140 + i), issueDate: day(i),
      phase: phases[i % phases.length]!, primaryNeed: needs[i % needs.length]!, settingType: i % 5 === 0 ? 'special' : 'mainstream',
      teamRef: `team-${['north', 'south', 'east'][i % 3]}`, caseworkerRef: `cw-${String(1 + (i % 12)).padStart(2, '0')}` });
  }
  await store.registerPlans(tenant, [...plans.values()], new Date(`${autumn.startDate}T09:00:00Z`).toISOString());

  // 2. A proportional sample by phase, seeded.
  const registered = (await store.listPlans(tenant)).filter((p) => p.status !== 'ceased');
  const method = { method: 'proportional' as const, size: 40, stratifyBy: 'phase' as const };
  const drawn = drawSample(registered, method, DEMO_SAMPLE_SEED);
  await store.createSample(tenant, {
    cycleId: autumn.id, population: 'all', sample: method, seed: DEMO_SAMPLE_SEED, populationSize: registered.length,
    planRefs: drawn.planRefs, strata: drawn.strata, marginOfError: marginOfError(drawn.planRefs.length, registered.length),
    drawnAt: new Date(`${autumn.startDate}T10:00:00Z`).toISOString(), drawnBy: users.manager.sub,
  });

  // 3. Allocation: plans already being audited stay with their auditor; the rest are shared out evenly.
  const assignedAt = new Date(`${autumn.startDate}T11:00:00Z`).toISOString();
  const agencyOf: Record<string, AllocationRecord['agency']> = { [users.auditor.sub]: 'education', [users.auditor2.sub]: 'education' };
  const byPlan = new Map(audits.filter((a) => a.cycleId === autumn.id).map((a) => [a.planRef, a.auditorId]));
  const open: { planRef: string; caseworkerRef: string | null }[] = [];
  const load = new Map<string, number>();
  for (const [i, ref] of drawn.planRefs.entries()) {
    const auditorId = byPlan.get(ref);
    if (!auditorId) { open.push({ planRef: ref, caseworkerRef: plans.get(ref)?.caseworkerRef ?? null }); continue; }
    load.set(auditorId, (load.get(auditorId) ?? 0) + 1);
    await store.putAllocation(tenant, { cycleId: autumn.id, planRef: ref, auditorId, agency: agencyOf[auditorId] ?? 'other', dueDate: i % 4 ? '2026-11-13' : '2026-12-04', assignedAt, assignedBy: users.manager.sub, reassignments: [] }, null);
  }
  const auditors = [{ auditorId: users.auditor.sub, agency: 'education' as const }, { auditorId: users.auditor2.sub, agency: 'education' as const }, ...EXTRA_AUDITORS];
  const { pairs } = balanceAllocations(open, auditors, load);
  for (const [i, p] of pairs.entries()) {
    await store.putAllocation(tenant, { cycleId: autumn.id, planRef: p.planRef, auditorId: p.auditor.auditorId, agency: p.auditor.agency, dueDate: i % 3 ? '2026-12-11' : '2026-11-20', assignedAt, assignedBy: users.manager.sub, reassignments: [] }, null);
  }

  // 4. A year of audits from before, as a spreadsheet the LA kept, imported with its own grade words.
  const history: Cycle[] = [];
  for (const [id, name, startDate, endDate] of [
    ['cycle-2025-spring', 'Spring term 2025', '2025-01-06', '2025-04-04'],
    ['cycle-2025-summer', 'Summer term 2025', '2025-04-22', '2025-07-23'],
    ['cycle-2025-autumn', 'Autumn term 2025', '2025-09-02', '2025-12-19'],
  ] as const) {
    history.push(await storage.createCycle(tenant, { id, name, startDate, endDate, kpiTarget: null, createdAt: `${startDate}T09:00:00.000Z` }));
  }
  const words = ['Gold', 'Silver', 'Bronze', 'Significant gaps'] as const;
  const sections = framework.sections.map((s) => s.id);
  const lines = [['Plan', 'Date', 'Auditor', 'Overall', ...sections.map((s) => `Section ${s}`), 'Phase', 'Need', 'Setting', 'Type'].join(',')];
  history.forEach((cycle, c) => {
    // Quality improves over the year: 6, 8, then 10 of the 40 plans Good or better overall.
    const goodOverall = 6 + c * 2;
    for (let i = 0; i < 40; i++) {
      const pick = () => { const r = random(); return r < 0.03 ? words[0] : r < 0.3 + c * 0.06 ? words[1] : r < 0.75 ? words[2] : words[3]; };
      const sectionWords = sections.map(pick);
      const overall = i < goodOverall ? words[1] : i % 3 === 0 ? words[3] : words[2];
      const date = new Date(Date.parse(`${cycle.startDate}T00:00:00Z`) + Math.floor(random() * 70) * 86_400_000);
      const uk = `${String(date.getUTCDate()).padStart(2, '0')}/${String(date.getUTCMonth() + 1).padStart(2, '0')}/${date.getUTCFullYear()}`;
      lines.push([`NCC-EHCP-2025-${String(c * 100 + i + 1).padStart(4, '0')}`, uk, i % 3 ? 'Caseworker' : 'EP', overall, ...sectionWords,
        phases[i % phases.length], needs[i % needs.length], 'mainstream', 'new'].join(','));
    }
  });
  const parsed = auditsFromHistoryCsv(lines.join('\n'), {
    framework,
    columns: { planRef: 'Plan', auditDate: 'Date', auditorRole: 'Auditor', overallGrade: 'Overall', phase: 'Phase', primaryNeed: 'Need', settingType: 'Setting', planType: 'Type',
      sections: Object.fromEntries(sections.map((s) => [s, `Section ${s}`])) },
    grades: { Gold: 'outstanding', Silver: 'good', Bronze: 'requires-improvement', 'Significant gaps': 'inadequate' },
    auditorRoles: { EP: 'educational-psychologist', Caseworker: 'send-caseworker' },
  }, history, new Map());
  if (!parsed.ok) throw new Error(`demo history import: ${parsed.errors.slice(0, 3).map((e) => `${e.field}: ${e.message}`).join('; ')}`);
  for (const audit of parsed.audits) await storage.createAudit(tenant, audit);
};
