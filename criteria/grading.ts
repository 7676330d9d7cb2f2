/**
 * Grading as pure functions. The section grader in the browser and the adapter on
 * the server call these same functions, so the suggestion a user sees is the one
 * the server stores.
 */
import { NOT_APPLICABLE, findLevel, gradeLabel } from './constants.js';
import type { Condition, Criterion, Framework, GradeLevel, Section, SectionInput } from './schema.js';

/** A grade as stored: a level id of the scale, or `na`. */
export type GradeId = string;

/** What the grading of one section depends on besides the ticks. */
export interface GradingContext {
  /** The plan's facts recorded on the audit (fact id → option id). Unanswered facts count as "applies". */
  facts?: Readonly<Record<string, string>> | undefined;
  /** The auditor's answer to the section's nil-statement question. Unanswered counts as "no". */
  nilStatement?: boolean | undefined;
  /** Criteria answered "cannot tell": they leave every count. */
  cannotTell?: Iterable<string> | undefined;
}

/** How a suggestion was reached, so the interface can say why. */
export interface SectionSuggestion {
  grade: GradeId;
  /** One or two sentences saying which rule decided. */
  reason: string;
  /** Applicable criteria met per level id (and `na`), for counts such as "Good 3/7". */
  metByLevel: Record<string, { met: number; total: number }>;
  /**
   * Core and quality counts of the expected level (applicable, "cannot tell" left out).
   * For a framework without core criteria every expected-level criterion counts as quality.
   */
  core: { met: number; total: number };
  quality: { met: number; total: number; mayMiss: number };
  /** Criteria that do not apply to this plan, with the reason in plain English. */
  notApplicable: { id: string; reason: string }[];
  /** Criteria answered "cannot tell" that were left out of the count. */
  cannotTell: string[];
}

function levelIndex(framework: Pick<Framework, 'scale'>, id: string): number {
  return framework.scale.levels.findIndex((l) => l.id === id);
}

export { findLevel, gradeLabel };

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
  return notIn(new Set(section.criteria.map((c) => c.id)), criteriaMet);
}

/** The ids `known` does not hold, in their order. */
function notIn(known: { has(id: string): boolean }, ids: readonly string[]): string[] {
  return ids.filter((id) => !known.has(id));
}

/**
 * Whether a condition holds for these facts and nil-statement answer. An unanswered
 * fact is unknown, and a condition that cannot be decided holds (the criterion still
 * shows), so `{ not: … }` of an unanswered fact holds too.
 */
export function conditionHolds(condition: Condition, context: GradingContext): boolean {
  return evaluate(condition, context) !== false;
}

/** Three-valued evaluation: true, false, or undefined when an unanswered fact decides it. */
function evaluate(condition: Condition, context: GradingContext): boolean | undefined {
  if ('fact' in condition) {
    const value = context.facts?.[condition.fact];
    return value === undefined ? undefined : condition.in.includes(value);
  }
  if ('nilStatement' in condition) return (context.nilStatement ?? false) === condition.nilStatement;
  if ('all' in condition) {
    const results = condition.all.map((c) => evaluate(c, context));
    return results.includes(false) ? false : results.includes(undefined) ? undefined : true;
  }
  if ('any' in condition) {
    const results = condition.any.map((c) => evaluate(c, context));
    return results.includes(true) ? true : results.includes(undefined) ? undefined : false;
  }
  const inner = evaluate(condition.not, context);
  return inner === undefined ? undefined : !inner;
}

function optionLabels(framework: Pick<Framework, 'facts'>, factId: string, ids: readonly string[]): { fact: string; options: string } {
  const fact = framework.facts?.find((f) => f.id === factId);
  const labels = ids.map((id) => fact?.options.find((o) => o.id === id)?.label ?? id);
  const options = labels.length <= 1 ? (labels[0] ?? '') : `${labels.slice(0, -1).join(', ')} or ${labels.at(-1)}`;
  return { fact: fact?.label ?? factId, options };
}

/** A condition in plain English, for example `the plan status is Draft`. */
export function describeCondition(framework: Pick<Framework, 'facts'>, condition: Condition): string {
  if ('fact' in condition) {
    const { fact, options } = optionLabels(framework, condition.fact, condition.in);
    return `the ${fact} is ${options}`;
  }
  if ('nilStatement' in condition) {
    return condition.nilStatement ? 'the section says there are none' : 'the section describes needs or provision';
  }
  if ('all' in condition) return condition.all.map((c) => describeCondition(framework, c)).join('; and ');
  if ('any' in condition) return condition.any.map((c) => describeCondition(framework, c)).join('; or ');
  return `not (${describeCondition(framework, condition.not)})`;
}

