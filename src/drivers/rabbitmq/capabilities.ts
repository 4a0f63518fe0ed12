import type { Capabilities } from '../contract.js';

/**
 * What the RabbitMQ driver can do (RabbitMQ 3.10 or later, AMQP 0-9-1). Each `false` says why
 * beside the flag; docs/delivery-guarantees.md says how each `true` is kept.
 */
export const rabbitmqCapabilities: Capabilities = Object.freeze({
  queues: true,
  topics: true,
  // Stream queues over AMQP 0-9-1, a stream queue per partition; offsets from each partition's
  // tail (stream-tail.ts). The stream protocol is not used: its client (rabbitmq-stream-js-client
  // 1.0) cannot talk to RabbitMQ 3.10.
  streams: true,
  // One delivery per key at a time within a driver instance (keyed.ts); across sidecars, ordered
  // inboxes consume their key-hash queues with a single active consumer each (topology.ts).
  orderingKeys: true,
  // Without plugins: per-delay TTL queues dead-lettering back into the inbox (delays.ts).
  scheduledDelivery: true,
  // The message carries a per-message expiration (the broker drops it at the head of the queue)
  // and the expiry in a header; the driver also drops an expired message at receive, unseen.
  ttl: true,
  // Kept on the broker (the flag's meaning: kernel/capabilities.ts), in a durable
  // '<queue>.deadletter' queue per inbox. After maxDeliveries, and on request, the driver copies
  // the message there with its reason and attempts (publisher confirm) before it acks the
  // original, so a crash in between duplicates and never loses. The broker moves only what a plain
  // client rejects and what expires in the queue: the inbox names that queue as its dead-letter
  // target (default exchange), reason from x-first-death-reason. x-delivery-limit is not used
  // (topology.ts says why), so the broker never dead-letters by delivery count.
  nativeDeadLetter: true,
  // RabbitMQ has no duplicate suppression by message id (it would need a plugin).
  duplicateDetection: false,
  // Types become bindings of the subscription queue on the topic exchange; the subject prefix
  // (not expressible as a routing key) and the full filter are checked again at receive.
  subscriptionFilters: true,
  // Coordinated by the driver (stream-group.ts): owner locks are exclusive queues, checkpoints a
  // small stream queue per group and partition; the stream protocol's server-side offsets are not used.
  consumerGroups: true,
  // x-stream-offset with an interval starts at a chunk; earlier events are skipped (stream-read.ts).
  streamSeekByTime: true,
  // A reply queue per sidecar, addressed as a session of 'outrigger.replies', expiring once its
  // sidecar is gone (replies.ts).
  requestReply: true,
  // RabbitMQ 3.10's default max_message_size (128 MiB); the maxMessageBytes setting lowers or
  // raises it to match the server's configuration.
  maxMessageBytes: 128 * 1024 * 1024,
});
