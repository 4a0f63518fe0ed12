/**
 * The built daemon on the Event Hubs driver, end to end: events appended over HTTP, pushed to a
 * real app server through a consumer group with blob checkpoints (Azurite), a refused event
 * dead-lettered to a queue on the embedded broker. The daemon is a child process speaking AMQP
 * to the Event Hubs test broker running here. Run `npm run build` first.
 */
import { randomUUID } from 'node:crypto';
import { EventHubProducerClient } from '@azure/event-hubs';
import { BlobCheckpointStore } from '@azure/eventhubs-checkpointstore-blob';
import { ContainerClient } from '@azure/storage-blob';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startApp, type Received, type TestApp } from '../../infra/helpers/app-server.js';
import { startAzuriteBlob, type RunningAzurite } from '../../infra/helpers/azurite.js';
import { startDaemon, type RunningDaemon } from '../../infra/helpers/daemon.js';
import { EventHubsTestBroker } from '../../infra/eventhubs-broker/broker.js';

let broker: EventHubsTestBroker;
let azurite: RunningAzurite;
let app: TestApp;
let daemon: RunningDaemon;
let namespace: string;
const hub = `telemetry-${randomUUID().slice(0, 8)}`;
const container = 'daemon-checkpoints';

/** The brokers and the stream every daemon here runs with (${EH}, ${ST} from its env). */
function hubsConfig(): Record<string, unknown> {
  return {
    defaultBroker: 'local',
    brokers: {
      local: { driver: 'embedded' },
      hubs: { driver: 'azure-eventhubs', connectionString: '${EH}', checkpointStorage: '${ST}', checkpointContainer: container, loadBalancingIntervalMs: 300, ownershipExpiryMs: 3000 },
    },
    streams: { telemetry: { broker: 'hubs', entity: hub, partitions: 2 } },
  };
}

beforeAll(async () => {
  broker = await EventHubsTestBroker.start({ hubs: { [hub]: 2 } });
  azurite = await startAzuriteBlob();
  const producer = new EventHubProducerClient(broker.connectionString, hub);
  namespace = producer.fullyQualifiedNamespace;
  await producer.close();
  app = await startApp();
  daemon = await startDaemon({
    config: {
      app: { id: 'eh-e2e', url: app.url },
      ...hubsConfig(),
      subscriptions: [
        { name: 'telemetry', from: { stream: 'telemetry', group: 'e2e' }, deliver: '/telemetry', maxDeliveries: 4, retry: { initialBackoff: '250ms', maxBackoff: '250ms' } },
      ],
    },
    env: { EH: broker.connectionString, ST: azurite.connectionString },
  });
});

afterAll(async () => {
  await daemon?.stop();
  await app?.close();
  await broker?.stop();
  await azurite?.stop();
});

beforeEach(() => {
  app.received.length = 0;
  app.respond = () => ({ status: 200 });
});

interface Receipt {
  id: string;
  partition: number;
  offset: number;
}

async function append(body: unknown, key: string): Promise<Receipt> {
  const response = await fetch(`${daemon.url}/v1/stream/telemetry`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', 'outrigger-partition-key': key },
  });
  expect(response.status, await response.clone().text()).toBe(202);
  return (await response.json()) as Receipt;
}

const on = (id: string) => (received: Received[]): Received[] => received.filter((r) => r.path === '/telemetry' && r.headers['ce-id'] === id);

async function checkpoint(partition: number): Promise<number | undefined> {
  const store = new BlobCheckpointStore(new ContainerClient(azurite.connectionString, container));
  return (await store.listCheckpoints(namespace, hub, 'e2e')).find((c) => c.partitionId === String(partition))?.sequenceNumber;
}

