/**
 * Feedback in its own SQLite tables (migrations 600–699): requests with the hash of
 * their token (never the token), and responses. Submitting is one transaction that
 * checks the request is open, marks it used and stores the response, so two
 * submissions racing for one link can never both count.
 */
import type { SqliteFeature } from './features.js';
import type { SqliteDb } from './db.js';
import { DuplicateIdError } from '../types.js';
import { hasPlanFilter, type FeedbackFilter, type FeedbackRequest, type FeedbackResponse, type FeedbackStore } from '../../feedback/store.js';

const FEEDBACK_MIGRATION = `
  CREATE TABLE feedback_requests (
    tenant                TEXT NOT NULL,
    id                    TEXT NOT NULL,
    token_hash            TEXT NOT NULL UNIQUE,
    plan_ref              TEXT NOT NULL,
    cycle_id              TEXT,
    respondent_type       TEXT NOT NULL,
    questionnaire_id      TEXT NOT NULL,
    questionnaire_version TEXT NOT NULL,
    linked                INTEGER NOT NULL CHECK (linked IN (0, 1)),
    plan                  TEXT NOT NULL,
    phase                 TEXT NOT NULL,
    primary_need          TEXT NOT NULL,
    setting_type          TEXT NOT NULL,
    team_ref              TEXT,
    created_by            TEXT NOT NULL,
    created_at            TEXT NOT NULL,
    expires_at            TEXT NOT NULL,
    status                TEXT NOT NULL CHECK (status IN ('open', 'used', 'revoked')),
    used_at               TEXT,
    revoked_at            TEXT,
    submission_key_hash   TEXT,
    version               INTEGER NOT NULL CHECK (version >= 1),
    PRIMARY KEY (tenant, id)
  );
  CREATE INDEX feedback_requests_by_cycle ON feedback_requests (tenant, cycle_id, respondent_type);
  CREATE INDEX feedback_requests_by_plan ON feedback_requests (tenant, plan_ref);
  CREATE TABLE feedback_responses (
    tenant                TEXT NOT NULL,
    id                    TEXT NOT NULL,
    cycle_id              TEXT,
    respondent_type       TEXT NOT NULL,
    questionnaire_id      TEXT NOT NULL,
    questionnaire_version TEXT NOT NULL,
    linked                INTEGER NOT NULL CHECK (linked IN (0, 1)),
    plan_ref              TEXT,
    plan                  TEXT,
    phase                 TEXT,
    primary_need          TEXT,
    setting_type          TEXT,
    team_ref              TEXT,
    answers               TEXT NOT NULL,
    submitted_on          TEXT NOT NULL,
    PRIMARY KEY (tenant, id),
    CHECK (linked = 1 OR (plan_ref IS NULL AND plan IS NULL))
  ) WITHOUT ROWID;
  CREATE INDEX feedback_responses_by_cycle ON feedback_responses (tenant, cycle_id, respondent_type);
`;

interface RequestRow {
  id: string; token_hash: string; plan_ref: string; cycle_id: string | null; respondent_type: string; questionnaire_id: string;
  questionnaire_version: string; linked: number; plan: string; created_by: string; created_at: string; expires_at: string;
  status: string; used_at: string | null; revoked_at: string | null; submission_key_hash: string | null; version: number; tenant?: string;
}
interface ResponseRow {
  id: string; cycle_id: string | null; respondent_type: string; questionnaire_id: string; questionnaire_version: string; linked: number;
  plan_ref: string | null; plan: string | null; answers: string; submitted_on: string;
}

const REQUEST_COLUMNS = `id, token_hash, plan_ref, cycle_id, respondent_type, questionnaire_id, questionnaire_version, linked, plan, created_by,
  created_at, expires_at, status, used_at, revoked_at, submission_key_hash, version`;
const RESPONSE_COLUMNS = 'id, cycle_id, respondent_type, questionnaire_id, questionnaire_version, linked, plan_ref, plan, answers, submitted_on';

