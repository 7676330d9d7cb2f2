/**
 * Feedback storage: invitations (feedback requests) and the responses sent with them.
 *
 * Backends may keep feedback in their own tables by providing the optional methods of
 * {@link FeedbackStore} on the storage (the SQLite backend does, in one transaction per
 * write: storage/sqlite/feedback.ts). Every other backend gets {@link recordFeedbackStore},
 * built on the record store that every backend has. `runFeedbackConformance` (from
 * `ehcp-qa/testing`) holds both to the same rules:
 *
 * - a request is found by the hash of its token only; the token itself is never stored;
 * - a request is used once: a second submission with another key is refused, and the same
 *   submission sent twice is stored once (the second answer says it is a replay);
 * - a revoked or expired request takes no response;
 * - an anonymous response keeps no plan reference, no plan details and no time of day.
 */
import { randomUUID } from 'node:crypto';
import type { FeedbackAnswers, RespondentType } from '../../criteria/questionnaire-schema.js';
import type { PlanMetadata } from '../schemas.js';
import { DuplicateIdError, type QaStorage, type StoredRecord, type WriteResult } from '../storage/types.js';

export interface FeedbackRequest {
  id: string;
  /** SHA-256 of the token, hex. The token is shown once, to the caller who created it. */
  tokenHash: string;
  planRef: string;
  cycleId: string | null;
  respondentType: RespondentType;
  questionnaireId: string;
  questionnaireVersion: string;
  /** Whether the response will be linked to the plan (the LA's setting when the request was made). */
  linked: boolean;
  /** The plan's details, for report filters (copied to linked responses only). */
  plan: PlanMetadata;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  status: 'open' | 'used' | 'revoked';
  /** When it was used; always null for an anonymous request, so its response cannot be matched to it by time. */
  usedAt: string | null;
  revokedAt: string | null;
  /** SHA-256 of the client's submission key, so the same submission sent again is recognised. */
  submissionKeyHash: string | null;
  /** 1 on create, +1 on every change. */
  version: number;
}

export interface FeedbackResponse {
  id: string;
  cycleId: string | null;
  respondentType: RespondentType;
  questionnaireId: string;
  questionnaireVersion: string;
  linked: boolean;
  /** Linked responses only; null when anonymous. */
  planRef: string | null;
  plan: PlanMetadata | null;
  answers: FeedbackAnswers;
  /** The day it was sent (YYYY-MM-DD). */
  submittedOn: string;
}

/** Filters for listing responses and requests. All present filters must match. */
export interface FeedbackFilter {
  cycleId?: string;
  /** One plan's requests (and its linked responses; anonymous ones keep no plan reference). */
  planRef?: string;
  respondentType?: RespondentType;
  questionnaireId?: string;
  /** Plan filters: they match linked responses only (anonymous ones carry no plan details). */
  phase?: PlanMetadata['phase'];
  primaryNeed?: PlanMetadata['primaryNeed'];
  settingType?: PlanMetadata['settingType'];
  teamRef?: string;
}

export type SubmitFeedbackResult =
  | { ok: true; replay: false; response: FeedbackResponse }
  | { ok: true; replay: true }
  | { ok: false; reason: 'not-found' | 'used' | 'revoked' | 'expired' };

/** What feedback needs from a storage. */
export interface FeedbackStore {
  /** Stores a new request (version 1). Throws `DuplicateIdError` when the id or token hash exists. */
  createFeedbackRequest(tenant: string, request: FeedbackRequest): Promise<FeedbackRequest>;
  getFeedbackRequest(tenant: string, id: string): Promise<FeedbackRequest | null>;
  /**
   * The request whose token hashes to `tokenHash`, in whichever tenant holds it. The one
   * read not scoped by tenant: the public form knows only the token, and the hash of a
   * 256-bit secret is what proves the right to read it.
   */
  findFeedbackRequestByTokenHash(tokenHash: string): Promise<{ tenant: string; request: FeedbackRequest } | null>;
  /** Revokes an open request if its version equals `expectedVersion`. */
  revokeFeedbackRequest(tenant: string, id: string, expectedVersion: number, at: string): Promise<WriteResult<FeedbackRequest>>;
  /**
   * Stores `response` for the open request `requestId` and marks the request used, as one
   * step. The same `submissionKeyHash` again gives `replay: true` and stores nothing.
   */
  submitFeedback(tenant: string, requestId: string, submissionKeyHash: string, response: FeedbackResponse, now: string): Promise<SubmitFeedbackResult>;
  /** Requests matching the filter's cycle, respondent type and questionnaire (plan filters apply to their plan details). */
  listFeedbackRequests(tenant: string, filter: FeedbackFilter): Promise<FeedbackRequest[]>;
  /** Responses matching the filter, by the day they were sent (then by id: never in the order they arrived). */
  listFeedbackResponses(tenant: string, filter: FeedbackFilter): Promise<FeedbackResponse[]>;
  /** Deletes a plan's requests and its linked responses (erasure; anonymous responses hold no plan reference). */
  eraseFeedbackOfPlan(tenant: string, planRef: string): Promise<{ requests: number; responses: number }>;
}

