/**
 * Message sessions of the Service Bus test broker, free of AMQP: which sessions exist (the
 * distinct group-ids of a session-enabled entity's messages), who holds each session's lock, the
 * session state, and receivers waiting for "the next available session".
 *
 * Service Bus facts kept here: a session is locked by one receiver at a time; the lock lasts the
 * entity's lock duration and is renewed with `renew-session-lock`; messages delivered on a session
 * link carry the session's lock (their own lock ends with it); a lost or released session lock
 * returns the session's locked messages with their delivery count raised; accepting the next
 * session picks an unlocked session that has a deliverable message, oldest message first, and
 * waits (up to the link's `com.microsoft:timeout`) when there is none.
 */
import type { StoredMessage } from './entities.js';

export const SESSION_FILTER = 'com.microsoft:session-filter';
export const LOCKED_UNTIL = 'com.microsoft:locked-until-utc';
export const TIMEOUT_PROPERTY = 'com.microsoft:timeout';
export const SESSION_LOCK_LOST = 'com.microsoft:session-lock-lost';
export const SESSION_CANNOT_BE_LOCKED = 'com.microsoft:session-cannot-be-locked';

/** Whoever holds a session lock (a receiver link); told when the broker takes the lock away. */
export interface SessionOwner {
  lockLost(sessionId: string): void;
}

export interface SessionLock {
  sessionId: string;
  owner: SessionOwner;
  lockedUntil: number;
}

/** A receiver asking for the next available session, waiting until `deadline`. */
export interface SessionWaiter {
  owner: SessionOwner;
  deadline: number;
  grant(sessionId: string): void;
  timeout(): void;
}

/** The session id of a stored message (its AMQP group-id). */
export function sessionOf(stored: StoredMessage): string | undefined {
  const id = stored.message.group_id;
  return id === undefined || id === null ? undefined : String(id);
}

/** .NET ticks (100 ns since 0001-01-01) as the 8 big-endian bytes Service Bus sends for a long. */
export function ticksOf(time: number): Buffer {
  const buffer = Buffer.alloc(8);
  buffer.writeBigInt64BE((BigInt(time) + 62_135_596_800_000n) * 10_000n);
  return buffer;
}

export class SessionRegistry {
  readonly lockDurationMs: number;
  readonly locks = new Map<string, SessionLock>();
  readonly states = new Map<string, Buffer>();
  readonly waiting: SessionWaiter[] = [];

  constructor(lockDurationMs: number) {
    this.lockDurationMs = lockDurationMs;
  }

  /** The lock on a session if it is held and has not run out. */
  held(sessionId: string, now = Date.now()): SessionLock | undefined {
    const lock = this.locks.get(sessionId);
    return lock !== undefined && lock.lockedUntil > now ? lock : undefined;
  }

  /** Locks a session for `owner`; undefined when another receiver holds it. */
  lock(sessionId: string, owner: SessionOwner, now = Date.now()): SessionLock | undefined {
    const current = this.held(sessionId, now);
    if (current !== undefined && current.owner !== owner) return undefined;
    const lock = { sessionId, owner, lockedUntil: now + this.lockDurationMs };
    this.locks.set(sessionId, lock);
    return lock;
  }

  /** The unlocked session whose oldest deliverable message is oldest, if any. */
  nextAvailable(messages: readonly StoredMessage[], now = Date.now()): string | undefined {
    for (const stored of messages) {
      if (stored.state !== 'ready' || stored.visibleAt > now) continue;
      const id = sessionOf(stored);
      if (id !== undefined && this.held(id, now) === undefined) return id;
    }
    return undefined;
  }

  /** Sessions whose lock ran out (removed from the registry). */
  takeExpired(now = Date.now()): SessionLock[] {
    const expired: SessionLock[] = [];
    for (const lock of this.locks.values()) if (lock.lockedUntil <= now) expired.push(lock);
    for (const lock of expired) this.locks.delete(lock.sessionId);
    return expired;
  }

  /** Drops every lock an owner holds (its link went away); returns the sessions released. */
  releaseOwner(owner: SessionOwner): string[] {
    const released: string[] = [];
    for (const [id, lock] of this.locks) {
      if (lock.owner === owner) released.push(id);
    }
    for (const id of released) this.locks.delete(id);
    const index = this.waiting.findIndex((waiter) => waiter.owner === owner);
    if (index >= 0) this.waiting.splice(index, 1);
    return released;
  }

  /** Hands available sessions to waiting receivers, and times out those that waited too long. */
  serveWaiters(messages: readonly StoredMessage[], now = Date.now()): void {
    for (const waiter of [...this.waiting]) {
      const id = this.nextAvailable(messages, now);
      if (id !== undefined) {
        this.waiting.splice(this.waiting.indexOf(waiter), 1);
        this.lock(id, waiter.owner, now);
        waiter.grant(id);
      } else if (waiter.deadline <= now) {
        this.waiting.splice(this.waiting.indexOf(waiter), 1);
        waiter.timeout();
      }
    }
  }
}
