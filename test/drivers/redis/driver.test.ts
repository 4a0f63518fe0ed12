/**
 * Redis driver cases beyond the conformance suite: leases against the pending entries list,
 * dead letters as a plain client sees them, release on shutdown, and connection failures. Each
 * case runs against the machine's Redis under its own key prefix.
 */
import { RESP_TYPES } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Delivery, InboxRef } from '../../../src/drivers/contract.js';
import type { RedisDriver } from '../../../src/drivers/redis/index.js';
import { createRedisDriver } from '../../../src/drivers/redis/index.js';
import { expectCode, sleep } from '../../conformance/support.js';
import { deletePrefix, openDriver, plainClient, redisUrl, runPrefix, type PlainClient } from './support.js';

const prefix = runPrefix();
const inboxSettings = { maxDeliveries: 3, leaseMs: 30_000, dedupWindowMs: 60_000 };
let admin: PlainClient;
let driver: RedisDriver;
let counter = 0;

beforeAll(async () => {
  admin = await plainClient();
  driver = await openDriver(prefix);
});

afterAll(async () => {
  await driver?.close();
  if (admin !== undefined) {
    await deletePrefix(admin, prefix);
    await admin.close();
  }
});

async function freshQueue(settings = inboxSettings): Promise<InboxRef & { kind: 'queue' }> {
  const queue = `q${++counter}`;
  await driver.queues.ensureQueue(queue, settings);
  return { kind: 'queue', queue };
}

function outbound(n: number, headers: Record<string, string> = {}) {
  return { id: `m-${n}`, headers, data: new TextEncoder().encode(`body ${n}`) };
}

async function receiveOne(inbox: InboxRef, leaseMs?: number): Promise<Delivery> {
  const [delivery] = await driver.inboxes.receive(inbox, { max: 1, waitMs: 3000, ...(leaseMs === undefined ? {} : { leaseMs }) });
  expect(delivery, 'a delivery').toBeDefined();
  return delivery as Delivery;
}

async function deliveryCount(stream: string): Promise<number | undefined> {
  const pending = (await admin.sendCommand(['XPENDING', stream, 'outrigger', '-', '+', '10'])) as [string, string, number, number][];
  return pending[0]?.[3];
}

describe('redis leases', () => {
  it('leases - a lease that ran out answers lease_expired even before anyone claimed the entry again', async () => {
    const inbox = await freshQueue();
    await driver.queues.send(inbox.queue, [outbound(1)]);
    const delivery = await receiveOne(inbox, 150);
    await sleep(300);
    await expectCode(driver.inboxes.ack(inbox, delivery.lease), 'lease_expired');
    const again = await receiveOne(inbox);
    expect([again.id, again.attempt]).toEqual(['m-1', 2]);
    await driver.inboxes.ack(inbox, again.lease);
  });

  it('leases - a lease taken over by another sidecar is lease_expired for the first, and the second settles it', async () => {
    const other = await openDriver(prefix);
    try {
      const inbox = await freshQueue();
      await driver.queues.send(inbox.queue, [outbound(1)]);
      const first = await receiveOne(inbox, 150);
      await sleep(300);
      const [second] = await other.inboxes.receive(inbox, { max: 1, waitMs: 3000 });
      expect(second?.attempt).toBe(2);
      await expectCode(driver.inboxes.renew(inbox, first.lease, 5000), 'lease_expired');
      await expectCode(driver.inboxes.nack(inbox, first.lease), 'lease_expired');
      await other.inboxes.ack(inbox, (second as Delivery).lease);
      expect(await admin.xLen(`${prefix}${inbox.queue}`)).toBe(0);
    } finally {
      await other.close();
    }
  });

  it('leases - the attempt is the delivery count a plain client reads with XPENDING', async () => {
    const inbox = await freshQueue();
    await driver.queues.send(inbox.queue, [outbound(1)]);
    await driver.inboxes.nack(inbox, (await receiveOne(inbox)).lease);
    const second = await receiveOne(inbox);
    expect(second.attempt).toBe(2);
    expect(await deliveryCount(`${prefix}${inbox.queue}`)).toBe(2);
  });

  it('release - a message released on shutdown comes back at the same attempt, and is never dead-lettered for it', async () => {
    const inbox = await freshQueue({ ...inboxSettings, maxDeliveries: 1 });
    await driver.queues.send(inbox.queue, [outbound(1)]);
    for (let i = 0; i < 3; i++) {
      const delivery = await receiveOne(inbox);
      expect(delivery.attempt).toBe(1);
      await driver.inboxes.nack(inbox, delivery.lease, { release: true });
    }
    expect(await driver.inboxes.listDeadLetters(inbox, { limit: 10 })).toEqual([]);
    await driver.inboxes.nack(inbox, (await receiveOne(inbox)).lease);
    expect((await driver.inboxes.listDeadLetters(inbox, { limit: 10 })).map((l) => [l.id, l.attempts])).toEqual([['m-1', 1]]);
  });
});

