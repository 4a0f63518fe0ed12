/**
 * How the layers around drivers (metrics, the broker's resilience policy) put themselves in front
 * of every operation without knowing a driver's class. Each wrapper describes itself as a table
 * with one entry per operation of the contract, typed by mapping over the contract's operation
 * groups: an operation added to the contract does not compile until every wrapper has decided
 * what to do with it. The driver's identity, connection and data (`replies`, `eventCounts`) pass
 * through as they are.
 */
import type { Driver, InboxOperations, QueueOperations, StreamOperations, TopicOperations } from '../drivers/contract.js';

export interface OperationGroups {
  queues: QueueOperations;
  topics: TopicOperations;
  inboxes: InboxOperations;
  streams: StreamOperations;
}

export type OperationGroup = keyof OperationGroups;

/** One entry for every operation of one group; `Entry` may depend on the operation's own type. */
export type PerOperation<Ops, Entry> = { readonly [Op in keyof Ops]-?: Entry };

export function wrapDriver(driver: Driver, wrap: <G extends OperationGroup>(group: G, ops: OperationGroups[G]) => OperationGroups[G]): Driver {
  return {
    kind: driver.kind,
    capabilities: driver.capabilities,
    connect: (signal) => driver.connect(signal),
    isConnected: () => driver.isConnected(),
    close: (deadline) => driver.close(deadline),
    // Data, not operations: passed through as is.
    ...(driver.replies === undefined ? {} : { replies: driver.replies }),
    ...(driver.eventCounts === undefined ? {} : { eventCounts: () => driver.eventCounts!() }),
    ...(driver.queues === undefined ? {} : { queues: wrap('queues', driver.queues) }),
    ...(driver.topics === undefined ? {} : { topics: wrap('topics', driver.topics) }),
    ...(driver.inboxes === undefined ? {} : { inboxes: wrap('inboxes', driver.inboxes) }),
    ...(driver.streams === undefined ? {} : { streams: wrap('streams', driver.streams) }),
  };
}

/**
 * A group's operations, each built by `wrapOne` from the table's entry. Only the contract's
 * operations come out: anything else a driver's group object carries stays behind it.
 */
export function wrapEach<Ops extends object, Table extends PerOperation<Ops, unknown>>(
  ops: Ops,
  table: Table,
  wrapOne: <Op extends keyof Ops & string>(name: Op, entry: Table[Op]) => Ops[Op],
): Ops {
  const wrapped: Partial<Ops> = {};
  for (const name of Object.keys(table) as (keyof Ops & string)[]) {
    // A driver without the method keeps it absent, as a call to it would be without wrappers.
    if (typeof ops[name] === 'function') wrapped[name] = wrapOne(name, table[name]);
  }
  return wrapped as Ops;
}

/** The driver's own method, callable on its own. */
export function bound<Ops extends object, Op extends keyof Ops & string>(ops: Ops, name: Op): Ops[Op] {
  return (ops[name] as (...args: unknown[]) => unknown).bind(ops) as Ops[Op];
}
