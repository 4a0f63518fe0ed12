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
  /** The broker keeps dead letters itself and can list and redrive them. */
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
