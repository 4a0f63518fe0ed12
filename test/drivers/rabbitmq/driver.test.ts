/**
 * RabbitMQ driver cases beyond the conformance suite, against the machine's RabbitMQ (fails when
 * it does not answer): answers only after the publisher confirm, leases lost with the connection,
 * dead-lettering with nothing lost, release at close, and interop with a plain AMQP client.
 */
import { randomUUID } from 'node:crypto';
import type { Connection } from 'rabbitmq-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Delivery, InboxRef } from '../../../src/drivers/contract.js';
import { createRabbitmqDriver, type RabbitmqDriver } from '../../../src/drivers/rabbitmq/index.js';
import { validateConfigFile } from '../../../src/config/load.js';
import { OutriggerError } from '../../../src/kernel/errors.js';
import { created, deleteCreated, inboxQueues, plainRabbit, rabbitUrl } from '../../infra/helpers/rabbitmq.js';
import { eventually, expectCode } from '../../conformance/support.js';
import { writeConfig } from '../../unit/config/support.js';
import { startProxy, type Proxy } from './proxy.js';

const run = randomUUID().slice(0, 8);
const made = created();
const opened: RabbitmqDriver[] = [];
let plain: Connection;
let counter = 0;
const inbox = { maxDeliveries: 3, leaseMs: 30_000, dedupWindowMs: 0 };
const utf8 = new TextEncoder();

function name(prefix: string): string {
  const queue = `rd${prefix}-${run}-${++counter}`;
  for (const each of inboxQueues(queue)) made.queues.add(each);
  return queue;
}

async function open(url = rabbitUrl): Promise<RabbitmqDriver> {
  const driver = await createRabbitmqDriver({ name: 'test', settings: { url }, dataDir: '.' });
  await driver.connect();
  opened.push(driver);
  return driver;
}

async function receiveOne(driver: RabbitmqDriver, ref: InboxRef, waitMs = 3000): Promise<Delivery> {
  const [delivery] = await driver.inboxes.receive(ref, { max: 1, waitMs });
  expect(delivery, 'a delivery').toBeDefined();
  return delivery as Delivery;
}

beforeAll(async () => {
  plain = await plainRabbit();
});

afterAll(async () => {
  await Promise.all(opened.map((driver) => driver.close()));
  await plain?.close();
  await deleteCreated(made);
});

describe('rabbitmq driver - confirms', () => {
  it('confirms - a send is answered only after the broker confirmed it: a message the queue refuses fails the send', async () => {
    const driver = await open();
    const queue = name('full');
    // A queue of one message that refuses more: the broker nacks the second publish (a classic
    // queue applies the limit at once; a quorum queue only approximately).
    await plain.queueDeclare({ queue, durable: true, arguments: { 'x-queue-type': 'classic', 'x-max-length': 1, 'x-overflow': 'reject-publish' } });
    await driver.queues.send(queue, [{ id: `${run}-1`, headers: {}, data: utf8.encode('one') }]);
    const refused = await expectCode(driver.queues.send(queue, [{ id: `${run}-2`, headers: {}, data: utf8.encode('two') }]), 'broker_unavailable');
    expect(refused.retriable).toBe(true);
    const got = await plain.basicGet({ queue, noAck: true });
    expect(got?.messageId).toBe(`${run}-1`);
  });

  it('confirms - a send to a queue that does not exist fails with unknown_resource instead of vanishing unroutable', async () => {
    const driver = await open();
    await expectCode(driver.queues.send(`nowhere-${run}`, [{ id: 'x', headers: {}, data: utf8.encode('lost?') }]), 'unknown_resource');
  });
});

