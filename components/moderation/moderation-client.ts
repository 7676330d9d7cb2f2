/**
 * The moderation part of the HTTP contract, as the browser sees it, and a small
 * client for it.
 */
import type { Framework } from '../../criteria/schema.js';
import { QaApiError, QaConflictError, QaNetworkError, type Problem } from '../shared/api.js';
import type { components } from '../shared/api-types.js';

type Schemas = components['schemas'];

// The shapes come from the generated OpenAPI types (components/shared/api-types.ts),
// so the element and the adapter's zod schemas cannot drift apart.
export type ModerationStatus = Schemas['ModerationStatus'];
/** One moderation: a first audit and the blind second audit of the same plan. */
export type ModerationSummary = Schemas['ModerationSummary'];
/** What one auditor recorded for a section. */
export type ModerationSide = Schemas['ModerationSide'];
/** Both audits of a plan side by side, section by section. */
export type ModerationDetail = Schemas['ModerationDetail'];
export type ModerationSectionComparison = ModerationDetail['sections'][number];
/** Agreed grade (level id or `na`) and an optional note, per section. */
export type ResolveModerationBody = Schemas['ResolveModerationBody'];
/** The consistency figures for a cycle or date range. */
export type ModerationStatsResponse = Schemas['ModerationStats'];

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
  constructor(private readonly options: { baseUrl: string; headers?: () => Record<string, string> | Promise<Record<string, string>>; fetch?: typeof fetch; credentials?: RequestCredentials }) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }
  getFramework(frameworkId: string, version: string): Promise<Framework> {
    return this.request('GET', `/frameworks/${encodeURIComponent(frameworkId)}/versions/${encodeURIComponent(version)}`);
  }
  /** Every matching pair: the list is paged (100 a page), so the pages are followed, up to 2000 pairs. */
  async listModerations(query: { cycleId?: string; status?: ModerationStatus }): Promise<{ items: ModerationSummary[] }> {
    const items: ModerationSummary[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: ModerationSummary[]; nextCursor: string | null } = await this.request('GET', `/moderations${queryString({ ...query, limit: '100', ...(cursor ? { cursor } : {}) })}`);
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor && items.length < 2000);
    return { items };
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
        credentials: this.options.credentials ?? 'same-origin',
      });
    } catch (error) {
      throw new QaNetworkError(error);
    }
    if (response.ok) return (await response.json()) as T;
    let problem: Problem;
    try {
      problem = (await response.json()) as Problem;
    } catch {
      problem = { type: 'about:blank', title: response.statusText || `HTTP ${response.status}`, status: response.status };
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
