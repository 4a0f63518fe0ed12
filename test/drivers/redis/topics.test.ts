/**
 * Redis topic publish with the subscription list kept by each sidecar: a subscription another
 * sidecar adds is never missed, and publish costs one script call while the list stays the same.
 * The count of calls is read from a private redis-server's own command statistics, which nothing
 * else touches.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboxRef, OutboundMessage } from '../../../src/drivers/contract.js';
import { createRedisDriver, type RedisDriver } from '../../../src/drivers/redis/index.js';
import { PrivateRedis } from './private-server.js';
import { deletePrefix, openDriver, plainClient, runPrefix, type PlainClient } from './support.js';

const prefix = runPrefix();
const settings = { maxDeliveries: 3, leaseMs: 30_000, dedupWindowMs: 60_000 };
let admin: PlainClient;
let counter = 0;

beforeAll(async () => {
  admin = await plainClient();
});

afterAll(async () => {
  if (admin === undefined) return;
  await deletePrefix(admin, prefix);
  await admin.close();
});

const event = (n: number, type = 'OrderCreated'): OutboundMessage => ({ id: `e${n}`, headers: { 'ce-type': type }, data: new TextEncoder().encode(String(n)) });

async function drain(driver: RedisDriver, inbox: InboxRef): Promise<string[]> {
  const deliveries = await driver.inboxes.receive(inbox, { max: 10, waitMs: 200 });
  for (const delivery of deliveries) await driver.inboxes.ack(inbox, delivery.lease);
  return deliveries.map((delivery) => delivery.id);
}

describe('redis topics', () => {
  it('topics - a subscription another sidecar adds gets every event published after it, though the publisher knew the list before', async () => {
    const publisher = await openDriver(prefix);
    const other = await openDriver(prefix);
    try {
      const topic = `t${++counter}`;
      await publisher.topics.ensureSubscription(topic, 'first', settings);
      await publisher.topics.publish(topic, [event(1)]);
      await other.topics.ensureSubscription(topic, 'second', { ...settings, filter: { types: ['OrderPaid'] } });
      await publisher.topics.publish(topic, [event(2), event(3, 'OrderPaid')]);
      expect(await drain(other, { kind: 'subscription', topic, subscription: 'first' })).toEqual(['e1', 'e2', 'e3']);
      expect(await drain(other, { kind: 'subscription', topic, subscription: 'second' })).toEqual(['e3']);
    } finally {
      await Promise.all([publisher.close(), other.close()]);
    }
  });

  it('topics - a duplicate suppressed before the list changed is still suppressed after the publisher read it again', async () => {
    const publisher = await openDriver(prefix);
    const other = await openDriver(prefix);
    try {
      const topic = `t${++counter}`;
      await publisher.topics.ensureSubscription(topic, 'first', settings);
      const [original] = await publisher.topics.publish(topic, [{ ...event(1), idempotencyKey: 'k1' }]);
      await other.topics.ensureSubscription(topic, 'second', settings);
      const [again] = await publisher.topics.publish(topic, [{ ...event(2), idempotencyKey: 'k1' }]);
      expect(original?.duplicate).toBe(false);
      expect(again).toEqual({ id: 'e1', duplicate: true });
      expect(await drain(other, { kind: 'subscription', topic, subscription: 'second' })).toEqual([]);
    } finally {
      await Promise.all([publisher.close(), other.close()]);
    }
  });

  it('topics - publish is one script call while the subscription list stays the same', async () => {
    const server = await PrivateRedis.start();
    const driver = await createRedisDriver({ name: 'count', settings: { url: server.url }, dataDir: '.' });
    const stats = await plainClient(server.url);
    try {
      await driver.connect();
      await driver.topics.ensureSubscription('orders', 'all', settings);
      await driver.topics.publish('orders', [event(0)]);
      // Commands run inside a script count too: the script calls, and no HGETALL outside one.
      const calls = async (): Promise<Record<string, number>> => {
        const info = (await stats.sendCommand(['INFO', 'commandstats'])) as string;
        return Object.fromEntries([...info.matchAll(/^cmdstat_(\w+):calls=(\d+)/gm)].map(([, name, n]) => [name, Number(n)]));
      };
      const before = await calls();
      for (let n = 1; n <= 20; n++) await driver.topics.publish('orders', [event(n)]);
      const after = await calls();
      const added = (name: string): number => (after[name] ?? 0) - (before[name] ?? 0);
      expect({ evalsha: added('evalsha'), eval: added('eval'), hgetall: added('hgetall'), xadd: added('xadd') }).toEqual({ evalsha: 20, eval: 0, hgetall: 0, xadd: 20 });
    } finally {
      await driver.close();
      await stats.close();
      await server.remove();
    }
  });
});
