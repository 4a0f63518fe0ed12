/**
 * NATS stream cases beyond the conformance suite, against the machine's nats-server with
 * JetStream: reads far into a partition, retention by time, a partition as a plain client sees
 * it (both ways), a partition count that cannot change, and a group's checkpoint as the ack
 * floor of its durable consumer.
 */
import { randomUUID } from 'node:crypto';
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../../src/drivers/contract.js';
import { createNatsDriver, type NatsDriver } from '../../../src/drivers/nats/index.js';
import { eventually, expectCode, sleep } from '../../conformance/support.js';
import { deleteStreamsSince, natsUrl, plainNats } from '../../infra/helpers/nats.js';

const run = randomUUID().slice(0, 8);
const started = new Date();
let plain: NatsConnection;
let driver: NatsDriver;
let counter = 0;
const name = (): string => `ns-${run}-${++counter}`;
const event = (n: number) => ({ id: `e${n}`, headers: { 'ce-type': 'Reading' }, data: new TextEncoder().encode(String(n)) });
const numbers = (events: { data: Uint8Array }[]): number[] => events.map((e) => Number(new TextDecoder().decode(e.data)));

beforeAll(async () => {
  plain = await plainNats();
  driver = await createNatsDriver({ name: 'test', settings: { servers: natsUrl }, dataDir: '.' });
  await driver.connect();
});

afterAll(async () => {
  await driver?.close();
  await plain?.close();
  await deleteStreamsSince(started, (stream) => stream.includes(run));
});

