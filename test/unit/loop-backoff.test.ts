import { describe, expect, it } from 'vitest';
import { appUnreachableBackoff, loopDelay, receiveFailedBackoff, replyReceiveFailedBackoff, retryDelay } from '../../src/core/delivery/backoff.js';

describe('loop backoff - waits after failures in a row', () => {
  it('starts at firstMs, doubles per failure, stops doubling after maxDoublings and never passes the cap', () => {
    const backoff = { firstMs: 10, maxDoublings: 3, capMs: 60 };
    expect([1, 2, 3, 4, 5, 20].map((n) => loopDelay(n, backoff))).toEqual([10, 20, 40, 60, 60, 60]);
    expect([1, 2, 3, 4, 5].map((n) => loopDelay(n, { firstMs: 10, maxDoublings: 2, capMs: 1_000 }))).toEqual([10, 20, 40, 40, 40]);
  });

  it('a failing receive waits 200 ms doubling to 25.6 s', () => {
    expect([1, 2, 3, 7, 8, 9, 100].map((n) => loopDelay(n, receiveFailedBackoff))).toEqual([200, 400, 800, 12_800, 25_600, 25_600, 25_600]);
  });

  it('a failing reply receive waits 200 ms doubling to 5 s', () => {
    expect([1, 2, 3, 5, 6, 7, 100].map((n) => loopDelay(n, replyReceiveFailedBackoff))).toEqual([200, 400, 800, 3_200, 5_000, 5_000, 5_000]);
  });

  it('an unreachable app pauses push 100 ms doubling to 5 s', () => {
    expect([1, 2, 3, 6, 7, 8, 100].map((n) => loopDelay(n, appUnreachableBackoff))).toEqual([100, 200, 400, 3_200, 5_000, 5_000, 5_000]);
  });

  it('matches the waits the loops had before they shared it', () => {
    for (let n = 1; n <= 40; n++) {
      expect(loopDelay(n, receiveFailedBackoff)).toBe(Math.min(30_000, 100 * 2 ** Math.min(n, 8)));
      expect(loopDelay(n, replyReceiveFailedBackoff)).toBe(Math.min(5_000, 100 * 2 ** Math.min(n, 6)));
      expect(loopDelay(n, appUnreachableBackoff)).toBe(Math.min(5_000, 100 * 2 ** Math.min(n - 1, 6)));
    }
  });
});

describe('push retry - the wait before the next attempt', () => {
  const retry = { initialBackoffMs: 100, maxBackoffMs: 1000 };

  it('is the jittered backoff, or the app’s Retry-After when that is longer', () => {
    expect(retryDelay(10, retry, 5_000)).toBe(5_000);
    for (let i = 0; i < 50; i++) {
      const wait = retryDelay(3, retry);
      expect(wait).toBeGreaterThanOrEqual(0);
      expect(wait).toBeLessThanOrEqual(400);
    }
  });
});
