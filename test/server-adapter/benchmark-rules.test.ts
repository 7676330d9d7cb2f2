/**
 * The pure parts of benchmarking: canonical JSON, signatures and tamper refusal,
 * periods, contributions built from audit rows, publication thresholds, small-cell
 * and secondary suppression, pooled and mean-of-LA shares, and quartiles.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ehcpPlanV1 } from 'ehcp-qa/criteria';
import {
  buildContribution,
  canonicalJson,
  CanonicalJsonError,
  EmptyContributionError,
  generateHubKeyPair,
  parsePeriod,
  PeriodFormatError,
  publishBenchmark,
  PublicationRulesError,
  PublishedBenchmarkSchema,
  quartileOf,
  REGION_IDS,
  resolvePublicationRules,
  signDocument,
  SignatureError,
  verifyDocument,
  type BenchmarkAuditRow,
  type BenchmarkContribution,
  type HeldContribution,
  type PublishedDistribution,
  type RegionId,
} from '../../server-adapter/benchmark/index.js';

const period = parsePeriod('2025-Q3');
const levels = ['outstanding', 'good', 'requires-improvement', 'inadequate'];

/** A contribution whose overall and every section share the same counts (sections add `na: 0`). */
function contribution(region: RegionId, overall: number[], extra: Partial<BenchmarkContribution> = {}): BenchmarkContribution {
  const counts = Object.fromEntries(levels.map((g, i) => [g, overall[i] ?? 0]));
  const plans = overall.reduce((a, b) => a + b, 0);
  return {
    format: 'ehcp-qa/benchmark-contribution',
    frameworkId: ehcpPlanV1.id,
    frameworkVersion: ehcpPlanV1.version,
    period,
    region,
    plansAudited: plans,
    overall: counts,
    sections: Object.fromEntries(ehcpPlanV1.sections.map((s) => [s.id, s.notApplicableWhen ? { ...counts, na: 0 } : { ...counts }])),
    ...extra,
  };
}
const held = (la: string, c: BenchmarkContribution): HeldContribution => ({ la, contribution: c });
const publish = (contributions: HeldContribution[], rules?: { minContributors?: number; minCellCount?: number }) =>
  publishBenchmark({
    hubId: 'test-hub', publicationId: 'p1', publishedAt: '2025-10-01T09:00:00Z', sampleData: false,
    framework: ehcpPlanV1, period, contributions, ...(rules ? { rules } : {}),
  });
const published = (d: PublishedDistribution) => {
  assert.equal(d.published, true);
  return d as Extract<PublishedDistribution, { published: true }>;
};

describe('canonical JSON', () => {
  test('sorts keys at every depth and writes no white space', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } }), '{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
  });
  test('the same value in any key order gives the same text', () => {
    fc.assert(fc.property(fc.dictionary(fc.string().filter((k) => k !== '__proto__'), fc.oneof(fc.integer(), fc.string(), fc.boolean()), { noNullPrototype: true }), (obj) => {
      const reversed = Object.fromEntries(Object.entries(obj).reverse());
      assert.equal(canonicalJson(reversed), canonicalJson(obj));
      assert.deepEqual(JSON.parse(canonicalJson(obj)), obj);
    }));
  });
  test('leaves out undefined properties, writes -0 as 0, refuses what JSON cannot carry', () => {
    assert.equal(canonicalJson({ a: undefined, b: -0 }), '{"b":0}');
    assert.throws(() => canonicalJson({ n: Number.NaN }), CanonicalJsonError);
    assert.throws(() => canonicalJson({ n: Infinity }), /JSON cannot carry/);
    assert.throws(() => canonicalJson({ d: new Date() }), /not a plain object/);
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    assert.throws(() => canonicalJson(loop), /refers back to itself/);
    // The error names where the value went wrong, at any depth.
    assert.throws(() => canonicalJson({ a: [1, { b: Number.NaN }] }), /\$\.a\[1\]\.b is NaN/);
    assert.throws(() => canonicalJson({ a: [() => 1] }), /\$\.a\[0\] is a function/);
  });
  test('keys in UTF-16 code unit order, undefined in an array as null, the same object twice side by side is no loop', () => {
    assert.equal(canonicalJson({ '\uffff': 1, '😀': 2, Z: 3, a: 4, é: 5, 10: 6, 9: 7 }), '{"10":6,"9":7,"Z":3,"a":4,"é":5,"😀":2,"\uffff":1}');
    assert.equal(canonicalJson([undefined, 'x', null]), '[null,"x",null]');
    const shared = { k: [1.5e300, 0.1, -3] };
    assert.equal(canonicalJson({ b: shared, a: shared, c: Object.assign(Object.create(null) as object, { y: 1, x: 'q"\n' }) }), '{"a":{"k":[1.5e+300,0.1,-3]},"b":{"k":[1.5e+300,0.1,-3]},"c":{"x":"q\\"\\n","y":1}}');
  });
});

