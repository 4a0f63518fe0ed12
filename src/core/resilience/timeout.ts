/**
 * Per-attempt timeout. The attempt gets a signal that aborts when its time is up, and its
 * `deadline` narrows to the sooner of its own time and the call's; the policy also stops
 * waiting at that moment even if the attempt ignores its signal, so a timeout is answered on time.
 *
 * One attempt costs one AbortController, one timer and one promise, and no async frame: the
 * composed policy (resilience-policy.ts) runs every broker call and query attempt through here.
 */
import { OutriggerError } from '../../kernel/errors.js';
import { neverAborted } from '../linked-abort.js';
import type { Call, CallContext } from './policy.js';

const attemptTimeouts = new WeakSet<object>();
const once = { once: true } as const;

/** True for the error an attempt's own timeout raised (not the caller's deadline): a failure of the target. */
export function isAttemptTimeout(error: unknown): boolean {
  return typeof error === 'object' && error !== null && attemptTimeouts.has(error);
}

export class TimeoutPolicy {
  constructor(
    private readonly timeoutMs: number,
    /** Who did not answer, for the error: `target 'catalog'`. */
    private readonly subject: string,
  ) {}

  /**
   * Runs attempt number `attempt` of `call` with its own signal, which aborts with the caller's
   * (`context.signal`) or when the time is up. The answer is the attempt's result, or the
   * signal's reason as soon as it aborts; a result that comes too late is discarded.
   */
  attempt<T>(call: Call<T>, context: CallContext, attempt: number): Promise<T> {
    const parent = context.signal;
    const controller = new AbortController();
    const { signal } = controller;
    let timer: NodeJS.Timeout | undefined;
    let over = false;
    let resolve!: (value: T) => void;
    let reject!: (reason: unknown) => void;
    const answer = new Promise<T>((yes, no) => {
      resolve = yes;
      reject = no;
    });
    const detach = (): void => {
      over = true;
      if (timer !== undefined) clearTimeout(timer);
      if (parent !== neverAborted()) parent.removeEventListener('abort', onParentAbort);
    };
    // The attempt's own listeners (the driver's) hear the abort before the caller is answered.
    const abort = (reason: unknown): void => {
      if (over) return;
      detach();
      controller.abort(reason);
      reject(reason);
    };
    const onParentAbort = (): void => abort(parent.reason);
    if (parent.aborted) abort(parent.reason);
    else {
      if (parent !== neverAborted()) parent.addEventListener('abort', onParentAbort, once);
      if (Number.isFinite(this.timeoutMs)) timer = setTimeout(() => abort(this.timeoutError()), Math.max(0, this.timeoutMs));
    }
    let running: Promise<T>;
    try {
      running = call.run({ signal, deadline: Math.min(context.deadline, Date.now() + this.timeoutMs), safeToRetry: context.safeToRetry, attempt });
    } catch (error) {
      if (!over) {
        detach();
        reject(error);
      }
      return answer;
    }
    running.then(
      (value) => {
        if (over) {
          call.discard?.(value);
          return;
        }
        detach();
        resolve(value);
      },
      (error: unknown) => {
        if (over) return;
        detach();
        reject(error);
      },
    );
    return answer;
  }

  private timeoutError(): OutriggerError {
    const error = new OutriggerError('timeout', `${this.subject} did not answer within ${this.timeoutMs} ms`, { extensions: { timeoutMs: this.timeoutMs } });
    attemptTimeouts.add(error);
    return error;
  }
}
