/**
 * What `getBenchmark` answers: the LA's own figures (from its own audits, with 95%
 * Wilson intervals) beside its region and England from a verified publication,
 * and the LA's quartiles. Pure: the route passes in the rows and the publication.
 */
import * as z from 'zod';
import { gradeLabel } from '../../criteria/grading.js';
import type { Framework } from '../../criteria/schema.js';
import { wilsonInterval } from '../reports/stats.js';
import { named } from '../schemas.js';
import { countGrades, gradeColumns, type BenchmarkAuditRow } from './contribution.js';
import {
  BenchmarkPeriodSchema,
  PublishedDistributionSchema,
  PublishedFeedbackShareSchema,
  type FeedbackContribution,
  QuartileSchema,
  REGIONS,
  RegionSchema,
  type PublishedBenchmark,
  type PublishedDistribution,
  type RegionId,
} from './model.js';

const count = z.int().min(0);
const share = z.number().min(0).max(1);

export const BenchmarkViewSchema = named(
  z.strictObject({
    frameworkId: z.string(),
    frameworkVersion: z.string(),
    period: BenchmarkPeriodSchema,
    region: RegionSchema,
    regionLabel: z.string(),
    /** The level a plan should reach; quartiles rank LAs by the share at this level or better. */
    expected: z.string(),
    /** Every grade that appears, in order, with its label (`na` is "Not applicable"). */
    grades: z.array(z.strictObject({ id: z.string(), label: z.string() })),
    source: z.strictObject({
      hubId: z.string(),
      publicationId: z.string(),
      publishedAt: z.string(),
      /** True when the hub's figures are invented (demo or training). */
      sampleData: z.boolean(),
      /** Fetched from the configured hub, or imported as a signed file. */
      via: z.enum(['hub', 'file']),
      receivedAt: z.string(),
    }),
    rules: z.strictObject({ minContributors: z.int(), minCellCount: z.int() }),
    distributions: z.array(z.strictObject({
      /** `overall` or a section id. */
      id: z.string(),
      title: z.string(),
      /** The grade columns of this distribution, best first (`na` last where allowed). */
      grades: z.array(z.string()),
      la: z.strictObject({
        /** This LA's plans graded in this distribution (the denominator of its shares). */
        plans: count,
        cells: z.record(z.string(), z.strictObject({
          count,
          share: z.nullable(share),
          /** 95% Wilson interval of the share; null when there are no plans. */
          interval: z.nullable(z.strictObject({ lower: share, upper: share })),
        })),
      }),
      region: PublishedDistributionSchema,
      nation: PublishedDistributionSchema,
      /** This LA's quartile (1 is the top quarter) by the share at the expected level or better. */
      position: z.strictObject({ region: z.nullable(QuartileSchema), nation: z.nullable(QuartileSchema) }),
    })),
    /**
     * Experiential feedback beside the region and England (when the publication has some):
     * per question, the share of positive answers. This LA's own share is null where it
     * had fewer than 5 answers behind a figure (docs/feedback.md).
     */
    feedback: z.optional(z.array(z.strictObject({
      questionnaireId: z.string(),
      questionnaireVersion: z.string(),
      questionId: z.string(),
      text: z.string(),
      la: z.nullable(z.strictObject({ answered: count, positive: count, share })),
      region: PublishedFeedbackShareSchema,
      nation: PublishedFeedbackShareSchema,
    }))),
  }),
  'BenchmarkView',
  "An LA's own figures beside its region and England, for one period and framework version.",
);
export type BenchmarkView = z.infer<typeof BenchmarkViewSchema>;

/**
 * Builds the view. `audits` are the LA's completed audits of the publication's
 * framework version in its period; `region` is used when the publication was not
 * made for this LA (a public copy).
 */
export function buildBenchmarkView(input: {
  framework: Pick<Framework, 'id' | 'version' | 'scale' | 'sections'>;
  audits: readonly BenchmarkAuditRow[];
  published: PublishedBenchmark;
  via: 'hub' | 'file';
  receivedAt: string;
  region: RegionId;
  /** This LA's own feedback counts for the period, and the text of each question (by `id@version#question`). */
  feedback?: { own: readonly FeedbackContribution[]; questionText: (questionnaireId: string, version: string, questionId: string) => string | undefined };
}): BenchmarkView {
  const { framework, published } = input;
  const region = published.recipient?.region ?? input.region;
  const counts = countGrades(framework, input.audits);
  const area = (a: PublishedBenchmark['nation'], pick: (x: Extract<PublishedBenchmark['nation'], { published: true }>) => PublishedDistribution | undefined): PublishedDistribution =>
    a.published ? pick(a) ?? { published: false, reason: 'not in this publication' } : { published: false, reason: a.reason };
  const distributions = ['overall', ...framework.sections.map((s) => s.id)].map((id) => {
    const own = id === 'overall' ? counts.overall : counts.sections[id]!;
    const grades = gradeColumns(framework, id);
    const plans = grades.reduce((a, g) => a + (own[g] ?? 0), 0);
    const cells = Object.fromEntries(grades.map((g) => {
      const k = own[g] ?? 0;
      return [g, { count: k, share: plans > 0 ? k / plans : null, interval: plans > 0 ? wilsonInterval(k, plans) : null }];
    }));
    const quartileIn = (which: 'nation' | 'region') => {
      const pos = published.recipient?.position[which];
      if (!pos) return null;
      return id === 'overall' ? pos.overall : pos.sections[id] ?? null;
    };
    return {
      id,
      title: id === 'overall' ? 'Whole plan' : framework.sections.find((s) => s.id === id)!.title,
      grades,
      la: { plans, cells },
      region: area(published.regions[region], (a) => (id === 'overall' ? a.overall : a.sections[id])),
      nation: area(published.nation, (a) => (id === 'overall' ? a.overall : a.sections[id])),
      position: { region: quartileIn('region'), nation: quartileIn('nation') },
    };
  });
  const gradeIds = [...framework.scale.levels.map((l) => l.id), ...(framework.sections.some((s) => s.notApplicableWhen !== undefined) ? ['na'] : [])];
  return {
    frameworkId: framework.id,
    frameworkVersion: framework.version,
    period: published.period,
    region,
    regionLabel: REGIONS[region],
    expected: framework.scale.expected,
    grades: gradeIds.map((g) => ({ id: g, label: gradeLabel(framework, g) })),
    source: {
      hubId: published.hubId,
      publicationId: published.publicationId,
      publishedAt: published.publishedAt,
      sampleData: published.sampleData,
      via: input.via,
      receivedAt: input.receivedAt,
    },
    rules: published.rules,
    distributions,
    ...(published.feedback?.length ? {
      feedback: published.feedback.map((f) => {
        const own = input.feedback?.own.find((o) => o.questionnaireId === f.questionnaireId && o.questionnaireVersion === f.questionnaireVersion)?.questions[f.questionId];
        return {
          questionnaireId: f.questionnaireId,
          questionnaireVersion: f.questionnaireVersion,
          questionId: f.questionId,
          text: input.feedback?.questionText(f.questionnaireId, f.questionnaireVersion, f.questionId) ?? f.questionId,
          la: own ? { answered: own.answered, positive: own.positive, share: own.answered ? own.positive / own.answered : 0 } : null,
          region: f.regions[region] ?? { published: false as const, reason: 'not in this publication' },
          nation: f.nation,
        };
      }),
    } : {}),
  };
}
