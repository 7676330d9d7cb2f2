/** The facts of a plan that `ehcp-plan` 2.0.0 asks for once, at the start of an audit. */
import type { FrameworkData } from './types.js';

/** Age bands that preparing for adulthood applies to (from Year 9). */
export const FROM_YEAR_9 = ['year-9-to-year-11', 'post-16', 'post-19'];
/** Age bands from 16 (education or training after compulsory school age). */
export const FROM_16 = ['post-16', 'post-19'];

/** The age bands every framework of the package asks about, youngest first. */
export const AGE_BANDS = [
  { id: 'under-5', label: 'Under 5' },
  { id: 'reception-to-year-8', label: 'Reception to Year 8' },
  { id: 'year-9-to-year-11', label: 'Year 9 to Year 11' },
  { id: 'post-16', label: '16 to 18 (Year 12 onwards)' },
  { id: 'post-19', label: '19 to 25' },
];

export const planFacts: NonNullable<FrameworkData['facts']> = [
  {
    id: 'plan-status',
    label: 'plan status',
    question: 'What is the status of this plan?',
    hint: 'A draft is the version sent to the family for comment, before a school or college is named.',
    options: [
      { id: 'draft', label: 'Draft' },
      { id: 'final', label: 'Final' },
      { id: 'amended', label: 'Final, amended' },
    ],
  },
  {
    id: 'age-band',
    label: 'age band',
    question: 'Which age band is the child or young person in?',
    hint: 'Preparing for adulthood applies from Year 9.',
    options: AGE_BANDS,
  },
  {
    id: 'personal-budget-requested',
    label: 'personal budget',
    question: 'Did the family or young person ask for a personal budget?',
    hint: 'A personal budget or direct payment already in place counts as requested.',
    options: [
      { id: 'yes', label: 'Requested' },
      { id: 'no', label: 'Not requested' },
    ],
  },
  {
    id: 'follows-annual-review',
    label: 'annual review',
    question: 'Does this plan follow an annual review?',
    options: [
      { id: 'yes', label: 'Held before this plan' },
      { id: 'no', label: 'Not held before this plan' },
    ],
  },
];