describe('nats streams', () => {
  it('streams - a read from an offset far into a partition starts exactly there', async () => {
    const stream = name();
    await driver.streams.ensureStream(stream, { partitions: 1, retentionMs: 3600_000 });
    for (let batch = 0; batch < 3; batch++) await driver.streams.append(stream, Array.from({ length: 100 }, (_, i) => event(batch * 100 + i)));
    for (const offset of [0, 150, 298, 299]) {
      const events = await driver.streams.read(stream, 0, { from: { kind: 'offset', offset }, max: 3 });
      expect(events.map((e) => e.offset)).toEqual([offset, offset + 1, offset + 2].filter((o) => o < 300));
      expect(numbers(events)[0]).toBe(offset);
    }
  });

  it('streams - events older than the retention expire, offsets go on from where they were, and a read from an older offset starts at the oldest kept', async () => {
    const stream = name();
    await driver.streams.ensureStream(stream, { partitions: 1, retentionMs: 1000 });
    await driver.streams.append(stream, [event(1), event(2)]);
    expect(await eventually(async () => (await driver.streams.partitions(stream))[0]?.firstOffset === 2, 5000, 100)).toBe(true);
    const [receipt] = await driver.streams.append(stream, [event(3)]);
    expect(receipt?.offset).toBe(2);
    expect(await driver.streams.partitions(stream)).toEqual([{ partition: 0, firstOffset: 2, nextOffset: 3 }]);
    expect(numbers(await driver.streams.read(stream, 0, { from: { kind: 'offset', offset: 0 }, max: 10 }))).toEqual([3]);
  });

  it('streams - a plain client reads partition p at subject stream.<stream>.<p> (sequence = offset + 1), body byte for byte, CloudEvents attributes as ce- headers', async () => {
    const stream = name();
    await driver.streams.ensureStream(stream, { partitions: 2, retentionMs: 3600_000 });
    const data = Uint8Array.from({ length: 256 }, (_, i) => 255 - i);
    const [receipt] = await driver.streams.append(stream, [{ id: `${run}-x`, headers: { 'ce-id': `${run}-x`, 'ce-type': 'Measured', 'ce-source': '/probe' }, data, partitionKey: 'probe-7', partition: 1 }]);
    const jsm = await jetstreamManager(plain);
    const stored = await jsm.streams.getMessage(`stream~${stream}~1`, { seq: (receipt?.offset ?? -1) + 1 });
    expect(stored?.subject).toBe(`stream.${stream}.1`);
    expect(Buffer.from(stored?.data ?? []).equals(Buffer.from(data))).toBe(true);
    expect([stored?.header.get('ce-id'), stored?.header.get('ce-type'), stored?.header.get('ce-source')]).toEqual([`${run}-x`, 'Measured', '/probe']);
  });

  it('streams - what a plain client publishes to a partition subject is read as an event of that partition', async () => {
    const stream = name();
    await driver.streams.ensureStream(stream, { partitions: 2, retentionMs: 3600_000 });
    const h = natsHeaders();
    h.set('ce-id', `${run}-plain`);
    h.set('ce-type', 'Plain');
    const ack = await jetstream(plain).publish(`stream.${stream}.1`, new Uint8Array([9, 8, 7]), { headers: h });
    const [read] = await driver.streams.read(stream, 1, { from: { kind: 'earliest' }, max: 10 });
    expect(read).toMatchObject({ id: `${run}-plain`, partition: 1, offset: ack.seq - 1, headers: { 'ce-id': `${run}-plain`, 'ce-type': 'Plain' } });
    expect(Array.from(read?.data ?? [])).toEqual([9, 8, 7]);
  });

  it('streams - a second ensure with another partition count is bad_request', async () => {
    const stream = name();
    await driver.streams.ensureStream(stream, { partitions: 2, retentionMs: 3600_000 });
    await expectCode(driver.streams.ensureStream(stream, { partitions: 3, retentionMs: 3600_000 }), 'bad_request');
    await expectCode(driver.streams.append(stream, [{ ...event(1), partition: 2 }]), 'bad_request');
  });

  it('consumer groups - a group started at latest that never checkpointed resumes where it started, not at the beginning, and its lag counts only what came since', async () => {
    const stream = name();
    await driver.streams.ensureStream(stream, { partitions: 1, retentionMs: 3600_000 });
    await driver.streams.append(stream, [1, 2, 3].map(event));
    const consume = async (seen: StreamEvent[]) => {
      const consumer = await driver.streams.consume(stream, 'late', { start: { kind: 'latest' }, maxBatch: 10 }, { processEvents: async (events) => void seen.push(...events) });
      expect(await eventually(() => consumer.ownedPartitions().length === 1)).toBe(true);
      return consumer;
    };
    const first: StreamEvent[] = [];
    const c1 = await consume(first);
    await driver.streams.append(stream, [event(4)]);
    expect(await eventually(() => first.length >= 1)).toBe(true);
    await c1.close();
    expect(await driver.streams.lag(stream, 'late')).toEqual([{ partition: 0, checkpoint: 2, lag: 1 }]);
    const second: StreamEvent[] = [];
    const c2 = await consume(second);
    expect(await eventually(() => second.length >= 1)).toBe(true);
    await sleep(200);
    await c2.close();
    expect([numbers(first), numbers(second)]).toEqual([[4], [4]]);
  });

  it('consumer groups - the checkpoint is the ack floor of the durable consumer group~<group> on each partition stream', async () => {
    const stream = name();
    await driver.streams.ensureStream(stream, { partitions: 1, retentionMs: 3600_000 });
    await driver.streams.append(stream, [1, 2, 3, 4, 5].map(event));
    const seen: StreamEvent[] = [];
    const consumer = await driver.streams.consume(stream, 'audit', { start: { kind: 'earliest' }, maxBatch: 10 }, {
      processEvents: async (events, context) => {
        seen.push(...events);
        await context.checkpoint(2);
      },
    });
    expect(await eventually(() => seen.length >= 5)).toBe(true);
    await sleep(100);
    await consumer.close();
    const info = await (await jetstreamManager(plain)).consumers.info(`stream~${stream}~0`, 'group~audit');
    expect(info.ack_floor.stream_seq).toBe(3);
    expect(await driver.streams.lag(stream, 'audit')).toEqual([{ partition: 0, checkpoint: 2, lag: 2 }]);
  });
});
