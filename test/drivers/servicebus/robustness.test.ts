/**
 * The failure modes users of other sidecars report, injected by the test broker and recovered
 * from by the driver with the real SDK: stalled receiver links, network outages, ServerBusy
 * throttling, slow settlements, prefetch beyond what locks allow, and shutdown with work in hand.
 */
import { ServiceBusClient } from '@azure/service-bus';
import { describe, expect, it } from 'vitest';
import type { Delivery, InboxRef, OutboundMessage } from '../../../src/drivers/contract.js';
import type { ServiceBusDriver } from '../../../src/drivers/azure-servicebus/index.js';
import { expectCode, sleep } from '../../conformance/support.js';
import { useServiceBusBroker } from '../../infra/helpers/servicebus-driver.js';

const sb = useServiceBusBroker({
  beforeClose: (broker) => {
    broker.serverBusy(0);
    broker.delayDispositions(0, 0);
  },
});
let counter = 0;

function queue(options: { lockDurationMs?: number; maxDeliveryCount?: number } = {}): InboxRef & { kind: 'queue' } {
  const name = `rob-${process.pid}-${++counter}`;
  sb.broker.createQueue(name, options);
  return { kind: 'queue', queue: name };
}

function message(n: number): OutboundMessage {
  return { id: `m-${n}`, headers: { 'ce-type': 'Test' }, data: new TextEncoder().encode(`body ${n}`) };
}

async function receiveWithin(driver: ServiceBusDriver, inbox: InboxRef, timeoutMs: number): Promise<Delivery> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const [delivery] = await driver.inboxes.receive(inbox, { max: 1, waitMs: 200 }).catch(() => []);
    if (delivery !== undefined) return delivery;
  }
  throw new Error(`no delivery within ${timeoutMs} ms`);
}

describe('servicebus robustness - receiver watchdog', () => {
  it('watchdog - a connection that goes silent (half-open) is detected within waitMs + receiveStallMs and replaced', async () => {
    const driver = await sb.open({ receiveStallMs: 400, maxReceiversPerInbox: 1 });
    const inbox = queue();
    expect(await driver.inboxes.receive(inbox, { max: 1, waitMs: 50 })).toEqual([]);
    expect(sb.broker.freezeConnections()).toBe(1);
    const client = new ServiceBusClient(sb.broker.connectionString);
    try {
      await client.createSender(inbox.queue).sendMessages({ body: Buffer.from('1'), messageId: 'm-1' });
    } finally {
      await client.close();
    }
    const started = Date.now();
    // Nothing comes back on the frozen connection, not even the drain: the watchdog ends the call.
    expect(await driver.inboxes.receive(inbox, { max: 1, waitMs: 200 })).toEqual([]);
    expect(Date.now() - started).toBeLessThan(1500);
    expect(driver.inboxes.stalls).toBe(1);
    expect(driver.inboxes.receiversReplaced).toBe(1);
    expect(driver.eventCounts()).toMatchObject({ receivers_stalled: 1, receivers_replaced: 1 });
    // The connection was reset: the SDK reconnects and the message arrives.
    const delivery = await receiveWithin(driver, inbox, 5000);
    expect(delivery).toMatchObject({ id: 'm-1', attempt: 1 });
    await driver.inboxes.ack(inbox, delivery.lease);
    expect(driver.isConnected()).toBe(true);
  });

  it('watchdog - a stalled link the SDK detects itself (drain unanswered) costs one empty receive, not the message', async () => {
    const driver = await sb.open({ receiveStallMs: 400, maxReceiversPerInbox: 1 });
    const inbox = queue();
    expect(await driver.inboxes.receive(inbox, { max: 1, waitMs: 50 })).toEqual([]);
    expect(sb.broker.stallReceivers(inbox.queue)).toBe(1);
    await driver.queues.send(inbox.queue, [message(1)]);
    expect(await driver.inboxes.receive(inbox, { max: 1, waitMs: 200 })).toEqual([]);
    const delivery = await receiveWithin(driver, inbox, 3000);
    expect(delivery).toMatchObject({ id: 'm-1', attempt: 1 });
    await driver.inboxes.ack(inbox, delivery.lease);
  });

  it('watchdog - after a network outage during a long poll, messages sent later are received', async () => {
    const driver = await sb.open({ receiveStallMs: 500 });
    const inbox = queue();
    const polling = driver.inboxes.receive(inbox, { max: 1, waitMs: 3000 }).catch((err: unknown) => err);
    await sleep(200);
    expect(sb.broker.dropConnections()).toBeGreaterThan(0);
    // The long poll ends (empty or an error), never hangs past its wait plus the stall bound.
    const ended = await Promise.race([polling.then(() => 'ended'), sleep(5000).then(() => 'hung')]);
    expect(ended).toBe('ended');
    const client = new ServiceBusClient(sb.broker.connectionString);
    try {
      await client.createSender(inbox.queue).sendMessages({ body: Buffer.from('late'), messageId: 'late-1' });
    } finally {
      await client.close();
    }
    const delivery = await receiveWithin(driver, inbox, 6000);
    expect(delivery.id).toBe('late-1');
    await driver.inboxes.ack(inbox, delivery.lease);
  });
});

