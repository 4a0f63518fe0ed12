/**
 * outrigger.v1.ConsumeService: the Consume stream translated to a session of
 * core/consume/session.ts. The first client message opens the subscription; after that, acks and
 * nacks settle by tag. The stream ends — and every unsettled delivery is given back at once —
 * when the client half-closes, cancels or disconnects; at shutdown the sidecar stops sending, lets
 * the client settle until the grace deadline, releases the rest and ends the stream with
 * UNAVAILABLE.
 */
import type { ServerDuplexStream, UntypedServiceImplementation } from '@grpc/grpc-js';
import type { ConsumeSession } from '../../core/consume/session.js';
import type { ConsumeSource, ConsumerDelivery, ConsumerNack } from '../../core/consume/types.js';
import { maxConsumeCredits, maxRetryAfterMs } from '../../core/service/limits.js';
import { OutriggerError } from '../../kernel/errors.js';
import { bidiStreaming, type Gate } from './call.js';
import { messageFromStored } from './cloudevents.js';
import type { GrpcContext } from './context.js';
import { optionalReason, requireName } from './fields.js';
import { durationToMs, isUndecodable, msToTimestamp, type Duration } from './messages.js';

/** A client that opens a stream and says nothing is told so instead of holding it forever. */
const subscribeTimeoutMs = 30_000;

interface Subscribe {
  source?: 'queue' | 'subscription' | 'stream';
  queue?: string;
  subscription?: string;
  stream?: { stream: string; group: string; start: string } | null;
  maxInFlight: number;
}

interface ConsumeRequest {
  action?: 'subscribe' | 'ack' | 'nack';
  subscribe?: Subscribe | null;
  ack?: { tags: number[] } | null;
  nack?: { tag: number; retryAfter: Duration | null; deadLetter: boolean; reason: string } | null;
}

type Call = ServerDuplexStream<ConsumeRequest, unknown>;

export function consumeService(ctx: GrpcContext, gate: Gate): UntypedServiceImplementation {
  return {
    Consume: bidiStreaming(ctx, gate, 'consume', (call: Call, tracking) => consume(ctx, call, tracking)),
  };
}

async function consume(ctx: GrpcContext, call: Call, tracking: { resource: string }): Promise<void> {
  const { consumers } = ctx.interactions;
  consumers.refuseWhileDraining();
  const first = await firstMessage(call);
  const { source, maxInFlight } = subscription(first, ctx.interactions.appId);
  const writable = (): boolean => !call.cancelled && call.writable;
  // Buffer nothing: credits bound what is in flight, and HTTP/2 flow control bounds the socket.
  const session = await consumers.open(source, maxInFlight, {
    deliver(delivery) {
      if (writable()) call.write({ delivery: deliveryMessage(delivery) });
    },
    settleFailed(tag, error) {
      if (writable()) call.write({ settleFailed: { tag, code: error.code, detail: error.message } });
    },
  });
  const { info } = session;
  tracking.resource = info.name;
  try {
    call.write({
      subscribed: { sourceKind: info.kind, name: info.name, group: info.group ?? '', maxInFlight, maxDeliveries: info.maxDeliveries },
    });
    call.on('data', (request: ConsumeRequest) => settle(request, session));
    call.once('end', () => session.end());
    call.once('cancelled', () => session.end());
    call.once('error', () => session.end());
    // Paused since the first message, so no settlement could slip past before the handler was there.
    call.resume();
    if (!call.cancelled) await session.ended;
  } finally {
    await session.close();
  }
  if (session.stopReason !== undefined) throw session.stopReason;
}

