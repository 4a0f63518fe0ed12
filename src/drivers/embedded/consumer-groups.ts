/**
 * Consumer groups over the shared file. Each member keeps a heartbeat row; partitions are owned
 * through lease rows (owner, expiry) renewed on every heartbeat. Live members are ranked by id
 * and member r's share is floor(P/n) (+1 for the first P mod n), never more than ceil(P/n): a
 * member takes free or expired partitions up to its share and gives back extras when members
 * join — after its running processEvents call for that partition has finished, so a partition is
 * never processed by two live members at once. A member that stops heartbeating loses its
 * partitions when their leases expire; it stops its own workers before that point (a member whose
 * event loop is blocked for longer than groupLeaseMs cannot, and then finds its checkpoints
 * refused with lease_expired: the new owner resumes from the last checkpoint).
 */
import { randomUUID } from 'node:crypto';
import { OutriggerError } from '../../kernel/errors.js';
import type { ConsumeOptions, PartitionProcessor, StreamConsumer } from '../contract.js';
import type { Store } from './context.js';
import type { RunOptions, Tx } from './group-commit.js';
import { PartitionWorker } from './partition-worker.js';
import { findStream, nextOffset } from './stream-log.js';
import { readStream } from './stream-read.js';

const UPSERT_MEMBER = `INSERT INTO group_members_v1 (stream, grp, member, expires_at) VALUES (?, ?, ?, ?)
  ON CONFLICT (stream, grp, member) DO UPDATE SET expires_at = excluded.expires_at`;
const PURGE_MEMBERS = 'DELETE FROM group_members_v1 WHERE stream = ? AND grp = ? AND expires_at <= ?';
const LIVE_MEMBERS = 'SELECT member FROM group_members_v1 WHERE stream = ? AND grp = ? AND expires_at > ? ORDER BY member';
const RENEW_OWNED = 'UPDATE partition_owners_v1 SET expires_at = ? WHERE stream = ? AND grp = ? AND owner = ?';
const OWNERS = 'SELECT part, owner, expires_at FROM partition_owners_v1 WHERE stream = ? AND grp = ?';
const OWNER = 'SELECT owner, expires_at FROM partition_owners_v1 WHERE stream = ? AND grp = ? AND part = ?';
const TAKE = `INSERT INTO partition_owners_v1 (stream, grp, part, owner, expires_at) VALUES (?, ?, ?, ?, ?)
  ON CONFLICT (stream, grp, part) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at`;
const RELEASE = 'DELETE FROM partition_owners_v1 WHERE stream = ? AND grp = ? AND part = ? AND owner = ?';
const RELEASE_ALL = 'DELETE FROM partition_owners_v1 WHERE stream = ? AND grp = ? AND owner = ?';
const LEAVE = 'DELETE FROM group_members_v1 WHERE stream = ? AND grp = ? AND member = ?';
const CHECKPOINT = 'SELECT event_offset FROM checkpoints_v1 WHERE stream = ? AND grp = ? AND part = ?';
const SAVE_CHECKPOINT = `INSERT INTO checkpoints_v1 (stream, grp, part, event_offset, updated_at) VALUES (?, ?, ?, ?, ?)
  ON CONFLICT (stream, grp, part) DO UPDATE SET event_offset = excluded.event_offset, updated_at = excluded.updated_at`;

interface Balance {
  owned: number[];
  release: number[];
}

export class GroupConsumer implements StreamConsumer {
  readonly member = randomUUID();
  /** Called once the consumer has closed. */
  onClosed: (() => void) | undefined;
  readonly #store: Store;
  readonly #stream: string;
  readonly #group: string;
  readonly #options: ConsumeOptions;
  readonly #processor: PartitionProcessor;
  readonly #workers = new Map<number, PartitionWorker>();
  readonly #releasing = new Set<number>();
  /** Workers aborted (lost partition, failing heartbeats) whose processEvents may still run. */
  readonly #retiring = new Map<number, Promise<void>>();
  readonly #releases = new Set<Promise<void>>();
  #timer: NodeJS.Timeout | undefined;
  /** Fires when the leases are about to lapse without a successful renewal. */
  #deadline: NodeJS.Timeout | undefined;
  #beat: Promise<void> = Promise.resolve();
  #closing: Promise<void> | undefined;
  /** Closes this member when the caller's signal aborts; taken off the signal again on close, as the signal may outlive it. */
  readonly #onAbort = (): void => void this.close();

