/**
 * RabbitMQ streams beyond the conformance suite, against the machine's RabbitMQ (fails when it
 * does not answer): receipt offsets exact under concurrent appends from two sidecars, a fresh
 * sidecar finding a partition's end exactly, reads by time across a chunk, a checkpoint that
 * survives a driver restart, a lost connection (appends exact after it, the group resuming), and
 * what a plain client sees in a partition queue. Every stream
 * queue the tests make is deleted at the end.
 */
import { randomUUID } from 'node:crypto';
import type { AsyncMessage, Connection } from 'rabbitmq-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppendEvent, AppendReceipt, PartitionContext, StreamEvent } from '../../../src/drivers/contract.js';
import { createRabbitmqDriver, type RabbitmqDriver } from '../../../src/drivers/rabbitmq/index.js';
import { checkpointQueue, partitionQueue } from '../../../src/drivers/rabbitmq/stream-records.js';
import { plainRabbit, rabbitUrl } from '../../infra/helpers/rabbitmq.js';
import { eventually, expectCode, sleep } from '../../conformance/support.js';
import { startProxy } from './proxy.js';

const run = randomUUID().slice(0, 8);
const queues = new Set<string>();
const opened: RabbitmqDriver[] = [];
let plain: Connection;
let counter = 0;
const day = 24 * 3600 * 1000;
const utf8 = new TextEncoder();

async function open(url = rabbitUrl): Promise<RabbitmqDriver> {
  const driver = await createRabbitmqDriver({ name: 'test', settings: { url }, dataDir: '.' });
  await driver.connect();
  opened.push(driver);
  return driver;
}

async function freshStream(driver: RabbitmqDriver, partitions: number, groups: string[] = []): Promise<string> {
  const stream = `rs-${run}-${++counter}`;
  for (let p = 0; p < partitions; p++) {
    queues.add(partitionQueue(stream, p));
    for (const group of groups) queues.add(checkpointQueue(stream, group, p));
  }
  await driver.streams.ensureStream(stream, { partitions, retentionMs: day });
  return stream;
}

function event(n: number, fields: Partial<AppendEvent> = {}): AppendEvent {
  return { id: `${run}-${n}`, headers: { 'ce-type': 'Tick', 'x-n': String(n) }, data: utf8.encode(JSON.stringify({ n })), ...fields };
}

const numberOf = (e: StreamEvent): number => Number(e.headers['x-n']);

beforeAll(async () => {
  plain = await plainRabbit();
});

afterAll(async () => {
  await Promise.all(opened.map((driver) => driver.close()));
  for (const queue of queues) await plain.queueDelete({ queue }).catch(() => undefined);
  await plain?.close();
});

describe('rabbitmq streams - offsets', () => {
  it('offsets - receipts are exact under concurrent appends from two sidecars across partitions', async () => {
    const one = await open();
    const two = await open();
    const stream = await freshStream(one, 3);
    await two.streams.ensureStream(stream, { partitions: 3, retentionMs: day });
    const appends: Promise<AppendReceipt[]>[] = [];
    let n = 0;
    for (let round = 0; round < 10; round++) {
      for (const driver of [one, two]) {
        appends.push(driver.streams.append(stream, Array.from({ length: 6 }, () => event(++n, { partitionKey: `k${n % 7}` }))));
      }
    }
    const receipts = (await Promise.all(appends)).flat();
    expect(receipts).toHaveLength(120);
    for (let p = 0; p < 3; p++) {
      const mine = receipts.filter((r) => r.partition === p).sort((a, b) => a.offset - b.offset);
      // Gapless from 0, one event per offset.
      expect(mine.map((r) => r.offset)).toEqual(mine.map((_, i) => i));
      const read = await one.streams.read(stream, p, { from: { kind: 'earliest' }, max: 1000 });
      expect(read.map((e) => e.id)).toEqual(mine.map((r) => r.id));
      expect(read.map((e) => e.offset)).toEqual(mine.map((r) => r.offset));
    }
    const info = await two.streams.partitions(stream);
    expect(info.map((p) => p.nextOffset)).toEqual([0, 1, 2].map((p) => receipts.filter((r) => r.partition === p).length));
    expect(info.every((p) => p.firstOffset === 0)).toBe(true);
  });

  it('offsets - a sidecar that starts later finds the exact end of a partition another one wrote (2,500 events in many chunks)', async () => {
    const writer = await open();
    const stream = await freshStream(writer, 1);
    for (let batch = 0; batch < 5; batch++) await writer.streams.append(stream, Array.from({ length: 500 }, (_, i) => event(batch * 500 + i)));
    const later = await open();
    const [info] = await later.streams.partitions(stream);
    expect(info).toMatchObject({ partition: 0, firstOffset: 0, nextOffset: 2500 });
    expect((await later.streams.read(stream, 0, { from: { kind: 'latest' }, max: 10, waitMs: 0 }))).toEqual([]);
    const [last] = await later.streams.read(stream, 0, { from: { kind: 'offset', offset: 2499 }, max: 10 });
    expect(last).toMatchObject({ id: `${run}-2499`, offset: 2499 });
    const [next] = await later.streams.append(stream, [event(2500)]);
    expect(next?.offset).toBe(2500);
  });
});

