/** `ehcp-qa/components/feedback-summary`: registers `<ehcp-feedback-summary>`. */
export { EhcpFeedbackSummary } from './feedback-summary.js';
export { feedbackSummaryStrings, type FeedbackSummaryStrings } from './feedback-summary.strings.js';
export { FeedbackReportsHttpClient, FeedbackReportsApiError, type FeedbackReportsClient, type FeedbackReportsHttpClientOptions, type FeedbackQuery, type FeedbackSummary, type QualityAndExperience } from './feedback-reports-client.js';
