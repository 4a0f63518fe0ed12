/**
 * A pause that an abort cuts short instead of failing: for loops that back off between tries
 * and look at the signal themselves once the pause is over. (node:timers/promises rejects on abort.)
 */

export interface SleepOptions {
  /** The timer does not keep the process alive: for background loops, never for a caller awaiting it. */
  unref?: boolean;
}

/**
 * Resolves after `ms`, or as soon as `signal` aborts (at once if it already has); never rejects.
 * Whichever comes first takes the listener off the signal and clears the timer, so a long-lived
 * signal gathers nothing however many pauses it cuts.
 */
export function sleepUnlessAborted(ms: number, signal?: AbortSignal, options: SleepOptions = {}): Promise<void> {
  if (signal?.aborted === true) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    if (options.unref === true) timer.unref();
    signal?.addEventListener('abort', done, { once: true });
  });
}