describe('signatures', () => {
  const keys = generateHubKeyPair();
  const payload = { figures: { good: 0.456, inadequate: 0.166 }, hub: 'north' };

  test('an Ed25519 signature verifies, also after the file is re-indented', () => {
    const doc = signDocument(payload, { algorithm: 'ed25519', privateKey: keys.privateKey, keyId: 'k1' });
    assert.equal(doc.signature.keyId, 'k1');
    const reindented = JSON.parse(JSON.stringify(doc, null, 2));
    assert.deepEqual(verifyDocument(reindented, { algorithm: 'ed25519', publicKey: keys.publicKey }), payload);
  });
  test('a changed figure, another key, or another algorithm is refused', () => {
    const doc = signDocument(payload, { algorithm: 'ed25519', privateKey: keys.privateKey });
    const tampered = structuredClone(doc);
    tampered.payload.figures.good = 0.9;
    assert.throws(() => verifyDocument(tampered, { algorithm: 'ed25519', publicKey: keys.publicKey }), SignatureError);
    const other = generateHubKeyPair();
    assert.throws(() => verifyDocument(doc, { algorithm: 'ed25519', publicKey: other.publicKey }), /does not match/);
    assert.throws(() => verifyDocument(doc, { algorithm: 'hmac-sha256', secret: 'a shared secret of some length' }), /signed with "ed25519"/);
    assert.throws(() => verifyDocument({ ...doc, signature: undefined }, { algorithm: 'ed25519', publicKey: keys.publicKey }), /no signature/);
    assert.throws(() => verifyDocument({ payload }, { algorithm: 'ed25519', publicKey: keys.publicKey }), /not an ehcp-qa signed document/);
    assert.throws(() => verifyDocument('text', { algorithm: 'ed25519', publicKey: keys.publicKey }), /not a signed document/);
  });
  test('HMAC-SHA256 signs and refuses a changed payload or a wrong secret', () => {
    const secret = 'a shared secret of some length';
    const doc = signDocument(payload, { algorithm: 'hmac-sha256', secret });
    assert.deepEqual(verifyDocument(doc, { algorithm: 'hmac-sha256', secret }), payload);
    assert.throws(() => verifyDocument({ ...doc, payload: { ...payload, hub: 'south' } }, { algorithm: 'hmac-sha256', secret }), SignatureError);
    assert.throws(() => verifyDocument(doc, { algorithm: 'hmac-sha256', secret: `${secret}!` }), SignatureError);
    assert.throws(() => verifyDocument(doc, { algorithm: 'ed25519', publicKey: keys.publicKey }), /signed with "hmac-sha256"/);
  });
});

describe('periods', () => {
  test('quarters and date ranges', () => {
    assert.deepEqual(parsePeriod('2025-Q3'), { label: '2025-Q3', start: '2025-07-01', end: '2025-09-30' });
    assert.deepEqual(parsePeriod('2024-q1'), { label: '2024-Q1', start: '2024-01-01', end: '2024-03-31' });
    assert.equal(parsePeriod('2025-Q4').end, '2025-12-31');
    assert.deepEqual(parsePeriod('2025-09-01..2026-01-31'), { label: '2025-09-01..2026-01-31', start: '2025-09-01', end: '2026-01-31' });
    assert.throws(() => parsePeriod('2025-Q5'), PeriodFormatError);
    assert.throws(() => parsePeriod('2026-01-31..2025-09-01'), /must not end before it starts/);
    assert.throws(() => parsePeriod('autumn'), /2025-Q3/);
  });
});

