/**
 * `ehcp-advice` 1.0.0: one checklist for any advice contributed to an EHC needs
 * assessment or review, with additions per kind of advice (part S).
 *
 * The same rules as `ehcp-plan` 2.0.0: core and quality criteria, a mirror for every
 * core criterion, applicability from facts recorded once per audit. The auditor
 * reads the advice document itself. Every example describes an invented child.
 */
import { FROM_YEAR_9 } from '../ehcp-plan-v2/facts.js';
import type { SectionData } from '../ehcp-plan-v2/types.js';

const CHOOSING_COMMON =
  'You are judging the advice as a document a caseworker has to turn into a plan. Good needs every core criterion (marked core) that applies and all but the stated number of quality criteria, with no weakness ticked. For each core point tick either the Good statement or its weakness, never neither. Criteria that do not fit this kind of advice are greyed out and leave every count.';

const PSYCHOLOGICAL = { fact: 'advice-type', in: ['psychological'] };
const HEALTH = { fact: 'advice-type', in: ['health'] };
const SOCIAL_CARE = { fact: 'advice-type', in: ['social-care'] };
const EDUCATION = { fact: 'advice-type', in: ['education'] };

// ───────────────────────────── N: needs ─────────────────────────────
export const partNeeds: SectionData = {
  id: 'N',
  title: 'Part N: Needs',
  purpose: "Checks that the advice describes the child's needs in its area, and what they mean for this child, so the plan can state them in Section B, C or D.",
  weight: 3,
  // Two quality points (current levels, the child's views); one may be missed.
  qualityMayMiss: 1,
  outstandingNeeds: 1,
  criteria: [
    {
      id: 'N.good.needs-with-impact',
      level: 'good',
      core: true,
      text: "Each need the advice identifies says how it affects this child's learning, communication, daily life or wellbeing, not only a diagnosis or a label.",
    },
    {
      id: 'N.good.strengths-described',
      level: 'good',
      core: true,
      text: 'The advice describes what the child can do and what helps them.',
    },
    {
      id: 'N.good.evidence-for-needs',
      level: 'good',
      core: true,
      text: 'Each need is backed by evidence in the advice itself: an assessment result, an observation, or an example of what the child does.',
      hint: 'Part Q asks whether the sources are listed; here, whether each need is shown, not only asserted or repeated from a referral.',
    },
    {
      id: 'N.good.current-levels',
      level: 'good',
      text: 'The advice gives current levels (scores, milestones, dated observations) that later progress can be measured against.',
    },
    {
      id: 'N.good.child-views',
      level: 'good',
      text: "The child's or young person's views, and the parents', are recorded and taken into account.",
    },
    {
      id: 'N.outstanding.needs-explained-together',
      level: 'outstanding',
      text: "The advice explains how the child's needs affect each other (for example how anxiety affects communication in class) and what that means for the adults around them.",
    },
    {
      id: 'N.outstanding.contexts-compared',
      level: 'outstanding',
      text: 'The child was seen in more than one setting or activity, and the advice compares what was seen.',
    },
    {
      id: 'N.requires-improvement.label-only',
      level: 'requires-improvement',
      mirrors: 'N.good.needs-with-impact',
      text: 'At least one need is given only as a diagnosis or label, with nothing on what it means for this child.',
    },
    {
      id: 'N.requires-improvement.no-strengths',
      level: 'requires-improvement',
      mirrors: 'N.good.strengths-described',
      text: 'Nothing the child can do, or that helps them, is described anywhere in the advice.',
    },
    {
      id: 'N.requires-improvement.need-not-evidenced',
      level: 'requires-improvement',
      mirrors: 'N.good.evidence-for-needs',
      text: 'At least one need is stated with nothing in the advice to show it: no result, observation or example.',
    },
    {
      id: 'N.inadequate.generic',
      level: 'inadequate',
      text: 'The needs are described in generic text that could be about any child, or the advice describes no needs although it was asked to.',
    },
  ],
  guidance: {
    choosing: CHOOSING_COMMON + ' A diagnosis is fine when followed by what it means for this child; tick the label-only weakness only where that explanation is missing for a need.',
    goodLooksLike:
      'A reader who has never met the child understands what is hard for them, how it shows in their day, what they can already do, and what shows it: a result, an observation, an example.',
    example:
      'Leah (Year 2) has a severe difficulty understanding spoken language (CELF-5 receptive score below the 1st percentile, 12 May). In class she follows the children around her rather than the instruction; at home she manages routines she knows well. She learns best with pictures and when shown. Leah told me she likes "drawing and the big slide".',
    recommendations: [
      'After every diagnosis, say what it means for this child in class, at home and with friends.',
      'Back each need with what shows it: a result, an observation or an example of what the child does.',
      "Describe the child's strengths and what helps, not only their difficulties.",
    ],
  },
};

