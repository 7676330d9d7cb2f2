// The typed client on its own, with no elements and no DOM: start an audit of one
// plan, grade every section and complete it. For example a vendor's back end
// importing audits done elsewhere.
// Install: npm install ehcp-qa
// Run:     QA_URL=https://lms.example/qa QA_TOKEN=<a token your system signed> node audit-from-node.js PLAN-123
import { QaApiError, QaHttpClient } from 'ehcp-qa/client';
import type { components } from 'ehcp-qa/api-types';
import { criterionApplies, suggestSectionGrade } from 'ehcp-qa/criteria';

type SaveSectionBody = components['schemas']['SaveSectionBody'];

const qa = new QaHttpClient({
  baseUrl: process.env.QA_URL ?? 'http://localhost:3000/qa',
  headers: () => ({ Authorization: `Bearer ${process.env.QA_TOKEN}` }),
});

try {
  let audit = await qa.createAudit({
    frameworkId: 'ehcp-plan',
    planRef: process.argv[2] ?? 'PLAN-123',
    plan: { planType: 'annual-review', phase: 'secondary', primaryNeed: 'ASD', settingType: 'mainstream' },
    auditorRole: 'send-caseworker',
  });
  const framework = await qa.getFramework(audit.frameworkId, audit.frameworkVersion);
  const context = { facts: audit.facts };   // the plan's facts decide which criteria apply
  for (const section of framework.sections) {
    // Here the plan meets every Good criterion that applies to it; the grade is the one
    // the criteria suggest (the same function the server uses), so no reason is needed.
    const criteriaMet = section.criteria
      .filter((criterion) => criterion.level === 'good' && criterionApplies(criterion, context))
      .map((criterion) => criterion.id);
    const grade = suggestSectionGrade(framework, section, criteriaMet, context).grade;
    const body: SaveSectionBody = { criteriaMet, grade, comment: 'Imported from the annual review.' };
    audit = await qa.saveSection(audit.id, section.id, body, audit.version);
  }
  audit = await qa.completeAudit(audit.id, audit.version);
  console.log(`Audit ${audit.id} of ${audit.planRef}: ${audit.status}, overall ${audit.overall?.grade}`);
} catch (error) {
  // Errors from the server carry its problem document, which names the field at fault.
  if (error instanceof QaApiError) console.error(`${error.status}: ${error.message}`);
  throw error;
}
