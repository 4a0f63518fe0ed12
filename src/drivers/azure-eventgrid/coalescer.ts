/**
 * Concurrent publishes to one topic share requests. Each caller's events stay together in one
 * request when they fit; groups queue while `maxInFlight` requests are out, and the next request
 * takes as many whole groups as fit under the 1 MB request limit. Each caller is answered when
 * the request holding its events is, so an accepted answer still means "the service has it".
 *
 * A request refused for its content (a 4xx other than throttling) took nothing, so when it held
 * several callers' groups each is sent again alone: one caller's bad event must not fail
 * another's. Throttling and outages fail every caller of the request; their broker policies retry.
 */
import { isOutriggerError, OutriggerError } from '../../kernel/errors.js';
import type { WireEvent } from './codec.js';
import { MAX_BYTES } from './limits.js';

export type SendRequest = (events: WireEvent[], signal?: AbortSignal) => Promise<void>;

interface Group {
  events: WireEvent[];
  /** JSON bytes of the events, commas included. */
  bytes: number;
  signal: AbortSignal | undefined;
  resolve(): void;
  reject(err: unknown): void;
}

/** `[` and `]` around the events, and a comma between two. */
export function requestBytes(sizes: number[]): number {
  return 2 + sizes.reduce((sum, size) => sum + size, 0) + Math.max(0, sizes.length - 1);
}

export class Coalescer {
  readonly #send: SendRequest;
  readonly #maxInFlight: number;
  readonly #queue: Group[] = [];
  #inFlight = 0;

  constructor(send: SendRequest, maxInFlight = 4) {
    this.#send = send;
    this.#maxInFlight = maxInFlight;
  }

  /** Resolves once every event is accepted; `sizes` are the events' JSON sizes, each within the limit. */
  publish(events: WireEvent[], sizes: number[], signal?: AbortSignal): Promise<void> {
    if (requestBytes(sizes) > MAX_BYTES) return this.#inChunks(events, sizes, signal);
    return new Promise<void>((resolve, reject) => {
      const group: Group = { events, bytes: requestBytes(sizes) - 2, signal, resolve, reject };
      // A caller that gives up while its events still wait is taken out: they are never sent.
      const onAbort = (): void => {
        const index = this.#queue.indexOf(group);
        if (index < 0) return;
        this.#queue.splice(index, 1);
        reject(notSent(signal?.reason));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = (): void => signal?.removeEventListener('abort', onAbort);
      group.resolve = () => (done(), resolve());
      group.reject = (err) => (done(), reject(err));
      this.#queue.push(group);
      this.#pump();
    });
  }

  /** A caller whose events alone pass the request limit: its own requests, one after another. */
  async #inChunks(events: WireEvent[], sizes: number[], signal?: AbortSignal): Promise<void> {
    let start = 0;
    while (start < events.length) {
      let end = start + 1;
      while (end < events.length && requestBytes(sizes.slice(start, end + 1)) <= MAX_BYTES) end++;
      await this.publish(events.slice(start, end), sizes.slice(start, end), signal);
      start = end;
    }
  }

  #pump(): void {
    while (this.#inFlight < this.#maxInFlight && this.#queue.length > 0) {
      const batch = this.#take();
      if (batch.length === 0) continue;
      this.#inFlight++;
      void this.#run(batch).finally(() => {
        this.#inFlight--;
        this.#pump();
      });
    }
  }

  /** Whole groups from the front of the queue, as many as fit in one request; aborted ones are answered. */
  #take(): Group[] {
    const batch: Group[] = [];
    let bytes = 2;
    while (this.#queue.length > 0) {
      const next = this.#queue[0]!;
      if (next.signal?.aborted) {
        this.#queue.shift();
        next.reject(notSent(next.signal.reason));
        continue;
      }
      const added = next.bytes + (batch.length > 0 ? 1 : 0);
      if (batch.length > 0 && bytes + added > MAX_BYTES) break;
      this.#queue.shift();
      batch.push(next);
      bytes += added;
    }
    return batch;
  }

  async #run(batch: Group[]): Promise<void> {
    // A lone caller's request may be cut short by its signal; a shared one belongs to no one caller.
    const signal = batch.length === 1 ? batch[0]!.signal : undefined;
    try {
      await this.#send(batch.flatMap((group) => group.events), signal);
      for (const group of batch) group.resolve();
    } catch (err) {
      if (batch.length > 1 && refusedForContent(err)) {
        await Promise.all(batch.map((group) => this.#send(group.events, group.signal).then(group.resolve, group.reject)));
        return;
      }
      for (const group of batch) group.reject(err);
    }
  }
}

function notSent(reason: unknown): OutriggerError {
  return new OutriggerError('timeout', 'the publish was given up while it waited for a request; none of its events was sent', { cause: reason });
}

function refusedForContent(err: unknown): boolean {
  return isOutriggerError(err) && (err.code === 'bad_request' || err.code === 'payload_too_large');
}
