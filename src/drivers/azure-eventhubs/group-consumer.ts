/**
 * One member of a consumer group: the SDK's EventHubConsumerClient with a blob checkpoint store
 * spreads the partitions over all live members (claims are ETag-conditional blob writes,
 * renewed every load-balancing interval; a claimed partition's receiver uses owner level 0, so
 * the service disconnects the previous owner's receiver).
 *
 * What this adds to the SDK, and why
 * - The SDK moves on to the next batch when processEvents throws (and stops the partition for a
 *   non-retriable error). The contract wants the same events again: a failed call is repeated,
 *   after `processRetryMs`, with the events not yet checkpointed, until it succeeds or the
 *   partition is lost. The SDK's handler throws only to make the SDK stop a lost partition.
 * - checkpoint(offset) takes our offset (the sequence number) and writes the SDK's checkpoint for
 *   the received event with that sequence number (sequence number and service offset, in the
 *   standard blob layout that other SDKs and KEDA read), at once or, with `checkpointIntervalMs`,
 *   at most once per interval and once more when the partition is given up (not when another
 *   member took it: its checkpoints are the new owner's to write).
 * - Losing a partition aborts its context signal, so that the processor stops and checkpoints no
 *   more: when the SDK stops it (receiver disconnected by the new owner's epoch, shutdown), and
 *   also when the ownership blob names another owner, which this member checks every
 *   load-balancing interval — the SDK itself only notices at its next receive, after the running
 *   processEvents call. A member that takes a partition from a live member waits one and a half
 *   checks before its first delivery, so the old owner has aborted its delivery in flight by
 *   then. Only an old owner that cannot check in time overlaps; a late checkpoint of its own then
 *   only moves the new owner's start within events both processed: at-least-once holds.
 */
import {
  CloseReason,
  earliestEventPosition,
  type EventHubConsumerClient,
  type EventPosition,
  type PartitionContext as SdkContext,
  type PartitionProperties,
  type ReceivedEventData,
  type Subscription,
} from '@azure/event-hubs';
import { OutriggerError } from '../../kernel/errors.js';
import { sleepUnlessAborted } from '../../kernel/sleep.js';
import type { ConsumeOptions, PartitionContext, PartitionProcessor, StreamConsumer, StreamEvent } from '../contract.js';
import { toStreamEvent } from './codec.js';
import { resolvePosition } from './reader.js';

interface Owned {
  readonly controller: AbortController;
  /** Received events by sequence number, kept until a checkpoint passes them. */
  readonly received: Map<number, ReceivedEventData>;
  running: Promise<void> | undefined;
  /** The last sequence number the processor checkpointed, if any. */
  checkpointed: number | undefined;
  /** The last sequence number written to the checkpoint store. */
  written: number | undefined;
  /** Set while a deferred checkpoint write waits (checkpointIntervalMs). */
  timer: NodeJS.Timeout | undefined;
  /** Another member claimed the partition: nothing more may be written for it. */
  lostToOther: boolean;
  /** One context per ownership: its signal aborts when the partition is lost. */
  context: PartitionContext | undefined;
  /** The SDK's context of this partition, which writes checkpoints. */
  sdk: SdkContext | undefined;
  /** Taken from a live member: no delivery before this time (ms since epoch), so the old owner can notice and stop. */
  startAfter: number;
}

interface Claim {
  partitionId: string;
  ownerId: string;
  lastModifiedTimeInMs?: number | undefined;
}

export interface GroupConsumerDeps {
  stream: string;
  group: string;
  client: EventHubConsumerClient;
  options: ConsumeOptions;
  processor: PartitionProcessor;
  partitionCount: number;
  properties(partition: number): Promise<PartitionProperties>;
  retryMs: number;
  /** 0: every checkpoint is written before checkpoint() resolves; more: at most one write per this many ms. */
  checkpointIntervalMs: number;
  /** The group's current ownership blobs: partition id and owner id. */
  ownership(): Promise<Claim[]>;
  watchIntervalMs: number;
  /** A claim older than this is free to take: its owner is presumed dead. */
  ownershipExpiryMs: number;
  fail(err: unknown, action: string): OutriggerError;
}

