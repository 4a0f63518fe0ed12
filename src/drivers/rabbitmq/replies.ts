/**
 * Request/reply with a reply queue per sidecar (requestReply). Core names one shared reply
 * queue (`outrigger.replies`, names.ts) and reads its own session of it; here a session is a
 * queue of its own, named by the session (`outrigger.replies.<app>.<random>`), so no caller ever
 * sees another's replies. A reply sent to the shared queue with the caller's session as ordering
 * key goes straight to that queue (mandatory: a caller that is gone is `unknown_resource`).
 *
 * A reply queue is a classic queue with `x-expires`: a reply lives no longer than its request's
 * deadline, so replication is not worth a Raft group per sidecar, and a queue whose sidecar is
 * gone (no consumer, nobody declaring it) is deleted by the broker after replyQueueExpiryMs
 * instead of staying forever. It is declared again whenever its consumer starts, so a sidecar cut
 * off for longer than that gets it back.
 *
 * A request carries the reply queue in the AMQP reply_to property and its correlation id in
 * correlation_id as well as in Outrigger's headers, so a plain AMQP client sees where and under
 * which id an answer is expected (core reads the answer from Outrigger's reply headers).
 */
import { OutriggerError } from '../../kernel/errors.js';
import type { RabbitmqContext } from './context.js';
import { sharedReplyQueue } from './names.js';

export const replyQueueExpiryMs = 15 * 60_000;

export async function declareReplyQueue(ctx: RabbitmqContext, queue: string): Promise<void> {
  await ctx.connection.queueDeclare({ queue, durable: true, arguments: { 'x-queue-type': 'classic', 'x-expires': replyQueueExpiryMs } });
  ctx.knownQueues.add(queue);
}

/** The reply queue a reply for `session` goes to; bad_request for a session that names none. */
export function replyQueueOf(session: string | undefined): string {
  if (session === undefined || !session.startsWith(`${sharedReplyQueue}.`)) {
    throw new OutriggerError('bad_request', `a reply sent to '${sharedReplyQueue}' needs the caller's session (an '${sharedReplyQueue}.' address) as its ordering key; got ${JSON.stringify(session)}`);
  }
  return session;
}
