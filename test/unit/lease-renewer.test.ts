import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LeaseRenewer } from '../../src/core/delivery/lease-renewer.js';
import type { Delivery } from '../../src/drivers/contract.js';
import type { BoundInbox } from '../../src/core/resources.js';

function delivery(lease: string): Delivery {
  return { id: `id-${lease}`, lease, attempt: 1, headers: {}, data: new Uint8Array(), enqueuedAt: 0, leaseExpiresAt: 0 };
}

/** An inbox whose renew records each call and fails for the leases in `failing`. */
function renewingInbox(failing = new Set<string>()): { inbox: BoundInbox; renewed: Array<[string, number]> } {
  const renewed: Array<[string, number]> = [];
  const renew = (_ref: unknown, lease: string, leaseMs: number): Promise<number> => {
    renewed.push([lease, leaseMs]);
    return failing.has(lease) ? Promise.reject(new Error('lease gone')) : Promise.resolve(leaseMs);
  };
  const inbox = { name: 'q', broker: 'b', ref: { kind: 'queue', queue: 'q' }, ops: { renew } } as unknown as BoundInbox;
  return { inbox, renewed };
}

describe('lease renewer - keeps a held delivery leased', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('renews for the full lease at a third of its length until released', async () => {
    const { inbox, renewed } = renewingInbox();
    const release = new LeaseRenewer(inbox, 30_000, () => {}).hold(delivery('a'));
    await vi.advanceTimersByTimeAsync(9_999);
    expect(renewed).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(renewed).toEqual([['a', 30_000]]);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(renewed).toHaveLength(3);
    release();
    release();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(renewed).toHaveLength(3);
  });

  it('renews no more often than every 50 ms, however short the lease', async () => {
    const { inbox, renewed } = renewingInbox();
    const release = new LeaseRenewer(inbox, 30, () => {}).hold(delivery('a'));
    await vi.advanceTimersByTimeAsync(49);
    expect(renewed).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(renewed).toEqual([['a', 30]]);
    release();
  });

  it('reports a failed renewal once, with its delivery, and stops renewing that one only', async () => {
    const { inbox, renewed } = renewingInbox(new Set(['lost']));
    const lost: Array<[unknown, string]> = [];
    const renewer = new LeaseRenewer(inbox, 300, (err, d) => lost.push([err, d.id]));
    const releaseLost = renewer.hold(delivery('lost'));
    const releaseKept = renewer.hold(delivery('kept'));
    await vi.advanceTimersByTimeAsync(500);
    expect(lost).toHaveLength(1);
    expect(lost[0]![1]).toBe('id-lost');
    expect((lost[0]![0] as Error).message).toBe('lease gone');
    expect(renewed.filter(([lease]) => lease === 'lost')).toHaveLength(1);
    expect(renewed.filter(([lease]) => lease === 'kept')).toHaveLength(5);
    releaseLost();
    releaseKept();
  });

  it('does not keep the process alive', () => {
    const { inbox } = renewingInbox();
    const setInterval = vi.spyOn(globalThis, 'setInterval');
    const release = new LeaseRenewer(inbox, 3_000, () => {}).hold(delivery('a'));
    const timer = setInterval.mock.results[0]!.value as NodeJS.Timeout;
    expect(timer.hasRef()).toBe(false);
    release();
    setInterval.mockRestore();
  });
});
