/** Ordering keys: strict FIFO per key, one in flight per key, keys in parallel. */
import { describe, expect, it } from 'vitest';
import type { Delivery, InboxRef } from '../../../src/drivers/contract.js';
import { decode, type Fixture, message, quickInbox, queuesOf, receiveCount, receiveMine, sleep } from '../support.js';

async function freshQueue(fx: Fixture): Promise<InboxRef & { kind: 'queue' }> {
  const queue = fx.name('ord');
  await queuesOf(fx.driver).queues.ensureQueue(queue, quickInbox);
  return { kind: 'queue', queue };
}

function label(delivery: Delivery): string {
  const { key, i } = decode<{ key?: string; i?: number }>(delivery.data);
  return `${key ?? 'none'}${i ?? ''}`;
}

export function orderingCases(fx: Fixture): void {
  describe.runIf(fx.caps.queues && fx.caps.orderingKeys)('ordering keys', () => {
    it('ordering - a consumer taking many at once never gets two messages of one key in flight', async () => {
      const { queues, inboxes } = queuesOf(fx.driver);
      const inbox = await freshQueue(fx);
      const messages = [];
      let n = 0;
      for (let i = 1; i <= 3; i++) {
        for (const key of ['a', 'b', 'c']) messages.push(message(fx, ++n, { orderingKey: `${fx.run}-${key}`, data: bodyOf(fx, n, key, i) }));
      }
      messages.push(message(fx, ++n, { data: bodyOf(fx, n, undefined, 1) }), message(fx, ++n, { data: bodyOf(fx, n, undefined, 2) }));
      await queues.send(inbox.queue, messages);

      const first = await receiveMine(fx, inboxes, inbox, { max: 50, waitMs: 1000 });
      expect(first.map(label).sort()).toEqual(['a1', 'b1', 'c1', 'none1', 'none2']);
      expect(first.find((d) => label(d) === 'a1')?.orderingKey).toBe(`${fx.run}-a`);
      expect(await receiveMine(fx, inboxes, inbox, { max: 50, waitMs: 100 })).toEqual([]);

      const byLabel = new Map(first.map((d) => [label(d), d]));
      await inboxes.ack(inbox, (byLabel.get('a1') as Delivery).lease);
      expect((await receiveMine(fx, inboxes, inbox, { max: 50, waitMs: 1000 })).map(label)).toEqual(['a2']);
      await inboxes.nack(inbox, (byLabel.get('b1') as Delivery).lease);
      const redelivered = await receiveMine(fx, inboxes, inbox, { max: 50, waitMs: 1000 });
      expect(redelivered.map((d) => [label(d), d.attempt])).toEqual([['b1', 2]]);
    });

    it('ordering - per-key order holds with several concurrent consumers', async () => {
      const { queues, inboxes } = queuesOf(fx.driver);
      const inbox = await freshQueue(fx);
      const keys = ['k0', 'k1', 'k2', 'k3'];
      const perKey = 15;
      let n = 0;
      for (let i = 0; i < perKey; i++) {
        await queues.send(inbox.queue, keys.map((key) => message(fx, ++n, { orderingKey: `${fx.run}-${key}`, data: bodyOf(fx, n, key, i) })));
      }
      const processed = new Map<string, number[]>(keys.map((k) => [k, []]));
      const inFlight = new Set<string>();
      const violations: string[] = [];
      const deadline = Date.now() + 20_000;
      const total = keys.length * perKey;
      let done = 0;
      const consumer = async (): Promise<void> => {
        while (done < total && Date.now() < deadline) {
          const batch = await receiveMine(fx, inboxes, inbox, { max: 4, waitMs: 200 });
          await Promise.all(
            batch.map(async (delivery) => {
              const { key, i } = decode<{ key: string; i: number }>(delivery.data);
              if (inFlight.has(key)) violations.push(`${key} had two messages in flight`);
              inFlight.add(key);
              await sleep(Math.floor(Math.random() * 5));
              processed.get(key)?.push(i);
              inFlight.delete(key);
              await inboxes.ack(inbox, delivery.lease);
              done++;
            }),
          );
        }
      };
      await Promise.all([consumer(), consumer(), consumer()]);
      expect(violations).toEqual([]);
      for (const key of keys) expect(processed.get(key)).toEqual(Array.from({ length: perKey }, (_, i) => i));
    });

    it('ordering - a nacked message keeps the later messages of its key waiting', async () => {
      const { queues, inboxes } = queuesOf(fx.driver);
      const inbox = await freshQueue(fx);
      const orderingKey = `${fx.run}-x`;
      await queues.send(inbox.queue, [message(fx, 1, { orderingKey, data: bodyOf(fx, 1, 'x', 1) }), message(fx, 2, { orderingKey, data: bodyOf(fx, 2, 'x', 2) })]);
      const [first] = await receiveCount(fx, inboxes, inbox, 1);
      expect(label(first as Delivery)).toBe('x1');
      await inboxes.nack(inbox, (first as Delivery).lease, fx.caps.scheduledDelivery ? { retryAfterMs: 300 } : {});
      const [next] = await receiveCount(fx, inboxes, inbox, 1, { timeoutMs: 3000 });
      expect([label(next as Delivery), next?.attempt]).toEqual(['x1', 2]);
    });
  });

  describe.runIf(fx.caps.queues && fx.caps.orderingKeys && fx.caps.nativeDeadLetter)('ordering keys with dead letters', () => {
    it('ordering - a dead-lettered message no longer blocks its key', async () => {
      const { queues, inboxes } = queuesOf(fx.driver);
      const inbox = await freshQueue(fx);
      const orderingKey = `${fx.run}-y`;
      await queues.send(inbox.queue, [message(fx, 1, { orderingKey, data: bodyOf(fx, 1, 'y', 1) }), message(fx, 2, { orderingKey, data: bodyOf(fx, 2, 'y', 2) })]);
      const [first] = await receiveCount(fx, inboxes, inbox, 1);
      await inboxes.nack(inbox, (first as Delivery).lease, { deadLetter: true, reason: 'poison' });
      const [next] = await receiveCount(fx, inboxes, inbox, 1);
      expect(label(next as Delivery)).toBe('y2');
    });
  });
}

function bodyOf(fx: Fixture, n: number, key: string | undefined, i: number): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({ run: fx.run, n, ...(key === undefined ? {} : { key }), i }));
}
