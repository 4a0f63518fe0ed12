/**
 * NATS stopped and started again under load (issue 15): a private `nats-server -js` with its own
 * store, a producer and two consumers running throughout, a subscription fed by a publisher, a
 * stream appended to and read by a consumer group, and a backlog with one lease held across the
 * outage. An orderly stop (SIGTERM) and a crash of the
 * server process (SIGKILL). Nothing acknowledged to a sender is lost, the consumers resume by
 * themselves, and the driver reports itself disconnected (readiness: /readyz reads isConnected)
 * while the server is down and connected again afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNatsDriver, type NatsDriver } from '../../../src/drivers/nats/index.js';
import { eventually, sleep } from '../../conformance/support.js';
import { startLoad } from '../../infra/helpers/outage-load.js';
import { PrivateNats } from './private-server.js';

let server: PrivateNats;
let opened: NatsDriver[] = [];

async function open(): Promise<NatsDriver> {
  const driver = await createNatsDriver({ name: 'outage', settings: { servers: server.url, connectTimeoutMs: 1000 }, dataDir: '.' });
  await driver.connect();
  opened.push(driver);
  return driver;
}

async function outage(signal: NodeJS.Signals): Promise<void> {
  const producer = await open();
  const consumer = await open();
  const queue = { kind: 'queue', queue: 'orders' } as const;
  const sub = { kind: 'subscription', topic: 'events', subscription: 'audit' } as const;
  const settings = { maxDeliveries: 50, leaseMs: 2000, dedupWindowMs: 60_000 };
  await producer.queues.ensureQueue(queue.queue, settings);
  await producer.topics.ensureSubscription(sub.topic, sub.subscription, settings);
  const text = (id: string): Uint8Array => new TextEncoder().encode(id);
  const commands = startLoad((id) => producer.queues.send(queue.queue, [{ id, headers: {}, data: text(id) }]), [
    { driver: consumer, ref: queue },
    { driver: producer, ref: queue },
  ], 'c');
  const events = startLoad((id) => producer.topics.publish(sub.topic, [{ id, headers: { 'ce-type': 'Audited' }, data: text(id) }]), [{ driver: consumer, ref: sub }], 'e');
  // A stream appended to throughout, read by a consumer group on the other connection.
  await producer.streams.ensureStream('telemetry', { partitions: 2, retentionMs: 3600_000 });
  const appended = new Set<string>();
  const processed = new Set<string>();
  const appendFailures = new Set<string>();
  let appending = true;
  let a = 0;
  const appender = (async () => {
    while (appending) {
      const id = `s${++a}`;
      try {
        await producer.streams.append('telemetry', [{ id, headers: {}, data: text(id) }]);
        appended.add(id);
      } catch (err) {
        appendFailures.add((err as { code?: string }).code ?? 'other');
        await sleep(50);
      }
    }
  })();
  const group = await consumer.streams.consume('telemetry', 'readers', { start: { kind: 'earliest' }, maxBatch: 20 }, {
    processEvents: async (batch, context) => {
      for (const event of batch) processed.add(event.id);
      const last = batch.at(-1);
      if (last !== undefined) await context.checkpoint(last.offset);
    },
  });
  expect(await eventually(() => commands.received.size >= 50 && events.received.size >= 50 && processed.size >= 50, 10_000)).toBe(true);

  // A backlog nobody reads during the outage, one of its leases held across it.
  const parked = { kind: 'queue', queue: 'parked' } as const;
  await producer.queues.ensureQueue(parked.queue, { maxDeliveries: 5, leaseMs: 60_000, dedupWindowMs: 60_000 });
  await producer.queues.send(parked.queue, Array.from({ length: 100 }, (_, i) => ({ id: `p${i}`, headers: {}, data: new Uint8Array([i]) })));
  const [held] = await producer.inboxes.receive(parked, { max: 1, waitMs: 1000 });
  expect(held).toBeDefined();

  await server.stop(signal);
  expect(await eventually(() => !producer.isConnected() && !consumer.isConnected(), 5000)).toBe(true);
  const confirmedWhileDown = commands.confirmed.size + events.confirmed.size;
  // Longer than half the group lease: the member stops its partitions and must take them again.
  await sleep(3000);
  expect(commands.confirmed.size + events.confirmed.size).toBe(confirmedWhileDown);
  await server.start();
  expect(await eventually(() => producer.isConnected() && consumer.isConnected(), 15_000)).toBe(true);
  expect(await eventually(() => commands.confirmed.size + events.confirmed.size > confirmedWhileDown + 100, 15_000)).toBe(true);
  const appendedAfter = appended.size;
  expect(await eventually(() => appended.size > appendedAfter + 50, 10_000)).toBe(true);

  await commands.stop();
  await events.stop();
  appending = false;
  await appender;
  expect(await eventually(() => [...appended].every((id) => processed.has(id)), 15_000)).toBe(true);
  expect(group.ownedPartitions()).toEqual([0, 1]);
  await group.close();
  expect([...appendFailures].filter((code) => code !== 'broker_unavailable' && code !== 'timeout')).toEqual([]);
  for (const run of [commands, events]) {
    expect([...run.confirmed].filter((id) => !run.received.has(id))).toEqual([]);
    // Every failure seen was the retriable kind core retries, never an internal error.
    expect([...run.failures.keys()].filter((code) => code !== 'broker_unavailable' && code !== 'timeout' && code !== 'lease_expired')).toEqual([]);
  }
  expect((commands.failures.get('broker_unavailable') ?? 0) + (commands.failures.get('timeout') ?? 0)).toBeGreaterThan(0);
  expect(await producer.inboxes.depth(parked)).toEqual({ ready: 99, inFlight: 1, deadLettered: 0 });
  await producer.inboxes.ack(parked, held?.lease ?? '');
  expect(await producer.inboxes.depth(parked)).toEqual({ ready: 99, inFlight: 0, deadLettered: 0 });
}

for (const { title, signal, how } of [
  { title: 'nats outage', signal: 'SIGTERM', how: 'stopped (SIGTERM)' },
  { title: 'nats outage, server process killed', signal: 'SIGKILL', how: 'killed (SIGKILL)' },
] as const) {
  describe(title, () => {
    beforeAll(async () => {
      server = await PrivateNats.start();
    });
    afterAll(async () => {
      await Promise.all(opened.map((driver) => driver.close()));
      opened = [];
      await server?.remove();
    });

    it(`outage - nats-server ${how} and started under load: no confirmed message lost, consumers resume, readiness flips and recovers`, { timeout: 60_000 }, () =>
      outage(signal));
  });
}
