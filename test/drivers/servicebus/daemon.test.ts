/**
 * The built daemon on the Service Bus driver, end to end: commands and events in over HTTP, pushed
 * to a real app server, settled by its answers, dead letters listed through the API. The daemon is
 * a child process talking AMQP to the test broker running here.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deliveriesOf, startApp, type TestApp } from '../../infra/helpers/app-server.js';
import { postAccepted, startDaemon, type RunningDaemon } from '../../infra/helpers/daemon.js';
import { ServiceBusTestBroker, TEST_CERT_PATH } from '../../infra/servicebus-broker/broker.js';

let broker: ServiceBusTestBroker;
let app: TestApp;
let daemon: RunningDaemon;
const fast = { initialBackoff: '20ms', maxBackoff: '100ms' };
const work = `work-${randomUUID().slice(0, 8)}`;
const orders = `orders-${randomUUID().slice(0, 8)}`;
/** Commands land here and stay: nothing consumes it. */
const backlog = `backlog-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  broker = await ServiceBusTestBroker.start();
  broker.createQueue(work, { maxDeliveryCount: 10 });
  broker.createSubscription(orders, 'all-orders');
  broker.createQueue(backlog);
  app = await startApp();
  daemon = await startDaemon({
    config: {
      app: { id: 'sb-e2e', url: app.url },
      brokers: { bus: { driver: 'azure-servicebus', connectionString: '${SB}' } },
      queues: { [work]: { broker: 'bus', maxDeliveries: 3, lease: '5s' }, [backlog]: { broker: 'bus' } },
      topics: { [orders]: { broker: 'bus' } },
      subscriptions: [
        { name: 'work', from: { queue: work }, deliver: '/work', retry: fast, concurrency: 4 },
        { name: 'all-orders', from: { topic: orders }, deliver: '/all-orders', retry: fast },
      ],
    },
    // The depth gauges read the broker's HTTPS administration endpoint: the daemon trusts its test certificate.
    env: { SB: broker.connectionString, NODE_EXTRA_CA_CERTS: TEST_CERT_PATH },
  });
});

afterAll(async () => {
  await daemon?.stop();
  await app?.close();
  await broker?.stop();
});

beforeEach(() => {
  app.received.length = 0;
  app.respond = () => ({ status: 200 });
});

describe('servicebus through the daemon', () => {
  it('daemon - a command is pushed in CloudEvents binary mode and completed on 2xx', async () => {
    const id = await postAccepted(daemon, `/v1/command/${work}`, { task: 1 }, { 'ce-type': 'Work' });
    await app.waitFor((r) => deliveriesOf('/work', id)(r).length === 1);
    expect(deliveriesOf('/work', id)(app.received)[0]?.headers).toMatchObject({ 'ce-type': 'Work', 'ce-source': 'sb-e2e', 'outrigger-attempt': '1', 'content-type': 'application/json' });
    await app.waitFor(() => broker.queues.get(work)?.messages.length === 0);
  });

  it('daemon - a failing app gets maxDeliveries attempts, then the message is in the native dead-letter queue', async () => {
    app.respond = () => ({ status: 500 });
    const id = await postAccepted(daemon, `/v1/command/${work}`, { task: 2 });
    await app.waitFor((r) => deliveriesOf('/work', id)(r).length === 3);
    expect(deliveriesOf('/work', id)(app.received).map((r) => r.headers['outrigger-attempt'])).toEqual(['1', '2', '3']);
    let letters: { id: string; reason: string; attempts: number }[] = [];
    for (let i = 0; i < 100 && !letters.some((l) => l.id === id); i++) {
      const response = await fetch(`${daemon.url}/v1/deadletter/${work}`);
      expect(response.status).toBe(200);
      letters = (await response.json()) as typeof letters;
      if (!letters.some((l) => l.id === id)) await new Promise((resolve) => setTimeout(resolve, 30));
    }
    expect(letters.find((l) => l.id === id)).toMatchObject({ attempts: 3 });
    expect(broker.queues.get(work)?.deadLetter?.messages.length).toBeGreaterThanOrEqual(1);
  });

  it('daemon - a published event reaches the topic subscription', async () => {
    const id = await postAccepted(daemon, `/v1/publish/${orders}`, { order: 7 }, { 'ce-type': 'OrderCreated', 'ce-subject': 'orders/7' });
    await app.waitFor((r) => deliveriesOf('/all-orders', id)(r).length === 1);
    expect(deliveriesOf('/all-orders', id)(app.received)[0]?.headers).toMatchObject({ 'ce-type': 'OrderCreated', 'ce-subject': 'orders/7' });
  });

  it('daemon - ready while connected, and a metrics scrape reports queue depth from the administration API', async () => {
    expect((await fetch(`${daemon.adminUrl}/readyz`)).status).toBe(200);
    await postAccepted(daemon, `/v1/command/${backlog}`, { task: 1 });
    await postAccepted(daemon, `/v1/command/${backlog}`, { task: 2 });
    const metrics = await fetch(`${daemon.adminUrl}/metrics`);
    expect(metrics.status).toBe(200);
    const text = await metrics.text();
    expect(text).toContain(`outrigger_queue_depth{resource="${backlog}",state="ready"} 2`);
    expect(text).toContain(`outrigger_queue_depth{resource="${backlog}",state="in_flight"} 0`);
    // The failing-app case above left its message in the dead-letter sub-queue.
    expect(text).toMatch(new RegExp(`outrigger_queue_depth\\{resource="${work}",state="dead_lettered"\\} [1-9]`));
    expect(text).toContain('outrigger_queue_depth{resource="all-orders",state="dead_lettered"} 0');
    // What the driver recovers from by itself is counted, every event shown from the start.
    for (const event of ['message_locks_lost', 'leases_expired', 'session_locks_lost', 'receivers_stalled', 'receivers_replaced', 'server_busy']) {
      expect(text).toMatch(new RegExp(`outrigger_broker_events_total\\{broker="bus",event="${event}"\\} \\d+`));
    }
  });
});
