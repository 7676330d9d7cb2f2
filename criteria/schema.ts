/**
 * The shape of a quality framework, as zod schemas. Types are inferred from them,
 * so the data files, the grader in the browser and the adapter on the server all
 * agree on one definition. Uses `zod/mini` to keep the browser bundle small.
 *
 * No DOM and no Node APIs here: this module runs on both sides.
 */
import * as z from 'zod/mini';

/** Ids are short, stable, machine-friendly: `good`, `requires-improvement`, `F.good.quantified`. */
const slug = z.string().check(z.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'use lower-case letters, digits and hyphens'));
const nonEmpty = (max: number) => z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(max));

import { NOT_APPLICABLE } from './constants.js';

/** The marker used for "Not applicable" wherever a grade is stored (defined in constants.ts). */
export { NOT_APPLICABLE };

export const GradeLevelSchema = z.strictObject({
  /** Stable id stored in audits, for example `good`. */
  id: slug,
  /** What people read, for example "Requires improvement". */
  label: nonEmpty(60),
  /** 1 is the best level; ranks are consecutive. */
  rank: z.int().check(z.gte(1)),
  /** Name of the design token that colours this grade (`--ehcp-grade-<colour>`); never the only cue. */
  colour: slug,
  /** Points used by the overall-grade rule; a better level never has fewer points. */
  points: z.number().check(z.gte(0)),
});
export type GradeLevel = z.infer<typeof GradeLevelSchema>;

export const GradeScaleSchema = z.strictObject({
  id: slug,
  label: nonEmpty(80),
  /** Best first. */
  levels: z.array(GradeLevelSchema).check(z.minLength(2), z.maxLength(6)),
  /**
   * The level a plan should reach ("Good"). Criteria at this level and above are
   * things a good section does; levels below it hold indicators of weakness.
   */
  expected: slug,
  /** Label shown for the Not applicable marker. */
  notApplicableLabel: nonEmpty(60),
});
export type GradeScale = z.infer<typeof GradeScaleSchema>;

export const CriterionSchema = z.strictObject({
  /** `<section>.<level>.<name>`, for example `F.good.quantified`. Never reused with another meaning. */
  id: z.string().check(z.regex(/^[A-Z][A-Z0-9]*\.(?:[a-z0-9]+(?:-[a-z0-9]+)*)\.[a-z0-9]+(?:-[a-z0-9]+)*$/, 'criterion ids look like F.good.quantified')),
  /** A level id of the scale, or `na` for the criterion that makes a section Not applicable. */
  level: slug,
  /** One observable statement an auditor can check by reading the plan. */
  text: nonEmpty(400),
  /** Optional help shown beside the statement. */
  hint: z.optional(nonEmpty(600)),
});
export type Criterion = z.infer<typeof CriterionSchema>;

export const SectionGuidanceSchema = z.strictObject({
  /** "How do I choose the correct criteria?" */
  choosing: nonEmpty(2000),
  /** "What does good look like?" */
  goodLooksLike: nonEmpty(2000),
  /** A short, fictional excerpt of a good section. */
  example: nonEmpty(2000),
  /** How a plan writer can improve this section. */
  recommendations: z.array(nonEmpty(400)).check(z.minLength(1)),
});
export type SectionGuidance = z.infer<typeof SectionGuidanceSchema>;

export const SectionSchema = z.strictObject({
  /** A, B, C, D, E, F, G, H1, H2, I, J, K for EHC plans. */
  id: z.string().check(z.regex(/^[A-Z][A-Z0-9]*$/, 'section ids are capital letters and digits, for example H1')),
  title: nonEmpty(120),
  /** The statutory purpose in one sentence. */
  purpose: nonEmpty(400),
  /** How much the section counts in the overall grade. */
  weight: z.number().check(z.gt(0), z.lte(10)),
  /** When Not applicable may be chosen; absent when the section can never be Not applicable. */
  notApplicableWhen: z.optional(nonEmpty(400)),
  /**
   * How many of the expected-level ("Good") criteria must be met for the section
   * to reach the expected level. Absent: all of them.
   */
  expectedThreshold: z.optional(z.int().check(z.gte(1))),
  criteria: z.array(CriterionSchema).check(z.minLength(1)),
  guidance: SectionGuidanceSchema,
});
export type Section = z.infer<typeof SectionSchema>;