describe('servicebus robustness - throttling', () => {
  it('ServerBusy - one busy answer backs off sends and receives on every entity of the namespace, then recovers', async () => {
    const driver = await sb.open({ serverBusyBackoffMs: 600 });
    const a = queue();
    const b = queue();
    await driver.queues.send(b.queue, [message(0)]);
    // Enough busy answers for the SDK's own single retry, plus one left over.
    sb.broker.serverBusy(3);
    const first = await expectCode(driver.queues.send(a.queue, [message(1)]), 'broker_unavailable');
    expect(first.retriable).toBe(true);
    expect(driver.throttle.backingOff).toBe(true);
    // Other entities are held back without a network call: the broker's last busy answer is unused.
    const held = await expectCode(driver.queues.send(b.queue, [message(2)]), 'broker_unavailable');
    expect(held.message).toMatch(/not attempted.*ServerBusy/);
    expect(held.retryAfterSeconds).toBe(1);
    await expectCode(driver.inboxes.receive(b, { max: 1, waitMs: 50 }), 'broker_unavailable');
    expect(driver.throttle.busyCount).toBe(1);
    expect(driver.eventCounts().server_busy).toBe(1);
    // Settling is never held back: the message in hand from before is still completed.
    await sleep(650);
    sb.broker.serverBusy(0);
    const delivery = await receiveWithin(driver, b, 2000);
    sb.broker.serverBusy(1);
    await driver.queues.send(a.queue, [message(3)]).catch(() => undefined);
    await driver.inboxes.ack(b, delivery.lease);
    expect(sb.broker.queues.get(b.queue)?.messages).toEqual([]);
  });
});

describe('servicebus robustness - locks and settlement', () => {
  it('prefetch - one receive never locks more than lockDuration / expectedProcessingMs messages', async () => {
    const driver = await sb.open({ expectedProcessingMs: 1000 });
    const inbox = queue({ lockDurationMs: 3000 });
    await driver.queues.send(inbox.queue, Array.from({ length: 10 }, (_, i) => message(i)));
    const store = sb.broker.queues.get(inbox.queue);
    // Before the first delivery shows the lock duration, Service Bus's shortest (5 s) is assumed.
    const first = await driver.inboxes.receive(inbox, { max: 10, waitMs: 500 });
    expect(first).toHaveLength(5);
    const second = await driver.inboxes.receive(inbox, { max: 10, waitMs: 500 });
    expect(second.length).toBeGreaterThanOrEqual(2);
    expect(second.length).toBeLessThanOrEqual(3);
    await sleep(100);
    // Nothing beyond what was handed out is locked: no credit outlives a receive.
    expect(store?.locks.size).toBe(first.length + second.length);
  });

  it('latency - a receive asking for many returns a lone message at once (the SDK alone would hold it a second)', async () => {
    const driver = await sb.open();
    const inbox = queue();
    await driver.queues.send(inbox.queue, [message(1)]);
    let started = Date.now();
    expect(await driver.inboxes.receive(inbox, { max: 16, waitMs: 5000 })).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(500);
    setTimeout(() => void driver.queues.send(inbox.queue, [message(2)]), 300);
    started = Date.now();
    expect(await driver.inboxes.receive(inbox, { max: 16, waitMs: 5000 })).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(800);
    // A backlog still comes in one receive.
    await driver.queues.send(inbox.queue, Array.from({ length: 4 }, (_, i) => message(10 + i)));
    expect(await driver.inboxes.receive(inbox, { max: 16, waitMs: 1000 })).toHaveLength(4);
  });

  it('slow settle - a disposition answered late completes the message once: no loss, no redelivery', async () => {
    const driver = await sb.open();
    const inbox = queue({ lockDurationMs: 2000 });
    await driver.queues.send(inbox.queue, [message(1)]);
    const delivery = await receiveWithin(driver, inbox, 2000);
    sb.broker.delayDispositions(700);
    const started = Date.now();
    await driver.inboxes.ack(inbox, delivery.lease);
    expect(Date.now() - started).toBeGreaterThanOrEqual(600);
    const store = sb.broker.queues.get(inbox.queue);
    expect(store?.messages).toEqual([]);
    expect(store?.deadLetter?.messages).toEqual([]);
    const other = await sb.open();
    expect(await other.inboxes.receive(inbox, { max: 1, waitMs: 2500 })).toEqual([]);
  });

  it('slow settle - a disposition that arrives after the lock expired is lease_expired, and the message comes back once', async () => {
    const driver = await sb.open();
    const inbox = queue({ lockDurationMs: 600 });
    await driver.queues.send(inbox.queue, [message(1)]);
    const delivery = await receiveWithin(driver, inbox, 2000);
    sb.broker.delayDispositions(900);
    await expectCode(driver.inboxes.ack(inbox, delivery.lease), 'lease_expired');
    const again = await receiveWithin(driver, inbox, 2000);
    expect(again).toMatchObject({ id: 'm-1', attempt: 2 });
    await driver.inboxes.ack(inbox, again.lease);
    expect(sb.broker.queues.get(inbox.queue)?.messages).toEqual([]);
  });
});

