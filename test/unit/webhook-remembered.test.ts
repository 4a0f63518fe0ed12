/** The webhook's memory of settled event ids: bounded in time and in entries, oldest forgotten first. */
import { describe, expect, it } from 'vitest';
import { Remembered } from '../../src/core/webhook/remembered.js';

describe('webhook remembered ids', () => {
  it('remembered - an id is kept for the window, then forgotten', () => {
    const seen = new Remembered<string>(1000, 10);
    seen.set('a', 'accepted', 0);
    expect(seen.get('a', 999)).toBe('accepted');
    expect(seen.get('a', 1000)).toBeUndefined();
    expect(seen.size).toBe(0);
  });

  it('remembered - past the limit the oldest ids go first, and a repeat counts as new', () => {
    const seen = new Remembered<number>(60_000, 3);
    for (const [i, key] of ['a', 'b', 'c'].entries()) seen.set(key, i, i);
    seen.set('a', 9, 5);
    seen.set('d', 3, 6);
    expect([seen.get('a', 7), seen.get('b', 7), seen.get('c', 7), seen.get('d', 7)]).toEqual([9, undefined, 2, 3]);
    expect(seen.size).toBe(3);
  });

  it('remembered - a limit of 0 remembers nothing', () => {
    const seen = new Remembered<string>(60_000, 0);
    seen.set('a', 'x');
    expect(seen.get('a')).toBeUndefined();
  });
});
