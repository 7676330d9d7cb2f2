/**
 * Checks a plan writer can run while typing: pure functions over plan text, each tied
 * to the `ehcp-plan` 2.0.0 criterion it bears on. No DOM, no Node APIs, no network.
 *
 * A finding is a prompt to read the words again. Checks marked `weakness` are precise
 * enough (see docs/plan-checks.md) to propose the weakness indicator to an auditor;
 * `advice` checks only prompt the writer.
 */
import type { Framework, Glossary } from '../schema.js';
import { PLAN_SECTION_IDS, type PlanSectionId, type PlanText, type PlanStatus } from './parse.js';

export type FindingSeverity = 'weakness' | 'advice';

/** What one check looks for, as data (messages can be replaced by an LA). */
export interface CheckDefinition {
  id: string;
  label: string;
  severity: FindingSeverity;
  /** The 2.0.0 criterion each finding bears on, by section. */
  criteria: Partial<Record<PlanSectionId, string>>;
  message: string;
  rewrite: string;
}

export interface Finding {
  check: string;
  criterion: string;
  section: PlanSectionId;
  /** Offsets into the section's text: `text === section.text.slice(start, end)`. */
  start: number;
  end: number;
  text: string;
  severity: FindingSeverity;
  message: string;
  rewrite: string;
}

const PROVISION: PlanSectionId[] = ['F', 'G', 'H1', 'H2'];

