/**
 * `ehcp-annual-review` 1.0.0: the six parts of an annual review audit, as plain data.
 *
 * The same rules as `ehcp-plan` 2.0.0: Good criteria are core (the law, or the heart
 * of the part) or quality (good practice); every core criterion has a weakness
 * indicator that mirrors it at the same threshold; criteria that only fit some
 * reviews say so in `appliesWhen`. The auditor reads the review paperwork: the
 * invitations, the advice gathered, the record of the meeting, the review report and
 * the local authority's decision letter. Every example describes an invented child.
 */
import { FROM_YEAR_9 } from '../ehcp-plan-v2/facts.js';
import type { SectionData } from '../ehcp-plan-v2/types.js';

const UNDER_5 = ['under-5'];
const BELOW_YEAR_9 = ['under-5', 'reception-to-year-8'];

const CHOOSING_COMMON =
  'Good needs every core criterion (marked core) that applies and all but the stated number of quality criteria, with no weakness ticked. Each core criterion has a weakness that is its other side: for each core point tick either the Good statement or its weakness, never neither. Criteria that do not fit this review (from the facts recorded at the start) are greyed out and leave every count. Judge from the review paperwork you have; where a criterion depends on a document you do not have, answer "cannot tell" where it is offered.';

// ───────────────────────────── M: the meeting ─────────────────────────────
export const partMeeting: SectionData = {
  id: 'M',
  title: 'Part M: The review meeting',
  purpose:
    'Checks that the review meeting was held in time, that the people involved were invited and their advice gathered beforehand, and that the child or young person and their family took part.',
  weight: 2,
  // Quality points: attendance recorded, person-centred format, and for a child under 5 the shorter interval the
  // Code advises (the law asks for 12 months at every age, so 6 months is good practice, not core). One may be missed.
  qualityMayMiss: 1,
  outstandingNeeds: 1,
  criteria: [
    {
      id: 'M.good.held-within-12-months',
      level: 'good',
      core: true,
      text: 'The records show the date of the meeting and of the plan or previous review, and the meeting was held no more than 12 months after it.',
    },
    {
      id: 'M.good.invited-two-weeks-before',
      level: 'good',
      core: true,
      text: 'The parents or young person, the school or college, and the education, health and social care professionals involved were invited at least two weeks before the meeting (the invitation dates are recorded).',
    },
    {
      id: 'M.good.advice-sought-and-circulated',
      level: 'good',
      core: true,
      text: 'Advice and information about the child was asked for from the people invited, and what was received was sent to everyone invited at least two weeks before the meeting.',
      hint: 'Tick "cannot tell" if the circulation dates are not in the paperwork you have.',
      needsAdvice: true,
    },
    {
      id: 'M.good.child-and-family-took-part',
      level: 'good',
      core: true,
      text: 'The child or young person and their parents took part: they attended, or their views were gathered before the meeting and are recorded in the review.',
    },
    {
      id: 'M.good.report-sent-two-weeks',
      level: 'good',
      core: true,
      text: 'The report of the meeting, with its recommendations, was sent to everyone invited within two weeks of the meeting.',
    },
    {
      id: 'M.good.held-within-6-months',
      level: 'good',
      appliesWhen: { fact: 'age-band', in: UNDER_5 },
      text: 'For a child under 5, the meeting was held no more than 6 months after the plan was issued or last reviewed.',
      hint: 'Reviews every 3 to 6 months are advised for children under 5, whose needs change quickly; the law itself asks for 12 months.',
    },
    {
      id: 'M.good.attendance-recorded',
      level: 'good',
      text: 'The review records who attended and in what role, and who sent written advice instead of attending.',
      hint: 'Roles and services are enough; the audit never records a person\'s name.',
    },
    {
      id: 'M.good.person-centred-format',
      level: 'good',
      text: 'The record shows the meeting was organised around the child (for example what is working, what is not working, what is important to and for them), not only around reports from professionals.',
    },
    {
      id: 'M.outstanding.child-led',
      level: 'outstanding',
      text: 'The child or young person led or presented part of the meeting, in a way adapted to how they communicate, and the record says how.',
    },
    {
      id: 'M.outstanding.all-agencies-contributed',
      level: 'outstanding',
      text: 'Education, health and social care each attended or sent advice written for this review, and the record shows their contributions were discussed.',
    },
    {
      id: 'M.requires-improvement.late-12-months',
      level: 'requires-improvement',
      mirrors: 'M.good.held-within-12-months',
      text: 'The meeting was held more than 12 months after the plan or previous review, or the dates needed to tell are not recorded.',
    },
    {
      id: 'M.requires-improvement.report-late',
      level: 'requires-improvement',
      mirrors: 'M.good.report-sent-two-weeks',
      text: 'The report of the meeting was not sent to everyone invited, or was sent more than two weeks after the meeting, or its date is not recorded.',
    },
    {
      id: 'M.requires-improvement.short-notice',
      level: 'requires-improvement',
      mirrors: 'M.good.invited-two-weeks-before',
      text: 'Someone who should have been invited (the parents or young person, the school or college, or a professional involved) was not invited, or was invited less than two weeks before, or the invitation dates are not recorded.',
    },
    {
      id: 'M.requires-improvement.advice-late-or-missing',
      level: 'requires-improvement',
      mirrors: 'M.good.advice-sought-and-circulated',
      needsAdvice: true,
      text: 'Advice was not asked for from someone involved, or what was received was not sent out at least two weeks before the meeting.',
    },
    {
      id: 'M.requires-improvement.family-not-involved',
      level: 'requires-improvement',
      mirrors: 'M.good.child-and-family-took-part',
      text: 'The child or young person, or their parents, neither attended nor had their views gathered and recorded.',
    },
    {
      id: 'M.inadequate.no-meeting',
      level: 'inadequate',
      text: 'There is no record of a review meeting: the review was done on paper, or the meeting is said to have happened with no date, attendance or record.',
    },
  ],
  guidance: {
    choosing:
      CHOOSING_COMMON +
      ' Count the 12 months from the date the plan was issued or the date of the previous review meeting, whichever is later; the law asks for this at every age. For a child under 5 a quality criterion also asks for a review within 6 months, as the Code of Practice advises.',
    goodLooksLike:
      'The meeting happened on time, the family and the professionals had at least two weeks\' notice and had read the advice before they came, and the child or young person took part in a way that suited them. The record lists who came, in what role, and who sent advice instead; the report went out within two weeks.',
    example:
      'Annual review for Kai (Year 4). Plan issued 14 March last year; review meeting 2 March. Invitations sent 9 February to Kai\'s parents, the class teacher and SENCo, the speech and language therapist, the school nurse and the SEND caseworker. Advice received from school and speech and language therapy and sent to all on 15 February. Kai chose photographs for "what I like about school" and presented them at the start. Report sent 11 March.',
    recommendations: [
      'Set review dates when the plan is issued and send invitations at least two weeks before, recording the dates.',
      'Ask for advice early enough that it can be sent to everyone two weeks before the meeting.',
      'Plan how the child will take part: presenting, a video, photographs, or a conversation beforehand with an adult they know.',
      'Send the report of the meeting to everyone invited within two weeks.',
    ],
  },
};

