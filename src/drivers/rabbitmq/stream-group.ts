/**
 * One member of a stream consumer group. RabbitMQ 3.10 has no group coordinator for streams over
 * AMQP 0-9-1 (server-side offsets and single active consumers on streams are stream-protocol
 * features), so members coordinate as the Redis and NATS drivers' do: every `heartbeatMs` a
 * member beats, reads the live members (stream-group-state.ts) and moves towards an even split
 * (kernel partition-split.ts: partition p belongs to the live members, sorted, at p modulo their
 * count). Ownership is the partition's owner lock (stream-locks.ts: an exclusive queue, gone
 * with its connection), so two members never run one partition; a partition is given up only
 * after its batch in flight finished, and one whose lock was lost with the connection is stopped
 * at once.
 *
 * Each owned partition runs its own loop on one stream consumer (stream-read.ts PartitionFeed):
 * take a batch, process it, take the next; a failed batch is read again from its first event, on
 * a new consumer. It starts after the checkpoint, or, without one, at the group's start (`latest`
 * is fixed by a start record when first taken, and the partition is reported owned only after
 * that).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { OutriggerError } from '../../kernel/errors.js';
import { partitionOwners } from '../../kernel/partition-split.js';
import type { ConsumeOptions, PartitionContext, PartitionProcessor, StreamConsumer, StreamPosition } from '../contract.js';
import type { RabbitmqContext } from './context.js';
import { GroupCheckpoints, GroupMembers } from './stream-group-state.js';
import type { ExclusiveLocks } from './stream-locks.js';
import type { PartitionFeed } from './stream-read.js';
import { ownerLock } from './stream-records.js';
import { sleepUnlessAborted } from '../../kernel/sleep.js';

export { GroupCheckpoints } from './stream-group-state.js';

const heartbeatMs = 1000;
const leaseMs = 5000;

export interface GroupDeps {
  ctx: RabbitmqContext;
  locks: ExclusiveLocks;
  stream: string;
  group: string;
  member: string;
  partitions: number;
  /** A consumer of the partition from `from`, kept for batch after batch. */
  feed(partition: number, from: StreamPosition): Promise<PartitionFeed>;
  nextOffset(partition: number): Promise<number>;
}

interface Worker {
  abort: AbortController;
  done: Promise<void>;
  releasing: boolean;
  /** Its start is known: only then is the partition reported as owned. */
  ready: boolean;
}

