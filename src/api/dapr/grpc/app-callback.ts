/**
 * A gRPC app (dapr.appProtocol: grpc) as Dapr's runtime reaches it: the AppCallback service at
 * app.url's host and port. ListTopicSubscriptions gives the app's subscriptions (read by the same
 * planner as GET /dapr/subscribe) and OnTopicEvent takes each delivery. The answer is read by
 * the same rules as over HTTP (delivery.ts's daprVerdict): SUCCESS acks, RETRY and any gRPC
 * error retry, DROP drops (to the deadLetterTopic when there is one), and UNIMPLEMENTED is
 * Dapr's "no such handler": logged and dropped, as a 404 over HTTP. Bulk subscriptions are
 * delivered through AppCallbackAlpha's OnBulkTopicEventAlpha1 (see bulk.ts).
 */
import { randomUUID } from 'node:crypto';
import { credentials, Metadata, status, type Client, type ServiceError } from '@grpc/grpc-js';
import type { AppAnswer } from '../../../core/delivery/outcome.js';
import type { Exchange, Exchanged } from '../../../core/delivery/exchange.js';
import type { Delivery } from '../../../kernel/messages.js';
import { bulkEventType, type BulkAnswer, type BulkEntry } from '../bulk.js';
import { daprVerdict, routed, settleDapr, type DaprDelivering, type DaprSubscriptionPlan } from '../delivery.js';
import { loadDaprProtos } from './protos.js';

type Callback<T> = (err: ServiceError | null, value?: T) => void;
type Unary<Req, Res> = (request: Req, metadata: Metadata, options: { deadline: number }, callback: Callback<Res>) => { cancel(): void };

interface AppCallbackClient extends Client {
  ListTopicSubscriptions: Unary<object, { subscriptions: TopicSubscription[] }>;
  OnTopicEvent: Unary<Record<string, unknown>, { status: string }>;
}

interface AppCallbackAlphaClient extends Client {
  OnBulkTopicEventAlpha1: Unary<Record<string, unknown>, { statuses: Array<{ entryId: string; status: string }> }>;
}

interface TopicSubscription {
  pubsubName: string;
  topic: string;
  metadata: Record<string, string>;
  routes: { rules: Array<{ match: string; path: string }>; default: string } | null;
  deadLetterTopic: string;
  bulkSubscribe: { enabled: boolean } | null;
}

export class AppCallback {
  private readonly client: AppCallbackClient;
  private readonly alpha: AppCallbackAlphaClient;

  constructor(
    appUrl: string,
    private readonly appToken: string | null,
  ) {
    const { host } = new URL(appUrl);
    const protos = loadDaprProtos();
    this.client = new protos.appCallback(host, credentials.createInsecure()) as unknown as AppCallbackClient;
    // The same channel: grpc-js shares one per target and options.
    this.alpha = new protos.appCallbackAlpha(host, credentials.createInsecure()) as unknown as AppCallbackAlphaClient;
  }

  /**
   * The app's subscriptions in GET /dapr/subscribe's JSON shape, for programmatic.ts; undefined
   * while the app does not answer.
   */
  async subscriptions(timeoutMs: number): Promise<unknown[] | 'unimplemented' | undefined> {
    try {
      const answer = await this.call<object, { subscriptions: TopicSubscription[] }>(this.client, 'ListTopicSubscriptions', {}, timeoutMs, undefined);
      return answer.subscriptions.map((s) => ({
        pubsubname: s.pubsubName,
        topic: s.topic,
        metadata: s.metadata,
        routes: { rules: s.routes?.rules ?? [], ...(s.routes?.default ? { default: s.routes.default } : {}) },
        ...(s.deadLetterTopic === '' ? {} : { deadLetterTopic: s.deadLetterTopic }),
        ...(s.bulkSubscribe === null ? {} : { bulkSubscribe: { enabled: s.bulkSubscribe.enabled } }),
      }));
    } catch (err) {
      if ((err as ServiceError).code === status.UNIMPLEMENTED) return 'unimplemented';
      return undefined;
    }
  }

  /** One OnTopicEvent, its outcome as the AppAnswer an HTTP delivery would have had. */
  async onTopicEvent(request: Record<string, unknown>, timeoutMs: number, signal: AbortSignal): Promise<AppAnswer> {
    try {
      const answer = await this.call<Record<string, unknown>, { status: string }>(this.client, 'OnTopicEvent', request, timeoutMs, signal);
      return { kind: 'status', status: 200, excerpt: JSON.stringify({ status: answer.status }) };
    } catch (err) {
      return failure(err, timeoutMs, signal);
    }
  }

