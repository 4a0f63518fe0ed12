/**
 * Appends to one partition, coalesced and pipelined. Event Hubs does not tell a sender the
 * sequence numbers it assigned, so the offsets in a receipt are proven by counting: the
 * partition's last sequence number is known from an earlier read, and a later read that finds
 * exactly as many new events as we had sent accounts for every one of them.
 *
 * The appender works in rounds. A round reads the partition's properties to prove the offsets of
 * what earlier rounds sent and, beside that read, sends everything pending (in as few
 * EventDataBatches as fit); a caller waits for its send and for the read that proves it, not for
 * another caller's read. The send waits, at most until the read is back, for the callers that the
 * last read answered to append again, so that they share it. Sends are one at a time, so our
 * events are stored in the order we sent them (the SDK's own retry cannot reorder two batches).
 *
 * A read proves the sends acknowledged before it began when it finds exactly their count: those
 * events are in the range since they were acknowledged, and nothing else is, since the range has
 * no room. Any other count means another producer wrote meanwhile, or, when a send of ours began
 * before the read was back, that send was counted too (nothing orders a management read and a
 * send on another link). A round that sends nothing settles that: when its read still finds a
 * different count, the range is read back and our events are found by message id. A read that
 * was back before the round's send began goes straight to the read-back.
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

/** Events the service accepted, in the order sent, whose offsets are not proven yet. */
interface Unproven {
  events: EventData[];
  calls: Pending[];
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

/** How offsets were settled, for tests and diagnosis. */
export interface AppenderCounts {
  rounds: number;
  /** sendBatch calls the service acknowledged, and the events in them. */
  sends: number;
  events: number;
  /** Partition-properties reads asked for. */
  reads: number;
  /** Reads whose count was ambiguous because a send of ours ran beside them. */
  ambiguous: number;
  /** Ranges read back because another producer wrote (or a send was stored twice). */
  readBacks: number;
}

export class PartitionAppender {
  readonly counts: AppenderCounts = { rounds: 0, sends: 0, events: 0, reads: 0, ambiguous: 0, readBacks: 0 };
  readonly #deps: AppenderDeps;
  #pending: Pending[] = [];
  #unproven: Unproven[] = [];
  #running = false;
  /** The next round sends nothing, so that its read is not raced by a send of ours. */
  #hold = false;
  /** Sends begun so far: a read raced a send of ours when this changed while it was out. */
  #sendsBegun = 0;
  /** Calls answered by the last proof: their callers' next appends are likely on their way. */
  #answered = 0;
  /** Wakes a round's send once this many calls are pending. */
  #arrivals: { target: number; wake(): void } | undefined;
  /** The sequence number up to which every event of ours is accounted for; undefined when it must be asked for. */
  #last: number | undefined;

  constructor(deps: AppenderDeps) {
    this.#deps = deps;
  }

