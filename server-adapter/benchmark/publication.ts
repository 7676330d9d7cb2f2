/**
 * Publication rules for benchmarks, as official statistics apply them:
 *
 * - An area (England, or a region) is published only when at least
 *   `minContributors` LAs contributed (5 by default, never fewer than 3). The same
 *   holds for each distribution inside it (a section most LAs mark Not applicable
 *   may be withheld while the rest is published).
 * - Withheld regions must not be recoverable by subtraction from England: when
 *   the withheld regions together have fewer than `minContributors` LAs, more
 *   regions are withheld (those with the fewest LAs first).
 * - A cell (plans at one grade) from fewer than `minCellCount` plans is suppressed
 *   (primary suppression). Then, so that no suppressed cell can be worked out from
 *   the totals, every row and every column of the table (regions, the withheld
 *   regions as one group, and England as the column totals) must hold either no
 *   suppressed cell or at least two: the smallest other cell is suppressed until
 *   that holds (secondary suppression).
 * - Shares are computed from unrounded counts. Both the pooled share (all plans in
 *   the area, so larger LAs weigh more) and the mean of LA shares (each LA counts
 *   once) are published.
 * - An LA learns its own position only as a quartile among contributing LAs,
 *   ranked by the share of its plans at the expected level or better.
 */
import type { Framework } from '../../criteria/schema.js';
import { gradeColumns } from './contribution.js';
import {
  REGION_IDS,
  type BenchmarkContribution,
  type BenchmarkPeriod,
  type Position,
  type PublishedArea,
  type PublishedBenchmark,
  type PublishedCell,
  type PublishedDistribution,
  type PublishedFeedbackQuestion,
  type PublishedFeedbackShare,
  type Quartile,
  type RegionId,
} from './model.js';

export interface PublicationRules {
  /** LAs needed before an area or distribution is published. Default 5; values below 3 are refused. */
  minContributors: number;
  /** Plans needed before a cell is shown. Default 5. */
  minCellCount: number;
}

export const DEFAULT_PUBLICATION_RULES: PublicationRules = { minContributors: 5, minCellCount: 5 };

/** Raised for rules that would publish too-small groups. */
export class PublicationRulesError extends Error {
  override name = 'PublicationRulesError';
}

/** Checks rules and fills defaults; refuses `minContributors` below 3 and `minCellCount` below 1. */
export function resolvePublicationRules(rules: Partial<PublicationRules> = {}): PublicationRules {
  const resolved = { ...DEFAULT_PUBLICATION_RULES, ...rules };
  if (!Number.isInteger(resolved.minContributors) || resolved.minContributors < 3) {
    throw new PublicationRulesError(`minContributors is ${resolved.minContributors}; it must be a whole number of at least 3 so no LA's figures can be worked out`);
  }
  if (!Number.isInteger(resolved.minCellCount) || resolved.minCellCount < 1) {
    throw new PublicationRulesError(`minCellCount is ${resolved.minCellCount}; it must be a whole number of at least 1`);
  }
  return resolved;
}

/** A contribution as the hub holds it: which LA (from its token) and what it sent. */
export interface HeldContribution {
  la: string;
  contribution: BenchmarkContribution;
}

/** Each LA's quartiles, kept by the hub and given only to that LA. */
export interface LaPosition {
  region: RegionId;
  position: { nation: Position | null; region: Position | null };
}

export interface PublicationInput {
  hubId: string;
  publicationId: string;
  publishedAt: string;
  sampleData: boolean;
  framework: Pick<Framework, 'id' | 'version' | 'scale' | 'sections'>;
  period: BenchmarkPeriod;
  contributions: readonly HeldContribution[];
  rules?: Partial<PublicationRules>;
}

/**
 * An LA's place among `values` (one share per contributing LA, its own included):
 * quartile 1 when fewer than a quarter of the LAs have a strictly higher share,
 * 4 for the lowest quarter. Ties take the better place.
 *
 * @example
 * quartileOf(0.9, [0.9, 0.8, 0.5, 0.4, 0.1]) // 1
 */
export function quartileOf(value: number, values: readonly number[]): Quartile {
  if (values.length === 0) throw new RangeError('quartileOf needs at least one value');
  const higher = values.filter((v) => v > value).length;
  return { quartile: Math.min(4, Math.floor((4 * higher) / values.length) + 1), among: values.length };
}

const sum = (xs: Iterable<number>) => {
  let total = 0;
  for (const x of xs) total += x;
  return total;
};

/** One row of a table being suppressed: values per grade column and which are hidden. */
export interface SuppressionRow {
  /** A region id, `withheld` for the withheld regions as one group, or `england`. */
  key: string;
  values: number[];
  unknown: boolean[];
  primary: boolean[];
}

