/** The facts of one piece of advice that `ehcp-advice` 1.0.0 asks for once, at the start of an audit. */
import type { FrameworkData } from '../ehcp-plan-v2/types.js';

import { AGE_BANDS } from '../ehcp-plan-v2/facts.js';

export const adviceFacts: NonNullable<FrameworkData['facts']> = [
  {
    id: 'advice-type',
    label: 'kind of advice',
    question: 'What kind of advice is this?',
    hint: 'Decides which service-specific criteria apply. Therapy advice (speech and language, occupational therapy, physiotherapy) from a health trust counts as health advice.',
    options: [
      { id: 'psychological', label: 'Educational psychology' },
      { id: 'health', label: 'Health, including therapies' },
      { id: 'social-care', label: 'Social care' },
      { id: 'education', label: 'Education (school, college or early years setting)' },
      { id: 'other', label: 'Other advice' },
    ],
  },
  {
    id: 'age-band',
    label: 'age band',
    question: 'Which age band is the child or young person in?',
    hint: 'From Year 9 advice is expected to look ahead to adult life.',
    options: AGE_BANDS,
  },
];
