/** `ehcp-qa/components/feedback-form`: registers `<ehcp-feedback-form>`, the public experiential-feedback form. */
export { EhcpFeedbackForm, FeedbackSentEvent } from './feedback-form.js';
export { feedbackFormStrings, type FeedbackFormStrings } from './feedback-form.strings.js';
export { picture } from './pictures.js';