/**
 * Marks cells to suppress in one table so that no line (a row with its known total,
 * a column with England's cell as its total, England's row with the grand total)
 * has exactly one unknown cell. Mutates `unknown` in each row.
 */
export function secondarySuppress(interior: SuppressionRow[], england: SuppressionRow): void {
  const columns = england.values.length;
  const lines: { row: SuppressionRow; col: number }[][] = [];
  for (const row of [...interior, england]) lines.push(row.values.map((_, col) => ({ row, col })));
  for (let col = 0; col < columns; col++) lines.push([...interior, england].map((row) => ({ row, col })));
  let changed = true;
  while (changed) {
    changed = false;
    for (const line of lines) {
      const unknown = line.filter(({ row, col }) => row.unknown[col]);
      if (unknown.length !== 1) continue;
      const known = line.filter(({ row, col }) => !row.unknown[col]);
      if (known.length === 0) continue;
      // Prefer hiding an interior cell over England's, then the smallest value.
      known.sort((a, b) => Number(a.row === england) - Number(b.row === england) || a.row.values[a.col]! - b.row.values[b.col]!);
      const pick = known[0]!;
      pick.row.unknown[pick.col] = true;
      changed = true;
    }
  }
}

/**
 * Which regions are withheld: those with fewer than `min` LAs (and any in `alsoWithheld`),
 * widened with the smallest published regions until the withheld group has no LA or
 * at least `min` of them, so England minus the published regions reveals no small group.
 */
function withheldRegions(contributorsByRegion: Map<RegionId, number>, min: number, alsoWithheld: Iterable<RegionId> = []): Set<RegionId> {
  const withheld = new Set<RegionId>();
  for (const [region, n] of contributorsByRegion) if (n > 0 && n < min) withheld.add(region);
  for (const region of alsoWithheld) if (contributorsByRegion.get(region)! > 0) withheld.add(region);
  const groupSize = () => sum([...withheld].map((r) => contributorsByRegion.get(r)!));
  while (withheld.size > 0 && groupSize() < min) {
    const next = [...contributorsByRegion.entries()]
      .filter(([r, n]) => n > 0 && !withheld.has(r))
      .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))[0];
    if (!next) break;
    withheld.add(next[0]);
  }
  return withheld;
}

interface LaRow {
  la: string;
  region: RegionId;
  counts: number[];
  graded: number;
}

/** Publishes one distribution (overall, or one section) for England and every region, and ranks LAs in it. */
function publishDistribution(
  columns: string[],
  expectedIndex: number,
  las: LaRow[],
  areaPublished: Map<RegionId, boolean>,
  nationPublished: boolean,
  rules: PublicationRules,
): { nation: PublishedDistribution; regions: Map<RegionId, PublishedDistribution>; nationRanks: Map<string, Quartile | null>; regionRanks: Map<string, Quartile | null> } {
  const notEnough = `fewer than ${rules.minContributors} LAs have graded plans here`;
  const contributing = las.filter((l) => l.graded > 0);
  const regions = new Map<RegionId, PublishedDistribution>();
  const nationRanks = new Map<string, Quartile | null>();
  const regionRanks = new Map<string, Quartile | null>();
  const byRegion = new Map<RegionId, LaRow[]>(REGION_IDS.map((r) => [r, contributing.filter((l) => l.region === r)]));

  if (!nationPublished || contributing.length < rules.minContributors) {
    for (const r of REGION_IDS) regions.set(r, { published: false, reason: notEnough });
    return { nation: { published: false, reason: notEnough }, regions, nationRanks, regionRanks };
  }

  // A region whose whole area is withheld is withheld here too.
  const contributorsByRegion = new Map<RegionId, number>(REGION_IDS.map((r) => [r, byRegion.get(r)!.length]));
  const withheld = withheldRegions(contributorsByRegion, rules.minContributors, REGION_IDS.filter((r) => !areaPublished.get(r)));

  const totals = (rows: LaRow[]) => columns.map((_, c) => sum(rows.map((l) => l.counts[c]!)));
  const makeRow = (key: string, rows: LaRow[]): SuppressionRow => {
    const values = totals(rows);
    const primary = values.map((v) => v < rules.minCellCount);
    return { key, values, unknown: [...primary], primary };
  };
  const published = REGION_IDS.filter((r) => contributorsByRegion.get(r)! > 0 && !withheld.has(r));
  const interior = published.map((r) => makeRow(r, byRegion.get(r)!));
  if (withheld.size > 0) interior.push(makeRow('withheld', [...withheld].flatMap((r) => byRegion.get(r)!)));
  const england = makeRow('england', contributing);
  secondarySuppress(interior, england);

  const distributionOf = (row: SuppressionRow, rows: LaRow[]): PublishedDistribution => {
    const plans = sum(row.values);
    const cells: Record<string, PublishedCell> = {};
    columns.forEach((grade, c) => {
      cells[grade] = row.unknown[c]
        ? { suppressed: true, reason: row.primary[c] ? 'fewer-than-minimum' : 'secondary' }
        : {
            suppressed: false,
            count: row.values[c]!,
            pooledShare: row.values[c]! / plans,
            meanOfLaShares: sum(rows.map((l) => l.counts[c]! / l.graded)) / rows.length,
          };
    });
    return { published: true, contributors: rows.length, plans, cells };
  };
  const nation = distributionOf(england, contributing);
  for (const r of REGION_IDS) {
    const row = interior.find((x) => x.key === r);
    regions.set(r, row ? distributionOf(row, byRegion.get(r)!) : { published: false, reason: contributorsByRegion.get(r)! === 0 ? 'no LA in this region has graded plans here' : notEnough });
  }

  // Quartiles by the share at the expected level or better, among LAs with plans graded at a level (Not applicable left out).
  const goodShare = (l: LaRow) => {
    const rated = sum(l.counts.filter((_, c) => columns[c] !== 'na'));
    return rated === 0 ? null : sum(l.counts.slice(0, expectedIndex + 1)) / rated;
  };
  const rank = (rows: LaRow[], into: Map<string, Quartile | null>) => {
    const shares = rows.map((l) => ({ la: l.la, share: goodShare(l) }));
    const values = shares.flatMap((s) => (s.share === null ? [] : [s.share]));
    for (const s of shares) into.set(s.la, s.share === null || values.length < rules.minContributors ? null : quartileOf(s.share, values));
  };
  rank(contributing, nationRanks);
  for (const r of published) rank(byRegion.get(r)!, regionRanks);
  return { nation, regions, nationRanks, regionRanks };
}

