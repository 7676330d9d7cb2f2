/**
 * A small, valid framework for the browser tests of elements that work from
 * properties alone. Three sections; D allows Not applicable. The wording is the
 * tests' own and fictional.
 */
import { loadFramework, type Framework } from '../../../criteria/schema.js';

const guidance = (topic: string) => ({
  choosing: `Read the ${topic} section once, then tick each statement that is plainly true of it.`,
  goodLooksLike: `A good ${topic} section is specific to this child and easy for a parent to read.`,
  example: `Sam (fictional) enjoys building models and wants to work with animals.`,
  recommendations: [`Write the ${topic} section with the family.`],
});

export const testFramework: Framework = loadFramework(
  {
    id: 'test-plan',
    version: '1.0.0',
    title: 'Test plan framework',
    description: 'A small framework used only by the browser tests.',
    scale: {
      id: 'ofsted-style',
      label: 'Four-point scale',
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
      {
        id: 'B',
        title: 'Special educational needs',
        purpose: 'Every special educational need identified in the assessment.',
        weight: 2,
        criteria: [
          { id: 'B.outstanding.strengths', level: 'outstanding', text: 'Strengths are described alongside every need.' },
          { id: 'B.good.every-need', level: 'good', text: 'Every need found in the advice is described.', hint: 'Check against section K.' },
          { id: 'B.good.impact', level: 'good', text: 'Each need says how it affects this child day to day.' },
          { id: 'B.good.current', level: 'good', text: 'The information is current.' },
          { id: 'B.requires-improvement.diagnosis-only', level: 'requires-improvement', text: 'Some needs are a diagnosis only.' },
          { id: 'B.inadequate.missing', level: 'inadequate', text: 'Needs in the advice are missing.' },
        ],
        guidance: guidance('needs'),
      },
      {
        id: 'D',
        title: 'Social care needs',
        purpose: 'Social care needs related to the special educational needs or disability.',
        weight: 1,
        notApplicableWhen: 'social care advice was sought and says there are no needs, and the section says so.',
        criteria: [
          { id: 'D.good.described', level: 'good', text: 'Social care needs are described.' },
          { id: 'D.good.advice', level: 'good', text: 'Social care advice was sought.' },
          { id: 'D.requires-improvement.vague', level: 'requires-improvement', text: 'Needs are vague.' },
          { id: 'D.na.no-needs', level: 'na', text: 'No social care needs, stated clearly with the advice sought.' },
        ],
        guidance: guidance('social care'),
      },
      {
        id: 'F',
        title: 'Special educational provision',
        purpose: 'The provision for every need in section B.',
        weight: 3,
        expectedThreshold: 2,
        criteria: [
          { id: 'F.good.quantified', level: 'good', text: 'Provision is quantified: who, how often, how long.' },
          { id: 'F.good.every-need', level: 'good', text: 'Every need in B has provision.' },
          { id: 'F.good.specific', level: 'good', text: 'Wording is specific, without "access to" or "as required".' },
          { id: 'F.inadequate.vague', level: 'inadequate', text: 'Most provision is vague and unenforceable.' },
        ],
        guidance: guidance('provision'),
      },
    ],
    overall: {
      thresholds: [
        { level: 'outstanding', minMeanPoints: 3.5 },
        { level: 'good', minMeanPoints: 2.75 },
        { level: 'requires-improvement', minMeanPoints: 1.75 },
        { level: 'inadequate', minMeanPoints: 0 },
      ],
      limits: [{ sections: ['B', 'F'], atOrBelow: 'inadequate', capAt: 'requires-improvement', reason: 'a plan cannot be good when needs or provision are inadequate.' }],
      description: 'Weighted mean of section points, capped when B or F is inadequate.',
    },
  },
  'test framework',
);
