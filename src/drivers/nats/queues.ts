/**
 * Queues: a work-queue stream each, written through the publisher; keyed messages to their key
 * partition (key-partitions.ts), messages not yet due to the queue's waiting room (schedule.ts).
 */
import type { InboxSettings, OutboundMessage, QueueOperations, SendReceipt } from '../contract.js';
import type { ContextSource } from './context.js';
import { ensureInbox, ensureResourceStream } from './entities.js';
import { toNatsError } from './errors.js';
import type { NatsInboxes } from './inbox.js';
import { keyPartitionOf } from './key-partitions.js';
import { keySubject, laterSubject, queueSubject, resourceStream } from './names.js';
import { write } from './publisher.js';
import { LaterMover } from './schedule.js';

export class NatsQueues implements QueueOperations {
  readonly #ctx: ContextSource;
  readonly #inboxes: NatsInboxes;
  readonly #movers = new Map<string, LaterMover>();

  constructor(ctx: ContextSource, inboxes: NatsInboxes) {
    this.#ctx = ctx;
    this.#inboxes = inboxes;
  }

  async ensureQueue(queue: string, settings: InboxSettings): Promise<void> {
    const ctx = this.#ctx();
    try {
      await ensureResourceStream(ctx, 'queue', queue, settings.dedupWindowMs);
      await ensureInbox(ctx, { resource: queue }, settings.leaseMs, { maxDeliveries: settings.maxDeliveries });
      await this.#inboxes.refresh({ kind: 'queue', queue });
      if (!this.#movers.has(queue)) {
        const mover = new LaterMover(ctx, queue);
        await mover.start();
        this.#movers.set(queue, mover);
      }
    } catch (err) {
      throw toNatsError(err, { broker: ctx.broker, action: `creating queue '${queue}'` });
    }
  }

  async send(queue: string, messages: OutboundMessage[], signal?: AbortSignal): Promise<SendReceipt[]> {
    const ctx = this.#ctx();
    try {
      const now = Date.now();
      const subjectOf = (message: OutboundMessage): string => {
        if (message.notBefore !== undefined && message.notBefore > now) return laterSubject(queue);
        return message.orderingKey === undefined ? queueSubject(queue) : keySubject(queue, keyPartitionOf(message.orderingKey));
      };
      return await write(ctx, resourceStream('queue', queue), messages.map((message) => ({ message, subject: subjectOf(message) })), signal);
    } catch (err) {
      throw toNatsError(err, { broker: ctx.broker, action: `sending to queue '${queue}'` });
    }
  }

  /** Stops every mover (the driver is closing). */
  async closeMovers(): Promise<void> {
    await Promise.all([...this.#movers.values()].map((mover) => mover.close()));
    this.#movers.clear();
  }
}
