/**
 * Report statistics and aggregation checked against hand-computed fixtures and
 * published worked examples.
 *
 * - Wilson (1927) score interval: Newcombe (1998a), "Two-sided confidence intervals
 *   for the single proportion: comparison of seven methods", Statistics in Medicine
 *   17:857–872, Table II, method 3, examples 81/263, 15/148, 0/20 and 1/29.
 * - Newcombe's hybrid score interval for a difference: Newcombe (1998b), "Interval
 *   estimation for the difference between independent proportions: comparison of
 *   eleven methods", Statistics in Medicine 17:873–890, Table II, method 10,
 *   examples (a)–(h).
 * - The 71-plan report: 31 Good, 18 Requires improvement, 22 Inadequate gives
 *   43.7%, 25.4% and 31.0% (31/71 = 0.43662, 18/71 = 0.25352, 22/71 = 0.30986).
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ehcpPlanV1, type Framework } from 'ehcp-qa/criteria';
import {
  aggregateRows,
  buildTrend,
  change,
  compareSummaries,
  countCriteria,
  criteriaGaps,
  distribution,
  formatPercent,
  formatPoints,
  median,
  newcombeDifference,
  proportion,
  summarize,
  wilsonInterval,
  type ReportAggregates,
  type TrendCycleInput,
} from '../../server-adapter/reports/index.js';
import type { AuditReportRow } from '../../server-adapter/storage/types.js';

const close = (actual: number | null | undefined, expected: number, tolerance = 5e-5, label = '') => {
  assert.ok(actual !== null && actual !== undefined, `${label}: expected a number, got ${actual}`);
  assert.ok(Math.abs(actual - expected) <= tolerance, `${label}: ${actual} is not within ${tolerance} of ${expected}`);
};

const scale = ehcpPlanV1.scale;

describe('wilsonInterval', () => {
  // Newcombe 1998a, Table II, method 3 (score interval without continuity correction).
  const published: [number, number, number, number][] = [
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0.0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ];
  for (const [x, n, lo, hi] of published) {
    test(`${x}/${n} gives ${lo} to ${hi} (Newcombe 1998a)`, () => {
      const ci = wilsonInterval(x, n);
      close(ci.lower, lo, 5e-5, 'lower');
      close(ci.upper, hi, 5e-5, 'upper');
    });
  }
  test('ends are exactly 0 and 1 when every or no item succeeds', () => {
    assert.equal(wilsonInterval(0, 7).lower, 0);
    assert.equal(wilsonInterval(7, 7).upper, 1);
    close(wilsonInterval(10, 10).lower, 0.7225, 5e-5);
  });
  test('refuses impossible counts', () => {
    assert.throws(() => wilsonInterval(3, 0), RangeError);
    assert.throws(() => wilsonInterval(4, 3), RangeError);
    assert.throws(() => wilsonInterval(-1, 3), RangeError);
    assert.throws(() => wilsonInterval(1.5, 3), RangeError);
  });
  test('always contains the observed share and stays inside 0..1', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, f) => {
        const x = Math.floor(f * n);
        const ci = wilsonInterval(x, n);
        return ci.lower >= 0 && ci.upper <= 1 && ci.lower <= x / n + 1e-12 && ci.upper >= x / n - 1e-12;
      }),
    );
  });
  test('proportion() carries the count, n, share and interval, and null for n = 0', () => {
    const p = proportion(31, 71);
    assert.equal(p.count, 31);
    assert.equal(p.n, 71);
    close(p.share, 31 / 71, 1e-15);
    assert.deepEqual(p.ci, wilsonInterval(31, 71));
    assert.deepEqual(proportion(0, 0), { count: 0, n: 0, share: null, ci: null });
  });
});

describe('newcombeDifference', () => {
  // Newcombe 1998b, Table II, method 10.
  const published: [number, number, number, number, number, number][] = [
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
    [6, 7, 2, 7, 0.0582, 0.8062],
    [5, 56, 0, 29, -0.0381, 0.1926],
    [0, 10, 0, 20, -0.1611, 0.2775],
    [0, 10, 0, 10, -0.2775, 0.2775],
    [10, 10, 0, 20, 0.6791, 1.0],
    [10, 10, 0, 10, 0.6075, 1.0],
  ];
  for (const [a, m, b, n, lo, hi] of published) {
    test(`${a}/${m} − ${b}/${n} gives ${lo} to ${hi} (Newcombe 1998b)`, () => {
      const ci = newcombeDifference(a, m, b, n);
      close(ci.lower, lo, 5e-5, 'lower');
      close(ci.upper, hi, 5e-5, 'upper');
    });
  }
  test('change() is current − baseline, in percentage points, flagged when the interval leaves out 0', () => {
    const c = change({ count: 48, n: 80 }, { count: 56, n: 70 });
    close(c.difference, 0.2, 1e-12);
    close(c.percentagePoints, 20, 1e-9);
    close(c.ci!.lower, 0.0524);
    assert.equal(c.significant, true);
    const small = change({ count: 31, n: 71 }, { count: 36, n: 71 });
    assert.equal(small.significant, false, '5 more Good plans out of 71 is within chance');
    const down = change({ count: 56, n: 70 }, { count: 48, n: 80 });
    close(down.percentagePoints, -20, 1e-9);
    assert.equal(down.significant, true);
    assert.deepEqual(change({ count: 0, n: 0 }, { count: 1, n: 2 }), { difference: null, percentagePoints: null, ci: null, significant: false });
  });
});

describe('median and formatting', () => {
  test('median of odd, even, unsorted and empty lists', () => {
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(median([7]), 7);
    assert.equal(median([]), null);
    const input = [9, 2, 7];
    median(input);
    assert.deepEqual(input, [9, 2, 7], 'does not sort the caller\'s array');
  });
  test('percentages round only for display, to one decimal', () => {
    assert.equal(formatPercent(31 / 71), '43.7');
    assert.equal(formatPercent(18 / 71), '25.4');
    assert.equal(formatPercent(22 / 71), '31.0');
    assert.equal(formatPercent(0.00125, 2), '0.13');
    assert.equal(formatPercent(null), '–');
    assert.equal(formatPoints(12.345), '+12.3');
    assert.equal(formatPoints(-4), '\u22124.0');
    assert.equal(formatPoints(0.01), '0.0');
  });
});

/** The second cycle of the sample report: 71 plans, 31 Good, 18 Requires improvement, 22 Inadequate. */
const seventyOnePlans: ReportAggregates = {
  audits: 71,
  overall: { good: 31, 'requires-improvement': 18, inadequate: 22 },
  sections: {},
  medianActiveSeconds: 2400,
};

