/** Policy events into metrics and logs, so every state change of a breaker is seen. */
import type { Logger } from '../../observability/logger.js';
import type { Metrics } from '../../observability/metrics.js';
import { tracing } from '../../observability/tracing/tracing.js';
import { circuitStateValue } from './breaker.js';
import type { PolicyObserver } from './resilience-policy.js';

export type PolicyScope = 'target' | 'subscription' | 'broker';

export function observePolicy(metrics: Metrics, logger: Logger, scope: PolicyScope, name: string, policy: string): PolicyObserver {
  metrics.circuitState.set({ scope, name }, circuitStateValue.closed);
  return {
    circuit(to, from) {
      metrics.circuitState.set({ scope, name }, circuitStateValue[to]);
      const level = to === 'open' ? 'warn' : 'info';
      logger[level]({ [scope]: name, policy, from, to }, `circuit breaker ${to === 'half_open' ? 'half-open' : to}`);
      tracing().event('circuit_breaker.state_change', { 'outrigger.circuit.from': from, 'outrigger.circuit.to': to });
    },
    rejected() {
      if (scope === 'broker') metrics.brokerRejections.inc({ broker: name, why: 'back_pressure' });
      else metrics.bulkheadRejections.inc({ target: name });
    },
    retrying(reason, delayMs, attempt) {
      if (scope === 'broker') metrics.brokerRetries.inc({ broker: name, reason });
      else metrics.targetRetries.inc({ target: name, reason });
      logger.debug({ [scope]: name, reason, delayMs, attempt }, 'retrying');
      tracing().event('retry', { 'outrigger.retry.reason': reason, 'outrigger.retry.delay_ms': delayMs, 'outrigger.attempt': attempt });
    },
    skipped(why, reason) {
      if (scope !== 'broker') metrics.targetRetriesSkipped.inc({ target: name, why });
      logger.debug({ [scope]: name, why, reason }, 'not retrying');
      tracing().event('retry.skipped', { 'outrigger.retry.skipped': why, 'outrigger.retry.reason': reason });
    },
  };
}
