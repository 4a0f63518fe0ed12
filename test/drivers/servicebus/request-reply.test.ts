/**
 * Request/reply on Service Bus between two built daemons: the request goes to a queue with
 * ReplyTo + ReplyToSessionId set natively; the answer comes back through the one shared,
 * session-enabled reply queue, in the caller's own session, read by the caller's session receiver.
 */
import { ServiceBusClient } from '@azure/service-bus';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventually } from '../../conformance/support.js';
import { startDaemon, type RunningDaemon } from '../../infra/helpers/daemon.js';
import { startTargetServer, type TargetServer } from '../../infra/helpers/target-server.js';
import { ServiceBusTestBroker } from '../../infra/servicebus-broker/broker.js';

let broker: ServiceBusTestBroker;
let caller: RunningDaemon;
let other: RunningDaemon;
let responder: RunningDaemon;
let app: TargetServer;
const requests = `pricing-${randomUUID().slice(0, 8)}`;
const replies = `replies-${randomUUID().slice(0, 8)}`;

/** /readyz can answer before the HTTP listener is up (seen here under load): wait for the ready log line too. */
async function listening(daemon: RunningDaemon): Promise<void> {
  for (let i = 0; i < 400 && !daemon.output().includes('outrigger ready'); i++) await new Promise((resolve) => setTimeout(resolve, 25));
}

function callerConfig(id: string) {
  return {
    app: { id },
    brokers: { bus: { driver: 'azure-servicebus', connectionString: '${SB}', replyQueue: replies } },
    queues: { [requests]: { broker: 'bus' } },
    policies: { once: { retry: { maxAttempts: 1 } } },
    targets: { pricing: { via: 'queue', queue: requests, timeout: '10s', policy: 'once' } },
  };
}

beforeAll(async () => {
  broker = await ServiceBusTestBroker.start();
  broker.createQueue(requests);
  broker.createQueue(replies, { requiresSession: true });
  app = await startTargetServer();
  const env = { SB: broker.connectionString };
  responder = await startDaemon({
    config: {
      app: { id: 'pricing', url: app.url },
      brokers: { bus: { driver: 'azure-servicebus', connectionString: '${SB}', replyQueue: replies } },
      queues: { [requests]: { broker: 'bus' } },
      subscriptions: [{ name: 'pricing', from: { queue: requests }, deliver: '/api', serve: true, timeout: '10s' }],
    },
    env,
  });
  [caller, other] = await Promise.all([startDaemon({ config: callerConfig('shop'), env }), startDaemon({ config: callerConfig('billing'), env })]);
  await Promise.all([responder, caller, other].map(listening));
});

afterAll(async () => {
  await Promise.all([caller?.stop(), other?.stop()]);
  await responder?.stop();
  await app?.close();
  await broker?.stop();
});

beforeEach(() => {
  app.requests.length = 0;
  app.behave = () => ({ kind: 'echo' });
});

describe('servicebus - request/reply through the shared session reply queue', () => {
  it('request/reply - round-trips a query between two sidecars, the reply in the caller session', async () => {
    app.behave = () => ({ kind: 'answer', status: 201, headers: { 'content-type': 'application/json', 'x-priced-by': 'pricing' }, body: '{"price":9.5}' });
    const response = await fetch(`${caller.url}/v1/query/pricing/quote?sku=42`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-customer': 'c-7' },
      body: JSON.stringify({ sku: 42 }),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-priced-by')).toBe('pricing');
    expect(await response.json()).toEqual({ price: 9.5 });
    const [seen] = app.requests;
    expect([seen?.method, seen?.url, seen?.headers['x-customer']]).toEqual(['POST', '/api/quote?sku=42', 'c-7']);
    // Every reply was consumed from the caller's session; nothing is left over (a reply is
    // completed as it arrives, alongside the answer, so its disposition may land just after).
    await eventually(() => broker.queues.get(replies)?.messages.length === 0, 2000);
    expect(broker.queues.get(replies)?.messages).toEqual([]);
  });

  it('request/reply - concurrent callers each get their own answers, never the other one', async () => {
    const ask = (daemon: RunningDaemon, n: number) =>
      fetch(`${daemon.url}/v1/query/pricing/item/${n}`).then(async (r) => [r.status, ((await r.json()) as { url: string }).url] as const);
    const answers = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => ask(n % 2 === 0 ? caller : other, n)));
    expect(answers).toEqual([1, 2, 3, 4, 5, 6].map((n) => [200, `/api/item/${n}`]));
  });

  it('request/reply - a reply queue without sessions fails the query at once, saying why', async () => {
    const plain = `plain-replies-${randomUUID().slice(0, 8)}`;
    broker.createQueue(plain);
    const misconfigured = await startDaemon({ config: { ...callerConfig('misconfigured'), brokers: { bus: { driver: 'azure-servicebus', connectionString: '${SB}', replyQueue: plain } } }, env: { SB: broker.connectionString } });
    try {
      const started = Date.now();
      await listening(misconfigured);
      const response = await fetch(`${misconfigured.url}/v1/query/pricing/x`);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { detail: string }).detail).toMatch(/does not require sessions/);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      await misconfigured.stop();
    }
  });

  it('request/reply - the request carries ReplyTo and ReplyToSessionId natively', async () => {
    app.behave = () => ({ kind: 'echo', delayMs: 1_500 });
    const pending = fetch(`${caller.url}/v1/query/pricing/peek`);
    const client = new ServiceBusClient(broker.connectionString);
    try {
      let peeked: { replyTo?: string; replyToSessionId?: string; applicationProperties?: Record<string, unknown> } | undefined;
      for (let i = 0; i < 50 && peeked === undefined; i++) {
        const receiver = client.createReceiver(requests);
        [peeked] = await receiver.peekMessages(10);
        await receiver.close();
        if (peeked === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(peeked?.replyTo).toBe(replies);
      expect(peeked?.replyToSessionId).toMatch(/^outrigger\.replies\.shop\./);
      expect(peeked?.applicationProperties?.['outrigger-reply-to']).toBe(peeked?.replyToSessionId);
    } finally {
      await client.close();
    }
    expect((await pending).status).toBe(200);
  });
});
