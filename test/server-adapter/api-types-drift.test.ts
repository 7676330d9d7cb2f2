// Compile-time guard: the shapes the elements' client uses (components/shared/api.ts)
// must agree with the types generated from the OpenAPI document. `npm test` type
// checks this file, so drift between the two fails the build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { components } from '../../components/shared/api-types.js';
import type * as client from '../../components/shared/api.js';

type Schemas = components['schemas'];
/** Compiles only when `From` can be used where `To` is expected. */
type Assignable<From, To> = [From] extends [To] ? true : false;
const check = <T extends true>(value: T) => value;

// What the server answers must satisfy what the client reads.
const answers = [
  check<Assignable<Schemas['Audit'], client.Audit>>(true),
  check<Assignable<Schemas['AuditPage'], client.AuditList>>(true),
  check<Assignable<Schemas['FrameworkSummary'], client.FrameworkSummary>>(true),
  check<Assignable<Schemas['Problem'], client.Problem>>(true),
  check<Assignable<Schemas['SectionRecord'], client.StoredSection>>(true),
];
// What the client sends must satisfy what the server accepts.
const requests = [
  check<Assignable<client.SaveSectionBody, Schemas['SaveSectionBody']>>(true),
];

test('client shapes agree with the generated OpenAPI types (checked by tsc)', () => {
  assert.equal([...answers, ...requests].every(Boolean), true);
});
