/** What a driver promises across restarts, and the shape its capabilities promise. */
import { describe, expect, it } from 'vitest';
import { decode, type Fixture, message, quickInbox, queuesOf, receiveCount, streamsOf } from '../support.js';
import { appendEvent } from './streams.js';

export function durabilityCases(fx: Fixture): void {
  describe('capabilities', () => {
    it('capabilities - every declared interaction comes with its operations', () => {
      const { driver, caps } = fx;
      expect(driver.queues !== undefined && driver.inboxes !== undefined).toBe(caps.queues);
      expect(driver.topics !== undefined).toBe(caps.topics);
      if (caps.topics) expect(driver.inboxes).toBeDefined();
      expect(driver.streams !== undefined).toBe(caps.streams);
      expect(Number.isSafeInteger(caps.maxMessageBytes) && caps.maxMessageBytes > 0).toBe(true);
      expect(driver.isConnected()).toBe(true);
    });
  });

  describe.runIf(fx.caps.queues)('durability of queues', () => {
    it('durability - messages accepted by send survive close and reopen, including a send still in flight at close', async () => {
      const before = await fx.reopen();
      const queue = fx.name('dur');
      const inbox = { kind: 'queue', queue } as const;
      await queuesOf(before).queues.ensureQueue(queue, quickInbox);
      await queuesOf(before).queues.send(queue, [1, 2, 3].map((n) => message(fx, n)));
      const inFlight = queuesOf(before).queues.send(queue, [message(fx, 4)]);
      await before.close();
      await before.close();
      expect(before.isConnected()).toBe(false);
      expect((await inFlight)[0]?.duplicate).toBe(false);

      const after = await fx.reopen();
      const got = await receiveCount(fx, queuesOf(after).inboxes, inbox, 4);
      expect(got.map((d) => decode(d.data).n)).toEqual([1, 2, 3, 4]);
    });
  });

  describe.runIf(fx.caps.streams)('durability of streams', () => {
    it('durability - appended events and their offsets survive close and reopen', async () => {
      const before = await fx.reopen();
      const stream = fx.name('dur');
      await streamsOf(before).ensureStream(stream, { partitions: 1, retentionMs: 3600_000 });
      const receipts = await streamsOf(before).append(stream, [appendEvent(fx, 1), appendEvent(fx, 2)]);
      await before.close();

      const after = await fx.reopen();
      const events = await streamsOf(after).read(stream, 0, { from: { kind: 'earliest' }, max: 10 });
      expect(events.map((e) => [e.offset, decode(e.data).n])).toEqual(receipts.map((r, i) => [r.offset, i + 1]));
      const [next] = await streamsOf(after).append(stream, [appendEvent(fx, 3)]);
      expect(next?.offset).toBe((receipts[1]?.offset as number) + 1);
    });
  });
}
