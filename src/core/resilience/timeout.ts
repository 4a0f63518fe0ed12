/**
 * Per-attempt timeout. The attempt gets a signal that aborts when its time is up, and its
 * `deadline` narrows to the sooner of its own time and the call's; the policy also stops
 * waiting at that moment even if the attempt ignores its signal, so a timeout is answered on time.
 *
 * One attempt costs one AbortController and one promise, and no async frame: the composed policy
 * (resilience-policy.ts) runs every broker call and query attempt through here. Nor a timer of
 * its own: every attempt of a policy has the same timeout, so they are due in the order they
 * started, and one timer, armed for the oldest, serves them all (a timer per attempt was a
 * Timeout and a timer list made and dropped per request). It holds the process open exactly while
 * an attempt is in flight, as a timer per attempt would.
 */
import { OutriggerError } from '../../kernel/errors.js';
import { neverAborted } from '../linked-abort.js';
import type { Call, CallContext, Policy } from './policy.js';

const attemptTimeouts = new WeakSet<object>();

/** An attempt in flight, in its policy's list (oldest first) until it ends or its time is up. */
interface Due {
  /** performance.now() by which it times out. */
  at: number;
  expire: () => void;
  listed: boolean;
  prev: Due | undefined;
  next: Due | undefined;
}
const once = { once: true } as const;

/** True for the error an attempt's own timeout raised (not the caller's deadline): a failure of the target. */
export function isAttemptTimeout(error: unknown): boolean {
  return typeof error === 'object' && error !== null && attemptTimeouts.has(error);
}

export class TimeoutPolicy implements Policy {
  private first: Due | undefined;
  private last: Due | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly timeoutMs: number,
    /** Who did not answer, for the error: `target 'catalog'`. */
    private readonly subject: string,
  ) {}

  execute<T>(call: Call<T>, context: CallContext): Promise<T> {
    return this.attempt(call, context, context.attempt);
  }

  /**
   * Runs attempt number `attempt` of `call` with its own signal, which aborts with the caller's
   * (`context.signal`) or when the time is up. The answer is the attempt's result, or the
   * signal's reason as soon as it aborts; a result that comes too late is discarded.
   */
  attempt<T>(call: Call<T>, context: CallContext, attempt: number): Promise<T> {
    const parent = context.signal;
    const controller = new AbortController();
    const { signal } = controller;
    let due: Due | undefined;
    let over = false;
    let resolve!: (value: T) => void;
    let reject!: (reason: unknown) => void;
    const answer = new Promise<T>((yes, no) => {
      resolve = yes;
      reject = no;
    });
    const detach = (): void => {
      over = true;
      if (due !== undefined) this.unlist(due);
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
      if (Number.isFinite(this.timeoutMs)) {
        due = { at: performance.now() + Math.max(0, this.timeoutMs), expire: () => abort(this.timeoutError()), listed: false, prev: undefined, next: undefined };
        this.list(due);
      }
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

  private list(due: Due): void {
    due.listed = true;
    due.prev = this.last;
    if (this.last === undefined) this.first = due;
    else this.last.next = due;
    this.last = due;
    // Armed for the oldest, which is due no later than this one.
    if (this.timer === undefined) this.arm(this.first!.at);
    else this.timer.ref();
  }

  private unlist(due: Due): void {
    if (!due.listed) return;
    due.listed = false;
    if (due.prev === undefined) this.first = due.next;
    else due.prev.next = due.next;
    if (due.next === undefined) this.last = due.prev;
    else due.next.prev = due.prev;
    due.prev = due.next = undefined;
    // Still armed for an attempt that ended: it fires once and finds nothing, but keeps no process open.
    if (this.first === undefined) this.timer?.unref();
  }

  private arm(at: number): void {
    this.timer = setTimeout(() => this.expire(), Math.max(0, Math.ceil(at - performance.now())));
  }

  /** Times out every attempt that is due, then waits for the next. */
  private expire(): void {
    this.timer = undefined;
    const now = performance.now();
    for (let due = this.first; due !== undefined && due.at <= now; due = this.first) {
      this.unlist(due);
      due.expire();
    }
    if (this.first !== undefined && this.timer === undefined) this.arm(this.first.at);
  }

  private timeoutError(): OutriggerError {
    const error = new OutriggerError('timeout', `${this.subject} did not answer within ${this.timeoutMs} ms`, { extensions: { timeoutMs: this.timeoutMs } });
    attemptTimeouts.add(error);
    return error;
  }
}
