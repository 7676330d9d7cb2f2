/**
 * THE ROUTE REGISTRY: every operation the adapter serves, in document order.
 *
 * To add a feature's routes:
 *   1. Create `server-adapter/routes/<feature>.ts` exporting
 *      `export const <feature>Operations = [defineOperation({...}), …]` (see operation.ts).
 *   2. Add ONE import line and ONE spread below.
 * That is all: app.ts registers them (auth, roles, validation, If-Match,
 * problem+json) and openapi.ts documents them. Then run `npm run generate`
 * to refresh openapi.json and components/shared/api-types.ts.
 */
import type { AnyQaOperation } from '../operation.js';
import { auditOperations } from './audits.js';
import { cycleOperations } from './cycles.js';
import { frameworkOperations } from './frameworks.js';
import { moderationOperations } from './moderation.js';
import { benchmarkOperations } from './benchmark.js';
import { hubOperations } from './hub.js';
// ── one import line per feature ──
import { planningOperations } from './planning.js';
import { reportOperations } from './reports.js';
import { exportLinkOperations } from './export-links.js';
import { auditTrailOperations } from './audit-trail.js';
import { contributionOperations } from './contributions.js';
import { feedbackOperations } from './feedback.js';

export const qaOperations: readonly AnyQaOperation[] = [
  ...frameworkOperations,
  ...auditOperations,
  ...cycleOperations,
  ...moderationOperations,
  ...benchmarkOperations,
  ...hubOperations,
  // ── one spread per feature ──
  ...planningOperations,
  ...reportOperations,
  ...exportLinkOperations,
  ...auditTrailOperations,
  ...contributionOperations,
  ...feedbackOperations,
];
