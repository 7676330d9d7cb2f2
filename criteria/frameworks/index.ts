/** The frameworks that ship with the package, each validated when first loaded. */
import { loadFramework, type Framework } from '../schema.js';
import { ehcpPlanV1Data } from './ehcp-plan-v1.js';
import { ehcpPlanV2Data } from './ehcp-plan-v2.js';
import { ehcpAnnualReviewV1Data } from './ehcp-annual-review-v1.js';
import { ehcpAdviceV1Data } from './ehcp-advice-v1.js';

/** The EHC plan quality framework, version 1: twelve sections, A to K. */
export const ehcpPlanV1: Framework = loadFramework(ehcpPlanV1Data, 'ehcp-plan 1.0.0');

/** The EHC plan quality framework, version 2: core and quality criteria, plan facts, nil statements. The default for new audits. */
export const ehcpPlanV2: Framework = loadFramework(ehcpPlanV2Data, 'ehcp-plan 2.0.0');

/** The annual review audit framework, version 1: the meeting, progress, updating the plan, adulthood, phase transfer, the decision. */
export const ehcpAnnualReviewV1: Framework = loadFramework(ehcpAnnualReviewV1Data, 'ehcp-annual-review 1.0.0');

/** The advice quality framework, version 1: one checklist for any professional advice, with additions per kind of advice. */
export const ehcpAdviceV1: Framework = loadFramework(ehcpAdviceV1Data, 'ehcp-advice 1.0.0');

/** Every built-in framework. An adapter serves these unless given its own; new audits use the newest version of the id asked for. */
export const builtInFrameworks: readonly Framework[] = [ehcpPlanV1, ehcpPlanV2, ehcpAnnualReviewV1, ehcpAdviceV1];