describe('distribution and summary', () => {
  test('the 71-plan report: 31 / 18 / 22 gives 43.7% / 25.4% / 31.0%', () => {
    const d = distribution(scale, seventyOnePlans.overall, 71);
    assert.equal(d.graded, 71);
    assert.deepEqual(d.grades.map((g) => [g.grade, g.count]), [['outstanding', 0], ['good', 31], ['requires-improvement', 18], ['inadequate', 22]]);
    assert.deepEqual(d.grades.map((g) => formatPercent(g.share)), ['0.0', '43.7', '25.4', '31.0']);
    assert.equal(d.goodOrBetter.count, 31);
    assert.equal(formatPercent(d.goodOrBetter.share), '43.7');
    assert.equal(d.notApplicable, 0);
    assert.equal(d.ungraded, 0);
  });

  test('Not applicable is counted separately and never inside graded shares', () => {
    // Section C of 10 plans: 4 Good, 2 Requires improvement, 4 Not applicable.
    const d = distribution(scale, { good: 4, 'requires-improvement': 2, na: 4 }, 10);
    assert.equal(d.graded, 6);
    assert.equal(d.notApplicable, 4);
    close(d.notApplicableShare, 0.4, 1e-12);
    close(d.grades.find((g) => g.grade === 'good')!.share, 4 / 6, 1e-12);
    close(d.goodOrBetter.share, 4 / 6, 1e-12);
    const shares = d.grades.reduce((s, g) => s + (g.share ?? 0), 0);
    close(shares, 1, 1e-12, 'graded shares add up to 100% without NA');
    assert.equal(d.ungraded, 0);
  });

  test('a section with only Not applicable has no graded share', () => {
    const d = distribution(scale, { na: 5 }, 5);
    assert.equal(d.graded, 0);
    assert.equal(d.goodOrBetter.share, null);
    assert.ok(d.grades.every((g) => g.share === null && g.ci === null));
  });

  test('unknown grade ids count as ungraded, not as a level', () => {
    const d = distribution(scale, { good: 2, gold: 3 }, 6);
    assert.equal(d.graded, 2);
    assert.equal(d.ungraded, 4);
  });

  test('Good or better follows the scale, not code: Outstanding counts, and another scale works', () => {
    const d = distribution(scale, { outstanding: 1, good: 2, inadequate: 1 }, 4);
    assert.equal(d.goodOrBetter.count, 3);
    const medals: Framework['scale'] = {
      id: 'medals',
      label: 'Gold to significant gaps',
      levels: [
        { id: 'gold', label: 'Gold', rank: 1, colour: 'gold', points: 3 },
        { id: 'silver', label: 'Silver', rank: 2, colour: 'silver', points: 2 },
        { id: 'bronze', label: 'Bronze', rank: 3, colour: 'bronze', points: 1 },
        { id: 'gaps', label: 'Significant gaps', rank: 4, colour: 'red', points: 0 },
      ],
      expected: 'silver',
      notApplicableLabel: 'Not relevant',
    };
    const m = distribution(medals, { gold: 1, silver: 1, bronze: 1, gaps: 1 }, 4);
    assert.equal(m.goodOrBetter.count, 2);
    assert.deepEqual(m.grades.map((g) => g.label), ['Gold', 'Silver', 'Bronze', 'Significant gaps']);
  });

  test('summarize keeps the framework\'s section order and every section', () => {
    const s = summarize(ehcpPlanV1, { ...seventyOnePlans, sections: { F: { good: 10, inadequate: 61 }, C: { na: 71 } } });
    assert.deepEqual(s.sections.map((x) => x.sectionId), ehcpPlanV1.sections.map((x) => x.id));
    assert.equal(s.sections.find((x) => x.sectionId === 'F')!.goodOrBetter.count, 10);
    assert.equal(s.sections.find((x) => x.sectionId === 'C')!.notApplicable, 71);
    assert.equal(s.sections.find((x) => x.sectionId === 'A')!.ungraded, 71);
    assert.equal(s.medianActiveSeconds, 2400);
    assert.equal(s.audits, 71);
  });
});

