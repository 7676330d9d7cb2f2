/**
 * One error shape for every 4xx and 5xx: RFC 9457 problem details, sent as
 * `application/problem+json`. Handlers throw a {@link QaProblem}; the adapter turns
 * it into a response. Anything else thrown becomes a 500 without a stack trace.
 */
import type * as z from 'zod';
import { formatPath } from '../criteria/schema.js';

export interface FieldError {
  /** The request field at fault, as a path: `plan.phase`, `criteriaMet[2]`, `If-Match`. */
  field: string;
  message: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/** The base of every problem `type` this package sends. */
export const PROBLEM_TYPE_BASE = 'urn:ehcp-qa:problem:';

const TITLES: Record<number, [slug: string, title: string]> = {
  400: ['bad-request', 'The request is not valid'],
  401: ['unauthenticated', 'Sign-in required'],
  403: ['forbidden', 'Not allowed'],
  404: ['not-found', 'Not found'],
  405: ['method-not-allowed', 'Method not allowed'],
  409: ['conflict', 'Conflict with the current state'],
  412: ['version-conflict', 'The resource has changed'],
  413: ['payload-too-large', 'Request body too large'],
  415: ['unsupported-media-type', 'Unsupported media type'],
  422: ['validation', 'The request has invalid fields'],
  406: ['not-acceptable', 'Not acceptable'],
  408: ['request-timeout', 'Request timeout'],
  410: ['gone', 'Gone'],
  414: ['uri-too-long', 'The URL is too long'],
  428: ['precondition-required', 'If-Match header required'],
  429: ['too-many-requests', 'Too many requests'],
  431: ['request-header-fields-too-large', 'Request headers too large'],
  500: ['internal', 'Internal error'],
  501: ['not-implemented', 'Not available'],
  502: ['bad-gateway', 'Another service answered badly'],
  503: ['unavailable', 'Service unavailable'],
  504: ['gateway-timeout', 'Another service did not answer in time'],
};

/** The title (and type slug) the adapter uses for `status`; undefined when it has none. */
export function problemTitle(status: number): { type: string; title: string } | undefined {
  const entry = TITLES[status];
  return entry ? { type: `${PROBLEM_TYPE_BASE}${entry[0]}`, title: entry[1] } : undefined;
}

/** Problem types of the benchmark hub's failures, as seen from an LA's adapter. */
export const HUB_UNREACHABLE_TYPE = `${PROBLEM_TYPE_BASE}hub-unreachable`;
export const HUB_BAD_ANSWER_TYPE = `${PROBLEM_TYPE_BASE}hub-bad-answer`;

/**
 * An error that becomes a problem+json response.
 *
 * @example
 * throw new QaProblem(404, { detail: `No audit ${auditId}` });
 * throw new QaProblem(422, { detail: 'Sections still ungraded: E, F', errors: [{ field: 'sections', message: '…' }] });
 */
export class QaProblem extends Error {
  override name = 'QaProblem';
  readonly status: number;
  readonly body: ProblemBody;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    options: { title?: string; type?: string; detail?: string; errors?: FieldError[]; headers?: Record<string, string>; extensions?: Record<string, unknown> } = {},
  ) {
    const [slug, defaultTitle] = TITLES[status] ?? ['error', 'Error'];
    const detail = options.detail;
    super(detail ?? defaultTitle);
    this.status = status;
    this.headers = options.headers ?? {};
    this.body = {
      ...options.extensions,
      type: options.type ?? `${PROBLEM_TYPE_BASE}${slug}`,
      title: options.title ?? defaultTitle,
      status,
      ...(detail !== undefined ? { detail } : {}),
      ...(options.errors ? { errors: options.errors } : {}),
    };
  }
}

/** A problem+json Response. */
export function problemResponse(problem: QaProblem): Response {
  return new Response(JSON.stringify(problem.body), {
    status: problem.status,
    headers: { 'content-type': 'application/problem+json', 'cache-control': 'no-store', ...problem.headers },
  });
}

/** Turns zod issues into field errors, prefixing each path with `prefix` (for example `query`). */
export function fieldErrors(issues: readonly z.core.$ZodIssue[], prefix = ''): FieldError[] {
  return issues.map((issue) => {
    const path = formatPath(issue.path);
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      // Name each unknown field, so the caller sees exactly what to remove.
      return issue.keys.map((key) => ({ field: join(prefix, path ? `${path}.${key}` : key), message: 'is not a known field' }));
    }
    if (issue.code === 'invalid_type' && issue.input === undefined) message = 'is required';
    else if (issue.code === 'invalid_type') message = `must be ${issue.expected === 'int' ? 'a whole number' : `${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}`}`;
    return [{ field: join(prefix, path), message }];
  }).flat();
}

function join(prefix: string, path: string): string {
  if (!prefix) return path || '(body)';
  return path ? `${prefix}.${path}` : prefix;
}

/** A 422 (or `status`) problem listing each field error; the detail names the fields. */
export function validationProblem(errors: FieldError[], status = 422, what = 'request body'): QaProblem {
  const fields = [...new Set(errors.map((e) => e.field))];
  const first = errors[0];
  const detail = errors.length === 1 && first
    ? `${first.field}: ${first.message}`
    : `The ${what} has ${errors.length} problems, in: ${fields.join(', ')}.`;
  return new QaProblem(status, { detail, errors });
}

/** 404 for a resource that does not exist for this tenant (also when it belongs to another tenant). */
export function notFound(kind: string, id: string): QaProblem {
  return new QaProblem(404, { detail: `No ${kind} with id "${id}".` });
}

/** 403 with a reason the caller can act on. */
export function forbidden(detail: string): QaProblem {
  return new QaProblem(403, { detail });
}
