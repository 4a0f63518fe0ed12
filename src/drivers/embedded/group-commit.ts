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
 * right after it, so at most one commit is ever not yet durable, and the slower the disk, the
 * larger the groups. A failed sync leaves the file's state unknown: the committer then fails
 * every caller, present and future, with `broker_unavailable` until the driver is reopened.
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
  /** Wakes long-polls waiting on `key` once this transaction has committed. */
  touch(key: string): void;
  /**
   * PRAGMA data_version, read once per transaction: it changes whenever another connection has
   * committed, so a value cached with it is still good while it is unchanged (this transaction
   * holds the write lock: nobody else can commit until it ends).
   */
  dataVersion(): number;
}

export type TxOperation<T> = (tx: Tx) => T;

/** Makes what COMMIT wrote durable, off the event loop (wal-sync.ts). */
export interface CommitSync {
  sync(done: (err: Error | null) => void): void;
}

export interface RunOptions {
  /** The operation throws OutriggerErrors only before its first write: it needs no savepoint. */
  throwsBeforeWriting?: boolean;
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
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

const RETRY_MIN_MS = 1;
const RETRY_JITTER_MS = 4;

export class GroupCommitter {
  readonly #sql: Statements;
  readonly #onCommit: (touched: ReadonlySet<string>) => void;
  readonly #busyTimeoutMs: number;
  #queue: Pending[] = [];
  #immediate: NodeJS.Immediate | undefined;
  #retry: NodeJS.Timeout | undefined;
  #closed = false;
  readonly #walSync: CommitSync | undefined;
  readonly #committed: (() => void) | undefined;
  /** Settles when the sync in flight has returned; undefined while none is. */
  #syncing: Promise<void> | undefined;
  /** Set for good once a sync failed. */
  #broken: OutriggerError | undefined;
  readonly #stats: CommitStats = { commits: 0, operations: 0, failedTransactions: 0 };

  /**
   * Without `walSync` COMMIT itself is as durable as the connection's synchronous setting makes it.
   * `committed` hears of every COMMIT at once, before its sync (the checkpointer counts them).
   */
  constructor(sql: Statements, onCommit: (touched: ReadonlySet<string>) => void, busyTimeoutMs: number, walSync?: CommitSync, committed?: () => void) {
    this.#sql = sql;
    this.#onCommit = onCommit;
    this.#busyTimeoutMs = busyTimeoutMs;
    this.#walSync = walSync;
    this.#committed = committed;
  }

