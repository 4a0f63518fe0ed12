/**
 * Leased consumption on Service Bus: peek-lock receivers (kept and reused per inbox), the lease
 * being the message's lock token. Settlement goes through the receiver that took the message.
 *
 * Leases: a delivery's lease ends at the earlier of the broker's lock expiry and the lease the
 * caller asked for (the entity's lock duration cannot be changed per receive). When a shorter
 * lease runs out, the driver abandons the message, so it is delivered again with the attempt
 * counted, just as when the broker's lock expires. If the sidecar dies, the broker's lock does it.
 */
import { randomUUID } from 'node:crypto';
import type { ServiceBusReceivedMessage, ServiceBusReceiver } from '@azure/service-bus';
import Long from 'long';
import { OutriggerError } from '../../kernel/errors.js';
import type { DeadLetter, Delivery, InboxDepth, InboxOperations, InboxRef, NackOptions, ReceiveOptions } from '../contract.js';
import {
  attemptOf,
  copyOf,
  deadLetterOptions,
  deliveryOf,
  idOf,
  MAX_DELIVERIES_EXCEEDED,
  REJECTED_BY_CONSUMER,
  RELEASED,
  releasedOf,
  toDeadLetter,
} from './codec.js';
import { leaseExpired, toServiceBusError } from './errors.js';
import { describeInbox } from '../inbox-names.js';
import { DelayedAbandons } from './delayed-abandon.js';
import { InboxStream } from './inbox-stream.js';
import { deliveryOrder, SettleBatch } from './settle-batch.js';
import type { ServiceBusDepth } from './depth.js';
import type { CoalescingSender } from './sender.js';
import { SessionInboxes } from './session-inbox.js';
import type { SessionContext } from './session-pool.js';
import { detachSessionId, orderingKeyOf } from './session-ids.js';
import type { NamespaceThrottle } from './throttle.js';
import { abortConnection, guardedReceive, isUsable } from './watchdog.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The shortest lock duration Service Bus lets an entity have. */
const MIN_LOCK_MS = 5000;
/** One redrive call moves at most this many dead letters. */
const REDRIVE_LIMIT = 1000;

/** What the session side needs (broker, settings, client, inbox settings), and more. */
export interface InboxContext extends SessionContext {
  /** The coalescing sender of a queue or topic (created once, reused). */
  sender(entity: string): CoalescingSender;
  /** ServerBusy back-off shared by the whole namespace. */
  readonly throttle: NamespaceThrottle;
  /** Message counts from the administration API (depth.ts). */
  readonly depth: ServiceBusDepth;
}

interface Held {
  ref: InboxRef;
  message: ServiceBusReceivedMessage;
  receiver: ServiceBusReceiver;
  attempt: number;
  receivedAt: number;
  leaseUntil: number;
  timer: NodeJS.Timeout | undefined;
  /** A streamed message's credit, given back when it is no longer held (inbox-stream.ts). */
  done: (() => void) | undefined;
}

interface Pool {
  idle: ServiceBusReceiver[];
  all: Set<ServiceBusReceiver>;
  waiting: ((receiver: ServiceBusReceiver) => void)[];
}

export class ServiceBusInboxes implements InboxOperations {
  readonly #context: InboxContext;
  readonly #pools = new Map<string, Pool>();
  readonly #held = new Map<string, Held>();
  /** Subscription messages nacked with a delay, locked until it is over (delayed-abandon.ts). */
  readonly #delayed = new DelayedAbandons();
  /** Receivers out of use whose taken messages may still be settled through them. */
  readonly #retired = new Set<ServiceBusReceiver>();
  /** Longest lock seen per inbox: the entity's lock duration, learned from its deliveries. */
  readonly #lockMs = new Map<string, number>();
  /** Flowing-credit receivers of continuous callers, per inbox, while messages flow (inbox-stream.ts). */
  readonly #streams = new Map<string, InboxStream>();
  /** The most a continuous caller asked for at once, per inbox: its stream's window. */
  readonly #widest = new Map<string, number>();
  #closed = false;
  /** Settlements and returned credit of one turn go out together (settle-batch.ts). */
  readonly #batch = new SettleBatch();
  /** Receivers closed and replaced because they stalled, failed or the SDK closed them (diagnostics, tests). */
  receiversReplaced = 0;
  /** Receives the watchdog ended because the link went silent (each also reset the connection). */
  stalls = 0;
  /** Settlements and renewals the broker refused because the message's lock was lost. */
  messageLocksLost = 0;
  /** Leases that ran out while held, the message abandoned by the driver. */
  leasesExpired = 0;
  /** Messages a stream locked that no caller took, given back uncounted (diagnostics, tests). */
  streamReleases = 0;

