/** The Dapr HTTP routes: each reads Dapr's wire format and calls DaprService. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { headerValue } from '../../core/cloudevents.js';
import { replayBufferBytes } from '../../core/query/body.js';
import type { ErrorCode } from '../../kernel/errors.js';
import { OutriggerError } from '../../kernel/errors.js';
import { readBody, parseJson } from '../http/request.js';
import type { DaprContext } from './context.js';
import type { DaprError } from './errors.js';
import { bulkEntryFromJson, entryIdOf, publishMetadata } from './publish.js';
import type { DaprService } from './service.js';

export interface DaprRequest {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Path segments after the version; a `**` match is one param, still percent-encoded. */
  params: string[];
  context: DaprContext;
  service: DaprService;
  signal: AbortSignal;
}

export interface DaprRoute {
  /** `*`: any method. */
  method: 'GET' | 'POST' | '*';
  /** Path segments; `*` matches one segment, `**` the rest (at least one), passed in `params` in order. */
  path: string[];
  interaction: string;
  /** Answered without the API token, as Dapr's health endpoints are. */
  open?: boolean;
  /** Where this API answers a code differently from errors.ts's table, as Dapr's runtime does. */
  errors?: Partial<Record<ErrorCode, DaprError>>;
  handle(request: DaprRequest): Promise<void>;
}

const invokeFailed: DaprError = { status: 500, errorCode: 'ERR_DIRECT_INVOKE' };
const bindingFailed: DaprError = { status: 500, errorCode: 'ERR_INVOKE_OUTPUT_BINDING' };

export const daprRoutes: DaprRoute[] = [
  {
    method: 'POST',
    path: ['v1.0', 'publish', '*', '*'],
    interaction: 'publish',
    async handle({ req, res, url, params, context, service, signal }) {
      const [pubsub, topic] = params as [string, string];
      const metadata = publishMetadata(metadataParam(url));
      const data = await readBody(req, context.server.maxBodyBytes);
      await service.publish(pubsub, topic, { data, contentType: headerValue(req.headers['content-type']), traceparent: headerValue(req.headers['traceparent']) }, metadata, signal);
      noContent(res);
    },
  },
  {
    method: 'POST',
    path: ['v1.0-alpha1', 'publish', 'bulk', '*', '*'],
    interaction: 'publish_batch',
    async handle({ req, res, url, params, context, service, signal }) {
      const [pubsub, topic] = params as [string, string];
      const metadata = publishMetadata(metadataParam(url));
      const entries = parseJson(await readBody(req, context.server.maxBodyBytes));
      if (!Array.isArray(entries) || entries.length === 0) throw new OutriggerError('bad_request', 'a bulk publish is a non-empty JSON array of {entryId, event, contentType}');
      const failedEntries = await service.bulkPublish(pubsub, topic, entries as unknown[], bulkEntryFromJson, entryIdOf, metadata, signal);
      if (failedEntries.length === 0) return noContent(res);
      // Dapr's answer to a partly failed bulk publish: 500, and which entries failed.
      json(res, 500, { failedEntries, errorCode: 'ERR_PUBSUB_PUBLISH_MESSAGE' });
    },
  },
  {
    method: '*',
    path: ['v1.0', 'invoke', '*', 'method', '**'],
    interaction: 'query',
    errors: { unknown_resource: invokeFailed, target_unavailable: invokeFailed, circuit_open: invokeFailed, timeout: invokeFailed, internal: invokeFailed },
    async handle({ req, res, url, params, service, signal }) {
      const [appId, method] = params as [string, string];
      const answer = await service.invoke({
        appId,
        method,
        verb: req.method ?? 'GET',
        query: url.search,
        headers: req.headers,
        ...(hasBody(req) ? { body: smallBody(req) ? await readBody(req, replayBufferBytes) : (req as AsyncIterable<Uint8Array>) } : {}),
        signal,
      });
      res.writeHead(answer.status, answer.headers);
      if (answer.body instanceof Uint8Array) {
        res.end(answer.body);
        return;
      }
      try {
        await pipeline(answer.body, res);
      } catch {
        // The caller or the app went away mid-body; the response simply ends there.
        if (!res.destroyed) res.destroy();
      }
    },
  },
  {
    method: 'POST',
    path: ['v1.0', 'bindings', '*'],
    interaction: 'binding',
    errors: { unknown_resource: bindingFailed, bad_request: bindingFailed, broker_unavailable: bindingFailed, circuit_open: bindingFailed, timeout: bindingFailed, internal: bindingFailed },
    async handle({ req, res, params, context, service, signal }) {
      const [name] = params as [string];
      const body = parseJson(await readBody(req, context.server.maxBodyBytes));
      if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new OutriggerError('bad_request', 'a binding call is a JSON object {data, metadata, operation}');
      const { data, metadata, operation } = body as Record<string, unknown>;
      const fields = metadata !== null && typeof metadata === 'object' ? (metadata as Record<string, unknown>) : {};
      await service.binding({
        name,
        operation: typeof operation === 'string' ? operation : '',
        data: data === undefined || data === null ? new Uint8Array(0) : Buffer.from(typeof data === 'string' ? data : JSON.stringify(data)),
        contentType: typeof data === 'string' ? 'text/plain' : 'application/json',
        metadata: publishMetadata((key) => (typeof fields[key] === 'string' ? fields[key] : undefined)),
        signal,
      });
      noContent(res);
    },
  },
  {
    method: 'GET',
    path: ['v1.0', 'healthz'],
    interaction: 'health',
    open: true,
    async handle({ res, context }) {
      if (context.ready()) return noContent(res);
      json(res, 500, { errorCode: 'ERR_HEALTH_NOT_READY', message: 'outrigger is not ready' });
    },
  },
  {
    // Dapr's SDKs wait on this before their first call: the sidecar can take calls from the app.
    method: 'GET',
    path: ['v1.0', 'healthz', 'outbound'],
    interaction: 'health',
    open: true,
    async handle({ res }) {
      noContent(res);
    },
  },
  {
    method: 'GET',
    path: ['v1.0', 'metadata'],
    interaction: 'meta',
    async handle({ res, service }) {
      const { id, runtimeVersion, components, subscriptions } = service.metadata();
      json(res, 200, { id, runtimeVersion, enabledFeatures: [], actors: [], components, subscriptions, extended: {}, httpEndpoints: [] });
    },
  },
];

/** HTTP carries a call's metadata as `metadata.<key>` query parameters. */
function metadataParam(url: URL): (key: string) => string | undefined {
  return (key) => url.searchParams.get(`metadata.${key}`) ?? undefined;
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** Read whole (so a retry can send it again) when its declared length is small; else streamed once. */
function smallBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return length !== undefined && req.headers['transfer-encoding'] === undefined && Number(length) <= replayBufferBytes;
}

function noContent(res: ServerResponse): void {
  res.writeHead(204);
  res.end();
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}
