/**
 * The clients of one event hub (one stream): a producer (also used for the management reads:
 * hub and partition properties), a reader for replays, and one coalescing appender per partition.
 */
import type { EventHubConsumerClient, EventHubProducerClient, EventPosition, PartitionProperties, ReceivedEventData, RetryOptions } from '@azure/event-hubs';
import type { OutriggerError } from '../../kernel/errors.js';
import { PartitionAppender } from './appender.js';
import { consumerClient, producerClient, type EventHubsConnection } from './clients.js';
import { readOnce } from './reader.js';

/** One quick transport retry inside the SDK; anything beyond is the caller's decision, so the two never multiply. */
export const retryOptions: RetryOptions = { maxRetries: 1, retryDelayInMs: 200, maxRetryDelayInMs: 1000, timeoutInMs: 30_000 };

/**
 * Keyless events that go to one partition in a row before the next partition takes over. In a
 * row they share that partition's batches and offset reads; spread one per request, concurrent
 * callers would each start a small round on another partition.
 */
export const KEYLESS_RUN = 64;

export interface HubDeps {
  name: string;
  connection: EventHubsConnection;
  readConsumerGroup: string;
  maxMessageBytes: number;
  fail(err: unknown, action: string): OutriggerError;
}

export class Hub {
  readonly name: string;
  readonly producer: EventHubProducerClient;
  readonly #deps: HubDeps;
  readonly #appenders = new Map<number, PartitionAppender>();
  #reader: EventHubConsumerClient | undefined;
  #partitionCount: Promise<number> | undefined;
  #keyless = -1;
  #keylessLeft = 0;

  constructor(deps: HubDeps) {
    this.#deps = deps;
    this.name = deps.name;
    this.producer = producerClient(deps.connection, deps.name, { retryOptions });
  }

  /** The hub's partition count, asked once (Event Hubs fixes it when the hub is created). */
  partitionCount(): Promise<number> {
    this.#partitionCount ??= this.producer.getEventHubProperties().then(
      (props) => props.partitionIds.length,
      (err: unknown) => {
        this.#partitionCount = undefined;
        throw this.#deps.fail(err, `reading stream '${this.name}'`);
      },
    );
    return this.#partitionCount;
  }

  /** The partition for an append's `events` keyless events: KEYLESS_RUN in a row to one partition, then the next. */
  keylessPartition(count: number, events: number): number {
    if (this.#keylessLeft <= 0 || this.#keyless >= count) {
      this.#keyless = (this.#keyless + 1) % count;
      this.#keylessLeft = KEYLESS_RUN;
    }
    this.#keylessLeft -= events;
    return this.#keyless;
  }

  async properties(partition: number): Promise<PartitionProperties> {
    try {
      return await this.producer.getPartitionProperties(String(partition));
    } catch (err) {
      throw this.#deps.fail(err, `reading stream '${this.name}' partition ${partition}`);
    }
  }

  appender(partition: number): PartitionAppender {
    let appender = this.#appenders.get(partition);
    if (appender === undefined) {
      appender = new PartitionAppender({
        producer: this.producer,
        partition,
        properties: () => this.producer.getPartitionProperties(String(partition)),
        readBack: (from, max) => this.read(partition, { sequenceNumber: from, isInclusive: true }, { max, waitMs: 0, available: true }),
        fail: (err) => this.#deps.fail(err, `appending to stream '${this.name}'`),
        maxMessageBytes: this.#deps.maxMessageBytes,
      });
      this.#appenders.set(partition, appender);
    }
    return appender;
  }

  async read(partition: number, position: EventPosition, options: { max: number; waitMs: number; available: boolean; signal?: AbortSignal | undefined }): Promise<ReceivedEventData[]> {
    this.#reader ??= consumerClient(this.#deps.connection, this.#deps.readConsumerGroup, this.name, undefined, { retryOptions });
    try {
      return await readOnce(this.#reader, partition, position, options);
    } catch (err) {
      throw this.#deps.fail(err, `reading stream '${this.name}' partition ${partition}`);
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.#appenders.values()].map((appender) => appender.drain()));
    await Promise.allSettled([this.producer.close(), this.#reader?.close()]);
  }
}
