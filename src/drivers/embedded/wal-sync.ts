/**
 * Making commits durable without blocking the event loop (durability 'fsync').
 *
 * The connection runs with synchronous=NORMAL, so COMMIT only writes the transaction's WAL
 * frames to the OS; then this fdatasyncs the WAL file on libuv's thread pool, and the group
 * committer answers its callers only once that sync has returned. A transaction is durable once
 * its frames, commit frame included, are on disk: after a crash SQLite replays the WAL up to the
 * last intact commit frame, a prefix of the commits. NORMAL alone syncs the WAL only at
 * checkpoints (and the database file after them), which is unchanged.
 *
 * The descriptor stays valid: SQLite deletes or replaces the WAL file only when the last
 * connection to the database closes, and this driver's connection is open as long as the
 * descriptor is. fsync works per file, so any descriptor of it will do.
 */
import { closeSync, fdatasync, fsyncSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CommitSync } from './group-commit.js';

export class WalSync implements CommitSync {
  readonly #fd: number;

  /** `walFile` is the database's real path plus '-wal'; the WAL must exist (the connection has written once). */
  constructor(walFile: string) {
    this.#fd = openSync(walFile, 'r');
    // The WAL's directory entry must be durable too (SQLite syncs it only with synchronous=FULL).
    const dir = openSync(dirname(walFile), 'r');
    try {
      fsyncSync(dir);
    } finally {
      closeSync(dir);
    }
  }

  /** fdatasync of the WAL off the event loop; `done` gets the error, if any. */
  sync(done: (err: Error | null) => void): void {
    fdatasync(this.#fd, done);
  }

  close(): void {
    closeSync(this.#fd);
  }
}
