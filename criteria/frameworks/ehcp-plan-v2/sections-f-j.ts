/**
 * Sections F, G, H1, H2, I and J of `ehcp-plan` 2.0.0, as plain data.
 *
 * Rules these sections keep (see the framework spec):
 * - Good needs every applicable core criterion and all but `qualityMayMiss` of the
 *   applicable quality criteria; Outstanding needs Good and `outstandingNeeds` of the
 *   applicable Outstanding criteria.
 * - Every core criterion has a weakness indicator (`mirrors`) at the same threshold,
 *   so a section either meets the core criterion or meets its mirror. Quality criteria
 *   have no mirror: missing one never lowers the grade on its own.
 * - Criteria that only apply to some plans say so in `appliesWhen`; nothing is
 *   "ticked because it does not apply".
 * - G, H1, H2 and J have a nil-statement question. Their content criteria apply when
 *   the section sets out provision (`nilStatement: false`); a small nil path applies
 *   when it says there is none. A complete nil statement is Good, never Outstanding.
 * - Section I is Not applicable only in a draft plan left blank.
 *
 * Ids reuse 1.0.0 names only where the meaning is unchanged. Every example describes
 * an invented child.
 */
import { FROM_YEAR_9 } from './facts.js';
import { vagueWording } from './glossary.js';
import type { SectionData } from './types.js';

type Condition = NonNullable<SectionData['criteria'][number]['appliesWhen']>;

const VAGUE = vagueWording.id;

/** The section sets out provision (the usual case). */
const CONTENT: Condition = { nilStatement: false };
/** The section says there is none (a nil statement, including a blank or bare "N/A"). */
const NIL: Condition = { nilStatement: true };
/** From Year 9: preparing for adulthood. */
const YEAR_9_ON: Condition = { fact: 'age-band', in: FROM_YEAR_9 };
/** Young people aged 19 to 25: adult care and support under the Care Act 2014. */
const ADULT: Condition = { fact: 'age-band', in: ['post-19'] };
/** Age bands that can include a young person aged 18 or over. */
const MAY_BE_18: Condition = { fact: 'age-band', in: ['post-16', 'post-19'] };
/** Year 9 to 18: the move from children's to adult social care is still ahead. */
const BEFORE_ADULT_SERVICES: Condition = { fact: 'age-band', in: ['year-9-to-year-11', 'post-16'] };
const DRAFT: Condition = { fact: 'plan-status', in: ['draft'] };
const FINAL: Condition = { fact: 'plan-status', in: ['final', 'amended'] };
const content = (...more: Condition[]): Condition => (more.length ? { all: [CONTENT, ...more] } : CONTENT);

/** The shared part of every "How do I choose?" text. */
const HOW_THE_RULE_WORKS =
  'Tick a Good statement only when you can point to the words in the plan that meet it. Core statements (marked core) are the heart of the section: Good needs every one that applies. The others are quality statements: Good allows the stated number to be missed. Each core statement has a weakness indicator that is its failing side; if you cannot tick the core statement, tick that indicator. Tick any other weakness you see: one is enough to lower the suggestion. Greyed statements do not apply to this plan (its age band, status or nil statement) and count for nothing; never tick them.';

