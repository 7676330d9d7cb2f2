/**
 * The annual review audit framework, version 1.0.0, as plain data.
 *
 * An annual review audit checks the review of an existing plan: that the meeting was
 * held in time with the right people, that progress towards each outcome was looked
 * at with evidence, that the plan was brought up to date, that adult life and moves
 * between phases were planned for, and that the local authority decided and acted in
 * time. It uses the same rules as `ehcp-plan` 2.0.0 (core and quality criteria,
 * mirrors, applicability from facts recorded once per audit).
 *
 * Criterion ids are published: once released, an id never changes meaning.
 * The wording is the project's own; every example describes an invented child.
 */
import type { FrameworkData } from './ehcp-plan-v2/types.js';
import { ehcpPlanV1Data } from './ehcp-plan-v1.js';
import { reviewFacts } from './ehcp-annual-review-v1/facts.js';
import { partAdulthood, partDecision, partMeeting, partProgress, partTransfer, partUpdate } from './ehcp-annual-review-v1/parts.js';

const ALL = ['M', 'P', 'U', 'A', 'T', 'D'];

export const ehcpAnnualReviewV1Data: FrameworkData = {
  id: 'ehcp-annual-review',
  version: '1.0.0',
  title: 'EHC plan annual review audit framework',
  description:
    'Criteria for auditing an annual review of an Education, Health and Care plan, in six parts: the meeting, progress towards the outcomes, updating the plan, preparing for adulthood, moving to a new phase, and the local authority\'s decision. ' +
    'The auditor first records the age band, whether a move to a new phase is due, and what the local authority decided; these decide the criteria that apply. ' +
    'In each part, Good needs every core criterion that applies and nearly all of the quality criteria, with no weakness found. Weighted part grades give the overall grade; progress and updating the plan count most. ' +
    'Based on the Children and Families Act 2014 (section 44), the SEND Regulations 2014 (regulations 18 to 22) and chapter 9 of the SEND Code of Practice (2015).',
  subject: 'annual-review',
  // The Ofsted-style scale of the plan framework (one definition).
  scale: ehcpPlanV1Data.scale,
  facts: reviewFacts,
  sections: [partMeeting, partProgress, partUpdate, partAdulthood, partTransfer, partDecision],
  overall: {
    thresholds: [
      { level: 'outstanding', minMeanPoints: 3.35 },
      { level: 'good', minMeanPoints: 2.75 },
      { level: 'requires-improvement', minMeanPoints: 1.9 },
      { level: 'inadequate', minMeanPoints: 0 },
    ],
    limits: [
      {
        sections: ['P', 'U'],
        atOrBelow: 'inadequate',
        capAt: 'requires-improvement',
        reason: 'a review that does not look at progress, or ignores its own evidence when updating the plan, has missed its purpose.',
      },
      {
        sections: ['M', 'D'],
        atOrBelow: 'inadequate',
        capAt: 'requires-improvement',
        reason: 'without a meeting, or without a decision sent to the family, the review has not been completed as the law requires.',
      },
      {
        sections: ALL,
        atOrBelow: 'requires-improvement',
        capAt: 'good',
        reason: 'a review is Outstanding only when no part is below Good.',
      },
    ],
    description:
      'Each graded part scores points: Outstanding 4, Good 3, Requires improvement 2, Inadequate 1; Not applicable parts are left out. ' +
      'The points are averaged with the part weights (progress and updating the plan count 3; the others 2). A mean of 3.35 or more is Outstanding, 2.75 or more Good, 1.9 or more Requires improvement, and below that Inadequate. ' +
      'Then three limits apply: an Inadequate progress or updating part caps the review at Requires improvement; so does an Inadequate meeting or decision part; and any part below Good caps it at Good.',
  },
};
