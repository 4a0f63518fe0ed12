/**
 * The same Dapr SDK app (order-app.ts) beside Outrigger on the embedded broker, on Redis
 * (127.0.0.1:6379), and on a Redis described by the app's own Dapr component YAML: only the
 * sidecar's config differs, and the app sees the same results.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { afterAll, describe, expect, it } from 'vitest';
import { PrivateRedis } from '../drivers/redis/private-server.js';
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

/** The sidecar's config for each broker, beside the app's address. */
const sidecars: Record<string, () => Promise<Record<string, unknown>>> = {
  embedded: async () => ({ brokers: { main: { driver: 'embedded' } }, dapr: { pubsubs: { 'orders-pubsub': { broker: 'main' } } } }),
  redis: async () => ({ brokers: { main: { driver: 'redis', url: 'redis://127.0.0.1:6379', keyPrefix: `${redisPrefix}:` } }, dapr: { pubsubs: { 'orders-pubsub': { broker: 'main' } } } }),
  // The component file a Dapr app already has; a Redis of the test's own, as its keys cannot be prefixed.
  'a Dapr redis component': async () => {
    const redis = await PrivateRedis.start();
    cleanups.push(() => redis.remove());
    const folder = mkdtempSync(join(tmpdir(), 'outrigger-dapr-components-'));
    cleanups.push(async () => rmSync(folder, { recursive: true, force: true }));
    writeFileSync(
      join(folder, 'pubsub.yaml'),
      `apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: orders-pubsub\nspec:\n  type: pubsub.redis\n  version: v1\n  metadata:\n    - name: redisHost\n      value: 127.0.0.1:${redis.port}\n`,
    );
    return { dapr: { resourcesPath: folder } };
  },
};

describe.each(Object.keys(sidecars))('dapr portable app - on %s', (broker) => {
  it(`dapr portable app - on ${broker}: delivered, retried once, dead-lettered, with the same app code`, async () => {
    const [daprPort, daprGrpcPort, appPort] = await Promise.all([freePort(), freePort(), freePort()]);
    const daemon: RunningDaemon = await startDaemon({
      env: { OUTRIGGER_DAPR_HTTP_ADDR: `127.0.0.1:${daprPort}`, OUTRIGGER_DAPR_GRPC_ADDR: `127.0.0.1:${daprGrpcPort}` },
      config: { app: { id: 'orders', url: `http://127.0.0.1:${appPort}` }, ...(await sidecars[broker]!()) },
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
