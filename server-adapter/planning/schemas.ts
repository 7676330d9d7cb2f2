/**
 * The zod schemas of audit-cycle planning: registered plans, samples, allocations
 * and progress. One source for the routes' validation and the OpenAPI document.
 */
import * as z from 'zod';
import {
  IdSchema, LIMITS, named, PhaseSchema, PlanTypeSchema, PrimaryNeedSchema, RefSchema, SettingTypeSchema,
} from '../schemas.js';
import { HistoryColumnsSchema } from './history.js';

const isoDate = z.iso.date();
const isoDateTime = z.iso.datetime({ offset: true });

export const PlanStatusSchema = named(
  z.enum(['draft', 'final', 'ceased']),
  'PlanStatus',
  'Where the plan is: a draft, a final (issued) plan, or a plan that has ceased. Ceased plans are never sampled.',
);

/** What the host tells the adapter about one plan. Never a name or date of birth. */
export const PlanRegistrationSchema = named(
  z.strictObject({
    planRef: RefSchema,
    status: PlanStatusSchema,
    planType: PlanTypeSchema,
    /** The date the EHC needs assessment was requested (the 20 weeks run from here). */
    requestDate: isoDate.nullable().optional(),
    /** The date the final plan was issued (null while a draft). */
    issueDate: isoDate.nullable().optional(),
    phase: PhaseSchema,
    primaryNeed: PrimaryNeedSchema,
    settingType: SettingTypeSchema,
    teamRef: RefSchema.optional(),
    caseworkerRef: RefSchema.optional(),
  }).superRefine((plan, ctx) => {
    if (plan.requestDate && plan.issueDate && plan.issueDate < plan.requestDate) {
      ctx.addIssue({ code: 'custom', path: ['issueDate'], message: 'is before the requestDate' });
    }
  }),
  'PlanRegistration',
  'One plan as the host registers it: a reference and the facts sampling and reports use, never a name.',
);
export type PlanRegistration = z.infer<typeof PlanRegistrationSchema>;

export const RegisteredPlanSchema = named(
  z.strictObject({
    planRef: RefSchema,
    status: PlanStatusSchema,
    planType: PlanTypeSchema,
    requestDate: isoDate.nullable(),
    issueDate: isoDate.nullable(),
    phase: PhaseSchema,
    primaryNeed: PrimaryNeedSchema,
    settingType: SettingTypeSchema,
    teamRef: RefSchema.nullable(),
    caseworkerRef: RefSchema.nullable(),
    registeredAt: isoDateTime,
    updatedAt: isoDateTime,
  }),
  'RegisteredPlan',
);
export type RegisteredPlan = z.infer<typeof RegisteredPlanSchema>;

/** Most plans one JSON request may register (a CSV upload is limited by the body size). */
export const MAX_PLANS_PER_REQUEST = 5000;

export const RegisterPlansBodySchema = named(
  z.strictObject({ plans: z.array(PlanRegistrationSchema).min(1).max(MAX_PLANS_PER_REQUEST) }),
  'RegisterPlansBody',
);
export const ImportPlansCsvBodySchema = named(
  z.strictObject({
    /** The file's text: a header row naming the columns, then one plan per row. */
    csv: z.string().min(1, 'must not be empty'),
    /** Check every row and report, writing nothing. */
    dryRun: z.boolean().optional(),
  }),
  'ImportPlansCsvBody',
  'A CSV file of plans. Columns: planRef, status, planType, requestDate, issueDate, phase, primaryNeed, settingType, teamRef, caseworkerRef (the last four optional).',
);
export const RegisterPlansResultSchema = named(
  z.strictObject({
    created: z.int().min(0),
    updated: z.int().min(0),
    unchanged: z.int().min(0),
    /** True when nothing was written (a dry run). */
    dryRun: z.boolean(),
  }),
  'RegisterPlansResult',
  'How many plans were new, changed, or already registered exactly so (registering is idempotent on planRef).',
);
export type RegisterPlansResult = z.infer<typeof RegisterPlansResultSchema>;
export const PlanListSchema = named(z.strictObject({ items: z.array(RegisteredPlanSchema), total: z.int() }), 'PlanList');

// ── Samples ──────────────────────────────────────────────────────────────────
export const StratifyBySchema = named(z.enum(['phase', 'primaryNeed', 'teamRef', 'caseworkerRef']), 'StratifyBy');
export type StratifyBy = z.infer<typeof StratifyBySchema>;
export const SamplePopulationSchema = named(
  z.enum(['all', 'new']),
  'SamplePopulation',
  '`all`: every registered plan that has not ceased; `new`: new plans issued within the cycle\'s dates.',
);
const size = z.int().min(1).max(100000);
export const SampleMethodSchema = named(
  z.discriminatedUnion('method', [
    z.strictObject({ method: z.literal('all') }),
    z.strictObject({ method: z.literal('random'), size }),
    z.strictObject({ method: z.literal('proportional'), size, stratifyBy: StratifyBySchema }),
    z.strictObject({ method: z.literal('at-least'), size, stratifyBy: StratifyBySchema, atLeast: z.int().min(1).max(1000) }),
  ]),
  'SampleMethod',
  'Every plan of the population, a simple random sample of `size`, or a stratified one: proportional, or at least `atLeast` per stratum.',
);
export type SampleMethod = z.infer<typeof SampleMethodSchema>;

