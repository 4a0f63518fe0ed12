/**
 * Appends, coalesced: every append that arrives within one event-loop turn, or while the previous
 * send is still out, goes in the next send (one Produce request per partition leader), and each
 * caller is answered once the broker acknowledged its records (acks=all, idempotent producer).
 * One send at a time keeps a partition's records in the order their callers appended them.
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
  #sending: Promise<void> | undefined;

  constructor(producer: Producer) {
    this.#producer = producer;
  }

  /** Resolves with each record's offset once all of them are acknowledged. */
  append(records: PlacedRecord[]): Promise<number[]> {
    return new Promise((resolve, reject) => {
      this.#pending.push({ records, resolve, reject });
      this.#sending ??= new Promise<void>((started) => setImmediate(started)).then(() => this.#drain());
    });
  }

  /** Resolves once nothing is pending or being sent. */
  async drain(): Promise<void> {
    await this.#sending;
  }

  async #drain(): Promise<void> {
    try {
      while (this.#pending.length > 0) {
        const work = this.#pending;
        this.#pending = [];
        await this.#send(work);
      }
    } finally {
      this.#sending = undefined;
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
