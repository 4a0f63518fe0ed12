/**
 * Consume from an inbox (a queue or a topic subscription).
 *
 * Invariants: at most `maxInFlight` deliveries are unsettled (credits are taken before a
 * receive asks for that many); each delivery's lease is renewed at a third of its length while
 * the client holds it; each is settled exactly once — by the client (ack, nack) or, when the
 * consumer closes, released without counting the attempt so another consumer gets it at once.
 */
import type { Delivery } from '../../drivers/contract.js';
import type { Logger } from '../../observability/logger.js';
import type { DeliveryOutcome, Metrics } from '../../observability/metrics.js';
import { loopDelay, receiveFailedBackoff } from '../delivery/backoff.js';
import { LeaseRenewer } from '../delivery/lease-renewer.js';
import type { HandedBack } from '../delivery/handed-back.js';
import { logReleased } from '../delivery/support.js';
import { OutriggerError } from '../../kernel/errors.js';
import { sleepUnlessAborted } from '../../kernel/sleep.js';
import type { BoundInbox } from '../resources.js';
import { Credits } from './credits.js';
import { Held } from './held.js';
import type { Consumer, ConsumerInfo, ConsumerNack, ConsumerOptions } from './types.js';

/** One long-poll; short enough that a stop is noticed promptly even if abort were missed. */
const receiveWaitMs = 5_000;

interface Entry {
  delivery: Delivery;
  stopRenewing: () => void;
  /** When the client was handed it; undefined while it was never sent. */
  since?: number;
}

export class InboxConsumer implements Consumer {
  private readonly credits: Credits;
  private readonly held = new Held<Entry>();
  private readonly stopFetching = new AbortController();
  private loop: Promise<void> | undefined;
  private closing: Promise<void> | undefined;
  private readonly leases: LeaseRenewer;

  constructor(
    readonly info: ConsumerInfo,
    private readonly inbox: BoundInbox,
    private readonly options: ConsumerOptions,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
    private readonly handedBack: HandedBack,
  ) {
    this.credits = new Credits(options.maxInFlight);
    this.leases = new LeaseRenewer(inbox, inbox.settings.leaseMs, (err, delivery) => {
      this.count('lease_lost');
      this.logger.warn({ err, consumer: this.info.label, id: delivery.id }, 'consume: lease renewal failed');
    });
  }

  get outstanding(): number {
    return this.held.size;
  }

  start(): void {
    this.loop ??= this.receiveLoop();
  }

  async ack(tag: number): Promise<void> {
    const entry = this.held.take(tag);
    entry.stopRenewing();
    try {
      await this.inbox.ops.ack(this.inbox.ref, entry.delivery.lease);
      this.count('ack');
    } catch (err) {
      this.countFailure(err);
      throw err;
    } finally {
      this.credits.release();
    }
  }

  async nack(tag: number, options: ConsumerNack): Promise<void> {
    const entry = this.held.take(tag);
    entry.stopRenewing();
    const { maxDeliveries } = this.inbox.settings;
    const exhausted = !options.deadLetter && entry.delivery.attempt >= maxDeliveries;
    const deadLetter = options.deadLetter === true || exhausted;
    const reason = exhausted ? `max deliveries (${maxDeliveries}) reached; last: ${options.reason ?? 'nack'}` : options.reason;
    try {
      await this.inbox.ops.nack(this.inbox.ref, entry.delivery.lease, {
        ...(deadLetter ? { deadLetter: true } : {}),
        ...(reason !== undefined ? { reason } : {}),
        ...(!deadLetter && options.retryAfterMs !== undefined ? { retryAfterMs: options.retryAfterMs } : {}),
      });
      this.count(deadLetter ? 'dead_letter' : 'retry');
    } catch (err) {
      this.countFailure(err);
      throw err;
    } finally {
      this.credits.release();
    }
  }

  async drain(deadline: number): Promise<void> {
    this.stopFetching.abort();
    await this.loop;
    await this.held.untilEmpty(deadline);
    await this.close();
  }

  close(): Promise<void> {
    this.closing ??= this.release();
    return this.closing;
  }

  private async release(): Promise<void> {
    this.stopFetching.abort();
    await this.loop;
    const taken = this.held.takeAll();
    const handed = taken.filter((entry): entry is Entry & { since: number } => entry.since !== undefined);
    for (const { delivery } of handed) this.handedBack.mark(this.inbox.name, delivery.id);
    logReleased(this.logger, this.info.label, handed.map(({ delivery, since }) => ({ id: delivery.id, attempt: delivery.attempt, since })));
    await Promise.allSettled(taken.map((entry) => this.giveBack(entry.delivery, entry.stopRenewing)));
  }

  /** Back to the inbox at once, without counting this delivery as an attempt. */
  private async giveBack(delivery: Delivery, stopRenewing: () => void): Promise<void> {
    stopRenewing();
    try {
      await this.inbox.ops.nack(this.inbox.ref, delivery.lease, { release: true });
      this.count('released');
    } catch (err) {
      // An expired lease is as good as a release: the broker delivers it again anyway.
      this.countFailure(err);
    } finally {
      this.credits.release();
    }
  }

  private async receiveLoop(): Promise<void> {
    const signal = this.stopFetching.signal;
    let failures = 0;
    while (!signal.aborted) {
      const capacity = await this.credits.whenAvailable(signal);
      if (capacity === 0) break;
      let batch: Delivery[];
      try {
        batch = await this.inbox.ops.receive(this.inbox.ref, { max: capacity, waitMs: receiveWaitMs, leaseMs: this.inbox.settings.leaseMs, signal, continuous: true });
        failures = 0;
      } catch (err) {
        if (signal.aborted) break;
        failures++;
        this.logger.warn({ err, consumer: this.info.label }, 'consume: receive failed; backing off');
        await sleepUnlessAborted(loopDelay(failures, receiveFailedBackoff), signal);
        continue;
      }
      this.credits.take(batch.length);
      for (const delivery of batch) {
        const stopRenewing = this.leases.hold(delivery);
        if (signal.aborted) {
          // Received while stopping: nobody will see it, so it goes straight back.
          void this.giveBack(delivery, stopRenewing);
          continue;
        }
        const since = Date.now();
        const tag = this.held.add({ delivery, stopRenewing, since });
        this.count('delivered');
        this.options.send({
          tag,
          id: delivery.id,
          attempt: delivery.attempt,
          redelivered: this.handedBack.take(this.inbox.name, delivery.id) || delivery.attempt > 1,
          headers: delivery.headers,
          data: delivery.data,
          ...(delivery.orderingKey !== undefined ? { orderingKey: delivery.orderingKey } : {}),
          enqueuedAt: delivery.enqueuedAt,
        });
      }
    }
  }

  private count(outcome: DeliveryOutcome | 'delivered'): void {
    this.metrics.consumeDeliveries.inc({ source: this.info.label, outcome });
  }

  private countFailure(err: unknown): void {
    this.count(err instanceof OutriggerError && err.code === 'lease_expired' ? 'lease_lost' : 'settle_failed');
  }
}