describe('redis ordering keys', () => {
  it('ordering - a key\'s later message waits parked through the holder\'s lease expiry and release, then comes at attempt 1', async () => {
    const inbox = await freshQueue();
    await driver.queues.send(inbox.queue, [1, 2].map((n) => ({ ...outbound(n), orderingKey: 'k' })));
    const holder = await receiveOne(inbox, 150);
    expect(holder.id).toBe('m-1');
    await sleep(300);
    const again = await receiveOne(inbox);
    expect([again.id, again.attempt]).toEqual(['m-1', 2]);
    await driver.inboxes.nack(inbox, again.lease, { release: true });
    const third = await receiveOne(inbox);
    expect([third.id, third.attempt]).toEqual(['m-1', 2]);
    await driver.inboxes.ack(inbox, third.lease);
    const next = await receiveOne(inbox);
    expect([next.id, next.attempt, next.orderingKey]).toEqual(['m-2', 1, 'k']);
    expect(await deliveryCount(`${prefix}${inbox.queue}`)).toBe(1);
    await driver.inboxes.ack(inbox, next.lease);
    expect(await driver.inboxes.depth(inbox)).toEqual({ ready: 0, inFlight: 0, deadLettered: 0 });
  });
});

describe('redis dead letters', () => {
  it('dead letters - after maxDeliveries the entry is in <queue>.deadletter with its body, headers and reason, and gone from the queue', async () => {
    const inbox = await freshQueue({ ...inboxSettings, maxDeliveries: 2 });
    await driver.queues.send(inbox.queue, [{ ...outbound(1, { 'ce-type': 'Poison' }), data: Uint8Array.from([0, 255, 10]) }]);
    for (let attempt = 1; attempt <= 2; attempt++) await driver.inboxes.nack(inbox, (await receiveOne(inbox)).lease);
    const stream = `${prefix}${inbox.queue}`;
    expect(await admin.xLen(stream)).toBe(0);
    expect(await deliveryCount(stream)).toBeUndefined();
    const binary = admin.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
    const [entry] = (await binary.sendCommand(['XRANGE', `${stream}.deadletter`, '-', '+'])) as [Buffer, Buffer[]][];
    const fields = fieldMap(entry?.[1] ?? []);
    expect(fields.get('data')).toEqual(Buffer.from([0, 255, 10]));
    expect(fields.get('ce-type')?.toString()).toBe('Poison');
    expect(fields.get('outrigger-reason')?.toString()).toBe('max_deliveries_exceeded');
    expect(fields.get('outrigger-attempts')?.toString()).toBe('2');
    expect(await driver.inboxes.depth(inbox)).toEqual({ ready: 0, inFlight: 0, deadLettered: 1 });
  });
});

describe('redis interop with a plain client', () => {
  it('interop - an entry a plain client adds with XADD <queue> * data <body> is delivered with the body as data', async () => {
    const inbox = await freshQueue();
    const entryId = await admin.xAdd(`${prefix}${inbox.queue}`, '*', { data: '{"hello":"world"}', 'content-type': 'application/json' });
    const delivery = await receiveOne(inbox);
    expect(delivery.id).toBe(entryId);
    expect(new TextDecoder().decode(delivery.data)).toBe('{"hello":"world"}');
    expect(delivery.headers).toEqual({ 'content-type': 'application/json' });
    expect(delivery.attempt).toBe(1);
    expect(Math.abs(delivery.enqueuedAt - Date.now())).toBeLessThan(5000);
    await driver.inboxes.ack(inbox, delivery.lease);
  });

  it('interop - what Outrigger sends is readable by a plain client: the body byte for byte and the CloudEvent attributes as fields', async () => {
    const inbox = await freshQueue();
    const data = Uint8Array.from({ length: 256 }, (_, i) => i);
    const headers = { 'ce-specversion': '1.0', 'ce-id': 'e-1', 'ce-type': 'OrderPlaced', 'ce-source': '/shop', 'content-type': 'application/octet-stream' };
    await driver.queues.send(inbox.queue, [{ id: 'e-1', headers, data }]);
    const binary = admin.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
    const [entry] = (await binary.sendCommand(['XRANGE', `${prefix}${inbox.queue}`, '-', '+'])) as [Buffer, Buffer[]][];
    const fields = fieldMap(entry?.[1] ?? []);
    expect(fields.get('data')?.equals(Buffer.from(data))).toBe(true);
    expect(fields.get('id')?.toString()).toBe('e-1');
    for (const [name, value] of Object.entries(headers)) expect(fields.get(name)?.toString()).toBe(value);
  });

  it('interop - a subscription is the stream <topic>:<subscription>, which a plain client can add to as well', async () => {
    const topic = `t${++counter}`;
    await driver.topics.ensureSubscription(topic, 'audit', inboxSettings);
    const inbox = { kind: 'subscription', topic, subscription: 'audit' } as const;
    await admin.xAdd(`${prefix}${topic}:audit`, '*', { data: 'plain' });
    expect(new TextDecoder().decode((await receiveOne(inbox)).data)).toBe('plain');
  });
});

