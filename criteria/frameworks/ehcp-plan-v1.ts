/**
 * The EHC plan quality framework, version 1.0.0, as plain data.
 *
 * Twelve sections (A to K, with H split into H1 and H2), each with a checklist of
 * observable criteria grouped by grade level, guidance for auditors, and a weight
 * for the overall grade. Validation happens in `./index.ts` through `loadFramework`.
 *
 * Criterion ids are published: once released, an id never changes meaning. A change
 * of meaning is a new criterion id in a new framework version.
 *
 * The criteria draw on the SEND Regulations 2014, the SEND Code of Practice (2015),
 * and widely used good-practice checklists; the wording is the project's own.
 * Every example in the guidance describes an invented child.
 */
import type * as z from 'zod/mini';
import type { FrameworkSchema } from '../schema.js';

/** The list of vague words an auditor looks for in provision sections. */
const VAGUE_WORDS =
  '"access to", "opportunities for", "regular", "as required", "as appropriate", "up to", "should", "may", "support" or "input" without saying what it is, "small group" without a size';

export const ehcpPlanV1Data: z.input<typeof FrameworkSchema> = {
  id: 'ehcp-plan',
  version: '1.0.0',
  title: 'EHC plan quality framework',
  description:
    'Criteria for auditing the quality of an Education, Health and Care plan, section by section (A to K, with H split into H1 and H2). Each section has a checklist of observable statements grouped by grade; the ticked statements suggest the section grade, and the weighted section grades give the overall grade. Based on the SEND Regulations 2014 and the SEND Code of Practice (2015), with good practice on the "golden thread" from aspirations to needs, outcomes and provision.',
  scale: {
    id: 'ofsted-style',
    label: 'Outstanding, Good, Requires improvement, Inadequate',
    levels: [
      { id: 'outstanding', label: 'Outstanding', rank: 1, colour: 'outstanding', points: 4 },
      { id: 'good', label: 'Good', rank: 2, colour: 'good', points: 3 },
      { id: 'requires-improvement', label: 'Requires improvement', rank: 3, colour: 'requires-improvement', points: 2 },
      { id: 'inadequate', label: 'Inadequate', rank: 4, colour: 'inadequate', points: 1 },
    ],
    expected: 'good',
    notApplicableLabel: 'Not applicable',
  },
  sections: [
    // ───────────────────────────── A ─────────────────────────────
    {
      id: 'A',
      title: 'Section A: Views, interests and aspirations',
      purpose:
        'Records the views, interests and aspirations of the child and their parents, or of the young person, so that the rest of the plan is built around them.',
      weight: 2,
      criteria: [
        {
          id: 'A.good.child-voice',
          level: 'good',
          text: "The child or young person's own views are recorded, in the first person wherever they were able to give them.",
          hint: 'Quotes, "I like…", "I find it hard when…". Views given through a communication aid, pictures or an adult who knows the child well count, if the section says so.',
        },
        {
          id: 'A.good.how-gathered',
          level: 'good',
          text: "The section says how the child's views were gathered (for example conversation, drawings, symbols, observation) and who helped gather them.",
        },
        {
          id: 'A.good.parent-views',
          level: 'good',
          text: "The parents' or carers' views are recorded and clearly attributed to them, separately from the child's own views.",
          hint: "For a young person over compulsory school age, their own views lead; parents' views appear where the young person agreed.",
        },
        {
          id: 'A.good.strengths-interests',
          level: 'good',
          text: 'The section describes what the child likes, enjoys and is good at, in positive terms.',
        },
        {
          id: 'A.good.aspirations',
          level: 'good',
          text: "Aspirations for the future are recorded in the child's or family's own words, for the near future and for adult life.",
        },
        {
          id: 'A.good.what-helps',
          level: 'good',
          text: 'The section says how the child communicates and what helps them, so that an adult new to the child could act on it.',
        },
        {
          id: 'A.good.current',
          level: 'good',
          text: 'The views are current: gathered during this assessment or annual review, and dated.',
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
          id: 'A.requires-improvement.written-about-child',
          level: 'requires-improvement',
          text: "The section is mostly written about the child in the third person by professionals, without saying why the child's own words could not be recorded.",
        },
        {
          id: 'A.requires-improvement.deficit-language',
          level: 'requires-improvement',
          text: 'The child is described mainly through difficulties, behaviours or diagnoses rather than strengths and interests.',
        },
        {
          id: 'A.requires-improvement.views-unattributed',
          level: 'requires-improvement',
          text: "It is not clear whose views are whose: the child's and the parents' views are mixed without saying who said what.",
        },
        {
          id: 'A.requires-improvement.aspirations-missing-or-service-led',
          level: 'requires-improvement',
          text: 'Aspirations are missing, or are written as services the child will receive (for example "to have speech and language therapy") rather than hopes for their life.',
        },
        {
          id: 'A.requires-improvement.out-of-date',
          level: 'requires-improvement',
          text: 'The views are copied from an earlier plan or report and the section does not say when they were last checked with the child and family.',
        },
        {
          id: 'A.inadequate.no-child-views',
          level: 'inadequate',
          text: 'The section contains no views of the child or young person and no account of how their views were sought.',
        },
        {
          id: 'A.inadequate.blank-or-generic',
          level: 'inadequate',
          text: 'The section is blank, or holds only generic text that could describe any child.',
        },
      ],
      guidance: {
        choosing:
          'Read Section A on its own first, then again after Section E. Tick each Good statement only when you can point to the words in the plan that meet it. Tick a Requires improvement or Inadequate indicator whenever you see that weakness anywhere in the section, even if the Good statements are also met: one weakness is enough to lower the suggestion. Tick the Outstanding statements only when every Good statement is met as well.',
        goodLooksLike:
          'A reader who has never met the child comes away knowing who they are: what they enjoy, what they are proud of, how they like to communicate, what helps and what upsets them, and what they hope for. The child speaks for themselves as far as they can, and the section says how their views were gathered and by whom. Parents have their own clearly labelled part. Aspirations are hopes for life, not lists of services, and each one is picked up again in Section E.',
        example:
          'About me (written with Maya, age 9, with her teaching assistant using picture cards, March): "I love drawing horses and swimming. I am good at remembering songs. I don\'t like it when the hall is noisy; it makes my ears hurt. It helps when someone shows me a picture of what is next." When I grow up I want to look after animals. My mum and dad say: "Maya is kind and funny. We want her to read on her own and to have a friend to play with at break."',
        recommendations: [
          "Record the child's words as they said them, in the first person, and say how and by whom they were gathered.",
          'Give parents their own labelled paragraph so their views are not mixed with the child\'s.',
          'Write aspirations as hopes for life ("I want to work with animals"), not as services, and link each one to an outcome in Section E.',
          'Open with strengths and interests before any difficulty.',
          'Check and date the views at each annual review rather than copying them forward.',
        ],
      },
    },
    // ───────────────────────────── B ─────────────────────────────
    {
      id: 'B',
      title: 'Section B: Special educational needs',
      purpose:
        'Describes every special educational need identified during the assessment, so that outcomes in Section E and provision in Section F can be set for each one.',
      weight: 3,
      criteria: [
        {
          id: 'B.good.every-need-from-advice',
          level: 'good',
          text: 'Every special educational need identified in the advice listed in Section K is described in this section.',
          hint: 'Compare against the educational, psychological, health and therapy advice.',
        },
        {
          id: 'B.good.impact-described',
          level: 'good',
          text: 'Each need says how it affects this child\'s learning, communication or daily life, not only the diagnosis or label.',
        },
        {
          id: 'B.good.strengths',
          level: 'good',
          text: "The child's strengths are described alongside their needs.",
        },
        {
          id: 'B.good.attainment',
          level: 'good',
          text: 'Current attainment or development is given with a date or a measure (for example reading age, curriculum stage, standardised scores, developmental milestones).',
        },
        {
          id: 'B.good.organised-by-area',
          level: 'good',
          text: 'Needs are organised under clear headings (for example the four broad areas of need: communication and interaction; cognition and learning; social, emotional and mental health; sensory and/or physical).',
        },
        {
          id: 'B.good.sourced',
          level: 'good',
          text: 'Each need can be traced to the advice it came from (the author or report is named or referenced).',
        },
        {
          id: 'B.good.plain-language',
          level: 'good',
          text: 'Specialist terms, acronyms and test scores are explained in plain language a parent can follow.',
        },
        {
          id: 'B.outstanding.numbered-golden-thread',
          level: 'outstanding',
          text: 'Each need is numbered or labelled, and the same reference is used in Sections E and F, so every need can be followed to its outcomes and provision.',
        },
        {
          id: 'B.outstanding.what-has-worked',
          level: 'outstanding',
          text: 'For each area of need, the section says which approaches have already been tried and how well they worked.',
        },
        {
          id: 'B.requires-improvement.diagnosis-only',
          level: 'requires-improvement',
          text: 'At least one need is given only as a diagnosis or label (for example "has autism", "dyslexic") without saying how it affects the child.',
        },
        {
          id: 'B.requires-improvement.no-strengths',
          level: 'requires-improvement',
          text: 'No strengths of the child are described.',
        },
        {
          id: 'B.requires-improvement.no-attainment',
          level: 'requires-improvement',
          text: 'There is no current attainment or progress information, or it is undated.',
        },
        {
          id: 'B.requires-improvement.provision-in-needs',
          level: 'requires-improvement',
          text: 'The section contains provision (what will be done, by whom, how often) that belongs in Section F.',
          hint: 'Provision written only in Section B is not legally enforceable.',
        },
        {
          id: 'B.requires-improvement.pasted-advice',
          level: 'requires-improvement',
          text: 'Long passages are pasted from professional reports without being summarised, so the needs are hard to find.',
        },
        {
          id: 'B.inadequate.need-missing',
          level: 'inadequate',
          text: 'A need clearly identified in the advice is missing from this section.',
        },
        {
          id: 'B.inadequate.generic',
          level: 'inadequate',
          text: 'The section is blank, or the needs are described in terms so general that outcomes and provision could not be set from them.',
        },
      ],
      guidance: {
        choosing:
          'Have the advice in Section K open beside the plan. List the needs each adviser identified and check each one appears here with its effect on the child. Tick "need missing" if even one clearly identified need is absent. Tick the Outstanding statements only when all Good statements are met.',
        goodLooksLike:
          'Each area of need has a heading, a short statement of strengths, the current level of attainment or development with a date, and a plain description of how the need shows itself for this child in class, at break and at home. Every statement can be traced to the advice. There is no provision here: what will be done lives in Section F, under the same heading or number.',
        example:
          'B1 Communication and interaction. Strengths: Jay, 7, follows two-step instructions when shown a picture and enjoys turn-taking games. Needs: Jay understands about half of what is said to him in class (speech and language therapy assessment, January: receptive language below the 2nd centile). He often repeats the last words he heard instead of answering, and becomes upset when he cannot make himself understood, which leads to him leaving the classroom about three times a week.',
        recommendations: [
          'Number each need (B1, B2…) and use the same numbers in Sections E and F.',
          'After each diagnosis, say in one or two sentences what it means for this child day to day.',
          'Add current, dated attainment for each area of learning need.',
          'Move any provision ("will have…", "needs 1:1…") to Section F and quantify it there.',
          'Summarise advice in your own words rather than pasting whole paragraphs.',
        ],
      },
    },
    // ───────────────────────────── C ─────────────────────────────
    {
      id: 'C',
      title: 'Section C: Health needs',
      purpose:
        'Describes any health needs identified during the assessment that relate to the child or young person\'s special educational needs or disability.',
      weight: 1,
      notApplicableWhen:
        'The child or young person has no health needs related to their SEN or disability, and the section says so in a clear statement that health advice was sought.',
      criteria: [
        {
          id: 'C.good.impact-described',
          level: 'good',
          text: 'Each health need is described with how it affects the child\'s learning, development or daily life.',
        },
        {
          id: 'C.good.health-advice-sought',
          level: 'good',
          text: 'The section says that health advice was sought and from whom, and that advice is listed in Section K.',
        },
        {
          id: 'C.good.diagnoses-sourced',
          level: 'good',
          text: 'Each diagnosis or condition is named together with the professional or service that identified it.',
        },
        {
          id: 'C.good.services-involved',
          level: 'good',
          text: 'The health services currently involved with the child are named.',
        },
        {
          id: 'C.good.current',
          level: 'good',
          text: 'The health information comes from advice given during this assessment or annual review.',
        },
        {
          id: 'C.good.plain-language',
          level: 'good',
          text: 'Medical terms are explained in plain language.',
        },
        {
          id: 'C.outstanding.child-family-perspective',
          level: 'outstanding',
          text: 'The section says how the health needs feel from the child\'s or family\'s point of view and what helps them.',
        },
        {
          id: 'C.outstanding.anticipated-change',
          level: 'outstanding',
          text: 'The section says how the health needs are expected to change (for example planned treatment, growth, the move to adult health services) and when they will next be reviewed.',
        },
        {
          id: 'C.requires-improvement.diagnosis-list',
          level: 'requires-improvement',
          text: 'Health needs are listed only as diagnoses or conditions, without their effect on the child.',
        },
        {
          id: 'C.requires-improvement.unrelated-detail',
          level: 'requires-improvement',
          text: 'The section includes health history unrelated to the SEN or disability, which hides the relevant needs.',
        },
        {
          id: 'C.requires-improvement.out-of-date',
          level: 'requires-improvement',
          text: 'The health information is more than 12 months old or comes from advice not listed in Section K.',
        },
        {
          id: 'C.requires-improvement.provision-in-needs',
          level: 'requires-improvement',
          text: 'The section contains health provision (treatment, therapy, equipment to be provided) that belongs in Section G.',
        },
        {
          id: 'C.inadequate.blank-or-bare-na',
          level: 'inadequate',
          text: 'The section is blank, or says only "N/A", "none" or similar, with no statement that health advice was sought.',
        },
        {
          id: 'C.inadequate.need-missing',
          level: 'inadequate',
          text: 'A health need identified in the health advice is missing from this section.',
        },
        {
          id: 'C.na.no-health-needs-confirmed',
          level: 'na',
          text: 'The section states clearly that the child has no health needs related to their SEN or disability, and that health advice was sought (the standard compliance statement).',
        },
      ],
      guidance: {
        choosing:
          'If the plan records no health needs, check the wording: a clear statement that health advice was sought and no related needs were found is Not applicable; a blank section or a bare "N/A" is Inadequate. Otherwise compare the section with the health advice in Section K and tick what you can see.',
        goodLooksLike:
          'Only health needs related to the SEN or disability appear, each with a short plain-language explanation, the service that identified it, and what it means for the child at school and at home. Provision is left to Section G. Where there are no such needs the section says so, and says that health advice was sought.',
        example:
          'Ellis, 12, has epilepsy (diagnosed by the community paediatrician, reviewed in February). He has short absence seizures, usually two or three a day, lasting a few seconds; afterwards he may not know what he was asked to do and needs the instruction repeated. Tiredness after a seizure can last up to an hour. His medication can make him drowsy in the mornings. Services involved: community paediatrics, epilepsy nurse specialist.',
        recommendations: [
          'Where there are no health needs, write the standard compliance statement: health advice was sought from [service] on [date] and no health needs related to SEN were identified.',
          'After each condition, say what it means for the child during the school day.',
          'Leave out health history that does not relate to the SEN or disability.',
          'Move treatment and therapy that will be provided to Section G.',
        ],
      },
    },
    // ───────────────────────────── D ─────────────────────────────
    {
      id: 'D',
      title: 'Section D: Social care needs',
      purpose:
        'Describes any social care needs of the child or young person that relate to their special educational needs or disability.',
      weight: 1,
      notApplicableWhen:
        'The child or young person has no social care needs related to their SEN or disability, and the section says so in a clear statement that social care advice was sought.',
      criteria: [
        {
          id: 'D.good.impact-described',
          level: 'good',
          text: 'Each social care need is described with how it affects the child\'s life at home and in the community.',
        },
        {
          id: 'D.good.social-care-advice-sought',
          level: 'good',
          text: 'The section says that social care advice was sought and from whom, and that advice is listed in Section K.',
        },
        {
          id: 'D.good.assessment-named',
          level: 'good',
          text: 'Any social care assessment the needs come from is named and dated (for example a child in need assessment, a disabled children\'s assessment, a carer\'s assessment, or a Care Act assessment for a young person aged 18 or over).',
        },
        {
          id: 'D.good.beyond-school',
          level: 'good',
          text: 'The needs cover life outside school where relevant (personal care, safety, relationships, short breaks, leisure), not only the school day.',
        },
        {
          id: 'D.good.current',
          level: 'good',
          text: 'The social care information comes from advice given during this assessment or annual review.',
        },
        {
          id: 'D.good.respectful-language',
          level: 'good',
          text: 'The section is written in plain, non-judgemental language and includes only what is needed to understand the child\'s needs.',
        },
        {
          id: 'D.outstanding.child-family-perspective',
          level: 'outstanding',
          text: 'The section says what the child and family say about these needs and what makes a difference at home.',
        },
        {
          id: 'D.outstanding.future-needs',
          level: 'outstanding',
          text: 'The section says how the social care needs are expected to change as the child grows (for example the move to adult social care) and when that will be assessed.',
        },
        {
          id: 'D.requires-improvement.label-only',
          level: 'requires-improvement',
          text: 'Needs are given only as a status or label (for example "child in need", "known to social care") without describing the need.',
        },
        {
          id: 'D.requires-improvement.provision-in-needs',
          level: 'requires-improvement',
          text: 'The section contains social care provision (services, hours of support) that belongs in Section H1 or H2.',
        },
        {
          id: 'D.requires-improvement.out-of-date',
          level: 'requires-improvement',
          text: 'The social care information is more than 12 months old or comes from advice not listed in Section K.',
        },
        {
          id: 'D.requires-improvement.school-only',
          level: 'requires-improvement',
          text: 'The section describes only needs in school, although the advice describes needs at home or in the community.',
        },
        {
          id: 'D.inadequate.blank-or-bare-na',
          level: 'inadequate',
          text: 'The section is blank, or says only "N/A", "none" or similar, with no statement that social care advice was sought.',
        },
        {
          id: 'D.inadequate.need-missing',
          level: 'inadequate',
          text: 'A social care need identified in the social care advice is missing from this section.',
        },
        {
          id: 'D.na.no-social-care-needs-confirmed',
          level: 'na',
          text: 'The section states clearly that the child has no social care needs related to their SEN or disability, and that social care advice was sought (the standard compliance statement).',
        },
      ],
      guidance: {
        choosing:
          'As for Section C: a clear statement that social care advice was sought and found no related needs is Not applicable; a blank section or a bare "N/A" is Inadequate. Otherwise compare with the social care advice in Section K.',
        goodLooksLike:
          'The section describes the needs that affect the child\'s life at home and in the community because of their SEN or disability, where each need came from, and what it means day to day. It is respectful, contains only what is needed, and leaves services to Sections H1 and H2.',
        example:
          'Social care needs (disabled children\'s assessment, children with disabilities team, April): Tom, 15, needs an adult with him to stay safe near roads, as he does not yet judge traffic. He needs help with washing and dressing each morning. He wants to go to a youth club with friends but cannot travel there alone. His parents care for him every night, as he sleeps for about four hours at a time, and they need regular breaks to keep caring safely.',
        recommendations: [
          'Where there are no social care needs, write the standard compliance statement: social care advice was sought from [team] on [date] and no social care needs related to SEN or disability were identified.',
          'Describe what the need means at home and in the community, not only the child\'s status.',
          'Name and date the assessment the needs come from.',
          'Move services and hours of support to Section H1 or H2.',
        ],
      },
    },
    // ───────────────────────────── E ─────────────────────────────
    {
      id: 'E',
      title: 'Section E: Outcomes',
      purpose:
        'Sets out the outcomes sought for the child or young person, including for adult life, and how shorter-term targets towards them will be set and reviewed.',
      weight: 3,
      criteria: [
        {
          id: 'E.good.linked-to-needs',
          level: 'good',
          text: 'Each outcome is linked, by heading or reference, to one or more needs in Section B, C or D.',
        },
        {
          id: 'E.good.every-area-has-outcome',
          level: 'good',
          text: 'Every area of need in Section B has at least one outcome.',
        },
        {
          id: 'E.good.reflects-aspirations',
          level: 'good',
          text: 'The outcomes build towards the aspirations recorded in Section A.',
        },
        {
          id: 'E.good.specific',
          level: 'good',
          text: 'Each outcome says specifically what the child will be able to do.',
        },
        {
          id: 'E.good.measurable',
          level: 'good',
          text: 'Each outcome says how achievement will be recognised or measured.',
        },
        {
          id: 'E.good.time-bound',
          level: 'good',
          text: 'Each outcome has a timescale, usually the end of a key stage or phase.',
        },
        {
          id: 'E.good.personal',
          level: 'good',
          text: 'Outcomes describe what the child will achieve, not a service they will receive (no "will receive", "will attend", "will have").',
        },
        {
          id: 'E.good.shorter-term-targets',
          level: 'good',
          text: 'The section says how shorter-term targets towards the outcomes will be set, by whom, and when progress is reviewed.',
        },
        {
          id: 'E.good.preparing-for-adulthood',
          level: 'good',
          text: 'From Year 9 onwards, the outcomes include preparing for adulthood: employment or further study, independent living, community participation and friendships, and good health.',
          hint: 'For a child below Year 9, tick this when the outcomes suit the child\'s age.',
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
          id: 'E.requires-improvement.not-measurable',
          level: 'requires-improvement',
          text: 'At least one outcome cannot be measured (for example "will improve", "will develop", "will make progress").',
        },
        {
          id: 'E.requires-improvement.no-timescale',
          level: 'requires-improvement',
          text: 'At least one outcome has no timescale.',
        },
        {
          id: 'E.requires-improvement.service-centred',
          level: 'requires-improvement',
          text: 'At least one outcome describes provision or a service (for example "will receive occupational therapy", "will have 1:1 support").',
        },
        {
          id: 'E.requires-improvement.aspiration-as-outcome',
          level: 'requires-improvement',
          text: 'At least one outcome is an aspiration that cannot be achieved within the phase (for example "to become a vet"), which belongs in Section A.',
        },
        {
          id: 'E.requires-improvement.unlinked-outcome',
          level: 'requires-improvement',
          text: 'At least one outcome cannot be linked to any need in Section B, C or D.',
        },
        {
          id: 'E.requires-improvement.short-term-targets-only',
          level: 'requires-improvement',
          text: 'The outcomes are short classroom targets for the next few weeks rather than outcomes for the end of a phase.',
        },
        {
          id: 'E.inadequate.missing-or-generic',
          level: 'inadequate',
          text: 'There are no outcomes, or the outcomes are generic statements that could apply to any child.',
        },
        {
          id: 'E.inadequate.disconnected-from-needs',
          level: 'inadequate',
          text: 'Most outcomes cannot be linked to the needs in Section B, or a main area of need has no outcome at all.',
        },
        {
          id: 'E.inadequate.no-adulthood-from-year-9',
          level: 'inadequate',
          text: 'The young person is in Year 9 or above and no outcome concerns preparing for adulthood.',
        },
      ],
      guidance: {
        choosing:
          'Take each outcome in turn and ask: is it linked to a need, is it about the child, can I tell when it has been achieved, and by when? One outcome failing one of those tests is enough to tick the matching Requires improvement indicator. Check the child\'s year group before judging preparing for adulthood.',
        goodLooksLike:
          'A small number of outcomes for each area of need, each describing what the child will be able to do by the end of the phase, how anyone will know, and which need it answers. Together they lead towards the aspirations in Section A. The section explains that the school sets shorter-term targets each term and that progress is reviewed at the annual review. From Year 9 the outcomes look ahead to work or study, independent living, community life and health.',
        example:
          'E1 (needs B1, B2; aspiration: "I want to work with animals"). By the end of Key Stage 2, Maya will read a short unfamiliar story aloud with 90% accuracy and answer three questions about it, measured by termly reading checks. E2 (need B3). By July next year Maya will ask an adult for help using a help card or words in at least four out of five observed lessons. Shorter-term targets are set by the class teacher with the SENCo each term and shared with Maya and her parents.',
        recommendations: [
          'Link each outcome to a numbered need in Section B and to an aspiration in Section A.',
          'Replace "will improve" with what the child will be able to do and how it will be measured.',
          'Give every outcome a timescale, normally the end of the key stage or phase.',
          'Move services ("will receive…") to Section F, G or H and rewrite the outcome as the child\'s achievement.',
          'From Year 9, add outcomes for employment or study, independent living, community participation and health.',
        ],
      },
    },
    // ───────────────────────────── F ─────────────────────────────
    {
      id: 'F',
      title: 'Section F: Special educational provision',
      purpose:
        'Specifies the special educational provision required by the child or young person for each of their special educational needs in Section B.',
      weight: 3,
      criteria: [
        {
          id: 'F.good.every-need-has-provision',
          level: 'good',
          text: 'Every need described in Section B has provision in this section.',
        },
        {
          id: 'F.good.linked-to-outcomes',
          level: 'good',
          text: 'Each item of provision is linked to the outcome or outcomes in Section E it works towards.',
        },
        {
          id: 'F.good.specific',
          level: 'good',
          text: 'Each item says exactly what will be provided (the programme, approach, resource or equipment).',
        },
        {
          id: 'F.good.who-and-expertise',
          level: 'good',
          text: 'Each item says who will deliver it and their level of training or qualification.',
          hint: 'For example "a teaching assistant trained in the programme", "a qualified teacher of the deaf", "a registered speech and language therapist".',
        },
        {
          id: 'F.good.quantified',
          level: 'good',
          text: 'Each item says how often and for how long it is provided (for example three 30-minute sessions a week).',
        },
        {
          id: 'F.good.group-size',
          level: 'good',
          text: 'Wherever provision is delivered in a group, the group size and adult-to-child ratio are stated.',
          hint: 'Tick when no provision is delivered in a group.',
        },
        {
          id: 'F.good.educational-therapy',
          level: 'good',
          text: 'Any speech and language therapy, or other therapy that educates or trains the child, recommended in the advice is specified in this section.',
          hint: 'Such therapy is special educational provision and enforceable only in F. Tick when the advice recommends none.',
        },
        {
          id: 'F.good.monitoring',
          level: 'good',
          text: 'The section says how and when the provision and the child\'s progress will be monitored and reviewed.',
        },
        {
          id: 'F.good.no-vague-wording',
          level: 'good',
          text: `The provision contains none of the vague wording that makes it unenforceable: ${VAGUE_WORDS}.`,
        },
        {
          id: 'F.outstanding.cross-referenced',
          level: 'outstanding',
          text: 'Each item of provision is cross-referenced, by number, to the need in Section B and the outcome in Section E it serves (for example in a table).',
        },
        {
          id: 'F.outstanding.whole-day',
          level: 'outstanding',
          text: 'The provision covers the whole day, including unstructured times (breaks, lunch, moving between lessons, trips), not only lessons.',
        },
        {
          id: 'F.requires-improvement.some-vague-wording',
          level: 'requires-improvement',
          text: `One or two items use vague wording (${VAGUE_WORDS}) while the rest are specific and quantified.`,
        },
        {
          id: 'F.requires-improvement.expertise-missing',
          level: 'requires-improvement',
          text: 'At least one item does not say who will deliver it or what training they need.',
        },
        {
          id: 'F.requires-improvement.not-quantified',
          level: 'requires-improvement',
          text: 'At least one item does not say how often or for how long it is provided.',
        },
        {
          id: 'F.requires-improvement.group-size-missing',
          level: 'requires-improvement',
          text: 'Group work is mentioned without a group size or ratio.',
        },
        {
          id: 'F.requires-improvement.not-linked-to-outcomes',
          level: 'requires-improvement',
          text: 'At least one item cannot be linked to any outcome in Section E.',
        },
        {
          id: 'F.inadequate.need-without-provision',
          level: 'inadequate',
          text: 'At least one need in Section B has no provision in this section.',
        },
        {
          id: 'F.inadequate.vague-wording',
          level: 'inadequate',
          text: `Most items rely on vague wording (${VAGUE_WORDS}), so what the child will receive cannot be determined.`,
        },
        {
          id: 'F.inadequate.ordinarily-available-only',
          level: 'inadequate',
          text: 'The provision describes only what any pupil would receive (for example good teaching, differentiation) with nothing specific to this child.',
        },
      ],
      guidance: {
        choosing:
          'Work through Section B need by need and find its provision here. Then read each item and ask four questions: what exactly, who (with what training), how often, for how long, and in what group size. Count the items with vague wording: one or two is Requires improvement; most is Inadequate. A single need without provision is Inadequate.',
        goodLooksLike:
          'Provision set out under the same headings or numbers as the needs, often as a table: what is provided, who delivers it and their expertise, how often, how long, group size, and which outcome it serves. A school, a parent or a tribunal could tell from the words alone whether it is being delivered. Therapy that helps the child learn is here, not only in Section G.',
        example:
          'F1 (need B1, outcome E1). Reading: a structured phonics programme delivered one-to-one by a teaching assistant trained in the programme, four 20-minute sessions a week in a quiet room, planned and checked every half term by the SENCo. F2 (need B3, outcome E2). Speech and language therapy: a registered speech and language therapist will assess Jay and set a programme each term (three hours a term), which a trained teaching assistant delivers in a group of no more than three pupils, three 15-minute sessions a week.',
        recommendations: [
          'Replace each vague phrase with the exact amount: what, who, how often, how long, group size.',
          'Put provision under the same numbers as the needs in Section B and check every need has some.',
          'State the training or qualification of the person delivering each item.',
          'Specify speech and language therapy and other educational therapy in Section F.',
          'Say how progress will be checked and when the provision will be reviewed.',
        ],
      },
    },
    // ───────────────────────────── G ─────────────────────────────
    {
      id: 'G',
      title: 'Section G: Health provision',
      purpose:
        'Specifies the health provision reasonably required by the learning difficulties or disabilities that result in the child or young person having special educational needs, including any individual health care plan.',
      weight: 1,
      notApplicableWhen:
        'Section C records, with the standard compliance statement, that there are no health needs related to the SEN or disability, and this section says no health provision is required.',
      criteria: [
        {
          id: 'G.good.every-health-need',
          level: 'good',
          text: 'Every health need in Section C has health provision here, or the section says why none is needed.',
        },
        {
          id: 'G.good.specific-quantified',
          level: 'good',
          text: 'Each item says what will be provided, how often and for how long.',
        },
        {
          id: 'G.good.named-service',
          level: 'good',
          text: 'Each item names the service responsible for delivering it (for example the community paediatric team, the children\'s continence service).',
        },
        {
          id: 'G.good.linked-to-outcomes',
          level: 'good',
          text: 'Each item is linked to an outcome in Section E.',
        },
        {
          id: 'G.good.health-care-plan',
          level: 'good',
          text: 'Where the child has an individual health care plan, it is included or attached and referred to here.',
          hint: 'Tick when the child has no individual health care plan.',
        },
        {
          id: 'G.good.review',
          level: 'good',
          text: 'The section says when and by whom the health provision will be reviewed.',
        },
        {
          id: 'G.good.no-vague-wording',
          level: 'good',
          text: `The provision contains none of the vague wording that leaves it open to interpretation: ${VAGUE_WORDS}.`,
        },
        {
          id: 'G.outstanding.training-of-staff',
          level: 'outstanding',
          text: 'The section says which health professional will train or advise school or setting staff, on what, and how often.',
        },
        {
          id: 'G.outstanding.contacts',
          level: 'outstanding',
          text: 'The section says whom the family or setting contacts if the health provision is not delivered or the child\'s health needs change.',
        },
        {
          id: 'G.requires-improvement.not-quantified',
          level: 'requires-improvement',
          text: `At least one item is not quantified or uses vague wording (${VAGUE_WORDS}).`,
        },
        {
          id: 'G.requires-improvement.service-not-named',
          level: 'requires-improvement',
          text: 'At least one item does not name the responsible service.',
        },
        {
          id: 'G.requires-improvement.some-needs-without-provision',
          level: 'requires-improvement',
          text: 'At least one health need in Section C has no provision and no explanation.',
        },
        {
          id: 'G.requires-improvement.recommendations-copied',
          level: 'requires-improvement',
          text: 'Recommendations are copied from advice as suggestions ("would benefit from", "may need") rather than stated as provision.',
        },
        {
          id: 'G.inadequate.blank-with-needs',
          level: 'inadequate',
          text: 'Section C describes health needs but this section is blank or says only "N/A".',
        },
        {
          id: 'G.inadequate.no-responsible-service',
          level: 'inadequate',
          text: 'No item names a responsible service, so no one can be held to deliver the provision.',
        },
        {
          id: 'G.na.no-health-provision-required',
          level: 'na',
          text: 'Section C records that there are no related health needs (with the standard compliance statement), and this section states that no health provision is required.',
        },
      ],
      guidance: {
        choosing:
          'Start from Section C: every need there should be met here. A bare "N/A" here is only acceptable as Not applicable if Section C has the compliance statement and this section says no provision is required. Check each item for what, how often, how long and which service.',
        goodLooksLike:
          'Each health need has provision that names the responsible service, says what will be provided, how often and for how long, and links to an outcome. Any individual health care plan is attached. Training for school staff is specified.',
        example:
          'G1 (need C1, outcome E4). Epilepsy: the epilepsy nurse specialist (community children\'s nursing service) will review Ellis\'s seizure care plan with his parents and school every six months, and will train two named members of school staff in the plan each September, with a refresher each spring. His individual health care plan is attached as Appendix 2.',
        recommendations: [
          'Name the responsible service for every item.',
          'State what, how often and for how long, as for Section F.',
          'Attach any individual health care plan and refer to it here.',
          'Turn "would benefit from" recommendations into firm provision, or explain why they are not included.',
        ],
      },
    },
    // ───────────────────────────── H1 ─────────────────────────────
    {
      id: 'H1',
      title: 'Section H1: Social care provision under the Chronically Sick and Disabled Persons Act 1970',
      purpose:
        'Specifies the social care provision that must be made for a disabled child or young person under 18 under section 2 of the Chronically Sick and Disabled Persons Act 1970.',
      weight: 1,
      notApplicableWhen:
        'No provision under section 2 of the Chronically Sick and Disabled Persons Act 1970 is required (for example the young person is 18 or over, or the social care assessment found none), and the section says so.',
      criteria: [
        {
          id: 'H1.good.section-2-only',
          level: 'good',
          text: 'The section lists only provision made under section 2 of the Chronically Sick and Disabled Persons Act 1970 (for example practical help at home, help with travel, adaptations, leisure and short breaks), kept apart from other social care in H2.',
        },
        {
          id: 'H1.good.linked-to-needs',
          level: 'good',
          text: 'Each item is linked to a need in Section D.',
        },
        {
          id: 'H1.good.specific-quantified',
          level: 'good',
          text: 'Each item says what will be provided, how often and for how long (for example hours of short breaks a month).',
        },
        {
          id: 'H1.good.named-service',
          level: 'good',
          text: 'Each item names the service responsible for arranging it (for example the children with disabilities team).',
        },
        {
          id: 'H1.good.linked-to-outcomes',
          level: 'good',
          text: 'Each item is linked to an outcome in Section E.',
        },
        {
          id: 'H1.good.assessment-basis',
          level: 'good',
          text: 'The section names and dates the social care assessment the provision follows from.',
        },
        {
          id: 'H1.outstanding.family-choices',
          level: 'outstanding',
          text: 'The section records how the child\'s and family\'s preferences shaped the provision (for example the choice of short-break activity or provider).',
        },
        {
          id: 'H1.outstanding.review-and-contact',
          level: 'outstanding',
          text: 'The section says when the provision will be reviewed and whom the family contacts if it is not delivered.',
        },
        {
          id: 'H1.requires-improvement.mixed-with-h2',
          level: 'requires-improvement',
          text: 'Section 2 provision and other social care provision are mixed together, so it is not clear which duty each item falls under.',
        },
        {
          id: 'H1.requires-improvement.not-quantified',
          level: 'requires-improvement',
          text: `At least one item is not quantified or uses vague wording (${VAGUE_WORDS}).`,
        },
        {
          id: 'H1.requires-improvement.service-not-named',
          level: 'requires-improvement',
          text: 'At least one item does not name the responsible service.',
        },
        {
          id: 'H1.requires-improvement.not-linked-to-needs',
          level: 'requires-improvement',
          text: 'At least one item cannot be linked to a need in Section D.',
        },
        {
          id: 'H1.inadequate.needs-without-provision',
          level: 'inadequate',
          text: 'Section D or the social care advice identifies needs that call for section 2 provision, and none is specified here.',
        },
        {
          id: 'H1.inadequate.blank-or-bare-na',
          level: 'inadequate',
          text: 'The section is blank, or says only "N/A", with no statement of whether section 2 provision is required.',
        },
        {
          id: 'H1.na.no-section-2-provision',
          level: 'na',
          text: 'The section states clearly that no provision under section 2 of the Chronically Sick and Disabled Persons Act 1970 is required, and social care advice was sought.',
        },
      ],
      guidance: {
        choosing:
          'First decide whether each social care item belongs in H1 or H2: H1 holds only what the council must provide for a disabled child under section 2 of the 1970 Act; everything else goes in H2. A clear statement that no section 2 provision is required is Not applicable; a blank or a bare "N/A" is Inadequate.',
        goodLooksLike:
          'A short list of services under section 2, each linked to a need in Section D and an outcome in Section E, saying what is provided, how much and how often, and which team arranges it, following a named, dated assessment.',
        example:
          'H1.1 (need D2, outcome E5). Short breaks: Tom will have six hours a month of short breaks with a trained support worker, to attend a youth club and community activities of his choice, arranged by the children with disabilities team following the disabled children\'s assessment of April. H1.2 (need D1). A bath lift will be fitted at home by the council\'s adaptations service by the end of September.',
        recommendations: [
          'Separate section 2 provision (H1) from other social care provision (H2).',
          'Quantify each item: hours, frequency, duration.',
          'Name the team that arranges each item and the assessment it follows from.',
          'Where none is needed, say so and say that social care advice was sought.',
        ],
      },
    },
    // ───────────────────────────── H2 ─────────────────────────────
    {
      id: 'H2',
      title: 'Section H2: Other social care provision',
      purpose:
        'Specifies any other social care provision reasonably required by the learning difficulties or disabilities that result in special educational needs, including adult care and support under the Care Act 2014.',
      weight: 1,
      notApplicableWhen:
        'No social care provision beyond section 2 of the Chronically Sick and Disabled Persons Act 1970 is reasonably required, and the section says so.',
      criteria: [
        {
          id: 'H2.good.other-duties-only',
          level: 'good',
          text: 'The section lists social care provision made under duties other than section 2 of the 1970 Act (for example support for a child in need, or care and support under the Care Act 2014), kept apart from H1.',
        },
        {
          id: 'H2.good.adult-care',
          level: 'good',
          text: 'For a young person aged 18 or over, the care and support provided under the Care Act 2014 is specified here.',
          hint: 'Tick when the young person is under 18.',
        },
        {
          id: 'H2.good.linked-to-needs',
          level: 'good',
          text: 'Each item is linked to a need in Section D.',
        },
        {
          id: 'H2.good.specific-quantified',
          level: 'good',
          text: 'Each item says what will be provided, how often and for how long.',
        },
        {
          id: 'H2.good.named-service',
          level: 'good',
          text: 'Each item names the service responsible for it (for example the children in need team, adult social care).',
        },
        {
          id: 'H2.good.linked-to-outcomes',
          level: 'good',
          text: 'Each item is linked to an outcome in Section E.',
        },
        {
          id: 'H2.outstanding.transition-to-adult-services',
          level: 'outstanding',
          text: 'The section says how and when responsibility will pass to adult social care, with the date of any Care Act assessment.',
          hint: 'For a young child, tick when the plan says when this will first be considered.',
        },
        {
          id: 'H2.outstanding.joined-up',
          level: 'outstanding',
          text: 'The section shows how the social care provision fits with the provision in Sections F and G (for example shared routines at home and school).',
        },
        {
          id: 'H2.requires-improvement.mixed-with-h1',
          level: 'requires-improvement',
          text: 'Other social care provision and section 2 provision are mixed together, so it is not clear which duty each item falls under.',
        },
        {
          id: 'H2.requires-improvement.not-quantified',
          level: 'requires-improvement',
          text: `At least one item is not quantified or uses vague wording (${VAGUE_WORDS}).`,
        },
        {
          id: 'H2.requires-improvement.service-not-named',
          level: 'requires-improvement',
          text: 'At least one item does not name the responsible service.',
        },
        {
          id: 'H2.requires-improvement.not-linked-to-needs',
          level: 'requires-improvement',
          text: 'At least one item cannot be linked to a need in Section D.',
        },
        {
          id: 'H2.inadequate.adult-care-missing',
          level: 'inadequate',
          text: 'The young person is 18 or over, has eligible care and support needs, and no Care Act provision is specified.',
        },
        {
          id: 'H2.inadequate.blank-or-bare-na',
          level: 'inadequate',
          text: 'The section is blank, or says only "N/A", with no statement of whether other social care provision is required.',
        },
        {
          id: 'H2.na.no-other-social-care',
          level: 'na',
          text: 'The section states clearly that no other social care provision is required, and social care advice was sought.',
        },
      ],
      guidance: {
        choosing:
          'Check the young person\'s age first: at 18 or over, adult care and support under the Care Act 2014 belongs here. Then check each item as for H1. A clear statement that no other social care provision is required is Not applicable; a blank or a bare "N/A" is Inadequate.',
        goodLooksLike:
          'Each item is under the right heading, linked to a need in Section D and an outcome in Section E, says what, how often and how long, and names the responsible service. For young adults, the Care Act support is set out in full and the move to adult services is planned.',
        example:
          'H2.1 (need D3, outcome E6). Care and support under the Care Act 2014 (adult social care assessment, June): Sam, 19, will have a personal assistant for 10 hours a week to learn to plan and cook simple meals and to use the bus to college, reviewed by adult social care every six months.',
        recommendations: [
          'Put only provision under other duties here, and section 2 provision in H1.',
          'For young people aged 18 or over, specify the Care Act care and support.',
          'Quantify each item and name the responsible service.',
          'Where none is needed, say so and say that social care advice was sought.',
        ],
      },
    },
    // ───────────────────────────── I ─────────────────────────────
    {
      id: 'I',
      title: 'Section I: Name and type of school or other institution',
      purpose:
        'Names the school or other institution the child or young person will attend and its type, or the type only; it is left blank in a draft plan.',
      weight: 1,
      notApplicableWhen: 'The plan is a draft, in which Section I must be left blank.',
      criteria: [
        {
          id: 'I.good.name',
          level: 'good',
          text: 'The full name of the school or institution is given.',
          hint: 'Where the authority names only a type of setting, or education otherwise than at a school, tick when the plan says so clearly.',
        },
        {
          id: 'I.good.type',
          level: 'good',
          text: 'The type of school or institution is stated (for example maintained mainstream primary, academy special school, independent special school, further education college).',
        },
        {
          id: 'I.good.unambiguous',
          level: 'good',
          text: 'The name identifies one institution without doubt (no abbreviations only; location or reference number given where names are shared).',
        },
        {
          id: 'I.good.start-date',
          level: 'good',
          text: 'The section says when the placement starts, or confirms that the current placement continues.',
        },
        {
          id: 'I.good.consistent',
          level: 'good',
          text: 'Nothing elsewhere in the plan contradicts the placement (for example Section F referring to a different school or type of setting).',
        },
        {
          id: 'I.good.split-or-other-arrangements',
          level: 'good',
          text: 'Any split placement, or education provided otherwise than at a school, is described clearly, including how the time is divided.',
          hint: 'Tick when the child attends a single setting.',
        },
        {
          id: 'I.outstanding.transition-arrangements',
          level: 'outstanding',
          text: 'The section or an attached note describes how the move into the placement will be supported (visits, staff handover), with dates.',
        },
        {
          id: 'I.outstanding.next-phase-date',
          level: 'outstanding',
          text: 'The section says when the next phase transfer decision is due.',
        },
        {
          id: 'I.requires-improvement.type-missing',
          level: 'requires-improvement',
          text: 'The school or institution is named but its type is not stated.',
        },
        {
          id: 'I.requires-improvement.ambiguous',
          level: 'requires-improvement',
          text: 'The setting is given only by an abbreviation or a name shared with other settings.',
        },
        {
          id: 'I.requires-improvement.inconsistent',
          level: 'requires-improvement',
          text: 'Another section refers to a different school or type of setting from the one named here.',
        },
        {
          id: 'I.inadequate.final-plan-blank',
          level: 'inadequate',
          text: 'The plan is final and the section is blank, says "to be confirmed", or names neither a school nor a type of setting.',
        },
        {
          id: 'I.inadequate.draft-names-school',
          level: 'inadequate',
          text: 'The plan is a draft and the section names a school or institution.',
        },
        {
          id: 'I.na.draft-left-blank',
          level: 'na',
          text: 'The plan is a draft and the section is correctly left blank.',
        },
      ],
      guidance: {
        choosing:
          'Check first whether the plan is a draft or final. In a draft this section must be blank: blank is Not applicable, a named school is Inadequate. In a final plan check name, type, start date and consistency with the rest of the plan.',
        goodLooksLike:
          'In a final plan: the full name and type of the setting, when the placement starts, and nothing elsewhere in the plan pointing to a different setting. Split placements and education otherwise than at a school are described precisely.',
        example:
          'Name of school: Example Primary School (an invented name). Type: maintained mainstream primary school with a resourced provision for communication and interaction needs. Placement from 4 September, Year 3. Next phase transfer decision due in Year 6.',
        recommendations: [
          'Give the full name and the type of setting in every final plan.',
          'Leave the section blank in a draft plan.',
          'Check that Sections F and I refer to the same setting.',
          'Describe split placements and education otherwise than at school precisely.',
        ],
      },
    },
    // ───────────────────────────── J ─────────────────────────────
    {
      id: 'J',
      title: 'Section J: Personal budget',
      purpose:
        'Sets out any personal budget, including the needs and outcomes to be met by any direct payment and the arrangements for it.',
      weight: 1,
      notApplicableWhen:
        'No personal budget has been requested or agreed, and the section says so and how one can be requested.',
      criteria: [
        {
          id: 'J.good.provision-covered',
          level: 'good',
          text: 'The section says which provision in Sections F, G, H1 or H2 the personal budget pays for, and which outcomes in Section E it supports, by reference.',
        },
        {
          id: 'J.good.amount',
          level: 'good',
          text: 'The amount of the budget, or how it is calculated, is stated together with the period it covers.',
        },
        {
          id: 'J.good.how-managed',
          level: 'good',
          text: 'The section says how the budget is held: direct payment, an arrangement managed by the authority or a third party, or a mix.',
        },
        {
          id: 'J.good.direct-payment-needs-outcomes',
          level: 'good',
          text: 'Where any of the budget is a direct payment, the special educational needs and outcomes it is to meet are stated.',
          hint: 'Tick when no part of the budget is a direct payment.',
        },
        {
          id: 'J.good.direct-payment-arrangements',
          level: 'good',
          text: 'Where any of the budget is a direct payment, the arrangements are stated: who receives it, what it may be spent on, and how it is paid.',
          hint: 'Tick when no part of the budget is a direct payment.',
        },
        {
          id: 'J.good.setting-agreement',
          level: 'good',
          text: 'Where a direct payment buys provision delivered at the school or college, the section records that the head teacher or principal agreed.',
          hint: 'Tick when no direct payment is used on the premises.',
        },
        {
          id: 'J.good.monitoring',
          level: 'good',
          text: 'The section says how the use of the budget will be monitored and reviewed, and whom to contact.',
        },
        {
          id: 'J.outstanding.options-explained',
          level: 'outstanding',
          text: 'The section explains in plain language the options the family had and where to find the authority\'s personal budget information.',
        },
        {
          id: 'J.outstanding.changes-and-unspent',
          level: 'outstanding',
          text: 'The section says what happens if circumstances change or the budget is not spent.',
        },
        {
          id: 'J.requires-improvement.provision-unclear',
          level: 'requires-improvement',
          text: 'It is not clear which provision the budget pays for.',
        },
        {
          id: 'J.requires-improvement.amount-missing',
          level: 'requires-improvement',
          text: 'No amount or method of calculation is given.',
        },
        {
          id: 'J.requires-improvement.monitoring-missing',
          level: 'requires-improvement',
          text: 'The section does not say how the budget will be monitored or reviewed.',
        },
        {
          id: 'J.inadequate.blank-or-bare-na',
          level: 'inadequate',
          text: 'The section is blank, or says only "N/A", without saying whether a personal budget was requested.',
        },
        {
          id: 'J.inadequate.request-not-addressed',
          level: 'inadequate',
          text: 'The family or young person asked for a personal budget (for example in Section A or the advice) and this section neither sets one out nor gives the reason for refusal.',
        },
        {
          id: 'J.na.no-budget-requested',
          level: 'na',
          text: 'The section states that no personal budget was requested and says how the family or young person can request one.',
        },
      ],
      guidance: {
        choosing:
          'Check Section A and the advice for any request for a personal budget. If none was requested and the section says so, with how to ask for one, choose Not applicable. If a budget is in place, check what it covers, how much, how it is held and, for any direct payment, the needs, outcomes and arrangements.',
        goodLooksLike:
          'A reader can see exactly which items of provision the budget pays for, how much, how it is held, what a direct payment may be spent on, and how its use will be checked.',
        example:
          'Personal budget: £1,200 a year for provision H1.1 (short breaks), paid as a direct payment to Tom\'s parents every four weeks to employ a support worker of their choice. It meets need D2 and outcome E5. Use is checked by the direct payments team every six months; contact the team through the local offer website.',
        recommendations: [
          'Refer to each item of provision the budget covers by its number.',
          'State the amount and the period, and how it is held.',
          'For any direct payment, state the needs and outcomes it meets and the arrangements.',
          'Where no budget was requested, say so and say how to request one.',
        ],
      },
    },
    // ───────────────────────────── K ─────────────────────────────
    {
      id: 'K',
      title: 'Section K: Advice and information',
      purpose:
        'Lists the advice and information gathered during the EHC needs assessment, which is attached to the plan.',
      weight: 1.5,
      criteria: [
        {
          id: 'K.good.all-listed',
          level: 'good',
          text: 'Every piece of advice and information gathered during the assessment is listed.',
        },
        {
          id: 'K.good.author-role-date',
          level: 'good',
          text: 'Each item gives the author, their role or profession, and the date.',
        },
        {
          id: 'K.good.required-advice',
          level: 'good',
          text: 'The list includes advice from the parents or young person, educational advice, medical advice, psychological advice and social care advice, and from Year 9 advice on preparing for adulthood.',
          hint: 'Where the child has a vision or hearing impairment, educational advice should come from a suitably qualified teacher.',
        },
        {
          id: 'K.good.attached',
          level: 'good',
          text: 'The section says that the advice is attached as appendices, or where it can be found.',
        },
        {
          id: 'K.good.reused-advice-explained',
          level: 'good',
          text: 'Where advice from before the assessment was reused, the section says so and that the adviser, the family and the authority agreed it was still sufficient.',
          hint: 'Tick when all advice is new.',
        },
        {
          id: 'K.good.traceable',
          level: 'good',
          text: 'The needs and provision in Sections B to H can be traced to advice in this list.',
        },
        {
          id: 'K.outstanding.sections-informed',
          level: 'outstanding',
          text: 'Each item says which sections of the plan it informed.',
        },
        {
          id: 'K.outstanding.child-contribution-listed',
          level: 'outstanding',
          text: 'The child\'s or young person\'s own contribution is listed as an item of advice in its own right.',
        },
        {
          id: 'K.requires-improvement.dates-missing',
          level: 'requires-improvement',
          text: 'At least one item has no date.',
        },
        {
          id: 'K.requires-improvement.roles-missing',
          level: 'requires-improvement',
          text: 'At least one item has no author or role.',
        },
        {
          id: 'K.requires-improvement.old-advice-unexplained',
          level: 'requires-improvement',
          text: 'Advice more than 12 months old is listed without saying it was agreed to be still sufficient.',
        },
        {
          id: 'K.requires-improvement.not-attached',
          level: 'requires-improvement',
          text: 'The section does not say whether the advice is attached or where it can be found.',
        },
        {
          id: 'K.inadequate.required-advice-missing',
          level: 'inadequate',
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
          'Check the list against the required advice for an EHC needs assessment, and against the advice actually quoted in Sections B to H. Look at each item for author, role and date. Tick "required advice missing" when any of the required kinds is absent without explanation.',
        goodLooksLike:
          'A numbered list of every item of advice, each with author, role and date, covering all the required kinds, attached to the plan, with any reused advice explained.',
        example:
          '1. Views of Maya and her parents, recorded by the EHC coordinator, 3 March. 2. Educational advice, SENCo, 10 March. 3. Psychological advice, educational psychologist, 14 March. 4. Medical advice, community paediatrician, 18 March. 5. Speech and language therapy advice, speech and language therapist, 20 March. 6. Social care advice, children with disabilities team, 21 March. All advice is attached as Appendices 1–6.',
        recommendations: [
          'List every item with author, role and date.',
          'Check that educational, medical, psychological and social care advice, and the family\'s views, are all present.',
          'Explain any advice reused from before the assessment.',
          'Attach the advice and say where it is.',
        ],
      },
    },
  ],
  overall: {
    thresholds: [
      { level: 'outstanding', minMeanPoints: 3.5 },
      { level: 'good', minMeanPoints: 2.75 },
      { level: 'requires-improvement', minMeanPoints: 1.9 },
      { level: 'inadequate', minMeanPoints: 0 },
    ],
    limits: [
      {
        sections: ['B', 'E', 'F'],
        atOrBelow: 'inadequate',
        capAt: 'requires-improvement',
        reason: 'needs, outcomes and provision are the core of a plan, so an Inadequate grade in any of them limits the plan to Requires improvement.',
      },
      {
        sections: ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H1', 'H2', 'I', 'J', 'K'],
        atOrBelow: 'inadequate',
        capAt: 'requires-improvement',
        reason: 'a section that fails its statutory purpose leaves the plan non-compliant, so the plan cannot be Good.',
      },
      {
        sections: ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H1', 'H2', 'I', 'J', 'K'],
        atOrBelow: 'requires-improvement',
        capAt: 'good',
        reason: 'a plan is Outstanding only when no section is below Good.',
      },
    ],
    description:
      'Each graded section scores points: Outstanding 4, Good 3, Requires improvement 2, Inadequate 1. Not applicable sections are left out. The points are averaged using the section weights (B, E and F count 3; A counts 2; K counts 1.5; the others count 1). A mean of 3.5 or more is Outstanding, 2.75 or more Good, 1.9 or more Requires improvement, and below that Inadequate. Then three limits apply: an Inadequate in B, E or F caps the plan at Requires improvement; an Inadequate in any other section does the same; and any section below Good caps the plan at Good, so an Outstanding plan has no section below Good.',
  },
};
