/**
 * Registered plans in their own SQLite table (migration 800), so registering an
 * LA's plans is one transaction and listing them one indexed query. The answers
 * equal the record-store fallback in store.ts (the conformance suite runs both).
 */
import type { SqliteFeature } from '../storage/sqlite/features.js';
import type { PlanRegistration, RegisteredPlan } from './schemas.js';
import { normalisePlan, samePlanFacts } from './store.js';
import { PLAN_COLUMNS as COLUMNS, planFromRow as fromRow, type PlanRow } from './rows.js';


export const planningSqlite: SqliteFeature = {
  name: 'planning',
  migrations: [
    {
      id: 800,
      name: 'planning: registered plans (references and sampling facts only, never names)',
      up: `
        CREATE TABLE registered_plans (
          tenant          TEXT NOT NULL,
          plan_ref        TEXT NOT NULL,
          status          TEXT NOT NULL,
          plan_type       TEXT NOT NULL,
          request_date    TEXT,
          issue_date      TEXT,
          phase           TEXT NOT NULL,
          primary_need    TEXT NOT NULL,
          setting_type    TEXT NOT NULL,
          team_ref        TEXT,
          caseworker_ref  TEXT,
          registered_at   TEXT NOT NULL,
          updated_at      TEXT NOT NULL,
          PRIMARY KEY (tenant, plan_ref)
        );
      `,
    },
  ],
  capabilities: (db) => ({
    async registerPlans(tenant: string, plans: readonly PlanRegistration[], now: string) {
      return db.transaction(async (tx) => {
        let created = 0, updated = 0, unchanged = 0;
        for (const p of plans) {
          const row = await tx.get<PlanRow>(`SELECT ${COLUMNS} FROM registered_plans WHERE tenant = ? AND plan_ref = ?`, [tenant, p.planRef]);
          const next = normalisePlan(p, row?.registered_at ?? now, now);
          if (row && samePlanFacts(fromRow(row), next)) { unchanged += 1; continue; }
          await tx.run(
            `INSERT INTO registered_plans (tenant, ${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (tenant, plan_ref) DO UPDATE SET status = excluded.status, plan_type = excluded.plan_type,
               request_date = excluded.request_date, issue_date = excluded.issue_date, phase = excluded.phase,
               primary_need = excluded.primary_need, setting_type = excluded.setting_type, team_ref = excluded.team_ref,
               caseworker_ref = excluded.caseworker_ref, updated_at = excluded.updated_at`,
            [tenant, next.planRef, next.status, next.planType, next.requestDate, next.issueDate, next.phase, next.primaryNeed,
              next.settingType, next.teamRef, next.caseworkerRef, next.registeredAt, next.updatedAt],
          );
          if (row) updated += 1; else created += 1;
        }
        return { created, updated, unchanged };
      });
    },
    async listRegisteredPlans(tenant: string, planRefs?: readonly string[]) {
      if (!planRefs) {
        return (await db.all<PlanRow>(`SELECT ${COLUMNS} FROM registered_plans WHERE tenant = ? ORDER BY plan_ref`, [tenant])).map(fromRow);
      }
      const refs = [...new Set(planRefs)];
      const out: RegisteredPlan[] = [];
      // SQLite limits bound parameters per statement; ask in chunks.
      for (let i = 0; i < refs.length; i += 500) {
        const chunk = refs.slice(i, i + 500);
        const rows = await db.all<PlanRow>(
          `SELECT ${COLUMNS} FROM registered_plans WHERE tenant = ? AND plan_ref IN (${chunk.map(() => '?').join(', ')})`,
          [tenant, ...chunk],
        );
        out.push(...rows.map(fromRow));
      }
      return out.sort((a, b) => (a.planRef < b.planRef ? -1 : a.planRef > b.planRef ? 1 : 0));
    },
  }),
};
