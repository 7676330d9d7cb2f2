/**
 * Registered plans in their own PostgreSQL table (migration 800): the twin of
 * planning/sqlite.ts. Registering an LA's plans is one transaction in the LA's
 * tenant (row-level security), reading the existing rows in one query and writing
 * the new and changed ones in one INSERT … ON CONFLICT; listing them is one indexed
 * query. The answers equal the record-store fallback in store.ts (the conformance
 * suite runs both).
 */
import type { PostgresFeature } from '../storage/postgres/features.js';
import { tenantRowSecurity } from '../storage/postgres/migrations.js';
import type { PlanRegistration, RegisteredPlan } from './schemas.js';
import { normalisePlan, samePlanFacts } from './store.js';
import { PLAN_COLUMNS as COLUMNS, planFromRow as fromRow, type PlanRow } from './rows.js';

const C = 'COLLATE "C"';
/** Rows per INSERT (12 parameters each, well under PostgreSQL's 65,535). */
const ROWS_PER_STATEMENT = 1000;

export const planningPostgres: PostgresFeature = {
  name: 'planning',
  migrations: [
    {
      id: 800,
      name: 'planning: registered plans (references and sampling facts only, never names)',
      up: `
        CREATE TABLE registered_plans (
          tenant          text ${C} NOT NULL CHECK (tenant <> ''),
          plan_ref        text ${C} NOT NULL,
          status          text ${C} NOT NULL,
          plan_type       text ${C} NOT NULL,
          request_date    text ${C},
          issue_date      text ${C},
          phase           text ${C} NOT NULL,
          primary_need    text ${C} NOT NULL,
          setting_type    text ${C} NOT NULL,
          team_ref        text ${C},
          caseworker_ref  text ${C},
          registered_at   text ${C} NOT NULL,
          updated_at      text ${C} NOT NULL,
          PRIMARY KEY (tenant, plan_ref)
        );
        ${tenantRowSecurity('registered_plans')}
      `,
    },
  ],
  capabilities: (db) => ({
    async registerPlans(tenant: string, plans: readonly PlanRegistration[], now: string) {
      return db.transaction(tenant, async (tx) => {
        const refs = [...new Set(plans.map((p) => p.planRef))];
        // Locked, so two registrations of the same plans (from two processes) count each change once.
        const existing = new Map(
          (await tx.all<PlanRow>(`SELECT ${COLUMNS} FROM registered_plans WHERE tenant = $1 AND plan_ref = ANY($2::text[]) FOR UPDATE`, [tenant, refs]))
            .map((r) => [r.plan_ref, fromRow(r)]),
        );
        let created = 0, updated = 0, unchanged = 0;
        const writes = new Map<string, RegisteredPlan>();
        for (const p of plans) {
          const before = writes.get(p.planRef) ?? existing.get(p.planRef);
          const next = normalisePlan(p, before?.registeredAt ?? now, now);
          if (before && samePlanFacts(before, next)) { unchanged += 1; continue; }
          if (before) updated += 1; else created += 1;
          writes.set(p.planRef, next);
        }
        const rows = [...writes.values()];
        for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
          const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
          const params: (string | null)[] = [tenant];
          const tuples = chunk.map((n) => {
            params.push(n.planRef, n.status, n.planType, n.requestDate, n.issueDate, n.phase, n.primaryNeed, n.settingType, n.teamRef, n.caseworkerRef, n.registeredAt, n.updatedAt);
            const base = params.length - 12;
            return `($1, ${Array.from({ length: 12 }, (_, k) => `$${base + k + 1}`).join(', ')})`;
          });
          await tx.query(
            `INSERT INTO registered_plans (tenant, ${COLUMNS}) VALUES ${tuples.join(', ')}
             ON CONFLICT (tenant, plan_ref) DO UPDATE SET status = EXCLUDED.status, plan_type = EXCLUDED.plan_type,
               request_date = EXCLUDED.request_date, issue_date = EXCLUDED.issue_date, phase = EXCLUDED.phase,
               primary_need = EXCLUDED.primary_need, setting_type = EXCLUDED.setting_type, team_ref = EXCLUDED.team_ref,
               caseworker_ref = EXCLUDED.caseworker_ref, updated_at = EXCLUDED.updated_at`,
            params,
          );
        }
        return { created, updated, unchanged };
      });
    },
    async listRegisteredPlans(tenant: string, planRefs?: readonly string[]) {
      const rows = await db.transaction(tenant, (tx) => planRefs
        ? tx.all<PlanRow>(`SELECT ${COLUMNS} FROM registered_plans WHERE tenant = $1 AND plan_ref = ANY($2::text[]) ORDER BY plan_ref`, [tenant, [...new Set(planRefs)]])
        : tx.all<PlanRow>(`SELECT ${COLUMNS} FROM registered_plans WHERE tenant = $1 ORDER BY plan_ref`, [tenant]), { readOnly: true });
      return rows.map(fromRow);
    },
  }),
};
