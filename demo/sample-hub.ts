/**
 * SAMPLE DATA. A benchmark hub for the demo, seeded with 50 fictional local
 * authorities spread over the nine English regions. None of these LAs exists and
 * none of the figures describes a real council: they are drawn from a seeded random
 * source around plausible national shares, so the benchmark chart has something to
 * compare with. Every publication is marked `sampleData`, and the chart says so.
 *
 * The demo LA takes part exactly as a real one would: its contribution is built
 * from its own audits and sent through its adapter's `sendBenchmarkContribution`,
 * which calls the hub's `submitBenchmarkContribution`; the hub then publishes and
 * the LA fetches and verifies the signed result.
 *
 * Hook it in with one line where the demo builds its adapter options:
 *
 *   const options = await withSampleBenchmarking({ storage, auth, frameworks }, { tenant: DEMO_TENANT });
 */
import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { overallGrade } from '../criteria/grading.js';
import { NOT_APPLICABLE, type Framework } from '../criteria/schema.js';
import { builtInFrameworks } from '../criteria/frameworks/index.js';
import {
  createBenchmarkHub, createMemoryStorage, createQaApp, generateHubKeyPair, jwtAuth, parsePeriod, periodFromDates, signQaToken,
  type BenchmarkContribution, type BenchmarkLaOptions, type BenchmarkPeriod, type QaAppOptions, type QaStorage, type RegionId,
} from 'ehcp-qa/server';
import { mulberry32 } from '../server-adapter/moderation/sampling.js';

/** Picks a key by weight. */
function weighted(random: () => number, weights: Readonly<Record<string, number>>): string {
  const entries = Object.entries(weights);
  let roll = random() * entries.reduce((sum, [, w]) => sum + w, 0);
  for (const [key, w] of entries) if ((roll -= w) < 0) return key;
  return entries.at(-1)![0];
}

/** 50 fictional LAs (invented place names) and their regions. The demo LA is a 51st, in the North West. */
export const SAMPLE_LAS: readonly { id: string; name: string; region: RegionId }[] = [
  ...['Ashcombe', 'Brindlemoor', 'Carrowdale', 'Dunhollow', 'Eskerby', 'Fellbridge', 'Greyhaven', 'Harrowfield'].map((n) => ({ n, region: 'north-west' as const })),
  ...['Ironbury', 'Jarrowmere', 'Kestlebank'].map((n) => ({ n, region: 'north-east' as const })),
  ...['Lindenholt', 'Marrowgate', 'Netherby Vale', 'Oakensett', 'Pellingham', 'Quarrydon'].map((n) => ({ n, region: 'yorkshire-and-the-humber' as const })),
  ...['Rushmere', 'Saltfleet', 'Thornbury Cross', 'Upwold', 'Vennington'].map((n) => ({ n, region: 'east-midlands' as const })),
  ...['Wexley', 'Yarrowby', 'Amblefort', 'Bexmoor', 'Coldharbour Heath', 'Dapplewick'].map((n) => ({ n, region: 'west-midlands' as const })),
  ...['Elmstead Marsh', 'Fenwick St Mary', 'Gorseby', 'Hollesford', 'Ickworth Fen'].map((n) => ({ n, region: 'east-of-england' as const })),
  ...['Juniper Vale', 'Kingsmere', 'Larkhill Park', 'Millbrook Green', 'Northolt Reach', 'Orchard Row', 'Parrish Wharf', 'Queensgate Fields', 'Riverside Cross'].map((n) => ({ n, region: 'london' as const })),
  ...['Southcombe', 'Tidemarsh', 'Ulverdown', 'Westerleigh', 'Yeomancourt'].map((n) => ({ n, region: 'south-east' as const })),
  ...['Zennor Bay', 'Axebridge', 'Blackdown Vale'].map((n) => ({ n, region: 'south-west' as const })),
].map(({ n, region }) => ({ id: `sample-${n.toLowerCase().replace(/[^a-z]+/g, '-')}`, name: `${n} (fictional)`, region }));

/**
 * The periods the demo benchmarks: the dates of each of the demo LA's audit cycles
 * (as if the network agreed its terms) and the four quarters of each year they touch.
 */
