/**
 * The shape of an experiential-feedback questionnaire, as zod schemas (zod/mini, like
 * the frameworks in schema.ts). Questionnaires are versioned data: a question id never
 * changes meaning; a new meaning is a new version of the questionnaire.
 *
 * No DOM and no Node APIs here: this module runs in the browser (the public form) and
 * on the server (validation of answers, the summary).
 */
import * as z from 'zod/mini';
import { formatPath } from './schema.js';

const slug = z.string().check(z.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'use lower-case letters, digits and hyphens'));
const text = (max: number) => z.string().check(z.trim(), z.minLength(1, 'must not be empty'), z.maxLength(max));

/** Who a questionnaire is for. */
export const RESPONDENT_TYPES = ['parent-carer', 'child-young-person', 'professional'] as const;
export type RespondentType = (typeof RESPONDENT_TYPES)[number];

/** What a question is about: the process, the plan itself, or its difference to the child's life. */
export const QUESTION_TOPICS = ['process', 'plan', 'difference', 'about-you'] as const;

/**
 * Pictures the package ships as inline SVG (components/feedback-form/pictures.ts). Easy-read
 * questions and options name one of these; nothing is fetched from elsewhere.
 */
export const PICTURE_IDS = [
  'listen', 'talk', 'plan', 'clock', 'school', 'help', 'people', 'happy', 'okay', 'sad',
  'thumbs-up', 'thumbs-down', 'question', 'star', 'home', 'heart',
] as const;
export type PictureId = (typeof PICTURE_IDS)[number];
const picture = z.enum(PICTURE_IDS);

/** Most a free-text answer may hold. */
export const FREE_TEXT_MAX = 1000;
/** At most this many free-text questions per questionnaire (the issue: "at most two"). */
export const MAX_FREE_TEXT_QUESTIONS = 2;

/** The easy-read form of a question or option: a short sentence and a picture. */
export const EasyReadSchema = z.strictObject({
  /** Short sentence, plain words (at most 90 characters). */
  text: text(90),
  picture,
});

export const OptionSchema = z.strictObject({
  /** Stable id stored in answers. */
  id: slug,
  label: text(120),
  /** Counts as a positive answer ("agree", "yes"): the summary reports the share of positive answers. */
  positive: z.optional(z.boolean()),
  easyRead: z.optional(EasyReadSchema),
});
export type QuestionOption = z.infer<typeof OptionSchema>;

export const QuestionSchema = z.strictObject({
  /** Stable id within the questionnaire, for example `listened-to`. Never reused with another meaning. */
  id: slug,
  /** `single`: one option; `multiple`: any options; `scale`: one of exactly five ordered options; `text`: a short free answer. */
  type: z.enum(['single', 'multiple', 'scale', 'text']),
  topic: z.enum(QUESTION_TOPICS),
  /** The question as asked. */
  text: text(240),
  hint: z.optional(text(400)),
  /** Options in the order shown (for `scale`, best first). Absent for `text`. */
  options: z.optional(z.array(OptionSchema).check(z.minLength(2), z.maxLength(12))),
  /** Free text only: most characters accepted (at most {@link FREE_TEXT_MAX}). */
  maxLength: z.optional(z.int().check(z.gte(10), z.lte(FREE_TEXT_MAX))),
  easyRead: z.optional(EasyReadSchema),
});
export type Question = z.infer<typeof QuestionSchema>;

const QuestionnaireObjectSchema = z.strictObject({
  id: slug,
  /** Semantic version. A change of meaning is a new version, never an edit. */
  version: z.string().check(z.regex(/^\d+\.\d+\.\d+$/, 'use a semantic version such as 1.0.0')),
  respondentType: z.enum(RESPONDENT_TYPES),
  title: text(160),
  /** Shown before the first question: what it is for, how long it takes, that every question is optional. */
  introduction: text(1200),
  /** Shown after sending: what happens next. */
  thankYou: text(800),
  /** Questionnaires with an easy-read form: every question and option has `easyRead`. */
  easyRead: z.optional(z.strictObject({ title: text(90), introduction: text(400), thankYou: text(300) })),
  questions: z.array(QuestionSchema).check(z.minLength(1), z.maxLength(30)),
});

