/**
 * The Dapr API's operations, written once for both Dapr listeners (HTTP routes.ts, gRPC
 * grpc/dapr-service.ts): each turns a Dapr call into Outrigger's interactions, so the limits,
 * policies and guarantees are the ones the Outrigger API has. The listeners only translate.
 */
import { randomUUID } from 'node:crypto';
import type { CloudEvent } from '../../core/cloudevents.js';
import type { QueryBody } from '../../core/query/body.js';
import type { QueryAnswer } from '../../core/query/types.js';
import { OutriggerError } from '../../kernel/errors.js';
import { brokerOf, type DaprContext, type DaprSubscriptionInfo } from './context.js';
import { daprEventType, eventFromBulkEntry, eventFromPublish, type BulkEntry, type PublishBody, type PublishMetadata } from './publish.js';

export interface InvokeCall {
  appId: string;
  /** The method as the caller wrote it after `/method/`, percent-encoded, without a leading slash. */
  method: string;
  verb: string;
  /** '' or `?...`. */
  query: string;
  headers: Record<string, string | string[] | undefined>;
  body?: QueryBody;
  deadline?: number;
  signal: AbortSignal;
}

export interface BindingCall {
  name: string;
  operation: string;
  data: Uint8Array;
  contentType: string;
  metadata: PublishMetadata;
  signal: AbortSignal;
}

export interface DaprMetadata {
  id: string;
  runtimeVersion: string;
  components: Array<{ name: string; type: string; version: string; capabilities: string[] }>;
  subscriptions: DaprSubscriptionInfo[];
}

/** Headers Dapr consumes itself and never passes on to the called app. */
const sidecarHeaders = new Set(['dapr-api-token', 'dapr-app-id']);

export class DaprService {
  constructor(private readonly context: DaprContext) {}

  async publish(pubsub: string, topic: string, body: PublishBody, metadata: PublishMetadata, signal: AbortSignal): Promise<void> {
    const { interactions, appId } = this.context;
    const broker = brokerOf(this.context, pubsub);
    const event = eventFromPublish(body, appId, metadata);
    interactions.bindTopic(topic, broker);
    await interactions.publish(topic, [event], { signal, ...ttl(metadata) });
  }

  /** Answers the entries that failed, by their entryId, as Dapr's bulk publish does. */
  async bulkPublish<Entry>(
    pubsub: string,
    topic: string,
    entries: readonly Entry[],
    read: (entry: Entry, index: number) => BulkEntry,
    idOf: (entry: Entry) => string,
    metadata: PublishMetadata,
    signal: AbortSignal,
  ): Promise<Array<{ entryId: string; error: string }>> {
    const { interactions, appId } = this.context;
    const broker = brokerOf(this.context, pubsub);
    if (entries.length === 0) throw new OutriggerError('bad_request', 'a bulk publish needs at least one entry');
    interactions.bindTopic(topic, broker);
    const toEvent = (entry: Entry, index: number): CloudEvent => eventFromBulkEntry(read(entry, index), index, appId, metadata);
    const results = await interactions.publishBatch(topic, entries, toEvent, signal, ttl(metadata));
    return results.flatMap((result) => ('refused' in result ? [{ entryId: idOf(entries[result.index]!), error: result.refused.message }] : []));
  }

  /** Service invocation: the app id names a query target, so its retries, timeout and breaker apply. */
  invoke(call: InvokeCall): Promise<QueryAnswer> {
    if (!this.context.hasTarget(call.appId)) {
      throw new OutriggerError('unknown_resource', `no query target '${call.appId}': a Dapr app id is invoked through the Outrigger target of the same name (docs/dapr.md)`);
    }
    const headers = Object.fromEntries(Object.entries(call.headers).filter(([name]) => !sidecarHeaders.has(name.toLowerCase())));
    return this.context.interactions.query({
      target: call.appId,
      method: call.verb,
      path: `/${call.method}${call.query}`,
      headers,
      ...(call.body === undefined ? {} : { body: call.body }),
      ...(call.deadline === undefined ? {} : { deadline: call.deadline }),
      signal: call.signal,
    });
  }

  /** An output binding named for a queue sends a command; named for a topic, publishes. */
  async binding(call: BindingCall): Promise<void> {
    const { interactions, appId } = this.context;
    if (call.operation !== 'create') {
      throw new OutriggerError('bad_request', `binding '${call.name}': operation '${call.operation}' is not supported; queues and topics take 'create'`);
    }
    const kind = this.context.resourceKind(call.name);
    if (kind === undefined) {
      throw new OutriggerError('unknown_resource', `no output binding '${call.name}': a binding is a configured queue or topic of the same name (docs/dapr.md)`);
    }
    const event: CloudEvent = { specversion: '1.0', id: randomUUID(), source: appId, type: daprEventType, time: new Date().toISOString(), extensions: {}, data: call.data };
    if (call.data.byteLength > 0) event.datacontenttype = call.contentType;
    if (kind === 'queue') await interactions.sendCommand(call.name, event, { signal: call.signal, ...ttl(call.metadata) });
    else await interactions.publish(call.name, [event], { signal: call.signal, ...ttl(call.metadata) });
  }

  metadata(): DaprMetadata {
    const { context } = this;
    return {
      id: context.appId,
      runtimeVersion: 'outrigger',
      components: Object.entries(context.dapr.pubsubs).map(([name, { broker }]) => ({
        name,
        type: `pubsub.outrigger.${context.drivers[broker] ?? 'unknown'}`,
        version: 'v1',
        capabilities: ['BULK_PUBLISH'],
      })),
      subscriptions: context.subscriptions(),
    };
  }
}

function ttl(metadata: PublishMetadata): { ttlMs?: number } {
  return metadata.ttlMs === undefined ? {} : { ttlMs: metadata.ttlMs };
}
