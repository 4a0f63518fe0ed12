/**
 * One member of a stream consumer group (lua-groups.ts has the rules). A heartbeat every
 * `groupHeartbeatMs` renews the membership and says which partitions this member owns; each owned
 * partition runs its own loop (read a batch, process it, read on), so partitions run in parallel
 * and one partition's batches one after another. A partition meant for another member is given
 * up only after its batch in flight finished; one found taken (this member's heartbeat had run
 * out) is aborted at once.
 */
import { sleepUnlessAborted } from '../../kernel/sleep.js';
import { OutriggerError } from '../../kernel/errors.js';
import type { ConsumeOptions, PartitionContext, PartitionProcessor, ReadOptions, StreamConsumer, StreamEvent, StreamPosition } from '../contract.js';
import type { RedisConnection } from './connection.js';
import { checkpointScript, heartbeatScript, releaseScript } from './lua-groups.js';

export interface GroupMemberDeps {
  connection: RedisConnection;
  stream: string;
  group: string;
  member: string;
  partitions: number;
  /** members, owners, checkpoints. */
  keys: [string, string, string];
  heartbeatMs: number;
  leaseMs: number;
  read(partition: number, options: ReadOptions): Promise<StreamEvent[]>;
  nextOffset(partition: number): Promise<number>;
}

interface Worker {
  abort: AbortController;
  done: Promise<void>;
  releasing: boolean;
}

export class RedisGroupMember implements StreamConsumer {
  readonly #deps: GroupMemberDeps;
  readonly #options: ConsumeOptions;
  readonly #processor: PartitionProcessor;
  readonly #workers = new Map<number, Worker>();
  #timer: NodeJS.Timeout | undefined;
  #beating = false;
  #lastBeat = Date.now();
  #closing: Promise<void> | undefined;
  /** Closes this member when the caller's signal aborts; taken off the signal again on close, as the signal may outlive it. */
  readonly #onAbort = (): void => void this.close();

  constructor(deps: GroupMemberDeps, options: ConsumeOptions, processor: PartitionProcessor) {
    this.#deps = deps;
    this.#options = options;
    this.#processor = processor;
  }

  async start(): Promise<void> {
    await this.#heartbeat(true);
    this.#timer = setInterval(() => void this.#heartbeat(false), this.#deps.heartbeatMs);
    this.#options.signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  ownedPartitions(): number[] {
    return [...this.#workers].filter(([, worker]) => !worker.releasing).map(([partition]) => partition).sort((a, b) => a - b);
  }

  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#options.signal?.removeEventListener('abort', this.#onAbort);
      clearInterval(this.#timer);
      for (const worker of this.#workers.values()) worker.abort.abort();
      await Promise.all([...this.#workers.values()].map((worker) => worker.done));
      this.#workers.clear();
      await this.#eval(releaseScript, [this.#deps.member]).catch(() => undefined);
    })();
    return this.#closing;
  }

  async #heartbeat(first: boolean): Promise<void> {
    if (this.#beating || this.#closing !== undefined) return;
    this.#beating = true;
    try {
      const owned = await this.#eval<[number, number][]>(heartbeatScript, [this.#deps.member, String(this.#deps.leaseMs), String(this.#deps.partitions)]);
      this.#lastBeat = Date.now();
      const seen = new Set<number>();
      for (const [partition, keep] of owned) {
        seen.add(partition);
        const worker = this.#workers.get(partition);
        if (keep === 1 && worker === undefined) this.#run(partition);
        else if (keep === 0 && worker?.releasing !== true) void this.#release(partition);
      }
      // Taken by another member: this one's heartbeat must have run out. Stop at once.
      for (const [partition, worker] of this.#workers) if (!seen.has(partition)) worker.abort.abort();
    } catch (err) {
      if (first) throw err;
      // Without a heartbeat others take the partitions once the lease runs out: stop before that.
      if (Date.now() - this.#lastBeat > this.#deps.leaseMs / 2) for (const worker of this.#workers.values()) worker.abort.abort();
    } finally {
      this.#beating = false;
    }
  }

  async #release(partition: number): Promise<void> {
    const worker = this.#workers.get(partition);
    if (worker !== undefined) {
      worker.releasing = true;
      worker.abort.abort();
      await worker.done;
    }
    await this.#eval(releaseScript, [this.#deps.member, String(partition)]).catch(() => undefined);
  }

  #run(partition: number): void {
    const abort = new AbortController();
    const worker: Worker = { abort, releasing: false, done: Promise.resolve() };
    worker.done = this.#loop(partition, abort.signal).finally(() => {
      if (this.#workers.get(partition) === worker) this.#workers.delete(partition);
    });
    this.#workers.set(partition, worker);
  }

  async #loop(partition: number, signal: AbortSignal): Promise<void> {
    const { stream, group, member } = this.#deps;
    const context: PartitionContext = {
      stream,
      group,
      partition,
      signal,
      checkpoint: async (offset) => {
        const held = await this.#eval<number>(checkpointScript, [member, String(partition), String(offset)]);
        if (held !== 1) throw new OutriggerError('lease_expired', `partition ${partition} of stream '${stream}' is owned by another member of group '${group}' now; the checkpoint was not written`);
      },
    };
    let from: StreamPosition | undefined;
    while (!signal.aborted) {
      try {
        from ??= await this.#startingPoint(partition);
        const events = await this.#deps.read(partition, { from, max: this.#options.maxBatch, waitMs: 1000, signal });
        const last = events.at(-1);
        if (last === undefined || signal.aborted) continue;
        await this.#processor.processEvents(events, context);
        from = { kind: 'offset', offset: last.offset + 1 };
      } catch {
        // A failed read or batch is tried again from the same place: the checkpoint never passes it.
        await sleepUnlessAborted(200, signal);
      }
    }
  }

  async #startingPoint(partition: number): Promise<StreamPosition> {
    const [checkpoint, fixedStart] = await this.#deps.connection.command<(Buffer | null)[]>(['HMGET', this.#deps.keys[2], String(partition), `start:${partition}`]);
    if (checkpoint !== null && checkpoint !== undefined) return { kind: 'offset', offset: Number(checkpoint.toString()) + 1 };
    const { start } = this.#options;
    if (start.kind !== 'latest') return start;
    // `latest`: where the group began (fixed when its first member joined), so a restart before
    // the first checkpoint neither skips nor repeats; the end now only if that record is gone.
    if (fixedStart !== null && fixedStart !== undefined) return { kind: 'offset', offset: Number(fixedStart.toString()) };
    return { kind: 'offset', offset: await this.#deps.nextOffset(partition) };
  }

  #eval<T>(script: string, args: string[]): Promise<T> {
    return this.#deps.connection.eval<T>(script, [...this.#deps.keys], args);
  }
}
