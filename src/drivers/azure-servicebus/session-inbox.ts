/**
 * Leased consumption from session-enabled queues and subscriptions: ordering keys are sessions.
 *
 * Which sessions are held, and how they are accepted, kept and dropped: session-pool.ts.
 *
 * Per-key FIFO, keys in parallel: the driver holds up to `maxConcurrentSessions` session locks per
 * inbox and has at most one message of a session in flight; the next one is taken from the
 * session only after the previous one was settled. An abandoned message goes back to the head of
 * its session, so a nack (with or without a delay) keeps the later messages of its key waiting:
 * during a delay the session is kept (its lock renewed) and not read. A session that has nothing
 * to give is closed, which frees its lock for any consumer.
 *
 * A message's lock is its session's lock: `renew` renews the session lock (never beyond
 * lockRenewalMaxMs after the message was received). A lost session lock (expired, taken away, the
 * link gone) is detected on the next read, renewal or settlement, counted in `sessionLocksLost`,
 * and the session is dropped: its message comes back, counted, to whoever accepts the session
 * next (possibly this sidecar, later). Never a crash or a stall.
 */
import { randomUUID } from 'node:crypto';
import type { ServiceBusReceivedMessage } from '@azure/service-bus';
import { OutriggerError } from '../../kernel/errors.js';
import type { Delivery, InboxRef, NackOptions, ReceiveOptions } from '../contract.js';
import { attemptOf, deadLetterOptions, deliveryOf, MAX_DELIVERIES_EXCEEDED, REJECTED_BY_CONSUMER, RELEASED, releasedOf } from './codec.js';
import { leaseExpired, toServiceBusError } from './errors.js';
import { describeInbox } from '../inbox-names.js';
import { orderingKeyOf } from './session-ids.js';
import { type Session, type SessionContext, SessionPool } from './session-pool.js';

/** How long one read waits on a session that may have run dry before the session is closed. */
const PULL_WAIT_MS = 200;
/** After the first delivery of a receive, how long sessions still being accepted may join the batch. */
const GATHER_MS = 30;
/** A receive asked not to wait still gives accepting a session this long. */
const MIN_WAIT_MS = 100;

interface Held {
  session: Session;
  message: ServiceBusReceivedMessage;
  attempt: number;
  receivedAt: number;
  leaseUntil: number;
  timer: NodeJS.Timeout | undefined;
}

export class SessionInboxes {
  readonly #context: SessionContext;
  readonly #pool: SessionPool;
  readonly #held = new Map<string, Held>();
  /** Leases that ran out while held, the message abandoned to its session's head (eventCounts). */
  leasesExpired = 0;

  constructor(context: SessionContext) {
    this.#context = context;
    this.#pool = new SessionPool(context, (session) => {
      for (const held of [...this.#held.values()]) if (held.session === session) this.#forget(held);
    });
  }

  /** Session locks found lost (expired, taken away, link gone): diagnostics and tests. */
  get sessionLocksLost(): number {
    return this.#pool.locksLost;
  }

  /** Sessions held right now, per inbox key (tests, diagnostics). */
  sessionCount(key: string): number {
    return this.#pool.count(key);
  }

  /** Whether the inbox's entity requires sessions; asked once per inbox. */
  isSessionful(ref: InboxRef, key: string): Promise<boolean> {
    return this.#pool.isSessionful(ref, key);
  }

