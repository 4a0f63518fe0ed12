/** Several processes on one embedded file, graceful shutdown, and crash recovery, with the built daemon. */
import { describe, expect, it } from 'vitest';
import type { RunningDaemon } from '../infra/helpers/daemon.js';
import { e2eCleanups } from '../infra/helpers/e2e-cleanups.js';
import { call, grpcClients } from '../infra/helpers/grpc.js';
import { freePort } from '../infra/helpers/ports.js';
import { tempDir } from '../infra/helpers/temp-dir.js';

const { daemonFor, appFor, cleanups } = e2eCleanups();

async function command(daemon: RunningDaemon, queue: string, body: unknown): Promise<string> {
  const response = await fetch(`${daemon.url}/v1/command/${queue}`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  if (response.status !== 202) throw new Error(`command answered ${response.status}`);
  return ((await response.json()) as { id: string }).id;
}

async function drain(daemon: RunningDaemon, queue: string): Promise<string[]> {
  const ids: string[] = [];
  while (true) {
    const response = await fetch(`${daemon.url}/v1/command/${queue}/receive?max=100`, { method: 'POST' });
    const batch = (await response.json()) as Array<{ id: string; lease: string }>;
    if (batch.length === 0) return ids;
    for (const delivery of batch) {
      ids.push(delivery.id);
      await fetch(`${daemon.url}/v1/command/${queue}/ack`, { method: 'POST', body: JSON.stringify({ lease: delivery.lease }), headers: { 'content-type': 'application/json' } });
    }
  }
}

describe('lifecycle - two daemons sharing one embedded file', () => {
  it('delivers each command to exactly one of them', async () => {
    const dataDir = tempDir('shared');
    const [a, b] = await Promise.all([daemonFor({ dataDir }), daemonFor({ dataDir })]);
    const sent = new Set<string>();
    for (let i = 0; i < 100; i++) sent.add(await command(i % 2 === 0 ? a : b, 'shared', { i }));
    const received: string[] = [];
    const consume = async (daemon: RunningDaemon): Promise<void> => {
      for (let idle = 0; idle < 3; ) {
        const response = await fetch(`${daemon.url}/v1/command/shared/receive?max=5&waitMs=200`, { method: 'POST' });
        const batch = (await response.json()) as Array<{ id: string; lease: string }>;
        idle = batch.length === 0 ? idle + 1 : 0;
        for (const delivery of batch) {
          received.push(delivery.id);
          const ack = await fetch(`${daemon.url}/v1/command/shared/ack`, { method: 'POST', body: JSON.stringify({ lease: delivery.lease }), headers: { 'content-type': 'application/json' } });
          expect(ack.status).toBe(204);
        }
      }
    };
    await Promise.all([consume(a), consume(b), consume(a), consume(b)]);
    expect(received).toHaveLength(100);
    expect(new Set(received)).toEqual(sent);
  });
});

describe('lifecycle - graceful shutdown', () => {
  it('goes not-ready, keeps the API answering, lets in-flight deliveries finish, and loses nothing', async () => {
    const dataDir = tempDir('drain');
    const app = await appFor();
    app.respond = () => ({ status: 200, delayMs: 1_500 });
    const config = {
      app: { id: 'drain', url: app.url },
      queues: { jobs: {} },
      shutdown: { gracePeriod: '10s' },
      subscriptions: [{ name: 'jobs', from: { queue: 'jobs' }, deliver: '/jobs', concurrency: 2 }],
    };
    const daemon = await daemonFor({ dataDir, config });
    const ids: string[] = [];
    for (let i = 0; i < 6; i++) ids.push(await command(daemon, 'jobs', { i }));
    await app.waitFor((r) => r.length === 2);
    const exit = daemon.stop('SIGTERM');
    let readyStatus = 200;
    for (let i = 0; i < 50 && readyStatus === 200; i++) {
      readyStatus = (await fetch(`${daemon.adminUrl}/readyz`)).status;
      if (readyStatus === 200) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(readyStatus).toBe(503);
    // The app, stopping too, can still send.
    ids.push(await command(daemon, 'jobs', { late: true }));
    expect(await exit).toBe(0);
    const finished = app.received.length;
    expect(finished).toBe(2);

    app.respond = () => ({ status: 200 });
    const restarted = await daemonFor({ dataDir, config });
    await app.waitFor((r) => r.length === finished + 5, 10_000);
    const delivered = app.received.map((r) => r.headers['ce-id'] as string);
    expect(new Set(delivered)).toEqual(new Set(ids));
    expect(delivered).toHaveLength(ids.length);
    const dead = (await (await fetch(`${restarted.url}/v1/deadletter/jobs`)).json()) as unknown[];
    expect(dead).toHaveLength(0);
  });

  it('releases, never dead-letters, deliveries still running when the grace period ends', async () => {
    const dataDir = tempDir('grace');
    const app = await appFor();
    app.respond = () => ({ status: 200, delayMs: 5_000 });
    const config = {
      app: { id: 'grace', url: app.url },
      queues: { slow: { maxDeliveries: 1 } },
      shutdown: { gracePeriod: '500ms' },
      subscriptions: [{ name: 'slow', from: { queue: 'slow' }, deliver: '/slow', concurrency: 1 }],
    };
    const daemon = await daemonFor({ dataDir, config });
    const id = await command(daemon, 'slow', {});
    await app.waitFor((r) => r.length === 1);
    expect(await daemon.stop('SIGTERM')).toBe(0);

    app.respond = () => ({ status: 200 });
    const restarted = await daemonFor({ dataDir, config });
    await app.waitFor((r) => r.length === 2, 10_000);
    expect(app.received[1]!.headers['ce-id']).toBe(id);
    const dead = (await (await fetch(`${restarted.url}/v1/deadletter/slow`)).json()) as unknown[];
    expect(dead).toHaveLength(0);
  });
});

describe('lifecycle - an app still sending during shutdown', () => {
  it('keeps the API open while requests come over HTTP or gRPC, closes it once both have gone quiet, and loses none', async () => {
    const dataDir = tempDir('quiet');
    const config = { queues: { late: {} }, shutdown: { gracePeriod: '20s' } };
    const daemon = await daemonFor({ dataDir, config });
    const clients = grpcClients(daemon.grpcAddr);
    cleanups.push(async () => clients.close());
    const ids: string[] = [];
    const exit = daemon.stop('SIGTERM');
    const stopped = { at: 0 };
    void exit.then(() => (stopped.at = Date.now()));
    // 300 ms apart, so the API is never quiet for the second it waits for; each protocol alone
    // sends for longer than that, so a protocol whose requests did not count would find it closed.
    const protocols = [...Array<string>(4).fill('http'), ...Array<string>(5).fill('grpc'), ...Array<string>(4).fill('http')];
    for (const [i, protocol] of protocols.entries()) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      if (protocol === 'http') ids.push(await command(daemon, 'late', { i }));
      else ids.push(((await call(clients.command, 'SendCommand', { queue: 'late', event: { data: Buffer.from(`{"i":${i}}`) } })) as { id: string }).id);
    }
    const lastRequestAt = Date.now();
    expect(stopped.at).toBe(0);
    expect(await exit).toBe(0);
    // Quiet means a second without requests; it then closes well inside the grace period.
    expect(stopped.at - lastRequestAt).toBeGreaterThanOrEqual(900);
    expect(stopped.at - lastRequestAt).toBeLessThan(10_000);

    const restarted = await daemonFor({ dataDir, config });
    expect(new Set(await drain(restarted, 'late'))).toEqual(new Set(ids));
  });
});

describe('lifecycle - readers and pullers during shutdown', () => {
  it('ends stream reads and long-polls when draining starts, so shutdown does not wait out the grace period', async () => {
    const daemon = await daemonFor({ config: { queues: { idle: {} }, streams: { log: { partitions: 1 } }, shutdown: { gracePeriod: '30s' } } });
    const reader = fetch(`${daemon.url}/v1/stream/log?from=latest`).then((response) => response.text());
    const puller = fetch(`${daemon.url}/v1/command/idle/receive?waitMs=60000`, { method: 'POST' }).then((response) => response.json());
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = Date.now();
    const exit = daemon.stop('SIGTERM');
    expect(await puller).toEqual([]);
    await reader;
    expect(await exit).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('lifecycle - the app is down', () => {
  it('holds messages without spending delivery attempts until the app comes up', async () => {
    const port = await freePort();
    const config = {
      app: { id: 'late-app', url: `http://127.0.0.1:${port}` },
      queues: { waiting: { maxDeliveries: 2 } },
      topics: { news: {} },
      streams: { feed: { partitions: 1 } },
      subscriptions: [
        { name: 'waiting', from: { queue: 'waiting' }, deliver: '/waiting', retry: { initialBackoff: '10ms', maxBackoff: '50ms' } },
        { name: 'news', from: { topic: 'news' }, deliver: '/news', maxDeliveries: 2 },
        { name: 'feed', from: { stream: 'feed' }, deliver: '/feed', maxDeliveries: 2 },
      ],
    };
    const daemon = await daemonFor({ config });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push(await command(daemon, 'waiting', { i }));
    const post = (path: string) => fetch(daemon.url + path, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect((await post('/v1/publish/news')).status).toBe(202);
    expect((await post('/v1/stream/feed')).status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const app = await appFor(port);
    await app.waitFor((r) => r.length === 7, 15_000);
    expect(new Set(app.received.filter((r) => r.path === '/waiting').map((r) => r.headers['ce-id']))).toEqual(new Set(ids));
    expect(app.received.map((r) => r.headers['outrigger-attempt'])).toEqual(Array(7).fill('1'));
    for (const name of ['waiting', 'news']) {
      expect(await (await fetch(`${daemon.url}/v1/deadletter/${name}`)).json()).toEqual([]);
    }
  });
});

describe('lifecycle - crash', () => {
  it('loses no acknowledged command when killed with SIGKILL under load', async () => {
    const dataDir = tempDir('crash');
    const daemon = await daemonFor({ dataDir });
    const acknowledged: string[] = [];
    let stop = false;
    const writer = async (worker: number): Promise<void> => {
      for (let i = 0; !stop; i++) {
        try {
          acknowledged.push(await command(daemon, 'crash', { worker, i }));
        } catch {
          return; // the daemon is gone: this one was never acknowledged
        }
      }
    };
    const writers = Array.from({ length: 16 }, (_, worker) => writer(worker));
    while (acknowledged.length < 500) await new Promise((resolve) => setTimeout(resolve, 5));
    await daemon.kill();
    stop = true;
    await Promise.all(writers);

    const restarted = await daemonFor({ dataDir });
    const recovered = new Set(await drain(restarted, 'crash'));
    const lost = acknowledged.filter((id) => !recovered.has(id));
    expect(lost).toEqual([]);
    expect(acknowledged.length).toBeGreaterThanOrEqual(500);
  });

  it('loses no acknowledged publish to a push subscription when killed with SIGKILL while pushing: each reaches the app after the restart if not before', async () => {
    const dataDir = tempDir('push-crash');
    const app = await appFor();
    const config = {
      app: { id: 'push-crash', url: app.url },
      topics: { orders: {} },
      // Pushes in flight at the crash come back when their leases run out.
      subscriptions: [{ name: 'push', from: { topic: 'orders' }, deliver: '/events', concurrency: 64, lease: '2s' }],
    };
    const daemon = await daemonFor({ dataDir, config });
    const acknowledged: string[] = [];
    let stop = false;
    const publisher = async (worker: number): Promise<void> => {
      for (let i = 0; !stop; i++) {
        const response = await fetch(`${daemon.url}/v1/publish/orders`, { method: 'POST', body: JSON.stringify({ worker, i }), headers: { 'content-type': 'application/json' } }).catch(() => undefined);
        // The daemon is gone: this one was never acknowledged.
        if (response?.status !== 202) return;
        acknowledged.push(((await response.json()) as { id: string }).id);
      }
    };
    const publishers = Array.from({ length: 16 }, (_, worker) => publisher(worker));
    while (acknowledged.length < 500) await new Promise((resolve) => setTimeout(resolve, 5));
    await daemon.kill();
    stop = true;
    await Promise.all(publishers);
    const pushedBefore = app.received.length;

    await daemonFor({ dataDir, config });
    const arrived = (received: typeof app.received): Set<string> => new Set(received.map((r) => r.headers['ce-id'] as string));
    await app.waitFor((received) => acknowledged.every((id) => arrived(received).has(id)), 15_000).catch(() => undefined);
    const pushed = arrived(app.received);
    expect(acknowledged.filter((id) => !pushed.has(id))).toEqual([]);
    // Pushes were under way when the daemon died.
    expect(pushedBefore).toBeGreaterThan(0);
  });
});
