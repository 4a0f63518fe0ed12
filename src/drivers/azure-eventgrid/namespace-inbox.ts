/**
 * Pulling a namespace topic's event subscription, with lock tokens as leases.
 *
 * - receive: `:receive` with maxEvents ≤ 100 and a long poll of 10 to 120 s (the service's
 *   bounds: a shorter wait is asked as 10 s, and answers at once when events are there). The
 *   delivery count is the attempt; an event past the inbox's maxDeliveries is rejected
 *   (dead-lettered) instead of delivered, as the subscription's own max delivery count would.
 * - The lock is the subscription's lock duration (60 to 300 s, set in Azure); the expiry
 *   reported is the shortest, 60 s after receive or renewal, so renewing in time never depends
 *   on how the subscription was set up.
 * - ack = acknowledge; nack = release, its delay rounded up to one the service offers (0, 10 s,
 *   1 min, 10 min, 1 h); dead-letter = reject; renew = renewLock. A token the service reports
 *   as failed is `lease_expired`.
 * - A release on shutdown still counts as a delivery: the service counts every receive.
 */
import { OutriggerError } from '../../kernel/errors.js';
import type { DeadLetter, Delivery, InboxDepth, InboxOperations, InboxRef, NackOptions, ReceiveOptions } from '../contract.js';
import type { EventGridClients } from './clients.js';
import { fromCloudEvent, type WireEvent } from './codec.js';
import { MAX_LOCK_TOKENS } from './limits.js';

/** The shortest lock an event subscription can have. */
export const LOCK_MS = 60_000;
const RELEASE_DELAYS = [0, 10, 60, 600, 3600];

interface ReceivedDetail {
  brokerProperties: { lockToken: string; deliveryCount: number };
  event: WireEvent;
}

interface LockResult {
  failedLockTokens: Array<{ lockToken: string; error?: { message?: string } }>;
}

export class NamespaceInboxes implements InboxOperations {
  readonly #clients: () => EventGridClients;
  readonly #maxDeliveries: (ref: InboxRef) => number;
  /** Events rejected on receive for having been delivered maxDeliveries times, for eventCounts. */
  overDelivered = 0;

  constructor(clients: () => EventGridClients, maxDeliveries: (ref: InboxRef) => number) {
    this.#clients = clients;
    this.#maxDeliveries = maxDeliveries;
  }

  async receive(inbox: InboxRef, options: ReceiveOptions): Promise<Delivery[]> {
    const { topic, subscription } = subscriptionOf(inbox);
    const clients = this.#clients();
    const receiver = clients.receiver(topic, subscription);
    const maxEvents = Math.max(1, Math.min(MAX_LOCK_TOKENS, options.max));
    const maxWaitTime = Math.min(120, Math.max(10, Math.ceil(options.waitMs / 1000)));
    let raw: unknown;
    await clients.call(`receiving from '${topic}/${subscription}'`, () =>
      receiver.receiveEvents({
        maxEvents,
        maxWaitTime,
        onResponse: (response: { parsedBody?: unknown }) => (raw = response.parsedBody),
        ...(options.signal === undefined ? {} : { abortSignal: options.signal }),
      }),
    );
    const details = ((raw as { value?: ReceivedDetail[] } | undefined)?.value ?? []).filter((d) => typeof d?.brokerProperties?.lockToken === 'string');
    const limit = this.#maxDeliveries(inbox);
    const over = details.filter((d) => d.brokerProperties.deliveryCount > limit);
    if (over.length > 0) {
      this.overDelivered += over.length;
      await this.#lock('reject', inbox, over.map((d) => d.brokerProperties.lockToken)).catch(() => undefined);
    }
    const now = Date.now();
    return details
      .filter((d) => d.brokerProperties.deliveryCount <= limit)
      .map((d) => {
        const { id, headers, data } = fromCloudEvent(d.event);
        const time = Date.parse(String(d.event['time'] ?? ''));
        return { id, lease: d.brokerProperties.lockToken, attempt: d.brokerProperties.deliveryCount, headers, data, enqueuedAt: Number.isNaN(time) ? now : time, leaseExpiresAt: now + LOCK_MS };
      });
  }

  async ack(inbox: InboxRef, lease: string): Promise<void> {
    await this.#settle('acknowledge', inbox, lease);
  }

