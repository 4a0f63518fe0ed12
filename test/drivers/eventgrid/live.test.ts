/**
 * The Event Grid driver against live Azure, when its variables are set; otherwise each part
 * skips, naming what to set.
 * - OUTRIGGER_TEST_EVENTGRID_ENDPOINT, OUTRIGGER_TEST_EVENTGRID_KEY (and optionally
 *   OUTRIGGER_TEST_EVENTGRID_SCHEMA=eventgrid): a custom topic; events are published to it.
 * - OUTRIGGER_TEST_EVENTGRID_NAMESPACE, OUTRIGGER_TEST_EVENTGRID_NAMESPACE_KEY,
 *   OUTRIGGER_TEST_EVENTGRID_NAMESPACE_TOPIC, OUTRIGGER_TEST_EVENTGRID_NAMESPACE_SUBSCRIPTION: a
 *   namespace topic with a queue-type event subscription; an event is published, received with a
 *   lock, renewed, released, received again and acknowledged. Leftovers of earlier runs are acked.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createEventGridDriver } from '../../../src/drivers/azure-eventgrid/index.js';

const env = process.env;
const topic = { endpoint: env['OUTRIGGER_TEST_EVENTGRID_ENDPOINT'], key: env['OUTRIGGER_TEST_EVENTGRID_KEY'], schema: env['OUTRIGGER_TEST_EVENTGRID_SCHEMA'] };
const ns = {
  endpoint: env['OUTRIGGER_TEST_EVENTGRID_NAMESPACE'],
  key: env['OUTRIGGER_TEST_EVENTGRID_NAMESPACE_KEY'],
  topic: env['OUTRIGGER_TEST_EVENTGRID_NAMESPACE_TOPIC'],
  subscription: env['OUTRIGGER_TEST_EVENTGRID_NAMESPACE_SUBSCRIPTION'],
};
const run = randomUUID();

function event(n: number) {
  return { id: `${run}-${n}`, headers: { 'ce-type': 'Outrigger.LiveTest', 'ce-source': 'outrigger-tests', 'content-type': 'application/json' }, data: new TextEncoder().encode(JSON.stringify({ run, n })) };
}

if (topic.endpoint && topic.key) {
  describe('azure-eventgrid custom topic (live Azure)', () => {
    it('live - events are accepted by the topic, one by one and concurrently', async () => {
      const driver = await createEventGridDriver({ name: 'live', settings: { endpoint: topic.endpoint, key: topic.key, ...(topic.schema ? { schema: topic.schema } : {}) }, dataDir: '.' });
      await driver.connect();
      try {
        await driver.topics.publish('orders', [event(1)]);
        await Promise.all([2, 3, 4].map((n) => driver.topics.publish('orders', [event(n)])));
      } finally {
        await driver.close();
      }
    });
  });
} else {
  describe('azure-eventgrid custom topic (live Azure)', () => {
    it.skip('skipped: set OUTRIGGER_TEST_EVENTGRID_ENDPOINT and OUTRIGGER_TEST_EVENTGRID_KEY (a custom topic; OUTRIGGER_TEST_EVENTGRID_SCHEMA=eventgrid for an Event Grid schema topic) to publish to live Azure', () => undefined);
  });
}

if (ns.endpoint && ns.key && ns.topic && ns.subscription) {
  describe('azure-eventgrid namespace topic (live Azure)', () => {
    it('live - publish, receive with a lock, renew, release, receive again, acknowledge', async () => {
      const driver = await createEventGridDriver({ name: 'live', settings: { namespaceEndpoint: ns.endpoint, key: ns.key }, dataDir: '.' });
      await driver.connect();
      const inbox = { kind: 'subscription', topic: ns.topic!, subscription: ns.subscription! } as const;
      try {
        await driver.topics.ensureSubscription(ns.topic!, ns.subscription!, { maxDeliveries: 10, leaseMs: 30_000, dedupWindowMs: 0 });
        await driver.topics.publish(ns.topic!, [event(1)]);
        const mine = async () => {
          for (let i = 0; i < 5; i++) {
            for (const delivery of await driver.inboxes.receive(inbox, { max: 10, waitMs: 10_000 })) {
              if (delivery.id === `${run}-1`) return delivery;
              await driver.inboxes.ack(inbox, delivery.lease).catch(() => undefined);
            }
          }
          throw new Error('the published event never arrived');
        };
        const first = await mine();
        await driver.inboxes.renew(inbox, first.lease, 30_000);
        await driver.inboxes.nack(inbox, first.lease);
        const again = await mine();
        expect(again.attempt).toBeGreaterThan(first.attempt);
        await driver.inboxes.ack(inbox, again.lease);
      } finally {
        await driver.close();
      }
    }, 120_000);
  });
} else {
  describe('azure-eventgrid namespace topic (live Azure)', () => {
    it.skip('skipped: set OUTRIGGER_TEST_EVENTGRID_NAMESPACE, OUTRIGGER_TEST_EVENTGRID_NAMESPACE_KEY, OUTRIGGER_TEST_EVENTGRID_NAMESPACE_TOPIC and OUTRIGGER_TEST_EVENTGRID_NAMESPACE_SUBSCRIPTION (a queue-type event subscription) to pull from live Azure', () => undefined);
  });
}
