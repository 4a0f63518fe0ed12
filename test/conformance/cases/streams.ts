/** Streams: gapless offsets, replay from earliest, latest, an offset or a time; stable partition keys. */
import { describe, expect, it } from 'vitest';
import type { AppendEvent, StreamEvent } from '../../../src/drivers/contract.js';
import { body, decode, expectCode, type Fixture, sleep, streamsOf } from '../support.js';

export function appendEvent(fx: Fixture, n: number, fields: Partial<AppendEvent> = {}): AppendEvent {
  return { id: `${fx.run}-e${n}`, headers: { 'ce-type': 'Reading', 'x-n': String(n) }, data: body(fx, n), ...fields };
}

async function freshStream(fx: Fixture, partitions: number): Promise<string> {
  const stream = fx.name('st');
  await streamsOf(fx.driver).ensureStream(stream, { partitions, retentionMs: 24 * 3600 * 1000 });
  return stream;
}

const ns = (events: StreamEvent[]): number[] => events.map((e) => decode(e.data).n);

export function streamCases(fx: Fixture): void {
  describe.runIf(fx.caps.streams)('streams', () => {
    it('streams - appends get consecutive offsets from 0 and replay from earliest intact', async () => {
      const streams = streamsOf(fx.driver);
      const stream = await freshStream(fx, 1);
      const first = await streams.append(stream, [1, 2, 3, 4, 5].map((n) => appendEvent(fx, n)));
      const second = await streams.append(stream, [6, 7, 8].map((n) => appendEvent(fx, n)));
      const receipts = [...first, ...second];
      expect(receipts.map((r) => r.offset)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      expect(receipts.every((r) => r.partition === 0)).toBe(true);
      expect(receipts[2]?.id).toBe(`${fx.run}-e3`);
      const events = await streams.read(stream, 0, { from: { kind: 'earliest' }, max: 100 });
      expect(ns(events)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(events.map((e) => e.offset)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      expect(events[4]).toMatchObject({ id: `${fx.run}-e5`, partition: 0, headers: { 'ce-type': 'Reading', 'x-n': '5' } });
      expect(events[0]?.timestamp).toBeGreaterThan(0);
      expect(ns(await streams.read(stream, 0, { from: { kind: 'earliest' }, max: 3 }))).toEqual([1, 2, 3]);
    });

    it('streams - a read from an offset starts at that event', async () => {
      const streams = streamsOf(fx.driver);
      const stream = await freshStream(fx, 1);
      const receipts = await streams.append(stream, [1, 2, 3, 4, 5].map((n) => appendEvent(fx, n)));
      const events = await streams.read(stream, 0, { from: { kind: 'offset', offset: receipts[3]?.offset as number }, max: 100 });
      expect(ns(events)).toEqual([4, 5]);
      const beyond = await streams.read(stream, 0, { from: { kind: 'offset', offset: 5 }, max: 100, waitMs: 0 });
      expect(beyond).toEqual([]);
    });

    it('streams - a read from latest sees only events appended after it, waking as soon as one arrives', async () => {
      const streams = streamsOf(fx.driver);
      const stream = await freshStream(fx, 1);
      await streams.append(stream, [appendEvent(fx, 1), appendEvent(fx, 2)]);
      expect(await streams.read(stream, 0, { from: { kind: 'latest' }, max: 10, waitMs: 0 })).toEqual([]);
      const started = Date.now();
      const pending = streams.read(stream, 0, { from: { kind: 'latest' }, max: 10, waitMs: 10_000 });
      await sleep(100);
      await streams.append(stream, [appendEvent(fx, 3)]);
      expect(ns(await pending)).toEqual([3]);
      expect(Date.now() - started).toBeLessThan(2500);
    });

    it('streams - events with one partition key always land in one partition, in order', async () => {
      const streams = streamsOf(fx.driver);
      const stream = await freshStream(fx, 4);
      const keys = ['alpha', 'bravo', 'charlie', 'delta', 'echo'];
      const partitionOf = new Map<string, Set<number>>();
      let n = 0;
      for (let round = 0; round < 4; round++) {
        const batch = keys.map((key) => appendEvent(fx, ++n, { partitionKey: key, data: new TextEncoder().encode(JSON.stringify({ run: fx.run, n, key, round })) }));
        await streams.append(stream, batch);
      }
      const all: StreamEvent[] = [];
      for (let partition = 0; partition < 4; partition++) all.push(...(await streams.read(stream, partition, { from: { kind: 'earliest' }, max: 100 })));
      expect(all).toHaveLength(20);
      for (const event of all) {
        const { key } = decode<{ key: string }>(event.data);
        expect(event.partitionKey).toBe(key);
        partitionOf.set(key, (partitionOf.get(key) ?? new Set()).add(event.partition));
      }
      for (const key of keys) {
        expect(partitionOf.get(key)?.size, `partitions of key ${key}`).toBe(1);
        const rounds = all.filter((e) => e.partitionKey === key).sort((a, b) => a.offset - b.offset).map((e) => (decode<{ round: number }>(e.data)).round);
        expect(rounds).toEqual([0, 1, 2, 3]);
      }
    });

    it('streams - an explicit partition wins, and one out of range is refused with bad_request', async () => {
      const streams = streamsOf(fx.driver);
      const stream = await freshStream(fx, 2);
      const [receipt] = await streams.append(stream, [appendEvent(fx, 1, { partition: 1, partitionKey: 'anything' })]);
      expect(receipt?.partition).toBe(1);
      await expectCode(streams.append(stream, [appendEvent(fx, 2, { partition: 2 })]), 'bad_request');
      const info = await streams.partitions(stream);
      expect(info.map((p) => [p.partition, p.nextOffset - p.firstOffset])).toEqual([
        [0, 0],
        [1, 1],
      ]);
    });

    it('streams - reading a stream that was never created is unknown_resource', async () => {
      await expectCode(streamsOf(fx.driver).read(fx.name('missing'), 0, { from: { kind: 'earliest' }, max: 1 }), 'unknown_resource');
    });
  });

  describe.runIf(fx.caps.streams && fx.caps.streamSeekByTime)('streams by time', () => {
    it('streams - a read from a time starts at the first event at or after it', async () => {
      const streams = streamsOf(fx.driver);
      const stream = await freshStream(fx, 1);
      await streams.append(stream, [appendEvent(fx, 1), appendEvent(fx, 2)]);
      await sleep(60);
      const time = Date.now();
      await sleep(60);
      await streams.append(stream, [appendEvent(fx, 3), appendEvent(fx, 4)]);
      expect(ns(await streams.read(stream, 0, { from: { kind: 'time', time }, max: 10 }))).toEqual([3, 4]);
      expect(ns(await streams.read(stream, 0, { from: { kind: 'time', time: 0 }, max: 10 }))).toEqual([1, 2, 3, 4]);
      expect(await streams.read(stream, 0, { from: { kind: 'time', time: Date.now() + 60_000 }, max: 10, waitMs: 0 })).toEqual([]);
    });
  });
}
