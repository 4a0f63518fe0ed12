/** One push subscription's delivery metrics, counted alike by the inbox and the stream pump. */
import type { DeliveryOutcome, Metrics } from '../../observability/metrics.js';
import { counterSeries, gaugeSeries, histogramSeries, type CounterSeries, type GaugeSeries, type HistogramSeries } from '../../observability/series.js';
import { reasonLabel, type AppAnswer, type Verdict } from './outcome.js';

/** A verdict's action as the delivery outcome label names it. */
export function outcomeOf(action: Verdict['action']): DeliveryOutcome {
  return action === 'release' ? 'released' : action;
}

/** Its series are made once, so that a delivery builds no labels object or series key. */
export class PushMetrics {
  private readonly inFlight: GaugeSeries;
  private readonly latency: HistogramSeries;
  private readonly outcomes = new Map<DeliveryOutcome, CounterSeries>();

  constructor(
    private readonly metrics: Metrics,
    private readonly subscription: string,
  ) {
    const labels = { subscription };
    this.inFlight = gaugeSeries(metrics.inFlightDeliveries, labels);
    this.latency = histogramSeries(metrics.deliveryLatency, labels);
  }

  /** The app has the delivery now. */
  delivering(): void {
    this.inFlight.inc();
  }

  /** The app is done with it. */
  delivered(): void {
    this.inFlight.dec();
  }

  /** The app answered, `started` (process.hrtime.bigint) after being asked. */
  answered(started: bigint): void {
    this.latency.observe(Number(process.hrtime.bigint() - started) / 1e9);
  }

  /** A retry or a dead-letter, labelled by the app's answer (`refused`: the app was not asked); other verdicts count nothing here. */
  judged(verdict: Verdict, answer: AppAnswer | undefined): void {
    if (verdict.action !== 'retry' && verdict.action !== 'dead_letter') return;
    const reason = answer === undefined ? 'refused' : reasonLabel(answer);
    if (verdict.action === 'retry') this.metrics.retries.inc({ subscription: this.subscription, reason });
    else this.metrics.deadLetters.inc({ subscription: this.subscription, reason });
  }

  settled(outcome: DeliveryOutcome): void {
    let series = this.outcomes.get(outcome);
    if (series === undefined) this.outcomes.set(outcome, (series = counterSeries(this.metrics.deliveries, { subscription: this.subscription, outcome })));
    series.inc();
  }
}
