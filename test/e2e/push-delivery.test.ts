/** Push delivery from the built daemon to a real app server, per PRODUCT.md's status mapping. */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deliveriesOf, startApp, type TestApp } from '../infra/helpers/app-server.js';
import { startDaemon, type RunningDaemon } from '../infra/helpers/daemon.js';
import { metricsListing, unlistedLabelValues } from '../infra/helpers/metric-labels.js';

let app: TestApp;
let daemon: RunningDaemon;
const token = `token-${randomUUID()}`;
const fast = { initialBackoff: '20ms', maxBackoff: '100ms' };

beforeAll(async () => {
  app = await startApp();
  daemon = await startDaemon({
    env: { OUTRIGGER_API_TOKEN: token },
    config: {
      app: { id: 'e2e', url: app.url },
      brokers: { local: { driver: 'embedded' } },
      queues: { work: { maxDeliveries: 3, lease: '2s' }, ordered: {} },
      topics: { orders: {} },
      streams: { telemetry: { partitions: 2 } },
      subscriptions: [
        { name: 'work', from: { queue: 'work' }, deliver: '/work', retry: fast, concurrency: 8 },
        { name: 'ordered', from: { queue: 'ordered' }, deliver: '/ordered', ordered: true, concurrency: 16, retry: fast },
        { name: 'created', from: { topic: 'orders', filter: { type: 'OrderCreated' } }, deliver: '/created', retry: fast },
        { name: 'all-orders', from: { topic: 'orders' }, deliver: '/all-orders', retry: fast },
        { name: 'telemetry', from: { stream: 'telemetry', group: 'e2e' }, deliver: '/telemetry', maxDeliveries: 2, retry: fast },
      ],
    },
  });
});

afterAll(async () => {
  await daemon?.stop();
  await app?.close();
});

beforeEach(() => {
  app.received.length = 0;
  app.respond = () => ({ status: 200 });
});

const auth = { authorization: `Bearer ${token}` };

async function send(path: string, body: unknown, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(daemon.url + path, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...auth, ...headers },
  });
  expect(response.status, await response.clone().text()).toBe(202);
  return ((await response.json()) as { id: string }).id;
}

async function deadLetters(name: string): Promise<Array<{ id: string; reason: string; attempts: number }>> {
  const response = await fetch(`${daemon.url}/v1/deadletter/${name}`, { headers: auth });
  expect(response.status).toBe(200);
  return (await response.json()) as Array<{ id: string; reason: string; attempts: number }>;
}

