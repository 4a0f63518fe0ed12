/**
 * What a pump does with one delivery: hand it to the app and say how to settle it. A push POSTs
 * the message as a CloudEvent and judges the answer (outcome.ts); a served query (request/reply,
 * src/core/query/request-reply/serve-exchange.ts) sends the app the original HTTP request and
 * replies with its answer.
 */
import type { PushSubscriptionConfig } from '../../config/types.js';
import type { Delivery, MessageHeaders } from '../../drivers/contract.js';
import { tracing } from '../../observability/tracing/tracing.js';
import type { AppClient } from './app-client.js';
import { judge, type AppAnswer, type Verdict } from './outcome.js';
import { deliveryHeaders, type AttemptFacts } from './support.js';

export interface Exchanged {
  /** How the app answered; undefined when it was not called at all. */
  answer?: AppAnswer;
  verdict: Verdict;
}

export interface Exchange {
  /** `redelivered`: the app was handed this message before (an earlier attempt, or one given back uncounted). */
  exchange(delivery: Delivery, signal: AbortSignal, redelivered: boolean): Promise<Exchanged>;
}

export class PushExchange implements Exchange {
  constructor(
    private readonly subscription: PushSubscriptionConfig,
    private readonly app: AppClient,
  ) {}

  exchange(delivery: Delivery, signal: AbortSignal, redelivered: boolean): Promise<Exchanged> {
    const facts = { attempt: delivery.attempt, subscription: this.subscription.name, redelivered };
    return this.push(delivery.headers, facts, delivery.data, signal);
  }

  /** One attempt at a message or stream event, with its stored headers. */
  async push(stored: MessageHeaders, facts: AttemptFacts, data: Uint8Array, signal: AbortSignal): Promise<Required<Exchanged>> {
    const answer = await pushToApp(this.app, this.subscription, stored, facts, data, signal);
    return { answer, verdict: judge(answer) };
  }
}

/**
 * One push of a stored message to the app, as a push span linked to its producer when tracing is
 * on. Every push goes through here (pumps, streams, Event Grid webhooks), so each is traced alike.
 */
export function pushToApp(
  app: AppClient,
  subscription: Pick<PushSubscriptionConfig, 'name' | 'deliver' | 'timeoutMs'>,
  stored: MessageHeaders,
  facts: AttemptFacts,
  data: Uint8Array,
  signal: AbortSignal,
): Promise<AppAnswer> {
  const deliver = (): Promise<AppAnswer> => {
    const headers = deliveryHeaders(stored, facts, data.byteLength);
    // The push span's context, so the app's own spans are children of the push.
    tracing().inject(headers);
    return app.deliver(subscription.deliver, headers, data, subscription.timeoutMs, signal);
  };
  const tracer = tracing();
  if (!tracer.enabled) return deliver();
  const info = { subscription: subscription.name, path: subscription.deliver, messageId: stored['ce-id'] ?? '', attempt: facts.attempt, stored };
  return tracer.push(info, deliver, (answer) => (answer.kind === 'status' ? answer.status : answer.kind));
}

/**
 * For the app's circuit breaker: 5xx, 408, timeouts and an unreachable app are failures; other
 * answers (2xx, a refused poison message) show a working app; a stopped delivery says nothing.
 */
export function appFailed(answer: AppAnswer | undefined): boolean | undefined {
  if (answer === undefined || answer.kind === 'aborted') return undefined;
  if (answer.kind === 'status') return answer.status >= 500 || answer.status === 408;
  return true;
}
