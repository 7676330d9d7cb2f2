/**
 * Demo data for moderation: about 10% of the completed audits of each cycle get a
 * second, blind audit by another auditor. Disagreement is realistic: concentrated in
 * outcomes (E) and provision (F), rarer elsewhere, with the occasional Not
 * applicable against a grade in C or D, and one lenient auditor who tends to grade
 * a step higher. Most pairs are resolved; some wait for the moderator, and a
 * couple still wait for the second audit (so the blindness can be seen).
 *
 * Deterministic: the same audits and seed give the same moderation data.
 */
import { allowedGrades, overallGrade, suggestSectionGrade } from '../criteria/grading.js';
import { NOT_APPLICABLE, type Framework, type Section } from '../criteria/schema.js';
import { MODERATION_COLLECTION, moderationKeys, type ModerationRecord } from '../server-adapter/moderation/records.js';
import { mulberry32, seededSample } from '../server-adapter/moderation/sampling.js';
import type { Audit, SectionRecord } from '../server-adapter/schemas.js';
import type { QaStorage } from '../server-adapter/storage/types.js';

export interface SeedModerationOptions {
  /** Frameworks by `id@version`, to grade the second audits. */
  frameworks: readonly Framework[];
  /** Second auditors (user ids). Default: the auditors of the completed audits. */
  secondAuditors?: readonly string[];
  /** The auditor who grades generously. Default: the first second auditor. */
  lenientAuditorId?: string;
  /** The moderator recorded as assigning and resolving. */
  moderatorId: string;
  /** Share of each cycle's completed audits to moderate. Default 0.1. */
  share?: number;
  seed?: number;
  /** Who gets the pair still waiting for its second audit (a demo user, to show the blindness). */
  pendingAuditorId?: string;
}

export interface SeedModerationResult {
  pairs: number;
  resolved: number;
  awaitingResolution: number;
  awaitingSecondAudit: number;
}

/** Sections where auditors disagree more often, and how often (chance of a one-step difference). */
const DISAGREEMENT: Record<string, number> = { E: 0.5, F: 0.45, B: 0.15, A: 0.12 };
const BASE_DISAGREEMENT = 0.05;

/** Criteria that make the section suggest `grade` (so the demo's second audits are consistent). */
function criteriaFor(framework: Framework, section: Section, grade: string): string[] {
  const of = (level: string) => section.criteria.filter((c) => c.level === level).map((c) => c.id);
  const expected = framework.scale.expected;
  const levels = framework.scale.levels.map((l) => l.id);
  const index = levels.indexOf(grade);
  const expectedIndex = levels.indexOf(expected);
  if (grade === NOT_APPLICABLE) return of(NOT_APPLICABLE);
  if (index === expectedIndex) return of(expected);
  if (index < expectedIndex) return levels.slice(index, expectedIndex + 1).flatMap(of);
  if (index === expectedIndex + 1) return of(expected).slice(1); // one expected criterion missing
  return [...of(expected).slice(1), ...of(grade).slice(0, 1)];
}

function stepped(framework: Framework, section: Section, grade: string | null, step: number): string | null {
  if (grade === null || grade === NOT_APPLICABLE) return grade;
  const levels = framework.scale.levels.map((l) => l.id);
  const next = levels[Math.min(levels.length - 1, Math.max(0, levels.indexOf(grade) + step))]!;
  return allowedGrades(framework, section).includes(next) ? next : grade;
}

/**
 * Adds moderation pairs to a seeded tenant. Call it after the audits are seeded.
 *
 * @example
 * await seedModeration(storage, 'demo-la', { frameworks: [ehcpPlanV1], moderatorId: 'moderator-1' });
 */
