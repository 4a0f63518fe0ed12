import type { Capabilities } from '../contract.js';

/**
 * What the Kafka driver can do (Apache Kafka 3.5+ and Event Hubs' Kafka endpoint).
 * `maxMessageBytes` is the broker's default `message.max.bytes` less room for the record
 * batch framing; the `maxMessageBytes` setting follows a broker or topic configured otherwise.
 */
export const kafkaCapabilities: Capabilities = Object.freeze({
  // Queues on Kafka are share groups (KIP-932); the client (@platformatic/kafka) does not speak
  // their RPCs (ShareGroupHeartbeat, ShareFetch, ShareAcknowledge), so queues are refused (settings.ts).
  queues: false,
  // Each subscription is a consumer group of its own; retry and dead-letter topics beside it (topics.ts).
  topics: true,
  // A stream is a topic; its partitions and offsets are Kafka's own.
  streams: true,
  // The ordering key is the record key (one partition per key); an ordered subscription hands out
  // one event per partition at a time and retries in place (subscription-inbox.ts).
  orderingKeys: true,
  scheduledDelivery: false,
  ttl: false,
  // `<subscription>.dlq`, listed and redriven by the driver (dead-letters.ts); streams dead-letter through core.
  nativeDeadLetter: true,
  // The idempotent producer drops the broker-side duplicates of its own retries only; an
  // application resend with the same idempotency key is a new record.
  duplicateDetection: false,
  // Applied in the sidecar; filtered-out events are committed past (subscription-inbox.ts).
  subscriptionFilters: true,
  // Kafka consumer groups: the group coordinator spreads partitions, committed offsets are checkpoints.
  consumerGroups: true,
  // ListOffsets by timestamp.
  streamSeekByTime: true,
  requestReply: false,
  maxMessageBytes: 1024 * 1024,
});
