/**
 * The case that made close need a deadline: on a private rabbitmq-server, the Ra server of a
 * quorum queue is stopped (the queue stays declared, its only member down), and a send to it
 * gets no answer at all. Close, given a deadline, answers that send with a retriable error by
 * then and returns; before, it waited for the confirm for ever.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createRabbitmqDriver, type RabbitmqDriver } from '../../../src/drivers/rabbitmq/index.js';
import { sleep } from '../../conformance/support.js';
import { PrivateRabbit } from './private-server.js';

let server: PrivateRabbit | undefined;
let driver: RabbitmqDriver | undefined;

beforeAll(async () => {
  server = await PrivateRabbit.start();
}, 120_000);

afterAll(async () => {
  await driver?.close(Date.now());
  await server?.remove();
}, 120_000);

/** The promise's outcome, or 'no answer' if it has none within `ms`. */
function within(promise: Promise<unknown>, ms: number): Promise<unknown> {
  return Promise.race([promise.then(() => 'resolved', (err: unknown) => err), sleep(ms).then(() => 'no answer')]);
}

it('ra stopped - a send to a quorum queue whose Ra server is down is never confirmed; close answers it retriable by its deadline and returns', { timeout: 60_000 }, async () => {
  driver = await createRabbitmqDriver({ name: 'ra-stopped', settings: { url: server!.url, connectTimeoutMs: 1000 }, dataDir: '.' });
  await driver.connect();
  await driver.queues.ensureQueue('orders', { maxDeliveries: 3, leaseMs: 30_000, dedupWindowMs: 0 });
  const payload = { headers: {}, data: new TextEncoder().encode('x') };
  await driver.queues.send('orders', [{ id: 'before', ...payload }]);
  await server!.stopQueueMember('orders');
  const send = within(driver.queues.send('orders', [{ id: 'unanswered', ...payload }]), 30_000);
  expect(await within(send, 2000)).toBe('no answer');
  const started = Date.now();
  expect(await within(driver.close(Date.now() + 500), 10_000)).toBe('resolved');
  expect(Date.now() - started).toBeLessThan(5000);
  expect(await send).toMatchObject({ code: 'broker_unavailable', retriable: true });
});
