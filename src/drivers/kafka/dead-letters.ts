/**
 * A subscription's retry and dead-letter topics: `<subscription>.retry` holds events to deliver
 * again (with their attempt count and due time in `outrigger-` headers), `<subscription>.dlq`
 * the dead letters (with reason, attempts and times). Both are ordinary Kafka topics any
 * client can read; the records keep the event's CloudEvents headers, key and value.
 *
 * A Kafka log cannot delete one record, so a redriven dead letter is struck out by a marker
 * record (`outrigger-redriven: <id>`) after its copy went to the retry topic; listing reads the
 * whole topic and leaves out what a later marker struck.
 */
import type { DeadLetter, StreamEvent } from '../contract.js';
import type { Appender } from './appender.js';
import { toRecord, toStreamEvent } from './codec.js';
import type { ReaderPool } from './reader-pool.js';

export const ATTEMPT = 'outrigger-attempt';
export const DUE_AT = 'outrigger-due-at';
const REASON = 'outrigger-reason';
const DEAD_AT = 'outrigger-dead-lettered-at';
const ENQUEUED_AT = 'outrigger-enqueued-at';
const REDRIVEN = 'outrigger-redriven';

export class DeadLetterStore {
  readonly #appender: Appender;
  readonly #readers: ReaderPool;
  readonly #retryTopic: string;
  readonly #deadLetterTopic: string;

  constructor(appender: Appender, readers: ReaderPool, retryTopic: string, deadLetterTopic: string) {
    this.#appender = appender;
    this.#readers = readers;
    this.#retryTopic = retryTopic;
    this.#deadLetterTopic = deadLetterTopic;
  }

  /** Durable in the retry topic before it resolves; delivered again at `dueAt` as attempt `attempts + 1`. */
  async retry(event: StreamEvent, attempts: number, dueAt: number): Promise<void> {
    await this.#write(this.#retryTopic, event, { [ATTEMPT]: String(attempts), [DUE_AT]: String(dueAt) });
  }

  async deadLetter(event: StreamEvent, attempts: number, reason: string): Promise<void> {
    await this.#write(this.#deadLetterTopic, event, { [ATTEMPT]: String(attempts), [REASON]: reason, [DEAD_AT]: String(Date.now()) });
  }

  /** The live dead letters, oldest first. */
  async list(limit = Infinity): Promise<DeadLetter[]> {
    return [...(await this.#live()).values()].slice(0, limit).map(({ letter }) => letter);
  }

  /** Copies the chosen dead letters (all without `ids`) to the retry topic, due now, as new; then strikes them out. */
  async redrive(ids?: string[]): Promise<number> {
    const live = await this.#live();
    const chosen = [...live.values()].filter(({ letter }) => ids === undefined || ids.includes(letter.id));
    for (const { event } of chosen) await this.retry(event, 0, 0);
    for (const { letter } of chosen) {
      await this.#appender.append([toRecord(this.#deadLetterTopic, 0, { id: letter.id, headers: { [REDRIVEN]: letter.id }, data: new Uint8Array(0) }, undefined)]);
    }
    return chosen.length;
  }

  async #write(topic: string, event: StreamEvent, facts: Record<string, string>): Promise<void> {
    const headers = Object.fromEntries(Object.entries(event.headers).filter(([name]) => !name.startsWith('outrigger-')));
    const record = toRecord(topic, 0, { id: event.id, headers: { ...headers, [ENQUEUED_AT]: event.headers[ENQUEUED_AT] ?? String(event.timestamp), ...facts }, data: event.data }, event.partitionKey);
    await this.#appender.append([record]);
  }

  async #live(): Promise<Map<string, { letter: DeadLetter; event: StreamEvent }>> {
    const live = new Map<string, { letter: DeadLetter; event: StreamEvent }>();
    const reader = await this.#readers.acquire();
    try {
      let offset = (await reader.offsets(this.#deadLetterTopic, [0], { kind: 'earliest' })).get(0) ?? 0;
      for (;;) {
        const { records } = await reader.fetch(this.#deadLetterTopic, new Map([[0, offset]]), 0, 4 * 1024 * 1024);
        const batch = records.get(0) ?? [];
        if (batch.length === 0) break;
        for (const record of batch) {
          const event = toStreamEvent(record);
          const struck = event.headers[REDRIVEN];
          if (struck !== undefined) live.delete(struck);
          else live.set(event.id, { event, letter: toDeadLetter(event) });
        }
        offset = (batch.at(-1)?.offset ?? offset) + 1;
      }
    } finally {
      this.#readers.release(reader);
    }
    return live;
  }
}

function toDeadLetter(event: StreamEvent): DeadLetter {
  const headers = Object.fromEntries(Object.entries(event.headers).filter(([name]) => !name.startsWith('outrigger-')));
  const letter: DeadLetter = {
    id: event.id,
    headers,
    data: event.data,
    attempts: Number(event.headers[ATTEMPT] ?? 0),
    reason: event.headers[REASON] ?? 'unknown',
    enqueuedAt: Number(event.headers[ENQUEUED_AT] ?? event.timestamp),
    deadLetteredAt: Number(event.headers[DEAD_AT] ?? event.timestamp),
  };
  if (event.partitionKey !== undefined) letter.orderingKey = event.partitionKey;
  return letter;
}
