/**
 * One member of a stream consumer group. Every `heartbeatMs` it beats, reads the live members
 * and the partition owners (group-state.ts), and moves towards an even split (kernel
 * partition-split.ts: partition p belongs to the live members, sorted, at p modulo their
 * count). A partition is given up only after its batch in flight finished (then marked free);
 * it is taken only when free or when its owner is no longer live, with a compare-and-set, so
 * two members never run one partition.
 * A member that could not beat for half the lease stops its partitions before others may take
 * them (after the whole lease).
 *
 * Each partition the member runs reads through the group's durable consumer on that partition
 * stream (`group~<group>`, ack policy all), whose ack floor is the checkpoint: checkpoint(offset)
 * acknowledges the event at that offset and with it everything before. Taking a partition
 * recreates the consumer at the event after its ack floor, so whatever a former owner had
 * fetched but not checkpointed comes again, in order. A failed batch is fetched again the same
 * way; events already processed since the checkpoint are skipped, not repeated.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { AckPolicy, type ConsumerInfo, DeliverPolicy } from '@nats-io/jetstream';
import { OutriggerError } from '../../kernel/errors.js';
import { partitionOwners } from '../../kernel/partition-split.js';
import type { ConsumeOptions, PartitionContext, PartitionProcessor, StreamConsumer, StreamEvent } from '../contract.js';
import { parseAckSubject } from './codec.js';
import { type NatsContext, nanos } from './context.js';
import { notFoundAs } from './entities.js';
import { GroupState, type Owner } from './group-state.js';
import { groupConsumer, partitionStream } from './names.js';
import { pull } from './pull.js';
import { startSequence, toEvent } from './stream-read.js';
import { sleepUnlessAborted } from '../../kernel/sleep.js';

export interface GroupIdentity {
  stream: string;
  group: string;
  member: string;
  partitions: number;
}

const heartbeatMs = 1000;
const leaseMs = 5000;
const ackBody = new TextEncoder().encode('+ACK');

interface Worker {
  abort: AbortController;
  done: Promise<void>;
  releasing: boolean;
  /** Claimed and its consumer in place: only then is the partition reported as owned. */
  ready: boolean;
}