// ───────────────────────────── F ─────────────────────────────
export const sectionF: SectionData = {
  id: 'F',
  title: 'Section F: Special educational provision',
  purpose:
    'Specifies the special educational provision required by the child or young person for each of their special educational needs in Section B.',
  weight: 3,
  // Five quality points (expertise, layout, monitoring, transition, departures from the
  // advice). The six core points carry enforceability; an F that meets them all is a
  // sound, enforceable section even when two good-practice points are missing.
  qualityMayMiss: 2,
  outstandingNeeds: 1,
  criteria: [
    // Core
    {
      id: 'F.good.every-need-has-provision',
      level: 'good',
      core: true,
      text: 'Every need described in Section B has provision in this section.',
      hint: 'The link can be a heading or number, or plain from the content (provision for reading under a need about reading). Check need by need.',
    },
    {
      id: 'F.good.every-outcome-has-provision',
      level: 'good',
      core: true,
      text: 'Every outcome in Section E has provision working towards it, in this section or, for a health or social care outcome, in Section G, H1 or H2.',
      hint: 'A label or number is not needed when the link is plain from the content.',
    },
    {
      id: 'F.good.what-and-who',
      level: 'good',
      core: true,
      text: 'Each item says what will be provided (the programme, approach, resource, equipment or adjustment) and who provides it, at least by role.',
      hint: 'A role is enough here ("class teacher", "teaching assistant", "specialist teacher for visual impairment"). For an adjustment every adult makes, "all staff who work with her" counts.',
    },
    {
      id: 'F.good.quantified',
      level: 'good',
      core: true,
      text: 'Each item says how often and for how long it is provided, and, where it is delivered in a group, the group size or adult-to-pupil ratio.',
      hint: 'Provision that applies all the time is quantified when it says so ("in every lesson", "throughout the school day", "at all unstructured times"). Staffing counts when it gives hours a week or a ratio. Contact with the family, meetings and reviews are not provision for a need: judge them under monitoring, not here.',
    },
    {
      id: 'F.good.amount-and-kind-fixed',
      level: 'good',
      core: true,
      glossary: VAGUE,
      text: 'No item leaves the kind or amount of provision open, or to the school, setting or therapist to decide, through wording from the vague-wording glossary.',
      hint: 'A glossary word is a fault only when it leaves what, who or how much open. "Daily 20-minute reading support from a trained teaching assistant" is fine; "support with reading as determined by the school" is not. Contact with the family, meetings and reviews are not provision for a need: judge them under monitoring, not here.',
    },
    {
      id: 'F.good.preparing-for-adulthood',
      level: 'good',
      core: true,
      appliesWhen: YEAR_9_ON,
      text: 'The section includes provision that prepares the young person for adult life (for example careers guidance, work experience, travel training, independent living or self-advocacy skills), not only outcomes about it in Section E.',
    },
    // Quality
    {
      id: 'F.good.expertise-where-needed',
      level: 'good',
      text: 'Where an item depends on particular skills (a named programme, therapy, specialist teaching, signing), the section states the training, qualification or supervision of the person delivering it.',
      hint: 'Do not expect training for routine adjustments any teacher makes (seating, a visual timetable, extra time, instructions repeated).',
    },
    {
      id: 'F.good.organised-by-need',
      level: 'good',
      text: 'The provision is set out under the same headings or numbers as the needs in Section B (or in a table), so the provision for each need can be found at once.',
    },
    {
      id: 'F.good.monitoring',
      level: 'good',
      text: "The section says how and when the provision and the child's progress will be monitored and reviewed.",
    },
    {
      id: 'F.good.transition',
      level: 'good',
      text: 'The section includes provision for the next move the child faces while the plan is in force (a new class or key stage, a change of school or phase, starting college or training), saying what will happen and who arranges it.',
    },
    {
      id: 'F.good.departures-explained',
      level: 'good',
      needsAdvice: true,
      text: 'Every recommendation in the advice is either in the provision or the plan says why it was changed or left out.',
      hint: 'Answer "cannot tell" if you do not have the advice and the plan does not show it.',
    },
    // Outstanding
    {
      id: 'F.outstanding.whole-day',
      level: 'outstanding',
      text: 'The provision says what happens at unstructured times (breaks, lunch, moving between lessons, trips), not only in lessons; support from one adult for every hour of the day counts.',
    },
    {
      id: 'F.outstanding.contingency-and-accountability',
      level: 'outstanding',
      text: 'The section names who coordinates the provision and says what happens when it cannot be delivered as written (for example how sessions lost to staff absence or a therapy vacancy are made up).',
    },
    {
      id: 'F.outstanding.graduated',
      level: 'outstanding',
      text: 'The section says how the provision will change as the child progresses (for example adult help reduced step by step as independence grows, or what would trigger more), tied to the outcomes in Section E.',
    },
    // Requires improvement
    {
      id: 'F.requires-improvement.need-without-provision',
      level: 'requires-improvement',
      mirrors: 'F.good.every-need-has-provision',
      text: 'At least one need described in Section B has no provision in this section.',
    },
    {
      id: 'F.requires-improvement.outcome-without-provision',
      level: 'requires-improvement',
      mirrors: 'F.good.every-outcome-has-provision',
      text: 'At least one outcome in Section E has no provision working towards it, in this section or in Section G, H1 or H2.',
    },
    {
      id: 'F.requires-improvement.what-or-who-missing',
      level: 'requires-improvement',
      mirrors: 'F.good.what-and-who',
      text: 'At least one item does not say what will be provided (for example "help with literacy") or who provides it.',
    },
    {
      id: 'F.requires-improvement.not-fully-quantified',
      level: 'requires-improvement',
      mirrors: 'F.good.quantified',
      text: 'At least one item of provision for a need does not say how often or for how long it is provided, or is delivered in a group with no group size or ratio.',
    },
    {
      id: 'F.requires-improvement.amount-or-kind-left-open',
      level: 'requires-improvement',
      mirrors: 'F.good.amount-and-kind-fixed',
      glossary: VAGUE,
      text: 'At least one item leaves the kind or amount of provision open, or to the school, setting or therapist to decide, through wording from the vague-wording glossary.',
    },
    {
      id: 'F.requires-improvement.no-preparing-for-adulthood',
      level: 'requires-improvement',
      mirrors: 'F.good.preparing-for-adulthood',
      appliesWhen: YEAR_9_ON,
      text: 'The young person is in Year 9 or above and the section contains no provision that prepares them for adult life.',
    },
    {
      id: 'F.requires-improvement.educational-therapy-outside-f',
      level: 'requires-improvement',
      text: 'Speech and language therapy, occupational therapy or physiotherapy that educates or trains the child (for example a language, handwriting or motor-skills programme) appears in Section G or H but not in this section.',
      hint: 'Therapy that educates or trains is special educational provision and can only be enforced from Section F.',
    },
    {
      id: 'F.requires-improvement.part-time-timetable-incomplete',
      level: 'requires-improvement',
      text: 'The plan records a part-time timetable or reduced hours, and this section does not give all of: the days and hours attended, the plan for increasing them, and the date by which the part-time timetable ends.',
    },
    {
      id: 'F.requires-improvement.non-attendance-not-addressed',
      level: 'requires-improvement',
      text: 'The plan records that the child is not attending their school or setting, or attends very little, and this section says nothing about provision for that time or about how the return to education will be supported.',
    },
    // Inadequate
    {
      id: 'F.inadequate.area-of-need-without-provision',
      level: 'inadequate',
      text: 'A whole area of need in Section B (for example all the communication needs), or most of its needs, has no provision in this section.',
    },
    {
      id: 'F.inadequate.mostly-left-open',
      level: 'inadequate',
      glossary: VAGUE,
      text: 'Taken as a whole, the section cannot be enforced: the provision for the main needs in Section B leaves its kind or amount open (vague-wording glossary, or no frequency or duration at all), so what the child must receive is left to others to decide.',
      hint: 'Count the provision that matters most for the child, not the number of lines: a section whose main provision is fixed but whose lesser items are hedged is Requires improvement, not Inadequate.',
    },
    {
      id: 'F.inadequate.ordinarily-available-only',
      level: 'inadequate',
      text: 'The provision describes only what any pupil would receive (for example good teaching, differentiation) with nothing specific to this child.',
    },
  ],
  guidance: {
    choosing: `${HOW_THE_RULE_WORKS} In F, work through Section B need by need and find its provision, then through Section E outcome by outcome. Then read each item and ask: what exactly, who, how often, for how long, in what group size, and is any of it left to someone else to decide? One item with a gap is Requires improvement; most items left open, or a whole area of need with no provision, is Inadequate. The preparing-for-adulthood statements apply from Year 9 only. "Cannot tell" is allowed only for the statement about the advice, when you do not have the advice and the plan does not show it.`,
    goodLooksLike:
      'Provision set out under the same headings or numbers as the needs, often as a table: what is provided, who delivers it (with their training where the item needs it), how often, how long, group size, and which outcome it serves. A parent, a school or a tribunal could tell from the words alone whether it is being delivered, and nothing is left to the school to decide. Therapy that helps the child learn is here, not only in Section G. From Year 9 there is provision for adult life, such as travel training or work experience. A part-time timetable, if any, has its days, hours, a plan to build up and an end date.',
    example:
      'F1 (need B1, outcome E1). Reading: a structured phonics programme, one-to-one with a teaching assistant trained in the programme, four 20-minute sessions a week in a quiet room; the SENCo checks progress every half term. F2 (need B2, outcome E2). Speech and language therapy: a speech and language therapist sets Ren\'s programme each term (three hours a term, including a visit to class) and a trained teaching assistant delivers it in a group of no more than three pupils, three 15-minute sessions a week. F3 (need B3, outcome E3). Breaks and lunch: a named adult meets Ren at the start of every lunchtime and sets up a five-minute game with two classmates, daily. F4 (outcome E4). Move to secondary school: three extra visits in the summer term with his teaching assistant, and a photo book of the new school made before the holidays, arranged by the SENCos of both schools.',
    recommendations: [
      'Replace each vague phrase with the exact amount: what, who, how often, how long, and group size for group work.',
      'Check both directions of the golden thread: every need in Section B and every outcome in Section E has provision.',
      'Put provision under the same numbers as the needs in Section B, or use a table.',
      'State the training of whoever delivers a programme or therapy; routine adjustments need only who makes them.',
      'Specify speech and language therapy and other educational therapy in Section F, even when health services deliver it.',
      'From Year 9, add provision for adult life (careers, work experience, travel, independent living), and plan each transition the plan will cover.',
      'Where the provision differs from the advice, say why. Where the child is on a part-time timetable, give days, hours, a plan to increase them and an end date.',
    ],
  },
};

/** The shared part of the "How do I choose?" text for sections with a nil statement. */
const HOW_NIL_STATEMENTS_WORK =
  'Answer the nil-statement question first. Answer yes when the section says there is none, and also when it is blank or says only "N/A": then only the nil-statement criteria count. A complete nil statement (clear, with the advice or a reason, and nothing elsewhere in the plan against it) is Good; it cannot be Outstanding. A bare "N/A" is Requires improvement; a nil statement the rest of the plan contradicts is Inadequate.';

