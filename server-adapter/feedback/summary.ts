/**
 * Feedback figures, with small numbers suppressed. Pure functions: no I/O.
 *
 * Suppression (no figure from fewer than {@link MIN_COUNT} responses is shown or exported):
 * - a questionnaire, a question or a group with fewer than 5 answers shows no figures;
 * - an option chosen by 1–4 people is hidden (primary suppression); for a multiple-choice
 *   option, also when 1–4 people did not choose it;
 * - then, for single-choice and scale questions, whose counts add up to a known total,
 *   no line (all options; the positive options; the others) may hide exactly one cell, or
 *   it could be worked out by subtraction: the smallest other cell is hidden too
 *   (secondary suppression);
 * - the share of positive answers is shown only when both the positive and the other
 *   answers are 0 or at least 5.
 * Zero is shown: it describes no one.
 */
import type { Question, Questionnaire, FeedbackAnswers } from '../../criteria/questionnaire-schema.js';
import { change, proportion, type Change, type Proportion } from '../reports/stats.js';

/** The smallest count ever shown. */
export const MIN_COUNT = 5;

const small = (n: number) => n > 0 && n < MIN_COUNT;

export interface OptionFigure {
  id: string;
  label: string;
  /** null when suppressed. */
  count: number | null;
  share: number | null;
  suppressed: boolean;
}

export interface QuestionFigures {
  id: string;
  text: string;
  type: Question['type'];
  topic: Question['topic'];
  /** People who answered; null when fewer than 5. */
  answered: number | null;
  suppressed: boolean;
  /** Empty for free-text questions. */
  options: OptionFigure[];
  /** Share of positive answers with its 95% interval; null when suppressed or the question has no positive options. */
  positive: Proportion | null;
}

/**
 * Which cells to hide: primary (1–4), then secondary so no line of known total has exactly
 * one hidden cell. `lines` are lists of cell indexes whose total is known.
 */
export function suppressCells(counts: readonly number[], lines: readonly (readonly number[])[], primary: readonly boolean[] = counts.map(small)): boolean[] {
  const hidden = [...primary];
  let changed = true;
  while (changed) {
    changed = false;
    for (const line of lines) {
      const hiddenInLine = line.filter((i) => hidden[i]);
      if (hiddenInLine.length !== 1) continue;
      const candidates = line.filter((i) => !hidden[i]).sort((a, b) => counts[a]! - counts[b]! || a - b);
      const pick = candidates[0];
      if (pick === undefined) continue;
      hidden[pick] = true;
      changed = true;
    }
  }
  return hidden;
}

/** The positive count, when the question has positive options and the figure may be shown. */
function positiveOf(question: Question, counts: readonly number[], answered: number): Proportion | null {
  const options = question.options ?? [];
  if (!options.some((o) => o.positive) || question.type === 'multiple') return null;
  const positive = options.reduce((sum, o, i) => sum + (o.positive ? counts[i]! : 0), 0);
  if (answered < MIN_COUNT || small(positive) || small(answered - positive)) return null;
  return proportion(positive, answered);
}

/** Raw counts for one question over answers. */
export function countAnswers(question: Question, answers: readonly FeedbackAnswers[]): { answered: number; counts: number[] } {
  const options = question.options ?? [];
  const counts = options.map(() => 0);
  let answered = 0;
  for (const a of answers) {
    const value = a[question.id];
    if (value === undefined) continue;
    if (question.type === 'text') {
      if (typeof value === 'string' && value.trim() !== '') answered++;
      continue;
    }
    const chosen = Array.isArray(value) ? value : [value];
    if (chosen.length === 0) continue;
    answered++;
    for (const id of chosen) {
      const i = options.findIndex((o) => o.id === id);
      if (i >= 0) counts[i]!++;
    }
  }
  return { answered, counts };
}

/** One question's figures with suppression applied. */
export function questionFigures(question: Question, answers: readonly FeedbackAnswers[]): QuestionFigures {
  const { answered, counts } = countAnswers(question, answers);
  const options = question.options ?? [];
  const base = { id: question.id, text: question.text, type: question.type, topic: question.topic };
  if (answered < MIN_COUNT) {
    return { ...base, answered: null, suppressed: true, options: options.map((o) => ({ id: o.id, label: o.label, count: null, share: null, suppressed: true })), positive: null };
  }
  let hidden: boolean[];
  if (question.type === 'multiple') {
    hidden = counts.map((c) => small(c) || small(answered - c));
  } else {
    const all = options.map((_, i) => i);
    const positiveIdx = all.filter((i) => options[i]!.positive);
    const lines: number[][] = [all];
    if (positiveIdx.length > 0 && positiveIdx.length < all.length) lines.push(positiveIdx, all.filter((i) => !options[i]!.positive));
    hidden = suppressCells(counts, lines);
  }
  return {
    ...base,
    answered,
    suppressed: false,
    options: options.map((o, i) => (hidden[i]
      ? { id: o.id, label: o.label, count: null, share: null, suppressed: true }
      : { id: o.id, label: o.label, count: counts[i]!, share: counts[i]! / answered, suppressed: false })),
    positive: question.type === 'text' ? null : positiveOf(question, counts, answered),
  };
}

