/** outrigger.v1.PublishService: Publish and PublishBatch over Interactions.publish. */
import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import type { CloudEvent } from '../../core/cloudevents.js';
import type { BatchEntryResult } from '../../core/service/batch.js';
import { errorCatalogue, OutriggerError } from '../../kernel/errors.js';
import { unary, type Gate } from './call.js';
import { eventFromMessage } from './cloudevents.js';
import type { GrpcContext } from './context.js';
import { optionalToken, requireName } from './fields.js';
import type { CloudEventMessage } from './messages.js';

interface PublishRequest {
  topic: string;
  event: CloudEventMessage | null;
  idempotencyKey: string;
  orderingKey: string;
}

interface PublishBatchRequest {
  topic: string;
  events: CloudEventMessage[];
}

export function publishService(ctx: GrpcContext, gate: Gate): UntypedServiceImplementation {
  const { interactions, server } = ctx;
  return {
    Publish: unary(ctx, gate, 'publish', (r: PublishRequest) => r.topic, async (request, signal) => {
      const topic = requireName(request.topic, 'topic');
      const idempotencyKey = optionalToken(request.idempotencyKey, 'idempotency_key');
      const orderingKey = optionalToken(request.orderingKey, 'ordering_key');
      const event = eventFromMessage(request.event, { source: interactions.appId, type: topic }, server.maxBodyBytes);
      const [receipt] = await interactions.publish(topic, [event], {
        ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
        ...(orderingKey !== undefined ? { orderingKey } : {}),
        signal,
      });
      if (receipt === undefined) throw new OutriggerError('internal', 'the broker returned no receipt');
      return { id: receipt.id, duplicate: receipt.duplicate };
    }),

    PublishBatch: unary(ctx, gate, 'publish_batch', (r: PublishBatchRequest) => r.topic, async (request, signal) => {
      const topic = requireName(request.topic, 'topic');
      if (request.events.length === 0) throw new OutriggerError('bad_request', "'events' must hold at least one event");
      const read = (message: CloudEventMessage, index: number): CloudEvent => eventFromMessage(message, { source: interactions.appId, type: topic }, server.maxBodyBytes, `events[${index}]`);
      const results = await interactions.publishBatch(topic, request.events, read, signal);
      return { results: results.map(entryAnswer) };
    }),
  };
}

function entryAnswer(result: BatchEntryResult): Record<string, unknown> {
  if ('refused' in result) return { index: result.index, problem: problem(result.refused) };
  return { index: result.index, accepted: { id: result.accepted.id, duplicate: result.accepted.duplicate } };
}

function problem(error: OutriggerError): Record<string, unknown> {
  const limit = error.extensions.limit;
  return {
    code: error.code,
    title: errorCatalogue[error.code].title,
    detail: error.message,
    httpStatus: error.httpStatus,
    limit: typeof limit === 'number' ? limit : 0,
    retryAfterSeconds: error.retryAfterSeconds ?? 0,
  };
}
