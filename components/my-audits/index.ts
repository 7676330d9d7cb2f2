/** `ehcp-qa/components/my-audits`: registers `<ehcp-my-audits>`. */
export { EhcpMyAudits, OpenAllocationEvent } from './my-audits.js';
export { myAuditsStrings, type MyAuditsStrings } from './my-audits.strings.js';
