/**
 * Which partition an appended event lands in, and refusing one a stream does not have, for
 * drivers whose broker leaves both to the client. One rule for all of them, so that a key keeps
 * its partition when a deployment moves from one broker to another.
 */
import { createHash } from 'node:crypto';
import { OutriggerError } from './errors.js';
import type { AppendEvent } from './streams.js';

export class PartitionChooser {
  /** Per stream, the next partition for events without a key or partition. */
  readonly #turn = new Map<string, number>();

  choose(stream: string, event: AppendEvent, partitions: number): number {
    if (event.partition !== undefined) {
      checkPartition(stream, event.partition, partitions);
      return event.partition;
    }
    // The first four bytes of the key's SHA-1, big-endian, modulo the partition count: the same
    // partition from every sidecar and every release.
    if (event.partitionKey !== undefined) return createHash('sha1').update(event.partitionKey).digest().readUInt32BE(0) % partitions;
    // Without a key, partitions take turns (per sidecar).
    const turn = this.#turn.get(stream) ?? 0;
    this.#turn.set(stream, turn + 1);
    return turn % partitions;
  }
}

/** Refuses a partition the stream does not have, whether appended to or read. */
export function checkPartition(stream: string, partition: number, partitions: number): void {
  if (!Number.isInteger(partition) || partition < 0 || partition >= partitions) {
    throw new OutriggerError('bad_request', `stream '${stream}' has partitions 0 to ${partitions - 1} (got ${partition})`);
  }
}