describe('servicebus robustness - shutdown', () => {
  it('shutdown - messages held at close are released, not counted, never dead-lettered', async () => {
    const driver = await sb.open();
    const inbox = queue({ maxDeliveryCount: 10 });
    await driver.queues.ensureQueue(inbox.queue, { maxDeliveries: 1, leaseMs: 30_000, dedupWindowMs: 0 });
    await driver.queues.send(inbox.queue, [message(1), message(2)]);
    const held = [await receiveWithin(driver, inbox, 2000), await receiveWithin(driver, inbox, 2000)];
    expect(held.map((d) => d.attempt)).toEqual([1, 1]);
    await driver.close();
    const store = sb.broker.queues.get(inbox.queue);
    expect(store?.locks.size).toBe(0);
    expect(store?.deadLetter?.messages).toEqual([]);
    // maxDeliveries is 1: had the release counted as an attempt, the next receive would dead-letter.
    const next = await sb.open();
    await next.queues.ensureQueue(inbox.queue, { maxDeliveries: 1, leaseMs: 30_000, dedupWindowMs: 0 });
    const back = [await receiveWithin(next, inbox, 2000), await receiveWithin(next, inbox, 2000)];
    expect(back.map((d) => [d.id, d.attempt]).sort()).toEqual([
      ['m-1', 1],
      ['m-2', 1],
    ]);
    expect(store?.deadLetter?.messages).toEqual([]);
  });
});

describe('servicebus robustness - delayed nack on a subscription', () => {
  function topic(lockDurationMs: number): { name: string; a: InboxRef; b: InboxRef } {
    const name = `rob-t-${process.pid}-${++counter}`;
    sb.broker.createSubscription(name, 'a', { lockDurationMs });
    sb.broker.createSubscription(name, 'b', { lockDurationMs });
    return { name, a: { kind: 'subscription', topic: name, subscription: 'a' }, b: { kind: 'subscription', topic: name, subscription: 'b' } };
  }

  it('nack delay - the message stays locked (renewed past its lock duration) for the delay, then returns with the attempt counted; no copy reaches other subscriptions', async () => {
    const driver = await sb.open();
    const t = topic(600);
    await driver.topics.ensureSubscription(t.name, 'a', { maxDeliveries: 5, leaseMs: 5000, dedupWindowMs: 0 });
    await driver.topics.publish(t.name, [message(1)]);
    const first = await receiveWithin(driver, t.a, 2000);
    const nacked = Date.now();
    await driver.inboxes.nack(t.a, first.lease, { retryAfterMs: 1500 });
    const other = await sb.open();
    // Twice the lock duration: had the lock not been renewed, the message would be back.
    expect(await other.inboxes.receive(t.a, { max: 1, waitMs: 1200 })).toEqual([]);
    const again = await receiveWithin(driver, t.a, 3000);
    expect(Date.now() - nacked).toBeGreaterThanOrEqual(1400);
    expect(again).toMatchObject({ id: 'm-1', attempt: 2 });
    await driver.inboxes.ack(t.a, again.lease);
    expect(sb.broker.topics.get(t.name)?.subscriptions.get('b')?.messages).toHaveLength(1);
  });

  it('nack delay - on shutdown a waiting message is abandoned at once, never kept or dead-lettered', async () => {
    const driver = await sb.open();
    const t = topic(30_000);
    await driver.topics.publish(t.name, [message(1)]);
    const first = await receiveWithin(driver, t.a, 2000);
    await driver.inboxes.nack(t.a, first.lease, { retryAfterMs: 60_000 });
    await driver.close();
    const next = await sb.open();
    const again = await receiveWithin(next, t.a, 1000);
    expect(again).toMatchObject({ id: 'm-1', attempt: 2 });
    expect(sb.broker.topics.get(t.name)?.subscriptions.get('a')?.deadLetter?.messages).toEqual([]);
  });
});

describe('servicebus robustness - test broker fidelity', () => {
  it('test broker - one receiver link keeps delivering past 2048 settled messages (rhea frees session slots only when both sides settled)', async () => {
    const inbox = queue();
    const client = new ServiceBusClient(sb.broker.connectionString);
    try {
      const sender = client.createSender(inbox.queue);
      for (let i = 0; i < 22; i++) await sender.sendMessages(Array.from({ length: 100 }, (_, n) => ({ body: Buffer.from(String(i * 100 + n)) })));
      const receiver = client.createReceiver(inbox.queue);
      let completed = 0;
      const deadline = Date.now() + 20_000;
      while (completed < 2200 && Date.now() < deadline) {
        const batch = await receiver.receiveMessages(100, { maxWaitTimeInMs: 500 });
        await Promise.all(batch.map((m) => receiver.completeMessage(m)));
        completed += batch.length;
      }
      expect(completed).toBe(2200);
      expect(sb.broker.queues.get(inbox.queue)?.messages).toEqual([]);
    } finally {
      await client.close();
    }
  }, 30_000);
});
