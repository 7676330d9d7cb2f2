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
import { aggregateRows, countCriteria, type CriteriaCounts, type ReportAggregates } from '../reports/aggregate.js';
import { toItem } from '../reports/capabilities.js';
import { median } from '../reports/stats.js';
import { matchesReportFilter, toReportRow, type AuditReportRow, type QaStorage, type ReportFilter } from '../storage/types.js';
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
    secondAuditIds.add(data.secondAuditId); // a cancelled pair's second audit is still not a plan of its own
    if (data.cancelledAt) continue;
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

/**
 * The same correction for reports whose counts come from the database (push-down):
 * the report rows of the audits moderation touches (second audits to take out;
 * first audits of resolved pairs to take out and put back with the agreed grades),
 * among the audits matching `filter`. Only moderated audits are read, so the cost
 * grows with the moderation sample, not with the number of audits.
 */
export interface ModerationCorrections {
  remove: AuditReportRow[];
  add: AuditReportRow[];
  moderatedPlans: number;
  plansInModeration: number;
}

export async function moderationCorrections(
  storage: QaStorage,
  tenant: string,
  filter: ReportFilter,
  frameworkOf: (frameworkId: string, version: string) => Framework | undefined = () => undefined,
): Promise<ModerationCorrections> {
  const out: ModerationCorrections = { remove: [], add: [], moderatedPlans: 0, plansInModeration: 0 };
  const seen = new Set<string>();
  // Counted by plan (its first audit), not by pair: a first audit with two open pairs is one plan in moderation.
  const inModeration = new Set<string>();
  // Both audits of a pair share the cycle, so a cycle filter narrows the records to read.
  for (const { data } of await listModerationRecords(storage, tenant, filter.cycleId !== undefined ? { cycleId: filter.cycleId } : {})) {
    const second = await storage.getAudit(tenant, data.secondAuditId);
    if (second && !seen.has(second.id)) {
      seen.add(second.id);
      const row = toReportRow(second);
      if (matchesReportFilter(row, filter)) out.remove.push(row);
    }
    if (seen.has(data.firstAuditId) || data.cancelledAt) continue;
    const first = await storage.getAudit(tenant, data.firstAuditId);
    if (!first) continue;
    const row = toReportRow(first);
    if (!matchesReportFilter(row, filter)) continue;
    const overlay: ModerationOverlay = {
      secondAuditIds: new Set(),
      agreedByFirstAudit: new Map(data.agreed ? [[first.id, Object.fromEntries(Object.entries(data.agreed).map(([id, a]) => [id, a.grade]))]] : []),
      unresolvedFirstAuditIds: new Set(data.agreed ? [] : [first.id]),
    };
    if (!data.agreed) {
      inModeration.add(first.id);
      continue; // a later, resolved moderation of the same audit may still correct it
    }
    seen.add(first.id);
    inModeration.delete(first.id);
    const applied = applyModerationToRows([row], overlay, frameworkOf);
    const corrected = applied.rows[0]!;
    out.remove.push(row);
    out.add.push(data.agreedOverall !== undefined && row.status === 'completed' ? { ...corrected, overallGrade: data.agreedOverall } : corrected);
    out.moderatedPlans++;
  }
  out.plansInModeration = inModeration.size;
  return out;
}

/**
 * Grade counts with moderation applied: `aggregates` (from SQL or from rows) minus
 * the removed rows plus the added ones. The median active time is left as it is,
 * since a median cannot be corrected by subtraction: {@link withModeration} works
 * it out again without the second audits.
 */
export function correctAggregates(aggregates: ReportAggregates, corrections: Pick<ModerationCorrections, 'remove' | 'add'>): ReportAggregates {
  const result: ReportAggregates = {
    audits: aggregates.audits,
    overall: { ...aggregates.overall },
    sections: Object.fromEntries(Object.entries(aggregates.sections).map(([id, counts]) => [id, { ...counts }])),
    medianActiveSeconds: aggregates.medianActiveSeconds,
  };
  const apply = (rows: readonly AuditReportRow[], sign: 1 | -1) => {
    const part = aggregateRows(rows);
    result.audits += sign * part.audits;
    for (const [grade, n] of Object.entries(part.overall)) result.overall[grade] = (result.overall[grade] ?? 0) + sign * n;
    for (const [sectionId, counts] of Object.entries(part.sections)) {
      const target = (result.sections[sectionId] ??= {});
      for (const [grade, n] of Object.entries(counts)) target[grade] = (target[grade] ?? 0) + sign * n;
    }
  };
  apply(corrections.remove, -1);
  apply(corrections.add, 1);
  for (const counts of [result.overall, ...Object.values(result.sections)]) {
    for (const [grade, n] of Object.entries(counts)) if (n === 0) delete counts[grade];
  }
  return result;
}

/** Criteria counts with moderation applied, the same way as {@link correctAggregates}. */
export function correctCriteriaCounts(counts: CriteriaCounts, corrections: Pick<ModerationCorrections, 'remove' | 'add'>): CriteriaCounts {
  const result: CriteriaCounts = { sections: Object.fromEntries(Object.entries(counts.sections).map(([id, s]) => [id, { assessed: s.assessed, met: { ...s.met } }])) };
  const apply = (rows: readonly AuditReportRow[], sign: 1 | -1) => {
    for (const [sectionId, part] of Object.entries(countCriteria(rows).sections)) {
      const target = (result.sections[sectionId] ??= { assessed: 0, met: {} });
      target.assessed += sign * part.assessed;
      for (const [id, n] of Object.entries(part.met)) target.met[id] = (target.met[id] ?? 0) + sign * n;
    }
  };
  apply(corrections.remove, -1);
  apply(corrections.add, 1);
  return result;
}

