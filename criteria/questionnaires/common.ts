/** Option lists shared by the built-in questionnaires (plain data). */

/** A five-point agreement scale, best first; the two "agree" options count as positive. */
export const agreementScale = [
  { id: 'strongly-agree', label: 'Strongly agree', positive: true, easyRead: { text: 'Yes, a lot', picture: 'happy' } },
  { id: 'agree', label: 'Agree', positive: true, easyRead: { text: 'Yes', picture: 'thumbs-up' } },
  { id: 'neither', label: 'Neither agree nor disagree', easyRead: { text: 'Not sure', picture: 'okay' } },
  { id: 'disagree', label: 'Disagree', easyRead: { text: 'No', picture: 'thumbs-down' } },
  { id: 'strongly-disagree', label: 'Strongly disagree', easyRead: { text: 'No, not at all', picture: 'sad' } },
] as const;

/** Yes / no / not sure, with "yes" positive. */
export const yesNoUnsure = [
  { id: 'yes', label: 'Yes', positive: true, easyRead: { text: 'Yes', picture: 'thumbs-up' } },
  { id: 'no', label: 'No', easyRead: { text: 'No', picture: 'thumbs-down' } },
  { id: 'not-sure', label: 'Not sure', easyRead: { text: 'I do not know', picture: 'question' } },
] as const;

/** Strips the easy-read forms (for questionnaires without an easy-read version). */
export function plain<T extends { easyRead?: unknown }>(options: readonly T[]): Omit<T, 'easyRead'>[] {
  return options.map(({ easyRead: _e, ...rest }) => rest);
}
