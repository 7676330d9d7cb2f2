/**
 * The feedback part of the HTTP contract: request, query and response schemas, and the
 * adapter options. The routes validate with these and the OpenAPI document is built from them.
 */
import * as z from 'zod';
import { QuestionnaireSchema as CriteriaQuestionnaireSchema, RESPONDENT_TYPES, FREE_TEXT_MAX, type Questionnaire } from '../../criteria/questionnaire-schema.js';
import { CycleSchema, IdSchema, named, PhaseSchema, PlanMetadataSchema, PrimaryNeedSchema, RefSchema, SettingTypeSchema } from '../schemas.js';

declare module '../operation.js' {
  interface QaAppOptions {
    /** Experiential feedback: see docs/feedback.md. */
    feedback?: FeedbackOptions;
  }
}

export interface FeedbackOptions {
  /**
   * Whether responses are linked to the plan (needed to compare them with the plan's audit
   * grade), or anonymous (kept with the LA and cycle only). The form tells the respondent
   * which before they answer. Default false: anonymous.
   */
  linkResponses?: boolean;
  /** Days a link stays valid when the request does not say. Default 28. */
  defaultExpiryDays?: number;
  /** Where links point, for example `https://qa.example.gov.uk/qa` (no trailing slash). Default: the origin and mount of the request. */
  publicBaseUrl?: string;
  /**
   * URL of the script that defines `<ehcp-feedback-form>` on the ready page (`<mount>/feedback/{token}`),
   * for example the package's `dist/ehcp-qa.bundle.js` served by the host. Default: the adapter serves
   * that bundle and the files beside it at `<mount>/feedback-assets/` when the package is built.
   */
  formScriptUrl?: string;
  /** The LA's name, shown on the public form. Default: none. */
  organisationName?: string | ((tenant: string) => string);
  /** Questionnaires served. Default: the built-in ones. */
  questionnaires?: readonly Questionnaire[];
}

export const RespondentTypeSchema = named(z.enum(RESPONDENT_TYPES), 'RespondentType', 'Who a questionnaire is for.');
export const QuestionnaireSchema = named(CriteriaQuestionnaireSchema, 'Questionnaire', 'An experiential-feedback questionnaire: versioned data (docs/feedback.md).');
export const QuestionnaireListSchema = named(z.strictObject({ items: z.array(QuestionnaireSchema) }), 'QuestionnaireList');

/** Tokens are 32 random bytes, base64url (43 characters). */
export const TokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'is not a feedback link token');
export const TokenParamsSchema = z.strictObject({ token: TokenSchema });
export const FeedbackRequestParamsSchema = z.strictObject({ requestId: IdSchema });

export const CreateFeedbackRequestBodySchema = named(
  z.strictObject({
    /** The host's plan reference (never a name). */
    planRef: RefSchema,
    plan: PlanMetadataSchema,
    cycleId: IdSchema.nullable().optional(),
    respondentType: RespondentTypeSchema,
    /** Default: the newest questionnaire for the respondent type. */
    questionnaireId: z.string().max(80).optional(),
    questionnaireVersion: z.string().regex(/^\d+\.\d+\.\d+$/, 'use a semantic version such as 1.0.0').optional(),
    /** 1–90 days; default the adapter's `feedback.defaultExpiryDays` (28). */
    expiresInDays: z.int().min(1, 'must be at least 1').max(90, 'must be at most 90').optional(),
  }),
  'CreateFeedbackRequestBody',
);

export const FeedbackRequestSchema = named(
  z.strictObject({
    id: IdSchema,
    planRef: RefSchema,
    cycleId: IdSchema.nullable(),
    respondentType: RespondentTypeSchema,
    questionnaireId: z.string(),
    questionnaireVersion: z.string(),
    linked: z.boolean(),
    plan: PlanMetadataSchema,
    createdBy: z.string(),
    createdAt: z.string(),
    expiresAt: z.string(),
    /** `expired` is reported for an open request past its expiry. */
    status: z.enum(['open', 'used', 'revoked', 'expired']),
    usedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    version: z.int().min(1),
  }),
  'FeedbackRequest',
  'An invitation to give feedback on one plan. Never holds the token (only its hash is stored) or any contact details.',
);

export const CreatedFeedbackRequestSchema = named(
  z.strictObject({
    request: FeedbackRequestSchema,
    /** The single-use token: shown once, never stored. */
    token: z.string(),
    /** The link to send with the host's own letters, e-mail or SMS. */
    link: z.string(),
  }),
  'CreatedFeedbackRequest',
);

export const FeedbackRequestListSchema = named(z.strictObject({ items: z.array(FeedbackRequestSchema) }), 'FeedbackRequestList');
export const FeedbackRequestListQuerySchema = z.strictObject({ planRef: RefSchema });

export const PublicFeedbackFormSchema = named(
  z.strictObject({
    questionnaire: QuestionnaireSchema,
    /** True: the answers will be linked to the plan. False: anonymous (kept with the LA and cycle only). */
    linked: z.boolean(),
    organisationName: z.string().nullable(),
    expiresAt: z.string(),
  }),
  'PublicFeedbackForm',
  'What the public form needs: the questionnaire and what will happen to the answers. No plan details.',
);

export const SubmitFeedbackBodySchema = named(
  z.strictObject({
    /** A random key the form makes once per questionnaire (a UUID): sending the same key again is recognised and not counted twice. */
    submissionKey: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'use a random id of 16 to 64 letters, digits, "_" or "-"'),
    /** Question id → option id, option ids, or text. Every question is optional. */
    answers: z.record(
      z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'question ids are lower-case words joined by hyphens').max(80),
      z.union([z.string().max(FREE_TEXT_MAX, `must be at most ${FREE_TEXT_MAX} characters`), z.array(z.string().max(80)).max(20)]),
    ),
  }),
  'SubmitFeedbackBody',
);

