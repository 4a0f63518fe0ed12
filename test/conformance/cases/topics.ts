/** Publish: fan-out to every subscription, filters, drop without subscribers, dedup, dead letters. */
import { describe, expect, it } from 'vitest';
import { OutriggerError } from '../../../src/kernel/errors.js';
import type { Delivery, InboxRef, SubscriptionSettings } from '../../../src/drivers/contract.js';
import { decode, expectDepth, type Fixture, message, quickInbox, receiveCount, receiveMine, topicsOf } from '../support.js';

async function subscribe(fx: Fixture, topic: string, name: string, settings: SubscriptionSettings = quickInbox): Promise<InboxRef> {
  await topicsOf(fx.driver).topics.ensureSubscription(topic, name, settings);
  return { kind: 'subscription', topic, subscription: name };
}

async function freshTopic(fx: Fixture): Promise<string> {
  const topic = fx.name('t');
  await topicsOf(fx.driver).topics.ensureTopic(topic);
  return topic;
}

function event(fx: Fixture, n: number, type?: string, subject?: string): ReturnType<typeof message> {
  return message(fx, n, {
    headers: { 'ce-specversion': '1.0', 'ce-source': 'conformance', ...(type ? { 'ce-type': type } : {}), ...(subject ? { 'ce-subject': subject } : {}) },
  });
}

const numbers = (deliveries: Delivery[]): number[] => deliveries.map((d) => decode(d.data).n).sort((a, b) => a - b);

