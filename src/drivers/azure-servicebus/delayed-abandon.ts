/**
 * Nack with a delay on a subscription, and release with a delay anywhere. A queue takes a
 * scheduled copy for a retry, but a copy sent to a topic would reach every subscription, a copy
 * would count a release's attempt, and Service Bus has no delayed abandon. So the driver keeps the
 * message locked for the delay, renewing the lock, and abandons it when the delay is over: the
 * message stays invisible for that long and then comes back, its attempt counted (a retry) or not
 * (a release, whose abandon records it).
 *
 * Safe by construction: if the sidecar stops first, close() abandons it at once; if the sidecar
 * dies or a renewal fails, the lock expires and the message comes back sooner. Never lost, never
 * dead-lettered by the wait. The delay cannot outlast lockRenewalMaxMs after receipt (it is cut
 * short there), and each waiting message holds its receiver link open.
 */
import type { ServiceBusReceivedMessage, ServiceBusReceiver } from '@azure/service-bus';

interface Waiting {
  receiver: ServiceBusReceiver;
  message: ServiceBusReceivedMessage;
  /** Written with the abandon (a release's record, so the attempt is not counted). */
  properties: Record<string, number> | undefined;
  timer: NodeJS.Timeout | undefined;
}

export class DelayedAbandons {
  readonly #waiting = new Set<Waiting>();

  get size(): number {
    return this.#waiting.size;
  }

  /** True while a waiting message was taken through this receiver (it must stay open). */
  uses(receiver: ServiceBusReceiver): boolean {
    return [...this.#waiting].some((waiting) => waiting.receiver === receiver);
  }

  /** Abandons the message at `until` (ms since epoch), renewing its lock until then. */
  hold(receiver: ServiceBusReceiver, message: ServiceBusReceivedMessage, until: number, properties?: Record<string, number>): void {
    const waiting: Waiting = { receiver, message, properties, timer: undefined };
    this.#waiting.add(waiting);
    let lockedUntil = message.lockedUntilUtc?.getTime() ?? Date.now();
    const step = async (): Promise<void> => {
      if (!this.#waiting.has(waiting)) return;
      const now = Date.now();
      if (now >= until) return this.#abandon(waiting);
      if (lockedUntil - now < Math.max(200, (until - now) / 2) && lockedUntil < until) {
        try {
          lockedUntil = (await receiver.renewMessageLock(message)).getTime();
        } catch {
          // The lock is gone: the broker redelivers on its own.
          this.#waiting.delete(waiting);
          return;
        }
      }
      // Wake at the end of the delay, or half-way to the lock's expiry to renew it.
      const next = Math.min(until, Date.now() + Math.max(50, (lockedUntil - Date.now()) / 2));
      waiting.timer = setTimeout(() => void step(), Math.max(0, next - Date.now()));
      waiting.timer.unref();
    };
    void step();
  }

  /** Abandons every waiting message now (shutdown): they come back at once. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.#waiting].map((waiting) => this.#abandon(waiting)));
  }

  async #abandon(waiting: Waiting): Promise<void> {
    if (!this.#waiting.delete(waiting)) return;
    clearTimeout(waiting.timer);
    await waiting.receiver.abandonMessage(waiting.message, waiting.properties).catch(() => undefined);
  }
}
