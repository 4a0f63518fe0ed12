/**
 * One-shot reads of one partition (SSE / gRPC replay): open a receiver at the position, take the
 * first batch that arrives (or nothing once the wait is over), close the receiver. Reads keep no
 * checkpoint and use the `readConsumerGroup` (Event Hubs allows 5 such readers per partition and
 * group at once: more concurrent replays of one partition are refused by the service).
 */
import type { EventHubConsumerClient, EventPosition, PartitionProperties, ReceivedEventData } from '@azure/event-hubs';
import type { StreamPosition } from '../contract.js';

/** How long a read waits for events the partition is known to hold (the receiver link is opening). */
const AVAILABLE_WAIT_MS = 5000;

export interface Span {
  /** Sequence number of the oldest retained event, or of the next one when empty. */
  first: number;
  /** Sequence number the next event will get. */
  next: number;
}

export function spanOf(props: PartitionProperties): Span {
  const next = props.lastEnqueuedSequenceNumber + 1;
  return { first: props.isEmpty ? next : props.beginningSequenceNumber, next };
}

/** Where a read or a new group starts, and whether the partition already holds anything there. */
export function resolvePosition(from: StreamPosition, props: PartitionProperties): { position: EventPosition; available: boolean } {
  const { first, next } = spanOf(props);
  switch (from.kind) {
    case 'earliest':
      return { position: { sequenceNumber: first, isInclusive: true }, available: first < next };
    case 'latest':
      return { position: { sequenceNumber: next, isInclusive: true }, available: false };
    case 'offset': {
      const start = Math.max(from.offset, first);
      return { position: { sequenceNumber: start, isInclusive: true }, available: start < next };
    }
    case 'time':
      // The service filters on enqueued time strictly after the given one, in milliseconds.
      return { position: { enqueuedOn: new Date(from.time - 1) }, available: !props.isEmpty && props.lastEnqueuedOnUtc.getTime() >= from.time };
  }
}

export async function readOnce(
  client: EventHubConsumerClient,
  partition: number,
  position: EventPosition,
  options: { max: number; waitMs: number; available: boolean; signal?: AbortSignal | undefined },
): Promise<ReceivedEventData[]> {
  const waitMs = options.available ? Math.max(options.waitMs, AVAILABLE_WAIT_MS) : options.waitMs;
  let settle: (result: ReceivedEventData[] | Error) => void = () => undefined;
  const outcome = new Promise<ReceivedEventData[] | Error>((resolve) => {
    settle = resolve;
  });
  const onAbort = (): void => settle([]);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const subscription = client.subscribe(
    String(partition),
    {
      processEvents: async (events) => settle(events),
      processError: async (err) => settle(err),
    },
    {
      startPosition: position,
      maxBatchSize: options.max,
      maxWaitTimeInSeconds: Math.max(0.001, waitMs / 1000),
      prefetchCount: options.max,
      skipParsingBodyAsJson: true,
    },
  );
  try {
    const result = await outcome;
    if (result instanceof Error) throw result;
    return result.slice(0, options.max);
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await subscription.close().catch(() => undefined);
  }
}