// ───────────────────────────── G ─────────────────────────────
export const sectionG: SectionData = {
  id: 'G',
  title: 'Section G: Health provision',
  purpose:
    'Specifies the health provision reasonably required by the learning difficulties or disabilities that result in the child or young person having special educational needs, including any individual health care plan.',
  weight: 1,
  // Content path: three quality points (four from Year 9). One may be missed: the
  // commissioner's agreement or the review point is often recorded elsewhere in the plan.
  // Nil path: one quality point, which may therefore be missed.
  qualityMayMiss: 2,
  outstandingNeeds: 1,
  nilStatement: {
    question: 'Does this section say that no health provision is required?',
    hint: 'Answer yes also when the section is blank or says only "N/A" or "None". Answer no when it sets out any health provision. A section that sets out no assessed provision (only signposting to a universal offer, a promise to consider it later, or something that happens only if things change) is not a nil statement: answer no and judge it as provision, which it will not specify.',
  },
  criteria: [
    // Core (content)
    {
      id: 'G.good.every-health-need',
      level: 'good',
      core: true,
      appliesWhen: CONTENT,
      text: 'Every health need in Section C has health provision here, or the section says why none is needed.',
    },
    {
      id: 'G.good.specified',
      level: 'good',
      core: true,
      appliesWhen: CONTENT,
      glossary: VAGUE,
      text: 'Each item says what will be provided, how often and for how long, with no wording from the vague-wording glossary leaving the kind or amount open.',
      hint: 'Care that follows an individual health care plan counts as specified when the plan is included or clearly referred to (for example "medication as set out in her health care plan, Appendix 2").',
    },
    {
      id: 'G.good.named-service',
      level: 'good',
      core: true,
      appliesWhen: CONTENT,
      text: "Each item says who delivers it: a named service or team, or the professional's role where the service is plain (for example the community paediatric team, the children's continence service, a paediatric dietitian).",
    },
    {
      id: 'G.good.mentioned-needs-covered',
      level: 'good',
      core: true,
      appliesWhen: CONTENT,
      text: 'Every current health need, and every health service working with the child, that the plan mentions in Section A or B is covered here (by provision, or by a reason none is needed).',
      hint: 'A diagnosis made years ago is not a service working with the child now; a clinic the child still attends is. A route that depends on things getting worse ("the GP can refer if needed") is neither provision nor a reason none is needed.',
    },
    // Quality (content)
    {
      id: 'G.good.commissioner-agreed',
      level: 'good',
      appliesWhen: CONTENT,
      text: 'The plan records that the health provision was agreed by the responsible health commissioner (for example the integrated care board), or names the health body that commissions it.',
    },
    {
      id: 'G.good.linked-to-outcomes',
      level: 'good',
      appliesWhen: CONTENT,
      text: 'Each item can be linked to an outcome in Section E, by label or plainly by its content.',
    },
    {
      id: 'G.good.review',
      level: 'good',
      appliesWhen: CONTENT,
      text: 'The section says when and by whom the health provision will be reviewed.',
    },
    {
      id: 'G.good.preparing-for-adulthood',
      level: 'good',
      appliesWhen: content(YEAR_9_ON),
      text: 'The section includes health provision that prepares the young person for adult life (for example learning to manage their own condition or medication, or planning the move to adult health services).',
    },
    // Core (nil statement)
    {
      id: 'G.good.nil-clear',
      level: 'good',
      core: true,
      appliesWhen: NIL,
      text: 'The section says in words that no health provision is required (not a blank, a bare "N/A" or "None").',
    },
    {
      id: 'G.good.nil-advice-or-reason',
      level: 'good',
      core: true,
      appliesWhen: NIL,
      text: 'The section says health advice was sought (naming the service or professional), or gives the reason no health provision is needed (for example by referring to the statement in Section C).',
    },
    {
      id: 'G.good.nil-consistent',
      level: 'good',
      core: true,
      appliesWhen: NIL,
      text: 'Nothing elsewhere in the plan (Sections A, B, C, D or K) describes a health need related to the SEN or disability, or a health service working with the child, that would call for health provision.',
      hint: 'Therapy set out in Section F as educational provision, or health advice in Section K that found no needs, does not contradict the statement.',
    },
    // Quality (nil statement)
    {
      id: 'G.good.nil-dated-review',
      level: 'good',
      appliesWhen: NIL,
      text: 'The nil statement is dated or refers to the advice it rests on, and says when or how health needs will be looked at again (for example at the annual review, or by re-referral through the GP).',
    },
    // Outstanding (content only)
    {
      id: 'G.outstanding.training-of-staff',
      level: 'outstanding',
      appliesWhen: CONTENT,
      text: 'The section says which health professional will train or advise school or setting staff, on what, and how often.',
    },
    {
      id: 'G.outstanding.contacts',
      level: 'outstanding',
      appliesWhen: CONTENT,
      text: "The section says whom the family or setting contacts if the health provision is not delivered or the child's health needs change.",
    },
    {
      id: 'G.outstanding.joined-up',
      level: 'outstanding',
      appliesWhen: CONTENT,
      text: 'The section shows how the health provision fits the school day and the provision in Section F (for example medication or therapy timed around lessons, targets shared with school staff).',
    },
    // Requires improvement
    {
      id: 'G.requires-improvement.some-needs-without-provision',
      level: 'requires-improvement',
      mirrors: 'G.good.every-health-need',
      appliesWhen: CONTENT,
      text: 'At least one health need in Section C has no provision and no explanation.',
    },
    {
      id: 'G.requires-improvement.not-specified',
      level: 'requires-improvement',
      mirrors: 'G.good.specified',
      appliesWhen: CONTENT,
      glossary: VAGUE,
      text: 'At least one item does not say what will be provided, how often or for how long, or leaves the kind or amount open through wording from the vague-wording glossary.',
    },
    {
      id: 'G.requires-improvement.service-not-named',
      level: 'requires-improvement',
      mirrors: 'G.good.named-service',
      appliesWhen: CONTENT,
      text: 'At least one item does not say who delivers it (no service, team or professional).',
    },
    {
      id: 'G.requires-improvement.health-care-plan-missing',
      level: 'requires-improvement',
      appliesWhen: CONTENT,
      text: 'The plan mentions an individual health care plan (or a care plan for a condition), and this section neither includes it nor says where it is.',
    },
    {
      id: 'G.requires-improvement.nil-bare',
      level: 'requires-improvement',
      mirrors: 'G.good.nil-clear',
      appliesWhen: NIL,
      text: 'The section is blank, or says only "N/A", "None", "No needs" or similar.',
    },
    {
      id: 'G.requires-improvement.nil-no-advice-or-reason',
      level: 'requires-improvement',
      mirrors: 'G.good.nil-advice-or-reason',
      appliesWhen: NIL,
      text: 'The section neither says that health advice was sought nor gives a reason why no health provision is needed.',
    },
    // Inadequate
    {
      id: 'G.inadequate.mentioned-need-or-service-missing',
      level: 'inadequate',
      mirrors: 'G.good.mentioned-needs-covered',
      appliesWhen: CONTENT,
      text: 'A current health need, or a health service working with the child, that the plan mentions in Section A or B is missing from this section (no provision and no reason).',
    },
    {
      id: 'G.inadequate.no-responsible-service',
      level: 'inadequate',
      appliesWhen: CONTENT,
      text: 'No item names a responsible service, so no one can be held to deliver the provision.',
    },
    {
      id: 'G.inadequate.nil-contradicted',
      level: 'inadequate',
      mirrors: 'G.good.nil-consistent',
      appliesWhen: NIL,
      text: 'Something elsewhere in the plan (Sections A, B, C, D or K) describes a health need related to the SEN or disability, or a health service working with the child, so the statement that no health provision is required is contradicted.',
    },
  ],
  guidance: {
    choosing: `${HOW_THE_RULE_WORKS} ${HOW_NIL_STATEMENTS_WORK} When G sets out provision, start from Section C: every need there should be met here or explained. Then read Sections A and B for health services or needs that C and G have left out: one missing is Inadequate. Check each item for what, how often, how long and which service. The preparing-for-adulthood statement applies from Year 9 only. Educational therapy found only here is recorded against Section F, not here.`,
    goodLooksLike:
      'Each health need in Section C has provision that names the responsible service, says what will be provided, how often and for how long, and plainly serves an outcome. Any individual health care plan is included or its place is given. The plan records that the health commissioner agreed the provision, and says when it will be reviewed. From Year 9 the young person is helped to manage their own health and the move to adult services is planned. Where no health provision is required, the section says so in a sentence, names the health advice or gives the reason, and says how needs would be picked up again.',
    example:
      'G1 (need C1, outcome E4). Epilepsy: the epilepsy nurse specialist (community children\'s nursing service) reviews Nia\'s seizure care plan with her parents and school every six months and trains two named members of school staff in it each September, with a refresher each spring. Her individual health care plan is Appendix 2. Provision agreed by the integrated care board on 3 March; reviewed at each annual review. Nil statement (another child): "No health provision is required. Health advice was sought from the community paediatrician (report of 12 January, Section K, item 4), which found no health needs related to Theo\'s special educational needs. If new health needs arise, his GP can refer him again."',
    recommendations: [
      'Name the responsible service for every item, and record that the health commissioner agreed the provision.',
      'State what, how often and for how long, as for Section F, and turn "would benefit from" into firm provision or explain why it is not included.',
      'Include any individual health care plan, or say where it is kept.',
      'Check Sections A and B for health services the child uses and cover each one here.',
      'Where no health provision is required, say so in a sentence, name the advice or give the reason, and say how needs would be looked at again.',
    ],
  },
};