/** Ids of the rows the corrections take out and do not put back: the second audits. */
function secondAuditIdsOf(corrections: Pick<ModerationCorrections, 'remove' | 'add'>): string[] {
  const replaced = new Set(corrections.add.map((r) => r.id));
  return corrections.remove.filter((r) => !replaced.has(r.id)).map((r) => r.id);
}

/** Report rows with corrections applied: removed rows dropped, corrected ones in their place. */
export function applyCorrectionsToRows<T extends { id: string }>(rows: readonly T[], corrections: ModerationCorrections, toItem: (row: AuditReportRow) => T): T[] {
  const removed = new Set(corrections.remove.map((r) => r.id));
  const added = new Map(corrections.add.map((r) => [r.id, r]));
  return rows.flatMap((row) => {
    const replacement = added.get(row.id);
    if (replacement) return [toItem(replacement)];
    return removed.has(row.id) ? [] : [row];
  });
}

/**
 * Wraps a storage so that every report question it answers has moderation applied:
 * `listAuditsForReport`, and the optional push-down capabilities (`reportAggregates`,
 * `reportCriteriaCounts`, `reportAuditPage`, `reportMedianActiveSeconds`, `summarizeAudits`) when the backend has
 * them. Everything else passes straight through. `createQaApp` wraps its storage
 * with it, so reports, exports and benchmark contributions all use agreed grades
 * and never count a second audit as a plan.
 *
 * A report page from `reportAuditPage` may hold fewer items than asked for when a
 * second audit falls in it; the cursor still leads to the next page.
 *
 * @example
 * const storage = withModeration(await createSqliteStorage({ filename: 'qa.sqlite' }));
 */
export function withModeration<S extends QaStorage>(storage: S): S {
  const corrections = (tenant: string, filter: ReportFilter) => moderationCorrections(storage, tenant, filter);
  const wrapped: Partial<QaStorage> = {
    listAuditsForReport: async (tenant, filter) =>
      applyCorrectionsToRows(await storage.listAuditsForReport(tenant, filter), await corrections(tenant, filter), (row) => row),
  };
  if (storage.reportAggregates) {
    const base = storage.reportAggregates.bind(storage);
    wrapped.reportAggregates = async (tenant, filter) => {
      const fix = await corrections(tenant, filter);
      const result = correctAggregates(await base(tenant, filter), fix);
      // The median time counts each plan once, with its first audit's time: second audits
      // (removed and not put back) are left out, as the row path leaves them out.
      const seconds = secondAuditIdsOf(fix);
      if (seconds.length === 0) return result;
      result.medianActiveSeconds = storage.reportMedianActiveSeconds
        ? await storage.reportMedianActiveSeconds(tenant, filter, seconds)
        : median((await wrapped.listAuditsForReport!(tenant, filter)).map((r) => r.activeSeconds));
      return result;
    };
  }
  if (storage.reportMedianActiveSeconds) {
    const base = storage.reportMedianActiveSeconds.bind(storage);
    wrapped.reportMedianActiveSeconds = async (tenant, filter, exclude) => base(tenant, filter, [...exclude, ...secondAuditIdsOf(await corrections(tenant, filter))]);
  }
  if (storage.reportCriteriaCounts) {
    const base = storage.reportCriteriaCounts.bind(storage);
    wrapped.reportCriteriaCounts = async (tenant, filter) => correctCriteriaCounts(await base(tenant, filter), await corrections(tenant, filter));
  }
  if (storage.reportAuditPage) {
    const base = storage.reportAuditPage.bind(storage);
    wrapped.reportAuditPage = async (tenant, filter, page) => {
      const result = await base(tenant, filter, page);
      return { ...result, items: applyCorrectionsToRows(result.items, await corrections(tenant, filter), toItem) };
    };
  }
  if (storage.summarizeAudits) {
    const base = storage.summarizeAudits.bind(storage);
    wrapped.summarizeAudits = async (tenant, filter) => {
      const { medianActiveSeconds: _median, ...summary } = correctAggregates({ ...(await base(tenant, filter)), medianActiveSeconds: null }, await corrections(tenant, filter));
      return summary;
    };
  }
  // Each method bound once, not on every call: kept with the function it was bound from, so a method the storage
  // replaces is bound again.
  const bound = new Map<PropertyKey, { from: unknown; fn: unknown }>();
  return new Proxy(storage, {
    get(target, property) {
      if (Object.prototype.hasOwnProperty.call(wrapped, property)) return wrapped[property as keyof QaStorage];
      const value: unknown = Reflect.get(target, property);
      if (typeof value !== 'function') return value;
      const kept = bound.get(property);
      if (kept?.from === value) return kept.fn;
      const fn = (value as (...args: unknown[]) => unknown).bind(target);
      bound.set(property, { from: value, fn });
      return fn;
    },
  });
}
