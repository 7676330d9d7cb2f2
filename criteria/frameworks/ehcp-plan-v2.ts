/**
 * The EHC plan quality framework, version 2.0.0, as plain data.
 *
 * What changed from 1.0.0, and why, is in docs/criteria.md. In short: Good criteria
 * are core (statutory, or the heart of the section) or quality (good practice), and
 * a section can be Good with a stated number of quality criteria missed; criteria say
 * when they apply, from facts of the plan recorded once per audit, instead of asking
 * to be ticked when they do not; sections that can say "there are none" are graded
 * on how well they say it; every core criterion has a weakness indicator at the same
 * threshold; a weakness beats Not applicable; and the overall rule gives Section F
 * the weight it has in law.
 *
 * Criterion ids are published: once released, an id never changes meaning.
 * The wording is the project's own; every example describes an invented child.
 */
import type { FrameworkData } from './ehcp-plan-v2/types.js';
import { ehcpPlanV1Data } from './ehcp-plan-v1.js';
import { planFacts } from './ehcp-plan-v2/facts.js';
import { vagueWording } from './ehcp-plan-v2/glossary.js';
import { sectionA, sectionB, sectionC, sectionD, sectionE, sectionK } from './ehcp-plan-v2/sections-a-e-k.js';
import { sectionF, sectionG, sectionH1, sectionH2, sectionI, sectionJ } from './ehcp-plan-v2/sections-f-j.js';

const ALL = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H1', 'H2', 'I', 'J', 'K'];

export const ehcpPlanV2Data: FrameworkData = {
  id: 'ehcp-plan',
  version: '2.0.0',
  title: 'EHC plan quality framework',
  description:
    'Criteria for auditing the quality of an Education, Health and Care plan, section by section (A to K, with H split into H1 and H2). ' +
    'The auditor first records a few facts about the plan (its status, the age band, whether a personal budget was asked for, whether it follows an annual review), which decide the criteria that apply. ' +
    'In each section, Good needs every core criterion that applies and nearly all of the quality criteria, with no weakness found; Outstanding needs visible strengths beyond that. ' +
    'A section that says there are no needs or no provision is graded on how well it says so. Weighted section grades give the overall grade, and Section F, the enforceable part of a plan, limits it. ' +
    'Based on the Children and Families Act 2014, the SEND Regulations 2014 and the SEND Code of Practice (2015).',
  // The same Ofsted-style scale as 1.0.0, so grades of both versions report together.
  scale: ehcpPlanV1Data.scale,
  facts: planFacts,
  glossaries: [vagueWording],
  sections: [sectionA, sectionB, sectionC, sectionD, sectionE, sectionF, sectionG, sectionH1, sectionH2, sectionI, sectionJ, sectionK],
  overall: {
    thresholds: [
      { level: 'outstanding', minMeanPoints: 3.35 },
      { level: 'good', minMeanPoints: 2.75 },
      { level: 'requires-improvement', minMeanPoints: 1.9 },
      { level: 'inadequate', minMeanPoints: 0 },
    ],
    limits: [
      {
        sections: ['F'],
        atOrBelow: 'inadequate',
        capAt: 'inadequate',
        reason: 'Section F is the part of a plan the council must secure; when it cannot be enforced the plan cannot be relied on, however good the rest is.',
      },
      {
        sections: ['B', 'E'],
        atOrBelow: 'inadequate',
        capAt: 'requires-improvement',
        reason: 'needs and outcomes are where the provision comes from, so an Inadequate grade in either limits the plan to Requires improvement.',
      },
      {
        sections: ['F'],
        atOrBelow: 'requires-improvement',
        capAt: 'requires-improvement',
        reason: 'a plan is Good only when its special educational provision is specified and quantified well enough to be enforced.',
      },
      {
        sections: ALL,
        atOrBelow: 'requires-improvement',
        capAt: 'good',
        reason: 'a plan is Outstanding only when no section is below Good.',
      },
      {
        sections: ['F'],
        atOrBelow: 'good',
        capAt: 'good',
        reason: 'a plan is Outstanding only when its special educational provision is itself Outstanding.',
      },
    ],
    description:
      'Each graded section scores points: Outstanding 4, Good 3, Requires improvement 2, Inadequate 1; Not applicable sections are left out. ' +
      'The points are averaged with the section weights (B, E and F count 3; A counts 2; K counts 1.5; the others 1). A mean of 3.35 or more is Outstanding, 2.75 or more Good, 1.9 or more Requires improvement, and below that Inadequate. ' +
      'Then five limits apply: an Inadequate Section F makes the plan Inadequate; an Inadequate B or E caps it at Requires improvement; ' +
      'a Section F below Good caps it at Requires improvement; any section below Good caps it at Good; and a plan is Outstanding only when Section F is. ' +
      'A weak or contradicted nil statement in another section lowers the mean but does not on its own cap the plan.',
  },
};