// ───────────────────────────── P: progress ─────────────────────────────
export const partProgress: SectionData = {
  id: 'P',
  title: 'Part P: Progress towards the outcomes',
  purpose:
    'Checks that the review looked at the child\'s progress towards each outcome in Section E of the plan, with evidence, and at whether the provision in the plan was delivered.',
  weight: 3,
  // Three quality points (family views on progress, next steps, achieved outcomes replaced); one may be missed.
  qualityMayMiss: 1,
  outstandingNeeds: 1,
  criteria: [
    {
      id: 'P.good.each-outcome-reviewed',
      level: 'good',
      core: true,
      text: 'The review looks at every outcome in Section E of the plan, one by one.',
    },
    {
      id: 'P.good.progress-evidenced',
      level: 'good',
      core: true,
      text: 'Progress on each outcome is described with evidence: a measure, an assessment result, a dated observation or examples of the child\'s work, compared with where the child was at the last review.',
      hint: '"Making good progress" or "doing well" with nothing to show it is not evidence.',
    },
    {
      id: 'P.good.provision-delivery-checked',
      level: 'good',
      core: true,
      text: 'The review says whether the provision in Section F was delivered as the plan specifies (what, how often, by whom), and says where it was not and why.',
    },
    {
      id: 'P.good.family-views-on-progress',
      level: 'good',
      text: 'The child\'s or young person\'s and the parents\' views on progress are recorded.',
    },
    {
      id: 'P.good.next-steps-set',
      level: 'good',
      text: 'Next steps or shorter-term targets for the coming year are set for each outcome that continues.',
    },
    {
      id: 'P.good.achieved-outcomes-replaced',
      level: 'good',
      text: 'Outcomes that have been achieved, or are no longer right, are named as such, and new outcomes are proposed in their place.',
    },
    {
      id: 'P.outstanding.trend-over-time',
      level: 'outstanding',
      text: 'Progress is shown against a baseline over more than one year (for example scores or milestones from the last two reviews side by side), so the rate of progress can be seen.',
    },
    {
      id: 'P.outstanding.what-made-the-difference',
      level: 'outstanding',
      text: 'For each outcome the review says which provision made the difference, or did not, and uses that to propose keeping, changing or stopping it.',
    },
    {
      id: 'P.requires-improvement.outcome-not-reviewed',
      level: 'requires-improvement',
      mirrors: 'P.good.each-outcome-reviewed',
      text: 'At least one outcome in Section E is not reviewed, or the outcomes are reviewed only together in general terms.',
    },
    {
      id: 'P.requires-improvement.progress-unevidenced',
      level: 'requires-improvement',
      mirrors: 'P.good.progress-evidenced',
      text: 'Progress on at least one outcome is stated with no evidence, or with no comparison with where the child was before.',
    },
    {
      id: 'P.requires-improvement.delivery-not-checked',
      level: 'requires-improvement',
      mirrors: 'P.good.provision-delivery-checked',
      text: 'The review does not say whether the provision in Section F was delivered as specified.',
    },
    {
      id: 'P.inadequate.no-progress-review',
      level: 'inadequate',
      text: 'The review does not look at progress towards the outcomes at all, or only in generic words that could describe any child.',
    },
    {
      id: 'P.inadequate.provision-missing-unaddressed',
      level: 'inadequate',
      text: 'The review records that provision in Section F was not delivered for a significant part of the year and sets out no action to put it right.',
    },
  ],
  guidance: {
    choosing:
      CHOOSING_COMMON +
      ' Have the current plan beside the review: count the outcomes in Section E and check each one appears. Evidence means something that could be checked; a statement of opinion alone is not evidence.',
    goodLooksLike:
      'Each outcome is taken in turn: where the child was, where they are now and how we know, what the child and family think, and what happens next. The review also checks that the provision in Section F was actually delivered, and says plainly where it was not.',
    example:
      'Outcome 2 (by the end of Year 5 Kai will read a short book aloud to an adult with 95% accuracy). Last review: 82% accuracy on book band 6 (March). Now: 91% on book band 8 (reading record, 20 February). Kai says: "I like reading about dinosaurs now." Provision: daily 15-minute reading with a trained teaching assistant was delivered on 172 of 180 school days; the gaps were staff absence in November. Next step: 95% on book band 9 by July.',
    recommendations: [
      'Review every outcome in Section E separately, with the evidence for the progress made.',
      'Compare with the last review, using the same measures where possible.',
      'Record whether each provision in Section F was delivered, and what will be done where it was not.',
      'Replace outcomes that have been achieved instead of carrying them forward.',
    ],
  },
};