describe('eventhubs through the daemon', () => {
  it('daemon - appends get exact offsets and are pushed in order per partition key', async () => {
    const receipts: Receipt[] = [];
    for (let i = 0; i < 8; i++) receipts.push(await append({ i }, 'sensor-1'));
    expect(new Set(receipts.map((r) => r.partition)).size).toBe(1);
    expect(receipts.map((r) => r.offset)).toEqual(receipts.map((_, i) => (receipts[0]?.offset ?? 0) + i));
    await app.waitFor((r) => receipts.every((receipt) => on(receipt.id)(r).length >= 1));
    const order = app.received.filter((r) => r.path === '/telemetry').map((r) => (JSON.parse(r.body) as { i: number }).i);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('daemon - a failing event holds its partition and its checkpoint until it is dead-lettered, then both move on', async () => {
    app.respond = (request) => ((JSON.parse(request.body) as { i: number }).i === 100 ? { status: 503 } : { status: 200 });
    const ok = await append({ i: 99 }, 'sensor-2');
    await app.waitFor((r) => on(ok.id)(r).length === 1);
    const bad = await append({ i: 100 }, 'sensor-2');
    const after = await append({ i: 101 }, 'sensor-2');
    expect(after.partition).toBe(bad.partition);
    // While the app keeps failing it, the checkpoint stays before it and the next event waits.
    await app.waitFor((r) => on(bad.id)(r).length >= 2);
    const during = await checkpoint(bad.partition);
    expect(during === undefined || during < bad.offset).toBe(true);
    expect(on(after.id)(app.received)).toHaveLength(0);

    await app.waitFor((r) => on(after.id)(r).length === 1);
    expect(on(bad.id)(app.received).map((r) => r.headers['outrigger-attempt'])).toEqual(['1', '2', '3', '4']);
    const pulled = await fetch(`${daemon.url}/v1/command/telemetry.deadletter/receive?max=10`, { method: 'POST' });
    expect(pulled.status).toBe(200);
    const dead = (await pulled.json()) as Array<{ id: string; headers: Record<string, string> }>;
    expect(dead.map((d) => d.id)).toContain(bad.id);
    let now: number | undefined;
    for (let i = 0; i < 100 && (now ?? -1) < after.offset; i++) {
      now = await checkpoint(bad.partition);
      if ((now ?? -1) < after.offset) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(now).toBe(after.offset);
  });

  it('daemon - a new group configured to start at a time gets only the events enqueued at or after it', async () => {
    const before = [await append({ i: 400 }, 'since-a'), await append({ i: 401 }, 'since-b')];
    await new Promise((resolve) => setTimeout(resolve, 60));
    const start = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 60));
    const after = [await append({ i: 402 }, 'since-a'), await append({ i: 403 }, 'since-b')];
    const since = await startDaemon({
      config: {
        app: { id: 'eh-e2e-since', url: app.url },
        ...hubsConfig(),
        subscriptions: [{ name: 'since', from: { stream: 'telemetry', group: 'since', start }, deliver: '/since' }],
      },
      env: { EH: broker.connectionString, ST: azurite.connectionString },
    });
    try {
      await app.waitFor((r) => after.every((receipt) => r.some((x) => x.path === '/since' && x.headers['ce-id'] === receipt.id)));
      await new Promise((resolve) => setTimeout(resolve, 300));
    } finally {
      await since.stop();
    }
    const got = app.received.filter((r) => r.path === '/since').map((r) => r.headers['ce-id']);
    expect(got.sort()).toEqual(after.map((r) => r.id).sort());
    expect(got).not.toContain(before[0]!.id);
  });

  it('daemon - a stream is replayed from an offset as ndjson and followed over SSE', async () => {
    const receipts: Receipt[] = [];
    for (let i = 200; i < 204; i++) receipts.push(await append({ i }, 'replay-key'));
    const { partition } = receipts[0]!;
    const ndjson = await fetch(`${daemon.url}/v1/stream/telemetry?from=${receipts[1]!.offset}&partition=${partition}&follow=false`, { headers: { accept: 'application/x-ndjson' } });
    expect(ndjson.status).toBe(200);
    const lines = (await ndjson.text()).trim().split('\n').map((line) => JSON.parse(line) as { offset: number; data: { i: number } });
    expect(lines.map((l) => [l.offset, l.data.i])).toEqual(receipts.slice(1).map((r, n) => [r.offset, 201 + n]));

    const controller = new AbortController();
    const response = await fetch(`${daemon.url}/v1/stream/telemetry?from=latest&partition=${partition}`, { signal: controller.signal, headers: { accept: 'text/event-stream' } });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const later = await append({ i: 300 }, 'replay-key');
    let text = '';
    while (!text.includes('\n\n')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    expect(text).toContain(`id: ${partition}:${later.offset}\n`);
    expect(text).toContain('"i":300');
  });

  it('daemon - consumer lag per partition is exported as a metric', async () => {
    let text = '';
    for (let i = 0; i < 50; i++) {
      text = await (await fetch(`${daemon.adminUrl}/metrics`)).text();
      if (/outrigger_stream_consumer_lag\{[^}]*partition="1"[^}]*\} 0/.test(text) && /outrigger_stream_consumer_lag\{[^}]*partition="0"[^}]*\} 0/.test(text)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(text).toMatch(/outrigger_stream_consumer_lag\{[^}]*stream="telemetry"/);
    expect(text).toMatch(/outrigger_stream_consumer_lag\{[^}]*partition="0"[^}]*\} 0/);
  });
});
