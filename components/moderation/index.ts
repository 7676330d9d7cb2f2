/** `ehcp-qa/components/moderation`: registers `<ehcp-moderation>`. */
export { EhcpModeration, ModerationResolveEvent, ModerationResolvedEvent, type ModerationData } from './moderation.js';
export { moderationStrings, type ModerationStrings } from './moderation.strings.js';
export * from './moderation-client.js';