// ───────────────────────────── U: updating the plan ─────────────────────────────
export const partUpdate: SectionData = {
  id: 'U',
  title: 'Part U: Updating the plan',
  purpose:
    'Checks that the review considered whether the needs, outcomes, provision and placement in the plan are still right, and recommended specific changes where they are not.',
  weight: 3,
  // Three quality points (placement, personal budget, health and care sections); one may be missed.
  qualityMayMiss: 1,
  outstandingNeeds: 1,
  criteria: [
    {
      id: 'U.good.sections-checked',
      level: 'good',
      core: true,
      text: 'The review says, for the needs (Section B), the outcomes (Section E) and the provision (Section F), whether each is still accurate.',
    },
    {
      id: 'U.good.changes-specific',
      level: 'good',
      core: true,
      text: 'Where something is no longer accurate, the review proposes the specific change: the new or changed need, outcome or provision in words that could go into the plan.',
    },
    {
      id: 'U.good.changes-follow-through',
      level: 'good',
      core: true,
      text: 'Where a need is new or has changed, the review also proposes the outcome and the provision that go with it.',
    },
    {
      id: 'U.good.recommendation-with-reasons',
      level: 'good',
      core: true,
      text: 'The review ends with a clear recommendation to keep the plan as it is, amend it or stop maintaining it, with the reasons.',
    },
    {
      id: 'U.good.placement-considered',
      level: 'good',
      text: 'The review says whether the school or college named in Section I is still right for the child.',
    },
    {
      id: 'U.good.health-care-sections-checked',
      level: 'good',
      text: 'The review says whether the health and social care sections (C, D, G, H1, H2) are still accurate.',
    },
    {
      id: 'U.good.personal-budget-discussed',
      level: 'good',
      text: 'The review records that a personal budget was discussed, or that the existing one was reviewed.',
    },
    {
      id: 'U.outstanding.amendments-drafted',
      level: 'outstanding',
      text: 'The proposed changes are set out section by section in the form they would take in the amended plan, agreed at the meeting with the family.',
    },
    {
      id: 'U.outstanding.aspirations-refreshed',
      level: 'outstanding',
      text: 'The child\'s or young person\'s views and aspirations (Section A) were gathered again for this review and the proposed changes visibly follow from them.',
    },
    {
      id: 'U.requires-improvement.sections-not-checked',
      level: 'requires-improvement',
      mirrors: 'U.good.sections-checked',
      text: 'The review does not say whether at least one of the needs, the outcomes or the provision is still accurate.',
    },
    {
      id: 'U.requires-improvement.changes-vague',
      level: 'requires-improvement',
      mirrors: 'U.good.changes-specific',
      text: 'A change is said to be needed but not set out (for example "Section F needs updating").',
    },
    {
      id: 'U.requires-improvement.changes-disconnected',
      level: 'requires-improvement',
      mirrors: 'U.good.changes-follow-through',
      text: 'A new or changed need is recorded with no matching outcome or provision proposed.',
    },
    {
      id: 'U.requires-improvement.no-recommendation',
      level: 'requires-improvement',
      mirrors: 'U.good.recommendation-with-reasons',
      text: 'The review makes no recommendation, or gives one without reasons.',
    },
    {
      id: 'U.inadequate.evidence-ignored',
      level: 'inadequate',
      text: 'The review recommends keeping the plan unchanged although its own record shows needs, progress or provision that the plan no longer describes.',
    },
  ],
  guidance: {
    choosing:
      CHOOSING_COMMON +
      ' A recommendation to keep the plan unchanged is Good when the review shows why each section is still accurate. Tick the Inadequate indicator only when the review\'s own evidence contradicts its recommendation.',
    goodLooksLike:
      'The review goes through the plan and says what still fits and what does not. Every proposed change is specific enough to go straight into an amended plan, and a new need comes with its outcome and provision. The recommendation is clear and explained.',
    example:
      'Section B: still accurate except communication; Kai now uses full sentences in class but struggles to follow multi-step instructions (speech and language therapy report, February). Proposed new need: "Kai finds it hard to hold on to spoken instructions of more than two steps." Proposed outcome and provision follow. Recommendation: amend the plan, because the communication need has changed.',
    recommendations: [
      'Go through Sections B, E and F and say for each whether it is still accurate.',
      'Write proposed changes in the words they should take in the plan.',
      'Pair every new need with an outcome and the provision to meet it.',
      'Give reasons for the recommendation, including when it is to keep the plan as it is.',
    ],
  },
};

