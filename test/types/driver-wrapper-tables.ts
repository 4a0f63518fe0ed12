/**
 * Type-level test, run by `tsc -p tsconfig.json` (not by vitest): each driver wrapper's table must
 * name every operation of the contract, so an operation added to the contract does not compile
 * until the resilience, the instrumentation and the tracing wrappers all handle it. Each `@ts-expect-error`
 * fails the type check if the refusal it marks ever stops happening.
 */
import type { PerOperation } from '../../src/core/driver-wrapper.js';
import { timing, type TimingTable } from '../../src/core/instrumented-driver.js';
import { guarding, type Guarding, type GuardingTable } from '../../src/core/resilient-driver.js';
import { tracingTable, type TracingTable } from '../../src/core/traced-driver.js';
import type { InboxOperations, QueueOperations } from '../../src/drivers/contract.js';

/** The contract as it would be with one more queue operation. */
type QueueOperationsWithPurge = QueueOperations & { purge(queue: string): Promise<number> };

export const timingMissingSend: TimingTable = {
  ...timing,
  // @ts-expect-error the instrumentation table lacks queues.send
  queues: { ensureQueue: 'timed' },
};

const { ack: _ack, ...inboxesWithoutAck } = guarding.inboxes;

export const guardingMissingAck: GuardingTable = {
  ...guarding,
  // @ts-expect-error the resilience table lacks inboxes.ack
  inboxes: inboxesWithoutAck,
};

// @ts-expect-error a new operation (purge) has no timing entry
export const timingWithoutPurge: PerOperation<QueueOperationsWithPurge, 'timed' | 'untimed'> = { ...timing.queues };

// @ts-expect-error a new operation (purge) has no resilience entry
export const guardingWithoutPurge: Guarding<QueueOperationsWithPurge> = { ...guarding.queues };

export const guardingWithPurge: Guarding<QueueOperationsWithPurge> = { ...guarding.queues, purge: 'pass-through' };

// @ts-expect-error an entry is built with the operation's own parameters: renew's third is a number, not a signal
export const guardingWrongSignal: Guarding<InboxOperations> = { ...guarding.inboxes, renew: (ops, guard) => (inbox, lease, signal: AbortSignal) => guard((attempt) => ops.renew(inbox, lease, attempt), true, signal) };

const { publish: _publish, ...topicsWithoutPublish } = tracingTable.topics;

export const tracingMissingPublish: TracingTable = {
  ...tracingTable,
  // @ts-expect-error the tracing table lacks topics.publish
  topics: topicsWithoutPublish,
};
