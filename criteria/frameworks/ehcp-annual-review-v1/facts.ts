/** The facts of a review that `ehcp-annual-review` 1.0.0 asks for once, at the start of an audit. */
import type { FrameworkData } from '../ehcp-plan-v2/types.js';

import { AGE_BANDS } from '../ehcp-plan-v2/facts.js';

export const reviewFacts: NonNullable<FrameworkData['facts']> = [
  {
    id: 'age-band',
    label: 'age band',
    question: 'Which age band was the child or young person in at the review meeting?',
    hint: 'For children under 5 a review every 3 to 6 months is advised; preparing for adulthood applies from Year 9.',
    options: AGE_BANDS,
  },
  {
    id: 'phase-transfer',
    label: 'phase transfer',
    question: 'Is the child or young person moving to a new phase of education within the next twelve months?',
    hint: 'A school phase transfer is, for example, from early years to school, infant to junior, primary to secondary. A post-16 transfer is from school to a college or other post-16 setting.',
    options: [
      { id: 'none', label: 'No move in the next year' },
      { id: 'school', label: 'Moving between school phases' },
      { id: 'post-16', label: 'Moving to post-16 education or training' },
    ],
  },
  {
    id: 'review-decision',
    label: "local authority's decision",
    question: 'What did the local authority decide after the review meeting?',
    options: [
      { id: 'maintain', label: 'Keep the plan as it is' },
      { id: 'amend', label: 'Amend the plan' },
      { id: 'cease', label: 'Stop maintaining the plan' },
      { id: 'none', label: 'No decision recorded' },
    ],
  },
];
