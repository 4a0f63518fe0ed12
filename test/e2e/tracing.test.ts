/**
 * Tracing end to end: the built daemon exports its spans over OTLP/HTTP to a real receiver
 * (test/infra/helpers/otlp-receiver.ts), and each hop is a span in the caller's trace with the
 * parent, child and link structure the OpenTelemetry conventions describe. A collector that
 * refuses or hangs costs spans (counted), never messages. With tracing off, no OpenTelemetry SDK
 * module is even loaded.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveriesOf, startApp, type TestApp } from '../infra/helpers/app-server.js';
import { ConsumeSession } from '../infra/helpers/consume-client.js';
import { postAccepted, startDaemon, type RunningDaemon } from '../infra/helpers/daemon.js';
import { grpcClients, type GrpcClients } from '../infra/helpers/grpc.js';
import { SpanKind, startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../infra/helpers/otlp-receiver.js';
import { startTargetServer, type TargetServer } from '../infra/helpers/target-server.js';
import { tempDir } from '../infra/helpers/temp-dir.js';

const hook = pathToFileURL(fileURLToPath(new URL('../infra/fixtures/module-log-hook.mjs', import.meta.url))).href;
const fast = { initialBackoff: '50ms', maxBackoff: '200ms' };

let receiver: OtlpReceiver;
let app: TestApp;
let target: TargetServer;
let daemon: RunningDaemon;
let clients: GrpcClients;
const others: RunningDaemon[] = [];
const extraReceivers: OtlpReceiver[] = [];

beforeAll(async () => {
  [receiver, app, target] = await Promise.all([startOtlpReceiver(), startApp(), startTargetServer()]);
  daemon = await startDaemon({
    config: {
      app: { id: 'shop', url: app.url },
      queues: { jobs: {}, 'pricing-requests': {} },
      topics: { orders: {} },
      policies: { retrying: { retry: { maxAttempts: 3, initialBackoff: '10ms', maxBackoff: '50ms' }, circuitBreaker: { consecutiveFailures: 1000 } }, once: { retry: { maxAttempts: 1 } } },
      targets: {
        flaky: { via: 'http', url: target.url, policy: 'retrying' },
        pricing: { via: 'queue', queue: 'pricing-requests', timeout: '10s', policy: 'once' },
      },
      subscriptions: [
        { name: 'billing', from: { topic: 'orders' }, deliver: '/orders', retry: fast },
        { name: 'pricing', from: { queue: 'pricing-requests' }, deliver: '/api', serve: true, timeout: '10s' },
      ],
      tracing: { endpoint: receiver.url, scheduledDelay: '100ms' },
    },
  });
  clients = grpcClients(daemon.grpcAddr);
});

afterAll(async () => {
  clients?.close();
  await Promise.all([daemon, ...others].map((d) => d?.stop()));
  await Promise.all([receiver, app, target, ...extraReceivers].map((s) => s?.close()));
});

function newTrace(sampled = true): { traceId: string; callerSpanId: string; traceparent: string } {
  const traceId = randomBytes(16).toString('hex');
  const callerSpanId = randomBytes(8).toString('hex');
  return { traceId, callerSpanId, traceparent: `00-${traceId}-${callerSpanId}-${sampled ? '01' : '00'}` };
}

/** The one span of the trace that matches; fails naming what the trace holds. */
function one(spans: ReceivedSpan[], traceId: string, match: (span: ReceivedSpan) => boolean, what: string): ReceivedSpan {
  const found = spans.filter((span) => span.traceId === traceId && match(span));
  const names = spans.filter((span) => span.traceId === traceId).map((span) => `${span.name} (${span.kind})`);
  expect(found, `${what} in trace: ${names.join(', ')}`).toHaveLength(1);
  return found[0]!;
}

const named = (name: string, kind: number) => (span: ReceivedSpan) => span.name === name && span.kind === kind;
const inTrace = (traceId: string, match: (span: ReceivedSpan) => boolean) => (spans: ReceivedSpan[]) => spans.some((span) => span.traceId === traceId && match(span));

