/**
 * The adapter's per-process read cache of audits (docs/storage.md, "The read cache").
 *
 * `getAudit` is the request the audit screen makes most, and the audit it reads
 * changes only when someone saves it through the adapter. So the adapter keeps
 * each audit it has read or written, keyed by tenant and id, with its version, and
 * serves later reads from memory. It is a cache of the STORAGE's answer only:
 * every request still runs the sign-in, the role, ownership and tenancy checks and
 * the moderation blindness rule on the cached audit, exactly as on a fresh one.
 *
 * Correct only while every write to the database goes through this adapter in this
 * process (the storage's `ownsWrites`): a write made by another process, or
 * straight into the database, is not seen until the entry is evicted. So it is on
 * by default only when the storage says `ownsWrites: true`.
 *
 * - Every write through the adapter's storage drops or replaces the entries it
 *   touches when it completes (an update stores the new version it wrote); a read
 *   that was in flight while the write completed is not kept.
 * - Cached audits are frozen: code that reads one through `deps.storage` must copy
 *   before changing it (the routes build each new version as a new object).
 * - Bounded: at most `maxEntries` audits and about `maxBytes` of memory (estimated
 *   from each audit's JSON); the least recently used go first.
 */
import { sameJson } from './storage/copy.js';
import type { Audit, AuditFilter, Page, PageRequest, QaStorage, WriteBatch } from './storage/types.js';

export interface ReadCacheOptions {
  /** Most audits kept. Default 10,000. */
  maxEntries?: number;
  /** About how much memory the kept audits may take, in bytes (estimated from their JSON). Default 64 MB. */
  maxBytes?: number;
}

export const READ_CACHE_DEFAULTS = { maxEntries: 10_000, maxBytes: 64 * 1024 * 1024 } as const;

/**
 * Estimated bytes per entry: the JSON text kept for answers, twice (in pieces, and joined once the audit is read
 * again), the frozen object (about 3× its JSON), and the key.
 */
const bytesOf = (jsonLength: number, key: string) => jsonLength * 5 + key.length * 2 + 200;

interface Entry {
  version: number;
  audit: Audit;
  /**
   * `JSON.stringify(audit)` in pieces, joined for each answer: the body of a getAudit answer for an audit with
   * nothing added. Kept in pieces so that a save keeps the unchanged sections' texts, the very strings of the
   * version before: a save then leaves only its changed section's text and a few small pieces to outlive it,
   * not a whole new copy of the audit's JSON for the garbage collector to move on and promote.
   */
  parts: readonly string[];
  /**
   * The pieces joined, kept from the second answer on: the first answer (a save's, or the read that loaded it)
   * joins them and lets the text go, so a save leaves nothing so large behind; an audit read again answers
   * without joining.
   */
  joined: string | undefined;
  answered: boolean;
  /** Characters in the joined text. */
  length: number;
  /** Which of `parts` is each field's and each section's text, when it was written field by field. */
  layout: Layout | undefined;
  bytes: number;
}

/**
 * The audit's fields and section ids in its order, and the index in `parts` of each one's text (`fieldAt[i]` for
 * `fields[i]`, `sectionAt[i]` for `sections[i]`): compact, as every kept audit has one. A save whose audit has the
 * same fields and sections as the kept one shares its two lists.
 */
interface Layout {
  fields: readonly string[];
  fieldAt: Uint16Array;
  sections: readonly string[];
  sectionAt: Uint16Array;
}

/** What a write kept from the version it was made from (see {@link AuditReadCache.wrote}). */
interface Reuse {
  kept: Entry;
  changed: ReadonlySet<string>;
}

interface Pending {
  promise: Promise<Audit | null>;
  /** Cleared when a write touching this audit completes while the read is in flight. */
  valid: boolean;
}

export class AuditReadCache {
  readonly maxEntries: number;
  readonly maxBytes: number;
  /** Least recently used first (Map keeps insertion order; a hit moves the entry to the end). */
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Pending>();
  private bytes = 0;
  /** Counters, for tests and diagnostics. */
  readonly stats = { hits: 0, misses: 0, evictions: 0 };

  constructor(options: ReadCacheOptions = {}) {
    this.maxEntries = Math.floor(options.maxEntries ?? READ_CACHE_DEFAULTS.maxEntries);
    this.maxBytes = Math.floor(options.maxBytes ?? READ_CACHE_DEFAULTS.maxBytes);
    if (!(this.maxEntries >= 1) || !(this.maxBytes >= 1)) throw new Error('readCache: maxEntries and maxBytes must be at least 1');
  }

