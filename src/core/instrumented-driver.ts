/**
 * Wraps a driver so every broker operation is timed into outrigger_broker_operation_duration_seconds.
 * Metrics wrap drivers; no driver counts anything itself.
 */
import type { Driver } from '../drivers/contract.js';
import type { Metrics } from '../observability/metrics.js';
import { histogramSeries } from '../observability/series.js';
import { bound, wrapDriver, wrapEach, type OperationGroup, type OperationGroups, type PerOperation } from './driver-wrapper.js';
import { toOutriggerError } from '../kernel/errors.js';

/** `untimed`: long polls and long-lived calls would only measure how long nothing happened. */
type Timing = 'timed' | 'untimed';

export type TimingTable = { readonly [G in OperationGroup]: PerOperation<OperationGroups[G], Timing> };

export const timing: TimingTable = {
  queues: { ensureQueue: 'timed', send: 'timed' },
  topics: { ensureTopic: 'timed', ensureSubscription: 'timed', publish: 'timed' },
  inboxes: { receive: 'untimed', ack: 'timed', nack: 'timed', renew: 'timed', listDeadLetters: 'timed', redrive: 'timed', depth: 'timed' },
  streams: { ensureStream: 'timed', append: 'timed', partitions: 'timed', read: 'untimed', consume: 'untimed', lag: 'timed' },
};

type AnyOperation = (...args: unknown[]) => Promise<unknown>;

export function instrumentDriver(driver: Driver, broker: string, metrics: Metrics): Driver {
  return wrapDriver(driver, (group, ops) =>
    wrapEach(ops, timing[group], (name, entry) => {
      const operation = bound(ops, name);
      return entry === 'untimed' ? operation : (timed(operation as AnyOperation, broker, name, metrics) as typeof operation);
    }),
  );
}

/**
 * Timed with performance.now into a series made once per operation for its successes, rather
 * than prom-client's startTimer, which builds a closure, two hrtime arrays and a merged labels
 * object per call: every publish and command passes here, and all of that was young-generation
 * garbage.
 */
function timed(operation: AnyOperation, broker: string, name: string, metrics: Metrics): AnyOperation {
  const succeeded = histogramSeries(metrics.brokerLatency, { broker, operation: name, outcome: 'ok' });
  return async (...args: unknown[]) => {
    const started = performance.now();
    try {
      const result = await operation(...args);
      succeeded.observe((performance.now() - started) / 1_000);
      return result;
    } catch (err) {
      metrics.brokerLatency.observe({ broker, operation: name, outcome: toOutriggerError(err).code }, (performance.now() - started) / 1_000);
      throw err;
    }
  };
}
