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
import { bound, wrapDriver, wrapEach, type OperationGroup, type OperationGroups } from './driver-wrapper.js';
import { toOutriggerError } from '../kernel/errors.js';
import { observePolicy } from './resilience/observe.js';
import { judgeOwnError, type Judgement, type Outcome } from './resilience/policy.js';
import { ResiliencePolicy } from './resilience/resilience-policy.js';
import { isAttemptTimeout } from './resilience/timeout.js';

/**
 * Runs one call of an operation through the policy. `attempt` makes one attempt; an operation
 * that takes an AbortSignal gets the attempt's, which the caller's `signal` (if any) aborts too.
 */
export type Guard = <T>(attempt: (signal: AbortSignal) => Promise<T>, safeToRetry: boolean, signal?: AbortSignal) => Promise<T>;

/** Each operation either passes through or is rebuilt, with its own parameters, around `guard`. */
export type Guarding<Ops> = { readonly [Op in keyof Ops]-?: 'pass-through' | ((ops: Ops, guard: Guard) => Ops[Op]) };

export type GuardingTable = { readonly [G in OperationGroup]: Guarding<OperationGroups[G]> };

const keyed = (messages: OutboundMessage[]): boolean => messages.every((m) => m.idempotencyKey !== undefined);

export const guarding: GuardingTable = {
  queues: {
    ensureQueue: 'pass-through',
    send: (ops, guard) => (queue, messages, signal) => guard((attempt) => ops.send(queue, messages, attempt), keyed(messages), signal),
  },
  topics: {
    ensureTopic: 'pass-through',
    ensureSubscription: 'pass-through',
    publish: (ops, guard) => (topic, messages, signal) => guard((attempt) => ops.publish(topic, messages, attempt), false, signal),
  },
  inboxes: {
    receive: 'pass-through',
    ack: (ops, guard) => (inbox, lease) => guard(() => ops.ack(inbox, lease), false),
    nack: (ops, guard) => (inbox, lease, options) => guard(() => ops.nack(inbox, lease, options), false),
    renew: (ops, guard) => (inbox, lease, leaseMs) => guard(() => ops.renew(inbox, lease, leaseMs), true),
    listDeadLetters: (ops, guard) => (inbox, options) => guard(() => ops.listDeadLetters(inbox, options), true),
    redrive: (ops, guard) => (inbox, options) => guard(() => ops.redrive(inbox, options), false),
    depth: (ops, guard) => (inbox) => guard(() => ops.depth(inbox), true),
  },
  streams: {
    ensureStream: 'pass-through',
    append: (ops, guard) => (stream, events, signal) => guard((attempt) => ops.append(stream, events, attempt), false, signal),
    partitions: (ops, guard) => (stream) => guard(() => ops.partitions(stream), true),
    read: 'pass-through',
    consume: 'pass-through',
    lag: (ops, guard) => (stream, group) => guard(() => ops.lag(stream, group), true),
  },
};

export interface BrokerPolicy {
  name: string;
  config: PolicyConfig;
}

export function resilientDriver(driver: Driver, broker: string, policy: BrokerPolicy, metrics: Metrics, logger: Logger): Driver {
  const resilience = new ResiliencePolicy(policy.config, `broker '${broker}'`, observePolicy(metrics, logger, 'broker', broker, policy.name));
  const refused = (error: unknown): never => {
    const code = toOutriggerError(error).code;
    if (code === 'circuit_open') metrics.brokerRejections.inc({ broker, why: code });
    throw error;
  };
  const guard: Guard = <T>(attempt: (signal: AbortSignal) => Promise<T>, safeToRetry: boolean, signal?: AbortSignal): Promise<T> =>
    resilience.execute<T>({ run: (context) => attempt(context.signal), judge: judgeBrokerOutcome }, { safeToRetry, signal }).catch(refused);
  return wrapDriver(driver, (group, ops) => guardGroup(ops, guarding[group], guard));
}

function guardGroup<Ops extends object>(ops: Ops, table: Guarding<Ops>, guard: Guard): Ops {
  return wrapEach(ops, table, (name, entry) => (entry === 'pass-through' ? bound(ops, name) : entry(ops, guard)));
}

/** Every success is judged alike; one object serves them all (the policies only read it). */
const succeeded: Judgement = Object.freeze({ failure: false, retry: 'no', reason: 'ok' });

/** A broker that is unreachable or too slow is failing; any other error is the caller's answer. */
export function judgeBrokerOutcome(outcome: Outcome<unknown>): Judgement {
  if (outcome.ok) return succeeded;
  const code = toOutriggerError(outcome.error).code;
  if (code === 'broker_unavailable') {
    // A throttled broker names its wait; a retry sooner would only be refused again. An error
    // the driver calls final (bad credentials, a disabled entity) is a failure not worth repeating.
    const { retriable, retryAfterSeconds, unprocessed } = toOutriggerError(outcome.error);
    if (!retriable) return { failure: true, retry: 'no', reason: code };
    // A refusal that took nothing (Event Grid's 429 / 503) may be repeated even for a publish.
    return { failure: true, retry: unprocessed ? 'yes' : 'if-safe', reason: code, ...(retryAfterSeconds !== undefined ? { retryAfterMs: retryAfterSeconds * 1000 } : {}) };
  }
  return judgeOwnError(outcome.error, isAttemptTimeout(outcome.error)) ?? { failure: false, retry: 'no', reason: code };
}
