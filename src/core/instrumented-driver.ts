/**
 * Wraps a driver so every broker operation is timed into outrigger_broker_operation_duration_seconds.
 * Metrics wrap drivers; no driver counts anything itself.
 */
import type { Driver } from '../drivers/contract.js';
import type { Metrics } from '../observability/metrics.js';
import { toOutriggerError } from './errors.js';

const groups = ['queues', 'topics', 'inboxes', 'streams'] as const;
/** Long-polls and long-lived calls would only measure how long nothing happened. */
const untimed = new Set(['receive', 'read', 'consume']);

export function instrumentDriver(driver: Driver, broker: string, metrics: Metrics): Driver {
  const wrapped: Record<string, unknown> = {};
  for (const group of groups) {
    const ops = driver[group] as Record<string, unknown> | undefined;
    if (ops !== undefined) wrapped[group] = timeGroup(ops, broker, metrics);
  }
  return {
    kind: driver.kind,
    capabilities: driver.capabilities,
    connect: (signal) => driver.connect(signal),
    isConnected: () => driver.isConnected(),
    close: () => driver.close(),
    // Data, not operations: passed through as is.
    ...(driver.replies === undefined ? {} : { replies: driver.replies }),
    ...wrapped,
  };
}

function timeGroup(ops: Record<string, unknown>, broker: string, metrics: Metrics): Record<string, unknown> {
  const timed: Record<string, unknown> = {};
  for (const name of allMethodNames(ops)) {
    const method = ops[name] as (...args: unknown[]) => Promise<unknown>;
    if (untimed.has(name)) {
      timed[name] = method.bind(ops);
      continue;
    }
    timed[name] = async (...args: unknown[]) => {
      const end = metrics.brokerLatency.startTimer({ broker, operation: name });
      try {
        const result = await method.apply(ops, args);
        end({ outcome: 'ok' });
        return result;
      } catch (err) {
        end({ outcome: toOutriggerError(err).code });
        throw err;
      }
    };
  }
  return timed;
}

function allMethodNames(object: object): string[] {
  const names = new Set<string>();
  for (let proto: object | null = object; proto !== null && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name !== 'constructor' && typeof (object as Record<string, unknown>)[name] === 'function') names.add(name);
    }
  }
  return [...names];
}
