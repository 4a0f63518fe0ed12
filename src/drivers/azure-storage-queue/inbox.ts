/**
 * Leased consumption of Storage queues: a receive hides messages for the lease (the visibility
 * timeout), ack deletes with the pop receipt, nack updates the visibility, renew updates it again
 * (and takes the new pop receipt, lease.ts). Attempts are the service's dequeue count minus the
 * releases stamped in the envelope; past maxDeliveries a message goes to `<queue>-poison`
 * (poison.ts) instead of being delivered. Storage Queues have no long poll, so an empty receive
 * polls again with a doubling pause until waitMs is up.
 */
import type { QueueReceiveMessageResponse } from '@azure/storage-queue';
import { OutriggerError } from '../../kernel/errors.js';
import { sleepUnlessAborted } from '../../kernel/sleep.js';
import type { DeadLetter, Delivery, InboxDepth, InboxOperations, InboxRef, InboxSettings, NackOptions, ReceiveOptions } from '../contract.js';
import type { StorageQueueClients } from './clients.js';
import { decodeMessage, encodeText, restamp } from './envelope.js';
import { leaseExpired } from './errors.js';
import { decodeLease, encodeLease, HeldMessages, type Held, type LeaseToken } from './lease.js';
import type { PoisonQueues } from './poison.js';
import type { MessageEncoding } from './settings.js';
import { delaySeconds, leaseSeconds } from './visibility.js';

export const MAX_DELIVERIES_EXCEEDED = 'max_deliveries_exceeded';
export const REJECTED_BY_CONSUMER = 'rejected_by_consumer';

/** The service hands out at most 32 messages per receive. */
const RECEIVE_MAX = 32;
const FIRST_PAUSE_MS = 50;
/** Lease when the queue was never ensured (the daemon always ensures; tests may not). */
const DEFAULT_LEASE_MS = 30_000;

type ReceivedItem = QueueReceiveMessageResponse['receivedMessageItems'][number];

export interface InboxDeps {
  broker: string;
  /** Functions, because the clients exist only once the driver is connected. */
  clients(): StorageQueueClients;
  poison(): PoisonQueues;
  encoding: MessageEncoding;
  pollMaxMs: number;
  inboxSettings(queue: string): InboxSettings | undefined;
}

export class StorageQueueInboxes implements InboxOperations {
  readonly #deps: InboxDeps;
  readonly #held = new Map<string, HeldMessages>();
  /** Messages dropped on receive because their envelope's expiry had passed, for eventCounts. */
  expiredDropped = 0;
  /** Settlements and renewals the service refused because the pop receipt was stale. */
  leasesLost = 0;

  constructor(deps: InboxDeps) {
    this.#deps = deps;
  }

