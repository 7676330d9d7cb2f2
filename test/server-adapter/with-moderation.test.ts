// withModeration (the storage every route uses): methods it does not wrap are the storage's own, bound to it, bound
// once rather than on every call, and bound again when the storage's method is replaced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withModeration } from '../../server-adapter/moderation/index.js';
import { createMemoryStorage } from '../../server-adapter/storage/memory.js';

test('withModeration binds each method of the storage once, and again when the storage replaces it', async () => {
  const storage = createMemoryStorage();
  const wrapped = withModeration(storage);
  assert.equal(wrapped.getAudit, wrapped.getAudit, 'the same bound method on every read');
  const { getAudit } = wrapped;
  assert.equal(await getAudit('la-1', 'no-such-audit'), null, 'called detached, it runs on the storage');
  const before = wrapped.getCycle;
  storage.getCycle = async () => null;
  assert.notEqual(wrapped.getCycle, before, 'a replaced method is bound again');
  let called = false;
  storage.getCycle = async function (this: unknown) {
    called = this === storage;
    return null;
  };
  await wrapped.getCycle('la-1', 'c-1');
  assert.ok(called, 'the replacement runs, on the storage');
});
