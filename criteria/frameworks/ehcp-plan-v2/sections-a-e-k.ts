/**
 * `ehcp-plan` 2.0.0: sections A, B, C, D, E and K as plain data.
 *
 * Good criteria are either core (statutory, or the heart of the section: every
 * applicable one is needed for Good) or quality (good practice: `qualityMayMiss` of
 * them may be missed). Every core criterion has a weakness indicator that `mirrors`
 * it at the same threshold, so a section meets exactly one of the pair. Criteria that
 * only fit some plans say so in `appliesWhen` and drop out of every count otherwise.
 * Sections C and D have a nil-statement path: when the section says there are no
 * needs, only the nil-path criteria count.
 *
 * Criterion ids reuse a 1.0.0 name only where the meaning is identical.
 * Every example in the guidance describes an invented child.
 */
import { FROM_16, FROM_YEAR_9 } from './facts.js';
import type { SectionData } from './types.js';

/** Age bands below 16, where parents' views belong in Section A as of right. */
const BELOW_16 = ['under-5', 'reception-to-year-8', 'year-9-to-year-11'];
/** Every age band except under 5 (review at least every 12 months). */
const FROM_RECEPTION = ['reception-to-year-8', 'year-9-to-year-11', 'post-16', 'post-19'];

const describesNeeds = { nilStatement: false } as const;
const saysNone = { nilStatement: true } as const;

// ───────────────────────────── A ─────────────────────────────
export const sectionA: SectionData = {
  id: 'A',
  title: 'Section A: Views, interests and aspirations',
  purpose:
    'Records the views, interests and aspirations of the child and their parents, or of the young person, so that the rest of the plan is built around them.',
  weight: 2,
  // Four quality points (how views were gathered, adult-life hopes, what helps, dated):
  // good practice, not the statutory heart; about half may be missed without losing Good.
  qualityMayMiss: 2,
  outstandingNeeds: 1,
  criteria: [
    {
      id: 'A.good.child-voice-recorded',
      level: 'good',
      core: true,
      text: "The child's or young person's own views are recorded and attributed to them: in their own words (first person or quoted), or through their own way of communicating, such as symbols, drawings, or what they showed someone who knows them well.",
      hint: 'Count views when the section says they came from the child ("Sam told us…", "Sam chose the picture of…"). A description by adults ("Sam likes Lego") with no sign that it came from Sam does not count on its own.',
    },
    {
      id: 'A.good.parent-views',
      level: 'good',
      core: true,
      appliesWhen: { fact: 'age-band', in: BELOW_16 },
      text: "The parents' or carers' views are recorded and clearly attributed to them, separately from the child's own views.",
      hint: "From 16 the young person's own views lead and parents' views appear only where the young person agrees, so this criterion does not apply then.",
    },
    {
      id: 'A.good.interests-strengths',
      level: 'good',
      core: true,
      text: 'The section describes what the child likes, enjoys or is good at.',
    },
    {
      id: 'A.good.aspirations-as-hopes',
      level: 'good',
      core: true,
      text: "The section records aspirations for the child's future as hopes for their life (for example friends, a job, a place to live, being able to do something on their own), from the child, the parents or both.",
      hint: 'A service the child will receive ("to have speech and language therapy") is not an aspiration.',
    },
    {
      id: 'A.good.how-views-gathered',
      level: 'good',
      text: "The section says how and by whom the child's views were gathered (for example talking with a key adult, picture cards, drawing, observation over several days).",
    },
    {
      id: 'A.good.adult-life-hopes',
      level: 'good',
      text: 'At least one aspiration looks ahead to adult life: work or further study, where and how to live, friends and community, or health.',
      hint: 'Expected at every age, in words that suit the age: for a young child the parents\' hopes for adult life count.',
    },
    {
      id: 'A.good.what-helps',
      level: 'good',
      text: 'The section says how the child communicates and what helps them, so that an adult new to the child could act on it.',
    },
    {
      id: 'A.good.views-dated',
      level: 'good',
      text: 'The views are dated, or the section says they were gathered for this assessment or annual review.',
    },
    {
      id: 'A.outstanding.adapted-voice-drives-plan',
      level: 'outstanding',
      text: "The child's views were gathered in a way adapted to how they communicate (the section says how), and what they said is visibly picked up later in the plan, for example in a need in B, an outcome in E or a provision in F.",
    },
    {
      id: 'A.outstanding.co-produced',
      level: 'outstanding',
      text: 'The section was written with the child or young person (their words, drawings or photographs are used throughout) and it records that they and their family have seen and agreed it.',
    },
    {
      id: 'A.outstanding.aspirations-cross-referenced',
      level: 'outstanding',
      text: 'Each aspiration is cross-referenced to the outcome or outcomes in Section E that work towards it.',
    },
    {
      id: 'A.requires-improvement.no-child-voice',
      level: 'requires-improvement',
      mirrors: 'A.good.child-voice-recorded',
      text: "No views are attributed to the child or young person: the section is written about them by adults, with nothing in their own words or from their own way of communicating.",
    },
    {
      id: 'A.requires-improvement.parent-views-missing-or-mixed',
      level: 'requires-improvement',
      mirrors: 'A.good.parent-views',
      appliesWhen: { fact: 'age-band', in: BELOW_16 },
      text: "The parents' or carers' views are not recorded, or cannot be told apart from the child's views.",
    },
    {
      id: 'A.requires-improvement.no-interests-strengths',
      level: 'requires-improvement',
      mirrors: 'A.good.interests-strengths',
      text: 'Nothing the child likes, enjoys or is good at is described anywhere in the section.',
    },
    {
      id: 'A.requires-improvement.no-aspirations',
      level: 'requires-improvement',
      mirrors: 'A.good.aspirations-as-hopes',
      text: 'No aspirations are recorded, or every aspiration recorded is a service the child will receive rather than a hope for their life.',
    },
    {
      id: 'A.inadequate.no-one-heard',
      level: 'inadequate',
      text: "Neither the child's or young person's views nor their parents' or carers' views are recorded.",
    },
    {
      id: 'A.inadequate.blank-or-generic',
      level: 'inadequate',
      text: 'The section is blank, or holds only generic text that could describe any child.',
    },
  ],
  guidance: {
    choosing:
      'Read Section A first, then again after Section E. Good needs every core criterion (marked core) and most of the quality criteria (the section rule says how many may be missed); the suggestion tells you which decided it. Each core criterion has a weakness that is its other side, so for each core point tick either the Good statement or its weakness, never neither. Tick any other weakness you see: one is enough to lower the suggestion. Criteria about parents\' views do not apply from 16, when the young person speaks for themselves; they are greyed out and leave every count, so there is nothing to tick for them. Section A has no nil statement and nothing here needs the advice, so "cannot tell" is not offered: everything is judged from the plan text. Tick Outstanding statements when you can see them; one, on top of Good, is enough, so tick one only when the section is visibly beyond Good.',
    goodLooksLike:
      'A reader who has never met the child knows who they are: what they enjoy and are good at, how they communicate, what helps and what upsets them, and what they hope for. The child speaks for themselves as far as they can, through words, pictures or what they show, and the section says how their views were gathered and by whom. Parents have their own labelled part. Aspirations are hopes for life, including adult life, not lists of services. In an Outstanding section the child\'s way of taking part was planned around their communication, and what they said is visibly carried into needs, outcomes and provision.',
    example:
      'About me (gathered with Noor, age 8, by her speech and language therapist using photographs and a talking mat, over two sessions in May): Noor put "swimming", "my cat Pip" and "painting" on the "I like" side. She put "the dinner hall" on the "I don\'t like" side and covered her ears. When asked what helps, she chose the photograph of her visual timetable. "When I am big I want a job with animals" (Noor\'s words). What Noor\'s parents say: "Noor is determined and funny. We would like her to be able to tell people what she needs, to have a friend at school and, one day, to live as independently as she can."',
    recommendations: [
      "Record the child's views as they gave them, in words or in their own way of communicating, and say how and by whom they were gathered.",
      "Give parents or carers their own labelled paragraph so their views are not mixed with the child's.",
      'Write aspirations as hopes for life, including adult life ("I want a job with animals"), never as services.',
      'Open with what the child enjoys and is good at, then say how they communicate and what helps.',
      'Date the views and check them with the child and family at each annual review instead of copying them forward.',
    ],
  },
};

