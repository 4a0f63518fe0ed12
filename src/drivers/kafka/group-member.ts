/**
 * One member of a Kafka consumer group (the classic protocol, which Event Hubs' Kafka endpoint
 * speaks too, rebalancing cooperatively: assigner.ts): the group leader spreads the stream's
 * partitions over the live members and the committed offset of a partition is its checkpoint
 * (the next offset to read, so checkpoint N commits N + 1).
 *
 * The client joins, heartbeats and rejoins on a rebalance; what it fetches is ours: one loop
 * fetches every owned partition that has room for a batch (one batch is prefetched while the
 * previous one is processed), and each partition processes its batches one after another,
 * partitions in parallel. A failed processEvents call is repeated with the events not yet
 * checkpointed, after processRetryMs, until it succeeds or the partition is lost.
 *
 * Losing a partition (a rebalance gave it to another member, or close) aborts its context, so
 * that its processor stops; a checkpoint after that is refused with lease_expired, and so is one
 * the coordinator refuses because the generation moved on. The new owner starts from the last
 * committed offset: at-least-once.
 */
import { sleepUnlessAborted } from '../../kernel/sleep.js';
import type { Admin, Consumer, GroupAssignment } from '@platformatic/kafka';
import { OutriggerError } from '../../kernel/errors.js';
import type { ConsumeOptions, PartitionContext, PartitionProcessor, StreamConsumer, StreamEvent } from '../contract.js';
import { toStreamEvent } from './codec.js';
import { Fetcher } from './fetcher.js';

/** Long-poll of one fetch: how late a newly freed partition may join the next fetch. */
const FETCH_WAIT_MS = 500;
const PARTITION_FETCH_BYTES = 1024 * 1024;

interface Owned {
  readonly partition: number;
  readonly controller: AbortController;
  readonly context: PartitionContext;
  /** Next offset to fetch; undefined until the start is known. */
  next: number | undefined;
  /** Fetched, not yet processed. */
  buffer: StreamEvent[];
  running: Promise<void> | undefined;
  checkpointed: number | undefined;
}

export interface GroupMemberDeps {
  consumer: Consumer;
  admin: Admin;
  stream: string;
  group: string;
  options: ConsumeOptions;
  processor: PartitionProcessor;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  retryMs: number;
  /** 0: each checkpoint is committed before checkpoint() resolves; more: commits at most once per this many ms. */
  commitIntervalMs: number;
  fail(err: unknown, action: string): OutriggerError;
}

export class KafkaGroupMember implements StreamConsumer {
  readonly #deps: GroupMemberDeps;
  readonly #fetcher: Fetcher;
  readonly #owned = new Map<number, Owned>();
  /** Each partition's latest processing run, also of ownerships already lost: a new one waits for it. */
  readonly #runs = new Map<number, Promise<void>>();
  readonly #stopping = new AbortController();
  #wake: (() => void) | undefined;
  #rejoin = false;
  /** Deferred commits (commitIntervalMs): next offset to read, by partition. */
  readonly #pending = new Map<number, number>();
  #commitTimer: NodeJS.Timeout | undefined;
  #loop: Promise<void> | undefined;
  #closing: Promise<void> | undefined;
  /** Closes this member when the caller's signal aborts; taken off the signal again on close, as the signal may outlive it. */
  readonly #onAbort = (): void => void this.close();

  constructor(deps: GroupMemberDeps) {
    this.#deps = deps;
    this.#fetcher = new Fetcher(deps.consumer);
  }

