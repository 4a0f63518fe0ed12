/**
 * NATS driver cases beyond the conformance suite, against the machine's nats-server with
 * JetStream (fails when it does not answer): release at close, dead-lettering with nothing lost,
 * names kept apart by kind, settings, duplicate suppression after the original is gone, and
 * interop with a plain NATS client.
 */
import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { headers as natsHeaders } from '@nats-io/transport-node';
import { describe, expect, it } from 'vitest';
import { natsDriver } from '../../../src/drivers/nats/descriptor.js';
import { parseNatsSettings } from '../../../src/drivers/nats/index.js';
import { inbox, natsTestKit, receiveOne, text } from './support.js';

const kit = natsTestKit();
const { run, name, open } = kit;

describe('nats driver - leases and attempts', () => {
  it('release - a delivery held at close comes back to the next sidecar without its attempt counted, and is not dead-lettered', async () => {
    const first = await open();
    const queue = name('rel');
    const ref = { kind: 'queue', queue } as const;
    await first.queues.ensureQueue(queue, { ...inbox, maxDeliveries: 1 });
    await first.queues.send(queue, [{ id: `${run}-r`, headers: { 'ce-type': 'Held' }, data: new TextEncoder().encode('held at close') }]);
    expect((await receiveOne(first, ref)).attempt).toBe(1);
    await first.close();

    const second = await open();
    const again = await receiveOne(second, ref);
    expect(again).toMatchObject({ id: `${run}-r`, attempt: 1, headers: { 'ce-type': 'Held' } });
    expect(text(again.data)).toBe('held at close');
    expect(await second.inboxes.listDeadLetters(ref, { limit: 10 })).toEqual([]);
    await second.inboxes.ack(ref, again.lease);
  });

  it('dead letters - every message past maxDeliveries is in the dead-letter stream, none lost, none left in the queue', async () => {
    const driver = await open();
    const queue = name('dlq');
    const ref = { kind: 'queue', queue } as const;
    await driver.queues.ensureQueue(queue, { ...inbox, maxDeliveries: 2 });
    const ids = Array.from({ length: 20 }, (_, i) => `${run}-p${i}`);
    await driver.queues.send(queue, ids.map((id) => ({ id, headers: {}, data: new TextEncoder().encode(id) })));
    const deadline = Date.now() + 15_000;
    while ((await driver.inboxes.depth(ref)).deadLettered < ids.length && Date.now() < deadline) {
      for (const delivery of await driver.inboxes.receive(ref, { max: 10, waitMs: 200 })) await driver.inboxes.nack(ref, delivery.lease);
    }
    const letters = await driver.inboxes.listDeadLetters(ref, { limit: 100 });
    expect(letters.map((l) => l.id).sort()).toEqual([...ids].sort());
    expect(letters.every((l) => l.attempts === 2 && l.reason === 'max_deliveries_exceeded' && text(l.data) === l.id)).toBe(true);
    expect(await driver.inboxes.depth(ref)).toEqual({ ready: 0, inFlight: 0, deadLettered: ids.length });
  });
});

describe('nats driver - names', () => {
  it('names - a queue and a topic of one name are separate streams: each keeps its own messages', async () => {
    const driver = await open();
    const shared = name('same');
    const queue = { kind: 'queue', queue: shared } as const;
    const sub = { kind: 'subscription', topic: shared, subscription: 's' } as const;
    await driver.queues.ensureQueue(shared, inbox);
    await driver.topics.ensureSubscription(shared, 's', inbox);
    await driver.queues.send(shared, [{ id: `${run}-q`, headers: {}, data: new TextEncoder().encode('command') }]);
    await driver.topics.publish(shared, [{ id: `${run}-t`, headers: { 'ce-type': 'Happened' }, data: new TextEncoder().encode('event') }]);
    const command = await receiveOne(driver, queue);
    const event = await receiveOne(driver, sub);
    expect([command.id, text(command.data)]).toEqual([`${run}-q`, 'command']);
    expect([event.id, text(event.data)]).toEqual([`${run}-t`, 'event']);
    expect(await driver.inboxes.receive(queue, { max: 5, waitMs: 200 })).toEqual([]);
    expect(await driver.inboxes.receive(sub, { max: 5, waitMs: 200 })).toEqual([]);
    const jsm = await jetstreamManager(kit.plain());
    expect((await jsm.streams.info(`queue~${shared}`)).config.subjects).toEqual([`queue.${shared}.>`]);
    expect((await jsm.streams.info(`topic~${shared}`)).config.subjects).toEqual([`topic.${shared}.>`]);
  });
});

