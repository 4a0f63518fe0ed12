/**
 * The built daemon on the Event Grid driver, end to end: events published over the HTTP API to a
 * custom topic (single and batch), a throttled publish retried by the broker policy, the 1 MB
 * limit, a namespace topic's subscription pushed to a real app and acknowledged, and another
 * consumed over gRPC Consume with the lock tokens behind its tags. The daemon
 * is a child process talking HTTP to our Event Grid test server running here.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deliveriesOf, startApp, type TestApp } from '../../infra/helpers/app-server.js';
import { ConsumeSession } from '../../infra/helpers/consume-client.js';
import { grpcClients } from '../../infra/helpers/grpc.js';
import { postAccepted, startDaemon, type RunningDaemon } from '../../infra/helpers/daemon.js';
import { startEventGridServer, type EventGridServer } from '../../infra/eventgrid-server/server.js';

let server: EventGridServer;
let app: TestApp;
let daemon: RunningDaemon;

beforeAll(async () => {
  [server, app] = await Promise.all([startEventGridServer(), startApp()]);
  daemon = await startDaemon({
    config: {
      app: { id: 'eg-e2e', url: app.url },
      defaultBroker: 'grid',
      brokers: {
        grid: { driver: 'azure-eventgrid', endpoint: server.topicEndpoint('orders'), key: '${EVENTGRID_KEY}', policy: 'patient' },
        ns: { driver: 'azure-eventgrid', namespaceEndpoint: server.url, key: '${EVENTGRID_KEY}' },
      },
      policies: { patient: { retry: { maxAttempts: 3, initialBackoff: '10ms', maxBackoff: '2s' } } },
      topics: { orders: { broker: 'grid' }, shipments: { broker: 'ns' }, returns: { broker: 'ns' } },
      subscriptions: [
        { name: 'ship', from: { topic: 'shipments' }, deliver: '/ship' },
        // No deliver: consumed over gRPC.
        { name: 'returns-pull', from: { topic: 'returns' } },
      ],
    },
    env: { EVENTGRID_KEY: server.key },
  });
}, 30_000);
afterAll(async () => {
  await daemon?.stop();
  await Promise.all([app?.close(), server?.close()]);
});
beforeEach(() => {
  server.faults.clear();
  app.received.length = 0;
});

describe('event grid through the daemon', () => {
  it('daemon - a publish reaches the custom topic as a CloudEvent with the app as source', async () => {
    const id = await postAccepted(daemon, '/v1/publish/orders', { order: 1 }, { 'ce-type': 'OrderCreated', 'ce-subject': 'orders/1' });
    const event = server.topics.events.get('orders')!.find((e) => e.event['id'] === id);
    expect(event?.event).toMatchObject({ specversion: '1.0', type: 'OrderCreated', source: 'eg-e2e', subject: 'orders/1', data: { order: 1 } });
  });

  it('daemon - a batch publish is accepted whole', async () => {
    const response = await fetch(`${daemon.url}/v1/publish/orders/batch`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([1, 2, 3].map((n) => ({ specversion: '1.0', id: `batch-${n}`, source: 'test', type: 'OrderCreated', data: { n } }))),
    });
    expect(response.status).toBe(202);
    expect(server.topics.events.get('orders')!.map((e) => e.event['id'])).toEqual(expect.arrayContaining(['batch-1', 'batch-2', 'batch-3']));
  });

  it('daemon - a throttled publish (429, then 503) is retried by the broker policy and accepted', async () => {
    const before = server.faults.calls.get('publish') ?? 0;
    server.faults.refuseNext(1, 429, { retryAfterSeconds: 1 });
    server.faults.refuseNext(1, 503, { retryAfterSeconds: 1 });
    const id = await postAccepted(daemon, '/v1/publish/orders', { order: 2 }, { 'ce-type': 'OrderCreated' });
    expect(server.topics.events.get('orders')!.some((e) => e.event['id'] === id)).toBe(true);
    // The two refused requests never reached the route counter: only the accepted one did.
    expect((server.faults.calls.get('publish') ?? 0) - before).toBe(1);
  });

  it('daemon - an event over 1 MB as Event Grid JSON is 413 naming the limit', async () => {
    const response = await fetch(`${daemon.url}/v1/publish/orders`, { method: 'POST', headers: { 'content-type': 'text/plain', 'ce-type': 'Big' }, body: 'x'.repeat(1_048_500) });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ code: 'payload_too_large', limit: 1_048_576 });
  });

  it('daemon - a namespace topic subscription is pushed to the app and acknowledged', async () => {
    const id = await postAccepted(daemon, '/v1/publish/shipments', { parcel: 7 }, { 'ce-type': 'Shipped' });
    await app.waitFor((r) => deliveriesOf('/ship', id)(r).length === 1, 15_000);
    expect(deliveriesOf('/ship', id)(app.received)[0]).toMatchObject({ headers: { 'ce-type': 'Shipped', 'ce-source': 'eg-e2e', 'outrigger-attempt': '1' }, body: '{"parcel":7}' });
  });

  it('daemon - a namespace subscription without deliver is consumed over gRPC: nack redelivers, ack settles', async () => {
    const clients = grpcClients(daemon.grpcAddr);
    const session = new ConsumeSession(clients, { subscription: 'returns-pull', maxInFlight: 4 });
    try {
      expect(await session.subscribed).toMatchObject({ sourceKind: 'topic', name: 'returns-pull' });
      const id = await postAccepted(daemon, '/v1/publish/returns', { parcel: 9 }, { 'ce-type': 'Returned' });
      await session.waitFor(() => session.deliveries.some((d) => d.id === id), 'the event', 20_000);
      const first = session.deliveries.find((d) => d.id === id)!;
      expect(first).toMatchObject({ attempt: 1, type: 'Returned' });
      session.nack(first.tag);
      await session.waitFor(() => session.deliveries.filter((d) => d.id === id).length === 2, 'its redelivery', 20_000);
      const again = session.deliveries.filter((d) => d.id === id)[1]!;
      expect(again.attempt).toBe(2);
      session.ack(again.tag);
      session.end();
      await session.ended;
      expect(session.settleFailures).toEqual([]);
    } finally {
      session.cancel();
      clients.close();
    }
  });
});
