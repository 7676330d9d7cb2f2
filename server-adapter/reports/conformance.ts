/**
 * Report conformance: checks a backend's report answers against figures computed
 * independently from the audits the test wrote, and, for each report capability
 * the backend claims (`reportAggregates`, `reportCriteriaCounts`,
 * `reportAuditPage`), that the capability and the in-memory fallback agree
 * exactly. Exported from `ehcp-qa/testing` next to `runStorageConformance`.
 *
 * @example
 * import { test } from 'node:test';
 * import { runReportConformance } from 'ehcp-qa/testing';
 * runReportConformance(test, () => createMyStorage(), { name: 'my backend', capabilities: { reportAggregates: true } });
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { Audit, Cycle, QaStorage, ReportFilter, SectionRecord } from '../storage/types.js';
import { InvalidCursorError } from '../storage/types.js';
import { aggregateRows, countCriteria, type ReportAggregates } from './aggregate.js';
import { loadAggregates, loadAuditPage, loadCriteriaCounts, pageRows, type ReportAuditItem } from './capabilities.js';
import { median } from './stats.js';
import { MODERATION_COLLECTION, type ModerationRecord } from '../moderation/records.js';
import { withModeration } from '../moderation/reporting.js';

type TestFn = (name: string, fn: () => Promise<void>) => unknown;

export interface ReportConformanceOptions {
  name?: string;
  /** Capabilities the backend claims; the suite fails when a claimed one is missing. */
  capabilities?: { reportAggregates?: boolean; reportCriteriaCounts?: boolean; reportAuditPage?: boolean; reportMedianActiveSeconds?: boolean };
}

const GRADES = ['outstanding', 'good', 'requires-improvement', 'inadequate', 'na', null] as const;
const SECTIONS = ['A', 'B', 'C', 'F', 'H1'];

/** A small seeded generator (mulberry32), so a failure can be replayed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Seeded {
  tenant: string;
  other: string;
  cycles: [Cycle, Cycle];
  audits: Audit[];
}

async function seed(storage: QaStorage, count = 48): Promise<Seeded> {
  const random = seeded(20260601);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const tenant = `t-${randomUUID()}`;
  const other = `t-${randomUUID()}`;
  const cycle = (name: string, start: string, end: string): Cycle => ({ id: `c-${randomUUID()}`, name, startDate: start, endDate: end, kpiTarget: null, createdAt: `${start}T00:00:00.000Z` });
  const cycles: [Cycle, Cycle] = [cycle('Spring', '2025-01-01', '2025-03-31'), cycle('Summer', '2025-04-01', '2025-07-31')];
  for (const c of cycles) await storage.createCycle(tenant, c);
  const audits: Audit[] = [];
  for (let i = 0; i < count; i++) {
    const cycleRef = i % 7 === 6 ? null : pick(cycles);
    const day = 1 + Math.floor(random() * 27);
    const month = cycleRef === cycles[1] ? 5 : 2;
    const started = `2025-0${month}-${String(day).padStart(2, '0')}T09:${String(i % 60).padStart(2, '0')}:00.000Z`;
    const status: Audit['status'] = i % 9 === 4 ? 'in-progress' : 'completed';
    // Some audits share a completion time, so paging must break ties by id.
    const completedAt = status === 'completed' ? (i % 5 === 0 ? '2025-06-30T12:00:00.000Z' : started.replace('T09', 'T15')) : null;
    const sections: Record<string, SectionRecord> = {};
    for (const id of SECTIONS) {
      if (random() < 0.1) continue; // a section never saved
      const grade = pick(GRADES);
      const criteriaMet = [`${id}.good.one`, `${id}.good.two`, `${id}.inadequate.weak`].filter(() => random() < 0.5);
      if (random() < 0.2 && criteriaMet.length) criteriaMet.push(criteriaMet[0]!); // a duplicate must count once
      sections[id] = { criteriaMet, grade, suggestedGrade: grade ?? 'good', overrideReason: null, comment: null, savedAt: started };
    }
    const overall = status === 'completed' && random() < 0.9 ? pick(GRADES.slice(0, 4)) : null;
    audits.push({
      id: `a-${String(i).padStart(3, '0')}-${randomUUID().slice(0, 8)}`,
      frameworkId: i % 11 === 3 ? 'other-framework' : 'ehcp-plan',
      frameworkVersion: '1.0.0',
      planRef: `PLAN-${i}`,
      cycleId: cycleRef?.id ?? null,
      auditorId: pick(['auditor-1', 'auditor-2', 'auditor-3']),
      auditorRole: pick(['send-caseworker', 'health', 'social-care'] as const),
      plan: {
        planType: pick(['new', 'annual-review'] as const),
        phase: pick(['primary', 'secondary', 'post-16'] as const),
        primaryNeed: pick(['ASD', 'SEMH', 'SLCN'] as const),
        settingType: pick(['mainstream', 'special'] as const),
        ...(random() < 0.7 ? { teamRef: pick(['team-north', 'team-south']) } : {}),
        ...(random() < 0.7 ? { caseworkerRef: pick(['cw-1', 'cw-2']) } : {}),
      },
      status,
      version: 1,
      sections,
      overall: overall ? { grade: overall, meanPoints: 2, pointsGrade: overall, limitedBy: null, explanation: 'test' } : null,
      startedAt: started,
      updatedAt: started,
      completedAt,
      activeSeconds: Math.floor(random() * 3600),
      reopenings: [],
    });
  }
  for (const a of audits) await storage.createAudit(tenant, a);
  // The other tenant: the same ids and cycles, all Inadequate. None of it may leak.
  for (const c of cycles) await storage.createCycle(other, c);
  for (const a of audits.slice(0, 10)) await storage.createAudit(other, { ...a, overall: a.overall && { ...a.overall, grade: 'inadequate' } });
  return { tenant, other, cycles, audits };
}

/** Filter semantics written out again, independently of the storage helpers. */
function matches(a: Audit, f: ReportFilter): boolean {
  const checks: [unknown, unknown][] = [
    [f.cycleId, a.cycleId], [f.status, a.status], [f.frameworkId, a.frameworkId], [f.frameworkVersion, a.frameworkVersion],
    [f.planType, a.plan.planType], [f.phase, a.plan.phase], [f.primaryNeed, a.plan.primaryNeed], [f.settingType, a.plan.settingType],
    [f.teamRef, a.plan.teamRef], [f.caseworkerRef, a.plan.caseworkerRef], [f.auditorId, a.auditorId], [f.auditorRole, a.auditorRole],
  ];
  if (checks.some(([want, have]) => want !== undefined && want !== have)) return false;
  if (f.completedFrom !== undefined && (a.completedAt === null || a.completedAt < f.completedFrom)) return false;
  if (f.completedTo !== undefined && (a.completedAt === null || a.completedAt >= f.completedTo)) return false;
  return true;
}

