import { describe, expect, it } from 'vitest';
import { contextSwitches } from '../../../bench/lib/proc.js';

describe('bench - context switches from /proc', () => {
  it('counts the main thread apart from the others, and the counts only grow', async () => {
    const before = contextSwitches(process.pid);
    expect(before).not.toBeNull();
    // Waiting on a timer is a voluntary switch of the main thread.
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    const after = contextSwitches(process.pid)!;
    expect(after.mainVoluntary).toBeGreaterThan(before!.mainVoluntary);
    expect(after.mainInvoluntary).toBeGreaterThanOrEqual(before!.mainInvoluntary);
    expect(after.otherThreads).toBeGreaterThanOrEqual(before!.otherThreads);
  });

  it('is null for a process that does not exist', () => {
    expect(contextSwitches(2 ** 22 + 1)).toBeNull();
  });
});
