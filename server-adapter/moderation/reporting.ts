/**
 * How moderation changes reports: once a pair is resolved, the agreed grades are
 * the plan's result (in place of the first audit's grades), and a second audit is
 * never counted as a plan of its own. Reports also say how many plans were moderated.
 *
 * The reports routes call {@link loadModerationOverlay} once per request and
 * {@link applyModerationToRows} on the rows they aggregate.
 */
import { overallGrade } from '../../criteria/grading.js';
import type { Framework } from '../../criteria/schema.js';
import type { AuditReportRow, QaStorage } from '../storage/types.js';
import { listModerationRecords } from './records.js';

export interface ModerationOverlay {
  /** Ids of second audits: left out of reports. */
  secondAuditIds: ReadonlySet<string>;
  /** First audit id → agreed grade per section, for resolved pairs. */
  agreedByFirstAudit: ReadonlyMap<string, Readonly<Record<string, string>>>;
  /** First audits in a moderation not yet resolved. */
  unresolvedFirstAuditIds: ReadonlySet<string>;
}

/** Reads every moderation record of the tenant into an overlay for reports. */
export async function loadModerationOverlay(storage: QaStorage, tenant: string): Promise<ModerationOverlay> {
  const secondAuditIds = new Set<string>();
  const agreedByFirstAudit = new Map<string, Record<string, string>>();
  const unresolved = new Set<string>();
  for (const { data } of await listModerationRecords(storage, tenant)) {
    secondAuditIds.add(data.secondAuditId);
    if (data.agreed) agreedByFirstAudit.set(data.firstAuditId, Object.fromEntries(Object.entries(data.agreed).map(([id, a]) => [id, a.grade])));
    else unresolved.add(data.firstAuditId);
  }
  for (const id of agreedByFirstAudit.keys()) unresolved.delete(id);
  return { secondAuditIds, agreedByFirstAudit, unresolvedFirstAuditIds: unresolved };
}

export interface ModeratedRows {
  rows: AuditReportRow[];
  /** Plans in these rows whose result is an agreed (moderated) grade. */
  moderatedPlans: number;
  /** Plans in these rows with a moderation under way (second audit or resolution pending). */
  plansInModeration: number;
}

/**
 * Report rows with moderation applied: second audits removed; for a resolved pair
 * the first audit's section grades replaced by the agreed grades and its overall
 * grade recomputed with the framework's rule. Rows are not mutated.
 *
 * @example
 * const overlay = await loadModerationOverlay(storage, tenant);
 * const { rows, moderatedPlans } = applyModerationToRows(await storage.listAuditsForReport(tenant, filter), overlay, (id, v) => catalog.get(id, v));
 */
export function applyModerationToRows(
  rows: readonly AuditReportRow[],
  overlay: ModerationOverlay,
  frameworkOf: (frameworkId: string, version: string) => Framework | undefined,
): ModeratedRows {
  let moderatedPlans = 0;
  let plansInModeration = 0;
  const out: AuditReportRow[] = [];
  for (const row of rows) {
    if (overlay.secondAuditIds.has(row.id)) continue;
    const agreed = overlay.agreedByFirstAudit.get(row.id);
    if (overlay.unresolvedFirstAuditIds.has(row.id)) plansInModeration++;
    if (!agreed) {
      out.push(row);
      continue;
    }
    moderatedPlans++;
    const sectionGrades = { ...row.sectionGrades, ...agreed };
    const framework = frameworkOf(row.frameworkId, row.frameworkVersion);
    const overall = framework && row.status === 'completed' ? overallGrade(framework, sectionGrades).grade : row.overallGrade;
    out.push({ ...row, sectionGrades, overallGrade: overall });
  }
  return { rows: out, moderatedPlans, plansInModeration };
}
