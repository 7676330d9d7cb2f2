/**
 * A small in-page event bus (mitt) for elements that are not parent and child, for
 * example a summary on the same page that refreshes when an audit is completed.
 * DOM events (`ehcp-section-saved`, …) remain the public API for hosts; the bus is
 * for coordination between our own elements, and a host may listen too.
 *
 * @example
 * import { qaBus } from 'ehcp-qa/components';
 * qaBus.on('audit-completed', ({ auditId }) => refreshMyList(auditId));
 */
import mittDefault, { type Emitter, type EventType } from 'mitt';
import type { Audit } from './api.js';
import type { Allocation, Sample } from './planning-client.js';

export type QaBusEvents = {
  /** An audit was loaded or reloaded by an `<ehcp-audit>`. */
  'audit-loaded': { audit: Audit };
  /** A section was saved; `audit` is the audit as the server returned it. */
  'section-saved': { auditId: string; sectionId: string; audit: Audit };
  /** The plan's facts were saved (saved sections were graded again with them). */
  'facts-saved': { auditId: string; audit: Audit };
  /** An audit was completed (after the host did not veto it). */
  'audit-completed': { auditId: string; audit: Audit };
  /** Ask any `<ehcp-audit>` showing this plan to open a section (for example from a plan viewer). */
  'open-section': { planRef?: string; auditId?: string; sectionId: string };
  /** A cycle's sample was drawn by an `<ehcp-sample-planner>`. */
  'sample-drawn': { cycleId: string; sample: Sample };
  /** Allocations of a cycle were made or changed (an `<ehcp-my-audits>` reloads). */
  'allocations-changed': { cycleId: string; allocations: Allocation[] };
};

// mitt's types are written as CommonJS, so under NodeNext TypeScript types the default
// import as the module; at run time (ESM) it is the function.
const mitt = mittDefault as unknown as <E extends Record<EventType, unknown>>() => Emitter<E>;

/** One bus per page, shared by every element loaded from this package. */
export const qaBus: Emitter<QaBusEvents> = ((globalThis as { __ehcpQaBus?: Emitter<QaBusEvents> }).__ehcpQaBus ??= mitt<QaBusEvents>());
