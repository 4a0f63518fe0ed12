/**
 * Consume: a long-lived, credit-limited subscription that a client pulls over one connection
 * (gRPC's Consume stream), instead of Outrigger pushing to an app port. Transport-free: the
 * adapter hands deliveries to the client through `send` and settles by tag.
 */
import type { MessageHeaders, StreamStart } from '../../drivers/contract.js';

export type ConsumeSource =
  | { kind: 'queue'; queue: string }
  /** A configured subscription (topic or stream), by name. */
  | { kind: 'subscription'; name: string }
  | { kind: 'stream'; stream: string; group: string; start: StreamStart };

export interface ConsumerDelivery {
  /** Settles this delivery on this consumer; a redelivery gets a new tag. */
  tag: number;
  id: string;
  attempt: number;
  /** The app was handed this message before: an earlier attempt, or a delivery given back uncounted. */
  redelivered: boolean;
  headers: MessageHeaders;
  data: Uint8Array;
  orderingKey?: string;
  enqueuedAt: number;
  stream?: { partition: number; offset: number; partitionKey?: string };
}

export interface ConsumerNack {
  retryAfterMs?: number;
  deadLetter?: boolean;
  reason?: string;
}

export interface ConsumerInfo {
  kind: 'queue' | 'topic' | 'stream';
  /** Queue, subscription or stream name. */
  name: string;
  group?: string;
  maxDeliveries: number;
  /** The metrics label. */
  label: string;
}

export interface ConsumerOptions {
  /** Credits: the most unsettled deliveries at once. */
  maxInFlight: number;
  /** Hands a delivery to the client. Called only while the client has credit. */
  send(delivery: ConsumerDelivery): void;
}

export interface Consumer {
  readonly info: ConsumerInfo;
  /** Unsettled deliveries now. */
  readonly outstanding: number;
  /** Throws OutriggerError `lease_expired` for a tag that is not an unsettled delivery here. */
  ack(tag: number): Promise<void>;
  nack(tag: number, options: ConsumerNack): Promise<void>;
  /** Stops sending; waits for the client to settle what it holds until `deadline`; then close(). */
  drain(deadline: number): Promise<void>;
  /** Stops at once and gives every unsettled delivery back without counting an attempt. Idempotent. */
  close(): Promise<void>;
}
