/**
 * Continuous receives (the push loop, Consume): once messages flow, a stream with flowing credit
 * serves them, and what it locks that no caller took goes back uncounted. Against the test broker
 * with the real SDK.
 */
import { describe, expect, it } from 'vitest';
import type { Delivery, InboxRef, OutboundMessage } from '../../../src/drivers/contract.js';
import type { ServiceBusDriver } from '../../../src/drivers/azure-servicebus/index.js';
import { sleep } from '../../conformance/support.js';
import { useServiceBusBroker } from '../../infra/helpers/servicebus-driver.js';

const sb = useServiceBusBroker();
let counter = 0;

function queue(options: { lockDurationMs?: number; maxDeliveryCount?: number } = {}): InboxRef & { kind: 'queue' } {
  const name = `stream-${process.pid}-${++counter}`;
  sb.broker.createQueue(name, options);
  return { kind: 'queue', queue: name };
}

function message(n: number): OutboundMessage {
  return { id: `m-${n}`, headers: { 'ce-type': 'Test' }, data: new TextEncoder().encode(`body ${n}`) };
}

function continuous(driver: ServiceBusDriver, inbox: InboxRef, max: number, waitMs = 1000): Promise<Delivery[]> {
  return driver.inboxes.receive(inbox, { max, waitMs, continuous: true });
}

async function until(what: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!what()) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await sleep(20);
  }
}

