/**
 * The entity model of the Service Bus test broker, free of AMQP: queues, topics, subscriptions,
 * their dead-letter sub-queues, peek-lock state, delivery counts and expiry.
 *
 * Delivery counts follow the AMQP header semantics that Service Bus puts on the wire: the header's
 * delivery-count is the service's DeliveryCount - 1 (the .NET and Java SDKs add the 1 back,
 * azure-sdk-for-java PR 11845; the JS SDK v7 passes the header through), so it is 0 on the first
 * delivery and grows with each abandon or lock expiry. A message whose count reaches the entity's
 * maxDeliveryCount is dead-lettered with `MaxDeliveryCountExceeded`.
 */
import { randomUUID } from 'node:crypto';
import type { Message } from 'rhea';
import { SessionRegistry, sessionOf, type SessionOwner } from './sessions.js';
import { RuleSet } from './rules.js';

export interface EntityOptions {
  /** Peek-lock duration (Service Bus default 60 s; here 30 s unless given). */
  lockDurationMs?: number;
  /** Deliveries before dead-lettering (Service Bus default 10). */
  maxDeliveryCount?: number;
  /** Session-enabled (RequiresSession): messages need a session id, receivers lock a session. */
  requiresSession?: boolean;
}

export interface StoredMessage {
  seq: number;
  /** The message as the sender sent it, application properties updated by dispositions. */
  message: Message;
  enqueuedAt: number;
  visibleAt: number;
  expiresAt: number | undefined;
  deliveryCount: number;
  state: 'ready' | 'locked' | 'deferred';
  lockToken?: string;
  lockedUntil?: number;
}

/** Something that takes deliveries: a peek-lock receiver link. */
export interface Consumer {
  /** Credit left on the link. */
  credit(): number;
  deliver(store: MessageStore, stored: StoredMessage): void;
  /** Called after a pump pass, so a pending drain can be answered. */
  idle(store: MessageStore): void;
  /** Set on a session receiver: only that session's messages, while it holds the session lock. */
  readonly sessionId?: string | undefined;
}

export type LockOutcome = 'ok' | 'lock_lost';

let nextSeq = 1;

export class MessageStore {
  readonly path: string;
  readonly lockDurationMs: number;
  readonly maxDeliveryCount: number;
  readonly messages: StoredMessage[] = [];
  readonly consumers = new Set<Consumer>();
  readonly locks = new Map<string, StoredMessage>();
  /** Undefined for a dead-letter queue itself. */
  readonly deadLetter: MessageStore | undefined;
  /** Undefined unless the entity requires sessions (a dead-letter queue never does). */
  readonly sessions: SessionRegistry | undefined;
  /** A subscription's rules (rules.ts); unused on queues. */
  readonly rules = new RuleSet();

  constructor(path: string, options: EntityOptions, isDeadLetter = false) {
    this.path = path;
    this.lockDurationMs = options.lockDurationMs ?? 30_000;
    this.maxDeliveryCount = isDeadLetter ? Number.POSITIVE_INFINITY : (options.maxDeliveryCount ?? 10);
    this.deadLetter = isDeadLetter ? undefined : new MessageStore(`${path}/$DeadLetterQueue`, options, true);
    this.sessions = options.requiresSession === true && !isDeadLetter ? new SessionRegistry(this.lockDurationMs) : undefined;
  }

  enqueue(message: Message, now = Date.now()): StoredMessage {
    const annotations = (message.message_annotations ?? {}) as Record<string, unknown>;
    const scheduled = annotations['x-opt-scheduled-enqueue-time'];
    const visibleAt = scheduled instanceof Date ? scheduled.getTime() : typeof scheduled === 'number' ? scheduled : now;
    const ttl = message.ttl;
    const stored: StoredMessage = {
      seq: nextSeq++,
      message,
      enqueuedAt: Math.max(now, visibleAt),
      visibleAt,
      expiresAt: typeof ttl === 'number' && ttl > 0 ? Math.max(now, visibleAt) + ttl : undefined,
      deliveryCount: 0,
      state: 'ready',
    };
    if (stored.expiresAt !== undefined) this.#mayExpire = true;
    this.messages.push(stored);
    return stored;
  }

  /** Moves a message here from its entity (dead-lettering), keeping its count and enqueue time. */
  adopt(stored: StoredMessage, properties: Record<string, unknown>): void {
    stored.message.application_properties = { ...(stored.message.application_properties ?? {}), ...properties };
    stored.state = 'ready';
    delete stored.lockToken;
    delete stored.lockedUntil;
    stored.visibleAt = 0;
    stored.expiresAt = undefined;
    this.messages.push(stored);
  }

