import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { BatchCheckpoint } from '../../src/core/consume/checkpoints.js';
import { Credits } from '../../src/core/consume/credits.js';
import { Held } from '../../src/core/consume/held.js';
import type { PartitionContext } from '../../src/drivers/contract.js';
import { createLogger } from '../../src/observability/logger.js';
import { problemsOf, writeConfig } from './config/support.js';

const logger = createLogger('silent');

function recordingContext(): { context: PartitionContext; written: number[]; lose(): void } {
  const controller = new AbortController();
  const written: number[] = [];
  const context: PartitionContext = {
    stream: 's',
    group: 'g',
    partition: 0,
    signal: controller.signal,
    checkpoint: async (offset) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      written.push(offset);
    },
  };
  return { context, written, lose: () => controller.abort() };
}

describe('consume - stream checkpoints', () => {
  it('consume - the checkpoint follows only the contiguous settled prefix', async () => {
    const { context, written } = recordingContext();
    const batch = new BatchCheckpoint([10, 11, 12, 13], context, logger);
    batch.settle(11);
    batch.settle(13);
    await batch.flushed();
    expect(written).toEqual([]);
    batch.settle(10);
    await batch.flushed();
    expect(written).toEqual([11]);
    expect(batch.complete).toBe(false);
    batch.settle(12);
    await batch.flushed();
    expect(written.at(-1)).toBe(13);
    expect(batch.complete).toBe(true);
  });

  it('consume - checkpoint writes never go backwards and coalesce while one is pending', async () => {
    const { context, written } = recordingContext();
    const batch = new BatchCheckpoint([0, 1, 2, 3, 4], context, logger);
    for (const offset of [0, 1, 2, 3, 4]) batch.settle(offset);
    await batch.flushed();
    expect(written).toEqual([...written].sort((a, b) => a - b));
    expect(written.length).toBeLessThan(5);
    expect(written.at(-1)).toBe(4);
  });

  it('consume - a partition that moved to another member is not checkpointed', async () => {
    const { context, written, lose } = recordingContext();
    const batch = new BatchCheckpoint([0, 1], context, logger);
    lose();
    batch.settle(0);
    batch.settle(1);
    await batch.flushed();
    expect(written).toEqual([]);
  });
});

describe('consume - credits and tags', () => {
  it('consume - credits block at the maximum and a release lets one waiter through', async () => {
    const credits = new Credits(2);
    const signal = new AbortController().signal;
    expect(await credits.acquire(signal)).toBe(true);
    expect(await credits.acquire(signal)).toBe(true);
    let third = false;
    const waiting = credits.acquire(signal).then((ok) => (third = ok));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(third).toBe(false);
    credits.release();
    await waiting;
    expect(third).toBe(true);
    expect(credits.outstanding).toBe(2);
  });

  it('consume - an aborted wait for credit takes nothing', async () => {
    const credits = new Credits(1);
    await credits.acquire(new AbortController().signal);
    const controller = new AbortController();
    const waiting = credits.acquire(controller.signal);
    controller.abort();
    expect(await waiting).toBe(false);
    credits.release();
    expect(credits.available).toBe(1);
  });

  it('consume - a tag settles once; the second time it is lease_expired', async () => {
    const held = new Held<string>();
    const tag = held.add('x');
    expect(held.take(tag)).toBe('x');
    expect(() => held.take(tag)).toThrow(expect.objectContaining({ code: 'lease_expired' }));
    const waiting = held.untilEmpty(Date.now() + 10_000);
    await waiting;
  });
});

describe('consume - subscriptions without deliver', () => {
  it('config - a subscription without deliver is consumed over gRPC and needs no app.url', () => {
    const config = loadConfig({ path: writeConfig('topics: { orders: {} }\nsubscriptions:\n  - { name: worker, from: { topic: orders } }\n'), env: {} });
    expect(config.subscriptions[0]).toMatchObject({ name: 'worker', deliver: null });
    expect(config.app.url).toBeNull();
  });

  it('config - serve: true still needs deliver', () => {
    const problems = problemsOf(() =>
      loadConfig({ path: writeConfig('app: { url: "http://127.0.0.1:1" }\nqueues: { q: {} }\nsubscriptions:\n  - { name: s, from: { queue: q }, serve: true }\n'), env: {} }),
    );
    expect(problems).toContainEqual(expect.objectContaining({ path: 'subscriptions[0].deliver' }));
  });
});
