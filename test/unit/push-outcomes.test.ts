import { describe, expect, it } from 'vitest';
import { withinAttempts, type AppAnswer } from '../../src/core/delivery/outcome.js';
import { outcomeOf, PushMetrics } from '../../src/core/delivery/push-metrics.js';
import { deliveryOutcomes, Metrics } from '../../src/observability/metrics.js';
import { metricsListing, unlistedLabelValues } from '../infra/helpers/metric-labels.js';

describe('push delivery - attempts run out', () => {
  it('turns a retry on the last attempt into a dead-letter that says why', () => {
    const retry = { action: 'retry', reason: 'app answered 503' } as const;
    expect(withinAttempts(retry, 4, 5)).toBe(retry);
    expect(withinAttempts(retry, 5, 5)).toEqual({ action: 'dead_letter', reason: 'max deliveries (5) reached; last: app answered 503' });
    expect(withinAttempts(retry, 7, 5)).toMatchObject({ action: 'dead_letter' });
  });

  it('leaves every other verdict as it was, however many attempts', () => {
    for (const verdict of [{ action: 'ack' }, { action: 'release' }, { action: 'dead_letter', reason: 'app answered 422' }] as const) {
      expect(withinAttempts(verdict, 9, 5)).toBe(verdict);
    }
  });
});

describe('push delivery - metrics', () => {
  const status = (code: number): AppAnswer => ({ kind: 'status', status: code, excerpt: '' });

  async function exported(metrics: Metrics): Promise<string[]> {
    const text = await metrics.registry.metrics();
    return text.split('\n').filter((line) => /^outrigger_(deliveries|retries|dead_letters|delivery_duration_seconds_count)/.test(line));
  }

  it('counts retries and dead-letters by the app’s answer, and settlements by outcome', async () => {
    const metrics = new Metrics({ processMetrics: false });
    const counts = new PushMetrics(metrics, 'work');
    counts.judged({ action: 'retry', reason: 'x' }, status(503));
    counts.judged({ action: 'retry', reason: 'x' }, { kind: 'timeout', afterMs: 10 });
    counts.judged({ action: 'dead_letter', reason: 'x' }, status(422));
    counts.judged({ action: 'dead_letter', reason: 'x' }, undefined);
    counts.judged({ action: 'ack' }, status(200));
    counts.judged({ action: 'release' }, { kind: 'aborted' });
    for (const action of ['ack', 'ack', 'retry', 'release', 'dead_letter'] as const) counts.settled(outcomeOf(action));
    for (const outcome of ['released', 'lease_lost', 'settle_failed'] as const) counts.settled(outcome);
    expect(await exported(metrics)).toEqual([
      'outrigger_deliveries_total{subscription="work",outcome="ack"} 2',
      'outrigger_deliveries_total{subscription="work",outcome="retry"} 1',
      'outrigger_deliveries_total{subscription="work",outcome="released"} 2',
      'outrigger_deliveries_total{subscription="work",outcome="dead_letter"} 1',
      'outrigger_deliveries_total{subscription="work",outcome="lease_lost"} 1',
      'outrigger_deliveries_total{subscription="work",outcome="settle_failed"} 1',
      'outrigger_retries_total{subscription="work",reason="5xx"} 1',
      'outrigger_retries_total{subscription="work",reason="timeout"} 1',
      'outrigger_dead_letters_total{subscription="work",reason="422"} 1',
      'outrigger_dead_letters_total{subscription="work",reason="refused"} 1',
    ]);
  });

  it('tracks deliveries at the app and how long it took to answer', async () => {
    const metrics = new Metrics({ processMetrics: false });
    const counts = new PushMetrics(metrics, 'work');
    counts.delivering();
    counts.delivering();
    counts.delivered();
    counts.answered(process.hrtime.bigint());
    const text = await metrics.registry.metrics();
    expect(text).toContain('outrigger_deliveries_in_flight{subscription="work"} 1');
    expect(text).toContain('outrigger_delivery_duration_seconds_count{subscription="work"} 1');
  });
});

describe('delivery outcomes - one vocabulary', () => {
  it('push and Consume document the same outcomes in their help, and a scrape is checked against them', async () => {
    const metrics = new Metrics({ processMetrics: false });
    metrics.deliveries.inc({ subscription: 'a', outcome: 'released' });
    metrics.consumeDeliveries.inc({ source: 'queue:a', outcome: 'retry' });
    const text = await metrics.registry.metrics();
    expect(metricsListing(text)).toEqual(expect.arrayContaining(['outrigger_deliveries_total', 'outrigger_consume_deliveries_total']));
    expect(text).toContain(`outcome (${deliveryOutcomes.join(', ')})`);
    expect(text).toContain(`outcome (delivered, ${deliveryOutcomes.join(', ')})`);
    expect(unlistedLabelValues(text)).toEqual([]);
    metrics.deliveries.inc({ subscription: 'a', outcome: 'release' });
    expect(unlistedLabelValues(await metrics.registry.metrics())).toEqual(['outrigger_deliveries_total outcome="release"']);
  });
});