export const DrawSampleBodySchema = named(
  z.strictObject({
    population: SamplePopulationSchema,
    sample: SampleMethodSchema,
    /** 0–4294967295; when absent the server chooses one. Either way it is stored and shown. */
    seed: z.int().min(0).max(4294967295).optional(),
  }),
  'DrawSampleBody',
);
export const SampleSchema = named(
  z.strictObject({
    cycleId: IdSchema,
    population: SamplePopulationSchema,
    sample: SampleMethodSchema,
    seed: z.int(),
    populationSize: z.int(),
    planRefs: z.array(RefSchema),
    strata: z.array(z.strictObject({ stratum: z.string(), population: z.int(), sampled: z.int() })),
    /** The 95% margin of error (0–1) of a proportion from this sample, finite population corrected. */
    marginOfError: z.number(),
    drawnAt: isoDateTime,
    drawnBy: z.string(),
  }),
  'Sample',
  'A drawn sample: how, with which seed, and the plans. The same plans, method and seed give the same sample.',
);
export type Sample = z.infer<typeof SampleSchema>;

export const SamplePlanQuerySchema = z.strictObject({
  population: SamplePopulationSchema.default('all'),
  size: z.coerce.number().int().min(1).max(100000).optional(),
  /** A margin in percentage points, for example 10 for ±10. */
  margin: z.coerce.number().gt(0).lt(100).optional(),
});
export const SamplePlanSchema = named(
  z.strictObject({
    population: SamplePopulationSchema,
    populationSize: z.int(),
    size: z.int().nullable(),
    /** Margin of error (0–1) for `size`. */
    marginOfError: z.number().nullable(),
    margin: z.number().nullable(),
    /** Sample size needed for `margin`. */
    sizeForMargin: z.int().nullable(),
    /** The sizes usually considered, with what each buys. */
    table: z.array(z.strictObject({ size: z.int(), marginOfError: z.number() })),
  }),
  'SamplePlan',
  'What a sample size buys before drawing: the 95% margin of error for a proportion (finite population corrected) and the size a margin needs.',
);

// ── Allocation ───────────────────────────────────────────────────────────────
export const AgencySchema = named(
  z.enum(['education', 'health', 'social-care', 'parent-carer-forum', 'other']),
  'Agency',
  'The agency an auditor comes from.',
);
export const AuditorRefSchema = named(
  z.strictObject({ auditorId: RefSchema, agency: AgencySchema }),
  'AuditorRef',
  'An auditor: the host\'s user id (as in their token) and their agency.',
);
export const AssignmentSchema = z.strictObject({ planRef: RefSchema, auditorId: RefSchema, agency: AgencySchema, dueDate: isoDate });
export const AllocateBodySchema = named(
  z.discriminatedUnion('mode', [
    z.strictObject({ mode: z.literal('by-hand'), assignments: z.array(AssignmentSchema).min(1).max(MAX_PLANS_PER_REQUEST) }),
    z.strictObject({ mode: z.literal('balanced'), auditors: z.array(AuditorRefSchema).min(1).max(500), dueDate: isoDate }),
  ]),
  'AllocateBody',
  '`by-hand`: the given plan → auditor pairs; `balanced`: every sampled plan not yet allocated, shared out so workloads stay even. Never to the plan\'s own caseworker.',
);
export const ReassignBodySchema = named(
  z.strictObject({ auditorId: RefSchema, agency: AgencySchema, dueDate: isoDate, reason: z.string().max(LIMITS.reason).optional() }),
  'ReassignBody',
);
export const AllocationStateSchema = named(z.enum(['not-started', 'in-progress', 'audited']), 'AllocationState');
export const AllocationSchema = named(
  z.strictObject({
    id: z.string(),
    cycleId: IdSchema,
    planRef: RefSchema,
    auditorId: RefSchema,
    agency: AgencySchema,
    dueDate: isoDate,
    assignedAt: isoDateTime,
    assignedBy: z.string(),
    reassignments: z.array(z.strictObject({ at: isoDateTime, by: z.string(), fromAuditorId: z.string(), reason: z.string().nullable() })),
    version: z.int().min(1),
    /** From the audits: none yet, started, or completed by the allocated auditor. */
    state: AllocationStateSchema,
    overdue: z.boolean(),
    auditId: z.string().nullable(),
    /** The plan's facts an auditor needs to start the audit. */
    plan: z.strictObject({ planType: PlanTypeSchema, phase: PhaseSchema, primaryNeed: PrimaryNeedSchema, settingType: SettingTypeSchema, teamRef: RefSchema.optional(), caseworkerRef: RefSchema.optional() }).nullable(),
  }),
  'Allocation',
  'One sampled plan given to one auditor, with a due date, and how far it has got.',
);
export type Allocation = z.infer<typeof AllocationSchema>;
export const AllocationListSchema = named(z.strictObject({ items: z.array(AllocationSchema) }), 'AllocationList');
export const AllocationParamsSchema = z.strictObject({ cycleId: IdSchema, allocationId: z.string().regex(/^[a-f0-9]{32}$/, 'is not an allocation id') });

