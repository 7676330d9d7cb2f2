/** Input types for writing framework data (validated later by `loadFramework`). */
import type * as z from 'zod/mini';
import type { FrameworkSchema, GlossarySchema, SectionSchema } from '../../schema.js';

export type FrameworkData = z.input<typeof FrameworkSchema>;
export type SectionData = z.input<typeof SectionSchema>;
export type GlossaryData = z.input<typeof GlossarySchema>;
