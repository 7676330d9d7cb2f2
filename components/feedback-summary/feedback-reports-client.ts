/**
 * The HTTP calls `<ehcp-feedback-summary>` makes, typed from the OpenAPI document. A host
 * can pass its own implementation (`el.client = …`).
 */
import type { components } from '../shared/api-types.js';
import { toQueryString } from '../audit-summary/reports-client.js';

type S = components['schemas'];
export type FeedbackSummary = S['FeedbackSummary'];
export type QualityAndExperience = S['QualityAndExperience'];
export type FeedbackCycle = S['Cycle'];

/** Filters the feedback reports take. Empty values are left out. */
export interface FeedbackQuery {
  cycleId?: string;
  compareCycleId?: string;
  respondentType?: string;
  phase?: string;
  primaryNeed?: string;
  settingType?: string;
  teamRef?: string;
}

export interface FeedbackReportsClient {
  listCycles(): Promise<FeedbackCycle[]>;
  getFeedbackSummary(query: FeedbackQuery): Promise<FeedbackSummary>;
  getQualityAndExperience(query: FeedbackQuery): Promise<QualityAndExperience>;
  exportFeedback(query: FeedbackQuery): Promise<Blob>;
}

export class FeedbackReportsApiError extends Error {
  override name = 'FeedbackReportsApiError';
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export interface FeedbackReportsHttpClientOptions {
  /** Where the adapter is mounted, e.g. `/qa`. */
  baseUrl: string;
  headers?: () => Record<string, string> | Promise<Record<string, string>>;
  fetch?: typeof fetch;
  /** Cookies: `include` when the host authenticates with a session cookie on another origin. Default `same-origin`. */
  credentials?: RequestCredentials;
}

/** The default client: `fetch` against the adapter. */
export class FeedbackReportsHttpClient implements FeedbackReportsClient {
  private readonly baseUrl: string;
  constructor(private readonly options: FeedbackReportsHttpClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  async listCycles(): Promise<FeedbackCycle[]> {
    return ((await (await this.fetch('/cycles')).json()) as { items: FeedbackCycle[] }).items;
  }
  async getFeedbackSummary(query: FeedbackQuery): Promise<FeedbackSummary> {
    return (await this.fetch(`/reports/feedback${toQueryString({ ...query })}`)).json() as Promise<FeedbackSummary>;
  }
  async getQualityAndExperience(query: FeedbackQuery): Promise<QualityAndExperience> {
    const { compareCycleId: _c, ...rest } = query;
    return (await this.fetch(`/reports/feedback/by-audit-grade${toQueryString({ ...rest })}`)).json() as Promise<QualityAndExperience>;
  }
  async exportFeedback(query: FeedbackQuery): Promise<Blob> {
    const { compareCycleId: _c, ...rest } = query;
    return (await this.fetch(`/reports/feedback/export${toQueryString({ ...rest })}`)).blob();
  }

  private async fetch(path: string): Promise<Response> {
    const doFetch = this.options.fetch ?? globalThis.fetch.bind(globalThis);
    const response = await doFetch(`${this.baseUrl}${path}`, {
      headers: { Accept: 'application/json', ...(await this.options.headers?.()) },
      credentials: this.options.credentials ?? 'same-origin',
    });
    if (!response.ok) {
      let message = `The server answered ${response.status}.`;
      try {
        const problem = (await response.json()) as { detail?: string; title?: string };
        message = problem.detail ?? problem.title ?? message;
      } catch { /* not JSON */ }
      throw new FeedbackReportsApiError(response.status, message);
    }
    return response;
  }
}