describe('rabbitmq driver - connection loss', () => {
  let proxy: Proxy;
  beforeAll(async () => {
    proxy = await startProxy(5672);
  });
  afterAll(() => proxy.close());

  it('connection loss - a lease held on the lost connection answers lease_expired, and the message comes back with the attempt counted', async () => {
    const setup = await open();
    const queue = name('lost');
    const ref = { kind: 'queue', queue } as const;
    await setup.queues.ensureQueue(queue, inbox);
    await setup.queues.send(queue, [{ id: `${run}-lost`, headers: {}, data: utf8.encode('held') }]);

    const driver = await open(rabbitUrl.replace(':5672', `:${proxy.port}`));
    const first = await receiveOne(driver, ref);
    expect(first.attempt).toBe(1);
    proxy.cut();
    expect(await eventually(() => !driver.isConnected(), 5000)).toBe(true);
    expect(await eventually(() => driver.isConnected(), 10_000)).toBe(true);
    await expectCode(driver.inboxes.ack(ref, first.lease), 'lease_expired');
    await expectCode(driver.inboxes.renew(ref, first.lease, 1000), 'lease_expired');
    const again = await receiveOne(driver, ref, 5000);
    expect(again).toMatchObject({ id: `${run}-lost`, attempt: 2 });
    await driver.inboxes.ack(ref, again.lease);
    expect(await driver.inboxes.depth(ref)).toEqual({ ready: 0, inFlight: 0, deadLettered: 0 });
  });
});

describe('rabbitmq driver - prefetch', () => {
  it('prefetch - what a sidecar prefetched but nobody took goes back uncounted after 5 s without a receive, to be taken by another sidecar', { timeout: 20_000 }, async () => {
    const first = await open();
    const second = await open();
    const queue = name('idle');
    const ref = { kind: 'queue', queue } as const;
    await first.queues.ensureQueue(queue, inbox);
    // A receive asking for 10 makes room for 10: what is sent next is prefetched by the first sidecar.
    expect(await first.inboxes.receive(ref, { max: 10, waitMs: 50 })).toEqual([]);
    const ids = [1, 2, 3].map((i) => `${run}-idle-${i}`);
    await first.queues.send(queue, ids.map((id) => ({ id, headers: {}, data: utf8.encode(id) })));
    expect(await eventually(async () => (await first.inboxes.depth(ref)).inFlight === 3, 3000)).toBe(true);
    expect(await second.inboxes.receive(ref, { max: 10, waitMs: 1000 })).toEqual([]);
    const got: Delivery[] = [];
    const deadline = Date.now() + 10_000;
    while (got.length < 3 && Date.now() < deadline) got.push(...(await second.inboxes.receive(ref, { max: 10, waitMs: 1000 })));
    expect(got.map((d) => [d.id, d.attempt]).sort()).toEqual(ids.map((id) => [id, 1]));
    for (const delivery of got) await second.inboxes.ack(ref, delivery.lease);
  });
});

describe('rabbitmq driver - consumer cancelled by the server', () => {
  it('cancel - a queue deleted under a consumer fails the next receive and send with unknown_resource; declared again, it is consumed again', async () => {
    const driver = await open();
    const queue = name('gone');
    const ref = { kind: 'queue', queue } as const;
    await driver.queues.ensureQueue(queue, inbox);
    expect(await driver.inboxes.receive(ref, { max: 1, waitMs: 100 })).toEqual([]);
    await plain.queueDelete({ queue });
    await expectCode(driver.inboxes.receive(ref, { max: 1, waitMs: 500 }), 'unknown_resource');
    // The driver had seen the queue; the send comes back unroutable instead of confirmed dropped.
    await expectCode(driver.queues.send(queue, [{ id: `${run}-lost`, headers: {}, data: utf8.encode('nowhere') }]), 'unknown_resource');
    await driver.queues.ensureQueue(queue, inbox);
    await driver.queues.send(queue, [{ id: `${run}-back`, headers: {}, data: utf8.encode('back') }]);
    const got = await receiveOne(driver, ref);
    expect(got.id).toBe(`${run}-back`);
    await driver.inboxes.ack(ref, got.lease);
  });
});

