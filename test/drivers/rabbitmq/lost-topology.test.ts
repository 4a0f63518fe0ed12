/**
 * The built daemon when a topic subscription's queue is lost on the machine's RabbitMQ (what a
 * broker crash may do): a plain client deletes it and holds an exclusive queue of the same name,
 * so that nothing can declare or consume it. Each publish to the topic must then fail, not be
 * answered 202 for an event routed nowhere; the push pump's receives fail, and after 10 s of
 * nothing but failures /readyz says not ready, naming the subscription and the error, where it
 * used to stay ready while nothing was delivered. Once the plain client lets go, the driver
 * declares the subscription again, publishes are delivered, and readiness comes back.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../conformance/support.js';
import { deliveriesOf, startApp, type TestApp } from '../../infra/helpers/app-server.js';
import { postAccepted, startDaemon, type RunningDaemon } from '../../infra/helpers/daemon.js';
import { created, deleteCreated, inboxQueues, plainRabbit, rabbitUrl } from '../../infra/helpers/rabbitmq.js';

const run = randomUUID().slice(0, 8);
const topic = `lost-news-${run}`;
const queue = `${topic}:news`;
const made = created();
let app: TestApp;
let daemon: RunningDaemon;

beforeAll(async () => {
  made.exchanges.add(topic);
  for (const name of inboxQueues(queue)) made.queues.add(name);
  app = await startApp();
  daemon = await startDaemon({
    config: {
      app: { id: `lost-${run}`, url: app.url },
      shutdown: { gracePeriod: '1s' },
      brokers: { rabbit: { driver: 'rabbitmq', url: rabbitUrl } },
      topics: { news: { broker: 'rabbit', entity: topic } },
      subscriptions: [{ name: 'news', from: { topic: 'news' }, deliver: '/news', retry: { initialBackoff: '20ms', maxBackoff: '100ms' } }],
    },
  });
}, 60_000);

afterAll(async () => {
  await daemon?.stop();
  await app?.close();
  await deleteCreated(made);
}, 60_000);

interface Readiness {
  status: string;
  subscriptionsFailing?: Record<string, { since: string; error: string }>;
}

async function readiness(): Promise<[number, Readiness]> {
  const response = await fetch(`${daemon.adminUrl}/readyz`);
  return [response.status, (await response.json()) as Readiness];
}

describe('rabbitmq through the daemon - a subscription queue lost on the broker', () => {
  it('lost queue - publishes fail instead of vanishing, and the daemon is not ready while the subscription cannot receive; once the queue can be declared again, both recover', { timeout: 120_000 }, async () => {
    const before = await postAccepted(daemon, '/v1/publish/news', { n: 1 }, { 'ce-type': 'News' });
    await app.waitFor((r) => deliveriesOf('/news', before)(r).length === 1);
    expect((await readiness())[0]).toBe(200);

    const plain = await plainRabbit();
    // Deleted and taken at once; should the daemon declare it again in between, take it again.
    for (let taken = false; !taken; ) {
      await plain.queueDelete({ queue });
      taken = await plain.queueDeclare({ queue, exclusive: true }).then(() => true, () => false);
    }
    const refused = await fetch(`${daemon.url}/v1/publish/news`, { method: 'POST', body: '{"n":2}', headers: { 'content-type': 'application/json', 'ce-type': 'News' } });
    expect(refused.status, await refused.text()).toBe(503);

    let last: [number, Readiness] = [0, { status: '' }];
    const notReady = await eventually(async () => (last = await readiness())[0] === 503, 40_000, 500);
    expect(notReady, JSON.stringify(last[1])).toBe(true);
    expect(last[1].subscriptionsFailing?.news?.error).toContain(queue);
    // Readiness is judged from the failure's age; the pump logs at its next failed receive, up to one backoff later.
    expect(await eventually(async () => daemon.output().includes('receive keeps failing'), 15_000, 200)).toBe(true);

    await plain.close();
    let after = '';
    // The first publishes may still find the subscription missing; each is refused, never lost.
    expect(
      await eventually(async () => {
        const response = await fetch(`${daemon.url}/v1/publish/news`, { method: 'POST', body: '{"n":3}', headers: { 'content-type': 'application/json', 'ce-type': 'News' } });
        if (response.status !== 202) return false;
        after = ((await response.json()) as { id: string }).id;
        return true;
      }, 30_000, 500),
    ).toBe(true);
    await app.waitFor((r) => deliveriesOf('/news', after)(r).length === 1, 45_000);
    expect(await eventually(async () => (last = await readiness())[0] === 200, 10_000, 200), JSON.stringify(last[1])).toBe(true);
  });
});