// ───────────────────────────── B ─────────────────────────────
export const sectionB: SectionData = {
  id: 'B',
  title: 'Section B: Special educational needs',
  purpose:
    'Describes every special educational need identified during the assessment, so that outcomes in Section E and provision in Section F can be set for each one.',
  weight: 3,
  // Four quality points (traced to advice, plain language, headings, no provision here):
  // presentation and good practice; about half may be missed without losing Good.
  qualityMayMiss: 2,
  outstandingNeeds: 1,
  criteria: [
    {
      id: 'B.good.each-need-with-impact',
      level: 'good',
      core: true,
      text: "Each need says how it affects this child's learning, communication or daily life, not only a diagnosis or label.",
      hint: 'A diagnosis followed by one or two sentences on what it means for this child (in class, at break, at home) meets this.',
    },
    {
      id: 'B.good.strengths-described',
      level: 'good',
      core: true,
      text: "The section describes at least some of the child's strengths (what they can do, or what helps them learn).",
    },
    {
      id: 'B.good.current-level-dated-or-measured',
      level: 'good',
      core: true,
      text: 'The section gives a current level of attainment or development with a date or a measure (for example standardised scores, reading age, curriculum stage, developmental milestones, dated teacher assessment).',
      hint: '"Working below age-related expectations" with no date and no measure is not a current level.',
    },
    {
      id: 'B.good.needs-elsewhere-included',
      level: 'good',
      core: true,
      text: 'Every special educational need that the plan describes elsewhere (for example a difficulty in Section A, C or D, or a need that provision in Section F is for) is described in this section.',
      hint: 'A passing remark is not a need; a difficulty that the plan describes, or makes provision for, is. A need shown in the summary of an item of advice in Section K counts as described elsewhere.',
    },
    {
      id: 'B.good.needs-in-advice-included',
      level: 'good',
      core: true,
      needsAdvice: true,
      text: 'Every special educational need identified in the advice listed in Section K is described in this section.',
      hint: 'Answer "cannot tell" if you do not have the advice.',
    },
    {
      id: 'B.good.traced-to-advice',
      level: 'good',
      text: 'The section says which advice its needs come from: for each area, or in one list of sources for the whole section (the author, the report, or its item number in Section K).',
    },
    {
      id: 'B.good.plain-language',
      level: 'good',
      text: 'Specialist terms, acronyms and test scores are explained in plain language a parent can follow.',
    },
    {
      id: 'B.good.organised-by-area',
      level: 'good',
      text: 'Needs are organised under clear headings (for example the four broad areas of need: communication and interaction; cognition and learning; social, emotional and mental health; sensory and/or physical).',
    },
    {
      id: 'B.good.needs-not-provision',
      level: 'good',
      text: 'The section describes needs, not provision: what will be done, by whom and how often is left to Section F.',
      hint: 'Provision written only in Section B cannot be enforced. A brief "what helps" alongside a strength is fine.',
    },
    {
      id: 'B.outstanding.numbered-golden-thread',
      level: 'outstanding',
      text: 'Needs are numbered or labelled, and Sections E and F use the same labels, so the needs can be followed to their outcomes and provision.',
    },
    {
      id: 'B.outstanding.what-has-worked',
      level: 'outstanding',
      text: 'For most areas of need, the section says which approaches have already been tried and how well they worked.',
    },
    {
      id: 'B.outstanding.child-perspective',
      level: 'outstanding',
      text: "For each area of need, the section says how the need feels or shows from the child's own point of view, using what they said in Section A.",
    },
    {
      id: 'B.outstanding.levels-in-numbers',
      level: 'outstanding',
      text: "Every area of need gives the child's current level in numbers from dated evidence (scores, counts, frequencies, ages or stages), so progress can be measured against it.",
    },
    {
      id: 'B.requires-improvement.need-without-impact',
      level: 'requires-improvement',
      mirrors: 'B.good.each-need-with-impact',
      text: 'At least one need is given only as a diagnosis or label (for example "has autism", "dyslexic"), with no description of its effect on this child.',
    },
    {
      id: 'B.requires-improvement.no-strengths-anywhere',
      level: 'requires-improvement',
      mirrors: 'B.good.strengths-described',
      text: "No strengths of the child are described anywhere in the section.",
    },
    {
      id: 'B.requires-improvement.no-current-level',
      level: 'requires-improvement',
      mirrors: 'B.good.current-level-dated-or-measured',
      text: 'The section gives no current level of attainment or development with a date or a measure.',
    },
    {
      id: 'B.inadequate.need-elsewhere-missing',
      level: 'inadequate',
      mirrors: 'B.good.needs-elsewhere-included',
      text: 'A special educational need that the plan describes elsewhere (for example in Section A, C or D, or as the reason for provision in Section F) is not described in this section.',
    },
    {
      id: 'B.inadequate.need-in-advice-missing',
      level: 'inadequate',
      mirrors: 'B.good.needs-in-advice-included',
      needsAdvice: true,
      text: 'A special educational need identified in the advice listed in Section K is not described in this section.',
    },
    {
      id: 'B.inadequate.generic',
      level: 'inadequate',
      text: 'The section is blank, or the needs are described in terms so general that outcomes and provision could not be set from them.',
    },
  ],
  guidance: {
    choosing:
      'Read B against A, C, D and F, and against the advice if you have it. Good needs every core criterion and most of the quality criteria (the section rule says how many may be missed). Each core criterion has a weakness on its other side: for every core point tick either the Good statement or its weakness. "Every need in the advice" is the only criterion here that needs the advice documents: without them, answer "cannot tell" for it and for its weakness, and they leave the count (the report shows this). Everything else is judged from the plan text. A need that the plan itself describes elsewhere but that is missing from B is Inadequate: outcomes and provision cannot be set for a need B does not name. No criterion in B depends on the plan\'s facts, and B has no nil statement. One Outstanding statement, on top of Good, lifts the section, so tick one only when the section is visibly beyond Good.',
    goodLooksLike:
      'Each area of need has a heading, a short statement of what the child does well, a current level of attainment or development with a date or measure, and a plain description of how the need shows itself for this child in class, at break and at home. Every need mentioned anywhere in the plan, or in the advice, is here. Terms and scores are explained. There is no provision: what will be done lives in Section F, under the same heading or number.',
    example:
      'B2 Cognition and learning (educational psychologist\'s advice, K3, February; school assessment, March). Strengths: Tomasz, 10, remembers facts he has heard and explains his ideas well out loud. Current level: reading age 7 years 2 months (standardised test, March); he reads about 40 words a minute aloud. Needs: Tomasz finds it hard to turn letters into sounds and to hold them in mind while he blends them ("phonological processing": the part of thinking that handles the sounds in words). In lessons he cannot read worksheets or instructions on his own, and he avoids writing because spelling takes him so long; he tells his teacher "my brain gets tired".',
    recommendations: [
      'After each diagnosis, say in one or two sentences what it means for this child day to day.',
      'Give a current, dated level or a measure for each area of learning need.',
      'Check that every difficulty mentioned in Sections A, C, D and F, and in the advice, appears here.',
      'Number each need (B1, B2…) and use the same numbers in Sections E and F.',
      'Move anything that says what will be done ("will have…", "needs 1:1…") to Section F and quantify it there.',
    ],
  },
};