  async start(): Promise<void> {
    const { consumer, stream, options } = this.#deps;
    consumer.topics.track(stream);
    consumer.on('consumer:group:join', ({ assignments }) => this.#assign(assignments ?? []));
    // Cooperative rebalancing, first round: partitions revoked from this member stop here, before
    // the client rejoins and the next round gives them to their new owner.
    consumer.on('consumer:group:rebalance', () => this.#assign(consumer.assignments ?? []));
    // The client rejoins by itself after a rebalance; only a rejoin that failed (reported here)
    // leaves the member out of the group, and the loop joins again. Joining while the client's own
    // rejoin runs would start yet another rebalance.
    consumer.on('error', () => {
      this.#rejoin = true;
    });
    await this.#join();
    options.signal?.addEventListener('abort', this.#onAbort, { once: true });
    this.#loop = this.#run();
  }

  ownedPartitions(): number[] {
    return [...this.#owned.values()]
      .filter((owned) => owned.next !== undefined && !owned.controller.signal.aborted)
      .map((owned) => owned.partition)
      .sort((a, b) => a - b);
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#deps.options.signal?.removeEventListener('abort', this.#onAbort);
      this.#stopping.abort();
      for (const owned of this.#owned.values()) owned.controller.abort();
      this.#wake?.();
      await this.#loop;
      await Promise.all(this.#runs.values());
      clearTimeout(this.#commitTimer);
      await this.#flush();
      this.#owned.clear();
      // Leaving the group (close does) lets the coordinator hand the partitions on at once.
      await this.#deps.consumer.close(true).catch(() => undefined);
    })();
    return this.#closing;
  }

  async #join(): Promise<void> {
    const { consumer, sessionTimeoutMs, heartbeatIntervalMs } = this.#deps;
    await consumer.joinGroup({ sessionTimeout: sessionTimeoutMs, heartbeatInterval: heartbeatIntervalMs, rebalanceTimeout: sessionTimeoutMs });
  }

  #assign(assignments: GroupAssignment[]): void {
    const mine = new Set(assignments.find((assignment) => assignment.topic === this.#deps.stream)?.partitions ?? []);
    for (const [partition, owned] of this.#owned) {
      if (mine.has(partition)) continue;
      owned.controller.abort();
      this.#owned.delete(partition);
      // Another member owns it now: a deferred commit of ours could only move its start back.
      this.#pending.delete(partition);
    }
    for (const partition of mine) if (!this.#owned.has(partition)) this.#own(partition);
    this.#wake?.();
  }

  #own(partition: number): void {
    const controller = new AbortController();
    const owned: Owned = {
      partition,
      controller,
      next: undefined,
      buffer: [],
      running: undefined,
      checkpointed: undefined,
      context: {
        stream: this.#deps.stream,
        group: this.#deps.group,
        partition,
        signal: controller.signal,
        checkpoint: (offset) => this.#checkpoint(owned, offset),
      },
    };
    this.#owned.set(partition, owned);
  }

  async #run(): Promise<void> {
    const stop = this.#stopping.signal;
    while (!stop.aborted) {
      try {
        if (this.#rejoin) {
          this.#rejoin = false;
          await this.#join().catch((err: unknown) => {
            this.#rejoin = true;
            throw err;
          });
        }
        await this.#resolveStarts();
        const wanted = [...this.#owned.values()].filter((owned) => owned.next !== undefined && owned.buffer.length < this.#deps.options.maxBatch);
        if (wanted.length === 0) {
          await this.#idle();
          continue;
        }
        const from = new Map(wanted.map((owned) => [owned.partition, owned.next as number]));
        const { records, outOfRange } = await this.#fetcher.fetch(this.#deps.stream, from, FETCH_WAIT_MS, PARTITION_FETCH_BYTES);
        for (const owned of wanted) {
          const fetched = records.get(owned.partition);
          if (fetched === undefined || this.#owned.get(owned.partition) !== owned || owned.next !== from.get(owned.partition)) continue;
          owned.buffer.push(...fetched.map(toStreamEvent));
          owned.next = (fetched.at(-1)?.offset ?? (owned.next as number) - 1) + 1;
          this.#pump(owned);
        }
        if (outOfRange.length > 0) await this.#clamp(outOfRange);
      } catch {
        // The broker is away or the group is rebalancing: the client reconnects; try again shortly.
        await sleepUnlessAborted(this.#deps.retryMs, stop);
      }
    }
  }

  /** Waits until a partition has room for a batch, the assignment changes, or close. */
  #idle(): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, FETCH_WAIT_MS);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = () => {
        this.#wake = undefined;
        done();
      };
    });
  }

  /** Where each newly owned partition starts: after the group's committed offset, else the consume start. */
  async #resolveStarts(): Promise<void> {
    const fresh = [...this.#owned.values()].filter((owned) => owned.next === undefined);
    if (fresh.length === 0) return;
    const { admin, stream, group, options } = this.#deps;
    const committed = await committedOffsets(admin, group, stream, fresh.map((owned) => owned.partition));
    const unset = fresh.filter((owned) => committed.get(owned.partition) === undefined).map((owned) => owned.partition);
    const { start } = options;
    const starts = unset.length === 0 || start.kind === 'offset' ? new Map<number, number>() : await this.#fetcher.offsets(stream, unset, start);
    const pinned: { partition: number; offset: number }[] = [];
    for (const owned of fresh) {
      const from = committed.get(owned.partition) ?? starts.get(owned.partition) ?? (start.kind === 'offset' ? start.offset : 0);
      // `latest` and a time are pinned by committing them, so that a partition moving to another
      // member before its first checkpoint starts there, not at a later end.
      if (committed.get(owned.partition) === undefined && start.kind !== 'earliest' && from > 0) pinned.push({ partition: owned.partition, offset: from });
      if (this.#owned.get(owned.partition) === owned) owned.next = from;
    }
    if (pinned.length > 0) await this.#commit(pinned).catch(() => undefined);
  }

  /** Offsets outside the log (retention moved its start): go on from the nearest end. */
  async #clamp(partitions: number[]): Promise<void> {
    const first = await this.#fetcher.offsets(this.#deps.stream, partitions, { kind: 'earliest' });
    const end = await this.#fetcher.offsets(this.#deps.stream, partitions, { kind: 'latest' });
    for (const partition of partitions) {
      const owned = this.#owned.get(partition);
      if (owned?.next === undefined) continue;
      owned.next = Math.min(Math.max(owned.next, first.get(partition) ?? 0), end.get(partition) ?? owned.next);
    }
  }

  #pump(owned: Owned): void {
    if (owned.running !== undefined) return;
    const previous = this.#runs.get(owned.partition);
    owned.running = (async () => {
      const { signal } = owned.controller;
      // A partition lost and owned again: never two processEvents calls of it at once.
      await previous;
      while (owned.buffer.length > 0 && !signal.aborted) {
        const batch = owned.buffer.slice(0, this.#deps.options.maxBatch);
        try {
          await this.#deps.processor.processEvents(batch, owned.context);
          owned.buffer.splice(0, batch.length);
        } catch {
          const done = owned.checkpointed;
          if (done !== undefined) owned.buffer = owned.buffer.filter((event) => event.offset > done);
          await sleepUnlessAborted(this.#deps.retryMs, signal);
        }
        this.#wake?.();
      }
    })().finally(() => {
      owned.running = undefined;
      if (this.#runs.get(owned.partition) === run) this.#runs.delete(owned.partition);
      if (owned.buffer.length > 0 && !owned.controller.signal.aborted) this.#pump(owned);
    });
    const run = owned.running;
    this.#runs.set(owned.partition, run);
  }

  async #checkpoint(owned: Owned, offset: number): Promise<void> {
    const { stream, group } = this.#deps;
    const where = `checkpointing partition ${owned.partition} of stream '${stream}' for group '${group}'`;
    if (owned.controller.signal.aborted || this.#owned.get(owned.partition) !== owned) {
      throw new OutriggerError('lease_expired', `${where}: this member no longer owns the partition; its new owner resumes from the last checkpoint`);
    }
    if (owned.checkpointed !== undefined && offset <= owned.checkpointed) return;
    if (this.#deps.commitIntervalMs > 0) {
      owned.checkpointed = offset;
      this.#pending.set(owned.partition, offset + 1);
      this.#commitTimer ??= setTimeout(() => {
        this.#commitTimer = undefined;
        void this.#flush();
      }, this.#deps.commitIntervalMs);
      return;
    }
    try {
      await this.#commit([{ partition: owned.partition, offset: offset + 1 }]);
    } catch (err) {
      throw this.#deps.fail(err, where);
    }
    owned.checkpointed = offset;
  }

  /** Commits the deferred checkpoints; one that fails stays for the next checkpoint or the close. */
  async #flush(): Promise<void> {
    if (this.#pending.size === 0) return;
    const offsets = [...this.#pending].map(([partition, offset]) => ({ partition, offset }));
    this.#pending.clear();
    await this.#commit(offsets).catch(() => {
      for (const { partition, offset } of offsets) if (!this.#pending.has(partition) && this.#owned.has(partition)) this.#pending.set(partition, offset);
    });
  }

  #commit(offsets: { partition: number; offset: number }[]): Promise<void> {
    const topic = this.#deps.stream;
    return this.#deps.consumer.commit({ offsets: offsets.map(({ partition, offset }) => ({ topic, partition, offset: BigInt(offset), leaderEpoch: -1 })) });
  }
}

/** The group's committed offsets (next offset to read) of `partitions`; absent where it has none. */
export async function committedOffsets(admin: Admin, group: string, topic: string, partitions: number[]): Promise<Map<number, number>> {
  const [found] = await admin.listConsumerGroupOffsets({ groups: [{ groupId: group, topics: [{ name: topic, partitionIndexes: partitions }] }] });
  const result = new Map<number, number>();
  for (const entry of found?.topics ?? []) {
    if (entry.name !== topic) continue;
    for (const { partitionIndex, committedOffset } of entry.partitions) if (committedOffset >= 0n) result.set(partitionIndex, Number(committedOffset));
  }
  return result;
}
