/**
 * Namespace topics and their queue-type event subscriptions, as the data plane (api-version
 * 2024-06-01) documents them: publish CloudEvents to a topic; each subscription keeps its own
 * copy; receive hands out events under a lock token (lock duration per subscription, 60 s by
 * default), counting deliveries; acknowledge, release (optionally delayed by 0, 10, 60, 600 or
 * 3600 s), reject (dead-letter) and renewLock take lock tokens and answer which succeeded and
 * which failed. An event received more than maxDeliveryCount times (10 by default) is
 * dead-lettered instead of delivered. Receive long-polls 10 to 120 s (maxWaitTime, default 60).
 */
import { randomUUID } from 'node:crypto';
import { WireError } from './wire.js';

export const RELEASE_DELAYS = [0, 10, 60, 600, 3600] as const;

export interface SubscriptionOptions {
  lockMs?: number;
  maxDeliveryCount?: number;
}

interface Entry {
  event: Record<string, unknown>;
  deliveryCount: number;
  state: 'available' | 'locked' | 'done' | 'dead';
  lockToken?: string;
  lockedUntil: number;
  availableAt: number;
  deadLetterReason?: string;
}

class Subscription {
  readonly entries: Entry[] = [];
  readonly waiters = new Set<() => void>();
  constructor(readonly lockMs: number, readonly maxDeliveryCount: number) {}

  wake(): void {
    for (const wake of [...this.waiters]) wake();
  }

  byToken(token: string, now: number): Entry | undefined {
    const entry = this.entries.find((e) => e.lockToken === token);
    return entry !== undefined && entry.state === 'locked' && entry.lockedUntil > now ? entry : undefined;
  }
}

export interface LockResult {
  failedLockTokens: Array<{ lockToken: string; error: { code: string; message: string } }>;
  succeededLockTokens: string[];
}

export class NamespaceTopics {
  readonly #topics = new Map<string, Map<string, Subscription>>();
  /** Create topics and subscriptions on first reference (the data plane cannot; tests stand in for ARM). */
  autoCreate: boolean;
  /** Applied to subscriptions created on first reference. */
  defaults: Required<SubscriptionOptions>;
  /** The shortest long poll, in seconds; the service's is 10. */
  minWaitSeconds: number;

  constructor(options: { autoCreate?: boolean; defaults?: SubscriptionOptions; minWaitSeconds?: number } = {}) {
    this.autoCreate = options.autoCreate ?? true;
    this.defaults = { lockMs: options.defaults?.lockMs ?? 60_000, maxDeliveryCount: options.defaults?.maxDeliveryCount ?? 10 };
    this.minWaitSeconds = options.minWaitSeconds ?? 10;
  }