export const CHECKS: readonly CheckDefinition[] = [
  {
    id: 'vague-wording',
    label: 'Vague wording',
    severity: 'weakness',
    criteria: { F: 'F.requires-improvement.amount-or-kind-left-open', G: 'G.requires-improvement.not-specified', H1: 'H1.requires-improvement.not-specified', H2: 'H2.requires-improvement.not-specified' },
    message: 'These words can leave the kind or amount of provision open, or leave it to someone else to decide, so the provision cannot be enforced.',
    rewrite: 'Say exactly what will be provided, by whom and how much: "[what] delivered by [who, with training], [how long] [how often], [1:1 or group of N]".',
  },
  {
    id: 'provision-amount',
    label: 'No amount or frequency',
    severity: 'weakness',
    criteria: { F: 'F.requires-improvement.not-fully-quantified', G: 'G.requires-improvement.not-specified', H1: 'H1.requires-improvement.not-specified', H2: 'H2.requires-improvement.not-specified' },
    message: 'This item does not say how often or for how long it is provided.',
    rewrite: 'Add the amount: "[N] minutes, [N] times a week" or "[N] hours a week", and for how long (for example "for the school year, reviewed each term").',
  },
  {
    id: 'provision-group-size',
    label: 'Group without a size',
    severity: 'weakness',
    criteria: { F: 'F.requires-improvement.not-fully-quantified', G: 'G.requires-improvement.not-specified', H1: 'H1.requires-improvement.not-specified', H2: 'H2.requires-improvement.not-specified' },
    message: 'A group is named without its size or the ratio of adults to children.',
    rewrite: 'Give the size: "in a group of no more than [N] pupils" or "at a ratio of 1 adult to [N]".',
  },
  {
    id: 'provision-who',
    label: 'Who delivers it',
    severity: 'advice',
    criteria: { F: 'F.requires-improvement.what-or-who-missing', G: 'G.requires-improvement.service-not-named', H1: 'H1.requires-improvement.service-not-named', H2: 'H2.requires-improvement.service-not-named' },
    message: 'This item does not say who provides it.',
    rewrite: 'Name the role or service: "delivered by a teaching assistant", "by a speech and language therapist from [service]".',
  },
  {
    id: 'provision-expertise',
    label: 'Training of the person delivering',
    severity: 'advice',
    criteria: { F: 'F.good.expertise-where-needed', G: 'G.good.named-service', H1: 'H1.good.named-service', H2: 'H2.good.named-service' },
    message: 'This item depends on particular skills but does not say what training or supervision the person delivering it has.',
    rewrite: 'Add the training: "a teaching assistant trained in [programme] by [service], supervised by [role]".',
  },
  {
    id: 'provision-duration',
    label: 'How long the programme runs',
    severity: 'advice',
    criteria: { F: 'F.good.quantified', G: 'G.good.specified', H1: 'H1.good.specified', H2: 'H2.good.specified' },
    message: 'A programme or intervention is named without how long it runs or when it is reviewed.',
    rewrite: 'Add the length: "for [N] weeks", "for the school year", "reviewed each term by [role]".',
  },
  {
    id: 'outcome-date',
    label: 'Outcome without a date or stage',
    severity: 'weakness',
    criteria: { E: 'E.requires-improvement.no-timescale' },
    message: 'This outcome does not say by when it should be achieved.',
    rewrite: 'Start with the timescale: "By the end of Key Stage [N]" or "By July [year], [name] will …".',
  },
  {
    id: 'outcome-measure',
    label: 'Outcome without a measure',
    severity: 'advice',
    criteria: { E: 'E.requires-improvement.cannot-be-checked' },
    message: 'This outcome does not say how anyone will know it has been achieved.',
    rewrite: 'Say what the child will do and how often or how well: "will [do what] [on N out of M occasions / independently / with N% accuracy]".',
  },
  {
    id: 'outcome-baseline',
    label: 'Outcome without a starting point',
    severity: 'advice',
    criteria: { E: 'E.outstanding.baseline-stated' },
    message: 'This outcome does not say where the child is now.',
    rewrite: 'Add the baseline from Section B: "(currently [level], [month year])".',
  },
  {
    id: 'outcome-link',
    label: 'Outcome not linked to a need',
    severity: 'advice',
    criteria: { E: 'E.good.links-labelled' },
    message: 'This outcome does not name the need in Section B, C or D that it answers.',
    rewrite: 'Label the link: "(Need B2)" or "(Communication and interaction)".',
  },
  {
    id: 'nil-bare',
    label: 'Bare nil statement',
    severity: 'weakness',
    criteria: { C: 'C.requires-improvement.nil-bare', D: 'D.requires-improvement.nil-bare', G: 'G.requires-improvement.nil-bare', H1: 'H1.requires-improvement.nil-bare', H2: 'H2.requires-improvement.nil-bare', J: 'J.requires-improvement.nil-bare' },
    message: 'The section is blank or says only "None" or "N/A"; a reader cannot tell whether it was considered.',
    rewrite: 'Use a standard statement: say in words that there are no needs (or no provision), who gave advice and when, and when it will be looked at again.',
  },
  {
    id: 'nil-advice',
    label: 'Nil statement without advice or reason',
    severity: 'weakness',
    criteria: { C: 'C.requires-improvement.nil-no-advice', D: 'D.requires-improvement.nil-no-advice', G: 'G.requires-improvement.nil-no-advice-or-reason', H1: 'H1.requires-improvement.nil-no-advice-or-reason', H2: 'H2.requires-improvement.nil-no-advice-or-reason', J: 'J.requires-improvement.nil-right-to-ask-missing' },
    message: 'The section says there is nothing here but not on whose advice or why (for J: not that the family can ask for a budget).',
    rewrite: 'Add the source: "[service] advised on [date] that …", or the reason; for J: "[family] can ask for a personal budget at any time through [contact] or at the annual review".',
  },
  {
    id: 'nil-consistent',
    label: 'Nil statement at odds with the plan',
    severity: 'advice',
    criteria: { G: 'G.good.nil-consistent', H1: 'H1.good.nil-consistent', H2: 'H2.good.nil-consistent' },
    message: 'This section records no provision, but another section records needs it would usually answer.',
    rewrite: 'Either add the provision, or say why none is needed (for example "needs in Section C are met by the provision in Section F").',
  },
  {
    id: 'draft-names-school',
    label: 'A draft names a school',
    severity: 'weakness',
    criteria: { I: 'I.inadequate.draft-names-school' },
    message: 'A draft plan should leave Section I blank, so the family can state a preference first.',
    rewrite: 'Leave the section blank in the draft: "This section is left blank in the draft plan."',
  },
  {
    id: 'child-voice',
    label: "The child's own words",
    severity: 'advice',
    criteria: { A: 'A.good.child-voice-recorded' },
    message: "Nothing in this section is in the child's own words or from their own way of communicating.",
    rewrite: 'Quote the child, in the first person: "I like …", "I find … hard", or describe what they showed you with symbols or choices.',
  },
  {
    id: 'views-gathered',
    label: 'How views were gathered',
    severity: 'advice',
    criteria: { A: 'A.good.how-views-gathered' },
    message: "The section does not say how or by whom the child's views were gathered.",
    rewrite: 'Add one sentence: "[Role] talked with [name] using [method] on [date]."',
  },
  {
    id: 'acronym',
    label: 'Unexplained abbreviation',
    severity: 'advice',
    criteria: { B: 'B.good.plain-language', C: 'C.good.plain-language', E: 'E.outstanding.child-friendly', F: 'F.good.what-and-who', G: 'G.good.specified' },
    message: 'An abbreviation is used without being spelt out first; a parent may not know it.',
    rewrite: 'Spell it out the first time: "speech and language therapist (SaLT)".',
  },
  {
    id: 'test-score',
    label: 'Test score without meaning',
    severity: 'advice',
    criteria: { B: 'B.good.plain-language', C: 'C.good.plain-language' },
    message: 'A test score is given without saying what it means for a child of this age.',
    rewrite: 'Explain it: "a standard score of 72 (the average is 100; most children score between 85 and 115)".',
  },
  {
    id: 'need-without-outcome',
    label: 'Need without an outcome',
    severity: 'weakness',
    criteria: { B: 'E.requires-improvement.need-without-outcome' },
    message: 'This numbered need is not referred to by any outcome in Section E.',
    rewrite: 'Add an outcome that names this need, or add its number to an outcome that works on it: "(B3)".',
  },
  {
    id: 'need-without-provision',
    label: 'Need without provision',
    severity: 'weakness',
    criteria: { B: 'F.requires-improvement.need-without-provision' },
    message: 'This numbered need is not referred to by any provision in Section F.',
    rewrite: 'Add provision for this need in Section F and label it with the need\'s number.',
  },
  {
    id: 'outcome-without-provision',
    label: 'Outcome without provision',
    severity: 'weakness',
    criteria: { E: 'F.requires-improvement.outcome-without-provision' },
    message: 'This numbered outcome is not referred to by any provision in Section F.',
    rewrite: 'Add provision working towards this outcome and label it with the outcome\'s number: "(E2)".',
  },
];

const byId = new Map(CHECKS.map((c) => [c.id, c]));

