/** Every piece of wording `<ehcp-feedback-form>` shows; override any of them with the `strings` property. */
export const feedbackFormStrings = {
  loading: 'Loading the questionnaire…',
  /** Shown when the link in the page is missing or malformed. */
  badLinkTitle: 'This link is not complete',
  badLinkText: 'Check that the whole link was copied from the letter, e-mail or text message. If it still does not work, ask the council for a new one.',
  networkTitle: 'The questionnaire could not be loaded',
  networkText: 'Check your internet connection, then try again.',
  tryAgain: 'Try again',
  anonymousNotice: 'Your answers are anonymous: they are kept with the council\'s other answers for this period, not with your child\'s plan.',
  linkedNotice: 'Your answers will be kept with your child\'s plan, so the council can see how the experience of families compares with the quality of plans. They are only ever reported together with other people\'s answers.',
  anonymousNoticeEasy: 'We will not know your answers are yours.',
  linkedNoticeEasy: 'Your answers go with your plan. We only look at them with other people\'s answers.',
  optionalNote: 'Every question is optional.',
  start: 'Start',
  useEasyRead: 'Use the easy-read version',
  useStandard: 'Use the standard version',
  draftRestored: 'Your unfinished answers on this device have been restored.',
  send: 'Send my answers',
  sending: 'Sending…',
  next: 'Next',
  back: 'Back',
  skip: 'Skip this question',
  readAloud: 'Read aloud',
  stopReading: 'Stop reading',
  /** "Question 2 of 9" */
  progress: (n: number, total: number): string => `Question ${n} of ${total}`,
  /** "120 characters left" */
  charactersLeft: (n: number): string => `${n} ${n === 1 ? 'character' : 'characters'} left`,
  chooseAll: 'Choose all that apply.',
  /** A button under an answered single-choice question: "Clear my answer to …" for screen readers. */
  clearAnswer: 'Clear my answer',
  clearAnswerEasy: 'Start this question again',
  notSentTitle: 'Your answers have not been sent',
  notSentNetwork: 'The connection failed. Your answers are kept on this device: try again when you are connected.',
  thankYouTitle: 'Thank you',
  whatNext: 'What happens next',
  closeNote: 'You can now close this page.',
};
export type FeedbackFormStrings = typeof feedbackFormStrings;
