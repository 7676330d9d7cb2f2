/** All wording of `<ehcp-section-grader>`. Override any of it with the `strings` property. */
export const sectionGraderStrings = {
  sectionTitle: (id: string, title: string): string => `Section ${id}: ${title}`,
  criteriaLegend: 'Which criteria does this section meet?',
  criteriaHint: 'Tick every statement that is true of this section of the plan.',
  levelCount: (met: number, total: number): string => `${met} of ${total} ticked`,
  suggestionLabel: 'Suggested grade',
  gradeLegend: 'Grade for this section',
  gradeHint: 'The suggestion follows from the criteria you ticked. You can choose another grade and say why.',
  notApplicableWhen: 'Not applicable only when:',
  reasonLabel: 'Why does your grade differ from the suggested grade?',
  reasonHint: 'Required when you choose a grade other than the suggestion. The caseworker will read this.',
  reasonMissing: 'Enter why your grade differs from the suggested grade',
  errorPrefix: 'Error:',
  commentLabel: 'Comments on the quality of this section (optional)',
  commentHint: 'What the plan writer did well and what would improve it.',
  guidanceChoosing: 'How do I choose the correct criteria?',
  guidanceGood: 'What does good look like?',
  guidanceExample: 'Example (fictional)',
  unknownSection: (id: string): string => `Section "${id}" is not in this framework.`,
  noFramework: 'Loading the quality framework…',
};
export type SectionGraderStrings = typeof sectionGraderStrings;
