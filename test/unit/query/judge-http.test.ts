import { describe, expect, it } from 'vitest';
import { judgeStatus } from '../../../src/core/query/judge-http.js';

describe('query - judging an answer', () => {
  it('judges each status as before: 5xx a failure, 429/502/503/504 retried when safe, the rest final', () => {
    expect(judgeStatus(200, {})).toEqual({ failure: false, retry: 'no', reason: '200' });
    expect(judgeStatus(404, {})).toEqual({ failure: false, retry: 'no', reason: '404' });
    expect(judgeStatus(429, {})).toEqual({ failure: false, retry: 'if-safe', reason: '429' });
    expect(judgeStatus(500, {})).toEqual({ failure: true, retry: 'no', reason: '500' });
    for (const status of [502, 503, 504]) expect(judgeStatus(status, {})).toEqual({ failure: true, retry: 'if-safe', reason: String(status) });
  });

  it('shares one frozen judgement per status when there is no Retry-After', () => {
    const first = judgeStatus(200, { 'content-type': 'application/json' });
    expect(judgeStatus(200, {})).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(judgeStatus(503, {})).not.toBe(first);
  });

  it('gives an answer with Retry-After its own judgement, and leaves the shared one without it', () => {
    const shared = judgeStatus(503, {});
    const waited = judgeStatus(503, { 'retry-after': '2' });
    expect(waited).toEqual({ failure: true, retry: 'if-safe', reason: '503', retryAfterMs: 2_000 });
    expect(waited).not.toBe(shared);
    expect(judgeStatus(503, {})).toEqual({ failure: true, retry: 'if-safe', reason: '503' });
    // An unreadable Retry-After is no Retry-After.
    expect(judgeStatus(503, { 'retry-after': 'soon' })).toBe(shared);
  });
});
