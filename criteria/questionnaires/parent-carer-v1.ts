/** Questionnaire for parents and carers, version 1.0.0 (plain data, validated on load). */
import { agreementScale, plain, yesNoUnsure } from './common.js';

const agree = plain(agreementScale);

export const parentCarerV1Data = {
  id: 'parent-carer',
  version: '1.0.0',
  respondentType: 'parent-carer',
  title: 'Your experience of your child\'s EHC plan',
  introduction:
    'We want to know what it was like for you when your child\'s education, health and care plan was written or reviewed, and whether the plan is helping. ' +
    'It takes about ten minutes. Every question is optional: skip any you would rather not answer. Please do not write your child\'s name or anyone else\'s.',
  thankYou:
    'Thank you. Your answers have been sent to the council\'s SEND quality team. They read the answers together with those of other families, ' +
    'never one family on its own, and use them to improve how plans are written. This link cannot be used again.',
  questions: [
    { id: 'listened-to', type: 'scale', topic: 'process', text: 'We felt listened to while the plan was being written or reviewed.', options: agree },
    { id: 'views-included', type: 'scale', topic: 'process', text: 'Our views, and our child\'s views, are written in the plan.', options: agree },
    { id: 'on-time', type: 'single', topic: 'process', text: 'Did you receive the final plan when you were told you would?', options: plain(yesNoUnsure) },
    { id: 'understand-plan', type: 'scale', topic: 'plan', text: 'The plan is written in a way we understand.', options: agree },
    { id: 'describes-child', type: 'scale', topic: 'plan', text: 'The plan describes our child well: their strengths as well as their needs.', options: agree },
    { id: 'help-clear', type: 'scale', topic: 'plan', text: 'The plan says clearly what help our child will get and how often.', options: agree },
    { id: 'who-does-what', type: 'single', topic: 'plan', text: 'Do you know who is responsible for each part of the help in the plan?', options: plain(yesNoUnsure) },
    {
      id: 'who-involved', type: 'multiple', topic: 'process', text: 'Who did you talk to while the plan was being written or reviewed?', hint: 'Choose all that apply.',
      options: [
        { id: 'caseworker', label: 'The council\'s SEND caseworker' },
        { id: 'school', label: 'The school, college or nursery' },
        { id: 'health', label: 'A health professional' },
        { id: 'social-care', label: 'A social worker' },
        { id: 'advice-service', label: 'An information, advice and support service' },
        { id: 'none', label: 'None of these' },
      ],
    },
    { id: 'difference', type: 'scale', topic: 'difference', text: 'The plan is making a positive difference to our child\'s life.', options: agree },
    { id: 'one-change', type: 'text', topic: 'difference', text: 'What one thing would have made the process better for you?', hint: 'Please do not include names.', maxLength: 800 },
  ],
} as const;