// ───────────────────────────── A: preparing for adulthood ─────────────────────────────
export const partAdulthood: SectionData = {
  id: 'A',
  title: 'Part A: Preparing for adulthood',
  purpose:
    'From Year 9, checks that the review looked ahead to adult life: further education and employment, independent living, friends and community, and good health.',
  weight: 2,
  notApplicableWhen: 'the child is below Year 9, so preparing for adulthood is not yet part of the review.',
  // Two quality points (careers advice, adult services); one may be missed.
  qualityMayMiss: 1,
  outstandingNeeds: 1,
  criteria: [
    {
      id: 'A.na.below-year-9',
      level: 'na',
      appliesWhen: { fact: 'age-band', in: BELOW_YEAR_9 },
      text: 'The child is below Year 9, so the review does not need to consider preparing for adulthood.',
    },
    {
      id: 'A.good.adulthood-discussed',
      level: 'good',
      core: true,
      appliesWhen: { fact: 'age-band', in: FROM_YEAR_9 },
      text: 'The review records a discussion of the young person\'s hopes for adult life: education or employment, where and how they want to live, friends and community, and health.',
    },
    {
      id: 'A.good.adulthood-outcomes',
      level: 'good',
      core: true,
      appliesWhen: { fact: 'age-band', in: FROM_YEAR_9 },
      text: 'The review proposes or confirms outcomes and provision that prepare for adult life, not only for the current school year.',
    },
    {
      id: 'A.good.careers-advice',
      level: 'good',
      appliesWhen: { fact: 'age-band', in: FROM_YEAR_9 },
      text: 'The review records careers information or advice given, or planned, and work experience where it fits.',
    },
    {
      id: 'A.good.adult-services',
      level: 'good',
      appliesWhen: { fact: 'age-band', in: FROM_YEAR_9 },
      text: 'Where the young person is likely to need adult health or social care, the review says who will plan the move to adult services and when.',
    },
    {
      id: 'A.outstanding.young-person-led-planning',
      level: 'outstanding',
      appliesWhen: { fact: 'age-band', in: FROM_YEAR_9 },
      text: 'The young person\'s own plan for the next steps (for example a route to a job, a supported internship, travel training) is recorded in their words and drives the proposed outcomes.',
    },
    {
      id: 'A.outstanding.post-16-options-visited',
      level: 'outstanding',
      appliesWhen: { fact: 'age-band', in: FROM_YEAR_9 },
      text: 'The review records that the young person has visited or tried the options for their next phase, or has dates to do so.',
    },
    {
      id: 'A.requires-improvement.adulthood-not-discussed',
      level: 'requires-improvement',
      mirrors: 'A.good.adulthood-discussed',
      appliesWhen: { fact: 'age-band', in: FROM_YEAR_9 },
      text: 'The review records no discussion of at least one of the areas of adult life (education or employment, independent living, friends and community, health).',
    },
    {
      id: 'A.requires-improvement.no-adulthood-outcomes',
      level: 'requires-improvement',
      mirrors: 'A.good.adulthood-outcomes',
      appliesWhen: { fact: 'age-band', in: FROM_YEAR_9 },
      text: 'No outcome or provision preparing for adult life is proposed or confirmed.',
    },
    {
      id: 'A.inadequate.adulthood-ignored',
      level: 'inadequate',
      appliesWhen: { fact: 'age-band', in: FROM_YEAR_9 },
      text: 'The review does not mention adult life at all for a young person in Year 9 or above.',
    },
  ],
  guidance: {
    choosing:
      CHOOSING_COMMON +
      ' Below Year 9 every criterion here is greyed out: tick the Not applicable statement. From Year 9 the four areas of adult life are expected at every review, in words that suit the young person.',
    goodLooksLike:
      'From Year 9 the review asks what the young person wants from adult life and plans towards it: what they will study or where they will work, how they will live, who their friends will be and how they will stay healthy. Outcomes and provision reach beyond the next school year.',
    example:
      'Ayo (Year 10) wants to work with cars. She has done a week at a garage and wants to go to college for a motor vehicle course. She would like to travel there on her own. Proposed outcome: by the end of Year 11 Ayo will travel by bus from home to the college and back on her own. Provision: travel training, two sessions a week for ten weeks, from the council\'s travel training team.',
    recommendations: [
      'From Year 9, ask about all four areas of adult life at every review.',
      'Propose outcomes that look beyond the current year, with provision to reach them.',
      'Record careers advice and, where adult services will be needed, who plans the move and when.',
    ],
  },
};