// ───────────────────────────── H1 ─────────────────────────────
export const sectionH1: SectionData = {
  id: 'H1',
  title: 'Section H1: Social care provision under the Chronically Sick and Disabled Persons Act 1970',
  purpose:
    'Specifies the social care provision that must be made for a disabled child or young person under 18 under section 2 of the Chronically Sick and Disabled Persons Act 1970.',
  weight: 1,
  // Content path: two quality points (three from Year 9); the assessment date or the
  // outcome links are often given in Section D, so about half may be missed.
  qualityMayMiss: 2,
  outstandingNeeds: 1,
  nilStatement: {
    question: 'Does this section say that no provision under section 2 of the Chronically Sick and Disabled Persons Act 1970 is required?',
    hint: 'Answer yes also when the section is blank or says only "N/A" or "None". Answer no when it sets out any provision. A section that sets out no assessed provision (only signposting to a universal offer, a promise to consider it later, or something that happens only if things change) is not a nil statement: answer no and judge it as provision, which it will not specify.',
  },
  criteria: [
    // Core (content)
    {
      id: 'H1.good.section-2-only',
      level: 'good',
      core: true,
      appliesWhen: CONTENT,
      text: 'The section lists only provision made under section 2 of the Chronically Sick and Disabled Persons Act 1970 (for example practical help at home, help with travel, adaptations, leisure and short breaks), kept apart from other social care in H2.',
    },
    {
      id: 'H1.good.need-in-d',
      level: 'good',
      core: true,
      appliesWhen: CONTENT,
      text: 'Each item can be linked to a need in Section D, by label or plainly by its content.',
    },
    {
      id: 'H1.good.specified',
      level: 'good',
      core: true,
      appliesWhen: CONTENT,
      glossary: VAGUE,
      text: 'Each item says what will be provided, how often and for how long (for example hours of short breaks a month), with no wording from the vague-wording glossary leaving the kind or amount open.',
    },
    {
      id: 'H1.good.named-service',
      level: 'good',
      core: true,
      appliesWhen: CONTENT,
      text: 'Each item says who arranges or provides it: a named service or team (for example the children with disabilities team), or that the family arranges it through a direct payment. For adaptations and equipment, the named grant or scheme that arranges them counts (for example a Disabled Facilities Grant); a vague "funding will be sought" does not.',
    },
    {
      id: 'H1.good.mentioned-services-covered',
      level: 'good',
      core: true,
      appliesWhen: CONTENT,
      text: 'Every section 2 service the plan says the child receives or needs (for example short breaks, help at home, adaptations, help with travel), wherever it is mentioned in Section A, B or D, appears here.',
    },
    // Quality (content)
    {
      id: 'H1.good.assessment-basis',
      level: 'good',
      appliesWhen: CONTENT,
      text: 'The section names and dates the social care assessment the provision follows from.',
    },
    {
      id: 'H1.good.linked-to-outcomes',
      level: 'good',
      appliesWhen: CONTENT,
      text: 'Each item can be linked to an outcome in Section E, by label or plainly by its content.',
    },
    {
      id: 'H1.good.preparing-for-adulthood',
      level: 'good',
      appliesWhen: content(YEAR_9_ON),
      text: 'The provision includes help towards adult life (for example travelling independently, taking part in community activities with peers, skills at home), or says when the move to adult social care will be assessed.',
    },
    // Core (nil statement)
    {
      id: 'H1.good.nil-clear',
      level: 'good',
      core: true,
      appliesWhen: NIL,
      text: 'The section says in words that no provision under section 2 of the 1970 Act is required (not a blank, a bare "N/A" or "None").',
    },
    {
      id: 'H1.good.nil-advice-or-reason',
      level: 'good',
      core: true,
      appliesWhen: NIL,
      text: 'The section says social care advice was sought (naming the team), or gives the reason none is needed (for example the young person is 18 or over and their care is set out in H2).',
    },
    {
      id: 'H1.good.nil-consistent',
      level: 'good',
      core: true,
      appliesWhen: NIL,
      text: 'Nothing elsewhere in the plan (Sections A, B, D or K) describes a section 2 service the child receives, or a need that calls for one (short breaks, help at home, adaptations, help with travel).',
    },
    // Quality (nil statement)
    {
      id: 'H1.good.nil-dated-review',
      level: 'good',
      appliesWhen: NIL,
      text: 'The nil statement is dated or refers to the advice it rests on, and says when or how social care needs will be looked at again (for example at the annual review, or on request to the named team).',
    },
    // Outstanding (content only)
    {
      id: 'H1.outstanding.family-choices',
      level: 'outstanding',
      appliesWhen: CONTENT,
      text: "The section records how the child's and family's preferences shaped the provision (for example the choice of short-break activity or provider).",
    },
    {
      id: 'H1.outstanding.review-and-contact',
      level: 'outstanding',
      appliesWhen: CONTENT,
      text: 'The section says when the provision will be reviewed and whom the family contacts if it is not delivered.',
    },
    {
      id: 'H1.outstanding.joined-up',
      level: 'outstanding',
      appliesWhen: CONTENT,
      text: 'The section shows how the social care provision fits with the provision in Sections F and G (for example shared routines at home and school).',
    },
    // Requires improvement
    {
      id: 'H1.requires-improvement.mixed-with-h2',
      level: 'requires-improvement',
      mirrors: 'H1.good.section-2-only',
      appliesWhen: CONTENT,
      text: 'Section 2 provision and other social care provision are mixed together, so it is not clear which duty each item falls under.',
    },
    {
      id: 'H1.requires-improvement.not-linked-to-needs',
      level: 'requires-improvement',
      mirrors: 'H1.good.need-in-d',
      appliesWhen: CONTENT,
      text: 'At least one item cannot be linked to a need in Section D.',
    },
    {
      id: 'H1.requires-improvement.not-specified',
      level: 'requires-improvement',
      mirrors: 'H1.good.specified',
      appliesWhen: CONTENT,
      glossary: VAGUE,
      text: 'At least one item does not say what will be provided, how often or for how long, or leaves the kind or amount open through wording from the vague-wording glossary.',
    },
    {
      id: 'H1.requires-improvement.service-not-named',
      level: 'requires-improvement',
      mirrors: 'H1.good.named-service',
      appliesWhen: CONTENT,
      text: 'At least one item does not say who arranges or provides it (no service, team, direct payment or named scheme).',
    },
    {
      id: 'H1.requires-improvement.adult-in-h1',
      level: 'requires-improvement',
      appliesWhen: content(MAY_BE_18),
      text: 'The young person is 18 or over and this section still lists social care provision; from 18, care and support under the Care Act 2014 belongs in H2.',
    },
    {
      id: 'H1.requires-improvement.nil-bare',
      level: 'requires-improvement',
      mirrors: 'H1.good.nil-clear',
      appliesWhen: NIL,
      text: 'The section is blank, or says only "N/A", "None", "No needs" or similar.',
    },
    {
      id: 'H1.requires-improvement.nil-no-advice-or-reason',
      level: 'requires-improvement',
      mirrors: 'H1.good.nil-advice-or-reason',
      appliesWhen: NIL,
      text: 'The section neither says that social care advice was sought nor gives a reason why no section 2 provision is needed.',
    },
    // Inadequate
    {
      id: 'H1.inadequate.mentioned-service-missing',
      level: 'inadequate',
      mirrors: 'H1.good.mentioned-services-covered',
      appliesWhen: CONTENT,
      text: 'A section 2 service the plan says the child receives or needs (in Section A, B or D) is missing from this section.',
    },
    {
      id: 'H1.inadequate.nil-contradicted',
      level: 'inadequate',
      mirrors: 'H1.good.nil-consistent',
      appliesWhen: NIL,
      text: 'Something elsewhere in the plan (Sections A, B, D or K) describes a section 2 service the child receives, or a need that calls for one, so the statement that none is required is contradicted.',
    },
  ],
  guidance: {
    choosing: `${HOW_THE_RULE_WORKS} ${HOW_NIL_STATEMENTS_WORK} When H1 sets out provision, first decide whether each item belongs here: H1 holds only what the council must provide for a disabled child under section 2 of the 1970 Act (help at home, travel, adaptations, leisure and short breaks); everything else goes in H2. Then read Sections A, B and D for section 2 services the family mentions (short breaks they already have, for example): one missing here is Inadequate. For a young person of 18 or over, H1 should normally be a nil statement pointing to H2.`,
    goodLooksLike:
      'A short list of section 2 services, each plainly meeting a need in Section D and serving an outcome in Section E, saying what is provided, how much and how often, and which team arranges it, following a named, dated assessment. From Year 9 the provision builds skills for adult life. Where none is required, the section says so in a sentence, names the social care advice or gives the reason, and says how needs would be picked up again.',
    example:
      'H1.1 (need D2, outcome E5). Short breaks: Isla will have six hours a month with a trained support worker, to go swimming and to a youth club of her choice, arranged by the children with disabilities team following the disabled children\'s assessment of 14 April. H1.2 (need D1). A bath lift will be fitted at home by the council\'s adaptations service by the end of September. Nil statement (another young person): "No provision under section 2 of the 1970 Act is required: Sam is 19, and his care and support under the Care Act 2014 is set out in H2."',
    recommendations: [
      'Separate section 2 provision (H1) from other social care provision (H2).',
      'Quantify each item (hours, frequency, duration) and name the team that arranges it.',
      'Name and date the assessment the provision follows from.',
      'Check Sections A, B and D for services the family already receives, and include each one.',
      'Where none is needed, say so in a sentence and say that social care advice was sought, or why none is needed.',
    ],
  },
};

