/**
 * The embedded broker: queues, topics, streams and consumer groups in one SQLite file
 * (node:sqlite, WAL), shared safely by every driver instance and process that opens it.
 *
 * Delivery guarantees
 * - A send, publish or append resolves only after the transaction holding it has committed
 *   (group commit: one transaction, one fsync, per event-loop turn of writes).
 * - At-least-once: a delivery is held under a lease; unacked, it is delivered again once the lease
 *   expires or it is nacked. Each message is leased to one receiver at a time, across processes
 *   (the claim is an UPDATE under the file's write lock). Consumers must tolerate redelivery.
 * - After maxDeliveries deliveries a message is dead-lettered (`max_deliveries_exceeded`) instead of
 *   being delivered again; dead letters stay until redriven.
 * - Per-key FIFO: messages with one ordering key are delivered in send order, one in flight at a
 *   time; a message blocks the later ones of its key until acked or dead-lettered. Keys run in parallel.
 * - Messages past their expiresAt are never delivered (nor redelivered after a lease lapses);
 *   they are deleted, not dead-lettered.
 * - Idempotency keys suppress resends only within their window; duplicates are otherwise possible
 *   (at-least-once, never exactly-once).
 * - Streams: offsets per partition are gapless and never reused, also across processes; consumer
 *   groups resume after the last checkpoint, so events after it are processed again after a crash.
 *
 * Sharing the file: every write takes the file's write lock for one short transaction. A writer
 * that finds it held by another process waits without blocking the event loop, up to
 * busyTimeoutMs, then fails with `broker_unavailable` (retriable). Writes by other processes wake
 * long-polls here within pollIntervalMs (PRAGMA data_version); writes in this process at once.
 *
 * What survives a crash
 * - durability 'fsync' (default): everything acknowledged survives a process crash and a power
 *   loss or kernel crash. The WAL is fsynced after each group commit, off the event loop, and
 *   nothing is acknowledged (nor read back in this process) before that sync returned. Another
 *   process sharing the file may read a commit up to one sync earlier; after a power loss in
 *   that window the commit is gone, as if its writer's call had failed.
 * - durability 'os' (synchronous=NORMAL): everything acknowledged survives a process crash; a power
 *   loss or kernel crash may lose the last transactions acknowledged before it (never corrupts the file).
 * - Leases, dead letters, checkpoints and group ownership are in the file too; leases simply
 *   expire if their holder died.
 */
import { realpathSync } from 'node:fs';
import type { DatabaseSync } from 'node:sqlite';
import { OutriggerError } from '../../kernel/errors.js';
import type { Capabilities, Driver, DriverOptions, InboxOperations, QueueOperations, StreamOperations, TopicOperations } from '../contract.js';
import { embeddedCapabilities } from './capabilities.js';
import { Checkpointer, checkpointerDefaults, type CheckpointerOptions } from './checkpointer.js';
import type { GroupConsumer } from './consumer-groups.js';
import type { Store } from './context.js';
import { GroupCommitter, type CommitStats } from './group-commit.js';
import { inboxOperations } from './inbox.js';
import { InboxRegistry } from './inbox-registry.js';
import { WaitingReceives } from './open-claims.js';
import { queueOperations } from './queues.js';
import { openDatabase, Statements, toBrokerError } from './sqlite.js';
import { WalSync } from './wal-sync.js';
import { parseEmbeddedSettings, type EmbeddedSettings } from './settings.js';
import { streamOperations } from './streams.js';
import { sweep, type SweepResult } from './sweeper.js';
import { topicOperations } from './topics.js';
import { Wakeups } from './wakeups.js';

export interface EmbeddedStats extends CommitStats {
  file: string;
  connected: boolean;
  /** As the connection reports them: journal mode 'wal'; synchronous 1 (NORMAL) for both durabilities. */
  journalMode: string | null;
  synchronous: number | null;
  /** True with durability 'fsync': each group commit's WAL is fsynced (off the event loop) before its callers are answered. */
  walSync: boolean;
  /** Open consumer-group consumers. */
  consumers: number;
  /** True once the WAL is checkpointed by a worker thread rather than inside COMMITs (checkpointer.ts). */
  checkpointWorker: boolean;
}

/** Not settings: what tests change to see the driver's machinery at work sooner. */
export interface EmbeddedInternals {
  checkpointer?: CheckpointerOptions;
}

type State = 'new' | 'open' | 'closing' | 'closed';

export class EmbeddedDriver implements Driver {
  readonly kind = 'embedded';
  readonly name: string;
  readonly capabilities: Capabilities;
  readonly settings: EmbeddedSettings;
  readonly queues: QueueOperations;
  readonly topics: TopicOperations;
  readonly inboxes: InboxOperations;
  readonly streams: StreamOperations;
  #state: State = 'new';
  #db: DatabaseSync | undefined;
  #walSync: WalSync | undefined;
  #checkpointer: Checkpointer | undefined;
  readonly #internals: EmbeddedInternals;
  #store: Store | undefined;
  readonly #consumers = new Set<GroupConsumer>();
  #sweepTimer: NodeJS.Timeout | undefined;
  #sweeping: Promise<unknown> | undefined;
  #closing: Promise<void> | undefined;

