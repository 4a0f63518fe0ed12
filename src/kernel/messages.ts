/**
 * Messages as every layer sees them: what is sent to a queue or topic, what a consumer is
 * delivered, what a dead-letter store holds. Header names are always lower-case; times are epoch
 * milliseconds.
 */

export type MessageHeaders = Record<string, string>;

export interface OutboundMessage {
  /** Message id; for events, the CloudEvents id. */
  id: string;
  /** ce-* attributes, content-type, traceparent and any other carried headers. */
  headers: MessageHeaders;
  data: Uint8Array;
  orderingKey?: string;
  idempotencyKey?: string;
  /** Not delivered before this time. */
  notBefore?: number;
  /** Dropped if still undelivered at this time. */
  expiresAt?: number;
  /** Where an answer to this message goes; drivers with requestReply carry it natively, others ignore it. */
  replyTo?: { queue: string; session?: string };
}

export interface SendReceipt {
  id: string;
  /** True when the broker suppressed this message as a duplicate; `id` is then the original's. */
  duplicate: boolean;
}

export interface TopicFilter {
  /** CloudEvents `type` must equal one of these. */
  types?: string[];
  /** CloudEvents `subject` must start with this. */
  subjectPrefix?: string;
}

export interface Delivery {
  id: string;
  /** Opaque token that settles this delivery; valid until the lease expires. */
  lease: string;
  /** 1 on first delivery. */
  attempt: number;
  headers: MessageHeaders;
  data: Uint8Array;
  orderingKey?: string;
  enqueuedAt: number;
  leaseExpiresAt: number;
}

export interface NackOptions {
  /** Redeliver no sooner than this; 0 or absent means at once. */
  retryAfterMs?: number;
  /** Dead-letter now instead of redelivering. */
  deadLetter?: boolean;
  reason?: string;
  /**
   * Give the message back without counting this delivery as an attempt: used on shutdown,
   * so that stopping a sidecar never pushes a message towards its dead-letter limit.
   */
  release?: boolean;
}

export interface DeadLetter {
  id: string;
  headers: MessageHeaders;
  data: Uint8Array;
  orderingKey?: string;
  attempts: number;
  reason: string;
  enqueuedAt: number;
  deadLetteredAt: number;
}

export interface InboxDepth {
  ready: number;
  inFlight: number;
  deadLettered: number;
}