export function topicCases(fx: Fixture): void {
  describe.runIf(fx.caps.topics)('topics', () => {
    it('topics - an event fans out to every subscription, each with its own copy', async () => {
      const { topics, inboxes } = topicsOf(fx.driver);
      const topic = await freshTopic(fx);
      const first = await subscribe(fx, topic, fx.name('s'));
      const second = await subscribe(fx, topic, fx.name('s'));
      const [receipt] = await topics.publish(topic, [event(fx, 1, 'OrderCreated', 'orders/1')]);
      const [a] = await receiveCount(fx, inboxes, first, 1);
      await inboxes.ack(first, (a as Delivery).lease);
      const [b] = await receiveCount(fx, inboxes, second, 1);
      for (const copy of [a, b]) {
        expect(copy).toMatchObject({ id: receipt?.id, attempt: 1, headers: { 'ce-type': 'OrderCreated', 'ce-subject': 'orders/1' } });
        expect(decode((copy as Delivery).data)).toEqual({ run: fx.run, n: 1 });
      }
      expect(await receiveMine(fx, inboxes, first, { max: 5, waitMs: 100 })).toEqual([]);
    });

    it('topics - an event published with no subscription is dropped, and later subscriptions never see it', async () => {
      const { topics, inboxes } = topicsOf(fx.driver);
      const topic = await freshTopic(fx);
      const dropped = event(fx, 1, 'Nobody');
      expect(await topics.publish(topic, [dropped])).toEqual([{ id: dropped.id, duplicate: false }]);
      const late = await subscribe(fx, topic, fx.name('late'));
      await topics.publish(topic, [event(fx, 2, 'Somebody')]);
      expect(numbers(await receiveMine(fx, inboxes, late, { max: 10, waitMs: 500 }))).toEqual([2]);
    });
  });

  describe.runIf(fx.caps.topics && fx.caps.subscriptionFilters)('topics with filters', () => {
    it('topics - type and subject-prefix filters select the events a subscription gets', async () => {
      const { topics, inboxes } = topicsOf(fx.driver);
      const topic = await freshTopic(fx);
      const byType = await subscribe(fx, topic, fx.name('type'), { ...quickInbox, filter: { types: ['OrderCreated', 'OrderPaid'] } });
      const byPrefix = await subscribe(fx, topic, fx.name('prefix'), { ...quickInbox, filter: { subjectPrefix: 'orders/eu/' } });
      const both = await subscribe(fx, topic, fx.name('both'), { ...quickInbox, filter: { types: ['OrderCreated'], subjectPrefix: 'orders/eu/' } });
      const all = await subscribe(fx, topic, fx.name('all'));
      await topics.publish(topic, [
        event(fx, 1, 'OrderCreated', 'orders/eu/1'),
        event(fx, 2, 'OrderCreated', 'orders/us/2'),
        event(fx, 3, 'OrderShipped', 'orders/eu/3'),
        event(fx, 4, 'OrderPaid'),
        event(fx, 5),
      ]);
      expect(numbers(await receiveCount(fx, inboxes, all, 5))).toEqual([1, 2, 3, 4, 5]);
      expect(numbers(await receiveMine(fx, inboxes, byType, { max: 10, waitMs: 500 }))).toEqual([1, 2, 4]);
      expect(numbers(await receiveMine(fx, inboxes, byPrefix, { max: 10, waitMs: 500 }))).toEqual([1, 3]);
      expect(numbers(await receiveMine(fx, inboxes, both, { max: 10, waitMs: 500 }))).toEqual([1]);
    });
  });

  describe.runIf(fx.caps.topics && fx.caps.duplicateDetection)('topics with duplicate detection', () => {
    it('topics - a republish with the same idempotency key is suppressed and returns the original id', async () => {
      const { topics, inboxes } = topicsOf(fx.driver);
      const topic = await freshTopic(fx);
      const inbox = await subscribe(fx, topic, fx.name('s'));
      const key = `${fx.run}-evt`;
      const [original] = await topics.publish(topic, [{ ...event(fx, 1), idempotencyKey: key }]);
      const [again] = await topics.publish(topic, [{ ...event(fx, 2), idempotencyKey: key }]);
      expect(again).toEqual({ id: original?.id, duplicate: true });
      expect(numbers(await receiveMine(fx, inboxes, inbox, { max: 10, waitMs: 500 }))).toEqual([1]);
    });
  });

  describe.runIf(fx.caps.topics && fx.caps.scheduledDelivery)('topics with scheduled delivery', () => {
    it('scheduled delivery - a release with retryAfterMs (the app unreachable) comes back to the subscription no sooner, its attempt not counted', async () => {
      const { topics, inboxes } = topicsOf(fx.driver);
      const topic = await freshTopic(fx);
      // One delivery allowed: a release that counted would dead-letter the event.
      const inbox = await subscribe(fx, topic, fx.name('s'), { ...quickInbox, maxDeliveries: 1 });
      const [receipt] = await topics.publish(topic, [event(fx, 1, 'Later')]);
      const [first] = await receiveCount(fx, inboxes, inbox, 1);
      const releasedAt = Date.now();
      await inboxes.nack(inbox, (first as Delivery).lease, { release: true, retryAfterMs: 800 });
      expect(await receiveMine(fx, inboxes, inbox, { max: 1, waitMs: 400 })).toEqual([]);
      const [again] = await receiveCount(fx, inboxes, inbox, 1, { timeoutMs: 5000 });
      expect(Date.now() - releasedAt).toBeGreaterThanOrEqual(750);
      expect(again).toMatchObject({ id: receipt?.id, attempt: 1 });
      await inboxes.ack(inbox, (again as Delivery).lease);
    });
  });

  describe.runIf(fx.caps.topics && fx.caps.nativeDeadLetter)('topics with dead letters', () => {
    it('topics - a subscription dead-letters after maxDeliveries and redrives like a queue', async () => {
      const { topics, inboxes } = topicsOf(fx.driver);
      const topic = await freshTopic(fx);
      const inbox = await subscribe(fx, topic, fx.name('s'), { ...quickInbox, maxDeliveries: 1 });
      const other = await subscribe(fx, topic, fx.name('s'));
      const [receipt] = await topics.publish(topic, [event(fx, 1, 'Poison')]);
      const [delivery] = await receiveCount(fx, inboxes, inbox, 1);
      await inboxes.nack(inbox, (delivery as Delivery).lease);
      expect((await inboxes.listDeadLetters(inbox, { limit: 10 })).map((l) => [l.id, l.reason])).toEqual([[receipt?.id, 'max_deliveries_exceeded']]);
      await expectDepth(inboxes, inbox, { ready: 0, inFlight: 0, deadLettered: 1 });
      await expectDepth(inboxes, other, { ready: 1, inFlight: 0, deadLettered: 0 });
      // A driver that cannot put a copy back into one subscription only (Service Bus without
      // rules) must say so with unsupported_operation rather than fan the copy out again.
      const moved = await inboxes.redrive(inbox, {}).catch((err: unknown) => {
        if (err instanceof OutriggerError && err.code === 'unsupported_operation') return undefined;
        throw err;
      });
      if (moved === undefined) return;
      expect(moved).toBe(1);
      const [again] = await receiveCount(fx, inboxes, inbox, 1);
      expect(again).toMatchObject({ id: receipt?.id, attempt: 1 });
    });
  });
}
