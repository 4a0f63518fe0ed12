/**
 * The query interaction: a call to a configured target, direct HTTP or request/reply over a
 * queue, under the target's resilience policy. Only configured targets are reachable, and only
 * under their base URL (target-path.ts): Outrigger is never an open proxy.
 */
import type { OutriggerConfig } from '../../config/types.js';
import type { Driver } from '../../drivers/contract.js';
import type { Logger } from '../../observability/logger.js';
import type { Metrics } from '../../observability/metrics.js';
import { tracing } from '../../observability/tracing/tracing.js';
import { OutriggerError, toOutriggerError } from '../../kernel/errors.js';
import { observePolicy } from '../resilience/observe.js';
import { ResiliencePolicy } from '../resilience/resilience-policy.js';
import type { Resources } from '../resources.js';
import { idempotentMethods, requestHeaders } from './headers.js';
import { HttpTarget } from './http-target.js';
import { QueueTarget } from './request-reply/queue-target.js';
import { ReplyInbox } from './request-reply/reply-inbox.js';
import type { QueryAnswer, QueryRequest, QueryTarget, TargetRequest } from './types.js';

/** RFC 9110 token; CONNECT would make Outrigger a tunnel, so it is refused. */
const methodPattern = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,32}$/;

export class QueryService {
  private readonly targets = new Map<string, QueryTarget>();
  private readonly replyInboxes = new Map<string, ReplyInbox>();

  constructor(
    private readonly config: OutriggerConfig,
    resources: Resources,
    private readonly drivers: ReadonlyMap<string, Driver>,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
  ) {
    for (const [name, target] of Object.entries(config.targets)) {
      const policyConfig = { ...config.policies[target.policy]!, timeoutMs: target.timeoutMs };
      const policy = new ResiliencePolicy(policyConfig, `target '${name}'`, observePolicy(metrics, logger, 'target', name, target.policy));
      this.targets.set(
        name,
        target.via === 'http'
          ? new HttpTarget(name, target.url, target.timeoutMs, policy, policyConfig.bulkhead.maxConcurrent)
          : new QueueTarget({
              name,
              queue: target.queue,
              appId: config.app.id,
              maxBodyBytes: config.server.maxBodyBytes,
              policy,
              resources,
              replies: (broker) => this.replyInbox(broker),
              metrics,
            }),
      );
    }
  }

  async query(request: QueryRequest): Promise<QueryAnswer> {
    const target = this.targets.get(request.target);
    if (target === undefined) {
      const known = [...this.targets.keys()].sort();
      const list = known.length === 0 ? 'none are configured' : `known: ${known.join(', ')}`;
      throw new OutriggerError('unknown_resource', `unknown target '${request.target}' (${list}); only configured targets are reachable`, {
        extensions: { resource: request.target, known },
      });
    }
    const method = request.method.toUpperCase();
    if (!methodPattern.test(method) || method === 'CONNECT') throw new OutriggerError('bad_request', `method '${request.method}' cannot be used in a query`);
    const headers = requestHeaders(request.headers, { apiTokenConfigured: this.config.server.apiToken !== null });
    const sent: TargetRequest = {
      method,
      path: request.path,
      headers,
      body: request.body,
      safeToRetry: idempotentMethods.has(method) || headers['idempotency-key'] !== undefined,
    };
    if (request.deadline !== undefined) sent.deadline = request.deadline;
    if (request.signal !== undefined) sent.signal = request.signal;
    const started = performance.now();
    let outcome = 'internal';
    try {
      const traces = tracing();
      const answer = await (traces.enabled ? traces.query(request.target, method, () => target.send(sent)) : target.send(sent));
      outcome = statusClass(answer.status);
      return answer;
    } catch (error) {
      outcome = toOutriggerError(error).code;
      throw error;
    } finally {
      const labels = { target: request.target, outcome };
      this.metrics.targetRequests.inc(labels);
      this.metrics.targetLatency.observe(labels, (performance.now() - started) / 1_000);
    }
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.targets.values()].map((target) => target.close()));
    await Promise.allSettled([...this.replyInboxes.values()].map((inbox) => inbox.close()));
  }

  private replyInbox(broker: string): ReplyInbox {
    let inbox = this.replyInboxes.get(broker);
    if (inbox === undefined) {
      const driver = this.drivers.get(broker);
      if (driver === undefined) throw new OutriggerError('broker_unavailable', `broker '${broker}' is not connected`);
      inbox = new ReplyInbox(broker, driver, this.config.app.id, this.metrics, this.logger);
      this.replyInboxes.set(broker, inbox);
    }
    return inbox;
  }
}

const statusClasses = ['1xx', '2xx', '3xx', '4xx', '5xx'];

/** `2xx` for 204: the outcome label of an answered call. */
function statusClass(status: number): string {
  return statusClasses[Math.floor(status / 100) - 1] ?? `${Math.floor(status / 100)}xx`;
}