function toRequest(r: RequestRow): FeedbackRequest {
  return {
    id: r.id, tokenHash: r.token_hash, planRef: r.plan_ref, cycleId: r.cycle_id, respondentType: r.respondent_type as FeedbackRequest['respondentType'],
    questionnaireId: r.questionnaire_id, questionnaireVersion: r.questionnaire_version, linked: r.linked === 1, plan: JSON.parse(r.plan) as FeedbackRequest['plan'],
    createdBy: r.created_by, createdAt: r.created_at, expiresAt: r.expires_at, status: r.status as FeedbackRequest['status'], usedAt: r.used_at,
    revokedAt: r.revoked_at, submissionKeyHash: r.submission_key_hash, version: r.version,
  };
}
function toResponse(r: ResponseRow): FeedbackResponse {
  return {
    id: r.id, cycleId: r.cycle_id, respondentType: r.respondent_type as FeedbackResponse['respondentType'], questionnaireId: r.questionnaire_id,
    questionnaireVersion: r.questionnaire_version, linked: r.linked === 1, planRef: r.plan_ref, plan: r.plan ? (JSON.parse(r.plan) as FeedbackResponse['plan']) : null,
    answers: JSON.parse(r.answers) as FeedbackResponse['answers'], submittedOn: r.submitted_on,
  };
}

function filterSql(tenant: string, f: FeedbackFilter, table: 'feedback_requests' | 'feedback_responses'): { where: string; params: string[] } {
  const clauses = [`${table}.tenant = ?`];
  const params = [tenant];
  const eq = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    clauses.push(`${table}.${column} = ?`);
    params.push(value);
  };
  eq('cycle_id', f.cycleId);
  eq('plan_ref', f.planRef);
  eq('respondent_type', f.respondentType);
  eq('questionnaire_id', f.questionnaireId);
  if (table === 'feedback_responses' && hasPlanFilter(f)) clauses.push(`${table}.linked = 1`);
  eq('phase', f.phase);
  eq('primary_need', f.primaryNeed);
  eq('setting_type', f.settingType);
  eq('team_ref', f.teamRef);
  return { where: clauses.join(' AND '), params };
}