// ───────────────────────────── O: outcomes ─────────────────────────────
export const partOutcomes: SectionData = {
  id: 'O',
  title: 'Part O: Outcomes recommended',
  purpose: 'Checks that the outcomes the advice recommends are specific enough to go into Section E of the plan and follow from the needs it describes.',
  weight: 2,
  // Two quality points (time-bound, adult life from Year 9): one may be missed.
  qualityMayMiss: 1,
  outstandingNeeds: 1,
  criteria: [
    {
      id: 'O.good.outcomes-specific',
      level: 'good',
      core: true,
      text: 'Each outcome the advice recommends says what the child will be able to do, specifically enough that someone could tell whether it has been achieved.',
      hint: '"Improve his communication" is not specific; "ask an adult for help using a word or a symbol in lessons" is.',
    },
    {
      id: 'O.good.outcomes-from-needs',
      level: 'good',
      core: true,
      text: 'Each recommended outcome can be linked to a need the advice describes.',
    },
    {
      id: 'O.good.outcomes-time-bound',
      level: 'good',
      text: 'The recommended outcomes say by when they should be achieved (for example by the end of a key stage).',
    },
    {
      id: 'O.good.adult-life',
      level: 'good',
      appliesWhen: { fact: 'age-band', in: FROM_YEAR_9 },
      text: 'From Year 9, at least one recommended outcome looks ahead to adult life (education or work, independent living, community, health).',
    },
    {
      id: 'O.outstanding.steps-to-outcome',
      level: 'outstanding',
      text: 'Each outcome comes with shorter-term steps towards it and says how progress will be measured.',
    },
    {
      id: 'O.requires-improvement.outcomes-vague',
      level: 'requires-improvement',
      mirrors: 'O.good.outcomes-specific',
      text: 'At least one recommended outcome is too general to tell whether it has been achieved, or the advice recommends no outcomes.',
    },
    {
      id: 'O.requires-improvement.outcome-unlinked',
      level: 'requires-improvement',
      mirrors: 'O.good.outcomes-from-needs',
      text: 'At least one recommended outcome cannot be linked to any need the advice describes.',
    },
    {
      id: 'O.inadequate.services-as-outcomes',
      level: 'inadequate',
      text: 'The "outcomes" are all services the child will receive or things adults will do, not changes for the child.',
    },
  ],
  guidance: {
    choosing: CHOOSING_COMMON + ' Advice that recommends no outcomes meets the weakness "too general … or no outcomes": a caseworker cannot build Section E on it.',
    goodLooksLike: 'Each outcome describes a change for the child, follows from a need the advice has described, and says by when; from Year 9 some look ahead to adult life.',
    example: 'By the end of Year 3 Leah will follow a two-step instruction given to the class, with a picture prompt, in four out of five lessons (baseline: one step, with an adult beside her).',
    recommendations: [
      'Write outcomes as what the child will be able to do, and by when.',
      'Link each outcome to the need it comes from.',
      'Keep services and adult actions for the provision part.',
    ],
  },
};