// ───────────────────────────── H2 ─────────────────────────────
export const sectionH2: SectionData = {
  id: 'H2',
  title: 'Section H2: Other social care provision',
  purpose:
    'Specifies any other social care provision reasonably required by the learning difficulties or disabilities that result in special educational needs, including adult care and support under the Care Act 2014.',
  weight: 1,
  // Content path: two quality points (three from Year 9 to 18); the assessment date or the
  // outcome links are often given in Section D, so about half may be missed.
  qualityMayMiss: 2,
  outstandingNeeds: 1,
  nilStatement: {
    question: 'Does this section say that no other social care provision is required?',
    hint: 'Answer yes also when the section is blank or says only "N/A" or "None". Answer no when it sets out any provision. A section that sets out no assessed provision (only signposting to a universal offer, a promise to consider it later, or something that happens only if things change) is not a nil statement: answer no and judge it as provision, which it will not specify.',
  },
  criteria: [
    // Core (content)
    {
      id: 'H2.good.other-duties-only',
      level: 'good',
      core: true,
      appliesWhen: CONTENT,
      text: 'The section lists social care provision made under duties other than section 2 of the 1970 Act (for example support for a child in need, or care and support under the Care Act 2014), kept apart from H1.',
    },
    {
      id: 'H2.good.need-in-d',
      level: 'good',
      core: true,
      appliesWhen: CONTENT,
      text: 'Each item can be linked to a need in Section D, by label or plainly by its content.',
    },
    {
      id: 'H2.good.specified',
      level: 'good',
      core: true,
      appliesWhen: CONTENT,
      glossary: VAGUE,
      text: 'Each item says what will be provided, how often and for how long, with no wording from the vague-wording glossary leaving the kind or amount open.',
    },
    {
      id: 'H2.good.named-service',
      level: 'good',
      core: true,
      appliesWhen: CONTENT,
      text: 'Each item says who arranges or provides it: a named service or team (for example the children in need team, adult social care), or that the family arranges it through a direct payment. A vague "funding will be sought" is not enough.',
    },
    {
      id: 'H2.good.mentioned-services-covered',
      level: 'good',
      core: true,
      appliesWhen: CONTENT,
      text: 'Every other social care service the plan says the child receives or needs (for example a family support worker, child in need support, Care Act care and support), wherever it is mentioned in Section A, B or D, appears here.',
    },
    {
      id: 'H2.good.care-act',
      level: 'good',
      core: true,
      appliesWhen: content(ADULT),
      text: 'The provision is set out as care and support under the Care Act 2014, naming the adult social care assessment or care and support plan it comes from.',
    },
    // Quality (content)
    {
      id: 'H2.good.assessment-basis',
      level: 'good',
      appliesWhen: CONTENT,
      text: 'The section names and dates the social care assessment the provision follows from.',
    },
    {
      id: 'H2.good.linked-to-outcomes',
      level: 'good',
      appliesWhen: CONTENT,
      text: 'Each item can be linked to an outcome in Section E, by label or plainly by its content.',
    },
    {
      id: 'H2.good.transition-to-adult-services',
      level: 'good',
      appliesWhen: content(BEFORE_ADULT_SERVICES),
      text: "The section says how and when responsibility will pass from children's to adult social care (for example when the Care Act transition assessment will take place).",
    },
    // Core (nil statement)
    {
      id: 'H2.good.nil-clear',
      level: 'good',
      core: true,
      appliesWhen: NIL,
      text: 'The section says in words that no other social care provision is required (not a blank, a bare "N/A" or "None").',
    },
    {
      id: 'H2.good.nil-advice-or-reason',
      level: 'good',
      core: true,
      appliesWhen: NIL,
      text: 'The section says social care advice was sought (naming the team), or gives the reason none is needed (for example all the social care provision is under section 2 and set out in H1).',
    },
    {
      id: 'H2.good.nil-consistent',
      level: 'good',
      core: true,
      appliesWhen: NIL,
      text: 'Nothing elsewhere in the plan (Sections A, B, D or K) describes a social care service other than section 2 provision that the child receives, or a need that calls for one (for example eligible adult care needs of a young person aged 18 or over).',
    },
    // Quality (nil statement)
    {
      id: 'H2.good.nil-dated-review',
      level: 'good',
      appliesWhen: NIL,
      text: 'The nil statement is dated or refers to the advice it rests on, and says when or how social care needs will be looked at again (for example at the annual review, or on request to the named team).',
    },
    // Outstanding (content only)
    {
      id: 'H2.outstanding.joined-up',
      level: 'outstanding',
      appliesWhen: CONTENT,
      text: 'The section shows how the social care provision fits with the provision in Sections F and G (for example shared routines at home and school).',
    },
    {
      id: 'H2.outstanding.family-choices',
      level: 'outstanding',
      appliesWhen: CONTENT,
      text: "The section records how the young person's and family's preferences shaped the provision (for example the choice of activity, provider or personal assistant).",
    },
    {
      id: 'H2.outstanding.review-and-contact',
      level: 'outstanding',
      appliesWhen: CONTENT,
      text: 'The section says when the provision will be reviewed and whom the family or young person contacts if it is not delivered.',
    },
    // Requires improvement
    {
      id: 'H2.requires-improvement.mixed-with-h1',
      level: 'requires-improvement',
      mirrors: 'H2.good.other-duties-only',
      appliesWhen: CONTENT,
      text: 'Other social care provision and section 2 provision are mixed together, so it is not clear which duty each item falls under.',
    },
    {
      id: 'H2.requires-improvement.not-linked-to-needs',
      level: 'requires-improvement',
      mirrors: 'H2.good.need-in-d',
      appliesWhen: CONTENT,
      text: 'At least one item cannot be linked to a need in Section D.',
    },
    {
      id: 'H2.requires-improvement.not-specified',
      level: 'requires-improvement',
      mirrors: 'H2.good.specified',
      appliesWhen: CONTENT,
      glossary: VAGUE,
      text: 'At least one item does not say what will be provided, how often or for how long, or leaves the kind or amount open through wording from the vague-wording glossary.',
    },
    {
      id: 'H2.requires-improvement.service-not-named',
      level: 'requires-improvement',
      mirrors: 'H2.good.named-service',
      appliesWhen: CONTENT,
      text: 'At least one item does not say who arranges or provides it (no service, team, direct payment or named scheme).',
    },
    {
      id: 'H2.requires-improvement.care-act-basis-missing',
      level: 'requires-improvement',
      mirrors: 'H2.good.care-act',
      appliesWhen: content(MAY_BE_18),
      text: 'The young person is 18 or over and the provision is not set out as care and support under the Care Act 2014, or names no adult social care assessment or plan.',
    },
    {
      id: 'H2.requires-improvement.nil-bare',
      level: 'requires-improvement',
      mirrors: 'H2.good.nil-clear',
      appliesWhen: NIL,
      text: 'The section is blank, or says only "N/A", "None", "No needs" or similar.',
    },
    {
      id: 'H2.requires-improvement.nil-no-advice-or-reason',
      level: 'requires-improvement',
      mirrors: 'H2.good.nil-advice-or-reason',
      appliesWhen: NIL,
      text: 'The section neither says that social care advice was sought nor gives a reason why no other social care provision is needed.',
    },
    // Inadequate
    {
      id: 'H2.inadequate.mentioned-service-missing',
      level: 'inadequate',
      mirrors: 'H2.good.mentioned-services-covered',
      appliesWhen: CONTENT,
      text: 'A social care service other than section 2 provision that the plan says the child receives or needs (in Section A, B or D) is missing from this section.',
    },
    {
      id: 'H2.inadequate.nil-contradicted',
      level: 'inadequate',
      mirrors: 'H2.good.nil-consistent',
      appliesWhen: NIL,
      text: 'Something elsewhere in the plan (Sections A, B, D or K) describes a social care service other than section 2 provision, or a need that calls for one, so the statement that none is required is contradicted.',
    },
  ],
  guidance: {
    choosing: `${HOW_THE_RULE_WORKS} ${HOW_NIL_STATEMENTS_WORK} When H2 sets out provision, check the age band first: for a young person of 19 to 25 the provision should be Care Act care and support, and for one of 18 in the 16 to 18 band tick the Care Act indicator if it is not. From Year 9 until adult services take over, the move to adult social care should be planned. Then read Sections A, B and D for social care services the family mentions: one missing here is Inadequate. Check each item as for H1.`,
    goodLooksLike:
      'Each item is under the right heading, plainly meets a need in Section D and serves an outcome in Section E, says what, how often and how long, and names the responsible service and the assessment it follows from. For young adults the Care Act care and support is set out in full; before 18 the move to adult services is planned with a date. Where none is required, the section says so in a sentence, names the social care advice or gives the reason, and says how needs would be picked up again.',
    example:
      'H2.1 (need D3, outcome E6). Care and support under the Care Act 2014 (adult social care assessment of 2 June; care and support plan reviewed every six months by adult social care): Sam, 19, has a personal assistant for 10 hours a week, to learn to plan and cook simple meals (4 hours) and to use the bus to college (6 hours, reducing as he travels alone). He chose his personal assistant with his mother. Contact: the adult social care duty team.',
    recommendations: [
      'Put only provision under other duties here, and section 2 provision in H1.',
      'For young people of 18 or over, set out the Care Act care and support and the assessment it follows from.',
      'From Year 9, say how and when the move to adult social care will be planned.',
      'Quantify each item and name the responsible service.',
      'Where none is needed, say so in a sentence and say that social care advice was sought, or why none is needed.',
    ],
  },
};

