/**
 * Appends to one partition, coalesced: every append that arrives within one event-loop turn
 * (and while a previous flush is still sending) goes out in as few EventDataBatches as fit, and
 * each caller resolves only after every batch holding one of its events was accepted.
 *
 * Event Hubs does not tell a sender the sequence numbers it assigned, so the offsets in a receipt
 * are worked out: the partition's last sequence number is known before the flush (from the
 * previous flush, or asked for) and asked for after it. When exactly our events were added in
 * between, they are numbered in the order sent; when another producer wrote to the partition
 * meanwhile, the new range is read back and our events are found by message id.
 */
import type { EventData, EventDataBatch, EventHubProducerClient, PartitionProperties, ReceivedEventData } from '@azure/event-hubs';
import { OutriggerError } from '../../kernel/errors.js';

/** Most events asked for in one read-back. */
const READ_BACK_PAGE = 1_000;

interface Pending {
  events: EventData[];
  resolve(offsets: number[]): void;
  reject(err: unknown): void;
}

export interface AppenderDeps {
  producer: EventHubProducerClient;
  partition: number;
  properties(): Promise<PartitionProperties>;
  /** Reads events of this partition from `from` (inclusive), at most `max`. */
  readBack(from: number, max: number): Promise<ReceivedEventData[]>;
  /** Maps an SDK failure to an OutriggerError. */
  fail(err: unknown): OutriggerError;
  maxMessageBytes: number;
}

export class PartitionAppender {
  readonly #deps: AppenderDeps;
  #pending: Pending[] = [];
  #flushing = false;
  /** The partition's last sequence number as last seen; undefined when it must be asked for. */
  #last: number | undefined;

  constructor(deps: AppenderDeps) {
    this.#deps = deps;
  }

  append(events: EventData[]): Promise<number[]> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ events, resolve, reject });
      if (!this.#flushing) {
        this.#flushing = true;
        setImmediate(() => void this.#drain());
      }
    });
  }

  /** Resolves once nothing is pending or being sent. */
  async drain(): Promise<void> {
    while (this.#flushing) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  async #drain(): Promise<void> {
    try {
      while (this.#pending.length > 0) {
        const work = this.#pending;
        this.#pending = [];
        await this.#flush(work).catch((err: unknown) => {
          this.#last = undefined;
          const error = this.#deps.fail(err);
          for (const call of work) call.reject(error);
        });
      }
    } finally {
      this.#flushing = false;
    }
  }

  async #flush(work: Pending[]): Promise<void> {
    const { producer, partition } = this.#deps;
    const before = this.#last ?? (await this.#deps.properties()).lastEnqueuedSequenceNumber;
    this.#last = undefined;
    const options = { partitionId: String(partition) };
    /** Calls whose last event was in a batch the service accepted. */
    const completed: Pending[] = [];
    /** Calls whose last event is in the batch being filled. */
    let closing: Pending[] = [];
    const sentEvents: EventData[] = [];
    let batchEvents: EventData[] = [];
    let batch: EventDataBatch = await producer.createBatch(options);
    const send = async (): Promise<void> => {
      if (batch.count > 0) await producer.sendBatch(batch);
      sentEvents.push(...batchEvents);
      completed.push(...closing);
      closing = [];
      batchEvents = [];
      batch = await producer.createBatch(options);
    };
    let failure: unknown;
    try {
      for (const call of work) {
        for (const event of call.events) {
          if (!batch.tryAdd(event)) {
            if (batch.count > 0) await send();
            if (!batch.tryAdd(event)) {
              throw new OutriggerError('payload_too_large', `an event of ${(event.body as Buffer).byteLength} bytes with its headers does not fit in one Event Hubs message (at most ${batch.maxSizeInBytes} bytes)`, {
                extensions: { limit: this.#deps.maxMessageBytes },
              });
            }
          }
          batchEvents.push(event);
        }
        closing.push(call);
      }
      await send();
    } catch (err) {
      failure = err;
    }
    // A call only partly sent fails like the unsent ones: the caller's retry may duplicate, never lose.
    const failed = work.filter((call) => !completed.includes(call));
    if (failed.length > 0) {
      const error = this.#deps.fail(failure);
      for (const call of failed) call.reject(error);
    }
    if (completed.length === 0) return;
    const offsets = await this.#locate(before, sentEvents);
    const offsetOf = new Map(sentEvents.map((event, i) => [event, offsets[i] as number]));
    for (const call of completed) call.resolve(call.events.map((event) => offsetOf.get(event) as number));
  }

  /** The sequence numbers our events got, in the order sent. */
  async #locate(before: number, events: EventData[]): Promise<number[]> {
    let after = before;
    for (let tries = 0; tries < 5; tries++) {
      after = (await this.#deps.properties()).lastEnqueuedSequenceNumber;
      if (after - before >= events.length) break;
      await new Promise((resolve) => setTimeout(resolve, 20 * (tries + 1)));
    }
    if (after - before === events.length) {
      this.#last = after;
      return events.map((_, i) => before + 1 + i);
    }
    // One read returns what the SDK's first batch held, which can be far less than asked for:
    // page through the range, matching our events in the order sent, until all are found.
    const last = Math.max(after, before + events.length);
    const offsets: number[] = [];
    for (let from = before + 1; offsets.length < events.length && from <= last; ) {
      const page = await this.#deps.readBack(from, Math.min(last - from + 1, READ_BACK_PAGE));
      if (page.length === 0) break;
      for (const candidate of page) {
        if (offsets.length < events.length && candidate.messageId === events[offsets.length]?.messageId) offsets.push(candidate.sequenceNumber);
      }
      from = (page.at(-1) as ReceivedEventData).sequenceNumber + 1;
    }
    if (offsets.length < events.length) {
      throw new OutriggerError('broker_unavailable', `appended events were accepted but could not be found again to tell their offsets; they may be delivered`, { retriable: false });
    }
    this.#last = after;
    return offsets;
  }
}
