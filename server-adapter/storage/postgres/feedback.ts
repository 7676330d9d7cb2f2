/**
 * Feedback in its own PostgreSQL tables (migration 600): the twin of
 * storage/sqlite/feedback.ts. Requests keep the hash of their token (never the
 * token), and responses. Submitting is one transaction that locks the request row
 * (`FOR UPDATE`), checks it is open, marks it used and stores the response, so two
 * submissions racing for one link, even through different adapter processes, can
 * never both count.
 *
 * Row-level security holds every statement to the transaction's tenant. The one
 * lookup across tenants, finding a public link's request from its token hash, goes
 * through the storage's `crossTenantLookup` function, which returns only the tenant and
 * the request id; the request itself is then read in that tenant's transaction.
 */
import type { PostgresFeature } from './features.js';
import type { PostgresDb, PgTx } from './db.js';
import { crossTenantLookup, tenantRowSecurity, type MigrationContext } from './migrations.js';
import { DuplicateIdError } from '../types.js';
import { hasPlanFilter, type FeedbackFilter, type FeedbackRequest, type FeedbackResponse, type FeedbackStore } from '../../feedback/store.js';

const C = 'COLLATE "C"';

const feedbackMigration = (context: MigrationContext) => `
  CREATE TABLE feedback_requests (
    tenant                text ${C} NOT NULL CHECK (tenant <> ''),
    id                    text ${C} NOT NULL,
    token_hash            text ${C} NOT NULL UNIQUE,
    plan_ref              text ${C} NOT NULL,
    cycle_id              text ${C},
    respondent_type       text ${C} NOT NULL,
    questionnaire_id      text ${C} NOT NULL,
    questionnaire_version text ${C} NOT NULL,
    linked                boolean NOT NULL,
    plan                  jsonb NOT NULL,
    phase                 text ${C} NOT NULL,
    primary_need          text ${C} NOT NULL,
    setting_type          text ${C} NOT NULL,
    team_ref              text ${C},
    created_by            text ${C} NOT NULL,
    created_at            text ${C} NOT NULL,
    expires_at            text ${C} NOT NULL,
    status                text ${C} NOT NULL CHECK (status IN ('open', 'used', 'revoked')),
    used_at               text ${C},
    revoked_at            text ${C},
    submission_key_hash   text ${C},
    version               integer NOT NULL CHECK (version >= 1),
    PRIMARY KEY (tenant, id)
  );
  CREATE INDEX feedback_requests_by_cycle ON feedback_requests (tenant, cycle_id, respondent_type);
  CREATE INDEX feedback_requests_by_plan ON feedback_requests (tenant, plan_ref);
  ${tenantRowSecurity('feedback_requests')}
  CREATE TABLE feedback_responses (
    tenant                text ${C} NOT NULL CHECK (tenant <> ''),
    id                    text ${C} NOT NULL,
    cycle_id              text ${C},
    respondent_type       text ${C} NOT NULL,
    questionnaire_id      text ${C} NOT NULL,
    questionnaire_version text ${C} NOT NULL,
    linked                boolean NOT NULL,
    plan_ref              text ${C},
    plan                  jsonb,
    phase                 text ${C},
    primary_need          text ${C},
    setting_type          text ${C},
    team_ref              text ${C},
    answers               jsonb NOT NULL,
    submitted_on          text ${C} NOT NULL,
    PRIMARY KEY (tenant, id),
    CHECK (linked OR (plan_ref IS NULL AND plan IS NULL))
  );
  CREATE INDEX feedback_responses_by_cycle ON feedback_responses (tenant, cycle_id, respondent_type);
  CREATE INDEX feedback_responses_by_plan ON feedback_responses (tenant, plan_ref) WHERE plan_ref IS NOT NULL;
  ${tenantRowSecurity('feedback_responses')}

  ${crossTenantLookup({ name: 'feedback_request_for_token', table: 'feedback_requests', by: 'token_hash' })(context)}
`;

interface RequestRow {
  id: string; token_hash: string; plan_ref: string; cycle_id: string | null; respondent_type: string; questionnaire_id: string;
  questionnaire_version: string; linked: boolean; plan: FeedbackRequest['plan']; created_by: string; created_at: string; expires_at: string;
  status: string; used_at: string | null; revoked_at: string | null; submission_key_hash: string | null; version: number;
}
interface ResponseRow {
  id: string; cycle_id: string | null; respondent_type: string; questionnaire_id: string; questionnaire_version: string; linked: boolean;
  plan_ref: string | null; plan: FeedbackResponse['plan']; answers: FeedbackResponse['answers']; submitted_on: string;
}

