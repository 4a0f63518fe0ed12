/**
 * The caller's side of request/reply: one reply queue per sidecar process and broker, named
 * `outrigger.replies.<app id>.<random>`, created on first use on the broker that carries the
 * requests, and read by one long-polling loop that hands each reply to the request waiting for
 * it (by correlation id). A reply nobody waits for is dropped and counted: `late` (its request
 * gave up), `duplicate` (already answered: the responder answered twice), `unknown`.
 *
 * The queue is not deleted on shutdown (the driver contract has no delete): it is left empty,
 * since every reply is acked on arrival and replies carry the request's deadline as their TTL.
 *
 * A driver that routes replies natively (`requestReply`, e.g. Service Bus) has one shared reply
 * queue instead: the address is then this process's session of it, read by a session receiver,
 * and requests carry it as their native reply-to (ReplyTo + ReplyToSessionId).
 */
import { randomBytes } from 'node:crypto';
import type { Delivery, Driver, InboxRef, OutboundMessage } from '../../../drivers/contract.js';
import type { Logger } from '../../../observability/logger.js';
import type { Metrics } from '../../../observability/metrics.js';
import { loopDelay, replyReceiveFailedBackoff } from '../../delivery/backoff.js';
import { OutriggerError } from '../../../kernel/errors.js';
import { sleepUnlessAborted } from '../../../kernel/sleep.js';
import { decodeReply, replyQueuePrefix, type WireReply } from './envelope.js';

/** How many finished correlation ids are remembered to tell late and duplicate replies apart. */
const rememberedIds = 10_000;
const receiveWaitMs = 5_000;

interface Waiter {
  resolve(reply: WireReply): void;
}

export class ReplyInbox {
  readonly address: string;
  private readonly pending = new Map<string, Waiter>();
  private readonly finished = new Map<string, 'answered' | 'gave_up'>();
  private readonly stopping = new AbortController();
  private started: Promise<void> | undefined;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly broker: string,
    private readonly driver: Driver,
    appId: string,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
  ) {
    this.address = `${replyQueuePrefix}${appId.slice(0, 64)}.${randomBytes(6).toString('hex')}`;
  }

  /** Where requests say their answer goes, natively (undefined: only in the envelope's headers). */
  get replyTo(): OutboundMessage['replyTo'] {
    const native = this.native();
    return native === undefined ? undefined : { queue: native, session: this.address };
  }

  /** Creates the queue and starts reading it, once; a failure is retried by the next caller. */
  start(): Promise<void> {
    this.started ??= this.open().catch((err: unknown) => {
      this.started = undefined;
      throw err;
    });
    return this.started;
  }

  /** Waits for the reply to `correlationId`; rejects with the signal's reason when it aborts. Register before sending. */
  expect(correlationId: string, signal: AbortSignal): Promise<WireReply> {
    return new Promise<WireReply>((resolve, reject) => {
      const giveUp = (): void => {
        if (!this.pending.delete(correlationId)) return;
        this.remember(correlationId, 'gave_up');
        reject(signal.reason as Error);
      };
      if (signal.aborted) return giveUp();
      signal.addEventListener('abort', giveUp, { once: true });
      this.pending.set(correlationId, {
        resolve: (reply) => {
          signal.removeEventListener('abort', giveUp);
          resolve(reply);
        },
      });
    });
  }

  async close(): Promise<void> {
    this.stopping.abort();
    await this.loop;
  }

  private async open(): Promise<void> {
    const { queues, inboxes } = this.driver;
    if (queues === undefined || inboxes === undefined) {
      throw new OutriggerError('unsupported_operation', `broker '${this.broker}' has no queues, so it cannot carry replies`);
    }
    const native = this.native();
    const queue = native ?? this.address;
    // The shared reply queue is read by session: it must be one that keeps them (`ordered`).
    await queues.ensureQueue(queue, { maxDeliveries: 3, leaseMs: 30_000, dedupWindowMs: 0, ...(native === undefined ? {} : { ordered: true }) });
    this.loop = this.receiveLoop(native === undefined ? { kind: 'queue', queue } : { kind: 'queue', queue, session: this.address });
  }

  /** The shared reply queue of a driver that routes replies by session, if it does. */
  private native(): string | undefined {
    return this.driver.capabilities.requestReply ? this.driver.replies?.queue : undefined;
  }

  private async receiveLoop(ref: InboxRef): Promise<void> {
    const inboxes = this.driver.inboxes!;
    const { signal } = this.stopping;
    let failures = 0;
    while (!signal.aborted) {
      let batch: Delivery[];
      try {
        batch = await inboxes.receive(ref, { max: 100, waitMs: receiveWaitMs, signal });
        failures = 0;
      } catch (err) {
        if (signal.aborted) break;
        failures++;
        this.logger.warn({ err, queue: this.address }, 'receiving replies failed; backing off');
        await sleepUnlessAborted(loopDelay(failures, replyReceiveFailedBackoff), signal);
        continue;
      }
      for (const delivery of batch) {
        this.accept(delivery);
        inboxes.ack(ref, delivery.lease).catch((err: unknown) => this.logger.debug({ err, queue: this.address }, 'could not ack a reply'));
      }
    }
  }

  private accept(delivery: Delivery): void {
    const reply = decodeReply(delivery);
    if (reply === undefined) return this.drop('malformed', delivery.id);
    const waiter = this.pending.get(reply.correlationId);
    if (waiter !== undefined) {
      this.pending.delete(reply.correlationId);
      this.remember(reply.correlationId, 'answered');
      waiter.resolve(reply);
      return;
    }
    const earlier = this.finished.get(reply.correlationId);
    this.drop(earlier === 'answered' ? 'duplicate' : earlier === 'gave_up' ? 'late' : 'unknown', reply.correlationId);
  }

  private drop(reason: string, id: string): void {
    this.metrics.repliesDropped.inc({ reason });
    this.logger.debug({ queue: this.address, id, reason }, 'reply dropped');
  }

  private remember(id: string, how: 'answered' | 'gave_up'): void {
    this.finished.set(id, how);
    if (this.finished.size > rememberedIds) this.finished.delete(this.finished.keys().next().value!);
  }
}
