/** The message mapping and attempt arithmetic of the Service Bus driver, without a broker. */
import type { ServiceBusReceivedMessage } from '@azure/service-bus';
import { describe, expect, it } from 'vitest';
import { attemptOf, copyOf, headersOf, toDeadLetter, toServiceBusMessage } from '../../../src/drivers/azure-servicebus/codec.js';

function received(fields: Partial<ServiceBusReceivedMessage>): ServiceBusReceivedMessage {
  return { body: Buffer.from('x'), deliveryCount: 0, enqueuedTimeUtc: new Date(1000), ...fields } as ServiceBusReceivedMessage;
}

describe('servicebus codec', () => {
  it('codec - outbound: content type, properties, idempotency key as MessageId, schedule and TTL', () => {
    const now = 1_000_000;
    const message = toServiceBusMessage(
      { id: 'e1', idempotencyKey: 'k1', headers: { 'content-type': 'text/plain', 'ce-type': 'T' }, data: Uint8Array.from([1, 2]), notBefore: now + 5000, expiresAt: now + 60_000 },
      now,
    );
    expect(message).toMatchObject({ messageId: 'k1', contentType: 'text/plain', applicationProperties: { 'ce-type': 'T', 'outrigger-id': 'e1' }, timeToLive: 60_000 });
    expect(message.scheduledEnqueueTimeUtc?.getTime()).toBe(now + 5000);
    expect([...(message.body as Buffer)]).toEqual([1, 2]);
    const plain = toServiceBusMessage({ id: 'e2', headers: {}, data: new Uint8Array(), notBefore: now - 1, expiresAt: now - 10 }, now);
    expect(plain).toMatchObject({ messageId: 'e2', applicationProperties: {}, timeToLive: 1 });
    expect(plain.scheduledEnqueueTimeUtc).toBeUndefined();
  });

  it('codec - attempts: delivery count + 1, plus earlier copies, minus releases', () => {
    expect(attemptOf(received({ deliveryCount: 0 }))).toBe(1);
    expect(attemptOf(received({ deliveryCount: 2, applicationProperties: { 'outrigger-released': 1 } }))).toBe(2);
    expect(attemptOf(received({ deliveryCount: 0, applicationProperties: { 'outrigger-prior-attempts': 3 } }))).toBe(4);
  });

  it('codec - a copy keeps the id and headers, drops bookkeeping, and gets a fresh MessageId', () => {
    const original = received({ messageId: 'k1', contentType: 'application/json', applicationProperties: { 'outrigger-id': 'e1', 'outrigger-released': 2, 'ce-type': 'T', DeadLetterReason: 'x' } });
    const copy = copyOf(original, 3);
    expect(copy.messageId).not.toBe('k1');
    expect(copy.applicationProperties).toEqual({ 'ce-type': 'T', 'outrigger-id': 'e1', 'outrigger-prior-attempts': 3 });
    expect(copy.contentType).toBe('application/json');
    expect(headersOf(original)).toEqual({ 'ce-type': 'T', 'content-type': 'application/json' });
  });

  it('codec - dead letters: our reasons as given, Service Bus reasons with their description', () => {
    const ours = toDeadLetter(received({ messageId: 'm', deliveryCount: 1, deadLetterReason: 'app answered 422', deadLetterErrorDescription: 'dead-lettered by the Outrigger sidecar', applicationProperties: { 'outrigger-attempts': 2, 'outrigger-dead-lettered-at': 5000 } }));
    expect(ours).toMatchObject({ id: 'm', reason: 'app answered 422', attempts: 2, enqueuedAt: 1000, deadLetteredAt: 5000 });
    const broker = toDeadLetter(received({ messageId: 'n', deliveryCount: 10, deadLetterReason: 'MaxDeliveryCountExceeded', deadLetterErrorDescription: 'too many' }));
    expect(broker).toMatchObject({ reason: 'max_deliveries_exceeded', attempts: 10, deadLetteredAt: 1000 });
    const other = toDeadLetter(received({ messageId: 'o', deadLetterReason: 'TTLExpiredException', deadLetterErrorDescription: 'expired' }));
    expect(other.reason).toBe('TTLExpiredException: expired');
  });
});
