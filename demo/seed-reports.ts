/**
 * Demo data for reports: the narrative of each demo cycle (context for inspectors
 * and recommendations for the weakest sections), as a quality lead would write it.
 * Everything here is fictional.
 */
import type { DemoSeedHook } from './seed.js';
import { saveNarrative } from '../server-adapter/reports/narrative.js';

const CONTEXT: Record<number, string> = {
  0: 'This is the first term in which plans were audited against the shared framework. A panel of caseworkers, an educational psychologist and health and social care colleagues met fortnightly to audit a random sample of new and reviewed plans.\n\nFindings are reported to the SEND partnership board each term and feed the SEND improvement plan.',
  1: 'Second term of auditing. Caseworkers had two workshops on writing outcomes and quantifying provision after the spring results. The parent carer forum joined the audit panel this term.',
  2: 'Third term of auditing, with a target of 70% of plans Good or better. Moderation of one plan in ten checks that auditors grade consistently. The figures below cover completed audits only; six audits were still in progress when this report was produced.',
};

const RECOMMENDATIONS: Record<string, string> = {
  E: 'Write outcomes that name what the young person will be able to do and by when, rather than the service they will receive. Link each outcome to the needs in section B.',
  F: 'State for every piece of provision who delivers it, how often, for how long and in what group size. Replace "access to" and "regular" with the amount agreed.',
  C: 'Where a child has no health needs related to their SEN, say so and say which health advice was considered, instead of leaving the section blank.',
  H2: 'Ask the social care team for advice on every plan and record the outcome of that request, even when no provision is needed.',
};

/** Writes a narrative for every demo cycle; recommendations from the second cycle on. */
export const seedReports: DemoSeedHook = async ({ storage, tenant, cycles, users }) => {
  const ordered = [...cycles].sort((a, b) => a.startDate.localeCompare(b.startDate));
  for (const [i, cycle] of ordered.entries()) {
    const recommendations = i === 0 ? { F: RECOMMENDATIONS.F! } : RECOMMENDATIONS;
    const result = await saveNarrative(storage, tenant, cycle.id, { context: CONTEXT[i] ?? CONTEXT[2]!, recommendations }, users.manager.sub);
    if (!result.ok) throw new Error(`could not write the narrative of ${cycle.id}`);
  }
};
