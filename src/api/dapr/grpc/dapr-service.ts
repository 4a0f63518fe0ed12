/**
 * dapr.proto.runtime.v1.Dapr, the methods messaging apps use: each reads the protobuf request
 * and calls DaprService, as the HTTP routes do. Methods not here (state, actors, secrets,
 * workflows...) are answered UNIMPLEMENTED by grpc-js.
 */
import { Metadata, status, type UntypedServiceImplementation } from '@grpc/grpc-js';
import type { Admission } from '../../../core/service/admission.js';
import { OutriggerError } from '../../../kernel/errors.js';
import type { Logger } from '../../../observability/logger.js';
import { bidiStreaming, unary, type Gate } from '../../grpc/call.js';
import { StatusAnswer } from '../../grpc/status.js';
import type { DaprContext } from '../context.js';
import { publishMetadata, type BulkEntry } from '../publish.js';
import type { DaprService } from '../service.js';
import { streamSubscription } from './streaming.js';

/** A default gRPC client refuses messages over 4 MiB; leave room for the envelope. */
const maxAnswerBytes = 4 * 1024 * 1024 - 64 * 1024;

interface PublishEventRequest {
  pubsubName: string;
  topic: string;
  data: Buffer;
  dataContentType: string;
  metadata: Record<string, string>;
}

interface BulkPublishRequest {
  pubsubName: string;
  topic: string;
  entries: Array<{ entryId: string; event: Buffer; contentType: string }>;
  metadata: Record<string, string>;
}

interface InvokeServiceRequest {
  id: string;
  message: { method: string; data: { value: Buffer } | null; contentType: string; httpExtension: { verb: string; querystring: string } | null } | null;
}

interface InvokeBindingRequest {
  name: string;
  data: Buffer;
  metadata: Record<string, string>;
  operation: string;
}

/** Admission with Dapr's token metadata: `dapr-api-token`, compared in constant time. */
export function daprGate(admission: Admission): Gate {
  return {
    admit(call) {
      const [token] = call.metadata.get('dapr-api-token');
      admission.admit(typeof token === 'string' ? `Bearer ${token}` : undefined);
    },
    track(interaction, longLived = false) {
      return admission.begin(interaction, longLived);
    },
  };
}