/** Options: the framework (for its vague-wording glossary), the plan status, and replacement check wording. */
export interface CheckOptions {
  framework: Framework;
  status?: PlanStatus;
  /** Replaces message or rewrite of a check (an LA's own wording). */
  wording?: Record<string, Partial<Pick<CheckDefinition, 'message' | 'rewrite' | 'label'>>>;
  /** Run only these checks. */
  only?: readonly string[];
}

// ---------------------------------------------------------------------------
// Patterns
const NUM = '(?:\\d+(?:\\.\\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|forty-five|sixty|ninety|half an?|an?)';
const FREQ = new RegExp(
  `\\b(?:daily|weekly|fortnightly|termly|monthly|annually|yearly|every|each|once|twice|${NUM}\\s+times|a day|a week|a term|a month|a year|per (?:day|week|term|month|year|session|lesson|half[- ]term)|half[- ]termly|at all times|throughout the (?:school )?day|all day|whenever|at (?:break|lunch)(?:time)?s?|lunchtimes|mornings|afternoons|full[- ]time|part[- ]time|in all lessons|in every|all lessons|on arrival|at the start of|at the end of|before|after)\\b`,
  'i',
);
const LENGTH = new RegExp(`\\b${NUM}\\s*(?:-|to|–)?\\s*(?:\\d+\\s*)?(?:(?:extra|more|further|additional|short|full|half|individual|1:1|home|school)\\s+)?(?:minutes?|mins?|hours?|hrs?|sessions?|days?|weeks?|visits?|lessons?|places?)\\b`, 'i');
const GROUP_SIZE = new RegExp(
  `\\b(?:1\\s*:\\s*1|one[- ]to[- ]one|\\d+\\s*:\\s*\\d+|1 adult to|groups? of (?:up to |no more than |at most |between )?${NUM}|no more than ${NUM}|maximum of ${NUM}|at most ${NUM}|up to ${NUM} (?:other )?(?:pupils|children|students|learners|young people)|${NUM} (?:other )?(?:pupils|children|students|learners|young people|peers)|individual(?:ly)?|in pairs|paired|pair)\\b`,
  'i',
);
const WHO = /\b(?:teaching assistants?|TAs?|HLTAs?|learning support assistants?|LSAs?|teachers?|SENCos?|SENDCos?|therapists?|SaLTs?|SALTs?|OTs?|physiotherap(?:ist|y)|psychologists?|EPs?|specialists?|practitioners?|key ?workers?|mentors?|nurses?|paediatricians?|doctors?|tutors?|coach(?:es)?|adults?|staff|workers?|officers?|assistants?|lecturers?|instructors?|teams?|service|ELSAs?|counsellors?|key person|carers?|providers?|SENCO|consultant|clinician|dietitian|audiologist|orthoptist|technician|department|council|authority|agency|coordinator|co-ordinator|manager|leader|head|trust|clinic|CAMHS|GP|family support|(?:speech and language|occupational|physio|music|play|art|drama) ?therapy)\b/i;
const TRAINING = /\b(?:trained|training|qualified|qualifications?|accredited|supervised|supervision|experienced|experience|HCPC|certificate|certified|specialist|level \d|registered|licensed|fully trained|who has completed|therapist|teacher of the deaf|course|QTVI|QToD|speech and language therapist|occupational therapist|physiotherapist|psychologist|nurse)\b/i;
const NOT_A_ROLE = String.raw`(?!\s+(?:assistants?|services?|teams?|workers?|staff|officers?|plans?|practitioners?))`;
const DELIVERY = new RegExp(String.raw`\b(?:sessions?|programmes?|interventions?|teaching|therapy|tuition|tutoring|input|groups?|mentoring|coaching|counselling|practice|practise|check-ins?|strategies|support|help(?:\s+\w+)?\s+(?:with|to))\b${NOT_A_ROLE}`, 'i');
const SKILLED = /\b(?:programme|therapy|intervention|signing|Makaton|BSL|sign language|specialist teaching|precision teaching|phonics|ELSA|social skills|Braille|AAC|PECS|Attention Autism|Colourful Semantics|Zones of Regulation|sensory circuit|sensory diet|massage|physiotherapy exercises|speech and language|occupational therapy|dyslexia|touch[- ]typing|emotional literacy|counselling|positive behaviour|de-escalation)\b/i;
const NONSPECIALIST = /\b(?:teaching assistants?|TAs?|LSAs?|learning support assistants?|adults?|staff|key ?workers?|key person|support workers?|volunteers?|mentors?)\b/i;
const PROGRAMME = /\b(?:programme|intervention|course)\b/i;
const RUN_LENGTH = /\b(?:for|over|during) (?:the |a |an |one |two |three |four |five |six |\d+ )?(?:[\w-]+ )?(?:weeks|terms?|years?|months?|half[- ]terms?)\b|\b(?:\d+|four|five|six|eight|ten|twelve) weeks\b|\b(?:\d+|one|two|three|four|five|six|eight|ten|twelve)-(?:week|term|month|year)\b|\buntil\b|\breview(?:ed|s)?\b|\bongoing\b|\bthroughout\b|\bkey stage\b|\bby (?:the end of|January|February|March|April|May|June|July|August|September|October|November|December)\b|\bfrom \w+(?: 20\d\d)? (?:to|until)\b|\bblock\b|\bcycle\b|\bthe (?:autumn|spring|summer) term\b/i;