describe('servicebus streaming - continuous receives', () => {
  it('stream - after a first pull, messages flow: every one delivered once, in order, at most the window locked beyond what is held', async () => {
    const driver = await sb.open();
    const inbox = queue({ lockDurationMs: 30_000 });
    await driver.queues.send(inbox.queue, Array.from({ length: 30 }, (_, i) => message(i)));
    const store = sb.broker.queues.get(inbox.queue);
    const seen: string[] = [];
    // The first pull takes one; the stream locks the rest as room allows (4, less the one held).
    const first = await continuous(driver, inbox, 4);
    expect(first).toHaveLength(1);
    expect(driver.inboxes.streamCount).toBe(1);
    await until(() => store?.locks.size === 4, 1000);
    let batch = first;
    while (seen.length < 30) {
      for (const delivery of batch) {
        seen.push(delivery.id);
        expect(delivery.attempt).toBe(1);
        await driver.inboxes.ack(inbox, delivery.lease);
      }
      // Locked: what the stream's window allows (4) plus what a caller holds (none here).
      expect(store?.locks.size ?? 0).toBeLessThanOrEqual(4);
      if (seen.length < 30) batch = await continuous(driver, inbox, 4);
    }
    expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => `m-${i}`));
    await until(() => (store?.messages.length ?? 0) === 0, 2000);
    expect(store?.deadLetter?.messages ?? []).toEqual([]);
  });

  it('stream - a continuous receive that waits in vain stops the stream: nothing stays locked, the next receive is a pull', async () => {
    const driver = await sb.open();
    const inbox = queue();
    await driver.queues.send(inbox.queue, [message(1)]);
    const [delivery] = await continuous(driver, inbox, 8);
    await driver.inboxes.ack(inbox, delivery!.lease);
    expect(driver.inboxes.streamCount).toBe(1);
    expect(await continuous(driver, inbox, 8, 200)).toEqual([]);
    expect(driver.inboxes.streamCount).toBe(0);
    // Sent after the stream stopped: no receiver of this driver holds credit for it.
    await driver.queues.send(inbox.queue, [message(2)]);
    await sleep(200);
    expect(sb.broker.queues.get(inbox.queue)?.locks.size).toBe(0);
    const [again] = await continuous(driver, inbox, 8);
    expect(again).toMatchObject({ id: 'm-2', attempt: 1 });
    await driver.inboxes.ack(inbox, again!.lease);
  });

  it('stream - what it buffered that no caller took goes back uncounted within a quarter of the lock, and comes again as attempt 1', async () => {
    const driver = await sb.open({ expectedProcessingMs: 100 });
    const inbox = queue({ lockDurationMs: 2000 });
    await driver.queues.ensureQueue(inbox.queue, { maxDeliveries: 1, leaseMs: 2000, dedupWindowMs: 0 });
    await driver.queues.send(inbox.queue, [message(0)]);
    const [first] = await continuous(driver, inbox, 5);
    expect(driver.inboxes.streamCount).toBe(1);
    // The stream holds credit: these are locked for it at once, then nobody asks for them.
    await driver.queues.send(inbox.queue, Array.from({ length: 3 }, (_, i) => message(i + 1)));
    const store = sb.broker.queues.get(inbox.queue);
    await until(() => driver.inboxes.streamReleases === 3, 1500);
    expect(driver.inboxes.streamCount).toBe(0);
    await until(() => store?.locks.size === 1, 1000);
    await driver.inboxes.ack(inbox, first!.lease);
    // maxDeliveries is 1: had the release counted, these would now be dead-lettered.
    const other = await sb.open();
    await other.queues.ensureQueue(inbox.queue, { maxDeliveries: 1, leaseMs: 2000, dedupWindowMs: 0 });
    const back = await other.inboxes.receive(inbox, { max: 10, waitMs: 1000 });
    expect(back.map((d) => [d.id, d.attempt]).sort()).toEqual([
      ['m-1', 1],
      ['m-2', 1],
      ['m-3', 1],
    ]);
    expect(store?.deadLetter?.messages ?? []).toEqual([]);
  });

  it('stream - close releases what was buffered and what is held, uncounted', async () => {
    const driver = await sb.open();
    const inbox = queue({ lockDurationMs: 30_000 });
    await driver.queues.ensureQueue(inbox.queue, { maxDeliveries: 1, leaseMs: 30_000, dedupWindowMs: 0 });
    await driver.queues.send(inbox.queue, [message(0)]);
    const [held] = await continuous(driver, inbox, 5);
    expect(held).toBeDefined();
    await driver.queues.send(inbox.queue, Array.from({ length: 3 }, (_, i) => message(i + 1)));
    const store = sb.broker.queues.get(inbox.queue);
    await until(() => store?.locks.size === 4, 1500);
    await driver.close();
    expect(store?.locks.size).toBe(0);
    const other = await sb.open();
    await other.queues.ensureQueue(inbox.queue, { maxDeliveries: 1, leaseMs: 30_000, dedupWindowMs: 0 });
    const back = await other.inboxes.receive(inbox, { max: 10, waitMs: 1000 });
    expect(back.map((d) => [d.id, d.attempt]).sort()).toEqual([
      ['m-0', 1],
      ['m-1', 1],
      ['m-2', 1],
      ['m-3', 1],
    ]);
  });

  it('stream - a caller with room for no more than it holds keeps pulling: nothing is locked for it beyond', async () => {
    const driver = await sb.open();
    const inbox = queue({ lockDurationMs: 30_000 });
    await driver.queues.send(inbox.queue, [message(0), message(1), message(2)]);
    const [first] = await continuous(driver, inbox, 1);
    expect(first).toMatchObject({ id: 'm-0' });
    expect(driver.inboxes.streamCount).toBe(0);
    await sleep(200);
    expect(sb.broker.queues.get(inbox.queue)?.locks.size).toBe(1);
    await driver.inboxes.ack(inbox, first!.lease);
    const [second] = await continuous(driver, inbox, 1);
    expect(second).toMatchObject({ id: 'm-1', attempt: 1 });
    await driver.inboxes.ack(inbox, second!.lease);
  });

  it('stream - an aborted continuous receive stops the stream and gives back what it buffered', async () => {
    const driver = await sb.open();
    const inbox = queue({ lockDurationMs: 30_000 });
    await driver.queues.send(inbox.queue, [message(0)]);
    const [first] = await continuous(driver, inbox, 5);
    await driver.inboxes.ack(inbox, first!.lease);
    const stop = new AbortController();
    const waiting = driver.inboxes.receive(inbox, { max: 5, waitMs: 5000, continuous: true, signal: stop.signal });
    stop.abort();
    expect(await waiting).toEqual([]);
    expect(driver.inboxes.streamCount).toBe(0);
    await driver.queues.send(inbox.queue, [message(1)]);
    await sleep(300);
    expect(sb.broker.queues.get(inbox.queue)?.locks.size).toBe(0);
  });
});