export async function samplePeriods(storage: QaStorage, tenant: string): Promise<BenchmarkPeriod[]> {
  const cycles = await storage.listCycles(tenant);
  const years = [...new Set(cycles.flatMap((c) => [c.startDate.slice(0, 4), c.endDate.slice(0, 4)]))].sort();
  return [...cycles.map((c) => periodFromDates(c.startDate, c.endDate)), ...years.flatMap((y) => [1, 2, 3, 4].map((q) => parsePeriod(`${y}-Q${q}`)))];
}

const NA_RATE: Record<string, number> = { C: 0.12, D: 0.3, G: 0.18, H1: 0.45, H2: 0.35, I: 0.03, J: 0.7 };
const DIFFICULTY: Record<string, number> = { A: 0.06, B: 0, C: 0.02, D: -0.04, E: -0.14, F: -0.1, G: -0.03, H1: -0.05, H2: -0.05, I: 0.15, J: 0.05, K: 0.1 };

/** Section grades (best first: outstanding, good, requires improvement, inadequate) likely for a plan of each overall quality. */
const SECTION_GRADES_FOR: Record<number, readonly number[]> = {
  0: [0.7, 0.3, 0, 0],
  1: [0.1, 0.78, 0.12, 0],
  2: [0.05, 0.35, 0.48, 0.12],
  3: [0, 0.12, 0.38, 0.5],
};

/**
 * One fictional LA's counts for a period, plan by plan: each plan gets an overall
 * quality from the LA's own mix (around the national shares of recent years), its
 * sections follow that quality with some spread (outcomes and provision a little
 * weaker), and the overall grade is computed from the sections by the framework's
 * own rule, so the counts agree with each other as real audits would.
 */
export function sampleContribution(framework: Framework, la: { region: RegionId }, period: BenchmarkPeriod, random: () => number, quality: number): BenchmarkContribution {
  const plans = 15 + Math.floor(random() * 70);
  const levels = framework.scale.levels.map((l) => l.id);
  const overall: Record<string, number> = Object.fromEntries(levels.map((l) => [l, 0]));
  const sections: Record<string, Record<string, number>> = {};
  for (const s of framework.sections) sections[s.id] = Object.fromEntries([...levels, ...(s.notApplicableWhen ? [NOT_APPLICABLE] : [])].map((g) => [g, 0]));
  const planMix = { 0: 0.03, 1: 0.85 * quality, 2: 0.97 - 0.85 * quality - 0.3 * (1 - quality), 3: 0.3 * (1 - quality) };
  for (let p = 0; p < plans; p++) {
    const target = Number(weighted(random, planMix));
    const grades: Record<string, string> = {};
    for (const s of framework.sections) {
      if (s.notApplicableWhen && random() < (NA_RATE[s.id] ?? 0)) {
        grades[s.id] = NOT_APPLICABLE;
      } else {
        let index = Number(weighted(random, Object.fromEntries(SECTION_GRADES_FOR[target]!.map((w, i) => [i, w]))));
        const difficulty = DIFFICULTY[s.id] ?? 0;
        if (random() < Math.abs(difficulty) * 1.5) index = Math.min(levels.length - 1, Math.max(0, index + (difficulty < 0 ? 1 : -1)));
        grades[s.id] = levels[Math.min(index, levels.length - 1)]!;
      }
      sections[s.id]![grades[s.id]!]!++;
    }
    const grade = overallGrade(framework, grades).grade;
    if (grade) overall[grade]!++;
  }
  return { format: 'ehcp-qa/benchmark-contribution', frameworkId: framework.id, frameworkVersion: framework.version, period, region: la.region, plansAudited: plans, overall, sections };
}

export interface SampleHub {
  /** The hub, mounted at `/qa` of this Hono app (serve it to look at it; the demo LA reaches it in process). */
  app: Hono;
  /** The `benchmark` option for an LA of the demo (its id at the hub and its region). */
  laOptions(laId: string, region: RegionId): BenchmarkLaOptions;
  /** Publishes every sample period (after the demo LA has contributed). */
  publishAll(): Promise<void>;
}

