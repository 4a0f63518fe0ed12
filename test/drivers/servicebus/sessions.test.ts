/**
 * Ordering keys as Service Bus sessions, end to end: the driver with the real SDK against the
 * AMQP test broker, session locks expired and taken away on demand by the broker.
 */
import { describe, expect, it } from 'vitest';
import type { Delivery, InboxRef, OutboundMessage } from '../../../src/drivers/contract.js';
import type { ServiceBusDriver } from '../../../src/drivers/azure-servicebus/index.js';
import { eventually, expectCode, sleep } from '../../conformance/support.js';
import { useServiceBusBroker } from '../../infra/helpers/servicebus-driver.js';

const sb = useServiceBusBroker();
let counter = 0;
const settings = { maxDeliveries: 5, leaseMs: 30_000, dedupWindowMs: 0 };

async function sessionQueue(driver: ServiceBusDriver, options: { lockDurationMs?: number; maxDeliveryCount?: number } = {}): Promise<InboxRef & { kind: 'queue' }> {
  const name = `ses-${process.pid}-${++counter}`;
  sb.broker.createQueue(name, { requiresSession: true, ...options });
  await driver.queues.ensureQueue(name, settings);
  return { kind: 'queue', queue: name };
}

function message(label: string, orderingKey?: string): OutboundMessage {
  return { id: `id-${label}-${counter}`, headers: { 'content-type': 'text/plain' }, data: new TextEncoder().encode(label), ...(orderingKey === undefined ? {} : { orderingKey }) };
}

function label(delivery: Delivery): string {
  return new TextDecoder().decode(delivery.data);
}

async function receiveAll(driver: ServiceBusDriver, inbox: InboxRef, count: number, timeoutMs = 4000): Promise<Delivery[]> {
  const deadline = Date.now() + timeoutMs;
  const got: Delivery[] = [];
  while (got.length < count && Date.now() < deadline) got.push(...(await driver.inboxes.receive(inbox, { max: count - got.length, waitMs: 300 })));
  return got;
}

