/**
 * RabbitMQ streams across a crash of the server: a RabbitMQ of the test's own (private-server.ts)
 * is killed (SIGKILL) and started again while a sidecar appends and a consumer group reads.
 * Every append that was answered is in the partition at the offset its receipt named, offsets
 * stay gapless, and the group, without help, takes its partitions again and processes everything.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppendReceipt, PartitionContext, StreamEvent } from '../../../src/drivers/contract.js';
import { createRabbitmqDriver, type RabbitmqDriver } from '../../../src/drivers/rabbitmq/index.js';
import { eventually, sleep } from '../../conformance/support.js';
import { PrivateRabbit } from './private-server.js';

let server: PrivateRabbit;
let driver: RabbitmqDriver | undefined;

beforeAll(async () => {
  server = await PrivateRabbit.start();
}, 60_000);

afterAll(async () => {
  await driver?.close();
  await server?.remove();
}, 60_000);

describe('rabbitmq streams - outage', () => {
  it('outage - RabbitMQ killed and started under appends: every answered append is at its offset, offsets gapless, the group resumes by itself', { timeout: 120_000 }, async () => {
    driver = await createRabbitmqDriver({ name: 'outage', settings: { url: server.url, connectTimeoutMs: 2000 }, dataDir: '.' });
    await driver.connect();
    const streams = driver.streams;
    await streams.ensureStream('ticks', { partitions: 2, retentionMs: 3600_000 });
    const seen = new Set<string>();
    const consumer = await streams.consume('ticks', 'g', { start: { kind: 'earliest' }, maxBatch: 20 }, {
      async processEvents(events: StreamEvent[], context: PartitionContext): Promise<void> {
        await context.checkpoint((events.at(-1) as StreamEvent).offset);
        for (const e of events) seen.add(e.id);
      },
    });
    const answered: AppendReceipt[] = [];
    let n = 0;
    let appending = true;
    const appender = (async () => {
      while (appending) {
        const id = `e${++n}`;
        try {
          answered.push(...(await streams.append('ticks', [{ id, headers: {}, data: new TextEncoder().encode(id), partition: n % 2 }])));
        } catch {
          await sleep(100);
        }
      }
    })();
    expect(await eventually(() => answered.length >= 50, 20_000)).toBe(true);
    await server.stop('crash');
    const atCrash = answered.length;
    await server.start();
    expect(await eventually(() => answered.length >= atCrash + 50, 60_000)).toBe(true);
    appending = false;
    await appender;

    for (const partition of [0, 1]) {
      const stored: StreamEvent[] = [];
      for (;;) {
        const batch = await streams.read('ticks', partition, { from: { kind: 'offset', offset: stored.length }, max: 500 });
        if (batch.length === 0) break;
        stored.push(...batch);
      }
      expect(stored.map((e) => e.offset)).toEqual(stored.map((_, i) => i));
      for (const receipt of answered.filter((r) => r.partition === partition)) expect(stored[receipt.offset]?.id, `${receipt.id} at ${receipt.offset}`).toBe(receipt.id);
      expect(await eventually(() => stored.every((e) => seen.has(e.id)), 30_000)).toBe(true);
    }
    expect(consumer.ownedPartitions()).toEqual([0, 1]);
    await consumer.close();
  });
});