  /** Expires locks and messages, then hands ready messages to consumers with credit. */
  /** Set once a message with a TTL arrives. */
  #mayExpire = false;

  pump(now = Date.now()): void {
    for (const lock of this.sessions?.takeExpired(now) ?? []) {
      this.#endSession(lock.sessionId);
      lock.owner.lockLost(lock.sessionId);
    }
    // Only held and TTL-carrying messages can expire: a long backlog is not scanned on every pump.
    for (const stored of [...this.locks.values()]) {
      if (stored.state === 'locked' && (stored.lockedUntil ?? 0) <= now) this.#endDelivery(stored, {});
    }
    if (this.#mayExpire) {
      for (const stored of [...this.messages]) {
        if (stored.state === 'ready' && stored.expiresAt !== undefined && stored.expiresAt <= now) this.#remove(stored);
      }
    }
    this.sessions?.serveWaiters(this.messages, now);
    for (const consumer of this.consumers) {
      const session = consumer.sessionId === undefined ? undefined : this.sessions?.held(consumer.sessionId, now);
      if (consumer.sessionId !== undefined && session?.owner !== (consumer as unknown as SessionOwner)) continue;
      while (consumer.credit() > 0) {
        const next = this.messages.find((m) => m.state === 'ready' && m.visibleAt <= now && (session === undefined || sessionOf(m) === session.sessionId));
        if (next === undefined) break;
        next.state = 'locked';
        next.lockToken = randomUUID();
        // A session message's lock is the session's lock.
        next.lockedUntil = session?.lockedUntil ?? now + this.lockDurationMs;
        this.locks.set(next.lockToken, next);
        consumer.deliver(this, next);
      }
      consumer.idle(this);
    }
  }

  /**
   * The counts the administration API reports. As on Service Bus, the active count includes
   * locked and deferred messages; a message scheduled for later is counted apart until it is due.
   */
  counts(now = Date.now()): { active: number; scheduled: number; deadLettered: number } {
    let active = 0;
    let scheduled = 0;
    for (const stored of this.messages) {
      if (stored.state === 'ready' && stored.visibleAt > now) scheduled++;
      else active++;
    }
    return { active, scheduled, deadLettered: this.deadLetter?.messages.length ?? 0 };
  }

  held(lockToken: string): StoredMessage | undefined {
    const stored = this.locks.get(lockToken.toLowerCase());
    if (stored === undefined || stored.state !== 'locked' || stored.lockToken !== lockToken.toLowerCase()) return undefined;
    if ((stored.lockedUntil ?? 0) <= Date.now()) return undefined;
    return stored;
  }

  complete(lockToken: string): LockOutcome {
    const stored = this.held(lockToken);
    if (stored === undefined) return 'lock_lost';
    this.#remove(stored);
    return 'ok';
  }

  /** Abandon: the delivery counts; properties are merged into the application properties. */
  abandon(lockToken: string, properties: Record<string, unknown> = {}): LockOutcome {
    const stored = this.held(lockToken);
    if (stored === undefined) return 'lock_lost';
    this.#endDelivery(stored, properties);
    return 'ok';
  }

  /** Released (not an SDK operation; a link detaching without settling): no count. */
  release(lockToken: string): LockOutcome {
    const stored = this.held(lockToken);
    if (stored === undefined) return 'lock_lost';
    this.#unlock(stored);
    stored.state = 'ready';
    return 'ok';
  }

  defer(lockToken: string, properties: Record<string, unknown> = {}): LockOutcome {
    const stored = this.held(lockToken);
    if (stored === undefined) return 'lock_lost';
    this.#unlock(stored);
    this.#merge(stored, properties);
    stored.state = 'deferred';
    return 'ok';
  }

  deadLetterLocked(lockToken: string, reason: string | undefined, description: string | undefined, properties: Record<string, unknown> = {}): LockOutcome {
    const stored = this.held(lockToken);
    if (stored === undefined) return 'lock_lost';
    this.#unlock(stored);
    this.#toDeadLetter(stored, { ...properties, ...(reason === undefined ? {} : { DeadLetterReason: reason }), ...(description === undefined ? {} : { DeadLetterErrorDescription: description }) });
    return 'ok';
  }

