/**
 * Advice contributors and "weakened by the advice" markings in their own SQLite
 * tables (migrations 700–799), so a service's report is a query on an index and not
 * a scan of the record store. Each answer equals what the record-store fallback in
 * `store.ts` gives; the conformance suite runs both.
 */
import type { SqliteFeature } from '../storage/sqlite/features.js';
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

export const contributionsSqlite: SqliteFeature = {
  name: 'contributions',
  migrations: [
    {
      id: 700,
      name: 'contributions: the service and team behind each advice audit; plan-audit sections weakened by the advice',
      up: `
        CREATE TABLE advice_contributors (
          tenant      TEXT NOT NULL,
          audit_id    TEXT NOT NULL,
          plan_ref    TEXT NOT NULL,
          service_ref TEXT NOT NULL,
          team_ref    TEXT,
          created_at  TEXT NOT NULL,
          PRIMARY KEY (tenant, audit_id),
          FOREIGN KEY (tenant, audit_id) REFERENCES audits (tenant, id) ON DELETE CASCADE
        );
        CREATE INDEX advice_contributors_by_service ON advice_contributors (tenant, service_ref, team_ref);
        CREATE INDEX advice_contributors_by_plan ON advice_contributors (tenant, plan_ref);
        CREATE TABLE section_weakenings (
          tenant          TEXT NOT NULL,
          plan_audit_id   TEXT NOT NULL,
          section_id      TEXT NOT NULL,
          advice_audit_id TEXT NOT NULL,
          plan_ref        TEXT NOT NULL,
          service_ref     TEXT NOT NULL,
          team_ref        TEXT,
          marked_by       TEXT NOT NULL,
          marked_at       TEXT NOT NULL,
          PRIMARY KEY (tenant, plan_audit_id, section_id, advice_audit_id),
          FOREIGN KEY (tenant, plan_audit_id) REFERENCES audits (tenant, id) ON DELETE CASCADE,
          FOREIGN KEY (tenant, advice_audit_id) REFERENCES audits (tenant, id) ON DELETE CASCADE
        );
        CREATE INDEX section_weakenings_by_service ON section_weakenings (tenant, service_ref);
      `,
    },
  ],
  capabilities: (db) => ({
    async putAdviceContributor(tenant, c) {
      await db.transaction(async (tx) => {
        const exists = await tx.get('SELECT 1 AS found FROM advice_contributors WHERE tenant = ? AND audit_id = ?', [tenant, c.auditId]);
        if (exists) throw new DuplicateIdError('advice contributor', c.auditId);
        await tx.run(
          'INSERT INTO advice_contributors (tenant, audit_id, plan_ref, service_ref, team_ref, created_at) VALUES (?, ?, ?, ?, ?, ?)',
          [tenant, c.auditId, c.planRef, c.serviceRef, c.teamRef, c.createdAt],
        );
      });
    },
    async getAdviceContributors(tenant, auditIds) {
      const ids = [...new Set(auditIds)];
      const found = new Map<string, AdviceContributor>();
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = ids.slice(i, i + 500);
        const rows = await db.all<ContributorRow>(
          `SELECT audit_id, plan_ref, service_ref, team_ref, created_at FROM advice_contributors WHERE tenant = ? AND audit_id IN (${chunk.map(() => '?').join(', ')})`,
          [tenant, ...chunk],
        );
        for (const row of rows) found.set(row.audit_id, toContributor(row));
      }
      return ids.flatMap((id) => found.get(id) ?? []);
    },
    async listAdviceContributors(tenant, filter) {
      const where = ['tenant = ?'];
      const params: string[] = [tenant];
      if (filter.serviceRef !== undefined) { where.push('service_ref = ?'); params.push(filter.serviceRef); }
      if (filter.teamRef !== undefined) { where.push('team_ref = ?'); params.push(filter.teamRef); }
      if (filter.planRef !== undefined) { where.push('plan_ref = ?'); params.push(filter.planRef); }
      const rows = await db.all<ContributorRow>(
        `SELECT audit_id, plan_ref, service_ref, team_ref, created_at FROM advice_contributors WHERE ${where.join(' AND ')} ORDER BY created_at, audit_id`,
        params,
      );
      return rows.map(toContributor);
    },
    async replaceSectionWeakenings(tenant, planAuditId, sectionId, items) {
      await db.transaction(async (tx) => {
        await tx.run('DELETE FROM section_weakenings WHERE tenant = ? AND plan_audit_id = ? AND section_id = ?', [tenant, planAuditId, sectionId]);
        for (const w of items) {
          await tx.run(
            `INSERT INTO section_weakenings (tenant, plan_audit_id, section_id, advice_audit_id, plan_ref, service_ref, team_ref, marked_by, marked_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            [tenant, planAuditId, sectionId, w.adviceAuditId, w.planRef, w.serviceRef, w.teamRef, w.markedBy, w.markedAt],
          );
        }
      });
    },
    async listSectionWeakenings(tenant, filter) {
      const where = ['tenant = ?'];
      const params: string[] = [tenant];
      if (filter.planAuditId !== undefined) { where.push('plan_audit_id = ?'); params.push(filter.planAuditId); }
      if (filter.serviceRef !== undefined) { where.push('service_ref = ?'); params.push(filter.serviceRef); }
      if (filter.planRef !== undefined) { where.push('plan_ref = ?'); params.push(filter.planRef); }
      const rows = await db.all<WeakeningRow>(
        `SELECT plan_audit_id, section_id, advice_audit_id, plan_ref, service_ref, team_ref, marked_by, marked_at
           FROM section_weakenings WHERE ${where.join(' AND ')} ORDER BY plan_audit_id, section_id, advice_audit_id`,
        params,
      );
      return rows.map(toWeakening);
    },
  }),
};