describe('servicebus sessions - ordering keys', () => {
  it('sessions - every message carries a SessionId: the key, or its own id; a queue without sessions takes both', async () => {
    const driver = await sb.open();
    const name = `plain-${process.pid}-${++counter}`;
    sb.broker.createQueue(name);
    await driver.queues.ensureQueue(name, settings);
    await driver.queues.send(name, [message('k1', 'key-1'), message('u1')]);
    const stored = sb.broker.queues.get(name)?.messages.map((m) => m.message.group_id);
    expect(stored).toEqual(['key-1', `id-u1-${counter}`]);
    const got = await receiveAll(driver, { kind: 'queue', queue: name }, 2);
    expect(got.map((d) => [label(d), d.orderingKey])).toEqual([
      ['k1', 'key-1'],
      ['u1', undefined],
    ]);
    expect(driver.inboxes.sessions.sessionCount(JSON.stringify(['queue', name]))).toBe(0);
  });

  it('sessions - an inbox prepared as ordered must require sessions; unordered ones may or may not', async () => {
    const driver = await sb.open();
    const name = `plain-${process.pid}-${++counter}`;
    sb.broker.createQueue(name);
    const error = await expectCode(driver.queues.ensureQueue(name, { ...settings, ordered: true }), 'bad_request');
    expect(error.message).toMatch(/does not require sessions/);
    await driver.queues.ensureQueue(name, settings);
    const inbox = await sessionQueue(driver);
    await driver.queues.ensureQueue(inbox.queue, { ...settings, ordered: true });
  });

  it('sessions - on a queue without sessions a keyed message is still settled after its link was lost (through the management link)', async () => {
    const driver = await sb.open();
    const name = `plain-${process.pid}-${++counter}`;
    sb.broker.createQueue(name);
    await driver.queues.ensureQueue(name, settings);
    const inbox: InboxRef = { kind: 'queue', queue: name };
    await driver.queues.send(name, [message('m1', 'some-key')]);
    const [delivery] = await receiveAll(driver, inbox, 1);
    expect(delivery?.orderingKey).toBe('some-key');
    sb.broker.dropConnections();
    expect(await eventually(() => !driver.isConnected())).toBe(true);
    await driver.inboxes.ack(inbox, (delivery as Delivery).lease);
    expect(sb.broker.queues.get(name)?.messages).toHaveLength(0);
  });

  it('sessions - a key longer than a SessionId may be travels digested and comes back whole', async () => {
    const driver = await sb.open();
    const inbox = await sessionQueue(driver);
    const key = 'k'.repeat(300);
    await driver.queues.send(inbox.queue, [message('long1', key), message('long2', key)]);
    const sessionId = String(sb.broker.queues.get(inbox.queue)?.messages[0]?.message.group_id);
    expect(sessionId.length).toBeLessThanOrEqual(128);
    const [first] = await receiveAll(driver, inbox, 1);
    expect([label(first as Delivery), first?.orderingKey]).toEqual(['long1', key]);
    expect(await driver.inboxes.receive(inbox, { max: 5, waitMs: 200 })).toEqual([]);
    await driver.inboxes.ack(inbox, (first as Delivery).lease);
    const [second] = await receiveAll(driver, inbox, 1);
    expect(label(second as Delivery)).toBe('long2');
  });

  it('sessions - at most maxConcurrentSessions keys are in flight at once; the others wait their turn', async () => {
    const driver = await sb.open({ maxConcurrentSessions: 2 });
    const inbox = await sessionQueue(driver);
    await driver.queues.send(inbox.queue, ['a', 'b', 'c'].flatMap((key) => [message(`${key}1`, key), message(`${key}2`, key)]));
    const first = await receiveAll(driver, inbox, 3, 1500);
    expect(first).toHaveLength(2);
    expect(new Set(first.map((d) => d.orderingKey)).size).toBe(2);
    const seen = new Map<string, string[]>();
    let pending = first;
    const deadline = Date.now() + 8000;
    while (Date.now() < deadline && [...seen.values()].flat().length < 6) {
      for (const delivery of pending) {
        seen.set(delivery.orderingKey as string, [...(seen.get(delivery.orderingKey as string) ?? []), label(delivery)]);
        await driver.inboxes.ack(inbox, delivery.lease);
      }
      pending = await driver.inboxes.receive(inbox, { max: 3, waitMs: 300 });
      expect(pending.length).toBeLessThanOrEqual(2);
    }
    expect(Object.fromEntries(seen)).toEqual({ a: ['a1', 'a2'], b: ['b1', 'b2'], c: ['c1', 'c2'] });
  });

  it('sessions - a nack with a delay keeps the session, renewing its lock, and the same message comes first', async () => {
    const driver = await sb.open();
    const inbox = await sessionQueue(driver, { lockDurationMs: 900 });
    await driver.queues.send(inbox.queue, [message('x1', 'x'), message('x2', 'x')]);
    const [first] = await receiveAll(driver, inbox, 1);
    await driver.inboxes.nack(inbox, (first as Delivery).lease, { retryAfterMs: 1500 });
    const during = await driver.inboxes.receive(inbox, { max: 5, waitMs: 1000 });
    expect(during).toEqual([]);
    // The delay outlasts the lock: the session lock was renewed, so nobody else took the session.
    expect(sb.broker.queues.get(inbox.queue)?.sessions?.held('x')).toBeDefined();
    const [again] = await receiveAll(driver, inbox, 1);
    expect([label(again as Delivery), again?.attempt]).toEqual(['x1', 2]);
    expect(driver.inboxes.sessions.sessionLocksLost).toBe(0);
  });

  it('sessions - renew extends the session lock while the app works, never past lockRenewalMaxMs', async () => {
    const driver = await sb.open({ lockRenewalMaxMs: 2500 });
    const inbox = await sessionQueue(driver, { lockDurationMs: 1000 });
    await driver.queues.send(inbox.queue, [message('r1', 'r')]);
    const [delivery] = await receiveAll(driver, inbox, 1);
    const lease = (delivery as Delivery).lease;
    // Three renewals carry the message well past the entity's 1 s lock.
    for (let i = 0; i < 3; i++) {
      await sleep(500);
      expect(await driver.inboxes.renew(inbox, lease, 800)).toBeGreaterThan(Date.now() + 500);
    }
    // Asking to hold it beyond 2.5 s after receipt is refused (the lock itself is still held).
    await expectCode(driver.inboxes.renew(inbox, lease, 2000), 'lease_expired');
    await driver.inboxes.ack(inbox, lease);
    expect(sb.broker.queues.get(inbox.queue)?.messages).toHaveLength(0);
  });

  it('sessions - a lost session lock is counted and the session dropped; its message comes back, never stuck', async () => {
    const driver = await sb.open();
    const inbox = await sessionQueue(driver);
    await driver.queues.send(inbox.queue, [message('l1', 'l'), message('l2', 'l')]);
    const [first] = await receiveAll(driver, inbox, 1);
    expect(sb.broker.expireSessionLock(inbox.queue, 'l')).toBe(1);
    await expectCode(driver.inboxes.renew(inbox, (first as Delivery).lease, 30_000), 'lease_expired');
    expect(driver.inboxes.sessions.sessionLocksLost).toBe(1);
    expect(driver.eventCounts().session_locks_lost).toBe(1);
    await expectCode(driver.inboxes.ack(inbox, (first as Delivery).lease), 'lease_expired');
    const [back] = await receiveAll(driver, inbox, 1);
    expect([label(back as Delivery), back?.attempt]).toEqual(['l1', 2]);
    await driver.inboxes.ack(inbox, (back as Delivery).lease);
    const [next] = await receiveAll(driver, inbox, 1);
    expect(label(next as Delivery)).toBe('l2');
  });

  it('sessions - a lease shorter than the lock runs out: the message goes back to its session head, counted as an expired lease', async () => {
    const driver = await sb.open();
    const inbox = await sessionQueue(driver);
    await driver.queues.send(inbox.queue, [message('e1', 'e')]);
    const [first] = await driver.inboxes.receive(inbox, { max: 1, waitMs: 2000, leaseMs: 150 });
    expect(first).toBeDefined();
    await sleep(300);
    expect(driver.eventCounts()).toMatchObject({ leases_expired: 1, session_locks_lost: 0 });
    await expectCode(driver.inboxes.ack(inbox, (first as Delivery).lease), 'lease_expired');
    const [back] = await receiveAll(driver, inbox, 1);
    expect([label(back as Delivery), back?.attempt]).toEqual(['e1', 2]);
  });

  it('sessions - settling after the broker took the session lock away fails at once with lease_expired, never a timeout', async () => {
    const driver = await sb.open();
    const inbox = await sessionQueue(driver);
    await driver.queues.send(inbox.queue, [message('s1', 's')]);
    const [first] = await receiveAll(driver, inbox, 1);
    sb.broker.expireSessionLock(inbox.queue, 's');
    await sleep(200);
    const started = Date.now();
    await expectCode(driver.inboxes.ack(inbox, (first as Delivery).lease), 'lease_expired');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(driver.inboxes.sessions.sessionLocksLost).toBe(1);
    const [back] = await receiveAll(driver, inbox, 1);
    expect([label(back as Delivery), back?.attempt]).toEqual(['s1', 2]);
  });

  it('sessions - a lock lost while idle is found on the next receive, counted, and the session accepted again', async () => {
    const driver = await sb.open();
    const inbox = await sessionQueue(driver);
    await driver.queues.send(inbox.queue, [message('i1', 'i'), message('i2', 'i')]);
    const [first] = await receiveAll(driver, inbox, 1);
    await driver.inboxes.ack(inbox, (first as Delivery).lease);
    sb.broker.expireSessionLock(inbox.queue, 'i');
    const [next] = await receiveAll(driver, inbox, 1);
    expect(label(next as Delivery)).toBe('i2');
    expect(driver.inboxes.sessions.sessionLocksLost).toBe(1);
  });

  it('sessions - a session nobody reads is closed, freeing its lock for another sidecar', async () => {
    const one = await sb.open();
    const two = await sb.open();
    const inbox = await sessionQueue(one);
    await one.queues.send(inbox.queue, [message('f1', 'f')]);
    const [first] = await receiveAll(one, inbox, 1);
    await one.inboxes.ack(inbox, (first as Delivery).lease);
    await one.queues.send(inbox.queue, [message('f2', 'f')]);
    expect(await eventually(() => sb.broker.queues.get(inbox.queue)?.sessions?.held('f') === undefined, 5000)).toBe(true);
    await two.queues.ensureQueue(inbox.queue, settings);
    const [second] = await receiveAll(two, inbox, 1);
    expect(label(second as Delivery)).toBe('f2');
  });

  it('sessions - closing the driver releases held messages without counting an attempt and frees the sessions', async () => {
    const driver = await sb.open();
    const inbox = await sessionQueue(driver);
    await driver.queues.send(inbox.queue, [message('c1', 'c')]);
    await receiveAll(driver, inbox, 1);
    await driver.close();
    expect(sb.broker.queues.get(inbox.queue)?.sessions?.held('c')).toBeUndefined();
    const other = await sb.open();
    await other.queues.ensureQueue(inbox.queue, settings);
    const [again] = await receiveAll(other, inbox, 1);
    expect([label(again as Delivery), again?.attempt]).toEqual(['c1', 1]);
  });

  it('sessions - past maxDeliveries a message is dead-lettered and the next one of its key follows', async () => {
    const driver = await sb.open();
    const name = `ses-${process.pid}-${++counter}`;
    sb.broker.createQueue(name, { requiresSession: true });
    await driver.queues.ensureQueue(name, { ...settings, maxDeliveries: 2 });
    const inbox: InboxRef = { kind: 'queue', queue: name };
    await driver.queues.send(name, [message('p1', 'p'), message('p2', 'p')]);
    for (let i = 0; i < 2; i++) {
      const [delivery] = await receiveAll(driver, inbox, 1);
      expect(label(delivery as Delivery)).toBe('p1');
      await driver.inboxes.nack(inbox, (delivery as Delivery).lease);
    }
    const [next] = await receiveAll(driver, inbox, 1);
    expect(label(next as Delivery)).toBe('p2');
    const [dead] = await driver.inboxes.listDeadLetters(inbox, { limit: 10 });
    expect([dead?.reason, dead?.orderingKey]).toEqual(['max_deliveries_exceeded', 'p']);
    await driver.inboxes.ack(inbox, (next as Delivery).lease);
    // Redriven, the copy goes back into its key's session (a session queue takes nothing else).
    expect(await driver.inboxes.redrive(inbox, {})).toBe(1);
    const [redriven] = await receiveAll(driver, inbox, 1);
    expect([label(redriven as Delivery), redriven?.orderingKey, redriven?.attempt]).toEqual(['p1', 'p', 1]);
  });

  it('sessions - after a dropped connection the sessions are found gone and accepted again', async () => {
    const driver = await sb.open();
    const inbox = await sessionQueue(driver);
    await driver.queues.send(inbox.queue, [message('d1', 'd'), message('d2', 'd')]);
    const [first] = await receiveAll(driver, inbox, 1);
    await driver.inboxes.ack(inbox, (first as Delivery).lease);
    expect(sb.broker.dropConnections()).toBeGreaterThan(0);
    const deadline = Date.now() + 8000;
    let next: Delivery | undefined;
    while (next === undefined && Date.now() < deadline) {
      [next] = await driver.inboxes.receive(inbox, { max: 1, waitMs: 300 }).catch(() => []);
    }
    expect(label(next as Delivery)).toBe('d2');
    await driver.inboxes.ack(inbox, (next as Delivery).lease);
    expect(driver.inboxes.sessions.sessionLocksLost).toBeGreaterThanOrEqual(1);
  });

  it('sessions - a session-enabled topic subscription is read by session, and unkeyed events each form their own', async () => {
    const driver = await sb.open();
    const topic = `t-ses-${process.pid}-${++counter}`;
    sb.broker.createSubscription(topic, 'ordered', { requiresSession: true });
    await driver.topics.ensureTopic(topic);
    await driver.topics.ensureSubscription(topic, 'ordered', settings);
    const inbox: InboxRef = { kind: 'subscription', topic, subscription: 'ordered' };
    await driver.topics.publish(topic, [message('e1', 'order-7'), message('e2', 'order-7'), message('u1'), message('u2')]);
    const got = await receiveAll(driver, inbox, 4, 1500);
    expect(got.map(label).sort()).toEqual(['e1', 'u1', 'u2']);
    expect(got.find((d) => label(d) === 'u1')?.orderingKey).toBeUndefined();
  });
});