  constructor(store: Store, stream: string, group: string, options: ConsumeOptions, processor: PartitionProcessor) {
    this.#store = store;
    this.#stream = stream;
    this.#group = group;
    this.#options = options;
    this.#processor = processor;
  }

  async start(): Promise<void> {
    const { signal } = this.#options;
    if (signal?.aborted) return this.close();
    signal?.addEventListener('abort', this.#onAbort, { once: true });
    this.#beat = this.#heartbeat();
    await this.#beat;
    this.#schedule();
  }

  ownedPartitions(): number[] {
    return [...this.#workers.keys()].filter((p) => !this.#releasing.has(p)).sort((a, b) => a - b);
  }

  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    this.#options.signal?.removeEventListener('abort', this.#onAbort);
    clearTimeout(this.#timer);
    clearTimeout(this.#deadline);
    // Abort every context at once; a heartbeat still in flight starts no new worker (it sees #closing).
    const stopping = [...this.#workers.values()].map((worker) => worker.stop());
    await this.#beat.catch(() => undefined);
    await Promise.all([...stopping, ...this.#releases, ...this.#retiring.values()]);
    this.#workers.clear();
    this.#releasing.clear();
    const { stream, group, member } = { stream: this.#stream, group: this.#group, member: this.member };
    try {
      await this.#store.committer.run((tx) => {
        tx.sql.run(RELEASE_ALL, stream, group, member);
        tx.sql.run(LEAVE, stream, group, member);
      });
    } catch {
      // The broker is going away; the rows expire on their own.
    }
    this.onClosed?.();
  }

  #schedule(): void {
    if (this.#closing !== undefined) return;
    this.#timer = setTimeout(() => {
      // A failed heartbeat is retried at the next tick; the deadline timer covers a run of failures.
      this.#beat = this.#heartbeat()
        .catch(() => undefined)
        .finally(() => this.#schedule());
    }, this.#store.settings.groupHeartbeatMs);
    this.#timer.unref();
  }

  /** Renewal keeps failing: stop processing one heartbeat before the leases could pass to another member. */
  #armDeadline(): void {
    const { groupLeaseMs, groupHeartbeatMs } = this.#store.settings;
    clearTimeout(this.#deadline);
    this.#deadline = setTimeout(() => {
      for (const partition of [...this.#workers.keys()]) this.#retire(partition);
    }, groupLeaseMs - groupHeartbeatMs);
    this.#deadline.unref();
  }

  /** Stops a worker without waiting; its partition gets no new worker until that call has returned. */
  #retire(partition: number): void {
    const worker = this.#workers.get(partition);
    if (worker === undefined) return;
    this.#workers.delete(partition);
    this.#releasing.delete(partition);
    const stopped = worker.stop().finally(() => {
      if (this.#retiring.get(partition) === stopped) this.#retiring.delete(partition);
    });
    this.#retiring.set(partition, stopped);
  }

  async #heartbeat(): Promise<void> {
    if (this.#closing !== undefined) return;
    const balance = await this.#store.committer.run((tx) => this.#balance(tx));
    if (this.#closing !== undefined) return;
    this.#armDeadline();
    const owned = new Set(balance.owned);
    // Lost: another member holds it now (our lease had lapsed).
    for (const partition of [...this.#workers.keys()]) if (!owned.has(partition)) this.#retire(partition);
    for (const partition of owned) {
      const idle = !this.#workers.has(partition) && !this.#releasing.has(partition) && !this.#retiring.has(partition);
      if (idle) this.#workers.set(partition, this.#worker(partition));
    }
    for (const partition of balance.release) this.#release(partition);
  }

  #balance(tx: Tx): Balance {
    const { groupLeaseMs } = this.#store.settings;
    const [stream, group, member] = [this.#stream, this.#group, this.member];
    const expires = tx.now + groupLeaseMs;
    tx.sql.run(UPSERT_MEMBER, stream, group, member, expires);
    tx.sql.run(PURGE_MEMBERS, stream, group, tx.now);
    const live = tx.sql.all<{ member: string }>(LIVE_MEMBERS, stream, group, tx.now).map((row) => row.member);
    const partitions = findStream(tx.sql, stream)?.partitions ?? 0;
    const rank = Math.max(0, live.indexOf(member));
    const share = Math.floor(partitions / live.length) + (rank < partitions % live.length ? 1 : 0);
    tx.sql.run(RENEW_OWNED, expires, stream, group, member);
    const rows = tx.sql.all<{ part: number; owner: string; expires_at: number }>(OWNERS, stream, group);
    const mine = rows.filter((row) => row.owner === member).map((row) => row.part);
    const keeping = mine.filter((p) => !this.#releasing.has(p)).sort((a, b) => a - b);
    const release: number[] = [];
    while (keeping.length > share) release.push(keeping.pop() as number);
    const byPartition = new Map(rows.map((row) => [row.part, row]));
    const take: number[] = [];
    for (let part = 0; part < partitions && keeping.length + take.length < share; part++) {
      const row = byPartition.get(part);
      if (row === undefined || (row.owner !== member && row.expires_at <= tx.now)) take.push(part);
    }
    for (const part of take) tx.sql.run(TAKE, stream, group, part, member, expires);
    return { owned: [...mine, ...take], release };
  }

  #release(partition: number): void {
    this.#releasing.add(partition);
    const worker = this.#workers.get(partition);
    const [stream, group, member] = [this.#stream, this.#group, this.member];
    const release = (async () => {
      await worker?.stop();
      try {
        await this.#store.committer.run((tx) => tx.sql.run(RELEASE, stream, group, partition, member));
      } catch {
        // Still ours in the file: the next heartbeat renews it and decides again.
      }
      if (this.#workers.get(partition) === worker) this.#workers.delete(partition);
      this.#releasing.delete(partition);
    })();
    this.#releases.add(release);
    void release.finally(() => this.#releases.delete(release));
  }

  #worker(partition: number): PartitionWorker {
    const store = this.#store;
    const [stream, group, member] = [this.#stream, this.#group, this.member];
    return new PartitionWorker({
      stream,
      group,
      partition,
      start: this.#options.start,
      processor: this.#processor,
      retryDelayMs: Math.min(1000, store.settings.groupHeartbeatMs),
      loadCheckpoint: () => store.sql.get<{ event_offset: number }>(CHECKPOINT, stream, group, partition)?.event_offset ?? null,
      nextOffset: () => nextOffset(store.sql, stream, partition),
      isClosed: () => store.wakeups.closed,
      fetch: (from, signal) => readStream(store, stream, partition, { from, max: this.#options.maxBatch, waitMs: 1000, signal }, true),
      // Losing a checkpoint to a power cut only delivers its events again: answered at COMMIT.
      checkpoint: (offset) => store.committer.run((tx) => saveCheckpoint(tx, stream, group, partition, member, offset), undefined, CHECKPOINT_WRITE),
    });
  }
}

/** A checkpoint throws only before its one write. */
const CHECKPOINT_WRITE: RunOptions = { throwsBeforeWriting: true, answerAtCommit: true };

function saveCheckpoint(tx: Tx, stream: string, group: string, partition: number, member: string, offset: number): void {
  if (!Number.isSafeInteger(offset) || offset < 0) throw new OutriggerError('bad_request', 'a checkpoint offset must be a non-negative integer');
  const owner = tx.sql.get<{ owner: string; expires_at: number }>(OWNER, stream, group, partition);
  if (owner === undefined || owner.owner !== member || owner.expires_at <= tx.now) {
    throw new OutriggerError(
      'lease_expired',
      `this consumer no longer owns partition ${partition} of stream '${stream}' in group '${group}'; its new owner resumes from the last checkpoint`,
    );
  }
  const next = nextOffset(tx.sql, stream, partition);
  if (offset >= next) throw new OutriggerError('bad_request', `offset ${offset} of partition ${partition} has not been appended yet (next is ${next})`);
  tx.sql.run(SAVE_CHECKPOINT, stream, group, partition, offset, tx.now);
}
