/**
 * Dapr's streaming subscription (SubscribeTopicEventsAlpha1): the client opens a stream with
 * `initial_request {pubsub_name, topic, dead_letter_topic}`, and Outrigger runs a topic
 * subscription `dapr.stream.<pubsub>.<topic>` on its own pumps whose deliveries are sent down
 * the stream as `event_message`s; each `event_processed {id, status}` settles its event by the
 * same rules as an OnTopicEvent answer. The subscription (its consumer group, its position) is
 * durable: it stops when the stream ends, releasing what was not answered, and a new stream to
 * the same topic takes up where it was. One stream per pubsub and topic at a time.
 */
import type { ServerDuplexStream } from '@grpc/grpc-js';
import { defaults } from '../../../config/defaults.js';
import type { Exchange, Exchanged } from '../../../core/delivery/exchange.js';
import type { AppAnswer } from '../../../core/delivery/outcome.js';
import { OutriggerError } from '../../../kernel/errors.js';
import type { Delivery } from '../../../kernel/messages.js';
import { decoded } from '../../grpc/call.js';
import { brokerOf, type DaprContext } from '../context.js';
import { daprEnvelope, daprVerdict, settleDapr, type DaprDelivering, type DaprSubscriptionPlan } from '../delivery.js';
import { topicEvent } from './app-callback.js';

interface StreamRequest {
  subscribeTopicEventsRequestType?: 'initialRequest' | 'eventProcessed';
  initialRequest?: { pubsubName: string; topic: string; deadLetterTopic?: string };
  eventProcessed?: { id: string; status: { status: string } | null };
}

type Call = ServerDuplexStream<StreamRequest, Record<string, unknown>>;

export async function streamSubscription(context: DaprContext, call: Call, tracking: { resource: string }): Promise<void> {
  const messages = call[Symbol.asyncIterator]() as AsyncIterator<StreamRequest>;
  const first = await messages.next();
  if (first.done === true) return;
  const initial = decoded(first.value).initialRequest;
  if (first.value.subscribeTopicEventsRequestType !== 'initialRequest' || initial === undefined) {
    throw new OutriggerError('bad_request', 'the first message of SubscribeTopicEventsAlpha1 must be initial_request {pubsub_name, topic}');
  }
  const { pubsubName: pubsub, topic } = initial;
  brokerOf(context, pubsub);
  if (topic === '') throw new OutriggerError('bad_request', 'initial_request needs a topic');
  tracking.resource = `${pubsub}/${topic}`;
  const plan: DaprSubscriptionPlan = {
    name: `dapr.stream.${pubsub}.${topic}`,
    pubsub,
    topic,
    routes: { rules: [], fallback: '/' },
    maxDeliveries: defaults.subscription.maxDeliveries,
    timeoutMs: defaults.subscription.timeoutMs,
    ...(initial.deadLetterTopic ? { deadLetterTopic: initial.deadLetterTopic } : {}),
  };
  const exchange = new StreamExchange({ plan, forward: context.streams.forward, logger: context.logger }, call);
  const info = { pubsubname: pubsub, topic, deadLetterTopic: plan.deadLetterTopic ?? '', metadata: {}, rules: [], type: 'STREAMING' as const };
  await context.streams.start(plan, info, exchange);
  try {
    call.write({ initialResponse: {} });
    for (;;) {
      const next = await messages.next();
      if (next.done === true) break;
      const processed = next.value.eventProcessed;
      if (next.value.subscribeTopicEventsRequestType === 'eventProcessed' && processed !== undefined) exchange.answered(processed.id, processed.status?.status ?? 'SUCCESS');
    }
  } finally {
    exchange.end();
    await context.streams.stop(plan.name);
  }
}

class StreamExchange implements Exchange {
  private readonly waiting = new Map<string, (answer: AppAnswer) => void>();
  private ended = false;

  constructor(
    private readonly delivering: DaprDelivering,
    private readonly call: Call,
  ) {}

  async exchange(delivery: Delivery, signal: AbortSignal): Promise<Exchanged> {
    const { plan } = this.delivering;
    if (this.ended) return { answer: { kind: 'aborted' }, verdict: { action: 'release' } };
    const envelope = daprEnvelope(delivery.headers, delivery.data, plan.pubsub, plan.topic);
    const event = topicEvent(envelope, delivery, plan.pubsub, plan.topic, '');
    const id = String(event.id);
    const answer = await new Promise<AppAnswer>((resolve) => {
      const timer = setTimeout(() => done({ kind: 'timeout', afterMs: plan.timeoutMs }), plan.timeoutMs);
      const onAbort = (): void => done({ kind: 'aborted' });
      const done = (value: AppAnswer): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.waiting.delete(id);
        resolve(value);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.set(id, done);
      this.call.write({ eventMessage: event });
    });
    if (answer.kind === 'aborted') return { answer, verdict: { action: 'release' } };
    return { answer, verdict: await settleDapr(this.delivering, daprVerdict(answer), delivery) };
  }

  /** The client's event_processed: its status read as an OnTopicEvent answer's. */
  answered(id: string, status: string): void {
    this.waiting.get(id)?.({ kind: 'status', status: 200, excerpt: JSON.stringify({ status }) });
  }

  /** The stream is over: what the client had not answered is given back uncounted. */
  end(): void {
    this.ended = true;
    for (const done of [...this.waiting.values()]) done({ kind: 'aborted' });
  }
}
