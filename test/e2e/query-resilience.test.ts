/**
 * Query policies through the built daemon, against servers that fail on purpose: retries only
 * when safe, Retry-After, connection resets, the circuit breaker's whole cycle, the retry budget
 * and the bulkhead. Counts of requests that reached the servers are the evidence.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDaemon, type RunningDaemon } from '../infra/helpers/daemon.js';
import { startTargetServer, type TargetServer } from '../infra/helpers/target-server.js';

let daemon: RunningDaemon;
let server: TargetServer;

const fastRetry = { maxAttempts: 3, initialBackoff: '10ms', maxBackoff: '2s' };
const noBreaker = { consecutiveFailures: 1000 };

beforeAll(async () => {
  server = await startTargetServer();
  daemon = await startDaemon({
    config: {
      policies: {
        retrying: { retry: fastRetry, circuitBreaker: noBreaker },
        fragile: { retry: { maxAttempts: 1 }, circuitBreaker: { consecutiveFailures: 3, halfOpenAfter: '1s' } },
        budgeted: {
          retry: { maxAttempts: 5, initialBackoff: '1ms', maxBackoff: '5ms', budget: { ratio: 0.2, minPerSecond: 0, window: '30s' } },
          circuitBreaker: noBreaker,
        },
        narrow: { bulkhead: { maxConcurrent: 2, maxQueue: 1 }, circuitBreaker: noBreaker },
        impatient: { timeout: '300ms', retry: fastRetry, circuitBreaker: noBreaker },
      },
      targets: {
        retrying: { url: server.url, policy: 'retrying' },
        fragile: { url: server.url, policy: 'fragile' },
        budgeted: { url: server.url, policy: 'budgeted' },
        narrow: { url: server.url, policy: 'narrow' },
        impatient: { url: server.url, policy: 'impatient' },
      },
    },
  });
});

afterAll(async () => {
  await daemon?.stop();
  await server?.close();
});

beforeEach(() => {
  server.requests.length = 0;
  server.maxConcurrent = 0;
  server.behave = () => ({ kind: 'echo' });
});

function query(target: string, init: RequestInit = {}, path = '/x'): Promise<Response> {
  return fetch(`${daemon.url}/v1/query/${target}${path}`, init);
}

async function metrics(): Promise<string> {
  return (await fetch(`${daemon.adminUrl}/metrics`)).text();
}

const failFirst = (n: number, status = 503) => (_: unknown, index: number) => (index < n ? { kind: 'answer' as const, status } : { kind: 'echo' as const });

describe('query - retries', () => {
  it('retries a GET on 503 until it succeeds', async () => {
    server.behave = failFirst(2);
    const response = await query('retrying');
    expect(response.status).toBe(200);
    expect(server.requests).toHaveLength(3);
  });

  it('treats an answer cut off mid-body as a failed attempt: a GET is retried, a POST is answered 503, never a short body', async () => {
    server.behave = (_, index) => (index === 0 ? { kind: 'cut', length: 1000, sent: 100 } : { kind: 'echo' });
    const retried = await query('retrying');
    expect(retried.status).toBe(200);
    expect(((await retried.json()) as { method: string }).method).toBe('GET');
    expect(server.requests).toHaveLength(2);

    server.requests.length = 0;
    server.behave = () => ({ kind: 'cut', length: 1000, sent: 100 });
    const refused = await query('retrying', { method: 'POST', body: 'x' });
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { code: string }).code).toBe('target_unavailable');
    expect(server.requests).toHaveLength(1);
  });

  it('attempts a POST without Idempotency-Key exactly once, and hands back the 503', async () => {
    server.behave = failFirst(2);
    const response = await query('retrying', { method: 'POST', body: 'x' });
    expect(response.status).toBe(503);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(server.requests).toHaveLength(1);
  });

  it('retries a POST that carries an Idempotency-Key, sending the same body each time', async () => {
    server.behave = failFirst(2);
    const response = await query('retrying', { method: 'POST', body: 'same body', headers: { 'idempotency-key': 'k-1' } });
    expect(response.status).toBe(200);
    expect(server.requests.map((r) => r.body.toString())).toEqual(['same body', 'same body', 'same body']);
  });

  it('never retries answers that are not transient (500, 404)', async () => {
    for (const status of [500, 404]) {
      server.requests.length = 0;
      server.behave = () => ({ kind: 'answer', status });
      expect((await query('retrying')).status).toBe(status);
      expect(server.requests).toHaveLength(1);
    }
  });

  it('honours Retry-After', async () => {
    server.behave = (_, index) => (index === 0 ? { kind: 'answer', status: 503, headers: { 'retry-after': '1' } } : { kind: 'echo' });
    expect((await query('retrying')).status).toBe(200);
    const [first, second] = server.requests;
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
  });

  it('retries a GET whose connection was reset', async () => {
    server.behave = (_, index) => (index === 0 ? { kind: 'reset' } : { kind: 'echo' });
    expect((await query('retrying')).status).toBe(200);
    expect(server.requests).toHaveLength(2);
  });

  it('answers 503 target_unavailable when a POST connection is reset (not retried)', async () => {
    server.behave = () => ({ kind: 'reset' });
    const response = await query('retrying', { method: 'POST', body: 'x' });
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ code: 'target_unavailable' });
    expect(server.requests).toHaveLength(1);
  });

  it('times out a hung attempt and retries it', async () => {
    server.behave = (_, index) => (index === 0 ? { kind: 'hang' } : { kind: 'echo' });
    const started = Date.now();
    expect((await query('impatient')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(server.requests).toHaveLength(2);
  });
});

describe('query - circuit breaker', () => {
  it('opens after consecutive failures, fails fast with Retry-After, half-opens and recovers', async () => {
    server.behave = () => ({ kind: 'answer', status: 500 });
    for (let i = 0; i < 3; i++) expect((await query('fragile')).status).toBe(500);
    expect(server.requests).toHaveLength(3);
    const open = await query('fragile');
    expect(open.status).toBe(503);
    expect(open.headers.get('retry-after')).toBe('1');
    expect(await open.json()).toMatchObject({ code: 'circuit_open' });
    expect(server.requests).toHaveLength(3);
    expect(await metrics()).toMatch(/outrigger_circuit_state\{scope="target",name="fragile"\} 2/);

    await new Promise((resolve) => setTimeout(resolve, 1_100));
    server.behave = () => ({ kind: 'echo' });
    expect((await query('fragile')).status).toBe(200);
    expect((await query('fragile')).status).toBe(200);
    expect(server.requests).toHaveLength(5);
    expect(await metrics()).toMatch(/outrigger_circuit_state\{scope="target",name="fragile"\} 0/);
  });

  it('opens again when the half-open probe fails', async () => {
    server.behave = () => ({ kind: 'answer', status: 502 });
    for (let i = 0; i < 3; i++) await query('fragile');
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await query('fragile')).status).toBe(502);
    expect((await query('fragile')).status).toBe(503);
    expect(server.requests).toHaveLength(4);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    server.behave = () => ({ kind: 'echo' });
    expect((await query('fragile')).status).toBe(200);
  });
});

describe('query - retry budget', () => {
  it('caps retry load at the budget when a target is down', async () => {
    server.behave = () => ({ kind: 'answer', status: 503 });
    const calls = 50;
    for (let i = 0; i < calls; i += 10) {
      const batch = await Promise.all(Array.from({ length: 10 }, () => query('budgeted')));
      for (const response of batch) expect(response.status).toBe(503);
    }
    // Without the budget: 5 attempts per call, 250 requests. With it: the calls plus 20% of them.
    expect(server.requests.length).toBeGreaterThanOrEqual(calls);
    expect(server.requests.length).toBeLessThanOrEqual(calls * 1.2 + 1);
    expect(await metrics()).toMatch(/outrigger_target_retries_skipped_total\{target="budgeted",why="budget"\} [1-9]/);
  });
});

describe('query - bulkhead', () => {
  it('admits maxConcurrent calls, queues maxQueue more, and answers the rest 429', async () => {
    server.behave = () => ({ kind: 'echo', delayMs: 600 });
    const responses = await Promise.all(Array.from({ length: 6 }, () => query('narrow')));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429]);
    const refused = responses.find((r) => r.status === 429)!;
    expect(await refused.json()).toMatchObject({ code: 'back_pressure' });
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(server.maxConcurrent).toBeLessThanOrEqual(2);
    expect(await metrics()).toMatch(/outrigger_bulkhead_rejections_total\{target="narrow"\} 3/);
  });
});
