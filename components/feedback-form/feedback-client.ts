/**
 * The public calls `<ehcp-feedback-form>` makes: no sign-in, the link's token in the path.
 * Typed from the OpenAPI document.
 */
import type { components } from '../shared/api-types.js';

type S = components['schemas'];
export type PublicFeedbackForm = S['PublicFeedbackForm'];
export type FeedbackReceipt = S['FeedbackReceipt'];
export type SubmitFeedbackBody = S['SubmitFeedbackBody'];

/** The adapter refused (problem+json): `type` says why (used, expired, withdrawn, unknown link; invalid answers). */
export class FeedbackProblem extends Error {
  override name = 'FeedbackProblem';
  constructor(readonly status: number, readonly type: string, readonly title: string, readonly detail: string) {
    super(detail || title);
  }
}
/** The request did not reach the adapter. */
export class FeedbackNetworkError extends Error {
  override name = 'FeedbackNetworkError';
}

export async function publicRequest<T>(url: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, credentials: 'omit', referrerPolicy: 'no-referrer', headers: { Accept: 'application/json', ...(init.body ? { 'Content-Type': 'application/json' } : {}) } });
  } catch (error) {
    throw new FeedbackNetworkError(String(error));
  }
  if (response.ok) {
    try {
      return (await response.json()) as T;
    } catch (error) {
      // A cut connection can leave a truncated answer: treat it as not received.
      throw new FeedbackNetworkError(String(error));
    }
  }
  if (response.status >= 502) throw new FeedbackNetworkError(`HTTP ${response.status}`);
  let body: { type?: string; title?: string; detail?: string } = {};
  try {
    body = (await response.json()) as typeof body;
  } catch { /* not JSON */ }
  throw new FeedbackProblem(response.status, body.type ?? 'about:blank', body.title ?? `HTTP ${response.status}`, body.detail ?? '');
}