describe('redis connections', () => {
  it('connection - a Redis that does not answer fails connect at once with broker_unavailable, naming the broker', async () => {
    const unreachable = await createRedisDriver({ name: 'cache', settings: { url: 'redis://127.0.0.1:1', connectTimeoutMs: 500 }, dataDir: '.' });
    const error = await expectCode(unreachable.connect(), 'broker_unavailable');
    expect(error.retriable).toBe(true);
    expect(error.message).toContain("Redis broker 'cache'");
    expect(unreachable.isConnected()).toBe(false);
    await unreachable.close();
  });

  it('connection - after Redis drops every connection of the driver, send and receive work again', async () => {
    // A broker name of its own, so that only this driver's connections are dropped: Redis is shared.
    const name = `drop-${prefix}`;
    const own = await createRedisDriver({ name, settings: { url: redisUrl, keyPrefix: prefix }, dataDir: '.' });
    await own.connect();
    try {
      const inbox = { kind: 'queue', queue: `q${++counter}` } as const;
      await own.queues.ensureQueue(inbox.queue, inboxSettings);
      const waiting = own.inboxes.receive(inbox, { max: 1, waitMs: 1500 }).catch((err: unknown) => err);
      await sleep(100);
      const clients = ((await admin.sendCommand(['CLIENT', 'LIST'])) as string).split('\n');
      const ours = clients.filter((line) => line.includes(` name=outrigger:${name} `)).map((line) => /\bid=(\d+)/.exec(line)?.[1] as string);
      expect(ours.length).toBeGreaterThanOrEqual(2);
      for (const id of ours) await admin.sendCommand(['CLIENT', 'KILL', 'ID', id]);
      expect(await waiting).toMatchObject({ code: 'broker_unavailable' });
      let sent = false;
      for (let i = 0; i < 50 && !sent; i++) {
        sent = await own.queues.send(inbox.queue, [outbound(1)]).then(
          () => true,
          async (err: unknown) => {
            expect((err as { code?: string }).code).toBe('broker_unavailable');
            await sleep(100);
            return false;
          },
        );
      }
      expect(sent).toBe(true);
      expect(own.isConnected()).toBe(true);
      const [delivery] = await own.inboxes.receive(inbox, { max: 1, waitMs: 3000 });
      expect(delivery?.id).toBe('m-1');
    } finally {
      await own.close();
    }
  });

  it('receive - an aborted long-poll returns at once, and the driver still receives afterwards', async () => {
    const inbox = await freshQueue();
    const abort = new AbortController();
    const started = Date.now();
    const pending = driver.inboxes.receive(inbox, { max: 1, waitMs: 10_000, signal: abort.signal });
    await sleep(100);
    abort.abort();
    expect(await pending).toEqual([]);
    expect(Date.now() - started).toBeLessThan(2000);
    await driver.queues.send(inbox.queue, [outbound(1)]);
    expect((await receiveOne(inbox)).id).toBe('m-1');
  });

  it('receive - a long-poll already waiting wakes for a message another sidecar nacks, not at the end of waitMs', async () => {
    const other = await openDriver(prefix);
    try {
      const inbox = await freshQueue();
      await driver.queues.send(inbox.queue, [outbound(1)]);
      const held = await receiveOne(inbox);
      const started = Date.now();
      const waiting = other.inboxes.receive(inbox, { max: 1, waitMs: 10_000 });
      await sleep(200);
      await driver.inboxes.nack(inbox, held.lease, { retryAfterMs: 300 });
      const [again] = await waiting;
      expect([again?.id, again?.attempt]).toEqual(['m-1', 2]);
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await other.close();
    }
  });

  it('limits - a message whose headers push it over maxMessageBytes is payload_too_large', async () => {
    const small = await openDriver(prefix, { maxMessageBytes: 1024 });
    try {
      const inbox = await freshQueue();
      const message = { ...outbound(1, { 'x-padding': 'p'.repeat(1000) }), data: new Uint8Array(100) };
      await expectCode(small.queues.send(inbox.queue, [message]), 'payload_too_large');
    } finally {
      await small.close();
    }
  });
});

function fieldMap(fields: Buffer[]): Map<string, Buffer> {
  const map = new Map<string, Buffer>();
  for (let i = 0; i + 1 < fields.length; i += 2) if (!map.has((fields[i] as Buffer).toString())) map.set((fields[i] as Buffer).toString(), fields[i + 1] as Buffer);
  return map;
}
