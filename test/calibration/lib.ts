/**
 * The calibration data and the figures computed from it: the plans, the grades they
 * were written to (keys), the criteria each auditor ticked (ticks), and agreement
 * between the suggestions and the intended grades, and between auditors.
 *
 * Used by `npm run calibrate` (scripts/calibrate.ts) and test/calibration/*.test.ts.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { builtInFrameworks, checkSectionInput, overallGrade, suggestSectionGrade, type Framework, NOT_APPLICABLE } from '../../criteria/index.js';
import { quadraticWeightedKappa } from '../../server-adapter/moderation/kappa.js';

export const SECTION_IDS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H1', 'H2', 'I', 'J', 'K'] as const;
const GradeSchema = z.enum(['outstanding', 'good', 'requires-improvement', 'inadequate', 'na']);
export type Grade = z.infer<typeof GradeSchema>;
/** Best first; `na` is not on the ordinal scale. */
export const LEVELS = ['outstanding', 'good', 'requires-improvement', 'inadequate'] as const;
export const SHORT: Record<string, string> = { outstanding: 'O', good: 'G', 'requires-improvement': 'RI', inadequate: 'I', na: 'NA' };

const FactsSchema = z.record(z.string(), z.string());

export const KeySchema = z.strictObject({
  plan: z.string(),
  profile: z.string(),
  facts: FactsSchema,
  sections: z.record(z.enum(SECTION_IDS), GradeSchema),
  overall: GradeSchema,
  reasons: z.record(z.enum(SECTION_IDS), z.string()),
  borderline: z.array(z.enum(SECTION_IDS)).default([]),
});
export type Key = z.infer<typeof KeySchema>;

const SectionTicksSchema = z.strictObject({
  criteriaMet: z.array(z.string()),
  cannotTell: z.array(z.string()).default([]),
  nilStatement: z.boolean().optional(),
  /** Why the auditor ticked as they did, where it was not obvious. */
  note: z.string().optional(),
});
export const TicksSchema = z.strictObject({
  plan: z.string(),
  auditor: z.string(),
  framework: z.string(),
  version: z.string(),
  facts: FactsSchema,
  sections: z.record(z.enum(SECTION_IDS), SectionTicksSchema),
});
export type Ticks = z.infer<typeof TicksSchema>;

export function frameworkFor(id: string, version: string): Framework {
  const fw = builtInFrameworks.find((f) => f.id === id && f.version === version);
  if (!fw) throw new Error(`no built-in framework ${id} ${version}`);
  return fw;
}