  /** A bulk delivery (OnBulkTopicEventAlpha1): each entry as a CloudEvent, answered by entry id. */
  async onBulkTopicEvent(plan: DaprSubscriptionPlan, path: string, entries: readonly BulkEntry[], signal: AbortSignal): Promise<BulkAnswer> {
    const request = {
      id: randomUUID(),
      entries: entries.map(({ entryId, envelope, delivery }) => {
        const { id, source, type, specVersion, dataContentType, data, extensions } = topicEvent(envelope, delivery, plan.pubsub, plan.topic, path);
        return { entryId, cloudEvent: { id, source, type, specVersion, dataContentType, data, extensions }, contentType: 'application/cloudevents+json', metadata: {} };
      }),
      metadata: {},
      topic: plan.topic,
      pubsubName: plan.pubsub,
      type: bulkEventType,
      path,
    };
    try {
      const answer = await this.call<typeof request, { statuses: Array<{ entryId: string; status: string }> }>(this.alpha, 'OnBulkTopicEventAlpha1', request, plan.timeoutMs, signal);
      return { answer: { kind: 'status', status: 200, excerpt: '' }, statuses: new Map(answer.statuses.map((entry) => [entry.entryId, entry.status])) };
    } catch (err) {
      return { answer: failure(err, plan.timeoutMs, signal) };
    }
  }

  close(): void {
    this.client.close();
    this.alpha.close();
  }

  private call<Req, Res>(client: Client, method: string, request: Req, timeoutMs: number, signal: AbortSignal | undefined): Promise<Res> {
    const metadata = new Metadata();
    if (this.appToken !== null) metadata.set('dapr-api-token', this.appToken);
    return new Promise<Res>((resolve, reject) => {
      const unary = (client as unknown as Record<string, Unary<Req, Res>>)[method]!;
      const call = unary.call(client, request, metadata, { deadline: Date.now() + timeoutMs }, (err, value) => {
        signal?.removeEventListener('abort', cancel);
        if (err !== null) reject(err);
        else resolve(value!);
      });
      const cancel = (): void => call.cancel();
      signal?.addEventListener('abort', cancel, { once: true });
    });
  }
}

/** A failed call as the AppAnswer an HTTP delivery would have had; UNIMPLEMENTED is a 404. */
function failure(err: unknown, timeoutMs: number, signal: AbortSignal): AppAnswer {
  if (signal.aborted) return { kind: 'aborted' };
  const { code, details } = err as ServiceError;
  if (code === status.DEADLINE_EXCEEDED) return { kind: 'timeout', afterMs: timeoutMs };
  if (code === status.UNAVAILABLE) return { kind: 'unreachable', detail: details };
  return { kind: 'status', status: code === status.UNIMPLEMENTED ? 404 : 500, excerpt: `gRPC ${status[code]}: ${details}` };
}

/** Deliveries to a gRPC app: the envelope's attributes as TopicEventRequest's fields. */
export class DaprGrpcExchange implements Exchange {
  constructor(
    private readonly delivering: DaprDelivering,
    private readonly app: AppCallback,
  ) {}

  async exchange(delivery: Delivery, signal: AbortSignal): Promise<Exchanged> {
    const { plan } = this.delivering;
    const route = routed(this.delivering, delivery);
    if (route === undefined) return { verdict: { action: 'ack' } };
    const { envelope, path } = route;
    const answer = await this.app.onTopicEvent(topicEvent(envelope, delivery, plan.pubsub, plan.topic, path), plan.timeoutMs, signal);
    return { answer, verdict: await settleDapr(this.delivering, daprVerdict(answer), delivery) };
  }
}

const fieldsOfTheRequest = new Set(['id', 'source', 'type', 'specversion', 'datacontenttype', 'data', 'data_base64', 'topic', 'pubsubname']);

export function topicEvent(envelope: Record<string, unknown>, delivery: Delivery, pubsub: string, topic: string, path: string): Record<string, unknown> {
  const extensions: Record<string, { stringValue: string }> = {};
  for (const [name, value] of Object.entries(envelope)) if (!fieldsOfTheRequest.has(name) && typeof value === 'string') extensions[name] = { stringValue: value };
  return {
    id: String(envelope.id ?? delivery.id),
    source: String(envelope.source ?? ''),
    type: String(envelope.type ?? ''),
    specVersion: String(envelope.specversion ?? '1.0'),
    dataContentType: delivery.headers['content-type'] ?? '',
    data: Buffer.from(delivery.data.buffer, delivery.data.byteOffset, delivery.data.byteLength),
    topic,
    pubsubName: pubsub,
    // Routes are planned with a leading slash; Dapr passes the path as the app listed it, and the
    // SDKs strip the slash either way.
    path,
    extensions: { fields: extensions },
  };
}
