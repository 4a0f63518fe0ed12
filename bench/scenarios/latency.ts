/**
 * (a) Publish latency at a fixed 1,000 req/s over 16 connections with 1 KiB JSON bodies,
 * through Outrigger and straight to a minimal node:http server, side by side in each run (the
 * order rotates from run to run). Added latency = Outrigger minus direct, per run.
 * `publish` goes to a topic with a (slow) subscription, so each event is really written.
 */
import type { Baseline } from '../lib/baseline.js';
import { startBaseline } from '../lib/baseline.js';
import { startDaemon, type RunningDaemon } from '../lib/daemon.js';
import type { LoadResult } from '../lib/load-types.js';
import { openLoop } from '../lib/open-loop.js';
import { jsonOfSize } from '../lib/payloads.js';
import type { Metric, ScenarioReport } from '../lib/report.js';
import { benchConfig, type BenchContext, type Scenario } from './context.js';

const rate = 1_000;
const connections = 16;
const body = Buffer.from(jsonOfSize(1_024, { type: 'OrderCreated', orderId: 'o-123456', customer: 'c-42' }));
const headers = { 'content-type': 'application/json' };

interface Target {
  key: 'direct' | 'publish' | 'publishNoSub' | 'command';
  origin: string;
  path: string;
}

function targetsOf(baseline: Baseline, daemon: RunningDaemon): Target[] {
  return [
    { key: 'direct', origin: baseline.origin, path: '/v1/publish/ledger' },
    { key: 'publish', origin: daemon.origin, path: '/v1/publish/ledger' },
    { key: 'publishNoSub', origin: daemon.origin, path: '/v1/publish/audit' },
    { key: 'command', origin: daemon.origin, path: '/v1/command/jobs' },
  ];
}

/** Spinning for sub-millisecond send accuracy is fair only when the generator has its own core. */
export function spinUsFor(ctx: BenchContext): number {
  return ctx.pinning.enabled ? 1_500 : 0;
}

function load(ctx: BenchContext, target: Target, durationMs: number): Promise<LoadResult> {
  return openLoop({
    origin: target.origin,
    rate,
    connections,
    durationMs,
    spinUs: spinUsFor(ctx),
    make: () => ({ path: target.path, headers, body }),
  });
}

export const latencyScenario: Scenario = {
  name: 'latency',
  description: `open loop ${rate} req/s, ${connections} connections, 1 KiB JSON; direct node:http baseline vs Outrigger publish (topic whose subscriber keeps every event stored; topic without subscription) and command (pull-only queue)`,
  async run(ctx): Promise<ScenarioReport> {
    const baseline = await startBaseline(ctx.pinning.serverCore);
    const { daemon } = await startDaemon({ main: ctx.daemonMain, configYaml: benchConfig(ctx.appOrigin), core: ctx.pinning.serverCore });
    const raw: Record<string, LoadResult>[] = [];
    try {
      const targets = targetsOf(baseline, daemon);
      for (const target of targets) await load(ctx, target, ctx.settings.warmupMs);
      for (let run = 0; run < ctx.settings.runs; run++) {
        const results: Record<string, LoadResult> = {};
        for (let k = 0; k < targets.length; k++) {
          const target = targets[(k + run) % targets.length]!;
          results[target.key] = await load(ctx, target, ctx.settings.durationMs);
          ctx.log(`latency run ${run + 1} ${target.key}: p50 ${results[target.key]!.latency.p50Us} µs, p99 ${results[target.key]!.latency.p99Us} µs, ok ${results[target.key]!.ok}/${results[target.key]!.sent}`);
        }
        raw.push(results);
      }
    } finally {
      await daemon.stop();
      await baseline.stop();
    }
    return { name: this.name, description: this.description, metrics: metricsOf(raw), raw };
  },
};

function metricsOf(raw: Record<string, LoadResult>[]): Metric[] {
  const pick = (key: string, f: (r: LoadResult) => number): (number | null)[] => raw.map((run) => (run[key] === undefined ? null : f(run[key])));
  const added = (key: string, f: (r: LoadResult) => number): (number | null)[] =>
    raw.map((run) => (run[key] === undefined || run.direct === undefined ? null : f(run[key]) - f(run.direct)));
  const p50 = (r: LoadResult): number => r.latency.p50Us;
  const p90 = (r: LoadResult): number => r.latency.p90Us;
  const p99 = (r: LoadResult): number => r.latency.p99Us;
  const errors = (r: LoadResult): number => r.sent - r.ok;
  return [
    { label: 'direct p50', unit: 'µs', values: pick('direct', p50) },
    { label: 'direct p99', unit: 'µs', values: pick('direct', p99) },
    { label: 'publish p50', unit: 'µs', values: pick('publish', p50) },
    { label: 'publish p99', unit: 'µs', values: pick('publish', p99) },
    { label: 'publish added p50', unit: 'µs', values: added('publish', p50) },
    { label: 'publish added p90', unit: 'µs', values: added('publish', p90) },
    { label: 'publish added p99', unit: 'µs', values: added('publish', p99), target: { op: '<=', value: 1_000 } },
    { label: 'publish non-2xx/errors', unit: '', values: pick('publish', errors) },
    { label: 'publish, no subscription, p99', unit: 'µs', values: pick('publishNoSub', p99) },
    { label: 'publish, no subscription, added p99', unit: 'µs', values: added('publishNoSub', p99), target: { op: '<=', value: 1_000 } },
    { label: 'command p50', unit: 'µs', values: pick('command', p50) },
    { label: 'command p99', unit: 'µs', values: pick('command', p99) },
    { label: 'command added p99', unit: 'µs', values: added('command', p99), target: { op: '<=', value: 1_000 } },
    { label: 'command non-2xx/errors', unit: '', values: pick('command', errors) },
    { label: 'publish achieved rate', unit: 'req/s', values: pick('publish', (r) => r.achievedRate) },
    { label: 'generator send lag p99 (direct runs)', unit: 'µs', values: pick('direct', (r) => r.sendLag.p99Us) },
  ];
}
