/**
 * The leases one driver instance holds. basic.get gives no lease of its own: an unacked delivery
 * stays with its channel until it is settled or the channel closes. So the lease is kept here:
 *   - the token is `<channel generation>.<delivery tag>`; only the delivery this table holds
 *     under that token, for that inbox, may settle; anything else is `lease_expired`;
 *   - when a lease runs out, the table drops it and calls `onExpire` (which requeues it, counted),
 *     as a lapsed lease does on every broker;
 *   - when the channel closes, the broker has requeued every delivery on it: `dropGeneration`
 *     forgets them all at once.
 * If the process dies, the connection closes and the broker requeues what it held.
 */
import type { Decoded } from './codec.js';

export interface Held {
  token: string;
  generation: number;
  deliveryTag: number;
  /** The inbox's queue, so a lease of another inbox never settles here. */
  queue: string;
  /** The queue it was consumed from: the inbox queue or one of its key-hash queues. */
  source: string;
  decoded: Decoded;
  attempt: number;
  expiresAt: number;
  timer?: NodeJS.Timeout;
  /** Acked or requeued on its channel: never again (a second settlement closes the channel). */
  settled?: boolean;
}

const leasePattern = /^(\d{1,12})\.(\d{1,16})$/;

export type LeaseLookup = { kind: 'held'; held: Held } | { kind: 'stale' } | { kind: 'malformed' };

export class Leases {
  readonly #held = new Map<string, Held>();
  readonly #onExpire: (held: Held) => void;

  constructor(onExpire: (held: Held) => void) {
    this.#onExpire = onExpire;
  }

  static token(generation: number, deliveryTag: number): string {
    return `${generation}.${deliveryTag}`;
  }

  add(held: Held): string {
    this.#held.set(held.token, held);
    this.#schedule(held);
    return held.token;
  }

  lookup(queue: string, lease: string): LeaseLookup {
    if (!leasePattern.test(lease)) return { kind: 'malformed' };
    const held = this.#held.get(lease);
    if (held === undefined || held.queue !== queue || Date.now() >= held.expiresAt) return { kind: 'stale' };
    return { kind: 'held', held };
  }

  /** Gives the lease up (settled, or about to be): its timer stops and it can no longer be looked up. */
  drop(held: Held): void {
    if (held.timer !== undefined) clearTimeout(held.timer);
    if (this.#held.get(held.token) === held) this.#held.delete(held.token);
  }

  renew(held: Held, leaseMs: number): number {
    if (held.timer !== undefined) clearTimeout(held.timer);
    held.expiresAt = Date.now() + leaseMs;
    this.#schedule(held);
    return held.expiresAt;
  }

  /** The channel of `generation` closed: the broker requeued all its deliveries. */
  dropGeneration(generation: number): void {
    for (const held of this.#held.values()) if (held.generation === generation) this.drop(held);
  }

  /** Leases held on `queue` (this instance's in-flight count for depth). */
  countFor(queue: string): number {
    let count = 0;
    for (const held of this.#held.values()) if (held.queue === queue) count++;
    return count;
  }

  all(): Held[] {
    return [...this.#held.values()];
  }

  #schedule(held: Held): void {
    held.timer = setTimeout(() => {
      if (this.#held.get(held.token) !== held) return;
      this.drop(held);
      this.#onExpire(held);
    }, Math.max(0, held.expiresAt - Date.now()));
    held.timer.unref();
  }
}
