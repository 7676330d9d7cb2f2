/** The questionnaires that ship with the package, each validated when first loaded. */
import { loadQuestionnaire, type Questionnaire } from '../questionnaire-schema.js';
import { childYoungPersonV1Data } from './child-young-person-v1.js';
import { parentCarerV1Data } from './parent-carer-v1.js';
import { professionalV1Data } from './professional-v1.js';

/** Parents and carers, version 1.0.0. */
export const parentCarerQuestionnaireV1: Questionnaire = loadQuestionnaire(parentCarerV1Data, 'parent-carer 1.0.0');
/** Children and young people, version 1.0.0, with an easy-read form. */
export const childYoungPersonQuestionnaireV1: Questionnaire = loadQuestionnaire(childYoungPersonV1Data, 'child-young-person 1.0.0');
/** Professionals who contributed advice, version 1.0.0. */
export const professionalQuestionnaireV1: Questionnaire = loadQuestionnaire(professionalV1Data, 'professional 1.0.0');

/** Every built-in questionnaire. The adapter serves these unless given its own. */
export const builtInQuestionnaires: readonly Questionnaire[] = [parentCarerQuestionnaireV1, childYoungPersonQuestionnaireV1, professionalQuestionnaireV1];