describe('tracing - spans per hop, exported over OTLP/HTTP', () => {
  it('tracing - publish → push: server, producer, receive, push (linked to the producer) and ack spans in the caller\'s trace', async () => {
    const { traceId, callerSpanId, traceparent } = newTrace();
    const id = await postAccepted(daemon, '/v1/publish/orders', { order: 1 }, { 'ce-type': 'OrderCreated', traceparent });
    await app.waitFor((received) => deliveriesOf('/orders', id)(received).length === 1);
    await receiver.waitFor(inTrace(traceId, (span) => span.name.startsWith('ack ')), 'ack span');
    const spans = receiver.spans;

    const server = one(spans, traceId, named('POST /v1/publish/{name}', SpanKind.server), 'the API request');
    expect(server.parentSpanId).toBe(callerSpanId);
    expect(server.attributes).toMatchObject({ 'http.request.method': 'POST', 'http.route': '/v1/publish/{name}', 'http.response.status_code': 202 });
    const producer = one(spans, traceId, named('publish orders', SpanKind.producer), 'the producer span');
    expect(producer.parentSpanId).toBe(server.spanId);
    expect(producer.attributes).toMatchObject({ 'messaging.system': 'embedded', 'messaging.destination.name': 'orders', 'messaging.operation.type': 'send', 'messaging.message.id': id });
    const push = one(spans, traceId, named('POST /orders', SpanKind.client), 'the push');
    expect(push.parentSpanId).toBe(producer.spanId);
    expect(push.links.map((link) => link.spanId)).toEqual([producer.spanId]);
    expect(push.attributes).toMatchObject({ 'outrigger.delivery.attempt': 1, 'outrigger.subscription': 'billing', 'http.response.status_code': 200, 'messaging.message.id': id });
    const receive = one(spans, traceId, (span) => span.name.startsWith('receive orders') && span.kind === SpanKind.consumer, 'the receive span');
    expect(receive.parentSpanId).toBe(producer.spanId);
    const ack = one(spans, traceId, (span) => span.name.startsWith('ack orders'), 'the ack span');
    expect(ack.parentSpanId).toBe(receive.spanId);
    expect(ack.attributes).toMatchObject({ 'messaging.operation.type': 'settle' });
    // The app continues the push span.
    expect(deliveriesOf('/orders', id)(app.received)[0]!.headers.traceparent).toBe(`00-${traceId}-${push.spanId}-01`);
    expect(server.resource).toMatchObject({ 'service.name': 'shop' });
  });

  it('tracing - a retried push is a second client span with its attempt number, both linked to the producer', async () => {
    const { traceId, traceparent } = newTrace();
    let calls = 0;
    app.respond = (request) => (request.path === '/orders' && calls++ === 0 ? { status: 503 } : { status: 200 });
    try {
      const id = await postAccepted(daemon, '/v1/publish/orders', { order: 2 }, { traceparent });
      await app.waitFor((received) => deliveriesOf('/orders', id)(received).length === 2);
      await receiver.waitFor((spans) => spans.filter((span) => span.traceId === traceId && span.name === 'POST /orders').length === 2, 'two push spans');
    } finally {
      app.respond = () => ({ status: 200 });
    }
    const producer = one(receiver.spans, traceId, named('publish orders', SpanKind.producer), 'the producer span');
    const pushes = receiver.spans.filter((span) => span.traceId === traceId && span.name === 'POST /orders').sort((a, b) => Number(a.attributes['outrigger.delivery.attempt']) - Number(b.attributes['outrigger.delivery.attempt']));
    expect(pushes.map((push) => [push.attributes['outrigger.delivery.attempt'], push.attributes['http.response.status_code'], push.statusCode])).toEqual([[1, 503, 2], [2, 200, 0]]);
    for (const push of pushes) expect(push.links.map((link) => link.spanId)).toEqual([producer.spanId]);
  });

  it('tracing - command → gRPC Consume: the consumer continues the producer\'s trace and the ack hangs off the receive', async () => {
    const { traceId, callerSpanId, traceparent } = newTrace();
    const id = await postAccepted(daemon, '/v1/command/jobs', { job: 1 }, { traceparent });
    const session = new ConsumeSession(clients, { queue: 'jobs', maxInFlight: 1 });
    await session.subscribed;
    await session.waitFor(() => session.deliveries.length === 1, 'the delivery');
    session.ack(session.deliveries[0]!.tag);
    await receiver.waitFor(inTrace(traceId, (span) => span.name === 'ack jobs'), 'ack span');
    session.end();

    const server = one(receiver.spans, traceId, named('POST /v1/command/{name}', SpanKind.server), 'the API request');
    expect(server.parentSpanId).toBe(callerSpanId);
    const producer = one(receiver.spans, traceId, named('send jobs', SpanKind.producer), 'the producer span');
    expect([producer.parentSpanId, producer.attributes['messaging.message.id']]).toEqual([server.spanId, id]);
    const receive = one(receiver.spans, traceId, named('receive jobs', SpanKind.consumer), 'the receive span');
    expect(receive.parentSpanId).toBe(producer.spanId);
    expect(receive.links.map((link) => link.spanId)).toEqual([producer.spanId]);
    const ack = one(receiver.spans, traceId, named('ack jobs', SpanKind.client), 'the ack span');
    expect(ack.parentSpanId).toBe(receive.spanId);
  });

  it('tracing - a gRPC call is a server span continuing the traceparent metadata', async () => {
    const { traceId, callerSpanId, traceparent } = newTrace();
    const { Metadata } = await import('@grpc/grpc-js');
    const metadata = new Metadata();
    metadata.set('traceparent', traceparent);
    await new Promise<void>((resolve, reject) =>
      clients.command.SendCommand({ queue: 'jobs', event: { data: Buffer.from('grpc') } }, metadata, (err: Error | null) => (err ? reject(err) : resolve())),
    );
    await receiver.waitFor(inTrace(traceId, (span) => span.kind === SpanKind.producer), 'producer span');
    const server = one(receiver.spans, traceId, (span) => span.kind === SpanKind.server, 'the gRPC server span');
    expect(server.parentSpanId).toBe(callerSpanId);
    expect(server.attributes).toMatchObject({ 'rpc.system': 'grpc', 'rpc.service': 'outrigger.v1.CommandService', 'rpc.method': 'SendCommand' });
    expect(one(receiver.spans, traceId, named('send jobs', SpanKind.producer), 'the producer').parentSpanId).toBe(server.spanId);
  });

  it('tracing - a query that is retried: a client span per attempt under the query span, the retry as an event', async () => {
    const { traceId, callerSpanId, traceparent } = newTrace();
    target.requests.length = 0;
    target.behave = (_request, index) => (index === 0 ? { kind: 'answer', status: 503 } : { kind: 'echo' });
    const response = await fetch(`${daemon.url}/v1/query/flaky/items/1`, { headers: { traceparent } });
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    await receiver.waitFor(inTrace(traceId, (span) => span.kind === SpanKind.server), 'server span');

    const server = one(receiver.spans, traceId, (span) => span.kind === SpanKind.server, 'the API request');
    expect(server.parentSpanId).toBe(callerSpanId);
    const query = one(receiver.spans, traceId, named('query flaky', SpanKind.internal), 'the query span');
    expect(query.parentSpanId).toBe(server.spanId);
    expect(query.events.map((event) => event.name)).toContain('retry');
    expect(query.events.find((event) => event.name === 'retry')!.attributes).toMatchObject({ 'outrigger.retry.reason': '503', 'outrigger.attempt': 1 });
    const attempts = receiver.spans.filter((span) => span.traceId === traceId && span.kind === SpanKind.client).sort((a, b) => Number(a.attributes['outrigger.attempt']) - Number(b.attributes['outrigger.attempt']));
    expect(attempts.map((span) => [span.name, span.parentSpanId, span.attributes['outrigger.attempt'], span.attributes['http.response.status_code']])).toEqual([
      ['GET', query.spanId, 1, 503],
      ['GET', query.spanId, 2, 200],
    ]);
    expect(attempts[1]!.attributes['http.request.resend_count']).toBe(1);
    // Each attempt carries its own span's context to the target.
    expect(target.requests.map((request) => request.headers.traceparent)).toEqual(attempts.map((span) => `00-${traceId}-${span.spanId}-01`));
  });

  it('tracing - request/reply over a queue is one trace from the caller to the responder and back', async () => {
    const { traceId, traceparent } = newTrace();
    const response = await fetch(`${daemon.url}/v1/query/pricing/quote`, { headers: { traceparent } });
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    await receiver.waitFor(inTrace(traceId, (span) => span.kind === SpanKind.server), 'server span');
    await receiver.waitFor(inTrace(traceId, (span) => span.kind === SpanKind.consumer && span.name.startsWith('receive outrigger.replies')), 'the reply\'s receive span');

    const server = one(receiver.spans, traceId, (span) => span.kind === SpanKind.server, 'the API request');
    const query = one(receiver.spans, traceId, named('query pricing', SpanKind.internal), 'the query span');
    const attempt = one(receiver.spans, traceId, (span) => span.kind === SpanKind.client && span.parentSpanId === query.spanId, 'the attempt');
    const request = one(receiver.spans, traceId, named('send pricing-requests', SpanKind.producer), 'the request message');
    const push = one(receiver.spans, traceId, named('POST /api', SpanKind.client), 'the push to the responder');
    const reply = one(receiver.spans, traceId, (span) => span.kind === SpanKind.producer && span.name.startsWith('send outrigger.replies'), 'the reply message');
    const replyReceived = one(receiver.spans, traceId, (span) => span.kind === SpanKind.consumer && span.name.startsWith('receive outrigger.replies'), 'the reply received');
    expect(query.parentSpanId).toBe(server.spanId);
    expect(request.parentSpanId).toBe(attempt.spanId);
    expect(push.parentSpanId).toBe(request.spanId);
    expect(push.links.map((link) => link.spanId)).toEqual([request.spanId]);
    expect(reply.parentSpanId).toBe(push.spanId);
    expect(replyReceived.parentSpanId).toBe(reply.spanId);
    const served = app.received.filter((r) => r.path === '/api/quote').at(-1)!;
    expect(served.headers.traceparent).toBe(`00-${traceId}-${push.spanId}-01`);
  });

  it('tracing - parent-based sampling keeps the caller\'s "not sampled": no spans, the trace still carried', async () => {
    const { traceId, traceparent } = newTrace(false);
    const id = await postAccepted(daemon, '/v1/publish/orders', { order: 3 }, { traceparent });
    await app.waitFor((received) => deliveriesOf('/orders', id)(received).length === 1);
    const marker = newTrace();
    await postAccepted(daemon, '/v1/publish/orders', { order: 4 }, { traceparent: marker.traceparent });
    await receiver.waitFor(inTrace(marker.traceId, (span) => span.name.startsWith('ack ')), 'a later trace');
    expect(receiver.spans.filter((span) => span.traceId === traceId)).toEqual([]);
    expect(deliveriesOf('/orders', id)(app.received)[0]!.headers.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-00$`));
  });
});

describe('tracing - a broken collector costs spans, never messages', () => {
  for (const mode of ['fail', 'hang'] as const) {
    it(`tracing - a collector that ${mode === 'fail' ? 'refuses every export' : 'never answers'}: every message is delivered and the dropped spans are counted`, async () => {
      const broken = await startOtlpReceiver();
      extraReceivers.push(broken);
      broken.mode = mode;
      const pushApp = await startApp();
      try {
        const sidecar = await startDaemon({
          config: {
            app: { id: 'broken', url: pushApp.url },
            queues: { work: {} },
            subscriptions: [{ name: 'work', from: { queue: 'work' }, deliver: '/work', concurrency: 8 }],
            tracing: { endpoint: broken.url, scheduledDelay: '50ms', maxQueueSize: 8, maxExportBatchSize: 4, exportTimeout: mode === 'hang' ? '30s' : '2s' },
          },
        });
        others.push(sidecar);
        const ids: string[] = [];
        for (let i = 0; i < 40; i++) ids.push(await postAccepted(sidecar, '/v1/command/work', { i }));
        await pushApp.waitFor((received) => ids.every((id) => deliveriesOf('/work', id)(received).length >= 1), 15_000);
        const reason = mode === 'fail' ? 'export_failed' : 'queue_full';
        let dropped = 0;
        const deadline = Date.now() + 10_000;
        while (dropped === 0 && Date.now() < deadline) {
          const text = await (await fetch(`${sidecar.adminUrl}/metrics`)).text();
          dropped = Number(new RegExp(`outrigger_trace_spans_dropped_total\\{reason="${reason}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
          if (dropped === 0) await new Promise((resolve) => setTimeout(resolve, 100));
        }
        expect(dropped).toBeGreaterThan(0);
        expect(broken.requests).toBeGreaterThan(0);
      } finally {
        await pushApp.close();
      }
    });
  }
});

