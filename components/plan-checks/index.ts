/** `ehcp-qa/components/plan-checks`: registers `<ehcp-plan-checks>`. */
export { EhcpPlanChecks, PlanJumpEvent, PlanInsertEvent, PlanCheckedEvent } from './plan-checks.js';
export { planChecksStrings, type PlanChecksStrings } from './plan-checks.strings.js';