describe('rabbitmq streams - ensure', () => {
  it('ensure - another partition count or retention for an existing stream is refused with bad_request, naming why', async () => {
    const driver = await open();
    const stream = await freshStream(driver, 2);
    await driver.streams.ensureStream(stream, { partitions: 2, retentionMs: day });
    const partitions = await expectCode(driver.streams.ensureStream(stream, { partitions: 3, retentionMs: day }), 'bad_request');
    expect(partitions.message).toMatch(/has 2 partitions, not 3/);
    const retention = await expectCode(driver.streams.ensureStream(stream, { partitions: 2, retentionMs: 2 * day }), 'bad_request');
    expect(retention.message).toMatch(/another retention/);
    const fresh = await open();
    expect((await fresh.streams.partitions(stream)).map((p) => p.partition)).toEqual([0, 1]);
  });
});

describe('rabbitmq streams - time', () => {
  it('time - a read from a time skips the earlier events of the chunks the broker starts at', async () => {
    const driver = await open();
    const stream = await freshStream(driver, 1);
    await driver.streams.append(stream, [event(1), event(2)]);
    await sleep(1100);
    await driver.streams.append(stream, [event(3)]);
    await sleep(30);
    const time = Date.now();
    await sleep(30);
    await driver.streams.append(stream, [event(4), event(5)]);
    const events = await driver.streams.read(stream, 0, { from: { kind: 'time', time }, max: 10 });
    expect(events.map(numberOf)).toEqual([4, 5]);
    expect(events.every((e) => e.timestamp >= time)).toBe(true);
  });
});

describe('rabbitmq streams - consumer groups', () => {
  it('groups - a checkpoint survives a driver restart: the next sidecar resumes right after it', async () => {
    const group = `g-${run}`;
    const first = await open();
    const stream = await freshStream(first, 2, [group]);
    await first.streams.append(stream, Array.from({ length: 10 }, (_, i) => event(i, { partition: i % 2 })));
    const seen: number[] = [];
    const processor = {
      async processEvents(events: StreamEvent[], context: PartitionContext): Promise<void> {
        seen.push(...events.map(numberOf));
        await context.checkpoint((events.at(-1) as StreamEvent).offset);
      },
    };
    const consumer = await first.streams.consume(stream, group, { start: { kind: 'earliest' }, maxBatch: 3 }, processor);
    expect(await eventually(() => seen.length >= 10, 10_000)).toBe(true);
    await consumer.close();
    await first.close();

    const second = await open();
    expect(await second.streams.lag(stream, group)).toEqual([
      { partition: 0, checkpoint: 4, lag: 0 },
      { partition: 1, checkpoint: 4, lag: 0 },
    ]);
    await second.streams.append(stream, Array.from({ length: 4 }, (_, i) => event(10 + i, { partition: i % 2 })));
    expect((await second.streams.lag(stream, group)).map((l) => l.lag)).toEqual([2, 2]);
    const again: number[] = [];
    const resumed = await second.streams.consume(stream, group, { start: { kind: 'earliest' }, maxBatch: 3 }, {
      async processEvents(events: StreamEvent[], context: PartitionContext): Promise<void> {
        again.push(...events.map(numberOf));
        await context.checkpoint((events.at(-1) as StreamEvent).offset);
      },
    });
    expect(await eventually(() => again.length >= 4, 10_000)).toBe(true);
    await sleep(300);
    await resumed.close();
    expect(again.sort((a, b) => a - b)).toEqual([10, 11, 12, 13]);
  });
});

