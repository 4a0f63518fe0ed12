/**
 * The Dapr-compatible gRPC API of the built daemon, driven by the real Dapr JavaScript SDK over
 * gRPC: DaprClient publishes through dapr.proto.runtime.v1.Dapr, and DaprServer is a gRPC app
 * whose AppCallback lists its subscriptions and takes the events. The pub/sub scenarios are the
 * table both app transports run (pubsub-app.ts); what follows it is gRPC's own.
 */
import { DaprPubSubStatusEnum } from '@dapr/dapr';
import { credentials, makeGenericClientConstructor, Metadata, status, type Client, type ServiceError } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { loadDaprProtos } from '../../src/api/dapr/grpc/protos.js';
import { pubsubCases, usePubsubApp, type PubsubApp } from './pubsub-app.js';
import { until } from './support.js';

/** A plain grpc-js call to dapr.proto.runtime.v1.Dapr, for what the SDK does not show (or always sends). */
function rawCall<T>(app: PubsubApp, method: string, request: object, token: string | null = app.apiToken): Promise<T> {
  const Constructor = makeGenericClientConstructor(loadDaprProtos().dapr, 'Dapr');
  const raw = new Constructor(app.daprGrpcAddr, credentials.createInsecure()) as Client & Record<string, (r: object, m: Metadata, cb: (err: ServiceError | null, value: T) => void) => void>;
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

let bulkRetried = false;

const app = usePubsubApp('grpc', {
  appId: 'dapr-grpc-e2e',
  listedTopics: async (app) => (await rawCall<{ subscriptions: Array<{ topic: string }> }>(app, 'GetMetadata', {})).subscriptions.map((s) => s.topic),
  async subscribeMore({ server, pubsub, mine, received }) {
    received.bulk = [];
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
    return ['bulk-orders'];
  },
});

describe('dapr grpc - publish and subscribe with the Dapr SDK over gRPC', () => {
  pubsubCases(app);

  it('dapr grpc - bulk subscribe reaches the gRPC app through OnBulkTopicEventAlpha1, each entry settled by its own status', async () => {
    const { client, pubsub, run, received } = app;
    await client.pubsub.publishBulk(pubsub, 'bulk-orders', [11, 12, 13].map((n) => ({ run, n })));
    await until(() => received.bulk!, (list) => list.length >= 4);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(received.bulk!.map((r) => (r.data as { n: number }).n).sort()).toEqual([11, 12, 12, 13]);
  });

  it('dapr grpc - GetMetadata names the app, the pubsub and the subscriptions with their dead-letter topics', async () => {
    const doc = await app.client.metadata.get();
    expect(doc.id).toBe('dapr-grpc-e2e');
    expect(doc.components).toEqual([expect.objectContaining({ name: app.pubsub, type: 'pubsub.outrigger.embedded' })]);
    const raw = await rawCall<{ subscriptions: Array<{ topic: string; deadLetterTopic: string; type: string }> }>(app, 'GetMetadata', {});
    expect(raw.subscriptions.find((s) => s.topic === 'payments')).toMatchObject({ deadLetterTopic: 'payments-dead', type: 'PROGRAMMATIC' });
  });

  it('dapr grpc - a call without the Dapr API token is UNAUTHENTICATED; a method Outrigger does not offer is UNIMPLEMENTED', async () => {
    const { pubsub } = app;
    await expect(rawCall(app, 'PublishEvent', { pubsubName: pubsub, topic: 'orders', data: Buffer.from('{}') }, null)).rejects.toMatchObject({ code: status.UNAUTHENTICATED });
    await expect(rawCall(app, 'GetState', { storeName: 'state', key: 'k' })).rejects.toMatchObject({ code: status.UNIMPLEMENTED });
    await expect(rawCall(app, 'PublishEvent', { pubsubName: 'nope', topic: 'orders', data: Buffer.from('{}') })).rejects.toMatchObject({ code: status.NOT_FOUND });
  });

  it('dapr grpc - /v1/meta lists the Dapr subscriptions beside the configured ones', async () => {
    const meta = (await (await fetch(`${app.daemon.url}/v1/meta`)).json()) as { subscriptions: Array<{ name: string; state: string }> };
    expect(meta.subscriptions).toContainEqual(expect.objectContaining({ name: `dapr.${app.pubsub}.payments`, state: 'running' }));
  });
});
