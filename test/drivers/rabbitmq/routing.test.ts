/**
 * No event confirmed to nowhere (issue 17, the RabbitMQ crash-restart loss), against the machine's
 * RabbitMQ: a topic exchange confirms an event that matches no binding and drops it, so an event
 * that one of this sidecar's own subscriptions should get is published mandatory. When the
 * subscription's binding or queue is missing on the broker (what a broker crash may lose; here
 * removed by a plain client), the publish fails retriable instead of being confirmed, the
 * subscription is declared again, and the repeat is delivered. An event that no subscription of
 * this sidecar expects is confirmed as before. Also: a release with retryAfterMs waits that long,
 * uncounted.
 */
import { randomUUID } from 'node:crypto';
import type { Connection } from 'rabbitmq-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Delivery, InboxRef, OutboundMessage } from '../../../src/drivers/contract.js';
import { createRabbitmqDriver, type RabbitmqDriver } from '../../../src/drivers/rabbitmq/index.js';
import { created, deleteCreated, inboxQueues, plainRabbit, rabbitUrl } from '../../infra/helpers/rabbitmq.js';
import { expectCode } from '../../conformance/support.js';

const run = randomUUID().slice(0, 8);
const made = created();
const opened: RabbitmqDriver[] = [];
let plain: Connection;
let counter = 0;
const inbox = { maxDeliveries: 3, leaseMs: 30_000, dedupWindowMs: 0 };
const utf8 = new TextEncoder();

async function open(): Promise<RabbitmqDriver> {
  const driver = await createRabbitmqDriver({ name: 'routing', settings: { url: rabbitUrl }, dataDir: '.' });
  await driver.connect();
  opened.push(driver);
  return driver;
}

/** A topic of this run with one subscription `sub` (its filter: `types`), declared by `driver`. */
async function topicWith(driver: RabbitmqDriver, types?: string[]): Promise<{ topic: string; ref: InboxRef }> {
  const topic = `rdroute-${run}-${++counter}`;
  made.exchanges.add(topic);
  for (const each of inboxQueues(`${topic}:sub`)) made.queues.add(each);
  await driver.topics.ensureTopic(topic);
  await driver.topics.ensureSubscription(topic, 'sub', { ...inbox, ...(types === undefined ? {} : { filter: { types } }) });
  return { topic, ref: { kind: 'subscription', topic, subscription: 'sub' } };
}

function event(id: string, type = 'Happened'): OutboundMessage {
  return { id: `${run}-${id}`, headers: { 'ce-type': type }, data: utf8.encode(id) };
}

async function receiveIds(driver: RabbitmqDriver, ref: InboxRef, waitMs: number): Promise<Delivery[]> {
  const got = await driver.inboxes.receive(ref, { max: 10, waitMs });
  for (const delivery of got) await driver.inboxes.ack(ref, delivery.lease);
  return got;
}

async function one(driver: RabbitmqDriver, ref: InboxRef): Promise<Delivery> {
  const [delivery] = await driver.inboxes.receive(ref, { max: 1, waitMs: 3000 });
  if (delivery === undefined) throw new Error('no delivery within 3 s');
  return delivery;
}

beforeAll(async () => {
  plain = await plainRabbit();
});

afterAll(async () => {
  await Promise.all(opened.map((driver) => driver.close()));
  await plain?.close();
  await deleteCreated(made);
});

