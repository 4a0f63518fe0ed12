import type { NatsConnection, Subscription } from '@nats-io/transport-node';

/**
 * Messages published to some subjects, as they happen (a core subscription), so that a
 * long-poll wakes as soon as one is stored instead of polling: an append to a stream partition,
 * or a keyed message to a queue. Taken before the first look at the stream, so that nothing
 * written in between is missed.
 */
export class Arrivals {
  readonly #sub: Subscription;
  #seen = 0;
  #count = 0;
  #wake: (() => void) | undefined;

  constructor(nc: NatsConnection, subject: string) {
    this.#sub = nc.subscribe(subject, {
      callback: () => {
        this.#count++;
        this.#wake?.();
      },
    });
  }

  /** Resolves at the next append (at once if one came since the last wait), after `ms`, or on abort. */
  wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
    if (this.#count !== this.#seen || signal?.aborted) {
      this.#seen = this.#count;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.#wake = undefined;
        this.#seen = this.#count;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wake = done;
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  close(): void {
    this.#sub.unsubscribe();
  }
}
