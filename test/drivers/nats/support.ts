/**
 * What the NATS driver test files share: unique names per run, drivers opened against the
 * machine's nats-server (closed after the file), a plain client, and cleanup of every stream
 * the file created. Call natsTestKit() at the top of a test file: it registers the hooks.
 */
import { randomUUID } from 'node:crypto';
import type { NatsConnection } from '@nats-io/transport-node';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Delivery, InboxRef } from '../../../src/drivers/contract.js';
import { createNatsDriver, type NatsDriver } from '../../../src/drivers/nats/index.js';
import { deleteStreamsSince, natsUrl, plainNats } from '../../infra/helpers/nats.js';

export interface NatsTestKit {
  run: string;
  /** A resource name unique to this run. */
  name(prefix: string): string;
  /** A connected driver, closed after the file. */
  open(): Promise<NatsDriver>;
  /** The plain client connection (after beforeAll). */
  plain(): NatsConnection;
}

export function natsTestKit(): NatsTestKit {
  const run = randomUUID().slice(0, 8);
  const started = new Date();
  const opened: NatsDriver[] = [];
  let plain: NatsConnection | undefined;
  let counter = 0;
  beforeAll(async () => {
    plain = await plainNats();
  });
  afterAll(async () => {
    await Promise.all(opened.map((driver) => driver.close()));
    await plain?.close();
    await deleteStreamsSince(started, (stream) => stream.includes(run));
  });
  return {
    run,
    name: (prefix) => `nd${prefix}-${run}-${++counter}`,
    open: async () => {
      const driver = await createNatsDriver({ name: 'test', settings: { servers: natsUrl }, dataDir: '.' });
      await driver.connect();
      opened.push(driver);
      return driver;
    },
    plain: () => {
      if (plain === undefined) throw new Error('the plain NATS client connects in beforeAll');
      return plain;
    },
  };
}

export const inbox = { maxDeliveries: 3, leaseMs: 30_000, dedupWindowMs: 600_000 };

export const text = (data: Uint8Array): string => new TextDecoder().decode(data);

export async function receiveOne(driver: NatsDriver, ref: InboxRef, waitMs = 3000): Promise<Delivery> {
  const [delivery] = await driver.inboxes.receive(ref, { max: 1, waitMs });
  expect(delivery, 'a delivery').toBeDefined();
  return delivery as Delivery;
}
