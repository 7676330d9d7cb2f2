// A vendor's own front-end code, built with the bundler it already uses: only the
// elements it needs, one API client for the whole page, and the event bus.
// Install: npm install ehcp-qa
import 'ehcp-qa/components/audit';
import 'ehcp-qa/components/plan-report';
import type { EhcpAudit } from 'ehcp-qa/components/audit';
// The shared pieces alone (importing 'ehcp-qa/components' would register every element).
import { provideQaClient, qaBus } from 'ehcp-qa/components/shared';
import { QaHttpClient } from 'ehcp-qa/client';
import type { components } from 'ehcp-qa/api-types';

type PlanMetadata = components['schemas']['PlanMetadata'];

/** Your sign-in: here an endpoint of your server that answers { "token": "…" } for the signed-in user. */
async function qaToken(): Promise<string> {
  const response = await fetch('/my-app/qa-token');
  return ((await response.json()) as { token: string }).token;
}

provideQaClient(document.body, new QaHttpClient({
  baseUrl: '/qa',
  headers: async () => ({ Authorization: `Bearer ${await qaToken()}` }),
}));

/** Shows the audit of one plan in `slot`, ready to start it if there is none yet. */
export function showAudit(slot: HTMLElement, planRef: string, plan: PlanMetadata): EhcpAudit {
  const audit = document.createElement('ehcp-audit');
  audit.planRef = planRef;
  audit.auditorRole = 'send-caseworker';
  audit.plan = plan;
  slot.replaceChildren(audit);
  return audit;
}

qaBus.on('audit-completed', ({ auditId }) => {
  const report = document.createElement('ehcp-plan-report');
  report.auditId = auditId;
  document.querySelector('#qa-report')?.replaceChildren(report);
});

const slot = document.querySelector<HTMLElement>('#qa-audit');
if (slot?.dataset.planRef) {
  showAudit(slot, slot.dataset.planRef, { planType: 'new', phase: 'secondary', primaryNeed: 'SLCN', settingType: 'mainstream' });
}