/**
 * Publishes a benchmark from the contributions held for one period and framework
 * version, and each contributing LA's quartiles (to be given only to that LA).
 * Contributions for another framework version or period are refused.
 */
export function publishBenchmark(input: PublicationInput): { benchmark: PublishedBenchmark; positions: Map<string, LaPosition> } {
  const rules = resolvePublicationRules(input.rules);
  const { framework, period } = input;
  for (const { la, contribution: c } of input.contributions) {
    if (c.frameworkId !== framework.id || c.frameworkVersion !== framework.version || c.period.start !== period.start || c.period.end !== period.end) {
      throw new RangeError(`the contribution from ${la} is for ${c.frameworkId} ${c.frameworkVersion}, ${c.period.start} to ${c.period.end}, not this publication`);
    }
  }
  const contributions = input.contributions;
  const notEnough = `fewer than ${rules.minContributors} LAs contributed`;
  const contributorsByRegion = new Map<RegionId, number>(REGION_IDS.map((r) => [r, contributions.filter((x) => x.contribution.region === r).length]));
  const nationPublished = contributions.length >= rules.minContributors;
  const withheld = nationPublished ? withheldRegions(contributorsByRegion, rules.minContributors) : new Set(REGION_IDS);
  const areaPublished = new Map<RegionId, boolean>(REGION_IDS.map((r) => [r, nationPublished && contributorsByRegion.get(r)! > 0 && !withheld.has(r)]));

  const distributions = ['overall', ...framework.sections.map((s) => s.id)];
  const levelIds = framework.scale.levels.map((l) => l.id);
  const expectedIndex = levelIds.indexOf(framework.scale.expected);
  const results = new Map(distributions.map((d) => {
    const columns = gradeColumns(framework, d);
    const las: LaRow[] = contributions.map(({ la, contribution: c }) => {
      const counts = columns.map((g) => (d === 'overall' ? c.overall[g] : c.sections[d]?.[g]) ?? 0);
      return { la, region: c.region, counts, graded: sum(counts) };
    });
    return [d, publishDistribution(columns, expectedIndex, las, areaPublished, nationPublished, rules)] as const;
  }));

  const areaOf = (pick: (r: ReturnType<typeof publishDistribution>) => PublishedDistribution, contributors: HeldContribution[]): PublishedArea => ({
    published: true,
    contributors: contributors.length,
    plansAudited: sum(contributors.map((x) => x.contribution.plansAudited)),
    overall: pick(results.get('overall')!),
    sections: Object.fromEntries(framework.sections.map((s) => [s.id, pick(results.get(s.id)!)])),
  });
  const nation: PublishedArea = nationPublished ? areaOf((r) => r.nation, [...contributions]) : { published: false, reason: notEnough };
  const regions = Object.fromEntries(REGION_IDS.map((r) => {
    const area: PublishedArea = areaPublished.get(r)
      ? areaOf((x) => x.regions.get(r)!, contributions.filter((x) => x.contribution.region === r))
      : { published: false, reason: contributorsByRegion.get(r)! === 0 ? 'no LA in this region contributed' : nationPublished && withheld.has(r) && contributorsByRegion.get(r)! >= rules.minContributors ? 'withheld so that a smaller region cannot be worked out from the England figures' : notEnough };
    return [r, area];
  })) as Record<RegionId, PublishedArea>;

  const positions = new Map<string, LaPosition>();
  for (const { la, contribution: c } of contributions) {
    const positionIn = (ranks: 'nationRanks' | 'regionRanks'): Position => ({
      overall: results.get('overall')![ranks].get(la) ?? null,
      sections: Object.fromEntries(framework.sections.map((s) => [s.id, results.get(s.id)![ranks].get(la) ?? null])),
    });
    positions.set(la, {
      region: c.region,
      position: { nation: nationPublished ? positionIn('nationRanks') : null, region: areaPublished.get(c.region) ? positionIn('regionRanks') : null },
    });
  }

  const feedback = publishFeedback(contributions, nationPublished, areaPublished, rules);

  const benchmark: PublishedBenchmark = {
    format: 'ehcp-qa/published-benchmark',
    hubId: input.hubId,
    publicationId: input.publicationId,
    publishedAt: input.publishedAt,
    sampleData: input.sampleData,
    frameworkId: framework.id,
    frameworkVersion: framework.version,
    period: { label: period.label, start: period.start, end: period.end },
    rules,
    levels: levelIds,
    expected: framework.scale.expected,
    nation,
    regions,
    ...(feedback.length ? { feedback } : {}),
  };
  return { benchmark, positions };
}

