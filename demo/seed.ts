/**
 * The demo's fictional data: one local authority ("Northshire County Council", which
 * does not exist), two auditors, three audit cycles and a few hundred audits with
 * varied grades, written through the storage API on first run.
 *
 * Everything here is made up. Plans are identified by references such as
 * NCC-EHCP-2026-0417; no child's name or date of birth appears anywhere.
 *
 * Other features add their own demo data with a hook: export a `DemoSeedHook` from
 * your own file and add it to `demo/seed-hooks.ts` (one import, one array entry).
 * A hook gets the storage, the framework, the cycles, the audits just written and a
 * seeded random source, so its data stays reproducible.
 */
import { criterionApplies, overallGrade, suggestSectionGrade, type GradingContext } from '../criteria/grading.js';
import { NOT_APPLICABLE, type Framework, type Section } from '../criteria/schema.js';
import type { Audit, Cycle, PlanMetadata, QaStorage } from 'ehcp-qa/server';

export const DEMO_TENANT = 'demo-la';
export const DEMO_LA_NAME = 'Northshire County Council';

/** The demo's people. `roles` are access roles; `auditorRole` is the profession used in reports. */
export const DEMO_USERS = {
  auditor: { sub: 'auditor-amara', name: 'Amara Osei (fictional), SEND manager', roles: ['auditor'], auditorRole: 'send-manager' },
  auditor2: { sub: 'auditor-bram', name: 'Bram Kowalski (fictional), educational psychologist', roles: ['auditor'], auditorRole: 'educational-psychologist' },
  moderator: { sub: 'moderator-cleo', name: 'Cleo Marsh (fictional), quality moderator', roles: ['moderator'], auditorRole: 'send-manager' },
  manager: { sub: 'manager-dev', name: 'Dev Rahman (fictional), head of SEND', roles: ['manager'], auditorRole: 'senior-leader' },
  /** Sees only the advice reports of their own service (the token's `service` claim). */
  serviceLead: {
    sub: 'lead-ellis', name: 'Ellis Grant (fictional), speech and language therapy service lead', roles: ['service-lead'], auditorRole: 'health',
    service: 'ncc-speech-language-therapy',
  },
} as const;
export type DemoRole = keyof typeof DEMO_USERS;

/** The plan shown on the demo case page. It has no audit until someone starts one. */
export const DEMO_CASE = {
  planRef: 'NCC-EHCP-2026-0417',
  plan: { planType: 'new', phase: 'secondary', primaryNeed: 'SLCN', settingType: 'mainstream', teamRef: 'team-north', caseworkerRef: 'cw-07' } satisfies PlanMetadata,
  /** What the case system knows of the plan; `<ehcp-audit>` prefills "About this plan" with it. */
  facts: { 'plan-status': 'final', 'age-band': 'year-9-to-year-11', 'personal-budget-requested': 'no', 'follows-annual-review': 'no' },
};

export interface DemoCycleSpec {
  id: string;
  name: string;
  startDate: string;
  endDate: string;
  kpiShare: number;
  /** How many audits; the last `inProgress` of them are left unfinished. */
  audits: number;
  inProgress: number;
  /** Mean plan quality (0–1): the LA improves from cycle to cycle. */
  quality: number;
}

export const DEMO_CYCLES: readonly DemoCycleSpec[] = [
  { id: 'cycle-2026-spring', name: 'Spring term 2026', startDate: '2026-01-05', endDate: '2026-03-31', kpiShare: 0.6, audits: 74, inProgress: 0, quality: 0.58 },
  { id: 'cycle-2026-summer', name: 'Summer term 2026', startDate: '2026-04-13', endDate: '2026-07-22', kpiShare: 0.65, audits: 78, inProgress: 0, quality: 0.64 },
  { id: 'cycle-2026-autumn', name: 'Autumn term 2026', startDate: '2026-09-01', endDate: '2026-12-18', kpiShare: 0.7, audits: 70, inProgress: 6, quality: 0.7 },
];

/** A seeded random source (mulberry32), so the demo data is the same on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks a key by weight. */
export function weighted<T extends string>(random: () => number, weights: Readonly<Record<T, number>>): T {
  const entries = Object.entries(weights) as [T, number][];
  let roll = random() * entries.reduce((sum, [, w]) => sum + w, 0);
  for (const [key, w] of entries) if ((roll -= w) < 0) return key;
  return entries.at(-1)![0];
}

