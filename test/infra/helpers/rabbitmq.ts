/**
 * The machine's RabbitMQ server (127.0.0.1:5672, guest/guest) for the RabbitMQ driver tests. A
 * test that needs it fails, loudly, when it does not answer: it is never skipped. Each test
 * records the queues and exchanges its drivers declare and deletes them at the end (the
 * management API, which could list them, is not guaranteed here).
 */
import { Connection } from 'rabbitmq-client';
import type { Driver } from '../../../src/drivers/contract.js';
import { delayBuckets, delayQueue } from '../../../src/drivers/rabbitmq/delays.js';
import { checkpointQueue, partitionQueue } from '../../../src/drivers/rabbitmq/stream-records.js';

export const rabbitUrl = process.env.OUTRIGGER_TEST_RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672';

/** A plain client connection, or an error that says what to start. */
export async function plainRabbit(): Promise<Connection> {
  const connection = new Connection({ url: rabbitUrl, retryLow: 100, retryHigh: 200 });
  connection.on('error', () => undefined);
  try {
    await connection.onConnect(3000);
    return connection;
  } catch (err) {
    connection.unsafeDestroy();
    throw new Error(`RabbitMQ must run at ${rabbitUrl} for these tests (scripts/ensure-brokers.sh starts it): ${String(err)}`, { cause: err });
  }
}

/** What tests created, to delete afterwards. */
export interface Created {
  queues: Set<string>;
  exchanges: Set<string>;
}

export function created(): Created {
  return { queues: new Set(), exchanges: new Set() };
}

/** An inbox queue and every queue the driver may declare for it: its dead-letter queue and delay buckets. */
export function inboxQueues(queue: string): string[] {
  return [queue, `${queue}.deadletter`, ...delayBuckets.map((ms) => delayQueue(queue, ms))];
}

/** Records every queue, subscription queue and exchange the driver declares (dead-letter queues and delay buckets included). */
export function recording(driver: Driver, into: Created): Driver {
  const { queues, topics } = driver;
  if (queues !== undefined) {
    const ensure = queues.ensureQueue.bind(queues);
    queues.ensureQueue = async (queue, settings) => {
      for (const name of inboxQueues(queue)) into.queues.add(name);
      return ensure(queue, settings);
    };
  }
  if (topics !== undefined) {
    const ensureTopic = topics.ensureTopic.bind(topics);
    const ensureSubscription = topics.ensureSubscription.bind(topics);
    topics.ensureTopic = async (topic) => {
      into.exchanges.add(topic);
      return ensureTopic(topic);
    };
    topics.ensureSubscription = async (topic, subscription, settings) => {
      for (const name of inboxQueues(`${topic}:${subscription}`)) into.queues.add(name);
      return ensureSubscription(topic, subscription, settings);
    };
  }
  recordStreams(driver, into);
  return driver;
}

/** Records each stream's partition queues and each group's checkpoint queues. */
function recordStreams(driver: Driver, into: Created): void {
  const { streams } = driver;
  if (streams === undefined) return;
  const partitions = new Map<string, number>();
  const ensureStream = streams.ensureStream.bind(streams);
  const consume = streams.consume.bind(streams);
  streams.ensureStream = async (stream, settings) => {
    partitions.set(stream, settings.partitions);
    for (let p = 0; p < settings.partitions; p++) into.queues.add(partitionQueue(stream, p));
    return ensureStream(stream, settings);
  };
  streams.consume = async (stream, group, options, processor) => {
    for (let p = 0; p < (partitions.get(stream) ?? 1); p++) into.queues.add(checkpointQueue(stream, group, p));
    return consume(stream, group, options, processor);
  };
}

export async function deleteCreated(what: Created): Promise<void> {
  const connection = await plainRabbit();
  try {
    const queues = [...what.queues];
    // Most delay buckets were never declared; deleting a missing queue is harmless, so many at a time.
    for (let i = 0; i < queues.length; i += 64) await Promise.all(queues.slice(i, i + 64).map((queue) => connection.queueDelete({ queue }).catch(() => undefined)));
    for (const exchange of what.exchanges) await connection.exchangeDelete({ exchange }).catch(() => undefined);
  } finally {
    await connection.close();
  }
}
