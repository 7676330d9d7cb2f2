/**
 * `ehcp-qa/components`: registers every element and exports the shared pieces
 * (API client and context, event bus, tokens). Import it once, or import one
 * element's subpath (`ehcp-qa/components/section-grader`) to load only that element.
 * `<ehcp-plan-checks>` is not in this entry (nor in the one-file bundle), to keep them
 * light: import `ehcp-qa/components/plan-checks` where the plan is written.
 */
export * from './shared/index.js';
export * from './section-grader/index.js';
export * from './audit/index.js';
export * from './plan-report/index.js';
export * from './moderation/index.js';
export * from './benchmark-chart/index.js';
export * from './audit-summary/index.js';
export * from './feedback-form/index.js';
export * from './feedback-summary/index.js';
export * from './my-audits/index.js';
export * from './sample-planner/index.js';