// ───────────────────────────── C ─────────────────────────────
export const sectionC: SectionData = {
  id: 'C',
  title: 'Section C: Health needs',
  purpose:
    "Describes any health needs identified during the assessment that relate to the child or young person's special educational needs or disability.",
  weight: 1,
  // Content path: five quality points (sourced, services named, plain language, dated,
  // no provision here), mostly presentation; two may be missed. Nil path: one quality
  // point, so a clear nil statement that says advice was sought is Good even undated.
  qualityMayMiss: 2,
  outstandingNeeds: 1,
  nilStatement: {
    question: 'Does this section say the child or young person has no health needs related to their SEN or disability?',
    hint: 'Answer yes also when the section is blank or says only "N/A" or "None": it is then graded as a nil statement, and will not meet the clarity criterion. Answer no when it describes any health need. A section that describes needs but says no service is needed because the family meets them is not a nil statement: answer no.',
  },
  criteria: [
    // Content path: the section describes health needs.
    {
      id: 'C.good.each-need-with-impact',
      level: 'good',
      core: true,
      appliesWhen: describesNeeds,
      text: "Each health need is described with how it affects the child's learning, development or daily life, not only named as a diagnosis or condition.",
    },
    {
      id: 'C.good.needs-elsewhere-included',
      level: 'good',
      core: true,
      appliesWhen: describesNeeds,
      text: 'Every health need related to the SEN or disability that the plan mentions elsewhere (for example a condition, medication, therapy or clinic in Section A, B, F or G) is described in this section.',
      hint: 'Health matters unrelated to the SEN or disability (a broken arm last year) need not be here.',
    },
    {
      id: 'C.good.sourced',
      level: 'good',
      appliesWhen: describesNeeds,
      text: 'The section names the health professional or service the needs come from, or refers to the health advice in Section K.',
    },
    {
      id: 'C.good.services-involved',
      level: 'good',
      appliesWhen: describesNeeds,
      text: 'The health services currently involved with the child are named.',
    },
    {
      id: 'C.good.plain-language',
      level: 'good',
      appliesWhen: describesNeeds,
      text: 'Medical terms are explained in plain language.',
    },
    {
      id: 'C.good.dated',
      level: 'good',
      appliesWhen: describesNeeds,
      text: 'The health information is dated, or the section says it comes from advice given for this assessment or annual review.',
    },
    {
      id: 'C.good.needs-not-provision',
      level: 'good',
      appliesWhen: describesNeeds,
      text: 'The section describes needs, not provision: treatment, therapy or equipment to be provided is left to Section G.',
    },
    {
      id: 'C.outstanding.child-family-perspective',
      level: 'outstanding',
      appliesWhen: describesNeeds,
      text: "The section says how the health needs feel from the child's or family's point of view and what helps them.",
    },
    {
      id: 'C.outstanding.effect-quantified',
      level: 'outstanding',
      appliesWhen: describesNeeds,
      text: 'The section says how much the health needs affect the school or college day (for example how often, for how long, how long recovery takes), so that Sections F and G can plan around it.',
    },
    {
      id: 'C.outstanding.anticipated-change',
      level: 'outstanding',
      appliesWhen: describesNeeds,
      text: 'The section says how the health needs are expected to change (for example planned treatment, growth, the move to adult health services) and when they will next be reviewed.',
    },
    {
      id: 'C.requires-improvement.need-without-impact',
      level: 'requires-improvement',
      mirrors: 'C.good.each-need-with-impact',
      appliesWhen: describesNeeds,
      text: 'At least one health need is given only as a diagnosis or condition, with no description of its effect on the child.',
    },
    {
      id: 'C.inadequate.need-elsewhere-missing',
      level: 'inadequate',
      mirrors: 'C.good.needs-elsewhere-included',
      appliesWhen: describesNeeds,
      text: 'A health need related to the SEN or disability that the plan mentions elsewhere (for example a condition, medication, therapy or clinic in Section A, B, F or G) is missing from this section.',
    },
    // Nil path: the section says there are no health needs.
    {
      id: 'C.good.nil-clear',
      level: 'good',
      core: true,
      appliesWhen: saysNone,
      text: 'The section says in words that the child or young person has no health needs related to their SEN or disability (not a bare "N/A", "None" or "No needs").',
    },
    {
      id: 'C.good.nil-advice-sought',
      level: 'good',
      core: true,
      appliesWhen: saysNone,
      text: 'The section says that health advice was sought and names who gave it (a professional or service, for example the community paediatrician or the school nurse), or gives the reason no health advice was needed.',
    },
    {
      id: 'C.good.nil-dated-with-review',
      level: 'good',
      appliesWhen: saysNone,
      text: 'The statement is dated or points to the advice it rests on (for example "see Section K, item 4"), and says when or how health needs would be looked at again (for example at the annual review, or by referral through the GP).',
    },
    {
      id: 'C.requires-improvement.nil-bare',
      level: 'requires-improvement',
      mirrors: 'C.good.nil-clear',
      appliesWhen: saysNone,
      text: 'The section is blank or says only "N/A", "None", "No needs" or similar, instead of saying in words that there are no health needs related to the SEN or disability.',
    },
    {
      id: 'C.requires-improvement.nil-no-advice',
      level: 'requires-improvement',
      mirrors: 'C.good.nil-advice-sought',
      appliesWhen: saysNone,
      text: 'The section does not name who gave health advice (a professional or service), nor give the reason no health advice was needed.',
    },
    {
      id: 'C.inadequate.nil-contradicted',
      level: 'inadequate',
      appliesWhen: saysNone,
      text: 'The statement that there are no health needs is contradicted elsewhere in the plan: a health need or health service related to the SEN or disability is mentioned in Section A, B, D, F, G or K (for example a diagnosis, medication, therapy or clinic).',
      hint: 'Section K listing the usual medical advice is not a contradiction; a K item such as a CAMHS or physiotherapy report is.',
    },
  ],
  guidance: {
    choosing:
      'First answer the question at the top: does the section say there are no health needs related to the SEN or disability? Treat a blank section or a bare "N/A" as a nil statement. If yes, only the nil-statement criteria show: a clear statement in words and a record of the health advice sought are core; a date or cross-reference with a review point is quality. A complete nil statement is Good, never Outstanding; a bare "N/A" is Requires improvement; a nil statement that another section contradicts is Inadequate. If no, the content criteria show. Good needs every core criterion and most of the quality criteria (the section rule says how many may be missed); each core criterion has a weakness on its other side, so tick one or the other. Check the rest of the plan: a health need or service mentioned in A, B, F or G but missing here is Inadequate. Greyed criteria do not apply and leave every count. Nothing here needs the advice, so "cannot tell" is not offered. One Outstanding statement, on top of Good, lifts the section, so tick one only when the section is visibly beyond Good.',
    goodLooksLike:
      'Only health needs related to the SEN or disability appear, each with a plain-language explanation, the service that identified it, and what it means for the child at school and at home. Every health matter the rest of the plan mentions is here. Provision is left to Section G. Where there are no such needs, the section says so in a sentence, says who gave health advice and when, and says how needs would be picked up later.',
    example:
      'Health needs (community paediatrician\'s advice, K4, April). Ravi, 13, has epilepsy. He has short absence seizures, usually two or three a day, each lasting a few seconds; afterwards he may not know what he was asked to do and needs the instruction repeated. Tiredness after a seizure can last up to an hour. His medication can make him drowsy in the first lesson. Services involved: community paediatrics, epilepsy nurse specialist. A good nil statement reads: "Health advice was sought from the community paediatrician (K4, April). No health needs related to Ravi\'s special educational needs were identified. Any new health concern will be considered at the annual review or by referral through his GP."',
    recommendations: [
      'Where there are no health needs, say so in a sentence, name who gave health advice and when, and say how new needs would be picked up.',
      'After each condition, say what it means for the child during the school or college day.',
      'Check Sections A, B, F and G for health matters (medication, therapy, clinics) and make sure each is described here.',
      'Leave out health history that does not relate to the SEN or disability, and move treatment and therapy to Section G.',
    ],
  },
};

