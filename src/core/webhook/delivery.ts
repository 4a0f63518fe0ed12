/**
 * Pushes the events of one Event Grid delivery to the app through the usual push path
 * (AppClient, judge) and says what to answer Event Grid, which retries or dead-letters the
 * delivery as a whole:
 *
 * - every event goes to each subscription of the webhook whose filter it matches, as an ordinary
 *   push (CloudEvents binary mode, Outrigger-Attempt from Event Grid's delivery count), at most
 *   `concurrency` at a time per subscription across all deliveries, in no order;
 * - the app's answer per push: 2xx accepted; 408, 429, 5xx, timeout or unreachable retry; other
 *   4xx rejected (poison);
 * - the delivery's answer is the verdict that keeps the most events alive: `retry` (503) if any
 *   push should be retried, else `reject` (400) if any was refused, else `accept` (200). Event
 *   Grid then sends the whole batch again, and the pushes already settled (accepted, or
 *   rejected) are remembered by event id (remembered.ts) and not pushed again; once only
 *   refused ones are left, 400 lets Event Grid dead-letter the delivery;
 * - a push stopped by shutdown is a retry.
 */
import type { WebhookConfig, WebhookSubscriptionConfig } from '../../config/types.js';
import type { Logger } from '../../observability/logger.js';
import type { Metrics } from '../../observability/metrics.js';
import type { AppClient } from '../delivery/app-client.js';
import { pushToApp } from '../delivery/exchange.js';
import { judge, type Verdict } from '../delivery/outcome.js';
import { outcomeOf, PushMetrics } from '../delivery/push-metrics.js';
import { matches, type InboundEvent } from './events.js';
import { Remembered } from './remembered.js';

export type DeliveryVerdict =
  | { kind: 'accept' }
  | { kind: 'reject'; reason: string }
  | { kind: 'retry'; reason: string; retryAfterMs?: number };

type Settled = 'accepted' | 'rejected';

export class WebhookDelivery {
  readonly name: string;
  readonly config: WebhookConfig;
  readonly #app: AppClient | undefined;
  readonly #settled: Remembered<Settled>;
  readonly #counts: Map<string, PushMetrics>;
  /** Pushes in flight per subscription, across all deliveries at once. */
  readonly #slots: Map<string, Slots>;
  readonly #logger: Logger;

  /** `app` may be undefined only for a webhook without subscriptions (config requires app.url otherwise). */
  constructor(name: string, config: WebhookConfig, app: AppClient | undefined, metrics: Metrics, logger: Logger) {
    this.name = name;
    this.config = config;
    this.#app = app;
    this.#settled = new Remembered(config.rememberMs, config.rememberMax);
    this.#counts = new Map(config.subscriptions.map((s) => [s.name, new PushMetrics(metrics, s.name)]));
    this.#slots = new Map(config.subscriptions.map((s) => [s.name, new Slots(s.concurrency)]));
    this.#logger = logger;
  }

  /** `attempt`: 1 on Event Grid's first delivery. `signal` aborts on shutdown. */
  async deliver(events: InboundEvent[], attempt: number, signal: AbortSignal): Promise<DeliveryVerdict> {
    const verdicts = await Promise.all(this.config.subscriptions.map((subscription) => this.#toSubscription(subscription, events, attempt, signal)));
    return worst(verdicts.flat());
  }

  async #toSubscription(subscription: WebhookSubscriptionConfig, events: InboundEvent[], attempt: number, signal: AbortSignal): Promise<DeliveryVerdict[]> {
    const slots = this.#slots.get(subscription.name)!;
    const pending = events.filter((event) => matches(subscription.filter, event.headers));
    return Promise.all(
      pending.map(async (event) => {
        await slots.take();
        try {
          return await this.#push(subscription, event, attempt, signal);
        } finally {
          slots.give();
        }
      }),
    );
  }

  async #push(subscription: WebhookSubscriptionConfig, event: InboundEvent, attempt: number, signal: AbortSignal): Promise<DeliveryVerdict> {
    const key = `${subscription.name}\u0000${event.headers['ce-source'] ?? ''}\u0000${event.id}`;
    const before = this.#settled.get(key);
    if (before === 'accepted') return { kind: 'accept' };
    if (before === 'rejected') return { kind: 'reject', reason: `event '${event.id}' was refused by the app before` };
    const counts = this.#counts.get(subscription.name)!;
    counts.delivering();
    const started = process.hrtime.bigint();
    try {
      if (this.#app === undefined) throw new Error('webhook subscriptions need app.url');
      const answer = await pushToApp(this.#app, subscription, event.headers, { attempt, subscription: subscription.name, redelivered: attempt > 1 }, event.data, signal);
      if (answer.kind !== 'aborted') counts.answered(started);
      const verdict: Verdict = judge(answer);
      counts.judged(verdict, answer);
      counts.settled(outcomeOf(verdict.action));
      switch (verdict.action) {
        case 'ack':
          this.#settled.set(key, 'accepted');
          return { kind: 'accept' };
        case 'dead_letter':
          this.#settled.set(key, 'rejected');
          this.#logger.warn({ webhook: this.name, subscription: subscription.name, id: event.id, reason: verdict.reason }, 'app refused a webhook event; Event Grid will dead-letter the delivery');
          return { kind: 'reject', reason: verdict.reason };
        case 'retry':
          return { kind: 'retry', reason: verdict.reason, ...(verdict.retryAfterMs === undefined ? {} : { retryAfterMs: verdict.retryAfterMs }) };
        case 'release':
          return { kind: 'retry', reason: 'the sidecar is shutting down' };
      }
    } finally {
      counts.delivered();
    }
  }
}

function worst(verdicts: DeliveryVerdict[]): DeliveryVerdict {
  const retries = verdicts.filter((v): v is Extract<DeliveryVerdict, { kind: 'retry' }> => v.kind === 'retry');
  if (retries.length > 0) {
    const waits = retries.flatMap((v) => (v.retryAfterMs === undefined ? [] : [v.retryAfterMs]));
    return { kind: 'retry', reason: retries[0]!.reason, ...(waits.length > 0 ? { retryAfterMs: Math.max(...waits) } : {}) };
  }
  return verdicts.find((v) => v.kind === 'reject') ?? { kind: 'accept' };
}

/** At most `size` holders at once; the others wait their turn, first come first served. */
class Slots {
  readonly #waiting: Array<() => void> = [];
  #free: number;

  constructor(size: number) {
    this.#free = size;
  }

  take(): Promise<void> {
    if (this.#free > 0) {
      this.#free--;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  give(): void {
    const next = this.#waiting.shift();
    if (next !== undefined) next();
    else this.#free++;
  }
}
