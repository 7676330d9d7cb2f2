/**
 * Importing an LA's past audits from a spreadsheet (CSV), so its first report in the
 * package shows its history. The upload says which column holds what and how the
 * LA's own grade words ("Gold", "RI", "Amber") map to a framework's grades. Every
 * row is checked before anything is written, and the problems are named by row (as
 * a spreadsheet numbers it: the header is row 1) and column.
 *
 * An imported audit is completed, has no criteria ticked, is by the auditor
 * `imported`, and says so in its overall explanation. Its id comes from the plan,
 * date, framework and auditor role, so importing the same file again changes nothing.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { NOT_APPLICABLE, type Framework } from '../../criteria/schema.js';
import type { FieldError } from '../problem.js';
import { AuditorRoleSchema, PhaseSchema, PlanTypeSchema, PrimaryNeedSchema, RefSchema, SettingTypeSchema, type Audit, type Cycle, type PlanMetadata } from '../schemas.js';
import { parseCsv } from './csv.js';
import type { RegisteredPlan } from './schemas.js';

/** The auditor id imported audits carry. */
export const IMPORTED_AUDITOR = 'imported';
export const IMPORTED_EXPLANATION = 'Imported from a spreadsheet of past audits: grades as recorded then, no criteria ticked.';

const column = z.string().trim().min(1).max(120);
export const HistoryColumnsSchema = z.strictObject({
  planRef: column,
  auditDate: column,
  auditorRole: column,
  overallGrade: column,
  /** Section id → the column holding its grade. Sections left out are not imported. */
  sections: z.record(z.string().max(20), column),
  comments: column.optional(),
  /** Needed for plans the adapter does not know (not registered); otherwise taken from the registration. */
  planType: column.optional(),
  phase: column.optional(),
  primaryNeed: column.optional(),
  settingType: column.optional(),
});
export type HistoryColumns = z.infer<typeof HistoryColumnsSchema>;

export interface HistoryMapping {
  framework: Framework;
  columns: HistoryColumns;
  /** The LA's word → a level id of the framework, or `na` (sections only). Matched ignoring case and spaces at the ends. */
  grades: Record<string, string>;
  /** The LA's word → an auditor role (the role ids themselves always match). */
  auditorRoles?: Record<string, string>;
}