describe('rabbitmq driver - a copy that cannot be written', () => {
  it('copies - a dead letter into a deleted dead-letter queue fails the nack, and the message comes back instead of staying unacked', async () => {
    const driver = await open();
    const queue = name('nodlq');
    const ref = { kind: 'queue', queue } as const;
    await driver.queues.ensureQueue(queue, inbox);
    await driver.queues.send(queue, [{ id: `${run}-poison`, headers: {}, data: utf8.encode('poison') }]);
    const first = await receiveOne(driver, ref);
    await plain.queueDelete({ queue: `${queue}.deadletter` });
    await expectCode(driver.inboxes.nack(ref, first.lease, { deadLetter: true, reason: 'bad' }), 'unknown_resource');
    const again = await receiveOne(driver, ref);
    expect(again).toMatchObject({ id: `${run}-poison`, attempt: 2 });
    await driver.inboxes.ack(ref, again.lease);
  });
});

describe('rabbitmq driver - half-open connection', () => {
  let proxy: Proxy;
  beforeAll(async () => {
    proxy = await startProxy(5672);
  });
  afterAll(() => proxy.close());

  it('half-open - a connection that goes silent is given up after about two heartbeats and replaced; a consumer resumes on the new one', async () => {
    const setup = await open();
    const queue = name('silent');
    const ref = { kind: 'queue', queue } as const;
    await setup.queues.ensureQueue(queue, inbox);
    const driver = await createRabbitmqDriver({ name: 'test', settings: { url: rabbitUrl.replace(':5672', `:${proxy.port}`), heartbeatSeconds: 1, connectTimeoutMs: 1000 }, dataDir: '.' });
    await driver.connect();
    opened.push(driver);
    expect(await driver.inboxes.receive(ref, { max: 1, waitMs: 100 })).toEqual([]);
    const frozenAt = Date.now();
    proxy.freeze();
    expect(await eventually(() => !driver.isConnected(), 6000)).toBe(true);
    expect(Date.now() - frozenAt).toBeLessThan(5000);
    expect(await eventually(() => driver.isConnected(), 10_000)).toBe(true);
    await setup.queues.send(queue, [{ id: `${run}-after`, headers: {}, data: utf8.encode('after') }]);
    const again = await receiveOne(driver, ref, 5000);
    expect(again.id).toBe(`${run}-after`);
    await driver.inboxes.ack(ref, again.lease);
  });
});