export const FeedbackReceiptSchema = named(
  z.strictObject({
    status: z.literal('received'),
    /** True when this submission had already been received (nothing was stored again). */
    replay: z.boolean(),
    thankYou: z.string(),
  }),
  'FeedbackReceipt',
);

// ── reports ──────────────────────────────────────────────────────────────────
const feedbackFilterFields = {
  cycleId: IdSchema.optional(),
  respondentType: RespondentTypeSchema.optional(),
  phase: PhaseSchema.optional(),
  primaryNeed: PrimaryNeedSchema.optional(),
  settingType: SettingTypeSchema.optional(),
  teamRef: RefSchema.optional(),
};
export const FeedbackSummaryQuerySchema = z
  .strictObject({ ...feedbackFilterFields, compareCycleId: IdSchema.optional() })
  .refine((q) => q.compareCycleId === undefined || q.cycleId !== undefined, { message: 'needs cycleId too', path: ['compareCycleId'] })
  .refine((q) => q.compareCycleId === undefined || q.compareCycleId !== q.cycleId, { message: 'must differ from cycleId', path: ['compareCycleId'] });
export const FeedbackExportQuerySchema = z.strictObject({ ...feedbackFilterFields });
export const QualityExperienceQuerySchema = z.strictObject({
  ...feedbackFilterFields,
  frameworkId: z.string().max(80).optional(),
  frameworkVersion: z.string().regex(/^\d+\.\d+\.\d+$/, 'use a semantic version such as 1.0.0').optional(),
});

const IntervalSchema = z.strictObject({ lower: z.number(), upper: z.number() });
const ProportionSchema = z.strictObject({ count: z.int(), n: z.int(), share: z.number().nullable(), ci: IntervalSchema.nullable() });
const ChangeSchema = z.strictObject({ difference: z.number().nullable(), percentagePoints: z.number().nullable(), ci: IntervalSchema.nullable(), significant: z.boolean() });

const OptionFigureSchema = z.strictObject({ id: z.string(), label: z.string(), count: z.int().nullable(), share: z.number().nullable(), suppressed: z.boolean() });
const QuestionFiguresSchema = named(
  z.strictObject({
    id: z.string(),
    text: z.string(),
    type: z.enum(['single', 'multiple', 'scale', 'text']),
    topic: z.string(),
    answered: z.int().nullable(),
    suppressed: z.boolean(),
    options: z.array(OptionFigureSchema),
    positive: ProportionSchema.nullable(),
  }),
  'FeedbackQuestionFigures',
  'One question: counts and shares per option; null where fewer than 5 people are behind a figure.',
);
const QuestionnaireFiguresSchema = z.strictObject({
  id: z.string(),
  version: z.string(),
  title: z.string(),
  respondentType: RespondentTypeSchema,
  responses: z.int().nullable(),
  suppressed: z.boolean(),
  questions: z.array(QuestionFiguresSchema),
});
const PositiveComparisonSchema = named(
  z.strictObject({
    questionnaireId: z.string(),
    questionnaireVersion: z.string(),
    questionId: z.string(),
    text: z.string(),
    a: ProportionSchema.nullable(),
    b: ProportionSchema.nullable(),
    change: ChangeSchema.nullable(),
  }),
  'FeedbackPositiveComparison',
  'The share of positive answers in two groups (a: baseline cycle, or plans below the expected grade; b: current cycle, or plans at the expected grade or better) and the change b − a with its 95% Newcombe interval. Null where suppressed.',
);
const ScopeSchema = z.strictObject({
  cycle: CycleSchema.nullable(),
  respondentType: RespondentTypeSchema.nullable(),
  filters: z.record(z.string(), z.string()),
  /** The smallest count ever shown (5). */
  minimumCount: z.int(),
  /** Plan filters match linked responses only. */
  linkedOnly: z.boolean(),
});

export const FeedbackSummarySchema = named(
  z.strictObject({
    scope: ScopeSchema,
    responseRates: z.array(z.strictObject({
      respondentType: RespondentTypeSchema,
      sent: z.int(),
      /** null when 1–4. */
      responses: z.int().nullable(),
      rate: ProportionSchema.nullable(),
    })),
    questionnaires: z.array(QuestionnaireFiguresSchema),
    comparison: z.strictObject({ baseline: CycleSchema, questions: z.array(PositiveComparisonSchema) }).nullable(),
    /** Managers only (null for others), and only for questions with 5 answers or more; name-like words masked. */
    freeText: z.array(z.strictObject({ questionnaireId: z.string(), questionnaireVersion: z.string(), questionId: z.string(), text: z.string(), answers: z.array(z.string()) })).nullable(),
    method: z.string(),
  }),
  'FeedbackSummary',
);

export const QualityExperienceSchema = named(
  z.strictObject({
    scope: ScopeSchema,
    framework: z.strictObject({ id: z.string(), version: z.string(), title: z.string() }),
    /** The label of the expected grade ("Good"): group b is plans at it or better. */
    expectedLabel: z.string(),
    /** Linked responses whose plan has a completed audit, per group; null when 1–4. */
    matched: z.strictObject({ belowExpected: z.int().nullable(), expectedOrBetter: z.int().nullable() }),
    /** Linked responses in scope with no completed audit of their plan (left out). */
    unmatched: z.int().nullable(),
    questions: z.array(PositiveComparisonSchema),
    method: z.string(),
  }),
  'QualityAndExperience',
  'How families\' answers differ by the plan\'s audit grade: for each question, the share of positive answers where the plan was graded below the expected level (a) and at it or better (b).',
);
