import type { Capabilities } from '../contract.js';

/**
 * What the Service Bus driver can do in this slice. `maxMessageBytes` is the standard tier's
 * 256 KiB; the `maxMessageBytes` setting overrides it per broker (premium: up to 100 MiB).
 */
export const serviceBusCapabilities: Capabilities = Object.freeze({
  queues: true,
  topics: true,
  streams: false,
  // Ordering keys are sessions: FIFO per key on session-enabled entities (session-inbox.ts).
  orderingKeys: true,
  // notBefore -> scheduledEnqueueTimeUtc; nack with retryAfterMs on a queue -> a scheduled copy.
  scheduledDelivery: true,
  ttl: true,
  nativeDeadLetter: true,
  // Service Bus suppresses duplicates only on entities created with duplicate detection, and
  // never tells the sender that it did: a receipt cannot say `duplicate: true`. Idempotency
  // keys still become the MessageId, so such entities deduplicate (see docs).
  duplicateDetection: false,
  // Filters are subscription rules (rules.ts): managed with manageEntities, otherwise checked.
  subscriptionFilters: true,
  consumerGroups: false,
  streamSeekByTime: false,
  // Replies go to one session-enabled queue (setting replyQueue), ReplyTo + ReplyToSessionId on the request.
  requestReply: true,
  maxMessageBytes: 256 * 1024,
});