describe('rabbitmq driver - dead letters and release', () => {
  it('dead letters - every message nacked maxDeliveries times is in the dead-letter queue: nothing lost', async () => {
    const driver = await open();
    const queue = name('dl');
    const ref = { kind: 'queue', queue } as const;
    await driver.queues.ensureQueue(queue, { ...inbox, maxDeliveries: 2 });
    const ids = Array.from({ length: 6 }, (_, i) => `${run}-dl-${i}`);
    await driver.queues.send(queue, ids.map((id) => ({ id, headers: { 'ce-type': 'Poison' }, data: utf8.encode(id) })));
    for (let round = 0; round < 2; round++) {
      const got = await driver.inboxes.receive(ref, { max: 10, waitMs: 2000 });
      expect(got.map((d) => [d.id, d.attempt])).toEqual(ids.map((id) => [id, round + 1]));
      for (const delivery of got) await driver.inboxes.nack(ref, delivery.lease);
    }
    const letters = await driver.inboxes.listDeadLetters(ref, { limit: 100 });
    expect(letters.map((l) => [l.id, l.reason, l.attempts]).sort()).toEqual(ids.map((id) => [id, 'max_deliveries_exceeded', 2]));
    expect(await driver.inboxes.depth(ref)).toEqual({ ready: 0, inFlight: 0, deadLettered: 6 });
  });

  it("dead letters - a plain client's reject without requeue lands in the dead-letter queue as well", async () => {
    const driver = await open();
    const queue = name('rej');
    const ref = { kind: 'queue', queue } as const;
    await driver.queues.ensureQueue(queue, inbox);
    await driver.queues.send(queue, [{ id: `${run}-rej`, headers: {}, data: utf8.encode('refused') }]);
    const channel = await plain.acquire();
    const got = await channel.basicGet({ queue });
    channel.basicNack({ deliveryTag: got?.deliveryTag ?? 0, requeue: false });
    await channel.close();
    expect(await eventually(async () => (await driver.inboxes.depth(ref)).deadLettered === 1)).toBe(true);
    expect((await driver.inboxes.listDeadLetters(ref, { limit: 10 })).map((l) => [l.id, l.reason])).toEqual([[`${run}-rej`, 'rejected']]);
  });

  it('dead letters - a message whose ttl ran out in the queue is dead-lettered by the broker with reason expired', async () => {
    const driver = await open();
    const queue = name('exp');
    const ref = { kind: 'queue', queue } as const;
    await driver.queues.ensureQueue(queue, inbox);
    await driver.queues.send(queue, [{ id: `${run}-exp`, headers: {}, data: utf8.encode('too late'), expiresAt: Date.now() + 100 }]);
    expect(await eventually(async () => (await driver.inboxes.depth(ref)).deadLettered === 1, 5000)).toBe(true);
    expect((await driver.inboxes.listDeadLetters(ref, { limit: 10 })).map((l) => [l.id, l.reason])).toEqual([[`${run}-exp`, 'expired']]);
  });

  it('release - a delivery held at close comes back to the next sidecar without its attempt counted, and is not dead-lettered', async () => {
    const first = await open();
    const queue = name('rel');
    const ref = { kind: 'queue', queue } as const;
    await first.queues.ensureQueue(queue, { ...inbox, maxDeliveries: 1 });
    await first.queues.send(queue, [{ id: `${run}-r`, headers: { 'ce-type': 'Held' }, data: utf8.encode('held at close') }]);
    expect((await receiveOne(first, ref)).attempt).toBe(1);
    await first.close();

    const second = await open();
    await second.queues.ensureQueue(queue, { ...inbox, maxDeliveries: 1 });
    const again = await receiveOne(second, ref);
    expect(again).toMatchObject({ id: `${run}-r`, attempt: 1, headers: { 'ce-type': 'Held' } });
    expect(new TextDecoder().decode(again.data)).toBe('held at close');
    expect(await second.inboxes.listDeadLetters(ref, { limit: 10 })).toEqual([]);
  });
});

describe('rabbitmq driver - per-key order across sidecars', () => {
  it('ordering - an ordered queue has one sidecar read each key at a time; when it closes, the next takes over in order', async () => {
    const queue = name('ordered');
    for (let i = 0; i < 8; i++) for (const each of inboxQueues(`${queue}.key.${i}`)) made.queues.add(each);
    const ref = { kind: 'queue', queue } as const;
    const settings = { ...inbox, ordered: true };
    const first = await open();
    const second = await open();
    await first.queues.ensureQueue(queue, settings);
    await second.queues.ensureQueue(queue, settings);
    const keyed = (key: string, i: number) => ({ id: `${run}-${key}${i}`, headers: {}, data: utf8.encode(`${key}${i}`), orderingKey: `${run}-${key}` });
    const label = (d: Delivery): string => new TextDecoder().decode(d.data);
    await first.queues.send(queue, [keyed('x', 1), keyed('y', 1), keyed('x', 2), keyed('y', 2), keyed('x', 3), keyed('y', 3)]);

    // The first sidecar to consume reads the key queues; the second stands by.
    const taken = await first.inboxes.receive(ref, { max: 10, waitMs: 2000 });
    expect(taken.map(label).sort()).toEqual(['x1', 'y1']);
    expect(await second.inboxes.receive(ref, { max: 10, waitMs: 500 })).toEqual([]);
    await first.inboxes.ack(ref, taken.find((d) => label(d) === 'x1')?.lease ?? '');
    // y1 is still leased when the first sidecar closes: it comes back before y2, counted.
    await first.close();

    const seen: string[] = [];
    const deadline = Date.now() + 10_000;
    while (seen.length < 5 && Date.now() < deadline) {
      for (const delivery of await second.inboxes.receive(ref, { max: 10, waitMs: 500 })) {
        seen.push(`${label(delivery)}@${delivery.attempt}`);
        await second.inboxes.ack(ref, delivery.lease);
      }
    }
    // Per key in order. y1 was leased at the close, which a quorum queue counts as a delivery; so
    // is the close for what the first had prefetched unseen (docs/delivery-guarantees.md).
    expect(seen.filter((s) => s.startsWith('x')).map((s) => s.slice(0, 2))).toEqual(['x2', 'x3']);
    expect(seen.filter((s) => s.startsWith('y')).map((s) => s.slice(0, 2))).toEqual(['y1', 'y2', 'y3']);
    expect(seen).toContain('y1@2');
    expect(seen.every((s) => s.endsWith('@1') || s.endsWith('@2'))).toBe(true);
    expect(await second.inboxes.depth(ref)).toEqual({ ready: 0, inFlight: 0, deadLettered: 0 });
  });
});

