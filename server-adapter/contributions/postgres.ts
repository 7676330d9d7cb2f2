/**
 * Advice contributors and "weakened by the advice" markings in their own PostgreSQL
 * tables (migration 700): the twin of contributions/sqlite.ts. Every read and write
 * runs in `db.transaction(tenant, …)`, so row-level security holds each to one LA;
 * the SQL names the tenant too, for the indexes. Answers equal the record-store
 * fallback in store.ts (the conformance suite runs both).
 */
import type { PostgresFeature } from '../storage/postgres/features.js';
import { tenantRowSecurity } from '../storage/postgres/migrations.js';
import { DuplicateIdError } from '../storage/types.js';
import type { AdviceContributor, SectionWeakening } from './store.js';

interface ContributorRow { audit_id: string; plan_ref: string; service_ref: string; team_ref: string | null; created_at: string }
interface WeakeningRow {
  plan_audit_id: string; section_id: string; advice_audit_id: string; plan_ref: string; service_ref: string; team_ref: string | null; marked_by: string; marked_at: string;
}

const toContributor = (r: ContributorRow): AdviceContributor => ({
  auditId: r.audit_id, planRef: r.plan_ref, serviceRef: r.service_ref, teamRef: r.team_ref, createdAt: r.created_at,
});
const toWeakening = (r: WeakeningRow): SectionWeakening => ({
  planAuditId: r.plan_audit_id, sectionId: r.section_id, adviceAuditId: r.advice_audit_id, planRef: r.plan_ref,
  serviceRef: r.service_ref, teamRef: r.team_ref, markedBy: r.marked_by, markedAt: r.marked_at,
});

const C = 'COLLATE "C"';
const CONTRIBUTOR_COLUMNS = 'audit_id, plan_ref, service_ref, team_ref, created_at';
const WEAKENING_COLUMNS = 'plan_audit_id, section_id, advice_audit_id, plan_ref, service_ref, team_ref, marked_by, marked_at';

export const contributionsPostgres: PostgresFeature = {
  name: 'contributions',
  migrations: [
    {
      id: 700,
      name: 'contributions: the service and team behind each advice audit; plan-audit sections weakened by the advice',
      up: `
        CREATE TABLE advice_contributors (
          tenant      text ${C} NOT NULL,
          audit_id    text ${C} NOT NULL,
          plan_ref    text ${C} NOT NULL,
          service_ref text ${C} NOT NULL,
          team_ref    text ${C},
          created_at  text ${C} NOT NULL,
          PRIMARY KEY (tenant, audit_id),
          FOREIGN KEY (tenant, audit_id) REFERENCES audits (tenant, id) ON DELETE CASCADE
        );
        CREATE INDEX advice_contributors_by_service ON advice_contributors (tenant, service_ref, team_ref);
        CREATE INDEX advice_contributors_by_plan ON advice_contributors (tenant, plan_ref);
        ${tenantRowSecurity('advice_contributors')}
        CREATE TABLE section_weakenings (
          tenant          text ${C} NOT NULL,
          plan_audit_id   text ${C} NOT NULL,
          section_id      text ${C} NOT NULL,
          advice_audit_id text ${C} NOT NULL,
          plan_ref        text ${C} NOT NULL,
          service_ref     text ${C} NOT NULL,
          team_ref        text ${C},
          marked_by       text ${C} NOT NULL,
          marked_at       text ${C} NOT NULL,
          PRIMARY KEY (tenant, plan_audit_id, section_id, advice_audit_id),
          FOREIGN KEY (tenant, plan_audit_id) REFERENCES audits (tenant, id) ON DELETE CASCADE,
          FOREIGN KEY (tenant, advice_audit_id) REFERENCES audits (tenant, id) ON DELETE CASCADE
        );
        CREATE INDEX section_weakenings_by_service ON section_weakenings (tenant, service_ref);
        CREATE INDEX section_weakenings_by_advice ON section_weakenings (tenant, advice_audit_id);
        ${tenantRowSecurity('section_weakenings')}
      `,
    },
  ],
  capabilities: (db) => ({
    async putAdviceContributor(tenant, c) {
      try {
        await db.transaction(tenant, (tx) => tx.query(
          `INSERT INTO advice_contributors (tenant, ${CONTRIBUTOR_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)`,
          [tenant, c.auditId, c.planRef, c.serviceRef, c.teamRef, c.createdAt],
        ));
      } catch (error) {
        if ((error as { code?: string }).code === '23505') throw new DuplicateIdError('advice contributor', c.auditId);
        throw error;
      }
    },
    async getAdviceContributors(tenant, auditIds) {
      const ids = [...new Set(auditIds)];
      if (!ids.length) return [];
      const rows = await db.transaction(tenant, (tx) => tx.all<ContributorRow>(
        `SELECT ${CONTRIBUTOR_COLUMNS} FROM advice_contributors WHERE tenant = $1 AND audit_id = ANY($2::text[])`, [tenant, ids]), { readOnly: true });
      const found = new Map(rows.map((r) => [r.audit_id, toContributor(r)]));
      return ids.flatMap((id) => found.get(id) ?? []);
    },
    async listAdviceContributors(tenant, filter) {
      const where = ['tenant = $1'];
      const params: string[] = [tenant];
      const eq = (column: string, value: string | undefined) => {
        if (value === undefined) return;
        params.push(value);
        where.push(`${column} = $${params.length}`);
      };
      eq('service_ref', filter.serviceRef);
      eq('team_ref', filter.teamRef);
      eq('plan_ref', filter.planRef);
      const rows = await db.transaction(tenant, (tx) => tx.all<ContributorRow>(
        `SELECT ${CONTRIBUTOR_COLUMNS} FROM advice_contributors WHERE ${where.join(' AND ')} ORDER BY created_at, audit_id`, params), { readOnly: true });
      return rows.map(toContributor);
    },
    async replaceSectionWeakenings(tenant, planAuditId, sectionId, items) {
      await db.transaction(tenant, async (tx) => {
        await tx.query('DELETE FROM section_weakenings WHERE tenant = $1 AND plan_audit_id = $2 AND section_id = $3', [tenant, planAuditId, sectionId]);
        if (!items.length) return;
        const params: (string | null)[] = [tenant, planAuditId, sectionId];
        const tuples = items.map((w) => {
          params.push(w.adviceAuditId, w.planRef, w.serviceRef, w.teamRef, w.markedBy, w.markedAt);
          const n = params.length;
          return `($1, $2, $3, $${n - 5}, $${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n})`;
        });
        await tx.query(`INSERT INTO section_weakenings (tenant, ${WEAKENING_COLUMNS}) VALUES ${tuples.join(', ')}`, params);
      });
    },
    async listSectionWeakenings(tenant, filter) {
      const where = ['tenant = $1'];
      const params: string[] = [tenant];
      const eq = (column: string, value: string | undefined) => {
        if (value === undefined) return;
        params.push(value);
        where.push(`${column} = $${params.length}`);
      };
      eq('plan_audit_id', filter.planAuditId);
      eq('service_ref', filter.serviceRef);
      eq('plan_ref', filter.planRef);
      const rows = await db.transaction(tenant, (tx) => tx.all<WeakeningRow>(
        `SELECT ${WEAKENING_COLUMNS} FROM section_weakenings WHERE ${where.join(' AND ')} ORDER BY plan_audit_id, section_id, advice_audit_id`, params), { readOnly: true });
      return rows.map(toWeakening);
    },
  }),
};