// ───────────────────────────── T: phase transfer ─────────────────────────────
export const partTransfer: SectionData = {
  id: 'T',
  title: 'Part T: Moving to a new phase',
  purpose:
    'When the child or young person moves to a new phase of education within the next year, checks that the move was planned and the plan was amended by the statutory deadline.',
  weight: 2,
  notApplicableWhen: 'no move to a new phase is due in the next year.',
  // Two quality points (preferences recorded early, information shared); one may be missed.
  qualityMayMiss: 1,
  outstandingNeeds: 1,
  criteria: [
    {
      id: 'T.na.no-transfer',
      level: 'na',
      appliesWhen: { fact: 'phase-transfer', in: ['none'] },
      text: 'No move to a new phase is due within the next twelve months.',
    },
    {
      id: 'T.good.options-considered',
      level: 'good',
      core: true,
      appliesWhen: { fact: 'phase-transfer', in: ['school', 'post-16'] },
      text: 'The review records the options for the next school, college or setting, and the family\'s or young person\'s preference.',
    },
    {
      id: 'T.good.school-deadline-met',
      level: 'good',
      core: true,
      appliesWhen: { fact: 'phase-transfer', in: ['school'] },
      text: 'For a move between school phases, the amended plan naming the new school was issued by 15 February of the year of the move.',
    },
    {
      id: 'T.good.post-16-deadline-met',
      level: 'good',
      core: true,
      appliesWhen: { fact: 'phase-transfer', in: ['post-16'] },
      text: 'For a move to post-16 education or training, the amended plan naming the new setting was issued by 31 March of the year of the move.',
    },
    {
      id: 'T.good.transition-arrangements',
      level: 'good',
      core: true,
      appliesWhen: { fact: 'phase-transfer', in: ['school', 'post-16'] },
      text: 'The review records how the move will be supported: visits, information shared with the new setting, and who is responsible.',
    },
    {
      id: 'T.good.preference-recorded-early',
      level: 'good',
      appliesWhen: { fact: 'phase-transfer', in: ['school', 'post-16'] },
      text: 'The family\'s or young person\'s preference was recorded early enough to consult the setting before the deadline (the dates show it).',
    },
    {
      id: 'T.good.new-setting-involved',
      level: 'good',
      appliesWhen: { fact: 'phase-transfer', in: ['school', 'post-16'] },
      text: 'The new setting was invited to the review or sent the review\'s findings.',
    },
    {
      id: 'T.outstanding.tailored-transition',
      level: 'outstanding',
      appliesWhen: { fact: 'phase-transfer', in: ['school', 'post-16'] },
      text: 'The transition plan is built around this child (for example extra visits, a photo book of the new setting, a named adult to meet them) and the child\'s views on it are recorded.',
    },
    {
      id: 'T.requires-improvement.options-not-considered',
      level: 'requires-improvement',
      mirrors: 'T.good.options-considered',
      appliesWhen: { fact: 'phase-transfer', in: ['school', 'post-16'] },
      text: 'The review does not record the options for the next setting or the family\'s or young person\'s preference.',
    },
    {
      id: 'T.requires-improvement.school-deadline-missed',
      level: 'requires-improvement',
      mirrors: 'T.good.school-deadline-met',
      appliesWhen: { fact: 'phase-transfer', in: ['school'] },
      text: 'For a move between school phases, the amended plan naming the new school was issued after 15 February, or the date is not recorded.',
    },
    {
      id: 'T.requires-improvement.post-16-deadline-missed',
      level: 'requires-improvement',
      mirrors: 'T.good.post-16-deadline-met',
      appliesWhen: { fact: 'phase-transfer', in: ['post-16'] },
      text: 'For a move to post-16 education or training, the amended plan naming the new setting was issued after 31 March, or the date is not recorded.',
    },
    {
      id: 'T.requires-improvement.no-transition-arrangements',
      level: 'requires-improvement',
      mirrors: 'T.good.transition-arrangements',
      appliesWhen: { fact: 'phase-transfer', in: ['school', 'post-16'] },
      text: 'The review records no arrangements for supporting the move.',
    },
    {
      id: 'T.inadequate.no-setting-named',
      level: 'inadequate',
      appliesWhen: { fact: 'phase-transfer', in: ['school', 'post-16'] },
      text: 'At the time of the audit the deadline has passed and no setting for the next phase has been named.',
    },
  ],
  guidance: {
    choosing:
      CHOOSING_COMMON +
      ' Only the deadline for the kind of move recorded at the start applies: 15 February for a move between school phases, 31 March for a move to post-16. When no move is due, tick the Not applicable statement.',
    goodLooksLike:
      'The review in the year before the move sets out the options and the family\'s preference, the local authority consults the settings in time, and the amended plan naming the new setting is issued by the deadline. The move itself is planned: visits, information passed on, and someone responsible.',
    example:
      'Kai moves to secondary school next September. His parents prefer Northfield Academy; the review (October) records this and the two other options discussed. Northfield was consulted on 3 November and the amended plan naming it was issued on 6 February. Kai will visit three times in the summer term with his teaching assistant, and the SENCo will pass on his one-page profile.',
    recommendations: [
      'Hold the review for a phase transfer early in the autumn term so the deadline can be met.',
      'Record the family\'s preference and the date it was given.',
      'Plan visits and information sharing with the new setting, with a named role responsible.',
    ],
  },
};

