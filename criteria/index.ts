/**
 * `ehcp-qa/criteria`: the quality frameworks as validated data, and the grading
 * functions the browser and the server share.
 */
export * from './schema.js';
export * from './grading.js';
export * from './frameworks/index.js';
export * from './colours.js';
export * from './render-markdown.js';
export * from './plan-checks/index.js';
export * from './questionnaire-schema.js';
export * from './questionnaires/index.js';
