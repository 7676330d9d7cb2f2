import { frameworkSubject } from '../../criteria/constants.js';
import type { Framework } from '../../criteria/schema.js';

const bareTitles = new Map<string, string>();

/**
 * A section's title without a leading "Section A:" or "Part M:" (framework data may
 * include it or not), so the elements can say "Section A: Views…" exactly once.
 */
export function bareSectionTitle(section: { id: string; title: string }): string {
  // Remembered: building the pattern costs more than a whole section's grading, and titles are few.
  const key = `${section.id}\n${section.title}`;
  let bare = bareTitles.get(key);
  if (bare === undefined) {
    const prefix = new RegExp(`^\\s*(?:section|part)\\s+${section.id}\\s*[:.–-]\\s*`, 'i');
    bareTitles.set(key, (bare = section.title.replace(prefix, '')));
  }
  return bare;
}

/** What a section is called: "Section" in a plan framework, "Part" in review and advice frameworks. */
export function sectionWord(framework: Pick<Framework, 'subject'> | undefined): 'Section' | 'Part' {
  return !framework || frameworkSubject(framework) === 'plan' ? 'Section' : 'Part';
}
