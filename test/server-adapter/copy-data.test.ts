// copyData (server-adapter/storage/copy.ts), the one deep copy the storages use for audits and trail details:
// plain JSON data copied field by field, with nothing shared; anything else as structuredClone copies it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyData } from '../../server-adapter/storage/copy.js';

test('plain JSON data: an equal copy sharing no object or array with the original', () => {
  const value = { a: [1, 'two', null, { b: true }], c: { d: [[]] }, e: 'é' };
  const copy = copyData(value);
  assert.deepStrictEqual(copy, value);
  assert.notEqual(copy.a, value.a);
  assert.notEqual(copy.a[3], value.a[3]);
  assert.notEqual(copy.c.d[0], value.c.d[0]);
});

test('an own "__proto__" key (as JSON.parse makes one) is copied as a key, not as the prototype', () => {
  const value = JSON.parse('{"__proto__": {"x": 1}, "y": 2}') as Record<string, unknown>;
  const copy = copyData(value);
  assert.equal(Object.getPrototypeOf(copy), Object.prototype);
  assert.deepEqual(Object.keys(copy), ['__proto__', 'y']);
  assert.deepEqual(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value, { x: 1 });
});

test('what is not plain data goes through structuredClone: a Date stays a Date, a sparse array keeps its hole, a function is refused', () => {
  const when = new Date('2026-01-01T00:00:00.000Z');
  assert.ok(copyData(when) instanceof Date);
  assert.equal(copyData(when).getTime(), when.getTime());
  // eslint-disable-next-line no-sparse-arrays
  const sparse = [1, , 3];
  assert.equal(1 in copyData(sparse), false);
  assert.throws(() => copyData({ f: () => 1 }), /could not be cloned/);
});
