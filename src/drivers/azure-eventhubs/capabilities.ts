import type { Capabilities } from '../contract.js';

/**
 * What the Event Hubs driver can do: streams only. Consumer groups are the SDK's load-balanced
 * EventHubConsumerClient over a blob checkpoint store; reads by time use the enqueued-time filter.
 * `maxMessageBytes` is the standard tier's 1 MiB; the `maxMessageBytes` setting overrides it
 * (basic tier: 256 KiB; premium and dedicated: up to 1 MiB as well).
 */
export const eventHubsCapabilities: Capabilities = Object.freeze({
  queues: false,
  topics: false,
  streams: true,
  orderingKeys: false,
  scheduledDelivery: false,
  ttl: false,
  nativeDeadLetter: false,
  duplicateDetection: false,
  subscriptionFilters: false,
  consumerGroups: true,
  streamSeekByTime: true,
  requestReply: false,
  maxMessageBytes: 1024 * 1024,
});
