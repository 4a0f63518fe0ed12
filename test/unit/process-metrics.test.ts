/**
 * The Node.js process metrics are prom-client's default collectors taken one by one, with our
 * own process CPU counters in place of its collector that loads @opentelemetry/api: /metrics
 * must carry the same series, in the same order, with the same types and help texts.
 */
import { Registry, collectDefaultMetrics } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { Metrics } from '../../src/observability/metrics.js';

interface Described {
  name: string;
  type: string;
  help: string;
}

function described(registry: { getMetricsAsArray(): unknown[] }): Described[] {
  return (registry.getMetricsAsArray() as Described[]).map(({ name, type, help }) => ({ name, type, help }));
}

describe('metrics - Node.js process metrics', () => {
  it("metrics - the process metrics are prom-client's default metrics: same names, types, help texts and order", () => {
    const reference = new Registry();
    collectDefaultMetrics({ register: reference, prefix: 'outrigger_' });
    const own = new Set(described(new Metrics({ processMetrics: false }).registry).map((metric) => metric.name));
    const ours = described(new Metrics().registry).filter((metric) => !own.has(metric.name));
    expect(ours).toEqual(described(reference));
    expect(ours.map((metric) => metric.name)).toContain('outrigger_process_cpu_seconds_total');
  });

  it('metrics - the CPU counters count this process: user and system add up to the total', async () => {
    const metrics = new Metrics();
    await metrics.registry.metrics();
    const started = process.cpuUsage();
    while (process.cpuUsage(started).user < 50_000) JSON.parse(JSON.stringify({ spin: [1, 2, 3] }));
    const scraped = await metrics.registry.metrics();
    const value = (name: string): number => Number(new RegExp(`^outrigger_${name} (\\S+)$`, 'm').exec(scraped)?.[1]);
    expect(value('process_cpu_user_seconds_total')).toBeGreaterThanOrEqual(0.05);
    expect(value('process_cpu_seconds_total')).toBeCloseTo(value('process_cpu_user_seconds_total') + value('process_cpu_system_seconds_total'), 6);
  });
});
