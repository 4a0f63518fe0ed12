/** One push subscription's delivery metrics, counted alike by the inbox and the stream pump. */
import type { DeliveryOutcome, Metrics } from '../../observability/metrics.js';
import { reasonLabel, type AppAnswer, type Verdict } from './outcome.js';

/** A verdict's action as the delivery outcome label names it. */
export function outcomeOf(action: Verdict['action']): DeliveryOutcome {
  return action === 'release' ? 'released' : action;
}

export class PushMetrics {
  private readonly labels: { subscription: string };

  constructor(
    private readonly metrics: Metrics,
    private readonly subscription: string,
  ) {
    this.labels = { subscription };
  }

  /** The app has the delivery now. */
  delivering(): void {
    this.metrics.inFlightDeliveries.inc(this.labels);
  }

  /** The app is done with it. */
  delivered(): void {
    this.metrics.inFlightDeliveries.dec(this.labels);
  }

  /** The app answered, `started` (process.hrtime.bigint) after being asked. */
  answered(started: bigint): void {
    this.metrics.deliveryLatency.observe(this.labels, Number(process.hrtime.bigint() - started) / 1e9);
  }

  /** A retry or a dead-letter, labelled by the app's answer (`refused`: the app was not asked); other verdicts count nothing here. */
  judged(verdict: Verdict, answer: AppAnswer | undefined): void {
    if (verdict.action !== 'retry' && verdict.action !== 'dead_letter') return;
    const reason = answer === undefined ? 'refused' : reasonLabel(answer);
    if (verdict.action === 'retry') this.metrics.retries.inc({ subscription: this.subscription, reason });
    else this.metrics.deadLetters.inc({ subscription: this.subscription, reason });
  }

  settled(outcome: DeliveryOutcome): void {
    this.metrics.deliveries.inc({ subscription: this.subscription, outcome });
  }
}
