/**
 * The built daemon on the Storage Queues driver, end to end: commands in over HTTP, pushed to a
 * real app server, settled by its answers (an app slower than the lease keeps its message),
 * poison messages listed and redriven through /v1/deadletter, another client's message pushed
 * too, depth and driver events in the metrics, the limits answered over HTTP, and a config asking
 * the broker for what it lacks refused at start-up. The daemon is a child process talking HTTP to
 * Azurite's queue service running here.
 */
import { randomUUID } from 'node:crypto';
import { QueueClient } from '@azure/storage-queue';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { deliveriesOf, startApp, type TestApp } from '../../infra/helpers/app-server.js';
import { startAzuriteQueue, type RunningAzuriteQueue } from '../../infra/helpers/azurite.js';
import { postAccepted, startDaemon, type RunningDaemon } from '../../infra/helpers/daemon.js';

let azurite: RunningAzuriteQueue;
let app: TestApp;
let daemon: RunningDaemon;
const fast = { initialBackoff: '20ms', maxBackoff: '100ms' };
const work = `work-${randomUUID().slice(0, 8)}`;
/** Commands land here and stay: nothing consumes it. */
const backlog = `backlog-${randomUUID().slice(0, 8)}`;
/** A 2 s lease, for an app that works longer than that. */
const slow = `slow-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  azurite = await startAzuriteQueue();
  app = await startApp();
  daemon = await startDaemon({
    config: {
      app: { id: 'sq-e2e', url: app.url },
      brokers: { store: { driver: 'azure-storage-queue', connectionString: '${STORAGE}', pollMaxMs: 200 } },
      queues: { [work]: { broker: 'store', maxDeliveries: 3, lease: '5s' }, [backlog]: { broker: 'store' }, [slow]: { broker: 'store', maxDeliveries: 1, lease: '2s' } },
      subscriptions: [
        { name: 'work', from: { queue: work }, deliver: '/work', retry: fast, concurrency: 4 },
        { name: 'slow', from: { queue: slow }, deliver: '/slow', retry: fast, concurrency: 2 },
      ],
    },
    env: { STORAGE: azurite.connectionString },
  });
});

afterAll(async () => {
  await daemon?.stop();
  await app?.close();
  await azurite?.stop();
});

beforeEach(() => {
  app.received.length = 0;
  app.respond = () => ({ status: 200 });
});

async function deadLetters(queue: string, id: string): Promise<Array<{ id: string; reason: string; attempts: number }>> {
  for (let i = 0; i < 100; i++) {
    const response = await fetch(`${daemon.url}/v1/deadletter/${queue}`);
    expect(response.status).toBe(200);
    const letters = (await response.json()) as Array<{ id: string; reason: string; attempts: number }>;
    if (letters.some((l) => l.id === id)) return letters;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return [];
}

describe('storage queues through the daemon', () => {
  it('daemon - a command is pushed in CloudEvents binary mode and deleted on 2xx', async () => {
    const id = await postAccepted(daemon, `/v1/command/${work}`, { task: 1 }, { 'ce-type': 'Work' });
    await app.waitFor((r) => deliveriesOf('/work', id)(r).length === 1);
    expect(deliveriesOf('/work', id)(app.received)[0]?.headers).toMatchObject({ 'ce-type': 'Work', 'ce-source': 'sq-e2e', 'outrigger-attempt': '1', 'content-type': 'application/json' });
    expect(deliveriesOf('/work', id)(app.received)[0]?.body).toBe('{"task":1}');
    const queue = new QueueClient(azurite.connectionString, work);
    for (let i = 0; i < 100 && (await queue.getProperties()).approximateMessagesCount !== 0; i++) await new Promise((resolve) => setTimeout(resolve, 30));
    expect((await queue.getProperties()).approximateMessagesCount).toBe(0);
  });

  it('daemon - a failing app gets maxDeliveries attempts, then the message is in <queue>-poison and listed as a dead letter', async () => {
    app.respond = () => ({ status: 500 });
    const id = await postAccepted(daemon, `/v1/command/${work}`, { task: 2 });
    await app.waitFor((r) => deliveriesOf('/work', id)(r).length === 3);
    expect(deliveriesOf('/work', id)(app.received).map((r) => r.headers['outrigger-attempt'])).toEqual(['1', '2', '3']);
    // The push loop dead-letters itself at the limit, with the app's last answer in the reason.
    expect((await deadLetters(work, id)).find((l) => l.id === id)).toMatchObject({ attempts: 3, reason: expect.stringContaining('500') as unknown });
  });

  it('daemon - a 4xx answer moves the message to <queue>-poison at once', async () => {
    app.respond = () => ({ status: 422 });
    const id = await postAccepted(daemon, `/v1/command/${work}`, { task: 3 });
    await app.waitFor((r) => deliveriesOf('/work', id)(r).length === 1);
    expect((await deadLetters(work, id)).find((l) => l.id === id)).toMatchObject({ attempts: 1, reason: expect.stringContaining('422') as unknown });
    expect(deliveriesOf('/work', id)(app.received)).toHaveLength(1);
    // Redriven over HTTP, it comes back from attempt 1 and is done this time.
    app.respond = () => ({ status: 200 });
    const redrive = await fetch(`${daemon.url}/v1/deadletter/${work}/redrive`, { method: 'POST', body: JSON.stringify({ ids: [id] }), headers: { 'content-type': 'application/json' } });
    expect(await redrive.json()).toEqual({ redriven: 1 });
    await app.waitFor((r) => deliveriesOf('/work', id)(r).length === 2);
    expect(deliveriesOf('/work', id)(app.received)[1]?.headers['outrigger-attempt']).toBe('1');
    const letters = (await (await fetch(`${daemon.url}/v1/deadletter/${work}`)).json()) as Array<{ id: string }>;
    expect(letters.some((l) => l.id === id)).toBe(false);
  });

  it('daemon - an app working 3.5 s on a message with a 2 s lease keeps it: the lease is renewed, the message delivered once and deleted', async () => {
    app.respond = () => ({ status: 200, delayMs: 3500 });
    const id = await postAccepted(daemon, `/v1/command/${slow}`, { task: 'slow' });
    await app.waitFor((r) => deliveriesOf('/slow', id)(r).length === 1);
    const queue = new QueueClient(azurite.connectionString, slow);
    for (let i = 0; i < 200 && (await queue.getProperties()).approximateMessagesCount !== 0; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await queue.getProperties()).approximateMessagesCount).toBe(0);
    // maxDeliveries 1: a lease that ran out would have meant a poison copy instead of a second push.
    expect(deliveriesOf('/slow', id)(app.received)).toHaveLength(1);
    expect(await (await fetch(`${daemon.url}/v1/deadletter/${slow}`)).json()).toEqual([]);
  });

  it('daemon - a Base64 message another client wrote is pushed with its body and the message id', async () => {
    const sent = await new QueueClient(azurite.connectionString, work).sendMessage(Buffer.from('{"from":"a Function"}').toString('base64'));
    await app.waitFor((r) => deliveriesOf('/work', sent.messageId)(r).length === 1);
    expect(deliveriesOf('/work', sent.messageId)(app.received)[0]?.body).toBe('{"from":"a Function"}');
  });

  it('daemon - ready while connected, and a metrics scrape reports queue depth and the driver events', async () => {
    expect((await fetch(`${daemon.adminUrl}/readyz`)).status).toBe(200);
    await postAccepted(daemon, `/v1/command/${backlog}`, { task: 1 });
    await postAccepted(daemon, `/v1/command/${backlog}`, { task: 2 });
    const text = await (await fetch(`${daemon.adminUrl}/metrics`)).text();
    expect(text).toContain(`outrigger_queue_depth{resource="${backlog}",state="ready"} 2`);
    expect(text).toContain(`outrigger_queue_depth{resource="${backlog}",state="in_flight"} 0`);
    expect(text).toMatch(new RegExp(`outrigger_queue_depth\\{resource="${work}",state="dead_lettered"\\} [1-9]`));
    for (const event of ['messages_poisoned', 'expired_dropped', 'leases_lost', 'server_busy']) {
      expect(text).toMatch(new RegExp(`outrigger_broker_events_total\\{broker="store",event="${event}"\\} \\d+`));
    }
  });

  it('daemon - over HTTP, a body whose encoded envelope passes 64 KiB is 413 naming the limit and the encoded size, and a delay past 7 days is 400 naming the limit', async () => {
    // 50,000 bytes of body: under the limit as sent, over it once in a Base64 CloudEvents envelope.
    const big = await fetch(`${daemon.url}/v1/command/${backlog}`, { method: 'POST', body: JSON.stringify({ pad: 'a'.repeat(50_000) }), headers: { 'content-type': 'application/json' } });
    expect(big.status).toBe(413);
    const tooLarge = (await big.json()) as { code: string; limit: number; size: number; detail: string };
    expect(tooLarge).toMatchObject({ code: 'payload_too_large', limit: 65_536 });
    expect(tooLarge.size).toBeGreaterThan(65_536);
    expect(tooLarge.detail).toContain(`${tooLarge.size} bytes once encoded`);
    const late = await fetch(`${daemon.url}/v1/command/${backlog}`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json', 'outrigger-delay': '8d' } });
    expect(late.status).toBe(400);
    expect(((await late.json()) as { detail: string }).detail).toMatch(/longer than Storage Queues can hide a message \(7 days, 604800 s\)/);
  });

  it('daemon - start-up refuses ordered delivery and a topic on the storage queue broker, naming the broker and each capability', async () => {
    const refused = startDaemon({
      config: {
        app: { id: 'sq-refused', url: app.url },
        brokers: { store: { driver: 'azure-storage-queue', connectionString: '${STORAGE}' } },
        queues: { [work]: { broker: 'store' } },
        topics: { news: { broker: 'store' } },
        subscriptions: [{ name: 'work', from: { queue: work }, deliver: '/work', ordered: true }],
      },
      env: { STORAGE: azurite.connectionString },
    });
    const error = await refused.then(
      () => new Error('the daemon started'),
      (err: unknown) => err as Error,
    );
    expect(error.message).toMatch(/exited with [1-9]/);
    expect(error.message).toMatch(/topics\.news.*broker 'store' \(driver 'azure-storage-queue'\).*does not support topics/);
    expect(error.message).toMatch(/subscriptions\[0\]\.ordered.*broker 'store' \(driver 'azure-storage-queue'\).*does not support ordering keys/);
  });
});
