/**
 * What a broker can do, declared as data by each driver: the conformance suite, the start-up
 * checks and `outrigger validate` are all driven by it.
 */

export interface Capabilities {
  queues: boolean;
  topics: boolean;
  streams: boolean;
  /** Per-key FIFO: one message of a key in flight at a time, keys in parallel. */
  orderingKeys: boolean;
  /** Delivery not before a given time (delay, not-before, nack with retryAfter). */
  scheduledDelivery: boolean;
  ttl: boolean;
  /**
   * Dead letters live on the broker, beside each inbox: the broker's own dead-letter queue, or an
   * entity of the broker that the driver writes (a copy stored, confirmed by the broker, before
   * the original is settled, or one atomic script). Either way the inbox dead-letters after
   * `maxDeliveries` (nacks and lapsed leases both count) and on request, keeps the reason,
   * attempts, body and headers, and lists and redrives them through `listDeadLetters` / `redrive`;
   * no dead letter exists only in a sidecar. "Native" is where they are kept, not who moves them:
   * each driver's capabilities.ts says which part the broker does and which the driver does.
   * False when the broker keeps none the driver can list (core then dead-letters into
   * `<subscription>.deadletter` on the default broker, or the broker's are out of reach).
   */
  nativeDeadLetter: boolean;
  /** The broker suppresses a second message with the same idempotency key within a window. */
  duplicateDetection: boolean;
  /** Filters on topic subscriptions (CloudEvents type, subject prefix). */
  subscriptionFilters: boolean;
  consumerGroups: boolean;
  /** Streams can be read from a point in time. */
  streamSeekByTime: boolean;
  /**
   * Replies are routed natively: `replies` names one shared queue that every caller reads only
   * its own session of (InboxRef `session`); a reply is sent there with the caller's session as
   * its ordering key. Without it, each caller has a reply queue of its own.
   */
  requestReply: boolean;
  /** The largest message body the broker accepts, in bytes. */
  maxMessageBytes: number;
}

export type CapabilityName = Exclude<keyof Capabilities, 'maxMessageBytes'>;
