/**
 * The partition of a keyed record, as Kafka's Java producer computes it (BuiltInPartitioner:
 * `toPositive(murmur2(keyBytes)) % numPartitions`, toPositive masking the sign bit), so that
 * Outrigger and plain Kafka producers put one key in the same partition. The client's own
 * default partitioner takes `murmur2 >>> 0` instead, which differs whenever the hash is negative.
 */
import { murmur2 } from '@platformatic/kafka';

export function partitionForKey(key: string, partitions: number): number {
  return (murmur2(Buffer.from(key, 'utf8'), false) & 0x7fffffff) % partitions;
}