const REQUEST_COLUMNS = `id, token_hash, plan_ref, cycle_id, respondent_type, questionnaire_id, questionnaire_version, linked, plan, created_by,
  created_at, expires_at, status, used_at, revoked_at, submission_key_hash, version`;
const RESPONSE_COLUMNS = 'id, cycle_id, respondent_type, questionnaire_id, questionnaire_version, linked, plan_ref, plan, answers, submitted_on';

function toRequest(r: RequestRow): FeedbackRequest {
  return {
    id: r.id, tokenHash: r.token_hash, planRef: r.plan_ref, cycleId: r.cycle_id, respondentType: r.respondent_type as FeedbackRequest['respondentType'],
    questionnaireId: r.questionnaire_id, questionnaireVersion: r.questionnaire_version, linked: r.linked, plan: r.plan,
    createdBy: r.created_by, createdAt: r.created_at, expiresAt: r.expires_at, status: r.status as FeedbackRequest['status'], usedAt: r.used_at,
    revokedAt: r.revoked_at, submissionKeyHash: r.submission_key_hash, version: r.version,
  };
}
function toResponse(r: ResponseRow): FeedbackResponse {
  return {
    id: r.id, cycleId: r.cycle_id, respondentType: r.respondent_type as FeedbackResponse['respondentType'], questionnaireId: r.questionnaire_id,
    questionnaireVersion: r.questionnaire_version, linked: r.linked, planRef: r.plan_ref, plan: r.plan ?? null, answers: r.answers, submittedOn: r.submitted_on,
  };
}

function filterSql(tenant: string, f: FeedbackFilter, table: 'feedback_requests' | 'feedback_responses'): { where: string; params: string[] } {
  const clauses = ['tenant = $1'];
  const params = [tenant];
  const eq = (column: string, value: string | undefined) => {
    if (value === undefined) return;
    params.push(value);
    clauses.push(`${column} = $${params.length}`);
  };
  eq('cycle_id', f.cycleId);
  eq('plan_ref', f.planRef);
  eq('respondent_type', f.respondentType);
  eq('questionnaire_id', f.questionnaireId);
  if (table === 'feedback_responses' && hasPlanFilter(f)) clauses.push('linked');
  eq('phase', f.phase);
  eq('primary_need', f.primaryNeed);
  eq('setting_type', f.settingType);
  eq('team_ref', f.teamRef);
  return { where: clauses.join(' AND '), params };
}

const getRequest = (tx: PgTx, tenant: string, id: string, lock = false) =>
  tx.get<RequestRow>(`SELECT ${REQUEST_COLUMNS} FROM feedback_requests WHERE tenant = $1 AND id = $2${lock ? ' FOR UPDATE' : ''}`, [tenant, id]);