// ───────────────────────────── P: provision ─────────────────────────────
export const partProvision: SectionData = {
  id: 'P',
  title: 'Part P: Provision recommended',
  purpose:
    'Checks that the provision the advice recommends is specific and quantified, says who delivers it with what expertise, and meets each need, so that it can be written into Section F, G or H without guessing.',
  weight: 3,
  // Three quality points (group size, training, review point); one may be missed.
  qualityMayMiss: 1,
  outstandingNeeds: 1,
  criteria: [
    {
      id: 'P.good.specific-and-quantified',
      level: 'good',
      core: true,
      glossary: 'vague-wording',
      text: 'Each provision recommended says what it is and how much: how often and for how long (for example two 30-minute sessions a week).',
    },
    {
      id: 'P.good.who-and-expertise',
      level: 'good',
      core: true,
      text: 'Each provision says who delivers it and with what expertise or training (for example a teaching assistant trained by the speech and language therapist).',
    },
    {
      id: 'P.good.every-need-met',
      level: 'good',
      core: true,
      text: 'Every need the advice describes has at least one recommended provision.',
    },
    {
      id: 'P.good.group-size',
      level: 'good',
      text: 'Where provision is given in a group, the advice says the size of the group.',
    },
    {
      id: 'P.good.staff-training',
      level: 'good',
      text: 'Training or guidance for the adults around the child is recommended where the provision depends on it, with who gives it.',
    },
    {
      id: 'P.good.review-point',
      level: 'good',
      text: 'The advice says when and how the provision should be reviewed.',
    },
    {
      id: 'P.outstanding.programme-described',
      level: 'outstanding',
      text: 'The advice describes the programme or approach in enough detail that a new member of staff could deliver it (for example the steps of a named programme, or a written plan attached).',
    },
    {
      id: 'P.outstanding.educational-therapy-identified',
      level: 'outstanding',
      text: 'The advice says which of its recommendations educate or train the child (and so belong in Section F) and which are health or care provision.',
    },
    {
      id: 'P.requires-improvement.vague-or-unquantified',
      level: 'requires-improvement',
      mirrors: 'P.good.specific-and-quantified',
      glossary: 'vague-wording',
      text: 'At least one recommended provision leaves what it is or how much open (for example "access to", "regular", "as required", "would benefit from").',
    },
    {
      id: 'P.requires-improvement.who-missing',
      level: 'requires-improvement',
      mirrors: 'P.good.who-and-expertise',
      text: 'At least one recommended provision does not say who delivers it, or with what expertise.',
    },
    {
      id: 'P.requires-improvement.need-without-provision',
      level: 'requires-improvement',
      mirrors: 'P.good.every-need-met',
      text: 'At least one need the advice describes has no recommended provision.',
    },
    {
      id: 'P.inadequate.mostly-unusable',
      level: 'inadequate',
      glossary: 'vague-wording',
      text: 'Most of the recommended provision is too vague to write into a plan, or the advice recommends no provision although it describes needs.',
    },
  ],
  guidance: {
    choosing:
      CHOOSING_COMMON +
      ' Read each recommendation as if you had to copy it into Section F. The glossary lists words that often leave provision open; a word on it is a fault only when it leaves what, who or how much open.',
    goodLooksLike:
      'Every need has provision, and every provision says what, who (with what training) and how much, so the caseworker can copy it into the plan and the school can deliver it without guessing.',
    example:
      'Leah needs: a language programme (the school\'s named vocabulary programme), three 20-minute sessions a week in a group of no more than three, delivered by a teaching assistant trained and supervised by the speech and language therapist, who will visit once each half-term to review targets and model the work.',
    recommendations: [
      'For every recommendation say what, who with what training, how often, how long and in what group size.',
      'Make sure every need described has provision.',
      'Say which recommendations educate or train the child, so they can be placed in Section F.',
    ],
  },
};

