import type { Capabilities } from '../contract.js';

/** What the embedded broker can do. `maxMessageBytes` is the default; the `maxMessageBytes` setting overrides it per instance. */
export const embeddedCapabilities: Capabilities = Object.freeze({
  queues: true,
  topics: true,
  streams: true,
  orderingKeys: true,
  scheduledDelivery: true,
  ttl: true,
  nativeDeadLetter: true,
  duplicateDetection: true,
  subscriptionFilters: true,
  consumerGroups: true,
  streamSeekByTime: true,
  // Each caller reads replies from a queue of its own: no shared, session-routed reply queue.
  requestReply: false,
  maxMessageBytes: 1024 * 1024,
});