/** Whether a criterion applies to this plan. */
export function criterionApplies(criterion: Criterion, context: GradingContext = {}): boolean {
  return criterion.appliesWhen === undefined || conditionHolds(criterion.appliesWhen, context);
}

/** Why a criterion does not apply, in plain English, or null when it applies. */
export function notApplicableReason(framework: Pick<Framework, 'facts'>, criterion: Criterion, context: GradingContext = {}): string | null {
  if (criterionApplies(criterion, context)) return null;
  return `Applies only when ${describeCondition(framework, criterion.appliesWhen!)}.`;
}

/** Whether the framework grades with core and quality criteria (version 2 and later of `ehcp-plan`). */
function usesCoreQuality(section: Section): boolean {
  return section.qualityMayMiss !== undefined;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * Suggests a section's grade from the criteria met.
 *
 * Only criteria that apply to the plan count (see `appliesWhen`), and criteria the
 * auditor answered "cannot tell" leave every count. Rules, in order:
 * 1. Any weakness indicator met (a level below the expected one) gives the worst such
 *    level: an Inadequate indicator gives Inadequate, otherwise a Requires-improvement
 *    indicator gives Requires improvement. A weakness beats Not applicable.
 * 2. Not applicable, where the section allows it and its NA criterion is met.
 * 3. The expected level ("Good") needs, in a section with core and quality criteria
 *    (`qualityMayMiss` set), every applicable core criterion and all but
 *    `qualityMayMiss` of the applicable quality criteria; in an older section, the
 *    section's threshold (all, unless the data says otherwise). Otherwise the level just
 *    below expected.
 * 4. A level above expected is reached with at least `outstandingNeeds` of its
 *    applicable criteria (all by default; older sections also need every Good criterion).
 * 5. Otherwise the expected level.
 */
export function suggestSectionGrade(
  framework: Framework,
  section: Section,
  criteriaMet: Iterable<string>,
  context: GradingContext = {},
): SectionSuggestion {
  const met = new Set(criteriaMet);
  const unsure = new Set(context.cannotTell ?? []);
  const levels = framework.scale.levels;
  const expectedIndex = levelIndex(framework, framework.scale.expected);
  const expected = levels[expectedIndex]!;
  const coreQuality = usesCoreQuality(section);
  const metByLevel: Record<string, { met: number; total: number }> = {};
  for (const level of [...levels.map((l) => l.id), NOT_APPLICABLE]) metByLevel[level] = { met: 0, total: 0 };
  const core = { met: 0, total: 0 };
  const quality = { met: 0, total: 0, mayMiss: section.qualityMayMiss ?? 0 };
  const notApplicable: SectionSuggestion['notApplicable'] = [];
  const cannotTell: string[] = [];
  const unmetCore: Criterion[] = [];
  for (const criterion of section.criteria) {
    const why = notApplicableReason(framework, criterion, context);
    if (why !== null) {
      notApplicable.push({ id: criterion.id, reason: why });
      continue;
    }
    if (unsure.has(criterion.id) && !met.has(criterion.id)) {
      cannotTell.push(criterion.id);
      continue;
    }
    const count = metByLevel[criterion.level];
    if (!count) continue;
    const isMet = met.has(criterion.id);
    count.total++;
    if (isMet) count.met++;
    if (criterion.level === expected.id) {
      const bucket = coreQuality && criterion.core ? core : quality;
      bucket.total++;
      if (isMet) bucket.met++;
      else if (bucket === core) unmetCore.push(criterion);
    }
  }
  const unsureNote = cannotTell.length > 0 ? ` ${plural(cannotTell.length, 'criterion', 'criteria')} answered "cannot tell" ${cannotTell.length === 1 ? 'is' : 'are'} left out.` : '';
  const result = (grade: GradeId, reason: string): SectionSuggestion => ({
    grade,
    reason: reason + unsureNote,
    metByLevel,
    core,
    quality,
    notApplicable,
    cannotTell,
  });

  for (let i = levels.length - 1; i > expectedIndex; i--) {
    const level = levels[i]!;
    const count = metByLevel[level.id]!.met;
    if (count > 0) return result(level.id, `${count === 1 ? 'An indicator' : `${count} indicators`} of "${level.label}" ${count === 1 ? 'is' : 'are'} present.`);
  }
  if (section.notApplicableWhen !== undefined && metByLevel[NOT_APPLICABLE]!.met > 0) {
    return result(NOT_APPLICABLE, 'The section is not applicable to this plan.');
  }
  const below = levels[expectedIndex + 1]!;
  const expectedCount = metByLevel[expected.id]!;
  let expectedReason: string;
  if (coreQuality) {
    const qualityMissed = quality.total - quality.met;
    const coreText = core.total === 0 ? 'no core criteria apply' : core.met === core.total ? `all ${plural(core.total, 'core criterion', 'core criteria')} met` : `${core.met} of ${plural(core.total, 'core criterion', 'core criteria')} met`;
    const qualityText = quality.total === 0 ? 'no quality criteria apply' : `${quality.met} of ${plural(quality.total, 'quality criterion', 'quality criteria')} met, ${quality.mayMiss} may be missed`;
    const summary = `${coreText[0]!.toUpperCase()}${coreText.slice(1)}; ${qualityText}.`;
    if (core.met < core.total) {
      const first = unmetCore[0]!;
      return result(below.id, `${summary} Every core criterion is needed for "${expected.label}"; not met: "${first.text.replace(/[.]$/, '')}"${unmetCore.length > 1 ? ` and ${plural(unmetCore.length - 1, 'other')}` : ''}.`);
    }
    if (qualityMissed > quality.mayMiss) {
      return result(below.id, `${summary} ${plural(qualityMissed, 'quality criterion', 'quality criteria')} missed is more than the ${quality.mayMiss} allowed for "${expected.label}".`);
    }
    expectedReason = summary;
  } else {
    const needed = section.expectedThreshold ?? expectedCount.total;
    if (expectedCount.met < needed) {
      return result(below.id, `${expectedCount.met} of ${expectedCount.total} "${expected.label}" criteria are met; ${needed} are needed.`);
    }
    expectedReason = `The "${expected.label}" criteria needed are met.`;
  }
  let reached = expectedIndex;
  if (coreQuality || expectedCount.met === expectedCount.total) {
    for (let i = expectedIndex - 1; i >= 0; i--) {
      const count = metByLevel[levels[i]!.id]!;
      const needed = coreQuality && i === expectedIndex - 1 ? Math.min(section.outstandingNeeds ?? count.total, count.total) : count.total;
      if (count.total === 0 || count.met < needed) break;
      reached = i;
    }
  }
  if (reached < expectedIndex) {
    const top = levels[reached]!;
    const count = metByLevel[top.id]!;
    return result(top.id, coreQuality
      ? `${expectedReason} ${count.met} of ${plural(count.total, `"${top.label}" criterion`, `"${top.label}" criteria`)} met.`
      : `Every "${expected.label}" criterion is met, with criteria of "${levels[reached]!.label}".`);
  }
  return result(expected.id, expectedReason);
}

/** Whether a chosen grade needs a written reason: it differs from the suggestion. */
export function needsOverrideReason(suggested: GradeId, chosen: GradeId | null): boolean {
  return chosen !== null && chosen !== suggested;
}

/** Problems with one section's input, as field name and message; empty when valid. */
export function checkSectionInput(
  framework: Framework,
  section: Section,
  input: SectionInput,
  facts?: Readonly<Record<string, string>>,
): { field: string; message: string }[] {
  return checkSection(framework, section, input, facts).problems;
}

/**
 * {@link checkSectionInput}'s problems, and the grade {@link suggestSectionGrade} suggests for the input when the
 * check computed it on the way (a valid input with a grade chosen), so a caller that needs it too need not grade again.
 */
export function checkSection(
  framework: Framework,
  section: Section,
  input: SectionInput,
  facts?: Readonly<Record<string, string>>,
): { problems: { field: string; message: string }[]; suggestedGrade: GradeId | undefined } {
  const problems: { field: string; message: string }[] = [];
  const where = `section ${section.id} in ${framework.id} ${framework.version}`;
  const byId = new Map(section.criteria.map((c) => [c.id, c]));
  for (const id of notIn(byId, input.criteriaMet)) problems.push({ field: 'criteriaMet', message: `"${id}" is not a criterion of ${where}` });
  const cannotTell = input.cannotTell ?? [];
  for (const id of notIn(byId, cannotTell)) problems.push({ field: 'cannotTell', message: `"${id}" is not a criterion of ${where}` });
  const met = new Set(input.criteriaMet);
  for (const id of cannotTell) {
    const criterion = byId.get(id);
    if (!criterion) continue;
    if (!criterion.needsAdvice) problems.push({ field: 'cannotTell', message: `"${id}" can be answered from the plan, so "cannot tell" is not allowed for it` });
    else if (met.has(id)) problems.push({ field: 'cannotTell', message: `"${id}" is both ticked as met and answered "cannot tell"; choose one` });
  }
  if (input.nilStatement !== undefined && !section.nilStatement) {
    problems.push({ field: 'nilStatement', message: `section ${section.id} has no nil-statement question; leave nilStatement out` });
  }
  const context: GradingContext = { facts, nilStatement: input.nilStatement, cannotTell };
  for (const id of input.criteriaMet) {
    const criterion = byId.get(id);
    if (!criterion) continue;
    const why = notApplicableReason(framework, criterion, context);
    if (why !== null) problems.push({ field: 'criteriaMet', message: `"${id}" does not apply to this plan and cannot be ticked. ${why}` });
  }
  const expectedIndex = levelIndex(framework, framework.scale.expected);
  const naTicked = input.criteriaMet.filter((id) => byId.get(id)?.level === NOT_APPLICABLE);
  const weaknesses = input.criteriaMet.filter((id) => {
    const level = byId.get(id)?.level;
    return level !== undefined && levelIndex(framework, level) > expectedIndex;
  });
  if (naTicked.length > 0 && weaknesses.length > 0) {
    problems.push({
      field: 'criteriaMet',
      message: `"${naTicked[0]}" (Not applicable) cannot be ticked together with the weakness indicator${weaknesses.length > 1 ? 's' : ''} ${weaknesses.map((id) => `"${id}"`).join(', ')}: a section with a weakness is graded on it`,
    });
  }
  if (input.grade !== null && !allowedGrades(framework, section).includes(input.grade)) {
    problems.push({ field: 'grade', message: `"${input.grade}" is not a grade section ${section.id} allows; use one of ${allowedGrades(framework, section).join(', ')}` });
  }
  let suggestedGrade: GradeId | undefined;
  if (problems.length === 0 && input.grade !== null) {
    const suggested = suggestSectionGrade(framework, section, input.criteriaMet, context).grade;
    if (needsOverrideReason(suggested, input.grade) && !input.overrideReason?.trim()) {
      problems.push({ field: 'overrideReason', message: `a reason is required because the chosen grade "${input.grade}" differs from the suggested grade "${suggested}"` });
    }
    suggestedGrade = suggested;
  }
  return { problems, suggestedGrade };
}

/**
 * A section's answers graded again with new plan facts, the one rule the adapter (for
 * saved sections) and the audit element (for unsaved ones) follow: ticks and "cannot
 * tell" answers on criteria that no longer apply are dropped, and a grade that followed
 * the old suggestion follows the new one (a grade the auditor chose stays).
 */
export function regradeForFacts(
  framework: Framework,
  section: Section,
  answers: { criteriaMet: readonly string[]; cannotTell?: readonly string[] | undefined; nilStatement?: boolean | undefined; grade: GradeId | null; suggestedGrade: GradeId },
  facts: Readonly<Record<string, string>> | undefined,
): { criteriaMet: string[]; cannotTell: string[]; suggestedGrade: GradeId; grade: GradeId | null } {
  const context: GradingContext = { facts, nilStatement: answers.nilStatement };
  const applies = (id: string) => {
    const criterion = section.criteria.find((c) => c.id === id);
    return !criterion || notApplicableReason(framework, criterion, context) === null;
  };
  const criteriaMet = answers.criteriaMet.filter(applies);
  const cannotTell = (answers.cannotTell ?? []).filter(applies);
  const suggestedGrade = suggestSectionGrade(framework, section, criteriaMet, { ...context, cannotTell }).grade;
  const grade = answers.grade === answers.suggestedGrade ? suggestedGrade : answers.grade;
  return { criteriaMet, cannotTell, suggestedGrade, grade };
}

/** Problems with an audit's plan facts: unknown fact ids or options. Empty when valid. */
export function checkPlanFacts(framework: Framework, facts: Readonly<Record<string, string>>): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  for (const [id, value] of Object.entries(facts)) {
    const fact = framework.facts?.find((f) => f.id === id);
    if (!fact) {
      const known = (framework.facts ?? []).map((f) => f.id);
      problems.push({ field: `facts.${id}`, message: known.length ? `"${id}" is not a fact of ${framework.id} ${framework.version}; use one of ${known.join(', ')}` : `${framework.id} ${framework.version} records no plan facts` });
    } else if (!fact.options.some((o) => o.id === value)) {
      problems.push({ field: `facts.${id}`, message: `"${value}" is not an answer to "${fact.question}"; use one of ${fact.options.map((o) => o.id).join(', ')}` });
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
