/**
 * Plan text in: a plan as structured sections (what a host case system holds), or a
 * plan as plain text split into sections by its headings. No DOM, no Node APIs.
 *
 * Headings recognised, one per line, in the order A, B, C, D, E, F, G, H1, H2, I, J, K
 * (sections may be missing; a heading out of order is read as ordinary text):
 * - "Section A: Views, interests and aspirations", "SECTION F - Provision", "Section H1",
 *   "Section F (special educational provision)", "Section E" on its own;
 * - "A. Views, interests…", "A: Views…", "F) Special educational provision", "H2 - Other
 *   social care": a bare letter needs a title with a word of that section's title, so that
 *   "A. The teaching assistant will…" inside a section is not read as a heading;
 * - a heading followed by a table flattened to lines ("| Need | Provision |") or numbered
 *   items is fine: everything up to the next heading belongs to the section.
 * Limits: a heading run into the text on the same line as a sentence is taken as a
 * heading only when it starts the line; "Section H" without 1 or 2 is read as H1, with
 * its text kept whole (H1 and H2 in one section cannot be told apart by wording alone).
 */

export const PLAN_SECTION_IDS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H1', 'H2', 'I', 'J', 'K'] as const;
export type PlanSectionId = (typeof PLAN_SECTION_IDS)[number];

/** One section of a plan as text. `start` is where `text` begins in the whole plan text (0 for structured input). */
export interface PlanSection {
  id: PlanSectionId;
  text: string;
  /** The heading line as written, when parsed from text. */
  heading?: string;
  start?: number;
}

export type PlanStatus = 'draft' | 'final' | 'amended';

/** A plan for the checks: its sections and, where known, its status. */
export interface PlanText {
  sections: PlanSection[];
  status?: PlanStatus;
}

/** Words one of which a bare-letter heading ("A. Views…") must contain. */
const TITLE_WORDS: Record<PlanSectionId, RegExp> = {
  A: /\b(views?|interests?|aspirations?|all about|child|young person)\b/i,
  B: /\b(special educational needs?|needs?|sen)\b/i,
  C: /\b(health)\b/i,
  D: /\b(social care)\b/i,
  E: /\b(outcomes?)\b/i,
  F: /\b(provision|special educational)\b/i,
  G: /\b(health)\b/i,
  H1: /\b(social care|section 2|chronically sick|csdpa)\b/i,
  H2: /\b(social care|other)\b/i,
  I: /\b(placement|school|institution|setting|college|name and type)\b/i,
  J: /\b(personal budget|budget|direct payment)\b/i,
  K: /\b(advice|information)\b/i,
};

const SECTION_HEADING = /^[ \t]*(?:#+[ \t]*)?(?:\*\*)?section[ \t]+(H[ \t]?[12]|[A-K])\b[ \t]*(?:[:.)\-–—][ \t]*|\([ \t]*|[ \t]+|$)(.*)$/i;
const BARE_HEADING = /^[ \t]*(?:#+[ \t]*)?(?:\*\*)?(H[12]|[A-K])[ \t]*[.:)\-–—][ \t]*(.+)$/;

function normaliseId(raw: string): PlanSectionId | undefined {
  const id = raw.toUpperCase().replace(/[ \t]/g, '');
  if (id === 'H') return 'H1';
  return (PLAN_SECTION_IDS as readonly string[]).includes(id) ? (id as PlanSectionId) : undefined;
}

/** Reads the heading on a line, or undefined. */
export function headingOf(line: string): PlanSectionId | undefined {
  if (line.length > 200) return undefined;
  const s = SECTION_HEADING.exec(line);
  if (s) {
    const id = normaliseId(s[1]!);
    // "Section C of the plan says…" is prose, not a heading: the rest must be a short title.
    const rest = (s[2] ?? '').trim();
    if (id && rest.length <= 140 && rest.split(/\s+/).length <= 18 && !/\b(will|says|shows|is|are|was|has|of the plan)\b/i.test(rest)) return id;
    return undefined;
  }
  const b = BARE_HEADING.exec(line);
  if (b) {
    const id = normaliseId(b[1]!);
    const title = b[2]!.trim();
    if (id && title.length <= 120 && TITLE_WORDS[id].test(title) && title.split(/\s+/).length <= 14 && !/\b(will|is|are|has|have)\b/i.test(title)) return id;
  }
  return undefined;
}

/** The status a plan's own text declares near its top ("… PLAN - DRAFT"), if any. */
export function statusFromText(text: string): PlanStatus | undefined {
  const head = text.slice(0, 600);
  if (/\bdraft\b/i.test(head) && /\bplan\b/i.test(head)) return 'draft';
  if (/\bamended\b/i.test(head)) return 'amended';
  if (/\bfinal\b/i.test(head)) return 'final';
  return undefined;
}

/**
 * Splits a plan written as plain text into its sections by their headings.
 * Each section's `text` is the exact slice of the input after its heading line, so
 * `section.start + offset` is a place in the original text.
 */
export function parsePlanText(text: string): PlanText & { preamble: string } {
  const sections: PlanSection[] = [];
  let order = -1;
  let pos = 0;
  let preambleEnd = text.length;
  let current: { id: PlanSectionId; heading: string; bodyStart: number } | undefined;
  const close = (end: number) => {
    if (!current) return;
    sections.push({ id: current.id, heading: current.heading, start: current.bodyStart, text: text.slice(current.bodyStart, end) });
  };
  while (pos <= text.length) {
    const nl = text.indexOf('\n', pos);
    const lineEnd = nl < 0 ? text.length : nl;
    const line = text.slice(pos, lineEnd).replace(/\r$/, '');
    const id = headingOf(line);
    if (id && PLAN_SECTION_IDS.indexOf(id) > order) {
      close(pos);
      if (!current) preambleEnd = pos;
      order = PLAN_SECTION_IDS.indexOf(id);
      current = { id, heading: line.trim(), bodyStart: nl < 0 ? text.length : nl + 1 };
    }
    if (nl < 0) break;
    pos = nl + 1;
  }
  close(text.length);
  const preamble = text.slice(0, preambleEnd);
  return { sections, status: statusFromText(preamble), preamble };
}

/** The section with this id, or an empty one. */
export function sectionText(plan: PlanText, id: PlanSectionId): string {
  return plan.sections.find((s) => s.id === id)?.text ?? '';
}
