/** Commands: send, receive, settle, long-poll, competing consumers, redelivery. */
import { describe, expect, it } from 'vitest';
import type { Delivery, InboxRef } from '../../../src/drivers/contract.js';
import { decode, expectDepth, expectCode, type Fixture, message, quickInbox, queuesOf, receiveCount, receiveMine, sleep } from '../support.js';

async function freshQueue(fx: Fixture, settings = quickInbox): Promise<InboxRef & { kind: 'queue' }> {
  const queue = fx.name('q');
  await queuesOf(fx.driver).queues.ensureQueue(queue, settings);
  return { kind: 'queue', queue };
}

export function queueCases(fx: Fixture): void {
  describe.runIf(fx.caps.queues)('queues', () => {
    it('queues - a sent command is received once with headers and binary data intact, then acked', async () => {
      const { queues, inboxes } = queuesOf(fx.driver);
      const inbox = await freshQueue(fx);
      const data = Uint8Array.from({ length: 256 }, (_, i) => i);
      const headers = { 'ce-type': 'ShipOrder', 'ce-subject': 'orders/42', 'x-note': 'grüße ✓' };
      const before = Date.now();
      const [receipt] = await queues.send(inbox.queue, [message(fx, 1, { headers, data })]);
      expect(receipt?.duplicate).toBe(false);
      const [delivery, ...rest] = await receiveMine(fx, inboxes, inbox, { max: 10, waitMs: 2000 });
      expect(rest).toEqual([]);
      expect(delivery?.id).toBe(receipt?.id);
      expect(delivery?.headers).toMatchObject(headers);
      expect(Buffer.from(delivery?.data ?? new Uint8Array()).equals(Buffer.from(data))).toBe(true);
      expect(delivery?.attempt).toBe(1);
      expect(typeof delivery?.lease).toBe('string');
      expect(delivery?.leaseExpiresAt).toBeGreaterThan(Date.now());
      expect(delivery?.enqueuedAt).toBeGreaterThanOrEqual(before - 1000);
      expect(await receiveMine(fx, inboxes, inbox, { max: 10, waitMs: 0 })).toEqual([]);
      await inboxes.ack(inbox, (delivery as Delivery).lease);
      await expectDepth(inboxes, inbox, { ready: 0, inFlight: 0, deadLettered: 0 });
    });

    it('queues - receive returns at most max messages, oldest first', async () => {
      const { queues, inboxes } = queuesOf(fx.driver);
      const inbox = await freshQueue(fx);
      await queues.send(inbox.queue, [1, 2, 3, 4, 5].map((n) => message(fx, n)));
      const first = await receiveMine(fx, inboxes, inbox, { max: 3, waitMs: 1000 });
      expect(first.map((d) => decode(d.data).n)).toEqual([1, 2, 3]);
      const second = await receiveMine(fx, inboxes, inbox, { max: 10, waitMs: 1000 });
      expect(second.map((d) => decode(d.data).n)).toEqual([4, 5]);
      await expectDepth(inboxes, inbox, { ready: 0, inFlight: 5 }, false);
    });

    it('queues - a long-poll receive wakes as soon as a message arrives', async () => {
      const { queues, inboxes } = queuesOf(fx.driver);
      const inbox = await freshQueue(fx);
      const started = Date.now();
      const pending = receiveMine(fx, inboxes, inbox, { max: 1, waitMs: 10_000 });
      await sleep(100);
      await queues.send(inbox.queue, [message(fx, 1)]);
      const got = await pending;
      expect(got).toHaveLength(1);
      expect(Date.now() - started).toBeLessThan(2500);
    });

    it('queues - a long-poll receive with nothing to deliver returns empty after waitMs', async () => {
      const { inboxes } = queuesOf(fx.driver);
      const inbox = await freshQueue(fx);
      const started = Date.now();
      expect(await inboxes.receive(inbox, { max: 5, waitMs: 300 })).toEqual([]);
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(250);
      expect(elapsed).toBeLessThan(3000);
    });

    it('queues - competing consumers on two connections get each message exactly once', async () => {
      const second = await fx.reopen();
      const inbox = await freshQueue(fx);
      const total = 120;
      const sends = [fx.driver, second].map((driver, half) =>
        (async () => {
          for (let batch = 0; batch < 6; batch++) {
            const base = half * 60 + batch * 10;
            await queuesOf(driver).queues.send(inbox.queue, Array.from({ length: 10 }, (_, i) => message(fx, base + i)));
          }
        })(),
      );
      const seen = new Map<number, number>();
      const deadline = Date.now() + 20_000;
      const consumer = async (driver: typeof second): Promise<void> => {
        const { inboxes } = queuesOf(driver);
        while (seen.size < total && Date.now() < deadline) {
          for (const delivery of await receiveMine(fx, inboxes, inbox, { max: 7, waitMs: 200 })) {
            const n = decode(delivery.data).n;
            seen.set(n, (seen.get(n) ?? 0) + 1);
            await inboxes.ack(inbox, delivery.lease);
          }
        }
      };
      await Promise.all([...sends, consumer(fx.driver), consumer(second), consumer(fx.driver), consumer(second)]);
      expect(seen.size).toBe(total);
      expect([...seen.values()].every((count) => count === 1)).toBe(true);
      await expectDepth(queuesOf(fx.driver).inboxes, inbox, { ready: 0, inFlight: 0, deadLettered: 0 });
    });

    it('queues - a nacked message is delivered again with the attempt incremented', async () => {
      const { queues, inboxes } = queuesOf(fx.driver);
      const inbox = await freshQueue(fx);
      const [receipt] = await queues.send(inbox.queue, [message(fx, 1)]);
      const [first] = await receiveCount(fx, inboxes, inbox, 1);
      await inboxes.nack(inbox, (first as Delivery).lease);
      const [again] = await receiveCount(fx, inboxes, inbox, 1);
      expect(again?.id).toBe(receipt?.id);
      expect(again?.attempt).toBe(2);
      await inboxes.ack(inbox, (again as Delivery).lease);
    });

    it('queues - a message whose lease expires is delivered again with the attempt incremented', async () => {
      const { queues, inboxes } = queuesOf(fx.driver);
      const inbox = await freshQueue(fx);
      await queues.send(inbox.queue, [message(fx, 1)]);
      const [first] = await receiveCount(fx, inboxes, inbox, 1, { leaseMs: 300 });
      const leasedAt = Date.now();
      expect(await receiveMine(fx, inboxes, inbox, { max: 1, waitMs: 0 })).toEqual([]);
      const [again] = await receiveCount(fx, inboxes, inbox, 1, { timeoutMs: 5000 });
      expect(Date.now() - leasedAt).toBeGreaterThanOrEqual(200);
      expect(again?.id).toBe(first?.id);
      expect(again?.attempt).toBe(2);
    });

    it('queues - a stale lease cannot settle: ack, nack and renew throw lease_expired', async () => {
      const { queues, inboxes } = queuesOf(fx.driver);
      const inbox = await freshQueue(fx);
      await queues.send(inbox.queue, [message(fx, 1)]);
      const [first] = await receiveCount(fx, inboxes, inbox, 1, { leaseMs: 200 });
      await sleep(350);
      const [second] = await receiveCount(fx, inboxes, inbox, 1);
      expect(second?.attempt).toBe(2);
      const stale = (first as Delivery).lease;
      await expectCode(inboxes.ack(inbox, stale), 'lease_expired');
      await expectCode(inboxes.nack(inbox, stale), 'lease_expired');
      await expectCode(inboxes.renew(inbox, stale, 1000), 'lease_expired');
      await inboxes.ack(inbox, (second as Delivery).lease);
      await expectCode(inboxes.ack(inbox, (second as Delivery).lease), 'lease_expired');
    });

    it('queues - a malformed lease is refused with invalid_lease', async () => {
      const { inboxes } = queuesOf(fx.driver);
      const inbox = await freshQueue(fx);
      await expectCode(inboxes.ack(inbox, 'not a lease'), 'invalid_lease');
    });

    it('queues - renew extends a lease beyond its first expiry', async () => {
      const { queues, inboxes } = queuesOf(fx.driver);
      const inbox = await freshQueue(fx);
      await queues.send(inbox.queue, [message(fx, 1)]);
      const [delivery] = await receiveCount(fx, inboxes, inbox, 1, { leaseMs: 300 });
      const until = await inboxes.renew(inbox, (delivery as Delivery).lease, 5000);
      expect(until).toBeGreaterThan(Date.now() + 3000);
      await sleep(500);
      expect(await receiveMine(fx, inboxes, inbox, { max: 1, waitMs: 0 })).toEqual([]);
      await inboxes.ack(inbox, (delivery as Delivery).lease);
    });

    it('queues - nack with release gives the message back without counting the attempt', async () => {
      const { queues, inboxes } = queuesOf(fx.driver);
      const inbox = await freshQueue(fx, { ...quickInbox, maxDeliveries: 1 });
      await queues.send(inbox.queue, [message(fx, 1)]);
      const [first] = await receiveCount(fx, inboxes, inbox, 1);
      await inboxes.nack(inbox, (first as Delivery).lease, { release: true });
      const [again] = await receiveCount(fx, inboxes, inbox, 1);
      expect(again?.id).toBe(first?.id);
      expect(again?.attempt).toBe(1);
    });

    it('queues - a message larger than maxMessageBytes is refused with payload_too_large', async () => {
      const { queues } = queuesOf(fx.driver);
      const inbox = await freshQueue(fx);
      const data = new Uint8Array(fx.caps.maxMessageBytes + 1);
      await expectCode(queues.send(inbox.queue, [message(fx, 1, { data })]), 'payload_too_large');
    });
  });

  describe.runIf(fx.caps.queues && fx.caps.scheduledDelivery)('queues with scheduled delivery', () => {
    it('scheduled delivery - a message is not delivered before notBefore', async () => {
      const { queues, inboxes } = queuesOf(fx.driver);
      const inbox = await freshQueue(fx);
      const notBefore = Date.now() + 600;
      await queues.send(inbox.queue, [message(fx, 1, { notBefore }), message(fx, 2)]);
      const now = await receiveMine(fx, inboxes, inbox, { max: 10, waitMs: 200 });
      expect(now.map((d) => decode(d.data).n)).toEqual([2]);
      const [later] = await receiveCount(fx, inboxes, inbox, 1, { timeoutMs: 5000 });
      expect(decode((later as Delivery).data).n).toBe(1);
      expect(Date.now()).toBeGreaterThanOrEqual(notBefore - 50);
    });

    it('scheduled delivery - nack with retryAfterMs hides the message for that long', async () => {
      const { queues, inboxes } = queuesOf(fx.driver);
      const inbox = await freshQueue(fx);
      await queues.send(inbox.queue, [message(fx, 1)]);
      const [first] = await receiveCount(fx, inboxes, inbox, 1);
      const nackedAt = Date.now();
      await inboxes.nack(inbox, (first as Delivery).lease, { retryAfterMs: 500 });
      expect(await receiveMine(fx, inboxes, inbox, { max: 1, waitMs: 100 })).toEqual([]);
      const [again] = await receiveCount(fx, inboxes, inbox, 1, { timeoutMs: 5000 });
      expect(again?.attempt).toBe(2);
      expect(Date.now() - nackedAt).toBeGreaterThanOrEqual(450);
    });

    it('scheduled delivery - a release with retryAfterMs (the app unreachable) comes back no sooner, its attempt not counted', async () => {
      const { queues, inboxes } = queuesOf(fx.driver);
      // One delivery allowed: a release that counted would dead-letter the message.
      const inbox = await freshQueue(fx, { ...quickInbox, maxDeliveries: 1 });
      await queues.send(inbox.queue, [message(fx, 1)]);
      const [first] = await receiveCount(fx, inboxes, inbox, 1);
      const releasedAt = Date.now();
      await inboxes.nack(inbox, (first as Delivery).lease, { release: true, retryAfterMs: 800 });
      expect(await receiveMine(fx, inboxes, inbox, { max: 1, waitMs: 400 })).toEqual([]);
      const [again] = await receiveCount(fx, inboxes, inbox, 1, { timeoutMs: 5000 });
      expect(Date.now() - releasedAt).toBeGreaterThanOrEqual(750);
      expect(again).toMatchObject({ id: first?.id, attempt: 1 });
      await inboxes.ack(inbox, (again as Delivery).lease);
    });
  });

  describe.runIf(fx.caps.queues && fx.caps.ttl)('queues with ttl', () => {
    it('ttl - an expired message is never delivered', async () => {
      const { queues, inboxes } = queuesOf(fx.driver);
      const inbox = await freshQueue(fx);
      const now = Date.now();
      await queues.send(inbox.queue, [message(fx, 1, { expiresAt: now + 200 }), message(fx, 2, { expiresAt: now - 1000 }), message(fx, 3)]);
      await sleep(400);
      const got = await receiveMine(fx, inboxes, inbox, { max: 10, waitMs: 300 });
      expect(got.map((d) => decode(d.data).n)).toEqual([3]);
    });
  });

  describe.runIf(fx.caps.queues && fx.caps.duplicateDetection)('queues with duplicate detection', () => {
    it('duplicate suppression - a resend with the same idempotency key is suppressed and returns the original id', async () => {
      const { queues, inboxes } = queuesOf(fx.driver);
      const inbox = await freshQueue(fx);
      const key = `${fx.run}-k1`;
      const [original] = await queues.send(inbox.queue, [message(fx, 1, { idempotencyKey: key })]);
      const [resend] = await queues.send(inbox.queue, [message(fx, 2, { idempotencyKey: key })]);
      const [other, sameBatch] = await queues.send(inbox.queue, [
        message(fx, 3, { idempotencyKey: `${fx.run}-k2` }),
        message(fx, 4, { idempotencyKey: `${fx.run}-k2` }),
      ]);
      expect(resend).toEqual({ id: original?.id, duplicate: true });
      expect(other?.duplicate).toBe(false);
      expect(sameBatch).toEqual({ id: other?.id, duplicate: true });
      const got = await receiveMine(fx, inboxes, inbox, { max: 10, waitMs: 500 });
      expect(got.map((d) => decode(d.data).n).sort()).toEqual([1, 3]);
    });
  });
}
