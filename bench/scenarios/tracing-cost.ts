/**
 * Tracing (issue 19): what spans cost a sidecar. Three daemons side by side in every run, alike
 * but for tracing: off, on sampling 100 % (always_on), on sampling 1 % (traceidratio 0.01), the
 * last two exporting over OTLP/HTTP with the default batch settings to a sink process that drops
 * what it gets. Requests carry no traceparent, so the sidecar makes the sampling decision.
 * Open loop at 1,000 req/s over 16 connections for each of:
 *   query    POST /v1/query/t/items/42, 1 KiB each way, to the query target (a server span, a
 *            query span, an attempt span per request); direct to the target as the baseline
 *   publish  POST /v1/publish/audit, 1 KiB JSON, a topic without subscribers (a server span
 *            and a producer span per request)
 * Reported: p50/p99 per variant, what tracing adds over off, and the daemon's CPU (utime+stime
 * from /proc) per 1,000 requests. The order of the routes rotates from run to run.
 */
import { fileURLToPath } from 'node:url';
import { watchCpu, startApiDaemon, type ApiContext, type ApiDaemon, type ApiScenario } from '../lib/grpc-harness.js';
import type { LoadResult } from '../lib/load-types.js';
import { openLoop } from '../lib/open-loop.js';
import { jsonOfSize } from '../lib/payloads.js';
import type { Metric, ScenarioReport } from '../lib/report.js';
import { rssMiB } from '../lib/proc.js';
import { startServerProcess, type ServerProcess } from '../lib/server-process.js';
import { spinUsFor } from './latency.js';
import { queryBody, queryHeaders, startTarget, warmUp, warmUpMs } from './query-common.js';

const rate = 1_000;
const connections = 16;
const variants = ['off', 'on100', 'on1'] as const;
type Variant = (typeof variants)[number];
type RouteKey = 'direct' | `${'query' | 'publish'}-${Variant}`;

const publishBody = Buffer.from(jsonOfSize(1_024, { order: 42, customer: 'c-42', currency: 'EUR' }));
const publishHeaders = { 'content-type': 'application/json', 'ce-type': 'bench.Audited' };
const sinkMain = fileURLToPath(new URL('./otlp-sink-server.js', import.meta.url));

interface Route {
  key: RouteKey;
  origin: string;
  path: string;
  pid: number;
  body: Buffer;
  headers: Record<string, string>;
}

interface RouteRun {
  p50Us: number;
  p99Us: number;
  ok: number;
  sent: number;
  mcpuPer1k: number | null;
}

type Raw = { run: number; order: RouteKey[]; routes: Partial<Record<RouteKey, RouteRun>> };

function config(targetOrigin: string, variant: Variant, sinkOrigin: string): string {
  const tracing =
    variant === 'off'
      ? ''
      : `tracing: { endpoint: ${sinkOrigin}, sampler: ${variant === 'on100' ? 'always_on' : 'traceidratio'}, samplerArg: ${variant === 'on100' ? 1 : 0.01} }\n`;
  return `# written by bench/scenarios/tracing-cost.ts
app: { id: bench-tracing-${variant} }
brokers: { local: { driver: embedded } }
topics: { audit: {} }
targets:
  t: { url: ${targetOrigin} }
${tracing}`;
}

function load(ctx: ApiContext, route: Route, durationMs: number): Promise<LoadResult> {
  return openLoop({ origin: route.origin, rate, connections, durationMs, spinUs: spinUsFor(ctx), make: () => ({ path: route.path, headers: route.headers, body: route.body }) });
}

async function measured(ctx: ApiContext, route: Route): Promise<RouteRun> {
  const watch = watchCpu({ route: route.pid });
  const result = await load(ctx, route, ctx.settings.durationMs);
  const cores = watch.stop().cores.route ?? null;
  return {
    p50Us: result.latency.p50Us,
    p99Us: result.latency.p99Us,
    ok: result.ok,
    sent: result.sent,
    mcpuPer1k: cores === null || result.achievedRate === 0 ? null : Math.round((cores * 1_000 * 1_000) / result.achievedRate),
  };
}

async function droppedSpans(daemon: ApiDaemon): Promise<string> {
  const text = await (await fetch(`${daemon.daemon.adminOrigin}/metrics`)).text();
  return text.split('\n').filter((line) => line.startsWith('outrigger_trace_spans_dropped_total')).join('; ') || 'none';
}

