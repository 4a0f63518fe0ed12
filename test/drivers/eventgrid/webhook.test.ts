/**
 * The Event Grid webhook of the built daemon: Event Grid's side played from its documented
 * delivery protocol (infra/eventgrid-server/pusher.ts), a real app receiving the pushes, and a
 * local tenant (JWKS over HTTP, tokens signed with jose) for Entra ID. Covers both handshakes,
 * only for an authenticated caller; every authentication failure; both schemas; filters; the
 * verdict mapping; a batch retried after a partial failure; limits and malformed input.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startApp, type Received, type TestApp } from '../../infra/helpers/app-server.js';
import { startDaemon, type RunningDaemon } from '../../infra/helpers/daemon.js';
import { startTestTenant, type TestTenant } from '../../infra/helpers/jwks.js';
import { freePort } from '../../infra/helpers/ports.js';
import { cloudEvent, eventGridEvent, push, rawPush, validateCloudEvents, validateEventGridSchema } from '../../infra/eventgrid-server/pusher.js';

const secret = 'a-webhook-secret-of-some-length';
const audience = 'api://outrigger-webhook';
let app: TestApp;
let daemon: RunningDaemon;
let tenant: TestTenant;
let base: string;
const storage = () => `${base}/webhooks/storage-events`;
const entra = () => `${base}/webhooks/entra-events`;
const good = { code: secret };

beforeAll(async () => {
  [app, tenant] = await Promise.all([startApp(), startTestTenant()]);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  daemon = await startDaemon({
    env: { OUTRIGGER_WEBHOOK_ADDR: `127.0.0.1:${port}` },
    config: {
      app: { url: app.url },
      webhooks: {
        'storage-events': { kind: 'eventgrid', secret, rememberMax: 1000 },
        'entra-events': { kind: 'eventgrid', entra: { tenantId: tenant.tenantId, audience, jwksUri: tenant.jwksUri } },
      },
      subscriptions: [
        { name: 'blob-created', from: { webhook: 'storage-events', filter: { type: 'Microsoft.Storage.BlobCreated' } }, deliver: '/events/blob-created', timeout: '1s' },
        { name: 'entra-all', from: { webhook: 'entra-events' }, deliver: '/events/entra' },
      ],
    },
  });
}, 30_000);
afterAll(async () => {
  await daemon?.stop();
  await Promise.all([app?.close(), tenant?.close()]);
});
beforeEach(() => {
  app.received.length = 0;
  app.respond = () => ({ status: 200 });
});

const at = (path: string) => (received: Received[]) => received.filter((r) => r.path === path);

describe('eventgrid webhook - handshakes and authentication', () => {
  it('webhook - the Event Grid schema handshake echoes the validation code to an authenticated caller', async () => {
    const answer = await validateEventGridSchema(storage(), good);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ validationResponse: answer.code });
    const viaHeader = await validateEventGridSchema(storage(), { deliverySecret: secret });
    expect(JSON.parse(viaHeader.body)).toEqual({ validationResponse: viaHeader.code });
    expect(app.received).toEqual([]);
  });

  it('webhook - the CloudEvents OPTIONS handshake allows the origin, at any rate', async () => {
    const answer = await validateCloudEvents(storage(), good);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('webhook-allowed-origin')).toBe('eventgrid.azure.net');
    expect(answer.headers.get('webhook-allowed-rate')).toBe('*');
  });

  it('webhook - a missing or wrong secret is 401 for handshakes and deliveries, and the validation code is never echoed', async () => {
    for (const auth of [{}, { code: 'wrong-secret-but-long-enough' }, { deliverySecret: 'x' }]) {
      const validation = await validateEventGridSchema(storage(), auth);
      expect(validation.status).toBe(401);
      expect(validation.body).not.toContain(validation.code);
      expect((await validateCloudEvents(storage(), auth)).status).toBe(401);
      expect((await push(storage(), auth, { schema: 'cloudevents', event: cloudEvent('unauth', 'Microsoft.Storage.BlobCreated') })).status).toBe(401);
    }
    expect(app.received).toEqual([]);
  });

  it('webhook - an Entra token of the tenant for the audience passes both handshakes and delivers', async () => {
    const bearer = await tenant.token({ aud: audience, sub: 'eventgrid' });
    const validation = await validateEventGridSchema(entra(), { bearer });
    expect(JSON.parse(validation.body)).toEqual({ validationResponse: validation.code });
    expect((await validateCloudEvents(entra(), { bearer })).status).toBe(200);
    expect((await push(entra(), { bearer }, { schema: 'cloudevents', event: cloudEvent('e-ok', 'Any') })).status).toBe(200);
    await app.waitFor((r) => at('/events/entra')(r).length === 1);
  });

  it('webhook - an expired token, a wrong audience, a forged signature or no token is 401', async () => {
    const refused = [
      await tenant.token({ aud: audience }, { expiresInSeconds: -120 }),
      await tenant.token({ aud: 'api://someone-else' }),
      await tenant.token({ aud: audience }, { forged: true }),
      undefined,
    ];
    for (const bearer of refused) {
      const auth = bearer === undefined ? {} : { bearer };
      expect((await validateEventGridSchema(entra(), auth)).status).toBe(401);
      expect((await push(entra(), auth, { schema: 'cloudevents', event: cloudEvent('e-no', 'Any') })).status).toBe(401);
    }
    expect(app.received).toEqual([]);
  });
});

describe('eventgrid webhook - delivery', () => {
  it('webhook - a CloudEvent is pushed in binary mode with the attempt from aeg-delivery-count; other types are filtered out', async () => {
    const answer = await push(storage(), good, { schema: 'cloudevents-batch', events: [cloudEvent('c1', 'Microsoft.Storage.BlobCreated'), cloudEvent('c2', 'Microsoft.Storage.BlobDeleted')] }, 2);
    expect(answer.status).toBe(200);
    const [got] = at('/events/blob-created')(app.received);
    expect(app.received).toHaveLength(1);
    expect(got!.headers).toMatchObject({ 'ce-id': 'c1', 'ce-type': 'Microsoft.Storage.BlobCreated', 'ce-specversion': '1.0', 'content-type': 'application/json', 'outrigger-attempt': '3', 'outrigger-subscription': 'blob-created' });
    expect(JSON.parse(got!.body)).toEqual({ id: 'c1' });
  });

  it('webhook - Event Grid schema events are mapped to CloudEvents attributes', async () => {
    expect((await push(storage(), good, { schema: 'eventgrid', events: [eventGridEvent('g1', 'Microsoft.Storage.BlobCreated', { url: 'https://z/c/g1' })] })).status).toBe(200);
    const [got] = app.received;
    expect(got!.headers).toMatchObject({
      'ce-id': 'g1',
      'ce-type': 'Microsoft.Storage.BlobCreated',
      'ce-source': '/subscriptions/x/resourceGroups/y/providers/Microsoft.Storage/storageAccounts/z',
      'ce-subject': '/blobServices/default/containers/c/blobs/g1',
      'ce-time': '2026-12-04T10:00:00Z',
      'ce-dataversion': '1',
      'outrigger-attempt': '1',
    });
    expect(JSON.parse(got!.body)).toEqual({ url: 'https://z/c/g1' });
  });

  it('webhook - verdicts: app 2xx is 200, 408/429/5xx/timeout are 503 with Retry-After, another 4xx is 400', async () => {
    const cases: Array<[number | 'timeout', number, string | null]> = [
      [204, 200, null],
      [500, 503, '10'],
      [429, 503, '7'],
      [408, 503, '10'],
      ['timeout', 503, '10'],
      [404, 400, null],
      [422, 400, null],
    ];
    for (const [appAnswer, status, retryAfter] of cases) {
      app.respond = () => (appAnswer === 'timeout' ? { status: 200, delayMs: 1500 } : { status: appAnswer, ...(appAnswer === 429 ? { headers: { 'retry-after': '7' } } : {}) });
      const id = `v-${appAnswer}-${Math.random()}`;
      const answer = await push(storage(), good, { schema: 'cloudevents', event: cloudEvent(id, 'Microsoft.Storage.BlobCreated') });
      expect([appAnswer, answer.status, answer.headers.get('retry-after')]).toEqual([appAnswer, status, retryAfter]);
    }
  });

  it('webhook - a batch retried after a partial failure pushes each accepted event once', async () => {
    const failing = new Set(['b2']);
    app.respond = (request) => ({ status: failing.has(String(request.headers['ce-id'])) ? 503 : 200 });
    const batch = { schema: 'cloudevents-batch' as const, events: ['b1', 'b2', 'b3'].map((id) => cloudEvent(id, 'Microsoft.Storage.BlobCreated')) };
    expect((await push(storage(), good, batch)).status).toBe(503);
    failing.clear();
    expect((await push(storage(), good, batch, 1)).status).toBe(200);
    expect((await push(storage(), good, batch, 2)).status).toBe(200);
    const ids = app.received.map((r) => r.headers['ce-id']);
    expect(ids.filter((id) => id === 'b1')).toHaveLength(1);
    expect(ids.filter((id) => id === 'b3')).toHaveLength(1);
    expect(ids.filter((id) => id === 'b2')).toHaveLength(2);
  });

  it('webhook - a batch with a poison event and a failing one answers 503 until only the poison is left, then 400', async () => {
    const answers = new Map([['p1', 400], ['p2', 500]]);
    app.respond = (request) => ({ status: answers.get(String(request.headers['ce-id'])) ?? 200 });
    const batch = { schema: 'cloudevents-batch' as const, events: ['p1', 'p2'].map((id) => cloudEvent(id, 'Microsoft.Storage.BlobCreated')) };
    expect((await push(storage(), good, batch)).status).toBe(503);
    answers.set('p2', 200);
    expect((await push(storage(), good, batch, 1)).status).toBe(400);
    expect(app.received.filter((r) => r.headers['ce-id'] === 'p1')).toHaveLength(1);
  });
});

describe('eventgrid webhook - limits and malformed input never reach the app', () => {
  it('webhook - over 1 MB is 413; a wrong content type 415; malformed JSON, a non-array batch or an event without id 400; an unknown webhook 404', async () => {
    const big = JSON.stringify([cloudEvent('big', 'Microsoft.Storage.BlobCreated', { pad: 'x'.repeat(1024 * 1024) })]);
    expect((await rawPush(storage(), good, big, 'application/cloudevents-batch+json')).status).toBe(413);
    expect((await rawPush(storage(), good, '[]', 'text/plain')).status).toBe(415);
    expect((await rawPush(storage(), good, '[{"id":', 'application/json')).status).toBe(400);
    expect((await rawPush(storage(), good, '{"id":"x"}', 'application/cloudevents-batch+json')).status).toBe(400);
    expect((await rawPush(storage(), good, JSON.stringify([{ eventType: 'x', subject: 's' }]), 'application/json')).status).toBe(400);
    expect((await rawPush(`${base}/webhooks/nope`, good, '[]', 'application/json')).status).toBe(404);
    expect(app.received).toEqual([]);
  });
});
