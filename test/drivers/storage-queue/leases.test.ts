/**
 * Storage Queues leases are visibility timeouts settled by pop receipts: renewals hand out new
 * receipts behind an unchanged lease, a stale receipt is lease_expired, a lease renewed past its
 * first visibility timeout holds, and close gives held messages back without counting them.
 */
import { describe, expect, it } from 'vitest';
import { expectCode, sleep } from '../../conformance/support.js';
import { message, receiveOne, useAzuriteQueue } from './support.js';

const sq = useAzuriteQueue();

function popReceiptOf(lease: string): string {
  return (JSON.parse(Buffer.from(lease, 'base64url').toString('utf8')) as [string, string])[1];
}

function messageIdOf(lease: string): string {
  return (JSON.parse(Buffer.from(lease, 'base64url').toString('utf8')) as [string, string])[0];
}

describe('storage queue driver - leases and pop receipts', () => {
  it('leases - a renewal changes the pop receipt behind the lease, and the unchanged lease still settles', async () => {
    const driver = await sq.driver();
    const inbox = await sq.queue(driver);
    await driver.queues.send(inbox.queue, [message(1)]);
    const delivery = await receiveOne(driver, inbox, { leaseMs: 2000 });
    await driver.inboxes.renew(inbox, delivery.lease, 2000);
    await driver.inboxes.renew(inbox, delivery.lease, 2000);
    // The receipt the receive handed out is stale now: the plain SDK cannot delete with it.
    const stale = await sq.sdk(inbox.queue).deleteMessage(messageIdOf(delivery.lease), popReceiptOf(delivery.lease)).then(
      () => undefined,
      (err: { code?: string }) => err.code,
    );
    expect(stale).toBe('PopReceiptMismatch');
    await driver.inboxes.ack(inbox, delivery.lease);
    expect((await sq.sdk(inbox.queue).getProperties()).approximateMessagesCount).toBe(0);
  });

  it('leases - a stale pop receipt (the message received again elsewhere) answers lease_expired, and the message is not lost', async () => {
    const first = await sq.driver();
    const second = await sq.driver();
    const inbox = await sq.queue(first);
    await first.queues.send(inbox.queue, [message(1)]);
    const stale = await receiveOne(first, inbox, { leaseMs: 1000 });
    await sleep(1100);
    const fresh = await receiveOne(second, inbox);
    expect(fresh.attempt).toBe(2);
    await expectCode(first.inboxes.ack(inbox, stale.lease), 'lease_expired');
    await expectCode(first.inboxes.renew(inbox, stale.lease, 5000), 'lease_expired');
    await expectCode(first.inboxes.nack(inbox, stale.lease, { retryAfterMs: 1000 }), 'lease_expired');
    expect(first.eventCounts().leases_lost).toBe(3);
    await second.inboxes.ack(inbox, fresh.lease);
  });

  it('leases - a lease renewed past its first visibility timeout keeps the message from every other consumer', async () => {
    const owner = await sq.driver();
    const other = await sq.driver();
    const inbox = await sq.queue(owner);
    await owner.queues.send(inbox.queue, [message(1)]);
    const delivery = await receiveOne(owner, inbox, { leaseMs: 1000 });
    const until = Date.now() + 3000;
    while (Date.now() < until) {
      await owner.inboxes.renew(inbox, delivery.lease, 1000);
      expect(await other.inboxes.receive(inbox, { max: 1, waitMs: 400 })).toEqual([]);
    }
    await owner.inboxes.ack(inbox, delivery.lease);
    expect(await other.inboxes.receive(inbox, { max: 1, waitMs: 1200 })).toEqual([]);
  });

  it('leases - close gives held messages back at once without counting the attempt', async () => {
    const closing = await sq.driver();
    const after = await sq.driver();
    const inbox = await sq.queue(closing, { maxDeliveries: 1 });
    await after.queues.ensureQueue(inbox.queue, { maxDeliveries: 1, leaseMs: 30_000, dedupWindowMs: 0 });
    await closing.queues.send(inbox.queue, [message(1)]);
    const held = await receiveOne(closing, inbox, { leaseMs: 30_000 });
    await closing.close();
    const again = await receiveOne(after, inbox, { timeoutMs: 2000 });
    expect(again).toMatchObject({ id: held.id, attempt: 1 });
    expect(await after.inboxes.listDeadLetters(inbox, { limit: 10 })).toEqual([]);
  });

  it('leases - a delay beyond the service\'s 7 days is refused, naming the limit', async () => {
    const driver = await sq.driver();
    const inbox = await sq.queue(driver);
    const error = await expectCode(driver.queues.send(inbox.queue, [message(1, { notBefore: Date.now() + 8 * 86_400_000 })]), 'bad_request');
    expect(error.message).toMatch(/7 days/);
    await driver.queues.send(inbox.queue, [message(2)]);
    const delivery = await receiveOne(driver, inbox);
    await expectCode(driver.inboxes.nack(inbox, delivery.lease, { retryAfterMs: 8 * 86_400_000 }), 'bad_request');
  });
});
