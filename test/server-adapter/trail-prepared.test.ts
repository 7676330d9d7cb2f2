// Trail entries prepared before a storage takes its write lock (prepareTrail) and chained inside it
// (chainPrepared, which chainEntries also uses) must be exactly the entries of the plain chain built here
// entry by entry with trailHash: same fields, same key order, same hashes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chainEntries, chainPrepared, GENESIS_HASH, prepareTrail, trailHash } from '../../server-adapter/storage/trail.js';
import type { TrailEntry, TrailInput } from '../../server-adapter/storage/types.js';

/** The chain as its definition says, one entry at a time: what the prepared path must reproduce. */
function plainChain(tenant: string, last: { seq: number; hash: string } | null, inputs: readonly TrailInput[], at: string): TrailEntry[] {
  const out: TrailEntry[] = [];
  let seq = last?.seq ?? 0;
  let prevHash = last?.hash ?? GENESIS_HASH;
  for (const input of inputs) {
    seq++;
    const entry = {
      seq, at, actor: input.actor, operation: input.operation, subjectType: input.subjectType, subjectId: input.subjectId,
      auditId: input.auditId, beforeVersion: input.beforeVersion, afterVersion: input.afterVersion, details: structuredClone(input.details), prevHash,
    };
    const hash = trailHash(tenant, entry);
    out.push({ ...entry, hash });
    prevHash = hash;
  }
  return out;
}

const at = '2026-11-27T21:00:00.000Z';
const inputs: TrailInput[] = [
  // Text that looks like the fields the hash splices in must not confuse it.
  { actor: 'u-1', operation: 'audit.section-saved', subjectType: 'audit', subjectId: 'a-1', auditId: 'a-1', beforeVersion: 1, afterVersion: 2,
    details: { sectionId: 'F', grade: 'good', note: '"seq":7,"prevHash":"00" ✓ \u0000 \u2028', met: ['F.b', 'F.a'], score: 3, flag: true, none: null } },
  { actor: 'u-2', operation: 'cycle.created', subjectType: 'cycle', subjectId: 'c-1', auditId: null, beforeVersion: null, afterVersion: null, details: {} },
  { actor: 'u-3', operation: 'audit.completed', subjectType: 'audit', subjectId: 'a-2', auditId: 'a-2', beforeVersion: 9, afterVersion: 10, details: { overall: 'outstanding' } },
];

test('chainPrepared and chainEntries give the plain chain\'s entries, after a head and from the start', () => {
  for (const last of [null, { seq: 41, hash: 'ab'.repeat(32) }]) {
    const expected = plainChain('la-x', last, inputs, at);
    assert.equal(JSON.stringify(chainEntries('la-x', last, inputs, at)), JSON.stringify(expected));
    const actual = chainPrepared('la-x', last, prepareTrail('la-x', inputs, at));
    assert.deepStrictEqual(actual, expected);
    assert.equal(JSON.stringify(actual), JSON.stringify(expected), 'same key order');
    for (const e of actual) {
      const { hash, ...rest } = e;
      assert.equal(hash, trailHash('la-x', rest));
    }
  }
});

test('an entry whose canonical text could not be split is hashed whole, with the same result', () => {
  const prepared = prepareTrail('la-x', inputs, at).map((p) => ({ ...p, parts: null }));
  assert.deepStrictEqual(chainPrepared('la-x', { seq: 3, hash: 'cd'.repeat(32) }, prepared), plainChain('la-x', { seq: 3, hash: 'cd'.repeat(32) }, inputs, at));
});

test('prepared entries are independent of later changes to the inputs', () => {
  const input = structuredClone(inputs[0]!);
  const prepared = prepareTrail('la-x', [input], at);
  (input.details as Record<string, unknown>).grade = 'inadequate';
  assert.equal((chainPrepared('la-x', null, prepared)[0]!.details as Record<string, unknown>).grade, 'good');
});

test('fields a JavaScript caller left undefined are left out of the hash as canonical JSON leaves them out', () => {
  const odd = [
    { ...inputs[1]!, actor: undefined, auditId: undefined, beforeVersion: undefined },
    { ...inputs[0]!, subjectId: undefined, subjectType: undefined },
  ] as unknown as TrailInput[];
  for (const last of [null, { seq: 7, hash: 'ef'.repeat(32) }]) {
    assert.deepStrictEqual(chainPrepared('la-x', last, prepareTrail('la-x', odd, at)), plainChain('la-x', last, odd, at));
  }
  // Every field sorted before prevHash left out, the time too.
  const bare = [{ subjectType: 'plan', subjectId: 'p-1' }] as unknown as TrailInput[];
  const noTime = undefined as unknown as string;
  assert.deepStrictEqual(chainPrepared('la-x', null, prepareTrail('la-x', bare, noTime)), plainChain('la-x', null, bare, noTime));
});

test('details canonical JSON cannot carry are refused with the error the whole entry gives, naming where', () => {
  const bad = [{ ...inputs[2]!, details: { overall: 'good', points: Number.NaN } }];
  assert.throws(() => trailHash('la-x', { ...plainChain('la-x', null, inputs, at)[2]!, details: bad[0]!.details }), { name: 'CanonicalJsonError', message: '$.details.points is NaN, which JSON cannot carry' });
  assert.throws(() => prepareTrail('la-x', bad, at), { name: 'CanonicalJsonError', message: '$.details.points is NaN, which JSON cannot carry' });
});
