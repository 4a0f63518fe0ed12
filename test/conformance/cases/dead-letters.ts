/** Dead letters: after max deliveries (by nacks and by lease expiry), on request, redrive. */
import { describe, expect, it } from 'vitest';
import type { Delivery, InboxRef, InboxSettings } from '../../../src/drivers/contract.js';
import { decode, expectDepth, type Fixture, message, quickInbox, queuesOf, receiveCount, receiveMine } from '../support.js';

async function freshQueue(fx: Fixture, settings: InboxSettings): Promise<InboxRef & { kind: 'queue' }> {
  const queue = fx.name('dlq');
  await queuesOf(fx.driver).queues.ensureQueue(queue, settings);
  return { kind: 'queue', queue };
}

export function deadLetterCases(fx: Fixture): void {
  describe.runIf(fx.caps.queues && fx.caps.nativeDeadLetter)('dead letters', () => {
    it('dead letters - a message nacked maxDeliveries times is dead-lettered with reason max_deliveries_exceeded', async () => {
      const { queues, inboxes } = queuesOf(fx.driver);
      const inbox = await freshQueue(fx, { ...quickInbox, maxDeliveries: 3 });
      const data = Uint8Array.from([0, 1, 2, 255]);
      const [receipt] = await queues.send(inbox.queue, [message(fx, 1, { data, headers: { 'ce-type': 'Poison' } })]);
      for (let attempt = 1; attempt <= 3; attempt++) {
        const [delivery] = await receiveCount(fx, inboxes, inbox, 1);
        expect(delivery?.attempt).toBe(attempt);
        await inboxes.nack(inbox, (delivery as Delivery).lease);
      }
      expect(await receiveMine(fx, inboxes, inbox, { max: 1, waitMs: 200 })).toEqual([]);
      const letters = await inboxes.listDeadLetters(inbox, { limit: 10 });
      expect(letters).toHaveLength(1);
      expect(letters[0]).toMatchObject({ id: receipt?.id, reason: 'max_deliveries_exceeded', attempts: 3, headers: { 'ce-type': 'Poison' } });
      expect(Array.from(letters[0]?.data ?? [])).toEqual([0, 1, 2, 255]);
      expect(letters[0]?.deadLetteredAt).toBeGreaterThanOrEqual(letters[0]?.enqueuedAt ?? Infinity);
      await expectDepth(inboxes, inbox, { ready: 0, inFlight: 0, deadLettered: 1 });

      expect(await inboxes.redrive(inbox, {})).toBe(1);
      const [again] = await receiveCount(fx, inboxes, inbox, 1);
      expect(again).toMatchObject({ id: receipt?.id, attempt: 1 });
      expect(Array.from(again?.data ?? [])).toEqual([0, 1, 2, 255]);
      await inboxes.ack(inbox, (again as Delivery).lease);
      await expectDepth(inboxes, inbox, { ready: 0, inFlight: 0, deadLettered: 0 });
    });

    it('dead letters - a message whose lease expires maxDeliveries times is dead-lettered instead of delivered again', async () => {
      const { queues, inboxes } = queuesOf(fx.driver);
      const inbox = await freshQueue(fx, { ...quickInbox, maxDeliveries: 2, leaseMs: 150 });
      const [receipt] = await queues.send(inbox.queue, [message(fx, 1)]);
      const [first] = await receiveCount(fx, inboxes, inbox, 1);
      expect(first?.attempt).toBe(1);
      const [second] = await receiveCount(fx, inboxes, inbox, 1, { timeoutMs: 3000 });
      expect(second?.attempt).toBe(2);
      // The consumer "crashes" again: its lease runs out, and there is no third delivery. A broker
      // whose leases run in whole seconds (Storage Queues' visibility) shows the message again
      // only after one, and its driver dead-letters it then, on that receive: so keep receiving
      // (never getting it) until the dead letter is there, for up to 4 s.
      const until = Date.now() + 4000;
      let letters = await inboxes.listDeadLetters(inbox, { limit: 10 });
      while (letters.length === 0 && Date.now() < until) {
        expect(await receiveMine(fx, inboxes, inbox, { max: 1, waitMs: 300 })).toEqual([]);
        letters = await inboxes.listDeadLetters(inbox, { limit: 10 });
      }
      expect(letters.map((l) => [l.id, l.reason])).toEqual([[receipt?.id, 'max_deliveries_exceeded']]);
    });

    it('dead letters - nack with deadLetter dead-letters at once with the given reason', async () => {
      const { queues, inboxes } = queuesOf(fx.driver);
      const inbox = await freshQueue(fx, quickInbox);
      await queues.send(inbox.queue, [message(fx, 1)]);
      const [delivery] = await receiveCount(fx, inboxes, inbox, 1);
      await inboxes.nack(inbox, (delivery as Delivery).lease, { deadLetter: true, reason: 'schema violation: total missing' });
      expect(await receiveMine(fx, inboxes, inbox, { max: 1, waitMs: 200 })).toEqual([]);
      const [letter, ...more] = await inboxes.listDeadLetters(inbox, { limit: 10 });
      expect(more).toEqual([]);
      expect(letter).toMatchObject({ id: delivery?.id, reason: 'schema violation: total missing', attempts: 1 });
    });

    it('dead letters - redrive makes dead letters deliverable again from attempt 1', async () => {
      const { queues, inboxes } = queuesOf(fx.driver);
      const inbox = await freshQueue(fx, quickInbox);
      await queues.send(inbox.queue, [message(fx, 1), message(fx, 2)]);
      for (const delivery of await receiveCount(fx, inboxes, inbox, 2)) {
        await inboxes.nack(inbox, delivery.lease, { deadLetter: true, reason: 'test' });
      }
      const letters = await inboxes.listDeadLetters(inbox, { limit: 10 });
      expect(letters.map((l) => decode(l.data).n)).toEqual([1, 2]);
      expect(await inboxes.listDeadLetters(inbox, { limit: 1 })).toHaveLength(1);

      expect(await inboxes.redrive(inbox, { ids: [letters[0]?.id as string] })).toBe(1);
      const [first] = await receiveCount(fx, inboxes, inbox, 1);
      expect(first).toMatchObject({ id: letters[0]?.id, attempt: 1 });
      expect((await inboxes.listDeadLetters(inbox, { limit: 10 })).map((l) => l.id)).toEqual([letters[1]?.id]);

      expect(await inboxes.redrive(inbox, {})).toBe(1);
      const [second] = await receiveCount(fx, inboxes, inbox, 1);
      expect(second).toMatchObject({ id: letters[1]?.id, attempt: 1 });
      expect(await inboxes.listDeadLetters(inbox, { limit: 10 })).toEqual([]);
      await expectDepth(inboxes, inbox, { ready: 0, inFlight: 2, deadLettered: 0 });
    });
  });
}