  async receive(inbox: InboxRef, options: ReceiveOptions): Promise<Delivery[]> {
    const queue = queueOf(inbox);
    const client = this.#deps.clients().queue(queue);
    const settings = this.#deps.inboxSettings(queue);
    const visibility = leaseSeconds(options.leaseMs ?? settings?.leaseMs ?? DEFAULT_LEASE_MS);
    const numberOfMessages = Math.max(1, Math.min(options.max, RECEIVE_MAX));
    const deadline = Date.now() + options.waitMs;
    this.#heldIn(queue).prune();
    let pause = FIRST_PAUSE_MS;
    for (;;) {
      if (options.signal?.aborted === true) return [];
      // Not aborted mid-call: messages the service hid for us would stay hidden for the lease.
      const startedAt = Date.now();
      const response = await this.#deps.clients().call(`receiving from queue '${queue}'`, () => client.receiveMessages({ numberOfMessages, visibilityTimeout: visibility }));
      const deliveries: Delivery[] = [];
      let skipped = 0;
      for (const item of response.receivedMessageItems) {
        const delivery = await this.#admit(queue, item, settings, startedAt + visibility * 1000);
        if (delivery === undefined) skipped++;
        else deliveries.push(delivery);
      }
      if (deliveries.length > 0) return deliveries;
      if (skipped > 0) continue; // expired or poisoned ones were taken out: look again at once
      const left = deadline - Date.now();
      if (left <= 0) return [];
      await sleepUnlessAborted(Math.min(pause, left), options.signal);
      pause = Math.min(pause * 2, this.#deps.pollMaxMs);
    }
  }

  async ack(inbox: InboxRef, lease: string): Promise<void> {
    const queue = queueOf(inbox);
    const token = decodeLease(lease);
    const held = this.#heldIn(queue);
    await this.#settle(`acknowledging a message of queue '${queue}'`, () => this.#deps.clients().queue(queue).deleteMessage(token.messageId, held.receiptFor(token)));
    held.drop(token);
  }

  async nack(inbox: InboxRef, lease: string, options: NackOptions = {}): Promise<void> {
    const queue = queueOf(inbox);
    const token = decodeLease(lease);
    const heldIn = this.#heldIn(queue);
    const held = heldIn.find(token);
    const client = this.#deps.clients().queue(queue);
    const action = `giving back a message of queue '${queue}'`;
    if (options.deadLetter === true) {
      // The poison copy needs the message itself, which only the sidecar that received it has.
      const decoded = held?.decoded;
      if (held === undefined || decoded === undefined) throw leaseExpired(`dead-lettering a message of queue '${queue}'`, this.#deps.broker);
      await this.#settle(`dead-lettering a message of queue '${queue}'`, () =>
        this.#deps.poison().move(queue, { messageId: token.messageId, popReceipt: held.popReceipt, decoded, enqueuedAt: held.enqueuedAt }, options.reason ?? REJECTED_BY_CONSUMER, held.attempt),
      );
    } else if (options.release === true && held?.decoded?.ours === true) {
      // A release is not an attempt: stamped in the envelope, subtracted from the dequeue count.
      const text = encodeText(restamp(held.decoded, { released: held.decoded.released + 1 }), this.#deps.encoding);
      const seconds = delaySeconds(options.retryAfterMs ?? 0, 'a release delay');
      await this.#settle(action, () => client.updateMessage(token.messageId, held.popReceipt, text, seconds));
    } else {
      // Another client's message is never rewritten, so releasing it counts as an attempt.
      const seconds = delaySeconds(options.retryAfterMs ?? 0, options.release === true ? 'a release delay' : 'a retry delay');
      await this.#settle(action, () => client.updateMessage(token.messageId, heldIn.receiptFor(token), undefined, seconds));
    }
    heldIn.drop(token);
  }

  async renew(inbox: InboxRef, lease: string, leaseMs: number): Promise<number> {
    const queue = queueOf(inbox);
    const token = decodeLease(lease);
    const heldIn = this.#heldIn(queue);
    const seconds = leaseSeconds(leaseMs);
    const startedAt = Date.now();
    const response = await this.#settle(`renewing the lease on a message of queue '${queue}'`, () =>
      this.#deps.clients().queue(queue).updateMessage(token.messageId, heldIn.receiptFor(token), undefined, seconds),
    );
    const until = startedAt + seconds * 1000;
    const held = heldIn.find(token);
    if (response.popReceipt === undefined) throw new OutriggerError('internal', `renewing a lease on queue '${queue}': the service returned no pop receipt`);
    if (held !== undefined) {
      held.popReceipt = response.popReceipt;
      held.leaseExpiresAt = until;
    } else {
      // Renewed for a lease received elsewhere (or before a restart): from now on this sidecar holds the receipt.
      heldIn.hold({ token, popReceipt: response.popReceipt, attempt: 0, enqueuedAt: 0, leaseExpiresAt: until });
    }
    return until;
  }

  listDeadLetters(inbox: InboxRef, options: { limit: number }): Promise<DeadLetter[]> {
    return this.#deps.poison().list(queueOf(inbox), options.limit);
  }

  redrive(inbox: InboxRef, options: { ids?: string[] }): Promise<number> {
    return this.#deps.poison().redrive(queueOf(inbox), options.ids);
  }

  /**
   * approximateMessagesCount counts hidden messages too; a peek (up to 32) sees only the visible
   * ones, so below 32 the split between ready and in flight is exact (delayed messages count as
   * in flight). The counts are approximate on Azure, as the service says.
   */
  async depth(inbox: InboxRef): Promise<InboxDepth> {
    const queue = queueOf(inbox);
    const client = this.#deps.clients().queue(queue);
    const [properties, peeked, deadLettered] = await Promise.all([
      this.#deps.clients().call(`reading queue '${queue}'`, () => client.getProperties()),
      this.#deps.clients().call(`peeking queue '${queue}'`, () => client.peekMessages({ numberOfMessages: RECEIVE_MAX })),
      this.#deps.poison().depth(queue),
    ]);
    const total = properties.approximateMessagesCount ?? 0;
    const visible = peeked.peekedMessageItems.length;
    const ready = visible < RECEIVE_MAX ? Math.min(visible, total) : Math.max(visible, total - this.#heldIn(queue).live().length);
    return { ready, inFlight: Math.max(0, total - ready), deadLettered };
  }

  /** Gives back every message this sidecar still holds, without counting the attempt (shutdown). */
  async releaseAll(): Promise<void> {
    const releases: Array<Promise<void>> = [];
    for (const [queue, heldIn] of this.#held) {
      for (const held of heldIn.live()) {
        releases.push(this.nack({ kind: 'queue', queue }, encodeLease(held.token), { release: true }).catch(() => undefined));
      }
    }
    await Promise.all(releases);
  }

  /** A delivery, or undefined when the message was expired (deleted) or past maxDeliveries (poisoned). */
  async #admit(queue: string, item: ReceivedItem, settings: InboxSettings | undefined, leaseExpiresAt: number): Promise<Delivery | undefined> {
    const decoded = decodeMessage(item.messageText, this.#deps.encoding, { messageId: item.messageId, queue });
    const client = this.#deps.clients().queue(queue);
    if (decoded.expiresAt !== undefined && decoded.expiresAt <= Date.now()) {
      // The service's TTL is whole seconds; the envelope's expiry is exact.
      await client.deleteMessage(item.messageId, item.popReceipt).catch(() => undefined);
      this.expiredDropped++;
      return undefined;
    }
    const attempt = Math.max(1, item.dequeueCount - decoded.released);
    const enqueuedAt = item.insertedOn.getTime();
    if (settings !== undefined && attempt > settings.maxDeliveries) {
      // A failed move must not cost the batch's other deliveries: this one stays hidden for the
      // lease and is moved when it comes back (at worst a duplicate in the poison queue).
      await this.#deps
        .poison()
        .move(queue, { messageId: item.messageId, popReceipt: item.popReceipt, decoded, enqueuedAt }, MAX_DELIVERIES_EXCEEDED, attempt - 1)
        .catch(() => undefined);
      return undefined;
    }
    const token: LeaseToken = { messageId: item.messageId, popReceipt: item.popReceipt };
    const held: Held = { token, popReceipt: item.popReceipt, decoded, attempt, enqueuedAt, leaseExpiresAt };
    this.#heldIn(queue).hold(held);
    return {
      id: decoded.id,
      lease: encodeLease(token),
      attempt,
      headers: decoded.headers,
      data: decoded.data,
      ...(decoded.orderingKey === undefined ? {} : { orderingKey: decoded.orderingKey }),
      enqueuedAt,
      leaseExpiresAt,
    };
  }

  /** Runs a settlement; a stale pop receipt is counted as a lost lease. */
  async #settle<T>(action: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await this.#deps.clients().call(action, fn);
    } catch (err) {
      if (err instanceof OutriggerError && err.code === 'lease_expired') this.leasesLost++;
      throw err;
    }
  }

  #heldIn(queue: string): HeldMessages {
    let held = this.#held.get(queue);
    if (held === undefined) {
      held = new HeldMessages();
      this.#held.set(queue, held);
    }
    return held;
  }
}

function queueOf(inbox: InboxRef): string {
  if (inbox.kind !== 'queue') throw new OutriggerError('unsupported_operation', 'Storage Queues have no topic subscriptions');
  return inbox.queue;
}
