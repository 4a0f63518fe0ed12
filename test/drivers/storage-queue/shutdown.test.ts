/**
 * SIGTERM on the built daemon with a Storage Queues broker: deliveries the app still holds when
 * the grace period ends are given back (visibility 0), so the next run gets them at once rather
 * than after the lease; the attempt is not counted for Outrigger's own messages (the release is
 * stamped in the envelope and subtracted from the service's dequeueCount, which always grows),
 * and is counted for another client's message, whose content Outrigger never rewrites.
 * Two daemon runs, one after the other, on one Azurite queue service.
 */
import { randomUUID } from 'node:crypto';
import { QueueClient } from '@azure/storage-queue';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deliveriesOf, startApp, type TestApp } from '../../infra/helpers/app-server.js';
import { startAzuriteQueue, type RunningAzuriteQueue } from '../../infra/helpers/azurite.js';
import { postAccepted, startDaemon, type RunningDaemon } from '../../infra/helpers/daemon.js';

let azurite: RunningAzuriteQueue;
const running: Array<{ daemon: RunningDaemon; app: TestApp }> = [];
const suffix = randomUUID().slice(0, 8);
/** maxDeliveries 1: a release counted as an attempt would send the message to the poison queue. */
const ours = `held-${suffix}`;
const foreign = `foreign-${suffix}`;
/** Far longer than the test: a message seen again within it was released, not timed out. */
const lease = '120s';

beforeAll(async () => {
  azurite = await startAzuriteQueue();
});

afterEach(async () => {
  for (const { daemon, app } of running.splice(0)) {
    await daemon.kill();
    await app.close();
  }
});

afterAll(async () => {
  await azurite?.stop();
});

async function run(answer: TestApp['respond']): Promise<{ daemon: RunningDaemon; app: TestApp }> {
  const app = await startApp();
  app.respond = answer;
  const daemon = await startDaemon({
    config: {
      app: { id: 'sq-shutdown', url: app.url },
      shutdown: { gracePeriod: '1s' },
      brokers: { store: { driver: 'azure-storage-queue', connectionString: '${STORAGE}', pollMaxMs: 200 } },
      queues: { [ours]: { broker: 'store', maxDeliveries: 1, lease }, [foreign]: { broker: 'store', maxDeliveries: 3, lease } },
      subscriptions: [
        { name: 'ours', from: { queue: ours }, deliver: '/ours', concurrency: 4 },
        { name: 'foreign', from: { queue: foreign }, deliver: '/foreign', concurrency: 4 },
      ],
    },
    env: { STORAGE: azurite.connectionString },
  });
  running.push({ daemon, app });
  return { daemon, app };
}

const holdForever: TestApp['respond'] = () => new Promise(() => undefined);

describe('storage queues - daemon shutdown', () => {
  it('shutdown - deliveries held by the app at SIGTERM are visible again at once, and the next run gets them at once as attempt 1', async () => {
    const first = await run(holdForever);
    const ids = [await postAccepted(first.daemon, `/v1/command/${ours}`, { n: 1 }), await postAccepted(first.daemon, `/v1/command/${ours}`, { n: 2 })];
    await first.app.waitFor((r) => ids.every((id) => deliveriesOf('/ours', id)(r).length === 1));
    expect(await first.daemon.stop()).toBe(0);

    // A peek sees only visible messages: both are back although their lease had ~2 minutes left.
    const queue = new QueueClient(azurite.connectionString, ours);
    const peeked = (await queue.peekMessages({ numberOfMessages: 32 })).peekedMessageItems;
    expect(peeked).toHaveLength(2);
    for (const item of peeked) {
      // The service counted the receive; the envelope records that it was a release.
      expect(item.dequeueCount).toBe(1);
      expect(JSON.parse(Buffer.from(item.messageText, 'base64').toString('utf8'))).toMatchObject({ outriggerreleased: 1 });
    }

    // Within 10 s of the next start, not after the 120 s lease.
    const second = await run(() => ({ status: 200 }));
    await second.app.waitFor((r) => ids.every((id) => deliveriesOf('/ours', id)(r).length === 1), 10_000);
    for (const id of ids) expect(deliveriesOf('/ours', id)(second.app.received)[0]?.headers['outrigger-attempt']).toBe('1');
    expect(await (await fetch(`${second.daemon.url}/v1/deadletter/${ours}`)).json()).toEqual([]);
  });

  it('shutdown - another client\'s message held at SIGTERM is visible again at once too, but its attempt counts (its content is never rewritten)', async () => {
    const sent = await new QueueClient(azurite.connectionString, foreign).sendMessage(Buffer.from('{"from":"a Function"}').toString('base64'));
    const first = await run(holdForever);
    await first.app.waitFor((r) => deliveriesOf('/foreign', sent.messageId)(r).length === 1);
    expect(deliveriesOf('/foreign', sent.messageId)(first.app.received)[0]?.headers['outrigger-attempt']).toBe('1');
    expect(await first.daemon.stop()).toBe(0);

    const [item] = (await new QueueClient(azurite.connectionString, foreign).peekMessages()).peekedMessageItems;
    expect(item).toMatchObject({ messageId: sent.messageId, dequeueCount: 1, messageText: Buffer.from('{"from":"a Function"}').toString('base64') });

    const second = await run(() => ({ status: 200 }));
    await second.app.waitFor((r) => deliveriesOf('/foreign', sent.messageId)(r).length === 1, 10_000);
    expect(deliveriesOf('/foreign', sent.messageId)(second.app.received)[0]?.headers['outrigger-attempt']).toBe('2');
  });
});
