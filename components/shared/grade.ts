/** How a grade is shown everywhere: its label in text, an icon, and the grade's colour tokens. */
import { html, type TemplateResult } from 'lit';
import { findLevel, gradeLabel } from '../../criteria/constants.js';
import { NOT_APPLICABLE } from '../../criteria/constants.js';
import type { Framework } from '../../criteria/schema.js';
import { gradeStyle } from './tokens.js';

/**
 * The icon for a grade, from its place on the scale relative to the expected level:
 * above expected ★, expected ✓, below expected !, the worst level ✕, Not applicable –.
 * Icons are decorative (the label is always shown), so they are hidden from assistive tech.
 */
export function gradeIcon(framework: Pick<Framework, 'scale'>, grade: string): string {
  if (grade === NOT_APPLICABLE) return '–';
  const levels = framework.scale.levels;
  const index = levels.findIndex((l) => l.id === grade);
  const expected = levels.findIndex((l) => l.id === framework.scale.expected);
  if (index < 0) return '?';
  if (index < expected) return '★';
  if (index === expected) return '✓';
  if (index === levels.length - 1) return '✕';
  return '!';
}

/** The colour token name for a grade (the scale's `colour` field, or `not-applicable`). */
export function gradeColour(framework: Pick<Framework, 'scale'>, grade: string): string {
  if (grade === NOT_APPLICABLE) return 'not-applicable';
  return findLevel(framework, grade)?.colour ?? 'grey';
}

/** A badge: icon, label and colour. `part` names the ::part() it exposes. */
export function gradeBadge(framework: Pick<Framework, 'scale'>, grade: string, part = 'grade'): TemplateResult {
  return html`<span class="grade" part=${part} data-grade=${grade} style=${gradeStyle(gradeColour(framework, grade))}
    ><span class="grade__icon" aria-hidden="true">${gradeIcon(framework, grade)}</span>${gradeLabel(framework, grade)}</span
  >`;
}
