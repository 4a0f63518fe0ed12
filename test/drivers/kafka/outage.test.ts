/**
 * Kafka stopped and started again under load: a producer appending and a consumer-group member
 * consuming throughout, the broker killed (SIGKILL) and restarted on its data. Nothing
 * acknowledged to the producer is lost, the consumer resumes by itself and ends with every
 * acknowledged event, and the driver reports itself disconnected while Kafka is down and
 * connected again afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PartitionContext, StreamEvent } from '../../../src/drivers/contract.js';
import type { KafkaDriver } from '../../../src/drivers/kafka/index.js';
import { eventually, sleep } from '../../conformance/support.js';
import { KafkaTestBroker, kafkaUnavailable } from '../../infra/kafka/broker.js';
import { openDriver } from './support.js';

const unavailable = kafkaUnavailable();

describe.skipIf(unavailable !== undefined)(`kafka outage${unavailable === undefined ? '' : ` (skipped: ${unavailable})`}`, () => {
  let broker: KafkaTestBroker;
  const drivers: KafkaDriver[] = [];

  beforeAll(async () => {
    broker = await KafkaTestBroker.start();
  }, 60_000);

  afterAll(async () => {
    await Promise.all(drivers.map((driver) => driver.close()));
    await broker?.close();
  });

  async function open(): Promise<KafkaDriver> {
    const driver = await openDriver(broker.bootstrap, { connectTimeoutMs: 1000, requestTimeoutMs: 3000 });
    drivers.push(driver);
    return driver;
  }

  it('outage - a broker killed and restarted under load loses no acknowledged append, and the consumer resumes', async () => {
    const producer = await open();
    const consumer = await open();
    const stream = 'outage';
    await producer.streams.ensureStream(stream, { partitions: 2, retentionMs: 3_600_000 });
    const acknowledged = new Set<string>();
    const processed = new Set<string>();
    const failures = new Map<string, number>();
    let lastError: unknown;
    const count = (err: unknown): void => {
      lastError = (err as Error).message;
      const code = (err as { code?: string }).code ?? 'other';
      failures.set(code, (failures.get(code) ?? 0) + 1);
    };
    const member = await consumer.streams.consume(stream, 'outage-group', { start: { kind: 'earliest' }, maxBatch: 50 }, {
      async processEvents(events: StreamEvent[], context: PartitionContext) {
        for (const event of events) processed.add(event.id);
        await context.checkpoint((events.at(-1) as StreamEvent).offset).catch(count);
      },
    });

    let producing = true;
    let n = 0;
    // What a client does with a retriable error: wait a little, try again (a new event).
    const produce = async (): Promise<void> => {
      while (producing) {
        const id = `e${++n}`;
        try {
          await producer.streams.append(stream, [{ id, headers: {}, data: Buffer.from(id), partitionKey: id }]);
          acknowledged.add(id);
        } catch (err) {
          count(err);
          await sleep(50);
        }
      }
    };
    const producers = [produce(), produce(), produce()];

    await sleep(800);
    expect(acknowledged.size, JSON.stringify([...failures], null, 0) + String(lastError)).toBeGreaterThan(0);
    await broker.stop('SIGKILL');
    const before = acknowledged.size;
    expect(await eventually(() => !producer.isConnected(), 5000)).toBe(true);
    await sleep(1000);
    await broker.start();
    expect(await eventually(() => producer.isConnected() && acknowledged.size > before + 20, 20_000)).toBe(true);
    await sleep(500);
    producing = false;
    await Promise.all(producers);

    const missing = (): string[] => [...acknowledged].filter((id) => !processed.has(id));
    expect(await eventually(() => missing().length === 0, 30_000), `not consumed: ${missing().slice(0, 10).join(', ')}`).toBe(true);
    expect(member.ownedPartitions()).toEqual([0, 1]);
    // Every acknowledged event is in the log, read back by a fresh driver.
    const reader = await open();
    const stored = new Set<string>();
    for (const partition of [0, 1]) {
      let offset = 0;
      for (;;) {
        const events = await reader.streams.read(stream, partition, { from: { kind: 'offset', offset }, max: 500 });
        if (events.length === 0) break;
        for (const event of events) stored.add(event.id);
        offset = (events.at(-1) as StreamEvent).offset + 1;
      }
    }
    expect([...acknowledged].filter((id) => !stored.has(id))).toEqual([]);
    expect(failures.get('broker_unavailable') ?? 0).toBeGreaterThan(0);
    await member.close();
  }, 90_000);
});
