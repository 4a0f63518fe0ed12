/** The Dapr HTTP routes of this slice: publish, bulk publish, health and metadata. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, parseJson } from '../http/request.js';
import { OutriggerError } from '../../kernel/errors.js';
import { brokerOf, type DaprContext } from './context.js';
import { entryIdOf, eventFromBulkEntry, eventFromPublish, publishMetadata } from './publish.js';

export interface DaprRequest {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  /** Path segments after the version. */
  params: string[];
  context: DaprContext;
  signal: AbortSignal;
}

export interface DaprRoute {
  method: 'GET' | 'POST';
  /** Path segments; `*` matches one segment, passed in `params` in order. */
  path: string[];
  interaction: string;
  /** Answered without the API token, as Dapr's health endpoints are. */
  open?: boolean;
  handle(request: DaprRequest): Promise<void>;
}

export const daprRoutes: DaprRoute[] = [
  {
    method: 'POST',
    path: ['v1.0', 'publish', '*', '*'],
    interaction: 'publish',
    async handle({ req, res, url, params, context, signal }) {
      const [pubsub, topic] = params as [string, string];
      const broker = brokerOf(context, pubsub);
      const metadata = publishMetadata(url.searchParams);
      const event = eventFromPublish(req, await readBody(req, context.server.maxBodyBytes), context.appId, metadata);
      context.interactions.bindTopic(topic, broker);
      await context.interactions.publish(topic, [event], { signal, ...(metadata.ttlMs === undefined ? {} : { ttlMs: metadata.ttlMs }) });
      noContent(res);
    },
  },
  {
    method: 'POST',
    path: ['v1.0-alpha1', 'publish', 'bulk', '*', '*'],
    interaction: 'publish_batch',
    async handle({ req, res, url, params, context, signal }) {
      const [pubsub, topic] = params as [string, string];
      const broker = brokerOf(context, pubsub);
      const metadata = publishMetadata(url.searchParams);
      const entries = parseJson(await readBody(req, context.server.maxBodyBytes));
      if (!Array.isArray(entries) || entries.length === 0) throw new OutriggerError('bad_request', 'a bulk publish is a non-empty JSON array of {entryId, event, contentType}');
      context.interactions.bindTopic(topic, broker);
      const read = (entry: unknown, index: number) => eventFromBulkEntry(entry, index, context.appId, metadata);
      const results = await context.interactions.publishBatch(topic, entries as unknown[], read, signal, metadata.ttlMs === undefined ? {} : { ttlMs: metadata.ttlMs });
      const failedEntries = results.flatMap((result) => ('refused' in result ? [{ entryId: entryIdOf(entries[result.index]), error: result.refused.message }] : []));
      if (failedEntries.length === 0) return noContent(res);
      // Dapr's answer to a partly failed bulk publish: 500, and which entries failed.
      json(res, 500, { failedEntries, errorCode: 'ERR_PUBSUB_PUBLISH_MESSAGE' });
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
    async handle({ res, context }) {
      json(res, 200, {
        id: context.appId,
        runtimeVersion: 'outrigger',
        enabledFeatures: [],
        actors: [],
        components: Object.entries(context.dapr.pubsubs).map(([name, { broker }]) => ({
          name,
          type: `pubsub.outrigger.${context.drivers[broker] ?? 'unknown'}`,
          version: 'v1',
          capabilities: ['BULK_PUBLISH'],
        })),
        subscriptions: context.subscriptions(),
        extended: {},
        httpEndpoints: [],
      });
    },
  },
];

function noContent(res: ServerResponse): void {
  res.writeHead(204);
  res.end();
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}
