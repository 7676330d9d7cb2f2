/**
 * Realistic audit data for the benchmarks, made with the real framework and the
 * real grading functions, from a seeded random generator so every run sees the
 * same data. No names or dates of birth: plan references are opaque.
 */
import { ehcpPlanV1, suggestSectionGrade, overallGrade, checkSectionInput, NOT_APPLICABLE, type Framework, type Section } from 'ehcp-qa/criteria';

export const framework: Framework = ehcpPlanV1;

/** A small, fast, seeded generator (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

export const planTypes = ['new', 'annual-review', 'transfer'] as const;
export const phases = ['early-years', 'primary', 'secondary', 'post-16', 'post-19'] as const;
export const primaryNeeds = ['SPLD', 'MLD', 'SLD', 'PMLD', 'SEMH', 'SLCN', 'HI', 'VI', 'MSI', 'PD', 'ASD', 'OTH'] as const;
export const settingTypes = ['mainstream', 'resourced-provision', 'special', 'independent-special', 'alternative-provision', 'further-education', 'early-years', 'other'] as const;
export const auditorRoles = ['send-caseworker', 'send-manager', 'educational-psychologist', 'health', 'social-care', 'parent-carer-forum', 'senior-leader', 'other'] as const;

/**
 * Criteria an auditor might tick for one section: `quality` near 1 ticks most
 * expected-level criteria and few weakness indicators; near 0 the opposite.
 */
export function tickCriteria(random: () => number, section: Section, quality: number): string[] {
  const levels = framework.scale.levels.map((l) => l.id);
  const expectedIndex = levels.indexOf(framework.scale.expected);
  const met: string[] = [];
  for (const criterion of section.criteria) {
    const index = levels.indexOf(criterion.level);
    let chance: number;
    if (criterion.level === NOT_APPLICABLE) chance = 0.03;
    else if (index < expectedIndex) chance = quality ** 2 * 0.7; // above expected
    else if (index === expectedIndex) chance = 0.86 + quality * 0.14;
    else chance = (1 - quality) ** 3 * 0.12; // weakness indicators
    if (random() < chance) met.push(criterion.id);
  }
  return met;
}

export interface BenchSection {
  criteriaMet: string[];
  grade: string;
  suggestedGrade: string;
  overrideReason?: string;
  comment?: string;
  savedAt: string;
}

/** Every section graded, each grade the suggestion (so no override reason is needed). */
export function gradedSections(random: () => number, savedAt: string): Record<string, BenchSection> {
  const quality = random();
  const sections: Record<string, BenchSection> = {};
  for (const section of framework.sections) {
    const criteriaMet = tickCriteria(random, section, Math.min(1, Math.max(0, quality + (random() - 0.5) * 0.4)));
    const suggested = suggestSectionGrade(framework, section, criteriaMet).grade;
    sections[section.id] = {
      criteriaMet,
      grade: suggested,
      suggestedGrade: suggested,
      comment: random() < 0.5 ? `Checked against the assessment advice; see note ${Math.floor(random() * 1000)}.` : undefined,
      savedAt,
    };
  }
  return sections;
}

/** A complete audit as the API returns it (shape of docs/architecture.md). */
export function completedAudit(random: () => number, index: number, cycleId: string | null = 'cycle-bench') {
  const startedAt = new Date(Date.UTC(2026, 8, 1) + Math.floor(random() * 60) * 86_400_000).toISOString();
  const sections = gradedSections(random, startedAt);
  const grades = Object.fromEntries(Object.entries(sections).map(([id, s]) => [id, s.grade]));
  return {
    id: `audit-${String(index).padStart(7, '0')}`,
    frameworkId: framework.id,
    frameworkVersion: framework.version,
    planRef: `PLAN-${String(100000 + index)}`,
    cycleId,
    auditorId: `auditor-${Math.floor(random() * 40)}`,
    auditorRole: pick(random, auditorRoles),
    plan: {
      planType: pick(random, planTypes),
      phase: pick(random, phases),
      primaryNeed: pick(random, primaryNeeds),
      settingType: pick(random, settingTypes),
      teamRef: `team-${Math.floor(random() * 6)}`,
      caseworkerRef: `cw-${Math.floor(random() * 60)}`,
    },
    status: 'completed' as const,
    version: 14,
    sections,
    overall: overallGrade(framework, grades),
    startedAt,
    completedAt: startedAt,
    activeSeconds: 600 + Math.floor(random() * 3000),
  };
}

/**
 * Save bodies for saveSection that are valid for the framework: criteria ticked and
 * the suggested grade chosen, `count` per section, deterministic.
 */
export function saveBodies(count: number, seed = 7): { sectionId: string; body: { criteriaMet: string[]; grade: string; comment: string; activeSeconds: number } }[] {
  const random = seeded(seed);
  const bodies = [];
  for (let i = 0; i < count; i++) {
    const section = framework.sections[i % framework.sections.length]!;
    // Only bodies the adapter accepts (a tick set the grading rules refuse is drawn again), so every save under load is a real write.
    let criteriaMet = tickCriteria(random, section, random());
    while (checkSectionInput(framework, section, { criteriaMet, grade: suggestSectionGrade(framework, section, criteriaMet).grade }).length > 0) {
      criteriaMet = tickCriteria(random, section, random());
    }
    bodies.push({
      sectionId: section.id,
      body: { criteriaMet, grade: suggestSectionGrade(framework, section, criteriaMet).grade, comment: `Load test save ${i}.`, activeSeconds: 30 },
    });
  }
  return bodies;
}