describe('rabbitmq driver - request/reply', () => {
  it('replies - a reply sent to the shared reply queue in a caller session reaches only that caller, and a request names its reply queue in reply_to', async () => {
    const driver = await open();
    const queue = name('req');
    await driver.queues.ensureQueue(queue, inbox);
    const callers = [`outrigger.replies.rd-${run}.a1`, `outrigger.replies.rd-${run}.b2`];
    for (const caller of callers) made.queues.add(caller);
    const shared = driver.replies.queue;
    await driver.queues.ensureQueue(shared, { ...inbox, ordered: true });
    // Each caller's reply queue exists once its reader started.
    for (const session of callers) expect(await driver.inboxes.receive({ kind: 'queue', queue: shared, session }, { max: 1, waitMs: 50 })).toEqual([]);

    await driver.queues.send(queue, [{ id: `${run}-q`, headers: { 'outrigger-correlation-id': `${run}-c1` }, data: utf8.encode('ask'), replyTo: { queue: shared, session: callers[0] as string } }]);
    const request = await plain.basicGet({ queue, noAck: true });
    expect(request).toMatchObject({ replyTo: callers[0], correlationId: `${run}-c1`, headers: { 'outrigger-correlation-id': `${run}-c1` } });

    await driver.queues.send(shared, [{ id: `${run}-r`, headers: { 'outrigger-correlation-id': `${run}-c1` }, data: utf8.encode('answer'), orderingKey: callers[0] as string }]);
    const [reply] = await driver.inboxes.receive({ kind: 'queue', queue: shared, session: callers[0] as string }, { max: 5, waitMs: 3000 });
    expect(reply).toMatchObject({ id: `${run}-r`, headers: { 'outrigger-correlation-id': `${run}-c1` } });
    expect(await driver.inboxes.receive({ kind: 'queue', queue: shared, session: callers[1] as string }, { max: 5, waitMs: 200 })).toEqual([]);
    await expectCode(driver.queues.send(shared, [{ id: `${run}-x`, headers: {}, data: utf8.encode('to nobody'), orderingKey: `outrigger.replies.rd-${run}.gone` }]), 'unknown_resource');
    await expectCode(driver.queues.send(shared, [{ id: `${run}-y`, headers: {}, data: utf8.encode('no session') }]), 'bad_request');
  });
});

