/**
 * NATS delivery cases beyond the conformance suite, against the machine's nats-server with
 * JetStream: nak with delay (a keyed release's too), leases kept by in-progress acks, term after the dead-letter copy,
 * scheduled delivery across a close, and ordering keys (queues across a close, ordered
 * subscriptions).
 */
import { describe, expect, it } from 'vitest';
import type { Delivery } from '../../../src/drivers/contract.js';
import { inbox, natsTestKit, receiveOne, text } from './support.js';

const { run, name, open } = natsTestKit();

describe('nats driver - nak, in progress, term', () => {
  it('nak with delay - nack with retryAfterMs is redelivered only after the delay, the attempt counted', async () => {
    const driver = await open();
    const queue = name('nak');
    const ref = { kind: 'queue', queue } as const;
    await driver.queues.ensureQueue(queue, inbox);
    await driver.queues.send(queue, [{ id: `${run}-n`, headers: {}, data: new Uint8Array([1]) }]);
    const first = await receiveOne(driver, ref);
    const nacked = Date.now();
    await driver.inboxes.nack(ref, first.lease, { retryAfterMs: 700 });
    expect(await driver.inboxes.receive(ref, { max: 1, waitMs: 300 })).toEqual([]);
    const again = await receiveOne(driver, ref, 3000);
    expect(Date.now() - nacked).toBeGreaterThanOrEqual(650);
    expect([again.id, again.attempt]).toEqual([`${run}-n`, 2]);
    await driver.inboxes.ack(ref, again.lease);
  });

  it('release with delay - a keyed message released with retryAfterMs keeps the head of its key and comes back no sooner (a nak with the delay, the attempt counted)', async () => {
    const driver = await open();
    const queue = name('relkey');
    const ref = { kind: 'queue', queue } as const;
    await driver.queues.ensureQueue(queue, inbox);
    await driver.queues.send(queue, ['a', 'b'].map((n) => ({ id: `${run}-${n}`, headers: {}, data: new Uint8Array([1]), orderingKey: 'k' })));
    const first = await receiveOne(driver, ref);
    expect(first.id).toBe(`${run}-a`);
    const released = Date.now();
    await driver.inboxes.nack(ref, first.lease, { release: true, retryAfterMs: 700 });
    expect(await driver.inboxes.receive(ref, { max: 2, waitMs: 300 })).toEqual([]);
    const again = await receiveOne(driver, ref, 3000);
    expect(Date.now() - released).toBeGreaterThanOrEqual(650);
    expect([again.id, again.attempt]).toEqual([`${run}-a`, 2]);
    await driver.inboxes.ack(ref, again.lease);
  });

  it('in progress - a lease longer than the consumer\'s ack wait is kept by +WPI: no other receiver gets the message meanwhile, and the ack settles it', async () => {
    const holder = await open();
    const other = await open();
    const queue = name('wpi');
    const ref = { kind: 'queue', queue } as const;
    await holder.queues.ensureQueue(queue, { ...inbox, leaseMs: 1000 });
    await holder.queues.send(queue, [{ id: `${run}-w`, headers: {}, data: new Uint8Array([1]) }]);
    const [held] = await holder.inboxes.receive(ref, { max: 1, waitMs: 3000, leaseMs: 4000 });
    expect(held?.attempt).toBe(1);
    expect(await other.inboxes.receive(ref, { max: 1, waitMs: 2500 })).toEqual([]);
    await holder.inboxes.ack(ref, held?.lease ?? '');
    expect(await holder.inboxes.depth(ref)).toEqual({ ready: 0, inFlight: 0, deadLettered: 0 });
  });

  it('term - a dead-lettered message is terminated on the consumer after its copy is stored, and never delivered again', async () => {
    const driver = await open();
    const queue = name('term');
    const ref = { kind: 'queue', queue } as const;
    await driver.queues.ensureQueue(queue, { ...inbox, leaseMs: 1000 });
    await driver.queues.send(queue, [{ id: `${run}-t`, headers: {}, data: new Uint8Array([1]) }]);
    await driver.inboxes.nack(ref, (await receiveOne(driver, ref)).lease, { deadLetter: true, reason: 'poison' });
    expect(await driver.inboxes.receive(ref, { max: 1, waitMs: 1500 })).toEqual([]);
    expect((await driver.inboxes.listDeadLetters(ref, { limit: 10 })).map((l) => [l.id, l.reason])).toEqual([[`${run}-t`, 'poison']]);
    expect(await driver.inboxes.depth(ref)).toEqual({ ready: 0, inFlight: 0, deadLettered: 1 });
  });
});