describe('rabbitmq streams - interop', () => {
  it('interop - a plain client reading a partition queue sees the header record, then each event with its body and CloudEvents headers', async () => {
    const driver = await open();
    const stream = await freshStream(driver, 1);
    await driver.streams.append(stream, [event(1, { headers: { 'ce-type': 'Tick', 'ce-source': '/clock' }, partitionKey: 'k' })]);
    const channel = await plain.acquire();
    const got: AsyncMessage[] = [];
    try {
      await channel.basicQos({ prefetchCount: 10 });
      await channel.basicConsume({ queue: partitionQueue(stream, 0), arguments: { 'x-stream-offset': 'first' } }, (msg) => got.push(msg));
      expect(await eventually(() => got.length >= 2)).toBe(true);
    } finally {
      await channel.close();
    }
    expect(got[0]?.headers?.['outrigger-stream-header']).toBe('1');
    expect(got[1]).toMatchObject({ messageId: `${run}-1`, headers: { 'cloudEvents:type': 'Tick', 'cloudEvents:source': '/clock', 'x-stream-offset': 1 } });
    expect(Buffer.from(got[1]?.body as Buffer).toString()).toBe(JSON.stringify({ n: 1 }));
  });
});

describe('rabbitmq streams - connection loss', () => {
  it('connection loss - after a lost connection, receipts stay exact and the group takes its partitions again and resumes from its checkpoints', async () => {
    const proxy = await startProxy(5672);
    try {
      const group = `lost-${run}`;
      const driver = await open(rabbitUrl.replace(':5672', `:${proxy.port}`));
      const stream = await freshStream(driver, 2, [group]);
      const seen = new Set<number>();
      const consumer = await driver.streams.consume(stream, group, { start: { kind: 'earliest' }, maxBatch: 4 }, {
        async processEvents(events: StreamEvent[], context: PartitionContext): Promise<void> {
          await context.checkpoint((events.at(-1) as StreamEvent).offset);
          for (const e of events) seen.add(numberOf(e));
        },
      });
      const before = await driver.streams.append(stream, Array.from({ length: 10 }, (_, i) => event(i, { partition: i % 2 })));
      expect(before.map((r) => r.offset)).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4]);
      expect(await eventually(() => seen.size === 10, 10_000)).toBe(true);

      proxy.cut();
      expect(await eventually(() => !driver.isConnected(), 5000)).toBe(true);
      expect(await eventually(() => driver.isConnected(), 10_000)).toBe(true);
      let after: AppendReceipt[] = [];
      expect(
        await eventually(async () => {
          after = await driver.streams.append(stream, Array.from({ length: 10 }, (_, i) => event(10 + i, { partition: i % 2 }))).catch(() => []);
          return after.length === 10;
        }, 10_000),
      ).toBe(true);
      expect(after.map((r) => r.offset)).toEqual([5, 5, 6, 6, 7, 7, 8, 8, 9, 9]);
      expect(await eventually(() => seen.size === 20 && consumer.ownedPartitions().length === 2, 15_000)).toBe(true);
      expect([...seen].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
      expect((await driver.streams.lag(stream, group)).map((l) => [l.checkpoint, l.lag])).toEqual([
        [9, 0],
        [9, 0],
      ]);
      await consumer.close();
    } finally {
      await proxy.close();
    }
  });
});
