/**
 * Load that runs through a broker outage, for the drivers' outage tests: a producer and
 * consumers that keep going as core would, so that what was confirmed can be checked against
 * what arrived once the broker is back.
 */
import type { InboxOperations, InboxRef } from '../../../src/drivers/contract.js';
import { eventually, sleep } from '../../conformance/support.js';

type Receiver = { inboxes: Pick<InboxOperations, 'receive' | 'ack'> };

export interface Load {
  confirmed: Set<string>;
  received: Set<string>;
  failures: Map<string, number>;
  stop(): Promise<void>;
}

/** Sends (or publishes) and receives as core does: a retriable failure is waited out and tried again. */
export function startLoad(send: (id: string) => Promise<unknown>, receivers: { driver: Receiver; ref: InboxRef }[], prefix: string): Load {
  const confirmed = new Set<string>();
  const received = new Set<string>();
  const failures = new Map<string, number>();
  const count = (err: unknown): void => {
    const code = (err as { code?: string }).code ?? 'other';
    failures.set(code, (failures.get(code) ?? 0) + 1);
  };
  let producing = true;
  let consuming = true;
  let n = 0;
  const produce = async (): Promise<void> => {
    while (producing) {
      const id = `${prefix}${++n}`;
      try {
        await send(id);
        confirmed.add(id);
      } catch (err) {
        count(err);
        await sleep(50);
      }
    }
  };
  const consume = async (driver: Receiver, ref: InboxRef): Promise<void> => {
    while (consuming) {
      try {
        for (const delivery of await driver.inboxes.receive(ref, { max: 10, waitMs: 200 })) {
          received.add(delivery.id);
          await driver.inboxes.ack(ref, delivery.lease).catch(count);
        }
      } catch (err) {
        count(err);
        await sleep(50);
      }
    }
  };
  const producer = produce();
  const consumers = receivers.map(({ driver, ref }) => consume(driver, ref));
  return {
    confirmed,
    received,
    failures,
    stop: async () => {
      producing = false;
      await producer;
      await eventually(() => [...confirmed].every((id) => received.has(id)), 15_000);
      consuming = false;
      await Promise.all(consumers);
    },
  };
}