function feedbackCapabilities(db: PostgresDb): FeedbackStore {
  const read = { readOnly: true };
  return {
    async createFeedbackRequest(tenant, r) {
      try {
        await db.transaction(tenant, (tx) => tx.query(
          `INSERT INTO feedback_requests (tenant, ${REQUEST_COLUMNS}, phase, primary_need, setting_type, team_ref)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12, $13, $14, $15, $16, $17, 1, $18, $19, $20, $21)`,
          [tenant, r.id, r.tokenHash, r.planRef, r.cycleId, r.respondentType, r.questionnaireId, r.questionnaireVersion, r.linked, JSON.stringify(r.plan),
            r.createdBy, r.createdAt, r.expiresAt, r.status, r.usedAt, r.revokedAt, r.submissionKeyHash,
            r.plan.phase, r.plan.primaryNeed, r.plan.settingType, r.plan.teamRef ?? null],
        ));
      } catch (error) {
        // The id in this tenant, or the token hash in any tenant: both are unique.
        if ((error as { code?: string }).code === '23505') throw new DuplicateIdError('feedback request', r.id);
        throw error;
      }
      return { ...structuredClone(r), version: 1 };
    },
    async getFeedbackRequest(tenant, id) {
      const row = await db.transaction(tenant, (tx) => getRequest(tx, tenant, id), read);
      return row ? toRequest(row) : null;
    },
    async findFeedbackRequestByTokenHash(tokenHash) {
      const owner = await db.withoutTenant((tx) => tx.get<{ tenant: string; id: string }>('SELECT tenant, id FROM feedback_request_for_token($1)', [tokenHash]), read);
      if (!owner) return null;
      const row = await db.transaction(owner.tenant, (tx) => getRequest(tx, owner.tenant, owner.id), read);
      return row && row.token_hash === tokenHash ? { tenant: owner.tenant, request: toRequest(row) } : null;
    },
    async revokeFeedbackRequest(tenant, id, expectedVersion, at) {
      return db.transaction(tenant, async (tx) => {
        const changed = await tx.get<RequestRow>(
          `UPDATE feedback_requests SET status = 'revoked', revoked_at = $3, version = version + 1
            WHERE tenant = $1 AND id = $2 AND version = $4 RETURNING ${REQUEST_COLUMNS}`,
          [tenant, id, at, expectedVersion],
        );
        if (changed) return { ok: true, value: toRequest(changed) };
        const row = await getRequest(tx, tenant, id);
        if (!row) return { ok: false, reason: 'not-found' };
        return { ok: false, reason: 'conflict', currentVersion: row.version };
      });
    },
    async submitFeedback(tenant, requestId, submissionKeyHash, response, now) {
      return db.transaction(tenant, async (tx) => {
        const row = await getRequest(tx, tenant, requestId, true);
        if (!row) return { ok: false, reason: 'not-found' };
        if (row.status === 'used') return row.submission_key_hash === submissionKeyHash ? { ok: true, replay: true } : { ok: false, reason: 'used' };
        if (row.status === 'revoked') return { ok: false, reason: 'revoked' };
        if (row.expires_at <= now) return { ok: false, reason: 'expired' };
        await tx.query(
          "UPDATE feedback_requests SET status = 'used', used_at = $3, submission_key_hash = $4, version = version + 1 WHERE tenant = $1 AND id = $2 AND status = 'open'",
          [tenant, requestId, row.linked ? now : null, submissionKeyHash],
        );
        const plan = response.plan;
        await tx.query(
          `INSERT INTO feedback_responses (tenant, ${RESPONSE_COLUMNS}, phase, primary_need, setting_type, team_ref)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb, $11, $12, $13, $14, $15)`,
          [tenant, response.id, response.cycleId, response.respondentType, response.questionnaireId, response.questionnaireVersion, response.linked,
            response.planRef, plan ? JSON.stringify(plan) : null, JSON.stringify(response.answers), response.submittedOn,
            plan?.phase ?? null, plan?.primaryNeed ?? null, plan?.settingType ?? null, plan?.teamRef ?? null],
        );
        return { ok: true, replay: false, response: structuredClone(response) };
      });
    },
    async listFeedbackRequests(tenant, filter) {
      const { where, params } = filterSql(tenant, filter, 'feedback_requests');
      const rows = await db.transaction(tenant, (tx) => tx.all<RequestRow>(`SELECT ${REQUEST_COLUMNS} FROM feedback_requests WHERE ${where} ORDER BY created_at, id`, params), read);
      return rows.map(toRequest);
    },
    async listFeedbackResponses(tenant, filter) {
      const { where, params } = filterSql(tenant, filter, 'feedback_responses');
      const rows = await db.transaction(tenant, (tx) => tx.all<ResponseRow>(`SELECT ${RESPONSE_COLUMNS} FROM feedback_responses WHERE ${where} ORDER BY submitted_on, id`, params), read);
      return rows.map(toResponse);
    },
    async eraseFeedbackOfPlan(tenant, planRef) {
      return db.transaction(tenant, async (tx) => {
        const responses = await tx.query('DELETE FROM feedback_responses WHERE tenant = $1 AND plan_ref = $2', [tenant, planRef]);
        const requests = await tx.query('DELETE FROM feedback_requests WHERE tenant = $1 AND plan_ref = $2', [tenant, planRef]);
        return { requests: requests.rowCount, responses: responses.rowCount };
      });
    },
  };
}

export const feedbackPostgres: PostgresFeature = {
  name: 'feedback',
  migrations: [{ id: 600, name: 'feedback: requests (token hashes) and responses; the token lookup across tenants', up: feedbackMigration }],
  capabilities: (db) => feedbackCapabilities(db),
};