  /** Audits kept, and their estimated bytes. */
  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  /** The kept entry, marking it recently used. */
  peek(tenant: string, auditId: string): Readonly<Entry> | undefined {
    const key = keyOf(tenant, auditId);
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  /** The audit from memory, or read once through `load` (concurrent misses share one read). */
  async get(tenant: string, auditId: string, load: () => Promise<Audit | null>): Promise<Audit | null> {
    const hit = this.peek(tenant, auditId);
    if (hit) {
      this.stats.hits++;
      return hit.audit;
    }
    this.stats.misses++;
    const key = keyOf(tenant, auditId);
    const inFlight = this.pending.get(key);
    if (inFlight) return inFlight.promise;
    const pending: Pending = { valid: true, promise: Promise.resolve() as unknown as Promise<Audit | null> };
    pending.promise = (async () => {
      try {
        const audit = await load();
        if (!audit || !pending.valid) return audit;
        return this.put(key, audit);
      } finally {
        if (this.pending.get(key) === pending) this.pending.delete(key);
      }
    })();
    this.pending.set(key, pending);
    return pending.promise;
  }

  /**
   * After a write that stored `audit` (its new version, as the storage returned it): keeps it, frozen,
   * unless a newer version is already kept, and returns what the caller should answer with (the kept
   * audit, whose JSON is then kept for {@link jsonOf}; or `audit` itself when a newer version is kept).
   * A storage returns copies that it does not keep (the conformance suite checks it), so the cache
   * takes that object over instead of making a copy of its own.
   */
  wrote(tenant: string, audit: Audit, from?: { expectedVersion: number; changedSections?: readonly string[] }): Audit {
    const key = keyOf(tenant, audit.id);
    this.invalidatePending(key);
    const kept = this.entries.get(key);
    if (kept && kept.version > audit.version) return audit;
    // The write's promise (WriteBatch.changedSections): every other section is as in the version it was
    // made from. When that version is the one kept, its sections (frozen, their text written) are reused.
    const reuse = from?.changedSections && kept?.layout && kept.version === from.expectedVersion
      ? { kept, changed: new Set(from.changedSections) }
      : undefined;
    return this.put(key, withSortedSections(audit), reuse);
  }

  /**
   * The JSON text of `audit` when it is the very object this cache keeps (so every check a route made
   * on it holds for the text), without marking it used; otherwise undefined.
   */
  jsonOf(tenant: string, audit: Audit): string | undefined {
    const entry = this.entries.get(keyOf(tenant, audit.id));
    if (entry?.audit !== audit) return undefined;
    if (entry.joined !== undefined) return entry.joined;
    const text = entry.parts.join('');
    if (entry.answered) entry.joined = text;
    entry.answered = true;
    return text;
  }

  /** After a write that changed or removed the audit in a way not described by a new version. */
  drop(tenant: string, auditId: string): void {
    const key = keyOf(tenant, auditId);
    this.invalidatePending(key);
    this.remove(key);
  }

  /** Forgets everything (a write whose effect on audits is unknown). */
  clear(): void {
    for (const pending of this.pending.values()) pending.valid = false;
    this.pending.clear();
    this.entries.clear();
    this.bytes = 0;
  }

  private invalidatePending(key: string): void {
    const pending = this.pending.get(key);
    if (pending) {
      pending.valid = false;
      this.pending.delete(key);
    }
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }

  /** Freezes `audit` (from the storage, which keeps no reference to it), keeps it with its JSON text, and returns it. */
  private put(key: string, audit: Audit, reuse?: Reuse): Audit {
    let kept = audit;
    if (reuse) {
      const sections: Audit['sections'] = {};
      for (const id of Object.keys(audit.sections)) sections[id] = (reuse.changed.has(id) ? undefined : reuse.kept.audit.sections[id]) ?? audit.sections[id]!;
      // The other fields that are objects (the plan, its facts, reopenings…) are new copies from the storage:
      // where one is the same data as the kept version's, the kept (frozen) one is kept instead, with its text.
      const fields: Record<string, unknown> = { ...audit, sections };
      const before = reuse.kept.audit as unknown as Record<string, unknown>;
      for (const field of Object.keys(fields)) {
        const value = fields[field];
        const old = before[field];
        if (field !== 'sections' && value !== old && typeof value === 'object' && value !== null && typeof old === 'object' && old !== null && sameJson(old, value)) fields[field] = old;
      }
      kept = fields as unknown as Audit;
    }
    const frozen = deepFreeze(kept);
    // The text is of the audit as kept, so an answer from it equals one from the object.
    const { parts, length, layout } = auditJson(frozen, reuse);
    const bytes = bytesOf(length, key) + 8 * parts.length + (layout ? 200 + layout.fieldAt.byteLength + layout.sectionAt.byteLength : 0);
    this.remove(key);
    if (bytes > this.maxBytes) return frozen; // larger than the whole cache: served, not kept
    this.entries.set(key, { version: audit.version, audit: frozen, parts, joined: undefined, answered: false, length, layout, bytes });
    this.bytes += bytes;
    while (this.entries.size > this.maxEntries || this.bytes > this.maxBytes) {
      const oldest = this.entries.keys().next().value!;
      this.remove(oldest);
      this.stats.evictions++;
    }
    return frozen;
  }
}

/** A plain object of Object's own prototype with no toJSON: JSON.stringify writes its fields and nothing else. */
function plainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}

