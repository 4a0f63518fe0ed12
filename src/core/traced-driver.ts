/**
 * Wraps a driver so every message write is a producer span whose context travels with the
 * message, and every receive and settle a consumer span (observability/tracing). Like metrics,
 * tracing wraps drivers; no driver knows of it. With tracing off the daemon does not wrap at all.
 */
import type { Driver, InboxRef } from '../drivers/contract.js';
import { tracing, type Destination } from '../observability/tracing/tracing.js';
import { bound, wrapDriver, wrapEach, type OperationGroup, type OperationGroups, type PerOperation } from './driver-wrapper.js';

/** `plain`: set-up, reads and gauges, which are not hops a message takes. */
type Tracing = 'produce' | 'receive' | 'settle' | 'plain';

export type TracingTable = { readonly [G in OperationGroup]: PerOperation<OperationGroups[G], Tracing> };

export const tracingTable: TracingTable = {
  queues: { ensureQueue: 'plain', send: 'produce' },
  topics: { ensureTopic: 'plain', ensureSubscription: 'plain', publish: 'produce' },
  inboxes: { receive: 'receive', ack: 'settle', nack: 'settle', renew: 'plain', listDeadLetters: 'plain', redrive: 'plain', depth: 'plain' },
  streams: { ensureStream: 'plain', append: 'produce', partitions: 'plain', read: 'plain', consume: 'plain', lag: 'plain' },
};

/** messaging.system's well-known values, where the conventions name the broker. */
const systems: Record<string, string> = {
  kafka: 'kafka',
  rabbitmq: 'rabbitmq',
  'azure-servicebus': 'servicebus',
  'azure-eventhubs': 'eventhubs',
  'azure-eventgrid': 'eventgrid',
};

type AnyOperation = (...args: unknown[]) => Promise<unknown>;
type Produced = Parameters<ReturnType<typeof tracing>['produce']>[2];

export function traceDriver(driver: Driver): Driver {
  const system = systems[driver.kind] ?? driver.kind;
  return wrapDriver(driver, (group, ops) =>
    wrapEach(ops, tracingTable[group], (name, entry) => {
      const operation = bound(ops, name) as AnyOperation;
      if (entry === 'produce') return produced(operation, system, name as 'send' | 'publish' | 'append') as typeof ops[typeof name];
      if (entry === 'receive') return receiving(operation, system) as typeof ops[typeof name];
      if (entry === 'settle') return settling(operation, system, name as 'ack' | 'nack') as typeof ops[typeof name];
      return operation as typeof ops[typeof name];
    }),
  );
}

function produced(operation: AnyOperation, system: string, name: 'send' | 'publish' | 'append'): AnyOperation {
  return (destination, messages, ...rest) =>
    tracing().produce(name, { system, destination: destination as string }, messages as Produced, (stamped) => operation(destination, stamped, ...rest));
}

function receiving(operation: AnyOperation, system: string): AnyOperation {
  return async (inbox, ...rest) => {
    const deliveries = (await operation(inbox, ...rest)) as Parameters<ReturnType<typeof tracing>['received']>[1];
    if (deliveries.length > 0) tracing().received(where(system, inbox as InboxRef), deliveries);
    return deliveries;
  };
}

function settling(operation: AnyOperation, system: string, name: 'ack' | 'nack'): AnyOperation {
  return (inbox, lease, ...rest) => tracing().settle(name, where(system, inbox as InboxRef), lease as string, () => operation(inbox, lease, ...rest));
}

function where(system: string, inbox: InboxRef): Destination {
  return { system, destination: inbox.kind === 'queue' ? inbox.queue : `${inbox.topic}/${inbox.subscription}` };
}
