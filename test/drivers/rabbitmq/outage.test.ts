/**
 * RabbitMQ stopped and started again under load (issue 15): a private rabbitmq-server
 * (private-server.ts), a producer and two consumers running throughout on an ordered quorum queue
 * (half of the messages keyed, so per-key order is checked across the outage too); once
 * with an orderly stop (rabbitmqctl stop) and once with the Erlang VM killed (SIGKILL). Nothing
 * confirmed to the producer is lost, the consumers resume by themselves (connection, channel and
 * consumer recovery in the driver), and the driver reports itself disconnected while the server
 * is down and connected again afterwards. A backlog nobody reads during the outage comes back
 * whole, and a lease held across it answers lease_expired.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRabbitmqDriver, type RabbitmqDriver } from '../../../src/drivers/rabbitmq/index.js';
import { eventually, sleep } from '../../conformance/support.js';
import { PrivateRabbit } from './private-server.js';

let server: PrivateRabbit;
const opened: RabbitmqDriver[] = [];

async function open(): Promise<RabbitmqDriver> {
  const driver = await createRabbitmqDriver({ name: 'outage', settings: { url: server.url, connectTimeoutMs: 1000 }, dataDir: '.' });
  await driver.connect();
  opened.push(driver);
  return driver;
}

beforeAll(async () => {
  server = await PrivateRabbit.start();
  console.info(`private rabbitmq-server ${server.node} started in ${server.lastStartMs} ms`);
}, 120_000);

afterAll(async () => {
  await Promise.all(opened.map((driver) => driver.close()));
  await server?.remove();
}, 120_000);

async function outage(how: 'orderly' | 'crash'): Promise<void> {
  const producer = await open();
  const consumers = [await open(), await open()];
  const inbox = { kind: 'queue', queue: `orders-${how}` } as const;
  // An ordered queue: every other message has an ordering key, so key-hash queues with a single
  // active consumer are recovered too; each sidecar ensures it, as the daemon does at start.
  for (const driver of [producer, ...consumers]) await driver.queues.ensureQueue(inbox.queue, { maxDeliveries: 50, leaseMs: 5000, dedupWindowMs: 0, ordered: true });
  const keys = ['k0', 'k1', 'k2', 'k3'];
  const sequence = new Map<string, number>();
  const firstSeen = new Map<string, number[]>(keys.map((key) => [key, []]));
  const confirmed = new Set<string>();
  const received = new Set<string>();
  const failures = new Map<string, number>();
  const count = (err: unknown): void => {
    const code = (err as { code?: string }).code ?? 'other';
    failures.set(code, (failures.get(code) ?? 0) + 1);
  };
  let producing = true;
  let consuming = true;
  let n = 0;

  // What core does with a retriable error: wait a little, try again.
  const produce = async (): Promise<void> => {
    while (producing) {
      const ids = [`${how}-${++n}`, `${how}-${++n}`];
      const key = keys[(n / 2) % keys.length] as string;
      const seq = (sequence.get(key) ?? 0) + 1;
      sequence.set(key, seq);
      try {
        await producer.queues.send(inbox.queue, [
          { id: ids[0] as string, headers: {}, data: new TextEncoder().encode('unkeyed') },
          { id: ids[1] as string, headers: {}, data: new TextEncoder().encode(`${key}:${seq}`), orderingKey: key },
        ]);
        for (const id of ids) confirmed.add(id);
      } catch (err) {
        count(err);
        await sleep(100);
      }
    }
  };
  const consume = async (driver: RabbitmqDriver): Promise<void> => {
    while (consuming) {
      try {
        for (const delivery of await driver.inboxes.receive(inbox, { max: 8, waitMs: 200 })) {
          if (delivery.orderingKey !== undefined && !received.has(delivery.id)) {
            const [key, seq] = new TextDecoder().decode(delivery.data).split(':');
            firstSeen.get(key as string)?.push(Number(seq));
          }
          received.add(delivery.id);
          await driver.inboxes.ack(inbox, delivery.lease).catch(count);
        }
      } catch (err) {
        count(err);
        await sleep(100);
      }
    }
  };
  // A backlog nobody reads during the outage, one of it leased.
  const parked = { kind: 'queue', queue: `parked-${how}` } as const;
  await producer.queues.ensureQueue(parked.queue, { maxDeliveries: 5, leaseMs: 60_000, dedupWindowMs: 0 });
  await producer.queues.send(parked.queue, Array.from({ length: 100 }, (_, i) => ({ id: `p${i}`, headers: {}, data: new Uint8Array([i]) })));
  const [held] = await producer.inboxes.receive(parked, { max: 1, waitMs: 2000 });
  expect(held?.id).toBe('p0');

  const t0 = Date.now();
  const mark = (what: string): void => console.info(`${how} +${Date.now() - t0} ms: ${what} (confirmed ${confirmed.size}, received ${received.size}, failures ${JSON.stringify([...failures])})`);
  const running = [produce(), ...consumers.map(consume)];
  expect(await eventually(() => received.size >= 100, 20_000)).toBe(true);

  // Load for a while first: a quorum queue declared a moment before a crash may not elect its
  // leader again on 3.10 (seen here: 'leader not known' for a minute), which is not what this tests.
  await sleep(2000);
  mark('stopping');
  await server.stop(how);
  mark('stopped');
  expect(await eventually(() => [producer, ...consumers].every((d) => !d.isConnected()), 10_000)).toBe(true);
  const confirmedWhileDown = confirmed.size;
  await sleep(1000);
  // Nothing is confirmed while the server is down.
  expect(confirmed.size).toBe(confirmedWhileDown);
  await server.start();
  console.info(`private rabbitmq-server restarted (${how}) in ${server.lastStartMs} ms`);
  expect(await eventually(() => [producer, ...consumers].every((d) => d.isConnected()), 20_000)).toBe(true);
  mark('reconnected');
  const receivedAtRestart = received.size;
  expect(await eventually(() => confirmed.size > confirmedWhileDown + 100, 20_000)).toBe(true);
  // Both consumers resumed by themselves: each receives again without being told.
  expect(await eventually(() => received.size > receivedAtRestart + 100, 20_000)).toBe(true);

  mark('resumed');
  producing = false;
  await running[0];
  const lost = (): string[] => [...confirmed].filter((id) => !received.has(id));
  expect(await eventually(() => lost().length === 0, 20_000)).toBe(true);
  expect(lost()).toEqual([]);
  mark('all received');
  consuming = false;
  await Promise.all(running);

  // Per key, the first deliveries came in the order sent, across both sidecars and the outage.
  for (const key of keys) {
    const seen = firstSeen.get(key) ?? [];
    expect(seen.length).toBeGreaterThan(10);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  }

  // The lease did not survive the connection; the message is back with the rest of the backlog.
  await expect(producer.inboxes.ack(parked, held?.lease ?? '')).rejects.toMatchObject({ code: 'lease_expired' });
  const back = new Set<string>();
  const deadline = Date.now() + 20_000;
  while (back.size < 100 && Date.now() < deadline) {
    try {
      for (const delivery of await producer.inboxes.receive(parked, { max: 50, waitMs: 500 })) {
        back.add(delivery.id);
        await producer.inboxes.ack(parked, delivery.lease);
      }
    } catch (err) {
      count(err);
      await sleep(100);
    }
  }
  expect(back.size).toBe(100);
  expect(await producer.inboxes.depth(parked)).toEqual({ ready: 0, inFlight: 0, deadLettered: 0 });
  // Every failure seen was the retriable kind core retries, never an internal error.
  expect([...failures.keys()].filter((code) => code !== 'broker_unavailable' && code !== 'lease_expired')).toEqual([]);
  expect(failures.get('broker_unavailable') ?? 0).toBeGreaterThan(0);
}

describe('rabbitmq outage, private rabbitmq-server with quorum queues', () => {
  it('outage - RabbitMQ stopped (rabbitmqctl stop) and started under load: no confirmed message lost, consumers resume, readiness flips and recovers', { timeout: 120_000 }, () => outage('orderly'));

  it('outage - RabbitMQ killed (SIGKILL) and started under load: no confirmed message lost, consumers resume, readiness flips and recovers', { timeout: 120_000 }, () => outage('crash'));
});
