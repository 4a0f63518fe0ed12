/**
 * Per-attempt timeout. The attempt gets a signal that aborts when its time is up, and its
 * `deadline` narrows to the sooner of its own time and the call's; the policy also stops
 * waiting at that moment even if the attempt ignores its signal, so a timeout is answered on time.
 */
import { OutriggerError } from '../../kernel/errors.js';
import { linkedAbort } from '../linked-abort.js';
import type { Call, CallContext, Policy } from './policy.js';

const attemptTimeouts = new WeakSet<object>();

/** True for the error an attempt's own timeout raised (not the caller's deadline): a failure of the target. */
export function isAttemptTimeout(error: unknown): boolean {
  return typeof error === 'object' && error !== null && attemptTimeouts.has(error);
}

export class TimeoutPolicy implements Policy {
  constructor(
    private readonly timeoutMs: number,
    /** Who did not answer, for the error: `target 'catalog'`. */
    private readonly subject: string,
  ) {}

  async execute<T>(call: Call<T>, context: CallContext): Promise<T> {
    const attempt = linkedAbort([context.signal], this.timeoutMs, () => {
      const error = new OutriggerError('timeout', `${this.subject} did not answer within ${this.timeoutMs} ms`, { extensions: { timeoutMs: this.timeoutMs } });
      attemptTimeouts.add(error);
      return error;
    });
    const { signal } = attempt;
    try {
      const running = call.run({ ...context, signal, deadline: Math.min(context.deadline, Date.now() + this.timeoutMs) });
      return await untilAborted(running, signal, call.discard);
    } catch (error) {
      throw signal.aborted ? (signal.reason as Error) : error;
    } finally {
      attempt.dispose();
    }
  }
}

/** The attempt's result, or the signal's reason as soon as it aborts; a result that comes too late is discarded. */
function untilAborted<T>(running: Promise<T>, signal: AbortSignal, discard: ((value: T) => void) | undefined): Promise<T> {
  if (signal.aborted) {
    running.then((value) => discard?.(value), () => undefined);
    return Promise.reject(signal.reason as Error);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      running.then((value) => discard?.(value), () => undefined);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    // Once aborted, onAbort has answered and taken care of the late result.
    running.then(
      (value) => {
        if (signal.aborted) return;
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        if (signal.aborted) return;
        signal.removeEventListener('abort', onAbort);
        reject(error as Error);
      },
    );
  });
}