describe('rabbitmq driver - no event confirmed to nowhere', () => {
  it('routing - a subscription whose binding is gone: the publish fails retriable and unprocessed, the binding is declared again, the repeat is delivered', async () => {
    const driver = await open();
    const { topic, ref } = await topicWith(driver);
    expect(await driver.inboxes.receive(ref, { max: 1, waitMs: 100 })).toEqual([]);
    await plain.queueUnbind({ queue: `${topic}:sub`, exchange: topic, routingKey: '#' });

    const refused = await expectCode(driver.topics.publish(topic, [event('unbound')]), 'broker_unavailable');
    expect(refused.retriable).toBe(true);
    expect(refused.unprocessed).toBe(true);
    expect(refused.message).toContain("subscription(s) 'sub'");
    await driver.topics.publish(topic, [event('unbound')]);
    const got = await receiveIds(driver, ref, 3000);
    expect(got.map((d) => d.id)).toEqual([`${run}-unbound`]);
  });

  it('routing - a subscription whose queue is gone: the publish fails, the queue is declared again and consumed again, the repeat is delivered', async () => {
    const driver = await open();
    const { topic, ref } = await topicWith(driver);
    expect(await driver.inboxes.receive(ref, { max: 1, waitMs: 100 })).toEqual([]);
    await plain.queueDelete({ queue: `${topic}:sub` });

    await expectCode(driver.topics.publish(topic, [event('queueless-1'), event('queueless-2')]), 'broker_unavailable');
    await driver.topics.publish(topic, [event('queueless-1'), event('queueless-2')]);
    // The broker cancelled the consumer with its queue; the next receives consume the new one.
    const ids: string[] = [];
    for (let i = 0; i < 5 && ids.length < 2; i++) ids.push(...(await receiveIds(driver, ref, 1000).catch(() => [])).map((d) => d.id));
    expect(ids.sort()).toEqual([`${run}-queueless-1`, `${run}-queueless-2`]);
  });

  it('routing - a topic exchange gone: the publish fails retriable and unprocessed, the exchange and its subscription are declared again, the repeat is delivered', async () => {
    const driver = await open();
    const { topic, ref } = await topicWith(driver);
    await plain.exchangeDelete({ exchange: topic });

    const refused = await expectCode(driver.topics.publish(topic, [event('exchangeless')]), 'broker_unavailable');
    expect(refused.unprocessed).toBe(true);
    await driver.topics.publish(topic, [event('exchangeless')]);
    expect((await receiveIds(driver, ref, 3000)).map((d) => d.id)).toEqual([`${run}-exchangeless`]);
  });

  it('routing - a subscription queue gone under its consumer: the receive fails, declares it again (bindings too), and the next receive consumes it', async () => {
    const driver = await open();
    const { topic, ref } = await topicWith(driver);
    expect(await driver.inboxes.receive(ref, { max: 1, waitMs: 100 })).toEqual([]);
    await plain.queueDelete({ queue: `${topic}:sub` });
    await expectCode(driver.inboxes.receive(ref, { max: 1, waitMs: 500 }), 'unknown_resource');
    // Declared again by that receive: even a plain client's publish to the exchange reaches it.
    const publisher = plain.createPublisher({ confirm: true });
    await publisher.send({ exchange: topic, routingKey: 'Plain', messageId: `${run}-plain` }, Buffer.from('plain'));
    await publisher.close();
    expect((await receiveIds(driver, ref, 3000)).map((d) => d.id)).toEqual([`${run}-plain`]);
  });

  it('routing - an event no subscription of this sidecar expects is confirmed and dropped as before: another type, or a topic without subscriptions', async () => {
    const driver = await open();
    const { topic, ref } = await topicWith(driver, ['Wanted']);
    await driver.topics.publish(topic, [event('unwanted', 'Unwanted')]);
    const bare = `rdroute-${run}-bare`;
    made.exchanges.add(bare);
    await driver.topics.ensureTopic(bare);
    await driver.topics.publish(bare, [event('nobody')]);
    await driver.topics.publish(topic, [event('wanted', 'Wanted')]);
    expect((await receiveIds(driver, ref, 3000)).map((d) => d.id)).toEqual([`${run}-wanted`]);
  });

  it('routing - a filtered subscription whose binding is gone guards only its own types', async () => {
    const driver = await open();
    const { topic, ref } = await topicWith(driver, ['Wanted']);
    await plain.queueUnbind({ queue: `${topic}:sub`, exchange: topic, routingKey: 'Wanted' });
    await driver.topics.publish(topic, [event('other', 'Other')]);
    await expectCode(driver.topics.publish(topic, [event('wanted', 'Wanted')]), 'broker_unavailable');
    await driver.topics.publish(topic, [event('wanted', 'Wanted')]);
    expect((await receiveIds(driver, ref, 3000)).map((d) => d.id)).toEqual([`${run}-wanted`]);
  });
});

describe('rabbitmq driver - a prefetched delivery whose copy is refused', () => {
  it('idle - a buffered delivery given back when its copy is refused (a full queue) goes back natively instead of staying unacked on the live channel', { timeout: 30_000 }, async () => {
    const driver = await open();
    const queue = `rdfull-${run}`;
    made.queues.add(queue);
    // A queue of one ready message that refuses more, declared by a plain client (the driver only reads and sends).
    await plain.queueDeclare({ queue, durable: true, arguments: { 'x-queue-type': 'classic', 'x-max-length': 1, 'x-overflow': 'reject-publish' } });
    const ref = { kind: 'queue', queue } as const;
    const send = (id: string): Promise<unknown> => driver.queues.send(queue, [{ id: `${run}-${id}`, headers: {}, data: utf8.encode(id) }]);
    await send('m1');
    const first = await one(driver, ref);
    await send('m2');
    // Acked, m1 makes room under the prefetch of 1: m2 arrives in the buffer with no receive running.
    await driver.inboxes.ack(ref, first.lease);
    await send('m3');
    // After 5 s without a receive the consumer gives m2 back as a copy, which the full queue refuses.
    await new Promise((resolve) => setTimeout(resolve, 7500));
    const ids: string[] = [];
    for (let i = 0; i < 3 && ids.length < 2; i++) ids.push(...(await receiveIds(driver, ref, 2000)).map((d) => d.id));
    expect(ids.sort()).toEqual([`${run}-m2`, `${run}-m3`]);
  });
});

describe('rabbitmq driver - release with a delay', () => {
  it('release - a release with retryAfterMs (the app unreachable) comes back no sooner, its attempt not counted', async () => {
    const driver = await open();
    const queue = `rdrelease-${run}`;
    for (const each of inboxQueues(queue)) made.queues.add(each);
    const ref = { kind: 'queue', queue } as const;
    await driver.queues.ensureQueue(queue, inbox);
    await driver.queues.send(queue, [{ id: `${run}-later`, headers: {}, data: utf8.encode('later') }]);
    const first = await one(driver, ref);
    expect(first.attempt).toBe(1);
    const releasedAt = Date.now();
    await driver.inboxes.nack(ref, first.lease, { release: true, retryAfterMs: 800 });
    expect(await driver.inboxes.receive(ref, { max: 1, waitMs: 500 })).toEqual([]);
    const again = await one(driver, ref);
    expect(Date.now() - releasedAt).toBeGreaterThanOrEqual(800);
    expect(again).toMatchObject({ id: `${run}-later`, attempt: 1 });
    await driver.inboxes.ack(ref, again.lease);
  });
});
