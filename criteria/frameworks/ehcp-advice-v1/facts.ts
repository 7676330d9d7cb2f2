/** The facts of one piece of advice that `ehcp-advice` 1.0.0 asks for once, at the start of an audit. */
import type { FrameworkData } from '../ehcp-plan-v2/types.js';

/** Age bands that preparing for adulthood applies to (from Year 9). */
export const FROM_YEAR_9 = ['year-9-to-year-11', 'post-16', 'post-19'];

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
    options: [
      { id: 'under-5', label: 'Under 5' },
      { id: 'reception-to-year-8', label: 'Reception to Year 8' },
      { id: 'year-9-to-year-11', label: 'Year 9 to Year 11' },
      { id: 'post-16', label: '16 to 18 (Year 12 onwards)' },
      { id: 'post-19', label: '19 to 25' },
    ],
  },
];
