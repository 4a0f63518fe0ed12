/**
 * Redis stopped and started again under load (issue 15): a private redis-server with AOF, a
 * producer and two consumers running throughout; an orderly stop with appendfsync everysec, and a
 * SIGKILL with appendfsync always (everysec may lose the last second of a crash, by design). Nothing acknowledged to the producer is lost,
 * the consumers resume by themselves, and the driver reports itself disconnected while Redis is
 * down and connected again afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedisDriver } from '../../../src/drivers/redis/index.js';
import { createRedisDriver } from '../../../src/drivers/redis/index.js';
import { eventually, sleep } from '../../conformance/support.js';
import { startLoad } from '../../infra/helpers/outage-load.js';
import { PrivateRedis } from './private-server.js';

let server: PrivateRedis;

async function open(): Promise<RedisDriver> {
  const driver = await createRedisDriver({ name: 'outage', settings: { url: server.url, connectTimeoutMs: 1000 }, dataDir: '.' });
  await driver.connect();
  return driver;
}

/** Stops Redis with `signal` under load and starts it again, checking what the file header promises. */
async function outage(signal: NodeJS.Signals): Promise<void> {
  const producer = await open();
  const consumer = await open();
  const inbox = { kind: 'queue', queue: 'orders' } as const;
  await producer.queues.ensureQueue(inbox.queue, { maxDeliveries: 50, leaseMs: 2000, dedupWindowMs: 60_000 });
  const { confirmed, received, failures, stop } = startLoad((id) => producer.queues.send(inbox.queue, [{ id, headers: {}, data: new TextEncoder().encode(id) }]), [
    { driver: consumer, ref: inbox },
    { driver: consumer, ref: inbox },
  ], 'm');

  await eventually(() => received.size >= 50, 10_000);
  // A backlog nobody reads during the outage: it must come back from the AOF, leases and all.
  const parked = { kind: 'queue', queue: 'parked' } as const;
  await producer.queues.ensureQueue(parked.queue, { maxDeliveries: 5, leaseMs: 60_000, dedupWindowMs: 60_000 });
  await producer.queues.send(parked.queue, Array.from({ length: 100 }, (_, i) => ({ id: `p${i}`, headers: {}, data: new Uint8Array([i]) })));
  const [held] = await producer.inboxes.receive(parked, { max: 1, waitMs: 1000 });
  await server.stop(signal);
  expect(await eventually(() => !producer.isConnected() && !consumer.isConnected(), 5000)).toBe(true);
  const confirmedWhileDown = confirmed.size;
  await sleep(700);
  expect(confirmed.size).toBe(confirmedWhileDown);
  await server.start();
  expect(await eventually(() => producer.isConnected() && consumer.isConnected(), 10_000)).toBe(true);
  expect(await eventually(() => confirmed.size > confirmedWhileDown + 50, 10_000)).toBe(true);

  await stop();
  expect([...confirmed].filter((id) => !received.has(id))).toEqual([]);
  expect(await producer.inboxes.depth(parked)).toEqual({ ready: 99, inFlight: 1, deadLettered: 0 });
  await producer.inboxes.ack(parked, held?.lease ?? '');
  // Every failure seen was the retriable kind core retries, never an internal error.
  expect([...failures.keys()].filter((code) => code !== 'broker_unavailable' && code !== 'lease_expired')).toEqual([]);
  expect(failures.get('broker_unavailable') ?? 0).toBeGreaterThan(0);
  await Promise.all([producer.close(), consumer.close()]);
}

describe('redis outage, AOF with appendfsync everysec', () => {
  beforeAll(async () => {
    server = await PrivateRedis.start('everysec');
  });
  afterAll(async () => {
    await server?.remove();
  });

  it('outage - Redis stopped (SIGTERM) and started under load: no confirmed message lost, consumers resume, readiness flips and recovers', { timeout: 60_000 }, () => outage('SIGTERM'));
});

describe('redis outage, AOF with appendfsync always', () => {
  beforeAll(async () => {
    server = await PrivateRedis.start('always');
  });
  afterAll(async () => {
    await server?.remove();
  });

  // A crash of Redis itself: every script's effects reached the AOF before its answer, whole.
  it('outage - Redis killed (SIGKILL) and started under load: no confirmed message lost, consumers resume, readiness flips and recovers', { timeout: 60_000 }, () => outage('SIGKILL'));
});
