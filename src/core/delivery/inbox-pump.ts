/**
 * Push delivery from one inbox (a queue or a topic subscription) to the app; what one delivery
 * means to the app (a pushed CloudEvent, or a served query) is the exchange's business.
 *
 * Invariants: at most `concurrency` deliveries in flight; a lease is renewed while the app
 * works; every delivery is settled exactly once (ack, retry, dead-letter or release); stopping
 * never dead-letters: unfinished deliveries are released without counting an attempt; while the
 * app's circuit breaker is open, receiving pauses and deliveries are released, not attempted.
 */
import type { PushSubscriptionConfig } from '../../config/types.js';
import type { Delivery, NackOptions } from '../../drivers/contract.js';
import type { Logger } from '../../observability/logger.js';
import type { Metrics } from '../../observability/metrics.js';
import { isOutriggerError } from '../../kernel/errors.js';
import { sleepUnlessAborted } from '../../kernel/sleep.js';
import type { BoundInbox } from '../resources.js';
import type { CircuitBreaker, Permit } from '../resilience/breaker.js';
import { appUnreachableBackoff, loopDelay, receiveFailedBackoff, retryDelay } from './backoff.js';
import { appFailed, type Exchange } from './exchange.js';
import { LeaseRenewer } from './lease-renewer.js';
import { withinAttempts, type Verdict } from './outcome.js';
import { outcomeOf, PushMetrics } from './push-metrics.js';
import type { HandedBack } from './handed-back.js';
import { logReleased } from './support.js';

/** Long-poll length of one receive; short enough that a stop is noticed promptly. */
const receiveWaitMs = 5_000;
/** A pump whose every receive has failed for this long delivers nothing: an error, and not ready. */
const receiveFailingMs = 10_000;
/** A receive still not back this long after its wait ended hangs (generous: some brokers' long polls overrun). */
const receiveHungMs = 60_000;

export class InboxPump {
  private readonly stopReceiving = new AbortController();
  private readonly abortDeliveries = new AbortController();
  private readonly inFlight = new Set<Promise<void>>();
  private slotFreed: (() => void) | undefined;
  private loop: Promise<void> | undefined;
  /** While the app cannot be reached, receiving pauses instead of burning delivery attempts. */
  private appUnreachableUntil = 0;
  private unreachableStreak = 0;
  private readonly leases: LeaseRenewer;
  private readonly counts: PushMetrics;
  /** Deliveries taken back from the app unfinished (shutdown). */
  private released = 0;
  /** Since when every receive has failed, and the last failure; undefined while receiving works. */
  private failing: { since: number; error: string; reported: boolean } | undefined;
  /** When the receive in progress began. */
  private receivingSince: number | undefined;

  constructor(
    private readonly subscription: PushSubscriptionConfig,
    private readonly inbox: BoundInbox,
    private readonly exchange: Exchange,
    /** The app's circuit breaker (from the subscription's policy). */
    private readonly breaker: CircuitBreaker,
    metrics: Metrics,
    private readonly logger: Logger,
    private readonly handedBack: HandedBack,
  ) {
    this.counts = new PushMetrics(metrics, subscription.name);
    this.leases = new LeaseRenewer(inbox, subscription.leaseMs, (err, delivery) => {
      this.counts.settled('lease_lost');
      this.logger.warn({ err, subscription: this.subscription.name, id: delivery.id }, 'lease renewal failed');
    });
  }

  start(): void {
    this.loop ??= this.receiveLoop();
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /**
   * Stops receiving, lets in-flight deliveries finish until `deadline`, then releases the rest;
   * answers how many were released unfinished.
   */
  async stop(deadline: number): Promise<number> {
    const timer = setTimeout(() => this.releaseNow(), Math.max(0, deadline - Date.now()));
    this.stopReceiving.abort();
    // The loop may be parked waiting for a free slot; wake it so it sees the stop.
    this.slotFreed?.();
    await this.loop;
    await Promise.allSettled([...this.inFlight]);
    clearTimeout(timer);
    return this.released;
  }

  /**
   * Since when every receive has failed and why, if it has for at least receiveFailingMs (a queue
   * gone or with no leader, a refused consume): nothing reaches the app meanwhile, which
   * readiness says. A receive that hangs (a broker that never answers its consume) counts from
   * its start once it is receiveHungMs late.
   */
  receiveFailing(now = Date.now()): { since: number; error: string } | undefined {
    const started = this.receivingSince;
    if (this.failing === undefined && started !== undefined && now - started >= receiveWaitMs + receiveHungMs) {
      this.failing = { since: started, error: `a receive has not returned for ${Math.round((now - started) / 1000)} s (it waits ${receiveWaitMs / 1000} s at most)`, reported: false };
    }
    const failing = this.failing;
    if (failing === undefined || now - failing.since < receiveFailingMs) return undefined;
    // Each failed receive is a warning; that the subscription delivers nothing is an error, once.
    if (!failing.reported) {
      failing.reported = true;
      this.logger.error({ subscription: this.subscription.name, failingForMs: now - failing.since, error: failing.error }, 'receive keeps failing: nothing is delivered; not ready until a receive succeeds');
    }
    return { since: failing.since, error: failing.error };
  }

  /** Takes every delivery back from the app now: the grace period is over. */
  releaseNow(): void {
    if (this.abortDeliveries.signal.aborted) return;
    this.abortDeliveries.abort();
  }

  private async receiveLoop(): Promise<void> {
    const { signal } = this.stopReceiving;
    let failures = 0;
    while (!signal.aborted) {
      // While the breaker is half-open only its one probe goes out; while it is open, none.
      const capacity = Math.min(this.subscription.concurrency - this.inFlight.size, this.breaker.capacity());
      if (capacity <= 0) {
        if (this.inFlight.size > 0) await new Promise<void>((resolve) => (this.slotFreed = resolve));
        else await sleepUnlessAborted(Math.max(50, this.breaker.retryAfterMs()), signal);
        continue;
      }
      const pause = this.appUnreachableUntil - Date.now();
      if (pause > 0) {
        await sleepUnlessAborted(pause, signal);
        continue;
      }
      let batch: Delivery[];
      this.receivingSince = Date.now();
      try {
        batch = await this.inbox.ops.receive(this.inbox.ref, { max: capacity, waitMs: receiveWaitMs, leaseMs: this.subscription.leaseMs, signal, continuous: true });
        failures = 0;
        this.failing = undefined;
        this.receivingSince = undefined;
      } catch (err) {
        if (signal.aborted) break;
        failures++;
        const error = err instanceof Error ? err.message : String(err);
        this.failing = { since: this.failing?.since ?? Date.now(), error, reported: this.failing?.reported ?? false };
        this.receivingSince = undefined;
        this.receiveFailing();
        this.logger.warn({ err, subscription: this.subscription.name }, 'receive failed; backing off');
        await sleepUnlessAborted(loopDelay(failures, receiveFailedBackoff), signal);
        continue;
      }
      for (const delivery of batch) this.track(this.deliver(delivery));
    }
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => {
      this.inFlight.delete(work);
      const wake = this.slotFreed;
      this.slotFreed = undefined;
      wake?.();
    });
  }

