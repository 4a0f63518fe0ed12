/**
 * A target reached by request/reply over a queue (`targets.<name>: { via: queue, queue }`):
 * each attempt sends the request with a fresh correlation id and this sidecar's reply address,
 * then waits for the reply; the target's policy bounds the wait (504 timeout), retries it when
 * safe, and breaks the circuit when replies keep failing or not coming.
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Metrics } from '../../../observability/metrics.js';
import { tracing } from '../../../observability/tracing/tracing.js';
import type { ResiliencePolicy } from '../../resilience/resilience-policy.js';
import type { Resources } from '../../resources.js';
import { readAll } from '../body.js';
import { judgeError, judgeStatus } from '../judge-http.js';
import { checkTargetPath } from '../target-path.js';
import type { QueryAnswer, QueryTarget, TargetRequest } from '../types.js';
import { encodeRequest, type WireReply } from './envelope.js';
import type { ReplyInbox } from './reply-inbox.js';

/** Room left in a broker message for the request's headers. */
const envelopeHeadroom = 16 * 1024;

export interface QueueTargetOptions {
  name: string;
  queue: string;
  appId: string;
  maxBodyBytes: number;
  policy: ResiliencePolicy;
  resources: Resources;
  /** The reply inbox on the broker of `queue`. */
  replies: (broker: string) => ReplyInbox;
  metrics: Metrics;
}

export class QueueTarget implements QueryTarget {
  constructor(private readonly options: QueueTargetOptions) {}

  async send(request: TargetRequest): Promise<QueryAnswer> {
    const { name, policy, resources, metrics } = this.options;
    checkTargetPath(request.path);
    const queue = await resources.prepareQueue(this.options.queue);
    const inbox = this.options.replies(queue.broker);
    await inbox.start();
    const limit = Math.min(this.options.maxBodyBytes, queue.driver.capabilities.maxMessageBytes - envelopeHeadroom);
    const body = await readAll(request.body, limit, 'a request body sent over a queue');
    const withTtl = queue.driver.capabilities.ttl;
    const reply = await policy.execute<WireReply>(
      {
        run: (context) => tracing().attempt(name, context.attempt, async () => {
          const correlationId = randomUUID();
          const started = process.hrtime.bigint();
          const waiting = inbox.expect(correlationId, context.signal);
          waiting.catch(() => undefined);
          let outcome = 'replied';
          try {
            const message = encodeRequest(
              { correlationId, replyTo: inbox.address, method: request.method, path: request.path, headers: request.headers, body, deadline: context.deadline },
              this.options.appId,
              withTtl,
            );
            const replyTo = inbox.replyTo;
            if (replyTo !== undefined) message.replyTo = replyTo;
            await queue.ops.send(queue.entity, [message], context.signal);
            return await waiting;
          } catch (error) {
            outcome = context.signal.aborted ? (request.signal?.aborted ? 'aborted' : 'timeout') : 'send_failed';
            throw error;
          } finally {
            metrics.replyWait.observe({ target: name, outcome }, Number(process.hrtime.bigint() - started) / 1e9);
          }
        }, (answered) => answered.status),
        judge: (outcome) => (outcome.ok ? judgeStatus(outcome.value.status, outcome.value.headers) : judgeError(outcome.error, true)),
      },
      {
        safeToRetry: request.safeToRetry,
        ...(request.deadline !== undefined ? { deadline: request.deadline } : {}),
        ...(request.signal !== undefined ? { signal: request.signal } : {}),
      },
    );
    return { status: reply.status, headers: reply.headers, body: Readable.from([Buffer.from(reply.body)]) };
  }

  async close(): Promise<void> {
    // The reply inboxes are shared by all queue targets and closed by the query service.
  }
}
