/** The frameworks that ship with the package, each validated when first loaded. */
import { loadFramework, type Framework } from '../schema.js';
import { ehcpPlanV1Data } from './ehcp-plan-v1.js';

/** The EHC plan quality framework, version 1: twelve sections, A to K. */
export const ehcpPlanV1: Framework = loadFramework(ehcpPlanV1Data, 'ehcp-plan 1.0.0');

/** Every built-in framework. An adapter serves these unless given its own. */
export const builtInFrameworks: readonly Framework[] = [ehcpPlanV1];
