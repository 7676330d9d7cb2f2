/**
 * Options for benchmarking, added to `createQaApp`'s options:
 *
 * - `benchmark`: the LA side (its region, where its hub is, the hub's key).
 * - `hub`: hub mode (the hub's id, the operator's tenant, the signing key, the rules).
 *
 * An adapter can be both: a regional network may run its hub inside one LA's install.
 */
import type { KeyObject } from 'node:crypto';
import { QaProblem } from '../problem.js';
import { resolvePublicationRules, type PublicationRules } from './publication.js';
import type { RegionId } from './model.js';
import type { BenchmarkSigningKey, BenchmarkVerificationKey } from './signing.js';

/** A value fixed for the adapter, or chosen per tenant (for a host serving several LAs). */
export type PerTenant<T> = T | ((tenant: string) => T);

export interface BenchmarkLaOptions {
  /** The LA's region (one of the nine English regions). */
  region: PerTenant<RegionId>;
  /** The hub's base URL (where its adapter is mounted), e.g. `https://hub.example/qa`. Absent: files only. */
  hubUrl?: string;
  /** The bearer token the hub issued to this LA (role `benchmark-contributor`). */
  contributorToken?: PerTenant<string | Promise<string>>;
  /** The hub's Ed25519 public key (PEM or KeyObject). Give this or `hubHmacSecret`. */
  hubPublicKey?: KeyObject | string;
  /** The secret shared with the hub, when it signs with HMAC-SHA256. */
  hubHmacSecret?: string;
  /** This LA's id at the hub (the `tenant` of its contributor token). Default: its tenant here. */
  hubLaId?: PerTenant<string>;
  /** A `fetch` to reach the hub with (tests, proxies). Default: the global one. */
  fetch?: typeof fetch;
  /** The hub's name as users know it, used in error messages (never its address). Default: "the benchmark hub". */
  hubName?: string;
}

export interface BenchmarkHubOptions {
  /** A stable name for the hub, carried in every publication (e.g. `north-west-send-network`). */
  hubId: string;
  /** The tenant of the hub's operators: only its `admin` users list contributions and publish. */
  operatorTenant: string;
  /** How publications are signed. */
  signing: BenchmarkSigningKey;
  /** Thresholds; default 5 LAs and 5 plans per cell. `minContributors` is never below 3. */
  rules?: Partial<PublicationRules>;
  /** Marks every publication as sample data (a demo or training hub). */
  sampleData?: boolean;
  /** Fixes each LA's region (by its id at the hub); a contribution that claims another region is refused. */
  laRegions?: Readonly<Record<string, RegionId>>;
}

declare module '../operation.js' {
  interface QaAppOptions {
    /** Benchmarking, LA side: see docs/benchmarking.md. */
    benchmark?: BenchmarkLaOptions;
    /** Hub mode: receive contributions and publish benchmarks. See docs/benchmarking.md. */
    hub?: BenchmarkHubOptions;
  }
}

export const perTenant = <T>(value: PerTenant<T>, tenant: string): T =>
  typeof value === 'function' ? (value as (tenant: string) => T)(tenant) : value;

/** The LA options, or a 501 saying how to switch benchmarking on. */
export function laOptionsOf(options: { benchmark?: BenchmarkLaOptions }): BenchmarkLaOptions {
  if (!options.benchmark) {
    throw new QaProblem(501, { detail: 'Benchmarking is not set up on this adapter: pass `benchmark: { region, hubPublicKey, … }` to createQaApp (see docs/benchmarking.md).' });
  }
  return options.benchmark;
}

/** The key an LA checks publications with, or a 501 when none is configured. */
export function verificationKeyOf(options: BenchmarkLaOptions): BenchmarkVerificationKey {
  if (options.hubPublicKey) return { algorithm: 'ed25519', publicKey: options.hubPublicKey };
  if (options.hubHmacSecret) return { algorithm: 'hmac-sha256', secret: options.hubHmacSecret };
  throw new QaProblem(501, { detail: "No hub key is configured: set `benchmark.hubPublicKey` (the hub's Ed25519 public key) or `benchmark.hubHmacSecret`." });
}

/** The hub options, or a 404 (an adapter that is not a hub has no hub routes, as far as callers can tell). */
export function hubOptionsOf(options: { hub?: BenchmarkHubOptions }): BenchmarkHubOptions {
  if (!options.hub) throw new QaProblem(404, { detail: 'This adapter is not a benchmark hub.' });
  return options.hub;
}

/**
 * Checks hub options when an adapter starts, so a hub with unsafe rules (for
 * example `minContributors` below 3) never starts, rather than failing at its
 * first publication. `createQaApp` and `createBenchmarkHub` both call it.
 *
 * @throws PublicationRulesError for unsafe rules; Error for an empty hub id or operator tenant
 */
export function assertHubOptions(hub: BenchmarkHubOptions): void {
  resolvePublicationRules(hub.rules);
  if (!hub.hubId?.trim() || !hub.operatorTenant?.trim()) throw new Error('hub.hubId and hub.operatorTenant must not be empty');
}
