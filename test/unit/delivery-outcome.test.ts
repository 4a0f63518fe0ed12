import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter } from '../../src/core/delivery/backoff.js';
import { judge } from '../../src/core/delivery/outcome.js';

describe('push delivery - what the app answer means', () => {
  it('acks every 2xx', () => {
    for (const status of [200, 201, 202, 204, 299]) expect(judge({ kind: 'status', status, excerpt: '' }).action).toBe('ack');
  });

  it('retries 408, 429, 5xx, timeouts and refused connections', () => {
    for (const status of [408, 429, 500, 502, 503, 504]) expect(judge({ kind: 'status', status, excerpt: '' }).action).toBe('retry');
    expect(judge({ kind: 'timeout', afterMs: 10 }).action).toBe('retry');
    expect(judge({ kind: 'unreachable', detail: 'ECONNREFUSED' }).action).toBe('retry');
  });

  it('dead-letters any other status at once, with the reason', () => {
    const verdict = judge({ kind: 'status', status: 422, excerpt: 'missing field sku' });
    expect(verdict).toEqual({ action: 'dead_letter', reason: 'app answered 422: missing field sku' });
    for (const status of [400, 401, 403, 404, 409, 410, 301]) expect(judge({ kind: 'status', status, excerpt: '' }).action).toBe('dead_letter');
  });

  it('releases, never dead-letters, a delivery stopped by shutdown', () => {
    expect(judge({ kind: 'aborted' }).action).toBe('release');
  });

  it('carries Retry-After into the retry', () => {
    expect(judge({ kind: 'status', status: 503, excerpt: '', retryAfterMs: 2000 })).toMatchObject({ action: 'retry', retryAfterMs: 2000 });
  });
});

describe('push delivery - backoff', () => {
  const retry = { initialBackoffMs: 100, maxBackoffMs: 1000 };

  it('grows exponentially up to the cap, with full jitter', () => {
    expect(backoffDelay(1, retry, () => 1)).toBe(100);
    expect(backoffDelay(3, retry, () => 1)).toBe(400);
    expect(backoffDelay(10, retry, () => 1)).toBe(1000);
    expect(backoffDelay(3, retry, () => 0)).toBe(0);
    expect(backoffDelay(3, retry, () => 0.5)).toBe(200);
  });

  it('reads Retry-After as seconds or an HTTP date, capped at an hour', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('999999')).toBe(3_600_000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});
