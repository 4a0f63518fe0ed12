/**
 * The sessions a driver holds, per session-enabled inbox: finding out whether an entity requires
 * sessions, accepting sessions (next available, or one by name), keeping an unread session's lock
 * through a pause, closing sessions nobody reads, and dropping (counting) sessions whose lock was
 * lost. What is delivered from them, and how it is settled, is session-inbox.ts's business.
 *
 * Whether an entity requires sessions is Service Bus's business (RequiresSession, set when the
 * entity is created); the driver finds out once per inbox by asking for a session that cannot
 * exist (a session receiver is refused on an entity without sessions).
 */
import { randomUUID } from 'node:crypto';
import { isServiceBusError, type ServiceBusClient, type ServiceBusSessionReceiver } from '@azure/service-bus';
import { OutriggerError } from '../../kernel/errors.js';
import type { InboxRef, InboxSettings } from '../contract.js';
import { toServiceBusError } from './errors.js';
import { describeInbox } from '../inbox-names.js';
import type { ServiceBusSettings } from './settings.js';

/** A session left unread this long (nobody receiving) is closed, so its lock is not hoarded. */
const IDLE_CLOSE_MS = 2_000;
/** A kept session's lock is renewed this long before it would run out (or a third of the lock, if shorter). */
const RENEW_MARGIN_MS = 5_000;

export interface SessionContext {
  readonly broker: string;
  readonly settings: ServiceBusSettings;
  client(): ServiceBusClient;
  /** Settings given by ensureQueue / ensureSubscription in this process. */
  inboxSettings(ref: InboxRef): InboxSettings | undefined;
}

export interface Session {
  ref: InboxRef;
  /** The inbox's key; '' for a session read by name. */
  key: string;
  id: string;
  receiver: ServiceBusSessionReceiver;
  state: 'idle' | 'reading' | 'busy';
  /** Not read before this time (a nack with a delay). */
  pausedUntil: number;
  lockedUntil: number;
  /** The lock's length, learned when it was taken or last renewed. */
  lockMs: number;
  idleSince: number;
  timer: NodeJS.Timeout | undefined;
}

export class SessionPool {
  readonly #context: SessionContext;
  /** Told when a session is dropped, so what was delivered from it is forgotten. */
  readonly #onDrop: (session: Session) => void;
  readonly #modes = new Map<string, Promise<boolean>>();
  readonly #sessions = new Map<string, Set<Session>>();
  readonly #accepting = new Map<string, number>();
  /** A failed accept (not "no session"), reported by the next receive that finds nothing. */
  readonly #failures = new Map<string, unknown>();
  readonly #waiters = new Map<string, Set<() => void>>();
  /** Sessions read by name (a caller's replies), kept open and renewed by the SDK while this driver lives. */
  readonly #named = new Map<string, Promise<Session>>();
  #closed = false;
  /** Session locks found lost (expired, taken away, link gone): diagnostics and tests. */
  locksLost = 0;

