/** Consumer groups: checkpoint resume, at-least-once after the checkpoint, start at latest or a time, partition split and takeover, the caller's signal. */
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { PartitionContext, PartitionProcessor, StreamEvent } from '../../../src/drivers/contract.js';
import { decode, eventually, type Fixture, mine, sleep, streamsOf } from '../support.js';
import { appendEvent } from './streams.js';

interface Shared {
  active: Map<number, number>;
  violations: string[];
}

/** Records what it processed; checkpoints each batch unless told otherwise; reports overlapping calls for one partition. */
class Recorder implements PartitionProcessor {
  readonly events: StreamEvent[] = [];
  readonly #fx: Fixture;
  readonly #shared: Shared;
  readonly #checkpointWhile: (batch: number) => boolean;
  #batches = 0;

  constructor(fx: Fixture, shared: Shared = { active: new Map(), violations: [] }, checkpointWhile: (batch: number) => boolean = () => true) {
    this.#fx = fx;
    this.#shared = shared;
    this.#checkpointWhile = checkpointWhile;
  }

  async processEvents(events: StreamEvent[], context: PartitionContext): Promise<void> {
    const { active, violations } = this.#shared;
    const partition = context.partition;
    if ((active.get(partition) ?? 0) > 0) violations.push(`partition ${partition} processed twice at once`);
    if (events.some((e) => e.partition !== partition)) violations.push(`partition ${partition} got another partition's events`);
    active.set(partition, (active.get(partition) ?? 0) + 1);
    try {
      await sleep(2);
      const last = events.at(-1);
      if (last !== undefined && this.#checkpointWhile(++this.#batches)) await context.checkpoint(last.offset);
      this.events.push(...events.filter((e) => mine(this.#fx, e)));
    } finally {
      active.set(partition, (active.get(partition) ?? 1) - 1);
    }
  }

  numbers(): number[] {
    return this.events.map((e) => decode(e.data).n).sort((a, b) => a - b);
  }
}

async function freshStream(fx: Fixture, partitions: number): Promise<string> {
  const stream = fx.name('cg');
  await streamsOf(fx.driver).ensureStream(stream, { partitions, retentionMs: 24 * 3600 * 1000 });
  return stream;
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

export function consumerGroupCases(fx: Fixture): void {
  describe.runIf(fx.caps.streams && fx.caps.consumerGroups)('consumer groups', () => {
    it('consumer groups - a new consumer resumes after the checkpoint: nothing lost, nothing before it repeated', async () => {
      const streams = streamsOf(fx.driver);
      const stream = await freshStream(fx, 2);
      const group = fx.name('g');
      await streams.append(stream, range(1, 10).map((n) => appendEvent(fx, n, { partition: n % 2 })));
      const first = new Recorder(fx);
      const c1 = await streams.consume(stream, group, { start: { kind: 'earliest' }, maxBatch: 3 }, first);
      expect(await eventually(() => first.events.length >= 10)).toBe(true);
      await c1.close();
      expect(first.numbers()).toEqual(range(1, 10));
      expect((await streams.lag(stream, group)).map((l) => l.lag)).toEqual([0, 0]);

      await streams.append(stream, range(11, 16).map((n) => appendEvent(fx, n, { partition: n % 2 })));
      const lag = await streams.lag(stream, group);
      expect(lag.map((l) => l.lag)).toEqual([3, 3]);
      expect(lag.every((l) => l.checkpoint !== null)).toBe(true);

      const second = new Recorder(fx);
      const c2 = await streams.consume(stream, group, { start: { kind: 'earliest' }, maxBatch: 3 }, second);
      expect(await eventually(() => second.events.length >= 6)).toBe(true);
      await sleep(200);
      await c2.close();
      expect(second.numbers()).toEqual(range(11, 16));
    });

    it('consumer groups - events after the last checkpoint are delivered again to the next consumer', async () => {
      const streams = streamsOf(fx.driver);
      const stream = await freshStream(fx, 1);
      const group = fx.name('g');
      await streams.append(stream, range(1, 6).map((n) => appendEvent(fx, n)));
      const first = new Recorder(fx, undefined, (batch) => batch === 1);
      const c1 = await streams.consume(stream, group, { start: { kind: 'earliest' }, maxBatch: 2 }, first);
      expect(await eventually(() => first.events.length >= 6)).toBe(true);
      await c1.close();
      expect((await streams.lag(stream, group))[0]).toMatchObject({ lag: 4 });

      const second = new Recorder(fx);
      const c2 = await streams.consume(stream, group, { start: { kind: 'earliest' }, maxBatch: 2 }, second);
      expect(await eventually(() => second.events.length >= 4)).toBe(true);
      await sleep(150);
      await c2.close();
      expect(second.numbers()).toEqual([3, 4, 5, 6]);
    });

    it('consumer groups - a group without a checkpoint starting at latest skips what came before', async () => {
      const streams = streamsOf(fx.driver);
      const stream = await freshStream(fx, 1);
      await streams.append(stream, [appendEvent(fx, 1)]);
      const recorder = new Recorder(fx);
      const consumer = await streams.consume(stream, fx.name('g'), { start: { kind: 'latest' }, maxBatch: 10 }, recorder);
      expect(await eventually(() => consumer.ownedPartitions().length === 1)).toBe(true);
      await sleep(100);
      await streams.append(stream, [appendEvent(fx, 2)]);
      expect(await eventually(() => recorder.events.length >= 1)).toBe(true);
      await consumer.close();
      expect(recorder.numbers()).toEqual([2]);
    });

    it.runIf(fx.caps.streamSeekByTime)('consumer groups - a group without a checkpoint starting at a time gets only the events at or after it', async () => {
      const streams = streamsOf(fx.driver);
      const stream = await freshStream(fx, 2);
      await streams.append(stream, range(1, 4).map((n) => appendEvent(fx, n, { partition: n % 2 })));
      await sleep(60);
      const time = Date.now();
      await sleep(60);
      await streams.append(stream, range(5, 8).map((n) => appendEvent(fx, n, { partition: n % 2 })));
      const recorder = new Recorder(fx);
      const consumer = await streams.consume(stream, fx.name('g'), { start: { kind: 'time', time }, maxBatch: 10 }, recorder);
      expect(await eventually(() => recorder.events.length >= 4)).toBe(true);
      await streams.append(stream, [appendEvent(fx, 9, { partition: 0 })]);
      expect(await eventually(() => recorder.events.length >= 5)).toBe(true);
      await sleep(150);
      await consumer.close();
      expect(recorder.numbers()).toEqual([5, 6, 7, 8, 9]);
    });

    it('consumer groups - two consumers split the partitions, and one takes over all when the other closes', async () => {
      const other = await fx.reopen();
      const stream = await freshStream(fx, 4);
      const group = fx.name('g');
      const shared: Shared = { active: new Map(), violations: [] };
      const one = new Recorder(fx, shared);
      const two = new Recorder(fx, shared);
      const options = { start: { kind: 'earliest' as const }, maxBatch: 4 };
      const c1 = await streamsOf(fx.driver).consume(stream, group, options, one);
      expect(await eventually(() => c1.ownedPartitions().length === 4, 10_000)).toBe(true);
      const c2 = await streamsOf(other).consume(stream, group, options, two);
      const split = (): boolean => c1.ownedPartitions().length === 2 && c2.ownedPartitions().length === 2;
      expect(await eventually(split, 10_000)).toBe(true);
      expect([...c1.ownedPartitions(), ...c2.ownedPartitions()].sort()).toEqual([0, 1, 2, 3]);

      await streamsOf(fx.driver).append(stream, range(1, 20).map((n) => appendEvent(fx, n, { partition: n % 4 })));
      expect(await eventually(() => one.events.length + two.events.length >= 20, 10_000)).toBe(true);
      const owned1 = new Set(c1.ownedPartitions());
      expect(one.events.every((e) => owned1.has(e.partition))).toBe(true);
      expect(two.events.every((e) => !owned1.has(e.partition))).toBe(true);

      await c1.close();
      expect(await eventually(() => c2.ownedPartitions().length === 4, 10_000)).toBe(true);
      await streamsOf(fx.driver).append(stream, range(21, 28).map((n) => appendEvent(fx, n, { partition: n % 4 })));
      expect(await eventually(() => one.events.length + two.events.length >= 28, 10_000)).toBe(true);
      await sleep(100);
      await c2.close();
      expect(shared.violations).toEqual([]);
      expect([...one.numbers(), ...two.numbers()].sort((a, b) => a - b)).toEqual(range(1, 28));
      expect(one.numbers().every((n) => n <= 20)).toBe(true);
    });

    it('consumer groups - aborting the signal given to consume closes the consumer; one closed first leaves no listener on the signal', async () => {
      const streams = streamsOf(fx.driver);
      const stream = await freshStream(fx, 1);
      const options = { start: { kind: 'earliest' as const }, maxBatch: 10 };
      // A caller's signal may outlive many consumers (a process-wide shutdown signal).
      const kept = new AbortController();
      const closed = await streams.consume(stream, fx.name('g'), { ...options, signal: kept.signal }, new Recorder(fx));
      expect(await eventually(() => closed.ownedPartitions().length === 1, 10_000)).toBe(true);
      await closed.close();
      expect(getEventListeners(kept.signal, 'abort')).toHaveLength(0);

      const stopping = new AbortController();
      const aborted = await streams.consume(stream, fx.name('g'), { ...options, signal: stopping.signal }, new Recorder(fx));
      expect(await eventually(() => aborted.ownedPartitions().length === 1, 10_000)).toBe(true);
      stopping.abort();
      expect(await eventually(() => aborted.ownedPartitions().length === 0, 10_000)).toBe(true);
      await aborted.close();
    });
  });
}