const MONTH = '(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)';
const DATE_STAGE = new RegExp(
  `\\b(?:by|before|within|until|in|over|at|end of|during)\\b[^.;]{0,40}?(?:\\b(?:19|20)\\d\\d\\b|\\b${MONTH}\\b|\\b(?:year|yr) ?\\d+\\b|\\bkey stage\\b|\\bKS\\d\\b|\\bterms?\\b|\\bmonths?\\b|\\bweeks?\\b|\\b(?:summer|spring|autumn|winter)\\b|\\bage (?:of )?\\d+\\b|\\bannual review\\b|\\bschool year\\b|\\bacademic year\\b|\\breception\\b|\\bcourse\\b|\\bphase\\b|\\bleav(?:es|ing)\\b|\\btransfer\\b|\\bsecondary\\b|\\bcollege\\b|\\bpost-16\\b|\\bsixth form\\b|\\bnursery\\b|\\bprimary\\b)`,
  'i',
);
const MEASURE = /\d|%|\b(?:pass|complete|achieve|gain)\w* (?:an? |his |her |their )?(?:GCSE|Entry Level|qualification|certificate|award|BTEC|exam)|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|fifty|hundred|half|all|every|each|both|independently|on (?:his|her|their) own|without (?:adult |an adult |any )?(?:help|prompts?|prompting|support|reminders?)|unaided|times|out of|accuracy|at least|no more than|consistently|first time|by (?:himself|herself|themselves))\b/i;
const BASELINE = /\b(?:currently|at present|presently|now (?:he|she|they|can)|from (?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|a|an|needing|being|having|using|playing|none|no)\b|up from|compared with|baseline|at the moment|this year|last year|at the time of writing|having (?:passed|reached|achieved|completed)|at present|starting from|(?:is|was) (?:able|unable)|cannot yet|can currently|currently)\b/i;
const LINK = /\b(?:[BCD] ?\d+(?:\.\d+)?|needs? (?:\d+|[BCD]\d)|needs?:|links? to|linked to|answers need|communication and interaction|cognition and learning|social,? emotional and mental health|SEMH|sensory and\/or physical|sensory and physical|physical and sensory|health need|social care need|area of need)\b/i;

const NIL_START = /^(?:[-–—]+|no\.?$|none\b|nil\b|n\/?a\b|not applicable\b|no (?:[\w-]+ ){0,3}(?:needs?|provision)\b|there (?:are|is) (?:currently )?no\b|not required\b)/i;
const NIL_PHRASE = /\b(?:has|have) no (?:[\w-]+ ){0,4}needs?\b|\bno (?:[\w-]+ ){0,5}(?:provision|needs?) (?:is|are|was|were|has been|have been) (?:[\w-]+ )?(?:needed|required|identified|assessed|necessary)\b|\b(?:does|do) not have any (?:[\w-]+ ){0,3}needs?\b|\bno (?:personal budget|direct payment)\b|\b(?:personal budget|one) (?:was|has|have) not (?:been )?(?:requested|asked for)|\b(?:did|has|have) not (?:ask|request|want)(?:ed)? (?:for )?(?:a |one\b)|\bnot (?:been )?requested\b|\bno (?:[\w-]+ ){0,3}provision is (?:needed|required)\b/i;
/** Whether text (trimmed) is a statement that there is nothing here. */
function nilLike(t: string): boolean {
  if (t === '') return true;
  if (NIL_START.test(t)) return true;
  return t.split(/\s+/).length <= 120 && NIL_PHRASE.test(t.slice(0, 300));
}
const NIL_ADVICE = /\b(?:advice|advised|assessment|assessed|sought|consulted|asked for|contacted|report|because|as (?:he|she|they)|since|team|service|paediatrician|nurse|social worker|therapist|doctor|GP|professional|confirmed|according to|appendix)\b/i;
const RIGHT_TO_ASK = /\b(?:can ask|may ask|could ask|can request|may request|right to (?:ask|request)|at any time|at the (?:next )?annual review|were told|was told|explained|informed|any time)\b/i;
const SETTING_NAME = /\b[A-Z][A-Za-z'’-]+(?: [A-Z][A-Za-z'’-]+)* (?:School|Academy|College|Nursery|Pre-school|Preschool|Centre|Center|Unit|Base|Provision|Institute|Free School)\b/;
const DRAFT_BLANK = /\b(?:blank|to be named|to be confirmed|to be agreed|not named|will be named|in the final plan|after consultation|following consultation|preference)\b/i;

