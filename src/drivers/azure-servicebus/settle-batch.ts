/**
 * Settlements asked for in one event-loop turn start together at the end of it. Each ack of a push
 * arrives in its own I/O callback, and rhea ends every callback that touched a link with a pass
 * over every session of the connection, writing that callback's disposition and flow frames. Held
 * to the turn's end, rhea makes one pass for all of them, writes their dispositions as ranges
 * where the delivery ids run on (started in delivery order for that), and gives the credit of the
 * settled stream messages back in one flow. Nothing waits longer than the current turn.
 */
export interface Settling {
  /** The settlement itself (complete, abandon, dead-letter). */
  settle: () => Promise<void>;
  /** The receiving link's delivery id, when known: settlements start in its order. */
  order: number;
}

export class SettleBatch {
  #queue: { settling: Settling; resolve: () => void; reject: (err: unknown) => void }[] = [];
  #after: (() => void)[] = [];
  #scheduled = false;

  /** Starts `settling` at the end of this turn; answers with its outcome. */
  run(settling: Settling): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ settling, resolve, reject });
      this.#schedule();
    });
  }

  /** Runs `fn` at the end of this turn, after the settlements of the turn have started. */
  later(fn: () => void): void {
    this.#after.push(fn);
    this.#schedule();
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => this.#flush());
  }

  #flush(): void {
    this.#scheduled = false;
    const queue = this.#queue;
    const after = this.#after;
    this.#queue = [];
    this.#after = [];
    queue.sort((a, b) => a.settling.order - b.settling.order);
    for (const { settling, resolve, reject } of queue) settling.settle().then(resolve, reject);
    for (const fn of after) fn();
  }
}

/** rhea's id of the delivery a message came in (the SDK keeps it on the message), for ordering. */
export function deliveryOrder(message: object): number {
  const id = (message as { delivery?: { id?: unknown } }).delivery?.id;
  return typeof id === 'number' ? id : 0;
}
