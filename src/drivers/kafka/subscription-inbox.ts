/**
 * One topic subscription as a leased inbox: the subscription is a Kafka consumer group on the
 * topic, and another on its retry topic `<subscription>.retry`; each fetched batch waits in
 * this sidecar's memory until every event of it is settled, and only then is its offset
 * committed, so a commit never passes an event that was not acknowledged, filtered out or moved
 * to the retry or dead-letter topic.
 *
 * - Filters are applied here: an event the filter refuses is settled at once.
 * - Unordered: a nack (or a lease that ran out) moves the event to the retry topic, with its
 *   attempt count and the time it is due again, so that one failing event never holds up its
 *   partition; an event past maxDeliveries, or nacked with deadLetter, goes to
 *   `<subscription>.dlq` instead (dead-letters.ts). Either write is durable before the original
 *   is settled.
 * - Ordered (`ordered: true`): a partition hands out one event at a time, the next only once the
 *   one before is settled, and a failed event is retried in place: it stays at the head of its
 *   partition, due again after its backoff, while the partition waits and other partitions flow.
 *   Past maxDeliveries it goes to the dead-letter topic and the partition moves on.
 * - A lease is this process's: when the partition moves to another member, its unsettled events
 *   are delivered there again from the committed offset, and settling the old lease is refused.
 */
import { randomUUID } from 'node:crypto';
import { OutriggerError } from '../../kernel/errors.js';
import type { Delivery, NackOptions, PartitionContext, ReceiveOptions, StreamConsumer, StreamEvent, SubscriptionSettings, TopicFilter } from '../contract.js';
import { ATTEMPT, DUE_AT, type DeadLetterStore } from './dead-letters.js';

interface Batch {
  pending: number;
  done: () => void;
  /** Settles once the batch's offset was committed (or the commit failed). */
  committed: Promise<void>;
}

interface Item {
  event: StreamEvent;
  /** Deliveries before this one (kept across retries in the retry topic's headers). */
  attempts: number;
  due: number;
  batch: Batch;
  context: PartitionContext;
  lease?: { token: string; expires: number; timer: NodeJS.Timeout };
}

export interface SubscriptionInboxDeps {
  topic: string;
  subscription: string;
  settings: SubscriptionSettings;
  retryTopic: string;
  store: DeadLetterStore;
  /** Joins `group` on `topic`, handing each partition's batches to the processor. */
  consume(topic: string, group: string, process: (events: StreamEvent[], context: PartitionContext) => Promise<void>): Promise<StreamConsumer>;
}

export class SubscriptionInbox {
  readonly #deps: SubscriptionInboxDeps;
  readonly #ready: Item[] = [];
  readonly #leased = new Map<string, Item>();
  readonly #waiters = new Set<() => void>();
  #members: Promise<StreamConsumer[]> | undefined;

  constructor(deps: SubscriptionInboxDeps) {
    this.#deps = deps;
  }

  get inFlight(): number {
    return this.#leased.size;
  }

