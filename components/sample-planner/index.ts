/** `ehcp-qa/components/sample-planner`: registers `<ehcp-sample-planner>`. */
export { EhcpSamplePlanner, SampleDrawnEvent, AllocationsChangedEvent } from './sample-planner.js';
export { samplePlannerStrings, type SamplePlannerStrings } from './sample-planner.strings.js';
