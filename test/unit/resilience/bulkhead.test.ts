import { describe, expect, it } from 'vitest';
import { Bulkhead } from '../../../src/core/resilience/bulkhead.js';
import type { Call } from '../../../src/core/resilience/policy.js';
import { context } from './support.js';

function gated(): Call<number> & { open(): void; started: number } {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const call = {
    started: 0,
    open: () => release(),
    run: async () => {
      call.started++;
      await gate;
      return 200;
    },
    judge: () => ({ failure: false, retry: 'no' as const, reason: 'ok' }),
  };
  return call;
}

describe('resilience - bulkhead', () => {
  it('runs maxConcurrent calls, queues maxQueue in order, and refuses the rest with 429', async () => {
    let rejected = 0;
    const bulkhead = new Bulkhead(2, 1, "target 't'", () => rejected++);
    const call = gated();
    const running = [bulkhead.execute(call, context()), bulkhead.execute(call, context()), bulkhead.execute(call, context())];
    await expect(bulkhead.execute(call, context())).rejects.toMatchObject({ code: 'back_pressure', httpStatus: 429, retryAfterSeconds: 1 });
    expect([call.started, bulkhead.inFlight, bulkhead.queued, rejected]).toEqual([2, 2, 1, 1]);
    call.open();
    expect(await Promise.all(running)).toEqual([200, 200, 200]);
    expect([bulkhead.inFlight, bulkhead.queued]).toEqual([0, 0]);
  });

  it('lets a waiting call leave the queue as soon as its caller gives up', async () => {
    const bulkhead = new Bulkhead(1, 5, "target 't'");
    const call = gated();
    const first = bulkhead.execute(call, context());
    const controller = new AbortController();
    const waiting = bulkhead.execute(call, context({ signal: controller.signal }));
    expect(bulkhead.queued).toBe(1);
    controller.abort(new Error('deadline'));
    await expect(waiting).rejects.toThrow('deadline');
    expect(bulkhead.queued).toBe(0);
    call.open();
    await first;
    expect(bulkhead.inFlight).toBe(0);
  });
});
