/**
 * Bulkhead: at most `maxConcurrent` calls in flight, at most `maxQueue` more waiting in order for
 * a slot; anything beyond that is refused at once with 429 back_pressure. A waiting call whose
 * caller gives up (or whose deadline passes) leaves the queue immediately.
 */
import { OutriggerError } from '../../kernel/errors.js';

export class Bulkhead {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly maxConcurrent: number,
    private readonly maxQueue: number,
    private readonly subject: string,
    private readonly onReject: () => void = () => undefined,
  ) {}

  get inFlight(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /**
   * Takes a slot: undefined when one was free, a promise while waiting for one; throws the
   * refusal (or the signal's reason) at once. Every slot taken is given back with `release`.
   */
  acquire(signal: AbortSignal): Promise<void> | undefined {
    if (signal.aborted) throw signal.reason as Error;
    if (this.active < this.maxConcurrent) {
      this.active++;
      return undefined;
    }
    if (this.waiting.length >= this.maxQueue) {
      this.onReject();
      throw new OutriggerError('back_pressure', `${this.subject} has ${this.maxConcurrent} calls in flight and ${this.maxQueue} waiting; retry shortly`, {
        retryAfterSeconds: 1,
        extensions: { maxConcurrent: this.maxConcurrent, maxQueue: this.maxQueue },
      });
    }
    return new Promise<void>((resolve, reject) => {
      const grant = (): void => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = (): void => {
        const index = this.waiting.indexOf(grant);
        if (index !== -1) this.waiting.splice(index, 1);
        reject(signal.reason as Error);
      };
      this.waiting.push(grant);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** A finished call hands its slot straight to the first waiting one. */
  release(): void {
    const next = this.waiting.shift();
    if (next === undefined) this.active--;
    else next();
  }
}
