/**
 * A consumer-group member cut off from NATS (its connection runs through a proxy the test shuts)
 * without closing, after the two members split the partitions: it stops its partition once it
 * could not beat for half the lease, and the other member takes it after the lease and resumes
 * after the checkpoint, with nothing lost and no partition run in two places at once.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket, connect as tcpConnect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import type { PartitionProcessor, StreamEvent } from '../../../src/drivers/contract.js';
import { createNatsDriver, type NatsDriver } from '../../../src/drivers/nats/index.js';
import { eventually, sleep } from '../../conformance/support.js';
import { deleteStreamsSince, natsUrl } from '../../infra/helpers/nats.js';

const run = randomUUID().slice(0, 8);
const started = new Date();
const opened: NatsDriver[] = [];

/** A TCP proxy to the NATS server that can be shut, cutting every connection through it. */
async function proxy(): Promise<{ url: string; shut(): void }> {
  const target = new URL(natsUrl.replace(/^nats:/, 'http:'));
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = tcpConnect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => sockets.delete(socket));
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `nats://127.0.0.1:${port}`,
    shut: () => {
      server.close();
      for (const socket of sockets) socket.destroy();
    },
  };
}

async function open(servers: string): Promise<NatsDriver> {
  const driver = await createNatsDriver({ name: 'takeover', settings: { servers, connectTimeoutMs: 500 }, dataDir: '.' });
  await driver.connect();
  opened.push(driver);
  return driver;
}

afterAll(async () => {
  await Promise.all(opened.map((driver) => driver.close()));
  await deleteStreamsSince(started, (name) => name.includes(run));
});

describe('nats consumer groups - a member cut off', () => {
  it('takeover - the cut-off member stops its partitions, the other takes them after the lease and resumes after the checkpoint', { timeout: 40_000 }, async () => {
    const link = await proxy();
    const cut = await open(link.url);
    const other = await open(natsUrl);
    const stream = `gt-${run}`;
    await other.streams.ensureStream(stream, { partitions: 2, retentionMs: 3600_000 });
    const event = (n: number) => ({ id: `e${n}`, headers: {}, data: new TextEncoder().encode(String(n)), partition: n % 2 });
    await other.streams.append(stream, Array.from({ length: 10 }, (_, i) => event(i + 1)));

    const active = new Map<number, number>();
    const violations: string[] = [];
    const recorder = (seen: StreamEvent[]): PartitionProcessor => ({
      processEvents: async (events, context) => {
        if ((active.get(context.partition) ?? 0) > 0) violations.push(`partition ${context.partition} ran twice at once`);
        active.set(context.partition, (active.get(context.partition) ?? 0) + 1);
        try {
          await sleep(5);
          seen.push(...events);
          await context.checkpoint((events.at(-1) as StreamEvent).offset);
        } finally {
          active.set(context.partition, (active.get(context.partition) ?? 1) - 1);
        }
      },
    });
    const first: StreamEvent[] = [];
    const second: StreamEvent[] = [];
    const options = { start: { kind: 'earliest' as const }, maxBatch: 5 };
    const a = await cut.streams.consume(stream, 'g', options, recorder(first));
    expect(await eventually(() => a.ownedPartitions().length === 2 && first.length >= 10, 10_000)).toBe(true);
    const b = await other.streams.consume(stream, 'g', options, recorder(second));
    expect(await eventually(() => a.ownedPartitions().length === 1 && b.ownedPartitions().length === 1, 10_000)).toBe(true);

    link.shut();
    const cutAt = Date.now();
    await other.streams.append(stream, Array.from({ length: 10 }, (_, i) => event(i + 11)));
    expect(await eventually(() => a.ownedPartitions().length === 0, 10_000)).toBe(true);
    expect(await eventually(() => b.ownedPartitions().length === 2, 15_000)).toBe(true);
    // Not before the cut-off member's heartbeat was a lease (5 s) old.
    expect(Date.now() - cutAt).toBeGreaterThanOrEqual(3000);
    expect(await eventually(() => second.length >= 10, 10_000)).toBe(true);
    await sleep(300);
    const numbers = (events: StreamEvent[]): number[] => events.map((e) => Number(new TextDecoder().decode(e.data))).sort((x, y) => x - y);
    expect(numbers(first)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    expect(numbers(second)).toEqual(Array.from({ length: 10 }, (_, i) => i + 11));
    expect(violations).toEqual([]);
    await b.close();
  });
});
