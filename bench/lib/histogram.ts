/**
 * An HDR-style log-linear histogram of microsecond values.
 *
 * Values below 2^SUB_BITS are counted exactly; above that every power-of-two range is split
 * into 2^(SUB_BITS-1) equal buckets, so a bucket is never wider than 1/128 of the values it holds
 * (< 0.8 % error). Memory is fixed (~27 KiB) whatever the number of samples. Values are
 * clamped to [0, 2^32) µs (about 71 minutes).
 */

const SUB_BITS = 8;
const SUB_COUNT = 1 << SUB_BITS; // 256: exact below this
const HALF = SUB_COUNT >> 1; // 128 buckets per power of two above it
const MAX_VALUE = 2 ** 32 - 1;
const BUCKETS = HALF * (32 - SUB_BITS) + SUB_COUNT;

export interface HistogramSummary {
  count: number;
  minUs: number;
  meanUs: number;
  p50Us: number;
  p90Us: number;
  p99Us: number;
  p999Us: number;
  maxUs: number;
}

export class Histogram {
  private readonly counts = new Float64Array(BUCKETS);
  private total = 0;
  private sum = 0;
  private min = Number.POSITIVE_INFINITY;
  private max = 0;

  /** Records one value in microseconds. */
  record(us: number): void {
    const value = Math.min(MAX_VALUE, Math.max(0, Math.round(us)));
    this.counts[indexOf(value)]! += 1;
    this.total += 1;
    this.sum += value;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
  }

  /** Records a duration given as two process.hrtime.bigint() readings. */
  recordSince(startNs: bigint, endNs: bigint): void {
    this.record(Number(endNs - startNs) / 1_000);
  }

  get count(): number {
    return this.total;
  }

  /** Adds another histogram's samples to this one. */
  merge(other: Histogram): this {
    for (let i = 0; i < BUCKETS; i++) this.counts[i]! += other.counts[i]!;
    this.total += other.total;
    this.sum += other.sum;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
    return this;
  }

  /** The value at or below which `p` percent of samples fall (upper edge of its bucket, capped at max). */
  percentile(p: number): number {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil((p / 100) * this.total));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return Math.min(upperEdge(i), this.max);
    }
    return this.max;
  }

  summary(): HistogramSummary {
    return {
      count: this.total,
      minUs: this.total === 0 ? 0 : this.min,
      meanUs: this.total === 0 ? 0 : round1(this.sum / this.total),
      p50Us: this.percentile(50),
      p90Us: this.percentile(90),
      p99Us: this.percentile(99),
      p999Us: this.percentile(99.9),
      maxUs: this.max,
    };
  }
}

function indexOf(value: number): number {
  if (value < SUB_COUNT) return value;
  const bits = 32 - Math.clz32(value); // value < 2^32
  const shift = bits - SUB_BITS;
  const sub = value >>> shift; // in [HALF, SUB_COUNT)
  return HALF * shift + sub;
}

function upperEdge(index: number): number {
  if (index < SUB_COUNT) return index;
  const shift = Math.floor((index - HALF) / HALF);
  const sub = index - HALF * shift;
  return (sub + 1) * 2 ** shift - 1;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
