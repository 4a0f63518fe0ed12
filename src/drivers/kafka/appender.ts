/**
 * Appends, coalesced: every append that arrives within one event-loop turn goes in one send (one
 * Produce request per partition leader), and each caller is answered once the broker acknowledged
 * its records (acks=all, idempotent producer). Up to MAX_IN_FLIGHT sends are out at once, each
 * without waiting for the one before; appends that arrive while that many are out wait together
 * and go as one send when the first comes back, so that a busy sidecar makes fewer, larger
 * requests instead of queueing small ones in the client. The client numbers each partition's
 * records (producer sequence) in the order of the send calls, so a partition's records stay in
 * the order their callers appended them.
 *
 * Kafka answers a Produce with the base offset of each partition's batch; the records of one
 * partition in one send take consecutive offsets from it in the order they were sent.
 */
import type { Producer } from '@platformatic/kafka';
import type { OutboundRecord } from './codec.js';

/** The client's requests in flight per connection (maxInflights), and Kafka's limit for an idempotent producer. */
const MAX_IN_FLIGHT = 5;

interface Pending {
  records: OutboundRecord[];
  resolve(offsets: number[]): void;
  reject(err: unknown): void;
}

export class Appender {
  readonly #producer: Producer;
  #pending: Pending[] = [];
  #scheduled = false;
  readonly #sending = new Set<Promise<void>>();

  constructor(producer: Producer) {
    this.#producer = producer;
  }

  /** Resolves with each record's offset once all of them are acknowledged. */
  append(records: OutboundRecord[]): Promise<number[]> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ records, resolve, reject });
      this.#schedule();
    });
  }

  /** Resolves once nothing is pending or being sent. */
  async drain(): Promise<void> {
    while (this.#scheduled || this.#sending.size > 0 || this.#pending.length > 0) {
      await Promise.all(this.#sending);
      if (this.#scheduled) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  #schedule(): void {
    if (this.#scheduled || this.#pending.length === 0 || this.#sending.size >= MAX_IN_FLIGHT) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      if (this.#sending.size >= MAX_IN_FLIGHT) return;
      const work = this.#pending;
      this.#pending = [];
      const sending = this.#send(work).finally(() => {
        this.#sending.delete(sending);
        this.#schedule();
      });
      this.#sending.add(sending);
    });
  }

  async #send(work: Pending[]): Promise<void> {
    const messages = work.length === 1 ? (work[0] as Pending).records : work.flatMap((call) => call.records);
    let result;
    try {
      result = await this.#producer.send({ messages });
    } catch (err) {
      for (const call of work) call.reject(err);
      return;
    }
    const next = new Map<string, number>();
    for (const { topic, partition, offset } of result.offsets ?? []) next.set(`${topic}\0${partition}`, Number(offset));
    for (const call of work) {
      const offsets: number[] = [];
      for (const record of call.records) {
        const slot = `${record.topic}\0${record.partition}`;
        const offset = next.get(slot);
        if (offset === undefined) {
          call.reject(new Error(`the broker's answer has no offset for ${record.topic} partition ${record.partition}`));
          break;
        }
        offsets.push(offset);
        next.set(slot, offset + 1);
      }
      if (offsets.length === call.records.length) call.resolve(offsets);
    }
  }
}
