/** `ehcp-qa/components/audit`: registers `<ehcp-audit>`; the `<ehcp-section-grader>` it uses is loaded (from a file of its own when bundled) as soon as an audit element is on the page. */
export { EhcpAudit, SectionSavedEvent, FactsSavedEvent, AuditCompleteEvent, ProposalsRecordedEvent, type Proposal } from './audit.js';
export { auditStrings, type AuditStrings } from './audit.strings.js';
