/**
 * (b) Durable single-message throughput, closed loop with 32 concurrent clients, 1 KiB JSON:
 * publish to a topic with a push subscription, to a topic whose one subscriber is slow (so every
 * event stays stored), to a topic without subscription, and commands to a pull-only queue. Each
 * run uses a fresh daemon, and first measures the same load against the direct node:http server:
 * on 2 shared cores the Node generator itself tops out not far above 10,000 req/s.
 * (e) The same runs give the RSS figures: idle (2 s after ready, before any load) and the
 * maximum sampled every 100 ms while this load ran.
 */
import { closedLoop } from '../lib/closed-loop.js';
import { startBaseline } from '../lib/baseline.js';
import { startDaemon } from '../lib/daemon.js';
import type { LoadResult } from '../lib/load-types.js';
import { jsonOfSize } from '../lib/payloads.js';
import { sampleRss } from '../lib/proc.js';
import type { Metric, ScenarioReport } from '../lib/report.js';
import { benchConfig, sleep, type BenchContext, type Scenario } from './context.js';

const workers = 32;
const body = Buffer.from(jsonOfSize(1_024, { type: 'OrderCreated', orderId: 'o-123456', customer: 'c-42' }));
const headers = { 'content-type': 'application/json' };
const targets = [
  { key: 'publishStored', path: '/v1/publish/ledger' },
  { key: 'publishNoSub', path: '/v1/publish/audit' },
  { key: 'command', path: '/v1/command/jobs' },
  // last: its push backlog must not overlap the other measurements
  { key: 'publishSub', path: '/v1/publish/orders' },
] as const;

interface RunFigures {
  rssIdleMiB: number | null;
  rssMaxMiB: number | null;
  rssSamples: number;
  pushesDuringPublishSub: number;
  loads: Record<string, LoadResult>;
}

function load(ctx: BenchContext, origin: string, path: string, durationMs: number): Promise<LoadResult> {
  return closedLoop({ origin, workers, durationMs, make: () => ({ path, headers, body }) });
}

/** The same load against the direct node:http server: what generator and machine can do at all. */
async function directCeiling(ctx: BenchContext, run: number): Promise<LoadResult> {
  const baseline = await startBaseline(ctx.pinning.serverCore);
  try {
    await load(ctx, baseline.origin, '/v1/publish/ledger', Math.min(1_000, ctx.settings.warmupMs));
    const r = await load(ctx, baseline.origin, '/v1/publish/ledger', ctx.settings.durationMs);
    ctx.log(`throughput run ${run + 1} direct baseline: ${r.achievedRate}/s`);
    return r;
  } finally {
    await baseline.stop();
  }
}

async function oneRun(ctx: BenchContext, run: number): Promise<RunFigures> {
  const direct = await directCeiling(ctx, run);
  const { daemon } = await startDaemon({ main: ctx.daemonMain, configYaml: benchConfig(ctx.appOrigin), core: ctx.pinning.serverCore });
  try {
    await sleep(ctx.settings.quick ? 500 : 2_000);
    const rssIdleMiB = daemon.rssMiB();
    const sampler = sampleRss(daemon.pid);
    const loads: Record<string, LoadResult> = { direct };
    let pushesDuringPublishSub = 0;
    for (const target of targets) {
      await load(ctx, daemon.origin, target.path, Math.min(1_000, ctx.settings.warmupMs));
      const before = ctx.app.total;
      loads[target.key] = await load(ctx, daemon.origin, target.path, ctx.settings.durationMs);
      if (target.key === 'publishSub') pushesDuringPublishSub = ctx.app.total - before;
      const r = loads[target.key]!;
      ctx.log(`throughput run ${run + 1} ${target.key}: ${r.achievedRate}/s ok ${r.ok}/${r.completed} ${JSON.stringify(r.outcomes)}`);
    }
    const rss = sampler.stop();
    ctx.log(`throughput run ${run + 1}: RSS idle ${rssIdleMiB} MiB, max ${rss.maxMiB} MiB`);
    return { rssIdleMiB, rssMaxMiB: rss.maxMiB, rssSamples: rss.samples, pushesDuringPublishSub, loads };
  } finally {
    await daemon.stop();
    await ctx.app.waitQuiet(500, 5_000);
  }
}

export const throughputScenario: Scenario = {
  name: 'throughput',
  description: `closed loop, ${workers} concurrent clients, 1 KiB JSON, fresh daemon per run; RSS idle and max under this load`,
  async run(ctx): Promise<ScenarioReport> {
    const raw: RunFigures[] = [];
    for (let run = 0; run < ctx.settings.runs; run++) raw.push(await oneRun(ctx, run));
    return { name: this.name, description: this.description, metrics: metricsOf(raw), raw };
  },
};

function metricsOf(raw: RunFigures[]): Metric[] {
  const rate = (key: string): (number | null)[] => raw.map((r) => r.loads[key]?.achievedRate ?? null);
  const p99 = (key: string): (number | null)[] => raw.map((r) => r.loads[key]?.latency.p99Us ?? null);
  const atLeast10k = { op: '>=', value: 10_000 } as const;
  return [
    { label: 'reference: direct node:http server, same load (generator ceiling)', unit: 'req/s', values: rate('direct') },
    { label: 'publish, topic with push subscription', unit: 'msg/s', values: rate('publishSub'), target: atLeast10k },
    { label: 'publish, topic with slow subscriber (all stored)', unit: 'msg/s', values: rate('publishStored'), target: atLeast10k },
    { label: 'publish, topic without subscription', unit: 'msg/s', values: rate('publishNoSub'), target: atLeast10k },
    { label: 'command, pull-only queue', unit: 'msg/s', values: rate('command'), target: atLeast10k },
    { label: 'publish (with sub) p99 under load', unit: 'µs', values: p99('publishSub') },
    { label: 'command p99 under load', unit: 'µs', values: p99('command') },
    { label: 'pushes delivered during publish-with-sub run', unit: 'msg', values: raw.map((r) => r.pushesDuringPublishSub) },
    { label: 'RSS idle (2 s after ready)', unit: 'MiB', values: raw.map((r) => r.rssIdleMiB), target: { op: '<=', value: 60 } },
    { label: 'RSS max under this load', unit: 'MiB', values: raw.map((r) => r.rssMaxMiB), target: { op: '<=', value: 120 } },
  ];
}