function normal(random: () => number, mean: number, sd: number): number {
  const u = Math.max(random(), 1e-9);
  return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

function pickSome<T>(random: () => number, items: readonly T[], count: number): T[] {
  const pool = [...items];
  const out: T[] = [];
  while (out.length < count && pool.length) out.push(pool.splice(Math.floor(random() * pool.length), 1)[0]!);
  return out;
}

/** Plan metadata spread over phases, primary needs, settings and teams, roughly as in English SEND data. */
export function demoPlanMetadata(random: () => number): PlanMetadata {
  const phase = weighted(random, { 'early-years': 8, primary: 40, secondary: 32, 'post-16': 15, 'post-19': 5 });
  const primaryNeed = weighted(random, { ASD: 32, SLCN: 19, SEMH: 16, MLD: 8, SPLD: 5, SLD: 5, PD: 3, PMLD: 2, HI: 2, VI: 1, MSI: 1, OTH: 6 });
  const settingsByPhase: Record<PlanMetadata['phase'], Partial<Record<PlanMetadata['settingType'], number>>> = {
    'early-years': { 'early-years': 70, mainstream: 20, special: 10 },
    primary: { mainstream: 58, 'resourced-provision': 12, special: 25, 'independent-special': 3, other: 2 },
    secondary: { mainstream: 48, 'resourced-provision': 10, special: 28, 'independent-special': 8, 'alternative-provision': 6 },
    'post-16': { 'further-education': 58, special: 30, 'independent-special': 8, other: 4 },
    'post-19': { 'further-education': 70, 'independent-special': 10, other: 20 },
  };
  const settingType = weighted(random, settingsByPhase[phase] as Record<PlanMetadata['settingType'], number>);
  const planType = weighted(random, { new: 45, 'annual-review': 45, transfer: 10 });
  const team = weighted(random, { north: 30, south: 25, east: 25, west: 20 });
  return { planType, phase, primaryNeed, settingType, teamRef: `team-${team}`, caseworkerRef: `cw-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}` };
}

const NA_RATE: Record<string, number> = { C: 0.12, D: 0.3, G: 0.18, H1: 0.45, H2: 0.35, I: 0.03, J: 0.7 };
const DIFFICULTY: Record<string, number> = { A: 0.06, B: 0, C: 0.02, D: -0.04, E: -0.14, F: -0.1, G: -0.03, H1: -0.05, H2: -0.05, I: 0.15, J: 0.05, K: 0.1 };

const COMMENTS: Record<string, readonly string[]> = {
  outstanding: [
    'An exemplary section: specific, written with the family, and easy to follow.',
    'Clear links back to the advice and forward to outcomes. Worth sharing as an example.',
  ],
  good: [
    'Clear and specific. A little more detail on who delivers would make it stronger.',
    'Well linked to the advice. Consider using the young person\'s own words more.',
    'Meets the expected standard; the strengths are described as well as the needs.',
  ],
  'requires-improvement': [
    'Some wording is vague ("access to", "regular"): say how often and for how long.',
    'Not every need in B is carried through. Check the golden thread.',
    'Parts read as a diagnosis rather than how it affects the child day to day.',
    'Outcomes are not time-bound; add when each should be achieved.',
  ],
  inadequate: [
    'Key information from the advice is missing. The section needs rewriting.',
    'Provision is largely unquantified and would not be enforceable as written.',
  ],
  [NOT_APPLICABLE]: ['Advice sought and the section states clearly that there are no needs.'],
};
const OVERRIDE_REASONS = [
  'The one weakness ticked is minor and already corrected in the draft review.',
  'Strong in substance; the criteria undersell how well this section is written.',
  'Several statements are copied from the advice without being made specific to the child.',
];

/** Criteria met for a section, chosen so that the suggestion lands on (or near) `target`. */
export function criteriaForTarget(framework: Framework, section: Section, target: string, random: () => number, context: GradingContext = {}): string[] {
  if (section.qualityMayMiss !== undefined) return coreQualityCriteriaForTarget(framework, section, target, random, context);
  const ids = (level: string) => section.criteria.filter((c) => c.level === level).map((c) => c.id);
  const expected = framework.scale.expected;
  const levels = framework.scale.levels.map((l) => l.id);
  const expectedIndex = levels.indexOf(expected);
  const above = levels.slice(0, expectedIndex);
  const below = levels.slice(expectedIndex + 1);
  if (target === NOT_APPLICABLE) return ids(NOT_APPLICABLE);
  const good = ids(expected);
  const targetIndex = levels.indexOf(target);
  if (targetIndex < expectedIndex) return [...good, ...above.flatMap(ids)];
  if (targetIndex === expectedIndex) {
    const extra = above.flatMap(ids);
    return [...good, ...pickSome(random, extra, Math.floor(random() * extra.length))];
  }
  if (targetIndex === levels.length - 1) {
    return [...pickSome(random, good, Math.floor(random() * good.length * 0.6)), ...pickSome(random, ids(target), 1 + Math.floor(random() * 1.5)),
      ...pickSome(random, below.slice(0, -1).flatMap(ids), Math.floor(random() * 2))];
  }
  // Between expected and the worst level: some expected criteria missing, perhaps an indicator of this level.
  const missing = 1 + Math.floor(random() * 3);
  const met = pickSome(random, good, Math.max(0, good.length - missing));
  return random() < 0.5 ? [...met, ...pickSome(random, ids(target), 1)] : met;
}

/**
 * The same for a section graded with core and quality criteria (ehcp-plan 2.0.0):
 * only criteria that apply to the plan are ticked, a missing core criterion is shown
 * by its weakness mirror, and a Good section misses a few quality criteria.
 */
function coreQualityCriteriaForTarget(framework: Framework, section: Section, target: string, random: () => number, context: GradingContext): string[] {
  const applies = section.criteria.filter((c) => criterionApplies(c, context));
  const ids = (pick: (c: Section['criteria'][number]) => boolean) => applies.filter(pick).map((c) => c.id);
  const expected = framework.scale.expected;
  const levels = framework.scale.levels.map((l) => l.id);
  const expectedIndex = levels.indexOf(expected);
  const core = ids((c) => c.level === expected && !!c.core);
  const quality = ids((c) => c.level === expected && !c.core);
  const above = ids((c) => levels.indexOf(c.level) >= 0 && levels.indexOf(c.level) < expectedIndex);
  if (target === NOT_APPLICABLE) return ids((c) => c.level === NOT_APPLICABLE);
  const targetIndex = levels.indexOf(target);
  const mayMiss = section.qualityMayMiss ?? 0;
  const someQuality = () => pickSome(random, quality, quality.length - Math.floor(random() * (mayMiss + 1)));
  if (targetIndex < expectedIndex) return [...core, ...quality, ...pickSome(random, above, Math.max(1, section.outstandingNeeds ?? 1))];
  if (targetIndex === expectedIndex) return [...core, ...someQuality()];
  // Below expected: drop a core criterion or two and tick their mirrors at the target level (or any indicator of it).
  const mirrorsAt = applies.filter((c) => c.level === target && c.mirrors !== undefined && core.includes(c.mirrors));
  const indicators = mirrorsAt.length ? mirrorsAt : applies.filter((c) => c.level === target);
  const chosen = pickSome(random, indicators, targetIndex === levels.length - 1 ? 1 : 1 + Math.floor(random() * 2));
  const dropped = new Set(chosen.map((c) => c.mirrors).filter((id): id is string => id !== undefined));
  return [...core.filter((id) => !dropped.has(id)), ...pickSome(random, quality, Math.ceil(quality.length / 2)), ...chosen.map((c) => c.id)];
}

/** Plan facts for a fictional plan, from its metadata (ehcp-plan 2.0.0 asks for these). */
export function demoPlanFacts(framework: Framework, plan: PlanMetadata, random: () => number): Record<string, string> | undefined {
  if (!framework.facts?.length) return undefined;
  const ageBand: Record<PlanMetadata['phase'], string> = {
    'early-years': 'under-5',
    primary: 'reception-to-year-8',
    secondary: random() < 0.45 ? 'reception-to-year-8' : 'year-9-to-year-11',
    'post-16': 'post-16',
    'post-19': 'post-19',
  };
  const facts: Record<string, string> = {
    'plan-status': plan.planType === 'annual-review' ? 'amended' : random() < 0.08 ? 'draft' : 'final',
    'age-band': ageBand[plan.phase],
    'personal-budget-requested': random() < 0.2 ? 'yes' : 'no',
    'follows-annual-review': plan.planType === 'annual-review' ? 'yes' : 'no',
  };
  const known = new Set(framework.facts.map((f) => f.id));
  return Object.fromEntries(Object.entries(facts).filter(([id]) => known.has(id)));
}

export interface DemoAuditOptions {
  framework: Framework;
  cycle: DemoCycleSpec;
  index: number;
  random: () => number;
  auditor: (typeof DEMO_USERS)['auditor' | 'auditor2'];
  /** Audits never start after this instant. */
  now: Date;
  complete: boolean;
  /** Facts to record besides those derived from the plan (for example the kind of advice). */
  extraFacts?: Record<string, string>;
}

/** One fictional audit, completed or part-way through, shaped as the adapter stores it. */
export function buildDemoAudit({ framework, cycle, index, random, auditor, now, complete, extraFacts }: DemoAuditOptions): Audit {
  const start = Date.parse(`${cycle.startDate}T08:30:00Z`);
  const end = Math.min(Date.parse(`${cycle.endDate}T17:00:00Z`), now.getTime() - 2 * 3600_000);
  const startedAt = new Date(start + random() * Math.max(0, end - start));
  const harshness = auditor.sub === DEMO_USERS.auditor2.sub ? -0.04 : 0;
  const quality = normal(random, cycle.quality + harshness, 0.17);
  const sections: Audit['sections'] = {};
  const plan = demoPlanMetadata(random);
  const derived = demoPlanFacts(framework, plan, random);
  const facts = extraFacts ? { ...derived, ...extraFacts } : derived;
  const gradedCount = complete ? framework.sections.length : 2 + Math.floor(random() * (framework.sections.length - 4));
  let clock = startedAt.getTime();
  for (const section of framework.sections.slice(0, gradedCount)) {
    clock += (2 + random() * 6) * 60_000;
    let target: string;
    // Sections that may say "there are none" do so as often as plans leave them empty; a draft leaves I blank.
    const nilStatement = section.nilStatement ? random() < (NA_RATE[section.id] ?? 0.1) : undefined;
    // A section whose own Not applicable statement applies to these facts (Section I of a draft; a review's
    // adulthood part below Year 9; an advice audit's service part for other advice) is Not applicable.
    const draftPlacement = (facts?.['plan-status'] === 'draft' && section.notApplicableWhen !== undefined && section.qualityMayMiss !== undefined)
      || section.criteria.some((c) => c.level === NOT_APPLICABLE && c.appliesWhen !== undefined && criterionApplies(c, { facts }));
    if (draftPlacement || (section.qualityMayMiss === undefined && section.notApplicableWhen !== undefined && random() < (NA_RATE[section.id] ?? 0.1))) {
      target = NOT_APPLICABLE;
    } else {
      const p = quality + (DIFFICULTY[section.id] ?? 0) + normal(random, 0, 0.13);
      target = p > 0.95 ? 'outstanding' : p > 0.5 ? 'good' : p > 0.18 ? 'requires-improvement' : 'inadequate';
      if (!framework.scale.levels.some((l) => l.id === target)) target = framework.scale.expected;
      if (nilStatement && target === 'outstanding') target = 'good';
    }
    const context: GradingContext = { facts, nilStatement };
    const criteriaMet = criteriaForTarget(framework, section, target, random, context);
    const suggestedGrade = suggestSectionGrade(framework, section, criteriaMet, context).grade;
    let grade = suggestedGrade;
    let overrideReason: string | null = null;
    if (suggestedGrade !== NOT_APPLICABLE && random() < 0.07) {
      const levels = framework.scale.levels.map((l) => l.id);
      const i = levels.indexOf(suggestedGrade);
      const j = Math.min(levels.length - 1, Math.max(0, i + (random() < 0.5 ? -1 : 1)));
      if (j !== i) {
        grade = levels[j]!;
        overrideReason = OVERRIDE_REASONS[Math.floor(random() * OVERRIDE_REASONS.length)]!;
      }
    }
    const bank = COMMENTS[grade] ?? COMMENTS['good']!;
    sections[section.id] = {
      criteriaMet,
      grade,
      suggestedGrade,
      overrideReason,
      comment: random() < 0.7 ? bank[Math.floor(random() * bank.length)]! : null,
      savedAt: new Date(clock).toISOString(),
      ...(nilStatement !== undefined ? { nilStatement } : {}),
    };
  }
  const activeSeconds = Math.round((clock - startedAt.getTime()) / 1000);
  const completedAt = complete ? new Date(clock + 60_000).toISOString() : null;
  const overall = complete ? overallGrade(framework, Object.fromEntries(Object.entries(sections).map(([id, s]) => [id, s.grade]))) : null;
  const year = cycle.startDate.slice(0, 4);
  return {
    id: `demo-${cycle.id}-${String(index + 1).padStart(4, '0')}`,
    frameworkId: framework.id,
    frameworkVersion: framework.version,
    planRef: `NCC-EHCP-${year}-${String(1000 + Math.floor(random() * 8999)).padStart(4, '0')}`,
    cycleId: cycle.id,
    auditorId: auditor.sub,
    auditorRole: auditor.auditorRole,
    plan,
    status: complete ? 'completed' : 'in-progress',
    version: 1,
    sections,
    overall,
    startedAt: startedAt.toISOString(),
    updatedAt: completedAt ?? new Date(clock).toISOString(),
    completedAt,
    activeSeconds,
    reopenings: [],
    ...(facts ? { facts } : {}),
  };
}

/** What a hook receives: the storage and everything the core seed wrote. */
export interface DemoSeedContext {
  storage: QaStorage;
  tenant: string;
  framework: Framework;
  cycles: readonly Cycle[];
  audits: readonly Audit[];
  users: typeof DEMO_USERS;
  /** A seeded random source of the hook's own (so one hook's data does not shift another's). */
  random: () => number;
  now: Date;
}
export type DemoSeedHook = (context: DemoSeedContext) => Promise<void>;

export interface SeedDemoOptions {
  framework: Framework;
  now?: Date;
  /** Extra demo data from other features (see demo/seed-hooks.ts). */
  hooks?: readonly { name: string; run: DemoSeedHook }[];
  log?: (message: string) => void;
}

/** Whether the demo tenant already has data (the demo seeds only an empty database). */
export async function isDemoSeeded(storage: QaStorage): Promise<boolean> {
  return (await storage.listAudits(DEMO_TENANT, {}, { limit: 1 })).items.length > 0;
}

/** Writes the cycles and audits of the demo tenant, then runs each hook. */
export async function seedDemo(storage: QaStorage, options: SeedDemoOptions): Promise<{ cycles: Cycle[]; audits: Audit[] }> {
  const { framework } = options;
  const now = options.now ?? new Date();
  const random = seededRandom(20260417);
  const cycles: Cycle[] = [];
  const audits: Audit[] = [];
  for (const spec of DEMO_CYCLES) {
    const cycle: Cycle = {
      id: spec.id,
      name: spec.name,
      startDate: spec.startDate,
      endDate: spec.endDate,
      kpiTarget: { level: framework.scale.expected, share: spec.kpiShare, by: spec.endDate },
      createdAt: new Date(Date.parse(`${spec.startDate}T09:00:00Z`)).toISOString(),
    };
    cycles.push(await storage.createCycle(DEMO_TENANT, cycle));
    for (let index = 0; index < spec.audits; index++) {
      const auditor = random() < 0.55 ? DEMO_USERS.auditor : DEMO_USERS.auditor2;
      const complete = index < spec.audits - spec.inProgress;
      audits.push(await storage.createAudit(DEMO_TENANT, buildDemoAudit({ framework, cycle: spec, index, random, auditor, now, complete })));
    }
  }
  options.log?.(`Seeded ${audits.length} fictional audits over ${cycles.length} cycles for ${DEMO_LA_NAME} (tenant "${DEMO_TENANT}").`);
  let hookSeed = 1;
  for (const hook of options.hooks ?? []) {
    await hook.run({ storage, tenant: DEMO_TENANT, framework, cycles, audits, users: DEMO_USERS, random: seededRandom(hookSeed++ * 7919), now });
    options.log?.(`Seeded demo data: ${hook.name}.`);
  }
  return { cycles, audits };
}
