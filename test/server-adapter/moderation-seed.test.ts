// The demo's moderation seed: about 10% of audits moderated, disagreement
// concentrated in E and F, one lenient auditor, some pairs waiting; read back
// through the real API so the demo shows what the routes compute.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ehcpPlanV1 } from 'ehcp-qa/criteria';
import { overallGrade, suggestSectionGrade } from '../../criteria/grading.js';
import { createMemoryStorage, type Audit } from 'ehcp-qa/server';
import { seedModeration } from '../../demo/seed-moderation.js';
import { mulberry32 } from '../../server-adapter/moderation/index.js';
import { harness } from './helpers.js';

test('seedModeration: realistic, deterministic moderation data that the API reports on', async () => {
  const storage = createMemoryStorage();
  const h = await harness({ storage });
  try {
    const tenant = h.la.manager.tenant;
    const cycle = { id: 'cycle-demo-autumn', name: 'Autumn', startDate: '2026-09-01', endDate: '2026-12-18', kpiTarget: null, createdAt: '2026-09-01T08:00:00Z' };
    await storage.createCycle(tenant, cycle);
    const random = mulberry32(7);
    const auditors = ['auditor-amber', 'auditor-basil', 'auditor-cedar', 'auditor-dune'];
    const levels = ['outstanding', 'good', 'requires-improvement', 'inadequate'];
    const audits: Audit[] = [];
    for (let i = 0; i < 120; i++) {
      const sections: Audit['sections'] = {};
      for (const s of ehcpPlanV1.sections) {
        const grade = s.notApplicableWhen && random() < 0.2 ? 'na' : levels[Math.min(3, Math.floor(random() * 3.3))]!;
        sections[s.id] = { criteriaMet: [], grade, suggestedGrade: suggestSectionGrade(ehcpPlanV1, s, []).grade, overrideReason: 'seeded', comment: null, savedAt: '2026-10-01T10:00:00Z' };
      }
      const grades = Object.fromEntries(Object.entries(sections).map(([id, s]) => [id, s.grade]));
      audits.push({
        id: `demo-audit-${String(i).padStart(3, '0')}`, frameworkId: 'ehcp-plan', frameworkVersion: '1.0.0', planRef: `PLAN-${i}`, cycleId: cycle.id,
        auditorId: auditors[i % 4]!, auditorRole: 'send-caseworker', plan: { planType: 'new', phase: 'primary', primaryNeed: 'ASD', settingType: 'mainstream' },
        status: 'completed', version: 1, sections, overall: overallGrade(ehcpPlanV1, grades), startedAt: '2026-10-01T09:00:00Z', updatedAt: '2026-10-01T10:00:00Z',
        completedAt: '2026-10-01T10:00:00Z', activeSeconds: 1200, reopenings: [],
      });
    }
    for (const a of audits) await storage.createAudit(tenant, a);
    const seeded = await seedModeration(storage, tenant, { frameworks: [ehcpPlanV1], moderatorId: h.la.moderator.sub, lenientAuditorId: 'auditor-dune' });
    assert.equal(seeded.pairs, 12, "10% of 120");
    assert.equal(seeded.awaitingSecondAudit, 1);
    assert.equal(seeded.resolved + seeded.awaitingResolution, 11);
    assert.ok(seeded.resolved >= 1 && seeded.awaitingResolution >= 1, JSON.stringify(seeded));

    const stats = await (await h.call(h.la.manager, 'GET', `/moderations/stats?cycleId=${cycle.id}`)).json();
    assert.equal(stats.pairs, 11);
    assert.equal(stats.awaitingSecondAudit, 1);
    // Disagreement concentrates in outcomes (E) and provision (F).
    const rate = (ids: string[]) => {
      const rows = stats.sections.filter((x: { sectionId: string }) => ids.includes(x.sectionId));
      return rows.reduce((sum: number, x: { disagreements: number }) => sum + x.disagreements, 0) / rows.reduce((sum: number, x: { compared: number }) => sum + x.compared, 0);
    };
    const others = ehcpPlanV1.sections.map((x) => x.id).filter((id) => id !== 'E' && id !== 'F');
    assert.ok(rate(['E', 'F']) > 1.5 * rate(others), `E and F disagree ${rate(['E', 'F'])}, the rest ${rate(others)}`);
    const dune = stats.auditors.find((a: { auditorId: string }) => a.auditorId === 'auditor-dune');
    assert.equal(dune.direction, 'higher', JSON.stringify(dune));
    assert.ok(stats.overall.kappa.value !== null && stats.overall.kappa.value < 1);
    const pending = await (await h.call(h.la.moderator, 'GET', `/moderations?cycleId=${cycle.id}&status=awaiting-resolution`)).json();
    assert.equal(pending.items.length, seeded.awaitingResolution);
    // Deterministic: seeding a copy gives the same pairs.
    const again = createMemoryStorage();
    await again.createCycle(tenant, cycle);
    for (const a of audits) await again.createAudit(tenant, a);
    assert.deepEqual(await seedModeration(again, tenant, { frameworks: [ehcpPlanV1], moderatorId: h.la.moderator.sub, lenientAuditorId: 'auditor-dune' }), seeded);
    await again.close();
  } finally {
    await h.close();
  }
});
