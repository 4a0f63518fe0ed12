/**
 * The built daemon on the Kafka driver, end to end against a real Apache Kafka: two daemons in
 * one consumer group push a stream to their apps, one is killed (SIGKILL) with events in flight
 * and the other takes its partitions over from the committed offsets, skipping nothing; a poison
 * event goes to the dead letters while the rest of its partition flows on; readiness follows the
 * broker through a stop and a start under load, and every accepted append is pushed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, sleep } from '../../conformance/support.js';
import { startApp, type TestApp } from '../../infra/helpers/app-server.js';
import { postAccepted, startDaemon, type RunningDaemon } from '../../infra/helpers/daemon.js';
import { KafkaTestBroker, kafkaUnavailable } from '../../infra/kafka/broker.js';
import { quickGroups } from './support.js';

const unavailable = kafkaUnavailable();
const fast = { initialBackoff: '20ms', maxBackoff: '100ms' };

describe.skipIf(unavailable !== undefined)(`kafka through the daemon${unavailable === undefined ? '' : ` (skipped: ${unavailable})`}`, () => {
  let broker: KafkaTestBroker;
  const daemons: RunningDaemon[] = [];
  const apps: TestApp[] = [];

  beforeAll(async () => {
    broker = await KafkaTestBroker.start();
  }, 60_000);

  afterAll(async () => {
    await Promise.all(daemons.map((daemon) => daemon.kill()));
    await Promise.all(apps.map((app) => app.close()));
    await broker?.close();
  });

  function config(appId: string, appUrl: string, stream: string, subscription: Record<string, unknown>): Record<string, unknown> {
    return {
      app: { id: appId, url: appUrl },
      shutdown: { gracePeriod: '1s' },
      brokers: { log: { driver: 'kafka', bootstrapServers: broker.bootstrap, ...quickGroups }, local: { driver: 'embedded' } },
      defaultBroker: 'local',
      streams: { [stream]: { broker: 'log', partitions: 4 } },
      // Where the subscription's undeliverable events go (a queue on the default broker), to pull them.
      queues: { [`${stream}-in.deadletter`]: {} },
      subscriptions: [{ name: `${stream}-in`, from: { stream, start: 'earliest' }, deliver: '/events', retry: fast, ...subscription }],
    };
  }

  async function start(appId: string, stream: string, subscription: Record<string, unknown> = {}): Promise<{ app: TestApp; daemon: RunningDaemon }> {
    const app = await startApp();
    apps.push(app);
    const daemon = await startDaemon({ config: config(appId, app.url, stream, subscription), readyTimeoutMs: 30_000 });
    daemons.push(daemon);
    return { app, daemon };
  }

  const idsOf = (app: TestApp): string[] => app.received.filter((r) => r.path === '/events').map((r) => r.headers['ce-id'] as string);

  it('daemon - two daemons share a stream as one group; when one is killed the other takes over from the committed offsets, skipping nothing', async () => {
    const stream = 'clicks';
    const one = await start('clicks-app', stream);
    const two = await start('clicks-app', stream);
    const appended: string[] = [];
    const append = async (count: number): Promise<void> => {
      for (let i = 0; i < count; i++) appended.push(await postAccepted(one.daemon, `/v1/stream/${stream}`, { n: appended.length }, { 'ce-type': 'Click', 'outrigger-partition-key': `user-${appended.length}` }));
    };
    await append(40);
    const delivered = (): Set<string> => new Set([...idsOf(one.app), ...idsOf(two.app)]);
    expect(await eventually(() => appended.every((id) => delivered().has(id)), 20_000)).toBe(true);
    expect(idsOf(one.app).length).toBeGreaterThan(0);
    expect(idsOf(two.app).length).toBeGreaterThan(0);

    // The first app stops answering: its daemon holds events in flight when it is killed.
    one.app.respond = () => new Promise(() => undefined);
    const held = idsOf(one.app).length;
    await append(40);
    expect(await eventually(() => idsOf(one.app).length > held, 10_000)).toBe(true);
    await one.daemon.kill();
    const answeredByOne = new Set(idsOf(one.app).slice(0, held));
    expect(await eventually(() => appended.every((id) => answeredByOne.has(id) || idsOf(two.app).includes(id)), 30_000)).toBe(true);
    expect((await fetch(`${two.daemon.adminUrl}/readyz`)).status).toBe(200);
  }, 90_000);

  it('daemon - a poison event is dead-lettered at once while the rest of its partition flows on', async () => {
    const stream = 'payments';
    const { app, daemon } = await start('payments-app', stream, { maxDeliveries: 3 });
    app.respond = (request) => ({ status: request.body.includes('"poison":true') ? 422 : 200 });
    const ids: string[] = [];
    for (let n = 0; n < 10; n++) ids.push(await postAccepted(daemon, `/v1/stream/${stream}`, { n, poison: n === 3 }, { 'outrigger-partition-key': 'one-key' }));
    expect(await eventually(() => ids.every((id) => idsOf(app).includes(id)), 20_000)).toBe(true);
    expect(idsOf(app).filter((id) => id === ids[3])).toHaveLength(1);
    const pulled = await fetch(`${daemon.url}/v1/command/${stream}-in.deadletter/receive?max=10&waitMs=5000`, { method: 'POST' });
    const letters = (await pulled.json()) as { id: string; headers: Record<string, string> }[];
    expect(letters.map((letter) => letter.id)).toEqual([ids[3]]);
    expect(letters[0]?.headers).toMatchObject({ 'outrigger-stream': stream, 'outrigger-deadletter-reason': expect.stringContaining('422') });
  }, 60_000);

  it('daemon - a topic subscription gets only the events its filter selects; one that keeps failing is retried, dead-lettered, listed and redriven', async () => {
    const app = await startApp();
    apps.push(app);
    const daemon = await startDaemon({
      config: {
        app: { id: 'shop', url: app.url },
        shutdown: { gracePeriod: '1s' },
        brokers: { log: { driver: 'kafka', bootstrapServers: broker.bootstrap, ...quickGroups } },
        topics: { orders: { broker: 'log' } },
        subscriptions: [{ name: 'orders-created', from: { topic: 'orders', filter: { type: 'OrderCreated' } }, deliver: '/orders', maxDeliveries: 2, retry: fast }],
      },
      readyTimeoutMs: 30_000,
    });
    daemons.push(daemon);
    const failing = new Set<string>();
    app.respond = (request) => ({ status: failing.has(request.headers['ce-id'] as string) ? 500 : 200 });
    const orderIds = (): string[] => app.received.filter((r) => r.path === '/orders').map((r) => r.headers['ce-id'] as string);
    const shipped = await postAccepted(daemon, '/v1/publish/orders', { n: 0 }, { 'ce-type': 'OrderShipped' });
    const good = await postAccepted(daemon, '/v1/publish/orders', { n: 1 }, { 'ce-type': 'OrderCreated' });
    const poison = await postAccepted(daemon, '/v1/publish/orders', { n: 2 }, { 'ce-type': 'OrderCreated', 'ce-id': 'poison-1' });
    failing.add(poison);
    expect(await eventually(() => orderIds().includes(good) && orderIds().filter((id) => id === poison).length === 2, 20_000)).toBe(true);
    let letters: { id: string; reason: string; attempts: number }[] = [];
    expect(
      await eventually(async () => {
        letters = (await (await fetch(`${daemon.url}/v1/deadletter/orders-created`)).json()) as typeof letters;
        return letters.length === 1;
      }, 10_000),
    ).toBe(true);
    expect(letters[0]).toMatchObject({ id: poison, attempts: 2 });
    expect(orderIds()).not.toContain(shipped);

    failing.clear();
    const redrive = await fetch(`${daemon.url}/v1/deadletter/orders-created/redrive`, { method: 'POST' });
    expect(redrive.status).toBe(200);
    expect(await eventually(() => orderIds().filter((id) => id === poison).length === 3, 20_000)).toBe(true);
    expect(app.received.filter((r) => r.headers['ce-id'] === poison).at(-1)?.headers['outrigger-attempt']).toBe('1');
    expect((await (await fetch(`${daemon.url}/v1/deadletter/orders-created`)).json()) as unknown[]).toEqual([]);
  }, 60_000);

  it('daemon - an ordered topic subscription retries a failing event in place: its key waits, then it is dead-lettered and the key moves on in order', async () => {
    const app = await startApp();
    apps.push(app);
    const daemon = await startDaemon({
      config: {
        app: { id: 'ledger', url: app.url },
        shutdown: { gracePeriod: '1s' },
        brokers: { log: { driver: 'kafka', bootstrapServers: broker.bootstrap, ...quickGroups } },
        topics: { entries: { broker: 'log' } },
        subscriptions: [{ name: 'entries-in', from: { topic: 'entries' }, deliver: '/entries', ordered: true, maxDeliveries: 3, retry: fast }],
      },
      readyTimeoutMs: 30_000,
    });
    daemons.push(daemon);
    app.respond = (request) => ({ status: request.body.includes('"n":1') ? 500 : 200 });
    const ids: string[] = [];
    for (let n = 0; n < 4; n++) ids.push(await postAccepted(daemon, '/v1/publish/entries', { n }, { 'ce-type': 'Entry', 'outrigger-ordering-key': 'account-7' }));
    const arrivals = (): string[] => app.received.filter((r) => r.path === '/entries').map((r) => r.headers['ce-id'] as string);
    expect(await eventually(() => arrivals().includes(ids[3] as string), 20_000)).toBe(true);
    // n = 1 three times (attempts 1 to 3), nothing after it before it was given up, then the rest in order.
    expect(arrivals()).toEqual([ids[0], ids[1], ids[1], ids[1], ids[2], ids[3]]);
    const letters = (await (await fetch(`${daemon.url}/v1/deadletter/entries-in`)).json()) as { id: string; attempts: number }[];
    expect(letters.map((letter) => [letter.id, letter.attempts])).toEqual([[ids[1], 3]]);
  }, 60_000);

  it('daemon - under load, a broker stopped and started again: readiness turns 503 and back to 200, no accepted append is lost, and pushes resume by themselves', async () => {
    const stream = 'deliveries';
    const { app, daemon } = await start('deliveries-app', stream);
    const ready = async (): Promise<number> => (await fetch(`${daemon.adminUrl}/readyz`)).status;
    expect(await ready()).toBe(200);
    const accepted: string[] = [];
    const statuses = new Map<number, number>();
    let loading = true;
    // Two clients appending back to back; a refused append is waited out and followed by a new one.
    const load = async (): Promise<void> => {
      while (loading) {
        const response = await fetch(`${daemon.url}/v1/stream/${stream}`, { method: 'POST', body: JSON.stringify({ n: accepted.length }), headers: { 'content-type': 'application/json', 'ce-type': 'Delivery' } });
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        if (response.status === 202) accepted.push(((await response.json()) as { id: string }).id);
        else {
          await response.body?.cancel();
          await sleep(50);
        }
      }
    };
    const loaders = [load(), load()];
    expect(await eventually(() => accepted.length >= 20, 10_000)).toBe(true);
    await broker.stop();
    expect(await eventually(async () => (await ready()) === 503, 10_000)).toBe(true);
    await broker.start();
    expect(await eventually(async () => (await ready()) === 200, 30_000)).toBe(true);
    const before = accepted.length;
    expect(await eventually(() => accepted.length >= before + 20, 20_000)).toBe(true);
    loading = false;
    await Promise.all(loaders);
    expect(statuses.get(503) ?? 0, JSON.stringify([...statuses])).toBeGreaterThan(0);
    const missing = (): string[] => accepted.filter((id) => !idsOf(app).includes(id));
    expect(await eventually(() => missing().length === 0, 30_000), `not pushed: ${missing().slice(0, 5).join(', ')}`).toBe(true);
  }, 120_000);
});
