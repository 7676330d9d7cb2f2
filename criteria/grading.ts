/**
 * Grading as pure functions. The section grader in the browser and the adapter on
 * the server call these same functions, so the suggestion a user sees is the one
 * the server stores.
 */
import { NOT_APPLICABLE } from './constants.js';
import type { Framework, GradeLevel, Section, SectionInput } from './schema.js';

/** A grade as stored: a level id of the scale, or `na`. */
export type GradeId = string;

/** How a suggestion was reached, so the interface can say why. */
export interface SectionSuggestion {
  grade: GradeId;
  /** One sentence saying which rule decided. */
  reason: string;
  /** Criteria met per level id (and `na`), for counts such as "Good 3/7". */
  metByLevel: Record<string, { met: number; total: number }>;
}

function levelIndex(framework: Pick<Framework, 'scale'>, id: string): number {
  return framework.scale.levels.findIndex((l) => l.id === id);
}

/** The level with this id, or undefined (also for `na`). */
export function findLevel(framework: Pick<Framework, 'scale'>, id: string): GradeLevel | undefined {
  return framework.scale.levels.find((l) => l.id === id);
}

/** The label for a grade id, including Not applicable. */
export function gradeLabel(framework: Pick<Framework, 'scale'>, id: string): string {
  if (id === NOT_APPLICABLE) return framework.scale.notApplicableLabel;
  return findLevel(framework, id)?.label ?? id;
}

/** The section with this id, or undefined. */
export function findSection(framework: Framework, sectionId: string): Section | undefined {
  return framework.sections.find((s) => s.id === sectionId);
}

/** Grades a user may choose for a section: every level, plus `na` where the section allows it. */
export function allowedGrades(framework: Framework, section: Section): GradeId[] {
  const ids = framework.scale.levels.map((l) => l.id);
  return section.notApplicableWhen !== undefined ? [...ids, NOT_APPLICABLE] : ids;
}

/** Criterion ids in `criteriaMet` that the section does not have. */
export function unknownCriteria(section: Section, criteriaMet: readonly string[]): string[] {
  const known = new Set(section.criteria.map((c) => c.id));
  return criteriaMet.filter((id) => !known.has(id));
}

/**
 * Suggests a section's grade from the criteria met.
 *
 * Rules, in order:
 * 1. Not applicable, where the section allows it and its NA criterion is met.
 * 2. Any indicator met at a level below the expected one caps the grade at the
 *    worst such level (an Inadequate indicator gives Inadequate; otherwise a
 *    Requires-improvement indicator gives Requires improvement).
 * 3. Fewer expected-level ("Good") criteria met than the section's threshold
 *    (all, unless the data says otherwise) gives the level just below expected.
 * 4. A level above expected is reached when all of its criteria and all of
 *    those of every level between it and expected are met (all Good plus all
 *    Outstanding gives Outstanding).
 * 5. Otherwise the expected level.
 */
export function suggestSectionGrade(framework: Framework, section: Section, criteriaMet: Iterable<string>): SectionSuggestion {
  const met = new Set(criteriaMet);
  const levels = framework.scale.levels;
  const expectedIndex = levelIndex(framework, framework.scale.expected);
  const metByLevel: Record<string, { met: number; total: number }> = {};
  for (const level of [...levels.map((l) => l.id), NOT_APPLICABLE]) metByLevel[level] = { met: 0, total: 0 };
  for (const criterion of section.criteria) {
    const count = metByLevel[criterion.level];
    if (!count) continue;
    count.total++;
    if (met.has(criterion.id)) count.met++;
  }
  const result = (grade: GradeId, reason: string): SectionSuggestion => ({ grade, reason, metByLevel });

  if (section.notApplicableWhen !== undefined && metByLevel[NOT_APPLICABLE]!.met > 0) {
    return result(NOT_APPLICABLE, 'The section is not applicable to this plan.');
  }
  for (let i = levels.length - 1; i > expectedIndex; i--) {
    const level = levels[i]!;
    if (metByLevel[level.id]!.met > 0) return result(level.id, `An indicator of "${level.label}" is present.`);
  }
  const expected = levels[expectedIndex]!;
  const expectedCount = metByLevel[expected.id]!;
  const needed = section.expectedThreshold ?? expectedCount.total;
  if (expectedCount.met < needed) {
    const below = levels[expectedIndex + 1]!;
    return result(below.id, `${expectedCount.met} of ${expectedCount.total} "${expected.label}" criteria are met; ${needed} are needed.`);
  }
  let reached = expectedIndex;
  if (expectedCount.met === expectedCount.total) {
    for (let i = expectedIndex - 1; i >= 0; i--) {
      const count = metByLevel[levels[i]!.id]!;
      if (count.total === 0 || count.met < count.total) break;
      reached = i;
    }
  }
  if (reached < expectedIndex) {
    return result(levels[reached]!.id, `Every "${expected.label}" criterion is met, with criteria of "${levels[reached]!.label}".`);
  }
  return result(expected.id, `The "${expected.label}" criteria needed are met.`);
}

