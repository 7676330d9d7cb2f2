/**
 * The reports part of the HTTP contract: query, body and response schemas. The
 * route table validates with them and the OpenAPI document is built from them.
 */
import * as z from 'zod';
import { ReportModerationSchema } from '../moderation/report-schema.js';
import {
  AuditorRoleSchema, CycleSchema, IdSchema, named, PhaseSchema, PlanMetadataSchema, PlanTypeSchema, PrimaryNeedSchema, RefSchema, SettingTypeSchema,
} from '../schemas.js';

// ── queries ──────────────────────────────────────────────────────────────────
const isoDate = z.iso.date();

const limitParam = z
  .string()
  .regex(/^\d{1,3}$/, 'must be a whole number from 1 to 100')
  .transform(Number)
  .pipe(z.int().min(1, 'must be at least 1').max(100, 'must be at most 100'));

/** Filters every report accepts. */
export const reportFilterFields = {
  /** Framework id; default: the adapter's only framework, or `ehcp-plan`. */
  frameworkId: z.string().max(80).optional(),
  /** One version of the framework; default: every version of it. */
  frameworkVersion: z.string().regex(/^\d+\.\d+\.\d+$/, 'use a semantic version such as 1.0.0').optional(),
  phase: PhaseSchema.optional(),
  primaryNeed: PrimaryNeedSchema.optional(),
  settingType: SettingTypeSchema.optional(),
  planType: PlanTypeSchema.optional(),
  teamRef: RefSchema.optional(),
  caseworkerRef: RefSchema.optional(),
  auditorRole: AuditorRoleSchema.optional(),
  /** One auditor's audits (an auditor may only ask for their own). */
  auditorId: RefSchema.optional(),
};

const dateRange = {
  /** Audits completed on or after this date. */
  from: isoDate.optional(),
  /** Audits completed on or before this date. */
  to: isoDate.optional(),
};

const fromNotAfterTo = (q: { from?: string | undefined; to?: string | undefined }) => q.from === undefined || q.to === undefined || q.from <= q.to;
const rangeMessage = { message: 'must not be before from', path: ['to'] };

export const SummaryQuerySchema = z
  .strictObject({ cycleId: IdSchema.optional(), ...dateRange, ...reportFilterFields, cursor: z.string().max(400).optional(), limit: limitParam.optional() })
  .refine(fromNotAfterTo, rangeMessage);

export const CompareQuerySchema = z
  .strictObject({ cycleId: IdSchema, compareCycleId: IdSchema, ...reportFilterFields })
  .refine((q) => q.cycleId !== q.compareCycleId, { message: 'must differ from cycleId', path: ['compareCycleId'] });

export const TrendQuerySchema = z.strictObject({ ...reportFilterFields });

export const CriteriaGapsQuerySchema = z
  .strictObject({ cycleId: IdSchema.optional(), ...dateRange, ...reportFilterFields, top: limitParam.optional() })
  .refine(fromNotAfterTo, rangeMessage);

export const ExportQuerySchema = z
  .strictObject({ format: z.enum(['csv', 'html']), cycleId: IdSchema.optional(), compareCycleId: IdSchema.optional(), ...dateRange, ...reportFilterFields })
  .refine(fromNotAfterTo, rangeMessage);

/** What a one-time export link exports: the same fields as the export's query string. */
export const CreateExportLinkBodySchema = named(
  z
    .strictObject({ format: z.enum(['csv', 'html']), cycleId: IdSchema.optional(), compareCycleId: IdSchema.optional(), ...dateRange, ...reportFilterFields })
    .refine(fromNotAfterTo, rangeMessage),
  'CreateExportLinkBody',
);

export const ExportLinkSchema = named(
  z.strictObject({
    /** Relative to the URL called (`…/reports/export-links`): open it in a new browsing context. */
    url: z.string(),
    expiresAt: z.iso.datetime({ offset: true }),
  }),
  'ExportLink',
  'A one-time link to an export, valid for 60 seconds, that needs no Authorization header: the report opens as a page of the adapter, with its own Content-Security-Policy.',
);

