/**
 * The one contract every broker driver implements.
 *
 * A driver is a thin translation to one broker: it never retries, times out, breaks circuits
 * or counts metrics itself (those wrap it, in src/core). Optional abilities are separate
 * operation groups, present exactly when the matching capability is declared, so the
 * conformance suite and the start-up checks can both be driven by `capabilities` alone.
 *
 * Names passed to a driver are broker entity names (already mapped from logical names).
 * Header names are always lower-case. Times are epoch milliseconds.
 */

import type { Capabilities } from '../kernel/capabilities.js';
import type { DeadLetter, Delivery, InboxDepth, NackOptions, OutboundMessage, SendReceipt, TopicFilter } from '../kernel/messages.js';
import type { AppendEvent, AppendReceipt, GroupLag, PartitionInfo, StreamEvent, StreamPosition } from '../kernel/streams.js';

export type { Capabilities, CapabilityName } from '../kernel/capabilities.js';
export type { DeadLetter, Delivery, InboxDepth, MessageHeaders, NackOptions, OutboundMessage, SendReceipt, TopicFilter } from '../kernel/messages.js';
export type { AppendEvent, AppendReceipt, GroupLag, PartitionInfo, StreamEvent, StreamPosition, StreamStart } from '../kernel/streams.js';

/** Where leased deliveries come from: a queue, or one subscription of a topic. */
export type InboxRef =
  /** `session` (drivers with requestReply): only that session's messages, e.g. one caller's replies. */
  | { kind: 'queue'; queue: string; session?: string }
  | { kind: 'subscription'; topic: string; subscription: string };

export interface InboxSettings {
  /** Deliveries before a message is dead-lettered instead of delivered again. */
  maxDeliveries: number;
  /** Lease (lock, visibility timeout) granted on receive unless the caller asks otherwise. */
  leaseMs: number;
  /** Window within which an idempotency key suppresses a resend (queues only). */
  dedupWindowMs: number;
  /**
   * A consumer relies on per-key FIFO here (a subscription with `ordered: true`). A driver whose
   * ordering depends on how the entity was set up (Service Bus: RequiresSession) refuses the
   * inbox when it cannot keep that promise; others may ignore it.
   */
  ordered?: boolean;
}

export interface SubscriptionSettings extends InboxSettings {
  filter?: TopicFilter;
}

export interface ReceiveOptions {
  max: number;
  /** Long-poll: wait up to this long for the first message. */
  waitMs: number;
  /** Lease length; defaults to the inbox's leaseMs. */
  leaseMs?: number;
  signal?: AbortSignal;
  /**
   * The caller receives again as soon as it has room and settles every delivery (the push loop,
   * a Consume stream): a driver may keep credit flowing between calls, so long as what it locks
   * that no caller took goes back uncounted soon. Drivers without such a mode ignore it.
   */
  continuous?: boolean;
}

export interface QueueOperations {
  ensureQueue(queue: string, settings: InboxSettings): Promise<void>;
  send(queue: string, messages: OutboundMessage[], signal?: AbortSignal): Promise<SendReceipt[]>;
}

export interface TopicOperations {
  ensureTopic(topic: string): Promise<void>;
  ensureSubscription(topic: string, subscription: string, settings: SubscriptionSettings): Promise<void>;
  /** Every subscription whose filter matches gets its own copy; with none, the event is dropped. */
  publish(topic: string, messages: OutboundMessage[], signal?: AbortSignal): Promise<SendReceipt[]>;
}