/** Whether a chosen grade needs a written reason: it differs from the suggestion. */
export function needsOverrideReason(suggested: GradeId, chosen: GradeId | null): boolean {
  return chosen !== null && chosen !== suggested;
}

/** Problems with one section's input, as field name and message; empty when valid. */
export function checkSectionInput(framework: Framework, section: Section, input: SectionInput): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  for (const id of unknownCriteria(section, input.criteriaMet)) {
    problems.push({ field: 'criteriaMet', message: `"${id}" is not a criterion of section ${section.id} in ${framework.id} ${framework.version}` });
  }
  if (input.grade !== null && !allowedGrades(framework, section).includes(input.grade)) {
    problems.push({ field: 'grade', message: `"${input.grade}" is not a grade section ${section.id} allows; use one of ${allowedGrades(framework, section).join(', ')}` });
  }
  if (problems.length === 0 && input.grade !== null) {
    const suggested = suggestSectionGrade(framework, section, input.criteriaMet).grade;
    if (needsOverrideReason(suggested, input.grade) && !input.overrideReason?.trim()) {
      problems.push({ field: 'overrideReason', message: `a reason is required because the chosen grade "${input.grade}" differs from the suggested grade "${suggested}"` });
    }
  }
  return problems;
}

export interface OverallGrade {
  /** The plan's grade, or null when no section has a grade other than Not applicable. */
  grade: GradeId | null;
  /** Weighted mean points of the graded sections (Not applicable excluded). */
  meanPoints: number | null;
  /** The grade the points alone give, before any limiting rule. */
  pointsGrade: GradeId | null;
  /** The limiting rule that capped the grade, if one did. */
  limitedBy: { sections: string[]; capAt: GradeId; reason: string } | null;
  /** Plain-English explanation of which rule decided. */
  explanation: string;
}

/**
 * The overall grade of a plan from its section grades.
 *
 * Weighted mean of each graded section's points (Not applicable sections are left
 * out), turned into a level by the framework's thresholds; then any limiting rule
 * (for example an Inadequate in B, E or F) caps the result.
 * Sections missing from `sectionGrades` or set to null are treated as not graded.
 */
export function overallGrade(framework: Framework, sectionGrades: Readonly<Record<string, GradeId | null | undefined>>): OverallGrade {
  let weighted = 0;
  let weights = 0;
  for (const section of framework.sections) {
    const grade = sectionGrades[section.id];
    if (grade == null || grade === NOT_APPLICABLE) continue;
    const level = findLevel(framework, grade);
    if (!level) continue;
    weighted += level.points * section.weight;
    weights += section.weight;
  }
  if (weights === 0) {
    return { grade: null, meanPoints: null, pointsGrade: null, limitedBy: null, explanation: 'No section has a grade yet.' };
  }
  const meanPoints = weighted / weights;
  const pointsGrade = framework.overall.thresholds.find((t) => meanPoints >= t.minMeanPoints)!.level;
  let grade = pointsGrade;
  let limitedBy: OverallGrade['limitedBy'] = null;
  for (const rule of framework.overall.limits) {
    const trigger = levelIndex(framework, rule.atOrBelow);
    const hit = rule.sections.filter((id) => {
      const g = sectionGrades[id];
      return g != null && g !== NOT_APPLICABLE && levelIndex(framework, g) >= trigger;
    });
    if (hit.length === 0) continue;
    if (levelIndex(framework, rule.capAt) > levelIndex(framework, grade)) {
      grade = rule.capAt;
      limitedBy = { sections: hit, capAt: rule.capAt, reason: rule.reason };
    }
  }
  const rounded = Math.round(meanPoints * 100) / 100;
  const base = `Weighted mean of ${rounded} points gives "${gradeLabel(framework, pointsGrade)}".`;
  const explanation = limitedBy
    ? `${base} Capped at "${gradeLabel(framework, grade)}" because section ${limitedBy.sections.join(', ')} is graded "${gradeLabel(framework, sectionGrades[limitedBy.sections[0]!]!)}": ${limitedBy.reason}`
    : base;
  return { grade, meanPoints, pointsGrade, limitedBy, explanation };
}

/** Whether `a` is at least as good as `b` (both level ids). */
export function isAtLeast(framework: Pick<Framework, 'scale'>, a: GradeId, b: GradeId): boolean {
  const ia = levelIndex(framework, a);
  return ia >= 0 && ia <= levelIndex(framework, b);
}
