/**
 * The audit-cycle planning part of the HTTP contract, as the browser sees it, and a
 * small client for it. Shapes come from the generated OpenAPI types, so the
 * elements and the adapter's zod schemas cannot drift apart.
 */
import { QaApiError, QaConflictError, QaNetworkError, type Problem } from './api.js';
import type { components } from './api-types.js';

type S = components['schemas'];
export type Sample = S['Sample'];
export type SamplePlan = S['SamplePlan'];
export type SampleMethod = S['SampleMethod'];
export type DrawSampleBody = S['DrawSampleBody'];
export type Allocation = S['Allocation'];
export type AllocateBody = S['AllocateBody'];
export type ReassignBody = S['ReassignBody'];
export type CycleProgress = S['CycleProgress'];
export type ProgressCounts = S['ProgressCounts'];
export type Agency = S['Agency'];
export type AuditorRef = S['AuditorRef'];

/** What the planning elements need from a client. Implement it to use your own transport. */
export interface PlanningClient {
  getSamplePlan(cycleId: string, query: { population: 'all' | 'new'; size?: number; margin?: number }): Promise<SamplePlan>;
  /** The cycle's sample, or null when none has been drawn. */
  getSample(cycleId: string): Promise<Sample | null>;
  drawSample(cycleId: string, body: DrawSampleBody): Promise<Sample>;
  listAllocations(cycleId: string): Promise<Allocation[]>;
  allocate(cycleId: string, body: AllocateBody): Promise<Allocation[]>;
  /** `version` is sent as If-Match. */
  reassign(cycleId: string, allocationId: string, body: ReassignBody, version: number): Promise<Allocation>;
  getProgress(cycleId: string): Promise<CycleProgress>;
  listMyAllocations(): Promise<Allocation[]>;
}

/** `fetch` against the adapter's planning routes. */
export class PlanningHttpClient implements PlanningClient {
  readonly baseUrl: string;
  constructor(private readonly options: { baseUrl: string; headers?: () => Record<string, string> | Promise<Record<string, string>>; fetch?: typeof fetch }) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }
  getSamplePlan(cycleId: string, query: { population: 'all' | 'new'; size?: number; margin?: number }): Promise<SamplePlan> {
    const params = new URLSearchParams({ population: query.population });
    if (query.size !== undefined) params.set('size', String(query.size));
    if (query.margin !== undefined) params.set('margin', String(query.margin));
    return this.request('GET', `/cycles/${enc(cycleId)}/sample-plan?${params}`);
  }
  async getSample(cycleId: string): Promise<Sample | null> {
    try {
      return await this.request<Sample>('GET', `/cycles/${enc(cycleId)}/sample`);
    } catch (error) {
      if (error instanceof QaApiError && error.status === 404 && /no sample/i.test(error.message)) return null;
      throw error;
    }
  }
  drawSample(cycleId: string, body: DrawSampleBody): Promise<Sample> {
    return this.request('POST', `/cycles/${enc(cycleId)}/sample`, body);
  }
  listAllocations(cycleId: string): Promise<Allocation[]> {
    return this.request<{ items: Allocation[] }>('GET', `/cycles/${enc(cycleId)}/allocations`).then((r) => r.items);
  }
  allocate(cycleId: string, body: AllocateBody): Promise<Allocation[]> {
    return this.request<{ items: Allocation[] }>('POST', `/cycles/${enc(cycleId)}/allocations`, body).then((r) => r.items);
  }
  reassign(cycleId: string, allocationId: string, body: ReassignBody, version: number): Promise<Allocation> {
    return this.request('PUT', `/cycles/${enc(cycleId)}/allocations/${enc(allocationId)}`, body, version);
  }
  getProgress(cycleId: string): Promise<CycleProgress> {
    return this.request('GET', `/cycles/${enc(cycleId)}/progress`);
  }
  listMyAllocations(): Promise<Allocation[]> {
    return this.request<{ items: Allocation[] }>('GET', '/my-allocations').then((r) => r.items);
  }

  private async request<T>(method: string, path: string, body?: unknown, version?: number): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json', ...(await this.options.headers?.()) };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (version !== undefined) headers['If-Match'] = `"${version}"`;
    const doFetch = this.options.fetch ?? globalThis.fetch.bind(globalThis);
    let response: Response;
    try {
      response = await doFetch(`${this.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (error) {
      throw new QaNetworkError(error);
    }
    if (!response.ok) {
      let problem: Problem;
      try {
        problem = (await response.json()) as Problem;
      } catch {
        problem = { type: 'about:blank', title: response.statusText || 'Error', status: response.status };
      }
      throw response.status === 412 ? new QaConflictError(412, problem) : new QaApiError(response.status, problem);
    }
    return (await response.json()) as T;
  }
}

const enc = encodeURIComponent;

/** "38 of 50 audited, 6 in progress, 4 overdue". */
export function progressSentence(c: ProgressCounts): string {
  return `${c.audited} of ${c.allocated} audited, ${c.inProgress} in progress, ${c.overdue} overdue`;
}
