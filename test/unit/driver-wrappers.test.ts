import { describe, expect, it } from 'vitest';
import { buildPolicy } from '../../src/config/policies.js';
import type { OperationGroup, OperationGroups } from '../../src/core/driver-wrapper.js';
import { instrumentDriver } from '../../src/core/instrumented-driver.js';
import { resilientDriver } from '../../src/core/resilient-driver.js';
import type { Driver, InboxRef, OutboundMessage } from '../../src/drivers/contract.js';
import { OutriggerError } from '../../src/kernel/errors.js';
import { createLogger } from '../../src/observability/logger.js';
import { Metrics } from '../../src/observability/metrics.js';

type Arguments = { readonly [G in OperationGroup]: { readonly [Op in keyof OperationGroups[G]]-?: OperationGroups[G][Op] extends (...args: infer A) => unknown ? A : never } };

const inbox: InboxRef = { kind: 'queue', queue: 'q' };
const message = (idempotencyKey?: string): OutboundMessage => ({ id: 'm', headers: {}, data: Buffer.from('x'), ...(idempotencyKey === undefined ? {} : { idempotencyKey }) });
const settings = { maxDeliveries: 3, leaseMs: 1_000, dedupWindowMs: 1_000 };

/** A call of every contract operation; typed over the contract, so a new operation needs a line here too. */
const calls: Arguments = {
  queues: { ensureQueue: ['q', settings], send: ['q', [message()]] },
  topics: { ensureTopic: ['t'], ensureSubscription: ['t', 's', settings], publish: ['t', [message('k')]] },
  inboxes: {
    receive: [inbox, { max: 1, waitMs: 0 }],
    ack: [inbox, 'l'],
    nack: [inbox, 'l'],
    renew: [inbox, 'l', 1_000],
    listDeadLetters: [inbox, { limit: 1 }],
    redrive: [inbox, {}],
    depth: [inbox],
  },
  streams: {
    ensureStream: ['s', { partitions: 1, retentionMs: 1_000 }],
    append: ['s', [{ id: 'e', data: Buffer.from('x'), headers: {} }]],
    partitions: ['s'],
    read: ['s', 0, { from: { kind: 'earliest' }, max: 1 }],
    consume: ['s', 'g', { start: { kind: 'earliest' }, maxBatch: 1 }, { processEvents: async () => undefined }],
    lag: ['s', 'g'],
  },
};

const operations = Object.entries(calls).flatMap(([group, ops]) => Object.keys(ops).map((name) => ({ group: group as OperationGroup, name, op: `${group}.${name}` })));

/** What the wrappers do today, operation by operation. */
const retried = new Set(['renew', 'listDeadLetters', 'depth', 'partitions', 'lag']);
const passThrough = new Set(['ensureQueue', 'ensureTopic', 'ensureSubscription', 'receive', 'ensureStream', 'read', 'consume']);
const untimed = new Set(['receive', 'read', 'consume']);

/** A driver whose every operation records its arguments and then does what `behave` says. */
function fakeDriver(behave: (args: unknown[]) => Promise<unknown>): Driver & { seen: Map<string, unknown[][]> } {
  const seen = new Map<string, unknown[][]>();
  const group = (names: object): Record<string, unknown> =>
    Object.fromEntries(
      Object.keys(names).map((name) => [
        name,
        (...args: unknown[]) => {
          seen.set(name, [...(seen.get(name) ?? []), args]);
          return behave(args);
        },
      ]),
    );
  return {
    kind: 'fake',
    capabilities: {} as Driver['capabilities'],
    connect: async () => undefined,
    isConnected: () => true,
    close: async () => undefined,
    queues: group(calls.queues) as unknown as OperationGroups['queues'],
    topics: group(calls.topics) as unknown as OperationGroups['topics'],
    inboxes: group(calls.inboxes) as unknown as OperationGroups['inboxes'],
    streams: group(calls.streams) as unknown as OperationGroups['streams'],
    seen,
  };
}

function call(driver: Driver, group: OperationGroup, name: string, args?: unknown[]): Promise<unknown> {
  const ops = driver[group] as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  return ops[name]!(...(args ?? (calls[group] as Record<string, unknown[]>)[name]!));
}

const quietLogger = createLogger('silent');
const policy = { name: 'test', config: buildPolicy({ timeout: '50ms', retry: { maxAttempts: 3, initialBackoff: '1ms', maxBackoff: '1ms' }, circuitBreaker: { consecutiveFailures: 100 } }) };
const unavailable = (): Promise<never> => Promise.reject(new OutriggerError('broker_unavailable', 'down'));