const FIRST_PERSON = /["“][^"”]{3,}["”]|\bI\b|\bI'm\b|\bI’m\b|\bmy\b|\bme\b|\b(?:signed (?:her|his|their)|pointed (?:to|at)|chose (?:the|his|her|their)|reached for|pushed away|eye gaze)\b|\bviews as shown\b|\bown way of communicating\b/;
const GATHERED = /\b(?:gathered|asked|talked|spoke|spoken|met|visited|talking mat|interview(?:ed)?|questionnaire|observ\w*|drew|draw|pictures?|symbols|signs?|signed|with the help of|using|own words|told|chose|choosing|pointed|showed|eye gaze|communication book|one-page profile|person-centred|meeting|conversation|wrote|written by|dictated)\b/i;

const ACRONYM = /\b[A-Z][A-Z0-9&]{1,5}s?\b/g;
const KNOWN_ACRONYMS = new Set(['EHC', 'EHCP', 'SEN', 'SEND', 'NHS', 'GP', 'UK', 'PE', 'TV', 'GCSE', 'GCSEs', 'BTEC', 'AM', 'PM', 'IT', 'OK', 'ID', 'DVD', 'PC', 'USB', 'MP', 'A', 'I', 'II', 'III', 'IV', 'V', 'VI', 'AND', 'THE', 'FOR', 'NOT', 'ALL', 'ONE', 'TWO', 'NO', 'OR', 'TO', 'OF', 'IN', 'ON', 'AT', 'BY', 'IS', 'IT', 'AN', 'AS', 'BE', 'DO', 'GO', 'HE', 'ME', 'MY', 'SO', 'UP', 'US', 'WE', 'YES', 'NB', 'PS', 'DRAFT', 'FINAL', 'PLAN', 'NOTE', 'N', 'A4', 'A3', 'KS1', 'KS2', 'KS3', 'KS4', 'KS5', 'HOW', 'WHAT', 'WHO']);
const SCORE = /\b(?:standard(?:ised)? scores?|scaled scores?|SS|centiles?|percentiles?|T-scores?|z-scores?|stanines?|quotients?|scored)\b[^.;]{0,30}?\d+/gi;
const SCORE_MEANING = /\b(?:average|below|above|typical|expected|where 100|for (?:his|her|their) age|out of|range|lowest|highest|most children|in every 100|compared with|same age|age-related|of children)\b/i;

// ---------------------------------------------------------------------------
// Items: lines, bullets and table rows, with their offsets in the section text.
interface Item { start: number; end: number; text: string }

function itemsOf(text: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  while (pos < text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    const line = text.slice(pos, nl);
    const lead = line.length - line.trimStart().length;
    const trimmed = line.trim();
    if (trimmed) items.push({ start: pos + lead, end: pos + lead + trimmed.length, text: trimmed });
    pos = nl + 1;
  }
  return items;
}

/** A sub-heading such as "Communication and interaction:" or a table header row. */
function isHeadingLine(text: string): boolean {
  const words = text.split(/\s+/).length;
  if (/:$/.test(text) && words <= 8) return true;
  if (/^\|?\s*(?:need|area of need|outcome|provision|what|who|how often)\b[^.]*\|/i.test(text)) return true;
  if (words <= 5 && !/[.;]$/.test(text) && !/\d/.test(text)) return true;
  return false;
}

/** Sentences of an item (split on full stops followed by a space and a capital). */
function sentencesOf(item: Item): Item[] {
  const out: Item[] = [];
  const re = /[^.!?]+(?:[.!?]+(?=\s+[A-Z("“]|\s*$)|$)/g;
  let m: RegExpExecArray | null;
  const joined: Item[] = [];
  while ((m = re.exec(item.text))) {
    if (!m[0].trim()) { if (re.lastIndex === m.index) re.lastIndex++; continue; }
    joined.push({ start: item.start + m.index, end: item.start + m.index + m[0].length, text: m[0] });
    if (re.lastIndex === m.index) re.lastIndex++;
  }
  // A split after an abbreviation ("Dr. Hale") is rare in plans; keep sentences as split.
  for (const s of joined) {
    const lead = s.text.length - s.text.trimStart().length;
    const t = s.text.trim();
    out.push({ start: s.start + lead, end: s.start + lead + t.length, text: t });
  }
  return out.length ? out : [item];
}

// ---------------------------------------------------------------------------
// The vague-wording glossary, compiled once per glossary.
type TermRule = 'always' | 'settled' | 'frequency' | 'group' | 'minimum' | 'modal' | 'some';
interface CompiledTerm { term: string; rule: TermRule; re: RegExp }
const compiledGlossaries = new WeakMap<Glossary, CompiledTerm[]>();

// A Map, not an object: "should" is a property of every object where test types add one.
const SOFT = new Map<string, TermRule>([
  ['regular', 'frequency'], ['regularly', 'frequency'], ['periodic', 'frequency'],
  ['some', 'some'], ['up to', 'minimum'], ['should', 'modal'], ['may', 'modal'], ['could', 'modal'], ['might', 'modal'],
  ['access to', 'settled'], ['opportunities for', 'settled'], ['opportunities to', 'settled'], ['a range of', 'settled'],
  ['additional support', 'settled'], ['a high level of support', 'settled'], ['enhanced support', 'settled'],
]);

function escapeRe(s: string): string { return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/'/g, "['’]"); }

export function compileGlossary(glossary: Glossary): CompiledTerm[] {
  const hit = compiledGlossaries.get(glossary);
  if (hit) return hit;
  const terms = glossary.terms.map((raw) => {
    const m = /^(.*?)\s*\((.*)\)\s*$/.exec(raw);
    const term = (m ? m[1]! : raw).trim().toLowerCase();
    const qualifier = m ? m[2]!.toLowerCase() : '';
    const rule: TermRule = qualifier.includes('size') ? 'group' : qualifier ? 'settled' : (SOFT.get(term) ?? 'always');
    return { term, rule, re: new RegExp(`(?<![\\w-])${escapeRe(term)}(?![\\w-])`, 'gi') };
  });
  // Longer terms first, so "a high level of support" wins over "support".
  terms.sort((a, b) => b.term.length - a.term.length);
  compiledGlossaries.set(glossary, terms);
  return terms;
}

const ROLE_WORD = /\b(?:school|staff|provision|there|TAs?|teachers?|teaching assistants?|therapists?|SENCo|support|adults?|sessions?|programmes?|it|this|these|services?|setting|college|team)\s*$/i;

function termIsVague(rule: TermRule, term: string, sentence: string, before: string, after: string, matched: string): boolean {
  if (term === 'support' || term === 'input') {
    // "family support worker", "learning support assistant": a role, not provision.
    if (/^\s*(?:workers?|services?|teams?|plans?|assistants?|staff|officers?|practitioners?)\b/i.test(after)) return false;
  }
  switch (rule) {
    case 'always':
      return true;
    case 'settled':
      return !(FREQ.test(sentence) || LENGTH.test(sentence)) || !WHO.test(sentence);
    case 'frequency':
      return !(FREQ.test(sentence.replace(new RegExp(escapeRe(term), 'gi'), '')) || LENGTH.test(sentence));
    case 'group':
      return !GROUP_SIZE.test(sentence);
    case 'minimum':
      if (/^\s*(?:\d+|one|two|three|four|five|six|seven|eight|ten)\s+(?:other\s+)?(?:pupils|children|students|learners|young people|peers)/i.test(after)) return false;
      return !/\b(?:at least|a minimum of|minimum|no fewer than|no less than|guaranteed)\b/i.test(sentence);
    case 'modal': {
      if (term === 'may' && matched === 'May') return false; // the month
      // Provision left open ("may receive", "should be offered"), or what staff "should" do.
      if (/^\s*(?:also\s+)?(?:be (?:offered|given|provided|supported|able to access|considered)|receive|have access|access|attend|get|benefit|use|provide|offer|support|include)\b/i.test(after)) return true;
      return ROLE_WORD.test(before);
    }
    case 'some':
      return /^\s*(?:support|help|time|sessions?|input|1:1|one-to-one|adult|additional|extra|small[- ]group|work|access|opportunit)/i.test(after) && !LENGTH.test(sentence);
  }
}

// ---------------------------------------------------------------------------

type Emit = (check: string, section: PlanSectionId, start: number, end: number, text: string) => void;

function checkProvision(id: PlanSectionId, text: string, terms: CompiledTerm[], emit: Emit): void {
  for (const item of itemsOf(text)) {
    if (isHeadingLine(item.text)) continue;
    for (const s of sentencesOf(item)) {
      const taken: [number, number][] = [];
      for (const t of terms) {
        t.re.lastIndex = 0;
        let m: RegExpExecArray | null;
        while ((m = t.re.exec(s.text))) {
          const a = m.index;
          const b = a + m[0].length;
          if (taken.some(([x, y]) => a < y && b > x)) continue;
          if (termIsVague(t.rule, t.term, s.text, s.text.slice(Math.max(0, a - 40), a), s.text.slice(b, b + 40), m[0])) {
            taken.push([a, b]);
            emit('vague-wording', id, s.start + a, s.start + b, m[0]);
          }
        }
      }
    }
    const t = item.text;
    const isNilItem = NIL_START.test(t);
    if (isNilItem) continue;
    const delivery = DELIVERY.test(t);
    const amount = FREQ.test(t) || LENGTH.test(t);
    if (delivery && !amount) emit('provision-amount', id, item.start, item.end, t);
    const group = /\bgroups?\b/i.exec(t);
    if (group && !/\bsmall[- ]groups?\b/i.test(t) && !/\b(?:year|age|peer|support|friendship|parent|family|tutor|key stage|working|steering)\s+groups?\b/i.test(t) && !/\bgroups? (?:work|of staff)\b/i.test(t) && !GROUP_SIZE.test(t)) {
      emit('provision-group-size', id, item.start + group.index, item.start + group.index + group[0].length, group[0]);
    }
    if (delivery && !WHO.test(t)) emit('provision-who', id, item.start, item.end, t);
    if (SKILLED.test(t) && NONSPECIALIST.test(t) && !TRAINING.test(t)) emit('provision-expertise', id, item.start, item.end, t);
    if (PROGRAMME.test(t.replace(/\btrained (?:in|on) [^,.;]*?(?:programme|intervention|course)/gi, '')) && !RUN_LENGTH.test(t)) emit('provision-duration', id, item.start, item.end, t);
  }
}

function outcomeItems(text: string): Item[] {
  return itemsOf(text).filter((item) => {
    if (isHeadingLine(item.text)) return false;
    const labelled = /^(?:\d+[.)]|[-•*]|E ?\d+|Outcome ?\d+|\(?[a-z]\))\s*/i.test(item.text);
    return (labelled || /\bwill\b/i.test(item.text)) && item.text.split(/\s+/).length >= 3 && !(!labelled && /\b(?:outcomes|targets|steps)\b/i.test(item.text));
  });
}

function checkOutcomes(text: string, emit: Emit): void {
  for (const item of outcomeItems(text)) {
    const t = item.text;
    if (!DATE_STAGE.test(t)) emit('outcome-date', 'E', item.start, item.end, t);
    if (!MEASURE.test(t.replace(/as independently as possible/gi, '').replace(/^(?:\d+[.)]|E ?\d+|Outcome ?\d+)\s*/i, '').replace(new RegExp(`\\b(?:by|before|in|until)\\b[^.;,]{0,30}?(?:(?:19|20)\\d\\d|year ?\\d+|key stage ?\\d?|KS\\d|age (?:of )?\\d+)`, 'gi'), '').replace(/\([BCD]\d+[^)]*\)|\b[BCD]\d+\b/g, ''))) emit('outcome-measure', 'E', item.start, item.end, t);
    if (!BASELINE.test(t)) emit('outcome-baseline', 'E', item.start, item.end, t);
    if (!LINK.test(t)) emit('outcome-link', 'E', item.start, item.end, t);
  }
}

const NIL_SECTIONS: PlanSectionId[] = ['C', 'D', 'G', 'H1', 'H2', 'J'];

/** Whether a section's text records nothing (a nil statement or a blank). */
export function isNilText(text: string): boolean {
  return nilLike(text.trim());
}

function checkNil(plan: PlanText, id: PlanSectionId, text: string, emit: Emit): void {
  const t = text.trim();
  const lead = text.length - text.trimStart().length;
  if (!plan.sections.some((s) => s.id === id)) return; // not supplied: nothing to say
  if (t === '') { emit('nil-bare', id, 0, 0, ''); return; }
  if (!nilLike(t)) return;
  const words = t.split(/\s+/).length;
  if (words <= 6) { emit('nil-bare', id, lead, lead + t.length, t); return; }
  const missing = id === 'J' ? !RIGHT_TO_ASK.test(t) : !NIL_ADVICE.test(t);
  if (missing) emit('nil-advice', id, lead, lead + t.length, t);
}

function recordsSomething(plan: PlanText, id: PlanSectionId): boolean {
  const s = plan.sections.find((x) => x.id === id);
  if (!s) return false;
  const t = s.text.trim();
  return t.split(/\s+/).length >= 12 && !nilLike(t);
}

function checkNilConsistency(plan: PlanText, emit: Emit): void {
  const nilSpan = (id: PlanSectionId) => {
    const s = plan.sections.find((x) => x.id === id);
    if (!s || !isNilText(s.text)) return undefined;
    const lead = s.text.length - s.text.trimStart().length;
    const t = s.text.trim();
    return { start: lead, end: lead + t.length, text: t };
  };
  const g = nilSpan('G');
  if (g && recordsSomething(plan, 'C') && !/\b(?:section f|met by|in section|no health provision is needed because|because)\b/i.test(g.text)) emit('nil-consistent', 'G', g.start, g.end, g.text);
  const h1 = nilSpan('H1');
  const h2 = nilSpan('H2');
  if (h1 && h2 && recordsSomething(plan, 'D')) {
    for (const [id, span] of [['H1', h1], ['H2', h2]] as const) {
      if (!/\b(?:because|met by|in section|universal|family)\b/i.test(span.text)) emit('nil-consistent', id, span.start, span.end, span.text);
    }
  }
}

function checkDraft(status: PlanStatus | undefined, text: string, emit: Emit): void {
  if (status !== 'draft') return;
  const t = text.trim();
  if (!t) return;
  const m = SETTING_NAME.exec(text);
  if (m && !DRAFT_BLANK.test(t)) emit('draft-names-school', 'I', m.index, m.index + m[0].length, m[0]);
  else if (!m && !DRAFT_BLANK.test(t) && !/^(?:[-–—]|n\/?a|none)\.?$/i.test(t) && /\b(?:school|academy|college|nursery|placement)\b/i.test(t)) {
    const lead = text.length - text.trimStart().length;
    emit('draft-names-school', 'I', lead, lead + t.length, t);
  }
}

function checkVoice(text: string, emit: Emit): void {
  const t = text.trim();
  if (!t) return;
  const lead = text.length - text.trimStart().length;
  const firstLineEnd = t.indexOf('\n') < 0 ? t.length : t.indexOf('\n');
  if (!FIRST_PERSON.test(t)) emit('child-voice', 'A', lead, lead + firstLineEnd, t.slice(0, firstLineEnd));
  if (!GATHERED.test(t)) emit('views-gathered', 'A', lead, lead + firstLineEnd, t.slice(0, firstLineEnd));
}

function definedAcronyms(plan: PlanText): Set<string> {
  const out = new Set<string>();
  for (const s of plan.sections) {
    for (const m of s.text.matchAll(/\(([A-Z][A-Za-z0-9&]{1,6})s?\)/g)) out.add(m[1]!);
    for (const m of s.text.matchAll(/\b([A-Z][A-Z0-9&]{1,5})s?\s*(?:\(|[-–—:]\s*|=\s*|stands for\s+|means\s+)\s*[a-z]/g)) out.add(m[1]!);
  }
  return out;
}

function checkAcronyms(plan: PlanText, emit: Emit): void {
  const defined = definedAcronyms(plan);
  const seen = new Set<string>();
  for (const s of plan.sections) {
    const criterionOk = byId.get('acronym')!.criteria[s.id];
    for (const item of itemsOf(s.text)) {
      if (item.text === item.text.toUpperCase() && /[A-Z]{3}/.test(item.text)) continue; // a title in capitals
      ACRONYM.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = ACRONYM.exec(item.text))) {
        const word = m[0].replace(/s$/, '');
        if (KNOWN_ACRONYMS.has(m[0]) || KNOWN_ACRONYMS.has(word) || /^[A-K]\d+$|^[BCDE]\d|^KS\d|^Y\d+$|^\d/.test(word) || word.length < 2) continue;
        if (defined.has(word) || seen.has(word)) { seen.add(word); continue; }
        seen.add(word);
        if (criterionOk) emit('acronym', s.id, item.start + m.index, item.start + m.index + m[0].length, m[0]);
      }
    }
  }
}

function checkScores(id: PlanSectionId, text: string, emit: Emit): void {
  for (const item of itemsOf(text)) {
    for (const s of sentencesOf(item)) {
      SCORE.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = SCORE.exec(s.text))) {
        if (!SCORE_MEANING.test(s.text)) emit('test-score', id, s.start + m.index, s.start + m.index + m[0].length, m[0]);
      }
    }
  }
}

