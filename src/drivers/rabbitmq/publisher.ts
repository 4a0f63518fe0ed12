/**
 * Writes with publisher confirms: every write resolves only after the broker confirmed it (for a
 * quorum queue: once a majority wrote it), so a caller is answered only for messages that are
 * safe. Close waits for the writes still pending, until its deadline: a write the broker never
 * answers (a quorum queue whose Ra server is down confirms nothing, nor does a silent connection)
 * fails then, retriable, and so does a caller's write when its signal aborts (core's attempt
 * timeout): nothing waits for a confirm for ever, and nothing is answered as stored unless it is.
 *
 * A write to a queue (the default exchange) is mandatory: if the queue no longer exists, the
 * broker returns the message (basic.return, sent before its confirm) instead of confirming it
 * dropped, and the write fails unknown_resource. So a send to a queue deleted after it was first
 * seen is refused, and a copy (dead letter, release, delay) into a missing queue never lets its
 * original be acked.
 *
 * A write to an exchange is mandatory when its envelope says so (topics.ts: an event one of this
 * sidecar's own subscriptions should get); one that comes back fails with Unroutable, for the
 * caller to judge.
 */
import type { Envelope, Publisher, ReturnedMessage } from 'rabbitmq-client';
import { OutriggerError } from '../../kernel/errors.js';
import type { RabbitmqContext } from './context.js';

export interface Write {
  envelope: Envelope;
  data: Uint8Array;
}

export async function write(ctx: RabbitmqContext, writes: Write[]): Promise<void> {
  checkSizes(ctx, writes);
  await Promise.all(writes.map((w) => writeOne(ctx, w)));
}

/** Every write's outcome, for a caller that must know which of them came back (topics.ts). */
export async function writeEach(ctx: RabbitmqContext, writes: Write[]): Promise<PromiseSettledResult<void>[]> {
  checkSizes(ctx, writes);
  return Promise.allSettled(writes.map((w) => writeOne(ctx, w)));
}

/** A mandatory write to an exchange that the broker returned: it reached no queue, and nothing took it. */
export class Unroutable extends Error {
  constructor(
    readonly exchange: string,
    readonly routingKey: string,
  ) {
    super(`the message to exchange '${exchange}' with routing key '${routingKey}' came back unroutable`);
    this.name = 'Unroutable';
  }
}

function checkSizes(ctx: RabbitmqContext, writes: Write[]): void {
  for (const { data } of writes) {
    if (data.byteLength > ctx.settings.maxMessageBytes) {
      throw new OutriggerError('payload_too_large', `message of ${data.byteLength} bytes is larger than ${ctx.settings.maxMessageBytes} bytes, the limit of RabbitMQ broker '${ctx.broker}' (setting maxMessageBytes)`);
    }
  }
}

async function writeOne(ctx: RabbitmqContext, { envelope, data }: Write): Promise<void> {
  const body = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const exchange = envelope.exchange ?? '';
  const toQueue = exchange === '';
  if (!toQueue && envelope.mandatory !== true) {
    await untilGivenUp(ctx, ctx.publisher.send(envelope, body));
    return;
  }
  await untilGivenUp(ctx, ctx.publisher.send({ ...envelope, mandatory: true }, body));
  // The client emits a return on the next turn of the event loop; the confirm may resolve first.
  await new Promise((resolve) => setImmediate(resolve));
  const key = returnKey(exchange, envelope.routingKey, envelope.messageId);
  const returned = ctx.returned.get(key) ?? 0;
  if (returned === 0) return;
  if (returned === 1) ctx.returned.delete(key);
  else ctx.returned.set(key, returned - 1);
  const routingKey = envelope.routingKey ?? '';
  if (!toQueue) throw new Unroutable(exchange, routingKey);
  ctx.knownQueues.delete(routingKey);
  throw new OutriggerError('unknown_resource', `queue '${routingKey}' does not exist on RabbitMQ broker '${ctx.broker}': the message came back unroutable; the driver declares queues when they are first ensured`);
}

/** Counts the messages the broker returned as unroutable, for writeOne to find. */
export function watchReturns(publisher: Publisher, returned: Map<string, number>): void {
  publisher.on('basic.return', (msg: ReturnedMessage) => {
    const key = returnKey(msg.exchange, msg.routingKey, msg.messageId);
    returned.set(key, (returned.get(key) ?? 0) + 1);
  });
}

function returnKey(exchange: string | undefined, routingKey: string | undefined, messageId: string | undefined): string {
  return `${exchange ?? ''}\n${routingKey ?? ''}\n${messageId ?? ''}`;
}

/**
 * Runs a caller's send so that close waits for it (tracked from its first step, synchronously),
 * and answers it as soon as `signal` aborts, confirm or not.
 */
export function tracked<T>(ctx: RabbitmqContext, run: () => Promise<T>, signal?: AbortSignal): Promise<T> {
  const operation = untilAborted(run(), signal, (reason) => (reason instanceof OutriggerError ? reason : new OutriggerError('timeout', `a write to RabbitMQ broker '${ctx.broker}' was aborted before the broker confirmed it; it may or may not have been stored`, { cause: reason })));
  ctx.pending.add(operation);
  void operation.finally(() => ctx.pending.delete(operation)).catch(() => undefined);
  return operation;
}

/** A confirm wait that ends when close gives up on what is still unconfirmed (its deadline). */
function untilGivenUp<T>(ctx: RabbitmqContext, confirmed: Promise<T>): Promise<T> {
  return untilAborted(confirmed, ctx.givingUp.signal, (reason) => reason as OutriggerError);
}

/** `running`'s outcome, or `failure(signal.reason)` as soon as the signal aborts. */
function untilAborted<T>(running: Promise<T>, signal: AbortSignal | undefined, failure: (reason: unknown) => Error): Promise<T> {
  if (signal === undefined) return running;
  if (signal.aborted) {
    running.catch(() => undefined);
    return Promise.reject(failure(signal.reason));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(failure(signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
    running.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}
