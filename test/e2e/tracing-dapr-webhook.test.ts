/**
 * Tracing on the two listeners tracing.test.ts does not reach: a call on the Dapr-compatible gRPC
 * listener is an rpc server span, parent of the producer span, and a push from the Event Grid
 * webhook is the same push client span as any other (linked to the event's traceparent, with
 * its attempt), so the app continues it.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { credentials, makeGenericClientConstructor, Metadata, type Client, type ServiceError } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDaprProtos } from '../../src/api/dapr/grpc/protos.js';
import { cloudEvent, push } from '../infra/eventgrid-server/pusher.js';
import { startApp, type TestApp } from '../infra/helpers/app-server.js';
import { startDaemon, type RunningDaemon } from '../infra/helpers/daemon.js';
import { SpanKind, startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../infra/helpers/otlp-receiver.js';
import { freePort } from '../infra/helpers/ports.js';

const secret = 'a-webhook-secret-of-some-length';
const apiToken = `dapr-${randomUUID()}`;
let receiver: OtlpReceiver;
let app: TestApp;
let daemon: RunningDaemon;
let daprGrpcAddr: string;
let webhook: string;

beforeAll(async () => {
  [receiver, app] = await Promise.all([startOtlpReceiver(), startApp()]);
  const [daprHttpPort, daprGrpcPort, webhookPort] = await Promise.all([freePort(), freePort(), freePort()]);
  daprGrpcAddr = `127.0.0.1:${daprGrpcPort}`;
  webhook = `http://127.0.0.1:${webhookPort}/webhooks/storage-events`;
  daemon = await startDaemon({
    env: { OUTRIGGER_DAPR_HTTP_ADDR: `127.0.0.1:${daprHttpPort}`, OUTRIGGER_DAPR_GRPC_ADDR: daprGrpcAddr, OUTRIGGER_WEBHOOK_ADDR: `127.0.0.1:${webhookPort}` },
    config: {
      app: { id: 'traced', url: app.url },
      brokers: { local: { driver: 'embedded' } },
      dapr: { pubsubs: { bus: { broker: 'local' } }, apiToken },
      webhooks: { 'storage-events': { kind: 'eventgrid', secret } },
      subscriptions: [{ name: 'blobs', from: { webhook: 'storage-events' }, deliver: '/events' }],
      tracing: { endpoint: receiver.url, scheduledDelay: '100ms' },
    },
  });
}, 30_000);

afterAll(async () => {
  await daemon?.stop();
  await Promise.all([receiver?.close(), app?.close()]);
});

function newTrace(): { traceId: string; callerSpanId: string; traceparent: string } {
  const traceId = randomBytes(16).toString('hex');
  const callerSpanId = randomBytes(8).toString('hex');
  return { traceId, callerSpanId, traceparent: `00-${traceId}-${callerSpanId}-01` };
}

function one(spans: ReceivedSpan[], traceId: string, match: (span: ReceivedSpan) => boolean, what: string): ReceivedSpan {
  const found = spans.filter((span) => span.traceId === traceId && match(span));
  const names = spans.filter((span) => span.traceId === traceId).map((span) => `${span.name} (${span.kind})`);
  expect(found, `${what} in trace: ${names.join(', ')}`).toHaveLength(1);
  return found[0]!;
}

function daprCall(method: string, request: object, traceparent: string): Promise<unknown> {
  const Constructor = makeGenericClientConstructor(loadDaprProtos().dapr, 'Dapr');
  const raw = new Constructor(daprGrpcAddr, credentials.createInsecure()) as Client & Record<string, (r: object, m: Metadata, cb: (err: ServiceError | null, value: unknown) => void) => void>;
  const metadata = new Metadata();
  metadata.set('dapr-api-token', apiToken);
  metadata.set('traceparent', traceparent);
  return new Promise((resolve, reject) => {
    raw[method]!(request, metadata, (err, value) => {
      raw.close();
      if (err) reject(err);
      else resolve(value);
    });
  });
}

describe('tracing - Dapr gRPC and Event Grid webhook', () => {
  it('tracing - a Dapr gRPC PublishEvent is an rpc server span, parent of the producer span', async () => {
    const { traceId, callerSpanId, traceparent } = newTrace();
    await daprCall('PublishEvent', { pubsubName: 'bus', topic: 'orders', data: Buffer.from('{"n":1}'), dataContentType: 'application/json' }, traceparent);
    await receiver.waitFor((spans) => spans.some((span) => span.traceId === traceId && span.kind === SpanKind.server), 'the server span');
    const server = one(receiver.spans, traceId, (span) => span.kind === SpanKind.server, 'the Dapr gRPC server span');
    expect(server.parentSpanId).toBe(callerSpanId);
    expect(server.attributes).toMatchObject({ 'rpc.system': 'grpc', 'rpc.service': 'dapr.proto.runtime.v1.Dapr', 'rpc.method': 'PublishEvent' });
    await receiver.waitFor((spans) => spans.some((span) => span.traceId === traceId && span.kind === SpanKind.producer), 'the producer span');
    expect(one(receiver.spans, traceId, (span) => span.kind === SpanKind.producer, 'the producer span').parentSpanId).toBe(server.spanId);
  });

  it('tracing - an Event Grid webhook push is a push client span linked to the event\'s traceparent, with its attempt', async () => {
    const { traceId, callerSpanId, traceparent } = newTrace();
    const id = `traced-${randomUUID()}`;
    const answer = await push(webhook, { code: secret }, { schema: 'cloudevents', event: cloudEvent(id, 'Microsoft.Storage.BlobCreated', { id }, { traceparent }) }, 1);
    expect(answer.status).toBe(200);
    await receiver.waitFor((spans) => spans.some((span) => span.traceId === traceId && span.name === 'POST /events'), 'the push span');
    const pushed = one(receiver.spans, traceId, (span) => span.name === 'POST /events' && span.kind === SpanKind.client, 'the push span');
    expect(pushed.parentSpanId).toBe(callerSpanId);
    expect(pushed.links.map((link) => link.spanId)).toEqual([callerSpanId]);
    expect(pushed.attributes).toMatchObject({ 'outrigger.subscription': 'blobs', 'outrigger.delivery.attempt': 2, 'messaging.message.id': id, 'http.response.status_code': 200 });
    const delivered = app.received.find((r) => r.path === '/events' && r.headers['ce-id'] === id);
    expect(delivered?.headers.traceparent).toBe(`00-${traceId}-${pushed.spanId}-01`);
  });
});