describe('rabbitmq driver - delays without plugins', () => {
  it('delays - a delay that needs several buckets is kept: not delivered early, delivered within a bucket hop after', async () => {
    const driver = await open();
    const queue = name('delay');
    const ref = { kind: 'queue', queue } as const;
    await driver.queues.ensureQueue(queue, inbox);
    // 1300 ms: the 800, 400 and 50 ms buckets, then the shortest again for what is left.
    const notBefore = Date.now() + 1300;
    await driver.queues.send(queue, [{ id: `${run}-late`, headers: { 'ce-type': 'Later' }, data: utf8.encode('later'), notBefore }]);
    expect(await driver.inboxes.receive(ref, { max: 1, waitMs: 1000 })).toEqual([]);
    const got = await receiveOne(driver, ref, 3000);
    const at = Date.now();
    expect(got).toMatchObject({ id: `${run}-late`, attempt: 1, headers: { 'ce-type': 'Later' } });
    expect(at).toBeGreaterThanOrEqual(notBefore);
    expect(at - notBefore).toBeLessThan(1000);

    // A nack with retryAfterMs counts the attempt and waits as long.
    const nackedAt = Date.now();
    await driver.inboxes.nack(ref, got.lease, { retryAfterMs: 700 });
    const again = await receiveOne(driver, ref, 3000);
    expect(Date.now() - nackedAt).toBeGreaterThanOrEqual(700);
    expect(again).toMatchObject({ id: `${run}-late`, attempt: 2 });
    await driver.inboxes.ack(ref, again.lease);
    expect(await driver.inboxes.depth(ref)).toEqual({ ready: 0, inFlight: 0, deadLettered: 0 });
  });
});