describe('driver wrappers - resilience', () => {
  it.each(operations)('$op: retried after broker_unavailable only when safe to repeat', async ({ group, name }) => {
    const fake = fakeDriver(unavailable);
    const driver = resilientDriver(fake, 'b', policy, new Metrics({ processMetrics: false }), quietLogger);
    await expect(call(driver, group, name)).rejects.toMatchObject({ code: 'broker_unavailable' });
    expect(fake.seen.get(name)).toHaveLength(retried.has(name) ? 3 : 1);
  });

  it.each(operations)('$op: a hung call times out unless it passes through', async ({ group, name }) => {
    const fake = fakeDriver(() => new Promise(() => undefined));
    const driver = resilientDriver(fake, 'b', policy, new Metrics({ processMetrics: false }), quietLogger);
    const outcome = await Promise.race([call(driver, group, name).catch((err: unknown) => err), new Promise((resolve) => setTimeout(() => resolve('still waiting'), 300))]);
    if (passThrough.has(name)) expect(outcome).toBe('still waiting');
    else expect(outcome).toMatchObject({ code: 'timeout' });
  });

  it('send with an idempotency key on every message is retried; one without a key is not', async () => {
    const fake = fakeDriver(unavailable);
    const driver = resilientDriver(fake, 'b', policy, new Metrics({ processMetrics: false }), quietLogger);
    await expect(driver.queues!.send('q', [message('a'), message('b')])).rejects.toThrow();
    expect(fake.seen.get('send')).toHaveLength(3);
    fake.seen.clear();
    await expect(driver.queues!.send('q', [message('a'), message()])).rejects.toThrow();
    expect(fake.seen.get('send')).toHaveLength(1);
  });

  it.each([
    ['queues', 'send'],
    ['topics', 'publish'],
    ['streams', 'append'],
  ] as const)('%s.%s: each attempt gets its own signal, aborted with the caller', async (group, name) => {
    const fake = fakeDriver(async () => []);
    const driver = resilientDriver(fake, 'b', policy, new Metrics({ processMetrics: false }), quietLogger);
    const caller = new AbortController();
    const args = [...(calls[group] as Record<string, unknown[]>)[name]!, caller.signal];
    await call(driver, group, name, args);
    const received = fake.seen.get(name)![0]!;
    expect(received).toHaveLength(3);
    expect(received[2]).toBeInstanceOf(AbortSignal);
    expect(received[2]).not.toBe(caller.signal);
  });

  it('receive gets the caller options as they are', async () => {
    const fake = fakeDriver(async () => []);
    const driver = resilientDriver(fake, 'b', policy, new Metrics({ processMetrics: false }), quietLogger);
    const options = { max: 1, waitMs: 0, signal: new AbortController().signal };
    await driver.inboxes!.receive(inbox, options);
    expect(fake.seen.get('receive')![0]).toEqual([inbox, options]);
    expect(fake.seen.get('receive')![0]![1]).toBe(options);
  });

  it('an open circuit is counted as a broker rejection', async () => {
    const metrics = new Metrics({ processMetrics: false });
    const tripping = { name: 'trip', config: buildPolicy({ timeout: '50ms', retry: { maxAttempts: 1 }, circuitBreaker: { consecutiveFailures: 1, halfOpenAfter: '1m' } }) };
    const driver = resilientDriver(fakeDriver(unavailable), 'b', tripping, metrics, quietLogger);
    await expect(driver.inboxes!.ack(inbox, 'l')).rejects.toMatchObject({ code: 'broker_unavailable' });
    await expect(driver.inboxes!.ack(inbox, 'l')).rejects.toMatchObject({ code: 'circuit_open' });
    const rejections = await metrics.brokerRejections.get();
    expect(rejections.values).toContainEqual(expect.objectContaining({ labels: { broker: 'b', why: 'circuit_open' }, value: 1 }));
  });
});

describe('driver wrappers - instrumentation', () => {
  it.each(operations)('$op: timed unless it is a long poll or long-lived', async ({ group, name }) => {
    const metrics = new Metrics({ processMetrics: false });
    const driver = instrumentDriver(fakeDriver(async () => []), 'b', metrics);
    await call(driver, group, name);
    const counts = (await metrics.brokerLatency.get()).values.filter((v) => v.metricName === 'outrigger_broker_operation_duration_seconds_count');
    if (untimed.has(name)) expect(counts).toEqual([]);
    else expect(counts).toEqual([expect.objectContaining({ labels: { broker: 'b', operation: name, outcome: 'ok' }, value: 1 })]);
  });

  it('a failed operation is timed with its error code as the outcome', async () => {
    const metrics = new Metrics({ processMetrics: false });
    const driver = instrumentDriver(fakeDriver(unavailable), 'b', metrics);
    await expect(driver.inboxes!.ack(inbox, 'l')).rejects.toThrow();
    const counts = (await metrics.brokerLatency.get()).values.filter((v) => v.metricName === 'outrigger_broker_operation_duration_seconds_count');
    expect(counts).toEqual([expect.objectContaining({ labels: { broker: 'b', operation: 'ack', outcome: 'broker_unavailable' }, value: 1 })]);
  });

  it('identity, connection and data pass through', async () => {
    const fake = fakeDriver(async () => []);
    const withData: Driver = { ...fake, replies: { queue: 'replies' }, eventCounts: () => ({ lost: 2 }) };
    const driver = resilientDriver(instrumentDriver(withData, 'b', new Metrics({ processMetrics: false })), 'b', policy, new Metrics({ processMetrics: false }), quietLogger);
    expect(driver.kind).toBe('fake');
    expect(driver.replies).toEqual({ queue: 'replies' });
    expect(driver.eventCounts!()).toEqual({ lost: 2 });
    expect(driver.isConnected()).toBe(true);
  });
});