function feedbackCapabilities(db: SqliteDb): FeedbackStore {
  const self: FeedbackStore = {
    async createFeedbackRequest(tenant, r) {
      return db.transaction(async (tx) => {
        const exists = await tx.get('SELECT 1 AS found FROM feedback_requests WHERE (tenant = ? AND id = ?) OR token_hash = ?', [tenant, r.id, r.tokenHash]);
        if (exists) throw new DuplicateIdError('feedback request', r.id);
        await tx.run(
          `INSERT INTO feedback_requests (tenant, ${REQUEST_COLUMNS}, phase, primary_need, setting_type, team_ref)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [tenant, r.id, r.tokenHash, r.planRef, r.cycleId, r.respondentType, r.questionnaireId, r.questionnaireVersion, r.linked ? 1 : 0, JSON.stringify(r.plan),
            r.createdBy, r.createdAt, r.expiresAt, r.status, r.usedAt, r.revokedAt, r.submissionKeyHash, 1,
            r.plan.phase, r.plan.primaryNeed, r.plan.settingType, r.plan.teamRef ?? null],
        );
        return { ...structuredClone(r), version: 1 };
      });
    },
    async getFeedbackRequest(tenant, id) {
      const row = await db.get<RequestRow>(`SELECT ${REQUEST_COLUMNS} FROM feedback_requests WHERE tenant = ? AND id = ?`, [tenant, id]);
      return row ? toRequest(row) : null;
    },
    async findFeedbackRequestByTokenHash(tokenHash) {
      const row = await db.get<RequestRow & { tenant: string }>(`SELECT tenant, ${REQUEST_COLUMNS} FROM feedback_requests WHERE token_hash = ?`, [tokenHash]);
      return row ? { tenant: row.tenant, request: toRequest(row) } : null;
    },
    async revokeFeedbackRequest(tenant, id, expectedVersion, at) {
      return db.transaction(async (tx) => {
        const changed = await tx.run(
          "UPDATE feedback_requests SET status = 'revoked', revoked_at = ?, version = version + 1 WHERE tenant = ? AND id = ? AND version = ?",
          [at, tenant, id, expectedVersion],
        );
        const row = await tx.get<RequestRow>(`SELECT ${REQUEST_COLUMNS} FROM feedback_requests WHERE tenant = ? AND id = ?`, [tenant, id]);
        if (!row) return { ok: false, reason: 'not-found' };
        if (changed.changes === 0) return { ok: false, reason: 'conflict', currentVersion: row.version };
        return { ok: true, value: toRequest(row) };
      });
    },
    async submitFeedback(tenant, requestId, submissionKeyHash, response, now) {
      return db.transaction(async (tx) => {
        const row = await tx.get<RequestRow>(`SELECT ${REQUEST_COLUMNS} FROM feedback_requests WHERE tenant = ? AND id = ?`, [tenant, requestId]);
        if (!row) return { ok: false, reason: 'not-found' };
        if (row.status === 'used') return row.submission_key_hash === submissionKeyHash ? { ok: true, replay: true } : { ok: false, reason: 'used' };
        if (row.status === 'revoked') return { ok: false, reason: 'revoked' };
        if (row.expires_at <= now) return { ok: false, reason: 'expired' };
        await tx.run(
          "UPDATE feedback_requests SET status = 'used', used_at = ?, submission_key_hash = ?, version = version + 1 WHERE tenant = ? AND id = ? AND status = 'open'",
          [row.linked === 1 ? now : null, submissionKeyHash, tenant, requestId],
        );
        const plan = response.plan;
        await tx.run(
          `INSERT INTO feedback_responses (tenant, ${RESPONSE_COLUMNS}, phase, primary_need, setting_type, team_ref)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [tenant, response.id, response.cycleId, response.respondentType, response.questionnaireId, response.questionnaireVersion, response.linked ? 1 : 0,
            response.planRef, plan ? JSON.stringify(plan) : null, JSON.stringify(response.answers), response.submittedOn,
            plan?.phase ?? null, plan?.primaryNeed ?? null, plan?.settingType ?? null, plan?.teamRef ?? null],
        );
        return { ok: true, replay: false, response: structuredClone(response) };
      });
    },
    async listFeedbackRequests(tenant, filter) {
      const { where, params } = filterSql(tenant, filter, 'feedback_requests');
      const rows = await db.all<RequestRow>(`SELECT ${REQUEST_COLUMNS} FROM feedback_requests WHERE ${where} ORDER BY created_at, id`, params);
      return rows.map(toRequest);
    },
    async listFeedbackResponses(tenant, filter) {
      const { where, params } = filterSql(tenant, filter, 'feedback_responses');
      const rows = await db.all<ResponseRow>(`SELECT ${RESPONSE_COLUMNS} FROM feedback_responses WHERE ${where} ORDER BY submitted_on, id`, params);
      return rows.map(toResponse);
    },
    async eraseFeedbackOfPlan(tenant, planRef) {
      return db.transaction(async (tx) => {
        const responses = await tx.run('DELETE FROM feedback_responses WHERE tenant = ? AND plan_ref = ?', [tenant, planRef]);
        const requests = await tx.run('DELETE FROM feedback_requests WHERE tenant = ? AND plan_ref = ?', [tenant, planRef]);
        return { requests: requests.changes, responses: responses.changes };
      });
    },
  };
  return self;
}

export const feedbackSqlite: SqliteFeature = {
  name: 'feedback',
  migrations: [{ id: 600, name: 'feedback: requests (token hashes) and responses', up: FEEDBACK_MIGRATION }],
  capabilities: (db) => feedbackCapabilities(db),
};
