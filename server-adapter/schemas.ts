/**
 * The zod schemas of every request and response: the one source of the HTTP
 * contract. The route table (routes/*.ts) validates requests with these schemas,
 * and openapi.ts turns the same objects into the OpenAPI 3.1 document, so the two
 * cannot drift.
 *
 * A schema that should appear by name under `components/schemas` is registered in
 * `contract` with `named(schema, 'Name')`. Feature modules (reports, moderation,
 * benchmark) keep their own schemas in their own files and use `named` the same way.
 */
import * as z from 'zod';
import { FrameworkSchema as CriteriaFrameworkSchema } from '../criteria/schema.js';

/** Schemas that get a name in the OpenAPI document (`#/components/schemas/<id>`). */
export const contract = z.registry<{ id: string; description?: string }>();

/** Registers `schema` under `id` in the contract and returns it unchanged. */
export function named<T extends z.core.$ZodType>(schema: T, id: string, description?: string): T {
  contract.add(schema, description ? { id, description } : { id });
  return schema;
}

// ── Limits ──────────────────────────────────────────────────────────────────
/** Upper bounds on free text, chosen to fit a thorough comment but not a pasted document. */
export const LIMITS = {
  comment: 4000,
  reason: 2000,
  name: 120,
  ref: 128,
  /** Seconds one save may add to an audit's active time (an hour). */
  activeSecondsPerSave: 3600,
  /** Request bodies larger than this answer 413. */
  bodyBytes: 256 * 1024,
  pageSize: 100,
} as const;

/** Generated ids: 8–64 characters of letters, digits, `_` and `-`. */
export const IdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'ids are 8 to 64 letters, digits, "_" or "-"');

/**
 * An opaque reference from the host (a plan, team, caseworker or user id). It is
 * a key into the host's system, never a person's name: no spaces are allowed, so a
 * name such as "Amy Jones" is refused at the edge.
 */
export const RefSchema = z
  .string()
  .min(1)
  .max(LIMITS.ref)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:/#-]*$/, 'use the host system\'s reference (letters, digits, ".", "_", ":", "/", "#", "-"; no spaces), never a name');

const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);
const nonEmptyText = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const isoDate = z.iso.date();
const isoDateTime = z.iso.datetime({ offset: true });

// ── Plan metadata ─────────────────────────────────────────────────────────────
export const PlanTypeSchema = named(z.enum(['new', 'annual-review', 'transfer']), 'PlanType', 'Why the plan was written: a new plan, after an annual review, or a transfer.');
export const PhaseSchema = named(z.enum(['early-years', 'primary', 'secondary', 'post-16', 'post-19']), 'Phase');
export const PrimaryNeedSchema = named(
  z.enum(['SPLD', 'MLD', 'SLD', 'PMLD', 'SEMH', 'SLCN', 'HI', 'VI', 'MSI', 'PD', 'ASD', 'OTH']),
  'PrimaryNeed',
  'Primary type of need, as the SEN2 return codes it.',
);
export const SettingTypeSchema = named(
  z.enum(['mainstream', 'resourced-provision', 'special', 'independent-special', 'alternative-provision', 'further-education', 'early-years', 'other']),
  'SettingType',
);
export const AuditorRoleSchema = named(
  z.enum(['send-caseworker', 'send-manager', 'educational-psychologist', 'health', 'social-care', 'parent-carer-forum', 'senior-leader', 'other']),
  'AuditorRole',
  "The auditor's profession, used to filter reports. Not an access role.",
);

export const PlanMetadataSchema = named(
  z.strictObject({
    planType: PlanTypeSchema,
    phase: PhaseSchema,
    primaryNeed: PrimaryNeedSchema,
    settingType: SettingTypeSchema,
    /** The host's reference of the team that wrote the plan. */
    teamRef: RefSchema.optional(),
    /** The host's user reference of the plan's caseworker; that caseworker may read the completed audit. */
    caseworkerRef: RefSchema.optional(),
  }),
  'PlanMetadata',
  'What reports filter on. Never the child\'s name or date of birth.',
);
export type PlanMetadata = z.infer<typeof PlanMetadataSchema>;

// ── Problems (RFC 9457) ───────────────────────────────────────────────────────
export const FieldErrorSchema = named(
  z.strictObject({ field: z.string(), message: z.string() }),
  'FieldError',
);
export const ProblemSchema = named(
  z.looseObject({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(FieldErrorSchema).optional(),
    currentVersion: z.int().optional(),
  }),
  'Problem',
  'An RFC 9457 problem: every error response has this shape, as application/problem+json.',
);

// ── Frameworks ───────────────────────────────────────────────────────────────
export const FrameworkSchema = named(CriteriaFrameworkSchema, 'Framework', 'A quality framework: grade scale, sections, criteria and guidance.');
export const FrameworkSummarySchema = named(
  z.strictObject({
    id: z.string(),
    version: z.string(),
    title: z.string(),
    description: z.string(),
    /** What the framework audits: a plan, an annual review, or one professional's advice. */
    subject: z.enum(['plan', 'annual-review', 'advice']),
    sectionIds: z.array(z.string()),
  }),
  'FrameworkSummary',
);
export const FrameworkListSchema = named(z.strictObject({ items: z.array(FrameworkSummarySchema) }), 'FrameworkList');
export const FrameworkParamsSchema = z.strictObject({
  frameworkId: z.string().max(80),
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'use a semantic version such as 1.0.0'),
});