export class RabbitmqGroupMember implements StreamConsumer {
  readonly #deps: GroupDeps;
  readonly #options: ConsumeOptions;
  readonly #processor: PartitionProcessor;
  readonly #checkpoints: GroupCheckpoints;
  readonly #members: GroupMembers;
  readonly #workers = new Map<number, Worker>();
  #timer: NodeJS.Timeout | undefined;
  #beating = false;
  #closing: Promise<void> | undefined;
  /** Closes this member when the caller's signal aborts; taken off the signal again on close, as the signal may outlive it. */
  readonly #onAbort = (): void => void this.close();
  #closed!: () => void;
  /** Resolves once close() finished. */
  readonly closed = new Promise<void>((resolve) => (this.#closed = resolve));

  constructor(deps: GroupDeps, options: ConsumeOptions, processor: PartitionProcessor) {
    this.#deps = deps;
    this.#options = options;
    this.#processor = processor;
    this.#checkpoints = new GroupCheckpoints(deps.ctx, deps.stream, deps.group);
    this.#members = new GroupMembers(deps.ctx, deps.stream, deps.group, deps.member);
  }

  async start(): Promise<void> {
    await this.#heartbeat(true);
    this.#timer = setInterval(() => void this.#heartbeat(false), heartbeatMs);
    this.#options.signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  ownedPartitions(): number[] {
    return [...this.#workers].filter(([, worker]) => worker.ready && !worker.releasing).map(([partition]) => partition).sort((a, b) => a - b);
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#options.signal?.removeEventListener('abort', this.#onAbort);
      clearInterval(this.#timer);
      while (this.#beating) await sleep(10);
      for (const worker of this.#workers.values()) worker.abort.abort();
      await Promise.all([...this.#workers.values()].map((worker) => worker.done));
      this.#workers.clear();
      await this.#members.leave();
      this.#closed();
    })();
    return this.#closing;
  }

  #lock(partition: number): string {
    return ownerLock(this.#deps.stream, this.#deps.group, partition);
  }

  async #heartbeat(first: boolean): Promise<void> {
    if (this.#beating || this.#closing !== undefined) return;
    this.#beating = true;
    try {
      await this.#members.beat();
      const wanted = partitionOwners(this.#deps.partitions, this.#members.live(leaseMs));
      for (let partition = 0; partition < this.#deps.partitions; partition++) await this.#settle(partition, wanted[partition] === this.#deps.member);
    } catch (err) {
      if (first) throw err;
      // The broker is away: the locks went with the connection, and each lost lock stopped its partition.
    } finally {
      this.#beating = false;
    }
  }

  async #settle(partition: number, wanted: boolean): Promise<void> {
    const { member, locks, ctx } = this.#deps;
    const worker = this.#workers.get(partition);
    if (worker !== undefined) {
      if (!wanted && !worker.releasing) void this.#release(worker);
      return;
    }
    if (!wanted || this.#closing !== undefined) return;
    const abort = new AbortController();
    if (!(await locks.acquire(ctx.connection, this.#lock(partition), member, () => abort.abort()))) return;
    if (this.#closing !== undefined) {
      await locks.release(this.#lock(partition), member);
      return;
    }
    this.#run(partition, abort);
  }

  /** Gives a partition up once its batch in flight finished (the worker then releases the lock). */
  async #release(worker: Worker): Promise<void> {
    worker.releasing = true;
    worker.abort.abort();
    await worker.done;
  }

  #run(partition: number, abort: AbortController): void {
    const worker: Worker = { abort, releasing: false, ready: false, done: Promise.resolve() };
    worker.done = this.#loop(partition, abort.signal, () => (worker.ready = true)).finally(async () => {
      if (this.#workers.get(partition) === worker) this.#workers.delete(partition);
      await this.#deps.locks.release(this.#lock(partition), this.#deps.member);
    });
    this.#workers.set(partition, worker);
  }

  async #loop(partition: number, signal: AbortSignal, onReady: () => void): Promise<void> {
    const { stream, group, member, locks } = this.#deps;
    const context: PartitionContext = {
      stream,
      group,
      partition,
      signal,
      checkpoint: async (offset) => {
        if (signal.aborted || !locks.holds(this.#lock(partition), member)) {
          throw new OutriggerError('lease_expired', `partition ${partition} of stream '${stream}' is no longer owned by this member of group '${group}'; the checkpoint was not written`);
        }
        await this.#checkpoints.write(partition, { kind: 'checkpoint', offset });
      },
    };
    let from: StreamPosition | undefined;
    let feed: PartitionFeed | undefined;
    try {
      while (!signal.aborted) {
        try {
          if (from === undefined) {
            from = await this.#startingPoint(partition);
            onReady();
          }
          feed ??= await this.#deps.feed(partition, from);
          const events = await feed.next(this.#options.maxBatch, 1000, signal);
          const last = events.at(-1);
          if (last === undefined || signal.aborted) continue;
          await this.#processor.processEvents(events, context);
          from = { kind: 'offset', offset: last.offset + 1 };
        } catch {
          // A failed read or batch is read again from the same place, on a new consumer: the checkpoint never passes it.
          await feed?.close();
          feed = undefined;
          await sleepUnlessAborted(200, signal);
        }
      }
    } finally {
      await feed?.close();
    }
  }

  async #startingPoint(partition: number): Promise<StreamPosition> {
    const record = await this.#checkpoints.read(partition);
    if (record !== undefined) return { kind: 'offset', offset: record.offset + 1 };
    const { start } = this.#options;
    if (start.kind !== 'latest') return start;
    const next = await this.#deps.nextOffset(partition);
    await this.#checkpoints.write(partition, { kind: 'start', offset: next - 1 });
    return { kind: 'offset', offset: next };
  }
}
