/**
 * Long-poll stream reads, shared by `read` and consumer-group partition workers. Reads never
 * take the write lock; waiting uses the same wake-ups as receive.
 */
import { OutriggerError } from '../../kernel/errors.js';
import type { ReadOptions, StreamEvent, StreamPosition } from '../contract.js';
import type { Store } from './context.js';
import { checkName } from './inbox-registry.js';
import { nextOffset, offsetAtTime, readEvents, requireStream, streamWakeKey } from './stream-log.js';

/** One read returns at most this many events (a larger `max` is served in several reads). */
export const MAX_READ = 10_000;
const MAX_WAIT_SLICE_MS = 1000;

export function checkPosition(position: StreamPosition): void {
  const kind = (position as { kind?: unknown } | undefined)?.kind;
  if (kind === 'earliest' || kind === 'latest') return;
  if (kind === 'offset' && Number.isSafeInteger((position as { offset: number }).offset) && (position as { offset: number }).offset >= 0) return;
  if (kind === 'time' && Number.isFinite((position as { time: number }).time)) return;
  throw new OutriggerError('bad_request', 'from must be earliest, latest, an offset (non-negative integer) or a time (epoch milliseconds)');
}

function checkPartition(stream: string, partition: number, partitions: number): void {
  if (!Number.isSafeInteger(partition) || partition < 0 || partition >= partitions) {
    throw new OutriggerError('bad_request', `stream '${stream}' has partitions 0 to ${partitions - 1}; partition ${String(partition)} does not exist`);
  }
}

/** Long-poll read, also used by consumer-group partition workers (`background`: their waits never keep the process alive). */
export async function readStream(store: Store, stream: string, partition: number, options: ReadOptions, background = false): Promise<StreamEvent[]> {
  checkName('stream', stream);
  checkPosition(options.from);
  if (!Number.isSafeInteger(options.max) || options.max < 1) throw new OutriggerError('bad_request', 'max must be a positive integer');
  const max = Math.min(options.max, MAX_READ);
  const waitMs = options.waitMs ?? 0;
  if (!Number.isFinite(waitMs) || waitMs < 0) throw new OutriggerError('bad_request', 'waitMs must be a non-negative number');
  const { sql, wakeups } = store;
  checkPartition(stream, partition, requireStream(sql, stream).partitions);
  const { from, signal } = options;
  // 'latest' means only what is appended after this call.
  const fixed = from.kind === 'latest' ? nextOffset(sql, stream, partition) : from.kind === 'earliest' ? 0 : from.kind === 'offset' ? from.offset : undefined;
  const key = streamWakeKey(stream, partition);
  const deadline = Date.now() + waitMs;
  for (;;) {
    if (wakeups.closed || signal?.aborted) return [];
    const snapshot = wakeups.snapshot(key);
    const start = fixed ?? offsetAtTime(sql, stream, partition, (from as { time: number }).time);
    if (start !== undefined) {
      const events = readEvents(sql, stream, partition, start, max);
      if (events.length > 0) {
        // The newest of them may be committed but not yet synced: answer once they are durable.
        await store.committer.durable();
        return events;
      }
    }
    const now = Date.now();
    if (now >= deadline) return [];
    await wakeups.wait(snapshot, Math.min(deadline - now, MAX_WAIT_SLICE_MS), signal, background);
  }
}
