/**
 * What the query scenarios share: the target server process (query-target-server.ts), the
 * daemon configured with one direct-HTTP target `t` pointing at it (default policy), nginx
 * proxying to the same target, and the three routes a request can take to it:
 *   direct    POST {target}/items/42
 *   outrigger POST {daemon}/v1/query/t/items/42
 *   nginx     POST {nginx}/items/42
 *   nodeProxy POST {node proxy}/items/42   (query-node-proxy.ts 'buffer': the least a Node proxy does
 *             working as Outrigger does — request body read whole, response streamed; for reference)
 *   nodeProxyWhole (query-throughput only) the same with both bodies read whole, as Outrigger reads
 *             answers of known length up to 64 KiB: the strictest Node reference
 * Every request carries a 1 KiB JSON body and gets the target's 1 KiB JSON answer back.
 * Pinning: the generator on core 0; target, daemon, nginx and the Node proxy on core 1 (they take turns there,
 * as a sidecar and its app share a pod's CPU).
 */
import { fileURLToPath } from 'node:url';
import { closedLoop } from '../lib/closed-loop.js';
import { startApiDaemon, type ApiContext, type ApiDaemon } from '../lib/grpc-harness.js';
import { startNginx, type Nginx } from '../lib/nginx.js';
import { jsonOfSize } from '../lib/payloads.js';
import { startServerProcess, type ServerProcess } from '../lib/server-process.js';

export const queryBody = Buffer.from(jsonOfSize(1_024, { sku: 42, customer: 'c-42', currency: 'EUR' }));
export const queryHeaders = { 'content-type': 'application/json' };

export type RouteKey = 'direct' | 'outrigger' | 'nginx' | 'nodeProxy' | 'nodeProxyWhole';

export interface Route {
  key: RouteKey;
  origin: string;
  path: string;
  /** The process doing the proxying (or, for direct, the target): its CPU time is what the route costs. */
  pid: number;
}

export type TargetServer = ServerProcess;

const targetMain = fileURLToPath(new URL('./query-target-server.js', import.meta.url));
const nodeProxyMain = fileURLToPath(new URL('./query-node-proxy.js', import.meta.url));

export function startTarget(core: number | null): Promise<TargetServer> {
  return startServerProcess(core, targetMain, ['0'], 'query target server');
}

/** The reference Node proxies of query-node-proxy.ts; 'buffer' is the one that works as Outrigger does. */
export const proxyModes = ['buffer', 'stream', 'buffer-both', 'node-http', 'local'] as const;
export type ProxyMode = (typeof proxyModes)[number];

export function startNodeProxy(core: number | null, targetOrigin: string, mode: ProxyMode = 'buffer'): Promise<TargetServer> {
  return startServerProcess(core, nodeProxyMain, [targetOrigin, mode], `reference Node proxy (${mode})`);
}

export function queryConfig(targetOrigin: string): string {
  return `# written by bench/scenarios/query-common.ts
app: { id: bench-query }
brokers: { local: { driver: embedded } }
targets:
  t: { url: ${targetOrigin} }   # the default policy: 30 s timeout, retries (not for this POST), breaker, bulkhead 100
`;
}

export interface QuerySetup {
  target: TargetServer;
  outrigger: ApiDaemon;
  nginx: Nginx | null;
  nodeProxy: TargetServer;
  nodeProxyWhole: TargetServer | null;
  /** Why nginx is missing, when it is. */
  nginxProblem: string | null;
  routes: Route[];
  stop(): Promise<string | null>;
}

export async function startQuerySetup(ctx: ApiContext, options: { wholeBodyProxy?: boolean } = {}): Promise<QuerySetup> {
  const core = ctx.pinning.serverCore;
  const target = await startTarget(core);
  const outrigger = await startApiDaemon(ctx, queryConfig(target.origin));
  let nginx: Nginx | null = null;
  let nginxProblem: string | null = null;
  try {
    nginx = await startNginx(target.origin, core);
  } catch (err) {
    nginxProblem = (err as Error).message.split('\n')[0]!;
    ctx.log(`nginx left out: ${nginxProblem}`);
  }
  const routes: Route[] = [
    { key: 'direct', origin: target.origin, path: '/items/42', pid: target.pid },
    { key: 'outrigger', origin: outrigger.daemon.origin, path: '/v1/query/t/items/42', pid: outrigger.daemon.pid },
  ];
  if (nginx !== null) routes.push({ key: 'nginx', origin: nginx.origin, path: '/items/42', pid: nginx.workerPid });
  const nodeProxy = await startNodeProxy(core, target.origin);
  routes.push({ key: 'nodeProxy', origin: nodeProxy.origin, path: '/items/42', pid: nodeProxy.pid });
  const nodeProxyWhole = options.wholeBodyProxy === true ? await startNodeProxy(core, target.origin, 'buffer-both') : null;
  if (nodeProxyWhole !== null) routes.push({ key: 'nodeProxyWhole', origin: nodeProxyWhole.origin, path: '/items/42', pid: nodeProxyWhole.pid });
  return {
    target,
    outrigger,
    nginx,
    nodeProxy,
    nodeProxyWhole,
    nginxProblem,
    routes,
    async stop() {
      const profile = await outrigger.stop();
      await nginx?.stop();
      await nodeProxy.stop();
      await nodeProxyWhole?.stop();
      await target.stop();
      return profile;
    },
  };
}

/**
 * Closed-loop load (32 workers) on each route for `ms` before anything is measured, so every
 * server's hot paths are optimised by the JIT (a sidecar in production is warm; a few thousand
 * requests are not enough for Node to settle — the CPU per request keeps falling for longer).
 */
export async function warmUp(routes: ReadonlyArray<{ origin: string; path: string }>, ms: number): Promise<void> {
  for (const route of routes) await closedLoop({ origin: route.origin, workers: 32, durationMs: ms, make: () => ({ path: route.path, headers: queryHeaders, body: queryBody }) });
}

/** The warm-up per route: 5 s (BENCH_QUICK: 1 s). */
export function warmUpMs(ctx: ApiContext): number {
  return ctx.settings.quick ? 1_000 : 5_000;
}