// ── narrative ───────────────────────────────────────────────────────────────
export const NARRATIVE_LIMITS = { context: 10_000, recommendation: 4_000 } as const;

export const UpdateNarrativeBodySchema = named(
  z.strictObject({
    /** Context for inspectors: the QA framework, forums, governance, work done, links to the improvement plan. */
    context: z.string().max(NARRATIVE_LIMITS.context, `must be at most ${NARRATIVE_LIMITS.context} characters`),
    /** Recommendations per section id (`F`: "Quantify every provision …"). Empty strings remove one. */
    recommendations: z.record(
      z.string().regex(/^[A-Z][A-Z0-9]{0,9}$/, 'section ids are capital letters and digits, for example H1'),
      z.string().max(NARRATIVE_LIMITS.recommendation, `must be at most ${NARRATIVE_LIMITS.recommendation} characters`),
    ),
  }),
  'UpdateCycleNarrativeBody',
);

export const CycleNarrativeSchema = named(
  z.strictObject({
    cycleId: IdSchema,
    context: z.string(),
    recommendations: z.record(z.string(), z.string()),
    /** Increases on every save; send it back as `If-Match` to avoid overwriting someone else's edit. */
    version: z.int().min(0),
    updatedAt: z.string().nullable(),
    updatedBy: z.string().nullable(),
  }),
  'CycleNarrative',
  'Free text for a cycle (context for inspectors) and recommendations per section, edited by managers.',
);

// ── figures ─────────────────────────────────────────────────────────────────
const IntervalSchema = named(z.strictObject({ lower: z.number(), upper: z.number() }), 'Interval', 'A 95% confidence interval.');

export const ProportionSchema = named(
  z.strictObject({ count: z.int(), n: z.int(), share: z.number().nullable(), ci: IntervalSchema.nullable() }),
  'Proportion',
  'count of n, the share (0–1, unrounded; null when n is 0) and its 95% Wilson interval.',
);

const GradeShareSchema = named(
  z.strictObject({ count: z.int(), n: z.int(), share: z.number().nullable(), ci: IntervalSchema.nullable(), grade: z.string(), label: z.string(), colour: z.string(), rank: z.int() }),
  'GradeShare',
);

const distributionFields = {
  graded: z.int(),
  notApplicable: z.int(),
  notApplicableShare: z.number().nullable(),
  ungraded: z.int(),
  grades: z.array(GradeShareSchema),
  goodOrBetter: ProportionSchema,
};
export const DistributionSchema = named(z.strictObject(distributionFields), 'GradeDistribution', 'Grades over the scale; Not applicable is counted apart and never inside the shares.');
const SectionDistributionSchema = named(z.strictObject({ sectionId: z.string(), title: z.string(), ...distributionFields }), 'SectionDistribution');

export const SummaryFiguresSchema = named(
  z.strictObject({
    audits: z.int(),
    overall: DistributionSchema,
    sections: z.array(SectionDistributionSchema),
    medianActiveSeconds: z.number().nullable(),
  }),
  'SummaryFigures',
);

export const ReportAuditItemSchema = named(
  z.strictObject({
    id: IdSchema,
    planRef: RefSchema,
    cycleId: IdSchema.nullable(),
    frameworkId: z.string(),
    frameworkVersion: z.string(),
    auditorId: z.string(),
    auditorRole: AuditorRoleSchema,
    plan: PlanMetadataSchema,
    completedAt: z.string().nullable(),
    activeSeconds: z.int(),
    overallGrade: z.string().nullable(),
    sectionGrades: z.record(z.string(), z.string().nullable()),
  }),
  'ReportAuditItem',
);

const ReportFrameworkSchema = z.strictObject({ id: z.string(), version: z.string(), title: z.string() });

export const ReportScopeSchema = named(
  z.strictObject({
    framework: ReportFrameworkSchema,
    cycle: CycleSchema.nullable(),
    from: z.string().nullable(),
    to: z.string().nullable(),
    /** The filters applied (after role rules: an auditor's own id is always here). */
    filters: z.record(z.string(), z.string()),
  }),
  'ReportScope',
);

