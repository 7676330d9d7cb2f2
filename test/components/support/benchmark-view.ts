/**
 * A hand-made `BenchmarkView` for the chart's tests: a North West LA with 24 plans,
 * the region published with one suppressed cell, England published, and section D
 * whose region figures were withheld.
 */
import type { BenchmarkView } from 'ehcp-qa/components/benchmark-chart';

type Dist = BenchmarkView['distributions'][number];
const levels = ['outstanding', 'good', 'requires-improvement', 'inadequate'];
const sections = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H1', 'H2', 'I', 'J', 'K'];
const withNa = new Set(['C', 'D', 'G', 'H1', 'H2', 'I', 'J']);

const own = (counts: number[], grades: string[]) => {
  const plans = counts.reduce((a, b) => a + b, 0);
  return {
    plans,
    cells: Object.fromEntries(grades.map((g, i) => {
      const k = counts[i] ?? 0;
      const p = k / plans;
      const spread = 1.96 * Math.sqrt((p * (1 - p)) / plans) + 0.02;
      return [g, { count: k, share: p, interval: { lower: Math.max(0, p - spread), upper: Math.min(1, p + spread) } }];
    })),
  };
};

const area = (counts: (number | null)[], contributors: number, meanShift = 0.01): Dist['nation'] => {
  const plans = counts.reduce<number>((a, b) => a + (b ?? 3), 0);
  const grades = counts.length === 4 ? levels : [...levels, 'na'];
  return {
    published: true,
    contributors,
    plans,
    cells: Object.fromEntries(grades.map((g, i) => {
      const k = counts[i];
      return [g, k == null ? { suppressed: true, reason: 'fewer-than-minimum' } : { suppressed: false, count: k, pooledShare: k / plans, meanOfLaShares: Math.min(1, k / plans + meanShift) }];
    })),
  } as Dist['nation'];
};

function distribution(id: string): Dist {
  const grades = id !== 'overall' && withNa.has(id) ? [...levels, 'na'] : levels;
  const la = grades.length === 5 ? own([2, 10, 6, 2, 4], grades) : own([2, 12, 7, 3], grades);
  const region = id === 'D'
    ? { published: false as const, reason: 'fewer than 5 LAs have graded plans here' }
    : area(grades.length === 5 ? [null, 60, 40, 20, 30] : [null, 70, 45, 25], 7);
  const nation = area(grades.length === 5 ? [18, 420, 330, 150, 200] : [20, 480, 380, 170], 52);
  return {
    id,
    title: id === 'overall' ? 'Whole plan' : `Section ${id}`,
    grades,
    la,
    region,
    nation,
    position: { region: id === 'D' ? null : { quartile: 2, among: 7 }, nation: { quartile: 1, among: 52 } },
  };
}

export function sampleBenchmarkView(overrides: Partial<BenchmarkView> = {}): BenchmarkView {
  return {
    frameworkId: 'ehcp-plan',
    frameworkVersion: '1.0.0',
    period: { label: '2025-Q3', start: '2025-07-01', end: '2025-09-30' },
    region: 'north-west',
    regionLabel: 'North West',
    expected: 'good',
    grades: [
      { id: 'outstanding', label: 'Outstanding' },
      { id: 'good', label: 'Good' },
      { id: 'requires-improvement', label: 'Requires improvement' },
      { id: 'inadequate', label: 'Inadequate' },
      { id: 'na', label: 'Not applicable' },
    ],
    source: { hubId: 'sample-hub', publicationId: 'pub-1', publishedAt: '2025-10-06T09:00:00Z', sampleData: true, via: 'hub', receivedAt: '2025-10-07T09:00:00Z' },
    rules: { minContributors: 5, minCellCount: 5 },
    distributions: ['overall', ...sections].map(distribution),
    ...overrides,
  };
}
