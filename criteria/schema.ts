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

/**
 * When a criterion applies, from facts of the plan the audit records once (see
 * {@link FactSchema}) and from the auditor's answer to a section's nil-statement
 * question. Composable: `{ all: [...] }`, `{ any: [...] }`, `{ not: ... }`.
 */
export type Condition =
  | { fact: string; in: string[] }
  | { nilStatement: boolean }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export const ConditionSchema: z.ZodMiniType<Condition> = z.union([
  z.strictObject({ fact: slug, in: z.array(slug).check(z.minLength(1)) }),
  z.strictObject({ nilStatement: z.boolean() }),
  z.strictObject({ get all() { return z.array(ConditionSchema).check(z.minLength(1)); } }),
  z.strictObject({ get any() { return z.array(ConditionSchema).check(z.minLength(1)); } }),
  z.strictObject({ get not() { return ConditionSchema; } }),
]);

/** A fact about the plan that the audit records once, at the start (for example its status). */
export const FactSchema = z.strictObject({
  id: slug,
  /** A short name used in sentences, for example "age band" ("Applies only when the age band is …"). */
  label: nonEmpty(60),
  /** The question the grader asks, for example "What is the status of this plan?". */
  question: nonEmpty(200),
  hint: z.optional(nonEmpty(400)),
  options: z.array(z.strictObject({ id: slug, label: nonEmpty(80) })).check(z.minLength(2), z.maxLength(12)),
});
export type Fact = z.infer<typeof FactSchema>;

/** A list of terms defined once in a framework and referred to by criteria (for example vague wording). */
export const GlossarySchema = z.strictObject({
  id: slug,
  label: nonEmpty(80),
  description: nonEmpty(600),
  terms: z.array(nonEmpty(80)).check(z.minLength(1), z.maxLength(100)),
});
export type Glossary = z.infer<typeof GlossarySchema>;

