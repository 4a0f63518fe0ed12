/**
 * Wraps a driver so every broker operation is timed into outrigger_broker_operation_duration_seconds.
 * Metrics wrap drivers; no driver counts anything itself.
 */
import type { Driver } from '../drivers/contract.js';
import type { Metrics } from '../observability/metrics.js';
import { wrapDriverOperations } from './driver-wrapper.js';
import { toOutriggerError } from '../kernel/errors.js';

/** Long-polls and long-lived calls would only measure how long nothing happened. */
const untimed = new Set(['receive', 'read', 'consume']);

export function instrumentDriver(driver: Driver, broker: string, metrics: Metrics): Driver {
  return wrapDriverOperations(driver, (_group, name, operation) => {
    if (untimed.has(name)) return operation;
    return async (...args: unknown[]) => {
      const end = metrics.brokerLatency.startTimer({ broker, operation: name });
      try {
        const result = await operation(...args);
        end({ outcome: 'ok' });
        return result;
      } catch (err) {
        end({ outcome: toOutriggerError(err).code });
        throw err;
      }
    };
  });
}
