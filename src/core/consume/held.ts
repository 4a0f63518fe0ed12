/** The unsettled deliveries of one consumer by tag, and a way to wait until none are left. */
import { OutriggerError } from '../../kernel/errors.js';

export class Held<T> {
  private readonly entries = new Map<number, T>();
  private nextTag = 1;
  private emptied: Array<() => void> = [];

  get size(): number {
    return this.entries.size;
  }

  add(entry: T): number {
    const tag = this.nextTag++;
    this.entries.set(tag, entry);
    return tag;
  }

  /** Removes and returns the entry; a second settlement of one tag finds nothing. */
  take(tag: number): T {
    const entry = this.entries.get(tag);
    if (entry === undefined) {
      throw new OutriggerError('lease_expired', `no unsettled delivery with tag ${tag} on this stream: it was already settled, given back, or never sent`);
    }
    this.entries.delete(tag);
    if (this.entries.size === 0) this.notifyEmpty();
    return entry;
  }

  takeAll(): T[] {
    const all = [...this.entries.values()];
    this.entries.clear();
    this.notifyEmpty();
    return all;
  }

  /** Resolves when nothing is held or at `deadline`, whichever is first. */
  async untilEmpty(deadline: number): Promise<void> {
    if (this.entries.size === 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, Math.max(0, deadline - Date.now()));
      const emptied = this.emptied;
      function done(): void {
        clearTimeout(timer);
        const index = emptied.indexOf(done);
        if (index >= 0) emptied.splice(index, 1);
        resolve();
      }
      emptied.push(done);
    });
  }

  private notifyEmpty(): void {
    const waiting = this.emptied;
    this.emptied = [];
    for (const wake of waiting) wake();
  }
}