// ───────────────────────────── D: the decision ─────────────────────────────
export const partDecision: SectionData = {
  id: 'D',
  title: "Part D: The local authority's decision",
  purpose:
    'Checks that the local authority told the family its decision (keep, amend or stop maintaining the plan) within four weeks of the meeting, and that an amended plan was issued within the statutory time.',
  weight: 2,
  // Two quality points (plain language, departures explained); one may be missed.
  qualityMayMiss: 1,
  outstandingNeeds: 1,
  criteria: [
    {
      id: 'D.good.decision-within-4-weeks',
      level: 'good',
      core: true,
      text: 'The local authority sent its decision to keep, amend or stop maintaining the plan to the parents or young person within four weeks of the review meeting.',
    },
    {
      id: 'D.good.amended-plan-on-time',
      level: 'good',
      core: true,
      appliesWhen: { fact: 'review-decision', in: ['amend'] },
      text: 'The proposed amendments were sent with the decision, and the final amended plan was issued within eight weeks of the proposed amendments being sent.',
    },
    {
      id: 'D.good.rights-explained',
      level: 'good',
      core: true,
      appliesWhen: { fact: 'review-decision', in: ['maintain', 'cease'] },
      text: 'The decision letter explains the family\'s or young person\'s right to appeal to the tribunal, and about mediation and disagreement resolution.',
    },
    {
      id: 'D.good.plain-language',
      level: 'good',
      text: 'The decision letter is in plain language and says what happens next and by when.',
    },
    {
      id: 'D.good.departure-explained',
      level: 'good',
      text: 'Where the decision differs from the recommendation of the review, the letter explains why.',
    },
    {
      id: 'D.outstanding.well-ahead-of-time',
      level: 'outstanding',
      text: 'The decision was sent within two weeks of the meeting and, where the plan was amended, the final amended plan was issued within four weeks of the proposed amendments.',
    },
    {
      id: 'D.requires-improvement.decision-late',
      level: 'requires-improvement',
      mirrors: 'D.good.decision-within-4-weeks',
      text: 'The decision was sent more than four weeks after the review meeting, or its date is not recorded.',
    },
    {
      id: 'D.requires-improvement.amended-plan-late',
      level: 'requires-improvement',
      mirrors: 'D.good.amended-plan-on-time',
      appliesWhen: { fact: 'review-decision', in: ['amend'] },
      text: 'The proposed amendments were not sent with the decision, or the final amended plan was issued more than eight weeks after them, or the dates are not recorded.',
    },
    {
      id: 'D.requires-improvement.rights-not-explained',
      level: 'requires-improvement',
      mirrors: 'D.good.rights-explained',
      appliesWhen: { fact: 'review-decision', in: ['maintain', 'cease'] },
      text: 'The decision letter does not explain the right to appeal, or does not mention mediation and disagreement resolution.',
    },
    {
      id: 'D.inadequate.no-decision',
      level: 'inadequate',
      text: 'No decision was sent to the family after the review meeting.',
    },
  ],
  guidance: {
    choosing:
      CHOOSING_COMMON +
      ' Which criteria apply follows from the decision recorded at the start: an amended plan has its own deadline; a decision to keep the plan as it is or to stop maintaining it must explain the right to appeal. When no decision has been recorded, the four-week criterion still applies and its weakness, or the Inadequate indicator, is the honest answer.',
    goodLooksLike:
      'Within four weeks of the meeting the family has a clear letter: what the local authority decided, why, what happens next and what they can do if they disagree. Where the plan is amended, the proposed changes come with the letter and the final amended plan follows within eight weeks.',
    example:
      'Review meeting 2 March. Decision letter 20 March: "We will amend Kai\'s plan because his communication needs have changed. The proposed changes are enclosed. Please tell us within 15 days if you agree." Final amended plan issued 28 April.',
    recommendations: [
      'Track the four-week decision date from the day of the meeting.',
      'Send the proposed amendments with the decision and issue the final amended plan within eight weeks.',
      'Explain the right to appeal, mediation and disagreement resolution in every decision not to amend or to stop maintaining a plan.',
    ],
  },
};
