/**
 * Builds the OpenAPI 3.1 document from the route registry and the zod schemas in
 * the contract registry: the document is derived, never written by hand.
 * `npm run generate` writes it to openapi.json; a test fails when that file differs.
 */
import * as z from 'zod';
import type { AnyQaOperation, OperationResponse } from './operation.js';
import { contract } from './schemas.js';
import { QA_ROLES } from './auth.js';

/** The contract's version; raise it with any change a client would notice. */
export const CONTRACT_VERSION = '1.0.0';

type JsonObject = Record<string, unknown>;

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed request: bad JSON, or invalid path or query parameters',
  401: 'No valid bearer token',
  403: 'The caller\'s roles do not allow this',
  404: 'No such resource for the caller\'s local authority',
  409: 'The resource is in a state that does not allow this',
  412: 'If-Match is stale: the body holds `currentVersion`',
  413: 'Request body too large',
  415: 'Body is not application/json',
  422: 'The body has invalid fields: `errors` names each',
  414: 'The URL is longer than the adapter accepts',
  428: 'If-Match is missing',
  431: 'The request headers are larger than the adapter accepts',
  500: 'Unexpected server error (details are logged, never sent)',
  501: 'Not configured on this adapter',
  502: 'The benchmark hub cannot be reached or answered badly (it is named, its address is not)',
};

/** The OpenAPI 3.1 document for `operations`. Deterministic: the same input gives the same JSON. */
export function buildOpenApiDocument(operations: readonly AnyQaOperation[]): JsonObject {
  // Name every body schema that is not named yet, so the document can refer to it.
  for (const op of operations) {
    if (op.body && !contract.has(op.body)) contract.add(op.body, { id: `${pascal(op.operationId)}Body` });
    for (const [status, response] of Object.entries(op.responses)) {
      if (response.schema && !contract.has(response.schema)) contract.add(response.schema, { id: `${pascal(op.operationId)}Response${status}` });
    }
  }

  const paths: Record<string, JsonObject> = {};
  for (const op of operations) {
    const item = (paths[op.path] ??= {});
    item[op.method] = operationObject(op);
  }

  const generated = z.toJSONSchema(contract, {
    target: 'draft-2020-12',
    io: 'output',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  }) as { schemas: Record<string, JsonObject> };
  const schemas: Record<string, JsonObject> = {};
  for (const id of Object.keys(generated.schemas).sort()) schemas[id] = clean(generated.schemas[id]!);

  return {
    openapi: '3.1.0',
    info: {
      title: 'ehcp-qa',
      version: CONTRACT_VERSION,
      description:
        'Quality assurance of Education, Health and Care plans: frameworks, audits, cycles and reports. ' +
        'Paths are relative to where the host mounts the adapter (for example /qa). ' +
        'Every error is application/problem+json (RFC 9457). ' +
        `Access roles (JWT claim \`roles\`): ${QA_ROLES.join(', ')}.`,
      license: { name: 'MIT', identifier: 'MIT' },
    },
    security: [{ bearerAuth: [] }],
    tags: [...new Set(operations.flatMap((op) => op.tags))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'HS256 token with claims sub, tenant, roles and optional name.' },
      },
      schemas,
    },
  };
}

function operationObject(op: AnyQaOperation): JsonObject {
  const parameters: JsonObject[] = [
    ...objectParameters(op.params, 'path'),
    ...objectParameters(op.query, 'query'),
  ];
  if (op.ifMatch) {
    parameters.push({
      name: 'If-Match', in: 'header', required: true,
      description: 'The ETag of the version being changed, for example "3".',
      schema: { type: 'string' },
    });
  }
  const responses: Record<string, JsonObject> = {};
  for (const [status, response] of Object.entries(op.responses)) responses[status] = responseObject(response);
  const errorStatuses = new Set<number>([400, 414, 431, 500, ...(op.errors ?? [])]);
  if (op.roles !== 'public') [401, 403].forEach((s) => errorStatuses.add(s));
  if (op.params) errorStatuses.add(404);
  if (op.body) [413, 415, 422].forEach((s) => errorStatuses.add(s));
  if (op.ifMatch) [412, 428].forEach((s) => errorStatuses.add(s));
  for (const status of [...errorStatuses].sort((a, b) => a - b)) {
    responses[String(status)] = {
      description: ERROR_DESCRIPTIONS[status] ?? 'Error',
      content: { 'application/problem+json': { schema: ref('Problem') } },
    };
  }
  const roles = op.roles === 'public' ? 'No sign-in needed.' : op.roles === 'any-user' ? 'Any signed-in user.' : `Roles: ${op.roles.join(', ')}.`;
  const object: JsonObject = {
    operationId: op.operationId,
    summary: op.summary,
    description: op.description ? `${op.description}\n\n${roles}` : roles,
    tags: [...op.tags],
  };
  if (op.roles === 'public') object.security = [];
  if (parameters.length > 0) object.parameters = parameters;
  if (op.body) {
    object.requestBody = {
      required: !op.bodyOptional,
      content: { 'application/json': { schema: ref(contract.get(op.body)!.id) } },
    };
  }
  object.responses = responses;
  return object;
}

function responseObject(response: OperationResponse): JsonObject {
  const out: JsonObject = { description: response.description };
  const headers: Record<string, JsonObject> = {};
  if (response.etag) headers.ETag = { description: 'The version, as "<n>"; send it back in If-Match.', schema: { type: 'string' } };
  for (const [name, h] of Object.entries(response.headers ?? {})) headers[name] = { description: h.description, schema: { type: 'string' } };
  if (Object.keys(headers).length > 0) out.headers = headers;
  if (response.schema) {
    out.content = { [response.contentType ?? 'application/json']: { schema: ref(contract.get(response.schema)!.id) } };
  }
  return out;
}

/** One OpenAPI parameter per property of an object schema. */
function objectParameters(schema: z.core.$ZodType | undefined, location: 'path' | 'query'): JsonObject[] {
  if (!schema) return [];
  const def = schema._zod.def as { type: string; shape?: Record<string, z.core.$ZodType> };
  if (def.type !== 'object' || !def.shape) throw new Error(`${location} parameters must be a z.object`);
  return Object.entries(def.shape).map(([name, property]) => {
    const optional = property._zod.optin === 'optional';
    const json = clean(z.toJSONSchema(property, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as JsonObject);
    const description = typeof json.description === 'string' ? json.description : undefined;
    delete json.description;
    return { name, in: location, required: location === 'path' || !optional, ...(description ? { description } : {}), schema: json };
  });
}

/** Drops JSON Schema keywords that do not belong inside an OpenAPI document. */
function clean(schema: JsonObject): JsonObject {
  const { $schema: _schema, $id: _id, id: _legacyId, ...rest } = schema;
  return rest;
}

function pascal(id: string): string {
  return id.charAt(0).toUpperCase() + id.slice(1);
}
