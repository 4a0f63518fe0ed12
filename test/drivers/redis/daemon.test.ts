/**
 * The built daemon on the Redis driver, end to end: commands and events in over HTTP, pushed to a
 * real app server, settled by its answers, dead letters listed through the API, depth scraped,
 * and what is held at SIGTERM released without counting an attempt. The daemon is a child
 * process talking to the machine's Redis under a key prefix of this run.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from '../../conformance/support.js';
import { deliveriesOf, startApp, type TestApp } from '../../infra/helpers/app-server.js';
import { postAccepted, startDaemon, type RunningDaemon } from '../../infra/helpers/daemon.js';
import { deletePrefix, openDriver, plainClient, redisUrl, runPrefix, type PlainClient } from './support.js';

const prefix = runPrefix();
let admin: PlainClient;
let app: TestApp;
let daemon: RunningDaemon;
const fast = { initialBackoff: '20ms', maxBackoff: '100ms' };

function config(appUrl: string): Record<string, unknown> {
  return {
    app: { id: 'redis-e2e', url: appUrl },
    shutdown: { gracePeriod: '1s' },
    brokers: { cache: { driver: 'redis', url: redisUrl, keyPrefix: prefix } },
    queues: { work: { broker: 'cache', maxDeliveries: 3, lease: '5s' }, backlog: { broker: 'cache' } },
    topics: { orders: { broker: 'cache' } },
    subscriptions: [
      { name: 'work', from: { queue: 'work' }, deliver: '/work', retry: fast, concurrency: 4 },
      { name: 'all-orders', from: { topic: 'orders' }, deliver: '/all-orders', retry: fast },
    ],
  };
}

beforeAll(async () => {
  admin = await plainClient();
  app = await startApp();
  daemon = await startDaemon({ config: config(app.url) });
});

afterAll(async () => {
  await daemon?.stop();
  await app?.close();
  if (admin !== undefined) {
    await deletePrefix(admin, prefix);
    await admin.close();
  }
});

beforeEach(() => {
  app.received.length = 0;
  app.respond = () => ({ status: 200 });
});

describe('redis through the daemon', () => {
  it('daemon - a command is pushed in CloudEvents binary mode and acknowledged (deleted from the stream) on 2xx', async () => {
    const id = await postAccepted(daemon, '/v1/command/work', { task: 1 }, { 'ce-type': 'Work' });
    await app.waitFor((r) => deliveriesOf('/work', id)(r).length === 1);
    expect(deliveriesOf('/work', id)(app.received)[0]?.headers).toMatchObject({ 'ce-type': 'Work', 'ce-source': 'redis-e2e', 'outrigger-attempt': '1', 'content-type': 'application/json' });
    expect(await eventually(async () => (await admin.xLen(`${prefix}work`)) === 0)).toBe(true);
  });

  it('daemon - a failing app gets maxDeliveries attempts, then the message is in <queue>.deadletter and listed by the API', async () => {
    app.respond = () => ({ status: 500 });
    const id = await postAccepted(daemon, '/v1/command/work', { task: 2 });
    await app.waitFor((r) => deliveriesOf('/work', id)(r).length === 3);
    expect(deliveriesOf('/work', id)(app.received).map((r) => r.headers['outrigger-attempt'])).toEqual(['1', '2', '3']);
    let letters: { id: string; reason: string; attempts: number }[] = [];
    for (let i = 0; i < 100 && !letters.some((l) => l.id === id); i++) {
      const response = await fetch(`${daemon.url}/v1/deadletter/work`);
      expect(response.status).toBe(200);
      letters = (await response.json()) as typeof letters;
      if (!letters.some((l) => l.id === id)) await new Promise((resolve) => setTimeout(resolve, 30));
    }
    expect(letters.find((l) => l.id === id)).toMatchObject({ attempts: 3 });
    expect(await admin.xLen(`${prefix}work.deadletter`)).toBeGreaterThanOrEqual(1);
  });

  it('daemon - a published event reaches the topic subscription', async () => {
    const id = await postAccepted(daemon, '/v1/publish/orders', { order: 7 }, { 'ce-type': 'OrderCreated', 'ce-subject': 'orders/7' });
    await app.waitFor((r) => deliveriesOf('/all-orders', id)(r).length === 1);
    expect(deliveriesOf('/all-orders', id)(app.received)[0]?.headers).toMatchObject({ 'ce-type': 'OrderCreated', 'ce-subject': 'orders/7' });
  });

  it('daemon - ready while connected, and a metrics scrape reports queue depth', async () => {
    expect((await fetch(`${daemon.adminUrl}/readyz`)).status).toBe(200);
    await postAccepted(daemon, '/v1/command/backlog', { task: 1 });
    await postAccepted(daemon, '/v1/command/backlog', { task: 2 });
    const text = await (await fetch(`${daemon.adminUrl}/metrics`)).text();
    expect(text).toContain('outrigger_queue_depth{resource="backlog",state="ready"} 2');
    expect(text).toContain('outrigger_queue_depth{resource="backlog",state="in_flight"} 0');
  });

  it('daemon - on SIGTERM a delivery the app is still working on past the grace period is released without counting the attempt', async () => {
    app.respond = () => new Promise(() => undefined);
    const id = await postAccepted(daemon, '/v1/command/work', { task: 3 });
    await app.waitFor((r) => deliveriesOf('/work', id)(r).length === 1);
    expect(await daemon.stop()).toBe(0);
    const driver = await openDriver(prefix);
    try {
      const [again] = await driver.inboxes.receive({ kind: 'queue', queue: 'work' }, { max: 1, waitMs: 3000 });
      expect([again?.headers['ce-id'] ?? again?.id, again?.attempt]).toEqual([id, 1]);
    } finally {
      await driver.close();
    }
  });
});