/** The JSON of an audit as one piece (nothing can be reused from it). */
function whole(audit: Audit): { parts: readonly string[]; length: number; layout: undefined } {
  const json = JSON.stringify(audit);
  return { parts: [json], length: json.length, layout: undefined };
}

/** `list`, or `kept` when that holds the same strings in the same order (so an entry shares it instead of keeping a copy). */
function sameList(list: string[], kept: readonly string[] | undefined): readonly string[] {
  if (!kept || kept.length !== list.length) return list;
  for (let i = 0; i < list.length; i++) if (list[i] !== kept[i]) return list;
  return kept;
}

/** The kept text of `name` in `names` (at the same place, or found), or undefined. */
function keptText(parts: readonly string[], names: readonly string[], at: Uint16Array, name: string, place: number): string | undefined {
  const i = names[place] === name ? place : names.indexOf(name);
  return i >= 0 ? parts[at[i]!] : undefined;
}

/**
 * `JSON.stringify(audit)` in pieces (joined, exactly that text), written field by field so that each field's
 * and each section's text is a piece of its own. A field or section that is the very value of the kept version
 * (see {@link AuditReadCache.wrote}) is not written again: its text is the kept string itself (on a save, that
 * is every section but one and most fields). Anything not plain data is written by JSON.stringify whole.
 */
function auditJson(audit: Audit, reuse?: Reuse): { parts: readonly string[]; length: number; layout: Layout | undefined } {
  const sections = audit.sections as unknown;
  if (!plainObject(audit) || !plainObject(sections)) return whole(audit);
  const kept = reuse?.kept.layout;
  const keptAudit = reuse?.kept.audit as unknown as Record<string, unknown> | undefined;
  const keptParts = reuse?.kept.parts;
  const fields = Object.keys(audit);
  const ids = Object.keys(sections);
  const fieldAt = new Uint16Array(fields.length);
  const sectionAt = new Uint16Array(ids.length);
  const pieces: string[] = ['{'];
  let length = 1;
  const add = (piece: string) => {
    pieces.push(piece);
    length += piece.length;
  };
  for (let f = 0; f < fields.length; f++) {
    const key = fields[f]!;
    const value = (audit as unknown as Record<string, unknown>)[key];
    if (key === 'sections') {
      add(keyText(key, length > 1));
      add('{');
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i]!;
        const section = sections[id];
        if (!plainObject(section)) return whole(audit);
        const text = (kept && reuse!.kept.audit.sections[id] === section ? keptText(keptParts!, kept.sections, kept.sectionAt, id, i) : undefined) ?? JSON.stringify(section);
        add(keyText(id, i > 0));
        sectionAt[i] = pieces.length;
        add(text);
      }
      add('}');
      continue;
    }
    // A toJSON at the top is called with its key inside JSON.stringify(audit): leave such an audit to it.
    if (typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function') return whole(audit);
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue; // JSON.stringify leaves it out
    // The kept text serves only for the very same value (a primitive, or the kept frozen object).
    const text = (kept && keptAudit![key] === value && Object.hasOwn(keptAudit!, key) ? keptText(keptParts!, kept.fields, kept.fieldAt, key, f) : undefined) ?? JSON.stringify(value);
    add(keyText(key, length > 1));
    fieldAt[f] = pieces.length;
    add(text);
  }
  add('}');
  // Pieces' indexes are kept in 16 bits: an audit with so many sections (over 30,000) is kept whole.
  if (pieces.length > 0xffff) return whole(audit);
  return { parts: pieces, length, layout: { fields: sameList(fields, kept?.fields), fieldAt, sections: sameList(ids, kept?.sections), sectionAt } };
}

