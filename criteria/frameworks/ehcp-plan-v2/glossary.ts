/**
 * The vague-wording glossary of `ehcp-plan` 2.0.0, defined once and referred to by
 * criteria (`glossary: 'vague-wording'`) in the provision sections F, G, H1 and H2.
 *
 * A term on this list is a prompt to read the sentence again, not an automatic fault:
 * it is a weakness only when it leaves the kind or the amount of provision open, or
 * leaves the decision to the school, the setting or a therapist.
 */
import type { GlossaryData } from './types.js';

export const vagueWording: GlossaryData = {
  id: 'vague-wording',
  label: 'Vague wording',
  description:
    'Words that leave the kind or amount of provision open, or leave it to the school, setting or therapist to decide. A term is a fault only when it does that. It is fine when the words around it settle what, who and how much: "support" or "input" saying what it is, who gives it and how often; "small group" with a size; "regular" with a frequency; "may" or "should" describing the child, not the provision; "up to" with a guaranteed minimum.',
  terms: [
    // The 1.0.0 list.
    'access to',
    'opportunities for',
    'opportunities to',
    'regular',
    'regularly',
    'as required',
    'as appropriate',
    'up to',
    'should',
    'may',
    'support (without saying what it is, who gives it and how much)',
    'input (without saying what it is, who gives it and how much)',
    'small group (without a size)',
    // Added in 2.0.0: the amount or kind left to someone else.
    'as determined by the school',
    'at the discretion of',
    "at the school's discretion",
    'would benefit from',
    'if needed',
    'where possible',
    'subject to assessment',
    'met from existing resources',
    "from the school's own resources",
    // Other wording auditors flag.
    'as needed',
    'as necessary',
    'where necessary',
    'where appropriate',
    'if appropriate',
    'as and when',
    'when required',
    'if required',
    'where available',
    'subject to availability',
    'subject to funding',
    'could',
    'might',
    'it is recommended that',
    'it is suggested that',
    'consider',
    'ideally',
    'encouraged to',
    'where practicable',
    'periodic',
    'from time to time',
    'some',
    'a range of',
    'additional support',
    'adult support (without hours or a ratio)',
    'a high level of support',
    'enhanced support',
    'differentiated curriculum (without saying how)',
    'monitoring (without who, how or how often)',
    'as advised by the therapist',
    'in line with the school policy',
    'following assessment',
    'ordinarily available provision',
  ],
};
