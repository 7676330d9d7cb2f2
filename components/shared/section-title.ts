import { frameworkSubject } from '../../criteria/constants.js';
import type { Framework } from '../../criteria/schema.js';

/**
 * A section's title without a leading "Section A:" or "Part M:" (framework data may
 * include it or not), so the elements can say "Section A: Views…" exactly once.
 */
export function bareSectionTitle(section: { id: string; title: string }): string {
  const prefix = new RegExp(`^\\s*(?:section|part)\\s+${section.id}\\s*[:.–-]\\s*`, 'i');
  return section.title.replace(prefix, '');
}

/** What a section is called: "Section" in a plan framework, "Part" in review and advice frameworks. */
export function sectionWord(framework: Pick<Framework, 'subject'> | undefined): 'Section' | 'Part' {
  return !framework || frameworkSubject(framework) === 'plan' ? 'Section' : 'Part';
}