/** `"key":`, or `,"key":` after another field, kept: an audit's keys and section ids are few and the same from save to save. */
const keyTexts = new Map<string, string>();
const keyTextsAfter = new Map<string, string>();
function keyText(key: string, after: boolean): string {
  const texts = after ? keyTextsAfter : keyTexts;
  let text = texts.get(key);
  if (text === undefined) {
    text = `${after ? ',' : ''}${JSON.stringify(key)}:`;
    if (texts.size >= 1000) texts.clear(); // bounded, whatever keys come
    texts.set(key, text);
  }
  return text;
}

function keyOf(tenant: string, auditId: string): string {
  return `${tenant}\u0000${auditId}`;
}

/** Sections in id order, as a storage reads them back, so a written and a read audit look alike. */
function withSortedSections(audit: Audit): Audit {
  const ids = Object.keys(audit.sections);
  if (ids.every((id, i) => i === 0 || ids[i - 1]! < id)) return audit;
  return { ...audit, sections: Object.fromEntries(ids.sort().map((id) => [id, audit.sections[id]!])) };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    if (Array.isArray(value)) for (const child of value as unknown[]) deepFreeze(child);
    else for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

/**
 * Storage methods that only read. Every other method is taken for a write: when
 * it completes, the cache forgets what it may have changed (all audits, for a
 * method it does not know). A feature's read capability missing here costs only
 * cache hits, never correctness.
 */
const READS = new Set<string>([
  'getAudit', 'listAudits', 'listAuditsForReport', 'summarizeAudits', 'getCycle', 'listCycles', 'getRecord', 'listRecords', 'listAuditTrail',
  'reportAggregates', 'reportCriteriaCounts', 'reportAuditPage', 'reportMedianActiveSeconds',
  'getAdviceContributors', 'listAdviceContributors', 'listSectionWeakenings', 'listRegisteredPlans',
  'getFeedbackRequest', 'findFeedbackRequestByTokenHash', 'listFeedbackRequests', 'listFeedbackResponses',
]);
/** Writes that cannot change an audit (records, cycles, feature tables of their own). */
const WRITES_NOT_TOUCHING_AUDITS = new Set<string>([
  'createCycle', 'putRecord', 'deleteRecord', 'putAdviceContributor', 'replaceSectionWeakenings', 'registerPlans',
  'createFeedbackRequest', 'revokeFeedbackRequest', 'submitFeedback', 'eraseFeedbackOfPlan',
]);

/**
 * The storage as the adapter uses it with the cache: `getAudit` answered from
 * memory where it can be, and every write keeping the cache right.
 */
export function withReadCache<S extends QaStorage>(storage: S, cache: AuditReadCache): S {
  const wrapped: Partial<Record<string, unknown>> = {
    getAudit: (tenant: string, auditId: string) => cache.get(tenant, auditId, () => storage.getAudit(tenant, auditId)),
    /**
     * With `listAuditVersions`: the page's ids and versions from the storage, the audits from memory
     * where the kept version is the listed one, the others read (and kept) one by one. If one of
     * those reads finds another version (a write came in between), the page is read whole instead.
     */
    async listAudits(tenant: string, filter: AuditFilter, page: PageRequest): Promise<Page<Audit>> {
      if (!storage.listAuditVersions) return storage.listAudits(tenant, filter, page);
      const listed = await storage.listAuditVersions(tenant, filter, page);
      const items = await Promise.all(listed.items.map(({ id, version }) => {
        const kept = cache.peek(tenant, id);
        if (kept?.version === version) {
          cache.stats.hits++;
          return kept.audit;
        }
        return cache.get(tenant, id, () => storage.getAudit(tenant, id));
      }));
      if (items.some((audit, i) => audit?.version !== listed.items[i]!.version)) return storage.listAudits(tenant, filter, page);
      return { items: items as Audit[], nextCursor: listed.nextCursor };
    },
    async createAudit(tenant: string, audit: Audit) {
      try {
        return await storage.createAudit(tenant, audit);
      } finally {
        cache.drop(tenant, audit.id);
      }
    },
    async updateAudit(tenant: string, next: Audit, expectedVersion: number) {
      let result: Awaited<ReturnType<QaStorage['updateAudit']>>;
      try {
        result = await storage.updateAudit(tenant, next, expectedVersion);
      } catch (error) {
        cache.drop(tenant, next.id);
        throw error;
      }
      if (!result.ok) {
        cache.drop(tenant, next.id);
        return result;
      }
      return { ok: true, value: cache.wrote(tenant, result.value) };
    },
    async writeBatch(tenant: string, batch: WriteBatch) {
      let result: Awaited<ReturnType<QaStorage['writeBatch']>> | undefined;
      try {
        result = await storage.writeBatch(tenant, batch);
      } finally {
        if (!result?.ok) for (const { next } of batch.updateAudits ?? []) cache.drop(tenant, next.id);
        for (const audit of batch.createAudits ?? []) cache.drop(tenant, audit.id);
        for (const id of batch.deleteAudits ?? []) cache.drop(tenant, id);
      }
      if (!result.ok) return result;
      // The caller answers with the kept copies (frozen), whose JSON the cache already holds.
      const updates = batch.updateAudits ?? [];
      return {
        ...result,
        updatedAudits: result.updatedAudits.map((audit, i) =>
          cache.wrote(tenant, audit, updates[i]?.next.id === audit.id ? updates[i] : undefined)),
      };
    },
  };
  const methods = new Map<PropertyKey, unknown>();
  return new Proxy(storage, {
    get(target, property) {
      if (typeof property === 'string' && Object.hasOwn(wrapped, property)) return wrapped[property];
      const value: unknown = Reflect.get(target, property);
      if (typeof value !== 'function') return value;
      let method = methods.get(property);
      if (!method) {
        const fn = value as (...args: unknown[]) => unknown;
        const name = String(property);
        method = READS.has(name) || WRITES_NOT_TOUCHING_AUDITS.has(name) || name === 'close'
          ? fn.bind(target)
          : (...args: unknown[]) => {
              // Unknown to the cache: it may have changed audits, so forget them all when it settles.
              const settle = () => cache.clear();
              try {
                const out = fn.apply(target, args);
                if (out && typeof (out as Promise<unknown>).then === 'function') {
                  return (out as Promise<unknown>).finally(settle);
                }
                settle();
                return out;
              } catch (error) {
                settle();
                throw error;
              }
            };
        methods.set(property, method);
      }
      return method;
    },
  });
}

/**
 * Whole answers of a route, kept as the JSON text sent, while nothing has been written to the
 * database (docs/storage.md, "Remembered answers"). A report asked again with the same filters
 * costs the sign-in, the role and blindness checks and a lookup; any write through the storage
 * (any tenant, any table) moves its `writeGeneration` and so makes every kept answer stale.
 *
 * On only when the storage owns its writes (`ownsWrites: true`) and counts them
 * (`writeGeneration`). Keys always start with the tenant. Bounded like the read cache, in
 * entries and bytes, least recently used first; a single answer larger than a sixteenth of the
 * bound is never kept.
 */
export class RememberedAnswers {
  private readonly entries = new Map<string, { generation: number; text: string }>();
  private bytes = 0;
  readonly stats = { hits: 0, misses: 0 };

  constructor(
    private readonly generation: () => number,
    readonly maxEntries = 1000,
    readonly maxBytes = 16 * 1024 * 1024,
  ) {}

  /** The storage's write generation now: take it before the first read an answer depends on, and pass it to {@link text}. */
  now(): number {
    return this.generation();
  }

  /**
   * The text kept for `key` in `tenant` while nothing has been written since, else what `compute`
   * gives, kept when nothing was written since `since` (from {@link now}, taken before any read the
   * answer uses; default: now).
   */
  async text(tenant: string, key: string, compute: () => Promise<string>, since = this.generation()): Promise<string> {
    const full = `${tenant}\u0000${key}`;
    const kept = this.entries.get(full);
    const before = since;
    if (kept && kept.generation === before) {
      this.stats.hits++;
      this.entries.delete(full);
      this.entries.set(full, kept);
      return kept.text;
    }
    this.stats.misses++;
    this.forget(full);
    const text = await compute();
    const size = text.length * 2 + full.length * 2 + 100;
    if (this.generation() === before && size <= this.maxBytes / 16) {
      this.forget(full);
      this.entries.set(full, { generation: before, text });
      this.bytes += size;
      while (this.entries.size > this.maxEntries || this.bytes > this.maxBytes) this.forget(this.entries.keys().next().value!);
    }
    return text;
  }

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  private forget(key: string): void {
    const kept = this.entries.get(key);
    if (!kept) return;
    this.entries.delete(key);
    this.bytes -= kept.text.length * 2 + key.length * 2 + 100;
  }
}
