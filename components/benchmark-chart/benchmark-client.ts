/**
 * The benchmark part of the HTTP contract as the browser sees it (types generated
 * from the OpenAPI document), and a small client for `getBenchmark`.
 */
import { QaApiError, QaNetworkError, type Problem } from '../shared/api.js';
import type { components } from '../shared/api-types.js';

/** What `getBenchmark` answers and what the chart draws. */
export type BenchmarkView = components['schemas']['BenchmarkView'];
export type BenchmarkDistribution = BenchmarkView['distributions'][number];
export type PublishedDistribution = BenchmarkDistribution['nation'];
export type PublishedCell = Extract<PublishedDistribution, { published: true }>['cells'][string];
export type Quartile = NonNullable<BenchmarkDistribution['position']['nation']>;

export interface BenchmarkQuery {
  /** A quarter (`2025-Q3`) or two dates (`2025-09-01..2026-01-31`). */
  period?: string;
  /** An audit cycle of the LA. */
  cycleId?: string;
  frameworkId?: string;
  frameworkVersion?: string;
}

/** What the chart needs from a client. Implement it to fetch benchmarks your own way. */
export interface BenchmarkClient {
  getBenchmark(query: BenchmarkQuery): Promise<BenchmarkView>;
}

export interface BenchmarkHttpClientOptions {
  /** Where the adapter is mounted, e.g. `/qa`. */
  baseUrl: string;
  headers?: () => Record<string, string> | Promise<Record<string, string>>;
  fetch?: typeof fetch;
  /** Cookies: `include` when the host authenticates with a session cookie on another origin. Default `same-origin`. */
  credentials?: RequestCredentials;
}

/** The default client: `GET {baseUrl}/benchmark?…`. */
export class BenchmarkHttpClient implements BenchmarkClient {
  private readonly baseUrl: string;
  constructor(private readonly options: BenchmarkHttpClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  async getBenchmark(query: BenchmarkQuery): Promise<BenchmarkView> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
    const headers = { Accept: 'application/json', ...(await this.options.headers?.()) };
    let response: Response;
    try {
      response = await (this.options.fetch ?? globalThis.fetch.bind(globalThis))(`${this.baseUrl}/benchmark?${params}`, { headers, credentials: this.options.credentials ?? 'same-origin' });
    } catch (error) {
      throw new QaNetworkError(error);
    }
    if (response.ok) return (await response.json()) as BenchmarkView;
    let problem: Problem;
    try {
      problem = (await response.json()) as Problem;
    } catch {
      problem = { type: 'about:blank', title: response.statusText || `HTTP ${response.status}`, status: response.status };
    }
    throw new QaApiError(response.status, problem);
  }
}
