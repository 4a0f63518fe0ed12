import { describe, expect, it } from 'vitest';
import { RetryBudget } from '../../../src/core/resilience/budget.js';

describe('resilience - retry budget', () => {
  it('allows retries up to ratio times the calls, plus the per-second floor', () => {
    let now = 0;
    const budget = new RetryBudget({ ratio: 0.2, minPerSecond: 1, windowMs: 10_000 }, () => now);
    for (let i = 0; i < 50; i++) budget.deposit();
    let granted = 0;
    while (budget.tryWithdraw()) granted++;
    expect(granted).toBe(20); // 0.2 * 50 + 1/s * 10 s
    now += 1_000;
    expect(budget.tryWithdraw()).toBe(false);
  });

  it('forgets calls and retries once they leave the window', () => {
    let now = 0;
    const budget = new RetryBudget({ ratio: 0.5, minPerSecond: 0, windowMs: 1_000 }, () => now);
    budget.deposit();
    budget.deposit();
    expect(budget.tryWithdraw()).toBe(true);
    expect(budget.tryWithdraw()).toBe(false);
    now += 1_100;
    expect(budget.tryWithdraw()).toBe(false);
    budget.deposit();
    budget.deposit();
    expect(budget.tryWithdraw()).toBe(true);
  });
});
