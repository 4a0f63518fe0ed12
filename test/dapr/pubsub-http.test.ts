/**
 * The Dapr-compatible HTTP API of the built daemon, driven by the real Dapr JavaScript SDK:
 * DaprClient publishes, DaprServer is the app with programmatic subscriptions. The pub/sub
 * scenarios are the table both app transports run (pubsub-app.ts); what follows it is HTTP's own.
 */
import { describe, expect, it } from 'vitest';
import { pubsubCases, usePubsubApp, type PubsubApp } from './pubsub-app.js';
import { until } from './support.js';

async function metadata(app: PubsubApp): Promise<{ id: string; components: Array<{ name: string; type: string }>; subscriptions: Array<{ topic: string; deadLetterTopic: string }> }> {
  const response = await fetch(`${app.daprUrl}/v1.0/metadata`, { headers: { 'dapr-api-token': app.apiToken } });
  expect(response.status).toBe(200);
  return (await response.json()) as Awaited<ReturnType<typeof metadata>>;
}

const app = usePubsubApp('http', { appId: 'dapr-e2e', listedTopics: async (app) => (await metadata(app)).subscriptions.map((s) => s.topic) });

describe('dapr http - publish and subscribe with the Dapr SDK', () => {
  pubsubCases(app);
});

describe('dapr http - what the sidecar answers', () => {
  it('dapr http - health answers 204 without a token, and metadata lists the pubsub as a component', async () => {
    expect((await fetch(`${app.daprUrl}/v1.0/healthz`)).status).toBe(204);
    expect((await fetch(`${app.daprUrl}/v1.0/healthz/outbound`)).status).toBe(204);
    const doc = await metadata(app);
    expect(doc.id).toBe('dapr-e2e');
    expect(doc.components).toEqual([expect.objectContaining({ name: app.pubsub, type: 'pubsub.outrigger.embedded' })]);
    expect(doc.subscriptions.find((s) => s.topic === 'payments')?.deadLetterTopic).toBe('payments-dead');
  });

  it('dapr http - errors come in Dapr shape: unknown pubsub, missing token', async () => {
    const unknown = await fetch(`${app.daprUrl}/v1.0/publish/nope/orders`, { method: 'POST', body: '{}', headers: { 'dapr-api-token': app.apiToken, 'content-type': 'application/json' } });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toEqual({ errorCode: 'ERR_PUBSUB_NOT_FOUND', message: expect.stringContaining('nope') });
    const anonymous = await fetch(`${app.daprUrl}/v1.0/publish/${app.pubsub}/orders`, { method: 'POST', body: '{}' });
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { errorCode: string }).errorCode).toBe('ERR_UNAUTHORIZED');
  });

  it('dapr http - a raw payload is published as it is, with a time-to-live', async () => {
    const response = await fetch(`${app.daprUrl}/v1.0/publish/${app.pubsub}/orders?metadata.rawPayload=true&metadata.ttlInSeconds=60`, {
      method: 'POST',
      body: JSON.stringify({ run: app.run, n: 8 }),
      headers: { 'dapr-api-token': app.apiToken, 'content-type': 'application/json' },
    });
    expect(response.status).toBe(204);
    const got = await until(() => app.received.orders!, (list) => list.some((r) => (r.data as { n: number }).n === 8));
    expect(got.map((r) => r.data)).toContainEqual({ run: app.run, n: 8 });
  });
});
