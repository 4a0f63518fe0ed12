import type { Capabilities } from '../contract.js';

/**
 * What the RabbitMQ driver can do (RabbitMQ 3.10 or later, AMQP 0-9-1). Each `false` says why
 * beside the flag; docs/delivery-guarantees.md says how each `true` is kept.
 */
export const rabbitmqCapabilities: Capabilities = Object.freeze({
  queues: true,
  topics: true,
  // Not yet (descriptor.ts missingBecause says why at validate and start). Over AMQP 0-9-1 a
  // publisher confirm carries no offset and a partition's first and next offsets are not
  // reported; server-side consumer offsets exist only in the stream protocol. Its client,
  // rabbitmq-stream-js-client 1.0, opens every connection with ExchangeCommandVersions, which
  // RabbitMQ 3.10 does not know: the server closes the connection (measured on 3.10.8 with the
  // rabbitmq_stream plugin enabled). 3.10 also lacks StreamStats (first and next offsets) and
  // single active consumers on streams (both 3.11).
  streams: false,
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
  consumerGroups: false,
  streamSeekByTime: false,
  // A reply queue per sidecar, addressed as a session of 'outrigger.replies', expiring once its
  // sidecar is gone (replies.ts).
  requestReply: true,
  // RabbitMQ 3.10's default max_message_size (128 MiB); the maxMessageBytes setting lowers or
  // raises it to match the server's configuration.
  maxMessageBytes: 128 * 1024 * 1024,
});
