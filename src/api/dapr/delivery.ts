/**
 * Dapr's delivery contract on top of Outrigger's pump: each message is POSTed as a structured
 * CloudEvent to the route its rules choose, and the app's answer becomes an Outrigger verdict
 * (core/delivery/outcome.ts), as Dapr's runtime reads it:
 * - 2xx with `{"status":"SUCCESS"}`, an empty status, or a body that is not JSON: ack;
 * - 2xx with `{"status":"RETRY"}` or an unknown status, any non-2xx but 404, timeout, refused: retry;
 * - 2xx with `{"status":"DROP"}`: to the deadLetterTopic when there is one, else logged and acked;
 * - 404: logged as an error and acked (Dapr counts it non-retriable and drops the message).
 * Retries that run out go to the deadLetterTopic too, when there is one; else to the
 * subscription's own dead letters (GET /v1/deadletter/<name>), where Outrigger keeps them.
 */
import type { Delivery, MessageHeaders } from '../../kernel/messages.js';
import type { AppClient } from '../../core/delivery/app-client.js';
import { encodeData } from '../../core/cloudevents.js';
import type { Exchange, Exchanged } from '../../core/delivery/exchange.js';
import { judge, type AppAnswer, type Verdict } from '../../core/delivery/outcome.js';
import { ensureTraceparent } from '../../core/query/headers.js';
import type { Logger } from '../../observability/logger.js';
import type { EventMatcher } from './match.js';

export interface DaprRoutes {
  rules: Array<{ matches: EventMatcher; path: string }>;
  /** Where an event no rule matches goes; undefined: Dapr acks and drops it. */
  fallback?: string;
}

export interface DaprSubscriptionPlan {
  name: string;
  pubsub: string;
  topic: string;
  routes: DaprRoutes;
  deadLetterTopic?: string;
  /** Delivered in bulk (Dapr's bulkSubscribe): up to this many at once, waiting at most this long to fill. */
  bulk?: { maxMessagesCount: number; maxAwaitDurationMs: number };
  maxDeliveries: number;
  timeoutMs: number;
}

/** Publishes a message unchanged to another topic of the same pubsub. */
export type Forward = (topic: string, delivery: Delivery) => Promise<void>;

/** What both Dapr exchanges (HTTP here, gRPC in grpc/app-callback.ts) share: the plan and how to settle. */
export interface DaprDelivering {
  plan: DaprSubscriptionPlan;
  forward: Forward;
  logger: Logger;
}

export class DaprExchange implements Exchange {
  constructor(
    private readonly delivering: DaprDelivering,
    private readonly app: AppClient,
    private readonly appToken: string | null,
  ) {}

  async exchange(delivery: Delivery, signal: AbortSignal): Promise<Exchanged> {
    const { plan } = this.delivering;
    const route = routed(this.delivering, delivery);
    if (route === undefined) return { verdict: { action: 'ack' } };
    const { envelope, path } = route;
    const headers: MessageHeaders = { 'content-type': 'application/cloudevents+json' };
    for (const name of ['traceparent', 'tracestate'] as const) if (delivery.headers[name] !== undefined) headers[name] = delivery.headers[name];
    ensureTraceparent(headers);
    headers['pubsubname'] = plan.pubsub;
    if (this.appToken !== null) headers['dapr-api-token'] = this.appToken;
    const answer = await this.app.deliver(path, headers, Buffer.from(JSON.stringify(envelope)), plan.timeoutMs, signal);
    return { answer, verdict: await settleDapr(this.delivering, daprVerdict(answer), delivery) };
  }
}

