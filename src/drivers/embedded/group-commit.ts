/**
 * Group commit: every write issued in one event-loop turn runs in ONE `BEGIN IMMEDIATE … COMMIT`,
 * flushed from setImmediate, so a burst of N sends costs one fsync instead of N. A caller's
 * promise settles only after its transaction is durable (see CommitSync below).
 *
 * Each operation runs inside its own SAVEPOINT: an operation that throws an OutriggerError
 * (bad input discovered against the file's state) is rolled back alone and only its caller
 * fails. An operation queued with `throwsBeforeWriting` promises to throw such errors only
 * before its first write, so it runs without a savepoint (two statements fewer per ack, claim or
 * publish). Any other failure — a SQLite error, COMMIT — rolls the whole transaction back and
 * every caller in the batch gets the error; nothing of the batch is visible.
 *
 * With a CommitSync (durability 'fsync') COMMIT only writes the WAL, and the fsync runs off the
 * event loop (see wal-sync.ts); callers settle, and waiters are woken, only after it returned.
 * No transaction begins while a sync is in flight: what is queued meanwhile commits together
 * right after it (once the callers it answered have run), so at most one commit that callers
 * wait on is ever not yet durable, and the slower the disk, the larger the groups. A failed sync
 * leaves the file's state unknown: the committer then fails every caller, present and future,
 * with `broker_unavailable` until the driver is reopened.
 *
 * Settlements (`answerAtCommit`: ack, nack, renew, a group checkpoint) are answered, and their
 * waiters woken, once COMMIT returned, without waiting for a sync: a power cut that takes one
 * back only brings its message (or events) back, to be delivered again, which at-least-once
 * allows, and a process crash takes nothing back (COMMIT handed the WAL to the OS). The next
 * sync covers them (SQLite's WAL is replayed as a prefix of its commits); when none follows
 * within SETTLEMENT_SYNC_DELAY_MS a sync of their own runs, and close syncs what is left. So a
 * push's ack no longer costs an fsync of its own, nor holds the next publish behind one.
 *
 * When another process holds the write lock, the batch waits — asynchronously, retrying every
 * few milliseconds, so the event loop keeps serving — and writes issued meanwhile join it.
 * A caller that has waited busyTimeoutMs gets `broker_unavailable` (retriable).
 *
 * Operations are synchronous functions of a Tx: a transaction never spans an await, so two
 * connections in one process can never wait on each other.
 */
import { isOutriggerError, OutriggerError } from '../../kernel/errors.js';
import { toBrokerError, type Statements } from './sqlite.js';

export interface Tx {
  readonly sql: Statements;
  /** One clock reading for the whole transaction. */
  readonly now: number;
  /** Which transaction of its committer this is: one Tx object serves them all in turn. */
  readonly serial: number;
  /** Wakes long-polls waiting on `key` once this transaction has committed. */
  touch(key: string): void;
  /**
   * PRAGMA data_version, read once per transaction: it changes whenever another connection has
   * committed, so a value cached with it is still good while it is unchanged (this transaction
   * holds the write lock: nobody else can commit until it ends).
   */
  dataVersion(): number;
  /**
   * `hook` runs once this transaction has ended: with true once it is durable (before its
   * callers are answered and its waiters woken), with false if it rolled back or its sync failed.
   * It must not throw.
   */
  afterCommit(hook: (durable: boolean) => void): void;
}

export type TxOperation<T> = (tx: Tx) => T;

/** Makes what COMMIT wrote durable, off the event loop (wal-sync.ts). */
export interface CommitSync {
  sync(done: (err: Error | null) => void): void;
}

export interface RunOptions {
  /** The operation throws OutriggerErrors only before its first write: it needs no savepoint. */
  throwsBeforeWriting?: boolean;
  /**
   * A settlement: losing it to a power cut only delivers a message again, so its caller is
   * answered once COMMIT returned, before the sync that makes it durable.
   */
  answerAtCommit?: boolean;
}

export interface CommitStats {
  /** Transactions committed. */
  commits: number;
  /** Operations committed (a commit holds one or more). */
  operations: number;
  /** Transactions rolled back as a whole, or never begun because the file stayed locked. */
  failedTransactions: number;
}

interface Pending {
  op: TxOperation<unknown>;
  resolve(value: unknown): void;
  reject(err: unknown): void;
  signal: AbortSignal | undefined;
  since: number;
  savepoint: boolean;
  answerAtCommit: boolean;
  /** Answered at COMMIT, ahead of the rest of its batch. */
  answered: boolean;
  /** Once its operation ran: whether it threw a refusal, and its value or that error. */
  refused: boolean;
  result: unknown;
}

