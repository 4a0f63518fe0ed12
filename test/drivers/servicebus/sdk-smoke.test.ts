/** The real SDK against the test broker, without the driver: the broker speaks enough Service Bus. */
import { ServiceBusClient } from '@azure/service-bus';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceBusTestBroker } from '../../infra/servicebus-broker/broker.js';

describe('servicebus test broker - the real SDK', () => {
  let broker: ServiceBusTestBroker;
  let client: ServiceBusClient;
  beforeAll(async () => {
    broker = await ServiceBusTestBroker.start();
    broker.createQueue('smoke');
    client = new ServiceBusClient(broker.connectionString);
  });
  afterAll(async () => {
    await client?.close();
    await broker?.stop();
  });

  it('sdk - send a batch, receive in peek-lock, renew, complete', async () => {
    const sender = client.createSender('smoke');
    await sender.sendMessages([
      { body: Buffer.from('one'), messageId: 'm1', applicationProperties: { 'ce-type': 'A' } },
      { body: Buffer.from('two'), messageId: 'm2', contentType: 'text/plain' },
    ]);
    const receiver = client.createReceiver('smoke');
    const got = await receiver.receiveMessages(5, { maxWaitTimeInMs: 500 });
    expect(got.map((m) => m.messageId)).toEqual(['m1', 'm2']);
    expect(got[0]?.applicationProperties).toEqual({ 'ce-type': 'A' });
    expect(Buffer.from(got[0]?.body as Buffer).toString()).toBe('one');
    expect(got[1]?.contentType).toBe('text/plain');
    expect(got[0]?.deliveryCount).toBe(0);
    expect(typeof got[0]?.lockToken).toBe('string');
    const until = await receiver.renewMessageLock(got[0]!);
    expect(until.getTime()).toBeGreaterThan(Date.now());
    await receiver.completeMessage(got[0]!);
    await receiver.abandonMessage(got[1]!, { 'x-extra': 1 });
    const again = await receiver.receiveMessages(5, { maxWaitTimeInMs: 500 });
    expect(again.map((m) => [m.messageId, m.deliveryCount, m.applicationProperties?.['x-extra']])).toEqual([['m2', 1, 1]]);
    await receiver.deadLetterMessage(again[0]!, { deadLetterReason: 'bad', deadLetterErrorDescription: 'very bad' });
    const dlq = client.createReceiver('smoke', { subQueueType: 'deadLetter' });
    const dead = await dlq.peekMessages(10);
    expect(dead.map((m) => [m.messageId, m.deadLetterReason, m.deadLetterErrorDescription])).toEqual([['m2', 'bad', 'very bad']]);
    await receiver.close();
    await dlq.close();
    await sender.close();
  });
});
