/**
 * The WAL checkpoint off the event loop.
 *
 * SQLite checkpoints a WAL database by itself inside the COMMIT that takes the log past
 * `wal_autocheckpoint` pages (1,000 by default): that COMMIT copies the log into the database
 * file and syncs both, on the thread that committed, which here is the event loop, with every
 * request in flight waiting. Instead, once the driver has written enough to need one, a worker
 * thread with its own connection runs `PRAGMA wal_checkpoint(PASSIVE)` every `intervalMs`: it
 * copies what no reader still needs without taking the write lock, while the event loop keeps
 * committing. A pass that finds the log grown meanwhile runs again (a few times at most), so the
 * log is usually fully copied and the driver's connection starts it over at its next write, as
 * after an automatic checkpoint.
 *
 * Bounded: while the worker runs, the automatic checkpoint stays on at `backstopPages`, so should
 * the worker fall behind the log is still checkpointed on the event loop, only later (and then
 * mostly already copied); should the worker fail, the automatic checkpoint returns to SQLite's
 * default. Durability is unchanged: a commit is durable once its WAL frames are synced
 * (wal-sync.ts), and a checkpoint, whichever connection runs it, syncs the log before copying and
 * the database file before the log may be reused (synchronous=NORMAL on both connections).
 *
 * The worker costs a V8 isolate's worth of RSS, so it starts only after `startAfterCommits`
 * commits, and stops once nothing was written for `idleAfterMs` (SQLite's own checkpoint is back
 * at its default meanwhile); the next `startAfterCommits` commits start it again. A daemon that
 * writes little, or has stopped writing, does not keep it.
 */
import type { DatabaseSync } from 'node:sqlite';
import { Worker } from 'node:worker_threads';

export interface CheckpointerOptions {
  /** Commits of this connection after which the worker starts. */
  startAfterCommits: number;
  /** How often the worker checkpoints. */
  intervalMs: number;
  /** The automatic checkpoint on the event loop while the worker runs: the bound on the log. */
  backstopPages: number;
  /** The worker stops after this long without a write. */
  idleAfterMs: number;
}

export const checkpointerDefaults: CheckpointerOptions = { startAfterCommits: 1_000, intervalMs: 1_000, backstopPages: 10_000, idleAfterMs: 30_000 };

/** SQLite's own default, restored if the worker fails. */
const defaultAutocheckpointPages = 1_000;
/** Passes per tick while the log keeps growing under the checkpoint. */
const maxPasses = 4;

// A script rather than a module file: it has no imports of ours, and runs the same from src/ (tests) and dist/.
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const { DatabaseSync } = require('node:sqlite');
const db = new DatabaseSync(workerData.file, { timeout: 0 });
db.exec('PRAGMA synchronous = NORMAL');
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
let passes = 0;
let last = '';
let idleTicks = 0;
const stop = () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
};
const timer = setInterval(() => {
  let state = '';
  for (let pass = 0; pass < workerData.maxPasses; pass++) {
    const { busy, log, checkpointed } = checkpoint.get();
    passes++;
    state = log + ':' + checkpointed;
    if (busy !== 0 || checkpointed >= log) break;
  }
  // The log unchanged since the last tick: nothing was written meanwhile.
  idleTicks = state === last ? idleTicks + 1 : 0;
  last = state;
  if (idleTicks >= workerData.idleTicks) stop();
}, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message === 'passes') return parentPort.postMessage(passes);
  stop();
});
`;

export class Checkpointer {
  readonly #file: string;
  readonly #db: DatabaseSync;
  readonly #options: CheckpointerOptions;
  #commits = 0;
  #worker: Worker | undefined;
  #failed = false;
  #stopped: Promise<void> | undefined;

  /** `file` is the database's real path; `db` the driver's connection. */
  constructor(file: string, db: DatabaseSync, options: CheckpointerOptions = checkpointerDefaults) {
    this.#file = file;
    this.#db = db;
    this.#options = options;
  }

  /** True once the worker checkpoints (diagnostics and tests). */
  get running(): boolean {
    return this.#worker !== undefined && this.#stopped === undefined;
  }

  /** After each commit of the driver's connection. */
  committed(): void {
    if (this.#worker === undefined && this.#stopped === undefined && ++this.#commits >= this.#options.startAfterCommits) this.#start();
  }

  /** How many checkpoint passes the worker has run (tests). */
  passes(): Promise<number> {
    const worker = this.#worker;
    if (worker === undefined || this.#stopped !== undefined) return Promise.resolve(0);
    return new Promise((resolve) => {
      worker.once('message', (count: number) => resolve(count));
      worker.postMessage('passes');
    });
  }

  /** Stops the worker (its connection closes); call before closing the driver's connection. */
  close(): Promise<void> {
    const worker = this.#worker;
    this.#stopped ??=
      worker === undefined
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            // Unref'd while it runs, so it never keeps a process alive; held while it closes, so a close can be awaited.
            worker.ref();
            worker.once('exit', () => resolve());
            worker.postMessage('close');
          });
    return this.#stopped;
  }

  #start(): void {
    const worker = new Worker(workerSource, {
      eval: true,
      workerData: { file: this.#file, intervalMs: this.#options.intervalMs, maxPasses, idleTicks: Math.max(1, Math.ceil(this.#options.idleAfterMs / this.#options.intervalMs)) },
      // Only a connection and a timer: a small heap is enough.
      resourceLimits: { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 1 },
      stdout: false,
      stderr: false,
    });
    worker.unref();
    worker.once('error', () => (this.#failed = true));
    worker.once('exit', (code) => this.#exited(code));
    this.#worker = worker;
    this.#db.exec(`PRAGMA wal_autocheckpoint = ${this.#options.backstopPages}`);
  }

  /** Without the worker SQLite checkpoints as it would by itself; after an idle stop, writes start it again; after a failure, never. */
  #exited(code: number): void {
    if (this.#stopped !== undefined || !this.#db.isOpen) return;
    this.#worker = undefined;
    this.#db.exec(`PRAGMA wal_autocheckpoint = ${defaultAutocheckpointPages}`);
    if (code !== 0 || this.#failed) this.#stopped = Promise.resolve();
    else this.#commits = 0;
  }
}
