/**
 * Event ids a webhook's subscriptions have settled (the app accepted them, or refused them for
 * good), so that the batch Event Grid sends again after a partial failure does not push them a
 * second time. Bounded twice: an entry is kept `ttlMs` (Event Grid's retry window) and at most
 * `max` entries, the oldest forgotten first. A forgotten one is pushed again if retried: still
 * at-least-once, never lost.
 */
export class Remembered<V> {
  readonly #entries = new Map<string, { value: V; until: number }>();
  readonly #ttlMs: number;
  readonly #max: number;

  constructor(ttlMs: number, max: number) {
    this.#ttlMs = ttlMs;
    this.#max = max;
  }

  get(key: string, now = Date.now()): V | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.until > now) return entry.value;
    this.#entries.delete(key);
    return undefined;
  }

  set(key: string, value: V, now = Date.now()): void {
    if (this.#max === 0) return;
    this.#entries.delete(key);
    this.#entries.set(key, { value, until: now + this.#ttlMs });
    // Insertion order is age order: the first entries are the oldest.
    for (const [oldest, entry] of this.#entries) {
      if (this.#entries.size <= this.#max && entry.until > now) break;
      this.#entries.delete(oldest);
    }
  }

  get size(): number {
    return this.#entries.size;
  }
}
