/**
 * Group commit: every write issued in one event-loop turn runs in ONE `BEGIN IMMEDIATE … COMMIT`,
 * flushed from setImmediate, so a burst of N sends costs one fsync instead of N. A caller's
 * promise settles only after COMMIT has returned (durable, with synchronous=FULL).
 *
 * Each operation runs inside its own SAVEPOINT: an operation that throws an OutriggerError
 * (bad input discovered against the file's state) is rolled back alone and only its caller
 * fails. Any other failure — a SQLite error, COMMIT — rolls the whole transaction back and
 * every caller in the batch gets the error; nothing of the batch is visible.
 *
 * When another process holds the write lock, the batch waits — asynchronously, retrying every
 * few milliseconds, so the event loop keeps serving — and writes issued meanwhile join it.
 * A caller that has waited busyTimeoutMs gets `broker_unavailable` (retriable).
 *
 * Operations are synchronous functions of a Tx: a transaction never spans an await, so two
 * connections in one process can never wait on each other.
 */
import { isOutriggerError, OutriggerError } from '../../core/errors.js';
import { toBrokerError, type Statements } from './sqlite.js';

export interface Tx {
  readonly sql: Statements;
  /** One clock reading for the whole transaction. */
  readonly now: number;
  /** Wakes long-polls waiting on `key` once this transaction has committed. */
  touch(key: string): void;
}

export type TxOperation<T> = (tx: Tx) => T;

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
  readonly #stats: CommitStats = { commits: 0, operations: 0, failedTransactions: 0 };

  constructor(sql: Statements, onCommit: (touched: ReadonlySet<string>) => void, busyTimeoutMs: number) {
    this.#sql = sql;
    this.#onCommit = onCommit;
    this.#busyTimeoutMs = busyTimeoutMs;
  }

  stats(): CommitStats {
    return { ...this.#stats };
  }

  /** Queues `op` for the next group transaction; settles after that transaction commits. */
  run<T>(op: TxOperation<T>, signal?: AbortSignal): Promise<T> {
    if (this.#closed) return Promise.reject(closedError());
    if (signal?.aborted) return Promise.reject(abortError(signal));
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ op, resolve: resolve as (value: unknown) => void, reject, signal, since: Date.now() });
      if (this.#retry === undefined) this.#immediate ??= setImmediate(() => this.flush());
    });
  }

  /** Commits everything queued now, synchronously — unless the file is locked by another process; then it retries soon. */
  flush(): void {
    clearImmediate(this.#immediate);
    clearTimeout(this.#retry);
    this.#immediate = undefined;
    this.#retry = undefined;
    while (this.#queue.length > 0) {
      const batch = this.#queue;
      this.#queue = [];
      if (!this.#commit(batch)) {
        this.#retry = setTimeout(() => this.flush(), RETRY_MIN_MS + Math.random() * RETRY_JITTER_MS);
        return;
      }
    }
  }

  /** Commits what is queued (waiting out another process's lock, up to busyTimeoutMs), then refuses new work. */
  async close(): Promise<void> {
    this.#closed = true;
    this.flush();
    while (this.#queue.length > 0) {
      await new Promise((resolve) => setTimeout(resolve, RETRY_MIN_MS + Math.random() * RETRY_JITTER_MS));
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
    try {
      const now = Date.now();
      for (const pending of live) {
        const mine = new Set<string>();
        const tx: Tx = { sql, now, touch: (key) => mine.add(key) };
        sql.run('SAVEPOINT op');
        try {
          const value = pending.op(tx);
          sql.run('RELEASE op');
          for (const key of mine) touched.add(key);
          outcomes.push({ ok: true, value });
        } catch (err) {
          if (!isOutriggerError(err) || err.code === 'internal' || err.code === 'broker_unavailable') throw err;
          sql.run('ROLLBACK TO op');
          sql.run('RELEASE op');
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
    this.#stats.operations += outcomes.filter((o) => o.ok).length;
    if (touched.size > 0) this.#onCommit(touched);
    live.forEach((pending, i) => {
      const outcome = outcomes[i] as Outcome;
      if (outcome.ok) pending.resolve(outcome.value);
      else pending.reject(outcome.error);
    });
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
