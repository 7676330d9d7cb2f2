// sameJson (storage/copy.ts) decides which sections a save rewrites (routes/audits.ts) and which
// values the read cache keeps from the version before: it must say "same" only when JSON.stringify
// would write the two values alike, or a changed section would not be stored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { sameJson } from '../../server-adapter/storage/copy.js';

const agrees = (a: unknown, b: unknown) => assert.equal(sameJson(a, b), JSON.stringify(a) === JSON.stringify(b), `${String(JSON.stringify(a))} / ${String(JSON.stringify(b))}`);

test('sameJson agrees with JSON.stringify on the cases a section can meet', () => {
  const section = { criteriaMet: ['B.good.a', 'B.good.b'], grade: 'good', suggestedGrade: 'good', overrideReason: null, comment: null, savedAt: '2026-01-01T00:00:00.000Z' };
  agrees(section, { ...section });
  agrees(section, { ...section, criteriaMet: ['B.good.b', 'B.good.a'] });
  agrees(section, { ...section, comment: 'x' });
  agrees(section, { ...section, nilStatement: false });
  agrees(section, { ...section, nilStatement: undefined }); // left out by JSON: the same
  const { grade, ...rest } = section;
  agrees(section, { grade, ...rest }); // another key order: not the same text
  agrees(undefined, section);
  agrees([1, undefined], [1, null]);
  agrees([1, () => 1], [1, null]);
  agrees({ a: new Date(0) }, { a: '1970-01-01T00:00:00.000Z' });
  agrees({ a: { toJSON: () => 'x' } }, { a: 'x' });
  agrees({ a: Number.NaN }, { a: null });
  agrees({ a: -0 }, { a: 0 });
  agrees({ 1: 'x', a: 'y' }, { a: 'y', 1: 'x' });
  agrees([], {});
});

test('sameJson agrees with JSON.stringify on any JSON value and on a copy of it', () => {
  fc.assert(fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
    agrees(a, b);
    agrees(a, JSON.parse(JSON.stringify(a)) as unknown);
  }));
});
