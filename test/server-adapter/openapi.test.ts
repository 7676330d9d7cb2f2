// The contract: the OpenAPI document is built from the same route table and zod
// schemas that validate requests; the committed openapi.json and the generated
// client types must equal what the live code produces (run `npm run generate`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as z from 'zod';
import { buildOpenApiDocument, contract, qaOperations } from 'ehcp-qa/server';
import { API_TYPES_FILE, apiTypesFileText, liveOpenApiDocument, OPENAPI_FILE, openApiFileText } from '../../scripts/generate-openapi.js';
import { gradeAll, harness, newAudit } from './helpers.js';

test('committed openapi.json equals the live document (run `npm run generate` if not)', async () => {
  const live = await liveOpenApiDocument();
  const committed = readFileSync(OPENAPI_FILE, 'utf8');
  assert.deepEqual(JSON.parse(committed), live, 'openapi.json is stale: run `npm run generate`');
  assert.equal(committed, openApiFileText(live));
});

test('components/shared/api-types.ts is what openapi-typescript makes of openapi.json', async () => {
  const committed = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as Record<string, unknown>;
  assert.equal(readFileSync(API_TYPES_FILE, 'utf8'), await apiTypesFileText(committed), 'api-types.ts is stale: run `npm run generate`');
});

test('every operation appears once, with its operationId, method, path and schemas', () => {
  const doc = buildOpenApiDocument(qaOperations) as { paths: Record<string, Record<string, any>>; components: { schemas: Record<string, unknown> } };
  const ids = qaOperations.map((op) => op.operationId);
  assert.equal(new Set(ids).size, ids.length, 'operationIds are unique');
  for (const id of ['listFrameworks', 'getFramework', 'createAudit', 'getAudit', 'listAudits', 'saveSection', 'completeAudit', 'reopenAudit', 'createCycle', 'listCycles', 'getCycle']) {
    assert.ok(ids.includes(id), id);
  }
  for (const op of qaOperations) {
    const documented = doc.paths[op.path]?.[op.method];
    assert.ok(documented, `${op.method} ${op.path}`);
    assert.equal(documented.operationId, op.operationId);
    if (op.body) {
      const name = contract.get(op.body)!.id;
      assert.deepEqual(documented.requestBody.content['application/json'].schema, { $ref: `#/components/schemas/${name}` });
      assert.ok(doc.components.schemas[name], name);
    }
    if (op.ifMatch) {
      assert.ok(documented.parameters.some((p: { name: string; required: boolean }) => p.name === 'If-Match' && p.required));
      assert.ok(documented.responses['412'] && documented.responses['428']);
    }
    for (const status of Object.keys(op.responses)) assert.ok(documented.responses[status], `${op.operationId} ${status}`);
    const params = Object.keys(((op.params?._zod.def as { shape?: object } | undefined)?.shape) ?? {});
    for (const name of params) assert.ok(op.path.includes(`{${name}}`), `${op.operationId}: path parameter ${name}`);
  }
});

test('component schemas are exactly the zod schemas converted (one source)', () => {
  const doc = buildOpenApiDocument(qaOperations) as { components: { schemas: Record<string, Record<string, unknown>> } };
  const fromZod = z.toJSONSchema(contract, { target: 'draft-2020-12', io: 'output', unrepresentable: 'any', uri: (id) => `#/components/schemas/${id}` }) as { schemas: Record<string, Record<string, unknown>> };
  for (const [id, schema] of Object.entries(fromZod.schemas)) {
    const { $schema: _s, $id: _i, id: _l, ...rest } = schema;
    assert.deepEqual(doc.components.schemas[id], rest, id);
  }
  const save = doc.components.schemas.SaveSectionBody as { additionalProperties: boolean; properties: Record<string, { maxLength?: number; maximum?: number }> };
  assert.equal(save.additionalProperties, false);
  assert.equal(save.properties.comment!.maxLength, 4000);
  assert.equal(save.properties.activeSeconds!.maximum, 3600);
});

test('real responses of a full audit conform to the documented response schemas', async () => {
  const h = await harness();
  try {
    const byId = new Map(qaOperations.map((op) => [op.operationId, op]));
    const check = async (operationId: string, res: Response) => {
      const op = byId.get(operationId)!;
      const schema = op.responses[res.status]?.schema;
      assert.ok(schema, `${operationId} answered ${res.status}: ${await res.clone().text()}`);
      const parsed = z.safeParse(schema, await res.clone().json());
      assert.ok(parsed.success, `${operationId}: ${parsed.success ? '' : JSON.stringify(parsed.error.issues.slice(0, 3))}`);
      if (op.responses[res.status]!.etag) assert.match(res.headers.get('etag') ?? '', /^"\d+"$/);
      return res.json();
    };
    await check('listFrameworks', await h.call(h.la.auditor, 'GET', '/frameworks'));
    await check('getFramework', await h.call(h.la.auditor, 'GET', '/frameworks/ehcp-plan/versions/1.0.0'));
    const cycle = await check('createCycle', await h.call(h.la.manager, 'POST', '/cycles', { body: { name: 'T', startDate: '2025-01-01', endDate: '2025-02-01', kpiTarget: { level: 'good', share: 0.8 } } }));
    await check('listCycles', await h.call(h.la.auditor, 'GET', '/cycles'));
    await check('getCycle', await h.call(h.la.auditor, 'GET', `/cycles/${cycle.id}`));
    const audit = await check('createAudit', await h.call(h.la.auditor, 'POST', '/audits', { body: newAudit({ cycleId: cycle.id }, h.la.caseworker.sub) }));
    await check('saveSection', await h.call(h.la.auditor, 'PUT', `/audits/${audit.id}/sections/A`, { ifMatch: 1, body: { criteriaMet: [], grade: 'inadequate', overrideReason: 'No child views at all.', comment: 'c' } }));
    const version = await gradeAll(h, h.la.auditor, audit.id, 2);
    const done = await check('completeAudit', await h.call(h.la.auditor, 'POST', `/audits/${audit.id}/complete`, { ifMatch: version }));
    await check('getAudit', await h.call(h.la.caseworker, 'GET', `/audits/${audit.id}`));
    await check('listAudits', await h.call(h.la.moderator, 'GET', '/audits?limit=1'));
    await check('reopenAudit', await h.call(h.la.moderator, 'POST', `/audits/${audit.id}/reopen`, { ifMatch: done.version, body: { reason: 'r' } }));
  } finally {
    await h.close();
  }
});
