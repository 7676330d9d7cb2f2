/** `ehcp-qa/components/audit`: registers `<ehcp-audit>` (and the `<ehcp-section-grader>` it uses). */
export { EhcpAudit, SectionSavedEvent, FactsSavedEvent, AuditCompleteEvent, ProposalsRecordedEvent, type Proposal } from './audit.js';
export { auditStrings, type AuditStrings } from './audit.strings.js';