/** `2024-03-05`, or `05/03/2024` as UK spreadsheets write it (day first). */
export function parseAuditDate(value: string): string | null {
  let y: number, m: number, d: number;
  let match = value.match(/^(\d{4})-(\d{2})-(\d{2})$/);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = value.match(/^(\d{1,2})\/(\d{1,2})\/(\d{4})$/))) [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** The id of an imported audit: the same row always gives the same id. */
export function importedAuditId(planRef: string, date: string, framework: Framework, role: string): string {
  return `imp-${createHash('sha256').update([planRef, date, framework.id, framework.version, role].join('\u0000')).digest('hex').slice(0, 40)}`;
}

/**
 * Audits from the CSV text, or every problem. Pure: the caller gives the cycles and
 * the registered plans, and writes the audits.
 */
export function auditsFromHistoryCsv(
  text: string,
  mapping: HistoryMapping,
  cycles: readonly Cycle[],
  plans: ReadonlyMap<string, RegisteredPlan>,
): { ok: true; audits: Audit[] } | { ok: false; errors: FieldError[] } {
  const { framework, columns } = mapping;
  const errors: FieldError[] = [];
  const levels = new Set(framework.scale.levels.map((l) => l.id));
  const sectionIds = new Set(framework.sections.map((s) => s.id));
  for (const id of Object.keys(columns.sections)) {
    if (!sectionIds.has(id)) errors.push({ field: `columns.sections.${id}`, message: `is not a section of ${framework.id} ${framework.version}` });
  }
  const gradeWords = new Map<string, string>();
  for (const [word, level] of Object.entries(mapping.grades)) {
    if (!levels.has(level) && level !== NOT_APPLICABLE) errors.push({ field: `grades.${word}`, message: `"${level}" is not a grade of ${framework.id} ${framework.version}; use ${[...levels, NOT_APPLICABLE].join(', ')}` });
    gradeWords.set(word.trim().toLowerCase(), level);
  }
  for (const level of levels) if (!gradeWords.has(level)) gradeWords.set(level, level);
  for (const l of framework.scale.levels) if (!gradeWords.has(l.label.toLowerCase())) gradeWords.set(l.label.toLowerCase(), l.id);
  if (!gradeWords.has(NOT_APPLICABLE)) gradeWords.set(NOT_APPLICABLE, NOT_APPLICABLE);
  const roleWords = new Map<string, string>(AuditorRoleSchema.options.map((r) => [r, r]));
  for (const [word, role] of Object.entries(mapping.auditorRoles ?? {})) {
    if (!AuditorRoleSchema.safeParse(role).success) errors.push({ field: `auditorRoles.${word}`, message: `"${role}" is not an auditor role; use ${AuditorRoleSchema.options.join(', ')}` });
    roleWords.set(word.trim().toLowerCase(), role);
  }
  if (errors.length > 0) return { ok: false, errors };

  let rows: string[][];
  try {
    rows = parseCsv(text);
  } catch (error) {
    return { ok: false, errors: [{ field: 'csv', message: (error as Error).message }] };
  }
  const header = (rows[0] ?? []).map((h) => h.trim());
  const index = new Map(header.map((h, i) => [h, i]));
  const wanted: [string, string | undefined][] = [
    ['planRef', columns.planRef], ['auditDate', columns.auditDate], ['auditorRole', columns.auditorRole], ['overallGrade', columns.overallGrade],
    ['comments', columns.comments], ['planType', columns.planType], ['phase', columns.phase], ['primaryNeed', columns.primaryNeed], ['settingType', columns.settingType],
    ...Object.entries(columns.sections).map(([id, name]): [string, string] => [`sections.${id}`, name]),
  ];
  for (const [key, name] of wanted) {
    if (name !== undefined && !index.has(name)) errors.push({ field: `columns.${key}`, message: `the file has no column "${name}" (its columns: ${header.join(', ')})` });
  }
  if (errors.length > 0) return { ok: false, errors };
  if (rows.length < 2) return { ok: false, errors: [{ field: 'csv', message: 'has a header but no audits' }] };

  const sortedCycles = [...cycles].sort((a, b) => (a.startDate < b.startDate ? -1 : 1));
  const audits: Audit[] = [];
  const seen = new Map<string, number>();
  for (let r = 1; r < rows.length; r++) {
    const cells = rows[r]!;
    const rowNo = r + 1;
    const at = (name: string | undefined) => (name === undefined ? '' : (cells[index.get(name)!] ?? '').trim());
    const problem = (name: string, message: string) => errors.push({ field: `row ${rowNo}, column ${name}`, message });
    if (cells.length !== header.length) { errors.push({ field: `row ${rowNo}`, message: `has ${cells.length} cells; the header has ${header.length}` }); continue; }
    const before = errors.length;

    const planRef = at(columns.planRef);
    if (!RefSchema.safeParse(planRef).success) problem(columns.planRef, planRef === '' ? 'is required' : `"${planRef}" is not a plan reference (letters, digits and . _ : / # -, no spaces; never a name)`);
    const date = parseAuditDate(at(columns.auditDate));
    const cycle = date ? sortedCycles.find((c) => c.startDate <= date && date <= c.endDate) : undefined;
    if (!date) problem(columns.auditDate, `"${at(columns.auditDate)}" is not a date; write 2024-03-05 or 05/03/2024`);
    else if (!cycle) problem(columns.auditDate, `${date} is in no audit cycle; create the cycle it belongs to first`);
    const roleWord = at(columns.auditorRole);
    const role = roleWords.get(roleWord.toLowerCase());
    if (!role) problem(columns.auditorRole, `"${roleWord}" is not mapped to an auditor role; add it to auditorRoles`);
    const overallWord = at(columns.overallGrade);
    const overall = gradeWords.get(overallWord.toLowerCase());
    if (!overall || overall === NOT_APPLICABLE) problem(columns.overallGrade, overallWord === '' ? 'is required' : `"${overallWord}" is not mapped to a grade; add it to grades`);
    const sections: Audit['sections'] = {};
    const savedAt = date ? `${date}T12:00:00.000Z` : '';
    for (const [sectionId, name] of Object.entries(columns.sections)) {
      const word = at(name);
      if (word === '') continue; // a section the old audit did not grade
      const grade = gradeWords.get(word.toLowerCase());
      if (!grade) { problem(name, `"${word}" is not mapped to a grade; add it to grades`); continue; }
      sections[sectionId] = { criteriaMet: [], grade, suggestedGrade: grade, overrideReason: null, comment: null, savedAt };
    }
    const registered = plans.get(planRef);
    const metadata: Record<string, string | undefined> = {
      planType: at(columns.planType) || registered?.planType,
      phase: at(columns.phase) || registered?.phase,
      primaryNeed: at(columns.primaryNeed) || registered?.primaryNeed,
      settingType: at(columns.settingType) || registered?.settingType,
    };
    const schemas = { planType: PlanTypeSchema, phase: PhaseSchema, primaryNeed: PrimaryNeedSchema, settingType: SettingTypeSchema } as const;
    for (const key of Object.keys(schemas) as (keyof typeof schemas)[]) {
      const value = metadata[key];
      const name = columns[key];
      if (value === undefined) problem(name ?? key, `is needed: the plan is not registered and the file maps no ${key} column`);
      else if (!schemas[key].safeParse(value).success) problem(name ?? key, `"${value}" is not valid; use one of ${schemas[key].options.join(', ')}`);
    }
    if (errors.length > before) continue;

    const id = importedAuditId(planRef, date!, framework, role!);
    const first = seen.get(id);
    if (first !== undefined) { problem(columns.planRef, `repeats row ${first} (same plan, date and auditor role)`); continue; }
    seen.set(id, rowNo);
    const comment = at(columns.comments);
    const plan: PlanMetadata = {
      planType: metadata.planType as PlanMetadata['planType'], phase: metadata.phase as PlanMetadata['phase'],
      primaryNeed: metadata.primaryNeed as PlanMetadata['primaryNeed'], settingType: metadata.settingType as PlanMetadata['settingType'],
      ...(registered?.teamRef ? { teamRef: registered.teamRef } : {}), ...(registered?.caseworkerRef ? { caseworkerRef: registered.caseworkerRef } : {}),
    };
    audits.push({
      id, frameworkId: framework.id, frameworkVersion: framework.version, planRef, cycleId: cycle!.id,
      auditorId: IMPORTED_AUDITOR, auditorRole: role as Audit['auditorRole'], plan, status: 'completed', version: 1, sections,
      overall: { grade: overall!, meanPoints: null, pointsGrade: null, limitedBy: null, explanation: comment ? `${IMPORTED_EXPLANATION} Comments: ${comment}` : IMPORTED_EXPLANATION },
      startedAt: savedAt, updatedAt: savedAt, completedAt: savedAt, activeSeconds: 0, reopenings: [],
    });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, audits };
}