  append(events: EventData[]): Promise<number[]> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ events, resolve, reject });
      if (this.#arrivals !== undefined && this.#pending.length >= this.#arrivals.target) this.#arrivals.wake();
      if (!this.#running) {
        this.#running = true;
        setImmediate(() => void this.#run());
      }
    });
  }

  /** Resolves once nothing is pending, being sent or waiting for its offsets. */
  async drain(): Promise<void> {
    while (this.#running) await new Promise((resolve) => setTimeout(resolve, 5));
  }

  async #run(): Promise<void> {
    try {
      while (this.#pending.length > 0 || this.#unproven.length > 0) await this.#round();
    } finally {
      this.#running = false;
    }
  }

  async #round(): Promise<void> {
    this.counts.rounds++;
    if (this.#last === undefined) {
      // Only here with nothing unproven: a failed read gives up on everything unproven.
      try {
        this.#last = await this.#lastSequenceNumber();
      } catch (err) {
        this.#rejectAll(this.#pending.splice(0), err);
        return;
      }
    }
    const proving = this.#unproven.splice(0);
    const hold = this.#hold;
    this.#hold = false;
    const returning = this.#answered;
    this.#answered = 0;
    // The read is asked for first: on one connection it usually reaches the service before the send.
    const read = proving.length > 0 ? this.#prove(proving) : undefined;
    const send = hold
      ? undefined
      : this.#gather(read, returning).then(() => {
          // A failed read leaves nothing to count from: what is pending waits for the next round's read.
          if (this.#last === undefined) return;
          const work = this.#pending.splice(0);
          return work.length > 0 ? this.#send(work) : undefined;
        });
    await Promise.all([read, send]);
    if (this.#last === undefined) {
      // The read failed: what this round sent cannot be placed against a known sequence number.
      const lost = this.#unproven.splice(0).flatMap((unproven) => unproven.calls);
      this.#rejectAll(lost, new OutriggerError('broker_unavailable', 'appended events were accepted but their offsets could not be read; they may be delivered', { retriable: false }));
    }
  }

  async #lastSequenceNumber(): Promise<number> {
    this.counts.reads++;
    return (await this.#deps.properties()).lastEnqueuedSequenceNumber;
  }

  /**
   * Waits, before a round's send, for the callers the last proof answered to append again (under
   * load they come straight back), or for the round's read to finish, whichever is first: rounds
   * then carry every caller every two rounds rather than a third of them each round, which halves
   * the sends and reads per event. Without a read under way there is nothing to wait beside.
   */
  async #gather(read: Promise<void> | undefined, returning: number): Promise<void> {
    if (read === undefined || returning === 0) return;
    const target = this.#pending.length + returning;
    await new Promise<void>((resolve) => {
      const arrivals = {
        target,
        wake: (): void => {
          if (this.#arrivals === arrivals) this.#arrivals = undefined;
          resolve();
        },
      };
      this.#arrivals = arrivals;
      void read.then(arrivals.wake);
    });
  }

  #rejectAll(calls: Pending[], err: unknown): void {
    if (calls.length === 0) return;
    const error = this.#deps.fail(err);
    for (const call of calls) call.reject(error);
  }

  /** Sends `work` in as few batches as fit; the calls whose events were all accepted wait for their offsets. */
  async #send(work: Pending[]): Promise<void> {
    this.#sendsBegun++;
    const { producer, partition } = this.#deps;
    const options = { partitionId: String(partition) };
    /** Calls whose last event was in a batch the service accepted. */
    const completed: Pending[] = [];
    /** Calls whose last event is in the batch being filled. */
    let closing: Pending[] = [];
    const sentEvents: EventData[] = [];
    let batchEvents: EventData[] = [];
    let batch: EventDataBatch | undefined;
    const send = async (full: EventDataBatch): Promise<void> => {
      await producer.sendBatch(full);
      this.counts.sends++;
      this.counts.events += batchEvents.length;
      sentEvents.push(...batchEvents);
      completed.push(...closing);
      closing = [];
      batchEvents = [];
      batch = undefined;
    };
    let failure: unknown;
    try {
      for (const call of work) {
        for (const event of call.events) {
          batch ??= await producer.createBatch(options);
          if (!batch.tryAdd(event)) {
            if (batch.count > 0) {
              await send(batch);
              batch = await producer.createBatch(options);
            }
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
      if (batch !== undefined) await send(batch);
    } catch (err) {
      failure = err;
    }
    // A call only partly sent fails like the unsent ones: the caller's retry may duplicate, never lose.
    const failed = work.filter((call) => !completed.includes(call));
    if (failed.length > 0) this.#rejectAll(failed, failure);
    if (completed.length > 0) this.#unproven.push({ events: sentEvents, calls: completed });
  }

  /** Proves the offsets of `proving` (in the order sent). */
  async #prove(proving: Unproven[]): Promise<void> {
    const before = this.#last as number;
    const events = proving.flatMap((unproven) => unproven.events);
    const begun = this.#sendsBegun;
    let offsets: number[];
    try {
      const after = await this.#lastSequenceNumber();
      if (after === before + events.length) {
        offsets = events.map((_, i) => before + 1 + i);
        this.#last = after;
      } else if (this.#sendsBegun !== begun) {
        // A send of ours began while the read was out, and the count may include it.
        this.counts.ambiguous++;
        this.#unproven.unshift(...proving);
        this.#hold = true;
        return;
      } else {
        offsets = await this.#locate(before, events, after);
      }
    } catch (err) {
      this.#last = undefined;
      this.#rejectAll(
        proving.flatMap((unproven) => unproven.calls),
        err,
      );
      return;
    }
    const offsetOf = new Map(events.map((event, i) => [event, offsets[i] as number]));
    for (const { calls } of proving) {
      this.#answered += calls.length;
      for (const call of calls) call.resolve(call.events.map((event) => offsetOf.get(event) as number));
    }
  }

  /** The sequence numbers our events got, in the order sent, with no send of ours in flight. */
  async #locate(before: number, events: EventData[], seen: number): Promise<number[]> {
    let after = seen;
    // A read that finds fewer events than were acknowledged is behind: ask again, a little later.
    for (let tries = 0; tries < 5 && after - before < events.length; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20 * (tries + 1)));
      after = await this.#lastSequenceNumber();
    }
    if (after - before === events.length) {
      this.#last = after;
      return events.map((_, i) => before + 1 + i);
    }
    this.counts.readBacks++;
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
    this.#last = Math.max(after, offsets.at(-1) as number);
    return offsets;
  }
}
