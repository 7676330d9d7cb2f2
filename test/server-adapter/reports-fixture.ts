// The report fixture: three cycles of audits with hand-countable grades, written
// straight into a storage (the audits are what the adapter would store: section
// grades, criteria, and the overall grade computed by the real grading function).
//
// Cycle 2 reproduces the sample report: 71 plans, 31 Good, 18 Requires
// improvement, 22 Inadequate (43.7% / 25.4% / 31.0%).
import assert from 'node:assert/strict';
import { ehcpPlanV1, overallGrade, suggestSectionGrade } from 'ehcp-qa/criteria';
import type { Audit, Cycle, QaStorage } from 'ehcp-qa/server';

export const CYCLES: Cycle[] = [
  { id: 'cycle-2025-spring', name: 'Spring 2025', startDate: '2025-01-01', endDate: '2025-03-31', kpiTarget: null, createdAt: '2025-01-01T00:00:00.000Z' },
  { id: 'cycle-2025-summer', name: 'Summer 2025', startDate: '2025-04-01', endDate: '2025-07-31', kpiTarget: { level: 'good', share: 0.8, by: '2026-03-31' }, createdAt: '2025-04-01T00:00:00.000Z' },
  { id: 'cycle-2025-autumn', name: 'Autumn 2025', startDate: '2025-09-01', endDate: '2025-12-19', kpiTarget: { level: 'good', share: 0.8, by: '2026-03-31' }, createdAt: '2025-09-01T00:00:00.000Z' },
];

/** Overall grade counts per cycle: [good, requires-improvement, inadequate]. */
export const COUNTS: Record<string, [number, number, number]> = {
  'cycle-2025-spring': [12, 20, 20],
  'cycle-2025-summer': [31, 18, 22],
  'cycle-2025-autumn': [40, 12, 8],
};

const goodCriteria = (sectionId: string) =>
  ehcpPlanV1.sections.find((s) => s.id === sectionId)!.criteria.filter((c) => c.level === 'good').map((c) => c.id);

/**
 * Audit `i` of a cycle: every section graded like the plan's overall grade, except
 * section C, Not applicable in every fourth audit. Every third audit is of a
 * secondary-phase plan; every seventh belongs to `ownAuditor`. Active time is
 * 600 + 10·i seconds. Good sections meet every Good criterion but the first.
 */
export function fixtureAudit(cycle: Cycle, i: number, grade: string, ownAuditor: string): Audit {
  const sections: Audit['sections'] = {};
  const grades: Record<string, string> = {};
  for (const s of ehcpPlanV1.sections) {
    const g = s.id === 'C' && i % 4 === 0 ? 'na' : grade;
    grades[s.id] = g;
    const criteriaMet = g === 'good' ? goodCriteria(s.id).slice(1) : g === 'na' ? s.criteria.filter((c) => c.level === 'na').map((c) => c.id) : [];
    const suggestedGrade = suggestSectionGrade(ehcpPlanV1, s, criteriaMet).grade;
    const overrideReason = suggestedGrade === g ? null : 'The auditor judged the section differently from the suggestion.';
    sections[s.id] = { criteriaMet, grade: g, suggestedGrade, overrideReason, comment: null, savedAt: `${cycle.startDate}T10:00:00.000Z` };
  }
  const overall = overallGrade(ehcpPlanV1, grades);
  assert.equal(overall.grade, grade, `fixture audit ${i} should be ${grade}`);
  const day = String(1 + (i % 28)).padStart(2, '0');
  const month = cycle.startDate.slice(0, 7);
  return {
    id: `${cycle.id}-audit-${String(i).padStart(3, '0')}`,
    frameworkId: 'ehcp-plan',
    frameworkVersion: ehcpPlanV1.version,
    planRef: `PLAN-${cycle.id.slice(-6)}-${i}`,
    cycleId: cycle.id,
    auditorId: i % 7 === 0 ? ownAuditor : 'aud-someone-else',
    auditorRole: i % 2 === 0 ? 'send-caseworker' : 'health',
    plan: { planType: 'new', phase: i % 3 === 0 ? 'secondary' : 'primary', primaryNeed: i % 2 === 0 ? 'ASD' : 'SEMH', settingType: 'mainstream', teamRef: 'team-north' },
    status: 'completed',
    version: 15,
    sections,
    overall,
    startedAt: `${month}-${day}T09:00:00.000Z`,
    updatedAt: `${month}-${day}T11:00:00.000Z`,
    completedAt: `${month}-${day}T11:00:00.000Z`,
    activeSeconds: 600 + 10 * i,
    reopenings: [],
  };
}

/** Writes the three cycles and their audits for `tenant`. Returns the number of audits written. */
export async function seedReportFixture(storage: QaStorage, tenant: string, ownAuditor: string): Promise<number> {
  let n = 0;
  for (const cycle of CYCLES) {
    await storage.createCycle(tenant, cycle);
    const [good, ri, inadequate] = COUNTS[cycle.id]!;
    const total = good + ri + inadequate;
    for (let i = 0; i < total; i++) {
      const grade = i < good ? 'good' : i < good + ri ? 'requires-improvement' : 'inadequate';
      await storage.createAudit(tenant, fixtureAudit(cycle, i, grade, ownAuditor));
      n++;
    }
  }
  return n;
}
