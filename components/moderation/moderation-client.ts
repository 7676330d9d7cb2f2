/**
 * The moderation part of the HTTP contract, as the browser sees it, and a small
 * client for it. Shapes mirror the adapter's zod schemas (server-adapter/routes/moderation.ts).
 */
import type { Framework } from '../../criteria/schema.js';
import { QaApiError, QaConflictError, QaNetworkError, type Problem } from '../shared/api.js';

export type ModerationStatus = 'awaiting-second-audit' | 'awaiting-resolution' | 'resolved';

/** One moderation: a first audit and the blind second audit of the same plan. */
export interface ModerationSummary {
  id: string;
  cycleId: string | null;
  planRef: string;
  frameworkId: string;
  frameworkVersion: string;
  firstAuditId: string;
  firstAuditorId: string;
  secondAuditorId: string;
  secondAuditId: string;
  status: ModerationStatus;
  assignedAt: string;
  resolvedAt: string | null;
  /** Sections where the two grades differ; null until the second audit is complete. */
  differingSections: number | null;
  version: number;
}

/** What one auditor recorded for a section. */
export interface ModerationSide {
  grade: string | null;
  suggestedGrade: string | null;
  criteriaMet: string[];
  overrideReason: string | null;
  comment: string | null;
}

export interface ModerationSectionComparison {
  sectionId: string;
  first: ModerationSide;
  second: ModerationSide;
  /** Same grade (including both Not applicable). */
  gradesAgree: boolean;
  /** Criteria only the first auditor ticked, and only the second. */
  criteriaOnlyFirst: string[];
  criteriaOnlySecond: string[];
  agreed: { grade: string; note: string | null } | null;
}

export interface ModerationDetail extends ModerationSummary {
  sections: ModerationSectionComparison[];
  note: string | null;
  resolvedBy: string | null;
}

export interface ResolveModerationBody {
  /** Agreed grade (level id or `na`) and an optional note, per section. */
  sections: Record<string, { grade: string; note?: string }>;
  note?: string;
}

type KappaJson = { value: number; n: number; observed: number; expected: number; standardError: number; ci95: [number, number] } | { value: null; reason: string };
type AlphaJson = { value: number; units: number; pairableValues: number; maxRatersPerUnit: number } | { value: null; reason: string };

export interface AgreementJson {
  compared: number;
  exact: number;
  withinOne: number;
  exactRate: number | null;
  withinOneRate: number | null;
  naMismatches: number;
  naBoth: number;
  missing: number;
}

export interface ModerationStatsResponse {
  cycleId: string | null;
  from: string | null;
  to: string | null;
  frameworkId: string;
  frameworkVersion: string;
  pairs: number;
  resolved: number;
  plans: number;
  /** Moderations still waiting for the second audit (not in the figures). */
  awaitingSecondAudit: number;
  overall: AgreementJson & { kappa: KappaJson };
  sections: (AgreementJson & { sectionId: string; disagreements: number; kappa: KappaJson })[];
  alpha: AlphaJson;
  moreThanTwoRaters: boolean;
  auditors: {
    auditorId: string;
    moderatedAudits: number;
    asFirst: number;
    asSecond: number;
    comparedWithAgreed: number;
    matchedAgreed: number;
    agreementWithAgreed: number | null;
    meanSignedDifference: number | null;
    direction: 'higher' | 'lower' | 'in-line' | null;
  }[];
  mostDisagreedSections: { sectionId: string; disagreements: number; compared: number; disagreementRate: number }[];
  criteriaTickedDifferently: { criterionId: string; sectionId: string; timesDifferent: number; compared: number }[];
}

/** What `<ehcp-moderation>` needs from a client. */
export interface ModerationClient {
  getFramework(frameworkId: string, version: string): Promise<Framework>;
  listModerations(query: { cycleId?: string; status?: ModerationStatus }): Promise<{ items: ModerationSummary[] }>;
  getModeration(id: string): Promise<ModerationDetail>;
  /** `version` is sent as `If-Match`. */
  resolveModeration(id: string, body: ResolveModerationBody, version: number): Promise<ModerationDetail>;
  getModerationStats(query: { cycleId?: string; from?: string; to?: string }): Promise<ModerationStatsResponse>;
}

/** `fetch` against the adapter's moderation routes. */
export class ModerationHttpClient implements ModerationClient {
  readonly baseUrl: string;
  constructor(private readonly options: { baseUrl: string; headers?: () => Record<string, string> | Promise<Record<string, string>>; fetch?: typeof fetch }) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }
  getFramework(frameworkId: string, version: string): Promise<Framework> {
    return this.request('GET', `/frameworks/${encodeURIComponent(frameworkId)}/versions/${encodeURIComponent(version)}`);
  }
  listModerations(query: { cycleId?: string; status?: ModerationStatus }): Promise<{ items: ModerationSummary[] }> {
    return this.request('GET', `/moderations${queryString(query)}`);
  }
  getModeration(id: string): Promise<ModerationDetail> {
    return this.request('GET', `/moderations/${encodeURIComponent(id)}`);
  }
  resolveModeration(id: string, body: ResolveModerationBody, version: number): Promise<ModerationDetail> {
    return this.request('POST', `/moderations/${encodeURIComponent(id)}/resolve`, body, version);
  }
  getModerationStats(query: { cycleId?: string; from?: string; to?: string }): Promise<ModerationStatsResponse> {
    return this.request('GET', `/moderations/stats${queryString(query)}`);
  }

  private async request<T>(method: string, path: string, body?: unknown, version?: number): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json', ...(await this.options.headers?.()) };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (version !== undefined) headers['If-Match'] = `"${version}"`;
    let response: Response;
    try {
      response = await (this.options.fetch ?? globalThis.fetch.bind(globalThis))(`${this.baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      throw new QaNetworkError(error);
    }
    if (response.ok) return (await response.json()) as T;
    let problem: Problem;
    try {
      problem = (await response.json()) as Problem;
    } catch {
      problem = { title: response.statusText || `HTTP ${response.status}`, status: response.status };
    }
    throw response.status === 412 ? new QaConflictError(412, problem) : new QaApiError(response.status, problem);
  }
}

function queryString(query: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  const qs = params.toString();
  return qs ? `?${qs}` : '';
}
