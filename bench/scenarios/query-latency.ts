/**
 * Query (issue 3): added latency and sidecar CPU. Open loop at 1,000 req/s over 16 connections,
 * POST with a 1 KiB JSON body answered 200 with 1 KiB, to the target three ways in every run —
 * direct, through Outrigger (/v1/query/t/...), through nginx, and through a minimal Node proxy
 * (query-node-proxy.ts, for reference) — in an order that rotates from run to run. Added latency = route minus direct, per run, at p50 and p99 (coordinated-omission
 * corrected, from the scheduled send instant). CPU: utime+stime of the proxy process from
 * /proc/<pid>/stat before and after each fixed-rate run, as mCPU per 1,000 req/s.
 */
import { watchCpu, type ApiContext, type ApiScenario } from '../lib/grpc-harness.js';
import type { LoadResult } from '../lib/load-types.js';
import { openLoop } from '../lib/open-loop.js';
import type { Metric, ScenarioReport } from '../lib/report.js';
import { sleep } from './context.js';
import { spinUsFor } from './latency.js';
import { queryBody, queryHeaders, startQuerySetup, warmUp, warmUpMs, type Route, type RouteKey } from './query-common.js';

/** BENCH_QUERY_RATE: another fixed rate, as a diagnostic (the targets apply at 1,000 req/s only). */
const rate = Number(process.env.BENCH_QUERY_RATE ?? 1_000);
const atTargetRate = rate === 1_000;
const connections = 16;

interface RouteRun {
  load: LoadResult;
  /** Average cores used during the run by the route's own process, the target, and the generator. */
  cores: { route: number | null; target: number | null; generator: number | null };
  /** mCPU of the route's process per 1,000 req/s actually served. */
  mcpuPer1k: number | null;
}

interface Raw {
  run: number;
  order: RouteKey[];
  routes: Partial<Record<RouteKey, RouteRun>>;
}

function load(ctx: ApiContext, route: Route, durationMs: number): Promise<LoadResult> {
  return openLoop({
    origin: route.origin,
    rate,
    connections,
    durationMs,
    spinUs: spinUsFor(ctx),
    make: () => ({ path: route.path, headers: queryHeaders, body: queryBody }),
  });
}

async function measured(ctx: ApiContext, route: Route, targetPid: number): Promise<RouteRun> {
  const watch = watchCpu({ route: route.pid, target: targetPid, self: process.pid });
  const result = await load(ctx, route, ctx.settings.durationMs);
  const { cores } = watch.stop();
  const routeCores = cores.route ?? null;
  return {
    load: result,
    cores: { route: routeCores, target: cores.target ?? null, generator: cores.self ?? null },
    mcpuPer1k: routeCores === null || result.achievedRate === 0 ? null : Math.round((routeCores * 1_000 * 1_000) / result.achievedRate),
  };
}

export const queryLatencyScenario: ApiScenario = {
  name: 'query-latency',
  description: `query: open loop ${rate} req/s, ${connections} connections, POST 1 KiB → 200 with 1 KiB; direct to a node:http target vs through Outrigger (/v1/query/t/...) vs through nginx (keep-alive upstream) vs a minimal Node proxy (reference); CPU of the proxy from /proc/<pid>/stat`,
  async run(ctx): Promise<ScenarioReport> {
    if (!Number.isFinite(rate) || rate <= 0) throw new Error(`BENCH_QUERY_RATE must be a positive number, got '${process.env.BENCH_QUERY_RATE}'`);
    const setup = await startQuerySetup(ctx);
    const raw: Raw[] = [];
    const extra: Record<string, unknown> = { nginx: setup.nginx?.version ?? setup.nginxProblem };
    try {
      await warmUp(setup.routes, warmUpMs(ctx));
      for (const route of setup.routes) await load(ctx, route, ctx.settings.warmupMs);
      // What the sidecar costs doing nothing, for reference.
      const idle = watchCpu({ daemon: setup.outrigger.daemon.pid });
      await sleep(ctx.settings.quick ? 1_000 : 5_000);
      extra.outriggerIdleMcpu = Math.round((idle.stop().cores.daemon ?? NaN) * 1_000);
      for (let run = 0; run < ctx.settings.runs; run++) {
        const order = setup.routes.map((_, k) => setup.routes[(k + run) % setup.routes.length]!);
        const routes: Raw['routes'] = {};
        for (const route of order) {
          const startNs = process.hrtime.bigint();
          const r = await measured(ctx, route, setup.target.pid);
          if (route.key === 'outrigger') setup.outrigger.mark(`Outrigger at ${rate} req/s`, startNs, process.hrtime.bigint());
          routes[route.key] = r;
          ctx.log(
            `query-latency run ${run + 1} ${route.key}: p50 ${r.load.latency.p50Us} µs, p99 ${r.load.latency.p99Us} µs, p99.9 ${r.load.latency.p999Us} µs, ok ${r.load.ok}/${r.load.sent}, ` +
              `${route.key} process ${r.cores.route} cores (${r.mcpuPer1k} mCPU per 1k req/s), target ${r.cores.target}, generator ${r.cores.generator}`,
          );
        }
        raw.push({ run, order: order.map((r) => r.key), routes });
      }
    } finally {
      const profile = await setup.stop();
      if (profile !== null) extra.profile = profile;
    }
    if (typeof extra.profile === 'string') ctx.log(`query-latency daemon profile:\n${extra.profile}`);
    return { name: this.name, description: this.description, metrics: metricsOf(raw), raw: [extra, ...raw] };
  },
};