  constructor(context: SessionContext, onDrop: (session: Session) => void) {
    this.#context = context;
    this.#onDrop = onDrop;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Sessions held right now, per inbox key. */
  count(key: string): number {
    return this.#sessions.get(key)?.size ?? 0;
  }

  accepting(key: string): number {
    return this.#accepting.get(key) ?? 0;
  }

  /** Whether the inbox's entity requires sessions; asked once per inbox (a failed probe is asked again). */
  isSessionful(ref: InboxRef, key: string): Promise<boolean> {
    let mode = this.#modes.get(key);
    if (mode === undefined) {
      mode = this.#probe(ref);
      mode.catch(() => this.#modes.delete(key));
      this.#modes.set(key, mode);
    }
    return mode;
  }

  /** The failure of an accept since the last call, if any. */
  takeFailure(key: string): unknown {
    const failure = this.#failures.get(key);
    this.#failures.delete(key);
    return failure;
  }

  /** A session read by name, accepted once and again after its receiver closed (its lock lost). */
  async named(ref: { queue: string; session: string }): Promise<Session> {
    const key = JSON.stringify([ref.queue, ref.session]);
    const pending = this.#named.get(key);
    const session = pending === undefined ? undefined : await pending.catch(() => undefined);
    if (session !== undefined && !session.receiver.isClosed) return session;
    if (session !== undefined) this.locksLost++;
    const accepting = this.#acceptNamed(ref);
    this.#named.set(key, accepting);
    accepting.catch(() => this.#named.delete(key));
    return accepting;
  }

  /** Closes every session, freeing the locks; accepts still pending close theirs when they complete. */
  async close(): Promise<void> {
    this.#closed = true;
    const named = await Promise.allSettled([...this.#named.values()]);
    this.#named.clear();
    const sessions = [...this.#sessions.values()].flatMap((set) => [...set]);
    for (const result of named) if (result.status === 'fulfilled') sessions.push(result.value);
    this.#sessions.clear();
    for (const session of sessions) clearTimeout(session.timer);
    await Promise.allSettled(sessions.map((session) => session.receiver.close()));
  }

  async #probe(ref: InboxRef): Promise<boolean> {
    const client = this.#context.client();
    // A session nobody else can hold: only the entity itself can refuse it.
    const probe = `outrigger-probe-${randomUUID()}`;
    const options = { maxAutoLockRenewalDurationInMs: 0 };
    try {
      const receiver = ref.kind === 'queue' ? await client.acceptSession(ref.queue, probe, options) : await client.acceptSession(ref.topic, ref.subscription, probe, options);
      try {
        // A refusal may arrive just after the attach: a session operation settles it.
        await receiver.getSessionState();
      } finally {
        await receiver.close().catch(() => undefined);
      }
      return true;
    } catch (err) {
      // Service Bus answers the attach with no source, then detaches with amqp:not-allowed ("a sessionful message
      // receiver cannot be created on an entity that does not require sessions"); the SDK reports whichever it sees first.
      if (isServiceBusError(err) && err.code === 'SessionCannotBeLocked') return false;
      if (err instanceof Error && /InvalidOperation|not-allowed|does not require sessions/i.test(err.message)) return false;
      throw toServiceBusError(err, { broker: this.#context.broker, action: `checking whether ${describeInbox(ref)} requires sessions` });
    }
  }

  /** Idle sessions, not paused, whose receiver is still open; closed ones are dropped as lost. */
  readable(key: string): Session[] {
    const now = Date.now();
    const readable: Session[] = [];
    for (const session of this.#sessions.get(key) ?? []) {
      if (session.state !== 'idle' || session.pausedUntil > now) continue;
      if (session.receiver.isClosed || session.lockedUntil <= now) this.drop(session, true);
      else readable.push(session);
    }
    return readable;
  }

  /** Starts accepting up to `count` more sessions, within maxConcurrentSessions (sessions held plus accepts pending). */
  want(ref: InboxRef, key: string, count: number): void {
    const free = this.#context.settings.maxConcurrentSessions - this.count(key) - (this.#accepting.get(key) ?? 0);
    for (let i = 0; i < Math.min(count, free); i++) void this.#accept(ref, key);
  }

  /**
   * Accepts the next available session in the background: the SDK cannot cancel a pending accept
   * (Service Bus answers when a session frees up, or after the operation timeout), so an accept
   * is not tied to the receive that started it; the session joins the inbox's pool either way
   * and is closed again if nobody reads it.
   */
  async #accept(ref: InboxRef, key: string): Promise<void> {
    this.#accepting.set(key, (this.#accepting.get(key) ?? 0) + 1);
    // The SDK's own lock renewal stays off: the driver renews, up to lockRenewalMaxMs.
    const options = { maxAutoLockRenewalDurationInMs: 0, skipParsingBodyAsJson: true };
    let receiver: ServiceBusSessionReceiver;
    try {
      const client = this.#context.client();
      receiver = ref.kind === 'queue' ? await client.acceptNextSession(ref.queue, options) : await client.acceptNextSession(ref.topic, ref.subscription, options);
    } catch (err) {
      if (!isNoSession(err) && !this.#closed) this.#failures.set(key, err);
      return;
    } finally {
      this.#accepting.set(key, (this.#accepting.get(key) ?? 1) - 1);
      this.notify(key);
    }
    if (this.#closed) {
      await receiver.close().catch(() => undefined);
      return;
    }
    const session: Session = { ref, key, id: receiver.sessionId, receiver, state: 'idle', pausedUntil: 0, lockedUntil: 0, lockMs: 0, idleSince: 0, timer: undefined };
    this.locked(session, receiver.sessionLockedUntilUtc);
    let set = this.#sessions.get(key);
    if (set === undefined) {
      set = new Set();
      this.#sessions.set(key, set);
    }
    set.add(session);
    this.idle(session);
  }

  /** Resolves when a session of the inbox is accepted, freed or settled, or after `ms`. */
  changed(key: string, ms: number, signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve) => {
      let waiters = this.#waiters.get(key);
      if (waiters === undefined) {
        waiters = new Set();
        this.#waiters.set(key, waiters);
      }
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
      waiters.add(done);
    });
  }

  notify(key: string): void {
    for (const wake of [...(this.#waiters.get(key) ?? [])]) wake();
  }

  async #acceptNamed(ref: { queue: string; session: string }): Promise<Session> {
    // Renewed by the SDK for as long as the driver lives: nothing else holds this caller's session.
    const options = { maxAutoLockRenewalDurationInMs: 10 * 365 * 86_400_000, skipParsingBodyAsJson: true };
    let receiver: ServiceBusSessionReceiver;
    try {
      receiver = await this.#context.client().acceptSession(ref.queue, ref.session, options);
    } catch (err) {
      if (err instanceof Error && /InvalidOperation|not-allowed|does not require sessions/i.test(err.message)) {
        throw new OutriggerError('bad_request', `queue '${ref.queue}' on Service Bus broker '${this.#context.broker}' must require sessions (RequiresSession) to carry replies`, { cause: err });
      }
      throw toServiceBusError(err, { broker: this.#context.broker, action: `accepting session '${ref.session}' of queue '${ref.queue}'` });
    }
    const session: Session = { ref: { kind: 'queue', queue: ref.queue }, key: '', id: ref.session, receiver, state: 'idle', pausedUntil: 0, lockedUntil: 0, lockMs: 0, idleSince: 0, timer: undefined };
    this.locked(session, receiver.sessionLockedUntilUtc);
    return session;
  }

  locked(session: Session, until: Date | undefined): void {
    const now = Date.now();
    session.lockedUntil = until?.getTime() ?? now + 30_000;
    session.lockMs = Math.max(1, session.lockedUntil - now);
  }

  /** A session with nothing in flight: kept (lock renewed) through a pause, closed if left unread. */
  idle(session: Session): void {
    if (!this.#sessions.get(session.key)?.has(session)) return;
    session.state = 'idle';
    const now = Date.now();
    session.idleSince = Math.max(now, session.pausedUntil);
    clearTimeout(session.timer);
    const renewAt = session.lockedUntil - Math.min(RENEW_MARGIN_MS, session.lockMs / 3);
    const wake = session.pausedUntil > now ? Math.min(session.pausedUntil, renewAt) : now + IDLE_CLOSE_MS;
    session.timer = setTimeout(() => void this.#keep(session), Math.max(0, wake - now));
    session.timer.unref();
    this.notify(session.key);
  }

  async #keep(session: Session): Promise<void> {
    if (session.state !== 'idle' || !this.#sessions.get(session.key)?.has(session)) return;
    const now = Date.now();
    if (session.pausedUntil <= now) {
      if (now - session.idleSince >= IDLE_CLOSE_MS) return this.drop(session, false);
      // Its pause just ended: readable again.
      this.notify(session.key);
      clearTimeout(session.timer);
      session.timer = setTimeout(() => void this.#keep(session), session.idleSince + IDLE_CLOSE_MS - now);
      session.timer.unref();
      return;
    }
    try {
      this.locked(session, await session.receiver.renewSessionLock());
      this.idle(session);
    } catch {
      this.drop(session, true);
    }
  }

  /** Forgets a session and closes its receiver (freeing the lock); `lost` counts a lock found gone. */
  drop(session: Session, lost: boolean): void {
    const set = this.#sessions.get(session.key);
    if (set === undefined || !set.delete(session)) return;
    if (lost) this.locksLost++;
    clearTimeout(session.timer);
    this.#onDrop(session);
    void session.receiver.close().catch(() => undefined);
    this.notify(session.key);
  }
}

/** No unlocked session with messages within the wait: not an error, just nothing to do yet. */
function isNoSession(err: unknown): boolean {
  if (isServiceBusError(err)) return err.code === 'SessionCannotBeLocked' || err.code === 'ServiceTimeout';
  return err instanceof Error && (err.name === 'AbortError' || /timeout|timed out|No unlocked sessions/i.test(err.message));
}
