/**
 * Reading an uploaded CSV of plans: RFC 4180 fields (quotes, doubled quotes, line
 * breaks inside quotes), a header row naming the columns in any order, and every
 * row checked against the same schema as the JSON route. Errors name the row (as a
 * spreadsheet numbers it: the header is row 1) and the column; a file with any bad
 * row registers nothing.
 */
import * as z from 'zod';
import type { FieldError } from '../problem.js';
import { PlanRegistrationSchema, type PlanRegistration } from './schemas.js';

/** Splits CSV text into rows of fields. Throws on an unclosed quote. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a spreadsheet's byte-order mark
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') { field += '"'; i++; } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === '') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; }
    else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += ch;
  }
  if (quoted) throw new Error('a quoted field is not closed');
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows.filter((r) => !(r.length === 1 && r[0]!.trim() === ''));
}

export const PLAN_CSV_COLUMNS = ['planRef', 'status', 'planType', 'requestDate', 'issueDate', 'phase', 'primaryNeed', 'settingType', 'teamRef', 'caseworkerRef'] as const;
const REQUIRED = ['planRef', 'status', 'planType', 'phase', 'primaryNeed', 'settingType'];

/**
 * Plans from CSV text, or every problem found. Field names in errors read
 * `row 4, column phase` so a quality lead can find the cell.
 *
 * @example
 * plansFromCsv('planRef,status,planType,phase,primaryNeed,settingType\nP-1,final,new,primary,ASD,mainstream\n');
 */
export function plansFromCsv(text: string): { ok: true; plans: PlanRegistration[] } | { ok: false; errors: FieldError[] } {
  let rows: string[][];
  try {
    rows = parseCsv(text);
  } catch (error) {
    return { ok: false, errors: [{ field: 'csv', message: (error as Error).message }] };
  }
  const header = (rows[0] ?? []).map((h) => h.trim());
  const errors: FieldError[] = [];
  for (const [i, name] of header.entries()) {
    if (!(PLAN_CSV_COLUMNS as readonly string[]).includes(name)) errors.push({ field: `row 1, column ${i + 1}`, message: `"${name}" is not a known column; use ${PLAN_CSV_COLUMNS.join(', ')}` });
  }
  for (const name of REQUIRED) if (!header.includes(name)) errors.push({ field: 'row 1', message: `the column "${name}" is missing` });
  if (new Set(header).size !== header.length) errors.push({ field: 'row 1', message: 'a column is named twice' });
  if (errors.length > 0) return { ok: false, errors };
  if (rows.length < 2) return { ok: false, errors: [{ field: 'csv', message: 'has a header but no plans' }] };

  const plans: PlanRegistration[] = [];
  const seen = new Map<string, number>();
  for (let r = 1; r < rows.length; r++) {
    const cells = rows[r]!;
    const rowNo = r + 1;
    if (cells.length !== header.length) {
      errors.push({ field: `row ${rowNo}`, message: `has ${cells.length} cells; the header has ${header.length}` });
      continue;
    }
    const input: Record<string, string> = {};
    header.forEach((name, c) => { const v = cells[c]!.trim(); if (v !== '') input[name] = v; });
    const ref = input.planRef;
    const first = ref === undefined ? undefined : seen.get(ref);
    if (first !== undefined) errors.push({ field: `row ${rowNo}, column planRef`, message: `"${ref}" is already in row ${first}` });
    else if (ref !== undefined) seen.set(ref, rowNo);
    const parsed = z.safeParse(PlanRegistrationSchema, input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const column = String(issue.path[0] ?? '');
        const message = issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
        errors.push({ field: `row ${rowNo}, column ${column}`, message: input[column] !== undefined ? `${message} (found "${input[column]}")` : message });
      }
      continue;
    }
    if (first !== undefined) continue;
    plans.push(parsed.data);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, plans };
}