export const LimitingRuleSchema = z.strictObject({
  /** The sections the rule watches. */
  sections: z.array(z.string()).check(z.minLength(1)),
  /** The rule applies when any of those sections is graded at this level or worse. */
  atOrBelow: slug,
  /** The best overall grade the plan can then have. */
  capAt: slug,
  /** Plain-English reason shown in the explanation. */
  reason: nonEmpty(300),
});
export type LimitingRule = z.infer<typeof LimitingRuleSchema>;

export const OverallRuleSchema = z.strictObject({
  /**
   * Minimum weighted mean points for each level, best first. The last level must
   * have 0 so every plan gets a grade.
   */
  thresholds: z.array(z.strictObject({ level: slug, minMeanPoints: z.number().check(z.gte(0)) })).check(z.minLength(2)),
  limits: z.array(LimitingRuleSchema),
  /** The rule in plain English, for docs and the summary. */
  description: nonEmpty(1200),
});
export type OverallRule = z.infer<typeof OverallRuleSchema>;

const FrameworkObjectSchema = z.strictObject({
  id: slug,
  /** Semantic version. A change of meaning is a new version, never an edit. */
  version: z.string().check(z.regex(/^\d+\.\d+\.\d+$/, 'use a semantic version such as 1.0.0')),
  title: nonEmpty(160),
  description: nonEmpty(1200),
  scale: GradeScaleSchema,
  sections: z.array(SectionSchema).check(z.minLength(1)),
  overall: OverallRuleSchema,
});

/** Cross-field rules a framework must keep. Each failure names the path it concerns. */
export const FrameworkSchema = FrameworkObjectSchema.check(
  z.superRefine((fw, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.issues.push({ code: 'custom', message, path, input: fw });
    const levelIds = fw.scale.levels.map((l) => l.id);
    const levelSet = new Set(levelIds);
    if (levelSet.size !== levelIds.length) issue(['scale', 'levels'], 'level ids must be unique');
    fw.scale.levels.forEach((level, i) => {
      if (level.rank !== i + 1) issue(['scale', 'levels', i, 'rank'], `levels are listed best first with ranks 1, 2, 3…; expected ${i + 1}`);
      if (level.id === NOT_APPLICABLE) issue(['scale', 'levels', i, 'id'], `"${NOT_APPLICABLE}" is reserved for Not applicable`);
      const next = fw.scale.levels[i + 1];
      if (next && next.points > level.points) issue(['scale', 'levels', i + 1, 'points'], 'a worse level cannot have more points than a better one');
    });
    const expectedIndex = levelIds.indexOf(fw.scale.expected);
    if (expectedIndex < 0) issue(['scale', 'expected'], `unknown level "${fw.scale.expected}"`);
    if (expectedIndex === levelIds.length - 1) issue(['scale', 'expected'], 'the expected level must have at least one level below it');

    const sectionIds = new Set<string>();
    const criterionIds = new Set<string>();
    fw.sections.forEach((section, si) => {
      const at = (...rest: (string | number)[]) => ['sections', si, ...rest];
      if (sectionIds.has(section.id)) issue(at('id'), `duplicate section id "${section.id}"`);
      sectionIds.add(section.id);
      let expectedCount = 0;
      let naCount = 0;
      section.criteria.forEach((criterion, ci) => {
        if (criterionIds.has(criterion.id)) issue(at('criteria', ci, 'id'), `duplicate criterion id "${criterion.id}"`);
        criterionIds.add(criterion.id);
        if (criterion.level !== NOT_APPLICABLE && !levelSet.has(criterion.level)) {
          issue(at('criteria', ci, 'level'), `unknown level "${criterion.level}"; use one of ${[...levelIds, NOT_APPLICABLE].join(', ')}`);
        }
        const [sec, lvl] = criterion.id.split('.');
        if (sec !== section.id || lvl !== criterion.level) {
          issue(at('criteria', ci, 'id'), `criterion id must start with "${section.id}.${criterion.level}."`);
        }
        if (criterion.level === fw.scale.expected) expectedCount++;
        if (criterion.level === NOT_APPLICABLE) naCount++;
      });
      if (expectedCount === 0) issue(at('criteria'), `needs at least one "${fw.scale.expected}" criterion`);
      if (section.expectedThreshold !== undefined && section.expectedThreshold > expectedCount) {
        issue(at('expectedThreshold'), `is ${section.expectedThreshold} but the section has only ${expectedCount} "${fw.scale.expected}" criteria`);
      }
      if (section.notApplicableWhen !== undefined && naCount !== 1) issue(at('criteria'), 'a section that allows Not applicable needs exactly one "na" criterion');
      if (section.notApplicableWhen === undefined && naCount > 0) issue(at('notApplicableWhen'), 'say when Not applicable is allowed, or remove the "na" criterion');
    });

    const thresholds = fw.overall.thresholds;
    thresholds.forEach((t, i) => {
      if (!levelSet.has(t.level)) issue(['overall', 'thresholds', i, 'level'], `unknown level "${t.level}"`);
      if (i > 0 && t.minMeanPoints > thresholds[i - 1]!.minMeanPoints) issue(['overall', 'thresholds', i, 'minMeanPoints'], 'thresholds must not rise from best to worst');
    });
    if (thresholds.map((t) => t.level).join() !== levelIds.join()) issue(['overall', 'thresholds'], `list one threshold per level, in the scale's order: ${levelIds.join(', ')}`);
    if (thresholds.at(-1)?.minMeanPoints !== 0) issue(['overall', 'thresholds'], 'the last threshold must be 0 so every plan gets a grade');
    fw.overall.limits.forEach((rule, ri) => {
      rule.sections.forEach((id, i) => { if (!sectionIds.has(id)) issue(['overall', 'limits', ri, 'sections', i], `unknown section "${id}"`); });
      if (!levelSet.has(rule.atOrBelow)) issue(['overall', 'limits', ri, 'atOrBelow'], `unknown level "${rule.atOrBelow}"`);
      if (!levelSet.has(rule.capAt)) issue(['overall', 'limits', ri, 'capAt'], `unknown level "${rule.capAt}"`);
    });
  }),
);
export type Framework = z.infer<typeof FrameworkSchema>;