  async receive(options: ReceiveOptions): Promise<Delivery[]> {
    await this.#start();
    const deadline = Date.now() + Math.max(0, options.waitMs);
    const leaseMs = options.leaseMs ?? this.#deps.settings.leaseMs;
    for (;;) {
      const now = Date.now();
      const { due, next } = this.#due(now);
      if (due.length > 0) return due.slice(0, Math.max(1, options.max)).map((item) => this.#lease(item, leaseMs));
      const left = deadline - now;
      if (left <= 0 || options.signal?.aborted === true) return [];
      await this.#wait(Math.max(1, Math.min(left, next - now)), options.signal);
    }
  }

  async ack(lease: string): Promise<void> {
    await this.#settle(this.#take(lease, 'acknowledging'));
  }

  async nack(lease: string, options: NackOptions = {}): Promise<void> {
    const item = this.#take(lease, 'nacking');
    if (options.release === true) {
      // Ahead of every other event of its partition, which keeps an ordered partition's order.
      this.#ready.unshift(item);
      this.#wakeAll();
      return;
    }
    await this.#fail(item, options.deadLetter === true ? options.reason ?? 'dead-lettered by the consumer' : undefined, options.retryAfterMs ?? 0);
  }

  renew(lease: string, leaseMs: number): number {
    const item = this.#leased.get(lease);
    if (item?.lease === undefined || item.context.signal.aborted) throw expired('renewing');
    clearTimeout(item.lease.timer);
    item.lease.expires = Date.now() + leaseMs;
    item.lease.timer = this.#expiry(item, leaseMs);
    return item.lease.expires;
  }

  async close(): Promise<void> {
    const members = await this.#members?.catch(() => []);
    for (const item of this.#leased.values()) clearTimeout(item.lease?.timer);
    this.#leased.clear();
    this.#ready.length = 0;
    this.#wakeAll();
    await Promise.all((members ?? []).map((member) => member.close()));
  }

  #start(): Promise<StreamConsumer[]> {
    this.#members ??= Promise.all([
      this.#deps.consume(this.#deps.topic, this.#deps.subscription, (events, context) => this.#process(events, context, true)),
      this.#deps.consume(this.#deps.retryTopic, this.#deps.retryTopic, (events, context) => this.#process(events, context, false)),
    ]).catch((err: unknown) => {
      this.#members = undefined;
      throw err;
    });
    return this.#members;
  }

  /** One partition batch: waits until each event is settled, then commits past the batch. */
  async #process(events: StreamEvent[], context: PartitionContext, filtered: boolean): Promise<void> {
    const last = events.at(-1);
    if (last === undefined) return;
    const wanted = filtered ? events.filter((event) => matches(this.#deps.settings.filter, event.headers)) : events;
    let committed = (): void => undefined;
    const batch: Batch = { pending: wanted.length, done: () => undefined, committed: new Promise((resolve) => (committed = resolve)) };
    try {
      if (wanted.length > 0) {
        const abandon = (): void => batch.done();
        context.signal.addEventListener('abort', abandon, { once: true });
        try {
          await new Promise<void>((resolve) => {
            batch.done = resolve;
            for (const event of wanted) {
              this.#ready.push({ event, attempts: Number(event.headers[ATTEMPT] ?? 0), due: Number(event.headers[DUE_AT] ?? 0), batch, context });
            }
            this.#wakeAll();
          });
        } finally {
          // The signal lasts as long as the partition is held, batch after batch.
          context.signal.removeEventListener('abort', abandon);
        }
      }
      if (context.signal.aborted) {
        this.#drop(context);
        return;
      }
      await context.checkpoint(last.offset);
    } finally {
      committed();
    }
  }

  /**
   * What may be leased now, in order. Ordered: only the first event of a partition, and only
   * while no other event of that partition is leased; a head not yet due holds its partition.
   */
  #due(now: number): { due: Item[]; next: number } {
    const ordered = this.#deps.settings.ordered === true;
    const held = new Set<PartitionContext>();
    if (ordered) for (const item of this.#leased.values()) held.add(item.context);
    const due: Item[] = [];
    let next = Infinity;
    for (const item of this.#ready) {
      if (held.has(item.context) || item.context.signal.aborted) continue;
      if (ordered) held.add(item.context);
      if (item.due <= now) due.push(item);
      else next = Math.min(next, item.due);
    }
    return { due, next };
  }

  #lease(item: Item, leaseMs: number): Delivery {
    this.#ready.splice(this.#ready.indexOf(item), 1);
    const token = randomUUID();
    const expires = Date.now() + leaseMs;
    item.lease = { token, expires, timer: this.#expiry(item, leaseMs) };
    this.#leased.set(token, item);
    const { event } = item;
    const headers = Object.fromEntries(Object.entries(event.headers).filter(([name]) => !name.startsWith('outrigger-')));
    const delivery: Delivery = { id: event.id, lease: token, attempt: item.attempts + 1, headers, data: event.data, enqueuedAt: event.timestamp, leaseExpiresAt: expires };
    if (event.partitionKey !== undefined) delivery.orderingKey = event.partitionKey;
    return delivery;
  }

  /** A lease that runs out counts as a failed delivery. */
  #expiry(item: Item, leaseMs: number): NodeJS.Timeout {
    const timer = setTimeout(() => {
      if (item.lease === undefined || this.#leased.get(item.lease.token) !== item) return;
      this.#leased.delete(item.lease.token);
      item.lease = undefined;
      // A write to the retry or dead-letter topic that failed put the event back (#fail).
      this.#fail(item, undefined, 0).catch(() => undefined);
    }, leaseMs);
    timer.unref();
    return timer;
  }

  #take(lease: string, action: string): Item {
    const item = this.#leased.get(lease);
    if (item === undefined || item.context.signal.aborted) throw expired(action);
    this.#leased.delete(lease);
    clearTimeout(item.lease?.timer);
    item.lease = undefined;
    return item;
  }

  /**
   * To the dead-letter topic when `reason` is given or attempts are used up; else to the retry
   * topic, or (ordered) back to the head of its partition, due after `retryAfterMs`.
   */
  async #fail(item: Item, reason: string | undefined, retryAfterMs: number): Promise<void> {
    const attempts = item.attempts + 1;
    const { store, settings } = this.#deps;
    try {
      if (reason !== undefined || attempts >= settings.maxDeliveries) {
        await store.deadLetter(item.event, attempts, reason ?? 'max_deliveries_exceeded');
      } else if (settings.ordered === true) {
        item.attempts = attempts;
        item.due = Date.now() + retryAfterMs;
        this.#ready.unshift(item);
        this.#wakeAll();
        return;
      } else {
        await store.retry(item.event, attempts, Date.now() + retryAfterMs);
      }
    } catch (err) {
      // Not written: the event stays unsettled, ahead of its partition, and is delivered again.
      if (!item.context.signal.aborted) this.#ready.unshift(item);
      this.#wakeAll();
      throw err;
    }
    await this.#settle(item);
  }

  /** The last settle of a batch waits for its commit, so that depth read after it is exact. */
  async #settle(item: Item): Promise<void> {
    // An ordered partition's next event may be leased now.
    if (this.#deps.settings.ordered === true) this.#wakeAll();
    item.batch.pending--;
    if (item.batch.pending > 0) return;
    item.batch.done();
    await item.batch.committed;
  }

  /** The partition moved: its events are the new owner's now. */
  #drop(context: PartitionContext): void {
    for (let i = this.#ready.length - 1; i >= 0; i--) if (this.#ready[i]?.context === context) this.#ready.splice(i, 1);
    for (const [token, item] of this.#leased) {
      if (item.context !== context) continue;
      clearTimeout(item.lease?.timer);
      this.#leased.delete(token);
    }
  }

  #wait(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#waiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#waiters.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  #wakeAll(): void {
    for (const wake of [...this.#waiters]) wake();
  }
}

export function matches(filter: TopicFilter | undefined, headers: Record<string, string>): boolean {
  if (filter === undefined) return true;
  if (filter.types !== undefined && !filter.types.includes(headers['ce-type'] ?? '')) return false;
  if (filter.subjectPrefix !== undefined && !(headers['ce-subject'] ?? '').startsWith(filter.subjectPrefix)) return false;
  return true;
}

function expired(action: string): OutriggerError {
  return new OutriggerError('lease_expired', `${action}: the lease has expired, was settled already, or its partition moved to another member; the event will be delivered again`);
}