/** Labels at the start of lines: "B1", "Need 2", "E3", "Outcome 4" (the number is the key). */
function labelsOf(text: string, letter: 'B' | 'E'): { n: string; start: number; end: number; text: string }[] {
  const word = letter === 'B' ? 'Need' : 'Outcome';
  const re = new RegExp(`^[ \\t]*(?:[-•*][ \\t]*)?\\(?(${letter} ?(\\d+)|${word} ?(\\d+))\\b`, 'gim');
  const out: { n: string; start: number; end: number; text: string }[] = [];
  for (const m of text.matchAll(re)) {
    const start = m.index! + m[0].indexOf(m[1]!);
    out.push({ n: m[2] ?? m[3]!, start, end: start + m[1]!.length, text: m[1]! });
  }
  return out;
}

function refsOf(text: string, letter: 'B' | 'E'): Set<string> {
  const word = letter === 'B' ? 'needs?' : 'outcomes?';
  const out = new Set<string>();
  for (const m of text.matchAll(new RegExp(`\\b${letter} ?(\\d+)\\b`, 'g'))) out.add(m[1]!);
  for (const m of text.matchAll(new RegExp(`\\b${word}:? ((?:\\d+(?:\\s*(?:,|and|&|-|–|to)\\s*)?)+)`, 'gi'))) {
    const nums = m[1]!.match(/\d+/g) ?? [];
    if (/[-–]|to/.test(m[1]!) && nums.length === 2) for (let i = Number(nums[0]); i <= Number(nums[1]) && i < 100; i++) out.add(String(i));
    else nums.forEach((n) => out.add(n));
  }
  return out;
}

