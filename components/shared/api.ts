/**
 * The typed HTTP client the elements use to talk to the adapter. It uses neither
 * Lit nor the DOM, so it also works on its own (`ehcp-qa/client`), in a browser or
 * in Node. A host can give the elements its own client (for example one that adds
 * its own auth header) instead of the default one.
 *
 * @example
 * import { QaHttpClient } from 'ehcp-qa/components';
 * const audit = document.querySelector('ehcp-audit');
 * audit.client = new QaHttpClient({ baseUrl: '/qa', headers: () => ({ Authorization: `Bearer ${getToken()}` }) });
 */
import type { Framework } from '../../criteria/schema.js';
import type { components, operations } from './api-types.js';

// Shapes of the HTTP contract, from the types generated from the OpenAPI document
// (api-types.ts, `npm run generate`): the client cannot drift from the adapter.
type Schemas = components['schemas'];
export type PlanType = Schemas['PlanType'];
export type Phase = Schemas['Phase'];
export type PlanMetadata = Schemas['PlanMetadata'];
/** One graded section as stored: the input plus the suggestion the server computed. */
export type StoredSection = Schemas['SectionRecord'];
export type Audit = Schemas['Audit'];
export type SaveSectionBody = Schemas['SaveSectionBody'];
export type CreateAuditBody = Schemas['CreateAuditBody'];
/** The facts of a plan an audit records once (fact id → option id), for example `{ "plan-status": "final" }`. */
export type PlanFacts = Schemas['PlanFacts'];
export type AuditList = Schemas['AuditPage'];
export type FrameworkSummary = Schemas['FrameworkSummary'];
/** Every audit of one plan (plan, annual review, advice), linked by the plan reference. */
export type LinkedAudits = Schemas['LinkedAudits'];
/** The sections of a plan audit marked as weakened by advice. */
export type SectionWeakeningList = Schemas['SectionWeakeningList'];
/** RFC 9457 problem details, as every 4xx and 5xx answer carries. */
export type Problem = Schemas['Problem'];
/** One entry of the audit trail (ids, versions and grades; never free text). */
export type AuditTrailEntry = Schemas['AuditTrailEntry'];
type ListAuditsQuery = NonNullable<operations['listAudits']['parameters']['query']>;

