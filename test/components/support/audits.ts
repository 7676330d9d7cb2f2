/** Audit objects shaped as the adapter returns them, for elements that work from properties. */
import { overallGrade, suggestSectionGrade } from '../../../criteria/grading.js';
import type { Audit, StoredSection } from 'ehcp-qa/components';
import { testFramework } from './framework.js';

export function storedSection(sectionId: string, criteriaMet: string[], grade: string | null, extra: Partial<StoredSection> = {}): StoredSection {
  const section = testFramework.sections.find((s) => s.id === sectionId)!;
  return {
    criteriaMet,
    grade,
    suggestedGrade: suggestSectionGrade(testFramework, section, criteriaMet).grade,
    overrideReason: null,
    comment: null,
    savedAt: '2026-03-02T10:00:00.000Z',
    ...extra,
  };
}

export function completedAudit(sections: Record<string, StoredSection>, overrides: Partial<Audit> = {}): Audit {
  const grades = Object.fromEntries(Object.entries(sections).map(([id, s]) => [id, s.grade]));
  return {
    id: 'audit_test_0001',
    frameworkId: testFramework.id,
    frameworkVersion: testFramework.version,
    planRef: 'PLAN-2026-0042',
    cycleId: null,
    auditorId: 'auditor-1',
    auditorRole: 'send-caseworker',
    plan: { planType: 'new', phase: 'primary', primaryNeed: 'ASD', settingType: 'mainstream' },
    status: 'completed',
    version: 4,
    sections,
    overall: overallGrade(testFramework, grades),
    startedAt: '2026-03-02T09:00:00.000Z',
    updatedAt: '2026-03-02T10:00:00.000Z',
    completedAt: '2026-03-02T10:05:00.000Z',
    activeSeconds: 900,
    reopenings: [],
    ...overrides,
  };
}
