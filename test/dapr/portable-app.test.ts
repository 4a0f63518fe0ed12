/**
 * The same Dapr SDK app (order-app.ts) beside Outrigger on the embedded broker and on Redis
 * (127.0.0.1:6379): only the sidecar's config differs, and the app sees the same results.
 */
import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { afterAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningDaemon } from '../infra/helpers/daemon.js';
import { freePort } from '../infra/helpers/ports.js';
import { startOrderApp, type OrderApp } from './order-app.js';
import { until } from './support.js';

const run = randomUUID();
/** Redis keys of this run's topics, removed afterwards. */
const redisPrefix = `dapr-portable-${run.slice(0, 8)}`;
const cleanups: Array<() => Promise<unknown>> = [];

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  const client = createClient({ url: 'redis://127.0.0.1:6379' });
  await client.connect();
  const keys = await client.keys(`${redisPrefix}:*`);
  if (keys.length > 0) await client.del(keys);
  await client.close();
});

const brokers: Record<string, Record<string, unknown>> = {
  embedded: { driver: 'embedded' },
  redis: { driver: 'redis', url: 'redis://127.0.0.1:6379', keyPrefix: `${redisPrefix}:` },
};

describe.each(Object.keys(brokers))('dapr portable app - on %s', (broker) => {
  it(`dapr portable app - on ${broker}: delivered, retried once, dead-lettered, with the same app code`, async () => {
    const [daprPort, daprGrpcPort, appPort] = await Promise.all([freePort(), freePort(), freePort()]);
    const daemon: RunningDaemon = await startDaemon({
      env: { OUTRIGGER_DAPR_HTTP_ADDR: `127.0.0.1:${daprPort}`, OUTRIGGER_DAPR_GRPC_ADDR: `127.0.0.1:${daprGrpcPort}` },
      config: {
        app: { id: `orders-${broker}`, url: `http://127.0.0.1:${appPort}` },
        brokers: { main: brokers[broker] },
        dapr: { pubsubs: { 'orders-pubsub': { broker: 'main' } } },
      },
    });
    cleanups.push(() => daemon.stop());
    const app: OrderApp = await startOrderApp(daprPort, appPort, run);
    cleanups.push(() => app.stop());
    await until(async () => ((await (await fetch(`http://127.0.0.1:${daprPort}/v1.0/metadata`)).json()) as { subscriptions: unknown[] }).subscriptions.length, (n) => n === 2);

    await app.place({ run, n: 1 });
    await app.place({ run, n: 2, flaky: true });
    await app.place({ run, n: 3, bad: true });
    await until(() => app.processed.length + app.deadLettered.length, (count) => count >= 3, 30_000);
    expect(app.processed.map((o) => o.n).sort()).toEqual([1, 2]);
    expect(app.attempts.get(2)).toBe(2);
    expect(app.deadLettered.map((o) => o.n)).toEqual([3]);
  });
});
