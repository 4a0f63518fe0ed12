/**
 * Random bytes from the CSPRNG, drawn a pool at a time: one randomFillSync per few hundred
 * requests instead of a randomBytes call each, which was a measurable share of a hot path
 * (trace ids per proxied query, lease tokens per delivery). Every caller still gets bytes no
 * other caller gets.
 */
import { randomFillSync } from 'node:crypto';

const pool = Buffer.alloc(4096);
let used = pool.length;

/**
 * `count` (≤ 4096) fresh random bytes. A view into the pool: read it at once (e.g. toString), it is
 * overwritten by a later refill.
 */
export function pooledRandomBytes(count: number): Buffer {
  if (used + count > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  const bytes = pool.subarray(used, used + count);
  used += count;
  return bytes;
}
