/**
 * Footprint (issue 18 item 1): resident memory idle and under load, the daemon against the bare
 * node:http baseline server measured beside it in the same run. The daemon runs with the bench
 * config; idle is 2 s after ready, loaded the largest RSS sampled (every 100 ms) while 32
 * closed-loop clients publish 1 KiB events to the topic with a push subscription. The daemon is
 * started once per Node flag set: none, each candidate flag alone, and the set the Dockerfile's
 * ENTRYPOINT uses, so the effect of each flag on memory and on throughput is shown side by side.
 */
import { startBaseline } from '../lib/baseline.js';
import { closedLoop } from '../lib/closed-loop.js';
import { startDaemon } from '../lib/daemon.js';
import { imageNodeFlags } from '../lib/image-flags.js';
import { jsonOfSize } from '../lib/payloads.js';
import { rssMiB, sampleRss } from '../lib/proc.js';
import type { Metric, ScenarioReport } from '../lib/report.js';
import { benchConfig, sleep, type BenchContext, type Scenario } from './context.js';

const workers = 32;
const body = Buffer.from(jsonOfSize(1_024, { type: 'OrderCreated', orderId: 'o-123456', customer: 'c-42' }));
const headers = { 'content-type': 'application/json' };
const path = '/v1/publish/orders';

interface Variant {
  name: string;
  nodeArgs: string[];
  env?: NodeJS.ProcessEnv;
}

/** Each candidate alone, against no flags, then a few sets together; `--lite-mode` shows what giving up the optimizing compiler would buy. */
function variants(): Variant[] {
  return [
    { name: 'no flags', nodeArgs: [] },
    { name: '--max-semi-space-size=1', nodeArgs: ['--max-semi-space-size=1'] },
    { name: '--max-semi-space-size=4', nodeArgs: ['--max-semi-space-size=4'] },
    { name: '--max-old-space-size=128', nodeArgs: ['--max-old-space-size=128'] },
    { name: '--optimize-for-size', nodeArgs: ['--optimize-for-size'] },
    { name: '--single-threaded-gc', nodeArgs: ['--single-threaded-gc'] },
    { name: '--v8-pool-size=1', nodeArgs: ['--v8-pool-size=1'] },
    { name: 'UV_THREADPOOL_SIZE=1', nodeArgs: [], env: { UV_THREADPOOL_SIZE: '1' } },
    { name: '--lite-mode', nodeArgs: ['--lite-mode'] },
    // glibc gives each thread that allocates its own malloc arena; the daemon's threads (libuv's
    // pool, V8's helpers, the checkpoint worker) each keep one.
    { name: 'MALLOC_ARENA_MAX=2', nodeArgs: [], env: { MALLOC_ARENA_MAX: '2' } },
    // Candidates for the image together (issue 18 item 3: tails with footprint): a scavenger
    // that does not compete with the main thread for the daemon's one core, a young generation
    // between 1 MiB and Node's 16, with and without optimize-for-size.
    { name: '--single-threaded-gc --max-semi-space-size=2', nodeArgs: ['--single-threaded-gc', '--max-semi-space-size=2'] },
    { name: '--single-threaded-gc --max-semi-space-size=4', nodeArgs: ['--single-threaded-gc', '--max-semi-space-size=4'] },
    { name: '--single-threaded-gc --max-semi-space-size=2 --optimize-for-size', nodeArgs: ['--single-threaded-gc', '--max-semi-space-size=2', '--optimize-for-size'] },
    { name: 'image flags', nodeArgs: imageNodeFlags() },
    { name: 'image flags, MALLOC_ARENA_MAX=2', nodeArgs: imageNodeFlags(), env: { MALLOC_ARENA_MAX: '2' } },
  ];
}

interface Figures {
  variant: string;
  nodeArgs: string[];
  idleMiB: number | null;
  loadedMiB: number | null;
  rate: number;
  ok: number;
  completed: number;
}

