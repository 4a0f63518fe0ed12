import type { Capabilities } from '../contract.js';

/**
 * What the Event Grid driver can do, declared truthfully. Event Grid is publish/subscribe only:
 * custom topics and domains push to their subscribers (webhooks, among them this sidecar's own
 * listener, src/api/webhook/), and namespace topics also let a subscriber pull with lock tokens.
 * Pulling needs `namespaceEndpoint`; a broker on a custom topic refuses subscriptions at
 * validate and start-up (descriptor.ts subscriptionProblem).
 */
export const eventGridCapabilities: Capabilities = Object.freeze({
  queues: false,
  topics: true,
  streams: false,
  // Event Grid promises no order at all.
  orderingKeys: false,
  // No delayed publish. (A release may be delayed, but only by 10 s, 1 min, 10 min or 1 h.)
  scheduledDelivery: false,
  // Retention is per namespace topic (event time-to-live on the subscription), never per event.
  ttl: false,
  // Dead letters go to a blob container the data plane cannot list or redrive.
  nativeDeadLetter: false,
  duplicateDetection: false,
  // Filters live on the event subscription (set up in Azure), not in what a data-plane client asks.
  subscriptionFilters: false,
  consumerGroups: false,
  streamSeekByTime: false,
  requestReply: false,
  // 1 MB per event and per request (the service's limits).
  maxMessageBytes: 1024 * 1024,
});
