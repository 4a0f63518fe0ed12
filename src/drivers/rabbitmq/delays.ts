/**
 * Delivery not before a time (a delayed send, a nack with retryAfterMs) without plugins: a
 * message that must wait goes to a delay bucket of its inbox, `<queue>.delay.<ms>`, a durable
 * queue whose every message expires after `<ms>` (x-message-ttl) and is then dead-lettered back
 * into the inbox queue. One TTL per bucket keeps the bucket FIFO, so expiry at its head is never
 * held up by a longer-lived message in front.
 *
 * The buckets are a bounded set: 50 ms doubled 21 times (50 ms … about 29 h). A message goes to
 * the longest bucket no longer than what it still has to wait, or the shortest when it has less
 * than that; the time it must wait until travels in `outrigger-not-before`, and a message back
 * in the inbox before that time (it took the shortest bucket, or it waits longer than the
 * longest) is sent on to the next bucket, unseen. So a delay is never cut short: it is kept to
 * within about 50 ms plus the broker's expiry latency, in at most 22 hops.
 *
 * A bucket is declared on first use. With quorum queues its dead-lettering is at-least-once
 * (x-dead-letter-strategy, which needs x-overflow reject-publish): the broker moves a message on
 * only once the inbox confirmed it. Classic queues dead-letter at most once: a message expiring
 * in a bucket while the server crashes can be lost (docs/delivery-guarantees.md).
 */
import type { OutboundMessage } from '../contract.js';
import { bookkeeping, encode } from './codec.js';
import type { RabbitmqContext } from './context.js';
import { write } from './publisher.js';

export const delayBuckets: readonly number[] = Object.freeze(Array.from({ length: 22 }, (_, k) => 50 * 2 ** k));

export function delayQueue(queue: string, bucketMs: number): string {
  return `${queue}.delay.${bucketMs}`;
}

/** Whether a message that may be delivered from `notBefore` must still wait. */
export function mustWait(notBefore: number | undefined, now = Date.now()): notBefore is number {
  return notBefore !== undefined && notBefore > now;
}

export function bucketFor(remainingMs: number): number {
  let chosen = delayBuckets[0] as number;
  for (const bucket of delayBuckets) if (bucket <= remainingMs) chosen = bucket;
  return chosen;
}

async function ensureBucket(ctx: RabbitmqContext, queue: string, bucketMs: number): Promise<string> {
  const name = delayQueue(queue, bucketMs);
  if (ctx.knownQueues.has(name)) return name;
  const quorum = ctx.settings.queueType === 'quorum';
  await ctx.connection.queueDeclare({
    queue: name,
    durable: true,
    arguments: {
      'x-queue-type': ctx.settings.queueType,
      'x-message-ttl': bucketMs,
      'x-dead-letter-exchange': '',
      'x-dead-letter-routing-key': queue,
      ...(quorum ? { 'x-dead-letter-strategy': 'at-least-once', 'x-overflow': 'reject-publish' } : {}),
    },
  });
  ctx.knownQueues.add(name);
  return name;
}

/** Writes `message` (confirmed) to the bucket of `queue` that suits its wait until `notBefore`; `extra` are bookkeeping headers. */
export async function writeDelayed(ctx: RabbitmqContext, queue: string, message: OutboundMessage, notBefore: number, extra: Record<string, string> = {}): Promise<void> {
  const bucket = await ensureBucket(ctx, queue, bucketFor(notBefore - Date.now()));
  const envelope = encode(message, '', bucket, { ...extra, [bookkeeping.notBefore]: String(notBefore) });
  await write(ctx, [{ envelope, data: message.data }]);
}