describe('nats driver - settings and names', () => {
  it('settings - a topic duplicate window longer than the topic retention is refused with the other problems, naming both settings', () => {
    const error = (() => {
      try {
        parseNatsSettings({ name: 'n', settings: { topicDuplicateWindowMs: 120_000, topicRetentionMs: 60_000, replicas: 0 }, dataDir: '.' });
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    expect(error).toMatchObject({ code: 'bad_request' });
    expect(String((error as Error).message)).toMatch(/topicDuplicateWindowMs \(120000\) must not exceed topicRetentionMs \(60000\)/);
    expect(String((error as Error).message)).toMatch(/replicas/);
  });

  it('names - an entity name NATS cannot carry is refused at validation, one a config name may be is accepted', () => {
    expect(natsDriver.checkEntityName?.('queue', 'orders.eu-west_1')).toBeUndefined();
    for (const bad of ['a b', 'a*', 'a>', 'a~b', 'a/b', '.a', 'a.', 'a..b']) expect(natsDriver.checkEntityName?.('queue', bad), bad).toBeDefined();
  });
});

describe('nats driver - duplicate suppression', () => {
  it('duplicates - a resend after the original was consumed is still suppressed within the window', async () => {
    const driver = await open();
    const queue = name('dup');
    const ref = { kind: 'queue', queue } as const;
    await driver.queues.ensureQueue(queue, inbox);
    const key = `${run}-key`;
    expect(await driver.queues.send(queue, [{ id: 'a', headers: {}, data: new Uint8Array([1]), idempotencyKey: key }])).toEqual([{ id: 'a', duplicate: false }]);
    await driver.inboxes.ack(ref, (await receiveOne(driver, ref)).lease);
    const [resend] = await driver.queues.send(queue, [{ id: 'b', headers: {}, data: new Uint8Array([2]), idempotencyKey: key }]);
    expect(resend?.duplicate).toBe(true);
    expect(await driver.inboxes.receive(ref, { max: 1, waitMs: 300 })).toEqual([]);
  });
});

describe('nats driver - interop with a plain NATS client', () => {
  it('interop - a plain publish of a plain body into the queue subject is delivered with the body as data', async () => {
    const driver = await open();
    const queue = name('in');
    const ref = { kind: 'queue', queue } as const;
    await driver.queues.ensureQueue(queue, inbox);
    const h = natsHeaders();
    h.set('Content-Type', 'text/plain');
    await jetstream(kit.plain()).publish(`queue.${queue}.from-plain`, 'plain body ✓', { headers: h });
    const delivery = await receiveOne(driver, ref);
    expect(text(delivery.data)).toBe('plain body ✓');
    expect(delivery.headers).toEqual({ 'content-type': 'text/plain' });
    expect(delivery.attempt).toBe(1);
    expect(delivery.id).toMatch(new RegExp(`^queue~${queue}-\\d+$`));
    await driver.inboxes.ack(ref, delivery.lease);
  });

  it('interop - a command Outrigger sends is read by a plain client at queue.<queue>.command with the body byte for byte and the CloudEvents attributes as ce- headers', async () => {
    const driver = await open();
    const queue = name('qout');
    await driver.queues.ensureQueue(queue, inbox);
    const data = Uint8Array.from({ length: 200 }, (_, i) => (i * 7) % 256);
    await driver.queues.send(queue, [{ id: `${run}-c`, headers: { 'ce-id': `${run}-c`, 'ce-type': 'Ship', 'ce-source': '/orders' }, data }]);
    const stored = await (await jetstreamManager(kit.plain())).streams.getMessage(`queue~${queue}`, { last_by_subj: `queue.${queue}.command` });
    expect(Buffer.from(stored?.data ?? []).equals(Buffer.from(data))).toBe(true);
    expect([stored?.header.get('ce-id'), stored?.header.get('ce-type'), stored?.header.get('ce-source')]).toEqual([`${run}-c`, 'Ship', '/orders']);
  });

  it('interop - an event published into `topic.<topic>.<type>` by a plain client reaches the subscriptions whose filter it matches', async () => {
    const driver = await open();
    const topic = name('tin');
    const all = { kind: 'subscription', topic, subscription: 'all' } as const;
    const other = { kind: 'subscription', topic, subscription: 'other' } as const;
    await driver.topics.ensureSubscription(topic, 'all', inbox);
    await driver.topics.ensureSubscription(topic, 'other', { ...inbox, filter: { types: ['Other'] } });
    const h = natsHeaders();
    h.set('ce-type', 'OrderCreated');
    h.set('ce-id', `${run}-e1`);
    await jetstream(kit.plain()).publish(`topic.${topic}.OrderCreated`, new Uint8Array([0, 255, 7]), { headers: h });
    const delivery = await receiveOne(driver, all);
    expect(delivery).toMatchObject({ id: `${run}-e1`, headers: { 'ce-type': 'OrderCreated', 'ce-id': `${run}-e1` } });
    expect(Array.from(delivery.data)).toEqual([0, 255, 7]);
    expect(await driver.inboxes.receive(other, { max: 1, waitMs: 200 })).toEqual([]);
  });

  it('interop - what Outrigger publishes is read by a plain client with the body byte for byte and the CloudEvents attributes as ce- headers', async () => {
    const driver = await open();
    const topic = name('tout');
    await driver.topics.ensureSubscription(topic, 's', inbox);
    const data = Uint8Array.from({ length: 300 }, (_, i) => i % 256);
    await driver.topics.publish(topic, [
      { id: `${run}-out`, headers: { 'ce-id': `${run}-out`, 'ce-type': 'OrderPaid', 'ce-source': '/shop', 'ce-specversion': '1.0', 'content-type': 'application/octet-stream' }, data },
    ]);
    const jsm = await jetstreamManager(kit.plain());
    const stored = await jsm.streams.getMessage(`topic~${topic}`, { last_by_subj: `topic.${topic}.OrderPaid` });
    expect(stored).not.toBeNull();
    expect(Buffer.from(stored?.data ?? []).equals(Buffer.from(data))).toBe(true);
    expect(stored?.header.get('ce-id')).toBe(`${run}-out`);
    expect(stored?.header.get('ce-type')).toBe('OrderPaid');
    expect(stored?.header.get('ce-source')).toBe('/shop');
    expect(stored?.header.get('ce-specversion')).toBe('1.0');
    expect(stored?.header.get('content-type')).toBe('application/octet-stream');
  });
});
