/** Browser-side helpers for tests against the real adapter served at /qa by qa-server.mjs. */
import { QaHttpClient, type Audit } from 'ehcp-qa/components';

export interface TestUser {
  sub: string;
  tenant: string;
  roles: string[];
  token: string;
  client: QaHttpClient;
}

/** A user in a fresh tenant (random, so tests never see each other's data). */
export async function testUser(roles: string[] = ['auditor'], tenant = `t-${crypto.randomUUID().slice(0, 12)}`): Promise<TestUser> {
  const sub = `u-${crypto.randomUUID().slice(0, 8)}`;
  const response = await fetch('/test-qa/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sub, tenant, roles }) });
  const { token } = (await response.json()) as { token: string };
  return { sub, tenant, roles, token, client: new QaHttpClient({ baseUrl: '/qa', headers: () => ({ Authorization: `Bearer ${token}` }) }) };
}

export const samplePlan = { planType: 'new', phase: 'secondary', primaryNeed: 'SLCN', settingType: 'mainstream' } as const;

/**
 * A new audit of a fresh plan. By default with `ehcp-plan` 1.0.0 (twelve sections, no plan
 * facts), so the tests written for it keep testing it whatever version is the default.
 */
export async function createTestAudit(
  user: TestUser,
  planRef = `PLAN-${crypto.randomUUID().slice(0, 8)}`,
  { frameworkId = 'ehcp-plan', frameworkVersion = '1.0.0', facts }: { frameworkId?: string; frameworkVersion?: string; facts?: Record<string, string> } = {},
): Promise<Audit> {
  return user.client.createAudit({ frameworkId, frameworkVersion, planRef, plan: { ...samplePlan }, auditorRole: 'send-caseworker', ...(facts ? { facts } : {}) });
}

/** Makes the next `count` requests with this method to /qa fail as a dropped connection. */
export async function failNext(method: string, pathIncludes = '', count = 1): Promise<void> {
  await fetch('/test-qa/fail-next', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ method, pathIncludes, count }) });
}
