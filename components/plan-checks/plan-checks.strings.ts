/** All wording of `<ehcp-plan-checks>`. Override any of it with the `strings` property. */
export const planChecksStrings = {
  heading: 'Checks on this plan',
  intro: 'These checks run on this computer; the plan is not sent anywhere. A finding is a prompt to read the words again, not a grade.',
  noFramework: 'Loading the quality framework…',
  noPlan: 'No plan text yet.',
  summary: (weaknesses: number, advice: number): string =>
    weaknesses + advice === 0
      ? 'No findings.'
      : `${weaknesses} ${weaknesses === 1 ? 'weakness' : 'weaknesses'} and ${advice} ${advice === 1 ? 'piece' : 'pieces'} of advice.`,
  sectionHeading: (id: string, count: number): string => `Section ${id} (${count} ${count === 1 ? 'finding' : 'findings'})`,
  weakness: 'Weakness',
  advice: 'Advice',
  blankSection: '(the section is blank)',
  tryThis: 'Try:',
  criterion: 'Bears on criterion',
  goTo: 'Go to this text',
  goToDetail: (section: string, words: string): string => `(“${words}” in Section ${section})`,
  statementsHeading: 'Standard statements for sections with nothing to record',
  statementFor: (section: string): string => `Standard statement for Section ${section}`,
  insert: 'Insert',
  insertDetail: (section: string): string => `the standard statement into Section ${section}`,
  checklistHeading: "Writer's checklist",
  checklistIntro: 'The questions a plan writer asks of each section before the plan is sent.',
  checklistSection: (id: string): string => `Section ${id}`,
};
export type PlanChecksStrings = typeof planChecksStrings;