export const AuditSummarySchema = named(
  z.strictObject({
    scope: ReportScopeSchema,
    figures: SummaryFiguresSchema,
    narrative: CycleNarrativeSchema.nullable(),
    audits: z.strictObject({ items: z.array(ReportAuditItemSchema), nextCursor: z.string().nullable() }),
    moderation: ReportModerationSchema,
  }),
  'AuditSummary',
);

const ChangeSchema = named(
  z.strictObject({ difference: z.number().nullable(), percentagePoints: z.number().nullable(), ci: IntervalSchema.nullable(), significant: z.boolean() }),
  'Change',
  'current − baseline, with its 95% Newcombe hybrid score interval; significant when the interval leaves out 0.',
);
const ShareComparisonSchema = z.strictObject({ baseline: ProportionSchema, current: ProportionSchema, change: ChangeSchema });
const GradeComparisonSchema = z.strictObject({ grade: z.string(), label: z.string(), baseline: ProportionSchema, current: ProportionSchema, change: ChangeSchema });
const distributionComparison = { goodOrBetter: ShareComparisonSchema, grades: z.array(GradeComparisonSchema) };

export const CycleComparisonSchema = named(
  z.strictObject({
    scope: z.strictObject({ framework: ReportFrameworkSchema, filters: z.record(z.string(), z.string()) }),
    baseline: z.strictObject({ cycle: CycleSchema, audits: z.int(), medianActiveSeconds: z.number().nullable() }),
    current: z.strictObject({ cycle: CycleSchema, audits: z.int(), medianActiveSeconds: z.number().nullable() }),
    overall: z.strictObject(distributionComparison),
    sections: z.array(z.strictObject({ sectionId: z.string(), title: z.string(), ...distributionComparison })),
    significant: z.array(z.strictObject({ scope: z.string(), measure: z.string(), percentagePoints: z.number(), ci: IntervalSchema })),
    method: z.string(),
  }),
  'CycleComparison',
);

export const TrendSchema = named(
  z.strictObject({
    scope: z.strictObject({ framework: ReportFrameworkSchema, filters: z.record(z.string(), z.string()) }),
    points: z.array(
      z.strictObject({
        cycleId: IdSchema,
        name: z.string(),
        startDate: z.string(),
        endDate: z.string(),
        audits: z.int(),
        goodOrBetter: ProportionSchema,
        grades: z.array(GradeShareSchema),
        kpi: z.strictObject({ level: z.string(), target: z.number(), by: z.string().nullable(), actual: ProportionSchema }).nullable(),
        sections: z.array(z.strictObject({ sectionId: z.string(), goodOrBetter: ProportionSchema, grades: z.array(GradeShareSchema) })),
      }),
    ),
    kpi: z.strictObject({
      status: z.enum(['met', 'on-track', 'off-track', 'no-target', 'no-data']),
      targetCycleId: z.string().nullable(),
      level: z.string().nullable(),
      target: z.number().nullable(),
      by: z.string().nullable(),
      latest: ProportionSchema.nullable(),
      projected: z.number().nullable(),
      explanation: z.string(),
    }),
  }),
  'Trend',
  'Every cycle oldest first, with the KPI line and whether the latest cycle is on track.',
);

const CriterionGapSchema = z.strictObject({
  criterionId: z.string(), sectionId: z.string(), text: z.string(), assessed: z.int(), notMet: z.int(), share: z.number().nullable(), ci: IntervalSchema.nullable(),
});
export const CriteriaGapsSchema = named(
  z.strictObject({
    scope: ReportScopeSchema,
    sections: z.array(
      z.strictObject({
        sectionId: z.string(),
        title: z.string(),
        assessed: z.int(),
        gaps: z.array(CriterionGapSchema),
        indicators: z.array(z.strictObject({
          criterionId: z.string(), sectionId: z.string(), level: z.string(), text: z.string(), assessed: z.int(), present: z.int(), share: z.number().nullable(), ci: IntervalSchema.nullable(),
        })),
      }),
    ),
    top: z.array(CriterionGapSchema),
  }),
  'CriteriaGaps',
  'Expected-level criteria most often not met, per section and overall: what to train on next.',
);
