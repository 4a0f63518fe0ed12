/**
 * The built daemon on Service Bus: SIGTERM with deliveries still at the app releases them (no
 * attempt counted, never dead-lettered), and a filtered subscription in config becomes the
 * subscription's rule (manageEntities) and selects what the app is pushed.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type TestApp } from '../../infra/helpers/app-server.js';
import { startDaemon, type RunningDaemon } from '../../infra/helpers/daemon.js';
import { ServiceBusTestBroker } from '../../infra/servicebus-broker/broker.js';
import { eventually } from '../../conformance/support.js';

let broker: ServiceBusTestBroker;
let app: TestApp;
const daemons: RunningDaemon[] = [];

beforeAll(async () => {
  broker = await ServiceBusTestBroker.start();
  app = await startApp();
});
afterEach(async () => {
  await Promise.all(daemons.splice(0).map((daemon) => daemon.stop()));
  app.received.length = 0;
  app.respond = () => ({ status: 200 });
});
afterAll(async () => {
  await app?.close();
  await broker?.stop();
});

async function start(config: Record<string, unknown>): Promise<RunningDaemon> {
  const daemon = await startDaemon({ config: { app: { id: 'sb-rob', url: app.url }, ...config }, env: { SB: broker.connectionString } });
  daemons.push(daemon);
  return daemon;
}

async function post(daemon: RunningDaemon, path: string, body: unknown, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(daemon.url + path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });
  expect(response.status, await response.clone().text()).toBe(202);
  return ((await response.json()) as { id: string }).id;
}

describe('servicebus robustness through the daemon', () => {
  it('shutdown - deliveries still at the app on SIGTERM are released: same attempt next time, never dead-lettered', async () => {
    const work = `work-${randomUUID().slice(0, 8)}`;
    const store = broker.createQueue(work, { maxDeliveryCount: 10 });
    const config = {
      brokers: { bus: { driver: 'azure-servicebus', connectionString: '${SB}' } },
      // maxDeliveries 1: a shutdown that counted an attempt would dead-letter on the next delivery.
      queues: { [work]: { broker: 'bus', maxDeliveries: 1, lease: '30s' } },
      subscriptions: [{ name: 'work', from: { queue: work }, deliver: '/work', concurrency: 2 }],
      shutdown: { gracePeriod: '300ms' },
    };
    app.respond = () => ({ status: 200, delayMs: 20_000 });
    const first = await start(config);
    const ids = [await post(first, `/v1/command/${work}`, { n: 1 }), await post(first, `/v1/command/${work}`, { n: 2 })];
    expect(await eventually(() => app.received.filter((r) => r.path === '/work').length === 2, 5000)).toBe(true);
    expect(await first.stop()).toBe(0);
    expect(store.locks.size).toBe(0);
    expect(store.deadLetter?.messages).toEqual([]);
    app.received.length = 0;
    app.respond = () => ({ status: 200 });
    await start(config);
    expect(await eventually(() => app.received.filter((r) => r.path === '/work').length === 2, 8000)).toBe(true);
    expect(app.received.map((r) => [r.headers['ce-id'], r.headers['outrigger-attempt']]).sort()).toEqual(ids.map((id) => [id, '1']).sort());
    expect(await eventually(() => store.messages.length === 0, 3000)).toBe(true);
    expect(store.deadLetter?.messages).toEqual([]);
  }, 40_000);

  it('rules - a filtered subscription in config becomes its rule with manageEntities, and only matching events are pushed', async () => {
    const orders = `orders-${randomUUID().slice(0, 8)}`;
    broker.createSubscription(orders, 'eu-orders');
    const daemon = await start({
      brokers: { bus: { driver: 'azure-servicebus', connectionString: '${SB}', manageEntities: true } },
      topics: { [orders]: { broker: 'bus' } },
      subscriptions: [{ name: 'eu-orders', from: { topic: orders, filter: { type: ['OrderCreated', 'OrderPaid'], subjectPrefix: 'orders/eu/' } }, deliver: '/eu' }],
    });
    const rules = [...(broker.topics.get(orders)?.subscriptions.get('eu-orders')?.rules.rules.values() ?? [])];
    expect(rules.map((rule) => [rule.name.startsWith('outrigger-'), rule.filter.kind])).toEqual([[true, 'sql']]);
    const wanted = await post(daemon, `/v1/publish/${orders}`, { n: 1 }, { 'ce-type': 'OrderCreated', 'ce-subject': 'orders/eu/1' });
    await post(daemon, `/v1/publish/${orders}`, { n: 2 }, { 'ce-type': 'OrderCreated', 'ce-subject': 'orders/us/2' });
    await post(daemon, `/v1/publish/${orders}`, { n: 3 }, { 'ce-type': 'OrderShipped', 'ce-subject': 'orders/eu/3' });
    expect(await eventually(() => app.received.some((r) => r.headers['ce-id'] === wanted), 5000)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(app.received.filter((r) => r.path === '/eu').map((r) => r.headers['ce-id'])).toEqual([wanted]);
  });

  it('rules - without manageEntities a subscription whose rules differ from its filter stops start-up, naming it', async () => {
    const orders = `orders-${randomUUID().slice(0, 8)}`;
    broker.createSubscription(orders, 'paid');
    const daemon = await startDaemon({
      config: {
        app: { id: 'sb-rob', url: app.url },
        brokers: { bus: { driver: 'azure-servicebus', connectionString: '${SB}' } },
        topics: { [orders]: { broker: 'bus' } },
        subscriptions: [{ name: 'paid', from: { topic: orders, filter: { type: 'OrderPaid' } }, deliver: '/paid' }],
      },
      env: { SB: broker.connectionString },
    }).catch((err: unknown) => err as Error);
    if (!(daemon instanceof Error)) daemons.push(daemon);
    // A fatal start-up error: the daemon exits 1 with the reason, rather than run without its filter.
    expect(daemon).toBeInstanceOf(Error);
    expect((daemon as Error).message).toMatch(/exited with 1 before it was ready/);
    expect((daemon as Error).message).toMatch(/subscription 'paid' of topic 'orders-.*' .*do not match its configured filter.*manageEntities: true/);
  });
});
