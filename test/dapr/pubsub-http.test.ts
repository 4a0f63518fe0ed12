/**
 * The Dapr-compatible HTTP API of the built daemon, driven by the real Dapr JavaScript SDK:
 * DaprClient publishes, DaprServer is the app with programmatic subscriptions.
 */
import { randomUUID } from 'node:crypto';
import { CommunicationProtocolEnum, DaprClient, DaprPubSubStatusEnum, DaprServer, LogLevel } from '@dapr/dapr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningDaemon } from '../infra/helpers/daemon.js';
import { freePort } from '../infra/helpers/ports.js';
import { until } from './support.js';

const pubsub = 'orders-bus';
const apiToken = `dapr-${randomUUID()}`;
const appToken = `app-${randomUUID()}`;
const run = randomUUID();

let daemon: RunningDaemon;
let daprUrl: string;
let client: DaprClient;
let server: DaprServer;

interface Received {
  data: unknown;
  headers: Record<string, unknown>;
}
const received: Record<string, Received[]> = { orders: [], retried: [], payments: [], dead: [], routedCreated: [], routedOther: [] };
let retryCalls = 0;

/** Only this run's events: the embedded broker file may hold leftovers of no one's. */
function mine(data: unknown): boolean {
  return typeof data === 'object' && data !== null && (data as { run?: string }).run === run;
}

function collect(into: Received[], status: DaprPubSubStatusEnum = DaprPubSubStatusEnum.SUCCESS) {
  return async (data: unknown, headers: object): Promise<DaprPubSubStatusEnum> => {
    if (mine(data)) into.push({ data, headers: headers as Record<string, unknown> });
    return status;
  };
}

async function metadata(): Promise<{ id: string; components: Array<{ name: string; type: string }>; subscriptions: Array<{ topic: string; deadLetterTopic: string }> }> {
  const response = await fetch(`${daprUrl}/v1.0/metadata`, { headers: { 'dapr-api-token': apiToken } });
  expect(response.status).toBe(200);
  return (await response.json()) as Awaited<ReturnType<typeof metadata>>;
}

beforeAll(async () => {
  const [daprPort, daprGrpcPort, appPort] = await Promise.all([freePort(), freePort(), freePort()]);
  daprUrl = `http://127.0.0.1:${daprPort}`;
  daemon = await startDaemon({
    env: { OUTRIGGER_DAPR_HTTP_ADDR: `127.0.0.1:${daprPort}`, OUTRIGGER_DAPR_GRPC_ADDR: `127.0.0.1:${daprGrpcPort}` },
    config: {
      app: { id: 'dapr-e2e', url: `http://127.0.0.1:${appPort}` },
      brokers: { local: { driver: 'embedded' } },
      dapr: { pubsubs: { [pubsub]: { broker: 'local' } }, apiToken, appToken },
    },
  });
  const clientOptions = { daprHost: '127.0.0.1', daprPort: String(daprPort), communicationProtocol: CommunicationProtocolEnum.HTTP, daprApiToken: apiToken, logger: { level: LogLevel.Error } };
  client = new DaprClient(clientOptions);
  server = new DaprServer({ serverHost: '127.0.0.1', serverPort: String(appPort), communicationProtocol: CommunicationProtocolEnum.HTTP, clientOptions, logger: { level: LogLevel.Error } });
  await server.pubsub.subscribe(pubsub, 'orders', collect(received.orders!));
  await server.pubsub.subscribe(pubsub, 'retried', async (data: unknown, headers: object) => {
    if (!mine(data)) return DaprPubSubStatusEnum.SUCCESS;
    received.retried!.push({ data, headers: headers as Record<string, unknown> });
    return ++retryCalls === 1 ? DaprPubSubStatusEnum.RETRY : DaprPubSubStatusEnum.SUCCESS;
  });
  await server.pubsub.subscribeWithOptions(pubsub, 'payments', { deadLetterTopic: 'payments-dead', callback: collect(received.payments!, DaprPubSubStatusEnum.DROP) });
  await server.pubsub.subscribe(pubsub, 'payments-dead', collect(received.dead!));
  await server.pubsub.subscribeWithOptions(pubsub, 'routed', {
    route: { rules: [{ match: 'event.type == "order.created" || event.type == "order.placed"', path: 'created' }], default: 'other' },
  });
  await server.pubsub.subscribeToRoute(pubsub, 'routed', 'created', collect(received.routedCreated!));
  await server.pubsub.subscribeToRoute(pubsub, 'routed', 'other', collect(received.routedOther!));
  await server.start();
  const listed = await until(metadata, (doc) => doc.subscriptions.length === 5);
  expect(listed.subscriptions.map((s) => s.topic).sort()).toEqual(['orders', 'payments', 'payments-dead', 'retried', 'routed']);
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await client?.stop();
  await daemon?.stop();
});

