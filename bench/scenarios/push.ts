/**
 * (d) Push latency, publish to app: open loop at 1,000 msg/s to a topic with one push
 * subscription (concurrency 64) whose deliveries come back to the app in this process. Each body
 * carries its scheduled send instant (process.hrtime.bigint()); the app records arrival minus
 * that, so the figure includes the publish request, the broker round trip and the push.
 */
import { startDaemon } from '../lib/daemon.js';
import type { HistogramSummary } from '../lib/histogram.js';
import type { LoadResult } from '../lib/load-types.js';
import { openLoop } from '../lib/open-loop.js';
import { timestampedBody } from '../lib/payloads.js';
import type { Metric, ScenarioReport } from '../lib/report.js';
import { benchConfig, type BenchContext, type Scenario } from './context.js';
import { spinUsFor } from './latency.js';

const rate = 1_000;
const connections = 16;
const headers = { 'content-type': 'application/json', 'ce-type': 'bench.push' };

interface PushFigures {
  tag: string;
  publish: LoadResult;
  delivered: number;
  deliveredOther: number;
  allArrived: boolean;
  push: HistogramSummary;
}

async function oneRun(ctx: BenchContext, origin: string, tag: string, durationMs: number): Promise<PushFigures> {
  ctx.app.beginRun(tag);
  const publish = await openLoop({
    origin,
    rate,
    connections,
    durationMs,
    spinUs: spinUsFor(ctx),
    make: (i, scheduledNs) => ({ path: '/v1/publish/orders', headers, body: timestampedBody(1_024, tag, i, scheduledNs) }),
  });
  const allArrived = await ctx.app.waitFor(publish.ok, 15_000);
  return { tag, publish, delivered: ctx.app.received, deliveredOther: ctx.app.other, allArrived, push: ctx.app.latency.summary() };
}

export const pushScenario: Scenario = {
  name: 'push',
  description: `open loop ${rate} msg/s publish (1 KiB) to a topic with one push subscription; latency = arrival at app - scheduled send`,
  async run(ctx): Promise<ScenarioReport> {
    const { daemon } = await startDaemon({ main: ctx.daemonMain, configYaml: benchConfig(ctx.appOrigin), core: ctx.pinning.serverCore });
    const raw: PushFigures[] = [];
    try {
      await oneRun(ctx, daemon.origin, 'push-warmup', ctx.settings.warmupMs);
      for (let run = 0; run < ctx.settings.runs; run++) {
        const f = await oneRun(ctx, daemon.origin, `push-${run}`, ctx.settings.durationMs);
        raw.push(f);
        ctx.log(`push run ${run + 1}: p50 ${f.push.p50Us} µs, p99 ${f.push.p99Us} µs, delivered ${f.delivered}/${f.publish.ok}`);
      }
    } finally {
      await daemon.stop();
      await ctx.app.waitQuiet(500, 5_000);
    }
    return { name: this.name, description: this.description, metrics: metricsOf(raw), raw };
  },
};

function metricsOf(raw: PushFigures[]): Metric[] {
  return [
    { label: 'push p50', unit: 'µs', values: raw.map((r) => r.push.p50Us) },
    { label: 'push p99', unit: 'µs', values: raw.map((r) => r.push.p99Us), target: { op: '<=', value: 5_000 } },
    { label: 'push p99.9', unit: 'µs', values: raw.map((r) => r.push.p999Us) },
    { label: 'delivered / accepted', unit: '%', values: raw.map((r) => (r.publish.ok === 0 ? null : (100 * r.delivered) / r.publish.ok)) },
    { label: 'publish p99 (same runs)', unit: 'µs', values: raw.map((r) => r.publish.latency.p99Us) },
    { label: 'publish achieved rate', unit: 'msg/s', values: raw.map((r) => r.publish.achievedRate) },
  ];
}