declare module '../storage/types.js' {
  // Backends with their own feedback tables provide every method of FeedbackStore.
  interface QaStorage extends Partial<FeedbackStore> {}
}

const METHODS = [
  'createFeedbackRequest', 'getFeedbackRequest', 'findFeedbackRequestByTokenHash', 'revokeFeedbackRequest',
  'submitFeedback', 'listFeedbackRequests', 'listFeedbackResponses', 'eraseFeedbackOfPlan',
] as const;

/** The storage's own feedback methods when it has all of them, else the record-store implementation. */
export function feedbackStore(storage: QaStorage): FeedbackStore {
  if (METHODS.every((m) => typeof storage[m] === 'function')) return storage as QaStorage & FeedbackStore;
  return recordFeedbackStore(storage);
}

export const FEEDBACK_REQUESTS = 'feedback-requests';
export const FEEDBACK_RESPONSES = 'feedback-responses';
export const FEEDBACK_TOKENS = 'feedback-tokens';
/**
 * The token index of the record-store implementation lives in this pseudo-tenant (tenants
 * from `jwtAuth` start with a letter or digit, so none can be called this).
 */
export const TOKEN_INDEX_TENANT = '~feedback-token-index';

/** Whether a plan filter is present (then only linked responses can match). */
export function hasPlanFilter(f: FeedbackFilter): boolean {
  return f.phase !== undefined || f.primaryNeed !== undefined || f.settingType !== undefined || f.teamRef !== undefined;
}

/** Whether plan details (null for anonymous) match the filter's plan filters. */
export function planMatches(plan: PlanMetadata | null, f: FeedbackFilter): boolean {
  if (!hasPlanFilter(f)) return true;
  if (!plan) return false;
  if (f.phase !== undefined && plan.phase !== f.phase) return false;
  if (f.primaryNeed !== undefined && plan.primaryNeed !== f.primaryNeed) return false;
  if (f.settingType !== undefined && plan.settingType !== f.settingType) return false;
  if (f.teamRef !== undefined && plan.teamRef !== f.teamRef) return false;
  return true;
}

/** Whether a request or response matches the filter's non-plan fields. */
export function basicMatches(x: { cycleId: string | null; respondentType: string; questionnaireId: string; planRef: string | null }, f: FeedbackFilter): boolean {
  if (f.cycleId !== undefined && x.cycleId !== f.cycleId) return false;
  if (f.planRef !== undefined && x.planRef !== f.planRef) return false;
  if (f.respondentType !== undefined && x.respondentType !== f.respondentType) return false;
  if (f.questionnaireId !== undefined && x.questionnaireId !== f.questionnaireId) return false;
  return true;
}

type RequestData = Omit<FeedbackRequest, 'version'>;

/**
 * Feedback over the record store (collections `feedback-requests`, `feedback-responses`,
 * and a token index). Works on every backend. Single use is a compare-and-swap on the
 * request: the request is marked used first, then the response stored, so a response is
 * never counted twice (a crash between the two writes loses that one response; a backend
 * with transactions should provide its own methods, as SQLite does). The record store
 * stamps every record with its creation and update times, so someone with access to the
 * database could match an anonymous response to its request by time: where anonymity
 * matters, use a backend with its own feedback methods.
 */