export function daprGrpcService(context: DaprContext, service: DaprService, gate: Gate): UntypedServiceImplementation {
  const ctx: { logger: Logger } = { logger: context.logger };
  const bulkPublish = unary(ctx, gate, 'publish_batch', (r: BulkPublishRequest) => `${r.pubsubName}/${r.topic}`, async (request, signal) => {
    const read = (entry: BulkPublishRequest['entries'][number]): BulkEntry => ({ entryId: entry.entryId, data: entry.event, contentType: entry.contentType || 'application/json' });
    const failedEntries = await service.bulkPublish(request.pubsubName, request.topic, request.entries, read, (entry) => entry.entryId, metadataOf(request.metadata), signal);
    return { failedEntries };
  });
  return {
    PublishEvent: unary(ctx, gate, 'publish', (r: PublishEventRequest) => `${r.pubsubName}/${r.topic}`, async (request, signal) => {
      await service.publish(request.pubsubName, request.topic, { data: request.data, contentType: request.dataContentType || undefined, traceparent: undefined }, metadataOf(request.metadata), signal);
      return {};
    }),
    BulkPublishEventAlpha1: bulkPublish,
    BulkPublishEvent: bulkPublish,
    InvokeService: unary(ctx, gate, 'query', (r: InvokeServiceRequest) => r.id, async (request, signal, deadline) => {
      const message = request.message;
      if (message === null || message.method === '') throw new OutriggerError('bad_request', "InvokeService needs 'message' with a 'method'");
      const verb = message.httpExtension === null || message.httpExtension.verb === 'NONE' ? 'POST' : message.httpExtension.verb;
      const query = message.httpExtension?.querystring ? `?${message.httpExtension.querystring}` : '';
      const data = message.data?.value ?? Buffer.alloc(0);
      const answer = await service.invoke({
        appId: request.id,
        method: message.method.split('/').map(encodeURIComponent).join('/'),
        verb,
        query,
        headers: message.contentType === '' ? {} : { 'content-type': message.contentType },
        ...(data.byteLength > 0 ? { body: data } : {}),
        ...(deadline === undefined ? {} : { deadline }),
        signal,
      });
      const body = await readWhole(answer.body, request.id);
      if (answer.status < 200 || answer.status >= 300) {
        // As Dapr relays an HTTP app's error over gRPC: the status mapped, the HTTP code in metadata.
        const metadata = new Metadata();
        metadata.set('dapr-http-status', String(answer.status));
        throw new StatusAnswer({ code: grpcCodeOf(answer.status), details: body.toString('utf8').slice(0, 1024) || `the app answered ${answer.status}`, metadata }, 'ok');
      }
      const contentType = answer.headers['content-type'];
      return { data: { typeUrl: '', value: body }, contentType: Array.isArray(contentType) ? contentType.join(', ') : (contentType ?? '') };
    }),
    InvokeBinding: unary(ctx, gate, 'binding', (r: InvokeBindingRequest) => r.name, async (request, signal) => {
      await service.binding({
        name: request.name,
        operation: request.operation,
        data: request.data,
        contentType: 'application/json',
        metadata: metadataOf(request.metadata),
        signal,
      });
      return { data: Buffer.alloc(0), metadata: {} };
    }),
    SubscribeTopicEventsAlpha1: bidiStreaming(ctx, gate, 'subscribe', (call, tracking) => streamSubscription(context, call, tracking)),
    GetMetadata: unary(ctx, gate, 'meta', () => '', async () => {
      const { id, runtimeVersion, components, subscriptions } = service.metadata();
      return {
        id,
        runtimeVersion,
        registeredComponents: components,
        subscriptions: subscriptions.map((s) => ({
          pubsubName: s.pubsubname,
          topic: s.topic,
          metadata: s.metadata,
          rules: { rules: s.rules },
          deadLetterTopic: s.deadLetterTopic,
          type: s.type,
        })),
        extendedMetadata: {},
        enabledFeatures: [],
      };
    }),
  };
}

function metadataOf(map: Record<string, string>): ReturnType<typeof publishMetadata> {
  return publishMetadata((key) => map[key]);
}

async function readWhole(body: Uint8Array | AsyncIterable<Buffer> & { destroy(): void }, appId: string): Promise<Buffer> {
  if (body instanceof Uint8Array) {
    if (body.byteLength > maxAnswerBytes) throw answerTooLarge(appId);
    return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > maxAnswerBytes) {
      body.destroy();
      throw answerTooLarge(appId);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

function answerTooLarge(appId: string): OutriggerError {
  return new OutriggerError('payload_too_large', `the answer of '${appId}' is larger than ${maxAnswerBytes} bytes; invoke it over HTTP, which streams it`, { extensions: { limit: maxAnswerBytes } });
}

/** Dapr's mapping of an HTTP status to a gRPC code (its invokev1.CodeFromHTTPStatus). */
function grpcCodeOf(httpStatus: number): status {
  switch (httpStatus) {
    case 400: return status.INVALID_ARGUMENT;
    case 401: return status.UNAUTHENTICATED;
    case 403: return status.PERMISSION_DENIED;
    case 404: return status.NOT_FOUND;
    case 408: return status.CANCELLED;
    case 409: return status.ALREADY_EXISTS;
    case 429: return status.RESOURCE_EXHAUSTED;
    case 501: return status.UNIMPLEMENTED;
    case 503: return status.UNAVAILABLE;
    case 504: return status.DEADLINE_EXCEEDED;
    default: return status.UNKNOWN;
  }
}
