/** Questionnaire for professionals who gave advice for a plan, version 1.0.0 (plain data, validated on load). */
import { agreementScale, plain, yesNoUnsure } from './common.js';

const agree = plain(agreementScale);

export const professionalV1Data = {
  id: 'professional',
  version: '1.0.0',
  respondentType: 'professional',
  title: 'Your experience as a professional who contributed to an EHC plan',
  introduction:
    'You gave advice or information for this plan. We would like to know how the process worked for you and whether the plan uses your advice well. ' +
    'It takes about five minutes. Every question is optional. Please do not name the child, the family or colleagues.',
  thankYou:
    'Thank you. The SEND quality team reads answers from every service together and uses them to improve how advice is asked for and used in plans.',
  questions: [
    {
      id: 'service', type: 'single', topic: 'about-you', text: 'Which service do you work for?',
      options: [
        { id: 'education', label: 'Education (school, college, early years setting)' },
        { id: 'educational-psychology', label: 'Educational psychology' },
        { id: 'health', label: 'Health' },
        { id: 'social-care', label: 'Social care' },
        { id: 'other', label: 'Another service' },
      ],
    },
    { id: 'enough-time', type: 'scale', topic: 'process', text: 'I was given enough time to write my advice.', options: agree },
    { id: 'request-clear', type: 'scale', topic: 'process', text: 'The request for advice was clear about what was needed.', options: agree },
    { id: 'advice-reflected', type: 'scale', topic: 'plan', text: 'My advice is accurately reflected in the plan.', options: agree },
    { id: 'provision-specific', type: 'scale', topic: 'plan', text: 'The provision in the plan is specific enough for the setting to deliver it.', options: agree },
    { id: 'who-does-what', type: 'single', topic: 'plan', text: 'Does the plan make clear who does what?', options: plain(yesNoUnsure) },
    { id: 'difference', type: 'scale', topic: 'difference', text: 'I expect the plan to make a positive difference for the child or young person.', options: agree },
    { id: 'improve', type: 'text', topic: 'process', text: 'What would most improve how advice is asked for or used?', hint: 'Please do not include names.', maxLength: 800 },
  ],
} as const;
