/**
 * Resilience policies from the file to the resolved form. Every policy, `default` included,
 * starts from the built-in defaults (defaults.ts) and what the file writes overrides them key by
 * key; nothing is inherited from another named policy, so each reads completely on its own.
 */
import { defaults } from './defaults.js';
import type { PolicyFile } from './schema.js';
import type { CircuitBreakerConfig, PolicyConfig } from './types.js';
import { parseDuration } from './units.js';

export function buildPolicies(file: Record<string, PolicyFile> | undefined): Record<string, PolicyConfig> {
  const policies: Record<string, PolicyConfig> = { [defaults.policyName]: buildPolicy({}) };
  for (const [name, policy] of Object.entries(file ?? {})) policies[name] = buildPolicy(policy);
  return policies;
}

export function buildPolicy(file: PolicyFile): PolicyConfig {
  const base = defaults.policy;
  const retry = file.retry ?? {};
  const budget = retry.budget ?? {};
  const bulkhead = file.bulkhead ?? {};
  return {
    timeoutMs: durationOr(file.timeout, base.timeoutMs),
    retry: {
      maxAttempts: retry.maxAttempts ?? base.retry.maxAttempts,
      initialBackoffMs: durationOr(retry.initialBackoff, base.retry.initialBackoffMs),
      maxBackoffMs: durationOr(retry.maxBackoff, base.retry.maxBackoffMs),
      budget: {
        ratio: budget.ratio ?? base.retry.budget.ratio,
        minPerSecond: budget.minPerSecond ?? base.retry.budget.minPerSecond,
        windowMs: durationOr(budget.window, base.retry.budget.windowMs),
      },
    },
    circuitBreaker: buildBreaker(file.circuitBreaker ?? {}),
    bulkhead: {
      maxConcurrent: bulkhead.maxConcurrent ?? base.bulkhead.maxConcurrent,
      maxQueue: bulkhead.maxQueue ?? base.bulkhead.maxQueue,
    },
  };
}

/** Written `failureRatio` selects the ratio mode; otherwise the breaker counts failures in a row. */
function buildBreaker(file: NonNullable<PolicyFile['circuitBreaker']>): CircuitBreakerConfig {
  const base = defaults.policy.circuitBreaker;
  const halfOpenAfterMs = durationOr(file.halfOpenAfter, base.halfOpenAfterMs);
  if (file.failureRatio !== undefined) {
    return {
      mode: 'ratio',
      failureRatio: file.failureRatio,
      minimumCalls: file.minimumCalls ?? base.minimumCalls,
      windowMs: durationOr(file.window, base.windowMs),
      halfOpenAfterMs,
    };
  }
  return { mode: 'consecutive', consecutiveFailures: file.consecutiveFailures ?? base.consecutiveFailures, halfOpenAfterMs };
}

function durationOr(value: string | number | undefined, fallback: number): number {
  return value === undefined ? fallback : parseDuration(value);
}

/**
 * For brokers that name no policy. Not `default`, which is about calls to services: a broker
 * write that takes seconds is already a failure, and a breaker in front of the broker turns
 * its outage into instant 503s instead of a pile of waiting calls. The bulkhead is wide open:
 * the API's own in-flight limit bounds the load, and the drivers batch concurrent writes.
 */
export const builtInBrokerPolicy: PolicyConfig = buildPolicy({
  timeout: '10s',
  retry: { maxAttempts: 3, initialBackoff: '50ms', maxBackoff: '1s' },
  circuitBreaker: { consecutiveFailures: 5, halfOpenAfter: '5s' },
  bulkhead: { maxConcurrent: 100_000, maxQueue: 0 },
});
