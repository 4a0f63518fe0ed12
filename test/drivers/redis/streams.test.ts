/**
 * Redis stream cases beyond the conformance suite: offsets found through the sparse index far
 * into a partition, retention trimming by time, entry ids a plain client can read as (time,
 * offset), and consumer-group takeover.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PartitionContext } from '../../../src/drivers/contract.js';
import type { RedisDriver } from '../../../src/drivers/redis/index.js';
import { eventually, expectCode, sleep } from '../../conformance/support.js';
import { deletePrefix, openDriver, plainClient, runPrefix, type PlainClient } from './support.js';

const prefix = runPrefix();
let admin: PlainClient;
let driver: RedisDriver;
let counter = 0;

beforeAll(async () => {
  admin = await plainClient();
  driver = await openDriver(prefix);
});

afterAll(async () => {
  await driver?.close();
  if (admin !== undefined) {
    await deletePrefix(admin, prefix);
    await admin.close();
  }
});

const event = (n: number) => ({ id: `e${n}`, headers: { 'ce-type': 'Reading' }, data: new TextEncoder().encode(String(n)) });
const numbers = (events: { data: Uint8Array }[]) => events.map((e) => Number(new TextDecoder().decode(e.data)));

describe('redis streams', () => {
  it('streams - a read from an offset far into a partition starts exactly there', async () => {
    const stream = `s${++counter}`;
    await driver.streams.ensureStream(stream, { partitions: 1, retentionMs: 3600_000 });
    for (let batch = 0; batch < 7; batch++) await driver.streams.append(stream, Array.from({ length: 100 }, (_, i) => event(batch * 100 + i)));
    for (const offset of [0, 255, 256, 257, 511, 512, 699]) {
      const events = await driver.streams.read(stream, 0, { from: { kind: 'offset', offset }, max: 3 });
      expect(events.map((e) => e.offset)).toEqual([offset, offset + 1, offset + 2].filter((o) => o < 700));
      expect(numbers(events)[0]).toBe(offset);
    }
  });

  it('streams - events older than the retention are trimmed, and a read from an older offset starts at the oldest kept', async () => {
    const stream = `s${++counter}`;
    await driver.streams.ensureStream(stream, { partitions: 1, retentionMs: 200 });
    await driver.streams.append(stream, [event(1), event(2)]);
    await sleep(300);
    await driver.streams.append(stream, [event(3)]);
    expect(await driver.streams.partitions(stream)).toEqual([{ partition: 0, firstOffset: 2, nextOffset: 3 }]);
    expect(numbers(await driver.streams.read(stream, 0, { from: { kind: 'offset', offset: 0 }, max: 10 }))).toEqual([3]);
  });

  it('streams - retention prunes the offset index with the events, and reads by offset still start exactly', async () => {
    const stream = `s${++counter}`;
    const index = `${prefix}${stream}:0:outrigger:index`;
    await driver.streams.ensureStream(stream, { partitions: 1, retentionMs: 300 });
    for (let batch = 0; batch < 6; batch++) await driver.streams.append(stream, Array.from({ length: 100 }, (_, i) => event(batch * 100 + i)));
    expect(await admin.zCard(index)).toBe(3);
    await sleep(400);
    await driver.streams.append(stream, Array.from({ length: 300 }, (_, i) => event(600 + i)));
    // Offsets 0-599 are gone, and with them the index entries of 0, 256 and 512; 768 stays.
    expect((await admin.zRangeWithScores(index, 0, -1)).map((entry) => entry.score)).toEqual([768]);
    for (const offset of [0, 600, 767, 768, 899]) {
      const events = await driver.streams.read(stream, 0, { from: { kind: 'offset', offset }, max: 2 });
      expect(events[0]?.offset).toBe(Math.max(offset, 600));
    }
  });

  it('streams - a plain client reads a partition as the stream <stream>:<partition> with ids <append ms>-<offset>', async () => {
    const stream = `s${++counter}`;
    await driver.streams.ensureStream(stream, { partitions: 2, retentionMs: 3600_000 });
    const before = Date.now();
    const [receipt] = await driver.streams.append(stream, [{ ...event(7), partition: 1 }]);
    const [entry] = (await admin.xRange(`${prefix}${stream}:1`, '-', '+')) ?? [];
    const [ms, offset] = (entry?.id ?? '').split('-').map(Number);
    expect(offset).toBe(receipt?.offset);
    expect(ms).toBeGreaterThanOrEqual(before - 1000);
    expect(entry?.message).toMatchObject({ id: 'e7', data: '7', 'ce-type': 'Reading' });
  });

  it('streams - a second ensure with another partition count is bad_request', async () => {
    const stream = `s${++counter}`;
    await driver.streams.ensureStream(stream, { partitions: 2, retentionMs: 3600_000 });
    await expectCode(driver.streams.ensureStream(stream, { partitions: 3, retentionMs: 3600_000 }), 'bad_request');
  });

  it('consumer groups - a group that starts at latest keeps the start it was created with across a restart before its first checkpoint', async () => {
    const stream = `s${++counter}`;
    await driver.streams.ensureStream(stream, { partitions: 2, retentionMs: 3600_000 });
    await driver.streams.append(stream, [event(1), event(2)]);
    const options = { start: { kind: 'latest' as const }, maxBatch: 10 };
    const first = await driver.streams.consume(stream, 'late', options, { processEvents: async () => undefined });
    await first.close();
    // Appended while no member runs and nothing was checkpointed: a restart must still see these.
    await driver.streams.append(stream, [event(3), event(4)]);
    expect((await driver.streams.lag(stream, 'late')).map((p) => p.lag)).toEqual([1, 1]);
    const seen: number[] = [];
    const restarted = await driver.streams.consume(stream, 'late', options, {
      processEvents: async (events, context) => {
        seen.push(...numbers(events));
        await context.checkpoint((events.at(-1) as { offset: number }).offset);
      },
    });
    expect(await eventually(() => seen.length === 2, 5000)).toBe(true);
    expect(seen.sort()).toEqual([3, 4]);
    await restarted.close();
  });

  it('consumer groups - a member whose heartbeat ran out has its partition taken: its context is aborted and its checkpoint refused', async () => {
    const fast = await openDriver(prefix, { groupHeartbeatMs: 100, groupLeaseMs: 1000 });
    const other = await openDriver(prefix, { groupHeartbeatMs: 100, groupLeaseMs: 1000 });
    try {
      const stream = `s${++counter}`;
      const group = 'g';
      await fast.streams.ensureStream(stream, { partitions: 1, retentionMs: 3600_000 });
      await fast.streams.append(stream, [event(1), event(2)]);
      let held: PartitionContext | undefined;
      let finish: () => void = () => undefined;
      const first = await fast.streams.consume(stream, group, { start: { kind: 'earliest' }, maxBatch: 1 }, {
        processEvents: async (_events, context) => {
          held = context;
          await new Promise<void>((resolve) => (finish = resolve));
        },
      });
      expect(await eventually(() => held !== undefined)).toBe(true);
      // The member looks dead to the others, as if its process had stalled past groupLeaseMs.
      const members = `${prefix}${stream}:outrigger:group:${group}:members`;
      const [name] = await admin.zRange(members, 0, 0);
      await admin.zAdd(members, { score: 0, value: name as string });
      const seen: number[] = [];
      const second = await other.streams.consume(stream, group, { start: { kind: 'earliest' }, maxBatch: 10 }, {
        processEvents: async (events) => void seen.push(...numbers(events)),
      });
      expect(await eventually(() => held?.signal.aborted === true, 3000)).toBe(true);
      await expectCode((held as PartitionContext).checkpoint(0), 'lease_expired');
      finish();
      expect(await eventually(() => seen.includes(1) && seen.includes(2), 5000)).toBe(true);
      await Promise.all([first.close(), second.close()]);
    } finally {
      await Promise.all([fast.close(), other.close()]);
    }
  });
});