// ── Progress ─────────────────────────────────────────────────────────────────
export const ProgressCountsSchema = named(
  z.strictObject({
    allocated: z.int(),
    audited: z.int(),
    inProgress: z.int(),
    notStarted: z.int(),
    /** Not audited and past the due date (counted within inProgress or notStarted too). */
    overdue: z.int(),
  }),
  'ProgressCounts',
);
export type ProgressCounts = z.infer<typeof ProgressCountsSchema>;
export const CycleProgressSchema = named(
  z.strictObject({
    cycleId: IdSchema,
    asOf: isoDate,
    sampled: z.int(),
    unallocated: z.int(),
    total: ProgressCountsSchema,
    byAuditor: z.array(ProgressCountsSchema.extend({ auditorId: z.string(), agency: AgencySchema })),
    byAgency: z.array(ProgressCountsSchema.extend({ agency: AgencySchema })),
  }),
  'CycleProgress',
  'How far a cycle has got: "38 of 50 audited, 6 in progress, 4 overdue", for the cycle, per auditor and per agency.',
);
export type CycleProgress = z.infer<typeof CycleProgressSchema>;

// ── Legacy import ────────────────────────────────────────────────────────────

export const ImportHistoryBodySchema = named(
  z.strictObject({
    /** The file's text: a header row, then one past audit per row. */
    csv: z.string().min(1, 'must not be empty'),
    frameworkId: z.string().min(1).max(80),
    frameworkVersion: z.string().regex(/^\d+\.\d+\.\d+$/, 'use a semantic version such as 1.0.0'),
    /** Which column holds what (the file's header names). */
    columns: HistoryColumnsSchema,
    /** The LA's grade words → the framework's level ids (or `na` for a section), for example { "Gold": "outstanding", "RI": "requires-improvement" }. */
    grades: z.record(z.string().min(1).max(60), z.string().max(60)),
    /** The LA's words for auditor roles → role ids, for example { "EP": "educational-psychologist" }. */
    auditorRoles: z.record(z.string().min(1).max(60), z.string().max(60)).optional(),
    /** Check every row and report, writing nothing. */
    dryRun: z.boolean().optional(),
  }),
  'ImportHistoryBody',
  'Past audits from a spreadsheet, with the column mapping and the grade words mapped to a framework version.',
);
export const ImportHistoryResultSchema = named(
  z.strictObject({
    rows: z.int(),
    created: z.int(),
    /** Rows imported before (same plan, date, framework and auditor role): left as they are. */
    unchanged: z.int(),
    dryRun: z.boolean(),
    /** Audits per cycle the rows fall in. */
    cycles: z.array(z.strictObject({ cycleId: IdSchema, name: z.string(), audits: z.int() })),
  }),
  'ImportHistoryResult',
);

// ── Timeliness ───────────────────────────────────────────────────────────────
export const SuppressedProportionSchema = named(
  z.strictObject({
    count: z.int().nullable(),
    n: z.int().nullable(),
    share: z.number().nullable(),
    ci: z.strictObject({ lower: z.number(), upper: z.number() }).nullable(),
    /** True when a count of 1–4 (or a group of fewer than 5) is hidden: show "fewer than 5". */
    suppressed: z.boolean(),
  }),
  'SuppressedProportion',
  'count of n with its 95% Wilson interval; counts of 1–4 are suppressed (null), as published statistics are.',
);
export const TimelinessQuerySchema = z.strictObject({
  cycleId: IdSchema.optional(),
  phase: PhaseSchema.optional(),
  primaryNeed: PrimaryNeedSchema.optional(),
  settingType: SettingTypeSchema.optional(),
  teamRef: RefSchema.optional(),
  caseworkerRef: RefSchema.optional(),
  frameworkId: z.string().min(1).max(80).default('ehcp-plan'),
});
const QualityGroupSchema = z.strictObject({ audits: z.int().nullable(), goodOrBetter: SuppressedProportionSchema });
export const TimelinessReportSchema = named(
  z.strictObject({
    filters: z.record(z.string(), z.string()),
    statutoryWeeks: z.literal(20),
    points: z.array(z.strictObject({
      cycleId: IdSchema,
      name: z.string(),
      startDate: isoDate,
      endDate: isoDate,
      issued: z.int(),
      missingDates: z.int(),
      within20Weeks: SuppressedProportionSchema,
      medianWeeks: z.number().nullable(),
      quality: z.strictObject({ onTime: QualityGroupSchema, late: QualityGroupSchema }),
    })),
  }),
  'TimelinessReport',
  'Per cycle: new plans issued in the cycle, the share issued within 20 weeks of the request, and the share of their completed audits Good or better, on time and late.',
);
