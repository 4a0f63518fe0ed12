/**
 * The built daemon on the NATS driver, end to end: a command and a delayed command pushed to a
 * real app server and acknowledged, an event to a subscription, events appended over HTTP and
 * pushed through a consumer group, a stream read back as NDJSON, readiness and depth. The daemon
 * is a child process on the machine's nats-server; every entity carries this run's id.
 */
import { randomUUID } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from '../../conformance/support.js';
import { deliveriesOf, startApp, type TestApp } from '../../infra/helpers/app-server.js';
import { postAccepted, startDaemon, type RunningDaemon } from '../../infra/helpers/daemon.js';
import { deleteStreamsSince, natsUrl, plainNats } from '../../infra/helpers/nats.js';

const run = randomUUID().slice(0, 8);
const started = new Date();
const entity = (name: string): string => `${name}-${run}`;
let plain: NatsConnection;
let app: TestApp;
let daemon: RunningDaemon;
const fast = { initialBackoff: '20ms', maxBackoff: '100ms' };

function config(appUrl: string): Record<string, unknown> {
  return {
    app: { id: 'nats-e2e', url: appUrl },
    shutdown: { gracePeriod: '1s' },
    brokers: { js: { driver: 'nats', servers: natsUrl } },
    queues: { work: { broker: 'js', entity: entity('work'), maxDeliveries: 3, lease: '5s' } },
    topics: { orders: { broker: 'js', entity: entity('orders') } },
    streams: { telemetry: { broker: 'js', entity: entity('telemetry'), partitions: 2, retention: '1h' } },
    subscriptions: [
      { name: 'work', from: { queue: 'work' }, deliver: '/work', retry: fast, concurrency: 4 },
      { name: 'all-orders', from: { topic: 'orders' }, deliver: '/all-orders', retry: fast, ordered: true },
      { name: 'readings', from: { stream: 'telemetry', group: 'readers', start: 'earliest' }, deliver: '/readings', retry: fast },
    ],
  };
}

beforeAll(async () => {
  plain = await plainNats();
  app = await startApp();
  daemon = await startDaemon({ config: config(app.url) });
});

afterAll(async () => {
  await daemon?.stop();
  await app?.close();
  await plain?.close();
  await deleteStreamsSince(started, (name) => name.includes(run));
});

beforeEach(() => {
  app.received.length = 0;
  app.respond = () => ({ status: 200 });
});

describe('nats through the daemon', () => {
  it('daemon - a command is pushed in CloudEvents binary mode and acknowledged (gone from the work-queue stream) on 2xx', async () => {
    const id = await postAccepted(daemon, '/v1/command/work', { task: 1 }, { 'ce-type': 'Work' });
    await app.waitFor((r) => deliveriesOf('/work', id)(r).length === 1);
    expect(deliveriesOf('/work', id)(app.received)[0]?.headers).toMatchObject({ 'ce-type': 'Work', 'ce-source': 'nats-e2e', 'outrigger-attempt': '1', 'content-type': 'application/json' });
    const jsm = await jetstreamManager(plain);
    expect(await eventually(async () => (await jsm.streams.info(`queue~${entity('work')}`)).state.messages === 0)).toBe(true);
  });

  it('daemon - a command sent with Outrigger-Delay is pushed once, not before the delay', async () => {
    const sent = Date.now();
    const id = await postAccepted(daemon, '/v1/command/work', { task: 2 }, { 'outrigger-delay': '1200ms' });
    await app.waitFor((r) => deliveriesOf('/work', id)(r).length === 1);
    expect(Date.now() - sent).toBeGreaterThanOrEqual(1100);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(deliveriesOf('/work', id)(app.received)).toHaveLength(1);
  });

  it('daemon - a published event reaches the ordered topic subscription', async () => {
    const id = await postAccepted(daemon, '/v1/publish/orders', { order: 7 }, { 'ce-type': 'OrderCreated', 'ce-subject': 'orders/7' });
    await app.waitFor((r) => deliveriesOf('/all-orders', id)(r).length === 1);
    expect(deliveriesOf('/all-orders', id)(app.received)[0]?.headers).toMatchObject({ 'ce-type': 'OrderCreated', 'ce-subject': 'orders/7' });
  });

  it('daemon - events appended over HTTP get partition and offset, are pushed through the consumer group and read back as NDJSON', async () => {
    const response = await fetch(`${daemon.url}/v1/stream/telemetry`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'ce-type': 'Reading', 'outrigger-partition-key': 'sensor-1' },
      body: JSON.stringify({ celsius: 21 }),
    });
    expect(response.status).toBe(202);
    const receipt = (await response.json()) as { id: string; partition: number; offset: number };
    expect([0, 1]).toContain(receipt.partition);
    expect(receipt.offset).toBeGreaterThanOrEqual(0);
    await app.waitFor((r) => deliveriesOf('/readings', receipt.id)(r).length === 1);

    const abort = new AbortController();
    const read = await fetch(`${daemon.url}/v1/stream/telemetry?from=earliest&partition=${receipt.partition}`, { headers: { accept: 'application/x-ndjson' }, signal: abort.signal });
    expect(read.status).toBe(200);
    const reader = (read.body as ReadableStream<Uint8Array>).getReader();
    let text = '';
    while (!text.includes('\n')) text += new TextDecoder().decode((await reader.read()).value ?? new Uint8Array());
    abort.abort();
    expect(JSON.parse(text.split('\n')[0] as string)).toMatchObject({ id: receipt.id, partition: receipt.partition, offset: receipt.offset });
  });

  it('daemon - ready while connected, and a metrics scrape reports queue depth', async () => {
    expect((await fetch(`${daemon.adminUrl}/readyz`)).status).toBe(200);
    const text = await (await fetch(`${daemon.adminUrl}/metrics`)).text();
    expect(text).toContain('outrigger_queue_depth{resource="work",state="ready"} 0');
  });

  it('daemon - SIGTERM stops it within the grace period with exit code 0 (group members, movers and leases closed first)', async () => {
    const stopping = Date.now();
    expect(await daemon.stop()).toBe(0);
    expect(Date.now() - stopping).toBeLessThan(10_000);
  });
});
