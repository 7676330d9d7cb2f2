/** Every piece of wording `<ehcp-my-audits>` shows. Override any subset with the `strings` property. */
export const myAuditsStrings = {
  title: 'My audits',
  caption: 'Plans allocated to you, soonest due first',
  none: 'No plans are allocated to you.',
  loading: 'Loading your audits…',
  loadFailed: 'Your audits could not be loaded.',
  columnPlan: 'Plan',
  columnDue: 'Due',
  columnState: 'Status',
  columnAction: 'Action',
  summary: (due: number, overdue: number) => `${due} to do${overdue > 0 ? `, ${overdue} overdue` : ''}.`,
  state: { 'not-started': 'Not started', 'in-progress': 'In progress', audited: 'Audited' } as Record<string, string>,
  overdue: 'Overdue',
  start: 'Start audit',
  continue: 'Continue audit',
  view: 'View audit',
  actionLabel: (action: string, planRef: string) => `${action}: plan ${planRef}`,
  showDone: 'Show audited plans too',
};
export type MyAuditsStrings = typeof myAuditsStrings;