function row(id: string, overall: string | null, sections: Record<string, string | null>, extra: Partial<AuditReportRow> = {}): AuditReportRow {
  return {
    id,
    planRef: `PLAN-${id}`,
    cycleId: 'cycle-0001',
    frameworkId: 'ehcp-plan',
    frameworkVersion: '1.0.0',
    plan: { planType: 'new', phase: 'primary', primaryNeed: 'ASD', settingType: 'mainstream' },
    auditorId: 'auditor-1',
    auditorRole: 'send-caseworker',
    status: 'completed',
    startedAt: '2025-01-01T09:00:00.000Z',
    completedAt: '2025-01-01T10:00:00.000Z',
    activeSeconds: 600,
    overallGrade: overall,
    sectionGrades: sections,
    criteriaMet: {},
    ...extra,
  };
}

describe('aggregateRows and countCriteria (the in-memory path)', () => {
  test('counts overall and section grades and takes the median time', () => {
    const rows = [
      row('a1', 'good', { A: 'good', C: 'na', F: 'inadequate' }, { activeSeconds: 300 }),
      row('a2', 'inadequate', { A: 'requires-improvement', C: 'good', F: null }, { activeSeconds: 900 }),
      row('a3', null, { A: 'na', C: 'na' }, { activeSeconds: 1200 }),
      row('a4', 'good', { A: 'good' }, { activeSeconds: 600 }),
    ];
    const agg = aggregateRows(rows);
    assert.deepEqual(agg, {
      audits: 4,
      overall: { good: 2, inadequate: 1 },
      sections: { A: { good: 2, 'requires-improvement': 1, na: 1 }, C: { na: 2, good: 1 }, F: { inadequate: 1 } },
      medianActiveSeconds: 750,
    });
    const s = summarize(ehcpPlanV1, agg);
    assert.equal(s.overall.ungraded, 1, 'the audit without an overall grade');
    const f = s.sections.find((x) => x.sectionId === 'F')!;
    assert.equal(f.graded, 1);
    assert.equal(f.ungraded, 3);
  });

  test('criteria are counted only for sections graded at a level', () => {
    const rows = [
      row('b1', 'good', { F: 'good', C: 'na' }, { criteriaMet: { F: ['F.good.x', 'F.good.y'], C: ['C.na.none'] } }),
      row('b2', 'good', { F: 'requires-improvement' }, { criteriaMet: { F: ['F.good.x', 'F.good.x'] } }),
      row('b3', 'good', { F: null }, { criteriaMet: { F: ['F.good.x'] } }),
    ];
    assert.deepEqual(countCriteria(rows), { sections: { F: { assessed: 2, met: { 'F.good.x': 2, 'F.good.y': 1 } } } });
  });
});

