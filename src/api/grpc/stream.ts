/** outrigger.v1.StreamService: Append, and ReadStream / ReadStreamBatches as server streams. */
import { once } from 'node:events';
import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import type { StreamEvent, StreamPosition } from '../../kernel/streams.js';
import { serverStreaming, unary, type Gate } from './call.js';
import { eventFromMessage, messageFromStored } from './cloudevents.js';
import type { GrpcContext } from './context.js';
import { optionalToken, requireName } from './fields.js';
import { msToTimestamp, timestampToMs, type CloudEventMessage, type Timestamp } from './messages.js';

interface AppendRequest {
  stream: string;
  event: CloudEventMessage | null;
  placement?: 'partitionKey' | 'partition';
  partitionKey?: string;
  partition?: number;
}

interface ReadStreamRequest {
  stream: string;
  from?: 'start' | 'offset' | 'time';
  start?: string;
  offset?: number;
  time?: Timestamp | null;
  partitions?: 'partition';
  partition?: number;
  follow: boolean;
  limit: number;
}

export function streamService(ctx: GrpcContext, gate: Gate): UntypedServiceImplementation {
  const { interactions, server } = ctx;
  return {
    Append: unary(ctx, gate, 'append', (r: AppendRequest) => r.stream, async (request, signal) => {
      const stream = requireName(request.stream, 'stream');
      const partitionKey = request.placement === 'partitionKey' ? optionalToken(request.partitionKey ?? '', 'partition_key') : undefined;
      const partition = request.placement === 'partition' ? request.partition : undefined;
      const event = eventFromMessage(request.event, { source: interactions.appId, type: stream }, server.maxBodyBytes);
      const receipt = await interactions.append(stream, event, {
        ...(partitionKey !== undefined ? { partitionKey } : {}),
        ...(partition !== undefined ? { partition } : {}),
        signal,
      });
      return receipt;
    }),

    ReadStream: serverStreaming(ctx, gate, 'read', (r: ReadStreamRequest) => r.stream, async (request, call, signal) => {
      await read(ctx, request, signal, async (events) => {
        for (const event of events) {
          if (!call.write(streamEventMessage(event))) await once(call, 'drain', { signal });
        }
      });
    }),

    ReadStreamBatches: serverStreaming(ctx, gate, 'read', (r: ReadStreamRequest) => r.stream, async (request, call, signal) => {
      await read(ctx, request, signal, async (events) => {
        for (const batch of batchesOf(events)) {
          if (!call.write({ events: batch.map(streamEventMessage) })) await once(call, 'drain', { signal });
        }
      });
    }),
  };
}

function read(ctx: GrpcContext, request: ReadStreamRequest, signal: AbortSignal, onEvents: (events: StreamEvent[]) => Promise<void>): Promise<void> {
  const stream = requireName(request.stream, 'stream');
  const limit = request.limit === 0 ? Number.MAX_SAFE_INTEGER : request.limit;
  return ctx.interactions.replay(
    stream,
    {
      from: position(request),
      ...(request.partitions === 'partition' ? { partition: request.partition ?? 0 } : {}),
      follow: request.follow,
      limit,
      signal,
    },
    onEvents,
  );
}

/**
 * Data bytes per batch message: a client's default receive limit is 4 MiB, and a batch must fit
 * with its headers. An event larger than this travels alone.
 */
const batchDataBytes = 1024 * 1024;

function* batchesOf(events: StreamEvent[]): Generator<StreamEvent[]> {
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < events.length; i++) {
    const size = events[i]!.data.byteLength;
    if (i > start && bytes + size > batchDataBytes) {
      yield events.slice(start, i);
      start = i;
      bytes = 0;
    }
    bytes += size;
  }
  if (start < events.length) yield start === 0 ? events : events.slice(start);
}

function position(request: ReadStreamRequest): StreamPosition {
  switch (request.from) {
    case 'offset':
      return { kind: 'offset', offset: request.offset ?? 0 };
    case 'time':
      return request.time ? { kind: 'time', time: timestampToMs(request.time, 'time') } : { kind: 'earliest' };
    case 'start':
      return request.start === 'START_POSITION_LATEST' ? { kind: 'latest' } : { kind: 'earliest' };
    default:
      return { kind: 'earliest' };
  }
}

export function streamEventMessage(event: StreamEvent): Record<string, unknown> {
  const { event: message, metadata } = messageFromStored(event.headers, event.data);
  return {
    id: event.id,
    partition: event.partition,
    offset: event.offset,
    appendTime: msToTimestamp(event.timestamp),
    partitionKey: event.partitionKey ?? '',
    event: message,
    metadata,
  };
}