/** The server answered with an error status. */
export class QaApiError extends Error {
  override name = 'QaApiError';
  constructor(readonly status: number, readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
}
/** The audit changed on the server since it was loaded (HTTP 412). Never overwrite: reload. */
export class QaConflictError extends QaApiError {
  override name = 'QaConflictError';
}
/** The request did not reach the server, or no answer came back. Input is kept; retry later. */
export class QaNetworkError extends Error {
  override name = 'QaNetworkError';
  constructor(cause: unknown) {
    super('The connection to the server failed.', { cause });
  }
}

/** What the elements need from a client. Implement it to use your own transport. */
export interface QaClient {
  listFrameworks(): Promise<FrameworkSummary[]>;
  getFramework(frameworkId: string, version: string): Promise<Framework>;
  getAudit(auditId: string): Promise<Audit>;
  listAudits(query: { [K in keyof ListAuditsQuery]?: ListAuditsQuery[K] | number }): Promise<AuditList>;
  createAudit(body: CreateAuditBody): Promise<Audit>;
  /** Saves one section; `version` is sent as `If-Match`. */
  saveSection(auditId: string, sectionId: string, body: SaveSectionBody, version: number): Promise<Audit>;
  /** Completes the audit; `version` is sent as `If-Match`. */
  completeAudit(auditId: string, version: number, body?: { activeSeconds?: number }): Promise<Audit>;
  /** Replaces the plan's facts (the server grades saved sections again); `version` is sent as `If-Match`. */
  updateAuditFacts(auditId: string, facts: PlanFacts, version: number): Promise<Audit>;
  /** The audit's history from the audit trail, oldest first (every page). Optional: without it `<ehcp-plan-report>` shows no history. */
  getAuditHistory?(auditId: string): Promise<AuditTrailEntry[]>;
  /** Optional: every audit of a plan the caller may read. Without it, `<ehcp-audit>` offers no "weakened by the advice" marking. */
  listPlanAudits?(planRef: string): Promise<LinkedAudits>;
  /** Optional: replaces the advice marked as weakening one section of a plan audit. */
  setWeakenedBy?(auditId: string, sectionId: string, adviceAuditIds: string[]): Promise<SectionWeakeningList>;
}

export interface QaHttpClientOptions {
  /** Where the adapter is mounted, for example `/qa` or `https://lms.example/qa`. */
  baseUrl: string;
  /** Extra headers per request, for example `Authorization`. May be async (token refresh). */
  headers?: () => Record<string, string> | Promise<Record<string, string>>;
  /** A `fetch` to use instead of the global one. */
  fetch?: typeof fetch;
  /** Cookies: `include` when the host authenticates with a session cookie. Default `same-origin`. */
  credentials?: RequestCredentials;
}

/** The default client: `fetch` against the adapter's JSON API. */
export class QaHttpClient implements QaClient {
  readonly baseUrl: string;
  constructor(private readonly options: QaHttpClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  /**
   * How this client reaches the adapter (base URL, headers, fetch, credentials). Elements
   * with calls of their own (reports, moderation, benchmarks) use it to reach the same
   * adapter the same way when this client is provided to the page.
   */
  get connection(): Readonly<QaHttpClientOptions> {
    return { ...this.options, baseUrl: this.baseUrl };
  }

  listFrameworks(): Promise<FrameworkSummary[]> {
    return this.request<{ items: FrameworkSummary[] }>('GET', '/frameworks').then((r) => r.items);
  }
  getFramework(frameworkId: string, version: string): Promise<Framework> {
    return this.request('GET', `/frameworks/${enc(frameworkId)}/versions/${enc(version)}`);
  }
  getAudit(auditId: string): Promise<Audit> {
    return this.request('GET', `/audits/${enc(auditId)}`);
  }
  listAudits(query: Parameters<QaClient['listAudits']>[0]): Promise<AuditList> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null) params.set(key, String(value));
    const qs = params.toString();
    return this.request('GET', `/audits${qs ? `?${qs}` : ''}`);
  }
  createAudit(body: CreateAuditBody): Promise<Audit> {
    return this.request('POST', '/audits', body);
  }
  saveSection(auditId: string, sectionId: string, body: SaveSectionBody, version: number): Promise<Audit> {
    return this.request('PUT', `/audits/${enc(auditId)}/sections/${enc(sectionId)}`, body, version);
  }
  completeAudit(auditId: string, version: number, body: { activeSeconds?: number } = {}): Promise<Audit> {
    return this.request('POST', `/audits/${enc(auditId)}/complete`, body, version);
  }
  updateAuditFacts(auditId: string, facts: PlanFacts, version: number): Promise<Audit> {
    return this.request('PUT', `/audits/${enc(auditId)}/facts`, { facts }, version);
  }
  listPlanAudits(planRef: string): Promise<LinkedAudits> {
    return this.request('GET', `/plans/${enc(planRef)}/audits`);
  }
  setWeakenedBy(auditId: string, sectionId: string, adviceAuditIds: string[]): Promise<SectionWeakeningList> {
    return this.request('PUT', `/audits/${enc(auditId)}/sections/${enc(sectionId)}/weakened-by`, { adviceAuditIds });
  }

  async getAuditHistory(auditId: string): Promise<AuditTrailEntry[]> {
    const out: AuditTrailEntry[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: AuditTrailEntry[]; nextCursor: string | null } = await this.request('GET', `/audits/${enc(auditId)}/history?limit=100${cursor ? `&cursor=${enc(cursor)}` : ''}`);
      out.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor && out.length < 1000);
    return out;
  }

  private async request<T>(method: string, path: string, body?: unknown, version?: number): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json', ...(await this.options.headers?.()) };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (version !== undefined) headers['If-Match'] = `"${version}"`;
    const doFetch = this.options.fetch ?? globalThis.fetch.bind(globalThis);
    let response: Response;
    try {
      response = await doFetch(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: this.options.credentials ?? 'same-origin',
      });
    } catch (error) {
      throw new QaNetworkError(error);
    }
    if (response.ok) return (await response.json()) as T;
    let problem: Problem;
    try {
      problem = (await response.json()) as Problem;
      if (typeof problem?.title !== 'string') throw new Error('not a problem document');
    } catch {
      problem = { type: 'about:blank', title: response.statusText || `HTTP ${response.status}`, status: response.status };
    }
    // A gateway error means the request may not have reached the adapter: treat as network failure.
    if (response.status === 502 || response.status === 503 || response.status === 504) throw new QaNetworkError(problem);
    throw response.status === 412 ? new QaConflictError(412, problem) : new QaApiError(response.status, problem);
  }
}

function enc(value: string): string {
  return encodeURIComponent(value);
}
