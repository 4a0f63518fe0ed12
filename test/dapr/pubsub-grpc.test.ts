/**
 * The Dapr-compatible gRPC API of the built daemon, driven by the real Dapr JavaScript SDK over
 * gRPC: DaprClient publishes through dapr.proto.runtime.v1.Dapr, and DaprServer is a gRPC app
 * whose AppCallback lists its subscriptions and takes the events.
 */
import { randomUUID } from 'node:crypto';
import { CommunicationProtocolEnum, DaprClient, DaprPubSubStatusEnum, DaprServer, LogLevel } from '@dapr/dapr';
import { credentials, makeGenericClientConstructor, Metadata, status, type Client, type ServiceError } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDaemon, type RunningDaemon } from '../infra/helpers/daemon.js';
import { freePort } from '../infra/helpers/ports.js';
import { loadDaprProtos } from '../../src/api/dapr/grpc/protos.js';
import { until } from './support.js';

const pubsub = 'orders-bus';
const apiToken = `dapr-${randomUUID()}`;
const appToken = `app-${randomUUID()}`;
const run = randomUUID();

let daemon: RunningDaemon;
let daprGrpcAddr: string;
let client: DaprClient;
let server: DaprServer;

interface Received {
  data: unknown;
  headers: Record<string, unknown>;
}
const received: Record<string, Received[]> = { orders: [], retried: [], payments: [], dead: [], routedCreated: [], routedOther: [], bulk: [] };
let bulkRetried = false;
let retryCalls = 0;

function mine(data: unknown): boolean {
  return typeof data === 'object' && data !== null && (data as { run?: string }).run === run;
}

function collect(into: Received[], status: DaprPubSubStatusEnum = DaprPubSubStatusEnum.SUCCESS) {
  return async (data: unknown, headers: object): Promise<DaprPubSubStatusEnum> => {
    if (mine(data)) into.push({ data, headers: headers as Record<string, unknown> });
    return status;
  };
}

beforeAll(async () => {
  const [daprHttpPort, daprGrpcPort, appPort] = await Promise.all([freePort(), freePort(), freePort()]);
  daprGrpcAddr = `127.0.0.1:${daprGrpcPort}`;
  daemon = await startDaemon({
    env: { OUTRIGGER_DAPR_HTTP_ADDR: `127.0.0.1:${daprHttpPort}`, OUTRIGGER_DAPR_GRPC_ADDR: `127.0.0.1:${daprGrpcPort}` },
    config: {
      app: { id: 'dapr-grpc-e2e', url: `http://127.0.0.1:${appPort}` },
      brokers: { local: { driver: 'embedded' } },
      dapr: { pubsubs: { [pubsub]: { broker: 'local' } }, apiToken, appToken, appProtocol: 'grpc' },
    },
  });
  const clientOptions = { daprHost: '127.0.0.1', daprPort: String(daprGrpcPort), communicationProtocol: CommunicationProtocolEnum.GRPC, daprApiToken: apiToken, logger: { level: LogLevel.Error } };
  client = new DaprClient(clientOptions);
  server = new DaprServer({ serverHost: '127.0.0.1', serverPort: String(appPort), communicationProtocol: CommunicationProtocolEnum.GRPC, clientOptions, logger: { level: LogLevel.Error } });
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
  await server.pubsub.subscribeBulk(
    pubsub,
    'bulk-orders',
    async (data: unknown, headers: object) => {
      if (!mine(data)) return DaprPubSubStatusEnum.SUCCESS;
      received.bulk!.push({ data, headers: headers as Record<string, unknown> });
      if ((data as { n: number }).n === 12 && !bulkRetried) {
        bulkRetried = true;
        return DaprPubSubStatusEnum.RETRY;
      }
      return DaprPubSubStatusEnum.SUCCESS;
    },
    { maxMessagesCount: 3, maxAwaitDurationMs: 200 },
  );
  await server.start();
  const listed = await until(() => rawCall<{ subscriptions: Array<{ topic: string }> }>('GetMetadata', {}), (doc) => doc.subscriptions.length === 6);
  expect(listed.subscriptions.map((s) => s.topic).sort()).toEqual(['bulk-orders', 'orders', 'payments', 'payments-dead', 'retried', 'routed']);
}, 60_000);

/** A plain grpc-js call to dapr.proto.runtime.v1.Dapr, for what the SDK does not show (or always sends). */
function rawCall<T>(method: string, request: object, token: string | null = apiToken): Promise<T> {
  const Constructor = makeGenericClientConstructor(loadDaprProtos().dapr, 'Dapr');
  const raw = new Constructor(daprGrpcAddr, credentials.createInsecure()) as Client & Record<string, (r: object, m: Metadata, cb: (err: ServiceError | null, value: T) => void) => void>;
  const metadata = new Metadata();
  if (token !== null) metadata.set('dapr-api-token', token);
  return new Promise<T>((resolve, reject) => {
    raw[method]!(request, metadata, (err, value) => {
      raw.close();
      if (err !== null) reject(err);
      else resolve(value);
    });
  });
}

