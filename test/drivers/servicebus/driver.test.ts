/**
 * Service Bus specifics of the driver, end to end: the real SDK against the AMQP test broker,
 * with faults injected by the broker (dropped connections, refused links, lost locks, throttling).
 */
import { ServiceBusClient } from '@azure/service-bus';
import { describe, expect, it } from 'vitest';
import { OutriggerError } from '../../../src/kernel/errors.js';
import type { Delivery, InboxRef, OutboundMessage } from '../../../src/drivers/contract.js';
import { createServiceBusDriver, type ServiceBusDriver } from '../../../src/drivers/azure-servicebus/index.js';
import { driverRegistry } from '../../../src/drivers/registry.js';
import { eventually, expectCode, sleep } from '../../conformance/support.js';
import { useServiceBusBroker } from '../../infra/helpers/servicebus-driver.js';

const sb = useServiceBusBroker();
let counter = 0;

function queue(options: { lockDurationMs?: number; maxDeliveryCount?: number } = {}): InboxRef & { kind: 'queue' } {
  const name = `sb-${process.pid}-${++counter}`;
  sb.broker.createQueue(name, options);
  return { kind: 'queue', queue: name };
}

function message(n: number, fields: Partial<OutboundMessage> = {}): OutboundMessage {
  return { id: `m-${n}`, headers: { 'content-type': 'text/plain', 'ce-type': 'Test' }, data: new TextEncoder().encode(`body ${n}`), ...fields };
}

async function receiveOne(driver: ServiceBusDriver, inbox: InboxRef, timeoutMs = 3000): Promise<Delivery> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const [delivery] = await driver.inboxes.receive(inbox, { max: 1, waitMs: 200 });
    if (delivery !== undefined) return delivery;
  }
  throw new Error('no delivery arrived');
}

