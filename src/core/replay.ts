/**
 * Reading a stream from a position, one partition or all of them in parallel, optionally
 * following new events: the read interaction as both APIs serve it (HTTP as SSE or NDJSON,
 * gRPC as a server stream). Events are handed over a page at a time (one read's worth, in
 * offset order, one partition per page) to `onEvents`, awaited, so a slow reader slows the reads
 * instead of filling memory, and a writer can send a page in one write.
 */
import type { StreamEvent, StreamPosition } from '../drivers/contract.js';
import { OutriggerError } from '../kernel/errors.js';
import type { Interactions } from './interactions.js';

/** Events per read call. */
const pageSize = 500;
/** How long one long-poll read waits when following. */
export const followPollMs = 15_000;

export interface ReplayOptions {
  from: StreamPosition;
  /** One partition; undefined: all. */
  partition?: number;
  follow: boolean;
  /** Most events in total. */
  limit: number;
  signal: AbortSignal;
}

export async function replay(interactions: Interactions, stream: string, options: ReplayOptions, onEvents: (events: StreamEvent[]) => Promise<void>): Promise<void> {
  const all = await interactions.partitions(stream);
  let partitions = all;
  if (options.partition !== undefined) {
    if (!Number.isSafeInteger(options.partition) || options.partition < 0 || options.partition >= all.length) {
      throw new OutriggerError('bad_request', `partition ${options.partition} is out of range (stream '${stream}' has ${all.length})`);
    }
    partitions = all.filter((p) => p.partition === options.partition);
  }
  // Reaching `limit` on one partition must also end the long-polls waiting on the others.
  const limitReached = new AbortController();
  const stop = AbortSignal.any([options.signal, limitReached.signal]);
  let remaining = options.limit;
  try {
    await Promise.all(
      partitions.map(async (info) => {
        // `latest` is resolved once; afterwards each partition continues by offset.
        let position: StreamPosition = options.from.kind === 'latest' ? { kind: 'offset', offset: info.nextOffset } : options.from;
        while (remaining > 0 && !stop.aborted) {
          const events = await interactions.read(stream, {
            partition: info.partition,
            from: position,
            max: Math.min(pageSize, remaining),
            waitMs: options.follow ? followPollMs : 0,
            signal: stop,
          });
          if (events.length === 0) {
            if (!options.follow) return;
            continue;
          }
          if (stop.aborted) break;
          // Partitions read in parallel share the limit; take this page's share before awaiting.
          const page = events.length <= remaining ? events : events.slice(0, remaining);
          remaining -= page.length;
          if (remaining <= 0) limitReached.abort();
          await onEvents(page);
          position = { kind: 'offset', offset: events[events.length - 1]!.offset + 1 };
        }
      }),
    );
  } catch (err) {
    if (!stop.aborted) throw err;
  }
}
