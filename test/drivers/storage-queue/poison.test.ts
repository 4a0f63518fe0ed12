/**
 * Poison queues: Storage Queues keep no dead letters, so the driver moves a message to
 * `<queue>-poison` (the Azure Functions convention) past maxDeliveries or on request, writing the
 * copy before deleting the original, and lists and redrives it through the contract's dead-letter
 * operations like every other broker's.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { expectCode, sleep } from '../../conformance/support.js';
import { message, receiveOne, text, useAzuriteQueue } from './support.js';

const sq = useAzuriteQueue({ faults: true });

afterEach(() => {
  sq.faults.clear();
});

describe('storage queue driver - poison queues', () => {
  it('poison - past maxDeliveries a message is moved to <queue>-poison with its reason and attempts, not delivered again', async () => {
    const driver = await sq.driver();
    const inbox = await sq.queue(driver, { maxDeliveries: 2 });
    await driver.queues.send(inbox.queue, [message(1, { data: Uint8Array.from([0, 1, 2, 255]), headers: { 'ce-type': 'Poison' } })]);
    for (let attempt = 1; attempt <= 2; attempt++) {
      const delivery = await receiveOne(driver, inbox);
      expect(delivery.attempt).toBe(attempt);
      await driver.inboxes.nack(inbox, delivery.lease);
    }
    expect(await driver.inboxes.receive(inbox, { max: 1, waitMs: 300 })).toEqual([]);
    const [letter, ...more] = await driver.inboxes.listDeadLetters(inbox, { limit: 10 });
    expect(more).toEqual([]);
    expect(letter).toMatchObject({ id: 'm-1', reason: 'max_deliveries_exceeded', attempts: 2, headers: { 'ce-type': 'Poison' } });
    expect(Array.from(letter?.data ?? [])).toEqual([0, 1, 2, 255]);
    expect(letter?.deadLetteredAt).toBeGreaterThanOrEqual(letter?.enqueuedAt ?? Infinity);
    // Where Azure tooling looks for it: the poison queue, one JSON document per message.
    const [peeked] = (await sq.sdk(`${inbox.queue}-poison`).peekMessages()).peekedMessageItems;
    expect(JSON.parse(Buffer.from(peeked?.messageText ?? '', 'base64').toString('utf8'))).toMatchObject({ id: 'm-1', type: 'Poison', outriggerdeadreason: 'max_deliveries_exceeded' });
    expect(await driver.inboxes.depth(inbox)).toEqual({ ready: 0, inFlight: 0, deadLettered: 1 });
    expect(driver.eventCounts().messages_poisoned).toBe(1);
  });

  it('poison - a message whose lease runs out maxDeliveries times is poisoned on the next receive, not delivered', async () => {
    const driver = await sq.driver();
    const inbox = await sq.queue(driver, { maxDeliveries: 1, leaseMs: 1000 });
    await driver.queues.send(inbox.queue, [message(1)]);
    expect((await receiveOne(driver, inbox)).attempt).toBe(1);
    // The consumer "crashes": no settlement; the lease (visibility timeout) runs out.
    await sleep(1100);
    expect(await driver.inboxes.receive(inbox, { max: 1, waitMs: 300 })).toEqual([]);
    expect((await driver.inboxes.listDeadLetters(inbox, { limit: 10 })).map((l) => [l.id, l.reason, l.attempts])).toEqual([['m-1', 'max_deliveries_exceeded', 1]]);
  });

  it('poison - nack with deadLetter moves the message at once with the given reason, and redrive brings it back from attempt 1', async () => {
    const driver = await sq.driver();
    const inbox = await sq.queue(driver);
    await driver.queues.send(inbox.queue, [message(1), message(2)]);
    for (const n of [1, 2]) {
      const delivery = await receiveOne(driver, inbox);
      await driver.inboxes.nack(inbox, delivery.lease, { deadLetter: true, reason: `schema violation ${n}` });
    }
    const letters = await driver.inboxes.listDeadLetters(inbox, { limit: 10 });
    expect(letters.map((l) => [l.id, l.reason, l.attempts])).toEqual([
      ['m-1', 'schema violation 1', 1],
      ['m-2', 'schema violation 2', 1],
    ]);
    expect(await driver.inboxes.redrive(inbox, { ids: ['m-2'] })).toBe(1);
    const back = await receiveOne(driver, inbox);
    expect(back).toMatchObject({ id: 'm-2', attempt: 1, headers: { 'ce-type': 'Test', 'content-type': 'text/plain' } });
    expect(text(back.data)).toBe('body 2');
    expect((await driver.inboxes.listDeadLetters(inbox, { limit: 10 })).map((l) => l.id)).toEqual(['m-1']);
    expect(await driver.inboxes.redrive(inbox, {})).toBe(1);
    expect((await receiveOne(driver, inbox)).id).toBe('m-1');
    expect(await driver.inboxes.listDeadLetters(inbox, { limit: 10 })).toEqual([]);
  });

  it('poison - a failure between the poison write and the delete leaves a duplicate in the poison queue, never a loss', async () => {
    const driver = await sq.driver();
    const inbox = await sq.queue(driver, { leaseMs: 1000 });
    await driver.queues.send(inbox.queue, [message(1)]);
    const delivery = await receiveOne(driver, inbox, { leaseMs: 1000 });
    // The "crash": the connection carrying the delete of the original dies before it reaches the service.
    const deletes = new RegExp(`/${inbox.queue}/messages/[^/]+$`);
    const reset = sq.faults.inject({ method: 'DELETE', path: deletes, fault: { reset: true } });
    await expectCode(driver.inboxes.nack(inbox, delivery.lease, { deadLetter: true, reason: 'bad' }), 'broker_unavailable');
    expect(reset.claimed()).toBe(1);
    // One delete, answered by the reset: nothing was forwarded, and the SDK did not try again.
    expect(sq.faults.requests.filter((r) => r.method === 'DELETE' && deletes.test(r.path)).map((r) => r.answeredBy)).toEqual(['fault']);
    // The poison copy was written first, through the service.
    expect(sq.faults.requests.filter((r) => r.method === 'POST' && r.path.endsWith(`/${inbox.queue}-poison/messages`)).map((r) => [r.answeredBy, r.status])).toEqual([['service', 201]]);
    expect((await driver.inboxes.listDeadLetters(inbox, { limit: 10 })).map((l) => l.id)).toEqual(['m-1']);
    await sleep(1000);
    const again = await receiveOne(driver, inbox);
    expect(again).toMatchObject({ id: 'm-1', attempt: 2 });
  });

  it('poison - a poison message another client wrote (an Azure Function) is listed and redriven with its body intact', async () => {
    const driver = await sq.driver();
    const inbox = await sq.queue(driver);
    const poison = sq.sdk(`${inbox.queue}-poison`);
    await poison.createIfNotExists();
    await poison.sendMessage(Buffer.from('{"order":7}').toString('base64'));
    const [letter] = await driver.inboxes.listDeadLetters(inbox, { limit: 10 });
    expect(letter).toMatchObject({ reason: 'poison (moved by another client)', attempts: 0 });
    expect(text(letter?.data ?? new Uint8Array())).toBe('{"order":7}');
    expect(await driver.inboxes.redrive(inbox, {})).toBe(1);
    const back = await receiveOne(driver, inbox);
    expect(text(back.data)).toBe('{"order":7}');
    expect(back.id).toBe(letter?.id);
  });
});
