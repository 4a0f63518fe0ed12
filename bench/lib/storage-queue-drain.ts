/**
 * The two SDK consumers of the Storage Queues receive + delete comparison (run-storage-queue.ts),
 * both counting deletes: one shaped like the daemon's pump, and the plainest loop.
 */
import type { QueueClient } from '@azure/storage-queue';
import { rateOf, type CpuMeter, type MessageRate } from './message-rate.js';

/** The service hands out at most 32 messages per receive. */
const RECEIVE_MAX = 32;

export interface DrainOptions {
  /** Messages in flight at most. */
  workers: number;
  /** Deletes to wait for. */
  backlog: number;
  log(message: string): void;
}

/** The SDK consumer: at most W messages in flight, a receive for the free slots as soon as there are any. */
export async function directDrain(client: QueueClient, meter: CpuMeter, { workers, backlog, log }: DrainOptions): Promise<MessageRate> {
  let handled = 0;
  let inFlight = 0;
  let stop = false;
  let slotFreed: (() => void) | undefined;
  const loop = (async () => {
    while (!stop) {
      const capacity = Math.min(workers - inFlight, RECEIVE_MAX);
      if (capacity <= 0) {
        await new Promise<void>((resolve) => (slotFreed = resolve));
        continue;
      }
      const { receivedMessageItems } = await client.receiveMessages({ numberOfMessages: capacity, visibilityTimeout: 60 });
      if (receivedMessageItems.length === 0) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      for (const item of receivedMessageItems) {
        inFlight++;
        void client
          .deleteMessage(item.messageId, item.popReceipt)
          .then(() => handled++)
          .catch((err: unknown) => log(`direct delete failed: ${(err as Error).message}`))
          .finally(() => {
            inFlight--;
            const wake = slotFreed;
            slotFreed = undefined;
            wake?.();
          });
      }
    }
  })();
  const result = await rateOf(() => handled, backlog, 180_000, meter);
  stop = true;
  slotFreed?.();
  await loop;
  return result;
}

/** The plainest SDK consumer: receive up to 32, delete them all (concurrently), receive again. */
export async function directDrainBatches(client: QueueClient, meter: CpuMeter, { workers, backlog }: DrainOptions): Promise<MessageRate> {
  let handled = 0;
  let stop = false;
  const loop = (async () => {
    while (!stop) {
      const { receivedMessageItems } = await client.receiveMessages({ numberOfMessages: Math.min(workers, RECEIVE_MAX), visibilityTimeout: 60 });
      if (receivedMessageItems.length === 0) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      await Promise.all(receivedMessageItems.map((item) => client.deleteMessage(item.messageId, item.popReceipt).then(() => handled++)));
    }
  })();
  const result = await rateOf(() => handled, backlog, 180_000, meter);
  stop = true;
  await loop;
  return result;
}
