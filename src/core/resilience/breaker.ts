/**
 * Circuit breaker. Closed: calls pass and their failures are counted, either in a row
 * (`consecutiveFailures`) or as a share of the calls in a sliding window (`failureRatio` once
 * `minimumCalls` were made). Open: every call fails at once with 503 circuit_open and a
 * Retry-After until `halfOpenAfter` has passed. Half-open: exactly one probe call is let
 * through, the others fail fast; the probe's success closes the circuit, its failure opens it
 * again for another `halfOpenAfter`.
 *
 * Results of calls that started before a state change are ignored, and so are calls that ended
 * because the caller went away or its deadline passed: neither says anything about the target now.
 */
import type { CircuitBreakerConfig } from '../../config/types.js';
import { OutriggerError } from '../../kernel/errors.js';
import { SlidingCounts } from './sliding-counts.js';

export type CircuitState = 'closed' | 'half_open' | 'open';

/** What the gauge reports: 0 closed, 1 half-open, 2 open. */
export const circuitStateValue: Record<CircuitState, number> = { closed: 0, half_open: 1, open: 2 };

export interface Permit {
  /** true: the call failed; false: it succeeded; undefined: it says nothing (aborted). */
  done(failed: boolean | undefined): void;
}

const successes = 0;
const failures = 1;
/** Retry-After for calls refused while the probe is out: the probe settles it soon. */
const probeWaitMs = 1_000;

export class CircuitBreaker {
  private current: CircuitState = 'closed';
  /** Bumped on every transition, so late results of earlier calls are recognised. */
  private generation = 0;
  private openUntil = 0;
  private probing = false;
  private consecutive = 0;
  private readonly window: SlidingCounts | undefined;

  constructor(
    private readonly settings: CircuitBreakerConfig,
    private readonly subject: string,
    private readonly onStateChange: (to: CircuitState, from: CircuitState) => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.window = settings.mode === 'ratio' ? new SlidingCounts(settings.windowMs, now) : undefined;
  }

  get state(): CircuitState {
    return this.current;
  }

  /** Calls that would be let through now: Infinity when closed, 1 for a probe, 0 for none. */
  capacity(): number {
    if (this.current === 'closed') return Number.POSITIVE_INFINITY;
    if (this.current === 'open' && this.now() < this.openUntil) return 0;
    return this.probing ? 0 : 1;
  }

  /** How long until a call may be let through again; 0 when one may now. */
  retryAfterMs(): number {
    if (this.capacity() > 0) return 0;
    return this.current === 'open' ? this.openUntil - this.now() : probeWaitMs;
  }

  /** Admits a call, or throws circuit_open; the permit records how the call went. */
  enter(): Permit {
    if (this.current === 'open') {
      if (this.now() < this.openUntil) throw this.refusal();
      this.transition('half_open');
    }
    if (this.current === 'half_open') {
      if (this.probing) throw this.refusal();
      this.probing = true;
      return this.permit(true);
    }
    return this.permit(false);
  }

  private permit(probe: boolean): Permit {
    const generation = this.generation;
    let settled = false;
    return {
      done: (failed) => {
        if (settled) return;
        settled = true;
        if (probe) this.probing = false;
        if (generation !== this.generation || failed === undefined) return;
        if (probe) this.transition(failed ? 'open' : 'closed');
        else if (failed) this.recordFailure();
        else this.recordSuccess();
      },
    };
  }

  private recordSuccess(): void {
    this.consecutive = 0;
    this.window?.add(successes);
  }

  private recordFailure(): void {
    this.consecutive++;
    const { settings } = this;
    if (settings.mode === 'consecutive') {
      if (this.consecutive >= settings.consecutiveFailures) this.transition('open');
      return;
    }
    this.window!.add(failures);
    const [ok, failed] = this.window!.totals();
    const total = ok + failed;
    if (total >= settings.minimumCalls && failed / total >= settings.failureRatio) this.transition('open');
  }

  private transition(to: CircuitState): void {
    const from = this.current;
    if (from === to) return;
    this.current = to;
    this.generation++;
    if (to === 'open') this.openUntil = this.now() + this.settings.halfOpenAfterMs;
    if (to === 'closed') {
      this.consecutive = 0;
      this.window?.reset();
    }
    this.onStateChange(to, from);
  }

  private refusal(): OutriggerError {
    const waitMs = this.retryAfterMs();
    return new OutriggerError('circuit_open', `the circuit breaker for ${this.subject} is open after repeated failures; retry after ${Math.ceil(waitMs / 1000)} s`, {
      retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)),
    });
  }
}