export const CriterionSchema = z.strictObject({
  /** `<section>.<level>.<name>`, for example `F.good.quantified`. Never reused with another meaning. */
  id: z.string().check(z.regex(/^[A-Z][A-Z0-9]*\.(?:[a-z0-9]+(?:-[a-z0-9]+)*)\.[a-z0-9]+(?:-[a-z0-9]+)*$/, 'criterion ids look like F.good.quantified')),
  /** A level id of the scale, or `na` for the criterion that makes a section Not applicable. */
  level: slug,
  /** One observable statement an auditor can check by reading the plan. */
  text: nonEmpty(400),
  /** Optional help shown beside the statement. */
  hint: z.optional(nonEmpty(600)),
  /**
   * Expected-level criteria only: statutory, or the heart of the section. Good needs
   * every applicable core criterion; the others ("quality" criteria) may be missed up
   * to the section's `qualityMayMiss`.
   */
  core: z.optional(z.boolean()),
  /** When the criterion applies; absent means always. Criteria that do not apply leave every count. */
  appliesWhen: z.optional(ConditionSchema),
  /** On a weakness indicator: the expected-level criterion it is the failing side of. */
  mirrors: z.optional(z.string().check(z.maxLength(120))),
  /** Only answerable with the advice documents: the auditor may answer "cannot tell". */
  needsAdvice: z.optional(z.boolean()),
  /** The id of a glossary of the framework that this criterion refers to. */
  glossary: z.optional(slug),
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
  /**
   * Core-and-quality rule: Good needs every applicable core criterion and all but this
   * many applicable quality criteria. When set, `expectedThreshold` must be absent.
   */
  qualityMayMiss: z.optional(z.int().check(z.gte(0))),
  /** With `qualityMayMiss`: how many applicable above-expected criteria make the level above (default: all). */
  outstandingNeeds: z.optional(z.int().check(z.gte(1))),
  /** Sections that may say "there are none": the question the auditor answers once for the section. */
  nilStatement: z.optional(z.strictObject({ question: nonEmpty(200), hint: z.optional(nonEmpty(600)) })),
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
  /**
   * What an audit with this framework looks at: a plan (the default when absent), an
   * annual review, or one professional's advice. An advice audit records the service
   * and team that contributed the advice.
   */
  subject: z.optional(z.enum(['plan', 'annual-review', 'advice'])),
  scale: GradeScaleSchema,
  /** Facts of the plan the audit records once; criteria refer to them in `appliesWhen`. */
  facts: z.optional(z.array(FactSchema).check(z.maxLength(20))),
  /** Term lists defined once and referred to by criteria. */
  glossaries: z.optional(z.array(GlossarySchema).check(z.maxLength(20))),
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
      checkCoreQuality(fw, section, at, issue);
      if (section.expectedThreshold !== undefined && section.expectedThreshold > expectedCount) {
        issue(at('expectedThreshold'), `is ${section.expectedThreshold} but the section has only ${expectedCount} "${fw.scale.expected}" criteria`);
      }
      if (section.notApplicableWhen !== undefined && naCount !== 1) issue(at('criteria'), 'a section that allows Not applicable needs exactly one "na" criterion');
      if (section.notApplicableWhen === undefined && naCount > 0) issue(at('notApplicableWhen'), 'say when Not applicable is allowed, or remove the "na" criterion');
    });

    const factIds = new Set<string>();
    (fw.facts ?? []).forEach((fact, fi) => {
      if (factIds.has(fact.id)) issue(['facts', fi, 'id'], `duplicate fact id "${fact.id}"`);
      factIds.add(fact.id);
      const optionIds = fact.options.map((o) => o.id);
      if (new Set(optionIds).size !== optionIds.length) issue(['facts', fi, 'options'], 'option ids must be unique');
    });
    const glossaryIds = new Set<string>();
    (fw.glossaries ?? []).forEach((g, gi) => {
      if (glossaryIds.has(g.id)) issue(['glossaries', gi, 'id'], `duplicate glossary id "${g.id}"`);
      glossaryIds.add(g.id);
    });
    fw.sections.forEach((section, si) => {
      section.criteria.forEach((criterion, ci) => {
        const at = (...rest: (string | number)[]) => ['sections', si, 'criteria', ci, ...rest];
        if (criterion.glossary !== undefined && !glossaryIds.has(criterion.glossary)) issue(at('glossary'), `unknown glossary "${criterion.glossary}"`);
        if (criterion.appliesWhen) {
          for (const problem of conditionProblems(fw, section, criterion.appliesWhen)) issue(at('appliesWhen'), problem);
        }
      });
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
/** What a framework audits; see `subject` on the framework. */
export type FrameworkSubject = NonNullable<Framework['subject']>;
export { frameworkSubject } from './constants.js';
type FrameworkData = z.infer<typeof FrameworkObjectSchema>;
type SectionData = FrameworkData['sections'][number];

/** Core/quality flags, mirrors and thresholds of one section (cross-field rules). */
function checkCoreQuality(
  fw: FrameworkData,
  section: SectionData,
  at: (...rest: (string | number)[]) => (string | number)[],
  issue: (path: (string | number)[], message: string) => void,
): void {
  const levelIds = fw.scale.levels.map((l) => l.id);
  const expectedIndex = levelIds.indexOf(fw.scale.expected);
  const rankOf = (level: string) => levelIds.indexOf(level);
  let quality = 0;
  let above = 0;
  section.criteria.forEach((criterion, ci) => {
    if (criterion.core !== undefined && criterion.level !== fw.scale.expected) {
      issue(at('criteria', ci, 'core'), `only "${fw.scale.expected}" criteria can be core or quality`);
    }
    if (criterion.level === fw.scale.expected && criterion.core !== true) quality++;
    const rank = rankOf(criterion.level);
    if (rank >= 0 && rank < expectedIndex) above++;
    if (criterion.mirrors !== undefined) {
      const target = section.criteria.find((c) => c.id === criterion.mirrors);
      if (!(rank > expectedIndex)) issue(at('criteria', ci, 'mirrors'), `only indicators below "${fw.scale.expected}" mirror a criterion`);
      else if (!target || target.level !== fw.scale.expected) issue(at('criteria', ci, 'mirrors'), `"${criterion.mirrors}" is not a "${fw.scale.expected}" criterion of section ${section.id}`);
    }
  });
  if (section.qualityMayMiss !== undefined) {
    if (section.expectedThreshold !== undefined) issue(at('expectedThreshold'), 'use either expectedThreshold or qualityMayMiss, not both');
    if (section.qualityMayMiss > quality) issue(at('qualityMayMiss'), `is ${section.qualityMayMiss} but the section has only ${quality} quality criteria`);
  }
  if (section.outstandingNeeds !== undefined) {
    if (section.qualityMayMiss === undefined) issue(at('outstandingNeeds'), 'outstandingNeeds goes with qualityMayMiss');
    if (section.outstandingNeeds > above) issue(at('outstandingNeeds'), `is ${section.outstandingNeeds} but the section has only ${above} criteria above "${fw.scale.expected}"`);
  }
}

/** Problems with a condition: unknown facts or options, nil-statement conditions where the section has none. */
function conditionProblems(fw: FrameworkData, section: SectionData, condition: Condition): string[] {
  if ('fact' in condition) {
    const fact = (fw.facts ?? []).find((f) => f.id === condition.fact);
    if (!fact) return [`unknown fact "${condition.fact}"`];
    const options = new Set(fact.options.map((o) => o.id));
    return condition.in.filter((o) => !options.has(o)).map((o) => `fact "${fact.id}" has no option "${o}"`);
  }
  if ('nilStatement' in condition) {
    return section.nilStatement ? [] : [`section ${section.id} has no nil-statement question, so it cannot test nilStatement`];
  }
  if ('all' in condition) return condition.all.flatMap((c) => conditionProblems(fw, section, c));
  if ('any' in condition) return condition.any.flatMap((c) => conditionProblems(fw, section, c));
  return conditionProblems(fw, section, condition.not);
}

/** What an auditor records for one section. The same shape in the grader, the API and storage. */
export const SectionInputSchema = z.strictObject({
  criteriaMet: z.array(z.string().check(z.maxLength(120))).check(z.maxLength(200)),
  /** A level id, `na`, or null when no grade is chosen yet. */
  grade: z.nullable(z.string().check(z.maxLength(60))),
  /** Required when the chosen grade differs from the suggestion. */
  overrideReason: z.optional(z.string().check(z.maxLength(2000))),
  comment: z.optional(z.string().check(z.maxLength(4000))),
  /** Criteria the auditor cannot answer without the advice ("cannot tell"); they leave the count. */
  cannotTell: z.optional(z.array(z.string().check(z.maxLength(120))).check(z.maxLength(200))),
  /** The auditor's answer to the section's nil-statement question, where it has one. */
  nilStatement: z.optional(z.boolean()),
});
export type SectionInput = z.infer<typeof SectionInputSchema>;

/** The facts of a plan an audit records once: fact id → option id. */
export const PlanFactsSchema = z.record(slug, slug);
export type PlanFacts = z.infer<typeof PlanFactsSchema>;

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