/**
 * Starts the sample hub in memory and submits the 50 fictional LAs' contributions
 * for each period through its API.
 */
export async function createSampleHub(options: { frameworks?: readonly Framework[]; periods: BenchmarkPeriod[]; seed?: number }): Promise<SampleHub> {
  const frameworks = options.frameworks ?? builtInFrameworks;
  const framework = frameworks.find((f) => f.id === 'ehcp-plan') ?? frameworks[0]!;
  const periods = options.periods;
  const secret = randomBytes(32).toString('hex'); // a throwaway token secret, new on every start
  const keys = generateHubKeyPair();
  const app = new Hono().route('/qa', createBenchmarkHub({
    storage: createMemoryStorage(), auth: jwtAuth({ secret }), frameworks,
    hub: { hubId: 'sample-hub (fictional LAs)', operatorTenant: 'sample-hub-operators', signing: { algorithm: 'ed25519', privateKey: keys.privateKey, keyId: 'sample' }, sampleData: true },
  }));
  const token = (tenant: string, roles: ('benchmark-contributor' | 'admin')[]) => signQaToken({ sub: `${tenant}-service`, tenant, roles }, secret);
  const call = async (tenant: string, roles: ('benchmark-contributor' | 'admin')[], path: string, body: unknown) => {
    const res = await app.request(`/qa${path}`, { method: 'POST', headers: { authorization: `Bearer ${await token(tenant, roles)}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok && res.status !== 409) throw new Error(`sample hub ${path}: ${res.status} ${await res.text()}`);
  };
  const random = mulberry32(options.seed ?? 2026);
  const quality = new Map(SAMPLE_LAS.map((la) => [la.id, 0.35 + random() * 0.35]));
  for (const [pi, period] of periods.entries()) {
    for (const la of SAMPLE_LAS) {
      // LAs improve a little over the year.
      await call(la.id, ['benchmark-contributor'], '/hub/contributions', sampleContribution(framework, la, period, random, quality.get(la.id)! + pi * 0.01));
    }
  }
  return {
    app,
    laOptions: (laId, region) => ({
      region,
      hubUrl: 'http://sample-hub.invalid/qa',
      hubPublicKey: keys.publicKey,
      hubLaId: laId,
      contributorToken: () => token(laId, ['benchmark-contributor']),
      fetch: (input, init) => Promise.resolve(app.request(String(input), init)),
    }),
    async publishAll() {
      for (const period of periods) {
        await call('sample-hub-operators', ['admin'], '/hub/publications', { frameworkId: framework.id, frameworkVersion: framework.version, period: `${period.start}..${period.end}` });
      }
    },
  };
}

/**
 * The one-line hook for the demo: returns the adapter options with `benchmark` set
 * to a sample hub, after sending the demo LA's contributions through its own
 * adapter and publishing. Call it once the demo's audits are seeded.
 */
export async function withSampleBenchmarking<T extends QaAppOptions>(options: T, demo: { tenant: string; region?: RegionId }): Promise<T> {
  const periods = await samplePeriods(options.storage, demo.tenant);
  const hub = await createSampleHub({ periods, ...(options.frameworks ? { frameworks: options.frameworks } : {}) });
  const region = demo.region ?? 'north-west';
  const withBenchmark = { ...options, benchmark: hub.laOptions(demo.tenant, region) };
  // The demo LA's own adapter builds and sends its contribution (as a manager of the demo LA would).
  const la = createQaApp({ ...withBenchmark, auth: async () => ({ id: 'sample-benchmark-setup', tenant: demo.tenant, roles: ['manager'] }), logger: { error() {} } });
  for (const period of periods) {
    const res = await la.request('/benchmark/contribution/send', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ period: `${period.start}..${period.end}` }) });
    // 404: the demo LA has no completed audits in that period, so it has nothing to send.
    if (!res.ok && res.status !== 404) throw new Error(`sending the demo LA's benchmark contribution for ${period.label}: ${res.status} ${await res.text()}`);
  }
  await hub.publishAll();
  return withBenchmark;
}
