/**
 * Writes the broker never confirms (a quorum queue whose Ra server is down answers a publish
 * with nothing at all; so does a connection that went silent): a send ends when its signal
 * aborts (core's attempt timeout), and close answers every write still unconfirmed at its
 * deadline with a retriable error and returns, instead of waiting for ever. The silence is made
 * with the TCP proxy's freeze, on the machine's RabbitMQ (heartbeats set long, so the client
 * does not notice it by itself within the test).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboundMessage } from '../../../src/drivers/contract.js';
import { createRabbitmqDriver, type RabbitmqDriver } from '../../../src/drivers/rabbitmq/index.js';
import { OutriggerError } from '../../../src/kernel/errors.js';
import { created, deleteCreated, inboxQueues, rabbitUrl } from '../../infra/helpers/rabbitmq.js';
import { sleep } from '../../conformance/support.js';
import { startProxy, type Proxy } from './proxy.js';

const run = randomUUID().slice(0, 8);
const made = created();
const opened: RabbitmqDriver[] = [];
const inbox = { maxDeliveries: 3, leaseMs: 30_000, dedupWindowMs: 0 };
let proxy: Proxy;
let counter = 0;

const message = (id: string): OutboundMessage => ({ id, headers: {}, data: new TextEncoder().encode(id) });

/** A driver through the proxy with a fresh queue it has already sent to once (declared, channel open). */
async function frozenDriver(): Promise<{ driver: RabbitmqDriver; queue: string }> {
  const queue = `unconfirmed-${run}-${++counter}`;
  for (const each of inboxQueues(queue)) made.queues.add(each);
  const driver = await createRabbitmqDriver({ name: 'frozen', settings: { url: rabbitUrl.replace(':5672', `:${proxy.port}`), heartbeatSeconds: 120 }, dataDir: '.' });
  await driver.connect();
  opened.push(driver);
  await driver.queues.ensureQueue(queue, inbox);
  await driver.queues.send(queue, [message('warm-up')]);
  proxy.freeze();
  return { driver, queue };
}

/** The promise's outcome, or 'no answer' if it has none within `ms`. */
function within(promise: Promise<unknown>, ms: number): Promise<unknown> {
  return Promise.race([promise.then(() => 'resolved', (err: unknown) => err), sleep(ms).then(() => 'no answer')]);
}

beforeAll(async () => {
  proxy = await startProxy(5672);
});

afterAll(async () => {
  await Promise.all(opened.map((driver) => driver.close(Date.now())));
  await proxy?.close();
  await deleteCreated(made);
});

describe('rabbitmq driver - writes never confirmed', () => {
  it('unconfirmed - a send whose confirm never comes fails when its signal aborts, not never', { timeout: 20_000 }, async () => {
    const { driver, queue } = await frozenDriver();
    const attempt = new AbortController();
    setTimeout(() => attempt.abort(new OutriggerError('timeout', 'the attempt timed out')), 300);
    const started = Date.now();
    expect(await within(driver.queues.send(queue, [message('a')], attempt.signal), 3000)).toMatchObject({ code: 'timeout', retriable: true });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('unconfirmed - close answers writes still unconfirmed at its deadline with a retriable error, and returns', { timeout: 20_000 }, async () => {
    const { driver, queue } = await frozenDriver();
    // Their outcomes, watched from the start: each is answered while close runs.
    const send = within(driver.queues.send(queue, [message('b'), message('c')]), 10_000);
    const publish = within(driver.topics.publish(`nowhere-${run}`, [message('d')]), 10_000);
    await sleep(100);
    const started = Date.now();
    expect(await within(driver.close(Date.now() + 500), 6000)).toBe('resolved');
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    expect(Date.now() - started).toBeLessThan(5000);
    for (const outcome of await Promise.all([send, publish])) expect(outcome).toMatchObject({ code: 'broker_unavailable', retriable: true });
    expect(driver.isConnected()).toBe(false);
  });
});
