/**
 * Helpers shared by the conformance cases. Every run has its own id: names get a suffix from it
 * and every payload carries it, so leftovers from an earlier run (on a broker whose entities
 * outlive the test) are recognised and ignored.
 */
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { OutriggerError, type ErrorCode } from '../../src/kernel/errors.js';
import type {
  Capabilities,
  Delivery,
  Driver,
  InboxDepth,
  InboxOperations,
  InboxRef,
  OutboundMessage,
  QueueOperations,
  StreamOperations,
  TopicOperations,
} from '../../src/drivers/contract.js';

export interface ConformanceTarget {
  /** Connected. */
  driver: Driver;
  /** Another connected driver instance on the same backing store (restart, durability, competing consumers). */
  reopen?: () => Promise<Driver>;
  /** Closes every driver it handed out and removes what it created. */
  cleanup(): Promise<void>;
}

/**
 * A target whose drivers all come from `open` (each connected there): `reopen` is `open` again,
 * and cleanup closes every driver handed out, then runs `teardown` (what the run created).
 */
export async function trackedTarget(open: () => Promise<Driver>, teardown: () => Promise<void>): Promise<ConformanceTarget> {
  const opened: Driver[] = [];
  const reopen = async (): Promise<Driver> => {
    const driver = await open();
    opened.push(driver);
    return driver;
  };
  return {
    driver: await reopen(),
    reopen,
    cleanup: async () => {
      await Promise.all(opened.map((driver) => driver.close()));
      await teardown();
    },
  };
}

export interface Fixture {
  readonly driver: Driver;
  readonly caps: Capabilities;
  readonly run: string;
  /** A name unique to this run: lower-case letters, digits and hyphens. */
  name(prefix: string): string;
  /** A second driver on the same store; without `reopen` in the target, the case cannot run and says so. */
  reopen(): Promise<Driver>;
}

export function createFixture(target: ConformanceTarget): Fixture {
  const run = randomUUID();
  let counter = 0;
  return {
    driver: target.driver,
    caps: target.driver.capabilities,
    run,
    name: (prefix) => `${prefix}-${run.slice(0, 8)}-${++counter}`,
    reopen: async () => {
      if (target.reopen === undefined) throw new Error('this conformance case needs ConformanceTarget.reopen (a second driver on the same store)');
      return target.reopen();
    },
  };
}

/** The operation groups a declared capability promises; their absence fails the case. */
export function queuesOf(driver: Driver): { queues: QueueOperations; inboxes: InboxOperations } {
  const { queues, inboxes } = driver;
  if (queues === undefined || inboxes === undefined) throw new Error(`${driver.kind} declares queues but lacks queue or inbox operations`);
  return { queues, inboxes };
}

export function topicsOf(driver: Driver): { topics: TopicOperations; inboxes: InboxOperations } {
  const { topics, inboxes } = driver;
  if (topics === undefined || inboxes === undefined) throw new Error(`${driver.kind} declares topics but lacks topic or inbox operations`);
  return { topics, inboxes };
}

export function streamsOf(driver: Driver): StreamOperations {
  if (driver.streams === undefined) throw new Error(`${driver.kind} declares streams but lacks stream operations`);
  return driver.streams;
}

export interface Body {
  run: string;
  n: number;
  [extra: string]: unknown;
}

export function body(fx: Fixture, n: number, extra: Record<string, unknown> = {}): Uint8Array {
  return new TextEncoder().encode(JSON.stringify({ run: fx.run, n, ...extra }));
}

export function message(fx: Fixture, n: number, fields: Partial<OutboundMessage> = {}): OutboundMessage {
  return { id: `${fx.run}-${n}-${randomUUID().slice(0, 8)}`, headers: { 'content-type': 'application/json' }, data: body(fx, n), ...fields };
}

export function decode<T extends object = Body>(data: Uint8Array): T & Body {
  return JSON.parse(new TextDecoder().decode(data)) as T & Body;
}

/** Whether a delivery belongs to this run (leftovers from earlier runs do not): by its id or its payload. */
export function mine(fx: Fixture, item: { id: string; data: Uint8Array }): boolean {
  if (item.id.startsWith(fx.run)) return true;
  try {
    return decode(item.data).run === fx.run;
  } catch {
    return false;
  }
}

/** Receives, acking and dropping leftovers of earlier runs. */
export async function receiveMine(
  fx: Fixture,
  ops: InboxOperations,
  inbox: InboxRef,
  options: { max: number; waitMs: number; leaseMs?: number },
): Promise<Delivery[]> {
  const deliveries = await ops.receive(inbox, options);
  const ours: Delivery[] = [];
  for (const delivery of deliveries) {
    if (mine(fx, delivery)) ours.push(delivery);
    else await ops.ack(inbox, delivery.lease).catch(() => undefined);
  }
  return ours;
}

/** Receives until `count` deliveries of this run have arrived or `timeoutMs` passes. */
export async function receiveCount(
  fx: Fixture,
  ops: InboxOperations,
  inbox: InboxRef,
  count: number,
  options: { timeoutMs?: number; leaseMs?: number } = {},
): Promise<Delivery[]> {
  const deadline = Date.now() + (options.timeoutMs ?? 5000);
  const got: Delivery[] = [];
  while (got.length < count && Date.now() < deadline) {
    const waitMs = Math.max(1, Math.min(1000, deadline - Date.now()));
    got.push(...(await receiveMine(fx, ops, inbox, { max: count - got.length, waitMs, ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }) })));
  }
  return got;
}

export async function expectCode(promise: Promise<unknown>, code: ErrorCode): Promise<OutriggerError> {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error, `expected an OutriggerError '${code}'`).toBeInstanceOf(OutriggerError);
  expect((error as OutriggerError).code).toBe(code);
  return error as OutriggerError;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it returns true or `timeoutMs` passes; returns whether it did. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 5000, everyMs = 20): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(everyMs);
  }
}

export const quickInbox = { maxDeliveries: 10, leaseMs: 30_000, dedupWindowMs: 600_000 };

/**
 * Checks an inbox's depth. Every driver with inboxes reports it (Service Bus through its
 * administration API), so a refusal of any kind fails the case.
 */
export async function expectDepth(ops: InboxOperations, inbox: InboxRef, expected: Partial<InboxDepth>, exact = true): Promise<void> {
  const depth = await ops.depth(inbox);
  if (exact) expect(depth).toEqual(expected);
  else expect(depth).toMatchObject(expected);
}