describe('compareSummaries', () => {
  test('cycle 1 → cycle 2 of the sample report: each share, the change and its interval', () => {
    const cycle1 = summarize(ehcpPlanV1, { audits: 52, overall: { good: 12, 'requires-improvement': 20, inadequate: 20 }, sections: { F: { good: 5, inadequate: 47 } }, medianActiveSeconds: 1800 });
    const cycle2 = summarize(ehcpPlanV1, { ...seventyOnePlans, sections: { F: { good: 30, inadequate: 41 } } });
    const c = compareSummaries(cycle1, cycle2);
    const g = c.overall.goodOrBetter;
    assert.equal(g.baseline.count, 12);
    assert.equal(g.current.count, 31);
    close(g.change.percentagePoints, (31 / 71 - 12 / 52) * 100, 1e-9);
    assert.deepEqual(g.change.ci, newcombeDifference(31, 71, 12, 52));
    assert.deepEqual(g.current.ci, wilsonInterval(31, 71));
    assert.equal(g.change.significant, true);
    const inadequate = c.overall.grades.find((x) => x.grade === 'inadequate')!;
    assert.equal(inadequate.change.significant, false, '38.5% → 31.0% is within chance at these sizes');
    assert.ok(c.significant.some((s) => s.scope === 'overall' && s.measure === 'good-or-better'));
    assert.ok(c.significant.some((s) => s.scope === 'F' && s.measure === 'good-or-better'));
    assert.ok(!c.significant.some((s) => s.scope === 'overall' && s.measure === 'inadequate'));
    assert.equal(c.sections.length, ehcpPlanV1.sections.length);
    const a = c.sections.find((s) => s.sectionId === 'A')!;
    assert.equal(a.goodOrBetter.change.difference, null, 'no graded A sections in either cycle');
  });
});