describe('a contribution built from audit rows', () => {
  const row = (overall: string | null, completedAt: string | null, extra: Partial<BenchmarkAuditRow> = {}): BenchmarkAuditRow => ({
    frameworkId: 'ehcp-plan', frameworkVersion: '1.0.0', status: completedAt ? 'completed' : 'in-progress', completedAt,
    overallGrade: overall,
    sectionGrades: { A: overall, C: 'na', F: null },
    ...extra,
  });
  test('counts completed audits of the framework version in the period only', () => {
    const rows = [
      row('good', '2025-07-01T08:00:00Z'),
      row('good', '2025-09-30T23:59:00Z'),
      row('inadequate', '2025-08-15T10:00:00+01:00'),
      row('good', '2025-10-01T00:00:00Z'), // after the period
      row('good', null), // in progress
      row('outstanding', '2025-08-01T00:00:00Z', { frameworkVersion: '2.0.0' }), // another version
    ];
    const c = buildContribution(ehcpPlanV1, rows, { period, region: 'london' });
    assert.equal(c.plansAudited, 3);
    assert.deepEqual(c.overall, { outstanding: 0, good: 2, 'requires-improvement': 0, inadequate: 1 });
    assert.deepEqual(c.sections.A, { outstanding: 0, good: 2, 'requires-improvement': 0, inadequate: 1 });
    assert.equal(c.sections.C!.na, 3);
    assert.equal(Object.values(c.sections.F!).reduce((a, b) => a + b, 0), 0);
    assert.deepEqual(Object.keys(c.sections), ehcpPlanV1.sections.map((s) => s.id));
    // Counts only: nothing about a single plan travels.
    assert.deepEqual(Object.keys(c).sort(), ['format', 'frameworkId', 'frameworkVersion', 'overall', 'period', 'plansAudited', 'region', 'sections']);
  });
  test('refuses to build an empty contribution', () => {
    assert.throws(() => buildContribution(ehcpPlanV1, [row('good', '2024-01-01T00:00:00Z')], { period, region: 'london' }), EmptyContributionError);
  });
});

describe('quartiles', () => {
  test('top quarter is 1, ties take the better place', () => {
    const values = [0.9, 0.8, 0.5, 0.4, 0.1];
    assert.deepEqual(values.map((v) => quartileOf(v, values).quartile), [1, 1, 2, 3, 4]);
    const eight = [8, 7, 6, 5, 4, 3, 2, 1];
    assert.deepEqual(eight.map((v) => quartileOf(v, eight).quartile), [1, 1, 2, 2, 3, 3, 4, 4]);
    assert.deepEqual([0.5, 0.5, 0.5, 0.1, 0.1].map((v, _, all) => quartileOf(v, all).quartile), [1, 1, 1, 3, 3]);
    assert.equal(quartileOf(0.3, values).among, 5);
  });
  test('a higher share never gets a worse quartile, and each quartile holds about a quarter', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 60 }), (values) => {
      const places = values.map((v) => ({ v, q: quartileOf(v, values).quartile }));
      for (const a of places) for (const b of places) if (a.v > b.v) assert.ok(a.q <= b.q);
      const distinct = new Set(values).size === values.length;
      if (distinct) for (let q = 1; q <= 4; q++) assert.ok(places.filter((p) => p.q === q).length <= Math.ceil(values.length / 4));
    }));
  });
});