  /** Deliveries of the inbox held right now (depth's inFlight). */
  heldIn(key: string): number {
    let count = 0;
    for (const held of new Set(this.#held.values())) if (held.session.key === key) count++;
    return count;
  }

  holds(lease: string): boolean {
    return typeof lease === 'string' && (this.#held.has(lease) || this.#held.has(lease.toLowerCase()));
  }

  async receive(ref: InboxRef, key: string, options: ReceiveOptions): Promise<Delivery[]> {
    const deadline = Date.now() + Math.max(MIN_WAIT_MS, options.waitMs);
    const out: Delivery[] = [];
    let gathered = false;
    while (!options.signal?.aborted && !this.#pool.closed) {
      const want = options.max - out.length;
      if (want <= 0) break;
      const readable = this.#pool.readable(key).slice(0, want);
      this.#pool.want(ref, key, want - readable.length);
      const remaining = deadline - Date.now();
      if (readable.length > 0) {
        const waitMs = Math.max(1, Math.min(remaining, PULL_WAIT_MS));
        await Promise.all(readable.map((session) => this.#read(session, waitMs, out, options.leaseMs)));
        continue;
      }
      if (out.length > 0) {
        // Sessions being accepted right now may still join this batch.
        if (gathered || this.#pool.accepting(key) === 0) break;
        gathered = true;
        await sleep(GATHER_MS);
        continue;
      }
      const failure = this.#pool.takeFailure(key);
      if (failure !== undefined) {
        throw toServiceBusError(failure, { broker: this.#context.broker, action: `accepting a session of ${describeInbox(ref)}` });
      }
      if (remaining <= 0) break;
      await this.#pool.changed(key, remaining, options.signal);
    }
    return out;
  }

  /**
   * Reads one named session (request/reply: this caller's replies) with any number in flight:
   * replies need no order. The session is accepted once and kept; if its lock is lost it is
   * accepted again on the next call (refused while the old lock lasts: the caller backs off).
   */
  async receiveSession(ref: { kind: 'queue'; queue: string; session: string }, options: ReceiveOptions): Promise<Delivery[]> {
    const session = await this.#pool.named(ref);
    let messages: ServiceBusReceivedMessage[];
    const abort = options.signal === undefined ? {} : { abortSignal: options.signal };
    try {
      // One first: the SDK holds a batch open for a second after its first message, a second a reply must not wait.
      messages = await session.receiver.receiveMessages(1, { maxWaitTimeInMs: Math.max(1, options.waitMs), ...abort });
      const more = Math.min(options.max, 100) - messages.length;
      if (messages.length > 0 && more > 0) messages.push(...(await session.receiver.receiveMessages(more, { maxWaitTimeInMs: 1, ...abort })));
    } catch (err) {
      if (options.signal?.aborted) return [];
      throw toServiceBusError(err, { broker: this.#context.broker, action: `receiving session '${ref.session}' of ${describeInbox(ref)}` });
    }
    return messages.map((message) => this.#hold(session, message, attemptOf(message), options.leaseMs));
  }

  async ack(ref: InboxRef, lease: string): Promise<void> {
    const held = this.#take(ref, lease);
    await this.#settle(held, 'acknowledging', () => held.session.receiver.completeMessage(held.message));
  }

  async nack(ref: InboxRef, lease: string, options: NackOptions = {}): Promise<void> {
    const retryAfterMs = options.retryAfterMs ?? 0;
    if (!Number.isFinite(retryAfterMs) || retryAfterMs < 0) throw new OutriggerError('bad_request', 'retryAfterMs must be a non-negative number');
    const held = this.#take(ref, lease);
    const { receiver } = held.session;
    const { message } = held;
    if (options.deadLetter === true) return this.#deadLetter(held, options.reason ?? REJECTED_BY_CONSUMER);
    const limit = this.#context.inboxSettings(ref);
    if (options.release !== true && limit !== undefined && held.attempt >= limit.maxDeliveries) return this.#deadLetter(held, MAX_DELIVERIES_EXCEEDED);
    const properties = options.release === true ? { [RELEASED]: releasedOf(message) + 1 } : undefined;
    // Abandoned, the message is the head of its session again; a delay keeps the session unread until then.
    await this.#settle(held, options.release === true ? 'releasing' : 'abandoning', () => receiver.abandonMessage(message, properties), retryAfterMs);
  }

  async renew(ref: InboxRef, lease: string, leaseMs: number): Promise<number> {
    if (!Number.isSafeInteger(leaseMs) || leaseMs < 1) throw new OutriggerError('bad_request', 'leaseMs must be a positive integer');
    const held = this.#lookup(ref, lease);
    const max = this.#context.settings.lockRenewalMaxMs;
    if (Date.now() + leaseMs > held.receivedAt + max) {
      throw new OutriggerError('lease_expired', `the session lock on this delivery from ${describeInbox(ref)} may not be renewed beyond lockRenewalMaxMs (${max} ms after it was received)`);
    }
    const { session } = held;
    try {
      this.#pool.locked(session, await session.receiver.renewSessionLock());
    } catch (err) {
      this.#pool.drop(session, true);
      throw toServiceBusError(err, { broker: this.#context.broker, action: `renewing the session lock on ${describeInbox(ref)}` });
    }
    if (this.#held.get(lease) !== held && this.#held.get(lease.toLowerCase()) !== held) throw leaseExpired(`renewing a session lock on ${describeInbox(ref)}`);
    held.leaseUntil = Math.min(session.lockedUntil, Date.now() + leaseMs);
    this.#arm(held);
    return held.leaseUntil;
  }

  /** Held messages are released (no attempt counted), then every session is closed, freeing its lock. */
  async close(): Promise<void> {
    const releasing: Promise<void>[] = [];
    for (const held of new Set(this.#held.values())) {
      this.#forget(held);
      releasing.push(held.session.receiver.abandonMessage(held.message, { [RELEASED]: releasedOf(held.message) + 1 }));
    }
    await Promise.allSettled(releasing);
    await this.#pool.close();
  }

  /** Reads the next message of a session: delivered (the session is then busy), or the session closed when it has none. */
  async #read(session: Session, waitMs: number, out: Delivery[], leaseMs: number | undefined): Promise<void> {
    clearTimeout(session.timer);
    session.state = 'reading';
    session.pausedUntil = 0;
    let messages: ServiceBusReceivedMessage[];
    try {
      messages = await session.receiver.receiveMessages(1, { maxWaitTimeInMs: waitMs });
    } catch {
      this.#pool.drop(session, true);
      return;
    }
    const [message] = messages;
    if (message === undefined) {
      this.#pool.drop(session, false);
      return;
    }
    const attempt = attemptOf(message);
    const limit = this.#context.inboxSettings(session.ref);
    if (limit !== undefined && attempt > limit.maxDeliveries) {
      // Delivered maxDeliveries times already (lock expiries count): dead-letter, never deliver again.
      await session.receiver.deadLetterMessage(message, deadLetterOptions(MAX_DELIVERIES_EXCEEDED, attempt - 1)).catch(() => undefined);
      this.#pool.idle(session);
      return;
    }
    out.push(this.#hold(session, message, attempt, leaseMs ?? limit?.leaseMs));
  }

  #hold(session: Session, message: ServiceBusReceivedMessage, attempt: number, leaseMs: number | undefined): Delivery {
    const now = Date.now();
    session.state = 'busy';
    const lockedUntil = message.lockedUntilUtc?.getTime() ?? session.lockedUntil;
    const lease = (message.lockToken ?? randomUUID()).toLowerCase();
    const held: Held = { session, message, attempt, receivedAt: now, leaseUntil: leaseMs === undefined ? lockedUntil : Math.min(lockedUntil, now + leaseMs), timer: undefined };
    this.#held.set(lease, held);
    this.#arm(held);
    return deliveryOf(message, { lease, attempt, leaseUntil: held.leaseUntil, orderingKey: orderingKeyOf(message), now });
  }

  /** When a lease shorter than the lock runs out, the message goes back to its session's head (the attempt counts). */
  #arm(held: Held): void {
    clearTimeout(held.timer);
    held.timer = setTimeout(
      () => {
        if (!this.#forget(held)) return;
        this.leasesExpired++;
        held.session.receiver.abandonMessage(held.message).then(
          () => this.#pool.idle(held.session),
          () => this.#pool.drop(held.session, true),
        );
      },
      Math.max(0, held.leaseUntil - Date.now()),
    );
    held.timer.unref();
  }

  #lookup(ref: InboxRef, lease: string): Held {
    const held = this.#held.get(lease) ?? this.#held.get(lease.toLowerCase());
    if (held === undefined || !sameRef(ref, held.session.ref) || held.leaseUntil <= Date.now()) throw leaseExpired(`settling a delivery from ${describeInbox(ref)}`);
    return held;
  }

  /** Takes the lease out first, so a lease expiry and a settlement never both act. */
  #take(ref: InboxRef, lease: string): Held {
    const held = this.#lookup(ref, lease);
    this.#forget(held);
    return held;
  }

  #forget(held: Held): boolean {
    clearTimeout(held.timer);
    for (const [lease, entry] of this.#held) {
      if (entry === held) {
        this.#held.delete(lease);
        return true;
      }
    }
    return false;
  }

  async #settle(held: Held, what: string, settle: () => Promise<void>, pauseMs = 0): Promise<void> {
    const { session } = held;
    if (session.receiver.isClosed) {
      // Its link is gone (the session lock was taken away): settling there could only time out.
      this.#pool.drop(session, true);
      throw leaseExpired(`${what} a delivery from ${describeInbox(session.ref)}`);
    }
    try {
      await settle();
    } catch (err) {
      const mapped = toServiceBusError(err, { broker: this.#context.broker, action: `${what} a delivery from ${describeInbox(session.ref)}` });
      // The link or the session lock is gone: so is the session; the message comes back to whoever takes it next.
      this.#pool.drop(session, true);
      throw mapped.code === 'lease_expired' || isLinkGone(err) ? leaseExpired(`${what} a delivery from ${describeInbox(session.ref)}`) : mapped;
    }
    if (pauseMs > 0) session.pausedUntil = Date.now() + pauseMs;
    this.#pool.idle(session);
  }

  #deadLetter(held: Held, reason: string): Promise<void> {
    return this.#settle(held, 'dead-lettering', () => held.session.receiver.deadLetterMessage(held.message, deadLetterOptions(reason, held.attempt)));
  }

}

function sameRef(a: InboxRef, b: InboxRef): boolean {
  if (a.kind === 'queue' || b.kind === 'queue') return a.kind === b.kind && (a as { queue: string }).queue === (b as { queue: string }).queue;
  return a.topic === b.topic && a.subscription === b.subscription;
}

function isLinkGone(err: unknown): boolean {
  return err instanceof Error && /no longer alive|closed|detached|lock/i.test(err.message);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
