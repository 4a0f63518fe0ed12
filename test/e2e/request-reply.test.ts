/**
 * Request/reply over queues between two built daemons sharing one embedded broker file: the
 * caller's app writes a plain HTTP query, the responder's app gets a plain HTTP request, and the
 * answer travels back through the reply queue.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDaemon, type RunningDaemon } from '../infra/helpers/daemon.js';
import { startTargetServer, type TargetServer } from '../infra/helpers/target-server.js';

let caller: RunningDaemon;
let responder: RunningDaemon;
let app: TargetServer;

beforeAll(async () => {
  app = await startTargetServer();
  responder = await startDaemon({
    config: {
      app: { id: 'pricing', url: app.url },
      queues: { 'pricing-requests': {} },
      subscriptions: [{ name: 'pricing', from: { queue: 'pricing-requests' }, deliver: '/api', serve: true, timeout: '10s' }],
    },
  });
  caller = await startDaemon({
    dataDir: responder.dataDir,
    config: {
      app: { id: 'shop' },
      queues: { 'pricing-requests': {} },
      policies: { once: { retry: { maxAttempts: 1 } } },
      targets: { pricing: { via: 'queue', queue: 'pricing-requests', timeout: '10s', policy: 'once' } },
    },
  });
});

afterAll(async () => {
  await caller?.stop();
  await responder?.stop();
  await app?.close();
});

beforeEach(() => {
  app.requests.length = 0;
  app.behave = () => ({ kind: 'echo' });
});

describe('query - request/reply over a queue', () => {
  it('round-trips method, path, query, headers, body and the answer between two sidecars', async () => {
    app.behave = () => ({ kind: 'answer', status: 201, headers: { 'content-type': 'application/json', 'x-priced-by': 'pricing' }, body: '{"price":9.5}' });
    const response = await fetch(`${caller.url}/v1/query/pricing/quote?sku=42`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-customer': 'c-7' },
      body: JSON.stringify({ sku: 42, quantity: 3 }),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('x-priced-by')).toBe('pricing');
    expect(await response.json()).toEqual({ price: 9.5 });
    expect(app.requests).toHaveLength(1);
    const [seen] = app.requests;
    expect([seen!.method, seen!.url, seen!.headers['x-customer'], seen!.headers['content-type']]).toEqual(['POST', '/api/quote?sku=42', 'c-7', 'application/json']);
    expect(JSON.parse(seen!.body.toString())).toEqual({ sku: 42, quantity: 3 });
    expect(seen!.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });

  it('carries binary bodies byte for byte, and any status (a 404 is an answer too)', async () => {
    app.behave = (request) => ({ kind: 'answer', status: 404, headers: { 'content-type': 'application/octet-stream' }, body: Buffer.from([...request.body].reverse()) });
    const response = await fetch(`${caller.url}/v1/query/pricing/blob`, { method: 'PUT', body: Buffer.from([0, 1, 2, 255]) });
    expect(response.status).toBe(404);
    expect([...Buffer.from(await response.arrayBuffer())]).toEqual([255, 2, 1, 0]);
  });

  it('answers 504 when the reply does not come in time; the responder stops at the same deadline', async () => {
    app.behave = () => ({ kind: 'echo', delayMs: 3_000 });
    const started = Date.now();
    const response = await fetch(`${caller.url}/v1/query/pricing/slow`, { headers: { 'outrigger-timeout': '1s' } });
    expect(response.status).toBe(504);
    expect(await response.json()).toMatchObject({ code: 'timeout' });
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(900);
    expect(took).toBeLessThan(8_000);
    const text = await (await fetch(`${caller.adminUrl}/metrics`)).text();
    expect(text).toMatch(/outrigger_reply_wait_seconds_count\{target="pricing",outcome="timeout"\} 1/);
    expect(text).toMatch(/outrigger_reply_wait_seconds_count\{target="pricing",outcome="replied"\} [1-9]/);
    expect(app.requests).toHaveLength(1);
  });

  it('works in fan-out too', async () => {
    const response = await fetch(`${caller.url}/v1/query`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ target: 'pricing', path: '/a' }, { target: 'pricing', path: '/b' }]),
    });
    const { results } = (await response.json()) as { results: Array<{ status: number; body: { url: string } }> };
    expect(results.map((r) => [r.status, r.body.url])).toEqual([
      [200, '/api/a'],
      [200, '/api/b'],
    ]);
  });
});