export const tracingCostScenario: ApiScenario = {
  name: 'tracing-cost',
  description: `tracing off vs on (100 % and 1 % sampled, OTLP/HTTP to a sink): open loop ${rate} req/s, ${connections} connections; query POST 1 KiB → 1 KiB (baseline: direct to the target) and publish 1 KiB to a topic without subscribers; CPU of the daemon from /proc/<pid>/stat`,
  async run(ctx): Promise<ScenarioReport> {
    const core = ctx.pinning.serverCore;
    const target = await startTarget(core);
    const sink: ServerProcess = await startServerProcess(core, sinkMain, ['0'], 'OTLP sink');
    const daemons = new Map<Variant, ApiDaemon>();
    const raw: Raw[] = [];
    const extra: Record<string, unknown> = {};
    try {
      for (const variant of variants) daemons.set(variant, await startApiDaemon(ctx, config(target.origin, variant, sink.origin)));
      // Resident memory at rest, before any request: what loading the SDK (or not) costs.
      for (const [variant, daemon] of daemons) extra[`rssMiB-idle-${variant}`] = rssMiB(daemon.daemon.pid);
      const routes: Route[] = [{ key: 'direct', origin: target.origin, path: '/items/42', pid: target.pid, body: queryBody, headers: queryHeaders }];
      for (const [variant, daemon] of daemons) {
        const { origin, pid } = daemon.daemon;
        routes.push({ key: `query-${variant}`, origin, path: '/v1/query/t/items/42', pid, body: queryBody, headers: queryHeaders });
        routes.push({ key: `publish-${variant}`, origin, path: '/v1/publish/audit', pid, body: publishBody, headers: publishHeaders });
      }
      await warmUp(routes.filter((r) => r.key === 'direct' || r.key.startsWith('query')), warmUpMs(ctx));
      for (const route of routes) await load(ctx, route, ctx.settings.warmupMs);
      for (let run = 0; run < ctx.settings.runs; run++) {
        const order = routes.map((_, k) => routes[(k + run) % routes.length]!);
        const results: Raw['routes'] = {};
        for (const route of order) {
          const r = await measured(ctx, route);
          results[route.key] = r;
          ctx.log(`tracing-cost run ${run + 1} ${route.key}: p50 ${r.p50Us} µs, p99 ${r.p99Us} µs, ok ${r.ok}/${r.sent}, ${r.mcpuPer1k} mCPU per 1k`);
        }
        raw.push({ run, order: order.map((r) => r.key), routes: results });
      }
      for (const [variant, daemon] of daemons) {
        extra[`dropped-${variant}`] = await droppedSpans(daemon);
        extra[`rssMiB-after-${variant}`] = rssMiB(daemon.daemon.pid);
      }
      extra.sink = await (await fetch(`${sink.origin}/count`)).json();
      ctx.log(`tracing-cost: spans dropped ${JSON.stringify(extra)}`);
    } finally {
      for (const daemon of daemons.values()) await daemon.stop();
      await sink.stop();
      await target.stop();
    }
    return { name: this.name, description: this.description, metrics: metricsOf(raw), raw: [extra, ...raw] };
  },
};

function metricsOf(raw: Raw[]): Metric[] {
  const pick = (key: RouteKey, f: (r: RouteRun) => number | null): (number | null)[] => raw.map((run) => (run.routes[key] === undefined ? null : f(run.routes[key])));
  const minus = (key: RouteKey, base: RouteKey, f: (r: RouteRun) => number | null): (number | null)[] =>
    raw.map((run) => {
      const a = run.routes[key];
      const b = run.routes[base];
      const x = a === undefined ? null : f(a);
      const y = b === undefined ? null : f(b);
      return x === null || y === null ? null : x - y;
    });
  const metrics: Metric[] = [];
  for (const kind of ['query', 'publish'] as const) {
    for (const variant of variants) {
      const key: RouteKey = `${kind}-${variant}`;
      const label = `${kind} tracing ${variant === 'off' ? 'off' : variant === 'on100' ? 'on 100 %' : 'on 1 %'}`;
      if (kind === 'query') {
        metrics.push({ label: `${label} added p50 (vs direct)`, unit: 'µs', values: minus(key, 'direct', (r) => r.p50Us) });
        metrics.push({ label: `${label} added p99 (vs direct)`, unit: 'µs', values: minus(key, 'direct', (r) => r.p99Us) });
      } else {
        metrics.push({ label: `${label} p50`, unit: 'µs', values: pick(key, (r) => r.p50Us) });
        metrics.push({ label: `${label} p99`, unit: 'µs', values: pick(key, (r) => r.p99Us) });
      }
      metrics.push({ label: `${label} CPU per 1,000 req`, unit: 'mCPU', values: pick(key, (r) => r.mcpuPer1k) });
      if (variant !== 'off') {
        const off: RouteKey = `${kind}-off`;
        metrics.push({ label: `${label}: tracing adds p50`, unit: 'µs', values: minus(key, off, (r) => r.p50Us) });
        metrics.push({ label: `${label}: tracing adds p99`, unit: 'µs', values: minus(key, off, (r) => r.p99Us) });
        metrics.push({ label: `${label}: tracing adds CPU per 1,000 req`, unit: 'mCPU', values: minus(key, off, (r) => r.mcpuPer1k) });
      }
      metrics.push({ label: `${label} errors`, unit: '', values: pick(key, (r) => r.sent - r.ok) });
    }
  }
  return metrics;
}
