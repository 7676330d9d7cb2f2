/**
 * A section's title without a leading "Section A:" (framework data may include it or
 * not), so the elements can say "Section A: Views…" exactly once.
 */
export function bareSectionTitle(section: { id: string; title: string }): string {
  const prefix = new RegExp(`^\\s*section\\s+${section.id}\\s*[:.–-]\\s*`, 'i');
  return section.title.replace(prefix, '');
}