  private async deliver(delivery: Delivery): Promise<void> {
    const name = this.subscription.name;
    this.counts.delivering();
    const stopRenewing = this.leases.hold(delivery);
    try {
      let verdict: Verdict;
      try {
        verdict = await this.attempt(delivery);
      } catch (err) {
        // A bug, not the message's fault: give it back rather than lose or dead-letter it.
        this.logger.error({ err, subscription: name, id: delivery.id }, 'delivery failed unexpectedly; releasing the message');
        verdict = { action: 'release' };
      }
      await this.settle(delivery, verdict);
    } finally {
      stopRenewing();
      this.counts.delivered();
    }
  }

  /** One exchange with the app, past its circuit breaker, and what it means for the message. */
  private async attempt(delivery: Delivery): Promise<Verdict> {
    const name = this.subscription.name;
    let permit: Permit;
    try {
      permit = this.breaker.enter();
    } catch {
      // The circuit opened after this message was received: give it back untried.
      return { action: 'release', retryAfterMs: Math.max(50, this.breaker.retryAfterMs()) };
    }
    const started = process.hrtime.bigint();
    const since = Date.now();
    try {
      const redelivered = this.handedBack.take(this.inbox.name, delivery.id) || delivery.attempt > 1;
      const exchanged = await this.exchange.exchange(delivery, this.abortDeliveries.signal, redelivered);
      const { answer } = exchanged;
      if (answer?.kind === 'aborted') {
        this.released++;
        this.handedBack.mark(this.inbox.name, delivery.id);
        logReleased(this.logger, name, [{ id: delivery.id, attempt: delivery.attempt, since }]);
      }
      permit.done(appFailed(answer));
      if (answer !== undefined && answer.kind !== 'aborted') this.counts.answered(started);
      let verdict: Verdict = exchanged.verdict;
      if (answer?.kind === 'unreachable') {
        // The app being down (starting, restarting, stopping) says nothing about the message.
        verdict = { action: 'release', retryAfterMs: this.noteUnreachable() };
        this.logger.warn({ subscription: name, detail: answer.detail }, 'app unreachable; pausing deliveries');
      } else if (answer !== undefined && answer.kind !== 'aborted') {
        this.unreachableStreak = 0;
      }
      verdict = withinAttempts(verdict, delivery.attempt, this.subscription.maxDeliveries);
      this.counts.judged(verdict, answer);
      if (verdict.action === 'dead_letter') {
        this.logger.warn({ subscription: name, id: delivery.id, reason: verdict.reason }, 'dead-lettering');
      }
      return verdict;
    } finally {
      permit.done(undefined);
    }
  }

  private async settle(delivery: Delivery, verdict: Verdict): Promise<void> {
    const { ops, ref } = this.inbox;
    try {
      if (verdict.action === 'ack') {
        await ops.ack(ref, delivery.lease);
      } else {
        const options: NackOptions =
          verdict.action === 'release'
            ? { release: true, ...(verdict.retryAfterMs !== undefined ? { retryAfterMs: verdict.retryAfterMs } : {}) }
            : verdict.action === 'dead_letter'
              ? { deadLetter: true, reason: verdict.reason }
              : { retryAfterMs: retryDelay(delivery.attempt, this.subscription.retry, verdict.retryAfterMs) };
        await ops.nack(ref, delivery.lease, options);
      }
      this.counts.settled(outcomeOf(verdict.action));
    } catch (err) {
      // A lost lease means the broker will deliver the message again: at-least-once holds.
      const lost = isOutriggerError(err) && err.code === 'lease_expired';
      this.counts.settled(lost ? 'lease_lost' : 'settle_failed');
      this.logger.warn({ err, subscription: this.subscription.name, id: delivery.id, verdict: verdict.action }, 'could not settle delivery; it will be redelivered');
    }
  }

  /** Backs off the whole subscription while the app stays unreachable. */
  private noteUnreachable(): number {
    this.unreachableStreak++;
    const pauseMs = loopDelay(this.unreachableStreak, appUnreachableBackoff);
    this.appUnreachableUntil = Date.now() + pauseMs;
    return pauseMs;
  }
}
