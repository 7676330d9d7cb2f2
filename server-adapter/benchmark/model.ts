/**
 * The benchmarking model as zod schemas: what an LA sends to a hub (a
 * contribution: counts only), and what a hub publishes (aggregates, signed).
 * Both sides validate with these, and the OpenAPI document names them.
 */
import * as z from 'zod';
import { named } from '../schemas.js';

// ── Regions ───────────────────────────────────────────────────────────────────
/** The nine English regions, the only geography a benchmark uses below England. */
export const REGIONS = {
  'east-midlands': 'East Midlands',
  'east-of-england': 'East of England',
  london: 'London',
  'north-east': 'North East',
  'north-west': 'North West',
  'south-east': 'South East',
  'south-west': 'South West',
  'west-midlands': 'West Midlands',
  'yorkshire-and-the-humber': 'Yorkshire and the Humber',
} as const;
export type RegionId = keyof typeof REGIONS;
export const REGION_IDS = Object.keys(REGIONS) as RegionId[];
export const RegionSchema = named(z.enum(REGION_IDS as [RegionId, ...RegionId[]]), 'BenchmarkRegion', 'One of the nine English regions.');

// ── Periods ───────────────────────────────────────────────────────────────────
const isoDate = z.iso.date();

/**
 * The dates a benchmark covers: a calendar quarter or an audit cycle's dates. A hub
 * compares LAs only for exactly the same start and end.
 */
export const BenchmarkPeriodSchema = named(
  z.strictObject({
    /** A short label: `2025-Q3` for a quarter, otherwise the two dates. Never a local cycle name. */
    label: z.string().min(1).max(40).regex(/^[A-Za-z0-9 ._:-]+$/, 'use letters, digits, spaces, ".", "_", ":" or "-"'),
    start: isoDate,
    end: isoDate,
  }).refine((p) => p.start <= p.end, { message: 'the period must not end before it starts', path: ['end'] }),
  'BenchmarkPeriod',
);
export type BenchmarkPeriod = z.infer<typeof BenchmarkPeriodSchema>;

/** The key a hub files a period under. */
export const periodKey = (p: Pick<BenchmarkPeriod, 'start' | 'end'>) => `${p.start}..${p.end}`;

