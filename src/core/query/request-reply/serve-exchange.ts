/**
 * The responder's side of request/reply: a subscription with `serve: true` reads requests from
 * its queue and sends each to the app as the HTTP request it was (method, `deliver` + path,
 * headers, body); whatever the app answers, any status, goes back to the request's reply queue
 * on the same broker, and the request is then acked. So both apps write plain HTTP.
 *  - A request whose caller has stopped waiting (past its deadline) is dropped unserved.
 *  - The app's timeout is the sooner of the subscription's and the caller's deadline; if it is
 *    reached, the reply is a 504 problem, so the caller learns why instead of timing out blind.
 *  - An unreachable app releases the request (the pump pauses), for this or another responder.
 *  - A message that is not a query request is dead-lettered with the reason.
 */
import type { PushSubscriptionConfig } from '../../../config/types.js';
import type { Delivery } from '../../../drivers/contract.js';
import type { Logger } from '../../../observability/logger.js';
import type { Metrics } from '../../../observability/metrics.js';
import { tracing } from '../../../observability/tracing/tracing.js';
import type { AppClient, AppResponse } from '../../delivery/app-client.js';
import type { Exchange, Exchanged } from '../../delivery/exchange.js';
import { OutriggerError } from '../../../kernel/errors.js';
import { problemDocument } from '../../../kernel/problem.js';
import type { BoundInbox } from '../../resources.js';
import { endToEnd, type Headers } from '../headers.js';
import { checkTargetPath } from '../target-path.js';
import { decodeRequest, encodeReply, type WireRequest } from './envelope.js';

/** Room left in a broker message for the reply's headers. */
const envelopeHeadroom = 16 * 1024;

export class ServeExchange implements Exchange {
  constructor(
    private readonly subscription: PushSubscriptionConfig,
    private readonly inbox: BoundInbox,
    private readonly app: AppClient,
    private readonly appId: string,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
  ) {}

  exchange(delivery: Delivery, signal: AbortSignal): Promise<Exchanged> {
    const tracer = tracing();
    if (!tracer.enabled) return this.serve(delivery, signal);
    const info = { subscription: this.subscription.name, path: this.subscription.deliver, messageId: delivery.id, attempt: delivery.attempt, stored: delivery.headers };
    return tracer.push(info, () => this.serve(delivery, signal), ({ answer }) => (answer === undefined ? undefined : answer.kind === 'status' ? answer.status : answer.kind));
  }

  private async serve(delivery: Delivery, signal: AbortSignal): Promise<Exchanged> {
    const request = decodeRequest(delivery);
    if (typeof request === 'string') return this.refuse(request);
    let path: string;
    try {
      const target = checkTargetPath(request.path);
      path = (this.basePath() + target.path || '/') + target.query;
    } catch (err) {
      return this.refuse((err as Error).message);
    }
    const remaining = request.deadline - Date.now();
    if (remaining <= 0) {
      this.served('expired');
      return { verdict: { action: 'ack' } };
    }
    const limit = this.inbox.driver.capabilities.maxMessageBytes - envelopeHeadroom;
    const timeoutMs = Math.min(this.subscription.timeoutMs, remaining);
    const headers = endToEnd(request.headers, new Set(['host', 'expect', 'content-length']));
    tracing().inject(headers);
    const answer = await this.app.request({ method: request.method, path, headers, body: request.body }, timeoutMs, signal, limit);
    if (answer.kind === 'unreachable' || answer.kind === 'aborted') {
      this.served('released');
      return { answer, verdict: { action: 'release' } };
    }
    const reply = this.replyFor(answer);
    try {
      await this.sendReply(request, reply.status, reply.headers, reply.body);
    } catch (err) {
      this.served('reply_failed');
      this.logger.warn({ err, subscription: this.subscription.name, id: request.correlationId }, 'could not send the reply; the request will be served again');
      return { answer: reply.answer, verdict: { action: 'retry', reason: `reply could not be sent: ${(err as Error).message}` } };
    }
    this.served('replied');
    return { answer: reply.answer, verdict: { action: 'ack' } };
  }

  private replyFor(answer: Exclude<AppResponse, { kind: 'unreachable' | 'aborted' }>) {
    if (answer.kind === 'response') {
      return { status: answer.status, headers: endToEnd(answer.headers), body: answer.body as Uint8Array, answer: { kind: 'status' as const, status: answer.status, excerpt: '' } };
    }
    const error =
      answer.kind === 'timeout'
        ? new OutriggerError('timeout', `the responding app (subscription '${this.subscription.name}') did not answer within ${answer.afterMs} ms`)
        : new OutriggerError('payload_too_large', `the responding app's answer is larger than the broker carries (${answer.limit} bytes)`, { extensions: { limit: answer.limit } });
    const body = Buffer.from(JSON.stringify(problemDocument(error)));
    const headers: Headers = { 'content-type': 'application/problem+json' };
    return { status: error.httpStatus, headers, body: body as Uint8Array, answer: answer.kind === 'timeout' ? answer : { kind: 'status' as const, status: answer.status, excerpt: '' } };
  }

  private async sendReply(request: WireRequest, status: number, headers: Headers, body: Uint8Array): Promise<void> {
    const queues = this.inbox.driver.queues;
    if (queues === undefined) throw new Error(`broker '${this.inbox.broker}' has no queues`);
    const { driver } = this.inbox;
    const expiresAt = driver.capabilities.ttl ? request.deadline : undefined;
    const reply = encodeReply({ correlationId: request.correlationId, status, headers, body }, this.appId, expiresAt);
    const native = driver.capabilities.requestReply ? driver.replies?.queue : undefined;
    if (native === undefined) {
      await queues.send(request.replyTo, [reply]);
      return;
    }
    // Natively routed: the shared reply queue, in the caller's own session.
    reply.orderingKey = request.replyTo;
    await queues.send(native, [reply]);
  }

  private refuse(reason: string): Exchanged {
    this.served('malformed');
    return { verdict: { action: 'dead_letter', reason: `not a servable query request: ${reason}` } };
  }

  /** `deliver` is the base path requests go under: '/' adds nothing. */
  private basePath(): string {
    return this.subscription.deliver.replace(/\/+$/, '');
  }

  private served(outcome: string): void {
    this.metrics.requestsServed.inc({ subscription: this.subscription.name, outcome });
  }
}