function checkThread(plan: PlanText, emit: Emit): void {
  const get = (id: PlanSectionId) => plan.sections.find((s) => s.id === id)?.text;
  const b = get('B'); const e = get('E'); const f = get('F');
  const needs = b ? labelsOf(b, 'B') : [];
  if (needs.length >= 2) {
    const eRefs = e ? refsOf(e, 'B') : new Set<string>();
    const fRefs = f ? refsOf(f, 'B') : new Set<string>();
    for (const need of needs) {
      if (eRefs.size && !eRefs.has(need.n)) emit('need-without-outcome', 'B', need.start, need.end, need.text);
      if (fRefs.size && !fRefs.has(need.n)) emit('need-without-provision', 'B', need.start, need.end, need.text);
    }
  }
  const outcomes = e ? labelsOf(e, 'E') : [];
  if (outcomes.length >= 2 && f) {
    const fRefs = refsOf(f, 'E');
    if (fRefs.size) for (const o of outcomes) if (!fRefs.has(o.n)) emit('outcome-without-provision', 'E', o.start, o.end, o.text);
  }
}

/**
 * Runs every check over a plan and returns the findings in section order.
 *
 * @example
 * const plan = parsePlanText(text);
 * const findings = checkPlan(plan, { framework: ehcpPlanV2 });
 */