// ───────────────────────────── I ─────────────────────────────
export const sectionI: SectionData = {
  id: 'I',
  title: 'Section I: Name and type of school or other institution',
  purpose:
    'Names the school or other institution the child or young person will attend and its type, or the type only; it is left blank in a draft plan.',
  weight: 1,
  notApplicableWhen: 'The plan is a draft, in which Section I must be left blank.',
  // Three quality points (unambiguous name, start date, next transfer); one may be
  // missed, since the start date or transfer date is often given elsewhere in the plan.
  qualityMayMiss: 2,
  // Two Outstanding points; either shows care beyond the legal minimum.
  outstandingNeeds: 2,
  criteria: [
    // Draft plans
    {
      id: 'I.na.draft-plan-blank',
      level: 'na',
      appliesWhen: DRAFT,
      text: 'The plan is a draft and this section is blank (or says the setting will be named in the final plan), which is consistent with the plan being a draft.',
    },
    {
      id: 'I.inadequate.draft-names-school',
      level: 'inadequate',
      appliesWhen: DRAFT,
      text: 'The plan is a draft and this section names a school or institution, or a type of school or institution (for example "mainstream secondary" or "special school").',
      hint: "A parent's preference recorded as their preference (for example in Section A) is not naming a school; this section naming it as the placement is.",
    },
    // Core (final and amended plans)
    {
      id: 'I.good.name',
      level: 'good',
      core: true,
      appliesWhen: FINAL,
      text: 'The section names the school or institution in full, or names only a type of setting, or records education otherwise than at a school, in words a reader cannot mistake.',
    },
    {
      id: 'I.good.type',
      level: 'good',
      core: true,
      appliesWhen: FINAL,
      text: 'The type of school or institution is stated (for example maintained mainstream primary, academy special school, independent special school, further education college).',
      hint: 'Education otherwise than at a school counts as the type.',
    },
    {
      id: 'I.good.consistent',
      level: 'good',
      core: true,
      appliesWhen: FINAL,
      text: 'Nothing elsewhere in the plan contradicts the placement (for example Section F referring to a different school or type of setting).',
    },
    // Quality (final and amended plans)
    {
      id: 'I.good.unambiguous',
      level: 'good',
      appliesWhen: FINAL,
      text: 'The name identifies one institution without doubt (no abbreviations only; location or reference number given where names are shared).',
    },
    {
      id: 'I.good.start-date',
      level: 'good',
      appliesWhen: FINAL,
      text: 'The plan makes clear when the placement starts, or that the current placement continues.',
    },
    {
      id: 'I.good.next-transfer',
      level: 'good',
      appliesWhen: FINAL,
      text: 'The plan says when the next change of phase or setting is due and, where it falls within the coming year, the date by which the new setting must be named (15 February for a school, 31 March for post-16).',
      hint: 'For a young person in their last years of education, the expected end of the plan or move to adult life counts.',
    },
    // Outstanding (final and amended plans)
    {
      id: 'I.outstanding.transition-arrangements',
      level: 'outstanding',
      appliesWhen: FINAL,
      text: 'The section or an attached note describes how the move into the placement will be supported (visits, staff handover), with dates.',
    },
    {
      id: 'I.outstanding.reasons-recorded',
      level: 'outstanding',
      appliesWhen: FINAL,
      text: "The plan records the family's or young person's preference and, where the named setting differs from it, the reason for the decision.",
    },
    // Requires improvement
    {
      id: 'I.requires-improvement.type-missing',
      level: 'requires-improvement',
      mirrors: 'I.good.type',
      appliesWhen: FINAL,
      text: 'The school or institution is named but its type is not stated.',
    },
    {
      id: 'I.requires-improvement.inconsistent',
      level: 'requires-improvement',
      mirrors: 'I.good.consistent',
      appliesWhen: FINAL,
      text: 'Another section refers to a different school or type of setting from the one named here.',
    },
    {
      id: 'I.requires-improvement.split-arrangements-unclear',
      level: 'requires-improvement',
      appliesWhen: FINAL,
      text: 'The plan records a split placement or education otherwise than at a school, and this section does not say how the time is divided or who provides each part.',
    },
    // Inadequate
    {
      id: 'I.inadequate.no-placement-named',
      level: 'inadequate',
      mirrors: 'I.good.name',
      appliesWhen: FINAL,
      text: 'The plan is final or amended and the section is blank, says "to be confirmed", "awaiting placement" or similar, or names no setting and no type.',
    },
  ],
  guidance: {
    choosing: `${HOW_THE_RULE_WORKS} Check the plan's status first (asked at the start of the audit). In a draft only two statements apply: a blank section is Not applicable, and a section that names a school, or even a type of school, is Inadequate. In a final or amended plan check the name, the type and that no other section points to a different setting; a blank or "to be confirmed" is Inadequate. Not applicable is never right for a final plan. "Cannot tell" is not used in this section.`,
    goodLooksLike:
      'In a draft plan: nothing, or a note that the setting will be named in the final plan. In a final plan: the full name and type of the setting, when the placement starts, nothing elsewhere in the plan pointing to a different setting, and when the next move is due. Split placements and education otherwise than at a school are set out precisely.',
    example:
      'Name: Example Park Primary School, Northtown (an invented name). Type: maintained mainstream primary school with a resourced provision for communication and interaction needs. Placement continues from September, Year 4. Next phase transfer: to secondary school in September, Year 7; the secondary school must be named by 15 February of Year 6. Mrs Okafor asked for this school, and it is named.',
    recommendations: [
      'Leave the section blank in a draft plan: name neither a school nor a type of school.',
      'Give the full name and the type of setting in every final plan.',
      'Check that Sections F and I refer to the same setting.',
      'Say when the placement starts and when the next phase transfer is due, with the naming deadline.',
      'Describe split placements and education otherwise than at a school precisely.',
    ],
  },
};

