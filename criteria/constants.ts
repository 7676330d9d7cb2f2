import type { Framework, GradeLevel } from './schema.js';

/**
 * Constants shared by the schema and the grading functions, in a module of their
 * own so that code needing only grading (the browser elements) does not pull the
 * zod schemas into its bundle.
 */

/** The marker used for "Not applicable" wherever a grade is stored. It is not a level of the scale. */
export const NOT_APPLICABLE = 'na' as const;

/** The subject of a framework (what it audits), `plan` when the data does not say. */
export const frameworkSubject = (fw: { subject?: 'plan' | 'annual-review' | 'advice' | undefined }): 'plan' | 'annual-review' | 'advice' => fw.subject ?? 'plan';

/** The level with this id, or undefined (also for `na`). */
export function findLevel(framework: Pick<Framework, 'scale'>, id: string): GradeLevel | undefined {
  return framework.scale.levels.find((l) => l.id === id);
}

/** The label for a grade id, including Not applicable. */
export function gradeLabel(framework: Pick<Framework, 'scale'>, id: string): string {
  if (id === NOT_APPLICABLE) return framework.scale.notApplicableLabel;
  return findLevel(framework, id)?.label ?? id;
}
