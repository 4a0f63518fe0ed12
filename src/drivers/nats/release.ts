/**
 * Giving a delivery back without counting the attempt (shutdown, or the app unreachable). JetStream
 * counts every redelivery, nak included, and a message's headers cannot be changed, so release
 * writes a copy to the same inbox that carries the attempts counted so far (`outrigger-attempts`),
 * and then acknowledges the original. The copy is stored first: a crash in between delivers the
 * message twice, never loses it. The copy goes to the end of the inbox and has no Nats-Msg-Id (it
 * would be suppressed as a duplicate of itself). A keyed queue message and an ordered
 * subscription's event are the exception (below).
 *
 * A release with retryAfterMs must not come back sooner, still uncounted. Its copy carries
 * `outrigger-held-until` and is never shown itself: each time the inbox's consumer delivers it
 * early, receive naks it with the time left (JetStream counts those deliveries, which is why it is
 * never shown), and once it is due receive writes a fresh copy without the mark and acknowledges
 * it (Nats-Msg-Id `outrigger-due-<stream>-<sequence>`, so a crash in between is suppressed within
 * the duplicate window). Kept on the broker like a scheduled message: a sidecar that stops meanwhile
 * loses nothing, and any sidecar reading the inbox moves it when due.
 */
import type { Msg } from '@nats-io/transport-node';
import type { MessageHeaders } from '../contract.js';
import { type AckInfo, asOutbound, bookkeeping, numberHeader } from './codec.js';
import { type NatsContext, nanos } from './context.js';
import type { InboxState } from './entities.js';
import type { Held } from './leases.js';
import { copySubject } from './names.js';
import { write } from './publisher.js';

const ackBody = new TextEncoder().encode('+ACK');

/** A nak, redelivered after `delayMs` (at once when 0). */
export function nakBody(delayMs = 0): Uint8Array {
  return new TextEncoder().encode(delayMs > 0 ? `-NAK ${JSON.stringify({ delay: nanos(delayMs) })}` : '-NAK');
}

export async function release(ctx: NatsContext, inbox: InboxState, held: Held, retryAfterMs = 0): Promise<void> {
  if ((inbox.key.subscription === undefined && held.headers[bookkeeping.orderingKey] !== undefined) || inbox.ordered === true) {
    // A keyed queue message, or any event of an ordered subscription: a copy would go behind
    // later messages of its key. A nak keeps it at the head, and costs the attempt.
    held.msg.respond(nakBody(retryAfterMs));
    return;
  }
  const message = asOutbound(held.headers, held.msg.data, `${inbox.stream}-${held.ack.streamSequence}`);
  const extra: Record<string, string> = { [bookkeeping.attempts]: String(held.attempt - 1), [bookkeeping.enqueuedAt]: String(held.enqueuedAt) };
  if (retryAfterMs > 0) extra[bookkeeping.heldUntil] = String(Date.now() + Math.ceil(retryAfterMs));
  await write(ctx, inbox.stream, [{ message, subject: copySubject(inbox.key), extra }]);
  await ctx.nc.request(held.msg.reply ?? '', ackBody, { timeout: 5000 });
}

/**
 * A copy released with retryAfterMs, met at receive: nak'd again while not due, else replaced by
 * a copy that can be delivered. True when it was one (and so is not to be delivered).
 */
export async function holdReleased(ctx: NatsContext, inbox: InboxState, msg: Msg, ack: AckInfo, headers: MessageHeaders): Promise<boolean> {
  const until = numberHeader(headers, bookkeeping.heldUntil);
  if (until === undefined || msg.reply === undefined) return false;
  const left = until - Date.now();
  if (left > 5) {
    await ctx.nc.request(msg.reply, nakBody(left), { timeout: 5000 });
    return true;
  }
  const message = { ...asOutbound(headers, msg.data, `${inbox.stream}-${ack.streamSequence}`), idempotencyKey: `outrigger-due-${inbox.stream}-${ack.streamSequence}` };
  const extra = { [bookkeeping.attempts]: headers[bookkeeping.attempts] ?? '0', [bookkeeping.enqueuedAt]: String(numberHeader(headers, bookkeeping.enqueuedAt) ?? ack.timestampMs) };
  await write(ctx, inbox.stream, [{ message, subject: copySubject(inbox.key), extra }]);
  await ctx.nc.request(msg.reply, ackBody, { timeout: 5000 });
  return true;
}
