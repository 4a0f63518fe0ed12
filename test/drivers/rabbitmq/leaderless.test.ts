/**
 * The lead of the RabbitMQ crash-restart loss (docs/reliability.md, Open questions): a quorum
 * queue declared just before a SIGKILL of a private rabbitmq-server comes back a follower with
 * term 0 and an empty log, and never elects a leader. Its declare still succeeds at once, so the
 * built daemon starts and used to stay ready while the subscription delivered nothing. Now: a
 * publish to its topic is never answered 202 (the broker answers nothing for about 65 s, then
 * nacks; core's attempt timeout answers first), and /readyz turns not ready, naming the
 * subscription.
 */
import { afterAll, expect, it } from 'vitest';
import { createRabbitmqDriver } from '../../../src/drivers/rabbitmq/index.js';
import { eventually } from '../../conformance/support.js';
import { startApp, type TestApp } from '../../infra/helpers/app-server.js';
import { startDaemon, type RunningDaemon } from '../../infra/helpers/daemon.js';
import { PrivateRabbit } from './private-server.js';

let server: PrivateRabbit | undefined;
let app: TestApp | undefined;
let daemon: RunningDaemon | undefined;

afterAll(async () => {
  await daemon?.stop();
  await app?.close();
  await server?.remove();
}, 120_000);

it('leaderless - a subscription queue that never elects a leader after a crash: no publish is answered 202, and the daemon is not ready', { timeout: 300_000 }, async () => {
  server = await PrivateRabbit.start();
  // Declared as the daemon would, and the server killed at once: the queue's election never reaches its log.
  const driver = await createRabbitmqDriver({ name: 'seed', settings: { url: server.url, connectTimeoutMs: 1000 }, dataDir: '.' });
  await driver.connect();
  await driver.topics.ensureTopic('news');
  await driver.topics.ensureSubscription('news', 'news', { maxDeliveries: 10, leaseMs: 30_000, dedupWindowMs: 0 });
  await server.stop('crash');
  await driver.close();
  await server.start();

  app = await startApp();
  const running = await startDaemon({
    config: {
      app: { id: 'leaderless', url: app.url },
      shutdown: { gracePeriod: '1s' },
      brokers: { rabbit: { driver: 'rabbitmq', url: server.url } },
      topics: { news: { broker: 'rabbit' } },
      subscriptions: [{ name: 'news', from: { topic: 'news' }, deliver: '/news' }],
    },
    readyTimeoutMs: 60_000,
  });
  daemon = running;
  const publish = await fetch(`${running.url}/v1/publish/news`, { method: 'POST', body: '{"n":1}', headers: { 'content-type': 'application/json', 'ce-type': 'News' } });
  expect(publish.status, await publish.text()).not.toBe(202);

  let last = '';
  const notReady = await eventually(
    async () => {
      const response = await fetch(`${running.adminUrl}/readyz`);
      last = await response.text();
      return response.status === 503 && last.includes('subscriptionsFailing');
    },
    150_000,
    1000,
  );
  expect(notReady, last).toBe(true);
  expect(JSON.parse(last)).toMatchObject({ subscriptionsFailing: { news: { error: expect.any(String) as unknown } } });
  expect(app.received.filter((r) => r.path === '/news')).toEqual([]);
});
