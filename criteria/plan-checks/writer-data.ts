/**
 * Words for the plan writer, as data an LA can replace with its own: standard
 * statements for sections that record no needs or no provision, and a writer's
 * checklist (the core criteria of `ehcp-plan` 2.0.0 as questions a writer asks).
 * Placeholders in square brackets are for the writer to fill in.
 */
import type { Framework } from '../schema.js';
import type { PlanSectionId } from './parse.js';

export interface StandardStatement {
  section: PlanSectionId;
  label: string;
  text: string;
}

export const STANDARD_STATEMENTS: readonly StandardStatement[] = [
  { section: 'C', label: 'No health needs', text: '[Name] has no health needs related to their special educational needs or disability. Health advice was sought from [service or professional], who advised on [date] that there are no such needs. This will be looked at again at the next annual review, or sooner if anything changes.' },
  { section: 'D', label: 'No social care needs', text: '[Name] has no social care needs related to their special educational needs or disability. Social care advice was sought from [team], who advised on [date] that there are no such needs. The family were given information about short breaks and can ask for a social care assessment at any time. This will be looked at again at the next annual review.' },
  { section: 'G', label: 'No health provision', text: 'No health provision is required, because [reason, for example: Section C records no health needs, on the advice of [service] dated [date]]. This will be looked at again at the next annual review.' },
  { section: 'H1', label: 'No provision under section 2', text: 'No provision is required under section 2 of the Chronically Sick and Disabled Persons Act 1970, because [reason, for example: Section D records no social care needs, on the advice of [team] dated [date]].' },
  { section: 'H2', label: 'No other social care provision', text: 'No other social care provision is required, because [reason, for example: Section D records no social care needs, on the advice of [team] dated [date]].' },
  { section: 'J', label: 'No personal budget requested', text: 'No personal budget was requested. Personal budgets were explained to [the family / the young person] on [date]; they can ask for one at any time by contacting [named contact], or at the annual review.' },
];

export interface ChecklistQuestion {
  section: PlanSectionId;
  criterion: string;
  question: string;
}

/** The default wording of the writer's questions, keyed by core criterion. */
export const WRITER_QUESTIONS: Readonly<Record<string, string>> = {
  'A.good.child-voice-recorded': "Have I recorded the child's own views, in their words or their own way of communicating?",
  'A.good.parent-views': "Are the parents' views recorded and clearly theirs?",
  'A.good.interests-strengths': 'Does the section say what the child likes, enjoys or is good at?',
  'A.good.aspirations-as-hopes': 'Are the hopes for the future written as hopes for their life?',
  'B.good.each-need-with-impact': 'Does each need say how it affects this child, not only a diagnosis?',
  'B.good.strengths-described': "Have I described the child's strengths?",
  'B.good.current-level-dated-or-measured': 'Is there a current level with a date or a measure?',
  'B.good.needs-elsewhere-included': 'Is every need mentioned elsewhere in the plan described here?',
  'B.good.needs-in-advice-included': 'Is every need in the advice listed in K described here?',
  'C.good.each-need-with-impact': 'Does each health need say how it affects learning or daily life?',
  'C.good.nil-clear': 'If there are no health needs, does the section say so in words?',
  'C.good.nil-advice-sought': 'Does it say who gave the health advice?',
  'D.good.each-need-with-impact': 'Does each social care need say how it affects the child or family?',
  'D.good.nil-clear': 'If there are no social care needs, does the section say so in words?',
  'D.good.nil-advice-sought': 'Does it say who gave the social care advice?',
  'E.good.each-outcome-linked': 'Can each outcome be linked to a need?',
  'E.good.every-need-has-outcome': 'Does every area of need in B have an outcome?',
  'E.good.says-what-child-will-do': 'Does each outcome say what the child will do, in a way that can be checked?',
  'E.good.time-bound': 'Does each outcome have a date or a stage?',
  'E.good.about-the-child': 'Is each outcome about the child, not a service they will receive?',
  'E.good.achievable-in-time': 'Can each outcome be achieved in its timescale?',
  'F.good.every-need-has-provision': 'Does every need in B have provision here?',
  'F.good.every-outcome-has-provision': 'Does every outcome have provision working towards it?',
  'F.good.what-and-who': 'Does each item say what is provided and who provides it?',
  'F.good.quantified': 'Does each item say how often, for how long and in what group size?',
  'F.good.amount-and-kind-fixed': 'Have I left anything to someone else to decide ("as required", "access to", "up to")?',
  'G.good.specified': 'Does each health item say what, how often and for how long?',
  'G.good.named-service': 'Does each health item name who delivers it?',
  'I.good.name': 'In a final plan, is the school or setting named (and left blank in a draft)?',
  'J.good.nil-clear': 'If there is no personal budget, does the section say why?',
  'J.good.nil-right-to-ask': 'Does it say the family can ask for one, and how?',
  'K.good.author-role-date': 'Does each item of advice say who gave it?',
};

/**
 * The writer's checklist for a framework: its core criteria in section order, as
 * questions. `questions` replaces the default wording; a core criterion without a
 * question is asked with its own text.
 */
export function writerChecklist(framework: Framework, questions: Readonly<Record<string, string>> = WRITER_QUESTIONS): ChecklistQuestion[] {
  const out: ChecklistQuestion[] = [];
  for (const section of framework.sections) {
    for (const c of section.criteria) {
      if (!c.core) continue;
      out.push({ section: section.id as PlanSectionId, criterion: c.id, question: questions[c.id] ?? c.text });
    }
  }
  return out;
}