/** Leased consumption, shared by queues and topic subscriptions. */
export interface InboxOperations {
  receive(inbox: InboxRef, options: ReceiveOptions): Promise<Delivery[]>;
  /** Throws OutriggerError `lease_expired` when the lease is no longer held. */
  ack(inbox: InboxRef, lease: string): Promise<void>;
  nack(inbox: InboxRef, lease: string, options?: NackOptions): Promise<void>;
  /** Extends a held lease; returns the new expiry. */
  renew(inbox: InboxRef, lease: string, leaseMs: number): Promise<number>;
  /** The inbox's dead letters; where they are kept and who moves them: capability `nativeDeadLetter`. */
  listDeadLetters(inbox: InboxRef, options: { limit: number }): Promise<DeadLetter[]>;
  /** Moves dead letters (all, or the given ids) back for delivery with a fresh attempt count. */
  redrive(inbox: InboxRef, options: { ids?: string[] }): Promise<number>;
  depth(inbox: InboxRef): Promise<InboxDepth>;
}

export interface StreamSettings {
  partitions: number;
  retentionMs: number;
}

export interface ReadOptions {
  from: StreamPosition;
  max: number;
  /** Long-poll: wait up to this long when nothing is there yet. */
  waitMs?: number;
  signal?: AbortSignal;
}

export interface PartitionContext {
  stream: string;
  group: string;
  partition: number;
  /** Everything up to and including `offset` is done; a restart resumes after it. */
  checkpoint(offset: number): Promise<void>;
  /** Aborted when this consumer loses the partition or closes. */
  signal: AbortSignal;
}

export interface PartitionProcessor {
  /**
   * Called with events of one partition in offset order; the next call for that partition
   * waits until the returned promise settles. Different partitions run in parallel.
   */
  processEvents(events: StreamEvent[], context: PartitionContext): Promise<void>;
}

export interface ConsumeOptions {
  /** Where a group without a checkpoint starts. */
  start: StreamPosition;
  maxBatch: number;
  signal?: AbortSignal;
}

export interface StreamConsumer {
  ownedPartitions(): number[];
  /** Stops fetching, waits for running processEvents calls, gives up ownership. Idempotent. */
  close(): Promise<void>;
}

export interface StreamOperations {
  ensureStream(stream: string, settings: StreamSettings): Promise<void>;
  append(stream: string, events: AppendEvent[], signal?: AbortSignal): Promise<AppendReceipt[]>;
  partitions(stream: string): Promise<PartitionInfo[]>;
  read(stream: string, partition: number, options: ReadOptions): Promise<StreamEvent[]>;
  /** Joins a consumer group; partitions are shared among all live members of the group. */
  consume(stream: string, group: string, options: ConsumeOptions, processor: PartitionProcessor): Promise<StreamConsumer>;
  lag(stream: string, group: string): Promise<GroupLag[]>;
}

/** Native reply routing, present exactly when `requestReply` is declared. */
export interface ReplyOperations {
  /** The queue every caller's replies go to, each caller reading its own session of it. */
  readonly queue: string;
}

/**
 * Running counts of events a driver handles by itself (a lost lock, a receiver recreated, a
 * throttling back-off), keyed by stable snake_case names. They only ever grow; the metrics layer
 * reads them at each scrape, so a driver keeps counting without knowing about Prometheus.
 */
export type DriverEventCounts = Readonly<Record<string, number>>;

export interface Driver {
  /** The configured driver name, e.g. `embedded`. */
  readonly kind: string;
  readonly capabilities: Capabilities;
  readonly queues?: QueueOperations;
  readonly topics?: TopicOperations;
  readonly inboxes?: InboxOperations;
  readonly streams?: StreamOperations;
  readonly replies?: ReplyOperations;
  connect(signal?: AbortSignal): Promise<void>;
  /** False while the broker connection is down. */
  isConnected(): boolean;
  /**
   * Idempotent; waits for pending writes to be durable until `deadline` (epoch ms; the daemon
   * passes the end of its shutdown grace period). A driver whose writes can go unanswered fails
   * those still pending then with a retriable error rather than waiting longer.
   */
  close(deadline?: number): Promise<void>;
  /** Events handled inside the driver so far, for metrics (drivers with nothing to report omit it). */
  eventCounts?(): DriverEventCounts;
}

export interface DriverOptions {
  /** The broker's name in config. */
  name: string;
  settings: Record<string, unknown>;
  dataDir: string;
}