describe('rabbitmq driver - interop with a plain AMQP client', () => {
  it('interop - a plain publish is delivered with its body byte for byte as data, JSON and invalid UTF-8 included', async () => {
    const driver = await open();
    const queue = name('in');
    const ref = { kind: 'queue', queue } as const;
    await driver.queues.ensureQueue(queue, inbox);
    const json = Buffer.from('{\n  "total" : 1.50,\n  "x": "é"\n}');
    const bytes = Buffer.from([0xff, 0xfe, 0x41, 0x00, 0xc3]);
    const publisher = plain.createPublisher({ confirm: true });
    await publisher.send({ routingKey: queue, contentType: 'application/json', messageId: `${run}-json`, headers: { 'cloudEvents:type': 'Plain', 'x-note': 'hi' } }, json);
    await publisher.send({ routingKey: queue, contentType: 'text/plain' }, bytes);
    await publisher.close();
    const [a, b] = await driver.inboxes.receive(ref, { max: 2, waitMs: 3000 });
    expect(a).toMatchObject({ id: `${run}-json`, attempt: 1, headers: { 'content-type': 'application/json', 'ce-type': 'Plain', 'x-note': 'hi' } });
    expect(Buffer.from(a?.data ?? []).equals(json)).toBe(true);
    expect(b?.headers['content-type']).toBe('text/plain');
    expect(Buffer.from(b?.data ?? []).equals(bytes)).toBe(true);
  });

  it('interop - what Outrigger sends is read by a plain client byte for byte, CloudEvent attributes as cloudEvents:<attr> headers', async () => {
    const driver = await open();
    const queue = name('out');
    await driver.queues.ensureQueue(queue, inbox);
    const data = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const headers = { 'content-type': 'application/octet-stream', 'ce-specversion': '1.0', 'ce-type': 'OrderShipped', 'ce-source': '/shop', 'ce-id': `${run}-ce`, traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };
    await driver.queues.send(queue, [{ id: `${run}-ce`, headers, data }]);
    const got = await plain.basicGet({ queue, noAck: true });
    expect(got).toBeDefined();
    expect(Buffer.isBuffer(got?.body) && got.body.equals(data)).toBe(true);
    expect(got).toMatchObject({ contentType: 'application/octet-stream', messageId: `${run}-ce`, durable: true });
    expect(got?.headers).toMatchObject({
      'cloudEvents:specversion': '1.0',
      'cloudEvents:type': 'OrderShipped',
      'cloudEvents:source': '/shop',
      'cloudEvents:id': `${run}-ce`,
      traceparent: headers.traceparent,
    });
  });

  it('interop - topics: a plain publish to the topic exchange reaches a filtered subscription, and an Outrigger publish reaches a plain bound queue', async () => {
    const driver = await open();
    const topic = `rdtopic-${run}`;
    made.exchanges.add(topic);
    const subscription = { kind: 'subscription', topic, subscription: 'created' } as const;
    for (const each of inboxQueues(`${topic}:created`)) made.queues.add(each);
    const plainQueue = name('tap');
    await driver.topics.ensureTopic(topic);
    await driver.topics.ensureSubscription(topic, 'created', { ...inbox, filter: { types: ['OrderCreated'] } });
    await plain.queueDeclare({ queue: plainQueue, durable: true });
    await plain.queueBind({ queue: plainQueue, exchange: topic, routingKey: '#' });

    const body = Buffer.from('{"order": 7}');
    const publisher = plain.createPublisher({ confirm: true });
    await publisher.send({ exchange: topic, routingKey: 'OrderCreated', contentType: 'application/json', messageId: `${run}-plain`, headers: { 'cloudEvents:type': 'OrderCreated' } }, body);
    await publisher.send({ exchange: topic, routingKey: 'OrderShipped', messageId: `${run}-other`, headers: { 'cloudEvents:type': 'OrderShipped' } }, Buffer.from('no'));
    await publisher.close();
    const got = await receiveOne(driver, subscription);
    expect(got).toMatchObject({ id: `${run}-plain`, headers: { 'ce-type': 'OrderCreated', 'content-type': 'application/json' } });
    expect(Buffer.from(got.data).equals(body)).toBe(true);
    expect(await driver.inboxes.receive(subscription, { max: 5, waitMs: 300 })).toEqual([]);

    const data = Buffer.from([0, 159, 146, 150, 255]);
    await driver.topics.publish(topic, [{ id: `${run}-out`, headers: { 'ce-type': 'OrderCreated', 'ce-source': '/shop', 'content-type': 'application/octet-stream' }, data }]);
    const tapped: Buffer[] = [];
    const ids: (string | undefined)[] = [];
    for (let i = 0; i < 3; i++) {
      const msg = await plain.basicGet({ queue: plainQueue, noAck: true });
      if (msg === undefined) break;
      ids.push(msg.messageId);
      if (msg.messageId === `${run}-out`) {
        tapped.push(msg.body as Buffer);
        expect(msg.headers).toMatchObject({ 'cloudEvents:type': 'OrderCreated', 'cloudEvents:source': '/shop' });
      }
    }
    expect(ids).toEqual([`${run}-plain`, `${run}-other`, `${run}-out`]);
    expect(tapped[0]?.equals(data)).toBe(true);
  });

  it('errors - a RabbitMQ failure reaches the caller as an OutriggerError', async () => {
    const driver = await open();
    const err = await driver.inboxes.depth({ kind: 'queue', queue: `missing-${run}` }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutriggerError);
    expect((err as OutriggerError).code).toBe('unknown_resource');
  });
});

describe('rabbitmq config', () => {
  it('validate - a stream on a rabbitmq broker is accepted, with a subscription starting at a time (streams, consumer groups and time seeks are declared)', () => {
    const file = writeConfig(
      'app: { id: orders, url: "http://127.0.0.1:8080" }\nbrokers:\n  rabbit: { driver: rabbitmq }\ndefaultBroker: rabbit\nstreams:\n  clicks: { partitions: 2 }\nsubscriptions:\n  - { name: a, from: { stream: clicks, group: a, start: "2026-11-01T01:00:00Z" }, deliver: /a }\n',
    );
    const result = validateConfigFile(file, {});
    expect(result.ok ? [] : result.problems).toEqual([]);
    expect(result.ok).toBe(true);
  });
});