const RETRY_MIN_MS = 1;
const RETRY_JITTER_MS = 4;
/** How long a settlement answered at COMMIT may wait for a later write's sync before it gets its own. */
export const SETTLEMENT_SYNC_DELAY_MS = 100;

/**
 * The Tx of every transaction of one committer, reset when one begins: at most one transaction
 * is open or syncing at a time, and an operation uses its Tx only while it runs.
 */
class BatchTx implements Tx {
  readonly sql: Statements;
  now = 0;
  serial = 0;
  /** The keys the running operation touched. */
  readonly mine: string[] = [];
  readonly #hooks: Array<(durable: boolean) => void> = [];
  #dataVersion: number | undefined;

  constructor(sql: Statements) {
    this.sql = sql;
  }

  begin(now: number): void {
    this.now = now;
    this.serial++;
    this.#dataVersion = undefined;
  }

  touch(key: string): void {
    this.mine.push(key);
  }

  dataVersion(): number {
    return (this.#dataVersion ??= this.sql.get<{ data_version: number }>('PRAGMA data_version')?.data_version ?? -1);
  }

  afterCommit(hook: (durable: boolean) => void): void {
    this.#hooks.push(hook);
  }

  /** Runs and forgets the hooks of the transaction that just ended. */
  ended(durable: boolean): void {
    if (this.#hooks.length === 0) return;
    const hooks = this.#hooks.splice(0);
    for (const hook of hooks) hook(durable);
  }
}

/**
 * Its state is reused from one transaction to the next (the Tx, the touched keys, the batch
 * arrays): every write of the embedded broker passes here, and what a commit allocates is
 * young-generation garbage per request.
 */
export class GroupCommitter {
  readonly #sql: Statements;
  readonly #onCommit: (touched: ReadonlySet<string>) => void;
  readonly #busyTimeoutMs: number;
  #queue: Pending[] = [];
  /** An empty array for the next batch: a batch's array is reused once all its callers are answered. */
  #spare: Pending[] | undefined = [];
  #immediate: NodeJS.Immediate | undefined;
  #retry: NodeJS.Timeout | undefined;
  #closed = false;
  readonly #walSync: CommitSync | undefined;
  readonly #tx: BatchTx;
  readonly #touched = new Set<string>();
  readonly #flushNow = (): void => this.flush();
  readonly #synced = (err: Error | null): void => this.#afterSync(err);
  readonly #syncSettlementsNow = (): void => this.#syncSettlements();
  /** A commit was answered without its sync, and no sync has begun since. */
  #settlementsUnsynced = false;
  #settlementSync: NodeJS.Timeout | undefined;
  /** The batch whose sync is in flight; undefined while none is. */
  #syncing: Pending[] | undefined;
  /** Settles when the sync in flight has returned; made only when somebody waits for that. */
  #syncEnd: PromiseWithResolvers<void> | undefined;
  /** Set for good once a sync failed. */
  #broken: OutriggerError | undefined;
  readonly #stats: CommitStats = { commits: 0, operations: 0, failedTransactions: 0 };

  /**
   * `onCommit` hears of every commit once it is durable (a commit of settlements alone: at
   * once), before its callers are answered, with the keys its operations touched (possibly
   * none): it wakes the waiters of those keys, and the checkpointer counts commits. Without
   * `walSync` COMMIT itself is as durable as the connection's synchronous setting makes it.
   */
  constructor(sql: Statements, onCommit: (touched: ReadonlySet<string>) => void, busyTimeoutMs: number, walSync?: CommitSync) {
    this.#sql = sql;
    this.#onCommit = onCommit;
    this.#busyTimeoutMs = busyTimeoutMs;
    this.#walSync = walSync;
    this.#tx = new BatchTx(sql);
  }

  /**
   * Resolves once everything committed so far is durable, settlements aside (at once when
   * nothing waits for a sync).
   * Reads outside a transaction may see a commit whose sync is still running; they await this
   * before answering, so nobody learns of data that a power loss could still take back.
   */
  durable(): Promise<void> {
    if (this.#broken !== undefined) return Promise.reject(this.#broken);
    if (this.#syncing === undefined) return Promise.resolve();
    return this.#syncEnded().then(() => {
      if (this.#broken !== undefined) throw this.#broken;
    });
  }

  stats(): CommitStats {
    return { ...this.#stats };
  }

  /** Queues `op` for the next group transaction; settles after that transaction commits. */
  run<T>(op: TxOperation<T>, signal?: AbortSignal, options?: RunOptions): Promise<T> {
    if (this.#broken !== undefined) return Promise.reject(this.#broken);
    if (this.#closed) return Promise.reject(closedError());
    if (signal?.aborted) return Promise.reject(abortError(signal));
    const savepoint = options?.throwsBeforeWriting !== true;
    const answerAtCommit = options?.answerAtCommit === true;
    const { promise, resolve, reject } = Promise.withResolvers<T>();
    this.#queue.push({
      op,
      resolve: resolve as (value: unknown) => void,
      reject,
      signal,
      since: Date.now(),
      savepoint,
      answerAtCommit,
      answered: false,
      refused: false,
      result: undefined,
    });
    // While a sync is in flight, its end schedules the flush.
    if (this.#retry === undefined && this.#syncing === undefined) this.#immediate ??= setImmediate(this.#flushNow);
    return promise;
  }

  /**
   * Commits everything queued now, synchronously — unless the file is locked by another process
   * (then it retries soon) or a sync is in flight (then its end schedules the flush).
   */
  flush(): void {
    clearImmediate(this.#immediate);
    clearTimeout(this.#retry);
    this.#immediate = undefined;
    this.#retry = undefined;
    while (this.#queue.length > 0 && this.#syncing === undefined) {
      const batch = this.#queue;
      this.#queue = this.#spare ?? [];
      this.#spare = undefined;
      if (!this.#commit(batch)) {
        this.#retry = setTimeout(this.#flushNow, RETRY_MIN_MS + Math.random() * RETRY_JITTER_MS);
        return;
      }
    }
  }

  /** Commits what is queued (waiting out another process's lock, up to busyTimeoutMs) and syncs it, then refuses new work. */
  async close(): Promise<void> {
    this.#closed = true;
    this.flush();
    while (this.#queue.length > 0 || this.#syncing !== undefined || (this.#settlementsUnsynced && this.#broken === undefined)) {
      if (this.#syncing !== undefined) await this.#syncEnded();
      else if (this.#queue.length === 0) this.#syncSettlements();
      else await new Promise((resolve) => setTimeout(resolve, RETRY_MIN_MS + Math.random() * RETRY_JITTER_MS));
      this.flush();
    }
    clearTimeout(this.#settlementSync);
    this.#settlementSync = undefined;
  }

  /** False when the write lock was busy: the batch (minus callers past their wait) is queued again. */
  #commit(batch: Pending[]): boolean {
    let live = 0;
    for (let i = 0; i < batch.length; i++) {
      const pending = batch[i] as Pending;
      if (pending.signal?.aborted) pending.reject(abortError(pending.signal));
      else batch[live++] = pending;
    }
    batch.length = live;
    if (live === 0) return this.#recycle(batch);
    const sql = this.#sql;
    let begun: boolean;
    try {
      begun = sql.beginImmediate();
    } catch (err) {
      this.#fail(batch, err);
      return this.#recycle(batch);
    }
    if (!begun) return this.#requeue(batch);
    const touched = this.#touched;
    const tx = this.#tx;
    const mine = tx.mine;
    let ok = 0;
    try {
      // One Tx for the batch; the keys an operation touches count only if it succeeds.
      tx.begin(Date.now());
      for (let i = 0; i < batch.length; i++) {
        const pending = batch[i] as Pending;
        mine.length = 0;
        if (pending.savepoint) sql.run('SAVEPOINT op');
        try {
          pending.result = pending.op(tx);
          if (pending.savepoint) sql.run('RELEASE op');
          for (let k = 0; k < mine.length; k++) touched.add(mine[k] as string);
          ok++;
        } catch (err) {
          if (!isOutriggerError(err) || err.code === 'internal' || err.code === 'broker_unavailable') throw err;
          if (pending.savepoint) {
            sql.run('ROLLBACK TO op');
            sql.run('RELEASE op');
          }
          pending.refused = true;
          pending.result = err;
        }
      }
      sql.run('COMMIT');
    } catch (err) {
      if (sql.db.isTransaction) {
        try {
          sql.run('ROLLBACK');
        } catch {
          // The connection already rolled back (e.g. after an I/O error); nothing more to undo.
        }
      }
      mine.length = 0;
      touched.clear();
      tx.ended(false);
      this.#fail(batch, err);
      return this.#recycle(batch);
    }
    mine.length = 0;
    this.#stats.commits += 1;
    this.#stats.operations += ok;
    if (this.#walSync === undefined || ok === 0) this.#answer(batch);
    else if (this.#answerSettlements(batch)) {
      this.#answer(batch);
      this.#settlementsUnsynced = true;
      this.#settlementSync ??= setTimeout(this.#syncSettlementsNow, SETTLEMENT_SYNC_DELAY_MS).unref();
    } else this.#sync(batch);
    return true;
  }

  /**
   * True when every caller of the committed batch may be answered now (none waits for the sync);
   * otherwise answers the settlements among them now and leaves the rest for the sync.
   */
  #answerSettlements(batch: Pending[]): boolean {
    let waiting = false;
    for (let i = 0; i < batch.length && !waiting; i++) {
      const pending = batch[i] as Pending;
      waiting = !pending.refused && !pending.answerAtCommit;
    }
    if (!waiting) return true;
    for (let i = 0; i < batch.length; i++) {
      const pending = batch[i] as Pending;
      if (pending.answerAtCommit && !pending.refused) {
        pending.answered = true;
        pending.resolve(pending.result);
      }
    }
    return false;
  }

  /** Starts the sync of everything committed so far; `batch` is answered when it returns. */
  #sync(batch: Pending[]): void {
    this.#settlementsUnsynced = false;
    this.#syncing = batch;
    (this.#walSync as CommitSync).sync(this.#synced);
  }

  /** Settlements answered at COMMIT that no later sync covered: one of their own. */
  #syncSettlements(): void {
    this.#settlementSync = undefined;
    // A write queued or in its sync will be synced, and covers them.
    if (!this.#settlementsUnsynced || this.#syncing !== undefined || this.#queue.length > 0 || this.#broken !== undefined) return;
    this.#sync(this.#spare ?? []);
    this.#spare = undefined;
  }

  /** The write lock was busy: callers past their wait fail, the others go first in the queue. */
  #requeue(batch: Pending[]): boolean {
    const now = Date.now();
    const expired = batch.filter((pending) => now - pending.since >= this.#busyTimeoutMs);
    if (expired.length > 0) this.#fail(expired, lockedError(this.#busyTimeoutMs));
    const waiting = batch.filter((pending) => now - pending.since < this.#busyTimeoutMs);
    for (const pending of this.#queue) waiting.push(pending);
    this.#queue = waiting;
    return this.#queue.length === 0;
  }

  /** The batch is committed and durable (or holds settlements alone): wakes, then answers its callers. */
  #answer(batch: Pending[]): void {
    const touched = this.#touched;
    this.#tx.ended(true);
    try {
      this.#onCommit(touched);
    } finally {
      touched.clear();
    }
    for (let i = 0; i < batch.length; i++) {
      const pending = batch[i] as Pending;
      if (pending.refused) pending.reject(pending.result);
      else if (!pending.answered) pending.resolve(pending.result);
    }
    this.#recycle(batch);
  }

  #afterSync(err: Error | null): void {
    const batch = this.#syncing as Pending[];
    const end = this.#syncEnd;
    this.#syncing = undefined;
    this.#syncEnd = undefined;
    // A settlements' sync has no callers: nothing committed with it, nothing to wake or count.
    if (err === null) {
      if (batch.length > 0) this.#answer(batch);
      else this.#recycle(batch);
    } else {
      // What reached the disk is unknown, and a later sync could report success over the
      // lost pages: no write may be acknowledged again until the file is reopened.
      const broken = new OutriggerError('broker_unavailable', 'the embedded broker could not sync its file to disk; restart to recover', {
        retriable: false,
        cause: err,
      });
      this.#broken = broken;
      this.#stats.failedTransactions += 1;
      this.#touched.clear();
      this.#tx.ended(false);
      for (const pending of batch) if (!pending.answered) pending.reject(pending.refused ? pending.result : broken);
      this.#recycle(batch);
      for (const pending of this.#queue) pending.reject(broken);
      this.#queue.length = 0;
    }
    end?.resolve();
    // Not at once: the writes queued during the sync commit after the callers just answered have
    // run their continuations. A receive handed its delivery there asks again at once, and a
    // write in the next transaction claims for it (open-claims.ts) instead of leaving its message
    // for a transaction of the receive's own.
    if (this.#queue.length > 0) this.#immediate ??= setImmediate(this.#flushNow);
  }

  #syncEnded(): Promise<void> {
    this.#syncEnd ??= Promise.withResolvers<void>();
    return this.#syncEnd.promise;
  }

  /** Empties an answered batch's array for the next batch; true, for #commit's answer. */
  #recycle(batch: Pending[]): true {
    batch.length = 0;
    this.#spare = batch;
    return true;
  }

  #fail(pending: Pending[], err: unknown): void {
    this.#stats.failedTransactions += 1;
    const error = toBrokerError(err, 'the embedded broker could not commit a write');
    for (const p of pending) p.reject(error);
  }
}

function lockedError(waitedMs: number): OutriggerError {
  return new OutriggerError('broker_unavailable', `the embedded broker file stayed locked by another process for ${waitedMs} ms; try again`, {
    retriable: true,
    retryAfterSeconds: 1,
  });
}

function closedError(): OutriggerError {
  return new OutriggerError('broker_unavailable', 'the embedded broker is closed', { retriable: false });
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted', 'AbortError');
}