afterAll(async () => {
  await server?.stop();
  await client?.stop();
  await daemon?.stop();
});

describe('dapr grpc - publish and subscribe with the Dapr SDK over gRPC', () => {
  it('dapr grpc - a published object reaches the gRPC app through OnTopicEvent, with the app token', async () => {
    await client.pubsub.publish(pubsub, 'orders', { run, n: 1 });
    const got = await until(() => received.orders!, (list) => list.length >= 1);
    expect(got.map((r) => r.data)).toEqual([{ run, n: 1 }]);
    expect(got[0]!.headers['dapr-api-token']).toBe(appToken);
  });

  it('dapr grpc - a bulk publish delivers every entry', async () => {
    const result = await client.pubsub.publishBulk(pubsub, 'orders', [{ run, n: 2 }, { run, n: 3 }]);
    expect(result.failedMessages).toEqual([]);
    const got = await until(() => received.orders!, (list) => list.length >= 3);
    expect(got.map((r) => (r.data as { n: number }).n).sort()).toEqual([1, 2, 3]);
  });

  it('dapr grpc - RETRY from the app redelivers the event, and SUCCESS settles it', async () => {
    await client.pubsub.publish(pubsub, 'retried', { run, n: 4 });
    const got = await until(() => received.retried!, (list) => list.length >= 2);
    expect(got.map((r) => r.data)).toEqual([{ run, n: 4 }, { run, n: 4 }]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(received.retried).toHaveLength(2);
  });

  it('dapr grpc - DROP from the app sends the event to the deadLetterTopic', async () => {
    await client.pubsub.publish(pubsub, 'payments', { run, n: 5 });
    const got = await until(() => received.dead!, (list) => list.length >= 1);
    expect(got.map((r) => r.data)).toEqual([{ run, n: 5 }]);
    expect(received.payments!.map((r) => r.data)).toEqual([{ run, n: 5 }]);
  });

  it('dapr grpc - routing rules choose the path by the event type, else the default route', async () => {
    const event = (type: string, n: number) => ({ specversion: '1.0', id: randomUUID(), source: 'test', type, datacontenttype: 'application/json', data: { run, n } });
    await client.pubsub.publish(pubsub, 'routed', event('order.placed', 6), { contentType: 'application/cloudevents+json' });
    await client.pubsub.publish(pubsub, 'routed', event('order.cancelled', 7), { contentType: 'application/cloudevents+json' });
    await until(() => received.routedCreated!.length + received.routedOther!.length, (count) => count >= 2);
    expect(received.routedCreated!.map((r) => r.data)).toEqual([{ run, n: 6 }]);
    expect(received.routedOther!.map((r) => r.data)).toEqual([{ run, n: 7 }]);
  });

  it('dapr grpc - bulk subscribe reaches the gRPC app through OnBulkTopicEventAlpha1, each entry settled by its own status', async () => {
    await client.pubsub.publishBulk(pubsub, 'bulk-orders', [11, 12, 13].map((n) => ({ run, n })));
    await until(() => received.bulk!, (list) => list.length >= 4);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(received.bulk!.map((r) => (r.data as { n: number }).n).sort()).toEqual([11, 12, 12, 13]);
  });

  it('dapr grpc - GetMetadata names the app, the pubsub and the subscriptions with their dead-letter topics', async () => {
    const doc = await client.metadata.get();
    expect(doc.id).toBe('dapr-grpc-e2e');
    expect(doc.components).toEqual([expect.objectContaining({ name: pubsub, type: 'pubsub.outrigger.embedded' })]);
    const raw = await rawCall<{ subscriptions: Array<{ topic: string; deadLetterTopic: string; type: string }> }>('GetMetadata', {});
    expect(raw.subscriptions.find((s) => s.topic === 'payments')).toMatchObject({ deadLetterTopic: 'payments-dead', type: 'PROGRAMMATIC' });
  });

  it('dapr grpc - a call without the Dapr API token is UNAUTHENTICATED; a method Outrigger does not offer is UNIMPLEMENTED', async () => {
    await expect(rawCall('PublishEvent', { pubsubName: pubsub, topic: 'orders', data: Buffer.from('{}') }, null)).rejects.toMatchObject({ code: status.UNAUTHENTICATED });
    await expect(rawCall('GetState', { storeName: 'state', key: 'k' })).rejects.toMatchObject({ code: status.UNIMPLEMENTED });
    await expect(rawCall('PublishEvent', { pubsubName: 'nope', topic: 'orders', data: Buffer.from('{}') })).rejects.toMatchObject({ code: status.NOT_FOUND });
  });

  it('dapr grpc - /v1/meta lists the Dapr subscriptions beside the configured ones', async () => {
    const meta = (await (await fetch(`${daemon.url}/v1/meta`)).json()) as { subscriptions: Array<{ name: string; state: string }> };
    expect(meta.subscriptions).toContainEqual(expect.objectContaining({ name: `dapr.${pubsub}.payments`, state: 'running' }));
  });
});