  createTopic(topic: string): void {
    if (!this.#topics.has(topic)) this.#topics.set(topic, new Map());
  }

  createSubscription(topic: string, name: string, options: SubscriptionOptions = {}): void {
    this.createTopic(topic);
    const subs = this.#topics.get(topic)!;
    if (!subs.has(name)) subs.set(name, new Subscription(options.lockMs ?? this.defaults.lockMs, options.maxDeliveryCount ?? this.defaults.maxDeliveryCount));
  }

  /** Dead-lettered events of a subscription, with why (the service writes them to blob storage). */
  deadLetters(topic: string, name: string): Array<{ event: Record<string, unknown>; reason: string; deliveryCount: number }> {
    const sub = this.#topics.get(topic)?.get(name);
    return (sub?.entries ?? []).filter((e) => e.state === 'dead').map((e) => ({ event: e.event, reason: e.deadLetterReason ?? '', deliveryCount: e.deliveryCount }));
  }

  publish(topic: string, events: Array<Record<string, unknown>>): void {
    const subs = this.#topic(topic);
    const now = Date.now();
    for (const sub of subs.values()) {
      for (const event of events) sub.entries.push({ event, deliveryCount: 0, state: 'available', lockedUntil: 0, availableAt: now });
      sub.wake();
    }
  }

  async receive(topic: string, name: string, maxEvents: number, maxWaitSeconds: number, signal: AbortSignal): Promise<unknown> {
    const sub = this.#subscription(topic, name);
    if (!Number.isInteger(maxEvents) || maxEvents < 1 || maxEvents > 100) throw new WireError(400, 'BadRequest', 'maxEvents must be from 1 to 100.');
    const waitMs = Math.min(120, Math.max(this.minWaitSeconds, maxWaitSeconds)) * 1000;
    const deadline = Date.now() + waitMs;
    for (;;) {
      const taken = this.#take(sub, maxEvents);
      if (taken.length > 0 || Date.now() >= deadline || signal.aborted) {
        return { value: taken.map((e) => ({ brokerProperties: { lockToken: e.lockToken, deliveryCount: e.deliveryCount }, event: e.event })) };
      }
      await this.#wait(sub, deadline, signal);
    }
  }

  acknowledge(topic: string, name: string, tokens: string[]): LockResult {
    return this.#settle(topic, name, tokens, (entry) => (entry.state = 'done'));
  }

  release(topic: string, name: string, tokens: string[], delaySeconds: number): LockResult {
    if (!(RELEASE_DELAYS as readonly number[]).includes(delaySeconds)) throw new WireError(400, 'BadRequest', `releaseDelayInSeconds must be one of ${RELEASE_DELAYS.join(', ')}.`);
    const sub = this.#subscription(topic, name);
    const result = this.#settle(topic, name, tokens, (entry) => {
      entry.state = 'available';
      entry.lockToken = undefined;
      entry.availableAt = Date.now() + delaySeconds * 1000;
    });
    sub.wake();
    return result;
  }

  reject(topic: string, name: string, tokens: string[]): LockResult {
    return this.#settle(topic, name, tokens, (entry) => {
      entry.state = 'dead';
      entry.deadLetterReason = 'Rejected';
    });
  }

  renewLock(topic: string, name: string, tokens: string[]): LockResult {
    const sub = this.#subscription(topic, name);
    return this.#settle(topic, name, tokens, (entry) => (entry.lockedUntil = Date.now() + sub.lockMs), false);
  }

  #settle(topic: string, name: string, tokens: string[], apply: (entry: Entry) => void, unlock = true): LockResult {
    const sub = this.#subscription(topic, name);
    if (!Array.isArray(tokens) || tokens.length === 0 || tokens.length > 100 || tokens.some((t) => typeof t !== 'string')) {
      throw new WireError(400, 'BadRequest', 'lockTokens must be an array of 1 to 100 strings.');
    }
    const now = Date.now();
    const result: LockResult = { failedLockTokens: [], succeededLockTokens: [] };
    for (const token of tokens) {
      const entry = sub.byToken(token, now);
      if (entry === undefined) {
        result.failedLockTokens.push({ lockToken: token, error: { code: 'TokenLost', message: 'Token has expired or is not valid.' } });
        continue;
      }
      apply(entry);
      if (unlock && entry.state !== 'available') entry.lockToken = undefined;
      result.succeededLockTokens.push(token);
    }
    return result;
  }

  /** Available events (and those whose lock ran out), locked for this receive; over-delivered ones are dead-lettered. */
  #take(sub: Subscription, max: number): Entry[] {
    const now = Date.now();
    const taken: Entry[] = [];
    for (const entry of sub.entries) {
      if (taken.length >= max) break;
      const expired = entry.state === 'locked' && entry.lockedUntil <= now;
      if (!(entry.state === 'available' && entry.availableAt <= now) && !expired) continue;
      if (entry.deliveryCount >= sub.maxDeliveryCount) {
        entry.state = 'dead';
        entry.lockToken = undefined;
        entry.deadLetterReason = 'MaxDeliveryCountExceeded';
        continue;
      }
      entry.deliveryCount++;
      entry.state = 'locked';
      entry.lockToken = randomUUID();
      entry.lockedUntil = now + sub.lockMs;
      taken.push(entry);
    }
    return taken;
  }

  /** Until something may be receivable (a publish, a release, a lock or delay running out) or the deadline. */
  #wait(sub: Subscription, deadline: number, signal: AbortSignal): Promise<void> {
    const now = Date.now();
    const times = sub.entries.flatMap((e) => (e.state === 'locked' ? [e.lockedUntil] : e.state === 'available' && e.availableAt > now ? [e.availableAt] : []));
    const until = Math.min(deadline, ...times);
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        sub.waiters.delete(done);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(1, until - now));
      sub.waiters.add(done);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  #topic(topic: string): Map<string, Subscription> {
    if (this.autoCreate) this.createTopic(topic);
    const subs = this.#topics.get(topic);
    if (subs === undefined) throw new WireError(404, 'NotFound', `Topic '${topic}' was not found.`);
    return subs;
  }

  #subscription(topic: string, name: string): Subscription {
    if (this.autoCreate) this.createSubscription(topic, name);
    const sub = this.#topic(topic).get(name);
    if (sub === undefined) throw new WireError(404, 'NotFound', `Event subscription '${name}' of topic '${topic}' was not found.`);
    return sub;
  }
}
