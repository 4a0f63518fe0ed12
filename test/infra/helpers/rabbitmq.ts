/**
 * The machine's RabbitMQ server (127.0.0.1:5672, guest/guest) for the RabbitMQ driver tests. A
 * test that needs it fails, loudly, when it does not answer: it is never skipped. Each test
 * records the queues and exchanges its drivers declare and deletes them at the end (the
 * management API, which could list them, is not guaranteed here).
 */
import { Connection } from 'rabbitmq-client';
import type { Driver } from '../../../src/drivers/contract.js';

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

/** Records every queue, subscription queue and exchange the driver declares (dead-letter queues included). */
export function recording(driver: Driver, into: Created): Driver {
  const { queues, topics } = driver;
  if (queues !== undefined) {
    const ensure = queues.ensureQueue.bind(queues);
    queues.ensureQueue = async (queue, settings) => {
      into.queues.add(queue).add(`${queue}.deadletter`);
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
      into.queues.add(`${topic}:${subscription}`).add(`${topic}:${subscription}.deadletter`);
      return ensureSubscription(topic, subscription, settings);
    };
  }
  return driver;
}

export async function deleteCreated(what: Created): Promise<void> {
  const connection = await plainRabbit();
  try {
    for (const queue of what.queues) await connection.queueDelete({ queue }).catch(() => undefined);
    for (const exchange of what.exchanges) await connection.exchangeDelete({ exchange }).catch(() => undefined);
  } finally {
    await connection.close();
  }
}
