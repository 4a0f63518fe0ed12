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

export interface EntityOptions {
  /** Peek-lock duration (Service Bus default 60 s; here 30 s unless given). */
  lockDurationMs?: number;
  /** Deliveries before dead-lettering (Service Bus default 10). */
  maxDeliveryCount?: number;
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

  constructor(path: string, options: EntityOptions, isDeadLetter = false) {
    this.path = path;
    this.lockDurationMs = options.lockDurationMs ?? 30_000;
    this.maxDeliveryCount = isDeadLetter ? Number.POSITIVE_INFINITY : (options.maxDeliveryCount ?? 10);
    this.deadLetter = isDeadLetter ? undefined : new MessageStore(`${path}/$DeadLetterQueue`, options, true);
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
  pump(now = Date.now()): void {
    for (const stored of [...this.messages]) {
      if (stored.state === 'locked' && (stored.lockedUntil ?? 0) <= now) this.#endDelivery(stored, {});
    }
    for (const stored of [...this.messages]) {
      if (stored.state === 'ready' && stored.expiresAt !== undefined && stored.expiresAt <= now) this.#remove(stored);
    }
    for (const consumer of this.consumers) {
      while (consumer.credit() > 0) {
        const next = this.messages.find((m) => m.state === 'ready' && m.visibleAt <= now);
        if (next === undefined) break;
        next.state = 'locked';
        next.lockToken = randomUUID();
        next.lockedUntil = now + this.lockDurationMs;
        this.locks.set(next.lockToken, next);
        consumer.deliver(this, next);
      }
      consumer.idle(this);
    }
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

  /** Fan-out: every subscription that exists now gets its own copy. */
  publish(message: Message, now = Date.now()): void {
    for (const subscription of this.subscriptions.values()) {
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