  async nack(inbox: InboxRef, lease: string, options: NackOptions = {}): Promise<void> {
    if (options.deadLetter === true) return this.#settle('reject', inbox, lease);
    await this.#settle('release', inbox, lease, releaseDelaySeconds(options.retryAfterMs ?? 0));
  }

  async renew(inbox: InboxRef, lease: string, _leaseMs: number): Promise<number> {
    await this.#settle('renewLock', inbox, lease);
    return Date.now() + LOCK_MS;
  }

  async listDeadLetters(inbox: InboxRef): Promise<DeadLetter[]> {
    throw noDeadLetterAccess(inbox);
  }

  async redrive(inbox: InboxRef): Promise<number> {
    throw noDeadLetterAccess(inbox);
  }

  async depth(inbox: InboxRef): Promise<InboxDepth> {
    const { topic, subscription } = subscriptionOf(inbox);
    throw new OutriggerError('unsupported_operation', `Event Grid has no data-plane call that counts the events of '${topic}/${subscription}'; see the subscription's metrics in Azure Monitor`);
  }

  /** Probes the subscription without touching its events: renewing a lock nobody holds fails per token, an unknown subscription fails the call (404). */
  async exists(topic: string, subscription: string): Promise<void> {
    const clients = this.#clients();
    const receiver = clients.receiver(topic, subscription);
    await clients.call(`checking event subscription '${topic}/${subscription}'`, () => receiver.renewEventLocks(['outrigger-probe']));
  }

  async #settle(action: 'acknowledge' | 'release' | 'reject' | 'renewLock', inbox: InboxRef, lease: string, delaySeconds?: number): Promise<void> {
    checkLease(lease);
    const result = await this.#lock(action, inbox, [lease], delaySeconds);
    const failed = result.failedLockTokens.find((f) => f.lockToken === lease);
    if (failed !== undefined) {
      const { topic, subscription } = subscriptionOf(inbox);
      throw new OutriggerError('lease_expired', `${action} on '${topic}/${subscription}': the lock is no longer held (${failed.error?.message ?? 'lock token not valid'}); the event may be delivered again`);
    }
  }

  #lock(action: 'acknowledge' | 'release' | 'reject' | 'renewLock', inbox: InboxRef, tokens: string[], delaySeconds?: number): Promise<LockResult> {
    const { topic, subscription } = subscriptionOf(inbox);
    const clients = this.#clients();
    const receiver = clients.receiver(topic, subscription);
    const what = `${action} on '${topic}/${subscription}'`;
    switch (action) {
      case 'acknowledge':
        return clients.call(what, () => receiver.acknowledgeEvents(tokens));
      case 'reject':
        return clients.call(what, () => receiver.rejectEvents(tokens));
      case 'renewLock':
        return clients.call(what, () => receiver.renewEventLocks(tokens));
      case 'release':
        return clients.call(what, () => receiver.releaseEvents(tokens, delaySeconds ? { releaseDelay: String(delaySeconds) } : {}));
    }
  }
}

/** The shortest delay the service offers that is no shorter than asked (at most an hour). */
export function releaseDelaySeconds(retryAfterMs: number): number {
  if (retryAfterMs <= 0) return 0;
  return RELEASE_DELAYS.find((delay) => delay * 1000 >= retryAfterMs) ?? 3600;
}

function subscriptionOf(inbox: InboxRef): { topic: string; subscription: string } {
  if (inbox.kind !== 'subscription') throw new OutriggerError('unsupported_operation', 'Event Grid has topics only, no queues');
  return { topic: inbox.topic, subscription: inbox.subscription };
}

function checkLease(lease: string): void {
  if (typeof lease !== 'string' || lease === '' || lease.length > 512) throw new OutriggerError('invalid_lease', 'the lease is not one this broker handed out (an Event Grid lock token)');
}

function noDeadLetterAccess(inbox: InboxRef): OutriggerError {
  const name = inbox.kind === 'subscription' ? `${inbox.topic}/${inbox.subscription}` : inbox.queue;
  return new OutriggerError('unsupported_operation', `Event Grid writes the dead letters of '${name}' to the blob container set as the subscription's dead-letter destination; the data plane cannot list or redrive them`);
}
