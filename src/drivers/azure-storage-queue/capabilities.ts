import type { Capabilities } from '../contract.js';

/**
 * What the Storage Queues driver can do, declared truthfully: every `false` here is a thing the
 * service cannot do, and config that asks for it is refused at validate and start-up.
 */
export const storageQueueCapabilities: Capabilities = Object.freeze({
  queues: true,
  // Storage Queues have no topics, subscriptions or logs.
  topics: false,
  streams: false,
  // No sessions, no FIFO guarantee at all: messages come back roughly in insertion order only.
  orderingKeys: false,
  // notBefore -> visibilityTimeout on send (whole seconds, at most 7 days); nack retryAfterMs ->
  // updateMessage visibility.
  scheduledDelivery: true,
  // expiresAt -> messageTimeToLive (whole seconds), and enforced to the millisecond on receive
  // from the envelope's expiry, so an expired message is deleted, never delivered.
  ttl: true,
  // Dead letters are kept on the service, in `<queue>-poison` (the Azure Functions convention),
  // which this driver writes before it deletes the original (poison.ts); the service itself
  // moves nothing, so a message is dead-lettered only while a sidecar receives it.
  nativeDeadLetter: true,
  // The service never looks at message content; an idempotency key is carried, not enforced.
  duplicateDetection: false,
  subscriptionFilters: false,
  consumerGroups: false,
  streamSeekByTime: false,
  requestReply: false,
  // 64 KiB of message text: the limit applies to the encoded envelope (envelope.ts), not the
  // body, so a body near the limit may be refused after Base64 and the JSON around it.
  maxMessageBytes: 64 * 1024,
});