function expectedAggregates(audits: readonly Audit[]): ReportAggregates {
  const out: ReportAggregates = { audits: audits.length, overall: {}, sections: {}, medianActiveSeconds: median(audits.map((a) => a.activeSeconds)) };
  for (const a of audits) {
    const g = a.overall?.grade;
    if (g) out.overall[g] = (out.overall[g] ?? 0) + 1;
    for (const [id, s] of Object.entries(a.sections)) {
      if (s.grade === null) continue;
      (out.sections[id] ??= {})[s.grade] = ((out.sections[id] ??= {})[s.grade] ?? 0) + 1;
    }
  }
  return out;
}

function filtersFor(s: Seeded): ReportFilter[] {
  const [c1, c2] = s.cycles;
  return [
    { status: 'completed' },
    { status: 'completed', cycleId: c1.id },
    { status: 'completed', cycleId: c2.id, frameworkId: 'ehcp-plan' },
    { cycleId: c1.id },
    { status: 'completed', phase: 'secondary', primaryNeed: 'ASD' },
    { status: 'completed', teamRef: 'team-north' },
    { status: 'completed', caseworkerRef: 'cw-2', settingType: 'special' },
    { status: 'completed', auditorId: 'auditor-2', auditorRole: 'health' },
    { status: 'completed', planType: 'annual-review', frameworkVersion: '1.0.0' },
    { status: 'completed', completedFrom: '2025-05-01', completedTo: '2025-07-01' },
    { status: 'completed', cycleId: 'no-such-cycle' },
  ];
}

const sortKeys = <T>(value: T): T => JSON.parse(JSON.stringify(value, (_k, v: unknown) =>
  v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v)) as T;

