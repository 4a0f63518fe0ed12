/**
 * Ordered push delivery on Service Bus through the built daemon: commands with ordering keys go
 * to a session-enabled queue, and the app sees one message at a time per key, in order, keys in
 * parallel, including across a failed attempt. An ordered subscription on a queue without
 * sessions is refused at start, since Service Bus could not keep the promise.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../../infra/helpers/app-server.js';
import { startDaemon, type RunningDaemon } from '../../infra/helpers/daemon.js';
import { ServiceBusTestBroker } from '../../infra/servicebus-broker/broker.js';

let broker: ServiceBusTestBroker;
let app: TestApp;
let daemon: RunningDaemon;
const ordered = `ordered-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  broker = await ServiceBusTestBroker.start();
  broker.createQueue(ordered, { requiresSession: true, maxDeliveryCount: 20 });
  app = await startApp();
  daemon = await startDaemon({
    config: {
      app: { id: 'sb-ordered', url: app.url },
      brokers: { bus: { driver: 'azure-servicebus', connectionString: '${SB}', maxConcurrentSessions: 3 } },
      queues: { [ordered]: { broker: 'bus', maxDeliveries: 5, lease: '5s' } },
      subscriptions: [{ name: 'ordered', from: { queue: ordered }, deliver: '/ordered', ordered: true, concurrency: 8, retry: { initialBackoff: '20ms', maxBackoff: '50ms' } }],
    },
    env: { SB: broker.connectionString },
  });
});

afterAll(async () => {
  await daemon?.stop();
  await app?.close();
  await broker?.stop();
});

async function send(body: unknown, key: string): Promise<void> {
  const response = await fetch(`${daemon.url}/v1/command/${ordered}`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', 'outrigger-ordering-key': key },
  });
  expect(response.status, await response.clone().text()).toBe(202);
}

describe('servicebus sessions through the daemon', () => {
  it('ordered - one message at a time per key, in order, keys in parallel up to maxConcurrentSessions, a retry keeping its place', async () => {
    const active = new Map<string, number>();
    let overlap = false;
    let parallel = 0;
    let failedOnce = false;
    app.respond = async (request) => {
      const { key, seq } = JSON.parse(request.body) as { key: string; seq: number };
      active.set(key, (active.get(key) ?? 0) + 1);
      if ((active.get(key) ?? 0) > 1) overlap = true;
      parallel = Math.max(parallel, [...active.values()].filter((n) => n > 0).length);
      await new Promise((resolve) => setTimeout(resolve, 10));
      active.set(key, (active.get(key) ?? 1) - 1);
      // The first delivery of b's third message fails: b's later messages must wait for its retry.
      if (key === 'b' && seq === 2 && !failedOnce) {
        failedOnce = true;
        return { status: 503 };
      }
      return { status: 200 };
    };
    const keys = ['a', 'b', 'c', 'd'];
    for (let seq = 0; seq < 8; seq++) for (const key of keys) await send({ key, seq }, key);
    await app.waitFor((r) => r.filter((x) => x.path === '/ordered').length === 33, 20_000);
    expect(overlap).toBe(false);
    expect(parallel).toBeGreaterThan(1);
    expect(parallel).toBeLessThanOrEqual(3);
    for (const key of keys) {
      const seqs = app.received.filter((r) => r.path === '/ordered').map((r) => JSON.parse(r.body) as { key: string; seq: number }).filter((b) => b.key === key).map((b) => b.seq);
      expect(seqs).toEqual(key === 'b' ? [0, 1, 2, 2, 3, 4, 5, 6, 7] : [0, 1, 2, 3, 4, 5, 6, 7]);
    }
    const attempts = app.received.filter((r) => r.path === '/ordered' && JSON.parse(r.body).key === 'b' && JSON.parse(r.body).seq === 2).map((r) => r.headers['outrigger-attempt']);
    expect(attempts).toEqual(['1', '2']);
    await app.waitFor(() => broker.queues.get(ordered)?.messages.length === 0);
  });

  it('ordered - a subscription with ordered: true on a queue without sessions is refused at start', async () => {
    const plain = `plain-${randomUUID().slice(0, 8)}`;
    broker.createQueue(plain);
    const started = startDaemon({
      config: {
        app: { id: 'sb-ordered-bad', url: app.url },
        brokers: { bus: { driver: 'azure-servicebus', connectionString: '${SB}' } },
        queues: { [plain]: { broker: 'bus' } },
        subscriptions: [{ name: 'bad', from: { queue: plain }, deliver: '/bad', ordered: true }],
      },
      env: { SB: broker.connectionString },
      readyTimeoutMs: 8_000,
    });
    const outcome = await started.then(
      async (running) => {
        const output = running.output();
        await running.stop();
        return output;
      },
      (err: unknown) => String(err),
    );
    expect(outcome).toMatch(/exited with 1 before it was ready/);
    expect(outcome).toMatch(/does not require sessions/);
  });
});
