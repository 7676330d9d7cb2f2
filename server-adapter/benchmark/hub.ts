/**
 * The hub's records, kept in the adapter's record store (so every storage backend,
 * SQLite, memory or a vendor's own, holds them without extra code):
 *
 * - `benchmark-contributions`: one per LA, framework version and period; a
 *   resubmission replaces it. Filed under the operator's tenant, never readable by an LA.
 * - `benchmark-publications`: one per framework version and period, final once made,
 *   with every LA's quartiles kept beside the public figures.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Framework } from '../../criteria/schema.js';
import type { QaStorage, StoredRecord } from '../storage/types.js';
import { QaProblem } from '../problem.js';
import { canonicalJson } from './canonical-json.js';
import { periodKey, type BenchmarkContribution, type BenchmarkPeriod, type PublishedBenchmark } from './model.js';
import type { BenchmarkHubOptions } from './options.js';
import { benchmarkFor, publishBenchmark, resolvePublicationRules, type LaPosition } from './publication.js';
import { signDocument, type SignedDocument } from './signing.js';

export const CONTRIBUTIONS = 'benchmark-contributions';
export const PUBLICATIONS = 'benchmark-publications';

export interface ContributionRecord {
  la: string;
  frameworkId: string;
  frameworkVersion: string;
  periodKey: string;
  /** SHA-256 of the contribution's canonical JSON: an identical resubmission changes nothing. */
  digest: string;
  contribution: BenchmarkContribution;
  receivedAt: string;
}

export interface PublicationRecord {
  frameworkId: string;
  frameworkVersion: string;
  periodKey: string;
  benchmark: PublishedBenchmark;
  positions: Record<string, LaPosition>;
}

/** A record id from parts that may hold any characters (LA ids at the hub are the host's). */
export const recordId = (...parts: string[]) => createHash('sha256').update(JSON.stringify(parts)).digest('base64url');

/** Every record of a collection matching `where`, all pages. */
export async function allRecords<T>(storage: QaStorage, tenant: string, collection: string, where: Record<string, string>): Promise<StoredRecord<T>[]> {
  const out: StoredRecord<T>[] = [];
  let cursor: string | undefined;
  do {
    const page = await storage.listRecords<T>(tenant, collection, { where, limit: 100, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

export type SubmitOutcome = { outcome: 'created' | 'replaced' | 'unchanged'; receivedAt: string } | { outcome: 'closed'; publishedAt: string };

/** Files an LA's contribution; replaces its earlier one for the same version and period; refuses changes after publication. */
export async function storeContribution(storage: QaStorage, hub: BenchmarkHubOptions, la: string, contribution: BenchmarkContribution, now = new Date()): Promise<SubmitOutcome> {
  const key = periodKey(contribution.period);
  const id = recordId(la, contribution.frameworkId, contribution.frameworkVersion, key);
  const digest = createHash('sha256').update(canonicalJson(contribution)).digest('hex');
  const existing = await storage.getRecord<ContributionRecord>(hub.operatorTenant, CONTRIBUTIONS, id);
  if (existing && existing.data.digest === digest) return { outcome: 'unchanged', receivedAt: existing.data.receivedAt };
  const publication = await getPublication(storage, hub, contribution.frameworkId, contribution.frameworkVersion, key);
  if (publication) return { outcome: 'closed', publishedAt: publication.benchmark.publishedAt };
  const record: ContributionRecord = {
    la, frameworkId: contribution.frameworkId, frameworkVersion: contribution.frameworkVersion, periodKey: key, digest, contribution, receivedAt: now.toISOString(),
  };
  const written = await storage.putRecord(hub.operatorTenant, CONTRIBUTIONS, id, record, { expectedVersion: existing ? existing.version : null });
  if (!written.ok) throw new QaProblem(409, { detail: 'Another submission for this LA and period arrived at the same moment; send it again.' });
  return { outcome: existing ? 'replaced' : 'created', receivedAt: record.receivedAt };
}

export async function getPublication(storage: QaStorage, hub: BenchmarkHubOptions, frameworkId: string, frameworkVersion: string, key: string): Promise<PublicationRecord | null> {
  const record = await storage.getRecord<PublicationRecord>(hub.operatorTenant, PUBLICATIONS, recordId(frameworkId, frameworkVersion, key));
  return record?.data ?? null;
}

/** The framework versions with a publication for this framework id (and period, when given). */
export async function publishedVersions(storage: QaStorage, hub: BenchmarkHubOptions, frameworkId: string, key?: string): Promise<{ frameworkVersion: string; period: BenchmarkPeriod }[]> {
  const records = await allRecords<PublicationRecord>(storage, hub.operatorTenant, PUBLICATIONS, { frameworkId, ...(key ? { periodKey: key } : {}) });
  return records.map((r) => ({ frameworkVersion: r.data.frameworkVersion, period: r.data.benchmark.period }));
}

export type PublishOutcome =
  | { outcome: 'published'; record: PublicationRecord }
  | { outcome: 'already-published'; record: PublicationRecord }
  | { outcome: 'too-few'; contributors: number; needed: number };

/**
 * Publishes the benchmark of one framework version and period from the
 * contributions held. A publication is final: publishing twice would let anyone
 * work out a late LA's figures from the difference between the two editions.
 */
export async function publish(storage: QaStorage, hub: BenchmarkHubOptions, framework: Framework, period: BenchmarkPeriod, now = new Date()): Promise<PublishOutcome> {
  const key = periodKey(period);
  const existing = await getPublication(storage, hub, framework.id, framework.version, key);
  if (existing) return { outcome: 'already-published', record: existing };
  const held = await allRecords<ContributionRecord>(storage, hub.operatorTenant, CONTRIBUTIONS, { frameworkId: framework.id, frameworkVersion: framework.version, periodKey: key });
  const rules = resolvePublicationRules(hub.rules);
  // Publishing would show nothing at all, and close the period: wait for more LAs.
  if (held.length < rules.minContributors) return { outcome: 'too-few', contributors: held.length, needed: rules.minContributors };
  const { benchmark, positions } = publishBenchmark({
    hubId: hub.hubId,
    publicationId: randomUUID(),
    publishedAt: now.toISOString(),
    sampleData: hub.sampleData ?? false,
    framework,
    period,
    contributions: held.map((r) => ({ la: r.data.la, contribution: r.data.contribution })),
    rules,
  });
  const record: PublicationRecord = { frameworkId: framework.id, frameworkVersion: framework.version, periodKey: key, benchmark, positions: Object.fromEntries(positions) };
  const written = await storage.putRecord(hub.operatorTenant, PUBLICATIONS, recordId(framework.id, framework.version, key), record, { expectedVersion: null });
  if (!written.ok) {
    const again = await getPublication(storage, hub, framework.id, framework.version, key);
    if (again) return { outcome: 'already-published', record: again };
    throw new Error('the publication could not be stored');
  }
  return { outcome: 'published', record };
}

/** The signed copy of a publication for one LA (with its quartiles), or the public copy when `la` is null. */
export function signedCopy(hub: BenchmarkHubOptions, record: PublicationRecord, la: string | null): SignedDocument<PublishedBenchmark> {
  const benchmark = la === null ? record.benchmark : benchmarkFor(record.benchmark, la, new Map(Object.entries(record.positions)).get(la));
  return signDocument(benchmark, hub.signing);
}