  /** Session-enabled queues and subscriptions (ordering keys) are read here instead. */
  readonly sessions: SessionInboxes;

  constructor(context: InboxContext) {
    this.#context = context;
    this.sessions = new SessionInboxes(context);
  }

  /** Messages held right now (tests, diagnostics). */
  get heldCount(): number {
    return this.#held.size;
  }

  /** Inboxes read by a flowing-credit stream right now (tests, diagnostics). */
  get streamCount(): number {
    return this.#streams.size;
  }

  async receive(ref: InboxRef, options: ReceiveOptions): Promise<Delivery[]> {
    checkReceive(options);
    if (options.signal?.aborted) return [];
    const action = `receiving from ${describeInbox(ref)}`;
    this.#context.throttle.check(action);
    if (ref.kind === 'queue' && ref.session !== undefined) return this.sessions.receiveSession({ ...ref, session: ref.session }, options);
    const key = inboxKey(ref);
    if (await this.sessions.isSessionful(ref, key)) return this.sessions.receive(ref, key, options);
    if (options.continuous === true) {
      this.#widest.set(key, Math.max(this.#widest.get(key) ?? 0, options.max));
      const stream = this.#streams.get(key);
      if (stream !== undefined) return this.#fromStream(ref, stream, options);
    }
    const receiver = await this.#take(ref);
    // A continuous caller's pull takes one message: the stream that follows locks the rest, within
    // what the caller has room for.
    const max = options.continuous === true ? 1 : options.max;
    let messages: ServiceBusReceivedMessage[];
    let stalled = false;
    try {
      ({ messages, stalled } = await guardedReceive(receiver, this.#prefetchLimit(ref, max), {
        waitMs: options.waitMs,
        stallMs: this.#context.settings.receiveStallMs,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      }));
      if (stalled) {
        this.stalls++;
        abortConnection(this.#context.client());
      }
    } catch (err) {
      // A receiver that failed is never reused: after a connection loss its link may take
      // messages (locking them) that no later receive call is handed.
      stalled = true;
      if (options.signal?.aborted) return [];
      this.#context.throttle.note(err);
      throw toServiceBusError(err, { broker: this.#context.broker, action });
    } finally {
      if (stalled) this.#discard(ref, receiver);
      else this.#give(ref, receiver);
    }
    const deliveries = await this.#deliveries(ref, receiver, messages.map((message) => ({ message, done: undefined })), options);
    // Messages flow: a continuous caller is served by a stream from now on, until it idles.
    if (options.continuous === true && deliveries.length > 0) this.#startStream(ref, key);
    return deliveries;
  }

  async #fromStream(ref: InboxRef, stream: InboxStream, options: ReceiveOptions): Promise<Delivery[]> {
    const taken = await stream.take(options.max, options.waitMs, options.signal);
    // Nothing within the wait (or the caller is stopping): back to watchdog-guarded pull receives.
    if (taken.length === 0) void stream.stop();
    return this.#deliveries(ref, stream.receiver, taken, options);
  }

  async #deliveries(ref: InboxRef, receiver: ServiceBusReceiver, taken: { message: ServiceBusReceivedMessage; done: (() => void) | undefined }[], options: ReceiveOptions): Promise<Delivery[]> {
    const limit = this.#context.inboxSettings(ref);
    const deliveries: Delivery[] = [];
    for (const { message, done } of taken) {
      const attempt = attemptOf(message);
      if (limit !== undefined && attempt > limit.maxDeliveries) {
        // Delivered maxDeliveries times already (lock expiries count): dead-letter, never deliver again.
        await receiver
          .deadLetterMessage(message, deadLetterOptions(MAX_DELIVERIES_EXCEEDED, attempt - 1))
          .catch(() => undefined);
        done?.();
        continue;
      }
      deliveries.push(this.#hold(ref, receiver, message, attempt, options.leaseMs ?? limit?.leaseMs, done));
    }
    return deliveries;
  }

  /**
   * A stream's window: the most its callers asked for at once (their room when they hold nothing),
   * under the prefetch rule (lockDuration / expectedProcessingMs, the lock learned from the
   * delivery just taken), less what they hold now. So what it buffers always has room waiting,
   * and goes back only when the callers stop asking: after a quarter of the lock, or 5 s,
   * whichever is sooner. A caller with no room beyond what it holds keeps pulling.
   */
  #startStream(ref: InboxRef, key: string): void {
    if (this.#closed || this.#streams.has(key)) return;
    let held = 0;
    for (const one of new Set(this.#held.values())) if (one.ref === ref || inboxKey(one.ref) === key) held++;
    const window = this.#prefetchLimit(ref, this.#widest.get(key) ?? 1) - held;
    if (window < 1) return;
    const lockMs = this.#lockMs.get(key) ?? MIN_LOCK_MS;
    const receiver = this.#createReceiver(ref, false);
    const stream: InboxStream = new InboxStream(
      receiver,
      window,
      Math.min(5000, Math.floor(lockMs / 4)),
      (message) => {
        this.streamReleases++;
        return receiver.abandonMessage(message, { [RELEASED]: releasedOf(message) + 1 });
      },
      (ended) => {
        if (this.#streams.get(key) === stream) this.#streams.delete(key);
        // Closed once its releases are answered and nothing taken through it is held.
        void ended.then(() => this.#retire(receiver));
      },
    );
    this.#streams.set(key, stream);
  }

  async ack(ref: InboxRef, lease: string): Promise<void> {
    if (this.sessions.holds(lease)) return this.sessions.ack(ref, lease);
    const held = this.#release(ref, lease);
    await this.#settle(held, 'acknowledging', () => held.receiver.completeMessage(held.message));
  }

  async nack(ref: InboxRef, lease: string, options: NackOptions = {}): Promise<void> {
    if (this.sessions.holds(lease)) return this.sessions.nack(ref, lease, options);
    const retryAfterMs = options.retryAfterMs ?? 0;
    if (!Number.isFinite(retryAfterMs) || retryAfterMs < 0) throw new OutriggerError('bad_request', 'retryAfterMs must be a non-negative number');
    const held = this.#release(ref, lease);
    const { receiver, message } = held;
    if (options.deadLetter === true) return this.#deadLetter(held, options.reason ?? REJECTED_BY_CONSUMER, held.attempt);
    if (options.release === true) {
      // Service Bus counts every abandon; the release is recorded so our attempt count skips it.
      const released = { [RELEASED]: releasedOf(message) + 1 };
      if (retryAfterMs > 0) {
        // Held locked for the delay (as a delayed retry on a subscription), then abandoned as released.
        this.#delayed.hold(receiver, message, Math.min(Date.now() + Math.ceil(retryAfterMs), held.receivedAt + this.#context.settings.lockRenewalMaxMs), released);
        return;
      }
      return this.#settle(held, 'releasing', () => receiver.abandonMessage(message, released));
    }
    const limit = this.#context.inboxSettings(ref);
    if (limit !== undefined && held.attempt >= limit.maxDeliveries) return this.#deadLetter(held, MAX_DELIVERIES_EXCEEDED, held.attempt);
    if (retryAfterMs > 0 && ref.kind === 'queue') {
      // No delayed abandon in Service Bus: a scheduled copy replaces the message (at-least-once:
      // if completing the original fails after the copy was accepted, both are delivered).
      const copy = { ...copyOf(message, held.attempt), scheduledEnqueueTimeUtc: new Date(Date.now() + Math.ceil(retryAfterMs)) };
      try {
        await this.#context.sender(ref.queue).send([copy]);
      } catch (err) {
        throw toServiceBusError(err, { broker: this.#context.broker, action: `scheduling a retry on ${describeInbox(ref)}` });
      }
      return this.#settle(held, 'completing the retried original', () => receiver.completeMessage(message));
    }
    if (retryAfterMs > 0) {
      // A copy would reach every subscription of the topic: the lock is held for the delay instead.
      this.#delayed.hold(receiver, message, Math.min(Date.now() + Math.ceil(retryAfterMs), held.receivedAt + this.#context.settings.lockRenewalMaxMs));
      return;
    }
    return this.#settle(held, 'abandoning', () => receiver.abandonMessage(message));
  }

  async renew(ref: InboxRef, lease: string, leaseMs: number): Promise<number> {
    if (this.sessions.holds(lease)) return this.sessions.renew(ref, lease, leaseMs);
    if (!Number.isSafeInteger(leaseMs) || leaseMs < 1) throw new OutriggerError('bad_request', 'leaseMs must be a positive integer');
    const held = this.#lookup(ref, lease);
    const now = Date.now();
    if (now + leaseMs > held.receivedAt + this.#context.settings.lockRenewalMaxMs) {
      throw new OutriggerError(
        'lease_expired',
        `the lock on this delivery from ${describeInbox(ref)} may not be renewed beyond lockRenewalMaxMs (${this.#context.settings.lockRenewalMaxMs} ms after it was received)`,
      );
    }
    let lockedUntil: Date;
    try {
      lockedUntil = await held.receiver.renewMessageLock(held.message);
    } catch (err) {
      if (this.#held.get(lease) === held) this.#forget(lease, held);
      throw this.#counted(toServiceBusError(err, { broker: this.#context.broker, action: `renewing a lock on ${describeInbox(ref)}` }));
    }
    if (this.#held.get(lease) !== held) throw leaseExpired(`renewing a lock on ${describeInbox(ref)}`);
    held.leaseUntil = Math.min(lockedUntil.getTime(), Date.now() + leaseMs);
    this.#arm(lease, held);
    return held.leaseUntil;
  }

  async listDeadLetters(ref: InboxRef, options: { limit: number }): Promise<DeadLetter[]> {
    const limit = Math.max(0, Math.floor(options.limit));
    if (limit === 0) return [];
    const receiver = this.#createReceiver(ref, true);
    try {
      const letters: DeadLetter[] = [];
      // Always from the start: the SDK's own peek cursor is shared by every receiver of the entity.
      let from = Long.ZERO;
      while (letters.length < limit) {
        const batch = await receiver.peekMessages(Math.min(limit - letters.length, 250), { fromSequenceNumber: from });
        if (batch.length === 0) break;
        letters.push(...batch.map(toDeadLetter));
        const last = batch[batch.length - 1]?.sequenceNumber;
        if (last === undefined) break;
        from = last.add(1);
      }
      return letters;
    } catch (err) {
      throw toServiceBusError(err, { broker: this.#context.broker, action: `listing dead letters of ${describeInbox(ref)}` });
    } finally {
      await receiver.close().catch(() => undefined);
    }
  }

  async redrive(ref: InboxRef, options: { ids?: string[] }): Promise<number> {
    if (ref.kind !== 'queue') {
      throw new OutriggerError(
        'unsupported_operation',
        `dead letters of ${describeInbox(ref)} cannot be redriven by this Service Bus driver yet: a copy sent to the topic would reach every subscription (subscription rules arrive in a later slice)`,
      );
    }
    const wanted = options.ids === undefined ? undefined : new Set(options.ids);
    const receiver = this.#createReceiver(ref, true);
    const action = `redriving dead letters of ${describeInbox(ref)}`;
    let moved = 0;
    const skipped: ServiceBusReceivedMessage[] = [];
    try {
      let seen = 0;
      while (seen < REDRIVE_LIMIT) {
        const batch = await receiver.receiveMessages(Math.min(100, REDRIVE_LIMIT - seen), { maxWaitTimeInMs: 300 });
        if (batch.length === 0) break;
        seen += batch.length;
        for (const letter of batch) {
          if (wanted !== undefined && !wanted.has(idOf(letter))) {
            skipped.push(letter);
            continue;
          }
          // A copy with a fresh MessageId (duplicate detection would drop a resend) and attempt 1.
          await this.#context.sender(ref.queue).send([copyOf(letter, 0)]);
          await receiver.completeMessage(letter);
          moved++;
        }
      }
      return moved;
    } catch (err) {
      throw toServiceBusError(err, { broker: this.#context.broker, action });
    } finally {
      await Promise.allSettled(skipped.map((letter) => receiver.abandonMessage(letter)));
      await receiver.close().catch(() => undefined);
    }
  }

  /** Counts from the administration API; inFlight is what this replica holds (depth.ts has the mapping). */
  async depth(ref: InboxRef): Promise<InboxDepth> {
    const key = inboxKey(ref);
    let inFlight = this.sessions.heldIn(key) + (this.#streams.get(key)?.buffered ?? 0);
    for (const held of new Set(this.#held.values())) if (inboxKey(held.ref) === key) inFlight++;
    return this.#context.depth.read(ref, inFlight);
  }

  /**
   * Messages still held are released (abandoned with the release recorded, so no attempt is
   * counted), never dead-lettered; the core normally releases them first. A release that fails
   * leaves the lock to expire, and the message comes back then.
   */
  async close(): Promise<void> {
    this.#closed = true;
    const streams = [...this.#streams.values()];
    await Promise.allSettled([this.sessions.close(), ...streams.map((stream) => stream.stop())]);
    const releasing: Promise<void>[] = [];
    for (const [lease, held] of this.#held) {
      this.#forget(lease, held);
      releasing.push(held.receiver.abandonMessage(held.message, { [RELEASED]: releasedOf(held.message) + 1 }));
    }
    await Promise.allSettled([...releasing, this.#delayed.close()]);
    const receivers = [...this.#pools.values()].flatMap((pool) => [...pool.all]).concat([...this.#retired], streams.map((stream) => stream.receiver));
    this.#pools.clear();
    this.#retired.clear();
    await Promise.allSettled(receivers.map((receiver) => receiver.close()));
  }

  /**
   * The prefetch rule: one receive locks at most what can be finished before the locks expire,
   * lockDuration / expectedProcessingMs messages (at least 1). Until a delivery has shown the
   * entity's lock duration, the shortest lock Service Bus allows (5 s) is assumed. No credit
   * outlives a receive call (the SDK drains it), so nothing else is locked on the sidecar's behalf.
   */
  #prefetchLimit(ref: InboxRef, max: number): number {
    const lockMs = this.#lockMs.get(inboxKey(ref)) ?? MIN_LOCK_MS;
    const bound = Math.max(1, Math.floor(lockMs / this.#context.settings.expectedProcessingMs));
    return Math.max(1, Math.min(max, 1000, bound));
  }

  #hold(ref: InboxRef, receiver: ServiceBusReceiver, message: ServiceBusReceivedMessage, attempt: number, leaseMs: number | undefined, done: (() => void) | undefined): Delivery {
    const now = Date.now();
    const lockedUntil = message.lockedUntilUtc?.getTime() ?? now + 30_000;
    const key = inboxKey(ref);
    this.#lockMs.set(key, Math.max(this.#lockMs.get(key) ?? 0, lockedUntil - now));
    const lease = message.lockToken ?? randomUUID();
    const held: Held = { ref, message, receiver, attempt, receivedAt: now, leaseUntil: leaseMs === undefined ? lockedUntil : Math.min(lockedUntil, now + leaseMs), timer: undefined, done };
    this.#held.set(lease, held);
    this.#arm(lease, held);
    // The ordering key a message was sent with (its SessionId) is reported even where the entity
    // has no sessions; the SessionId itself is taken off there (detachSessionId says why).
    detachSessionId(message);
    return deliveryOf(message, { lease, attempt, leaseUntil: held.leaseUntil, orderingKey: orderingKeyOf(message), now });
  }

  /** When a lease shorter than the lock runs out, the message goes back (the attempt counts). */
  #arm(lease: string, held: Held): void {
    clearTimeout(held.timer);
    held.timer = setTimeout(
      () => {
        if (this.#held.get(lease) !== held) return;
        this.#forget(lease, held);
        this.leasesExpired++;
        held.receiver.abandonMessage(held.message).catch(() => undefined);
      },
      Math.max(0, held.leaseUntil - Date.now()),
    );
    held.timer.unref();
  }

  #lookup(ref: InboxRef, lease: string): Held {
    if (typeof lease !== 'string' || !GUID.test(lease)) {
      throw new OutriggerError('invalid_lease', 'the lease is not one this broker issued; pass the `lease` string of a delivery unchanged');
    }
    const held = this.#held.get(lease.toLowerCase()) ?? this.#held.get(lease);
    if (held === undefined || (held.ref !== ref && inboxKey(held.ref) !== inboxKey(ref)) || held.leaseUntil <= Date.now()) {
      throw leaseExpired(`settling a delivery from ${describeInbox(ref)}`);
    }
    return held;
  }

  /** Takes the lease out of the held set first, so a lease expiry and a settlement never both act. */
  #release(ref: InboxRef, lease: string): Held {
    const held = this.#lookup(ref, lease);
    this.#forget(lease, held);
    return held;
  }

  #forget(lease: string, held: Held): void {
    clearTimeout(held.timer);
    this.#held.delete(lease);
    this.#held.delete(lease.toLowerCase());
    if (held.done !== undefined) this.#batch.later(held.done);
  }

  async #settle(held: Held, what: string, settle: () => Promise<void>): Promise<void> {
    try {
      await this.#batch.run({ settle, order: deliveryOrder(held.message) });
    } catch (err) {
      throw this.#counted(toServiceBusError(err, { broker: this.#context.broker, action: `${what} a delivery from ${describeInbox(held.ref)}` }));
    }
  }

  /** Counts a lock the broker reports lost (eventCounts); returns the error to throw. */
  #counted(error: unknown): unknown {
    if (error instanceof OutriggerError && error.code === 'lease_expired') this.messageLocksLost++;
    return error;
  }

  #deadLetter(held: Held, reason: string, attempts: number): Promise<void> {
    return this.#settle(held, 'dead-lettering', () => held.receiver.deadLetterMessage(held.message, deadLetterOptions(reason, attempts)));
  }

  async #take(ref: InboxRef): Promise<ServiceBusReceiver> {
    const key = inboxKey(ref);
    let pool = this.#pools.get(key);
    if (pool === undefined) {
      pool = { idle: [], all: new Set(), waiting: [] };
      this.#pools.set(key, pool);
    }
    let idle = pool.idle.pop();
    while (idle !== undefined && !isUsable(idle)) {
      // Closed under us (its link failed beyond the SDK's recovery): replace it.
      pool.all.delete(idle);
      this.receiversReplaced++;
      idle = pool.idle.pop();
    }
    if (idle !== undefined) return idle;
    if (pool.all.size < this.#context.settings.maxReceiversPerInbox) {
      const receiver = this.#createReceiver(ref, false);
      pool.all.add(receiver);
      return receiver;
    }
    const waiting = pool.waiting;
    return new Promise((resolve) => waiting.push(resolve));
  }

  /** A stalled or failed receiver: retired, its place in the pool freed for a fresh one. */
  #discard(ref: InboxRef, receiver: ServiceBusReceiver): void {
    const pool = this.#pools.get(inboxKey(ref));
    this.receiversReplaced++;
    this.#retire(receiver);
    if (pool === undefined || !pool.all.delete(receiver)) return;
    const next = pool.waiting.shift();
    if (next !== undefined) {
      const fresh = this.#createReceiver(ref, false);
      pool.all.add(fresh);
      next(fresh);
    }
  }

  /**
   * Closes a receiver taken out of use, but only once nothing it took can still be settled through
   * it (a closed receiver cannot settle): at once if it holds nothing, else when every lock it
   * could hold is past lockRenewalMaxMs, or at close().
   */
  #retire(receiver: ServiceBusReceiver): void {
    const inUse = this.#delayed.uses(receiver) || [...this.#held.values()].some((held) => held.receiver === receiver);
    if (!inUse) {
      void receiver.close().catch(() => undefined);
      return;
    }
    this.#retired.add(receiver);
    const timer = setTimeout(() => {
      if (this.#retired.delete(receiver)) void receiver.close().catch(() => undefined);
    }, this.#context.settings.lockRenewalMaxMs + 5000);
    timer.unref();
  }

  #give(ref: InboxRef, receiver: ServiceBusReceiver): void {
    const pool = this.#pools.get(inboxKey(ref));
    if (pool === undefined || !pool.all.has(receiver)) return;
    const next = pool.waiting.shift();
    if (next !== undefined) next(receiver);
    else pool.idle.push(receiver);
  }

  #createReceiver(ref: InboxRef, deadLetters: boolean): ServiceBusReceiver {
    const options = {
      receiveMode: 'peekLock' as const,
      // The core renews locks while the app works (up to lockRenewalMaxMs); the SDK must not.
      maxAutoLockRenewalDurationInMs: 0,
      skipParsingBodyAsJson: true,
      ...(deadLetters ? { subQueueType: 'deadLetter' as const } : {}),
    };
    const client = this.#context.client();
    return ref.kind === 'queue' ? client.createReceiver(ref.queue, options) : client.createReceiver(ref.topic, ref.subscription, options);
  }
}

export function inboxKey(ref: InboxRef): string {
  return JSON.stringify(ref.kind === 'queue' ? ['queue', ref.queue] : ['subscription', ref.topic, ref.subscription]);
}

function checkReceive(options: ReceiveOptions): void {
  if (!Number.isSafeInteger(options.max) || options.max < 1) throw new OutriggerError('bad_request', `max must be a positive integer (got ${String(options.max)})`);
  if (!Number.isFinite(options.waitMs) || options.waitMs < 0) throw new OutriggerError('bad_request', 'waitMs must be a non-negative number');
  if (options.leaseMs !== undefined && (!Number.isSafeInteger(options.leaseMs) || options.leaseMs < 1)) {
    throw new OutriggerError('bad_request', 'leaseMs must be a positive integer');
  }
}

