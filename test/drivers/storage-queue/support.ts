/**
 * Azurite's queue service for one test file, and drivers on it that are closed after the file.
 * With `{ faults: true }` the drivers reach Azurite through a fault-injecting proxy
 * (test/infra/helpers/storage-fault-proxy.ts), so a test can make the service answer 503 or drop
 * a connection; `sdk()` always talks to Azurite directly.
 */
import { QueueClient } from '@azure/storage-queue';
import { afterAll, beforeAll } from 'vitest';
import type { Delivery, InboxRef, OutboundMessage } from '../../../src/drivers/contract.js';
import { createStorageQueueDriver, type StorageQueueDriver } from '../../../src/drivers/azure-storage-queue/index.js';
import { startAzuriteQueue, type RunningAzuriteQueue } from '../../infra/helpers/azurite.js';
import { startStorageFaultProxy, type StorageFaultProxy } from '../../infra/helpers/storage-fault-proxy.js';

export interface StorageQueueHarness {
  readonly azurite: RunningAzuriteQueue;
  /** The proxy between the drivers and Azurite (only with `{ faults: true }`). */
  readonly faults: StorageFaultProxy;
  /** A connected driver (closed after the file); `settings` are added to the connection string. */
  driver(settings?: Record<string, unknown>): Promise<StorageQueueDriver>;
  /** A fresh queue, ensured on `driver`. */
  queue(driver: StorageQueueDriver, settings?: { maxDeliveries?: number; leaseMs?: number }): Promise<InboxRef & { kind: 'queue' }>;
  /** The plain SDK on a queue, as any other client would use it. */
  sdk(queue: string): QueueClient;
}

export function useAzuriteQueue(options: { faults?: boolean } = {}): StorageQueueHarness {
  let azurite: RunningAzuriteQueue | undefined;
  let proxy: StorageFaultProxy | undefined;
  const opened: StorageQueueDriver[] = [];
  let counter = 0;
  beforeAll(async () => {
    azurite = await startAzuriteQueue();
    if (options.faults === true) proxy = await startStorageFaultProxy(azurite.queueEndpoint);
  });
  afterAll(async () => {
    await Promise.allSettled(opened.map((driver) => driver.close()));
    await proxy?.close();
    await azurite?.stop();
  });
  const running = (): RunningAzuriteQueue => {
    if (azurite === undefined) throw new Error('Azurite is not running yet');
    return azurite;
  };
  return {
    get azurite() {
      return running();
    },
    get faults() {
      if (proxy === undefined) throw new Error('useAzuriteQueue({ faults: true }) starts the fault proxy');
      return proxy;
    },
    async driver(settings = {}) {
      const connectionString = proxy?.connectionString ?? running().connectionString;
      const driver = await createStorageQueueDriver({ name: 'store', settings: { connectionString, pollMaxMs: 200, ...settings }, dataDir: '.' });
      await driver.connect();
      opened.push(driver);
      return driver;
    },
    async queue(driver, settings = {}) {
      const queue = `sq-${process.pid}-${++counter}`;
      await driver.queues.ensureQueue(queue, { maxDeliveries: settings.maxDeliveries ?? 10, leaseMs: settings.leaseMs ?? 30_000, dedupWindowMs: 0 });
      return { kind: 'queue', queue };
    },
    sdk: (queue) => new QueueClient(running().connectionString, queue),
  };
}

export function message(n: number, fields: Partial<OutboundMessage> = {}): OutboundMessage {
  return { id: `m-${n}`, headers: { 'content-type': 'text/plain', 'ce-type': 'Test' }, data: new TextEncoder().encode(`body ${n}`), ...fields };
}

export async function receiveOne(driver: StorageQueueDriver, inbox: InboxRef, options: { timeoutMs?: number; leaseMs?: number } = {}): Promise<Delivery> {
  const deadline = Date.now() + (options.timeoutMs ?? 4000);
  while (Date.now() < deadline) {
    const [delivery] = await driver.inboxes.receive(inbox, { max: 1, waitMs: 200, ...(options.leaseMs === undefined ? {} : { leaseMs: options.leaseMs }) });
    if (delivery !== undefined) return delivery;
  }
  throw new Error('no delivery arrived');
}

export const text = (data: Uint8Array): string => new TextDecoder().decode(data);
