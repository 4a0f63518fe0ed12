/**
 * Event Grid driver, namespace topics: lock tokens as leases (ack, release with a delay, reject to
 * dead-letter, renewal, a lost lock), maxDeliveries, headers read back as sent, and refusals.
 * The real @azure/eventgrid-namespaces SDK against our Event Grid test server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventGridDriver, type EventGridDriver } from '../../../src/drivers/azure-eventgrid/index.js';
import { releaseDelaySeconds } from '../../../src/drivers/azure-eventgrid/namespace-inbox.js';
import type { InboxRef, OutboundMessage } from '../../../src/drivers/contract.js';
import { OutriggerError } from '../../../src/kernel/errors.js';
import { startEventGridServer, type EventGridServer } from '../../infra/eventgrid-server/server.js';

let server: EventGridServer;
let driver: EventGridDriver;
const settings = { maxDeliveries: 2, leaseMs: 30_000, dedupWindowMs: 0 };
let counter = 0;

beforeAll(async () => {
  // A short lock so that a lost lock can be shown; a 1 s long-poll floor keeps empty receives short.
  server = await startEventGridServer({ namespace: { minWaitSeconds: 1, defaults: { lockMs: 500 } } });
  driver = await createEventGridDriver({ name: 'ns', settings: { namespaceEndpoint: server.url, key: server.key }, dataDir: '.' });
  await driver.connect();
});
afterAll(async () => {
  await driver.close();
  await server.close();
});

async function fresh(): Promise<{ topic: string; inbox: InboxRef & { kind: 'subscription' } }> {
  const topic = `t${++counter}`;
  await driver.topics.ensureSubscription(topic, 's', settings);
  return { topic, inbox: { kind: 'subscription', topic, subscription: 's' } };
}

function event(id: string, headers: Record<string, string> = {}): OutboundMessage {
  return { id, headers: { 'ce-specversion': '1.0', 'ce-id': id, 'ce-source': 'app', 'ce-type': 'T', 'content-type': 'application/json', ...headers }, data: new TextEncoder().encode(JSON.stringify({ id })) };
}

describe('eventgrid driver - namespace topics', () => {
  it('namespace - headers and data come back as published', async () => {
    const { topic, inbox } = await fresh();
    const headers = { 'ce-subject': 'orders/1', 'ce-tenant': 'eu', traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', 'x-custom': 'kept' };
    await driver.topics.publish(topic, [event('h1', headers)]);
    const [got] = await driver.inboxes.receive(inbox, { max: 10, waitMs: 1000 });
    expect(got).toMatchObject({ id: 'h1', attempt: 1, headers: { ...headers, 'ce-id': 'h1', 'ce-source': 'app', 'ce-type': 'T', 'content-type': 'application/json' } });
    expect(JSON.parse(new TextDecoder().decode(got!.data))).toEqual({ id: 'h1' });
    await driver.inboxes.ack(inbox, got!.lease);
  });

  it('namespace - a publish on a pooled connection the service closed while idle is sent again once, on a new one', async () => {
    const { topic, inbox } = await fresh();
    await driver.topics.publish(topic, [event('p1')]);
    server.faults.resetNext(1);
    await driver.topics.publish(topic, [event('p2')]);
    expect(server.faults.resetsLeft).toBe(0);
    const got = await driver.inboxes.receive(inbox, { max: 10, waitMs: 1000 });
    expect(got.map((m) => m.id)).toEqual(['p1', 'p2']);
    for (const m of got) await driver.inboxes.ack(inbox, m.lease);
  });

  it('namespace - a nack releases with the delay rounded up to one the service offers; the attempt counts', async () => {
    expect([0, 1, 10_000, 10_001, 70_000, 9e9].map(releaseDelaySeconds)).toEqual([0, 10, 10, 60, 600, 3600]);
    const { topic, inbox } = await fresh();
    await driver.topics.publish(topic, [event('r1')]);
    const [first] = await driver.inboxes.receive(inbox, { max: 1, waitMs: 1000 });
    await driver.inboxes.nack(inbox, first!.lease);
    const [again] = await driver.inboxes.receive(inbox, { max: 1, waitMs: 1000 });
    expect(again).toMatchObject({ id: 'r1', attempt: 2 });
    await driver.inboxes.ack(inbox, again!.lease);
  });

  it('namespace - a dead-letter nack rejects; past maxDeliveries an event is rejected, not delivered', async () => {
    const { topic, inbox } = await fresh();
    await driver.topics.publish(topic, [event('d1'), event('d2')]);
    const got = await driver.inboxes.receive(inbox, { max: 2, waitMs: 1000 });
    const d1 = got.find((d) => d.id === 'd1')!;
    const d2 = got.find((d) => d.id === 'd2')!;
    await driver.inboxes.nack(inbox, d1.lease, { deadLetter: true, reason: 'poison' });
    await driver.inboxes.nack(inbox, d2.lease);
    const [second] = await driver.inboxes.receive(inbox, { max: 1, waitMs: 1000 });
    await driver.inboxes.nack(inbox, second!.lease);
    expect(await driver.inboxes.receive(inbox, { max: 1, waitMs: 1000 })).toEqual([]);
    expect(server.namespace.deadLetters(topic, 's').map((d) => [d.event['id'], d.reason])).toEqual([
      ['d1', 'Rejected'],
      ['d2', 'Rejected'],
    ]);
    expect(driver.eventCounts()).toMatchObject({ over_delivered_rejected: 1 });
  });

  it('namespace - renewal keeps the lock; a lock that ran out is lease_expired and the event comes back', async () => {
    const { topic, inbox } = await fresh();
    await driver.topics.publish(topic, [event('l1')]);
    const [held] = await driver.inboxes.receive(inbox, { max: 1, waitMs: 1000 });
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      expect(await driver.inboxes.renew(inbox, held!.lease, 30_000)).toBeGreaterThan(Date.now());
    }
    await new Promise((resolve) => setTimeout(resolve, 700));
    const err = await driver.inboxes.ack(inbox, held!.lease).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutriggerError);
    expect((err as OutriggerError).code).toBe('lease_expired');
    const [back] = await driver.inboxes.receive(inbox, { max: 1, waitMs: 1000 });
    expect(back).toMatchObject({ id: 'l1', attempt: 2 });
    await driver.inboxes.ack(inbox, back!.lease);
  });

  it('namespace - an unknown subscription fails ensureSubscription; dead letters and depth are unsupported', async () => {
    server.namespace.autoCreate = false;
    try {
      const err = await driver.topics.ensureSubscription('missing', 's', settings).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'unknown_resource' });
    } finally {
      server.namespace.autoCreate = true;
    }
    const { inbox } = await fresh();
    await expect(driver.inboxes.listDeadLetters(inbox)).rejects.toMatchObject({ code: 'unsupported_operation' });
    await expect(driver.inboxes.depth(inbox)).rejects.toMatchObject({ code: 'unsupported_operation' });
  });
});