export function checkPlan(plan: PlanText, options: CheckOptions): Finding[] {
  const glossary = options.framework.glossaries?.find((g) => g.id === 'vague-wording');
  const terms = glossary ? compileGlossary(glossary) : [];
  const status = options.status ?? plan.status;
  const only = options.only ? new Set(options.only) : undefined;
  const findings: Finding[] = [];
  const emit: Emit = (check, section, start, end, text) => {
    if (only && !only.has(check)) return;
    const def = byId.get(check)!;
    const criterion = def.criteria[section];
    if (!criterion) return;
    const wording = options.wording?.[check];
    findings.push({ check, criterion, section, start, end, text, severity: def.severity, message: wording?.message ?? def.message, rewrite: wording?.rewrite ?? def.rewrite });
  };
  for (const s of plan.sections) {
    if (PROVISION.includes(s.id)) checkProvision(s.id, s.text, terms, emit);
    if (s.id === 'E') checkOutcomes(s.text, emit);
    if (NIL_SECTIONS.includes(s.id)) checkNil(plan, s.id, s.text, emit);
    if (s.id === 'I') checkDraft(status, s.text, emit);
    if (s.id === 'A') checkVoice(s.text, emit);
    if (s.id === 'B' || s.id === 'C') checkScores(s.id, s.text, emit);
  }
  checkNilConsistency(plan, emit);
  checkAcronyms(plan, emit);
  checkThread(plan, emit);
  const order = (id: PlanSectionId) => PLAN_SECTION_IDS.indexOf(id);
  return findings.sort((a, b) => order(a.section) - order(b.section) || a.start - b.start || a.end - b.end);
}

/** The definition of a check, by id. */
export function checkDefinition(id: string): CheckDefinition | undefined {
  return byId.get(id);
}