// ───────────────────────────── J ─────────────────────────────
/** The budget criteria apply when a budget was asked for, or the section sets one out. */
/** The section sets out a personal budget. A refusal with reasons, or no request, is graded on the nil path. */
const BUDGET: Condition = CONTENT;

export const sectionJ: SectionData = {
  id: 'J',
  title: 'Section J: Personal budget',
  purpose:
    'Sets out any personal budget, including the needs and outcomes to be met by any direct payment and the arrangements for it.',
  weight: 1,
  // Budget path: two quality points (outcomes, monitoring); nil path: one (dated).
  // One may be missed: monitoring is often set out in the authority's direct payment agreement.
  qualityMayMiss: 1,
  outstandingNeeds: 2,
  nilStatement: {
    question: 'Does this section say that there is no personal budget (for example because none was requested)?',
    hint: 'Answer yes also when the section is blank or says only "N/A" or "None", and when it says a request was refused. Answer no when it sets out a personal budget, or when a request is still waiting for a decision.',
  },
  criteria: [
    // Core (budget)
    {
      id: 'J.good.what-it-pays-for',
      level: 'good',
      core: true,
      appliesWhen: BUDGET,
      text: 'The section says which provision in Sections F, G, H1 or H2 the personal budget pays for, by reference or plainly by its content.',
    },
    {
      id: 'J.good.amount',
      level: 'good',
      core: true,
      appliesWhen: BUDGET,
      text: 'The amount of the budget, or how it is calculated, is stated together with the period it covers.',
    },
    {
      id: 'J.good.how-managed',
      level: 'good',
      core: true,
      appliesWhen: BUDGET,
      text: 'The section says how the budget is held: direct payment, an arrangement managed by the authority or a third party, or a mix.',
    },
    // Quality (budget)
    {
      id: 'J.good.outcomes-supported',
      level: 'good',
      appliesWhen: BUDGET,
      text: 'The section says which outcomes in Section E the personal budget works towards, by reference or plainly by its content.',
    },
    {
      id: 'J.good.monitoring',
      level: 'good',
      appliesWhen: BUDGET,
      text: 'The section says how the use of the budget will be monitored and reviewed, and whom to contact.',
    },
    // Core (nil statement)
    {
      id: 'J.good.nil-clear',
      level: 'good',
      core: true,
      appliesWhen: NIL,
      text: 'The section says in words that there is no personal budget and why: none was requested, or a request was refused with the reason (not a blank, a bare "N/A" or "None").',
    },
    {
      id: 'J.good.nil-right-to-ask',
      level: 'good',
      core: true,
      appliesWhen: NIL,
      text: 'The section says the family or young person was told they can ask for a personal budget, and how or when (for example at any time through a named contact, or at the annual review).',
    },
    {
      id: 'J.good.nil-consistent',
      level: 'good',
      core: true,
      appliesWhen: NIL,
      text: 'Nothing elsewhere in the plan shows that a personal budget was asked for or is in place (for example a request in Section A, or a direct payment in H1 or H2), or, where a request was refused, this section gives the reason.',
    },
    // Quality (nil statement)
    {
      id: 'J.good.nil-dated',
      level: 'good',
      appliesWhen: NIL,
      text: 'The nil statement says when the personal budget was discussed with the family or young person, or when it will be discussed again (for example at the next annual review).',
    },
    // Outstanding (budget set out)
    {
      id: 'J.outstanding.options-explained',
      level: 'outstanding',
      appliesWhen: CONTENT,
      text: "The section explains in plain language the options the family had and where to find the authority's personal budget information.",
    },
    {
      id: 'J.outstanding.changes-and-unspent',
      level: 'outstanding',
      appliesWhen: CONTENT,
      text: 'The section says what happens if circumstances change or the budget is not spent.',
    },
    {
      id: 'J.outstanding.family-led',
      level: 'outstanding',
      appliesWhen: CONTENT,
      text: 'The section records how the young person or family chose to use the budget and who can help them manage it (for example a direct payment support service).',
    },
    // Requires improvement
    {
      id: 'J.requires-improvement.provision-unclear',
      level: 'requires-improvement',
      mirrors: 'J.good.what-it-pays-for',
      appliesWhen: BUDGET,
      text: 'It is not clear which provision the budget pays for.',
    },
    {
      id: 'J.requires-improvement.amount-or-period-missing',
      level: 'requires-improvement',
      mirrors: 'J.good.amount',
      appliesWhen: BUDGET,
      text: 'The amount of the budget (or how it is calculated), or the period it covers, is not stated.',
    },
    {
      id: 'J.requires-improvement.how-held-missing',
      level: 'requires-improvement',
      mirrors: 'J.good.how-managed',
      appliesWhen: BUDGET,
      text: 'The section does not say how the budget is held (direct payment, managed arrangement, or a mix).',
    },
    {
      id: 'J.requires-improvement.direct-payment-details-missing',
      level: 'requires-improvement',
      appliesWhen: BUDGET,
      text: 'Part of the budget is a direct payment, and the section does not say what it pays for or how it is paid.',
    },
    {
      id: 'J.requires-improvement.setting-agreement-missing',
      level: 'requires-improvement',
      appliesWhen: BUDGET,
      text: 'A direct payment buys provision delivered at the school or college, and the section does not record that the head teacher or principal agreed.',
    },
    {
      id: 'J.requires-improvement.nil-bare',
      level: 'requires-improvement',
      mirrors: 'J.good.nil-clear',
      appliesWhen: NIL,
      text: 'The section is blank, or says only "N/A", "None" or similar.',
    },
    {
      id: 'J.requires-improvement.nil-right-to-ask-missing',
      level: 'requires-improvement',
      mirrors: 'J.good.nil-right-to-ask',
      appliesWhen: NIL,
      text: 'The section does not say that the family or young person can ask for a personal budget, or does not say how or when.',
    },
    // Inadequate
    {
      id: 'J.inadequate.request-undecided',
      level: 'inadequate',
      appliesWhen: { fact: 'personal-budget-requested', in: ['yes'] },
      text: 'A personal budget was asked for and the plan records no decision: neither a budget set out in this section nor a refusal with the reason.',
    },
    {
      id: 'J.inadequate.nil-contradicted',
      level: 'inadequate',
      mirrors: 'J.good.nil-consistent',
      appliesWhen: NIL,
      text: 'The plan shows that a personal budget was asked for or is in place (for example a request in Section A, or a direct payment in H1 or H2), and this section says there is none without giving the reason.',
    },
  ],
  guidance: {
    choosing: `${HOW_THE_RULE_WORKS} Most plans have no personal budget. ${HOW_NIL_STATEMENTS_WORK} The budget statements apply when the section sets out a budget. When no budget is set out, answer the nil-statement question yes: a request that was refused is a complete nil statement only if the section gives the reason, and a request the plan shows was made but that this section ignores or leaves undecided is Inadequate.`,
    goodLooksLike:
      'Where there is a budget: a reader can see which items of provision it pays for, how much and for what period, how it is held, which outcomes it serves, what any direct payment may be spent on and how its use will be checked. Where there is none: one or two sentences saying no personal budget was requested, that the family was told they can ask for one, and how and when.',
    example:
      'Personal budget: £1,400 a year for provision H1.1 (short breaks), paid as a direct payment to Aiden\'s parents every four weeks to employ a support worker of their choice. It meets need D2 and works towards outcome E5. The direct payments team checks its use every six months; contact them through the local offer website. Nil statement (another family): "No personal budget was requested. We explained to Mr and Mrs Shah at the planning meeting on 9 May that they can ask for one at any time by contacting their caseworker, and we will ask again at the annual review."',
    recommendations: [
      'Refer to each item of provision the budget covers, and to the outcomes it serves.',
      'State the amount and the period, and how the budget is held.',
      'For any direct payment, state the needs and outcomes it meets and the arrangements; record the head teacher\'s agreement for anything delivered at school.',
      'Where no budget was requested, say so, and say that the family was told they can ask for one, how and when. Never leave a bare "N/A".',
    ],
  },
};