/**
 * Feedback beside the audit figures: for each question, the pooled share of positive
 * answers in England and each region, published where at least `minContributors` LAs
 * sent that question (and the area itself is published). As for grades, regions are
 * withheld together so that England minus the published regions never reveals a
 * smaller group. Contributions already hold no figure from fewer than 5 answers.
 */
function publishFeedback(
  contributions: readonly HeldContribution[],
  nationPublished: boolean,
  areaPublished: Map<RegionId, boolean>,
  rules: PublicationRules,
): PublishedFeedbackQuestion[] {
  const keys = new Map<string, { questionnaireId: string; questionnaireVersion: string; questionId: string }>();
  for (const { contribution: c } of contributions) {
    for (const f of c.feedback ?? []) {
      for (const questionId of Object.keys(f.questions)) keys.set(`${f.questionnaireId}@${f.questionnaireVersion}#${questionId}`, { questionnaireId: f.questionnaireId, questionnaireVersion: f.questionnaireVersion, questionId });
    }
  }
  const notEnough = `fewer than ${rules.minContributors} LAs sent answers to this question`;
  return [...keys.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, key]) => {
    const rows = contributions.flatMap(({ contribution: c }) => {
      const q = c.feedback?.find((f) => f.questionnaireId === key.questionnaireId && f.questionnaireVersion === key.questionnaireVersion)?.questions[key.questionId];
      return q ? [{ region: c.region, answered: q.answered, positive: q.positive }] : [];
    });
    const pooled = (list: typeof rows): PublishedFeedbackShare => {
      const answered = sum(list.map((r) => r.answered));
      const positive = sum(list.map((r) => r.positive));
      return { published: true, contributors: list.length, answered, positive, share: answered === 0 ? 0 : positive / answered };
    };
    const nationOk = nationPublished && rows.length >= rules.minContributors;
    const byRegion = new Map<RegionId, number>(REGION_IDS.map((r) => [r, rows.filter((x) => x.region === r).length]));
    const withheld = nationOk ? withheldRegions(byRegion, rules.minContributors, REGION_IDS.filter((r) => !areaPublished.get(r))) : new Set(REGION_IDS);
    const regions = Object.fromEntries(REGION_IDS.map((r) => [r, !withheld.has(r) && byRegion.get(r)! > 0
      ? pooled(rows.filter((x) => x.region === r))
      : { published: false as const, reason: byRegion.get(r)! === 0 ? 'no LA in this region sent answers to this question' : notEnough }])) as Record<RegionId, PublishedFeedbackShare>;
    return { ...key, nation: nationOk ? pooled(rows) : { published: false, reason: nationPublished ? notEnough : `fewer than ${rules.minContributors} LAs contributed` }, regions };
  });
}

/** The copy of a publication for one LA: the public figures plus that LA's own quartiles. */
export function benchmarkFor(benchmark: PublishedBenchmark, la: string, position: LaPosition | undefined): PublishedBenchmark {
  if (!position) return benchmark;
  return { ...benchmark, recipient: { la, region: position.region, position: position.position } };
}
