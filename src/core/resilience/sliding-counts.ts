/**
 * Two counters over a sliding time window, kept in buckets so that old counts age out without
 * remembering every event: the retry budget counts calls and retries, the breaker's ratio mode
 * successes and failures. Accuracy is one bucket (a tenth of the window by default).
 */
export class SlidingCounts {
  private readonly bucketMs: number;
  private readonly slots: Array<{ slot: number; counts: [number, number] }>;

  constructor(
    windowMs: number,
    private readonly now: () => number = Date.now,
    buckets = 10,
  ) {
    this.bucketMs = Math.max(1, windowMs / buckets);
    this.slots = Array.from({ length: buckets }, () => ({ slot: -1, counts: [0, 0] }));
  }

  add(which: 0 | 1, amount = 1): void {
    const slot = Math.floor(this.now() / this.bucketMs);
    const bucket = this.slots[slot % this.slots.length]!;
    if (bucket.slot !== slot) {
      bucket.slot = slot;
      bucket.counts = [0, 0];
    }
    bucket.counts[which] += amount;
  }

  /** Both counts over the buckets still inside the window. */
  totals(): [number, number] {
    const current = Math.floor(this.now() / this.bucketMs);
    const totals: [number, number] = [0, 0];
    for (const bucket of this.slots) {
      if (bucket.slot > current - this.slots.length) {
        totals[0] += bucket.counts[0];
        totals[1] += bucket.counts[1];
      }
    }
    return totals;
  }

  reset(): void {
    for (const bucket of this.slots) bucket.slot = -1;
  }
}
