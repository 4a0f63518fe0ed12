/**
 * Scheduled delivery for queues, on top of JetStream 2.9 (message schedules came in 2.12). A
 * message sent with a future notBefore is written to the queue's stream at
 * `queue.<queue>.later.due`, which neither the queue's consumer nor its key partitions read. A
 * mover in every sidecar that ensured the queue reads it through the shared durable consumer
 * `outrigger~later`: a message not yet due is nak'd with the time left (counted on this consumer
 * only, which counts nothing for Outrigger), a due one is copied into the queue (its key
 * partition for a keyed message) and then acknowledged. The copy is stored first and carries
 * Nats-Msg-Id `outrigger-later-<sequence>`, so a crash in between leaves the message waiting
 * and the second copy is suppressed within the queue's duplicate window: moved once, never lost.
 */
import { sleepUnlessAborted } from '../../kernel/sleep.js';
import { AckPolicy, DeliverPolicy } from '@nats-io/jetstream';
import type { Msg } from '@nats-io/transport-node';
import { asOutbound, bookkeeping, numberHeader, parseAckSubject, readHeaders } from './codec.js';
import { type NatsContext, nanos } from './context.js';
import { keyPartitionOf } from './key-partitions.js';
import { keySubject, laterConsumer, laterFilter, queueSubject, resourceStream } from './names.js';
import { pull } from './pull.js';
import { write } from './publisher.js';

const ackBody = new TextEncoder().encode('+ACK');

export class LaterMover {
  readonly #ctx: NatsContext;
  readonly #queue: string;
  readonly #stream: string;
  readonly #abort = new AbortController();
  #done: Promise<void> = Promise.resolve();

  constructor(ctx: NatsContext, queue: string) {
    this.#ctx = ctx;
    this.#queue = queue;
    this.#stream = resourceStream('queue', queue);
  }

  async start(): Promise<void> {
    const existing = await this.#ctx.jsm.consumers.info(this.#stream, laterConsumer).catch(() => undefined);
    if (existing === undefined) {
      await this.#ctx.jsm.consumers.add(this.#stream, {
        durable_name: laterConsumer,
        filter_subject: laterFilter(this.#queue),
        ack_policy: AckPolicy.Explicit,
        ack_wait: nanos(30_000),
        deliver_policy: DeliverPolicy.All,
        // Every waiting message is held nak'd by this consumer, however many there are.
        max_ack_pending: -1,
        max_deliver: -1,
      });
    }
    this.#done = this.#loop();
  }

  async close(): Promise<void> {
    this.#abort.abort();
    await this.#done;
  }

  async #loop(): Promise<void> {
    const signal = this.#abort.signal;
    while (!signal.aborted) {
      try {
        for (const msg of await pull(this.#ctx.nc, this.#stream, laterConsumer, { max: 100, waitMs: 1000, signal })) await this.#move(msg);
      } catch {
        // Broker unavailable, or a copy refused: what was not acknowledged comes again.
        await sleepUnlessAborted(500, signal);
      }
    }
  }

  async #move(msg: Msg): Promise<void> {
    const ack = parseAckSubject(msg.reply ?? '');
    if (ack === undefined || msg.reply === undefined) return;
    const headers = readHeaders(msg.headers, true);
    const left = (numberHeader(headers, bookkeeping.notBefore) ?? 0) - Date.now();
    if (left > 5) {
      await this.#ctx.nc.request(msg.reply, new TextEncoder().encode(`-NAK ${JSON.stringify({ delay: nanos(left) })}`), { timeout: 5000 });
      return;
    }
    const message = { ...asOutbound(headers, msg.data, `${this.#stream}-${ack.streamSequence}`), idempotencyKey: `outrigger-later-${ack.streamSequence}` };
    const subject = message.orderingKey === undefined ? queueSubject(this.#queue) : keySubject(this.#queue, keyPartitionOf(message.orderingKey));
    await write(this.#ctx, this.#stream, [{ message, subject, extra: { [bookkeeping.enqueuedAt]: String(ack.timestampMs) } }]);
    await this.#ctx.nc.request(msg.reply, ackBody, { timeout: 5000 });
  }
}
