/**
 * The advice quality framework, version 1.0.0, as plain data.
 *
 * An advice audit checks one piece of advice contributed to an EHC needs assessment
 * or review (educational psychology, health and therapies, social care, the school or
 * setting): a caseworker cannot write a good plan from poor advice. One checklist for
 * every kind (needs, outcomes, provision, how it is written) and a part with what each
 * kind must add. The audit records the contributing service and team (ids from the
 * host, never a person's name) so findings can be fed back to the service.
 *
 * Same rules as `ehcp-plan` 2.0.0. Criterion ids are published: once released, an id
 * never changes meaning. The wording is the project's own; every example is invented.
 */
import type { FrameworkData } from './ehcp-plan-v2/types.js';
import { ehcpPlanV1Data } from './ehcp-plan-v1.js';
import { vagueWording } from './ehcp-plan-v2/glossary.js';
import { adviceFacts } from './ehcp-advice-v1/facts.js';
import { partNeeds, partOutcomes, partProvision, partQuality, partService } from './ehcp-advice-v1/parts.js';

export const ehcpAdviceV1Data: FrameworkData = {
  id: 'ehcp-advice',
  version: '1.0.0',
  title: 'EHC advice quality framework',
  description:
    'Criteria for auditing one piece of professional advice that feeds an EHC plan, in five parts: the needs it describes, the outcomes and the provision it recommends, how it is dated, sourced and written, and what its kind of advice (psychological, health, social care, education) must add. ' +
    'The auditor first records the kind of advice and the age band, which decide the criteria that apply. ' +
    'In each part, Good needs every core criterion that applies and nearly all of the quality criteria, with no weakness found. Weighted part grades give the overall grade; needs and provision count most. ' +
    'Based on the SEND Regulations 2014 (regulations 6 to 8, advice and information for an assessment) and chapter 9 of the SEND Code of Practice (2015).',
  subject: 'advice',
  // The Ofsted-style scale of the plan framework (one definition).
  scale: ehcpPlanV1Data.scale,
  facts: adviceFacts,
  glossaries: [vagueWording],
  sections: [partNeeds, partOutcomes, partProvision, partQuality, partService],
  overall: {
    thresholds: [
      { level: 'outstanding', minMeanPoints: 3.35 },
      { level: 'good', minMeanPoints: 2.75 },
      { level: 'requires-improvement', minMeanPoints: 1.9 },
      { level: 'inadequate', minMeanPoints: 0 },
    ],
    limits: [
      {
        sections: ['N', 'P'],
        atOrBelow: 'inadequate',
        capAt: 'requires-improvement',
        reason: 'advice that does not describe the needs, or whose provision cannot be written into a plan, cannot be relied on however well it is presented.',
      },
      {
        sections: ['N', 'O', 'P', 'Q', 'S'],
        atOrBelow: 'requires-improvement',
        capAt: 'good',
        reason: 'advice is Outstanding only when no part is below Good.',
      },
    ],
    description:
      'Each graded part scores points: Outstanding 4, Good 3, Requires improvement 2, Inadequate 1; Not applicable parts are left out. ' +
      'The points are averaged with the part weights (needs and provision count 3; outcomes and the service part 2; how it is written 1.5). A mean of 3.35 or more is Outstanding, 2.75 or more Good, 1.9 or more Requires improvement, and below that Inadequate. ' +
      'Then two limits apply: an Inadequate needs or provision part caps the advice at Requires improvement, and any part below Good caps it at Good.',
  },
};
