/**
 * The built daemon on the RabbitMQ driver, end to end, against the machine's RabbitMQ: commands
 * pushed to a real app and settled by its answers, dead letters through the API, a delayed
 * command, an ordered subscription one message per key at a time, request/reply over a queue
 * (the reply queue of the sidecar), a stream appended to and pushed to a consumer group, and
 * what is held at SIGTERM released without counting an attempt. Queue names carry this run's id; what the run declared is deleted at the end.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRabbitmqDriver } from '../../../src/drivers/rabbitmq/index.js';
import { eventually } from '../../conformance/support.js';
import { deliveriesOf, startApp, type TestApp } from '../../infra/helpers/app-server.js';
import { postAccepted, startDaemon, type RunningDaemon } from '../../infra/helpers/daemon.js';
import { checkpointQueue, partitionQueue } from '../../../src/drivers/rabbitmq/stream-records.js';
import { created, deleteCreated, inboxQueues, plainRabbit, rabbitUrl } from '../../infra/helpers/rabbitmq.js';

const run = randomUUID().slice(0, 8);
const appId = `rabbit-e2e-${run}`;
const q = { work: `work-${run}`, later: `later-${run}`, keyed: `keyed-${run}`, rpc: `rpc-${run}` };
const ticks = `ticks-${run}`;
const made = created();
let app: TestApp;
let daemon: RunningDaemon;
const fast = { initialBackoff: '20ms', maxBackoff: '100ms' };

function config(appUrl: string): Record<string, unknown> {
  return {
    app: { id: appId, url: appUrl },
    shutdown: { gracePeriod: '1s' },
    brokers: { rabbit: { driver: 'rabbitmq', url: rabbitUrl } },
    queues: {
      [q.work]: { broker: 'rabbit', maxDeliveries: 3, lease: '5s' },
      [q.later]: { broker: 'rabbit' },
      [q.keyed]: { broker: 'rabbit' },
      [q.rpc]: { broker: 'rabbit' },
    },
    streams: { [ticks]: { broker: 'rabbit', partitions: 2 } },
    policies: { once: { retry: { maxAttempts: 1 } } },
    targets: { pricing: { via: 'queue', queue: q.rpc, timeout: '10s', policy: 'once' } },
    subscriptions: [
      { name: 'work', from: { queue: q.work }, deliver: '/work', retry: fast, concurrency: 4 },
      { name: 'later', from: { queue: q.later }, deliver: '/later', retry: fast },
      { name: 'keyed', from: { queue: q.keyed }, deliver: '/keyed', retry: fast, concurrency: 8, ordered: true },
      { name: 'pricing', from: { queue: q.rpc }, deliver: '/api', serve: true, timeout: '10s' },
      { name: 'ticks', from: { stream: ticks, group: 'ticks' }, deliver: '/ticks', retry: fast },
    ],
  };
}

beforeAll(async () => {
  await (await plainRabbit()).close();
  for (const queue of Object.values(q)) for (const name of inboxQueues(queue)) made.queues.add(name);
  for (let i = 0; i < 8; i++) made.queues.add(`${q.keyed}.key.${i}`);
  for (let p = 0; p < 2; p++) made.queues.add(partitionQueue(ticks, p)).add(checkpointQueue(ticks, 'ticks', p));
  app = await startApp();
  daemon = await startDaemon({ config: config(app.url) });
}, 60_000);

afterAll(async () => {
  await daemon?.stop();
  await app?.close();
  // The sidecar's reply queue has a random suffix: found by its app id.
  const listed = await promisify(execFile)('rabbitmqctl', ['list_queues', '-q', 'name'], { timeout: 30_000 }).catch(() => ({ stdout: '' }));
  for (const name of listed.stdout.split('\n')) if (name.includes(appId)) made.queues.add(name.trim());
  await deleteCreated(made);
}, 60_000);

beforeEach(() => {
  app.received.length = 0;
  app.respond = () => ({ status: 200 });
});

describe('rabbitmq through the daemon', () => {
  it('daemon - a command is pushed in CloudEvents binary mode and acknowledged on 2xx', async () => {
    const id = await postAccepted(daemon, `/v1/command/${q.work}`, { task: 1 }, { 'ce-type': 'Work' });
    await app.waitFor((r) => deliveriesOf('/work', id)(r).length === 1);
    expect(deliveriesOf('/work', id)(app.received)[0]?.headers).toMatchObject({ 'ce-type': 'Work', 'ce-source': appId, 'outrigger-attempt': '1', 'content-type': 'application/json' });
    const text = async (): Promise<string> => (await fetch(`${daemon.adminUrl}/metrics`)).text();
    expect(await eventually(async () => (await text()).includes(`outrigger_queue_depth{resource="${q.work}",state="ready"} 0`), 5000)).toBe(true);
  });

  it('daemon - a failing app gets maxDeliveries attempts, then the message is a dead letter listed by the API', async () => {
    app.respond = () => ({ status: 500 });
    const id = await postAccepted(daemon, `/v1/command/${q.work}`, { task: 2 });
    await app.waitFor((r) => deliveriesOf('/work', id)(r).length === 3);
    expect(deliveriesOf('/work', id)(app.received).map((r) => r.headers['outrigger-attempt'])).toEqual(['1', '2', '3']);
    let letters: { id: string; reason: string; attempts: number }[] = [];
    expect(
      await eventually(async () => {
        letters = (await (await fetch(`${daemon.url}/v1/deadletter/${q.work}`)).json()) as typeof letters;
        return letters.some((l) => l.id === id);
      }),
    ).toBe(true);
    expect(letters.find((l) => l.id === id)).toMatchObject({ attempts: 3, reason: expect.stringContaining('app answered 500') as unknown });
  });

  it('daemon - a command sent with Outrigger-Delay is pushed no sooner', async () => {
    const sent = Date.now();
    const id = await postAccepted(daemon, `/v1/command/${q.later}`, { task: 3 }, { 'outrigger-delay': '700ms' });
    await app.waitFor((r) => deliveriesOf('/later', id)(r).length === 1);
    expect((deliveriesOf('/later', id)(app.received)[0]?.at ?? 0) - sent).toBeGreaterThanOrEqual(700);
  });

  it('daemon - an ordered subscription gets one message per key at a time, in order, keys in parallel', async () => {
    let inFlight = new Set<string>();
    const overlaps: string[] = [];
    app.respond = async (request) => {
      const { key } = JSON.parse(request.body) as { key: string };
      if (inFlight.has(key)) overlaps.push(key);
      inFlight.add(key);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight.delete(key);
      return { status: 200 };
    };
    for (let i = 0; i < 10; i++) {
      for (const key of ['a', 'b', 'c']) await postAccepted(daemon, `/v1/command/${q.keyed}`, { key, i }, { 'outrigger-ordering-key': `${run}-${key}` });
    }
    await app.waitFor((r) => r.filter((x) => x.path === '/keyed').length === 30);
    inFlight = new Set();
    expect(overlaps).toEqual([]);
    for (const key of ['a', 'b', 'c']) {
      const order = app.received.filter((r) => r.path === '/keyed').map((r) => JSON.parse(r.body) as { key: string; i: number }).filter((b) => b.key === key).map((b) => b.i);
      expect(order).toEqual(Array.from({ length: 10 }, (_, i) => i));
    }
  });

  it('daemon - a stream append is answered with its partition and offset, and each event is pushed to the consumer group once', async () => {
    const receipts: { id: string; partition: number; offset: number }[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`${daemon.url}/v1/stream/${ticks}`, { method: 'POST', headers: { 'content-type': 'application/json', 'ce-type': 'Tick', 'outrigger-partition-key': `k${i % 3}` }, body: JSON.stringify({ i }) });
      expect(res.status).toBe(202);
      receipts.push((await res.json()) as (typeof receipts)[number]);
    }
    for (const partition of [0, 1]) {
      const offsets = receipts.filter((r) => r.partition === partition).map((r) => r.offset);
      expect(offsets).toEqual(offsets.map((_, i) => i));
    }
    await app.waitFor((r) => r.filter((x) => x.path === '/ticks').length === 6);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const pushed = app.received.filter((r) => r.path === '/ticks').map((r) => (JSON.parse(r.body) as { i: number }).i);
    expect(pushed.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('daemon - a query over a queue is answered through the sidecar reply queue', async () => {
    app.respond = (request) => ({ status: 201, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ echoed: JSON.parse(request.body) as unknown }) });
    const response = await fetch(`${daemon.url}/v1/query/pricing/quote`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sku: 42 }) });
    expect(response.status, daemon.output().slice(-3000)).toBe(201);
    expect(await response.json()).toEqual({ echoed: { sku: 42 } });
  });

  it('daemon - on SIGTERM a delivery the app is still working on past the grace period is released without counting the attempt', async () => {
    app.respond = () => new Promise(() => undefined);
    const id = await postAccepted(daemon, `/v1/command/${q.work}`, { task: 4 });
    await app.waitFor((r) => deliveriesOf('/work', id)(r).length === 1);
    expect(await daemon.stop()).toBe(0);
    const driver = await createRabbitmqDriver({ name: 'check', settings: { url: rabbitUrl }, dataDir: '.' });
    await driver.connect();
    try {
      const [again] = await driver.inboxes.receive({ kind: 'queue', queue: q.work }, { max: 1, waitMs: 3000 });
      expect([again?.headers['ce-id'] ?? again?.id, again?.attempt]).toEqual([id, 1]);
      if (again !== undefined) await driver.inboxes.ack({ kind: 'queue', queue: q.work }, again.lease);
    } finally {
      await driver.close();
    }
  });
});
