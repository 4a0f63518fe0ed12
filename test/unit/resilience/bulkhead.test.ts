/** The bulkhead's own rule, through the steps the composed policy takes: `acquire` a slot, `release` it. */
import { describe, expect, it } from 'vitest';
import { Bulkhead } from '../../../src/core/resilience/bulkhead.js';

const free = () => new AbortController().signal;

describe('resilience - bulkhead', () => {
  it('runs maxConcurrent calls, queues maxQueue in order, and refuses the rest with 429', async () => {
    let rejected = 0;
    const bulkhead = new Bulkhead(2, 2, "target 't'", () => rejected++);
    expect([bulkhead.acquire(free()), bulkhead.acquire(free())]).toEqual([undefined, undefined]);
    const granted: string[] = [];
    const waiting = ['first', 'second'].map((name) => bulkhead.acquire(free())!.then(() => granted.push(name)));
    expect(() => bulkhead.acquire(free())).toThrow(expect.objectContaining({ code: 'back_pressure', httpStatus: 429, retryAfterSeconds: 1 }));
    expect([bulkhead.inFlight, bulkhead.queued, rejected]).toEqual([2, 2, 1]);
    // A finished call hands its slot to the first waiting one: the count in flight stays.
    bulkhead.release();
    await waiting[0];
    expect([granted, bulkhead.inFlight, bulkhead.queued]).toEqual([['first'], 2, 1]);
    bulkhead.release();
    await waiting[1];
    expect([granted, bulkhead.inFlight, bulkhead.queued]).toEqual([['first', 'second'], 2, 0]);
    bulkhead.release();
    bulkhead.release();
    expect([bulkhead.inFlight, bulkhead.queued]).toEqual([0, 0]);
  });

  it('lets a waiting call leave the queue as soon as its caller gives up', async () => {
    const bulkhead = new Bulkhead(1, 5, "target 't'");
    bulkhead.acquire(free());
    const controller = new AbortController();
    const waiting = bulkhead.acquire(controller.signal);
    expect(bulkhead.queued).toBe(1);
    controller.abort(new Error('deadline'));
    await expect(waiting).rejects.toThrow('deadline');
    expect(bulkhead.queued).toBe(0);
    bulkhead.release();
    expect(bulkhead.inFlight).toBe(0);
  });
});