describe('publication rules', () => {
  test('minContributors defaults to 5, is configurable, and is never below 3', () => {
    assert.deepEqual(resolvePublicationRules(), { minContributors: 5, minCellCount: 5 });
    assert.equal(resolvePublicationRules({ minContributors: 3 }).minContributors, 3);
    assert.throws(() => resolvePublicationRules({ minContributors: 2 }), PublicationRulesError);
    assert.throws(() => publish([], { minContributors: 1 }), /at least 3/);
  });

  test('England needs 5 LAs: 4 publish nothing, 5 publish', () => {
    const four = ['a', 'b', 'c', 'd'].map((la) => held(la, contribution('london', [5, 20, 10, 5])));
    const none = publish(four).benchmark;
    assert.equal(none.nation.published, false);
    assert.ok(REGION_IDS.every((r) => none.regions[r].published === false));
    const five = publish([...four, held('e', contribution('london', [5, 20, 10, 5]))]).benchmark;
    assert.equal(five.nation.published, true);
    assert.equal(five.regions.london.published, true);
    assert.equal(five.regions['north-east'].published, false);
    assert.doesNotThrow(() => PublishedBenchmarkSchema.parse(five));
    // With the threshold lowered to 3, four LAs are enough.
    assert.equal(publish(four, { minContributors: 3 }).benchmark.nation.published, true);
  });

  test('a region with fewer than 5 LAs is withheld, and so is the next smallest when it alone could be worked out', () => {
    const las = [
      ...[1, 2, 3, 4, 5, 6].map((i) => held(`lon${i}`, contribution('london', [5, 20, 10, 5]))),
      ...[1, 2, 3, 4, 5].map((i) => held(`nw${i}`, contribution('north-west', [5, 20, 10, 5]))),
      ...[1, 2, 3].map((i) => held(`ne${i}`, contribution('north-east', [5, 20, 10, 5]))),
    ];
    const b = publish(las).benchmark;
    assert.equal(b.nation.published, true);
    assert.equal(b.regions['north-east'].published, false);
    // England minus London would give the North East's three LAs: the North West (smallest) is withheld too.
    assert.equal(b.regions['north-west'].published, false);
    assert.match((b.regions['north-west'] as { reason: string }).reason, /worked out/);
    assert.equal(b.regions.london.published, true);
    // With the group already at 5 or more, nothing more is withheld.
    const more = publish([...las, ...[4, 5].map((i) => held(`ne${i}`, contribution('north-east', [5, 20, 10, 5])))]).benchmark;
    assert.equal(more.regions['north-west'].published, true);
    assert.equal(more.regions['north-east'].published, true);
  });

  test('pooled share and mean of LA shares, from unrounded counts', () => {
    // One large LA with many Good plans, four small ones with none.
    const las = [
      held('big', contribution('london', [0, 90, 10, 0])),
      ...[1, 2, 3, 4].map((i) => held(`small${i}`, contribution('london', [0, 0, 10, 0]))),
    ];
    const nation = published((publish(las).benchmark.nation as { overall: PublishedDistribution }).overall);
    assert.equal(nation.plans, 140);
    assert.equal(nation.contributors, 5);
    const good = nation.cells.good!;
    assert.equal(good.suppressed, false);
    if (good.suppressed) return;
    assert.equal(good.count, 90);
    assert.equal(good.pooledShare, 90 / 140);
    assert.equal(good.meanOfLaShares, 0.9 / 5);
    const ri = nation.cells['requires-improvement']!;
    assert.ok(!ri.suppressed && ri.pooledShare === 50 / 140 && ri.meanOfLaShares === (0.1 + 4) / 5);
  });

  test('cells from fewer than 5 plans are suppressed, with a second cell so the first cannot be worked out', () => {
    const las = ['a', 'b', 'c', 'd', 'e'].map((la, i) => held(la, contribution('london', [i === 0 ? 3 : 0, 20, 10, 8])));
    const b = publish(las).benchmark;
    const overall = published((b.nation as { overall: PublishedDistribution }).overall);
    assert.deepEqual(overall.cells.outstanding, { suppressed: true, reason: 'fewer-than-minimum' });
    // Total 193 is published; with only Outstanding hidden it would be 193 − the rest. The smallest other cell goes too.
    assert.deepEqual(overall.cells.inadequate, { suppressed: true, reason: 'secondary' });
    assert.equal(overall.cells.good!.suppressed, false);
    assert.equal(overall.plans, 193);
    // Sections with Not applicable: all-zero `na` cells are suppressed (fewer than 5), never published as 0.
    const c = published((b.nation as { sections: Record<string, PublishedDistribution> }).sections.C!);
    assert.deepEqual(c.cells.na, { suppressed: true, reason: 'fewer-than-minimum' });
  });

  test('each LA gets its own quartile only, by the share Good or better', () => {
    const shares = [[0, 10, 0, 0], [0, 8, 2, 0], [0, 6, 4, 0], [0, 4, 6, 0], [0, 2, 8, 0]];
    const las = shares.map((s, i) => held(`la${i}`, contribution('london', s)));
    const { positions } = publish(las);
    assert.deepEqual(las.map((l) => positions.get(l.la)!.position.nation!.overall!.quartile), [1, 1, 2, 3, 4]);
    assert.deepEqual(positions.get('la0')!.position.region!.overall, { quartile: 1, among: 5 });
  });

  test('refuses contributions for another framework version or period', () => {
    assert.throws(() => publish([held('x', contribution('london', [5, 5, 5, 5], { frameworkVersion: '2.0.0' }))]), /not this publication/);
  });

  test('random contributions: no small group published, no small cell shown or derivable by subtraction', () => {
    const laArb = fc.record({
      region: fc.constantFrom(...REGION_IDS.slice(0, 4)),
      counts: fc.array(fc.nat({ max: 12 }), { minLength: 4, maxLength: 4 }),
    }).filter((l) => l.counts.some((c) => c > 0));
    fc.assert(fc.property(fc.array(laArb, { minLength: 0, maxLength: 24 }), fc.constantFrom(3, 5), (rows, minContributors) => {
      const las = rows.map((r, i) => held(`la${i}`, contribution(r.region, r.counts)));
      const { benchmark } = publish(las, { minContributors });
      if (benchmark.nation.published === false) {
        assert.ok(las.length < minContributors);
        return;
      }
      assert.ok(las.length >= minContributors);
      // What an attacker knows: every published figure. Unknowns: suppressed cells and the withheld regions as one group.
      const truth = (inRegions: (r: RegionId) => boolean) => levels.map((_, i) => las.filter((l) => inRegions(l.contribution.region)).reduce((a, l) => a + (l.contribution.overall[levels[i]!] ?? 0), 0));
      const publishedRegions = REGION_IDS.filter((r) => benchmark.regions[r].published);
      const withheldLAs = las.filter((l) => !publishedRegions.includes(l.contribution.region)).length;
      assert.ok(withheldLAs === 0 || withheldLAs >= minContributors, `the withheld regions together have ${withheldLAs} LAs`);
      for (const r of publishedRegions) assert.ok(las.filter((l) => l.contribution.region === r).length >= minContributors);
      type Row = { truth: number[]; known: (number | null)[]; total: number | null };
      const rowFrom = (d: PublishedDistribution, t: number[]): Row => {
        const p = published(d);
        return { truth: t, total: p.plans, known: levels.map((g) => {
          const cell = p.cells[g]!;
          if (!cell.suppressed) assert.ok(cell.count >= 5, `a published cell has ${cell.count} plans`);
          return cell.suppressed ? null : cell.count;
        }) };
      };
      const interior: Row[] = publishedRegions.map((r) => rowFrom((benchmark.regions[r] as { overall: PublishedDistribution }).overall, truth((x) => x === r)));
      const england = rowFrom(benchmark.nation.overall, truth(() => true));
      if (withheldLAs > 0) {
        const t = truth((x) => !publishedRegions.includes(x));
        interior.push({ truth: t, known: levels.map(() => null), total: england.total! - interior.reduce((a, r) => a + r.total!, 0) });
      }
      // Solve every line (row = its total; column = England's cell) with exactly one unknown, until nothing changes.
      let changed = true;
      while (changed) {
        changed = false;
        for (const row of [...interior, england]) {
          const unknown = row.known.flatMap((v, i) => (v === null ? [i] : []));
          if (unknown.length === 1) { row.known[unknown[0]!] = row.total! - row.known.reduce<number>((a, v) => a + (v ?? 0), 0); changed = true; }
        }
        levels.forEach((_, i) => {
          const cells = [...interior.map((r) => r.known[i]), england.known[i]];
          const unknown = cells.flatMap((v, k) => (v === null ? [k] : []));
          if (unknown.length !== 1) return;
          const k = unknown[0]!;
          const interiorSum = interior.reduce((a, r, j) => a + (j === k ? 0 : r.known[i]!), 0);
          if (k === interior.length) england.known[i] = interiorSum;
          else interior[k]!.known[i] = england.known[i]! - interiorSum;
          changed = true;
        });
      }
      for (const row of [...interior, england]) row.known.forEach((v, i) => {
        if (v === null) return;
        assert.equal(v, row.truth[i], 'a derived figure is wrong: the published figures are inconsistent');
        assert.ok(v >= 5, `a cell of ${v} plans can be worked out by subtraction`);
      });
    }), { numRuns: 400 });
  });
});
