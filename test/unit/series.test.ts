import { describe, expect, it } from 'vitest';
import { Counter, Gauge, Histogram, Registry } from '../../src/observability/prom-client.js';
import { counterSeries, gaugeSeries, histogramSeries } from '../../src/observability/series.js';

/** The same three metrics in their own registry. */
function metrics(): { registry: Registry; counter: Counter; gauge: Gauge; histogram: Histogram } {
  const registry = new Registry();
  const labelNames = ['b', 'a'] as const;
  return {
    registry,
    counter: new Counter({ name: 'c_total', help: 'c', labelNames, registers: [registry] }),
    gauge: new Gauge({ name: 'g', help: 'g', labelNames, registers: [registry] }),
    histogram: new Histogram({ name: 'h', help: 'h', labelNames, buckets: [0.001, 0.01, 0.1, 1], registers: [registry] }),
  };
}

const values = [0.0005, 0.001, 0.002, 0.05, 0.1, 0.7, 3, 0];

describe('observability - series', () => {
  it('a series counts what prom-client counts, through resets and next to the public path', async () => {
    const plain = metrics();
    const fast = metrics();
    const x = { a: '1', b: 'x' };
    const y = { a: '2', b: 'y' };
    const [cx, cy] = [counterSeries(fast.counter, x), counterSeries(fast.counter, y)];
    const [gx, hx] = [gaugeSeries(fast.gauge, x), histogramSeries(fast.histogram, x)];
    const round = (): void => {
      for (const v of values) {
        plain.counter.inc(x);
        cx.inc();
        plain.histogram.observe(x, v);
        hx.observe(v);
        plain.gauge.inc(x);
        gx.inc();
      }
      plain.gauge.dec(x);
      gx.dec();
      plain.counter.inc(y);
      cy.inc();
      // The same series updated by the public path as well as the prepared one.
      plain.histogram.observe({ a: '1', b: 'x' }, 0.02);
      fast.histogram.observe({ a: '1', b: 'x' }, 0.02);
    };
    round();
    round();
    expect(await fast.registry.metrics()).toBe(await plain.registry.metrics());
    for (const m of [plain, fast]) {
      m.counter.reset();
      m.histogram.reset();
      m.gauge.reset();
    }
    round();
    const exposition = await fast.registry.metrics();
    expect(exposition).toBe(await plain.registry.metrics());
    expect(exposition).toContain('h_bucket{le="0.01",a="1",b="x"} 4');
    expect(exposition).toContain('h_count{a="1",b="x"} 9');
    expect(exposition).toContain('c_total{a="1",b="x"} 8');
    expect(exposition).toContain('g{a="1",b="x"} 7');
  });

  it('a series refuses what prom-client refuses, and makes no series before its first update', async () => {
    const fast = metrics();
    const histogram = histogramSeries(fast.histogram, { a: '1', b: 'x' });
    counterSeries(fast.counter, { a: '1', b: 'x' });
    expect(await fast.registry.metrics()).not.toContain('c_total{');
    histogram.observe(0.5);
    expect(() => histogram.observe(Number.NaN)).toThrow(TypeError);
    expect(() => counterSeries(fast.counter, { c: '1' }).inc()).toThrow(/not included in initial labelset/);
    expect(await fast.registry.metrics()).toContain('h_sum{a="1",b="x"} 0.5');
  });
});