describe('dapr http - publish and subscribe with the Dapr SDK', () => {
  it('dapr http - a published object arrives at the programmatic subscription as a Dapr CloudEvent', async () => {
    const result = await client.pubsub.publish(pubsub, 'orders', { run, n: 1 });
    expect(result.error).toBeUndefined();
    const got = await until(() => received.orders!, (list) => list.length >= 1);
    expect(got.map((r) => r.data)).toEqual([{ run, n: 1 }]);
    expect(got[0]!.headers['dapr-api-token']).toBe(appToken);
  });

  it('dapr http - a bulk publish delivers every entry', async () => {
    const result = await client.pubsub.publishBulk(pubsub, 'orders', [{ run, n: 2 }, { run, n: 3 }]);
    expect(result.failedMessages).toEqual([]);
    const got = await until(() => received.orders!, (list) => list.length >= 3);
    expect(got.map((r) => (r.data as { n: number }).n).sort()).toEqual([1, 2, 3]);
  });

  it('dapr http - RETRY from the app redelivers the event, and SUCCESS settles it', async () => {
    await client.pubsub.publish(pubsub, 'retried', { run, n: 4 });
    const got = await until(() => received.retried!, (list) => list.length >= 2);
    expect(got.map((r) => r.data)).toEqual([{ run, n: 4 }, { run, n: 4 }]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(received.retried).toHaveLength(2);
  });

  it('dapr http - DROP from the app sends the event to the deadLetterTopic', async () => {
    await client.pubsub.publish(pubsub, 'payments', { run, n: 5 });
    const got = await until(() => received.dead!, (list) => list.length >= 1);
    expect(got.map((r) => r.data)).toEqual([{ run, n: 5 }]);
    expect(received.payments!.map((r) => r.data)).toEqual([{ run, n: 5 }]);
  });

  it('dapr http - routing rules choose the path by the event type, else the default route', async () => {
    const event = (type: string, n: number) => ({ specversion: '1.0', id: randomUUID(), source: 'test', type, datacontenttype: 'application/json', data: { run, n } });
    await client.pubsub.publish(pubsub, 'routed', event('order.placed', 6), { contentType: 'application/cloudevents+json' });
    await client.pubsub.publish(pubsub, 'routed', event('order.cancelled', 7), { contentType: 'application/cloudevents+json' });
    await until(() => received.routedCreated!.length + received.routedOther!.length, (count) => count >= 2);
    expect(received.routedCreated!.map((r) => r.data)).toEqual([{ run, n: 6 }]);
    expect(received.routedOther!.map((r) => r.data)).toEqual([{ run, n: 7 }]);
  });
});

describe('dapr http - what the sidecar answers', () => {
  it('dapr http - health answers 204 without a token, and metadata lists the pubsub as a component', async () => {
    expect((await fetch(`${daprUrl}/v1.0/healthz`)).status).toBe(204);
    expect((await fetch(`${daprUrl}/v1.0/healthz/outbound`)).status).toBe(204);
    const doc = await metadata();
    expect(doc.id).toBe('dapr-e2e');
    expect(doc.components).toEqual([expect.objectContaining({ name: pubsub, type: 'pubsub.outrigger.embedded' })]);
    expect(doc.subscriptions.find((s) => s.topic === 'payments')?.deadLetterTopic).toBe('payments-dead');
  });

  it('dapr http - errors come in Dapr shape: unknown pubsub, missing token', async () => {
    const unknown = await fetch(`${daprUrl}/v1.0/publish/nope/orders`, { method: 'POST', body: '{}', headers: { 'dapr-api-token': apiToken, 'content-type': 'application/json' } });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toEqual({ errorCode: 'ERR_PUBSUB_NOT_FOUND', message: expect.stringContaining('nope') });
    const anonymous = await fetch(`${daprUrl}/v1.0/publish/${pubsub}/orders`, { method: 'POST', body: '{}' });
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { errorCode: string }).errorCode).toBe('ERR_UNAUTHORIZED');
  });

  it('dapr http - a raw payload is published as it is, with a time-to-live', async () => {
    const response = await fetch(`${daprUrl}/v1.0/publish/${pubsub}/orders?metadata.rawPayload=true&metadata.ttlInSeconds=60`, {
      method: 'POST',
      body: JSON.stringify({ run, n: 8 }),
      headers: { 'dapr-api-token': apiToken, 'content-type': 'application/json' },
    });
    expect(response.status).toBe(204);
    const got = await until(() => received.orders!, (list) => list.some((r) => (r.data as { n: number }).n === 8));
    expect(got.map((r) => r.data)).toContainEqual({ run, n: 8 });
  });
});