function readJson<T>(path: string, schema: z.ZodType<T>): T {
  const parsed = schema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

/** Problems with a ticks file against its framework: unknown criteria, criteria that do not apply, NA with a weakness. */
export function checkTicks(ticks: Ticks): string[] {
  const fw = frameworkFor(ticks.framework, ticks.version);
  const problems: string[] = [];
  for (const sectionId of SECTION_IDS) {
    const section = fw.sections.find((s) => s.id === sectionId)!;
    const t = ticks.sections[sectionId];
    if (!t) {
      problems.push(`${ticks.plan} ${sectionId}: missing`);
      continue;
    }
    const input = { criteriaMet: t.criteriaMet, grade: null, cannotTell: t.cannotTell, ...(t.nilStatement !== undefined ? { nilStatement: t.nilStatement } : {}) };
    for (const p of checkSectionInput(fw, section, input, ticks.facts)) problems.push(`${ticks.plan} ${sectionId} ${p.field}: ${p.message}`);
  }
  return problems;
}

export function suggest(ticks: Ticks): Record<string, Grade> {
  const fw = frameworkFor(ticks.framework, ticks.version);
  const out: Record<string, Grade> = {};
  for (const sectionId of SECTION_IDS) {
    const section = fw.sections.find((s) => s.id === sectionId)!;
    const t = ticks.sections[sectionId]!;
    out[sectionId] = suggestSectionGrade(fw, section, t.criteriaMet, { facts: ticks.facts, nilStatement: t.nilStatement, cannotTell: t.cannotTell }).grade as Grade;
  }
  return out;
}

export function overallOf(framework: Framework, grades: Record<string, string>): Grade {
  return (overallGrade(framework, grades).grade ?? 'na') as Grade;
}

export interface Dataset {
  name: string;
  keys: Map<string, Key>;
  /** auditor → plan → ticks, each auditor working blind */
  ticks: Map<string, Map<string, Ticks>>;
  /** The adjudicated ticks of a careful auditor (`<dir>/reference/`), where the set has them. */
  reference: Map<string, Ticks>;
}

/** Loads `<dir>/key/*.json` and `<dir>/ticks/<auditor>/*.json`. */
export function loadDataset(name: string, dir: string): Dataset {
  const keys = new Map<string, Key>();
  const ticks = new Map<string, Map<string, Ticks>>();
  const keyDir = join(dir, 'key');
  if (existsSync(keyDir)) {
    for (const f of readdirSync(keyDir).filter((f) => f.endsWith('.json')).sort()) {
      const key = readJson(join(keyDir, f), KeySchema);
      keys.set(key.plan, key);
    }
  }
  const ticksDir = join(dir, 'ticks');
  if (existsSync(ticksDir)) {
    for (const auditor of readdirSync(ticksDir).sort()) {
      const byPlan = new Map<string, Ticks>();
      for (const f of readdirSync(join(ticksDir, auditor)).filter((f) => f.endsWith('.json')).sort()) {
        const t = readJson(join(ticksDir, auditor, f), TicksSchema);
        byPlan.set(t.plan, t);
      }
      ticks.set(auditor, byPlan);
    }
  }
  const reference = new Map<string, Ticks>();
  const referenceDir = join(dir, 'reference');
  if (existsSync(referenceDir)) {
    for (const f of readdirSync(referenceDir).filter((f) => f.endsWith('.json')).sort()) {
      const t = readJson(join(referenceDir, f), TicksSchema);
      reference.set(t.plan, t);
    }
  }
  return { name, keys, ticks, reference };
}

export interface Agreement {
  n: number;
  exact: number;
  withinOne: number;
  /** Quadratic-weighted kappa over pairs where both are on the ordinal scale. */
  kappa: number | null;
  /** Pairs where one side is Not applicable (left out of kappa). */
  naPairs: number;
  /** Suggested lower than intended / higher. */
  lower: number;
  higher: number;
}

/** Agreement over (reference, rating) pairs. Not applicable agrees only with itself. */
export function agreement(pairs: readonly (readonly [Grade, Grade])[]): Agreement {
  const ordinal: [number, number][] = [];
  let exact = 0, withinOne = 0, naPairs = 0, lower = 0, higher = 0;
  for (const [a, b] of pairs) {
    if (a === b) exact++;
    if (a === NOT_APPLICABLE || b === NOT_APPLICABLE) {
      if (a === b) withinOne++;
      naPairs++;
      continue;
    }
    const i = LEVELS.indexOf(a as (typeof LEVELS)[number]);
    const j = LEVELS.indexOf(b as (typeof LEVELS)[number]);
    if (Math.abs(i - j) <= 1) withinOne++;
    if (j > i) lower++;
    if (j < i) higher++;
    ordinal.push([i, j]);
  }
  const k = quadraticWeightedKappa(ordinal, LEVELS.length);
  return { n: pairs.length, exact, withinOne, kappa: k.value, naPairs, lower, higher };
}

/** intended × suggested counts, rows and columns in LEVELS order then na. */
export function confusion(pairs: readonly (readonly [Grade, Grade])[]): number[][] {
  const cats = [...LEVELS, 'na'];
  const table = cats.map(() => cats.map(() => 0));
  for (const [a, b] of pairs) table[cats.indexOf(a)]![cats.indexOf(b)]!++;
  return table;
}

export interface AuditorResult {
  auditor: string;
  sectionPairs: { plan: string; section: string; intended: Grade; suggested: Grade }[];
  overall: { plan: string; intended: Grade; fromSuggestions: Grade; fromIntendedSections: Grade }[];
}

/** Each auditor's suggestions against the keys (the reference ticks as auditor "reference" when asked). */
export function compareWithKeys(ds: Dataset, options: { reference?: boolean } = {}): AuditorResult[] {
  const results: AuditorResult[] = [];
  const sources: [string, Map<string, Ticks>][] = options.reference ? [['reference', ds.reference]] : [...ds.ticks];
  for (const [auditor, byPlan] of sources) {
    const r: AuditorResult = { auditor, sectionPairs: [], overall: [] };
    for (const [plan, ticks] of byPlan) {
      const key = ds.keys.get(plan);
      if (!key) continue;
      const fw = frameworkFor(ticks.framework, ticks.version);
      const suggested = suggest(ticks);
      for (const section of SECTION_IDS) r.sectionPairs.push({ plan, section, intended: key.sections[section]!, suggested: suggested[section]! });
      r.overall.push({ plan, intended: key.overall, fromSuggestions: overallOf(fw, suggested), fromIntendedSections: overallOf(fw, key.sections as Record<string, string>) });
    }
    results.push(r);
  }
  return results;
}

/** Pairwise agreement between auditors' suggestions on the plans both ticked. */
export function betweenAuditors(ds: Dataset): { a: string; b: string; agreement: Agreement }[] {
  const auditors = [...ds.ticks.keys()];
  const out: { a: string; b: string; agreement: Agreement }[] = [];
  for (let i = 0; i < auditors.length; i++) {
    for (let j = i + 1; j < auditors.length; j++) {
      const pairs: [Grade, Grade][] = [];
      for (const [plan, ta] of ds.ticks.get(auditors[i]!)!) {
        const tb = ds.ticks.get(auditors[j]!)!.get(plan);
        if (!tb) continue;
        const sa = suggest(ta), sb = suggest(tb);
        for (const s of SECTION_IDS) pairs.push([sa[s]!, sb[s]!]);
      }
      out.push({ a: auditors[i]!, b: auditors[j]!, agreement: agreement(pairs) });
    }
  }
  return out;
}