export class EventHubsGroupConsumer implements StreamConsumer {
  readonly #deps: GroupConsumerDeps;
  readonly #owned = new Map<number, Owned>();
  #subscription: Subscription | undefined;
  #closing: Promise<void> | undefined;
  /** Closes this member when the caller's signal aborts; taken off the signal again on close, as the signal may outlive it. */
  readonly #onAbort = (): void => void this.close();
  #watch: NodeJS.Timeout | undefined;
  /** The claims as last listed, to tell a partition taken from a live member from a free one. */
  #claims = new Map<number, Claim>();

  constructor(deps: GroupConsumerDeps) {
    this.#deps = deps;
  }

  async start(): Promise<void> {
    const { options, client } = this.#deps;
    if (options.signal?.aborted) return this.close();
    options.signal?.addEventListener('abort', this.#onAbort, { once: true });
    // Used only for partitions the group has no checkpoint for. `latest` is pinned to each
    // partition's end now, so that events appended after consume() resolved are never skipped.
    const startPosition: Record<string, EventPosition> = {};
    for (let partition = 0; partition < this.#deps.partitionCount; partition++) {
      // `earliest` stays symbolic: the partition may be claimed long after retention moved its start.
      startPosition[String(partition)] =
        options.start.kind === 'earliest' ? earliestEventPosition : resolvePosition(options.start, await this.#deps.properties(partition)).position;
    }
    // Known before the SDK's first claims, to tell which of them are taken from live members.
    await this.#checkOwnership();
    this.#subscription = client.subscribe(
      {
        processInitialize: async (context) => {
          this.#own(Number(context.partitionId));
        },
        processEvents: (events, context) => this.#process(events, context),
        processClose: async (reason, context) => this.#release(Number(context.partitionId), reason !== CloseReason.OwnershipLost),
        // Receive and load-balancing errors: the SDK retries and re-balances by itself.
        processError: async () => undefined,
      },
      { startPosition, maxBatchSize: options.maxBatch, maxWaitTimeInSeconds: 5, skipParsingBodyAsJson: true },
    );
    this.#watch = setInterval(() => void this.#checkOwnership(), this.#deps.watchIntervalMs);
    this.#watch.unref();
  }

  /** Aborts the partitions whose ownership blob now names another member. */
  async #checkOwnership(): Promise<void> {
    // Only ownerships that began before the listing: a partition claimed meanwhile may show its old owner.
    const before = new Map(this.#owned);
    let claims: Claim[];
    try {
      claims = await this.#deps.ownership();
    } catch {
      return; // The SDK's own load balancing reports and retries storage failures.
    }
    const me = this.#deps.client.identifier;
    this.#claims = new Map(claims.map((claim) => [Number(claim.partitionId), claim]));
    for (const claim of claims) {
      const partition = Number(claim.partitionId);
      const owned = before.get(partition);
      if (owned !== undefined && this.#owned.get(partition) === owned && claim.ownerId !== me) {
        owned.lostToOther = true;
        owned.controller.abort();
      }
    }
  }

  ownedPartitions(): number[] {
    return [...this.#owned.entries()]
      .filter(([, owned]) => !owned.controller.signal.aborted)
      .map(([partition]) => partition)
      .sort((a, b) => a - b);
  }

  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    this.#deps.options.signal?.removeEventListener('abort', this.#onAbort);
    clearInterval(this.#watch);
    // Stops every partition (processClose waits for running calls), then gives the claims up.
    await this.#subscription?.close().catch(() => undefined);
    await Promise.all([...this.#owned.keys()].map((partition) => this.#release(partition, true)));
  }

  /**
   * A new ownership: called when the SDK starts (or restarts) a partition. When the partition was
   * just taken from a member that is alive (its claim is fresh), deliveries wait one and a half
   * ownership checks, so that the old owner has aborted its delivery in flight before ours begin.
   */
  #own(partition: number): void {
    this.#owned.get(partition)?.controller.abort();
    const prior = this.#claims.get(partition);
    const now = Date.now();
    const fromLiveMember =
      prior !== undefined && prior.ownerId !== '' && prior.ownerId !== this.#deps.client.identifier && now - (prior.lastModifiedTimeInMs ?? 0) < this.#deps.ownershipExpiryMs;
    this.#owned.set(partition, {
      controller: new AbortController(),
      received: new Map(),
      running: undefined,
      checkpointed: undefined,
      written: undefined,
      timer: undefined,
      lostToOther: false,
      context: undefined,
      sdk: undefined,
      startAfter: fromLiveMember ? now + Math.ceil(1.5 * this.#deps.watchIntervalMs) : 0,
    });
  }

  /** Ends one ownership: aborts, waits for the running call, writes a deferred checkpoint unless another member owns the partition now. */
  async #release(partition: number, flush: boolean): Promise<void> {
    const owned = this.#owned.get(partition);
    if (owned === undefined) return;
    owned.controller.abort();
    await owned.running;
    clearTimeout(owned.timer);
    owned.timer = undefined;
    if (flush && !owned.lostToOther) await this.#write(owned).catch(() => undefined);
    if (this.#owned.get(partition) === owned) this.#owned.delete(partition);
  }

  async #process(received: ReceivedEventData[], sdk: SdkContext): Promise<void> {
    const partition = Number(sdk.partitionId);
    const owned = this.#owned.get(partition);
    // Lost to another member's claim: throwing (not retriable) makes the SDK stop this receiver,
    // so that a later claim of ours starts a fresh one from the checkpoint.
    if (owned === undefined || owned.controller.signal.aborted) throw lost(partition);
    if (received.length === 0 || this.#closing !== undefined) return;
    for (const event of received) owned.received.set(event.sequenceNumber, event);
    const events = received.map((event) => toStreamEvent(event, partition));
    const work = this.#deliver(events, owned, sdk).finally(() => {
      if (owned.running === work) owned.running = undefined;
    });
    owned.running = work;
    await work;
    if (owned.controller.signal.aborted && this.#closing === undefined) throw lost(partition);
  }

  /** Never throws: a failed call is repeated with what is not yet checkpointed, until it succeeds or the partition is lost. */
  async #deliver(events: StreamEvent[], owned: Owned, sdk: SdkContext): Promise<void> {
    const { signal } = owned.controller;
    owned.context ??= {
      stream: this.#deps.stream,
      group: this.#deps.group,
      partition: Number(sdk.partitionId),
      signal,
      checkpoint: (offset) => this.#checkpoint(owned, sdk, offset),
    };
    const { context } = owned;
    const wait = owned.startAfter - Date.now();
    if (wait > 0) await sleepUnlessAborted(wait, signal);
    let pending = events;
    while (!signal.aborted && pending.length > 0) {
      try {
        await this.#deps.processor.processEvents(pending, context);
        return;
      } catch {
        const done = owned.checkpointed;
        if (done !== undefined) pending = pending.filter((event) => event.offset > done);
        await sleepUnlessAborted(this.#deps.retryMs, signal);
      }
    }
  }

  async #checkpoint(owned: Owned, sdk: SdkContext, offset: number): Promise<void> {
    const where = `checkpointing stream '${this.#deps.stream}' partition ${sdk.partitionId} for group '${this.#deps.group}'`;
    if (owned.controller.signal.aborted) {
      throw new OutriggerError('lease_expired', `${where}: this consumer no longer owns the partition; the new owner resumes from the last checkpoint`);
    }
    if (owned.checkpointed !== undefined && offset <= owned.checkpointed) return;
    if (!owned.received.has(offset)) throw new OutriggerError('bad_request', `${where}: offset ${offset} was not delivered to this consumer`);
    owned.checkpointed = offset;
    owned.sdk = sdk;
    if (this.#deps.checkpointIntervalMs === 0) {
      try {
        await this.#write(owned);
      } catch (err) {
        throw this.#deps.fail(err, where);
      }
      return;
    }
    this.#arm(owned);
  }

  #arm(owned: Owned): void {
    if (owned.timer !== undefined) return;
    owned.timer = setTimeout(() => {
      owned.timer = undefined;
      if (owned.controller.signal.aborted) return;
      // A failed write is tried again at the next interval; the checkpoint only lags meanwhile.
      this.#write(owned).catch(() => this.#arm(owned));
    }, this.#deps.checkpointIntervalMs);
  }

  /** Writes the processor's latest checkpoint in the SDK's layout (sequence number and service offset). */
  async #write(owned: Owned): Promise<void> {
    const target = owned.checkpointed;
    const event = target === undefined ? undefined : owned.received.get(target);
    if (target === undefined || owned.sdk === undefined || event === undefined || (owned.written !== undefined && target <= owned.written)) return;
    await owned.sdk.updateCheckpoint(event);
    owned.written = Math.max(owned.written ?? -1, target);
    for (const seq of owned.received.keys()) if (seq <= owned.written) owned.received.delete(seq);
  }
}

function lost(partition: number): Error {
  return Object.assign(new Error(`partition ${partition} is owned by another member now`), { retryable: false });
}