export interface QuestionnaireFigures {
  id: string;
  version: string;
  title: string;
  respondentType: Questionnaire['respondentType'];
  /** Responses to this version; null when fewer than 5. */
  responses: number | null;
  suppressed: boolean;
  questions: QuestionFigures[];
}

/** Figures for every question of one questionnaire version. */
export function questionnaireFigures(questionnaire: Questionnaire, answers: readonly FeedbackAnswers[]): QuestionnaireFigures {
  const suppressed = answers.length < MIN_COUNT;
  return {
    id: questionnaire.id,
    version: questionnaire.version,
    title: questionnaire.title,
    respondentType: questionnaire.respondentType,
    responses: suppressed ? null : answers.length,
    suppressed,
    questions: questionnaire.questions.map((q) => questionFigures(q, suppressed ? [] : answers)),
  };
}

/** A positive share in two groups (cycles, or audit grades) and the difference, each shown only when allowed. */
export interface PositiveComparison {
  questionnaireId: string;
  questionnaireVersion: string;
  questionId: string;
  text: string;
  /** The first group (baseline cycle; or plans graded below the expected level). */
  a: Proportion | null;
  /** The second group (current cycle; or plans graded at the expected level or better). */
  b: Proportion | null;
  /** b − a with its 95% Newcombe interval; null unless both are shown. */
  change: Change | null;
}

/** Positive shares of every question with positive options, in two groups of answers. */
export function comparePositive(questionnaire: Questionnaire, a: readonly FeedbackAnswers[], b: readonly FeedbackAnswers[]): PositiveComparison[] {
  return questionnaire.questions
    .filter((q) => q.type !== 'multiple' && q.type !== 'text' && (q.options ?? []).some((o) => o.positive))
    .map((q) => {
      const pa = questionFigures(q, a).positive;
      const pb = questionFigures(q, b).positive;
      return {
        questionnaireId: questionnaire.id,
        questionnaireVersion: questionnaire.version,
        questionId: q.id,
        text: q.text,
        a: pa,
        b: pb,
        change: pa && pb ? change(pa, pb) : null,
      };
    });
}

/** A count shown only when 0 or at least 5. */
export function shownCount(n: number): number | null {
  return small(n) ? null : n;
}

const KEEP = new Set([
  'I', "I'm", "I've", "I'd", "I'll", 'EHC', 'EHCP', 'EHCPs', 'SEN', 'SEND', 'SENCO', 'SENCo', 'OK', 'TA', 'TAs', 'CAMHS', 'GP', 'LA', 'English', 'Maths',
  'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday',
  'January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December',
]);

/**
 * Masks name-like words in free text for display: capitalised words that do not start a
 * sentence (and are not in a short list of common capitalised words), the word after a
 * title (Mr, Mrs, Ms, Miss, Dr), e-mail addresses and long digit runs (phone numbers).
 * A safeguard, not a guarantee: a name that starts a sentence is not recognised.
 *
 * @example
 * maskNames('We met Mrs Patel and Sam at school.') // 'We met Mrs [name] and [name] at school.'
 */
export function maskNames(text: string): string {
  let out = text
    .replace(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, '[email]')
    .replace(/\+?\d[\d\s-]{5,}\d/g, '[number]')
    .replace(/\b(Mr|Mrs|Ms|Dr|Mx)\.?\s+[A-Za-z][\w'’-]*/gi, (_m, title: string) => `${title} [name]`)
    .replace(/\b(Miss)\s+[A-Za-z][\w'’-]*/g, (_m, title: string) => `${title} [name]`);
  out = out.replace(/(^|[.!?]\s+|\n\s*)?\b([A-Z][a-zA-Z'’-]+)/g, (match, start: string | undefined, word: string, offset: number) => {
    if (start !== undefined || offset === 0) return match;
    if (KEEP.has(word) || word === 'Mr' || word === 'Mrs' || word === 'Ms' || word === 'Miss' || word === 'Dr' || word === 'Mx') return match;
    return '[name]';
  });
  return out;
}