  constructor(options: DriverOptions, internals: EmbeddedInternals = {}) {
    this.name = options.name;
    this.#internals = internals;
    this.settings = parseEmbeddedSettings(options);
    this.capabilities = Object.freeze({ ...embeddedCapabilities, maxMessageBytes: this.settings.maxMessageBytes });
    const access = (): Store => this.#require();
    this.queues = queueOperations(access);
    this.topics = topicOperations(access);
    this.inboxes = inboxOperations(access);
    this.streams = streamOperations(access, {
      adopt: (consumer) => {
        this.#consumers.add(consumer);
        consumer.onClosed = () => this.#consumers.delete(consumer);
      },
    });
  }

  async connect(signal?: AbortSignal): Promise<void> {
    if (this.#state === 'open') return;
    if (this.#state !== 'new') throw this.#closedError();
    signal?.throwIfAborted();
    const db = openDatabase(this.settings);
    const realFile = realpathSync(this.settings.file);
    let walSync: WalSync | undefined;
    try {
      walSync = this.settings.durability === 'fsync' ? new WalSync(`${realFile}-wal`) : undefined;
    } catch (err) {
      db.close();
      throw toBrokerError(err, `cannot open the write-ahead log of the embedded broker file ${this.settings.file}`);
    }
    const sql = new Statements(db);
    const dataVersion = (): number => sql.get<{ data_version: number }>('PRAGMA data_version')?.data_version ?? 0;
    const wakeups = new Wakeups(realFile, dataVersion, this.settings.pollIntervalMs);
    const checkpointer = new Checkpointer(realFile, db, this.#internals.checkpointer ?? checkpointerDefaults);
    const onCommit = (touched: ReadonlySet<string>): void => {
      checkpointer.committed();
      if (touched.size > 0) wakeups.notify(touched);
    };
    const committer = new GroupCommitter(sql, onCommit, this.settings.busyTimeoutMs, walSync);
    this.#db = db;
    this.#walSync = walSync;
    this.#checkpointer = checkpointer;
    this.#store = { settings: this.settings, sql, committer, wakeups, inboxes: new InboxRegistry(sql), waiting: new WaitingReceives() };
    this.#sweepTimer = setInterval(() => {
      // A failed sweep is retried at the next tick; it only deletes what is already worthless.
      if (this.#state === 'open') this.sweep().catch(() => undefined);
    }, this.settings.sweepIntervalMs);
    this.#sweepTimer.unref();
    this.#state = 'open';
  }

  isConnected(): boolean {
    return this.#state === 'open';
  }

  /**
   * Idempotent. Long-polls resolve with [] at once; consumers stop (their running processEvents
   * calls finish and may still checkpoint) and give up their partitions; writes already issued
   * are committed before the file is closed.
   */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    const store = this.#store;
    if (this.#state === 'new' || store === undefined) {
      this.#state = 'closed';
      return;
    }
    this.#state = 'closing';
    clearInterval(this.#sweepTimer);
    store.wakeups.close();
    await Promise.all([...this.#consumers].map((consumer) => consumer.close()));
    await this.#sweeping?.catch(() => undefined);
    await store.committer.close();
    await this.#checkpointer?.close();
    this.#db?.close();
    this.#walSync?.close();
    this.#state = 'closed';
  }

  /** Group-commit counters and state; not part of the driver contract (tests and diagnostics). */
  stats(): EmbeddedStats {
    const commits = this.#store?.committer.stats() ?? { commits: 0, operations: 0, failedTransactions: 0 };
    const store = this.isConnected() ? this.#store : undefined;
    return {
      ...commits,
      file: this.settings.file,
      connected: store !== undefined,
      journalMode: store?.sql.get<{ journal_mode: string }>('PRAGMA journal_mode')?.journal_mode ?? null,
      synchronous: store?.sql.get<{ synchronous: number }>('PRAGMA synchronous')?.synchronous ?? null,
      walSync: this.#walSync !== undefined,
      consumers: this.#consumers.size,
      checkpointWorker: this.#checkpointer?.running ?? false,
    };
  }

  /** Runs the housekeeping sweep now (it also runs every sweepIntervalMs). */
  sweep(): Promise<SweepResult> {
    const store = this.#require();
    const running = (this.#sweeping ??= sweep(store).finally(() => {
      this.#sweeping = undefined;
    }));
    return running as Promise<SweepResult>;
  }

  #require(): Store {
    if (this.#state === 'open' && this.#store !== undefined) return this.#store;
    if (this.#state === 'new') {
      throw new OutriggerError('broker_unavailable', `embedded broker '${this.name}' is not connected yet`, { retriable: true, retryAfterSeconds: 1 });
    }
    throw this.#closedError();
  }

  #closedError(): OutriggerError {
    return new OutriggerError('broker_unavailable', `embedded broker '${this.name}' is closed`, { retriable: false });
  }
}