async function measure(ctx: BenchContext, variant: string, nodeArgs: string[], start: () => Promise<{ origin: string; pid: number; stop(): Promise<unknown> }>): Promise<Figures> {
  const server = await start();
  try {
    await sleep(ctx.settings.quick ? 500 : 2_000);
    const idleMiB = rssMiB(server.pid);
    const sampler = sampleRss(server.pid);
    const r = await closedLoop({ origin: server.origin, workers, durationMs: ctx.settings.durationMs, make: () => ({ path, headers, body }) });
    const loadedMiB = sampler.stop().maxMiB;
    ctx.log(`footprint ${variant}: idle ${idleMiB} MiB, loaded ${loadedMiB} MiB, ${r.achievedRate}/s (${r.ok}/${r.completed} ok)`);
    return { variant, nodeArgs, idleMiB, loadedMiB, rate: r.achievedRate, ok: r.ok, completed: r.completed };
  } finally {
    await server.stop();
    await ctx.app.waitQuiet(500, 5_000);
  }
}

/** The bare server without what an ESM import of node:http loads (bench/lib/baseline-server.ts). */
const commonjsBare = 'bare node:http server, CommonJS';

async function oneRun(ctx: BenchContext): Promise<Figures[]> {
  const figures = [
    await measure(ctx, 'bare node:http server', [], () => startBaseline(ctx.pinning.serverCore)),
    await measure(ctx, commonjsBare, [], () => startBaseline(ctx.pinning.serverCore, { commonjs: true })),
  ];
  for (const v of variants()) {
    figures.push(
      await measure(ctx, v.name, v.nodeArgs, async () => {
        const { daemon } = await startDaemon({ main: ctx.daemonMain, configYaml: benchConfig(ctx.appOrigin), core: ctx.pinning.serverCore, nodeArgs: v.nodeArgs, ...(v.env === undefined ? {} : { env: v.env }) });
        return { origin: daemon.origin, pid: daemon.pid, stop: () => daemon.stop() };
      }),
    );
  }
  return figures;
}

export const footprintScenario: Scenario = {
  name: 'footprint',
  description: `RSS idle and under load (${workers} clients publishing 1 KiB to a pushed topic), per Node flag set, against the bare node:http server in the same run`,
  async run(ctx): Promise<ScenarioReport> {
    const raw: Figures[][] = [];
    for (let run = 0; run < ctx.settings.runs; run++) raw.push(await oneRun(ctx));
    return { name: this.name, description: this.description, metrics: metricsOf(raw), raw };
  },
};

function metricsOf(raw: Figures[][]): Metric[] {
  const of = (variant: string, f: (x: Figures) => number | null): (number | null)[] => raw.map((run) => { const x = run.find((y) => y.variant === variant); return x === undefined ? null : f(x); });
  const ratio = (variant: string, key: 'idleMiB' | 'loadedMiB', base = 'bare node:http server'): (number | null)[] =>
    raw.map((run) => {
      const bare = run.find((x) => x.variant === base)?.[key];
      const daemon = run.find((x) => x.variant === variant)?.[key];
      return bare === undefined || bare === null || daemon === undefined || daemon === null ? null : Math.round((daemon / bare) * 100) / 100;
    });
  const metrics: Metric[] = [
    { label: 'RSS idle, image flags ÷ bare node:http server', unit: '×', values: ratio('image flags', 'idleMiB'), target: { op: '<=', value: 1.3 } },
    { label: 'RSS loaded, image flags ÷ bare node:http server', unit: '×', values: ratio('image flags', 'loadedMiB'), target: { op: '<=', value: 2.5 } },
    { label: 'RSS idle, no flags ÷ bare node:http server', unit: '×', values: ratio('no flags', 'idleMiB') },
    { label: 'RSS loaded, no flags ÷ bare node:http server', unit: '×', values: ratio('no flags', 'loadedMiB') },
    { label: 'RSS idle, image flags ÷ bare node:http server, CommonJS', unit: '×', values: ratio('image flags', 'idleMiB', commonjsBare) },
  ];
  const names = raw[0]?.map((x) => x.variant) ?? [];
  for (const name of names) {
    metrics.push(
      { label: `${name}: RSS idle`, unit: 'MiB', values: of(name, (x) => x.idleMiB) },
      { label: `${name}: RSS loaded`, unit: 'MiB', values: of(name, (x) => x.loadedMiB) },
      { label: `${name}: publishes under load`, unit: 'req/s', values: of(name, (x) => x.rate) },
    );
  }
  return metrics;
}
