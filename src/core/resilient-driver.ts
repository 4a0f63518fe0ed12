/**
 * Wraps a driver's short operations in the broker's resilience policy: a timeout per attempt,
 * retries of what is safe to repeat, a circuit breaker that answers 503 circuit_open at once
 * while the broker keeps failing, and a bulkhead. The same policies as query targets and push
 * delivery (src/core/resilience); no driver retries or times out on its own.
 *
 * What may be repeated after a retriable failure (broker_unavailable, an attempt timeout), when
 * the first attempt may have done its work without our hearing of it:
 *  - sends whose every message carries an idempotency key: the broker's duplicate detection
 *    turns a repeat into `duplicate: true` rather than a second copy;
 *  - renewing a lease, and reads (dead-letter lists, depth, partitions, lag).
 * Never repeated: publishes and sends without keys and appends (a repeat could store a second
 * copy), acks and nacks (a repeat of one that succeeded would report a lost lease), redrives.
 * Their failure goes back to the caller, whose retry is an informed one.
 *
 * Long operations (receive, read, consume: long polls and streams) and start-up work (ensure*)
 * pass through untouched: a timeout would only measure how long nothing happened.
 */
import type { PolicyConfig } from '../config/types.js';
import type { Driver, OutboundMessage } from '../drivers/contract.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import { wrapDriverOperations, type Operation, type OperationGroup } from './driver-wrapper.js';
import { toOutriggerError } from '../kernel/errors.js';
import { observePolicy } from './resilience/observe.js';
import { judgeOwnError, type Judgement, type Outcome } from './resilience/policy.js';
import { ResiliencePolicy } from './resilience/resilience-policy.js';
import { isAttemptTimeout } from './resilience/timeout.js';

interface Wrapping {
  /** Where the operation takes its AbortSignal, if it takes one. */
  signalAt?: number;
  /** Whether a repeat is harmless, given the call's arguments. */
  safe(args: unknown[]): boolean;
}

const keyedSend: Wrapping = { signalAt: 2, safe: (args) => (args[1] as OutboundMessage[]).every((m) => m.idempotencyKey !== undefined) };
const never: Wrapping = { safe: () => false };
const always: Wrapping = { safe: () => true };

const wrapped: Record<OperationGroup, Record<string, Wrapping>> = {
  queues: { send: keyedSend },
  topics: { publish: { signalAt: 2, safe: () => false } },
  inboxes: { ack: never, nack: never, renew: always, listDeadLetters: always, redrive: never, depth: always },
  streams: { append: { signalAt: 2, safe: () => false }, partitions: always, lag: always },
};

export interface BrokerPolicy {
  name: string;
  config: PolicyConfig;
}

export function resilientDriver(driver: Driver, broker: string, policy: BrokerPolicy, metrics: Metrics, logger: Logger): Driver {
  const resilience = new ResiliencePolicy(policy.config, `broker '${broker}'`, observePolicy(metrics, logger, 'broker', broker, policy.name));
  return wrapDriverOperations(driver, (group, name, operation) => {
    const wrapping = wrapped[group][name];
    return wrapping === undefined ? operation : guarded(operation, wrapping, resilience, metrics, broker);
  });
}

function guarded(op: Operation, wrapping: Wrapping, resilience: ResiliencePolicy, metrics: Metrics, broker: string): Operation {
  return async (...args: unknown[]) => {
    const callerSignal = wrapping.signalAt === undefined ? undefined : (args[wrapping.signalAt] as AbortSignal | undefined);
    try {
      return await resilience.execute<unknown>(
        {
          run: (context) => {
            if (wrapping.signalAt === undefined) return op(...args);
            const attemptArgs = args.slice();
            attemptArgs[wrapping.signalAt] = context.signal;
            return op(...attemptArgs);
          },
          judge: judgeBrokerOutcome,
        },
        { safeToRetry: wrapping.safe(args), ...(callerSignal !== undefined ? { signal: callerSignal } : {}) },
      );
    } catch (error) {
      const code = toOutriggerError(error).code;
      if (code === 'circuit_open') metrics.brokerRejections.inc({ broker, why: code });
      throw error;
    }
  };
}

/** A broker that is unreachable or too slow is failing; any other error is the caller's answer. */
export function judgeBrokerOutcome(outcome: Outcome<unknown>): Judgement {
  if (outcome.ok) return { failure: false, retry: 'no', reason: 'ok' };
  const code = toOutriggerError(outcome.error).code;
  if (code === 'broker_unavailable') {
    // A throttled broker names its wait; a retry sooner would only be refused again. An error
    // the driver calls final (bad credentials, a disabled entity) is a failure not worth repeating.
    const { retriable, retryAfterSeconds } = toOutriggerError(outcome.error);
    if (!retriable) return { failure: true, retry: 'no', reason: code };
    return { failure: true, retry: 'if-safe', reason: code, ...(retryAfterSeconds !== undefined ? { retryAfterMs: retryAfterSeconds * 1000 } : {}) };
  }
  return judgeOwnError(outcome.error, isAttemptTimeout(outcome.error)) ?? { failure: false, retry: 'no', reason: code };
}