/** Cross-field rules a questionnaire must keep. Each failure names the path it concerns. */
export const QuestionnaireSchema = QuestionnaireObjectSchema.check(
  z.superRefine((q, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.issues.push({ code: 'custom', message, path, input: q });
    const ids = new Set<string>();
    let freeText = 0;
    q.questions.forEach((question, qi) => {
      const at = (...rest: (string | number)[]) => ['questions', qi, ...rest];
      if (ids.has(question.id)) issue(at('id'), `duplicate question id "${question.id}"`);
      ids.add(question.id);
      if (question.type === 'text') {
        freeText++;
        if (question.options !== undefined) issue(at('options'), 'a free-text question has no options');
        if (question.maxLength === undefined) issue(at('maxLength'), 'a free-text question needs maxLength');
      } else {
        if (question.options === undefined) issue(at('options'), `a ${question.type} question needs options`);
        if (question.maxLength !== undefined) issue(at('maxLength'), 'only free-text questions have maxLength');
        const optionIds = (question.options ?? []).map((o) => o.id);
        if (new Set(optionIds).size !== optionIds.length) issue(at('options'), 'option ids must be unique');
        if (question.type === 'scale' && optionIds.length !== 5) issue(at('options'), 'a scale question has exactly five options, best first');
      }
      if (q.easyRead) {
        if (!question.easyRead) issue(at('easyRead'), 'an easy-read questionnaire needs an easy-read form of every question');
        (question.options ?? []).forEach((o, oi) => {
          if (!o.easyRead) issue(at('options', oi, 'easyRead'), 'an easy-read questionnaire needs an easy-read form of every option');
        });
      }
    });
    if (freeText > MAX_FREE_TEXT_QUESTIONS) issue(['questions'], `at most ${MAX_FREE_TEXT_QUESTIONS} free-text questions; this has ${freeText}`);
  }),
);
export type Questionnaire = z.infer<typeof QuestionnaireSchema>;

/** Raised when questionnaire data does not validate; lists each path and problem. */
export class QuestionnaireValidationError extends Error {
  override name = 'QuestionnaireValidationError';
  constructor(
    readonly source: string,
    readonly problems: { path: string; message: string }[],
  ) {
    super(`Questionnaire ${source} is not valid:\n${problems.map((p) => `  - ${p.path || '(root)'}: ${p.message}`).join('\n')}`);
  }
}

/**
 * Validates questionnaire data and returns it typed, or throws a
 * {@link QuestionnaireValidationError} naming every problem.
 *
 * @example
 * const questionnaire = loadQuestionnaire(json, 'my-la-parents.json');
 */
export function loadQuestionnaire(data: unknown, source = 'questionnaire'): Questionnaire {
  const result = QuestionnaireSchema.safeParse(data);
  if (result.success) return result.data;
  throw new QuestionnaireValidationError(source, result.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })));
}

/** Answers to one questionnaire: question id → option id (single, scale), option ids (multiple) or text. Every question is optional. */
export type FeedbackAnswers = Record<string, string | string[]>;

/**
 * Checks answers against a questionnaire. Returns one problem per bad answer (path
 * `answers.<questionId>`), or an empty list. Unknown questions, unknown options, a list
 * for a single-choice question and over-long text are refused.
 */
export function answerProblems(questionnaire: Questionnaire, answers: Record<string, unknown>): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  const byId = new Map(questionnaire.questions.map((q) => [q.id, q]));
  for (const [id, value] of Object.entries(answers)) {
    const path = `answers.${id}`;
    const question = byId.get(id);
    if (!question) {
      problems.push({ path, message: `is not a question of ${questionnaire.id} ${questionnaire.version}` });
      continue;
    }
    const optionIds = new Set((question.options ?? []).map((o) => o.id));
    if (question.type === 'text') {
      if (typeof value !== 'string') problems.push({ path, message: 'must be text' });
      else if (value.length > (question.maxLength ?? FREE_TEXT_MAX)) problems.push({ path, message: `must be at most ${question.maxLength ?? FREE_TEXT_MAX} characters` });
    } else if (question.type === 'multiple') {
      if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) problems.push({ path, message: 'must be a list of option ids' });
      else {
        const unknown = value.filter((v) => !optionIds.has(v));
        if (unknown.length) problems.push({ path, message: `has unknown options ${unknown.map((u) => `"${u}"`).join(', ')}; use ${[...optionIds].join(', ')}` });
        else if (new Set(value).size !== value.length) problems.push({ path, message: 'lists an option twice' });
      }
    } else if (typeof value !== 'string') problems.push({ path, message: 'must be one option id' });
    else if (!optionIds.has(value)) problems.push({ path, message: `"${value}" is not an option; use ${[...optionIds].join(', ')}` });
  }
  return problems;
}