function metricsOf(raw: Raw[]): Metric[] {
  const pick = (key: RouteKey, f: (r: RouteRun) => number | null): (number | null)[] => raw.map((run) => (run.routes[key] === undefined ? null : f(run.routes[key])));
  const added = (key: RouteKey, f: (r: LoadResult) => number): (number | null)[] =>
    raw.map((run) => (run.routes[key] === undefined || run.routes.direct === undefined ? null : f(run.routes[key].load) - f(run.routes.direct.load)));
  const p50 = (r: LoadResult): number => r.latency.p50Us;
  const p99 = (r: LoadResult): number => r.latency.p99Us;
  const errors = (r: RouteRun): number => r.load.sent - r.load.ok;
  return [
    { label: 'direct p50', unit: 'µs', values: pick('direct', (r) => r.load.latency.p50Us) },
    { label: 'direct p99', unit: 'µs', values: pick('direct', (r) => r.load.latency.p99Us) },
    { label: 'direct p99.9', unit: 'µs', values: pick('direct', (r) => r.load.latency.p999Us) },
    { label: 'Outrigger p50', unit: 'µs', values: pick('outrigger', (r) => r.load.latency.p50Us) },
    { label: 'Outrigger p99', unit: 'µs', values: pick('outrigger', (r) => r.load.latency.p99Us) },
    { label: 'Outrigger added p50', unit: 'µs', values: added('outrigger', p50), ...(atTargetRate ? { target: { op: '<=', value: 250 } as const } : {}) },
    { label: 'Outrigger added p90', unit: 'µs', values: added('outrigger', (r) => r.latency.p90Us) },
    { label: 'Outrigger added p99', unit: 'µs', values: added('outrigger', p99), ...(atTargetRate ? { target: { op: '<=', value: 1_000 } as const } : {}) },
    { label: 'Outrigger p99.9', unit: 'µs', values: pick('outrigger', (r) => r.load.latency.p999Us) },
    { label: 'Outrigger added p99.9', unit: 'µs', values: added('outrigger', (r) => r.latency.p999Us) },
    { label: 'Outrigger CPU per 1,000 req/s', unit: 'mCPU', values: pick('outrigger', (r) => r.mcpuPer1k), ...(atTargetRate ? { target: { op: '<=', value: 100 } as const } : {}) },
    { label: 'Outrigger non-2xx/errors', unit: '', values: pick('outrigger', errors) },
    { label: 'nginx p50', unit: 'µs', values: pick('nginx', (r) => r.load.latency.p50Us) },
    { label: 'nginx p99', unit: 'µs', values: pick('nginx', (r) => r.load.latency.p99Us) },
    { label: 'nginx added p50', unit: 'µs', values: added('nginx', p50) },
    { label: 'nginx added p99', unit: 'µs', values: added('nginx', p99) },
    { label: 'nginx added p99.9', unit: 'µs', values: added('nginx', (r) => r.latency.p999Us) },
    { label: 'nginx worker CPU per 1,000 req/s', unit: 'mCPU', values: pick('nginx', (r) => r.mcpuPer1k) },
    { label: 'reference Node proxy p50', unit: 'µs', values: pick('nodeProxy', (r) => r.load.latency.p50Us) },
    { label: 'reference Node proxy added p50', unit: 'µs', values: added('nodeProxy', p50) },
    { label: 'reference Node proxy added p99', unit: 'µs', values: added('nodeProxy', p99) },
    { label: 'reference Node proxy added p99.9', unit: 'µs', values: added('nodeProxy', (r) => r.latency.p999Us) },
    { label: 'reference Node proxy CPU per 1,000 req/s', unit: 'mCPU', values: pick('nodeProxy', (r) => r.mcpuPer1k) },
    { label: 'target CPU per 1,000 req/s (direct runs)', unit: 'mCPU', values: pick('direct', (r) => r.mcpuPer1k) },
    { label: 'Outrigger achieved rate', unit: 'req/s', values: pick('outrigger', (r) => r.load.achievedRate) },
    { label: 'generator send lag p99 (direct runs)', unit: 'µs', values: pick('direct', (r) => r.load.sendLag.p99Us) },
  ];
}
