/**
 * Long-poll wake-ups. A commit notifies the waiters of the keys it touched (an inbox, a stream
 * partition) right after COMMIT — on this connection and on every other connection to the same
 * file in this process. Writes by other processes are noticed by polling `PRAGMA data_version`,
 * which changes only when another connection commits; the poll timer runs only while somebody waits.
 * The version a snapshot holds is the one the poll last read, not a fresh read per snapshot: one
 * older than the file's only makes the next poll end that wait early (the waiter looks again),
 * and a look costs less than the two PRAGMA reads per look it saves.
 *
 * Lost wake-ups are impossible by construction: a waiter first takes a snapshot (the key's
 * generation and the data version), then looks for work, then waits on the snapshot; any
 * change after the snapshot ends the wait: a notify at once, another connection's commit at the
 * next poll.
 */

export interface Snapshot {
  key: string;
  generation: number;
  dataVersion: number;
}

interface Waiter {
  snapshot: Snapshot;
  wake(): void;
}

const nothing = (): void => undefined;

/** Every open Wakeups per broker file in this process: a commit on one connection wakes the others at once. */
const peers = new Map<string, Set<Wakeups>>();

export class Wakeups {
  readonly #file: string;
  readonly #dataVersion: () => number;
  readonly #pollMs: number;
  readonly #generations = new Map<string, number>();
  readonly #waiters = new Set<Waiter>();
  #poller: NodeJS.Timeout | undefined;
  /** PRAGMA data_version as the poll (or the constructor) last read it. */
  #version: number;
  #closed = false;

  /** `file` identifies the broker file (its real path); `dataVersion` reads PRAGMA data_version on this connection. */
  constructor(file: string, dataVersion: () => number, pollMs: number) {
    this.#file = file;
    this.#dataVersion = dataVersion;
    this.#pollMs = pollMs;
    this.#version = dataVersion();
    const group = peers.get(file) ?? new Set<Wakeups>();
    group.add(this);
    peers.set(file, group);
  }

  get closed(): boolean {
    return this.#closed;
  }

  snapshot(key: string): Snapshot {
    return { key, generation: this.#generations.get(key) ?? 0, dataVersion: this.#version };
  }

  /** Called after a commit on this connection, with the keys it touched; does not keep them. */
  notify(keys: ReadonlySet<string>): void {
    for (const peer of peers.get(this.#file) ?? [this]) peer.#wake(keys);
  }

  #wake(keys: ReadonlySet<string>): void {
    for (const key of keys) this.#generations.set(key, (this.#generations.get(key) ?? 0) + 1);
    // A waiter's wake only removes itself and settles a promise: the set can be walked as it is.
    for (const waiter of this.#waiters) if (keys.has(waiter.snapshot.key)) waiter.wake();
  }

  /**
   * Resolves when something changed since `snapshot`, after `ms`, on abort, or on close. Never rejects.
   * The deadline keeps the process alive only when a caller awaits it (a script awaiting a
   * long-poll must not exit mid-await); background waits (consumer workers) and the poller never do.
   */
  wait(snapshot: Snapshot, ms: number, signal?: AbortSignal, background = false): Promise<void> {
    return this.waitThen(snapshot, ms, nothing, signal, background);
  }

  /**
   * As wait, but runs `then` the moment the wait ends, synchronously, and resolves with its
   * result (rejects with what it throws). A wake-up by a commit on this connection comes inside
   * the group committer's answer, before it flushes what was queued meanwhile: a write queued
   * by `then` joins that transaction instead of waiting for its sync to end.
   */
  waitThen<T>(snapshot: Snapshot, ms: number, then: () => T, signal?: AbortSignal, background = false): Promise<T> {
    if (this.#closed || signal?.aborted || ms <= 0 || this.#changed(snapshot)) return new Promise<T>((resolve) => resolve(then()));
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => waiter.wake();
      const timer = setTimeout(onAbort, ms);
      if (background) timer.unref();
      const waiter: Waiter = {
        snapshot,
        wake: () => {
          if (!this.#waiters.delete(waiter)) return;
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          if (this.#waiters.size === 0) this.#stopPolling();
          // Never throws into whoever woke it (a commit's answer, the poller, close).
          try {
            resolve(then());
          } catch (err) {
            reject(err as Error);
          }
        },
      };
      this.#waiters.add(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#startPolling();
    });
  }

  /** Ends every wait now and every later one at once: the driver is closing. */
  close(): void {
    this.#closed = true;
    const group = peers.get(this.#file);
    group?.delete(this);
    if (group?.size === 0) peers.delete(this.#file);
    for (const waiter of [...this.#waiters]) waiter.wake();
    this.#stopPolling();
  }

  #changed(snapshot: Snapshot): boolean {
    return (this.#generations.get(snapshot.key) ?? 0) !== snapshot.generation || this.#version !== snapshot.dataVersion;
  }

  #startPolling(): void {
    if (this.#poller !== undefined) return;
    this.#poller = setInterval(() => this.#poll(), this.#pollMs);
    this.#poller.unref();
  }

  #stopPolling(): void {
    if (this.#poller === undefined) return;
    clearInterval(this.#poller);
    this.#poller = undefined;
  }

  #poll(): void {
    let version: number;
    try {
      version = this.#dataVersion();
    } catch {
      // The connection is closing; close() wakes everybody.
      return;
    }
    this.#version = version;
    for (const waiter of [...this.#waiters]) if (waiter.snapshot.dataVersion !== version) waiter.wake();
  }
}
