/**
 * Retry budget, after Linkerd: over a sliding window, retries may not exceed `ratio` times the
 * calls made, plus a floor of `minPerSecond` so a quiet caller can still retry a little. When a
 * target is down, every call fails and wants retries; the budget keeps the extra load at
 * `ratio` instead of multiplying it by the number of attempts.
 */
import { SlidingCounts } from './sliding-counts.js';

export interface BudgetSettings {
  ratio: number;
  minPerSecond: number;
  windowMs: number;
}

const calls = 0;
const retries = 1;

export class RetryBudget {
  private readonly counts: SlidingCounts;
  private readonly floor: number;

  constructor(
    private readonly settings: BudgetSettings,
    now: () => number = Date.now,
  ) {
    this.counts = new SlidingCounts(settings.windowMs, now);
    this.floor = settings.minPerSecond * (settings.windowMs / 1000);
  }

  /** Every call (its first attempt) counts as live traffic. */
  deposit(): void {
    this.counts.add(calls);
  }

  /** Takes one retry from the budget; false when there is none left. */
  tryWithdraw(): boolean {
    const [made, retried] = this.counts.totals();
    if (retried + 1 > this.floor + this.settings.ratio * made) return false;
    this.counts.add(retries);
    return true;
  }
}