  /**
   * Resolves once everything committed so far is durable (at once when nothing waits for a sync).
   * Reads outside a transaction may see a commit whose sync is still running; they await this
   * before answering, so nobody learns of data that a power loss could still take back.
   */
  durable(): Promise<void> {
    if (this.#broken !== undefined) return Promise.reject(this.#broken);
    return (
      this.#syncing?.then(() => {
        if (this.#broken !== undefined) throw this.#broken;
      }) ?? Promise.resolve()
    );
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
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ op, resolve: resolve as (value: unknown) => void, reject, signal, since: Date.now(), savepoint });
      // While a sync is in flight, its end flushes.
      if (this.#retry === undefined && this.#syncing === undefined) this.#immediate ??= setImmediate(() => this.flush());
    });
  }

  /**
   * Commits everything queued now, synchronously — unless the file is locked by another process
   * (then it retries soon) or a sync is in flight (then its end flushes).
   */
  flush(): void {
    clearImmediate(this.#immediate);
    clearTimeout(this.#retry);
    this.#immediate = undefined;
    this.#retry = undefined;
    while (this.#queue.length > 0 && this.#syncing === undefined) {
      const batch = this.#queue;
      this.#queue = [];
      if (!this.#commit(batch)) {
        this.#retry = setTimeout(() => this.flush(), RETRY_MIN_MS + Math.random() * RETRY_JITTER_MS);
        return;
      }
    }
  }

  /** Commits what is queued (waiting out another process's lock, up to busyTimeoutMs) and syncs it, then refuses new work. */
  async close(): Promise<void> {
    this.#closed = true;
    this.flush();
    while (this.#queue.length > 0 || this.#syncing !== undefined) {
      if (this.#syncing !== undefined) await this.#syncing;
      else await new Promise((resolve) => setTimeout(resolve, RETRY_MIN_MS + Math.random() * RETRY_JITTER_MS));
      this.flush();
    }
  }

  /** False when the write lock was busy: the batch (minus callers past their wait) is queued again. */
  #commit(batch: Pending[]): boolean {
    const live = batch.filter((pending) => {
      if (pending.signal?.aborted) pending.reject(abortError(pending.signal));
      return pending.signal?.aborted !== true;
    });
    if (live.length === 0) return true;
    const sql = this.#sql;
    let begun: boolean;
    try {
      begun = sql.beginImmediate();
    } catch (err) {
      this.#fail(live, err);
      return true;
    }
    if (!begun) {
      const now = Date.now();
      const expired = live.filter((pending) => now - pending.since >= this.#busyTimeoutMs);
      if (expired.length > 0) this.#fail(expired, lockedError(this.#busyTimeoutMs));
      this.#queue = [...live.filter((pending) => now - pending.since < this.#busyTimeoutMs), ...this.#queue];
      return this.#queue.length === 0;
    }
    const touched = new Set<string>();
    const outcomes: Outcome[] = [];
    let ok = 0;
    try {
      // One Tx for the batch; the keys an operation touches count only if it succeeds.
      const mine: string[] = [];
      let dataVersion: number | undefined;
      const tx: Tx = {
        sql,
        now: Date.now(),
        touch: (key) => mine.push(key),
        dataVersion: () => (dataVersion ??= sql.get<{ data_version: number }>('PRAGMA data_version')?.data_version ?? -1),
      };
      for (const pending of live) {
        mine.length = 0;
        if (pending.savepoint) sql.run('SAVEPOINT op');
        try {
          const value = pending.op(tx);
          if (pending.savepoint) sql.run('RELEASE op');
          for (const key of mine) touched.add(key);
          outcomes.push({ ok: true, value });
          ok++;
        } catch (err) {
          if (!isOutriggerError(err) || err.code === 'internal' || err.code === 'broker_unavailable') throw err;
          if (pending.savepoint) {
            sql.run('ROLLBACK TO op');
            sql.run('RELEASE op');
          }
          outcomes.push({ ok: false, error: err });
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
      this.#fail(live, err);
      return true;
    }
    this.#stats.commits += 1;
    this.#stats.operations += ok;
    this.#committed?.();
    const answer = (): void => {
      if (touched.size > 0) this.#onCommit(touched);
      live.forEach((pending, i) => {
        const outcome = outcomes[i] as Outcome;
        if (outcome.ok) pending.resolve(outcome.value);
        else pending.reject(outcome.error);
      });
    };
    if (this.#walSync === undefined || ok === 0) answer();
    else this.#sync(this.#walSync, live, outcomes, answer);
    return true;
  }

  #sync(walSync: CommitSync, live: Pending[], outcomes: Outcome[], answer: () => void): void {
    this.#syncing = new Promise<void>((resolve) => {
      walSync.sync((err) => {
        this.#syncing = undefined;
        if (err === null) answer();
        else {
          // What reached the disk is unknown, and a later sync could report success over the
          // lost pages: no write may be acknowledged again until the file is reopened.
          this.#broken = new OutriggerError('broker_unavailable', 'the embedded broker could not sync its file to disk; restart to recover', {
            retriable: false,
            cause: err,
          });
          this.#stats.failedTransactions += 1;
          live.forEach((pending, i) => pending.reject((outcomes[i] as Outcome).ok ? this.#broken : (outcomes[i] as { error: unknown }).error));
          for (const pending of this.#queue.splice(0)) pending.reject(this.#broken);
        }
        resolve();
        this.flush();
      });
    });
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
