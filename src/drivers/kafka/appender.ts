/**
 * Appends, coalesced: every append that arrives within one event-loop turn goes in one send (one
 * Produce request per partition leader), and each caller is answered once the broker acknowledged
 * its records (acks=all, idempotent producer). Sends do not wait for each other: the client
 * numbers each partition's records (producer sequence) in the order of the send calls and keeps
 * one request in flight per connection, so a partition's records stay in the order their callers
 * appended them.
 *
 * Kafka answers a Produce with the base offset of each partition's batch; the records of one
 * partition in one send take consecutive offsets from it in the order they were sent.
 */
import type { Producer } from '@platformatic/kafka';
import type { OutboundRecord } from './codec.js';

export interface PlacedRecord extends OutboundRecord {
  topic: string;
  partition: number;
}

interface Pending {
  records: PlacedRecord[];
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
  append(records: PlacedRecord[]): Promise<number[]> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ records, resolve, reject });
      if (this.#scheduled) return;
      this.#scheduled = true;
      setImmediate(() => {
        this.#scheduled = false;
        const work = this.#pending;
        this.#pending = [];
        const sending = this.#send(work).finally(() => this.#sending.delete(sending));
        this.#sending.add(sending);
      });
    });
  }

  /** Resolves once nothing is pending or being sent. */
  async drain(): Promise<void> {
    while (this.#scheduled || this.#sending.size > 0) {
      await Promise.all(this.#sending);
      if (this.#scheduled) await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async #send(work: Pending[]): Promise<void> {
    const messages = work.flatMap((call) =>
      call.records.map(({ topic, partition, key, value, headers }) => ({
        topic,
        partition,
        value,
        headers: new Map([...headers].map(([name, header]) => [Buffer.from(name, 'utf8'), header])),
        ...(key === undefined ? {} : { key }),
      })),
    );
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
