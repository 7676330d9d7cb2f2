/** The moderation part of a report's answer (used by the reports schemas). */
import * as z from 'zod';
import { named } from '../schemas.js';

export const ReportModerationSchema = named(
  z.strictObject({
    /** Plans in the report whose result is an agreed (moderated) grade. */
    moderatedPlans: z.int().min(0),
    /** Plans in the report with a moderation still under way. */
    plansInModeration: z.int().min(0),
  }),
  'ReportModeration',
  'How many plans in the report were moderated: their grades are the agreed grades, and second audits are not counted as plans.',
);
