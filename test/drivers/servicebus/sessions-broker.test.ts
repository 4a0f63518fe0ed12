/**
 * Sessions in the Service Bus test broker, checked with the real @azure/service-bus SDK used
 * directly: what the driver relies on must behave as Service Bus does before the driver is tested.
 */
import { isServiceBusError, ServiceBusClient, type ServiceBusSessionReceiver } from '@azure/service-bus';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceBusTestBroker } from '../../infra/servicebus-broker/broker.js';
import { eventually } from '../../conformance/support.js';

let broker: ServiceBusTestBroker;
let client: ServiceBusClient;
let counter = 0;

beforeAll(async () => {
  broker = await ServiceBusTestBroker.start();
  client = new ServiceBusClient(broker.connectionString, { retryOptions: { maxRetries: 0, timeoutInMs: 5000 } });
});
afterAll(async () => {
  await client?.close();
  await broker?.stop();
});

function sessionQueue(lockDurationMs = 30_000): string {
  const name = `sess-${process.pid}-${++counter}`;
  broker.createQueue(name, { requiresSession: true, lockDurationMs });
  return name;
}

const options = { maxAutoLockRenewalDurationInMs: 0, skipParsingBodyAsJson: true } as const;

function text(body: unknown): string {
  return Buffer.from(body as Buffer).toString();
}

describe('servicebus test broker - sessions', () => {
  it('sessions - a message without a session id is refused by a session-enabled queue', async () => {
    const queue = sessionQueue();
    const sender = client.createSender(queue);
    try {
      const error = await sender.sendMessages({ body: Buffer.from('x') }).then(() => undefined, (err: unknown) => err);
      expect(isServiceBusError(error) || error instanceof Error).toBe(true);
      expect(String((error as Error).message)).toMatch(/SessionId was not set/);
      await sender.sendMessages({ body: Buffer.from('y'), sessionId: 's1' });
      expect(broker.queues.get(queue)?.messages).toHaveLength(1);
    } finally {
      await sender.close();
    }
  });

  it('sessions - acceptNextSession locks one session, delivers it in order, and a second receiver gets another session', async () => {
    const queue = sessionQueue();
    const sender = client.createSender(queue);
    await sender.sendMessages([1, 2, 3].flatMap((i) => ['a', 'b'].map((s) => ({ body: Buffer.from(`${s}${i}`), sessionId: s }))));
    const first = await client.acceptNextSession(queue, options);
    expect(first.sessionId).toBe('a');
    expect(first.sessionLockedUntilUtc.getTime()).toBeGreaterThan(Date.now() + 20_000);
    const second = await client.acceptNextSession(queue, options);
    expect(second.sessionId).toBe('b');
    const fromA = await first.receiveMessages(10, { maxWaitTimeInMs: 300 });
    expect(fromA.map((m) => text(m.body))).toEqual(['a1', 'a2', 'a3']);
    expect(fromA[0]?.sessionId).toBe('a');
    // Someone else asking for session 'a' by name is refused while it is locked.
    const refused = await client.acceptSession(queue, 'a', options).then(() => undefined, (err: unknown) => err);
    expect((refused as { code?: string }).code).toBe('SessionCannotBeLocked');
    await first.abandonMessage(fromA[0] as never);
    const again = await first.receiveMessages(1, { maxWaitTimeInMs: 300 });
    expect(again.map((m) => [text(m.body), m.deliveryCount])).toEqual([['a1', 1]]);
    for (const message of [...again, ...fromA.slice(1)]) await first.completeMessage(message);
    await first.close();
    await second.close();
    await sender.close();
  });

  it('sessions - accepting the next session waits for one, and times out when none comes', async () => {
    const queue = sessionQueue();
    const sender = client.createSender(queue);
    const pending = client.acceptNextSession(queue, options);
    setTimeout(() => void sender.sendMessages({ body: Buffer.from('late'), sessionId: 'late' }), 200);
    const receiver = await pending;
    expect(receiver.sessionId).toBe('late');
    await receiver.close();

    const empty = sessionQueue();
    const shortClient = new ServiceBusClient(broker.connectionString, { retryOptions: { maxRetries: 0, timeoutInMs: 600 } });
    const started = Date.now();
    const error = await shortClient.acceptNextSession(empty, options).then(() => undefined, (err: unknown) => err);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(error).toBeInstanceOf(Error);
    await shortClient.close();
    await sender.close();
  });

  it('sessions - renew-session-lock and session state work while the lock is held; an expired lock detaches the receiver', async () => {
    const queue = sessionQueue(2000);
    const sender = client.createSender(queue);
    await sender.sendMessages([{ body: Buffer.from('x1'), sessionId: 'x' }, { body: Buffer.from('x2'), sessionId: 'x' }]);
    const receiver: ServiceBusSessionReceiver = await client.acceptSession(queue, 'x', options);
    const before = receiver.sessionLockedUntilUtc.getTime();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const renewed = await receiver.renewSessionLock();
    expect(renewed.getTime()).toBeGreaterThan(before);
    await receiver.setSessionState(Buffer.from('checkpoint'));
    expect(text(await receiver.getSessionState())).toBe('checkpoint');
    const [held] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 300 });
    expect(text(held?.body)).toBe('x1');

    expect(broker.expireSessionLock(queue, 'x')).toBe(1);
    // The receiver learns it from the detach (a settlement racing it would wait for the SDK's 60 s timeout).
    expect(await eventually(() => receiver.isClosed)).toBe(true);
    const settle = await receiver.completeMessage(held as never).then(() => undefined, (err: unknown) => err);
    expect(settle).toBeInstanceOf(Error);
    const lost = await receiver.renewSessionLock().then(() => undefined, (err: unknown) => err);
    expect(lost).toBeInstanceOf(Error);
    // The message comes back, counted, to whoever takes the session next.
    const next = await client.acceptNextSession(queue, options);
    const [back] = await next.receiveMessages(1, { maxWaitTimeInMs: 300 });
    expect([text(back?.body), back?.deliveryCount]).toEqual(['x1', 1]);
    await next.close();
    await receiver.close();
    await sender.close();
  });

  it('sessions - closing a session receiver unlocks the session and returns its messages; non-session receivers are refused', async () => {
    const queue = sessionQueue();
    const sender = client.createSender(queue);
    await sender.sendMessages({ body: Buffer.from('z1'), sessionId: 'z' });
    const receiver = await client.acceptNextSession(queue, options);
    await receiver.receiveMessages(1, { maxWaitTimeInMs: 300 });
    await receiver.close();
    expect(await eventually(() => broker.queues.get(queue)?.sessions?.held('z') === undefined)).toBe(true);
    const again = await client.acceptSession(queue, 'z', options);
    const [back] = await again.receiveMessages(1, { maxWaitTimeInMs: 300 });
    expect(text(back?.body)).toBe('z1');
    await again.close();

    const plain = client.createReceiver(queue, options);
    const error = await plain.receiveMessages(1, { maxWaitTimeInMs: 300 }).then(() => undefined, (err: unknown) => err);
    expect(String((error as Error | undefined)?.message)).toMatch(/requires sessions/);
    await plain.close();
    const plainQueue = `plain-${process.pid}-${++counter}`;
    broker.createQueue(plainQueue);
    const wrong = await client.acceptSession(plainQueue, 'any', options).then(() => undefined, (err: unknown) => err);
    // The attach comes back without a source, then a detach with amqp:not-allowed: the SDK reports whichever it sees first.
    expect(String((wrong as Error | undefined)?.message)).toMatch(/does not require sessions|cannot be locked|requested session/);
    await sender.close();
  });
});
