/**
 * A signed webhook for cycle events, so a host can send its own reminders
 * (e-mail, Teams, its case system's tasks) without polling.
 *
 * Each delivery is a JSON POST with:
 * - `X-Ehcp-Qa-Event-Id`: the event's id, the same on every retry and on every
 *   repeat of the same fact (an overdue reminder for one allocation and due date
 *   always has one id), so the receiver can ignore what it has already handled;
 * - `X-Ehcp-Qa-Timestamp`: seconds since 1970, when this attempt was signed;
 * - `X-Ehcp-Qa-Signature`: `sha256=` + hex HMAC-SHA256 of `<timestamp>.<body>`
 *   with the shared secret (see {@link verifyWebhookSignature}).
 * A 2xx answer is success; a network error or a 5xx or 429 is retried with a
 * doubling back-off; other 4xx are not retried. Deliveries run after the response
 * is sent and never fail the request that caused them.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { QaLogger } from '../operation.js';

export type CycleEventType = 'sample.drawn' | 'allocation.assigned' | 'allocation.reassigned' | 'allocation.overdue';

export interface CycleEvent {
  /** Stable for the same fact: receivers de-duplicate on it. */
  id: string;
  type: CycleEventType;
  tenant: string;
  cycleId: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

export interface CycleWebhookOptions {
  /** Where to POST events. */
  url: string;
  /** The shared secret for the HMAC signature (at least 16 characters). */
  secret: string;
  /** Attempts in all, including the first. Default 4. */
  attempts?: number;
  /** Milliseconds before the first retry; doubled each time. Default 1000. */
  backoffMs?: number;
  /** Milliseconds to wait for an answer per attempt. Default 10000. */
  timeoutMs?: number;
  /** Events to send; default all. */
  events?: readonly CycleEventType[];
}

/** The signature header's value for a body signed at `timestamp`. */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * Checks a delivery on the receiving side: the signature matches and the timestamp
 * is within `toleranceSeconds` of now (default 5 minutes), against replays.
 *
 * @example
 * const ok = verifyWebhookSignature(secret, req.headers['x-ehcp-qa-timestamp'], req.headers['x-ehcp-qa-signature'], rawBody);
 */
export function verifyWebhookSignature(secret: string, timestamp: string | undefined, signature: string | undefined, body: string, toleranceSeconds = 300, now = Date.now()): boolean {
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(now / 1000 - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, Number(timestamp), body));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** Sends events to the webhook in the background, with retries. */
export class CycleWebhook {
  private readonly pending = new Set<Promise<void>>();
  constructor(private readonly options: CycleWebhookOptions, private readonly logger: QaLogger = { error: (m, d) => console.error(`[ehcp-qa] ${m}`, d ?? ''), warn: (m, d) => console.warn(`[ehcp-qa] ${m}`, d ?? '') }) {
    if (options.secret.length < 16) throw new Error('the webhook secret must be at least 16 characters');
    new URL(options.url); // throws for a bad URL at start-up, not at the first event
  }

  /** Queues delivery of `event` (unless its type is not subscribed). */
  send(event: CycleEvent): void {
    if (this.options.events && !this.options.events.includes(event.type)) return;
    const delivery = this.deliver(event).finally(() => this.pending.delete(delivery));
    this.pending.add(delivery);
  }

  /** Resolves when every queued delivery has finished (succeeded or given up). For tests and shutdown. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private async deliver(event: CycleEvent): Promise<void> {
    const body = JSON.stringify(event);
    const attempts = this.options.attempts ?? 4;
    let wait = this.options.backoffMs ?? 1000;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const timestamp = Math.floor(Date.now() / 1000);
      let retry = true;
      let reason = '';
      try {
        const response = await fetch(this.options.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-ehcp-qa-event-id': event.id,
            'x-ehcp-qa-event-type': event.type,
            'x-ehcp-qa-timestamp': String(timestamp),
            'x-ehcp-qa-signature': signWebhook(this.options.secret, timestamp, body),
          },
          body,
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 10000),
        });
        await response.arrayBuffer().catch(() => undefined);
        if (response.ok) return;
        retry = response.status >= 500 || response.status === 429;
        reason = `HTTP ${response.status}`;
      } catch (error) {
        reason = error instanceof Error ? error.message : String(error);
      }
      if (!retry || attempt === attempts) {
        this.logger.warn?.('webhook delivery failed', { eventId: event.id, type: event.type, attempts: attempt, reason });
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
      wait *= 2;
    }
  }
}