// ───────────────────────────── Q: how the advice is written ─────────────────────────────
export const partQuality: SectionData = {
  id: 'Q',
  title: 'Part Q: Dated, authored, sourced and clear',
  purpose: 'Checks that the advice says who wrote it, in what role, when and from what evidence, and that a parent could follow it.',
  weight: 1.5,
  // Three quality points (six weeks, jargon explained, summary); one may be missed.
  qualityMayMiss: 1,
  outstandingNeeds: 1,
  criteria: [
    {
      id: 'Q.good.dated-and-authored',
      level: 'good',
      core: true,
      text: "The advice is dated and gives the author's role and service.",
      hint: 'The audit records the service, never the author\'s name.',
    },
    {
      id: 'Q.good.sources-listed',
      level: 'good',
      core: true,
      text: 'The advice lists the sources of its evidence: when and where the child was seen, assessments used, reports read and people consulted.',
    },
    {
      id: 'Q.good.parent-can-follow',
      level: 'good',
      core: true,
      text: 'The advice is written so that a parent could follow it: plain sentences, with what the writer recommends easy to find.',
    },
    {
      id: 'Q.good.within-six-weeks',
      level: 'good',
      needsAdvice: true,
      text: 'The advice was provided within six weeks of the request.',
      hint: 'Answer "cannot tell" when the request date is not in front of you.',
    },
    {
      id: 'Q.good.terms-explained',
      level: 'good',
      text: 'Technical terms and test names are explained in everyday words.',
    },
    {
      id: 'Q.good.summary',
      level: 'good',
      text: 'The advice has a short summary of needs and recommendations.',
    },
    {
      id: 'Q.outstanding.written-for-family',
      level: 'outstanding',
      text: 'Part of the advice is written for the child or family (for example a one-page summary in plain or easy-read language) and the advice records that it was discussed with them.',
    },
    {
      id: 'Q.requires-improvement.undated-or-unattributed',
      level: 'requires-improvement',
      mirrors: 'Q.good.dated-and-authored',
      text: "The advice has no date, or does not give the author's role and service.",
    },
    {
      id: 'Q.requires-improvement.sources-missing',
      level: 'requires-improvement',
      mirrors: 'Q.good.sources-listed',
      text: 'The advice does not list the sources of its evidence.',
    },
    {
      id: 'Q.requires-improvement.hard-to-follow',
      level: 'requires-improvement',
      mirrors: 'Q.good.parent-can-follow',
      text: 'A parent could not follow the advice: dense professional language, or recommendations that cannot be found.',
    },
    {
      id: 'Q.inadequate.copied',
      level: 'inadequate',
      text: 'The advice is copied from an earlier report with no sign the child was seen or the information checked for this assessment or review.',
    },
  ],
  guidance: {
    choosing: CHOOSING_COMMON + ' "Cannot tell" is offered only for the six-week criterion, which needs the request date.',
    goodLooksLike: 'Anyone picking up the advice knows who wrote it (by role), when, from what evidence, and what they recommend, and a parent can read it without a dictionary.',
    example: 'Speech and language therapy advice, Children\'s Therapy Service, 20 May. Based on: assessment in clinic (12 May), observation in class (14 May), conversation with Leah\'s mother and class teacher. Summary: Leah understands much less than she can say; she needs...',
    recommendations: [
      'Date the advice and give the writer\'s role and service.',
      'List the evidence: when the child was seen, which assessments, who was consulted.',
      'Explain technical terms, and start with a short summary a parent can read.',
    ],
  },
};