/** What an auditor records for one section. The same shape in the grader, the API and storage. */
export const SectionInputSchema = z.strictObject({
  criteriaMet: z.array(z.string().check(z.maxLength(120))).check(z.maxLength(200)),
  /** A level id, `na`, or null when no grade is chosen yet. */
  grade: z.nullable(z.string().check(z.maxLength(60))),
  /** Required when the chosen grade differs from the suggestion. */
  overrideReason: z.optional(z.string().check(z.maxLength(2000))),
  comment: z.optional(z.string().check(z.maxLength(4000))),
});
export type SectionInput = z.infer<typeof SectionInputSchema>;

/** A graded section as stored: the input plus the suggestion computed from the criteria. */
export interface SectionResult extends SectionInput {
  sectionId: string;
  suggestedGrade: string;
}

/** Raised when framework data does not validate; lists each path and problem. */
export class FrameworkValidationError extends Error {
  override name = 'FrameworkValidationError';
  constructor(
    readonly source: string,
    readonly problems: { path: string; message: string }[],
  ) {
    super(`Framework ${source} is not valid:\n${problems.map((p) => `  - ${p.path || '(root)'}: ${p.message}`).join('\n')}`);
  }
}

/** Turns a zod issue path into `sections[3].criteria[0].id`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, key) => (typeof key === 'number' ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)), '');
}

/**
 * Validates framework data and returns it typed, or throws a
 * {@link FrameworkValidationError} naming every problem.
 *
 * @example
 * const framework = loadFramework(json, 'my-la-framework.json');
 */
export function loadFramework(data: unknown, source = 'framework'): Framework {
  const result = FrameworkSchema.safeParse(data);
  if (result.success) return result.data;
  throw new FrameworkValidationError(
    source,
    result.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
  );
}
