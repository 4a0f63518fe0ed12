/**
 * Giving a delivery back without counting the attempt (shutdown). JetStream counts every
 * redelivery, nak included, and a message's headers cannot be changed, so release writes a copy
 * to the same inbox that carries the attempts counted so far (`outrigger-attempts`), and then
 * acknowledges the original. The copy is stored first: a crash in between delivers the message
 * twice, never loses it. The copy goes to the end of the inbox and has no Nats-Msg-Id (it would
 * be suppressed as a duplicate of itself). A keyed queue message and an ordered subscription's event are the exception (below).
 */
import { asOutbound, bookkeeping } from './codec.js';
import type { NatsContext } from './context.js';
import type { InboxState } from './entities.js';
import type { Held } from './leases.js';
import { copySubject } from './names.js';
import { write } from './publisher.js';

const ackBody = new TextEncoder().encode('+ACK');
const nakBody = new TextEncoder().encode('-NAK');

export async function release(ctx: NatsContext, inbox: InboxState, held: Held): Promise<void> {
  if ((inbox.key.subscription === undefined && held.headers[bookkeeping.orderingKey] !== undefined) || inbox.ordered === true) {
    // A keyed queue message, or any event of an ordered subscription: a copy would go behind
    // later messages of its key. A nak keeps it at the head, and costs the attempt.
    held.msg.respond(nakBody);
    return;
  }
  const message = asOutbound(held.headers, held.msg.data, `${inbox.stream}-${held.ack.streamSequence}`);
  await write(ctx, inbox.stream, [
    {
      message,
      subject: copySubject(inbox.key),
      extra: { [bookkeeping.attempts]: String(held.attempt - 1), [bookkeeping.enqueuedAt]: String(held.enqueuedAt) },
    },
  ]);
  await ctx.nc.request(held.msg.reply ?? '', ackBody, { timeout: 5000 });
}