/** Raised for a period text that is neither `YYYY-Qn` nor `YYYY-MM-DD..YYYY-MM-DD`. */
export class PeriodFormatError extends Error {
  override name = 'PeriodFormatError';
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Reads a period given as a calendar quarter (`2025-Q3`: 1 July to 30 September)
 * or as two dates (`2025-09-01..2026-01-31`).
 *
 * @example
 * parsePeriod('2025-Q3') // { label: '2025-Q3', start: '2025-07-01', end: '2025-09-30' }
 */
export function parsePeriod(text: string): BenchmarkPeriod {
  const quarter = /^(\d{4})-Q([1-4])$/i.exec(text.trim());
  if (quarter) {
    const year = Number(quarter[1]);
    const q = Number(quarter[2]);
    const startMonth = (q - 1) * 3 + 1;
    const lastDay = new Date(Date.UTC(year, startMonth + 2, 0)).getUTCDate();
    return { label: `${year}-Q${q}`, start: `${year}-${pad(startMonth)}-01`, end: `${year}-${pad(startMonth + 2)}-${pad(lastDay)}` };
  }
  const range = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(text.trim());
  if (range) {
    const parsed = BenchmarkPeriodSchema.safeParse({ label: `${range[1]}..${range[2]}`, start: range[1], end: range[2] });
    if (parsed.success) return parsed.data;
    throw new PeriodFormatError(parsed.error.issues[0]?.message ?? 'not a valid date range');
  }
  throw new PeriodFormatError('give a quarter such as 2025-Q3, or two dates such as 2025-09-01..2026-01-31');
}

/** A period from a cycle's dates; the label is the dates, never the cycle's local name. */
export function periodFromDates(start: string, end: string): BenchmarkPeriod {
  return { label: `${start}..${end}`, start, end };
}

// ── Contribution (LA → hub) ───────────────────────────────────────────────────
/** The smallest count of feedback answers that may leave an LA or be published. */
export const FEEDBACK_MIN_COUNT = 5;
const feedbackSlug = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lower-case words joined by hyphens').max(80);
const notSmall = (n: number) => n === 0 || n >= FEEDBACK_MIN_COUNT;

/** One questionnaire version's feedback counts in a contribution. */
export const FeedbackContributionSchema = named(
  z.strictObject({
    questionnaireId: feedbackSlug,
    questionnaireVersion: z.string().regex(/^\d+\.\d+\.\d+$/, 'use a semantic version such as 1.0.0'),
    responses: z.int().min(FEEDBACK_MIN_COUNT, `fewer than ${FEEDBACK_MIN_COUNT} responses are never sent`).max(10_000_000),
    /** Question id → people who answered it and how many of them answered positively. */
    questions: z.record(feedbackSlug, z.strictObject({ answered: z.int().min(0).max(10_000_000), positive: z.int().min(0).max(10_000_000) })),
  }).superRefine((f, ctx) => {
    for (const [id, q] of Object.entries(f.questions)) {
      if (q.positive > q.answered) ctx.addIssue({ code: 'custom', path: ['questions', id, 'positive'], message: 'is more than answered' });
      if (q.answered > f.responses) ctx.addIssue({ code: 'custom', path: ['questions', id, 'answered'], message: 'is more than responses' });
      if (q.answered < FEEDBACK_MIN_COUNT || !notSmall(q.positive) || !notSmall(q.answered - q.positive)) {
        ctx.addIssue({ code: 'custom', path: ['questions', id], message: `a figure from fewer than ${FEEDBACK_MIN_COUNT} answers is never sent` });
      }
    }
  }),
  'BenchmarkFeedbackContribution',
  'Positive answers per question for one questionnaire version; small numbers never included.',
);
export type FeedbackContribution = z.infer<typeof FeedbackContributionSchema>;

const count = z.int().min(0).max(10_000_000);
const gradeId = z.string().regex(/^(?:[a-z0-9]+(?:-[a-z0-9]+)*)$/, 'grade ids are level ids of the scale or "na"').max(60);
const sectionId = z.string().regex(/^[A-Z][A-Z0-9]*$/, 'section ids look like A or H1').max(8);
const GradeCountsSchema = z.record(gradeId, count);
export type GradeCounts = Record<string, number>;

/**
 * What one LA sends for one period and one framework version: counts of plans per
 * grade, for the whole plan and per section, the number of plans audited, and the
 * LA's region. Nothing else leaves the LA: no plan references, no dates of single
 * audits, no teams, caseworkers or auditors. Which LA sent it comes from the
 * sender's token at the hub, not from the body.
 */
export const BenchmarkContributionSchema = named(
  z.strictObject({
    format: z.literal('ehcp-qa/benchmark-contribution'),
    frameworkId: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/).max(60),
    frameworkVersion: z.string().regex(/^\d+\.\d+\.\d+$/, 'use a semantic version such as 1.0.0'),
    period: BenchmarkPeriodSchema,
    region: RegionSchema,
    /** Completed audits in the period for this framework version. */
    plansAudited: count.min(1, 'a contribution needs at least one audited plan'),
    /** Plans per overall grade (level ids). */
    overall: GradeCountsSchema,
    /** Plans per grade (level ids and `na`) for each section. */
    sections: z.record(sectionId, GradeCountsSchema),
    /**
     * Experiential feedback in the period (optional): per questionnaire version and question,
     * how many answered and how many answered positively. Never free text; never a question
     * answered by fewer than 5, nor a positive or other count of 1–4 (docs/feedback.md).
     */
    feedback: z.array(FeedbackContributionSchema).max(20).optional(),
  }).superRefine((c, ctx) => {
    const sum = (counts: GradeCounts) => Object.values(counts).reduce((a, b) => a + b, 0);
    if (sum(c.overall) > c.plansAudited) ctx.addIssue({ code: 'custom', path: ['overall'], message: `the overall counts add up to more than plansAudited (${c.plansAudited})` });
    for (const [id, counts] of Object.entries(c.sections)) {
      if (sum(counts) > c.plansAudited) ctx.addIssue({ code: 'custom', path: ['sections', id], message: `section ${id}'s counts add up to more than plansAudited (${c.plansAudited})` });
    }
  }),
  'BenchmarkContribution',
  'Counts only, for one LA, one period and one framework version.',
);
export type BenchmarkContribution = z.infer<typeof BenchmarkContributionSchema>;

