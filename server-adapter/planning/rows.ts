/**
 * The `registered_plans` table's columns and how a row becomes a {@link RegisteredPlan}: the same
 * in the SQLite and PostgreSQL tables (planning/sqlite.ts, planning/postgres.ts).
 */
import type { RegisteredPlan } from './schemas.js';

export interface PlanRow {
  plan_ref: string; status: string; plan_type: string; request_date: string | null; issue_date: string | null;
  phase: string; primary_need: string; setting_type: string; team_ref: string | null; caseworker_ref: string | null;
  registered_at: string; updated_at: string;
}

/** Every column but `tenant`, in the order of {@link PlanRow}. */
export const PLAN_COLUMNS = 'plan_ref, status, plan_type, request_date, issue_date, phase, primary_need, setting_type, team_ref, caseworker_ref, registered_at, updated_at';

export function planFromRow(r: PlanRow): RegisteredPlan {
  return {
    planRef: r.plan_ref,
    status: r.status as RegisteredPlan['status'],
    planType: r.plan_type as RegisteredPlan['planType'],
    requestDate: r.request_date,
    issueDate: r.issue_date,
    phase: r.phase as RegisteredPlan['phase'],
    primaryNeed: r.primary_need as RegisteredPlan['primaryNeed'],
    settingType: r.setting_type as RegisteredPlan['settingType'],
    teamRef: r.team_ref,
    caseworkerRef: r.caseworker_ref,
    registeredAt: r.registered_at,
    updatedAt: r.updated_at,
  };
}
