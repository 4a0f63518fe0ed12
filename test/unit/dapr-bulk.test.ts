/**
 * Dapr bulk deliveries to a real HTTP app: what the exchange leaves on the pump's signal, which
 * lasts as long as the subscription, and that the signal still stops a batch in flight.
 */
import { getEventListeners } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DaprBulkExchange, httpBulkSend } from '../../src/api/dapr/bulk.js';
import type { DaprSubscriptionPlan } from '../../src/api/dapr/delivery.js';
import { AppClient } from '../../src/core/delivery/app-client.js';
import type { Delivery } from '../../src/kernel/messages.js';
import { createLogger } from '../../src/observability/logger.js';
import { startApp, type TestApp } from '../infra/helpers/app-server.js';

const plan: DaprSubscriptionPlan = { name: 'orders-bulk', pubsub: 'pubsub', topic: 'orders', routes: { rules: [], fallback: '/orders' }, maxDeliveries: 3, timeoutMs: 10_000 };

function delivery(id: string): Delivery {
  const headers = { 'ce-id': id, 'ce-type': 'OrderCreated', 'ce-source': 'test', 'ce-specversion': '1.0', 'content-type': 'application/json' };
  return { id, lease: `lease-${id}`, attempt: 1, headers, data: new TextEncoder().encode('{}'), enqueuedAt: Date.now(), leaseExpiresAt: Date.now() + 30_000 };
}

describe('dapr bulk exchange', () => {
  let app: TestApp;
  let client: AppClient;
  let exchange: DaprBulkExchange;

  beforeAll(async () => {
    app = await startApp();
    client = new AppClient(app.url, 2);
    const delivering = { plan, forward: async () => undefined, logger: createLogger('silent') };
    exchange = new DaprBulkExchange(delivering, httpBulkSend(client, null, plan), { maxMessagesCount: 5, maxAwaitDurationMs: 20 });
  });

  afterAll(async () => {
    await client?.close();
    await app?.close();
  });

  it('listeners - batch after batch on one long-lived signal, each batch takes its abort listeners off again', async () => {
    app.respond = (request) => {
      const { entries } = JSON.parse(request.body) as { entries: Array<{ entryId: string }> };
      return { status: 200, body: JSON.stringify({ statuses: entries.map(({ entryId }) => ({ entryId, status: 'SUCCESS' })) }) };
    };
    const pump = new AbortController();
    for (let batch = 0; batch < 4; batch++) {
      const exchanged = await Promise.all([0, 1, 2, 3, 4].map((i) => exchange.exchange(delivery(`b${batch}-${i}`), pump.signal)));
      expect(exchanged.map((e) => e.verdict.action)).toEqual(['ack', 'ack', 'ack', 'ack', 'ack']);
    }
    expect(app.received).toHaveLength(4);
    expect(getEventListeners(pump.signal, 'abort')).toHaveLength(0);
  });

  it('stop - a batch in flight ends when the signal of every message in it aborts, and nothing stays listening', async () => {
    app.respond = () => ({ status: 200, delayMs: 5_000 });
    const pump = new AbortController();
    const started = Date.now();
    const exchanged = Promise.all([0, 1].map((i) => exchange.exchange(delivery(`stop-${i}`), pump.signal)));
    await app.waitFor((received) => received.some((r) => r.body.includes('stop-0')));
    pump.abort();
    const answers = await exchanged;
    expect(answers.map((e) => e.answer?.kind)).toEqual(['aborted', 'aborted']);
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(getEventListeners(pump.signal, 'abort')).toHaveLength(0);
  });
});
