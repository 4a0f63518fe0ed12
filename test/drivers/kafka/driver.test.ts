/**
 * What only the Kafka driver has, against a real Apache Kafka: partition keys placed as Kafka's
 * Java producer places them, the CloudEvents Kafka binding both ways with a plain client
 * (binary, structured and plain records), limits, and the refusal of queues.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Admin, Consumer, defaultPartitioner, Producer } from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfigFile } from '../../../src/config/load.js';
import type { PartitionContext } from '../../../src/drivers/contract.js';
import type { KafkaDriver } from '../../../src/drivers/kafka/index.js';
import { partitionForKey } from '../../../src/drivers/kafka/partition-key.js';
import { eventually, expectCode } from '../../conformance/support.js';
import { KafkaTestBroker, kafkaUnavailable } from '../../infra/kafka/broker.js';
import { writeConfig } from '../../unit/config/support.js';
import { openDriver } from './support.js';

const here = dirname(fileURLToPath(import.meta.url));
const lib = resolve(here, '../../../.cache/kafka/lib');
const unavailable = kafkaUnavailable();

describe.skipIf(unavailable !== undefined)(`kafka driver${unavailable === undefined ? '' : ` (skipped: ${unavailable})`}`, () => {
  let broker: KafkaTestBroker;
  let driver: KafkaDriver;
  const stream = (): string => `kd-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    broker = await KafkaTestBroker.start();
    driver = await openDriver(broker.bootstrap);
  }, 60_000);

  afterAll(async () => {
    await driver?.close();
    await broker?.close();
  });

  it('partition keys - every key lands where the Java producer puts it, including keys whose hash is negative', async () => {
    const keys = Array.from({ length: 40 }, (_, i) => `order-${i * 7919}`).concat(['alpha', 'ü-key', '']);
    const partitions = 7;
    const { stdout } = await promisify(execFile)('java', ['-cp', `${lib}/*`, join(here, '../../infra/kafka/JavaPartitions.java'), String(partitions), ...keys]);
    const java = stdout.trim().split('\n').map(Number);
    expect(keys.map((key) => partitionForKey(key, partitions))).toEqual(java);
    // The client's own default differs for some of these keys: that is why the driver places keys itself.
    expect(keys.some((key) => defaultPartitioner({ topic: 't' }, Buffer.from(key)) % partitions !== partitionForKey(key, partitions))).toBe(true);
  });

  it('cloudevents - an append is a binary-mode record a plain consumer reads: ce_ headers, content-type, the partition key as key', async () => {
    const name = stream();
    await driver.streams.ensureStream(name, { partitions: 3, retentionMs: 3_600_000 });
    const headers = { 'ce-specversion': '1.0', 'ce-id': 'evt-1', 'ce-source': '/orders', 'ce-type': 'OrderCreated', 'content-type': 'application/json', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };
    const [receipt] = await driver.streams.append(name, [{ id: 'evt-1', headers, data: Buffer.from('{"total":3}'), partitionKey: 'customer-42' }]);
    expect(receipt?.partition).toBe(partitionForKey('customer-42', 3));

    const consumer = new Consumer({ clientId: 'plain', groupId: `plain-${randomUUID()}`, bootstrapBrokers: [broker.bootstrap] });
    try {
      const messages = await consumer.consume({ topics: [name], mode: 'earliest', autocommit: false });
      const [record] = await messages.take(1).toArray();
      await messages.close();
      expect(record?.key?.toString()).toBe('customer-42');
      expect(record?.value.toString()).toBe('{"total":3}');
      const plainHeaders = Object.fromEntries([...(record?.headers ?? new Map())].map(([k, v]) => [k.toString(), v.toString()]));
      expect(plainHeaders).toEqual({
        ce_specversion: '1.0',
        ce_id: 'evt-1',
        ce_source: '/orders',
        ce_type: 'OrderCreated',
        'content-type': 'application/json',
        traceparent: headers.traceparent,
      });
    } finally {
      await consumer.close(true);
    }
  });

  it('cloudevents - records of a plain producer are read as events: binary, structured, and plain with an id from topic, partition and offset', async () => {
    const name = stream();
    await driver.streams.ensureStream(name, { partitions: 1, retentionMs: 3_600_000 });
    const producer = new Producer({ clientId: 'plain', bootstrapBrokers: [broker.bootstrap] });
    try {
      const structured = { specversion: '1.0', id: 's-1', source: '/billing', type: 'InvoicePaid', subject: 'inv/9', datacontenttype: 'application/json', data: { amount: 12 } };
      await producer.send({
        messages: [
          { topic: name, partition: 0, value: Buffer.from('plain bytes'), key: Buffer.from('k1') },
          { topic: name, partition: 0, value: Buffer.from(JSON.stringify(structured)), headers: new Map([[Buffer.from('content-type'), Buffer.from('application/cloudevents+json; charset=utf-8')]]) },
          {
            topic: name,
            partition: 0,
            value: Buffer.from('hello'),
            headers: new Map([
              [Buffer.from('ce_specversion'), Buffer.from('1.0')],
              [Buffer.from('ce_id'), Buffer.from('b-1')],
              [Buffer.from('ce_source'), Buffer.from('/greeter')],
              [Buffer.from('ce_type'), Buffer.from('Greeting')],
              [Buffer.from('content-type'), Buffer.from('text/plain')],
            ]),
          },
        ],
      });
    } finally {
      await producer.close();
    }
    const [plain, fromStructured, binary] = await driver.streams.read(name, 0, { from: { kind: 'earliest' }, max: 10 });
    expect(plain).toMatchObject({ id: `${name}/0/0`, offset: 0, partitionKey: 'k1', headers: { 'ce-id': `${name}/0/0`, 'ce-specversion': '1.0', 'ce-source': `kafka:${name}` } });
    expect(Buffer.from(plain?.data ?? []).toString()).toBe('plain bytes');
    expect(fromStructured).toMatchObject({ id: 's-1', headers: { 'ce-type': 'InvoicePaid', 'ce-subject': 'inv/9', 'ce-source': '/billing', 'content-type': 'application/json' } });
    expect(JSON.parse(Buffer.from(fromStructured?.data ?? []).toString())).toEqual({ amount: 12 });
    expect(binary).toMatchObject({ id: 'b-1', headers: { 'ce-type': 'Greeting', 'content-type': 'text/plain' } });
    expect(Buffer.from(binary?.data ?? []).toString()).toBe('hello');
  });

  it('appends - concurrent appends over several turns are each answered with their own offset, in the order they were made', async () => {
    const name = stream();
    await driver.streams.ensureStream(name, { partitions: 1, retentionMs: 3_600_000 });
    const calls: Promise<{ offset: number; id: string }[]>[] = [];
    for (let i = 0; i < 300; i++) {
      calls.push(driver.streams.append(name, [{ id: `c${i}`, headers: {}, data: Buffer.from(String(i)), partitionKey: 'one-key' }]));
      // Several sends are out at once: one per event-loop turn.
      if (i % 25 === 24) await new Promise((resolve) => setImmediate(resolve));
    }
    const receipts = await Promise.all(calls);
    expect(receipts.map(([r]) => r?.offset)).toEqual(Array.from({ length: 300 }, (_, i) => i));
    const events = await driver.streams.read(name, 0, { from: { kind: 'earliest' }, max: 300 });
    expect(events.map((event) => event.id)).toEqual(receipts.map(([r]) => r?.id));
  });

  it('limits - an event over maxMessageBytes with its headers is payload_too_large, naming the limit', async () => {
    const small = await openDriver(broker.bootstrap, { maxMessageBytes: 2048 });
    try {
      const name = stream();
      await small.streams.ensureStream(name, { partitions: 1, retentionMs: 3_600_000 });
      const error = await expectCode(small.streams.append(name, [{ id: 'big', headers: { 'x-pad': 'x'.repeat(1100) }, data: new Uint8Array(1000) }]), 'payload_too_large');
      expect(error.extensions).toMatchObject({ limit: 2048 });
    } finally {
      await small.close();
    }
  });

  it('streams - appending to a missing topic is unknown_resource; a partition count that differs from the topic is bad_request', async () => {
    await expectCode(driver.streams.append(stream(), [{ id: 'x', headers: {}, data: new Uint8Array(1) }]), 'unknown_resource');
    const name = stream();
    await driver.streams.ensureStream(name, { partitions: 2, retentionMs: 3_600_000 });
    await expectCode(driver.streams.ensureStream(name, { partitions: 3, retentionMs: 3_600_000 }), 'bad_request');
  });

  it('consumer groups - members of one group on different streams each get all of their own stream (two subscriptions of one app)', async () => {
    const other = await openDriver(broker.bootstrap);
    try {
      const [left, right] = [stream(), stream()];
      await driver.streams.ensureStream(left, { partitions: 3, retentionMs: 3_600_000 });
      await other.streams.ensureStream(right, { partitions: 2, retentionMs: 3_600_000 });
      const got = new Map<string, number>();
      const processor = { processEvents: async (events: { id: string }[]) => void events.forEach((e) => got.set(e.id, (got.get(e.id) ?? 0) + 1)) };
      const a = await driver.streams.consume(left, 'one-app', { start: { kind: 'earliest' }, maxBatch: 10 }, processor);
      const b = await other.streams.consume(right, 'one-app', { start: { kind: 'earliest' }, maxBatch: 10 }, processor);
      expect(await eventually(() => a.ownedPartitions().length === 3 && b.ownedPartitions().length === 2, 15_000)).toBe(true);
      await driver.streams.append(left, [0, 1, 2].map((partition) => ({ id: `l${partition}`, headers: {}, data: new Uint8Array(1), partition })));
      await other.streams.append(right, [0, 1].map((partition) => ({ id: `r${partition}`, headers: {}, data: new Uint8Array(1), partition })));
      expect(await eventually(() => got.size === 5, 10_000)).toBe(true);
      await Promise.all([a.close(), b.close()]);
    } finally {
      await other.close();
    }
  });

  it('consumer groups - rebalancing is cooperative: a joining member takes half, the first keeps the rest without a stop, no partition has two owners, and Kafka shows the protocol and checkpoint + 1 as committed', async () => {
    const other = await openDriver(broker.bootstrap);
    const admin = new Admin({ clientId: 'kd-admin', bootstrapBrokers: [broker.bootstrap] });
    try {
      const name = stream();
      const group = `${name}-group`;
      await driver.streams.ensureStream(name, { partitions: 4, retentionMs: 3_600_000 });
      await driver.streams.append(name, [0, 1, 2, 3].map((partition) => ({ id: `e${partition}`, headers: {}, data: new Uint8Array(1), partition })));
      const stopped = new Set<number>();
      const seen = new Set<string>();
      const processor = {
        async processEvents(events: { id: string; offset: number }[], context: PartitionContext) {
          context.signal.addEventListener('abort', () => stopped.add(context.partition), { once: true });
          for (const event of events) seen.add(event.id);
          await context.checkpoint((events.at(-1) as { offset: number }).offset);
        },
      };
      const a = await driver.streams.consume(name, group, { start: { kind: 'earliest' }, maxBatch: 10 }, processor);
      expect(await eventually(() => a.ownedPartitions().length === 4 && seen.size === 4, 15_000)).toBe(true);
      let overlap: number[] = [];
      const b = await other.streams.consume(name, group, { start: { kind: 'earliest' }, maxBatch: 10 }, processor);
      const watch = setInterval(() => {
        const both = a.ownedPartitions().filter((partition) => b.ownedPartitions().includes(partition));
        if (both.length > 0) overlap = both;
      }, 2);
      expect(await eventually(() => a.ownedPartitions().length === 2 && b.ownedPartitions().length === 2, 20_000)).toBe(true);
      clearInterval(watch);
      expect(overlap).toEqual([]);
      // Only what moved was stopped at the first member.
      expect([...stopped].sort()).toEqual(b.ownedPartitions());
      const described = await admin.describeGroups({ groups: [group] });
      expect(described.get(group)?.protocol).toBe('cooperative-sticky');
      const [offsets] = await admin.listConsumerGroupOffsets({ groups: [{ groupId: group, topics: [{ name, partitionIndexes: [0, 1, 2, 3] }] }] });
      expect(offsets?.topics.find((topic) => topic.name === name)?.partitions.map((partition) => Number(partition.committedOffset))).toEqual([1, 1, 1, 1]);
      await Promise.all([a.close(), b.close()]);
    } finally {
      await admin.close();
      await other.close();
    }
  });

  it('consumer groups - with commitIntervalMs, checkpoints are committed within the interval and flushed when the member closes', async () => {
    const deferred = await openDriver(broker.bootstrap, { commitIntervalMs: 60_000 });
    try {
      const name = stream();
      await deferred.streams.ensureStream(name, { partitions: 1, retentionMs: 3_600_000 });
      await deferred.streams.append(name, Array.from({ length: 5 }, (_, i) => ({ id: `d${i}`, headers: {}, data: new Uint8Array(1) })));
      let seen = 0;
      const member = await deferred.streams.consume(name, 'deferred', { start: { kind: 'earliest' }, maxBatch: 10 }, {
        async processEvents(events, context) {
          seen += events.length;
          await context.checkpoint((events.at(-1) as { offset: number }).offset);
        },
      });
      expect(await eventually(() => seen === 5)).toBe(true);
      expect((await deferred.streams.lag(name, 'deferred'))[0]).toMatchObject({ lag: 5, checkpoint: null });
      await member.close();
      expect((await deferred.streams.lag(name, 'deferred'))[0]).toMatchObject({ lag: 0, checkpoint: 4 });
    } finally {
      await deferred.close();
    }
  });

  it('settings - a wrong address fails connect with broker_unavailable', async () => {
    const { createKafkaDriver } = await import('../../../src/drivers/kafka/index.js');
    const lost = await createKafkaDriver({ name: 'lost', settings: { bootstrapServers: '127.0.0.1:1', connectTimeoutMs: 500 }, dataDir: '.' });
    await expectCode(lost.connect(), 'broker_unavailable');
    await lost.close();
  });
});

describe('kafka config', () => {
  it('deploy - the Event Hubs Kafka endpoint example (deploy/overlays/kafka-eventhubs) is a valid config', () => {
    const file = resolve(here, '../../../deploy/overlays/kafka-eventhubs/outrigger.yaml');
    expect(validateConfigFile(file, { EVENTHUBS_CONNECTION: 'Endpoint=sb://myns.servicebus.windows.net/;SharedAccessKeyName=k;SharedAccessKey=v' })).toMatchObject({ ok: true });
  });

  it('validate - an ordered topic subscription on a kafka broker is accepted (retried in place)', () => {
    const file = writeConfig('app: { id: shop, url: "http://127.0.0.1:8080" }\nbrokers:\n  log: { driver: kafka, bootstrapServers: "127.0.0.1:9092" }\ndefaultBroker: log\ntopics:\n  orders: {}\nsubscriptions:\n  - { name: orders-in, from: { topic: orders }, deliver: /orders, ordered: true }\n');
    expect(validateConfigFile(file, {})).toMatchObject({ ok: true });
  });

  it('validate - a queue on a kafka broker is refused, naming the broker, what it lacks and why', () => {
    const file = writeConfig('brokers:\n  log: { driver: kafka, bootstrapServers: "127.0.0.1:9092" }\n  local: { driver: embedded }\ndefaultBroker: local\nqueues:\n  jobs: { broker: log }\nstreams:\n  clicks: { broker: log }\n');
    const result = validateConfigFile(file, {});
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems).toEqual([{ path: 'queues.jobs', message: "queue 'jobs' is on broker 'log' (driver 'kafka'), which does not support queues: Kafka queues are share groups (KIP-932), and the Kafka client Outrigger uses (@platformatic/kafka) does not offer them yet (brokers that do: local)" }]);
  });
});