async function allPages(storage: QaStorage, tenant: string, filter: ReportFilter, limit: number): Promise<ReportAuditItem[]> {
  const items: ReportAuditItem[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 100; guard++) {
    const page = await loadAuditPage(storage, tenant, filter, cursor === undefined ? { limit } : { limit, cursor });
    assert.ok(page.items.length <= limit);
    items.push(...page.items);
    if (page.nextCursor === null) return items;
    cursor = page.nextCursor;
  }
  throw new Error('paging did not end');
}

/**
 * Registers the report conformance cases with `test`.
 *
 * @param test - `test` from node:test (or `it`)
 * @param makeStorage - returns a fresh, empty storage; closed after each case
 */
export function runReportConformance(test: TestFn, makeStorage: () => QaStorage | Promise<QaStorage>, options: ReportConformanceOptions = {}): void {
  const prefix = options.name ? `${options.name}: ` : '';
  const withSeeded = (name: string, fn: (storage: QaStorage, s: Seeded) => Promise<void>) =>
    test(`${prefix}reports: ${name}`, async () => {
      const storage = await makeStorage();
      try {
        await fn(storage, await seed(storage));
      } finally {
        await storage.close();
      }
    });
  const claimed = options.capabilities ?? {};

  withSeeded('claimed report capabilities are present', async (storage) => {
    for (const [name, claims] of Object.entries(claimed)) {
      if (claims) assert.equal(typeof (storage as unknown as Record<string, unknown>)[name], 'function', `claims ${name} but has none`);
    }
  });

  withSeeded('grade counts and median match figures computed from the written audits, per filter, tenant-scoped', async (storage, s) => {
    for (const filter of filtersFor(s)) {
      const expected = expectedAggregates(s.audits.filter((a) => matches(a, filter)));
      const got = await loadAggregates(storage, s.tenant, filter);
      assert.deepEqual(sortKeys(got), sortKeys(expected), `filter ${JSON.stringify(filter)}`);
      if (storage.reportAggregates) {
        const fallback = aggregateRows(await storage.listAuditsForReport(s.tenant, filter));
        assert.deepEqual(sortKeys(got), sortKeys(fallback), `capability and fallback differ for ${JSON.stringify(filter)}`);
      }
    }
    const other = await loadAggregates(storage, s.other, { status: 'completed' });
    assert.equal(other.audits, s.audits.slice(0, 10).filter((a) => a.status === 'completed').length);
    assert.ok(Object.keys(other.overall).every((g) => g === 'inadequate'), 'another tenant sees only its own audits');
  });

  withSeeded('median active time leaving some audits out equals the median of the other written audits, per filter', async (storage, s) => {
    const exclude = s.audits.filter((_, i) => i % 4 === 1).map((a) => a.id);
    for (const filter of filtersFor(s)) {
      const matching = s.audits.filter((a) => matches(a, filter));
      if (!storage.reportMedianActiveSeconds) continue;
      assert.equal(await storage.reportMedianActiveSeconds(s.tenant, filter, []), median(matching.map((a) => a.activeSeconds)), `filter ${JSON.stringify(filter)}`);
      assert.equal(
        await storage.reportMedianActiveSeconds(s.tenant, filter, exclude),
        median(matching.filter((a) => !exclude.includes(a.id)).map((a) => a.activeSeconds)),
        `filter ${JSON.stringify(filter)} less ${exclude.length} audits`,
      );
    }
  });

  withSeeded('with moderation applied (withModeration): a second audit is not a plan, and the median time counts each plan once, with its first audit\'s time', async (storage, s) => {
    // Pairs within one cycle: audit i is the first audit, audit j its second; every other pair is resolved.
    const completed = s.audits.filter((a) => a.status === 'completed' && a.frameworkId === 'ehcp-plan' && a.cycleId !== null);
    const seconds = new Set<string>();
    let pairs = 0;
    for (const cycle of s.cycles) {
      const inCycle = completed.filter((a) => a.cycleId === cycle.id);
      for (let k = 0; k + 1 < inCycle.length && pairs < 6; k += 4, pairs++) {
        const [first, second] = [inCycle[k]!, inCycle[k + 1]!];
        seconds.add(second.id);
        const record: ModerationRecord = {
          id: `m-${randomUUID()}`, cycleId: cycle.id, planRef: first.planRef, frameworkId: first.frameworkId, frameworkVersion: first.frameworkVersion,
          firstAuditId: first.id, firstAuditorId: first.auditorId, secondAuditorId: second.auditorId, secondAuditId: second.id,
          assignedBy: 'moderator', assignedAt: '2025-06-01T00:00:00.000Z', sampleSeed: null,
          agreed: pairs % 2 === 0 ? { A: { grade: 'inadequate', note: null } } : null, agreedOverall: pairs % 2 === 0 ? 'inadequate' : undefined,
          note: null, resolvedBy: pairs % 2 === 0 ? 'moderator' : null, resolvedAt: pairs % 2 === 0 ? '2025-06-02T00:00:00.000Z' : null,
        };
        await storage.putRecord(s.tenant, MODERATION_COLLECTION, record.id, record);
      }
    }
    assert.ok(pairs >= 2, 'the seed has pairs to moderate');
    const moderated = withModeration(storage);
    for (const filter of filtersFor(s)) {
      const plans = s.audits.filter((a) => matches(a, filter) && !seconds.has(a.id));
      const got = await loadAggregates(moderated, s.tenant, filter);
      assert.equal(got.audits, plans.length, `plans for ${JSON.stringify(filter)}`);
      assert.equal(got.medianActiveSeconds, median(plans.map((a) => a.activeSeconds)), `median for ${JSON.stringify(filter)}`);
      assert.deepEqual(sortKeys(got), sortKeys(aggregateRows(await moderated.listAuditsForReport(s.tenant, filter))), `capability and fallback differ for ${JSON.stringify(filter)}`);
      if (moderated.reportMedianActiveSeconds) {
        assert.equal(await moderated.reportMedianActiveSeconds(s.tenant, filter, []), got.medianActiveSeconds, `wrapped median for ${JSON.stringify(filter)}`);
      }
    }
  });

  withSeeded('criteria counts: graded sections only, a criterion counted once per section', async (storage, s) => {
    for (const filter of filtersFor(s)) {
      const audits = s.audits.filter((a) => matches(a, filter));
      const expected: Record<string, { assessed: number; met: Record<string, number> }> = {};
      for (const a of audits) {
        for (const [id, sec] of Object.entries(a.sections)) {
          if (sec.grade === null || sec.grade === 'na') continue;
          const e = (expected[id] ??= { assessed: 0, met: {} });
          e.assessed++;
          for (const c of new Set(sec.criteriaMet)) e.met[c] = (e.met[c] ?? 0) + 1;
        }
      }
      const got = await loadCriteriaCounts(storage, s.tenant, filter);
      assert.deepEqual(sortKeys(got), sortKeys({ sections: expected }), `filter ${JSON.stringify(filter)}`);
      if (storage.reportCriteriaCounts) {
        assert.deepEqual(sortKeys(got), sortKeys(countCriteria(await storage.listAuditsForReport(s.tenant, filter))));
      }
    }
  });

  withSeeded('audit pages: newest completion first, ties by id, every audit once, bad cursors refused', async (storage, s) => {
    for (const filter of [{ status: 'completed' } as ReportFilter, { cycleId: s.cycles[0].id }, { status: 'completed', teamRef: 'team-south' } as ReportFilter]) {
      const want = s.audits
        .filter((a) => matches(a, filter))
        .sort((a, b) => ((b.completedAt ?? '') === (a.completedAt ?? '') ? (b.id < a.id ? -1 : 1) : (b.completedAt ?? '') < (a.completedAt ?? '') ? -1 : 1));
      const got = await allPages(storage, s.tenant, filter, 7);
      assert.deepEqual(got.map((i) => i.id), want.map((a) => a.id), `order for ${JSON.stringify(filter)}`);
      const first = want[0];
      const item = got[0];
      if (first && item) {
        assert.equal(item.overallGrade, first.overall?.grade ?? null);
        assert.deepEqual(item.sectionGrades, Object.fromEntries(Object.entries(first.sections).map(([k, v]) => [k, v.grade])));
        assert.deepEqual(item.plan, first.plan);
      }
      if (storage.reportAuditPage) {
        const rows = await storage.listAuditsForReport(s.tenant, filter);
        const fallback: ReportAuditItem[] = [];
        let cursor: string | undefined;
        do {
          const page = pageRows(rows, cursor === undefined ? { limit: 7 } : { limit: 7, cursor });
          fallback.push(...page.items);
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        assert.deepEqual(sortKeys(got), sortKeys(fallback), 'capability and fallback pages differ');
      }
    }
    await assert.rejects(loadAuditPage(storage, s.tenant, { status: 'completed' }, { cursor: 'not-a-cursor' }), InvalidCursorError);
  });
}