describe('nats driver - scheduled delivery', () => {
  it('scheduled delivery - a message not yet due waits in the stream across a close, is neither ready nor in flight meanwhile, and is delivered once when due by the next sidecar', async () => {
    const first = await open();
    const queue = name('later');
    const ref = { kind: 'queue', queue } as const;
    await first.queues.ensureQueue(queue, inbox);
    const notBefore = Date.now() + 1500;
    await first.queues.send(queue, [{ id: `${run}-l`, headers: { 'ce-type': 'Later' }, data: new TextEncoder().encode('later'), notBefore, orderingKey: `${run}-lk` }]);
    expect(await first.inboxes.depth(ref)).toEqual({ ready: 0, inFlight: 0, deadLettered: 0 });
    await first.close();
    const second = await open();
    await second.queues.ensureQueue(queue, inbox);
    const delivery = await receiveOne(second, ref, 5000);
    expect(Date.now()).toBeGreaterThanOrEqual(notBefore - 10);
    expect([delivery.id, delivery.attempt, delivery.orderingKey, text(delivery.data)]).toEqual([`${run}-l`, 1, `${run}-lk`, 'later']);
    await second.inboxes.ack(ref, delivery.lease);
    expect(await second.inboxes.receive(ref, { max: 5, waitMs: 500 })).toEqual([]);
    expect(await second.inboxes.depth(ref)).toEqual({ ready: 0, inFlight: 0, deadLettered: 0 });
  });
});

describe('nats driver - ordering keys', () => {
  it('ordering - a keyed message held at close is given back in place (nak, attempt counted): the key\'s order holds on the next sidecar', async () => {
    const first = await open();
    const queue = name('kord');
    const ref = { kind: 'queue', queue } as const;
    await first.queues.ensureQueue(queue, inbox);
    const orderingKey = `${run}-k`;
    await first.queues.send(queue, [1, 2].map((i) => ({ id: `${run}-k${i}`, headers: {}, data: new Uint8Array([i]), orderingKey })));
    expect((await receiveOne(first, ref)).id).toBe(`${run}-k1`);
    await first.close();
    const second = await open();
    const again = await receiveOne(second, ref);
    expect([again.id, again.attempt, again.orderingKey]).toEqual([`${run}-k1`, 2, orderingKey]);
    expect(await second.inboxes.receive(ref, { max: 5, waitMs: 200 })).toEqual([]);
    await second.inboxes.ack(ref, again.lease);
    expect((await receiveOne(second, ref)).id).toBe(`${run}-k2`);
  });

  it('ordering - an ordered subscription hands out one event at a time, in order: the next only after an ack, a nacked one first again, a filtered-out one never', async () => {
    const driver = await open();
    const topic = name('tord');
    const ref = { kind: 'subscription', topic, subscription: 's' } as const;
    await driver.topics.ensureSubscription(topic, 's', { ...inbox, ordered: true, filter: { types: ['Step'] } });
    const step = (i: number, type = 'Step') => ({ id: `${run}-o${i}`, headers: { 'ce-type': type }, data: new Uint8Array([i]), orderingKey: `${run}-ok` });
    await driver.topics.publish(topic, [step(1), step(2, 'Other'), step(3), step(4)]);
    const first = await driver.inboxes.receive(ref, { max: 10, waitMs: 2000 });
    expect(first.map((d) => d.id)).toEqual([`${run}-o1`]);
    expect(await driver.inboxes.receive(ref, { max: 10, waitMs: 200 })).toEqual([]);
    await driver.inboxes.nack(ref, (first[0] as Delivery).lease);
    const again = await receiveOne(driver, ref);
    expect([again.id, again.attempt]).toEqual([`${run}-o1`, 2]);
    await driver.inboxes.ack(ref, again.lease);
    const seen: string[] = [];
    for (let i = 0; i < 2; i++) {
      const next = await receiveOne(driver, ref);
      seen.push(next.id);
      await driver.inboxes.ack(ref, next.lease);
    }
    expect(seen).toEqual([`${run}-o3`, `${run}-o4`]);
  });
});
