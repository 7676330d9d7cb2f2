/** `ehcp-qa/components/plan-report`: registers `<ehcp-plan-report>`. */
export { EhcpPlanReport } from './plan-report.js';
export { planReportStrings, type PlanReportStrings } from './plan-report.strings.js';
