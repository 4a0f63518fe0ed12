/**
 * The tail of one partition, one per partition and driver instance, started at first use and
 * kept: a stream consumer that sees every record appended from its start on, with its offset
 * (header x-stream-offset). AMQP 0-9-1 reports neither the offset a publish got nor where a
 * stream ends; the tail supplies both:
 *   - an append resolves when its publisher confirm has come and the tail has seen its token,
 *     whose offset is the receipt's (appends stay pipelined: nothing waits for another);
 *   - `end` is one past the newest offset seen, i.e. the partition's next offset.
 *
 * It starts at the partition's last chunk ('last'), which always holds a record (the partition
 * header at least, stream-records.ts), waits for it, and then reads to the end: acks what came
 * and makes a round trip (stream-cursor.ts barrier) until the broker sent less than the credit
 * it had, which it only does at the end of the stream. So `end` is exact once ready() resolved,
 * and follows every append after that. The cost: each sidecar that appends to or reads a
 * partition reads all its traffic once more. A lost channel starts it again where it was.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Connection } from 'rabbitmq-client';
import { OutriggerError } from '../../kernel/errors.js';
import { type OffsetSpec, StreamCursor, type StreamRecord } from './stream-cursor.js';
import { tokenOf } from './stream-records.js';

const prefetch = 1000;
/** The last chunk is there at once; this only bounds a partition not made by the driver (no header). */
const firstRecordWaitMs = 10_000;
const sightingMs = 30_000;

interface Sighting {
  resolve(offset: number): void;
  reject(err: Error): void;
}

export class PartitionTail {
  readonly queue: string;
  readonly #connection: Connection;
  readonly #sightings = new Map<string, Sighting>();
  #cursor: StreamCursor | undefined;
  #ready: Promise<void> | undefined;
  #end = 0;
  #closed = false;
  #absorbing = false;

  constructor(connection: Connection, queue: string) {
    this.#connection = connection;
    this.queue = queue;
  }

  /** Resolves once `end` is exact; rejects when the partition cannot be read (missing: unknown). */
  ready(): Promise<void> {
    this.#ready ??= this.#start('last').catch((err: unknown) => {
      this.#ready = undefined;
      throw err;
    });
    return this.#ready;
  }

  /**
   * Ready, and everything the broker sent the tail so far taken in: a round trip on the tail's
   * channel, which the broker answers only after the deliveries it had made by then. A record
   * committed before the round trip began (another sidecar's append, confirmed) has been sent to
   * the tail when the commit was announced, so `end` includes it: a read sees every append
   * answered before it began, in any sidecar.
   */
  async sync(): Promise<void> {
    await this.ready();
    const cursor = this.#cursor;
    if (cursor === undefined || !cursor.open) return;
    await cursor.barrier();
    this.#absorb(cursor.take());
  }

  /** The broker's offset the next record will get (the partition header is offset 0). */
  get end(): number {
    return this.#end;
  }

  /** Call before publishing the record carrying `token`: resolves with its offset once seen. */
  expect(token: string): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      // Confirmed records reach the tail at once; this bounds a partition deleted under it.
      const timer = setTimeout(() => {
        this.#sightings.delete(token);
        reject(new OutriggerError('broker_unavailable', `an append to '${this.queue}' was confirmed but not seen in the stream within ${sightingMs / 1000} s; it may have been written`, { retriable: true }));
      }, sightingMs).unref();
      this.#sightings.set(token, {
        resolve: (offset) => {
          clearTimeout(timer);
          resolve(offset);
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      });
    });
  }

  /** The append failed: nobody waits for its token any more. */
  forget(token: string): void {
    this.#sightings.get(token)?.resolve(-1);
    this.#sightings.delete(token);
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#cursor?.close();
    const gone = new OutriggerError('broker_unavailable', `the RabbitMQ driver closed before an append to '${this.queue}' was seen in the stream; it may have been written`, { retriable: true });
    for (const sighting of this.#sightings.values()) sighting.reject(gone);
    this.#sightings.clear();
  }

  async #start(from: OffsetSpec): Promise<void> {
    const cursor = await StreamCursor.open(this.#connection, this.queue, from, prefetch);
    this.#cursor = cursor;
    if (from === 'last') {
      await cursor.wait(firstRecordWaitMs);
      for (;;) {
        this.#absorb(cursor.take());
        await cursor.barrier();
        if (cursor.buffered < cursor.prefetch) break;
      }
    }
    this.#absorb(cursor.take());
    cursor.onArrival = () => this.#schedule();
    void this.#watch(cursor);
  }

  /** Absorbs arrivals in batches (one ack per batch), on the next turn of the event loop. */
  #schedule(): void {
    if (this.#absorbing) return;
    this.#absorbing = true;
    setImmediate(() => {
      this.#absorbing = false;
      if (this.#cursor !== undefined) this.#absorb(this.#cursor.take());
    });
  }

  #absorb(records: StreamRecord[]): void {
    for (const { offset, message } of records) {
      // A restart at an offset begins at its chunk: what came before it was seen already.
      if (offset < this.#end) continue;
      this.#end = offset + 1;
      const token = tokenOf(message);
      const sighting = token === undefined ? undefined : this.#sightings.get(token);
      if (sighting !== undefined && token !== undefined) {
        this.#sightings.delete(token);
        sighting.resolve(offset);
      }
    }
  }

  /** A lost channel: start again at the next offset, so nothing appended meanwhile goes unseen. */
  async #watch(cursor: StreamCursor): Promise<void> {
    await cursor.closed;
    while (!this.#closed && this.#cursor === cursor) {
      await sleep(250);
      if (this.#closed) return;
      try {
        await this.#start(this.#end);
        return;
      } catch {
        // The broker is away: try again.
      }
    }
  }
}
