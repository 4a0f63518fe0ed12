/**
 * A half-open connection: Redis (here, a proxy in front of it) stops answering without closing
 * anything, as after a network partition, where TCP would take minutes to notice. The driver
 * takes a command unanswered for commandTimeoutMs as a dead connection and replaces it, and a
 * long-poll on a silent connection ends within waitMs + commandTimeoutMs.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedisDriver } from '../../../src/drivers/redis/index.js';
import { createRedisDriver } from '../../../src/drivers/redis/index.js';
import { eventually } from '../../conformance/support.js';
import { deletePrefix, plainClient, redisUrl, runPrefix, type PlainClient } from './support.js';

/** Forwards to Redis; `freeze` makes every connection open now go silent, both ways, while new ones work. */
class FreezingProxy {
  readonly #server: Server;
  readonly #open = new Set<{ frozen: boolean; sockets: Socket[] }>();

  private constructor(server: Server) {
    this.#server = server;
  }

  static async start(target: URL): Promise<FreezingProxy> {
    const server = createServer();
    const proxy = new FreezingProxy(server);
    server.on('connection', (client) => {
      const upstream = connect(Number(target.port || 6379), target.hostname);
      const pair = { frozen: false, sockets: [client, upstream] };
      proxy.#open.add(pair);
      client.on('data', (data) => void (pair.frozen || upstream.write(data)));
      upstream.on('data', (data) => void (pair.frozen || client.write(data)));
      const end = (): void => {
        proxy.#open.delete(pair);
        client.destroy();
        upstream.destroy();
      };
      for (const socket of pair.sockets) socket.on('close', end).on('error', end);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get url(): string {
    const address = this.#server.address();
    if (address === null || typeof address === 'string') throw new Error('proxy not listening');
    return `redis://127.0.0.1:${address.port}`;
  }

  freeze(): void {
    for (const pair of this.#open) pair.frozen = true;
  }

  async close(): Promise<void> {
    for (const pair of this.#open) for (const socket of pair.sockets) socket.destroy();
    await new Promise((resolve) => this.#server.close(resolve));
  }
}

const prefix = runPrefix();
let admin: PlainClient;
let proxy: FreezingProxy;
let driver: RedisDriver;

beforeAll(async () => {
  admin = await plainClient();
  proxy = await FreezingProxy.start(new URL(redisUrl));
  driver = await createRedisDriver({ name: 'half-open', settings: { url: proxy.url, keyPrefix: prefix, commandTimeoutMs: 400 }, dataDir: '.' });
  await driver.connect();
});

afterAll(async () => {
  await driver?.close();
  await proxy?.close();
  if (admin !== undefined) {
    await deletePrefix(admin, prefix);
    await admin.close();
  }
});

const message = (n: number) => ({ id: `m${n}`, headers: {}, data: new TextEncoder().encode(String(n)) });

describe('redis half-open connection', () => {
  it('half-open - a silent connection fails the command within commandTimeoutMs as broker_unavailable, is replaced, and later calls work', async () => {
    const inbox = { kind: 'queue', queue: 'q' } as const;
    await driver.queues.ensureQueue(inbox.queue, { maxDeliveries: 5, leaseMs: 30_000, dedupWindowMs: 60_000 });
    const waiting = driver.inboxes.receive(inbox, { max: 1, waitMs: 500 });
    proxy.freeze();
    const started = Date.now();
    const error = await driver.queues.send(inbox.queue, [message(1)]).then(
      () => undefined,
      (err: unknown) => err as { code?: string; retriable?: boolean },
    );
    expect(error).toMatchObject({ code: 'broker_unavailable', retriable: true });
    expect(Date.now() - started).toBeLessThan(2000);
    // The long-poll on its own (now silent) connection ends too, within waitMs + commandTimeoutMs.
    await expect(Promise.race([waiting.then(() => 'ended', () => 'ended'), new Promise((resolve) => setTimeout(() => resolve('hung'), 3000))])).resolves.toBe('ended');

    let sent = false;
    await eventually(async () => (sent = await driver.queues.send(inbox.queue, [message(2)]).then(() => true, () => false)), 5000, 100);
    expect(sent).toBe(true);
    expect(driver.isConnected()).toBe(true);
    const deliveries = await driver.inboxes.receive(inbox, { max: 5, waitMs: 2000 });
    expect(deliveries.map((d) => d.id)).toContain('m2');
    expect(driver.eventCounts().connections_replaced).toBeGreaterThanOrEqual(1);
  });
});