// ───────────────────────────── S: service-specific ─────────────────────────────
export const partService: SectionData = {
  id: 'S',
  title: 'Part S: What this kind of advice must add',
  purpose: 'Checks the points that matter for the kind of advice: psychological, health, social care or education.',
  weight: 2,
  notApplicableWhen: 'the advice is of a kind with no additions here (recorded as other advice).',
  // One quality point per kind; it may be missed.
  qualityMayMiss: 1,
  outstandingNeeds: 1,
  criteria: [
    {
      id: 'S.na.other-advice',
      level: 'na',
      appliesWhen: { fact: 'advice-type', in: ['other'] },
      text: 'The advice is of a kind with no additions in this part.',
    },
    // Psychological advice.
    {
      id: 'S.good.learning-profile-interpreted',
      level: 'good',
      core: true,
      appliesWhen: PSYCHOLOGICAL,
      text: "The advice describes how the child learns (for example memory, attention, reasoning, processing) and interprets any scores in terms of what this child needs, not only as numbers.",
    },
    {
      id: 'S.good.approaches-tried',
      level: 'good',
      appliesWhen: PSYCHOLOGICAL,
      text: 'The advice says what has been tried already and how well it worked, and uses that in its recommendations.',
    },
    {
      id: 'S.requires-improvement.scores-not-interpreted',
      level: 'requires-improvement',
      mirrors: 'S.good.learning-profile-interpreted',
      appliesWhen: PSYCHOLOGICAL,
      text: 'The advice gives test scores or a learning profile without saying what they mean for this child, or gives no learning profile.',
    },
    // Health advice.
    {
      id: 'S.good.health-effect-on-learning',
      level: 'good',
      core: true,
      appliesWhen: HEALTH,
      text: 'The advice says how each health condition or need affects the child\'s learning and daily life at school or college.',
    },
    {
      id: 'S.good.health-provision-separated',
      level: 'good',
      core: true,
      appliesWhen: HEALTH,
      text: 'The advice separates health provision (for example medication, clinic reviews) from therapy that educates or trains the child, so each can be placed in the right section of the plan.',
    },
    {
      id: 'S.good.care-plan-referenced',
      level: 'good',
      appliesWhen: HEALTH,
      text: 'Where the child has an individual health care plan, the advice refers to it and says who keeps it up to date.',
    },
    {
      id: 'S.requires-improvement.health-effect-missing',
      level: 'requires-improvement',
      mirrors: 'S.good.health-effect-on-learning',
      appliesWhen: HEALTH,
      text: 'At least one health condition or need is given with nothing on how it affects learning or daily life.',
    },
    {
      id: 'S.requires-improvement.therapy-not-separated',
      level: 'requires-improvement',
      mirrors: 'S.good.health-provision-separated',
      appliesWhen: HEALTH,
      text: 'Therapy that educates or trains the child is mixed in with health provision, or described only as a health service.',
    },
    // Social care advice.
    {
      id: 'S.good.care-needs-or-none',
      level: 'good',
      core: true,
      appliesWhen: SOCIAL_CARE,
      text: 'The advice describes the social care needs arising from the child\'s special educational needs or disability, or says clearly that there are none and on what that is based.',
    },
    {
      id: 'S.good.care-status-stated',
      level: 'good',
      core: true,
      appliesWhen: SOCIAL_CARE,
      text: 'The advice says whether the child is known to social care and in what way (for example a child in need, a looked-after child, short breaks), or that they are not.',
    },
    {
      id: 'S.good.short-breaks-considered',
      level: 'good',
      appliesWhen: SOCIAL_CARE,
      text: "The advice says whether short breaks, or support under the local authority's duties to disabled children, were considered.",
    },
    {
      id: 'S.requires-improvement.care-needs-unclear',
      level: 'requires-improvement',
      mirrors: 'S.good.care-needs-or-none',
      appliesWhen: SOCIAL_CARE,
      text: 'The advice neither describes social care needs nor says clearly that there are none with the reason (for example a bare "not known to us").',
    },
    {
      id: 'S.requires-improvement.care-status-missing',
      level: 'requires-improvement',
      mirrors: 'S.good.care-status-stated',
      appliesWhen: SOCIAL_CARE,
      text: 'The advice does not say whether the child is known to social care.',
    },
    // Education advice.
    {
      id: 'S.good.attainment-dated',
      level: 'good',
      core: true,
      appliesWhen: EDUCATION,
      text: 'The advice gives the child\'s current attainment with a date or a measure.',
    },
    {
      id: 'S.good.support-already-given',
      level: 'good',
      core: true,
      appliesWhen: EDUCATION,
      text: 'The advice describes the support the school or setting has already given (what, how often, for how long) and its effect.',
    },
    {
      id: 'S.good.attendance-recorded',
      level: 'good',
      appliesWhen: EDUCATION,
      text: 'The advice gives the child\'s attendance, and any part-time timetable or exclusions, with dates.',
    },
    {
      id: 'S.requires-improvement.no-dated-attainment',
      level: 'requires-improvement',
      mirrors: 'S.good.attainment-dated',
      appliesWhen: EDUCATION,
      text: 'The advice gives no current attainment with a date or a measure.',
    },
    {
      id: 'S.requires-improvement.support-not-described',
      level: 'requires-improvement',
      mirrors: 'S.good.support-already-given',
      appliesWhen: EDUCATION,
      text: 'The advice does not describe the support already given, or says nothing about its effect.',
    },
    // Any kind.
    {
      id: 'S.outstanding.joint-working',
      level: 'outstanding',
      appliesWhen: { not: { fact: 'advice-type', in: ['other'] } },
      text: 'The advice shows the writer worked with the other services involved (for example a joint visit or agreed recommendations) and says where their advice agrees or differs.',
    },
    {
      id: 'S.inadequate.outside-remit',
      level: 'inadequate',
      appliesWhen: { not: { fact: 'advice-type', in: ['other'] } },
      text: 'The advice does not cover its own area at all (for example health advice that only repeats what the school said).',
    },
  ],
  guidance: {
    choosing:
      CHOOSING_COMMON +
      ' Only the criteria for the kind of advice recorded at the start apply; the rest are greyed out. For advice recorded as other, tick the Not applicable statement.',
    goodLooksLike:
      'Each kind of advice adds what only it can: the psychologist explains how the child learns; health says how a condition affects school and separates therapy that teaches from health care; social care says whether the child is known to them and what care needs arise; the school gives dated attainment and what it has already tried.',
    example:
      'Education advice from Leah\'s school: reading age 5 years 2 months (Salford test, 3 May); attendance 94%. Since September: daily 10-minute phonics with a teaching assistant (one to one) and visual timetable; Leah now blends three-letter words but still cannot follow class instructions without a picture.',
    recommendations: [
      'Psychological advice: interpret scores for this child and say what has been tried.',
      'Health advice: say how each condition affects learning, and separate therapy that teaches from health care.',
      'Social care advice: say whether the child is known to social care and what care needs arise, or why there are none.',
      'Education advice: give dated attainment and the support already given, with its effect.',
    ],
  },
};