// ───────────────────────────── D ─────────────────────────────
export const sectionD: SectionData = {
  id: 'D',
  title: 'Section D: Social care needs',
  purpose:
    'Describes any social care needs of the child or young person that relate to their special educational needs or disability.',
  weight: 1,
  // Content path: five quality points (sourced, life beyond school, dated, respectful
  // language, no provision here), mostly presentation; two may be missed. Nil path: one
  // quality point, so a clear nil statement that says advice was sought is Good even undated.
  qualityMayMiss: 2,
  outstandingNeeds: 1,
  nilStatement: {
    question: 'Does this section say the child or young person has no social care needs related to their SEN or disability?',
    hint: 'Answer yes also when the section is blank or says only "N/A" or "None": it is then graded as a nil statement, and will not meet the clarity criterion. Answer no when it describes any social care need. A section that describes needs but says no service is needed because the family meets them is not a nil statement: answer no.',
  },
  criteria: [
    // Content path: the section describes social care needs.
    {
      id: 'D.good.each-need-with-impact',
      level: 'good',
      core: true,
      appliesWhen: describesNeeds,
      text: "Each social care need is described with how it affects the child's life at home, in the community or for the family, not only given as a status or label.",
    },
    {
      id: 'D.good.needs-elsewhere-included',
      level: 'good',
      core: true,
      appliesWhen: describesNeeds,
      text: 'Every social care need or social care involvement that the plan mentions elsewhere (for example short breaks, a social worker, personal care at home, or services in Section H1 or H2) is covered in this section.',
    },
    {
      id: 'D.good.sourced',
      level: 'good',
      appliesWhen: describesNeeds,
      text: "The section names the social care assessment or advice the needs come from (for example a child in need assessment, a disabled children's assessment, a carer's assessment, a Care Act assessment), or refers to the social care advice in Section K.",
    },
    {
      id: 'D.good.beyond-school',
      level: 'good',
      appliesWhen: describesNeeds,
      text: 'The needs cover life outside school where relevant (personal care, safety, relationships, short breaks, leisure), not only the school day.',
    },
    {
      id: 'D.good.dated',
      level: 'good',
      appliesWhen: describesNeeds,
      text: 'The social care information is dated, or the section says it comes from advice given for this assessment or annual review.',
    },
    {
      id: 'D.good.respectful-language',
      level: 'good',
      appliesWhen: describesNeeds,
      text: "The section is written in plain, non-judgemental language and includes only what is needed to understand the child's needs.",
    },
    {
      id: 'D.good.needs-not-provision',
      level: 'good',
      appliesWhen: describesNeeds,
      text: 'The section describes needs, not provision: services and hours of support are left to Sections H1 and H2.',
    },
    {
      id: 'D.outstanding.child-family-perspective',
      level: 'outstanding',
      appliesWhen: describesNeeds,
      text: 'The section says what the child and family say about these needs and what makes a difference at home.',
    },
    {
      id: 'D.outstanding.future-needs',
      level: 'outstanding',
      appliesWhen: describesNeeds,
      text: 'The section says how the social care needs are expected to change as the child grows (for example the move to adult social care) and when that will be assessed.',
    },
    {
      id: 'D.outstanding.carers-needs',
      level: 'outstanding',
      appliesWhen: describesNeeds,
      text: "The section describes what a carer's assessment found (what help the parents or carers need, and how much) and how it arises from the child's needs.",
    },
    {
      id: 'D.requires-improvement.need-without-impact',
      level: 'requires-improvement',
      mirrors: 'D.good.each-need-with-impact',
      appliesWhen: describesNeeds,
      text: 'At least one social care need is given only as a status or label (for example "child in need", "known to social care", "respite") with no description of the need.',
    },
    {
      id: 'D.inadequate.need-elsewhere-missing',
      level: 'inadequate',
      mirrors: 'D.good.needs-elsewhere-included',
      appliesWhen: describesNeeds,
      text: 'A social care need or social care involvement that the plan mentions elsewhere (for example short breaks, a social worker, personal care at home, or services in Section H1 or H2) is missing from this section.',
    },
    // Nil path: the section says there are no social care needs.
    {
      id: 'D.good.nil-clear',
      level: 'good',
      core: true,
      appliesWhen: saysNone,
      text: 'The section says in words that the child or young person has no social care needs related to their SEN or disability (not a bare "N/A", "None" or "No needs").',
    },
    {
      id: 'D.good.nil-advice-sought',
      level: 'good',
      core: true,
      appliesWhen: saysNone,
      text: "The section says that social care advice was sought and names who gave it (a team or professional, for example the children with disabilities team, or adult social care for a young person aged 18 or over), or gives the reason no social care advice was needed.",
    },
    {
      id: 'D.good.nil-dated-with-review',
      level: 'good',
      appliesWhen: saysNone,
      text: 'The statement is dated or points to the advice it rests on (for example "see Section K, item 6"), and says when or how social care needs would be looked at again (for example at the annual review, or by contacting the named team).',
    },
    {
      id: 'D.requires-improvement.nil-bare',
      level: 'requires-improvement',
      mirrors: 'D.good.nil-clear',
      appliesWhen: saysNone,
      text: 'The section is blank or says only "N/A", "None", "No needs" or similar, instead of saying in words that there are no social care needs related to the SEN or disability.',
    },
    {
      id: 'D.requires-improvement.nil-no-advice',
      level: 'requires-improvement',
      mirrors: 'D.good.nil-advice-sought',
      appliesWhen: saysNone,
      text: 'The section does not name who gave social care advice (a team or professional), nor give the reason no social care advice was needed.',
    },
    {
      id: 'D.inadequate.nil-contradicted',
      level: 'inadequate',
      appliesWhen: saysNone,
      text: 'The statement that there are no social care needs is contradicted elsewhere in the plan: a social care need or service related to the SEN or disability is mentioned in Section A, B, C, H1, H2 or K (for example short breaks, a social worker, help with personal care at home).',
      hint: 'Section K listing the usual social care advice is not a contradiction; a K item such as a child in need assessment that found needs is.',
    },
  ],
  guidance: {
    choosing:
      'First answer the question at the top: does the section say there are no social care needs related to the SEN or disability? Treat a blank section or a bare "N/A" as a nil statement. If yes, only the nil-statement criteria show: a clear statement in words and a record of the social care advice sought are core; a date or cross-reference with a review point is quality. A complete nil statement is Good, never Outstanding; a bare "N/A" is Requires improvement; a nil statement that another section contradicts (short breaks in A, a social worker in B, services in H1 or H2) is Inadequate. If no, the content criteria show. Good needs every core criterion and most of the quality criteria (the section rule says how many may be missed); each core criterion has a weakness on its other side, so tick one or the other. Greyed criteria do not apply and leave every count. Nothing here needs the advice, so "cannot tell" is not offered. One Outstanding statement, on top of Good, lifts the section, so tick one only when the section is visibly beyond Good.',
    goodLooksLike:
      "The section describes the needs that affect the child's life at home and in the community because of their SEN or disability, which assessment each came from, and what it means day to day for the child and family. Every social care matter mentioned elsewhere in the plan is here. It is respectful, contains only what is needed, and leaves services to Sections H1 and H2. Where there are no such needs, the section says so in a sentence, says who gave social care advice and when, and says how needs would be picked up later.",
    example:
      "Social care needs (disabled children's assessment, children with disabilities team, K6, April). Callum, 15, needs an adult with him near roads, as he does not yet judge traffic. He needs help to wash and dress each morning. He wants to go to a youth club with friends but cannot travel there alone. He sleeps for about four hours at a time, so his parents are up with him most nights, and they have told the team they need breaks to keep caring safely. A good nil statement reads: \"Social care advice was sought from the children with disabilities team (K6, April). No social care needs related to Callum's SEN or disability were identified. The family can contact the team at any time, and this will be checked at the annual review.\"",
    recommendations: [
      'Where there are no social care needs, say so in a sentence, name who gave social care advice and when, and say how new needs would be picked up.',
      "Describe what each need means at home and in the community, not only the child's status.",
      'Check Sections A, B, H1 and H2 for short breaks, social workers or help at home, and make sure each need behind them is described here.',
      'Name and date the assessment the needs come from, and move services and hours of support to Section H1 or H2.',
    ],
  },
};