export function recordFeedbackStore(storage: QaStorage): FeedbackStore {
  const toRequest = (r: { version: number; data: RequestData }): FeedbackRequest => ({ ...r.data, version: r.version });
  const strip = ({ version: _v, ...rest }: FeedbackRequest): RequestData => rest;
  async function all<T>(tenant: string, collection: string, where: Record<string, string>): Promise<StoredRecord<T>[]> {
    const out: StoredRecord<T>[] = [];
    let cursor: string | undefined;
    do {
      const page = await storage.listRecords<T>(tenant, collection, { where, limit: 100, ...(cursor ? { cursor } : {}) });
      out.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return out;
  }
  const whereOf = (f: FeedbackFilter): Record<string, string> => ({
    ...(f.cycleId !== undefined ? { cycleId: f.cycleId } : {}),
    ...(f.planRef !== undefined ? { planRef: f.planRef } : {}),
    ...(f.respondentType !== undefined ? { respondentType: f.respondentType } : {}),
    ...(f.questionnaireId !== undefined ? { questionnaireId: f.questionnaireId } : {}),
  });

  const self: FeedbackStore = {
    async createFeedbackRequest(tenant, request) {
      const index = await storage.putRecord(TOKEN_INDEX_TENANT, FEEDBACK_TOKENS, request.tokenHash, { tenant, requestId: request.id }, { expectedVersion: null });
      if (!index.ok) throw new Error('a feedback request with this token hash already exists');
      const created = await storage.putRecord<RequestData>(tenant, FEEDBACK_REQUESTS, request.id, strip({ ...request, version: 1 }), { expectedVersion: null });
      if (!created.ok) {
        await storage.deleteRecord(TOKEN_INDEX_TENANT, FEEDBACK_TOKENS, request.tokenHash);
        throw new DuplicateIdError('feedback request', request.id);
      }
      return toRequest(created.value);
    },
    async getFeedbackRequest(tenant, id) {
      const r = await storage.getRecord<RequestData>(tenant, FEEDBACK_REQUESTS, id);
      return r ? toRequest(r) : null;
    },
    async findFeedbackRequestByTokenHash(tokenHash) {
      if (!/^[0-9a-f]{64}$/.test(tokenHash)) return null;
      const index = await storage.getRecord<{ tenant: string; requestId: string }>(TOKEN_INDEX_TENANT, FEEDBACK_TOKENS, tokenHash);
      if (!index) return null;
      const request = await self.getFeedbackRequest(index.data.tenant, index.data.requestId);
      return request && request.tokenHash === tokenHash ? { tenant: index.data.tenant, request } : null;
    },
    async revokeFeedbackRequest(tenant, id, expectedVersion, at) {
      const current = await self.getFeedbackRequest(tenant, id);
      if (!current) return { ok: false, reason: 'not-found' };
      if (current.version !== expectedVersion) return { ok: false, reason: 'conflict', currentVersion: current.version };
      const next: FeedbackRequest = { ...current, status: 'revoked', revokedAt: at, version: current.version + 1 };
      const written = await storage.putRecord<RequestData>(tenant, FEEDBACK_REQUESTS, id, strip(next), { expectedVersion });
      if (!written.ok) return written.reason === 'conflict' ? written : { ok: false, reason: 'not-found' };
      return { ok: true, value: toRequest(written.value) };
    },
    async submitFeedback(tenant, requestId, submissionKeyHash, response, now) {
      for (let attempt = 0; attempt < 3; attempt++) {
        const current = await self.getFeedbackRequest(tenant, requestId);
        if (!current) return { ok: false, reason: 'not-found' };
        if (current.status === 'used') return current.submissionKeyHash === submissionKeyHash ? { ok: true, replay: true } : { ok: false, reason: 'used' };
        if (current.status === 'revoked') return { ok: false, reason: 'revoked' };
        if (current.expiresAt <= now) return { ok: false, reason: 'expired' };
        const used: FeedbackRequest = { ...current, status: 'used', usedAt: current.linked ? now : null, submissionKeyHash, version: current.version + 1 };
        const marked = await storage.putRecord<RequestData>(tenant, FEEDBACK_REQUESTS, requestId, strip(used), { expectedVersion: current.version });
        if (!marked.ok) continue; // someone else changed it: read again
        await storage.putRecord<FeedbackResponse>(tenant, FEEDBACK_RESPONSES, response.id, response, { expectedVersion: null });
        return { ok: true, replay: false, response: structuredClone(response) };
      }
      return { ok: false, reason: 'used' };
    },
    async listFeedbackRequests(tenant, filter) {
      const rows = (await all<RequestData>(tenant, FEEDBACK_REQUESTS, whereOf(filter))).map(toRequest);
      return rows.filter((r) => basicMatches(r, filter) && planMatches(r.plan, filter));
    },
    async listFeedbackResponses(tenant, filter) {
      const rows = (await all<FeedbackResponse>(tenant, FEEDBACK_RESPONSES, whereOf(filter))).map((r) => r.data);
      return rows.filter((r) => basicMatches(r, filter) && planMatches(r.plan, filter))
        .sort((a, b) => (a.submittedOn === b.submittedOn ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.submittedOn < b.submittedOn ? -1 : 1));
    },
    async eraseFeedbackOfPlan(tenant, planRef) {
      const requests = await all<RequestData>(tenant, FEEDBACK_REQUESTS, { planRef });
      const responses = await all<FeedbackResponse>(tenant, FEEDBACK_RESPONSES, { planRef });
      for (const r of responses) await storage.deleteRecord(tenant, FEEDBACK_RESPONSES, r.id);
      for (const r of requests) {
        await storage.deleteRecord(TOKEN_INDEX_TENANT, FEEDBACK_TOKENS, r.data.tokenHash);
        await storage.deleteRecord(tenant, FEEDBACK_REQUESTS, r.id);
      }
      return { requests: requests.length, responses: responses.length };
    },
  };
  return self;
}

/** A new response id. */
export function newResponseId(): string {
  return `fbr_${randomUUID().replaceAll('-', '')}`;
}
