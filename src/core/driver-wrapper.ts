/**
 * A driver with each of its operations passed through `wrap`: how the layers around drivers
 * (metrics, the broker's resilience policy) put themselves in front of every operation group
 * without knowing a driver's class. The driver's identity, connection and data (`replies`,
 * `eventCounts`) pass through as they are.
 */
import type { Driver } from '../drivers/contract.js';

export type Operation = (...args: unknown[]) => Promise<unknown>;

const groups = ['queues', 'topics', 'inboxes', 'streams'] as const;

export type OperationGroup = (typeof groups)[number];

export function wrapDriverOperations(driver: Driver, wrap: (group: OperationGroup, name: string, operation: Operation) => Operation): Driver {
  const wrapped: Record<string, unknown> = {};
  for (const group of groups) {
    const ops = driver[group] as Record<string, unknown> | undefined;
    if (ops === undefined) continue;
    const operations: Record<string, Operation> = {};
    for (const name of methodNames(ops)) operations[name] = wrap(group, name, (ops[name] as Operation).bind(ops));
    wrapped[group] = operations;
  }
  return {
    kind: driver.kind,
    capabilities: driver.capabilities,
    connect: (signal) => driver.connect(signal),
    isConnected: () => driver.isConnected(),
    close: () => driver.close(),
    // Data, not operations: passed through as is.
    ...(driver.replies === undefined ? {} : { replies: driver.replies }),
    ...(driver.eventCounts === undefined ? {} : { eventCounts: () => driver.eventCounts!() }),
    ...wrapped,
  };
}

/** Own and inherited methods: groups are plain objects or class instances. */
function methodNames(object: object): string[] {
  const names = new Set<string>();
  for (let proto: object | null = object; proto !== null && proto !== Object.prototype; proto = Object.getPrototypeOf(proto) as object | null) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name !== 'constructor' && typeof (object as Record<string, unknown>)[name] === 'function') names.add(name);
    }
  }
  return [...names];
}
