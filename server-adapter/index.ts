/**
 * `ehcp-qa/server`: the Hono adapter.
 *
 * @example
 * import { Hono } from 'hono';
 * import { createQaApp, jwtAuth } from 'ehcp-qa/server';
 * import { createSqliteStorage } from 'ehcp-qa/storage/sqlite';
 * const app = new Hono();
 * app.route('/qa', createQaApp({ storage: await createSqliteStorage({ filename: 'qa.sqlite' }), auth: jwtAuth({ secret }) }));
 */
export { createQaApp } from './app.js';
export { serveQa, type ServeQaOptions, type RunningQa } from './serve.js';
export {
  jwtAuth, signQaToken, hasRole, QA_ROLES, DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
  type QaAuth, type QaDirectory, type QaRole, type QaUser, type JwtAuthOptions, type JwtSecretOptions, type JwtJwksOptions, type JwtCommonOptions,
  type ClaimMapping, type ClaimSource, type JwksAlgorithm,
} from './auth.js';
export { canEditAudit, canReadAudit, readsAllAudits } from './access.js';
export { buildOpenApiDocument, CONTRACT_VERSION } from './openapi.js';
export { createFrameworkCatalog } from './catalog.js';
export {
  defineOperation,
  type AnyQaOperation, type FrameworkCatalog, type OperationInput, type OperationResponse, type OperationResult,
  type QaAppOptions, type QaDeps, type QaEnv, type QaLogger, type QaOperation,
} from './operation.js';
export {
  QaProblem, problemResponse, validationProblem, fieldErrors, notFound, forbidden, PROBLEM_TYPE_BASE,
  type FieldError, type ProblemBody,
} from './problem.js';
export { loadReadableAudit, frameworkOf, versionConflict, written } from './routes/audits.js';
export { qaOperations } from './routes/index.js';
export * from './schemas.js';
export { createMemoryStorage, type MemoryStorage, type MemoryBackdoor } from './storage/memory.js';
export {
  DuplicateIdError, InvalidCursorError, encodeCursor, decodeCursor, pageSize, toReportRow, matchesReportFilter, summarizeRows,
  COLLECTION_PATTERN, RECORD_ID_PATTERN, RECORD_FIELD_PATTERN,
  type QaStorage, type AuditFilter, type PageRequest, type Page, type ReportFilter, type AuditReportRow, type AuditGradeSummary,
  type WriteResult, type StoredRecord, type RecordQuery, type PutRecordOptions,
  UNIQUE_KEY_PATTERN, type WriteBatch, type BatchResult, type BatchRecordPut, type TrailInput, type TrailEntry, type TrailFilter,
} from './storage/types.js';
export { verifyAuditTrail, chainEntries, trailHash, tombstoneOf, GENESIS_HASH, ERASURE_OPERATION, type TrailVerification } from './storage/trail.js';
// Benchmarking: LA side (`benchmark` option) and hub mode (`hub` option, createBenchmarkHub).
export * from './benchmark/index.js';
// Running an audit cycle: registered plans, samples, allocation, progress and the cycle webhook.
export * from './planning/index.js';
