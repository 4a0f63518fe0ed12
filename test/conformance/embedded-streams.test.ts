/** Embedded streams and consumer groups across connections: gapless offsets, retention, member death. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppendEvent, AppendReceipt, PartitionContext, StreamEvent } from '../../src/drivers/contract.js';
import { fnv1a32 } from '../../src/drivers/embedded/stream-log.js';
import { bytes, type TempBroker, tempBroker, text } from './embedded-support.js';
import { eventually, expectCode, sleep } from './support.js';

const event = (id: string, fields: Partial<AppendEvent> = {}): AppendEvent => ({ id, headers: {}, data: bytes(id), ...fields });
const fast = { groupHeartbeatMs: 40, groupLeaseMs: 400 };

let broker: TempBroker;
beforeEach(async () => {
  broker = await tempBroker(fast);
});
afterEach(async () => {
  await broker.cleanup();
});

describe('embedded streams', () => {
  it('streams - concurrent appends from two connections keep every partition gapless and unique', async () => {
    const a = await broker.open();
    const b = await broker.open();
    await a.streams.ensureStream('s', { partitions: 3, retentionMs: 3600_000 });
    const appender = (driver: typeof a, tag: string): Promise<AppendReceipt[][]> =>
      Promise.all(Array.from({ length: 20 }, (_, i) => driver.streams.append('s', Array.from({ length: 5 }, (_, j) => event(`${tag}-${i}-${j}`)))));
    const receipts = (await Promise.all([appender(a, 'a'), appender(b, 'b'), appender(a, 'c'), appender(b, 'd')])).flat(2);
    expect(receipts).toHaveLength(400);
    for (let partition = 0; partition < 3; partition++) {
      const offsets = receipts.filter((r) => r.partition === partition).map((r) => r.offset).sort((x, y) => x - y);
      expect(offsets).toEqual(offsets.map((_, i) => i));
      const events = await b.streams.read('s', partition, { from: { kind: 'earliest' }, max: 1000 });
      expect(events.map((e) => e.offset)).toEqual(offsets);
      const byOffset = new Map(receipts.filter((r) => r.partition === partition).map((r) => [r.offset, r.id]));
      expect(events.every((e) => byOffset.get(e.offset) === e.id && text(e.data) === e.id)).toBe(true);
    }
    // Round-robin spreads keyless events evenly across the partitions, whichever connection appends.
    const counts = [0, 1, 2].map((p) => receipts.filter((r) => r.partition === p).length);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(20);
  });

  it('streams - a read long-polling on one connection wakes on an append by another', async () => {
    const a = await broker.open();
    const b = await broker.open();
    await a.streams.ensureStream('s', { partitions: 1, retentionMs: 3600_000 });
    const pending = b.streams.read('s', 0, { from: { kind: 'latest' }, max: 10, waitMs: 5000 });
    await sleep(30);
    await a.streams.append('s', [event('e1')]);
    const appendedAt = Date.now();
    expect((await pending).map((e) => e.id)).toEqual(['e1']);
    expect(Date.now() - appendedAt).toBeLessThan(200);
  });

  it('streams - retention deletes old events, offsets keep increasing, and old offsets read from the oldest kept', async () => {
    const driver = await broker.open();
    await driver.streams.ensureStream('s', { partitions: 1, retentionMs: 100 });
    await driver.streams.append('s', [event('old1'), event('old2'), event('old3')]);
    await sleep(150);
    await driver.streams.append('s', [event('new4')]);
    expect((await driver.sweep()).retiredEvents).toBe(3);
    expect(await driver.streams.partitions('s')).toEqual([{ partition: 0, firstOffset: 3, nextOffset: 4 }]);
    expect((await driver.streams.read('s', 0, { from: { kind: 'offset', offset: 0 }, max: 10 })).map((e) => [e.offset, e.id])).toEqual([[3, 'new4']]);
    expect((await driver.streams.append('s', [event('new5')]))[0]?.offset).toBe(4);
  });

  it('streams - append to a stream nobody created makes one partition; ensure can grow partitions but not shrink them', async () => {
    const driver = await broker.open();
    expect(await driver.streams.append('auto', [event('e1'), event('e2')])).toEqual([
      { id: 'e1', partition: 0, offset: 0 },
      { id: 'e2', partition: 0, offset: 1 },
    ]);
    await driver.streams.ensureStream('auto', { partitions: 3, retentionMs: 60_000 });
    expect((await driver.streams.partitions('auto')).map((p) => p.nextOffset)).toEqual([2, 0, 0]);
    await expectCode(driver.streams.ensureStream('auto', { partitions: 2, retentionMs: 60_000 }), 'bad_request');
    await expectCode(driver.streams.partitions('never'), 'unknown_resource');
  });

  it('streams - the partition of a key is FNV-1a 32 of its UTF-8 bytes, modulo the partition count', async () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
    const driver = await broker.open();
    await driver.streams.ensureStream('s', { partitions: 7, retentionMs: 60_000 });
    for (const key of ['order-1', 'order-2', 'kunde-ü', '🚢']) {
      const [receipt] = await driver.streams.append('s', [event(key, { partitionKey: key })]);
      expect(receipt?.partition).toBe(fnv1a32(key) % 7);
    }
  });
});

describe('embedded consumer groups', () => {
  it('consumer groups - a member that stops heartbeating keeps its partitions until its leases expire, then loses them', async () => {
    const driver = await broker.open();
    await driver.streams.ensureStream('s', { partitions: 2, retentionMs: 3600_000 });
    const raw = broker.raw();
    const expires = Date.now() + 600;
    raw.prepare('INSERT INTO group_members_v1 (stream, grp, member, expires_at) VALUES (?, ?, ?, ?)').run('s', 'g', 'crashed', expires);
    for (const part of [0, 1]) {
      raw.prepare('INSERT INTO partition_owners_v1 (stream, grp, part, owner, expires_at) VALUES (?, ?, ?, ?, ?)').run('s', 'g', part, 'crashed', expires);
    }
    await driver.streams.append('s', [event('e0', { partition: 0 }), event('e1', { partition: 1 })]);
    const seen: StreamEvent[] = [];
    const consumer = await driver.streams.consume('s', 'g', { start: { kind: 'earliest' }, maxBatch: 10 }, {
      processEvents: async (events) => void seen.push(...events),
    });
    expect(consumer.ownedPartitions()).toEqual([]);
    await sleep(300);
    expect(consumer.ownedPartitions()).toEqual([]);
    expect(seen).toEqual([]);
    expect(await eventually(() => consumer.ownedPartitions().length === 2, 3000)).toBe(true);
    expect(Date.now()).toBeGreaterThanOrEqual(expires);
    expect(await eventually(() => seen.length === 2, 3000)).toBe(true);
    await consumer.close();
  });

  it('consumer groups - a member that lost a partition sees its signal abort and cannot checkpoint', async () => {
    const driver = await broker.open();
    await driver.streams.ensureStream('s', { partitions: 1, retentionMs: 3600_000 });
    await driver.streams.append('s', [event('e0')]);
    let context: PartitionContext | undefined;
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const consumer = await driver.streams.consume('s', 'g', { start: { kind: 'earliest' }, maxBatch: 10 }, {
      processEvents: async (_events, ctx) => {
        context = ctx;
        await held;
      },
    });
    try {
      expect(await eventually(() => context !== undefined)).toBe(true);
      broker.raw().prepare("UPDATE partition_owners_v1 SET owner = 'usurper', expires_at = ? WHERE stream = 's' AND grp = 'g'").run(Date.now() + 60_000);
      expect(await eventually(() => context?.signal.aborted === true, 2000)).toBe(true);
      await expectCode((context as PartitionContext).checkpoint(0), 'lease_expired');
      expect(consumer.ownedPartitions()).toEqual([]);
    } finally {
      release();
      await consumer.close();
    }
    expect((await driver.streams.lag('s', 'g'))[0]).toEqual({ partition: 0, lag: 1, checkpoint: null });
  });

  it('consumer groups - a member that cannot renew its leases stops processing before they expire, and resumes from the checkpoint', async () => {
    const driver = await broker.open({ busyTimeoutMs: 30, groupHeartbeatMs: 100, groupLeaseMs: 500 });
    await driver.streams.ensureStream('s', { partitions: 1, retentionMs: 3600_000 });
    await driver.streams.append('s', [event('e0')]);
    const calls: { start: number; end?: number; aborted?: boolean }[] = [];
    const consumer = await driver.streams.consume('s', 'g', { start: { kind: 'earliest' }, maxBatch: 10 }, {
      processEvents: async (events, ctx) => {
        const call: { start: number; end?: number; aborted?: boolean } = { start: Date.now() };
        calls.push(call);
        if (calls.length === 1) await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve, { once: true }));
        else await ctx.checkpoint(events.at(-1)?.offset as number);
        call.aborted = ctx.signal.aborted;
        call.end = Date.now();
      },
    });
    expect(await eventually(() => calls.length === 1)).toBe(true);
    const other = broker.raw();
    other.exec('BEGIN IMMEDIATE');
    const lockedAt = Date.now();
    try {
      expect(await eventually(() => calls[0]?.end !== undefined, 2000)).toBe(true);
      // Stopped before the 500 ms leases (last renewed before the lock) could pass to anyone else.
      expect((calls[0]?.end as number) - lockedAt).toBeLessThan(500);
      expect(calls[0]?.aborted).toBe(true);
      await sleep(200);
      expect(calls).toHaveLength(1);
    } finally {
      other.exec('ROLLBACK');
    }
    expect(await eventually(() => calls[1]?.end !== undefined, 3000)).toBe(true);
    expect(calls[1]?.start).toBeGreaterThanOrEqual(calls[0]?.end as number);
    expect((await driver.streams.lag('s', 'g'))[0]).toMatchObject({ lag: 0, checkpoint: 0 });
    await consumer.close();
  });

  it('consumer groups - close gives partitions up at once and waits for the running processEvents call', async () => {
    const driver = await broker.open();
    const other = await broker.open();
    await driver.streams.ensureStream('s', { partitions: 2, retentionMs: 3600_000 });
    await driver.streams.append('s', [event('e0', { partition: 0 }), event('e1', { partition: 1 })]);
    let finished = 0;
    const slow = await driver.streams.consume('s', 'g', { start: { kind: 'earliest' }, maxBatch: 10 }, {
      processEvents: async (events, ctx) => {
        await sleep(150);
        await ctx.checkpoint(events.at(-1)?.offset as number);
        finished++;
      },
    });
    expect(await eventually(() => slow.ownedPartitions().length === 2)).toBe(true);
    await sleep(20);
    await slow.close();
    expect(finished).toBe(2);
    const next = await other.streams.consume('s', 'g', { start: { kind: 'earliest' }, maxBatch: 10 }, { processEvents: async () => undefined });
    expect(next.ownedPartitions()).toEqual([0, 1]);
    expect((await other.streams.lag('s', 'g')).map((l) => l.lag)).toEqual([0, 0]);
    await next.close();
  });
});
