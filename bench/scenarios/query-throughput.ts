/**
 * Query (issue 3): maximum throughput through Outrigger relative to direct. Closed loop, 32
 * workers (one connection each), POST 1 KiB → 200 with 1 KiB, direct / through Outrigger /
 * through nginx / through two minimal Node proxies (references: response streamed, and both bodies
 * read whole), order rotating per run. Issue 18's targets are ratios of the same run: Outrigger ≥ 0.9×
 * the minimal Node proxy and ≥ 0.5× nginx. With the generator on core 0, the target alone has
 * core 1 in the direct runs, and shares it with the proxy in the others: the ratio says how
 * much of that core the proxy's work takes from the target.
 */
import { closedLoop } from '../lib/closed-loop.js';
import { watchCpu, type ApiContext, type ApiScenario } from '../lib/grpc-harness.js';
import type { LoadResult } from '../lib/load-types.js';
import type { Metric, ScenarioReport } from '../lib/report.js';
import { queryBody, queryHeaders, startQuerySetup, warmUp, warmUpMs, type Route, type RouteKey } from './query-common.js';

const workers = 32;

interface RouteRun {
  load: LoadResult;
  cores: Record<string, number | null>;
}

interface Raw {
  run: number;
  order: RouteKey[];
  routes: Partial<Record<RouteKey, RouteRun>>;
}

function load(route: Route, durationMs: number): Promise<LoadResult> {
  return closedLoop({ origin: route.origin, workers, durationMs, make: () => ({ path: route.path, headers: queryHeaders, body: queryBody }) });
}

export const queryThroughputScenario: ApiScenario = {
  name: 'query-throughput',
  description: `query: closed loop, ${workers} workers, POST 1 KiB → 200 with 1 KiB; direct vs through Outrigger vs through nginx`,
  async run(ctx: ApiContext): Promise<ScenarioReport> {
    const setup = await startQuerySetup(ctx, { wholeBodyProxy: true });
    const raw: Raw[] = [];
    const extra: Record<string, unknown> = { nginx: setup.nginx?.version ?? setup.nginxProblem };
    try {
      await warmUp(setup.routes, warmUpMs(ctx));
      for (let run = 0; run < ctx.settings.runs; run++) {
        const order = setup.routes.map((_, k) => setup.routes[(k + run) % setup.routes.length]!);
        const routes: Raw['routes'] = {};
        for (const route of order) {
          const watch = watchCpu({ route: route.pid, target: setup.target.pid, self: process.pid });
          const startNs = process.hrtime.bigint();
          const result = await load(route, ctx.settings.durationMs);
          if (route.key === 'outrigger') setup.outrigger.mark('Outrigger closed loop', startNs, process.hrtime.bigint());
          const { cores } = watch.stop();
          routes[route.key] = { load: result, cores };
          ctx.log(`query-throughput run ${run + 1} ${route.key}: ${result.achievedRate} req/s, p99 ${result.latency.p99Us} µs, ok ${result.ok}/${result.completed}, cores ${JSON.stringify(cores)}`);
        }
        raw.push({ run, order: order.map((r) => r.key), routes });
      }
    } finally {
      const profile = await setup.stop();
      if (profile !== null) extra.profile = profile;
    }
    if (typeof extra.profile === 'string') ctx.log(`query-throughput daemon profile:\n${extra.profile}`);
    return { name: this.name, description: this.description, metrics: metricsOf(raw), raw: [extra, ...raw] };
  },
};

/** CPU time of the route's process per request served. */
function perRequest(r: RouteRun): number | null {
  const cores = r.cores.route;
  return cores === null || cores === undefined || r.load.achievedRate === 0 ? null : Math.round((cores * 1e6) / r.load.achievedRate);
}

function metricsOf(raw: Raw[]): Metric[] {
  const pick = (key: RouteKey, f: (r: RouteRun) => number | null): (number | null)[] => raw.map((run) => (run.routes[key] === undefined ? null : f(run.routes[key])));
  const ratio = (key: RouteKey): (number | null)[] =>
    raw.map((run) => {
      const a = run.routes[key]?.load.achievedRate;
      const d = run.routes.direct?.load.achievedRate;
      return a === undefined || d === undefined || d === 0 ? null : Math.round((1_000 * a) / d) / 10;
    });
  // Outrigger's rate over a reference's, each pair from the same run.
  const versus = (key: RouteKey): (number | null)[] =>
    raw.map((run) => {
      const a = run.routes.outrigger?.load.achievedRate;
      const b = run.routes[key]?.load.achievedRate;
      return a === undefined || b === undefined || b === 0 ? null : Math.round((100 * a) / b) / 100;
    });
  return [
    { label: 'direct', unit: 'req/s', values: pick('direct', (r) => r.load.achievedRate) },
    { label: 'through Outrigger', unit: 'req/s', values: pick('outrigger', (r) => r.load.achievedRate) },
    { label: 'through Outrigger / direct', unit: '%', values: ratio('outrigger') },
    { label: 'through nginx', unit: 'req/s', values: pick('nginx', (r) => r.load.achievedRate) },
    { label: 'through nginx / direct', unit: '%', values: ratio('nginx') },
    { label: 'through the reference Node proxy', unit: 'req/s', values: pick('nodeProxy', (r) => r.load.achievedRate) },
    { label: 'through the reference Node proxy / direct', unit: '%', values: ratio('nodeProxy') },
    { label: 'through the Node proxy reading both bodies whole', unit: 'req/s', values: pick('nodeProxyWhole', (r) => r.load.achievedRate) },
    { label: 'Outrigger ÷ reference Node proxy', unit: '×', values: versus('nodeProxy'), target: { op: '>=', value: 0.9 } },
    { label: 'Outrigger ÷ Node proxy reading both bodies whole', unit: '×', values: versus('nodeProxyWhole'), target: { op: '>=', value: 0.9 } },
    { label: 'Outrigger ÷ nginx', unit: '×', values: versus('nginx'), target: { op: '>=', value: 0.5 } },
    { label: 'direct p99', unit: 'µs', values: pick('direct', (r) => r.load.latency.p99Us) },
    { label: 'through Outrigger p99', unit: 'µs', values: pick('outrigger', (r) => r.load.latency.p99Us) },
    { label: 'through nginx p99', unit: 'µs', values: pick('nginx', (r) => r.load.latency.p99Us) },
    { label: 'Outrigger non-2xx/errors', unit: '', values: pick('outrigger', (r) => r.load.completed - r.load.ok) },
    { label: 'Outrigger process CPU (Outrigger runs)', unit: 'cores', values: pick('outrigger', (r) => r.cores.route ?? null) },
    { label: 'target CPU (Outrigger runs)', unit: 'cores', values: pick('outrigger', (r) => r.cores.target ?? null) },
    { label: 'generator CPU (Outrigger runs)', unit: 'cores', values: pick('outrigger', (r) => r.cores.self ?? null) },
    { label: 'Outrigger CPU per request (closed loop)', unit: 'µs', values: pick('outrigger', perRequest) },
    { label: 'nginx worker CPU per request (closed loop)', unit: 'µs', values: pick('nginx', perRequest) },
    { label: 'reference Node proxy CPU per request (closed loop)', unit: 'µs', values: pick('nodeProxy', perRequest) },
    { label: 'Node proxy reading both bodies whole, CPU per request (closed loop)', unit: 'µs', values: pick('nodeProxyWhole', perRequest) },
    { label: 'target CPU per request (direct runs)', unit: 'µs', values: pick('direct', perRequest) },
  ];
}
