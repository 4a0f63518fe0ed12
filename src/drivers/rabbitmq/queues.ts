/**
 * Commands: a durable queue each, sent to through the default exchange with publisher confirms;
 * a keyed message of an ordered queue to its key-hash queue (topology.ts), a delayed one through
 * a delay bucket (delays.ts), a reply to its caller's reply queue (replies.ts).
 */
import type { InboxSettings, OutboundMessage, QueueOperations, SendReceipt } from '../contract.js';
import { encode } from './codec.js';
import { mustWait, writeDelayed } from './delays.js';
import type { ContextSource } from './context.js';
import { toRabbitError } from './errors.js';
import { tracked, write } from './publisher.js';
import { sharedReplyQueue } from './names.js';
import { replyQueueOf } from './replies.js';
import { checkQueue, ensureQueue, targetQueue } from './topology.js';

export class RabbitmqQueues implements QueueOperations {
  readonly #ctx: ContextSource;

  constructor(ctx: ContextSource) {
    this.#ctx = ctx;
  }

  async ensureQueue(queue: string, settings: InboxSettings): Promise<void> {
    const ctx = this.#ctx();
    await ensureQueue(ctx, queue, settings).catch((err: unknown) => {
      throw toRabbitError(err, { broker: ctx.broker, action: `declaring queue '${queue}'` });
    });
  }

  /** Resolves once the broker confirmed every message. RabbitMQ never suppresses duplicates. */
  async send(queue: string, messages: OutboundMessage[], signal?: AbortSignal): Promise<SendReceipt[]> {
    const ctx = this.#ctx();
    return tracked(ctx, async () => {
      try {
        const replies = queue === sharedReplyQueue;
        // The default exchange drops a message for a missing queue unroutable, and confirms it all the same.
        if (!replies) await checkQueue(ctx, queue);
        const now = Date.now();
        const routed = await Promise.all(
          messages.map(async (message) => ({ message, target: replies ? replyQueueOf(message.orderingKey) : await targetQueue(ctx, queue, message.orderingKey) })),
        );
        const direct = routed.filter(({ message }) => !mustWait(message.notBefore, now));
        await Promise.all([
          write(ctx, direct.map(({ message, target }) => ({ envelope: encode(message, '', target), data: message.data }))),
          ...routed.flatMap(({ message, target }) => (mustWait(message.notBefore, now) ? [writeDelayed(ctx, target, message, message.notBefore)] : [])),
        ]);
      } catch (err) {
        throw toRabbitError(err, { broker: ctx.broker, action: `sending to queue '${queue}'` });
      }
      return messages.map((message) => ({ id: message.id, duplicate: false }));
    }, signal);
  }
}
