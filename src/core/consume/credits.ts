/** Flow control: `max` credits; each delivery out takes one, each settlement gives it back. */
export class Credits {
  private used = 0;
  private readonly waiters: Array<() => void> = [];

  constructor(readonly max: number) {}

  get outstanding(): number {
    return this.used;
  }

  get available(): number {
    return this.max - this.used;
  }

  /** Takes `n` credits that `available` said are there. */
  take(n: number): void {
    if (n > this.available) throw new Error(`taking ${n} credits with ${this.available} available`);
    this.used += n;
  }

  /** Resolves true once a credit is taken, false if `signal` aborts first (nothing taken). */
  async acquire(signal: AbortSignal): Promise<boolean> {
    while (this.available <= 0) {
      if (!(await this.changed(signal))) return false;
    }
    if (signal.aborted) return false;
    this.used++;
    return true;
  }

  /** Resolves with the credits available (at least one), or 0 when `signal` aborts first. */
  async whenAvailable(signal: AbortSignal): Promise<number> {
    while (this.available <= 0) {
      if (!(await this.changed(signal))) return 0;
    }
    return signal.aborted ? 0 : this.available;
  }

  release(): void {
    if (this.used === 0) return;
    this.used--;
    this.waiters.shift()?.();
  }

  /** Waits for a release; false when aborted. Waiters are woken one per release, in order. */
  private changed(signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const wake = (): void => {
        signal.removeEventListener('abort', abort);
        resolve(true);
      };
      const abort = (): void => {
        const index = this.waiters.indexOf(wake);
        if (index >= 0) this.waiters.splice(index, 1);
        resolve(false);
      };
      this.waiters.push(wake);
      signal.addEventListener('abort', abort, { once: true });
    });
  }
}
