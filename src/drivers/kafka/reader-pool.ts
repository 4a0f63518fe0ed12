/**
 * Fetchers for plain reads (replay, SSE, gRPC), one per concurrent read: each has its own
 * connections and fetch sessions, so that a long-polling read never waits behind another.
 * Idle ones are kept for the next read; at most `max` exist, further reads wait for one.
 */
import { Consumer } from '@platformatic/kafka';
import { OutriggerError } from '../../kernel/errors.js';
import { Fetcher } from './fetcher.js';
import type { KafkaSettings } from './settings.js';
import { connectionOptions } from './clients.js';

export class ReaderPool {
  readonly #settings: KafkaSettings;
  readonly #max: number;
  readonly #idle: Fetcher[] = [];
  readonly #all = new Set<Fetcher>();
  readonly #waiting: ((fetcher: Fetcher) => void)[] = [];
  #closed = false;

  constructor(settings: KafkaSettings, max = 16) {
    this.#settings = settings;
    this.#max = max;
  }

  async acquire(): Promise<Fetcher> {
    if (this.#closed) throw new OutriggerError('shutting_down', 'the Kafka driver is closed');
    const idle = this.#idle.pop();
    if (idle !== undefined) return idle;
    if (this.#all.size < this.#max) {
      // Never joins the group: the id only names the reader in broker logs.
      const fetcher = new Fetcher(new Consumer({ ...connectionOptions(this.#settings, 'reader'), groupId: `${this.#settings.clientId}-reader` }));
      this.#all.add(fetcher);
      return fetcher;
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  release(fetcher: Fetcher): void {
    const next = this.#waiting.shift();
    if (next !== undefined) next(fetcher);
    else if (this.#closed) void fetcher.consumer.close(true).catch(() => undefined);
    else this.#idle.push(fetcher);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#idle.length = 0;
    await Promise.all([...this.#all].map((fetcher) => fetcher.consumer.close(true).catch(() => undefined)));
    this.#all.clear();
  }
}
