/**
 * Query (issue 3), diagnostic: what does proxying cost a Node.js process on this machine, before
 * anything Outrigger adds? Closed loop, 32 workers, POST 1 KiB → 200 with 1 KiB, side by side in
 * each run (order rotating): the target alone; a node:http server answering by itself (`local`,
 * no upstream); the reference Node proxies of query-node-proxy.ts (`node-http`, undici `stream`,
 * `buffer`, `buffer-both`); and Outrigger. Reported: CPU time of the serving process per request
 * (utime+stime from /proc/<pid>/stat over the run / requests served) and req/s.
 */
import { closedLoop } from '../lib/closed-loop.js';
import { startApiDaemon, watchCpu, type ApiContext, type ApiScenario } from '../lib/grpc-harness.js';
import type { LoadResult } from '../lib/load-types.js';
import type { Metric, ScenarioReport } from '../lib/report.js';
import { proxyModes, queryBody, queryConfig, queryHeaders, startNodeProxy, startTarget, warmUp, warmUpMs, type TargetServer } from './query-common.js';

const workers = 32;

interface Variant {
  key: string;
  label: string;
  origin: string;
  path: string;
  pid: number;
}

interface VariantRun {
  load: LoadResult;
  cores: number | null;
  targetCores: number | null;
  cpuUsPerRequest: number | null;
}

type Raw = Record<string, VariantRun>;

const labels: Record<string, string> = {
  direct: 'target alone (node:http, answers 1 KiB)',
  local: 'node:http server answering by itself, no upstream',
  'node-http': 'Node proxy, node:http client, bodies piped',
  stream: 'Node proxy, undici, bodies streamed',
  buffer: 'Node proxy, undici, request buffered, response streamed',
  'buffer-both': 'Node proxy, undici, both bodies buffered',
  outrigger: 'Outrigger /v1/query/t/...',
};

export const queryNodeFloorScenario: ApiScenario = {
  name: 'query-node-floor',
  description: `query diagnostic: CPU per proxied request, closed loop ${workers} workers, POST 1 KiB → 200 with 1 KiB: the target alone, a bare node:http server, minimal Node proxies (node:http client; undici streamed / request buffered / both buffered) and Outrigger`,
  async run(ctx: ApiContext): Promise<ScenarioReport> {
    const core = ctx.pinning.serverCore;
    const target = await startTarget(core);
    const proxies: TargetServer[] = [];
    const outrigger = await startApiDaemon(ctx, queryConfig(target.origin));
    const raw: Raw[] = [];
    try {
      const variants: Variant[] = [{ key: 'direct', label: labels.direct!, origin: target.origin, path: '/items/42', pid: target.pid }];
      for (const mode of proxyModes) {
        const proxy = await startNodeProxy(core, target.origin, mode);
        proxies.push(proxy);
        variants.push({ key: mode, label: labels[mode]!, origin: proxy.origin, path: '/items/42', pid: proxy.pid });
      }
      variants.push({ key: 'outrigger', label: labels.outrigger!, origin: outrigger.daemon.origin, path: '/v1/query/t/items/42', pid: outrigger.daemon.pid });
      const load = (v: Variant, durationMs: number): Promise<LoadResult> => closedLoop({ origin: v.origin, workers, durationMs, make: () => ({ path: v.path, headers: queryHeaders, body: queryBody }) });
      await warmUp(variants, warmUpMs(ctx));
      for (let run = 0; run < ctx.settings.runs; run++) {
        const results: Raw = {};
        for (let k = 0; k < variants.length; k++) {
          const v = variants[(k + run) % variants.length]!;
          const watch = watchCpu({ serving: v.pid, target: target.pid });
          const startNs = process.hrtime.bigint();
          const result = await load(v, ctx.settings.durationMs);
          if (v.key === 'outrigger') outrigger.mark('Outrigger closed loop', startNs, process.hrtime.bigint());
          const { cores } = watch.stop();
          const serving = cores.serving ?? null;
          const cpuUsPerRequest = serving === null || result.achievedRate === 0 ? null : Math.round((serving * 1e6) / result.achievedRate);
          results[v.key] = { load: result, cores: serving, targetCores: v.key === 'direct' || v.key === 'local' ? null : (cores.target ?? null), cpuUsPerRequest };
          ctx.log(`query-node-floor run ${run + 1} ${v.key}: ${result.achievedRate} req/s, ${serving} cores → ${cpuUsPerRequest} µs CPU per request; ok ${result.ok}/${result.completed}`);
        }
        raw.push(results);
      }
    } finally {
      const profile = await outrigger.stop();
      for (const proxy of proxies) await proxy.stop();
      await target.stop();
      if (profile !== null) ctx.log(`query-node-floor daemon profile:\n${profile}`);
    }
    return { name: this.name, description: this.description, metrics: metricsOf(raw), raw };
  },
};

function metricsOf(raw: Raw[]): Metric[] {
  const keys = Object.keys(labels);
  return keys.flatMap((key): Metric[] => [
    { label: `${labels[key]}: CPU per request`, unit: 'µs', values: raw.map((r) => r[key]?.cpuUsPerRequest ?? null) },
    { label: `${labels[key]}: throughput`, unit: 'req/s', values: raw.map((r) => r[key]?.load.achievedRate ?? null) },
  ]);
}