describe('servicebus driver - registration and settings', () => {
  it('settings - the registry builds the driver lazily and declares capabilities truthfully', async () => {
    const entry = driverRegistry['azure-servicebus'];
    expect(entry?.capabilities).toMatchObject({ queues: true, topics: true, streams: false, orderingKeys: true, nativeDeadLetter: true, maxMessageBytes: 262_144 });
    const driver = await entry?.create({ name: 'bus', settings: { connectionString: sb.broker.connectionString }, dataDir: '.' });
    expect(driver?.kind).toBe('azure-servicebus');
    expect(driver?.isConnected()).toBe(false);
    await driver?.close();
  });

  it('settings - every invalid setting is reported at once', async () => {
    const error = await createServiceBusDriver({ name: 'bus', settings: { maxMessageBytes: 5, colour: 'blue' }, dataDir: '.' }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(OutriggerError);
    expect((error as OutriggerError).extensions.problems).toEqual([
      expect.stringContaining("unknown setting 'colour'"),
      expect.stringContaining('connectionString'),
      expect.stringContaining('maxMessageBytes must be an integer from 1024'),
    ]);
  });

  // Namespace auth (workload identity): identity.test.ts.

  it('lifecycle - connect opens the connection, close is idempotent and isConnected says so', async () => {
    const driver = await sb.open();
    expect(driver.isConnected()).toBe(true);
    await Promise.all([driver.close(), driver.close()]);
    expect(driver.isConnected()).toBe(false);
    await expectCode(driver.queues.send('anything', [message(1)]), 'broker_unavailable');
  });
});

describe('servicebus driver - mapping', () => {
  it('mapping - headers become application properties and content type; idempotency key becomes MessageId', async () => {
    const driver = await sb.open();
    const inbox = queue();
    await driver.queues.send(inbox.queue, [message(1, { idempotencyKey: 'order-42', headers: { 'content-type': 'application/json', 'ce-type': 'OrderPlaced', traceparent: '00-abc-def-01' } })]);
    const client = new ServiceBusClient(sb.broker.connectionString);
    try {
      const [raw] = await client.createReceiver(inbox.queue, { skipParsingBodyAsJson: true }).peekMessages(1);
      expect(raw?.messageId).toBe('order-42');
      expect(raw?.contentType).toBe('application/json');
      expect(raw?.applicationProperties).toMatchObject({ 'ce-type': 'OrderPlaced', traceparent: '00-abc-def-01', 'outrigger-id': 'm-1' });
    } finally {
      await client.close();
    }
    const delivery = await receiveOne(driver, inbox);
    expect(delivery).toMatchObject({ id: 'm-1', attempt: 1, headers: { 'content-type': 'application/json', 'ce-type': 'OrderPlaced', traceparent: '00-abc-def-01' } });
    expect(Object.keys(delivery.headers).some((name) => name.startsWith('outrigger-'))).toBe(false);
  });

  it('mapping - concurrent sends in one tick share one batch, and each caller resolves', async () => {
    const driver = await sb.open();
    const inbox = queue();
    const store = sb.broker.queues.get(inbox.queue);
    const receipts = await Promise.all(Array.from({ length: 20 }, (_, i) => driver.queues.send(inbox.queue, [message(i)])));
    expect(receipts.flat().map((r) => r.id)).toEqual(Array.from({ length: 20 }, (_, i) => `m-${i}`));
    expect(store?.messages.length).toBe(20);
    // One batch transfer: all twenty share consecutive sequence numbers assigned in one go.
    expect(new Set(store?.messages.map((m) => m.enqueuedAt)).size).toBe(1);
  });
});

describe('servicebus driver - locks', () => {
  it('lock renewal - renewing keeps a message while work takes longer than the lock', async () => {
    const driver = await sb.open();
    const inbox = queue({ lockDurationMs: 800 });
    await driver.queues.send(inbox.queue, [message(1)]);
    const delivery = await receiveOne(driver, inbox);
    expect(delivery.leaseExpiresAt - Date.now()).toBeLessThanOrEqual(800);
    const second = await sb.open();
    // 1.5 s of work under an 800 ms lock.
    for (let i = 0; i < 6; i++) {
      await sleep(250);
      const until = await driver.inboxes.renew(inbox, delivery.lease, 800);
      expect(until).toBeGreaterThan(Date.now());
      expect(await second.inboxes.receive(inbox, { max: 1, waitMs: 1 })).toEqual([]);
    }
    await driver.inboxes.ack(inbox, delivery.lease);
    expect(sb.broker.queues.get(inbox.queue)?.messages).toEqual([]);
  });

  it('lock renewal - never beyond lockRenewalMaxMs after receipt', async () => {
    const driver = await sb.open({ lockRenewalMaxMs: 300 });
    const inbox = queue();
    await driver.queues.send(inbox.queue, [message(1)]);
    const delivery = await receiveOne(driver, inbox);
    await driver.inboxes.renew(inbox, delivery.lease, 100);
    const error = await expectCode(driver.inboxes.renew(inbox, delivery.lease, 1000), 'lease_expired');
    expect(error.message).toContain('lockRenewalMaxMs');
  });

  it('lock loss - a lock the broker lost is surfaced as lease_expired, and the message comes back with attempt 2', async () => {
    const driver = await sb.open();
    const inbox = queue();
    await driver.queues.send(inbox.queue, [message(1)]);
    const delivery = await receiveOne(driver, inbox);
    expect(sb.broker.expireLock(inbox.queue)).toBe(1);
    await expectCode(driver.inboxes.ack(inbox, delivery.lease), 'lease_expired');
    const again = await receiveOne(driver, inbox);
    expect(again).toMatchObject({ id: delivery.id, attempt: 2 });
    // Renewing a lost lock is lease_expired too, not a crash.
    sb.broker.expireLock(inbox.queue);
    await expectCode(driver.inboxes.renew(inbox, again.lease, 1000), 'lease_expired');
    // Both refusals are counted for outrigger_broker_events_total.
    expect(driver.eventCounts()).toMatchObject({ message_locks_lost: 2, leases_expired: 0 });
  });

  it('lease expiry - a lease shorter than the lock runs out: the message is abandoned, counted, and comes back with attempt 2', async () => {
    const driver = await sb.open();
    const inbox = queue();
    await driver.queues.send(inbox.queue, [message(1)]);
    const [delivery] = await driver.inboxes.receive(inbox, { max: 1, waitMs: 2000, leaseMs: 150 });
    expect(delivery).toBeDefined();
    await sleep(300);
    expect(driver.eventCounts().leases_expired).toBe(1);
    await expectCode(driver.inboxes.ack(inbox, delivery!.lease), 'lease_expired');
    const again = await receiveOne(driver, inbox);
    expect(again).toMatchObject({ id: delivery!.id, attempt: 2 });
    expect(driver.eventCounts().message_locks_lost).toBe(0);
  });

  it('release - counts at the broker but not as an attempt', async () => {
    const driver = await sb.open();
    const inbox = queue();
    await driver.queues.send(inbox.queue, [message(1)]);
    const first = await receiveOne(driver, inbox);
    await driver.inboxes.nack(inbox, first.lease, { release: true });
    const again = await receiveOne(driver, inbox);
    expect(again.attempt).toBe(1);
    await driver.inboxes.ack(inbox, again.lease);
  });
});

describe('servicebus driver - faults', () => {
  it('reconnect - after the broker drops every connection, send and receive work again', async () => {
    const driver = await sb.open();
    const inbox = queue();
    await driver.queues.send(inbox.queue, [message(1)]);
    await driver.inboxes.ack(inbox, (await receiveOne(driver, inbox)).lease);
    expect(sb.broker.dropConnections()).toBeGreaterThan(0);
    expect(await eventually(() => !driver.isConnected(), 2000)).toBe(true);
    // The SDK reconnects and re-attaches on the next operation.
    await driver.queues.send(inbox.queue, [message(2)]);
    const delivery = await receiveOne(driver, inbox, 5000);
    expect(delivery.id).toBe('m-2');
    await driver.inboxes.ack(inbox, delivery.lease);
    expect(driver.isConnected()).toBe(true);
  });

  it('reconnect - a refused link attach fails one call, and the next one attaches again', async () => {
    const driver = await sb.open();
    const inbox = queue();
    await driver.queues.send(inbox.queue, [message(1)]);
    // Prepared first: preparing asks once whether the queue requires sessions (an attach of its own).
    await driver.queues.ensureQueue(inbox.queue, { maxDeliveries: 5, leaseMs: 30_000, dedupWindowMs: 0 });
    // Twice: the SDK retries an attach once by itself.
    sb.broker.refuseNextAttach({ address: inbox.queue, condition: 'amqp:internal-error' });
    sb.broker.refuseNextAttach({ address: inbox.queue, condition: 'amqp:internal-error' });
    const error = await driver.inboxes.receive(inbox, { max: 1, waitMs: 200 }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(OutriggerError);
    expect((error as OutriggerError).code).toBe('broker_unavailable');
    expect((error as OutriggerError).retriable).toBe(true);
    const delivery = await receiveOne(driver, inbox);
    expect(delivery.id).toBe('m-1');
  });

  it('throttling - ServerBusy is broker_unavailable, retriable, with a Retry-After', async () => {
    const driver = await sb.open({ serverBusyBackoffMs: 100 });
    const inbox = queue();
    await driver.queues.send(inbox.queue, [message(0)]);
    sb.broker.serverBusy(5);
    try {
      const error = await expectCode(driver.queues.send(inbox.queue, [message(1)]), 'broker_unavailable');
      expect(error.retriable).toBe(true);
      expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    } finally {
      sb.broker.serverBusy(0);
    }
    // After the namespace back-off (robustness.test.ts has the details).
    await sleep(150);
    await driver.queues.send(inbox.queue, [message(2)]);
  });

  it('size - a message over the limit is payload_too_large, also when its headers push it over', async () => {
    const driver = await sb.open();
    const inbox = queue();
    await expectCode(driver.queues.send(inbox.queue, [message(1, { data: new Uint8Array(262_145) })]), 'payload_too_large');
    const big = message(2, { data: new Uint8Array(262_144 - 100), headers: { 'x-padding': 'p'.repeat(2000) } });
    const error = await expectCode(driver.queues.send(inbox.queue, [big]), 'payload_too_large');
    expect(error.extensions.limit).toBe(262_144);
    expect(sb.broker.queues.get(inbox.queue)?.messages).toEqual([]);
  });

  it('entities - a missing entity is unknown_resource', async () => {
    const driver = await sb.open();
    await expectCode(driver.queues.ensureQueue(`missing-${counter}`, { maxDeliveries: 3, leaseMs: 1000, dedupWindowMs: 0 }), 'unknown_resource');
    await expectCode(driver.queues.send(`missing-${counter}`, [message(1)]), 'unknown_resource');
  });
});

describe('servicebus driver - dead letters', () => {
  it('dead letters - the reason and description Service Bus or another client gave are listed', async () => {
    const driver = await sb.open();
    const inbox = queue({ maxDeliveryCount: 1, lockDurationMs: 200 });
    await driver.queues.send(inbox.queue, [message(1), message(2)]);
    const client = new ServiceBusClient(sb.broker.connectionString);
    try {
      const receiver = client.createReceiver(inbox.queue);
      const [first] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 1000 });
      await receiver.deadLetterMessage(first!, { deadLetterReason: 'ValidationFailed', deadLetterErrorDescription: 'total is missing' });
      // The second one's lock expires: the entity's MaxDeliveryCount (1) dead-letters it.
      await receiver.receiveMessages(1, { maxWaitTimeInMs: 1000 });
    } finally {
      await client.close();
    }
    expect(await eventually(() => (sb.broker.queues.get(inbox.queue)?.deadLetter?.messages.length ?? 0) === 2, 3000)).toBe(true);
    const letters = await driver.inboxes.listDeadLetters(inbox, { limit: 10 });
    expect(letters.map((l) => [l.id, l.reason, l.attempts])).toEqual([
      ['m-1', 'ValidationFailed: total is missing', 0],
      ['m-2', 'max_deliveries_exceeded', 1],
    ]);
    expect(await driver.inboxes.listDeadLetters(inbox, { limit: 1 })).toHaveLength(1);
  });

  it('dead letters - a subscription redrive is refused with unsupported_operation, its dead letters stay listed', async () => {
    const driver = await sb.open();
    const topic = `sbt-${++counter}`;
    sb.broker.createSubscription(topic, 'a', {});
    const inbox: InboxRef = { kind: 'subscription', topic, subscription: 'a' };
    await driver.topics.ensureTopic(topic);
    await driver.topics.ensureSubscription(topic, 'a', { maxDeliveries: 1, leaseMs: 5000, dedupWindowMs: 0 });
    await driver.topics.publish(topic, [message(1)]);
    const delivery = await receiveOne(driver, inbox);
    await driver.inboxes.nack(inbox, delivery.lease);
    expect((await driver.inboxes.listDeadLetters(inbox, { limit: 5 })).map((l) => [l.id, l.reason, l.attempts])).toEqual([['m-1', 'max_deliveries_exceeded', 1]]);
    await expectCode(driver.inboxes.redrive(inbox, {}), 'unsupported_operation');
    expect(await driver.inboxes.listDeadLetters(inbox, { limit: 5 })).toHaveLength(1);
  });
});
