/**
 * The HTTP contract of contributions: the audits linked to a plan, "weakened by the
 * advice" markings, and reports by contributing service. Registered by name for the
 * OpenAPI document like every other feature's schemas.
 */
import * as z from 'zod';
import { reportFilterFields } from '../reports/schemas.js';
import { AdviceContributorSchema, AuditStatusSchema, CycleSchema, IdSchema, named, RefSchema } from '../schemas.js';

const sectionId = z.string().regex(/^[A-Z][A-Z0-9]{0,9}$/, 'section ids are capital letters and digits, for example H1');
const isoDate = z.iso.date();

export const PlanParamsSchema = z.strictObject({ planRef: RefSchema });
export const ServiceParamsSchema = z.strictObject({ serviceRef: RefSchema });

const WeakeningSchema = named(
  z.strictObject({ sectionId: z.string(), adviceAuditId: IdSchema, serviceRef: RefSchema, teamRef: RefSchema.nullable(), markedAt: z.string() }),
  'SectionWeakening',
  'A plan-audit section marked "weakened by the advice" of one advice audit.',
);

export const WeakeningListSchema = named(
  z.strictObject({ planAuditId: IdSchema, items: z.array(WeakeningSchema) }),
  'SectionWeakeningList',
);

export const SetWeakenedByBodySchema = named(
  z.strictObject({
    /** Advice audits of the same plan whose advice weakened this section; an empty list clears the marking. */
    adviceAuditIds: z.array(IdSchema).max(20, 'must list at most 20 advice audits'),
  }),
  'SetWeakenedByBody',
);

export const LinkedAuditsSchema = named(
  z.strictObject({
    items: z.array(
      z.strictObject({
        id: IdSchema,
        frameworkId: z.string(),
        frameworkVersion: z.string(),
        /** What the audit looked at: the plan, its annual review, or one professional's advice. */
        subject: z.enum(['plan', 'annual-review', 'advice']),
        status: AuditStatusSchema,
        overallGrade: z.string().nullable(),
        startedAt: z.string(),
        completedAt: z.string().nullable(),
        /** Advice audits: the contributing service and team. */
        contributor: AdviceContributorSchema.nullable(),
        /** Plan audits: the sections marked as weakened by advice, with the advice audit. */
        weakenedSections: z.array(z.strictObject({ sectionId: z.string(), adviceAuditId: IdSchema })),
      }),
    ),
  }),
  'LinkedAudits',
  "Every audit of one plan that the caller may read, linked by the plan reference: the plan's audits, its annual review audits and the audits of the advice it was written from.",
);

const CellSchema = named(
  z.strictObject({ count: z.int().nullable(), suppressed: z.boolean() }),
  'SuppressedCount',
  'A count, or null with suppressed true when it is from 1 to 4 (shown as "fewer than 5") or would let such a count be worked out.',
);
const ServiceDistributionFields = {
  graded: CellSchema,
  notApplicable: CellSchema,
  grades: z.array(z.strictObject({ grade: z.string(), label: z.string(), count: CellSchema, share: z.number().nullable() })),
  goodOrBetter: z.strictObject({ count: CellSchema, share: z.number().nullable() }),
};
const ChangeSchema = z.strictObject({
  baseline: z.number().nullable(), current: z.number().nullable(), percentagePoints: z.number().nullable(), significant: z.boolean(), suppressed: z.boolean(),
});

export const ServiceSummarySchema = named(
  z.strictObject({
    scope: z.strictObject({
      framework: z.strictObject({ id: z.string(), version: z.string(), title: z.string() }),
      serviceRef: RefSchema,
      contributorTeamRef: RefSchema.nullable(),
      cycle: CycleSchema.nullable(),
      from: z.string().nullable(),
      to: z.string().nullable(),
      filters: z.record(z.string(), z.string()),
    }),
    suppression: z.strictObject({ below: z.int(), note: z.string() }),
    audits: CellSchema,
    overall: z.strictObject(ServiceDistributionFields),
    sections: z.array(z.strictObject({ sectionId: z.string(), title: z.string(), ...ServiceDistributionFields })),
    criteriaMissed: z.array(z.strictObject({
      criterionId: z.string(), sectionId: z.string(), text: z.string(), assessed: CellSchema, notMet: CellSchema, share: z.number().nullable(),
    })),
    weakenedPlanSections: z.array(z.strictObject({ sectionId: z.string(), title: z.string(), count: CellSchema })),
    comparison: z.strictObject({
      baseline: CycleSchema,
      baselineAudits: CellSchema,
      overall: ChangeSchema,
      sections: z.array(z.strictObject({ sectionId: z.string(), ...ChangeSchema.shape })),
    }).nullable(),
  }),
  'ServiceSummary',
  'How the advice of one contributing service was graded: the grade distribution overall and per part, the criteria most often missed, the plan sections its advice weakened, and the change from a baseline cycle. No plan references and no free text; small counts suppressed.',
);

export const ServiceListSchema = named(
  z.strictObject({ items: z.array(z.strictObject({ serviceRef: RefSchema, teamRefs: z.array(RefSchema), adviceAudits: CellSchema })) }),
  'ServiceList',
  'The contributing services with advice audits that the caller may see (a service lead: their own).',
);

const serviceFilters = {
  ...reportFilterFields,
  /** One team of the service. */
  contributorTeamRef: RefSchema.optional(),
};
const fromNotAfterTo = (q: { from?: string | undefined; to?: string | undefined }) => q.from === undefined || q.to === undefined || q.from <= q.to;
const rangeMessage = { message: 'must not be before from', path: ['to'] };

export const ServiceSummaryQuerySchema = z
  .strictObject({ cycleId: IdSchema.optional(), compareCycleId: IdSchema.optional(), from: isoDate.optional(), to: isoDate.optional(), ...serviceFilters })
  .refine(fromNotAfterTo, rangeMessage)
  .refine((q) => q.compareCycleId === undefined || q.compareCycleId !== q.cycleId, { message: 'must differ from cycleId', path: ['compareCycleId'] });

export const ServiceFeedbackQuerySchema = z
  .strictObject({ format: z.enum(['csv', 'html']), cycleId: IdSchema, compareCycleId: IdSchema.optional(), ...serviceFilters })
  .refine((q) => q.compareCycleId === undefined || q.compareCycleId !== q.cycleId, { message: 'must differ from cycleId', path: ['compareCycleId'] });

export const SectionParams = z.strictObject({ auditId: IdSchema, sectionId });
