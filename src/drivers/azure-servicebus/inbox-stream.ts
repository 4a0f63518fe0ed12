/**
 * Flowing credit for a caller that receives continuously (the push loop, a Consume stream). A
 * pull receive costs the broker and both ends a credit, and a drain when fewer come than asked,
 * per call, and the caller waits a round trip for each. Here one SDK subscribe() per inbox keeps
 * up to `window` messages locked at once, and a message's credit comes back only when the caller
 * settles it (or it is released): the broker sends the next message while the caller works.
 *
 * Nothing is locked for long that no caller holds. A message waits in the buffer at most
 * `staleMs` (a fraction of the lock); if it is still there, the stream stops and everything
 * buffered is released (abandoned with the release recorded, so no attempt is counted). A receive
 * that waits its whole waitMs for nothing, or is aborted, stops the stream too: an idle inbox goes
 * back to pull receives, which the watchdog guards (watchdog.ts), until messages flow again.
 */
import type { ServiceBusReceivedMessage, ServiceBusReceiver } from '@azure/service-bus';

export interface Streamed {
  message: ServiceBusReceivedMessage;
  /** Gives the message's credit back; call it once the message is settled or released. */
  done: () => void;
}

interface Buffered extends Streamed {
  at: number;
}

interface Waiter {
  max: number;
  resolve: (taken: Streamed[]) => void;
}

export class InboxStream {
  readonly #buffer: Buffered[] = [];
  readonly #waiters: Waiter[] = [];
  readonly #subscription: { close(): Promise<void> };
  readonly #sweep: NodeJS.Timeout;
  #flushing = false;
  #stopping: Promise<void> | undefined;

  constructor(
    readonly receiver: ServiceBusReceiver,
    window: number,
    private readonly staleMs: number,
    /** Gives a message no caller took back to the entity without counting an attempt. */
    private readonly release: (message: ServiceBusReceivedMessage) => Promise<void>,
    /** Called once when the stream stops, with the stop's end (the owner forgets it, then closes the receiver). */
    private readonly stopped: (ended: Promise<void>) => void,
  ) {
    this.#subscription = receiver.subscribe(
      {
        processMessage: (message) => this.#arrived(message),
        // The SDK reattaches by itself; the stream stops instead, so the next receive is a
        // watchdog-guarded pull on a fresh receiver.
        processError: async () => void this.stop(),
      },
      { autoCompleteMessages: false, maxConcurrentCalls: window },
    );
    this.#sweep = setInterval(() => {
      const oldest = this.#buffer[0];
      if (oldest !== undefined && Date.now() - oldest.at >= this.staleMs) void this.stop();
    }, Math.max(50, Math.floor(staleMs / 2)));
    this.#sweep.unref();
  }

  /** Messages locked for the stream that no caller has taken yet. */
  get buffered(): number {
    return this.#buffer.length;
  }

  get isStopped(): boolean {
    return this.#stopping !== undefined;
  }

  /** Up to `max` messages: what is buffered at once, else the first to arrive within waitMs (none when it passes or `signal` aborts). */
  take(max: number, waitMs: number, signal?: AbortSignal): Promise<Streamed[]> {
    if (this.isStopped) return Promise.resolve([]);
    if (this.#buffer.length > 0) return Promise.resolve(this.#buffer.splice(0, max));
    return new Promise((resolve) => {
      const finish = (taken: Streamed[]): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', abort);
        resolve(taken);
      };
      const waiter: Waiter = { max, resolve: finish };
      const abort = (): void => {
        const index = this.#waiters.indexOf(waiter);
        if (index >= 0) this.#waiters.splice(index, 1);
        finish([]);
      };
      const timer = setTimeout(abort, waitMs);
      signal?.addEventListener('abort', abort, { once: true });
      if (signal?.aborted === true) return abort();
      this.#waiters.push(waiter);
    });
  }

  /**
   * Stops the credit and releases what is buffered and what still arrives; resolves when the link
   * is drained and every release answered (the receiver may then be closed once nothing taken
   * through it is held).
   */
  stop(): Promise<void> {
    if (this.#stopping === undefined) {
      this.#stopping = this.#stop();
      this.stopped(this.#stopping);
    }
    return this.#stopping;
  }

  async #stop(): Promise<void> {
    clearInterval(this.#sweep);
    for (const waiter of this.#waiters.splice(0)) waiter.resolve([]);
    // Given back only once the credit is drained: a message released while the link still had
    // credit could come straight back to it. The drain is answered after every transfer sent
    // before it, so what arrives meanwhile joins the buffer first.
    await this.#subscription.close().catch(() => undefined);
    const releases = this.#buffer.splice(0).map(({ message, done }) => this.release(message).catch(() => undefined).finally(done));
    await Promise.allSettled(releases);
  }

  #arrived(message: ServiceBusReceivedMessage): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => resolve();
      this.#buffer.push({ message, done, at: Date.now() });
      if (this.isStopped) return;
      // The transfers of one socket read are handed out together.
      if (!this.#flushing && this.#waiters.length > 0) {
        this.#flushing = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  #flush(): void {
    this.#flushing = false;
    while (this.#buffer.length > 0) {
      const waiter = this.#waiters.shift();
      if (waiter === undefined) return;
      waiter.resolve(this.#buffer.splice(0, waiter.max));
    }
  }
}