describe('tracing - configured the standard way, and absent when off', () => {
  it('tracing - OTEL_* variables alone turn it on and name the service; the OpenTelemetry modules are loaded', async () => {
    const envReceiver = await startOtlpReceiver();
    extraReceivers.push(envReceiver);
    const log = join(tempDir('modules'), 'modules.log');
    const sidecar = await startDaemon({
      config: { app: { id: 'plain' }, queues: { q: {} } },
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: envReceiver.url,
        OTEL_SERVICE_NAME: 'from-env',
        OTEL_RESOURCE_ATTRIBUTES: 'deployment.environment.name=e2e',
        OTEL_BSP_SCHEDULE_DELAY: '100',
        NODE_OPTIONS: `--import=${hook}`,
        OUTRIGGER_TEST_MODULE_LOG: log,
      },
    });
    others.push(sidecar);
    const { traceId, traceparent } = newTrace();
    await postAccepted(sidecar, '/v1/command/q', { x: 1 }, { traceparent });
    await envReceiver.waitFor(inTrace(traceId, (span) => span.name === 'send q'), 'producer span');
    const producer = envReceiver.spans.find((span) => span.traceId === traceId && span.name === 'send q')!;
    expect(producer.resource).toMatchObject({ 'service.name': 'from-env', 'deployment.environment.name': 'e2e' });
    expect(readFileSync(log, 'utf8')).toContain('/node_modules/@opentelemetry/sdk-trace/');
    expect(readFileSync(log, 'utf8')).toContain('/node_modules/@opentelemetry/exporter-trace-otlp-proto/');
  });

  it('tracing - off: the daemon loads no OpenTelemetry SDK module, and still carries traceparent', async () => {
    const log = join(tempDir('modules'), 'modules.log');
    const pushApp = await startApp();
    try {
      const sidecar = await startDaemon({
        config: { app: { id: 'untraced', url: pushApp.url }, queues: { q: {} }, subscriptions: [{ name: 'q', from: { queue: 'q' }, deliver: '/q' }], targets: { t: { via: 'http', url: target.url } } },
        env: { NODE_OPTIONS: `--import=${hook}`, OUTRIGGER_TEST_MODULE_LOG: log },
      });
      others.push(sidecar);
      const { traceId, traceparent } = newTrace();
      const id = await postAccepted(sidecar, '/v1/command/q', { x: 1 }, { traceparent });
      await pushApp.waitFor((received) => deliveriesOf('/q', id)(received).length === 1);
      target.behave = () => ({ kind: 'echo' });
      expect((await fetch(`${sidecar.url}/v1/query/t/x`)).status).toBe(200);
      expect(deliveriesOf('/q', id)(pushApp.received)[0]!.headers.traceparent).toContain(traceId);
      await sidecar.stop();
      const modules = readFileSync(log, 'utf8');
      expect(modules).toContain('/dist/src/daemon.js');
      // Not even @opentelemetry/api: the process CPU metrics are our own, not prom-client's collector that requires it.
      expect(modules.split('\n').filter((url) => url.includes('opentelemetry'))).toEqual([]);
    } finally {
      await pushApp.close();
    }
  });
});
