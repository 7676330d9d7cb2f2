/**
 * Demo data for annual review audits and advice audits: for some of the plans audited
 * in the summer and autumn terms, an audit of their annual review and audits of the
 * advice that fed them, from four fictional services (educational psychology with two
 * teams, speech and language therapy, social care, schools). Some plan sections are
 * marked as weakened by weak advice. Everything here is fictional; services and teams
 * are ids, never names of people.
 */
import { ehcpAdviceV1, ehcpAnnualReviewV1 } from '../criteria/frameworks/index.js';
import { contributionStore } from '../server-adapter/contributions/store.js';
import { buildDemoAudit, DEMO_CYCLES, DEMO_USERS, type DemoSeedHook } from './seed.js';

/** Services, the kind of advice they give, their teams, and how good their advice tends to be (added to the term's quality). */
export const DEMO_SERVICES = [
  { serviceRef: 'ncc-educational-psychology', kind: 'psychological', teams: ['ep-north', 'ep-south'], quality: 0.08 },
  { serviceRef: 'ncc-speech-language-therapy', kind: 'health', teams: [null], quality: -0.18 },
  { serviceRef: 'ncc-childrens-social-care', kind: 'social-care', teams: ['cwd-team'], quality: -0.08 },
  { serviceRef: 'ncc-schools', kind: 'education', teams: [null], quality: 0.02 },
] as const;

const AGE_BAND: Record<string, string> = {
  'early-years': 'under-5', primary: 'reception-to-year-8', secondary: 'year-9-to-year-11', 'post-16': 'post-16', 'post-19': 'post-19',
};

export const seedContributions: DemoSeedHook = async ({ storage, tenant, audits, random, now }) => {
  const store = contributionStore(storage);
  const terms = DEMO_CYCLES.slice(1); // summer and autumn: a comparison for each service
  let n = 0;
  for (const term of terms) {
    const planAudits = audits.filter((a) => a.cycleId === term.id && a.status === 'completed').slice(0, 40);
    for (const [i, planAudit] of planAudits.entries()) {
      const ageBand = AGE_BAND[planAudit.plan.phase] ?? 'reception-to-year-8';
      // An annual review audit for every third plan.
      if (i % 3 === 0) {
        const review = buildDemoAudit({
          framework: ehcpAnnualReviewV1, cycle: term, index: i, random, auditor: DEMO_USERS.auditor, now, complete: true,
          extraFacts: { 'age-band': ageBand, 'phase-transfer': random() < 0.2 ? (ageBand === 'year-9-to-year-11' ? 'post-16' : 'school') : 'none', 'review-decision': random() < 0.6 ? 'amend' : 'maintain' },
        });
        await storage.createAudit(tenant, { ...review, id: `demo-review-${term.id}-${i}`, planRef: planAudit.planRef, plan: planAudit.plan });
      }
      // Advice audits: two services per plan.
      const first = i % DEMO_SERVICES.length;
      for (const service of [DEMO_SERVICES[first]!, DEMO_SERVICES[(first + 1 + (i % 2)) % DEMO_SERVICES.length]!]) {
        const cycle = { ...term, quality: term.quality + service.quality };
        const advice = buildDemoAudit({
          framework: ehcpAdviceV1, cycle, index: n, random, auditor: DEMO_USERS.auditor2, now, complete: true,
          extraFacts: { 'advice-type': service.kind, 'age-band': ageBand },
        });
        const id = `demo-advice-${term.id}-${String(++n).padStart(4, '0')}`;
        await storage.createAudit(tenant, { ...advice, id, planRef: planAudit.planRef, plan: planAudit.plan });
        const teamRef = service.teams[n % service.teams.length] ?? null;
        await store.putContributor(tenant, { auditId: id, planRef: planAudit.planRef, serviceRef: service.serviceRef, teamRef, createdAt: advice.startedAt });
        // Weak advice: the plan audit's provision or needs section is marked as weakened by it.
        const weak = advice.overall?.grade === 'inadequate' || advice.overall?.grade === 'requires-improvement';
        const weakPlanSection = ['F', 'B'].find((s) => ['requires-improvement', 'inadequate'].includes(planAudit.sections[s]?.grade ?? ''));
        if (weak && weakPlanSection) {
          const existing = (await store.listWeakenings(tenant, { planAuditId: planAudit.id })).filter((w) => w.sectionId === weakPlanSection);
          await store.replaceWeakenings(tenant, planAudit.id, weakPlanSection, [
            ...existing,
            { planAuditId: planAudit.id, sectionId: weakPlanSection, adviceAuditId: id, planRef: planAudit.planRef, serviceRef: service.serviceRef, teamRef, markedBy: planAudit.auditorId, markedAt: advice.completedAt ?? advice.startedAt },
          ]);
        }
      }
    }
  }
};