// ───────────────────────────── E ─────────────────────────────
export const sectionE: SectionData = {
  id: 'E',
  title: 'Section E: Outcomes',
  purpose:
    'Sets out the outcomes sought for the child or young person, including for adult life, and how shorter-term targets towards them will be set and reviewed.',
  weight: 3,
  // Three or four quality points (links labelled, aspirations reflected, shorter-term
  // targets, all four adulthood areas from Year 9): good practice around the SMART core;
  // about half may be missed without losing Good.
  qualityMayMiss: 2,
  outstandingNeeds: 1,
  criteria: [
    {
      id: 'E.good.each-outcome-linked',
      level: 'good',
      core: true,
      text: 'Each outcome can be linked to a need in Section B, C or D, by a label or reference or plainly by its content.',
      hint: 'An outcome about reading under a heading "Cognition and learning" is linked even without a need number.',
    },
    {
      id: 'E.good.every-need-has-outcome',
      level: 'good',
      core: true,
      text: 'Every area of need in Section B has at least one outcome that works on it (one outcome may serve several areas).',
      hint: 'When Sections C and D describe no such needs, this is about Section B alone.',
    },
    {
      id: 'E.good.says-what-child-will-do',
      level: 'good',
      core: true,
      text: 'Each outcome says what the child will be able to do, in terms that can be checked (a measure, a number, or behaviour someone can observe).',
      hint: '"Will read a short unfamiliar text aloud with 90% accuracy" or "will ask an adult for help using words or a help card" can be checked; "will improve", "will develop", "will make progress" cannot.',
    },
    {
      id: 'E.good.time-bound',
      level: 'good',
      core: true,
      text: 'Each outcome has a timescale (for example the end of a key stage or phase, or a date).',
    },
    {
      id: 'E.good.about-the-child',
      level: 'good',
      core: true,
      text: 'Each outcome describes what the child will achieve, not a service they will receive (no "will receive", "will attend", "will have").',
    },
    {
      id: 'E.good.achievable-in-time',
      level: 'good',
      core: true,
      text: 'Each outcome can be achieved within its timescale; long-term hopes such as a career are kept as aspirations in Section A, not written as outcomes.',
      hint: 'Where outcomes have no timescale, judge this on what they ask of the child; the missing timescale is its own weakness.',
    },
    {
      id: 'E.good.adulthood-outcome',
      level: 'good',
      core: true,
      appliesWhen: { fact: 'age-band', in: FROM_YEAR_9 },
      text: 'At least one outcome prepares the young person for adult life: employment or further study, independent living, friends and community, or good health.',
    },
    {
      id: 'E.good.education-training-outcome',
      level: 'good',
      core: true,
      appliesWhen: { fact: 'age-band', in: FROM_16 },
      text: 'At least one outcome is about education or training (for example a course, a qualification, a supported internship, an apprenticeship, or skills for work), not only about care or independence.',
    },
    {
      id: 'E.good.links-labelled',
      level: 'good',
      text: 'Each outcome names the need or needs it answers, by number or heading.',
    },
    {
      id: 'E.good.health-care-needs-have-outcomes',
      level: 'good',
      text: 'Where a need in Section C or D limits the child\'s learning or independence, an outcome works on it.',
      hint: 'Needs met wholly by health or care provision (for example taking medication) do not need an outcome of their own.',
    },
    {
      id: 'E.good.serves-an-aspiration',
      level: 'good',
      text: 'At least one outcome plainly works towards an aspiration recorded in Section A.',
    },
    {
      id: 'E.good.shorter-term-targets',
      level: 'good',
      text: 'The section says how shorter-term targets towards the outcomes will be set, by whom, and when progress is reviewed.',
    },
    {
      id: 'E.good.all-adulthood-areas',
      level: 'good',
      appliesWhen: { fact: 'age-band', in: FROM_YEAR_9 },
      text: 'The outcomes cover all four preparing-for-adulthood areas (employment or further study, independent living, friends and community, good health), or the section says why an area is not needed yet.',
    },
    {
      id: 'E.outstanding.stepped-to-aspiration',
      level: 'outstanding',
      text: 'For each outcome the plan shows the path: long-term aspiration, the outcome for the end of this phase, and example next steps.',
    },
    {
      id: 'E.outstanding.child-friendly',
      level: 'outstanding',
      text: 'The outcomes were agreed with the child and family, and a version in words or symbols the child understands is included.',
    },
    {
      id: 'E.outstanding.baseline-stated',
      level: 'outstanding',
      text: 'Each outcome starts from a stated baseline (where the child is now, from Section B), so progress towards it can be measured.',
    },
    {
      id: 'E.requires-improvement.unlinked-outcome',
      level: 'requires-improvement',
      mirrors: 'E.good.each-outcome-linked',
      text: 'At least one outcome cannot be linked to any need in Section B, C or D.',
    },
    {
      id: 'E.requires-improvement.need-without-outcome',
      level: 'requires-improvement',
      mirrors: 'E.good.every-need-has-outcome',
      text: 'An area of need in Section B has no outcome that works on it.',
    },
    {
      id: 'E.requires-improvement.cannot-be-checked',
      level: 'requires-improvement',
      mirrors: 'E.good.says-what-child-will-do',
      text: 'At least one outcome does not say what the child will be able to do in terms that can be checked (for example "will improve", "will develop", "will make progress").',
    },
    {
      id: 'E.requires-improvement.no-timescale',
      level: 'requires-improvement',
      mirrors: 'E.good.time-bound',
      text: 'At least one outcome has no timescale.',
    },
    {
      id: 'E.requires-improvement.service-centred',
      level: 'requires-improvement',
      mirrors: 'E.good.about-the-child',
      text: 'At least one outcome describes provision or a service (for example "will receive occupational therapy", "will have 1:1 support").',
    },
    {
      id: 'E.requires-improvement.not-achievable-in-time',
      level: 'requires-improvement',
      mirrors: 'E.good.achievable-in-time',
      text: 'At least one outcome cannot be achieved within its timescale, for example a long-term aspiration such as "to become a vet", which belongs in Section A.',
    },
    {
      id: 'E.requires-improvement.no-education-training-outcome',
      level: 'requires-improvement',
      mirrors: 'E.good.education-training-outcome',
      appliesWhen: { fact: 'age-band', in: FROM_16 },
      text: 'No outcome is about education or training: the outcomes are only about care, health or independence.',
    },
    {
      id: 'E.requires-improvement.move-not-prepared',
      level: 'requires-improvement',
      text: 'The plan shows a move due before the outcomes\' timescales end (for example starting school, changing phase, leaving school for college or work, named in Section A, B or I) and no outcome prepares the child for it.',
      hint: 'Only tick this when the plan itself shows the move is due within the life of these outcomes.',
    },
    {
      id: 'E.requires-improvement.short-term-targets-only',
      level: 'requires-improvement',
      text: 'The outcomes are short classroom targets for the next few weeks rather than outcomes for the end of a phase.',
    },
    {
      id: 'E.inadequate.generic-outcomes',
      level: 'inadequate',
      text: 'There are no outcomes, or at most one outcome is specific to this child: the others are generic statements that could sit unchanged in any child\'s plan (for example "to make progress in literacy", "to develop social skills").',
    },
    {
      id: 'E.inadequate.mostly-unlinked',
      level: 'inadequate',
      text: 'Most outcomes cannot be linked to any need in Section B, C or D.',
    },
    {
      id: 'E.inadequate.no-adulthood-from-year-9',
      level: 'inadequate',
      mirrors: 'E.good.adulthood-outcome',
      appliesWhen: { fact: 'age-band', in: FROM_YEAR_9 },
      text: 'The young person is in Year 9 or above and no outcome concerns preparing for adulthood.',
    },
  ],
  guidance: {
    choosing:
      'Take each outcome in turn and ask: which need does it answer, is it about the child, can I check it, by when, and can it be done by then? The core criteria are those tests plus "every need has an outcome", and from Year 9 an outcome for adult life, from 16 an education or training outcome. Each core criterion has a weakness on its other side, so tick one or the other: one outcome failing a test is enough for the weakness. A link is there when it is plain from the outcome\'s content; a label is the quality point. Good needs every core criterion and most of the quality criteria (the section rule says how many may be missed). Check the age band first: criteria for Year 9 and for 16 and over are greyed when they do not apply and leave every count. Outcomes that could sit in any plan, or mostly unlinked, are Inadequate. E has no nil statement and nothing here needs the advice, so "cannot tell" is not offered. One Outstanding statement, on top of Good, lifts the section, so tick one only when the section is visibly beyond Good.',
    goodLooksLike:
      'A small number of outcomes for each area of need, and for health or social care needs that affect learning or independence, each saying what the child will be able to do by the end of the phase, how anyone will know, and which need it answers. Together they lead towards the aspirations in Section A without restating them. The section explains how shorter-term targets are set and reviewed. From Year 9 the outcomes look ahead to work or study, independent living, friends and community, and health; from 16 they include education or training. A move due within the plan, such as starting secondary school or college, has an outcome that prepares for it.',
    example:
      'E1 (needs B1 and B2; aspiration "I want to work in a café"). Now: Leah, 15, reads familiar signs and simple menus. By July of Year 11 Leah will read a bus timetable and a café menu and use them to plan a trip with a friend, checked by her tutor on three trips. E2 (need B3). By the end of Year 11 Leah will tell a new adult what helps her when she is anxious, using her communication passport, in four out of five planned meetings, including her college visits. E3 (need C1). By July Leah will take her inhaler at the right times without a reminder, on at least nine days out of ten (school health log). E4 (post-16). By the end of her first college year Leah will complete the Entry Level 3 hospitality course. Shorter-term targets are set by her tutor with the SENCo each term and shared with Leah and her parents.',
    recommendations: [
      'Link each outcome to a need in Section B, C or D, ideally by its number, and make sure every area of need has one.',
      'Replace "will improve" with what the child will be able to do, how it will be checked, and by when.',
      'Move services ("will receive…") to Section F, G or H, and keep long-term hopes such as a career in Section A.',
      'From Year 9, add outcomes for work or study, independent living, friends and community, and health; from 16, include education or training.',
      'Where a move to a new school, phase or college falls within the plan, add an outcome that prepares the child for it.',
    ],
  },
};

