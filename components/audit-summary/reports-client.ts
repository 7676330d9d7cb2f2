/**
 * The HTTP calls `<ehcp-audit-summary>` makes, typed from the OpenAPI document.
 * A host can pass its own implementation (`el.reportsClient = …`), for example
 * one that adds its own auth or reads from a cache.
 */
import type { Framework } from '../../criteria/schema.js';
import type { components } from '../shared/api-types.js';

type S = components['schemas'];
export type AuditSummary = S['AuditSummary'];
export type CycleComparison = S['CycleComparison'];
export type Trend = S['Trend'];
export type CriteriaGaps = S['CriteriaGaps'];
export type Cycle = S['Cycle'];
export type ReportAuditItem = S['ReportAuditItem'];
export type GradeDistribution = S['GradeDistribution'];
export type Proportion = S['Proportion'];
export type CycleNarrative = S['CycleNarrative'];

/** Filters a report takes, as query parameters. Empty values are left out. */
export interface ReportQuery {
  cycleId?: string;
  compareCycleId?: string;
  from?: string;
  to?: string;
  phase?: string;
  primaryNeed?: string;
  settingType?: string;
  planType?: string;
  teamRef?: string;
  caseworkerRef?: string;
  auditorRole?: string;
  frameworkId?: string;
  frameworkVersion?: string;
  cursor?: string;
  limit?: number;
}

export interface ReportsClient {
  listCycles(): Promise<Cycle[]>;
  getFramework(id: string, version: string): Promise<Framework>;
  getAuditSummary(query: ReportQuery): Promise<AuditSummary>;
  compareCycles(query: ReportQuery & { cycleId: string; compareCycleId: string }): Promise<CycleComparison>;
  getTrend(query: ReportQuery): Promise<Trend>;
  getCriteriaGaps(query: ReportQuery & { top?: number }): Promise<CriteriaGaps>;
  /** Replaces a cycle's narrative; `version` is sent as If-Match (0 creates it). */
  updateCycleNarrative(cycleId: string, body: { context: string; recommendations: Record<string, string> }, version: number): Promise<CycleNarrative>;
  /** The export as a Blob (CSV or HTML). */
  exportAuditSummary(query: ReportQuery & { format: 'csv' | 'html' }): Promise<Blob>;
  /**
   * A one-time link to the export (absolute URL), to open in a new tab with `noopener`: the
   * printable report is then a page of the adapter with its own Content-Security-Policy.
   * Optional: without it the element downloads the printable report as a file instead.
   */
  createExportLink?(query: ReportQuery & { format: 'csv' | 'html' }): Promise<{ url: string }>;
}

/** An error answer from the adapter (problem+json detail as the message). */
export class ReportsApiError extends Error {
  override name = 'ReportsApiError';
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** Query string of the non-empty values. */
export function toQueryString(query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

export interface ReportsHttpClientOptions {
  /** Where the adapter is mounted, for example `/qa`. */
  baseUrl: string;
  /** Extra headers per request, for example `Authorization`. May be async (token refresh). */
  headers?: () => Record<string, string> | Promise<Record<string, string>>;
  /** A `fetch` to use instead of the global one. */
  fetch?: typeof fetch;
  /** Cookies: `include` when the host authenticates with a session cookie on another origin. Default `same-origin`. */
  credentials?: RequestCredentials;
}

/** The default client: `fetch` against the adapter, with an optional bearer token. */
export class ReportsHttpClient implements ReportsClient {
  private readonly options: ReportsHttpClientOptions;
  /** `new ReportsHttpClient({ baseUrl, headers })`, or the older form `new ReportsHttpClient(baseUrl, headers)`. */
  constructor(options: ReportsHttpClientOptions | string, headers?: () => Record<string, string>) {
    this.options = typeof options === 'string' ? { baseUrl: options, headers } : options;
  }

  private get baseUrl(): string {
    return this.options.baseUrl;
  }

  listCycles(): Promise<Cycle[]> {
    return this.get<{ items: Cycle[] }>('/cycles').then((r) => r.items);
  }
  getFramework(id: string, version: string): Promise<Framework> {
    return this.get(`/frameworks/${encodeURIComponent(id)}/versions/${encodeURIComponent(version)}`);
  }
  getAuditSummary(query: ReportQuery): Promise<AuditSummary> {
    const { compareCycleId: _c, ...rest } = query;
    return this.get(`/reports/summary${toQueryString({ ...rest })}`);
  }
  compareCycles(query: ReportQuery & { cycleId: string; compareCycleId: string }): Promise<CycleComparison> {
    const { from: _f, to: _t, cursor: _c, limit: _l, ...rest } = query;
    return this.get(`/reports/compare${toQueryString({ ...rest })}`);
  }
  getTrend(query: ReportQuery): Promise<Trend> {
    const { cycleId: _a, compareCycleId: _b, from: _f, to: _t, cursor: _c, limit: _l, ...rest } = query;
    return this.get(`/reports/trend${toQueryString({ ...rest })}`);
  }
  getCriteriaGaps(query: ReportQuery & { top?: number }): Promise<CriteriaGaps> {
    const { compareCycleId: _b, cursor: _c, limit: _l, ...rest } = query;
    return this.get(`/reports/criteria-gaps${toQueryString({ ...rest })}`);
  }
  async updateCycleNarrative(cycleId: string, body: { context: string; recommendations: Record<string, string> }, version: number): Promise<CycleNarrative> {
    const response = await this.fetch(`/cycles/${encodeURIComponent(cycleId)}/narrative`, { method: 'PUT', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json', 'If-Match': `"${version}"` } });
    return response.json() as Promise<CycleNarrative>;
  }
  async createExportLink(query: ReportQuery & { format: 'csv' | 'html' }): Promise<{ url: string }> {
    const { cursor: _c, limit: _l, ...rest } = query;
    const body = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => [k, String(v)]));
    const path = '/reports/export-links';
    const response = await this.fetch(path, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
    const link = (await response.json()) as { url: string };
    // The answer is relative to the URL called; resolve it against the page so it can be opened.
    return { url: new URL(link.url, new URL(`${this.baseUrl.replace(/\/+$/, '')}${path}`, document.baseURI)).href };
  }
  async exportAuditSummary(query: ReportQuery & { format: 'csv' | 'html' }): Promise<Blob> {
    const { cursor: _c, limit: _l, ...rest } = query;
    const response = await this.fetch(`/reports/export${toQueryString({ ...rest })}`);
    return response.blob();
  }

  private async get<T>(path: string): Promise<T> {
    return (await this.fetch(path)).json() as Promise<T>;
  }

  private async fetch(path: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<Response> {
    const doFetch = this.options.fetch ?? globalThis.fetch.bind(globalThis);
    const response = await doFetch(`${this.baseUrl.replace(/\/+$/, '')}${path}`, {
      method: init.method ?? 'GET',
      headers: { Accept: 'application/json', ...(await this.options.headers?.()), ...init.headers },
      credentials: this.options.credentials ?? 'same-origin',
      ...(init.body !== undefined ? { body: init.body } : {}),
    });
    if (!response.ok) {
      let message = `The server answered ${response.status}.`;
      try {
        const problem = (await response.json()) as { detail?: string; title?: string };
        message = problem.detail ?? problem.title ?? message;
      } catch { /* not JSON */ }
      throw new ReportsApiError(response.status, message);
    }
    return response;
  }
}
