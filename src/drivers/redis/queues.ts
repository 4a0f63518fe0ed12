/** Queues: a stream per queue, read through the driver's consumer group. */
import type { InboxSettings, OutboundMessage, QueueOperations, SendReceipt } from '../contract.js';
import type { RedisConnection } from './connection.js';
import { toRedisError } from './errors.js';
import { streamKeys, type InboxKeys, type KeySpace } from './keys.js';
import type { MessageWriter } from './writer.js';

export interface EntityContext {
  broker: string;
  group: string;
  keys: KeySpace;
  connection: RedisConnection;
  /** The one writer of the driver, so that sends to a queue from concurrent callers share script calls. */
  writer: MessageWriter;
  maxMessageBytes: number;
}

/**
 * Creates the stream and its group if missing (from the start, so entries a plain client added
 * before are delivered too) and stores the inbox settings beside it, where every sidecar's
 * scripts read them.
 */
export async function ensureInboxStream(cx: EntityContext, keys: InboxKeys, settings: InboxSettings): Promise<void> {
  try {
    await cx.connection.command(['XGROUP', 'CREATE', keys.stream, cx.group, '0', 'MKSTREAM']);
  } catch (err) {
    if (!(err instanceof Error && err.message.startsWith('BUSYGROUP'))) throw err;
  }
  await cx.connection.command([
    'HSET',
    keys.meta,
    'maxDeliveries',
    String(settings.maxDeliveries),
    'leaseMs',
    String(settings.leaseMs),
    'dedupWindowMs',
    String(settings.dedupWindowMs),
  ]);
}

export class RedisQueues implements QueueOperations {
  readonly #cx: EntityContext;

  constructor(context: EntityContext) {
    this.#cx = context;
  }

  async ensureQueue(queue: string, settings: InboxSettings): Promise<void> {
    try {
      await ensureInboxStream(this.#cx, streamKeys(this.#cx.keys.queueStream(queue)), settings);
    } catch (err) {
      throw toRedisError(err, this.#cx.broker, `creating queue '${queue}'`);
    }
  }

  async send(queue: string, messages: OutboundMessage[]): Promise<SendReceipt[]> {
    if (messages.length === 0) return [];
    const keys = streamKeys(this.#cx.keys.queueStream(queue));
    try {
      const targets = [keys];
      const writes = messages.map((message) => ({
        message,
        targets,
        ...(message.idempotencyKey === undefined ? {} : { dedupKey: this.#cx.keys.dedup(queue, message.idempotencyKey) }),
      }));
      // Only a topic's publish names a subscription list version; a queue's send is never refused.
      return (await this.#cx.writer.write(keys.meta, writes, this.#cx.maxMessageBytes)) as SendReceipt[];
    } catch (err) {
      throw toRedisError(err, this.#cx.broker, `sending to queue '${queue}'`);
    }
  }
}