export class NatsGroupMember implements StreamConsumer {
  readonly #ctx: NatsContext;
  readonly #id: GroupIdentity;
  readonly #options: ConsumeOptions;
  readonly #processor: PartitionProcessor;
  readonly #state: GroupState;
  readonly #workers = new Map<number, Worker>();
  #timer: NodeJS.Timeout | undefined;
  #beating = false;
  #lastBeat = Date.now();
  #closing: Promise<void> | undefined;
  /** Closes this member when the caller's signal aborts; taken off the signal again on close, as the signal may outlive it. */
  readonly #onAbort = (): void => void this.close();
  #closed!: () => void;
  /** Resolves once close() finished. */
  readonly closed = new Promise<void>((resolve) => (this.#closed = resolve));

  constructor(ctx: NatsContext, id: GroupIdentity, options: ConsumeOptions, processor: PartitionProcessor) {
    this.#ctx = ctx;
    this.#id = id;
    this.#options = options;
    this.#processor = processor;
    this.#state = new GroupState(ctx, id.stream, id.group);
  }

  async start(): Promise<void> {
    await this.#state.ensure();
    await this.#heartbeat(true);
    this.#timer = setInterval(() => void this.#heartbeat(false), heartbeatMs);
    this.#options.signal?.addEventListener('abort', this.#onAbort, { once: true });
  }

  ownedPartitions(): number[] {
    return [...this.#workers].filter(([, worker]) => worker.ready && !worker.releasing).map(([partition]) => partition).sort((a, b) => a - b);
  }

  /** `graceful` false (the connection is down): stop without writing; others take over after the lease. */
  close(graceful = true): Promise<void> {
    this.#closing ??= (async () => {
      this.#options.signal?.removeEventListener('abort', this.#onAbort);
      clearInterval(this.#timer);
      // A heartbeat in flight could start a partition; one that waits on a dead connection
      // is not waited for (settle does nothing once closing).
      while (graceful && this.#beating) await sleep(10);
      const partitions = [...this.#workers.keys()];
      for (const worker of this.#workers.values()) worker.abort.abort();
      await Promise.all([...this.#workers.values()].map((worker) => worker.done));
      this.#workers.clear();
      if (graceful) {
        await this.#giveUp(partitions).catch(() => undefined);
        await this.#state.leave(this.#id.member).catch(() => undefined);
      }
      this.#closed();
    })();
    return this.#closing;
  }

  async #heartbeat(first: boolean): Promise<void> {
    if (this.#beating || this.#closing !== undefined) return;
    this.#beating = true;
    try {
      await this.#state.beat(this.#id.member);
      this.#lastBeat = Date.now();
      const live = await this.#state.live(leaseMs);
      const owners = await this.#state.owners(this.#id.partitions);
      const wanted = partitionOwners(this.#id.partitions, live);
      // Claims are awaited, so that the next beat reads them back and does not take a claim
      // still in flight for another member's.
      await Promise.all(owners.map((owner, partition) => this.#settle(partition, owner, live, wanted[partition] === this.#id.member)));
    } catch (err) {
      if (first) throw err;
      // Without a heartbeat others take the partitions once the lease runs out: stop before that.
      if (Date.now() - this.#lastBeat > leaseMs / 2) for (const worker of this.#workers.values()) worker.abort.abort();
    } finally {
      this.#beating = false;
    }
  }

  /** Moves one partition towards its wanted owner; resolves once a claim it made is decided. */
  async #settle(partition: number, owner: Owner, live: string[], wanted: boolean): Promise<void> {
    if (this.#closing !== undefined) return;
    const me = this.#id.member;
    const worker = this.#workers.get(partition);
    if (worker !== undefined) {
      // Written by another member: this one's heartbeat must have run out. Stop at once.
      if (owner.member !== me) worker.abort.abort();
      else if (!wanted && !worker.releasing) void this.#release(partition, worker, owner);
      return;
    }
    if (!wanted || (owner.member !== '' && owner.member !== me && live.includes(owner.member))) return;
    const claim = this.#state.setOwner(partition, me, owner).catch(() => false);
    this.#run(partition, claim);
    await claim;
  }

  async #release(partition: number, worker: Worker, owner: Owner): Promise<void> {
    worker.releasing = true;
    worker.abort.abort();
    await worker.done;
    await this.#state.setOwner(partition, '', owner).catch(() => false);
  }

  async #giveUp(partitions: number[]): Promise<void> {
    const owners = await this.#state.owners(this.#id.partitions);
    await Promise.all(partitions.map((partition) => (owners[partition]?.member === this.#id.member ? this.#state.setOwner(partition, '', owners[partition] as Owner) : false)));
  }

  /** Runs a partition once the claim on it is written; nothing when another member won it. */
  #run(partition: number, claim: Promise<boolean>): void {
    const abort = new AbortController();
    const worker: Worker = { abort, releasing: false, ready: false, done: Promise.resolve() };
    worker.done = (async () => {
      if (!(await claim)) return;
      await this.#loop(partition, abort.signal, () => (worker.ready = true));
    })().finally(() => {
      if (this.#workers.get(partition) === worker) this.#workers.delete(partition);
    });
    this.#workers.set(partition, worker);
  }

  async #loop(partition: number, signal: AbortSignal, onReady: () => void): Promise<void> {
    const { stream, group } = this.#id;
    const name = partitionStream(stream, partition);
    const consumer = groupConsumer(group);
    /** Fetched and not yet acknowledged: offset → ack subject. */
    const replies = new Map<number, string>();
    const context: PartitionContext = {
      stream,
      group,
      partition,
      signal,
      checkpoint: async (offset) => {
        if (signal.aborted || Date.now() - this.#lastBeat > leaseMs / 2) {
          throw new OutriggerError('lease_expired', `partition ${partition} of stream '${stream}' may be owned by another member of group '${group}' now; the checkpoint was not written`);
        }
        const reply = replies.get(offset);
        if (reply === undefined) return;
        await this.#ctx.nc.request(reply, ackBody, { timeout: 5000 });
        for (const done of replies.keys()) if (done <= offset) replies.delete(done);
      },
    };
    let positioned = false;
    /** The offset expected next: anything below it was processed already (a refetch) and is skipped. */
    let next: number | undefined;
    while (!signal.aborted) {
      try {
        if (!positioned) {
          await this.#position(name, consumer);
          replies.clear();
          positioned = true;
          onReady();
        }
        const fetched = await pull(this.#ctx.nc, name, consumer, { max: this.#options.maxBatch, waitMs: 1000, signal });
        const events: StreamEvent[] = [];
        for (const msg of fetched) {
          const ack = parseAckSubject(msg.reply ?? '');
          if (ack === undefined || (next !== undefined && ack.streamSequence - 1 < next)) continue;
          replies.set(ack.streamSequence - 1, msg.reply ?? '');
          events.push(toEvent(name, partition, { seq: ack.streamSequence, header: msg.headers, data: msg.data, time: new Date(ack.timestampMs) }));
        }
        const first = events[0];
        const last = events.at(-1);
        if (first === undefined || last === undefined || signal.aborted) continue;
        try {
          await this.#processor.processEvents(events, context);
          next = last.offset + 1;
        } catch {
          // Fetched again from the checkpoint; what came before this batch is skipped.
          next = first.offset;
          positioned = false;
          await sleepUnlessAborted(200, signal);
        }
      } catch {
        positioned = false;
        await sleepUnlessAborted(200, signal);
      }
    }
  }

  /**
   * (Re)creates the group's consumer at the event after its checkpoint, or where the group
   * starts. The start is always an explicit sequence (opt_start_seq): a consumer that has
   * acknowledged nothing reports an ack floor of 0 whatever its start, so the start it was made
   * with is what says where it stands (lag reads it too).
   */
  async #position(name: string, consumer: string): Promise<void> {
    const { jsm } = this.#ctx;
    const existing = await jsm.consumers.info(name, consumer).catch(notFoundAs(undefined));
    let start: number;
    if (existing !== undefined) {
      start = checkpointSequence(existing) + 1;
      await jsm.consumers.delete(name, consumer);
    } else {
      start = await startSequence(this.#ctx, name, this.#options.start);
    }
    await jsm.consumers.add(name, {
      durable_name: consumer,
      ack_policy: AckPolicy.All,
      deliver_policy: DeliverPolicy.StartSequence,
      opt_start_seq: Math.max(1, start),
      // Refetches are skipped by the loop, so a long ack wait only delays nothing.
      ack_wait: nanos(60_000),
      max_ack_pending: -1,
      max_deliver: -1,
    });
  }
}

/** The last sequence a group's consumer has done with: its ack floor, else the one before its start. */
export function checkpointSequence(info: Pick<ConsumerInfo, 'ack_floor' | 'config'>): number {
  return info.ack_floor.stream_seq > 0 ? info.ack_floor.stream_seq : Math.max(0, (info.config.opt_start_seq ?? 1) - 1);
}