export async function seedModeration(storage: QaStorage, tenant: string, options: SeedModerationOptions): Promise<SeedModerationResult> {
  const seed = options.seed ?? 20261123;
  const random = mulberry32(seed);
  const result: SeedModerationResult = { pairs: 0, resolved: 0, awaitingResolution: 0, awaitingSecondAudit: 0 };
  const frameworkOf = (a: Audit) => options.frameworks.find((f) => f.id === a.frameworkId && f.version === a.frameworkVersion);

  for (const [cycleIndex, cycle] of (await storage.listCycles(tenant)).entries()) {
    const completed: Audit[] = [];
    let cursor: string | undefined;
    do {
      const page = await storage.listAudits(tenant, { cycleId: cycle.id, status: 'completed' }, { limit: 100, ...(cursor ? { cursor } : {}) });
      completed.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    if (completed.length === 0) continue;
    const auditors = options.secondAuditors ?? [...new Set(completed.map((a) => a.auditorId))].sort();
    if (auditors.length < 2 && !options.secondAuditors) continue;
    const lenient = options.lenientAuditorId ?? auditors[0]!;
    const byId = new Map(completed.map((a) => [a.id, a]));
    const sample = seededSample([...byId.keys()], { share: options.share ?? 0.1 }, seed + result.pairs);

    for (const [i, firstId] of sample.entries()) {
      const first = byId.get(firstId)!;
      const framework = frameworkOf(first);
      if (!framework) continue;
      const candidates = auditors.filter((a) => a !== first.auditorId);
      // The lenient auditor takes a fair share of the second audits.
      let second = i % 3 === 0 && lenient !== first.auditorId ? lenient : candidates[(i + 1) % candidates.length];
      if (!second) continue;
      const pending = i === sample.length - 1 && result.awaitingSecondAudit < 2; // the last pair of each cycle waits for the second audit
      if (pending && options.pendingAuditorId && options.pendingAuditorId !== first.auditorId) second = options.pendingAuditorId;
      const isLenient = second === lenient;
      const completedAt = new Date(Date.parse(first.completedAt ?? first.startedAt) + (2 + Math.floor(random() * 10)) * 86_400_000).toISOString();
      const sections: Record<string, SectionRecord> = {};
      if (!pending) {
        for (const section of framework.sections) {
          const original = first.sections[section.id]?.grade ?? null;
          let grade = original;
          const chance = DISAGREEMENT[section.id] ?? BASE_DISAGREEMENT;
          if (isLenient && random() < 0.5) grade = stepped(framework, section, grade, -1);
          else if (random() < chance) grade = stepped(framework, section, grade, random() < 0.5 ? -1 : 1);
          if ((section.id === 'C' || section.id === 'D') && random() < 0.08) {
            grade = grade === NOT_APPLICABLE ? framework.scale.expected : section.notApplicableWhen !== undefined ? NOT_APPLICABLE : grade;
          }
          if (grade === null) continue;
          // Same grade: mostly the same criteria, now and then one ticked differently.
          // Another grade: the criteria that lead to it.
          const originalCriteria = first.sections[section.id]?.criteriaMet ?? [];
          let criteriaMet = grade === original ? [...originalCriteria] : criteriaFor(framework, section, grade);
          if (grade === original && random() < 0.15) {
            const candidates = section.criteria.filter((c) => c.level === framework.scale.expected || (framework.scale.levels.findIndex((l) => l.id === c.level) < framework.scale.levels.findIndex((l) => l.id === framework.scale.expected) && c.level !== NOT_APPLICABLE));
            const flip = candidates[Math.floor(random() * candidates.length)];
            if (flip) criteriaMet = criteriaMet.includes(flip.id) ? criteriaMet.filter((id) => id !== flip.id) : [...criteriaMet, flip.id];
          }
          const suggestedGrade = suggestSectionGrade(framework, section, criteriaMet).grade;
          sections[section.id] = {
            criteriaMet,
            grade,
            suggestedGrade,
            overrideReason: suggestedGrade === grade ? null : 'Judged on the plan as a whole.',
            comment: grade !== original ? 'Second audit: see moderation notes.' : null,
            savedAt: completedAt,
          };
        }
      }
      const grades = Object.fromEntries(Object.entries(sections).map(([id, s]) => [id, s.grade]));
      const secondAudit: Audit = {
        id: `demo-moderation-${cycleIndex}-${i}-second`,
        frameworkId: first.frameworkId,
        frameworkVersion: first.frameworkVersion,
        planRef: first.planRef,
        cycleId: first.cycleId,
        auditorId: second,
        auditorRole: 'other',
        plan: { ...first.plan },
        status: pending ? 'in-progress' : 'completed',
        version: 1,
        sections,
        overall: pending ? null : overallGrade(framework, grades),
        startedAt: first.completedAt ?? first.startedAt,
        updatedAt: completedAt,
        completedAt: pending ? null : completedAt,
        activeSeconds: pending ? 0 : 1800 + Math.floor(random() * 1800),
        reopenings: [],
      };
      // Two in three completed pairs are resolved: the moderator mostly sides with the auditor who was not lenient.
      const resolve = !pending && i % 3 !== 2;
      const agreed: ModerationRecord['agreed'] = resolve
        ? Object.fromEntries(framework.sections.flatMap((section) => {
            const a = first.sections[section.id]?.grade ?? null;
            const b = sections[section.id]?.grade ?? null;
            const grade = a === b ? a : isLenient ? a : first.auditorId === lenient ? b : random() < 0.5 ? a : b;
            return grade === null ? [] : [[section.id, { grade, note: a === b ? null : 'Agreed after discussion with both auditors.' }]];
          }))
        : null;
      const record: ModerationRecord = {
        id: `demo-moderation-${cycleIndex}-${i}`,
        cycleId: first.cycleId,
        planRef: first.planRef,
        frameworkId: first.frameworkId,
        frameworkVersion: first.frameworkVersion,
        firstAuditId: first.id,
        firstAuditorId: first.auditorId,
        secondAuditorId: second,
        secondAuditId: secondAudit.id,
        assignedBy: options.moderatorId,
        assignedAt: first.completedAt ?? first.startedAt,
        sampleSeed: seed,
        agreed,
        agreedOverall: agreed ? overallGrade(framework, { ...Object.fromEntries(Object.entries(first.sections).map(([id, x]) => [id, x.grade])), ...Object.fromEntries(Object.entries(agreed).map(([id, a]) => [id, a.grade])) }).grade : null,
        note: resolve ? 'Moderation meeting.' : null,
        resolvedBy: resolve ? options.moderatorId : null,
        resolvedAt: resolve ? new Date(Date.parse(completedAt) + 3 * 86_400_000).toISOString() : null,
      };
      // The pair and its second audit together, holding the same unique keys as pairs assigned through the API.
      const written = await storage.writeBatch(tenant, {
        createAudits: [secondAudit],
        records: [{ collection: MODERATION_COLLECTION, id: record.id, data: record, expectedVersion: null, unique: moderationKeys(record) }],
      });
      if (!written.ok) throw new Error(`demo moderation ${record.id}: ${written.reason}`);
      result.pairs++;
      if (pending) result.awaitingSecondAudit++;
      else if (resolve) result.resolved++;
      else result.awaitingResolution++;
    }
  }
  return result;
}

/** The part of the demo seed's hook context this hook uses (see demo/seed.ts, `DemoSeedContext`). */
interface DemoContext {
  storage: QaStorage;
  tenant: string;
  framework: Framework;
  users: { auditor: { sub: string }; auditor2: { sub: string }; moderator: { sub: string } };
}

/**
 * The demo hook (listed in demo/seed-hooks.ts): the two demo auditors and two more
 * fictional ones second-audit about 10% of each cycle; "auditor-chidi" is the
 * lenient one. The pair still waiting for its second audit goes to the demo's
 * second auditor, so signing in as them shows the blindness.
 */
export async function seedModerationHook({ storage, tenant, framework, users }: DemoContext): Promise<void> {
  await seedModeration(storage, tenant, {
    frameworks: [framework],
    moderatorId: users.moderator.sub,
    secondAuditors: [users.auditor.sub, users.auditor2.sub, 'auditor-chidi', 'auditor-dana'],
    lenientAuditorId: 'auditor-chidi',
    pendingAuditorId: users.auditor2.sub,
  });
}
