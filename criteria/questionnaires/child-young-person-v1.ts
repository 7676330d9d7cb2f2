/** Questionnaire for children and young people, version 1.0.0, with its easy-read form (plain data, validated on load). */
import { agreementScale, yesNoUnsure } from './common.js';

export const childYoungPersonV1Data = {
  id: 'child-young-person',
  version: '1.0.0',
  respondentType: 'child-young-person',
  title: 'Your plan: what do you think?',
  introduction:
    'Your EHC plan is about you: what you are good at, what you find hard, and the help you get. We would like to know what you think of it. ' +
    'It takes about ten minutes. You can skip any question. Someone can help you answer if you like. Please do not write anyone\'s name.',
  thankYou:
    'Thank you for telling us what you think. The people who look after plans at the council will read your answers with lots of other young people\'s answers, to make plans better. ' +
    'Your link will not work again.',
  easyRead: {
    title: 'Your plan. What do you think?',
    introduction: 'This is about your plan. We want to know what you think. You can skip a question. Someone can help you.',
    thankYou: 'Thank you. We will read what you said. It helps us make plans better.',
  },
  questions: [
    {
      id: 'asked-views', type: 'single', topic: 'process', text: 'Did someone ask you what you think about your plan?', options: yesNoUnsure,
      easyRead: { text: 'Did someone ask what you think?', picture: 'talk' },
    },
    {
      id: 'listened-to', type: 'scale', topic: 'process', text: 'I felt listened to when people talked about my plan.', options: agreementScale,
      easyRead: { text: 'People listened to me.', picture: 'listen' },
    },
    {
      id: 'about-me', type: 'scale', topic: 'plan', text: 'My plan describes me well: what I like, what I am good at and what I find hard.', options: agreementScale,
      easyRead: { text: 'My plan is about me.', picture: 'plan' },
    },
    {
      id: 'understand-plan', type: 'scale', topic: 'plan', text: 'I understand what my plan says.', options: agreementScale,
      easyRead: { text: 'I understand my plan.', picture: 'question' },
    },
    {
      id: 'know-help', type: 'single', topic: 'plan', text: 'Do you know what help you should get at school or college?', options: yesNoUnsure,
      easyRead: { text: 'I know what help I get.', picture: 'help' },
    },
    {
      id: 'know-who-helps', type: 'single', topic: 'plan', text: 'Do you know who helps you?', options: yesNoUnsure,
      easyRead: { text: 'I know who helps me.', picture: 'people' },
    },
    {
      id: 'difference', type: 'scale', topic: 'difference', text: 'My plan helps me to do things I want to do.', options: agreementScale,
      easyRead: { text: 'My plan helps me.', picture: 'star' },
    },
    {
      id: 'what-matters', type: 'multiple', topic: 'difference', text: 'What does your plan help you with?', hint: 'Choose all that apply.',
      easyRead: { text: 'What does your plan help with?', picture: 'heart' },
      options: [
        { id: 'learning', label: 'Learning', easyRead: { text: 'Learning', picture: 'school' } },
        { id: 'friends', label: 'Friends and getting on with people', easyRead: { text: 'Friends', picture: 'people' } },
        { id: 'feelings', label: 'Feelings', easyRead: { text: 'Feelings', picture: 'heart' } },
        { id: 'health', label: 'Staying well', easyRead: { text: 'Being well', picture: 'happy' } },
        { id: 'home-life', label: 'Things at home and getting about', easyRead: { text: 'Home', picture: 'home' } },
      ],
    },
    {
      id: 'tell-us', type: 'text', topic: 'difference', text: 'Is there anything else you would like to tell us about your plan?', maxLength: 600,
      easyRead: { text: 'Anything else to tell us?', picture: 'talk' },
    },
  ],
} as const;