describe('buildTrend and the KPI rule', () => {
  const cycle = (id: string, start: string, end: string, counts: Record<string, number>, kpi: TrendCycleInput['kpiTarget'] = null): TrendCycleInput => {
    const audits = Object.values(counts).reduce((a, b) => a + b, 0);
    return { cycleId: id, name: `Cycle ${id}`, startDate: start, endDate: end, kpiTarget: kpi, overallCounts: counts, figures: summarize(ehcpPlanV1, { audits, overall: counts, sections: {}, medianActiveSeconds: null }) };
  };
  const target = { level: 'good', share: 0.8, by: '2026-01-31' };

  test('points are oldest first with each cycle\'s own KPI line', () => {
    const { points } = buildTrend(scale, [
      cycle('c3', '2025-09-01', '2025-12-31', { good: 60, inadequate: 40 }, target),
      cycle('c1', '2025-01-01', '2025-04-30', { good: 20, inadequate: 80 }),
      cycle('c2', '2025-05-01', '2025-08-31', { good: 40, inadequate: 60 }, target),
    ]);
    assert.deepEqual(points.map((p) => p.cycleId), ['c1', 'c2', 'c3']);
    assert.equal(points[0]!.kpi, null);
    assert.equal(points[1]!.kpi!.target, 0.8);
    close(points[2]!.goodOrBetter.share, 0.6, 1e-12);
  });

  test('met when the latest share reaches the target', () => {
    const { kpi } = buildTrend(scale, [cycle('c1', '2025-01-01', '2025-04-30', { outstanding: 10, good: 70, inadequate: 20 }, target)]);
    assert.equal(kpi.status, 'met');
    close(kpi.latest!.share, 0.8, 1e-12);
  });

  test('on track when the fitted line reaches the target by its date', () => {
    // 20% → 40% → 60% over four-month steps; the line passes 80% in late April 2026.
    const rising = [
      cycle('c1', '2025-01-01', '2025-04-30', { good: 20, inadequate: 80 }),
      cycle('c2', '2025-05-01', '2025-08-31', { good: 40, inadequate: 60 }),
      cycle('c3', '2025-09-01', '2025-12-31', { good: 60, inadequate: 40 }, { level: 'good', share: 0.8, by: '2026-06-30' }),
    ];
    const { kpi } = buildTrend(scale, rising);
    assert.equal(kpi.status, 'on-track');
    assert.ok(kpi.projected! >= 0.8);
    const tooSoon = buildTrend(scale, rising.map((c) => (c.kpiTarget ? { ...c, kpiTarget: target } : c))).kpi;
    assert.equal(tooSoon.status, 'off-track', 'by 31 January 2026 the line is only near 65%');
    assert.ok(tooSoon.projected! < 0.8);
    assert.match(tooSoon.explanation, /below the target of 80\.0% Good or better by 2026-01-31/);
  });

  test('off track with one cycle below target, and without a date; no-target and no-data', () => {
    assert.equal(buildTrend(scale, [cycle('c1', '2025-01-01', '2025-04-30', { good: 1, inadequate: 1 }, target)]).kpi.status, 'off-track');
    assert.equal(buildTrend(scale, [
      cycle('c1', '2025-01-01', '2025-04-30', { good: 1, inadequate: 9 }),
      cycle('c2', '2025-05-01', '2025-08-31', { good: 5, inadequate: 5 }, { level: 'good', share: 0.8 }),
    ]).kpi.status, 'off-track');
    assert.equal(buildTrend(scale, [cycle('c1', '2025-01-01', '2025-04-30', { good: 1 })]).kpi.status, 'no-target');
    assert.equal(buildTrend(scale, [cycle('c1', '2025-01-01', '2025-04-30', {}, target)]).kpi.status, 'no-data');
    assert.equal(buildTrend(scale, []).kpi.status, 'no-target');
  });

  test('a KPI at another level counts that level or better', () => {
    const { kpi } = buildTrend(scale, [cycle('c1', '2025-01-01', '2025-04-30', { good: 5, 'requires-improvement': 4, inadequate: 1 }, { level: 'requires-improvement', share: 0.9 })]);
    assert.equal(kpi.status, 'met');
    assert.equal(kpi.latest!.count, 9);
  });
});

describe('criteriaGaps', () => {
  test('expected-level criteria most often not met come first; indicators most often present', () => {
    const f = ehcpPlanV1.sections.find((s) => s.id === 'F')!;
    const good = f.criteria.filter((c) => c.level === 'good').map((c) => c.id);
    const weak = f.criteria.filter((c) => c.level === 'inadequate' || c.level === 'requires-improvement').map((c) => c.id);
    // 10 graded F sections: good[0] met 9 times, good[1] met 2 times, every other Good criterion 5 times.
    const met: Record<string, number> = {};
    good.forEach((id, i) => (met[id] = i === 0 ? 9 : i === 1 ? 2 : 5));
    met[weak[0]!] = 7;
    const gaps = criteriaGaps(ehcpPlanV1, { sections: { F: { assessed: 10, met } } }, 3);
    const fGaps = gaps.sections.find((s) => s.sectionId === 'F')!;
    assert.equal(fGaps.assessed, 10);
    assert.equal(fGaps.gaps[0]!.criterionId, good[1]);
    assert.equal(fGaps.gaps[0]!.notMet, 8);
    close(fGaps.gaps[0]!.share, 0.8, 1e-12);
    assert.equal(fGaps.gaps.at(-1)!.criterionId, good[0]);
    assert.equal(fGaps.gaps.length, good.length);
    assert.equal(fGaps.indicators[0]!.criterionId, weak[0]);
    assert.equal(fGaps.indicators[0]!.present, 7);
    assert.equal(gaps.top.length, 3);
    assert.equal(gaps.top[0]!.criterionId, good[1]);
    const a = gaps.sections.find((s) => s.sectionId === 'A')!;
    assert.equal(a.assessed, 0);
    assert.ok(a.gaps.every((g) => g.share === null));
    assert.ok(!gaps.top.some((g) => g.sectionId === 'A'), 'sections nobody graded are not training priorities');
  });
});