/** One message after `subscribe`: an ack or a nack; anything else ends the session. */
function settle(request: ConsumeRequest, session: ConsumeSession): void {
  if (isUndecodable(request)) return session.end(new OutriggerError('bad_request', 'a message on this stream is not a valid outrigger.v1.ConsumeRequest'));
  if (request.action === 'ack' && request.ack) return session.ack(request.ack.tags);
  if (request.action === 'nack' && request.nack) {
    const nack = request.nack;
    let options: ConsumerNack;
    try {
      const reason = optionalReason(nack.reason, 'nack.reason');
      options = {
        ...(nack.retryAfter ? { retryAfterMs: durationToMs(nack.retryAfter, 'nack.retry_after', maxRetryAfterMs) } : {}),
        ...(nack.deadLetter ? { deadLetter: true } : {}),
        ...(reason !== undefined ? { reason } : {}),
      };
    } catch (err) {
      return session.refuse(nack.tag, err);
    }
    return session.nack(nack.tag, options);
  }
  if (request.action === 'subscribe') return session.end(new OutriggerError('bad_request', 'this stream is already subscribed; open another stream for another subscription'));
  return session.end(new OutriggerError('bad_request', "each message after 'subscribe' must be an 'ack' or a 'nack'"));
}

/** The first message must be `subscribe`; waiting for it is bounded. Leaves the stream paused. */
async function firstMessage(call: Call): Promise<Subscribe> {
  const message = await new Promise<ConsumeRequest | undefined>((resolve) => {
    const timer = setTimeout(() => finish(undefined), subscribeTimeoutMs);
    function finish(value: ConsumeRequest | undefined): void {
      clearTimeout(timer);
      call.off('data', onData);
      call.off('end', onEnd);
      call.off('cancelled', onEnd);
      call.pause();
      resolve(value);
    }
    const onData = (request: ConsumeRequest): void => finish(request);
    const onEnd = (): void => finish(undefined);
    call.on('data', onData);
    call.once('end', onEnd);
    call.once('cancelled', onEnd);
  });
  if (message === undefined) {
    if (call.cancelled) throw new OutriggerError('bad_request', 'the client went away before subscribing');
    throw new OutriggerError('bad_request', `the first message on a Consume stream must be 'subscribe' (within ${subscribeTimeoutMs / 1000} s)`);
  }
  if (isUndecodable(message)) throw new OutriggerError('bad_request', 'the first message is not a valid outrigger.v1.ConsumeRequest');
  if (message.action !== 'subscribe' || !message.subscribe) throw new OutriggerError('bad_request', "the first message on a Consume stream must be 'subscribe'");
  return message.subscribe;
}

function subscription(subscribe: Subscribe, appId: string): { source: ConsumeSource; maxInFlight: number } {
  const maxInFlight = subscribe.maxInFlight;
  if (!Number.isSafeInteger(maxInFlight) || maxInFlight < 1 || maxInFlight > maxConsumeCredits) {
    throw new OutriggerError('bad_request', `'subscribe.max_in_flight' is required: the credits, from 1 to ${maxConsumeCredits}`);
  }
  switch (subscribe.source) {
    case 'queue':
      return { source: { kind: 'queue', queue: requireName(subscribe.queue ?? '', 'subscribe.queue') }, maxInFlight };
    case 'subscription':
      return { source: { kind: 'subscription', name: requireName(subscribe.subscription ?? '', 'subscribe.subscription') }, maxInFlight };
    case 'stream': {
      const group = subscribe.stream!;
      return {
        source: {
          kind: 'stream',
          stream: requireName(group.stream, 'subscribe.stream.stream'),
          group: group.group === '' ? appId : requireName(group.group, 'subscribe.stream.group'),
          start: { kind: group.start === 'START_POSITION_LATEST' ? 'latest' : 'earliest' },
        },
        maxInFlight,
      };
    }
    default:
      throw new OutriggerError('bad_request', "'subscribe' needs a source: 'queue', 'subscription' or 'stream'");
  }
}

function deliveryMessage(delivery: ConsumerDelivery): Record<string, unknown> {
  const { event, metadata } = messageFromStored(delivery.headers, delivery.data);
  return {
    tag: delivery.tag,
    id: delivery.id,
    attempt: delivery.attempt,
    redelivered: delivery.redelivered,
    event,
    orderingKey: delivery.orderingKey ?? '',
    stream: delivery.stream === undefined ? null : { ...delivery.stream, partitionKey: delivery.stream.partitionKey ?? '' },
    metadata,
    enqueuedAt: msToTimestamp(delivery.enqueuedAt),
  };
}