// ── Published benchmark (hub → LAs) ──────────────────────────────────────────
/** A published cell: the count and both shares, computed from unrounded counts. */
export const PublishedCellSchema = z.union([
  z.strictObject({
    suppressed: z.literal(false),
    count,
    /** Plans at this grade divided by all plans graded in the area (weighted by plans). */
    pooledShare: z.number().min(0).max(1),
    /** The mean over contributing LAs of each LA's own share (every LA counts once). */
    meanOfLaShares: z.number().min(0).max(1),
  }),
  z.strictObject({
    suppressed: z.literal(true),
    /** Why: fewer than the minimum plans, or withheld so a suppressed cell cannot be worked out. */
    reason: z.enum(['fewer-than-minimum', 'secondary']),
  }),
]);
export type PublishedCell = z.infer<typeof PublishedCellSchema>;

export const PublishedDistributionSchema = z.union([
  z.strictObject({
    published: z.literal(true),
    /** LAs with at least one graded plan in this distribution. */
    contributors: count,
    /** Plans graded (the denominator of the shares). */
    plans: count,
    cells: z.record(gradeId, PublishedCellSchema),
  }),
  z.strictObject({ published: z.literal(false), reason: z.string().max(300) }),
]);
export type PublishedDistribution = z.infer<typeof PublishedDistributionSchema>;

export const PublishedAreaSchema = z.union([
  z.strictObject({
    published: z.literal(true),
    contributors: count,
    plansAudited: count,
    overall: PublishedDistributionSchema,
    sections: z.record(sectionId, PublishedDistributionSchema),
  }),
  z.strictObject({ published: z.literal(false), reason: z.string().max(300) }),
]);
export type PublishedArea = z.infer<typeof PublishedAreaSchema>;

/** An LA's place among contributing LAs: 1 is the top quarter (the highest share at the expected level or better). */
export const QuartileSchema = z.strictObject({ quartile: z.int().min(1).max(4), among: count });
export type Quartile = z.infer<typeof QuartileSchema>;
export const PositionSchema = z.strictObject({
  overall: z.nullable(QuartileSchema),
  sections: z.record(sectionId, z.nullable(QuartileSchema)),
});
export type Position = z.infer<typeof PositionSchema>;

/** The pooled share of positive answers to one question in one area, or why it is withheld. */
export const PublishedFeedbackShareSchema = z.union([
  z.strictObject({ published: z.literal(true), contributors: count, answered: count, positive: count, share: z.number().min(0).max(1) }),
  z.strictObject({ published: z.literal(false), reason: z.string().max(300) }),
]);
export type PublishedFeedbackShare = z.infer<typeof PublishedFeedbackShareSchema>;
export const PublishedFeedbackQuestionSchema = z.strictObject({
  questionnaireId: feedbackSlug,
  questionnaireVersion: z.string().max(20),
  questionId: feedbackSlug,
  nation: PublishedFeedbackShareSchema,
  regions: z.record(RegionSchema, PublishedFeedbackShareSchema),
});
export type PublishedFeedbackQuestion = z.infer<typeof PublishedFeedbackQuestionSchema>;

export const PublishedBenchmarkSchema = named(
  z.strictObject({
    format: z.literal('ehcp-qa/published-benchmark'),
    hubId: z.string().min(1).max(120),
    publicationId: z.string().min(1).max(120),
    publishedAt: z.iso.datetime({ offset: true }),
    /** True when the figures are invented (a demo or training hub). */
    sampleData: z.boolean(),
    frameworkId: z.string().max(60),
    frameworkVersion: z.string().max(20),
    period: BenchmarkPeriodSchema,
    rules: z.strictObject({ minContributors: z.int().min(3), minCellCount: z.int().min(1) }),
    /** The grade ids in order: the scale's levels, best first (sections also use `na`). */
    levels: z.array(gradeId).min(2),
    /** The level a plan should reach; the quartile ranks LAs by the share at this level or better. */
    expected: gradeId,
    nation: PublishedAreaSchema,
    regions: z.record(RegionSchema, PublishedAreaSchema),
    /** Experiential feedback beside the audit figures: present when any contribution had some. */
    feedback: z.optional(z.array(PublishedFeedbackQuestionSchema)),
    /** Present in a copy made for one LA: that LA's id at the hub and its quartiles. */
    recipient: z.optional(z.strictObject({
      la: z.string().min(1).max(128),
      region: RegionSchema,
      /** Quartiles among all contributing LAs, and among those of the LA's region (null when the region is not published). */
      position: z.strictObject({ nation: z.nullable(PositionSchema), region: z.nullable(PositionSchema) }),
    })),
  }),
  'PublishedBenchmark',
  "A hub's published aggregates for one period and framework version, with the recipient LA's own quartiles.",
);
export type PublishedBenchmark = z.infer<typeof PublishedBenchmarkSchema>;