  renew(lockToken: string, now = Date.now()): number | undefined {
    const stored = this.held(lockToken);
    if (stored === undefined) return undefined;
    stored.lockedUntil = now + this.lockDurationMs;
    return stored.lockedUntil;
  }

  /** Renews a session lock (and with it the locks of the session's messages); undefined when not held. */
  renewSession(sessionId: string, now = Date.now()): number | undefined {
    const lock = this.sessions?.held(sessionId, now);
    if (lock === undefined) return undefined;
    lock.lockedUntil = now + this.lockDurationMs;
    for (const stored of this.messages) {
      if (stored.state === 'locked' && sessionOf(stored) === sessionId) stored.lockedUntil = lock.lockedUntil;
    }
    return lock.lockedUntil;
  }

  /** A session receiver went away: its sessions are unlocked and their locked messages return (counted). */
  releaseSessions(owner: SessionOwner): void {
    for (const sessionId of this.sessions?.releaseOwner(owner) ?? []) this.#endSession(sessionId);
    this.pump();
  }

  /** Fault injection: a session lock ends now; its receiver is detached with session-lock-lost. */
  expireSessionLock(sessionId?: string): number {
    let count = 0;
    for (const lock of this.sessions?.locks.values() ?? []) {
      if (sessionId === undefined || lock.sessionId === sessionId) {
        lock.lockedUntil = 0;
        count++;
      }
    }
    this.pump();
    return count;
  }

  /** Fault injection: the lock of a held message ends now, as if its duration had passed. */
  expireLock(predicate: (stored: StoredMessage) => boolean = () => true): number {
    let count = 0;
    for (const stored of this.messages) {
      if (stored.state === 'locked' && predicate(stored)) {
        stored.lockedUntil = 0;
        count++;
      }
    }
    this.pump();
    return count;
  }

  /** Messages in sequence order from `fromSeq`, without locking (peek). */
  peek(fromSeq: number, max: number): StoredMessage[] {
    return this.messages.filter((m) => m.seq >= fromSeq && m.state !== 'deferred').slice(0, max);
  }

  #endSession(sessionId: string): void {
    for (const stored of [...this.messages]) {
      if (stored.state === 'locked' && sessionOf(stored) === sessionId) this.#endDelivery(stored, {});
    }
  }

  #endDelivery(stored: StoredMessage, properties: Record<string, unknown>): void {
    this.#unlock(stored);
    this.#merge(stored, properties);
    stored.deliveryCount++;
    if (stored.deliveryCount >= this.maxDeliveryCount) {
      this.#toDeadLetter(stored, {
        DeadLetterReason: 'MaxDeliveryCountExceeded',
        DeadLetterErrorDescription: `Message could not be consumed after ${this.maxDeliveryCount} delivery attempts.`,
      });
      return;
    }
    stored.state = 'ready';
  }

  #toDeadLetter(stored: StoredMessage, properties: Record<string, unknown>): void {
    this.#remove(stored);
    this.deadLetter?.adopt(stored, properties);
  }

  #merge(stored: StoredMessage, properties: Record<string, unknown>): void {
    if (Object.keys(properties).length === 0) return;
    stored.message.application_properties = { ...(stored.message.application_properties ?? {}), ...properties };
  }

  #unlock(stored: StoredMessage): void {
    if (stored.lockToken !== undefined) this.locks.delete(stored.lockToken);
    delete stored.lockToken;
    delete stored.lockedUntil;
  }

  #remove(stored: StoredMessage): void {
    this.#unlock(stored);
    const index = this.messages.indexOf(stored);
    if (index >= 0) this.messages.splice(index, 1);
  }
}

export class Topic {
  readonly name: string;
  readonly subscriptions = new Map<string, MessageStore>();

  constructor(name: string) {
    this.name = name;
  }

  /** Fan-out: every subscription that exists now and whose rules match gets its own copy. */
  publish(message: Message, now = Date.now()): void {
    for (const subscription of this.subscriptions.values()) {
      if (!subscription.rules.matches(message)) continue;
      subscription.enqueue(structuredCopy(message), now);
      subscription.pump(now);
    }
  }
}

/** A deep enough copy: sections are plain objects, Buffers and Dates. */
export function structuredCopy(message: Message): Message {
  return {
    ...message,
    ...(message.application_properties === undefined ? {} : { application_properties: { ...message.application_properties } }),
    ...(message.message_annotations === undefined ? {} : { message_annotations: { ...message.message_annotations } }),
  };
}