// ── Audits ───────────────────────────────────────────────────────────────────
export const GradeIdSchema = z.string().max(60);
export const AuditStatusSchema = named(z.enum(['in-progress', 'completed']), 'AuditStatus');

/**
 * Facts of the plan that decide which criteria apply (for example its status and the
 * child's age band), answered once per audit: fact id → option id, as the framework's
 * `facts` list defines them. Absent for frameworks that ask none.
 */
export const PlanFactsSchema = named(
  z.record(
    z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'fact ids are lower-case words joined by hyphens').max(60),
    z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'answers are option ids: lower-case words joined by hyphens').max(60),
  ),
  'PlanFacts',
  "Facts of the plan that decide which criteria apply: fact id → option id, from the framework's `facts`.",
);

export const SectionRecordSchema = named(
  z.strictObject({
    criteriaMet: z.array(z.string()),
    /** The grade the auditor chose (a level id or `na`), or null while undecided. */
    grade: GradeIdSchema.nullable(),
    /** The grade the server computed from the criteria met. */
    suggestedGrade: GradeIdSchema,
    overrideReason: z.string().nullable(),
    comment: z.string().nullable(),
    savedAt: isoDateTime,
    /** Criteria the auditor could not answer without the advice; left out of the suggestion. Absent when none. */
    cannotTell: z.array(z.string()).optional(),
    /** The auditor's answer to the section's nil-statement question, where the framework asks one. */
    nilStatement: z.boolean().optional(),
  }),
  'SectionRecord',
  'One graded section as stored: the input plus the suggestion the server computed.',
);
export type SectionRecord = z.infer<typeof SectionRecordSchema>;

export const OverallGradeSchema = named(
  z.strictObject({
    grade: GradeIdSchema.nullable(),
    meanPoints: z.number().nullable(),
    pointsGrade: GradeIdSchema.nullable(),
    limitedBy: z.strictObject({ sections: z.array(z.string()), capAt: GradeIdSchema, reason: z.string() }).nullable(),
    explanation: z.string(),
  }),
  'OverallGrade',
);

export const ReopeningSchema = z.strictObject({ at: isoDateTime, by: z.string(), reason: z.string() });

/**
 * The service (and team) that contributed the advice an advice audit grades: the
 * host's ids, never a person's name. Required when the framework audits advice.
 */
export const AdviceContributorSchema = named(
  z.strictObject({
    /** The host's id of the contributing service, for example `ep-service`. */
    serviceRef: RefSchema,
    /** The host's id of the team within the service; null when not given. */
    teamRef: RefSchema.nullable(),
  }),
  'AdviceContributor',
  "Who contributed the advice an advice audit grades: the host's service and team ids, never a person's name.",
);

export const AuditSchema = named(
  z.strictObject({
    id: IdSchema,
    frameworkId: z.string(),
    frameworkVersion: z.string(),
    planRef: RefSchema,
    cycleId: IdSchema.nullable(),
    auditorId: z.string(),
    auditorRole: AuditorRoleSchema,
    plan: PlanMetadataSchema,
    status: AuditStatusSchema,
    /** Increases by one on every write; sent as the ETag. */
    version: z.int().min(1),
    sections: z.record(z.string(), SectionRecordSchema),
    overall: OverallGradeSchema.nullable(),
    startedAt: isoDateTime,
    updatedAt: isoDateTime,
    completedAt: isoDateTime.nullable(),
    /** Seconds the auditor actively spent, summed over saves. */
    activeSeconds: z.int().min(0),
    reopenings: z.array(ReopeningSchema),
    facts: PlanFactsSchema.optional(),
    /** Advice audits only: the contributing service and team. */
    contributor: AdviceContributorSchema.optional(),
  }),
  'Audit',
);
export type Audit = z.infer<typeof AuditSchema>;

export const CreateAuditBodySchema = named(
  z.strictObject({
    frameworkId: z.string().min(1).max(80),
    /** Defaults to the newest version of the framework the adapter serves. */
    frameworkVersion: z.string().regex(/^\d+\.\d+\.\d+$/, 'use a semantic version such as 1.0.0').optional(),
    planRef: RefSchema,
    plan: PlanMetadataSchema,
    cycleId: IdSchema.nullable().optional(),
    auditorRole: AuditorRoleSchema,
    /** The plan's facts where the host knows them; the auditor can answer or correct them later. */
    facts: PlanFactsSchema.optional(),
    /** Required for a framework that audits advice (`subject: advice`), refused for any other. */
    contributor: z.strictObject({ serviceRef: RefSchema, teamRef: RefSchema.optional() }).optional(),
  }),
  'CreateAuditBody',
);