describe('push delivery', () => {
  it('posts a command to the app in CloudEvents binary mode and acks on 2xx', async () => {
    const id = await send('/v1/command/work', { task: 1 }, { 'ce-type': 'Work', traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' });
    await app.waitFor((r) => deliveriesOf('/work', id)(r).length === 1);
    const [request] = deliveriesOf('/work', id)(app.received);
    expect(request!.headers).toMatchObject({
      'ce-specversion': '1.0',
      'ce-type': 'Work',
      'ce-source': 'e2e',
      'content-type': 'application/json',
      'outrigger-attempt': '1',
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    });
    expect(request!.headers['outrigger-subscription']).toBe('work');
    expect(request!.headers['outrigger-redelivered']).toBeUndefined();
    expect(JSON.parse(request!.body)).toEqual({ task: 1 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(deliveriesOf('/work', id)(app.received)).toHaveLength(1);
  });

  it('creates a W3C traceparent with random ids for a message published without one', async () => {
    const first = await send('/v1/command/work', { task: 2 });
    const second = await send('/v1/command/work', { task: 3 });
    await app.waitFor((r) => deliveriesOf('/work', first)(r).length === 1 && deliveriesOf('/work', second)(r).length === 1);
    const traces = [first, second].map((id) => deliveriesOf('/work', id)(app.received)[0]!.headers.traceparent);
    for (const trace of traces) expect(trace).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(traces[0]).not.toBe(traces[1]);
  });

  it('retries 503 and timeouts-like failures, then succeeds without dead-lettering', async () => {
    let calls = 0;
    app.respond = () => (++calls <= 2 ? { status: 503 } : { status: 204 });
    const id = await send('/v1/command/work', { task: 2 });
    await app.waitFor((r) => deliveriesOf('/work', id)(r).length === 3);
    expect(deliveriesOf('/work', id)(app.received).map((r) => r.headers['outrigger-attempt'])).toEqual(['1', '2', '3']);
    expect((await deadLetters('work')).some((d) => d.id === id)).toBe(false);
  });

  it('dead-letters a poison message (4xx) at once, with the reason', async () => {
    app.respond = () => ({ status: 422, body: 'sku missing' });
    const id = await send('/v1/command/work', { task: 3 });
    await app.waitFor((r) => deliveriesOf('/work', id)(r).length === 1);
    let letter: { id: string; reason: string } | undefined;
    for (let i = 0; i < 100 && letter === undefined; i++) {
      letter = (await deadLetters('work')).find((d) => d.id === id);
      if (letter === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(letter?.reason).toBe('app answered 422: sku missing');
    expect(deliveriesOf('/work', id)(app.received)).toHaveLength(1);
  });

  it('dead-letters after maxDeliveries failed attempts', async () => {
    app.respond = () => ({ status: 500 });
    const id = await send('/v1/command/work', { task: 4 });
    await app.waitFor((r) => deliveriesOf('/work', id)(r).length === 3);
    let letter: { reason: string } | undefined;
    for (let i = 0; i < 100 && letter === undefined; i++) {
      letter = (await deadLetters('work')).find((d) => d.id === id);
      if (letter === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(letter?.reason).toContain('max deliveries (3) reached');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(deliveriesOf('/work', id)(app.received)).toHaveLength(3);
  });

  it('honours Retry-After from the app', async () => {
    let calls = 0;
    app.respond = () => (++calls === 1 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 });
    const id = await send('/v1/command/work', { task: 5 });
    await app.waitFor((r) => deliveriesOf('/work', id)(r).length === 2, 5000);
    const [first, second] = deliveriesOf('/work', id)(app.received);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
  });

  it('delivers one message at a time per ordering key, in order, keys in parallel', async () => {
    let active = new Map<string, number>();
    let overlap = false;
    let parallelKeys = 0;
    app.respond = async (request) => {
      const key = JSON.parse(request.body).key as string;
      active.set(key, (active.get(key) ?? 0) + 1);
      if (active.get(key)! > 1) overlap = true;
      parallelKeys = Math.max(parallelKeys, [...active.values()].filter((n) => n > 0).length);
      await new Promise((resolve) => setTimeout(resolve, 15));
      active.set(key, active.get(key)! - 1);
      return { status: 200 };
    };
    const keys = ['a', 'b', 'c', 'd'];
    for (let i = 0; i < 40; i++) {
      const key = keys[i % keys.length]!;
      await send('/v1/command/ordered', { key, seq: i }, { 'outrigger-ordering-key': key });
    }
    await app.waitFor((r) => r.filter((x) => x.path === '/ordered').length === 40, 15_000);
    expect(overlap).toBe(false);
    expect(parallelKeys).toBeGreaterThan(1);
    for (const key of keys) {
      const seqs = app.received.filter((r) => r.path === '/ordered').map((r) => JSON.parse(r.body) as { key: string; seq: number }).filter((b) => b.key === key).map((b) => b.seq);
      expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
      expect(seqs).toHaveLength(10);
    }
    active = new Map();
  });

  it('fans a published event out to every matching subscription', async () => {
    const created = await send('/v1/publish/orders', { n: 1 }, { 'ce-type': 'OrderCreated' });
    const shipped = await send('/v1/publish/orders', { n: 2 }, { 'ce-type': 'OrderShipped' });
    await app.waitFor((r) => deliveriesOf('/all-orders', shipped)(r).length === 1 && deliveriesOf('/created', created)(r).length === 1 && deliveriesOf('/all-orders', created)(r).length === 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(deliveriesOf('/created', shipped)(app.received)).toHaveLength(0);
  });

  it('delivers a stream in order per partition, and sends events the app refuses to the dead-letter queue', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push(await send('/v1/stream/telemetry', { i }, { 'outrigger-partition-key': 'sensor-1' }));
    await app.waitFor((r) => ids.every((id) => deliveriesOf('/telemetry', id)(r).length >= 1));
    const order = app.received.filter((r) => r.path === '/telemetry').map((r) => (JSON.parse(r.body) as { i: number }).i);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const positions = ids.map((id) => deliveriesOf('/telemetry', id)(app.received)[0]!.headers).map((h) => [h['outrigger-partition'], Number(h['outrigger-offset'])]);
    expect(new Set(positions.map(([partition]) => partition)).size).toBe(1);
    expect(['0', '1']).toContain(positions[0]![0]);
    expect(positions.map(([, offset]) => offset)).toEqual(positions.map((_, i) => (positions[0]![1] as number) + i));

    app.respond = (request) => ((JSON.parse(request.body) as { i: number }).i === 100 ? { status: 400, body: 'bad reading' } : { status: 200 });
    const bad = await send('/v1/stream/telemetry', { i: 100 }, { 'outrigger-partition-key': 'sensor-1' });
    const after = await send('/v1/stream/telemetry', { i: 101 }, { 'outrigger-partition-key': 'sensor-1' });
    await app.waitFor((r) => deliveriesOf('/telemetry', after)(r).length === 1);
    for (const name of ['telemetry', 'telemetry.deadletter']) {
      const listed = await deadLetters(name);
      expect(listed.find((letter) => letter.id === bad)).toMatchObject({ reason: 'app answered 400: bad reading' });
    }
    const pulled = await fetch(`${daemon.url}/v1/command/telemetry.deadletter/receive?max=10`, { method: 'POST', headers: auth });
    const dead = (await pulled.json()) as Array<{ id: string; headers: Record<string, string> }>;
    expect(dead.map((d) => d.id)).toContain(bad);
    expect(dead.find((d) => d.id === bad)!.headers['outrigger-deadletter-reason']).toBe('app answered 400: bad reading');
  });
});

describe('push delivery - the configured API', () => {
  it('requires the API token on every API route', async () => {
    const response = await fetch(`${daemon.url}/v1/meta`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('Bearer');
    expect((await fetch(`${daemon.url}/v1/meta`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await fetch(`${daemon.url}/v1/meta`, { headers: auth })).status).toBe(200);
  });

  it('refuses resources that are not configured, listing those that are', async () => {
    const response = await fetch(`${daemon.url}/v1/command/wrok`, { method: 'POST', body: '{}', headers: auth });
    expect(response.status).toBe(404);
    const body = (await response.json()) as { code: string; detail: string; known: string[] };
    expect(body.code).toBe('unknown_resource');
    expect(body.known).toEqual(expect.arrayContaining(['work', 'ordered']));
    const place = await fetch(`${daemon.url}/v1/deadletter/telemetri`, { headers: auth });
    expect(place.status).toBe(404);
    expect(((await place.json()) as { known: string[] }).known).toEqual(expect.arrayContaining(['work', 'created', 'all-orders', 'telemetry', 'telemetry.deadletter']));
  });

  it('reports subscriptions running in /v1/meta and deliveries in /metrics', async () => {
    const meta = (await (await fetch(`${daemon.url}/v1/meta`, { headers: auth })).json()) as { subscriptions: Array<{ name: string; state: string }> };
    expect(meta.subscriptions.map((s) => [s.name, s.state])).toContainEqual(['work', 'running']);
    const metrics = await (await fetch(`${daemon.adminUrl}/metrics`)).text();
    expect(metrics).toMatch(/outrigger_deliveries_total\{subscription="work",outcome="ack"\} [1-9]/);
    expect(metrics).toMatch(/outrigger_dead_letters_total\{subscription="work",reason="422"\} 1/);
    expect(metrics).toMatch(/outrigger_queue_depth\{resource="work",state="dead_lettered"\} [1-9]/);
    // Every outcome a scrape shows is one its metric's help documents, on every delivery path.
    expect(metricsListing(metrics)).toEqual(expect.arrayContaining(['outrigger_deliveries_total', 'outrigger_consume_deliveries_total']));
    expect(unlistedLabelValues(metrics)).toEqual([]);
  });
});
