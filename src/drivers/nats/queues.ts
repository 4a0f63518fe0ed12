/** Queues: a work-queue stream each, written through the publisher; keyed messages to their key partition (key-partitions.ts). */
import type { InboxSettings, OutboundMessage, QueueOperations, SendReceipt } from '../contract.js';
import type { ContextSource } from './context.js';
import { ensureInbox, ensureResourceStream } from './entities.js';
import { toNatsError } from './errors.js';
import type { NatsInboxes } from './inbox.js';
import { keyPartitionOf } from './key-partitions.js';
import { keySubject, queueSubject, resourceStream } from './names.js';
import { write } from './publisher.js';

export class NatsQueues implements QueueOperations {
  readonly #ctx: ContextSource;
  readonly #inboxes: NatsInboxes;

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
    } catch (err) {
      throw toNatsError(err, { broker: ctx.broker, action: `creating queue '${queue}'` });
    }
  }

  async send(queue: string, messages: OutboundMessage[], signal?: AbortSignal): Promise<SendReceipt[]> {
    const ctx = this.#ctx();
    try {
      return await write(ctx, resourceStream('queue', queue), messages.map((message) => ({ message, subject: message.orderingKey === undefined ? queueSubject(queue) : keySubject(queue, keyPartitionOf(message.orderingKey)) })), signal);
    } catch (err) {
      throw toNatsError(err, { broker: ctx.broker, action: `sending to queue '${queue}'` });
    }
  }
}