/** DROP and retries that have run out go to the deadLetterTopic, as Dapr sends them. */
export async function settleDapr({ plan, forward, logger }: DaprDelivering, verdict: DaprVerdict, delivery: Delivery): Promise<Verdict> {
  if (verdict.action === 'discard') {
    logger.error({ subscription: plan.name, id: delivery.id, reason: verdict.reason }, 'the app has no such route: message dropped, as Dapr does');
    return { action: 'ack' };
  }
  if (verdict.action !== 'drop' && !(verdict.action === 'retry' && delivery.attempt >= plan.maxDeliveries)) return verdict;
  if (plan.deadLetterTopic !== undefined) {
    try {
      await forward(plan.deadLetterTopic, delivery);
    } catch (err) {
      // Kept, not lost: retried later, and in the subscription's own dead letters once out of attempts.
      return { action: 'retry', reason: `could not publish to the deadLetterTopic '${plan.deadLetterTopic}': ${(err as Error).message}` };
    }
    logger.warn({ subscription: plan.name, id: delivery.id, deadLetterTopic: plan.deadLetterTopic, reason: 'reason' in verdict ? verdict.reason : 'dropped' }, 'sent to the dead-letter topic');
    return { action: 'ack' };
  }
  if (verdict.action !== 'drop') return verdict;
  logger.warn({ subscription: plan.name, id: delivery.id, reason: verdict.reason }, 'dropped by the app, and the subscription has no deadLetterTopic');
  return { action: 'ack' };
}

/** `drop`: the app said DROP; `discard`: the route is not there (404), never dead-lettered. */
export type DaprVerdict = Verdict | { action: 'drop'; reason: string } | { action: 'discard'; reason: string };

/** The app's answer as Dapr's runtime reads it (see the file comment). */
export function daprVerdict(answer: AppAnswer): DaprVerdict {
  if (answer.kind !== 'status') return judge(answer);
  const { status, excerpt } = answer;
  if (status === 404) return { action: 'discard', reason: `app answered 404${excerpt ? `: ${excerpt}` : ''}` };
  if (status < 200 || status >= 300) {
    const reason = `app answered ${status}${excerpt ? `: ${excerpt}` : ''}`;
    return answer.retryAfterMs === undefined ? { action: 'retry', reason } : { action: 'retry', reason, retryAfterMs: answer.retryAfterMs };
  }
  const said = statusIn(excerpt);
  if (said === undefined || said === '' || said === 'SUCCESS') return { action: 'ack' };
  if (said === 'DROP') return { action: 'drop', reason: 'app answered DROP' };
  return { action: 'retry', reason: said === 'RETRY' ? 'app answered RETRY' : `app answered an unknown status '${said}'` };
}

/** `status` of a JSON answer; undefined when the answer is not a JSON object (Dapr then acks). */
function statusIn(body: string): string | undefined {
  if (body === '') return undefined;
  try {
    const parsed = JSON.parse(body) as unknown;
    if (parsed === null || typeof parsed !== 'object') return undefined;
    const status = (parsed as Record<string, unknown>).status;
    return typeof status === 'string' ? status.toUpperCase() : '';
  } catch {
    return undefined;
  }
}

/** The stored binary-mode event as Dapr's structured envelope, with the fields Dapr adds. */
export function daprEnvelope(headers: MessageHeaders, data: Uint8Array, pubsub: string, topic: string): Record<string, unknown> {
  const envelope: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers)) if (name.startsWith('ce-')) envelope[name.slice(3)] = value;
  if (headers['content-type'] !== undefined) envelope.datacontenttype = headers['content-type'];
  envelope.topic = topic;
  envelope.pubsubname = pubsub;
  if (headers.traceparent !== undefined) envelope.traceparent = envelope.traceid = headers.traceparent;
  if (headers.tracestate !== undefined) envelope.tracestate = headers.tracestate;
  return { ...envelope, ...encodeData(headers, data) };
}

/**
 * A delivery as Dapr's envelope and the app path its subscription's rules choose; undefined when
 * no rule matched and there is no default route, which Dapr acks unseen (logged here, once for
 * every way Outrigger delivers to a Dapr app).
 */
export function routed({ plan, logger }: DaprDelivering, delivery: Delivery): { envelope: Record<string, unknown>; path: string } | undefined {
  const envelope = daprEnvelope(delivery.headers, delivery.data, plan.pubsub, plan.topic);
  const path = routeOf(plan.routes, envelope);
  if (path !== undefined) return { envelope, path };
  logger.debug({ subscription: plan.name, id: delivery.id }, 'no routing rule matched and there is no default route: acked, as Dapr does');
  return undefined;
}

/** The path the rules choose for an event (its string attributes are what they compare). */
export function routeOf(routes: DaprRoutes, envelope: Record<string, unknown>): string | undefined {
  const attributes = Object.fromEntries(Object.entries(envelope).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  for (const rule of routes.rules) if (rule.matches(attributes)) return rule.path;
  return routes.fallback;
}