export const UpdateFactsBodySchema = named(
  z.strictObject({ facts: PlanFactsSchema }),
  'UpdateFactsBody',
  'Replaces the plan facts of an audit. Saved sections are graded again with them.',
);

export const ApplicabilitySchema = named(
  z.strictObject({
    frameworkId: z.string(),
    frameworkVersion: z.string(),
    facts: PlanFactsSchema,
    /** Facts the framework asks for that the audit has not answered yet (their criteria count as applying). */
    unansweredFacts: z.array(z.string()),
    sections: z.record(
      z.string(),
      z.array(z.strictObject({ criterionId: z.string(), reason: z.string() })),
    ),
  }),
  'Applicability',
  'For each section, the criteria that do not apply to this plan, and why.',
);

export const SaveSectionBodySchema = named(
  z.strictObject({
    criteriaMet: z.array(z.string().max(120)).max(200),
    /** A level id of the framework's scale, `na`, or null while undecided. */
    grade: GradeIdSchema.nullable(),
    /** Required when the grade differs from the suggestion computed from `criteriaMet`. */
    overrideReason: text(LIMITS.reason).optional(),
    comment: text(LIMITS.comment).optional(),
    /** Criteria the auditor cannot answer without the advice (only those the framework marks `needsAdvice`). */
    cannotTell: z.array(z.string().max(120)).max(200).optional(),
    /** The answer to the section's nil-statement question, where the framework asks one. */
    nilStatement: z.boolean().optional(),
    /** Seconds spent on the audit since the last save (at most an hour per save). */
    activeSeconds: z.int().min(0).max(LIMITS.activeSecondsPerSave).optional(),
  }),
  'SaveSectionBody',
);

export const ReopenAuditBodySchema = named(z.strictObject({ reason: nonEmptyText(LIMITS.reason) }), 'ReopenAuditBody');

export const CompleteAuditBodySchema = named(
  z.strictObject({ activeSeconds: z.int().min(0).max(LIMITS.activeSecondsPerSave).optional() }),
  'CompleteAuditBody',
);

export const AuditParamsSchema = z.strictObject({ auditId: IdSchema });
export const SectionParamsSchema = z.strictObject({
  auditId: IdSchema,
  sectionId: z.string().regex(/^[A-Z][A-Z0-9]{0,9}$/, 'section ids are capital letters and digits, for example H1'),
});

export const limitParam = z
  .string()
  .regex(/^\d{1,3}$/, 'must be a whole number from 1 to 100')
  .transform(Number)
  .pipe(z.int().min(1, 'must be at least 1').max(LIMITS.pageSize, `must be at most ${LIMITS.pageSize}`));

export const ListAuditsQuerySchema = z.strictObject({
  cycleId: IdSchema.optional(),
  status: AuditStatusSchema.optional(),
  planRef: RefSchema.optional(),
  auditorId: RefSchema.optional(),
  frameworkId: z.string().max(80).optional(),
  cursor: z.string().max(400).optional(),
  limit: limitParam.optional(),
});

export const AuditPageSchema = named(
  z.strictObject({ items: z.array(AuditSchema), nextCursor: z.string().nullable() }),
  'AuditPage',
  'One page of audits, newest first; pass `nextCursor` as `cursor` for the next page.',
);

// ── Cycles ───────────────────────────────────────────────────────────────────
export const KpiTargetSchema = named(
  z.strictObject({
    /** A level id of the scale, for example `good`: plans at this level or better count. */
    level: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'use a level id such as good').max(60),
    /** The share (0–1) of plans that should reach the level. */
    share: z.number().min(0).max(1),
    by: isoDate.optional(),
  }),
  'KpiTarget',
);

const cycleFields = {
  name: nonEmptyText(LIMITS.name),
  startDate: isoDate,
  endDate: isoDate,
  kpiTarget: KpiTargetSchema.optional(),
};
const endNotBeforeStart = (c: { startDate: string; endDate: string }) => c.endDate >= c.startDate;

export const CreateCycleBodySchema = named(
  z.strictObject(cycleFields).refine(endNotBeforeStart, { message: 'must not be before startDate', path: ['endDate'] }),
  'CreateCycleBody',
);

export const CycleSchema = named(
  z.strictObject({
    id: IdSchema,
    name: z.string(),
    startDate: isoDate,
    endDate: isoDate,
    kpiTarget: KpiTargetSchema.nullable(),
    createdAt: isoDateTime,
  }),
  'Cycle',
  'An audit cycle (for example a term): the audits in it are reported together.',
);
export type Cycle = z.infer<typeof CycleSchema>;
export const CycleListSchema = named(
  z.strictObject({ items: z.array(CycleSchema), nextCursor: z.string().nullable() }),
  'CycleList',
  'One page of cycles, newest first (at most `limit`, default 100); pass `nextCursor` as `cursor` for the next page.',
);
export const ListCyclesQuerySchema = z.strictObject({ cursor: z.string().max(400).optional(), limit: limitParam.optional() });
export const CycleParamsSchema = z.strictObject({ cycleId: IdSchema });