// ───────────────────────────── K ─────────────────────────────
export const sectionK: SectionData = {
  id: 'K',
  title: 'Section K: Advice and information',
  purpose:
    'Lists the advice and information gathered during the EHC needs assessment, which is attached to the plan.',
  weight: 1.5,
  // Three or four quality points (says where the advice is, status and dates, review date,
  // adulthood advice from Year 9): plan details and presentation, not the advice itself;
  // about half may be missed without losing Good.
  qualityMayMiss: 3,
  outstandingNeeds: 2,
  criteria: [
    {
      id: 'K.good.advice-quoted-is-listed',
      level: 'good',
      text: 'Every report or piece of advice that the plan quotes or refers to in Sections A to J appears in the list.',
    },
    {
      id: 'K.good.author-role-date',
      level: 'good',
      core: true,
      text: 'Each item says who gave it: a named person, or their role, profession or service.',
      hint: 'For the family\'s views, "parents" or "Ali and his parents" is the author and role.',
    },
    {
      id: 'K.good.items-dated',
      level: 'good',
      text: 'Each item is dated (at least a month and year).',
    },
    {
      id: 'K.good.advice-current',
      level: 'good',
      appliesWhen: { fact: 'follows-annual-review', in: ['no'] },
      text: 'Every item of advice is from the last 12 months, or the list says it was agreed to be still sufficient.',
      hint: 'For a new plan, advice from before the assessment may be used only when the adviser, the family and the local authority agree it is still sufficient.',
    },
    {
      id: 'K.good.required-advice-present',
      level: 'good',
      core: true,
      text: 'The list includes advice from the parents or young person, educational advice, medical advice, psychological advice and social care advice, or says why one of these was not obtained.',
      hint: 'Where the child has a vision or hearing impairment, educational advice should come from a suitably qualified teacher. A plan amended after an annual review may list the original advice with the review reports.',
    },
    {
      id: 'K.good.attached',
      level: 'good',
      text: 'The section says that the advice is attached as appendices, or where it can be found.',
    },
    {
      id: 'K.good.status-and-dates',
      level: 'good',
      text: 'The plan records its status (draft, final or amended) and its dates (for example the date issued, finalised or amended).',
      hint: 'These details may be on the front page or at the end of the plan rather than in Section K; look for them anywhere.',
    },
    {
      id: 'K.good.review-date',
      level: 'good',
      appliesWhen: { fact: 'age-band', in: FROM_RECEPTION },
      text: 'The plan records when it will next be reviewed (a date or month), no more than 12 months after the plan\'s date.',
    },
    {
      id: 'K.good.review-date-under-5',
      level: 'good',
      appliesWhen: { fact: 'age-band', in: ['under-5'] },
      text: "The plan records when it will next be reviewed (a date or month), no more than 6 months after the plan's date, as advised for a child under 5.",
    },
    {
      id: 'K.good.adulthood-advice',
      level: 'good',
      appliesWhen: { fact: 'age-band', in: FROM_YEAR_9 },
      text: 'At least one item of advice covers preparing for adulthood, or the list says which advice covers it.',
    },
    {
      id: 'K.outstanding.sections-informed',
      level: 'outstanding',
      text: 'Each item says which sections of the plan it informed.',
    },
    {
      id: 'K.outstanding.child-contribution-listed',
      level: 'outstanding',
      text: "The child's or young person's own contribution is listed as an item of advice in its own right.",
    },
    {
      id: 'K.outstanding.item-summaries',
      level: 'outstanding',
      text: 'Each item has a short summary of what the advice found or recommended.',
    },
    {
      id: 'K.requires-improvement.author-role-or-date-missing',
      level: 'requires-improvement',
      mirrors: 'K.good.author-role-date',
      text: 'At least one item says nothing about who gave it (no name, role, profession or service).',
    },
    {
      id: 'K.inadequate.required-advice-missing',
      level: 'inadequate',
      mirrors: 'K.good.required-advice-present',
      text: 'A required piece of advice (for example psychological advice) is missing, with no explanation.',
    },
    {
      id: 'K.inadequate.blank',
      level: 'inadequate',
      text: 'The section is blank or says only "see file" or similar.',
    },
  ],
  guidance: {
    choosing:
      'Check the list against the advice the law requires (from the family, educational, medical, psychological and social care), and against every report the plan quotes in Sections A to J. Look at each item for author, role and date. The core criteria are those three; each has a weakness on its other side, so tick one or the other. Good needs every core criterion and most of the quality criteria (the section rule says how many may be missed). The plan details (status, dates, next review date) are quality criteria: look for them anywhere in the plan. Whether the advice is really attached, or everything gathered is listed, cannot be seen from the plan text, so K only asks what the plan records. Criteria greyed by the age band (review timing under 5, adulthood advice from Year 9) or by the plan following an annual review do not apply and leave every count. K has no nil statement and nothing here needs the advice, so "cannot tell" is not offered. Two Outstanding statements are needed, on top of Good.',
    goodLooksLike:
      'A numbered list of every item of advice, each with author, role and date, covering all the required kinds, with any reused advice explained and a note of where the advice can be read. The plan shows its status, its dates and when it will next be reviewed (within 3 to 6 months for a child under 5). In an Outstanding section each item also says what it found and which sections it informed, and the child\'s own contribution is an item in its own right.',
    example:
      'Advice and information (final plan, issued 12 May; next review by 11 November, as Zara is 3). 1. Zara\'s views, shown through play and photographs, recorded by her key person, 2 March (informed A). 2. Views of Zara\'s parents, 2 March (A, B, E). 3. Educational advice, nursery SENCo, 9 March (B, E, F). 4. Psychological advice, educational psychologist, 16 March (B, E, F). 5. Medical advice, community paediatrician, 20 March (B, C, G). 6. Speech and language therapy advice, speech and language therapist, 23 March (B, F). 7. Social care advice, children with disabilities team, 24 March: no social care needs identified (D). All advice is attached as Appendices 1 to 7.',
    recommendations: [
      'List every item with author, role and date, and make sure every report quoted in the plan is on the list.',
      "Check that the family's views and educational, medical, psychological and social care advice are all present, or say why one is not.",
      'Say where the advice can be read, and explain any advice reused from before the assessment.',
      "Show the plan's status, its dates and the next review date; for a child under 5, set the review within 3 to 6 months.",
    ],
  },
};
